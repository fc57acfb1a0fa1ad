//! okrlint in a team's tools: CI formats (GitLab, JUnit, SARIF fingerprints, the GitHub step
//! summary), statistics, quiet and file output, standard input, completions, the man page,
//! the rule pages, and output that fits the terminal.

mod common;

use common::{command, run};
use serde_json::Value;

const EXAMPLES: &[&str] = &["check", "examples", "--no-config", "--fail-on", "never"];

fn check(extra: &[&str]) -> (i32, String, String) {
    let mut args = EXAMPLES.to_vec();
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn gitlab_code_quality_has_the_fields_gitlab_reads() {
    let (code, out, _) = check(&["--format", "gitlab"]);
    assert_eq!(code, 0);
    let issues: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert!(issues.len() > 10);
    let mut fingerprints = std::collections::BTreeSet::new();
    for issue in &issues {
        for field in ["description", "check_name", "fingerprint", "severity"] {
            assert!(issue[field].is_string(), "{field} in {issue}");
        }
        assert!(issue["location"]["path"].is_string());
        assert!(issue["location"]["lines"]["begin"].is_u64());
        assert!(["info", "minor", "major", "critical", "blocker"]
            .contains(&issue["severity"].as_str().unwrap()));
        fingerprints.insert(issue["fingerprint"].as_str().unwrap().to_string());
    }
    assert_eq!(fingerprints.len(), issues.len(), "fingerprints are unique");
}

#[test]
fn junit_is_testsuites_of_testcases_with_failures() {
    let (_, out, _) = check(&["--format", "junit"]);
    let doc = roxmltree::Document::parse(&out).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let (_, json, _) = check(&["--format", "json"]);
    let json: Value = serde_json::from_str(&json).unwrap();
    let findings = json["findings"].as_array().unwrap().len();
    let mut failures = 0;
    for suite in root.children().filter(|n| n.is_element()) {
        assert_eq!(suite.tag_name().name(), "testsuite");
        assert!(suite.attribute("name").is_some());
        for case in suite.children().filter(|n| n.is_element()) {
            assert_eq!(case.tag_name().name(), "testcase");
            failures += case
                .children()
                .filter(|n| n.is_element() && n.tag_name().name() == "failure")
                .count();
        }
    }
    assert_eq!(failures, findings);
    assert_eq!(
        root.attribute("failures"),
        Some(findings.to_string().as_str())
    );
}

#[test]
fn sarif_fingerprints_survive_a_line_move_and_rules_link_to_their_pages() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["growth.toml", "metrics.toml"] {
        std::fs::copy(format!("examples/{name}"), dir.path().join(name)).unwrap();
    }
    let plan = dir.path().join("growth.toml");
    let sarif = |path: &std::path::Path| -> Value {
        let (_, out, _) = run(&[
            "check",
            path.to_str().unwrap(),
            "--no-config",
            "--format",
            "sarif",
            "--docs-url",
            "https://example.org/okrlint/rules",
        ]);
        serde_json::from_str(&out).unwrap()
    };
    let fingerprints = |doc: &Value| -> Vec<(String, String)> {
        let mut list: Vec<_> = doc["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["ruleId"].as_str().unwrap().to_string(),
                    r["partialFingerprints"]["okrlint/v1"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                )
            })
            .collect();
        list.sort();
        list
    };
    let before = sarif(&plan);
    let text = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(
        &plan,
        format!("# a comment that moves every line\n\n{text}"),
    )
    .unwrap();
    let after = sarif(&plan);
    assert_eq!(fingerprints(&before), fingerprints(&after));
    let driver = &after["runs"][0]["tool"]["driver"];
    assert_eq!(
        driver["informationUri"],
        "https://example.org/okrlint/rules"
    );
    for rule in driver["rules"].as_array().unwrap() {
        let uri = rule["helpUri"].as_str().unwrap();
        let page = uri.rsplit('/').next().unwrap();
        assert!(
            std::path::Path::new("docs/rules").join(page).exists(),
            "{uri}"
        );
    }
}

