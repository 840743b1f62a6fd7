//! MobileNet v2 (Sandler et al. 2018, Table 2).

use super::mobilenet_v1::alpha_label;
use super::{check_common, Builder, Network};
use crate::error::NetworkError;

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

/// The nearest multiple of 8 to `value`, at least 8, and never more than 10 % below
/// `value` (the reference implementations' `_make_divisible`).
pub fn make_divisible(value: f64) -> u64 {
    let divisor = 8.0;
    let mut rounded = (((value + divisor / 2.0) / divisor).floor() * divisor).max(divisor);
    if rounded < 0.9 * value {
        rounded += divisor;
    }
    rounded as u64
}

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
        let alpha = self.alpha;
        if !(alpha > 0.0 && alpha <= 2.0) {
            return Err(NetworkError::Alpha { alpha, max: 2.0 });
        }
        check_common(self.resolution, self.classes)?;
        let width = |c: u64| make_divisible(alpha * c as f64);

        let mut net = Builder::new(self.resolution);
        net.conv("conv1".to_string(), 3, width(32), 2, false)?;
        let mut block = 0;
        for (t, c, repeats, first_stride) in STAGES {
            for r in 0..repeats {
                block += 1;
                let stride = if r == 0 { first_stride } else { 1 };
                let expanded = net
                    .shape
                    .channels
                    .checked_mul(t)
                    .ok_or(NetworkError::Overflow)?;
                if t != 1 {
                    net.conv(format!("block{block}/expand"), 1, expanded, 1, false)?;
                }
                net.conv(format!("block{block}/dw"), 3, 0, stride, true)?;
                net.conv(format!("block{block}/project"), 1, width(c), 1, false)?;
            }
        }
        // The last convolution keeps 1280 channels for α ≤ 1.
        let last = if alpha > 1.0 { width(1280) } else { 1280 };
        net.conv("conv_last".to_string(), 1, last, 1, false)?;
        if self.include_top {
            net.classifier(self.classes)?;
        }
        Network::checked(
            format!("{} MobileNetV2-{}", alpha_label(alpha), self.resolution),
            net.layers,
        )
    }
}
