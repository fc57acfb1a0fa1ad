//! DORA's performance tables by report year (`rules/dora-benchmarks.toml`), and the
//! classification of one key's value against one table.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use super::keys::DoraKey;
use crate::registry::embedded_file;
use crate::registry::schema::{self, Bound, Frequency, Tiers};

pub use schema::Benchmark;

/// Tiers best first, as the reports list them.
pub const TIER_NAMES: [&str; 4] = ["elite", "high", "medium", "low"];

/// The keys DORA's tables give tiers for, in the reports' order.
pub const TIERED: [DoraKey; 4] = [
    DoraKey::DeploymentFrequency,
    DoraKey::LeadTime,
    DoraKey::ChangeFailureRate,
    DoraKey::RecoveryTime,
];

impl Bound {
    fn admits(self, value: f64) -> bool {
        self.below.is_none_or(|b| value < b) && self.at_most.is_none_or(|b| value <= b)
    }

    fn limit(self) -> f64 {
        self.below.or(self.at_most).unwrap_or(f64::INFINITY)
    }
}

impl<T> Tiers<T> {
    fn in_order(&self) -> [(&'static str, &T); 4] {
        [
            (TIER_NAMES[0], &self.elite),
            (TIER_NAMES[1], &self.high),
            (TIER_NAMES[2], &self.medium),
            (TIER_NAMES[3], &self.low),
        ]
    }
}

/// Every year's table, in the file's order.
pub fn benchmarks() -> &'static [Benchmark] {
    static TABLES: OnceLock<Vec<Benchmark>> = OnceLock::new();
    TABLES.get_or_init(|| {
        let text = embedded_file(schema::BENCHMARKS_FILE).expect("build.rs embeds it");
        toml::from_str::<schema::BenchmarkFile>(text)
            .expect("build.rs validated dora-benchmarks.toml")
            .benchmark
    })
}

pub fn benchmark(year: u16) -> Option<&'static Benchmark> {
    benchmarks().iter().find(|b| b.year == year)
}

impl Benchmark {
    /// The tier of a frequency bucket: every tier that lists it (`medium/low` when the
    /// table repeats a row), else low.
    pub fn frequency_tier(&self, bucket: Frequency) -> String {
        let names: Vec<&str> = self
            .frequency
            .in_order()
            .into_iter()
            .filter(|(_, buckets)| buckets.contains(&bucket))
            .map(|(name, _)| name)
            .collect();
        if names.is_empty() {
            "low".to_string()
        } else {
            names.join("/")
        }
    }

    /// The tier of a lower-is-better value (hours, or a failure fraction): the first tier,
    /// best first, whose bound admits it, joined by any worse tier whose bound is no larger
    /// and admits it too (the table cannot order those); past every bound, or for a key
    /// the tables do not bound, low.
    pub fn bounded_tier(&self, key: DoraKey, value: f64) -> String {
        let tiers = match key {
            DoraKey::LeadTime => &self.lead_time,
            DoraKey::ChangeFailureRate => &self.change_failure_rate,
            DoraKey::RecoveryTime => &self.recovery_time,
            DoraKey::DeploymentFrequency
            | DoraKey::ReworkRate
            | DoraKey::Availability
            | DoraKey::Flow
            | DoraKey::Satisfaction => return "low".to_string(),
        }
        .in_order();
        let Some(first) = tiers.iter().position(|(_, bound)| bound.admits(value)) else {
            return "low".to_string();
        };
        let limit = tiers[first].1.limit();
        let mut names = vec![tiers[first].0];
        names.extend(
            tiers[first + 1..]
                .iter()
                .filter(|(_, bound)| bound.admits(value) && bound.limit() <= limit)
                .map(|(name, _)| *name),
        );
        names.join("/")
    }

    /// The year's notes on a key, where its rows overlap or leave gaps.
    pub fn notes_on(&self, key: DoraKey) -> &[String] {
        self.notes.get(key.as_str()).map_or(&[], Vec::as_slice)
    }
}

/// The tier of each tiered key with a value, keyed by the key.
pub fn classify_all(
    table: &Benchmark,
    frequency: Option<Frequency>,
    lead_time_hours: Option<f64>,
    change_failure_rate: Option<f64>,
    recovery_time_hours: Option<f64>,
) -> BTreeMap<DoraKey, Option<String>> {
    let mut tiers = BTreeMap::new();
    tiers.insert(
        DoraKey::DeploymentFrequency,
        frequency.map(|f| table.frequency_tier(f)),
    );
    for (key, value) in [
        (DoraKey::LeadTime, lead_time_hours),
        (DoraKey::ChangeFailureRate, change_failure_rate),
        (DoraKey::RecoveryTime, recovery_time_hours),
    ] {
        tiers.insert(key, value.map(|v| table.bounded_tier(key, v)));
    }
    tiers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_year_loads_and_classifies_by_its_own_table() {
        assert_eq!(
            benchmarks().iter().map(|b| b.year).collect::<Vec<_>>(),
            [2021, 2023, 2024]
        );
        let t = |year, metric, value| {
            benchmark(year)
                .expect("a table")
                .bounded_tier(metric, value)
        };
        // Lead time of 5 hours: elite in 2023 and 2024 (< 1 day), high in 2021 (elite < 1 h).
        assert_eq!(t(2021, DoraKey::LeadTime, 5.0), "high");
        assert_eq!(t(2024, DoraKey::LeadTime, 5.0), "elite");
        // Exactly one day is not below one day.
        assert_eq!(t(2024, DoraKey::LeadTime, 24.0), "high");
        // 2023 repeats medium's lead time as low's; past it, low.
        assert_eq!(t(2023, DoraKey::LeadTime, 500.0), "medium/low");
        assert_eq!(t(2023, DoraKey::LeadTime, 1000.0), "low");
        // Change failure rate: 2021 shares 16-30% between three rows; 2024 puts high above medium.
        assert_eq!(t(2021, DoraKey::ChangeFailureRate, 0.2), "high/medium/low");
        assert_eq!(t(2024, DoraKey::ChangeFailureRate, 0.08), "high/medium");
        assert_eq!(t(2024, DoraKey::ChangeFailureRate, 0.15), "high");
        assert_eq!(t(2024, DoraKey::ChangeFailureRate, 0.05), "elite");
        assert_eq!(t(2024, DoraKey::ChangeFailureRate, 0.5), "low");
        assert_eq!(t(2023, DoraKey::ChangeFailureRate, 0.12), "medium");
        // Recovery: 2024 gives high and medium the same "< 1 day"; a day to a week is a gap.
        assert_eq!(t(2024, DoraKey::RecoveryTime, 5.0), "high/medium");
        assert_eq!(t(2024, DoraKey::RecoveryTime, 48.0), "low");
        assert_eq!(t(2021, DoraKey::RecoveryTime, 48.0), "medium");
        let f = |year, bucket| benchmark(year).expect("a table").frequency_tier(bucket);
        assert_eq!(f(2021, Frequency::DailyWeekly), "high");
        assert_eq!(f(2023, Frequency::WeeklyMonthly), "medium/low");
        assert_eq!(f(2024, Frequency::OnDemand), "elite");
        assert_eq!(f(2024, Frequency::MonthlyBiannually), "low");
    }
}
