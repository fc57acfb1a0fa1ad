//! The CSV-cell layer NRR and DORA share: a CSV read as text columns (so each cell can be
//! checked and a bad one named by line and column), user column names mapped onto ours,
//! located cell errors, name interning and repeated-row detection.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use okrlint_core::calendar::{parse_timestamp_millis, year_problem, Day, TimestampError};
use okrlint_core::engine::InputError;
use polars::prelude::*;

/// A CSV read as text columns.
pub struct TextTable {
    pub path: PathBuf,
    pub frame: DataFrame,
    pub headers: Vec<String>,
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
    /// The file's name for one of our column names, after `--column` mapping, when the
    /// file has that column.
    pub fn resolve<'a>(&self, ours: &'a str, names: &'a ColumnNames) -> Option<&'a str> {
        let theirs = names.get(ours).unwrap_or(ours);
        self.headers.iter().any(|h| h == theirs).then_some(theirs)
    }

    /// An optional column, when the file has it.
    pub fn optional_column(
        &self,
        ours: &str,
        names: &ColumnNames,
    ) -> Result<Option<&StringChunked>, InputError> {
        self.resolve(ours, names)
            .map(|name| {
                self.frame
                    .column(name)
                    .and_then(|c| c.str())
                    .map_err(|e| InputError::file(&self.path, e.to_string()))
            })
            .transpose()
    }

    /// A required column, or an error naming what was expected and what was found.
    pub fn text_column(
        &self,
        ours: &str,
        names: &ColumnNames,
        expected: &[&str],
    ) -> Result<&StringChunked, InputError> {
        let missing = || {
            let theirs = names.get(ours).unwrap_or(ours);
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
        let name = self.resolve(ours, names).ok_or_else(missing)?;
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
        Ok(count_repeats(&hashes, |a, b| {
            columns
                .iter()
                .all(|c| c.get(a as usize) == c.get(b as usize))
        }))
    }
}

/// Our column names mapped to a file's, from `--column ours=theirs`.
#[derive(Debug, Clone, Default)]
pub struct ColumnNames(BTreeMap<String, String>);

impl ColumnNames {
    /// Every pair applies (one input file).
    pub fn new(columns: &BTreeMap<String, String>) -> Self {
        ColumnNames(columns.clone())
    }

    /// The pairs that apply to one of several files: `file.ours=theirs` wins over
    /// `ours=theirs`.
    pub fn for_file(columns: &BTreeMap<String, String>, file: &str) -> Self {
        let mut map: BTreeMap<String, String> = columns
            .iter()
            .filter(|(ours, _)| !ours.contains('.'))
            .map(|(ours, theirs)| (ours.clone(), theirs.clone()))
            .collect();
        for (ours, theirs) in columns {
            if let Some(column) = ours
                .strip_prefix(file)
                .and_then(|rest| rest.strip_prefix('.'))
            {
                map.insert(column.to_string(), theirs.clone());
            }
        }
        ColumnNames(map)
    }

    fn get(&self, ours: &str) -> Option<&str> {
        self.0.get(ours).map(String::as_str)
    }

