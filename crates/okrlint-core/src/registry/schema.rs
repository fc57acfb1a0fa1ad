//! The shape of every file in `rules/`, and the checks that make a set of them consistent.
//!
//! Self-contained (serde and toml only, plus `level.rs`) because build.rs compiles this file
//! too: the embedded catalog is validated when okrlint is built, so a broken table fails the
//! build, never a run. User rule directories go through the same checks at run time.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::level::{Family, Severity};

/// Where in a plan a data-only rule's word list is matched.
pub const SCOPES: &[&str] = &["objective.title", "key_result.title", "initiative.title"];

/// Files in `rules/` and what each holds.
pub const ESSAYS_FILE: &str = "essays.toml";
pub const WORDS_FILE: &str = "words.toml";
pub const DORA_KEYS_FILE: &str = "dora-metrics.toml";
pub const BENCHMARKS_FILE: &str = "dora-benchmarks.toml";
pub const LANGUAGE_FILE: &str = "language.toml";
pub const CLAIMS_FILE: &str = "claims.toml";

/// How much of an essay claim the rules check: `covered` (its main point), `partial` (part of
/// it; `gap` says what remains), `none`.
pub const CLAIM_STATUSES: &[&str] = &["covered", "partial", "none"];
/// How much the uncovered part of a claim matters.
pub const CLAIM_PRIORITIES: &[&str] = &["high", "medium", "low"];

/// The labels a KR sentence can get, and the ones a cue list may decide.
pub const CUE_LABELS: &[&str] = &["output", "activity", "capability", "outcome"];

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Essay {
    pub slug: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PassageRef {
    /// Slug of an essay in `rules/essays.toml`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub essay: Option<String>,
    /// For user rules citing something outside the essays: the source's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub quote: String,
}

/// A source outside the essays that a rule rests on (a specification, a survey, a report), with
/// the exact figure or sentence it relies on.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    pub title: String,
    pub publisher: String,
    pub url: String,
    /// The figure or sentence relied on, as the source states it.
    pub figure: String,
}

/// A data-only rule: a word list matched against titles.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TermsMatch {
    pub terms: Vec<String>,
    #[serde(rename = "in", default = "default_scopes")]
    pub scopes: Vec<String>,
    pub message: String,
}

fn default_scopes() -> Vec<String> {
    vec!["objective.title".into(), "key_result.title".into()]
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RuleMeta {
    pub code: String,
    pub name: String,
    pub family: Family,
    pub severity: Severity,
    pub summary: String,
    pub why: String,
    pub help: String,
    pub bad: String,
    pub good: String,
    #[serde(rename = "passage", default)]
    pub passages: Vec<PassageRef>,
    /// External sources a rule rests on instead of (or beside) an essay passage.
    #[serde(rename = "reference", default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Reference>,
    /// `okrlint`: the rule is okrlint's own format or consistency check, with no essay or
    /// external source behind it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
    /// Word lists some detectors match with (kept as data so they can be read and tuned).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub terms: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub counterpart_terms: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub synonym_groups: Vec<Vec<String>>,
    #[serde(rename = "match", default, skip_serializing_if = "Option::is_none")]
    pub matcher: Option<TermsMatch>,
    /// Input errors: the file could not be read as a plan, so the run exits 2.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub fatal: bool,
    /// Off unless selected by its code or name (`--select ME011`): `ALL`, a family or a prefix
    /// does not turn it on (like ruff's explicitly selected rules).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub opt_in: bool,
    /// Whether findings of this rule can carry a fix: `safe` or `unsafe`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    #[serde(default)]
    pub rule: Vec<RuleMeta>,
    /// Terms a user adds to the KR-language analyzer's cue lists (`rules/language.toml`).
    #[serde(default)]
    pub cue: Vec<CueExtension>,
}

/// A user's addition to a built-in cue list: `[[cue]] id = "activity_nouns" terms = [...]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CueExtension {
    pub id: String,
    pub terms: Vec<String>,
}

