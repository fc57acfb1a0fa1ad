//! Known answers for `okrlint dora`, worked by hand from the definitions in the command's
//! contract (not from the implementation). Each fixture under `fixtures/dora/` is small enough
//! to check on paper; `fixtures/dora/README.md` lists every case and its answers, and the
//! working is repeated next to each assertion. All times below are UTC unless marked.

use std::path::Path;

use serde_json::{json, Value};

mod common;
use common::run as okrlint;

/// `okrlint dora` over `fixtures/dora/<dir>/`, passing whichever of deployments.csv,
/// changes.csv and incidents.csv the directory has, then `extra`.
fn run_dora(dir: &str, extra: &[&str]) -> (i32, String, String) {
    let mut args: Vec<String> = vec!["dora".into()];
    for (flag, file) in [
        ("--deployments", "deployments.csv"),
        ("--changes", "changes.csv"),
        ("--incidents", "incidents.csv"),
    ] {
        let path = format!("fixtures/dora/{dir}/{file}");
        if Path::new(&path).exists() {
            args.push(flag.into());
            args.push(path);
        }
    }
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    okrlint(&args)
}

/// The JSON report for a fixture directory; the run must succeed.
fn dora(dir: &str, extra: &[&str]) -> Value {
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra);
    let (status, stdout, stderr) = run_dora(dir, &args);
    assert_eq!(status, 0, "{dir} {extra:?}: {stderr}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{dir}: not JSON ({e}):\n{stdout}"))
}

/// Every key of `expected` must be in `actual` with the same value; numbers within 1e-4 (the
/// JSON rounds to 4 decimals), `null` must be `null`, arrays must have the same length.
#[track_caller]
fn assert_has(actual: &Value, expected: &Value) {
    fn walk(actual: &Value, expected: &Value, at: &str, errors: &mut Vec<String>) {
        match (expected, actual) {
            (Value::Object(e), Value::Object(a)) => {
                for (key, value) in e {
                    match a.get(key) {
                        Some(found) => walk(found, value, &format!("{at}.{key}"), errors),
                        None => errors.push(format!("{at}.{key}: missing")),
                    }
                }
            }
            (Value::Array(e), Value::Array(a)) => {
                if e.len() != a.len() {
                    errors.push(format!("{at}: {} items, expected {}", a.len(), e.len()));
                }
                for (i, (x, y)) in e.iter().zip(a).enumerate() {
                    walk(y, x, &format!("{at}[{i}]"), errors);
                }
            }
            (Value::Number(e), Value::Number(a)) => {
                let (e, a) = (e.as_f64().unwrap(), a.as_f64().unwrap());
                if (e - a).abs() > 1e-4 {
                    errors.push(format!("{at}: {a}, expected {e}"));
                }
            }
            (e, a) if e == a => {}
            (e, a) => errors.push(format!("{at}: {a}, expected {e}")),
        }
    }
    let mut errors = Vec::new();
    walk(actual, expected, "", &mut errors);
    assert!(
        errors.is_empty(),
        "{}\nin\n{}",
        errors.join("\n"),
        serde_json::to_string_pretty(actual).unwrap()
    );
}

/// The service row named `name`.
fn service<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["services"]
        .as_array()
        .expect("services array")
        .iter()
        .find(|s| s["service"] == name)
        .unwrap_or_else(|| panic!("no service {name} in {}", doc["services"]))
}

fn service_names(doc: &Value) -> Vec<String> {
    doc["services"]
        .as_array()
        .expect("services array")
        .iter()
        .map(|s| s["service"].as_str().expect("name").to_string())
        .collect()
}

fn week_starts(doc: &Value) -> Vec<String> {
    doc["weeks"]
        .as_array()
        .expect("weeks array")
        .iter()
        .map(|w| w["week"].as_str().expect("week").to_string())
        .collect()
}

/// `excluded` with every count 0.
fn no_exclusions() -> Value {
    json!({
        "deployments_outside_window": 0, "changes_outside_window": 0,
        "changes_negative_lead_time": 0, "changes_unknown_deployment": 0,
        "incidents_outside_window": 0, "open_incidents": 0, "incidents_unknown_deployment": 0
    })
}

#[test]
fn lead_time_medians_keep_zero_and_drop_negative() {
    let doc = dora("medians", &[]);
    // api: d1 (03-04 12:00) gets c1 10:00 -> 2h and c2 12:00 -> 0h (kept);
    //      d2 (03-05 12:00) gets c3 03-04 12:00 -> 24h and c4 03-05 13:00 -> -1h (dropped).
    //      lead times 0, 2, 24 -> median 2h (odd count; with the zero dropped it would be 13).
    // web: d3 (03-05 18:00) gets c5 15:00 -> 3h, c6 08:00 -> 10h;
    //      d4 (03-06 12:00) gets c7 07:00 -> 5h, c8 03-05 12:00 -> 24h.
    //      lead times 3, 5, 10, 24 -> median (5 + 10) / 2 = 7.5h (even count).
    // all: 0, 2, 3, 5, 10, 24, 24 -> median 5h (with -1 kept it would be 4).
    assert_has(
        &doc["overall"],
        &json!({"service": "all", "lead_time_hours": 5.0, "changes": 7,
                "changes_negative_lead_time": 1}),
    );
    assert_has(
        service(&doc, "api"),
        &json!({"lead_time_hours": 2.0, "changes": 3, "changes_negative_lead_time": 1}),
    );
    assert_has(
        service(&doc, "web"),
        &json!({"lead_time_hours": 7.5, "changes": 4, "changes_negative_lead_time": 0}),
    );
    assert_eq!(service_names(&doc), ["api", "web"]);
    assert_has(
        &doc["excluded"],
        &json!({"changes_negative_lead_time": 1, "changes_outside_window": 0,
                "changes_unknown_deployment": 0}),
    );
    // 8 change rows = 7 used + 1 negative; no incidents file is null, not zero rows.
    assert_has(
        &doc["rows"],
        &json!({"deployments": 4, "changes": 8, "incidents": null}),
    );
    // No incidents file: no recovery value, no tier for it.
    assert!(doc["overall"]["recovery_time_hours"].is_null());
    assert_eq!(doc["by"], "service");
}

