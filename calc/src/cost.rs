//! The cost model of one layer: weights, biases, parameters, multiply-accumulates,
//! activations and memory traffic of the standard, depthwise, pointwise and
//! separable forms.

use crate::error::{product, Field, LayerError};
use crate::layer::{check_nonzero, output_length, Bias, LayerSpec, Shape};
use crate::ratio::Ratio;

/// Bytes per value in the memory-traffic model (fp32).
pub const BYTES_PER_VALUE: u64 = 4;

/// The four ways of computing a layer that Sepconv compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// One K×K×M filter per output channel.
    Standard,
    /// One K×K filter per input channel (times the depth multiplier).
    Depthwise,
    /// 1×1 filters mixing the channels.
    Pointwise,
    /// Depthwise followed by pointwise: the sum of the two.
    Separable,
}

impl Part {
    /// All four, in the order the page shows them.
    pub const ALL: [Part; 4] = [
        Part::Standard,
        Part::Depthwise,
        Part::Pointwise,
        Part::Separable,
    ];

    /// Lower-case name ("depthwise").
    pub fn name(self) -> &'static str {
        match self {
            Part::Standard => "standard",
            Part::Depthwise => "depthwise",
            Part::Pointwise => "pointwise",
            Part::Separable => "separable",
        }
    }
}

/// Counts of one convolution (or of the separable pair).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Cost {
    /// Kernel weights.
    pub weights: u64,
    /// Biases (one per output channel where the convention has them).
    pub biases: u64,
    /// weights + biases.
    pub params: u64,
    /// Multiply-accumulates, one per weight per output position.
    pub macs: u64,
}

impl Cost {
    /// The count of `quantity`: parameters or MACs.
    pub fn get(&self, quantity: crate::Quantity) -> u64 {
        match quantity {
            crate::Quantity::Params => self.params,
            crate::Quantity::Macs => self.macs,
        }
    }

    fn new(weights: u64, biases: u64, macs: u64) -> Result<Cost, LayerError> {
        Ok(Cost {
            weights,
            biases,
            params: weights.checked_add(biases).ok_or(LayerError::Overflow)?,
            macs,
        })
    }

    fn plus(self, other: Cost) -> Result<Cost, LayerError> {
        let add = |a: u64, b: u64| a.checked_add(b).ok_or(LayerError::Overflow);
        Cost::new(
            add(self.weights, other.weights)?,
            add(self.biases, other.biases)?,
            add(self.macs, other.macs)?,
        )
    }
}

/// Element counts of the tensors a layer reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Activations {
    /// Input: H·W·M.
    pub input: u64,
    /// Depthwise output, read by the pointwise step: H′·W′·M·dm.
    pub intermediate: u64,
    /// Output: H′·W′·N.
    pub output: u64,
}

/// Memory traffic and arithmetic intensity of one part.
///
/// The model is deliberately simple: fp32 values, every weight, bias and activation
/// read or written exactly once (no cache effects, no re-reads of the input).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Traffic {
    /// Bytes read and written.
    pub bytes: u64,
    /// Multiply-accumulates.
    pub macs: u64,
}

impl Traffic {
    /// Arithmetic intensity: MACs per byte moved.
    pub fn intensity(&self) -> f64 {
        self.macs as f64 / self.bytes as f64
    }
}

/// A validated layer with all of its counts.
///
/// Building one checks every input and computes every count with checked
/// arithmetic, so the accessors cannot fail.
///
/// # Examples
/// ```
/// use sepconv_calc::{Layer, LayerSpec};
/// let layer = Layer::new(LayerSpec::lecture_example()).unwrap();
/// assert_eq!(layer.standard().macs, 2160);
/// assert_eq!(layer.separable().macs, 432 + 240);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Layer {
    spec: LayerSpec,
    output: Shape,
    standard: Cost,
    depthwise: Cost,
    pointwise: Cost,
    separable: Cost,
    activations: Activations,
}

