//! The medians: deploy-days per week with empty weeks counted, and durations per group in
//! hours (polars' `median`, which interpolates an even count).

use polars::prelude::*;

/// The median of `total` values: `total − nonzero.len()` zeros and the sorted `nonzero`
/// counts; the mean of the two middle values for an even count.
pub(super) fn median_with_zeros(nonzero: &[usize], total: usize) -> Option<f64> {
    let zeros = total.saturating_sub(nonzero.len());
    let at = |i: usize| {
        if i < zeros {
            0.0
        } else {
            nonzero.get(i - zeros).map_or(0.0, |&n| n as f64)
        }
    };
    match total {
        0 => None,
        n if n % 2 == 1 => Some(at(n / 2)),
        n => Some((at(n / 2 - 1) + at(n / 2)) / 2.0),
    }
}

/// Median milliseconds per group, in hours, computed by polars (`median` interpolates an even
/// count to the mean of the two middle values).
pub(super) fn medians_in_hours(
    groups: Vec<u32>,
    millis: Vec<i64>,
    count: usize,
) -> PolarsResult<Vec<Option<f64>>> {
    let mut out = vec![None; count];
    if groups.is_empty() {
        return Ok(out);
    }
    let frame = df!["group" => groups, "millis" => millis]?
        .lazy()
        .group_by([col("group")])
        .agg([col("millis").median().alias("median")])
        .collect()?;
    let keys = frame.column("group")?.u32()?;
    let medians = frame.column("median")?.f64()?;
    for (key, median) in keys.iter().zip(medians.iter()) {
        if let (Some(key), Some(median)) = (key, median) {
            if let Some(slot) = out.get_mut(key as usize) {
                *slot = Some(median / 3_600_000.0);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::median_with_zeros;

    #[test]
    fn medians_count_the_empty_weeks() {
        assert_eq!(median_with_zeros(&[], 0), None);
        assert_eq!(median_with_zeros(&[], 3), Some(0.0));
        // 0, 0, 3 → 0; 0, 2, 3 → 2; 1, 2, 3, 5 → 2.5; 0, 0, 4, 5 → 2
        assert_eq!(median_with_zeros(&[3], 3), Some(0.0));
        assert_eq!(median_with_zeros(&[2, 3], 3), Some(2.0));
        assert_eq!(median_with_zeros(&[1, 2, 3, 5], 4), Some(2.5));
        assert_eq!(median_with_zeros(&[4, 5], 4), Some(2.0));
    }
}
