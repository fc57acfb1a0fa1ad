//! Outcomes over output: key results should describe a change in behaviour or results,
//! not a deliverable or an activity count.

use super::Context;
use crate::diagnostic::{Code, Hit};
use crate::model::{Format, MetricKind};

pub const CODES: &[Code] = &[
    Code::OU001,
    Code::OU002,
    Code::OU003,
    Code::OU004,
    Code::OU005,
    Code::OU006,
    Code::OU007,
    Code::OU008,
];

pub fn check(ctx: &Context, hits: &mut Vec<Hit>) {
    let output_verbs = ctx.registry.terms(Code::OU001);
    let activity = ctx.registry.terms(Code::OU003);
    let vanity = ctx.registry.terms(Code::OU004);
    let counterparts = &ctx.registry.rule(Code::OU004).counterpart_terms;

    for (doc, objective) in ctx.objectives() {
        let oid = objective.id_str();
        // What a KR is about: its title plus its metric's id and name.
        let subject = |kr: &crate::model::KeyResult| {
            let metric = kr
                .metric
                .as_ref()
                .map_or(String::new(), |m| ctx.catalog.describe(&m.value));
            format!("{} | {metric}", kr.title_str())
        };
        let has_counterpart = objective
            .key_results
            .iter()
            .any(|kr| counterparts.matches(&subject(kr)));

        for kr in &objective.key_results {
            let kid = kr.id_str();
            let at = |code: Code, span, message: String| {
                Hit::new(code, doc.file, span, message)
                    .objective(oid)
                    .key_result(kid)
            };
            let label = kid.unwrap_or("?");
            if let Some(title) = &kr.title {
                // A measured KR may mention a verb in passing; only a title that opens with one
                // reads as a deliverable.
                let verb = if kr.metric.is_none() {
                    output_verbs.first_match(&title.value)
                } else {
                    output_verbs.starts_with(&title.value)
                };
                if let Some(verb) = verb {
                    hits.push(at(
                        Code::OU001,
                        title.span.clone(),
                        format!(
                            "key result `{label}` describes an output (`{verb}`), not an outcome"
                        ),
                    ));
                }
            }
            if kr.metric.is_none() && kr.target.is_none() {
                hits.push(at(
                    Code::OU002,
                    kr.anchor(),
                    format!("key result `{label}` has no metric and no target: it is a task, not a result"),
                ));
            }
            let span = kr
                .metric
                .as_ref()
                .or(kr.title.as_ref())
                .map_or(kr.anchor(), |v| v.span.clone());
            if let Some(term) = activity.first_match(&subject(kr)) {
                hits.push(at(
                    Code::OU003,
                    span.clone(),
                    format!("key result `{label}` counts activity (`{term}`), not its effect"),
                ));
            }
            let output_metric = kr.metric.as_ref().filter(|m| {
                ctx.catalog
                    .get(&m.value)
                    .and_then(|d| d.kind.as_ref())
                    .is_some_and(|k| k.value == MetricKind::Output)
            });
            if let Some(metric) = output_metric {
                hits.push(at(
                    Code::OU008,
                    metric.span.clone(),
                    format!("key result `{label}` targets `{}`, which the catalog defines as an output metric", metric.value),
                ));
            }
            if !has_counterpart {
                if let Some(term) = vanity.first_match(&subject(kr)) {
                    hits.push(at(
                        Code::OU004,
                        span,
                        format!("key result `{label}` targets a vanity metric (`{term}`) with no conversion or retention key result beside it"),
                    ));
                }
            }
        }

        if !objective.key_results.is_empty()
            && objective.key_results.iter().all(|kr| kr.metric.is_none())
        {
            hits.push(
                Hit::new(
                    Code::OU005,
                    doc.file,
                    objective.anchor(),
                    format!(
                        "every key result of objective `{}` is an output; none measures an outcome",
                        oid.unwrap_or("?")
                    ),
                )
                .objective(oid),
            );
        }

        // In Markdown an initiative is listed under the objective whose key results it moves;
        // only the structured formats have a `moves` field to fill in.
        let listed_under = doc.format == Format::Markdown;
        for initiative in objective.initiatives.iter().filter(|_| !listed_under) {
            let moves_nothing = initiative.moves.as_ref().is_none_or(|m| m.value.is_empty());
            if moves_nothing {
                let span = initiative
                    .moves
                    .as_ref()
                    .map_or(initiative.anchor(), |m| m.span.clone());
                let title = initiative.title.as_ref().map_or("?", |t| t.as_str());
                hits.push(
                    Hit::new(
                        Code::OU006,
                        doc.file,
                        span,
                        format!("initiative `{title}` names no key result it moves"),
                    )
                    .objective(oid),
                );
            }
        }

        if let Some(title) = &objective.title {
            if let Some(number) = numeric_part(&title.value) {
                hits.push(
                    Hit::new(
                        Code::OU007,
                        doc.file,
                        title.span.clone(),
                        format!(
                            "objective `{}` is phrased as a number (`{number}`)",
                            oid.unwrap_or("?")
                        ),
                    )
                    .objective(oid),
                );
            }
        }
    }
}

/// A percentage, money amount or multi-digit number in a title (years like 2026 excepted).
fn numeric_part(title: &str) -> Option<String> {
    let chars: Vec<char> = title.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.' || chars[i] == ',') {
            i += 1;
        }
        let number: String = chars[start..i].iter().collect();
        let number = number.trim_end_matches(['.', ',']).to_string();
        let digits = number.chars().filter(char::is_ascii_digit).count();
        let percent = chars.get(i) == Some(&'%');
        let money = start > 0 && matches!(chars[start - 1], '$' | '€' | '£');
        let suffix = chars
            .get(i)
            .is_some_and(|c| matches!(c, 'x' | 'k' | 'K' | 'm' | 'M'))
            && chars.get(i + 1).is_none_or(|c| !c.is_alphanumeric());
        let is_year = digits == 4 && (number.starts_with("19") || number.starts_with("20"));
        if percent || money || suffix || (digits >= 2 && !is_year) {
            let end = if percent || suffix { i + 1 } else { i };
            let begin = if money { start - 1 } else { start };
            return Some(chars[begin..end].iter().collect());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::numeric_part;

    #[test]
    fn finds_numbers_that_make_a_title_a_target() {
        assert_eq!(numeric_part("Grow revenue 20%").as_deref(), Some("20%"));
        assert_eq!(numeric_part("Reach $1M ARR").as_deref(), Some("$1M"));
        assert_eq!(numeric_part("Hit 10k teams").as_deref(), Some("10k"));
        assert_eq!(
            numeric_part("Win 2026 with 150 customers").as_deref(),
            Some("150")
        );
        assert_eq!(numeric_part("Teams succeed in week 1"), None);
        assert_eq!(numeric_part("Delight customers in 2026"), None);
    }
}
