//! The DORA keys from deployment, change and incident exports.
//!
//! Every cell is checked in one pass per file (a bad one is named by line and column), rows
//! become integer columns (service ids, UTC days, seconds), and polars computes the medians
//! per group. One set of samples serves every grouping: overall, per service, per week and
//! per half of the window.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use polars::prelude::*;
use serde::Serialize;

use super::day::{parse_timestamp, Day, TimestampError};
use super::input::{read_text_table, InputError, TextTable};

pub const DEPLOYMENT_COLUMNS: &[&str] = &["deploy_id", "service", "deployed_at", "status"];
pub const CHANGE_COLUMNS: &[&str] = &["change_id", "deploy_id", "committed_at"];
pub const INCIDENT_COLUMNS: &[&str] = &[
    "incident_id",
    "service",
    "created_at",
    "resolved_at",
    "deploy_id",
];
const STATUSES: &[&str] = &["success", "failed", "rolled_back"];

#[derive(Debug, Clone, Default)]
pub struct DoraInputs {
    pub deployments: PathBuf,
    pub changes: Option<PathBuf>,
    pub incidents: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub struct DoraOptions {
    /// `ours=theirs`, or `file.ours=theirs` for one file (deployments, changes, incidents).
    pub columns: BTreeMap<String, String>,
    pub since: Option<Day>,
    pub until: Option<Day>,
    /// Split by the service column when the deployments file has one.
    pub by_service: bool,
}

impl Default for DoraOptions {
    fn default() -> Self {
        Self {
            columns: BTreeMap::new(),
            since: None,
            until: None,
            by_service: true,
        }
    }
}

/// The six answers of DORA's quick-check question on deployment frequency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    OnDemand,
    HourlyDaily,
    DailyWeekly,
    WeeklyMonthly,
    MonthlyBiannually,
    LessThanBiannually,
}

impl Frequency {
    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::OnDemand => "on_demand",
            Frequency::HourlyDaily => "hourly_daily",
            Frequency::DailyWeekly => "daily_weekly",
            Frequency::WeeklyMonthly => "weekly_monthly",
            Frequency::MonthlyBiannually => "monthly_biannually",
            Frequency::LessThanBiannually => "less_than_biannually",
        }
    }

    /// From deployments per calendar day, per day with a deployment, and the median
    /// deploy-days per week. "On demand" is DORA's "multiple deploys per day": counted on
    /// the days a team deploys, so weekends without deploys do not dilute it.
    pub fn classify(
        deploys_per_day: f64,
        deploys_per_deploy_day: f64,
        deploy_days_per_week: f64,
    ) -> Self {
        if deploy_days_per_week >= 5.0 && deploys_per_deploy_day >= 2.0 {
            Frequency::OnDemand
        } else if deploy_days_per_week >= 5.0 {
            Frequency::HourlyDaily
        } else if deploy_days_per_week >= 1.0 {
            Frequency::DailyWeekly
        } else if deploys_per_day * 30.0 >= 1.0 {
            Frequency::WeeklyMonthly
        } else if deploys_per_day * 182.0 >= 1.0 {
            Frequency::MonthlyBiannually
        } else {
            Frequency::LessThanBiannually
        }
    }
}

/// The figures for one group of rows: the whole window, a service, or half the window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    pub service: String,
    pub deployments: usize,
    pub deploys_per_day: f64,
    /// Distinct days with a deployment; 0 for halves, which do not need it.
    pub deploy_days: usize,
    /// Median over the window's weeks of the days with a deployment; none for halves.
    pub deploy_days_per_week: Option<f64>,
    pub lead_time_hours: Option<f64>,
    pub change_failure_rate: Option<f64>,
    pub recovery_time_hours: Option<f64>,
    pub rework_rate: Option<f64>,
    pub changes: usize,
    pub changes_negative_lead_time: usize,
    pub failed_deployments: usize,
    pub resolved_incidents: usize,
    pub open_incidents: usize,
}

impl Figures {
    pub fn frequency(&self) -> Frequency {
        Frequency::classify(
            self.deploys_per_day,
            self.deployments as f64 / self.deploy_days.max(1) as f64,
            self.deploy_days_per_week.unwrap_or(0.0),
        )
    }
}

/// One Monday-start week of the window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekFigures {
    pub week: Day,
    pub deployments: usize,
    pub deploy_days: usize,
    pub lead_time_hours: Option<f64>,
    pub change_failure_rate: Option<f64>,
    pub recovery_time_hours: Option<f64>,
    pub rework_rate: Option<f64>,
}

/// One half of the window and its figures (for the trend between halves, DO003).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Half {
    pub window: Window,
    pub figures: Figures,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Window {
    pub since: Day,
    pub until: Day,
    pub days: i64,
    /// Whether the window was taken from the first and last deployment.
    pub from_data: bool,
}

impl Window {
    /// Whether an instant (UTC seconds) falls on a day of the window.
    pub fn contains(&self, second: i64) -> bool {
        (self.since..=self.until).contains(&Day::of_second(second))
    }
}

