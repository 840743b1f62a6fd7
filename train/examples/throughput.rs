//! Native throughput of the trainer and its kernels.
//!
//! ```sh
//! cargo run --release -p sepconv-train --example throughput [-- --quick]
//! ```
//!
//! Prints images per second (forward + backward + Adam, batches of 32) for both
//! families at several widths on 28×28 and 8×8 inputs, then the GMAC/s of the
//! standard, depthwise and pointwise forward kernels on a few layers, and the
//! compute and memory roofs. The workspace's release profile optimises for size
//! (opt-level "z", for the page); the numbers in the README are from
//! `--config 'profile.release.opt-level=3'`, as `cargo xtask lab` builds.

use std::time::Instant;

use sepconv_train::rng::Rng;
use sepconv_train::timing::{self, TimingLayer, TimingOptions};
use sepconv_train::{Dataset, Family, Hyperparameters, NetSpec, Padding, Trainer};

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let start = Instant::now();
    let mut clock = move || start.elapsed().as_secs_f64() * 1000.0;
    println!("training throughput (images/s, forward + backward + Adam, batch 32)");
    println!(
        "{:<8} {:<10} {:>5} {:>12} {:>10} {:>10}",
        "input", "family", "alpha", "MMAC/image", "images/s", "GMAC/s"
    );
    for (input, alphas) in [((28, 28), vec![0.5, 1.0, 2.0]), ((8, 8), vec![1.0])] {
        for alpha in alphas {
            for family in Family::ALL {
                let spec = NetSpec::lab(family, input, alpha);
                let data = noise(512, input.0);
                let mut trainer = Trainer::new(&spec, data, 1, Hyperparameters::default()).unwrap();
                trainer.step();
                let steps = if quick { 3 } else { 16 };
                let t = clock();
                let mut images = 0;
                for _ in 0..steps {
                    images += trainer.step().images;
                }
                let seconds = (clock() - t) / 1000.0;
                let macs = spec.macs().unwrap() as f64;
                let per_second = images as f64 / seconds;
                println!(
                    "{:<8} {:<10} {:>5} {:>12.3} {:>10.0} {:>10.2}",
                    format!("{}×{}", input.0, input.1),
                    family.name(),
                    alpha,
                    macs / 1e6,
                    per_second,
                    3.0 * macs * per_second / 1e9
                );
            }
        }
    }
    println!("(GMAC/s counts 3× the forward MACs: forward, input gradient, weight gradient)\n");

    let options = TimingOptions {
        min_run_ms: if quick { 10.0 } else { 100.0 },
        runs: if quick { 3 } else { 5 },
    };
    println!("forward kernels, one image (GMAC/s; expected and measured speed-up)");
    let layers = [
        ("lab block 1 (14×14, 16→32, s2)", layer(3, 16, 32, 28, 2)),
        ("lab block 2 (7×7, 32→64, s2)", layer(3, 32, 64, 14, 2)),
        (
            "lecture example",
            TimingLayer {
                padding: Padding::Valid,
                ..layer(3, 3, 5, 6, 1)
            },
        ),
        ("56×56, 64→64", layer(3, 64, 64, 56, 1)),
        ("14×14×512", layer(3, 512, 512, 14, 1)),
        ("112×112, 32→64", layer(3, 32, 64, 112, 1)),
    ];
    for (name, l) in layers {
        let t = timing::time_layer(&l, &options, &mut clock).unwrap();
        println!(
            "{name:<32} standard {:>6.2}  depthwise {:>6.2}  pointwise {:>6.2}  speed-up expected {:>5.2}× measured {:>5.2}×",
            t.standard.gmacs,
            t.depthwise.gmacs,
            t.pointwise.gmacs,
            t.expected_speedup(),
            t.measured_speedup()
        );
    }
    let peak = timing::compute_peak(&options, &mut clock).unwrap();
    let bandwidth = timing::memory_bandwidth(64 << 20, &options, &mut clock).unwrap();
    println!(
        "roofline: compute peak {:.2} GMAC/s (lanes multiply-add), memory {:.2} GB/s (64 MiB read)",
        peak.per_second, bandwidth.per_second
    );
}

fn layer(kernel: usize, m: usize, n: usize, size: usize, stride: usize) -> TimingLayer {
    TimingLayer {
        kernel,
        in_channels: m,
        out_channels: n,
        height: size,
        width: size,
        stride,
        padding: Padding::Same,
        depth_multiplier: 1,
    }
}

/// Random images (throughput does not depend on the pixels).
fn noise(count: usize, side: usize) -> Dataset {
    let mut rng = Rng::new(3);
    let pixels = (0..count * side * side)
        .map(|_| (rng.next_u64() >> 56) as u8)
        .collect();
    let labels = (0..count).map(|i| (i % 10) as u8).collect();
    Dataset::new(side, side, 10, pixels, labels).unwrap()
}
