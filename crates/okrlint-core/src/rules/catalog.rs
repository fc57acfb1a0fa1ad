//! Catalog: one canonical, written-down definition per metric, and every reference to a
//! metric resolving to one.

use std::collections::BTreeMap;

use super::Context;
use crate::diagnostic::{Code, Hit};
use crate::model::{Metric, MetricKind, Spanned};
use crate::suggest::did_you_mean;
use crate::words::normalize;

pub const CODES: &[Code] = &[
    Code::CA001,
    Code::CA002,
    Code::CA003,
    Code::CA004,
    Code::CA005,
    Code::CA006,
    Code::CA007,
];

pub fn detect(ctx: &Context, hits: &mut Vec<Hit>) {
    if !ctx.catalog.is_loaded() {
        return;
    }
    let defined = || ctx.catalog.metrics.keys().copied();
    // Suggestions cost an edit distance per catalog entry; past this many unknown references
    // the plain message is enough.
    let suggestions_left = std::cell::Cell::new(200usize);
    let undefined = |code: Code, file, reference: &Spanned<String>, what: &str| {
        let mut hit = Hit::new(
            code,
            file,
            reference.span.clone(),
            format!(
                "{what} `{}` is not defined in the metrics catalog",
                reference.value
            ),
        );
        let budget = suggestions_left.get();
        suggestions_left.set(budget.saturating_sub(1));
        let near = if budget > 0 {
            did_you_mean(&reference.value, defined())
        } else {
            None
        };
        if let Some(near) = near {
            hit.help = Some(format!(
                "did you mean `{near}`? Otherwise add a [[metric]] with id = \"{}\"",
                reference.value
            ));
        }
        hit
    };

    for (doc, objective, kr) in ctx.key_results() {
        let ids = (objective.id_str(), kr.id_str());
        if let Some(metric) = kr
            .metric
            .as_ref()
            .filter(|m| ctx.catalog.get(&m.value).is_none())
        {
            hits.push(
                undefined(Code::CA001, doc.file, metric, "metric")
                    .objective(ids.0)
                    .key_result(ids.1),
            );
        }
        for guardrail in kr
            .guardrails
            .iter()
            .filter(|g| ctx.catalog.get(&g.value).is_none())
        {
            hits.push(
                undefined(Code::CA001, doc.file, guardrail, "guardrail metric")
                    .objective(ids.0)
                    .key_result(ids.1),
            );
        }
    }
    let north_stars: std::collections::BTreeSet<&str> = ctx
        .documents
        .iter()
        .filter_map(|d| d.team.as_ref()?.north_star.as_ref())
        .map(|n| n.as_str())
        .collect();
    for doc in ctx.documents {
        if let Some(north_star) = doc.team.as_ref().and_then(|t| t.north_star.as_ref()) {
            if ctx.catalog.get(&north_star.value).is_none() {
                hits.push(undefined(Code::CA004, doc.file, north_star, "north star"));
            }
        }
        for metric in &doc.metrics {
            for driver in metric
                .drivers
                .iter()
                .filter(|d| ctx.catalog.get(&d.value).is_none())
            {
                hits.push(undefined(Code::CA005, doc.file, driver, "driver"));
            }
            let outcome = metric
                .kind
                .as_ref()
                .is_some_and(|k| k.value == MetricKind::Outcome);
            let north_star = metric.id_str().is_some_and(|id| north_stars.contains(id));
            if (outcome || north_star) && metric.drivers.is_empty() && !metric.wrote("drivers") {
                let what = if north_star {
                    "north star"
                } else {
                    "outcome metric"
                };
                hits.push(Hit::new(
                    Code::CA006,
                    doc.file,
                    metric.anchor(),
                    format!(
                        "{what} `{}` lists no `drivers`: nothing says what moves it",
                        metric.id_str().unwrap_or("?")
                    ),
                ));
            }
            let missing = missing_definition(metric, is_driver(ctx, metric));
            if !missing.is_empty() {
                hits.push(Hit::new(
                    Code::CA002,
                    doc.file,
                    metric.anchor(),
                    format!(
                        "metric `{}` has no {}",
                        metric.id_str().unwrap_or("?"),
                        missing.join(", no ")
                    ),
                ));
            }
        }
    }
    conflicting_synonyms(ctx, hits);
    unused_metrics(ctx, hits);
}