/// Rows read but not used for a figure; each kind is counted, none is dropped silently.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Excluded {
    pub deployments_outside_window: usize,
    pub changes_outside_window: usize,
    pub changes_negative_lead_time: usize,
    pub changes_unknown_deployment: usize,
    pub incidents_outside_window: usize,
    pub open_incidents: usize,
    /// Still counted for recovery time; only the link to a deployment is lost.
    pub incidents_unknown_deployment: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowCounts {
    pub deployments: usize,
    pub changes: Option<usize>,
    pub incidents: Option<usize>,
    /// Change rows that repeat an earlier row's change_id and deploy_id (counted as they are).
    pub repeated_changes: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DoraReport {
    pub window: Window,
    pub by_service: bool,
    pub rows: RowCounts,
    pub excluded: Excluded,
    pub has_incidents: bool,
    pub overall: Figures,
    pub services: Vec<Figures>,
    pub weeks: Vec<WeekFigures>,
    /// The first and second half of the window, when it spans at least two days.
    pub halves: Option<[Half; 2]>,
    /// Services that deployed in the window but appear in no row of the incidents file.
    pub services_without_incidents: Vec<String>,
    /// Example ids of changes and incidents naming no deployment (for the warning).
    pub unknown_deployment_examples: Vec<String>,
}

/// Deployments as integer columns, indexed by row.
struct Deployments {
    seconds: Vec<i64>,
    service: Vec<u32>,
    failed: Vec<bool>,
    rework: Option<Vec<bool>>,
}

/// Samples and events in the window, each with the deployment or service it belongs to.
#[derive(Default)]
struct Samples {
    /// (deployment row, lead seconds ≥ 0)
    leads: Vec<(u32, i64)>,
    /// deployment row of each change with a negative lead time in the window
    negative: Vec<u32>,
    /// (service, created second, recovery seconds)
    recoveries: Vec<(u32, i64, i64)>,
    /// (service, created second) of incidents still open
    open: Vec<(u32, i64)>,
}

pub fn compute(inputs: &DoraInputs, options: &DoraOptions) -> Result<DoraReport, InputError> {
    let table = read_text_table(&inputs.deployments)?;
    let deploy_map = file_mapping(&options.columns, "deployments");
    let mut service_names = ServiceNames::default();
    let has_service = table.resolve("service", &deploy_map).is_some();
    let by_service = options.by_service && has_service;

    let ids_column = table.text_column("deploy_id", &deploy_map, DEPLOYMENT_COLUMNS)?;
    let mut deploy_rows: PlHashMap<&str, u32> = PlHashMap::with_capacity(table.frame.height());
    let deployments = read_deployments(
        &table,
        &deploy_map,
        ids_column,
        &mut deploy_rows,
        &mut service_names,
    )?;
    let count = deployments.seconds.len();
    let (Some(first), Some(last)) = (
        deployments.seconds.iter().min(),
        deployments.seconds.iter().max(),
    ) else {
        return Err(InputError::at(
            &table.path,
            1,
            None,
            "the deployments file has a header but no rows",
        ));
    };
    let since = options.since.unwrap_or(Day::of_second(*first));
    let until = options.until.unwrap_or(Day::of_second(*last));
    if since > until {
        return Err(InputError::file(
            &table.path,
            format!("the window starts ({since}) after it ends ({until})"),
        )
        .help("check --since and --until"));
    }
    let window = Window {
        since,
        until,
        days: i64::from(until.0 - since.0) + 1,
        from_data: options.since.is_none() && options.until.is_none(),
    };
    let mut excluded = Excluded {
        deployments_outside_window: deployments
            .seconds
            .iter()
            .filter(|&&s| !window.contains(s))
            .count(),
        ..Excluded::default()
    };

    let mut samples = Samples::default();
    let mut unknown_examples: Vec<String> = Vec::new();
    let mut change_rows = None;
    let mut repeated_changes = None;
    if let Some(path) = &inputs.changes {
        let changes = read_text_table(path)?;
        change_rows = Some(changes.frame.height());
        let part = read_changes(
            &changes,
            &file_mapping(&options.columns, "changes"),
            &deploy_rows,
            &deployments,
            window,
        )?;
        repeated_changes = Some(part.repeated);
        excluded.changes_outside_window = part.outside_window;
        excluded.changes_negative_lead_time = part.negative.len();
        excluded.changes_unknown_deployment = part.unknown_deployment;
        unknown_examples.extend(part.unknown_examples);
        samples.leads = part.leads;
        samples.negative = part.negative;
    }
    let mut incident_rows = None;
    let mut incidents = Incidents::default();
    if let Some(path) = &inputs.incidents {
        let table = read_text_table(path)?;
        incident_rows = Some(table.frame.height());
        incidents = read_incidents(
            &table,
            &file_mapping(&options.columns, "incidents"),
            &deploy_rows,
            &deployments,
            &mut service_names,
            by_service,
            window,
        )?;
        excluded.incidents_outside_window = incidents.outside_window;
        excluded.incidents_unknown_deployment = incidents.unknown_deployment;
        unknown_examples.extend(std::mem::take(&mut incidents.unknown_examples));
        samples.recoveries = std::mem::take(&mut incidents.recoveries);
        samples.open = std::mem::take(&mut incidents.open);
    }
    excluded.open_incidents = samples.open.len();
    let failed: Vec<bool> = (0..count)
        .map(|row| {
            deployments.failed[row]
                || incidents
                    .failed_deployment
                    .get(row)
                    .copied()
                    .unwrap_or(false)
        })
        .collect();

    let engine = Engine {
        window,
        deployments: &deployments,
        failed: &failed,
        samples: &samples,
        path: &table.path,
    };
    // The four groupings read the same samples and are independent: one thread each.
    let service_count = if by_service {
        service_names.names.len()
    } else {
        0
    };
    let (overall, by_service_figures, weeks, halves) = std::thread::scope(|scope| {
        let engine = &engine;
        let overall = scope.spawn(move || engine.figures(&|_| 0, 1, window.days, true));
        let services = scope
            .spawn(move || engine.figures(&|service| service, service_count, window.days, true));
        let weeks = scope.spawn(move || engine.weeks());
        let halves = engine.halves();
        (
            joined(&table.path, overall.join()),
            joined(&table.path, services.join()),
            joined(&table.path, weeks.join()),
            halves,
        )
    });
    let mut overall = overall?.remove(0);
    overall.service = "all".to_string();
    let mut services = Vec::new();
    for (id, mut figures) in by_service_figures?.into_iter().enumerate() {
        let active =
            figures.deployments > 0 || figures.resolved_incidents > 0 || figures.open_incidents > 0;
        if active {
            figures.service = service_names.names[id].clone();
            services.push(figures);
        }
    }
    services.sort_by(|a, b| a.service.cmp(&b.service));
    let services_without_incidents = if incidents.own_service_column {
        services
            .iter()
            .filter(|f| f.deployments > 0)
            .filter(|f| {
                service_names
                    .ids
                    .get(&f.service)
                    .is_none_or(|&id| !incidents.seen.get(id as usize).copied().unwrap_or(false))
            })
            .map(|f| f.service.clone())
            .collect()
    } else {
        Vec::new()
    };
    unknown_examples.truncate(3);
    Ok(DoraReport {
        window,
        by_service,
        rows: RowCounts {
            deployments: count,
            changes: change_rows,
            incidents: incident_rows,
            repeated_changes,
        },
        excluded,
        has_incidents: inputs.incidents.is_some(),
        overall,
        services,
        weeks: weeks?,
        halves: halves?,
        services_without_incidents,
        unknown_deployment_examples: unknown_examples,
    })
}

/// The `--column` pairs that apply to one file: `file.ours=theirs` wins over `ours=theirs`.
fn file_mapping(columns: &BTreeMap<String, String>, file: &str) -> BTreeMap<String, String> {
    let mut map: BTreeMap<String, String> = columns
        .iter()
        .filter(|(ours, _)| !ours.contains('.'))
        .map(|(ours, theirs)| (ours.clone(), theirs.clone()))
        .collect();
    for (ours, theirs) in columns {
        if let Some(column) = ours
            .strip_prefix(file)
            .and_then(|rest| rest.strip_prefix('.'))
        {
            map.insert(column.to_string(), theirs.clone());
        }
    }
    map
}

/// The file's own name for one of our columns.
fn their_name(map: &BTreeMap<String, String>, ours: &str) -> String {
    map.get(ours).cloned().unwrap_or_else(|| ours.to_string())
}

fn cell_error(path: &Path, row: usize, column: &str, message: String) -> InputError {
    InputError::at(path, row + 2, Some(column), message)
}

fn required<'a>(
    path: &Path,
    row: usize,
    column: &str,
    value: Option<&'a str>,
) -> Result<&'a str, InputError> {
    match value.map(str::trim) {
        Some(text) if !text.is_empty() => Ok(text),
        _ => Err(cell_error(
            path,
            row,
            column,
            format!("`{column}` is empty"),
        )),
    }
}

