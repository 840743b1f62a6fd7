//! Trains small standard and depthwise separable CNNs in plain Rust, the same way
//! natively and in WebAssembly, bit for bit.
//!
//! Sepconv's lab trains a small CNN and its separable twin on real images, in the
//! reader's browser (a Web Worker drives a [`Trainer`] step by step) and natively
//! (`cargo xtask lab` writes `train/results/lab.tsv`); its timing section runs the
//! same convolution kernels on the reader's device ([`timing`]), and [`report`]
//! puts those times beside the calculator's counts for the page and the CLI.
//!
//! ```
//! use sepconv_train::{Dataset, Family, Hyperparameters, NetSpec, Trainer};
//!
//! // 40 tiny 8×8 images of two kinds: a bright top half (class 0) or bottom (1).
//! let mut pixels = Vec::new();
//! let mut labels = Vec::new();
//! for i in 0..40u8 {
//!     let class = i % 2;
//!     for row in 0..8u8 {
//!         let bright = (row < 4) == (class == 0);
//!         pixels.extend([if bright { 200 + i } else { i }; 8]);
//!     }
//!     labels.push(class);
//! }
//! let data = Dataset::new(8, 8, 10, pixels, labels).unwrap();
//! let spec = NetSpec::lab(Family::Separable, (8, 8), 0.5);
//! let mut trainer = Trainer::new(&spec, data.clone(), 7, Hyperparameters::default()).unwrap();
//! let before = trainer.evaluate(&data).unwrap();
//! for _ in 0..20 {
//!     trainer.train_epoch();
//! }
//! let after = trainer.evaluate(&data).unwrap();
//! assert!(after.loss < before.loss / 2.0 && after.accuracy == 1.0, "{before:?} → {after:?}");
//! ```
//!
//! # Why hand-written
//!
//! Measured before this crate was written: burn 0.22 trains grouped convolutions on
//! wasm32 but adds about 445 KB gzip to the page; candle 0.11 adds 287 KB and runs a
//! grouped convolution one group at a time (about 25× slower on a tiny net); a
//! plain-Rust trainer of this scope adds about 25 KB. This crate depends only on
//! `libm` and the calculator (without its CLI): no serde, no rand, no threads.
//!
//! # Layouts
//!
//! - Activations: [`Tensor`], channel-major over the batch (CNHW), so that a
//!   convolution over a whole batch is one matrix product.
//! - Weights: `[out][in / groups][K][K]`, one bias per output channel.
//! - Images: bytes 0–255 ([`Dataset`]); the network sees `pixel / 255`.
//!
//! # Kernels
//!
//! Standard, grouped and pointwise convolutions (and the dense layer, a 1×1
//! convolution of a 1×1 map) use im2col and one blocked matrix product
//! ([`gemm::gemm`]) with 4×8 register tiles in lanes; depthwise convolutions use a
//! direct kernel vectorised along the output row ([`conv`]). The forward pass that
//! training uses is the one the timing section times, and it counts its own
//! multiply-accumulates: one per kernel weight per output position, the
//! calculator's convention (a test compares every layer of every lab net with
//! `sepconv-calc`).
//!
//! # Speed
//!
//! Measured on the build machine (2 cores, one used), batches of 32, forward,
//! backward and Adam (`examples/throughput.rs`; V8 timings from Node 20 running
//! `examples/wasm_pin.rs`):
//!
//! | net (28×28, α = 1) | native, opt-level 3 | wasm SIMD128, opt-level 3 | wasm SIMD128, opt-level "z" |
//! |---|---|---|---|
//! | standard (3.10 M MACs) | 1,190 images/s | 784 images/s | 129 images/s |
//! | separable (0.50 M MACs) | 2,940 images/s | 2,211 images/s | 655 images/s |
//!
//! The workspace's release profile optimises for size, which costs the trainer a
//! factor of six in V8: build it at opt-level 3
//! (`[profile.release.package.sepconv-train] opt-level = 3`; the results are the
//! same bits, `tests/wasm.rs` checks). A Fashion-MNIST epoch (6,000 images) of
//! the standard net then takes about 8 s in the browser.
//!
//! # Determinism
//!
//! The same seed and data give bit-identical weights and losses on every target
//! (x86-64, aarch64, wasm32 with or without SIMD128), because:
//! - lanes ([`lanes::F32x4`]) have one semantics everywhere, `v128`, SSE or `[f32; 4]`;
//! - every sum runs in one documented order (no reassociation, no threads);
//! - a multiply and an add are two roundings: no fused multiply-add (Rust never
//!   contracts them, and the crate never calls `mul_add`);
//! - `exp` and `log` are `libm`'s, never the platform's; `sqrt` is correctly
//!   rounded by IEEE 754 everywhere;
//! - random numbers come from a seeded SplitMix64 ([`rng::Rng`]); nothing iterates
//!   a hash map; the library reads no clock (timing takes the caller's).
//!
//! Release and debug builds agree too: without fast-math flags, optimisation may
//! not change a floating-point result.
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod conv;
pub mod data;
mod error;
pub mod gemm;
pub mod lanes;
pub mod layers;
pub mod loss;
pub mod net;
pub mod optim;
pub mod report;
pub mod results;
pub mod rng;
pub mod separability;
pub mod tensor;
pub mod timing;
pub mod trainer;
pub mod vector;

pub use conv::{Conv2d, ConvShape, Padding, Param};
pub use data::Dataset;
pub use error::Error;
pub use net::{Family, LayerKind, Net, NetSpec};
pub use tensor::Tensor;
pub use trainer::{Evaluation, Hyperparameters, StepReport, Trainer};
