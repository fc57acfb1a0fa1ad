//! Command-line arguments as clap parses them, turned into validated options (ripgrep's
//! raw args → validated args), then dispatched.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::check::{self, CheckOptions};
use crate::commands::{self, nrr::DataFormat};
use crate::dora_tiers;
use crate::metrics::day::Day;
use crate::metrics::dora::{DoraInputs, DoraOptions};
use crate::metrics::nrr::{NrrOptions, Shape};
use crate::metrics::Month;
use crate::render::{self, HumanStyle};
use crate::rules::dora_data::DoraThresholds;
use crate::rules::nrr_data::DataThresholds;
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
    /// Compute MRR movements, NRR and GRR from a billing CSV (subscription periods or monthly snapshots)
    Nrr(NrrArgs),
    /// Compute the DORA keys from deployment, change and incident CSVs, with tiers by report year
    Dora(DoraArgs),
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

#[derive(Debug, clap::Args)]
pub struct NrrArgs {
    /// The CSV export
    pub file: PathBuf,
    /// Force the input shape instead of detecting it from the header
    #[arg(long, value_enum)]
    pub shape: Option<ShapeArg>,
    /// Map one of our column names to yours, e.g. customer_id=account_id (repeatable)
    #[arg(long = "column", value_name = "OURS=THEIRS")]
    pub columns: Vec<String>,
    /// First month to print (YYYY-MM); earlier months are still computed
    #[arg(long, value_parser = parse_month)]
    pub from: Option<Month>,
    /// Last month to compute (YYYY-MM) [default: the last month with MRR in the data]
    #[arg(long, value_parser = parse_month)]
    pub until: Option<Month>,
    /// Segment by this column, taken from each customer's first period (repeatable)
    #[arg(long)]
    pub by: Vec<String>,
    /// Decimal places amounts may have
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u32).range(0..=6))]
    pub scale: u32,
    /// How many customers (or segments) to list for expansion and for contraction + churn
    #[arg(long, default_value_t = 5)]
    pub top: usize,
    /// Output format
    #[arg(long, value_enum, default_value_t = DataFormat::Table)]
    pub format: DataFormat,
    /// Trailing-12 GRR below this fraction is reported (NR005)
    #[arg(long, default_value_t = 0.90)]
    pub grr_benchmark: f64,
    /// A segment with more than this fraction of lost MRR is reported (NR006)
    #[arg(long, default_value_t = 0.5)]
    pub churn_share: f64,
    /// Exit 1 when a finding at or above this severity remains
    #[arg(long, value_enum, default_value_t = FailOn::Never)]
    pub fail_on: FailOn,
    /// Colour in human output
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

