//! `okrlint convert`: how okrlint understood each plan, as JSON (the contract other tools read)
//! or as a plan file in TOML, YAML or Markdown that okrlint checks the same way. Values read
//! from a KR's title (not declared) are written out explicitly and marked.

use jiff::civil::Date;
use serde::Serialize;

use crate::model::{
    DataSource, Document, Initiative, KeyResult, Metric, Objective, Period, Spanned, Team,
};
use crate::rules::format::fmt_number;
use crate::source::SourceFile;

/// A value in a plan file.
#[derive(Debug, Clone, PartialEq)]
enum Out {
    Str(String),
    Num(f64),
    Date(Date),
    List(Vec<String>),
    /// An inline table (`period`, `source`).
    Table(Vec<(&'static str, Out)>),
    /// A list of inline tables (`milestones`).
    Tables(Vec<Vec<(&'static str, Out)>>),
}

/// One table of a plan file: its fields in the format's order, each marked when it was read
/// from a title rather than declared.
#[derive(Debug, Default)]
struct Section {
    /// (key, value, why it was written though the document does not state it).
    fields: Vec<(&'static str, Out, Option<&'static str>)>,
    /// A remark written above the section (a Markdown period without dates).
    note: Option<String>,
}

impl Section {
    fn push(&mut self, key: &'static str, value: Option<Out>) {
        if let Some(value) = value {
            self.fields.push((key, value, None));
        }
    }

    fn inferred(&mut self, key: &'static str, value: Option<Out>) {
        self.implied(key, value, "inferred from the title");
    }

    fn implied(&mut self, key: &'static str, value: Option<Out>, why: &'static str) {
        if let Some(value) = value {
            self.fields.push((key, value, Some(why)));
        }
    }

    fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }
}

fn s(value: &Option<Spanned<String>>) -> Option<Out> {
    value.as_ref().map(|v| Out::Str(v.value.clone()))
}

fn n(value: &Option<Spanned<f64>>) -> Option<Out> {
    value.as_ref().map(|v| Out::Num(v.value))
}

fn d(value: &Option<Spanned<Date>>) -> Option<Out> {
    value.as_ref().map(|v| Out::Date(v.value))
}

fn word<T: Copy>(value: &Option<Spanned<T>>, name: fn(T) -> &'static str) -> Option<Out> {
    value.as_ref().map(|v| Out::Str(name(v.value).to_string()))
}

fn list(values: &[Spanned<String>]) -> Option<Out> {
    (!values.is_empty()).then(|| Out::List(values.iter().map(|v| v.value.clone()).collect()))
}

fn period_section(period: &Period) -> (Option<Out>, Option<String>) {
    let mut fields = Vec::new();
    if let Some(start) = &period.start {
        fields.push(("start", Out::Date(start.value)));
    }
    if let Some(end) = &period.end {
        fields.push(("end", Out::Date(end.value)));
    }
    let note = period
        .label
        .as_ref()
        .filter(|_| fields.is_empty())
        .map(|l| format!("period: {} (no calendar dates)", l.value));
    ((!fields.is_empty()).then_some(Out::Table(fields)), note)
}

fn team_section(team: &Team) -> Section {
    let mut section = Section::default();
    section.push("name", s(&team.name));
    section.push("owner", s(&team.owner));
    if let Some(period) = &team.period {
        let (value, note) = period_section(period);
        section.push("period", value);
        section.note = note;
    }
    section.push("north_star", s(&team.north_star));
    section.push("metrics", s(&team.metrics));
    section.push("description", s(&team.description));
    section.push("cadence", word(&team.cadence, |v| v.as_str()));
    section.push(
        "capacity",
        team.capacity.as_ref().and_then(|c| {
            let fields: Vec<_> = [
                ("platform", n(&c.platform)),
                ("features", n(&c.features)),
                ("other", n(&c.other)),
            ]
            .into_iter()
            .filter_map(|(k, v)| Some((k, v?)))
            .collect();
            (!fields.is_empty()).then_some(Out::Table(fields))
        }),
    );
    section
}

fn source_out(source: &DataSource) -> Out {
    let mut fields = Vec::new();
    let mut add = |key, value: Option<Out>| {
        if let Some(value) = value {
            fields.push((key, value));
        }
    };
    add("path", s(&source.path));
    add("shape", word(&source.shape, |v| v.as_str()));
    add("deployments", s(&source.deployments));
    add("changes", s(&source.changes));
    add("incidents", s(&source.incidents));
    add("since", s(&source.since));
    add("until", s(&source.until));
    add("tolerance", n(&source.tolerance));
    Out::Table(fields)
}

fn objective_section(objective: &Objective) -> Section {
    let mut section = Section::default();
    section.push("id", s(&objective.id));
    section.push("title", s(&objective.title));
    section.push("owner", s(&objective.owner));
    section.push("description", s(&objective.description));
    section
}

fn key_result_section(kr: &KeyResult) -> Section {
    let mut section = Section::default();
    section.push("id", s(&kr.id));
    section.push("title", s(&kr.title));
    section.push("kind", word(&kr.kind, |v| v.as_str()));
    section.push("metric", s(&kr.metric));
    let inferred = &kr.inferred;
    match (&kr.baseline, &inferred.baseline) {
        (Some(_), _) | (None, None) => section.push("baseline", n(&kr.baseline)),
        (None, Some(_)) => section.inferred("baseline", n(&inferred.baseline)),
    }
    match (&kr.target, &inferred.target) {
        (Some(_), _) | (None, None) => section.push("target", n(&kr.target)),
        (None, Some(_)) => section.inferred("target", n(&inferred.target)),
    }
    section.push("current", n(&kr.current));
    section.push("as_of", d(&kr.as_of));
    match (&kr.unit, &inferred.unit) {
        (Some(_), _) | (None, None) => section.push("unit", word(&kr.unit, |v| v.as_str())),
        (None, Some(_)) => section.inferred("unit", word(&inferred.unit, |v| v.as_str())),
    }
    match (&kr.direction, &inferred.direction) {
        (Some(_), _) | (None, None) => {
            section.push("direction", word(&kr.direction, |v| v.as_str()))
        }
        (None, Some(_)) => section.inferred("direction", word(&inferred.direction, |v| v.as_str())),
    }
    section.push("owner", s(&kr.owner));
    match (&kr.due, &inferred.due) {
        (Some(_), _) | (None, None) => section.push("due", d(&kr.due)),
        (None, Some(_)) => section.inferred("due", d(&inferred.due)),
    }
    section.push("confidence", n(&kr.confidence));
    section.push("guardrails", list(&kr.guardrails));
    section.push("mde", n(&kr.mde));
    section.push("success", s(&kr.success));
    section.push("kill", s(&kr.kill));
    section.push("description", s(&kr.description));
    section.push("source", kr.source.as_ref().map(source_out));
    section
}

/// The period end a Markdown plan's initiatives are dated by.
fn markdown_period_end(doc: &Document) -> Option<Date> {
    if doc.format != crate::model::Format::Markdown {
        return None;
    }
    let period = doc.team.as_ref()?.period.as_ref()?;
    period.end.as_ref().map(|e| e.value)
}

/// An initiative; `listed_under` is its objective when the document lists initiatives under
/// the objective whose key results they move (Markdown), so `moves` is written out.
fn listed_under<'a>(doc: &Document, objective: &'a Objective) -> Option<&'a Objective> {
    (doc.format == crate::model::Format::Markdown).then_some(objective)
}

fn initiative_section(
    initiative: &Initiative,
    listed_under: Option<&Objective>,
    period_end: Option<Date>,
) -> Section {
    let mut section = Section::default();
    section.push("title", s(&initiative.title));
    match (&initiative.moves, listed_under) {
        (Some(moves), _) => section.push("moves", list(&moves.value)),
        (None, Some(objective)) => {
            let ids: Vec<String> = objective
                .key_results
                .iter()
                .filter_map(|kr| kr.id.as_ref().map(|id| id.value.clone()))
                .collect();
            if !ids.is_empty() {
                section.implied("moves", Some(Out::List(ids)), "listed under its objective");
            }
        }
        (None, None) => {}
    }
    section.push("owner", s(&initiative.owner));
    section.push("kind", word(&initiative.kind, |v| v.as_str()));
    section.push("hypothesis", s(&initiative.hypothesis));
    section.push("mde", n(&initiative.mde));
    section.push("success", s(&initiative.success));
    section.push("kill", s(&initiative.kill));
    section.push("description", s(&initiative.description));
    match (&initiative.due, period_end) {
        // A Markdown initiative is dated by its plan's period (ME015): written out, so the
        // converted plan checks the same.
        (None, Some(end)) if initiative.milestones.is_empty() => {
            section.implied("due", Some(Out::Date(end)), "the plan's period end")
        }
        _ => section.push("due", d(&initiative.due)),
    }
    let milestones: Vec<Vec<(&'static str, Out)>> = initiative
        .milestones
        .iter()
        .map(|m| {
            [("title", s(&m.title)), ("due", d(&m.due))]
                .into_iter()
                .filter_map(|(k, v)| Some((k, v?)))
                .collect()
        })
        .collect();
    section.push(
        "milestones",
        (!milestones.is_empty()).then_some(Out::Tables(milestones)),
    );
    section.push("baseline_rate", n(&initiative.baseline_rate));
    section.push("weekly_traffic", n(&initiative.weekly_traffic));
    section.push("holdout", n(&initiative.holdout));
    section.push("significance", n(&initiative.significance));
    section
}

fn metric_section(metric: &Metric) -> Section {
    let mut section = Section::default();
    section.push("id", s(&metric.id));
    section.push("name", s(&metric.name));
    section.push("kind", word(&metric.kind, |v| v.as_str()));
    section.push("category", word(&metric.category, |v| v.as_str()));
    section.push("formula", s(&metric.formula));
    section.push("window", s(&metric.window));
    section.push("cohort", s(&metric.cohort));
    section.push("owner", s(&metric.owner));
    section.push("unit", word(&metric.unit, |v| v.as_str()));
    section.push("drivers", list(&metric.drivers));
    section.push("description", s(&metric.description));
    section.push("source", metric.source.as_ref().map(source_out));
    section
}

// ---- TOML ----

fn toml_string(text: &str) -> String {
    // serde_json's escaping is valid TOML basic-string escaping.
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

fn toml_value(value: &Out) -> String {
    match value {
        Out::Str(text) => toml_string(text),
        Out::Num(v) => fmt_number(*v),
        Out::Date(date) => date.to_string(),
        Out::List(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|i| toml_string(i))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Out::Table(fields) => format!(
            "{{ {} }}",
            fields
                .iter()
                .map(|(k, v)| format!("{k} = {}", toml_value(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Out::Tables(tables) => format!(
            "[{}]",
            tables
                .iter()
                .map(|t| toml_value(&Out::Table(t.clone())))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn toml_section(out: &mut String, header: &str, section: &Section) {
    if let Some(note) = &section.note {
        out.push_str(&format!("# {note}\n"));
    }
    out.push_str(header);
    out.push('\n');
    for (key, value, why) in &section.fields {
        let mark = why.map_or(String::new(), |why| format!("   # {why}"));
        out.push_str(&format!("{key} = {}{mark}\n", toml_value(value)));
    }
}

/// A document as an okrlint TOML plan.
pub fn to_toml(doc: &Document) -> String {
    let mut out = String::new();
    if let Some(team) = &doc.team {
        toml_section(&mut out, "[team]", &team_section(team));
    }
    for objective in &doc.objectives {
        out.push('\n');
        toml_section(&mut out, "[[objective]]", &objective_section(objective));
        for kr in &objective.key_results {
            out.push('\n');
            toml_section(
                &mut out,
                "[[objective.key_result]]",
                &key_result_section(kr),
            );
        }
        for initiative in &objective.initiatives {
            out.push('\n');
            toml_section(
                &mut out,
                "[[objective.initiative]]",
                &initiative_section(
                    initiative,
                    listed_under(doc, objective),
                    markdown_period_end(doc),
                ),
            );
        }
    }
    for metric in &doc.metrics {
        out.push('\n');
        toml_section(&mut out, "[[metric]]", &metric_section(metric));
    }
    out.trim_start().to_string()
}

// ---- YAML ----

fn yaml_scalar(value: &Out) -> String {
    match value {
        // JSON strings are YAML double-quoted strings.
        Out::Str(text) => toml_string(text),
        Out::Num(v) => fmt_number(*v),
        Out::Date(date) => date.to_string(),
        Out::List(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|i| toml_string(i))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Out::Table(fields) => format!(
            "{{ {} }}",
            fields
                .iter()
                .map(|(k, v)| format!("{k}: {}", yaml_scalar(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Out::Tables(tables) => format!(
            "[{}]",
            tables
                .iter()
                .map(|t| yaml_scalar(&Out::Table(t.clone())))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Writes a section's fields at `indent`; the first line after `first` (`- ` for list items).
fn yaml_fields(out: &mut String, indent: usize, first: &str, section: &Section) {
    let pad = " ".repeat(indent);
    if let Some(note) = &section.note {
        out.push_str(&format!("{pad}# {note}\n"));
    }
    for (i, (key, value, why)) in section.fields.iter().enumerate() {
        let lead = if i == 0 {
            format!("{}{first}", " ".repeat(indent.saturating_sub(first.len())))
        } else {
            pad.clone()
        };
        let mark = why.map_or(String::new(), |why| format!("   # {why}"));
        out.push_str(&format!("{lead}{key}: {}{mark}\n", yaml_scalar(value)));
    }
}

/// A document as an okrlint YAML plan (the TOML format's keys).
pub fn to_yaml(doc: &Document) -> String {
    let mut out = String::new();
    if let Some(team) = doc
        .team
        .as_ref()
        .map(team_section)
        .filter(|t| !t.is_empty())
    {
        out.push_str("team:\n");
        yaml_fields(&mut out, 2, "", &team);
    }
    if !doc.objectives.is_empty() {
        out.push_str("objective:\n");
        for objective in &doc.objectives {
            yaml_fields(&mut out, 4, "- ", &objective_section(objective));
            if !objective.key_results.is_empty() {
                out.push_str("    key_result:\n");
                for kr in &objective.key_results {
                    yaml_fields(&mut out, 8, "- ", &key_result_section(kr));
                }
            }
            if !objective.initiatives.is_empty() {
                out.push_str("    initiative:\n");
                for initiative in &objective.initiatives {
                    yaml_fields(
                        &mut out,
                        8,
                        "- ",
                        &initiative_section(
                            initiative,
                            listed_under(doc, objective),
                            markdown_period_end(doc),
                        ),
                    );
                }
            }
        }
    }
    if !doc.metrics.is_empty() {
        out.push_str("metric:\n");
        for metric in &doc.metrics {
            yaml_fields(&mut out, 4, "- ", &metric_section(metric));
        }
    }
    out
}

// ---- Markdown ----

/// A document as a Markdown plan okrlint reads back (objectives as `Objective:` headings,
/// key results as `KR:` items; fields Markdown has no place for are left out).
pub fn to_markdown(doc: &Document) -> String {
    let mut out = String::from("<!-- okrlint: plan -->\n");
    let team = doc.team.as_ref();
    let name = team.and_then(|t| t.name.as_ref()).map(|n| n.value.clone());
    let period = team.and_then(|t| t.period.as_ref()).map(|p| {
        p.label
            .as_ref()
            .map(|l| l.value.clone())
            .unwrap_or_else(|| match (&p.start, &p.end) {
                (Some(s), Some(e)) => format!("{} – {}", s.value, e.value),
                (Some(s), None) => s.value.to_string(),
                _ => String::new(),
            })
    });
    let heading = [name, period.map(|p| format!("({p})"))]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    out.push_str(&format!(
        "# {} OKRs\n",
        if heading.is_empty() {
            "Team".into()
        } else {
            heading
        }
    ));
    let owner = |o: &Option<Spanned<String>>| {
        o.as_ref()
            .map_or(String::new(), |o| format!(" (Owner: {})", o.value))
    };
    for objective in &doc.objectives {
        out.push_str(&format!(
            "\n## Objective: {}{}\n\n",
            objective.title.as_ref().map_or("", |t| t.value.as_str()),
            owner(&objective.owner)
        ));
        for kr in &objective.key_results {
            let done = match kr.status.as_ref().map(|s| s.value) {
                Some(crate::model::Status::Done) => "[x] ",
                _ => "",
            };
            out.push_str(&format!(
                "- {done}KR: {}{}\n",
                kr.title.as_ref().map_or("", |t| t.value.as_str()),
                owner(&kr.owner)
            ));
        }
        if !objective.initiatives.is_empty() {
            out.push_str("\n### Initiatives\n\n");
            for initiative in &objective.initiatives {
                out.push_str(&format!(
                    "- {}{}\n",
                    initiative.title.as_ref().map_or("", |t| t.value.as_str()),
                    owner(&initiative.owner)
                ));
            }
        }
    }
    out
}

// ---- JSON ----

#[derive(Serialize)]
struct JsonPeriod {
    label: Option<String>,
    start: Option<String>,
    end: Option<String>,
}

#[derive(Serialize)]
struct JsonKr {
    id: Option<String>,
    title: Option<String>,
    line: usize,
    column: usize,
    owner: Option<String>,
    due: Option<String>,
    status: Option<&'static str>,
    priority: Option<String>,
    kind: &'static str,
    metric: Option<String>,
    baseline: Option<f64>,
    target: Option<f64>,
    unit: Option<&'static str>,
    direction: Option<&'static str>,
    inferred: Vec<&'static str>,
}

#[derive(Serialize)]
struct JsonInitiative {
    title: Option<String>,
    line: usize,
    owner: Option<String>,
    due: Option<String>,
}

#[derive(Serialize)]
struct JsonObjective {
    id: Option<String>,
    title: Option<String>,
    owner: Option<String>,
    line: usize,
    column: usize,
    key_results: Vec<JsonKr>,
    initiatives: Vec<JsonInitiative>,
}

#[derive(Serialize)]
struct JsonPlan {
    file: String,
    format: &'static str,
    period: Option<JsonPeriod>,
    team: Option<String>,
    objectives: Vec<JsonObjective>,
}

/// Every plan as the JSON contract: `{"plans": [{"file", "period", "team", "objectives":
/// [{"id", "title", "owner", "line", "column", "key_results": [...], "initiatives": [...]}]}]}`
/// (`column`, 1-based in characters like `line`, was added after the contract: additive).
pub fn to_json(documents: &[Document], sources: &[SourceFile]) -> String {
    let plans: Vec<JsonPlan> = documents
        .iter()
        .filter(|d| !d.objectives.is_empty())
        .map(|doc| plan_json(doc, &sources[doc.file]))
        .collect();
    #[derive(Serialize)]
    struct Plans {
        plans: Vec<JsonPlan>,
    }
    let mut text = serde_json::to_string_pretty(&Plans { plans }).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    text
}

fn plan_json(doc: &Document, source: &SourceFile) -> JsonPlan {
    let line = |span: &std::ops::Range<usize>| source.location(span.start).line;
    let column = |span: &std::ops::Range<usize>| source.location(span.start).column;
    let string = |v: &Option<Spanned<String>>| v.as_ref().map(|v| v.value.clone());
    let team = doc.team.as_ref();
    JsonPlan {
        file: source.display.clone(),
        format: doc.format.as_str(),
        period: team.and_then(|t| t.period.as_ref()).map(|p| JsonPeriod {
            label: string(&p.label),
            start: p.start.as_ref().map(|d| d.value.to_string()),
            end: p.end.as_ref().map(|d| d.value.to_string()),
        }),
        team: team.and_then(|t| string(&t.name)),
        objectives: doc
            .objectives
            .iter()
            .map(|o| JsonObjective {
                id: string(&o.id),
                title: string(&o.title),
                owner: string(&o.owner),
                line: line(&o.anchor()),
                column: column(&o.anchor()),
                key_results: o
                    .key_results
                    .iter()
                    .map(|kr| {
                        let i = &kr.inferred;
                        let mut inferred = Vec::new();
                        let mut pick = |declared: bool, from_text: bool, name| {
                            if !declared && from_text {
                                inferred.push(name);
                            }
                        };
                        pick(kr.baseline.is_some(), i.baseline.is_some(), "baseline");
                        pick(kr.target.is_some(), i.target.is_some(), "target");
                        pick(kr.unit.is_some(), i.unit.is_some(), "unit");
                        pick(kr.direction.is_some(), i.direction.is_some(), "direction");
                        pick(kr.due.is_some(), i.due.is_some(), "due");
                        JsonKr {
                            id: string(&kr.id),
                            title: string(&kr.title),
                            line: line(&kr.anchor()),
                            column: column(&kr.anchor()),
                            owner: string(&kr.owner),
                            due: kr
                                .due
                                .as_ref()
                                .or(i.due.as_ref())
                                .map(|d| d.value.to_string()),
                            status: kr.status.as_ref().map(|s| s.value.as_str()),
                            priority: string(&kr.priority),
                            kind: kr.effective_kind().as_str(),
                            metric: string(&kr.metric),
                            baseline: kr
                                .baseline
                                .as_ref()
                                .or(i.baseline.as_ref())
                                .map(|v| v.value),
                            target: kr.target.as_ref().or(i.target.as_ref()).map(|v| v.value),
                            unit: kr
                                .unit
                                .as_ref()
                                .or(i.unit.as_ref())
                                .map(|u| u.value.as_str()),
                            direction: kr
                                .direction
                                .as_ref()
                                .or(i.direction.as_ref())
                                .map(|d| d.value.as_str()),
                            inferred,
                        }
                    })
                    .collect(),
                initiatives: o
                    .initiatives
                    .iter()
                    .map(|i| JsonInitiative {
                        title: string(&i.title),
                        line: line(&i.anchor()),
                        owner: string(&i.owner),
                        due: i.due.as_ref().map(|d| d.value.to_string()),
                    })
                    .collect(),
            })
            .collect(),
    }
}
