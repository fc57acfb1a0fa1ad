//! An item's text → its title and the metadata written around it: a `KR:`/`Objective:` label
//! (and the id it states), priority (`` `P0` ``, `p1 -`, `[p1]`), owners (`@handle`, `(Name)`,
//! `Owner: Name`, an MDX `<TeamMember name="…">`), and end-of-period status (`=> Done`,
//! `[x]`, ~~strikethrough~~). The title keeps its map into the file.

use std::ops::Range;

use super::blocks::Inline;
use crate::model::{Status, TextMap};

/// What a label at the start of a line says the item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    Objective,
    KeyResult,
    Initiative,
}

/// An item's text, cleaned.
#[derive(Debug, Clone, Default)]
pub struct Cleaned {
    pub title: String,
    pub map: TextMap,
    /// The title's span in the file (the whole item text's span when it cannot be located).
    pub span: Range<usize>,
    pub label: Option<Label>,
    /// A number the label states (`Objective 2`, `KR 1.3` → [1, 3]).
    pub stated: Vec<u32>,
    pub owner: Option<(String, Range<usize>)>,
    pub priority: Option<(String, Range<usize>)>,
    pub status: Option<(Status, Range<usize>)>,
    pub status_text: Option<String>,
    /// A score written after the title (`0.60`).
    pub score: Option<f64>,
}

/// A range of an inline, as a new inline (text and map shifted).
fn slice(inline: &Inline, range: Range<usize>) -> (String, TextMap) {
    let text = inline.text[range.clone()].to_string();
    let mut map = TextMap::default();
    // Re-base every piece of the original map that overlaps the range.
    let mut at = range.start;
    while at < range.end {
        let next = inline.text[at..range.end]
            .char_indices()
            .nth(1)
            .map_or(range.end, |(i, _)| at + i);
        if let Some(source) = inline.map.to_source(at..next) {
            // Extend the piece as far as the source stays contiguous.
            let mut end = next;
            let mut source_end = source.end;
            while end < range.end {
                let step = inline.text[end..range.end]
                    .char_indices()
                    .nth(1)
                    .map_or(range.end, |(i, _)| end + i);
                match inline.map.to_source(end..step) {
                    Some(s) if s.start == source_end => {
                        source_end = s.end;
                        end = step;
                    }
                    _ => break,
                }
            }
            map.push(at - range.start..end - range.start, source.start);
            at = end;
        } else {
            at = next;
        }
    }
    (text, map)
}

fn lower(text: &str) -> String {
    text.to_ascii_lowercase()
}

const OBJECTIVE_LABELS: &[&str] = &["objective", "problem area", "goal"];
const KR_LABELS: &[&str] = &["key result", "key results", "kr", "krs"];
const INITIATIVE_LABELS: &[&str] = &["initiative", "project", "deliverable"];

