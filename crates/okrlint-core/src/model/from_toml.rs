//! TOML text → typed model. Every problem is collected as a `schema` hit pointing at the
//! key or value at fault; reading goes on past the first one, like cargo-deny does.

use jiff::civil::Date;

use super::tree::{parse_toml, Node, Table, Value as V};
use super::*;
use crate::diagnostic::{Code, Fix, Hit, Safety};
use crate::suggest::did_you_mean;

/// What a TOML file turned out to be, judged by its top-level tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// Neither `[[objective]]` nor `[[metric]]`: some other TOML file (Cargo.toml…).
    Unrelated,
    Plan,
}

const TOP_KEYS: &[&str] = &["team", "objective", "metric"];
const TEAM_KEYS: &[&str] = &[
    "name",
    "owner",
    "period",
    "north_star",
    "metrics",
    "description",
    "cadence",
    "capacity",
];
const CAPACITY_KEYS: &[&str] = &["platform", "features", "other"];
const MILESTONE_KEYS: &[&str] = &["title", "due"];
const PERIOD_KEYS: &[&str] = &["start", "end"];
const OBJECTIVE_KEYS: &[&str] = &[
    "id",
    "title",
    "owner",
    "description",
    "key_result",
    "initiative",
];
const KEY_RESULT_KEYS: &[&str] = &[
    "id",
    "title",
    "kind",
    "metric",
    "baseline",
    "target",
    "current",
    "as_of",
    "unit",
    "direction",
    "owner",
    "due",
    "confidence",
    "guardrails",
    "mde",
    "success",
    "kill",
    "description",
    "source",
];
const SOURCE_KEYS: &[&str] = &[
    "path",
    "shape",
    "deployments",
    "changes",
    "incidents",
    "since",
    "until",
    "tolerance",
];
const INITIATIVE_KEYS: &[&str] = &[
    "title",
    "moves",
    "owner",
    "kind",
    "hypothesis",
    "mde",
    "success",
    "kill",
    "description",
    "due",
    "milestones",
    "baseline_rate",
    "weekly_traffic",
    "holdout",
    "significance",
];
const METRIC_KEYS: &[&str] = &[
    "id",
    "name",
    "kind",
    "category",
    "formula",
    "window",
    "cohort",
    "owner",
    "unit",
    "drivers",
    "description",
    "source",
];

/// Parses one TOML file. Returns `None` when the file is not TOML at all (hits say why)
/// and `Some((Unrelated, _))` for TOML files okrlint has no business with.
pub fn read_document(
    file: FileId,
    text: &str,
    hits: &mut Vec<Hit>,
) -> Option<(DocumentKind, Document)> {
    let root = parse_toml(file, text, hits)?;
    Some(read_tree(file, text, &root, Format::Toml, hits))
}

/// Reads a parsed plan or catalog (TOML or YAML) into the model.
pub fn read_tree(
    file: FileId,
    text: &str,
    root: &Node,
    format: Format,
    hits: &mut Vec<Hit>,
) -> (DocumentKind, Document) {
    let mut document = Document {
        file,
        format,
        ..Document::default()
    };
    let Some(table) = root.table() else {
        return (DocumentKind::Unrelated, document);
    };
    if !root.has("objective") && !root.has("metric") {
        return (DocumentKind::Unrelated, document);
    }
    let mut reader = Reader::new(file, text, hits);
    let top = reader.table(table, root.span.clone(), "the file", TOP_KEYS);
    if let Some((team, span)) = top.table(&mut reader, "team") {
        document.team = Some(reader.team(team, span));
    }
    for (objective, span) in top.tables(&mut reader, "objective") {
        document.objectives.push(reader.objective(objective, span));
    }
    for (metric, span) in top.tables(&mut reader, "metric") {
        document.metrics.push(reader.metric(metric, span));
    }
    (DocumentKind::Plan, document)
}

pub(crate) struct Reader<'t, 'h> {
    file: FileId,
    text: &'t str,
    hits: &'h mut Vec<Hit>,
    /// Keys written but not readable (a near-miss spelling, a wrong type), by the start of
    /// the table they sit in: a rule that asks for the key does not also say it is missing.
    unreadable: std::collections::HashMap<usize, Vec<String>>,
}

/// One table being read: looks keys up and reports wrong types at the value.
pub(crate) struct Fields<'a> {
    pub(crate) map: &'a Table,
    pub(crate) span: Span,
    pub(crate) what: &'static str,
}

