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

/// A TOML file as the JSON an editor's schema sees (dates as strings).
fn toml_as_json(text: &str) -> Value {
    fn convert(value: toml::Value) -> Value {
        match value {
            toml::Value::String(s) => Value::String(s),
            toml::Value::Integer(i) => Value::from(i),
            toml::Value::Float(f) => Value::from(f),
            toml::Value::Boolean(b) => Value::Bool(b),
            toml::Value::Datetime(d) => Value::String(d.to_string()),
            toml::Value::Array(items) => Value::Array(items.into_iter().map(convert).collect()),
            toml::Value::Table(table) => {
                Value::Object(table.into_iter().map(|(k, v)| (k, convert(v))).collect())
            }
        }
    }
    convert(toml::Value::Table(
        toml::from_str(text).expect("valid TOML"),
    ))
}

#[test]
fn the_shipped_schemas_are_current_and_every_example_validates() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, _) = run(&["schema", "--out-dir", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0);
    for name in ["okrlint-plan.schema.json", "okrlint-config.schema.json"] {
        assert_eq!(
            std::fs::read_to_string(dir.path().join(name)).unwrap(),
            std::fs::read_to_string(format!("schemas/{name}")).unwrap(),
            "schemas/{name} is stale: run `okrlint schema --out-dir schemas`"
        );
    }
    let load = |name: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(format!("schemas/{name}")).unwrap()).unwrap()
    };
    let plan = jsonschema::validator_for(&load("okrlint-plan.schema.json")).unwrap();
    let config = jsonschema::validator_for(&load("okrlint-config.schema.json")).unwrap();
    let mut files: Vec<std::path::PathBuf> =
        ["examples", "fixtures/precision", "src/commands/templates"]
            .iter()
            .flat_map(|d| std::fs::read_dir(d).unwrap())
            .map(|e| e.unwrap().path())
            .collect();
    for entry in std::fs::read_dir("fixtures/rules").unwrap() {
        let good = entry.unwrap().path().join("good.toml");
        if good.exists() {
            files.push(good);
        }
    }
    let mut checked = 0;
    for path in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
    {
        let json = toml_as_json(&std::fs::read_to_string(path).unwrap());
        let is_config = path.file_name().unwrap() == "okrlint.toml";
        let validator = if is_config { &config } else { &plan };
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{e} at {}", e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        checked += 1;
    }
    assert!(checked > 60, "{checked}");
    // A typo is what the schema is for.
    let typo = toml_as_json("[[objective]]\nid = \"O1\"\ntitel = \"x\"\n");
    assert!(!plan.is_valid(&typo));
}

