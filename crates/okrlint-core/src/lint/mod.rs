//! The lint pipeline behind `okrlint check`: files → model → detectors → findings, with the
//! configuration applied centrally.
//!
//! - [`load`]: discover and read files into documents (reader errors become hits);
//! - [`select`]: which rules are on, known before any detector runs;
//! - the detectors ([`crate::rules`]) see the documents, never the configuration;
//! - [`resolve`]: hits → findings (metadata, per-file ignores, severities, suppressions).

pub mod baseline;
mod fingerprint;
mod load;
mod resolve;
mod select;
mod suppress;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::config::{self, Config, Selector};
use crate::diagnostic::{Code, FileId, Finding, Hit, Severity};
use crate::engine::Engine;
use crate::model::Document;
use crate::registry::Registry;
use crate::rules::{run_detectors, Catalog, Context};
use crate::source::{display_path, SourceFile};

pub use fingerprint::fingerprint;
use load::{candidates, discover, Loader};
use select::Selection;

/// What the user asked `check` for, after validation.
#[derive(Debug, Clone, Default)]
pub struct LintOptions {
    pub paths: Vec<PathBuf>,
    pub config_path: Option<PathBuf>,
    pub no_config: bool,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub rules_dirs: Vec<PathBuf>,
    pub metrics: Option<PathBuf>,
    /// The text of the path `-` (standard input) and the name to read and report it as.
    pub stdin: Option<(PathBuf, String)>,
    /// A baseline file whose findings are not reported (wins over the config's `baseline`).
    pub baseline: Option<PathBuf>,
    /// The day staleness is judged on (`--today`; default: the system's date).
    pub today: Option<jiff::civil::Date>,
}

/// A file to read, and whether it was named on the command line.
type Candidate = (PathBuf, bool);

/// The config that governs a file: the nearest `okrlint.toml`/`.okrlint.toml` in its
/// directory or a parent, up to the repository's root (the directory holding `.git`); for a
/// file with none above it, the one found from the working directory (as ruff and ESLint do).
pub fn nearest_config(file: &Path) -> Option<PathBuf> {
    let absolute = file.canonicalize().unwrap_or_else(|_| file.to_path_buf());
    let start = if absolute.is_dir() {
        absolute.as_path()
    } else {
        absolute.parent()?
    };
    for dir in start.ancestors() {
        if let Some(found) = config::CONFIG_NAMES
            .iter()
            .map(|name| dir.join(name))
            // Not only regular files: an `okrlint.toml` that is a FIFO or a device is then refused
            // by name when read, not passed over for a config further up.
            .find(|candidate| candidate.exists())
        {
            return Some(found);
        }
        if dir.join(".git").exists() {
            break;
        }
    }
    config::locate(None, false)
}

/// The outcome of a run: every finding, and the sources they point into.
pub struct Report {
    pub sources: Vec<SourceFile>,
    pub findings: Vec<Finding>,
    /// Plan and catalog files read (not counting skipped TOML files).
    pub files_checked: usize,
    pub fail_on: Option<String>,
    /// The rules in force for this run (built-in plus user directories).
    pub registry: Registry,
}

impl Report {
    /// A report on one file from hits made outside `check` (the data commands): every rule
    /// on, no per-file ignores or severity overrides.
    pub fn for_hits(source: SourceFile, hits: Vec<Hit>, registry: &Registry) -> Self {
        let sources = vec![source];
        let findings = resolve::resolve(
            hits,
            &sources,
            registry,
            &Config::default(),
            &Selection::all(),
        );
        Report {
            sources,
            findings,
            files_checked: 1,
            fail_on: None,
            registry: registry.clone(),
        }
    }

    /// A report on the files of a run from hits made outside `check` (input errors met by
    /// another command), with no configuration applied.
    pub fn for_sources(sources: Vec<SourceFile>, hits: Vec<Hit>, registry: &Registry) -> Self {
        let findings = resolve::resolve(
            hits,
            &sources,
            registry,
            &Config::default(),
            &Selection::all(),
        );
        let files_checked = sources.len();
        Report {
            sources,
            findings,
            files_checked,
            fail_on: None,
            registry: registry.clone(),
        }
    }

