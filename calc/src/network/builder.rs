//! The one builder every network is made with: rows appended with checked
//! arithmetic while the current shape is tracked.

use super::kind::{Kernel, LayerKind, Norm, NormKind};
use super::{Network, NetworkLayer, Options};
use crate::error::{product, Field, LayerError, NetworkError, Overflow};
use crate::layer::{output_length, Padding, Shape};

/// How a framework pads a convolution whose padding is not given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PaddingRule {
    /// TensorFlow/Keras 'same' (and the MobileNet papers).
    Same,
    /// torchvision: (K − 1)/2 zeros on every side, which gives the same output
    /// size as 'same' for odd kernels.
    Torch,
}

impl PaddingRule {
    fn padding(self, kernel: Kernel) -> Padding {
        match self {
            PaddingRule::Same => Padding::Same,
            PaddingRule::Torch if kernel.height <= 1 => Padding::Valid,
            PaddingRule::Torch => Padding::Explicit((kernel.height - 1) / 2),
        }
    }
}

/// How the channels of a convolution are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Groups {
    /// One group: a standard convolution.
    One,
    /// One group per input channel: depthwise, output channels = input channels.
    PerChannel,
}

/// One convolution to append; stride 1, the builder's padding rule, no bias and a
/// BatchNorm after it unless told otherwise.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Conv {
    name: String,
    kernel: Kernel,
    out: u64,
    groups: Groups,
    stride: u64,
    padding: Option<Padding>,
    bias: bool,
    norm: Option<NormKind>,
    norm_on_input: bool,
    layer_scale: bool,
}

impl Conv {
    /// A standard K×K convolution to `out` channels.
    pub fn new(name: impl Into<String>, kernel: u64, out: u64) -> Conv {
        Conv {
            name: name.into(),
            kernel: Kernel::square(kernel),
            out,
            groups: Groups::One,
            stride: 1,
            padding: None,
            bias: false,
            norm: Some(NormKind::Batch),
            norm_on_input: false,
            layer_scale: false,
        }
    }

    /// A pointwise (1×1) convolution to `out` channels.
    pub fn pointwise(name: impl Into<String>, out: u64) -> Conv {
        Conv::new(name, 1, out)
    }

    /// A depthwise K×K convolution (output channels = input channels).
    pub fn depthwise(name: impl Into<String>, kernel: u64) -> Conv {
        Conv {
            groups: Groups::PerChannel,
            ..Conv::new(name, kernel, 0)
        }
    }

    /// With stride `stride`.
    pub fn stride(self, stride: u64) -> Conv {
        Conv { stride, ..self }
    }

    /// With this padding instead of the builder's rule.
    pub fn padding(self, padding: Padding) -> Conv {
        Conv {
            padding: Some(padding),
            ..self
        }
    }

    /// With a bias per output channel.
    pub fn bias(self) -> Conv {
        Conv { bias: true, ..self }
    }

    /// With this normalisation of its output (or none).
    pub fn norm(self, norm: Option<NormKind>) -> Conv {
        Conv { norm, ..self }
    }

    /// With a normalisation of its input instead (ConvNeXt's downsampling).
    pub fn norm_before(self, norm: NormKind) -> Conv {
        Conv {
            norm: Some(norm),
            norm_on_input: true,
            ..self
        }
    }

    /// With a learnable layer scale per output channel (ConvNeXt).
    pub fn layer_scale(self) -> Conv {
        Conv {
            layer_scale: true,
            ..self
        }
    }
}

/// Network rows under construction, and the shape the next row reads.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Builder {
    shape: Shape,
    layers: Vec<NetworkLayer>,
    resolution: u64,
    min_resolution: u64,
    rule: PaddingRule,
    classifier: Option<usize>,
}

/// Rows reserved up front.
const ROWS: usize = 96;

fn overflow() -> NetworkError {
    NetworkError::Overflow(Overflow::Resolution)
}

impl Builder {
    /// Starts at a resolution × resolution RGB image.
    pub fn new(options: &Options, min_resolution: u64, rule: PaddingRule) -> Builder {
        Builder {
            shape: Shape {
                height: options.resolution,
                width: options.resolution,
                channels: 3,
            },
            // Room for the longest table (EfficientNet-B0's 91 rows) up front: growing
            // the vector would copy every row several times.
            layers: Vec::with_capacity(ROWS),
            resolution: options.resolution,
            min_resolution,
            rule,
            classifier: None,
        }
    }

    /// The shape the next row reads.
    pub fn shape(&self) -> Shape {
        self.shape
    }

    /// Continues from `shape`: the start of a branch or of a shortcut.
    pub fn resume(&mut self, shape: Shape) {
        self.shape = shape;
    }

