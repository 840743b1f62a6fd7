//! The lab's measured results: `train/results/lab.tsv`, parsed and summarised
//! (mean ± sample standard deviation over seeds) by `sepconv_train::results`
//! when the page is built (build.rs), with each net's parameters and MACs
//! counted by the calculator beside the file's. The page carries these
//! constants, not the file: the numbers never change between builds, and the
//! float parser would cost the lab's code about 15 KB (gzip). A test below
//! checks the constants against the file, parsed again.

use sepconv_train::results::MeanSd;
use sepconv_train::Family;

use super::verdict::Accuracy;
use super::LabData;

/// The file's header: how the results were made.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Meta {
    /// The command that wrote the file.
    pub command: &'static str,
    /// The commit it ran at.
    pub commit: &'static str,
    /// When it finished ("2026-12-03 12:12:08 UTC").
    pub date: &'static str,
    /// How long the whole run took.
    pub duration_seconds: u64,
    /// The machine ("Intel(R) Xeon(R) Processor, 2 cores, …").
    pub machine: &'static str,
    /// The settings in one line (seeds, widths, epochs, subsets, optimiser).
    pub settings: &'static str,
}

/// Which experiment a run belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Experiment {
    /// Both families at α = 1 (also the frontier's α = 1 points).
    Twins,
    /// Both families at the other widths.
    Frontier,
    /// The separable net widened to the standard net's MACs.
    EqualBudget,
}

/// Parameters and MACs (per image) of a net.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Weights and biases.
    pub params: u64,
    /// Multiply-accumulates of one image's forward pass.
    pub macs: u64,
}

/// One net trained over several seeds, summarised.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Run {
    /// Its experiment.
    pub experiment: Experiment,
    /// The data set.
    pub data: LabData,
    /// Standard or separable.
    pub family: Family,
    /// Width multiplier α.
    pub alpha: f64,
    /// Epochs trained.
    pub epochs: u32,
    /// Training images.
    pub train_images: u64,
    /// Test images.
    pub test_images: u64,
    /// Parameters, as the file records them (counted by the trainer).
    pub params: u64,
    /// MACs per image, as the file records them.
    pub macs: u64,
    /// The same net counted by the calculator, layer by layer.
    pub calculator: Counts,
    /// Test accuracy (0 to 1) over the seeds.
    pub accuracy: MeanSd,
    /// Training time (s) over the seeds.
    pub seconds: MeanSd,
}

impl Run {
    /// Its test accuracy, for comparisons.
    pub fn accuracy(&self) -> Accuracy {
        Accuracy {
            mean: self.accuracy.mean,
            sd: self.accuracy.sd,
        }
    }

    /// Whether the calculator counts what the trainer counted.
    pub fn counts_agree(&self) -> bool {
        self.calculator
            == Counts {
                params: self.params,
                macs: self.macs,
            }
    }

    /// Seeds it was trained with.
    pub fn seeds(&self) -> usize {
        self.accuracy.n
    }
}

/// How much of one layer's trained standard kernels the nearest separable
/// kernel captures (share of the energy, 0 to 1), against the same at
/// initialisation, over seeds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KernelShares {
    /// The data set the net trained on.
    pub data: LabData,
    /// The standard net's width.
    pub alpha: f64,
    /// The layer's index among the net's convolutions (0 is the stem).
    pub layer: u32,
    /// Its input channels.
    pub in_channels: usize,
    /// Its output channels.
    pub out_channels: usize,
    /// Its kernel's side.
    pub kernel: usize,
    /// At initialisation.
    pub init: MeanSd,
    /// After training.
    pub trained: MeanSd,
}

include!(concat!(env!("OUT_DIR"), "/lab_results.rs"));

/// The runs on `data`, in the file's order.
pub fn runs(data: LabData) -> impl Iterator<Item = &'static Run> {
    RUNS.iter().filter(move |r| r.data == data)
}

/// The twin of `family` (α = 1) on `data`.
pub fn twin(data: LabData, family: Family) -> Option<&'static Run> {
    runs(data).find(|r| r.experiment == Experiment::Twins && r.family == family)
}

/// The separable net widened to the standard twin's MACs, on `data`.
pub fn equal_budget(data: LabData) -> Option<&'static Run> {
    runs(data).find(|r| r.experiment == Experiment::EqualBudget)
}

/// Every net of `family` on `data` trained alike (the twins, the frontier and
/// the equal-budget net), cheapest first.
pub fn frontier(data: LabData, family: Family) -> Vec<&'static Run> {
    let mut runs: Vec<&Run> = runs(data).filter(|r| r.family == family).collect();
    runs.sort_by_key(|r| r.macs);
    runs
}

/// The widths both families were trained at on `data`, narrowest first.
pub fn alphas(data: LabData) -> Vec<f64> {
    frontier(data, Family::Standard)
        .iter()
        .map(|r| r.alpha)
        .collect()
}

/// Both families at `alpha` on `data`: (standard, separable).
pub fn pair_at(data: LabData, alpha: f64) -> Option<(&'static Run, &'static Run)> {
    let at = |family| {
        runs(data).find(|r| {
            r.family == family && r.alpha == alpha && r.experiment != Experiment::EqualBudget
        })
    };
    Some((at(Family::Standard)?, at(Family::Separable)?))
}

/// The kernels' separability of the standard net at `alpha` on `data`, by
/// layer.
pub fn kernels(data: LabData, alpha: f64) -> Vec<&'static KernelShares> {
    KERNELS
        .iter()
        .filter(|k| k.data == data && k.alpha == alpha)
        .collect()
}

