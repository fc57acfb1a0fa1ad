//! What the commands share to print their output: formats, tables, JSON, CSV cells, colour
//! and the data files' header line findings point at.

use std::io::{BufRead, IsTerminal};
use std::path::Path;

use clap::ValueEnum;
use comfy_table::{presets, ColumnConstraint, ContentArrangement, Table};
use okrlint_core::diagnostic::Severity;
use okrlint_core::render::{HumanStyle, Passages};

/// Output of the data commands (`nrr`, `dora`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DataFormat {
    Table,
    Json,
    Csv,
}

/// Output of the listing commands (`rules`, `essays`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    /// The lowest severity that fails the run, if any does.
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }

    /// `fail-on` as written in okrlint.toml.
    pub fn parse(text: &str) -> Option<Self> {
        <Self as ValueEnum>::from_str(text, false).ok()
    }
}

/// `--passages`: how often a rule's essay passages are quoted in human output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PassagesArg {
    All,
    First,
    None,
}

/// The width to lay human output out at: `COLUMNS` when set, the terminal's width on a
/// terminal, else 100.
pub fn output_width() -> usize {
    known_width().unwrap_or(100)
}

/// `COLUMNS` or the terminal's width; none when writing to a file or a pipe without `COLUMNS`
/// (figure tables then keep every column, for whatever reads them).
pub fn known_width() -> Option<usize> {
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
    {
        return Some(columns.clamp(40, 400));
    }
    if std::io::stdout().is_terminal() {
        if let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size() {
            return Some(usize::from(w).clamp(40, 400));
        }
    }
    None
}

/// How human output looks for a `--color` choice. `--color auto` colours a terminal unless
/// `NO_COLOR` is set; `--color always` wins over `NO_COLOR`, as no-color.org asks of an
/// explicit command-line choice.
pub fn human_style(choice: Color) -> HumanStyle {
    let color = match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    HumanStyle {
        color,
        width: output_width(),
        passages: Passages::First,
    }
}

/// The same with a `--passages` choice.
pub fn human_style_with(choice: Color, passages: PassagesArg) -> HumanStyle {
    HumanStyle {
        passages: match passages {
            PassagesArg::All => Passages::All,
            PassagesArg::First => Passages::First,
            PassagesArg::None => Passages::None,
        },
        ..human_style(choice)
    }
}

/// A table for the listing commands, as wide as the output.
pub fn table(header: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_HORIZONTAL_ONLY)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(output_width().max(60) as u16)
        .set_header(header.to_vec());
    table
}

/// Hides columns of a figures table, in `drop_order`, until it fits the output width (numbers
/// are never wrapped mid-figure); returns a note naming what was hidden, or nothing.
pub fn fit_to_width(table: &mut Table, drop_order: &[usize]) -> Option<String> {
    let width = known_width()?;
    let widest = |t: &Table| {
        t.to_string()
            .lines()
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(0)
    };
    let mut hidden = Vec::new();
    for &index in drop_order {
        if widest(table) <= width {
            break;
        }
        let name = table
            .header()
            .and_then(|h| h.cell_iter().nth(index))
            .map(|c| c.content());
        if let (Some(column), Some(name)) = (table.column_mut(index), name) {
            column.set_constraint(ColumnConstraint::Hidden);
            hidden.push(name);
        }
    }
    // Still too wide: let cells with spaces ("daily weekly (high)") wrap.
    if widest(table) > width {
        table
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(width as u16);
    }
    (!hidden.is_empty()).then(|| {
        wrap_to_width(&format!(
            "(hidden to fit {width} columns: {}; a wider terminal, COLUMNS, or --format csv/json shows them)",
            hidden.join(", ")
        ))
    })
}

/// Prose wrapped at word boundaries to the output width.
pub fn wrap_to_width(text: &str) -> String {
    let Some(width) = known_width() else {
        return text.to_string();
    };
    let mut out = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split(' ') {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                out.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        out.push(line);
    }
    out.join("\n")
}

/// Pretty JSON with a final newline.
pub fn to_json(value: &impl serde::Serialize) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    text
}

/// A CSV field, quoted when it must be.
pub fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// A data file's header line: findings on its figures point there; the rest is not kept.
pub fn first_line(path: &Path) -> String {
    let mut line = String::new();
    if let Ok(file) = std::fs::File::open(path) {
        let _ = std::io::BufReader::new(file).read_line(&mut line);
    }
    line
}

/// Exit 1 when a finding is at or above the level.
pub fn exit_for(findings: &[okrlint_core::diagnostic::Finding], fail_on: Option<Severity>) -> u8 {
    if fail_on.is_some_and(|level| findings.iter().any(|f| f.severity >= level)) {
        crate::exit::FINDINGS
    } else {
        crate::exit::OK
    }
}
