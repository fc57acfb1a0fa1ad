//! A spanned value tree both structured formats read into (TOML, YAML), so the plan reader,
//! with its unknown-key, wrong-type and missing-key checks, is written once.

use jiff::civil::Date;
use toml::de::{DeTable, DeValue};

use super::Span;
use crate::diagnostic::{Code, FileId, Hit};

/// A key and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub name: String,
    pub span: Span,
}

/// A table: keys in the order written.
pub type Table = Vec<(Key, Node)>;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    String(String),
    /// `None` when the integer does not fit in 64 bits.
    Integer(Option<i64>),
    /// `None` when the float is not finite.
    Float(Option<f64>),
    Boolean(bool),
    /// A TOML date, date-time or time: the date, and whether a time or offset came with it.
    Datetime {
        date: Option<Date>,
        with_time: bool,
    },
    Array(Vec<Node>),
    Table(Table),
    /// YAML's `~`/`null`, or a key with nothing after it.
    Null,
}

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

impl Value {
    /// "a string", "an integer", … for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::String(_) => "a string",
            Value::Integer(_) => "an integer",
            Value::Float(_) => "a float",
            Value::Boolean(_) => "a boolean",
            Value::Datetime { .. } => "a date-time",
            Value::Array(_) => "an array",
            Value::Table(_) => "a table",
            Value::Null => "nothing (null)",
        }
    }
}

impl Node {
    pub fn table(&self) -> Option<&Table> {
        match &self.value {
            Value::Table(table) => Some(table),
            _ => None,
        }
    }

    /// Whether a table has a key.
    pub fn has(&self, key: &str) -> bool {
        self.table()
            .is_some_and(|t| t.iter().any(|(k, _)| k.name == key))
    }
}

/// Parses TOML, reporting every syntax error (not just the first) as SC001.
pub fn parse_toml(file: FileId, text: &str, hits: &mut Vec<Hit>) -> Option<Node> {
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        for error in errors {
            let span = error.span().unwrap_or(0..0);
            let message = format!("invalid TOML: {}", error.message().trim());
            hits.push(Hit::new(Code::SC001, file, span, message));
        }
        return None;
    }
    let span = root.span();
    Some(Node {
        value: Value::Table(toml_table(root.get_ref())),
        span,
    })
}

fn toml_table(table: &DeTable) -> Table {
    table
        .iter()
        .map(|(key, value)| {
            (
                Key {
                    name: key.get_ref().to_string(),
                    span: key.span(),
                },
                Node {
                    value: toml_value(value.get_ref()),
                    span: value.span(),
                },
            )
        })
        .collect()
}

fn toml_value(value: &DeValue) -> Value {
    match value {
        DeValue::String(text) => Value::String(text.to_string()),
        DeValue::Integer(int) => {
            Value::Integer(i64::from_str_radix(int.as_str(), int.radix()).ok())
        }
        DeValue::Float(float) => {
            Value::Float(float.as_str().parse::<f64>().ok().filter(|f| f.is_finite()))
        }
        DeValue::Boolean(b) => Value::Boolean(*b),
        DeValue::Datetime(dt) => Value::Datetime {
            date: dt
                .date
                .and_then(|d| Date::new(d.year as i16, d.month as i8, d.day as i8).ok()),
            with_time: dt.time.is_some() || dt.offset.is_some(),
        },
        DeValue::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| Node {
                    value: toml_value(item.get_ref()),
                    span: item.span(),
                })
                .collect(),
        ),
        DeValue::Table(table) => Value::Table(toml_table(table)),
    }
}
