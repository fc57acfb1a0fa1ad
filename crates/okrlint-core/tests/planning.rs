//! The planning rules added for the essays' uncovered claims (issue 15), end to end through
//! `lint::run`: each case states the finding it expects, worked out by hand, or the one that
//! must not appear. The per-rule snapshots (`tests/rules.rs` at the top) show one bad fixture
//! each; these cover the other branches and the edges of each comparison.

use okrlint_core::engine::NoEngine;
use okrlint_core::lint::{run, LintOptions};

fn check_on(text: &str, select: &[&str], today: (i16, i8, i8)) -> Vec<String> {
    check_file("plan.toml", text, select, today)
}

/// The findings of the selected rules on one file, as `line:column CODE message | help`.
fn check_file(name: &str, text: &str, select: &[&str], today: (i16, i8, i8)) -> Vec<String> {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write the plan");
    let options = LintOptions {
        paths: vec![path],
        no_config: true,
        select: select.iter().map(|s| s.to_string()).collect(),
        today: Some(jiff::civil::date(today.0, today.1, today.2)),
        ..LintOptions::default()
    };
    let report = run(&options, &NoEngine).expect("the check runs");
    // Input errors (SC001–SC006) are reported whatever is selected; keep to the rules asked.
    report
        .findings
        .iter()
        .filter(|f| select.contains(&f.code.as_str()))
        .map(|f| {
            format!(
                "{}:{} {} {} | {}",
                f.line, f.column, f.code, f.message, f.help
            )
        })
        .collect()
}

fn check(text: &str, select: &[&str]) -> Vec<String> {
    check_on(text, select, (2026, 12, 7))
}

fn team(extra: &str) -> String {
    format!(
        "[team]\nname = \"Growth\"\nperiod = {{ start = 2026-01-01, end = 2026-03-31 }}\n{extra}\n"
    )
}

const OBJECTIVE: &str = "[[objective]]\nid = \"O1\"\ntitle = \"New teams share a dashboard in week one\"\nowner = \"maria\"\n\n\
     [[objective.key_result]]\nid = \"O1.KR1\"\ntitle = \"Raise week-1 activation from 32% to 45%\"\nbaseline = 0.32\ntarget = 0.45\n\n";

fn initiative(fields: &str) -> String {
    format!("[[objective.initiative]]\ntitle = \"Guided first dashboard\"\nmoves = [\"O1.KR1\"]\nowner = \"jonas\"\n{fields}\n")
}

// ---- FO005 ----

#[test]
fn capacity_is_asked_of_plans_with_work_and_its_shares_are_checked() {
    let work = initiative("due = 2026-02-27");
    let plan = |capacity: &str| format!("{}{OBJECTIVE}{work}", team(capacity));
    let fo = |capacity: &str| check(&plan(capacity), &["FO005"]);
    assert_eq!(fo("").len(), 1, "no capacity at all");
    assert!(fo("")[0].contains("reserves no capacity for platform work"));
    assert!(fo("capacity = { platform = 0.3, features = 0.7 }").is_empty());
    assert!(
        fo("capacity = { platform = 30, features = 60, other = 10 }").is_empty(),
        "percentages"
    );
    assert!(fo("capacity = { features = 1.0 }")[0].contains("reserves no `platform` share"));
    // `platform = 0` is an explicit decision, not a missing one.
    assert!(fo("capacity = { platform = 0, features = 1 }").is_empty());
    // Shares of 1 that overshoot are still shares of 1.
    assert!(fo("capacity = { platform = 0.3, features = 0.8 }")[0].contains("sum to 1.1, not 1"));
    assert!(fo("capacity = { platform = 0.3, features = 0.6 }")[0].contains("sum to 0.9, not 1"));
    assert!(fo("capacity = { platform = 30, features = 60 }")[0].contains("sum to 90, not 100"));
    // Inside the tolerance (0.01 of the whole): 0.995 is 1.
    assert!(fo("capacity = { platform = 0.295, features = 0.7 }").is_empty());
    // A plan with no initiatives has nothing to allocate.
    assert!(check(&format!("{}{OBJECTIVE}", team("")), &["FO005"]).is_empty());
    // A misspelt share is the schema's finding alone (one mistake, one finding).
    let typo = fo("capacity = { platfrom = 0.3, features = 0.7 }");
    assert!(typo.is_empty(), "{typo:?}");
    let all = check(
        &plan("capacity = { platfrom = 0.3, features = 0.7 }"),
        &["SC002"],
    );
    assert!(all[0].contains("did you mean `platform`"), "{all:?}");
}

