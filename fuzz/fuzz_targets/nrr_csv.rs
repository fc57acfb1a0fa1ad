//! Bytes as an NRR billing export (`okrlint nrr FILE`): the metrics crate's reader and
//! engine, then the input error (if any) rendered as the binary shows it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use okrlint_core::nrr::NrrOptions;
use okrlint_core::render::{input_error, HumanStyle};

fuzz_target!(|data: &[u8]| {
    let dir = okrlint_fuzz::fresh_dir("nrr");
    let path = dir.join("billing.csv");
    std::fs::write(&path, data).expect("write csv");
    match okrlint_metrics::nrr::compute(&path, &NrrOptions::default()) {
        Ok(_) => {}
        Err(error) => {
            okrlint_fuzz::assert_input_error(&error, data);
            let _ = input_error(&error, okrlint_fuzz::registry(), HumanStyle::plain());
        }
    }
});
