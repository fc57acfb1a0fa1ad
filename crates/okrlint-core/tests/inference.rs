//! What the KR-language analyzer changes in a check, end to end through `lint::run`: values
//! read from titles stand in for missing fields, owners and due dates are inherited, and a
//! user's cue terms change the classifier. Each case states the finding it expects, or the
//! one that must not appear.

use std::path::PathBuf;

use okrlint_core::engine::NoEngine;
use okrlint_core::lint::{run, LintOptions};

fn check(name: &str, text: &str, rules_dir: Option<PathBuf>) -> Vec<String> {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write the plan");
    let options = LintOptions {
        paths: vec![path],
        no_config: true,
        rules_dirs: rules_dir.into_iter().collect(),
        ..LintOptions::default()
    };
    let report = run(&options, &NoEngine).expect("the check runs");
    report
        .findings
        .iter()
        .map(|f| format!("{}:{} {} {}", f.line, f.column, f.code, f.message))
        .collect()
}

fn has(findings: &[String], code: &str) -> bool {
    findings.iter().any(|f| f.contains(&format!(" {code} ")))
}

const HEAD: &str = "[team]\nname = \"Growth\"\nnorth_star = \"weekly_active_teams\"\nperiod = { start = 2026-01-01, end = 2026-03-31 }\n\n";

#[test]
fn a_title_s_target_or_relative_change_makes_a_measured_kr_need_no_target_or_baseline() {
    let plan = format!(
        "{HEAD}[[objective]]\nid = \"O1\"\ntitle = \"Teams succeed\"\nowner = \"maria\"\n\n\
         [[objective.key_result]]\nid = \"O1.KR1\"\ntitle = \"Cut median setup time by 50%\"\nmetric = \"setup_time\"\n\n\
         [[objective.key_result]]\nid = \"O1.KR2\"\ntitle = \"Raise week-1 activation to 45%\"\nmetric = \"activation_w1\"\n"
    );
    let findings = check("plan.toml", &plan, None);
    assert!(!has(&findings, "ME001"), "{findings:#?}");
    assert!(!has(&findings, "ME004"), "{findings:#?}");
    // Without the title's numbers, both draw ME001.
    let bare = plan
        .replace("Cut median setup time by 50%", "Median setup time")
        .replace("Raise week-1 activation to 45%", "Week-1 activation");
    let findings = check("plan.toml", &bare, None);
    assert_eq!(
        findings.iter().filter(|f| f.contains(" ME001 ")).count(),
        2,
        "{findings:#?}"
    );
}

#[test]
fn owners_come_from_the_objective_then_the_team() {
    let plan = |team_owner: &str, objective_owner: &str| {
        format!(
            "[team]\nname = \"Growth\"\nnorth_star = \"weekly_active_teams\"\n{team_owner}period = {{ start = 2026-01-01, end = 2026-03-31 }}\n\n\
             [[objective]]\nid = \"O1\"\ntitle = \"Teams succeed\"\n{objective_owner}\n\
             [[objective.key_result]]\nid = \"O1.KR1\"\ntitle = \"Grow weekly active teams from 1,200 to 2,000\"\nmetric = \"weekly_active_teams\"\nbaseline = 1200\ntarget = 2000\n\n\
             [[objective.key_result]]\nid = \"O1.KR2\"\ntitle = \"Cut median setup time from 6 to 2 days\"\nmetric = \"setup_time\"\nbaseline = 6\ntarget = 2\nunit = \"days\"\n"
        )
    };
    let inherited = check("plan.toml", &plan("", "owner = \"maria\"\n"), None);
    assert!(!has(&inherited, "ME002"), "{inherited:#?}");
    let from_team = check("plan.toml", &plan("owner = \"li\"\n", ""), None);
    assert!(!has(&from_team, "ME002"), "{from_team:#?}");
    // Nobody: one finding, at the objective, naming its key results.
    let nobody = check("plan.toml", &plan("", ""), None);
    let me002: Vec<_> = nobody.iter().filter(|f| f.contains(" ME002 ")).collect();
    assert_eq!(me002.len(), 1, "{nobody:#?}");
    assert!(
        me002[0].contains("objective `O1` and its 2 key results have no owner"),
        "{me002:?}"
    );
}

#[test]
fn due_dates_come_from_the_title_or_the_period_heading() {
    let with_period = "## 2026 Q1\n\n### Teams succeed @maria\n\n- Grow weekly active teams from 1,200 to 2,000\n- Publish 5 blog posts\n";
    let findings = check("OKR.md", with_period, None);
    assert!(!has(&findings, "ME003"), "{findings:#?}");

    let no_period = "## Growth\n\n### Teams succeed @maria\n\n- Grow weekly active teams from 1,200 to 2,000 by March 31, 2026\n- Publish 5 blog posts\n";
    let findings = check("OKR.md", no_period, None);
    let me003: Vec<_> = findings.iter().filter(|f| f.contains(" ME003 ")).collect();
    assert_eq!(me003.len(), 1, "only the KR without a date: {findings:#?}");
    assert!(me003[0].contains("O1.KR2"), "{me003:?}");

    let no_dates = "## Growth\n\n### Teams succeed @maria\n\n- Grow weekly active teams from 1,200 to 2,000\n- Publish 5 blog posts\n";
    let findings = check("OKR.md", no_dates, None);
    let me003: Vec<_> = findings.iter().filter(|f| f.contains(" ME003 ")).collect();
    assert_eq!(
        me003.len(),
        1,
        "one finding for the objective: {findings:#?}"
    );
    assert!(
        me003[0].contains("none of objective `O1`'s 2 key results"),
        "{me003:?}"
    );
}

