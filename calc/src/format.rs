//! Number formatting shared by the page and the CLI.

/// `1234567` → `"1,234,567"`; four-digit numbers stay unseparated (`"3584"`), as the
/// lecture and most style guides write them.
pub fn thousands(value: u64) -> String {
    let digits = value.to_string();
    if digits.len() <= 4 {
        return digits;
    }
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A fraction as a percentage with one decimal: 0.15123 → `"15.1 %"`.
pub fn percent(fraction: f64) -> String {
    format!("{:.1} %", fraction * 100.0)
}

/// A fraction as a percentage with two decimals: 0.94863 → `"94.86 %"`.
pub fn percent2(fraction: f64) -> String {
    format!("{:.2} %", fraction * 100.0)
}

/// A factor with one decimal: 6.61 → `"6.6×"`.
pub fn times(factor: f64) -> String {
    if factor.is_finite() {
        format!("{factor:.1}×")
    } else {
        "∞×".to_string()
    }
}

/// A measured value with `digits` significant figures (at least the whole
/// part), never in exponent form: 12.345 → `"12.3"`, 0.001_234_5 → `"0.00123"`,
/// 1234.6 → `"1235"`, 9.996 → `"10.0"`. Measured times and rates have no exact
/// digits to show; three are plenty. At most 17 decimals: smaller values read
/// as zeros.
///
/// Written with integer arithmetic only: the standard library's float
/// formatting would be one more thing the page's first load must carry.
pub fn significant(value: f64, digits: u32) -> String {
    if value.is_nan() {
        return "NaN".to_string();
    }
    if value.is_infinite() {
        return if value > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    if value == 0.0 {
        return "0".to_string();
    }
    let digits = digits.clamp(1, 17) as i32;
    let sign = if value < 0.0 { "-" } else { "" };
    let magnitude = value.abs();
    // The decimal exponent of the value once rounded to `digits` figures.
    let mut exponent = 0i32;
    let mut mantissa = magnitude;
    while mantissa >= 10.0 {
        mantissa /= 10.0;
        exponent += 1;
    }
    while mantissa < 1.0 {
        mantissa *= 10.0;
        exponent -= 1;
    }
    let scale = 10f64.powi(digits - 1);
    if (mantissa * scale).round() >= 10.0 * scale {
        exponent += 1;
    }
    let decimals = (digits - 1 - exponent).clamp(0, 17);
    let scaled = (magnitude * 10f64.powi(decimals)).round();
    let figures = if scaled < 1e19 {
        (scaled as u64).to_string()
    } else {
        // Beyond u64 (never a measured value): the leading figures, then zeros.
        let lead = (magnitude / 10f64.powi(exponent - (digits - 1))).round() as u64;
        format!(
            "{lead}{}",
            "0".repeat((exponent - (digits - 1)).max(0) as usize)
        )
    };
    if decimals == 0 {
        return format!("{sign}{figures}");
    }
    let width = decimals as usize + 1;
    let padded = format!(
        "{}{figures}",
        "0".repeat(width.saturating_sub(figures.len()))
    );
    let (whole, fraction) = padded.split_at(padded.len() - decimals as usize);
    format!("{sign}{whole}.{fraction}")
}

/// A count in millions with one decimal: 568_740_352 → `"568.7M"`.
pub fn millions(value: u64) -> String {
    format!("{:.1}M", value as f64 / 1e6)
}

/// How the separable form compares with the standard one, from the ratio
/// separable / standard: 0.151 → `"6.6× fewer"`, 1.11 → `"1.1× more"`, 1 →
/// `"as many"`; a factor that rounds to 1.0× is `"about as many"`.
pub fn fewer_or_more(ratio: f64) -> String {
    if ratio == 1.0 {
        return "as many".to_string();
    }
    let (factor, word) = if ratio < 1.0 {
        (1.0 / ratio, "fewer")
    } else {
        (ratio, "more")
    };
    match times(factor) {
        one if one == "1.0×" => "about as many".to_string(),
        text => format!("{text} {word}"),
    }
}

/// A number as a person would echo it back: short, never hundreds of digits.
/// 0.75 → `"0.75"`, 1e-300 → `"1e-300"`, 2.5e20 → `"2.5e20"`, 0.1 + 0.2 → `"0.3"`.
pub fn short_number(value: f64) -> String {
    if !value.is_finite() || value == 0.0 {
        return format!("{value}");
    }
    let magnitude = value.abs();
    if (1e-4..1e7).contains(&magnitude) {
        let plain = format!("{value}");
        if plain.len() <= 10 {
            return plain;
        }
        return trim_zeros(&format!("{value:.6}")).to_string();
    }
    let scientific = format!("{value:.3e}");
    match scientific.split_once('e') {
        Some((mantissa, exponent)) => format!("{}e{exponent}", trim_zeros(mantissa)),
        None => scientific,
    }
}

/// "1.500" → "1.5", "2.000" → "2"; text without a decimal point is unchanged.
fn trim_zeros(text: &str) -> &str {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        text
    }
}

/// User input to echo in a one-line message: control characters escaped (so a
/// message stays on one line) and anything beyond `max` characters cut, with "…".
pub fn shorten(text: &str, max: usize) -> String {
    let escaped: String = text
        .chars()
        .flat_map(|c| {
            let shown: Vec<char> = if c.is_control() {
                c.escape_default().collect()
            } else {
                vec![c]
            };
            shown
        })
        .collect();
    if escaped.chars().count() <= max {
        return escaped;
    }
    let mut cut: String = escaped.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separates_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(3584), "3584");
        assert_eq!(thousands(10_000), "10,000");
        assert_eq!(thousands(568_740_352), "568,740,352");
        assert_eq!(thousands(u64::MAX), "18,446,744,073,709,551,615");
    }

    #[test]
    fn formats_fractions() {
        assert_eq!(percent(542.0 / 3584.0), "15.1 %");
        assert_eq!(times(3584.0 / 542.0), "6.6×");
        assert_eq!(times(f64::INFINITY), "∞×");
        assert_eq!(percent2(0.948_63), "94.86 %");
        assert_eq!(millions(568_740_352), "568.7M");
    }

    #[test]
    fn measured_values_keep_three_figures() {
        assert_eq!(significant(12.345, 3), "12.3");
        assert_eq!(significant(0.001_234_5, 3), "0.00123");
        assert_eq!(significant(1234.6, 3), "1235");
        assert_eq!(significant(9.996, 3), "10.0");
        assert_eq!(significant(0.099_96, 3), "0.100");
        assert_eq!(significant(-2.5, 2), "-2.5");
        assert_eq!(significant(7.0, 3), "7.00");
        assert_eq!(significant(0.0, 3), "0");
        assert_eq!(significant(f64::INFINITY, 3), "inf");
        assert_eq!(significant(f64::NAN, 3), "NaN");
        assert_eq!(significant(123_456.7, 3), "123457");
        assert_eq!(significant(2.5e20, 3), "250000000000000000000");
        assert_eq!(
            significant(1e-300, 3),
            "0.00000000000000000",
            "never an exponent"
        );
        // As the float formatter writes them, over many values.
        for i in 1..2000 {
            let v = f64::from(i) * 0.000_731_3 * f64::from(i % 7 + 1);
            let e = v.log10().floor() as i32;
            let d = (2 - e).max(0) as usize;
            let mut exact = format!("{v:.d$}");
            // Rounding up to the next power of ten takes one decimal less.
            if exact.replace('.', "").trim_start_matches('0').len() > 3 && d > 0 {
                exact = format!("{v:.0$}", d - 1);
            }
            assert_eq!(significant(v, 3), exact, "{v}");
        }
    }

    #[test]
    fn says_more_when_it_is_more() {
        assert_eq!(fewer_or_more(542.0 / 3584.0), "6.6× fewer");
        assert_eq!(fewer_or_more(10.0 / 9.0), "1.1× more");
        assert_eq!(fewer_or_more(2.0), "2.0× more");
        assert_eq!(fewer_or_more(1.0), "as many");
        assert_eq!(fewer_or_more(0.99), "about as many");
        assert_eq!(fewer_or_more(0.0), "∞× fewer");
    }

    #[test]
    fn echoes_numbers_short() {
        assert_eq!(short_number(0.75), "0.75");
        assert_eq!(short_number(1e-300), "1e-300");
        assert_eq!(short_number(1e300), "1e300");
        assert_eq!(short_number(2.5e20), "2.5e20");
        assert_eq!(short_number(0.1 + 0.2), "0.3");
        assert_eq!(short_number(2.0), "2");
        assert_eq!(short_number(-0.000_012_5), "-1.25e-5");
        assert_eq!(short_number(f64::NAN), "NaN");
        assert!(short_number(f64::MAX).len() < 12);
    }

    #[test]
    fn shortens_input_to_one_short_line() {
        assert_eq!(shorten("abc", 10), "abc");
        assert_eq!(shorten("a\nb", 10), "a\\nb");
        assert_eq!(shorten(&"x".repeat(100), 5), "xxxx…");
        assert!(!shorten("1\n2\r3", 40).contains('\n'));
    }
}