    /// The file's own name for one of our columns.
    pub fn theirs(&self, ours: &str) -> String {
        self.get(ours).unwrap_or(ours).to_string()
    }
}

/// A bad cell, by its 0-based data row. Row 0 is line 2 unless a quoted cell above it spans
/// lines, so the line is found in the file itself (only on this error path).
pub fn cell_error(path: &Path, row: usize, column: &str, message: impl Into<String>) -> InputError {
    let line = record_line(path, row + 1).unwrap_or(row + 2);
    InputError::at(path, line, Some(column), message)
}

/// The 1-based line on which CSV record `record` (0 = the header) starts: newlines inside a
/// quoted cell do not end a record (RFC 4180 §2.6), so they do not count as records.
fn record_line(path: &Path, record: usize) -> Option<usize> {
    let bytes =
        okrlint_core::source::read_bounded(path, okrlint_core::source::DEFAULT_MAX_FILE_BYTES)
            .ok()?;
    record_line_in(&bytes, record)
}

fn record_line_in(bytes: &[u8], record: usize) -> Option<usize> {
    let (mut line, mut seen, mut quoted) = (1usize, 0usize, false);
    if record == 0 {
        return Some(1);
    }
    for &b in bytes {
        match b {
            // `""` inside a quoted cell toggles twice: the cell stays quoted.
            b'"' => quoted = !quoted,
            b'\n' => {
                line += 1;
                if !quoted {
                    seen += 1;
                    if seen == record {
                        return Some(line);
                    }
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod record_line_tests {
    use super::record_line_in;

    #[test]
    fn quoted_newlines_do_not_start_records() {
        let csv = b"id,note\n1,\"two\nlines\"\n2,plain\n3,\"say \"\"hi\"\"\"\n";
        assert_eq!(record_line_in(csv, 0), Some(1));
        assert_eq!(record_line_in(csv, 1), Some(2));
        assert_eq!(
            record_line_in(csv, 2),
            Some(4),
            "record 2 starts after the quoted newline"
        );
        assert_eq!(record_line_in(csv, 3), Some(5));
        assert_eq!(record_line_in(csv, 9), None);
        // CRLF files count lines the same way.
        assert_eq!(record_line_in(b"a\r\n\"x\r\ny\"\r\nz\r\n", 2), Some(4));
    }
}

/// A cell that must not be empty, trimmed.
pub fn required<'a>(
    path: &Path,
    row: usize,
    column: &str,
    value: Option<&'a str>,
) -> Result<&'a str, InputError> {
    match value.map(str::trim) {
        Some(text) if !text.is_empty() => Ok(text),
        _ => Err(cell_error(
            path,
            row,
            column,
            format!("`{column}` is empty"),
        )),
    }
}

/// An RFC 3339 timestamp cell as UTC milliseconds (fractions of a second kept).
pub fn timestamp(path: &Path, row: usize, column: &str, text: &str) -> Result<i64, InputError> {
    let ms = parse_timestamp_millis(text).map_err(|error| {
        let problem = match error {
            TimestampError::NoOffset => "has no UTC offset, so its instant is unknown",
            TimestampError::Unparsable => "is not an RFC 3339 timestamp",
        };
        cell_error(path, row, column, format!("`{text}` {problem}"))
            .help("write timestamps like 2024-01-31T14:05:00Z or 2024-01-31T16:05:00+02:00")
    })?;
    let year = Day::of_millisecond(ms)
        .to_string()
        .get(..4)
        .and_then(|y| y.parse().ok());
    match year.and_then(|y| year_problem(text, y)) {
        Some(problem) => Err(cell_error(path, row, column, problem)),
        None => Ok(ms),
    }
}

/// Dense integer ids for names (customers, services), handed out in order of first
/// appearance, so every later group-by, sort and join works on integers.
#[derive(Debug, Default)]
pub struct Interner<'a> {
    ids: PlHashMap<Cow<'a, str>, u32>,
    names: Vec<String>,
}

impl<'a> Interner<'a> {
    pub fn with_capacity(capacity: usize) -> Self {
        Interner {
            ids: PlHashMap::with_capacity(capacity),
            names: Vec::new(),
        }
    }

    /// The id of a name that outlives the interner (a cell of a table still held).
    pub fn id(&mut self, name: &'a str) -> u32 {
        let names = &mut self.names;
        *self.ids.entry(Cow::Borrowed(name)).or_insert_with(|| {
            names.push(name.to_string());
            (names.len() - 1) as u32
        })
    }

    /// The id of a name that does not (a slice's own copy); copied only when new.
    pub fn id_of(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        self.names.push(name.to_string());
        let id = (self.names.len() - 1) as u32;
        self.ids.insert(Cow::Owned(name.to_string()), id);
        id
    }

    pub fn get(&self, name: &str) -> Option<u32> {
        self.ids.get(name).copied()
    }

    /// Names by id.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    pub fn into_names(self) -> Vec<String> {
        self.names
    }
}

/// Rows that repeat an earlier row. `sorted` holds (hash, row) sorted by hash; rows with
/// equal hashes are compared with `same`, so a hash collision never counts as a repeat.
pub fn count_repeats(sorted: &[(u64, u32)], same: impl Fn(u32, u32) -> bool) -> usize {
    let mut repeated = 0;
    for run in sorted
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| run.len() > 1)
    {
        // Distinct rows whose hashes collide stay distinct: compare against each kept row.
        let mut kept: Vec<u32> = Vec::new();
        for &(_, row) in run {
            if kept.iter().any(|&k| same(k, row)) {
                repeated += 1;
            } else {
                kept.push(row);
            }
        }
    }
    repeated
}

#[cfg(test)]
mod tests {
    use super::{count_repeats, ragged_row, Interner};

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

    #[test]
    fn equal_hashes_are_repeats_only_when_the_rows_match() {
        let rows = [("c1", "d1"), ("c2", "d1"), ("c1", "d1"), ("c1", "d2")];
        let same = |a: u32, b: u32| rows[a as usize] == rows[b as usize];
        // All four rows collide on one hash: only row 2 repeats row 0.
        assert_eq!(count_repeats(&[(7, 0), (7, 1), (7, 2), (7, 3)], same), 1);
        assert_eq!(count_repeats(&[(1, 0), (2, 2)], same), 0);
    }

    #[test]
    fn interned_ids_follow_first_appearance() {
        let mut names = Interner::default();
        assert_eq!(names.id("acme"), 0);
        assert_eq!(names.id_of("globex"), 1);
        assert_eq!(names.id("globex"), 1);
        assert_eq!(names.id_of("acme"), 0);
        assert_eq!(names.get("initech"), None);
        assert_eq!(names.into_names(), ["acme", "globex"]);
    }
}
