//! The lab ("See it yourself"): a small standard CNN and its depthwise
//! separable twin, trained on real images. What the page says about the
//! measured results, in plain Rust, tested natively:
//!
//! - [`results`]: `train/results/lab.tsv`, summarised over seeds at build time
//!   (build.rs), with every net's counts from the calculator, and the queries
//!   the section makes (the twins, the equal-budget pair, the frontier, the
//!   kernels' separability);
//! - [`findings`]: the sentences saying what the numbers show, built from them;
//! - [`verdict`]: how two accuracies compare given their spread over seeds;
//! - [`chart`]: the frontier and the training curves, drawn with plotters;
//! - [`run`]: a live run's settings (in the link) and its state, which the
//!   training workers' progress events update.

pub mod chart;
pub mod findings;
pub mod results;
pub mod run;
pub mod verdict;

/// The lab's data sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum LabData {
    /// Fashion-MNIST: the main one, hard enough that capacity shows.
    #[default]
    FashionMnist,
    /// scikit-learn's 8×8 digits: the quick one.
    Digits,
}

impl LabData {
    /// Both, main first.
    pub const ALL: [LabData; 2] = [LabData::FashionMnist, LabData::Digits];

    /// Each one's id and name, in [`LabData::ALL`]'s order (the page's radio
    /// buttons take this list).
    pub const CHOICES: [(&'static str, &'static str); 2] =
        [("fashion-mnist", "Fashion-MNIST"), ("digits", "digits")];

    /// The id in the results file and in the link (`data=`).
    pub fn id(self) -> &'static str {
        LabData::CHOICES[self as usize].0
    }

    /// Its name in a sentence.
    pub fn name(self) -> &'static str {
        LabData::CHOICES[self as usize].1
    }

    /// The data set named `id`.
    pub fn from_id(id: &str) -> Option<LabData> {
        LabData::ALL.into_iter().find(|d| d.id() == id)
    }

    /// The images' height and width (one grey channel), as the nets take them.
    pub fn input(self) -> (usize, usize) {
        match self {
            LabData::FashionMnist => (28, 28),
            LabData::Digits => (8, 8),
        }
    }

    /// What the images are.
    pub fn what(self) -> &'static str {
        match self {
            LabData::FashionMnist => "grey photographs of clothing in 10 classes (shirts, sandals, bags, …)",
            LabData::Digits => "scans of handwritten digits 0–9 (the UCI optical recognition of handwritten digits set)",
        }
    }

    /// Where the images come from and under which licence, in words.
    pub fn source(self) -> &'static str {
        match self {
            LabData::FashionMnist => "by Zalando Research (Xiao, Rasul and Vollgraf, 2017), MIT licence; installed from Debian's dataset-fashion-mnist package",
            LabData::Digits => "as shipped by scikit-learn (digits.csv.gz), BSD-3 licence; installed from Debian's python3-sklearn package",
        }
    }

    /// The data set's home page.
    pub fn home(self) -> &'static str {
        match self {
            LabData::FashionMnist => "https://github.com/zalandoresearch/fashion-mnist",
            LabData::Digits => {
                "https://archive.ics.uci.edu/dataset/80/optical+recognition+of+handwritten+digits"
            }
        }
    }
}

/// A width multiplier as the page writes it: 0.25, 0.5, 1, 1.5, 2.83 (two
/// decimals at most, no trailing zeros).
pub fn alpha_text(alpha: f64) -> String {
    let text = format!("{alpha:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_sets_are_named_by_their_ids() {
        for d in LabData::ALL {
            assert_eq!(LabData::from_id(d.id()), Some(d));
        }
        assert_eq!(LabData::from_id("mnist"), None);
        assert_eq!(LabData::default(), LabData::FashionMnist);
    }

    #[test]
    fn alphas_are_written_short() {
        assert_eq!(alpha_text(0.25), "0.25");
        assert_eq!(alpha_text(0.5), "0.5");
        assert_eq!(alpha_text(1.0), "1");
        assert_eq!(alpha_text(2.828125), "2.83");
        assert_eq!(alpha_text(2.796875), "2.8");
    }
}
