//! The KR-language analyzer against the hand-labelled evaluation set in `fixtures/language/`
//! (labels and expected extractions written before the analyzer existed; see its README).
//!
//! - Classification: precision and recall per label, and for "work" (output, activity and
//!   capability together: what the outcome rules flag), on each file and on both. The floors
//!   below were set from the first measured run and are checked on every run.
//! - Extraction: every field of every `[kr.expect]` (direction, comparator, target, baseline,
//!   change, due), compared exactly.
//! - One insta snapshot holds what the analyzer read from every sentence.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use okrlint_core::language::{analyze, Analysis, Lexicon};
use okrlint_core::model::KrClass;
use okrlint_core::registry::Registry;

#[derive(Debug, serde::Deserialize)]
struct File {
    kr: Vec<Kr>,
}

#[derive(Debug, serde::Deserialize)]
struct Kr {
    text: String,
    label: String,
    #[allow(dead_code)]
    source: String,
    expect: Option<Expect>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    direction: Option<String>,
    comparator: Option<String>,
    target: Option<(f64, String)>,
    baseline: Option<(f64, String)>,
    change: Option<(f64, String)>,
    due: Option<String>,
}

const FILES: &[&str] = &[
    "krs-opensource.toml",
    "krs-handbooks.toml",
    "krs-holdout.toml",
    "krs-holdout2.toml",
];

fn load(name: &str) -> Vec<Kr> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/language")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("the evaluation set is readable");
    let file: File = toml::from_str(&text).expect("the evaluation set parses");
    file.kr
}

fn lexicon() -> Lexicon {
    Lexicon::new(Registry::builtin().language())
}

/// What the analyzer read, in the evaluation set's own terms.
fn read(text: &str, a: &Analysis) -> Expect {
    let e = &a.extraction;
    let q = |q: Option<&okrlint_core::language::Quantity>| q.map(|q| (q.value, q.unit.clone()));
    Expect {
        direction: e.direction.as_ref().map(|d| d.0.as_str().to_string()),
        comparator: e.comparator.as_ref().map(|c| c.0.as_str().to_string()),
        target: e.target_value().map(|(v, u, _)| (v, u.to_string())),
        baseline: q(e.baseline()),
        change: q(e.change()),
        due: e.due.as_ref().map(|d| text[d.range.clone()].to_string()),
    }
}

fn fmt_q(q: &Option<(f64, String)>) -> String {
    q.as_ref().map_or("-".into(), |(v, u)| format!("{v} {u}"))
}

#[derive(Default)]
struct Counts {
    /// (expected, predicted) → count.
    pairs: BTreeMap<(String, String), usize>,
}

impl Counts {
    fn add(&mut self, expected: &str, predicted: &str) {
        *self
            .pairs
            .entry((expected.to_string(), predicted.to_string()))
            .or_default() += 1;
    }

    /// (precision, recall, support) of a set of labels taken as one class.
    fn score(&self, class: &[&str]) -> (f64, f64, usize) {
        let inside = |l: &str| class.contains(&l);
        let (mut tp, mut fp, mut fnn) = (0, 0, 0);
        for ((e, p), n) in &self.pairs {
            match (inside(e), inside(p)) {
                (true, true) => tp += n,
                (false, true) => fp += n,
                (true, false) => fnn += n,
                _ => {}
            }
        }
        let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        (ratio(tp, tp + fp), ratio(tp, tp + fnn), tp + fnn)
    }
}

/// (file or "all", label or "work", precision floor, recall floor), in percent. The open-source,
/// handbook and first held-out files were used to tune the cue lists; `krs-holdout2.toml` was
/// not (see fixtures/language/README.md).
const FLOORS: &[(&str, &str, f64, f64)] = &[
    ("krs-opensource.toml", "work", 93.0, 94.5),
    ("krs-handbooks.toml", "work", 83.5, 78.0),
    ("krs-holdout.toml", "work", 78.0, 75.5),
    // Held out (measured once, blind): 71.8% / 79.9%.
    ("krs-holdout2.toml", "work", 71.0, 79.0),
    ("all", "work", 84.0, 84.0),
    ("all", "output", 74.0, 83.0),
    ("all", "activity", 69.0, 55.0),
    ("all", "capability", 88.0, 63.0),
    ("all", "outcome", 77.0, 70.0),
];

const LABELS: &[&str] = &["output", "activity", "capability", "outcome", "unclear"];
const WORK: &[&str] = &["output", "activity", "capability"];

fn report(name: &str, counts: &Counts, out: &mut String) {
    let _ = writeln!(out, "{name}");
    for label in LABELS.iter().map(|l| [*l]).chain([["work"]]) {
        let class: &[&str] = if label[0] == "work" { WORK } else { &label };
        let (p, r, n) = counts.score(class);
        let _ = writeln!(
            out,
            "  {:<11} precision {:>5.1}%  recall {:>5.1}%  (n = {n})",
            label[0],
            p * 100.0,
            r * 100.0
        );
    }
}

