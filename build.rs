//! Embeds every `rules/*.toml` file in the binary, so an installed okrlint needs no data files.

use std::env;
use std::fs;
use std::path::Path;

fn main() {
    // Read at run time, not with `env!`: a build-script binary reused from another checkout
    // (a shared target directory) would otherwise look in that checkout's rules/.
    let manifest_dir = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let rules_dir = Path::new(&manifest_dir).join("rules");
    println!("cargo:rerun-if-changed={}", rules_dir.display());
    // An unreadable rules/ must fail the build, not produce a binary without rules.
    let mut names: Vec<String> = fs::read_dir(&rules_dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", rules_dir.display()))
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".toml"))
        .collect();
    names.sort();
    let mut code = String::from("pub const EMBEDDED: &[(&str, &str)] = &[\n");
    for name in &names {
        let path = rules_dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        code.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out =
        Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded_rules.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}
