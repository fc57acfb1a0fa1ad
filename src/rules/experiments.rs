//! Experiments: a test needs a minimum detectable effect, and a bet needs success and kill
//! criteria written down before it starts.

use crate::check::Context;
use crate::finding::Hit;
use crate::model::{InitiativeKind, KrKind, Sp};
use crate::rules::terms::matches_any;

pub const CODES: &[&str] = &["EX001", "EX002", "EX003", "EX004"];

const EXPERIMENT_WORDS: &[&str] = &[
    "a/b",
    "ab test",
    "a b test",
    "experiment",
    "test variant",
    "split test",
    "multivariate",
];

struct Subject<'a> {
    what: String,
    span: std::ops::Range<usize>,
    explicit: bool,
    /// Experiments need a minimum detectable effect; a bet is judged on its criteria instead.
    missing_mde: bool,
    success: &'a Option<Sp<String>>,
    kill: &'a Option<Sp<String>>,
    /// Only initiatives carry a hypothesis; `None` means the key does not apply.
    missing_hypothesis: Option<bool>,
    kr: Option<&'a str>,
}

pub fn check(ctx: &Context, hits: &mut Vec<Hit>) {
    let words: Vec<String> = EXPERIMENT_WORDS.iter().map(|s| s.to_string()).collect();
    let titled = |title: &Option<Sp<String>>| {
        title
            .as_ref()
            .is_some_and(|t| matches_any(&t.value, &words))
    };
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
                    missing_mde: kr.mde.is_none(),
                    success: &kr.success,
                    kill: &kr.kill,
                    missing_hypothesis: None,
                    kr: kr.id_str(),
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
                    what: format!(
                        "{noun} `{}`",
                        initiative.title.as_ref().map_or("?", |t| t.as_str())
                    ),
                    span: initiative.anchor(),
                    explicit,
                    missing_mde: kind != Some(InitiativeKind::Bet) && initiative.mde.is_none(),
                    success: &initiative.success,
                    kill: &initiative.kill,
                    missing_hypothesis: Some(
                        initiative
                            .hypothesis
                            .as_ref()
                            .is_none_or(|h| h.value.trim().is_empty()),
                    ),
                    kr: None,
                });
            }
        }
        for s in subjects {
            let hit = |code: &str, message: String| {
                Hit::new(code, doc.file, s.span.clone(), message)
                    .objective(objective.id_str())
                    .key_result(s.kr)
            };
            if s.missing_mde {
                hits.push(hit(
                    "EX001",
                    format!("{} sets no minimum detectable effect (`mde`)", s.what),
                ));
            }
            if s.explicit && s.success.is_none() {
                hits.push(hit(
                    "EX002",
                    format!("{} has no success criterion (`success`)", s.what),
                ));
            }
            if s.explicit && s.kill.is_none() {
                hits.push(hit(
                    "EX003",
                    format!("{} has no kill-switch threshold (`kill`)", s.what),
                ));
            }
            if s.explicit && s.missing_hypothesis == Some(true) {
                hits.push(hit(
                    "EX004",
                    format!("{} states no hypothesis (`hypothesis`)", s.what),
                ));
            }
        }
    }
}
