//! The typed plan: OKR files and metric catalogs, every value carrying its byte span.

mod read;

use std::ops::Range;

use jiff::civil::Date;

pub(crate) use read::{parse_toml, Fields, Reader};
pub use read::{read_document, DocumentKind};

use crate::finding::FileId;

pub type Span = Range<usize>;

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Sp<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Sp<T> {
    pub fn new(value: T, span: Span) -> Self {
        Self { value, span }
    }
}

impl Sp<String> {
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

/// Closed vocabularies of the file format. Each lists its spellings once, so parsing,
/// error messages and docs agree.
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [&'static str] = &[$($text),+];

            pub fn parse(text: &str) -> Option<Self> {
                match text {
                    $($text => Some(Self::$variant),)+
                    _ => None,
                }
            }

            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }
        }
    };
}

vocabulary!(Unit { Ratio = "ratio", Percent = "percent", Count = "count", Currency = "currency", Hours = "hours", Days = "days", Score = "score" });
vocabulary!(Direction { Increase = "increase", Decrease = "decrease", Maintain = "maintain" });
vocabulary!(
    /// What a key result is: a measured change, a dated deliverable, or a test.
    KrKind { Outcome = "outcome", Milestone = "milestone", Experiment = "experiment" }
);
vocabulary!(InitiativeKind { Project = "project", Experiment = "experiment", Bet = "bet" });
vocabulary!(MetricKind { Outcome = "outcome", Driver = "driver", Output = "output", Guardrail = "guardrail" });
vocabulary!(Category {
    Revenue = "revenue", Delivery = "delivery", Stability = "stability", Flow = "flow",
    Satisfaction = "satisfaction", Engagement = "engagement", Quality = "quality", Cost = "cost",
});

/// One parsed input file. A file may hold a plan, a catalog, or both.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub file: FileId,
    pub team: Option<Team>,
    pub objectives: Vec<Objective>,
    pub metrics: Vec<Metric>,
}

#[derive(Debug, Clone)]
pub struct Team {
    pub span: Span,
    pub name: Option<Sp<String>>,
    pub period: Option<Period>,
    pub north_star: Option<Sp<String>>,
    pub metrics: Option<Sp<String>>,
    pub description: Option<Sp<String>>,
}

#[derive(Debug, Clone)]
pub struct Period {
    pub span: Span,
    pub start: Option<Sp<Date>>,
    pub end: Option<Sp<Date>>,
}

#[derive(Debug, Clone)]
pub struct Objective {
    /// The span of the whole table (used when no narrower value fits).
    pub span: Span,
    pub id: Option<Sp<String>>,
    pub title: Option<Sp<String>>,
    pub owner: Option<Sp<String>>,
    pub description: Option<Sp<String>>,
    pub key_results: Vec<KeyResult>,
    pub initiatives: Vec<Initiative>,
}

#[derive(Debug, Clone)]
pub struct KeyResult {
    pub span: Span,
    pub id: Option<Sp<String>>,
    pub title: Option<Sp<String>>,
    pub kind: Option<Sp<KrKind>>,
    pub metric: Option<Sp<String>>,
    pub baseline: Option<Sp<f64>>,
    pub target: Option<Sp<f64>>,
    pub current: Option<Sp<f64>>,
    pub unit: Option<Sp<Unit>>,
    pub direction: Option<Sp<Direction>>,
    pub owner: Option<Sp<String>>,
    pub due: Option<Sp<Date>>,
    pub confidence: Option<Sp<f64>>,
    pub guardrails: Vec<Sp<String>>,
    pub mde: Option<Sp<f64>>,
    pub success: Option<Sp<String>>,
    pub kill: Option<Sp<String>>,
    pub description: Option<Sp<String>>,
    pub source: Option<DataSource>,
}

