//! `okrlint schema`: JSON Schemas for plan files and okrlint.toml, for editors.

use std::path::Path;

use okrlint_core::config::schema::config_schema;
use okrlint_core::model::describe::plan_schema;

use crate::exit;
use crate::output::to_json;

/// The schemas by file name, as shipped in `schemas/`.
pub fn schemas() -> [(&'static str, String); 2] {
    [
        ("okrlint-plan.schema.json", to_json(&plan_schema())),
        ("okrlint-config.schema.json", to_json(&config_schema())),
    ]
}

/// Prints one schema, or writes both into a directory.
pub fn run(which: Option<&str>, out_dir: Option<&Path>) -> (String, u8) {
    if let Some(dir) = out_dir {
        if let Err(error) = std::fs::create_dir_all(dir) {
            return (
                String::new(),
                exit::usage_error(&format!("cannot create {}: {error}", dir.display())),
            );
        }
        let mut out = String::new();
        for (name, text) in schemas() {
            let path = dir.join(name);
            if let Err(error) = std::fs::write(&path, text) {
                return (
                    out,
                    exit::usage_error(&format!("cannot write {}: {error}", path.display())),
                );
            }
            out.push_str(&format!("wrote {}\n", path.display()));
        }
        return (out, exit::OK);
    }
    match which {
        Some("config") => (schemas()[1].1.clone(), exit::OK),
        _ => (schemas()[0].1.clone(), exit::OK),
    }
}
