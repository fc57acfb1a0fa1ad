//! What every fuzz target shares: a scratch directory per process, the whole `check` pipeline
//! on files written there (with the core's `NoEngine`), and the properties a report must keep
//! whatever the input:
//!
//! - nothing panics (libFuzzer reports a panic as a crash);
//! - every finding points into a loaded file: its span lies inside the file's text and on
//!   character boundaries, and its line and column are the span start's;
//! - every renderer runs, and the JSON and SARIF outputs are valid JSON;
//! - an error `lint::run` returns for a file's syntax names a line and column.
//!
//! With `OKRLINT_FUZZ_SHOW=1` set, a target run on a file (not fuzzing) prints how the binary
//! would end (its exit code and whether the output names a location), which is how the
//! regression corpus under `fixtures/fuzz/` was checked against `tests/fuzz_corpus.rs`.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use okrlint_core::engine::NoEngine;
use okrlint_core::lint::{self, LintOptions, Report};
use okrlint_core::registry::Registry;
use okrlint_core::render::{self, HumanStyle, Passages, SarifOptions};

pub use okrlint_core;

/// The process's scratch directory (one per fuzzing process, reused by every input).
pub fn scratch() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("okrlint-fuzz-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch directory");
        dir
    })
}

/// A subdirectory of the scratch directory, emptied.
pub fn fresh_dir(name: &str) -> PathBuf {
    let dir = scratch().join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch subdirectory");
    dir
}

/// The built-in rules, compiled once.
pub fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(Registry::builtin)
}

/// A fixed day, so staleness rules do not depend on when the fuzzer runs.
pub fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 3, 20)
}

/// Whether a message names a place in a file: `:line:column`, `:line`, or TOML's
/// `line N, column M`.
pub fn names_location(text: &str) -> bool {
    let bytes = text.as_bytes();
    let colon_digits = bytes
        .windows(2)
        .any(|w| w[0] == b':' && w[1].is_ascii_digit());
    colon_digits || text.contains("line ")
}

fn show() -> bool {
    static SHOW: OnceLock<bool> = OnceLock::new();
    *SHOW.get_or_init(|| std::env::var_os("OKRLINT_FUZZ_SHOW").is_some())
}

/// Runs `check` as the binary would (minus the engine) and checks the report.
/// `Err` (a problem that stops the run) is returned for the caller to judge.
pub fn check(options: &LintOptions) -> Result<Report, String> {
    let result = lint::run(options, &NoEngine);
    match &result {
        Ok(report) => {
            assert_report(report);
            render_all(report);
            if show() {
                let exit = if report.has_fatal() {
                    2
                } else if report.files_checked == 0 {
                    2 // "no plan or catalog found" (a usage error naming the path)
                } else if report
                    .findings
                    .iter()
                    .any(|f| f.severity == okrlint_core::diagnostic::Severity::Error)
                {
                    1
                } else {
                    0
                };
                eprintln!(
                    "OKRLINT_FUZZ_SHOW exit={exit} findings={} fatal={}",
                    report.findings.len(),
                    report.findings.iter().filter(|f| f.fatal).count()
                );
            }
        }
        Err(error) => {
            if show() {
                eprintln!(
                    "OKRLINT_FUZZ_SHOW exit=2 error located={} {error}",
                    names_location(error)
                );
            }
        }
    }
    result
}

/// One plan file through the pipeline behind `check --no-config`, in memory: read as
/// `lint::load` reads a file named on the command line (not UTF-8 → SC001, empty → SC005, then
/// by its extension), KR titles annotated, every detector run (every rule selected), hits
/// resolved into findings, then every renderer.
///
/// `lint::run` itself rebuilds the rule registry on every call, which took over 40% of each
/// execution under the fuzzer (about 7 executions a second); here the registry and the
/// language lexicon are built once. Discovery, config files and referenced catalogs go
/// through `lint::run` in the `config` and `rules_file` targets, and the whole binary in
/// `tests/fuzz_corpus.rs`.
pub fn check_plan(file_name: &str, bytes: &[u8]) {
    use okrlint_core::diagnostic::{Code, Hit};
    use okrlint_core::model::{self, Format};
    use okrlint_core::rules::{run_detectors, Catalog, Context};
    use okrlint_core::source::SourceFile;

    static LEXICON: OnceLock<okrlint_core::language::Lexicon> = OnceLock::new();
    let registry = registry();
    let lexicon = LEXICON.get_or_init(|| okrlint_core::language::Lexicon::new(registry.language()));

    let path = PathBuf::from(file_name);
    let mut hits = Vec::new();
    let mut documents = Vec::new();
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => {
            if text.trim_start_matches('\u{feff}').trim().is_empty() {
                hits.push(Hit::new(Code::SC005, 0, 0..0, "file is empty"));
            } else if file_name.ends_with(".md") {
                documents.extend(model::read_markdown(0, text));
            } else if file_name.ends_with(".yaml") {
                if let Some(root) = model::parse_yaml(0, text, &mut hits) {
                    let (_, document) = model::read_tree(0, text, &root, Format::Yaml, &mut hits);
                    documents.push(document);
                }
            } else if let Some((_, document)) = model::read_document(0, text, &mut hits) {
                documents.push(document);
            }
            text.to_string()
        }
        Err(error) => {
            let at = error.valid_up_to();
            hits.push(Hit::new(
                Code::SC001,
                0,
                at..at + '\u{fffd}'.len_utf8(),
                "file is not valid UTF-8",
            ));
            String::from_utf8_lossy(bytes).into_owned()
        }
    };
    let sources = vec![SourceFile::new(file_name.to_string(), path, text)];
    okrlint_core::language::annotate(lexicon, &mut documents);
    let thresholds = okrlint_core::config::Thresholds::default();
    let ctx = Context {
        documents: &documents,
        sources: &sources,
        catalog: Catalog::build(&documents),
        thresholds: &thresholds,
        registry,
        engine: &NoEngine,
        today: today(),
    };
    hits.extend(run_detectors(&ctx, |_| true));
    drop(ctx);
    let report = Report::for_sources(sources, hits, registry);
    assert_report(&report);
    render_fast(&report);
    if show() {
        eprintln!(
            "OKRLINT_FUZZ_SHOW exit={} findings={}",
            if report.has_fatal() { 2 } else { 0 },
            report.findings.len()
        );
    }
}

