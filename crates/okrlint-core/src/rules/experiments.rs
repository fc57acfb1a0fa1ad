//! Experiments: a test needs a minimum detectable effect, and a bet needs success and kill
//! criteria written down before it starts.

use super::Context;
use crate::diagnostic::{Code, Hit};
use crate::model::{Document, Initiative, InitiativeKind, KeyResult, KrKind, Spanned};
use crate::rules::format::fmt_number;
use crate::words::Words;

pub const CODES: &[Code] = &[
    Code::EX001,
    Code::EX002,
    Code::EX003,
    Code::EX004,
    Code::EX005,
    Code::EX006,
    Code::EX007,
];

struct Subject<'a> {
    what: String,
    span: std::ops::Range<usize>,
    explicit: bool,
    /// Experiments need a minimum detectable effect; a bet is judged on its criteria instead.
    missing_mde: bool,
    success: &'a Option<Spanned<String>>,
    kill: &'a Option<Spanned<String>>,
    /// Only initiatives carry a hypothesis; `None` means the key does not apply.
    missing_hypothesis: Option<bool>,
    kr: Option<&'a str>,
    /// Keys written but unreadable: their schema finding is the one, not a missing-key one.
    unreadable: &'a [String],
}

pub fn detect(ctx: &Context, hits: &mut Vec<Hit>) {
    sizing(ctx, hits);
    let words = ctx.words(Words::Experiment);
    let titled =
        |title: &Option<Spanned<String>>| title.as_ref().is_some_and(|t| words.matches(&t.value));
    for (doc, objective) in ctx.objectives() {
        let mut subjects = Vec::new();
        for kr in &objective.key_results {
            let explicit = kr
                .kind
                .as_ref()
                .is_some_and(|k| k.value == KrKind::Experiment);
            if explicit || titled(&kr.title) {
                subjects.push(Subject {
                    what: format!("key result `{}`", kr.id_str().unwrap_or("?")),
                    span: kr.anchor(),
                    explicit,
                    missing_mde: kr.mde.is_none() && !kr.wrote("mde"),
                    success: &kr.success,
                    kill: &kr.kill,
                    missing_hypothesis: None,
                    kr: kr.id_str(),
                    unreadable: &kr.unreadable,
                });
            }
        }
        for initiative in &objective.initiatives {
            let kind = initiative.kind.as_ref().map(|k| k.value);
            let explicit = matches!(kind, Some(InitiativeKind::Experiment | InitiativeKind::Bet));
            if explicit || titled(&initiative.title) {
                let noun = if kind == Some(InitiativeKind::Bet) {
                    "bet"
                } else {
                    "experiment"
                };
                subjects.push(Subject {
                    what: format!("{noun} `{}`", initiative.name()),
                    span: initiative.anchor(),
                    explicit,
                    missing_mde: kind != Some(InitiativeKind::Bet)
                        && initiative.mde.is_none()
                        && !initiative.wrote("mde"),
                    success: &initiative.success,
                    kill: &initiative.kill,
                    missing_hypothesis: Some(
                        initiative
                            .hypothesis
                            .as_ref()
                            .is_none_or(|h| h.value.trim().is_empty())
                            && !initiative.wrote("hypothesis"),
                    ),
                    kr: None,
                    unreadable: &initiative.unreadable,
                });
            }
        }
        for s in subjects {
            let hit = |code: Code, message: String| {
                Hit::new(code, doc.file, s.span.clone(), message)
                    .objective(objective.id_str())
                    .key_result(s.kr)
            };
            if s.missing_mde {
                hits.push(hit(
                    Code::EX001,
                    format!("{} sets no minimum detectable effect (`mde`)", s.what),
                ));
            }
            let wrote = |key: &str| s.unreadable.iter().any(|k| k == key);
            if s.explicit && s.success.is_none() && !wrote("success") {
                hits.push(hit(
                    Code::EX002,
                    format!("{} has no success criterion (`success`)", s.what),
                ));
            }
            if s.explicit && s.kill.is_none() && !wrote("kill") {
                hits.push(hit(
                    Code::EX003,
                    format!("{} has no kill-switch threshold (`kill`)", s.what),
                ));
            }
            if s.explicit && s.missing_hypothesis == Some(true) {
                hits.push(hit(
                    Code::EX004,
                    format!("{} states no hypothesis (`hypothesis`)", s.what),
                ));
            }
        }
    }
}

