//! Drivers: every key result should trace up to the north star through the driver tree.

use std::collections::{BTreeMap, BTreeSet};

use super::catalog::is_driver;
use super::Context;
use crate::diagnostic::{Code, Hit};
use crate::model::{Document, Initiative, InitiativeKind, MetricKind};

pub const CODES: &[Code] = &[
    Code::DR001,
    Code::DR002,
    Code::DR003,
    Code::DR004,
    Code::DR005,
    Code::DR006,
];

pub fn detect(ctx: &Context, hits: &mut Vec<Hit>) {
    // Once per run, not per plan: the objectives of each file, and each north star's tree.
    let mut objectives_of: BTreeMap<usize, Vec<&crate::model::Objective>> = BTreeMap::new();
    for (doc, objective) in ctx.objectives() {
        objectives_of.entry(doc.file).or_default().push(objective);
    }
    let mut trees: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for doc in ctx.plans() {
        let north_star = doc.team.as_ref().and_then(|t| t.north_star.as_ref());
        let Some(north_star) = north_star else {
            if doc.team.as_ref().is_some_and(|t| t.wrote("north_star")) {
                continue; // misspelt or wrongly typed: the schema finding says so.
            }
            let span = doc
                .team
                .as_ref()
                .map_or_else(|| doc.objectives[0].anchor(), |t| header(&t.span));
            hits.push(Hit::new(
                Code::DR004,
                doc.file,
                span,
                "the plan names no north star metric",
            ));
            continue;
        };
        let Some(star) = ctx.catalog.get(&north_star.value) else {
            continue; // CA004 reports it; nothing can be traced.
        };
        if star.drivers.is_empty() && !star.wrote("drivers") {
            continue; // CA006 reports a north star with no drivers: one gap, not one per KR.
        }
        let reachable = trees
            .entry(north_star.as_str())
            .or_insert_with(|| reachable_from(ctx, &north_star.value));
        for objective in objectives_of.get(&doc.file).into_iter().flatten() {
            for kr in &objective.key_results {
                let Some(metric) = &kr.metric else { continue };
                if ctx.catalog.get(&metric.value).is_some() && !reachable.contains(metric.as_str())
                {
                    hits.push(
                        Hit::new(
                            Code::DR001,
                            doc.file,
                            metric.span.clone(),
                            format!("metric `{}` does not connect to the north star `{}` through drivers", metric.value, north_star.value),
                        )
                        .objective(objective.id_str())
                        .key_result(kr.id_str()),
                    );
                }
            }
        }
    }
    for doc in ctx.documents {
        for metric in &doc.metrics {
            if metric.owner.is_none() && !metric.wrote("owner") && is_driver(ctx, metric) {
                hits.push(Hit::new(
                    Code::DR002,
                    doc.file,
                    metric.anchor(),
                    format!(
                        "driver metric `{}` has no owner",
                        metric.id_str().unwrap_or("?")
                    ),
                ));
            }
        }
    }
    cycles(ctx, hits);
    if ctx.catalog.is_loaded() {
        leading_indicators(ctx, hits);
        branches_moved(ctx, hits);
    }
}

/// DR005: a KR on a lagging outcome (NRR, retention, revenue) needs a leading indicator
/// beside it: a driver in the outcome's tree that is not its own arithmetic (expansion,
/// contraction, churned MRR), or another KR of the objective on such a metric.
fn leading_indicators(ctx: &Context, hits: &mut Vec<Hit>) {
    let rule = ctx.registry.rule(Code::DR005);
    let (lagging_terms, parts) = (&rule.terms, &rule.counterpart_terms);
    // Only a metric the catalog defines: an undefined one is CA001's finding.
    let is_lagging = |id: &str| {
        let Some(defined) = ctx.catalog.get(id) else {
            return false;
        };
        let kind = defined.kind.as_ref().map(|k| k.value);
        !matches!(
            kind,
            Some(MetricKind::Driver | MetricKind::Guardrail | MetricKind::Output)
        ) && lagging_terms.matches(&ctx.catalog.describe(id))
    };
    let is_leading = |id: &str| {
        let kind = ctx
            .catalog
            .get(id)
            .and_then(|m| m.kind.as_ref())
            .map(|k| k.value);
        ctx.catalog.get(id).is_some()
            && !matches!(kind, Some(MetricKind::Guardrail | MetricKind::Output))
            && !is_lagging(id)
            && !parts.matches(&ctx.catalog.describe(id))
    };
    let mut traced: BTreeMap<&str, bool> = BTreeMap::new();
    for (doc, objective) in ctx.objectives() {
        let paired = objective
            .key_results
            .iter()
            .filter_map(|kr| kr.metric.as_ref())
            .any(|m| is_leading(&m.value));
        if paired {
            continue;
        }
        let mut reported = BTreeSet::new();
        for kr in &objective.key_results {
            let Some(metric) = &kr.metric else { continue };
            if !is_lagging(&metric.value) || !reported.insert(metric.as_str()) {
                continue;
            }
            // Each metric's tree is traced once, however many objectives target it.
            let led = *traced.entry(metric.as_str()).or_insert_with(|| {
                let tree = reachable_from(ctx, &metric.value);
                tree.iter()
                    .any(|id| *id != metric.as_str() && is_leading(id))
            });
            if led {
                continue;
            }
            let drivers = ctx.catalog.get(&metric.value).map_or(Vec::new(), |m| {
                m.drivers.iter().map(|d| format!("`{}`", d.value)).collect()
            });
            let tree_says = if drivers.is_empty() {
                "the catalog lists no drivers for it".to_string()
            } else {
                format!(
                    "its drivers ({}) are revenue figures, not leading indicators",
                    drivers.join(", ")
                )
            };
            hits.push(
                Hit::new(
                    Code::DR005,
                    doc.file,
                    metric.span.clone(),
                    format!(
                        "`{}` is a lagging outcome: {tree_says}, and no key result of objective `{}` targets a leading indicator",
                        metric.value,
                        objective.id_str().unwrap_or("?")
                    ),
                )
                .objective(objective.id_str())
                .key_result(kr.id_str()),
            );
        }
    }
}

