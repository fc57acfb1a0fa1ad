//! Net and gross revenue retention from subscription periods or monthly snapshots.
//!
//! Both shapes become the same thing: per customer, +amount in the first month a period
//! counts and −amount in the first month it no longer does. Summed per customer-month and
//! accumulated, those events give every MRR level change in O(periods), without expanding
//! subscriptions into customer-months.

use std::collections::BTreeMap;
use std::path::Path;

use polars::prelude::*;
use serde::Serialize;

use super::input::{read_text_table, InputError, TextTable};
use super::money::parse_units;
use super::month::{first_month_on_or_after, Month};

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
pub struct SegmentReport {
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
pub struct NrrReport {
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
    pub overall: SegmentReport,
    pub segments: Vec<SegmentReport>,
    /// Customers (or segments with --by) with the most expansion over the shown range.
    pub top_expansion: Vec<Mover>,
    /// … and the most contraction plus churn.
    pub top_contraction: Vec<Mover>,
}

/// The typed columns. Customers become dense integer ids, so every group-by, sort and window
/// below works on integers; end dates stay a polars text column (no copy per row).
struct Parsed {
    customer: Vec<u32>,
    /// Customer names by id.
    names: Vec<String>,
    first: Vec<i32>,
    /// First month the period no longer counts (exclusive); none while ongoing.
    stop: Vec<Option<i32>>,
    units: Vec<i64>,
    /// Only with --by: the segment key of each row.
    segment: Option<Vec<String>>,
    /// The end dates as written, to name the data's edge.
    ends: Option<StringChunked>,
}

pub fn compute(path: &Path, options: &NrrOptions) -> Result<NrrReport, InputError> {
    let table = read_text_table(path)?;
    // A header with any column particular to one shape is that shape, so a missing column
    // is then named rather than reported as an unknown shape.
    let has_any = |names: &[&str]| {
        names
            .iter()
            .any(|c| table.resolve(c, &options.columns).is_some())
    };
    let shape = match options.shape {
        Some(shape) => shape,
        None if has_any(&PERIOD_COLUMNS[1..]) => Shape::Periods,
        None if has_any(&SNAPSHOT_COLUMNS[1..]) => Shape::Snapshots,
        None => {
            return Err(InputError::at(
                path,
                1,
                None,
                format!(
                    "cannot tell the shape from the header: expected {} (periods) or {} (snapshots); found {}",
                    PERIOD_COLUMNS.join(", "),
                    SNAPSHOT_COLUMNS.join(", "),
                    table.headers.join(", ")
                ),
            )
            .help("map your columns with --column customer_id=YOUR_NAME, or force the shape with --shape"))
        }
    };
    let mut parsed = parse_rows(&table, shape, options)?;
    if parsed.first.is_empty() {
        return Err(InputError::at(
            path,
            1,
            None,
            "the file has a header but no rows",
        ));
    }
    let duplicate_rows = duplicates(&table, &parsed)?;
    let rows = parsed.first.len();

    let counted = |i: usize| parsed.stop[i].is_none_or(|s| parsed.first[i] < s);
    let first_month = (0..rows)
        .filter(|&i| counted(i))
        .map(|i| parsed.first[i])
        .min();
    let last_month = (0..rows)
        .filter(|&i| counted(i))
        .map(|i| parsed.stop[i].map_or(parsed.first[i], |s| s - 1))
        .max();
    let (Some(first_month), Some(last_month)) = (first_month, last_month) else {
        return Err(InputError::file(
            path,
            "no row counts for any month (every period ends before its first month starts)",
        ));
    };
    let until = options.until.map_or(last_month, |m| m.0);
    // Periods whose last month is the one before `until` churn in the last month shown:
    // when an export closes open subscriptions on its date, that churn is an artefact.
    let at_edge: Vec<usize> = (0..rows)
        .filter(|&i| counted(i) && parsed.stop[i] == Some(until))
        .collect();
    let edge = (shape == Shape::Periods && !at_edge.is_empty()).then(|| Edge {
        date: parsed
            .ends
            .as_ref()
            .and_then(|ends| ends.get(at_edge[0]))
            .unwrap_or_default()
            .trim()
            .to_string(),
        periods: at_edge.len(),
    });
    let from = options.from.map_or(first_month, |m| m.0).max(first_month);

    let names = std::mem::take(&mut parsed.names);
    // A customer's segment is the value on its earliest counted period.
    let segment_of_customer: Option<Vec<String>> = parsed.segment.take().map(|keys| {
        let mut earliest: Vec<Option<usize>> = vec![None; names.len()];
        for i in (0..rows).filter(|&i| counted(i) && parsed.first[i] <= until) {
            let slot = &mut earliest[parsed.customer[i] as usize];
            if slot.is_none_or(|j| parsed.first[i] < parsed.first[j]) {
                *slot = Some(i);
            }
        }
        earliest
            .into_iter()
            .map(|row| row.map_or_else(String::new, |i| keys[i].clone()))
            .collect()
    });
    let frame = df![
        "customer" => parsed.customer,
        "first" => parsed.first,
        "stop" => parsed.stop,
        "units" => parsed.units,
    ]
    .map_err(|e| polars_failure(path, e))?;
    let engine = Engine { until, from };
    let movements = engine
        .movements(&frame, segment_of_customer.as_deref())
        .map_err(|e| polars_failure(path, e))?;
    let overall = engine
        .segment_report(&movements, "", first_month)
        .map_err(|e| polars_failure(path, e))?;
    let segments = if options.by.is_empty() {
        Vec::new()
    } else {
        engine
            .by_segment(&movements, first_month)
            .map_err(|e| polars_failure(path, e))?
    };
    let key = if options.by.is_empty() {
        "customer"
    } else {
        "segment"
    };
    let (top_expansion, top_contraction) = engine
        .top_movers(&movements, key, &names, options.top)
        .map_err(|e| polars_failure(path, e))?;
    Ok(NrrReport {
        shape,
        scale: options.scale,
        rows,
        duplicate_rows,
        first_month: Month(first_month),
        from: Month(from),
        until: Month(until),
        until_from_data: options.until.is_none(),
        edge,
        by: options.by.clone(),
        overall,
        segments,
        top_expansion,
        top_contraction,
    })
}

/// Identical rows. Only rows that agree on customer, months and amount can be identical, so
/// the full text comparison runs only when such candidates exist.
fn duplicates(table: &TextTable, parsed: &Parsed) -> Result<usize, InputError> {
    let candidates = df![
        "customer" => parsed.customer.as_slice(),
        "first" => parsed.first.as_slice(),
        "stop" => parsed.stop.as_slice(),
        "units" => parsed.units.as_slice(),
    ]
    .and_then(|frame| {
        frame
            .lazy()
            .group_by([col("customer"), col("first"), col("stop"), col("units")])
            .agg([len().alias("n")])
            .filter(col("n").gt(lit(1)))
            .collect()
    })
    .map_err(|e| polars_failure(&table.path, e))?;
    if candidates.height() == 0 {
        return Ok(0);
    }
    table.duplicate_rows()
}

fn polars_failure(path: &Path, error: PolarsError) -> InputError {
    InputError::file(path, format!("computation failed: {error}"))
}

/// Cell-by-cell parsing, so a bad cell is reported by its line and column.
fn parse_rows(table: &TextTable, shape: Shape, options: &NrrOptions) -> Result<Parsed, InputError> {
    let path = &table.path;
    let map = &options.columns;
    let expected = match shape {
        Shape::Periods => PERIOD_COLUMNS,
        Shape::Snapshots => SNAPSHOT_COLUMNS,
    };
    let name = |ours: &str| map.get(ours).cloned().unwrap_or_else(|| ours.to_string());
    let customers = table.text_column("customer_id", map, expected)?;
    let customer_name = name("customer_id");
    let segment_columns: Vec<(&str, &StringChunked)> = options
        .by
        .iter()
        .map(|by| {
            let column = table.frame.column(by).and_then(|c| c.str()).map_err(|_| {
                InputError::at(
                    path,
                    1,
                    None,
                    format!(
                        "--by column `{by}` is not in the file; found {}",
                        table.headers.join(", ")
                    ),
                )
            })?;
            Ok((by.as_str(), column))
        })
        .collect::<Result<_, InputError>>()?;
    let rows = table.frame.height();
    let mut ids: PlHashMap<&str, u32> = PlHashMap::with_capacity(rows / 4 + 1);
    let mut parsed = Parsed {
        customer: Vec::with_capacity(rows),
        names: Vec::new(),
        first: Vec::with_capacity(rows),
        stop: Vec::with_capacity(rows),
        units: Vec::with_capacity(rows),
        segment: None,
        ends: None,
    };
    let line = |i: usize| i + 2;
    let cell_error = |i: usize, column: &str, message: String| {
        InputError::at(path, line(i), Some(column), message)
    };
    let required = |i: usize, column: &str, value: Option<&'_ str>| -> Result<(), InputError> {
        match value.map(str::trim) {
            Some(text) if !text.is_empty() => Ok(()),
            _ => Err(cell_error(i, column, format!("`{column}` is empty"))),
        }
    };
    fn text(value: Option<&str>) -> &str {
        value.map_or("", str::trim)
    }
    match shape {
        Shape::Periods => {
            let starts = table.text_column("start_date", map, expected)?;
            let ends = table.text_column("end_date", map, expected)?;
            let amounts = table.text_column("monthly_amount", map, expected)?;
            let (start_name, end_name, amount_name) =
                (name("start_date"), name("end_date"), name("monthly_amount"));
            for (i, (((customer, start), end), amount)) in customers
                .iter()
                .zip(starts.iter())
                .zip(ends.iter())
                .zip(amounts.iter())
                .enumerate()
            {
                required(i, &customer_name, customer)?;
                parsed
                    .customer
                    .push(intern(&mut ids, &mut parsed.names, text(customer)));
                required(i, &start_name, start)?;
                let start_text = text(start);
                let first = first_month_on_or_after(start_text).ok_or_else(|| {
                    cell_error(
                        i,
                        &start_name,
                        format!("`{start_text}` is not a date (YYYY-MM-DD)"),
                    )
                })?;
                let end_text = end.map(str::trim).filter(|e| !e.is_empty());
                let stop = match end_text {
                    None => None,
                    Some(end_text) => {
                        let stop = first_month_on_or_after(end_text).ok_or_else(|| {
                            cell_error(
                                i,
                                &end_name,
                                format!("`{end_text}` is not a date (YYYY-MM-DD)"),
                            )
                        })?;
                        if end_text < start_text {
                            return Err(cell_error(
                                i,
                                &end_name,
                                format!("end_date {end_text} is before start_date {start_text}"),
                            ));
                        }
                        Some(stop.0)
                    }
                };
                required(i, &amount_name, amount)?;
                let units = parse_units(text(amount), options.scale)
                    .map_err(|m| cell_error(i, &amount_name, m))?;
                parsed.first.push(first.0);
                parsed.stop.push(stop);
                parsed.units.push(units);
            }
            parsed.ends = Some(ends.clone());
        }
        Shape::Snapshots => {
            let months = table.text_column("month", map, expected)?;
            let amounts = table.text_column("mrr", map, expected)?;
            let (month_name, amount_name) = (name("month"), name("mrr"));
            for (i, ((customer, month), amount)) in customers
                .iter()
                .zip(months.iter())
                .zip(amounts.iter())
                .enumerate()
            {
                required(i, &customer_name, customer)?;
                parsed
                    .customer
                    .push(intern(&mut ids, &mut parsed.names, text(customer)));
                required(i, &month_name, month)?;
                let month_text = text(month);
                let month = Month::parse(month_text).ok_or_else(|| {
                    cell_error(
                        i,
                        &month_name,
                        format!("`{month_text}` is not a month (YYYY-MM) or date (YYYY-MM-DD)"),
                    )
                })?;
                required(i, &amount_name, amount)?;
                let units = parse_units(text(amount), options.scale)
                    .map_err(|m| cell_error(i, &amount_name, m))?;
                // A snapshot is a one-month period: a month without a row is 0.
                parsed.first.push(month.0);
                parsed.stop.push(Some(month.0 + 1));
                parsed.units.push(units);
            }
        }
    }
    if !segment_columns.is_empty() {
        let keys = (0..rows)
            .map(|i| {
                let key: Vec<&str> = segment_columns
                    .iter()
                    .map(|(_, column)| text(column.get(i)))
                    .collect();
                key.join(" / ")
            })
            .collect();
        parsed.segment = Some(keys);
    }
    Ok(parsed)
}

