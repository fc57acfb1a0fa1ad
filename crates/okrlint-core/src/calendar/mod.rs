//! Calendar arithmetic as integers: months (`Month`) for NRR, UTC days (`Day`) and
//! RFC 3339 timestamps for DORA.

pub mod day;
pub mod month;

pub use day::{parse_timestamp, parse_timestamp_millis, Day, TimestampError};
pub use month::{first_month_on_or_after, parse_date, Month};

/// The years okrlint accepts in data (dates, months, timestamps): far wider than any billing or
/// delivery history, narrow enough that a typo like `0001-01-01` is an error instead of a report
/// with a row for every month since year 1.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2199;

/// Why a date's year is refused, if it is.
pub fn year_problem(text: &str, year: i32) -> Option<String> {
    (!YEARS.contains(&year)).then(|| {
        format!(
            "`{text}` is outside the years okrlint accepts ({}–{})",
            YEARS.start(),
            YEARS.end()
        )
    })
}
