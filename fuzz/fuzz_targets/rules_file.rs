//! Bytes as the one `.toml` file of a `--rules DIR`: loaded into the registry, then used by a
//! `check` of the growth example (`check --rules DIR plan`), with every renderer run.
#![no_main]

use libfuzzer_sys::fuzz_target;
use okrlint_core::lint::LintOptions;

fuzz_target!(|data: &[u8]| {
    let dir = okrlint_fuzz::fresh_dir("rules");
    let rules = dir.join("rules");
    std::fs::create_dir_all(&rules).expect("rules dir");
    std::fs::write(rules.join("user.toml"), data).expect("write rule file");
    let mut registry = okrlint_fuzz::registry().clone();
    let loaded = registry.load_user_dir(&rules);
    if let Err(error) = &loaded {
        // A TOML syntax error names where it is.
        if error.contains("TOML parse error") {
            assert!(
                okrlint_fuzz::names_location(error),
                "TOML error without a location: {error}"
            );
        }
    }
    let plan = okrlint_fuzz::write_example(&dir);
    let options = LintOptions {
        paths: vec![plan],
        no_config: true,
        rules_dirs: vec![rules],
        today: Some(okrlint_fuzz::today()),
        ..LintOptions::default()
    };
    let result = okrlint_fuzz::check(&options);
    // The pipeline loads the directory the same way: the same verdict.
    assert_eq!(loaded.is_ok(), result.is_ok(), "{:?}", result.err());
});
