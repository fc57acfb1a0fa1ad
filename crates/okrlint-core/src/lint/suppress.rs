//! Inline suppressions: `# okrlint: allow(CODE, …)` at the end of the offending line, on the
//! line above it, or above a table header (then it covers the whole table). In Markdown the
//! comment is HTML: `<!-- okrlint: allow(CODE, …) -->`, on the line above or at the end.

use std::ops::Range;

use crate::source::SourceFile;

#[derive(Debug, Clone)]
pub struct Allow {
    /// Codes or prefixes named in the comment.
    pub codes: Vec<String>,
    /// Lines (1-based, inclusive) the comment covers.
    pub lines: Range<usize>,
    /// Where the comment is, for reporting it when it suppresses nothing.
    pub span: Range<usize>,
    pub used: bool,
    /// Set for a comment meant as an allow but not written as one (`okrlint: alow(…)`): it
    /// suppresses nothing and is reported (SC008) with this message.
    pub problem: Option<String>,
}

pub fn find_allows(file: &SourceFile) -> Vec<Allow> {
    let markdown = file
        .path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "md" | "markdown" | "mdx"));
    if markdown {
        return find_html_allows(file);
    }
    let mut allows = Vec::new();
    for line_no in 1..=file.line_count() {
        let line = file.line(line_no);
        let Some(hash) = comment_start(line) else {
            continue;
        };
        let comment = &line[hash..];
        let line_start = file.line_span(line_no).start;
        let found = marker(comment);
        let close = found.and_then(|(_, args)| comment[args..].find(')'));
        let (Some((_, args_start)), Some(close)) = (found, close) else {
            let end = line_start + line.trim_end().len();
            allows.extend(malformed(comment, line_start + hash..end, line_no));
            continue;
        };
        let codes: Vec<String> = comment[args_start..args_start + close]
            .split(',')
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect();
        let span = line_start + hash..line_start + hash + args_start + close + 1;
        let trailing = !line[..hash].trim().is_empty();
        let lines = if trailing {
            line_no..line_no + 1
        } else {
            let next = line_no + 1;
            if file.line(next).trim_start().starts_with('[') {
                next..table_end(file, next)
            } else {
                next..next + 1
            }
        };
        allows.push(Allow {
            codes,
            lines,
            span,
            used: false,
            problem: None,
        });
    }
    allows
}

/// `<!-- okrlint: allow(CODE) -->` comments in Markdown: alone on a line they cover the next
/// line; after text they cover their own.
fn find_html_allows(file: &SourceFile) -> Vec<Allow> {
    let mut allows = Vec::new();
    for line_no in 1..=file.line_count() {
        let line = file.line(line_no);
        let Some(open) = line.find("<!--") else {
            continue;
        };
        let comment = &line[open..];
        let line_start = file.line_span(line_no).start;
        let found = marker(comment);
        let close = found.and_then(|(_, args)| comment[args..].find(')'));
        let (Some((_, args_start)), Some(close)) = (found, close) else {
            let end = comment
                .find("-->")
                .map_or(line.trim_end().len(), |e| open + e + 3);
            allows.extend(malformed(
                comment,
                line_start + open..line_start + end,
                line_no,
            ));
            continue;
        };
        let codes: Vec<String> = comment[args_start..args_start + close]
            .split(',')
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect();
        let end = comment.find("-->").map_or(comment.len(), |e| e + 3);
        let span = line_start + open..line_start + open + end;
        let trailing = !line[..open].trim().is_empty();
        let lines = if trailing {
            line_no..line_no + 1
        } else {
            line_no + 1..line_no + 2
        };
        allows.push(Allow {
            codes,
            lines,
            span,
            used: false,
            problem: None,
        });
    }
    allows
}

/// A comment that means to be an allow but is not written as one (`okrlint: alow(ME002)`,
/// `okrlint allow(ME002)`, `okrlint: allow ME002`, an unclosed `allow(`), so that it is
/// reported instead of silently suppressing nothing. `okrlint: plan` and other words are
/// left alone.
fn malformed(comment: &str, span: Range<usize>, line_no: usize) -> Option<Allow> {
    let at = comment.find("okrlint")?;
    let rest = comment[at + "okrlint".len()..].trim_start();
    let word: String = rest
        .trim_start_matches(':')
        .trim_start()
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect::<String>()
        .to_ascii_lowercase();
    let allowish = word == "allow"
        || matches!(word.as_str(), "noqa" | "ignore" | "disable")
        || (word.len() >= 3 && strsim::osa_distance(&word, "allow") <= 2);
    if !allowish {
        return None;
    }
    Some(Allow {
        codes: Vec::new(),
        lines: line_no..line_no + 1,
        span,
        used: false,
        problem: Some(
            "this comment is not an allow comment and suppresses nothing: write `okrlint: allow(CODE, …)`"
                .to_string(),
        ),
    })
}

