//! Counts and medians per grouping (overall, per service, per week, per half), from one
//! set of samples.

use std::path::Path;

use okrlint_core::calendar::Day;
use okrlint_core::dora::figures::{GroupFigures, Half, WeekFigures};
use okrlint_core::dora::Window;
use okrlint_core::engine::InputError;
use polars::prelude::*;

use super::stats::{median_with_zeros, medians_in_hours};
use super::{Deployments, Samples};

pub(super) struct Engine<'a> {
    pub(super) window: Window,
    pub(super) deployments: &'a Deployments,
    pub(super) failed: &'a [bool],
    pub(super) samples: &'a Samples,
    pub(super) path: &'a Path,
}

/// Which group a row belongs to, from its service and UTC second; `None` leaves it out.
type Grouping<'g> = &'g dyn Fn(u32, i64) -> Option<u32>;

/// Counts and medians per group, before they become `GroupFigures` or `WeekFigures`.
pub(super) struct Tally {
    pub(super) deployments: Vec<usize>,
    pub(super) failed: Vec<usize>,
    pub(super) rework: Vec<usize>,
    pub(super) changes: Vec<usize>,
    pub(super) negative: Vec<usize>,
    pub(super) resolved: Vec<usize>,
    pub(super) open: Vec<usize>,
    pub(super) lead_hours: Vec<Option<f64>>,
    pub(super) recovery_hours: Vec<Option<f64>>,
}

impl Engine<'_> {
    fn polars_error(&self, error: PolarsError) -> InputError {
        InputError::file(self.path, format!("computation failed: {error}"))
    }

    pub(super) fn tally(&self, group: Grouping, groups: usize) -> Result<Tally, InputError> {
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
            |row: u32| group(d.service[row as usize], d.millis[row as usize]).map(|g| g as usize);
        for row in 0..d.millis.len() {
            if !self.window.contains(d.millis[row]) {
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
        let mut lead_millis = Vec::with_capacity(self.samples.leads.len());
        for &(row, millis) in &self.samples.leads {
            if let Some(g) = of_deployment(row) {
                t.changes[g] += 1;
                lead_groups.push(g as u32);
                lead_millis.push(millis);
            }
        }
        for &row in &self.samples.negative {
            if let Some(g) = of_deployment(row) {
                t.negative[g] += 1;
            }
        }
        let mut recovery_groups = Vec::new();
        let mut recovery_millis = Vec::new();
        for &(service, start, millis) in &self.samples.recoveries {
            if let Some(g) = group(service, start) {
                t.resolved[g as usize] += 1;
                recovery_groups.push(g);
                recovery_millis.push(millis);
            }
        }
        for &(service, start) in &self.samples.open {
            if let Some(g) = group(service, start) {
                t.open[g as usize] += 1;
            }
        }
        t.lead_hours =
            medians_in_hours(lead_groups, lead_millis, groups).map_err(|e| self.polars_error(e))?;
        t.recovery_hours = medians_in_hours(recovery_groups, recovery_millis, groups)
            .map_err(|e| self.polars_error(e))?;
        Ok(t)
    }

    /// GroupFigures per group; `days` is the calendar days each group spans.
    pub(super) fn figures(
        &self,
        by_service: &dyn Fn(u32) -> u32,
        groups: usize,
        days: i64,
        weekly: bool,
    ) -> Result<Vec<GroupFigures>, InputError> {
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
    ) -> GroupFigures {
        let deployments = t.deployments[g];
        let rate = |count: usize| (deployments > 0).then(|| count as f64 / deployments as f64);
        GroupFigures {
            service: None,
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
        let mut group_days: Vec<(u32, i32)> = (0..d.millis.len())
            .filter(|&row| self.window.contains(d.millis[row]))
            .map(|row| {
                (
                    by_service(d.service[row]),
                    Day::of_millisecond(d.millis[row]).0,
                )
            })
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

    pub(super) fn weeks(&self) -> Result<Vec<WeekFigures>, InputError> {
        let first_week = *self.window_weeks().start();
        let count = self.window_weeks().count();
        let t = self.tally(
            &|_, second| Some((Day::of_millisecond(second).week() - first_week) as u32),
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
    pub(super) fn halves(&self) -> Result<Option<[Half; 2]>, InputError> {
        let w = self.window;
        if w.days < 2 {
            return Ok(None);
        }
        let half = (w.days / 2) as i32;
        let split = Day(w.since.0 + half);
        let t = self.tally(
            &|_, second| Some(u32::from(Day::of_millisecond(second) >= split)),
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
