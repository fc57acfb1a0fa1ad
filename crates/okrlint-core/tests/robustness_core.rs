//! Issue 12, the core's part: hostile or huge inputs must give findings or located errors,
//! never a panic, a hang, quadratic time, a forged output line or a double finding.
//! Times are printed (run with `--nocapture`), not asserted; the tests assert behaviour.

use std::path::{Path, PathBuf};
use std::time::Instant;

use okrlint_core::engine::NoEngine;
use okrlint_core::lint::{self, LintOptions, Report};
use okrlint_core::render;

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 2, 1)
}

/// Writes `files` into a fresh directory and checks `main` (with `okrlint.toml` as the
/// config when one is among the files, else no config).
fn check_in(dir: &Path, files: &[(&str, &str)], main: &str) -> Result<Report, String> {
    for (name, text) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(path, text).unwrap();
    }
    let has_config = files.iter().any(|(n, _)| *n == "okrlint.toml");
    let options = LintOptions {
        paths: vec![dir.join(main)],
        config_path: has_config.then(|| dir.join("okrlint.toml")),
        no_config: !has_config,
        today: Some(today()),
        ..LintOptions::default()
    };
    lint::run(&options, &NoEngine)
}

fn check(files: &[(&str, &str)], main: &str) -> Report {
    let dir = tempfile::tempdir().unwrap();
    check_in(dir.path(), files, main).expect("the run starts")
}

/// The findings of one rule.
fn of<'a>(report: &'a Report, code: &str) -> Vec<&'a okrlint_core::diagnostic::Finding> {
    report.findings.iter().filter(|f| f.code == code).collect()
}

fn codes(report: &Report) -> Vec<String> {
    report.findings.iter().map(|f| f.code.clone()).collect()
}

fn count(report: &Report, code: &str) -> usize {
    report.findings.iter().filter(|f| f.code == code).count()
}

/// `n`, scaled by `ROBUST_SCALE` percent (to see how a time grows with the input).
fn scaled(n: usize) -> usize {
    let percent: usize = std::env::var("ROBUST_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100);
    n * percent / 100
}

fn timed<T>(what: &str, run: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = run();
    eprintln!("[time] {what}: {:?}", started.elapsed());
    out
}

const TEAM: &str = "[team]\nname = \"Growth\"\nowner = \"maria\"\nperiod = { start = 2026-01-01, end = 2026-03-31 }\n\n";

// ---------------------------------------------------------------------------------------
// 1. Wide lines

#[test]
fn a_70k_character_title_renders_in_the_human_format() {
    let title = "Grow weekly active teams ".repeat(2_800);
    let plan = format!(
        "{TEAM}[[objective]]\nid = \"O1\"\ntitle = \"{title}\"\n\n[[objective.key_result]]\nid = \"O1.KR1\"\ntitle = \"{title}\"\n"
    );
    let report = check(&[("plan.toml", &plan)], "plan.toml");
    assert!(!report.findings.is_empty());
    let text = render::human(&report, render::HumanStyle::plain());
    assert!(
        text.contains("plan.toml"),
        "{}",
        &text[..text.len().min(2000)]
    );
    // No line of the output is anywhere near the source line's width.
    assert!(text.lines().all(|l| l.chars().count() < 5_000));
}

#[test]
fn a_syntax_error_on_a_64k_line_renders_in_the_human_format() {
    let wide = "x".repeat(70_000);
    for plan in [
        format!("{TEAM}[[objective]]\nid = \"O1\"\ntitle = \"{wide}\n"),
        format!("{TEAM}[[objective]]\nid = \"O1\"\ntitle = {wide}\n"),
        format!("{TEAM}[[objective]]\nid = \"O1\"\ntitle = \"ok\" {wide} = 1\n"),
        format!("{wide}"),
    ] {
        let report = check(&[("plan.toml", &plan)], "plan.toml");
        assert!(
            codes(&report).contains(&"SC001".to_string()),
            "{:?}",
            codes(&report)
        );
        let text = render::human(&report, render::HumanStyle::plain());
        assert!(text.contains("SC001"));
        assert!(text.lines().all(|l| l.chars().count() < 5_000));
        for style in [
            render::HumanStyle {
                color: true,
                width: 80,
                passages: render::Passages::All,
            },
            render::HumanStyle {
                color: false,
                width: 100_000,
                passages: render::Passages::None,
            },
        ] {
            render::human(&report, style);
        }
    }
}

#[test]
fn a_wide_line_in_okrlint_toml_renders_in_the_human_format() {
    let wide = "Q".repeat(70_000);
    let config = format!("select = [\"{wide}\"]\n[per-file-ignores]\n\"{wide}\" = [\"ME002\"]\n");
    let plan = format!("{TEAM}[[objective]]\nid = \"O1\"\ntitle = \"Ship\"\n");
    let report = check(
        &[("okrlint.toml", &config), ("plan.toml", &plan)],
        "plan.toml",
    );
    assert!(
        codes(&report).contains(&"SC003".to_string()),
        "{:?}",
        codes(&report)
    );
    let text = render::human(&report, render::HumanStyle::plain());
    assert!(text.contains("SC003"));
}

#[test]
fn a_span_running_over_many_wide_lines_renders() {
    // A multi-line span whose middle line is wide (a table holding a 70k value).
    let wide = "w".repeat(70_000);
    let plan = format!(
        "{TEAM}[[objective]]\nid = \"O1\"\ntitle = \"Ship\"\ndescription = \"{wide}\"\n\n[[objective.key_result]]\nid = \"O1.KR1\"\ntitle = \"Raise activation from 32% to 45%\"\ndescription = \"\"\"\n{wide}\n{wide}\n\"\"\"\n"
    );
    let report = check(&[("plan.toml", &plan)], "plan.toml");
    let text = render::human(&report, render::HumanStyle::plain());
    assert!(text.lines().all(|l| l.chars().count() < 5_000));
}

// ---------------------------------------------------------------------------------------
// 2. Quadratic time

#[test]
fn one_long_line_of_syntax_errors_is_read_in_linear_time() {
    let pairs: String = (0..3_000).map(|i| format!("a{i}=1 ")).collect();
    let brackets = "[[[".repeat(7_000);
    let quotes = "\"".repeat(20_000);
    let equals = "= ".repeat(10_000);
    for (what, plan) in [
        ("a=1 b=2 … (20 KB)", pairs),
        ("[[[ × 7000", brackets),
        ("\" × 20000", quotes),
        ("'= ' × 10000", equals),
    ] {
        assert!(plan.len() >= 20_000);
        let report = timed(what, || check(&[("plan.toml", &plan)], "plan.toml"));
        let errors = count(&report, "SC001");
        assert!(errors >= 1, "{what}: {:?}", codes(&report));
        // Recovery skips to the next line, not to the next character: one error per line.
        assert!(errors <= 10, "{what}: {errors} SC001 findings on one line");
        timed(&format!("{what}, human"), || {
            render::human(&report, render::HumanStyle::plain())
        });
    }
}

#[test]
fn many_allow_comments_and_many_findings_resolve_in_linear_time() {
    let n = scaled(20_000);
    let mut plan = String::from(TEAM);
    plan.push_str("[[objective]]\nid = \"O1\"\ntitle = \"Ship\"\nowner = \"li\"\n\n");
    for i in 0..n {
        // Every KR is due after the period ends: one ME007 each, allowed twice.
        plan.push_str(&format!(
            "# okrlint: allow(ME007)\n[[objective.key_result]]\nid = \"O1.KR{i}\"\ntitle = \"Raise activation from 32% to 45%\"\nbaseline = 0.32\ntarget = 0.45\nowner = \"li\"\ndue = 2027-01-01 # okrlint: allow(ME007)\n\n"
        ));
    }
    let report = timed("20k KRs, 40k allow comments", || {
        check(&[("plan.toml", &plan)], "plan.toml")
    });
    assert_eq!(count(&report, "ME007"), 0, "every ME007 is allowed");
    // The trailing allow on each `due` line is the one used; the one above the table covers
    // the same finding, so it is used too.
    assert_eq!(count(&report, "SC008"), 0, "{:?}", &report.findings.first());

    // And unused ones: 20k allows that suppress nothing, each reported.
    let mut plan = String::from(TEAM);
    plan.push_str("[[objective]]\nid = \"O1\"\ntitle = \"Ship\"\nowner = \"li\"\n\n");
    for i in 0..n {
        plan.push_str(&format!(
            "[[objective.key_result]]\nid = \"O1.KR{i}\" # okrlint: allow(ME00X)\ntitle = \"Raise activation from 32% to 45%\"\n\n"
        ));
    }
    let report = timed("20k unknown allow codes", || {
        check(&[("plan.toml", &plan)], "plan.toml")
    });
    assert_eq!(count(&report, "SC008"), n);
}

fn catalog(
    n: usize,
    formula: impl Fn(usize) -> String,
    drivers: impl Fn(usize) -> String,
) -> String {
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&format!(
            "[[metric]]\nid = \"activation_{i}\"\nname = \"Activation rate {i}\"\nkind = \"driver\"\ncategory = \"engagement\"\nformula = \"{}\"\nwindow = \"weekly\"\ncohort = \"new teams\"\nowner = \"maria\"\nunit = \"ratio\"\ndrivers = [{}]\n\n",
            formula(i),
            drivers(i)
        ));
    }
    text
}

