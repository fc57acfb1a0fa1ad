//! `okrlint.toml`: rule selection, severities, per-file ignores, thresholds, extra rule
//! directories and the catalog path. Errors are collected like input-file errors.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::diagnostic::{Code, Family, FileId, Hit, Severity};
use crate::model::{parse_toml, Fields, Reader, Spanned};
use crate::registry::{Registry, RuleMeta};
use crate::source::{decode_utf8, display_path, read_bounded, SourceFile, DEFAULT_MAX_FILE_BYTES};
use crate::suggest::did_you_mean;

pub mod schema;
mod thresholds;

pub use thresholds::{ThresholdDoc, Thresholds, THRESHOLDS};

pub const CONFIG_NAMES: &[&str] = &["okrlint.toml", ".okrlint.toml"];

pub(crate) const CONFIG_KEYS: &[&str] = &[
    "select",
    "ignore",
    "fail-on",
    "metrics",
    "rules",
    "severity",
    "per-file-ignores",
    "thresholds",
    "include",
    "exclude",
    "max-file-bytes",
    "baseline",
];

/// A `select`/`ignore` entry: a code, a code prefix, a family name, or `ALL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector(pub String);

impl Config {
    /// A path relative to the config's directory, for its globs.
    fn relative<'p>(&self, path: &'p Path) -> std::borrow::Cow<'p, Path> {
        let absolute = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        let dir = self.dir.canonicalize().unwrap_or_else(|_| self.dir.clone());
        match absolute.strip_prefix(&dir) {
            Ok(rel) => std::borrow::Cow::Owned(rel.to_path_buf()),
            Err(_) => std::borrow::Cow::Borrowed(path),
        }
    }

    /// Whether `include` names this file.
    pub fn includes(&self, path: &Path) -> bool {
        let rel = self.relative(path);
        self.include.iter().any(|g| g.is_match(&*rel))
    }

    /// Whether `exclude` names this file.
    pub fn excludes(&self, path: &Path) -> bool {
        let rel = self.relative(path);
        self.exclude.iter().any(|g| g.is_match(&*rel))
    }
}

impl Selector {
    /// A code, a code prefix, a rule's name, a family, or `ALL`.
    pub fn matches(&self, rule: &RuleMeta) -> bool {
        let s = self.0.as_str();
        !s.is_empty()
            && (s == "ALL"
                || rule.code.starts_with(s)
                || rule.family.as_str() == s
                || rule.name == s)
    }

    /// Whether the selector names at least one rule, so typos are caught.
    pub fn is_known(&self, registry: &Registry) -> bool {
        registry.rules().any(|r| self.matches(r))
    }
}

#[derive(Debug, Clone)]
pub struct PerFileIgnore {
    pub pattern: String,
    pub matcher: GlobSet,
    pub selectors: Vec<Spanned<Selector>>,
}

#[derive(Debug, Clone)]
pub struct Config {
    /// Directory relative paths in the config are resolved against.
    pub dir: PathBuf,
    /// Globs (relative to `dir`) of Markdown files to read as plans whatever their name.
    pub include: Vec<GlobSet>,
    /// Globs (relative to `dir`) of files never read when walking a directory.
    pub exclude: Vec<GlobSet>,
    /// The largest plan, catalog or rule file read.
    pub max_file_bytes: u64,
    /// A baseline file (relative to `dir`): findings in it are not reported.
    pub baseline: Option<PathBuf>,
    pub select: Vec<Spanned<Selector>>,
    pub ignore: Vec<Spanned<Selector>>,
    pub fail_on: Option<Spanned<String>>,
    pub metrics: Option<PathBuf>,
    pub rules_dirs: Vec<PathBuf>,
    pub severity: BTreeMap<String, Spanned<Severity>>,
    pub per_file_ignores: Vec<PerFileIgnore>,
    pub thresholds: Thresholds,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            dir: PathBuf::new(),
            include: Vec::new(),
            exclude: Vec::new(),
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            baseline: None,
            select: Vec::new(),
            ignore: Vec::new(),
            fail_on: None,
            metrics: None,
            rules_dirs: Vec::new(),
            severity: BTreeMap::new(),
            per_file_ignores: Vec::new(),
            thresholds: Thresholds::default(),
        }
    }
}