/// A customer's dense id, handed out in order of first appearance.
fn intern<'a>(ids: &mut PlHashMap<&'a str, u32>, names: &mut Vec<String>, name: &'a str) -> u32 {
    *ids.entry(name).or_insert_with(|| {
        names.push(name.to_string());
        (names.len() - 1) as u32
    })
}

struct Engine {
    until: i32,
    from: i32,
}

const CLASSES: [&str; 5] = ["new", "expansion", "contraction", "churn", "reactivation"];

/// Column buffers for the movements frame.
struct Movements {
    customer: Vec<u32>,
    month: Vec<i32>,
    level: Vec<i64>,
    classes: [Vec<i64>; 5],
    customers_delta: Vec<i64>,
}

impl Movements {
    fn with_capacity(n: usize) -> Self {
        Self {
            customer: Vec::with_capacity(n),
            month: Vec::with_capacity(n),
            level: Vec::with_capacity(n),
            classes: std::array::from_fn(|_| Vec::with_capacity(n)),
            customers_delta: Vec::with_capacity(n),
        }
    }

    fn push(
        &mut self,
        customer: u32,
        month: i32,
        level: i64,
        classes: [i64; 5],
        customers_delta: i64,
    ) {
        self.customer.push(customer);
        self.month.push(month);
        self.level.push(level);
        for (column, value) in self.classes.iter_mut().zip(classes) {
            column.push(value);
        }
        self.customers_delta.push(customers_delta);
    }

