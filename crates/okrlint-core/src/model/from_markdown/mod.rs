//! Markdown plans (`OKR.md`, handbook pages, docs exports) → one [`Document`] per plan.
//!
//! [`blocks`] folds pulldown-cmark's events into headings, paragraphs, lists and tables with
//! exact source maps; [`clean`] turns an item's text into a title and its metadata; this
//! module reads the structure: which headings are periods, teams, objectives or sections,
//! which lists hold objectives, key results or initiatives, and which tables are plans.
//!
//! Real plans are written many ways (see `fixtures/markdown/`): periods and teams in
//! headings, objectives as headings, bold lines, numbered bold items, `Objective:` labels or
//! table rows, key results as list items (checkboxes, `KR:` labels) or table rows, owners,
//! priorities and statuses inline. Anything that is not read as part of a plan is prose.

mod blocks;
mod clean;

use std::ops::Range;

use blocks::{Block, Inline, Item};
use clean::{bare_label, clean, status_of, Cleaned, Label};

use super::period::{find_period, FoundPeriod};
use super::{
    Document, Format, Initiative, KeyResult, Objective, Period, Spanned, Status, Team, TextMap,
};
use crate::diagnostic::FileId;

/// Headings whose sections hold no plan.
const SKIP_SECTIONS: &[&str] = &[
    "glossary",
    "details",
    "not working on",
    "what we're not working on",
    "what we are not working on",
    "out of scope",
    "non-goals",
    "non goals",
    "why",
    "why?",
    "notes",
    "retrospective",
    "retro",
    "background",
    "context",
    "appendix",
    "links",
    "resources",
    "references",
    "faq",
    "how we work",
    "process",
    "scoring",
    "scores",
    "changelog",
    "key concepts",
    "concepts",
    "definitions",
    "external references",
    "what are okrs",
    "what is an okr",
    "how to use this page",
    "overview of okrs",
];

/// Tables of contents: skipped up to the next heading of any level.
const TOC_SECTIONS: &[&str] = &[
    "table of contents",
    "contents",
    "toc",
    "on this page",
    "in this document",
];

/// Headings, bold lines and labels that open a list of initiatives.
const INITIATIVE_SECTIONS: &[&str] = &[
    "what we'll ship",
    "what we will ship",
    "what we're shipping",
    "initiatives",
    "projects",
    "deliverables",
    "work items",
    "epics",
    "roadmap",
];

/// Headings, bold lines and labels that open a list of key results.
const KR_SECTIONS: &[&str] = &[
    "key results",
    "key result",
    "krs",
    "we'll know we're successful when",
    "we will know we are successful when",
    "we'll know we've succeeded when",
    "success looks like",
    "success criteria",
    "measures of success",
    "measured by",
    "as measured by",
    "success metrics",
    "metrics",
    "results",
];

/// Words a document title or heading uses to say "this is a plan" (removed to find a team).
const PLAN_WORDS: &[&str] = &[
    "okrs",
    "okr",
    "objectives",
    "objective",
    "goals",
    "key",
    "results",
    "result",
    "for",
    "quarterly",
    "team",
    "plan",
    "plans",
];

fn normalized(text: &str) -> String {
    text.trim()
        .trim_end_matches(':')
        .trim()
        .to_lowercase()
        .replace('’', "'")
}

fn is_section(text: &str, list: &[&str]) -> bool {
    let n = normalized(text);
    list.iter()
        .any(|w| n == *w || n.starts_with(&format!("{w}:")) || n.starts_with(&format!("{w} (")))
}

/// What a heading is.
#[derive(Debug, Clone)]
enum Role {
    Skip,
    Initiatives,
    KeyResults,
    /// A bare `Objective` heading: the objective is the next paragraph.
    ObjectiveNext,
    Objective(Cleaned),
    KeyResult(Cleaned),
    /// A period, and the team named beside it, if any.
    Period(FoundPeriod, Option<String>),
    /// A team or group of objectives.
    Group(String),
}

/// A plan as it is being read: its period and team, and its objectives.
#[derive(Debug, Default)]
struct Draft {
    period: Option<(FoundPeriod, Range<usize>)>,
    team: Option<(String, Range<usize>)>,
    objectives: Vec<Objective>,
}

/// Where the reader is.
#[derive(Debug, Clone, PartialEq)]
enum Mode {
    /// Lists are read for objectives (or KRs of the current objective).
    Normal,
    KeyResults,
    Initiatives,
    /// Inside a section that holds no plan, until a heading of this level or higher.
    Skip(u8),
    /// The next paragraph is an objective's title.
    ObjectiveNext,
}

