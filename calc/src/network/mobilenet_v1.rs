//! MobileNet v1 (Howard et al. 2017, Table 1).

use super::builder::{Builder, Conv, PaddingRule};
use super::width::floor_width;
use super::{Network, NetworkConfig, NetworkId, Options};
use crate::error::NetworkError;

/// The smallest input resolution the MobileNets accept here.
pub(crate) const MIN_RESOLUTION: u64 = 32;

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
        NetworkConfig {
            alpha: Some(self.alpha),
            resolution: Some(self.resolution),
            classes: self.classes,
            include_top: self.include_top,
            variant: self.variant,
            ..NetworkConfig::new(NetworkId::MobileNetV1)
        }
        .build()
    }

    /// The paper's style of name: "0.75 MobileNet-192", "Conv MobileNet-224".
    pub fn name(&self) -> String {
        name(self.alpha, self.resolution, self.variant)
    }
}

fn name(alpha: f64, resolution: u64, variant: V1Variant) -> String {
    let model = match variant {
        V1Variant::Separable => "MobileNet",
        V1Variant::FullConv => "Conv MobileNet",
        V1Variant::Shallow => "Shallow MobileNet",
    };
    format!("{} {model}-{resolution}", alpha_label(alpha))
}

/// Builds a validated configuration (see [`NetworkConfig::build`]).
pub(super) fn build(options: &Options, variant: V1Variant) -> Result<Network, NetworkError> {
    let alpha = options.alpha;
    // Keras and TF-slim: int(α·c). The 3 image channels are never scaled.
    let width = |c: u64| -> Result<u64, NetworkError> {
        match floor_width(alpha, c) {
            0 => Err(NetworkError::NoChannels { alpha }),
            scaled => Ok(scaled),
        }
    };
    let mut net = Builder::new(options, MIN_RESOLUTION, PaddingRule::Same);
    net.conv(Conv::new("conv1", 3, width(32)?).stride(2))?;
    for (i, &(channels, stride)) in BLOCKS.iter().enumerate() {
        if variant == V1Variant::Shallow && SHALLOW_DROPPED.contains(&i) {
            continue;
        }
        let block = i + 1;
        let out = width(channels)?;
        if variant == V1Variant::FullConv {
            net.conv(Conv::new(format!("block{block}/conv"), 3, out).stride(stride))?;
        } else {
            net.conv(Conv::depthwise(format!("block{block}/dw"), 3).stride(stride))?;
            net.conv(Conv::pointwise(format!("block{block}/pw"), out))?;
        }
    }
    if options.include_top {
        net.global_pool();
        net.classifier("fc", options.classes, None)?;
    }
    net.finish(name(alpha, options.resolution, variant))
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
