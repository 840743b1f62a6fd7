//! The report: the calculator's counts beside measured times, the roofline's
//! arithmetic, the calculator's layers as the timing runs them, and the sweep.

use sepconv_calc::{Bias, LayerSpec, Padding as CalcPadding, Part};
use sepconv_train::report::{
    simd, sweep_layers, timeable_sweep_layers, Bound, LayerReport, Peaks, Setup, SWEEP_CHANNELS,
    SWEEP_SIZES,
};
use sepconv_train::timing::{
    time_layer, LayerTiming, Rate, StepTiming, TimingLayer, TimingOptions, MAX_MACS_PER_PASS,
};
use sepconv_train::{Error, Padding};

fn step(ms: f64, macs: u64) -> StepTiming {
    StepTiming {
        ms,
        macs,
        gmacs: macs as f64 / (ms * 1e6),
        repetitions: 10,
        runs: 5,
    }
}

fn rate(per_second: f64) -> Rate {
    Rate {
        per_second,
        ms: 1.0,
        repetitions: 1,
    }
}

fn layer(spec: LayerSpec) -> TimingLayer {
    TimingLayer::from_spec(&spec).unwrap()
}

#[test]
fn every_preset_runs_as_the_calculator_counts_it() {
    for spec in [
        LayerSpec::lecture_example(),
        LayerSpec::small_cnn_layer(),
        LayerSpec::forum_exercise(),
        LayerSpec::mobilenet_14x14x512(),
        LayerSpec::mobilenet_first_separable(),
    ] {
        let timed = layer(spec);
        assert_eq!(
            timed.spec(),
            LayerSpec {
                bias: Bias::None,
                ..spec
            }
        );
        let counted = sepconv_calc::Layer::new(spec).unwrap();
        let shapes = timed.shapes().unwrap();
        for (shape, part) in shapes
            .iter()
            .zip([Part::Standard, Part::Depthwise, Part::Pointwise])
        {
            assert_eq!(
                shape.macs_per_image().unwrap(),
                counted.cost(part).macs,
                "{spec:?}"
            );
        }
    }
}

#[test]
fn what_the_kernels_do_not_run_is_refused() {
    let lecture = LayerSpec::lecture_example();
    let refused = [
        LayerSpec {
            kernel_width: 5,
            ..lecture
        },
        LayerSpec {
            dilation: 2,
            ..lecture
        },
        LayerSpec {
            padding: CalcPadding::Explicit(1),
            ..lecture
        },
    ];
    for spec in refused {
        let error = TimingLayer::from_spec(&spec).unwrap_err();
        assert!(matches!(error, Error::Setting(_)), "{error}");
        assert!(error.to_string().contains("timings take"), "{error}");
    }
}

#[test]
fn a_report_puts_the_calculators_counts_beside_the_times() {
    // MobileNet's 14×14×512 layer: 462,422,016 standard MACs; depthwise
    // 903,168; pointwise 51,380,224.
    let timed = layer(LayerSpec::mobilenet_14x14x512());
    let timing = LayerTiming {
        standard: step(40.0, 462_422_016),
        depthwise: step(1.0, 903_168),
        pointwise: step(5.0, 51_380_224),
    };
    let report = LayerReport::new(&timed, &timing).unwrap();
    let [standard, depthwise, pointwise] = report.steps;
    assert_eq!(
        [standard.part, depthwise.part, pointwise.part],
        [Part::Standard, Part::Depthwise, Part::Pointwise]
    );
    // Bytes from the calculator: input, weights, output (4 bytes each).
    let input = 14 * 14 * 512;
    assert_eq!(depthwise.bytes, 4 * (input + 9 * 512 + input));
    assert_eq!(pointwise.bytes, 4 * (input + 512 * 512 + input));
    assert!((depthwise.intensity() - 903_168.0 / depthwise.bytes as f64).abs() < 1e-12);
    assert!((standard.gmacs() - 462_422_016.0 / 40e6).abs() < 1e-9);
    assert_eq!(report.separable_ms(), 6.0);
    assert!((report.measured_speedup() - 40.0 / 6.0).abs() < 1e-12);
    let expected = 462_422_016.0 / (903_168.0 + 51_380_224.0);
    assert!((report.expected_speedup() - expected).abs() < 1e-12);
    assert!((report.separable_gmacs() - 52_283_392.0 / 6e6).abs() < 1e-9);
    assert_eq!(report.step(Part::Depthwise), Some(&depthwise));
    assert_eq!(report.step(Part::Separable), None);
}

#[test]
fn a_timing_of_another_layer_is_refused() {
    let timed = layer(LayerSpec::lecture_example());
    let timing = LayerTiming {
        standard: step(1.0, 2161),
        depthwise: step(1.0, 432),
        pointwise: step(1.0, 240),
    };
    let error = LayerReport::new(&timed, &timing).unwrap_err();
    assert!(error.to_string().contains("counted 2161 MACs"), "{error}");
}

