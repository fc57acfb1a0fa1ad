//! The plan, catalog and config formats described field by field, and JSON Schemas generated
//! from the descriptions, so editors (Taplo / Even Better TOML, the YAML language server) can
//! complete and check plan files. A test keeps each description's keys equal to the keys the
//! readers accept.

use serde_json::{json, Map, Value};

use super::{Cadence, Category, Direction, InitiativeKind, KrKind, MetricKind, SourceShape, Unit};

/// What a field holds.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Text,
    Number,
    /// `2026-03-31` (a TOML date, or a string in YAML).
    Date,
    /// One of a closed vocabulary.
    Word(&'static [&'static str]),
    Texts,
    Table(&'static [Field]),
    /// `[[key]]`: a list of tables.
    Tables(&'static [Field]),
}

/// One key of a table, what it holds, and a line for editors.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub key: &'static str,
    pub kind: Kind,
    pub doc: &'static str,
}

const fn f(key: &'static str, kind: Kind, doc: &'static str) -> Field {
    Field { key, kind, doc }
}

pub const PERIOD: &[Field] = &[
    f("start", Kind::Date, "First day of the plan's period."),
    f("end", Kind::Date, "Last day of the plan's period."),
];

pub const TEAM: &[Field] = &[
    f("name", Kind::Text, "The team whose plan this is."),
    f(
        "owner",
        Kind::Text,
        "Who owns the plan: the owner of each objective that names none (and so of its key results).",
    ),
    f("period", Kind::Table(PERIOD), "The period the plan covers."),
    f(
        "north_star",
        Kind::Text,
        "The id of the catalog metric the plan serves.",
    ),
    f(
        "metrics",
        Kind::Text,
        "The metrics catalog, relative to this file.",
    ),
    f("description", Kind::Text, "For readers."),
    f(
        "cadence",
        Kind::Word(Cadence::ALL),
        "How often progress is reviewed: how old a KR's `current` may be.",
    ),
    f(
        "capacity",
        Kind::Table(CAPACITY),
        "Shares of capacity reserved for platform work and feature bets.",
    ),
];

pub const CAPACITY: &[Field] = &[
    f(
        "platform",
        Kind::Number,
        "Share (0..1, or a percentage) for platform scalability, internal tooling and debt.",
    ),
    f("features", Kind::Number, "Share for feature bets."),
    f(
        "other",
        Kind::Number,
        "Share for anything else (support, operations).",
    ),
];

pub const MILESTONE: &[Field] = &[
    f("title", Kind::Text, "The checkpoint."),
    f("due", Kind::Date, "When it should be reached."),
];

pub const SOURCE: &[Field] = &[
    f(
        "path",
        Kind::Text,
        "Billing export (CSV) to recompute NRR/GRR from.",
    ),
    f(
        "shape",
        Kind::Word(SourceShape::ALL),
        "periods or snapshots (default: from the header).",
    ),
    f(
        "deployments",
        Kind::Text,
        "Deployments export (CSV) to recompute a DORA key from.",
    ),
    f(
        "changes",
        Kind::Text,
        "Changes export (CSV), for lead time.",
    ),
    f(
        "incidents",
        Kind::Text,
        "Incidents export (CSV), for failures and recovery time.",
    ),
    f(
        "since",
        Kind::Text,
        "First day of a DORA window (YYYY-MM-DD).",
    ),
    f(
        "until",
        Kind::Text,
        "Last month (YYYY-MM) for NRR, last day (YYYY-MM-DD) for DORA.",
    ),
    f(
        "tolerance",
        Kind::Number,
        "How far a declared value may be from the recomputed one.",
    ),
];

pub const KEY_RESULT: &[Field] = &[
    f("id", Kind::Text, "Unique within the plan, e.g. O1.KR1."),
    f(
        "title",
        Kind::Text,
        "The result, as a change in behaviour or results.",
    ),
    f(
        "kind",
        Kind::Word(KrKind::ALL),
        "outcome (default with a metric), milestone, experiment.",
    ),
    f("metric", Kind::Text, "A catalog metric id."),
    f("baseline", Kind::Number, "Where the metric starts."),
    f("target", Kind::Number, "Where it should end."),
    f("current", Kind::Number, "The latest value."),
    f("as_of", Kind::Date, "The day `current` was measured."),
    f("unit", Kind::Word(Unit::ALL), "The values' unit."),
    f(
        "direction",
        Kind::Word(Direction::ALL),
        "increase, decrease or maintain.",
    ),
    f("owner", Kind::Text, "One accountable person."),
    f("due", Kind::Date, "When the target should be met."),
    f(
        "confidence",
        Kind::Number,
        "0..1, the owner's confidence the target will be met.",
    ),
    f(
        "guardrails",
        Kind::Texts,
        "Catalog metric ids that must not get worse.",
    ),
    f(
        "mde",
        Kind::Number,
        "Experiments: minimum detectable effect, in the metric's unit.",
    ),
    f(
        "success",
        Kind::Text,
        "Experiments and bets: the success criterion.",
    ),
    f(
        "kill",
        Kind::Text,
        "Experiments and bets: the kill-switch threshold.",
    ),
    f("description", Kind::Text, "For readers."),
    f(
        "source",
        Kind::Table(SOURCE),
        "Data to recompute the KR's value from.",
    ),
];

