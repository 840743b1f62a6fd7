//! Helpers shared by the integration tests.
#![allow(dead_code)]

use sepconv_train::rng::Rng;
use sepconv_train::{Dataset, Family, Hyperparameters, NetSpec, Tensor, Trainer};

/// A tensor of values uniform in [−1, 1) from `seed`.
pub fn random_tensor(c: usize, n: usize, h: usize, w: usize, seed: u64) -> Tensor {
    let mut rng = Rng::new(seed);
    let data = (0..c * n * h * w).map(|_| rng.symmetric(1.0)).collect();
    Tensor::from_vec(c, n, h, w, data)
}

/// `len` values uniform in [−1, 1) from `seed`.
pub fn random_values(len: usize, seed: u64) -> Vec<f32> {
    let mut rng = Rng::new(seed);
    (0..len).map(|_| rng.symmetric(1.0)).collect()
}

/// A small learnable data set of `count` `side`×`side` images in 10 classes: class k
/// is a bright bar at a position that depends on k (rows for k < 5, columns
/// otherwise), with seeded noise.
pub fn bars(count: usize, side: usize, seed: u64) -> Dataset {
    let mut rng = Rng::new(seed);
    let mut pixels = Vec::with_capacity(count * side * side);
    let mut labels = Vec::with_capacity(count);
    for i in 0..count {
        let class = (i * 7 + 3) % 10;
        let at = (class % 5) * side / 5 + side / 10;
        for y in 0..side {
            for x in 0..side {
                let on = if class < 5 { y == at } else { x == at };
                let noise = (rng.unit() * 60.0) as u8;
                pixels.push(if on { 190 + noise } else { noise });
            }
        }
        labels.push(class as u8);
    }
    Dataset::new(side, side, 10, pixels, labels).unwrap()
}

/// Bit patterns, for exact comparisons that tell −0 from +0 and show NaNs.
pub fn bits(values: &[f32]) -> Vec<u32> {
    values.iter().map(|v| v.to_bits()).collect()
}

/// A short run: 10 steps on `bars(150, 8, 1)` of the 8×8 net at α = 0.5 with seed
/// 7, then the test loss on `bars(60, 8, 2)`. Returns (last training loss, test
/// loss) bits, standard then separable.
pub fn pinned_run() -> [(u32, u32); 2] {
    Family::ALL.map(|family| {
        let spec = NetSpec::lab(family, (8, 8), 0.5);
        let mut trainer =
            Trainer::new(&spec, bars(150, 8, 1), 7, Hyperparameters::default()).unwrap();
        let mut last = 0.0f32;
        for _ in 0..10 {
            last = trainer.step().loss;
        }
        let eval = trainer.evaluate(&bars(60, 8, 2)).unwrap();
        (last.to_bits(), eval.loss.to_bits())
    })
}

/// [`pinned_run`]'s bits, pinned: any change to the arithmetic (an operation
/// order, an initialisation, the shuffle, a default) changes them, and so would a
/// target that rounds differently (there must be none; `tests/wasm.rs` checks
/// WebAssembly).
///
/// To update after an intended change: run
/// `cargo test -p sepconv-train --test determinism pinned -- --nocapture`,
/// check the printed values are plausible (losses start near ln 10 ≈ 2.30 and
/// fall) and paste the printed bits here.
pub const PINNED: [(u32, u32); 2] = [(0x3f8e_10e4, 0x3f75_5c4a), (0x4005_4656, 0x3ffd_dc42)];
