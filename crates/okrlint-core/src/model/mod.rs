//! The typed plan: OKR files and metric catalogs, every value carrying its byte span.

pub mod describe;
mod from_markdown;
mod from_toml;
mod from_yaml;
pub mod period;
mod text;
pub mod tree;

use jiff::civil::Date;

pub use self::from_toml::{read_document, read_tree, DocumentKind};
pub(crate) use self::from_toml::{Fields, Reader};
pub use from_markdown::{has_plan_marker, read_markdown};
pub use from_yaml::parse_yaml;
pub use text::TextMap;
pub(crate) use tree::parse_toml;

pub use crate::diagnostic::{FileId, Span};

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Self { value, span }
    }
}

impl Spanned<String> {
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
vocabulary!(
    /// How a KR or objective stood at the end of its period, as the document marks it
    /// (`[x]`, `=> Done`, ~~strikethrough~~, a status or score column).
    Status { Done = "done", Dropped = "dropped", InProgress = "in-progress" }
);
vocabulary!(
    /// How a KR's target compares: "less than 48 hours" is `lt`.
    Comparator { Lt = "lt", Le = "le", Gt = "gt", Ge = "ge", Eq = "eq" }
);
vocabulary!(
    /// What a KR's sentence describes, as the KR-language classifier reads it.
    KrClass { Output = "output", Activity = "activity", Capability = "capability", Outcome = "outcome", Unclear = "unclear" }
);
vocabulary!(
    /// The file format a plan was read from.
    Format { Toml = "toml", Markdown = "markdown", Yaml = "yaml" }
);

impl Default for Format {
    /// TOML, okrlint's own format.
    fn default() -> Self {
        Format::Toml
    }
}
vocabulary!(InitiativeKind { Project = "project", Experiment = "experiment", Bet = "bet" });
vocabulary!(Cadence { Weekly = "weekly", Biweekly = "biweekly", Monthly = "monthly", Quarterly = "quarterly" });
vocabulary!(MetricKind { Outcome = "outcome", Driver = "driver", Output = "output", Guardrail = "guardrail" });
vocabulary!(Category {
    Revenue = "revenue", Delivery = "delivery", Stability = "stability", Flow = "flow",
    Satisfaction = "satisfaction", Engagement = "engagement", Quality = "quality", Cost = "cost",
});

/// One plan or catalog read from a file. A TOML or YAML file is one document (a plan, a
/// catalog, or both); a Markdown file holds one document per plan it contains (several
/// periods or teams in one file).
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub file: FileId,
    pub format: Format,
    pub team: Option<Team>,
    pub objectives: Vec<Objective>,
    pub metrics: Vec<Metric>,
}

#[derive(Debug, Clone)]
pub struct Team {
    pub span: Span,
    pub name: Option<Spanned<String>>,
    /// Who owns the plan: the owner of every objective that names none.
    pub owner: Option<Spanned<String>>,
    pub period: Option<Period>,
    pub north_star: Option<Spanned<String>>,
    pub metrics: Option<Spanned<String>>,
    pub description: Option<Spanned<String>>,
    /// How often the plan's progress is reviewed: how old a `current` value may be.
    pub cadence: Option<Spanned<Cadence>>,
    /// The shares of capacity reserved for platform work and for feature bets.
    pub capacity: Option<Capacity>,
    /// Keys written but unreadable (misspelt, wrong type; `period` also when a key inside
    /// it is): a rule asking for one is then quiet, the schema finding being the one.
    pub unreadable: Vec<String>,
}

/// `[team] capacity = { platform = 0.3, features = 0.7 }`: shares of 1 (or percentages).
#[derive(Debug, Clone)]
pub struct Capacity {
    pub span: Span,
    /// Platform scalability, internal tooling, technical debt: work that compounds.
    pub platform: Option<Spanned<f64>>,
    /// Feature bets: work for near-term outcomes.
    pub features: Option<Spanned<f64>>,
    /// Anything else (support, keeping the lights on).
    pub other: Option<Spanned<f64>>,
    /// Keys written but unreadable (see `Objective::unreadable`).
    pub unreadable: Vec<String>,
}

