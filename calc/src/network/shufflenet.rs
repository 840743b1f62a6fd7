//! ShuffleNet v2 (Ma et al. 2018, arXiv 1807.11164), as torchvision defines it
//! (`torchvision/models/shufflenetv2.py`).
//!
//! A 3×3 stride-2 stem and a 3×3 stride-2 max pool; three stages of 4, 8 and 4
//! units; a last 1×1 convolution and one dense classifier. A stride-2 unit runs
//! two branches on the whole input: branch 1 a 3×3 depthwise step (stride 2,
//! BatchNorm) and a 1×1 convolution to half the output width; branch 2 a 1×1
//! convolution, a 3×3 depthwise step (stride 2) and a 1×1 convolution, each to
//! half the output width. A stride-1 unit splits the channels in two and runs
//! branch 2 on one half. Both concatenate and shuffle the channels (no
//! parameters, no MACs). Every convolution is followed by BatchNorm and has no
//! bias. The width "multiplier" picks one of four published channel tables.

use super::builder::{Builder, Conv, PaddingRule};
use super::mobilenet_v1::{alpha_label, MIN_RESOLUTION};
use super::{Network, Options};
use crate::error::NetworkError;
use crate::layer::Padding;

/// The widths torchvision defines, as (α, stage output widths, last width):
/// `shufflenet_v2_x0_5`, `_x1_0`, `_x1_5`, `_x2_0`.
const WIDTHS: [(f64, [u64; 3], u64); 4] = [
    (0.5, [48, 96, 192], 1024),
    (1.0, [116, 232, 464], 1024),
    (1.5, [176, 352, 704], 1024),
    (2.0, [244, 488, 976], 2048),
];

/// The α values ShuffleNet v2 is defined at.
pub(super) const OFFERED: [f64; 4] = [WIDTHS[0].0, WIDTHS[1].0, WIDTHS[2].0, WIDTHS[3].0];

/// Units per stage.
const REPEATS: [u64; 3] = [4, 8, 4];

/// The stem's width, the same for every α.
const STEM: u64 = 24;

/// Builds a validated configuration (α one of [`OFFERED`]).
pub(super) fn build(options: &Options) -> Result<Network, NetworkError> {
    let (_, stages, last) = WIDTHS
        .into_iter()
        .find(|(alpha, _, _)| *alpha == options.alpha)
        .ok_or(NetworkError::AlphaNotOffered {
            alpha: options.alpha,
            offered: &OFFERED,
        })?;
    let mut net = Builder::new(options, MIN_RESOLUTION, PaddingRule::Torch);
    net.conv(Conv::new("conv1", 3, STEM).stride(2))?;
    net.pool("maxpool", 3, 2, Padding::Explicit(1))?;
    for (stage, (out, repeats)) in stages.into_iter().zip(REPEATS).enumerate() {
        for unit in 0..repeats {
            let name = format!("stage{}.{unit}", stage + 2);
            if unit == 0 {
                downsampling_unit(&mut net, &name, out)?;
            } else {
                basic_unit(&mut net, &name)?;
            }
        }
    }
    net.conv(Conv::pointwise("conv5", last))?;
    if options.include_top {
        net.global_pool();
        net.classifier("fc", options.classes, None)?;
    }
    net.finish(format!(
        "{} ShuffleNetV2-{}",
        alpha_label(options.alpha),
        options.resolution
    ))
}

/// Branch 2: 1×1, 3×3 depthwise (no activation), 1×1, each to `width`.
fn branch2(net: &mut Builder, name: &str, width: u64, stride: u64) -> Result<(), NetworkError> {
    net.conv(Conv::pointwise(format!("{name}/branch2/pw1"), width))?;
    net.conv(Conv::depthwise(format!("{name}/branch2/dw"), 3).stride(stride))?;
    net.conv(Conv::pointwise(format!("{name}/branch2/pw2"), width))
}

/// A stride-2 unit to `out` channels: both branches on the whole input.
fn downsampling_unit(net: &mut Builder, name: &str, out: u64) -> Result<(), NetworkError> {
    let input = net.shape();
    net.conv(Conv::depthwise(format!("{name}/branch1/dw"), 3).stride(2))?;
    net.conv(Conv::pointwise(format!("{name}/branch1/pw"), out / 2))?;
    net.resume(input);
    branch2(net, name, out / 2, 2)?;
    net.shuffle(&format!("{name}/shuffle"), out);
    Ok(())
}

/// A stride-1 unit: split, branch 2 on one half, concatenate, shuffle.
fn basic_unit(net: &mut Builder, name: &str) -> Result<(), NetworkError> {
    let channels = net.shape().channels;
    net.split(&format!("{name}/split"));
    branch2(net, name, channels / 2, 1)?;
    net.shuffle(&format!("{name}/shuffle"), channels);
    Ok(())
}
