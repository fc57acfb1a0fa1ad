//! Metrics computed from raw CSV exports with polars. This side produces plain data
//! (`NrrReport`, …); the rules side turns that data into findings without knowing how it
//! was computed.

pub mod day;
pub mod dora;
pub mod input;
pub mod money;
pub mod month;
pub mod nrr;

pub use input::InputError;
pub use month::Month;
