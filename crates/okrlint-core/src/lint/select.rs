//! Which rules are on: the config's select/ignore first, the command line's on top (like
//! ruff). Known before any detector runs.

use crate::config::{Config, Selector};
use crate::registry::RuleMeta;

/// Which rules are on: config first, command line on top (like ruff).
pub(crate) struct Selection {
    pub(crate) select: Vec<Selector>,
    pub(crate) ignore: Vec<Selector>,
}

impl Selection {
    pub(crate) fn new(config: &Config, select: &[String], ignore: &[String]) -> Self {
        let mut chosen: Vec<Selector> = if select.is_empty() {
            config.select.iter().map(|s| s.value.clone()).collect()
        } else {
            select.iter().cloned().map(Selector).collect()
        };
        if chosen.is_empty() {
            chosen.push(Selector("ALL".into()));
        }
        let ignore = config
            .ignore
            .iter()
            .map(|s| s.value.clone())
            .chain(ignore.iter().cloned().map(Selector))
            .collect();
        Self {
            select: chosen,
            ignore,
        }
    }

    /// Every rule, as for the data commands.
    pub(crate) fn all() -> Self {
        Self {
            select: vec![Selector("ALL".into())],
            ignore: Vec::new(),
        }
    }

    /// Whether a rule's findings are reported. Input errors always are.
    pub(crate) fn enabled(&self, rule: &RuleMeta) -> bool {
        rule.fatal || self.selected(rule)
    }

    fn selected(&self, rule: &RuleMeta) -> bool {
        let chosen = if rule.opt_in {
            self.select
                .iter()
                .any(|s| s.0 == rule.code || s.0 == rule.name)
        } else {
            self.select.iter().any(|s| s.matches(rule))
        };
        chosen && !self.ignore.iter().any(|s| s.matches(rule))
    }
}