type Value<'a> = &'a Node;

impl<'t, 'h> Reader<'t, 'h> {
    pub(crate) fn new(file: FileId, text: &'t str, hits: &'h mut Vec<Hit>) -> Self {
        Self {
            file,
            text,
            hits,
            unreadable: Default::default(),
        }
    }

    /// The keys of the table starting at `span` that were written but could not be read.
    fn take_unreadable(&mut self, span: &Span) -> Vec<String> {
        let mut keys = self.unreadable.remove(&span.start).unwrap_or_default();
        keys.sort();
        keys.dedup();
        keys
    }

    pub(crate) fn hit(&mut self, code: Code, span: Span, message: String) -> &mut Hit {
        self.hits.push(Hit::new(code, self.file, span, message));
        let last = self.hits.len() - 1;
        &mut self.hits[last]
    }

    /// The first line of a table's span: its `[header]`, not its whole body.
    fn header(&self, span: &Span) -> Span {
        let start = span.start.min(self.text.len());
        let rest = self
            .text
            .get(start..span.end.min(self.text.len()))
            .unwrap_or("");
        let end = rest.find(['\n', '\r']).map_or(span.end, |at| start + at);
        start..end
    }

    /// Reports unknown keys once, then hands out typed lookups.
    pub(crate) fn table<'a>(
        &mut self,
        map: &'a Table,
        span: Span,
        what: &'static str,
        known: &[&str],
    ) -> Fields<'a> {
        for (key, _) in map {
            let name = key.name.as_str();
            if known.contains(&name) {
                continue;
            }
            let message = format!("unknown key `{name}` in {what}");
            let help = match did_you_mean(name, known.iter().copied()) {
                Some(near) => {
                    self.unreadable
                        .entry(span.start)
                        .or_default()
                        .push(near.to_string());
                    format!("did you mean `{near}`?")
                }
                None => format!("keys allowed here: {}", known.join(", ")),
            };
            let suggestion = did_you_mean(name, known.iter().copied());
            let hit = self.hit(Code::SC002, key.span.clone(), message);
            hit.help = Some(help);
            if let Some(near) = suggestion {
                hit.fix = Some(Fix::replace(
                    Safety::Safe,
                    key.span.clone(),
                    near,
                    format!("rename `{name}` to `{near}`"),
                ));
            }
        }
        Fields { map, span, what }
    }

    fn require(&mut self, fields: &Fields, key: &str, present: bool) {
        // A misspelt or wrongly typed key already has its finding (SC002/SC003).
        let written = self
            .unreadable
            .get(&fields.span.start)
            .is_some_and(|keys| keys.iter().any(|k| k == key));
        if !present && !written {
            let span = self.header(&fields.span);
            let message = format!("{} has no `{key}`", fields.what);
            self.hit(Code::SC004, span, message);
        }
    }

    fn team(&mut self, map: &Table, span: Span) -> Team {
        let f = self.table(map, span.clone(), "[team]", TEAM_KEYS);
        let mut period_unreadable = false;
        let period = f.table(self, "period").map(|(period, span)| {
            let p = self.table(period, span.clone(), "team.period", PERIOD_KEYS);
            let period = Period {
                span: span.clone(),
                label: None,
                start: p.date(self, "start"),
                end: p.date(self, "end"),
            };
            period_unreadable = !self.take_unreadable(&span).is_empty();
            period
        });
        let mut team = Team {
            span,
            name: f.string(self, "name"),
            owner: f.string(self, "owner"),
            period,
            north_star: f.string(self, "north_star"),
            metrics: f.string(self, "metrics"),
            description: f.string(self, "description"),
            cadence: f.vocab(self, "cadence", Cadence::parse, Cadence::ALL),
            capacity: f.table(self, "capacity").map(|(capacity, span)| {
                let c = self.table(capacity, span.clone(), "team.capacity", CAPACITY_KEYS);
                let mut capacity = Capacity {
                    span: span.clone(),
                    platform: c.number(self, "platform"),
                    features: c.number(self, "features"),
                    other: c.number(self, "other"),
                    unreadable: Vec::new(),
                };
                capacity.unreadable = self.take_unreadable(&span);
                capacity
            }),
            unreadable: Vec::new(),
        };
        team.unreadable = self.take_unreadable(&team.span.clone());
        if period_unreadable {
            team.unreadable.push("period".to_string());
        }
        team
    }

    fn objective(&mut self, map: &Table, span: Span) -> Objective {
        let f = self.table(map, span.clone(), "[[objective]]", OBJECTIVE_KEYS);
        let title = f.string(self, "title");
        let objective = Objective {
            span,
            id: f.string(self, "id"),
            title_map: self.text_map(&title),
            title,
            status: None,
            unreadable: Vec::new(),
            owner: f.string(self, "owner"),
            description: f.string(self, "description"),
            key_results: f
                .tables(self, "key_result")
                .into_iter()
                .map(|(kr, span)| self.key_result(kr, span))
                .collect(),
            initiatives: f
                .tables(self, "initiative")
                .into_iter()
                .map(|(i, span)| self.initiative(i, span))
                .collect(),
        };
        self.require(&f, "id", objective.id.is_some());
        self.require(&f, "title", objective.title.is_some());
        let mut objective = objective;
        objective.unreadable = self.take_unreadable(&span_of(&objective));
        objective
    }

    fn key_result(&mut self, map: &Table, span: Span) -> KeyResult {
        let f = self.table(
            map,
            span.clone(),
            "[[objective.key_result]]",
            KEY_RESULT_KEYS,
        );
        let title = f.string(self, "title");
        let kr = KeyResult {
            span,
            id: f.string(self, "id"),
            title_map: self.text_map(&title),
            title,
            status: None,
            priority: None,
            score: None,
            inferred: Inferred::default(),
            class: None,
            unreadable: Vec::new(),
            kind: f.vocab(self, "kind", KrKind::parse, KrKind::ALL),
            metric: f.string(self, "metric"),
            baseline: f.number(self, "baseline"),
            target: f.number(self, "target"),
            current: f.number(self, "current"),
            as_of: f.date(self, "as_of"),
            unit: f.vocab(self, "unit", Unit::parse, Unit::ALL),
            direction: f.vocab(self, "direction", Direction::parse, Direction::ALL),
            owner: f.string(self, "owner"),
            due: f.date(self, "due"),
            confidence: f.number(self, "confidence"),
            guardrails: f
                .strings(self, "guardrails")
                .map_or_else(Vec::new, |g| g.value),
            mde: f.number(self, "mde"),
            success: f.string(self, "success"),
            kill: f.string(self, "kill"),
            description: f.string(self, "description"),
            source: self.source(&f),
        };
        self.require(&f, "id", kr.id.is_some());
        self.require(&f, "title", kr.title.is_some());
        let mut kr = kr;
        kr.unreadable = self.take_unreadable(&kr.span.clone());
        kr
    }

    fn initiative(&mut self, map: &Table, span: Span) -> Initiative {
        let f = self.table(
            map,
            span.clone(),
            "[[objective.initiative]]",
            INITIATIVE_KEYS,
        );
        let initiative = Initiative {
            span,
            title: f.string(self, "title"),
            moves: f.strings(self, "moves"),
            owner: f.string(self, "owner"),
            kind: f.vocab(self, "kind", InitiativeKind::parse, InitiativeKind::ALL),
            hypothesis: f.string(self, "hypothesis"),
            mde: f.number(self, "mde"),
            success: f.string(self, "success"),
            kill: f.string(self, "kill"),
            description: f.string(self, "description"),
            due: f.date(self, "due"),
            milestones: f
                .tables(self, "milestones")
                .into_iter()
                .map(|(m, span)| {
                    let m = self.table(m, span.clone(), "milestone", MILESTONE_KEYS);
                    let mut milestone = Milestone {
                        span: span.clone(),
                        title: m.string(self, "title"),
                        due: m.date(self, "due"),
                        unreadable: Vec::new(),
                    };
                    milestone.unreadable = self.take_unreadable(&span);
                    milestone
                })
                .collect(),
            baseline_rate: f.number(self, "baseline_rate"),
            weekly_traffic: f.number(self, "weekly_traffic"),
            holdout: f.number(self, "holdout"),
            significance: f.number(self, "significance"),
            unreadable: Vec::new(),
        };
        self.require(&f, "title", initiative.title.is_some());
        let mut initiative = initiative;
        initiative.unreadable = self.take_unreadable(&initiative.span.clone());
        initiative
    }

    fn metric(&mut self, map: &Table, span: Span) -> Metric {
        let f = self.table(map, span.clone(), "[[metric]]", METRIC_KEYS);
        let metric = Metric {
            span,
            id: f.string(self, "id"),
            name: f.string(self, "name"),
            kind: f.vocab(self, "kind", MetricKind::parse, MetricKind::ALL),
            category: f.vocab(self, "category", Category::parse, Category::ALL),
            formula: f.string(self, "formula"),
            window: f.string(self, "window"),
            cohort: f.string(self, "cohort"),
            owner: f.string(self, "owner"),
            unit: f.vocab(self, "unit", Unit::parse, Unit::ALL),
            drivers: f
                .strings(self, "drivers")
                .map_or_else(Vec::new, |d| d.value),
            description: f.string(self, "description"),
            source: self.source(&f),
            unreadable: Vec::new(),
        };
        self.require(&f, "id", metric.id.is_some());
        self.require(&f, "name", metric.name.is_some());
        let mut metric = metric;
        metric.unreadable = self.take_unreadable(&metric.span.clone());
        metric
    }

    fn source(&mut self, fields: &Fields) -> Option<DataSource> {
        let (table, span) = fields.table(self, "source")?;
        let f = self.table(table, span.clone(), "source", SOURCE_KEYS);
        let source = DataSource {
            span,
            path: f.string(self, "path"),
            shape: f.vocab(self, "shape", SourceShape::parse, SourceShape::ALL),
            deployments: f.string(self, "deployments"),
            changes: f.string(self, "changes"),
            incidents: f.string(self, "incidents"),
            since: f.string(self, "since"),
            until: f.string(self, "until"),
            tolerance: f.number(self, "tolerance"),
        };
        // Billing data is one file (`path`); delivery data starts from `deployments`.
        self.require(
            &f,
            "path` or `deployments",
            source.path.is_some() || source.deployments.is_some(),
        );
        Some(source)
    }

    /// Where a string value's characters are: the text between its quotes, when it has no
    /// escapes (then the value is that text verbatim).
    fn text_map(&self, value: &Option<Spanned<String>>) -> TextMap {
        let Some(value) = value else {
            return TextMap::default();
        };
        let raw = self.text.get(value.span.clone()).unwrap_or("");
        if raw == value.value {
            // A YAML plain scalar: the value is the source itself.
            return TextMap::verbatim(raw.len(), value.span.start);
        }
        for quote in [r#"""""#, "'''", "\"", "'"] {
            if let Some(inner) = raw.strip_prefix(quote).and_then(|r| r.strip_suffix(quote)) {
                if inner == value.value {
                    return TextMap::verbatim(inner.len(), value.span.start + quote.len());
                }
                break;
            }
        }
        TextMap::default()
    }

    pub(crate) fn wrong_type(&mut self, fields: &Fields, key: &str, value: Value, expected: &str) {
        let message = format!(
            "`{key}` in {} must be {expected}, found {}",
            fields.what,
            value.value.type_name()
        );
        self.hit(Code::SC003, value.span.clone(), message);
        self.unreadable
            .entry(fields.span.start)
            .or_default()
            .push(key.to_string());
    }
}