/// EX005–EX007 on experiments declared as such (`kind = "experiment"`): an MDE the KR's goal can
/// show, a test that can finish inside the period, and a control and significance level.
fn sizing(ctx: &Context, hits: &mut Vec<Hit>) {
    let mut index: Option<(&Document, std::collections::BTreeMap<&str, Vec<&KeyResult>>)> = None;
    for (doc, objective) in ctx.objectives() {
        if !index.as_ref().is_some_and(|(d, _)| std::ptr::eq(*d, doc)) {
            index = Some((doc, krs_by_id(doc)));
        }
        let krs = &index.as_ref().expect("just set").1;
        let oid = objective.id_str();
        for kr in &objective.key_results {
            let explicit = kr
                .kind
                .as_ref()
                .is_some_and(|k| k.value == KrKind::Experiment);
            if let (true, Some(mde)) = (explicit, &kr.mde) {
                let what = format!("experiment `{}`", kr.id_str().unwrap_or("?"));
                if let Some(message) = mde_problem(&what, mde.value, &[kr]) {
                    hits.push(
                        Hit::new(Code::EX005, doc.file, mde.span.clone(), message)
                            .objective(oid)
                            .key_result(kr.id_str()),
                    );
                }
            }
        }
        for initiative in &objective.initiatives {
            let explicit = initiative
                .kind
                .as_ref()
                .is_some_and(|k| k.value == InitiativeKind::Experiment);
            if !explicit {
                continue;
            }
            let what = format!("experiment `{}`", initiative.name());
            let hit = |code: Code, span, message: String| {
                Hit::new(code, doc.file, span, message).objective(oid)
            };
            if let Some(mde) = &initiative.mde {
                let moved = moved_krs(krs, initiative);
                if let Some(message) = mde_problem(&what, mde.value, &moved) {
                    hits.push(hit(Code::EX005, mde.span.clone(), message));
                }
            }
            if let Some((span, message)) = control_problem(&what, initiative) {
                hits.push(hit(Code::EX007, span, message));
            }
            if let Some((span, message)) = duration_problem(ctx, doc, &what, initiative) {
                hits.push(hit(Code::EX006, span, message));
            }
        }
    }
}

/// The KRs an initiative's `moves` names, in its document (`krs`: the document's KRs by id,
/// indexed once, so each experiment does not scan them all).
fn moved_krs<'a>(
    krs: &std::collections::BTreeMap<&str, Vec<&'a KeyResult>>,
    initiative: &Initiative,
) -> Vec<&'a KeyResult> {
    let Some(moves) = &initiative.moves else {
        return Vec::new();
    };
    let mut ids: Vec<&str> = moves.value.iter().map(|m| m.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut moved: Vec<&KeyResult> = ids
        .into_iter()
        .filter_map(|id| krs.get(id))
        .flatten()
        .copied()
        .collect();
    // In document order, as a scan of the document would list them.
    moved.sort_by_key(|kr| kr.span.start);
    moved
}

/// A document's KRs by id.
fn krs_by_id(doc: &Document) -> std::collections::BTreeMap<&str, Vec<&KeyResult>> {
    let mut krs: std::collections::BTreeMap<&str, Vec<&KeyResult>> = Default::default();
    for kr in doc.objectives.iter().flat_map(|o| &o.key_results) {
        if let Some(id) = kr.id_str() {
            krs.entry(id).or_default().push(kr);
        }
    }
    krs
}

/// EX005: an MDE must be positive, and no larger than the whole change a moved KR aims for
/// (baseline → target, declared or read from its title): a test that cannot detect less than
/// the goal cannot tell whether the work moved the metric at all.
fn mde_problem(what: &str, mde: f64, krs: &[&KeyResult]) -> Option<String> {
    if mde <= 0.0 {
        return Some(format!(
            "{what} sets `mde = {}`; a minimum detectable effect must be positive",
            fmt_number(mde)
        ));
    }
    for kr in krs {
        let baseline = kr.baseline.as_ref().or(kr.inferred.baseline.as_ref());
        let target = kr.target.as_ref().or(kr.inferred.target.as_ref());
        let (Some(baseline), Some(target)) = (baseline, target) else {
            continue;
        };
        let gap = (target.value - baseline.value).abs();
        // A goal in percent (declared, or read from "from 32% to 45%") against an MDE written
        // as a fraction (0.03): compare in points.
        let unit = if kr.baseline.is_some() || kr.target.is_some() {
            kr.unit.as_ref()
        } else {
            kr.unit.as_ref().or(kr.inferred.unit.as_ref())
        };
        let percent = unit.map(|u| u.value) == Some(crate::model::Unit::Percent);
        let in_kr_units = if percent && mde < 1.0 {
            mde * 100.0
        } else {
            mde
        };
        if gap > 0.0 && in_kr_units > gap {
            return Some(format!(
                "{what} sets `mde = {}`, more than the whole change key result `{}` aims for ({} → {}, a gap of {}): the test is not powered to detect even the goal itself",
                fmt_number(mde),
                kr.id_str().unwrap_or("?"),
                fmt_number(baseline.value),
                fmt_number(target.value),
                fmt_number(gap)
            ));
        }
    }
    None
}