#[test]
fn classifier_precision_and_recall_hold_their_floors() {
    let lex = lexicon();
    let mut all = Counts::default();
    let mut text = String::new();
    let mut per_file: Vec<(&str, Counts)> = Vec::new();
    // While tuning the cue lists, `OKRLINT_TUNING=1` leaves the held-out file unread.
    let tuning = std::env::var_os("OKRLINT_TUNING").is_some();
    for name in FILES.iter().filter(|n| !(tuning && n.contains("holdout2"))) {
        let mut counts = Counts::default();
        for kr in load(name) {
            let a = analyze(&lex, &kr.text);
            let predicted = a.verdict.label.as_str();
            counts.add(&kr.label, predicted);
            all.add(&kr.label, predicted);
        }
        report(name, &counts, &mut text);
        per_file.push((name, counts));
    }
    report("all files", &all, &mut text);
    println!("{text}");
    if tuning {
        return; // the floors are checked on every file, not on the tuning subset
    }

    // Floors (percent), just below the figures measured on 2026-12-07; a change to the
    // analyzer or its data that lowers any of them fails here. FLOORS names the files.
    per_file.push(("all", all));
    for (file, class, precision, recall) in FLOORS {
        let counts = &per_file
            .iter()
            .find(|(name, _)| name == file)
            .unwrap_or_else(|| panic!("no file {file}"))
            .1;
        let class: &[&str] = if *class == "work" {
            WORK
        } else {
            std::slice::from_ref(class)
        };
        let (p, r, _) = counts.score(class);
        let what = format!("{} ({file})", class.join("+"));
        assert!(
            p * 100.0 >= *precision,
            "{what}: precision {:.1}% below {precision}%\n{text}",
            p * 100.0
        );
        assert!(
            r * 100.0 >= *recall,
            "{what}: recall {:.1}% below {recall}%\n{text}",
            r * 100.0
        );
    }
    let _ = KrClass::ALL;
}

#[test]
fn every_sentence_s_reading_is_snapshotted() {
    let lex = lexicon();
    let mut out = String::new();
    for name in FILES {
        let _ = writeln!(out, "# {name}");
        for kr in load(name) {
            let a = analyze(&lex, &kr.text);
            let got = read(&kr.text, &a);
            let mark = if a.verdict.label.as_str() == kr.label {
                " "
            } else {
                "!"
            };
            let _ = writeln!(
                out,
                "{mark} {} ← {} [{} {:?}] target={} cmp={} base={} change={} dir={} due={} | {}",
                a.verdict.label.as_str(),
                kr.label,
                a.verdict.cue.as_str(),
                kr.text.get(a.verdict.range.clone()).unwrap_or(""),
                fmt_q(&got.target),
                got.comparator.as_deref().unwrap_or("-"),
                fmt_q(&got.baseline),
                fmt_q(&got.change),
                got.direction.as_deref().unwrap_or("-"),
                got.due.as_deref().unwrap_or("-"),
                kr.text,
            );
        }
    }
    insta::assert_snapshot!("every_sentence", out);
}

#[test]
fn extraction_matches_the_expected_fields() {
    let lex = lexicon();
    let mut out = String::new();
    let (mut sentences, mut exact) = (0, 0);
    let mut fields: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut per_file: Vec<(&str, usize, usize)> = Vec::new();
    for name in FILES {
        per_file.push((name, 0, 0));
        for kr in load(name) {
            let Some(expect) = &kr.expect else { continue };
            let a = analyze(&lex, &kr.text);
            let got = read(&kr.text, &a);
            sentences += 1;
            if let Some(last) = per_file.last_mut() {
                last.1 += 1;
            }
            let checks = [
                ("direction", expect.direction == got.direction),
                ("comparator", expect.comparator == got.comparator),
                ("target", expect.target == got.target),
                ("baseline", expect.baseline == got.baseline),
                ("change", expect.change == got.change),
                ("due", expect.due == got.due),
            ];
            let mut all_ok = true;
            for (field, ok) in checks {
                let entry = fields.entry(field).or_default();
                entry.1 += 1;
                if ok {
                    entry.0 += 1;
                } else {
                    all_ok = false;
                }
            }
            if all_ok {
                exact += 1;
                if let Some(last) = per_file.last_mut() {
                    last.2 += 1;
                }
            } else if std::env::var_os("OKRLINT_SHOW_MISSES").is_some_and(|v| v == *name) {
                let _ = writeln!(
                    out,
                    "MISS {}\n  want dir={:?} cmp={:?} target={} base={} change={} due={:?}\n  got  dir={:?} cmp={:?} target={} base={} change={} due={:?}",
                    kr.text, expect.direction, expect.comparator, fmt_q(&expect.target), fmt_q(&expect.baseline), fmt_q(&expect.change), expect.due,
                    got.direction, got.comparator, fmt_q(&got.target), fmt_q(&got.baseline), fmt_q(&got.change), got.due,
                );
            }
        }
    }
    let _ = writeln!(
        out,
        "sentences with an expected extraction: {sentences}; all fields right: {exact} ({:.1}%)",
        exact as f64 * 100.0 / sentences as f64
    );
    for (name, n, ok) in &per_file {
        let _ = writeln!(
            out,
            "  {name}: {ok}/{n} ({:.1}%)",
            *ok as f64 * 100.0 / (*n).max(1) as f64
        );
    }
    for (field, (ok, n)) in &fields {
        let _ = writeln!(
            out,
            "  {field:<10} {ok}/{n} ({:.1}%)",
            *ok as f64 * 100.0 / *n as f64
        );
    }
    println!("{out}");
    assert!(sentences >= 100);
    // Measured on 2026-12-07: 512 of 587 (87.2%): open-source 99.4%, handbooks 81.3%, first
    // held-out file 89.5%, second (never tuned on) 80.8%.
    let floor = 86.5;
    assert!(exact as f64 * 100.0 / sentences as f64 >= floor, "{out}");
}

