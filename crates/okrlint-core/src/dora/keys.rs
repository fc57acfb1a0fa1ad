//! The one mapping from metric names to DORA keys and groups (`rules/dora-metrics.toml`),
//! shared by the OKR checks, the tiers and the `dora` command.

use std::sync::OnceLock;

use crate::registry::{embedded_file, schema};
use crate::words::TermSet;

pub use schema::Group;

include!(concat!(env!("OUT_DIR"), "/dora_keys.rs"));

/// A key with its group and the names teams give it, compiled for matching.
#[derive(Debug)]
pub struct KeyInfo {
    pub key: DoraKey,
    pub group: Group,
    /// Deployment frequency and lead time: the "speed" a team can buy with quality.
    pub speed: bool,
    pub names: TermSet,
}

/// Every key, in the file's order (specific keys before the broad flow and satisfaction).
pub fn keys() -> &'static [KeyInfo] {
    static KEYS: OnceLock<Vec<KeyInfo>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let text = embedded_file(schema::DORA_KEYS_FILE).expect("build.rs embeds it");
        let file: schema::DoraKeysFile =
            toml::from_str(text).expect("build.rs validated dora-metrics.toml");
        file.key
            .into_iter()
            .map(|entry| KeyInfo {
                key: DoraKey::parse(&entry.id).expect("build.rs generated DoraKey from it"),
                group: entry.group,
                speed: entry.speed,
                names: TermSet::new(&entry.terms),
            })
            .collect()
    })
}

impl DoraKey {
    pub fn info(self) -> &'static KeyInfo {
        keys()
            .iter()
            .find(|k| k.key == self)
            .expect("every DoraKey comes from dora-metrics.toml")
    }

    /// How reports name the key.
    pub fn label(self) -> &'static str {
        match self {
            DoraKey::DeploymentFrequency => "deployment frequency",
            DoraKey::LeadTime => "lead time for changes",
            DoraKey::ChangeFailureRate => "change failure rate",
            DoraKey::RecoveryTime => "failed deployment recovery time",
            DoraKey::ReworkRate => "rework rate",
            DoraKey::Availability => "availability",
            DoraKey::Flow => "flow",
            DoraKey::Satisfaction => "developer satisfaction",
        }
    }
}

/// The DORA/SPACE key a metric's id or name names, if any. The first listed key wins, so
/// the specific keys come before the broad flow and satisfaction ones.
pub fn classify(text: &str) -> Option<&'static KeyInfo> {
    keys().iter().find(|key| key.names.matches(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mapping_loads_and_classifies() {
        assert_eq!(keys().len(), DoraKey::ALL.len());
        assert_eq!(
            classify("deployment_frequency").map(|k| k.key),
            Some(DoraKey::DeploymentFrequency)
        );
        assert_eq!(
            classify("Change failure rate").map(|k| k.group),
            Some(Group::Instability)
        );
        assert_eq!(classify("mttr").map(|k| k.group), Some(Group::Throughput));
        assert!(classify("lead_time_hours").is_some_and(|k| k.speed));
        assert!(classify("weekly_active_teams").is_none());
        // The essays' quality side: availability, uptime and SLOs are stability too.
        for name in [
            "availability",
            "api_uptime",
            "Checkout SLO",
            "error budget burn",
        ] {
            assert_eq!(
                classify(name).map(|k| k.key),
                Some(DoraKey::Availability),
                "{name}"
            );
        }
    }
}