struct Reader {
    file: FileId,
    drafts: Vec<Draft>,
    /// (plan index, objective index) of the objective KRs go to.
    current: Option<(usize, usize)>,
    mode: Mode,
    /// The period in force: its level and period.
    period: Option<(u8, FoundPeriod, Range<usize>)>,
    /// The teams in force, by heading level.
    teams: Vec<(u8, String, Range<usize>)>,
    /// The level of the heading that opened the current objective.
    objective_level: Option<u8>,
    /// The file's own title (`# JS Core OKRs`), read as a team when nothing closer names one.
    title_team: Option<(String, Range<usize>)>,
    /// The next list belongs to the key result just read (a bold line and its details).
    fold_next_list: bool,
}

/// Reads every plan in a Markdown file. A file with no objective yields no document.
pub fn read_markdown(file: FileId, text: &str) -> Vec<Document> {
    let blocks = blocks::parse(text);
    let mut reader = Reader {
        file,
        drafts: Vec::new(),
        current: None,
        mode: Mode::Normal,
        period: None,
        teams: Vec::new(),
        objective_level: None,
        title_team: None,
        fold_next_list: false,
    };
    let mut first_heading = true;
    for (index, block) in blocks.iter().enumerate() {
        match block {
            Block::Heading { level, text, span } => {
                reader.fold_next_list = false;
                let title = first_heading && *level == 1;
                first_heading = false;
                reader.heading(*level, text, span.clone(), &blocks[index + 1..], title);
            }
            Block::Paragraph { text, .. } => reader.paragraph(text, &blocks[index + 1..]),
            Block::List { items, .. } => {
                if std::mem::take(&mut reader.fold_next_list) {
                    continue;
                }
                reader.list(items)
            }
            Block::Table { header, rows, .. } => reader.table(header, rows),
            Block::Html | Block::FrontMatter => {}
        }
    }
    reader.finish(text)
}

/// What sits under a heading, up to the next heading of its level or higher.
struct Section<'b> {
    /// Blocks before the first sub-heading.
    direct: Vec<&'b Block>,
    /// Whether it has sub-headings at all.
    has_subheadings: bool,
    /// Whether a sub-heading opens key results (`### Key results`, `#### KR: …`).
    has_kr_heading: bool,
}

fn section(rest: &[Block], level: u8) -> Section<'_> {
    let mut direct = Vec::new();
    let mut in_direct = true;
    let mut has_kr_heading = false;
    for block in rest {
        if let Block::Heading { level: l, text, .. } = block {
            if *l <= level {
                break;
            }
            in_direct = false;
            let words = text.text.trim();
            if is_section(words, KR_SECTIONS) || clean(text).label == Some(Label::KeyResult) {
                has_kr_heading = true;
            }
            continue;
        }
        if in_direct {
            direct.push(block);
        }
    }
    Section {
        direct,
        has_subheadings: !in_direct,
        has_kr_heading,
    }
}

impl Section<'_> {
    fn has_list(&self) -> bool {
        self.direct
            .iter()
            .any(|b| matches!(b, Block::List { .. } | Block::Table { .. }))
    }

    /// Whether its lists hold objectives (items with nested key results) rather than KRs.
    fn lists_objectives(&self) -> bool {
        self.direct.iter().any(|b| match b {
            Block::List { items, .. } => {
                let objectives = items.iter().filter(|i| Reader::objective_like(i)).count();
                objectives * 2 >= items.len() && objectives > 0
            }
            _ => false,
        })
    }
}

fn spanned(value: String, span: Range<usize>) -> Spanned<String> {
    Spanned::new(value, span)
}

/// A team name from a heading, with the plan words and a period removed.
fn team_name(text: &str, period: Option<&Range<usize>>) -> Option<String> {
    let mut rest = text.to_string();
    if let Some(range) = period {
        rest.replace_range(range.clone(), " ");
    }
    let mut words: Vec<&str> = rest
        .split(|c: char| c.is_whitespace() || c == '-' || c == '–' || c == ':' || c == '|')
        .filter(|w| !w.is_empty())
        .collect();
    let lower = |w: &str| w.to_lowercase();
    words.retain(|w| {
        !PLAN_WORDS.contains(&lower(w).as_str())
            && !matches!(lower(w).as_str(), "&" | "and" | "of" | "the" | "our")
    });
    let name = words.join(" ");
    (!name.is_empty() && name.len() <= 60).then_some(name)
}

