//! Published figures to show beside the computed counts: the MobileNet papers'
//! rounded tables, and the frameworks' exact parameter counts with their operation
//! counts and accuracies.
//!
//! The papers' figures are rounded (and in places inexact); the computed counts are
//! the truth. The frameworks' parameter counts are exact, and the calculator
//! reproduces each one exactly under the figure's convention.

use super::{Convention, V1Variant};

/// One row of a paper's table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PaperFigure {
    /// The model as the paper names it.
    pub model: &'static str,
    /// ImageNet top-1 accuracy, percent.
    pub top1: f64,
    /// Printed million multiply-adds.
    pub million_macs: f64,
    /// Printed million parameters.
    pub million_params: f64,
    /// Where it is printed.
    pub source: &'static str,
}

/// MobileNet v1 rows: (α, resolution, variant, figure).
pub const MOBILENET_V1: [(f64, u64, V1Variant, PaperFigure); 10] = [
    v1(
        1.0,
        224,
        V1Variant::FullConv,
        "Conv MobileNet",
        71.7,
        4866.0,
        29.3,
        "Table 4",
    ),
    v1(
        1.0,
        224,
        V1Variant::Separable,
        "1.0 MobileNet-224",
        70.6,
        569.0,
        4.2,
        "Tables 4, 6",
    ),
    v1(
        0.75,
        224,
        V1Variant::Separable,
        "0.75 MobileNet-224",
        68.4,
        325.0,
        2.6,
        "Tables 5, 6",
    ),
    v1(
        1.0,
        224,
        V1Variant::Shallow,
        "Shallow MobileNet",
        65.3,
        307.0,
        2.9,
        "Table 5",
    ),
    v1(
        0.5,
        224,
        V1Variant::Separable,
        "0.5 MobileNet-224",
        63.7,
        149.0,
        1.3,
        "Table 6",
    ),
    v1(
        0.25,
        224,
        V1Variant::Separable,
        "0.25 MobileNet-224",
        50.6,
        41.0,
        0.5,
        "Table 6",
    ),
    v1(
        1.0,
        192,
        V1Variant::Separable,
        "1.0 MobileNet-192",
        69.1,
        418.0,
        4.2,
        "Table 7",
    ),
    v1(
        1.0,
        160,
        V1Variant::Separable,
        "1.0 MobileNet-160",
        67.2,
        290.0,
        4.2,
        "Table 7",
    ),
    v1(
        1.0,
        128,
        V1Variant::Separable,
        "1.0 MobileNet-128",
        64.4,
        186.0,
        4.2,
        "Table 7",
    ),
    v1(
        0.5,
        160,
        V1Variant::Separable,
        "0.50 MobileNet-160",
        60.2,
        76.0,
        1.32,
        "Table 9",
    ),
];

/// The conventional networks the MobileNet paper compares with (Tables 8 and
/// 9), as printed there. Sepconv does not build these, so their figures are
/// quoted, never computed.
pub const CONVENTIONAL: [PaperFigure; 4] = [
    PaperFigure {
        model: "VGG-16",
        top1: 71.5,
        million_macs: 15300.0,
        million_params: 138.0,
        source: "Table 8",
    },
    PaperFigure {
        model: "GoogLeNet",
        top1: 69.8,
        million_macs: 1550.0,
        million_params: 6.8,
        source: "Table 8",
    },
    PaperFigure {
        model: "SqueezeNet",
        top1: 57.5,
        million_macs: 1700.0,
        million_params: 1.25,
        source: "Table 9",
    },
    PaperFigure {
        model: "AlexNet",
        top1: 57.2,
        million_macs: 720.0,
        million_params: 60.0,
        source: "Table 9",
    },
];

/// MobileNet v2's headline (Sandler et al. 2018, Table 4).
pub const MOBILENET_V2: PaperFigure = PaperFigure {
    model: "MobileNetV2 (1.0, 224)",
    top1: 72.0,
    million_macs: 300.0,
    million_params: 3.4,
    source: "MobileNetV2, Table 4",
};