#[derive(Debug, clap::Args)]
pub struct DoraArgs {
    /// Deployments CSV: deploy_id, service, deployed_at, status[, rework]
    #[arg(long, value_name = "CSV")]
    pub deployments: PathBuf,
    /// Changes CSV: change_id, deploy_id, committed_at (for lead time)
    #[arg(long, value_name = "CSV")]
    pub changes: Option<PathBuf>,
    /// Incidents CSV: incident_id, service, created_at, resolved_at, deploy_id
    #[arg(long, value_name = "CSV")]
    pub incidents: Option<PathBuf>,
    /// Map one of our column names to yours, in every file (deploy_id=id) or one (incidents.deploy_id=caused_by)
    #[arg(long = "column", value_name = "OURS=THEIRS")]
    pub columns: Vec<String>,
    /// First day of the window (YYYY-MM-DD, UTC) [default: the first deployment's day]
    #[arg(long, value_parser = parse_day)]
    pub since: Option<Day>,
    /// Last day of the window, inclusive (YYYY-MM-DD, UTC) [default: the last deployment's day]
    #[arg(long, value_parser = parse_day)]
    pub until: Option<Day>,
    /// Split the figures by service (when the deployments file has a service column), or not
    #[arg(long, value_enum, default_value_t = ByArg::Service)]
    pub by: ByArg,
    /// Which DORA report's performance table gives the tiers
    #[arg(long, default_value_t = 2024, value_parser = parse_benchmark)]
    pub benchmark: u16,
    /// A relative change at least this large between the window's halves counts (DO003)
    #[arg(long, default_value_t = 0.10)]
    pub material: f64,
    /// Output format
    #[arg(long, value_enum, default_value_t = DataFormat::Table)]
    pub format: DataFormat,
    /// Exit 1 when a finding at or above this severity remains
    #[arg(long, value_enum, default_value_t = FailOn::Never)]
    pub fail_on: FailOn,
    /// Colour in human output
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ByArg {
    Service,
    None,
}

fn parse_day(text: &str) -> Result<Day, String> {
    Day::parse(text).ok_or_else(|| format!("`{text}` is not a date like 2024-01-31"))
}

fn parse_benchmark(text: &str) -> Result<u16, String> {
    let years: Vec<String> = dora_tiers::benchmarks()
        .iter()
        .map(|b| b.year.to_string())
        .collect();
    text.parse::<u16>()
        .ok()
        .filter(|year| dora_tiers::benchmark(*year).is_some())
        .ok_or_else(|| {
            format!(
                "no DORA table for `{text}`; choose one of {}",
                years.join(", ")
            )
        })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShapeArg {
    Periods,
    Snapshots,
}

fn parse_month(text: &str) -> Result<Month, String> {
    Month::parse(text)
        .filter(|_| text.trim().len() == 7)
        .ok_or_else(|| format!("`{text}` is not a month like 2019-12"))
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
        Command::Nrr(args) => run_nrr(args, &registry),
        Command::Dora(args) => run_dora(args, &registry),
    };
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`okrlint rules | head`) is not an error worth reporting.
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
    code
}

fn use_color(choice: Color) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

fn run_nrr(args: NrrArgs, registry: &Registry) -> (String, u8) {
    let columns = match crate::metrics::input::parse_mappings(&args.columns) {
        Ok(columns) => columns,
        Err(message) => return (String::new(), fail(&message)),
    };
    let run = commands::nrr::NrrRun {
        file: args.file,
        options: NrrOptions {
            shape: args.shape.map(|s| match s {
                ShapeArg::Periods => Shape::Periods,
                ShapeArg::Snapshots => Shape::Snapshots,
            }),
            columns,
            from: args.from,
            until: args.until,
            by: args.by,
            scale: args.scale,
            top: args.top,
        },
        format: args.format,
        thresholds: DataThresholds {
            grr_benchmark: args.grr_benchmark,
            churn_share: args.churn_share,
        },
        fail_on: args.fail_on.threshold(),
        style: HumanStyle {
            color: use_color(args.color),
            width: 100,
        },
    };
    commands::nrr::run(&run, registry)
}

fn run_dora(args: DoraArgs, registry: &Registry) -> (String, u8) {
    let columns = match crate::metrics::input::parse_mappings(&args.columns) {
        Ok(columns) => columns,
        Err(message) => return (String::new(), fail(&message)),
    };
    if let (Some(since), Some(until)) = (args.since, args.until) {
        if since > until {
            let message = format!("--since {since} is after --until {until}");
            return (String::new(), fail(&message));
        }
    }
    let Some(benchmark) = dora_tiers::benchmark(args.benchmark) else {
        return (
            String::new(),
            fail("the built-in DORA benchmark tables are missing"),
        );
    };
    let run = commands::dora::DoraRun {
        inputs: DoraInputs {
            deployments: args.deployments,
            changes: args.changes,
            incidents: args.incidents,
        },
        options: DoraOptions {
            columns,
            since: args.since,
            until: args.until,
            by_service: args.by == ByArg::Service,
        },
        benchmark,
        format: args.format,
        thresholds: DoraThresholds {
            material: args.material,
        },
        fail_on: args.fail_on.threshold(),
        style: HumanStyle {
            color: use_color(args.color),
            width: 100,
        },
    };
    commands::dora::run(&run, registry)
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
        Format::Human => render::human(
            &report,
            HumanStyle {
                color: use_color(args.color),
                width: 100,
            },
        ),
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
