//! `okrlint dora`: the DORA keys as a table, JSON or CSV, each metric's tier in the chosen
//! benchmark year, and the playbook's findings on them.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use comfy_table::{presets, CellAlignment, Table};
use okrlint_core::config::Thresholds;
use okrlint_core::diagnostic::Severity;
use okrlint_core::dora::figures::{Excluded, RowCounts};
use okrlint_core::dora::tiers::{classify_all, TIERED};
use okrlint_core::dora::{
    Benchmark, DoraFigures, DoraInputs, DoraOptions, GroupFigures, WeekFigures,
};
use okrlint_core::lint::Report;
use okrlint_core::registry::Registry;
use okrlint_core::render::{self, HumanStyle};
use okrlint_core::rules::dora::data;
use okrlint_core::rules::format::{percent_or_dash, round4};
use okrlint_core::source::{display_path, SourceFile};
use okrlint_metrics::dora::compute;
use serde::Serialize;

use crate::exit;
use crate::output::{csv_field, exit_for, first_line, fit_to_width, wrap_to_width, DataFormat};

/// A validated `dora` invocation.
pub struct DoraRun {
    pub inputs: DoraInputs,
    pub options: DoraOptions,
    pub benchmark: &'static Benchmark,
    pub format: DataFormat,
    pub thresholds: Thresholds,
    pub fail_on: Option<Severity>,
    pub style: HumanStyle,
}

/// Returns what to print on stdout and the exit code; input errors go to stderr.
pub fn run(run: &DoraRun, registry: &Registry) -> (String, u8) {
    let report = match compute(&run.inputs, &run.options) {
        Ok(report) => report,
        Err(error) => {
            eprint!("{}", render::input_error(&error, registry, run.style));
            return (String::new(), exit::INPUT);
        }
    };
    // Findings point at the deployments file's header line.
    let path = &run.inputs.deployments;
    let source = SourceFile::new(display_path(path), path.clone(), first_line(path));
    let hits = data::findings(
        &report,
        run.benchmark,
        &run.thresholds,
        0,
        source.line_span(1),
    );
    let findings = Report::for_hits(source, hits, registry);
    let text = match run.format {
        DataFormat::Table => {
            let mut out = table_text(&report, run.benchmark);
            if !findings.findings.is_empty() {
                out.push('\n');
                out.push_str(&render::human(&findings, run.style));
            }
            out
        }
        DataFormat::Json => json_text(&report, run.benchmark, &findings),
        DataFormat::Csv => csv_text(&report),
    };
    (text, exit_for(&findings.findings, run.fail_on))
}

/// The row's name: a service, or `all` for every service together.
fn service_name(f: &GroupFigures) -> String {
    f.service.clone().unwrap_or_else(|| "all".to_string())
}

/// The tier of each tiered key with a value, by the key's stable name.
fn tiers(figures: &GroupFigures, table: &Benchmark) -> BTreeMap<&'static str, Option<String>> {
    classify_all(
        table,
        (figures.deployments > 0).then(|| figures.frequency()),
        figures.lead_time_hours,
        figures.change_failure_rate,
        figures.recovery_time_hours,
    )
    .into_iter()
    .map(|(key, tier)| (key.as_str(), tier))
    .collect()
}

/// The benchmark's notes on a metric, when the table could not order the rows a value here
/// fell on (`high/medium`): say so rather than invent an order.
fn notes(report: &DoraFigures, table: &Benchmark) -> Vec<String> {
    let mut ambiguous = std::collections::BTreeSet::new();
    for figures in std::iter::once(&report.overall).chain(&report.services) {
        for (metric, tier) in tiers(figures, table) {
            if tier.is_some_and(|t| t.contains('/')) {
                ambiguous.insert(metric);
            }
        }
    }
    TIERED
        .iter()
        .filter(|key| ambiguous.contains(key.as_str()))
        .flat_map(|key| table.notes_on(*key).iter().cloned())
        .collect()
}

fn hours(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_string(), |v| format!("{v:.2}"))
}

fn percent(value: Option<f64>) -> String {
    percent_or_dash(value, 1)
}

fn with_tier(value: String, tier: Option<&Option<String>>) -> String {
    match tier {
        Some(Some(tier)) => format!("{value} ({tier})"),
        _ => value,
    }
}

