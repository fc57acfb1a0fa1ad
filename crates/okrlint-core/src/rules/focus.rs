//! Focus: few objectives, a handful of key results each, few initiatives in flight.

use super::Context;
use crate::diagnostic::{Code, Hit};

pub const CODES: &[Code] = &[Code::FO001, Code::FO002, Code::FO003, Code::FO004];

pub fn detect(ctx: &Context, hits: &mut Vec<Hit>) {
    let t = ctx.thresholds;
    for doc in ctx.plans() {
        let count = doc.objectives.len();
        if count as f64 > t.max_objectives {
            // Point at the first objective past the limit: that is where focus was lost.
            let extra = &doc.objectives[t.max_objectives as usize];
            hits.push(
                Hit::new(
                    Code::FO001,
                    doc.file,
                    extra.anchor(),
                    format!(
                        "{count} objectives in one plan; at most {} keeps a team focused",
                        t.max_objectives
                    ),
                )
                .objective(extra.id_str()),
            );
        }
        for objective in &doc.objectives {
            let oid = objective.id_str();
            let krs = objective.key_results.len();
            let label = oid.unwrap_or("?");
            if (krs as f64) < t.min_key_results {
                hits.push(
                    Hit::new(
                        Code::FO002,
                        doc.file,
                        objective.anchor(),
                        format!("objective `{label}` has {krs} key result(s); at least {} show what success looks like", t.min_key_results),
                    )
                    .objective(oid),
                );
            }
            if krs as f64 > t.max_key_results {
                let extra = &objective.key_results[t.max_key_results as usize];
                hits.push(
                    Hit::new(
                        Code::FO003,
                        doc.file,
                        extra.anchor(),
                        format!(
                            "objective `{label}` has {krs} key results; more than {} dilutes it",
                            t.max_key_results
                        ),
                    )
                    .objective(oid)
                    .key_result(extra.id_str()),
                );
            }
            let initiatives = objective.initiatives.len();
            if initiatives as f64 > t.max_initiatives {
                let extra = &objective.initiatives[t.max_initiatives as usize];
                hits.push(
                    Hit::new(
                        Code::FO004,
                        doc.file,
                        extra.anchor(),
                        format!("objective `{label}` has {initiatives} initiatives in flight; at most {}", t.max_initiatives),
                    )
                    .objective(oid),
                );
            }
        }
    }
}