#[allow(clippy::too_many_arguments)]
const fn v1(
    alpha: f64,
    resolution: u64,
    variant: V1Variant,
    model: &'static str,
    top1: f64,
    million_macs: f64,
    million_params: f64,
    source: &'static str,
) -> (f64, u64, V1Variant, PaperFigure) {
    (
        alpha,
        resolution,
        variant,
        PaperFigure {
            model,
            top1,
            million_macs,
            million_params,
            source,
        },
    )
}

/// The paper's figure for a v1 configuration with 1000 classes and the classifier,
/// if the paper has one.
pub fn mobilenet_v1(alpha: f64, resolution: u64, variant: V1Variant) -> Option<PaperFigure> {
    MOBILENET_V1
        .iter()
        .find(|(a, r, v, _)| *a == alpha && *r == resolution && *v == variant)
        .map(|(_, _, _, figure)| *figure)
}

/// Who publishes a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Framework {
    /// torchvision's model weights metadata (`num_params`, `_ops`, `acc@1`).
    Torchvision,
    /// Keras Applications (the docs' table, `model.summary()`).
    Keras,
}

impl Framework {
    /// "torchvision" or "Keras".
    pub fn name(self) -> &'static str {
        match self {
            Framework::Torchvision => "torchvision",
            Framework::Keras => "Keras",
        }
    }
}

/// A framework's published figures for one configuration of a network.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FrameworkFigure {
    /// Who publishes it.
    pub framework: Framework,
    /// The model as the framework names it ("mobilenet_v3_large").
    pub model: &'static str,
    /// The weights the accuracy belongs to ("IMAGENET1K_V2, the default").
    pub weights: &'static str,
    /// The width multiplier of this configuration (1.0 where there is none).
    pub alpha: f64,
    /// The input resolution the figures are for.
    pub resolution: u64,
    /// The exact parameter count, under `convention`.
    pub params: u64,
    /// The convention `params` is counted under.
    pub convention: Convention,
    /// Billions of multiply-accumulates as printed, where the framework prints an
    /// operation count (torchvision's `_ops`, which it labels "GFLOPS" though it
    /// counts multiply-accumulates), to three decimals.
    pub giga_macs: Option<f64>,
    /// ImageNet top-1 accuracy in percent, as printed.
    pub top1: Option<f64>,
    /// Where it is printed.
    pub source: &'static str,
}

impl FrameworkFigure {
    /// Whether `macs` agrees with the printed operation count to the precision it
    /// is printed with (three decimals of billions); `None` without one.
    pub fn macs_agree(&self, macs: u64) -> Option<bool> {
        let printed = self.giga_macs?;
        let rounded = (macs as f64 / 1e6).round() / 1e3;
        Some((rounded - printed).abs() < 1e-9)
    }
}

/// A torchvision figure at 224×224 (`_ops` are GMACs, `num_params` counts like
/// `sum(p.numel())`).
#[allow(clippy::too_many_arguments)]
const fn torchvision(
    model: &'static str,
    weights: &'static str,
    alpha: f64,
    params: u64,
    giga_macs: f64,
    top1: f64,
    source: &'static str,
) -> FrameworkFigure {
    FrameworkFigure {
        framework: Framework::Torchvision,
        model,
        weights,
        alpha,
        resolution: 224,
        params,
        convention: Convention::PyTorch,
        giga_macs: Some(giga_macs),
        top1: Some(top1),
        source,
    }
}

/// Keras Applications' MobileNet (the docs' table: 0.704 top-1, 4,253,864
/// parameters; no operation count).
pub const KERAS_MOBILENET: [FrameworkFigure; 1] = [FrameworkFigure {
    framework: Framework::Keras,
    model: "keras.applications.MobileNet",
    weights: "imagenet (alpha=1.0, 224)",
    alpha: 1.0,
    resolution: 224,
    params: 4_253_864,
    convention: Convention::Keras,
    giga_macs: None,
    top1: Some(70.4),
    source: "Keras Applications table (keras.io/api/applications): MobileNet, top-1 0.704, 4,253,864 parameters",
}];

