//! A data file's problem (a CSV cell, a missing column) as a located diagnostic, read back
//! from the file so the snippet shows the offending cell.

use super::{human, HumanStyle};
use crate::diagnostic::{Code, Hit};
use crate::engine::InputError;
use crate::lint::Report;
use crate::registry::Registry;
use crate::source::{display_path, SourceFile, DEFAULT_MAX_FILE_BYTES};

/// A CSV problem as a located diagnostic (rule SC010), read back from the file.
pub fn input_error(error: &InputError, registry: &Registry, style: HumanStyle) -> String {
    let text = snippet_text(&error.path);
    let source = SourceFile::new(display_path(&error.path), error.path.clone(), text);
    let span = error.line.map_or(0..0, |line| {
        cell_span(&source, line, error.column.as_deref())
    });
    let message = match error.column.as_deref() {
        Some(column) if !error.message.contains(&format!("`{column}`")) => {
            format!("{} (column `{column}`)", error.message)
        }
        _ => error.message.clone(),
    };
    let mut hit = Hit::new(Code::SC010, 0, span, message);
    hit.help = error.help.clone();
    let report = Report::for_hits(source, vec![hit], registry);
    // One diagnostic, located in its header (`╭─[file:line:column]`); the CSV column's name
    // is part of the message, so nothing is printed twice.
    human(&report, style)
}

/// The data file's text for the snippet: only a regular file (a FIFO named as data would
/// block the read, `/dev/zero` never end it), and at most its first
/// [`DEFAULT_MAX_FILE_BYTES`]; otherwise none, and the message stands alone.
fn snippet_text(path: &std::path::Path) -> String {
    use std::io::Read;
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return String::new();
    }
    let mut bytes = Vec::new();
    let read = std::fs::File::open(path)
        .and_then(|file| file.take(DEFAULT_MAX_FILE_BYTES).read_to_end(&mut bytes));
    match read {
        Ok(_) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(_) => String::new(),
    }
}

/// The byte range of a named column's cell on a line (the whole line when unknown).
fn cell_span(source: &SourceFile, line: usize, column: Option<&str>) -> std::ops::Range<usize> {
    let whole = source.line_span(line);
    let Some(column) = column else { return whole };
    let header: Vec<&str> = source
        .line(1)
        .split(',')
        .map(|h| h.trim().trim_matches('"'))
        .collect();
    let Some(index) = header.iter().position(|h| *h == column) else {
        return whole;
    };
    let mut start = whole.start;
    for (i, field) in source.line(line).split(',').enumerate() {
        if i == index {
            return start..start + field.len();
        }
        start += field.len() + 1;
    }
    whole
}
