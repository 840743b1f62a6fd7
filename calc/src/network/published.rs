//! Figures as printed in the MobileNet papers, to show beside the computed counts.
//! They are rounded (and in places inexact); the computed counts are the truth.

use super::V1Variant;

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