fn table_text(report: &DoraFigures, table: &Benchmark) -> String {
    let mut out = String::new();
    let w = &report.window;
    let headline = format!(
        "{} deployments in {} to {} ({} days{}); tiers from DORA {}",
        report.overall.deployments,
        w.since,
        w.until,
        w.days,
        if w.from_data {
            ": first to last deployment; --since/--until to change"
        } else {
            ""
        },
        table.year
    );
    let _ = writeln!(out, "{}", wrap_to_width(&headline));
    let mut figures = Table::new();
    figures
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_header(vec![
            "service",
            "deploys",
            "per day",
            "days/week",
            "frequency",
            "lead time h",
            "change failure",
            "recovery h",
            "rework",
        ]);
    for f in std::iter::once(&report.overall).chain(&report.services) {
        let t = tiers(f, table);
        figures.add_row(vec![
            service_name(f),
            f.deployments.to_string(),
            format!("{:.2}", f.deploys_per_day),
            f.deploy_days_per_week
                .map_or("—".into(), |d| format!("{d:.1}")),
            if f.deployments > 0 {
                with_tier(
                    f.frequency().as_str().replace('_', " "),
                    t.get("deployment_frequency"),
                )
            } else {
                "—".to_string()
            },
            with_tier(hours(f.lead_time_hours), t.get("lead_time")),
            with_tier(percent(f.change_failure_rate), t.get("change_failure_rate")),
            with_tier(hours(f.recovery_time_hours), t.get("recovery_time")),
            percent(f.rework_rate),
        ]);
    }
    for column in figures.column_iter_mut().skip(1) {
        column.set_cell_alignment(CellAlignment::Right);
    }
    // Kept longest: service, frequency, lead time, change failure, recovery.
    let note = fit_to_width(&mut figures, &[8, 2, 3, 1]);
    let _ = writeln!(out, "{figures}");
    if let Some(note) = note {
        let _ = writeln!(out, "{note}");
    }
    let e = &report.excluded;
    let counted = format!(
        "Not counted: {} deployments outside the window; changes: {} outside the window, {} with a negative lead time, {} naming no deployment; incidents: {} outside the window, {} open ({} name no deployment but count for recovery)",
        e.deployments_outside_window,
        e.changes_outside_window,
        e.changes_negative_lead_time,
        e.changes_unknown_deployment,
        e.incidents_outside_window,
        e.open_incidents,
        e.incidents_unknown_deployment
    );
    let _ = writeln!(out, "{}", wrap_to_width(&counted));
    for note in notes(report, table) {
        let _ = writeln!(out, "{}", wrap_to_width(&format!("Note: {note}")));
    }
    let mut weeks = Table::new();
    weeks
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_header(vec![
            "week of",
            "deploys",
            "deploy days",
            "lead time h",
            "change failure",
            "recovery h",
            "rework",
        ]);
    for week in &report.weeks {
        weeks.add_row(vec![
            week.week.to_string(),
            week.deployments.to_string(),
            week.deploy_days.to_string(),
            hours(week.lead_time_hours),
            percent(week.change_failure_rate),
            hours(week.recovery_time_hours),
            percent(week.rework_rate),
        ]);
    }
    for column in weeks.column_iter_mut().skip(1) {
        column.set_cell_alignment(CellAlignment::Right);
    }
    let note = fit_to_width(&mut weeks, &[6, 2]);
    let _ = writeln!(out, "\nWeekly trend:\n{weeks}");
    if let Some(note) = note {
        let _ = writeln!(out, "{note}");
    }
    out
}

#[derive(Serialize)]
struct JsonRow {
    service: String,
    deployments: usize,
    deploys_per_day: f64,
    deploy_days: usize,
    deploy_days_per_week: Option<f64>,
    frequency: Option<&'static str>,
    lead_time_hours: Option<f64>,
    change_failure_rate: Option<f64>,
    recovery_time_hours: Option<f64>,
    rework_rate: Option<f64>,
    changes: usize,
    changes_negative_lead_time: usize,
    failed_deployments: usize,
    resolved_incidents: usize,
    open_incidents: usize,
    tiers: BTreeMap<&'static str, Option<String>>,
}