#[test]
fn failed_deployments_count_each_deployment_once() {
    let doc = dora("failures", &[]);
    // Failed, by deployment: f1 status failed AND named by i1 (once); f2 success but named by
    // i2 and i3 (once); f3 `Rolled_Back` (status is case-insensitive); f6 `FAILED`.
    // Not failed: f4, f5, f7, f8. i4 names zz9, which is no deployment.
    // all: 4 failed / 8 deployments = 0.5; api (f1 f2 f3 f8): 3/4 = 0.75; web (f4-f7): 1/4 = 0.25.
    // Lead: ch1 f1 10:00 - 08:00 = 2h (api), ch2 f4 12:00 - 06:00 = 6h (web), ch3 names zz8
    // (unknown, not used) -> all median (2 + 6) / 2 = 4h.
    // Recovery: i1 1h, i2 2h, i3 3h (api); i4 4h (unknown deployment, still used), i5 0.5h (web)
    // -> all 0.5, 1, 2, 3, 4 -> 2h; api 1, 2, 3 -> 2h; web (0.5 + 4) / 2 = 2.25h.
    assert_has(
        &doc["overall"],
        &json!({"deployments": 8, "failed_deployments": 4, "change_failure_rate": 0.5,
                "lead_time_hours": 4.0, "changes": 2, "recovery_time_hours": 2.0,
                "resolved_incidents": 5, "open_incidents": 0}),
    );
    assert_has(
        service(&doc, "api"),
        &json!({"deployments": 4, "failed_deployments": 3, "change_failure_rate": 0.75,
                "lead_time_hours": 2.0, "recovery_time_hours": 2.0, "resolved_incidents": 3}),
    );
    assert_has(
        service(&doc, "web"),
        &json!({"deployments": 4, "failed_deployments": 1, "change_failure_rate": 0.25,
                "lead_time_hours": 6.0, "recovery_time_hours": 2.25, "resolved_incidents": 2}),
    );
    let mut excluded = no_exclusions();
    excluded["changes_unknown_deployment"] = json!(1);
    excluded["incidents_unknown_deployment"] = json!(1);
    assert_has(&doc["excluded"], &excluded);
    assert_has(
        &doc["rows"],
        &json!({"deployments": 8, "changes": 3, "incidents": 5}),
    );
    // Default window 04-01 (Mon) .. 04-04: 4 days, 8 / 4 = 2 a day, one week with 4 deploy
    // days -> d = 4 < 5, so daily_weekly even though r = 2.
    assert_has(
        &doc["window"],
        &json!({"since": "2024-04-01", "until": "2024-04-04", "days": 4, "from_data": true}),
    );
    assert_has(
        &doc["overall"],
        &json!({"deploys_per_day": 2.0, "deploy_days_per_week": 4.0, "frequency": "daily_weekly"}),
    );
    // The unknown deploy_ids are reported as DO008 warnings.
    assert!(
        doc["findings"].to_string().contains("DO008"),
        "{}",
        doc["findings"]
    );
}

#[test]
fn recovery_time_uses_resolved_incidents_created_in_the_window() {
    let doc = dora(
        "recovery",
        &["--since", "2024-05-06", "--until", "2024-05-12"],
    );
    // In the window (created 05-06 .. 05-12 UTC):
    //   n1 api 1.5h, n2 api 24h, n3 web 2.25h, n4 web open, n5 api 4h (resolved next day),
    //   n9 web 10h (created 05-12 22:00, resolved after the window: still counts).
    // Outside: n6 (01:00+02:00 on 05-06 is 05-05 23:00 UTC), n7 (05-13), n8 (05-01, open:
    //   counted as outside, not as open).
    // all: 1.5, 2.25, 4, 10, 24 -> median 4h (5 values); api 1.5, 4, 24 -> 4h;
    // web 2.25, 10 -> (2.25 + 10) / 2 = 6.125h, and web has the open one.
    assert_has(
        &doc["overall"],
        &json!({"recovery_time_hours": 4.0, "resolved_incidents": 5, "open_incidents": 1}),
    );
    assert_has(
        service(&doc, "api"),
        &json!({"recovery_time_hours": 4.0, "resolved_incidents": 3, "open_incidents": 0}),
    );
    assert_has(
        service(&doc, "web"),
        &json!({"recovery_time_hours": 6.125, "resolved_incidents": 2, "open_incidents": 1}),
    );
    let mut excluded = no_exclusions();
    excluded["incidents_outside_window"] = json!(3);
    excluded["open_incidents"] = json!(1);
    assert_has(&doc["excluded"], &excluded);
    assert_has(&doc["rows"], &json!({"deployments": 3, "incidents": 9}));
    // 3 deployments (05-06, 05-08, 05-10, none failed) in 7 days: 3/7 = 0.4286 a day,
    // one Monday week with 3 deploy days -> daily_weekly. No changes file: no lead time.
    assert_has(
        &doc["overall"],
        &json!({"deployments": 3, "deploys_per_day": 0.4286, "deploy_days_per_week": 3.0,
                "frequency": "daily_weekly", "change_failure_rate": 0.0,
                "lead_time_hours": null, "failed_deployments": 0}),
    );
    assert_has(
        &doc["window"],
        &json!({"since": "2024-05-06", "until": "2024-05-12", "days": 7, "from_data": false}),
    );
    assert_has(
        &doc["weeks"],
        &json!([{"week": "2024-05-06", "deployments": 3, "deploy_days": 3,
                 "lead_time_hours": null, "change_failure_rate": 0.0,
                 "recovery_time_hours": 4.0, "rework_rate": null}]),
    );
}

