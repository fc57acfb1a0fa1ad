//! The diagnostic vocabulary: rule codes, families, severities, what a detector reports (a
//! [`Hit`]) and what every renderer prints (a [`Finding`]).
//!
//! A leaf: it imports nothing else of okrlint, so every other module may use it.

pub mod level;

use std::ops::Range;

use serde::Serialize;

pub use level::{Family, Severity};

include!(concat!(env!("OUT_DIR"), "/codes.rs"));

/// Index of a loaded source file in a run.
pub type FileId = usize;

/// A byte range in a source file.
pub type Span = Range<usize>;

/// Which rule a hit belongs to: a built-in one, checked by the compiler, or a user's
/// data-only rule from `--rules DIR`, by its position in the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleId {
    Builtin(Code),
    User(usize),
}

impl From<Code> for RuleId {
    fn from(code: Code) -> Self {
        RuleId::Builtin(code)
    }
}

/// Whether a fix can be applied without a person's judgement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Safety {
    /// Keeps the plan's meaning (a misspelt key renamed to the one it was meant to be).
    Safe,
    /// Changes what the plan says (a direction, an inherited owner): applied only with
    /// `--unsafe-fixes`.
    Unsafe,
}

/// One replacement of a byte range of a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    #[serde(skip)]
    pub span: Span,
    pub replacement: String,
}

/// A fix for one finding: what it does and its edits, all in the finding's file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub message: String,
    pub safety: Safety,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn replace(
        safety: Safety,
        span: Span,
        replacement: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Fix {
            message: message.into(),
            safety,
            edits: vec![Edit {
                span,
                replacement: replacement.into(),
            }],
        }
    }
}

/// What a detector knows when it spots a problem: which rule, where, and what it saw.
/// Name, family, severity and passages are filled in from the rule catalog afterwards,
/// so detectors never repeat rule metadata.
#[derive(Debug, Clone)]
pub struct Hit {
    pub rule: RuleId,
    pub file: FileId,
    pub span: Span,
    pub message: String,
    /// A fix specific to this occurrence; the rule's generic help is used when absent.
    pub help: Option<String>,
    pub objective: Option<String>,
    pub key_result: Option<String>,
    /// A fix for this occurrence, when the rule has one.
    pub fix: Option<Fix>,
}

impl Hit {
    pub fn new(
        rule: impl Into<RuleId>,
        file: FileId,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Self {
            rule: rule.into(),
            file,
            span,
            message: message.into(),
            help: None,
            objective: None,
            key_result: None,
            fix: None,
        }
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn objective(mut self, id: Option<&str>) -> Self {
        self.objective = id.map(str::to_string);
        self
    }

    pub fn key_result(mut self, id: Option<&str>) -> Self {
        self.key_result = id.map(str::to_string);
        self
    }
}

/// A passage from an essay, resolved to the essay's title for printing.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Passage {
    pub essay: String,
    pub essay_title: String,
    pub quote: String,
}

/// An external source a finding's rule rests on, as renderers print it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Source {
    pub title: String,
    pub publisher: String,
    pub url: String,
    pub figure: String,
}

/// A finding as every renderer sees it.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub code: String,
    pub name: String,
    pub family: Family,
    pub severity: Severity,
    pub message: String,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub objective: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_result: Option<String>,
    pub help: String,
    pub passages: Vec<Passage>,
    /// External sources behind the rule (specifications, reports, surveys).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Source>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
    /// An input error (the file could not be read as a plan): makes the run exit 2.
    #[serde(skip)]
    pub fatal: bool,
    #[serde(skip)]
    pub file_id: FileId,
    #[serde(skip)]
    pub span: Span,
}

impl Finding {
    pub fn sort_key(&self) -> (&str, usize, usize, &str, &str) {
        (
            &self.file,
            self.line,
            self.column,
            &self.code,
            &self.message,
        )
    }
}
