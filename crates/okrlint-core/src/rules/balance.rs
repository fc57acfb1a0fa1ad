//! Balance: speed measured with stability, delivery measured with flow and satisfaction
//! (DORA with SPACE), and pushed metrics watched by guardrails.

use super::Context;
use crate::diagnostic::{Code, Hit};
use crate::dora::keys::{classify, DoraKey, Group, KeyInfo};
use crate::model::{Category, Document, KeyResult};

pub const CODES: &[Code] = &[Code::BA001, Code::BA002, Code::BA003, Code::BA004];

pub fn detect(ctx: &Context, hits: &mut Vec<Hit>) {
    // Each file's KRs with their objectives, gathered once rather than scanned per plan.
    let mut by_file: std::collections::BTreeMap<usize, Vec<_>> = Default::default();
    for (doc, objective, kr) in ctx.key_results() {
        by_file.entry(doc.file).or_default().push((objective, kr));
    }
    for doc in ctx.plans() {
        let krs = by_file.get(&doc.file).map_or(&[][..], Vec::as_slice);
        let key_of = |id: &str| classify(&ctx.catalog.describe(id));
        let all_targeted: Vec<(&KeyResult, &KeyInfo)> = krs
            .iter()
            .filter_map(|(_, kr)| Some((*kr, key_of(&kr.metric.as_ref()?.value)?)))
            .collect();
        // Availability, uptime and SLOs guard speed (BA001), but a plan that targets them is
        // not therefore a delivery plan: BA002 and BA003 look at the delivery keys only.
        let targeted: Vec<(&KeyResult, &KeyInfo)> = all_targeted
            .iter()
            .copied()
            .filter(|(_, k)| k.key != DoraKey::Availability)
            .collect();
        // Guardrails count as covering a dimension: they are measured and must not worsen.
        let watched: Vec<&KeyInfo> = krs
            .iter()
            .flat_map(|(_, kr)| kr.guardrails.iter())
            .filter_map(|g| key_of(&g.value))
            .chain(all_targeted.iter().map(|(_, k)| *k))
            .collect();
        let stability_watched = watched
            .iter()
            .any(|k| k.group == Group::Instability || (k.group == Group::Throughput && !k.speed));
        if !stability_watched {
            if let Some((kr, key)) = targeted.iter().find(|(_, k)| k.speed) {
                push(hits, doc, kr, Code::BA001, format!(
                    "`{}` pushes {} with no stability measure (change failure rate, recovery time, rework, availability) beside it",
                    metric_id(kr), key.key.as_str().replace('_', " ")
                ));
            }
        }
        let stability_only = !targeted.is_empty()
            && targeted.iter().all(|(_, k)| {
                k.group == Group::Instability || (k.group == Group::Throughput && !k.speed)
            })
            && !watched.iter().any(|k| k.speed);
        if stability_only {
            let (kr, _) = targeted[0];
            push(hits, doc, kr, Code::BA002, "the plan targets only stability; no throughput measure (deployment frequency, lead time) shows whether delivery slows".into());
        }
        let delivery = targeted
            .iter()
            .find(|(_, k)| matches!(k.group, Group::Throughput | Group::Instability));
        let human_side = watched
            .iter()
            .any(|k| matches!(k.group, Group::Flow | Group::Satisfaction));
        if let (Some((kr, _)), false) = (delivery, human_side) {
            push(hits, doc, kr, Code::BA003, "delivery metrics are targeted with no flow (WIP, batch size) or satisfaction (SPACE) measure".into());
        }
        for (objective, kr) in krs {
            if !kr.guardrails.is_empty() || kr.wrote("guardrails") {
                continue;
            }
            let Some(metric) = &kr.metric else { continue };
            let category = ctx
                .catalog
                .get(&metric.value)
                .and_then(|m| m.category.as_ref())
                .map(|c| c.value);
            let pushed_category = matches!(
                category,
                Some(Category::Revenue | Category::Engagement | Category::Delivery)
            );
            let speed = key_of(&metric.value).is_some_and(|k| k.speed);
            if pushed_category || speed {
                let why = match category {
                    Some(c) if pushed_category => {
                        let article = if c.as_str().starts_with(['a', 'e', 'i', 'o', 'u']) {
                            "an"
                        } else {
                            "a"
                        };
                        format!("{article} {} metric", c.as_str())
                    }
                    _ => "a delivery-speed metric".to_string(),
                };
                push_at(
                    hits,
                    doc,
                    kr,
                    objective.id_str(),
                    Code::BA004,
                    format!("`{}` pushes {why} with no guardrail", metric.value),
                );
            }
        }
    }
}

fn metric_id(kr: &KeyResult) -> &str {
    kr.metric.as_ref().map_or("?", |m| m.as_str())
}

fn push(hits: &mut Vec<Hit>, doc: &Document, kr: &KeyResult, code: Code, message: String) {
    let objective = doc
        .objectives
        .iter()
        .find(|o| o.key_results.iter().any(|k| std::ptr::eq(k, kr)))
        .and_then(|o| o.id_str());
    push_at(hits, doc, kr, objective, code, message);
}

/// [`push`] for a caller that knows the KR's objective (no search: once per KR stays linear).
fn push_at(
    hits: &mut Vec<Hit>,
    doc: &Document,
    kr: &KeyResult,
    objective: Option<&str>,
    code: Code,
    message: String,
) {
    let span = kr.metric.as_ref().map_or(kr.anchor(), |m| m.span.clone());
    hits.push(
        Hit::new(code, doc.file, span, message)
            .objective(objective)
            .key_result(kr.id_str()),
    );
}
