//! The port between the core and the engines: what the core asks for (a request) and gets
//! back (plain figures, or a located input error). The metrics crate implements it with
//! polars; the core's own tests can implement it with fixed figures, so they never build
//! polars.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::dora::{DoraFigures, DoraInputs, DoraOptions};
use crate::nrr::{NrrFigures, NrrOptions};

/// Computes figures from data files.
pub trait Engine: Sync {
    fn nrr(&self, path: &Path, options: &NrrOptions) -> Result<NrrFigures, InputError>;
    fn dora(&self, inputs: &DoraInputs, options: &DoraOptions) -> Result<DoraFigures, InputError>;
}

/// An engine for runs that compute nothing: every request says so.
pub struct NoEngine;

impl Engine for NoEngine {
    fn nrr(&self, path: &Path, _: &NrrOptions) -> Result<NrrFigures, InputError> {
        Err(InputError::file(
            path,
            "this build of okrlint computes no figures",
        ))
    }

    fn dora(&self, inputs: &DoraInputs, _: &DoraOptions) -> Result<DoraFigures, InputError> {
        Err(InputError::file(
            &inputs.deployments,
            "this build of okrlint computes no figures",
        ))
    }
}

/// A problem with the input file, located as precisely as the problem allows.
#[derive(Debug, Clone, PartialEq)]
pub struct InputError {
    pub path: PathBuf,
    /// 1-based line in the file (the header is line 1).
    pub line: Option<usize>,
    /// The column's name as it appears in the file.
    pub column: Option<String>,
    pub message: String,
    pub help: Option<String>,
}

impl InputError {
    pub fn file(path: &Path, message: impl Into<String>) -> Self {
        Self {
            path: path.to_path_buf(),
            line: None,
            column: None,
            message: message.into(),
            help: None,
        }
    }

    pub fn at(path: &Path, line: usize, column: Option<&str>, message: impl Into<String>) -> Self {
        Self {
            path: path.to_path_buf(),
            line: Some(line),
            column: column.map(str::to_string),
            message: message.into(),
            help: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `file:line: message`, for a problem reported from another file (a KR's `source`).
    pub fn brief(&self, shown_path: &str) -> String {
        let at = self.line.map_or(String::new(), |l| format!(":{l}"));
        format!("{shown_path}{at}: {}", self.message)
    }
}

/// `--column ours=theirs` pairs, checked for shape.
pub fn parse_column_mappings(pairs: &[String]) -> Result<BTreeMap<String, String>, String> {
    pairs
        .iter()
        .map(|pair| match pair.split_once('=') {
            Some((ours, theirs)) if !ours.trim().is_empty() && !theirs.trim().is_empty() => {
                Ok((ours.trim().to_string(), theirs.trim().to_string()))
            }
            _ => Err(format!(
                "--column expects ours=theirs (e.g. customer_id=account_id), got `{pair}`"
            )),
        })
        .collect()
}

/// `--column` keys must name one of our columns (`customer_id`), or for a command with several
/// files one of a named file's (`incidents.deploy_id`): `files` lists each file's name and
/// columns. A typo is a usage error with "did you mean", never a mapping silently unused.
pub fn check_column_keys(
    columns: &BTreeMap<String, String>,
    files: &[(&str, &[&str])],
) -> Result<(), String> {
    let every: Vec<&str> = {
        let mut all: Vec<&str> = files.iter().flat_map(|(_, c)| c.iter().copied()).collect();
        all.sort_unstable();
        all.dedup();
        all
    };
    for ours in columns.keys() {
        let known: Vec<String> = match ours.split_once('.') {
            Some((file, _)) if files.len() > 1 => {
                let Some((_, list)) = files.iter().find(|(f, _)| *f == file) else {
                    let names = files.iter().map(|(f, _)| *f);
                    let hint = crate::suggest::did_you_mean(file, names.clone())
                        .map_or(String::new(), |s| format!(" (did you mean `{s}`?)"));
                    return Err(format!(
                        "--column {ours}: `{file}` is not one of the files ({}){hint}",
                        names.collect::<Vec<_>>().join(", ")
                    ));
                };
                list.iter().map(|c| format!("{file}.{c}")).collect()
            }
            _ => every.iter().map(|c| c.to_string()).collect(),
        };
        if !known.iter().any(|k| k == ours) {
            let hint = crate::suggest::did_you_mean(ours, known.iter().map(String::as_str))
                .map_or(String::new(), |s| format!(" (did you mean `{s}`?)"));
            return Err(format!(
                "--column {ours}=…: `{ours}` is not a column okrlint reads ({}){hint}",
                known.join(", ")
            ));
        }
    }
    Ok(())
}
