//! Exact fractions for "separable / standard".

use std::fmt;

/// An exact, reduced fraction num/den with den ≥ 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ratio {
    num: u64,
    den: u64,
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl Ratio {
    /// num/den in lowest terms; `None` when den is 0.
    pub fn new(num: u64, den: u64) -> Option<Ratio> {
        Ratio::reduce(num.into(), den.into())
    }

    /// num/den in lowest terms from wide integers; `None` when den is 0 or the
    /// reduced fraction does not fit in `u64`.
    pub fn reduce(num: u128, den: u128) -> Option<Ratio> {
        if den == 0 {
            return None;
        }
        let g = gcd(num, den).max(1);
        Some(Ratio {
            num: u64::try_from(num / g).ok()?,
            den: u64::try_from(den / g).ok()?,
        })
    }

    /// Numerator (in lowest terms).
    pub fn numerator(&self) -> u64 {
        self.num
    }

    /// Denominator (in lowest terms, ≥ 1).
    pub fn denominator(&self) -> u64 {
        self.den
    }

    /// The value as a float.
    pub fn to_f64(&self) -> f64 {
        self.num as f64 / self.den as f64
    }

    /// How many times smaller than 1 the value is (den/num); infinite for 0.
    pub fn times_fewer(&self) -> f64 {
        self.den as f64 / self.num as f64
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.num, self.den)
    }
}