/// Where a metric's value can be recomputed from: billing data for NRR
/// (`source = { path = "billing.csv", shape = "periods" }`) or delivery data for the DORA keys
/// (`source = { deployments = "deploys.csv", changes = "changes.csv", incidents = "incidents.csv" }`).
#[derive(Debug, Clone)]
pub struct DataSource {
    pub span: Span,
    pub path: Option<Sp<String>>,
    pub shape: Option<Sp<SourceShape>>,
    pub deployments: Option<Sp<String>>,
    pub changes: Option<Sp<String>>,
    pub incidents: Option<Sp<String>>,
    /// First day of a DORA window (`YYYY-MM-DD`); default: the first deployment's day.
    pub since: Option<Sp<String>>,
    /// Last month to compute (`YYYY-MM`) for NRR, last day (`YYYY-MM-DD`) for DORA;
    /// default: the data's last.
    pub until: Option<Sp<String>>,
    /// How far a declared value may be from the recomputed one (same unit as the value).
    pub tolerance: Option<Sp<f64>>,
}

vocabulary!(SourceShape { Periods = "periods", Snapshots = "snapshots" });

#[derive(Debug, Clone)]
pub struct Initiative {
    pub span: Span,
    pub title: Option<Sp<String>>,
    pub moves: Option<Sp<Vec<Sp<String>>>>,
    pub owner: Option<Sp<String>>,
    pub kind: Option<Sp<InitiativeKind>>,
    pub hypothesis: Option<Sp<String>>,
    pub mde: Option<Sp<f64>>,
    pub success: Option<Sp<String>>,
    pub kill: Option<Sp<String>>,
    pub description: Option<Sp<String>>,
}

#[derive(Debug, Clone)]
pub struct Metric {
    pub span: Span,
    pub id: Option<Sp<String>>,
    pub name: Option<Sp<String>>,
    pub kind: Option<Sp<MetricKind>>,
    pub category: Option<Sp<Category>>,
    pub formula: Option<Sp<String>>,
    pub window: Option<Sp<String>>,
    pub cohort: Option<Sp<String>>,
    pub owner: Option<Sp<String>>,
    pub unit: Option<Sp<Unit>>,
    pub drivers: Vec<Sp<String>>,
    pub description: Option<Sp<String>>,
    pub source: Option<DataSource>,
}

impl Objective {
    pub fn id_str(&self) -> Option<&str> {
        self.id.as_ref().map(Sp::as_str)
    }

    /// Where to point when the objective as a whole is at fault.
    pub fn anchor(&self) -> Span {
        anchor(&self.id, &self.title, &self.span)
    }
}

impl KeyResult {
    pub fn id_str(&self) -> Option<&str> {
        self.id.as_ref().map(Sp::as_str)
    }

    pub fn title_str(&self) -> &str {
        self.title.as_ref().map_or("", Sp::as_str)
    }

    pub fn anchor(&self) -> Span {
        anchor(&self.id, &self.title, &self.span)
    }

    pub fn effective_kind(&self) -> KrKind {
        match (&self.kind, &self.metric) {
            (Some(kind), _) => kind.value,
            (None, Some(_)) => KrKind::Outcome,
            (None, None) => KrKind::Milestone,
        }
    }

    /// The declared direction, or the one baseline → target implies.
    pub fn effective_direction(&self) -> Option<Direction> {
        if let Some(direction) = &self.direction {
            return Some(direction.value);
        }
        let (baseline, target) = (self.baseline.as_ref()?.value, self.target.as_ref()?.value);
        Some(if target > baseline {
            Direction::Increase
        } else if target < baseline {
            Direction::Decrease
        } else {
            Direction::Maintain
        })
    }
}

impl Initiative {
    pub fn anchor(&self) -> Span {
        self.title
            .as_ref()
            .map_or(self.span.clone(), |t| t.span.clone())
    }
}

impl Metric {
    pub fn id_str(&self) -> Option<&str> {
        self.id.as_ref().map(Sp::as_str)
    }

    pub fn anchor(&self) -> Span {
        anchor(&self.id, &self.name, &self.span)
    }
}

fn anchor(id: &Option<Sp<String>>, title: &Option<Sp<String>>, whole: &Span) -> Span {
    id.as_ref()
        .or(title.as_ref())
        .map_or(whole.clone(), |v| v.span.clone())
}