fn timestamp(path: &Path, row: usize, column: &str, text: &str) -> Result<i64, InputError> {
    parse_timestamp(text).map_err(|error| {
        let problem = match error {
            TimestampError::NoOffset => "has no UTC offset, so its instant is unknown",
            TimestampError::Unparsable => "is not an RFC 3339 timestamp",
        };
        cell_error(path, row, column, format!("`{text}` {problem}"))
            .help("write timestamps like 2024-01-31T14:05:00Z or 2024-01-31T16:05:00+02:00")
    })
}

fn optional_column<'a>(
    table: &'a TextTable,
    ours: &str,
    map: &BTreeMap<String, String>,
) -> Result<Option<&'a StringChunked>, InputError> {
    table
        .resolve(ours, map)
        .map(|name| {
            table
                .frame
                .column(name)
                .and_then(|c| c.str())
                .map_err(|e| InputError::file(&table.path, e.to_string()))
        })
        .transpose()
}

fn read_deployments<'a>(
    table: &TextTable,
    map: &BTreeMap<String, String>,
    ids: &'a StringChunked,
    rows: &mut PlHashMap<&'a str, u32>,
    services: &mut ServiceNames,
) -> Result<Deployments, InputError> {
    let path = &table.path;
    let columns = DeploymentColumns {
        times: table.text_column("deployed_at", map, DEPLOYMENT_COLUMNS)?,
        statuses: table.text_column("status", map, DEPLOYMENT_COLUMNS)?,
        services: optional_column(table, "service", map)?,
        reworks: optional_column(table, "rework", map)?,
        names: [
            their_name(map, "deployed_at"),
            their_name(map, "status"),
            their_name(map, "service"),
            their_name(map, "rework"),
        ],
    };
    let id_name = their_name(map, "deploy_id");
    let height = ids.len();
    let slices = slices(height);
    // The id index is built on one thread while the other cells are checked in slices on
    // the others; of all the errors, the one on the earliest line is reported.
    let (index, parts) = std::thread::scope(|scope| {
        let index = scope.spawn(|| index_ids(path, ids, &id_name, rows));
        let parts: Vec<_> = slices
            .iter()
            .map(|&(offset, len)| {
                let columns = &columns;
                scope.spawn(move || deployment_part(path, offset, len, columns))
            })
            .collect();
        let parts: Vec<_> = parts.into_iter().map(|h| joined(path, h.join())).collect();
        (joined(path, index.join()), parts)
    });
    let mut errors: Vec<InputError> = Vec::new();
    if let Err(error) = index {
        errors.push(error);
    }
    let mut out = Deployments {
        seconds: Vec::with_capacity(height),
        service: Vec::with_capacity(height),
        failed: Vec::with_capacity(height),
        rework: columns.reworks.map(|_| Vec::with_capacity(height)),
    };
    for part in parts {
        match part {
            Err(error) => errors.push(error),
            Ok(part) => {
                let global: Vec<u32> = part
                    .service_names
                    .iter()
                    .map(|name| services.id(name))
                    .collect();
                out.service
                    .extend(part.service.iter().map(|&local| global[local as usize]));
                out.seconds.extend(part.seconds);
                out.failed.extend(part.failed);
                if let Some(rework) = out.rework.as_mut() {
                    rework.extend(part.rework);
                }
            }
        }
    }
    match errors.into_iter().min_by_key(|e| e.line) {
        Some(error) => Err(error),
        None => Ok(out),
    }
}

