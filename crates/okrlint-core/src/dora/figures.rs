//! DORA's plain figures: what the engine computes from delivery exports and what the DORA
//! rules and the `dora` command read.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use crate::calendar::Day;
use crate::registry::schema::Frequency;

/// Our column names in each input file.
pub const DEPLOYMENT_COLUMNS: &[&str] = &["deploy_id", "service", "deployed_at", "status"];
pub const CHANGE_COLUMNS: &[&str] = &["change_id", "deploy_id", "committed_at"];
pub const INCIDENT_COLUMNS: &[&str] = &[
    "incident_id",
    "service",
    "created_at",
    "resolved_at",
    "deploy_id",
];

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
pub struct GroupFigures {
    /// The service, or none for every service together (the overall row and the halves).
    pub service: Option<String>,
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

impl GroupFigures {
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
    pub figures: GroupFigures,
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
    /// Whether an instant (UTC milliseconds) falls on a day of the window.
    pub fn contains(&self, ms: i64) -> bool {
        (self.since..=self.until).contains(&Day::of_millisecond(ms))
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
pub struct DoraFigures {
    pub window: Window,
    pub by_service: bool,
    pub rows: RowCounts,
    pub excluded: Excluded,
    pub has_incidents: bool,
    pub overall: GroupFigures,
    pub services: Vec<GroupFigures>,
    pub weeks: Vec<WeekFigures>,
    /// The first and second half of the window, when it spans at least two days.
    pub halves: Option<[Half; 2]>,
    /// Services that deployed in the window but appear in no row of the incidents file.
    pub services_without_incidents: Vec<String>,
    /// Example ids of changes and incidents naming no deployment (for the warning).
    pub unknown_deployment_examples: Vec<String>,
}
