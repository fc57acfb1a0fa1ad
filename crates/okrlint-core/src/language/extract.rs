//! Quantities, comparators, relative changes, baselines, directions and due dates, read from a
//! KR sentence's tokens. Every value keeps its byte range in the sentence.

use std::ops::Range;

use super::lexicon::{Lexicon, PeriodWord, Phrases};
use super::scan::{Kind, Token};
use crate::model::{Comparator, Direction};

/// What a quantity is doing in the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// After a comparator ("less than 48 hours") or a target marker ("from 6 to 2", "to zero").
    Target,
    /// After a baseline marker ("from 40", "(current is 125k)").
    Baseline,
    /// A relative change ("by 35%", "+100%", "grows 25%").
    Change,
    /// A window ("per 30 days"), not a target.
    Window,
    /// None of those: the sentence's number.
    Plain,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub value: f64,
    /// A unit name from `rules/language.toml` (`percent`, `hours`, `x`), a currency code, or
    /// `count`.
    pub unit: String,
    pub range: Range<usize>,
    pub role: Role,
    pub comparator: Option<Comparator>,
    /// Inside parentheses.
    pub nested: bool,
    /// Tokens [first, end) it spans.
    pub tokens: Range<usize>,
    /// A bare decimal like `2.0` with no unit: a version, unless a comparator or marker says
    /// otherwise.
    version_like: bool,
    /// Written as a word ("two", "a dozen").
    worded: bool,
}

/// When a due phrase points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Day {
        year: Option<i16>,
        month: u8,
        day: u8,
    },
    Month {
        year: Option<i16>,
        month: u8,
    },
    Quarter {
        year: Option<i16>,
        quarter: u8,
    },
    Half {
        year: Option<i16>,
        half: u8,
    },
    Year {
        year: Option<i16>,
    },
    /// The end of the plan's period (or of its year, month, …).
    Period(PeriodWord),
    /// A fiscal period, whose calendar okrlint does not know.
    Fiscal,
    /// "in the first month": relative to a launch, kept as written.
    Relative,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Due {
    pub range: Range<usize>,
    pub when: When,
}

/// Everything the extractor read from one sentence.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extraction {
    pub quantities: Vec<Quantity>,
    pub target: Option<usize>,
    pub baseline: Option<usize>,
    pub change: Option<usize>,
    /// A target of zero written as words ("No P0 bugs …", "never fails"): its range.
    pub zero: Option<Range<usize>>,
    pub comparator: Option<(Comparator, Range<usize>)>,
    pub direction: Option<(Direction, Range<usize>)>,
    /// The direction came from baseline → target, not from a word.
    pub direction_derived: bool,
    pub due: Option<Due>,
}

impl Extraction {
    pub fn target(&self) -> Option<&Quantity> {
        self.target.map(|i| &self.quantities[i])
    }
    pub fn baseline(&self) -> Option<&Quantity> {
        self.baseline.map(|i| &self.quantities[i])
    }
    pub fn change(&self) -> Option<&Quantity> {
        self.change.map(|i| &self.quantities[i])
    }
    /// The target's value, with a zero written as words.
    pub fn target_value(&self) -> Option<(f64, &str, Range<usize>)> {
        match (self.target(), &self.zero) {
            (Some(q), _) => Some((q.value, q.unit.as_str(), q.range.clone())),
            (None, Some(range)) => Some((0.0, "count", range.clone())),
            _ => None,
        }
    }
}

/// The start of a phrase from `phrases` that ends right before token `end`.
fn ends_at<T: Clone>(phrases: &Phrases<T>, tokens: &[Token], end: usize) -> Option<(usize, T)> {
    (end.saturating_sub(5)..end).find_map(|start| match phrases.at(tokens, start) {
        Some((n, value)) if start + n == end => Some((start, value)),
        _ => None,
    })
}

fn four_digit_year(token: &Token) -> Option<i16> {
    match token.kind {
        Kind::Number {
            value,
            decimal: false,
        } if token.norm.len() == 4 && (1900.0..2200.0).contains(&value) => Some(value as i16),
        _ => None,
    }
}

fn small_number(token: &Token, max: f64) -> Option<u8> {
    match token.kind {
        Kind::Number {
            value,
            decimal: false,
        } if (1.0..=max).contains(&value) => Some(value as u8),
        _ => None,
    }
}

