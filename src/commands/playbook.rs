//! `okrlint rules`, `okrlint explain` and `okrlint essays`: the playbook itself.

use okrlint_core::registry::{Registry, RuleMeta};
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
                    value
                })
                .collect();
            to_json(&list)
        }
        ListFormat::Table => {
            let mut t = table(&["slug", "title", "published", "cited by"]);
            for essay in registry.essays() {
                t.add_row(vec![
                    essay.slug.clone(),
                    essay.title.clone(),
                    essay.published.clone().unwrap_or_default(),
                    citing(registry, &essay.slug).join(" "),
                ]);
            }
            format!("{t}\n")
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
