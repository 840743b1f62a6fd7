//! One convolution layer: its validated description and output shape.

use crate::error::{product, Field, LayerError};

/// How the input is padded before the kernel slides over it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Padding {
    /// No padding: the kernel stays inside the input.
    Valid,
    /// TensorFlow's 'same': output size = ceil(input / stride), zeros added as needed.
    Same,
    /// The same number of zero rows/columns on every side.
    Explicit(u64),
}

/// Where biases are counted (one per output channel of a convolution).
///
/// A convention, not a law: PyTorch's `nn.Conv2d` pair has both, Keras'
/// `SeparableConv2D` only the pointwise one, MobileNet none (BatchNorm follows).
/// The standard convolution has a bias whenever the convention has any.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bias {
    /// No biases anywhere.
    None,
    /// A bias on the depthwise and on the pointwise step (PyTorch).
    Both,
    /// A bias after the pointwise step only (Keras `SeparableConv2D`).
    PointwiseOnly,
}

/// A height × width × channels shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Shape {
    /// Rows.
    pub height: u64,
    /// Columns.
    pub width: u64,
    /// Channels.
    pub channels: u64,
}

impl Shape {
    /// Number of elements h·w·c, `None` on overflow.
    pub fn elements(&self) -> Option<u64> {
        product(&[self.height, self.width, self.channels])
    }
}

/// An unchecked description of a layer; [`Layer::new`] validates it.
///
/// All sizes are plain integers so that any input, however absurd, can be described
/// and then rejected with a message instead of a panic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LayerSpec {
    /// Kernel height K_h.
    pub kernel_height: u64,
    /// Kernel width K_w.
    pub kernel_width: u64,
    /// Input channels M.
    pub in_channels: u64,
    /// Output channels N.
    pub out_channels: u64,
    /// Input height.
    pub height: u64,
    /// Input width.
    pub width: u64,
    /// Stride s, the same along both axes.
    pub stride: u64,
    /// Padding.
    pub padding: Padding,
    /// Dilation d, the same along both axes.
    pub dilation: u64,
    /// Bias convention.
    pub bias: Bias,
    /// Depthwise output channels per input channel.
    pub depth_multiplier: u64,
}

impl Default for LayerSpec {
    /// The lecture example.
    fn default() -> Self {
        Self::lecture_example()
    }
}

impl LayerSpec {
    /// The layer in a few words, for headings and summaries: "3×3 kernel,
    /// 3 → 5 channels, 6×6 input, stride 1".
    pub fn headline(&self) -> String {
        format!(
            "{}×{} kernel, {} → {} channels, {}×{} input, stride {}",
            self.kernel_height,
            self.kernel_width,
            self.in_channels,
            self.out_channels,
            self.height,
            self.width,
            self.stride
        )
    }

    /// The lecture example: 6×6×3 input, 3×3 kernel, 5 output channels, valid
    /// padding, stride 1, no bias (output 4×4×5).
    pub fn lecture_example() -> Self {
        LayerSpec {
            kernel_height: 3,
            kernel_width: 3,
            in_channels: 3,
            out_channels: 5,
            height: 6,
            width: 6,
            stride: 1,
            padding: Padding::Valid,
            dilation: 1,
            bias: Bias::None,
            depth_multiplier: 1,
        }
    }

    /// The page's opening layer, from the middle of a small CNN: 16×16×16 input,
    /// 3×3 kernel, 32 output channels, 'same' padding, stride 1, no bias. Chosen so
    /// every section has something to show: groups 1, 2, 4, 8 and 16 divide both
    /// channel counts, and the depthwise step does clearly fewer MACs per byte
    /// moved than the pointwise one (1.1 against 2.6).
    pub fn small_cnn_layer() -> Self {
        LayerSpec {
            in_channels: 16,
            out_channels: 32,
            height: 16,
            width: 16,
            padding: Padding::Same,
            ..Self::lecture_example()
        }
    }

    /// The forum exercise: 3×3 kernel, 3 → 128 channels, bias on both halves, counted
    /// per output position (a 3×3 input with valid padding gives a 1×1 output).
    pub fn forum_exercise() -> Self {
        LayerSpec {
            in_channels: 3,
            out_channels: 128,
            height: 3,
            width: 3,
            bias: Bias::Both,
            ..Self::lecture_example()
        }
    }