    fn into_frame(self, segments: Option<&[String]>) -> PolarsResult<DataFrame> {
        let segment: Vec<&str> = match segments {
            Some(by_customer) => self
                .customer
                .iter()
                .map(|&c| by_customer.get(c as usize).map_or("", String::as_str))
                .collect(),
            None => vec![""; self.customer.len()],
        };
        let [new, expansion, contraction, churn, reactivation] = self.classes;
        df![
            "customer" => self.customer,
            "month" => self.month,
            "level" => self.level,
            "new" => new,
            "expansion" => expansion,
            "contraction" => contraction,
            "churn" => churn,
            "reactivation" => reactivation,
            "customers_delta" => self.customers_delta,
            "segment" => segment,
        ]
    }
}

impl Engine {
    /// One row per customer-month where the customer's MRR changes, with the change split
    /// into its movement class and the customer's segment (from its first counted period).
    ///
    /// polars builds the +/− events and sorts them by (customer, month); one linear pass then
    /// sums each customer-month, carries the customer's level forward and classifies the change.
    fn movements(
        &self,
        periods: &DataFrame,
        segments: Option<&[String]>,
    ) -> PolarsResult<DataFrame> {
        let until = self.until;
        let counted = col("stop").is_null().or(col("first").lt(col("stop")));
        let periods = periods
            .clone()
            .lazy()
            .filter(counted.and(col("first").lt_eq(lit(until))));
        let starts = periods.clone().select([
            col("customer"),
            col("first").alias("month"),
            col("units").alias("delta"),
        ]);
        let stops = periods
            .filter(col("stop").is_not_null().and(col("stop").lt_eq(lit(until))))
            .select([
                col("customer"),
                col("stop").alias("month"),
                (lit(0i64) - col("units")).alias("delta"),
            ]);
        // One sortable key per event: customer in the high bits, month (≥ 0) in the low.
        let key = (col("customer").cast(DataType::Int64) * lit(1i64 << 32))
            + col("month").cast(DataType::Int64);
        let events = concat([starts, stops], UnionArgs::default())?
            .select([key.alias("key"), col("delta")])
            .sort(["key"], SortMultipleOptions::default())
            .collect()?;
        let keys = events.column("key")?.i64()?;
        let deltas = events.column("delta")?.cast(&DataType::Int64)?;
        let deltas = deltas.i64()?;

        let mut out = Movements::with_capacity(events.height() / 2 + 1);
        let (mut current, mut level, mut ever_active) = (None, 0i64, false);
        let mut pending: Option<(i64, i64)> = None; // (key, summed delta) of the event group
        let mut flush = |key: i64, delta: i64, out: &mut Movements| {
            if delta == 0 {
                return; // a period ending as another of the same amount starts: no change
            }
            let (customer, month) = ((key >> 32) as u32, (key & 0xffff_ffff) as i32);
            if current != Some(customer) {
                (current, level, ever_active) = (Some(customer), 0, false);
            }
            let prev = level;
            level += delta;
            let mut row = [0i64; 5]; // new, expansion, contraction, churn, reactivation
            match (prev, level) {
                (0, now) if now > 0 && ever_active => row[4] = now,
                (0, now) if now > 0 => row[0] = now,
                (before, 0) if before > 0 => row[3] = before,
                (before, now) if before > 0 && now > before => row[1] = now - before,
                (before, now) if before > 0 && now > 0 && now < before => row[2] = before - now,
                _ => {}
            }
            ever_active |= level > 0;
            out.push(
                customer,
                month,
                level,
                row,
                i64::from(level > 0) - i64::from(prev > 0),
            );
        };
        for (key, delta) in keys.iter().zip(deltas.iter()) {
            let (Some(key), Some(delta)) = (key, delta) else {
                continue;
            };
            pending = match pending {
                Some((k, sum)) if k == key => Some((k, sum + delta)),
                Some((k, sum)) => {
                    flush(k, sum, &mut out);
                    Some((key, delta))
                }
                None => Some((key, delta)),
            };
        }
        if let Some((k, sum)) = pending {
            flush(k, sum, &mut out);
        }
        out.into_frame(segments)
    }

