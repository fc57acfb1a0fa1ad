//! Reading a CSV export: every column as text (so each cell can be checked and a bad one
//! named by row and column), with user column names mapped onto ours.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use polars::prelude::*;

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
}

/// A CSV read as text columns.
pub struct TextTable {
    pub path: PathBuf,
    pub frame: DataFrame,
    pub headers: Vec<String>,
}

/// `--column ours=theirs` pairs, checked for shape.
pub fn parse_mappings(pairs: &[String]) -> Result<BTreeMap<String, String>, String> {
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

pub fn read_text_table(path: &Path) -> Result<TextTable, InputError> {
    let metadata = std::fs::metadata(path)
        .map_err(|e| InputError::file(path, format!("cannot read file: {e}")))?;
    if metadata.is_dir() {
        return Err(InputError::file(path, "is a directory, not a CSV file"));
    }
    if metadata.len() == 0 {
        return Err(
            InputError::file(path, "file is empty").help("export the data with a header row")
        );
    }
    let frame = CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(Some(0))
        .with_raise_if_empty(true)
        .try_into_reader_with_file_path(Some(path.to_path_buf()))
        .and_then(|reader| reader.finish())
        .map_err(|error| diagnose_unreadable(path, &error.to_string()))?;
    let headers = frame
        .get_column_names()
        .iter()
        .map(|name| name.to_string())
        .collect();
    Ok(TextTable {
        path: path.to_path_buf(),
        frame,
        headers,
    })
}

/// polars reports encoding problems without a location; find it ourselves.
fn diagnose_unreadable(path: &Path, polars_message: &str) -> InputError {
    if let Ok(bytes) = std::fs::read(path) {
        if let Err(error) = std::str::from_utf8(&bytes) {
            let at = error.valid_up_to();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            return InputError::at(path, line, None, "file is not valid UTF-8")
                .help("re-export the file as UTF-8");
        }
    }
    InputError::file(path, format!("cannot read CSV: {polars_message}"))
}

impl TextTable {
    /// The file's name for one of our column names, after `--column` mapping.
    pub fn resolve<'a>(
        &self,
        ours: &'a str,
        mapping: &'a BTreeMap<String, String>,
    ) -> Option<&'a str> {
        let theirs = mapping.get(ours).map_or(ours, String::as_str);
        self.headers.iter().any(|h| h == theirs).then_some(theirs)
    }

    pub fn has_all(&self, ours: &[&str], mapping: &BTreeMap<String, String>) -> bool {
        ours.iter().all(|c| self.resolve(c, mapping).is_some())
    }

    /// A required column, or an error naming what was expected and what was found.
    pub fn text_column(
        &self,
        ours: &str,
        mapping: &BTreeMap<String, String>,
        expected: &[&str],
    ) -> Result<&StringChunked, InputError> {
        let missing = || {
            let theirs = mapping.get(ours).map_or(ours, String::as_str);
            InputError::at(
                &self.path,
                1,
                None,
                format!(
                    "missing column `{theirs}`: expected {}; found {}",
                    expected.join(", "),
                    self.headers.join(", ")
                ),
            )
            .help(format!(
                "map a column of yours with --column {ours}=YOUR_NAME"
            ))
        };
        let name = self.resolve(ours, mapping).ok_or_else(missing)?;
        self.frame
            .column(name)
            .and_then(|c| c.str())
            .map_err(|e| InputError::file(&self.path, e.to_string()))
    }

    /// Identical rows (every column equal), counted beyond their first occurrence.
    pub fn duplicate_rows(&self) -> Result<usize, InputError> {
        let keys: Vec<Expr> = self.headers.iter().map(|h| col(h.as_str())).collect();
        let counted = self
            .frame
            .clone()
            .lazy()
            .group_by(keys)
            .agg([len().alias("__copies")])
            .filter(col("__copies").gt(lit(1)))
            .select([(col("__copies") - lit(1)).sum().alias("extra")])
            .collect()
            .map_err(|e| InputError::file(&self.path, e.to_string()))?;
        let extra = counted
            .column("extra")
            .ok()
            .and_then(|c| c.cast(&DataType::Int64).ok())
            .and_then(|c| c.i64().ok().and_then(|ca| ca.get(0)))
            .unwrap_or(0);
        Ok(usize::try_from(extra).unwrap_or(0))
    }
}
