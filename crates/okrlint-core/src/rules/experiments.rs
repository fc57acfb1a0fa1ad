//! Experiments: a test needs a minimum detectable effect, and a bet needs success and kill
//! criteria written down before it starts.

use super::Context;
use crate::diagnostic::{Code, Hit};
use crate::model::{InitiativeKind, KrKind, Spanned};
use crate::words::Words;

pub const CODES: &[Code] = &[Code::EX001, Code::EX002, Code::EX003, Code::EX004];

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
}

pub fn detect(ctx: &Context, hits: &mut Vec<Hit>) {
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
            if s.explicit && s.success.is_none() {
                hits.push(hit(
                    Code::EX002,
                    format!("{} has no success criterion (`success`)", s.what),
                ));
            }
            if s.explicit && s.kill.is_none() {
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
