//! `okrlint rules`, `okrlint explain` and `okrlint essays`: the playbook itself.

use okrlint_core::registry::{Claim, ClaimCounts, Registry, RuleMeta};
use okrlint_core::suggest::did_you_mean;
use serde_json::json;

use crate::exit;
use crate::output::{table, to_json, ListFormat};

pub fn rules_list(registry: &Registry, format: ListFormat) -> String {
    match format {
        ListFormat::Json => to_json(&registry.rules().collect::<Vec<_>>()),
        ListFormat::Table => {
            let mut t = table(&["code", "name", "family", "severity", "summary"]);
            for rule in registry.rules() {
                t.add_row(vec![
                    rule.code.as_str(),
                    rule.name.as_str(),
                    rule.family.as_str(),
                    rule.severity.as_str(),
                    rule.summary.as_str(),
                ]);
            }
            format!("{t}\n{} rules.\n", registry.rules().len())
        }
    }
}

fn citing<'a>(registry: &'a Registry, slug: &str) -> Vec<&'a str> {
    registry
        .rules()
        .filter(|r| r.passages.iter().any(|p| p.essay.as_deref() == Some(slug)))
        .map(|r| r.code.as_str())
        .collect()
}

pub fn essays(registry: &Registry, format: ListFormat) -> String {
    match format {
        ListFormat::Json => {
            let list: Vec<_> = registry
                .essays()
                .map(|e| {
                    let mut value = json!(e);
                    value["cited_by"] = json!(citing(registry, &e.slug));
                    value["claims"] = json!(ClaimCounts::of(registry.claims_of(&e.slug)));
                    value
                })
                .collect();
            to_json(&list)
        }
        ListFormat::Table => {
            let mut t = table(&["slug", "title", "published", "cited by", "claims"]);
            // Slugs are what users type: never broken mid-word by the added claims column.
            if let Some(slug) = t.column_mut(0) {
                slug.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
            }
            for essay in registry.essays() {
                t.add_row(vec![
                    essay.slug.clone(),
                    essay.title.clone(),
                    essay.published.clone().unwrap_or_default(),
                    citing(registry, &essay.slug).join(" "),
                    counts_text(ClaimCounts::of(registry.claims_of(&essay.slug))),
                ]);
            }
            format!("{t}\n")
        }
    }
}

/// `--status` of `okrlint essays --claims`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ClaimStatus {
    Covered,
    Partial,
    None,
}

impl ClaimStatus {
    fn as_str(self) -> &'static str {
        match self {
            ClaimStatus::Covered => "covered",
            ClaimStatus::Partial => "partial",
            ClaimStatus::None => "none",
        }
    }
}

/// `5: 2 covered, 1 partial, 2 none`.
fn counts_text(counts: ClaimCounts) -> String {
    format!(
        "{}: {} covered, {} partial, {} none",
        counts.claims, counts.covered, counts.partial, counts.none
    )
}

/// Covered or partial claims as a share of all, in percent.
fn share(counts: ClaimCounts) -> f64 {
    if counts.claims == 0 {
        return 0.0;
    }
    let share = (counts.covered + counts.partial) as f64 / counts.claims as f64;
    (share * 1000.0).round() / 10.0
}

/// The quote cut at a word boundary to about `max` characters.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + 1 + word.chars().count() > max.saturating_sub(1) {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push('…');
    out
}

