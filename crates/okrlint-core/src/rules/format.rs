//! How rules and reports print numbers, one way each.

/// Numbers as a person wrote them: no trailing `.0`.
pub fn fmt_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

/// Four decimals: enough for hours to the second and rates to a hundredth of a percent.
pub fn round4(value: f64) -> f64 {
    (value * 10_000.0).round() / 10_000.0
}

/// A ratio as a percentage with `decimals` places (`0.9412` → `94.12%`).
pub fn percent(value: f64, decimals: usize) -> String {
    format!("{:.decimals$}%", value * 100.0)
}

/// An optional ratio as a percentage, `—` when there is none.
pub fn percent_or_dash(value: Option<f64>, decimals: usize) -> String {
    value.map_or_else(|| "—".to_string(), |v| percent(v, decimals))
}
