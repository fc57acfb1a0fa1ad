//! `okrlint check`: files → model → detectors → findings, with configuration applied.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::config::{self, Config, Selector, Thresholds};
use crate::finding::{FileId, Finding, Hit};
use crate::model::{
    read_document, DataSource, Document, DocumentKind, KeyResult, Metric, Objective,
};
use crate::rules::{run_detectors, Registry, Severity};
use crate::source::SourceFile;
use crate::suppress;

/// The metric catalog: every `[[metric]]` read in this run, by id (first definition wins;
/// duplicates are reported by the schema family).
#[derive(Debug, Default)]
pub struct Catalog<'a> {
    pub metrics: BTreeMap<&'a str, (FileId, &'a Metric)>,
}

impl<'a> Catalog<'a> {
    fn build(documents: &'a [Document]) -> Self {
        let mut metrics = BTreeMap::new();
        for doc in documents {
            for metric in &doc.metrics {
                if let Some(id) = metric.id_str() {
                    metrics.entry(id).or_insert((doc.file, metric));
                }
            }
        }
        Catalog { metrics }
    }

    /// Catalog rules only make sense when the team wrote a catalog.
    pub fn is_loaded(&self) -> bool {
        !self.metrics.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<&'a Metric> {
        self.metrics.get(id).map(|(_, m)| *m)
    }

    /// A metric's id and, when the catalog defines it, its name: what word lists match on.
    pub fn describe(&self, id: &str) -> String {
        match self.get(id).and_then(|m| m.name.as_ref()) {
            Some(name) => format!("{id} {}", name.value),
            None => id.to_string(),
        }
    }
}

/// What every detector sees.
pub struct Context<'a> {
    pub documents: &'a [Document],
    /// The files behind `documents` (by `Document::file`), for paths relative to them.
    pub sources: &'a [SourceFile],
    pub catalog: Catalog<'a>,
    pub thresholds: &'a Thresholds,
    pub registry: &'a Registry,
}

impl<'a> Context<'a> {
    pub fn objectives(&self) -> impl Iterator<Item = (&'a Document, &'a Objective)> {
        self.documents
            .iter()
            .flat_map(|doc| doc.objectives.iter().map(move |o| (doc, o)))
    }

    /// Where a KR's value can be recomputed from: its own `source`, else its catalog
    /// metric's; with the file that declared it, against which relative paths resolve.
    pub fn data_source(
        &self,
        doc: &'a Document,
        kr: &'a KeyResult,
    ) -> Option<(&'a DataSource, FileId, std::path::PathBuf)> {
        let (source, file) = kr.source.as_ref().map(|s| (s, doc.file)).or_else(|| {
            let metric = kr.metric.as_ref()?;
            let (file, defined) = self.catalog.metrics.get(metric.as_str())?;
            defined.source.as_ref().map(|s| (s, *file))
        })?;
        let base = self.sources[file]
            .path
            .parent()
            .unwrap_or(std::path::Path::new(""))
            .to_path_buf();
        Some((source, file, base))
    }

    pub fn key_results(
        &self,
    ) -> impl Iterator<Item = (&'a Document, &'a Objective, &'a KeyResult)> {
        self.objectives()
            .flat_map(|(doc, o)| o.key_results.iter().map(move |kr| (doc, o, kr)))
    }

    /// Documents that hold a plan (objectives), i.e. one team each.
    pub fn plans(&self) -> impl Iterator<Item = &'a Document> {
        self.documents.iter().filter(|d| !d.objectives.is_empty())
    }
}