impl<'a> Fields<'a> {
    pub(crate) fn get(&self, key: &str) -> Option<Value<'a>> {
        self.map.iter().find(|(k, _)| k.name == key).map(|(_, v)| v)
    }

    pub(crate) fn string(&self, reader: &mut Reader, key: &str) -> Option<Spanned<String>> {
        let value = self.get(key)?;
        match &value.value {
            V::String(text) => Some(Spanned::new(text.clone(), value.span.clone())),
            _ => {
                reader.wrong_type(self, key, value, "a string");
                None
            }
        }
    }

    pub(crate) fn number(&self, reader: &mut Reader, key: &str) -> Option<Spanned<f64>> {
        let value = self.get(key)?;
        let parsed = match &value.value {
            V::Integer(int) => int.map(|n| n as f64),
            V::Float(float) => *float,
            _ => None,
        };
        if parsed.is_none() {
            reader.wrong_type(self, key, value, "a finite number");
        }
        parsed.map(|n| Spanned::new(n, value.span.clone()))
    }

    pub(crate) fn date(&self, reader: &mut Reader, key: &str) -> Option<Spanned<Date>> {
        let value = self.get(key)?;
        let date = match &value.value {
            V::Datetime {
                date,
                with_time: false,
            } => *date,
            V::String(text) => text.parse::<Date>().ok(),
            _ => None,
        };
        if date.is_none() {
            reader.wrong_type(self, key, value, "a date like 2026-03-31");
        }
        date.map(|d| Spanned::new(d, value.span.clone()))
    }

    pub(crate) fn vocab<T>(
        &self,
        reader: &mut Reader,
        key: &str,
        parse: fn(&str) -> Option<T>,
        allowed: &[&str],
    ) -> Option<Spanned<T>> {
        let value = self.get(key)?;
        let V::String(text) = &value.value else {
            reader.wrong_type(self, key, value, "a string");
            return None;
        };
        if let Some(parsed) = parse(text) {
            return Some(Spanned::new(parsed, value.span.clone()));
        }
        let message = format!("unknown {key} `{text}` in {}", self.what);
        let help = match did_you_mean(text, allowed.iter().copied()) {
            Some(near) => format!("did you mean `{near}`? (one of: {})", allowed.join(", ")),
            None => format!("use one of: {}", allowed.join(", ")),
        };
        reader.hit(Code::SC003, value.span.clone(), message).help = Some(help);
        reader
            .unreadable
            .entry(self.span.start)
            .or_default()
            .push(key.to_string());
        None
    }

    pub(crate) fn strings(
        &self,
        reader: &mut Reader,
        key: &str,
    ) -> Option<Spanned<Vec<Spanned<String>>>> {
        let value = self.get(key)?;
        let V::Array(items) = &value.value else {
            reader.wrong_type(self, key, value, "a list of strings");
            return None;
        };
        let mut out = Vec::new();
        for item in items {
            match &item.value {
                V::String(text) => out.push(Spanned::new(text.clone(), item.span.clone())),
                _ => reader.wrong_type(self, key, item, "a list of strings"),
            }
        }
        Some(Spanned::new(out, value.span.clone()))
    }

    pub(crate) fn table(&self, reader: &mut Reader, key: &str) -> Option<(&'a Table, Span)> {
        let value = self.get(key)?;
        match &value.value {
            V::Table(table) => Some((table, value.span.clone())),
            _ => {
                reader.wrong_type(self, key, value, "a table");
                None
            }
        }
    }

    /// `[[key]]` tables; a single `[key]` table is read as a list of one.
    pub(crate) fn tables(&self, reader: &mut Reader, key: &str) -> Vec<(&'a Table, Span)> {
        let Some(value) = self.get(key) else {
            return Vec::new();
        };
        match &value.value {
            V::Table(table) => vec![(table, value.span.clone())],
            V::Array(items) => items
                .iter()
                .filter_map(|item| match &item.value {
                    V::Table(table) => Some((table, item.span.clone())),
                    _ => {
                        reader.wrong_type(self, key, item, "a table ([[…]])");
                        None
                    }
                })
                .collect(),
            _ => {
                reader.wrong_type(self, key, value, "a table ([[…]])");
                Vec::new()
            }
        }
    }
}