/// The config file a run uses: `--config` wins, `--no-config` means none, else the nearest
/// `okrlint.toml` from the working directory upwards.
pub fn locate(explicit: Option<&Path>, no_config: bool) -> Option<PathBuf> {
    match (explicit, no_config) {
        (Some(path), _) => Some(path.to_path_buf()),
        (None, false) => std::env::current_dir().ok().and_then(|cwd| discover(&cwd)),
        (None, true) => None,
    }
}

/// A config file read and parsed as file `file` of a run: its text (for findings pointing
/// into it), the typed config and every problem found. Codes are checked by [`validate`]
/// once the rules (including the config's own rule directories) are known.
pub fn load(path: &Path, file: FileId) -> Result<(SourceFile, Config, Vec<Hit>), String> {
    let bytes = read_bounded(path, DEFAULT_MAX_FILE_BYTES)?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut hits = Vec::new();
    let text = match decode_utf8(bytes) {
        Ok(text) => text,
        Err((text, bad)) => {
            // Located like a plan's: at the first bad byte.
            let source = SourceFile::new(display_path(path), path.to_path_buf(), text);
            hits.push(
                Hit::new(Code::SC001, file, bad, "the config file is not valid UTF-8")
                    .help("save the file as UTF-8"),
            );
            let config = Config {
                dir,
                ..Config::default()
            };
            return Ok((source, config, hits));
        }
    };
    let source = SourceFile::new(display_path(path), path.to_path_buf(), text);
    let config = parse(file, &source.text, dir, &mut hits);
    Ok((source, config, hits))
}

/// A glob compiled through a `GlobSet`, which reports a pattern too large to compile as an
/// error (a lone matcher panics on it).
fn glob_set(pattern: &str) -> Result<GlobSet, String> {
    let glob = Glob::new(pattern).map_err(|e| e.to_string())?;
    GlobSetBuilder::new()
        .add(glob)
        .build()
        .map_err(|e| e.to_string())
}

/// The nearest `okrlint.toml` from `start` upwards.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start.ancestors().find_map(|dir| {
        CONFIG_NAMES
            .iter()
            .map(|name| dir.join(name))
            // Not only regular files: an `okrlint.toml` that is a FIFO or a device is then refused
            // by name when read, not passed over for a config further up.
            .find(|candidate| candidate.exists())
    })
}

