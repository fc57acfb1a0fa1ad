//! Calendar arithmetic as integers: months (`Month`) for NRR, UTC days (`Day`) and
//! RFC 3339 timestamps for DORA.

pub mod day;
pub mod month;

pub use day::{parse_timestamp, parse_timestamp_millis, Day, TimestampError};
pub use month::{first_month_on_or_after, parse_date, Month};
