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

    /// `file:line: message`, for a problem reported from another file (a KR's `source`).
    pub fn brief(&self, shown_path: &str) -> String {
        let at = self.line.map_or(String::new(), |l| format!(":{l}"));
        format!("{shown_path}{at}: {}", self.message)
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

/// polars reports encoding and layout problems without a line; find it ourselves.
fn diagnose_unreadable(path: &Path, polars_message: &str) -> InputError {
    if let Ok(bytes) = std::fs::read(path) {
        match std::str::from_utf8(&bytes) {
            Err(error) => {
                let at = error.valid_up_to();
                let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
                return InputError::at(path, line, None, "file is not valid UTF-8")
                    .help("re-export the file as UTF-8");
            }
            Ok(text) => {
                if let Some((line, message)) = ragged_row(text) {
                    return InputError::at(path, line, None, message)
                        .help("quote fields that contain commas, and close every quote");
                }
            }
        }
    }
    InputError::file(path, format!("cannot read CSV: {polars_message}"))
}

/// The first row whose field count differs from the header's, or a quote never closed:
/// (line, what is wrong). Quoted fields may hold commas, doubled quotes and newlines.
fn ragged_row(text: &str) -> Option<(usize, String)> {
    let (mut line, mut record_line, mut fields, mut header) = (1, 1, 1, None);
    let (mut quoted, mut quote_line) = (false, 1);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
            }
            '"' => {
                quoted = !quoted;
                quote_line = line;
            }
            ',' if !quoted => fields += 1,
            '\n' => {
                line += 1;
                if quoted {
                    continue;
                }
                match header {
                    None => header = Some(fields),
                    Some(expected)
                        if fields != expected && !(fields == 1 && is_blank(text, record_line)) =>
                    {
                        return Some((
                            record_line,
                            format!("this row has {fields} fields, the header has {expected}"),
                        ));
                    }
                    Some(_) => {}
                }
                fields = 1;
                record_line = line;
            }
            _ => {}
        }
    }
    if quoted {
        return Some((
            quote_line,
            "a quoted field opened on this line is never closed".to_string(),
        ));
    }
    None
}

fn is_blank(text: &str, line: usize) -> bool {
    text.lines()
        .nth(line - 1)
        .is_none_or(|l| l.trim().is_empty())
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

    /// Identical rows (every column equal), counted beyond their first occurrence. Rows are
    /// hashed and sorted by hash; only rows with equal hashes are compared cell by cell.
    pub fn duplicate_rows(&self) -> Result<usize, InputError> {
        use std::hash::BuildHasher;
        let columns = self
            .headers
            .iter()
            .map(|h| self.frame.column(h).and_then(|c| c.str()))
            .collect::<PolarsResult<Vec<_>>>()
            .map_err(|e| InputError::file(&self.path, e.to_string()))?;
        let state = PlRandomState::default();
        let mut hashes: Vec<(u64, u32)> = (0..self.frame.height() as u32)
            .map(|row| (0, row))
            .collect();
        for column in &columns {
            for ((hash, _), value) in hashes.iter_mut().zip(column.iter()) {
                *hash = state.hash_one((*hash, value));
            }
        }
        hashes.sort_unstable();
        let same_row = |a: u32, b: u32| {
            columns
                .iter()
                .all(|c| c.get(a as usize) == c.get(b as usize))
        };
        let mut extra = 0;
        for run in hashes
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|run| run.len() > 1)
        {
            // Distinct rows whose hashes collide stay distinct: compare against each kept row.
            let mut kept: Vec<u32> = Vec::new();
            for &(_, row) in run {
                if kept.iter().any(|&k| same_row(k, row)) {
                    extra += 1;
                } else {
                    kept.push(row);
                }
            }
        }
        Ok(extra)
    }
}

#[cfg(test)]
mod tests {
    use super::ragged_row;

    #[test]
    fn ragged_rows_and_open_quotes_are_located() {
        assert_eq!(ragged_row("a,b\n1,2\n\"x,y\",3\n"), None);
        assert_eq!(ragged_row("a,b\n1,\"multi\nline\"\n"), None);
        assert_eq!(
            ragged_row("a,b\n1,2\n3,4,5\n"),
            Some((3, "this row has 3 fields, the header has 2".into()))
        );
        assert_eq!(
            ragged_row("a,b\n1,\"2\n3,4\n"),
            Some((
                2,
                "a quoted field opened on this line is never closed".into()
            ))
        );
    }
}