/// `OKRLINT_SHOW_MISSES=FILE cargo test -p okrlint-core --test language show -- --nocapture`
/// prints the sentences of FILE the classifier labels differently from the set.
#[test]
fn show_classifier_misses() {
    let Some(name) = std::env::var_os("OKRLINT_SHOW_MISSES") else {
        return;
    };
    let lex = lexicon();
    for kr in load(name.to_str().unwrap_or_default()) {
        let a = analyze(&lex, &kr.text);
        if a.verdict.label.as_str() != kr.label {
            println!(
                "{:<10} got {:<10} cue {:<22} {:?} | {}",
                kr.label,
                a.verdict.label.as_str(),
                a.verdict.cue.as_str(),
                kr.text.get(a.verdict.range.clone()).unwrap_or(""),
                kr.text
            );
        }
    }
}

/// `OKRLINT_CUE_STATS=1`: how often each cue's verdict agrees with the labels, on the files
/// used for tuning (never the held-out one).
#[test]
fn show_cue_precision() {
    if std::env::var_os("OKRLINT_CUE_STATS").is_none() {
        return;
    }
    let lex = lexicon();
    let mut stats: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for name in FILES.iter().filter(|n| !n.contains("holdout2")) {
        for kr in load(name) {
            let a = analyze(&lex, &kr.text);
            let key = format!("{} {}", a.verdict.label.as_str(), a.verdict.cue.as_str());
            let e = stats.entry(key).or_default();
            e.1 += 1;
            let work = |l: &str| WORK.contains(&l);
            if a.verdict.label.as_str() == kr.label
                || (work(a.verdict.label.as_str()) && work(&kr.label))
            {
                e.0 += 1;
            }
        }
    }
    for (key, (ok, n)) in stats {
        println!(
            "{key:<40} {ok:>4}/{n:<4} {:.0}%",
            ok as f64 * 100.0 / n as f64
        );
    }
}

/// Arbitrary text never panics the analyzer, and every range it reports is inside the sentence
/// on character boundaries (so spans map back into the file). 20,000 deterministic random
/// sentences over an alphabet of the characters the analyzer treats specially.
#[test]
fn arbitrary_text_never_panics_and_ranges_stay_in_bounds() {
    let lex = lexicon();
    let alphabet: Vec<char> = "0123456789 ,.-_/%$€£¥<>≤≥‹+x()[]:;'’\"kKmMbB aAbcdefghijklmnopqrstuvwxyz QqHh ébyto ofrom at least less than by end Q3 2026-03-31 1st 10/100/1000 ½ 🚀\t\n"
        .chars()
        .collect();
    let mut state: u64 = 0x5eed;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..20_000 {
        let len = (next() % 60) as usize;
        let text: String = (0..len)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
            .collect();
        let a = analyze(&lex, &text);
        let ok = |r: &std::ops::Range<usize>| {
            r.start <= r.end
                && r.end <= text.len()
                && text.is_char_boundary(r.start)
                && text.is_char_boundary(r.end)
        };
        let e = &a.extraction;
        for q in &e.quantities {
            assert!(ok(&q.range), "{text:?}: {q:?}");
            assert!(q.value.is_finite(), "{text:?}: {q:?}");
        }
        assert!(ok(&a.verdict.range), "{text:?}");
        if let Some(d) = &e.due {
            assert!(ok(&d.range), "{text:?}");
        }
        for range in [
            e.comparator.as_ref().map(|c| &c.1),
            e.direction.as_ref().map(|d| &d.1),
            e.zero.as_ref(),
        ]
        .into_iter()
        .flatten()
        {
            assert!(ok(range), "{text:?}");
        }
    }
}
