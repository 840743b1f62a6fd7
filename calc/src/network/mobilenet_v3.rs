//! MobileNet v3 Large and Small (Howard et al. 2019, arXiv 1905.02244), as
//! torchvision defines them (`torchvision/models/mobilenetv3.py`).
//!
//! Inverted residual blocks: a 1×1 expansion (skipped when the expanded width
//! equals the input width), a K×K depthwise convolution (3×3 or 5×5) carrying the
//! stride, squeeze-and-excitation in some blocks (squeeze channels
//! `_make_divisible(expanded // 4, 8)`, biases on both 1×1 convolutions), and a
//! 1×1 projection; BatchNorm after every convolution, which then has no bias;
//! residual add when the stride is 1 and the width is kept. A 3×3 stride-2 stem,
//! a last 1×1 convolution to 6× the last block's width, then a classifier of two
//! dense layers (a hidden one to `last_channel` with Hardswish and dropout). Every
//! width, `last_channel` included, is `_make_divisible(α·c, 8)`; the last
//! convolution is 6× the (already rounded) last block width.

use super::builder::{Builder, Conv, PaddingRule};
use super::mobilenet_v1::{alpha_label, MIN_RESOLUTION};
use super::width::make_divisible;
use super::{Network, Options};
use crate::error::{NetworkError, Overflow};

/// Large or Small.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Size {
    /// `mobilenet_v3_large`.
    Large,
    /// `mobilenet_v3_small`.
    Small,
}

/// One block of torchvision's `inverted_residual_setting`: input width, kernel,
/// expanded width, output width, squeeze-and-excitation, stride.
type Block = (u64, u64, u64, u64, bool, u64);

/// `_mobilenet_v3_conf("mobilenet_v3_large")` (activations omitted: they cost no
/// parameters and no MACs).
const LARGE: [Block; 15] = [
    (16, 3, 16, 16, false, 1),
    (16, 3, 64, 24, false, 2),
    (24, 3, 72, 24, false, 1),
    (24, 5, 72, 40, true, 2),
    (40, 5, 120, 40, true, 1),
    (40, 5, 120, 40, true, 1),
    (40, 3, 240, 80, false, 2),
    (80, 3, 200, 80, false, 1),
    (80, 3, 184, 80, false, 1),
    (80, 3, 184, 80, false, 1),
    (80, 3, 480, 112, true, 1),
    (112, 3, 672, 112, true, 1),
    (112, 5, 672, 160, true, 2),
    (160, 5, 960, 160, true, 1),
    (160, 5, 960, 160, true, 1),
];

/// `_mobilenet_v3_conf("mobilenet_v3_small")`.
const SMALL: [Block; 11] = [
    (16, 3, 16, 16, true, 2),
    (16, 3, 72, 24, false, 2),
    (24, 3, 88, 24, false, 1),
    (24, 5, 96, 40, true, 2),
    (40, 5, 240, 40, true, 1),
    (40, 5, 240, 40, true, 1),
    (40, 5, 120, 48, true, 1),
    (48, 5, 144, 48, true, 1),
    (48, 5, 288, 96, true, 2),
    (96, 5, 576, 96, true, 1),
    (96, 5, 576, 96, true, 1),
];

impl Size {
    fn blocks(self) -> &'static [Block] {
        match self {
            Size::Large => &LARGE,
            Size::Small => &SMALL,
        }
    }

    /// `last_channel` before the width multiplier.
    fn last_channel(self) -> u64 {
        match self {
            Size::Large => 1280,
            Size::Small => 1024,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Size::Large => "Large",
            Size::Small => "Small",
        }
    }
}

/// Builds a validated configuration.
pub(super) fn build(options: &Options, size: Size) -> Result<Network, NetworkError> {
    let width = |c: u64| make_divisible(options.alpha * c as f64, 8);
    let mut net = Builder::new(options, MIN_RESOLUTION, PaddingRule::Torch);
    net.conv(Conv::new("conv1", 3, width(size.blocks()[0].0)).stride(2))?;
    for (i, &(_, kernel, expanded, out, se, stride)) in size.blocks().iter().enumerate() {
        let block = format!("block{}", i + 1);
        let input = net.shape();
        let expanded = width(expanded);
        if expanded != input.channels {
            net.conv(Conv::pointwise(format!("{block}/expand"), expanded))?;
        }
        net.conv(Conv::depthwise(format!("{block}/dw"), kernel).stride(stride))?;
        if se {
            let squeeze = make_divisible((expanded / 4) as f64, 8);
            net.squeeze_excite(&format!("{block}/se"), squeeze)?;
        }
        net.conv(Conv::pointwise(format!("{block}/project"), width(out)))?;
        if net.shape() == input {
            net.add(&format!("{block}/add"));
        }
    }
    let last_conv = net
        .shape()
        .channels
        .checked_mul(6)
        .ok_or(NetworkError::Overflow(Overflow::Resolution))?;
    net.conv(Conv::pointwise("conv_last", last_conv))?;
    if options.include_top {
        net.global_pool();
        net.dense("fc1", width(size.last_channel()), None)?;
        net.classifier("fc2", options.classes, None)?;
    }
    net.finish(format!(
        "{} MobileNetV3-{}-{}",
        alpha_label(options.alpha),
        size.name(),
        options.resolution
    ))
}
