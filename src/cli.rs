//! Command-line arguments as clap parses them, turned into validated options (ripgrep's
//! raw args → validated args), then dispatched.

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};
use okrlint_core::calendar::{Day, Month};
use okrlint_core::config::{self, Thresholds};
use okrlint_core::dora::{tiers, DoraInputs, DoraOptions};
use okrlint_core::engine::parse_column_mappings;
use okrlint_core::lint::{LintOptions, Report};
use okrlint_core::nrr::{NrrOptions, Shape};
use okrlint_core::registry::Registry;
use okrlint_core::render;

use crate::commands::check::{CheckRun, Format};
use crate::commands::convert::{ConvertRun, Target};
use crate::commands::dora::DoraRun;
use crate::commands::nrr::NrrRun;
use crate::commands::playbook::ClaimStatus;
use crate::exit;
use crate::output::{human_style, Color, DataFormat, FailOn, ListFormat, PassagesArg};

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
        /// Also list the data-only rules in this directory (repeatable; the config's `rules` too)
        #[arg(long = "rules", value_name = "DIR")]
        rules_dirs: Vec<PathBuf>,
    },
    /// Print a rule's documentation, examples and essay passages
    Explain {
        /// A rule code, e.g. OU001, or a rule's name
        code: String,
        /// Also look in the data-only rules in this directory (repeatable; the config's `rules` too)
        #[arg(long = "rules", value_name = "DIR")]
        rules_dirs: Vec<PathBuf>,
    },
    /// List the source essays and the rules that cite each
    Essays {
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        /// List each essay's checkable claims and whether okrlint's rules cover them
        #[arg(long)]
        claims: bool,
        /// With --claims: only the claims of this status
        #[arg(long, value_enum, requires = "claims")]
        status: Option<ClaimStatus>,
    },
    /// Compute MRR movements, NRR and GRR from a billing CSV (subscription periods or monthly snapshots)
    Nrr(NrrArgs),
    /// Compute the DORA keys from deployment, change and incident CSVs, with tiers by report year
    Dora(DoraArgs),
    /// Print how okrlint understood each plan: JSON, or a TOML, YAML or Markdown plan
    Convert(ConvertArgs),
    /// Print a completion script for a shell (bash, zsh, fish, powershell, elvish)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print okrlint's man page (roff)
    Man,
    /// Print the JSON Schema of plan files (plan) or okrlint.toml (config), or write both
    Schema {
        #[arg(value_parser = ["plan", "config"], default_value = "plan")]
        which: String,
        /// Write both schemas into this directory instead
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
    },
    /// Write one Markdown page per rule (the pages SARIF's --docs-url links point at)
    Docs {
        /// Directory to write CODE.md pages into
        #[arg(default_value = "docs/rules")]
        dir: PathBuf,
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
    /// Exit 0 when the paths hold no plan or catalog (otherwise that is exit 2)
    #[arg(long)]
    pub allow_empty: bool,
    /// Which findings quote their rule's essay passages in human output
    #[arg(long, value_enum, default_value_t = PassagesArg::First)]
    pub passages: PassagesArg,
    /// Print the number of findings per rule instead of the findings
    #[arg(long)]
    pub statistics: bool,
    /// Print nothing; report through the exit code only
    #[arg(long, short)]
    pub quiet: bool,
    /// Write the report to this file instead of stdout
    #[arg(long, value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// Name to report and read as when a path is `-` (standard input), e.g. plans/OKR.md
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
    /// Base URL where docs/rules/CODE.md pages are served, for SARIF's rule links
    #[arg(long, value_name = "URL")]
    pub docs_url: Option<String>,
    /// Report only findings not in this baseline file [default: baseline in okrlint.toml]
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,
    /// Record today's findings in this file (then check with --baseline FILE)
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Judge how old a KR's `current` is as of this day, YYYY-MM-DD [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_today)]
    pub today: Option<jiff::civil::Date>,
    /// Print the configuration that governs FILE and where each value comes from, and exit
    #[arg(long, value_name = "FILE")]
    pub show_settings: Option<PathBuf>,
    /// Apply the safe fixes to the files, then report what remains
    #[arg(long)]
    pub fix: bool,
    /// With --fix or --diff, also apply fixes that change what the plan says
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff instead of writing them
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
}

