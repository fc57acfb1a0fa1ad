//! `okrlint check --fix / --unsafe-fixes / --diff`: applying the fixes findings carry. Edits
//! are byte-range replacements, so comments and formatting around them stay as written; two
//! edits that overlap are never both applied in one pass.

use std::collections::BTreeMap;
use std::path::PathBuf;

use okrlint_core::diagnostic::Safety;
use okrlint_core::lint::Report;
use similar::TextDiff;

/// A file's text before and after one pass of fixes.
pub struct Fixed {
    pub path: PathBuf,
    pub display: String,
    pub before: String,
    pub after: String,
    /// Findings fixed (a fix may make several edits).
    pub applied: usize,
}

/// One pass: every applicable fix, per file, without overlaps.
pub fn plan(report: &Report, unsafe_fixes: bool) -> Vec<Fixed> {
    let mut by_file: BTreeMap<usize, Vec<(usize, usize, String)>> = BTreeMap::new();
    let mut fixes: BTreeMap<usize, usize> = BTreeMap::new();
    for finding in &report.findings {
        let Some(fix) = &finding.fix else { continue };
        if fix.safety == Safety::Unsafe && !unsafe_fixes {
            continue;
        }
        let edits = by_file.entry(finding.file_id).or_default();
        let overlaps =
            |s: usize, e: usize| edits.iter().any(|(a, b, _)| s < *b && *a < e.max(s + 1));
        if fix
            .edits
            .iter()
            .any(|edit| overlaps(edit.span.start, edit.span.end))
        {
            continue;
        }
        for edit in &fix.edits {
            edits.push((edit.span.start, edit.span.end, edit.replacement.clone()));
        }
        *fixes.entry(finding.file_id).or_default() += 1;
    }
    let mut out = Vec::new();
    for (file, mut edits) in by_file {
        let source = &report.sources[file];
        if source.path.as_os_str().is_empty() || source.text.is_empty() {
            continue;
        }
        edits.sort_by_key(|e| std::cmp::Reverse(e.0));
        let mut after = source.text.clone();
        for (start, end, replacement) in &edits {
            if *end <= after.len() && after.is_char_boundary(*start) && after.is_char_boundary(*end)
            {
                after.replace_range(*start..*end, replacement);
            }
        }
        let applied = fixes.get(&file).copied().unwrap_or(0);
        out.push(Fixed {
            path: source.path.clone(),
            display: source.display.clone(),
            before: source.text.clone(),
            after,
            applied,
        });
    }
    out
}

/// A unified diff of one pass, as `--diff` prints it.
pub fn diff(fixed: &[Fixed]) -> String {
    let mut out = String::new();
    for file in fixed {
        let diff = TextDiff::from_lines(&file.before, &file.after);
        out.push_str(
            &diff
                .unified_diff()
                .header(
                    &format!("a/{}", file.display),
                    &format!("b/{}", file.display),
                )
                .to_string(),
        );
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}
