//! Timing the three steps of a layer, and the two roofs of a roofline, with a clock
//! the caller supplies (`performance.now()` in a worker, `Instant` natively).
//!
//! The steps are timed with the trainer's own forward kernels (one implementation
//! of convolution in the project), one image at a time, on seeded random data.
//! Each measurement repeats the work until one run takes at least
//! [`TimingOptions::min_run_ms`], then takes the median of [`TimingOptions::runs`]
//! such runs. Work is bounded before anything is allocated: a layer above
//! [`MAX_MACS_PER_PASS`] or [`MAX_BYTES`] is refused with [`Error::TooLarge`].

use core::hint::black_box;

use crate::conv::{Conv2d, ConvShape, Padding};
use crate::error::Error;
use crate::lanes::F32x4;
use crate::rng::{he_uniform, Rng};
use crate::tensor::Tensor;

/// The most multiply-accumulates one forward pass of one step may take
/// (MobileNet's 14×14×512 standard layer takes 0.46 G).
pub const MAX_MACS_PER_PASS: u64 = 2_000_000_000;
/// The most memory one measurement may use: input, output, weights and im2col's
/// matrix for a step; the buffer for the bandwidth test.
pub const MAX_BYTES: u64 = 256 << 20;
/// The most repetitions of one pass in a run.
const MAX_REPETITIONS: u64 = 1 << 24;

/// A layer to time, as the page describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimingLayer {
    /// Kernel side K.
    pub kernel: usize,
    /// Input channels M.
    pub in_channels: usize,
    /// Output channels N.
    pub out_channels: usize,
    /// Input height.
    pub height: usize,
    /// Input width.
    pub width: usize,
    /// Stride.
    pub stride: usize,
    /// Padding.
    pub padding: Padding,
    /// Depthwise output channels per input channel.
    pub depth_multiplier: usize,
}

impl TimingLayer {
    /// The three steps' shapes: standard (K×K, M → N), depthwise (K×K, M → M·dm)
    /// and pointwise (1×1, M·dm → N on the depthwise output).
    ///
    /// # Errors
    /// [`Error::Layer`] for an impossible layer.
    pub fn shapes(&self) -> Result<[ConvShape; 3], Error> {
        let size = (self.height, self.width);
        let standard = ConvShape::standard(
            self.kernel,
            self.in_channels,
            self.out_channels,
            size,
            self.stride,
            self.padding,
        );
        let depthwise = ConvShape::depthwise(
            self.kernel,
            self.in_channels,
            self.depth_multiplier,
            size,
            self.stride,
            self.padding,
        );
        standard.geometry()?;
        let g = depthwise.geometry()?;
        let pointwise = ConvShape::pointwise(
            depthwise.out_channels,
            self.out_channels,
            (g.out_height, g.out_width),
        );
        pointwise.geometry()?;
        Ok([standard, depthwise, pointwise])
    }
}

/// How long to measure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimingOptions {
    /// A run repeats the work until it takes at least this long (ms).
    pub min_run_ms: f64,
    /// Runs measured; the median is reported (at least 1).
    pub runs: usize,
}

impl Default for TimingOptions {
    /// Runs of at least 100 ms, the median of 5.
    fn default() -> Self {
        TimingOptions {
            min_run_ms: 100.0,
            runs: 5,
        }
    }
}

/// One measured step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepTiming {
    /// Median time of one pass (ms).
    pub ms: f64,
    /// Multiply-accumulates of one pass (counted by the kernel).
    pub macs: u64,
    /// Achieved rate: MACs / time, in 10⁹ per second.
    pub gmacs: f64,
    /// Passes per run.
    pub repetitions: u64,
    /// Runs measured.
    pub runs: usize,
}

/// The three steps of a layer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LayerTiming {
    /// The standard convolution.
    pub standard: StepTiming,
    /// The depthwise step.
    pub depthwise: StepTiming,
    /// The pointwise step.
    pub pointwise: StepTiming,
}

impl LayerTiming {
    /// Speed-up expected from MACs: standard / (depthwise + pointwise).
    pub fn expected_speedup(&self) -> f64 {
        self.standard.macs as f64 / (self.depthwise.macs + self.pointwise.macs) as f64
    }

    /// Speed-up measured: standard time / (depthwise + pointwise time).
    pub fn measured_speedup(&self) -> f64 {
        self.standard.ms / (self.depthwise.ms + self.pointwise.ms)
    }
}

