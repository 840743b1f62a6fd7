//! VGG-16 (Simonyan & Zisserman 2014, arXiv 1409.1556), as torchvision defines it
//! (`torchvision/models/vgg.py`, `vgg16`: configuration "D", no BatchNorm).
//!
//! Thirteen 3×3 convolutions with padding 1 and biases in five groups, each group
//! followed by a 2×2 stride-2 max pool; an adaptive average pool to 7×7; three
//! dense layers with biases (25088 → 4096 → 4096 → classes). A
//! standard-convolution reference: no depthwise layers, and most parameters in the
//! dense layers.

use super::builder::{Builder, Conv, PaddingRule};
use super::mobilenet_v1::MIN_RESOLUTION;
use super::{Network, Options};
use crate::error::NetworkError;
use crate::layer::Padding;

/// Configuration "D": the convolutions' widths, group by group.
const GROUPS: [&[u64]; 5] = [
    &[64, 64],
    &[128, 128],
    &[256, 256, 256],
    &[512, 512, 512],
    &[512, 512, 512],
];

/// The adaptive pool's output side.
const POOLED: u64 = 7;

/// The hidden dense layers' width.
const HIDDEN: u64 = 4096;

/// Builds a validated configuration.
pub(super) fn build(options: &Options) -> Result<Network, NetworkError> {
    let mut net = Builder::new(options, MIN_RESOLUTION, PaddingRule::Torch);
    for (g, widths) in GROUPS.iter().enumerate() {
        for (c, &width) in widths.iter().enumerate() {
            let name = format!("conv{}_{}", g + 1, c + 1);
            net.conv(Conv::new(name, 3, width).bias().norm(None))?;
        }
        net.pool(&format!("pool{}", g + 1), 2, 2, Padding::Valid)?;
    }
    if options.include_top {
        net.adaptive_pool("avgpool", POOLED);
        net.dense("fc1", HIDDEN, None)?;
        net.dense("fc2", HIDDEN, None)?;
        net.classifier("fc3", options.classes, None)?;
    }
    net.finish(format!("VGG-16-{}", options.resolution))
}