impl Layer {
    /// Validates `spec` and counts it.
    ///
    /// # Formula
    /// With K² = K_h·K_w, M·dm depthwise channels and H′×W′ output positions:
    /// - standard: weights K²·M·N, MACs K²·M·N·H′·W′;
    /// - depthwise: weights K²·M·dm, MACs K²·M·dm·H′·W′;
    /// - pointwise: weights M·dm·N, MACs M·dm·N·H′·W′;
    /// - separable: depthwise + pointwise.
    ///
    /// Biases: N on the standard and pointwise convolutions unless [`Bias::None`];
    /// M·dm on the depthwise one with [`Bias::Both`].
    ///
    /// # Errors
    /// [`LayerError::Zero`] for a zero size, [`LayerError::KernelTooLarge`] when the
    /// kernel does not fit in the padded input, [`LayerError::Overflow`] when a count
    /// exceeds `u64`.
    pub fn new(spec: LayerSpec) -> Result<Layer, LayerError> {
        check_nonzero(&spec)?;
        let axis = |field, input, kernel| {
            output_length(
                field,
                input,
                kernel,
                spec.stride,
                spec.dilation,
                spec.padding,
            )
        };
        let out_h = axis(Field::Height, spec.height, spec.kernel_height)?;
        let out_w = axis(Field::Width, spec.width, spec.kernel_width)?;
        let output = Shape {
            height: out_h,
            width: out_w,
            channels: spec.out_channels,
        };

        let m = spec.in_channels;
        let n = spec.out_channels;
        let mul = |factors: &[u64]| product(factors).ok_or(LayerError::Overflow);
        let kk = mul(&[spec.kernel_height, spec.kernel_width])?;
        let md = mul(&[m, spec.depth_multiplier])?;
        let positions = mul(&[out_h, out_w])?;
        let has_bias = spec.bias != Bias::None;

        let std_weights = mul(&[kk, m, n])?;
        let standard = Cost::new(
            std_weights,
            if has_bias { n } else { 0 },
            mul(&[std_weights, positions])?,
        )?;
        let dw_weights = mul(&[kk, md])?;
        let depthwise = Cost::new(
            dw_weights,
            if spec.bias == Bias::Both { md } else { 0 },
            mul(&[dw_weights, positions])?,
        )?;
        let pw_weights = mul(&[md, n])?;
        let pointwise = Cost::new(
            pw_weights,
            if has_bias { n } else { 0 },
            mul(&[pw_weights, positions])?,
        )?;
        let separable = depthwise.plus(pointwise)?;

        let activations = Activations {
            input: mul(&[spec.height, spec.width, m])?,
            intermediate: mul(&[positions, md])?,
            output: mul(&[positions, n])?,
        };
        let layer = Layer {
            spec,
            output,
            standard,
            depthwise,
            pointwise,
            separable,
            activations,
        };
        // Traffic sums can overflow even when every count fits: check them once here
        // so `traffic` cannot fail later.
        for part in Part::ALL {
            layer.checked_traffic(part)?;
        }
        Ok(layer)
    }

    /// The description this layer was built from.
    pub fn spec(&self) -> &LayerSpec {
        &self.spec
    }

    /// Output shape H′ × W′ × N.
    pub fn output(&self) -> Shape {
        self.output
    }

    /// Counts of one part.
    pub fn cost(&self, part: Part) -> Cost {
        match part {
            Part::Standard => self.standard,
            Part::Depthwise => self.depthwise,
            Part::Pointwise => self.pointwise,
            Part::Separable => self.separable,
        }
    }

    /// Counts of the standard convolution.
    pub fn standard(&self) -> Cost {
        self.standard
    }

    /// Counts of the depthwise step.
    pub fn depthwise(&self) -> Cost {
        self.depthwise
    }

    /// Counts of the pointwise step.
    pub fn pointwise(&self) -> Cost {
        self.pointwise
    }

    /// Counts of depthwise + pointwise.
    pub fn separable(&self) -> Cost {
        self.separable
    }

    /// Element counts of input, intermediate and output tensors.
    pub fn activations(&self) -> Activations {
        self.activations
    }

    /// Number of output positions H′·W′ (fits: checked at construction).
    pub fn output_positions(&self) -> u64 {
        self.output.height * self.output.width
    }

    /// Kernel area K_h·K_w (fits: checked at construction).
    pub fn kernel_area(&self) -> u64 {
        self.spec.kernel_height * self.spec.kernel_width
    }

    /// Depthwise output channels M·dm (fits: checked at construction).
    pub fn depthwise_channels(&self) -> u64 {
        self.spec.in_channels * self.spec.depth_multiplier
    }

    /// The filters of one convolution: (how many, weights in each). Standard: N
    /// filters of K²·M; depthwise: M·dm filters of K²; pointwise: N filters of M·dm.
    /// `None` for the separable pair, which is two convolutions.
    ///
    /// # Examples
    /// ```
    /// use sepconv_calc::{Layer, LayerSpec, Part};
    /// let layer = Layer::new(LayerSpec::forum_exercise()).unwrap();
    /// assert_eq!(layer.filters(Part::Standard), Some((128, 27)));
    /// assert_eq!(layer.filters(Part::Depthwise), Some((3, 9)));
    /// assert_eq!(layer.filters(Part::Pointwise), Some((128, 3)));
    /// ```
    pub fn filters(&self, part: Part) -> Option<(u64, u64)> {
        let n = self.spec.out_channels;
        // Each product is a factor of a weight count that fits.
        match part {
            Part::Standard => Some((n, self.kernel_area() * self.spec.in_channels)),
            Part::Depthwise => Some((self.depthwise_channels(), self.kernel_area())),
            Part::Pointwise => Some((n, self.depthwise_channels())),
            Part::Separable => None,
        }
    }

