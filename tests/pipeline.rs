//! The pipeline's promises that no single command test shows: selection is known before the
//! detectors run (a deselected rule that needs data reads none), and the data rules' thresholds
//! come from okrlint.toml as well as from flags.

mod common;
use common::run;

/// A plan whose only KR names an NRR source that cannot be read as billing data.
fn plan_with_broken_source(dir: &std::path::Path) -> std::path::PathBuf {
    std::fs::write(dir.join("billing.csv"), "not,a,billing,export\n1,2,3,4\n").unwrap();
    let plan = dir.join("plan.toml");
    std::fs::write(
        &plan,
        "[team]\nname = \"CS\"\nnorth_star = \"nrr\"\nperiod = { start = 2026-01-01, end = 2026-03-31 }\n\n\
         [[objective]]\nid = \"O1\"\ntitle = \"Customers grow with us\"\nowner = \"noor\"\n\n\
         [[objective.key_result]]\nid = \"O1.KR1\"\ntitle = \"Raise NRR from 98% to 104%\"\nmetric = \"nrr\"\n\
         baseline = 0.98\ntarget = 1.04\nunit = \"ratio\"\nguardrails = [\"grr\"]\n\
         source = { path = \"billing.csv\", shape = \"periods\" }\n",
    )
    .unwrap();
    plan
}

#[test]
fn a_deselected_data_rule_reads_no_data() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan_with_broken_source(dir.path());
    let plan = plan.to_str().unwrap();
    // Selected (by default): the source is read, and its problem is an input error.
    let (code, out, _) = run(&["check", plan, "--no-config", "--format", "concise"]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains(" SC010 ") && out.contains("cannot recompute"),
        "{out}"
    );
    // Deselected: NR007's detector does not run, so the file is never opened.
    let (code, out, _) = run(&[
        "check",
        plan,
        "--no-config",
        "--format",
        "concise",
        "--select",
        "OU,ME",
    ]);
    assert!(!out.contains("SC010"), "{out}");
    assert_ne!(code, 2, "{out}");
}

#[test]
fn okrlint_toml_thresholds_reach_the_nrr_command() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "fixtures/rules/NR005/bad.csv";
    let (_, out, _) = run(&["nrr", csv, "--no-config", "--fail-on", "never"]);
    assert!(
        out.contains("warning NR005"),
        "the default 0.90 benchmark flags this file: {out}"
    );
    let config = dir.path().join("okrlint.toml");
    std::fs::write(&config, "[thresholds]\ngrr-benchmark = 0.10\n").unwrap();
    let (_, out, _) = run(&[
        "nrr",
        csv,
        "--config",
        config.to_str().unwrap(),
        "--fail-on",
        "never",
    ]);
    assert!(
        !out.contains("warning NR005"),
        "a 10% benchmark from okrlint.toml: {out}"
    );
    // A flag wins over the file.
    let (_, out, _) = run(&[
        "nrr",
        csv,
        "--config",
        config.to_str().unwrap(),
        "--grr-benchmark",
        "0.9",
        "--fail-on",
        "never",
    ]);
    assert!(out.contains("warning NR005"), "{out}");
}
