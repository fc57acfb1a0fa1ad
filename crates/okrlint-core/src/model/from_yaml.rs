//! YAML plans and catalogs → the spanned value tree, read with saphyr-parser's event stream
//! (which reports where every scalar and collection starts and ends). The keys are the
//! TOML format's (`team`, `objective`, `key_result`, `initiative`, `metric`), so the same
//! reader and rules apply.
//!
//! Plain scalars are typed as YAML 1.2's core schema types them (`12` an integer, `1.5` a
//! float, `true` a boolean, `~` null); quoted and block scalars are strings. Aliases are
//! refused: a plan has no use for them and they can expand without bound.

use saphyr_parser::{Event, Parser, ScalarStyle, Span as YamlSpan};

use super::tree::{Key, Node, Table, Value};
use super::Span;
use crate::diagnostic::{Code, FileId, Hit};

/// Byte offsets of a text's characters, for markers that count characters.
struct Offsets(Option<Vec<usize>>);

impl Offsets {
    fn new(text: &str) -> Self {
        if text.is_ascii() {
            Offsets(None)
        } else {
            let mut table: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
            table.push(text.len());
            Offsets(Some(table))
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        match &self.0 {
            None => char_index,
            Some(table) => table
                .get(char_index)
                .copied()
                .unwrap_or_else(|| table.last().copied().unwrap_or(0)),
        }
    }

    fn span(&self, span: &YamlSpan) -> Span {
        self.byte(span.start.index())..self.byte(span.end.index())
    }
}

enum Frame {
    Map {
        table: Table,
        key: Option<Key>,
        start: usize,
    },
    Seq {
        items: Vec<Node>,
        start: usize,
    },
}

/// Parses YAML into a tree; syntax errors become SC001 with their position.
pub fn parse_yaml(file: FileId, text: &str, hits: &mut Vec<Hit>) -> Option<Node> {
    let offsets = Offsets::new(text);
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Node> = None;
    let mut documents = 0;
    let error = |hits: &mut Vec<Hit>, span: Span, message: String| {
        hits.push(Hit::new(Code::SC001, file, span, message));
    };
    while let Some(event) = parser.next_event() {
        let (event, yspan) = match event {
            Ok(pair) => pair,
            Err(scan) => {
                let at = offsets.byte(scan.marker().index());
                error(hits, at..at, format!("invalid YAML: {}", scan.info()));
                return None;
            }
        };
        let span = offsets.span(&yspan);
        let node = match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    error(
                        hits,
                        span,
                        "a plan file holds one YAML document; split the others into their own files".into(),
                    );
                    return None;
                }
                continue;
            }
            Event::Alias(_) => {
                error(
                    hits,
                    span,
                    "YAML aliases (`*name`) are not supported in plans; write the value out".into(),
                );
                return None;
            }
            Event::MappingStart(..) => {
                stack.push(Frame::Map {
                    table: Vec::new(),
                    key: None,
                    start: span.start,
                });
                continue;
            }
            Event::SequenceStart(..) => {
                stack.push(Frame::Seq {
                    items: Vec::new(),
                    start: span.start,
                });
                continue;
            }
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Map { table, start, .. }) => Node {
                    span: start
                        ..table
                            .last()
                            .map_or(span.end, |(_, v)| v.span.end.max(start)),
                    value: Value::Table(table),
                },
                _ => continue,
            },
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::Seq { items, start }) => Node {
                    span: start..items.last().map_or(span.end, |v| v.span.end.max(start)),
                    value: Value::Array(items),
                },
                _ => continue,
            },
            Event::Scalar(text, style, _, _) => Node {
                value: scalar(&text, style),
                span,
            },
            _ => continue,
        };
        // Place the finished node in its parent.
        match stack.last_mut() {
            None => root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { table, key, .. }) => match key.take() {
                None => {
                    let name = match &node.value {
                        Value::String(s) => s.clone(),
                        Value::Integer(Some(n)) => n.to_string(),
                        Value::Boolean(b) => b.to_string(),
                        _ => {
                            error(hits, node.span.clone(), "a key must be a plain word".into());
                            return None;
                        }
                    };
                    if table.iter().any(|(k, _)| k.name == name) {
                        error(
                            hits,
                            node.span.clone(),
                            format!("duplicate key `{name}` in this mapping"),
                        );
                        return None;
                    }
                    *key = Some(Key {
                        name,
                        span: node.span,
                    });
                }
                Some(k) => table.push((k, node)),
            },
        }
    }
    root
}

/// A scalar typed by YAML 1.2's core schema (plain) or as a string (quoted, block).
fn scalar(text: &str, style: ScalarStyle) -> Value {
    if style != ScalarStyle::Plain {
        return Value::String(text.to_string());
    }
    match text {
        "~" | "null" | "Null" | "NULL" | "" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Boolean(true),
        "false" | "False" | "FALSE" => return Value::Boolean(false),
        _ => {}
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return Value::Integer(text.parse().ok());
    }
    let numeric = digits
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
        && digits.bytes().any(|b| b.is_ascii_digit());
    if numeric {
        if let Ok(value) = text.parse::<f64>() {
            return Value::Float(value.is_finite().then_some(value));
        }
    }
    Value::String(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_plan_with_spans_and_types() {
        let text = "team:\n  name: Growth\nobjective:\n  - id: O1\n    key_result:\n      - id: O1.KR1\n        target: 0.45\n        due: 2026-03-31\n        title: \"Raise activation\"\n";
        let mut hits = Vec::new();
        let root = parse_yaml(0, text, &mut hits).expect("parses");
        assert!(hits.is_empty());
        let objectives = &root.table().unwrap()[1].1;
        let Value::Array(items) = &objectives.value else {
            panic!()
        };
        let kr = &items[0].table().unwrap()[1].1;
        let Value::Array(krs) = &kr.value else {
            panic!()
        };
        let fields = krs[0].table().unwrap();
        assert_eq!(fields[1].1.value, Value::Float(Some(0.45)));
        assert_eq!(&text[fields[1].1.span.clone()], "0.45");
        assert_eq!(fields[2].1.value, Value::String("2026-03-31".into()));
        assert_eq!(&text[fields[3].1.span.clone()], "\"Raise activation\"");
        assert_eq!(&text[fields[0].0.span.clone()], "id");
    }

    #[test]
    fn errors_and_aliases_are_located() {
        let mut hits = Vec::new();
        assert!(parse_yaml(0, "a: [1, 2\nb: 3\n", &mut hits).is_none());
        assert_eq!(hits.len(), 1);
        assert!(hits[0].message.starts_with("invalid YAML"));
        let mut hits = Vec::new();
        assert!(parse_yaml(0, "a: &x 1\nb: *x\n", &mut hits).is_none());
        assert!(hits[0].message.contains("aliases"));
        let mut hits = Vec::new();
        assert!(parse_yaml(0, "a: 1\na: 2\n", &mut hits).is_none());
        assert!(hits[0].message.contains("duplicate key"));
    }
}
