//! `okrlint check --show-settings FILE`: the configuration that governs one file, and where
//! each value comes from (a line of okrlint.toml, or okrlint's default).

use std::fmt::Write as _;
use std::path::Path;

use okrlint_core::config::{self, THRESHOLDS};
use okrlint_core::lint;

use crate::exit;

/// The top-level keys and `[thresholds]` keys the file sets, with their lines.
fn set_keys(text: &str) -> Vec<(String, usize)> {
    let mut keys = Vec::new();
    let mut table = String::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            table = name.trim().to_string();
            continue;
        }
        if let Some((key, _)) = line.split_once('=') {
            let key = key.trim().trim_matches('"');
            if !key.starts_with('#') {
                let full = if table.is_empty() {
                    key.to_string()
                } else {
                    format!("{table}.{key}")
                };
                keys.push((full, index + 1));
            }
        }
    }
    keys
}

pub fn run(file: &Path, explicit: Option<&Path>, no_config: bool) -> (String, u8) {
    let path = match (explicit, no_config) {
        (Some(path), _) => Some(path.to_path_buf()),
        (None, true) => None,
        (None, false) => lint::nearest_config(file),
    };
    let mut out = String::new();
    let Some(path) = path else {
        let _ = writeln!(
            out,
            "{}: no okrlint.toml applies; every setting is the default",
            file.display()
        );
        return (out, exit::OK);
    };
    let (source, config, hits) = match config::load(&path, 0) {
        Ok(loaded) => loaded,
        Err(error) => return (String::new(), exit::usage_error(&error)),
    };
    if !hits.is_empty() {
        return (
            String::new(),
            exit::usage_error(&format!(
                "{} has problems; run okrlint check on it",
                path.display()
            )),
        );
    }
    let shown = source.display.clone();
    let keys = set_keys(&source.text);
    let from = |key: &str| {
        keys.iter()
            .find(|(k, _)| k == key)
            .map_or("default".to_string(), |(_, line)| format!("{shown}:{line}"))
    };
    let _ = writeln!(out, "{}: governed by {shown}\n", file.display());
    let list = |items: Vec<String>| {
        if items.is_empty() {
            "[]".to_string()
        } else {
            items.join(", ")
        }
    };
    let _ = writeln!(
        out,
        "select = {}   ({})",
        list(config.select.iter().map(|s| s.value.0.clone()).collect()),
        from("select")
    );
    let _ = writeln!(
        out,
        "ignore = {}   ({})",
        list(config.ignore.iter().map(|s| s.value.0.clone()).collect()),
        from("ignore")
    );
    let _ = writeln!(
        out,
        "fail-on = {}   ({})",
        config
            .fail_on
            .as_ref()
            .map_or("error", |f| f.value.as_str()),
        from("fail-on")
    );
    let _ = writeln!(
        out,
        "metrics = {}   ({})",
        config
            .metrics
            .as_ref()
            .map_or("none".into(), |m| m.display().to_string()),
        from("metrics")
    );
    let _ = writeln!(
        out,
        "rules = {}   ({})",
        list(
            config
                .rules_dirs
                .iter()
                .map(|d| d.display().to_string())
                .collect()
        ),
        from("rules")
    );
    let _ = writeln!(
        out,
        "baseline = {}   ({})",
        config
            .baseline
            .as_ref()
            .map_or("none".into(), |b| b.display().to_string()),
        from("baseline")
    );
    let _ = writeln!(
        out,
        "include = {} glob(s), exclude = {} glob(s)",
        config.include.len(),
        config.exclude.len()
    );
    let _ = writeln!(
        out,
        "max-file-bytes = {}   ({})",
        config.max_file_bytes,
        from("max-file-bytes")
    );
    for (code, level) in &config.severity {
        let _ = writeln!(
            out,
            "severity.{code} = {}   ({})",
            level.value.as_str(),
            from(&format!("severity.{code}"))
        );
    }
    for ignore in &config.per_file_ignores {
        let selectors: Vec<String> = ignore.selectors.iter().map(|s| s.value.0.clone()).collect();
        let _ = writeln!(
            out,
            "per-file-ignores.{:?} = {}",
            ignore.pattern,
            list(selectors)
        );
    }
    let _ = writeln!(out, "\n[thresholds]");
    let mut thresholds = config.thresholds.clone();
    for t in THRESHOLDS {
        let value = thresholds.slot(t.key).map_or(t.default, |v| *v);
        let _ = writeln!(
            out,
            "{} = {value}   ({}; {})",
            t.key,
            from(&format!("thresholds.{}", t.key)),
            t.rules
        );
    }
    (out, exit::OK)
}