#[test]
fn offsets_move_deployments_across_utc_dates_and_monday_weeks() {
    let doc = dora("timezones", &[]);
    // Deployments in UTC:
    //   t1 01-03 10:00 (Wed); t2 23:30-02:00 on 01-03 = 01-04 01:30 (Thu);
    //   t3 08:00+09:00 on 01-04 = 01-03 23:00 (Wed); t4 01:30+02:00 on 01-08 = 01-07 23:30 (Sun,
    //   so still the week of Mon 01-01); t5 01-15 16:00; t6 01-16 16:00; t7 01-16 20:00
    //   (rolled_back); t8 01-18 12:00; t9 00:30+01:00 on 01-24 = 01-23 23:30; t10 01-23 09:00.
    // Window from the data: 01-03 .. 01-23 (not 01-24): 21 days; 10 / 21 = 0.4762 a day.
    // Weeks: 01-01 {01-03, 01-04, 01-07} = 3 days (partial edge week), 01-08 none = 0,
    //   01-15 {15, 16, 18} = 3, 01-22 {01-23} = 1 (partial edge week)
    //   -> 0, 1, 3, 3 -> median (1 + 3) / 2 = 2 -> daily_weekly.
    // Lead: k1 t5 16:00 - (10:00-05:00 = 15:00) = 1h; k2 t4 23:30 - (18:00-03:30 = 21:30) = 2h;
    //   k3 t2 01:30 - (09:00+09:00 on 01-04 = 00:00) = 1.5h; k4 t9 23:30 - 20:00 = 3.5h;
    //   k5 t10 01-23 09:00 - 01-22 09:00 = 24h -> 1, 1.5, 2, 3.5, 24 -> median 2h.
    // Recovery: j1 00:30+01:00 on 01-15 = 01-14 23:30 (week of 01-08), 2h; j2 01-22, 3h
    //   -> (2 + 3) / 2 = 2.5h. Failure rate 1 (t7) / 10 = 0.1.
    assert_has(
        &doc["window"],
        &json!({"since": "2024-01-03", "until": "2024-01-23", "days": 21, "from_data": true}),
    );
    assert_has(
        &doc["overall"],
        &json!({"deployments": 10, "deploys_per_day": 0.4762, "deploy_days_per_week": 2.0,
                "frequency": "daily_weekly", "lead_time_hours": 2.0, "change_failure_rate": 0.1,
                "failed_deployments": 1, "recovery_time_hours": 2.5, "rework_rate": null,
                "changes": 5, "changes_negative_lead_time": 0, "resolved_incidents": 2,
                "open_incidents": 0}),
    );
    assert_has(&doc["excluded"], &no_exclusions());
    // Weekly trend: lead time by the deployment's week (k2 belongs to t4's week 01-01:
    // (2 + 1.5) / 2 = 1.75; 01-22: (3.5 + 24) / 2 = 13.75), recovery by the incident's created
    // week, failure rate by deploy week (01-15: t7 of 4 = 0.25; 01-08: no deployments -> null).
    assert_has(
        &doc["weeks"],
        &json!([
            {"week": "2024-01-01", "deployments": 4, "deploy_days": 3, "lead_time_hours": 1.75,
             "change_failure_rate": 0.0, "recovery_time_hours": null, "rework_rate": null},
            {"week": "2024-01-08", "deployments": 0, "deploy_days": 0, "lead_time_hours": null,
             "change_failure_rate": null, "recovery_time_hours": 2.0, "rework_rate": null},
            {"week": "2024-01-15", "deployments": 4, "deploy_days": 3, "lead_time_hours": 1.0,
             "change_failure_rate": 0.25, "recovery_time_hours": null, "rework_rate": null},
            {"week": "2024-01-22", "deployments": 2, "deploy_days": 1, "lead_time_hours": 13.75,
             "change_failure_rate": 0.0, "recovery_time_hours": 3.0, "rework_rate": null},
        ]),
    );
    // One service: its row is the overall row under another name.
    assert_eq!(service_names(&doc), ["app"]);
    assert_has(
        service(&doc, "app"),
        &json!({"deployments": 10, "deploy_days_per_week": 2.0, "lead_time_hours": 2.0}),
    );
}

