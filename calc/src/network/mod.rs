//! Whole networks as per-layer tables: MobileNet v1 and v2.

mod mobilenet_v1;
mod mobilenet_v2;
pub mod published;

pub use mobilenet_v1::{MobileNetV1, V1Variant};
pub use mobilenet_v2::MobileNetV2;

use crate::error::{product, NetworkError};
use crate::layer::{Bias, LayerSpec, Padding, Shape};

/// What a network layer is, as the paper's Table 2 groups them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LayerKind {
    /// A pointwise (1×1) convolution.
    Conv1x1,
    /// A depthwise 3×3 convolution.
    Depthwise3x3,
    /// A full 3×3 convolution.
    Conv3x3,
    /// The classifier (a fully connected layer).
    FullyConnected,
}

impl LayerKind {
    /// Every kind, in Table 2's order.
    pub const ALL: [LayerKind; 4] = [
        LayerKind::Conv1x1,
        LayerKind::Depthwise3x3,
        LayerKind::Conv3x3,
        LayerKind::FullyConnected,
    ];

    /// The name the paper's Table 2 uses.
    pub fn name(self) -> &'static str {
        match self {
            LayerKind::Conv1x1 => "Conv 1×1",
            LayerKind::Depthwise3x3 => "Conv DW 3×3",
            LayerKind::Conv3x3 => "Conv 3×3",
            LayerKind::FullyConnected => "Fully connected",
        }
    }

    /// A short machine name ("conv1x1", "dw3x3", "conv3x3", "fc").
    pub fn id(self) -> &'static str {
        match self {
            LayerKind::Conv1x1 => "conv1x1",
            LayerKind::Depthwise3x3 => "dw3x3",
            LayerKind::Conv3x3 => "conv3x3",
            LayerKind::FullyConnected => "fc",
        }
    }
}

/// Which parameters are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Convention {
    /// The paper: kernel and classifier weights only.
    #[default]
    Paper,
    /// Keras `model.summary()`: + classifier bias + 4 BatchNorm values per channel
    /// (γ, β, moving mean, moving variance).
    Keras,
    /// PyTorch `sum(p.numel())`: + classifier bias + 2 BatchNorm values per channel
    /// (γ, β; the running statistics are buffers, not parameters).
    PyTorch,
}

impl Convention {
    /// All three, in display order.
    pub const ALL: [Convention; 3] = [Convention::Paper, Convention::Keras, Convention::PyTorch];

    /// "paper", "keras" or "pytorch".
    pub fn id(self) -> &'static str {
        match self {
            Convention::Paper => "paper",
            Convention::Keras => "keras",
            Convention::PyTorch => "pytorch",
        }
    }

    /// Parses an id.
    pub fn parse(text: &str) -> Option<Convention> {
        Convention::ALL.into_iter().find(|c| c.id() == text)
    }

    /// One line saying what is counted.
    pub fn description(self) -> &'static str {
        match self {
            Convention::Paper => "kernel and classifier weights only (no biases, no BatchNorm)",
            Convention::Keras => {
                "model.summary(): weights, classifier bias, and 4 BatchNorm values per channel"
            }
            Convention::PyTorch => {
                "sum(p.numel()): weights, classifier bias, and BatchNorm γ and β per channel"
            }
        }
    }

    fn batch_norm_values(self) -> u64 {
        match self {
            Convention::Paper => 0,
            Convention::Keras => 4,
            Convention::PyTorch => 2,
        }
    }
}

/// One row of a network table.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NetworkLayer {
    /// A short name ("conv1", "block3/dw").
    pub name: String,
    /// What kind of layer it is.
    pub kind: LayerKind,
    /// Input shape.
    pub input: Shape,
    /// Output shape.
    pub output: Shape,
    /// Stride.
    pub stride: u64,
    /// Kernel weights (or the classifier matrix).
    pub weights: u64,
    /// Bias values (only the classifier has them).
    pub bias: u64,
    /// Channels of the BatchNorm that follows (0 for the classifier).
    pub batch_norm_channels: u64,
    /// Multiply-accumulates.
    pub macs: u64,
}

