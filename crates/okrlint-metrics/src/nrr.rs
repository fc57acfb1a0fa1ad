//! Net and gross revenue retention from subscription periods or monthly snapshots.
//!
//! Both shapes become the same thing: per customer, +amount in the first month a period
//! counts and −amount in the first month it no longer does. Summed per customer-month and
//! accumulated, those events give every MRR level change in O(periods), without expanding
//! subscriptions into customer-months.

use std::path::Path;

use okrlint_core::calendar::{first_month_on_or_after, year_problem, Month};
use okrlint_core::engine::InputError;
use okrlint_core::money::parse_units;
use okrlint_core::nrr::{
    Edge, MonthRow, Mover, NrrFigures, NrrOptions, SegmentFigures, Shape, Trailing, PERIOD_COLUMNS,
    SNAPSHOT_COLUMNS,
};
use polars::prelude::*;

use crate::cells::{cell_error, read_text_table, required, ColumnNames, Interner, TextTable};

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

pub fn compute(path: &Path, options: &NrrOptions) -> Result<NrrFigures, InputError> {
    let table = read_text_table(path)?;
    let columns = ColumnNames::new(&options.columns);
    // A header with any column particular to one shape is that shape, so a missing column
    // is then named rather than reported as an unknown shape.
    let has_any = |names: &[&str]| names.iter().any(|c| table.resolve(c, &columns).is_some());
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
    let duplicate_rows = table.duplicate_rows()?;
    let rows = parsed.first.len();

    let counted = |i: usize| parsed.stop[i].is_none_or(|s| parsed.first[i] < s);
    // The months run over periods with MRR: a zero-amount period after the last paid month
    // does not move the default `--until` (nor the first month) past the data's MRR. A file
    // of zero amounts only falls back to every counted period.
    let paying = |i: usize| counted(i) && parsed.units[i] != 0;
    let any_paying = (0..rows).any(paying);
    let in_range = |i: usize| if any_paying { paying(i) } else { counted(i) };
    let first_month = (0..rows)
        .filter(|&i| in_range(i))
        .map(|i| parsed.first[i])
        .min();
    let last_month = (0..rows)
        .filter(|&i| in_range(i))
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
    // The edge is the one end date most of those periods share (an export's date); periods that
    // end on other days of that month are not counted as ending on it.
    let edge = parsed
        .ends
        .as_ref()
        .filter(|_| shape == Shape::Periods)
        .and_then(|ends| {
            let mut by_date: std::collections::BTreeMap<&str, usize> =
                std::collections::BTreeMap::new();
            for &i in &at_edge {
                *by_date
                    .entry(ends.get(i).unwrap_or_default().trim())
                    .or_default() += 1;
            }
            // Most periods first; on a tie, the latest date.
            by_date
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(b.0)))
                .map(|(date, periods)| Edge {
                    date: date.to_string(),
                    periods,
                })
        });
    let from = options.from.map_or(first_month, |m| m.0).max(first_month);
    if until < first_month {
        return Err(InputError::file(
            path,
            format!(
                "--until {} is before the first month with MRR in the data ({})",
                Month(until),
                Month(first_month)
            ),
        ));
    }
    if from > until {
        return Err(InputError::file(
            path,
            format!(
                "--from {} is after the last month computed ({})",
                Month(from),
                Month(until)
            ),
        ));
    }

    let names = std::mem::take(&mut parsed.names);
    // A customer's segment is the value on its earliest counted period.
    let segment_keys = parsed.segment.take();
    let mut segments = Interner::default();
    let segment_of_customer: Option<Vec<u32>> = segment_keys.as_ref().map(|keys| {
        let mut earliest: Vec<Option<usize>> = vec![None; names.len()];
        for i in (0..rows).filter(|&i| counted(i) && parsed.first[i] <= until) {
            let slot = &mut earliest[parsed.customer[i] as usize];
            if slot.is_none_or(|j| parsed.first[i] < parsed.first[j]) {
                *slot = Some(i);
            }
        }
        earliest
            .into_iter()
            .map(|row| segments.id(row.map_or("", |i| keys[i].as_str())))
            .collect()
    });
    let segment_names = segments.into_names();
    let frame = df![
        "customer" => parsed.customer,
        "first" => parsed.first,
        "stop" => parsed.stop,
        "units" => parsed.units,
    ]
    .map_err(|e| polars_failure(path, e))?;
    let engine = Engine {
        until,
        from,
        first_month,
    };
    let periods = engine
        .sorted_periods(&frame)
        .map_err(|e| polars_failure(path, e))?;
    let fold = engine
        .fold(&periods, segment_of_customer.as_deref())
        .map_err(|e| polars_failure(path, e))?;
    let overall = engine.segment_report("", &fold.overall, fold.cohort.get(&None));
    let mut segments: Vec<SegmentFigures> = Vec::new();
    if segment_of_customer.is_some() {
        for (id, name) in segment_names.iter().enumerate() {
            let Some(monthly) = fold.by_segment.get(&(id as u32)) else {
                continue;
            };
            segments.push(engine.segment_report(name, monthly, fold.cohort.get(&Some(id as u32))));
        }
        segments.sort_by(|a, b| a.segment.cmp(&b.segment));
    }
    let key_names = if segment_of_customer.is_some() {
        &segment_names
    } else {
        &names
    };
    let top_expansion = top(&fold.expansion, key_names, options.top);
    let top_contraction = top(&fold.lost, key_names, options.top);
    Ok(NrrFigures {
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

fn polars_failure(path: &Path, error: PolarsError) -> InputError {
    InputError::file(path, format!("computation failed: {error}"))
}

/// Cell-by-cell parsing, so a bad cell is reported by its line and column.
fn parse_rows(table: &TextTable, shape: Shape, options: &NrrOptions) -> Result<Parsed, InputError> {
    let path = &table.path;
    let map = &ColumnNames::new(&options.columns);
    let expected = match shape {
        Shape::Periods => PERIOD_COLUMNS,
        Shape::Snapshots => SNAPSHOT_COLUMNS,
    };
    let name = |ours: &str| map.theirs(ours);
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
    let mut customers_seen = Interner::with_capacity(rows / 4 + 1);
    let mut parsed = Parsed {
        customer: Vec::with_capacity(rows),
        names: Vec::new(),
        first: Vec::with_capacity(rows),
        stop: Vec::with_capacity(rows),
        units: Vec::with_capacity(rows),
        segment: None,
        ends: None,
    };
    let cell_error = |i: usize, column: &str, message: String| cell_error(path, i, column, message);
    let required = |i: usize, column: &str, value: Option<&'_ str>| {
        required(path, i, column, value).map(|_| ())
    };
    fn text(value: Option<&str>) -> &str {
        value.map_or("", str::trim)
    }
    // Every figure the fold adds up is at most twice the sum of all amounts (each period adds
    // its amount once and takes it away once), so keeping that sum within a quarter of i64
    // keeps every 64-bit sum exact. Past it, a located error, never a wrapped total.
    let mut total: i128 = 0;
    let limit = i128::from(i64::MAX / 4);
    let exceeds = |total: i128, customer: &str, month: &str| {
        (total > limit).then(|| {
            format!(
                "the amounts add up to more than okrlint sums exactly (customer `{customer}`, from {month}): {} units of 10^-scale at most in all",
                limit
            )
        })
    };
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
                parsed.customer.push(customers_seen.id(text(customer)));
                required(i, &start_name, start)?;
                let start_text = text(start);
                let first = first_month_on_or_after(start_text).ok_or_else(|| {
                    cell_error(
                        i,
                        &start_name,
                        format!("`{start_text}` is not a date (YYYY-MM-DD)"),
                    )
                })?;
                if let Some(problem) = year_of(start_text).and_then(|y| year_problem(start_text, y))
                {
                    return Err(cell_error(i, &start_name, problem));
                }
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
                        if let Some(problem) =
                            year_of(end_text).and_then(|y| year_problem(end_text, y))
                        {
                            return Err(cell_error(i, &end_name, problem));
                        }
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
                total += i128::from(units).abs();
                if let Some(message) = exceeds(total, text(customer), start_text) {
                    return Err(cell_error(i, &amount_name, message));
                }
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
                parsed.customer.push(customers_seen.id(text(customer)));
                required(i, &month_name, month)?;
                let month_text = text(month);
                let month = Month::parse(month_text).ok_or_else(|| {
                    cell_error(
                        i,
                        &month_name,
                        format!("`{month_text}` is not a month (YYYY-MM) or date (YYYY-MM-DD)"),
                    )
                })?;
                if let Some(problem) = year_of(month_text).and_then(|y| year_problem(month_text, y))
                {
                    return Err(cell_error(i, &month_name, problem));
                }
                required(i, &amount_name, amount)?;
                let units = parse_units(text(amount), options.scale)
                    .map_err(|m| cell_error(i, &amount_name, m))?;
                total += i128::from(units).abs();
                if let Some(message) = exceeds(total, text(customer), month_text) {
                    return Err(cell_error(i, &amount_name, message));
                }
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
    parsed.names = customers_seen.into_names();
    Ok(parsed)
}

/// The year of a date or month that already parsed (`YYYY-…`).
fn year_of(text: &str) -> Option<i32> {
    text.get(..4)?.parse().ok()
}

struct Engine {
    until: i32,
    from: i32,
    first_month: i32,
}

/// Per month: new, expansion, contraction, churn, reactivation, change in paying customers.
type MonthSums = [i64; 6];

/// Everything the report needs, gathered in one pass over the sorted events.
struct Fold {
    overall: Vec<MonthSums>,
    by_segment: PlHashMap<u32, Vec<MonthSums>>,
    /// Trailing-12 cohort per segment (`None`: the whole book): customers, base, now, capped.
    cohort: PlHashMap<Option<u32>, [i64; 4]>,
    /// Expansion, and contraction + churn, per customer (or segment) over the shown months.
    expansion: PlHashMap<u32, i64>,
    lost: PlHashMap<u32, i64>,
}

/// One customer's state while its events are walked.
#[derive(Default)]
struct Walk {
    level: i64,
    ever_active: bool,
    base_level: i64,
    expansion: i64,
    lost: i64,
}

impl Engine {
    /// The counted periods, sorted by customer (polars sorts one integer column in parallel).
    fn sorted_periods(&self, periods: &DataFrame) -> PolarsResult<DataFrame> {
        let counted = col("stop").is_null().or(col("first").lt(col("stop")));
        periods
            .clone()
            .lazy()
            .filter(counted.and(col("first").lt_eq(lit(self.until))))
            .sort(["customer"], SortMultipleOptions::default())
            .collect()
    }

    /// Walks each customer's periods as +amount/−amount events in month order: sums each
    /// customer-month, carries the level forward, classifies the change, and adds it to the
    /// month's totals, the trailing-12 cohort and the movers.
    fn fold(&self, periods: &DataFrame, segment_of: Option<&[u32]>) -> PolarsResult<Fold> {
        let months = (self.until - self.first_month + 1).max(0) as usize;
        let base_month = self.until - 12;
        let mut fold = Fold {
            overall: vec![[0; 6]; months],
            by_segment: PlHashMap::new(),
            cohort: PlHashMap::new(),
            expansion: PlHashMap::new(),
            lost: PlHashMap::new(),
        };
        let customers = periods.column("customer")?.u32()?;
        let firsts = periods.column("first")?.i32()?;
        let stops = periods.column("stop")?.i32()?;
        let units = periods.column("units")?.i64()?;
        let mut events: Vec<(i32, i64)> = Vec::new();
        let mut current: Option<u32> = None;
        let rows = customers
            .iter()
            .zip(firsts.iter())
            .zip(stops.iter())
            .zip(units.iter());
        // A sentinel row at the end flushes the last customer.
        for (((customer, first), stop), amount) in
            rows.chain(std::iter::once((((None, None), None), None)))
        {
            if customer != current {
                if let Some(done) = current {
                    self.walk(&mut fold, done, &mut events, base_month, segment_of);
                }
                current = customer;
            }
            let (Some(first), Some(amount)) = (first, amount) else {
                continue;
            };
            events.push((first, amount));
            if let Some(stop) = stop.filter(|&s| s <= self.until) {
                events.push((stop, -amount));
            }
        }
        Ok(fold)
    }

    /// One customer's events, in month order.
    fn walk(
        &self,
        fold: &mut Fold,
        customer: u32,
        events: &mut Vec<(i32, i64)>,
        base_month: i32,
        segment_of: Option<&[u32]>,
    ) {
        events.sort_unstable_by_key(|&(month, _)| month);
        let mut walk = Walk::default();
        for run in events.chunk_by(|a, b| a.0 == b.0) {
            let month = run[0].0;
            let sum: i64 = run.iter().map(|&(_, delta)| delta).sum();
            if sum != 0 {
                self.step(fold, &mut walk, customer, month, sum, segment_of);
            }
            if month <= base_month {
                walk.base_level = walk.level;
            }
        }
        self.finish(fold, customer, &walk, segment_of);
        events.clear();
    }

    fn step(
        &self,
        fold: &mut Fold,
        walk: &mut Walk,
        customer: u32,
        month: i32,
        delta: i64,
        segment_of: Option<&[u32]>,
    ) {
        let prev = walk.level;
        walk.level += delta;
        let now = walk.level;
        let mut sums: MonthSums = [0; 6];
        match (prev, now) {
            (0, n) if n > 0 && walk.ever_active => sums[4] = n,
            (0, n) if n > 0 => sums[0] = n,
            (b, 0) if b > 0 => sums[3] = b,
            (b, n) if b > 0 && n > b => sums[1] = n - b,
            (b, n) if b > 0 && n > 0 && n < b => sums[2] = b - n,
            _ => {}
        }
        sums[5] = i64::from(now > 0) - i64::from(prev > 0);
        walk.ever_active |= now > 0;
        if (self.from..=self.until).contains(&month) {
            walk.expansion += sums[1];
            walk.lost += sums[2] + sums[3];
        }
        let offset = (month - self.first_month) as usize;
        let add = |target: &mut MonthSums| target.iter_mut().zip(sums).for_each(|(t, v)| *t += v);
        if let Some(slot) = fold.overall.get_mut(offset) {
            add(slot);
        }
        if let Some(segment) = segment_of.and_then(|s| s.get(customer as usize)) {
            let months = fold.overall.len();
            let series = fold
                .by_segment
                .entry(*segment)
                .or_insert_with(|| vec![[0; 6]; months]);
            if let Some(slot) = series.get_mut(offset) {
                add(slot);
            }
        }
    }

    fn finish(&self, fold: &mut Fold, customer: u32, walk: &Walk, segment_of: Option<&[u32]>) {
        let segment = segment_of.and_then(|s| s.get(customer as usize)).copied();
        if walk.base_level > 0 {
            let entry = [
                1,
                walk.base_level,
                walk.level,
                walk.level.min(walk.base_level),
            ];
            // The whole book, and the customer's segment when there is one.
            for key in std::iter::once(None).chain(segment.map(Some)) {
                let cohort = fold.cohort.entry(key).or_insert([0; 4]);
                cohort.iter_mut().zip(entry).for_each(|(c, v)| *c += v);
            }
        }
        let mover = segment.unwrap_or(customer);
        if walk.expansion > 0 {
            *fold.expansion.entry(mover).or_default() += walk.expansion;
        }
        if walk.lost > 0 {
            *fold.lost.entry(mover).or_default() += walk.lost;
        }
    }

    /// Month rows from the monthly sums: running MRR and customer counts, printed from `from`.
    fn segment_report(
        &self,
        segment: &str,
        monthly: &[MonthSums],
        cohort: Option<&[i64; 4]>,
    ) -> SegmentFigures {
        let mut months = Vec::new();
        let (mut mrr, mut customers) = (0i64, 0i64);
        for (offset, sums) in monthly.iter().enumerate() {
            let month = self.first_month + offset as i32;
            let [new, expansion, contraction, churn, reactivation, customers_delta] = *sums;
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
        let trailing_12 =
            cohort.map(
                |&[cohort_customers, base_mrr, current_mrr, capped_mrr]| Trailing {
                    month: Month(self.until),
                    base_month: Month(self.until - 12),
                    cohort_customers,
                    base_mrr,
                    current_mrr,
                    capped_mrr,
                },
            );
        SegmentFigures {
            segment: segment.to_string(),
            months,
            trailing_12,
        }
    }
}

/// The `n` largest amounts, named; ties by name so the output is the same on every run.
fn top(amounts: &PlHashMap<u32, i64>, names: &[String], n: usize) -> Vec<Mover> {
    let name = |id: u32| names.get(id as usize).map_or("", String::as_str);
    let order =
        |a: &(i64, u32), b: &(i64, u32)| b.0.cmp(&a.0).then_with(|| name(a.1).cmp(name(b.1)));
    let mut ranked: Vec<(i64, u32)> = amounts
        .iter()
        .filter(|(_, a)| **a > 0)
        .map(|(id, a)| (*a, *id))
        .collect();
    // Partial selection first: only the winners are sorted and named.
    if ranked.len() > n && n > 0 {
        ranked.select_nth_unstable_by(n - 1, order);
    }
    ranked.truncate(n);
    ranked.sort_by(order);
    ranked
        .into_iter()
        .map(|(amount, id)| Mover {
            key: name(id).to_string(),
            amount,
        })
        .collect()
}
