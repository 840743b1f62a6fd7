//! EfficientNet-B0 (Tan & Le 2019, arXiv 1905.11946), as torchvision defines it
//! (`torchvision/models/efficientnet.py`, `efficientnet_b0`: width and depth
//! multipliers 1.0).
//!
//! MBConv blocks: a 1×1 expansion to `_make_divisible(c_in·t, 8)` (skipped when
//! t = 1), a K×K depthwise convolution (3×3 or 5×5) with the stride of the
//! stage's first block, squeeze-and-excitation in every block with
//! `max(1, c_in // 4)` squeeze channels (a quarter of the block's *input* width,
//! biases on both 1×1 convolutions), and a 1×1 projection; BatchNorm after every
//! convolution (no conv biases); residual add when the stride is 1 and the width
//! is kept (stochastic depth costs nothing). A 3×3 stride-2 stem to 32, a last
//! 1×1 convolution to 4× the last width (1280), dropout and one dense classifier.
//! EfficientNet scales width, depth and resolution together (B1–B7), so B0 has no
//! width multiplier of its own here.

use super::builder::{Builder, Conv, PaddingRule};
use super::mobilenet_v1::MIN_RESOLUTION;
use super::width::make_divisible;
use super::{Network, Options};
use crate::error::{NetworkError, Overflow};

/// Stages of `_efficientnet_conf("efficientnet_b0")`: expansion t, kernel, first
/// stride, input width, output width, blocks.
const STAGES: [(u64, u64, u64, u64, u64, u64); 7] = [
    (1, 3, 1, 32, 16, 1),
    (6, 3, 2, 16, 24, 2),
    (6, 5, 2, 24, 40, 2),
    (6, 3, 2, 40, 80, 3),
    (6, 5, 1, 80, 112, 3),
    (6, 5, 2, 112, 192, 4),
    (6, 3, 1, 192, 320, 1),
];

/// Builds a validated configuration.
pub(super) fn build(options: &Options) -> Result<Network, NetworkError> {
    let overflow = || NetworkError::Overflow(Overflow::Resolution);
    let width = |c: u64| make_divisible(c as f64, 8);
    let mut net = Builder::new(options, MIN_RESOLUTION, PaddingRule::Torch);
    net.conv(Conv::new("conv1", 3, width(STAGES[0].3)).stride(2))?;
    let mut block = 0;
    for (t, kernel, first_stride, _, out, repeats) in STAGES {
        for r in 0..repeats {
            block += 1;
            let name = format!("block{block}");
            let input = net.shape();
            let expanded = make_divisible(
                input.channels.checked_mul(t).ok_or_else(overflow)? as f64,
                8,
            );
            if expanded != input.channels {
                net.conv(Conv::pointwise(format!("{name}/expand"), expanded))?;
            }
            let stride = if r == 0 { first_stride } else { 1 };
            net.conv(Conv::depthwise(format!("{name}/dw"), kernel).stride(stride))?;
            net.squeeze_excite(&format!("{name}/se"), (input.channels / 4).max(1))?;
            net.conv(Conv::pointwise(format!("{name}/project"), width(out)))?;
            if net.shape() == input {
                net.add(&format!("{name}/add"));
            }
        }
    }
    let last_conv = net.shape().channels.checked_mul(4).ok_or_else(overflow)?;
    net.conv(Conv::pointwise("conv_last", last_conv))?;
    if options.include_top {
        net.global_pool();
        net.classifier("fc", options.classes, None)?;
    }
    net.finish(format!("EfficientNet-B0-{}", options.resolution))
}
