//! "Did you mean" for keys, enum values and rule codes.

/// The closest candidate, if it is close enough to be a plausible typo.
pub fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let input = input.to_lowercase();
    candidates
        .into_iter()
        .filter_map(|candidate| {
            let lower = candidate.to_lowercase();
            let similarity = strsim::jaro_winkler(&input, &lower);
            // Short keys (due, id) are too short for Jaro-Winkler: allow two edits there.
            let edits = strsim::osa_distance(&input, &lower);
            let close = similarity >= 0.8
                || (input.len() >= 3
                    && lower.len() >= 3
                    && edits <= 2
                    && edits <= lower.len() / 2 + 1);
            close.then_some((similarity, candidate))
        })
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
        assert_eq!(did_you_mean("dew", keys), Some("due"));
        assert_eq!(did_you_mean("colour", keys), None);
        assert_eq!(did_you_mean("zzz", keys), None);
    }
}
