//! `rules/language.toml` compiled for matching: every list becomes a [`Phrases`] table keyed
//! by its terms' first token, so matching a sentence costs a hash look-up per token.

use std::collections::HashMap;

use super::scan::{scan, Token};
use super::Cue;
use crate::model::{Comparator, Direction};
use crate::registry::Language;

/// Terms (as token sequences) with a value each, looked up by first token.
#[derive(Debug, Clone)]
pub struct Phrases<T> {
    by_first: HashMap<String, Vec<(Vec<String>, T)>>,
}

impl<T> Default for Phrases<T> {
    fn default() -> Self {
        Phrases {
            by_first: HashMap::new(),
        }
    }
}

/// The forms a token may take in a term: itself, and its singular when it reads as a plural.
fn stems(word: &str) -> impl Iterator<Item = &str> {
    let s = word.strip_suffix('s').filter(|s| s.len() >= 2);
    let es = word.strip_suffix("es").filter(|s| s.len() >= 2);
    std::iter::once(word).chain(s).chain(es)
}

impl<T: Clone> Phrases<T> {
    pub fn new<S: AsRef<str>>(terms: impl IntoIterator<Item = (S, T)>) -> Self {
        let mut phrases = Phrases::default();
        for (term, value) in terms {
            phrases.add(term.as_ref(), value);
        }
        phrases
    }

    pub fn add(&mut self, term: &str, value: T) {
        let tokens: Vec<String> = scan(term).into_iter().map(|t| t.norm).collect();
        let Some(first) = tokens.first().cloned() else {
            return;
        };
        let list = self.by_first.entry(first).or_default();
        list.push((tokens, value));
        // Longest first, so "at least" wins over "at".
        list.sort_by_key(|(t, _)| std::cmp::Reverse(t.len()));
    }

    /// The longest term starting at token `at`: (tokens it spans, its value). A term's last
    /// word may be written as a plural.
    pub fn at(&self, tokens: &[Token], at: usize) -> Option<(usize, T)> {
        let first = tokens.get(at)?;
        let mut best: Option<(usize, T)> = None;
        for key in stems(&first.norm) {
            let Some(candidates) = self.by_first.get(key) else {
                continue;
            };
            for (term, value) in candidates {
                let n = term.len();
                if best.as_ref().is_some_and(|(len, _)| *len >= n) || at + n > tokens.len() {
                    continue;
                }
                let matches = term.iter().enumerate().all(|(k, word)| {
                    let token = &tokens[at + k].norm;
                    if k == 0 {
                        word == key
                    } else if k + 1 == n {
                        stems(token).any(|s| s == word)
                    } else {
                        token == word
                    }
                });
                // A one-token term matched through its stem must have been the stem.
                if matches && (n > 1 || word_ok(&first.norm, key, &term[0])) {
                    best = Some((n, value.clone()));
                }
            }
        }
        best
    }

    /// The first match anywhere in `tokens[from..to]`: (start, length, value).
    pub fn find(&self, tokens: &[Token], from: usize, to: usize) -> Option<(usize, usize, T)> {
        (from..to.min(tokens.len())).find_map(|i| self.at(tokens, i).map(|(n, v)| (i, n, v)))
    }

    pub fn is_empty(&self) -> bool {
        self.by_first.is_empty()
    }
}

fn word_ok(token: &str, key: &str, term: &str) -> bool {
    key == term && (token == key || token.len() > 3)
}

/// What a unit is, for comparing values across units of one kind.
#[derive(Debug, Clone)]
pub struct UnitInfo {
    pub name: String,
    pub kind: String,
    pub scale: f64,
}

/// Where a date word points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodWord {
    Quarter,
    NextQuarter,
    Year,
    Month,
    Half,
    Week,
    Sprint,
}

impl PeriodWord {
    fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "quarter" => PeriodWord::Quarter,
            "next-quarter" => PeriodWord::NextQuarter,
            "year" => PeriodWord::Year,
            "month" => PeriodWord::Month,
            "half" => PeriodWord::Half,
            "week" => PeriodWord::Week,
            "sprint" => PeriodWord::Sprint,
            _ => return None,
        })
    }
}

