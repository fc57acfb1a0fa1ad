//! The JSON Schema of `okrlint.toml`, for editors, with every threshold from the one table.

use serde_json::{json, Map, Value};

use super::THRESHOLDS;
use crate::diagnostic::Severity;
use crate::model::describe::document;

/// `okrlint.toml`.
pub fn config_schema() -> Value {
    let mut thresholds = Map::new();
    for t in THRESHOLDS {
        thresholds.insert(
            t.key.to_string(),
            json!({
                "type": "number",
                "minimum": 0,
                "default": t.default,
                "description": format!("{} ({})", t.about, t.rules),
            }),
        );
    }
    let selectors = json!({ "type": "array", "items": { "type": "string" } });
    let severities: Vec<&str> = Severity::ALL.iter().map(|s| s.as_str()).collect();
    document(
        "okrlint-config.schema.json",
        "okrlint.toml",
        json!({
            "type": "object",
            "additionalProperties": false,
            "properties": {
                "select": selectors.clone(),
                "ignore": selectors,
                "fail-on": { "type": "string", "enum": ["error", "warning", "info", "never"] },
                "metrics": { "type": "string", "description": "The metrics catalog." },
                "rules": { "type": "array", "items": { "type": "string" }, "description": "Directories of data-only rules." },
                "severity": {
                    "type": "object",
                    "additionalProperties": { "type": "string", "enum": severities },
                },
                "per-file-ignores": {
                    "type": "object",
                    "additionalProperties": { "type": "array", "items": { "type": "string" } },
                },
                "thresholds": { "type": "object", "additionalProperties": false, "properties": thresholds },
                "include": { "type": "array", "items": { "type": "string" }, "description": "Globs of Markdown files to read as plans." },
                "exclude": { "type": "array", "items": { "type": "string" }, "description": "Globs of files never read." },
                "max-file-bytes": { "type": "integer", "minimum": 1 },
                "baseline": { "type": "string", "description": "A baseline file: report only findings not in it." },
            },
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_names_exactly_the_keys_the_reader_accepts() {
        let config = config_schema();
        let mut described: Vec<&str> = config["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        described.sort_unstable();
        let mut read: Vec<&str> = super::super::CONFIG_KEYS.to_vec();
        read.sort_unstable();
        assert_eq!(described, read);
    }
}