/// EX007: an experiment says how much traffic is held out as its control and at what
/// significance level it is judged, each a share strictly between 0 and 1 (α at most 0.5).
fn control_problem(
    what: &str,
    initiative: &Initiative,
) -> Option<(std::ops::Range<usize>, String)> {
    let no_holdout = initiative.holdout.is_none() && !initiative.wrote("holdout");
    let no_alpha = initiative.significance.is_none() && !initiative.wrote("significance");
    let missing = match (no_holdout, no_alpha) {
        (true, true) => Some("declares neither its control share (`holdout`) nor its significance level (`significance`)"),
        (true, false) => Some("declares no control share (`holdout`)"),
        (false, true) => Some("declares no significance level (`significance`)"),
        (false, false) => None,
    };
    if let Some(missing) = missing {
        return Some((initiative.anchor(), format!("{what} {missing}")));
    }
    if let Some(h) = initiative
        .holdout
        .as_ref()
        .filter(|h| !(h.value > 0.0 && h.value < 1.0))
    {
        return Some((
            h.span.clone(),
            format!(
                "{what} sets `holdout = {}`; a control share is between 0 and 1 (0.05 for 5%)",
                fmt_number(h.value)
            ),
        ));
    }
    if let Some(a) = initiative
        .significance
        .as_ref()
        .filter(|a| !(a.value > 0.0 && a.value <= 0.5))
    {
        return Some((
            a.span.clone(),
            format!("{what} sets `significance = {}`; a significance level is above 0 and at most 0.5 (0.05 for 5%)", fmt_number(a.value)),
        ));
    }
    None
}

/// EX006: with a baseline rate, weekly traffic and an MDE, the weeks a two-proportion test
/// needs; reported when they do not fit between the period's start and the experiment's due
/// date (or the period's end).
fn duration_problem(
    ctx: &Context,
    doc: &Document,
    what: &str,
    initiative: &Initiative,
) -> Option<(std::ops::Range<usize>, String)> {
    let p1 = initiative.baseline_rate.as_ref()?;
    let traffic = initiative.weekly_traffic.as_ref()?;
    let mde = initiative.mde.as_ref()?.value;
    let t = ctx.thresholds;
    let alpha = initiative
        .significance
        .as_ref()
        .map_or(t.experiment_significance, |a| a.value);
    let control = initiative.holdout.as_ref().map_or(0.5, |h| h.value);
    // Values the estimate cannot use are said so here, not skipped (an out-of-range MDE,
    // holdout or α is EX005's or EX007's finding).
    if !(p1.value > 0.0 && p1.value < 1.0) {
        return Some((
            p1.span.clone(),
            format!("{what} sets `baseline_rate = {}`; the sample size needs a rate between 0 and 1 (0.32 for 32%)", fmt_number(p1.value)),
        ));
    }
    if !(traffic.value > 0.0) {
        return Some((
            traffic.span.clone(),
            format!("{what} sets `weekly_traffic = {}`; the sample size needs a number of units above 0", fmt_number(traffic.value)),
        ));
    }
    let usable = mde > 0.0 && alpha > 0.0 && alpha <= 0.5 && control > 0.0 && control < 1.0;
    if !usable {
        return None;
    }
    let p1 = p1.value;
    if p1 + mde >= 1.0 {
        return Some((
            initiative.mde.as_ref()?.span.clone(),
            format!("{what} sets `mde = {}` on a baseline rate of {}: the treatment would convert at {} or more, so `mde` must be an absolute difference in rate (0.02 for 2 points)", fmt_number(mde), fmt_number(p1), fmt_number(p1 + mde)),
        ));
    }
    let period = doc.team.as_ref()?.period.as_ref()?;
    let start = period.start.as_ref()?.value;
    let end = initiative.due.as_ref().or(period.end.as_ref())?.value;
    let days = start.until(end).ok()?.get_days() + 1;
    if days <= 0 {
        return None; // a due date before the period starts: nothing to fit the test into.
    }
    let total = sample_size(p1, mde, alpha, t.experiment_power, control)?;
    let weeks = total / traffic.value;
    let available = f64::from(days) / 7.0;
    (weeks > available).then(|| {
        (
            traffic.span.clone(),
            format!(
                "{what} needs about {} units in all, {}% of them in control (two-proportion test from {} to {}, {}% power, α = {}): at {} a week that is {:.1} weeks, more than the {:.1} weeks from {start} to {end}",
                group_thousands(total.ceil() as u64),
                fmt_number(control * 100.0),
                fmt_number(p1),
                fmt_number(p1 + mde),
                fmt_number(t.experiment_power * 100.0),
                fmt_number(alpha),
                if traffic.value.fract() == 0.0 && traffic.value < 1e15 {
                    group_thousands(traffic.value as u64)
                } else {
                    fmt_number(traffic.value)
                },
                weeks,
                available
            ),
        )
    })
}

