//! `okrlint nrr`: the NRR figures as a table, JSON or CSV, and the playbook's findings on them.

use std::fmt::Write as _;
use std::path::PathBuf;

use comfy_table::{presets, CellAlignment, Table};
use okrlint_core::config::Thresholds;
use okrlint_core::diagnostic::Severity;
use okrlint_core::lint::Report;
use okrlint_core::money::format_units;
use okrlint_core::nrr::{MonthRow, Mover, NrrFigures, NrrOptions, SegmentFigures, Trailing};
use okrlint_core::registry::Registry;
use okrlint_core::render::{self, HumanStyle};
use okrlint_core::rules::format::{percent_or_dash, round4};
use okrlint_core::rules::nrr::data;
use okrlint_core::source::{display_path, SourceFile};
use okrlint_metrics::nrr::compute;
use serde::Serialize;
use serde_json::value::RawValue;

use crate::exit;
use crate::output::{csv_field, exit_for, first_line, fit_to_width, wrap_to_width, DataFormat};

/// A validated `nrr` invocation.
pub struct NrrRun {
    pub file: PathBuf,
    pub options: NrrOptions,
    pub format: DataFormat,
    pub thresholds: Thresholds,
    pub fail_on: Option<Severity>,
    pub style: HumanStyle,
}

/// Returns what to print on stdout and the exit code; input errors go to stderr.
pub fn run(run: &NrrRun, registry: &Registry) -> (String, u8) {
    let report = match compute(&run.file, &run.options) {
        Ok(report) => report,
        Err(error) => {
            eprint!("{}", render::input_error(&error, registry, run.style));
            return (String::new(), exit::INPUT);
        }
    };
    // Findings point at the CSV's header line; the rest of the file is not kept.
    let header = first_line(&run.file);
    let source = SourceFile::new(display_path(&run.file), run.file.clone(), header);
    let hits = data::findings(&report, 0, source.line_span(1), &run.thresholds);
    let findings_report = Report::for_hits(source, hits, registry);
    let text = match run.format {
        DataFormat::Table => {
            let mut out = table_text(&report);
            if !findings_report.findings.is_empty() {
                out.push('\n');
                out.push_str(&render::human(&findings_report, run.style));
            }
            out
        }
        DataFormat::Json => json_text(&report, &findings_report),
        DataFormat::Csv => csv_text(&report),
    };
    (text, exit_for(&findings_report.findings, run.fail_on))
}

fn percent(value: Option<f64>) -> String {
    percent_or_dash(value, 2)
}

fn money_table(rows: &[MonthRow], scale: u32) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_header(vec![
            "month",
            "start",
            "new",
            "expansion",
            "contraction",
            "churn",
            "reactivation",
            "end",
            "NRR",
            "GRR",
            "customers",
        ]);
    for row in rows {
        let money = |units: i64| format_units(units, scale);
        table.add_row(vec![
            row.month.to_string(),
            money(row.starting_mrr),
            money(row.new),
            money(row.expansion),
            money(row.contraction),
            money(row.churn),
            money(row.reactivation),
            money(row.ending_mrr),
            percent(row.nrr()),
            percent(row.grr()),
            row.customers.to_string(),
        ]);
    }
    for column in table.column_iter_mut().skip(1) {
        column.set_cell_alignment(CellAlignment::Right);
    }
    table
}

fn trailing_line(trailing: &Option<Trailing>) -> String {
    match trailing {
        Some(t) if t.base_mrr > 0 => format!(
            "NRR {}, GRR {} ({} customers active in {})",
            percent(t.nrr()),
            percent(t.grr()),
            t.cohort_customers,
            t.base_month
        ),
        Some(t) => format!("no customer had MRR in {}", t.base_month),
        None => "no data".to_string(),
    }
}

fn movers_text(title: &str, movers: &[Mover], scale: u32) -> String {
    let mut out = format!("{title}:\n");
    if movers.is_empty() {
        out.push_str("  none\n");
    }
    for mover in movers {
        let _ = writeln!(
            out,
            "  {:<24} {:>14}",
            mover.key,
            format_units(mover.amount, scale)
        );
    }
    out
}

