//! A finding's identity across edits, shared by the baseline, SARIF and GitLab reports.

use crate::diagnostic::Finding;
use crate::source::SourceFile;

/// FNV-1a, 64 bits: a fixed, dependency-free hash, so a fingerprint is the same on every
/// machine and every version of okrlint.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0xff)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// A finding's identity across edits: its code, file, objective and key result, and the text
/// it points at (whitespace folded) — never its line or column.
pub fn fingerprint(finding: &Finding, source: &SourceFile) -> String {
    let text = source
        .text
        .get(finding.span.clone())
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let hash = fnv1a(&[
        &finding.code,
        &finding.file,
        finding.objective.as_deref().unwrap_or(""),
        finding.key_result.as_deref().unwrap_or(""),
        &text,
    ]);
    format!("{hash:016x}")
}