// ---- ME012 / ME013 ----

#[test]
fn current_needs_an_as_of_date_and_goes_stale_after_one_review_cycle() {
    let kr = |fields: &str| {
        format!(
            "[[objective]]\nid = \"O1\"\ntitle = \"T\"\nowner = \"maria\"\n\n\
             [[objective.key_result]]\nid = \"O1.KR1\"\ntitle = \"Raise week-1 activation from 32% to 45%\"\ncurrent = 0.36\n{fields}\n"
        )
    };
    let weekly = team("cadence = \"weekly\"");
    let me = |head: &str, fields: &str, today| {
        check_on(&format!("{head}{}", kr(fields)), &["ME012", "ME013"], today)
    };
    assert!(me(&weekly, "", (2026, 12, 7))[0].contains("ME012"));
    // The period is over: judged at its end, 2026-03-31. 2026-03-24 is 7 days before: fresh.
    assert!(me(&weekly, "as_of = 2026-03-24", (2026, 12, 7)).is_empty());
    // 2026-03-23 is 8 days before: one day past a weekly cycle.
    let stale = me(&weekly, "as_of = 2026-03-23", (2026, 12, 7));
    assert!(
        stale[0].contains("8 days before the period's end, 2026-03-31"),
        "{stale:?}"
    );
    assert!(stale[0].contains("the plan reviews weekly (every 7 days)"));
    // During the period, judged on --today: 2026-02-01 is 14 days before 2026-02-15.
    assert!(
        me(&weekly, "as_of = 2026-02-01", (2026, 2, 15))[0].contains("14 days before 2026-02-15;")
    );
    let biweekly = team("cadence = \"biweekly\"");
    assert!(me(&biweekly, "as_of = 2026-02-01", (2026, 2, 15)).is_empty());
    // No cadence: okrlint's default of 31 days.
    let plain = team("");
    assert!(
        me(&plain, "as_of = 2026-01-15", (2026, 2, 15)).is_empty(),
        "31 days"
    );
    let old = me(&plain, "as_of = 2026-01-14", (2026, 2, 15));
    assert!(
        old[0].contains("32 days") && old[0].contains("no `cadence`; okrlint's default is 31 days"),
        "{old:?}"
    );
    // An unreadable as_of is SC003's finding only.
    assert!(me(&weekly, "as_of = \"last week\"", (2026, 12, 7)).is_empty());
    assert!(!check(
        &format!("{weekly}{}", kr("as_of = \"last week\"")),
        &["SC003"]
    )
    .is_empty());
    // A cadence outside the vocabulary is a schema error with the allowed words.
    let bad = check(
        &format!(
            "{}{}",
            team("cadence = \"fortnightly\""),
            kr("as_of = 2026-03-30")
        ),
        &["SC003"],
    );
    assert!(
        bad[0].contains("weekly, biweekly, monthly, quarterly"),
        "{bad:?}"
    );
}

// ---- ME014 / ME015 ----

