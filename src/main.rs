use std::process::ExitCode;

fn main() -> ExitCode {
    ExitCode::from(okrlint::cli::run())
}