/// Reads a config file's text. Problems become schema hits against `file`.
pub fn parse(file: FileId, text: &str, dir: PathBuf, hits: &mut Vec<Hit>) -> Config {
    let mut config = Config {
        dir,
        ..Config::default()
    };
    let Some(root) = parse_toml(file, text, hits) else {
        return config;
    };
    let span = root.span.clone();
    let Some(root) = root.table() else {
        return config;
    };
    let mut reader = Reader::new(file, text, hits);
    let f = reader.table(root, span, "okrlint.toml", CONFIG_KEYS);
    let selectors = |list: Option<Spanned<Vec<Spanned<String>>>>| -> Vec<Spanned<Selector>> {
        list.map_or_else(Vec::new, |l| {
            l.value
                .into_iter()
                .map(|s| Spanned::new(Selector(s.value), s.span))
                .collect()
        })
    };
    config.select = selectors(f.strings(&mut reader, "select"));
    config.ignore = selectors(f.strings(&mut reader, "ignore"));
    config.fail_on = f.string(&mut reader, "fail-on");
    config.metrics = f
        .string(&mut reader, "metrics")
        .map(|m| config.dir.join(m.value));
    // A rules directory that is not there is reported at its entry, not later without a line.
    let mut missing_dirs = Vec::new();
    config.rules_dirs = f.strings(&mut reader, "rules").map_or_else(Vec::new, |l| {
        l.value
            .into_iter()
            .filter_map(|d| {
                let dir = config.dir.join(&d.value);
                if dir.is_dir() {
                    Some(dir)
                } else {
                    missing_dirs.push(d);
                    None
                }
            })
            .collect()
    });
    for entry in missing_dirs {
        reader
            .hit(
                Code::SC009,
                entry.span.clone(),
                format!("rules directory `{}` is not a directory", entry.value),
            )
            .help = Some("the path is relative to this okrlint.toml".into());
    }
    if let Some((table, _)) = f.table(&mut reader, "severity") {
        for (code, value) in table {
            let fields = Fields {
                map: table,
                span: value.span.clone(),
                what: "[severity]",
            };
            if let Some(level) = fields.vocab(
                &mut reader,
                code.name.as_str(),
                Severity::parse,
                &["error", "warning", "info"],
            ) {
                config
                    .severity
                    .insert(code.name.as_str().to_string(), level);
            }
        }
    }
    for (key, list) in [
        ("include", &mut config.include),
        ("exclude", &mut config.exclude),
    ] {
        let Some(patterns) = f.strings(&mut reader, key) else {
            continue;
        };
        for pattern in patterns.value {
            match glob_set(&pattern.value) {
                Ok(set) => list.push(set),
                Err(error) => {
                    reader.hit(Code::SC003, pattern.span, format!("invalid glob: {error}"));
                }
            }
        }
    }
    if let Some((table, _)) = f.table(&mut reader, "per-file-ignores") {
        for (pattern, value) in table {
            let fields = Fields {
                map: table,
                span: value.span.clone(),
                what: "[per-file-ignores]",
            };
            let Some(list) = fields.strings(&mut reader, pattern.name.as_str()) else {
                continue;
            };
            match glob_set(pattern.name.as_str()) {
                Ok(matcher) => config.per_file_ignores.push(PerFileIgnore {
                    pattern: pattern.name.as_str().to_string(),
                    matcher,
                    selectors: list
                        .value
                        .into_iter()
                        .map(|s| Spanned::new(Selector(s.value), s.span))
                        .collect(),
                }),
                Err(error) => {
                    reader.hit(
                        Code::SC003,
                        pattern.span.clone(),
                        format!("invalid glob: {error}"),
                    );
                }
            }
        }
    }
    if let Some((table, span)) = f.table(&mut reader, "thresholds") {
        let keys: Vec<&str> = THRESHOLDS.iter().map(|t| t.key).collect();
        let fields = reader.table(table, span, "[thresholds]", &keys);
        for key in keys {
            if let Some(value) = fields.number(&mut reader, key) {
                // A power and a significance level are probabilities: 0 and 1 would turn the
                // sample-size estimate (EX006) off without a word.
                let probability = matches!(key, "experiment-power" | "experiment-significance");
                if value.value < 0.0 {
                    reader.hit(
                        Code::SC003,
                        value.span,
                        format!("threshold `{key}` must not be negative"),
                    );
                } else if probability && !(value.value > 0.0 && value.value < 1.0) {
                    reader.hit(
                        Code::SC003,
                        value.span,
                        format!(
                            "threshold `{key}` must be a probability between 0 and 1 (0.8 for 80%)"
                        ),
                    );
                } else if let Some(slot) = config.thresholds.slot(key) {
                    *slot = value.value;
                }
            }
        }
    }
    config
}

/// Checks what could only be checked once the rules are known: codes in select, ignore
/// and severity, and the fail-on level.
pub fn validate(config: &Config, registry: &Registry, file: FileId, hits: &mut Vec<Hit>) {
    // Selectors accept rule names too (`missing-owner`), so a near miss of one is suggested.
    let names: Vec<&str> = registry
        .rules()
        .flat_map(|r| [r.code.as_str(), r.name.as_str()])
        .chain(Family::ALL.iter().map(|f| f.as_str()))
        .collect();
    let in_ignores = config
        .per_file_ignores
        .iter()
        .flat_map(|p| p.selectors.iter());
    for selector in config.select.iter().chain(&config.ignore).chain(in_ignores) {
        if !selector.value.is_known(registry) {
            let mut hit = Hit::new(
                Code::SC003,
                file,
                selector.span.clone(),
                format!(
                    "`{}` names no rule code, prefix, rule name or family",
                    selector.value.0
                ),
            );
            if let Some(near) = did_you_mean(&selector.value.0, names.iter().copied()) {
                hit.help = Some(format!("did you mean `{near}`?"));
            }
            hits.push(hit);
        }
    }
    for (code, level) in &config.severity {
        // A code or, as `select` accepts, a rule's name.
        if registry.get(code).is_none() && !registry.rules().any(|r| r.name == *code) {
            let mut hit = Hit::new(
                Code::SC003,
                file,
                level.span.clone(),
                format!("`{code}` is not a rule code"),
            );
            if let Some(near) = did_you_mean(code, names.iter().copied()) {
                hit.help = Some(format!("did you mean `{near}`?"));
            }
            hits.push(hit);
        }
    }
    if let Some(fail_on) = &config.fail_on {
        if !["error", "warning", "info", "never"].contains(&fail_on.value.as_str()) {
            hits.push(
                Hit::new(
                    Code::SC003,
                    file,
                    fail_on.span.clone(),
                    format!("unknown fail-on level `{}`", fail_on.value),
                )
                .help("use one of: error, warning, info, never"),
            );
        }
    }
}