/// Every list of `rules/language.toml`, ready to match.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    pub number_words: Phrases<f64>,
    pub factors: Phrases<f64>,
    pub multipliers: Phrases<f64>,
    pub units: Phrases<usize>,
    pub unit_info: Vec<UnitInfo>,
    pub currency_symbols: Phrases<usize>,
    pub currency_terms: Phrases<usize>,
    pub currencies: Vec<String>,
    pub comparators: Phrases<Comparator>,
    pub after: Phrases<Comparator>,
    pub zero_openers: Phrases<()>,
    pub zero_anywhere: Phrases<()>,
    pub negations: Phrases<()>,
    pub change: Phrases<()>,
    pub baseline: Phrases<()>,
    pub target: Phrases<()>,
    pub per: Phrases<()>,
    pub labels: Phrases<()>,
    pub skip: Phrases<()>,
    pub clauses: Phrases<()>,
    pub links: Phrases<()>,
    pub of: Phrases<()>,
    pub directions: Phrases<Direction>,
    pub date_prepositions: Phrases<()>,
    pub months: Phrases<u8>,
    pub period_words: Phrases<PeriodWord>,
    pub ends: Phrases<()>,
    pub date_phrases: Phrases<PeriodWord>,
    pub relative: Phrases<()>,
    pub relative_suffixes: Phrases<()>,
    /// `Cue::index()` → the list.
    pub cues: Vec<Phrases<()>>,
}

fn unit_list(terms: &[String]) -> Phrases<()> {
    Phrases::new(terms.iter().map(|t| (t.as_str(), ())))
}

impl Lexicon {
    pub fn new(language: &Language) -> Self {
        let mut lexicon = Lexicon {
            number_words: Phrases::new(language.numbers.words.iter().map(|(k, v)| (k, *v))),
            factors: Phrases::new(language.numbers.factors.iter().map(|(k, v)| (k, *v))),
            multipliers: Phrases::new(language.numbers.multipliers.iter().map(|(k, v)| (k, *v))),
            ..Lexicon::default()
        };
        for (i, unit) in language.unit.iter().enumerate() {
            for term in &unit.terms {
                lexicon.units.add(term, i);
            }
            lexicon.unit_info.push(UnitInfo {
                name: unit.name.clone(),
                kind: unit.kind.clone(),
                scale: unit.scale,
            });
        }
        for (i, currency) in language.currency.iter().enumerate() {
            for symbol in &currency.symbols {
                lexicon.currency_symbols.add(symbol, i);
            }
            for term in &currency.terms {
                lexicon.currency_terms.add(term, i);
            }
            lexicon.currencies.push(currency.code.clone());
        }
        let c = &language.comparators;
        for (terms, op) in [
            (&c.lt, Comparator::Lt),
            (&c.le, Comparator::Le),
            (&c.gt, Comparator::Gt),
            (&c.ge, Comparator::Ge),
            (&c.eq, Comparator::Eq),
        ] {
            for term in terms {
                lexicon.comparators.add(term, op);
            }
        }
        for term in &c.after_ge {
            lexicon.after.add(term, Comparator::Ge);
        }
        for term in &c.after_le {
            lexicon.after.add(term, Comparator::Le);
        }
        lexicon.zero_openers = unit_list(&c.zero_openers);
        lexicon.zero_anywhere = unit_list(&c.zero_anywhere);
        lexicon.negations = unit_list(&c.negations);
        let m = &language.markers;
        lexicon.change = unit_list(&m.change);
        lexicon.baseline = unit_list(&m.baseline);
        lexicon.target = unit_list(&m.target);
        lexicon.per = unit_list(&m.per);
        lexicon.labels = unit_list(&m.labels);
        lexicon.skip = unit_list(&m.skip);
        lexicon.clauses = unit_list(&m.clauses);
        lexicon.links = unit_list(&m.links);
        lexicon.of = unit_list(&m.of);
        let d = &language.directions;
        for (terms, direction) in [
            (&d.increase, Direction::Increase),
            (&d.decrease, Direction::Decrease),
            (&d.maintain, Direction::Maintain),
        ] {
            for term in terms {
                lexicon.directions.add(term, direction);
            }
        }
        let dates = &language.dates;
        lexicon.date_prepositions = unit_list(&dates.prepositions);
        for (i, spellings) in dates.months.iter().enumerate() {
            for spelling in spellings {
                lexicon.months.add(spelling, i as u8 + 1);
            }
        }
        for (word, target) in &dates.period_words {
            if let Some(p) = PeriodWord::parse(target) {
                lexicon.period_words.add(word, p);
            }
        }
        for (phrase, target) in &dates.phrases {
            if let Some(p) = PeriodWord::parse(target) {
                lexicon.date_phrases.add(phrase, p);
            }
        }
        lexicon.ends = unit_list(&dates.ends);
        lexicon.relative = unit_list(&dates.relative);
        lexicon.relative_suffixes = unit_list(&dates.relative_suffixes);
        lexicon.cues = Cue::ALL
            .iter()
            .map(|cue| {
                language
                    .cue
                    .iter()
                    .find(|list| list.id == cue.as_str())
                    .map_or_else(Phrases::default, |list| unit_list(&list.terms))
            })
            .collect();
        lexicon
    }

    pub fn cue(&self, cue: Cue) -> &Phrases<()> {
        &self.cues[cue.index()]
    }
}
