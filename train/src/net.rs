//! The lab's networks: a small standard CNN and its depthwise separable twin.
//!
//! Both families share one skeleton, for an H×W×1 image and 10 classes:
//!
//! ```text
//! stem   conv 3×3, 1 → c₀, stride 1, 'same', ReLU
//! block  × len(blocks), each to cᵢ channels with stride sᵢ:
//!          standard:  conv 3×3 (stride sᵢ), ReLU
//!          separable: depthwise 3×3 (stride sᵢ), ReLU, pointwise 1×1, ReLU
//! head   global average pooling, dense → 10 classes
//! ```
//!
//! Every convolution has a bias (PyTorch's convention: both halves of a separable
//! pair). A width multiplier α scales every channel count: ⌊α·c⌋, at least 1 (Keras'
//! and TF-slim's rule). With [`Downsample::MaxPool`] a block's stride is replaced by
//! stride 1 followed by 2×2 max pooling.

use crate::conv::{Conv2d, ConvShape, Padding, Param};
use crate::error::Error;
use crate::layers::{GlobalAvgPool, MaxPool2, Relu};
use crate::rng::{he_uniform, Rng};
use crate::separability::separable_share;
use crate::tensor::Tensor;

/// Which twin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    /// Every block is a standard 3×3 convolution.
    Standard,
    /// Every block is depthwise 3×3 + pointwise 1×1.
    Separable,
}

impl Family {
    /// Both, standard first.
    pub const ALL: [Family; 2] = [Family::Standard, Family::Separable];

    /// "standard" or "separable".
    pub fn name(self) -> &'static str {
        match self {
            Family::Standard => "standard",
            Family::Separable => "separable",
        }
    }

    /// The family named `name` ("standard", "separable").
    pub fn from_name(name: &str) -> Option<Family> {
        Family::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// How a block with stride 2 halves the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Downsample {
    /// The block's (first) convolution has the stride (MobileNet).
    Stride,
    /// The convolution has stride 1; 2×2 max pooling follows the block.
    MaxPool,
}

/// One block: its output channels and stride.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Block {
    /// Output channels (before the width multiplier).
    pub channels: usize,
    /// Stride (1 or 2).
    pub stride: usize,
}

/// The base widths of the lab's nets at α = 1: stem 16, then blocks of 32, 64 and
/// 128 channels, each with stride 2 (28×28 → 14×14 → 7×7 → 4×4). A Fashion-MNIST
/// image costs 3.10 M MACs in the standard net and 0.50 M in the separable one,
/// so an epoch of 6,000 images is about 56 G MACs (forward and backward) for the
/// standard net. (With two blocks the standard net reached 81 % on Fashion-MNIST
/// after 8 epochs; the third block, 85 % after 5.)
pub const LAB_STEM: usize = 16;
/// The lab's blocks at α = 1.
pub const LAB_BLOCKS: [Block; 3] = [
    Block {
        channels: 32,
        stride: 2,
    },
    Block {
        channels: 64,
        stride: 2,
    },
    Block {
        channels: 128,
        stride: 2,
    },
];

/// A network's description; [`Net::new`] builds it.
#[derive(Debug, Clone, PartialEq)]
pub struct NetSpec {
    /// Standard or separable blocks.
    pub family: Family,
    /// Input height and width (one channel).
    pub input: (usize, usize),
    /// Output classes.
    pub classes: usize,
    /// Width multiplier α.
    pub alpha: f64,
    /// Stem channels before α.
    pub stem: usize,
    /// Blocks, channels before α.
    pub blocks: Vec<Block>,
    /// Stride or pooling.
    pub downsample: Downsample,
    /// Depthwise output channels per input channel in separable blocks.
    pub depth_multiplier: usize,
}

/// What a convolution or dense layer is, for counting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LayerKind {
    /// A standard convolution.
    Standard,
    /// The depthwise half of a separable block.
    Depthwise,
    /// The pointwise half of a separable block.
    Pointwise,
    /// The classifier: a 1×1 convolution of the pooled 1×1 map.
    Dense,
}

/// One operation of a network, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// A convolution (or the dense layer, as a 1×1 convolution of a 1×1 map).
    Conv(LayerKind, ConvShape),
    /// ReLU.
    Relu,
    /// 2×2 max pooling.
    MaxPool,
    /// Global average pooling.
    GlobalAvgPool,
}

impl NetSpec {
    /// The lab's net of `family` at width `alpha` for an `input` of H×W×1 and 10
    /// classes (28×28 for Fashion-MNIST, 8×8 for digits).
    pub fn lab(family: Family, input: (usize, usize), alpha: f64) -> NetSpec {
        NetSpec {
            family,
            input,
            classes: 10,
            alpha,
            stem: LAB_STEM,
            blocks: LAB_BLOCKS.to_vec(),
            downsample: Downsample::Stride,
            depth_multiplier: 1,
        }
    }

