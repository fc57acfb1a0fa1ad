//! Word lists compiled once into an Aho-Corasick automaton, so matching a title against a
//! list costs one pass over the title whatever the list's length.
//!
//! Text and terms are compared after [`normalize`]: ASCII lowercase, `_` and `-` read as
//! spaces. Normalizing keeps byte offsets, so a match's range is also a range in the original
//! text.

use aho_corasick::AhoCorasick;

include!(concat!(env!("OUT_DIR"), "/words_enum.rs"));

/// Lowercases and treats `_` and `-` as spaces, so `page_views`, `page-views` and
/// `Page views` all read alike. Byte lengths are unchanged.
pub fn normalize(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '_' | '-' => ' ',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// A word list ready to match.
#[derive(Debug, Clone)]
pub struct TermSet {
    terms: Vec<String>,
    /// The automaton over the normalized non-empty terms; `patterns[i]` is its term index.
    automaton: Option<AhoCorasick>,
    patterns: Vec<usize>,
}

impl Default for TermSet {
    fn default() -> Self {
        TermSet::new::<&str>(&[])
    }
}

impl TermSet {
    pub fn new<S: AsRef<str>>(terms: &[S]) -> Self {
        let terms: Vec<String> = terms.iter().map(|t| t.as_ref().to_string()).collect();
        let mut patterns = Vec::new();
        let mut normalized = Vec::new();
        for (index, term) in terms.iter().enumerate() {
            let term = normalize(term);
            if !term.is_empty() {
                patterns.push(index);
                normalized.push(term);
            }
        }
        // Building fails only past the automaton's size limits, far beyond any word list;
        // a list that cannot be built then matches nothing rather than stopping the run.
        let automaton = (!normalized.is_empty())
            .then(|| AhoCorasick::new(&normalized).ok())
            .flatten();
        TermSet {
            terms,
            automaton,
            patterns,
        }
    }

    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Every occurrence of a term in normalized text: (term index, byte range).
    fn occurrences<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = (usize, std::ops::Range<usize>)> + 'a {
        self.automaton
            .iter()
            .flat_map(move |ac| ac.find_overlapping_iter(text))
            .map(|m| (self.patterns[m.pattern().as_usize()], m.range()))
    }

    /// The first term, in list order, that occurs in `text` as whole words (a plural `s` or
    /// `es` is allowed), with where it occurs first.
    pub fn first_match_at(&self, text: &str) -> Option<(&str, std::ops::Range<usize>)> {
        let text = normalize(text);
        let mut best: Option<(usize, std::ops::Range<usize>)> = None;
        for (index, range) in self.occurrences(&text) {
            if best
                .as_ref()
                .is_some_and(|(b, r)| *b < index || (*b == index && r.start <= range.start))
            {
                continue;
            }
            let before_ok = text[..range.start]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            if before_ok && word_ends(&text[range.end..]) {
                best = Some((index, range));
            }
        }
        best.map(|(index, range)| (self.terms[index].as_str(), range))
    }

    /// The first term, in list order, that occurs in `text` as whole words.
    pub fn first_match(&self, text: &str) -> Option<&str> {
        self.first_match_at(text).map(|(term, _)| term)
    }

    pub fn matches(&self, text: &str) -> bool {
        self.first_match(text).is_some()
    }

    /// The first term, in list order, that `text` starts with as whole words.
    pub fn starts_with(&self, text: &str) -> Option<&str> {
        let text = normalize(text);
        let offset = text.len() - text.trim_start().len();
        let mut best: Option<usize> = None;
        for (index, range) in self.occurrences(&text) {
            if range.start == offset
                && word_ends(&text[range.end..])
                && best.is_none_or(|b| index < b)
            {
                best = Some(index);
            }
        }
        best.map(|index| self.terms[index].as_str())
    }

    /// Whether any term occurs anywhere in `text`, inside words too (for formulas, where
    /// `ending_mrr` and `endingmrr` mean the same).
    pub fn occurs_in(&self, text: &str) -> bool {
        self.occurrences(&normalize(text)).next().is_some()
    }
}

/// After a term: an optional plural `s`/`es`, then no letter or digit.
fn word_ends(rest: &str) -> bool {
    let rest = rest
        .strip_prefix("es")
        .filter(|r| r.chars().next().is_none_or(|c| !c.is_alphanumeric()))
        .or_else(|| rest.strip_prefix('s'))
        .unwrap_or(rest);
    rest.chars().next().is_none_or(|c| !c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_whole_words_and_plurals() {
        let t = TermSet::new(&["signup", "page view", "ship"]);
        assert_eq!(t.first_match("Double weekly signups"), Some("signup"));
        assert_eq!(t.first_match("monthly_page_views"), Some("page view"));
        assert_eq!(t.first_match("Ship the checklist"), Some("ship"));
        assert_eq!(t.first_match("Improve ownership of the relationship"), None);
        assert_eq!(t.first_match("Shipping faster"), None);
    }

    #[test]
    fn the_first_term_in_list_order_wins_wherever_it_occurs() {
        let t = TermSet::new(&["retention", "signup"]);
        assert_eq!(t.first_match("signups and retention"), Some("retention"));
        let (term, range) = t.first_match_at("Raise Signups, signups").unwrap();
        assert_eq!((term, range), ("signup", 6..12));
    }

    #[test]
    fn a_rejected_occurrence_does_not_hide_a_later_one() {
        let t = TermSet::new(&["ship"]);
        assert_eq!(t.first_match("shipping, then ship it"), Some("ship"));
    }

    #[test]
    fn starts_with_checks_the_first_words() {
        let t = TermSet::new(&["ship", "roll out"]);
        assert_eq!(t.starts_with("Roll out SSO"), Some("roll out"));
        assert_eq!(t.starts_with("  ship it"), Some("ship"));
        assert_eq!(t.starts_with("Raise activation by shipping"), None);
    }

    #[test]
    fn occurs_in_matches_inside_words() {
        let t = TermSet::new(&["end"]);
        assert!(t.occurs_in("(a + b) / endingmrr"));
        assert!(!t.occurs_in("(a + b) / starting"));
        assert!(!TermSet::new(&[""]).occurs_in("anything"));
    }
}
