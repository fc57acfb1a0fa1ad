//! The okrlint binary: parse the command line, run one command, print its output, exit with
//! its code. `ARCHITECTURE.md` is the map.

mod cli;
mod commands;
mod exit;
mod fix;
mod output;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use okrlint_core::registry::Registry;

use cli::{Cli, Command};
use commands::{check, convert, dora, init, nrr, playbook, schema};

// polars allocates many large, short-lived buffers; mimalloc serves them with fewer page
// faults than the system allocator (measured in bench/: see the README).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    ExitCode::from(run())
}

fn run() -> u8 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                exit::INPUT
            } else {
                exit::OK
            };
        }
    };
    let registry = Registry::builtin();
    let (text, code) = match cli.command {
        Command::Check(args) if args.show_settings.is_some() => {
            let file = args.show_settings.clone().unwrap_or_default();
            commands::settings::run(&file, args.config.as_deref(), args.no_config)
        }
        Command::Check(args) => match cli::check_run(args) {
            Ok(run) => check::run(&run),
            Err(code) => (String::new(), code),
        },
        Command::Rules { format, rules_dirs } => match cli::registry_with_user_rules(&rules_dirs) {
            Ok(registry) => (playbook::rules_list(&registry, format), exit::OK),
            Err(code) => (String::new(), code),
        },
        Command::Explain { code, rules_dirs } => match cli::registry_with_user_rules(&rules_dirs) {
            Ok(registry) => playbook::explain(&registry, &code),
            Err(code) => (String::new(), code),
        },
        Command::Essays {
            format,
            claims,
            status,
        } => {
            let text = if claims {
                playbook::claims(&registry, format, status)
            } else {
                playbook::essays(&registry, format)
            };
            (text, exit::OK)
        }
        Command::Init { dir, force } => init::init(&dir, force),
        Command::Convert(args) => convert::run(&cli::convert_run(args)),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(
                shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "okrlint",
                &mut out,
            );
            (String::from_utf8_lossy(&out).into_owned(), exit::OK)
        }
        Command::Man => {
            let mut out = Vec::new();
            match clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(&mut out) {
                Ok(()) => (String::from_utf8_lossy(&out).into_owned(), exit::OK),
                Err(error) => (String::new(), exit::usage_error(&error.to_string())),
            }
        }
        Command::Docs { dir } => playbook::write_docs(&registry, &dir),
        Command::Schema { which, out_dir } => schema::run(Some(which.as_str()), out_dir.as_deref()),
        Command::Nrr(args) => match cli::nrr_run(args, &registry) {
            Ok(run) => nrr::run(&run, &registry),
            Err(code) => (String::new(), code),
        },
        Command::Dora(args) => match cli::dora_run(args, &registry) {
            Ok(run) => dora::run(&run, &registry),
            Err(code) => (String::new(), code),
        },
    };
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`okrlint rules | head`) is not an error worth reporting.
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
    code
}
