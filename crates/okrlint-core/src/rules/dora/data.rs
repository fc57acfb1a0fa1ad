//! DORA findings on computed figures (`okrlint dora`). The figures are plain data from the
//! engine; which keys are throughput and which instability comes from the one mapping in
//! `rules/dora-metrics.toml`.

use crate::config::Thresholds;
use crate::diagnostic::{Code, FileId, Hit, Span};
use crate::dora::keys::{keys, DoraKey, Group};
use crate::dora::{Benchmark, DoraFigures, GroupFigures};
use crate::rules::format::percent;

pub const CODES: &[Code] = &[
    Code::DO003,
    Code::DO004,
    Code::DO005,
    Code::DO006,
    Code::DO008,
    Code::DO009,
];

/// A DORA key's value in a set of figures, and whether higher is better.
fn key_value(key: DoraKey, f: &GroupFigures) -> Option<(f64, bool)> {
    match key {
        DoraKey::DeploymentFrequency => Some((f.deploys_per_day, true)),
        DoraKey::LeadTime => f.lead_time_hours.map(|v| (v, false)),
        DoraKey::RecoveryTime => f.recovery_time_hours.map(|v| (v, false)),
        DoraKey::ChangeFailureRate => f.change_failure_rate.map(|v| (v, false)),
        DoraKey::ReworkRate => f.rework_rate.map(|v| (v, false)),
        DoraKey::Availability | DoraKey::Flow | DoraKey::Satisfaction => None,
    }
}

/// A key's value in its unit, as the findings print it.
pub fn format_key(key: DoraKey, value: f64) -> String {
    match key {
        DoraKey::DeploymentFrequency => format!("{value:.2} deploys/day"),
        DoraKey::LeadTime | DoraKey::RecoveryTime => format!("{value:.1} h"),
        DoraKey::ChangeFailureRate
        | DoraKey::ReworkRate
        | DoraKey::Availability
        | DoraKey::Flow
        | DoraKey::Satisfaction => percent(value, 1),
    }
}

/// The findings on one delivery export's figures, all pointing at `span` in `file`.
pub fn findings(
    report: &DoraFigures,
    table: &Benchmark,
    t: &Thresholds,
    file: FileId,
    span: Span,
) -> Vec<Hit> {
    let mut hits = Vec::new();
    let hit = |code: Code, message: String| Hit::new(code, file, span.clone(), message);
    if let Some(message) = speed_bought_with_quality(report, t) {
        hits.push(hit(Code::DO003, message));
    }
    let rows = std::iter::once(&report.overall).chain(&report.services);
    for figures in rows {
        let whose = match &figures.service {
            None => "overall".to_string(),
            Some(service) => format!("service `{service}`"),
        };
        if let Some(cfr) = figures.change_failure_rate {
            if table.bounded_tier(DoraKey::ChangeFailureRate, cfr) == "low" {
                hits.push(hit(
                    Code::DO004,
                    format!(
                        "{whose} change failure rate is {} ({} of {} deployments): low in DORA's {} table",
                        format_key(DoraKey::ChangeFailureRate, cfr),
                        figures.failed_deployments,
                        figures.deployments,
                        table.year
                    ),
                ));
            }
        }
        if let Some(hours) = figures.recovery_time_hours {
            if table.bounded_tier(DoraKey::RecoveryTime, hours) == "low" {
                hits.push(hit(
                    Code::DO005,
                    format!(
                        "{whose} median recovery time is {} over {} resolved incidents: low in DORA's {} table",
                        format_key(DoraKey::RecoveryTime, hours),
                        figures.resolved_incidents,
                        table.year
                    ),
                ));
            }
        }
    }
    if !report.has_incidents {
        hits.push(hit(
            Code::DO006,
            format!(
                "no incident data (--incidents): recovery time is unmeasured and the change failure rate of {} counts failed and rolled-back statuses only",
                report.overall.change_failure_rate.map_or("—".into(), |c| format_key(DoraKey::ChangeFailureRate, c))
            ),
        ));
    }
    for service in &report.services_without_incidents {
        hits.push(hit(
            Code::DO006,
            format!(
                "service `{service}` deployed in the window but has no row in the incidents file: its recovery time is unmeasured and its failure rate rests on deploy statuses"
            ),
        ));
    }
    let e = &report.excluded;
    if e.changes_unknown_deployment + e.incidents_unknown_deployment > 0 {
        hits.push(hit(
            Code::DO008,
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
            Code::DO009,
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
fn speed_bought_with_quality(report: &DoraFigures, t: &Thresholds) -> Option<String> {
    let [first_half, second_half] = report.halves.as_ref()?;
    let (first, second) = (&first_half.figures, &second_half.figures);
    let too_few = |f: &GroupFigures| (f.deployments as f64) < t.min_deployments_per_half;
    if too_few(first) || too_few(second) {
        return None;
    }
    let mut faster = Vec::new();
    let mut slower = false;
    let mut worse = Vec::new();
    for key in keys() {
        let (Some((before, higher)), Some((after, _))) =
            (key_value(key.key, first), key_value(key.key, second))
        else {
            continue;
        };
        let moved = movement(before, after, higher, t.material);
        let change = format!(
            "{} {} → {}",
            key.key.as_str().replace('_', " "),
            format_key(key.key, before),
            format_key(key.key, after)
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
