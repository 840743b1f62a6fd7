//! ConvNeXt-T (Liu et al. 2022, arXiv 2201.03545), as torchvision defines it
//! (`torchvision/models/convnext.py`, `convnext_tiny`).
//!
//! A 4×4 stride-4 stem convolution with bias and a LayerNorm; four stages of 3, 3,
//! 9 and 3 blocks at widths 96, 192, 384 and 768, with a downsampling layer
//! between stages (LayerNorm, then a 2×2 stride-2 convolution with bias). A block
//! is a 7×7 depthwise convolution with bias, a LayerNorm, a dense layer to 4× the
//! width, GELU, a dense layer back (both with biases, applied at every position:
//! 1×1 convolutions), a learnable layer scale per channel, and the residual add.
//! The classifier: global average pooling, LayerNorm, one dense layer. LayerNorm
//! has γ and β and no running statistics, so the Keras and PyTorch counts agree.

use super::builder::{Builder, Conv, PaddingRule};
use super::kind::NormKind;
use super::{Network, Options};
use crate::error::{NetworkError, Overflow};
use crate::layer::Padding;

/// torchvision's smallest input for ConvNeXt (`min_size` (32, 32)).
const MIN_RESOLUTION: u64 = 32;

/// `convnext_tiny`'s `CNBlockConfig`s: width and blocks per stage.
const STAGES: [(u64, u64); 4] = [(96, 3), (192, 3), (384, 9), (768, 3)];

/// Builds a validated configuration.
pub(super) fn build(options: &Options) -> Result<Network, NetworkError> {
    let layer_norm = Some(NormKind::Layer);
    let mut net = Builder::new(options, MIN_RESOLUTION, PaddingRule::Torch);
    net.conv(
        Conv::new("stem", 4, STAGES[0].0)
            .stride(4)
            .padding(Padding::Valid)
            .bias()
            .norm(layer_norm),
    )?;
    for (stage, &(width, blocks)) in STAGES.iter().enumerate() {
        if stage > 0 {
            net.conv(
                Conv::new(format!("downsample{stage}"), 2, width)
                    .stride(2)
                    .padding(Padding::Valid)
                    .bias()
                    .norm_before(NormKind::Layer),
            )?;
        }
        for block in 0..blocks {
            self::block(&mut net, &format!("stage{}.{block}", stage + 1))?;
        }
    }
    if options.include_top {
        net.global_pool();
        net.classifier("fc", options.classes, layer_norm)?;
    }
    net.finish(format!("ConvNeXt-T-{}", options.resolution))
}

/// One ConvNeXt block on the current width.
fn block(net: &mut Builder, name: &str) -> Result<(), NetworkError> {
    let width = net.shape().channels;
    let hidden = width
        .checked_mul(4)
        .ok_or(NetworkError::Overflow(Overflow::Resolution))?;
    net.conv(
        Conv::depthwise(format!("{name}/dw"), 7)
            .bias()
            .norm(Some(NormKind::Layer)),
    )?;
    net.conv(
        Conv::pointwise(format!("{name}/pw1"), hidden)
            .bias()
            .norm(None),
    )?;
    net.conv(
        Conv::pointwise(format!("{name}/pw2"), width)
            .bias()
            .norm(None)
            .layer_scale(),
    )?;
    net.add(&format!("{name}/add"));
    Ok(())
}