#[test]
fn an_explicit_window_excludes_and_counts_what_falls_outside() {
    let doc = dora(
        "window",
        &["--since", "2024-06-03", "--until", "2024-06-09"],
    );
    // Deployments (UTC date): w1 06-01 out; w2 01:00+02:00 on 06-03 = 06-02 23:00 out;
    //   w3 06-03 in; w4 06-05 failed in; w5 06-09 23:59 in; w6 06-10 00:00 out;
    //   w7 23:30-01:00 on 06-09 = 06-10 00:30 out; w8 06-07 in. -> 4 in, 4 out.
    // Changes: x1 (w1), x4 (w6), x5 (w7) are outside -> 3; x2 w3 09:00 - 06-02 21:00 = 12h
    //   (commit before the window still counts), x3 w4 1h, x6 w5 1h -> median 1h.
    // Incidents: y1 (06-02) and y3 (06-10) outside -> 2; y2 2h, y4 (+05:00, 06-08) 4h -> 3h.
    //   y3 is outside but names w5, which is in: "any incident (any date)" makes w5 failed.
    //   Failed in window: w3 (y2), w4 (status), w5 (y3) -> 3 / 4 = 0.75.
    // 4 deployments / 7 days = 0.5714; one week (Mon 06-03) with 06-03, 05, 07, 09 = 4 days.
    assert_has(
        &doc["window"],
        &json!({"since": "2024-06-03", "until": "2024-06-09", "days": 7, "from_data": false}),
    );
    let mut excluded = no_exclusions();
    excluded["deployments_outside_window"] = json!(4);
    excluded["changes_outside_window"] = json!(3);
    excluded["incidents_outside_window"] = json!(2);
    assert_has(&doc["excluded"], &excluded);
    assert_has(
        &doc["rows"],
        &json!({"deployments": 8, "changes": 6, "incidents": 4}),
    );
    assert_has(
        &doc["overall"],
        &json!({"deployments": 4, "deploys_per_day": 0.5714, "deploy_days_per_week": 4.0,
                "frequency": "daily_weekly", "lead_time_hours": 1.0, "changes": 3,
                "failed_deployments": 3, "change_failure_rate": 0.75,
                "recovery_time_hours": 3.0, "resolved_incidents": 2, "open_incidents": 0}),
    );
    assert_has(
        &doc["weeks"],
        &json!([{"week": "2024-06-03", "deployments": 4, "deploy_days": 4,
                 "lead_time_hours": 1.0, "change_failure_rate": 0.75,
                 "recovery_time_hours": 3.0, "rework_rate": null}]),
    );
}

#[test]
fn the_default_window_runs_from_the_first_to_the_last_deployment() {
    let doc = dora("window", &[]);
    // First deployment w1 06-01, last w7 06-10 00:30 UTC: 06-01 .. 06-10 = 10 days, all 8 in.
    // Lead 2, 12, 1, 4, 4.5, 1 -> 1, 1, 2, 4, 4.5, 12 -> (2 + 4) / 2 = 3h.
    // Failed: w2 (y1), w3 (y2), w4, w5 (y3) -> 4 / 8 = 0.5.
    // Recovery y1 2h, y2 2h, y3 1h, y4 4h -> 1, 2, 2, 4 -> 2h.
    // Weeks: Mon 05-27 {06-01, 06-02} = 2, 06-03 {03, 05, 07, 09} = 4, 06-10 {06-10} = 1
    //   -> median 2.
    assert_has(
        &doc["window"],
        &json!({"since": "2024-06-01", "until": "2024-06-10", "days": 10, "from_data": true}),
    );
    assert_has(&doc["excluded"], &no_exclusions());
    assert_has(
        &doc["overall"],
        &json!({"deployments": 8, "deploys_per_day": 0.8, "deploy_days_per_week": 2.0,
                "frequency": "daily_weekly", "lead_time_hours": 3.0, "changes": 6,
                "failed_deployments": 4, "change_failure_rate": 0.5,
                "recovery_time_hours": 2.0, "resolved_incidents": 4}),
    );
    // Week 05-27: w1 + w2, x1 2h, w2 failed (y1) 1/2, y1 2h;
    // week 06-10: w6 + w7 on one date, x4 4h and x5 4.5h -> 4.25, none failed, y3 1h.
    assert_has(
        &doc["weeks"],
        &json!([
            {"week": "2024-05-27", "deployments": 2, "deploy_days": 2, "lead_time_hours": 2.0,
             "change_failure_rate": 0.5, "recovery_time_hours": 2.0},
            {"week": "2024-06-03", "deployments": 4, "deploy_days": 4, "lead_time_hours": 1.0,
             "change_failure_rate": 0.75, "recovery_time_hours": 3.0},
            {"week": "2024-06-10", "deployments": 2, "deploy_days": 1, "lead_time_hours": 4.25,
             "change_failure_rate": 0.0, "recovery_time_hours": 1.0},
        ]),
    );
}

/// (deployment_frequency, lead_time, change_failure_rate, recovery_time) of the overall row.
fn tiers(doc: &Value) -> [String; 4] {
    let t = &doc["overall"]["tiers"];
    [
        "deployment_frequency",
        "lead_time",
        "change_failure_rate",
        "recovery_time",
    ]
    .map(|k| match &t[k] {
        Value::Null => "null".to_string(),
        v => v.as_str().expect("tier is a string").to_string(),
    })
}

/// Some note in `notes` contains `text` (the start of the year's note in
/// rules/dora-benchmarks.toml).
#[track_caller]
fn assert_note(doc: &Value, text: &str) {
    assert!(
        doc["notes"]
            .as_array()
            .expect("notes array")
            .iter()
            .any(|n| n.as_str().is_some_and(|n| n.contains(text))),
        "expected a note with `{text}` in {}",
        doc["notes"]
    );
}