#[test]
fn initiatives_need_an_owner_here_or_on_the_objective_and_a_date() {
    let body = "[[objective]]\nid = \"O1\"\ntitle = \"T\"\n\n[[objective.initiative]]\ntitle = \"Guided first dashboard\"\ndue = 2026-02-27\n";
    // The plan has an owner, the objective inherits it, the work names nobody: ME014.
    let unowned = format!("[team]\nname = \"G\"\nowner = \"maria\"\n\n{body}");
    assert!(check(&unowned, &["ME014"])[0].contains("has no owner, and neither has its objective"));
    // No owner anywhere: ME002 reports the objective, and its initiatives are the same gap.
    assert!(check(body, &["ME014"]).is_empty());
    assert!(!check(body, &["ME002"]).is_empty());
    let inherited = "[[objective]]\nid = \"O1\"\ntitle = \"T\"\nowner = \"maria\"\n\n[[objective.initiative]]\ntitle = \"Guided first dashboard\"\ndue = 2026-02-27\n";
    assert!(check(inherited, &["ME014"]).is_empty());
    let me15 = |fields: &str| check(&format!("{OBJECTIVE}{}", initiative(fields)), &["ME015"]);
    assert_eq!(me15("").len(), 1);
    assert!(me15("due = 2026-02-27").is_empty());
    assert!(me15("milestones = [{ title = \"Beta\", due = 2026-02-13 }]").is_empty());
    // Undated milestones only: one finding at the initiative, not one per milestone too.
    let undated = me15("milestones = [{ title = \"Beta\" }, { title = \"GA\" }]");
    assert_eq!(undated.len(), 1, "{undated:?}");
    assert!(undated[0].contains("has no due date and no dated milestone"));
    // One dated, one not: the undated milestone is named.
    let one = me15("milestones = [{ title = \"Beta\", due = 2026-02-13 }, { title = \"GA\" }]");
    assert_eq!(one.len(), 1);
    assert!(one[0].contains("milestone `GA`"), "{one:?}");
    // A due date that is not a date is SC003's finding alone.
    assert!(me15("due = \"end of Q1\"").is_empty());
    // On a milestone too: a misspelt `due` is SC002's, a wrong type SC003's.
    assert!(me15("milestones = [{ title = \"Beta\", dew = 2026-02-13 }]").is_empty());
    assert!(me15("milestones = [{ title = \"Beta\", due = \"mid-Feb\" }]").is_empty());
}

// ---- CA006 ----

#[test]
fn outcome_metrics_and_north_stars_list_their_drivers() {
    let metric = |kind: &str, drivers: &str| {
        format!("[[metric]]\nid = \"paid_teams\"\nname = \"Paid teams\"\nkind = \"{kind}\"\n{drivers}\n\n[[metric]]\nid = \"trial_activation\"\nname = \"Trial activation\"\nkind = \"driver\"\n")
    };
    assert!(check(&metric("outcome", ""), &["CA006"])[0]
        .contains("outcome metric `paid_teams` lists no `drivers`"));
    assert!(check(
        &metric("outcome", "drivers = [\"trial_activation\"]"),
        &["CA006"]
    )
    .is_empty());
    assert!(check(&metric("guardrail", ""), &["CA006"]).is_empty());
    let north = format!(
        "[team]\nname = \"G\"\nnorth_star = \"paid_teams\"\n\n{}",
        metric("guardrail", "")
    );
    assert!(check(&north, &["CA006"])[0].contains("north star `paid_teams`"));
    // Its KRs are then not each "disconnected" too (DR001): the missing drivers are one gap.
    let kr = "[[objective]]\nid = \"O1\"\ntitle = \"T\"\nowner = \"m\"\n\n[[objective.key_result]]\nid = \"O1.KR1\"\ntitle = \"Raise trial activation\"\nmetric = \"trial_activation\"\n\n";
    let north = format!(
        "[team]\nname = \"G\"\nnorth_star = \"paid_teams\"\n\n{kr}{}",
        metric("outcome", "")
    );
    assert!(check(&north, &["DR001"]).is_empty());
    assert_eq!(check(&north, &["CA006"]).len(), 1);
}

// ---- DR005 / DR006 ----

const CATALOG: &str = "[[metric]]\nid = \"nrr\"\nname = \"Net revenue retention\"\nkind = \"outcome\"\ndrivers = [\"expansion_mrr\", \"churned_mrr\"]\n\n\
     [[metric]]\nid = \"expansion_mrr\"\nname = \"Expansion MRR\"\nkind = \"driver\"\n\n\
     [[metric]]\nid = \"churned_mrr\"\nname = \"Churned MRR\"\nkind = \"driver\"\n\n\
     [[metric]]\nid = \"feature_breadth\"\nname = \"Accounts using three core features\"\nkind = \"driver\"\n\n";

