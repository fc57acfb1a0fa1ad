//! One snapshot per rule from `fixtures/rules/<CODE>/bad.toml`, a clean run on `good.toml`,
//! and the catalog's own consistency.

use std::path::{Path, PathBuf};

use okrlint_core::config::Thresholds;
use okrlint_core::diagnostic::{Family, RuleId};
use okrlint_core::dora::tiers::benchmark;
use okrlint_core::dora::{DoraInputs, DoraOptions};
use okrlint_core::lint::{self, LintOptions, Report};
use okrlint_core::nrr::NrrOptions;
use okrlint_core::registry::Registry;
use okrlint_core::render::{self, input_error as render_input_error, HumanStyle, Passages};
use okrlint_core::rules::{detector_codes, dora, nrr};
use okrlint_core::source::SourceFile;
use okrlint_metrics::dora::compute as dora_compute;
use okrlint_metrics::nrr::compute;
use okrlint_metrics::PolarsEngine;

fn run(paths: &[PathBuf], select: &[&str]) -> Report {
    // A rule about baselines is checked with the baseline beside its fixture.
    let baseline = paths
        .first()
        .and_then(|p| p.parent())
        .map(|dir| dir.join("baseline.json"))
        .filter(|b| b.exists() && paths[0].ends_with("bad.toml"));
    let options = LintOptions {
        paths: paths.to_vec(),
        no_config: true,
        select: select.iter().map(|s| s.to_string()).collect(),
        baseline,
        // ME013 judges `current` against a day: pinned, so the snapshots never drift with the
        // calendar (every fixture's period has ended by then).
        today: Some(jiff::civil::date(2026, 12, 7)),
        ..LintOptions::default()
    };
    lint::run(&options, &PolarsEngine).expect("the check runs")
}

fn human(report: &Report) -> String {
    render::human(
        report,
        HumanStyle {
            color: false,
            width: 100,
            passages: Passages::All,
        },
    )
}