#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    /// Plan files or directories (default: .)
    pub paths: Vec<PathBuf>,
    /// What to write: json (the contract tools read), or a plan in toml, yaml or md
    #[arg(long, value_enum)]
    pub to: Target,
    /// Write one file per plan into this directory instead of printing
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Use this config file instead of searching for okrlint.toml upwards
    #[arg(long, conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore any okrlint.toml
    #[arg(long)]
    pub no_config: bool,
    /// Colour in error output
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
    /// Trailing-12 GRR below this fraction is reported (NR005) [default: 0.90, or grr-benchmark in okrlint.toml]
    #[arg(long)]
    pub grr_benchmark: Option<f64>,
    /// A segment with more than this fraction of lost MRR is reported (NR006) [default: 0.5, or churn-share in okrlint.toml]
    #[arg(long)]
    pub churn_share: Option<f64>,
    /// Read thresholds from this config file instead of the nearest okrlint.toml
    #[arg(long, conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore any okrlint.toml
    #[arg(long)]
    pub no_config: bool,
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
    /// A relative change at least this large between the window's halves counts (DO003) [default: 0.10, or material in okrlint.toml]
    #[arg(long)]
    pub material: Option<f64>,
    /// Read thresholds from this config file instead of the nearest okrlint.toml
    #[arg(long, conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore any okrlint.toml
    #[arg(long)]
    pub no_config: bool,
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
    let day = Day::parse(text).ok_or_else(|| format!("`{text}` is not a date like 2024-01-31"))?;
    let year = text
        .trim()
        .get(..4)
        .and_then(|y| y.parse().ok())
        .unwrap_or(0);
    match okrlint_core::calendar::year_problem(text, year) {
        Some(problem) => Err(problem),
        None => Ok(day),
    }
}

fn parse_benchmark(text: &str) -> Result<u16, String> {
    let years: Vec<String> = tiers::benchmarks()
        .iter()
        .map(|b| b.year.to_string())
        .collect();
    text.parse::<u16>()
        .ok()
        .filter(|year| tiers::benchmark(*year).is_some())
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

/// Raw arguments → a validated `check` run, or the exit code of a usage error.
pub fn check_run(args: CheckArgs) -> Result<CheckRun, u8> {
    let stdin = if args.paths.iter().any(|p| p.as_os_str() == "-") {
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("stdin.toml"));
        let mut text = String::new();
        let limit = okrlint_core::source::DEFAULT_MAX_FILE_BYTES;
        use std::io::Read as _;
        std::io::stdin()
            .take(limit + 1)
            .read_to_string(&mut text)
            .map_err(|e| exit::usage_error(&format!("cannot read standard input: {e}")))?;
        if text.len() as u64 > limit {
            return Err(exit::usage_error(&format!(
                "standard input is over the {limit}-byte limit"
            )));
        }
        Some((name, text))
    } else {
        None
    };
    Ok(CheckRun {
        options: LintOptions {
            paths: args.paths,
            config_path: args.config,
            no_config: args.no_config,
            select: args.select,
            ignore: args.ignore,
            rules_dirs: args.rules_dirs,
            metrics: args.metrics,
            stdin,
            baseline: args.baseline,
            today: args.today,
        },
        format: args.format,
        fail_on: args.fail_on,
        color: args.color,
        allow_empty: args.allow_empty,
        passages: args.passages,
        statistics: args.statistics,
        quiet: args.quiet,
        output_file: args.output_file,
        docs_url: args.docs_url,
        write_baseline: args.write_baseline,
        fix: args.fix,
        unsafe_fixes: args.unsafe_fixes,
        diff: args.diff,
    })
}

/// The thresholds a data command runs with: the config's (the file `check` would use), with
/// the flags on top. A config with problems is reported like `check` reports it, and stops
/// the run.
fn thresholds(
    config_path: Option<&Path>,
    no_config: bool,
    registry: &Registry,
    color: Color,
) -> Result<Thresholds, u8> {
    let Some(path) = config::locate(config_path, no_config) else {
        return Ok(Thresholds::default());
    };
    let (source, parsed, mut hits) = config::load(&path, 0).map_err(|e| exit::usage_error(&e))?;
    config::validate(&parsed, registry, 0, &mut hits);
    if !hits.is_empty() {
        let report = Report::for_hits(source, hits, registry);
        eprint!("{}", render::human(&report, human_style(color)));
        if report.has_fatal() {
            return Err(exit::INPUT);
        }
    }
    Ok(parsed.thresholds)
}

