//! okrlint's exit codes, in one place.

/// No finding at or above `--fail-on`.
pub const OK: u8 = 0;
/// At least one finding at or above `--fail-on`.
pub const FINDINGS: u8 = 1;
/// A usage or input error.
pub const INPUT: u8 = 2;

/// A usage error: printed on stderr, exit 2.
pub fn usage_error(message: &str) -> u8 {
    eprintln!("okrlint: error: {message}");
    INPUT
}
