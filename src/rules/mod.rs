//! The playbook: rule metadata loaded from `rules/*.toml` (embedded at build time, plus
//! user directories), and one detector module per family.

mod balance;
mod catalog;
mod dora;
pub mod dora_data;
mod drivers;
mod experiments;
mod focus;
mod measurability;
mod nrr;
pub mod nrr_data;
mod outcomes;
pub mod registry;
mod schema;
pub mod terms;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use registry::{Essay, Registry, RuleMeta};

use crate::check::Context;
use crate::finding::Hit;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
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

/// Runs every detector over the plan. Which hits survive is decided later, by configuration,
/// so detectors stay ignorant of select/ignore.
pub fn run_detectors(ctx: &Context) -> Vec<Hit> {
    let mut hits = Vec::new();
    schema::check(ctx, &mut hits);
    outcomes::check(ctx, &mut hits);
    measurability::check(ctx, &mut hits);
    focus::check(ctx, &mut hits);
    catalog::check(ctx, &mut hits);
    drivers::check(ctx, &mut hits);
    balance::check(ctx, &mut hits);
    nrr::check(ctx, &mut hits);
    dora::check(ctx, &mut hits);
    experiments::check(ctx, &mut hits);
    terms::check_user_rules(ctx, &mut hits);
    hits
}

/// SC010 on a KR's `source` whose data cannot be read or computed, so NR007 and DO007
/// report an unusable source the same way.
pub(crate) fn unrecomputable(
    file: crate::finding::FileId,
    span: std::ops::Range<usize>,
    metric: &str,
    problem: &str,
) -> Hit {
    Hit::new(
        "SC010",
        file,
        span,
        format!("cannot recompute `{metric}`: {problem}"),
    )
}

/// Codes of the rules that have a Rust detector; every other rule must be a data-only
/// `match` rule. Kept here so the catalog can be checked against the code in tests.
pub fn detector_codes() -> BTreeMap<&'static str, Family> {
    let mut codes = BTreeMap::new();
    for (family, list) in [
        (Family::Schema, schema::CODES),
        (Family::Outcomes, outcomes::CODES),
        (Family::Measurability, measurability::CODES),
        (Family::Focus, focus::CODES),
        (Family::Catalog, catalog::CODES),
        (Family::Drivers, drivers::CODES),
        (Family::Balance, balance::CODES),
        (Family::Nrr, nrr::CODES),
        (Family::Nrr, nrr_data::CODES),
        (Family::Dora, dora::CODES),
        (Family::Dora, dora_data::CODES),
        (Family::Experiments, experiments::CODES),
    ] {
        for code in list {
            codes.insert(*code, family);
        }
    }
    codes
}
