//! Xception (Chollet 2017, arXiv 1610.02357), as Keras defines it
//! (`keras/src/applications/xception.py`, `keras.applications.Xception`).
//!
//! Entry flow: two 3×3 convolutions with 'valid' padding (32 with stride 2, then
//! 64), then three blocks of two separable convolutions, a 3×3 stride-2 max pool
//! and a residual 1×1 stride-2 convolution with BatchNorm added back (128, 256,
//! 728). Middle flow: eight blocks of three 728-wide separable convolutions with an
//! identity residual. Exit flow: separable convolutions to 728 and 1024, a max
//! pool and a residual 1×1 convolution, then separable convolutions to 1536 and
//! 2048, global average pooling and the dense classifier. Every `SeparableConv2D`
//! (3×3 depthwise then 1×1 pointwise, 'same' padding) has `use_bias=False` and a
//! BatchNorm after it; so has every `Conv2D`. Each separable convolution is two
//! rows here: its depthwise step (no BatchNorm of its own) and its pointwise step.

use super::builder::{Builder, Conv, PaddingRule};
use super::kind::NormKind;
use super::{Network, Options};
use crate::error::NetworkError;
use crate::layer::Padding;

/// Keras' smallest input for Xception ("no smaller than 71").
pub(super) const MIN_RESOLUTION: u64 = 71;

/// The entry flow's blocks after the stem: output width of both separable
/// convolutions and of the residual.
const ENTRY: [u64; 3] = [128, 256, 728];

/// The middle flow's width and blocks.
const MIDDLE: (u64, u64) = (728, 8);

/// Builds a validated configuration.
pub(super) fn build(options: &Options) -> Result<Network, NetworkError> {
    let mut net = Builder::new(options, MIN_RESOLUTION, PaddingRule::Same);
    net.conv(
        Conv::new("block1_conv1", 3, 32)
            .stride(2)
            .padding(Padding::Valid),
    )?;
    net.conv(Conv::new("block1_conv2", 3, 64).padding(Padding::Valid))?;
    for (i, &width) in ENTRY.iter().enumerate() {
        downsampling_block(&mut net, i + 2, [width, width])?;
    }
    let (width, blocks) = MIDDLE;
    for i in 0..blocks {
        let block = format!("block{}", i + 5);
        for s in 1..=3 {
            separable(&mut net, &format!("{block}_sepconv{s}"), width)?;
        }
        net.add(&format!("{block}_add"));
    }
    downsampling_block(&mut net, 13, [728, 1024])?;
    separable(&mut net, "block14_sepconv1", 1536)?;
    separable(&mut net, "block14_sepconv2", 2048)?;
    if options.include_top {
        net.global_pool();
        net.classifier("predictions", options.classes, None)?;
    }
    net.finish(format!("Xception-{}", options.resolution))
}

/// A `SeparableConv2D` to `out` channels with the BatchNorm after it.
fn separable(net: &mut Builder, name: &str, out: u64) -> Result<(), NetworkError> {
    net.conv(Conv::depthwise(format!("{name}/dw"), 3).norm(None))?;
    net.conv(Conv::pointwise(format!("{name}/pw"), out).norm(Some(NormKind::Batch)))
}

/// Two separable convolutions, a 3×3 stride-2 max pool, and the residual 1×1
/// stride-2 convolution of the block's input added back.
fn downsampling_block(
    net: &mut Builder,
    block: usize,
    widths: [u64; 2],
) -> Result<(), NetworkError> {
    let input = net.shape();
    separable(net, &format!("block{block}_sepconv1"), widths[0])?;
    separable(net, &format!("block{block}_sepconv2"), widths[1])?;
    net.pool(&format!("block{block}_pool"), 3, 2, Padding::Same)?;
    net.resume(input);
    net.conv(Conv::pointwise(format!("block{block}_residual"), widths[1]).stride(2))?;
    net.add(&format!("block{block}_add"));
    Ok(())
}
