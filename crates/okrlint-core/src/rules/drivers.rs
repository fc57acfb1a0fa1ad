//! Drivers: every key result should trace up to the north star through the driver tree.

use std::collections::{BTreeMap, BTreeSet};

use super::catalog::is_driver;
use super::Context;
use crate::diagnostic::{Code, Hit};

pub const CODES: &[Code] = &[Code::DR001, Code::DR002, Code::DR003, Code::DR004];

pub fn detect(ctx: &Context, hits: &mut Vec<Hit>) {
    for doc in ctx.plans() {
        let north_star = doc.team.as_ref().and_then(|t| t.north_star.as_ref());
        let Some(north_star) = north_star else {
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
        if ctx.catalog.get(&north_star.value).is_none() {
            continue; // CA004 reports it; nothing can be traced.
        }
        let reachable = reachable_from(ctx, &north_star.value);
        for (_, objective) in ctx.objectives().filter(|(d, _)| d.file == doc.file) {
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
            if metric.owner.is_none() && is_driver(ctx, metric) {
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