#[test]
fn tiers_a_weekly_monthly_deployer_with_a_24h_lead_time() {
    // a1 02-05, a2 02-06, a3 03-16 (failed), a4 03-17. Window 02-05 .. 03-17 = 42 days
    //   (2024 is a leap year: 25 days of February + 17 of March).
    // r = 4 / 42 = 0.0952; weeks 02-05 2, 02-12 0, 02-19 0, 02-26 0, 03-04 0, 03-11 2
    //   -> median 0 < 1, r x 30 = 2.86 >= 1 -> weekly_monthly.
    // Lead: 24h (a1), 10h (a2), 30h (a4) -> median 24h exactly.
    // CFR 1 / 4 = 0.25. Recovery 100h, 168h, 300h -> median 168h exactly.
    let doc = dora("tiers-a", &["--benchmark", "2024"]);
    assert_has(
        &doc["overall"],
        &json!({"deployments": 4, "deploys_per_day": 0.0952, "deploy_days_per_week": 0.0,
                "frequency": "weekly_monthly", "lead_time_hours": 24.0,
                "change_failure_rate": 0.25, "recovery_time_hours": 168.0}),
    );
    assert_has(&doc["window"], &json!({"days": 42}));
    assert_eq!(doc["weeks"].as_array().map(Vec::len), Some(6));
    assert_eq!(doc["benchmark"], 2024);
    // 2024: weekly_monthly -> medium; 24h is not below 24 (elite) -> high; 0.25 > 0.20 (high)
    // and > 0.10 (medium), <= 0.40 -> low; 168h is not below 24 -> low (<= 720).
    assert_eq!(tiers(&doc), ["medium", "high", "low", "low"]);

    // 2023: weekly_monthly is listed by both medium and low -> medium/low; 24h -> high;
    // 0.25 > 0.15 (medium), <= 0.64 -> low; 168h at_most 168 (inclusive) -> medium.
    let doc = dora("tiers-a", &["--benchmark", "2023"]);
    assert_eq!(doc["benchmark"], 2023);
    assert_eq!(tiers(&doc), ["medium/low", "high", "low", "medium"]);
    assert_note(&doc, "2023 gives low the same deployment frequency");

    // 2021: weekly_monthly -> high; 24h: not below 1, at_most 168 -> high;
    // recovery 168h: not below 24, at_most 168 -> medium. (CFR: see the next test.)
    let doc = dora("tiers-a", &["--benchmark", "2021"]);
    assert_eq!(doc["benchmark"], 2021);
    let [frequency, lead, _, recovery] = tiers(&doc);
    assert_eq!([frequency, lead, recovery], ["high", "high", "medium"]);
}

#[test]
fn tiers_2021_failure_rate_in_the_shared_range_names_every_tier_sharing_it() {
    // 2021 CFR bounds: elite <= 0.15, high <= 0.30, medium <= 0.30, low <= 0.30. 0.25 is first
    // admitted by high; medium and low have a bound no larger that also admits it, so the
    // table cannot order any of the three: high/medium/low (the 2021 note says exactly that).
    let doc = dora("tiers-a", &["--benchmark", "2021"]);
    assert_eq!(tiers(&doc)[2], "high/medium/low");
    assert_note(&doc, "2021 gives high, medium and low");
}

#[test]
fn tiers_b_on_demand_and_inclusive_bounds() {
    // b01..b10: two deployments a day (09:00, 15:00) Mon 02-12 .. Fri 02-16, b05 failed.
    // Window 5 days: r = 10 / 5 = 2, one week with 5 deploy days -> d = 5: on_demand
    // (both bounds met exactly). CFR 1 / 10 = 0.1.
    // Lead 150h (b01), 200h (b02), 250h (b10) -> 200h. Recovery 0.5h, 1h, 3h -> 1h exactly.
    let doc = dora("tiers-b", &["--benchmark", "2024"]);
    assert_has(
        &doc["overall"],
        &json!({"deployments": 10, "deploys_per_day": 2.0, "deploy_days_per_week": 5.0,
                "frequency": "on_demand", "lead_time_hours": 200.0,
                "change_failure_rate": 0.1, "recovery_time_hours": 1.0,
                "failed_deployments": 1}),
    );
    // 2024: on_demand -> elite; 200h -> medium (<= 720); 0.1: high (<= 0.20) and medium
    // (<= 0.10, a smaller bound that admits it) -> high/medium; 1h is not below 1 (elite),
    // below 24 for both high and medium -> high/medium.
    assert_eq!(
        tiers(&doc),
        ["elite", "medium", "high/medium", "high/medium"]
    );
    assert_note(&doc, "2024 lists a higher change failure rate");
    assert_note(&doc, "2024 gives high and medium the same recovery");

    // 2023: 200h: medium (<= 720) and low (<= 720) -> medium/low; 0.1 at_most 0.10 -> high;
    // 1h -> high (medium's bound 168 is larger, no tie).
    let doc = dora("tiers-b", &["--benchmark", "2023"]);
    assert_eq!(tiers(&doc), ["elite", "medium/low", "high", "high"]);
    assert_note(&doc, "2023 gives low the same lead time");

    // 2021: 200h -> medium (<= 4368; low has no bound, so no tie); 0.1 <= 0.15 -> elite;
    // 1h not below 1, below 24 -> high.
    let doc = dora("tiers-b", &["--benchmark", "2021"]);
    assert_eq!(tiers(&doc), ["elite", "medium", "elite", "high"]);
}

#[test]
fn tiers_c_values_past_every_bound_are_low() {
    // c1 01-15, c2 05-15 (failed), c3 09-16 in 2024-01-01 .. 2024-12-31 (366 days, 53 Monday
    // weeks: 01-01 .. 12-30). r = 3 / 366 = 0.0082, d = 0; r x 30 = 0.25 < 1,
    // r x 182 = 1.49 >= 1 -> monthly_biannually.
    // Lead 700h, 800h, 900h -> 800h. CFR 1 / 3 = 0.3333. Recovery 5000h (01-10 .. 08-05 08:00).
    let year = |y| {
        [
            "--since",
            "2024-01-01",
            "--until",
            "2024-12-31",
            "--benchmark",
            y,
        ]
    };
    let doc = dora("tiers-c", &year("2024"));
    assert_has(
        &doc["overall"],
        &json!({"deployments": 3, "deploys_per_day": 0.0082, "deploy_days_per_week": 0.0,
                "frequency": "monthly_biannually", "lead_time_hours": 800.0,
                "change_failure_rate": 0.3333, "recovery_time_hours": 5000.0}),
    );
    assert_has(&doc["window"], &json!({"days": 366, "from_data": false}));
    let weeks = week_starts(&doc);
    assert_eq!(weeks.len(), 53);
    assert_eq!(
        (weeks[0].as_str(), weeks[52].as_str()),
        ("2024-01-01", "2024-12-30")
    );
    // 2024: monthly_biannually -> low; 800h <= 4368 -> low; 0.3333 <= 0.40 -> low;
    // 5000h past low's 720 -> low.
    assert_eq!(tiers(&doc), ["low", "low", "low", "low"]);
    // 2023: 800h past low's 720 -> low; 0.3333 <= 0.64 -> low; 5000h past 4368 -> low.
    let doc = dora("tiers-c", &year("2023"));
    assert_eq!(tiers(&doc), ["low", "low", "low", "low"]);
    // 2021: monthly_biannually -> medium; 800h <= 4368 -> medium; 0.3333 past every 0.30 bound
    // -> low; 5000h: low has no bound -> low.
    let doc = dora("tiers-c", &year("2021"));
    assert_eq!(tiers(&doc), ["medium", "medium", "low", "low"]);
}