#[test]
fn the_action_is_well_formed_action_metadata() {
    use okrlint_core::model::parse_yaml;
    use okrlint_core::model::tree::{Node, Value as Y};
    let text = std::fs::read_to_string("action.yml").unwrap();
    let mut hits = Vec::new();
    let root = parse_yaml(0, &text, &mut hits).expect("action.yml is YAML");
    assert!(hits.is_empty());
    let get = |node: &Node, key: &str| -> Option<Node> {
        node.table()?
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(_, v)| v.clone())
    };
    let string = |node: Option<Node>| match node.map(|n| n.value) {
        Some(Y::String(s)) => s,
        other => panic!("expected a string, got {other:?}"),
    };
    // GitHub's action metadata: name, description, runs; a composite action's steps each
    // `uses` an action or `run`s a command with a `shell`.
    assert!(!string(get(&root, "name")).is_empty());
    assert!(!string(get(&root, "description")).is_empty());
    let allowed = [
        "name",
        "author",
        "description",
        "inputs",
        "outputs",
        "runs",
        "branding",
    ];
    for (key, _) in root.table().unwrap() {
        assert!(
            allowed.contains(&key.name.as_str()),
            "unknown top-level key {}",
            key.name
        );
    }
    for (name, input) in get(&root, "inputs").unwrap().table().unwrap() {
        assert!(
            get(input, "description").is_some(),
            "input {} needs a description",
            name.name
        );
    }
    let runs = get(&root, "runs").unwrap();
    assert_eq!(string(get(&runs, "using")), "composite");
    let Y::Array(steps) = get(&runs, "steps").unwrap().value else {
        panic!("steps")
    };
    assert!(!steps.is_empty());
    // The keys GitHub accepts on a composite action's step.
    let step_keys = [
        "id",
        "if",
        "name",
        "uses",
        "run",
        "shell",
        "with",
        "env",
        "working-directory",
        "continue-on-error",
    ];
    let mut ids = Vec::new();
    for step in &steps {
        for (key, _) in step.table().unwrap() {
            assert!(
                step_keys.contains(&key.name.as_str()),
                "unknown step key {}",
                key.name
            );
        }
        if let Some(id) = get(step, "id") {
            ids.push(string(Some(id)));
        }
        match (get(step, "uses"), get(step, "run")) {
            (Some(uses), None) => {
                let uses = string(Some(uses));
                assert!(uses.contains('@'), "pin the version: {uses}");
                assert!(!uses.contains("upload-sarif@v3"), "v3 is deprecated");
            }
            (None, Some(_)) => assert!(get(step, "shell").is_some(), "a run step needs a shell"),
            _ => panic!("a step uses an action or runs a command"),
        }
    }
    assert!(
        text.contains("cargo install --locked"),
        "install from the lock file"
    );
    // Every `steps.ID` an expression reads is a step of this action.
    for (at, _) in text.match_indices("steps.") {
        let id: String = text[at + 6..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        assert!(ids.contains(&id), "steps.{id} names no step");
    }
    // hashFiles() cannot see the action's own checkout (only the workspace).
    assert!(
        !text.contains("hashFiles("),
        "key the cache on a hash computed in a step"
    );
}

#[test]
fn the_pre_commit_hooks_pick_plan_files_not_every_toml_and_yaml() {
    let text = std::fs::read_to_string(".pre-commit-hooks.yaml").unwrap();
    let patterns: Vec<&str> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("files: "))
        .collect();
    assert_eq!(patterns.len(), 2);
    for pattern in patterns {
        let re = regex::Regex::new(pattern).unwrap();
        for plan in [
            "OKR.md",
            "okrs/growth.toml",
            "docs/plans/2026-q1.yaml",
            "goals.mdx",
            "team/OKRs-2026.md",
            "metrics.toml",
        ] {
            assert!(re.is_match(plan), "{plan} should be checked");
        }
        for other in [
            "Cargo.toml",
            ".github/workflows/ci.yml",
            "README.md",
            "pyproject.toml",
            "docker-compose.yaml",
        ] {
            assert!(!re.is_match(other), "{other} should not be checked");
        }
    }
}

