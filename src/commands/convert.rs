//! `okrlint convert`: how okrlint understood each plan, as JSON (the contract other tools
//! read) or as a TOML, YAML or Markdown plan that okrlint checks the same way.

use std::path::PathBuf;

use clap::ValueEnum;
use okrlint_core::lint::{self, LintOptions, Report};
use okrlint_core::model::Document;
use okrlint_core::render::{self, convert, HumanStyle};

use crate::exit;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Target {
    Json,
    Toml,
    Yaml,
    Md,
}

impl Target {
    fn extension(self) -> &'static str {
        match self {
            Target::Json => "json",
            Target::Toml => "toml",
            Target::Yaml => "yaml",
            Target::Md => "md",
        }
    }
}

/// A validated `convert` invocation.
pub struct ConvertRun {
    pub options: LintOptions,
    pub to: Target,
    /// Write one file per plan here instead of printing.
    pub out_dir: Option<PathBuf>,
    pub style: HumanStyle,
}

fn one(doc: &Document, to: Target) -> String {
    match to {
        Target::Toml => convert::to_toml(doc),
        Target::Yaml => convert::to_yaml(doc),
        Target::Md => convert::to_markdown(doc),
        Target::Json => String::new(),
    }
}

/// Returns what to print and the exit code; a file that cannot be read as a plan is reported
/// like `check` reports it, and nothing is converted.
pub fn run(run: &ConvertRun) -> (String, u8) {
    let loaded = match lint::load(&run.options) {
        Ok(loaded) => loaded,
        Err(error) => return (String::new(), exit::usage_error(&error)),
    };
    let fatal: Vec<_> = loaded
        .hits
        .iter()
        .filter(|h| loaded.registry.resolve(h.rule).meta.fatal)
        .cloned()
        .collect();
    if !fatal.is_empty() {
        let report = Report::for_sources(loaded.sources, fatal, &loaded.registry);
        eprint!("{}", render::human(&report, run.style));
        return (String::new(), exit::INPUT);
    }
    // Catalogs a plan names are read to check it, not converted with it.
    let plans: Vec<&Document> = loaded
        .documents
        .iter()
        .filter(|d| !loaded.referenced.contains(&d.file))
        .filter(|d| !d.objectives.is_empty() || !d.metrics.is_empty())
        .collect();
    if plans.is_empty() {
        return (
            String::new(),
            exit::usage_error("no plan or catalog found in the given paths"),
        );
    }
    if run.to == Target::Json {
        let documents: Vec<Document> = plans.iter().map(|d| (*d).clone()).collect();
        return (convert::to_json(&documents, &loaded.sources), exit::OK);
    }
    if let Some(dir) = &run.out_dir {
        if let Err(error) = std::fs::create_dir_all(dir) {
            return (
                String::new(),
                exit::usage_error(&format!("cannot create {}: {error}", dir.display())),
            );
        }
        let mut out = String::new();
        for (index, doc) in plans.iter().enumerate() {
            let stem = loaded.sources[doc.file]
                .path
                .file_stem()
                .map_or("plan".to_string(), |s| s.to_string_lossy().into_owned());
            let name = format!("{stem}-{}.{}", index + 1, run.to.extension());
            let path = dir.join(name);
            if let Err(error) = std::fs::write(&path, one(doc, run.to)) {
                return (
                    out,
                    exit::usage_error(&format!("cannot write {}: {error}", path.display())),
                );
            }
            out.push_str(&format!("wrote {}\n", path.display()));
        }
        return (out, exit::OK);
    }
    if plans.len() > 1 {
        return (
            String::new(),
            exit::usage_error(&format!(
                "{} plans found; a {} file holds one: pass --out-dir DIR to write one file per plan, or convert one file at a time",
                plans.len(),
                run.to.extension()
            )),
        );
    }
    (one(plans[0], run.to), exit::OK)
}