struct DeploymentColumns<'a> {
    times: &'a StringChunked,
    statuses: &'a StringChunked,
    services: Option<&'a StringChunked>,
    reworks: Option<&'a StringChunked>,
    /// The file's names for deployed_at, status, service and rework.
    names: [String; 4],
}

/// One slice of the deployments file, with service ids local to the slice.
#[derive(Default)]
struct DeploymentPart {
    seconds: Vec<i64>,
    service: Vec<u32>,
    service_names: Vec<String>,
    failed: Vec<bool>,
    rework: Vec<bool>,
}

/// Row ranges for parallel parsing: one per core for large files, else one.
fn slices(height: usize) -> Vec<(usize, usize)> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let parts = if height < 100_000 { 1 } else { threads.min(8) };
    let size = height.div_ceil(parts).max(1);
    (0..height)
        .step_by(size)
        .map(|offset| (offset, size.min(height - offset)))
        .collect()
}

fn joined<T>(
    path: &Path,
    result: std::thread::Result<Result<T, InputError>>,
) -> Result<T, InputError> {
    result.unwrap_or_else(|_| Err(InputError::file(path, "a worker reading the file failed")))
}

fn index_ids<'a>(
    path: &Path,
    ids: &'a StringChunked,
    id_name: &str,
    rows: &mut PlHashMap<&'a str, u32>,
) -> Result<(), InputError> {
    for (row, id) in ids.iter().enumerate() {
        let id = required(path, row, id_name, id)?;
        if let Some(previous) = rows.insert(id, row as u32) {
            return Err(cell_error(
                path,
                row,
                id_name,
                format!(
                    "duplicate deploy_id `{id}`: line {} has it too",
                    previous as usize + 2
                ),
            )
            .help("each row must be one deployment; remove the repeated row"));
        }
    }
    Ok(())
}

fn deployment_part(
    path: &Path,
    offset: usize,
    len: usize,
    columns: &DeploymentColumns,
) -> Result<DeploymentPart, InputError> {
    let [time_name, status_name, service_name, rework_name] = &columns.names;
    let slice = |c: &StringChunked| c.slice(offset as i64, len);
    let (times, statuses) = (slice(columns.times), slice(columns.statuses));
    let services = columns.services.map(slice);
    let reworks = columns.reworks.map(slice);
    let mut part = DeploymentPart::default();
    let mut local_ids: PlHashMap<&str, u32> = PlHashMap::new();
    let mut service_cells = services.as_ref().map(|c| c.iter());
    let mut rework_cells = reworks.as_ref().map(|c| c.iter());
    for (i, (time, status)) in times.iter().zip(statuses.iter()).enumerate() {
        let row = offset + i;
        part.seconds.push(timestamp(
            path,
            row,
            time_name,
            required(path, row, time_name, time)?,
        )?);
        let status = required(path, row, status_name, status)?;
        part.failed.push(if status.eq_ignore_ascii_case("success") {
            false
        } else if status.eq_ignore_ascii_case("failed")
            || status.eq_ignore_ascii_case("rolled_back")
        {
            true
        } else {
            let lower = status.to_ascii_lowercase();
            let mut error = cell_error(
                path,
                row,
                status_name,
                format!(
                    "unknown status `{status}`: expected {}",
                    STATUSES.join(", ")
                ),
            );
            if let Some(near) = crate::suggest::did_you_mean(&lower, STATUSES.iter().copied()) {
                error = error.help(format!("did you mean `{near}`?"));
            }
            return Err(error);
        });
        let service = match service_cells.as_mut().and_then(Iterator::next) {
            Some(cell) => required(path, row, service_name, cell)?,
            None => "",
        };
        let names = &mut part.service_names;
        part.service
            .push(*local_ids.entry(service).or_insert_with(|| {
                names.push(service.to_string());
                (names.len() - 1) as u32
            }));
        if let Some(cells) = rework_cells.as_mut() {
            let text = cells.next().flatten().unwrap_or("").trim();
            let flag = ["true", "yes", "1"]
                .iter()
                .any(|t| text.eq_ignore_ascii_case(t));
            if !flag
                && !["false", "no", "0"]
                    .iter()
                    .any(|t| text.eq_ignore_ascii_case(t))
            {
                return Err(cell_error(
                    path,
                    row,
                    rework_name,
                    format!("`{text}` is not a rework flag: expected true or false"),
                ));
            }
            part.rework.push(flag);
        }
    }
    Ok(part)
}

