//! Known answers for `okrlint nrr`, worked by hand, and an independent brute-force
//! reference (customer × month expansion) checked against every month of the real sample.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use okrlint_core::calendar::{first_month_on_or_after, Month};
use okrlint_core::money::parse_units;
use okrlint_core::nrr::{MonthRow, NrrFigures as NrrReport, NrrOptions};
use okrlint_metrics::nrr::compute;

mod common;
use common::run as okrlint;

fn report(file: &str, options: NrrOptions) -> NrrReport {
    compute(Path::new(file), &options).expect("computes")
}

fn month(text: &str) -> Month {
    Month::parse(text).expect("a month")
}

fn row(report: &NrrReport, m: &str) -> MonthRow {
    report
        .overall
        .months
        .iter()
        .find(|r| r.month == month(m))
        .cloned()
        .expect("month present")
}

/// (month, start, new, expansion, contraction, churn, reactivation, end, customers)
type Expected = (&'static str, i64, i64, i64, i64, i64, i64, i64, i64);

fn assert_rows(rows: &[MonthRow], expected: &[Expected]) {
    for &(m, start, new, exp, con, churn, react, end, customers) in expected {
        let r = rows
            .iter()
            .find(|r| r.month == month(m))
            .unwrap_or_else(|| panic!("no row for {m}"));
        assert_eq!(
            (
                r.starting_mrr,
                r.new,
                r.expansion,
                r.contraction,
                r.churn,
                r.reactivation,
                r.ending_mrr,
                r.customers
            ),
            (start, new, exp, con, churn, react, end, customers),
            "{m}"
        );
    }
}

#[test]
fn every_movement_class_by_hand() {
    let r = report(
        "fixtures/nrr/classes.csv",
        NrrOptions {
            until: Some(month("2024-01")),
            ..NrrOptions::default()
        },
    );
    // Amounts in cents. See fixtures/nrr/README.md for the story of each customer.
    assert_rows(
        &r.overall.months,
        &[
            ("2023-01", 0, 15000, 0, 0, 0, 0, 15000, 2),
            ("2023-02", 15000, 13000, 0, 0, 0, 0, 28000, 4),
            ("2023-03", 28000, 0, 3000, 0, 0, 0, 31000, 4),
            ("2023-04", 31000, 0, 0, 0, 4000, 0, 27000, 3),
            ("2023-05", 27000, 0, 0, 3000, 0, 0, 24000, 3),
            ("2023-06", 24000, 0, 0, 0, 0, 4000, 28000, 4),
            ("2024-01", 28000, 0, 0, 0, 0, 0, 28000, 4),
        ],
    );
    assert_eq!(r.overall.months.len(), 13);
    assert_eq!(row(&r, "2023-01").nrr(), None, "no value when start is 0");
    assert_eq!(
        row(&r, "2023-02").nrr(),
        Some(1.0),
        "new MRR is not retention"
    );
    assert_eq!(row(&r, "2023-03").nrr(), Some(310.0 / 280.0));
    assert_eq!(row(&r, "2023-03").grr(), Some(1.0));
    assert_eq!(row(&r, "2023-04").nrr(), Some(270.0 / 310.0));
    assert_eq!(row(&r, "2023-05").grr(), Some(240.0 / 270.0));
    assert_eq!(
        row(&r, "2023-06").nrr(),
        Some(1.0),
        "reactivation is not retention"
    );

    // Trailing 12 to 2024-01: the 2023-01 cohort is a (100) and b (50); b now pays 80.
    let t = r.overall.trailing_12.clone().expect("trailing figures");
    assert_eq!(
        (
            t.base_month,
            t.cohort_customers,
            t.base_mrr,
            t.current_mrr,
            t.capped_mrr
        ),
        (month("2023-01"), 2, 15000, 18000, 15000)
    );
    assert_eq!(t.nrr(), Some(1.2));
    assert_eq!(t.grr(), Some(1.0));

    assert_eq!(
        r.top_expansion
            .iter()
            .map(|m| (m.key.as_str(), m.amount))
            .collect::<Vec<_>>(),
        [("b", 3000)]
    );
    assert_eq!(
        r.top_contraction
            .iter()
            .map(|m| (m.key.as_str(), m.amount))
            .collect::<Vec<_>>(),
        [("c", 4000), ("d", 3000)]
    );
}

#[test]
fn segments_take_the_customers_first_period() {
    let r = report(
        "fixtures/nrr/classes.csv",
        NrrOptions {
            until: Some(month("2024-01")),
            by: vec!["plan".into()],
            ..NrrOptions::default()
        },
    );
    let names: Vec<&str> = r.segments.iter().map(|s| s.segment.as_str()).collect();
    assert_eq!(names, ["pro", "starter"]);
    assert_rows(
        &r.segments[0].months,
        &[
            ("2023-02", 10000, 9000, 0, 0, 0, 0, 19000, 2),
            ("2023-05", 19000, 0, 0, 3000, 0, 0, 16000, 2),
        ],
    );
    assert_rows(
        &r.segments[1].months,
        &[
            ("2023-03", 9000, 0, 3000, 0, 0, 0, 12000, 2),
            ("2023-04", 12000, 0, 0, 0, 4000, 0, 8000, 1),
            ("2023-06", 8000, 0, 0, 0, 0, 4000, 12000, 2),
        ],
    );
    let starter = r.segments[1].trailing_12.clone().expect("trailing");
    assert_eq!(
        (starter.base_mrr, starter.current_mrr, starter.capped_mrr),
        (5000, 8000, 5000)
    );
    // Segments add up to the whole book in every month.
    for (i, overall) in r.overall.months.iter().enumerate() {
        let sum: i64 = r.segments.iter().map(|s| s.months[i].ending_mrr).sum();
        assert_eq!(sum, overall.ending_mrr, "{}", overall.month);
    }
    assert_eq!(
        r.top_contraction
            .iter()
            .map(|m| (m.key.as_str(), m.amount))
            .collect::<Vec<_>>(),
        [("starter", 4000), ("pro", 3000)]
    );
}

#[test]
fn from_limits_printing_not_computing() {
    let r = report(
        "fixtures/nrr/classes.csv",
        NrrOptions {
            from: Some(month("2023-04")),
            until: Some(month("2023-06")),
            ..NrrOptions::default()
        },
    );
    assert_eq!(
        r.overall.months.first().map(|m| m.month),
        Some(month("2023-04"))
    );
    assert_eq!(
        r.overall.months[0].starting_mrr, 31000,
        "start still comes from the months before --from"
    );
    assert_eq!(
        r.top_contraction.iter().map(|m| m.amount).sum::<i64>(),
        7000
    );
}

#[test]
fn snapshots_with_mapped_columns() {
    let r = report(
        "fixtures/nrr/snapshots.csv",
        NrrOptions {
            columns: [("customer_id".to_string(), "account".to_string())].into(),
            ..NrrOptions::default()
        },
    );
    assert_rows(
        &r.overall.months,
        &[
            ("2023-01", 0, 17500, 0, 0, 0, 0, 17500, 2),
            ("2023-02", 17500, 0, 0, 0, 7500, 0, 10000, 1),
            ("2023-03", 10000, 0, 2050, 0, 0, 7500, 19550, 2),
        ],
    );
    assert_eq!(row(&r, "2023-02").nrr(), Some(100.0 / 175.0));
    assert_eq!(row(&r, "2023-03").nrr(), Some(120.5 / 100.0));
}

/// The definitions, implemented the slow and obvious way: every customer's MRR in every month.
fn reference(file: &str, until: Month) -> BTreeMap<Month, MonthRow> {
    let text = std::fs::read_to_string(file).expect("fixture");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).expect("column");
    let (c, s, e, a) = (
        at("customer_id"),
        at("start_date"),
        at("end_date"),
        at("monthly_amount"),
    );
    let mut mrr: BTreeMap<(String, Month), i64> = BTreeMap::new();
    let mut customers = BTreeSet::new();
    let mut first = i32::MAX;
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        let start = first_month_on_or_after(f[s]).expect("date").0;
        let stop = if f[e].is_empty() {
            until.0 + 1
        } else {
            first_month_on_or_after(f[e]).expect("date").0
        };
        customers.insert(f[c].to_string());
        for m in start..stop.min(until.0 + 1) {
            *mrr.entry((f[c].to_string(), Month(m))).or_default() +=
                parse_units(f[a], 2).expect("amount");
            first = first.min(m);
        }
    }
    let level = |cust: &str, m: i32| mrr.get(&(cust.to_string(), Month(m))).copied().unwrap_or(0);
    let mut rows = BTreeMap::new();
    for m in first..=until.0 {
        let mut r = MonthRow {
            month: Month(m),
            starting_mrr: 0,
            new: 0,
            expansion: 0,
            contraction: 0,
            churn: 0,
            reactivation: 0,
            ending_mrr: 0,
            customers: 0,
        };
        for cust in &customers {
            let (before, now) = (level(cust, m - 1), level(cust, m));
            let ever = (first..m).any(|p| level(cust, p) > 0);
            r.starting_mrr += before;
            r.ending_mrr += now;
            r.customers += i64::from(now > 0);
            match (before, now) {
                (0, n) if n > 0 && ever => r.reactivation += n,
                (0, n) if n > 0 => r.new += n,
                (b, 0) if b > 0 => r.churn += b,
                (b, n) if n > b => r.expansion += n - b,
                (b, n) if n < b => r.contraction += b - n,
                _ => {}
            }
        }
        rows.insert(Month(m), r);
    }
    rows
}

