//! Sepconv's Web Worker, and what the page shares with it.
//!
//! The lab (issue 17) trains a standard net and its separable twin side by side,
//! each in a worker of its own; the timing section (issue 18) times a layer's
//! steps in one. The page never trains or times on its own thread, and creates
//! a worker only when the reader asks for one.
//!
//! - [`protocol`]: the messages, version [`protocol::VERSION`];
//! - [`session`]: the worker's jobs, driven slice by slice (plain Rust, tested
//!   natively, bit for bit against the trainer run as `cargo xtask lab` runs it);
//! - [`manifest`]: which worker and data files a build ships;
//! - the binary (`src/main.rs`): the worker itself, built for wasm32 with SIMD128
//!   and the trainer at opt-level 3 by `cargo xtask build`.
//!
//! # The conversation
//!
//! ```text
//! page                                   worker
//!  new Worker(sepconv-worker-<hash>.js)
//!                                  ←     ready {simd}
//!  load {id, set, split, checksum, bytes}
//!                                  ←     loaded {id, set, split, images}
//!  train {id, set, family, alpha, seed, epochs}
//!                                  ←     started {id, params, macs, batches_per_epoch, …}
//!                                  ←     progress {id, epoch, batches, loss, accuracy, images_per_second, …}  (every ~100 ms)
//!                                  ←     epoch {id, epoch, train_loss, …, test_loss, test_accuracy, …}      (each epoch)
//!  stop {id}                       ←     stopped {id}    (or, at the end, done {id})
//!  time_layer | compute_peak | memory_bandwidth | sweep {id, …}
//!                                  ←     layer_timed | rate {id, …}  (a sweep: one per point)
//!                                  ←     done {id}
//!  anything it cannot serve        ←     failed {id, message}
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod manifest;
pub mod protocol;
pub mod session;
