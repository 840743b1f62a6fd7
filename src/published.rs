//! Measurements others published, beside the reader's own: each quoted exactly
//! as printed (words, or a table's cells), with its source and a link, and
//! shown as published, never as the reader's measurement. What the page adds
//! (a ratio, MACs counted by the calculator) is computed, and said to be.
//!
//! Where each was read, for whoever checks them: the papers in transcriptions
//! of their text (MobileNet §3.2 in three that agree; ShuffleNet V2 §§1–2 and
//! Table 2 in two that agree), the READMEs and docs at the commits linked, the
//! issue comments in the issue threads linked.

use sepconv_calc::format::millions;
use sepconv_calc::network::{Convention, NetworkConfig, NetworkId};

use crate::decimal;

/// A passage quoted exactly as printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quote {
    /// What it shows, in the page's words.
    pub shows: &'static str,
    /// The words, exactly as printed (an ellipsis marks what is left out).
    pub quote: &'static str,
    /// Who and where: authors, title, section, or the thread and date.
    pub source: &'static str,
    /// Where to read it.
    pub url: &'static str,
    /// What the reader needs beside the quote, in the page's words ("" if
    /// nothing).
    pub note: &'static str,
}

/// The published passages, in the order the page shows them: design first,
/// then measurements.
pub const QUOTES: [Quote; 4] = [
    Quote {
        shows: "By design, MobileNet's time goes to the 1×1 step",
        quote: "MobileNet spends 95% of it's computation time in 1 × 1 convolutions which also has 75% of the parameters as can be seen in Table 2.",
        source: "Howard et al., MobileNets (2017), §3.2",
        url: "https://arxiv.org/abs/1704.04861",
        note: "Table 2 counts mult-adds: 94.86 % in 1×1 convolutions, 3.06 % in depthwise ones. The 1×1 step is a plain matrix product, the best-optimised kernel there is; the paper chose it for that.",
    },
    Quote {
        shows: "The same FLOPs, not the same speed",
        quote: "For example, MobileNet v2 [14] is much faster than NASNET-A [9] but they have comparable FLOPs.",
        source: "Ma et al., ShuffleNet V2 (ECCV 2018), §1",
        url: "https://arxiv.org/abs/1807.11164",
        note: "The paper's FLOPs are multiply-adds, this page's MACs.",
    },
    Quote {
        shows: "Depthwise moves a lot of memory for its arithmetic",
        quote: "Specially, we also consider depthwise convolution [12,13,14,15] as an element-wise operator as it also has a high MAC/FLOPs ratio.",
        source: "Ma et al., ShuffleNet V2 (ECCV 2018), §2, guideline G4",
        url: "https://arxiv.org/abs/1807.11164",
        note: "Their MAC is memory access cost, not multiply-accumulates: a high MAC/FLOPs ratio is a low arithmetic intensity.",
    },
    Quote {
        shows: "More groups at the same FLOPs, less speed",
        quote: "For example, using 8 groups is more than two times slower than using 1 group (standard dense convolution) on GPU and up to 30% slower on ARM.",
        source: "Ma et al., ShuffleNet V2 (ECCV 2018), §2, guideline G2 and Table 2",
        url: "https://arxiv.org/abs/1807.11164",
        note: "Table 2, ten 1×1 layers on a 56 × 56 input, the same FLOPs: 1 group ran at 2451 batches/s on a GeForce GTX 1080Ti (cuDNN 7.0) and 40.0 images/s on a Snapdragon 810 (one thread); 8 groups at 634 and 27.8. Depthwise is the extreme: one group per channel.",
    },
];

/// Reports of depthwise layers on GPUs, each a particular library on a
/// particular machine.
pub const GPU_REPORTS: [Quote; 2] = [
    Quote {
        shows: "On an A100, the separable pair slower than the convolution it replaces",
        quote: "For some reason, this is unreasonably slow even on modern platforms: … FP32 - Forward Pass: 3x3 Conv: 500 µs … 3x3 DWConv: 272 µs … 1x1 PWConv: 387 µs … FP32 - Forward and Backward Pass: 3x3 Conv: 2.18 ms … 3x3 DWConv: 4.8 ms … 1x1 PWConv: 1.34 ms",
        source: "a comment of October 2022 in pytorch/pytorch#18631 (NVIDIA A100-SXM4-40GB, PyTorch 1.12.1, CUDA 11.6, cuDNN 8302)",
        url: "https://github.com/pytorch/pytorch/issues/18631",
        note: "Forward, depthwise then pointwise took 272 + 387 = 659 µs against 500 µs for the 3×3 convolution; forward and backward, 6.14 ms against 2.18 ms. The comment does not give the layer's size.",
    },
    Quote {
        shows: "Separable network: less speed-up on a GPU than on a CPU",
        quote: "For a certain model architecture which heavily uses depthwise separable convolutions, I achieved a 1.4x speed-up on GPU ( MXNET-cu10 1.4.1,CUDA 10.0, cuDNN v7.5.1.10), but a 3x speed-up on CPU (MXNET-mkl 1.4.1).",
        source: "a comment of July 2019 in apache/mxnet#8832",
        url: "https://github.com/apache/mxnet/issues/8832",
        note: "",
    },
];