/// A leading `Role:` (one to four capitalised words, perhaps with a parenthesis) that names
/// who owns an objective: `CEO: Grow ARR`, `Sales (Closing Deals): $L new IARR`.
fn role_prefix(cleaned: &Cleaned) -> Option<(String, usize)> {
    let colon = cleaned.title.find(": ")?;
    let role = &cleaned.title[..colon];
    let words: Vec<&str> = role.split_whitespace().collect();
    let capitalised = words
        .first()
        .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase));
    let plain = role
        .chars()
        .all(|c| c.is_alphabetic() || c.is_whitespace() || "()&/,.-".contains(c));
    (capitalised
        && plain
        && !words.is_empty()
        && words.len() <= 5
        && role.len() <= 40
        && colon + 2 < cleaned.title.len())
    .then(|| (role.to_string(), colon + 2))
}

/// Drops the first `skip` bytes of a cleaned title, keeping its map right.
fn drop_prefix(cleaned: &mut Cleaned, skip: usize) {
    let rest = cleaned.title[skip..].to_string();
    let mut map = TextMap::default();
    if let Some(source) = cleaned.map.to_source(skip..cleaned.title.len()) {
        map.push(0..rest.len(), source.start);
        cleaned.span = source;
    } else {
        // Pieces do not run through: keep what maps one character at a time.
        for (at, c) in rest.char_indices() {
            if let Some(s) = cleaned.map.to_source(skip + at..skip + at + c.len_utf8()) {
                map.push(at..at + c.len_utf8(), s.start);
            }
        }
    }
    cleaned.title = rest;
    cleaned.map = map;
}

impl Reader {
    fn heading(
        &mut self,
        level: u8,
        text: &Inline,
        span: Range<usize>,
        rest: &[Block],
        title: bool,
    ) {
        if let Mode::Skip(skip_level) = self.mode {
            if level > skip_level {
                return;
            }
        }
        self.mode = Mode::Normal;
        self.teams.retain(|(l, _, _)| *l < level);
        if self.period.as_ref().is_some_and(|(l, _, _)| *l > level) {
            self.period = None;
        }
        if self.objective_level.is_some_and(|l| l >= level) {
            self.current = None;
            self.objective_level = None;
        }
        let words = text.text.trim();
        let under = section(rest, level);
        let role = if is_section(words, TOC_SECTIONS) {
            // A table of contents ends at the next heading, whatever its level.
            Role::Skip
        } else if is_section(words, SKIP_SECTIONS) {
            Role::Skip
        } else if is_section(words, INITIATIVE_SECTIONS) {
            Role::Initiatives
        } else if is_section(words, KR_SECTIONS) {
            Role::KeyResults
        } else {
            let cleaned = clean(text);
            match cleaned.label {
                Some(Label::Objective) if cleaned.title.is_empty() => Role::ObjectiveNext,
                Some(Label::Objective) => Role::Objective(cleaned),
                Some(Label::KeyResult) if !cleaned.title.is_empty() && self.current.is_some() => {
                    Role::KeyResult(cleaned)
                }
                _ => {
                    if let Some(period) = find_period(words, true) {
                        let team = team_name(words, Some(&period.range));
                        Role::Period(period, team)
                    } else if !title
                        && (under.has_kr_heading || (under.has_list() && !under.lists_objectives()))
                    {
                        Role::Objective(cleaned)
                    } else if !title
                        && !under.has_subheadings
                        && !under.lists_objectives()
                        && self.period.as_ref().is_some_and(|(l, _, _)| *l < level)
                    {
                        // A leaf heading inside a period's section: an objective described
                        // in prose.
                        Role::Objective(cleaned)
                    } else {
                        Role::Group(team_name(words, None).unwrap_or_else(|| words.to_string()))
                    }
                }
            }
        };
        match role {
            Role::Skip if is_section(words, TOC_SECTIONS) => self.mode = Mode::Skip(6),
            Role::Skip => self.mode = Mode::Skip(level),
            Role::Initiatives => self.mode = Mode::Initiatives,
            Role::KeyResults => self.mode = Mode::KeyResults,
            Role::ObjectiveNext => self.mode = Mode::ObjectiveNext,
            Role::KeyResult(cleaned) => self.key_result(cleaned, span),
            Role::Objective(cleaned) => {
                self.objective(cleaned, span);
                self.objective_level = Some(level);
            }
            Role::Period(period, team) => {
                self.current = None;
                self.period = Some((level, period, span.clone()));
                if let Some(team) = team {
                    self.teams.push((level, team, span));
                }
            }
            Role::Group(name) => {
                self.current = None;
                if title {
                    self.title_team = Some((name, span));
                } else {
                    self.teams.push((level, name, span));
                }
            }
        }
    }

