//! The timing helpers, driven by a fake clock (each reading advances 1 ms) so that
//! the test is fast and its numbers exact; and their bounds.

use sepconv_train::timing::{
    compute_peak, memory_bandwidth, time_layer, TimingLayer, TimingOptions, MAX_MACS_PER_PASS,
};
use sepconv_train::{Error, Padding};

fn fake_clock() -> impl FnMut() -> f64 {
    let mut now = 0.0;
    move || {
        now += 1.0;
        now
    }
}

fn lecture() -> TimingLayer {
    TimingLayer {
        kernel: 3,
        in_channels: 3,
        out_channels: 5,
        height: 6,
        width: 6,
        stride: 1,
        padding: Padding::Valid,
        depth_multiplier: 1,
    }
}

#[test]
fn a_layer_is_timed_with_its_own_mac_counts() {
    // With the fake clock every run "takes" 1 ms, which meets a 1 ms minimum at
    // once: one pass per run, 1 ms per pass.
    let options = TimingOptions {
        min_run_ms: 1.0,
        runs: 3,
    };
    let t = time_layer(&lecture(), &options, &mut fake_clock()).unwrap();
    assert_eq!(
        (t.standard.macs, t.depthwise.macs, t.pointwise.macs),
        (2160, 432, 240)
    );
    for step in [t.standard, t.depthwise, t.pointwise] {
        assert_eq!((step.ms, step.repetitions, step.runs), (1.0, 1, 3));
        assert_eq!(step.gmacs, step.macs as f64 / 1e6);
    }
    assert_eq!(t.measured_speedup(), 0.5);
    assert!((t.expected_speedup() - 2160.0 / 672.0).abs() < 1e-12);
}

#[test]
fn a_real_clock_gives_plausible_rates() {
    let start = std::time::Instant::now();
    let mut clock = move || start.elapsed().as_secs_f64() * 1000.0;
    let options = TimingOptions {
        min_run_ms: 2.0,
        runs: 3,
    };
    let t = time_layer(&lecture(), &options, &mut clock).unwrap();
    assert!(
        t.standard.gmacs > 0.001 && t.standard.gmacs < 1000.0,
        "{t:?}"
    );
    let peak = compute_peak(&options, &mut clock).unwrap();
    assert!(
        peak.per_second > 0.001 && peak.per_second < 10_000.0,
        "{peak:?}"
    );
    let bandwidth = memory_bandwidth(1 << 20, &options, &mut clock).unwrap();
    assert!(bandwidth.per_second > 0.001, "{bandwidth:?}");
}

#[test]
fn hostile_layers_are_refused_before_any_work() {
    let huge = TimingLayer {
        kernel: 4096,
        in_channels: 2048,
        out_channels: 2048,
        height: 56,
        width: 56,
        padding: Padding::Same,
        ..lecture()
    };
    let mut readings = 0;
    let mut clock = || {
        readings += 1;
        0.0
    };
    let error = time_layer(&huge, &TimingOptions::default(), &mut clock).unwrap_err();
    assert!(matches!(error, Error::TooLarge(_)), "{error}");
    assert!(error.to_string().contains("MACs per pass"), "{error}");
    assert_eq!(readings, 0, "nothing was run");
    // Just over the MAC bound: 14×14×512 at K = 7 is 2.5 G.
    let big = TimingLayer {
        kernel: 7,
        in_channels: 512,
        out_channels: 512,
        height: 14,
        width: 14,
        padding: Padding::Same,
        ..lecture()
    };
    assert!(big.shapes().unwrap()[0].macs_per_image().unwrap() > MAX_MACS_PER_PASS);
    assert!(time_layer(&big, &TimingOptions::default(), &mut fake_clock()).is_err());
    // Memory: a 1×1 kernel on a 2048×2048×64 input needs over 256 MiB.
    let wide = TimingLayer {
        kernel: 1,
        in_channels: 64,
        out_channels: 1,
        height: 2048,
        width: 2048,
        padding: Padding::Same,
        ..lecture()
    };
    let error = time_layer(&wide, &TimingOptions::default(), &mut fake_clock()).unwrap_err();
    assert!(error.to_string().contains("MiB"), "{error}");
    let impossible = TimingLayer {
        kernel: 9,
        ..lecture()
    };
    assert!(matches!(
        time_layer(&impossible, &TimingOptions::default(), &mut fake_clock()),
        Err(Error::Layer(_))
    ));
    assert!(memory_bandwidth(1 << 30, &TimingOptions::default(), &mut fake_clock()).is_err());
    let zero_runs = TimingOptions {
        runs: 0,
        ..TimingOptions::default()
    };
    assert!(compute_peak(&zero_runs, &mut fake_clock()).is_err());
}