/// torchvision's and Keras' MobileNet v2.
pub const MOBILENET_V2_FRAMEWORKS: [FrameworkFigure; 2] = [
    torchvision(
        "mobilenet_v2",
        "MobileNet_V2_Weights.IMAGENET1K_V2 (default)",
        1.0,
        3_504_872,
        0.301,
        72.154,
        "torchvision/models/mobilenetv2.py: num_params 3504872, _ops 0.301, acc@1 72.154",
    ),
    FrameworkFigure {
        framework: Framework::Keras,
        model: "keras.applications.MobileNetV2",
        weights: "imagenet (alpha=1.0, 224)",
        alpha: 1.0,
        resolution: 224,
        params: 3_538_984,
        convention: Convention::Keras,
        giga_macs: None,
        top1: Some(71.3),
        source: "Keras Applications table (keras.io/api/applications): MobileNetV2, top-1 0.713, 3,538,984 parameters",
    },
];

/// torchvision's `mobilenet_v3_large`.
pub const MOBILENET_V3_LARGE: [FrameworkFigure; 1] = [torchvision(
    "mobilenet_v3_large",
    "MobileNet_V3_Large_Weights.IMAGENET1K_V2 (default)",
    1.0,
    5_483_032,
    0.217,
    75.274,
    "torchvision/models/mobilenetv3.py: num_params 5483032, _ops 0.217, acc@1 75.274",
)];

/// torchvision's `mobilenet_v3_small`.
pub const MOBILENET_V3_SMALL: [FrameworkFigure; 1] = [torchvision(
    "mobilenet_v3_small",
    "MobileNet_V3_Small_Weights.IMAGENET1K_V1 (default)",
    1.0,
    2_542_856,
    0.057,
    67.668,
    "torchvision/models/mobilenetv3.py: num_params 2542856, _ops 0.057, acc@1 67.668",
)];

/// torchvision's `efficientnet_b0`.
pub const EFFICIENTNET_B0: [FrameworkFigure; 1] = [torchvision(
    "efficientnet_b0",
    "EfficientNet_B0_Weights.IMAGENET1K_V1 (default)",
    1.0,
    5_288_548,
    0.386,
    77.692,
    "torchvision/models/efficientnet.py: num_params 5288548, _ops 0.386, acc@1 77.692",
)];

/// torchvision's ShuffleNet v2 at its four widths, the default (1.0×) first.
pub const SHUFFLENET_V2: [FrameworkFigure; 4] = [
    torchvision(
        "shufflenet_v2_x1_0",
        "ShuffleNet_V2_X1_0_Weights.IMAGENET1K_V1 (default)",
        1.0,
        2_278_604,
        0.145,
        69.362,
        "torchvision/models/shufflenetv2.py: num_params 2278604, _ops 0.145, acc@1 69.362",
    ),
    torchvision(
        "shufflenet_v2_x0_5",
        "ShuffleNet_V2_X0_5_Weights.IMAGENET1K_V1 (default)",
        0.5,
        1_366_792,
        0.04,
        60.552,
        "torchvision/models/shufflenetv2.py: num_params 1366792, _ops 0.04, acc@1 60.552",
    ),
    torchvision(
        "shufflenet_v2_x1_5",
        "ShuffleNet_V2_X1_5_Weights.IMAGENET1K_V1 (default)",
        1.5,
        3_503_624,
        0.296,
        72.996,
        "torchvision/models/shufflenetv2.py: num_params 3503624, _ops 0.296, acc@1 72.996",
    ),
    torchvision(
        "shufflenet_v2_x2_0",
        "ShuffleNet_V2_X2_0_Weights.IMAGENET1K_V1 (default)",
        2.0,
        7_393_996,
        0.583,
        76.230,
        "torchvision/models/shufflenetv2.py: num_params 7393996, _ops 0.583, acc@1 76.230",
    ),
];