#[test]
fn synonym_comparison_on_20k_metrics_is_linear() {
    let n = scaled(20_000);
    // Every metric is in the activation synonym group; two formulas alternate.
    let text = catalog(
        n,
        |i| {
            if i % 2 == 0 {
                "a / b".into()
            } else {
                "c / d".into()
            }
        },
        |_| String::new(),
    );
    let report = timed("20k synonym metrics", || {
        check(&[("metrics.toml", &text)], "metrics.toml")
    });
    // The first metric conflicts with nothing; every later one conflicts with an earlier one.
    assert_eq!(
        count(&report, "CA003"),
        n - 1,
        "{:?}",
        codes(&report).first()
    );
}

#[test]
fn driver_lookups_on_40k_metrics_do_not_scan_the_catalog() {
    let n = scaled(40_000);
    // A chain: metric i is driven by metric i + 1; the last names a driver that is missing.
    let text = catalog(
        n,
        |i| format!("f{i}"),
        |i| {
            if i + 1 < n {
                format!("\"activation_{}\"", i + 1)
            } else {
                "\"missing_driver\"".into()
            }
        },
    );
    let plan = format!(
        "{TEAM}north_star = \"activation_0\"\n\n[[objective]]\nid = \"O1\"\ntitle = \"Ship\"\nowner = \"li\"\n\n[[objective.key_result]]\nid = \"O1.KR1\"\ntitle = \"Raise activation from 32% to 45%\"\nmetric = \"activation_{}\"\nbaseline = 0.32\ntarget = 0.45\n",
        n - 1
    )
    .replacen("\n\nnorth_star", "\nnorth_star", 1);
    let plan = plan.replace(
        "period = { start = 2026-01-01, end = 2026-03-31 }\n\nnorth_star",
        "period = { start = 2026-01-01, end = 2026-03-31 }\nnorth_star",
    );
    let all = format!("{plan}\n{text}");
    let report = timed("40k metrics, a driver chain", || {
        check(&[("plan.toml", &all)], "plan.toml")
    });
    assert_eq!(count(&report, "CA005"), 1, "{:?}", codes(&report));
    assert_eq!(count(&report, "DR001"), 0);
    assert_eq!(count(&report, "SC002"), 0);
}

// ---------------------------------------------------------------------------------------
// 3. Suppression comments

const NO_OWNER: &str = "[team]\nname = \"Growth\"\nperiod = { start = 2026-01-01, end = 2026-03-31 }\n\n[[objective]]\nid = \"O1\"\ntitle = \"New teams share a dashboard in week one\"\n\n[[objective.key_result]]\nid = \"O1.KR1\"\ntitle = \"Raise week-1 activation from 32% to 45%\"\nbaseline = 0.32\ntarget = 0.45\ndue = 2026-03-31\n";

/// `NO_OWNER` with a comment at the end of the objective's `id` line, where ME002 points.
fn with_allow(allow: &str) -> String {
    NO_OWNER.replace("id = \"O1\"\n", &format!("id = \"O1\" # {allow}\n"))
}

