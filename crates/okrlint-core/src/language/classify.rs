//! Output, activity, capability or outcome: what a KR sentence describes, decided by the first
//! cue that applies, in a fixed order (see [`ORDER`]), and named so a reader can disagree.

use std::ops::Range;

use super::extract::Extraction;
use super::lexicon::Lexicon;
use super::scan::{Kind, Token};
use super::Cue;
use crate::model::KrClass;

/// What decided a verdict: a cue list of `rules/language.toml`, or one of the analyzer's
/// patterns over the extraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueRef {
    List(Cue),
    Pattern(Pattern),
}

impl CueRef {
    pub fn as_str(self) -> &'static str {
        match self {
            CueRef::List(cue) => cue.as_str(),
            CueRef::Pattern(p) => p.as_str(),
        }
    }
}

/// The analyzer's own patterns (no word list: they read the extraction).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    /// A comparator on a duration, size, share, factor or amount ("< 300ms", "at most 40MB").
    ComparedMeasure,
    /// A direction word opens the sentence ("Reduce overhead of Prolog") or follows its subject
    /// ("Newsletter is growing faster").
    DirectionOpener,
    /// A share of people ("70% of key users report …").
    ShareOfPeople,
    /// Nothing decided.
    NoCue,
}

impl Pattern {
    pub fn as_str(self) -> &'static str {
        match self {
            Pattern::ComparedMeasure => "compared_measure",
            Pattern::DirectionOpener => "direction_opener",
            Pattern::ShareOfPeople => "share_of_people",
            Pattern::NoCue => "no_cue",
        }
    }

    pub fn about(self) -> &'static str {
        match self {
            Pattern::ComparedMeasure => "a comparator on a duration, size, share, factor or amount (\"< 300ms\", \"at most 40MB\")",
            Pattern::DirectionOpener => "a direction word opens the sentence or follows its subject (\"Reduce overhead of Prolog\", \"Newsletter is growing …\")",
            Pattern::ShareOfPeople => "a share of people (\"70% of key users report …\")",
            Pattern::NoCue => "no cue applies",
        }
    }
}

/// The most words an output_nouns phrase may have to count as naming a deliverable.
const SHORT_PHRASE: usize = 10;

/// The order the classifier tries its cues in; the first that applies decides. `explain`
/// prints it.
pub const ORDER: &[(&str, &str)] = &[
    ("capability", "capability_openers at the start; or capability_subjects followed by capability_modals (unless a share of people is measured, or an outcome_people_verbs word follows the modal: then outcome); or capability_usable"),
    ("outcome", "capability_subjects (in the first four words) followed by outcome_people_verbs; share_of_people"),
    ("outcome", "outcome_reach_verbs at the start with a number (\"Get 100 subscribers\")"),
    ("activity / outcome", "the word after the target number: activity_nouns → activity, outcome_metrics → outcome (\"5 blog posts\", \"100 subscribers\")"),
    ("outcome", "outcome_clauses followed by a number or an outcome_metrics word; outcome_takes with a number; compared_measure; outcome_metrics with a number, comparator or direction when the sentence does not open with work; direction_opener"),
    ("activity / output", "activity_verbs or output_verbs at the start (the longer phrase wins); output_existence anywhere → output; activity_nouns anywhere → activity"),
    ("output", "output_copulas followed by output_states (or any `…ed` word) within three words; output_possession at the start or after a subject of up to five words; output_nouns in a sentence with no verb cue; output_states anywhere"),
    ("outcome", "outcome_metrics anywhere"),
    ("unclear", "no_cue"),
];

#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub label: KrClass,
    pub cue: CueRef,
    /// The words that matched, as a range of the sentence.
    pub range: Range<usize>,
}