/// Units in all (both arms) for a two-sided two-proportion z-test with unpooled variance and a
/// share `c` of them in control (rate p₁), the rest in treatment (p₂ = p₁ + mde):
/// N = (z₁₋α/₂ + z_power)² · (p₁(1−p₁)/c + p₂(1−p₂)/(1−c)) / mde².
/// With c = ½ this is twice the textbook per-arm n = (z₁₋α/₂ + z_power)² · (p₁q₁ + p₂q₂) / mde².
pub fn sample_size(p1: f64, mde: f64, alpha: f64, power: f64, control: f64) -> Option<f64> {
    let p2 = p1 + mde;
    let z = normal_quantile(1.0 - alpha / 2.0)? + normal_quantile(power)?;
    let variance = p1 * (1.0 - p1) / control + p2 * (1.0 - p2) / (1.0 - control);
    Some(z * z * variance / (mde * mde))
}

/// The standard normal quantile, by Acklam's rational approximation (relative error below
/// 1.2e-9), for 0 < p < 1.
pub fn normal_quantile(p: f64) -> Option<f64> {
    if !(p > 0.0 && p < 1.0) {
        return None;
    }
    const A: [f64; 6] = [
        -3.969683028665376e1,
        2.209460984245205e2,
        -2.759285104469687e2,
        1.383_577_518_672_69e2,
        -3.066479806614716e1,
        2.506628277459239,
    ];
    const B: [f64; 5] = [
        -5.447609879822406e1,
        1.615858368580409e2,
        -1.556989798598866e2,
        6.680131188771972e1,
        -1.328068155288572e1,
    ];
    const C: [f64; 6] = [
        -7.784894002430293e-3,
        -3.223964580411365e-1,
        -2.400758277161838,
        -2.549732539343734,
        4.374664141464968,
        2.938163982698783,
    ];
    const D: [f64; 4] = [
        7.784695709041462e-3,
        3.224671290700398e-1,
        2.445134137142996,
        3.754408661907416,
    ];
    let low = 0.02425;
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    Some(if p < low {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - low {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    })
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_quantiles_match_the_tables() {
        // Published values of the standard normal quantile.
        for (p, z) in [
            (0.975, 1.959964),
            (0.8, 0.841621),
            (0.995, 2.575829),
            (0.5, 0.0),
            (0.01, -2.326348),
        ] {
            let got = normal_quantile(p).unwrap();
            assert!((got - z).abs() < 1e-6, "z({p}) = {got}, want {z}");
        }
        assert_eq!(normal_quantile(0.0), None);
        assert_eq!(normal_quantile(1.0), None);
    }

    #[test]
    fn sample_size_is_the_textbook_formula() {
        // Worked by hand: p1 = 0.10, p2 = 0.12; (1.959964 + 0.841621)^2 = 7.848879;
        // an even split: (0.09 + 0.1056) / 0.5 = 0.3912; 7.848879 * 0.3912 / 0.0004 = 7676.2 in
        // all, twice the textbook 3838.1 per arm.
        let n = sample_size(0.10, 0.02, 0.05, 0.8, 0.5).unwrap();
        assert!((n - 7676.2).abs() < 0.5, "{n}");
        // A 10% control: 0.09 / 0.1 + 0.1056 / 0.9 = 1.017333; × 7.848879 / 0.0004 = 19962.4.
        let holdout = sample_size(0.10, 0.02, 0.05, 0.8, 0.1).unwrap();
        assert!((holdout - 19962.4).abs() < 0.5, "{holdout}");
        // Halving the effect quadruples the sample, near enough (variances change a little).
        let quarter = sample_size(0.10, 0.01, 0.05, 0.8, 0.5).unwrap();
        assert!((quarter / n - 3.84).abs() < 0.01, "{}", quarter / n);
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(group_thousands(3839), "3,839");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1_234_567), "1,234,567");
    }
}