#[test]
fn allow_comments_accept_codes_names_and_families_with_any_spacing() {
    let plain = check(&[("plan.toml", NO_OWNER)], "plan.toml");
    assert!(count(&plain, "ME002") >= 1, "{:?}", codes(&plain));
    let on_kr = |r: &Report| count(r, "ME002");
    assert_eq!(on_kr(&plain), 1, "{:?}", plain.findings);
    for allow in [
        "okrlint: allow(ME002)",
        "okrlint:allow(ME002)",
        "okrlint :allow( ME002 )",
        "okrlint: allow(missing-owner)",
        "okrlint: allow(measurability)",
        "okrlint: allow(ME)",
    ] {
        let report = check(&[("plan.toml", &with_allow(allow))], "plan.toml");
        assert_eq!(on_kr(&report), 0, "{allow}: {:?}", codes(&report));
        assert_eq!(count(&report, "SC008"), 0, "{allow}: {:?}", report.findings);
    }
    // A name or family that suppresses nothing is still reported as unused.
    let report = check(
        &[(
            "plan.toml",
            &with_allow("okrlint: allow(output-verb-key-result, outcomes)"),
        )],
        "plan.toml",
    );
    let unused: Vec<_> = of(&report, "SC008");
    assert_eq!(unused.len(), 1, "{:?}", codes(&report));
    assert!(
        unused[0].message.contains("suppresses nothing"),
        "{}",
        unused[0].message
    );
}

#[test]
fn unknown_codes_in_allow_comments_are_reported_with_did_you_mean() {
    let report = check(
        &[("plan.toml", &with_allow("okrlint: allow(ME02)"))],
        "plan.toml",
    );
    let unused: Vec<_> = of(&report, "SC008");
    assert_eq!(unused.len(), 1, "{:?}", codes(&report));
    assert!(unused[0].message.contains("ME02"));
    assert!(
        unused[0].help.contains("did you mean"),
        "{}",
        unused[0].help
    );
    let report = check(
        &[("plan.toml", &with_allow("okrlint:allow(missing-ownr)"))],
        "plan.toml",
    );
    let unused: Vec<_> = of(&report, "SC008");
    assert_eq!(unused.len(), 1, "{:?}", codes(&report));
    assert!(
        unused[0].help.contains("missing-owner"),
        "{}",
        unused[0].help
    );
}

#[test]
fn a_marker_without_allow_is_reported_not_ignored() {
    // `okrlint: alow(ME002)` / `okrlint allow(ME002)`: a suppression the user meant, which
    // would otherwise be silently ignored.
    for comment in [
        "okrlint: alow(ME002)",
        "okrlint allow(ME002)",
        "okrlint: allow ME002",
    ] {
        let report = check(&[("plan.toml", &with_allow(comment))], "plan.toml");
        assert_eq!(
            count(&report, "SC008"),
            1,
            "{comment}: {:?}",
            codes(&report)
        );
    }
}

#[test]
fn unknown_codes_in_per_file_ignores_are_reported_with_did_you_mean() {
    let config = "[per-file-ignores]\n\"plan.toml\" = [\"ME02\", \"missing-ownr\", \"missing-owner\", \"measurability\"]\n";
    let report = check(
        &[("okrlint.toml", config), ("plan.toml", NO_OWNER)],
        "plan.toml",
    );
    let bad: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.code == "SC003" && f.file.ends_with("okrlint.toml"))
        .collect();
    assert_eq!(bad.len(), 2, "{:?}", report.findings);
    assert!(
        bad.iter().all(|f| f.help.contains("did you mean")),
        "{bad:?}"
    );
    assert!(
        bad.iter().any(|f| f.help.contains("missing-owner")),
        "{bad:?}"
    );
    assert_eq!(count(&report, "ME002"), 0);
}

// ---------------------------------------------------------------------------------------
// 4. Pathological globs

#[test]
fn pathological_per_file_ignore_globs_are_config_errors() {
    let class = format!("[{}]", "a-b".repeat(34_000));
    let nested = format!("{}x{}", "{".repeat(10_000), "}".repeat(10_000));
    let alternatives = format!(
        "{{{}}}",
        (0..20_000)
            .map(|i| format!("f{i}"))
            .collect::<Vec<_>>()
            .join(",")
    );
    for glob in [
        class.as_str(),
        nested.as_str(),
        "[",
        "a[",
        "{a,b",
        "**/[z-a]",
        alternatives.as_str(),
    ] {
        let escaped = glob.replace('\\', "\\\\").replace('"', "\\\"");
        let config = format!(
            "include = [\"{escaped}\"]\nexclude = [\"{escaped}\"]\n[per-file-ignores]\n\"{escaped}\" = [\"ME002\"]\n"
        );
        let dir = tempfile::tempdir().unwrap();
        let started = Instant::now();
        let report = check_in(
            dir.path(),
            &[("okrlint.toml", &config), ("plan.toml", NO_OWNER)],
            "plan.toml",
        );
        eprintln!(
            "[time] glob of {} chars: {:?}",
            glob.len(),
            started.elapsed()
        );
        let report = report.expect("a bad glob is a finding on the config, not a stop");
        // Either the glob compiled (then it is harmless) or it is a located config error.
        for f in report
            .findings
            .iter()
            .filter(|f| f.file.ends_with("okrlint.toml"))
        {
            assert_eq!(f.code, "SC003", "{f:?}");
            assert!(f.line >= 1);
        }
        render::human(&report, render::HumanStyle::plain());
    }
    let report = check(
        &[
            ("okrlint.toml", "[per-file-ignores]\n\"[\" = [\"ME002\"]\n"),
            ("plan.toml", NO_OWNER),
        ],
        "plan.toml",
    );
    let bad: Vec<_> = of(&report, "SC003");
    assert_eq!(bad.len(), 1, "{:?}", report.findings);
    assert!(bad[0].message.contains("glob"), "{}", bad[0].message);
    assert!(
        bad[0].fatal || report.findings.iter().any(|f| f.fatal),
        "a config error stops the run"
    );
}

// ---------------------------------------------------------------------------------------
// 5. Forged output lines

