//! The MobileNet explorer's settings as plain data: which network, α, resolution,
//! counting convention, classifier and table order; their URL parameters; and what
//! the paper printed for that configuration; the share chart's bars. No web types,
//! so tested natively.

use sepconv_calc::network::published::{self, PaperFigure};
use sepconv_calc::network::{
    Convention, MobileNetV1, MobileNetV2, Network, NetworkLayer, V1Variant,
};
use sepconv_calc::NetworkError;

use crate::decimal;
use crate::link::echo;

/// Which MobileNet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Model {
    /// Howard et al. 2017.
    #[default]
    V1,
    /// Sandler et al. 2018.
    V2,
}

impl Model {
    /// Both, in display order.
    pub const ALL: [Model; 2] = [Model::V1, Model::V2];

    /// URL value: "v1" or "v2".
    pub fn id(self) -> &'static str {
        match self {
            Model::V1 => "v1",
            Model::V2 => "v2",
        }
    }

    /// Button label.
    pub fn label(self) -> &'static str {
        match self {
            Model::V1 => "MobileNet v1",
            Model::V2 => "MobileNet v2",
        }
    }
}

/// The order of the per-layer table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    /// As the layers run.
    #[default]
    Order,
    /// Most parameters first.
    Params,
    /// Most MACs first.
    Macs,
}

impl SortBy {
    /// All three.
    pub const ALL: [SortBy; 3] = [SortBy::Order, SortBy::Params, SortBy::Macs];

    /// URL value.
    pub fn id(self) -> &'static str {
        match self {
            SortBy::Order => "order",
            SortBy::Params => "params",
            SortBy::Macs => "macs",
        }
    }
}

/// The width multiplier's range and step, in hundredths (α = 0.25 to 1.0).
pub const ALPHA_HUNDREDTHS: (u32, u32, u32) = (25, 100, 5);
/// The paper's width multipliers, marked on the slider.
pub const ALPHA_MARKS: [u32; 4] = [25, 50, 75, 100];
/// The input resolution's range and step.
pub const RESOLUTION: (u64, u64, u64) = (128, 224, 16);
/// The paper's resolutions, marked on the slider.
pub const RESOLUTION_MARKS: [u64; 4] = [128, 160, 192, 224];

/// Everything the explorer's controls set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Explorer {
    /// v1 or v2.
    pub model: Model,
    /// Width multiplier α in hundredths (exact, so 0.5 compares equal to the paper's).
    pub alpha: u32,
    /// Input resolution (square).
    pub resolution: u64,
    /// Which parameters are counted.
    pub convention: Convention,
    /// Whether the classifier is included.
    pub classifier: bool,
    /// Table order.
    pub sort: SortBy,
}

impl Default for Explorer {
    /// 1.0 MobileNet-224 (v1), paper convention, with the classifier.
    fn default() -> Self {
        Explorer {
            model: Model::V1,
            alpha: 100,
            resolution: 224,
            convention: Convention::Paper,
            classifier: true,
            sort: SortBy::Order,
        }
    }
}

/// α as the papers write it: 100 → "1.0", 50 → "0.5", 75 → "0.75".
pub fn alpha_text(hundredths: u32) -> String {
    let whole = hundredths / 100;
    match hundredths % 100 {
        0 => format!("{whole}.0"),
        f if f % 10 == 0 => format!("{whole}.{}", f / 10),
        f => format!("{whole}.{f:02}"),
    }
}

