//! NRR on the plan side: the essays' formula, GRR beside it, targets in a plausible range,
//! and declared values checked against the value recomputed from the KR's billing data.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::calendar::Month;
use crate::diagnostic::{Code, Hit};
use crate::model::{KeyResult, Metric, SourceShape, Spanned, Unit};
use crate::nrr::{NrrFigures, NrrOptions, Shape};
use crate::registry::Registry;
use crate::rules::format::{fmt_number, round4};
use crate::rules::Context;
use crate::words::{normalize, Words};

/// NR001–NR003: on the plan and catalog alone.
pub const CODES: &[Code] = &[Code::NR001, Code::NR002, Code::NR003];
/// NR007: needs the KR's data, so it runs only when selected.
pub const RECOMPUTED: &[Code] = &[Code::NR007];

/// A bare value above this, with no unit, reads as a percentage (110 for 110%), not a ratio.
const PERCENT_READING_FLOOR: f64 = 5.0;

/// Whether a metric id (with its catalog name) names NRR, or GRR.
fn names<'c>(ctx: &'c Context, list: Words) -> impl Fn(&str) -> bool + 'c {
    move |id: &str| ctx.words(list).matches(&ctx.catalog.describe(id))
}

pub fn detect(ctx: &Context, hits: &mut Vec<Hit>) {
    let (is_nrr, is_grr) = (names(ctx, Words::NrrNames), names(ctx, Words::GrrNames));

    for doc in ctx.documents {
        for metric in &doc.metrics {
            let Some(id) = metric.id_str() else { continue };
            let Some(formula) = &metric.formula else {
                continue;
            };
            if !is_nrr(id) {
                continue;
            }
            let problems = formula_problems(&formula.value, ctx.registry);
            if !problems.is_empty() {
                hits.push(Hit::new(
                    Code::NR001,
                    doc.file,
                    formula.span.clone(),
                    format!(
                        "`{id}` is not net revenue retention as defined: it {}",
                        problems.join(", ")
                    ),
                ));
            }
        }
    }

    for doc in ctx.plans() {
        let krs: Vec<(&str, &KeyResult)> = doc
            .objectives
            .iter()
            .flat_map(|o| {
                o.key_results
                    .iter()
                    .map(move |kr| (o.id_str().unwrap_or(""), kr))
            })
            .collect();
        // A KR about NRR declares it as its metric, or (with no metric) names it in its title
        // ("Raise NRR to 115%"); the title's numbers then stand in for the fields.
        let in_title = |kr: &KeyResult, list: Words| -> Option<Spanned<String>> {
            let title = kr.title.as_ref().filter(|_| kr.metric.is_none())?;
            let (_, range) = ctx.words(list).first_match_at(&title.value)?;
            let span = kr.title_map.locate(range.clone(), &title.span);
            Some(Spanned::new(title.value[range].to_string(), span))
        };
        let grr_beside = krs.iter().any(|(_, kr)| {
            kr.metric.as_ref().is_some_and(|m| is_grr(&m.value))
                || kr.guardrails.iter().any(|g| is_grr(&g.value))
                || in_title(kr, Words::GrrNames).is_some()
        });
        for (oid, kr) in &krs {
            let titled = in_title(kr, Words::NrrNames);
            let Some(metric) = kr
                .metric
                .as_ref()
                .filter(|m| is_nrr(&m.value))
                .or(titled.as_ref())
            else {
                continue;
            };
            let at = |code: Code, span, message: String| {
                Hit::new(code, doc.file, span, message)
                    .objective(Some(oid))
                    .key_result(kr.id_str())
            };
            if !grr_beside {
                hits.push(at(
                    Code::NR002,
                    metric.span.clone(),
                    format!(
                        "`{}` is targeted with no gross revenue retention beside it",
                        metric.value
                    ),
                ));
            }
            let inferred = kr
                .target
                .is_none()
                .then(|| kr.inferred.target.as_ref())
                .flatten()
                .filter(|_| {
                    matches!(
                        kr.inferred.quantity_unit.as_deref(),
                        Some("percent") | Some("count")
                    )
                });
            if let Some(target) = kr.target.as_ref().or(inferred) {
                let scale = if kr.target.is_none() {
                    // The title's number: "115%" is a percentage; a bare one reads as below.
                    if kr.inferred.quantity_unit.as_deref() == Some("percent") {
                        100.0
                    } else {
                        percent_scale(kr, None, target.value)
                    }
                } else {
                    percent_scale(kr, ctx.catalog.get(&metric.value), target.value)
                };
                let ratio = target.value / scale;
                let (low, high) = (ctx.thresholds.nrr_min, ctx.thresholds.nrr_max);
                if ratio < low || ratio > high {
                    hits.push(at(
                        Code::NR003,
                        target.span.clone(),
                        format!(
                            "NRR target {} ({}%) is outside the plausible {}%–{}%",
                            fmt_number(target.value),
                            fmt_number((ratio * 1000.0).round() / 10.0),
                            fmt_number(low * 100.0),
                            fmt_number(high * 100.0)
                        ),
                    ));
                }
            }
        }
    }
}

/// 100 when a KR's values are percentages, 1 when they are ratios: the KR's unit, else its
/// catalog metric's, else a bare value above 5 (110 for 110%) reads as a percentage.
fn percent_scale(kr: &KeyResult, metric: Option<&Metric>, value: f64) -> f64 {
    let unit = kr
        .unit
        .as_ref()
        .or_else(|| metric.and_then(|m| m.unit.as_ref()))
        .map(|u| u.value);
    if unit == Some(Unit::Percent) || (unit.is_none() && value > PERCENT_READING_FLOOR) {
        100.0
    } else {
        1.0
    }
}