    /// Output length along one axis; a kernel that does not fit means the input is
    /// below the network's smallest resolution.
    fn length(
        &self,
        axis: Field,
        input: u64,
        kernel: u64,
        stride: u64,
        padding: Padding,
    ) -> Result<u64, NetworkError> {
        output_length(axis, input, kernel, stride, 1, padding).map_err(|e| match e {
            LayerError::Overflow => overflow(),
            _ => NetworkError::Resolution {
                got: self.resolution,
                min: self.min_resolution,
            },
        })
    }

    /// The output map of a K×K window sliding with `stride`.
    fn map(
        &self,
        kernel: Kernel,
        stride: u64,
        padding: Padding,
    ) -> Result<(u64, u64), NetworkError> {
        let input = self.shape;
        Ok((
            self.length(Field::Height, input.height, kernel.height, stride, padding)?,
            self.length(Field::Width, input.width, kernel.width, stride, padding)?,
        ))
    }

    /// Appends a convolution.
    pub fn conv(&mut self, conv: Conv) -> Result<(), NetworkError> {
        let input = self.shape;
        let (groups, channels, kind) = match conv.groups {
            Groups::One => (1, conv.out, LayerKind::Conv(conv.kernel)),
            Groups::PerChannel => (
                input.channels,
                input.channels,
                LayerKind::Depthwise(conv.kernel),
            ),
        };
        let padding = conv.padding.unwrap_or(self.rule.padding(conv.kernel));
        let (height, width) = self.map(conv.kernel, conv.stride, padding)?;
        let per_group = input.channels / groups.max(1);
        let weights = product(&[conv.kernel.height, conv.kernel.width, per_group, channels])
            .ok_or_else(overflow)?;
        let macs = product(&[weights, height, width]).ok_or_else(overflow)?;
        let norm_channels = if conv.norm_on_input {
            input.channels
        } else {
            channels
        };
        self.push(NetworkLayer {
            name: conv.name,
            kind,
            input,
            output: Shape {
                height,
                width,
                channels,
            },
            stride: conv.stride,
            padding,
            groups,
            weights,
            bias: if conv.bias { channels } else { 0 },
            norm: conv.norm.map(|kind| Norm {
                kind,
                channels: norm_channels,
            }),
            layer_scale: if conv.layer_scale { channels } else { 0 },
            macs,
        });
        Ok(())
    }

    /// Appends a squeeze-and-excitation block on the current map: global average
    /// pooling (not a row), a 1×1 convolution C → `squeeze` and one `squeeze` → C,
    /// both with biases, on the pooled 1×1 map, so C·S MACs each. The scaling of
    /// the map that follows costs no MACs by this counting. The shape is unchanged.
    pub fn squeeze_excite(&mut self, prefix: &str, squeeze: u64) -> Result<(), NetworkError> {
        let shape = self.shape;
        let point = |channels| Shape {
            height: 1,
            width: 1,
            channels,
        };
        let weights = shape.channels.checked_mul(squeeze).ok_or_else(overflow)?;
        for (step, from, to) in [
            ("fc1", shape.channels, squeeze),
            ("fc2", squeeze, shape.channels),
        ] {
            self.push(NetworkLayer {
                bias: to,
                ..Builder::point_row(
                    format!("{prefix}/{step}"),
                    LayerKind::SqueezeExcite,
                    point(from),
                    point(to),
                    weights,
                )
            });
        }
        self.shape = shape;
        Ok(())
    }

    /// A row on a 1×1 map: `weights` weights and as many MACs.
    fn point_row(
        name: String,
        kind: LayerKind,
        input: Shape,
        output: Shape,
        weights: u64,
    ) -> NetworkLayer {
        NetworkLayer {
            name,
            kind,
            input,
            output,
            stride: 1,
            padding: Padding::Valid,
            groups: 1,
            weights,
            bias: 0,
            norm: None,
            layer_scale: 0,
            macs: weights,
        }
    }

    /// Appends a pooling row (max or average) with a K×K window.
    pub fn pool(
        &mut self,
        name: &str,
        kernel: u64,
        stride: u64,
        padding: Padding,
    ) -> Result<(), NetworkError> {
        let (height, width) = self.map(Kernel::square(kernel), stride, padding)?;
        let output = Shape {
            height,
            width,
            ..self.shape
        };
        let row = NetworkLayer {
            stride,
            padding,
            ..self.marker_row(name, LayerKind::Pool, output)
        };
        self.push(row);
        Ok(())
    }

    /// Appends an adaptive average pooling row to a `size` × `size` map
    /// (torchvision's VGG before its classifier).
    pub fn adaptive_pool(&mut self, name: &str, size: u64) {
        let output = Shape {
            height: size,
            width: size,
            ..self.shape
        };
        self.marker(name, LayerKind::Pool, output);
    }

