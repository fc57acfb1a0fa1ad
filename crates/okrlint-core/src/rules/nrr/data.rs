//! NRR findings on computed figures (`okrlint nrr`). The figures are plain data from the
//! engine; nothing here knows how they were computed.

use crate::config::Thresholds;
use crate::diagnostic::{Code, FileId, Hit, Span};
use crate::money::format_units;
use crate::nrr::{MonthRow, NrrFigures};
use crate::rules::format::percent;

pub const CODES: &[Code] = &[
    Code::NR004,
    Code::NR005,
    Code::NR006,
    Code::NR008,
    Code::NR009,
];

fn pct(value: f64) -> String {
    percent(value, 2)
}

/// The findings on one billing file's figures, all pointing at `span` in `file` (its header).
pub fn findings(report: &NrrFigures, file: FileId, span: Span, t: &Thresholds) -> Vec<Hit> {
    let mut hits = Vec::new();
    let hit = |code: Code, message: String| Hit::new(code, file, span.clone(), message);
    if let Some(nrr) = report
        .overall
        .months
        .last()
        .and_then(MonthRow::nrr)
        .filter(|n| *n < 1.0)
    {
        hits.push(hit(
            Code::NR004,
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
            Code::NR004,
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
            Code::NR005,
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
        let share = edge.periods as f64 / report.rows.max(1) as f64;
        let many = edge.periods as f64 >= t.edge_min_periods && share >= t.edge_share;
        if many {
            let churn = report.overall.months.last().map_or(0, |m| m.churn);
            hits.push(hit(
                Code::NR008,
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
            Code::NR009,
            format!(
                "{} row(s) repeat another row exactly; they are counted as they are",
                report.duplicate_rows
            ),
        ));
    }
    hits
}

fn concentrated_churn(
    report: &NrrFigures,
    t: &Thresholds,
    hits: &mut Vec<Hit>,
    hit: &dyn Fn(Code, String) -> Hit,
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
        if share > t.churn_share && share > t.churn_over_weight * weight {
            hits.push(hit(
                Code::NR006,
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
