//! "Did you mean" for keys, enum values and rule codes.

/// The closest candidate, if it is close enough to be a plausible typo.
pub fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let input = input.to_lowercase();
    candidates
        .into_iter()
        .map(|candidate| {
            (
                strsim::jaro_winkler(&input, &candidate.to_lowercase()),
                candidate,
            )
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggests_near_misses_only() {
        let keys = ["owner", "target", "baseline", "due"];
        assert_eq!(did_you_mean("ownr", keys), Some("owner"));
        assert_eq!(did_you_mean("tagret", keys), Some("target"));
        assert_eq!(did_you_mean("Baseline", keys), Some("baseline"));
        assert_eq!(did_you_mean("colour", keys), None);
    }
}
