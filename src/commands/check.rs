//! `okrlint check`: lint plans and catalogs, print the findings in the chosen format.

use std::io::Write as _;
use std::path::PathBuf;

use okrlint_core::lint::{self, LintOptions};
use okrlint_core::render::{self, SarifOptions};
use okrlint_metrics::PolarsEngine;

use crate::exit;
use crate::fix;
use crate::output::{exit_for, human_style_with, Color, FailOn, PassagesArg};

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
    Concise,
    /// GitLab Code Quality JSON.
    Gitlab,
    /// JUnit XML.
    Junit,
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
    pub passages: PassagesArg,
    /// Counts per rule instead of the findings.
    pub statistics: bool,
    /// Print nothing; the exit code says it all.
    pub quiet: bool,
    /// Write the report here instead of stdout.
    pub output_file: Option<PathBuf>,
    /// Base URL of the rule pages (`docs/rules/CODE.md`) for SARIF's links.
    pub docs_url: Option<String>,
    /// Write today's findings here as a baseline.
    pub write_baseline: Option<PathBuf>,
    pub fix: bool,
    pub unsafe_fixes: bool,
    pub diff: bool,
}

/// How many passes `--fix` makes at most: each pass re-checks the fixed files, so a fix that
/// enables another is applied too, and a fix that would undo another cannot loop.
const MAX_FIX_PASSES: usize = 10;

/// Appends a Markdown summary to the file `$GITHUB_STEP_SUMMARY` names, when it is set (in a
/// GitHub Actions job): annotations are capped per step, the summary is not.
fn write_step_summary(summary: &str) {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return;
    };
    let file = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&path);
    if let Ok(mut file) = file {
        let _ = file.write_all(summary.as_bytes());
    } else {
        eprintln!(
            "okrlint: warning: cannot append to GITHUB_STEP_SUMMARY ({})",
            std::path::Path::new(&path).display()
        );
    }
}

/// Returns what to print on stdout and the exit code.
pub fn run(run: &CheckRun) -> (String, u8) {
    let mut report = match lint::run(&run.options, &PolarsEngine) {
        Ok(report) => report,
        Err(error) => return (String::new(), exit::usage_error(&error)),
    };
    if run.diff {
        let fixed = fix::plan(&report, run.unsafe_fixes);
        let count: usize = fixed.iter().map(|f| f.applied).sum();
        eprintln!("okrlint: {count} fix(es) would be applied");
        return (fix::diff(&fixed), exit::OK);
    }
    if run.fix {
        let mut total = 0;
        for _ in 0..MAX_FIX_PASSES {
            let fixed = fix::plan(&report, run.unsafe_fixes);
            if fixed.iter().all(|f| f.applied == 0) {
                break;
            }
            for file in &fixed {
                if let Err(error) = std::fs::write(&file.path, &file.after) {
                    let message = format!("cannot write {}: {error}", file.path.display());
                    return (String::new(), exit::usage_error(&message));
                }
                total += file.applied;
            }
            report = match lint::run(&run.options, &PolarsEngine) {
                Ok(report) => report,
                Err(error) => return (String::new(), exit::usage_error(&error)),
            };
        }
        eprintln!("okrlint: fixed {total} finding(s)");
    }
    if let Some(path) = &run.write_baseline {
        let text = lint::baseline::write(&report);
        if let Err(error) = std::fs::write(path, text) {
            let message = format!("cannot write {}: {error}", path.display());
            return (String::new(), exit::usage_error(&message));
        }
        let kept = report.findings.iter().filter(|f| !f.fatal).count();
        eprintln!("okrlint: wrote {kept} finding(s) to {}", path.display());
        // The run then reads as the next one will: nothing but input errors left.
        if let Err(error) = lint::baseline::apply(&mut report, path) {
            return (String::new(), exit::usage_error(&error));
        }
    }
    let fail_on = run
        .fail_on
        .or_else(|| report.fail_on.as_deref().and_then(FailOn::parse))
        .unwrap_or(FailOn::Error);
    let text = if run.statistics {
        let fixable: std::collections::BTreeSet<&str> = report
            .findings
            .iter()
            .filter(|f| f.fix.is_some())
            .map(|f| f.code.as_str())
            .collect();
        render::statistics(&report, &|code| fixable.contains(code))
    } else {
        match run.format {
            Format::Human => render::human(&report, human_style_with(run.color, run.passages)),
            Format::Json => render::json(&report),
            Format::Sarif => render::sarif(
                &report,
                &report.registry,
                &SarifOptions {
                    docs_url: run.docs_url.clone(),
                },
            ),
            Format::Github => {
                write_step_summary(&render::github_summary(&report));
                render::github(&report)
            }
            Format::Concise => render::concise(&report),
            Format::Gitlab => render::gitlab(&report),
            Format::Junit => render::junit(&report),
        }
    };
    let text = if run.quiet { String::new() } else { text };
    let text = match &run.output_file {
        Some(path) => match std::fs::write(path, &text) {
            Ok(()) => String::new(),
            Err(error) => {
                let message = format!("cannot write {}: {error}", path.display());
                return (String::new(), exit::usage_error(&message));
            }
        },
        None => text,
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
