//! Embeds every `rules/*.toml` file in the binary, validates them with the same types the
//! library reads them with, and generates the enums that make rule codes, word lists and
//! DORA keys names the compiler checks:
//!
//! - `Code`: one variant per built-in rule (`Code::OU001`), from the `code` of each `[[rule]]`;
//! - `Words`: one variant per list in `rules/words.toml` (`Words::NrrNames`);
//! - `DoraKey`: one variant per key in `rules/dora-metrics.toml` (`DoraKey::LeadTime`);
//! - `Cue`: one variant per cue list in `rules/language.toml` (`Cue::OutputVerbs`).
//!
//! A broken table fails the build, never a run.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

#[path = "src/diagnostic/level.rs"]
#[allow(dead_code)]
mod level;
#[path = "src/registry/schema.rs"]
#[allow(dead_code)]
mod schema;

fn main() {
    // Read at run time, not with `env!`: a build-script binary reused from another checkout
    // (a shared target directory) would otherwise look in that checkout's rules/.
    let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let rules_dir = manifest_dir.join("../../rules");
    let rules_dir = rules_dir
        .canonicalize()
        .unwrap_or_else(|e| panic!("cannot find {}: {e}", rules_dir.display()));
    println!("cargo:rerun-if-changed={}", rules_dir.display());
    println!("cargo:rerun-if-changed=src/registry/schema.rs");
    println!("cargo:rerun-if-changed=src/diagnostic/level.rs");

    let mut names: Vec<String> = fs::read_dir(&rules_dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", rules_dir.display()))
        .map(|entry| entry.expect("a readable rules/ entry"))
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".toml"))
        .collect();
    names.sort();
    let files: Vec<(String, String)> = names
        .iter()
        .map(|name| {
            let path = rules_dir.join(name);
            println!("cargo:rerun-if-changed={}", path.display());
            let text = fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            (name.clone(), text)
        })
        .collect();
    let pairs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let catalog = match schema::Catalog::parse_builtin(&pairs) {
        Ok(catalog) => catalog,
        Err(error) => panic!("the rule catalog in rules/ is invalid: {error}"),
    };

    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    write(&out_dir.join("embedded.rs"), &embedded(&rules_dir, &names));
    for (name, text) in enums(&catalog) {
        write(&out_dir.join(name), &text);
    }
}

fn write(path: &Path, text: &str) {
    fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

fn embedded(dir: &Path, names: &[String]) -> String {
    let mut code = String::from(
        "/// Every `rules/*.toml` file, by name, as compiled into the binary.\n\
         pub const EMBEDDED: &[(&str, &str)] = &[\n",
    );
    for name in names {
        let path = dir.join(name).display().to_string();
        let _ = writeln!(code, "    ({name:?}, include_str!({path:?})),");
    }
    code.push_str("];\n");
    code
}

fn camel(snake: &str) -> String {
    snake
        .split('_')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or(String::new(), |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

/// `enum NAME { variants }` with `ALL`, `as_str` and `parse`.
fn vocabulary(doc: &str, name: &str, entries: &[(String, String)]) -> String {
    let mut code = format!(
        "{doc}\n#[allow(clippy::upper_case_acronyms)]\n\
         #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]\npub enum {name} {{\n"
    );
    for (variant, _) in entries {
        let _ = writeln!(code, "    {variant},");
    }
    let _ = writeln!(code, "}}\n\nimpl {name} {{");
    let _ = writeln!(code, "    pub const ALL: [{name}; {}] = [", entries.len());
    for (variant, _) in entries {
        let _ = writeln!(code, "        {name}::{variant},");
    }
    code.push_str(
        "    ];\n\n    pub const fn as_str(self) -> &'static str {\n        match self {\n",
    );
    for (variant, text) in entries {
        let _ = writeln!(code, "            {name}::{variant} => {text:?},");
    }
    code.push_str("        }\n    }\n\n    pub fn parse(text: &str) -> Option<Self> {\n        match text {\n");
    for (variant, text) in entries {
        let _ = writeln!(code, "            {text:?} => Some({name}::{variant}),");
    }
    code.push_str("            _ => None,\n        }\n    }\n\n");
    code.push_str("    /// The position in `ALL`, for tables indexed by this enum.\n");
    code.push_str("    pub const fn index(self) -> usize {\n        self as usize\n    }\n}\n\n");
    code
}

/// The generated enums, one file each: `Code` (diagnostic), `Words` (words), `DoraKey` (dora),
/// `Cue` (language).
fn enums(catalog: &schema::Catalog) -> [(&'static str, String); 4] {
    let mut rules: Vec<(String, String)> = catalog
        .rules
        .iter()
        .map(|rule| {
            let valid = rule.code.len() == 5
                && rule.code[..2].bytes().all(|b| b.is_ascii_uppercase())
                && rule.code[2..].bytes().all(|b| b.is_ascii_digit());
            assert!(
                valid,
                "rule code `{}` must be two capitals and three digits",
                rule.code
            );
            (rule.code.clone(), rule.code.clone())
        })
        .collect();
    rules.sort();
    let words: Vec<(String, String)> = catalog
        .words
        .iter()
        .map(|w| (camel(&w.name), w.name.clone()))
        .collect();
    let keys: Vec<(String, String)> = catalog
        .dora_keys
        .iter()
        .map(|k| (camel(&k.id), k.id.clone()))
        .collect();
    let cues: Vec<(String, String)> = catalog
        .language
        .cue
        .iter()
        .map(|c| (camel(&c.id), c.id.clone()))
        .collect();
    [
        (
            "codes.rs",
            vocabulary(
                "/// A built-in rule's code, generated from `rules/*.toml`: naming a code the catalog does\n/// not define is a compile error.",
                "Code",
                &rules,
            ),
        ),
        (
            "words_enum.rs",
            vocabulary(
                "/// A shared word list in `rules/words.toml`, generated from its `name`.",
                "Words",
                &words,
            ),
        ),
        (
            "dora_keys.rs",
            vocabulary(
                "/// A DORA/SPACE key in `rules/dora-metrics.toml`, generated from its `id`: the balance\n/// rules, the tiers and the engine share it.",
                "DoraKey",
                &keys,
            ),
        ),
        (
            "cues.rs",
            vocabulary(
                "/// A cue list of the KR-language classifier in `rules/language.toml`, generated from its\n/// `id`: the classifier cannot name a list that is not there.",
                "Cue",
                &cues,
            ),
        ),
    ]
}