#[test]
fn the_baseline_workflow_gates_only_new_findings() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["growth.toml", "metrics.toml"] {
        std::fs::copy(format!("examples/{name}"), dir.path().join(name)).unwrap();
    }
    let path = dir.path().to_str().unwrap();
    let baseline = dir.path().join("okrlint-baseline.json");
    let baseline = baseline.to_str().unwrap();
    let concise = |extra: &[&str]| {
        let mut args = vec!["check", path, "--no-config", "--format", "concise"];
        args.extend_from_slice(extra);
        run(&args)
    };
    let (code, before, _) = concise(&[]);
    assert_eq!(code, 1, "the examples have errors: {before}");
    // Adopt: record today's findings; the next run is clean.
    let (code, _, err) = concise(&["--write-baseline", baseline]);
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = concise(&["--baseline", baseline]);
    assert_eq!((code, out.as_str()), (0, ""));
    // Entries are not keyed on lines: moving every line changes nothing.
    let plan = dir.path().join("growth.toml");
    let text = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(&plan, format!("# moved\n\n{text}")).unwrap();
    let (code, out, _) = concise(&["--baseline", baseline]);
    assert_eq!(
        (code, out.as_str()),
        (0, ""),
        "line moves keep the baseline"
    );
    // A new finding is reported alone.
    let added = format!(
        "{}\n[[objective.key_result]]\nid = \"O1.KR9\"\ntitle = \"Ship the new report\"\nowner = \"li\"\ndue = 2026-03-31\n",
        std::fs::read_to_string(&plan).unwrap()
    );
    std::fs::write(&plan, added).unwrap();
    let (_, out, _) = concise(&["--baseline", baseline]);
    assert!(!out.is_empty());
    assert!(
        out.lines()
            .all(|l| l.contains("O1.KR9") || l.contains("O1`")),
        "{out}"
    );
    // Fix a baselined finding: its entry is reported as stale.
    let fixed = text.replace(
        "title = \"Refresh the marketing site\"\n",
        "title = \"Refresh the marketing site\"\nmoves = [\"O2.KR1\"]\n",
    );
    assert_ne!(fixed, text, "the fixture still has that initiative");
    std::fs::write(&plan, fixed).unwrap();
    let (_, out, _) = concise(&["--baseline", baseline, "--fail-on", "never"]);
    assert!(
        out.contains("info SC011 baseline entry OU006 in")
            && out.contains("matches no finding any more"),
        "{out}"
    );
    assert_eq!(out.lines().count(), 1, "only the stale entry: {out}");
    // The config can name the baseline too.
    let config = dir.path().join("okrlint.toml");
    std::fs::write(&config, format!("baseline = {:?}\n", baseline)).unwrap();
    let (_, out, _) = run(&[
        "check",
        path,
        "--config",
        config.to_str().unwrap(),
        "--format",
        "concise",
        "--fail-on",
        "never",
    ]);
    assert!(!out.contains("error ME"), "{out}");
}

#[test]
fn each_file_follows_the_nearest_config() {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir(root.path().join(".git")).unwrap();
    for dir in ["plans", "other"] {
        std::fs::create_dir(root.path().join(dir)).unwrap();
        for name in ["growth.toml", "metrics.toml"] {
            std::fs::copy(format!("examples/{name}"), root.path().join(dir).join(name)).unwrap();
        }
    }
    // plans/ ignores the outcomes family; other/ has no config of its own, and the root's
    // ignores the experiments family (which growth.toml draws: EX001).
    std::fs::write(
        root.path().join("plans/okrlint.toml"),
        "ignore = [\"outcomes\"]\n",
    )
    .unwrap();
    std::fs::write(
        root.path().join("okrlint.toml"),
        "fail-on = \"never\"\nignore = [\"experiments\"]\n",
    )
    .unwrap();
    let out = command()
        .current_dir(root.path())
        .args(["check", ".", "--format", "concise"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let outcomes = |dir: &str| {
        stdout
            .lines()
            .filter(|l| l.starts_with(&format!("{dir}/")) && l.contains(" OU0"))
            .count()
    };
    assert_eq!(
        outcomes("plans"),
        0,
        "plans/okrlint.toml ignores outcomes: {stdout}"
    );
    assert!(
        outcomes("other") > 0,
        "other/ does not take plans/'s config: {stdout}"
    );
    let experiments = |dir: &str| {
        stdout
            .lines()
            .filter(|l| l.starts_with(&format!("{dir}/")) && l.contains(" EX0"))
            .count()
    };
    assert_eq!(
        experiments("other"),
        0,
        "other/ falls back to the root config: {stdout}"
    );
    assert!(
        experiments("plans") > 0,
        "the nearest config wins whole, not merged with the root's: {stdout}"
    );
    // Run from the root, the plans/ config still governs plans/ (the README's CI step).
    let out = command()
        .current_dir(root.path())
        .args(["check", "plans", "--format", "concise"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains(" OU0"));
    // --config overrides every nearer one.
    let out = command()
        .current_dir(root.path())
        .args([
            "check",
            "plans",
            "--format",
            "concise",
            "--config",
            "okrlint.toml",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains(" OU0"));
    // --show-settings says which file governs and where each value comes from.
    let out = command()
        .current_dir(root.path())
        .args(["check", "--show-settings", "plans/growth.toml"])
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("governed by plans/okrlint.toml"), "{shown}");
    assert!(
        shown.contains("ignore = outcomes   (plans/okrlint.toml:1)"),
        "{shown}"
    );
    assert!(
        shown.contains("max-objectives = 3   (default; FO001)"),
        "{shown}"
    );
}

#[test]
fn fixes_are_diffed_applied_once_and_leave_comments_alone() {
    let fixture = "fixtures/fixes/plan.toml";
    let (_, safe, _) = run(&["check", fixture, "--no-config", "--diff"]);
    insta::assert_snapshot!("fix_diff_safe", safe);
    let (_, all, _) = run(&["check", fixture, "--no-config", "--diff", "--unsafe-fixes"]);
    insta::assert_snapshot!("fix_diff_unsafe", all);
    assert!(
        all.contains("+direction = \"increase\"   # wrong on purpose"),
        "{all}"
    );
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.toml");
    std::fs::copy(fixture, &plan).unwrap();
    let path = plan.to_str().unwrap();
    let (code, _, err) = run(&["check", path, "--no-config", "--fix", "--format", "concise"]);
    assert!(err.contains("fixed 1 finding(s)"), "{err}");
    assert_ne!(
        code, 2,
        "the unknown key is fixed, so the file reads: {err}"
    );
    let once = std::fs::read_to_string(&plan).unwrap();
    assert!(once.contains("owner = \"maria\"\n") && once.contains("direction = \"decrease\""));
    assert!(once.contains("# comment kept"));
    // A second run changes nothing: fixes do not loop.
    let (_, _, err) = run(&["check", path, "--no-config", "--fix"]);
    assert!(err.contains("fixed 0 finding(s)"), "{err}");
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), once);
    let (_, _, err) = run(&["check", path, "--no-config", "--fix", "--unsafe-fixes"]);
    assert!(err.contains("fixed 1 finding(s)"), "{err}");
    let twice = std::fs::read_to_string(&plan).unwrap();
    let (_, _, err) = run(&["check", path, "--no-config", "--fix", "--unsafe-fixes"]);
    assert!(err.contains("fixed 0 finding(s)"), "{err}");
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), twice);
    let (_, stats, _) = run(&["check", fixture, "--no-config", "--statistics"]);
    assert!(
        stats.contains("SC002  [*] unknown-key"),
        "fixable rules are marked: {stats}"
    );
}

