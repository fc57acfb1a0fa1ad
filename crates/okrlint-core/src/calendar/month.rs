//! Calendar months as one integer (year × 12 + month − 1), so month arithmetic is addition.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(into = "String")]
pub struct Month(pub i32);

impl Month {
    pub fn new(year: i32, month: u32) -> Self {
        Month(year * 12 + month as i32 - 1)
    }

    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    pub fn month(self) -> u32 {
        self.0.rem_euclid(12) as u32 + 1
    }

    /// `YYYY-MM`, or a date `YYYY-MM-DD` (the month it falls in).
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        match text.len() {
            7 => {
                let (year, month) = split_year_month(text)?;
                Some(Month::new(year, month))
            }
            10 => {
                let (year, month, _) = parse_date(text)?;
                Some(Month::new(year, month))
            }
            _ => None,
        }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

impl From<Month> for String {
    fn from(month: Month) -> String {
        month.to_string()
    }
}

fn split_year_month(text: &str) -> Option<(i32, u32)> {
    let bytes = text.as_bytes();
    if bytes.len() < 7 || bytes[4] != b'-' {
        return None;
    }
    let year: i32 = digits(&text[..4])?;
    let month: u32 = digits(&text[5..7])?;
    (1..=12).contains(&month).then_some((year, month))
}

fn digits<T: std::str::FromStr>(text: &str) -> Option<T> {
    if text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

/// A strict ISO date `YYYY-MM-DD` → (year, month, day), checked against the calendar.
pub fn parse_date(text: &str) -> Option<(i32, u32, u32)> {
    let text = text.trim();
    if text.len() != 10 || text.as_bytes()[7] != b'-' {
        return None;
    }
    let (year, month) = split_year_month(&text[..7])?;
    let day: u32 = digits(&text[8..10])?;
    jiff::civil::Date::new(year as i16, month as i8, day as i8).ok()?;
    Some((year, month, day))
}

/// The first month whose first day is on or after the date: a period that starts on
/// 2019-01-15 first counts in February (MRR is read on the first of each month).
pub fn first_month_on_or_after(text: &str) -> Option<Month> {
    let (year, month, day) = parse_date(text)?;
    Some(Month(Month::new(year, month).0 + i32::from(day > 1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_print_and_round_up() {
        assert_eq!(
            Month::parse("2019-12").map(|m| m.to_string()).as_deref(),
            Some("2019-12")
        );
        assert_eq!(Month::parse("2019-12-31"), Month::parse("2019-12"));
        assert_eq!(Month(Month::new(2019, 12).0 + 1).to_string(), "2020-01");
        assert_eq!(
            first_month_on_or_after("2019-01-01"),
            Some(Month::new(2019, 1))
        );
        assert_eq!(
            first_month_on_or_after("2019-01-15"),
            Some(Month::new(2019, 2))
        );
        assert_eq!(
            first_month_on_or_after("2019-12-02"),
            Some(Month::new(2020, 1))
        );
        assert_eq!(parse_date("2019-02-30"), None);
        assert_eq!(parse_date("2019-2-3"), None);
        assert_eq!(Month::parse("2019-13"), None);
    }
}