#[test]
fn frequency_buckets_use_the_unrounded_rate() {
    // Same 3 deployments, window 2024-01-01 .. 2025-07-01 = 366 + 181 + 1 = 548 days.
    // r = 3 / 548 = 0.0054745; r x 182 = 0.9964 < 1 -> less_than_biannually. (The printed
    // 0.0055 x 182 would be 1.001: the bucket must come from the unrounded rate.)
    let doc = dora(
        "tiers-c",
        &[
            "--since",
            "2024-01-01",
            "--until",
            "2025-07-01",
            "--benchmark",
            "2021",
        ],
    );
    assert_has(&doc["window"], &json!({"days": 548}));
    assert_has(
        &doc["overall"],
        &json!({"deploys_per_day": 0.0055, "frequency": "less_than_biannually"}),
    );
    // 2024-01-01 .. 2025-06-30 is 546 days = 78 weeks, so 79 Monday weeks.
    assert_eq!(doc["weeks"].as_array().map(Vec::len), Some(79));
    assert_eq!(tiers(&doc)[0], "low");
}

#[test]
fn rework_rate_overall_and_per_service() {
    // rework: rw1 true, rw2 no, rw3 1 (api: 2 of 3); rw4 false, rw5 yes, rw6 0, rw7 false
    // (web: 1 of 4). all: 3 / 7 = 0.4286; api 0.6667; web 0.25.
    let doc = dora("rework", &[]);
    assert_has(
        &doc["overall"],
        &json!({"deployments": 7, "rework_rate": 0.4286, "failed_deployments": 1,
                "change_failure_rate": 0.1429}),
    );
    assert_has(service(&doc, "api"), &json!({"rework_rate": 0.6667}));
    assert_has(service(&doc, "web"), &json!({"rework_rate": 0.25}));
    assert_has(
        &doc["weeks"],
        &json!([{"week": "2024-07-01", "deployments": 7, "deploy_days": 3, "rework_rate": 0.4286}]),
    );
    // Only a deployments file: no lead or recovery value, and so no tier for them.
    assert_has(
        &doc["overall"],
        &json!({"lead_time_hours": null, "recovery_time_hours": null,
                "tiers": {"lead_time": null, "recovery_time": null}}),
    );
}

#[test]
fn optional_columns_absent() {
    // No rework column: rework_rate is null everywhere (not 0).
    let doc = dora("rework-absent", &[]);
    assert!(doc["overall"]["rework_rate"].is_null());
    assert!(service(&doc, "api")["rework_rate"].is_null());
    assert!(service(&doc, "web")["rework_rate"].is_null());
    assert!(doc["weeks"][0]["rework_rate"].is_null());
    assert_has(&doc["overall"], &json!({"deployments": 7}));

    // No service column: no per-service rows, `by` is null, the overall row is unchanged.
    let doc = dora("no-service", &[]);
    assert_eq!(doc["services"], json!([]));
    assert!(doc["by"].is_null(), "by: {}", doc["by"]);
    assert_has(
        &doc["overall"],
        &json!({"service": "all", "deployments": 7, "rework_rate": 0.4286}),
    );
}

#[test]
fn by_none_lists_no_services() {
    let doc = dora("medians", &["--by", "none"]);
    assert_eq!(doc["services"], json!([]));
    assert!(doc["by"].is_null(), "by: {}", doc["by"]);
    assert_has(
        &doc["overall"],
        &json!({"lead_time_hours": 5.0, "changes_negative_lead_time": 1}),
    );
}

#[test]
fn csv_output_header_and_rows() {
    let (status, csv, stderr) = run_dora("medians", &["--format", "csv"]);
    assert_eq!(status, 0, "{stderr}");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "scope,service,deployments,deploys_per_day,deploy_days_per_week,frequency,lead_time_hours,\
         change_failure_rate,recovery_time_hours,rework_rate,changes,changes_negative_lead_time,\
         failed_deployments,resolved_incidents,open_incidents,deployments_outside_window,\
         changes_outside_window,changes_unknown_deployment,incidents_outside_window,\
         incidents_unknown_deployment"
    );
    assert_eq!(lines.len(), 4, "header, all, api, web:\n{csv}");
    // all: 4 deployments in 3 days (03-04 .. 03-06) = 1.3333; one week with 3 deploy days ->
    // daily_weekly; lead 5h; none failed; no incidents and no rework column -> empty cells.
    // api: d1 03-04, d2 03-05 -> 2 / 3 = 0.6667, 2 deploy days; lead 2h; 3 changes, 1 negative.
    // The window-level counts (nothing outside the window, no unknown deploy_id) are on `all`.
    let expected = [
        "overall,all,4,1.3333,3,daily_weekly,5,0,,,7,1,0,0,0,0,0,0,0,0",
        "service,api,2,0.6667,2,daily_weekly,2,0,,,3,1,0,0,0,,,,,",
        "service,web,2,0.6667,2,daily_weekly,7.5,0,,,4,0,0,0,0,,,,,",
    ];
    for (line, want) in lines[1..].iter().zip(expected) {
        let got: Vec<&str> = line.split(',').collect();
        let want: Vec<&str> = want.split(',').collect();
        assert_eq!(got.len(), want.len(), "{line}");
        for (g, w) in got.iter().zip(&want) {
            let same = match (g.parse::<f64>(), w.parse::<f64>()) {
                (Ok(g), Ok(w)) => (g - w).abs() <= 1e-4,
                _ => g == w,
            };
            assert!(same, "`{g}`, expected `{w}` in\n{line}");
        }
    }
}