impl NetworkLayer {
    /// Parameters under a counting convention (the paper counts no biases).
    pub fn params(&self, convention: Convention) -> u64 {
        let extra = match convention {
            Convention::Paper => 0,
            _ => self.bias + convention.batch_norm_values() * self.batch_norm_channels,
        };
        self.weights + extra
    }
}

/// Parameter and MAC totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Totals {
    /// Parameters.
    pub params: u64,
    /// Multiply-accumulates.
    pub macs: u64,
}

/// Totals of one layer kind and their shares of the whole.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KindShare {
    /// The kind.
    pub kind: LayerKind,
    /// Its totals.
    pub totals: Totals,
    /// Share of all parameters, 0 to 1.
    pub params_share: f64,
    /// Share of all MACs, 0 to 1.
    pub macs_share: f64,
}

/// A network as a table of layers.
///
/// Every count was computed with checked arithmetic when the network was built, and
/// the totals were checked too, so the sums here cannot overflow.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Network {
    /// Display name ("1.0 MobileNet-224").
    pub name: String,
    /// The layers, in order.
    pub layers: Vec<NetworkLayer>,
}

impl Network {
    fn checked(name: String, layers: Vec<NetworkLayer>) -> Result<Network, NetworkError> {
        let sum = |f: &dyn Fn(&NetworkLayer) -> Option<u64>| {
            layers
                .iter()
                .try_fold(0u64, |acc, l| acc.checked_add(f(l)?))
                .ok_or(NetworkError::Overflow)
        };
        sum(&|l| Some(l.macs))?;
        sum(&|l| {
            l.batch_norm_channels
                .checked_mul(4)?
                .checked_add(l.weights)?
                .checked_add(l.bias)
        })?;
        Ok(Network { name, layers })
    }

    /// The single layer that explains row `index` on the page's calculator: a
    /// depthwise row and its 1×1 neighbour (the projection after it, or for a
    /// pointwise row the depthwise step before it) as one separable layer; any
    /// other row as the standard convolution it is (the classifier as a 1×1
    /// convolution on a 1×1 map). 'same' padding and no bias, as in MobileNet.
    /// `None` when there is no such row.
    pub fn explain(&self, index: usize) -> Option<LayerSpec> {
        let row = self.layers.get(index)?;
        let is = |i: Option<usize>, kind| {
            i.and_then(|i| self.layers.get(i))
                .is_some_and(|l| l.kind == kind)
        };
        let (before, after) = (index.checked_sub(1), index.checked_add(1));
        let (input, output) = match row.kind {
            LayerKind::Depthwise3x3 if is(after, LayerKind::Conv1x1) => {
                (row.input, self.layers[index + 1].output)
            }
            LayerKind::Conv1x1 if is(before, LayerKind::Depthwise3x3) => {
                (self.layers[index - 1].input, row.output)
            }
            // An expansion: explain the depthwise step and projection it feeds.
            LayerKind::Conv1x1 if is(after, LayerKind::Depthwise3x3) => {
                return self.explain(index + 1);
            }
            _ => (row.input, row.output),
        };
        let kernel = match row.kind {
            LayerKind::Depthwise3x3 | LayerKind::Conv3x3 => 3,
            LayerKind::Conv1x1 if is(before, LayerKind::Depthwise3x3) => 3,
            LayerKind::Conv1x1 | LayerKind::FullyConnected => 1,
        };
        let stride = match row.kind {
            LayerKind::Conv1x1 if is(before, LayerKind::Depthwise3x3) => {
                self.layers[index - 1].stride
            }
            _ => row.stride,
        };
        Some(LayerSpec {
            in_channels: input.channels,
            out_channels: output.channels,
            height: input.height,
            width: input.width,
            stride,
            padding: Padding::Same,
            bias: Bias::None,
            ..LayerSpec::lecture_example().with_kernel(kernel)
        })
    }

