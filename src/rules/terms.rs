//! Word-list matching, shared by the detectors that guess at language and by user rules.

use crate::check::Context;
use crate::finding::Hit;
use crate::model::Sp;

/// Lowercases and treats `_` and `-` as spaces, so `page_views`, `page-views` and
/// `Page views` all read alike.
pub fn normalize(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '_' | '-' => ' ',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The first term that occurs in `text` as whole words (a plural `s`/`es` is allowed).
pub fn first_match<'t>(text: &str, terms: &'t [String]) -> Option<&'t str> {
    let text = normalize(text);
    terms
        .iter()
        .find(|term| contains_words(&text, &normalize(term)))
        .map(String::as_str)
}

pub fn matches_any(text: &str, terms: &[String]) -> bool {
    first_match(text, terms).is_some()
}

/// Whether `text` (normalized) starts with `term` as whole words.
pub fn starts_with_term<'t>(text: &str, terms: &'t [String]) -> Option<&'t str> {
    let text = normalize(text);
    let text = text.trim_start();
    terms
        .iter()
        .find(|term| {
            let term = normalize(term);
            text.starts_with(term.as_str()) && word_ends(&text[term.len()..])
        })
        .map(String::as_str)
}

fn contains_words(text: &str, term: &str) -> bool {
    if term.is_empty() {
        return false;
    }
    text.match_indices(term).any(|(at, _)| {
        let before_ok = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        before_ok && word_ends(&text[at + term.len()..])
    })
}

fn word_ends(rest: &str) -> bool {
    let rest = rest
        .strip_prefix("es")
        .filter(|r| r.chars().next().is_none_or(|c| !c.is_alphanumeric()))
        .or_else(|| rest.strip_prefix('s'))
        .unwrap_or(rest);
    rest.chars().next().is_none_or(|c| !c.is_alphanumeric())
}

/// Data-only rules (`[rule.match]`), built-in or from `--rules DIR`.
pub fn check_user_rules(ctx: &Context, hits: &mut Vec<Hit>) {
    for rule in ctx.registry.rules() {
        let Some(matcher) = &rule.matcher else {
            continue;
        };
        let scoped = |scope: &str| matcher.scopes.iter().any(|s| s == scope);
        let mut check =
            |title: &Option<Sp<String>>, file, objective: Option<&str>, kr: Option<&str>| {
                let Some(title) = title else { return };
                if let Some(term) = first_match(&title.value, &matcher.terms) {
                    let message = format!("{} (`{term}`)", matcher.message);
                    hits.push(
                        Hit::new(&rule.code, file, title.span.clone(), message)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn matches_whole_words_and_plurals() {
        let t = terms(&["signup", "page view", "ship"]);
        assert_eq!(first_match("Double weekly signups", &t), Some("signup"));
        assert_eq!(first_match("monthly_page_views", &t), Some("page view"));
        assert_eq!(first_match("Ship the checklist", &t), Some("ship"));
        assert_eq!(
            first_match("Improve ownership of the relationship", &t),
            None
        );
        assert_eq!(first_match("Shipping faster", &t), None);
    }

    #[test]
    fn starts_with_checks_the_first_words() {
        let t = terms(&["ship", "roll out"]);
        assert_eq!(starts_with_term("Roll out SSO", &t), Some("roll out"));
        assert_eq!(starts_with_term("Raise activation by shipping", &t), None);
    }
}