/// A leading label such as `Objective 2:`, `**KR:**`, `Key Result 1.3 -`: (label, stated
/// numbers, bytes to skip).
fn label_at(text: &str) -> Option<(Label, Vec<u32>, usize)> {
    let lead = text.len() - text.trim_start().len();
    let rest = &text[lead..];
    // `O1:` / `O2.` — an objective's own id.
    let b = rest.as_bytes();
    if b.len() > 2 && (b[0] == b'O' || b[0] == b'o') && b[1].is_ascii_digit() {
        let digits = b[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if matches!(b.get(1 + digits), Some(b':') | Some(b'.')) {
            let n = rest[1..1 + digits].parse().ok().into_iter().collect();
            return Some((Label::Objective, n, lead + 2 + digits));
        }
    }
    let l = lower(rest);
    let lists = [
        (Label::Objective, OBJECTIVE_LABELS),
        (Label::KeyResult, KR_LABELS),
        (Label::Initiative, INITIATIVE_LABELS),
    ];
    for (label, words) in lists {
        // Longest label first, so "key results" wins over "key result".
        let mut sorted: Vec<&&str> = words.iter().collect();
        sorted.sort_by_key(|w| std::cmp::Reverse(w.len()));
        for word in sorted {
            if !l.starts_with(word) {
                continue;
            }
            let after = &rest[word.len()..];
            // A number right after the label (`KR1`, `Objective 2`, `KR 1.3`).
            let after = after
                .strip_prefix(" #")
                .map_or(after, |rest| &after[after.len() - rest.len() - 1..]);
            let after = after.strip_prefix('#').unwrap_or(after);
            let numbers_start = after.len() - after.trim_start().len();
            let digits: String = after[numbers_start..]
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            let stated: Vec<u32> = digits.split('.').filter_map(|d| d.parse().ok()).collect();
            let after_numbers = &after[numbers_start + digits.len()..];
            let trimmed = after_numbers.trim_start();
            // The label must end in `:` or a dash, so "Goals for growth" is not a label.
            let sep = trimmed
                .strip_prefix(':')
                .or_else(|| trimmed.strip_prefix(" -"))
                .or_else(|| trimmed.strip_prefix('-'))
                .or_else(|| trimmed.strip_prefix('–'))
                .or_else(|| trimmed.strip_prefix('—'))
                .or_else(|| {
                    (!digits.is_empty())
                        .then(|| trimmed.strip_prefix('.'))
                        .flatten()
                });
            let Some(after_sep) = sep else {
                if word.len() > 2 && trimmed.is_empty() {
                    // A bare label line ("Key results", "Objective") with nothing after it.
                    return Some((label, stated, text.len()));
                }
                continue;
            };
            let skip = text.len() - after_sep.len();
            return Some((label, stated, skip));
        }
    }
    None
}

/// `CEO KR:`, `VP Field Ops Key Result:`: a role, then a KR label. (role, bytes to skip)
fn role_label(text: &str) -> Option<(&str, usize)> {
    let head = &text[..text.len().min(60)];
    let colon = head.find(':')?;
    let before = &head[..colon];
    let role = ["KR", "Key Result", "key result"]
        .iter()
        .find_map(|label| before.strip_suffix(label))?
        .trim_end();
    let capitalised = role.chars().next().is_some_and(char::is_uppercase);
    (capitalised && !role.is_empty() && role.split_whitespace().count() <= 6)
        .then(|| (role, colon + 1))
}

/// A priority token (`P0`…`P4`, any case).
fn is_priority(token: &str) -> bool {
    let t = token.trim_matches(|c: char| "`[]()*".contains(c));
    let b = t.as_bytes();
    (b.len() == 2 && (b[0] == b'P' || b[0] == b'p') && b[1].is_ascii_digit())
        || t.eq_ignore_ascii_case("px")
        || (b.len() == 5 && (b[0] == b'P' || b[0] == b'p') && &t[2..3] == "-")
}

fn is_handle(token: &str) -> bool {
    token.len() > 1
        && token.starts_with('@')
        && token[1..]
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '?' | '/'))
}

/// Reads a status word: done, dropped, in progress; `None` for other remarks.
pub fn status_of(text: &str) -> Option<Status> {
    let t = lower(text.trim().trim_matches(|c: char| "*_.!`".contains(c)));
    let done = [
        "done",
        "complete",
        "completed",
        "achieved",
        "shipped",
        "met",
        "yes",
        "finished",
        "✅",
        "✔",
        "100%",
        "1",
        "1.0",
    ];
    let dropped = [
        "dropped",
        "deprioritized",
        "deprioritised",
        "cancelled",
        "canceled",
        "abandoned",
        "won't do",
        "not doing",
    ];
    let progress = [
        "in progress",
        "in-progress",
        "wip",
        "ongoing",
        "started",
        "partially",
        "partial",
        "on track",
        "just starting",
        "in flight",
    ];
    if done
        .iter()
        .any(|w| t == *w || t.starts_with(&format!("{w} ")) || t.starts_with(&format!("{w},")))
    {
        Some(Status::Done)
    } else if dropped.iter().any(|w| t.starts_with(w)) {
        Some(Status::Dropped)
    } else if progress.iter().any(|w| t.starts_with(w))
        || t.trim_end_matches('%')
            .parse::<f64>()
            .is_ok_and(|p| p > 0.0 && p < 100.0 && t.ends_with('%'))
        || t.contains("% completed")
        || t.contains("% complete")
    {
        Some(Status::InProgress)
    } else {
        None
    }
}