/// CA007: a catalog metric nothing in the run's plans uses — no KR's metric or guardrail, no
/// driver link, no north star. Judged only when the run holds a plan: a catalog checked on its
/// own says nothing about what the plans use.
fn unused_metrics(ctx: &Context, hits: &mut Vec<Hit>) {
    if ctx.plans().next().is_none() {
        return;
    }
    // What the plans name: KR metrics, guardrails, north stars …
    let mut used: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    for (_, _, kr) in ctx.key_results() {
        used.extend(kr.metric.as_ref().map(|m| m.as_str()));
        used.extend(kr.guardrails.iter().map(|g| g.as_str()));
    }
    for doc in ctx.documents {
        used.extend(
            doc.team
                .as_ref()
                .and_then(|t| t.north_star.as_ref())
                .map(|n| n.as_str()),
        );
    }
    // … and everything linked to them through drivers, both ways: a driver explains what it
    // drives, and an outcome (NRR) is what its targeted drivers add up to. Each link once.
    let mut links: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (id, (_, metric)) in &ctx.catalog.metrics {
        for driver in &metric.drivers {
            links.entry(driver.as_str()).or_default().push(id);
            links.entry(id).or_default().push(driver.as_str());
        }
    }
    let mut queue: Vec<&str> = used.iter().copied().collect();
    while let Some(id) = queue.pop() {
        for next in links.get(id).into_iter().flatten() {
            if used.insert(next) {
                queue.push(next);
            }
        }
    }
    for (id, (file, metric)) in &ctx.catalog.metrics {
        if !used.contains(id) {
            hits.push(Hit::new(
                Code::CA007,
                *file,
                metric.anchor(),
                format!("metric `{id}` is defined, but no key result, guardrail or north star reaches it through driver links"),
            ));
        }
    }
}

/// Drivers' owners are the drivers family's concern (DR002), so they are not counted here.
fn missing_definition(metric: &Metric, driver: bool) -> Vec<&'static str> {
    let mut missing = Vec::new();
    // A misspelt or wrongly typed key is the schema family's finding, not a missing one.
    let absent = |value: bool, key: &str| value && !metric.wrote(key);
    if absent(metric.formula.is_none(), "formula") {
        missing.push("formula");
    }
    if absent(metric.window.is_none(), "window") {
        missing.push("window");
    }
    if absent(metric.cohort.is_none(), "cohort") {
        missing.push("cohort");
    }
    if absent(metric.owner.is_none(), "owner") && !driver {
        missing.push("owner");
    }
    missing
}

pub fn is_driver(ctx: &Context, metric: &Metric) -> bool {
    metric
        .kind
        .as_ref()
        .is_some_and(|k| k.value == MetricKind::Driver)
        || metric
            .id_str()
            .is_some_and(|id| ctx.catalog.drivers.contains(id))
}

fn conflicting_synonyms(ctx: &Context, hits: &mut Vec<Hit>) {
    let rule = ctx.registry.rule(Code::CA003);
    let formula_of = |m: &Metric| {
        m.formula
            .as_ref()
            .map(|f| normalize(&f.value).replace(' ', ""))
    };
    for (group, names) in rule.meta.synonym_groups.iter().zip(&rule.synonym_groups) {
        let members: Vec<(usize, &Metric)> = ctx
            .catalog
            .metrics
            .values()
            .filter(|(_, m)| {
                let text = format!(
                    "{} {}",
                    m.id_str().unwrap_or(""),
                    m.name.as_ref().map_or("", |n| n.as_str())
                );
                names.matches(&text)
            })
            .map(|(file, m)| (*file, *m))
            .collect();
        // Linear: a member conflicts with the first earlier member whose formula differs,
        // which is the group's first formula, or (for a member with that formula) the first
        // member with another one.
        let mut first: Option<(String, &Metric)> = None;
        let mut first_other: Option<&Metric> = None;
        for (file, metric) in &members {
            let Some(formula) = formula_of(metric) else {
                continue;
            };
            let earlier = match &first {
                None => None,
                Some((f, m)) if *f != formula => Some(*m),
                Some(_) => first_other,
            };
            if let Some(other) = earlier {
                hits.push(Hit::new(
                    Code::CA003,
                    *file,
                    metric.anchor(),
                    format!(
                        "metric `{}` and `{}` name the same idea ({}) with different formulas",
                        metric.id_str().unwrap_or("?"),
                        other.id_str().unwrap_or("?"),
                        group.first().map_or("", String::as_str)
                    ),
                ));
            }
            match &first {
                None => first = Some((formula, metric)),
                Some((f, _)) if *f != formula && first_other.is_none() => {
                    first_other = Some(metric)
                }
                Some(_) => {}
            }
        }
    }
}