/// DR006: a KR that targets a driver (a branch of the tree) is moved by an initiative with a
/// hypothesis. An experiment or bet that lacks one is EX004's finding, not this one's.
fn branches_moved(ctx: &Context, hits: &mut Vec<Hit>) {
    // The initiatives moving each KR id, indexed once per document (not scanned per KR).
    let mut index: Option<(&Document, BTreeMap<&str, Vec<&Initiative>>)> = None;
    for (doc, objective) in ctx.objectives() {
        if !index.as_ref().is_some_and(|(d, _)| std::ptr::eq(*d, doc)) {
            index = Some((doc, movers_by_key_result(doc)));
        }
        let movers_of = &index.as_ref().expect("just set").1;
        for kr in &objective.key_results {
            let (Some(metric), Some(id)) = (&kr.metric, kr.id_str()) else {
                continue;
            };
            let Some(defined) = ctx.catalog.get(&metric.value) else {
                continue;
            };
            if !is_driver(ctx, defined) {
                continue;
            }
            let movers = movers_of.get(id).map_or(&[][..], Vec::as_slice);
            let hypothesis = movers.iter().any(|i| {
                i.hypothesis
                    .as_ref()
                    .is_some_and(|h| !h.value.trim().is_empty())
                    || i.wrote("hypothesis")
            });
            let tested = movers.iter().any(|i| {
                i.kind.as_ref().is_some_and(|k| {
                    matches!(k.value, InitiativeKind::Experiment | InitiativeKind::Bet)
                })
            });
            if hypothesis || tested {
                continue;
            }
            let message = if movers.is_empty() {
                format!(
                    "key result `{id}` targets driver `{}`, and no initiative moves it with a hypothesis",
                    metric.value
                )
            } else {
                format!(
                    "key result `{id}` targets driver `{}`; the initiative{} moving it state{} no hypothesis",
                    metric.value,
                    if movers.len() == 1 { "" } else { "s" },
                    if movers.len() == 1 { "s" } else { "" }
                )
            };
            hits.push(
                Hit::new(Code::DR006, doc.file, kr.anchor(), message)
                    .objective(objective.id_str())
                    .key_result(kr.id_str()),
            );
        }
    }
}

/// Each KR id of a document → the initiatives whose `moves` name it (each once).
fn movers_by_key_result(doc: &Document) -> BTreeMap<&str, Vec<&Initiative>> {
    let mut movers: BTreeMap<&str, Vec<&Initiative>> = BTreeMap::new();
    for initiative in doc.objectives.iter().flat_map(|o| &o.initiatives) {
        for target in initiative.moves.iter().flat_map(|m| &m.value) {
            let list = movers.entry(target.as_str()).or_default();
            if !list.last().is_some_and(|i| std::ptr::eq(*i, initiative)) {
                list.push(initiative);
            }
        }
    }
    movers
}

fn header(span: &std::ops::Range<usize>) -> std::ops::Range<usize> {
    span.start..span.start
}

fn reachable_from<'a>(ctx: &Context<'a>, root: &'a str) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::from([root]);
    let mut queue = vec![root];
    while let Some(id) = queue.pop() {
        let Some(metric) = ctx.catalog.get(id) else {
            continue;
        };
        for driver in &metric.drivers {
            if seen.insert(driver.as_str()) {
                queue.push(driver.as_str());
            }
        }
    }
    seen
}

/// Reports each driver link that closes a cycle, once.
fn cycles(ctx: &Context, hits: &mut Vec<Hit>) {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Open,
        Done,
    }
    let mut state: BTreeMap<&str, State> = BTreeMap::new();
    for &start in ctx.catalog.metrics.keys() {
        if state.contains_key(start) {
            continue;
        }
        // Iterative depth-first search: (metric, index of the next driver to visit).
        let mut stack = vec![(start, 0usize)];
        state.insert(start, State::Open);
        while let Some((id, next)) = stack.pop() {
            let drivers = ctx
                .catalog
                .get(id)
                .map_or(&[][..], |m| m.drivers.as_slice());
            let Some(driver) = drivers.get(next) else {
                state.insert(id, State::Done);
                continue;
            };
            stack.push((id, next + 1));
            match state.get(driver.as_str()) {
                Some(State::Open) => {
                    let file = ctx.catalog.metrics.get(id).map_or(0, |(f, _)| *f);
                    hits.push(Hit::new(
                        Code::DR003,
                        file,
                        driver.span.clone(),
                        format!(
                            "`{id}` lists `{}` as a driver, which leads back to `{id}`",
                            driver.value
                        ),
                    ));
                }
                Some(State::Done) => {}
                None if ctx.catalog.get(&driver.value).is_some() => {
                    state.insert(driver.as_str(), State::Open);
                    stack.push((driver.as_str(), 0));
                }
                None => {}
            }
        }
    }
}
