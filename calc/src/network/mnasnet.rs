//! MnasNet (Tan et al. 2018, arXiv 1807.11626), as torchvision defines it
//! (`torchvision/models/mnasnet.py`, the paper's B1 variant: no
//! squeeze-and-excitation).
//!
//! A 3×3 stride-2 stem, a depthwise separable layer (3×3 depthwise, 1×1 linear
//! projection), six stacks of inverted residuals (1×1 expansion by 3 or 6, 3×3 or
//! 5×5 depthwise with the stack's stride on its first block, 1×1 linear
//! projection; residual add when the stride is 1 and the width is kept), a 1×1
//! convolution to 1280 (never scaled) and one dense classifier. BatchNorm after
//! every convolution, no conv biases. Widths are `_round_to_multiple_of(α·c, 8)`,
//! the same rule as `_make_divisible`.

use super::builder::{Builder, Conv, PaddingRule};
use super::mobilenet_v1::{alpha_label, MIN_RESOLUTION};
use super::width::make_divisible;
use super::{Network, Options};
use crate::error::{NetworkError, Overflow};

/// `_get_depths`' widths before α: stem, separable layer, then the six stacks.
const DEPTHS: [u64; 8] = [32, 16, 24, 40, 80, 96, 192, 320];

/// The stacks: kernel, first stride, expansion, blocks (outputs `DEPTHS[2..]`).
const STACKS: [(u64, u64, u64, u64); 6] = [
    (3, 2, 3, 3),
    (5, 2, 3, 3),
    (5, 2, 6, 3),
    (3, 1, 6, 2),
    (5, 2, 6, 4),
    (3, 1, 6, 1),
];

/// The last convolution's width, never scaled by α.
const LAST: u64 = 1280;

/// Builds a validated configuration.
pub(super) fn build(options: &Options) -> Result<Network, NetworkError> {
    let depth = |c: u64| make_divisible(options.alpha * c as f64, 8);
    let mut net = Builder::new(options, MIN_RESOLUTION, PaddingRule::Torch);
    net.conv(Conv::new("conv1", 3, depth(DEPTHS[0])).stride(2))?;
    net.conv(Conv::depthwise("sep/dw", 3))?;
    net.conv(Conv::pointwise("sep/pw", depth(DEPTHS[1])))?;
    let mut block = 0;
    for (&out, (kernel, first_stride, t, repeats)) in DEPTHS[2..].iter().zip(STACKS) {
        for r in 0..repeats {
            block += 1;
            let name = format!("block{block}");
            let input = net.shape();
            let expanded = input
                .channels
                .checked_mul(t)
                .ok_or(NetworkError::Overflow(Overflow::Resolution))?;
            let stride = if r == 0 { first_stride } else { 1 };
            net.conv(Conv::pointwise(format!("{name}/expand"), expanded))?;
            net.conv(Conv::depthwise(format!("{name}/dw"), kernel).stride(stride))?;
            net.conv(Conv::pointwise(format!("{name}/project"), depth(out)))?;
            if net.shape() == input {
                net.add(&format!("{name}/add"));
            }
        }
    }
    net.conv(Conv::pointwise("conv_last", LAST))?;
    if options.include_top {
        net.global_pool();
        net.classifier("fc", options.classes, None)?;
    }
    net.finish(format!(
        "{} MnasNet-{}",
        alpha_label(options.alpha),
        options.resolution
    ))
}
