//! Money as integers: an amount is parsed into units of 10^-scale (cents by default) and
//! never touches a float until a ratio is printed.

/// Parses `123`, `123.4`, `123.45` into integer units of 10^-scale.
pub fn parse_units(text: &str, scale: u32) -> Result<i64, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("amount is empty".into());
    }
    if text.starts_with('-') {
        return Err(format!("amount `{text}` is negative"));
    }
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let whole = whole.strip_prefix('+').unwrap_or(whole);
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty() || !all_digits(whole) || !all_digits(fraction) {
        return Err(format!(
            "`{text}` is not a plain decimal amount (digits and one `.`)"
        ));
    }
    if fraction.len() > scale as usize {
        return Err(format!(
            "amount `{text}` has {} decimals; at most {scale} are allowed (see --scale)",
            fraction.len()
        ));
    }
    let factor = 10i64.checked_pow(scale).ok_or("scale is too large")?;
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole
            .parse()
            .map_err(|_| format!("amount `{text}` is too large"))?
    };
    let padded = format!("{fraction:0<width$}", width = scale as usize);
    let fraction: i64 = if padded.is_empty() {
        0
    } else {
        padded
            .parse()
            .map_err(|_| format!("amount `{text}` is too large"))?
    };
    whole
        .checked_mul(factor)
        .and_then(|w| w.checked_add(fraction))
        .ok_or_else(|| format!("amount `{text}` is too large"))
}

/// Integer units back to a decimal string with exactly `scale` places.
pub fn format_units(units: i64, scale: u32) -> String {
    if scale == 0 {
        return units.to_string();
    }
    let factor = 10i128.pow(scale);
    let units = i128::from(units);
    let sign = if units < 0 { "-" } else { "" };
    let abs = units.abs();
    format!(
        "{sign}{}.{:0width$}",
        abs / factor,
        abs % factor,
        width = scale as usize
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exact_cents_and_rejects_the_rest() {
        assert_eq!(parse_units("50", 2), Ok(5000));
        assert_eq!(parse_units("49.9", 2), Ok(4990));
        assert_eq!(parse_units("0.07", 2), Ok(7));
        assert_eq!(parse_units(".5", 2), Ok(50));
        assert!(parse_units("1.005", 2).is_err());
        assert_eq!(parse_units("1.005", 3), Ok(1005));
        assert!(parse_units("-5", 2).unwrap_err().contains("negative"));
        assert!(parse_units("1,000", 2).is_err());
        assert!(parse_units("", 2).is_err());
        assert!(parse_units("99999999999999999999", 2).is_err());
        assert_eq!(format_units(123456, 2), "1234.56");
        assert_eq!(format_units(-7, 2), "-0.07");
        assert_eq!(format_units(5, 0), "5");
    }
}