/// What the user asked for, after validation.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub paths: Vec<PathBuf>,
    pub config_path: Option<PathBuf>,
    pub no_config: bool,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub rules_dirs: Vec<PathBuf>,
    pub metrics: Option<PathBuf>,
}

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
    /// A report on one file from hits made outside `check` (the data commands), with no
    /// configuration applied.
    pub fn for_hits(source: SourceFile, hits: Vec<Hit>, registry: &Registry) -> Self {
        let findings = resolve_hits(hits, std::slice::from_ref(&source), registry);
        Report {
            sources: vec![source],
            findings,
            files_checked: 1,
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

/// Loaded files, each with its id, so hits can point into any of them.
#[derive(Default)]
struct Loader {
    sources: Vec<SourceFile>,
    seen: BTreeSet<PathBuf>,
    hits: Vec<Hit>,
    documents: Vec<Document>,
}

impl Loader {
    fn add_source(&mut self, display: String, path: PathBuf, text: String) -> FileId {
        self.sources.push(SourceFile::new(display, path, text));
        self.sources.len() - 1
    }

    /// Reads one file. `explicit` files are reported even when empty.
    fn load(&mut self, path: &Path, explicit: bool) -> Option<FileId> {
        let key = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        if !self.seen.insert(key) {
            return None;
        }
        let display = display_path(path);
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) => {
                let id = self.add_source(display, path.to_path_buf(), String::new());
                self.hits.push(Hit::new(
                    "SC009",
                    id,
                    0..0,
                    format!("cannot read file: {error}"),
                ));
                return Some(id);
            }
        };
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(error) => {
                let at = error.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
                let id = self.add_source(display, path.to_path_buf(), text);
                self.hits.push(
                    // The bad bytes became one U+FFFD, so the span covers that character.
                    Hit::new(
                        "SC001",
                        id,
                        at..at + '\u{fffd}'.len_utf8(),
                        "file is not valid UTF-8",
                    )
                    .help("save the file as UTF-8"),
                );
                return Some(id);
            }
        };
        let id = self.add_source(display, path.to_path_buf(), text);
        let text = &self.sources[id].text;
        if text.trim_start_matches('\u{feff}').trim().is_empty() {
            if explicit {
                self.hits.push(Hit::new("SC005", id, 0..0, "file is empty"));
                return Some(id);
            }
            self.sources.pop();
            return None;
        }
        let mut hits = Vec::new();
        match read_document(id, text, &mut hits) {
            Some((DocumentKind::Unrelated, _)) if hits.is_empty() => {
                // Cargo.toml and friends: not ours, so not counted and not shown.
                self.sources.pop();
                return None;
            }
            Some((_, document)) => self.documents.push(document),
            None => {}
        }
        self.hits.extend(hits);
        Some(id)
    }

    /// Loads the catalogs plan files point at with `[team] metrics = "…"`.
    fn load_referenced_catalogs(&mut self) {
        let mut index = 0;
        while index < self.documents.len() {
            let doc = &self.documents[index];
            index += 1;
            let Some(team) = &doc.team else { continue };
            let Some(reference) = &team.metrics else {
                continue;
            };
            let base = self.sources[doc.file]
                .path
                .parent()
                .unwrap_or(Path::new(""));
            let path = base.join(&reference.value);
            if !path.is_file() {
                let file = doc.file;
                let span = reference.span.clone();
                self.hits.push(
                    Hit::new(
                        "SC009",
                        file,
                        span,
                        format!("metrics catalog `{}` not found", reference.value),
                    )
                    .help("the path is relative to this file"),
                );
                continue;
            }
            self.load(&path, true);
        }
    }
}

/// A path as the user should see it: relative to the working directory, `/`-separated.
pub(crate) fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let shown = cwd
        .as_deref()
        .and_then(|cwd| path.strip_prefix(cwd).ok())
        .unwrap_or(path);
    let text = shown.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").map(str::to_string).unwrap_or(text)
}

/// Expands directories into the `.toml` files below them, honouring .gitignore.
fn discover(paths: &[PathBuf], loader: &mut Loader, skip: &BTreeSet<PathBuf>) {
    for path in paths {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = ignore::WalkBuilder::new(path)
                .require_git(false)
                .build()
                .filter_map(Result::ok)
                .map(|entry| entry.into_path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "toml"))
                .filter(|p| {
                    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    !config::CONFIG_NAMES.contains(&name)
                        && !skip.contains(&p.canonicalize().unwrap_or_else(|_| p.clone()))
                })
                .collect();
            found.sort();
            for file in found {
                loader.load(&file, false);
            }
        } else {
            loader.load(path, true);
        }
    }
}

/// Runs a whole check. `Err` is reserved for problems that stop everything before any
/// file is read (an unreadable rules directory); file problems are findings.
pub fn run(options: &CheckOptions) -> Result<Report, String> {
    let mut loader = Loader::default();
    let mut config = Config::default();
    let mut config_file = None;
    let config_path = match (&options.config_path, options.no_config) {
        (Some(path), _) => Some(path.clone()),
        (None, false) => std::env::current_dir()
            .ok()
            .and_then(|cwd| config::discover(&cwd)),
        (None, true) => None,
    };
    let mut skip = BTreeSet::new();
    if let Some(path) = &config_path {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read config: {e}", path.display()))?;
        let id = loader.add_source(display_path(path), path.clone(), text);
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        config = config::parse(id, &loader.sources[id].text.clone(), dir, &mut loader.hits);
        skip.insert(path.canonicalize().unwrap_or_else(|_| path.clone()));
        config_file = Some(id);
    }

    let mut registry = Registry::builtin()?;
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

    let paths = if options.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        options.paths.clone()
    };
    discover(&paths, &mut loader, &skip);
    if let Some(metrics) = options.metrics.as_ref().or(config.metrics.as_ref()) {
        // Only regular files: a FIFO or device named in a repository's config must not hang us.
        if metrics.is_file() {
            loader.load(metrics, true);
        } else {
            let id = loader.add_source(display_path(metrics), metrics.clone(), String::new());
            loader.hits.push(Hit::new(
                "SC009",
                id,
                0..0,
                "metrics catalog is not a readable file",
            ));
        }
    }
    loader.load_referenced_catalogs();

    let mut hits = std::mem::take(&mut loader.hits);
    let ctx = Context {
        documents: &loader.documents,
        sources: &loader.sources,
        catalog: Catalog::build(&loader.documents),
        thresholds: &config.thresholds,
        registry: &registry,
    };
    hits.extend(run_detectors(&ctx));
    let files_checked = loader.sources.len() - usize::from(config_file.is_some());

    let selection = Selection::new(&config, options);
    let findings = finalize(hits, &loader.sources, &registry, &config, &selection);
    Ok(Report {
        sources: loader.sources,
        findings,
        files_checked,
        fail_on: config.fail_on.map(|f| f.value),
        registry,
    })
}

