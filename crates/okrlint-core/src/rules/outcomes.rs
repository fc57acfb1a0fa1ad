//! Outcomes over output: key results should describe a change in behaviour or results,
//! not a deliverable or an activity count.

use super::Context;
use crate::diagnostic::{Code, Edit, Fix, Hit, Safety};
use crate::model::{Classified, Document, Format, KeyResult, KrClass, MetricKind, Objective, Span};

pub const CODES: &[Code] = &[
    Code::OU001,
    Code::OU002,
    Code::OU003,
    Code::OU004,
    Code::OU005,
    Code::OU006,
    Code::OU007,
    Code::OU008,
    Code::OU009,
    Code::OU010,
];

/// How the classifier's verdict reads in a finding: "(cue: `finalized`, output_states)".
fn cue_note(class: &Classified) -> String {
    if class.words.is_empty() {
        format!("(cue: {})", class.cue)
    } else {
        format!("(cue: `{}`, {})", class.words, class.cue)
    }
}

/// Whether the verdict may stand for a KR that declares a metric: only a title that opens with
/// a deliverable or activity verb reads as work; a measured KR may mention one in passing.
fn stands_beside_metric(class: &Classified, kr: &KeyResult) -> bool {
    kr.metric.is_none()
        || (matches!(class.cue.as_str(), "output_verbs" | "activity_verbs")
            && kr
                .title
                .as_ref()
                .is_some_and(|t| class.span.start == t.span.start))
}

