//! okrlint's core: read files → typed model with spans → rules → findings → renderers.
//!
//! Depends on neither polars nor clap. Figures computed from data come in through the
//! [`engine::Engine`] port as plain data ([`nrr::NrrFigures`], [`dora::DoraFigures`]).
//! `ARCHITECTURE.md` at the repository's top level is the map.

pub mod calendar;
pub mod config;
pub mod diagnostic;
pub mod dora;
pub mod engine;
pub mod language;
pub mod lint;
pub mod model;
pub mod money;
pub mod nrr;
pub mod par;
pub mod registry;
pub mod render;
pub mod rules;
pub mod source;
pub mod suggest;
pub mod words;