/// A CSV, its shape and the month to compute to: one computation serves every KR naming it.
type SourceKey = (PathBuf, Option<String>, Option<String>);

/// NR007: a declared NRR/GRR value (current, else baseline) against the value recomputed
/// from the KR's or catalog metric's `source`.
pub fn recomputed(ctx: &Context, hits: &mut Vec<Hit>) {
    let (is_nrr, is_grr) = (names(ctx, Words::NrrNames), names(ctx, Words::GrrNames));
    let mut computed: BTreeMap<SourceKey, Result<NrrFigures, String>> = BTreeMap::new();
    for (doc, objective, kr) in ctx.key_results() {
        let Some(metric) = &kr.metric else { continue };
        let grr = is_grr(&metric.value);
        if !grr && !is_nrr(&metric.value) {
            continue;
        }
        let defined = ctx.catalog.get(&metric.value);
        let Some((source, source_file, base)) = ctx.data_source(doc, kr) else {
            continue;
        };
        let Some(declared) = kr.current.as_ref().or(kr.baseline.as_ref()) else {
            continue;
        };
        let Some(path) = &source.path else { continue };
        let key = (
            base.join(&path.value),
            source.shape.as_ref().map(|s| s.value.as_str().to_string()),
            source.until.as_ref().map(|u| u.value.clone()),
        );
        let result = computed.entry(key.clone()).or_insert_with(|| {
            let options = NrrOptions {
                shape: source.shape.as_ref().map(|s| match s.value {
                    SourceShape::Periods => Shape::Periods,
                    SourceShape::Snapshots => Shape::Snapshots,
                }),
                until: key.2.as_deref().and_then(Month::parse),
                ..NrrOptions::default()
            };
            ctx.engine
                .nrr(&key.0, &options)
                .map_err(|e| e.brief(&path.value))
        });
        let report = match result {
            Ok(report) => report,
            Err(problem) => {
                hits.push(crate::rules::unrecomputable(
                    source_file,
                    path.span.clone(),
                    &metric.value,
                    problem,
                ));
                continue;
            }
        };
        let window = defined
            .and_then(|m| m.window.as_ref())
            .map_or("", |w| w.value.as_str());
        let trailing = ctx.words(Words::TrailingWindow).occurs_in(window);
        let (value, what) = if trailing {
            let t = report.overall.trailing_12.as_ref();
            (
                if grr {
                    t.and_then(|t| t.grr())
                } else {
                    t.and_then(|t| t.nrr())
                },
                "trailing-12",
            )
        } else {
            let m = report.overall.months.last();
            (
                if grr {
                    m.and_then(|m| m.grr())
                } else {
                    m.and_then(|m| m.nrr())
                },
                "monthly",
            )
        };
        let Some(value) = value else { continue };
        let scale = percent_scale(kr, defined, declared.value);
        let tolerance = source
            .tolerance
            .as_ref()
            .map_or(ctx.thresholds.ratio_tolerance * scale, |t| t.value);
        let recomputed = value * scale;
        if (declared.value - recomputed).abs() > tolerance {
            let which = if kr.current.is_some() {
                "current"
            } else {
                "baseline"
            };
            hits.push(
                Hit::new(
                    Code::NR007,
                    doc.file,
                    declared.span.clone(),
                    format!(
                        "{which} {} for `{}` differs from the {what} value recomputed from {} for {}: {}",
                        fmt_number(declared.value),
                        metric.value,
                        path.value,
                        report.until,
                        fmt_number(round4(recomputed))
                    ),
                )
                .objective(objective.id_str())
                .key_result(kr.id_str()),
            );
        }
    }
}

/// What a formula does that (starting + expansion − contraction − churn) / starting does not.
fn formula_problems(formula: &str, registry: &Registry) -> Vec<&'static str> {
    let text = normalize(formula);
    let (numerator, denominator) = text.rsplit_once('/').unwrap_or((&text, ""));
    let has = |part: &str, words: Words| registry.words(words).occurs_in(part);
    let mut problems = Vec::new();
    if has(numerator, Words::FormulaNewBusiness) {
        problems.push("counts new business");
    }
    if denominator.is_empty() {
        problems.push("divides by nothing");
    } else if has(denominator, Words::FormulaEnding) {
        problems.push("divides by ending MRR instead of starting MRR");
    } else if !has(denominator, Words::FormulaStarting) {
        problems.push("does not divide by starting MRR");
    }
    if !has(numerator, Words::FormulaChurn) {
        problems.push("leaves out churn");
    }
    if !has(numerator, Words::FormulaContraction) {
        problems.push("leaves out contraction");
    }
    if !has(numerator, Words::FormulaExpansion) {
        problems.push("leaves out expansion");
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::formula_problems;
    use crate::registry::Registry;

    #[test]
    fn accepts_the_essay_formula_and_names_each_departure() {
        let registry = Registry::builtin();
        let formula_problems = |f: &str| formula_problems(f, &registry);
        assert!(formula_problems(
            "(starting_mrr + expansion - contraction - churn) / starting_mrr"
        )
        .is_empty());
        assert_eq!(
            formula_problems(
                "(starting_mrr + new_mrr + expansion - contraction - churn) / ending_mrr"
            ),
            [
                "counts new business",
                "divides by ending MRR instead of starting MRR"
            ]
        );
        assert_eq!(
            formula_problems("(starting_mrr + expansion - churn) / starting_mrr"),
            ["leaves out contraction"]
        );
    }
}