pub const INITIATIVE: &[Field] = &[
    f("title", Kind::Text, "The work (an output)."),
    f(
        "moves",
        Kind::Texts,
        "The KR ids this work is meant to move.",
    ),
    f("owner", Kind::Text, "One accountable person."),
    f(
        "kind",
        Kind::Word(InitiativeKind::ALL),
        "project, experiment or bet.",
    ),
    f(
        "hypothesis",
        Kind::Text,
        "Experiments and bets: what you expect and why.",
    ),
    f(
        "mde",
        Kind::Number,
        "Experiments: minimum detectable effect, in the units of the KR it moves (a rate: absolute, 0..1).",
    ),
    f(
        "success",
        Kind::Text,
        "Experiments and bets: the success criterion.",
    ),
    f(
        "kill",
        Kind::Text,
        "Experiments and bets: the kill-switch threshold.",
    ),
    f("description", Kind::Text, "For readers."),
    f("due", Kind::Date, "When the work should be done."),
    f(
        "milestones",
        Kind::Tables(MILESTONE),
        "Checkpoints on the way, each with a date.",
    ),
    f(
        "baseline_rate",
        Kind::Number,
        "Experiments: the control's conversion rate (0..1), for the sample size.",
    ),
    f(
        "weekly_traffic",
        Kind::Number,
        "Experiments: units entering the test per week, all arms together.",
    ),
    f(
        "holdout",
        Kind::Number,
        "Experiments: the share of traffic held out as the control (0..1).",
    ),
    f(
        "significance",
        Kind::Number,
        "Experiments: the test's significance level α, two-sided (e.g. 0.05).",
    ),
];

pub const OBJECTIVE: &[Field] = &[
    f("id", Kind::Text, "Unique within the plan, e.g. O1."),
    f("title", Kind::Text, "The qualitative goal."),
    f("owner", Kind::Text, "One accountable person."),
    f("description", Kind::Text, "For readers."),
    f(
        "key_result",
        Kind::Tables(KEY_RESULT),
        "How success is measured.",
    ),
    f(
        "initiative",
        Kind::Tables(INITIATIVE),
        "The work meant to move the key results.",
    ),
];

pub const METRIC: &[Field] = &[
    f("id", Kind::Text, "What KRs and drivers name it by."),
    f("name", Kind::Text, "Its human name."),
    f(
        "kind",
        Kind::Word(MetricKind::ALL),
        "outcome, driver, output or guardrail.",
    ),
    f("category", Kind::Word(Category::ALL), "What it measures."),
    f("formula", Kind::Text, "Exactly how it is computed."),
    f("window", Kind::Text, "The time window."),
    f("cohort", Kind::Text, "Who is counted."),
    f("owner", Kind::Text, "One accountable person."),
    f("unit", Kind::Word(Unit::ALL), "The values' unit."),
    f("drivers", Kind::Texts, "Metric ids that drive this one."),
    f("description", Kind::Text, "For readers."),
    f("source", Kind::Table(SOURCE), "Data to recompute it from."),
];

/// The top of a plan or catalog file.
pub const FILE: &[Field] = &[
    f(
        "team",
        Kind::Table(TEAM),
        "The team, its period and north star.",
    ),
    f(
        "objective",
        Kind::Tables(OBJECTIVE),
        "The plan's objectives.",
    ),
    f("metric", Kind::Tables(METRIC), "The metrics catalog."),
];

fn schema_of(kind: Kind) -> Value {
    match kind {
        Kind::Text => json!({ "type": "string" }),
        Kind::Number => json!({ "type": "number" }),
        Kind::Date => json!({ "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" }),
        Kind::Word(words) => json!({ "type": "string", "enum": words }),
        Kind::Texts => json!({ "type": "array", "items": { "type": "string" } }),
        Kind::Table(fields) => table_schema(fields),
        Kind::Tables(fields) => json!({
            "type": "array",
            "items": table_schema(fields),
        }),
    }
}

fn table_schema(fields: &[Field]) -> Value {
    let mut properties = Map::new();
    for field in fields {
        let mut schema = schema_of(field.kind);
        schema["description"] = json!(field.doc);
        properties.insert(field.key.to_string(), schema);
    }
    json!({
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    })
}

pub(crate) fn document(id: &str, title: &str, mut body: Value) -> Value {
    body["$schema"] = json!("http://json-schema.org/draft-07/schema#");
    body["$id"] = json!(id);
    body["title"] = json!(title);
    body
}

/// A plan or metrics catalog file (TOML or YAML).
pub fn plan_schema() -> Value {
    document(
        "okrlint-plan.schema.json",
        "okrlint plan or metrics catalog",
        table_schema(FILE),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::from_toml::keys;

    #[test]
    fn every_description_names_exactly_the_keys_the_reader_accepts() {
        let names = |fields: &[Field]| -> Vec<&str> { fields.iter().map(|f| f.key).collect() };
        for (described, read) in [
            (names(FILE), keys::TOP),
            (names(TEAM), keys::TEAM),
            (names(PERIOD), keys::PERIOD),
            (names(OBJECTIVE), keys::OBJECTIVE),
            (names(KEY_RESULT), keys::KEY_RESULT),
            (names(INITIATIVE), keys::INITIATIVE),
            (names(METRIC), keys::METRIC),
            (names(SOURCE), keys::SOURCE),
        ] {
            assert_eq!(described, read);
        }
    }
}
