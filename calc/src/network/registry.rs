//! The one list of networks the CLI and the page offer, and the configuration
//! that builds any of them.

use super::published::{self, FrameworkFigure, PaperFigure};
use super::Convention;
use super::{
    convnext, efficientnet, mnasnet, mobilenet_v1, mobilenet_v2, mobilenet_v3, resnet, shufflenet,
    vgg, xception, Network, Options, V1Variant,
};
use crate::error::{NetworkError, NetworkOption};

/// Every network Sepconv counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NetworkId {
    /// MobileNet v1 (the paper's Table 1).
    MobileNetV1,
    /// MobileNet v2 (the paper's Table 2).
    MobileNetV2,
    /// MobileNet v3 Large (torchvision).
    MobileNetV3Large,
    /// MobileNet v3 Small (torchvision).
    MobileNetV3Small,
    /// EfficientNet-B0 (torchvision).
    EfficientNetB0,
    /// ShuffleNet v2 (torchvision).
    ShuffleNetV2,
    /// MnasNet (torchvision).
    MnasNet,
    /// Xception (Keras).
    Xception,
    /// ConvNeXt-T (torchvision).
    ConvNeXtTiny,
    /// ResNet-50 (torchvision), a standard-convolution reference.
    ResNet50,
    /// VGG-16 (torchvision), a standard-convolution reference.
    Vgg16,
}

/// Whether a network is built on depthwise convolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// Built on depthwise (separable) convolutions.
    DepthwiseBased,
    /// Standard convolutions only: a reference to compare with.
    StandardReference,
}

impl Family {
    /// "depthwise-based" or "standard reference".
    pub fn name(self) -> &'static str {
        match self {
            Family::DepthwiseBased => "depthwise-based",
            Family::StandardReference => "standard reference",
        }
    }
}

/// A network's width multiplier α: which values it takes and how it rounds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WidthMultiplier {
    /// The published default.
    pub default: f64,
    /// The largest value accepted (the smallest is just above 0).
    pub max: f64,
    /// The only values the network is defined at, if it is not defined for every
    /// α in range (ShuffleNet v2's four channel tables).
    pub offered: Option<&'static [f64]>,
    /// How α becomes channel counts.
    pub rule: &'static str,
}

/// What the registry knows about a network.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NetworkInfo {
    /// Which network.
    pub id: NetworkId,
    /// Display name ("MobileNet v3 Large").
    pub name: &'static str,
    /// Year of the paper's first arXiv version.
    pub year: u16,
    /// The paper.
    pub paper: &'static str,
    /// Depthwise-based or a standard reference.
    pub family: Family,
    /// Whose definition is counted, layer by layer.
    pub definition: &'static str,
    /// The width multiplier, if the network has one.
    pub alpha: Option<WidthMultiplier>,
    /// The default input resolution.
    pub resolution: u64,
    /// The smallest input resolution accepted.
    pub min_resolution: u64,
    /// The counting convention shown by default: the paper's for MobileNet v1 and
    /// v2 (the papers' tables count weights only), the framework's for the others.
    pub convention: Convention,
    /// The frameworks' published figures, the default configuration's first.
    pub figures: &'static [FrameworkFigure],
}

/// `make_divisible` widths: the MobileNet v2/v3 and MnasNet rule.
const DIVISIBLE: WidthMultiplier = WidthMultiplier {
    default: 1.0,
    max: 2.0,
    offered: None,
    rule: "make_divisible(α·c, 8): the nearest multiple of 8, never 10 % below α·c",
};

