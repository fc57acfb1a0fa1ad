//! The default, compiler-style report: miette's graphical handler with the passage under
//! each finding.

use std::fmt::{self, Display};

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::summary_line;
use crate::diagnostic::{Finding, Severity};
use crate::lint::Report;
use crate::source::SourceFile;

#[derive(Debug, Clone, Copy)]
pub struct HumanStyle {
    pub color: bool,
    pub width: usize,
    /// Which findings quote their rule's essay passages.
    pub passages: Passages,
}

/// How often a rule's passages are printed in one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Passages {
    /// Under every finding.
    All,
    /// Under a rule's first finding; later ones point back to it.
    #[default]
    First,
    None,
}

impl HumanStyle {
    /// Plain text at 100 columns, each rule's passages once: what tests and pipes get.
    pub fn plain() -> Self {
        HumanStyle {
            color: false,
            width: 100,
            passages: Passages::First,
        }
    }
}

struct Rendered<'a> {
    finding: &'a Finding,
    source: Indexed<'a>,
    has_text: bool,
    help: String,
}

/// The source as miette reads it, through our line index: only the lines around a span
/// are touched, and columns count characters as in every other format.
struct Indexed<'a>(&'a SourceFile);

impl SourceCode for Indexed<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let file = self.0;
        let (start, end) = (span.offset(), span.offset() + span.len());
        if end > file.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let first = file.line_index(start);
        let last = file.line_index(end.saturating_sub(1).max(start));
        let from = first.saturating_sub(before);
        let to = (last + after).min(file.line_count().saturating_sub(1));
        let data_start = if before == 0 {
            start
        } else {
            file.line_start(from)
        };
        let data_end = file.line_start(to + 1).max(data_start);
        let column = if before == 0 {
            file.location(start).column - 1
        } else {
            0
        };
        Ok(Box::new(MietteSpanContents::new_named(
            file.display.clone(),
            &file.text.as_bytes()[data_start..data_end],
            (data_start, data_end - data_start).into(),
            from,
            column,
            to + 1,
        )))
    }
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for Rendered<'_> {}

impl Diagnostic for Rendered<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn Display + 'b>> {
        Some(Box::new(format!(
            "{} {}({})",
            self.finding.severity.as_str(),
            self.finding.code,
            self.finding.name
        )))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn Display + 'b>> {
        Some(Box::new(&self.help))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.has_text.then_some(&self.source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if !self.has_text {
            return None;
        }
        let span = &self.finding.span;
        let label = LabeledSpan::new_primary_with_span(
            Some(self.finding.name.clone()),
            span.start..span.end.max(span.start),
        );
        Some(Box::new(std::iter::once(label)))
    }
}

/// The help text: how to fix, then each passage as a quote with its essay's title (or a
/// pointer to where the rule's passages were already printed).
fn help_text(finding: &Finding, quote: bool, seen: bool) -> String {
    let mut text = finding.help.clone();
    if !quote {
        if seen && !(finding.passages.is_empty() && finding.references.is_empty()) {
            text.push_str(&format!(
                "\n\n(why: the passages under {}'s first finding above; `okrlint explain {}`)",
                finding.code, finding.code
            ));
        }
        return text;
    }
    for passage in &finding.passages {
        text.push_str(&format!(
            "\n\n“{}”\n  — {}",
            passage.quote.trim(),
            passage.essay_title
        ));
    }
    for source in &finding.references {
        text.push_str(&format!(
            "\n\n{}\n  — {}, {} ({})",
            source.figure.trim(),
            source.title,
            source.publisher,
            source.url
        ));
    }
    text
}

/// Lines longer than this (in characters) are not drawn as a snippet: miette cannot lay out
/// columns past 65,535, and a minified line helps no reader. The finding then says where it
/// is and quotes the text around the span instead.
const MAX_SNIPPET_LINE: usize = 1_000;

/// Whether the lines a snippet would draw (the span's, and one either side) are all short.
fn drawable(source: &SourceFile, span: &std::ops::Range<usize>) -> bool {
    let first = source.line_index(span.start).saturating_sub(1);
    let last = source.line_index(span.end.max(span.start)) + 1;
    (first..=last.min(source.line_count().saturating_sub(1))).all(|index| {
        source.line(index + 1).len() <= MAX_SNIPPET_LINE * 4
            && source.line(index + 1).chars().count() <= MAX_SNIPPET_LINE
    })
}

/// `at file:line:col: …text around the span…`, for a finding on a line too long to draw.
fn excerpt(source: &SourceFile, finding: &Finding) -> String {
    let line = source.line(finding.line);
    let chars: Vec<char> = line.chars().collect();
    let at = finding.column.saturating_sub(1).min(chars.len());
    let from = at.saturating_sub(60);
    let to = (at + 60).min(chars.len());
    let text: String = chars[from..to].iter().collect();
    format!(
        "at {}:{}:{}: {}{}{}",
        finding.file,
        finding.line,
        finding.column,
        if from > 0 { "…" } else { "" },
        text,
        if to < chars.len() { "…" } else { "" }
    )
}

pub fn human(report: &Report, style: HumanStyle) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_context_lines(1)
        .with_links(false);
    let mut out = String::new();
    let mut quoted = std::collections::BTreeSet::new();
    for finding in &report.findings {
        let source = &report.sources[finding.file_id];
        let draw = !source.text.is_empty() && drawable(source, &finding.span);
        let first = quoted.insert(finding.code.clone());
        let quote = match style.passages {
            Passages::All => true,
            Passages::First => first,
            Passages::None => false,
        };
        let mut help = help_text(finding, quote, !first && style.passages == Passages::First);
        if !draw && !source.text.is_empty() {
            help = format!("{}\n\n{help}", excerpt(source, finding));
        }
        let rendered = Rendered {
            finding,
            source: Indexed(source),
            has_text: draw,
            help,
        };
        if handler.render_report(&mut out, &rendered).is_err() {
            out.push_str(&format!("{}: {}\n", finding.code, finding.message));
        }
        out.push('\n');
    }
    out.push_str(&summary_line(report));
    out.push('\n');
    out
}