#[test]
fn a_lagging_outcome_needs_a_leading_indicator_in_its_tree_or_beside_it() {
    let kr = |id: &str, metric: &str| {
        format!("[[objective.key_result]]\nid = \"{id}\"\ntitle = \"Move {metric}\"\nmetric = \"{metric}\"\n\n")
    };
    let objective =
        "[[objective]]\nid = \"O1\"\ntitle = \"Customers grow with us\"\nowner = \"amara\"\n\n";
    let alone = format!("{objective}{}{CATALOG}", kr("O1.KR1", "nrr"));
    let found = check(&alone, &["DR005"]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("`nrr` is a lagging outcome: its drivers (`expansion_mrr`, `churned_mrr`) are revenue figures"));
    // A KR on a leading indicator in the same objective pairs it.
    let paired = format!(
        "{objective}{}{}{CATALOG}",
        kr("O1.KR1", "nrr"),
        kr("O1.KR2", "feature_breadth")
    );
    assert!(check(&paired, &["DR005"]).is_empty());
    // So does a leading driver in the outcome's tree.
    let tree = format!(
        "{objective}{}{}",
        kr("O1.KR1", "nrr"),
        CATALOG.replace(
            "[\"expansion_mrr\", \"churned_mrr\"]",
            "[\"expansion_mrr\", \"feature_breadth\"]"
        )
    );
    assert!(check(&tree, &["DR005"]).is_empty());
    // A KR on a metric the catalog does not define is CA001's finding alone.
    let undefined = format!("{objective}{}{CATALOG}", kr("O1.KR1", "logo_churn_rate"));
    assert!(check(&undefined, &["DR005"]).is_empty());
    // A KR on an arithmetic part (expansion MRR, a driver) is not itself a lagging outcome here.
    let part = format!("{objective}{}{CATALOG}", kr("O1.KR1", "expansion_mrr"));
    assert!(check(&part, &["DR005"]).is_empty());
}

#[test]
fn a_driver_kr_is_moved_by_an_initiative_with_a_hypothesis() {
    let head = "[[objective]]\nid = \"O1\"\ntitle = \"Accounts use more of the product\"\nowner = \"amara\"\n\n\
         [[objective.key_result]]\nid = \"O1.KR1\"\ntitle = \"Accounts using three core features from 40% to 55%\"\nmetric = \"feature_breadth\"\n\n";
    let with = |initiative: &str| format!("{head}{initiative}{CATALOG}");
    let none = check(&with(""), &["DR006"]);
    assert!(
        none[0].contains("no initiative moves it with a hypothesis"),
        "{none:?}"
    );
    let project = "[[objective.initiative]]\ntitle = \"Admin playbooks\"\nmoves = [\"O1.KR1\"]\n\n";
    assert!(check(&with(project), &["DR006"])[0]
        .contains("the initiative moving it states no hypothesis"));
    let argued = "[[objective.initiative]]\ntitle = \"Admin playbooks\"\nmoves = [\"O1.KR1\"]\nhypothesis = \"Admins shown three features roll them out\"\n\n";
    assert!(check(&with(argued), &["DR006"]).is_empty());
    // An experiment without a hypothesis is EX004's finding, not DR006's too.
    let experiment = "[[objective.initiative]]\ntitle = \"Admin playbooks\"\nmoves = [\"O1.KR1\"]\nkind = \"experiment\"\n\n";
    assert!(check(&with(experiment), &["DR006"]).is_empty());
    assert!(!check(&with(experiment), &["EX004"]).is_empty());
}

// ---- EX005 / EX006 / EX007 ----