pub fn detect(ctx: &Context, hits: &mut Vec<Hit>) {
    let activity = ctx.registry.terms(Code::OU003);
    let vanity = ctx.registry.terms(Code::OU004);
    let counterparts = &ctx.registry.rule(Code::OU004).counterpart_terms;

    for (doc, objective) in ctx.objectives() {
        let oid = objective.id_str();
        // What a KR is about: its title plus its metric's id and name.
        let subject = |kr: &KeyResult| {
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
            let class = kr.class.as_ref().filter(|c| stands_beside_metric(c, kr));
            // A misspelt or mistyped `metric`/`target` is the schema family's finding.
            let measured = kr.metric.is_some()
                || kr.target.is_some()
                || kr.inferred.is_measured()
                || kr.wrote("metric")
                || kr.wrote("target");
            let mut reported_activity = false;
            match class.map(|c| (c.label, c)) {
                Some((KrClass::Output, c)) => {
                    let mut hit = at(
                        Code::OU001,
                        c.span.clone(),
                        format!("key result `{label}` describes an output, not an outcome {}", cue_note(c)),
                    )
                    .help(format!(
                        "What should change for users or the business once this is done? Write that change as the key result (metric, baseline, target) and move “{}” to an initiative that `moves` it.",
                        kr.title_str()
                    ));
                    if let Some(fix) = into_initiative(ctx, doc, objective, kr) {
                        hit = hit.with_fix(fix);
                    }
                    hits.push(hit)
                }
                Some((KrClass::Activity, c)) => {
                    reported_activity = true;
                    let what = if c.cue == "activity_nouns" { c.words.clone() } else { "work".into() };
                    hits.push(
                        at(
                            Code::OU003,
                            c.span.clone(),
                            format!("key result `{label}` counts the team's own activity, not its effect {}", cue_note(c)),
                        )
                        .help(format!(
                            "What should the {what} change? Name that result (who behaves differently, measured how) as the key result, and keep the {what} as the initiative that moves it."
                        )),
                    )
                }
                Some((KrClass::Capability, c)) => hits.push(
                    at(
                        Code::OU009,
                        c.span.clone(),
                        format!("key result `{label}` states what users can do, not how many do it {}", cue_note(c)),
                    )
                    .help("Measure the capability's use: the share of users (or accounts) who do it within a window, from a baseline to a target. Shipping it is the initiative."),
                ),
                Some((KrClass::Outcome, c)) if !measured => hits.push(
                    at(
                        Code::OU010,
                        kr.anchor(),
                        format!("key result `{label}` names an outcome but no measure of it {}", cue_note(c)),
                    ),
                ),
                _ if !measured => hits.push(at(
                    Code::OU002,
                    kr.anchor(),
                    format!("key result `{label}` has no metric and no target, and its sentence does not say what it changes"),
                )),
                _ => {}
            }
            let span = kr
                .metric
                .as_ref()
                .or(kr.title.as_ref())
                .map_or(kr.anchor(), |v| v.span.clone());
            // A metric named for an activity (`blog_posts`), whatever the title says.
            let metric_activity = kr
                .metric
                .as_ref()
                .and_then(|m| activity.first_match(&ctx.catalog.describe(&m.value)));
            if let (Some(term), false) = (metric_activity, reported_activity) {
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

        // Every KR is work by its sentence (or unreadable as a result) and none is measured.
        let outcome = |kr: &KeyResult| {
            kr.metric.is_some()
                || kr
                    .class
                    .as_ref()
                    .is_some_and(|c| c.label == KrClass::Outcome)
        };
        if !objective.key_results.is_empty() && !objective.key_results.iter().any(outcome) {
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
        // Under an objective with no key results there is nothing to name: FO002 reports the
        // missing key results once, instead of OU006 once per initiative.
        let listed_under = doc.format == Format::Markdown || objective.key_results.is_empty();
        for initiative in objective.initiatives.iter().filter(|_| !listed_under) {
            let moves_nothing = initiative.moves.as_ref().is_none_or(|m| m.value.is_empty());
            if moves_nothing {
                let span = initiative
                    .moves
                    .as_ref()
                    .map_or(initiative.anchor(), |m| m.span.clone());
                let title = initiative.name();
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

/// OU001's fix for a TOML key result that is only a deliverable (id, title, owner, due,
/// description): turn its table into an `[[objective.initiative]]` that `moves` the objective's
/// other key results. Unsafe: it changes what the plan measures.
fn into_initiative(
    ctx: &Context,
    doc: &Document,
    objective: &Objective,
    kr: &KeyResult,
) -> Option<Fix> {
    let only_a_deliverable = kr.metric.is_none()
        && kr.baseline.is_none()
        && kr.target.is_none()
        && kr.current.is_none()
        && kr.unit.is_none()
        && kr.direction.is_none()
        && kr.confidence.is_none()
        && kr.guardrails.is_empty()
        && kr.mde.is_none()
        && kr.success.is_none()
        && kr.kill.is_none()
        && kr.source.is_none()
        && kr.kind.is_none()
        && kr.unreadable.is_empty();
    if doc.format != Format::Toml || !only_a_deliverable {
        return None;
    }
    let text = &ctx.sources.get(doc.file)?.text;
    const HEADER: &str = "[[objective.key_result]]";
    let start = kr.span.start;
    if !text.get(start..)?.starts_with(HEADER) {
        return None;
    }
    // The whole line a key's value is on, when that line holds only `key = value`.
    let line_of = |key: &str, span: &Span| -> Option<Span> {
        let from = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let to = text[span.end..]
            .find('\n')
            .map_or(text.len(), |i| span.end + i + 1);
        text[from..to]
            .trim_start()
            .starts_with(key)
            .then_some(from..to)
    };
    let others: Vec<String> = objective
        .key_results
        .iter()
        .filter(|k| !std::ptr::eq(*k, kr))
        .filter_map(|k| k.id.as_ref().map(|id| format!("\"{}\"", id.value)))
        .collect();
    let mut edits = vec![Edit {
        span: start..start + HEADER.len(),
        replacement: "[[objective.initiative]]".to_string(),
    }];
    let moves = if others.is_empty() {
        String::new()
    } else {
        format!("moves = [{}]\n", others.join(", "))
    };
    match &kr.id {
        Some(id) => edits.push(Edit {
            span: line_of("id", &id.span)?,
            replacement: moves,
        }),
        None if !moves.is_empty() => return None,
        None => {}
    }
    if let Some(due) = &kr.due {
        edits.push(Edit {
            span: line_of("due", &due.span)?,
            replacement: String::new(),
        });
    }
    Some(Fix {
        message:
            "turn this key result into an initiative that moves the objective's other key results"
                .into(),
        safety: Safety::Unsafe,
        edits,
    })
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