/// An MDX `<TeamMember name="Ann Lee" …>` tag's name.
fn mdx_member(html: &str) -> Option<String> {
    let at = html.find("name=")?;
    let rest = &html[at + 5..];
    let quote = rest.chars().next()?;
    if quote != '"' && quote != '\'' {
        return None;
    }
    let rest = &rest[1..];
    rest.find(quote).map(|end| rest[..end].to_string())
}

/// Cleans an item's (or heading's, or cell's) text.
pub fn clean(inline: &Inline) -> Cleaned {
    let text = &inline.text;
    let mut start = text.len() - text.trim_start().len();
    let mut end = text.trim_end().len();
    let mut out = Cleaned::default();

    // A list number written into the text (`### 1. CEO: IACV`).
    let digits = text[start..].bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0
        && digits < 4
        && text[start + digits..].starts_with(['.', ')'])
        && text[start + digits + 1..].starts_with(' ')
    {
        out.stated = text[start..start + digits]
            .parse()
            .ok()
            .into_iter()
            .collect();
        start += digits + 2;
    }
    // A leading label, possibly inside bold (`**KR:** …`), or a role's (`CEO KR: …`).
    if let Some((label, stated, skip)) = label_at(&text[start..]) {
        out.label = Some(label);
        if !stated.is_empty() {
            out.stated = stated;
        }
        start += skip;
    } else if let Some((role, skip)) = role_label(&text[start..]) {
        out.label = Some(Label::KeyResult);
        out.owner = Some((role.to_string(), start..start + role.len()));
        start += skip;
    }
    // Leading tokens: priorities and handles, separated by spaces, dashes or colons.
    loop {
        let rest = &text[start..end];
        let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() || "-–—:|".contains(c));
        let offset = start + (rest.len() - trimmed.len());
        let token_end = trimmed
            .find(|c: char| c.is_whitespace() || c == ':' || c == ',')
            .unwrap_or(trimmed.len());
        let token = &trimmed[..token_end];
        if token.is_empty() {
            break;
        }
        if is_priority(token) && out.priority.is_none() {
            let p = token
                .trim_matches(|c: char| "`[]()*".contains(c))
                .to_uppercase();
            out.priority = Some((p, offset..offset + token_end));
            start = offset + token_end;
        } else if is_handle(token) && out.owner.is_none() {
            out.owner = Some((token[1..].to_string(), offset..offset + token_end));
            start = offset + token_end;
        } else {
            if offset > start && text[start..offset].contains(|c: char| "-–—:".contains(c)) {
                start = offset;
            }
            break;
        }
    }
    // `~~Move the services~~ dropped: retired instead`: the struck words are the title, the
    // rest a remark on why.
    if let Some(struck) = inline
        .struck
        .iter()
        .find(|r| r.start <= start + 1 && r.end > start && r.end < end)
    {
        let remark = text[struck.end..end]
            .trim()
            .trim_start_matches(|c: char| "(-–—:".contains(c));
        let remark = remark.trim_end_matches(')').trim();
        if !remark.is_empty() {
            out.status = Some((
                status_of(remark).unwrap_or(Status::Dropped),
                inline.span.clone(),
            ));
            out.status_text = Some(remark.to_string());
            end = struck.end;
        }
    }
    // A status after `=>`, `==>`, `-->`, `== >`.
    for marker in ["==>", "=>", "-->", "== >"] {
        if let Some(at) = text[start..end].rfind(marker) {
            let at = start + at;
            let remark = text[at + marker.len()..end].trim();
            out.status = status_of(remark).map(|s| (s, at..end));
            out.status_text = Some(remark.to_string());
            end = at;
            break;
        }
    }
    // `[Ship CSS containment](#o0r0) leviw, skobes 0.60`: a title in a link, then its owners
    // and score (a table flattened into a list).
    if let Some(link) = inline
        .links
        .iter()
        .find(|l| l.start <= start + 1 && l.end > start)
    {
        let tail = text[link.end..end].trim();
        let tokens: Vec<&str> = tail
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|t| !t.is_empty())
            .collect();
        let score = tokens.last().filter(|t| {
            t.contains('.') && t.parse::<f64>().is_ok_and(|v| (0.0..=1.0).contains(&v))
        });
        let names: Vec<&str> = tokens[..tokens.len() - usize::from(score.is_some())].to_vec();
        let all_handles = names.iter().all(|n| {
            n.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                && n.len() <= 20
        });
        if !tokens.is_empty() && names.len() <= 4 && all_handles {
            if !names.is_empty() {
                let first = link.end + text[link.end..].find(names[0]).unwrap_or(0);
                out.owner = Some((names.join(", "), first..end));
            }
            out.score = score.and_then(|s| s.parse().ok());
            end = link.end;
        }
    }
    // Trailing markers that are not words (⭐, ✅): a check mark says done.
    let tail = text[start..end].trim_end();
    let kept = tail.trim_end_matches(|c: char| {
        !c.is_alphanumeric() && !c.is_ascii_punctuation() && !c.is_whitespace()
    });
    if kept.len() < tail.len() {
        let marks = &tail[kept.len()..];
        if marks.contains(['✅', '✔']) && out.status.is_none() {
            out.status = Some((Status::Done, start + kept.len()..start + tail.len()));
        }
        end = start + kept.len();
    }
    // Trailing tokens: priorities, handles, `(Name)`, `Owner: Name`.
    loop {
        let rest = text[start..end].trim_end_matches(|c: char| c.is_whitespace() || c == ',');
        let rest_end = start + rest.len();
        let token_start = rest.rfind(|c: char| c.is_whitespace()).map_or(0, |i| i + 1);
        let token = &rest[token_start..];
        if token.is_empty() || rest_end - token.len() <= start {
            break;
        }
        let token_at = start + token_start;
        let bare_priority = token.len() == 2
            && token.starts_with('P')
            && token[1..].chars().all(|c| c.is_ascii_digit());
        if is_priority(token)
            && (token.starts_with(['[', '(', '`']) || bare_priority)
            && out.priority.is_none()
        {
            let p = token
                .trim_matches(|c: char| "`[]()*".contains(c))
                .to_uppercase();
            out.priority = Some((p, token_at..rest_end));
            end = token_at;
        } else if is_handle(token) {
            if out.owner.is_none() {
                out.owner = Some((token[1..].to_string(), token_at..rest_end));
            }
            end = token_at;
        } else if token.ends_with(')') {
            // `(Kishan)`, `(Ann Lee)`: a name of one to three capitalised words.
            let Some(open) = rest.rfind('(') else { break };
            let inner = &rest[open + 1..rest.len() - 1];
            let words: Vec<&str> = inner.split_whitespace().collect();
            let name_like = !words.is_empty()
                && words.len() <= 3
                && words.iter().all(|w| {
                    w.chars().next().is_some_and(|c| c.is_uppercase())
                        && w.chars().all(|c| c.is_alphabetic() || c == '.' || c == '-')
                });
            if name_like && out.owner.is_none() {
                out.owner = Some((inner.to_string(), start + open..rest_end));
                end = start + open;
            } else {
                break;
            }
        } else {
            break;
        }
    }
    if let Some(at) = lower(&text[start..end]).rfind("owner:") {
        let at = start + at;
        let name = text[at + 6..end].trim().trim_end_matches(')').trim();
        if !name.is_empty() && name.split_whitespace().count() <= 4 && out.owner.is_none() {
            out.owner = Some((name.to_string(), at..end));
        }
        // `(Owner: <TeamMember …/>)`: the parenthesis goes with it.
        end = if text[start..at].trim_end().ends_with('(') {
            start + text[start..at].trim_end().len() - 1
        } else {
            at
        };
    }
    if out.owner.is_none() {
        if let Some(name) = inline.html.iter().find_map(|h| mdx_member(h)) {
            out.owner = Some((name, inline.span.clone()));
        }
    }
    // Whole item struck through: dropped (unless a status says otherwise).
    if out.status.is_none() && inline.all_struck() {
        out.status = Some((Status::Dropped, inline.span.clone()));
    }
    // Trim separators left at either end, and a trailing colon that introduces sub-items.
    let mut range = start..end;
    let body = &text[range.clone()];
    let left = body.len()
        - body
            .trim_start_matches(|c: char| c.is_whitespace() || "-–—|".contains(c))
            .len();
    range.start += left;
    let body = &text[range.clone()];
    range.end = range.start
        + body
            .trim_end_matches(|c: char| c.is_whitespace() || ":-–—|,".contains(c))
            .len();
    if range.start > range.end {
        range.end = range.start;
    }
    let (title, map) = slice(inline, range.clone());
    let span = match (map.to_source(0..0), title.is_empty()) {
        _ if title.is_empty() => inline.span.clone(),
        _ => {
            let first = map.to_source(0..title.chars().next().map_or(0, char::len_utf8));
            let last_len = title.chars().next_back().map_or(0, char::len_utf8);
            let last = map.to_source(title.len() - last_len..title.len());
            match (first, last) {
                (Some(a), Some(b)) if a.start <= b.end => a.start..b.end,
                _ => inline.span.clone(),
            }
        }
    };
    out.title = title;
    out.map = map;
    out.span = span;
    out
}