/// What one slice of the changes file contributes.
#[derive(Default)]
struct ChangePart {
    leads: Vec<(u32, i64)>,
    negative: Vec<u32>,
    outside_window: usize,
    unknown_deployment: usize,
    unknown_examples: Vec<String>,
    /// (hash of change_id and deployment, row) of every change with a known deployment,
    /// sorted, to find rows that repeat a change.
    keys: Vec<(u64, u32)>,
    /// Rows that repeat an earlier row's change_id and deploy_id.
    repeated: usize,
}

/// Changes are the largest file: its rows are checked in parallel slices, merged in order,
/// so the first bad cell in the file is the one reported.
fn read_changes(
    table: &TextTable,
    map: &BTreeMap<String, String>,
    deploy_rows: &PlHashMap<&str, u32>,
    deployments: &Deployments,
    window: Window,
) -> Result<ChangePart, InputError> {
    let ids = table.text_column("change_id", map, CHANGE_COLUMNS)?;
    let deploys = table.text_column("deploy_id", map, CHANGE_COLUMNS)?;
    let times = table.text_column("committed_at", map, CHANGE_COLUMNS)?;
    let names = [
        their_name(map, "change_id"),
        their_name(map, "deploy_id"),
        their_name(map, "committed_at"),
    ];
    let state = PlRandomState::default();
    let results: Vec<Result<ChangePart, InputError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = slices(ids.len())
            .into_iter()
            .map(|(offset, len)| {
                let (ids, deploys, times) = (
                    ids.slice(offset as i64, len),
                    deploys.slice(offset as i64, len),
                    times.slice(offset as i64, len),
                );
                let (names, state) = (&names, &state);
                scope.spawn(move || {
                    let columns = [&ids, &deploys, &times];
                    let context = ChangeContext {
                        deploy_rows,
                        deployments,
                        window,
                        state,
                    };
                    change_part(&table.path, offset, columns, names, &context)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| joined(&table.path, h.join()))
            .collect()
    });
    let mut all = ChangePart::default();
    for part in results {
        let part = part?;
        all.leads.extend(part.leads);
        all.negative.extend(part.negative);
        all.outside_window += part.outside_window;
        all.unknown_deployment += part.unknown_deployment;
        all.unknown_examples.extend(part.unknown_examples);
        all.keys.extend(part.keys);
    }
    // Each slice kept its first three; merged in file order, the first three of the file.
    all.unknown_examples.truncate(3);
    // The slices' keys are sorted runs: the stable sort merges them in linear time.
    all.keys.sort();
    all.repeated = repeated_changes(&all.keys, ids, deploys);
    all.keys = Vec::new();
    Ok(all)
}

/// Rows whose change_id and deploy_id both equal an earlier row's. Rows with equal hashes
/// are compared by their text, so a hash collision never counts as a repeat.
fn repeated_changes(keys: &[(u64, u32)], ids: &StringChunked, deploys: &StringChunked) -> usize {
    let cells = |row: u32| (ids.get(row as usize), deploys.get(row as usize));
    let mut repeated = 0;
    for run in keys.chunk_by(|a, b| a.0 == b.0).filter(|run| run.len() > 1) {
        let mut kept: Vec<u32> = Vec::new();
        for &(_, row) in run {
            if kept.iter().any(|&k| cells(k) == cells(row)) {
                repeated += 1;
            } else {
                kept.push(row);
            }
        }
    }
    repeated
}

/// What every slice of the changes file reads from the deployments.
struct ChangeContext<'a> {
    deploy_rows: &'a PlHashMap<&'a str, u32>,
    deployments: &'a Deployments,
    window: Window,
    state: &'a PlRandomState,
}

fn change_part(
    path: &Path,
    offset: usize,
    [ids, deploys, times]: [&StringChunked; 3],
    [id_name, deploy_name, time_name]: &[String; 3],
    context: &ChangeContext,
) -> Result<ChangePart, InputError> {
    use std::hash::BuildHasher;
    let ChangeContext {
        deploy_rows,
        deployments,
        window,
        state,
    } = context;
    let mut part = ChangePart::default();
    // Exports list a deployment's changes together: look each deploy_id up once per run.
    let mut last: Option<(&str, Option<u32>)> = None;
    for (i, ((id, deploy), time)) in ids.iter().zip(deploys.iter()).zip(times.iter()).enumerate() {
        let row = offset + i;
        let id = required(path, row, id_name, id)?;
        let deploy = required(path, row, deploy_name, deploy)?;
        let committed = timestamp(path, row, time_name, required(path, row, time_name, time)?)?;
        let deployment = match last {
            Some((previous, found)) if previous == deploy => found,
            _ => {
                let found = deploy_rows.get(deploy).copied();
                last = Some((deploy, found));
                found
            }
        };
        let Some(deployment) = deployment else {
            part.unknown_deployment += 1;
            if part.unknown_examples.len() < 3 {
                part.unknown_examples.push(format!("change {id}"));
            }
            continue;
        };
        part.keys
            .push((state.hash_one((id, deployment)), row as u32));
        let deployed = deployments.seconds[deployment as usize];
        if !window.contains(deployed) {
            part.outside_window += 1;
        } else if deployed < committed {
            part.negative.push(deployment);
        } else {
            part.leads.push((deployment, deployed - committed));
        }
    }
    part.keys.sort_unstable();
    Ok(part)
}