    /// The same net with another family.
    pub fn with_family(&self, family: Family) -> NetSpec {
        NetSpec {
            family,
            ..self.clone()
        }
    }

    /// The same net at another width.
    pub fn with_alpha(&self, alpha: f64) -> NetSpec {
        NetSpec {
            alpha,
            ..self.clone()
        }
    }

    /// ⌊α·c⌋, at least 1.
    pub fn width(&self, channels: usize) -> usize {
        ((self.alpha * channels as f64).floor() as usize).max(1)
    }

    /// The operations in order, with every convolution's shape.
    ///
    /// # Errors
    /// [`Error::Layer`] if a layer is impossible (a zero size, a map too small).
    pub fn ops(&self) -> Result<Vec<Op>, Error> {
        let (mut h, mut w) = self.input;
        let mut channels;
        let mut ops = Vec::new();
        let conv = |ops: &mut Vec<Op>, kind, shape: ConvShape| -> Result<(usize, usize), Error> {
            let g = shape.geometry()?;
            ops.push(Op::Conv(kind, shape));
            ops.push(Op::Relu);
            Ok((g.out_height, g.out_width))
        };
        let stem = self.width(self.stem);
        (h, w) = conv(
            &mut ops,
            LayerKind::Standard,
            ConvShape::standard(3, 1, stem, (h, w), 1, Padding::Same),
        )?;
        channels = stem;
        for block in &self.blocks {
            let out = self.width(block.channels);
            let pool = self.downsample == Downsample::MaxPool && block.stride > 1;
            let stride = if pool { 1 } else { block.stride };
            match self.family {
                Family::Standard => {
                    let shape =
                        ConvShape::standard(3, channels, out, (h, w), stride, Padding::Same);
                    (h, w) = conv(&mut ops, LayerKind::Standard, shape)?;
                }
                Family::Separable => {
                    let dm = self.depth_multiplier;
                    let shape =
                        ConvShape::depthwise(3, channels, dm, (h, w), stride, Padding::Same);
                    (h, w) = conv(&mut ops, LayerKind::Depthwise, shape)?;
                    let shape = ConvShape::pointwise(channels * dm, out, (h, w));
                    (h, w) = conv(&mut ops, LayerKind::Pointwise, shape)?;
                }
            }
            if pool {
                if h < 2 || w < 2 {
                    return Err(Error::Layer(format!("a {h}×{w} map cannot be pooled")));
                }
                ops.push(Op::MaxPool);
                (h, w) = MaxPool2::output_size(h, w);
            }
            channels = out;
        }
        ops.push(Op::GlobalAvgPool);
        let dense = ConvShape::pointwise(channels, self.classes, (1, 1));
        dense.geometry()?;
        ops.push(Op::Conv(LayerKind::Dense, dense));
        Ok(ops)
    }

    /// Every convolution and the dense layer, in order, with its shape (for
    /// counting against the calculator).
    ///
    /// # Errors
    /// As [`NetSpec::ops`].
    pub fn layers(&self) -> Result<Vec<(LayerKind, ConvShape)>, Error> {
        Ok(self
            .ops()?
            .into_iter()
            .filter_map(|op| match op {
                Op::Conv(kind, shape) => Some((kind, shape)),
                _ => None,
            })
            .collect())
    }

    /// Multiply-accumulates of one image's forward pass, from the shapes.
    ///
    /// # Errors
    /// As [`NetSpec::ops`].
    pub fn macs(&self) -> Result<u64, Error> {
        self.layers()?.iter().map(|(_, s)| s.macs_per_image()).sum()
    }

    /// Parameters: weights and biases of every layer.
    ///
    /// # Errors
    /// As [`NetSpec::ops`].
    pub fn params(&self) -> Result<u64, Error> {
        Ok(self
            .layers()?
            .iter()
            .map(|(_, s)| (s.weights() + s.out_channels) as u64)
            .sum())
    }

    /// The same net as separable, widened until its MACs are closest to this
    /// net's ("spend the savings on width"): α searched in steps of 1/64 from
    /// this net's α to 8α.
    ///
    /// # Errors
    /// As [`NetSpec::ops`].
    pub fn separable_with_equal_macs(&self) -> Result<NetSpec, Error> {
        let target = self.macs()?;
        let separable = self.with_family(Family::Separable);
        let mut best: Option<(u64, NetSpec)> = None;
        let start = (self.alpha * 64.0).round() as usize;
        for step in start.max(1)..=start.max(1) * 8 {
            let candidate = separable.with_alpha(step as f64 / 64.0);
            let distance = candidate.macs()?.abs_diff(target);
            if best.as_ref().is_none_or(|(d, _)| distance < *d) {
                best = Some((distance, candidate));
            }
        }
        Ok(best.map(|(_, spec)| spec).unwrap_or(separable))
    }
}

