//! The binary's shape: commands never import each other (what they share is in `output`).

use std::path::Path;

#[test]
fn no_command_imports_another() {
    let dir = Path::new("src/commands");
    let commands: Vec<String> = std::fs::read_dir(dir)
        .expect("src/commands")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs") && !p.ends_with("mod.rs"))
        .map(|p| {
            p.file_stem()
                .expect("a name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert!(commands.len() >= 5);
    for command in &commands {
        let text = std::fs::read_to_string(dir.join(format!("{command}.rs"))).expect("readable");
        for other in commands.iter().filter(|o| *o != command) {
            for path in [
                format!("crate::commands::{other}"),
                format!("super::{other}"),
            ] {
                assert!(!text.contains(&path), "{command} imports {path}");
            }
        }
    }
}