const REGISTRY: [NetworkInfo; 11] = [
    NetworkInfo {
        id: NetworkId::MobileNetV1,
        name: "MobileNet v1",
        year: 2017,
        paper: "Howard et al., MobileNets, arXiv 1704.04861",
        family: Family::DepthwiseBased,
        definition: "the paper's Table 1 (as keras.applications.MobileNet)",
        alpha: Some(WidthMultiplier {
            default: 1.0,
            max: 1.0,
            offered: None,
            rule: "⌊α·c⌋ (Keras, TF-slim)",
        }),
        resolution: 224,
        min_resolution: mobilenet_v1::MIN_RESOLUTION,
        convention: Convention::Paper,
        figures: &published::KERAS_MOBILENET,
    },
    NetworkInfo {
        id: NetworkId::MobileNetV2,
        name: "MobileNet v2",
        year: 2018,
        paper: "Sandler et al., MobileNetV2, arXiv 1801.04381",
        family: Family::DepthwiseBased,
        definition: "the paper's Table 2 (as torchvision.models.mobilenet_v2, keras.applications.MobileNetV2)",
        alpha: Some(WidthMultiplier {
            rule: "make_divisible(α·c, 8); the last convolution keeps 1280 for α ≤ 1",
            ..DIVISIBLE
        }),
        resolution: 224,
        min_resolution: mobilenet_v1::MIN_RESOLUTION,
        convention: Convention::Paper,
        figures: &published::MOBILENET_V2_FRAMEWORKS,
    },
    NetworkInfo {
        id: NetworkId::MobileNetV3Large,
        name: "MobileNet v3 Large",
        year: 2019,
        paper: "Howard et al., Searching for MobileNetV3, arXiv 1905.02244",
        family: Family::DepthwiseBased,
        definition: "torchvision.models.mobilenet_v3_large",
        alpha: Some(DIVISIBLE),
        resolution: 224,
        min_resolution: mobilenet_v1::MIN_RESOLUTION,
        convention: Convention::PyTorch,
        figures: &published::MOBILENET_V3_LARGE,
    },
    NetworkInfo {
        id: NetworkId::MobileNetV3Small,
        name: "MobileNet v3 Small",
        year: 2019,
        paper: "Howard et al., Searching for MobileNetV3, arXiv 1905.02244",
        family: Family::DepthwiseBased,
        definition: "torchvision.models.mobilenet_v3_small",
        alpha: Some(DIVISIBLE),
        resolution: 224,
        min_resolution: mobilenet_v1::MIN_RESOLUTION,
        convention: Convention::PyTorch,
        figures: &published::MOBILENET_V3_SMALL,
    },
    NetworkInfo {
        id: NetworkId::EfficientNetB0,
        name: "EfficientNet-B0",
        year: 2019,
        paper: "Tan & Le, EfficientNet, arXiv 1905.11946",
        family: Family::DepthwiseBased,
        definition: "torchvision.models.efficientnet_b0",
        alpha: None,
        resolution: 224,
        min_resolution: mobilenet_v1::MIN_RESOLUTION,
        convention: Convention::PyTorch,
        figures: &published::EFFICIENTNET_B0,
    },
    NetworkInfo {
        id: NetworkId::ShuffleNetV2,
        name: "ShuffleNet v2",
        year: 2018,
        paper: "Ma et al., ShuffleNet V2, arXiv 1807.11164",
        family: Family::DepthwiseBased,
        definition: "torchvision.models.shufflenet_v2_x1_0 (x0_5, x1_5, x2_0 for other α)",
        alpha: Some(WidthMultiplier {
            default: 1.0,
            max: 2.0,
            offered: Some(&shufflenet::OFFERED),
            rule: "one of torchvision's four channel tables: 0.5×, 1.0×, 1.5×, 2.0×",
        }),
        resolution: 224,
        min_resolution: mobilenet_v1::MIN_RESOLUTION,
        convention: Convention::PyTorch,
        figures: &published::SHUFFLENET_V2,
    },
    NetworkInfo {
        id: NetworkId::MnasNet,
        name: "MnasNet",
        year: 2018,
        paper: "Tan et al., MnasNet, arXiv 1807.11626",
        family: Family::DepthwiseBased,
        definition: "torchvision.models.mnasnet1_0 (the B1 variant, without squeeze-excitation)",
        alpha: Some(WidthMultiplier {
            rule: "_round_to_multiple_of(α·c, 8), as make_divisible; the last convolution keeps 1280",
            ..DIVISIBLE
        }),
        resolution: 224,
        min_resolution: mobilenet_v1::MIN_RESOLUTION,
        convention: Convention::PyTorch,
        figures: &published::MNASNET,
    },
    NetworkInfo {
        id: NetworkId::Xception,
        name: "Xception",
        year: 2016,
        paper: "Chollet, Xception, arXiv 1610.02357",
        family: Family::DepthwiseBased,
        definition: "keras.applications.Xception",
        alpha: None,
        resolution: 299,
        min_resolution: xception::MIN_RESOLUTION,
        convention: Convention::Keras,
        figures: &published::XCEPTION,
    },
    NetworkInfo {
        id: NetworkId::ConvNeXtTiny,
        name: "ConvNeXt-T",
        year: 2022,
        paper: "Liu et al., A ConvNet for the 2020s, arXiv 2201.03545",
        family: Family::DepthwiseBased,
        definition: "torchvision.models.convnext_tiny",
        alpha: None,
        resolution: 224,
        min_resolution: mobilenet_v1::MIN_RESOLUTION,
        convention: Convention::PyTorch,
        figures: &published::CONVNEXT_TINY,
    },
    NetworkInfo {
        id: NetworkId::ResNet50,
        name: "ResNet-50",
        year: 2015,
        paper: "He et al., Deep Residual Learning, arXiv 1512.03385",
        family: Family::StandardReference,
        definition: "torchvision.models.resnet50 (v1.5: the stride on the 3×3 convolution)",
        alpha: None,
        resolution: 224,
        min_resolution: mobilenet_v1::MIN_RESOLUTION,
        convention: Convention::PyTorch,
        figures: &published::RESNET50,
    },
    NetworkInfo {
        id: NetworkId::Vgg16,
        name: "VGG-16",
        year: 2014,
        paper: "Simonyan & Zisserman, Very Deep Convolutional Networks, arXiv 1409.1556",
        family: Family::StandardReference,
        definition: "torchvision.models.vgg16",
        alpha: None,
        resolution: 224,
        min_resolution: mobilenet_v1::MIN_RESOLUTION,
        convention: Convention::PyTorch,
        figures: &published::VGG16,
    },
];

