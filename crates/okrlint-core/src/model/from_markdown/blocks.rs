//! CommonMark (with GitHub tables, task lists and strikethrough) → a small tree of the blocks a
//! plan is written with: headings, paragraphs, lists with their items, tables, HTML. Each piece
//! of inline text keeps a [`TextMap`] into the file, so a title can be located exactly.
//!
//! pulldown-cmark does the parsing; this module only folds its event stream into blocks.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::model::TextMap;

/// Inline text with its markup reduced to plain text, and where each character came from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inline {
    pub text: String,
    pub map: TextMap,
    /// The source range the inline content covers.
    pub span: Range<usize>,
    /// Ranges of the text that were bold.
    pub strong: Vec<Range<usize>>,
    /// Ranges of the text that were struck through.
    pub struck: Vec<Range<usize>>,
    /// Inline HTML or MDX tags (e.g. `<TeamMember name="…">`), as written.
    pub html: Vec<String>,
    /// Ranges of the text that were link text.
    pub links: Vec<Range<usize>>,
}

impl Inline {
    fn push_text(&mut self, text: &str, source: &str, range: Range<usize>) {
        let start = self.text.len();
        self.text.push_str(text);
        // Verbatim only when the source says exactly this (no escapes or entities).
        if source.get(range.clone()) == Some(text) {
            self.map.push(start..self.text.len(), range.start);
        } else if let Some(at) = source.get(range.clone()).and_then(|s| s.find(text)) {
            // Code spans: the text sits inside the backticks.
            self.map.push(start..self.text.len(), range.start + at);
        }
        self.extend_span(range);
    }

    fn push_space(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with(' ') {
            self.text.push(' ');
        }
    }

    fn extend_span(&mut self, range: Range<usize>) {
        if self.span.is_empty() && self.span.start == 0 {
            self.span = range;
        } else {
            self.span.start = self.span.start.min(range.start);
            self.span.end = self.span.end.max(range.end);
        }
    }

    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// Whether the text (trimmed) starts inside a bold run.
    pub fn starts_bold(&self) -> bool {
        let first = self.text.len() - self.text.trim_start().len();
        self.strong
            .iter()
            .any(|r| r.start <= first && first < r.end)
    }

    /// Whether every non-blank character is bold.
    pub fn all_bold(&self) -> bool {
        covered(&self.text, &self.strong)
    }

    /// Whether every non-blank character is struck through.
    pub fn all_struck(&self) -> bool {
        covered(&self.text, &self.struck)
    }
}

fn covered(text: &str, ranges: &[Range<usize>]) -> bool {
    let mut any = false;
    for (at, c) in text.char_indices() {
        if c.is_whitespace() || matches!(c, ':' | '.' | '-' | '*') {
            continue;
        }
        any = true;
        if !ranges.iter().any(|r| r.contains(&at)) {
            return false;
        }
    }
    any
}

/// One list item: its own text (first paragraph), its checkbox, and its nested blocks.
#[derive(Debug, Clone, Default)]
pub struct Item {
    pub text: Inline,
    pub checked: Option<bool>,
    pub children: Vec<Block>,
    pub span: Range<usize>,
}

#[derive(Debug, Clone)]
pub enum Block {
    Heading {
        level: u8,
        text: Inline,
        span: Range<usize>,
    },
    Paragraph {
        text: Inline,
    },
    List {
        items: Vec<Item>,
    },
    Table {
        header: Vec<Inline>,
        rows: Vec<Vec<Inline>>,
    },
    /// An HTML block (comments included).
    Html,
    /// YAML front matter.
    FrontMatter,
}

/// Folds the event stream into blocks. Blocks inside block quotes are read as if unquoted;
/// code blocks, footnotes and rules are left out (they hold no plan).
pub fn parse(source: &str) -> Vec<Block> {
    let mut options =
        Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH;
    // Front matter only opens a file; elsewhere pulldown-cmark would read everything between
    // two thematic breaks (`---`) as metadata.
    if starts_with_front_matter(source) {
        options |= Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    }
    let events = Parser::new_ext(source, options)
        .into_offset_iter()
        .peekable();
    let mut builder = Builder {
        source,
        stack: vec![Frame::Root(Vec::new())],
        inline: None,
        strong_from: Vec::new(),
        struck_from: Vec::new(),
        link_from: Vec::new(),
        skip: 0,
    };
    for (event, range) in events {
        builder.event(event, range);
    }
    match builder.stack.into_iter().next() {
        Some(Frame::Root(blocks)) => blocks,
        _ => Vec::new(),
    }
}

