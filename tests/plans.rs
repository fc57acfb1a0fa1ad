//! Plans where teams keep them: Markdown files (real public OKR documents in
//! `fixtures/markdown/`) and YAML, read by `check` and shown by `convert`.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::run;
use serde_json::Value;

/// The Markdown fixtures that are plans (EXPECTED.toml lists them with their plans).
fn plan_fixtures() -> Vec<String> {
    let expected: toml::Table =
        toml::from_str(&std::fs::read_to_string("fixtures/markdown/EXPECTED.toml").unwrap())
            .unwrap();
    expected["file"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f.get("plan")
                .is_some_and(|p| !p.as_array().unwrap().is_empty())
        })
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect()
}

fn snapshot_name(path: &str) -> String {
    path.split('/').next().unwrap().replace(['.', '-'], "_")
}

#[test]
fn every_markdown_fixture_converts_and_checks() {
    let fixtures = plan_fixtures();
    assert!(fixtures.len() >= 12, "at least 12 real plan files");
    for path in fixtures {
        let full = format!("fixtures/markdown/{path}");
        let (code, json, stderr) = run(&["convert", &full, "--to", "json", "--no-config"]);
        assert_eq!(code, 0, "{path}: {stderr}");
        insta::assert_snapshot!(format!("convert_{}", snapshot_name(&path)), json);
        let (code, concise, stderr) = run(&[
            "check",
            &full,
            "--format",
            "concise",
            "--no-config",
            "--fail-on",
            "never",
        ]);
        assert_eq!(code, 0, "{path}: {stderr}");
        insta::assert_snapshot!(format!("check_{}", snapshot_name(&path)), concise);
    }
}

#[test]
fn convert_lines_point_at_each_key_result_s_text() {
    // Markup the reader strips from a title (emphasis, code, links' brackets).
    let plain = |text: &str| -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in text.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                _ if in_tag || "*_`~[]".contains(c) => {}
                _ => out.push(c),
            }
        }
        out
    };
    let mut checked = 0;
    for path in plan_fixtures() {
        let full = format!("fixtures/markdown/{path}");
        let text = std::fs::read_to_string(&full).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let (_, json, _) = run(&["convert", &full, "--to", "json", "--no-config"]);
        let json: Value = serde_json::from_str(&json).unwrap();
        for plan in json["plans"].as_array().unwrap() {
            for objective in plan["objectives"].as_array().unwrap() {
                for kr in objective["key_results"].as_array().unwrap() {
                    let line = kr["line"].as_u64().unwrap() as usize;
                    let column = kr["column"].as_u64().unwrap() as usize;
                    let title = kr["title"].as_str().unwrap();
                    // The text at line:column starts with the title's first word, and the
                    // rest of its words follow on that line.
                    let at: String = lines[line - 1].chars().skip(column - 1).collect();
                    let mut words = title.split_whitespace();
                    let first = plain(words.next().unwrap_or(""));
                    assert!(
                        plain(&at).starts_with(&first),
                        "{path}:{line}:{column} is not the start of {title:?}: {at:?}"
                    );
                    if let Some(second) = words.next() {
                        assert!(
                            plain(&at).contains(&plain(second)),
                            "{path}:{line}:{column} {title:?}: {at:?}"
                        );
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 300, "{checked} key results checked");
}

#[test]
fn readmes_changelogs_and_docs_are_never_read_as_plans() {
    let (code, _, stderr) = run(&["check", "fixtures/markdown/not-plans", "--no-config"]);
    assert_eq!(code, 2, "a folder with no plan is an error: {stderr}");
    assert!(stderr.contains("no plan or catalog found"), "{stderr}");
    let (code, json, _) = run(&[
        "check",
        "fixtures/markdown/not-plans",
        "--format",
        "json",
        "--no-config",
        "--allow-empty",
    ]);
    assert_eq!(code, 0);
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["summary"]["files"], 0, "{json}");
    // Walking the whole fixture tree reads plan-named and marked files only.
    let (_, json, _) = run(&[
        "check",
        "fixtures/markdown",
        "--format",
        "json",
        "--no-config",
        "--fail-on",
        "never",
    ]);
    let json: Value = serde_json::from_str(&json).unwrap();
    let files: std::collections::BTreeSet<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert!(!files.is_empty());
    for file in &files {
        assert!(!file.contains("not-plans"), "{file} was read as a plan");
        let name = Path::new(file)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .to_lowercase();
        assert!(
            name.starts_with("okr") || name == "objectives" || name == "goals",
            "{file} is not named like a plan and has no marker"
        );
    }
}

#[test]
fn a_marker_or_an_include_glob_makes_any_markdown_file_a_plan() {
    let dir = tempfile::tempdir().unwrap();
    let plan = "## Q1 2026\n\n### Grow usage\n\n- Publish 5 blog posts\n";
    std::fs::write(dir.path().join("notes.md"), plan).unwrap();
    std::fs::write(
        dir.path().join("marked.md"),
        format!("<!-- okrlint: plan -->\n{plan}"),
    )
    .unwrap();
    let path = dir.path().to_str().unwrap();
    let (_, json, _) = run(&[
        "check",
        path,
        "--format",
        "json",
        "--no-config",
        "--fail-on",
        "never",
    ]);
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["summary"]["files"], 1, "only the marked file: {json}");
    std::fs::write(
        dir.path().join("okrlint.toml"),
        "include = [\"notes.md\"]\n",
    )
    .unwrap();
    let (_, json, _) = run(&[
        "check",
        path,
        "--format",
        "json",
        "--config",
        dir.path().join("okrlint.toml").to_str().unwrap(),
        "--fail-on",
        "never",
    ]);
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["summary"]["files"], 2, "include adds notes.md: {json}");
}

