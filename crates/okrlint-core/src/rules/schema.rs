//! Schema: problems with the file itself. Parse, type and key errors come from the reader
//! (`model::read`); this module adds the checks that need a whole document.

use std::collections::{BTreeMap, BTreeSet};

use super::Context;
use crate::diagnostic::{Code, Hit};
use crate::model::Spanned;

pub const CODES: &[Code] = &[
    Code::SC001,
    Code::SC002,
    Code::SC003,
    Code::SC004,
    Code::SC005,
    Code::SC006,
    Code::SC007,
    Code::SC008,
    Code::SC009,
    Code::SC010,
    Code::SC011,
];

pub fn detect(ctx: &Context, hits: &mut Vec<Hit>) {
    for doc in ctx.documents {
        let mut objective_ids = BTreeMap::new();
        let mut kr_ids = BTreeMap::new();
        for objective in &doc.objectives {
            duplicate(
                &objective.id,
                &mut objective_ids,
                "objective",
                doc.file,
                hits,
            );
            for kr in &objective.key_results {
                duplicate(&kr.id, &mut kr_ids, "key result", doc.file, hits);
            }
        }
        for objective in &doc.objectives {
            for initiative in &objective.initiatives {
                let Some(moves) = &initiative.moves else {
                    continue;
                };
                for target in &moves.value {
                    if !kr_ids.contains_key(target.as_str()) {
                        hits.push(
                            Hit::new(
                                Code::SC007,
                                doc.file,
                                target.span.clone(),
                                format!(
                                    "initiative moves `{}`, which is not a key result in this file",
                                    target.value
                                ),
                            )
                            .objective(objective.id_str()),
                        );
                    }
                }
            }
        }
    }
    let mut metric_ids = BTreeMap::new();
    let mut seen_files = BTreeSet::new();
    for doc in ctx.documents {
        if seen_files.insert(doc.file) {
            for metric in &doc.metrics {
                duplicate(&metric.id, &mut metric_ids, "metric", doc.file, hits);
            }
        }
    }
}

fn duplicate<'a>(
    id: &'a Option<Spanned<String>>,
    seen: &mut BTreeMap<&'a str, ()>,
    what: &str,
    file: usize,
    hits: &mut Vec<Hit>,
) {
    let Some(id) = id else { return };
    if seen.insert(id.as_str(), ()).is_some() {
        hits.push(Hit::new(
            Code::SC006,
            file,
            id.span.clone(),
            format!("{what} id `{}` is used more than once", id.value),
        ));
    }
}