#[test]
fn the_roofline_has_a_ridge_and_two_roofs() {
    let peaks = Peaks {
        compute: rate(20.0),
        bandwidth: rate(8.0),
    };
    assert_eq!(peaks.ridge(), 2.5);
    assert_eq!(peaks.roof(1.0), 8.0, "memory roof below the ridge");
    assert_eq!(peaks.roof(2.5), 20.0, "both roofs at the ridge");
    assert_eq!(peaks.roof(100.0), 20.0, "compute roof above it");
    let timed = layer(LayerSpec::mobilenet_14x14x512());
    let timing = LayerTiming {
        standard: step(40.0, 462_422_016),
        depthwise: step(0.01, 903_168),
        pointwise: step(5.0, 51_380_224),
    };
    let report = LayerReport::new(&timed, &timing).unwrap();
    let [standard, depthwise, pointwise] = report.steps;
    assert_eq!(depthwise.bound(&peaks), Bound::Memory);
    assert_eq!(pointwise.bound(&peaks), Bound::Compute);
    assert_eq!(standard.bound(&peaks), Bound::Compute);
    // 90 GMAC/s at 1.1 MACs per byte: faster than the memory roof allows.
    assert!(depthwise.above_roof(&peaks));
    assert!(!pointwise.above_roof(&peaks));
    assert!((pointwise.share_of_peak(&peaks) - 51_380_224.0 / 5e6 / 20.0).abs() < 1e-12);
}

#[test]
fn the_sweep_is_fixed_and_bounded_before_any_work() {
    let layers = sweep_layers();
    assert_eq!(layers.len(), SWEEP_SIZES.len() * SWEEP_CHANNELS.len());
    assert_eq!(
        (
            layers[0].height,
            layers[0].in_channels,
            layers[0].out_channels
        ),
        (56, 8, 8)
    );
    assert!(layers
        .iter()
        .all(|l| l.kernel == 3 && l.padding == Padding::Same && l.stride == 1));
    let mut readings = 0;
    let mut clock = || {
        readings += 1;
        0.0
    };
    // 56×56×512 is over the bound: refused at once, nothing run.
    let biggest = layers
        .iter()
        .find(|l| (l.height, l.in_channels) == (56, 512))
        .unwrap();
    assert!(biggest.shapes().unwrap()[0].macs_per_image().unwrap() > MAX_MACS_PER_PASS);
    let refused = time_layer(biggest, &TimingOptions::default(), &mut clock).unwrap_err();
    assert!(matches!(refused, Error::TooLarge(_)));
    assert_eq!(readings, 0);
    // Every other one is within it.
    let within = layers
        .iter()
        .filter(|l| l.shapes().unwrap()[0].macs_per_image().unwrap() <= MAX_MACS_PER_PASS)
        .count();
    assert_eq!(within, layers.len() - 1);
    // The page's sweep is the same list without it, in the same order.
    let timeable = timeable_sweep_layers();
    assert_eq!(timeable.len(), 13);
    assert!(!timeable.contains(biggest));
    assert_eq!(
        timeable,
        layers
            .iter()
            .filter(|l| *l != biggest)
            .copied()
            .collect::<Vec<_>>()
    );
}

#[test]
fn the_setup_says_how_this_build_runs() {
    let options = TimingOptions::default();
    let setup = Setup::here("native test", options);
    assert_eq!(setup.threads, 1);
    assert_eq!(setup.optimised, !cfg!(debug_assertions));
    assert_eq!((setup.simd, setup.simd_on), simd());
    let summary = Setup {
        runtime: "Chromium 156, in a Web Worker".into(),
        simd: "WebAssembly SIMD128",
        optimised: true,
        options: TimingOptions {
            min_run_ms: 50.0,
            runs: 1,
        },
        ..setup.clone()
    }
    .summary();
    assert_eq!(
        summary,
        "Chromium 156, in a Web Worker, 1 thread, SIMD: WebAssembly SIMD128, optimised build; each step: the median of 1 run of at least 50 ms"
    );
    #[cfg(target_arch = "x86_64")]
    assert!(
        setup.simd_on && setup.simd.starts_with("SSE"),
        "{}",
        setup.simd
    );
}

#[test]
fn a_real_timing_reports_positive_rates() {
    let start = std::time::Instant::now();
    let mut clock = move || start.elapsed().as_secs_f64() * 1000.0;
    let timed = layer(LayerSpec::small_cnn_layer());
    let options = TimingOptions {
        min_run_ms: 2.0,
        runs: 3,
    };
    let report =
        LayerReport::new(&timed, &time_layer(&timed, &options, &mut clock).unwrap()).unwrap();
    for step in report.steps {
        assert!(step.timing.ms > 0.0 && step.gmacs() > 0.0, "{step:?}");
        assert!(step.timing.repetitions >= 1);
    }
    assert!(report.measured_speedup() > 0.0);
    let passes = report.passes();
    assert!(passes.starts_with("passes per run: standard "), "{passes}");
    assert!(passes.contains(&format!("depthwise {}", report.steps[1].timing.repetitions)));
}