    /// Counts of a grouped convolution M → N with `groups` groups.
    ///
    /// # Formula
    /// weights K²·(M/g)·N, MACs K²·(M/g)·N·H′·W′, biases N unless [`Bias::None`].
    /// g = 1 is the standard convolution; g = M with N = M·dm has the depthwise
    /// step's weights and MACs.
    ///
    /// # Errors
    /// [`LayerError::Zero`] for g = 0, [`LayerError::GroupsDoNotDivide`] unless g
    /// divides M and N.
    pub fn grouped(&self, groups: u64) -> Result<Cost, LayerError> {
        let (m, n) = (self.spec.in_channels, self.spec.out_channels);
        if groups == 0 {
            return Err(LayerError::Zero(Field::Groups));
        }
        if !m.is_multiple_of(groups) || !n.is_multiple_of(groups) {
            return Err(LayerError::GroupsDoNotDivide {
                groups,
                in_channels: m,
                out_channels: n,
            });
        }
        // Never larger than the standard counts, which fit.
        let weights = self.standard.weights / groups;
        let biases = self.standard.biases;
        Cost::new(weights, biases, self.standard.macs / groups)
    }

    /// The group counts a grouped convolution M → N can have: the divisors of
    /// gcd(M, N), ascending. 1 is the standard convolution; M (when M divides N)
    /// is depthwise with multiplier N/M. Very large gcds list only 1 and themselves.
    ///
    /// # Examples
    /// ```
    /// use sepconv_calc::{Layer, LayerSpec};
    /// let layer = Layer::new(LayerSpec::mobilenet_first_separable()).unwrap();
    /// assert_eq!(layer.valid_groups(), vec![1, 2, 4, 8, 16, 32]);
    /// ```
    pub fn valid_groups(&self) -> Vec<u64> {
        let (mut a, mut b) = (self.spec.in_channels, self.spec.out_channels);
        while b != 0 {
            (a, b) = (b, a % b);
        }
        let gcd = a;
        if gcd > 1 << 32 {
            return vec![1, gcd];
        }
        let mut small = Vec::new();
        let mut large = Vec::new();
        let mut i = 1u64;
        while i * i <= gcd {
            if gcd.is_multiple_of(i) {
                small.push(i);
                if i * i != gcd {
                    large.push(gcd / i);
                }
            }
            i += 1;
        }
        small.extend(large.into_iter().rev());
        small
    }

    fn checked_traffic(&self, part: Part) -> Result<Traffic, LayerError> {
        let a = self.activations;
        let values = match part {
            Part::Standard => [a.input, self.standard.params, a.output, 0, 0, 0],
            Part::Depthwise => [a.input, self.depthwise.params, a.intermediate, 0, 0, 0],
            Part::Pointwise => [a.intermediate, self.pointwise.params, a.output, 0, 0, 0],
            // The intermediate tensor is written by one step and read by the next.
            Part::Separable => [
                a.input,
                self.depthwise.params,
                a.intermediate,
                a.intermediate,
                self.pointwise.params,
                a.output,
            ],
        };
        let total = values
            .iter()
            .try_fold(0u64, |acc, &v| acc.checked_add(v))
            .and_then(|v| v.checked_mul(BYTES_PER_VALUE))
            .ok_or(LayerError::Overflow)?;
        Ok(Traffic {
            bytes: total,
            macs: self.cost(part).macs,
        })
    }

    /// Bytes moved and arithmetic intensity of one part, under the simple model of
    /// [`Traffic`].
    pub fn traffic(&self, part: Part) -> Traffic {
        self.checked_traffic(part)
            .expect("traffic is checked when the layer is built")
    }

    /// Separable parameters / standard parameters, exactly.
    pub fn params_ratio(&self) -> Ratio {
        Ratio::new(self.separable.params, self.standard.params).expect("standard params ≥ 1")
    }

    /// Separable MACs / standard MACs, exactly.
    pub fn macs_ratio(&self) -> Ratio {
        Ratio::new(self.separable.macs, self.standard.macs).expect("standard MACs ≥ 1")
    }

    /// Separable / standard for `quantity`, exactly.
    pub fn ratio(&self, quantity: crate::Quantity) -> Ratio {
        match quantity {
            crate::Quantity::Params => self.params_ratio(),
            crate::Quantity::Macs => self.macs_ratio(),
        }
    }

    /// The closed form dm·(1/N + 1/K²) = dm·(K² + N) / (N·K²): the exact ratio of
    /// weights and of MACs (without biases). With dm = 1 it is the paper's
    /// 1/N + 1/D_K².
    pub fn closed_form(&self) -> Ratio {
        let kk = u128::from(self.kernel_area());
        let n = u128::from(self.spec.out_channels);
        let dm = u128::from(self.spec.depth_multiplier);
        // Every factor is below 2^64, so the products fit in u128; the reduced value
        // equals the weights ratio, which fits in u64.
        Ratio::reduce((kk + n) * dm, n * kk).expect("reduces to the weights ratio")
    }
}
