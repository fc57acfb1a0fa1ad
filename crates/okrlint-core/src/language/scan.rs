//! A KR sentence as tokens: words, numbers and symbols, each with its byte range in the
//! sentence, whether it touches the token before it, and its depth inside parentheses.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    Word,
    /// A number written with digits: its value, and whether it had a decimal point.
    Number {
        value: f64,
        decimal: bool,
    },
    Symbol,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// Lowercased text: what phrases are matched against.
    pub norm: String,
    pub kind: Kind,
    pub range: Range<usize>,
    /// Written against the token before it, with no space ("48h", "4+", "$5").
    pub glued: bool,
    /// How many parentheses (or brackets) are open around it.
    pub depth: u8,
}

impl Token {
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }

    pub fn number(&self) -> Option<f64> {
        match self.kind {
            Kind::Number { value, .. } => Some(value),
            _ => None,
        }
    }
}

/// Separators that are not tokens: spaces, and the hyphens and underscores that join words
/// (`time-to-value`, `key_silk_cases`), as the word lists read them.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '_' | '–' | '—' | '*' | '`')
}

/// Splits a sentence into tokens. Never fails; any character is some token or a separator.
pub fn scan(text: &str) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::new();
    let mut depth: u8 = 0;
    let mut chars = text.char_indices().peekable();
    let mut last_end = usize::MAX;
    while let Some(&(start, c)) = chars.peek() {
        if is_separator(c) {
            chars.next();
            continue;
        }
        let glued = start == last_end;
        if c.is_ascii_digit() {
            // Digits, with `,` between groups of three and one `.` before decimals.
            let mut end = start;
            let mut decimal = false;
            let mut digits = String::new();
            while let Some(&(i, d)) = chars.peek() {
                if d.is_ascii_digit() {
                    digits.push(d);
                    end = i + 1;
                    chars.next();
                } else if (d == ',' || d == '.') && !(d == '.' && decimal) {
                    // A separator counts only between digits: `1,200` and `1.5`, not `5,` or `5.`.
                    let rest = &text[i + 1..];
                    let group: String = rest.chars().take_while(char::is_ascii_digit).collect();
                    let ok = if d == ',' {
                        group.len() == 3 && !decimal
                    } else {
                        !group.is_empty()
                    };
                    if !ok {
                        break;
                    }
                    if d == '.' {
                        decimal = true;
                        digits.push('.');
                    }
                    end = i + 1;
                    chars.next();
                } else {
                    break;
                }
            }
            let value = digits.parse::<f64>().unwrap_or(0.0);
            tokens.push(Token {
                norm: text[start..end].to_string(),
                kind: Kind::Number { value, decimal },
                range: start..end,
                glued,
                depth,
            });
            last_end = end;
            continue;
        }
        if c.is_alphabetic() {
            let mut end = start;
            while let Some(&(i, w)) = chars.peek() {
                let inner_apostrophe = (w == '\'' || w == '’')
                    && text[i + w.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphabetic);
                if w.is_alphanumeric() || inner_apostrophe {
                    end = i + w.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            tokens.push(Token {
                norm: text[start..end].to_lowercase().replace('’', "'"),
                kind: Kind::Word,
                range: start..end,
                glued,
                depth,
            });
            last_end = end;
            continue;
        }
        chars.next();
        let end = start + c.len_utf8();
        if matches!(c, ')' | ']') {
            depth = depth.saturating_sub(1);
        }
        tokens.push(Token {
            norm: c.to_lowercase().collect(),
            kind: Kind::Symbol,
            range: start..end,
            glued,
            depth,
        });
        if matches!(c, '(' | '[') {
            depth = depth.saturating_add(1);
        }
        last_end = end;
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(text: &str) -> Vec<String> {
        scan(text).into_iter().map(|t| t.norm).collect()
    }

    #[test]
    fn numbers_words_and_symbols() {
        assert_eq!(
            norms("Grow from 1,200 to 2,000."),
            ["grow", "from", "1,200", "to", "2,000", "."]
        );
        assert_eq!(scan("1,200")[0].number(), Some(1200.0));
        assert_eq!(norms("≤45 days"), ["≤", "45", "days"]);
        assert_eq!(norms("$1.2M ARR"), ["$", "1.2", "m", "arr"]);
        assert_eq!(norms("p95 < 300ms"), ["p95", "<", "300", "ms"]);
        assert_eq!(norms("time-to-value"), ["time", "to", "value"]);
        assert_eq!(norms("don't stop"), ["don't", "stop"]);
        let t = scan("4+ (x)");
        assert!(t[1].glued && t[1].norm == "+");
        assert_eq!(t[3].depth, 1);
        assert_eq!(t[4].depth, 0);
    }
}