#[test]
fn the_shared_sample_matches_the_reference_in_every_month() {
    for until in ["2019-12", "2020-01"] {
        let r = report(
            "fixtures/nrr/subscription_periods.csv",
            NrrOptions {
                until: Some(month(until)),
                ..NrrOptions::default()
            },
        );
        let expected = reference("fixtures/nrr/subscription_periods.csv", month(until));
        assert_eq!(r.overall.months.len(), expected.len());
        for row in &r.overall.months {
            assert_eq!(Some(row), expected.get(&row.month), "{}", row.month);
            // The identity the definitions promise.
            assert_eq!(
                row.starting_mrr + row.new + row.expansion - row.contraction - row.churn
                    + row.reactivation,
                row.ending_mrr,
                "{}",
                row.month
            );
        }
    }
    let default = report(
        "fixtures/nrr/subscription_periods.csv",
        NrrOptions::default(),
    );
    assert_eq!(default.until, month("2020-01"), "the last month with MRR");
    assert!(default.until_from_data);
    let edge = default.edge.clone().expect("the known end-of-data edge");
    assert_eq!((edge.date.as_str(), edge.periods), ("2020-01-01", 28));
    assert_eq!(default.first_month, month("2017-09"));
}

#[test]
fn the_reference_agrees_on_the_hand_fixture_too() {
    let r = report(
        "fixtures/nrr/classes.csv",
        NrrOptions {
            until: Some(month("2024-01")),
            ..NrrOptions::default()
        },
    );
    let expected = reference("fixtures/nrr/classes.csv", month("2024-01"));
    for row in &r.overall.months {
        assert_eq!(Some(row), expected.get(&row.month), "{}", row.month);
    }
}

