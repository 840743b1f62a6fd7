//! The pinned short run of `tests/determinism.rs`, as a WebAssembly module with no
//! imports, so that `tests/wasm.rs` can run it in Node (V8, Chromium's engine)
//! and compare its bits with the native ones.
//!
//! ```sh
//! cargo build --release -p sepconv-train --example wasm_pin --target wasm32-unknown-unknown
//! ```
//!
//! Export `pinned(i)`: the i-th of [`common::PINNED`]'s four values as computed
//! here (last training loss, test loss; standard then separable).

#[path = "../tests/common/mod.rs"]
mod common;

/// Value `index` (0–3) of the pinned run computed by this build; 0 beyond.
#[no_mangle]
pub extern "C" fn pinned(index: u32) -> u32 {
    let values = common::pinned_run();
    values
        .iter()
        .flat_map(|&(a, b)| [a, b])
        .nth(index as usize)
        .unwrap_or(0)
}

/// Trains `steps` batches of 32 random 28×28 images with the lab's net (standard
/// when `separable` is 0) at α = `alpha_quarters` / 4, for timing from JavaScript
/// (`performance.now()` around the call). Returns the last loss's bits.
#[no_mangle]
pub extern "C" fn train_steps(separable: u32, alpha_quarters: u32, steps: u32) -> u32 {
    use sepconv_train::{Family, Hyperparameters, NetSpec, Trainer};
    let family = if separable == 0 {
        Family::Standard
    } else {
        Family::Separable
    };
    let spec = NetSpec::lab(family, (28, 28), f64::from(alpha_quarters) / 4.0);
    let data = common::bars(256, 28, 5);
    let mut trainer = Trainer::new(&spec, data, 1, Hyperparameters::default()).unwrap();
    let mut last = 0.0f32;
    for _ in 0..steps {
        last = trainer.step().loss;
    }
    last.to_bits()
}
