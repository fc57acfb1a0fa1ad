//! `okrlint essays --claims`: the essays' checkable claims from `rules/claims.toml` and the
//! rules covering them.

use serde_json::Value;

mod common;
use common::command as okrlint;

/// Runs the binary at 100 columns: (exit code, stdout).
fn run(args: &[&str]) -> (i32, String) {
    let out = okrlint()
        .env("COLUMNS", "100")
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn essays_claims_table() {
    let (status, stdout) = run(&["essays", "--claims"]);
    assert_eq!(status, 0);
    let widest = stdout.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(widest <= 100, "a line is {widest} columns wide");
    assert!(stdout.ends_with(
        "143 claims: 55 covered, 50 partial, 38 none; covered or partial: 105 of 143 (73.4%).\n"
    ));
    insta::assert_snapshot!("essays_claims_table", stdout);
}

#[test]
fn essays_claims_json() {
    let (status, stdout) = run(&["essays", "--claims", "--format", "json"]);
    assert_eq!(status, 0);
    let value: Value = serde_json::from_str(&stdout).expect("JSON");
    let totals = &value["totals"];
    assert_eq!(totals["claims"], 143);
    assert_eq!(totals["covered"], 55);
    assert_eq!(totals["partial"], 50);
    assert_eq!(totals["none"], 38);
    let essays = value["essays"].as_array().expect("a list");
    let claims: Vec<&Value> = essays
        .iter()
        .flat_map(|e| e["claims"].as_array().expect("claims"))
        .collect();
    assert_eq!(claims.len(), 143);
    // JSON keeps the whole quote and the gap.
    let five = claims.iter().find(|c| c["id"] == 5).expect("claim 5");
    assert_eq!(five["status"], "covered");
    assert_eq!(
        five["rules"],
        serde_json::json!(["OU006", "FO004", "ME014", "ME015"])
    );
    assert!(five["quote"]
        .as_str()
        .is_some_and(|q| q.ends_with("outcome metrics—not output.")));
    let ninety_five = claims.iter().find(|c| c["id"] == 95).expect("claim 95");
    assert_eq!(ninety_five["status"], "partial");
    assert_eq!(ninety_five["priority"], "medium");
    assert!(ninety_five["gap"]
        .as_str()
        .is_some_and(|g| g.contains("results carrying their significance")));
}

#[test]
fn essays_claims_status_filter() {
    let (status, stdout) = run(&["essays", "--claims", "--status", "none", "--format", "json"]);
    assert_eq!(status, 0);
    let value: Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(value["listed"], 38);
    let statuses: Vec<&Value> = value["essays"]
        .as_array()
        .expect("a list")
        .iter()
        .flat_map(|e| e["claims"].as_array().expect("claims"))
        .map(|c| &c["status"])
        .collect();
    assert_eq!(statuses.len(), 38);
    assert!(statuses.iter().all(|s| *s == "none"));
    // --status needs --claims.
    assert_eq!(common::run(&["essays", "--status", "none"]).0, 2);
}

#[test]
fn essays_table_has_a_claims_column() {
    let (status, stdout) = run(&["essays"]);
    assert_eq!(status, 0);
    assert!(stdout.contains("claims"), "{stdout}");
    let (_, json) = run(&["essays", "--format", "json"]);
    let list: Value = serde_json::from_str(&json).expect("JSON");
    let wedge = list
        .as_array()
        .expect("a list")
        .iter()
        .find(|e| e["slug"] == "product-wedge")
        .expect("product-wedge");
    assert_eq!(
        wedge["claims"],
        serde_json::json!({"claims": 6, "covered": 4, "partial": 1, "none": 1})
    );
}
