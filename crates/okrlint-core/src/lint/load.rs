//! Reading the files of a run: discovery under directories (honouring .gitignore), each file
//! read once, its text kept for every finding, and the catalogs plans point at.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::config;
use crate::diagnostic::{Code, FileId, Hit};
use crate::model::{
    has_plan_marker, parse_yaml, read_document, read_markdown, read_tree, Document, DocumentKind,
    Format,
};
use crate::source::{decode_utf8, display_path, read_bounded, SourceFile};

/// Loaded files, each with its id, so hits can point into any of them.
#[derive(Default)]
pub(crate) struct Loader {
    /// The configuration's include/exclude globs.
    pub(crate) config: config::Config,
    pub(crate) sources: Vec<SourceFile>,
    seen: BTreeSet<PathBuf>,
    pub(crate) hits: Vec<Hit>,
    pub(crate) documents: Vec<Document>,
    /// Files read because a plan names them (`[team] metrics = "…"`), not because they were
    /// asked for.
    pub(crate) referenced: BTreeSet<FileId>,
    /// What `-` stands for: a name (for its format and findings) and its text.
    pub(crate) stdin: Option<(PathBuf, String)>,
}

impl Loader {
    pub(crate) fn add_source(&mut self, display: String, path: PathBuf, text: String) -> FileId {
        self.sources.push(SourceFile::new(display, path, text));
        self.sources.len() - 1
    }

    /// Reads one file. `explicit` files are reported even when empty.
    pub(crate) fn load(&mut self, path: &Path, explicit: bool) -> Option<FileId> {
        if path == Path::new("-") {
            let (name, text) = self.stdin.take()?;
            let id = self.add_source(display_path(&name), name.clone(), text);
            return self.read_text(id, &name, true);
        }
        let key = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        if !self.seen.insert(key) {
            return None;
        }
        let display = display_path(path);
        let bytes = match read_bounded(path, self.config.max_file_bytes) {
            Ok(bytes) => bytes,
            Err(error) => {
                let id = self.add_source(display, path.to_path_buf(), String::new());
                self.hits.push(Hit::new(Code::SC009, id, 0..0, error));
                return Some(id);
            }
        };
        let text = match decode_utf8(bytes) {
            Ok(text) => text,
            Err((text, bad)) => {
                let id = self.add_source(display, path.to_path_buf(), text);
                self.hits.push(
                    Hit::new(Code::SC001, id, bad, "file is not valid UTF-8")
                        .help("save the file as UTF-8"),
                );
                return Some(id);
            }
        };
        let id = self.add_source(display, path.to_path_buf(), text);
        self.read_text(id, path, explicit)
    }

    /// Reads a loaded source's text as a plan or catalog, by its path's format.
    fn read_text(&mut self, id: FileId, path: &Path, explicit: bool) -> Option<FileId> {
        let text = &self.sources[id].text;
        if text.trim_start_matches('\u{feff}').trim().is_empty() {
            if explicit {
                self.hits
                    .push(Hit::new(Code::SC005, id, 0..0, "file is empty"));
                return Some(id);
            }
            self.sources.pop();
            return None;
        }
        let mut hits = Vec::new();
        match format_of(path) {
            Some(Format::Markdown) => {
                let wanted =
                    named_like_a_plan(path) || has_plan_marker(text) || self.config.includes(path);
                if !explicit && !wanted {
                    self.sources.pop();
                    return None;
                }
                let documents = read_markdown(id, text);
                if documents.is_empty() && !explicit {
                    self.sources.pop();
                    return None;
                }
                self.documents.extend(documents);
            }
            Some(Format::Yaml) => {
                // Repositories hold many YAML files (CI, deployments): only a file with a plan's
                // or catalog's top-level key is read, unless it was named explicitly.
                let plan_like = text
                    .lines()
                    .any(|l| l.starts_with("objective:") || l.starts_with("metric:"));
                if !explicit && !plan_like {
                    self.sources.pop();
                    return None;
                }
                if let Some(root) = parse_yaml(id, text, &mut hits) {
                    let (kind, document) = read_tree(id, text, &root, Format::Yaml, &mut hits);
                    if kind == DocumentKind::Unrelated && hits.is_empty() && !explicit {
                        self.sources.pop();
                        return None;
                    }
                    self.documents.push(document);
                }
            }
            _ => match read_document(id, text, &mut hits) {
                Some((DocumentKind::Unrelated, _)) if hits.is_empty() => {
                    // Cargo.toml and friends: not ours, so not counted and not shown.
                    self.sources.pop();
                    return None;
                }
                Some((_, document)) => self.documents.push(document),
                None => {}
            },
        }
        self.hits.extend(hits);
        Some(id)
    }

