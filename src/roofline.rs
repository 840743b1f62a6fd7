//! What the page says about a timing on the reader's device, and what its
//! charts show: each step's place on the roofline, the sweep's lines, and the
//! sentences under the results. Everything here is built from measured numbers
//! (`sepconv_train::report`) and the calculator's counts, never from what was
//! expected: where a device does not show the usual pattern, the page says what
//! it measured.

use sepconv_calc::format::{percent, significant};
use sepconv_train::report::{Bound, LayerReport, Peaks, StepReport, SweepRun};

use crate::chart::measured::{RooflineData, SweepData, SweepLine};

/// A measured value with three significant figures.
pub fn sig(value: f64) -> String {
    significant(value, 3)
}

/// Each step at its intensity (MACs per byte, the calculator's bytes) and its
/// measured GMAC/s, under the two roofs.
pub fn roofline(report: &LayerReport, peaks: &Peaks) -> RooflineData {
    RooflineData {
        compute: peaks.compute.per_second,
        bandwidth: peaks.bandwidth.per_second,
        points: report
            .steps
            .iter()
            .map(|s| (s.part, s.intensity(), s.gmacs()))
            .collect(),
    }
}

/// Where one step sits: "The depthwise step reached 1.66 GMAC/s, 35.7 % of this
/// machine's peak; its intensity is 1.10 MACs per byte, below the ridge at 2.48:
/// memory-bound." With what the roofline cannot explain said too.
pub fn step_sentence(step: &StepReport, peaks: &Peaks) -> String {
    let ridge = sig(peaks.ridge());
    let place = match step.bound(peaks) {
        Bound::Memory => format!("below the ridge at {ridge}: memory-bound"),
        Bound::Compute => format!(
            "above the ridge at {ridge}: by the roofline, memory need not hold it back here"
        ),
    };
    let mut text = format!(
        "The {} step reached {} GMAC/s, {} of this machine's peak; its intensity is {} MACs per byte, {place}.",
        step.part.name(),
        sig(step.gmacs()),
        percent(step.share_of_peak(peaks)),
        sig(step.intensity()),
    );
    if step.gmacs() > peaks.compute.per_second {
        text += " It went faster than the measured peak: the peak's loop is not all this processor can do.";
    } else if step.above_roof(peaks) {
        text += " It went faster than the memory roof allows at that intensity: its data stayed in a cache, which the bytes-moved model does not see.";
    }
    text
}

/// Expected against measured speed-up, in words.
pub fn speedup_sentence(report: &LayerReport) -> String {
    let (expected, measured) = (report.expected_speedup(), report.measured_speedup());
    let predicted = format!(
        "MACs predict the separable pair to be {}× as fast as the standard layer",
        sig(expected)
    );
    if measured < 1.0 {
        format!(
            "{predicted}; measured here it was slower, taking {}× the standard layer's time.",
            sig(1.0 / measured)
        )
    } else if measured >= expected {
        format!(
            "{predicted}; measured here it was {}× as fast: all of the predicted speed-up, or more.",
            sig(measured)
        )
    } else {
        format!(
            "{predicted}; measured here it was {}× as fast: {} of the predicted speed-up.",
            sig(measured),
            percent(measured / expected)
        )
    }
}

/// Whether depthwise did the fewest MACs per second, as the bytes it moves per
/// MAC lead one to expect, and what was measured either way.
pub fn pattern_sentence(report: &LayerReport) -> String {
    let [standard, depthwise, pointwise] = report.steps.map(|s| s.gmacs());
    let rates = format!(
        "{} GMAC/s against {} for the standard step and {} for the pointwise one",
        sig(depthwise),
        sig(standard),
        sig(pointwise)
    );
    if depthwise < standard && depthwise < pointwise {
        format!("Depthwise did the fewest MACs per second of the three steps: {rates}.")
    } else {
        format!(
            "On this device depthwise was not the slowest per MAC: {rates}. The usual pattern did not show here; this is what was measured."
        )
    }
}