#[test]
fn an_mde_is_positive_and_no_larger_than_the_goal() {
    let ex = |mde: &str| {
        check(
            &format!(
                "{OBJECTIVE}{}",
                initiative(&format!("kind = \"experiment\"\nmde = {mde}"))
            ),
            &["EX005"],
        )
    };
    assert!(ex("0")[0].contains("must be positive"));
    assert!(ex("-0.02")[0].contains("must be positive"));
    // The goal is 0.32 → 0.45, a gap of 0.13: an MDE of exactly 0.13 can still see it.
    assert!(ex("0.13").is_empty());
    assert!(ex("0.02").is_empty());
    let big = ex("0.14");
    assert!(big[0].contains("a gap of 0.13"), "{big:?}");
    // The gap is read from the title when the KR declares no numbers ("from 10% to 12%").
    let titled = "[[objective]]\nid = \"O1\"\ntitle = \"T\"\nowner = \"maria\"\n\n\
         [[objective.key_result]]\nid = \"O1.KR1\"\ntitle = \"Raise trial conversion from 10% to 12%\"\n\n";
    let plan = |mde: &str| {
        format!(
            "{titled}{}",
            initiative(&format!("kind = \"experiment\"\nmde = {mde}"))
        )
    };
    assert!(check(&plan("3"), &["EX005"])[0].contains("a gap of 2"));
    // A fraction against a goal in percent is read in points: 0.03 is 3 points, 0.015 is 1.5.
    assert!(check(&plan("0.03"), &["EX005"])[0].contains("a gap of 2"));
    assert!(check(&plan("0.015"), &["EX005"]).is_empty());
}

#[test]
fn an_experiment_that_cannot_fill_its_arms_in_the_period_is_reported() {
    // Hand-worked: p1 = 0.10, p2 = 0.12, α = 0.05, power 0.8, (z + z)² = 7.848879. An even
    // split needs (0.09 + 0.1056) / 0.5 × 7.848879 / 0.0004 = 7,676.2 units in all: 7.68 weeks
    // at 1,000 a week. The period 2026-01-01..2026-03-31 is 90 days, 12.86 weeks: it fits.
    let ex = |fields: &str| {
        check(
            &format!(
                "{}{OBJECTIVE}{}",
                team(""),
                initiative(&format!("kind = \"experiment\"\nmde = 0.02\n{fields}"))
            ),
            &["EX006"],
        )
    };
    let rate = "baseline_rate = 0.10\n";
    assert!(ex(&format!(
        "{rate}weekly_traffic = 1000\nholdout = 0.5\nsignificance = 0.05"
    ))
    .is_empty());
    // A 10% control: 0.09 / 0.1 + 0.1056 / 0.9 = 1.017333 → 19,962.4 in all, 20.0 weeks.
    let long = ex(&format!(
        "{rate}weekly_traffic = 1000\nholdout = 0.1\nsignificance = 0.05"
    ));
    assert_eq!(long.len(), 1, "{long:?}");
    assert!(
        long[0].contains("needs about 19,963 units in all, 10% of them in control"),
        "{long:?}"
    );
    assert!(
        long[0].contains("20.0 weeks, more than the 12.9 weeks from 2026-01-01 to 2026-03-31"),
        "{long:?}"
    );
    // A 20% control: 0.45 + 0.132 = 0.582 → 11,420 in all, 11.4 weeks: it fits.
    assert!(ex(&format!("{rate}weekly_traffic = 1000\nholdout = 0.2")).is_empty());
    // A due date shortens the window: 2026-01-01..2026-02-15 is 46 days, 6.6 weeks < 7.7.
    assert!(ex(&format!(
        "{rate}weekly_traffic = 1000\nholdout = 0.5\ndue = 2026-02-15"
    ))[0]
        .contains("6.6 weeks"));
    // A due date before the period starts leaves nothing to fit into (ME007's concern).
    assert!(ex(&format!("{rate}weekly_traffic = 1000\ndue = 2025-12-01")).is_empty());
    // No traffic declared: nothing to estimate.
    assert!(ex(&format!("{rate}holdout = 0.1")).is_empty());
    // Values the estimate cannot use are said so.
    assert!(ex("baseline_rate = 32\nweekly_traffic = 1000")[0].contains("a rate between 0 and 1"));
    assert!(ex(&format!("{rate}weekly_traffic = 0"))[0].contains("a number of units above 0"));
    let points = check(
        &format!(
            "{}{OBJECTIVE}{}",
            team(""),
            initiative(
                "kind = \"experiment\"\nmde = 3\nbaseline_rate = 0.10\nweekly_traffic = 1000"
            )
        ),
        &["EX006"],
    );
    assert!(
        points[0].contains("must be an absolute difference in rate"),
        "{points:?}"
    );
}

