//! DORA's performance tables by report year (`rules/dora-benchmarks.toml`), and the
//! classification of one metric's value against one table.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// Tiers best first, as the reports list them.
pub const TIER_NAMES: [&str; 4] = ["elite", "high", "medium", "low"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TierMetric {
    DeploymentFrequency,
    LeadTime,
    ChangeFailureRate,
    RecoveryTime,
}

impl TierMetric {
    pub const ALL: [TierMetric; 4] = [
        TierMetric::DeploymentFrequency,
        TierMetric::LeadTime,
        TierMetric::ChangeFailureRate,
        TierMetric::RecoveryTime,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TierMetric::DeploymentFrequency => "deployment_frequency",
            TierMetric::LeadTime => "lead_time",
            TierMetric::ChangeFailureRate => "change_failure_rate",
            TierMetric::RecoveryTime => "recovery_time",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TierMetric::DeploymentFrequency => "deployment frequency",
            TierMetric::LeadTime => "lead time for changes",
            TierMetric::ChangeFailureRate => "change failure rate",
            TierMetric::RecoveryTime => "failed deployment recovery time",
        }
    }
}

/// An upper bound: `below` is exclusive, `at_most` inclusive, neither admits every value.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bound {
    below: Option<f64>,
    at_most: Option<f64>,
}

impl Bound {
    fn admits(self, value: f64) -> bool {
        self.below.is_none_or(|b| value < b) && self.at_most.is_none_or(|b| value <= b)
    }

    fn limit(self) -> f64 {
        self.below.or(self.at_most).unwrap_or(f64::INFINITY)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Tiers<T> {
    elite: T,
    high: T,
    medium: T,
    low: T,
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

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Benchmark {
    pub year: u16,
    pub source: String,
    pub url: String,
    /// Per metric, where the table's own rows overlap or leave gaps.
    #[serde(default)]
    pub notes: BTreeMap<String, Vec<String>>,
    frequency: Tiers<Vec<String>>,
    lead_time: Tiers<Bound>,
    change_failure_rate: Tiers<Bound>,
    recovery_time: Tiers<Bound>,
}

#[derive(Deserialize)]
struct BenchmarkFile {
    benchmark: Vec<Benchmark>,
}

pub fn benchmarks() -> &'static [Benchmark] {
    static TABLES: OnceLock<Vec<Benchmark>> = OnceLock::new();
    TABLES.get_or_init(|| {
        crate::embedded::file("dora-benchmarks.toml")
            .and_then(|text| toml::from_str::<BenchmarkFile>(text).ok())
            .map_or_else(Vec::new, |f| f.benchmark)
    })
}

pub fn benchmark(year: u16) -> Option<&'static Benchmark> {
    benchmarks().iter().find(|b| b.year == year)
}

impl Benchmark {
    /// The tier of a frequency bucket: every tier that lists it (`medium/low` when the
    /// table repeats a row), else low.
    pub fn frequency_tier(&self, bucket: &str) -> String {
        let names: Vec<&str> = self
            .frequency
            .in_order()
            .into_iter()
            .filter(|(_, buckets)| buckets.iter().any(|b| b == bucket))
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
    /// and admits it too (the table cannot order those); past every bound, low.
    pub fn bounded_tier(&self, metric: TierMetric, value: f64) -> String {
        let tiers = match metric {
            TierMetric::LeadTime => &self.lead_time,
            TierMetric::ChangeFailureRate => &self.change_failure_rate,
            TierMetric::RecoveryTime => &self.recovery_time,
            TierMetric::DeploymentFrequency => return "low".to_string(),
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
}

/// The tier of each metric with a value, keyed by the metric's stable name.
pub fn classify_all(
    table: &Benchmark,
    frequency: Option<&str>,
    lead_time_hours: Option<f64>,
    change_failure_rate: Option<f64>,
    recovery_time_hours: Option<f64>,
) -> BTreeMap<&'static str, Option<String>> {
    let mut tiers = BTreeMap::new();
    tiers.insert(
        TierMetric::DeploymentFrequency.as_str(),
        frequency.map(|f| table.frequency_tier(f)),
    );
    for (metric, value) in [
        (TierMetric::LeadTime, lead_time_hours),
        (TierMetric::ChangeFailureRate, change_failure_rate),
        (TierMetric::RecoveryTime, recovery_time_hours),
    ] {
        tiers.insert(
            metric.as_str(),
            value.map(|v| table.bounded_tier(metric, v)),
        );
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
        assert_eq!(t(2021, TierMetric::LeadTime, 5.0), "high");
        assert_eq!(t(2024, TierMetric::LeadTime, 5.0), "elite");
        // Exactly one day is not below one day.
        assert_eq!(t(2024, TierMetric::LeadTime, 24.0), "high");
        // 2023 repeats medium's lead time as low's; past it, low.
        assert_eq!(t(2023, TierMetric::LeadTime, 500.0), "medium/low");
        assert_eq!(t(2023, TierMetric::LeadTime, 1000.0), "low");
        // Change failure rate: 2021 shares 16-30% between three rows; 2024 puts high above medium.
        assert_eq!(
            t(2021, TierMetric::ChangeFailureRate, 0.2),
            "high/medium/low"
        );
        assert_eq!(t(2024, TierMetric::ChangeFailureRate, 0.08), "high/medium");
        assert_eq!(t(2024, TierMetric::ChangeFailureRate, 0.15), "high");
        assert_eq!(t(2024, TierMetric::ChangeFailureRate, 0.05), "elite");
        assert_eq!(t(2024, TierMetric::ChangeFailureRate, 0.5), "low");
        assert_eq!(t(2023, TierMetric::ChangeFailureRate, 0.12), "medium");
        // Recovery: 2024 gives high and medium the same "< 1 day"; a day to a week is a gap.
        assert_eq!(t(2024, TierMetric::RecoveryTime, 5.0), "high/medium");
        assert_eq!(t(2024, TierMetric::RecoveryTime, 48.0), "low");
        assert_eq!(t(2021, TierMetric::RecoveryTime, 48.0), "medium");
        let f = |year, bucket| benchmark(year).expect("a table").frequency_tier(bucket);
        assert_eq!(f(2021, "daily_weekly"), "high");
        assert_eq!(f(2023, "weekly_monthly"), "medium/low");
        assert_eq!(f(2024, "on_demand"), "elite");
        assert_eq!(f(2024, "monthly_biannually"), "low");
    }
}