    fn segment_report(
        &self,
        movements: &DataFrame,
        segment: &str,
        first_month: i32,
    ) -> PolarsResult<SegmentReport> {
        let mut sums: Vec<Expr> = CLASSES.iter().map(|c| col(*c).sum()).collect();
        sums.push(col("customers_delta").sum());
        let monthly = movements
            .clone()
            .lazy()
            .group_by([col("month")])
            .agg(sums)
            .collect()?;
        let mut by_month: BTreeMap<i32, [i64; 6]> = BTreeMap::new();
        let month_col = monthly.column("month")?.i32()?.clone();
        let mut value_cols = Vec::new();
        for name in CLASSES.iter().chain(["customers_delta"].iter()) {
            value_cols.push(monthly.column(name)?.cast(&DataType::Int64)?.i64()?.clone());
        }
        for row in 0..monthly.height() {
            let Some(month) = month_col.get(row) else {
                continue;
            };
            let mut values = [0i64; 6];
            for (slot, column) in values.iter_mut().zip(&value_cols) {
                *slot = column.get(row).unwrap_or(0);
            }
            by_month.insert(month, values);
        }
        let mut months = Vec::new();
        let (mut mrr, mut customers) = (0i64, 0i64);
        for month in first_month..=self.until {
            let [new, expansion, contraction, churn, reactivation, customers_delta] =
                by_month.get(&month).copied().unwrap_or([0; 6]);
            let starting = mrr;
            mrr = starting + new + expansion - contraction - churn + reactivation;
            customers += customers_delta;
            if month >= self.from {
                months.push(MonthRow {
                    month: Month(month),
                    starting_mrr: starting,
                    new,
                    expansion,
                    contraction,
                    churn,
                    reactivation,
                    ending_mrr: mrr,
                    customers,
                });
            }
        }
        Ok(SegmentReport {
            segment: segment.to_string(),
            months,
            trailing_12: self
                .trailing(movements, None)?
                .into_iter()
                .next()
                .map(|(_, t)| t),
        })
    }

