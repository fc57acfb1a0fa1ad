//! Formats for machines: JSON, SARIF 2.1.0, GitHub workflow commands, and one line per finding.

use serde_json::{json, Value};

use crate::diagnostic::Severity;
use crate::lint::Report;
use crate::registry::Registry;

pub fn json(report: &Report) -> String {
    let document = json!({
        "version": env!("CARGO_PKG_VERSION"),
        "findings": report.findings,
        "summary": {
            "files": report.files_checked,
            "findings": report.findings.len(),
            "errors": report.count(Severity::Error),
            "warnings": report.count(Severity::Warning),
            "infos": report.count(Severity::Info),
            "input_errors": report.findings.iter().filter(|f| f.fatal).count(),
        },
    });
    pretty(&document)
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    text
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Where SARIF points for more: a base URL under which `docs/rules/CODE.md` pages are served
/// (`--docs-url`); without it the rules carry their text only.
#[derive(Debug, Clone, Default)]
pub struct SarifOptions {
    pub docs_url: Option<String>,
}

/// SARIF 2.1.0 for code scanning. Every rule is listed with its help and passages, so a
/// result's rule page explains itself; results carry a fingerprint that survives line moves.
pub fn sarif(report: &Report, registry: &Registry, options: &SarifOptions) -> String {
    let rules: Vec<Value> = registry
        .rules()
        .map(|rule| {
            let passages = registry.passages(rule);
            let mut quoted: String = passages
                .iter()
                .map(|p| format!("\n\n> {}\n>\n> — {}", p.quote.trim(), p.essay_title))
                .collect();
            for r in &rule.references {
                quoted.push_str(&format!(
                    "\n\n{} — [{}, {}]({})",
                    r.figure.trim(),
                    r.title,
                    r.publisher,
                    r.url
                ));
            }
            json!({
                "id": rule.code,
                "name": rule.name,
                "shortDescription": { "text": rule.summary },
                "fullDescription": { "text": rule.why.trim() },
                "help": {
                    "text": format!("{}\n\n{}", rule.help, rule.why.trim()),
                    "markdown": format!("**{}**\n\n{}\n\n{}{quoted}", rule.summary, rule.why.trim(), rule.help),
                },
                "defaultConfiguration": { "level": sarif_level(rule.severity) },
                "properties": {
                    "family": rule.family.as_str(),
                    "tags": [rule.family.as_str()],
                    "passages": passages,
                    "references": rule.references,
                },
            })
        })
        .map(|mut rule: Value| {
            if let Some(base) = &options.docs_url {
                let code = rule["id"].as_str().unwrap_or_default().to_string();
                rule["helpUri"] = json!(format!("{}/{code}.md", base.trim_end_matches('/')));
            }
            rule
        })
        .collect();
    let index = |code: &str| registry.rules().position(|r| r.code == code);
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let mut result = json!({
                "ruleId": f.code,
                "level": sarif_level(f.severity),
                "message": { "text": format!("{} ({})", f.message, f.help) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": f.file },
                        "region": {
                            "startLine": f.line,
                            "startColumn": f.column,
                            "endLine": f.end_line,
                            "endColumn": f.end_column,
                        },
                    },
                }],
            });
            if let Some(i) = index(&f.code) {
                result["ruleIndex"] = json!(i);
            }
            result["partialFingerprints"] =
                json!({ "okrlint/v1": crate::lint::fingerprint(f, &report.sources[f.file_id]) });
            let mut properties = serde_json::Map::new();
            if let Some(o) = &f.objective {
                properties.insert("objective".into(), json!(o));
            }
            if let Some(k) = &f.key_result {
                properties.insert("key_result".into(), json!(k));
            }
            if !properties.is_empty() {
                result["properties"] = Value::Object(properties);
            }
            result
        })
        .collect();
    let mut document = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "okrlint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                },
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    if let Some(base) = &options.docs_url {
        document["runs"][0]["tool"]["driver"]["informationUri"] = json!(base);
    }
    pretty(&document)
}

/// GitHub Actions workflow commands (`::warning file=…::…`).
pub fn github(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        out.push_str(&format!(
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_property(&f.file),
            f.line,
            f.column,
            f.end_line,
            f.end_column,
            escape_property(&format!("{} {}", f.code, f.name)),
            escape_data(&format!("{}\n{}", f.message, f.help)),
        ));
    }
    out
}

/// Escaping as the runner's workflow-command parser expects it.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// `path:line:col: severity CODE message`, one finding a line.
pub fn concise(report: &Report) -> String {
    report
        .findings
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{}: {} {} {}\n",
                one_line(&f.file),
                f.line,
                f.column,
                f.severity.as_str(),
                f.code,
                one_line(&f.message)
            )
        })
        .collect()
}

/// Control characters (and the Unicode line and paragraph separators, which editors and
/// Markdown break lines at) written as escapes, so a key containing a newline cannot forge a
/// second finding line.
pub(super) fn one_line(text: &str) -> String {
    let breaks = |c: char| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}');
    if !text.chars().any(breaks) {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if breaks(c) {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concise_keeps_one_finding_per_line() {
        assert_eq!(
            one_line("key `a\nb.toml:1:1: XX` in x"),
            "key `a\\nb.toml:1:1: XX` in x"
        );
        assert_eq!(one_line("plain"), "plain");
        assert_eq!(one_line("a\rb\u{2028}c"), "a\\rb\\u{2028}c");
    }

    #[test]
    fn escapes_workflow_command_text() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