#[test]
fn table_json_and_csv_output() {
    let file = "fixtures/nrr/classes.csv";
    let (status, table, _) = okrlint(&["nrr", file, "--until", "2024-01", "--color", "never"]);
    assert_eq!(status, 0);
    insta::assert_snapshot!("nrr_table", table);
    let (_, json, _) = okrlint(&[
        "nrr", file, "--until", "2024-01", "--format", "json", "--by", "plan",
    ]);
    let doc: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert!(
        json.contains("\"expansion\": 30.00,"),
        "money keeps two places in the JSON text"
    );
    assert_eq!(doc["months"][2]["nrr"].as_f64(), Some(1.1071));
    assert!(doc["months"][0]["nrr"].is_null());
    assert_eq!(doc["trailing_12"]["nrr"].as_f64(), Some(1.2));
    assert_eq!(doc["segments"][1]["segment"], "starter");
    insta::assert_snapshot!("nrr_json", json);
    let (_, csv, _) = okrlint(&["nrr", file, "--until", "2023-06", "--format", "csv"]);
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("month,starting_mrr,new,expansion,contraction,churn,reactivation,ending_mrr,nrr,grr,customers"));
    assert_eq!(
        lines.nth(2),
        Some("2023-03,280.00,0.00,30.00,0.00,0.00,0.00,310.00,1.1071,1.0000,4")
    );
    assert_eq!(
        csv.lines().nth(1),
        Some("2023-01,0.00,150.00,0.00,0.00,0.00,0.00,150.00,,,2")
    );
}