/// One layer of a built network.
#[derive(Debug, Clone)]
enum Layer {
    Conv(LayerKind, Box<Conv2d>),
    Relu(Relu),
    MaxPool(MaxPool2),
    GlobalAvgPool(GlobalAvgPool),
}

/// How close one standard convolution's kernel is to separable.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LayerSeparability {
    /// Index among the net's convolution and dense layers (0 = stem).
    pub layer: usize,
    /// Share of the kernel's energy in its best W[n, m] = P[n, m]·D[m] fit.
    pub share: f64,
}

/// A network with its weights, ready to train.
#[derive(Debug, Clone)]
pub struct Net {
    spec: NetSpec,
    layers: Vec<Layer>,
}

impl Net {
    /// Builds `spec` with He-uniform weights from `seed` and zero biases.
    ///
    /// # Errors
    /// As [`NetSpec::ops`].
    pub fn new(spec: &NetSpec, seed: u64) -> Result<Net, Error> {
        let mut rng = Rng::stream(seed, 1);
        let layers = spec
            .ops()?
            .into_iter()
            .map(|op| -> Result<Layer, Error> {
                Ok(match op {
                    Op::Conv(kind, shape) => {
                        let mut conv = Conv2d::new(shape)?;
                        let fan_in = conv.fan_in();
                        he_uniform(&mut rng, &mut conv.weight.value, fan_in);
                        Layer::Conv(kind, Box::new(conv))
                    }
                    Op::Relu => Layer::Relu(Relu::default()),
                    Op::MaxPool => Layer::MaxPool(MaxPool2::default()),
                    Op::GlobalAvgPool => Layer::GlobalAvgPool(GlobalAvgPool::default()),
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Net {
            spec: spec.clone(),
            layers,
        })
    }

    /// Its description.
    pub fn spec(&self) -> &NetSpec {
        &self.spec
    }

    /// Logits (classes × batch × 1 × 1) of a batch of images (1 × batch × H × W).
    pub fn forward(&mut self, images: &Tensor) -> Tensor {
        let mut x = images.clone();
        for layer in &mut self.layers {
            x = match layer {
                Layer::Conv(_, conv) => conv.forward(&x),
                Layer::Relu(relu) => relu.forward(x),
                Layer::MaxPool(pool) => pool.forward(&x),
                Layer::GlobalAvgPool(pool) => pool.forward(&x),
            };
        }
        x
    }

    /// Backward pass from ∂loss/∂logits: sets every parameter's gradient. The
    /// image gradient is not computed.
    pub fn backward(&mut self, grad_logits: &Tensor) {
        let mut grad = grad_logits.clone();
        let last = self.layers.len();
        for (i, layer) in self.layers.iter_mut().rev().enumerate() {
            let first = i + 1 == last;
            grad = match layer {
                Layer::Conv(_, conv) => match conv.backward(&grad, !first) {
                    Some(g) => g,
                    None => break,
                },
                Layer::Relu(relu) => relu.backward(grad),
                Layer::MaxPool(pool) => pool.backward(&grad),
                Layer::GlobalAvgPool(pool) => pool.backward(&grad),
            };
        }
    }

    /// Every weight and bias, in a fixed order (layer by layer, weight then bias).
    pub fn params_mut(&mut self) -> impl Iterator<Item = &mut Param> {
        self.layers.iter_mut().flat_map(|layer| match layer {
            Layer::Conv(_, conv) => {
                let conv = &mut **conv;
                vec![&mut conv.weight, &mut conv.bias]
            }
            _ => Vec::new(),
        })
    }

    /// The convolution and dense layers, in order.
    pub fn convolutions(&self) -> impl Iterator<Item = (LayerKind, &Conv2d)> {
        self.layers.iter().filter_map(|layer| match layer {
            Layer::Conv(kind, conv) => Some((*kind, &**conv)),
            _ => None,
        })
    }

    /// Number of weights and biases.
    pub fn param_count(&self) -> usize {
        self.convolutions()
            .map(|(_, c)| c.weight.value.len() + c.bias.value.len())
            .sum()
    }

    /// Multiply-accumulates counted by the forward passes so far.
    pub fn macs(&self) -> u64 {
        self.convolutions().map(|(_, c)| c.macs()).sum()
    }

    /// For each standard 3×3 convolution after the stem (the ones the separable
    /// twin replaces), the share of its kernel's energy captured by the nearest
    /// separable kernel ([`separable_share`]).
    pub fn separability(&self) -> Vec<LayerSeparability> {
        self.convolutions()
            .enumerate()
            .skip(1)
            .filter(|(_, (kind, conv))| *kind == LayerKind::Standard && conv.shape().kernel > 1)
            .map(|(layer, (_, conv))| {
                let s = conv.shape();
                LayerSeparability {
                    layer,
                    share: separable_share(
                        &conv.weight.value,
                        s.out_channels,
                        s.in_channels,
                        s.kernel * s.kernel,
                    ),
                }
            })
            .collect()
    }
}