/// Where the sentence's content starts: after a leading "Topic:" label, "We", "We'll", list
/// punctuation.
pub fn opener(lex: &Lexicon, tokens: &[Token]) -> usize {
    // "Topic: Reduce …" starts after the label; "Hire engineers: +2" is no label.
    let opens_with_verb = lex.cue(Cue::ActivityVerbs).at(tokens, 0).is_some()
        || lex.cue(Cue::OutputVerbs).at(tokens, 0).is_some();
    let mut start = tokens
        .iter()
        .take(7)
        .position(|t| t.norm == ":")
        .filter(|&c| c + 1 < tokens.len() && !opens_with_verb)
        .map_or(0, |c| c + 1);
    while let Some(t) = tokens.get(start) {
        if t.kind == Kind::Symbol {
            start += 1;
        } else if let Some((n, ())) = lex.skip.at(tokens, start) {
            start += n;
        } else {
            break;
        }
    }
    start
}

struct Matcher<'a> {
    lex: &'a Lexicon,
    tokens: &'a [Token],
    /// Tokens inside the due phrase are not cues.
    masked: Range<usize>,
}

impl Matcher<'_> {
    fn span(&self, at: usize, n: usize) -> Range<usize> {
        self.tokens[at].range.start..self.tokens[at + n - 1].range.end
    }

    fn at(&self, cue: Cue, i: usize) -> Option<usize> {
        let token = self.tokens.get(i)?;
        // Words inside the due phrase or inside parentheses are no cues.
        if self.masked.contains(&token.range.start) || token.depth > 0 {
            return None;
        }
        self.lex.cue(cue).at(self.tokens, i).map(|(n, ())| n)
    }

    fn find(&self, cue: Cue, from: usize) -> Option<(usize, usize)> {
        (from..self.tokens.len()).find_map(|i| self.at(cue, i).map(|n| (i, n)))
    }

    fn hit(&self, label: KrClass, cue: Cue, at: usize, n: usize) -> Verdict {
        Verdict {
            label,
            cue: CueRef::List(cue),
            range: self.span(at, n),
        }
    }

    /// A subject from `cue` whose phrase is followed (after at most one adverb) by `then`:
    /// (subject start, position of `then`, its length).
    fn subject_then(&self, then: Cue, from: usize, within: usize) -> Option<(usize, usize, usize)> {
        let mut i = from;
        while let Some((s, n)) = self
            .find(Cue::CapabilitySubjects, i)
            .filter(|(s, _)| *s < from + within)
        {
            // One adverb between ("Users reliably …"), or a short phrase a subject_links word
            // opens ("Everyone at Sourcegraph knows …").
            let linked = self.lex.links.at(self.tokens, s + n).is_some();
            for gap in 0..=if linked { 3 } else { 1 } {
                if let Some(m) = self.at(then, s + n + gap) {
                    return Some((s, s + n + gap, m));
                }
            }
            i = s + 1;
        }
        None
    }
}

fn is_participle(token: &Token) -> bool {
    token.is_word() && token.norm.len() > 4 && token.norm.ends_with("ed")
}

