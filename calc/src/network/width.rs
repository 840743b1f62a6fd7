//! Channel counts under a width multiplier α.

/// The nearest multiple of `divisor` to `value`, at least `divisor`, and never more
/// than 10 % below `value`.
///
/// # Formula
/// `max(d, ⌊(v + d/2) / d⌋·d)`, plus `d` when that is below 0.9·v: TF-slim's and
/// torchvision's `_make_divisible(v, d)` (MobileNet v2 and v3, EfficientNet), and
/// MnasNet's `_round_to_multiple_of(v, d)`, which is the same rule.
///
/// # Examples
/// ```
/// use sepconv_calc::network::make_divisible;
/// assert_eq!(make_divisible(0.35 * 32.0, 8), 16);
/// assert_eq!(make_divisible(83.0, 8), 80);
/// assert_eq!(make_divisible(84.0, 8), 88);
/// ```
pub fn make_divisible(value: f64, divisor: u64) -> u64 {
    let d = divisor.max(1) as f64;
    let mut rounded = (((value + d / 2.0) / d).floor() * d).max(d);
    if rounded < 0.9 * value {
        rounded += d;
    }
    // Callers keep α·c small (α ≤ 2), so this conversion is exact.
    rounded as u64
}

/// ⌊α·c⌋, MobileNet v1's rule (Keras and TF-slim: `int(α·c)`).
pub(crate) fn floor_width(alpha: f64, channels: u64) -> u64 {
    (alpha * channels as f64).floor() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_to_the_nearest_multiple_within_ten_percent() {
        assert_eq!(make_divisible(11.2, 8), 16);
        assert_eq!(make_divisible(1280.0, 8), 1280);
        assert_eq!(make_divisible(0.5 * 24.0, 8), 16);
        assert_eq!(make_divisible(1.3 * 40.0, 8), 56);
        assert_eq!(make_divisible(0.1, 8), 8);
        assert_eq!(floor_width(0.75, 32), 24);
    }
}
