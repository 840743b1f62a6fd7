//! MobileNet v2 (Sandler et al. 2018, Table 2).

use super::builder::{Builder, Conv, PaddingRule};
use super::mobilenet_v1::{alpha_label, MIN_RESOLUTION};
use super::width::make_divisible;
use super::{Network, NetworkConfig, NetworkId, Options};
use crate::error::{NetworkError, Overflow};

/// Configuration of a MobileNet v2.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MobileNetV2 {
    /// Width multiplier α in (0, 2]: channels = make_divisible(α·c, 8).
    pub alpha: f64,
    /// Input resolution (square), at least 32.
    pub resolution: u64,
    /// Classifier outputs.
    pub classes: u64,
    /// Whether the classifier ("top") is included.
    pub include_top: bool,
}

impl Default for MobileNetV2 {
    /// 1.0 MobileNetV2-224 with 1000 classes.
    fn default() -> Self {
        MobileNetV2 {
            alpha: 1.0,
            resolution: 224,
            classes: 1000,
            include_top: true,
        }
    }
}

/// Bottleneck stages: expansion t, output channels c, repeats n, first stride s.
const STAGES: [(u64, u64, u64, u64); 7] = [
    (1, 16, 1, 1),
    (6, 24, 2, 2),
    (6, 32, 3, 2),
    (6, 64, 4, 2),
    (6, 96, 3, 1),
    (6, 160, 3, 2),
    (6, 320, 1, 1),
];

impl MobileNetV2 {
    /// The layer table.
    ///
    /// # Errors
    /// α outside (0, 2], resolution below 32, zero classes, or counts beyond `u64`.
    ///
    /// # Examples
    /// ```
    /// use sepconv_calc::network::{Convention, MobileNetV2};
    /// let net = MobileNetV2::default().build().unwrap();
    /// assert_eq!(net.totals(Convention::Keras).params, 3_538_984);
    /// ```
    pub fn build(&self) -> Result<Network, NetworkError> {
        NetworkConfig {
            alpha: Some(self.alpha),
            resolution: Some(self.resolution),
            classes: self.classes,
            include_top: self.include_top,
            ..NetworkConfig::new(NetworkId::MobileNetV2)
        }
        .build()
    }
}

/// Builds a validated configuration (see [`NetworkConfig::build`]). Residual adds
/// where the stride is 1 and the channels are kept.
pub(super) fn build(options: &Options) -> Result<Network, NetworkError> {
    let alpha = options.alpha;
    let width = |c: u64| make_divisible(alpha * c as f64, 8);

    let mut net = Builder::new(options, MIN_RESOLUTION, PaddingRule::Same);
    net.conv(Conv::new("conv1", 3, width(32)).stride(2))?;
    let mut block = 0;
    for (t, c, repeats, first_stride) in STAGES {
        for r in 0..repeats {
            block += 1;
            let stride = if r == 0 { first_stride } else { 1 };
            let input = net.shape();
            let expanded = input
                .channels
                .checked_mul(t)
                .ok_or(NetworkError::Overflow(Overflow::Resolution))?;
            if t != 1 {
                net.conv(Conv::pointwise(format!("block{block}/expand"), expanded))?;
            }
            net.conv(Conv::depthwise(format!("block{block}/dw"), 3).stride(stride))?;
            net.conv(Conv::pointwise(format!("block{block}/project"), width(c)))?;
            if net.shape() == input {
                net.add(&format!("block{block}/add"));
            }
        }
    }
    // The last convolution keeps 1280 channels for α ≤ 1.
    let last = if alpha > 1.0 { width(1280) } else { 1280 };
    net.conv(Conv::pointwise("conv_last", last))?;
    if options.include_top {
        net.global_pool();
        net.classifier("fc", options.classes, None)?;
    }
    net.finish(format!(
        "{} MobileNetV2-{}",
        alpha_label(alpha),
        options.resolution
    ))
}
