//! How two measured accuracies compare, in plain words. Plain `f64`s and no
//! crate paths: the build script includes this file too (`#[path]`), so the
//! first screen's answer (src/facts.rs) and the lab say it the same way.

/// A mean accuracy over seeds and its sample standard deviation, both as
/// fractions (0.838, 0.011).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Accuracy {
    /// Mean over the seeds.
    pub mean: f64,
    /// Sample standard deviation over the seeds.
    pub sd: f64,
}

impl Accuracy {
    /// "83.8 ± 1.1 %": percent with one decimal, the spread in points, joined
    /// by no-break spaces so that a line never ends inside it.
    pub fn text(self) -> String {
        format!(
            "{:.1}\u{a0}±\u{a0}{:.1}\u{a0}%",
            self.mean * 100.0,
            self.sd * 100.0
        )
    }
}

/// |v| in tenths, rounded: how it is written with one decimal.
fn tenths(v: f64) -> u64 {
    (v.abs() * 10.0).round() as u64
}

/// "1.7" for 17 tenths.
fn written(tenths: u64) -> String {
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// Which way a comparison goes, once the seeds' spread is allowed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The difference is no larger than the spread from seed to seed.
    Level,
    /// Higher by more than the spread.
    Higher,
    /// Lower by more than the spread.
    Lower,
}

/// One accuracy against another: `a − b` in percentage points, and the
/// standard deviation of the difference between two single runs,
/// √(sd_a² + sd_b²) in points: how much two runs differ by chance of seed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gap {
    /// a − b, percentage points.
    pub points: f64,
    /// √(sd_a² + sd_b²), percentage points.
    pub spread: f64,
}

impl Gap {
    /// `a` against `b`.
    pub fn between(a: Accuracy, b: Accuracy) -> Gap {
        Gap {
            points: (a.mean - b.mean) * 100.0,
            spread: (a.sd * a.sd + b.sd * b.sd).sqrt() * 100.0,
        }
    }

    /// Level when the difference, as written (one decimal), is no larger than
    /// the spread as written; else higher or lower.
    pub fn verdict(self) -> Verdict {
        if tenths(self.points) <= tenths(self.spread) {
            Verdict::Level
        } else if self.points > 0.0 {
            Verdict::Higher
        } else {
            Verdict::Lower
        }
    }

    /// "1.7 points": the size of the difference as written.
    pub fn size(self) -> String {
        format!("{} points", written(tenths(self.points)))
    }

    /// "1.7 points lower", "0.7 points higher", "the same": the difference
    /// as written, with its direction.
    pub fn difference(self) -> String {
        match tenths(self.points) {
            0 => "the same".to_string(),
            _ => format!("{} {}", self.size(), self.direction()),
        }
    }

    fn direction(self) -> &'static str {
        if self.points > 0.0 {
            "higher"
        } else {
            "lower"
        }
    }

    /// "a tie, 0.7 points higher but within the spread from seed to seed (1.3
    /// points)", "1.7 points lower, more than the spread from seed to seed
    /// (1.2 points)", or "a tie, the same to one decimal".
    pub fn words(self) -> String {
        let spread = format!(
            "the spread from seed to seed ({} points)",
            written(tenths(self.spread))
        );
        match (self.verdict(), self.difference()) {
            (Verdict::Level, same) if same == "the same" => {
                "a tie, the same to one decimal".to_string()
            }
            (Verdict::Level, difference) => format!("a tie, {difference} but within {spread}"),
            (_, difference) => format!("{difference}, more than {spread}"),
        }
    }
}

/// The first screen's answer to "does separable win at equal cost?", measured:
/// "Measured in this page's lab on Fashion-MNIST, a separable CNN widened to
/// a standard one's MACs reaches 83.8 ± 1.1 % against 83.1 ± 0.7 % over 5
/// seeds: a tie, 0.7 points higher but within the spread …".
pub fn equal_cost_answer(
    data: &str,
    separable: Accuracy,
    standard: Accuracy,
    seeds: usize,
) -> String {
    format!(
        "Measured in this page's lab on {data}, a small separable CNN widened to a standard one's MACs reaches {} against {} over {seeds} seeds: {}.",
        separable.text(),
        standard.text(),
        Gap::between(separable, standard).words()
    )
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn acc(mean: f64, sd: f64) -> Accuracy {
        Accuracy { mean, sd }
    }

    #[test]
    fn the_measured_equal_budget_reads_level() {
        // Fashion-MNIST: 83.8 ± 1.1 % against 83.1 ± 0.7 %.
        let gap = Gap::between(acc(0.838, 0.0113), acc(0.8306, 0.0065));
        assert_eq!(gap.verdict(), Verdict::Level);
        assert_eq!(
            gap.words(),
            "a tie, 0.7 points higher but within the spread from seed to seed (1.3 points)"
        );
        let lower = Gap::between(acc(0.7382, 0.0178), acc(0.7942, 0.0107));
        assert_eq!(
            lower.words(),
            "5.6 points lower, more than the spread from seed to seed (2.1 points)"
        );
        assert_eq!(
            Gap::between(acc(0.5, 0.0), acc(0.5, 0.01)).words(),
            "a tie, the same to one decimal"
        );
        assert_eq!(acc(0.838, 0.0113).text(), "83.8\u{a0}±\u{a0}1.1\u{a0}%");
    }

    proptest! {
        #[test]
        fn verdicts_are_symmetric_and_follow_the_written_numbers(
            a in 0.0f64..1.0, b in 0.0f64..1.0, sa in 0.0f64..0.1, sb in 0.0f64..0.1,
        ) {
            let (x, y) = (acc(a, sa), acc(b, sb));
            let there = Gap::between(x, y);
            let back = Gap::between(y, x);
            let expected = match there.verdict() {
                Verdict::Level => Verdict::Level,
                Verdict::Higher => Verdict::Lower,
                Verdict::Lower => Verdict::Higher,
            };
            prop_assert_eq!(back.verdict(), expected);
            let words = there.words();
            prop_assert_eq!(words.starts_with("a tie"), there.verdict() == Verdict::Level);
            // The difference written is the one the verdict weighed.
            prop_assert_eq!(tenths(there.points) == 0, there.difference() == "the same");
            if there.verdict() == Verdict::Lower {
                prop_assert!(b > a && words.contains("points lower, more than"), "{}", words);
            }
        }
    }
}