    /// A MobileNet v1 layer at 14×14×512 → 512, 'same' padding, no bias.
    pub fn mobilenet_14x14x512() -> Self {
        LayerSpec {
            in_channels: 512,
            out_channels: 512,
            height: 14,
            width: 14,
            padding: Padding::Same,
            ..Self::lecture_example()
        }
    }

    /// MobileNet v1's first separable layer: 112×112×32 → 64, 'same' padding, no bias.
    pub fn mobilenet_first_separable() -> Self {
        LayerSpec {
            in_channels: 32,
            out_channels: 64,
            height: 112,
            width: 112,
            padding: Padding::Same,
            ..Self::lecture_example()
        }
    }

    /// A square kernel of side `k`.
    pub fn with_kernel(self, k: u64) -> Self {
        LayerSpec {
            kernel_height: k,
            kernel_width: k,
            ..self
        }
    }

    /// Sets the input size so that the output is exactly 1×1 ("counts per output
    /// position"), as far as the padding allows.
    pub fn one_output_position(self) -> Self {
        let side = |k: u64| -> u64 {
            let extent = self
                .dilation
                .saturating_mul(k.saturating_sub(1))
                .saturating_add(1);
            match self.padding {
                Padding::Same => 1,
                Padding::Valid => extent,
                Padding::Explicit(p) => extent.saturating_sub(p.saturating_mul(2)).max(1),
            }
        };
        LayerSpec {
            height: side(self.kernel_height),
            width: side(self.kernel_width),
            ..self
        }
    }
}

/// Output length along one axis.
///
/// # Formula
/// valid/explicit p: ⌊(L + 2p − d·(K − 1) − 1) / s⌋ + 1; same: ⌈L / s⌉.
///
/// # Errors
/// [`LayerError::KernelTooLarge`] when d·(K − 1) + 1 > L + 2p (not for 'same').
pub fn output_length(
    axis: Field,
    input: u64,
    kernel: u64,
    stride: u64,
    dilation: u64,
    padding: Padding,
) -> Result<u64, LayerError> {
    let extent = dilation
        .checked_mul(kernel - 1)
        .and_then(|x| x.checked_add(1))
        .ok_or(LayerError::Overflow)?;
    let pad = match padding {
        Padding::Same => return Ok(input.div_ceil(stride)),
        Padding::Valid => 0,
        Padding::Explicit(p) => p,
    };
    let padded = pad
        .checked_mul(2)
        .and_then(|x| x.checked_add(input))
        .ok_or(LayerError::Overflow)?;
    if padded < extent {
        return Err(LayerError::KernelTooLarge {
            axis,
            extent,
            padded,
        });
    }
    Ok((padded - extent) / stride + 1)
}

/// Zero rows (or columns) added before the input along one axis; 'same' padding
/// puts the odd one after, as TensorFlow does.
pub fn padding_before(
    input: u64,
    output: u64,
    kernel: u64,
    stride: u64,
    dilation: u64,
    padding: Padding,
) -> u64 {
    match padding {
        Padding::Valid => 0,
        Padding::Explicit(p) => p,
        Padding::Same => {
            let extent = dilation
                .saturating_mul(kernel.saturating_sub(1))
                .saturating_add(1);
            let needed = output
                .saturating_sub(1)
                .saturating_mul(stride)
                .saturating_add(extent);
            needed.saturating_sub(input) / 2
        }
    }
}

/// Checks that every size is at least 1.
pub(crate) fn check_nonzero(spec: &LayerSpec) -> Result<(), LayerError> {
    let fields = [
        (spec.kernel_height, Field::Kernel),
        (spec.kernel_width, Field::Kernel),
        (spec.in_channels, Field::InChannels),
        (spec.out_channels, Field::OutChannels),
        (spec.height, Field::Height),
        (spec.width, Field::Width),
        (spec.stride, Field::Stride),
        (spec.dilation, Field::Dilation),
        (spec.depth_multiplier, Field::DepthMultiplier),
    ];
    match fields.iter().find(|(value, _)| *value == 0) {
        Some((_, field)) => Err(LayerError::Zero(*field)),
        None => Ok(()),
    }
}
