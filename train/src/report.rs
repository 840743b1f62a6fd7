//! What a timing means: the calculator's counts beside the measured times, so
//! that the CLI (`sepconv time`) and the page say the same thing.
//!
//! [`crate::timing`] measures milliseconds; this module puts each step's time
//! beside its multiply-accumulates and bytes moved as the calculator counts them
//! ([`sepconv_calc::Layer::traffic`]: every value read or written once, 4 bytes
//! each, batch 1), and places it under the two roofs of a roofline ([`Peaks`]).
//! It measures nothing itself and reads no clock.
//!
//! ```
//! use sepconv_train::report::{LayerReport, Peaks};
//! use sepconv_train::timing::{time_layer, Rate, TimingLayer, TimingOptions};
//!
//! // The lecture example, timed with a clock that advances 1 ms per reading.
//! let layer = TimingLayer::from_spec(&sepconv_calc::LayerSpec::lecture_example()).unwrap();
//! let mut now = 0.0;
//! let mut clock = move || { now += 1.0; now };
//! let options = TimingOptions { min_run_ms: 1.0, runs: 1 };
//! let timing = time_layer(&layer, &options, &mut clock).unwrap();
//! let report = LayerReport::new(&layer, &timing).unwrap();
//! assert_eq!(report.steps.map(|s| s.macs), [2160, 432, 240]);
//! assert!((report.expected_speedup() - 2160.0 / 672.0).abs() < 1e-12);
//! assert_eq!(report.measured_speedup(), 0.5); // 1 ms against 1 + 1 ms
//!
//! // A machine of 10 GMAC/s and 5 GB/s: the ridge is at 2 MACs per byte.
//! let rate = |per_second| Rate { per_second, ms: 1.0, repetitions: 1 };
//! let peaks = Peaks { compute: rate(10.0), bandwidth: rate(5.0) };
//! assert_eq!(peaks.ridge(), 2.0);
//! assert_eq!(peaks.roof(0.5), 2.5);
//! ```

use sepconv_calc::{Bias, Layer, LayerSpec, Part};

use crate::conv::Padding;
use crate::error::Error;
use crate::timing::{check_layer, LayerTiming, Rate, StepTiming, TimingLayer, TimingOptions};

/// The three steps a timing measures, in the order of [`LayerTiming`]'s fields.
pub const STEPS: [Part; 3] = [Part::Standard, Part::Depthwise, Part::Pointwise];

impl TimingLayer {
    /// The layer a calculator description stands for, as the timing runs it.
    ///
    /// # Errors
    /// [`Error::Setting`] for what the kernels do not run: a kernel that is not
    /// square, dilation, explicit padding, or a size that does not fit in
    /// `usize`. Biases are ignored (they change no MAC).
    pub fn from_spec(spec: &LayerSpec) -> Result<TimingLayer, Error> {
        let unsupported = |what: &str| Err(Error::Setting(format!("timings {what}")));
        if spec.kernel_height != spec.kernel_width {
            return unsupported("take square kernels only");
        }
        if spec.dilation != 1 {
            return unsupported("take no dilation");
        }
        let padding = match spec.padding {
            sepconv_calc::Padding::Valid => Padding::Valid,
            sepconv_calc::Padding::Same => Padding::Same,
            sepconv_calc::Padding::Explicit(_) => {
                return unsupported("take valid or same padding only")
            }
        };
        let size =
            |v: u64| usize::try_from(v).map_err(|_| Error::TooLarge(format!("a size of {v}")));
        Ok(TimingLayer {
            kernel: size(spec.kernel_height)?,
            in_channels: size(spec.in_channels)?,
            out_channels: size(spec.out_channels)?,
            height: size(spec.height)?,
            width: size(spec.width)?,
            stride: size(spec.stride)?,
            padding,
            depth_multiplier: size(spec.depth_multiplier)?,
        })
    }

    /// The calculator's description of this layer, without biases.
    pub fn spec(&self) -> LayerSpec {
        LayerSpec {
            kernel_height: self.kernel as u64,
            kernel_width: self.kernel as u64,
            in_channels: self.in_channels as u64,
            out_channels: self.out_channels as u64,
            height: self.height as u64,
            width: self.width as u64,
            stride: self.stride as u64,
            padding: self.padding.to_calc(),
            dilation: 1,
            bias: Bias::None,
            depth_multiplier: self.depth_multiplier as u64,
        }
    }
}