    /// Loads the catalogs plan files point at with `[team] metrics = "…"`.
    pub(crate) fn load_referenced_catalogs(&mut self) {
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
                        Code::SC009,
                        file,
                        span,
                        format!("metrics catalog `{}` not found", reference.value),
                    )
                    .help("the path is relative to this file"),
                );
                continue;
            }
            if let Some(id) = self.load(&path, true) {
                self.referenced.insert(id);
            }
        }
    }
}

/// The format a file is read as, by its extension: `.toml`, `.yaml`/`.yml`,
/// `.md`/`.markdown`/`.mdx`; `None` for anything else.
pub(crate) fn format_of(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "toml" => Some(Format::Toml),
        "yaml" | "yml" => Some(Format::Yaml),
        "md" | "markdown" | "mdx" => Some(Format::Markdown),
        _ => None,
    }
}

/// Markdown files named like a plan: `OKR*.md`, `okrs.md`, `objectives.md(x)`, `goals.md`
/// (any case). Others need `<!-- okrlint: plan -->` or front matter `okrlint: plan`, so a
/// README or a changelog is never read as a plan by accident.
pub(crate) fn named_like_a_plan(path: &Path) -> bool {
    let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
        return false;
    };
    let stem = stem.to_ascii_lowercase();
    stem.starts_with("okr") || stem == "objectives" || stem == "goals"
}

/// Expands directories into the plan files below them, honouring .gitignore.
/// The files a run covers, each marked explicit (named on the command line) or found by
/// walking a directory (`.gitignore` honoured, config files left out), in a stable order.
pub fn candidates(paths: &[PathBuf]) -> Vec<(PathBuf, bool)> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            // The walker reads each directory's ignore files as it enters it: one that is a
            // FIFO would block it, one that is a device never end. Such a file is reported
            // (as a file that is not a regular one) and its directory is not walked.
            let absolute = path.canonicalize().unwrap_or_else(|_| path.clone());
            let above: Vec<PathBuf> = absolute
                .ancestors()
                .flat_map(unreadable_ignore_files)
                .collect();
            if !above.is_empty() {
                out.extend(above.into_iter().map(|f| (f, true)));
                continue;
            }
            let refused = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
            let skip = refused.clone();
            let mut found: Vec<PathBuf> = ignore::WalkBuilder::new(path)
                .require_git(false)
                .filter_entry(move |entry| {
                    if !entry.file_type().is_some_and(|t| t.is_dir()) {
                        return true;
                    }
                    let bad = unreadable_ignore_files(entry.path());
                    let keep = bad.is_empty();
                    if let Ok(mut list) = skip.lock() {
                        list.extend(bad);
                    }
                    keep
                })
                .build()
                .filter_map(Result::ok)
                .map(|entry| entry.into_path())
                // Not only regular files: a FIFO or device named like a plan is reported by
                // `load`, not skipped silently.
                .filter(|p| !p.is_dir() && format_of(p).is_some())
                .filter(|p| {
                    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    !config::CONFIG_NAMES.contains(&name)
                })
                .collect();
            found.extend(refused.lock().map(|l| l.clone()).unwrap_or_default());
            found.sort();
            let refused = refused.lock().map(|l| l.clone()).unwrap_or_default();
            out.extend(found.into_iter().map(|f| {
                let explicit = refused.contains(&f);
                (f, explicit)
            }));
        } else {
            out.push((path.clone(), true));
        }
    }
    out
}

/// The ignore files of `dir` that the walker would read but that are not regular files (a
/// `.git` directory is fine; a `.git` file is read for a worktree's git directory).
fn unreadable_ignore_files(dir: &Path) -> Vec<PathBuf> {
    [".gitignore", ".ignore", ".git", ".git/info/exclude"]
        .iter()
        .map(|name| dir.join(name))
        .filter(|file| {
            std::fs::metadata(file).is_ok_and(|m| {
                !m.is_file() && !(m.is_dir() && file.file_name() == Some(".git".as_ref()))
            })
        })
        .collect()
}

/// Loads the candidates, leaving out what the config excludes (from walks) and the config
/// file itself.
pub(crate) fn discover(files: &[(PathBuf, bool)], loader: &mut Loader, skip: &BTreeSet<PathBuf>) {
    for (path, explicit) in files {
        if !explicit
            && (loader.config.excludes(path)
                || skip.contains(&path.canonicalize().unwrap_or_else(|_| path.clone())))
        {
            continue;
        }
        loader.load(path, *explicit);
    }
}
