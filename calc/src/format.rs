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

/// A count in millions with one decimal: 568_740_352 → `"568.7M"`.
pub fn millions(value: u64) -> String {
    format!("{:.1}M", value as f64 / 1e6)
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
}
