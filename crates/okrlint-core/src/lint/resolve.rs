//! Hits → findings, with the configuration applied.

use std::collections::HashMap;

use crate::config::{Config, Selector};
use crate::diagnostic::{Code, Family, Finding, Hit, Safety, Source};
use crate::registry::Registry;
use crate::source::SourceFile;
use crate::suggest::did_you_mean;

use super::select::Selection;
use super::suppress;

/// Turns hits into findings: the rule's metadata filled in, the configuration applied
/// (selection, per-file ignores, severity overrides), inline suppressions honoured and the
/// unused ones reported (SC008), then sorted so the same input gives the same bytes.
pub(crate) fn resolve(
    hits: Vec<Hit>,
    sources: &[SourceFile],
    registry: &Registry,
    config: &Config,
    selection: &Selection,
) -> Vec<Finding> {
    // Per file, once: its inline allows indexed by line, and the per-file ignores whose glob
    // matches it (globs are relative to the config's directory, whatever path was typed).
    let mut files: Vec<FileState> = sources
        .iter()
        .map(|source| FileState::new(source, config))
        .collect();
    let mut findings = Vec::with_capacity(hits.len());
    for hit in hits {
        if let Some(finding) = resolve_one(hit, sources, registry, config, selection, &mut files) {
            findings.push(finding);
        }
    }
    // Allows that suppressed nothing, or name no rule: reported, never silently ignored.
    let mut unused = Vec::new();
    for (file, state) in files.iter().enumerate() {
        for allow in state.allows.iter().filter(|a| !a.used) {
            let unknown: Vec<&str> = allow
                .codes
                .iter()
                .filter(|c| !Selector((*c).clone()).is_known(registry))
                .map(String::as_str)
                .collect();
            let message = if let Some(problem) = &allow.problem {
                problem.clone()
            } else if unknown.is_empty() {
                format!(
                    "`allow({})` suppresses nothing here",
                    allow.codes.join(", ")
                )
            } else {
                format!(
                    "`allow({})` names no rule, prefix, rule name or family: {}",
                    allow.codes.join(", "),
                    unknown.join(", ")
                )
            };
            let mut hit = Hit::new(Code::SC008, file, allow.span.clone(), message);
            let names = registry
                .rules()
                .flat_map(|r| [r.code.as_str(), r.name.as_str()])
                .chain(Family::ALL.iter().map(|f| f.as_str()));
            if let Some(near) = unknown.first().and_then(|u| did_you_mean(u, names)) {
                hit.help = Some(format!("did you mean `{near}`?"));
            }
            unused.push(hit);
        }
    }
    for hit in unused {
        if let Some(finding) = resolve_one(hit, sources, registry, config, selection, &mut files) {
            findings.push(finding);
        }
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup_by(|a, b| a.sort_key() == b.sort_key());
    findings
}

/// What resolving needs to know about one file, computed once.
struct FileState {
    allows: Vec<suppress::Allow>,
    /// Line → the allows covering it.
    by_line: HashMap<usize, Vec<usize>>,
    /// The per-file ignores whose glob matches this file.
    ignores: Vec<usize>,
}

impl FileState {
    fn new(source: &SourceFile, config: &Config) -> Self {
        let allows = suppress::find_allows(source);
        let mut by_line: HashMap<usize, Vec<usize>> = HashMap::new();
        for (index, allow) in allows.iter().enumerate() {
            for line in allow.lines.clone() {
                by_line.entry(line).or_default().push(index);
            }
        }
        let absolute = source
            .path
            .canonicalize()
            .unwrap_or_else(|_| source.path.clone());
        let config_dir = config
            .dir
            .canonicalize()
            .unwrap_or_else(|_| config.dir.clone());
        let relative = absolute.strip_prefix(&config_dir).unwrap_or(&source.path);
        let ignores = config
            .per_file_ignores
            .iter()
            .enumerate()
            .filter(|(_, p)| p.matcher.is_match(relative) || p.matcher.is_match(&source.display))
            .map(|(i, _)| i)
            .collect();
        FileState {
            allows,
            by_line,
            ignores,
        }
    }
}

fn resolve_one(
    hit: Hit,
    sources: &[SourceFile],
    registry: &Registry,
    config: &Config,
    selection: &Selection,
    files: &mut [FileState],
) -> Option<Finding> {
    let rule = &registry.resolve(hit.rule).meta;
    let source = &sources[hit.file];
    let start = source.location(hit.span.start);
    if !rule.fatal {
        if !selection.enabled(rule) {
            return None;
        }
        let state = &mut files[hit.file];
        let ignored_here = state.ignores.iter().any(|&i| {
            config.per_file_ignores[i]
                .selectors
                .iter()
                .any(|s| s.value.matches(rule))
        });
        if ignored_here {
            return None;
        }
        let mut suppressed = false;
        if let Some(indices) = state.by_line.get(&start.line) {
            for &index in indices {
                let allow = &mut state.allows[index];
                if allow
                    .codes
                    .iter()
                    .any(|c| Selector(c.clone()).matches(rule))
                {
                    allow.used = true;
                    suppressed = true;
                }
            }
        }
        if suppressed {
            return None;
        }
    }
    let end = source.location(hit.span.end.max(hit.span.start));
    let severity = config
        .severity
        .get(&rule.code)
        .or_else(|| config.severity.get(&rule.name))
        .map_or(rule.severity, |s| s.value);
    Some(Finding {
        code: rule.code.clone(),
        name: rule.name.clone(),
        family: rule.family,
        severity,
        message: hit.message,
        file: source.display.clone(),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        objective: hit.objective,
        key_result: hit.key_result,
        help: hit.help.unwrap_or_else(|| rule.help.clone()),
        passages: registry.passages(rule),
        references: rule
            .references
            .iter()
            .map(|r| Source {
                title: r.title.clone(),
                publisher: r.publisher.clone(),
                url: r.url.clone(),
                figure: r.figure.clone(),
            })
            .collect(),
        // A fix survives only for a rule that declares one, at no more than its safety.
        fix: hit.fix.filter(|fix| match rule.fix.as_deref() {
            Some("safe") => true,
            Some("unsafe") => fix.safety == Safety::Unsafe,
            _ => false,
        }),
        fatal: rule.fatal,
        file_id: hit.file,
        span: hit.span,
    })
}