/// Whether the first line that is not blank or an HTML comment is `---`.
fn starts_with_front_matter(source: &str) -> bool {
    source
        .trim_start_matches('\u{feff}')
        .lines()
        .map(str::trim)
        .find(|l| !(l.is_empty() || (l.starts_with("<!--") && l.ends_with("-->"))))
        .is_some_and(|l| l == "---")
}

enum Frame {
    Root(Vec<Block>),
    List {
        items: Vec<Item>,
    },
    Item(Item),
    Table {
        header: Vec<Inline>,
        rows: Vec<Vec<Inline>>,
        row: Vec<Inline>,
        in_head: bool,
    },
}

struct Builder<'s> {
    source: &'s str,
    stack: Vec<Frame>,
    /// The inline text being collected (a heading, paragraph, item text or table cell).
    inline: Option<Inline>,
    strong_from: Vec<usize>,
    struck_from: Vec<usize>,
    link_from: Vec<usize>,
    /// Depth inside blocks whose content is ignored (code blocks, footnotes, images).
    skip: usize,
}

impl Builder<'_> {
    fn push_block(&mut self, block: Block) {
        match self.stack.last_mut() {
            Some(Frame::Root(blocks)) => blocks.push(block),
            Some(Frame::Item(item)) => item.children.push(block),
            // Blocks never sit directly in a list or a table.
            _ => {}
        }
    }

    fn inline(&mut self) -> &mut Inline {
        self.inline.get_or_insert_with(Inline::default)
    }

    /// The item's own text ends at its first nested block.
    fn close_item_text(&mut self) {
        if let Some(Frame::Item(item)) = self.stack.last_mut() {
            if item.text.text.is_empty() {
                if let Some(inline) = self.inline.take() {
                    item.text = inline;
                }
            }
        }
    }

    fn event(&mut self, event: Event, range: Range<usize>) {
        if self.skip > 0 {
            match event {
                Event::Start(
                    Tag::CodeBlock(_) | Tag::FootnoteDefinition(_) | Tag::Image { .. },
                ) => self.skip += 1,
                Event::End(TagEnd::CodeBlock | TagEnd::FootnoteDefinition | TagEnd::Image) => {
                    self.skip -= 1
                }
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(text) => {
                let source = self.source;
                if let Some(Frame::Root(_)) = self.stack.last() {
                    // Text outside any paragraph (in a metadata block, handled at its end).
                    if self.inline.is_none() {
                        return;
                    }
                }
                self.inline().push_text(&text, source, range);
            }
            Event::Code(text) => {
                let source = self.source;
                self.inline().push_text(&text, source, range);
            }
            Event::SoftBreak | Event::HardBreak => self.inline().push_space(),
            Event::InlineHtml(html) => {
                let inline = self.inline();
                inline.html.push(html.to_string());
                inline.extend_span(range);
            }
            Event::Html(html) => {
                if let Some(Frame::Item(_)) = self.stack.last() {
                    self.inline().html.push(html.to_string());
                } else {
                    self.push_block(Block::Html);
                }
            }
            Event::TaskListMarker(checked) => {
                if let Some(Frame::Item(item)) = self.stack.last_mut() {
                    item.checked = Some(checked);
                }
            }
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag, range: Range<usize>) {
        match tag {
            Tag::Heading { .. } | Tag::Paragraph | Tag::TableCell => {
                if matches!(tag, Tag::Paragraph) {
                    self.close_item_text();
                }
                self.inline = Some(Inline {
                    span: range.start..range.start,
                    ..Inline::default()
                });
            }
            Tag::List(_) => {
                self.close_item_text();
                self.stack.push(Frame::List { items: Vec::new() });
            }
            Tag::Item => {
                self.stack.push(Frame::Item(Item {
                    span: range,
                    ..Item::default()
                }));
            }
            Tag::Table(_) => self.stack.push(Frame::Table {
                header: Vec::new(),
                rows: Vec::new(),
                row: Vec::new(),
                in_head: false,
            }),
            Tag::TableHead => {
                if let Some(Frame::Table { in_head, .. }) = self.stack.last_mut() {
                    *in_head = true;
                }
            }
            Tag::Strong => {
                let at = self.inline().text.len();
                self.strong_from.push(at);
            }
            Tag::Strikethrough => {
                let at = self.inline().text.len();
                self.struck_from.push(at);
            }
            Tag::Link { .. } => {
                let at = self.inline().text.len();
                self.link_from.push(at);
            }
            Tag::CodeBlock(_) | Tag::FootnoteDefinition(_) | Tag::Image { .. } => self.skip = 1,
            Tag::MetadataBlock(_) => {
                self.inline = Some(Inline {
                    span: range.clone(),
                    ..Inline::default()
                })
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Heading(level) => {
                let text = self.inline.take().unwrap_or_default();
                self.push_block(Block::Heading {
                    level: level as u8,
                    text,
                    span: range,
                });
            }
            TagEnd::Paragraph => {
                let text = self.inline.take().unwrap_or_default();
                match self.stack.last_mut() {
                    // An item's first paragraph is its text; later ones are its children.
                    Some(Frame::Item(item))
                        if item.text.text.is_empty() && item.children.is_empty() =>
                    {
                        item.text = text
                    }
                    _ => self.push_block(Block::Paragraph { text }),
                }
            }
            TagEnd::Item => {
                let pending = self.inline.take();
                if let Some(Frame::Item(mut item)) = self.stack.pop() {
                    if item.text.text.is_empty() {
                        if let Some(inline) = pending {
                            item.text = inline;
                        }
                    }
                    if let Some(Frame::List { items, .. }) = self.stack.last_mut() {
                        items.push(item);
                    }
                }
            }
            TagEnd::List(_) => {
                if let Some(Frame::List { items }) = self.stack.pop() {
                    self.push_block(Block::List { items });
                }
            }
            TagEnd::TableCell => {
                let cell = self.inline.take().unwrap_or_default();
                if let Some(Frame::Table { row, .. }) = self.stack.last_mut() {
                    row.push(cell);
                }
            }
            TagEnd::TableHead => {
                if let Some(Frame::Table {
                    header,
                    row,
                    in_head,
                    ..
                }) = self.stack.last_mut()
                {
                    *header = std::mem::take(row);
                    *in_head = false;
                }
            }
            TagEnd::TableRow => {
                if let Some(Frame::Table { rows, row, .. }) = self.stack.last_mut() {
                    rows.push(std::mem::take(row));
                }
            }
            TagEnd::Table => {
                if let Some(Frame::Table { header, rows, .. }) = self.stack.pop() {
                    self.push_block(Block::Table { header, rows });
                }
            }
            TagEnd::Strong => {
                if let Some(from) = self.strong_from.pop() {
                    let inline = self.inline();
                    let to = inline.text.len();
                    inline.strong.push(from..to);
                }
            }
            TagEnd::Link => {
                if let Some(from) = self.link_from.pop() {
                    let inline = self.inline();
                    let to = inline.text.len();
                    inline.links.push(from..to);
                }
            }
            TagEnd::Strikethrough => {
                if let Some(from) = self.struck_from.pop() {
                    let inline = self.inline();
                    let to = inline.text.len();
                    inline.struck.push(from..to);
                }
            }
            TagEnd::MetadataBlock(_) => {
                self.inline = None;
                self.push_block(Block::FrontMatter);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .map(|b| match b {
                Block::Heading { level, text, .. } => format!("h{level} {}", text.text),
                Block::Paragraph { text, .. } => format!("p {}", text.text),
                Block::List { items, .. } => format!(
                    "list {}",
                    items
                        .iter()
                        .map(|i| format!("[{}|{}]", i.text.text, i.children.len()))
                        .collect::<Vec<_>>()
                        .join("")
                ),
                Block::Table { header, rows, .. } => {
                    format!("table {} cols, {} rows", header.len(), rows.len())
                }
                Block::Html => "html".into(),
                Block::FrontMatter => "front".into(),
            })
            .collect()
    }

    #[test]
    fn folds_headings_lists_and_tables_with_exact_text_maps() {
        let source = "# Plan\n\n## Q1 2020\n\n**Grow** usage\n\n- [x] Ship `v2` @ann\n  - detail\n- Cut p95 to 200ms\n\n| KR | Owner |\n|---|---|\n| Raise NPS | Bo |\n<!-- okrlint: plan -->\n";
        let blocks = parse(source);
        assert_eq!(
            texts(&blocks),
            [
                "h1 Plan",
                "h2 Q1 2020",
                "p Grow usage",
                "list [Ship v2 @ann|1][Cut p95 to 200ms|0]",
                "table 2 cols, 1 rows",
                "html"
            ]
        );
        let Block::List { items, .. } = &blocks[3] else {
            panic!("a list")
        };
        assert_eq!(items[0].checked, Some(true));
        let ship = &items[0].text;
        let v2 = ship.text.find("v2").unwrap();
        let at = ship.map.to_source(v2..v2 + 2).unwrap();
        assert_eq!(&source[at], "v2");
        let Block::Paragraph { text, .. } = &blocks[2] else {
            panic!("a paragraph")
        };
        assert!(text.starts_bold() && !text.all_bold());
    }
}