/// Which rules are on: config first, command line on top (like ruff).
struct Selection {
    select: Vec<Selector>,
    ignore: Vec<Selector>,
}

impl Selection {
    fn new(config: &Config, options: &CheckOptions) -> Self {
        let mut select: Vec<Selector> = if options.select.is_empty() {
            config.select.iter().map(|s| s.value.clone()).collect()
        } else {
            options.select.iter().cloned().map(Selector).collect()
        };
        if select.is_empty() {
            select.push(Selector("ALL".into()));
        }
        let ignore = config
            .ignore
            .iter()
            .map(|s| s.value.clone())
            .chain(options.ignore.iter().cloned().map(Selector))
            .collect();
        Self { select, ignore }
    }

    fn enabled(&self, rule: &crate::rules::RuleMeta) -> bool {
        self.select.iter().any(|s| s.matches(rule)) && !self.ignore.iter().any(|s| s.matches(rule))
    }
}

/// Hits from outside `check` (the data commands) resolved against the catalog, with no
/// configuration applied.
pub fn resolve_hits(hits: Vec<Hit>, sources: &[SourceFile], registry: &Registry) -> Vec<Finding> {
    let config = Config::default();
    let selection = Selection {
        select: vec![Selector("ALL".into())],
        ignore: Vec::new(),
    };
    finalize(hits, sources, registry, &config, &selection)
}

fn finalize(
    hits: Vec<Hit>,
    sources: &[SourceFile],
    registry: &Registry,
    config: &Config,
    selection: &Selection,
) -> Vec<Finding> {
    let mut allows: Vec<Vec<suppress::Allow>> = sources.iter().map(suppress::find_allows).collect();
    let mut findings = Vec::new();
    let push = |hit: Hit, findings: &mut Vec<Finding>, allows: &mut Vec<Vec<suppress::Allow>>| {
        let Some(rule) = registry.get(&hit.code) else {
            return;
        };
        let source = &sources[hit.file];
        let start = source.location(hit.span.start);
        if !rule.fatal {
            if !selection.enabled(rule) {
                return;
            }
            // Globs are relative to the config file's directory, whatever path the user typed.
            let absolute = source
                .path
                .canonicalize()
                .unwrap_or_else(|_| source.path.clone());
            let config_dir = config
                .dir
                .canonicalize()
                .unwrap_or_else(|_| config.dir.clone());
            let relative = absolute.strip_prefix(&config_dir).unwrap_or(&source.path);
            let ignored_here = config.per_file_ignores.iter().any(|p| {
                (p.matcher.is_match(relative) || p.matcher.is_match(&source.display))
                    && p.selectors.iter().any(|s| s.matches(rule))
            });
            if ignored_here {
                return;
            }
            let mut suppressed = false;
            for allow in allows[hit.file].iter_mut() {
                if allow.covers(&hit.code, start.line) {
                    allow.used = true;
                    suppressed = true;
                }
            }
            if suppressed {
                return;
            }
        }
        let end = source.location(hit.span.end.max(hit.span.start));
        let severity = config
            .severity
            .get(&rule.code)
            .map_or(rule.severity, |s| s.value);
        findings.push(Finding {
            code: rule.code.clone(),
            name: rule.name.clone(),
            family: rule.family,
            severity,
            message: hit.message,
            file: source.display.clone(),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            objective: hit.objective,
            key_result: hit.key_result,
            help: hit.help.unwrap_or_else(|| rule.help.clone()),
            passages: registry.passages(rule),
            fatal: rule.fatal,
            file_id: hit.file,
            span: hit.span,
        });
    };
    for hit in hits {
        push(hit, &mut findings, &mut allows);
    }
    let unused: Vec<Hit> = allows
        .iter()
        .enumerate()
        .flat_map(|(file, list)| {
            list.iter().filter(|a| !a.used).map(move |a| {
                Hit::new(
                    "SC008",
                    file,
                    a.span.clone(),
                    format!("`allow({})` suppresses nothing here", a.codes.join(", ")),
                )
            })
        })
        .collect();
    for hit in unused {
        push(hit, &mut findings, &mut allows);
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup_by(|a, b| a.sort_key() == b.sort_key());
    findings
}