/// Bytes one timed pass of `shape` uses: input, output, weights, biases and (for
/// the matrix-product kernel) im2col's matrix, or the padded planes (depthwise).
///
/// # Errors
/// [`Error::Layer`] for an impossible shape, [`Error::TooLarge`] on overflow.
pub fn pass_bytes(shape: &ConvShape) -> Result<u64, Error> {
    let g = shape.geometry()?;
    let overflow = || Error::TooLarge("the layer's size overflows".into());
    let mul = |a: u64, b: u64| a.checked_mul(b).ok_or_else(overflow);
    let (k, m, n) = (
        shape.kernel as u64,
        shape.in_channels as u64,
        shape.out_channels as u64,
    );
    let input = mul(mul(m, shape.height as u64)?, shape.width as u64)?;
    let positions = mul(g.out_height as u64, g.out_width as u64)?;
    let output = mul(n, positions)?;
    let weights = shape.checked_weights().ok_or_else(overflow)?;
    let scratch = if shape.is_depthwise() {
        mul(
            mul(m, g.padded_height as u64)?,
            g.padded_width as u64 + shape.stride as u64,
        )?
    } else {
        mul(mul(mul(k, k)?, m / shape.groups as u64)?, positions)?
    };
    let values = [input, output, weights, n, scratch]
        .iter()
        .try_fold(0u64, |a, &b| a.checked_add(b))
        .ok_or_else(overflow)?;
    mul(values, 4)
}

/// Times the standard, depthwise and pointwise forward passes of `layer`.
///
/// # Errors
/// [`Error::Layer`] for an impossible layer; [`Error::TooLarge`] when a step's pass
/// would exceed [`MAX_MACS_PER_PASS`] or [`MAX_BYTES`] (nothing is run then);
/// [`Error::Setting`] for options that cannot be met.
pub fn time_layer(
    layer: &TimingLayer,
    options: &TimingOptions,
    clock: &mut dyn FnMut() -> f64,
) -> Result<LayerTiming, Error> {
    check_options(options)?;
    let [standard, depthwise, pointwise] = check_layer(layer)?;
    Ok(LayerTiming {
        standard: time_step(&standard, options, clock)?,
        depthwise: time_step(&depthwise, options, clock)?,
        pointwise: time_step(&pointwise, options, clock)?,
    })
}

/// The layer's three steps, or why [`time_layer`] refuses it: a step beyond
/// [`MAX_MACS_PER_PASS`] or [`MAX_BYTES`], or a layer that does not build.
///
/// # Errors
/// [`Error::TooLarge`] or the shapes' own error.
pub fn check_layer(layer: &TimingLayer) -> Result<[ConvShape; 3], Error> {
    let shapes = layer.shapes()?;
    for (shape, name) in shapes.iter().zip(["standard", "depthwise", "pointwise"]) {
        let macs = shape_macs(shape)?;
        if macs > MAX_MACS_PER_PASS {
            return Err(Error::TooLarge(format!(
                "the {name} step takes {macs} MACs per pass; timings stop at {MAX_MACS_PER_PASS}"
            )));
        }
        let bytes = pass_bytes(shape)?;
        if bytes > MAX_BYTES {
            return Err(Error::TooLarge(format!(
                "the {name} step needs {} MiB; timings stop at {} MiB",
                bytes >> 20,
                MAX_BYTES >> 20
            )));
        }
    }
    Ok(shapes)
}

fn check_options(options: &TimingOptions) -> Result<(), Error> {
    if options.runs == 0
        || options.runs > 101
        || !(options.min_run_ms > 0.0 && options.min_run_ms <= 10_000.0)
    {
        return Err(Error::Setting(format!(
            "timing runs {} of at least {} ms",
            options.runs, options.min_run_ms
        )));
    }
    Ok(())
}

fn shape_macs(shape: &ConvShape) -> Result<u64, Error> {
    shape
        .macs_per_image()
        .map_err(|_| Error::TooLarge("the layer's MACs overflow".into()))
}

/// One step on one random image, with random weights.
fn time_step(
    shape: &ConvShape,
    options: &TimingOptions,
    clock: &mut dyn FnMut() -> f64,
) -> Result<StepTiming, Error> {
    let mut conv = Conv2d::new(*shape)?;
    let mut rng = Rng::new(18);
    let fan_in = conv.fan_in();
    he_uniform(&mut rng, &mut conv.weight.value, fan_in);
    let mut input = Tensor::zeros(shape.in_channels, 1, shape.height, shape.width);
    for v in &mut input.data {
        *v = rng.unit();
    }
    let before = conv.macs();
    black_box(conv.forward(&input));
    let macs = conv.macs() - before;
    let mut pass = || {
        black_box(conv.forward(black_box(&input)));
    };
    let (ms, repetitions) = measure(&mut pass, options, clock);
    Ok(StepTiming {
        ms,
        macs,
        gmacs: macs as f64 / (ms * 1e6),
        repetitions,
        runs: options.runs,
    })
}

/// Median time of one call of `work` (ms) and the calls per run.
fn measure(
    work: &mut dyn FnMut(),
    options: &TimingOptions,
    clock: &mut dyn FnMut() -> f64,
) -> (f64, u64) {
    let mut run = |repetitions: u64, clock: &mut dyn FnMut() -> f64| {
        let start = clock();
        for _ in 0..repetitions {
            work();
        }
        clock() - start
    };
    let mut repetitions = 1;
    loop {
        let elapsed = run(repetitions, clock);
        if elapsed >= options.min_run_ms || repetitions >= MAX_REPETITIONS {
            break;
        }
        // Aim a little past the minimum; at most ×16 per try.
        let factor = if elapsed > 0.0 {
            (options.min_run_ms * 1.2 / elapsed).ceil() as u64
        } else {
            16
        };
        repetitions = (repetitions * factor.clamp(2, 16)).min(MAX_REPETITIONS);
    }
    let mut times: Vec<f64> = (0..options.runs)
        .map(|_| run(repetitions, clock) / repetitions as f64)
        .collect();
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], repetitions)
}

