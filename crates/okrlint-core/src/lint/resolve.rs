//! Hits → findings, with the configuration applied.

use crate::config::Config;
use crate::diagnostic::{Code, Finding, Hit};
use crate::registry::Registry;
use crate::source::SourceFile;

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
    let mut allows: Vec<Vec<suppress::Allow>> = sources.iter().map(suppress::find_allows).collect();
    let mut findings = Vec::new();
    let push = |hit: Hit, findings: &mut Vec<Finding>, allows: &mut Vec<Vec<suppress::Allow>>| {
        let rule = &registry.resolve(hit.rule).meta;
        let source = &sources[hit.file];
        let start = source.location(hit.span.start);
        if !rule.fatal {
            if !selection.enabled(rule) {
                return;
            }
            // Globs are relative to the config file's directory, whatever path the user typed.
            let absolute = source
                .path
                .canonicalize()
                .unwrap_or_else(|_| source.path.clone());
            let config_dir = config
                .dir
                .canonicalize()
                .unwrap_or_else(|_| config.dir.clone());
            let relative = absolute.strip_prefix(&config_dir).unwrap_or(&source.path);
            let ignored_here = config.per_file_ignores.iter().any(|p| {
                (p.matcher.is_match(relative) || p.matcher.is_match(&source.display))
                    && p.selectors.iter().any(|s| s.matches(rule))
            });
            if ignored_here {
                return;
            }
            let mut suppressed = false;
            for allow in allows[hit.file].iter_mut() {
                if allow.covers(&rule.code, start.line) {
                    allow.used = true;
                    suppressed = true;
                }
            }
            if suppressed {
                return;
            }
        }
        let end = source.location(hit.span.end.max(hit.span.start));
        let severity = config
            .severity
            .get(&rule.code)
            .map_or(rule.severity, |s| s.value);
        findings.push(Finding {
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
            fatal: rule.fatal,
            file_id: hit.file,
            span: hit.span,
        });
    };
    for hit in hits {
        push(hit, &mut findings, &mut allows);
    }
    let unused: Vec<Hit> = allows
        .iter()
        .enumerate()
        .flat_map(|(file, list)| {
            list.iter().filter(|a| !a.used).map(move |a| {
                Hit::new(
                    Code::SC008,
                    file,
                    a.span.clone(),
                    format!("`allow({})` suppresses nothing here", a.codes.join(", ")),
                )
            })
        })
        .collect();
    for hit in unused {
        push(hit, &mut findings, &mut allows);
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup_by(|a, b| a.sort_key() == b.sort_key());
    findings
}