    pub fn has_fatal(&self) -> bool {
        self.findings.iter().any(|f| f.fatal)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// Every file of a run read into documents, with the configuration and rules in force.
pub struct Loaded {
    pub sources: Vec<SourceFile>,
    pub documents: Vec<Document>,
    /// Problems found while reading (schema hits), not yet resolved into findings.
    pub hits: Vec<Hit>,
    pub config: Config,
    pub registry: Registry,
    /// The config file's id among `sources`, when one was read.
    pub config_file: Option<usize>,
    /// Files read only because a plan names them as its catalog.
    pub referenced: BTreeSet<FileId>,
}

/// Reads every file a run covers. `Err` is reserved for problems that stop everything
/// before any file is read (an unreadable rules directory, an unknown selector).
pub fn load(options: &LintOptions) -> Result<Loaded, String> {
    let paths = if options.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        options.paths.clone()
    };
    let files = candidates(&paths);
    let config_path = config::locate(options.config_path.as_deref(), options.no_config);
    load_files(options, &files, config_path)
}

/// Reads the given candidates under one config (or none).
fn load_files(
    options: &LintOptions,
    files: &[(PathBuf, bool)],
    config_path: Option<PathBuf>,
) -> Result<Loaded, String> {
    let mut loader = Loader::default();
    let mut config = Config::default();
    let mut config_file = None;
    let mut skip = BTreeSet::new();
    if let Some(path) = config_path {
        let id = loader.sources.len();
        let (source, parsed, hits) = config::load(&path, id)?;
        loader.sources.push(source);
        loader.hits.extend(hits);
        config = parsed;
        skip.insert(path.canonicalize().unwrap_or(path));
        config_file = Some(id);
    }
    let mut registry = Registry::builtin();
    for dir in config.rules_dirs.iter().chain(&options.rules_dirs) {
        registry.load_user_dir(dir)?;
    }
    if let Some(id) = config_file {
        config::validate(&config, &registry, id, &mut loader.hits);
    }
    if let Some(bad) = options
        .select
        .iter()
        .chain(&options.ignore)
        .find(|s| !Selector((*s).clone()).is_known(&registry))
    {
        return Err(format!(
            "`{bad}` names no rule code, prefix or family (see `okrlint rules`)"
        ));
    }

    loader.config = config.clone();
    loader.stdin = options.stdin.clone();
    discover(files, &mut loader, &skip);
    if let Some(metrics) = options.metrics.as_ref().or(config.metrics.as_ref()) {
        // Only regular files: a FIFO or device named in a repository's config must not hang us.
        if metrics.is_file() {
            loader.load(metrics, true);
        } else {
            let id = loader.add_source(display_path(metrics), metrics.clone(), String::new());
            loader.hits.push(Hit::new(
                Code::SC009,
                id,
                0..0,
                "metrics catalog is not a readable file",
            ));
        }
    }
    loader.load_referenced_catalogs();
    let lexicon = crate::language::Lexicon::new(registry.language());
    crate::language::annotate(&lexicon, &mut loader.documents);
    Ok(Loaded {
        sources: loader.sources,
        documents: loader.documents,
        hits: loader.hits,
        config,
        registry,
        config_file,
        referenced: loader.referenced,
    })
}

/// Runs a whole check: each file under its nearest config (`--config`/`--no-config` put all
/// files under one), then merges the reports in file order.
pub fn run(options: &LintOptions, engine: &dyn Engine) -> Result<Report, String> {
    let paths = if options.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        options.paths.clone()
    };
    let files = candidates(&paths);
    if options.config_path.is_some() || options.no_config {
        let config_path = config::locate(options.config_path.as_deref(), options.no_config);
        let (mut report, configured) = run_group(options, &files, config_path, engine)?;
        if let Some(path) = options.baseline.as_ref().or(configured.as_ref()) {
            baseline::apply(&mut report, path)?;
        }
        return Ok(report);
    }
    // Group files by the config that governs them, keeping the groups in first-file order.
    let mut groups: Vec<(Option<PathBuf>, Vec<Candidate>)> = Vec::new();
    for file in files {
        let governing = if file.0 == Path::new("-") {
            options
                .stdin
                .as_ref()
                .and_then(|(name, _)| nearest_config(name))
        } else {
            nearest_config(&file.0)
        };
        match groups.iter_mut().find(|(c, _)| *c == governing) {
            Some((_, list)) => list.push(file),
            None => groups.push((governing, vec![file])),
        }
    }
    if groups.is_empty() {
        groups.push((config::locate(None, false), Vec::new()));
    }
    let mut merged: Option<Report> = None;
    let mut configured_baseline = None;
    for (config_path, files) in groups {
        let (report, configured) = run_group(options, &files, config_path, engine)?;
        configured_baseline = configured_baseline.or(configured);
        merged = Some(match merged {
            None => report,
            Some(mut all) => {
                let offset = all.sources.len();
                all.sources.extend(report.sources);
                all.findings
                    .extend(report.findings.into_iter().map(|mut f| {
                        f.file_id += offset;
                        f
                    }));
                all.files_checked += report.files_checked;
                all.fail_on = all.fail_on.or(report.fail_on);
                all
            }
        });
    }
    let mut report = merged.expect("at least one group");
    report
        .findings
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    // One baseline for the whole run, applied once, so an entry for another group's file is
    // not reported as stale.
    if let Some(path) = options.baseline.as_ref().or(configured_baseline.as_ref()) {
        baseline::apply(&mut report, path)?;
    }
    Ok(report)
}

/// One group of files under one config: [`load`], the detectors of the selected rules, then
/// [`resolve`]; with the baseline the config names, if any.
fn run_group(
    options: &LintOptions,
    files: &[(PathBuf, bool)],
    config_path: Option<PathBuf>,
    engine: &dyn Engine,
) -> Result<(Report, Option<PathBuf>), String> {
    let loaded = load_files(options, files, config_path)?;
    let selection = Selection::new(&loaded.config, &options.select, &options.ignore);
    let mut hits = loaded.hits;
    let registry = loaded.registry;
    let ctx = Context {
        documents: &loaded.documents,
        sources: &loaded.sources,
        catalog: Catalog::build(&loaded.documents),
        thresholds: &loaded.config.thresholds,
        registry: &registry,
        engine,
        today: options.today.unwrap_or_else(|| jiff::Zoned::now().date()),
    };
    hits.extend(run_detectors(&ctx, |code| {
        selection.enabled(&registry.rule(code).meta)
    }));
    let files_checked = loaded.sources.len() - usize::from(loaded.config_file.is_some());
    let findings = resolve::resolve(hits, &loaded.sources, &registry, &loaded.config, &selection);
    let report = Report {
        sources: loaded.sources,
        findings,
        files_checked,
        fail_on: loaded.config.fail_on.map(|f| f.value),
        registry,
    };
    Ok((report, loaded.config.baseline.clone()))
}