/// Service names as dense ids, shared by the deployments and incidents files.
#[derive(Default)]
struct ServiceNames {
    ids: PlHashMap<String, u32>,
    names: Vec<String>,
}

impl ServiceNames {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        self.names.push(name.to_string());
        let id = (self.names.len() - 1) as u32;
        self.ids.insert(name.to_string(), id);
        id
    }
}

/// What the incidents file adds: failures by deployment row, recovery samples, counts.
#[derive(Default)]
struct Incidents {
    failed_deployment: Vec<bool>,
    recoveries: Vec<(u32, i64, i64)>,
    open: Vec<(u32, i64)>,
    outside_window: usize,
    unknown_deployment: usize,
    unknown_examples: Vec<String>,
    /// Service ids that at least one incident row names.
    seen: Vec<bool>,
    /// Whether the file has its own service column (else services come from deployments).
    own_service_column: bool,
}

/// Reads incidents. Their service is their own `service` cell; without that column, the
/// service of the deployment they name, so per-service recovery still means something.
fn read_incidents(
    table: &TextTable,
    map: &BTreeMap<String, String>,
    deploy_rows: &PlHashMap<&str, u32>,
    deployments: &Deployments,
    services: &mut ServiceNames,
    by_service: bool,
    window: Window,
) -> Result<Incidents, InputError> {
    let path = &table.path;
    let ids = table.text_column("incident_id", map, INCIDENT_COLUMNS)?;
    let created = table.text_column("created_at", map, INCIDENT_COLUMNS)?;
    let resolved = table.text_column("resolved_at", map, INCIDENT_COLUMNS)?;
    let deploys = table.text_column("deploy_id", map, INCIDENT_COLUMNS)?;
    let own_services = if by_service {
        optional_column(table, "service", map)?
    } else {
        None
    };
    let names = [
        their_name(map, "incident_id"),
        their_name(map, "created_at"),
        their_name(map, "resolved_at"),
        their_name(map, "service"),
    ];
    let [id_name, created_name, resolved_name, service_name] = &names;
    let mut out = Incidents {
        failed_deployment: vec![false; deployments.seconds.len()],
        own_service_column: own_services.is_some(),
        ..Incidents::default()
    };
    let mut rows: PlHashMap<&str, usize> = PlHashMap::with_capacity(ids.len());
    let mut service_cells = own_services.map(|c| c.iter());
    for (row, (((id, created), resolved), deploy)) in ids
        .iter()
        .zip(created.iter())
        .zip(resolved.iter())
        .zip(deploys.iter())
        .enumerate()
    {
        let id = required(path, row, id_name, id)?;
        if let Some(previous) = rows.insert(id, row) {
            return Err(cell_error(
                path,
                row,
                id_name,
                format!(
                    "duplicate incident_id `{id}`: line {} has it too",
                    previous + 2
                ),
            )
            .help("each row must be one incident; remove the repeated row"));
        }
        let start = timestamp(
            path,
            row,
            created_name,
            required(path, row, created_name, created)?,
        )?;
        let end = match resolved.map(str::trim).filter(|t| !t.is_empty()) {
            Some(text) => {
                let end = timestamp(path, row, resolved_name, text)?;
                if end < start {
                    return Err(cell_error(
                        path,
                        row,
                        resolved_name,
                        format!("incident `{id}` is resolved ({text}) before it was created"),
                    )
                    .help("fix the export; a recovery time cannot be negative"));
                }
                Some(end)
            }
            None => None,
        };
        let deployment = match deploy.map(str::trim).filter(|t| !t.is_empty()) {
            None => None,
            Some(deploy) => {
                let found = deploy_rows.get(deploy).copied();
                if found.is_none() {
                    out.unknown_deployment += 1;
                    if out.unknown_examples.len() < 3 {
                        out.unknown_examples.push(format!("incident {id}"));
                    }
                }
                found
            }
        };
        if let Some(deployment) = deployment {
            out.failed_deployment[deployment as usize] = true;
        }
        let service = match service_cells.as_mut().and_then(Iterator::next) {
            Some(cell) => services.id(required(path, row, service_name, cell)?),
            None if by_service => match deployment {
                Some(deployment) => deployments.service[deployment as usize],
                None => services.id("(unattributed)"),
            },
            None => services.id(""),
        };
        if out.seen.len() <= service as usize {
            out.seen.resize(service as usize + 1, false);
        }
        out.seen[service as usize] = true;
        if !window.contains(start) {
            out.outside_window += 1;
        } else if let Some(end) = end {
            out.recoveries.push((service, start, end - start));
        } else {
            out.open.push((service, start));
        }
    }
    Ok(out)
}

struct Engine<'a> {
    window: Window,
    deployments: &'a Deployments,
    failed: &'a [bool],
    samples: &'a Samples,
    path: &'a Path,
}

/// Which group a row belongs to, from its service and UTC second; `None` leaves it out.
type Grouping<'g> = &'g dyn Fn(u32, i64) -> Option<u32>;

/// Counts and medians per group, before they become `Figures` or `WeekFigures`.
struct Tally {
    deployments: Vec<usize>,
    failed: Vec<usize>,
    rework: Vec<usize>,
    changes: Vec<usize>,
    negative: Vec<usize>,
    resolved: Vec<usize>,
    open: Vec<usize>,
    lead_hours: Vec<Option<f64>>,
    recovery_hours: Vec<Option<f64>>,
}