#[test]
fn bad_input_exits_2_with_a_located_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases: &[(&str, &[u8], &str)] = &[
        ("missing.csv", b"customer_id,start_date,monthly_amount\n1,2020-01-01,5\n", "missing column `end_date`: expected customer_id, start_date, end_date, monthly_amount; found customer_id, start_date, monthly_amount"),
        ("date.csv", b"customer_id,start_date,end_date,monthly_amount\n1,2020-01-01,,5\n2,2020-02-30,,5\n", "date.csv:3:3: `2020-02-30` is not a date"),
        ("amount.csv", b"customer_id,start_date,end_date,monthly_amount\n1,2020-01-01,,5.001\n", "date.csv:2:"),
        ("negative.csv", b"customer_id,start_date,end_date,monthly_amount\n1,2020-01-01,,-5\n", "negative.csv:2:15: amount `-5` is negative"),
        ("order.csv", b"customer_id,start_date,end_date,monthly_amount\n1,2020-03-01,2020-01-01,5\n", "order.csv:2:14: end_date 2020-01-01 is before start_date 2020-03-01"),
        ("empty.csv", b"", "file is empty"),
        ("latin1.csv", b"customer_id,start_date,end_date,monthly_amount\nJos\xe9,2020-01-01,,5\n", "latin1.csv:2:1: file is not valid UTF-8"),
        ("header-only.csv", b"customer_id,start_date,end_date,monthly_amount\n", "no rows"),
        ("shape.csv", b"a,b\n1,2\n", "cannot tell the shape from the header"),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let (status, stdout, stderr) =
            okrlint(&["nrr", &path.to_string_lossy(), "--color", "never"]);
        assert_eq!(status, 2, "{name}: {stderr}");
        assert!(stdout.is_empty(), "{name}: nothing on stdout");
        let wanted = if *name == "amount.csv" {
            "amount `5.001` has 3 decimals"
        } else {
            expected
        };
        // A long message wraps under miette's `│`: read it as one line.
        let stderr = stderr.replace("\n  │ ", " ");
        // `file:line:column: message` is one diagnostic: the location in its header
        // (`╭─[file:line:column]`), the message above it, each printed once.
        let (place, message) = match wanted.split_once(": ") {
            Some((place, message)) if place.matches(':').count() == 2 => (Some(place), message),
            _ => (None, wanted),
        };
        if let Some(place) = place {
            assert!(
                stderr.contains(&format!("{place}]")),
                "{name}: expected `[{place}]` in\n{stderr}"
            );
        }
        assert!(
            stderr.contains(message),
            "{name}: expected `{message}` in\n{stderr}"
        );
        assert_eq!(
            stderr.matches(message).count(),
            1,
            "{name}: printed once\n{stderr}"
        );
        assert!(stderr.contains("SC010"), "{name}");
    }
    let path = dir.path().join("amount.csv");
    let (status, _, _) = okrlint(&["nrr", &path.to_string_lossy(), "--scale", "3"]);
    assert_eq!(status, 0, "--scale 3 accepts three decimals");
}

#[test]
fn month_bounds_outside_the_data_are_usage_errors() {
    let file = "fixtures/nrr/subscription_periods.csv";
    let (status, _, stderr) = okrlint(&["nrr", file, "--until", "2010-01", "--color", "never"]);
    assert_eq!(status, 2);
    assert!(
        stderr.contains("--until 2010-01 is before the first month with MRR in the data (2017-09)"),
        "{stderr}"
    );
    let (status, _, stderr) = okrlint(&[
        "nrr", file, "--from", "2019-06", "--until", "2019-03", "--color", "never",
    ]);
    assert_eq!(status, 2);
    assert!(
        stderr.contains("--from 2019-06 is after the last month computed (2019-03)"),
        "{stderr}"
    );
}

