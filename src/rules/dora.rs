//! DORA (OKR side): catalog definitions of the DORA keys that drift from the canonical
//! ones, and delivery metrics turned into individual targets.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::check::Context;
use crate::dora_keys::{classify, Group};
use crate::finding::Hit;
use crate::metrics::day::Day;
use crate::metrics::dora::{compute, DoraInputs, DoraOptions, DoraReport};
use crate::model::Unit;
use crate::rules::measurability::fmt_number;
use crate::rules::terms::{matches_any, normalize};

pub const CODES: &[&str] = &["DO001", "DO002", "DO007"];

const PER_PERSON: &[&str] = &[
    "per engineer",
    "per developer",
    "per person",
    "per dev",
    "per ic",
    "individual",
    "each engineer",
    "each developer",
];

pub fn check(ctx: &Context, hits: &mut Vec<Hit>) {
    declared_baselines(ctx, hits);
    for doc in ctx.documents {
        for metric in &doc.metrics {
            let (Some(id), Some(formula)) = (metric.id_str(), &metric.formula) else {
                continue;
            };
            let Some(key) = classify(&ctx.catalog.describe(id)) else {
                continue;
            };
            if let Some(drift) = drift(&key.id, &normalize(&formula.value)) {
                hits.push(Hit::new(
                    "DO001",
                    doc.file,
                    formula.span.clone(),
                    format!("`{id}` {drift}"),
                ));
            }
        }
    }
    let per_person: Vec<String> = PER_PERSON.iter().map(|s| s.to_string()).collect();
    for (doc, objective, kr) in ctx.key_results() {
        let Some(metric) = &kr.metric else { continue };
        let described = ctx.catalog.describe(&metric.value);
        let delivery = classify(&described)
            .is_some_and(|k| matches!(k.group, Group::Throughput | Group::Instability));
        let subject = format!("{} {described}", kr.title_str());
        if delivery && matches_any(&subject, &per_person) {
            hits.push(
                Hit::new(
                    "DO002",
                    doc.file,
                    kr.title
                        .as_ref()
                        .map_or(metric.span.clone(), |t| t.span.clone()),
                    format!(
                        "`{}` turns a team delivery metric into a per-person target",
                        metric.value
                    ),
                )
                .objective(objective.id_str())
                .key_result(kr.id_str()),
            );
        }
    }
}

/// How a formula departs from DORA's definition of the key, if it does.
fn drift(key: &str, formula: &str) -> Option<&'static str> {
    let averaged = ["mean", "average", "avg"]
        .iter()
        .any(|w| formula.contains(w));
    match key {
        "lead_time" if ["ticket", "created", "issue opened", "story"].iter().any(|w| formula.contains(w)) => {
            Some("measures lead time from ticket creation; DORA measures from commit to running in production")
        }
        "lead_time" | "recovery_time" if averaged => {
            Some("is defined as a mean; DORA reports the median, which one long outlier cannot swing")
        }
        "change_failure_rate" if !formula.split_once('/').is_some_and(|(_, d)| d.contains("deploy") || d.contains("change") || d.contains("release")) => {
            Some("is not divided by the number of deployments, so it is not a rate of failed changes")
        }
        _ => None,
    }
}

/// The delivery files and window one computation serves, for every KR that names them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct DeliveryKey {
    deployments: PathBuf,
    changes: Option<PathBuf>,
    incidents: Option<PathBuf>,
    since: Option<String>,
    until: Option<String>,
}