fn fixture_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("fixtures/rules")
        .expect("fixtures/rules exists")
        .map(|e| e.expect("readable").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn every_rule_fires_on_its_bad_fixture() {
    let registry = Registry::builtin();
    let mut failures = Vec::new();
    for rule in registry.rules() {
        let delivery = Path::new("fixtures/rules").join(&rule.code).join("bad");
        if delivery.join("deployments.csv").exists() {
            let out = run_delivery(&delivery, &rule.code);
            if !out.contains(&format!("{}({})", rule.code, rule.name)) {
                failures.push(format!(
                    "{}: bad/ draws no {} finding:\n{out}",
                    rule.code, rule.code
                ));
                continue;
            }
            insta::assert_snapshot!(format!("{}_bad", rule.code), out);
            continue;
        }
        let data = Path::new("fixtures/rules").join(&rule.code).join("bad.csv");
        if data.exists() {
            let out = run_data(&data, &rule.code);
            if !out.contains(&format!("{}({})", rule.code, rule.name)) {
                failures.push(format!(
                    "{}: bad.csv draws no {} finding:\n{out}",
                    rule.code, rule.code
                ));
                continue;
            }
            insta::assert_snapshot!(format!("{}_bad", rule.code), out);
            continue;
        }
        let bad = Path::new("fixtures/rules")
            .join(&rule.code)
            .join("bad.toml");
        if !bad.exists() {
            failures.push(format!("{}: no fixture {}", rule.code, bad.display()));
            continue;
        }
        let report = run(&[bad], &[&rule.code]);
        if !report.findings.iter().any(|f| f.code == rule.code) {
            failures.push(format!(
                "{}: bad.toml draws no {} finding",
                rule.code, rule.code
            ));
            continue;
        }
        insta::assert_snapshot!(format!("{}_bad", rule.code), human(&report));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Runs the NRR engine on a data fixture (segmented by `plan` when the file has one) and
/// renders the findings of one rule (`*`: all), or the input error.
fn run_data(csv: &Path, code: &str) -> String {
    let registry = Registry::builtin();
    let header = std::fs::read_to_string(csv)
        .expect("fixture")
        .lines()
        .next()
        .unwrap_or("")
        .to_string();
    let options = NrrOptions {
        by: if header.contains("plan") {
            vec!["plan".into()]
        } else {
            Vec::new()
        },
        ..NrrOptions::default()
    };
    let style = HumanStyle {
        color: false,
        width: 100,
        passages: Passages::All,
    };
    match compute(csv, &options) {
        Err(error) => render_input_error(&error, &registry, style),
        Ok(report) => {
            let source = SourceFile::new(csv.display().to_string(), csv.to_path_buf(), header);
            let hits: Vec<_> =
                nrr::data::findings(&report, 0, source.line_span(1), &Thresholds::default())
                    .into_iter()
                    .filter(|h| {
                        matches!(h.rule, RuleId::Builtin(c) if c.as_str() == code) || code == "*"
                    })
                    .collect();
            let report = Report::for_hits(source, hits, &registry);
            human(&report)
        }
    }
}

/// Runs the DORA engine on a directory of delivery CSVs (deployments.csv, and changes.csv
/// and incidents.csv when present) and renders one rule's findings (`*`: all).
fn run_delivery(dir: &Path, code: &str) -> String {
    let registry = Registry::builtin();
    let optional = |name: &str| Some(dir.join(name)).filter(|p| p.exists());
    let inputs = DoraInputs {
        deployments: dir.join("deployments.csv"),
        changes: optional("changes.csv"),
        incidents: optional("incidents.csv"),
    };
    let style = HumanStyle {
        color: false,
        width: 100,
        passages: Passages::All,
    };
    match dora_compute(&inputs, &DoraOptions::default()) {
        Err(error) => render_input_error(&error, &registry, style),
        Ok(report) => {
            let header = std::fs::read_to_string(&inputs.deployments)
                .expect("fixture")
                .lines()
                .next()
                .unwrap_or("")
                .to_string();
            let source = SourceFile::new(
                inputs.deployments.display().to_string(),
                inputs.deployments.clone(),
                header,
            );
            let table = benchmark(2024).expect("the 2024 table");
            let hits: Vec<_> = dora::data::findings(
                &report,
                table,
                &Thresholds::default(),
                0,
                source.line_span(1),
            )
            .into_iter()
            .filter(|h| matches!(h.rule, RuleId::Builtin(c) if c.as_str() == code) || code == "*")
            .collect();
            human(&Report::for_hits(source, hits, &registry))
        }
    }
}

#[test]
fn every_good_fixture_is_clean_under_all_rules() {
    let mut failures = Vec::new();
    for dir in fixture_dirs() {
        if dir.join("good").join("deployments.csv").exists() {
            let out = run_delivery(&dir.join("good"), "*");
            if !out.contains("No findings") {
                failures.push(format!("{}:\n{out}", dir.display()));
            }
            continue;
        }
        let data = dir.join("good.csv");
        if data.exists() {
            let out = run_data(&data, "*");
            if !out.contains("No findings") {
                failures.push(format!("{}:\n{out}", data.display()));
            }
            continue;
        }
        let report = run(&[dir.join("good.toml")], &[]);
        if !report.findings.is_empty() {
            failures.push(format!("{}:\n{}", dir.display(), render::concise(&report)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_precision_set_draws_no_finding() {
    let report = run(&[PathBuf::from("fixtures/precision")], &[]);
    assert!(report.files_checked >= 4);
    assert_eq!(render::concise(&report), "");
}

#[test]
fn the_examples_show_the_playbook_at_work() {
    let report = run(&[PathBuf::from("examples")], &[]);
    insta::assert_snapshot!("examples_concise", render::concise(&report));
    let families: std::collections::BTreeSet<Family> =
        report.findings.iter().map(|f| f.family).collect();
    assert!(families.len() >= 7, "only {families:?}");
}

#[test]
fn the_catalog_is_complete_and_consistent() {
    let registry = Registry::builtin();
    let detectors = detector_codes();
    assert!(registry.rules().len() >= 30);
    for family in Family::ALL {
        assert!(
            registry.rules().any(|r| r.family == family),
            "no rule in {family:?}"
        );
    }
    for rule in registry.rules() {
        let code = rule.code.as_str();
        // Every rule rests on something: an essay passage, an outside source, or the statement
        // that it is okrlint's own check (never on nothing, never on a decorative quote).
        assert!(
            !rule.passages.is_empty()
                || !rule.references.is_empty()
                || rule.basis.as_deref() == Some("okrlint"),
            "{code} cites no passage, no reference and no basis"
        );
        // SC005's bad example is an empty file, so only "differs from good" is asked of bad.
        assert!(
            !rule.good.trim().is_empty() && rule.bad != rule.good,
            "{code} lacks examples"
        );
        assert!(
            rule.name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{code} name is not kebab-case"
        );
        match detectors.get(code) {
            Some(family) => {
                assert_eq!(*family, rule.family, "{code} is detected in another family")
            }
            None => assert!(
                rule.matcher.is_some(),
                "{code} has neither a detector nor a word list"
            ),
        }
    }
    for code in detectors.keys() {
        assert!(
            registry.get(code).is_some(),
            "detector {code} has no rule metadata"
        );
    }
    for essay in registry.essays() {
        assert!(
            Path::new("../shared/essays").join(&essay.source).exists()
                || !Path::new("../shared").exists(),
            "{} names a missing source",
            essay.slug
        );
    }
}
