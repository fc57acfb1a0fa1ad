//! Command-line arguments as clap parses them, turned into validated options (ripgrep's
//! raw args → validated args), then dispatched.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::check::{self, CheckOptions};
use crate::commands;
use crate::render::{self, HumanStyle};
use crate::rules::{Registry, Severity};

pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_INPUT: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "okrlint",
    version,
    about = "Lint OKR files and metric catalogs against a playbook distilled from product-leadership essays",
    long_about = "okrlint checks OKR files ([[objective]] tables) and metric catalogs ([[metric]] tables) \
against a playbook of rules. Each finding shows the exact value in the file, what is wrong, how to fix it, \
and the essay passage the rule comes from.\n\nExit codes: 0 no finding at or above --fail-on, \
1 findings at or above --fail-on, 2 usage or input errors.",
    after_help = "Examples:\n  okrlint check examples/\n  okrlint check --format sarif plans/ > okrlint.sarif\n  okrlint explain OU001\n  okrlint rules --format json"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check OKR files and metric catalogs (files or directories; default: .)
    Check(CheckArgs),
    /// List every rule: code, name, family, severity, summary
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Print a rule's documentation, examples and essay passages
    Explain {
        /// A rule code, e.g. OU001
        code: String,
    },
    /// List the source essays and the rules that cite each
    Essays {
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Write a starter OKR file, metrics catalog and okrlint.toml that pass cleanly
    Init {
        /// Directory to write into
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Overwrite existing files
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or directories to check
    pub paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit 1 when a finding at or above this severity remains [default: error, or fail-on in okrlint.toml]
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Use this config file instead of searching for okrlint.toml upwards
    #[arg(long, conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore any okrlint.toml
    #[arg(long)]
    pub no_config: bool,
    /// Only these rules: codes, prefixes or family names (comma-separated; replaces the config's select)
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Skip these rules: codes, prefixes or family names (comma-separated; adds to the config's ignore)
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Extra directory of data-only rules (repeatable)
    #[arg(long = "rules", value_name = "DIR")]
    pub rules_dirs: Vec<PathBuf>,
    /// Metrics catalog to check KRs against
    #[arg(long)]
    pub metrics: Option<PathBuf>,
    /// Colour in human output
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
    Concise,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }

    fn parse(text: &str) -> Option<Self> {
        <Self as ValueEnum>::from_str(text, false).ok()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

/// Runs okrlint and returns the process exit code.
pub fn run() -> u8 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                EXIT_INPUT
            } else {
                EXIT_OK
            };
        }
    };
    let registry = match Registry::builtin() {
        Ok(registry) => registry,
        Err(error) => return fail(&format!("the built-in rule catalog is invalid: {error}")),
    };
    let (text, code) = match cli.command {
        Command::Check(args) => run_check(args),
        Command::Rules { format } => (commands::rules_list(&registry, format), EXIT_OK),
        Command::Explain { code } => commands::explain(&registry, &code),
        Command::Essays { format } => (commands::essays(&registry, format), EXIT_OK),
        Command::Init { dir, force } => commands::init(&dir, force),
    };
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`okrlint rules | head`) is not an error worth reporting.
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
    code
}

fn fail(message: &str) -> u8 {
    eprintln!("okrlint: error: {message}");
    EXIT_INPUT
}

fn run_check(args: CheckArgs) -> (String, u8) {
    let options = CheckOptions {
        paths: args.paths,
        config_path: args.config,
        no_config: args.no_config,
        select: args.select,
        ignore: args.ignore,
        rules_dirs: args.rules_dirs,
        metrics: args.metrics,
    };
    let report = match check::run(&options) {
        Ok(report) => report,
        Err(error) => return (String::new(), fail(&error)),
    };
    let fail_on = match (
        args.fail_on,
        report.fail_on.as_deref().and_then(FailOn::parse),
    ) {
        (Some(cli), _) => cli,
        (None, Some(config)) => config,
        (None, None) => FailOn::Error,
    };
    let text = match args.format {
        Format::Human => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                        && std::io::stdout().is_terminal()
                }
            };
            render::human(&report, HumanStyle { color, width: 100 })
        }
        Format::Json => render::json(&report),
        Format::Sarif => render::sarif(&report, &report.registry),
        Format::Github => render::github(&report),
        Format::Concise => render::concise(&report),
    };
    let code = if report.has_fatal() {
        EXIT_INPUT
    } else if fail_on
        .threshold()
        .is_some_and(|level| report.findings.iter().any(|f| f.severity >= level))
    {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    };
    (text, code)
}