fn table_text(report: &NrrFigures) -> String {
    let mut out = String::new();
    let source = if report.until_from_data {
        "the last month with MRR in the data; --until to change"
    } else {
        "--until"
    };
    let headline = format!(
        "{} rows ({}), months {} to {} (through {}: {source})",
        report.rows,
        match report.shape {
            okrlint_core::nrr::Shape::Periods => "subscription periods",
            okrlint_core::nrr::Shape::Snapshots => "monthly snapshots",
        },
        report.from,
        report.until,
        report.until
    );
    let _ = writeln!(out, "{}", wrap_to_width(&headline));
    let mut months = money_table(&report.overall.months, report.scale);
    // Kept longest: month, end, NRR, GRR, churn, expansion.
    let note = fit_to_width(&mut months, &[10, 6, 1, 2, 4, 3]);
    let _ = writeln!(out, "{months}");
    if let Some(note) = note {
        let _ = writeln!(out, "{note}");
    }
    let trailing = format!(
        "Trailing 12 months to {}: {}",
        report.until,
        trailing_line(&report.overall.trailing_12)
    );
    let _ = writeln!(out, "\n{}", wrap_to_width(&trailing));
    if !report.segments.is_empty() {
        let mut table = Table::new();
        table
            .load_preset(presets::UTF8_FULL_CONDENSED)
            .set_header(vec![
                report.by.join(" / ").as_str(),
                "start",
                "end",
                "NRR",
                "GRR",
                "T12 NRR",
                "T12 GRR",
                "customers",
            ]);
        for segment in &report.segments {
            let last = segment.months.last();
            let t = segment.trailing_12.as_ref();
            table.add_row(vec![
                segment.segment.clone(),
                last.map_or("—".into(), |m| format_units(m.starting_mrr, report.scale)),
                last.map_or("—".into(), |m| format_units(m.ending_mrr, report.scale)),
                percent(last.and_then(MonthRow::nrr)),
                percent(last.and_then(MonthRow::grr)),
                percent(t.and_then(Trailing::nrr)),
                percent(t.and_then(Trailing::grr)),
                last.map_or(0, |m| m.customers).to_string(),
            ]);
        }
        let note = fit_to_width(&mut table, &[7, 1, 6, 5]);
        let _ = writeln!(
            out,
            "\nBy {} in {}:\n{table}",
            report.by.join(" / "),
            report.until
        );
        if let Some(note) = note {
            let _ = writeln!(out, "{note}");
        }
    }
    let what = if report.by.is_empty() {
        "customers"
    } else {
        "segments"
    };
    let _ = write!(
        out,
        "\n{}\n{}",
        movers_text(
            &format!(
                "Top {what} by expansion, {} to {}",
                report.from, report.until
            ),
            &report.top_expansion,
            report.scale
        ),
        movers_text(
            &format!(
                "Top {what} by contraction + churn, {} to {}",
                report.from, report.until
            ),
            &report.top_contraction,
            report.scale
        )
    );
    out
}

/// Money as a JSON number with exactly `scale` decimals (1234.50, not 1234.5).
fn money_json(units: i64, scale: u32) -> Box<RawValue> {
    RawValue::from_string(format_units(units, scale))
        .unwrap_or_else(|_| RawValue::from_string("null".into()).unwrap_or_default())
}

fn fraction(value: Option<f64>) -> Option<f64> {
    value.map(round4)
}

#[derive(Serialize)]
struct JsonMonth {
    month: String,
    starting_mrr: Box<RawValue>,
    new: Box<RawValue>,
    expansion: Box<RawValue>,
    contraction: Box<RawValue>,
    churn: Box<RawValue>,
    reactivation: Box<RawValue>,
    ending_mrr: Box<RawValue>,
    nrr: Option<f64>,
    grr: Option<f64>,
    customers: i64,
}

#[derive(Serialize)]
struct JsonTrailing {
    month: String,
    base_month: String,
    cohort_customers: i64,
    base_mrr: Box<RawValue>,
    current_mrr: Box<RawValue>,
    nrr: Option<f64>,
    grr: Option<f64>,
}

#[derive(Serialize)]
struct JsonSegment {
    segment: String,
    months: Vec<JsonMonth>,
    trailing_12: Option<JsonTrailing>,
}