impl NetworkId {
    /// Every network, in the order the CLI and the page list them.
    pub const ALL: [NetworkId; 11] = [
        NetworkId::MobileNetV1,
        NetworkId::MobileNetV2,
        NetworkId::MobileNetV3Large,
        NetworkId::MobileNetV3Small,
        NetworkId::EfficientNetB0,
        NetworkId::ShuffleNetV2,
        NetworkId::MnasNet,
        NetworkId::Xception,
        NetworkId::ConvNeXtTiny,
        NetworkId::ResNet50,
        NetworkId::Vgg16,
    ];

    /// The stable id the CLI and URLs use: "mobilenet-v1", "mobilenet-v3-large",
    /// "efficientnet-b0", "shufflenet-v2", "mnasnet", "xception", "convnext-tiny",
    /// "resnet50", "vgg16".
    pub fn id(self) -> &'static str {
        match self {
            NetworkId::MobileNetV1 => "mobilenet-v1",
            NetworkId::MobileNetV2 => "mobilenet-v2",
            NetworkId::MobileNetV3Large => "mobilenet-v3-large",
            NetworkId::MobileNetV3Small => "mobilenet-v3-small",
            NetworkId::EfficientNetB0 => "efficientnet-b0",
            NetworkId::ShuffleNetV2 => "shufflenet-v2",
            NetworkId::MnasNet => "mnasnet",
            NetworkId::Xception => "xception",
            NetworkId::ConvNeXtTiny => "convnext-tiny",
            NetworkId::ResNet50 => "resnet50",
            NetworkId::Vgg16 => "vgg16",
        }
    }

    /// Parses an id; the page's older URL values "v1" and "v2" are accepted too.
    pub fn parse(text: &str) -> Option<NetworkId> {
        match text {
            "v1" => Some(NetworkId::MobileNetV1),
            "v2" => Some(NetworkId::MobileNetV2),
            _ => NetworkId::ALL.into_iter().find(|n| n.id() == text),
        }
    }

    /// What the registry knows about it.
    pub fn info(self) -> &'static NetworkInfo {
        &REGISTRY[self as usize]
    }
}

/// Which network to build, and how: every option a network may have. An option a
/// network does not have is an error, not silently ignored.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NetworkConfig {
    /// Which network.
    pub network: NetworkId,
    /// Width multiplier α; `None` for the network's default (and for networks
    /// without one).
    pub alpha: Option<f64>,
    /// Input resolution (square); `None` for the network's default.
    pub resolution: Option<u64>,
    /// Classifier outputs.
    pub classes: u64,
    /// Whether the classifier ("top") is included.
    pub include_top: bool,
    /// MobileNet v1's variant; other networks take only the default.
    pub variant: V1Variant,
}

impl NetworkConfig {
    /// The network at its published default, with 1000 classes and its classifier.
    pub fn new(network: NetworkId) -> NetworkConfig {
        NetworkConfig {
            network,
            alpha: None,
            resolution: None,
            classes: 1000,
            include_top: true,
            variant: V1Variant::Separable,
        }
    }

    /// The width multiplier in effect (1.0 for networks without one).
    pub fn effective_alpha(&self) -> f64 {
        let default = self.network.info().alpha.map_or(1.0, |w| w.default);
        self.alpha.unwrap_or(default)
    }

    /// The input resolution in effect.
    pub fn effective_resolution(&self) -> u64 {
        self.resolution.unwrap_or(self.network.info().resolution)
    }

