//! Running the built binary, shared by the CLI-level test files.

use assert_cmd::Command;

/// The binary, with `NO_COLOR` removed so colour follows the flags under test only.
pub fn command() -> Command {
    let mut cmd = Command::cargo_bin("okrlint").expect("binary builds");
    cmd.env_remove("NO_COLOR");
    cmd
}

/// Runs the binary: (exit code, stdout, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
    let out = command().args(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