#[test]
fn an_experiment_declares_its_control_and_significance_within_range() {
    let ex = |fields: &str| {
        check(
            &format!(
                "{OBJECTIVE}{}",
                initiative(&format!("kind = \"experiment\"\nmde = 0.02\n{fields}"))
            ),
            &["EX007"],
        )
    };
    assert!(ex("")[0]
        .contains("declares neither its control share (`holdout`) nor its significance level"));
    assert!(ex("holdout = 0.05")[0].contains("declares no significance level"));
    assert!(ex("significance = 0.05")[0].contains("declares no control share"));
    assert!(ex("holdout = 0.05\nsignificance = 0.05").is_empty());
    assert!(ex("holdout = 5\nsignificance = 0.05")[0].contains("`holdout = 5`"));
    assert!(
        ex("holdout = 0.5\nsignificance = 0.5").is_empty(),
        "0.5 is the bound"
    );
    assert!(ex("holdout = 0.5\nsignificance = 0.6")[0].contains("`significance = 0.6`"));
    // A project is not asked.
    let project = check(
        &format!("{OBJECTIVE}{}", initiative("due = 2026-02-27")),
        &["EX007"],
    );
    assert!(project.is_empty());
}

// ---- BA001 ----

#[test]
fn availability_guards_a_speed_kr_as_the_balanced_set_says() {
    let plan = |guardrail: &str| {
        format!(
            "[[objective]]\nid = \"O1\"\ntitle = \"Ship faster\"\nowner = \"p\"\n\n\
             [[objective.key_result]]\nid = \"O1.KR1\"\ntitle = \"Cut lead time\"\nmetric = \"lead_time_for_changes\"\nguardrails = [\"{guardrail}\"]\n\n\
             [[metric]]\nid = \"lead_time_for_changes\"\nname = \"Lead time for changes\"\n\n\
             [[metric]]\nid = \"{guardrail}\"\nname = \"{guardrail}\"\n"
        )
    };
    assert!(check(&plan("api_availability"), &["BA001"]).is_empty());
    assert!(check(&plan("checkout_slo"), &["BA001"]).is_empty());
    assert!(check(&plan("error_budget_burn"), &["BA001"]).is_empty());
    assert_eq!(check(&plan("signup_count"), &["BA001"]).len(), 1);
    // A plan that targets uptime is not a stability-only delivery plan (BA002) or a delivery
    // plan without flow (BA003): availability only guards speed.
    let uptime = "[[objective]]\nid = \"O1\"\ntitle = \"Checkout stays up\"\nowner = \"p\"\n\n\
         [[objective.key_result]]\nid = \"O1.KR1\"\ntitle = \"Keep API uptime above 99.9%\"\nmetric = \"api_uptime\"\n\n\
         [[metric]]\nid = \"api_uptime\"\nname = \"API uptime\"\n";
    assert!(check(uptime, &["BA002", "BA003"]).is_empty());
}

// ---- Markdown ----

fn check_markdown(text: &str, select: &[&str]) -> Vec<String> {
    check_file("OKR.md", text, select, (2026, 12, 7))
}

#[test]
fn markdown_tables_date_their_current_values_and_periods_date_their_initiatives() {
    let table = |as_of: &str| {
        format!(
            "# Growth OKRs 2026 Q1\n\n## Objective: New teams share a dashboard in week one\n\n\
             | Key result | Current | As of |\n|---|---|---|\n\
             | Raise week-1 activation from 32% to 45% | 36% | {as_of} |\n\
             | Cut median days to first dashboard from 6 to 2 | 4 | {as_of} |\n\n\
             ### Initiatives\n\n- Guided first dashboard (@jonas)\n"
        )
    };
    // Dated current values: no ME012; 2026-03-16 is 15 days before the period's end, inside
    // the default 31.
    assert!(check_markdown(&table("2026-03-16"), &["ME012", "ME013"]).is_empty());
    let old = check_markdown(&table("2026-01-05"), &["ME013"]);
    assert_eq!(old.len(), 2, "{old:?}");
    assert!(
        old[0].contains("85 days before the period's end, 2026-03-31"),
        "{old:?}"
    );
    // No As of column: ME012 for each current value.
    let undated = table("2026-03-16")
        .replace(" As of |", "")
        .replace("|---|---|---|", "|---|---|")
        .replace(" 2026-03-16 |", "");
    assert_eq!(check_markdown(&undated, &["ME012"]).len(), 2, "{undated}");
    // The initiative takes the period's end as its date, as the key results do.
    assert!(check_markdown(&table("2026-03-16"), &["ME015"]).is_empty());
    let no_period = table("2026-03-16").replace(" 2026 Q1", "");
    assert_eq!(check_markdown(&no_period, &["ME015"]).len(), 1);
}