    /// The layer table.
    ///
    /// # Errors
    /// An option the network does not have ([`NetworkError::NotApplicable`]), α
    /// out of range or not offered, α leaving a layer without channels, a
    /// resolution below the network's smallest, zero classes, or counts beyond
    /// `u64` ([`NetworkError::Overflow`] says whether the resolution or the
    /// classes made them overflow).
    ///
    /// # Examples
    /// ```
    /// use sepconv_calc::network::{Convention, NetworkConfig, NetworkId};
    /// let resnet = NetworkConfig::new(NetworkId::ResNet50).build().unwrap();
    /// assert_eq!(resnet.totals(Convention::PyTorch).params, 25_557_032);
    /// let half = NetworkConfig { alpha: Some(0.5), ..NetworkConfig::new(NetworkId::ResNet50) };
    /// assert!(half.build().is_err()); // ResNet-50 has no width multiplier
    /// ```
    pub fn build(&self) -> Result<Network, NetworkError> {
        let options = self.options()?;
        match self.network {
            NetworkId::MobileNetV1 => mobilenet_v1::build(&options, self.variant),
            NetworkId::MobileNetV2 => mobilenet_v2::build(&options),
            NetworkId::MobileNetV3Large => mobilenet_v3::build(&options, mobilenet_v3::Size::Large),
            NetworkId::MobileNetV3Small => mobilenet_v3::build(&options, mobilenet_v3::Size::Small),
            NetworkId::EfficientNetB0 => efficientnet::build(&options),
            NetworkId::ShuffleNetV2 => shufflenet::build(&options),
            NetworkId::MnasNet => mnasnet::build(&options),
            NetworkId::Xception => xception::build(&options),
            NetworkId::ConvNeXtTiny => convnext::build(&options),
            NetworkId::ResNet50 => resnet::build(&options),
            NetworkId::Vgg16 => vgg::build(&options),
        }
    }

    /// The validated options every builder takes.
    fn options(&self) -> Result<Options, NetworkError> {
        let info = self.network.info();
        let alpha = self.checked_alpha(info)?;
        if self.variant != V1Variant::Separable && self.network != NetworkId::MobileNetV1 {
            return Err(NetworkError::NotApplicable {
                option: NetworkOption::Variant,
                network: info.name,
            });
        }
        let resolution = self.effective_resolution();
        if resolution < info.min_resolution {
            return Err(NetworkError::Resolution {
                got: resolution,
                min: info.min_resolution,
            });
        }
        if self.classes == 0 {
            return Err(NetworkError::NoClasses);
        }
        Ok(Options {
            alpha,
            resolution,
            classes: self.classes,
            include_top: self.include_top,
        })
    }

    fn checked_alpha(&self, info: &NetworkInfo) -> Result<f64, NetworkError> {
        let (alpha, width) = match (self.alpha, info.alpha) {
            (None, _) => return Ok(self.effective_alpha()),
            (Some(_), None) => {
                return Err(NetworkError::NotApplicable {
                    option: NetworkOption::Alpha,
                    network: info.name,
                })
            }
            (Some(alpha), Some(width)) => (alpha, width),
        };
        if !(alpha > 0.0 && alpha <= width.max) {
            return Err(NetworkError::Alpha {
                alpha,
                max: width.max,
            });
        }
        match width.offered {
            Some(offered) if !offered.contains(&alpha) => {
                Err(NetworkError::AlphaNotOffered { alpha, offered })
            }
            _ => Ok(alpha),
        }
    }

    /// The frameworks' published figures for exactly this configuration (with the
    /// classifier and 1000 classes, at the figure's α and resolution).
    pub fn figures(&self) -> Vec<&'static FrameworkFigure> {
        if !self.is_published_setup() {
            return Vec::new();
        }
        let (alpha, resolution) = (self.effective_alpha(), self.effective_resolution());
        self.network
            .info()
            .figures
            .iter()
            .filter(|f| f.alpha == alpha && f.resolution == resolution)
            .collect()
    }

    /// The MobileNet papers' printed row for this configuration, if there is one.
    pub fn paper(&self) -> Option<PaperFigure> {
        if !self.include_top || self.classes != 1000 {
            return None;
        }
        let (alpha, resolution) = (self.effective_alpha(), self.effective_resolution());
        match self.network {
            NetworkId::MobileNetV1 => published::mobilenet_v1(alpha, resolution, self.variant),
            NetworkId::MobileNetV2 => {
                (alpha == 1.0 && resolution == 224).then_some(published::MOBILENET_V2)
            }
            _ => None,
        }
    }

    /// With the classifier, 1000 classes and the default variant.
    fn is_published_setup(&self) -> bool {
        self.include_top && self.classes == 1000 && self.variant == V1Variant::Separable
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_entry_per_network_in_order() {
        for (i, id) in NetworkId::ALL.into_iter().enumerate() {
            assert_eq!(REGISTRY[i].id, id);
            assert_eq!(id as usize, i);
            assert_eq!(NetworkId::parse(id.id()), Some(id));
            assert!(!id.info().figures.is_empty());
        }
        assert_eq!(NetworkId::parse("v2"), Some(NetworkId::MobileNetV2));
        assert_eq!(NetworkId::parse("resnet"), None);
    }
}