/// `okrlint essays --claims`: per essay its checkable claims (from `rules/claims.toml`) and
/// the rules covering each, then the totals over all claims.
pub fn claims(registry: &Registry, format: ListFormat, status: Option<ClaimStatus>) -> String {
    let wanted = |c: &&Claim| status.is_none_or(|s| c.status == s.as_str());
    let totals = ClaimCounts::of(registry.claims());
    let listed = registry.claims().iter().filter(wanted).count();
    match format {
        ListFormat::Json => {
            let essays: Vec<_> = registry
                .essays()
                .filter_map(|e| {
                    let shown: Vec<&Claim> = registry.claims_of(&e.slug).filter(wanted).collect();
                    (!shown.is_empty()).then(|| {
                        json!({
                            "slug": e.slug,
                            "title": e.title,
                            "counts": ClaimCounts::of(registry.claims_of(&e.slug)),
                            "claims": shown,
                        })
                    })
                })
                .collect();
            to_json(&json!({
                "status": status.map(ClaimStatus::as_str),
                "listed": listed,
                "essays": essays,
                "totals": {
                    "claims": totals.claims,
                    "covered": totals.covered,
                    "partial": totals.partial,
                    "none": totals.none,
                    "covered_or_partial": totals.covered + totals.partial,
                    "covered_or_partial_percent": share(totals),
                },
            }))
        }
        ListFormat::Table => {
            let width = crate::output::output_width().max(60);
            let mut out = String::new();
            for essay in registry.essays() {
                let shown: Vec<&Claim> = registry.claims_of(&essay.slug).filter(wanted).collect();
                if shown.is_empty() {
                    continue;
                }
                let counts = ClaimCounts::of(registry.claims_of(&essay.slug));
                out.push_str(&format!("{} ({})\n", essay.slug, counts_text(counts)));
                let build = |quote: &dyn Fn(&Claim) -> String| {
                    let mut t = table(&["#", "status", "rules", "priority", "claim"]);
                    for claim in &shown {
                        t.add_row(vec![
                            claim.id.to_string(),
                            claim.status.clone(),
                            claim.rules.join(" "),
                            claim.priority.clone().unwrap_or_default(),
                            quote(claim),
                        ]);
                    }
                    t
                };
                // The other columns' width, measured with the claims left out; the quote is
                // cut to what remains, so each claim takes one line.
                let rest = build(&|_| String::new())
                    .to_string()
                    .lines()
                    .map(|l| l.trim_end().chars().count())
                    .max()
                    .unwrap_or(0);
                // `rest` counts the empty claim column as its header, "claim", and its padding.
                let quote_width = (width + 4).saturating_sub(rest).max(20);
                let t = build(&|c| shorten(&c.quote, quote_width));
                out.push_str(&format!("{t}\n\n"));
            }
            if let Some(status) = status {
                out.push_str(&format!(
                    "Listed: the {listed} claims with status {}.\n",
                    status.as_str()
                ));
            }
            out.push_str(&format!(
                "{} claims: {} covered, {} partial, {} none; covered or partial: {} of {} ({:.1}%).\n",
                totals.claims,
                totals.covered,
                totals.partial,
                totals.none,
                totals.covered + totals.partial,
                totals.claims,
                share(totals)
            ));
            out
        }
    }
}