// ---- CA007 ----

#[test]
fn a_catalog_metric_nothing_uses_is_reported_only_beside_a_plan() {
    let catalog =
        "[[metric]]\nid = \"activation_w1\"\nname = \"Activation\"\ndrivers = [\"setup_time\"]\n\n\
         [[metric]]\nid = \"setup_time\"\nname = \"Setup time\"\n\n\
         [[metric]]\nid = \"support_contacts\"\nname = \"Support contacts\"\n\n\
         [[metric]]\nid = \"page_views\"\nname = \"Page views\"\n";
    let plan = |guardrails: &str| {
        format!(
            "[[objective]]\nid = \"O1\"\ntitle = \"T\"\nowner = \"maria\"\n\n\
             [[objective.key_result]]\nid = \"O1.KR1\"\ntitle = \"Raise activation\"\nmetric = \"activation_w1\"\nguardrails = [{guardrails}]\n\n{catalog}"
        )
    };
    // activation_w1 is a KR's metric, setup_time its driver, support_contacts a guardrail.
    let found = check(&plan("\"support_contacts\""), &["CA007"]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("metric `page_views` is defined, but no key result"));
    assert_eq!(check(&plan(""), &["CA007"]).len(), 2);
    // An outcome whose drivers are targeted is what they add up to: in use.
    let nrr = "[[objective]]\nid = \"O1\"\ntitle = \"T\"\nowner = \"m\"\n\n\
         [[objective.key_result]]\nid = \"O1.KR1\"\ntitle = \"Cut churn\"\nmetric = \"churned_mrr\"\n\n\
         [[metric]]\nid = \"nrr\"\nname = \"NRR\"\ndrivers = [\"churned_mrr\", \"expansion_mrr\"]\n\n\
         [[metric]]\nid = \"churned_mrr\"\nname = \"Churned MRR\"\n\n[[metric]]\nid = \"expansion_mrr\"\nname = \"Expansion MRR\"\n";
    assert!(check(nrr, &["CA007"]).is_empty());
    // A catalog on its own: nothing to judge it against.
    assert!(check(catalog, &["CA007"]).is_empty());
}

// ---- thresholds ----

#[test]
fn experiment_thresholds_are_probabilities() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let plan = dir.path().join("plan.toml");
    std::fs::write(&plan, format!("{}{OBJECTIVE}", team(""))).expect("write the plan");
    let config = dir.path().join("okrlint.toml");
    let findings = |thresholds: &str| {
        std::fs::write(&config, format!("[thresholds]\n{thresholds}\n")).expect("write");
        let options = LintOptions {
            paths: vec![plan.clone()],
            config_path: Some(config.clone()),
            today: Some(jiff::civil::date(2026, 12, 7)),
            ..LintOptions::default()
        };
        let report = run(&options, &NoEngine).expect("the check runs");
        report
            .findings
            .iter()
            .filter(|f| f.code == "SC003")
            .map(|f| f.message.clone())
            .collect::<Vec<_>>()
    };
    assert!(findings("experiment-power = 0.9\nexperiment-significance = 0.01").is_empty());
    let power = findings("experiment-power = 80");
    assert!(
        power[0].contains("`experiment-power` must be a probability between 0 and 1"),
        "{power:?}"
    );
    assert_eq!(findings("experiment-significance = 1").len(), 1);
    assert_eq!(findings("experiment-power = 0").len(), 1);
}