#[test]
fn unsafe_fixes_move_an_output_into_an_initiative_and_correct_a_ratio_unit() {
    let fixture = "fixtures/fixes/outputs.toml";
    let (_, diff, _) = run(&["check", fixture, "--no-config", "--diff", "--unsafe-fixes"]);
    insta::assert_snapshot!("fix_diff_outputs", diff);
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.toml");
    std::fs::copy(fixture, &plan).unwrap();
    let path = plan.to_str().unwrap();
    // Safe fixes alone leave both.
    let (_, _, err) = run(&["check", path, "--no-config", "--fix"]);
    assert!(err.contains("fixed 0 finding(s)"), "{err}");
    let (_, _, err) = run(&["check", path, "--no-config", "--fix", "--unsafe-fixes"]);
    assert!(err.contains("fixed 2 finding(s)"), "{err}");
    let fixed = std::fs::read_to_string(&plan).unwrap();
    assert!(fixed.contains("[[objective.initiative]]\nmoves = [\"O1.KR1\", \"O1.KR3\"]\ntitle = \"Ship the onboarding checklist\"\nowner = \"li\"     # kept\n"), "{fixed}");
    assert!(
        fixed.contains("unit = \"percent\"   # percentages under the wrong unit"),
        "{fixed}"
    );
    let (_, concise, _) = run(&[
        "check",
        path,
        "--no-config",
        "--format",
        "concise",
        "--fail-on",
        "never",
    ]);
    for code in ["OU001", "ME010", "SC002", "OU006"] {
        assert!(!concise.contains(code), "{code} after the fixes: {concise}");
    }
    // Idempotent.
    let (_, _, err) = run(&["check", path, "--no-config", "--fix", "--unsafe-fixes"]);
    assert!(err.contains("fixed 0 finding(s)"), "{err}");
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), fixed);
}