#[test]
fn control_characters_in_keys_cannot_forge_finding_lines() {
    let plan = format!(
        "{TEAM}\"evil\\nplan.toml:1:1: error[SC001] fake\" = 1\n[[objective]]\nid = \"O1\\nplan.toml:2:2: error SC001 fake\"\ntitle = \"Ship\\r\\nplan.toml:3:3: error SC001 fake\"\nowner = \"li\"\n\"cr\\rplan.toml:4:4: error SC001 fake\" = 2\n\"ls\u{2028}plan.toml:5:5: error SC001 fake\u{2029}\" = 3\n"
    );
    let report = check(&[("plan.toml", &plan)], "plan.toml");
    assert!(!report.findings.is_empty());
    let n = report.findings.len();
    assert!(
        report.findings.iter().any(|f| f.message.contains('\r'))
            && report
                .findings
                .iter()
                .any(|f| f.message.contains('\u{2028}')),
        "{:?}",
        report.findings
    );
    let concise = render::concise(&report);
    assert_eq!(concise.lines().count(), n, "{concise}");
    assert!(!concise.contains('\r'));
    assert!(!concise.contains('\u{2028}'), "{concise}");
    let github = render::github(&report);
    assert_eq!(github.lines().count(), n, "{github}");
    assert!(!github.contains('\r'));
    // JSON-based and XML reports escape by construction; they must still parse.
    let gitlab = render::gitlab(&report);
    let parsed: serde_json::Value = serde_json::from_str(&gitlab).unwrap();
    assert_eq!(parsed.as_array().unwrap().len(), n);
    let junit = render::junit(&report);
    // XML, not line-based: a newline inside an attribute is data; the structure holds.
    assert_eq!(junit.matches("<failure ").count(), n, "{junit}");
    assert!(!junit.contains("<failure message=\"evil\nplan.toml:1:1"));
    // The step summary is a Markdown table: one row per finding (CommonMark ends a line at
    // `\r` too), and no row smuggled into a message.
    let summary = render::github_summary(&report);
    let rows = summary.lines().filter(|l| l.starts_with("| ")).count();
    assert_eq!(rows, n + 1, "{summary}");
    assert!(!summary.contains('\r'), "{summary}");
    let human = render::human(&report, render::HumanStyle::plain());
    assert!(
        !human.lines().any(|l| l.starts_with("plan.toml:")),
        "{human}"
    );
}

// ---------------------------------------------------------------------------------------
// 6. One mistake, one finding

/// A plan whose parts each take extra lines; `kr` holds every KR key but its id and title.
fn kr_plan(kr: &str, objective: &str, initiative: &str, team: &str) -> String {
    format!(
        "[team]\nname = \"Growth\"\nnorth_star = \"weekly_active_teams\"\n{team}\n[[objective]]\nid = \"O1\"\ntitle = \"New teams share a dashboard in week one\"\n{objective}\n[[objective.key_result]]\nid = \"O1.KR1\"\ntitle = \"Raise week-1 activation\"\n{kr}\n[[objective.initiative]]\ntitle = \"Guided checklist\"\nmoves = [\"O1.KR1\"]\n{initiative}\n"
    )
}

fn near(report: &Report, code: &str) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| f.code == code)
        .map(|f| format!("{}:{} {}", f.line, f.column, f.message))
        .collect()
}

const PERIOD: &str = "period = { start = 2026-01-01, end = 2026-03-31 }\n";
const GOOD_KR: &str =
    "metric = \"activation_w1\"\nbaseline = 0.32\ntarget = 0.45\nowner = \"maria\"\ndue = 2026-03-31\nguardrails = [\"weekly_active_teams\"]\n";
const GOOD_INITIATIVE: &str =
    "owner = \"li\"\ndue = 2026-03-01\nhypothesis = \"a checklist helps\"\n";
const GOOD_METRIC: &str = "[[metric]]\nid = \"activation_w1\"\nname = \"Week-1 activation\"\nkind = \"driver\"\ncategory = \"engagement\"\nformula = \"a / b\"\nwindow = \"weekly\"\ncohort = \"new teams\"\nowner = \"maria\"\nunit = \"ratio\"\n";

const NORTH_STAR: &str = "[[metric]]\nid = \"weekly_active_teams\"\nname = \"Weekly active teams\"\nkind = \"outcome\"\ncategory = \"engagement\"\nformula = \"count(teams)\"\nwindow = \"weekly\"\ncohort = \"all teams\"\nowner = \"maria\"\nunit = \"count\"\ndrivers = [\"activation_w1\"]\n";

/// Every finding a case may draw besides the one it must (the clean plan draws none of these).
const WATCHED: &[&str] = &[
    "ME001", "ME002", "ME003", "ME004", "ME014", "ME015", "DR002", "DR004", "DR006", "CA002",
    "CA006", "EX001", "EX002", "EX003", "SC002", "SC003", "SC004", "OU002", "OU010", "BA004",
];

