//! Bytes as an `okrlint.toml`: parsed and validated directly, then governing a `check` of the
//! growth example (`check DIR --config FILE`), with every renderer run on the report.
#![no_main]

use libfuzzer_sys::fuzz_target;
use okrlint_core::config;
use okrlint_core::lint::LintOptions;

fuzz_target!(|data: &[u8]| {
    let registry = okrlint_fuzz::registry();
    if let Ok(text) = std::str::from_utf8(data) {
        let mut hits = Vec::new();
        let parsed = config::parse(0, text, std::path::PathBuf::from("."), &mut hits);
        config::validate(&parsed, registry, 0, &mut hits);
        for hit in &hits {
            assert!(
                hit.span.start <= hit.span.end && hit.span.end <= text.len(),
                "config hit {:?} span {:?} outside the file ({} bytes)",
                hit.rule,
                hit.span,
                text.len()
            );
        }
    }
    let dir = okrlint_fuzz::fresh_dir("config");
    okrlint_fuzz::write_example(&dir);
    let path = dir.join("okrlint.toml");
    std::fs::write(&path, data).expect("write config");
    let options = LintOptions {
        paths: vec![dir.clone()],
        config_path: Some(path),
        today: Some(okrlint_fuzz::today()),
        ..LintOptions::default()
    };
    // An `Err` stops the run before any file is read (an unreadable config or rules
    // directory, a glob too large): the binary prints it and exits 2; it must not panic.
    let _ = okrlint_fuzz::check(&options);
});