/// torchvision's MnasNet at its four widths, the default (1.0) first.
pub const MNASNET: [FrameworkFigure; 4] = [
    torchvision(
        "mnasnet1_0",
        "MNASNet1_0_Weights.IMAGENET1K_V1 (default)",
        1.0,
        4_383_312,
        0.314,
        73.456,
        "torchvision/models/mnasnet.py: num_params 4383312, _ops 0.314, acc@1 73.456",
    ),
    torchvision(
        "mnasnet0_5",
        "MNASNet0_5_Weights.IMAGENET1K_V1 (default)",
        0.5,
        2_218_512,
        0.104,
        67.734,
        "torchvision/models/mnasnet.py: num_params 2218512, _ops 0.104, acc@1 67.734",
    ),
    torchvision(
        "mnasnet0_75",
        "MNASNet0_75_Weights.IMAGENET1K_V1 (default)",
        0.75,
        3_170_208,
        0.215,
        71.180,
        "torchvision/models/mnasnet.py: num_params 3170208, _ops 0.215, acc@1 71.180",
    ),
    torchvision(
        "mnasnet1_3",
        "MNASNet1_3_Weights.IMAGENET1K_V1 (default)",
        1.3,
        6_282_256,
        0.526,
        76.506,
        "torchvision/models/mnasnet.py: num_params 6282256, _ops 0.526, acc@1 76.506",
    ),
];

/// Keras' Xception: the docs' table (total parameters and accuracy) and
/// `model.summary()`'s trainable parameters (γ and β but not the moving
/// statistics: PyTorch's way of counting). Keras prints no operation count.
pub const XCEPTION: [FrameworkFigure; 2] = [
    FrameworkFigure {
        framework: Framework::Keras,
        model: "keras.applications.Xception",
        weights: "imagenet",
        alpha: 1.0,
        resolution: 299,
        params: 22_910_480,
        convention: Convention::Keras,
        giga_macs: None,
        top1: Some(79.0),
        source: "Keras Applications table (keras.io/api/applications): Xception, top-1 0.790, 22,910,480 parameters",
    },
    FrameworkFigure {
        framework: Framework::Keras,
        model: "keras.applications.Xception",
        weights: "imagenet",
        alpha: 1.0,
        resolution: 299,
        params: 22_855_952,
        convention: Convention::PyTorch,
        giga_macs: None,
        top1: None,
        source: "Xception model.summary(): Trainable params 22,855,952 (Total 22,910,480, Non-trainable 54,528)",
    },
];

/// torchvision's `convnext_tiny`.
pub const CONVNEXT_TINY: [FrameworkFigure; 1] = [torchvision(
    "convnext_tiny",
    "ConvNeXt_Tiny_Weights.IMAGENET1K_V1 (default)",
    1.0,
    28_589_128,
    4.456,
    82.520,
    "torchvision/models/convnext.py: num_params 28589128, _ops 4.456, acc@1 82.520",
)];

/// torchvision's `resnet50`.
pub const RESNET50: [FrameworkFigure; 1] = [torchvision(
    "resnet50",
    "ResNet50_Weights.IMAGENET1K_V2 (default; IMAGENET1K_V1: 76.130)",
    1.0,
    25_557_032,
    4.089,
    80.858,
    "torchvision/models/resnet.py: num_params 25557032, _ops 4.089, acc@1 80.858",
)];

/// torchvision's `vgg16`.
pub const VGG16: [FrameworkFigure; 1] = [torchvision(
    "vgg16",
    "VGG16_Weights.IMAGENET1K_V1 (default)",
    1.0,
    138_357_544,
    15.47,
    71.592,
    "torchvision/models/vgg.py: num_params 138357544, _ops 15.47, acc@1 71.592",
)];
