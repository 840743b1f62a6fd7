//! Native micro-benchmarks of the calculator: what one slider change asks of it
//! (a layer against its separable replacement), whole MobileNet tables, and every
//! registry network's table (what the page's "who uses it" table reads).
//!
//! A plain timing loop, run in the release profile the CLI ships with (no
//! benchmark framework: CI compiles this on every run). `cargo xtask bench` runs
//! it and reads one JSON object per line from stdout; `--quick` takes fewer and
//! shorter samples.

use std::hint::black_box;
use std::time::{Duration, Instant};

use sepconv_calc::network::{Convention, MobileNetV1, MobileNetV2, NetworkConfig, NetworkId};
use sepconv_calc::{Layer, LayerSpec};

/// How long to measure.
struct Plan {
    samples: usize,
    sample: Duration,
}

/// The median time of one call of `f` over `plan.samples` samples, each a loop
/// long enough to make the clock's resolution irrelevant.
fn per_call(plan: &Plan, mut f: impl FnMut()) -> Duration {
    let run = |f: &mut dyn FnMut(), iterations: u32| {
        let started = Instant::now();
        for _ in 0..iterations {
            f();
        }
        started.elapsed()
    };
    // Double the loop until it lasts a quarter of a sample, then scale it up.
    let mut iterations = 1u32;
    let calibration = loop {
        let elapsed = run(&mut f, iterations);
        if elapsed >= plan.sample / 4 || iterations >= 1 << 30 {
            break elapsed;
        }
        iterations *= 2;
    };
    let scale = plan.sample.as_secs_f64() / calibration.as_secs_f64().max(1e-9);
    let iterations = (f64::from(iterations) * scale).ceil().max(1.0) as u32;
    let mut samples: Vec<Duration> = (0..plan.samples)
        .map(|_| run(&mut f, iterations) / iterations)
        .collect();
    samples.sort();
    samples[samples.len() / 2]
}

/// One result as a line of JSON.
fn report(name: &str, what: &str, time: Duration) {
    println!(
        "{{\"name\": \"{name}\", \"what\": \"{what}\", \"ns\": {:.1}}}",
        time.as_secs_f64() * 1e9
    );
}

/// Everything the page reads for one layer: both costs and both ratios.
fn compare(spec: LayerSpec) -> Option<(u64, u64, f64, f64)> {
    let layer = Layer::new(spec).ok()?;
    Some((
        layer.standard().params + layer.standard().macs,
        layer.separable().params + layer.separable().macs,
        layer.params_ratio().to_f64(),
        layer.macs_ratio().to_f64(),
    ))
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let plan = if quick {
        Plan {
            samples: 3,
            sample: Duration::from_millis(20),
        }
    } else {
        Plan {
            samples: 15,
            sample: Duration::from_millis(100),
        }
    };
    let layer = LayerSpec::mobilenet_14x14x512();
    report(
        "layer_comparison",
        "one layer against its separable replacement (14×14×512)",
        per_call(&plan, || {
            black_box(compare(black_box(layer)));
        }),
    );
    report(
        "mobilenet_v1_table",
        "MobileNet v1 1.0-224: all 28 layers, totals under three conventions",
        per_call(&plan, || {
            let net = black_box(MobileNetV1::default()).build().ok();
            for convention in Convention::ALL {
                black_box(net.as_ref().map(|n| n.totals(convention)));
            }
        }),
    );
    report(
        "mobilenet_v2_table",
        "MobileNet v2 1.0-224: every layer, totals under three conventions",
        per_call(&plan, || {
            let net = black_box(MobileNetV2::default()).build().ok();
            for convention in Convention::ALL {
                black_box(net.as_ref().map(|n| n.totals(convention)));
            }
        }),
    );
    report(
        "every_network_table",
        "all eleven registry networks at their defaults: tables, totals, shares by category",
        per_call(&plan, || {
            for network in NetworkId::ALL {
                let net = NetworkConfig::new(black_box(network)).build().ok();
                black_box(net.as_ref().map(|n| n.by_category(Convention::PyTorch)));
            }
        }),
    );
}
