//! Decimal numbers read digit by digit ("0.75", "160", "-2", "20.8" of "20.8px"):
//! the standard library's float parser would add 15 KB (gzip) to the page for
//! the few values that need one (α and the resolution in a link, a computed font
//! size). Exponents, "inf" and "NaN" are not numbers here.

/// `text` as a number, if it is a plain decimal.
pub fn parse(text: &str) -> Option<f64> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.len() + fraction.len() == 0 || !digits(whole) || !digits(fraction) {
        return None;
    }
    let value = |part: &str| {
        part.bytes()
            .fold(0.0, |value, digit| value * 10.0 + f64::from(digit - b'0'))
    };
    let magnitude = value(whole) + value(fraction) / 10f64.powi(fraction.len() as i32);
    Some(if negative { -magnitude } else { magnitude })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_plain_decimals_as_the_float_parser_does() {
        for text in [
            "0.75", "0.35", "1", "1.0", "160", "160.5", "+0.5", "-2", ".5", "5.", "007", "20.8",
        ] {
            assert_eq!(parse(text), text.parse::<f64>().ok(), "{text}");
        }
        for text in [
            "", ".", "-", "1e3", "inf", "NaN", "0,5", "1.2.3", " 1", "0x10",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }
}
