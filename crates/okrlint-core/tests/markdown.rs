//! The Markdown reader against `fixtures/markdown/EXPECTED.toml`: what each real plan file
//! means, written by hand from reading it before the reader existed. Objectives and key
//! results are matched by their title and line; the test prints every difference and fails
//! below the agreement the README states.

use std::path::Path;

use okrlint_core::model::{read_markdown, Document, Status};
use okrlint_core::source::SourceFile;
use serde::Deserialize;

#[derive(Deserialize)]
struct Expected {
    file: Vec<ExpectedFile>,
}

#[derive(Deserialize)]
struct ExpectedFile {
    path: String,
    #[serde(default)]
    plan: Vec<ExpectedPlan>,
}

#[derive(Deserialize)]
struct ExpectedPlan {
    #[serde(default)]
    period: String,
    #[serde(default)]
    team: String,
    #[serde(default)]
    objective: Vec<ExpectedObjective>,
}

#[derive(Deserialize)]
struct ExpectedObjective {
    title: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    kr: Vec<ExpectedKr>,
    #[serde(default)]
    initiative: Vec<ExpectedInitiative>,
}

#[derive(Deserialize)]
struct ExpectedKr {
    title: String,
    line: usize,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    status: String,
}

#[derive(Deserialize)]
struct ExpectedInitiative {}

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/markdown")
}

fn norm(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Counts of agreement, summed over files.
#[derive(Default, Debug)]
struct Tally {
    expected_krs: usize,
    read_krs: usize,
    matched_krs: usize,
    expected_objectives: usize,
    read_objectives: usize,
    matched_objectives: usize,
    owners_expected: usize,
    owners_matched: usize,
    status_expected: usize,
    status_matched: usize,
    spans_checked: usize,
    spans_right: usize,
    plans_expected: usize,
    plans_read: usize,
}

fn status_name(status: Option<Status>) -> &'static str {
    status.map_or("", Status::as_str)
}