#[test]
fn the_rule_pages_are_in_sync_with_the_rules() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(&["docs", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let mut generated = 0;
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap();
        let shipped = std::fs::read_to_string(std::path::Path::new("docs/rules").join(name))
            .unwrap_or_default();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            shipped,
            "docs/rules/{} is stale: run `okrlint docs`",
            name.to_string_lossy()
        );
        generated += 1;
    }
    assert_eq!(std::fs::read_dir("docs/rules").unwrap().count(), generated);
}

#[test]
fn github_format_appends_a_summary_when_the_job_has_one() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    let out = command()
        .args(EXAMPLES)
        .args(["--format", "github"])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("::"));
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(text.starts_with("### okrlint"), "{text}");
    assert!(text.contains("| file | line | severity | rule | message |"));
}

#[test]
fn statistics_quiet_and_output_file() {
    let (_, stats, _) = check(&["--statistics"]);
    let first = stats.lines().next().unwrap();
    let count: usize = first.split_whitespace().next().unwrap().parse().unwrap();
    assert!(count >= 1, "{stats}");
    let (code, quiet, _) = run(&["check", "examples", "--no-config", "--quiet"]);
    assert_eq!((code, quiet.as_str()), (1, ""), "quiet keeps the exit code");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.json");
    let (_, stdout, _) = check(&["--format", "json", "--output-file", file.to_str().unwrap()]);
    assert_eq!(stdout, "");
    let report: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    assert!(report["summary"]["findings"].as_u64().unwrap() > 10);
}

#[test]
fn a_plan_on_standard_input_is_read_as_its_stdin_filename() {
    let text = std::fs::read_to_string("fixtures/rules/OU001/bad.toml").unwrap();
    let out = command()
        .args([
            "check",
            "-",
            "--stdin-filename",
            "plans/OKR.toml",
            "--no-config",
        ])
        .args(["--format", "concise", "--select", "OU001"])
        .write_stdin(text)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("plans/OKR.toml:"), "{stdout}");
    assert!(stdout.contains("warning OU001"), "{stdout}");
    let markdown = "## Q1 2026\n\n### Grow\n\n- Ship the checklist\n";
    let out = command()
        .args(["check", "-", "--stdin-filename", "notes.md", "--no-config"])
        .args(["--format", "concise", "--fail-on", "never"])
        .write_stdin(markdown)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("notes.md:5:3:"));
}

#[test]
fn completions_for_every_shell_and_a_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (code, out, _) = run(&["completions", shell]);
        assert_eq!(code, 0, "{shell}");
        assert!(out.contains("okrlint") && out.contains("check"), "{shell}");
    }
    let (code, man, _) = run(&["man"]);
    assert_eq!(code, 0);
    assert!(
        man.starts_with(".ie") || man.contains(".TH okrlint"),
        "{}",
        &man[..200]
    );
}

#[test]
fn human_output_fits_80_and_uses_200_columns() {
    let width = |columns: &str| {
        let out = command()
            .args([
                "check",
                "fixtures/rules/ME002/bad.toml",
                "--no-config",
                "--color",
                "never",
            ])
            .env("COLUMNS", columns)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let narrow = width("80");
    assert!(narrow.lines().all(|l| l.chars().count() <= 80), "{narrow}");
    insta::assert_snapshot!("human_80_columns", narrow);
    let wide = width("200");
    assert!(
        wide.lines().any(|l| l.chars().count() > 100),
        "the width is used"
    );
    insta::assert_snapshot!("human_200_columns", wide);
    let (_, rules, _) = {
        let out = command()
            .args(["rules"])
            .env("COLUMNS", "80")
            .output()
            .unwrap();
        (0, String::from_utf8_lossy(&out.stdout).into_owned(), ())
    };
    assert!(rules.lines().all(|l| l.chars().count() <= 80), "{rules}");
}