#[test]
fn markdown_allow_comments_suppress_and_report_unused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("OKR.md");
    std::fs::write(
        &file,
        "## Q1 2026\n\n### Grow usage\n\n<!-- okrlint: allow(OU003) -->\n- Publish 5 blog posts\n- Hold 3 AMAs <!-- okrlint: allow(FO001) -->\n",
    )
    .unwrap();
    let (_, concise, _) = run(&[
        "check",
        file.to_str().unwrap(),
        "--format",
        "concise",
        "--no-config",
        "--fail-on",
        "never",
    ]);
    let on_line = |line: usize| {
        concise
            .lines()
            .any(|l| l.contains(&format!("OKR.md:{line}:")) && l.contains("OU003"))
    };
    assert!(!on_line(6), "{concise}");
    assert!(on_line(7), "{concise}");
    assert!(concise.contains(":7:15: info SC008"), "{concise}");
}

/// (code, objective, key result) of every finding, counted.
fn finding_keys(json: &str) -> BTreeMap<(String, String, String), usize> {
    let json: Value = serde_json::from_str(json).unwrap();
    let mut keys = BTreeMap::new();
    for f in json["findings"].as_array().unwrap() {
        let key = (
            f["code"].as_str().unwrap().to_string(),
            f["objective"].as_str().unwrap_or("").to_string(),
            f["key_result"].as_str().unwrap_or("").to_string(),
        );
        *keys.entry(key).or_default() += 1;
    }
    keys
}

#[test]
fn the_examples_in_yaml_give_the_same_findings_as_in_toml() {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir("examples").unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    let delivery = dir.path().join("delivery");
    std::fs::create_dir(&delivery).unwrap();
    for entry in std::fs::read_dir("examples/delivery").unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, delivery.join(path.file_name().unwrap())).unwrap();
    }
    let check = |path: &Path| {
        run(&[
            "check",
            path.to_str().unwrap(),
            "--format",
            "json",
            "--no-config",
            "--fail-on",
            "never",
        ])
        .1
    };
    let toml_findings = finding_keys(&check(dir.path()));
    assert!(toml_findings.len() > 10);
    for plan in ["growth", "platform", "customer-success"] {
        let toml = dir.path().join(format!("{plan}.toml"));
        let (code, yaml, stderr) = run(&[
            "convert",
            toml.to_str().unwrap(),
            "--to",
            "yaml",
            "--no-config",
        ]);
        assert_eq!(code, 0, "{stderr}");
        std::fs::write(dir.path().join(format!("{plan}.yaml")), yaml).unwrap();
        std::fs::remove_file(toml).unwrap();
    }
    assert_eq!(finding_keys(&check(dir.path())), toml_findings);
}

