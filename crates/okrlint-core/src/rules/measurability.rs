//! Measurability: a key result needs a target, an owner, a due date, and a baseline the
//! target actually moves away from in the stated direction.

use super::Context;
use crate::diagnostic::{Code, Fix, Hit, Safety};
use crate::model::{Direction, KeyResult, KrClass, KrKind, Unit};
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
    Code::ME010,
    Code::ME011,
];

pub fn detect(ctx: &Context, hits: &mut Vec<Hit>) {
    for (doc, objective) in ctx.objectives() {
        let oid = objective.id_str();
        let period = doc.team.as_ref().and_then(|t| t.period.as_ref());
        let period_end = period.and_then(|p| p.end.as_ref());
        // A misspelt or wrongly typed `period` (or key inside it) has its schema finding.
        let period_written = doc.team.as_ref().is_some_and(|t| t.wrote("period"));
        // A KR's owner defaults to its objective's; its due date to its title's date, then to
        // the plan's period end. When nothing supplies one for any of an objective's KRs, one
        // finding at the objective says so instead of one per KR.
        let krs = &objective.key_results;
        let owned = |kr: &crate::model::KeyResult| kr.owner.is_some() || kr.wrote("owner");
        let dated = |kr: &crate::model::KeyResult| {
            kr.due.is_some()
                || kr.wrote("due")
                || kr.inferred.due.is_some()
                || period_end.is_some()
                || period_written
        };
        // An objective's owner defaults to the plan's (`[team] owner`).
        let team_owner = doc.team.as_ref().and_then(|t| t.owner.as_ref());
        let team_owner_written = doc.team.as_ref().is_some_and(|t| t.wrote("owner"));
        let objective_owned = objective.owner.is_some()
            || objective.wrote("owner")
            || team_owner.is_some()
            || team_owner_written;
        let none_owned = !objective_owned && !krs.is_empty() && !krs.iter().any(owned);
        if !objective_owned {
            let message = if none_owned {
                format!(
                    "objective `{}` and its {} key result{} have no owner",
                    oid.unwrap_or("?"),
                    krs.len(),
                    if krs.len() == 1 { "" } else { "s" }
                )
            } else {
                format!("objective `{}` has no owner", oid.unwrap_or("?"))
            };
            hits.push(Hit::new(Code::ME002, doc.file, objective.anchor(), message).objective(oid));
        }
        let none_dated = krs.len() > 1 && !krs.iter().any(dated);
        if none_dated {
            hits.push(
                Hit::new(
                    Code::ME003,
                    doc.file,
                    objective.anchor(),
                    format!(
                        "none of objective `{}`'s {} key results has a due date, and the plan states no period",
                        oid.unwrap_or("?"),
                        krs.len()
                    ),
                )
                .objective(oid),
            );
        }
        for kr in krs {
            let kid = kr.id_str();
            let label = kid.unwrap_or("?");
            let at = |code: Code, span, message: String| {
                Hit::new(code, doc.file, span, message)
                    .objective(oid)
                    .key_result(kid)
            };
            let inferred = &kr.inferred;
            if let (Some(metric), None, false, false) = (
                &kr.metric,
                &kr.target,
                inferred.is_measured(),
                kr.wrote("target"),
            ) {
                hits.push(at(
                    Code::ME001,
                    metric.span.clone(),
                    format!(
                        "key result `{label}` measures `{}` but sets no target",
                        metric.value
                    ),
                ));
            }
            if !objective_owned && !none_owned && !owned(kr) {
                hits.push(at(
                    Code::ME002,
                    kr.anchor(),
                    format!("key result `{label}` has no owner, and neither has its objective or the plan"),
                ));
            }
            if !none_dated && !dated(kr) {
                hits.push(at(
                    Code::ME003,
                    kr.anchor(),
                    format!("key result `{label}` has no due date, and the plan states no period"),
                ));
            }
            title_disagrees(doc, objective, kr, hits);
            written_defaults(ctx, doc, objective, kr, period_end, hits);
            let measured = kr.metric.is_some() && kr.effective_kind() != KrKind::Milestone;
            // No baseline is needed for a relative target ("by 35%"), a baseline the title
            // states, or a count of new things ("Publish 5 posts": the baseline is 0).
            let implied_baseline =
                inferred.baseline.is_some() || inferred.change.is_some() || counts_new_things(kr);
            if let (true, Some(target), None, false, false) = (
                measured,
                &kr.target,
                &kr.baseline,
                implied_baseline,
                kr.wrote("baseline"),
            ) {
                hits.push(at(Code::ME004, target.span.clone(), format!("key result `{label}` has a target but no baseline to measure the change from")));
            }
            if let (Some(baseline), Some(target)) = (&kr.baseline, &kr.target) {
                let direction = kr.direction.as_ref().map(|d| d.value);
                if baseline.value == target.value && direction != Some(Direction::Maintain) {
                    hits.push(at(
                        Code::ME005,
                        target.span.clone(),
                        nothing_changes(label, target.value),
                    ));
                }
                let against = moves_against(direction, baseline.value, target.value);
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
            // The same two checks on what the title says, when it states both numbers in one
            // unit and the fields state neither ("Increase weekly users from 400 to 300").
            let stated = (&inferred.baseline, &inferred.target, &inferred.direction);
            if let (None, None, (Some(baseline), Some(target), direction)) =
                (&kr.baseline, &kr.target, stated)
            {
                let same_unit = inferred.baseline_unit.is_some()
                    && inferred.baseline_unit == inferred.quantity_unit;
                let direction = kr
                    .direction
                    .as_ref()
                    .or(direction.as_ref())
                    .map(|d| d.value);
                if same_unit
                    && baseline.value == target.value
                    && direction != Some(Direction::Maintain)
                {
                    hits.push(at(
                        Code::ME005,
                        target.span.clone(),
                        nothing_changes(label, target.value),
                    ));
                }
                let against = moves_against(direction, baseline.value, target.value);
                if same_unit && against {
                    hits.push(at(
                        Code::ME006,
                        target.span.clone(),
                        format!(
                            "key result `{label}` says `{}` but its target {} moves the other way from baseline {}",
                            direction.map_or("", |d| d.as_str()),
                            fmt_number(target.value),
                            fmt_number(baseline.value)
                        ),
                    ));
                }
            }
            if let (Some(due), Some(period)) = (kr.due.as_ref().or(inferred.due.as_ref()), period) {
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

/// A count of things the team makes or does: its baseline is plainly zero.
fn counts_new_things(kr: &KeyResult) -> bool {
    let counted = kr.unit.as_ref().map(|u| u.value) == Some(Unit::Count)
        || kr.inferred.quantity_unit.as_deref() == Some("count");
    let work = kr
        .class
        .as_ref()
        .is_some_and(|c| matches!(c.label, KrClass::Output | KrClass::Activity));
    let new = kr
        .title_str()
        .split_whitespace()
        .any(|w| w.eq_ignore_ascii_case("new"));
    counted && (work || new)
}

/// The declared value in the title's unit, when the two can be compared: a ratio declared for
/// a title's percentage is read ×100.
fn comparable(declared: f64, unit: Option<Unit>, title_unit: &str) -> Option<f64> {
    match (unit, title_unit) {
        (Some(Unit::Ratio), "percent") => Some(declared * 100.0),
        (None, "percent") if declared.abs() <= 1.0 => Some(declared * 100.0),
        (Some(Unit::Percent) | None, "percent") => Some(declared),
        (Some(Unit::Count | Unit::Score) | None, "count") => Some(declared),
        (Some(Unit::Hours) | None, "hours") => Some(declared),
        (Some(Unit::Days) | None, "days") => Some(declared),
        (Some(Unit::Currency), code)
            if code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase()) =>
        {
            Some(declared)
        }
        _ => None,
    }
}

/// ME010: the title says one baseline or target ("from 32% to 45%") and the fields another.
fn title_disagrees(
    doc: &crate::model::Document,
    objective: &crate::model::Objective,
    kr: &KeyResult,
    hits: &mut Vec<Hit>,
) {
    let inferred = &kr.inferred;
    let unit = kr.unit.as_ref().map(|u| u.value);
    // Percentages declared under `unit = "ratio"` (`baseline = 32` for "from 32%"): one finding,
    // with the unit as its fix, instead of one per field.
    let pairs = [
        (&kr.baseline, &inferred.baseline, &inferred.baseline_unit),
        (&kr.target, &inferred.target, &inferred.quantity_unit),
    ];
    let stated: Vec<(f64, f64)> = pairs
        .iter()
        .filter_map(|(declared, said, u)| match (declared, said, u.as_deref()) {
            (Some(d), Some(s), Some("percent")) => Some((d.value, s.value)),
            _ => None,
        })
        .collect();
    if let (Some(Unit::Ratio), false) = (unit, stated.is_empty()) {
        if stated.iter().all(|(d, s)| d == s) && stated.iter().any(|(d, _)| d.abs() > 1.0) {
            let unit_span = kr.unit.as_ref().map_or(kr.anchor(), |u| u.span.clone());
            hits.push(
                Hit::new(
                    Code::ME010,
                    doc.file,
                    unit_span.clone(),
                    format!(
                        "key result `{}` declares `unit = \"ratio\"` but its values are the percentages its title states",
                        kr.id_str().unwrap_or("?")
                    ),
                )
                .objective(objective.id_str())
                .key_result(kr.id_str())
                .with_fix(Fix::replace(
                    Safety::Unsafe,
                    unit_span,
                    "\"percent\"",
                    "set `unit` to `percent`, as the title and the values say",
                )),
            );
            return;
        }
    }
    for (field, declared, said, title_unit) in [
        (
            "baseline",
            &kr.baseline,
            &inferred.baseline,
            &inferred.baseline_unit,
        ),
        (
            "target",
            &kr.target,
            &inferred.target,
            &inferred.quantity_unit,
        ),
    ] {
        let (Some(declared), Some(said), Some(title_unit)) =
            (declared, said, title_unit.as_deref())
        else {
            continue;
        };
        let Some(value) = comparable(declared.value, unit, title_unit) else {
            continue;
        };
        let scale = value.abs().max(said.value.abs()).max(1e-9);
        if (value - said.value).abs() / scale > 1e-6 {
            hits.push(
                Hit::new(
                    Code::ME010,
                    doc.file,
                    declared.span.clone(),
                    format!(
                        "key result `{}` declares {field} = {} but its title says {}{}",
                        kr.id_str().unwrap_or("?"),
                        fmt_number(declared.value),
                        fmt_number(said.value),
                        if title_unit == "percent" { "%" } else { "" }
                    ),
                )
                .objective(objective.id_str())
                .key_result(kr.id_str()),
            );
        }
    }
}

/// ME011 (opt-in): a TOML key result whose owner or due date okrlint takes from its objective or
/// the plan's period, with an unsafe fix that writes it into the key result.
fn written_defaults(
    ctx: &Context,
    doc: &crate::model::Document,
    objective: &crate::model::Objective,
    kr: &KeyResult,
    period_end: Option<&crate::model::Spanned<jiff::civil::Date>>,
    hits: &mut Vec<Hit>,
) {
    if doc.format != crate::model::Format::Toml {
        return;
    }
    let Some(title) = &kr.title else { return };
    let Some(text) = ctx.sources.get(doc.file).map(|s| s.text.as_str()) else {
        return;
    };
    // Insert after the title's line.
    let at = text[title.span.end..]
        .find('\n')
        .map_or(text.len(), |i| title.span.end + i + 1);
    let owner = objective
        .owner
        .as_ref()
        .or(doc.team.as_ref().and_then(|t| t.owner.as_ref()))
        .filter(|_| kr.owner.is_none() && !kr.wrote("owner"));
    let due =
        period_end.filter(|_| kr.due.is_none() && !kr.wrote("due") && kr.inferred.due.is_none());
    let mut written = Vec::new();
    let mut lines = String::new();
    if let Some(owner) = owner {
        written.push(format!("owner `{}`", owner.value));
        lines.push_str(&format!(
            "owner = \"{}\"\n",
            owner.value.replace('\\', "\\\\").replace('"', "\\\"")
        ));
    }
    if let Some(due) = due {
        written.push(format!("due {}", due.value));
        lines.push_str(&format!("due = {}\n", due.value));
    }
    if written.is_empty() {
        return;
    }
    hits.push(
        Hit::new(
            Code::ME011,
            doc.file,
            kr.anchor(),
            format!(
                "key result `{}` takes its {} from its objective or the plan",
                kr.id_str().unwrap_or("?"),
                written.join(" and ")
            ),
        )
        .objective(objective.id_str())
        .key_result(kr.id_str())
        .with_fix(Fix {
            message: "write the inherited values into the key result".into(),
            safety: Safety::Unsafe,
            edits: vec![crate::diagnostic::Edit {
                span: at..at,
                replacement: lines,
            }],
        }),
    );
}

/// Whether a target moves the other way from its baseline than the direction says.
fn moves_against(direction: Option<Direction>, baseline: f64, target: f64) -> bool {
    match direction {
        Some(Direction::Increase) => target < baseline,
        Some(Direction::Decrease) => target > baseline,
        _ => false,
    }
}

fn nothing_changes(label: &str, target: f64) -> String {
    format!(
        "key result `{label}` targets {}, its own baseline: nothing changes",
        fmt_number(target)
    )
}
