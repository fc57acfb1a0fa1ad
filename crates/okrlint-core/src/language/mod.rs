//! The KR-language analyzer: reads a key result's sentence as people write it ("It takes less
//! than 48 hours to transfer 1TB", "Publish 5 blog posts", "The Core API is finalized") into
//! quantities, comparators, relative changes, directions, baselines and due dates, and labels
//! it output, activity, capability, outcome or unclear with the cue that decided.
//!
//! English only, pure Rust, deterministic. Every word it knows is data in
//! `rules/language.toml` ([`Lexicon`]); the patterns are here. [`annotate`] fills each KR's
//! `inferred` values and `class` after the files are read, so rules see them as plain model
//! data.

mod classify;
mod extract;
pub mod lexicon;
mod scan;

use std::ops::Range;

use jiff::civil::Date;

pub use classify::{CueRef, Pattern, Verdict, ORDER};
pub use extract::{Due, Extraction, Quantity, Role, When};
pub use lexicon::{Lexicon, PeriodWord};

use crate::model::{Classified, Document, Inferred, KeyResult, Period, Spanned, Unit};

include!(concat!(env!("OUT_DIR"), "/cues.rs"));

/// One sentence, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub extraction: Extraction,
    pub verdict: Verdict,
}

/// Reads one sentence.
pub fn analyze(lex: &Lexicon, text: &str) -> Analysis {
    let tokens = scan::scan(text);
    let start = classify::opener(lex, &tokens);
    let noun = lex
        .cue(Cue::OutcomeMetrics)
        .at(&tokens, start)
        .map_or(0, |(n, ())| n);
    let is_work = |cue: Cue| {
        lex.cue(cue)
            .at(&tokens, start)
            .is_some_and(|(n, ())| noun < 2 || n >= noun)
    };
    let opens_with_direction = lex.directions.at(&tokens, start).is_some();
    let opener_is_work = !opens_with_direction
        && (is_work(Cue::OutputVerbs)
            || is_work(Cue::ActivityVerbs)
            || is_work(Cue::OutcomeReachVerbs));
    let extraction = extract::extract(lex, text, &tokens, opener_is_work);
    let verdict = classify::classify(lex, &tokens, start, &extraction);
    Analysis {
        extraction,
        verdict,
    }
}

/// The plan format's unit for a quantity's unit, where one fits.
fn model_unit(lex: &Lexicon, unit: &str) -> Option<Unit> {
    match unit {
        "percent" | "points" => Some(Unit::Percent),
        "count" => Some(Unit::Count),
        "hours" => Some(Unit::Hours),
        "days" => Some(Unit::Days),
        code if lex.currencies.iter().any(|c| c == code) => Some(Unit::Currency),
        _ => None,
    }
}

fn last_day(year: i16, month: u8) -> Option<Date> {
    let first = Date::new(year, month as i8, 1).ok()?;
    Some(first.last_of_month())
}

/// The day a due phrase names, given the plan's period (for its year and its end).
pub fn resolve(when: When, period: Option<&Period>) -> Option<Date> {
    let end = period.and_then(|p| p.end.as_ref()).map(|d| d.value);
    let start = period.and_then(|p| p.start.as_ref()).map(|d| d.value);
    let plan_year = end.or(start).map(|d| d.year());
    match when {
        When::Day { year, month, day } => {
            Date::new(year.or(plan_year)?, month as i8, day as i8).ok()
        }
        When::Month { year, month } => last_day(year.or(plan_year)?, month),
        When::Quarter { year, quarter } => last_day(year.or(plan_year)?, quarter * 3),
        When::Half { year, half } => last_day(year.or(plan_year)?, half * 6),
        When::Year { year } => last_day(year.or(plan_year)?, 12),
        When::Period(PeriodWord::Quarter | PeriodWord::Sprint) => end,
        When::Period(PeriodWord::Year) => last_day(plan_year?, 12),
        When::Period(PeriodWord::Month) => end.and_then(|e| last_day(e.year(), e.month() as u8)),
        When::Period(PeriodWord::Half) => end,
        When::Period(PeriodWord::NextQuarter | PeriodWord::Week)
        | When::Fiscal
        | When::Relative => None,
    }
}

/// Sets `inferred` and `class` on every KR of the documents.
pub fn annotate(lex: &Lexicon, documents: &mut [Document]) {
    // Documents are independent: split them across the cores.
    crate::par::for_each_mut(documents, 32, |doc| {
        let period = doc.team.as_ref().and_then(|t| t.period.clone());
        for objective in &mut doc.objectives {
            for kr in &mut objective.key_results {
                annotate_kr(lex, kr, period.as_ref());
            }
        }
    });
}