    fn paragraph(&mut self, text: &Inline, rest: &[Block]) {
        if matches!(self.mode, Mode::Skip(_)) || text.is_blank() {
            return;
        }
        let words = text.text.trim();
        if self.mode == Mode::ObjectiveNext {
            let cleaned = clean(text);
            if !cleaned.title.is_empty() {
                self.objective(cleaned, text.span.clone());
                self.mode = Mode::Normal;
            }
            return;
        }
        if is_section(words, INITIATIVE_SECTIONS) && words.len() < 60 {
            self.mode = Mode::Initiatives;
            return;
        }
        if is_section(words, KR_SECTIONS) && words.len() < 60 {
            self.mode = Mode::KeyResults;
            return;
        }
        let cleaned = clean(text);
        let next_is_list = matches!(rest.first(), Some(Block::List { .. }));
        match cleaned.label {
            Some(Label::Objective) if !cleaned.title.is_empty() => {
                self.objective(cleaned, text.span.clone());
                self.mode = Mode::Normal;
            }
            Some(Label::KeyResult) if !cleaned.title.is_empty() => {
                self.key_result(cleaned, text.span.clone())
            }
            Some(Label::KeyResult) => self.mode = Mode::KeyResults,
            _ if text.all_bold() && next_is_list && words.len() <= 200 => {
                if self.mode == Mode::KeyResults && self.current.is_some() {
                    // A bold key result with its details listed under it.
                    self.key_result(cleaned, text.span.clone());
                    self.fold_next_list = true;
                } else {
                    self.objective(cleaned, text.span.clone());
                    self.mode = Mode::Normal;
                }
            }
            _ if self.current.is_some()
                && words.ends_with(':')
                && next_is_list
                && self.mode != Mode::KeyResults =>
            {
                // "We want to make it the default by:" introduces the work, not its measures.
                self.mode = Mode::Initiatives;
            }
            _ => {
                // A line with explicit dates gives the plan its period.
                if self.period.is_none() {
                    if let Some(found) = find_period(words, false).filter(|p| p.start.is_some()) {
                        self.period = Some((0, found, text.span.clone()));
                    }
                }
            }
        }
    }

    /// Whether a list item reads as an objective rather than a key result.
    fn objective_like(item: &Item) -> bool {
        let cleaned_label = clean(&item.text).label;
        if cleaned_label == Some(Label::Objective) {
            return true;
        }
        let has_children = item
            .children
            .iter()
            .any(|b| matches!(b, Block::List { .. }));
        has_children && (item.text.starts_bold() || cleaned_label.is_none())
    }

    fn list(&mut self, items: &[Item]) {
        match self.mode {
            Mode::Skip(_) => {}
            Mode::Initiatives => {
                for item in items {
                    self.initiative(item);
                }
            }
            Mode::KeyResults => {
                for item in items {
                    self.item_as_key_result(item);
                }
            }
            Mode::Normal | Mode::ObjectiveNext => {
                let objectives = items.iter().filter(|i| Self::objective_like(i)).count();
                let nested_krs = objectives * 2 >= items.len() && objectives > 0;
                if nested_krs && (self.current.is_none() || objectives == items.len()) {
                    for item in items.iter().filter(|i| Self::objective_like(i)) {
                        self.list_objective(item);
                    }
                } else if self.current.is_some() {
                    for item in items {
                        self.item_as_key_result(item);
                    }
                }
            }
        }
    }

    /// An objective written as a list item, with its key results nested under it.
    fn list_objective(&mut self, item: &Item) {
        let cleaned = clean(&item.text);
        match cleaned.label {
            Some(Label::KeyResult) if !cleaned.title.is_empty() => {
                self.key_result(cleaned, item.span.clone());
                return;
            }
            Some(Label::KeyResult) | Some(Label::Initiative) => {
                // `- Key results:` with the KRs nested under it.
                let mode = if cleaned.label == Some(Label::KeyResult) {
                    Mode::KeyResults
                } else {
                    Mode::Initiatives
                };
                let saved = std::mem::replace(&mut self.mode, mode);
                self.children(item);
                self.mode = saved;
                return;
            }
            _ => {}
        }
        if cleaned.title.is_empty() {
            return;
        }
        self.objective(cleaned, item.span.clone());
        let saved = std::mem::replace(&mut self.mode, Mode::KeyResults);
        self.children(item);
        self.mode = saved;
    }