impl Engine<'_> {
    fn polars_error(&self, error: PolarsError) -> InputError {
        InputError::file(self.path, format!("computation failed: {error}"))
    }

    fn tally(&self, group: Grouping, groups: usize) -> Result<Tally, InputError> {
        let d = self.deployments;
        let mut t = Tally {
            deployments: vec![0; groups],
            failed: vec![0; groups],
            rework: vec![0; groups],
            changes: vec![0; groups],
            negative: vec![0; groups],
            resolved: vec![0; groups],
            open: vec![0; groups],
            lead_hours: Vec::new(),
            recovery_hours: Vec::new(),
        };
        let of_deployment =
            |row: u32| group(d.service[row as usize], d.seconds[row as usize]).map(|g| g as usize);
        for row in 0..d.seconds.len() {
            if !self.window.contains(d.seconds[row]) {
                continue;
            }
            let Some(g) = of_deployment(row as u32) else {
                continue;
            };
            t.deployments[g] += 1;
            t.failed[g] += usize::from(self.failed[row]);
            t.rework[g] += usize::from(d.rework.as_ref().is_some_and(|r| r[row]));
        }
        let mut lead_groups = Vec::with_capacity(self.samples.leads.len());
        let mut lead_seconds = Vec::with_capacity(self.samples.leads.len());
        for &(row, seconds) in &self.samples.leads {
            if let Some(g) = of_deployment(row) {
                t.changes[g] += 1;
                lead_groups.push(g as u32);
                lead_seconds.push(seconds);
            }
        }
        for &row in &self.samples.negative {
            if let Some(g) = of_deployment(row) {
                t.negative[g] += 1;
            }
        }
        let mut recovery_groups = Vec::new();
        let mut recovery_seconds = Vec::new();
        for &(service, start, seconds) in &self.samples.recoveries {
            if let Some(g) = group(service, start) {
                t.resolved[g as usize] += 1;
                recovery_groups.push(g);
                recovery_seconds.push(seconds);
            }
        }
        for &(service, start) in &self.samples.open {
            if let Some(g) = group(service, start) {
                t.open[g as usize] += 1;
            }
        }
        t.lead_hours = medians_in_hours(lead_groups, lead_seconds, groups)
            .map_err(|e| self.polars_error(e))?;
        t.recovery_hours = medians_in_hours(recovery_groups, recovery_seconds, groups)
            .map_err(|e| self.polars_error(e))?;
        Ok(t)
    }

    /// Figures per group; `days` is the calendar days each group spans.
    fn figures(
        &self,
        by_service: &dyn Fn(u32) -> u32,
        groups: usize,
        days: i64,
        weekly: bool,
    ) -> Result<Vec<Figures>, InputError> {
        let group = |service, _| Some(by_service(service)).filter(|&g| (g as usize) < groups);
        let t = self.tally(&group, groups)?;
        let deploy_days = if weekly {
            self.deploy_days(by_service, groups)
        } else {
            vec![(0, None); groups]
        };
        Ok((0..groups)
            .map(|g| self.to_figures(&t, g, days, deploy_days[g]))
            .collect())
    }

    fn to_figures(
        &self,
        t: &Tally,
        g: usize,
        days: i64,
        (deploy_days, per_week): (usize, Option<f64>),
    ) -> Figures {
        let deployments = t.deployments[g];
        let rate = |count: usize| (deployments > 0).then(|| count as f64 / deployments as f64);
        Figures {
            service: String::new(),
            deployments,
            deploys_per_day: deployments as f64 / days.max(1) as f64,
            deploy_days,
            deploy_days_per_week: per_week,
            lead_time_hours: t.lead_hours[g],
            change_failure_rate: rate(t.failed[g]),
            recovery_time_hours: t.recovery_hours[g],
            rework_rate: if self.deployments.rework.is_some() {
                rate(t.rework[g])
            } else {
                None
            },
            changes: t.changes[g],
            changes_negative_lead_time: t.negative[g],
            failed_deployments: t.failed[g],
            resolved_incidents: t.resolved[g],
            open_incidents: t.open[g],
        }
    }

    fn window_weeks(&self) -> std::ops::RangeInclusive<i32> {
        self.window.since.week()..=self.window.until.week()
    }

    /// Per group, the distinct days with a deployment, and the median over every week
    /// touching the window (empty ones included) of those days in the week.
    fn deploy_days(
        &self,
        by_service: &dyn Fn(u32) -> u32,
        groups: usize,
    ) -> Vec<(usize, Option<f64>)> {
        let counts = self.deploy_days_by_week(by_service);
        let week_count = self.window_weeks().count();
        // A group with no deployment at all has a zero every week.
        let mut out = vec![(0, median_with_zeros(&[], week_count)); groups];
        for run in counts.chunk_by(|a, b| a.0 == b.0) {
            let mut busy: Vec<usize> = run.iter().map(|&(_, _, n)| n).collect();
            busy.sort_unstable();
            if let Some(slot) = out.get_mut(run[0].0 as usize) {
                *slot = (busy.iter().sum(), median_with_zeros(&busy, week_count));
            }
        }
        out
    }

    /// (group, week, distinct days with a deployment), sorted, for weeks with at least one;
    /// weeks without a deployment are implicit zeros, so a long window costs nothing per
    /// empty week.
    fn deploy_days_by_week(&self, by_service: &dyn Fn(u32) -> u32) -> Vec<(u32, i32, usize)> {
        let d = self.deployments;
        let mut group_days: Vec<(u32, i32)> = (0..d.seconds.len())
            .filter(|&row| self.window.contains(d.seconds[row]))
            .map(|row| (by_service(d.service[row]), Day::of_second(d.seconds[row]).0))
            .collect();
        group_days.sort_unstable();
        group_days.dedup();
        let mut counts: Vec<(u32, i32, usize)> = Vec::new();
        for (g, day) in group_days {
            let week = Day(day).week();
            match counts.last_mut() {
                Some((last_g, last_week, n)) if *last_g == g && *last_week == week => *n += 1,
                _ => counts.push((g, week, 1)),
            }
        }
        counts
    }

    fn weeks(&self) -> Result<Vec<WeekFigures>, InputError> {
        let first_week = *self.window_weeks().start();
        let count = self.window_weeks().count();
        let t = self.tally(
            &|_, second| Some((Day::of_second(second).week() - first_week) as u32),
            count,
        )?;
        let mut deploy_days = vec![0; count];
        for (_, week, days) in self.deploy_days_by_week(&|_| 0) {
            if let Some(slot) = deploy_days.get_mut((week - first_week) as usize) {
                *slot = days;
            }
        }
        Ok((0..count)
            .map(|w| {
                let f = self.to_figures(&t, w, 7, (0, None));
                WeekFigures {
                    week: Day::week_start(first_week + w as i32),
                    deployments: f.deployments,
                    deploy_days: deploy_days[w],
                    lead_time_hours: f.lead_time_hours,
                    change_failure_rate: f.change_failure_rate,
                    recovery_time_hours: f.recovery_time_hours,
                    rework_rate: f.rework_rate,
                }
            })
            .collect())
    }

    /// The window cut into two halves of whole days (the second gets the odd day).
    fn halves(&self) -> Result<Option<[Half; 2]>, InputError> {
        let w = self.window;
        if w.days < 2 {
            return Ok(None);
        }
        let half = (w.days / 2) as i32;
        let split = Day(w.since.0 + half);
        let t = self.tally(
            &|_, second| Some(u32::from(Day::of_second(second) >= split)),
            2,
        )?;
        let first = Window {
            since: w.since,
            until: Day(split.0 - 1),
            days: i64::from(half),
            from_data: w.from_data,
        };
        let second = Window {
            since: split,
            until: w.until,
            days: w.days - i64::from(half),
            from_data: w.from_data,
        };
        Ok(Some([
            Half {
                window: first,
                figures: self.to_figures(&t, 0, first.days, (0, None)),
            },
            Half {
                window: second,
                figures: self.to_figures(&t, 1, second.days, (0, None)),
            },
        ]))
    }
}