    fn by_segment(
        &self,
        movements: &DataFrame,
        first_month: i32,
    ) -> PolarsResult<Vec<SegmentReport>> {
        let names = movements.column("segment")?.unique_stable()?;
        let mut names: Vec<String> = names
            .str()?
            .iter()
            .map(|s| s.unwrap_or("").to_string())
            .collect();
        names.sort();
        let trailing = self.trailing(movements, Some("segment"))?;
        let mut reports = Vec::new();
        for name in names {
            let subset = movements
                .clone()
                .lazy()
                .filter(col("segment").eq(lit(name.clone())))
                .collect()?;
            let mut report = self.segment_report(&subset, &name, first_month)?;
            report.trailing_12 = trailing.get(&name).cloned();
            reports.push(report);
        }
        Ok(reports)
    }

    /// Each customer's MRR in `month` (its level after the last change on or before it).
    fn levels_at(&self, movements: &DataFrame, month: i32) -> LazyFrame {
        movements
            .clone()
            .lazy()
            .filter(col("month").lt_eq(lit(month)))
            .group_by([col("customer")])
            // Movements are sorted by customer and month, and polars keeps row order within
            // a group, so the last row is the latest level.
            .agg([col("level").last(), col("segment").first()])
    }

    /// Trailing-12 cohort figures for the last month, overall or per segment.
    fn trailing(
        &self,
        movements: &DataFrame,
        by: Option<&str>,
    ) -> PolarsResult<BTreeMap<String, Trailing>> {
        let base_month = self.until - 12;
        let base = self
            .levels_at(movements, base_month)
            .filter(col("level").gt(lit(0i64)))
            .select([col("customer"), col("segment"), col("level").alias("base")]);
        let now = self
            .levels_at(movements, self.until)
            .select([col("customer"), col("level").alias("now")]);
        let key = by.map_or(lit("").alias("key"), |k| col(k).alias("key"));
        let cohort = base
            .join(
                now,
                [col("customer")],
                [col("customer")],
                JoinArgs::new(JoinType::Left),
            )
            .with_column(col("now").fill_null(lit(0i64)))
            .with_column(key)
            .group_by([col("key")])
            .agg([
                len().cast(DataType::Int64).alias("customers"),
                col("base").sum(),
                col("now").sum(),
                when(col("now").lt(col("base")))
                    .then(col("now"))
                    .otherwise(col("base"))
                    .sum()
                    .alias("capped"),
            ])
            .collect()?;
        let mut out = BTreeMap::new();
        let keys = cohort.column("key")?.str()?.clone();
        let get = |name: &str| -> PolarsResult<Int64Chunked> {
            Ok(cohort.column(name)?.cast(&DataType::Int64)?.i64()?.clone())
        };
        let (customers, base, now, capped) =
            (get("customers")?, get("base")?, get("now")?, get("capped")?);
        for row in 0..cohort.height() {
            out.insert(
                keys.get(row).unwrap_or("").to_string(),
                Trailing {
                    month: Month(self.until),
                    base_month: Month(base_month),
                    cohort_customers: customers.get(row).unwrap_or(0),
                    base_mrr: base.get(row).unwrap_or(0),
                    current_mrr: now.get(row).unwrap_or(0),
                    capped_mrr: capped.get(row).unwrap_or(0),
                },
            );
        }
        Ok(out)
    }

