//! `okrlint check`: lint plans and catalogs, print the findings in the chosen format.

use okrlint_core::lint::{self, LintOptions};
use okrlint_core::render;
use okrlint_metrics::PolarsEngine;

use crate::exit;
use crate::output::{exit_for, human_style, Color, FailOn};

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
    Concise,
}

/// A validated `check` invocation.
pub struct CheckRun {
    pub options: LintOptions,
    pub format: Format,
    /// `--fail-on`; `None` defers to the config's `fail-on`, then `error`.
    pub fail_on: Option<FailOn>,
    pub color: Color,
    /// Exit 0 when the paths hold no plan or catalog (default: that is an error, so a CI gate
    /// pointed at the wrong folder fails).
    pub allow_empty: bool,
}

/// Returns what to print on stdout and the exit code.
pub fn run(run: &CheckRun) -> (String, u8) {
    let report = match lint::run(&run.options, &PolarsEngine) {
        Ok(report) => report,
        Err(error) => return (String::new(), exit::usage_error(&error)),
    };
    let fail_on = run
        .fail_on
        .or_else(|| report.fail_on.as_deref().and_then(FailOn::parse))
        .unwrap_or(FailOn::Error);
    let text = match run.format {
        Format::Human => render::human(&report, human_style(run.color)),
        Format::Json => render::json(&report),
        Format::Sarif => render::sarif(&report, &report.registry),
        Format::Github => render::github(&report),
        Format::Concise => render::concise(&report),
    };
    if report.files_checked == 0 && !run.allow_empty {
        let paths: Vec<String> = if run.options.paths.is_empty() {
            vec![".".into()]
        } else {
            run.options
                .paths
                .iter()
                .map(|p| p.display().to_string())
                .collect()
        };
        let message = format!(
            "no plan or catalog found in {} (plans are TOML or YAML with objective/metric tables, or Markdown named like OKR.md or marked <!-- okrlint: plan -->); --allow-empty accepts that",
            paths.join(", ")
        );
        return (text, exit::usage_error(&message));
    }
    let code = if report.has_fatal() {
        exit::INPUT
    } else {
        exit_for(&report.findings, fail_on.threshold())
    };
    (text, code)
}