/// A measured rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    /// Units per second: 10⁹ MACs for the compute peak, 10⁹ bytes for bandwidth.
    pub per_second: f64,
    /// Median time of one call (ms).
    pub ms: f64,
    /// Calls per run.
    pub repetitions: u64,
}

/// Multiply-accumulates per call of the compute-peak loop.
const PEAK_MACS: u64 = 4096 * 8 * 4;

/// Steps of the compute-peak loop's operands: 6 KiB in all, held in the L1 cache.
const PEAK_DEPTH: usize = 128;

/// The compute roof: lane multiply-adds on operands in the L1 cache, shaped
/// like the GEMM's inner loop (eight accumulators, each `acc + a·b` with the
/// product off the accumulator's chain), 131,072 MACs per call. A loop of
/// `acc·a + b` would measure the latency of a product and a sum in a row, and
/// the GEMM would beat it by twice.
///
/// # Errors
/// [`Error::Setting`] for options that cannot be met.
pub fn compute_peak(
    options: &TimingOptions,
    clock: &mut dyn FnMut() -> f64,
) -> Result<Rate, Error> {
    check_options(options)?;
    let a: Vec<f32> = (0..PEAK_DEPTH * 4)
        .map(|i| 1e-3 * (1 + i % 5) as f32)
        .collect();
    let b: Vec<f32> = (0..PEAK_DEPTH * 8)
        .map(|i| 1e-3 * (1 + i % 3) as f32)
        .collect();
    let mut pass = || {
        black_box(multiply_add_loop(black_box(&a), black_box(&b)));
    };
    let (ms, repetitions) = measure(&mut pass, options, clock);
    Ok(Rate {
        per_second: PEAK_MACS as f64 / (ms * 1e6),
        ms,
        repetitions,
    })
}

/// `PEAK_MACS` lane multiply-adds: a 4 × 8 block of accumulators gains
/// `a[p]·b[p]` for every step `p`, over and over (`a` holds 4 values a step,
/// `b` 8).
fn multiply_add_loop(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [[F32x4::zero(); 2]; 4];
    for _ in 0..PEAK_MACS as usize / (PEAK_DEPTH * 32) {
        for (a_step, b_step) in a.chunks_exact(4).zip(b.chunks_exact(8)) {
            let bv = [F32x4::load(b_step), F32x4::load(&b_step[4..])];
            for (row, &a_value) in acc.iter_mut().zip(a_step) {
                let av = F32x4::splat(a_value);
                for (lane, &b_lanes) in row.iter_mut().zip(&bv) {
                    *lane = lane.add_mul(av, b_lanes);
                }
            }
        }
    }
    acc.iter().flatten().fold(0.0, |s, x| s + x.sum())
}

/// The memory roof: reading a buffer of `bytes` (e.g. 64 MiB, far beyond the
/// caches) with four independent lane sums. Returns 10⁹ bytes per second.
///
/// # Errors
/// [`Error::TooLarge`] above [`MAX_BYTES`]; [`Error::Setting`] for a buffer under
/// 1 MiB or bad options.
pub fn memory_bandwidth(
    bytes: u64,
    options: &TimingOptions,
    clock: &mut dyn FnMut() -> f64,
) -> Result<Rate, Error> {
    check_options(options)?;
    if bytes > MAX_BYTES {
        return Err(Error::TooLarge(format!(
            "a {} MiB buffer; the bandwidth test stops at {} MiB",
            bytes >> 20,
            MAX_BYTES >> 20
        )));
    }
    if bytes < 1 << 20 {
        return Err(Error::Setting("the buffer must be at least 1 MiB".into()));
    }
    let values = (bytes / 64 * 16) as usize;
    let buffer: Vec<f32> = (0..values).map(|i| (i % 7) as f32).collect();
    let mut pass = || {
        black_box(read_sum(black_box(&buffer)));
    };
    let (ms, repetitions) = measure(&mut pass, options, clock);
    Ok(Rate {
        per_second: (values * 4) as f64 / (ms * 1e6),
        ms,
        repetitions,
    })
}

/// Σ x with four independent accumulators (length a multiple of 16).
fn read_sum(x: &[f32]) -> f32 {
    let mut acc = [F32x4::zero(); 4];
    for chunk in x.chunks_exact(16) {
        for (i, a) in acc.iter_mut().enumerate() {
            *a = *a + F32x4::load(&chunk[4 * i..]);
        }
    }
    acc.iter().fold(0.0, |s, a| s + a.sum())
}
