//! Findings → text. Every renderer takes the same `Report` and writes plain bytes, so
//! output is the same for the same input.

pub mod convert;
mod human;
mod input_error;
mod machine;
mod reports;

pub use human::{human, HumanStyle, Passages};
pub use input_error::input_error;
pub use machine::{concise, github, json, sarif, SarifOptions};
pub use reports::{github_summary, gitlab, junit, statistics};

use crate::diagnostic::Severity;
use crate::lint::Report;

/// "3 errors, 1 warning and 2 infos in 4 files", or a clean bill of health.
pub fn summary_line(report: &Report) -> String {
    let files = plural(report.files_checked, "file", "files");
    if report.findings.is_empty() {
        return format!("No findings in {files}.");
    }
    let parts: Vec<String> = [
        (Severity::Error, "error", "errors"),
        (Severity::Warning, "warning", "warnings"),
        (Severity::Info, "info", "infos"),
    ]
    .into_iter()
    .filter_map(|(severity, one, many)| {
        let n = report.count(severity);
        (n > 0).then(|| plural(n, one, many))
    })
    .collect();
    let joined = match parts.as_slice() {
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
        [] => String::new(),
    };
    format!("Found {joined} in {files}.")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
