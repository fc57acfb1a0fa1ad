//! What every detector sees: the documents of the run, the metric catalog built from
//! them, the thresholds, the rule registry (for word lists) and the engine port.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::config::Thresholds;
use crate::diagnostic::FileId;
use crate::engine::Engine;
use crate::model::{DataSource, Document, KeyResult, Metric, Objective};
use crate::registry::Registry;
use crate::source::SourceFile;
use crate::words::{TermSet, Words};

/// The metric catalog: every `[[metric]]` read in this run, by id (first definition wins;
/// duplicates are reported by the schema family).
#[derive(Debug, Default)]
pub struct Catalog<'a> {
    pub metrics: BTreeMap<&'a str, (FileId, &'a Metric)>,
    /// Every id some catalog metric lists among its drivers.
    pub drivers: std::collections::BTreeSet<&'a str>,
}

impl<'a> Catalog<'a> {
    pub fn build(documents: &'a [Document]) -> Self {
        let mut metrics = BTreeMap::new();
        for doc in documents {
            for metric in &doc.metrics {
                if let Some(id) = metric.id_str() {
                    metrics.entry(id).or_insert((doc.file, metric));
                }
            }
        }
        let drivers = metrics
            .values()
            .flat_map(|(_, m): &(FileId, &Metric)| m.drivers.iter().map(|d| d.value.as_str()))
            .collect();
        Catalog { metrics, drivers }
    }

    /// Catalog rules only make sense when the team wrote a catalog.
    pub fn is_loaded(&self) -> bool {
        !self.metrics.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<&'a Metric> {
        self.metrics.get(id).map(|(_, m)| *m)
    }

    /// A metric's id and, when the catalog defines it, its name: what word lists match on.
    pub fn describe(&self, id: &str) -> String {
        match self.get(id).and_then(|m| m.name.as_ref()) {
            Some(name) => format!("{id} {}", name.value),
            None => id.to_string(),
        }
    }
}

/// What every detector sees.
pub struct Context<'a> {
    pub documents: &'a [Document],
    /// The files behind `documents` (by `Document::file`), for paths relative to them.
    pub sources: &'a [SourceFile],
    pub catalog: Catalog<'a>,
    pub thresholds: &'a Thresholds,
    pub registry: &'a Registry,
    /// Computes figures for the rules that check declared values against data.
    pub engine: &'a dyn Engine,
    /// The day a KR's `current` is judged stale against (ME013).
    pub today: jiff::civil::Date,
}

impl<'a> Context<'a> {
    pub fn objectives(&self) -> impl Iterator<Item = (&'a Document, &'a Objective)> {
        self.documents
            .iter()
            .flat_map(|doc| doc.objectives.iter().map(move |o| (doc, o)))
    }

    /// Where a KR's value can be recomputed from: its own `source`, else its catalog
    /// metric's; with the file that declared it, against which relative paths resolve.
    pub fn data_source(
        &self,
        doc: &'a Document,
        kr: &'a KeyResult,
    ) -> Option<(&'a DataSource, FileId, PathBuf)> {
        let (source, file) = kr.source.as_ref().map(|s| (s, doc.file)).or_else(|| {
            let metric = kr.metric.as_ref()?;
            let (file, defined) = self.catalog.metrics.get(metric.as_str())?;
            defined.source.as_ref().map(|s| (s, *file))
        })?;
        let base = self.sources[file]
            .path
            .parent()
            .unwrap_or(std::path::Path::new(""))
            .to_path_buf();
        Some((source, file, base))
    }

    pub fn key_results(
        &self,
    ) -> impl Iterator<Item = (&'a Document, &'a Objective, &'a KeyResult)> {
        self.objectives()
            .flat_map(|(doc, o)| o.key_results.iter().map(move |kr| (doc, o, kr)))
    }

    /// Documents that hold a plan (objectives), i.e. one team each.
    pub fn plans(&self) -> impl Iterator<Item = &'a Document> {
        self.documents.iter().filter(|d| !d.objectives.is_empty())
    }
}

impl Context<'_> {
    /// A shared word list from `rules/words.toml`.
    pub fn words(&self, words: Words) -> &TermSet {
        self.registry.words(words)
    }
}
