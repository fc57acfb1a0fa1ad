//! okrlint's engines: figures computed from raw exports with polars, returned as the core's
//! plain figures (`okrlint_core::nrr::NrrFigures`, `okrlint_core::dora::DoraFigures`).
//!
//! - [`cells`]: the CSV-cell layer both engines share (read, locate, intern, repeats);
//! - [`nrr`]: MRR movements, NRR and GRR from subscription periods or snapshots;
//! - [`dora`]: the DORA keys from deployments, changes and incidents.
//!
//! [`PolarsEngine`] is the core's [`Engine`] port implemented with them.

pub mod cells;
pub mod dora;
pub mod nrr;

use std::path::Path;

use okrlint_core::dora::{DoraFigures, DoraInputs, DoraOptions};
use okrlint_core::engine::{Engine, InputError};
use okrlint_core::nrr::{NrrFigures, NrrOptions};

/// The engines behind the core's port.
pub struct PolarsEngine;

impl Engine for PolarsEngine {
    fn nrr(&self, path: &Path, options: &NrrOptions) -> Result<NrrFigures, InputError> {
        nrr::compute(path, options)
    }

    fn dora(&self, inputs: &DoraInputs, options: &DoraOptions) -> Result<DoraFigures, InputError> {
        dora::compute(inputs, options)
    }
}
