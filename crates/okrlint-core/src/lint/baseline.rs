//! Adopting okrlint on plans that already have findings: `--write-baseline FILE` records
//! today's findings, `--baseline FILE` (or `baseline = "…"` in okrlint.toml) reports only
//! findings not in it. An entry is keyed on what survives edits — rule code, file, objective
//! and key result, and a fingerprint of the text the finding points at — never on a line
//! number. Entries that no longer match anything are reported (SC011) so the file can be
//! pruned by writing it again.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::fingerprint;
use super::resolve::resolve;
use super::select::Selection;
use super::Report;
use crate::config::Config;
use crate::diagnostic::{Code, Finding, Hit};
use crate::source::{display_path, read_bounded, SourceFile, DEFAULT_MAX_FILE_BYTES};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
struct Entry {
    code: String,
    file: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    objective: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    key_result: Option<String>,
    fingerprint: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
}

fn entry(finding: &Finding, report: &Report) -> Entry {
    Entry {
        code: finding.code.clone(),
        file: finding.file.clone(),
        objective: finding.objective.clone(),
        key_result: finding.key_result.clone(),
        fingerprint: fingerprint(finding, &report.sources[finding.file_id]),
    }
}

/// Today's findings as a baseline file (input errors are never baselined: they stop a run).
pub fn write(report: &Report) -> String {
    let mut findings: Vec<Entry> = report
        .findings
        .iter()
        .filter(|f| !f.fatal && f.code != Code::SC011.as_str())
        .map(|f| entry(f, report))
        .collect();
    findings.sort();
    let file = BaselineFile {
        version: 1,
        findings,
    };
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    text
}

/// Removes the findings the baseline lists (each entry matches one finding), and reports each
/// entry that matched nothing. `Err` when the file cannot be read as a baseline.
pub fn apply(report: &mut Report, path: &Path) -> Result<(), String> {
    let bytes = read_bounded(path, DEFAULT_MAX_FILE_BYTES)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| format!("{}: the baseline is not valid UTF-8", path.display()))?;
    let file: BaselineFile = serde_json::from_str(&text).map_err(|e| {
        format!(
            "{}: not an okrlint baseline ({e}); write one with --write-baseline",
            path.display()
        )
    })?;
    if file.version != 1 {
        return Err(format!(
            "{}: baseline version {} is not one this okrlint reads (1)",
            path.display(),
            file.version
        ));
    }
    let mut remaining: BTreeMap<Entry, usize> = BTreeMap::new();
    for e in file.findings {
        *remaining.entry(e).or_default() += 1;
    }
    let findings = std::mem::take(&mut report.findings);
    for finding in findings {
        let key = entry(&finding, report);
        match remaining.get_mut(&key) {
            Some(count) if *count > 0 && !finding.fatal => *count -= 1,
            _ => report.findings.push(finding),
        }
    }
    // Stale entries point at their fingerprint in the baseline file.
    let source = SourceFile::new(display_path(path), path.to_path_buf(), text);
    let id = report.sources.len();
    let mut hits = Vec::new();
    for (e, count) in remaining.into_iter().filter(|(_, n)| *n > 0) {
        let at = source.text.find(&e.fingerprint).unwrap_or(0);
        let span = at..at + e.fingerprint.len().min(source.text.len() - at);
        let what = [e.objective.as_deref(), e.key_result.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" / ");
        for _ in 0..count {
            hits.push(Hit::new(
                Code::SC011,
                id,
                span.clone(),
                format!(
                    "baseline entry {} in {}{} matches no finding any more",
                    e.code,
                    e.file,
                    if what.is_empty() {
                        String::new()
                    } else {
                        format!(" ({what})")
                    }
                ),
            ));
        }
    }
    if !hits.is_empty() {
        let mut sources = std::mem::take(&mut report.sources);
        sources.push(source);
        let stale = resolve(
            hits,
            &sources,
            &report.registry,
            &Config::default(),
            &Selection::all(),
        );
        report.sources = sources;
        report.findings.extend(stale);
        report
            .findings
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }
    Ok(())
}
