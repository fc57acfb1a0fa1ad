//! UTC calendar days as one integer (days since 1970-01-01) and RFC 3339 timestamps as UTC
//! seconds, so window, week and lead-time arithmetic is integer arithmetic.

use std::fmt;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;

const SECONDS_PER_DAY: i64 = 86_400;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(into = "String")]
pub struct Day(pub i32);

impl Day {
    /// The UTC day an instant (seconds since the epoch) falls on.
    /// The UTC day an instant in milliseconds since the epoch falls on.
    pub fn of_millisecond(ms: i64) -> Self {
        Day::of_second(ms.div_euclid(1000))
    }

    pub fn of_second(second: i64) -> Self {
        Day(second.div_euclid(SECONDS_PER_DAY) as i32)
    }

    /// A strict `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Self> {
        let (year, month, day) = super::month::parse_date(text)?;
        let date = Date::new(year as i16, month as i8, day as i8).ok()?;
        let second = date.to_zoned(TimeZone::UTC).ok()?.timestamp().as_second();
        Some(Day::of_second(second))
    }

    /// The index of the Monday-start week holding this day (1970-01-01 was a Thursday).
    pub fn week(self) -> i32 {
        (self.0 + 3).div_euclid(7)
    }

    /// The Monday that starts a week index.
    pub fn week_start(week: i32) -> Self {
        Day(week * 7 - 3)
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match Timestamp::from_second(i64::from(self.0) * SECONDS_PER_DAY) {
            Ok(ts) => write!(f, "{}", ts.to_zoned(TimeZone::UTC).date()),
            Err(_) => write!(f, "day {}", self.0),
        }
    }
}

impl From<Day> for String {
    fn from(day: Day) -> String {
        day.to_string()
    }
}

/// Why a timestamp cell was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampError {
    /// A date and time without `Z` or an offset: its instant is unknown.
    NoOffset,
    Unparsable,
}

/// An RFC 3339 timestamp with `Z` or an offset, as UTC seconds since the epoch. The common
/// `YYYY-MM-DDTHH:MM:SS[.f](Z|±HH:MM)` form is read directly; anything else goes to jiff.
pub fn parse_timestamp(text: &str) -> Result<i64, TimestampError> {
    parse_timestamp_millis(text).map(|ms| ms.div_euclid(1000))
}

/// The same instant in UTC milliseconds, keeping the fraction of a second ("…00.6Z" is 600 ms
/// after "…00Z"; digits past milliseconds are dropped toward the earlier instant).
pub fn parse_timestamp_millis(text: &str) -> Result<i64, TimestampError> {
    if let Some(ms) = fast_rfc3339(text.as_bytes()) {
        return Ok(ms);
    }
    match text.parse::<Timestamp>() {
        Ok(ts) => Ok(ts.as_millisecond()),
        Err(_) if text.parse::<jiff::civil::DateTime>().is_ok() => Err(TimestampError::NoOffset),
        Err(_) => Err(TimestampError::Unparsable),
    }
}

fn fast_rfc3339(b: &[u8]) -> Option<i64> {
    fn num(b: &[u8]) -> Option<i64> {
        b.iter().try_fold(0i64, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
        })
    }
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b't' | b' ')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let (year, month, day) = (num(&b[0..4])?, num(&b[5..7])?, num(&b[8..10])?);
    let (hour, minute, second) = (num(&b[11..13])?, num(&b[14..16])?, num(&b[17..19])?);
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let mut rest = &b[19..];
    let mut millis = 0;
    if rest.first() == Some(&b'.') {
        let digits = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        // The first three digits, padded: ".6" is 600 ms, ".0625" is 62 ms.
        let mut first3 = [b'0'; 3];
        for (slot, digit) in first3.iter_mut().zip(&rest[1..1 + digits]) {
            *slot = *digit;
        }
        millis = num(&first3)?;
        rest = &rest[1 + digits..];
    }
    let offset = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let hours = num(&[*h1, *h2])?;
            let minutes = num(&[*m1, *m2])?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            let offset = hours * 3600 + minutes * 60;
            if *sign == b'-' {
                -offset
            } else {
                offset
            }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    Some((days * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second - offset) * 1000 + millis)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_normalise_to_utc_and_agree_with_jiff() {
        for text in [
            "2024-01-08T01:30:00+02:00",
            "2024-02-29T23:59:59Z",
            "1999-12-31T19:00:00.250-05:00",
            "2024-03-10 02:00:00+00:00",
            "2024-01-31T14:05:00.6Z",
            "2024-01-31T14:05:00.0625+01:00",
        ] {
            let jiff: Timestamp = text.replace(' ', "T").parse().expect("jiff parses");
            assert_eq!(parse_timestamp(text), Ok(jiff.as_second()), "{text}");
            assert_eq!(
                parse_timestamp_millis(text),
                Ok(jiff.as_millisecond()),
                "{text}"
            );
        }
        let sunday = parse_timestamp("2024-01-08T01:30:00+02:00").expect("parses");
        assert_eq!(Day::of_second(sunday).to_string(), "2024-01-07");
        assert_eq!(
            Day::week_start(Day::of_second(sunday).week()).to_string(),
            "2024-01-01"
        );
        assert_eq!(
            parse_timestamp("2024-01-08T01:30:00"),
            Err(TimestampError::NoOffset)
        );
        assert_eq!(
            parse_timestamp("2024-02-30T00:00:00Z"),
            Err(TimestampError::Unparsable)
        );
        assert_eq!(
            parse_timestamp("yesterday"),
            Err(TimestampError::Unparsable)
        );
    }

    #[test]
    fn days_print_parse_and_start_weeks_on_monday() {
        let day = Day::parse("2024-01-01").expect("a date");
        assert_eq!(day.to_string(), "2024-01-01");
        assert_eq!(Day::week_start(day.week()), day);
        assert_eq!(Day::week_start(Day(day.0 + 6).week()), day);
        assert_eq!(Day::week_start(Day(day.0 + 7).week()), Day(day.0 + 7));
        assert_eq!(Day::parse("2024-1-1"), None);
    }
}
