//! DORA in the core: the keys (one enum for the balance rules, the tiers and the engine),
//! DORA's performance tables by report year, and the plain figures the engine produces.

pub mod figures;
pub mod keys;
pub mod tiers;

pub use figures::{DoraFigures, DoraInputs, DoraOptions, GroupFigures, Half, WeekFigures, Window};
pub use keys::{DoraKey, Group};
pub use tiers::{benchmark, benchmarks, Benchmark};