/// Classifies one sentence from its tokens, where its content starts ([`opener`]) and its
/// extraction.
pub fn classify(lex: &Lexicon, tokens: &[Token], start: usize, ext: &Extraction) -> Verdict {
    let masked = ext.due.as_ref().map_or(0..0, |d| d.range.clone());
    let m = Matcher {
        lex,
        tokens,
        masked,
    };
    let measured = ext.target_value().is_some() || ext.change.is_some() || ext.comparator.is_some();
    let share = ext.target().is_some_and(|q| q.unit == "percent");

    // Capability.
    if let Some(n) = m.at(Cue::CapabilityOpeners, start) {
        return m.hit(KrClass::Capability, Cue::CapabilityOpeners, start, n);
    }
    if let Some((s, at, n)) = m.subject_then(Cue::CapabilityModals, start, usize::MAX / 2) {
        let people_verb = m.at(Cue::OutcomePeopleVerbs, at + n).map(|k| (at + n, k));
        match people_verb {
            Some((v, k)) => return m.hit(KrClass::Outcome, Cue::OutcomePeopleVerbs, v, k),
            None if !share => {
                return Verdict {
                    label: KrClass::Capability,
                    cue: CueRef::List(Cue::CapabilityModals),
                    range: m.span(s, at + n - s),
                }
            }
            None => {}
        }
    }
    if let Some((s, n)) = m.find(Cue::CapabilityUsable, start) {
        // "`js-ipfs` can be used without …": the subject itself becomes usable.
        if !share && s < start + 5 {
            return m.hit(KrClass::Capability, Cue::CapabilityUsable, s, n);
        }
    }

    // Outcome: what people do.
    if let Some((s, at, n)) = m.subject_then(Cue::OutcomePeopleVerbs, start, 4) {
        return Verdict {
            label: KrClass::Outcome,
            cue: CueRef::List(Cue::OutcomePeopleVerbs),
            range: m.span(s, at + n - s),
        };
    }
    if let Some(q) = ext.target().filter(|q| q.unit == "percent") {
        let after = q.tokens.end;
        let of_people = tokens.get(after).is_some_and(|t| t.norm == "of")
            && (after + 1..(after + 4).min(tokens.len()))
                .any(|k| m.at(Cue::CapabilitySubjects, k).is_some());
        // "100% of the team certified": a share of the team's own activity.
        if let (true, Some((s, n))) = (of_people, m.find(Cue::ActivityNouns, start)) {
            return m.hit(KrClass::Activity, Cue::ActivityNouns, s, n);
        }
        if of_people {
            return Verdict {
                label: KrClass::Outcome,
                cue: CueRef::Pattern(Pattern::ShareOfPeople),
                range: q.range.start..tokens[after].range.end,
            };
        }
    }

    // "Get 100 subscribers": a result obtained from others, whatever it counts.
    if let (Some(n), true) = (
        m.at(Cue::OutcomeReachVerbs, start),
        ext.target_value().is_some(),
    ) {
        return m.hit(KrClass::Outcome, Cue::OutcomeReachVerbs, start, n);
    }

    // What the target number counts ("Hire 2 sales people" stays the team's own action).
    let activity_opener =
        m.at(Cue::ActivityVerbs, start).is_some() || m.at(Cue::OutputVerbs, start).is_some();
    if let Some(q) = ext.target().filter(|q| q.unit == "count") {
        for k in q.tokens.end..(q.tokens.end + 4).min(tokens.len()) {
            if tokens[k].kind == Kind::Symbol && tokens[k].norm != "\"" && tokens[k].norm != "“" {
                break;
            }
            if let Some(n) = m.at(Cue::ActivityNouns, k) {
                return m.hit(KrClass::Activity, Cue::ActivityNouns, k, n);
            }
            if let (Some(n), false) = (m.at(Cue::OutcomeMetrics, k), activity_opener) {
                return m.hit(KrClass::Outcome, Cue::OutcomeMetrics, k, n);
            }
        }
    }

    // A compound like "Support tickets …" opens with a noun, not the verb "support".
    let noun_opening = m.at(Cue::OutcomeMetrics, start).filter(|&n| n > 1);
    let opens_with = |cue: Cue| {
        m.at(cue, start)
            .filter(|&n| noun_opening.is_none_or(|k| n >= k))
    };
    let work_opener =
        opens_with(Cue::OutputVerbs).is_some() || opens_with(Cue::ActivityVerbs).is_some();
    let direction_opener = lex.directions.at(tokens, start).map(|(n, _)| n);

    // Outcome: a result with a number.
    // "Deliver 18 sessions to increase SCLAU by 15": the clause names what is measured.
    if let Some((s, n)) = m.find(Cue::OutcomeClauses, start) {
        let after = s + n;
        let measured_after = ext.quantities.iter().any(|q| q.tokens.start >= after)
            || ext.zero.is_some()
            || m.find(Cue::OutcomeMetrics, after).is_some();
        if measured_after {
            return m.hit(KrClass::Outcome, Cue::OutcomeClauses, s, n);
        }
    }
    if let (Some((s, n)), true) = (m.find(Cue::OutcomeTakes, start), measured) {
        return m.hit(KrClass::Outcome, Cue::OutcomeTakes, s, n);
    }
    let compared = ext
        .target()
        .filter(|q| q.comparator.is_some() && (q.unit != "count" && q.unit != "points"));
    let activity_named = m.find(Cue::ActivityNouns, start).is_some();
    if let (Some(q), false, false) = (compared, work_opener, activity_named) {
        return Verdict {
            label: KrClass::Outcome,
            cue: CueRef::Pattern(Pattern::ComparedMeasure),
            range: q.range.clone(),
        };
    }
    let directed = ext.direction.is_some();
    if (measured || directed) && (!work_opener || directed) {
        if let Some((s, n)) = m.find(Cue::OutcomeMetrics, start) {
            return m.hit(KrClass::Outcome, Cue::OutcomeMetrics, s, n);
        }
    }
    if let Some(n) = direction_opener {
        return Verdict {
            label: KrClass::Outcome,
            cue: CueRef::Pattern(Pattern::DirectionOpener),
            range: m.span(start, n),
        };
    }

    // Activity or output by the opening verb: the longer phrase wins ("Do a prototype" is
    // output, "Support and promote" activity).
    let activity_verb = opens_with(Cue::ActivityVerbs);
    let output_verb = opens_with(Cue::OutputVerbs);
    match (activity_verb, output_verb) {
        (Some(a), o) if o.is_none_or(|o| a >= o) => {
            return m.hit(KrClass::Activity, Cue::ActivityVerbs, start, a)
        }
        (_, Some(o)) => return m.hit(KrClass::Output, Cue::OutputVerbs, start, o),
        _ => {}
    }
    if let Some((s, n)) = m.find(Cue::OutputExistence, start) {
        return m.hit(KrClass::Output, Cue::OutputExistence, s, n);
    }
    if let Some((s, n)) = m.find(Cue::ActivityNouns, start) {
        return m.hit(KrClass::Activity, Cue::ActivityNouns, s, n);
    }
    let mut i = start;
    while let Some((s, n)) = m.find(Cue::OutputCopulas, i) {
        for k in s + n..(s + n + 3).min(tokens.len()) {
            if let Some(len) = m.at(Cue::OutputStates, k) {
                return m.hit(KrClass::Output, Cue::OutputStates, s, k + len - s);
            }
            if is_participle(&tokens[k]) && k == s + n {
                return m.hit(KrClass::Output, Cue::OutputCopulas, s, k + 1 - s);
            }
        }
        i = s + 1;
    }
    // "IPNS has a streaming API": a possession verb after a subject of one to five words.
    for k in start..(start + 6).min(tokens.len()) {
        if let Some(n) = m.at(Cue::OutputPossession, k) {
            return m.hit(KrClass::Output, Cue::OutputPossession, k, n);
        }
    }
    // A deliverable named in a short phrase with no verb ("Swagger API documentation"); in a
    // long sentence a deliverable noun is as often the context of an outcome.
    let words = tokens[start.min(tokens.len())..]
        .iter()
        .filter(|t| t.is_word())
        .count();
    if let (Some((s, n)), true) = (m.find(Cue::OutputNouns, start), words <= SHORT_PHRASE) {
        return m.hit(KrClass::Output, Cue::OutputNouns, s, n);
    }
    if let Some((s, n)) = m.find(Cue::OutputStates, start) {
        return m.hit(KrClass::Output, Cue::OutputStates, s, n);
    }

    // Outcome: a measure named without a number.
    if let Some((s, n)) = m.find(Cue::OutcomeMetrics, start) {
        return m.hit(KrClass::Outcome, Cue::OutcomeMetrics, s, n);
    }
    Verdict {
        label: KrClass::Unclear,
        cue: CueRef::Pattern(Pattern::NoCue),
        range: 0..0,
    }
}