/// DO007: a KR's declared baseline for a DORA key against the value recomputed from its
/// `source = { deployments = …, changes = …, incidents = … }` over the source's window.
fn declared_baselines(ctx: &Context, hits: &mut Vec<Hit>) {
    let mut computed: BTreeMap<DeliveryKey, Result<DoraReport, String>> = BTreeMap::new();
    for (doc, objective, kr) in ctx.key_results() {
        let (Some(metric), Some(baseline)) = (&kr.metric, &kr.baseline) else {
            continue;
        };
        let described = ctx.catalog.describe(&metric.value);
        let Some(key) = classify(&described) else {
            continue;
        };
        let Some((source, source_file, base)) = ctx.data_source(doc, kr) else {
            continue;
        };
        let Some(deployments) = &source.deployments else {
            continue;
        };
        let text = |field: &Option<crate::model::Sp<String>>| {
            field.as_ref().map(|f| f.value.trim().to_string())
        };
        let lookup = DeliveryKey {
            deployments: base.join(&deployments.value),
            changes: source.changes.as_ref().map(|c| base.join(&c.value)),
            incidents: source.incidents.as_ref().map(|i| base.join(&i.value)),
            since: text(&source.since),
            until: text(&source.until),
        };
        let result = computed
            .entry(lookup.clone())
            .or_insert_with(|| recompute(&lookup));
        let report = match result {
            Ok(report) => report,
            Err(problem) => {
                hits.push(super::unrecomputable(
                    source_file,
                    deployments.span.clone(),
                    &metric.value,
                    problem,
                ));
                continue;
            }
        };
        let unit = kr
            .unit
            .as_ref()
            .or_else(|| ctx.catalog.get(&metric.value).and_then(|m| m.unit.as_ref()))
            .map(|u| u.value);
        let overall = &report.overall;
        let subject = normalize(&format!("{} {described}", kr.title_str()));
        // The recomputed value in the KR's own terms, and the default tolerance.
        let (value, what, tolerance) = match key.id.as_str() {
            "deployment_frequency" => {
                let (scale, per) = if subject.contains("per week") || subject.contains("weekly") {
                    (7.0, "deploys per week")
                } else if subject.contains("per month") || subject.contains("monthly") {
                    (30.0, "deploys per month")
                } else {
                    (1.0, "deploys per day")
                };
                let v = overall.deploys_per_day * scale;
                (Some(v), per, 0.05 * v.abs())
            }
            "lead_time" | "recovery_time" => {
                let hours = if key.id == "lead_time" {
                    overall.lead_time_hours
                } else {
                    overall.recovery_time_hours
                };
                let (scale, unit_name) = if unit == Some(Unit::Days) {
                    (1.0 / 24.0, "days")
                } else {
                    (1.0, "hours")
                };
                let v = hours.map(|h| h * scale);
                (v, unit_name, 0.05 * v.unwrap_or(0.0).abs())
            }
            "change_failure_rate" | "rework_rate" => {
                let rate = if key.id == "change_failure_rate" {
                    overall.change_failure_rate
                } else {
                    overall.rework_rate
                };
                // A rate above 1 can only be a percentage (4 for 4%); the unit decides first.
                let scale = match unit {
                    Some(Unit::Percent) => 100.0,
                    Some(Unit::Ratio) => 1.0,
                    _ if baseline.value > 1.0 => 100.0,
                    _ => 1.0,
                };
                (
                    rate.map(|r| r * scale),
                    if scale > 1.0 { "percent" } else { "ratio" },
                    0.005 * scale,
                )
            }
            _ => continue,
        };
        let Some(value) = value else { continue };
        let tolerance = source.tolerance.as_ref().map_or(tolerance, |t| t.value);
        if (baseline.value - value).abs() > tolerance {
            hits.push(
                Hit::new(
                    "DO007",
                    doc.file,
                    baseline.span.clone(),
                    format!(
                        "baseline {} for `{}` differs from the {} recomputed from {} for {} to {}: {}",
                        fmt_number(baseline.value),
                        metric.value,
                        what,
                        deployments.value,
                        report.window.since,
                        report.window.until,
                        fmt_number((value * 10_000.0).round() / 10_000.0)
                    ),
                )
                .objective(objective.id_str())
                .key_result(kr.id_str()),
            );
        }
    }
}

fn recompute(key: &DeliveryKey) -> Result<DoraReport, String> {
    let day = |text: &Option<String>, field: &str| -> Result<Option<Day>, String> {
        text.as_deref()
            .map(|t| {
                Day::parse(t)
                    .ok_or_else(|| format!("source {field} `{t}` is not a date like 2024-01-31"))
            })
            .transpose()
    };
    let inputs = DoraInputs {
        deployments: key.deployments.clone(),
        changes: key.changes.clone(),
        incidents: key.incidents.clone(),
    };
    let options = DoraOptions {
        since: day(&key.since, "since")?,
        until: day(&key.until, "until")?,
        ..DoraOptions::default()
    };
    compute(&inputs, &options).map_err(|e| e.brief(&e.path.display().to_string()))
}
