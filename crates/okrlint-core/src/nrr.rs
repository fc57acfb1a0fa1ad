//! NRR's plain figures: what the engine computes from billing data and what the NRR rules
//! and the `nrr` command read. Money is integer units of 10^-scale; a float appears only in a
//! ratio.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::calendar::Month;

/// Our column names for each input shape.
pub const PERIOD_COLUMNS: &[&str] = &["customer_id", "start_date", "end_date", "monthly_amount"];
pub const SNAPSHOT_COLUMNS: &[&str] = &["customer_id", "month", "mrr"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Shape {
    Periods,
    Snapshots,
}

#[derive(Debug, Clone)]
pub struct NrrOptions {
    pub shape: Option<Shape>,
    pub columns: BTreeMap<String, String>,
    pub from: Option<Month>,
    pub until: Option<Month>,
    pub by: Vec<String>,
    /// Decimal places amounts may have; amounts are held in units of 10^-scale.
    pub scale: u32,
    pub top: usize,
}

impl Default for NrrOptions {
    fn default() -> Self {
        Self {
            shape: None,
            columns: BTreeMap::new(),
            from: None,
            until: None,
            by: Vec::new(),
            scale: 2,
            top: 5,
        }
    }
}

/// One month's MRR movements, in integer units of 10^-scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthRow {
    pub month: Month,
    pub starting_mrr: i64,
    pub new: i64,
    pub expansion: i64,
    pub contraction: i64,
    pub churn: i64,
    pub reactivation: i64,
    pub ending_mrr: i64,
    /// Customers with MRR > 0 in the month.
    pub customers: i64,
}

impl MonthRow {
    /// (start + expansion − contraction − churn) / start; none when start is 0.
    pub fn nrr(&self) -> Option<f64> {
        ratio(
            self.starting_mrr + self.expansion - self.contraction - self.churn,
            self.starting_mrr,
        )
    }

    /// (start − contraction − churn) / start; none when start is 0.
    pub fn grr(&self) -> Option<f64> {
        ratio(
            self.starting_mrr - self.contraction - self.churn,
            self.starting_mrr,
        )
    }
}

fn ratio(numerator: i64, denominator: i64) -> Option<f64> {
    (denominator != 0).then(|| numerator as f64 / denominator as f64)
}

/// Trailing-12-month cohort retention, point to point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Trailing {
    pub month: Month,
    pub base_month: Month,
    /// Customers with MRR > 0 in the base month.
    pub cohort_customers: i64,
    pub base_mrr: i64,
    pub current_mrr: i64,
    /// Current MRR with each customer capped at its base MRR (for GRR).
    pub capped_mrr: i64,
}

impl Trailing {
    pub fn nrr(&self) -> Option<f64> {
        ratio(self.current_mrr, self.base_mrr)
    }

    pub fn grr(&self) -> Option<f64> {
        ratio(self.capped_mrr, self.base_mrr)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SegmentFigures {
    /// The segment's values joined with " / "; empty for the whole book.
    pub segment: String,
    pub months: Vec<MonthRow>,
    pub trailing_12: Option<Trailing>,
}

/// A customer (or segment) and how much MRR it added or lost over the range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mover {
    pub key: String,
    pub amount: i64,
}

/// Periods that end on the first day of the last month shown, so they read as churn in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edge {
    pub date: String,
    pub periods: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NrrFigures {
    pub shape: Shape,
    pub scale: u32,
    pub rows: usize,
    pub duplicate_rows: usize,
    pub first_month: Month,
    pub from: Month,
    pub until: Month,
    /// Whether `until` was chosen from the data rather than given.
    pub until_from_data: bool,
    pub edge: Option<Edge>,
    pub by: Vec<String>,
    pub overall: SegmentFigures,
    pub segments: Vec<SegmentFigures>,
    /// Customers (or segments with --by) with the most expansion over the shown range.
    pub top_expansion: Vec<Mover>,
    /// … and the most contraction plus churn.
    pub top_contraction: Vec<Mover>,
}