#[test]
fn the_reader_agrees_with_the_hand_written_meaning() {
    let expected: Expected =
        toml::from_str(&std::fs::read_to_string(fixtures().join("EXPECTED.toml")).unwrap())
            .expect("EXPECTED.toml parses");
    let mut tally = Tally::default();
    let mut report = String::new();
    for file in &expected.file {
        let path = fixtures().join(&file.path);
        let text = std::fs::read_to_string(&path).expect("fixture readable");
        let source = SourceFile::new(file.path.clone(), path.clone(), text.clone());
        let documents: Vec<Document> = read_markdown(0, &text);
        tally.plans_expected += file.plan.len();
        tally.plans_read += documents.len();
        let read: Vec<(usize, String, String, String, usize)> = documents
            .iter()
            .flat_map(|d| d.objectives.iter())
            .flat_map(|o| o.key_results.iter())
            .map(|kr| {
                let title = kr.title.as_ref().map_or(String::new(), |t| norm(&t.value));
                let line = kr
                    .title
                    .as_ref()
                    .map_or(0, |t| source.location(t.span.start).line);
                let owner = kr.owner.as_ref().map_or(String::new(), |o| o.value.clone());
                let status = status_name(kr.status.as_ref().map(|s| s.value)).to_string();
                (
                    line,
                    title,
                    owner,
                    status,
                    kr.title.as_ref().map_or(0, |t| t.span.start),
                )
            })
            .collect();
        let read_objectives: Vec<String> = documents
            .iter()
            .flat_map(|d| d.objectives.iter())
            .map(|o| o.title.as_ref().map_or(String::new(), |t| norm(&t.value)))
            .collect();
        // Files that are not plans are kept out of the reader's figures: `check` never reads
        // them as plans (a detection test covers that).
        if file.plan.is_empty() {
            continue;
        }
        tally.read_krs += read.len();
        tally.read_objectives += read_objectives.len();
        let mut lines = Vec::new();
        for plan in &file.plan {
            for objective in &plan.objective {
                tally.expected_objectives += 1;
                if read_objectives.contains(&norm(&objective.title)) {
                    tally.matched_objectives += 1;
                } else {
                    lines.push(format!("  objective missed: {:?}", objective.title));
                }
                for kr in &objective.kr {
                    tally.expected_krs += 1;
                    let found = read
                        .iter()
                        .find(|r| r.1 == norm(&kr.title) && r.0 == kr.line);
                    match found {
                        Some(r) => {
                            tally.matched_krs += 1;
                            if !kr.owner.is_empty() {
                                tally.owners_expected += 1;
                                if r.2 == kr.owner {
                                    tally.owners_matched += 1;
                                } else {
                                    lines.push(format!(
                                        "  owner {:?} read as {:?} (line {})",
                                        kr.owner, r.2, kr.line
                                    ));
                                }
                            }
                            if !kr.status.is_empty() {
                                tally.status_expected += 1;
                                if r.3 == kr.status {
                                    tally.status_matched += 1;
                                } else {
                                    lines.push(format!(
                                        "  status {:?} read as {:?} (line {})",
                                        kr.status, r.3, kr.line
                                    ));
                                }
                            }
                            // The span points at the title's text in the file.
                            tally.spans_checked += 1;
                            let at = source.location(r.4);
                            let line_text = source.line(at.line);
                            if line_text
                                .chars()
                                .skip(at.column - 1)
                                .collect::<String>()
                                .starts_with(kr.title.split_whitespace().next().unwrap_or(""))
                            {
                                tally.spans_right += 1;
                            } else {
                                lines.push(format!(
                                    "  span of line {} points at {:?}",
                                    kr.line, line_text
                                ));
                            }
                        }
                        None => {
                            let near = read.iter().find(|r| r.0 == kr.line);
                            lines.push(format!(
                                "  KR missed (line {}): {:?}{}",
                                kr.line,
                                kr.title,
                                near.map_or(String::new(), |n| format!("\n      read: {:?}", n.1))
                            ));
                        }
                    }
                }
                let _ = (&objective.owner, &objective.initiative);
            }
            let _ = (&plan.period, &plan.team);
        }
        let expected_lines: Vec<usize> = file
            .plan
            .iter()
            .flat_map(|p| p.objective.iter())
            .flat_map(|o| o.kr.iter().map(|k| k.line))
            .collect();
        for r in &read {
            if !expected_lines.contains(&r.0) {
                lines.push(format!("  extra KR (line {}): {:?}", r.0, r.1));
            }
        }
        if !lines.is_empty() {
            report.push_str(&format!("{}:\n{}\n", file.path, lines.join("\n")));
        }
    }
    let pct = |a: usize, b: usize| {
        if b == 0 {
            100.0
        } else {
            100.0 * a as f64 / b as f64
        }
    };
    let summary = format!(
        "KRs: recall {:.1}% ({}/{}), precision {:.1}% ({}/{}); objectives: recall {:.1}% ({}/{}), read {}; owners {:.1}% ({}/{}); status {:.1}% ({}/{}); spans {:.1}% ({}/{}); plans expected {} read {}",
        pct(tally.matched_krs, tally.expected_krs), tally.matched_krs, tally.expected_krs,
        pct(tally.matched_krs, tally.read_krs), tally.matched_krs, tally.read_krs,
        pct(tally.matched_objectives, tally.expected_objectives), tally.matched_objectives, tally.expected_objectives, tally.read_objectives,
        pct(tally.owners_matched, tally.owners_expected), tally.owners_matched, tally.owners_expected,
        pct(tally.status_matched, tally.status_expected), tally.status_matched, tally.status_expected,
        pct(tally.spans_right, tally.spans_checked), tally.spans_right, tally.spans_checked,
        tally.plans_expected, tally.plans_read,
    );
    println!("{report}\n{summary}");
    let floors = [
        (
            "KR recall",
            pct(tally.matched_krs, tally.expected_krs),
            90.0,
        ),
        ("KR precision", pct(tally.matched_krs, tally.read_krs), 80.0),
        (
            "objective recall",
            pct(tally.matched_objectives, tally.expected_objectives),
            90.0,
        ),
        ("spans", pct(tally.spans_right, tally.spans_checked), 98.0),
    ];
    for (what, value, floor) in floors {
        assert!(
            value >= floor,
            "{what} {value:.1}% is below the floor {floor}%\n{summary}"
        );
    }
}

/// `OUTLINE=path/in/fixtures cargo test -p okrlint-core --test markdown outline -- --nocapture`
/// prints how the reader understood one file.
#[test]
fn outline() {
    let Ok(path) = std::env::var("OUTLINE") else {
        return;
    };
    let text = std::fs::read_to_string(fixtures().join(&path)).expect("readable");
    let source = SourceFile::new(path.clone(), path.clone().into(), text.clone());
    for doc in read_markdown(0, &text) {
        let team = doc.team.as_ref();
        println!(
            "PLAN period={:?} team={:?}",
            team.and_then(|t| t.period.as_ref())
                .and_then(|p| p.label.as_ref())
                .map(|l| &l.value),
            team.and_then(|t| t.name.as_ref()).map(|n| &n.value)
        );
        for o in &doc.objectives {
            let line = o
                .title
                .as_ref()
                .map_or(0, |t| source.location(t.span.start).line);
            println!(
                "  {} [{line}] {:?} owner={:?}",
                o.id.as_ref().unwrap().value,
                o.title.as_ref().map(|t| &t.value),
                o.owner.as_ref().map(|x| &x.value)
            );
            for kr in &o.key_results {
                let line = kr
                    .title
                    .as_ref()
                    .map_or(0, |t| source.location(t.span.start).line);
                println!(
                    "    {} [{line}] {:?} owner={:?} status={:?}",
                    kr.id.as_ref().unwrap().value,
                    kr.title.as_ref().map(|t| &t.value),
                    kr.owner.as_ref().map(|x| &x.value),
                    kr.status.as_ref().map(|s| s.value)
                );
            }
            for i in &o.initiatives {
                println!("    - initiative {:?}", i.title.as_ref().map(|t| &t.value));
            }
        }
    }
}
