//! DORA on the plan side: catalog definitions of the DORA keys that drift from the canonical
//! ones, delivery metrics turned into individual targets, and declared baselines checked
//! against the value recomputed from the KR's delivery data.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::calendar::Day;
use crate::diagnostic::{Code, Hit};
use crate::dora::keys::{classify, DoraKey, Group};
use crate::dora::{DoraFigures, DoraInputs, DoraOptions};
use crate::engine::Engine;
use crate::model::{Spanned, Unit};
use crate::registry::Registry;
use crate::rules::format::{fmt_number, round4};
use crate::rules::Context;
use crate::words::{normalize, Words};

/// DO001, DO002: on the plan and catalog alone.
pub const CODES: &[Code] = &[Code::DO001, Code::DO002];
/// DO007: needs the KR's data, so it runs only when selected.
pub const RECOMPUTED: &[Code] = &[Code::DO007];

pub fn detect(ctx: &Context, hits: &mut Vec<Hit>) {
    for doc in ctx.documents {
        for metric in &doc.metrics {
            let (Some(id), Some(formula)) = (metric.id_str(), &metric.formula) else {
                continue;
            };
            let Some(key) = classify(&ctx.catalog.describe(id)) else {
                continue;
            };
            if let Some(drift) = drift(key.key, &normalize(&formula.value), ctx.registry) {
                hits.push(Hit::new(
                    Code::DO001,
                    doc.file,
                    formula.span.clone(),
                    format!("`{id}` {drift}"),
                ));
            }
        }
    }
    let per_person = ctx.words(Words::PerPerson);
    for (doc, objective, kr) in ctx.key_results() {
        let Some(metric) = &kr.metric else { continue };
        let described = ctx.catalog.describe(&metric.value);
        let delivery = classify(&described)
            .is_some_and(|k| matches!(k.group, Group::Throughput | Group::Instability));
        let subject = format!("{} {described}", kr.title_str());
        if delivery && per_person.matches(&subject) {
            hits.push(
                Hit::new(
                    Code::DO002,
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

/// How a formula (normalized) departs from DORA's definition of the key, if it does.
fn drift(key: DoraKey, formula: &str, registry: &Registry) -> Option<&'static str> {
    let has = |text: &str, words: Words| registry.words(words).occurs_in(text);
    let averaged = has(formula, Words::Averaged);
    match key {
        DoraKey::LeadTime if has(formula, Words::LeadTimeFromTicket) => {
            Some("measures lead time from ticket creation; DORA measures from commit to running in production")
        }
        DoraKey::LeadTime | DoraKey::RecoveryTime if averaged => {
            Some("is defined as a mean; DORA reports the median, which one long outlier cannot swing")
        }
        DoraKey::ChangeFailureRate
            if !formula
                .split_once('/')
                .is_some_and(|(_, d)| has(d, Words::FailureRateDenominator)) =>
        {
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
pub fn recomputed(ctx: &Context, hits: &mut Vec<Hit>) {
    let mut computed: BTreeMap<DeliveryKey, Result<DoraFigures, String>> = BTreeMap::new();
    for (doc, objective, kr) in ctx.key_results() {
        let (Some(metric), Some(baseline)) = (&kr.metric, &kr.baseline) else {
            continue;
        };
        let described = ctx.catalog.describe(&metric.value);
        let Some(key) = classify(&described) else {
            continue;
        };
        // Keys the DORA exports cannot recompute: read no data for them.
        if matches!(
            key.key,
            DoraKey::Availability | DoraKey::Flow | DoraKey::Satisfaction
        ) {
            continue;
        }
        let Some((source, source_file, base)) = ctx.data_source(doc, kr) else {
            continue;
        };
        let Some(deployments) = &source.deployments else {
            continue;
        };
        let text =
            |field: &Option<Spanned<String>>| field.as_ref().map(|f| f.value.trim().to_string());
        let lookup = DeliveryKey {
            deployments: base.join(&deployments.value),
            changes: source.changes.as_ref().map(|c| base.join(&c.value)),
            incidents: source.incidents.as_ref().map(|i| base.join(&i.value)),
            since: text(&source.since),
            until: text(&source.until),
        };
        let result = computed
            .entry(lookup.clone())
            .or_insert_with(|| recompute(ctx.engine, &lookup));
        let report = match result {
            Ok(report) => report,
            Err(problem) => {
                hits.push(crate::rules::unrecomputable(
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
        let subject = format!("{} {described}", kr.title_str());
        let says = |words: Words| ctx.words(words).occurs_in(&subject);
        let (relative, ratio) = (
            ctx.thresholds.relative_tolerance,
            ctx.thresholds.ratio_tolerance,
        );
        // The recomputed value in the KR's own terms, and the default tolerance.
        let (value, what, tolerance) = match key.key {
            DoraKey::DeploymentFrequency => {
                let (scale, per) = if says(Words::PerWeek) {
                    (7.0, "deploys per week")
                } else if says(Words::PerMonth) {
                    (30.0, "deploys per month")
                } else {
                    (1.0, "deploys per day")
                };
                let v = overall.deploys_per_day * scale;
                (Some(v), per, relative * v.abs())
            }
            DoraKey::LeadTime | DoraKey::RecoveryTime => {
                let hours = if key.key == DoraKey::LeadTime {
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
                (v, unit_name, relative * v.unwrap_or(0.0).abs())
            }
            DoraKey::ChangeFailureRate | DoraKey::ReworkRate => {
                let rate = if key.key == DoraKey::ChangeFailureRate {
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
                    ratio * scale,
                )
            }
            DoraKey::Availability | DoraKey::Flow | DoraKey::Satisfaction => continue,
        };
        let Some(value) = value else { continue };
        let tolerance = source.tolerance.as_ref().map_or(tolerance, |t| t.value);
        if (baseline.value - value).abs() > tolerance {
            hits.push(
                Hit::new(
                    Code::DO007,
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
                        fmt_number(round4(value))
                    ),
                )
                .objective(objective.id_str())
                .key_result(kr.id_str()),
            );
        }
    }
}

fn recompute(engine: &dyn Engine, key: &DeliveryKey) -> Result<DoraFigures, String> {
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
    engine
        .dora(&inputs, &options)
        .map_err(|e| e.brief(&e.path.display().to_string()))
}