/// Where and how a timing ran: what the CLI and the page print under
/// "measured".
#[derive(Debug, Clone, PartialEq)]
pub struct Setup {
    /// Where: "native x86_64 (linux)", "Chromium 156, in a Web Worker".
    pub runtime: String,
    /// Threads the kernels used (they use one).
    pub threads: u32,
    /// How the kernels' four-lane arithmetic ran ([`simd`]).
    pub simd: &'static str,
    /// Whether SIMD instructions carried the lanes.
    pub simd_on: bool,
    /// Whether the kernels were compiled with optimisations (a debug build's
    /// times say little about the kernels).
    pub optimised: bool,
    /// How long each measurement ran.
    pub options: TimingOptions,
}

impl Setup {
    /// This build's setup, running in `runtime`, measured with `options`.
    pub fn here(runtime: impl Into<String>, options: TimingOptions) -> Setup {
        let (simd, simd_on) = simd();
        Setup {
            runtime: runtime.into(),
            threads: 1,
            simd,
            simd_on,
            optimised: !cfg!(debug_assertions),
            options,
        }
    }
}

impl Setup {
    /// The lab's worker in the reader's browser: a release build, one thread,
    /// with SIMD128 or without (as its `Ready` event says).
    pub fn browser_worker(simd128: bool, options: TimingOptions) -> Setup {
        let (simd, simd_on) = wasm_simd(simd128);
        Setup {
            runtime: "this browser, in a Web Worker".to_string(),
            threads: 1,
            simd,
            simd_on,
            optimised: true,
            options,
        }
    }

    /// Where and how, in one line: "native x86_64 (linux), 1 thread, SIMD: …,
    /// optimised build; each step: the median of 5 runs of at least 100 ms".
    pub fn summary(&self) -> String {
        let o = self.options;
        format!(
            "{}, {} thread{}, SIMD: {}, {}; each step: the median of {} run{} of at least {} ms",
            self.runtime,
            self.threads,
            if self.threads == 1 { "" } else { "s" },
            self.simd,
            if self.optimised {
                "optimised build"
            } else {
                "debug build (unoptimised: not representative)"
            },
            o.runs,
            if o.runs == 1 { "" } else { "s" },
            whole_or_significant(o.min_run_ms)
        )
    }
}

/// "100" for a whole number of milliseconds, else three figures.
fn whole_or_significant(ms: f64) -> String {
    if ms.fract() == 0.0 && (0.0..1e15).contains(&ms) {
        (ms as u64).to_string()
    } else {
        sepconv_calc::format::significant(ms, 3)
    }
}

/// The kernels a timing runs, in words.
pub const KERNELS: &str = "sepconv-train's: standard and pointwise as im2col + a blocked \
     matrix product (4×8 register tiles), depthwise as a direct kernel along each output row";

/// How a report counts bytes, in words.
pub const BYTES: &str = "bytes as the calculator counts them: every value read or written \
     once, 4 bytes each, one image";

/// How a WebAssembly build carries the lanes, with or without SIMD128 (the
/// page learns which from its worker).
pub fn wasm_simd(simd128: bool) -> (&'static str, bool) {
    if simd128 {
        ("WebAssembly SIMD128", true)
    } else {
        ("none: WebAssembly without SIMD128", false)
    }
}

/// How this build carries the kernels' lanes of four `f32` ([`crate::lanes`]),
/// in words, and whether that is SIMD.
pub fn simd() -> (&'static str, bool) {
    if cfg!(target_arch = "wasm32") {
        wasm_simd(cfg!(target_feature = "simd128"))
    } else if cfg!(target_arch = "x86_64") {
        ("SSE, 4-lane f32", true)
    } else {
        (
            "none assumed: 4-lane f32 as plain arrays, left to the compiler",
            false,
        )
    }
}

