//! `okrlint init`: a starter plan, catalog and config that pass cleanly.

use std::path::Path;

use crate::exit;

const STARTER: &[(&str, &str)] = &[
    ("okrlint.toml", include_str!("templates/okrlint.toml")),
    ("metrics.toml", include_str!("templates/metrics.toml")),
    ("okrs.toml", include_str!("templates/okrs.toml")),
];

pub fn init(dir: &Path, force: bool) -> (String, u8) {
    if !force {
        let existing: Vec<_> = STARTER
            .iter()
            .map(|(n, _)| dir.join(n))
            .filter(|p| p.exists())
            .collect();
        if !existing.is_empty() {
            let list: Vec<_> = existing.iter().map(|p| p.display().to_string()).collect();
            eprintln!(
                "okrlint: error: {} already exist(s); use --force to overwrite",
                list.join(", ")
            );
            return (String::new(), exit::INPUT);
        }
    }
    if let Err(error) = std::fs::create_dir_all(dir) {
        eprintln!("okrlint: error: cannot create {}: {error}", dir.display());
        return (String::new(), exit::INPUT);
    }
    let mut out = String::new();
    for (name, text) in STARTER {
        let path = dir.join(name);
        if let Err(error) = std::fs::write(&path, text) {
            eprintln!("okrlint: error: cannot write {}: {error}", path.display());
            return (String::new(), exit::INPUT);
        }
        out.push_str(&format!("wrote {}\n", path.display()));
    }
    out.push_str("next: okrlint check\n");
    (out, exit::OK)
}
