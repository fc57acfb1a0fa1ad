//! The binary as a CI job sees it: formats, exit codes, config, suppressions, bad input.

use std::path::Path;

use serde_json::Value;

mod common;
use common::{command as okrlint, run};

#[test]
fn exit_codes_follow_fail_on() {
    assert_eq!(run(&["check", "fixtures/precision"]).0, 0);
    assert_eq!(run(&["check", "examples"]).0, 1);
    assert_eq!(run(&["check", "examples", "--fail-on", "never"]).0, 0);
    // A warning-only file passes at the default level and fails at --fail-on warning.
    let warning_only = "fixtures/rules/OU001/bad.toml";
    assert_eq!(run(&["check", warning_only, "--no-config"]).0, 0);
    assert_eq!(
        run(&["check", warning_only, "--no-config", "--fail-on", "warning"]).0,
        1
    );
}

#[test]
fn usage_and_input_errors_exit_2() {
    assert_eq!(run(&["check", "no/such/path.toml"]).0, 2);
    assert_eq!(run(&["check", "examples", "--select", "NOPE999"]).0, 2);
    assert_eq!(run(&["check", "--format", "xml"]).0, 2);
    assert_eq!(run(&["explain", "ZZ999"]).0, 2);
}

#[test]
fn every_bad_input_exits_2_with_a_located_message() {
    let expected = [
        ("not-toml.toml", "SC001", 3, 14),
        ("not-utf8.toml", "SC001", 4, 9),
        ("wrong-type.toml", "SC003", 16, 10),
        ("unknown-key.toml", "SC002", 19, 1),
        ("empty.toml", "SC005", 1, 1),
        ("bom.toml", "SC002", 6, 1),
        ("crlf.toml", "SC002", 7, 1),
        ("duplicate-key.toml", "SC001", 21, 1),
    ];
    for (file, code, line, column) in expected {
        let path = format!("fixtures/bad/{file}");
        let (status, stdout, _) = run(&["check", &path, "--no-config", "--format", "concise"]);
        assert_eq!(status, 2, "{file}");
        let wanted = format!("{path}:{line}:{column}: error {code} ");
        assert!(
            stdout.contains(&wanted),
            "{file}: expected `{wanted}` in\n{stdout}"
        );
        // The human report renders without panicking too.
        let (status, human, _) = run(&["check", &path, "--no-config"]);
        assert_eq!(status, 2);
        assert!(human.contains(code), "{file}");
    }
    insta::assert_snapshot!(
        "bad_inputs_human",
        run(&["check", "fixtures/bad", "--no-config"]).1
    );
}

#[test]
fn did_you_mean_for_near_miss_keys() {
    let (_, stdout, _) = run(&["check", "fixtures/bad/unknown-key.toml", "--no-config"]);
    assert!(stdout.contains("unknown key `ownr`"));
    assert!(stdout.contains("did you mean `owner`?"));
}

#[test]
fn json_has_a_stable_shape() {
    let (_, stdout, _) = run(&["check", "examples", "--format", "json"]);
    let doc: Value = serde_json::from_str(&stdout).expect("valid JSON");
    let finding = &doc["findings"][0];
    for key in [
        "code", "name", "family", "severity", "message", "file", "line", "column", "help",
        "passages",
    ] {
        assert!(finding.get(key).is_some(), "finding lacks {key}");
    }
    let passage = &finding["passages"][0];
    for key in ["essay", "essay_title", "quote"] {
        assert!(passage.get(key).is_some(), "passage lacks {key}");
    }
    let summary = &doc["summary"];
    assert_eq!(
        summary["findings"].as_u64(),
        Some(doc["findings"].as_array().map_or(0, |a| a.len() as u64))
    );
    assert!(summary["errors"].as_u64().unwrap_or(0) > 0);
    insta::assert_json_snapshot!("json_first_finding", finding);
}