fn annotate_kr(lex: &Lexicon, kr: &mut KeyResult, period: Option<&Period>) {
    let Some(title) = kr.title.as_ref() else {
        return;
    };
    let analysis = analyze(lex, &title.value);
    let at = |range: Range<usize>| kr.title_map.locate(range, &title.span);
    let ext = &analysis.extraction;
    let mut inferred = Inferred::default();
    if let Some((value, unit, range)) = ext.target_value() {
        let span = at(range);
        inferred.target = Some(Spanned::new(value, span.clone()));
        inferred.quantity_unit = Some(unit.to_string());
        inferred.unit = model_unit(lex, unit).map(|u| Spanned::new(u, span));
    }
    if let Some(b) = ext.baseline() {
        inferred.baseline = Some(Spanned::new(b.value, at(b.range.clone())));
        inferred.baseline_unit = Some(b.unit.clone());
    }
    if let Some(c) = ext.change() {
        inferred.change = Some(Spanned::new(c.value, at(c.range.clone())));
        inferred.change_unit = Some(c.unit.clone());
    }
    if let Some((op, range)) = &ext.comparator {
        inferred.comparator = Some(Spanned::new(*op, at(range.clone())));
    }
    // Only a direction the sentence states: one baseline → target implies is the model's own
    // `effective_direction`, and cannot contradict them.
    if let Some((direction, range)) = ext.direction.as_ref().filter(|_| !ext.direction_derived) {
        inferred.direction = Some(Spanned::new(*direction, at(range.clone())));
    }
    if let Some(due) = &ext.due {
        let span = at(due.range.clone());
        inferred.due_phrase = Some(Spanned::new(
            title.value[due.range.clone()].to_string(),
            span.clone(),
        ));
        inferred.due = resolve(due.when, period).map(|d| Spanned::new(d, span));
    }
    let verdict = &analysis.verdict;
    kr.class = Some(Classified {
        label: verdict.label,
        cue: verdict.cue.as_str().to_string(),
        words: title
            .value
            .get(verdict.range.clone())
            .unwrap_or("")
            .to_string(),
        span: if verdict.range.is_empty() {
            kr.anchor()
        } else {
            at(verdict.range.clone())
        },
    });
    kr.inferred = inferred;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Direction;
    use crate::registry::Registry;

    fn lex() -> Lexicon {
        Lexicon::new(Registry::builtin().language())
    }

    #[test]
    fn reads_the_issue_s_examples() {
        let lex = lex();
        let a = analyze(&lex, "It takes less than 48 hours to transfer 1TB");
        let t = a.extraction.target().expect("a target");
        assert_eq!((t.value, t.unit.as_str()), (48.0, "hours"));
        assert_eq!(
            a.extraction.comparator.as_ref().map(|c| c.0),
            Some(crate::model::Comparator::Lt)
        );
        assert_eq!(a.verdict.label, crate::model::KrClass::Outcome);

        let a = analyze(&lex, "Publish 5 blog posts with ecosystem projects");
        assert_eq!(a.verdict.label, crate::model::KrClass::Activity);
        assert_eq!(a.extraction.target().map(|q| q.value), Some(5.0));

        let a = analyze(&lex, "The Core API is finalized and released");
        assert_eq!(a.verdict.label, crate::model::KrClass::Output);

        let a = analyze(&lex, "Users can create a pad from the website");
        assert_eq!(a.verdict.label, crate::model::KrClass::Capability);

        let a = analyze(
            &lex,
            "Grow monthly active contributors from 40 to 60 by end of Q3",
        );
        let e = &a.extraction;
        assert_eq!(e.baseline().map(|q| q.value), Some(40.0));
        assert_eq!(e.target().map(|q| q.value), Some(60.0));
        assert_eq!(e.direction.as_ref().map(|d| d.0), Some(Direction::Increase));
        let due = e.due.as_ref().expect("a due phrase");
        assert_eq!(
            &"Grow monthly active contributors from 40 to 60 by end of Q3"[due.range.clone()],
            "by end of Q3"
        );
    }

    #[test]
    fn due_phrases_resolve_against_the_period() {
        let period = Period {
            span: 0..0,
            label: None,
            start: Some(Spanned::new(jiff::civil::date(2026, 1, 1), 0..0)),
            end: Some(Spanned::new(jiff::civil::date(2026, 3, 31), 0..0)),
        };
        let lex = lex();
        let due = |text: &str| {
            let a = analyze(&lex, text);
            a.extraction
                .due
                .and_then(|d| resolve(d.when, Some(&period)))
        };
        assert_eq!(
            due("Ship it by April 1st"),
            Some(jiff::civil::date(2026, 4, 1))
        );
        assert_eq!(
            due("Ship it by end of Q3"),
            Some(jiff::civil::date(2026, 9, 30))
        );
        assert_eq!(
            due("Ship it by 2026-03-15"),
            Some(jiff::civil::date(2026, 3, 15))
        );
        assert_eq!(
            due("Ship it this quarter"),
            Some(jiff::civil::date(2026, 3, 31))
        );
        assert_eq!(
            due("Ship it by 30 June"),
            Some(jiff::civil::date(2026, 6, 30))
        );
        assert_eq!(
            due("Ship it before the end of the year"),
            Some(jiff::civil::date(2026, 12, 31))
        );
        assert_eq!(due("Ship it"), None);
    }
}