    fn children(&mut self, item: &Item) {
        for child in &item.children {
            match child {
                Block::List { items, .. } => self.list(items),
                Block::Paragraph { text, .. } => self.paragraph(text, &[]),
                Block::Table { header, rows, .. } => self.table(header, rows),
                _ => {}
            }
        }
    }

    /// A list item under an objective: a key result, a label that opens a section, or an
    /// objective written with its label.
    fn item_as_key_result(&mut self, item: &Item) {
        let words = item.text.text.trim();
        if is_section(words, INITIATIVE_SECTIONS) && words.len() < 60 {
            let saved = std::mem::replace(&mut self.mode, Mode::Initiatives);
            self.children(item);
            self.mode = saved;
            return;
        }
        if let Some(label) = bare_label(words) {
            let mode = match label {
                Label::Initiative => Mode::Initiatives,
                _ => Mode::KeyResults,
            };
            if label == Label::Objective {
                return;
            }
            let saved = std::mem::replace(&mut self.mode, mode);
            self.children(item);
            self.mode = saved;
            return;
        }
        let mut cleaned = clean(&item.text);
        if cleaned.label == Some(Label::Objective) && !cleaned.title.is_empty() {
            self.list_objective(item);
            return;
        }
        if cleaned.title.is_empty() {
            return;
        }
        let nested: Vec<&Vec<Item>> = item
            .children
            .iter()
            .filter_map(|b| match b {
                Block::List { items, .. } => Some(items),
                _ => None,
            })
            .collect();
        // `- Features` with the key results listed under it: a group, not a key result.
        let short = cleaned.title.split_whitespace().count() <= 3
            && !cleaned.title.chars().any(|c| c.is_ascii_digit());
        if !nested.is_empty()
            && item.checked.is_none()
            && (short || words.ends_with(':'))
            && cleaned.label.is_none()
        {
            for items in nested {
                for child in items {
                    self.item_as_key_result(child);
                }
            }
            return;
        }
        if item.checked == Some(true) && cleaned.status.is_none() {
            cleaned.status = Some((Status::Done, item.span.clone()));
        }
        self.key_result(cleaned, item.span.clone());
        // Nested items fold into their key result, except objectives cascaded under it
        // (a parent's KR with the child team's objectives nested below).
        for items in nested {
            if items.iter().any(Self::objective_like) {
                let (saved, mode) = (self.current, self.mode.clone());
                for child in items.iter().filter(|i| Self::objective_like(i)) {
                    self.list_objective(child);
                }
                self.current = saved;
                self.mode = mode;
            }
        }
    }

    fn initiative(&mut self, item: &Item) {
        let cleaned = clean(&item.text);
        let Some((plan, objective)) = self.current else {
            return;
        };
        if cleaned.title.is_empty() {
            return;
        }
        let initiative = Initiative {
            span: item.span.clone(),
            title: Some(spanned(cleaned.title, cleaned.span)),
            moves: None,
            owner: cleaned.owner.map(|(o, s)| spanned(o, s)),
            kind: None,
            hypothesis: None,
            mde: None,
            success: None,
            kill: None,
            description: None,
            due: None,
            milestones: Vec::new(),
            baseline_rate: None,
            weekly_traffic: None,
            holdout: None,
            significance: None,
            unreadable: Vec::new(),
        };
        self.drafts[plan].objectives[objective]
            .initiatives
            .push(initiative);
    }