impl Cadence {
    /// The longest a value can go unreviewed under this cadence, in days.
    pub fn days(self) -> i64 {
        match self {
            Cadence::Weekly => 7,
            Cadence::Biweekly => 14,
            Cadence::Monthly => 31,
            Cadence::Quarterly => 92,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Period {
    pub span: Span,
    /// The period as the document names it (`2019 Q1`, `FY21-Q1`), when it is not a table
    /// of dates.
    pub label: Option<Spanned<String>>,
    pub start: Option<Spanned<Date>>,
    pub end: Option<Spanned<Date>>,
}

#[derive(Debug, Clone)]
pub struct Objective {
    /// The span of the whole table (used when no narrower value fits).
    pub span: Span,
    pub id: Option<Spanned<String>>,
    pub title: Option<Spanned<String>>,
    /// Where the title's characters are in the source.
    pub title_map: TextMap,
    pub owner: Option<Spanned<String>>,
    pub description: Option<Spanned<String>>,
    pub status: Option<Spanned<Status>>,
    /// Keys written but unreadable (misspelt, wrong type): reported by the reader, so rules
    /// do not also call them missing.
    pub unreadable: Vec<String>,
    pub key_results: Vec<KeyResult>,
    pub initiatives: Vec<Initiative>,
}

#[derive(Debug, Clone)]
pub struct KeyResult {
    pub span: Span,
    pub id: Option<Spanned<String>>,
    pub title: Option<Spanned<String>>,
    pub kind: Option<Spanned<KrKind>>,
    pub metric: Option<Spanned<String>>,
    pub baseline: Option<Spanned<f64>>,
    pub target: Option<Spanned<f64>>,
    pub current: Option<Spanned<f64>>,
    /// The day `current` was measured.
    pub as_of: Option<Spanned<Date>>,
    pub unit: Option<Spanned<Unit>>,
    pub direction: Option<Spanned<Direction>>,
    pub owner: Option<Spanned<String>>,
    pub due: Option<Spanned<Date>>,
    pub confidence: Option<Spanned<f64>>,
    pub guardrails: Vec<Spanned<String>>,
    pub mde: Option<Spanned<f64>>,
    pub success: Option<Spanned<String>>,
    pub kill: Option<Spanned<String>>,
    pub description: Option<Spanned<String>>,
    pub source: Option<DataSource>,
    /// Where the title's characters are in the source.
    pub title_map: TextMap,
    /// End-of-period status, priority and score, as the document marks them.
    pub status: Option<Spanned<Status>>,
    pub priority: Option<Spanned<String>>,
    pub score: Option<Spanned<f64>>,
    /// Values the KR-language analyzer read from the title (each with its span in the file);
    /// rules use a declared value first and an inferred one otherwise.
    pub inferred: Inferred,
    /// What the title describes (output, activity, capability, outcome), with the cue that
    /// decided; set by the analyzer after reading.
    pub class: Option<Classified>,
    /// Keys written but unreadable (misspelt, wrong type): reported by the reader, so rules
    /// do not also call them missing.
    pub unreadable: Vec<String>,
}

/// What a KR's title says, read by the KR-language analyzer. Values are in the title's own
/// unit (`45` for "45%"); `quantity_unit` names it in the analyzer's vocabulary (`percent`,
/// `ms`, `USD`, `count`, …), `unit` in the plan format's where one fits.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inferred {
    pub baseline: Option<Spanned<f64>>,
    pub baseline_unit: Option<String>,
    pub target: Option<Spanned<f64>>,
    pub unit: Option<Spanned<Unit>>,
    pub quantity_unit: Option<String>,
    pub direction: Option<Spanned<Direction>>,
    pub comparator: Option<Spanned<Comparator>>,
    /// A relative change ("by 35%", "2x", "halve"), with its unit (`percent`, `points`, `x`, …).
    pub change: Option<Spanned<f64>>,
    pub change_unit: Option<String>,
    pub due: Option<Spanned<Date>>,
    /// The due phrase as written ("by end of Q3"), resolved to a date or not.
    pub due_phrase: Option<Spanned<String>>,
}

impl Inferred {
    /// The title states something the KR can be measured against: a target or a change.
    pub fn is_measured(&self) -> bool {
        self.target.is_some() || self.change.is_some()
    }
}

/// The classifier's verdict on a KR, with the cue that decided it.
#[derive(Debug, Clone, PartialEq)]
pub struct Classified {
    pub label: KrClass,
    /// The cue list that decided (a `rules/language.toml` id), or the analyzer's own pattern.
    pub cue: String,
    /// The words of the title that matched, as written.
    pub words: String,
    /// Where those words are in the file.
    pub span: Span,
}

/// Where a metric's value can be recomputed from: billing data for NRR
/// (`source = { path = "billing.csv", shape = "periods" }`) or delivery data for the DORA keys
/// (`source = { deployments = "deploys.csv", changes = "changes.csv", incidents = "incidents.csv" }`).
#[derive(Debug, Clone)]
pub struct DataSource {
    pub span: Span,
    pub path: Option<Spanned<String>>,
    pub shape: Option<Spanned<SourceShape>>,
    pub deployments: Option<Spanned<String>>,
    pub changes: Option<Spanned<String>>,
    pub incidents: Option<Spanned<String>>,
    /// First day of a DORA window (`YYYY-MM-DD`); default: the first deployment's day.
    pub since: Option<Spanned<String>>,
    /// Last month to compute (`YYYY-MM`) for NRR, last day (`YYYY-MM-DD`) for DORA;
    /// default: the data's last.
    pub until: Option<Spanned<String>>,
    /// How far a declared value may be from the recomputed one (same unit as the value).
    pub tolerance: Option<Spanned<f64>>,
}

vocabulary!(SourceShape { Periods = "periods", Snapshots = "snapshots" });

#[derive(Debug, Clone)]
pub struct Initiative {
    pub span: Span,
    pub title: Option<Spanned<String>>,
    pub moves: Option<Spanned<Vec<Spanned<String>>>>,
    pub owner: Option<Spanned<String>>,
    pub kind: Option<Spanned<InitiativeKind>>,
    pub hypothesis: Option<Spanned<String>>,
    pub mde: Option<Spanned<f64>>,
    pub success: Option<Spanned<String>>,
    pub kill: Option<Spanned<String>>,
    pub description: Option<Spanned<String>>,
    /// When the work should be done.
    pub due: Option<Spanned<Date>>,
    /// Checkpoints on the way, each with a date.
    pub milestones: Vec<Milestone>,
    /// Experiments: the rate the control converts at (0..1).
    pub baseline_rate: Option<Spanned<f64>>,
    /// Experiments: units (users, teams, sessions) entering the test per week, all arms.
    pub weekly_traffic: Option<Spanned<f64>>,
    /// Experiments: the share of traffic held out as the control (0..1).
    pub holdout: Option<Spanned<f64>>,
    /// Experiments: the significance level α of the test (two-sided).
    pub significance: Option<Spanned<f64>>,
    /// Keys written but unreadable (see `Objective::unreadable`).
    pub unreadable: Vec<String>,
}

/// `[[objective.initiative.milestone]]`: a checkpoint with a date.
#[derive(Debug, Clone)]
pub struct Milestone {
    pub span: Span,
    pub title: Option<Spanned<String>>,
    pub due: Option<Spanned<Date>>,
    /// Keys written but unreadable (see `Objective::unreadable`).
    pub unreadable: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Metric {
    pub span: Span,
    pub id: Option<Spanned<String>>,
    pub name: Option<Spanned<String>>,
    pub kind: Option<Spanned<MetricKind>>,
    pub category: Option<Spanned<Category>>,
    pub formula: Option<Spanned<String>>,
    pub window: Option<Spanned<String>>,
    pub cohort: Option<Spanned<String>>,
    pub owner: Option<Spanned<String>>,
    pub unit: Option<Spanned<Unit>>,
    pub drivers: Vec<Spanned<String>>,
    pub description: Option<Spanned<String>>,
    pub source: Option<DataSource>,
    /// Keys written but unreadable (misspelt, wrong type).
    pub unreadable: Vec<String>,
}

/// `wrote(key)`: whether a table wrote `key`, readable or not. A key that was misspelt or of
/// the wrong type is the schema family's finding, so a rule asking for it stays quiet.
macro_rules! wrote {
    ($($ty:ty),+) => {$(
        impl $ty {
            /// Whether the table wrote `key`, readable or not (see [`Objective::unreadable`]).
            pub fn wrote(&self, key: &str) -> bool {
                self.unreadable.iter().any(|k| k == key)
            }
        }
    )+};
}

wrote!(Team, Objective, KeyResult, Initiative, Metric, Capacity, Milestone);

impl Objective {
    pub fn id_str(&self) -> Option<&str> {
        self.id.as_ref().map(Spanned::as_str)
    }

    /// Where to point when the objective as a whole is at fault.
    pub fn anchor(&self) -> Span {
        anchor(&self.id, &self.title, &self.span)
    }
}

impl KeyResult {
    pub fn id_str(&self) -> Option<&str> {
        self.id.as_ref().map(Spanned::as_str)
    }

    pub fn title_str(&self) -> &str {
        self.title.as_ref().map_or("", Spanned::as_str)
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
    /// Its title, or `?` for messages when it has none.
    pub fn name(&self) -> &str {
        self.title.as_ref().map_or("?", |t| t.as_str())
    }

    pub fn anchor(&self) -> Span {
        self.title
            .as_ref()
            .map_or(self.span.clone(), |t| t.span.clone())
    }
}

impl Metric {
    pub fn id_str(&self) -> Option<&str> {
        self.id.as_ref().map(Spanned::as_str)
    }

    pub fn anchor(&self) -> Span {
        anchor(&self.id, &self.name, &self.span)
    }
}

fn anchor(id: &Option<Spanned<String>>, title: &Option<Spanned<String>>, whole: &Span) -> Span {
    id.as_ref()
        .or(title.as_ref())
        .map_or(whole.clone(), |v| v.span.clone())
}