/// The line after a table's last line: the next header or the end of the file.
fn table_end(file: &SourceFile, header: usize) -> usize {
    (header + 1..=file.line_count())
        .find(|&l| file.line(l).trim_start().starts_with('['))
        .unwrap_or(file.line_count() + 1)
}

/// Byte index of a `#` that starts a comment (not one inside a string).
fn comment_start(line: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (at, c) in line.char_indices() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' => return Some(at),
            None => {}
        }
    }
    None
}

/// Where `okrlint: allow(` (or `okrlint:allow(`, any spacing) starts in a comment, and where
/// its arguments start.
fn marker(comment: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(at) = comment[from..].find("okrlint") {
        let start = from + at;
        let rest = &comment[start + "okrlint".len()..];
        let rest_trimmed = rest.trim_start();
        if let Some(after_colon) = rest_trimmed.strip_prefix(':') {
            let after = after_colon.trim_start();
            if let Some(args) = after.strip_prefix("allow(") {
                return Some((start, comment.len() - args.len()));
            }
        }
        from = start + "okrlint".len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marker_tolerates_spacing() {
        assert!(marker("# okrlint:allow(ME002)").is_some());
        assert!(marker("#okrlint : allow(ME002)").is_some());
        assert!(marker("# okrlint: allow(ME002)").is_some());
        assert!(marker("# okrlint allow(ME002)").is_none());
        let (_, args) = marker("# okrlint:  allow(ME002)").unwrap();
        assert_eq!(&"# okrlint:  allow(ME002)"[args..], "ME002)");
    }

    #[test]
    fn comments_meant_as_allows_are_kept_as_problems() {
        let text = "# okrlint: alow(ME002)\n# okrlint allow(ME002)\nx = 1 # okrlint: allow(ME002\n# okrlint: plan\n# okrlint is great\n";
        let file = SourceFile::new("a".into(), "a.toml".into(), text.into());
        let allows = find_allows(&file);
        assert_eq!(allows.len(), 3, "{allows:?}");
        assert!(allows
            .iter()
            .all(|a| a.problem.is_some() && a.codes.is_empty()));
        assert_eq!(&text[allows[2].span.clone()], "# okrlint: allow(ME002");
        let text = "<!-- okrlint: plan -->\n<!-- okrlint: allwo(ME002) -->\n- Ship it\n";
        let file = SourceFile::new("a".into(), "OKR.md".into(), text.into());
        let allows = find_html_allows(&file);
        assert_eq!(allows.len(), 1, "{allows:?}");
        assert_eq!(
            &text[allows[0].span.clone()],
            "<!-- okrlint: allwo(ME002) -->"
        );
    }

    #[test]
    fn reads_markdown_allows() {
        let text = "<!-- okrlint: allow(ME002) -->\n- Ship it\n- Grow usage <!-- okrlint: allow(OU002, ME) -->\n";
        let file = SourceFile::new("a".into(), "OKR.md".into(), text.into());
        let allows = find_allows(&file);
        assert_eq!(allows.len(), 2);
        assert_eq!(allows[0].lines, 2..3);
        assert_eq!(allows[1].codes, ["OU002", "ME"]);
        assert_eq!(allows[1].lines, 3..4);
    }

    #[test]
    fn reads_trailing_line_and_table_allows() {
        let text = "# okrlint: allow(OU001, ME)\n[[objective.key_result]]\ntitle = \"Ship it\"\n\n[[x]]\nowner = \"a # b\" # okrlint: allow(ME002)\n";
        let file = SourceFile::new("a".into(), "a".into(), text.into());
        let allows = find_allows(&file);
        assert_eq!(allows.len(), 2);
        assert_eq!(allows[0].codes, ["OU001", "ME"]);
        assert_eq!(allows[0].lines, 2..5);
        assert_eq!(allows[1].lines, 6..7);
    }
}
