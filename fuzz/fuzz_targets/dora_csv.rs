//! Bytes as a DORA deployments export (`okrlint dora --deployments FILE`): the metrics
//! crate's reader and engine, then the input error (if any) rendered as the binary shows it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use okrlint_core::dora::{DoraInputs, DoraOptions};
use okrlint_core::render::{input_error, HumanStyle};

fuzz_target!(|data: &[u8]| {
    let dir = okrlint_fuzz::fresh_dir("dora");
    let path = dir.join("deployments.csv");
    std::fs::write(&path, data).expect("write csv");
    let inputs = DoraInputs {
        deployments: path,
        changes: None,
        incidents: None,
    };
    match okrlint_metrics::dora::compute(&inputs, &DoraOptions::default()) {
        Ok(_) => {}
        Err(error) => {
            okrlint_fuzz::assert_input_error(&error, data);
            let _ = input_error(&error, okrlint_fuzz::registry(), HumanStyle::plain());
        }
    }
});