fn json_row(f: &GroupFigures, table: &Benchmark) -> JsonRow {
    JsonRow {
        service: service_name(f),
        deployments: f.deployments,
        deploys_per_day: round4(f.deploys_per_day),
        deploy_days: f.deploy_days,
        deploy_days_per_week: f.deploy_days_per_week.map(round4),
        frequency: (f.deployments > 0).then(|| f.frequency().as_str()),
        lead_time_hours: f.lead_time_hours.map(round4),
        change_failure_rate: f.change_failure_rate.map(round4),
        recovery_time_hours: f.recovery_time_hours.map(round4),
        rework_rate: f.rework_rate.map(round4),
        changes: f.changes,
        changes_negative_lead_time: f.changes_negative_lead_time,
        failed_deployments: f.failed_deployments,
        resolved_incidents: f.resolved_incidents,
        open_incidents: f.open_incidents,
        tiers: tiers(f, table),
    }
}

#[derive(Serialize)]
struct JsonWeek {
    week: String,
    deployments: usize,
    deploy_days: usize,
    lead_time_hours: Option<f64>,
    change_failure_rate: Option<f64>,
    recovery_time_hours: Option<f64>,
    rework_rate: Option<f64>,
}

fn json_week(w: &WeekFigures) -> JsonWeek {
    JsonWeek {
        week: w.week.to_string(),
        deployments: w.deployments,
        deploy_days: w.deploy_days,
        lead_time_hours: w.lead_time_hours.map(round4),
        change_failure_rate: w.change_failure_rate.map(round4),
        recovery_time_hours: w.recovery_time_hours.map(round4),
        rework_rate: w.rework_rate.map(round4),
    }
}

#[derive(Serialize)]
struct JsonWindow {
    since: String,
    until: String,
    days: i64,
    from_data: bool,
}

#[derive(Serialize)]
struct JsonDocument<'a> {
    benchmark: u16,
    window: JsonWindow,
    by: Option<&'static str>,
    rows: &'a RowCounts,
    excluded: &'a Excluded,
    overall: JsonRow,
    services: Vec<JsonRow>,
    weeks: Vec<JsonWeek>,
    notes: Vec<String>,
    findings: &'a [okrlint_core::diagnostic::Finding],
}

fn json_text(report: &DoraFigures, table: &Benchmark, findings: &Report) -> String {
    let document = JsonDocument {
        benchmark: table.year,
        window: JsonWindow {
            since: report.window.since.to_string(),
            until: report.window.until.to_string(),
            days: report.window.days,
            from_data: report.window.from_data,
        },
        by: report.by_service.then_some("service"),
        rows: &report.rows,
        excluded: &report.excluded,
        overall: json_row(&report.overall, table),
        services: report.services.iter().map(|f| json_row(f, table)).collect(),
        weeks: report.weeks.iter().map(json_week).collect(),
        notes: notes(report, table),
        findings: &findings.findings,
    };
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

/// `scope` (`overall` or `service`) tells the window's row (`all`) from a service named `all`.
pub const CSV_COLUMNS: &str = "scope,service,deployments,deploys_per_day,deploy_days_per_week,frequency,lead_time_hours,change_failure_rate,recovery_time_hours,rework_rate,changes,changes_negative_lead_time,failed_deployments,resolved_incidents,open_incidents,deployments_outside_window,changes_outside_window,changes_unknown_deployment,incidents_outside_window,incidents_unknown_deployment";

fn csv_text(report: &DoraFigures) -> String {
    let mut out = format!("{CSV_COLUMNS}\n");
    let number = |v: Option<f64>| v.map_or(String::new(), |v| round4(v).to_string());
    let e = &report.excluded;
    // Counts for the window as a whole, which cannot all be split by service: `all` only.
    let window_counts = format!(
        "{},{},{},{},{}",
        e.deployments_outside_window,
        e.changes_outside_window,
        e.changes_unknown_deployment,
        e.incidents_outside_window,
        e.incidents_unknown_deployment
    );
    for f in std::iter::once(&report.overall).chain(&report.services) {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            if f.service.is_none() {
                "overall"
            } else {
                "service"
            },
            csv_field(&service_name(f)),
            f.deployments,
            round4(f.deploys_per_day),
            number(f.deploy_days_per_week),
            if f.deployments > 0 {
                f.frequency().as_str()
            } else {
                ""
            },
            number(f.lead_time_hours),
            number(f.change_failure_rate),
            number(f.recovery_time_hours),
            number(f.rework_rate),
            f.changes,
            f.changes_negative_lead_time,
            f.failed_deployments,
            f.resolved_incidents,
            f.open_incidents,
            if f.service.is_none() {
                window_counts.as_str()
            } else {
                ",,,,"
            }
        );
    }
    out
}