    fn table(&mut self, header: &[Inline], rows: &[Vec<Inline>]) {
        if matches!(self.mode, Mode::Skip(_)) {
            return;
        }
        let find = |names: &[&str]| {
            header.iter().position(|h| {
                let n = normalized(&h.text);
                names.iter().any(|w| n == *w || n.starts_with(w))
            })
        };
        let objective_col = find(&["objective", "goal", "problem area", "outcome"]);
        let kr_col = find(&["key result", "kr", "result", "measure", "metric"]);
        let owner_col = find(&["owner", "assignee", "dri", "lead", "responsible"]);
        let status_col = find(&["status", "end of", "state", "done"]);
        let score_col = find(&["score", "end-q", "end q", "grade", "final"]);
        let priority_col = find(&["priority", "pri"]);
        let due_col = find(&["due", "deadline", "target date", "by when", "eta"]);
        let target_col = find(&["target", "goal value"]).filter(|c| Some(*c) != due_col);
        let baseline_col = find(&["baseline", "starting value", "start value", "from"]);
        let current_col = find(&["current", "actual", "latest"]).filter(|c| Some(*c) != status_col);
        let as_of_col = find(&["as of", "as-of", "measured on", "last updated", "updated"]);
        let period_col = find(&[
            "date period",
            "period",
            "quarter",
            "timeframe",
            "time frame",
        ]);
        if objective_col.is_none() && kr_col.is_none() {
            // A plan table titled by its first column (`| **IPFS Cluster** | Priority | Owner |`):
            // bold rows alone on their line are objectives, the rest key results.
            if owner_col.is_none() && priority_col.is_none() {
                return;
            }
            for row in rows {
                let Some(first) = row.first() else { continue };
                if first.is_blank() {
                    continue;
                }
                let rest_blank = row.iter().skip(1).all(Inline::is_blank);
                if first.all_bold() && rest_blank {
                    let mut cleaned = clean(first);
                    // `1 Finish the use-case`: the number is the objective's own.
                    let digits = cleaned
                        .title
                        .chars()
                        .take_while(char::is_ascii_digit)
                        .count();
                    if digits > 0 && cleaned.title[digits..].starts_with(' ') {
                        cleaned.stated = cleaned.title[..digits].parse().ok().into_iter().collect();
                        drop_prefix(&mut cleaned, digits + 1);
                    }
                    if !cleaned.title.is_empty() {
                        self.objective(cleaned, first.span.clone());
                    }
                } else if self.current.is_some() {
                    let title = first.text.trim_start();
                    // `1. Guide on CLI tooling` under a KR ending in `:` folds into it.
                    let numbered = title.split_once('.').is_some_and(|(n, _)| {
                        !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())
                    });
                    if numbered && self.last_kr_introduces() {
                        continue;
                    }
                    let cells = RowCells {
                        owner: owner_col,
                        status: status_col,
                        score: score_col,
                        priority: priority_col,
                        baseline: baseline_col,
                        target: target_col,
                        current: current_col,
                        as_of: as_of_col,
                        due: due_col,
                    };
                    self.table_key_result(first, row, &cells);
                }
            }
            return;
        }
        let cells = RowCells {
            owner: owner_col,
            status: status_col,
            score: score_col,
            priority: priority_col,
            baseline: baseline_col,
            target: target_col,
            current: current_col,
            as_of: as_of_col,
            due: due_col,
        };
        for row in rows {
            // A period column: each run of rows with one period is its own plan.
            if let Some(cell) = period_col
                .and_then(|c| row.get(c))
                .filter(|c| !c.is_blank())
            {
                let words = cell.text.trim();
                let found = find_period(words, true).unwrap_or(FoundPeriod {
                    label: words.to_string(),
                    start: None,
                    end: None,
                    range: 0..words.len(),
                });
                if self
                    .period
                    .as_ref()
                    .is_none_or(|(_, p, _)| p.label != found.label)
                {
                    self.period = Some((0, found, cell.span.clone()));
                    self.current = None;
                }
            }
            if let Some(col) = objective_col {
                if let Some(cell) = row.get(col).filter(|c| !c.is_blank()) {
                    let same = self.current.is_some_and(|(p, o)| {
                        self.drafts[p].objectives[o]
                            .title
                            .as_ref()
                            .map(|t| t.value.as_str())
                            == Some(clean(cell).title.as_str())
                    });
                    if !same {
                        let cleaned = clean(cell);
                        self.objective(cleaned, cell.span.clone());
                    }
                }
            }
            match kr_col {
                Some(col) => {
                    if let Some(cell) = row.get(col).filter(|c| !c.is_blank()) {
                        self.table_key_result(cell, row, &cells);
                    }
                }
                None => {
                    // Objectives only: the row's owner and status belong to the objective.
                    if let (Some((p, o)), Some(col)) = (self.current, owner_col) {
                        if let Some(owner) = row.get(col).filter(|c| !c.is_blank()) {
                            let objective = &mut self.drafts[p].objectives[o];
                            if objective.owner.is_none() {
                                objective.owner = Some(spanned(
                                    owner.text.trim().to_string(),
                                    owner.span.clone(),
                                ));
                            }
                        }
                    }
                }
            }
        }
    }

    /// Whether the last key result read ends with `:`, introducing sub-rows.
    fn last_kr_introduces(&self) -> bool {
        self.current
            .and_then(|(p, o)| self.drafts[p].objectives[o].key_results.last())
            .is_some_and(|kr| kr.description.as_ref().is_some_and(|d| d.value == ":"))
    }

    fn table_key_result(&mut self, cell: &Inline, row: &[Inline], cells: &RowCells) {
        let mut cleaned = clean(cell);
        if cleaned.title.is_empty() {
            return;
        }
        let text_of = |col: Option<usize>| col.and_then(|c| row.get(c)).filter(|c| !c.is_blank());
        if cleaned.owner.is_none() {
            if let Some(owner) = text_of(cells.owner) {
                cleaned.owner = Some((owner.text.trim().to_string(), owner.span.clone()));
            }
        }
        if cleaned.priority.is_none() {
            if let Some(p) = text_of(cells.priority) {
                cleaned.priority = Some((p.text.trim().to_string(), p.span.clone()));
            }
        }
        let score = text_of(cells.score).and_then(|s| {
            let t = s.text.trim().trim_end_matches('%');
            t.parse::<f64>().ok().map(|v| (v, s.span.clone()))
        });
        if cleaned.status.is_none() {
            if let Some(status) = text_of(cells.status) {
                cleaned.status = status_of(&status.text).map(|s| (s, status.span.clone()));
            } else if let Some((value, span)) = &score {
                if *value == 1.0 {
                    cleaned.status = Some((Status::Done, span.clone()));
                }
            }
        }
        let introduces = cell.text.trim_end().ends_with(':');
        self.key_result(cleaned, cell.span.clone());
        if let Some((p, o)) = self.current {
            if let Some(kr) = self.drafts[p].objectives[o].key_results.last_mut() {
                kr.score = score.map(|(v, s)| Spanned::new(v, s));
                // Baseline, target and current columns, and an ISO date in a due column. A
                // percentage makes the KR's unit `percent`.
                let number = |col: Option<usize>| {
                    text_of(col)
                        .and_then(|c| cell_number(&c.text).map(|(v, p)| (v, p, c.span.clone())))
                };
                let mut percent = None;
                for (slot, col) in [
                    (&mut kr.baseline, cells.baseline),
                    (&mut kr.target, cells.target),
                    (&mut kr.current, cells.current),
                ] {
                    if let Some((value, is_percent, span)) = number(col) {
                        *slot = Some(Spanned::new(value, span.clone()));
                        if is_percent {
                            percent.get_or_insert(span);
                        }
                    }
                }
                if let Some(span) = percent {
                    kr.unit = Some(Spanned::new(super::Unit::Percent, span));
                }
                if let Some(cell) = text_of(cells.due) {
                    if let Ok(date) = cell.text.trim().parse::<jiff::civil::Date>() {
                        kr.due = Some(Spanned::new(date, cell.span.clone()));
                    }
                }
                if let Some(cell) = text_of(cells.as_of) {
                    if let Ok(date) = cell.text.trim().parse::<jiff::civil::Date>() {
                        kr.as_of = Some(Spanned::new(date, cell.span.clone()));
                    }
                }
                if introduces {
                    kr.description = Some(spanned(":".into(), cell.span.clone()));
                }
            }
        }
    }

    /// The plan an objective read now belongs to: the period and team in force.
    fn plan_index(&mut self) -> usize {
        let period = self
            .period
            .as_ref()
            .map(|(_, p, span)| (p.clone(), span.clone()));
        let team = self
            .teams
            .last()
            .map(|(_, t, s)| (t.clone(), s.clone()))
            .or_else(|| self.title_team.clone());
        let key = |d: &Draft| {
            d.period.as_ref().map(|(p, s)| (&p.label, s.start))
                == period.as_ref().map(|(p, s)| (&p.label, s.start))
                && d.team.as_ref().map(|(t, s)| (t, s.start))
                    == team.as_ref().map(|(t, s)| (t, s.start))
        };
        if let Some(index) = self.drafts.iter().position(key) {
            return index;
        }
        self.drafts.push(Draft {
            period,
            team,
            objectives: Vec::new(),
        });
        self.drafts.len() - 1
    }

    fn objective(&mut self, mut cleaned: Cleaned, span: Range<usize>) {
        if cleaned.owner.is_none() {
            if let Some((role, skip)) = role_prefix(&cleaned) {
                let owner_span = cleaned.map.to_source(0..role.len()).unwrap_or(span.clone());
                drop_prefix(&mut cleaned, skip);
                cleaned.owner = Some((role, owner_span));
            }
        }
        let plan = self.plan_index();
        let number = self.drafts[plan].objectives.len() + 1;
        let id = match cleaned.stated.first() {
            Some(n) => format!("O{n}"),
            None => format!("O{number}"),
        };
        let objective = Objective {
            span: span.clone(),
            id: Some(spanned(id, cleaned.span.clone())),
            title_map: cleaned.map,
            title: Some(spanned(cleaned.title, cleaned.span)),
            owner: cleaned.owner.map(|(o, s)| spanned(o, s)),
            description: None,
            status: cleaned.status.map(|(s, r)| Spanned::new(s, r)),
            unreadable: Vec::new(),
            key_results: Vec::new(),
            initiatives: Vec::new(),
        };
        self.drafts[plan].objectives.push(objective);
        self.current = Some((plan, self.drafts[plan].objectives.len() - 1));
    }

    fn key_result(&mut self, cleaned: Cleaned, span: Range<usize>) {
        let Some((plan, index)) = self.current else {
            return;
        };
        let objective = &mut self.drafts[plan].objectives[index];
        let oid = objective
            .id
            .as_ref()
            .map_or("O?".to_string(), |i| i.value.clone());
        let number = objective.key_results.len() + 1;
        let id = match cleaned.stated.as_slice() {
            [o, k] => format!("O{o}.KR{k}"),
            [k] => format!("{oid}.KR{k}"),
            _ => format!("{oid}.KR{number}"),
        };
        let kr = KeyResult {
            span,
            id: Some(spanned(id, cleaned.span.clone())),
            score: cleaned.score.map(|v| Spanned::new(v, cleaned.span.clone())),
            title_map: cleaned.map,
            title: Some(spanned(cleaned.title, cleaned.span)),
            kind: None,
            metric: None,
            baseline: None,
            target: None,
            current: None,
            as_of: None,
            unit: None,
            direction: None,
            owner: cleaned.owner.map(|(o, s)| spanned(o, s)),
            due: None,
            confidence: None,
            guardrails: Vec::new(),
            mde: None,
            success: None,
            kill: None,
            description: None,
            source: None,
            status: cleaned.status.map(|(s, r)| Spanned::new(s, r)),
            priority: cleaned.priority.map(|(p, r)| spanned(p, r)),
            inferred: Default::default(),
            class: None,
            unreadable: Vec::new(),
        };
        objective.key_results.push(kr);
    }

    fn finish(self, _text: &str) -> Vec<Document> {
        self.drafts
            .into_iter()
            .filter(|d| !d.objectives.is_empty())
            .map(|draft| {
                let heading = draft
                    .period
                    .as_ref()
                    .map(|(_, s)| s.clone())
                    .or_else(|| draft.team.as_ref().map(|(_, s)| s.clone()))
                    .unwrap_or_else(|| draft.objectives[0].span.clone());
                let period = draft.period.map(|(p, span)| Period {
                    span: span.clone(),
                    label: Some(spanned(p.label, span.clone())),
                    start: p.start.map(|d| Spanned::new(d, span.clone())),
                    end: p.end.map(|d| Spanned::new(d, span)),
                });
                Document {
                    file: self.file,
                    format: Format::Markdown,
                    team: Some(Team {
                        span: heading,
                        name: draft.team.map(|(t, s)| spanned(t, s)),
                        owner: None,
                        period,
                        north_star: None,
                        metrics: None,
                        description: None,
                        cadence: None,
                        capacity: None,
                        unreadable: Vec::new(),
                    }),
                    objectives: draft.objectives,
                    metrics: Vec::new(),
                }
            })
            .collect()
    }
}

