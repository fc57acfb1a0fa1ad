//! Plan periods as teams write them in headings: `2019 Q1`, `Q1 2020`, `Q3'21`, `FY21-Q1`,
//! `H2 2024`, `2024`, or explicit ISO dates (`2026-01-01 – 2026-03-31`). Calendar quarters,
//! halves and years get their dates; fiscal periods keep only their label (a fiscal year's
//! first month differs by company).

use std::ops::Range;

use jiff::civil::Date;

/// A period found in a piece of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundPeriod {
    /// The period as a label okrlint prints (`2019 Q1`, `FY21-Q1`, `H2 2024`, `2024`).
    pub label: String,
    pub start: Option<Date>,
    pub end: Option<Date>,
    /// Where in the text it was written.
    pub range: Range<usize>,
}

/// A word of the text: a run of letters and digits, or an ISO date, with where it is.
#[derive(Debug, Clone)]
struct Word<'t> {
    text: &'t str,
    range: Range<usize>,
}

fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (at, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        // Keep `2026-01-31` in one piece; split `FY21-Q1` and `2020-Q2` at the dash.
        let digit_next = text[at..]
            .chars()
            .nth(1)
            .is_some_and(|n| n.is_ascii_digit());
        let joins_date =
            c == '-' && digit_next && start.is_some_and(|s: usize| is_date_prefix(&text[s..at]));
        if c.is_ascii_alphanumeric() || joins_date || c == '\'' {
            start.get_or_insert(at);
        } else if let Some(s) = start.take() {
            out.push(Word {
                text: &text[s..at],
                range: s..at,
            });
        }
    }
    out
}

