//! DORA findings on computed data (`okrlint dora`). The report is plain data from
//! `metrics::dora`; which keys are throughput and which instability comes from the one
//! mapping in `rules/dora-metrics.toml`.

use std::ops::Range;

use crate::dora_keys::{keys, Group};
use crate::dora_tiers::{Benchmark, TierMetric};
use crate::finding::{FileId, Hit};
use crate::metrics::dora::{DoraReport, Figures};

pub const CODES: &[&str] = &["DO003", "DO004", "DO005", "DO006", "DO008", "DO009"];

/// Each half needs this many deployments before a trend between them means anything.
const MIN_DEPLOYMENTS_PER_HALF: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DoraThresholds {
    /// A relative change at least this large between the halves counts (DO003).
    pub material: f64,
}

impl Default for DoraThresholds {
    fn default() -> Self {
        Self { material: 0.10 }
    }
}

/// A DORA key's value in a set of figures, and whether higher is better.
fn key_value(key: &str, f: &Figures) -> Option<(f64, bool)> {
    match key {
        "deployment_frequency" => Some((f.deploys_per_day, true)),
        "lead_time" => f.lead_time_hours.map(|v| (v, false)),
        "recovery_time" => f.recovery_time_hours.map(|v| (v, false)),
        "change_failure_rate" => f.change_failure_rate.map(|v| (v, false)),
        "rework_rate" => f.rework_rate.map(|v| (v, false)),
        _ => None,
    }
}

pub fn format_key(key: &str, value: f64) -> String {
    match key {
        "deployment_frequency" => format!("{value:.2} deploys/day"),
        "lead_time" | "recovery_time" => format!("{value:.1} h"),
        _ => format!("{:.1}%", value * 100.0),
    }
}

pub fn check_report(
    report: &DoraReport,
    table: &Benchmark,
    t: &DoraThresholds,
    file: FileId,
    span: Range<usize>,
) -> Vec<Hit> {
    let mut hits = Vec::new();
    let hit = |code: &str, message: String| Hit::new(code, file, span.clone(), message);
    if let Some(message) = speed_bought_with_quality(report, t) {
        hits.push(hit("DO003", message));
    }
    let rows = std::iter::once(&report.overall).chain(&report.services);
    for figures in rows {
        let whose = if figures.service == "all" {
            "overall".to_string()
        } else {
            format!("service `{}`", figures.service)
        };
        if let Some(cfr) = figures.change_failure_rate {
            if table.bounded_tier(TierMetric::ChangeFailureRate, cfr) == "low" {
                hits.push(hit(
                    "DO004",
                    format!(
                        "{whose} change failure rate is {} ({} of {} deployments): low in DORA's {} table",
                        format_key("change_failure_rate", cfr),
                        figures.failed_deployments,
                        figures.deployments,
                        table.year
                    ),
                ));
            }
        }
        if let Some(hours) = figures.recovery_time_hours {
            if table.bounded_tier(TierMetric::RecoveryTime, hours) == "low" {
                hits.push(hit(
                    "DO005",
                    format!(
                        "{whose} median recovery time is {} over {} resolved incidents: low in DORA's {} table",
                        format_key("recovery_time", hours),
                        figures.resolved_incidents,
                        table.year
                    ),
                ));
            }
        }
    }
    if !report.has_incidents {
        hits.push(hit(
            "DO006",
            format!(
                "no incident data (--incidents): recovery time is unmeasured and the change failure rate of {} counts failed and rolled-back statuses only",
                report.overall.change_failure_rate.map_or("—".into(), |c| format_key("change_failure_rate", c))
            ),
        ));
    }
    for service in &report.services_without_incidents {
        hits.push(hit(
            "DO006",
            format!(
                "service `{service}` deployed in the window but has no row in the incidents file: its recovery time is unmeasured and its failure rate rests on deploy statuses"
            ),
        ));
    }
    let e = &report.excluded;
    if e.changes_unknown_deployment + e.incidents_unknown_deployment > 0 {
        hits.push(hit(
            "DO008",
            format!(
                "{} change(s) and {} incident(s) name a deploy_id that is not in the deployments file (e.g. {}): the changes are left out of lead time, the incidents count only for recovery time",
                e.changes_unknown_deployment,
                e.incidents_unknown_deployment,
                report.unknown_deployment_examples.join(", ")
            ),
        ));
    }
    if let Some(repeated) = report.rows.repeated_changes.filter(|&n| n > 0) {
        hits.push(hit(
            "DO009",
            format!(
                "{repeated} change row(s) repeat an earlier row's change_id and deploy_id; they are counted as they are, in the lead time and the change counts"
            ),
        ));
    }
    hits
}

/// How a key moved between the halves: +1 materially better, −1 materially worse, 0 neither.
fn movement(before: f64, after: f64, higher_is_better: bool, material: f64) -> i8 {
    let change = if before == 0.0 {
        if after == 0.0 {
            0.0
        } else {
            f64::INFINITY * after.signum()
        }
    } else {
        (after - before) / before.abs()
    };
    let better = if higher_is_better { change } else { -change };
    if better >= material {
        1
    } else if better <= -material {
        -1
    } else {
        0
    }
}

/// DO003: a throughput key got better, none got worse, and an instability key got worse
/// between the window's first and second half.
fn speed_bought_with_quality(report: &DoraReport, t: &DoraThresholds) -> Option<String> {
    let [first_half, second_half] = report.halves.as_ref()?;
    let (first, second) = (&first_half.figures, &second_half.figures);
    if first.deployments < MIN_DEPLOYMENTS_PER_HALF || second.deployments < MIN_DEPLOYMENTS_PER_HALF
    {
        return None;
    }
    let mut faster = Vec::new();
    let mut slower = false;
    let mut worse = Vec::new();
    for key in keys() {
        let (Some((before, higher)), Some((after, _))) =
            (key_value(&key.id, first), key_value(&key.id, second))
        else {
            continue;
        };
        let moved = movement(before, after, higher, t.material);
        let change = format!(
            "{} {} → {}",
            key.id.replace('_', " "),
            format_key(&key.id, before),
            format_key(&key.id, after)
        );
        match (key.group, moved) {
            (Group::Throughput, 1) => faster.push(change),
            (Group::Throughput, -1) => slower = true,
            (Group::Instability, -1) => worse.push(change),
            _ => {}
        }
    }
    (!faster.is_empty() && !slower && !worse.is_empty()).then(|| {
        format!(
            "from {}–{} to {}–{} throughput improved ({}) while stability got worse ({})",
            first_half.window.since,
            first_half.window.until,
            second_half.window.since,
            second_half.window.until,
            faster.join(", "),
            worse.join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::movement;

    #[test]
    fn movement_is_relative_and_knows_direction() {
        assert_eq!(movement(1.0, 1.2, true, 0.1), 1);
        assert_eq!(movement(1.0, 1.05, true, 0.1), 0);
        assert_eq!(movement(10.0, 8.0, false, 0.1), 1);
        assert_eq!(movement(0.05, 0.10, false, 0.1), -1);
        assert_eq!(movement(0.0, 0.10, false, 0.1), -1);
        assert_eq!(movement(0.0, 0.0, false, 0.1), 0);
    }
}