/// One model's row of a published timing table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimedModel {
    /// The model, as printed.
    pub model: &'static str,
    /// Its MACs: counted by the calculator where it has the network, else as
    /// published.
    pub macs: Macs,
    /// Milliseconds per image, one per device, as printed.
    pub ms: &'static [&'static str],
}

/// Where a published model's MACs come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Macs {
    /// Counted by the calculator (its default configuration of the network).
    Counted(NetworkId),
    /// Published elsewhere: millions, as printed, and where.
    Printed(&'static str, &'static str),
}

/// A published table of whole-model timings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimingTable {
    /// What it shows, in the page's words.
    pub shows: &'static str,
    /// The devices, as the table names them.
    pub devices: &'static [&'static str],
    /// The rows.
    pub rows: &'static [TimedModel],
    /// How it was measured, quoted.
    pub conditions: &'static str,
    /// Who and where.
    pub source: &'static str,
    /// Where to read it.
    pub url: &'static str,
}

/// XNNPACK's single-threaded MobileNet timings on three Pixel phones.
pub const XNNPACK: TimingTable = TimingTable {
    shows: "Fewer MACs, but fewer MACs per second too",
    devices: &["Pixel", "Pixel 2", "Pixel 3a"],
    rows: &[
        TimedModel {
            model: "MobileNet v1 1.0X",
            macs: Macs::Counted(NetworkId::MobileNetV1),
            ms: &["82", "86", "88"],
        },
        TimedModel {
            model: "MobileNet v2 1.0X",
            macs: Macs::Counted(NetworkId::MobileNetV2),
            ms: &["49", "53", "55"],
        },
        TimedModel {
            model: "MobileNet v3 Large",
            macs: Macs::Counted(NetworkId::MobileNetV3Large),
            ms: &["39", "42", "44"],
        },
        TimedModel {
            model: "MobileNet v3 Small",
            macs: Macs::Counted(NetworkId::MobileNetV3Small),
            ms: &["12", "14", "14"],
        },
    ],
    conditions: "single-threaded; Benchmarked on March 27, 2020 with `end2end_bench --benchmark_min_time=5` on an Android/ARM64 build with Android NDK r21",
    source: "XNNPACK's README (Google)",
    url: "https://github.com/google/XNNPACK/blob/0085ae3628ee7dc042342df5a4e98ebdb55a806c/README.md",
};

/// TensorFlow Lite's timings of MobileNet v1 and NASNet mobile: about the same
/// multiply-adds.
pub const TFLITE: TimingTable = TimingTable {
    shows: "About the same multiply-adds, more than twice the time",
    devices: &["Pixel 3", "Pixel 4"],
    rows: &[
        TimedModel {
            model: "Mobilenet_1.0_224(float)",
            macs: Macs::Counted(NetworkId::MobileNetV1),
            ms: &["23.9", "14.0"],
        },
        TimedModel {
            model: "NASNet mobile",
            macs: Macs::Printed("564", "NASNet-A (4 @ 1056), Keras' NASNet documentation"),
            ms: &["56", "34.5"],
        },
    ],
    conditions: "CPU, 4 threads; The performance values below are measured on Android 10.",
    source: "TensorFlow Lite performance benchmarks",
    url: "https://github.com/tensorflow/tensorflow/blob/00f0938ae85c7dd68b44b4d80a873f42b1dca16a/tensorflow/lite/g3doc/performance/benchmarks.md",
};

impl Macs {
    /// The calculator's count, for a network it has.
    pub fn counted(&self) -> Option<u64> {
        match self {
            Macs::Counted(id) => {
                let network = NetworkConfig::new(*id).build().ok()?;
                Some(network.totals(Convention::Paper).macs)
            }
            Macs::Printed(..) => None,
        }
    }