fn indent(text: &str) -> String {
    text.trim()
        .lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("    {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Prose wrapped to the output's width, indented four spaces; paragraphs kept.
/// Wrapped text without `wrap`'s indent.
fn unindented(text: &str) -> String {
    text.lines()
        .map(|l| l.strip_prefix("    ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

fn wrap(text: &str) -> String {
    wrap_narrower(text, 0)
}

/// `wrap`, leaving `extra` more columns free (for a further indent the caller adds).
fn wrap_narrower(text: &str, extra: usize) -> String {
    let width = crate::output::output_width()
        .saturating_sub(4 + extra)
        .max(30);
    let mut out = Vec::new();
    for paragraph in text.trim().split("\n\n") {
        let mut line = String::new();
        let mut lines = Vec::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                lines.push(format!("    {line}"));
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            lines.push(format!("    {line}"));
        }
        out.push(lines.join("\n"));
    }
    out.join("\n\n")
}

/// A rule's page, laid out like ruff's rule docs.
pub fn explain_text(registry: &Registry, rule: &RuleMeta) -> String {
    let mut out = format!(
        "{} {} ({}, {} by default)\n\n{}\n\n## What it does\n{}\n\n## Why is this bad\n{}\n\n## How to fix\n{}\n\n## Example\n{}\n\nUse instead:\n{}\n",
        rule.code,
        rule.name,
        rule.family.as_str(),
        rule.severity.as_str(),
        unindented(&wrap(&rule.summary)),
        wrap(&rule.summary),
        wrap(&rule.why),
        wrap(&rule.help),
        indent(&rule.bad),
        indent(&rule.good),
    );
    if let Some(matcher) = &rule.matcher {
        out.push_str(&format!(
            "\n## Matches\n    {} in {}\n",
            matcher.terms.join(", "),
            matcher.scopes.join(", ")
        ));
    } else if !rule.terms.is_empty() {
        out.push_str(&format!(
            "\n## Words it looks for\n    {}\n",
            rule.terms.join(", ")
        ));
    }
    for list in registry.word_lists_of(&rule.code) {
        out.push_str(&format!(
            "\n## Word list `{}`: {}\n    {}\n",
            list.name,
            list.about,
            list.terms.join(", ")
        ));
    }
    if rule.opt_in {
        out.push_str(&format!(
            "\n## Opt-in\n{}\n",
            wrap(&format!("Off unless selected by its code or name (`--select {}`); `ALL`, a family or a prefix does not turn it on.", rule.code))
        ));
    }
    out.push_str(&cue_tables(registry, rule));
    if !rule.passages.is_empty() {
        out.push_str("\n## From the essays\n");
    }
    for (passage, source) in registry.passages(rule).iter().zip(&rule.passages) {
        let attribution: String = wrap_narrower(&format!("— {}", passage.essay_title), 2)
            .lines()
            .map(|l| format!("  {l}"))
            .collect::<Vec<_>>()
            .join("\n");
        out.push_str(&format!(
            "\n{}\n{attribution}",
            wrap(&format!("“{}”", passage.quote.trim()))
        ));
        if let Some(published) = source
            .essay
            .as_deref()
            .and_then(|s| registry.essay(s))
            .and_then(|e| e.published.as_ref())
        {
            out.push_str(&format!(" ({published})"));
        }
        out.push('\n');
    }
    out.push_str(&sources_text(rule, "    "));
    out
}

/// The rule's external sources, or a note that it is okrlint's own check.
fn sources_text(rule: &RuleMeta, indent: &str) -> String {
    let mut out = String::new();
    if !rule.references.is_empty() {
        out.push_str("\n## Sources\n");
        for r in &rule.references {
            out.push_str(&format!(
                "\n{indent}{}\n{indent}  — {}, {} ({})\n",
                r.figure.trim(),
                r.title,
                r.publisher,
                r.url
            ));
        }
    }
    if rule.basis.as_deref() == Some("okrlint") {
        let basis = "okrlint's own format or consistency check: no essay passage or outside source stands behind it.";
        let text = if indent.is_empty() {
            basis.to_string()
        } else {
            wrap(basis)
        };
        out.push_str(&format!("\n## Basis\n{text}\n"));
    }
    out
}

pub fn explain(registry: &Registry, code: &str) -> (String, u8) {
    let wanted = code.trim().to_uppercase();
    if let Some(rule) = registry
        .get(&wanted)
        .or_else(|| registry.rules().find(|r| r.name == code))
    {
        return (explain_text(registry, rule), exit::OK);
    }
    let names = registry
        .rules()
        .flat_map(|r| [r.code.as_str(), r.name.as_str()]);
    let hint =
        did_you_mean(code, names).map_or(String::new(), |n| format!(" (did you mean `{n}`?)"));
    eprintln!("okrlint: error: no rule `{code}`{hint}; `okrlint rules` lists them");
    (String::new(), exit::INPUT)
}

/// A rule's page in Markdown: what `explain` prints, as `docs/rules/CODE.md`.
pub fn rule_page(registry: &Registry, rule: &RuleMeta) -> String {
    let mut out = format!(
        "# {} {}\n\n{} · {} by default\n\n{}\n\n## Why is this bad\n\n{}\n\n## How to fix\n\n{}\n\n## Example\n\n```toml\n{}\n```\n\nUse instead:\n\n```toml\n{}\n```\n",
        rule.code,
        rule.name,
        rule.family.as_str(),
        rule.severity.as_str(),
        rule.summary.trim(),
        rule.why.trim(),
        rule.help.trim(),
        rule.bad.trim(),
        rule.good.trim()
    );
    if rule.opt_in {
        out.push_str(&format!(
            "\n## Opt-in\n\nOff unless selected by its code or name (`--select {}`); `ALL`, a family or a prefix does not turn it on.\n",
            rule.code
        ));
    }
    let passages = registry.passages(rule);
    if !passages.is_empty() {
        out.push_str("\n## From the essays\n");
        for passage in passages {
            out.push_str(&format!(
                "\n> {}\n>\n> — {}\n",
                passage.quote.trim(),
                passage.essay_title
            ));
        }
    }
    out.push_str(&sources_text(rule, ""));
    out
}

/// The label a rule reports from the KR-language classifier, if it is one of those rules.
fn classifier_label(code: &str) -> Option<&'static str> {
    match code {
        "OU001" => Some("output"),
        "OU003" => Some("activity"),
        "OU009" => Some("capability"),
        "OU010" => Some("outcome"),
        "OU002" => Some("unclear"),
        _ => None,
    }
}

/// For the rules that read the classifier's verdict: the order it tries its cues in, and the
/// cue lists (from `rules/language.toml`, with a user's additions) that decide this rule's label.
fn cue_tables(registry: &Registry, rule: &RuleMeta) -> String {
    let Some(label) = classifier_label(&rule.code) else {
        return String::new();
    };
    let mut out = format!(
        "\n## How okrlint reads the sentence\n{}\n",
        unindented(&wrap("The KR-language classifier labels each key result output, activity, capability, outcome or unclear; the first step that applies decides, and the finding names its cue:"))
    );
    for (i, (decides, how)) in okrlint_core::language::ORDER.iter().enumerate() {
        out.push_str(&format!(
            "\n{}\n",
            wrap(&format!("{}. {decides}: {how}", i + 1))
        ));
    }
    for list in registry.language().cue.iter().filter(|c| c.label == label) {
        out.push_str(&format!(
            "\n## Cue list `{}`: {}\n{}\n{}\n",
            list.id,
            list.about,
            wrap(&format!("Matched: {}.", list.pattern)),
            wrap(&list.terms.join(", "))
        ));
    }
    if label == "unclear" {
        out.push_str("\nA sentence no cue decides draws this rule when it also has no metric and no target.\n");
    }
    out.push_str(&format!(
        "\n{}\n",
        unindented(&wrap("Add terms to any cue list from a `--rules DIR` file: `[[cue]] id = \"activity_nouns\" terms = [\"brown bags\"]`."))
    ));
    out
}

/// `okrlint docs DIR`: one page per built-in rule, so `--docs-url` links resolve.
pub fn write_docs(registry: &Registry, dir: &std::path::Path) -> (String, u8) {
    if let Err(error) = std::fs::create_dir_all(dir) {
        eprintln!("okrlint: error: cannot create {}: {error}", dir.display());
        return (String::new(), exit::INPUT);
    }
    for rule in registry.rules() {
        let path = dir.join(format!("{}.md", rule.code));
        if let Err(error) = std::fs::write(&path, rule_page(registry, rule)) {
            eprintln!("okrlint: error: cannot write {}: {error}", path.display());
            return (String::new(), exit::INPUT);
        }
    }
    (
        format!(
            "wrote {} rule pages to {}\n",
            registry.rules().len(),
            dir.display()
        ),
        exit::OK,
    )
}