/// "37 min 8 s": a duration in minutes and seconds (hours when long).
pub fn duration_text(seconds: u64) -> String {
    match (seconds / 3600, seconds / 60 % 60, seconds % 60) {
        (0, 0, s) => format!("{s} s"),
        (0, m, s) => format!("{m} min {s} s"),
        (h, m, _) => format!("{h} h {m} min"),
    }
}

/// "31 s", "1.5 s", "2 min 1 s": a run's mean training time.
pub fn seconds_text(seconds: f64) -> String {
    if seconds < 10.0 {
        format!("{seconds:.1} s")
    } else {
        duration_text(seconds.round() as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sepconv_train::results::{parse, summary};
    use sepconv_train::NetSpec;

    const FILE: &str = include_str!("../../train/results/lab.tsv");

    #[test]
    fn the_constants_are_the_files_summary() {
        let file = parse(FILE).unwrap();
        let groups = summary(&file.rows);
        let runs: Vec<_> = groups
            .iter()
            .filter(|g| g.experiment != "separability")
            .collect();
        assert_eq!(runs.len(), RUNS.len());
        for (g, r) in runs.iter().zip(RUNS) {
            let experiment = match g.experiment.as_str() {
                "twins" => Experiment::Twins,
                "frontier" => Experiment::Frontier,
                _ => Experiment::EqualBudget,
            };
            assert_eq!(experiment, r.experiment);
            assert_eq!(g.dataset, r.data.id());
            assert_eq!(g.family, r.family.name());
            assert_eq!(g.alpha.to_bits(), r.alpha.to_bits());
            assert_eq!((g.params, g.macs, g.epochs), (r.params, r.macs, r.epochs));
            assert_eq!(g.test_accuracy, Some(r.accuracy), "{g:?}");
            assert_eq!(g.train_seconds, Some(r.seconds), "{g:?}");
        }
        let shares: Vec<_> = groups
            .iter()
            .filter(|g| g.experiment == "separability")
            .collect();
        assert_eq!(shares.len(), KERNELS.len());
        for (g, k) in shares.iter().zip(KERNELS) {
            assert_eq!((g.dataset.as_str(), g.layer), (k.data.id(), Some(k.layer)));
            assert_eq!(g.alpha.to_bits(), k.alpha.to_bits());
            assert_eq!(g.init_share, Some(k.init));
            assert_eq!(g.trained_share, Some(k.trained));
        }
        assert_eq!(Some(META.command), file.meta("command"));
        assert_eq!(Some(META.commit), file.meta("commit"));
        assert_eq!(Some(META.date), file.meta("date"));
        assert_eq!(
            Some(format!("{} s", META.duration_seconds).as_str()),
            file.meta("duration")
        );
        assert_eq!(Some(META.machine), file.meta("machine"));
        assert_eq!(Some(META.settings), file.meta("settings"));
    }

    #[test]
    fn the_calculator_counts_every_net_as_the_trainer_did() {
        for run in RUNS {
            assert!(run.counts_agree(), "{run:?}");
            // The page's idea of the input is the trainer's.
            let spec = NetSpec::lab(run.family, run.data.input(), run.alpha);
            assert_eq!(spec.macs().unwrap(), run.calculator.macs, "{run:?}");
            assert_eq!(spec.params().unwrap(), run.calculator.params, "{run:?}");
        }
        // The documented costs of the twins (train/src/net.rs).
        let standard = twin(LabData::FashionMnist, Family::Standard).unwrap();
        let separable = twin(LabData::FashionMnist, Family::Separable).unwrap();
        assert_eq!(standard.calculator.macs, 3_100_160);
        assert_eq!(separable.calculator.macs, 497_504);
    }

    #[test]
    fn every_experiment_is_there_for_both_data_sets() {
        for data in LabData::ALL {
            for family in Family::ALL {
                assert_eq!(twin(data, family).unwrap().alpha, 1.0);
                let line = frontier(data, family);
                assert!(line.len() >= 5, "{data:?} {family:?}");
                assert!(line.windows(2).all(|w| w[0].macs < w[1].macs));
            }
            let wide = equal_budget(data).unwrap();
            let standard = twin(data, Family::Standard).unwrap();
            assert_eq!(wide.family, Family::Separable);
            let off = wide.macs.abs_diff(standard.macs) as f64 / standard.macs as f64;
            assert!(off < 0.02, "equal budget within 2 %: {off}");
            assert_eq!(alphas(data), [0.25, 0.5, 1.0, 1.5, 2.0]);
            for alpha in alphas(data) {
                assert!(pair_at(data, alpha).is_some());
                let layers = kernels(data, alpha);
                assert_eq!(
                    layers.iter().map(|k| k.layer).collect::<Vec<_>>(),
                    [1, 2, 3]
                );
            }
            assert!(runs(data).all(|r| r.seeds() == 5));
        }
        let first = kernels(LabData::FashionMnist, 1.0)[0];
        assert_eq!(
            (first.in_channels, first.out_channels, first.kernel),
            (16, 32, 3)
        );
    }

    #[test]
    fn durations_read_as_a_clock_does() {
        assert_eq!(duration_text(2228), "37 min 8 s");
        assert_eq!(duration_text(42), "42 s");
        assert_eq!(duration_text(7300), "2 h 1 min");
        assert_eq!(seconds_text(1.54), "1.5 s");
        assert_eq!(seconds_text(31.04), "31 s");
        assert_eq!(seconds_text(121.07), "2 min 1 s");
        assert_eq!(META.duration_seconds, 2228);
    }
}