#[test]
fn amounts_too_large_to_sum_exactly_are_a_located_error_not_a_wrapped_total() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("big.csv");
    // Each amount fits in 64 bits of cents; their sum (and the fold's sums) would not.
    std::fs::write(
        &csv,
        "customer_id,start_date,end_date,monthly_amount\na,2024-01-01,2024-03-01,15000000000000000.00\nb,2024-01-01,2024-03-01,15000000000000000.00\n",
    )
    .unwrap();
    let (code, _, err) = common::run(&["nrr", csv.to_str().unwrap(), "--no-config"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("big.csv:3:25") && err.contains("customer `b`"),
        "{err}"
    );
    // Just under the limit the figures are exact.
    std::fs::write(
        &csv,
        "customer_id,start_date,end_date,monthly_amount\na,2024-01-01,2024-03-01,10000000000000000.00\nb,2024-01-01,2024-03-01,10000000000000000.00\n",
    )
    .unwrap();
    let (code, out, err) = common::run(&[
        "nrr",
        csv.to_str().unwrap(),
        "--no-config",
        "--format",
        "csv",
        "--fail-on",
        "never",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2024-01,0.00,20000000000000000.00,"), "{out}");
}

/// Issue 12: NR008 names the end date the edge's periods share, and counts only those: three
/// periods ending on three days of January are no export edge.
#[test]
fn the_end_of_data_edge_counts_only_periods_ending_on_its_date() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("edge.csv");
    let write = |ends: [&str; 3]| {
        std::fs::write(
            &csv,
            format!(
                "customer_id,start_date,end_date,monthly_amount\na,2023-01-01,{},10.00\nb,2023-01-01,{},10.00\nc,2023-01-01,{},10.00\nd,2023-01-01,,10.00\n",
                ends[0], ends[1], ends[2]
            ),
        )
        .unwrap();
    };
    let nrr = || {
        common::run(&[
            "nrr",
            csv.to_str().unwrap(),
            "--no-config",
            "--fail-on",
            "never",
            "--until",
            "2024-02",
        ])
        .1
    };
    write(["2024-01-15", "2024-01-20", "2024-02-01"]);
    let out = nrr();
    assert!(
        !out.contains("NR008"),
        "three different days are no edge: {out}"
    );
    write(["2024-02-01", "2024-02-01", "2024-01-20"]);
    let out = nrr();
    assert!(out.contains("2 of 4 periods end on 2024-02-01"), "{out}");
}

/// Issue 12: a zero-amount period after the last paid month does not move the default
/// `--until` past the last month with MRR (so the latest month's NR004 can still fire).
#[test]
fn zero_amount_periods_do_not_move_the_default_until() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("zero.csv");
    std::fs::write(
        &csv,
        "customer_id,start_date,end_date,monthly_amount\na,2024-01-01,2024-04-01,10.00\nb,2024-01-01,2024-09-01,0.00\nc,2024-01-01,2024-03-01,5.00\n",
    )
    .unwrap();
    let (_, out, _) = common::run(&[
        "nrr",
        csv.to_str().unwrap(),
        "--no-config",
        "--fail-on",
        "never",
    ]);
    assert!(
        out.contains("months 2024-01 to 2024-03 (through 2024-03: the last month with MRR"),
        "{out}"
    );
    assert!(
        out.contains("NRR in 2024-03 was 66.67%"),
        "c churns in March: {out}"
    );
}

/// Issue 12: with `--by`, the CSV's `scope` column tells the overall rows (`all`) from a
/// segment that happens to be named `all` (a contract change: `scope` comes first).
#[test]
fn segmented_csv_rows_say_their_scope() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("all.csv");
    std::fs::write(
        &path,
        "customer_id,start_date,end_date,monthly_amount,plan\n\
         a,2024-01-01,,100,all\n\
         b,2024-01-01,,50,team\n",
    )
    .expect("write");
    let (status, csv, stderr) = okrlint(&[
        "nrr",
        &path.to_string_lossy(),
        "--by",
        "plan",
        "--format",
        "csv",
        "--until",
        "2024-02",
    ]);
    assert_eq!(status, 0, "{stderr}");
    let mut lines = csv.lines();
    assert!(
        lines.next().unwrap().starts_with("scope,segment,month,"),
        "{csv}"
    );
    let rows: Vec<&str> = lines.collect();
    // Overall: 150 of MRR; the segment named `all`: customer a's 100.
    assert!(
        rows.iter()
            .any(|r| r.starts_with("overall,all,2024-02,150.00,")),
        "{csv}"
    );
    assert!(
        rows.iter()
            .any(|r| r.starts_with("segment,all,2024-02,100.00,")),
        "{csv}"
    );
    assert!(
        rows.iter()
            .any(|r| r.starts_with("segment,team,2024-02,50.00,")),
        "{csv}"
    );
}
