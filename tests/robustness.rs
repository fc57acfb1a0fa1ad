//! Bad and adversarial input: okrlint answers with a located error and exit 2, never a panic,
//! a hang or an unbounded read, and never drops what it does not use without saying so.

mod common;

use common::run;

fn dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn a_line_too_wide_to_draw_is_quoted_not_drawn() {
    let d = dir();
    let file = d.path().join("plan.toml");
    let wide = " ".repeat(70_000);
    std::fs::write(
        &file,
        format!("[[objective]]\nid = \"O1\"\ntitle = \"T\"\n{wide}owner = 3\n"),
    )
    .unwrap();
    let (code, out, err) = run(&[
        "check",
        file.to_str().unwrap(),
        "--no-config",
        "--color",
        "never",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        out.contains("plan.toml:4:70009: "),
        "the finding says where it is"
    );
    assert!(out.contains("owner = 3"), "and quotes the text around it");
}

#[test]
fn a_glob_too_large_to_compile_is_an_error_not_a_panic() {
    let d = dir();
    let config = d.path().join("okrlint.toml");
    std::fs::write(
        &config,
        format!(
            "[per-file-ignores]\n\"{}\" = [\"ME\"]\n",
            "?".repeat(200_000)
        ),
    )
    .unwrap();
    std::fs::copy("examples/growth.toml", d.path().join("growth.toml")).unwrap();
    std::fs::copy("examples/metrics.toml", d.path().join("metrics.toml")).unwrap();
    let (code, out, err) = run(&[
        "check",
        d.path().to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
        "--format",
        "concise",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(out.contains("error SC003 invalid glob"), "{out}");
}

#[test]
fn a_key_with_a_newline_cannot_forge_a_concise_line() {
    let d = dir();
    let file = d.path().join("plan.toml");
    std::fs::write(&file, "[[objective]]\nid = \"O1\"\ntitle = \"T\"\nowner = \"a\"\n\"evil\\nfake.toml:1:1: XX999 forged\" = 1\n").unwrap();
    let (_, out, _) = run(&[
        "check",
        file.to_str().unwrap(),
        "--no-config",
        "--format",
        "concise",
    ]);
    for line in out.lines() {
        assert!(line.contains("plan.toml:"), "a forged line: {line:?}");
    }
    assert!(out.contains("evil\\nfake.toml"), "{out}");
}

#[test]
fn devices_pipes_and_missing_files_are_refused_with_their_path() {
    let (code, out, _) = run(&["check", "/dev/zero", "--no-config", "--format", "concise"]);
    assert_eq!(code, 2);
    assert!(out.contains("/dev/zero is not a regular file"), "{out}");
    let (code, out, _) = run(&[
        "check",
        "no/such/plan.toml",
        "--no-config",
        "--format",
        "concise",
    ]);
    assert_eq!(code, 2);
    assert!(out.contains("cannot read no/such/plan.toml"), "{out}");
    // A plan that is a symlink to a device, found by walking: reported, not read.
    let d = dir();
    std::os::unix::fs::symlink("/dev/zero", d.path().join("plan.toml")).unwrap();
    std::fs::copy("examples/metrics.toml", d.path().join("metrics.toml")).unwrap();
    let (code, out, _) = run(&[
        "check",
        d.path().to_str().unwrap(),
        "--no-config",
        "--format",
        "concise",
    ]);
    assert_eq!(code, 2);
    assert!(out.contains("is not a regular file"), "{out}");
    let (code, _, err) = run(&["check", "examples", "--config", "/dev/zero"]);
    assert_eq!(code, 2);
    assert!(err.contains("/dev/zero is not a regular file"), "{err}");
}

#[test]
fn a_rules_directory_holding_a_fifo_is_refused_not_waited_on() {
    let d = dir();
    let fifo = d.path().join("house.toml");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    let (code, _, err) = run(&[
        "check",
        "examples",
        "--no-config",
        "--rules",
        d.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("is not a regular file"), "{err}");
}

#[test]
fn allow_comments_accept_names_families_and_tight_spacing_and_report_unknown_ones() {
    let d = dir();
    let file = d.path().join("plan.toml");
    std::fs::write(
        &file,
        "[[objective]]\nid = \"O1\"\ntitle = \"Grow\"\n\n\
         [[objective.key_result]]\nid = \"O1.KR1\" # okrlint:allow(measurability)\ntitle = \"Ship the checklist\" # okrlint: allow(output-verb-key-result, OU002)\n\
         due = 2026-03-31 # okrlint: allow(ME00X9)\n\n\
         [[objective.key_result]]\nid = \"O1.KR2\"\ntitle = \"Grow weekly active teams from 10 to 20\"\nowner = \"b\"\ndue = 2026-03-31\n",
    )
    .unwrap();
    let (_, out, _) = run(&[
        "check",
        file.to_str().unwrap(),
        "--no-config",
        "--format",
        "concise",
        "--fail-on",
        "never",
    ]);
    let on = |line: &str, code: &str| {
        out.lines()
            .any(|l| l.contains(&format!("plan.toml:{line}:")) && l.contains(code))
    };
    assert!(
        !on("7", " ME0"),
        "measurability allowed on line 7 by family: {out}"
    );
    assert!(!on("8", " OU001"), "allowed by rule name: {out}");
    assert!(
        !out.contains("allow(output-verb-key-result, OU002)` suppresses nothing"),
        "{out}"
    );
    assert!(
        !out.contains("allow(measurability)` suppresses nothing"),
        "ME002 was there to suppress: {out}"
    );
    assert!(
        out.contains("info SC008 `allow(ME00X9)` names no rule"),
        "{out}"
    );
}

#[test]
fn unknown_codes_in_per_file_ignores_are_reported() {
    let d = dir();
    let config = d.path().join("okrlint.toml");
    std::fs::write(&config, "[per-file-ignores]\n\"*.toml\" = [\"ME0002\"]\n").unwrap();
    std::fs::copy("examples/growth.toml", d.path().join("growth.toml")).unwrap();
    std::fs::copy("examples/metrics.toml", d.path().join("metrics.toml")).unwrap();
    let (code, out, _) = run(&[
        "check",
        d.path().to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
        "--format",
        "concise",
    ]);
    assert_eq!(code, 2);
    assert!(out.contains("error SC003 `ME0002` names no rule"), "{out}");
}

/// Issue 12: a year-1 date is a typo, not 24,000 months of output.
#[test]
fn dates_outside_the_accepted_years_are_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("billing.csv");
    std::fs::write(
        &csv,
        "customer_id,start_date,end_date,monthly_amount\na,0001-01-01,2024-03-01,10.00\n",
    )
    .unwrap();
    let (code, _, err) = run(&["nrr", csv.to_str().unwrap(), "--no-config"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("billing.csv:2:3")
            && err.contains("outside the years okrlint accepts (1900–2199)"),
        "{err}"
    );
    let deployments = dir.path().join("deployments.csv");
    std::fs::write(
        &deployments,
        "deploy_id,service,deployed_at,status\nd1,api,2400-04-01T10:00:00Z,success\n",
    )
    .unwrap();
    let (code, _, err) = run(&[
        "dora",
        "--deployments",
        deployments.to_str().unwrap(),
        "--no-config",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("deployments.csv:2:8") && err.contains("outside the years"),
        "{err}"
    );
    let (code, _, err) = run(&[
        "dora",
        "--deployments",
        "fixtures/dora/subsecond/deployments.csv",
        "--since",
        "0001-01-01",
        "--no-config",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("outside the years"), "{err}");
}

/// Issue 12 (found by the `config` fuzz target): a config's missing rules directory and a
/// config that is not UTF-8 are located in `okrlint.toml`, like any other config problem.
#[test]
fn a_missing_rules_directory_and_a_non_utf8_config_are_located() {
    let d = dir();
    std::fs::copy("examples/growth.toml", d.path().join("growth.toml")).unwrap();
    std::fs::copy("examples/metrics.toml", d.path().join("metrics.toml")).unwrap();
    let check = |config: &std::path::Path| {
        run(&[
            "check",
            d.path().join("growth.toml").to_str().unwrap(),
            "--config",
            config.to_str().unwrap(),
            "--format",
            "concise",
        ])
    };
    let missing = d.path().join("okrlint.toml");
    std::fs::write(&missing, "fail-on = \"error\"\nrules = [\"house-rules\"]\n").unwrap();
    let (code, out, err) = check(&missing);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        out.contains(
            "okrlint.toml:2:10: error SC009 rules directory `house-rules` is not a directory"
        ),
        "{out}{err}"
    );
    let latin1 = d.path().join("latin1.toml");
    std::fs::write(&latin1, b"fail-on = \"error\"\n# caf\xe9\n").unwrap();
    let (code, out, err) = check(&latin1);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        out.contains("latin1.toml:2:6: error SC001 the config file is not valid UTF-8"),
        "{out}{err}"
    );
}

/// Issue 12: a `--column` key that names no column or no file is a usage error with "did you
/// mean", never a mapping silently unused.
#[test]
fn column_mappings_that_name_nothing_are_usage_errors() {
    let deployments = "examples/delivery/deployments.csv";
    let dora = |column: &str| run(&["dora", "--deployments", deployments, "--column", column]);
    let (code, _, err) = dora("deployment.service=x");
    assert_eq!(code, 2);
    assert!(err.contains("`deployment` is not one of the files (deployments, changes, incidents) (did you mean `deployments`?)"), "{err}");
    let (code, _, err) = dora("foo.deploy_id=x");
    assert_eq!(code, 2);
    assert!(err.contains("`foo` is not one of the files"), "{err}");
    let (code, _, err) = dora("bogus=id");
    assert_eq!(code, 2);
    assert!(
        err.contains("`bogus` is not a column okrlint reads"),
        "{err}"
    );
    let (code, _, err) = dora("changes.deployed_at=x");
    assert_eq!(
        code, 2,
        "deployed_at is the deployments file's, not the changes file's"
    );
    assert!(
        err.contains("did you mean `changes.deploy_id`?") || err.contains("changes.committed_at"),
        "{err}"
    );
    // Mappings that name a real column of a real file are accepted.
    assert_eq!(dora("incidents.deploy_id=caused_by").0, 0);
    assert_eq!(dora("deployments.rework=rework").0, 0);
    let (code, _, err) = run(&["nrr", "examples/billing.csv", "--column", "custmer_id=x"]);
    assert_eq!(code, 2);
    assert!(err.contains("(did you mean `customer_id`?)"), "{err}");
    assert_eq!(
        run(&[
            "nrr",
            "examples/billing.csv",
            "--column",
            "customer_id=customer_id"
        ])
        .0,
        0
    );
}

/// Issue 12: a quoted cell that spans lines does not shift the line of a later error.
#[test]
fn a_quoted_newline_does_not_shift_later_error_lines() {
    let d = dir();
    let csv = d.path().join("q.csv");
    std::fs::write(
        &csv,
        "customer_id,start_date,end_date,monthly_amount\n\"acme\ninc\",2024-01-01,2024-03-01,5\nbeta,2024-13-01,,5\n",
    )
    .unwrap();
    let (code, _, err) = run(&["nrr", csv.to_str().unwrap(), "--color", "never"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("q.csv:4:6]"),
        "the bad date is on line 4:\n{err}"
    );
}
