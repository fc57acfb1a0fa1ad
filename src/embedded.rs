//! The `rules/*.toml` files, compiled into the binary by build.rs.

include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

pub fn file(name: &str) -> Option<&'static str> {
    EMBEDDED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}