#[test]
fn an_opt_in_rule_runs_only_when_named_and_writes_inherited_values() {
    let fixture = "fixtures/rules/ME011/bad.toml";
    let selected = |select: &str| {
        run(&[
            "check",
            fixture,
            "--no-config",
            "--format",
            "concise",
            "--select",
            select,
            "--fail-on",
            "never",
        ])
        .1
    };
    for select in ["ALL", "ME", "measurability", "ME01"] {
        let out = selected(select);
        assert!(
            !out.contains("ME011"),
            "--select {select} must not turn on an opt-in rule: {out}"
        );
    }
    for select in ["ME011", "inherited-owner-or-due"] {
        let out = selected(select);
        assert_eq!(
            out.matches(" ME011 ").count(),
            2,
            "--select {select}: {out}"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.toml");
    std::fs::copy(fixture, &plan).unwrap();
    let path = plan.to_str().unwrap();
    let (_, _, err) = run(&[
        "check",
        path,
        "--no-config",
        "--select",
        "ME011",
        "--fix",
        "--unsafe-fixes",
    ]);
    assert!(err.contains("fixed 2 finding(s)"), "{err}");
    let fixed = std::fs::read_to_string(&plan).unwrap();
    assert_eq!(
        fixed
            .matches("owner = \"maria\"\ndue = 2026-03-31\n")
            .count(),
        2,
        "{fixed}"
    );
    let (_, out, _) = run(&[
        "check",
        path,
        "--no-config",
        "--format",
        "concise",
        "--select",
        "ME011",
    ]);
    assert!(!out.contains("ME011"), "{out}");
}

#[test]
fn nrr_dora_and_explain_fit_an_80_column_terminal_and_use_200() {
    let out = |columns: &str, args: &[&str]| {
        let output = common::command()
            .env("COLUMNS", columns)
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let nrr = [
        "nrr",
        "examples/billing.csv",
        "--no-config",
        "--fail-on",
        "never",
    ];
    let dora = [
        "dora",
        "--deployments",
        "examples/delivery/deployments.csv",
        "--changes",
        "examples/delivery/changes.csv",
        "--incidents",
        "examples/delivery/incidents.csv",
        "--no-config",
        "--fail-on",
        "never",
    ];
    for args in [&nrr[..], &dora[..]] {
        let narrow = out("80", args);
        let long: Vec<&str> = narrow.lines().filter(|l| l.chars().count() > 80).collect();
        assert!(long.is_empty(), "{args:?} at 80 columns: {long:#?}");
        assert!(narrow.contains("hidden to fit 80 columns"), "{narrow}");
        let wide = out("200", args);
        assert!(!wide.contains("hidden to fit"), "{wide}");
    }
    assert!(out("200", &nrr).contains("reactivation"));
    assert!(out("200", &dora).contains("days/week"));
    // explain: prose and quotes wrap; only the indented TOML examples may be longer.
    for code in ["OU001", "BA002", "CA004", "ME010"] {
        let text = out("80", &["explain", code]);
        let long: Vec<&str> = text
            .lines()
            .filter(|l| l.chars().count() > 80 && !(l.starts_with("    ") && l.contains(" = ")))
            .collect();
        assert!(long.is_empty(), "explain {code}: {long:#?}");
    }
}

#[test]
fn a_yaml_plan_s_misspelt_key_is_fixed_in_place_with_its_comments() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.yaml");
    std::fs::write(
        &plan,
        "team:\n  name: Growth\nobjective:\n  - id: O1   # keep me\n    title: Teams succeed\n    onwer: maria\n",
    )
    .unwrap();
    let path = plan.to_str().unwrap();
    let (_, _, err) = run(&["check", path, "--no-config", "--fix"]);
    assert!(err.contains("fixed 1 finding(s)"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&plan).unwrap(),
        "team:\n  name: Growth\nobjective:\n  - id: O1   # keep me\n    title: Teams succeed\n    owner: maria\n"
    );
    let (_, _, err) = run(&["check", path, "--no-config", "--fix"]);
    assert!(err.contains("fixed 0 finding(s)"), "{err}");
}