#[test]
fn sarif_validates_against_the_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string("fixtures/sarif-schema-2.1.0.json").expect("schema is vendored"),
    )
    .expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    for target in [
        "examples",
        "fixtures/precision",
        "fixtures/bad/not-toml.toml",
    ] {
        let (_, stdout, _) = run(&["check", target, "--format", "sarif", "--no-config"]);
        let sarif: Value = serde_json::from_str(&stdout).expect("SARIF is JSON");
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{target}: {}", errors.join("\n"));
        let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .expect("rules listed");
        assert!(rules.len() >= 30);
        assert!(rules[0]["properties"]["passages"][0]["quote"].is_string());
    }
    let (_, stdout, _) = run(&["check", "examples", "--format", "sarif"]);
    let sarif: Value = serde_json::from_str(&stdout).expect("SARIF is JSON");
    let result = &sarif["runs"][0]["results"][0];
    assert!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"]
            .as_u64()
            .is_some()
    );
}

#[test]
fn github_annotations_are_escaped() {
    let (_, stdout, _) = run(&["check", "examples", "--format", "github"]);
    let first = stdout.lines().next().expect("an annotation");
    assert!(
        first.starts_with("::error file=examples/")
            || first.starts_with("::warning file=examples/")
            || first.starts_with("::notice file=examples/"),
        "{first}"
    );
    assert!(first.contains(",line=") && first.contains(",col=") && first.contains(",title="));
    // The message and help are joined by an escaped newline; no raw newline splits a command.
    assert!(first.contains("%0A"));
    assert_eq!(
        stdout.lines().count(),
        run(&["check", "examples", "--format", "concise"])
            .1
            .lines()
            .count()
    );
}

#[test]
fn concise_is_one_finding_per_line_in_a_stable_order() {
    let (_, first, _) = run(&["check", "examples", "--format", "concise"]);
    let (_, second, _) = run(&["check", "examples", "--format", "concise"]);
    assert_eq!(first, second);
    let keys: Vec<(String, usize, usize)> = first
        .lines()
        .map(|l| {
            let mut parts = l.splitn(4, ':');
            let file = parts.next().unwrap_or("").to_string();
            let line = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
            let col = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
            (file, line, col)
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert!(keys.iter().all(|(_, line, col)| *line > 0 && *col > 0));
}

#[test]
fn human_output_quotes_the_essay_and_has_no_colour_off_a_terminal() {
    let (_, stdout, _) = run(&["check", "examples/growth.toml", "--select", "OU001"]);
    assert!(stdout.contains("OU001(output-verb-key-result)"));
    assert!(stdout.contains("“This is where outcomes vs output OKRs matter"));
    assert!(stdout.contains("— Engineering Leadership That Scales"));
    assert!(
        !stdout.contains('\u{1b}'),
        "no ANSI escapes when stdout is not a terminal"
    );
    assert!(
        stdout.trim_end().ends_with("in 2 files."),
        "the plan and the catalog it names: {stdout}"
    );
}

#[test]
fn inline_allow_suppresses_and_unused_allow_is_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = std::fs::read_to_string("fixtures/rules/OU001/bad.toml").expect("fixture");
    let allowed = plan.replace(
        "[[objective.key_result]]\nid = \"O1.KR2\"",
        "# okrlint: allow(OU001, OU002)\n[[objective.key_result]]\nid = \"O1.KR2\"",
    );
    assert_ne!(plan, allowed, "the fixture has the KR the test edits");
    let path = dir.path().join("plan.toml");
    std::fs::write(&path, allowed).expect("write");
    let p = path.to_string_lossy().to_string();
    let (_, stdout, _) = run(&[
        "check",
        &p,
        "--no-config",
        "--format",
        "concise",
        "--select",
        "OU001,OU002,SC008",
    ]);
    assert_eq!(stdout, "", "both findings suppressed, allow used");

    let trailing = plan.replace(
        "title = \"Ship the guided first-dashboard checklist\"",
        "title = \"Ship the guided first-dashboard checklist\" # okrlint: allow(OU001, FO001)",
    );
    std::fs::write(&path, trailing).expect("write");
    let (_, stdout, _) = run(&[
        "check",
        &p,
        "--no-config",
        "--format",
        "concise",
        "--select",
        "OU001,SC008",
    ]);
    assert!(!stdout.contains("OU001 "), "{stdout}");
    let (_, stdout, _) = run(&[
        "check",
        &p,
        "--no-config",
        "--format",
        "concise",
        "--select",
        "OU,SC008",
    ]);
    assert!(
        !stdout.contains("SC008"),
        "the allow was used for OU001: {stdout}"
    );
}

#[test]
fn config_selects_overrides_and_ignores_per_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        "fixtures/rules/OU001/bad.toml",
        dir.path().join("plan.toml"),
    )
    .expect("copy");
    let config = dir.path().join("okrlint.toml");
    let check = |config_text: &str| {
        std::fs::write(&config, config_text).expect("write");
        let out = okrlint()
            .current_dir(dir.path())
            .args(["check", "--format", "concise"])
            .output()
            .expect("runs");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let (status, stdout) = check("[severity]\nOU001 = \"error\"\n");
    assert_eq!(status, 1, "OU001 raised to error fails the run: {stdout}");
    let (status, stdout) = check("ignore = [\"outcomes\"]\n");
    assert_eq!((status, stdout.contains("OU00")), (0, false));
    let (_, stdout) = check("[per-file-ignores]\n\"plan.toml\" = [\"OU\"]\n");
    assert!(!stdout.contains("OU00"), "{stdout}");
    // The same glob holds when okrlint runs from elsewhere and is given the config's path.
    let parent = dir.path().parent().expect("tempdir has a parent");
    let out = okrlint()
        .current_dir(parent)
        .args(["check", "--format", "concise", "--config"])
        .arg(&config)
        .arg(
            dir.path()
                .strip_prefix(parent)
                .expect("child")
                .join("plan.toml"),
        )
        .output()
        .expect("runs");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("OU00"));
    let (status, stdout) = check("select = [\"outcomez\"]\n[thresholds]\nmax-objectivs = 2\n");
    assert_eq!(status, 2, "config errors exit 2: {stdout}");
    assert!(
        stdout.contains("okrlint.toml:1:11: error SC003"),
        "{stdout}"
    );
    assert!(
        stdout.contains("okrlint.toml:3:1: error SC002"),
        "both errors are reported: {stdout}"
    );
}

