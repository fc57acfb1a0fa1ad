//! The one mapping from metric names to DORA keys and groups (`rules/dora-metrics.toml`),
//! shared by the OKR checks and the `dora` command.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::rules::terms::matches_any;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Group {
    Throughput,
    Instability,
    Flow,
    Satisfaction,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Key {
    pub id: String,
    pub group: Group,
    /// Deployment frequency and lead time: the "speed" a team can buy with quality.
    #[serde(default)]
    pub speed: bool,
    pub terms: Vec<String>,
}

#[derive(Deserialize)]
struct KeysFile {
    key: Vec<Key>,
}

pub fn keys() -> &'static [Key] {
    static KEYS: OnceLock<Vec<Key>> = OnceLock::new();
    KEYS.get_or_init(|| {
        crate::embedded::file("dora-metrics.toml")
            .and_then(|text| toml::from_str::<KeysFile>(text).ok())
            .map_or_else(Vec::new, |f| f.key)
    })
}

/// The DORA/SPACE key a metric's id or name names, if any. The first listed key wins, so
/// the specific keys come before the broad flow and satisfaction ones.
pub fn classify(text: &str) -> Option<&'static Key> {
    keys().iter().find(|key| matches_any(text, &key.terms))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mapping_loads_and_classifies() {
        assert_eq!(keys().len(), 7);
        assert_eq!(
            classify("deployment_frequency").map(|k| k.id.as_str()),
            Some("deployment_frequency")
        );
        assert_eq!(
            classify("Change failure rate").map(|k| k.group),
            Some(Group::Instability)
        );
        assert_eq!(classify("mttr").map(|k| k.group), Some(Group::Throughput));
        assert!(classify("lead_time_hours").is_some_and(|k| k.speed));
        assert!(classify("weekly_active_teams").is_none());
    }
}