#[test]
fn bad_inputs_exit_2_with_a_located_message() {
    // (case, file, line, column, any of these words in the message)
    let cases: &[(&str, &str, u32, &str, &[&str])] = &[
        (
            "missing-column",
            "deployments.csv",
            1,
            "deployed_at",
            &["missing column"],
        ),
        // 2024-02-30 does not exist.
        (
            "bad-timestamp",
            "deployments.csv",
            3,
            "deployed_at",
            &["timestamp", "rfc 3339", "rfc3339"],
        ),
        (
            "no-offset",
            "changes.csv",
            3,
            "committed_at",
            &["offset", "timestamp", "rfc 3339", "rfc3339"],
        ),
        (
            "unknown-status",
            "deployments.csv",
            4,
            "status",
            &["status"],
        ),
        ("bad-rework", "deployments.csv", 2, "rework", &["rework"]),
        (
            "resolved-before-created",
            "incidents.csv",
            3,
            "resolved_at",
            &["before"],
        ),
        // d1 again on line 4 (first on line 2).
        (
            "duplicate-deploy-id",
            "deployments.csv",
            4,
            "deploy_id",
            &["duplicate"],
        ),
        ("empty-cell", "deployments.csv", 3, "deploy_id", &["empty"]),
        // i1 again on line 4 (first on line 2): one incident, one row.
        (
            "duplicate-incident-id",
            "incidents.csv",
            4,
            "incident_id",
            &["duplicate"],
        ),
        // Without deploy_id no incident could mark a deployment failed: the CFR would be
        // understated without a word, so the column is required (empty cells are fine).
        (
            "incidents-without-deploy-id",
            "incidents.csv",
            1,
            "deploy_id",
            &["missing column"],
        ),
    ];
    for (case, file, line, column, words) in cases {
        let (status, stdout, stderr) = run_dora(&format!("bad/{case}"), &["--format", "json"]);
        assert_eq!(status, 2, "{case}: {stderr}");
        assert!(
            stdout.is_empty(),
            "{case}: nothing on stdout, got\n{stdout}"
        );
        let located = format!("{file}:{line}:");
        assert!(
            stderr.contains(&located),
            "{case}: expected `{located}` in\n{stderr}"
        );
        let named = format!("`{column}`");
        assert!(
            stderr.contains(&named),
            "{case}: expected {named} in\n{stderr}"
        );
        let lower = stderr.to_lowercase();
        assert!(
            words.iter().any(|w| lower.contains(w)),
            "{case}: expected one of {words:?} in\n{stderr}"
        );
    }
}