    /// The MACs in millions: counted (exactly, then in millions) or as printed.
    pub fn millions(&self) -> Option<f64> {
        match self {
            Macs::Counted(_) => Some(self.counted()? as f64 / 1e6),
            Macs::Printed(millions, _) => decimal::parse(millions),
        }
    }

    /// "568.7M (counted)" or "564M (as printed in …)".
    pub fn text(&self) -> String {
        match self {
            Macs::Counted(_) => self
                .counted()
                .map(|m| format!("{} (counted)", millions(m)))
                .unwrap_or_default(),
            Macs::Printed(m, source) => format!("{m}M (as printed in {source})"),
        }
    }
}

impl TimedModel {
    /// Milliseconds on device `i`, as a number.
    pub fn ms_on(&self, i: usize) -> Option<f64> {
        decimal::parse(self.ms.get(i)?)
    }

    /// The rate its MACs and published time imply on device `i`, 10⁹ MACs per
    /// second (a page's computation, not a published figure).
    pub fn implied_gmacs(&self, i: usize) -> Option<f64> {
        // 10⁶ MACs per 10⁻³ s is 10⁹ MACs per second: the ratio is in GMAC/s.
        Some(self.macs.millions()? / self.ms_on(i)?)
    }
}

impl TimingTable {
    /// Row `b`'s time over row `a`'s on device `i`.
    pub fn time_ratio(&self, a: usize, b: usize, i: usize) -> Option<f64> {
        Some(self.rows.get(b)?.ms_on(i)? / self.rows.get(a)?.ms_on(i)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_source() -> Vec<(&'static str, &'static str)> {
        QUOTES
            .iter()
            .chain(&GPU_REPORTS)
            .map(|q| (q.source, q.url))
            .chain([XNNPACK, TFLITE].iter().map(|t| (t.source, t.url)))
            .collect()
    }

    #[test]
    fn each_has_a_source_and_a_link() {
        for (source, url) in every_source() {
            assert!(!source.is_empty());
            assert!(url.starts_with("https://"), "{source}: {url}");
            assert!(!url.contains(char::is_whitespace), "{url}");
        }
        for q in QUOTES.iter().chain(&GPU_REPORTS) {
            assert!(!q.quote.is_empty() && !q.shows.is_empty(), "{q:?}");
        }
        // Links to repositories point at the commit that was read.
        assert!(XNNPACK.url.contains("/blob/0085ae3"));
        assert!(TFLITE.url.contains("/blob/00f0938"));
    }

    #[test]
    fn every_printed_time_is_a_number_for_every_device() {
        for table in [XNNPACK, TFLITE] {
            for row in table.rows {
                assert_eq!(row.ms.len(), table.devices.len(), "{}", row.model);
                for i in 0..table.devices.len() {
                    assert!(row.ms_on(i).is_some_and(|ms| ms > 0.0), "{}", row.model);
                }
                assert!(row.macs.millions().is_some_and(|m| m > 0.0));
            }
        }
    }

    #[test]
    fn the_computed_figures() {
        // MobileNet v1 as the calculator counts it (568,740,352 MACs) in 82 ms.
        let v1 = XNNPACK.rows[0];
        assert_eq!(v1.macs.millions(), Some(568.740_352));
        // MACs per second, in 10⁹: 568,740,352 MACs / 0.082 s = 6.94 GMAC/s.
        let per_second = 568_740_352.0 / 0.082 / 1e9;
        assert!((v1.implied_gmacs(0).unwrap() - per_second).abs() < 1e-9);
        assert_eq!(crate::roofline::sig(v1.implied_gmacs(0).unwrap()), "6.94");
        // Each smaller MobileNet did fewer MACs per second on the Pixel.
        let rates: Vec<f64> = XNNPACK
            .rows
            .iter()
            .map(|r| r.implied_gmacs(0).unwrap())
            .collect();
        assert!(rates.windows(2).all(|w| w[0] > w[1]), "{rates:?}");
        // NASNet mobile: 56 / 23.9 and 34.5 / 14.0 the time of MobileNet v1.
        assert!((TFLITE.time_ratio(0, 1, 0).unwrap() - 56.0 / 23.9).abs() < 1e-12);
        assert!((TFLITE.time_ratio(0, 1, 1).unwrap() - 34.5 / 14.0).abs() < 1e-12);
        assert_eq!(TFLITE.rows[1].macs.millions(), Some(564.0));
        assert_eq!(XNNPACK.rows[0].macs.text(), "568.7M (counted)");
        assert_eq!(
            TFLITE.rows[1].macs.text(),
            "564M (as printed in NASNet-A (4 @ 1056), Keras' NASNet documentation)"
        );
    }
}