#[test]
fn toml_to_yaml_to_toml_round_trips_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    // The plans name their catalog by a relative path.
    std::fs::copy("examples/metrics.toml", dir.path().join("metrics.toml")).unwrap();
    for plan in ["growth", "platform", "customer-success", "metrics"] {
        let source = format!("examples/{plan}.toml");
        let (_, direct, _) = run(&["convert", &source, "--to", "toml", "--no-config"]);
        let (_, yaml, _) = run(&["convert", &source, "--to", "yaml", "--no-config"]);
        let yaml_path = dir.path().join(format!("{plan}.yaml"));
        std::fs::write(&yaml_path, yaml).unwrap();
        let (code, back, stderr) = run(&[
            "convert",
            yaml_path.to_str().unwrap(),
            "--to",
            "toml",
            "--no-config",
        ]);
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(back, direct, "{plan}");
    }
}

#[test]
fn malformed_yaml_exits_2_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plan.yaml");
    std::fs::write(&file, "objective:\n  - id: O1\n    title: [unclosed\n").unwrap();
    let (code, concise, _) = run(&[
        "check",
        file.to_str().unwrap(),
        "--format",
        "concise",
        "--no-config",
    ]);
    assert_eq!(code, 2);
    assert!(
        concise.contains("plan.yaml:4:1: error SC001 invalid YAML"),
        "{concise}"
    );
    std::fs::write(&file, "objective:\n  - id: O1\n    titel: Grow\n").unwrap();
    let (code, concise, _) = run(&[
        "check",
        file.to_str().unwrap(),
        "--format",
        "concise",
        "--no-config",
    ]);
    assert_eq!(code, 2);
    assert!(
        concise.contains("plan.yaml:3:5: error SC002 unknown key `titel`"),
        "{concise}"
    );
}

/// The (code, objective, key result) of every finding, as a set: a file with several plans
/// reports a plan-level finding at one place once, and the same plans written one per file
/// report it per file.
fn finding_set(json: &str) -> std::collections::BTreeSet<(String, String, String)> {
    finding_keys(json).into_keys().collect()
}

#[test]
fn markdown_plans_converted_to_toml_and_yaml_check_the_same() {
    let mut compared = 0;
    for path in plan_fixtures() {
        let full = format!("fixtures/markdown/{path}");
        let (_, json, _) = run(&[
            "check",
            &full,
            "--no-config",
            "--format",
            "json",
            "--fail-on",
            "never",
        ]);
        let markdown = finding_set(&json);
        for to in ["toml", "yaml"] {
            let dir = tempfile::tempdir().unwrap();
            let (code, _, err) = run(&[
                "convert",
                &full,
                "--to",
                to,
                "--no-config",
                "--out-dir",
                dir.path().to_str().unwrap(),
            ]);
            assert_eq!(code, 0, "{path} → {to}: {err}");
            // FO005 asks only TOML and YAML plans for `[team] capacity`: Markdown has no place
            // to write it, so the converted plan is asked and the Markdown one is not.
            let (_, json, _) = run(&[
                "check",
                dir.path().to_str().unwrap(),
                "--no-config",
                "--format",
                "json",
                "--fail-on",
                "never",
                "--ignore",
                "FO005",
            ]);
            let converted = finding_set(&json);
            assert_eq!(
                markdown
                    .symmetric_difference(&converted)
                    .collect::<Vec<_>>(),
                Vec::<&(String, String, String)>::new(),
                "{path} as {to} checks differently"
            );
            compared += 1;
        }
    }
    assert!(compared >= 40, "{compared}");
}

