//! The playbook's detectors, one module per family. A detector sees the plan (through
//! [`Context`]) and reports [`Hit`]s; it never sees which rules are selected, their severity
//! or suppressions — the lint pipeline resolves those centrally.
//!
//! [`DETECTORS`] lists every detector with the rules it implements; the pipeline runs a
//! detector only when one of its rules is selected (input-error rules always are), so a
//! deselected rule that needs data never reads it.

mod balance;
mod catalog;
mod context;
pub mod dora;
mod drivers;
mod experiments;
mod focus;
pub mod format;
mod measurability;
pub mod nrr;
mod outcomes;
mod schema;
mod upkeep;
mod user;

use std::collections::BTreeMap;

pub use context::{Catalog, Context};

use crate::diagnostic::{Code, Family, FileId, Hit, Span};

/// One detector: the rules it implements and the function that finds them.
pub struct Detector {
    pub family: Family,
    /// The rules it reports; it runs when any of them is selected.
    pub codes: &'static [Code],
    pub run: fn(&Context, &mut Vec<Hit>),
}

/// Every built-in detector, in the order they run.
pub const DETECTORS: &[Detector] = &[
    Detector {
        family: Family::Schema,
        codes: schema::CODES,
        run: schema::detect,
    },
    Detector {
        family: Family::Outcomes,
        codes: outcomes::CODES,
        run: outcomes::detect,
    },
    Detector {
        family: Family::Measurability,
        codes: measurability::CODES,
        run: measurability::detect,
    },
    Detector {
        family: Family::Measurability,
        codes: upkeep::CODES,
        run: upkeep::detect,
    },
    Detector {
        family: Family::Focus,
        codes: focus::CODES,
        run: focus::detect,
    },
    Detector {
        family: Family::Catalog,
        codes: catalog::CODES,
        run: catalog::detect,
    },
    Detector {
        family: Family::Drivers,
        codes: drivers::CODES,
        run: drivers::detect,
    },
    Detector {
        family: Family::Balance,
        codes: balance::CODES,
        run: balance::detect,
    },
    Detector {
        family: Family::Nrr,
        codes: nrr::plan::CODES,
        run: nrr::plan::detect,
    },
    Detector {
        family: Family::Nrr,
        codes: nrr::plan::RECOMPUTED,
        run: nrr::plan::recomputed,
    },
    Detector {
        family: Family::Dora,
        codes: dora::plan::CODES,
        run: dora::plan::detect,
    },
    Detector {
        family: Family::Dora,
        codes: dora::plan::RECOMPUTED,
        run: dora::plan::recomputed,
    },
    Detector {
        family: Family::Experiments,
        codes: experiments::CODES,
        run: experiments::detect,
    },
];

/// The rules checked on computed figures rather than on a plan (`okrlint nrr`, `okrlint dora`).
pub const FIGURE_RULES: &[(Family, &[Code])] = &[
    (Family::Nrr, nrr::data::CODES),
    (Family::Dora, dora::data::CODES),
];

/// Runs the detectors with a selected rule, then the users' data-only rules.
pub fn run_detectors(ctx: &Context, selected: impl Fn(Code) -> bool) -> Vec<Hit> {
    // Detectors only read the context: run them side by side, and join their hits in
    // DETECTORS order so the output does not depend on the core count.
    let chosen: Vec<&Detector> = DETECTORS
        .iter()
        .filter(|d| d.codes.iter().any(|&code| selected(code)))
        .collect();
    let found = crate::par::map(&chosen, |detector| {
        let mut hits = Vec::new();
        (detector.run)(ctx, &mut hits);
        hits
    });
    let mut hits: Vec<Hit> = found.into_iter().flatten().collect();
    user::detect(ctx, &mut hits);
    hits
}

/// SC010 on a KR's `source` whose data cannot be read or computed, so NR007 and DO007
/// report an unusable source the same way.
pub(crate) fn unrecomputable(file: FileId, span: Span, metric: &str, problem: &str) -> Hit {
    Hit::new(
        Code::SC010,
        file,
        span,
        format!("cannot recompute `{metric}`: {problem}"),
    )
}

/// Every rule code with Rust behind it (a plan detector or a figure rule), with its family,
/// so the catalog can be checked against the code in tests.
pub fn detector_codes() -> BTreeMap<&'static str, Family> {
    let plan = DETECTORS.iter().map(|d| (d.family, d.codes));
    let figures = FIGURE_RULES.iter().copied();
    plan.chain(figures)
        .flat_map(|(family, codes)| codes.iter().map(move |c| (c.as_str(), family)))
        .collect()
}