/// The sweep in one sentence: in how many layers depthwise was the slowest
/// per MAC, and how much of the predicted speed-up was measured.
pub fn sweep_sentence(run: &SweepRun) -> String {
    let reports = run.reports();
    if reports.is_empty() {
        return "No layer of the sweep was timed.".to_string();
    }
    let slowest = reports
        .iter()
        .filter(|(_, _, r)| {
            let [s, d, p] = r.steps.map(|s| s.gmacs());
            d < s && d < p
        })
        .count();
    let shares: Vec<f64> = reports
        .iter()
        .map(|(_, _, r)| r.measured_speedup() / r.expected_speedup())
        .collect();
    let low = shares.iter().copied().fold(f64::INFINITY, f64::min);
    let high = shares.iter().copied().fold(0.0, f64::max);
    let layers = match reports.len() {
        1 => "the one layer".to_string(),
        n => format!("{n} layers"),
    };
    let count = match slowest {
        0 => "none".to_string(),
        n if n == reports.len() => "all".to_string(),
        n => n.to_string(),
    };
    format!(
        "Of the sweep's {layers} timed, depthwise did the fewest MACs per second in {count}; the speed-up measured was {} to {} of the one MACs predict.",
        percent(low),
        percent(high)
    )
}

/// The sweep as one line per input size (56×56 first), channels ascending.
pub fn sweep_lines(run: &SweepRun) -> SweepData {
    let mut lines: Vec<SweepLine> = Vec::new();
    for (channels, size, report) in run.reports() {
        let index = match lines.iter().position(|l| l.size == size) {
            Some(i) => i,
            None => {
                lines.push(SweepLine {
                    size,
                    channels: Vec::new(),
                    gmacs: Default::default(),
                    expected: Vec::new(),
                    measured: Vec::new(),
                });
                lines.len() - 1
            }
        };
        let line = &mut lines[index];
        line.channels.push(channels);
        for (rates, step) in line.gmacs.iter_mut().zip(report.steps) {
            rates.push(step.gmacs());
        }
        line.expected.push(report.expected_speedup());
        line.measured.push(report.measured_speedup());
    }
    SweepData { lines }
}