/// The two roofs of a roofline: the compute peak and the memory bandwidth.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Peaks {
    /// Multiply-accumulates per second ([`crate::timing::compute_peak`]), 10⁹.
    pub compute: Rate,
    /// Bytes read per second ([`crate::timing::memory_bandwidth`]), 10⁹.
    pub bandwidth: Rate,
}

impl Peaks {
    /// The ridge point: the arithmetic intensity (MACs per byte) at which the
    /// memory roof meets the compute roof. Below it a step waits on memory.
    pub fn ridge(&self) -> f64 {
        self.compute.per_second / self.bandwidth.per_second
    }

    /// The roofline at `intensity` MACs per byte: the most GMAC/s a step of that
    /// intensity can reach, min(compute peak, bandwidth × intensity).
    pub fn roof(&self, intensity: f64) -> f64 {
        (self.bandwidth.per_second * intensity).min(self.compute.per_second)
    }
}

/// Which roof bounds a step of a given intensity, by the roofline model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// Below the ridge: the memory roof.
    Memory,
    /// At or above the ridge: the compute roof.
    Compute,
}

/// One measured step beside the calculator's counts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepReport {
    /// Which step.
    pub part: Part,
    /// Multiply-accumulates of one pass (the calculator's count, which the
    /// kernel's own count equals).
    pub macs: u64,
    /// Bytes one pass moves under the calculator's model.
    pub bytes: u64,
    /// What the timing measured.
    pub timing: StepTiming,
}

impl StepReport {
    /// MACs per byte moved (the calculator's [`sepconv_calc::Traffic`]).
    pub fn intensity(&self) -> f64 {
        self.macs as f64 / self.bytes as f64
    }

    /// Achieved rate, 10⁹ MACs per second.
    pub fn gmacs(&self) -> f64 {
        self.macs as f64 / (self.timing.ms * 1e6)
    }

    /// The achieved rate as a fraction of the compute peak.
    pub fn share_of_peak(&self, peaks: &Peaks) -> f64 {
        self.gmacs() / peaks.compute.per_second
    }

    /// The roof the model puts over this step.
    pub fn bound(&self, peaks: &Peaks) -> Bound {
        if self.intensity() < peaks.ridge() {
            Bound::Memory
        } else {
            Bound::Compute
        }
    }

    /// Whether the step went faster than the roof over its intensity: its data
    /// stayed in a cache, which the bytes-moved model does not see.
    pub fn above_roof(&self, peaks: &Peaks) -> bool {
        self.gmacs() > peaks.roof(self.intensity())
    }
}

/// A layer's three measured steps beside the calculator's counts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LayerReport {
    /// The layer, as the calculator counts it.
    pub layer: Layer,
    /// Standard, depthwise, pointwise ([`STEPS`]).
    pub steps: [StepReport; 3],
}

impl LayerReport {
    /// The report of `timing`, a timing of `layer`.
    ///
    /// # Errors
    /// [`Error::Layer`] if the calculator refuses the layer, or if the kernels
    /// counted other MACs than the calculator (a timing of another layer).
    pub fn new(layer: &TimingLayer, timing: &LayerTiming) -> Result<LayerReport, Error> {
        // A timed layer passed the same checks (its shapes use the calculator's
        // geometry), so this refusal is for layers that were never timed.
        let counted = Layer::new(layer.spec())
            .map_err(|_| Error::Layer("the calculator refuses this layer".into()))?;
        let timings = [timing.standard, timing.depthwise, timing.pointwise];
        let mut steps = [(); 3].map(|_| None);
        for ((slot, part), step) in steps.iter_mut().zip(STEPS).zip(timings) {
            let traffic = counted.traffic(part);
            if traffic.macs != step.macs {
                return Err(Error::Layer(format!(
                    "the {} kernel counted {} MACs, the calculator {}",
                    part.name(),
                    step.macs,
                    traffic.macs
                )));
            }
            *slot = Some(StepReport {
                part,
                macs: traffic.macs,
                bytes: traffic.bytes,
                timing: step,
            });
        }
        Ok(LayerReport {
            layer: counted,
            steps: steps.map(|s| s.expect("all three filled")),
        })
    }

    /// The step `part` (standard, depthwise or pointwise).
    pub fn step(&self, part: Part) -> Option<&StepReport> {
        self.steps.iter().find(|s| s.part == part)
    }

