//! Every number a rule compares against, in one table: its key in `okrlint.toml`'s
//! `[thresholds]`, its default, the rules it tunes and what it means. The `nrr` and `dora`
//! commands also take the data rules' thresholds as flags, which win over the file.

/// What `okrlint.toml` and the README say about one threshold.
#[derive(Debug, Clone, Copy)]
pub struct ThresholdDoc {
    pub key: &'static str,
    pub default: f64,
    pub rules: &'static str,
    pub about: &'static str,
}

macro_rules! thresholds {
    ($($(#[doc = $doc:literal])+ $field:ident: $key:literal = $default:literal, $rules:literal;)+) => {
        /// Limits the rules compare against; see [`THRESHOLDS`] for each one's meaning.
        #[derive(Debug, Clone, PartialEq)]
        pub struct Thresholds {
            $($(#[doc = $doc])+ pub $field: f64,)+
        }

        impl Default for Thresholds {
            fn default() -> Self {
                Self { $($field: $default,)+ }
            }
        }

        /// Every threshold, in the order the README lists them.
        pub const THRESHOLDS: &[ThresholdDoc] = &[
            $(ThresholdDoc {
                key: $key,
                default: $default,
                rules: $rules,
                about: concat!($($doc),+),
            },)+
        ];

        impl Thresholds {
            /// The value behind a `[thresholds]` key.
            pub fn slot(&mut self, key: &str) -> Option<&mut f64> {
                match key {
                    $($key => Some(&mut self.$field),)+
                    _ => None,
                }
            }
        }
    };
}

thresholds! {
    /// More objectives than this in one plan dilute focus.
    max_objectives: "max-objectives" = 3.0, "FO001";
    /// Fewer key results than this do not show what success looks like.
    min_key_results: "min-key-results" = 2.0, "FO002";
    /// More key results than this per objective dilute it.
    max_key_results: "max-key-results" = 5.0, "FO003";
    /// More initiatives than this per objective are too many in flight.
    max_initiatives: "max-initiatives" = 4.0, "FO004";
    /// An NRR target below this ratio is implausible.
    nrr_min: "nrr-min" = 0.5, "NR003";
    /// An NRR target above this ratio is implausible.
    nrr_max: "nrr-max" = 2.0, "NR003";
    /// A trailing-12 GRR below this ratio is reported (`okrlint nrr --grr-benchmark`).
    grr_benchmark: "grr-benchmark" = 0.90, "NR005";
    /// A segment holding more than this share of lost MRR is reported (`okrlint nrr --churn-share`).
    churn_share: "churn-share" = 0.5, "NR006";
    /// … and only when that share is also more than this multiple of the segment's share of starting MRR.
    churn_over_weight: "churn-over-weight" = 1.5, "NR006";
    /// Periods ending on the last month's first day are an export's edge when they are at least this share of all rows …
    edge_share: "edge-share" = 0.05, "NR008";
    /// … and at least this many.
    edge_min_periods: "edge-min-periods" = 2.0, "NR008";
    /// A relative change at least this large between the window's halves counts (`okrlint dora --material`).
    material: "material" = 0.10, "DO003";
    /// Each half of the window needs this many deployments before a trend between them means anything.
    min_deployments_per_half: "min-deployments-per-half" = 5.0, "DO003";
    /// How far a declared ratio may be from the recomputed one (a KR's `source.tolerance` wins; ×100 for percentages).
    ratio_tolerance: "ratio-tolerance" = 0.005, "NR007, DO007";
    /// How far a declared count or duration may be from the recomputed one, as a share of it (a KR's `source.tolerance` wins).
    relative_tolerance: "relative-tolerance" = 0.05, "DO007";
    /// A KR's `current` older than this many days is stale when the plan declares no `cadence`.
    stale_after_days: "stale-after-days" = 31.0, "ME013";
    /// The power an experiment's sample size is estimated for.
    experiment_power: "experiment-power" = 0.8, "EX006";
    /// The two-sided significance level assumed when an experiment declares none.
    experiment_significance: "experiment-significance" = 0.05, "EX006";
    /// How far the shares of `[team] capacity` may sum from 1 (or from 100 for percentages, ×100).
    capacity_tolerance: "capacity-tolerance" = 0.01, "FO005";
}
