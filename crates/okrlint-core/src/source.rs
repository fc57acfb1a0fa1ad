//! Source files as read from disk, and byte offsets turned into 1-based line/column.

use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// The largest plan, catalog, config or rule file okrlint reads, unless `max-file-bytes` in
/// okrlint.toml says otherwise: far above any real plan, far below a runaway file.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a regular file of at most `max` bytes. A FIFO, a device (`/dev/zero`), a directory
/// or a file past the limit is refused rather than read without bound or waited on.
pub fn read_bounded(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    let metadata =
        std::fs::metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if metadata.is_dir() {
        return Err(format!("{} is a directory, not a file", path.display()));
    }
    if !metadata.is_file() {
        return Err(format!(
            "{} is not a regular file (a pipe, socket or device); okrlint reads only files",
            path.display()
        ));
    }
    if metadata.len() > max {
        return Err(format!(
            "{} is {} bytes, over the {max}-byte limit (max-file-bytes in okrlint.toml)",
            path.display(),
            metadata.len()
        ));
    }
    let file =
        std::fs::File::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    // The file may grow between the check and the read: never take more than the limit.
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if bytes.len() as u64 > max {
        return Err(format!(
            "{} grew past the {max}-byte limit while being read",
            path.display()
        ));
    }
    Ok(bytes)
}

/// One input file held in memory for the whole run, so every finding can point back into it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user sees it (relative to where they ran okrlint when possible).
    pub display: String,
    pub path: PathBuf,
    pub text: String,
    line_starts: Vec<usize>,
    /// Whether every line is ASCII, so a column is a byte offset (no counting per lookup,
    /// which would be quadratic on a long line with many findings).
    ascii: bool,
}

/// A 1-based line and column; columns count characters, not bytes, like editors do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    pub fn new(display: String, path: PathBuf, text: String) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(at, _)| at + 1));
        let ascii = text.is_ascii();
        Self {
            display,
            path,
            text,
            line_starts,
            ascii,
        }
    }

    pub fn location(&self, offset: usize) -> Location {
        let offset = offset.min(self.text.len());
        let line_index = self.line_index(offset);
        let line_start = self.line_starts[line_index];
        let mut prefix = self.text.get(line_start..offset).unwrap_or("");
        if line_start == 0 {
            // A byte-order mark is invisible in editors, so it does not count as a column.
            prefix = prefix.strip_prefix('\u{feff}').unwrap_or(prefix);
        }
        let column = if self.ascii {
            prefix.len()
        } else {
            prefix.chars().count()
        };
        Location {
            line: line_index + 1,
            column: column + 1,
        }
    }

    /// The 0-based line an offset falls on.
    pub fn line_index(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(exact) => exact,
            Err(next) => next.saturating_sub(1),
        }
    }

    /// The byte offset where a 0-based line starts (the end of the text past the last line).
    pub fn line_start(&self, index: usize) -> usize {
        self.line_starts
            .get(index)
            .copied()
            .unwrap_or(self.text.len())
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The byte range of a 1-based line, without its line ending.
    pub fn line_span(&self, line: usize) -> Range<usize> {
        let start = self
            .line_starts
            .get(line.wrapping_sub(1))
            .copied()
            .unwrap_or(0);
        start..start + self.line(line).len()
    }
}

/// A file's bytes as text. When they are not UTF-8: the text with the bad bytes replaced
/// (one U+FFFD each run) and the span of the first replacement, where SC001 points.
pub fn decode_utf8(bytes: Vec<u8>) -> Result<String, (String, Range<usize>)> {
    String::from_utf8(bytes).map_err(|error| {
        let at = error.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
        (text, at..at + '\u{fffd}'.len_utf8())
    })
}

/// A path as the user should see it: relative to the working directory, `/`-separated.
pub fn display_path(path: &std::path::Path) -> String {
    let cwd = std::env::current_dir().ok();
    let shown = cwd
        .as_deref()
        .and_then(|cwd| path.strip_prefix(cwd).ok())
        .unwrap_or(path);
    let text = shown.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").map(str::to_string).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("t.toml".into(), "t.toml".into(), text.into())
    }

    #[test]
    fn columns_count_characters_and_skip_the_bom() {
        let f = file("\u{feff}a = 1\n\u{e9}t\u{e9} = 2\r\nx = 3\ny = \"a\u{feff}b\"");
        assert_eq!(f.location(3), Location { line: 1, column: 1 });
        let x = f.text.find('x').unwrap();
        assert_eq!(f.location(x), Location { line: 3, column: 1 });
        let eq = f.text.find("= 2").unwrap();
        assert_eq!(f.location(eq), Location { line: 2, column: 5 });
        assert_eq!(f.line(2), "\u{e9}t\u{e9} = 2");
        // Only a leading BOM is skipped; one inside a line is a character like any other.
        let b = f.text.rfind('b').unwrap();
        assert_eq!(f.location(b), Location { line: 4, column: 8 });
    }
}
