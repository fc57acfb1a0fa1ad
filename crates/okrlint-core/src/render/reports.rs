//! Reports for CI systems and people skimming a run: GitLab Code Quality, JUnit XML, a
//! Markdown summary for a GitHub job, and counts per rule. Every finding gets a fingerprint
//! that survives edits elsewhere in the file (no line numbers in it).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::json;

use crate::diagnostic::{Finding, Severity};
use crate::lint::{fingerprint, Report};

/// GitLab Code Quality JSON: `description`, `check_name`, `fingerprint`, `severity`,
/// `location.path`, `location.lines.begin`.
pub fn gitlab(report: &Report) -> String {
    let issues: Vec<_> = report
        .findings
        .iter()
        .map(|f| {
            json!({
                "description": format!("{}: {}", f.code, f.message),
                "check_name": f.code,
                "fingerprint": fingerprint(f, &report.sources[f.file_id]),
                "severity": match f.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                    Severity::Info => "info",
                },
                "location": {
                    "path": f.file,
                    "lines": { "begin": f.line, "end": f.end_line },
                },
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".into());
    text.push('\n');
    text
}

fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 allows no other control characters.
            c if c.is_control() && !matches!(c, '\n' | '\t' | '\r') => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// JUnit XML as CI systems read it: a `testsuite` per checked file, a `testcase` per finding
/// with its `failure`, and one passing `testcase` for a file without findings.
pub fn junit(report: &Report) -> String {
    let mut by_file: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for source in &report.sources {
        by_file.entry(source.display.as_str()).or_default();
    }
    for f in &report.findings {
        by_file.entry(f.file.as_str()).or_default().push(f);
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"okrlint\" tests=\"{}\" failures=\"{}\">",
        report.findings.len().max(by_file.len()),
        report.findings.len()
    );
    for (file, findings) in by_file {
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\">",
            xml(file),
            findings.len().max(1),
            findings.len()
        );
        if findings.is_empty() {
            let _ = writeln!(
                out,
                "    <testcase name=\"okrlint\" classname=\"{}\"/>",
                xml(file)
            );
        }
        for f in findings {
            let _ = writeln!(
                out,
                "    <testcase name=\"{}:{}:{} {}\" classname=\"{}\">",
                xml(file),
                f.line,
                f.column,
                f.code,
                xml(file)
            );
            let _ = writeln!(
                out,
                "      <failure message=\"{}\" type=\"{}\">{} {}({}) at {}:{}:{}\n{}</failure>",
                xml(&f.message),
                f.severity.as_str(),
                f.severity.as_str(),
                f.code,
                xml(&f.name),
                xml(file),
                f.line,
                f.column,
                xml(&f.help)
            );
            let _ = writeln!(out, "    </testcase>");
        }
        let _ = writeln!(out, "  </testsuite>");
    }
    out.push_str("</testsuites>\n");
    out
}

/// Findings per rule, most first, like `ruff --statistics`; `fixable` marks the rules with a
/// fix.
pub fn statistics(report: &Report, fixable: &dyn Fn(&str) -> bool) -> String {
    let mut counts: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for f in &report.findings {
        *counts
            .entry((f.code.as_str(), f.name.as_str()))
            .or_default() += 1;
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut out = String::new();
    for ((code, name), n) in rows {
        let mark = if fixable(code) { "[*] " } else { "    " };
        let _ = writeln!(out, "{n:>5}  {code}  {mark}{name}");
    }
    out
}

/// A Markdown table for `$GITHUB_STEP_SUMMARY`: annotations are capped per step, the summary
/// is not.
pub fn github_summary(report: &Report) -> String {
    let mut out = format!("### okrlint\n\n{}\n\n", super::summary_line(report));
    if report.findings.is_empty() {
        return out;
    }
    out.push_str("| file | line | severity | rule | message |\n|---|---|---|---|---|\n");
    for f in &report.findings {
        // One row per finding: `|` escaped, line breaks (`\r` too, for CommonMark) as escapes.
        let cell = |text: &str| super::machine::one_line(text).replace('|', "\\|");
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            cell(&f.file),
            f.line,
            f.severity.as_str(),
            f.code,
            cell(&f.message)
        );
    }
    out
}