/// `check FILE --no-config` through `lint::run` itself, for replaying a corpus slowly but
/// exactly (`OKRLINT_FUZZ_FULL=1`).
pub fn check_plan_full(file_name: &str, bytes: &[u8]) {
    let dir = fresh_dir("plan");
    let path = dir.join(file_name);
    std::fs::write(&path, bytes).expect("write plan");
    let options = LintOptions {
        paths: vec![path],
        no_config: true,
        today: Some(today()),
        ..LintOptions::default()
    };
    // With no config, no rule directory and no selector, nothing may stop the run.
    if let Err(error) = check(&options) {
        panic!("check of one plan with --no-config returned Err: {error}");
    }
}

/// The plan targets' entry: the in-memory pipeline, or `lint::run` with `OKRLINT_FUZZ_FULL`.
pub fn plan_target(file_name: &str, bytes: &[u8]) {
    static FULL: OnceLock<bool> = OnceLock::new();
    if *FULL.get_or_init(|| std::env::var_os("OKRLINT_FUZZ_FULL").is_some()) {
        check_plan_full(file_name, bytes);
    } else {
        check_plan(file_name, bytes);
    }
}

/// Every finding points into a file of the report, where its line and column say.
pub fn assert_report(report: &Report) {
    for finding in &report.findings {
        let source = report
            .sources
            .get(finding.file_id)
            .unwrap_or_else(|| panic!("finding {} names no loaded file", finding.code));
        let span = &finding.span;
        assert!(
            span.start <= span.end && span.end <= source.text.len(),
            "{} span {span:?} outside {} ({} bytes): {}",
            finding.code,
            source.display,
            source.text.len(),
            finding.message
        );
        assert!(
            source.text.is_char_boundary(span.start) && source.text.is_char_boundary(span.end),
            "{} span {span:?} splits a character: {}",
            finding.code,
            finding.message
        );
        let at = source.location(span.start);
        assert!(finding.line >= 1 && finding.column >= 1);
        assert_eq!(
            (finding.line, finding.column),
            (at.line, at.column),
            "{} line/column is not its span's start",
            finding.code
        );
    }
}

/// Every output format, as `check --format …` prints them.
pub fn render_all(report: &Report) {
    let _ = render::human(report, HumanStyle::plain());
    let _ = render::human(
        report,
        HumanStyle {
            color: true,
            width: 40,
            passages: Passages::All,
        },
    );
    let json = render::json(report);
    serde_json::from_str::<serde_json::Value>(&json).expect("--format json is valid JSON");
    let sarif = render::sarif(report, &report.registry, &SarifOptions { docs_url: None });
    serde_json::from_str::<serde_json::Value>(&sarif).expect("--format sarif is valid JSON");
    let _ = render::concise(report);
    let _ = render::github(report);
    let _ = render::gitlab(report);
    let _ = render::junit(report);
    let _ = render::statistics(report, &|_| false);
}

/// The renderers the plan targets run on every input. Rendering took over 60% of an
/// execution with `render_all` (miette wrapping every rule's passages, SARIF listing every
/// rule); passages are left out of the human output here (the `render_human` target covers
/// them) and SARIF is written but not parsed back.
pub fn render_fast(report: &Report) {
    let _ = render::human(
        report,
        HumanStyle {
            color: false,
            width: 100,
            passages: Passages::None,
        },
    );
    let json = render::json(report);
    serde_json::from_str::<serde_json::Value>(&json).expect("--format json is valid JSON");
    let _ = render::sarif(report, &report.registry, &SarifOptions::default());
    let _ = render::concise(report);
    let _ = render::github(report);
    let _ = render::gitlab(report);
    let _ = render::junit(report);
}

/// The plan the config and rules targets check: the growth example and its catalog.
pub const GROWTH: &str = include_str!("../../examples/growth.toml");
pub const METRICS: &str = include_str!("../../examples/metrics.toml");

/// Writes the growth example and its catalog into `dir`; returns the plan's path.
pub fn write_example(dir: &Path) -> PathBuf {
    std::fs::write(dir.join("metrics.toml"), METRICS).expect("write catalog");
    let plan = dir.join("growth.toml");
    std::fs::write(&plan, GROWTH).expect("write plan");
    plan
}

/// A CSV input error that names a line names one the file has (the header is line 1; a
/// line past the last is allowed for "the file ends early").
pub fn assert_input_error(error: &okrlint_core::engine::InputError, data: &[u8]) {
    if let Some(line) = error.line {
        let lines = data.split(|&b| b == b'\n').count();
        assert!(
            line >= 1 && line <= lines + 1,
            "input error at line {line} of a {lines}-line file: {}",
            error.message
        );
    }
    if show() {
        eprintln!(
            "OKRLINT_FUZZ_SHOW exit=2 located={} {}",
            error.line.is_some(),
            error.message
        );
    }
}