/// `q3` → 3, `h2` → 2.
fn numbered(token: &Token, letter: char, max: u8) -> Option<u8> {
    let rest = token.norm.strip_prefix(letter)?;
    let n: u8 = rest.parse().ok()?;
    (token.is_word() && (1..=max).contains(&n)).then_some(n)
}

fn is_ordinal_suffix(token: &Token) -> bool {
    token.glued && matches!(token.norm.as_str(), "st" | "nd" | "rd" | "th")
}

struct Reader<'a> {
    lex: &'a Lexicon,
    text: &'a str,
    tokens: &'a [Token],
}

impl Reader<'_> {
    fn tok(&self, i: usize) -> Option<&Token> {
        self.tokens.get(i)
    }

    /// A year right at `i`, after an optional comma.
    fn year_at(&self, i: usize) -> Option<(i16, usize)> {
        let i = if self.tok(i).is_some_and(|t| t.norm == ",") {
            i + 1
        } else {
            i
        };
        self.tok(i).and_then(four_digit_year).map(|y| (y, i + 1))
    }

    /// A day number (with an optional ordinal suffix) at `i`: (day, next token).
    fn day_at(&self, i: usize) -> Option<(u8, usize)> {
        let day = small_number(self.tok(i)?, 31.0)?;
        let next = if self.tok(i + 1).is_some_and(is_ordinal_suffix) {
            i + 2
        } else {
            i + 1
        };
        Some((day, next))
    }

    /// `2026-03-31` written with hyphens (which the scanner reads as separators).
    fn iso_date_at(&self, i: usize) -> Option<(When, usize)> {
        let (y, m, d) = (self.tok(i)?, self.tok(i + 1)?, self.tok(i + 2)?);
        let year = four_digit_year(y)?;
        let hyphen = |a: &Token, b: &Token| &self.text[a.range.end..b.range.start] == "-";
        if !(hyphen(y, m) && hyphen(m, d) && m.norm.len() == 2 && d.norm.len() == 2) {
            return None;
        }
        let (month, day) = (small_number(m, 12.0)?, small_number(d, 31.0)?);
        Some((
            When::Day {
                year: Some(year),
                month,
                day,
            },
            i + 3,
        ))
    }

    /// A date core at `i` (after any preposition): (when, next token, needs a preposition).
    fn date_core(&self, i: usize) -> Option<(When, usize, bool)> {
        let lex = self.lex;
        if let Some(found) = self.iso_date_at(i) {
            return Some((found.0, found.1, false));
        }
        if let Some((n, period)) = lex.date_phrases.at(self.tokens, i) {
            return Some((When::Period(period), i + n, false));
        }
        let mut j = i;
        let mut ended = false;
        if let Some((n, ())) = lex.ends.at(self.tokens, j) {
            j += n;
            ended = true;
            if self.tok(j).is_some_and(|t| t.norm == "the") {
                j += 1;
            }
        }
        let token = self.tok(j)?;
        if let Some(q) = numbered(token, 'q', 4) {
            let (year, next) = self
                .year_at(j + 1)
                .map_or((None, j + 1), |(y, n)| (Some(y), n));
            return Some((When::Quarter { year, quarter: q }, next, !ended));
        }
        if let Some(h) = numbered(token, 'h', 2) {
            let (year, next) = self
                .year_at(j + 1)
                .map_or((None, j + 1), |(y, n)| (Some(y), n));
            return Some((When::Half { year, half: h }, next, !ended));
        }
        if token.is_word()
            && token.norm.starts_with("fy")
            && token.norm[2..].chars().all(|c| c.is_ascii_digit())
            && token.norm.len() > 2
        {
            let next = if self.tok(j + 1).and_then(|t| numbered(t, 'q', 4)).is_some() {
                j + 2
            } else {
                j + 1
            };
            return Some((When::Fiscal, next, !ended));
        }
        if let Some(year) = four_digit_year(token) {
            return Some((When::Year { year: Some(year) }, j + 1, !ended));
        }
        if ended {
            if let Some((n, period)) = lex.period_words.at(self.tokens, j) {
                return Some((When::Period(period), j + n, false));
            }
        }
        // "30 June", "1st of April".
        if let Some((day, next)) = self.day_at(j) {
            let next = if self.tok(next).is_some_and(|t| t.norm == "of") {
                next + 1
            } else {
                next
            };
            if let Some((n, month)) = lex.months.at(self.tokens, next) {
                let (year, end) = self
                    .year_at(next + n)
                    .map_or((None, next + n), |(y, e)| (Some(y), e));
                return Some((When::Day { year, month, day }, end, false));
            }
        }
        // "April 1st", "March 31, 2026", "March".
        if let Some((n, month)) = lex.months.at(self.tokens, j) {
            let after = j + n;
            if let Some((day, next)) = self.day_at(after) {
                let (year, end) = self
                    .year_at(next)
                    .map_or((None, next), |(y, e)| (Some(y), e));
                return Some((When::Day { year, month, day }, end, false));
            }
            if let Some((year, end)) = self.year_at(after) {
                return Some((
                    When::Month {
                        year: Some(year),
                        month,
                    },
                    end,
                    !ended,
                ));
            }
            return Some((When::Month { year: None, month }, after, true));
        }
        // "the first month online".
        if let Some((n, ())) = lex.relative.at(self.tokens, j) {
            let mut k = j + n;
            if self.tok(k).is_some_and(|t| t.number().is_some()) {
                k += 1;
            }
            let unit = lex
                .period_words
                .at(self.tokens, k)
                .map(|(n, _)| n)
                .or_else(|| {
                    lex.units
                        .at(self.tokens, k)
                        .filter(|(_, u)| lex.unit_info[*u].kind == "duration")
                        .map(|(n, _)| n)
                });
            if let Some(len) = unit {
                let mut end = k + len;
                if let Some((m, ())) = lex.relative_suffixes.at(self.tokens, end) {
                    end += m;
                }
                return Some((When::Relative, end, true));
            }
        }
        None
    }

    /// The first due phrase, with its preposition.
    fn due(&self) -> Option<(Due, Range<usize>)> {
        for i in 0..self.tokens.len() {
            // A core starts here; look back for its preposition (and a "the").
            let Some((when, end, needs_prep)) = self.date_core(i) else {
                continue;
            };
            let core_start = if i > 0 && self.tokens[i - 1].norm == "the" {
                i - 1
            } else {
                i
            };
            let prep =
                ends_at(&self.lex.date_prepositions, self.tokens, core_start).map(|(s, ())| s);
            if needs_prep && prep.is_none() {
                continue;
            }
            let first = prep.unwrap_or(i);
            let range = self.tokens[first].range.start..self.tokens[end - 1].range.end;
            return Some((Due { range, when }, first..end));
        }
        None
    }

    /// A quantity starting at token `i`, if one does.
    fn quantity(&self, i: usize, used: &[bool]) -> Option<Quantity> {
        let lex = self.lex;
        let free = |k: usize| k < self.tokens.len() && !used[k];
        let mut j = i;
        let mut currency: Option<usize> = None;
        let mut plus = false;
        if let Some((n, c)) = lex.currency_symbols.at(self.tokens, j) {
            if self.tok(j + n).is_some_and(|t| t.number().is_some()) {
                currency = Some(c);
                j += n;
            }
        }
        if self.tok(j).is_some_and(|t| t.norm == "+")
            && self
                .tok(j + 1)
                .is_some_and(|t| t.glued && t.number().is_some())
        {
            plus = true;
            j += 1;
        }
        if !free(j) {
            return None;
        }
        let token = &self.tokens[j];
        let (mut value, decimal, mut end, worded) = match token.kind {
            Kind::Number { value, decimal } => {
                // Glued to the word before ("linux64" is one word; "x2" is not a quantity).
                if token.glued && j > 0 && self.tokens[j - 1].is_word() {
                    return None;
                }
                // A name: "version 1", "week-1 activation", "Level 3".
                if currency.is_none() && !plus && ends_at(&lex.labels, self.tokens, j).is_some() {
                    return None;
                }
                (value, decimal, j + 1, false)
            }
            Kind::Word => {
                let (n, value) = lex.number_words.at(self.tokens, j)?;
                (value, false, j + n, true)
            }
            Kind::Symbol => return None,
        };
        // "1st", "2nd": ordinals, not quantities.
        if self.tok(end).is_some_and(is_ordinal_suffix) {
            return None;
        }
        // Compound durations glued to the number: "1m30s" (90 s), "1h30m" / "1h30" (90 min).
        if let Some(next) = self.tok(end).filter(|t| t.glued && t.is_word() && !worded) {
            if let Some((v, unit)) = compound_duration(value, &next.norm) {
                let range = self.tokens[i].range.start..next.range.end;
                return Some(Quantity {
                    value: v,
                    unit: unit.to_string(),
                    range,
                    role: Role::Plain,
                    comparator: None,
                    nested: self.tokens[i].depth > 0,
                    tokens: i..end + 1,
                    version_like: false,
                    worded: false,
                });
            }
        }
        // Multipliers: glued ("125k", "$1.2M") or a word ("3 million").
        if let Some((n, m)) = lex.multipliers.at(self.tokens, end) {
            let next = &self.tokens[end];
            let glued_letters = next.glued && !worded;
            if glued_letters || next.norm.len() > 2 {
                // "1TB" must not read as 1 thousand "TB"-less: only when no unit follows glued.
                value *= m;
                end += n;
            }
        }
        let mut unit: Option<String> = currency.map(|c| lex.currencies[c].clone());
        if unit.is_none() {
            if let Some((n, u)) = lex.units.at(self.tokens, end).filter(|_| free(end)) {
                let next = &self.tokens[end];
                let term_len = self.tokens[end..end + n]
                    .iter()
                    .map(|t| t.norm.chars().count())
                    .sum::<usize>();
                if next.glued || term_len >= 2 || next.kind == Kind::Symbol {
                    unit = Some(lex.unit_info[u].name.clone());
                    end += n;
                }
            } else if let Some((n, c)) = lex.currency_terms.at(self.tokens, end) {
                unit = Some(lex.currencies[c].clone());
                end += n;
            }
        }
        // A number glued to letters that are no unit is part of a name ("2FA", "100Mbps").
        if unit.is_none() && self.tok(end).is_some_and(|t| t.glued && t.is_word()) {
            return None;
        }
        // Ladders "10/100/1000" (the last rung) and shares "9/10" (the first number).
        let mut rungs = vec![value];
        while self.tok(end).is_some_and(|t| t.norm == "/")
            && self.tok(end + 1).and_then(Token::number).is_some()
        {
            rungs.push(self.tokens[end + 1].number().unwrap_or(0.0));
            end += 2;
        }
        if rungs.len() >= 3 {
            value = *rungs.last().unwrap_or(&value);
        }
        // "N of M": the M is the population.
        if let Some((n, ())) = lex.of.at(self.tokens, end) {
            if self.tok(end + n).and_then(Token::number).is_some() && !worded {
                end += n + 1;
            }
        }
        let mut comparator = None;
        if let Some((n, op)) = lex.after.at(self.tokens, end) {
            if n > 1 || self.tokens[end].glued {
                comparator = Some(op);
                end += n;
            }
        }
        let first = i;
        let range = self.tokens[first].range.start..self.tokens[end - 1].range.end;
        let role = if plus { Role::Change } else { Role::Plain };
        Some(Quantity {
            value,
            unit: unit.unwrap_or_else(|| "count".to_string()),
            range,
            role,
            comparator,
            nested: self.tokens[first].depth > 0,
            tokens: first..end,
            version_like: decimal && currency.is_none() && !plus,
            worded,
        })
    }
}

