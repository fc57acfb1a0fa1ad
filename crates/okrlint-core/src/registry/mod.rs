//! Rule and essay metadata as data: the built-in catalog compiled from `rules/*.toml`
//! (validated by build.rs), plus users' data-only rules from `--rules DIR`.

pub mod schema;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

// `schema` names `level` through its parent, so build.rs can compile it on its own.
use crate::diagnostic::{level, Code, Passage, RuleId};
use crate::words::{TermSet, Words};

pub use schema::{
    Claim, CueList, Essay, Language, PassageRef, Reference, RuleMeta, TermsMatch, WordList, SCOPES,
};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The `rules/*.toml` files compiled into the binary, by name.
pub fn embedded_file(name: &str) -> Option<&'static str> {
    embedded::EMBEDDED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

/// The built-in catalog, parsed. build.rs ran the same parse and validation on the same
/// bytes, so this cannot fail at run time.
fn builtin_catalog() -> schema::Catalog {
    schema::Catalog::parse_builtin(embedded::EMBEDDED)
        .expect("rules/ was validated by build.rs when okrlint was built")
}

/// A rule with its word lists compiled.
#[derive(Debug, Clone)]
pub struct Rule {
    pub meta: RuleMeta,
    pub terms: TermSet,
    pub counterpart_terms: TermSet,
    pub synonym_groups: Vec<TermSet>,
    /// A data-only rule's list (`[rule.match]`).
    pub matcher: Option<TermSet>,
}

impl Rule {
    fn new(meta: RuleMeta) -> Self {
        Rule {
            terms: TermSet::new(&meta.terms),
            counterpart_terms: TermSet::new(&meta.counterpart_terms),
            synonym_groups: meta
                .synonym_groups
                .iter()
                .map(|g| TermSet::new(g))
                .collect(),
            matcher: meta.matcher.as_ref().map(|m| TermSet::new(&m.terms)),
            meta,
        }
    }
}

/// Every rule okrlint knows, built-in and user-defined, sorted by code.
#[derive(Debug, Clone)]
pub struct Registry {
    rules: Vec<Rule>,
    /// `Code::index()` → position in `rules`.
    builtin: Vec<usize>,
    by_code: BTreeMap<String, usize>,
    essays: BTreeMap<String, Essay>,
    /// `Words::index()` → the list.
    words: Vec<(WordList, TermSet)>,
    /// The KR-language analyzer's vocabulary, with users' additions to its cue lists.
    language: Language,
    /// The essays' checkable claims (`rules/claims.toml`), by id.
    claims: Vec<Claim>,
}

/// How many claims each status has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ClaimCounts {
    pub claims: usize,
    pub covered: usize,
    pub partial: usize,
    pub none: usize,
}

impl ClaimCounts {
    pub fn of<'a>(claims: impl IntoIterator<Item = &'a Claim>) -> Self {
        let mut counts = ClaimCounts::default();
        for claim in claims {
            counts.claims += 1;
            match claim.status.as_str() {
                "covered" => counts.covered += 1,
                "partial" => counts.partial += 1,
                _ => counts.none += 1,
            }
        }
        counts
    }
}

impl Registry {
    /// The catalog compiled into the binary.
    pub fn builtin() -> Self {
        let catalog = builtin_catalog();
        let essays = catalog
            .essays
            .into_iter()
            .map(|e| (e.slug.clone(), e))
            .collect();
        let mut by_name: BTreeMap<String, WordList> = catalog
            .words
            .into_iter()
            .map(|w| (w.name.clone(), w))
            .collect();
        let words = Words::ALL
            .iter()
            .map(|w| {
                let list = by_name
                    .remove(w.as_str())
                    .expect("build.rs generated Words from words.toml");
                let set = TermSet::new(&list.terms);
                (list, set)
            })
            .collect();
        let mut claims = catalog.claims;
        claims.sort_by_key(|c| c.id);
        let mut registry = Registry {
            rules: catalog.rules.into_iter().map(Rule::new).collect(),
            builtin: Vec::new(),
            by_code: BTreeMap::new(),
            essays,
            words,
            language: catalog.language,
            claims,
        };
        registry.index();
        registry
    }

