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