/// Raw arguments → a validated `nrr` run, or the exit code of a usage error.
pub fn nrr_run(args: NrrArgs, registry: &Registry) -> Result<NrrRun, u8> {
    let columns = parse_column_mappings(&args.columns).map_err(|m| exit::usage_error(&m))?;
    let ours: Vec<&str> = okrlint_core::nrr::PERIOD_COLUMNS
        .iter()
        .chain(okrlint_core::nrr::SNAPSHOT_COLUMNS)
        .copied()
        .collect();
    okrlint_core::engine::check_column_keys(&columns, &[("billing", &ours)])
        .map_err(|m| exit::usage_error(&m))?;
    let mut thresholds = thresholds(args.config.as_deref(), args.no_config, registry, args.color)?;
    if let Some(value) = args.grr_benchmark {
        thresholds.grr_benchmark = value;
    }
    if let Some(value) = args.churn_share {
        thresholds.churn_share = value;
    }
    Ok(NrrRun {
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
        thresholds,
        fail_on: args.fail_on.threshold(),
        style: human_style(args.color),
    })
}

/// Raw arguments → a validated `dora` run, or the exit code of a usage error.
pub fn dora_run(args: DoraArgs, registry: &Registry) -> Result<DoraRun, u8> {
    let columns = parse_column_mappings(&args.columns).map_err(|m| exit::usage_error(&m))?;
    {
        use okrlint_core::dora::figures::{CHANGE_COLUMNS, DEPLOYMENT_COLUMNS, INCIDENT_COLUMNS};
        // `rework` is the deployments file's optional column (rework rate).
        let deployments: Vec<&str> = DEPLOYMENT_COLUMNS
            .iter()
            .copied()
            .chain(["rework"])
            .collect();
        let files: &[(&str, &[&str])] = &[
            ("deployments", &deployments),
            ("changes", CHANGE_COLUMNS),
            ("incidents", INCIDENT_COLUMNS),
        ];
        okrlint_core::engine::check_column_keys(&columns, files)
            .map_err(|m| exit::usage_error(&m))?;
    }
    if let (Some(since), Some(until)) = (args.since, args.until) {
        if since > until {
            return Err(exit::usage_error(&format!(
                "--since {since} is after --until {until}"
            )));
        }
    }
    // parse_benchmark accepted only years with a table.
    let benchmark = tiers::benchmark(args.benchmark)
        .ok_or_else(|| exit::usage_error("no DORA table for that year"))?;
    let mut thresholds = thresholds(args.config.as_deref(), args.no_config, registry, args.color)?;
    if let Some(value) = args.material {
        thresholds.material = value;
    }
    Ok(DoraRun {
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
        thresholds,
        fail_on: args.fail_on.threshold(),
        style: human_style(args.color),
    })
}

/// Raw arguments → a validated `convert` run.
pub fn convert_run(args: ConvertArgs) -> ConvertRun {
    ConvertRun {
        options: LintOptions {
            paths: args.paths,
            config_path: args.config,
            no_config: args.no_config,
            ..LintOptions::default()
        },
        to: args.to,
        out_dir: args.out_dir,
        style: human_style(args.color),
    }
}

/// The built-in rules plus users' data-only rules: `--rules` directories and the `rules` of
/// the okrlint.toml found from the working directory.
pub fn registry_with_user_rules(dirs: &[PathBuf]) -> Result<Registry, u8> {
    let mut registry = Registry::builtin();
    let mut all: Vec<PathBuf> = Vec::new();
    if let Some(path) = config::locate(None, false) {
        if let Ok((_, parsed, _)) = config::load(&path, 0) {
            all.extend(parsed.rules_dirs);
        }
    }
    all.extend(dirs.iter().cloned());
    for dir in all {
        registry
            .load_user_dir(&dir)
            .map_err(|e| exit::usage_error(&e))?;
    }
    Ok(registry)
}

/// `--today`: a strict ISO date in the years okrlint accepts.
fn parse_today(text: &str) -> Result<jiff::civil::Date, String> {
    let (year, month, day) = okrlint_core::calendar::parse_date(text)
        .ok_or_else(|| format!("`{text}` is not a date like 2026-03-31"))?;
    if let Some(problem) = okrlint_core::calendar::year_problem(text, year) {
        return Err(problem);
    }
    jiff::civil::Date::new(year as i16, month as i8, day as i8).map_err(|e| e.to_string())
}