#[derive(Serialize)]
struct JsonMover {
    key: String,
    amount: Box<RawValue>,
}

fn json_segment(segment: &SegmentFigures, scale: u32) -> JsonSegment {
    let m = |u| money_json(u, scale);
    JsonSegment {
        segment: segment.segment.clone(),
        months: segment
            .months
            .iter()
            .map(|r| JsonMonth {
                month: r.month.to_string(),
                starting_mrr: m(r.starting_mrr),
                new: m(r.new),
                expansion: m(r.expansion),
                contraction: m(r.contraction),
                churn: m(r.churn),
                reactivation: m(r.reactivation),
                ending_mrr: m(r.ending_mrr),
                nrr: fraction(r.nrr()),
                grr: fraction(r.grr()),
                customers: r.customers,
            })
            .collect(),
        trailing_12: segment.trailing_12.as_ref().map(|t| JsonTrailing {
            month: t.month.to_string(),
            base_month: t.base_month.to_string(),
            cohort_customers: t.cohort_customers,
            base_mrr: m(t.base_mrr),
            current_mrr: m(t.current_mrr),
            nrr: fraction(t.nrr()),
            grr: fraction(t.grr()),
        }),
    }
}

#[derive(Serialize)]
struct JsonDocument<'a> {
    shape: okrlint_core::nrr::Shape,
    rows: usize,
    duplicate_rows: usize,
    from: String,
    until: String,
    until_from_data: bool,
    by: &'a [String],
    months: Vec<JsonMonth>,
    trailing_12: Option<JsonTrailing>,
    segments: Vec<JsonSegment>,
    top_expansion: Vec<JsonMover>,
    top_contraction: Vec<JsonMover>,
    findings: &'a [okrlint_core::diagnostic::Finding],
}

fn json_text(report: &NrrFigures, findings: &Report) -> String {
    let movers = |list: &[Mover]| -> Vec<JsonMover> {
        list.iter()
            .map(|m| JsonMover {
                key: m.key.clone(),
                amount: money_json(m.amount, report.scale),
            })
            .collect()
    };
    let overall = json_segment(&report.overall, report.scale);
    // A struct, not `json!`: a `Value` would turn 30.00 back into 30.0.
    let document = JsonDocument {
        shape: report.shape,
        rows: report.rows,
        duplicate_rows: report.duplicate_rows,
        from: report.from.to_string(),
        until: report.until.to_string(),
        until_from_data: report.until_from_data,
        by: &report.by,
        months: overall.months,
        trailing_12: overall.trailing_12,
        segments: report
            .segments
            .iter()
            .map(|s| json_segment(s, report.scale))
            .collect(),
        top_expansion: movers(&report.top_expansion),
        top_contraction: movers(&report.top_contraction),
        findings: &findings.findings,
    };
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

pub const CSV_COLUMNS: &str =
    "month,starting_mrr,new,expansion,contraction,churn,reactivation,ending_mrr,nrr,grr,customers";

fn csv_text(report: &NrrFigures) -> String {
    let segmented = !report.by.is_empty();
    let mut out = String::new();
    // `scope` tells the overall rows (`all`) from a segment that happens to be named `all`.
    if segmented {
        out.push_str("scope,segment,");
    }
    out.push_str(CSV_COLUMNS);
    out.push('\n');
    let mut rows = |segment: Option<(&str, &str)>, months: &[MonthRow]| {
        for r in months {
            if let Some((scope, segment)) = segment {
                let _ = write!(out, "{scope},{},", csv_field(segment));
            }
            let m = |u| format_units(u, report.scale);
            let f = |v: Option<f64>| fraction(v).map_or(String::new(), |v| format!("{v:.4}"));
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},{},{},{},{}",
                r.month,
                m(r.starting_mrr),
                m(r.new),
                m(r.expansion),
                m(r.contraction),
                m(r.churn),
                m(r.reactivation),
                m(r.ending_mrr),
                f(r.nrr()),
                f(r.grr()),
                r.customers
            );
        }
    };
    rows(
        segmented.then_some(("overall", "all")),
        &report.overall.months,
    );
    for segment in &report.segments {
        rows(Some(("segment", &segment.segment)), &segment.months);
    }
    out
}
