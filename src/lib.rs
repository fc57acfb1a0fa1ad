//! okrlint: read files → typed model with spans → rules → findings → renderers.

pub mod check;
pub mod cli;
pub mod commands;
pub mod config;
pub mod dora_keys;
pub mod dora_tiers;
mod embedded;
pub mod finding;
pub mod metrics;
pub mod model;
pub mod render;
pub mod rules;
pub mod source;
mod suggest;
mod suppress;
