//! Data-only rules (`[rule.match]`): a word list matched against titles, built-in or from
//! `--rules DIR`.

use super::Context;
use crate::diagnostic::Hit;
use crate::model::Spanned;

pub fn detect(ctx: &Context, hits: &mut Vec<Hit>) {
    for (id, rule) in ctx.registry.entries() {
        let (Some(matcher), Some(terms)) = (&rule.meta.matcher, &rule.matcher) else {
            continue;
        };
        let scoped = |scope: &str| matcher.scopes.iter().any(|s| s == scope);
        let mut check =
            |title: &Option<Spanned<String>>, file, objective: Option<&str>, kr: Option<&str>| {
                let Some(title) = title else { return };
                if let Some(term) = terms.first_match(&title.value) {
                    let message = format!("{} (`{term}`)", matcher.message);
                    hits.push(
                        Hit::new(id, file, title.span.clone(), message)
                            .objective(objective)
                            .key_result(kr),
                    );
                }
            };
        for (doc, objective) in ctx.objectives() {
            let oid = objective.id_str();
            if scoped("objective.title") {
                check(&objective.title, doc.file, oid, None);
            }
            if scoped("key_result.title") {
                for kr in &objective.key_results {
                    check(&kr.title, doc.file, oid, kr.id_str());
                }
            }
            if scoped("initiative.title") {
                for initiative in &objective.initiatives {
                    check(&initiative.title, doc.file, oid, None);
                }
            }
        }
    }
}