/// The median of `total` values: `total − nonzero.len()` zeros and the sorted `nonzero`
/// counts; the mean of the two middle values for an even count.
fn median_with_zeros(nonzero: &[usize], total: usize) -> Option<f64> {
    let zeros = total.saturating_sub(nonzero.len());
    let at = |i: usize| {
        if i < zeros {
            0.0
        } else {
            nonzero.get(i - zeros).map_or(0.0, |&n| n as f64)
        }
    };
    match total {
        0 => None,
        n if n % 2 == 1 => Some(at(n / 2)),
        n => Some((at(n / 2 - 1) + at(n / 2)) / 2.0),
    }
}

/// Median seconds per group, in hours, computed by polars (`median` interpolates an even
/// count to the mean of the two middle values).
fn medians_in_hours(
    groups: Vec<u32>,
    seconds: Vec<i64>,
    count: usize,
) -> PolarsResult<Vec<Option<f64>>> {
    let mut out = vec![None; count];
    if groups.is_empty() {
        return Ok(out);
    }
    let frame = df!["group" => groups, "seconds" => seconds]?
        .lazy()
        .group_by([col("group")])
        .agg([col("seconds").median().alias("median")])
        .collect()?;
    let keys = frame.column("group")?.u32()?;
    let medians = frame.column("median")?.f64()?;
    for (key, median) in keys.iter().zip(medians.iter()) {
        if let (Some(key), Some(median)) = (key, median) {
            if let Some(slot) = out.get_mut(key as usize) {
                *slot = Some(median / 3600.0);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{median_with_zeros, repeated_changes};
    use polars::prelude::*;

    #[test]
    fn equal_hashes_are_repeats_only_when_the_cells_match() {
        let ids = StringChunked::from_slice("change_id".into(), &["c1", "c2", "c1", "c1"]);
        let deploys = StringChunked::from_slice("deploy_id".into(), &["d1", "d1", "d1", "d2"]);
        // All four rows collide on one hash: only row 2 repeats row 0.
        let keys = [(7, 0), (7, 1), (7, 2), (7, 3)];
        assert_eq!(repeated_changes(&keys, &ids, &deploys), 1);
        assert_eq!(repeated_changes(&[(1, 0), (2, 2)], &ids, &deploys), 0);
    }

    #[test]
    fn medians_count_the_empty_weeks() {
        assert_eq!(median_with_zeros(&[], 0), None);
        assert_eq!(median_with_zeros(&[], 3), Some(0.0));
        // 0, 0, 3 → 0; 0, 2, 3 → 2; 1, 2, 3, 5 → 2.5; 0, 0, 4, 5 → 2
        assert_eq!(median_with_zeros(&[3], 3), Some(0.0));
        assert_eq!(median_with_zeros(&[2, 3], 3), Some(2.0));
        assert_eq!(median_with_zeros(&[1, 2, 3, 5], 4), Some(2.5));
        assert_eq!(median_with_zeros(&[4, 5], 4), Some(2.0));
    }
}