    /// Global average pooling before a classifier: the map becomes 1×1 (implied by
    /// the classifier's input, not a row).
    pub fn global_pool(&mut self) {
        self.shape = Shape {
            height: 1,
            width: 1,
            ..self.shape
        };
    }

    /// Appends a hidden dense layer with biases on the flattened current map.
    pub fn dense(
        &mut self,
        name: &str,
        out: u64,
        norm_before: Option<NormKind>,
    ) -> Result<(), NetworkError> {
        self.dense_row(name, out, norm_before, Overflow::Resolution)
    }

    /// Appends the classifier: a dense layer with biases to `classes` outputs.
    pub fn classifier(
        &mut self,
        name: &str,
        classes: u64,
        norm_before: Option<NormKind>,
    ) -> Result<(), NetworkError> {
        self.classifier = Some(self.layers.len());
        self.dense_row(name, classes, norm_before, Overflow::Classes)
    }

    fn dense_row(
        &mut self,
        name: &str,
        out: u64,
        norm_before: Option<NormKind>,
        cause: Overflow,
    ) -> Result<(), NetworkError> {
        let features = self.shape.elements().ok_or_else(overflow)?;
        let input = Shape {
            height: 1,
            width: 1,
            channels: features,
        };
        let output = Shape {
            channels: out,
            ..input
        };
        let weights = features
            .checked_mul(out)
            .ok_or(NetworkError::Overflow(cause))?;
        let norm = norm_before.map(|kind| Norm {
            kind,
            channels: self.shape.channels,
        });
        self.push(NetworkLayer {
            bias: out,
            norm,
            ..Builder::point_row(
                name.to_string(),
                LayerKind::FullyConnected,
                input,
                output,
                weights,
            )
        });
        Ok(())
    }

    /// Appends a residual add of the current map and a shortcut of the same shape.
    pub fn add(&mut self, name: &str) {
        self.marker(name, LayerKind::Add, self.shape);
    }

    /// Appends ShuffleNet's channel split: the branch reads half the channels.
    pub fn split(&mut self, name: &str) {
        let output = Shape {
            channels: self.shape.channels / 2,
            ..self.shape
        };
        self.marker(name, LayerKind::Split, output);
    }

    /// Appends ShuffleNet's concatenation and channel shuffle, to `channels`.
    pub fn shuffle(&mut self, name: &str, channels: u64) {
        let output = Shape {
            channels,
            ..self.shape
        };
        self.marker(name, LayerKind::Shuffle, output);
    }

    /// Appends a row with no parameters and no MACs that moves to `output`.
    fn marker(&mut self, name: &str, kind: LayerKind, output: Shape) {
        let row = self.marker_row(name, kind, output);
        self.push(row);
    }

    fn marker_row(&self, name: &str, kind: LayerKind, output: Shape) -> NetworkLayer {
        Builder::point_row(name.to_string(), kind, self.shape, output, 0)
    }

    fn push(&mut self, layer: NetworkLayer) {
        self.shape = layer.output;
        self.layers.push(layer);
    }

    /// The network, once its totals are known to fit in 64 bits under every
    /// convention; otherwise what made them overflow.
    pub fn finish(self, name: String) -> Result<Network, NetworkError> {
        let split = self.classifier.unwrap_or(self.layers.len());
        let (body, top) = self.layers.split_at(split);
        let fits = |(p, m): (u64, u64), (q, n): (u64, u64)| {
            p.checked_add(q).is_some() && m.checked_add(n).is_some()
        };
        match (total(body), total(top)) {
            (Some(body), Some(top)) if fits(body, top) => Ok(Network {
                name,
                layers: self.layers,
            }),
            (None, _) => Err(NetworkError::Overflow(Overflow::Resolution)),
            (Some(_), None) => Err(NetworkError::Overflow(Overflow::Classes)),
            (Some(_), Some(_)) => Err(NetworkError::Overflow(Overflow::Both)),
        }
    }
}

/// The largest parameter count (Keras': at most 4 values per normalised channel)
/// and the MACs of `layers`, if they fit in 64 bits.
fn total(layers: &[NetworkLayer]) -> Option<(u64, u64)> {
    layers.iter().try_fold((0u64, 0u64), |(p, m), l| {
        let norm = l.norm.map_or(Some(0), |n| n.channels.checked_mul(4))?;
        let params = l
            .weights
            .checked_add(l.bias)?
            .checked_add(norm)?
            .checked_add(l.layer_scale)?;
        Some((p.checked_add(params)?, m.checked_add(l.macs)?))
    })
}