fn is_date_prefix(text: &str) -> bool {
    let b = text.as_bytes();
    (b.len() == 4 && b.iter().all(u8::is_ascii_digit))
        || (b.len() == 7 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-')
}

fn year(text: &str) -> Option<i16> {
    let digits = text.trim_start_matches('\'');
    match digits.len() {
        4 if digits.bytes().all(|b| b.is_ascii_digit()) => {
            let y: i16 = digits.parse().ok()?;
            (1990..=2100).contains(&y).then_some(y)
        }
        2 if text.starts_with('\'') && digits.bytes().all(|b| b.is_ascii_digit()) => {
            Some(2000 + digits.parse::<i16>().ok()?)
        }
        _ => None,
    }
}

/// `Q1` → 1, also `q3`.
fn quarter(text: &str) -> Option<i8> {
    let rest = text.strip_prefix(['Q', 'q'])?;
    let q: i8 = rest.parse().ok()?;
    (1..=4).contains(&q).then_some(q)
}

/// `Q1'20` or `Q3'2021` in one word.
fn quarter_with_year(text: &str) -> Option<(i8, i16)> {
    let (q, y) = text.split_once('\'')?;
    Some((quarter(q)?, year(&format!("'{y}")).or_else(|| year(y))?))
}

fn half(text: &str) -> Option<i8> {
    let rest = text.strip_prefix(['H', 'h'])?;
    let h: i8 = rest.parse().ok()?;
    (1..=2).contains(&h).then_some(h)
}

fn month_span(year: i16, first: i8, months: i8) -> (Option<Date>, Option<Date>) {
    let start = Date::new(year, first, 1).ok();
    let last_month = first + months - 1;
    let end = Date::new(year, last_month, 1)
        .ok()
        .map(|d| d.last_of_month());
    (start, end)
}

fn quarter_period(year: i16, q: i8, range: Range<usize>) -> FoundPeriod {
    let (start, end) = month_span(year, (q - 1) * 3 + 1, 3);
    FoundPeriod {
        label: format!("{year} Q{q}"),
        start,
        end,
        range,
    }
}

/// The first period written in `text`, if any. A bare year counts only when `bare_year` is
/// set (a heading that names nothing else).
pub fn find_period(text: &str, bare_year: bool) -> Option<FoundPeriod> {
    let words = words(text);
    for (i, word) in words.iter().enumerate() {
        let next = words.get(i + 1);
        let joined = |other: &Word| {
            word.range.start.min(other.range.start)..word.range.end.max(other.range.end)
        };
        // Explicit ISO dates: one, or two as a range.
        if let Ok(start) = word.text.parse::<Date>() {
            let end = words[i + 1..]
                .iter()
                .take(3)
                .find_map(|w| w.text.parse::<Date>().ok().map(|d| (d, w.range.end)));
            let (end, stop) = end.map_or((None, word.range.end), |(d, at)| (Some(d), at));
            return Some(FoundPeriod {
                label: match end {
                    Some(end) => format!("{start} – {end}"),
                    None => start.to_string(),
                },
                start: Some(start),
                end,
                range: word.range.start..stop,
            });
        }
        // FY21-Q1, FY2021 Q1, FY21 (fiscal: label only).
        if let Some(fy) = word
            .text
            .strip_prefix("FY")
            .or_else(|| word.text.strip_prefix("fy"))
        {
            if (fy.len() == 2 || fy.len() == 4) && fy.bytes().all(|b| b.is_ascii_digit()) {
                {
                    if let Some(q) = next.and_then(|n| quarter(n.text)) {
                        let next = next.expect("checked");
                        return Some(FoundPeriod {
                            label: format!("FY{fy}-Q{q}"),
                            start: None,
                            end: None,
                            range: joined(next),
                        });
                    }
                    return Some(FoundPeriod {
                        label: format!("FY{fy}"),
                        start: None,
                        end: None,
                        range: word.range.clone(),
                    });
                }
            }
        }
        if let Some((q, y)) = quarter_with_year(word.text) {
            return Some(quarter_period(y, q, word.range.clone()));
        }
        if let Some(q) = quarter(word.text) {
            if let Some(y) = next.and_then(|n| year(n.text)) {
                return Some(quarter_period(y, q, joined(next.expect("checked"))));
            }
            if let Some(prev) = i.checked_sub(1).map(|p| &words[p]) {
                if let Some(y) = year(prev.text) {
                    return Some(quarter_period(y, q, joined(prev)));
                }
            }
            if bare_year {
                // `Q2 Objective and Key Results`: a quarter whose year the page leaves out.
                return Some(FoundPeriod {
                    label: format!("Q{q}"),
                    start: None,
                    end: None,
                    range: word.range.clone(),
                });
            }
        }
        if let Some(h) = half(word.text) {
            let y = next
                .and_then(|n| year(n.text).map(|y| (y, joined(n))))
                .or_else(|| {
                    let prev = &words[i.checked_sub(1)?];
                    year(prev.text).map(|y| (y, joined(prev)))
                });
            if let Some((y, range)) = y {
                let (start, end) = month_span(y, (h - 1) * 6 + 1, 6);
                return Some(FoundPeriod {
                    label: format!("H{h} {y}"),
                    start,
                    end,
                    range,
                });
            }
        }
    }
    if bare_year {
        if let Some((y, word)) = words.iter().find_map(|w| year(w.text).map(|y| (y, w))) {
            let (start, end) = month_span(y, 1, 12);
            return Some(FoundPeriod {
                label: y.to_string(),
                start,
                end,
                range: word.range.clone(),
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(text: &str) -> Option<(String, Option<String>, Option<String>)> {
        find_period(text, true).map(|p| {
            (
                p.label,
                p.start.map(|d| d.to_string()),
                p.end.map(|d| d.to_string()),
            )
        })
    }

    #[test]
    fn reads_the_ways_teams_name_a_period() {
        let q = |l: &str, s: &str, e: &str| Some((l.into(), Some(s.into()), Some(e.into())));
        assert_eq!(label("2019 Q1"), q("2019 Q1", "2019-01-01", "2019-03-31"));
        assert_eq!(
            label("### Q4 2018"),
            q("2018 Q4", "2018-10-01", "2018-12-31")
        );
        assert_eq!(
            label("OKRs for Q3'21"),
            q("2021 Q3", "2021-07-01", "2021-09-30")
        );
        assert_eq!(
            label("2020-Q2 goals"),
            q("2020 Q2", "2020-04-01", "2020-06-30")
        );
        assert_eq!(label("H2 2024"), q("H2 2024", "2024-07-01", "2024-12-31"));
        assert_eq!(label("FY21-Q1 OKRs"), Some(("FY21-Q1".into(), None, None)));
        assert_eq!(label("2024"), q("2024", "2024-01-01", "2024-12-31"));
        assert_eq!(
            label("Period: 2026-01-01 to 2026-03-31"),
            q("2026-01-01 – 2026-03-31", "2026-01-01", "2026-03-31")
        );
        assert_eq!(label("Used in production"), None);
        assert_eq!(find_period("Ship 2024 features", false), None);
        assert_eq!(label("Q5"), None);
    }
}
