//! Severity and family: the two closed vocabularies every rule is filed under.
//!
//! Self-contained (serde only) because build.rs compiles it too, to validate `rules/*.toml`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Info, Severity::Warning, Severity::Error];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Severity::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    Schema,
    Outcomes,
    Measurability,
    Focus,
    Catalog,
    Drivers,
    Balance,
    Nrr,
    Dora,
    Experiments,
}

impl Family {
    pub const ALL: [Family; 10] = [
        Family::Schema,
        Family::Outcomes,
        Family::Measurability,
        Family::Focus,
        Family::Catalog,
        Family::Drivers,
        Family::Balance,
        Family::Nrr,
        Family::Dora,
        Family::Experiments,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Family::Schema => "schema",
            Family::Outcomes => "outcomes",
            Family::Measurability => "measurability",
            Family::Focus => "focus",
            Family::Catalog => "catalog",
            Family::Drivers => "drivers",
            Family::Balance => "balance",
            Family::Nrr => "nrr",
            Family::Dora => "dora",
            Family::Experiments => "experiments",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Family::ALL.into_iter().find(|f| f.as_str() == text)
    }
}