impl Explorer {
    /// The URL parameters, a public contract like the layer's.
    pub const KEYS: [&'static str; 6] = ["net", "alpha", "res", "conv", "top", "sort"];

    /// α as a number.
    pub fn alpha(&self) -> f64 {
        f64::from(self.alpha) / 100.0
    }

    /// The network's layer table.
    pub fn network(&self) -> Result<Network, NetworkError> {
        self.build(V1Variant::Separable)
    }

    /// v1 with every separable block replaced by a full 3×3 convolution (the paper's
    /// "Conv MobileNet"), for contrast; v2 has none.
    pub fn full_conv_network(&self) -> Option<Result<Network, NetworkError>> {
        (self.model == Model::V1).then(|| self.build(V1Variant::FullConv))
    }

    fn build(&self, variant: V1Variant) -> Result<Network, NetworkError> {
        match self.model {
            Model::V1 => MobileNetV1 {
                alpha: self.alpha(),
                resolution: self.resolution,
                include_top: self.classifier,
                variant,
                ..MobileNetV1::default()
            }
            .build(),
            Model::V2 => MobileNetV2 {
                alpha: self.alpha(),
                resolution: self.resolution,
                include_top: self.classifier,
                ..MobileNetV2::default()
            }
            .build(),
        }
    }

    /// The paper's row for this configuration, if it printed one (always with the
    /// classifier and 1000 classes).
    pub fn paper(&self) -> Option<PaperFigure> {
        if !self.classifier {
            return None;
        }
        match self.model {
            Model::V1 => {
                published::mobilenet_v1(self.alpha(), self.resolution, V1Variant::Separable)
            }
            Model::V2 => {
                (self.alpha == 100 && self.resolution == 224).then_some(published::MOBILENET_V2)
            }
        }
    }

    /// The paper's Conv MobileNet row when this is its configuration.
    pub fn full_conv_paper(&self) -> Option<PaperFigure> {
        (self.model == Model::V1 && self.classifier)
            .then(|| published::mobilenet_v1(self.alpha(), self.resolution, V1Variant::FullConv))
            .flatten()
    }

    /// The caption of the by-type table. Only 1.0 MobileNet-224 (v1, with the
    /// classifier, counted as the paper counts) is the paper's Table 2, whose
    /// Conv 3×3 share of the MACs is misprinted.
    pub fn share_caption(&self) -> String {
        let table_2 = self.model == Model::V1
            && self.alpha == 100
            && self.resolution == 224
            && self.classifier
            && self.convention == Convention::Paper;
        if table_2 {
            "By layer type: the paper's Table 2 (it prints Conv 3×3's share of the mult-adds as 1.19 %, a misprint of the 1.91 % computed here)".to_string()
        } else {
            "By layer type, for this network as counted here".to_string()
        }
    }

    /// Row indices of `network` in the table's order; ties keep the layer order.
    pub fn order(&self, network: &Network) -> Vec<usize> {
        let mut rows: Vec<usize> = (0..network.layers.len()).collect();
        // One sort for both orders: each sort call is a few KB of page.
        let key: fn(&NetworkLayer, Convention) -> u64 = match self.sort {
            SortBy::Order => return rows,
            SortBy::Params => |layer, convention| layer.params(convention),
            SortBy::Macs => |layer, _| layer.macs,
        };
        rows.sort_by_key(|&i| std::cmp::Reverse(key(&network.layers[i], self.convention)));
        rows
    }

    /// The URL parameters for these settings, all of them so a link keeps its meaning.
    pub fn pairs(&self) -> Vec<(String, String)> {
        let values = [
            self.model.id().to_string(),
            alpha_text(self.alpha),
            self.resolution.to_string(),
            self.convention.id().to_string(),
            if self.classifier { "yes" } else { "no" }.to_string(),
            self.sort.id().to_string(),
        ];
        Explorer::KEYS
            .iter()
            .zip(values)
            .map(|(k, v)| (k.to_string(), v))
            .collect()
    }

    /// Reads the settings from URL pairs; each bad value is replaced (the nearest
    /// allowed value, or the default) and explained in a note.
    pub fn read(pairs: &[(String, String)]) -> (Explorer, Vec<String>) {
        let mut explorer = Explorer::default();
        let mut notes = Vec::new();
        let mut note = |key: &str, value: &str, what: String| {
            notes.push(format!("{key}={} {what}", echo(value)));
        };
        for (key, value) in pairs {
            let value = value.trim();
            match key.as_str() {
                "net" => match Model::ALL.into_iter().find(|m| m.id() == value) {
                    Some(model) => explorer.model = model,
                    None => note(key, value, "is not v1 or v2; using v1.".to_string()),
                },
                "alpha" => match read_alpha(value) {
                    Ok(alpha) => explorer.alpha = alpha,
                    Err(alpha) => {
                        explorer.alpha = alpha;
                        note(key, value, format!(
                            "is not a width multiplier from 0.25 to 1.0 in steps of 0.05; using {}.",
                            alpha_text(alpha)
                        ));
                    }
                },
                "res" => match read_resolution(value) {
                    Ok(resolution) => explorer.resolution = resolution,
                    Err(resolution) => {
                        explorer.resolution = resolution;
                        note(key, value, format!(
                            "is not a resolution from 128 to 224 in steps of 16; using {resolution}."
                        ));
                    }
                },
                "conv" => match Convention::parse(value) {
                    Some(convention) => explorer.convention = convention,
                    None => note(
                        key,
                        value,
                        "is not paper, keras or pytorch; using paper.".to_string(),
                    ),
                },
                "top" => match value {
                    "yes" => explorer.classifier = true,
                    "no" => explorer.classifier = false,
                    _ => note(key, value, "is not yes or no; using yes.".to_string()),
                },
                "sort" => match SortBy::ALL.into_iter().find(|s| s.id() == value) {
                    Some(sort) => explorer.sort = sort,
                    None => note(
                        key,
                        value,
                        "is not order, params or macs; using order.".to_string(),
                    ),
                },
                _ => {}
            }
        }
        (explorer, notes)
    }
}

/// Snaps `value` into `low..=high` on multiples of `step` from `low`.
fn snap(value: f64, (low, high, step): (u64, u64, u64)) -> u64 {
    let steps = ((value - low as f64) / step as f64).round();
    let snapped = low as f64 + steps * step as f64;
    (snapped.clamp(low as f64, high as f64)) as u64
}

/// α from text, in hundredths; `Err` carries the nearest allowed value.
fn read_alpha(text: &str) -> Result<u32, u32> {
    let (low, high, step) = ALPHA_HUNDREDTHS;
    let range = (u64::from(low), u64::from(high), u64::from(step));
    match decimal::parse(text) {
        Some(alpha) => {
            let hundredths = alpha * 100.0;
            let snapped = snap(hundredths, range) as u32;
            if (hundredths - f64::from(snapped)).abs() < 1e-6 {
                Ok(snapped)
            } else {
                Err(snapped)
            }
        }
        _ => Err(high),
    }
}

/// A resolution from text; `Err` carries the nearest allowed value.
fn read_resolution(text: &str) -> Result<u64, u64> {
    match decimal::parse(text) {
        Some(value) => {
            let snapped = snap(value, RESOLUTION);
            if value == snapped as f64 {
                Ok(snapped)
            } else {
                Err(snapped)
            }
        }
        _ => Err(RESOLUTION.1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::pairs;

    #[test]
    fn only_the_papers_configuration_is_called_table_2() {
        let paper = Explorer::default();
        assert!(paper.share_caption().contains("the paper's Table 2"));
        assert!(paper.share_caption().contains("misprint"));
        for other in [
            Explorer {
                model: Model::V2,
                ..paper
            },
            Explorer {
                convention: Convention::Keras,
                ..paper
            },
            Explorer {
                convention: Convention::PyTorch,
                ..paper
            },
            Explorer { alpha: 50, ..paper },
            Explorer {
                resolution: 160,
                ..paper
            },
            Explorer {
                classifier: false,
                ..paper
            },
        ] {
            assert!(!other.share_caption().contains("Table 2"), "{other:?}");
        }
    }

    #[test]
    fn a_teachers_link_to_half_mobilenet_160() {
        let (explorer, notes) = Explorer::read(&pairs("?net=v1&alpha=0.5&res=160"));
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!((explorer.alpha, explorer.resolution), (50, 160));
        let paper = explorer.paper().expect("the paper has 0.50 MobileNet-160");
        assert_eq!((paper.top1, paper.source), (60.2, "Table 9"));
        let totals = explorer.network().unwrap().totals(Convention::Paper);
        assert_eq!((totals.macs, totals.params), (76_524_800, 1_319_648));
    }

    #[test]
    fn round_trip_through_the_url() {
        let explorer = Explorer {
            model: Model::V2,
            alpha: 35,
            resolution: 192,
            convention: Convention::PyTorch,
            classifier: false,
            sort: SortBy::Macs,
        };
        let query: Vec<String> = explorer
            .pairs()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        assert_eq!(
            query.join("&"),
            "net=v2&alpha=0.35&res=192&conv=pytorch&top=no&sort=macs"
        );
        assert_eq!(Explorer::read(&explorer.pairs()), (explorer, vec![]));
    }

    #[test]
    fn bad_values_are_replaced_and_explained() {
        let (explorer, notes) = Explorer::read(&pairs(
            "?net=v3&alpha=2&res=200&conv=caffe&top=maybe&sort=<b>",
        ));
        assert_eq!(
            explorer,
            Explorer {
                resolution: 208,
                ..Explorer::default()
            }
        );
        assert_eq!(notes.len(), 6, "{notes:?}");
        assert_eq!(
            notes[1],
            "alpha=2 is not a width multiplier from 0.25 to 1.0 in steps of 0.05; using 1.0."
        );
        assert!(notes[2].ends_with("using 208."));
        let (explorer, notes) = Explorer::read(&pairs("?alpha=0.1&res=abc"));
        assert_eq!((explorer.alpha, explorer.resolution), (25, 224));
        assert_eq!(notes.len(), 2);
    }

    #[test]
    fn paper_rows_only_where_the_paper_has_them() {
        let at = |model, alpha, resolution, classifier| Explorer {
            model,
            alpha,
            resolution,
            classifier,
            ..Explorer::default()
        };
        assert_eq!(at(Model::V1, 75, 224, true).paper().unwrap().top1, 68.4);
        assert!(at(Model::V1, 75, 192, true).paper().is_none());
        assert!(at(Model::V1, 100, 224, false).paper().is_none());
        assert_eq!(at(Model::V2, 100, 224, true).paper().unwrap().top1, 72.0);
        assert!(at(Model::V2, 50, 224, true).paper().is_none());
        assert_eq!(
            at(Model::V1, 100, 224, true)
                .full_conv_paper()
                .unwrap()
                .top1,
            71.7
        );
        assert!(at(Model::V2, 100, 224, true).full_conv_network().is_none());
    }

    #[test]
    fn sorting_keeps_every_row() {
        let explorer = Explorer {
            sort: SortBy::Macs,
            ..Explorer::default()
        };
        let network = explorer.network().unwrap();
        let order = explorer.order(&network);
        assert_eq!(order.len(), 28);
        let macs: Vec<u64> = order.iter().map(|&i| network.layers[i].macs).collect();
        assert!(macs.windows(2).all(|w| w[0] >= w[1]));
        let by_params = Explorer {
            sort: SortBy::Params,
            ..explorer
        };
        // The last 1×1 convolution (1024×1024) outweighs the classifier (1024×1000).
        let heaviest: Vec<&str> = by_params.order(&network)[..2]
            .iter()
            .map(|&i| network.layers[i].name.as_str())
            .collect();
        assert_eq!(heaviest, ["block13/pw", "fc"]);
    }

    #[test]
    fn alpha_as_the_papers_write_it() {
        assert_eq!(alpha_text(100), "1.0");
        assert_eq!(alpha_text(50), "0.5");
        assert_eq!(alpha_text(75), "0.75");
        assert_eq!(alpha_text(5), "0.05");
    }
}
