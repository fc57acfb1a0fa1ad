//! The NRR family: rules on the plan and catalog (`plan`) and on computed figures (`data`).

pub mod data;
pub mod plan;
