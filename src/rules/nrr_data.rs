//! NRR findings on computed data (`okrlint nrr`). The report is plain data from
//! `metrics::nrr`; nothing here knows how it was computed.

use std::ops::Range;

use crate::finding::{FileId, Hit};
use crate::metrics::money::format_units;
use crate::metrics::nrr::{MonthRow, NrrReport};

pub const CODES: &[&str] = &["NR004", "NR005", "NR006", "NR008", "NR009"];

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DataThresholds {
    /// Trailing-12 GRR below this is reported (NR005).
    pub grr_benchmark: f64,
    /// A segment holding more than this share of lost MRR is reported (NR006).
    pub churn_share: f64,
}

impl Default for DataThresholds {
    fn default() -> Self {
        Self {
            grr_benchmark: 0.90,
            churn_share: 0.5,
        }
    }
}

fn pct(value: f64) -> String {
    format!("{:.2}%", value * 100.0)
}

pub fn check_report(
    report: &NrrReport,
    file: FileId,
    span: Range<usize>,
    t: &DataThresholds,
) -> Vec<Hit> {
    let mut hits = Vec::new();
    let hit = |code: &str, message: String| Hit::new(code, file, span.clone(), message);
    if let Some(nrr) = report
        .overall
        .months
        .last()
        .and_then(MonthRow::nrr)
        .filter(|n| *n < 1.0)
    {
        hits.push(hit(
            "NR004",
            format!(
                "NRR in {} was {}: revenue from existing customers shrank",
                report.until,
                pct(nrr)
            ),
        ));
    }
    let trailing = report.overall.trailing_12.as_ref();
    if let Some(nrr) = trailing.and_then(|t| t.nrr()).filter(|n| *n < 1.0) {
        hits.push(hit(
            "NR004",
            format!(
                "trailing-12 NRR to {} was {}: the {} cohort is worth less than a year ago",
                report.until,
                pct(nrr),
                trailing.map_or(report.until, |t| t.base_month)
            ),
        ));
    }
    if let Some(grr) = trailing
        .and_then(|t| t.grr())
        .filter(|g| *g < t.grr_benchmark)
    {
        hits.push(hit(
            "NR005",
            format!(
                "trailing-12 GRR to {} was {}, below the {} benchmark",
                report.until,
                pct(grr),
                pct(t.grr_benchmark)
            ),
        ));
    }
    concentrated_churn(report, t, &mut hits, &hit);
    if let Some(edge) = &report.edge {
        let many = edge.periods >= 2 && edge.periods * 20 >= report.rows;
        if many {
            let churn = report.overall.months.last().map_or(0, |m| m.churn);
            hits.push(hit(
                "NR008",
                format!(
                    "{} of {} periods end on {}, in the last month shown ({}): if the export closed open subscriptions there, its churn of {} is not real",
                    edge.periods,
                    report.rows,
                    edge.date,
                    report.until,
                    format_units(churn, report.scale)
                ),
            ));
        }
    }
    if report.duplicate_rows > 0 {
        hits.push(hit(
            "NR009",
            format!(
                "{} row(s) repeat another row exactly; they are counted as they are",
                report.duplicate_rows
            ),
        ));
    }
    hits
}

fn concentrated_churn(
    report: &NrrReport,
    t: &DataThresholds,
    hits: &mut Vec<Hit>,
    hit: &dyn Fn(&str, String) -> Hit,
) {
    if report.segments.len() < 2 {
        return;
    }
    let lost = |months: &[MonthRow]| {
        months
            .iter()
            .map(|m| i128::from(m.contraction + m.churn))
            .sum::<i128>()
    };
    let base = |months: &[MonthRow]| {
        months
            .iter()
            .map(|m| i128::from(m.starting_mrr))
            .sum::<i128>()
    };
    let total_lost = lost(&report.overall.months);
    let total_base = base(&report.overall.months);
    if total_lost <= 0 || total_base <= 0 {
        return;
    }
    for segment in &report.segments {
        let share = lost(&segment.months) as f64 / total_lost as f64;
        let weight = base(&segment.months) as f64 / total_base as f64;
        // Concentrated: most of the loss, and well beyond the segment's share of revenue.
        if share > t.churn_share && share > 1.5 * weight {
            hits.push(hit(
                "NR006",
                format!(
                    "segment `{}` accounts for {} of contraction and churn ({}) but {} of starting MRR",
                    segment.segment,
                    pct(share),
                    format_units(i64::try_from(lost(&segment.months)).unwrap_or(i64::MAX), report.scale),
                    pct(weight)
                ),
            ));
        }
    }
}