/// Whether a sentence opening makes direction words mean nothing ("Add and retain 5 members"):
/// the caller says so (the opener is a deliverable or activity verb).
pub fn extract(lex: &Lexicon, text: &str, tokens: &[Token], opener_is_work: bool) -> Extraction {
    let reader = Reader { lex, text, tokens };
    let mut used = vec![false; tokens.len()];
    let mut out = Extraction::default();
    if let Some((due, span)) = reader.due() {
        for k in span {
            used[k] = true;
        }
        out.due = Some(due);
    }

    let mut i = 0;
    while i < tokens.len() {
        if used[i] {
            i += 1;
            continue;
        }
        match reader.quantity(i, &used) {
            Some(q) => {
                for k in q.tokens.clone() {
                    used[k] = true;
                }
                i = q.tokens.end;
                out.quantities.push(q);
            }
            None => i += 1,
        }
    }

    // Directions: the first direction word, unless the sentence opens with work; then only
    // in a "so that" clause.
    let clause = lex.clauses.find(tokens, 0, tokens.len());
    let from = if opener_is_work {
        clause.map_or(tokens.len(), |(k, n, ())| k + n)
    } else {
        0
    };
    let mut k = from;
    while k < tokens.len() {
        if !used[k] {
            if let Some((n, direction)) = lex.directions.at(tokens, k) {
                out.direction = Some((
                    direction,
                    tokens[k].range.start..tokens[k + n - 1].range.end,
                ));
                break;
            }
        }
        k += 1;
    }

    // Roles, from what stands right before each quantity.
    let direction_at = out.direction.as_ref().map(|(_, r)| r.start);
    let mut baseline_seen = false;
    for q in &mut out.quantities {
        let start = q.tokens.start;
        if q.role == Role::Change {
            continue;
        }
        if let Some((s, op)) = ends_at(&lex.comparators, tokens, start) {
            let negated = ends_at(&lex.negations, tokens, s).is_some()
                || (s >= 2
                    && lex
                        .negations
                        .at(tokens, s - 2)
                        .is_some_and(|(n, ())| n == 1));
            let op = if negated {
                match op {
                    Comparator::Gt => Comparator::Le,
                    Comparator::Ge => Comparator::Lt,
                    Comparator::Lt => Comparator::Ge,
                    Comparator::Le => Comparator::Gt,
                    Comparator::Eq => Comparator::Eq,
                }
            } else {
                op
            };
            q.comparator = Some(op);
            q.role = Role::Target;
            if out.comparator.is_none() {
                out.comparator = Some((op, tokens[s].range.start..tokens[start - 1].range.end));
            }
            continue;
        }
        if q.comparator.is_some() {
            q.role = Role::Target;
            if out.comparator.is_none() {
                out.comparator = q.comparator.map(|op| (op, q.range.clone()));
            }
            continue;
        }
        if ends_at(&lex.per, tokens, start).is_some() {
            q.role = Role::Window;
        } else if let Some((s, ())) = ends_at(&lex.change, tokens, start) {
            // "reviewed by 4 people": an agent, not a change.
            let agent = q.unit == "count"
                && s > 0
                && tokens[s].norm == "by"
                && tokens[s - 1].is_word()
                && tokens[s - 1].norm.ends_with("ed");
            if !agent {
                q.role = Role::Change;
                // "by a factor of 2" is a factor.
                if q.unit == "count" && tokens[s..start].iter().any(|t| t.norm == "factor") {
                    q.unit = "x".to_string();
                }
            }
        } else if ends_at(&lex.baseline, tokens, start).is_some() {
            q.role = Role::Baseline;
            baseline_seen = true;
        } else if let Some((s, ())) = ends_at(&lex.target, tokens, start) {
            let after_direction = direction_at.is_some_and(|d| d < tokens[s].range.start);
            q.role = if baseline_seen || after_direction || tokens[s].norm != "to" {
                Role::Target
            } else {
                Role::Plain
            };
        } else if direction_at.is_some_and(|d| start > 0 && tokens[start - 1].range.start == d)
            && matches!(q.unit.as_str(), "percent" | "x" | "points")
        {
            // "grows 25%": a change written right after its direction word.
            q.role = Role::Change;
        }
    }
    // Versions ("multistream 2.0") are no quantities unless a marker gave them a role.
    // "one" is as often a determiner ("for one common trigger") as a count: it counts only
    // with a comparator ("at least one", "one or more").
    out.quantities.retain(|q| {
        let version = q.version_like && q.unit == "count" && q.role == Role::Plain;
        let determiner = q.worded && q.value == 1.0 && q.comparator.is_none();
        !(version || determiner)
    });

    let pick = |qs: &[Quantity], nested: bool, role: Role, with_comparator: bool| {
        qs.iter().position(|q| {
            q.nested == nested
                && q.role == role
                && (q.comparator.is_some() == with_comparator || role != Role::Target)
        })
    };
    let qs = &out.quantities;
    out.change = qs.iter().position(|q| q.role == Role::Change);
    out.baseline = qs.iter().position(|q| q.role == Role::Baseline);
    let top = pick(qs, false, Role::Target, true)
        .or_else(|| pick(qs, false, Role::Target, false))
        .or_else(|| pick(qs, false, Role::Plain, false));
    out.target = top.or_else(|| {
        // A number only in parentheses counts when nothing outside says what the target is
        // ("Large Scale Testbed (50k+ nodes)"), not when it restates a change ("by 50% (2x)").
        (out.change.is_none())
            .then(|| {
                pick(qs, true, Role::Target, true)
                    .or_else(|| pick(qs, true, Role::Target, false))
                    .or_else(|| pick(qs, true, Role::Plain, false))
            })
            .flatten()
    });
    // A target of zero in words: "No P0 bugs …", "… never fails". An opening "No" wins over
    // a plain number ("No tier 1 or 2 customers are blocked"), not over a compared one.
    let opening_no = lex.zero_openers.at(tokens, 0).is_some()
        && lex.comparators.at(tokens, 0).is_none()
        && tokens.first().is_some_and(Token::is_word);
    if opening_no && out.target().is_some_and(|q| q.comparator.is_none()) {
        out.target = None;
    }
    if out.target.is_none() {
        let opening = tokens.first().filter(|_| opening_no);
        let never = lex
            .zero_anywhere
            .find(tokens, 0, tokens.len())
            .map(|(i, _, ())| &tokens[i]);
        if let Some(t) = opening.or(never) {
            out.zero = Some(t.range.clone());
            out.comparator
                .get_or_insert((Comparator::Eq, t.range.clone()));
        }
    }
    // The comparator is the target's, when the target has one.
    if let Some(op) = out.target().and_then(|q| q.comparator) {
        let range = out.comparator.as_ref().map_or(0..0, |c| c.1.clone());
        out.comparator = Some((op, range));
    }
    if let Some(q) = out.target() {
        if q.value == 0.0 && out.comparator.is_none() {
            out.comparator = Some((Comparator::Eq, q.range.clone()));
        }
    }
    // A factor word opening the sentence is its change: "Double weekly downloads", "Halve …".
    if out.change.is_none() {
        if let Some((n, factor)) = lex.factors.at(tokens, 0) {
            let range = tokens[0].range.start..tokens[n - 1].range.end;
            out.quantities.push(Quantity {
                value: factor,
                unit: "x".to_string(),
                range,
                role: Role::Change,
                comparator: None,
                nested: false,
                tokens: 0..n,
                version_like: false,
                worded: true,
            });
            out.change = Some(out.quantities.len() - 1);
        }
    }
    // No direction word: baseline → target implies one (in comparable units).
    if out.direction.is_none() {
        if let (Some(b), Some(t)) = (out.baseline(), out.target()) {
            if let (Some(b_base), Some(t_base)) = (in_base(lex, b), in_base(lex, t)) {
                if b_base.1 == t_base.1 && b_base.0 != t_base.0 {
                    let direction = if t_base.0 > b_base.0 {
                        Direction::Increase
                    } else {
                        Direction::Decrease
                    };
                    out.direction = Some((direction, t.range.clone()));
                    out.direction_derived = true;
                }
            }
        }
    }
    out
}

/// A quantity in its kind's base unit: (value, kind).
pub fn in_base<'a>(lex: &'a Lexicon, q: &'a Quantity) -> Option<(f64, &'a str)> {
    if q.unit == "count" {
        return Some((q.value, "count"));
    }
    if let Some(info) = lex.unit_info.iter().find(|u| u.name == q.unit) {
        return Some((q.value * info.scale, info.kind.as_str()));
    }
    lex.currencies
        .contains(&q.unit)
        .then_some((q.value, q.unit.as_str()))
}

/// `1` + `m30s` → 90 s; `1` + `h30m` or `h30` → 90 min.
fn compound_duration(first: f64, rest: &str) -> Option<(f64, &'static str)> {
    let (big, tail) = match rest.chars().next()? {
        'h' => (60.0, &rest[1..]),
        'm' => (60.0, &rest[1..]),
        _ => return None,
    };
    let digits: String = tail.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    let suffix = &tail[digits.len()..];
    let small: f64 = digits.parse().ok()?;
    match (rest.starts_with('h'), suffix) {
        (true, "" | "m" | "min") => Some((first * big + small, "min")),
        (false, "s") => Some((first * big + small, "s")),
        _ => None,
    }
}
