//! ResNet-50 (He et al. 2015, arXiv 1512.03385), as torchvision defines it
//! (`torchvision/models/resnet.py`, `resnet50`: v1.5, the stride on the 3×3
//! convolution).
//!
//! A 7×7 stride-2 stem and a 3×3 stride-2 max pool; four stages of 3, 4, 6 and 3
//! bottleneck blocks (1×1 to the stage width, 3×3 carrying the stride, 1×1 to 4×
//! the width); the first block of each stage adds a 1×1 projection shortcut (with
//! the stride) because the width changes; every block ends in a residual add. No
//! conv biases, BatchNorm after every convolution; global average pooling and one
//! dense classifier. A standard-convolution reference: no depthwise layers.

use super::builder::{Builder, Conv, PaddingRule};
use super::mobilenet_v1::MIN_RESOLUTION;
use super::{Network, Options};
use crate::error::NetworkError;
use crate::layer::Padding;

/// Stages: bottleneck width ("planes"), blocks, stride of the first block.
const STAGES: [(u64, u64, u64); 4] = [(64, 3, 1), (128, 4, 2), (256, 6, 2), (512, 3, 2)];

/// `Bottleneck.expansion`.
const EXPANSION: u64 = 4;

/// Builds a validated configuration.
pub(super) fn build(options: &Options) -> Result<Network, NetworkError> {
    let mut net = Builder::new(options, MIN_RESOLUTION, PaddingRule::Torch);
    net.conv(Conv::new("conv1", 7, 64).stride(2))?;
    net.pool("maxpool", 3, 2, Padding::Explicit(1))?;
    for (stage, (planes, blocks, stride)) in STAGES.into_iter().enumerate() {
        for block in 0..blocks {
            let name = format!("layer{}.{block}", stage + 1);
            let stride = if block == 0 { stride } else { 1 };
            bottleneck(&mut net, &name, planes, stride)?;
        }
    }
    if options.include_top {
        net.global_pool();
        net.classifier("fc", options.classes, None)?;
    }
    net.finish(format!("ResNet-50-{}", options.resolution))
}

/// A bottleneck block, with a projection shortcut where the shape changes.
fn bottleneck(net: &mut Builder, name: &str, planes: u64, stride: u64) -> Result<(), NetworkError> {
    let input = net.shape();
    let out = planes * EXPANSION;
    net.conv(Conv::pointwise(format!("{name}/conv1"), planes))?;
    net.conv(Conv::new(format!("{name}/conv2"), 3, planes).stride(stride))?;
    net.conv(Conv::pointwise(format!("{name}/conv3"), out))?;
    if stride != 1 || input.channels != out {
        let main = net.shape();
        net.resume(input);
        net.conv(Conv::pointwise(format!("{name}/downsample"), out).stride(stride))?;
        net.resume(main);
    }
    net.add(&format!("{name}/add"));
    Ok(())
}