#[test]
fn a_title_that_contradicts_its_fields_and_numbers_against_their_direction_are_found() {
    let plan = format!(
        "{HEAD}[[objective]]\nid = \"O1\"\ntitle = \"Teams succeed\"\nowner = \"maria\"\n\n\
         [[objective.key_result]]\nid = \"O1.KR1\"\ntitle = \"Raise week-1 activation from 32% to 45%\"\nmetric = \"activation_w1\"\nbaseline = 0.30\ntarget = 0.45\nunit = \"ratio\"\n"
    );
    let findings = check("plan.toml", &plan, None);
    let me010: Vec<_> = findings.iter().filter(|f| f.contains(" ME010 ")).collect();
    assert_eq!(me010.len(), 1, "{findings:#?}");
    assert!(
        me010[0].contains("baseline = 0.3 but its title says 32%"),
        "{me010:?}"
    );
    // The same numbers agreeing draw nothing.
    let agreeing = check(
        "plan.toml",
        &plan.replace("baseline = 0.30", "baseline = 0.32"),
        None,
    );
    assert!(!has(&agreeing, "ME010"), "{agreeing:#?}");

    let markdown = "## 2026 Q1\n\n### Teams succeed @maria\n\n- Increase weekly active teams from 400 to 300\n- Keep weekly churn from 2% to 2%\n";
    let findings = check("OKR.md", markdown, None);
    assert!(
        findings
            .iter()
            .any(|f| f.contains(" ME006 ") && f.contains("O1.KR1")),
        "{findings:#?}"
    );
    assert!(
        !findings
            .iter()
            .any(|f| f.contains(" ME005 ") && f.contains("O1.KR2")),
        "keep = maintain: {findings:#?}"
    );
}

#[test]
fn an_nrr_target_in_a_title_is_checked_for_plausibility() {
    let markdown = "## 2026 Q1\n\n### Customers grow with us @noor\n\n- Raise NRR to 250%\n- Keep gross revenue retention at or above 90%\n";
    let findings = check("OKR.md", markdown, None);
    assert!(
        findings
            .iter()
            .any(|f| f.contains(" NR003 ") && f.contains("250%")),
        "{findings:#?}"
    );
    assert!(!has(&findings, "NR002"), "GRR is beside it: {findings:#?}");
}

#[test]
fn users_extend_cue_lists_from_their_rules_directory() {
    let markdown = "## 2026 Q1\n\n### Teams learn from each other @maria\n\n- Deliver 4 brown bags\n- Grow weekly active teams from 1,200 to 2,000\n";
    let before = check("OKR.md", markdown, None);
    assert!(
        !has(&before, "OU003") && has(&before, "OU001"),
        "brown bags are not known yet: {before:#?}"
    );
    let rules = tempfile::tempdir().expect("a rules dir");
    std::fs::write(
        rules.path().join("cues.toml"),
        "[[cue]]\nid = \"activity_nouns\"\nterms = [\"brown bags\"]\n",
    )
    .unwrap();
    let after = check("OKR.md", markdown, Some(rules.path().to_path_buf()));
    assert!(
        after
            .iter()
            .any(|f| f.contains(" OU003 ") && f.contains("`brown bags`, activity_nouns")),
        "{after:#?}"
    );

    std::fs::write(
        rules.path().join("cues.toml"),
        "[[cue]]\nid = \"activity_noun\"\nterms = [\"brown bags\"]\n",
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("OKR.md");
    std::fs::write(&path, markdown).unwrap();
    let options = LintOptions {
        paths: vec![path],
        no_config: true,
        rules_dirs: vec![rules.path().to_path_buf()],
        ..LintOptions::default()
    };
    let error = run(&options, &NoEngine)
        .err()
        .expect("an unknown cue list is an error");
    assert!(error.contains("did you mean `activity_nouns`"), "{error}");
}

#[test]
fn a_table_s_baseline_target_and_due_columns_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("OKR.md");
    std::fs::write(
        &path,
        "## 2026 Q1\n\n| Objective | Key Result | Owner | Baseline | Target | Due |\n|---|---|---|---|---|---|\n\
         | Teams succeed | Week-1 activation | maria | 32% | 45% | 2026-02-28 |\n\
         |  | Weekly active teams | li | 1,200 | 2,000 | end of quarter |\n",
    )
    .unwrap();
    let options = LintOptions {
        paths: vec![path],
        no_config: true,
        ..LintOptions::default()
    };
    let loaded = okrlint_core::lint::load(&options).expect("loads");
    let krs = &loaded.documents[0].objectives[0].key_results;
    assert_eq!(krs.len(), 2);
    let value = |v: &Option<okrlint_core::model::Spanned<f64>>| v.as_ref().map(|s| s.value);
    assert_eq!(
        (value(&krs[0].baseline), value(&krs[0].target)),
        (Some(32.0), Some(45.0))
    );
    assert_eq!(
        krs[0].unit.as_ref().map(|u| u.value),
        Some(okrlint_core::model::Unit::Percent)
    );
    assert_eq!(
        krs[0].due.as_ref().map(|d| d.value),
        Some(jiff::civil::date(2026, 2, 28))
    );
    assert_eq!(
        (value(&krs[1].baseline), value(&krs[1].target)),
        (Some(1200.0), Some(2000.0))
    );
    // "end of quarter" is no ISO date: the plan's period end stands in (no ME003).
    assert!(krs[1].due.is_none());
    let findings = check(
        "OKR.md",
        "## 2026 Q1\n\n| Objective | Key Result | Owner | Baseline | Target |\n|---|---|---|---|---|\n| Teams succeed | Week-1 activation | maria | 32% | 45% |\n",
        None,
    );
    assert!(
        !has(&findings, "ME003") && !has(&findings, "OU002"),
        "{findings:#?}"
    );
}