#[test]
fn since_after_until_is_an_input_error() {
    let (status, stdout, stderr) = run_dora(
        "medians",
        &[
            "--since",
            "2024-03-06",
            "--until",
            "2024-03-04",
            "--format",
            "json",
        ],
    );
    assert_eq!(status, 2, "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("since"), "{stderr}");
}

#[test]
fn findings_do_not_fail_the_run_without_fail_on() {
    // A clean run.
    assert_eq!(run_dora("medians", &["--format", "json"]).0, 0);
    assert_eq!(run_dora("medians", &[]).0, 0, "the table format too");
    // `failures` has an unknown deploy_id in changes and in incidents (DO008 warnings).
    assert_eq!(run_dora("failures", &["--format", "json"]).0, 0);
    assert_eq!(
        run_dora("failures", &["--format", "json", "--fail-on", "never"]).0,
        0
    );
    let (status, stdout, _) = run_dora("failures", &["--format", "json", "--fail-on", "warning"]);
    assert_eq!(status, 1, "a DO008 warning fails at --fail-on warning");
    serde_json::from_str::<Value>(&stdout).expect("the report is still printed");
}

/// The whole report as a reader sees it: figures with tiers, what was not counted, the
/// benchmark's notes, the weekly trend and the findings (read before accepting).
#[test]
fn table_and_json_reports_snapshot() {
    let (code, table, _) = run_dora("failures", &["--color", "never"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("dora_failures_table", table);
    let (code, json, _) = run_dora("failures", &["--format", "json"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("dora_failures_json", json);
}

/// Twice every weekday for two weeks, never at weekends: "multiple deploys per day" on the
/// days the team deploys, although 20 deployments / 12 calendar days is only 1.67 a day.
#[test]
fn on_demand_counts_the_days_a_team_deploys() {
    let doc = dora("on-demand-weekdays", &[]);
    assert_has(
        &doc["overall"],
        &json!({"deployments": 20, "deploys_per_day": 1.6667, "deploy_days": 10,
                "deploy_days_per_week": 5.0, "frequency": "on_demand",
                "tiers": {"deployment_frequency": "elite"}}),
    );
}

/// An incidents file without a service column: each incident takes the service of the
/// deployment it names; one that names none is `(unattributed)`. No per-service DO006.
#[test]
fn incidents_without_a_service_column_take_their_deployments_service() {
    let doc = dora("incidents-without-service", &[]);
    // recoveries: i1 (d1, api) 2 h, i2 (d2, web) 6 h, i3 (none) 1 h -> overall median 2 h.
    assert_has(
        &doc["overall"],
        &json!({"recovery_time_hours": 2.0, "failed_deployments": 2,
                "change_failure_rate": 0.6667}),
    );
    assert_eq!(service_names(&doc), ["(unattributed)", "api", "web"]);
    assert_has(
        service(&doc, "api"),
        &json!({"recovery_time_hours": 2.0, "change_failure_rate": 1.0}),
    );
    assert_has(
        service(&doc, "web"),
        &json!({"recovery_time_hours": 6.0, "change_failure_rate": 0.5}),
    );
    assert_has(
        service(&doc, "(unattributed)"),
        &json!({"deployments": 0, "recovery_time_hours": 1.0, "frequency": null}),
    );
    let findings = doc["findings"].as_array().expect("findings");
    assert!(
        findings.iter().all(|f| f["code"] != "DO006"),
        "{findings:?}"
    );
}

/// DO007 reads a rate's baseline in the KR's unit: 15 with `unit = "percent"` or no unit is
/// 15% (a rate above 1 can only be a percentage), 0.15 with `unit = "ratio"`; all three match
/// the 3 failed of 20 January deployments. 4 (%) does not, and is reported in percent.
#[test]
fn declared_rate_baselines_are_read_in_their_unit() {
    let data = std::fs::canonicalize("fixtures/rules/DO007").expect("fixture dir");
    let dir = tempfile::tempdir().expect("tempdir");
    let kr = |id: &str, baseline: &str, unit: &str| {
        format!(
            "[[objective.key_result]]\nid = \"{id}\"\ntitle = \"Cut the change failure rate\"\n\
             metric = \"change_failure_rate\"\nbaseline = {baseline}\n{unit}\
             source = {{ deployments = \"{d}/deployments.csv\", incidents = \"{d}/incidents.csv\", \
             since = \"2024-01-01\", until = \"2024-01-31\" }}\n\n",
            d = data.display()
        )
    };
    let plan = format!(
        "[[objective]]\nid = \"O1\"\ntitle = \"Changes reach customers safely\"\n\n{}{}{}{}",
        kr("O1.KR1", "15", "unit = \"percent\"\n"),
        kr("O1.KR2", "15", ""),
        kr("O1.KR3", "0.15", "unit = \"ratio\"\n"),
        kr("O1.KR4", "4", "")
    );
    let path = dir.path().join("okrs.toml");
    std::fs::write(&path, plan).expect("write plan");
    let (_, stdout, stderr) = okrlint(&[
        "check",
        path.to_str().expect("utf-8 path"),
        "--no-config",
        "--select",
        "DO007",
        "--format",
        "concise",
    ]);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}{stderr}");
    assert!(
        lines[0].contains("baseline 4 for `change_failure_rate`") && lines[0].ends_with(": 15"),
        "{stdout}"
    );
}

/// polars rejects a row with more fields than the header without saying where; the line is
/// found and named.
#[test]
fn a_ragged_row_is_named_by_its_line() {
    let (status, stdout, stderr) = run_dora("bad/ragged-row", &[]);
    assert_eq!(status, 2, "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    // One diagnostic, located in its header.
    assert!(
        stderr.contains("deployments.csv:3:1]")
            && stderr.contains("this row has 5 fields, the header has 4"),
        "{stderr}"
    );
}

/// Without `--incidents` stability is only half measured: one DO006 says so, and names the
/// failure rate's only source.
#[test]
fn no_incident_file_is_reported_once() {
    let doc = dora("medians", &[]);
    let findings: Vec<&Value> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == "DO006")
        .collect();
    assert_eq!(findings.len(), 1, "{findings:?}");
    let message = findings[0]["message"].as_str().expect("message");
    assert!(
        message.starts_with("no incident data (--incidents)") && message.contains("0.0%"),
        "{message}"
    );
}

/// Issue 12: timestamps keep their fraction of a second. c1 is committed 0.6 s after its
/// deployment (both in the same whole second): a negative lead time, excluded and counted,
/// not a lead time of 0. c2's lead time is 1 h 59 min 59.5 s.
#[test]
fn sub_second_timestamps_keep_a_change_after_its_deployment_negative() {
    let doc = dora("subsecond", &["--by", "none"]);
    assert_has(
        &doc["overall"],
        &json!({"changes": 1, "changes_negative_lead_time": 1}),
    );
    let lead = doc["overall"]["lead_time_hours"].as_f64().unwrap();
    assert!((lead - 7199.5 / 3600.0).abs() < 1e-4, "{lead}");
}

/// Issue 12: a service literally named `all` is told from the window's row by `scope`, and
/// does not receive the window-level counts.
#[test]
fn a_service_named_all_is_told_from_the_overall_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    let deployments = dir.path().join("deployments.csv");
    std::fs::write(
        &deployments,
        "deploy_id,service,deployed_at,status\n\
         d1,all,2026-03-04T10:00:00Z,success\n\
         d2,web,2026-03-05T10:00:00Z,success\n",
    )
    .expect("write");
    let (status, csv, stderr) = okrlint(&[
        "dora",
        "--deployments",
        deployments.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert_eq!(status, 0, "{stderr}");
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 3, "{csv}");
    assert!(rows[0].starts_with("overall,all,2,"), "{csv}");
    let service_all = rows
        .iter()
        .find(|r| r.starts_with("service,all,"))
        .expect("the service");
    assert!(service_all.starts_with("service,all,1,"), "{csv}");
    assert!(
        service_all.ends_with(",,,,,"),
        "no window-level counts on a service: {csv}"
    );
}
