//! Bytes as a `okrs.toml` plan: read, linted by every rule (no config, `NoEngine`), rendered in
//! every format. See `okrlint_fuzz::check` for the properties checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    okrlint_fuzz::plan_target("okrs.toml", data);
});