#[test]
fn init_writes_a_starter_that_passes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("plans");
    let t = target.to_string_lossy().to_string();
    assert_eq!(run(&["init", &t]).0, 0);
    let out = okrlint()
        .current_dir(&target)
        .args(["check", "--fail-on", "info"])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(run(&["init", &t]).0, 2, "refuses to overwrite");
    assert_eq!(run(&["init", &t, "--force"]).0, 0);
}

#[test]
fn rules_explain_and_essays() {
    let (status, stdout, _) = run(&["rules", "--format", "json"]);
    assert_eq!(status, 0);
    let rules: Value = serde_json::from_str(&stdout).expect("JSON");
    assert!(rules.as_array().map_or(0, |a| a.len()) >= 30);
    let (status, stdout, _) = run(&["rules"]);
    assert_eq!(status, 0);
    assert!(stdout.contains("OU001") && stdout.contains("output-verb-key-result"));

    let (status, stdout, _) = run(&["explain", "ou001"]);
    assert_eq!(status, 0);
    insta::assert_snapshot!("explain_OU001", stdout);
    let (_, _, stderr) = run(&["explain", "OU01"]);
    assert!(stderr.contains("did you mean"), "{stderr}");

    let (status, stdout, _) = run(&["essays", "--format", "json"]);
    assert_eq!(status, 0);
    let essays: Value = serde_json::from_str(&stdout).expect("JSON");
    let list = essays.as_array().expect("a list");
    assert!(list.iter().any(|e| e["cited_by"]
        .as_array()
        .is_some_and(|c| c.iter().any(|x| x == "NR001"))));
}

