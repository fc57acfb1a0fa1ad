//! Measurability: a key result needs a target, an owner, a due date, and a baseline the
//! target actually moves away from in the stated direction.

use super::Context;
use crate::diagnostic::{Code, Fix, Hit, Safety};
use crate::model::{Direction, KrKind};
use crate::rules::format::fmt_number;

pub const CODES: &[Code] = &[
    Code::ME001,
    Code::ME002,
    Code::ME003,
    Code::ME004,
    Code::ME005,
    Code::ME006,
    Code::ME007,
    Code::ME008,
];

pub fn check(ctx: &Context, hits: &mut Vec<Hit>) {
    for (doc, objective) in ctx.objectives() {
        let oid = objective.id_str();
        if objective.owner.is_none() {
            hits.push(
                Hit::new(
                    Code::ME002,
                    doc.file,
                    objective.anchor(),
                    format!("objective `{}` has no owner", oid.unwrap_or("?")),
                )
                .objective(oid),
            );
        }
        let period = doc.team.as_ref().and_then(|t| t.period.as_ref());
        for kr in &objective.key_results {
            let kid = kr.id_str();
            let label = kid.unwrap_or("?");
            let at = |code: Code, span, message: String| {
                Hit::new(code, doc.file, span, message)
                    .objective(oid)
                    .key_result(kid)
            };
            if let (Some(metric), None) = (&kr.metric, &kr.target) {
                hits.push(at(
                    Code::ME001,
                    metric.span.clone(),
                    format!(
                        "key result `{label}` measures `{}` but sets no target",
                        metric.value
                    ),
                ));
            }
            if kr.owner.is_none() {
                hits.push(at(
                    Code::ME002,
                    kr.anchor(),
                    format!("key result `{label}` has no owner"),
                ));
            }
            if kr.due.is_none() {
                hits.push(at(
                    Code::ME003,
                    kr.anchor(),
                    format!("key result `{label}` has no due date"),
                ));
            }
            let measured = kr.metric.is_some() && kr.effective_kind() != KrKind::Milestone;
            if let (true, Some(target), None) = (measured, &kr.target, &kr.baseline) {
                hits.push(at(Code::ME004, target.span.clone(), format!("key result `{label}` has a target but no baseline to measure the change from")));
            }
            if let (Some(baseline), Some(target)) = (&kr.baseline, &kr.target) {
                let direction = kr.direction.as_ref().map(|d| d.value);
                if baseline.value == target.value && direction != Some(Direction::Maintain) {
                    hits.push(at(
                        Code::ME005,
                        target.span.clone(),
                        format!(
                            "key result `{label}` targets {}, its own baseline: nothing changes",
                            fmt_number(target.value)
                        ),
                    ));
                }
                let against = match direction {
                    Some(Direction::Increase) => target.value < baseline.value,
                    Some(Direction::Decrease) => target.value > baseline.value,
                    _ => false,
                };
                if let (true, Some(direction)) = (against, &kr.direction) {
                    let implied = if target.value > baseline.value {
                        Direction::Increase
                    } else {
                        Direction::Decrease
                    };
                    hits.push(
                        at(
                            Code::ME006,
                            target.span.clone(),
                            format!(
                                "key result `{label}` says `{}` but its target {} moves the other way from baseline {}",
                                direction.value.as_str(),
                                fmt_number(target.value),
                                fmt_number(baseline.value)
                            ),
                        )
                        .with_fix(Fix::replace(
                            Safety::Unsafe,
                            direction.span.clone(),
                            format!("\"{}\"", implied.as_str()),
                            format!(
                                "set `direction` to `{}`, as baseline → target says (or correct the numbers)",
                                implied.as_str()
                            ),
                        )),
                    );
                }
            }
            if let (Some(due), Some(period)) = (&kr.due, period) {
                let before = period.start.as_ref().filter(|s| due.value < s.value);
                let after = period.end.as_ref().filter(|e| due.value > e.value);
                if let Some(bound) = before.or(after) {
                    let side = if before.is_some() {
                        "before the period starts"
                    } else {
                        "after the period ends"
                    };
                    hits.push(at(
                        Code::ME007,
                        due.span.clone(),
                        format!(
                            "key result `{label}` is due {} ({side} on {})",
                            due.value, bound.value
                        ),
                    ));
                }
            }
            if let Some(confidence) = &kr.confidence {
                if !(0.0..=1.0).contains(&confidence.value) {
                    hits.push(at(
                        Code::ME008,
                        confidence.span.clone(),
                        format!(
                            "confidence {} is outside 0..1",
                            fmt_number(confidence.value)
                        ),
                    ));
                }
            }
        }
    }
}