    /// Totals under a convention (MACs are the same under all three).
    pub fn totals(&self, convention: Convention) -> Totals {
        sum(&self.layers, convention)
    }

    /// Totals by layer kind, with their shares, in [`LayerKind`] order; only kinds the
    /// network has.
    pub fn by_kind(&self, convention: Convention) -> Vec<KindShare> {
        let all = self.totals(convention);
        LayerKind::ALL
            .into_iter()
            .filter(|&kind| self.layers.iter().any(|l| l.kind == kind))
            .map(|kind| {
                let totals = sum(self.layers.iter().filter(|l| l.kind == kind), convention);
                KindShare {
                    kind,
                    totals,
                    params_share: totals.params as f64 / all.params.max(1) as f64,
                    macs_share: totals.macs as f64 / all.macs.max(1) as f64,
                }
            })
            .collect()
    }
}

/// Parameters (under `convention`) and MACs of `layers`, summed.
fn sum<'a>(layers: impl IntoIterator<Item = &'a NetworkLayer>, convention: Convention) -> Totals {
    layers.into_iter().fold(Totals::default(), |t, l| Totals {
        params: t.params + l.params(convention),
        macs: t.macs + l.macs,
    })
}

/// Builds network rows with checked arithmetic, tracking the current shape.
struct Builder {
    shape: Shape,
    layers: Vec<NetworkLayer>,
}

impl Builder {
    fn new(resolution: u64) -> Builder {
        Builder {
            shape: Shape {
                height: resolution,
                width: resolution,
                channels: 3,
            },
            layers: Vec::new(),
        }
    }

    /// Appends a K×K convolution ('same' padding) followed by BatchNorm; depthwise
    /// when `depthwise`, in which case the channel count is kept.
    fn conv(
        &mut self,
        name: String,
        kernel: u64,
        out_channels: u64,
        stride: u64,
        depthwise: bool,
    ) -> Result<(), NetworkError> {
        let input = self.shape;
        let output = Shape {
            height: input.height.div_ceil(stride),
            width: input.width.div_ceil(stride),
            channels: if depthwise {
                input.channels
            } else {
                out_channels
            },
        };
        let per_filter = if depthwise {
            kernel * kernel
        } else {
            product(&[kernel, kernel, input.channels]).ok_or(NetworkError::Overflow)?
        };
        let weights = per_filter
            .checked_mul(output.channels)
            .ok_or(NetworkError::Overflow)?;
        let macs =
            product(&[weights, output.height, output.width]).ok_or(NetworkError::Overflow)?;
        let kind = match (depthwise, kernel) {
            (true, _) => LayerKind::Depthwise3x3,
            (false, 1) => LayerKind::Conv1x1,
            (false, _) => LayerKind::Conv3x3,
        };
        self.layers.push(NetworkLayer {
            name,
            kind,
            input,
            output,
            stride,
            weights,
            bias: 0,
            batch_norm_channels: output.channels,
            macs,
        });
        self.shape = output;
        Ok(())
    }

    /// Global average pooling, then a fully connected classifier with bias.
    fn classifier(&mut self, classes: u64) -> Result<(), NetworkError> {
        let input = Shape {
            height: 1,
            width: 1,
            channels: self.shape.channels,
        };
        let weights = input
            .channels
            .checked_mul(classes)
            .ok_or(NetworkError::Overflow)?;
        self.layers.push(NetworkLayer {
            name: "fc".to_string(),
            kind: LayerKind::FullyConnected,
            input,
            output: Shape {
                height: 1,
                width: 1,
                channels: classes,
            },
            stride: 1,
            weights,
            bias: classes,
            batch_norm_channels: 0,
            macs: weights,
        });
        Ok(())
    }
}

fn check_common(resolution: u64, classes: u64) -> Result<(), NetworkError> {
    if resolution < 32 {
        return Err(NetworkError::Resolution(resolution));
    }
    if classes == 0 {
        return Err(NetworkError::NoClasses);
    }
    Ok(())
}