fn span_of(objective: &Objective) -> Span {
    objective.span.clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspelt_and_wrongly_typed_keys_are_remembered() {
        let text = "[[objective]]\nid = \"O1\"\ntitle = \"T\"\nonwer = \"a\"\n\n[[objective.key_result]]\nid = \"O1.KR1\"\ntitle = \"K\"\nbaseline = \"2.1%\"\ndeu = 2026-03-31\n";
        let mut hits = Vec::new();
        let (_, doc) = read_document(0, text, &mut hits).unwrap();
        assert_eq!(hits.len(), 3);
        let objective = &doc.objectives[0];
        assert!(objective.wrote("owner"));
        let kr = &objective.key_results[0];
        assert!(kr.wrote("baseline") && kr.wrote("due") && !kr.wrote("owner"));
    }
}

/// The keys each table accepts, for the test that keeps `describe.rs` in step.
#[cfg(test)]
pub(crate) mod keys {
    pub const TOP: &[&str] = super::TOP_KEYS;
    pub const TEAM: &[&str] = super::TEAM_KEYS;
    pub const PERIOD: &[&str] = super::PERIOD_KEYS;
    pub const OBJECTIVE: &[&str] = super::OBJECTIVE_KEYS;
    pub const KEY_RESULT: &[&str] = super::KEY_RESULT_KEYS;
    pub const INITIATIVE: &[&str] = super::INITIATIVE_KEYS;
    pub const METRIC: &[&str] = super::METRIC_KEYS;
    pub const SOURCE: &[&str] = super::SOURCE_KEYS;
}