    /// The largest expansion and contraction+churn over the shown months.
    fn top_movers(
        &self,
        movements: &DataFrame,
        key: &str,
        names: &[String],
        n: usize,
    ) -> PolarsResult<(Vec<Mover>, Vec<Mover>)> {
        let totals = movements
            .clone()
            .lazy()
            .filter(
                col("month")
                    .gt_eq(lit(self.from))
                    .and(col("month").lt_eq(lit(self.until))),
            )
            .group_by([col(key).alias("key")])
            .agg([
                col("expansion").sum(),
                (col("contraction") + col("churn")).sum().alias("lost"),
            ])
            .collect()?;
        let keys: Vec<String> = if key == "customer" {
            let ids = totals.column("key")?.u32()?;
            ids.iter()
                .map(|id| {
                    id.and_then(|i| names.get(i as usize))
                        .cloned()
                        .unwrap_or_default()
                })
                .collect()
        } else {
            let text = totals.column("key")?.str()?;
            text.iter().map(|k| k.unwrap_or("").to_string()).collect()
        };
        let pick = |name: &str| -> PolarsResult<Vec<Mover>> {
            let values = totals.column(name)?.cast(&DataType::Int64)?.i64()?.clone();
            let mut movers: Vec<Mover> = (0..totals.height())
                .filter_map(|row| {
                    let amount = values.get(row).unwrap_or(0);
                    (amount > 0).then(|| Mover {
                        key: keys.get(row).cloned().unwrap_or_default(),
                        amount,
                    })
                })
                .collect();
            // Largest first; ties by key so the output is the same on every run.
            movers.sort_by(|a, b| b.amount.cmp(&a.amount).then_with(|| a.key.cmp(&b.key)));
            movers.truncate(n);
            Ok(movers)
        };
        Ok((pick("expansion")?, pick("lost")?))
    }
}