    /// Depthwise then pointwise: their times added (ms).
    pub fn separable_ms(&self) -> f64 {
        self.steps[1].timing.ms + self.steps[2].timing.ms
    }

    /// The separable pair's achieved rate, 10⁹ MACs per second.
    pub fn separable_gmacs(&self) -> f64 {
        self.layer.separable().macs as f64 / (self.separable_ms() * 1e6)
    }

    /// The speed-up MACs predict: standard MACs / separable MACs.
    pub fn expected_speedup(&self) -> f64 {
        self.layer.standard().macs as f64 / self.layer.separable().macs as f64
    }

    /// The speed-up measured: standard time / (depthwise + pointwise time).
    pub fn measured_speedup(&self) -> f64 {
        self.steps[0].timing.ms / self.separable_ms()
    }

    /// "passes per run: standard 9, depthwise 261, pointwise 89".
    pub fn passes(&self) -> String {
        let each: Vec<String> = self
            .steps
            .iter()
            .map(|s| format!("{} {}", s.part.name(), s.timing.repetitions))
            .collect();
        format!("passes per run: {}", each.join(", "))
    }
}

/// Channel counts of the fixed sweep (M = N), at each of [`SWEEP_SIZES`].
pub const SWEEP_CHANNELS: [usize; 7] = [8, 16, 32, 64, 128, 256, 512];
/// Input sizes of the fixed sweep: MobileNet's 56×56 and 14×14 stages.
pub const SWEEP_SIZES: [usize; 2] = [56, 14];

/// The fixed sweep: a 3×3 layer, 'same' padding, stride 1, M = N = each of
/// [`SWEEP_CHANNELS`] at each of [`SWEEP_SIZES`] (56×56 first). Some are
/// above the timing's bounds (56×56×512's standard step is 7.4 G MACs a pass):
/// [`crate::timing::time_layer`] refuses those before running anything.
pub fn sweep_layers() -> Vec<TimingLayer> {
    SWEEP_SIZES
        .iter()
        .flat_map(|&size| {
            SWEEP_CHANNELS.iter().map(move |&channels| TimingLayer {
                kernel: 3,
                in_channels: channels,
                out_channels: channels,
                height: size,
                width: size,
                stride: 1,
                padding: Padding::Same,
                depth_multiplier: 1,
            })
        })
        .collect()
}

/// The layers of [`sweep_layers`] that [`crate::timing::time_layer`] accepts,
/// in order: the page's sweep (the CLI times them all and names those refused).
pub fn timeable_sweep_layers() -> Vec<TimingLayer> {
    sweep_layers()
        .into_iter()
        .filter(|layer| check_layer(layer).is_ok())
        .collect()
}

/// "Time this layer": the layer, what the timing returned, and where it ran.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerRun {
    /// The layer timed.
    pub layer: TimingLayer,
    /// Its three steps.
    pub timing: LayerTiming,
    /// Where and how.
    pub setup: Setup,
}

impl LayerRun {
    /// Its report ([`LayerReport::new`]).
    ///
    /// # Errors
    /// As [`LayerReport::new`].
    pub fn report(&self) -> Result<LayerReport, Error> {
        LayerReport::new(&self.layer, &self.timing)
    }
}

/// One layer of the sweep: its timing, or why it was not timed.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepPoint {
    /// The layer.
    pub layer: TimingLayer,
    /// Its timing, or the refusal ([`Error::TooLarge`]).
    pub timing: Result<LayerTiming, Error>,
}

/// The sweep's results, in [`sweep_layers`]' order, and where it ran.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepRun {
    /// One point per layer.
    pub points: Vec<SweepPoint>,
    /// Where and how.
    pub setup: Setup,
}

impl SweepRun {
    /// The timed points' reports, with their channels and input size, in order.
    pub fn reports(&self) -> Vec<(usize, usize, LayerReport)> {
        self.points
            .iter()
            .filter_map(|p| {
                let timing = p.timing.as_ref().ok()?;
                let report = LayerReport::new(&p.layer, timing).ok()?;
                Some((p.layer.in_channels, p.layer.height, report))
            })
            .collect()
    }
}
