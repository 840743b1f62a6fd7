//! MobileNet v1 (Howard et al. 2017, Table 1).

use super::{check_common, Builder, Network};
use crate::error::NetworkError;

/// Which version of the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum V1Variant {
    /// The MobileNet of Table 1: depthwise separable blocks.
    #[default]
    Separable,
    /// The paper's "Conv MobileNet" (Table 4): each separable block replaced by a
    /// full 3×3 convolution with the same stride and channels.
    FullConv,
    /// The "shallow" MobileNet (Table 5): the five 14×14×512 separable blocks removed.
    Shallow,
}

impl V1Variant {
    /// "separable", "full-conv" or "shallow".
    pub fn id(self) -> &'static str {
        match self {
            V1Variant::Separable => "separable",
            V1Variant::FullConv => "full-conv",
            V1Variant::Shallow => "shallow",
        }
    }

    /// Parses an id.
    pub fn parse(text: &str) -> Option<V1Variant> {
        [
            V1Variant::Separable,
            V1Variant::FullConv,
            V1Variant::Shallow,
        ]
        .into_iter()
        .find(|v| v.id() == text)
    }
}

/// Configuration of a MobileNet v1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MobileNetV1 {
    /// Width multiplier α in (0, 1]: channels = ⌊α·c⌋.
    pub alpha: f64,
    /// Input resolution (square), at least 32.
    pub resolution: u64,
    /// Classifier outputs.
    pub classes: u64,
    /// Whether the classifier ("top") is included.
    pub include_top: bool,
    /// Which variant.
    pub variant: V1Variant,
}

impl Default for MobileNetV1 {
    /// 1.0 MobileNet-224 with 1000 classes.
    fn default() -> Self {
        MobileNetV1 {
            alpha: 1.0,
            resolution: 224,
            classes: 1000,
            include_top: true,
            variant: V1Variant::Separable,
        }
    }
}

/// The separable blocks after the first convolution: (output channels, stride), in
/// the paper's order. The stride sits on the depthwise layer. The last block's
/// stride is 1 (the paper misprints s2).
const BLOCKS: [(u64, u64); 13] = [
    (64, 1),
    (128, 2),
    (128, 1),
    (256, 2),
    (256, 1),
    (512, 2),
    (512, 1),
    (512, 1),
    (512, 1),
    (512, 1),
    (512, 1),
    (1024, 2),
    (1024, 1),
];

/// Indices into [`BLOCKS`] of the five 14×14×512 blocks the shallow variant drops.
const SHALLOW_DROPPED: std::ops::Range<usize> = 6..11;

impl MobileNetV1 {
    /// The layer table.
    ///
    /// # Errors
    /// α outside (0, 1], α leaving a layer without channels, resolution below 32,
    /// zero classes, or counts beyond `u64`.
    ///
    /// # Examples
    /// ```
    /// use sepconv_calc::network::{Convention, MobileNetV1};
    /// let net = MobileNetV1::default().build().unwrap();
    /// assert_eq!(net.totals(Convention::Paper).macs, 568_740_352);
    /// assert_eq!(net.totals(Convention::Paper).params, 4_209_088);
    /// ```
    pub fn build(&self) -> Result<Network, NetworkError> {
        let alpha = self.alpha;
        if !(alpha > 0.0 && alpha <= 1.0) {
            return Err(NetworkError::Alpha { alpha, max: 1.0 });
        }
        check_common(self.resolution, self.classes)?;
        // Keras and TF-slim: int(α·c). The 3 image channels are never scaled.
        let width = |c: u64| -> Result<u64, NetworkError> {
            match (alpha * c as f64).floor() as u64 {
                0 => Err(NetworkError::NoChannels { alpha }),
                scaled => Ok(scaled),
            }
        };

        let mut net = Builder::new(self.resolution);
        net.conv("conv1".to_string(), 3, width(32)?, 2, false)?;
        for (i, &(channels, stride)) in BLOCKS.iter().enumerate() {
            if self.variant == V1Variant::Shallow && SHALLOW_DROPPED.contains(&i) {
                continue;
            }
            let block = i + 1;
            let out = width(channels)?;
            if self.variant == V1Variant::FullConv {
                net.conv(format!("block{block}/conv"), 3, out, stride, false)?;
            } else {
                net.conv(format!("block{block}/dw"), 3, 0, stride, true)?;
                net.conv(format!("block{block}/pw"), 1, out, 1, false)?;
            }
        }
        if self.include_top {
            net.classifier(self.classes)?;
        }
        Network::checked(self.name(), net.layers)
    }

    /// The paper's style of name: "0.75 MobileNet-192", "Conv MobileNet-224".
    pub fn name(&self) -> String {
        let prefix = match self.variant {
            V1Variant::Separable => format!("{} MobileNet", alpha_label(self.alpha)),
            V1Variant::FullConv => format!("{} Conv MobileNet", alpha_label(self.alpha)),
            V1Variant::Shallow => format!("{} Shallow MobileNet", alpha_label(self.alpha)),
        };
        format!("{prefix}-{}", self.resolution)
    }
}

/// α as the papers write it: "1.0", "0.75", "0.5". Fixed precision with the
/// trailing zeros dropped: the page stays free of the shortest-float formatter
/// (kilobytes of WebAssembly), and α never needs more than four decimals.
pub(crate) fn alpha_label(alpha: f64) -> String {
    let text = format!("{alpha:.4}");
    let trimmed = text.trim_end_matches('0');
    if trimmed.ends_with('.') {
        format!("{trimmed}0")
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::alpha_label;

    #[test]
    fn alpha_as_the_papers_write_it() {
        assert_eq!(alpha_label(1.0), "1.0");
        assert_eq!(alpha_label(0.75), "0.75");
        assert_eq!(alpha_label(0.5), "0.5");
        assert_eq!(alpha_label(0.35), "0.35");
        assert_eq!(alpha_label(0.0625), "0.0625");
    }
}
