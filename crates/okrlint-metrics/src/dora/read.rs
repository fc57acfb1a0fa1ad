//! Reading the deployments, changes and incidents files: every cell checked (a bad one is
//! named by line and column), rows turned into integer columns and samples. The large files
//! are checked in parallel slices, merged in file order, so the first bad cell in the file is
//! the one reported whatever the core count.

use std::path::Path;

use okrlint_core::dora::figures::{CHANGE_COLUMNS, DEPLOYMENT_COLUMNS, INCIDENT_COLUMNS};
use okrlint_core::dora::Window;
use okrlint_core::engine::InputError;
use polars::prelude::*;

use super::Deployments;
use crate::cells::{
    cell_error, count_repeats, required, timestamp, ColumnNames, Interner, TextTable,
};

const STATUSES: &[&str] = &["success", "failed", "rolled_back"];

pub(super) fn read_deployments<'a>(
    table: &TextTable,
    map: &ColumnNames,
    ids: &'a StringChunked,
    rows: &mut PlHashMap<&'a str, u32>,
    services: &mut Interner,
) -> Result<Deployments, InputError> {
    let path = &table.path;
    let columns = DeploymentColumns {
        times: table.text_column("deployed_at", map, DEPLOYMENT_COLUMNS)?,
        statuses: table.text_column("status", map, DEPLOYMENT_COLUMNS)?,
        services: table.optional_column("service", map)?,
        reworks: table.optional_column("rework", map)?,
        names: [
            map.theirs("deployed_at"),
            map.theirs("status"),
            map.theirs("service"),
            map.theirs("rework"),
        ],
    };
    let id_name = map.theirs("deploy_id");
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
        millis: Vec::with_capacity(height),
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
                    .map(|name| services.id_of(name))
                    .collect();
                out.service
                    .extend(part.service.iter().map(|&local| global[local as usize]));
                out.millis.extend(part.millis);
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

pub(super) struct DeploymentColumns<'a> {
    pub(super) times: &'a StringChunked,
    pub(super) statuses: &'a StringChunked,
    pub(super) services: Option<&'a StringChunked>,
    pub(super) reworks: Option<&'a StringChunked>,
    /// The file's names for deployed_at, status, service and rework.
    pub(super) names: [String; 4],
}

/// One slice of the deployments file, with service ids local to the slice.
#[derive(Default)]
pub(super) struct DeploymentPart {
    pub(super) millis: Vec<i64>,
    pub(super) service: Vec<u32>,
    pub(super) service_names: Vec<String>,
    pub(super) failed: Vec<bool>,
    pub(super) rework: Vec<bool>,
}

/// Row ranges for parallel parsing: one per core for large files, else one.
pub(super) fn slices(height: usize) -> Vec<(usize, usize)> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let parts = if height < 100_000 { 1 } else { threads.min(8) };
    let size = height.div_ceil(parts).max(1);
    (0..height)
        .step_by(size)
        .map(|offset| (offset, size.min(height - offset)))
        .collect()
}

pub(super) fn joined<T>(
    path: &Path,
    result: std::thread::Result<Result<T, InputError>>,
) -> Result<T, InputError> {
    result.unwrap_or_else(|_| Err(InputError::file(path, "a worker reading the file failed")))
}

pub(super) fn index_ids<'a>(
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

pub(super) fn deployment_part(
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
        part.millis.push(timestamp(
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
            if let Some(near) =
                okrlint_core::suggest::did_you_mean(&lower, STATUSES.iter().copied())
            {
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
pub(super) struct ChangePart {
    pub(super) leads: Vec<(u32, i64)>,
    pub(super) negative: Vec<u32>,
    pub(super) outside_window: usize,
    pub(super) unknown_deployment: usize,
    pub(super) unknown_examples: Vec<String>,
    /// (hash of change_id and deployment, row) of every change with a known deployment,
    /// sorted, to find rows that repeat a change.
    pub(super) keys: Vec<(u64, u32)>,
    /// Rows that repeat an earlier row's change_id and deploy_id.
    pub(super) repeated: usize,
}

/// Changes are the largest file: its rows are checked in parallel slices, merged in order,
/// so the first bad cell in the file is the one reported.
pub(super) fn read_changes(
    table: &TextTable,
    map: &ColumnNames,
    deploy_rows: &PlHashMap<&str, u32>,
    deployments: &Deployments,
    window: Window,
) -> Result<ChangePart, InputError> {
    let ids = table.text_column("change_id", map, CHANGE_COLUMNS)?;
    let deploys = table.text_column("deploy_id", map, CHANGE_COLUMNS)?;
    let times = table.text_column("committed_at", map, CHANGE_COLUMNS)?;
    let names = [
        map.theirs("change_id"),
        map.theirs("deploy_id"),
        map.theirs("committed_at"),
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
    // Rows whose change_id and deploy_id both equal an earlier row's.
    let cells = |row: u32| (ids.get(row as usize), deploys.get(row as usize));
    all.repeated = count_repeats(&all.keys, |a, b| cells(a) == cells(b));
    all.keys = Vec::new();
    Ok(all)
}

/// What every slice of the changes file reads from the deployments.
pub(super) struct ChangeContext<'a> {
    pub(super) deploy_rows: &'a PlHashMap<&'a str, u32>,
    pub(super) deployments: &'a Deployments,
    pub(super) window: Window,
    pub(super) state: &'a PlRandomState,
}

pub(super) fn change_part(
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
        let deployed = deployments.millis[deployment as usize];
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

/// What the incidents file adds: failures by deployment row, recovery samples, counts.
#[derive(Default)]
pub(super) struct Incidents {
    pub(super) failed_deployment: Vec<bool>,
    pub(super) recoveries: Vec<(u32, i64, i64)>,
    pub(super) open: Vec<(u32, i64)>,
    pub(super) outside_window: usize,
    pub(super) unknown_deployment: usize,
    pub(super) unknown_examples: Vec<String>,
    /// Service ids that at least one incident row names.
    pub(super) seen: Vec<bool>,
    /// Whether the file has its own service column (else services come from deployments).
    pub(super) own_service_column: bool,
}

/// Reads incidents. Their service is their own `service` cell; without that column, the
/// service of the deployment they name, so per-service recovery still means something.
pub(super) fn read_incidents(
    table: &TextTable,
    map: &ColumnNames,
    deploy_rows: &PlHashMap<&str, u32>,
    deployments: &Deployments,
    services: &mut Interner,
    by_service: bool,
    window: Window,
) -> Result<Incidents, InputError> {
    let path = &table.path;
    let ids = table.text_column("incident_id", map, INCIDENT_COLUMNS)?;
    let created = table.text_column("created_at", map, INCIDENT_COLUMNS)?;
    let resolved = table.text_column("resolved_at", map, INCIDENT_COLUMNS)?;
    let deploys = table.text_column("deploy_id", map, INCIDENT_COLUMNS)?;
    let own_services = if by_service {
        table.optional_column("service", map)?
    } else {
        None
    };
    let names = [
        map.theirs("incident_id"),
        map.theirs("created_at"),
        map.theirs("resolved_at"),
        map.theirs("service"),
    ];
    let [id_name, created_name, resolved_name, service_name] = &names;
    let mut out = Incidents {
        failed_deployment: vec![false; deployments.millis.len()],
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
            Some(cell) => services.id_of(required(path, row, service_name, cell)?),
            None if by_service => match deployment {
                Some(deployment) => deployments.service[deployment as usize],
                None => services.id_of("(unattributed)"),
            },
            None => services.id_of(""),
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