/// Whether a piece of text is only a label (`Key results:`), with nothing after it.
pub fn bare_label(text: &str) -> Option<Label> {
    label_at(text).and_then(|(label, _, skip)| text[skip..].trim().is_empty().then_some(label))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::from_markdown::blocks::{parse, Block};

    fn cleaned(markdown: &str) -> Cleaned {
        let blocks = parse(markdown);
        let inline = match &blocks[0] {
            Block::List { items, .. } => items[0].text.clone(),
            Block::Paragraph { text, .. } | Block::Heading { text, .. } => text.clone(),
            other => panic!("{other:?}"),
        };
        clean(&inline)
    }

    #[test]
    fn strips_labels_priorities_owners_and_status() {
        let c = cleaned("* p0 - Base32 CIDs are the default [@alanshaw](https://x.y/alanshaw)\n");
        assert_eq!(c.title, "Base32 CIDs are the default");
        let c = cleaned("* p0 - Base32 CIDs are the default @alanshaw\n");
        assert_eq!(c.title, "Base32 CIDs are the default");
        assert_eq!(c.priority.as_ref().map(|p| p.0.as_str()), Some("P0"));
        assert_eq!(c.owner.as_ref().map(|o| o.0.as_str()), Some("alanshaw"));

        let c = cleaned("- **Key Result 2:** Raise NPS from 30 to 45 => Done\n");
        assert_eq!(c.title, "Raise NPS from 30 to 45");
        assert_eq!(c.label, Some(Label::KeyResult));
        assert_eq!(c.stated, [2]);
        assert_eq!(c.status.map(|s| s.0), Some(Status::Done));

        let c = cleaned("- `P1` Swagger docs for the REST API (Kishan)\n");
        assert_eq!(c.title, "Swagger docs for the REST API");
        assert_eq!(c.owner.map(|o| o.0), Some("Kishan".into()));

        let c = cleaned("- ~~Hold 3 AMAs~~\n");
        assert_eq!(c.title, "Hold 3 AMAs");
        assert_eq!(c.status.map(|s| s.0), Some(Status::Dropped));

        let c = cleaned("**OBJECTIVE:** Make users aware of search\n");
        assert_eq!(c.label, Some(Label::Objective));
        assert_eq!(c.title, "Make users aware of search");
    }

    #[test]
    fn the_title_span_points_at_its_text() {
        let source = "- KR: Cut p95 latency to 200ms @bo\n";
        let c = cleaned(source);
        assert_eq!(&source[c.span.clone()], "Cut p95 latency to 200ms");
        let at = c.title.find("200ms").unwrap();
        assert_eq!(&source[c.map.to_source(at..at + 5).unwrap()], "200ms");
    }

    #[test]
    fn goals_in_prose_are_not_labels() {
        assert_eq!(label_at("Goals for growth"), None);
        assert_eq!(bare_label("Key results:"), Some(Label::KeyResult));
        assert!(status_of("Not done").is_none());
        assert_eq!(status_of("80% completed"), Some(Status::InProgress));
    }
}
