//! Rule and essay metadata as data: deserialized from TOML, validated, looked up by code.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{Family, Severity};
use crate::finding::Passage;

use crate::embedded::EMBEDDED;

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

pub const SCOPES: &[&str] = &["objective.title", "key_result.title", "initiative.title"];

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
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    #[serde(default)]
    rule: Vec<RuleMeta>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EssayFile {
    essay: Vec<Essay>,
}

/// Every rule okrlint knows, built-in and user-defined, sorted by code.
#[derive(Debug, Clone)]
pub struct Registry {
    rules: Vec<RuleMeta>,
    by_code: BTreeMap<String, usize>,
    essays: BTreeMap<String, Essay>,
}

/// Files in `rules/` that are data for a command, not rules.
const NOT_RULE_FILES: &[&str] = &["essays.toml"];

impl Registry {
    /// The catalog compiled into the binary.
    pub fn builtin() -> Result<Self, String> {
        let mut essays = BTreeMap::new();
        let mut rules = Vec::new();
        for (name, text) in EMBEDDED {
            if *name == "essays.toml" {
                let file: EssayFile =
                    toml::from_str(text).map_err(|e| format!("rules/{name}: {e}"))?;
                for essay in file.essay {
                    essays.insert(essay.slug.clone(), essay);
                }
            } else if !NOT_RULE_FILES.contains(name) && text.contains("[[rule]]") {
                let file: RuleFile =
                    toml::from_str(text).map_err(|e| format!("rules/{name}: {e}"))?;
                rules.extend(file.rule);
            }
        }
        let mut registry = Registry {
            rules: Vec::new(),
            by_code: BTreeMap::new(),
            essays,
        };
        for rule in rules {
            registry.add(rule, "built-in catalog")?;
        }
        Ok(registry)
    }

    /// Adds the data-only rules found in `dir/*.toml`.
    pub fn load_user_dir(&mut self, dir: &Path) -> Result<(), String> {
        let entries = std::fs::read_dir(dir)
            .map_err(|e| format!("{}: cannot read rules directory: {e}", dir.display()))?;
        let mut paths: Vec<_> = entries
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|ext| ext == "toml"))
            .collect();
        paths.sort();
        for path in paths {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let file: RuleFile =
                toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            for rule in file.rule {
                if rule.matcher.is_none() {
                    return Err(format!(
                        "{}: rule {} has no [rule.match] table; user rules are word-list rules",
                        path.display(),
                        rule.code
                    ));
                }
                self.add(rule, &path.display().to_string())?;
            }
        }
        Ok(())
    }

    fn add(&mut self, rule: RuleMeta, origin: &str) -> Result<(), String> {
        if self.by_code.contains_key(&rule.code) {
            return Err(format!(
                "{origin}: rule code {} is defined twice",
                rule.code
            ));
        }
        if let Some(matcher) = &rule.matcher {
            if let Some(bad) = matcher
                .scopes
                .iter()
                .find(|s| !SCOPES.contains(&s.as_str()))
            {
                return Err(format!(
                    "{origin}: rule {}: unknown match scope `{bad}` (use {})",
                    rule.code,
                    SCOPES.join(", ")
                ));
            }
        }
        for passage in &rule.passages {
            match &passage.essay {
                Some(slug) if !self.essays.contains_key(slug) => {
                    return Err(format!(
                        "{origin}: rule {} cites unknown essay `{slug}`",
                        rule.code
                    ))
                }
                None if passage.title.is_none() => {
                    return Err(format!(
                        "{origin}: rule {}: a passage needs an `essay` slug or a `title`",
                        rule.code
                    ))
                }
                _ => {}
            }
        }
        let at = self.rules.partition_point(|r| r.code < rule.code);
        self.rules.insert(at, rule);
        self.by_code = self
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.code.clone(), i))
            .collect();
        Ok(())
    }

    pub fn rules(&self) -> &[RuleMeta] {
        &self.rules
    }

    pub fn get(&self, code: &str) -> Option<&RuleMeta> {
        self.by_code.get(code).map(|&i| &self.rules[i])
    }

    pub fn essays(&self) -> impl Iterator<Item = &Essay> {
        self.essays.values()
    }

    pub fn essay(&self, slug: &str) -> Option<&Essay> {
        self.essays.get(slug)
    }

    /// A rule's word list; empty when the rule is unknown, so a detector simply finds nothing.
    pub fn terms(&self, code: &str) -> &[String] {
        self.get(code).map_or(&[], |r| r.terms.as_slice())
    }

    pub fn passages(&self, rule: &RuleMeta) -> Vec<Passage> {
        rule.passages
            .iter()
            .map(|p| {
                let essay = p.essay.as_deref().and_then(|slug| self.essays.get(slug));
                Passage {
                    essay: p.essay.clone().unwrap_or_default(),
                    essay_title: essay
                        .map(|e| e.title.clone())
                        .or_else(|| p.title.clone())
                        .unwrap_or_default(),
                    quote: p.quote.clone(),
                }
            })
            .collect()
    }
}