    fn index(&mut self) {
        self.rules.sort_by(|a, b| a.meta.code.cmp(&b.meta.code));
        self.by_code = self
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.meta.code.clone(), i))
            .collect();
        self.builtin = Code::ALL
            .iter()
            .map(|code| {
                *self
                    .by_code
                    .get(code.as_str())
                    .expect("build.rs generated Code from the same rules")
            })
            .collect();
    }

    /// Adds the data-only rules found in `dir/*.toml`.
    pub fn load_user_dir(&mut self, dir: &Path) -> Result<(), String> {
        let entries = std::fs::read_dir(dir)
            .map_err(|e| format!("{}: cannot read rules directory: {e}", dir.display()))?;
        let mut paths: Vec<_> = entries
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|ext| ext == "toml"))
            .collect();
        // A FIFO or device named like a rule file is refused, not waited on.
        paths.sort();
        let essays: BTreeSet<String> = self.essays.keys().cloned().collect();
        for path in paths {
            let bytes = crate::source::read_bounded(&path, crate::source::DEFAULT_MAX_FILE_BYTES)?;
            let text = String::from_utf8(bytes)
                .map_err(|_| format!("{}: not valid UTF-8", path.display()))?;
            let file: schema::RuleFile =
                toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            for extension in file.cue {
                let Some(list) = self.language.cue.iter_mut().find(|c| c.id == extension.id) else {
                    let ids = self.language.cue.iter().map(|c| c.id.as_str());
                    let hint = crate::suggest::did_you_mean(&extension.id, ids)
                        .map_or(String::new(), |s| format!(" (did you mean `{s}`?)"));
                    return Err(format!(
                        "{}: [[cue]] `{}` is not a cue list of rules/language.toml{hint}",
                        path.display(),
                        extension.id
                    ));
                };
                list.terms.extend(extension.terms);
            }
            for rule in file.rule {
                let origin = path.display();
                if rule.matcher.is_none() {
                    return Err(format!(
                        "{origin}: rule {} has no [rule.match] table; user rules are word-list rules",
                        rule.code
                    ));
                }
                if self.by_code.contains_key(&rule.code) {
                    return Err(format!(
                        "{origin}: rule code {} is defined twice",
                        rule.code
                    ));
                }
                let slugs: BTreeSet<&str> = essays.iter().map(String::as_str).collect();
                schema::check_rule(&rule, &slugs).map_err(|e| format!("{origin}: {e}"))?;
                self.rules.push(Rule::new(rule));
                self.index();
            }
        }
        Ok(())
    }

    pub fn rules(&self) -> impl ExactSizeIterator<Item = &RuleMeta> {
        self.rules.iter().map(|r| &r.meta)
    }

    /// Rules with their compiled lists, with the id hits use for them.
    pub fn entries(&self) -> impl Iterator<Item = (RuleId, &Rule)> {
        self.rules.iter().enumerate().map(|(i, rule)| {
            let id = Code::parse(&rule.meta.code)
                .filter(|c| self.builtin[c.index()] == i)
                .map_or(RuleId::User(i), RuleId::Builtin);
            (id, rule)
        })
    }

    /// A rule by code or name as typed (`OU001`, `output-verb-key-result`).
    pub fn get(&self, code: &str) -> Option<&RuleMeta> {
        self.by_code.get(code).map(|&i| &self.rules[i].meta)
    }

    /// A built-in rule: always present, by construction.
    pub fn rule(&self, code: Code) -> &Rule {
        &self.rules[self.builtin[code.index()]]
    }

    pub fn resolve(&self, id: RuleId) -> &Rule {
        match id {
            RuleId::Builtin(code) => self.rule(code),
            RuleId::User(index) => &self.rules[index],
        }
    }

    /// The KR-language analyzer's vocabulary (built in, plus users' cue terms).
    pub fn language(&self) -> &Language {
        &self.language
    }

    pub fn essays(&self) -> impl Iterator<Item = &Essay> {
        self.essays.values()
    }

    pub fn essay(&self, slug: &str) -> Option<&Essay> {
        self.essays.get(slug)
    }

    /// The essays' checkable claims and the rules covering them, by id.
    pub fn claims(&self) -> &[Claim] {
        &self.claims
    }

    /// One essay's claims, by id.
    pub fn claims_of<'a>(&'a self, slug: &'a str) -> impl Iterator<Item = &'a Claim> + 'a {
        self.claims.iter().filter(move |c| c.essay == slug)
    }

    /// A built-in rule's word list (`terms` in its TOML entry).
    pub fn terms(&self, code: Code) -> &TermSet {
        &self.rule(code).terms
    }

    /// A shared list from `rules/words.toml`.
    pub fn words(&self, words: Words) -> &TermSet {
        &self.words[words.index()].1
    }

    /// The shared lists a rule's detector reads, for `explain`.
    pub fn word_lists_of<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a WordList> + 'a {
        self.words
            .iter()
            .map(|(list, _)| list)
            .filter(move |list| list.used_by.iter().any(|c| c == code))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_and_list_resolves() {
        let registry = Registry::builtin();
        for code in Code::ALL {
            assert_eq!(registry.rule(code).meta.code, code.as_str());
        }
        for words in Words::ALL {
            assert!(!registry.words(words).is_empty());
        }
    }

    /// The playbook review counted (coverage.md) 143 claims: 48 covered, 52 partial, 43 none.
    /// Issue 15's planning rules moved 14 of them (see the header of `rules/claims.toml`). A
    /// status changes when a rule is added; change this test with it.
    #[test]
    fn claims_counts_match_the_review() {
        let registry = Registry::builtin();
        let counts = ClaimCounts::of(registry.claims());
        assert_eq!(
            counts,
            ClaimCounts {
                claims: 143,
                covered: 55,
                partial: 50,
                none: 38
            }
        );
        let ids: Vec<u32> = registry.claims().iter().map(|c| c.id).collect();
        assert_eq!(ids, (1..=143).collect::<Vec<u32>>());
        for claim in registry.claims() {
            assert!(registry.essay(&claim.essay).is_some(), "claim {}", claim.id);
            for code in &claim.rules {
                assert!(registry.get(code).is_some(), "claim {}: {code}", claim.id);
            }
        }
        let per_essay: usize = registry
            .essays()
            .map(|e| registry.claims_of(&e.slug).count())
            .sum();
        assert_eq!(per_essay, 143);
    }

    fn claim(status: &str, rules: &[&str]) -> Claim {
        Claim {
            id: 1,
            essay: "product-wedge".into(),
            topic: None,
            quote: "a quote".into(),
            status: status.into(),
            rules: rules.iter().map(|r| r.to_string()).collect(),
            note: None,
            gap: None,
            priority: Some("low".into()),
        }
    }

    #[test]
    fn claims_check_rejects_unknown_codes_and_bad_values() {
        let essays: BTreeSet<&str> = ["product-wedge"].into();
        let codes: BTreeSet<&str> = ["OU001", "OU002"].into();
        let check = |claims: &[Claim]| schema::check_claims(claims, &essays, &codes);
        assert_eq!(check(&[claim("covered", &["OU001", "OU002"])]), Ok(()));
        assert_eq!(check(&[claim("none", &[])]), Ok(()));
        let error = check(&[claim("covered", &["OU001", "ZZ999"])]).unwrap_err();
        assert!(error.contains("unknown rule `ZZ999`"), "{error}");
        let error = check(&[claim("partial", &[])]).unwrap_err();
        assert!(error.contains("names no rule and has no note"), "{error}");
        let noted = Claim {
            note: Some("`okrlint nrr`".into()),
            ..claim("partial", &[])
        };
        assert_eq!(check(&[noted]), Ok(()));
        let error = check(&[claim("done", &["OU001"])]).unwrap_err();
        assert!(error.contains("unknown status `done`"), "{error}");
        let urgent = Claim {
            priority: Some("urgent".into()),
            ..claim("none", &[])
        };
        assert!(check(&[urgent]).unwrap_err().contains("unknown priority"));
        let elsewhere = Claim {
            essay: "no-such-essay".into(),
            ..claim("none", &[])
        };
        assert!(check(&[elsewhere]).unwrap_err().contains("unknown essay"));
        let error = check(&[claim("none", &[]), claim("none", &[])]).unwrap_err();
        assert!(error.contains("claim 1 is listed twice"), "{error}");
    }

    /// The built-in files fail to parse as a catalog when a claim names an unknown code.
    #[test]
    fn catalog_with_unknown_claim_code_is_rejected() {
        let mut files: Vec<(&str, String)> = embedded::EMBEDDED
            .iter()
            .map(|(n, t)| (*n, t.to_string()))
            .collect();
        let claims = files
            .iter_mut()
            .find(|(n, _)| *n == schema::CLAIMS_FILE)
            .expect("claims.toml is embedded");
        claims.1 = claims.1.replacen("rules = [", "rules = [\"ZZ999\", ", 1);
        let pairs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
        let error = schema::Catalog::parse_builtin(&pairs).unwrap_err();
        assert!(error.contains("unknown rule `ZZ999`"), "{error}");
    }
}