#[test]
fn a_typo_or_a_wrong_type_draws_one_finding() {
    let plan = |kr: &str, objective: &str, initiative: &str, team: &str, metric: &str| {
        format!(
            "{}\n{NORTH_STAR}\n{metric}",
            kr_plan(kr, objective, initiative, team)
        )
    };
    let clean = check(
        &[(
            "plan.toml",
            &plan(
                GOOD_KR,
                "owner = \"li\"\n",
                GOOD_INITIATIVE,
                PERIOD,
                GOOD_METRIC,
            ),
        )],
        "plan.toml",
    );
    for code in WATCHED {
        assert_eq!(
            count(&clean, code),
            0,
            "{code} on the clean plan: {:?}",
            near(&clean, code)
        );
    }
    let kr = |from: &str, to: &str| GOOD_KR.replace(from, to);
    let init = |from: &str, to: &str| GOOD_INITIATIVE.replace(from, to);
    let metric = |from: &str, to: &str| GOOD_METRIC.replace(from, to);
    let experiment = "kind = \"experiment\"\nmde = 0.02\nsuccess = \"+2pp\"\nkill = \"-1pp\"\n";
    let ok = |s: &str| s.to_string();
    // (KR, objective, initiative, team, metric; the finding it draws)
    let cases: Vec<[String; 6]> = vec![
        [
            kr("owner", "onwer"),
            ok(""),
            ok(GOOD_INITIATIVE),
            ok(PERIOD),
            ok(GOOD_METRIC),
            ok("SC002"),
        ],
        [
            kr("owner = \"maria\"", "owner = 7"),
            ok(""),
            ok(GOOD_INITIATIVE),
            ok(PERIOD),
            ok(GOOD_METRIC),
            ok("SC003"),
        ],
        [
            kr("baseline = 0.32", "baseline = \"2.1%\""),
            ok(""),
            ok(GOOD_INITIATIVE),
            ok(PERIOD),
            ok(GOOD_METRIC),
            ok("SC003"),
        ],
        [
            kr("baseline", "basline"),
            ok("owner = \"li\"\n"),
            ok(GOOD_INITIATIVE),
            ok(PERIOD),
            ok(GOOD_METRIC),
            ok("SC002"),
        ],
        [
            kr("target", "targt"),
            ok("owner = \"li\"\n"),
            ok(GOOD_INITIATIVE),
            ok(PERIOD),
            ok(GOOD_METRIC),
            ok("SC002"),
        ],
        [
            kr("due = 2026-03-31", "due = \"soon\""),
            ok("owner = \"li\"\n"),
            ok(GOOD_INITIATIVE),
            ok(""),
            ok(GOOD_METRIC),
            ok("SC003"),
        ],
        [
            kr("due", "deu"),
            ok("owner = \"li\"\n"),
            ok(GOOD_INITIATIVE),
            ok(""),
            ok(GOOD_METRIC),
            ok("SC002"),
        ],
        [
            format!("{GOOD_KR}{}", experiment.replace("mde", "mdee")),
            ok("owner = \"li\"\n"),
            ok(GOOD_INITIATIVE),
            ok(PERIOD),
            ok(GOOD_METRIC),
            ok("SC002"),
        ],
        [
            format!("{GOOD_KR}{}", experiment.replace("success", "sucess")),
            ok("owner = \"li\"\n"),
            ok(GOOD_INITIATIVE),
            ok(PERIOD),
            ok(GOOD_METRIC),
            ok("SC002"),
        ],
        [
            format!(
                "{GOOD_KR}{}",
                experiment.replace("kill = \"-1pp\"", "kill = 1")
            ),
            ok("owner = \"li\"\n"),
            ok(GOOD_INITIATIVE),
            ok(PERIOD),
            ok(GOOD_METRIC),
            ok("SC003"),
        ],
        [
            kr("id", "id"),
            ok("ownr = \"li\"\n"),
            ok(GOOD_INITIATIVE),
            ok(PERIOD),
            ok(GOOD_METRIC),
            ok("SC002"),
        ],
        [
            kr("id", "id"),
            ok("owner = [\"li\"]\n"),
            ok(GOOD_INITIATIVE),
            ok(PERIOD),
            ok(GOOD_METRIC),
            ok("SC003"),
        ],
        [
            ok(GOOD_KR),
            ok(""),
            init("owner", "onwer"),
            ok(PERIOD),
            ok(GOOD_METRIC),
            ok("SC002"),
        ],
        [
            ok(GOOD_KR),
            ok("owner = \"li\"\n"),
            init("due = 2026-03-01", "due = \"soon\""),
            ok(PERIOD),
            ok(GOOD_METRIC),
            ok("SC003"),
        ],
        [
            ok(GOOD_KR),
            ok("owner = \"li\"\n"),
            init("due", "deu"),
            ok(PERIOD),
            ok(GOOD_METRIC),
            ok("SC002"),
        ],
        [
            ok(GOOD_KR),
            ok("owner = \"li\"\n"),
            init("hypothesis", "hypothsis"),
            ok(PERIOD),
            ok(GOOD_METRIC),
            ok("SC002"),
        ],
        [
            kr("due = 2026-03-31\n", ""),
            ok("owner = \"li\"\n"),
            ok(GOOD_INITIATIVE),
            PERIOD.replace("period", "perod"),
            ok(GOOD_METRIC),
            ok("SC002"),
        ],
        [
            kr("due = 2026-03-31\n", ""),
            ok("owner = \"li\"\n"),
            ok(GOOD_INITIATIVE),
            ok("period = \"Q1\"\n"),
            ok(GOOD_METRIC),
            ok("SC003"),
        ],
        [
            kr("due = 2026-03-31\n", ""),
            ok("owner = \"li\"\n"),
            ok(GOOD_INITIATIVE),
            PERIOD.replace("end", "edn"),
            ok(GOOD_METRIC),
            ok("SC002"),
        ],
        [
            kr("due = 2026-03-31\n", ""),
            ok("owner = \"li\"\n"),
            ok(GOOD_INITIATIVE),
            PERIOD.replace("2026-03-31", "\"March\""),
            ok(GOOD_METRIC),
            ok("SC003"),
        ],
        [
            kr("owner = \"maria\"\n", ""),
            ok(""),
            ok(GOOD_INITIATIVE),
            format!("{PERIOD}onwer = \"maria\"\n"),
            ok(GOOD_METRIC),
            ok("SC002"),
        ],
        [
            ok(GOOD_KR),
            ok("owner = \"li\"\n"),
            ok(GOOD_INITIATIVE),
            ok(PERIOD),
            ok(GOOD_METRIC),
            ok("-north"),
        ],
        [
            ok(GOOD_KR),
            ok("owner = \"li\"\n"),
            ok(GOOD_INITIATIVE),
            ok(PERIOD),
            metric("formula", "formla"),
            ok("SC002"),
        ],
        [
            ok(GOOD_KR),
            ok("owner = \"li\"\n"),
            ok(GOOD_INITIATIVE),
            ok(PERIOD),
            metric("window = \"weekly\"", "window = 7"),
            ok("SC003"),
        ],
        [
            ok(GOOD_KR),
            ok("owner = \"li\"\n"),
            ok(GOOD_INITIATIVE),
            ok(PERIOD),
            metric("owner", "onwer"),
            ok("SC002"),
        ],
        [
            ok(GOOD_KR),
            ok("owner = \"li\"\n"),
            ok(GOOD_INITIATIVE),
            ok(PERIOD),
            format!(
                "{}drivrs = [\"x\"]\n",
                metric("kind = \"driver\"", "kind = \"outcome\"")
            ),
            ok("SC002"),
        ],
        [
            kr("metric", "metirc").replace("target = 0.45\n", ""),
            ok("owner = \"li\"\n"),
            ok(GOOD_INITIATIVE),
            ok(PERIOD),
            ok(GOOD_METRIC),
            ok("SC002"),
        ],
        [
            kr("target = 0.45", "target = \"45%\"").replace("metric = \"activation_w1\"\n", ""),
            ok("owner = \"li\"\n"),
            ok(GOOD_INITIATIVE),
            ok(PERIOD),
            ok(GOOD_METRIC),
            ok("SC003"),
        ],
        [
            kr("guardrails", "guardrals"),
            ok("owner = \"li\"\n"),
            ok(GOOD_INITIATIVE),
            ok(PERIOD),
            ok(GOOD_METRIC),
            ok("SC002"),
        ],
        [
            format!("{GOOD_KR}# di\n"),
            ok("owner = \"li\"\n"),
            ok(GOOD_INITIATIVE),
            ok(PERIOD),
            ok(GOOD_METRIC),
            ok("SC002"),
        ],
    ];
    for [kr, objective, initiative, team, metric, draws] in &cases {
        let mut text = plan(kr, objective, initiative, team, metric);
        let mut draws = draws.as_str();
        if draws == "-north" {
            text = text.replace("north_star =", "north_sta =");
            draws = "SC002";
        }
        if kr.contains("# di") {
            text = text.replace("id = \"O1.KR1\"", "idd = \"O1.KR1\"");
        }
        let report = check(&[("plan.toml", &text)], "plan.toml");
        assert_eq!(
            count(&report, draws),
            1,
            "{text}\nshould draw one {draws}: {:?}",
            codes(&report)
        );
        // A case leaving the objective without an owner (to see a KR's or an initiative's
        // own key matter) draws that objective's own ME002 rightly.
        let objective_unowned = objective.is_empty() && !team.contains("onwer");
        for code in WATCHED.iter().filter(|c| **c != draws) {
            let extra = report
                .findings
                .iter()
                .filter(|f| f.code == *code)
                .filter(|f| !(objective_unowned && f.message == "objective `O1` has no owner"))
                .count();
            assert_eq!(
                extra,
                0,
                "{text}\ndrew {draws} and also {code}: {:?}",
                near(&report, code)
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// 7. Bounded reads

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

/// Runs `f` on a thread and fails if it does not return within a few seconds (a FIFO opened
/// for reading blocks until a writer comes).
fn within_seconds<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(std::time::Duration::from_secs(20))
        .unwrap_or_else(|_| panic!("{what}: blocked"))
}

#[cfg(unix)]
#[test]
fn fifos_devices_and_symlinks_to_them_are_refused_by_path() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    mkfifo(&root.join("fifo.toml"));
    std::os::unix::fs::symlink("/dev/zero", root.join("zero.toml")).unwrap();
    std::os::unix::fs::symlink(root.join("fifo.toml"), root.join("to-fifo.toml")).unwrap();
    std::fs::create_dir(root.join("walk")).unwrap();
    mkfifo(&root.join("walk/OKR.md"));
    mkfifo(&root.join("walk/plan.toml"));
    std::fs::create_dir(root.join("rules")).unwrap();
    mkfifo(&root.join("rules/extra.toml"));
    std::fs::write(root.join("plan.toml"), NO_OWNER).unwrap();

    for name in ["fifo.toml", "zero.toml", "to-fifo.toml"] {
        let path = root.join(name);
        let shown = path.clone();
        let report = within_seconds(name, move || {
            lint::run(
                &LintOptions {
                    paths: vec![path],
                    no_config: true,
                    today: Some(today()),
                    ..LintOptions::default()
                },
                &NoEngine,
            )
        })
        .expect("a bad path is a finding");
        let f = report
            .findings
            .iter()
            .find(|f| f.code == "SC009")
            .unwrap_or_else(|| panic!("{name}: {:?}", codes(&report)));
        assert!(
            f.message.contains(&*shown.to_string_lossy()) || f.file.contains(name),
            "{f:?}"
        );
        assert!(f.message.contains("not a regular file"), "{}", f.message);
    }
    // A directory holding FIFOs: each reported, none waited on.
    let walk = root.join("walk");
    let report = within_seconds("walk", move || {
        lint::run(
            &LintOptions {
                paths: vec![walk],
                no_config: true,
                today: Some(today()),
                ..LintOptions::default()
            },
            &NoEngine,
        )
    })
    .unwrap();
    assert_eq!(count(&report, "SC009"), 2, "{:?}", report.findings);
    // A rules directory holding a FIFO, a config that is /dev/zero, a metrics catalog that
    // is a FIFO: refused with the path named.
    let (rules, plan) = (root.join("rules"), root.join("plan.toml"));
    let error = within_seconds("rules", move || {
        lint::run(
            &LintOptions {
                paths: vec![plan],
                no_config: true,
                rules_dirs: vec![rules],
                ..LintOptions::default()
            },
            &NoEngine,
        )
        .err()
    })
    .expect("a FIFO in a rules directory stops the run");
    assert!(
        error.contains("extra.toml") && error.contains("not a regular file"),
        "{error}"
    );
    let plan = root.join("plan.toml");
    let error = within_seconds("config", move || {
        lint::run(
            &LintOptions {
                paths: vec![plan],
                config_path: Some(PathBuf::from("/dev/zero")),
                ..LintOptions::default()
            },
            &NoEngine,
        )
        .err()
    })
    .expect("/dev/zero as the config stops the run");
    assert!(error.contains("/dev/zero"), "{error}");
    let (plan, fifo) = (root.join("plan.toml"), root.join("fifo.toml"));
    let report = within_seconds("metrics", move || {
        lint::run(
            &LintOptions {
                paths: vec![plan],
                no_config: true,
                metrics: Some(fifo),
                today: Some(today()),
                ..LintOptions::default()
            },
            &NoEngine,
        )
    })
    .unwrap();
    assert_eq!(count(&report, "SC009"), 1, "{:?}", codes(&report));
}

#[test]
fn driver_key_results_and_initiatives_match_in_linear_time() {
    // DR006 looks for the initiatives moving each driver KR: n KRs, n initiatives.
    let n = scaled(10_000);
    let mut plan = String::from(TEAM);
    plan = plan.replace("[team]\n", "[team]\nnorth_star = \"activation_0\"\n");
    plan.push_str("[[objective]]\nid = \"O1\"\ntitle = \"Ship\"\nowner = \"li\"\n\n");
    for i in 0..n {
        plan.push_str(&format!(
            "[[objective.key_result]]\nid = \"O1.KR{i}\"\ntitle = \"Raise activation from 32% to 45%\"\nmetric = \"activation_1\"\nbaseline = 0.32\ntarget = 0.45\n\n[[objective.initiative]]\ntitle = \"Checklist {i}\"\nmoves = [\"O1.KR{i}\"]\nowner = \"li\"\n{}\n",
            if i % 2 == 0 { "hypothesis = \"a checklist lifts activation\"\n" } else { "" }
        ));
    }
    let text = catalog(
        2,
        |i| format!("f{i}"),
        |i| {
            if i == 0 {
                "\"activation_1\"".into()
            } else {
                String::new()
            }
        },
    );
    let all = format!("{plan}\n{text}");
    let report = timed("10k driver KRs, 10k initiatives", || {
        check(&[("plan.toml", &all)], "plan.toml")
    });
    assert_eq!(
        count(&report, "DR006"),
        n / 2,
        "{:?}",
        codes(&report).first()
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_named_like_an_ignore_file_does_not_block_a_walk() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("walk");
    std::fs::create_dir_all(root.join("sub")).unwrap();
    std::fs::write(root.join("sub/plan.toml"), NO_OWNER).unwrap();
    mkfifo(&root.join(".gitignore"));
    mkfifo(&root.join("sub/.ignore"));
    let report = within_seconds("walk with FIFO ignore files", move || {
        lint::run(
            &LintOptions {
                paths: vec![root],
                no_config: true,
                today: Some(today()),
                ..LintOptions::default()
            },
            &NoEngine,
        )
    })
    .unwrap();
    // The FIFO at the top stops the walk with a finding naming it.
    let refused: Vec<_> = of(&report, "SC009");
    assert_eq!(refused.len(), 1, "{:?}", report.findings);
    assert!(refused[0].file.ends_with(".gitignore"), "{:?}", refused[0]);
    assert!(refused[0].message.contains("not a regular file"));

    // One below: that directory is skipped and named; the rest is walked.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("walk");
    std::fs::create_dir_all(root.join("sub")).unwrap();
    std::fs::create_dir_all(root.join("other")).unwrap();
    std::fs::write(root.join("sub/plan.toml"), NO_OWNER).unwrap();
    std::fs::write(root.join("other/plan.toml"), NO_OWNER).unwrap();
    mkfifo(&root.join("sub/.ignore"));
    std::os::unix::fs::symlink("/dev/zero", root.join("other/.gitignore")).unwrap();
    std::fs::write(root.join("plan.toml"), NO_OWNER).unwrap();
    let report = within_seconds("walk with a FIFO ignore file below", move || {
        lint::run(
            &LintOptions {
                paths: vec![root],
                no_config: true,
                today: Some(today()),
                ..LintOptions::default()
            },
            &NoEngine,
        )
    })
    .unwrap();
    let refused: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.code == "SC009")
        .map(|f| f.file.clone())
        .collect();
    assert_eq!(refused.len(), 2, "{:?}", report.findings);
    assert!(
        refused.iter().any(|f| f.ends_with("sub/.ignore")),
        "{refused:?}"
    );
    assert!(
        refused.iter().any(|f| f.ends_with("other/.gitignore")),
        "{refused:?}"
    );
    assert_eq!(
        count(&report, "ME002"),
        1,
        "the top plan is read: {:?}",
        codes(&report)
    );
}

#[cfg(unix)]
#[test]
fn an_okrlint_toml_that_is_a_fifo_is_refused_by_name_not_passed_over() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::write(root.join("plan.toml"), NO_OWNER).unwrap();
    mkfifo(&root.join("okrlint.toml"));
    let plan = root.join("plan.toml");
    let error = within_seconds("okrlint.toml FIFO", move || {
        lint::run(
            &LintOptions {
                paths: vec![plan],
                today: Some(today()),
                ..LintOptions::default()
            },
            &NoEngine,
        )
        .err()
    })
    .expect("a config that cannot be read stops the run");
    assert!(
        error.contains("okrlint.toml") && error.contains("not a regular file"),
        "{error}"
    );
}

#[test]
fn lagging_outcomes_in_many_objectives_trace_their_tree_once() {
    // DR005 looks for a leading indicator in a lagging KR's driver tree: n objectives with a
    // KR on the same lagging metric, whose tree is a chain of n metrics that are all its own
    // arithmetic (expansion MRR), so no objective finds one.
    let n = scaled(2_000);
    let mut text = String::from(TEAM);
    text = text.replace("[team]\n", "[team]\nnorth_star = \"nrr\"\n");
    for i in 0..n {
        text.push_str(&format!(
            "[[objective]]\nid = \"O{i}\"\ntitle = \"Keep customers\"\nowner = \"li\"\n\n[[objective.key_result]]\nid = \"O{i}.KR1\"\ntitle = \"Raise NRR from 100% to 110%\"\nmetric = \"nrr\"\nbaseline = 1.0\ntarget = 1.1\n\n"
        ));
    }
    text.push_str("[[metric]]\nid = \"nrr\"\nname = \"Net revenue retention\"\nkind = \"outcome\"\ndrivers = [\"part_0\"]\n\n");
    for i in 0..n {
        let next = if i + 1 < n {
            format!("\"part_{}\"", i + 1)
        } else {
            String::new()
        };
        text.push_str(&format!(
            "[[metric]]\nid = \"part_{i}\"\nname = \"Expansion MRR {i}\"\nkind = \"driver\"\ndrivers = [{next}]\n\n"
        ));
    }
    let report = timed(
        "2k objectives on a lagging metric, a 2k-metric tree",
        || check(&[("plan.toml", &text)], "plan.toml"),
    );
    assert_eq!(count(&report, "DR005"), n, "{:?}", codes(&report).first());
}

#[test]
fn many_plans_on_one_north_star_trace_its_tree_once() {
    // DR001 traces each plan's north star: n plan files under one catalog of n metrics.
    let n = scaled(2_000);
    let dir = tempfile::tempdir().unwrap();
    let mut files: Vec<(String, String)> = Vec::new();
    for i in 0..n {
        let metric = if i % 2 == 0 {
            format!("m{}", n - 1)
        } else {
            "lonely".to_string()
        };
        files.push((
            format!("plans/team{i:05}.toml"),
            format!("{}[[objective]]\nid = \"O1\"\ntitle = \"Ship\"\nowner = \"li\"\n\n[[objective.key_result]]\nid = \"O1.KR1\"\ntitle = \"Raise activation from 32% to 45%\"\nmetric = \"{metric}\"\nbaseline = 0.32\ntarget = 0.45\n", TEAM.replace("[team]\n", "[team]\nnorth_star = \"m0\"\n")),
        ));
    }
    let mut catalog = String::from("[[metric]]\nid = \"lonely\"\nname = \"Lonely\"\n\n");
    for i in 0..n {
        let next = if i + 1 < n {
            format!("\"m{}\"", i + 1)
        } else {
            String::new()
        };
        catalog.push_str(&format!(
            "[[metric]]\nid = \"m{i}\"\nname = \"Step {i}\"\ndrivers = [{next}]\n\n"
        ));
    }
    files.push(("plans/metrics.toml".into(), catalog));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let report = timed("2k plans, one north star, a 2k-metric tree", || {
        check_in(dir.path(), &refs, "plans").unwrap()
    });
    assert_eq!(
        count(&report, "DR001"),
        n / 2,
        "{:?}",
        codes(&report).first()
    );
}

#[test]
fn many_unguarded_key_results_are_reported_in_linear_time() {
    // BA004 on every KR (an engagement metric with no guardrail); EX005 on every experiment
    // initiative whose MDE exceeds the change of the KR it moves.
    let n = scaled(10_000);
    let mut text = String::from(TEAM);
    text.push_str("[[objective]]\nid = \"O1\"\ntitle = \"Ship\"\nowner = \"li\"\n\n");
    for i in 0..n {
        text.push_str(&format!(
            "[[objective.key_result]]\nid = \"O1.KR{i}\"\ntitle = \"Raise activation from 32% to 45%\"\nmetric = \"activation_0\"\nbaseline = 0.32\ntarget = 0.45\n\n[[objective.initiative]]\ntitle = \"Test {i}\"\nkind = \"experiment\"\nmoves = [\"O1.KR{i}\"]\nmde = 0.5\n\n"
        ));
    }
    let all = format!(
        "{text}\n{}",
        catalog(1, |_| "a / b".into(), |_| String::new())
    );
    let report = timed("10k unguarded KRs, 10k experiments", || {
        check(&[("plan.toml", &all)], "plan.toml")
    });
    assert_eq!(count(&report, "BA004"), n, "{:?}", codes(&report).first());
    assert_eq!(count(&report, "EX005"), n, "{:?}", codes(&report).first());
    assert!(report
        .findings
        .iter()
        .filter(|f| f.code == "BA004")
        .all(|f| f.objective.as_deref() == Some("O1")));
}

#[cfg(unix)]
#[test]
fn a_data_file_error_on_a_fifo_or_device_renders_without_reading_it() {
    use okrlint_core::engine::InputError;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("exports.csv");
    mkfifo(&fifo);
    for path in [fifo, PathBuf::from("/dev/zero")] {
        let shown = path.clone();
        let text = within_seconds("input_error", move || {
            let error = InputError::at(&path, 3, Some("mrr"), "not a number");
            let registry = okrlint_core::registry::Registry::builtin();
            render::input_error(&error, &registry, render::HumanStyle::plain())
        });
        assert!(text.contains("not a number"), "{}: {text}", shown.display());
    }
    // A regular file still shows its cell.
    let csv = dir.path().join("ok.csv");
    std::fs::write(&csv, "month,mrr\n2026-01,100\n2026-02,abc\n").unwrap();
    let error = InputError::at(&csv, 3, Some("mrr"), "not a number");
    let text = render::input_error(
        &error,
        &okrlint_core::registry::Registry::builtin(),
        render::HumanStyle::plain(),
    );
    assert!(text.contains("2026-02,abc"), "{text}");
}

#[test]
fn severity_overrides_accept_rule_names_and_suggest_for_typos() {
    let config =
        "[severity]\nmissing-owner = \"info\"\nME03 = \"info\"\nmissing-baselin = \"info\"\n";
    let report = check(
        &[("okrlint.toml", config), ("plan.toml", NO_OWNER)],
        "plan.toml",
    );
    let me002: Vec<_> = of(&report, "ME002");
    assert_eq!(me002.len(), 1, "{:?}", codes(&report));
    assert_eq!(me002[0].severity.as_str(), "info");
    let bad: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.code == "SC003" && f.file.ends_with("okrlint.toml"))
        .collect();
    assert_eq!(bad.len(), 2, "{bad:?}");
    assert!(bad.iter().any(|f| f.help.contains("`ME003`")), "{bad:?}");
    assert!(
        bad.iter().any(|f| f.help.contains("`missing-baseline`")),
        "{bad:?}"
    );
}

#[test]
fn wide_lines_in_markdown_and_yaml_plans_render_in_the_human_format() {
    let wide = "Grow weekly active teams ".repeat(2_800);
    let markdown =
        format!("# OKRs\n\n## Q1 2026\n\n### {wide}\n\n- {wide}\n- Ship the checklist\n");
    let yaml = format!(
        "objective:\n  - id: O1\n    title: \"{wide}\"\n    key_result:\n      - id: O1.KR1\n        title: {wide}\n        bogus: [{wide}\n"
    );
    for (name, text) in [("OKR.md", markdown), ("plan.yaml", yaml)] {
        let report = check(&[(name, &text)], name);
        assert!(!report.findings.is_empty(), "{name}");
        let out = render::human(&report, render::HumanStyle::plain());
        assert!(out.lines().all(|l| l.chars().count() < 5_000), "{name}");
    }
}