/// Which table columns hold a key result's metadata.
struct RowCells {
    owner: Option<usize>,
    status: Option<usize>,
    score: Option<usize>,
    priority: Option<usize>,
    baseline: Option<usize>,
    target: Option<usize>,
    current: Option<usize>,
    /// The day the current values were measured (`As of`).
    as_of: Option<usize>,
    due: Option<usize>,
}

/// A table cell's number: `45%`, `1,200`, `$5,000`, `0.32` → (value, written as a percentage).
fn cell_number(text: &str) -> Option<(f64, bool)> {
    let t = text.trim();
    let percent = t.ends_with('%');
    let digits: String = t
        .trim_end_matches('%')
        .trim_start_matches(['$', '€', '£', '~', '≈'])
        .chars()
        .filter(|c| *c != ',')
        .collect();
    let value = digits
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())?;
    Some((value, percent))
}

/// Whether a Markdown file says it is a plan: `<!-- okrlint: plan -->` or front matter
/// `okrlint: plan`.
pub fn has_plan_marker(text: &str) -> bool {
    text.contains("<!-- okrlint: plan -->")
        || text
            .strip_prefix("---")
            .and_then(|rest| rest.split("\n---").next())
            .is_some_and(|front| front.lines().any(|l| l.trim() == "okrlint: plan"))
}
