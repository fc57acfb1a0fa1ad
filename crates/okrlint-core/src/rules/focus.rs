//! Focus: few objectives, a handful of key results each, few initiatives in flight.

use super::Context;
use crate::diagnostic::{Code, Hit};
use crate::model::{Document, Format};
use crate::rules::format::fmt_number;

pub const CODES: &[Code] = &[
    Code::FO001,
    Code::FO002,
    Code::FO003,
    Code::FO004,
    Code::FO005,
];

pub fn detect(ctx: &Context, hits: &mut Vec<Hit>) {
    let t = ctx.thresholds;
    for doc in ctx.plans() {
        capacity(ctx, doc, hits);
        let count = doc.objectives.len();
        if count as f64 > t.max_objectives {
            // Point at the first objective past the limit: that is where focus was lost.
            let extra = &doc.objectives[t.max_objectives as usize];
            hits.push(
                Hit::new(
                    Code::FO001,
                    doc.file,
                    extra.anchor(),
                    format!(
                        "{count} objectives in one plan; at most {} keeps a team focused",
                        t.max_objectives
                    ),
                )
                .objective(extra.id_str()),
            );
        }
        for objective in &doc.objectives {
            let oid = objective.id_str();
            let krs = objective.key_results.len();
            let label = oid.unwrap_or("?");
            if (krs as f64) < t.min_key_results {
                hits.push(
                    Hit::new(
                        Code::FO002,
                        doc.file,
                        objective.anchor(),
                        format!("objective `{label}` has {krs} key result(s); at least {} show what success looks like", t.min_key_results),
                    )
                    .objective(oid),
                );
            }
            if krs as f64 > t.max_key_results {
                let extra = &objective.key_results[t.max_key_results as usize];
                hits.push(
                    Hit::new(
                        Code::FO003,
                        doc.file,
                        extra.anchor(),
                        format!(
                            "objective `{label}` has {krs} key results; more than {} dilutes it",
                            t.max_key_results
                        ),
                    )
                    .objective(oid)
                    .key_result(extra.id_str()),
                );
            }
            let initiatives = objective.initiatives.len();
            if initiatives as f64 > t.max_initiatives {
                let extra = &objective.initiatives[t.max_initiatives as usize];
                hits.push(
                    Hit::new(
                        Code::FO004,
                        doc.file,
                        extra.anchor(),
                        format!("objective `{label}` has {initiatives} initiatives in flight; at most {}", t.max_initiatives),
                    )
                    .objective(oid),
                );
            }
        }
    }
}

/// FO005: a plan with work in it says how much capacity platform work gets beside feature
/// bets. Markdown plans have no place to write it, so only TOML and YAML plans are asked.
fn capacity(ctx: &Context, doc: &Document, hits: &mut Vec<Hit>) {
    let Some(team) = &doc.team else { return };
    if doc.format == Format::Markdown {
        return;
    }
    let has_work = doc.objectives.iter().any(|o| !o.initiatives.is_empty());
    let Some(capacity) = &team.capacity else {
        if has_work {
            let span = team.span.start..team.span.start;
            hits.push(Hit::new(
                Code::FO005,
                doc.file,
                span,
                "the plan reserves no capacity for platform work beside its feature bets (`[team] capacity`)",
            ));
        }
        return;
    };
    let shares: Vec<f64> = [&capacity.platform, &capacity.features, &capacity.other]
        .into_iter()
        .flatten()
        .map(|s| s.value)
        .collect();
    let sum: f64 = shares.iter().sum();
    // 0.3 + 0.6 is 0.8999999999999999 in binary: shares are read to four decimals.
    let sum = (sum * 10_000.0).round() / 10_000.0;
    let tolerance = ctx.thresholds.capacity_tolerance;
    // Percentages when some share is above 1 (30, 70); shares of 1 otherwise (0.3, 0.8 sums
    // to 1.1, not to 100).
    let whole = if shares.iter().any(|&s| s > 1.0) {
        100.0
    } else {
        1.0
    };
    let platform = capacity.platform.as_ref();
    // `platform = 0` is an explicit decision (a team with no platform work) and is accepted.
    let message = match platform {
        None if capacity.wrote("platform") => None,
        None => Some("`capacity` reserves no `platform` share".to_string()),
        _ if shares.iter().any(|&s| s < 0.0) => Some("`capacity` has a negative share".to_string()),
        _ if (sum - whole).abs() > tolerance * whole => Some(format!(
            "the shares of `capacity` sum to {}, not {}",
            fmt_number(sum),
            fmt_number(whole)
        )),
        _ => None,
    };
    if let Some(message) = message {
        let span = platform.map_or(capacity.span.clone(), |p| p.span.clone());
        hits.push(Hit::new(Code::FO005, doc.file, span, message));
    }
}
