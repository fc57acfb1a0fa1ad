//! Upkeep (measurability family): work has an owner and a date, and progress carries the day
//! it was measured, recent enough for the plan's review cadence.

use super::Context;
use crate::diagnostic::{Code, Hit};
use crate::model::{Cadence, Format};
use crate::rules::format::fmt_number;

pub const CODES: &[Code] = &[Code::ME012, Code::ME013, Code::ME014, Code::ME015];

pub fn detect(ctx: &Context, hits: &mut Vec<Hit>) {
    for (doc, objective) in ctx.objectives() {
        let oid = objective.id_str();
        let team = doc.team.as_ref();
        let period_end = team
            .and_then(|t| t.period.as_ref())
            .and_then(|p| p.end.as_ref())
            .map(|e| e.value);
        let cadence = team.and_then(|t| t.cadence.as_ref()).map(|c| c.value);
        // A finished period is judged at its end: a plan from last year is not stale today.
        let judged_on = period_end.map_or(ctx.today, |end| end.min(ctx.today));
        for kr in &objective.key_results {
            let Some(current) = &kr.current else { continue };
            let at = |code: Code, span, message: String| {
                Hit::new(code, doc.file, span, message)
                    .objective(oid)
                    .key_result(kr.id_str())
            };
            let label = kr.id_str().unwrap_or("?");
            let Some(as_of) = &kr.as_of else {
                if !kr.wrote("as_of") {
                    hits.push(at(
                        Code::ME012,
                        current.span.clone(),
                        format!(
                            "key result `{label}` reports `current = {}` with no `as_of` date",
                            fmt_number(current.value)
                        ),
                    ));
                }
                continue;
            };
            let (limit, rhythm) = match cadence {
                Some(c) => (c.days(), format!("the plan reviews {}", cadence_words(c))),
                None => (
                    ctx.thresholds.stale_after_days as i64,
                    format!(
                        "the plan declares no `cadence`; okrlint's default is {} days",
                        ctx.thresholds.stale_after_days
                    ),
                ),
            };
            let age = as_of
                .value
                .until(judged_on)
                .map_or(0, |span| i64::from(span.get_days()));
            if age > limit {
                let when = if Some(judged_on) == period_end && judged_on < ctx.today {
                    format!("the period's end, {judged_on}")
                } else {
                    judged_on.to_string()
                };
                hits.push(at(
                    Code::ME013,
                    as_of.span.clone(),
                    format!(
                        "key result `{label}`'s `current` is as of {}, {age} days before {when}; {rhythm}",
                        as_of.value
                    ),
                ));
            }
        }
        let objective_owner = objective.owner.is_some() || objective.wrote("owner");
        // With no owner for the objective and none for the plan, ME002 reports the objective;
        // its initiatives are the same gap, not another one.
        let plan_owner = team.is_some_and(|t| t.owner.is_some() || t.wrote("owner"));
        let reported_by_me002 = !objective_owner && !plan_owner;
        // A Markdown plan has no field for an initiative's date: its period's end stands in,
        // as it does for key results. TOML and YAML plans can write `due` or `milestones`.
        let period_dates = doc.format == Format::Markdown && period_end.is_some();
        for initiative in &objective.initiatives {
            let name = initiative.name();
            let at = |code: Code, span, message: String| {
                Hit::new(code, doc.file, span, message).objective(oid)
            };
            if initiative.owner.is_none()
                && !initiative.wrote("owner")
                && !objective_owner
                && !reported_by_me002
            {
                hits.push(at(
                    Code::ME014,
                    initiative.anchor(),
                    format!("initiative `{name}` has no owner, and neither has its objective"),
                ));
            }
            // A milestone whose `due` is misspelt or not a date is the schema's finding.
            let dated = |m: &crate::model::Milestone| m.due.is_some() || m.wrote("due");
            let dated_milestone = initiative.milestones.iter().any(dated);
            if initiative.due.is_none() && !dated_milestone && !period_dates {
                if !initiative.wrote("due") && !initiative.wrote("milestones") {
                    hits.push(at(
                        Code::ME015,
                        initiative.anchor(),
                        format!("initiative `{name}` has no due date and no dated milestone"),
                    ));
                }
                continue;
            }
            // Some date is there: a milestone without one is its own gap.
            for milestone in initiative.milestones.iter().filter(|m| !dated(m)) {
                hits.push(at(
                    Code::ME015,
                    milestone.span.clone(),
                    format!(
                        "milestone `{}` of initiative `{name}` has no `due` date",
                        milestone.title.as_ref().map_or("?", |t| t.as_str())
                    ),
                ));
            }
        }
    }
}

fn cadence_words(cadence: Cadence) -> String {
    format!("{} (every {} days)", cadence.as_str(), cadence.days())
}
