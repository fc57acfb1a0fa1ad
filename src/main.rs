use std::process::ExitCode;

// polars allocates many large, short-lived buffers; mimalloc serves them with fewer page
// faults than the system allocator (measured in bench/: see the README).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    ExitCode::from(okrlint::cli::run())
}
