//! DORA (OKR side): catalog definitions of the DORA keys that drift from the canonical
//! ones, and delivery metrics turned into individual targets.

use crate::check::Context;
use crate::dora_keys::{classify, Group};
use crate::finding::Hit;
use crate::rules::terms::{matches_any, normalize};

pub const CODES: &[&str] = &["DO001", "DO002"];

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