#[test]
fn user_rules_directory_adds_word_list_rules() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rules = dir.path().join("house-rules");
    std::fs::create_dir(&rules).expect("mkdir");
    std::fs::write(
        rules.join("house.toml"),
        r#"[[rule]]
code = "HX001"
name = "buzzword-title"
family = "outcomes"
severity = "warning"
summary = "Buzzwords hide what will change"
why = "Say what changes for whom."
help = "Name the change."
bad = 'title = "World-class synergy"'
good = 'title = "Admins set up SSO without help"'
[[rule.passage]]
title = "Our planning guide"
quote = "Write plainly."
[rule.match]
terms = ["synergy", "world-class"]
in = ["objective.title", "key_result.title"]
message = "title leans on a buzzword"
"#,
    )
    .expect("write");
    let plan = dir.path().join("plan.toml");
    std::fs::write(
        &plan,
        "[[objective]]\nid = \"O1\"\ntitle = \"Unlock synergy\"\nowner = \"a\"\n",
    )
    .expect("write");
    let rules_dir = rules.to_string_lossy().to_string();
    let (_, stdout, _) = run(&[
        "check",
        &plan.to_string_lossy(),
        "--no-config",
        "--rules",
        &rules_dir,
        "--select",
        "HX",
        "--format",
        "concise",
    ]);
    assert!(
        stdout.contains(":3:9: warning HX001 title leans on a buzzword (`synergy`)"),
        "{stdout}"
    );
    // `rules` and `explain` know the user's rules too.
    let (code, page, _) = run(&["explain", "HX001", "--rules", &rules_dir]);
    assert_eq!(code, 0);
    assert!(page.starts_with("HX001 buzzword-title"), "{page}");
    assert!(page.contains("synergy, world-class"), "{page}");
    let (_, list, _) = run(&["rules", "--format", "json", "--rules", &rules_dir]);
    assert!(list.contains("\"HX001\""), "{list}");
    let (code, _, err) = run(&["explain", "HX001"]);
    assert_eq!(code, 2, "without the directory HX001 is unknown: {err}");
}

#[test]
fn skips_unrelated_toml_when_walking() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("Cargo.toml"), "[package]\nname = \"x\"\n").expect("write");
    std::fs::copy(
        "fixtures/rules/OU001/good.toml",
        dir.path().join("plan.toml"),
    )
    .expect("copy");
    std::fs::create_dir(dir.path().join("ignored")).expect("mkdir");
    std::fs::write(dir.path().join("ignored/broken.toml"), "[[objective]\n").expect("write");
    std::fs::write(dir.path().join(".gitignore"), "ignored/\n").expect("write");
    let d = dir.path().to_string_lossy().to_string();
    let (status, stdout, _) = run(&["check", &d, "--no-config"]);
    assert_eq!(status, 0, "{stdout}");
    assert!(stdout.contains("No findings in 1 file."), "{stdout}");
    assert!(Path::new(&d).join("Cargo.toml").exists());
}

#[test]
fn human_and_concise_agree_on_columns_after_non_ascii_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.toml");
    std::fs::write(
        &path,
        "\u{feff}objective = [{id = \"o\", title = \"👨‍👩‍👧 équipe\", owner = 5}]\n",
    )
    .expect("write");
    let p = path.to_string_lossy().to_string();
    let (_, concise, _) = run(&[
        "check",
        &p,
        "--no-config",
        "--format",
        "concise",
        "--select",
        "SC003",
    ]);
    let (_, human, _) = run(&["check", &p, "--no-config", "--select", "SC003"]);
    let location = concise.split(": ").next().expect("a finding").to_string();
    // Code points before `5`, BOM excluded, plus one.
    let column = "objective = [{id = \"o\", title = \"👨‍👩‍👧 équipe\", owner = "
        .chars()
        .count()
        + 1;
    assert!(location.ends_with(&format!(":1:{column}")), "{concise}");
    assert!(human.contains(&format!("[{location}]")), "{human}");
}
