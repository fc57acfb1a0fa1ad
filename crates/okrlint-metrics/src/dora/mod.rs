//! The DORA keys from deployment, change and incident exports.
//!
//! Every cell is checked in one pass per file (a bad one is named by line and column), rows
//! become integer columns (service ids, UTC days, milliseconds), and polars computes the medians
//! per group. One set of samples serves every grouping: overall, per service, per week and
//! per half of the window.

//!
//! - [`read`]: the three files, cell by cell, into integer columns and samples;
//! - [`aggregate`]: counts and medians per grouping;
//! - [`stats`]: the medians.

mod aggregate;
mod read;
mod stats;

use okrlint_core::calendar::Day;
use okrlint_core::dora::figures::{
    DoraFigures, DoraInputs, DoraOptions, Excluded, RowCounts, Window, DEPLOYMENT_COLUMNS,
};
use okrlint_core::engine::InputError;
use polars::prelude::*;

use crate::cells::{read_text_table, ColumnNames, Interner};
use aggregate::Engine;
use read::{joined, read_changes, read_deployments, read_incidents, Incidents};

/// Deployments as integer columns, indexed by row.
pub(crate) struct Deployments {
    millis: Vec<i64>,
    service: Vec<u32>,
    failed: Vec<bool>,
    rework: Option<Vec<bool>>,
}

/// Samples and events in the window, each with the deployment or service it belongs to.
#[derive(Default)]
pub(crate) struct Samples {
    /// (deployment row, lead time in milliseconds ≥ 0)
    leads: Vec<(u32, i64)>,
    /// deployment row of each change with a negative lead time in the window
    negative: Vec<u32>,
    /// (service, created at in UTC milliseconds, recovery time in milliseconds)
    recoveries: Vec<(u32, i64, i64)>,
    /// (service, created second) of incidents still open
    open: Vec<(u32, i64)>,
}

pub fn compute(inputs: &DoraInputs, options: &DoraOptions) -> Result<DoraFigures, InputError> {
    let table = read_text_table(&inputs.deployments)?;
    let deploy_map = ColumnNames::for_file(&options.columns, "deployments");
    let mut service_names = Interner::default();
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
    let count = deployments.millis.len();
    let (Some(first), Some(last)) = (
        deployments.millis.iter().min(),
        deployments.millis.iter().max(),
    ) else {
        return Err(InputError::at(
            &table.path,
            1,
            None,
            "the deployments file has a header but no rows",
        ));
    };
    let since = options.since.unwrap_or(Day::of_millisecond(*first));
    let until = options.until.unwrap_or(Day::of_millisecond(*last));
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
            .millis
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
            &ColumnNames::for_file(&options.columns, "changes"),
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
            &ColumnNames::for_file(&options.columns, "incidents"),
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
        service_names.names().len()
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
    overall.service = None;
    let mut services = Vec::new();
    for (id, mut figures) in by_service_figures?.into_iter().enumerate() {
        let active =
            figures.deployments > 0 || figures.resolved_incidents > 0 || figures.open_incidents > 0;
        if active {
            figures.service = Some(service_names.names()[id].clone());
            services.push(figures);
        }
    }
    services.sort_by(|a, b| a.service.cmp(&b.service));
    let services_without_incidents = if incidents.own_service_column {
        services
            .iter()
            .filter(|f| f.deployments > 0)
            .filter_map(|f| f.service.clone())
            .filter(|service| {
                service_names
                    .get(service)
                    .is_none_or(|id| !incidents.seen.get(id as usize).copied().unwrap_or(false))
            })
            .collect()
    } else {
        Vec::new()
    };
    unknown_examples.truncate(3);
    Ok(DoraFigures {
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