/// Values with three figures, comma-separated.
fn list(values: &[f64]) -> String {
    values
        .iter()
        .map(|&v| sig(v))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The roofline chart in words, for screen readers.
pub fn describe_roofline(data: &RooflineData) -> String {
    let points: Vec<String> = data
        .points
        .iter()
        .map(|(part, intensity, gmacs)| {
            format!(
                "{} at {} MACs per byte, {} GMAC/s",
                part.name(),
                sig(*intensity),
                sig(*gmacs)
            )
        })
        .collect();
    format!(
        "Roofline, both axes logarithmic: compute peak {} GMAC/s, memory bandwidth {} GB/s, ridge at {} MACs per byte; {}.",
        sig(data.compute),
        sig(data.bandwidth),
        sig(data.compute / data.bandwidth),
        points.join("; ")
    )
}

/// The sweep's GMAC/s chart in words.
pub fn describe_sweep_rates(data: &SweepData) -> String {
    let lines: Vec<String> = data
        .lines
        .iter()
        .map(|l| {
            let steps: Vec<String> = ["standard", "depthwise", "pointwise"]
                .iter()
                .zip(&l.gmacs)
                .map(|(name, rates)| format!("{name} {}", list(rates)))
                .collect();
            format!(
                "at {0}×{0}, channels {1}: {2}",
                l.size,
                channels(&l.channels),
                steps.join("; ")
            )
        })
        .collect();
    format!(
        "Line chart of GMAC/s against channels, {}.",
        lines.join("; ")
    )
}

/// The sweep's speed-up chart in words.
pub fn describe_sweep_speedups(data: &SweepData) -> String {
    let lines: Vec<String> = data
        .lines
        .iter()
        .map(|l| {
            format!(
                "at {0}×{0}, channels {1}: measured {2} against {3} expected from MACs",
                l.size,
                channels(&l.channels),
                list(&l.measured),
                list(&l.expected)
            )
        })
        .collect();
    format!(
        "Line chart of the speed-up of depthwise + pointwise over standard against channels, {}.",
        lines.join("; ")
    )
}

/// "8, 16, 32".
fn channels(channels: &[usize]) -> String {
    channels
        .iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use sepconv_calc::{LayerSpec, Part};
    use sepconv_train::report::STEPS;
    use sepconv_train::report::{Setup, SweepPoint};
    use sepconv_train::timing::{LayerTiming, Rate, StepTiming, TimingLayer, TimingOptions};
    use sepconv_train::Error;

    fn step(ms: f64, macs: u64) -> StepTiming {
        StepTiming {
            ms,
            macs,
            gmacs: macs as f64 / (ms * 1e6),
            repetitions: 1,
            runs: 5,
        }
    }

    /// MobileNet's 14×14×512 layer timed in `ms` (standard, depthwise,
    /// pointwise).
    fn mobilenet(ms: [f64; 3]) -> LayerReport {
        let layer = TimingLayer::from_spec(&LayerSpec::mobilenet_14x14x512()).unwrap();
        let timing = LayerTiming {
            standard: step(ms[0], 462_422_016),
            depthwise: step(ms[1], 903_168),
            pointwise: step(ms[2], 51_380_224),
        };
        LayerReport::new(&layer, &timing).unwrap()
    }

    const PEAKS: Peaks = Peaks {
        compute: Rate {
            per_second: 20.0,
            ms: 1.0,
            repetitions: 1,
        },
        bandwidth: Rate {
            per_second: 8.0,
            ms: 1.0,
            repetitions: 1,
        },
    };

    #[test]
    fn a_memory_bound_step_says_so_with_its_numbers() {
        // Depthwise at 0.903 GMAC/s, intensity 0.56 < ridge 2.5.
        let report = mobilenet([40.0, 1.0, 5.0]);
        let depthwise = report.steps[1];
        let text = step_sentence(&depthwise, &PEAKS);
        let intensity = sig(depthwise.intensity());
        assert_eq!(
            text,
            format!(
                "The depthwise step reached 0.903 GMAC/s, 4.5 % of this machine's peak; its intensity is {intensity} MACs per byte, below the ridge at 2.50: memory-bound."
            )
        );
        let pointwise = step_sentence(&report.steps[2], &PEAKS);
        assert!(pointwise.contains("above the ridge at 2.50"), "{pointwise}");
        assert!(pointwise.contains("10.3 GMAC/s, 51.4 % of"), "{pointwise}");
    }

    #[test]
    fn what_the_roofline_cannot_explain_is_said() {
        // Depthwise at 90 GMAC/s: above the compute peak and the memory roof.
        let report = mobilenet([40.0, 0.01, 5.0]);
        let text = step_sentence(&report.steps[1], &PEAKS);
        assert!(text.contains("faster than the measured peak"), "{text}");
        // Depthwise at 9 GMAC/s: under the peak, above its memory roof.
        let report = mobilenet([40.0, 0.1, 5.0]);
        let text = step_sentence(&report.steps[1], &PEAKS);
        assert!(text.contains("stayed in a cache"), "{text}");
    }

    #[test]
    fn the_speed_up_is_measured_against_the_prediction() {
        let text = speedup_sentence(&mobilenet([40.0, 1.0, 5.0]));
        assert_eq!(
            text,
            "MACs predict the separable pair to be 8.84× as fast as the standard layer; measured here it was 6.67× as fast: 75.4 % of the predicted speed-up."
        );
        let faster = speedup_sentence(&mobilenet([90.0, 1.0, 5.0]));
        assert!(
            faster.contains("15.0× as fast: all of the predicted"),
            "{faster}"
        );
        let slower = speedup_sentence(&mobilenet([3.0, 1.0, 5.0]));
        assert!(
            slower.contains("it was slower, taking 2.00× the standard"),
            "{slower}"
        );
    }

    #[test]
    fn the_pattern_is_reported_as_measured_either_way() {
        let usual = pattern_sentence(&mobilenet([40.0, 1.0, 5.0]));
        assert!(
            usual.starts_with("Depthwise did the fewest MACs per second"),
            "{usual}"
        );
        // A device where depthwise ran fastest per MAC: the page says so.
        let unusual = pattern_sentence(&mobilenet([40.0, 0.05, 5.0]));
        assert!(
            unusual
                .starts_with("On this device depthwise was not the slowest per MAC: 18.1 GMAC/s"),
            "{unusual}"
        );
        assert!(unusual.contains("this is what was measured"), "{unusual}");
    }

    #[test]
    fn roofline_points_are_the_measured_ones() {
        let report = mobilenet([40.0, 1.0, 5.0]);
        let data = roofline(&report, &PEAKS);
        assert_eq!((data.compute, data.bandwidth), (20.0, 8.0));
        let parts: Vec<Part> = data.points.iter().map(|p| p.0).collect();
        assert_eq!(parts, STEPS);
        assert_eq!(data.points[1].1, report.steps[1].intensity());
        assert_eq!(data.points[1].2, report.steps[1].gmacs());
        let text = describe_roofline(&data);
        assert!(text.starts_with("Roofline, both axes logarithmic: compute peak 20.0 GMAC/s, memory bandwidth 8.00 GB/s, ridge at 2.50 MACs per byte; standard at "), "{text}");
        assert!(
            text.contains("depthwise at 1.10 MACs per byte, 0.903 GMAC/s"),
            "{text}"
        );
    }

    fn sweep_point(channels: usize, size: usize, ms: [f64; 3]) -> SweepPoint {
        let layer = TimingLayer {
            in_channels: channels,
            out_channels: channels,
            height: size,
            width: size,
            ..TimingLayer::from_spec(&LayerSpec::mobilenet_14x14x512()).unwrap()
        };
        let counted = sepconv_calc::Layer::new(layer.spec()).unwrap();
        let timing = LayerTiming {
            standard: step(ms[0], counted.standard().macs),
            depthwise: step(ms[1], counted.depthwise().macs),
            pointwise: step(ms[2], counted.pointwise().macs),
        };
        SweepPoint {
            layer,
            timing: Ok(timing),
        }
    }

    #[test]
    fn the_sweep_becomes_one_line_per_size_and_a_sentence() {
        let mut points = vec![
            sweep_point(8, 56, [10.0, 1.0, 2.0]),
            sweep_point(16, 56, [20.0, 1.0, 2.0]),
            sweep_point(8, 14, [1.0, 0.1, 0.2]),
        ];
        let too_large = TimingLayer {
            in_channels: 512,
            out_channels: 512,
            height: 56,
            width: 56,
            ..points[0].layer
        };
        points.push(SweepPoint {
            layer: too_large,
            timing: Err(Error::TooLarge("7.4 G MACs".into())),
        });
        let run = SweepRun {
            points,
            setup: Setup::here("test", TimingOptions::default()),
        };
        let lines = sweep_lines(&run).lines;
        assert_eq!(lines.len(), 2);
        assert_eq!(
            (lines[0].size, lines[0].channels.clone()),
            (56, vec![8, 16])
        );
        assert_eq!((lines[1].size, lines[1].channels.clone()), (14, vec![8]));
        assert_eq!(lines[0].measured[0], 10.0 / 3.0);
        let report = &run.reports()[0].2;
        assert_eq!(lines[0].gmacs[1][0], report.steps[1].gmacs());
        assert_eq!(lines[0].expected[0], report.expected_speedup());
        let text = sweep_sentence(&run);
        assert!(
            text.starts_with(
                "Of the sweep's 3 layers timed, depthwise did the fewest MACs per second in "
            ),
            "{text}"
        );
        let empty = SweepRun {
            points: Vec::new(),
            setup: run.setup.clone(),
        };
        assert_eq!(sweep_sentence(&empty), "No layer of the sweep was timed.");
        let data = sweep_lines(&run);
        let rates = describe_sweep_rates(&data);
        assert!(
            rates.starts_with(
                "Line chart of GMAC/s against channels, at 56×56, channels 8, 16: standard "
            ),
            "{rates}"
        );
        let speedups = describe_sweep_speedups(&data);
        assert!(
            speedups.contains("at 14×14, channels 8: measured 3.33 against "),
            "{speedups}"
        );
    }

    #[test]
    fn rates_keep_three_figures() {
        assert_eq!(sig(1.6634), "1.66");
        assert_eq!(sig(0.000_613), "0.000613");
    }
}