#[test]
fn convert_to_markdown_reads_back_as_the_same_plan() {
    let dir = tempfile::tempdir().unwrap();
    let (code, md, err) = run(&[
        "convert",
        "examples/growth.toml",
        "--to",
        "md",
        "--no-config",
    ]);
    assert_eq!(code, 0, "{err}");
    let path = dir.path().join("OKR.md");
    std::fs::write(&path, &md).unwrap();
    let titles = |json: &str| -> Vec<String> {
        let json: Value = serde_json::from_str(json).unwrap();
        json["plans"][0]["objectives"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|o| {
                std::iter::once(o["title"].as_str().unwrap_or("").to_string()).chain(
                    o["key_results"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|k| k["title"].as_str().unwrap_or("").to_string()),
                )
            })
            .collect()
    };
    let (_, original, _) = run(&[
        "convert",
        "examples/growth.toml",
        "--to",
        "json",
        "--no-config",
    ]);
    let (_, back, _) = run(&[
        "convert",
        path.to_str().unwrap(),
        "--to",
        "json",
        "--no-config",
    ]);
    assert_eq!(titles(&original), titles(&back), "{md}");
}

#[test]
fn yaml_type_errors_suggestions_and_catalogs_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.yaml");
    std::fs::write(
        &plan,
        "team:\n  name: Growth\n  north_star: weekly_active_teams\n  metrics: metrics.yml\nobjective:\n  - id: O1\n    title: Teams succeed\n    onwer: maria\n    key_result:\n      - id: O1.KR1\n        title: Grow weekly active teams from 1,200 to 2,000\n        metric: weekly_active_teams\n        baseline: \"1200\"\n        target: 2000\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("metrics.yml"),
        "metric:\n  - id: weekly_active_teams\n    name: Weekly active teams\n    kind: outcom\n",
    )
    .unwrap();
    let (code, concise, _) = run(&[
        "check",
        plan.to_str().unwrap(),
        "--format",
        "concise",
        "--no-config",
    ]);
    assert_eq!(code, 2, "{concise}");
    assert!(
        concise.contains("plan.yaml:8:5: error SC002 unknown key `onwer`"),
        "{concise}"
    );
    let (_, human, _) = run(&[
        "check",
        plan.to_str().unwrap(),
        "--no-config",
        "--passages",
        "none",
    ]);
    assert!(human.contains("did you mean `owner`?"), "{human}");
    assert!(
        concise.contains("plan.yaml:13:19: error SC003"),
        "baseline as a string: {concise}"
    );
    assert!(
        concise.contains("metrics.yml:4:11: error") && concise.contains("outcom"),
        "the catalog is read and checked: {concise}"
    );
    // One mistake, one finding: the misspelt owner does not also draw "no owner".
    assert!(!concise.contains("ME002"), "{concise}");
}

#[test]
fn exclude_globs_keep_plans_out_of_a_walk_and_check_dot_reads_only_plans() {
    let dir = tempfile::tempdir().unwrap();
    let plan = "## Q1 2026\n\n### Grow usage @maria\n\n- Publish 5 blog posts\n";
    std::fs::create_dir_all(dir.path().join("archive")).unwrap();
    std::fs::create_dir_all(dir.path().join("docs")).unwrap();
    std::fs::write(dir.path().join("OKR.md"), plan).unwrap();
    std::fs::write(dir.path().join("archive/OKR.md"), plan).unwrap();
    std::fs::write(
        dir.path().join("README.md"),
        "# Project\n\n## Goals\n\n- Ship v2\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("CHANGELOG.md"),
        "## 1.0\n\n- Added things\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("docs/guide.md"),
        "## Objectives\n\n- Learn\n",
    )
    .unwrap();
    let files = |args: &[&str]| {
        let mut all = vec!["check", "."];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--format", "json", "--fail-on", "never"]);
        let out = common::command()
            .current_dir(dir.path())
            .args(&all)
            .output()
            .unwrap();
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut paths: Vec<String> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["file"].as_str().unwrap().to_string())
            .collect();
        paths.sort();
        paths.dedup();
        (json["summary"]["files"].as_u64().unwrap(), paths)
    };
    let (count, paths) = files(&["--no-config"]);
    assert_eq!(
        count, 2,
        "OKR.md and archive/OKR.md, never README, CHANGELOG or docs: {paths:?}"
    );
    std::fs::write(
        dir.path().join("okrlint.toml"),
        "exclude = [\"archive/**\"]\n",
    )
    .unwrap();
    let (count, paths) = files(&[]);
    assert_eq!(count, 1, "{paths:?}");
    assert_eq!(paths, vec!["OKR.md".to_string()]);
}