/// The KR-language analyzer's vocabulary (`rules/language.toml`).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    pub numbers: Numbers,
    pub unit: Vec<UnitEntry>,
    pub currency: Vec<CurrencyEntry>,
    pub comparators: Comparators,
    pub markers: Markers,
    pub directions: Directions,
    pub dates: Dates,
    pub cue: Vec<CueList>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Numbers {
    pub words: BTreeMap<String, f64>,
    pub factors: BTreeMap<String, f64>,
    pub multipliers: BTreeMap<String, f64>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct UnitEntry {
    pub name: String,
    /// Units of one kind compare after scaling (`duration`, `size`, `share`, …).
    pub kind: String,
    /// The unit in its kind's base (seconds for durations, bytes for sizes).
    pub scale: f64,
    pub terms: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CurrencyEntry {
    pub code: String,
    pub symbols: Vec<String>,
    pub terms: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Comparators {
    pub lt: Vec<String>,
    pub le: Vec<String>,
    pub gt: Vec<String>,
    pub ge: Vec<String>,
    pub eq: Vec<String>,
    pub after_ge: Vec<String>,
    pub after_le: Vec<String>,
    pub zero_openers: Vec<String>,
    pub zero_anywhere: Vec<String>,
    pub negations: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Markers {
    pub change: Vec<String>,
    pub baseline: Vec<String>,
    pub target: Vec<String>,
    pub per: Vec<String>,
    pub labels: Vec<String>,
    pub skip: Vec<String>,
    pub clauses: Vec<String>,
    pub links: Vec<String>,
    pub of: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Directions {
    pub increase: Vec<String>,
    pub decrease: Vec<String>,
    pub maintain: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Dates {
    pub prepositions: Vec<String>,
    /// Twelve entries, January first; each a month's spellings.
    pub months: Vec<Vec<String>>,
    pub period_words: BTreeMap<String, String>,
    pub ends: Vec<String>,
    pub phrases: BTreeMap<String, String>,
    pub relative: Vec<String>,
    pub relative_suffixes: Vec<String>,
}

/// One classification cue list: its id (a `Cue` variant), the label it decides, how it is
/// matched (documentation of the analyzer's pattern) and its terms.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CueList {
    /// snake_case; build.rs turns it into a `Cue` variant.
    pub id: String,
    pub label: String,
    pub pattern: String,
    pub about: String,
    pub terms: Vec<String>,
}

/// Where a date phrase's period word points.
pub const PERIOD_TARGETS: &[&str] = &[
    "quarter",
    "next-quarter",
    "year",
    "month",
    "half",
    "week",
    "sprint",
];

impl Language {
    /// Everything that must hold: twelve months, known labels and period targets, unique ids.
    pub fn validate(&self) -> Result<(), String> {
        let at = LANGUAGE_FILE;
        if self.dates.months.len() != 12 || self.dates.months.iter().any(Vec::is_empty) {
            return Err(format!(
                "{at}: [dates] months must list twelve months, each with a spelling"
            ));
        }
        if let Some(bad) = self
            .dates
            .period_words
            .values()
            .chain(self.dates.phrases.values())
            .find(|v| !PERIOD_TARGETS.contains(&v.as_str()))
        {
            return Err(format!(
                "{at}: unknown period `{bad}` (use {})",
                PERIOD_TARGETS.join(", ")
            ));
        }
        let mut ids = BTreeSet::new();
        for list in &self.cue {
            if !is_snake_case(&list.id) || !ids.insert(list.id.as_str()) {
                return Err(format!(
                    "{at}: cue id `{}` must be unique snake_case",
                    list.id
                ));
            }
            if !CUE_LABELS.contains(&list.label.as_str()) {
                return Err(format!(
                    "{at}: cue `{}` has unknown label `{}` (use {})",
                    list.id,
                    list.label,
                    CUE_LABELS.join(", ")
                ));
            }
            if list.terms.is_empty() {
                return Err(format!("{at}: cue `{}` is empty", list.id));
            }
        }
        let mut units = BTreeSet::new();
        for unit in &self.unit {
            if !units.insert(unit.name.as_str()) || !(unit.scale > 0.0) {
                return Err(format!(
                    "{at}: unit `{}` must be unique with a positive scale",
                    unit.name
                ));
            }
        }
        Ok(())
    }
}

/// A checkable claim of an essay and the rules that cover it (`rules/claims.toml`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    pub id: u32,
    /// Slug of an essay in `rules/essays.toml`.
    pub essay: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// The claim as the essay states it, verbatim.
    pub quote: String,
    /// One of `CLAIM_STATUSES`.
    pub status: String,
    /// Codes of the built-in rules that check it, in full or in part.
    #[serde(default)]
    pub rules: Vec<String>,
    /// What the codes alone do not say (a weak citation, a command that checks it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// What no rule checks yet, and how it could be checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gap: Option<String>,
    /// One of `CLAIM_PRIORITIES`, for the uncovered part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimFile {
    pub claim: Vec<Claim>,
}

/// The claims file on its own terms and against the essays and rule codes: unique ids, known
/// essays, statuses, priorities and codes, and a rule or a note behind every claim that says
/// a rule covers it.
pub fn check_claims(
    claims: &[Claim],
    essays: &BTreeSet<&str>,
    codes: &BTreeSet<&str>,
) -> Result<(), String> {
    let at = CLAIMS_FILE;
    let mut ids = BTreeSet::new();
    for claim in claims {
        let id = claim.id;
        if !ids.insert(id) {
            return Err(format!("{at}: claim {id} is listed twice"));
        }
        if !essays.contains(claim.essay.as_str()) {
            return Err(format!(
                "{at}: claim {id} is from unknown essay `{}`",
                claim.essay
            ));
        }
        if !CLAIM_STATUSES.contains(&claim.status.as_str()) {
            return Err(format!(
                "{at}: claim {id} has unknown status `{}` (use {})",
                claim.status,
                CLAIM_STATUSES.join(", ")
            ));
        }
        if let Some(priority) = claim
            .priority
            .as_deref()
            .filter(|p| !CLAIM_PRIORITIES.contains(p))
        {
            return Err(format!(
                "{at}: claim {id} has unknown priority `{priority}` (use {})",
                CLAIM_PRIORITIES.join(", ")
            ));
        }
        if let Some(code) = claim.rules.iter().find(|c| !codes.contains(c.as_str())) {
            return Err(format!("{at}: claim {id} names unknown rule `{code}`"));
        }
        if claim.status != "none" && claim.rules.is_empty() && claim.note.is_none() {
            return Err(format!(
                "{at}: claim {id} is {} but names no rule and has no note",
                claim.status
            ));
        }
    }
    Ok(())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EssayFile {
    pub essay: Vec<Essay>,
}

/// A named word list shared by detectors (`rules/words.toml`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WordList {
    /// snake_case; build.rs turns it into a `Words` variant.
    pub name: String,
    pub about: String,
    /// The rules whose detectors read this list, so `explain` can show it.
    pub used_by: Vec<String>,
    pub terms: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WordsFile {
    pub words: Vec<WordList>,
}

/// Which side of DORA's balance a delivery metric sits on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Group {
    Throughput,
    Instability,
    Flow,
    Satisfaction,
}

/// One DORA/SPACE key and the names teams give it (`rules/dora-metrics.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DoraKeyEntry {
    /// snake_case; build.rs turns it into a `DoraKey` variant.
    pub id: String,
    pub group: Group,
    /// Deployment frequency and lead time: the "speed" a team can buy with quality.
    #[serde(default)]
    pub speed: bool,
    pub terms: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DoraKeysFile {
    pub key: Vec<DoraKeyEntry>,
}

/// The six answers of DORA's quick-check question on deployment frequency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    OnDemand,
    HourlyDaily,
    DailyWeekly,
    WeeklyMonthly,
    MonthlyBiannually,
    LessThanBiannually,
}

/// An upper bound: `below` is exclusive, `at_most` inclusive, neither admits every value.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bound {
    pub below: Option<f64>,
    pub at_most: Option<f64>,
}

/// One value per tier, best first as the reports list them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tiers<T> {
    pub elite: T,
    pub high: T,
    pub medium: T,
    pub low: T,
}

/// Metric names a benchmark's notes may be filed under.
pub const TIER_METRICS: &[&str] = &[
    "deployment_frequency",
    "lead_time",
    "change_failure_rate",
    "recovery_time",
];

/// One DORA report year's performance table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Benchmark {
    pub year: u16,
    pub source: String,
    pub url: String,
    /// Per metric, where the table's own rows overlap or leave gaps.
    #[serde(default)]
    pub notes: BTreeMap<String, Vec<String>>,
    pub frequency: Tiers<Vec<Frequency>>,
    pub lead_time: Tiers<Bound>,
    pub change_failure_rate: Tiers<Bound>,
    pub recovery_time: Tiers<Bound>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BenchmarkFile {
    pub benchmark: Vec<Benchmark>,
}

/// Every file of a rules directory, parsed and checked against each other.
#[derive(Debug, Default)]
pub struct Catalog {
    pub essays: Vec<Essay>,
    pub rules: Vec<RuleMeta>,
    pub words: Vec<WordList>,
    pub dora_keys: Vec<DoraKeyEntry>,
    pub benchmarks: Vec<Benchmark>,
    pub language: Language,
    pub claims: Vec<Claim>,
}

fn parse<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> Result<T, String> {
    toml::from_str(text).map_err(|e| format!("rules/{name}: {e}"))
}

impl Catalog {
    /// Parses the built-in rules directory, given as (file name, text) pairs.
    pub fn parse_builtin(files: &[(&str, &str)]) -> Result<Self, String> {
        let mut catalog = Catalog::default();
        for (name, text) in files {
            match *name {
                ESSAYS_FILE => catalog.essays = parse::<EssayFile>(name, text)?.essay,
                WORDS_FILE => catalog.words = parse::<WordsFile>(name, text)?.words,
                DORA_KEYS_FILE => catalog.dora_keys = parse::<DoraKeysFile>(name, text)?.key,
                BENCHMARKS_FILE => {
                    catalog.benchmarks = parse::<BenchmarkFile>(name, text)?.benchmark
                }
                LANGUAGE_FILE => catalog.language = parse::<Language>(name, text)?,
                CLAIMS_FILE => catalog.claims = parse::<ClaimFile>(name, text)?.claim,
                _ => {
                    let file = parse::<RuleFile>(name, text)?;
                    if !file.cue.is_empty() {
                        return Err(format!("rules/{name}: cue lists belong in {LANGUAGE_FILE}"));
                    }
                    catalog.rules.extend(file.rule)
                }
            }
        }
        catalog.validate()?;
        Ok(catalog)
    }

    /// Everything that must hold across files: unique codes, known essays, scopes, list
    /// names and key ids; claims naming known essays and codes; benchmark tables with notes only on metrics they have.
    pub fn validate(&self) -> Result<(), String> {
        let essays: BTreeSet<&str> = self.essays.iter().map(|e| e.slug.as_str()).collect();
        let mut codes = BTreeSet::new();
        for rule in &self.rules {
            check_rule(rule, &essays)?;
            if !codes.insert(rule.code.as_str()) {
                return Err(format!("rule code {} is defined twice", rule.code));
            }
        }
        let mut names = BTreeSet::new();
        for list in &self.words {
            if !is_snake_case(&list.name) || !names.insert(list.name.as_str()) {
                return Err(format!(
                    "words.toml: list name `{}` must be unique snake_case",
                    list.name
                ));
            }
            if let Some(code) = list.used_by.iter().find(|c| !codes.contains(c.as_str())) {
                return Err(format!(
                    "words.toml: list `{}` is used by unknown rule `{code}`",
                    list.name
                ));
            }
            if list.terms.is_empty() {
                return Err(format!("words.toml: list `{}` is empty", list.name));
            }
        }
        let mut ids = BTreeSet::new();
        for key in &self.dora_keys {
            if !is_snake_case(&key.id) || !ids.insert(key.id.as_str()) {
                return Err(format!(
                    "dora-metrics.toml: key id `{}` must be unique snake_case",
                    key.id
                ));
            }
        }
        check_claims(&self.claims, &essays, &codes)?;
        self.language.validate()?;
        let mut years = BTreeSet::new();
        for table in &self.benchmarks {
            if !years.insert(table.year) {
                return Err(format!(
                    "dora-benchmarks.toml: year {} is listed twice",
                    table.year
                ));
            }
            if let Some(metric) = table
                .notes
                .keys()
                .find(|m| !TIER_METRICS.contains(&m.as_str()))
            {
                return Err(format!(
                    "dora-benchmarks.toml: {} has notes on unknown metric `{metric}`",
                    table.year
                ));
            }
        }
        Ok(())
    }
}

/// Checks one rule on its own; `origin` names where it came from in errors.
pub fn check_rule(rule: &RuleMeta, essays: &BTreeSet<&str>) -> Result<(), String> {
    if let Some(matcher) = &rule.matcher {
        if let Some(bad) = matcher
            .scopes
            .iter()
            .find(|s| !SCOPES.contains(&s.as_str()))
        {
            return Err(format!(
                "rule {}: unknown match scope `{bad}` (use {})",
                rule.code,
                SCOPES.join(", ")
            ));
        }
    }
    if let Some(fix) = rule
        .fix
        .as_deref()
        .filter(|f| !["safe", "unsafe"].contains(f))
    {
        return Err(format!(
            "rule {}: fix must be `safe` or `unsafe`, not `{fix}`",
            rule.code
        ));
    }
    if rule.passages.is_empty() && rule.references.is_empty() {
        return Err(format!(
            "rule {} cites nothing: give it a [[rule.passage]] or a [[rule.reference]]",
            rule.code
        ));
    }
    if let Some(basis) = rule.basis.as_deref().filter(|b| *b != "okrlint") {
        return Err(format!(
            "rule {}: basis must be `okrlint`, not `{basis}`",
            rule.code
        ));
    }
    for passage in &rule.passages {
        match &passage.essay {
            Some(slug) if !essays.contains(slug.as_str()) => {
                return Err(format!("rule {} cites unknown essay `{slug}`", rule.code))
            }
            None if passage.title.is_none() => {
                return Err(format!(
                    "rule {}: a passage needs an `essay` slug or a `title`",
                    rule.code
                ))
            }
            _ => {}
        }
    }
    Ok(())
}

fn is_snake_case(name: &str) -> bool {
    !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
