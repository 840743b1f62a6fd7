//! The network explorer's settings as plain data: which network (any of the
//! calculator's registry), its width multiplier and input resolution where it
//! has them, the counting convention, the classifier and the table's order;
//! their URL parameters; and what the papers and frameworks printed for that
//! configuration. No web types, so tested natively.

use sepconv_calc::format::{thousands, times};
use sepconv_calc::network::published::{FrameworkFigure, PaperFigure};
use sepconv_calc::network::{
    Convention, Family, Network, NetworkConfig, NetworkId, NetworkLayer, V1Variant,
};
use sepconv_calc::NetworkError;

use crate::decimal;
use crate::link::echo;

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

/// Resolutions offered besides a network's own default: the MobileNet paper's
/// four and a few around them.
const RESOLUTIONS: [u64; 8] = [96, 128, 160, 192, 224, 256, 288, 320];
/// The MobileNet paper's resolutions, marked on the slider.
pub const RESOLUTION_MARKS: [u64; 4] = [128, 160, 192, 224];
/// Width multipliers offered move in steps of this many hundredths.
const ALPHA_STEP: u32 = 5;

/// Everything the explorer's controls set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Explorer {
    /// Which network.
    pub network: NetworkId,
    /// Width multiplier α in hundredths (exact, so 0.5 compares equal to the
    /// paper's); 100 for a network without one.
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
    /// 1.0 MobileNet-224 (v1), counted as the paper counts, with the classifier.
    fn default() -> Self {
        Explorer::of(NetworkId::MobileNetV1)
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
    /// `network` at its published default, counted by its own convention.
    pub fn of(network: NetworkId) -> Explorer {
        let info = network.info();
        Explorer {
            network,
            alpha: info
                .alpha
                .map_or(100, |w| (w.default * 100.0).round() as u32),
            resolution: info.resolution,
            convention: info.convention,
            classifier: true,
            sort: SortBy::Order,
        }
    }

    /// The width multipliers the network takes, in hundredths (none if it has
    /// no width multiplier).
    pub fn alphas(&self) -> Vec<u32> {
        let Some(width) = self.network.info().alpha else {
            return Vec::new();
        };
        match width.offered {
            Some(offered) => offered.iter().map(|a| (a * 100.0).round() as u32).collect(),
            None => {
                let max = (width.max * 100.0).round() as u32;
                (ALPHA_STEP * 5..=max)
                    .step_by(ALPHA_STEP as usize)
                    .collect()
            }
        }
    }

    /// The input resolutions offered for the network, ascending: its default
    /// and the usual ones it accepts.
    pub fn resolutions(&self) -> Vec<u64> {
        let info = self.network.info();
        let mut offered: Vec<u64> = RESOLUTIONS
            .into_iter()
            .filter(|&r| r >= info.min_resolution)
            .collect();
        if let Err(at) = offered.binary_search(&info.resolution) {
            offered.insert(at, info.resolution);
        }
        offered
    }

    /// α as a number, for a network that has one.
    fn alpha_value(&self) -> Option<f64> {
        self.network
            .info()
            .alpha
            .map(|_| f64::from(self.alpha) / 100.0)
    }

    /// The calculator's configuration, for MobileNet v1's `variant`.
    fn config(&self, variant: V1Variant) -> NetworkConfig {
        NetworkConfig {
            alpha: self.alpha_value(),
            resolution: Some(self.resolution),
            include_top: self.classifier,
            variant,
            ..NetworkConfig::new(self.network)
        }
    }

    /// The network's layer table.
    pub fn network(&self) -> Result<Network, NetworkError> {
        self.config(V1Variant::Separable).build()
    }

    /// MobileNet v1 with every separable block replaced by a full 3×3
    /// convolution (the paper's "Conv MobileNet"), for contrast; other networks
    /// have none.
    pub fn full_conv_network(&self) -> Option<Result<Network, NetworkError>> {
        (self.network == NetworkId::MobileNetV1).then(|| self.config(V1Variant::FullConv).build())
    }

    /// The MobileNet paper's row for this configuration, if it printed one.
    pub fn paper(&self) -> Option<PaperFigure> {
        self.config(V1Variant::Separable).paper()
    }

    /// The paper's Conv MobileNet row when this is its configuration.
    pub fn full_conv_paper(&self) -> Option<PaperFigure> {
        (self.network == NetworkId::MobileNetV1)
            .then(|| self.config(V1Variant::FullConv).paper())
            .flatten()
    }

    /// The frameworks' published figures for exactly this configuration.
    pub fn framework(&self) -> Vec<&'static FrameworkFigure> {
        self.config(V1Variant::Separable).figures()
    }

    /// The caption of the by-type table. Only 1.0 MobileNet-224 (v1, with the
    /// classifier, counted as the paper counts) is the paper's Table 2, whose
    /// Conv 3×3 share of the MACs is misprinted.
    pub fn share_caption(&self) -> String {
        let table_2 = Explorer {
            sort: self.sort,
            ..Explorer::default()
        } == *self;
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

    /// The URL parameters for these settings, all of them so a link keeps its
    /// meaning (α only for a network that has one).
    pub fn pairs(&self) -> Vec<(String, String)> {
        let mut pairs = vec![("net".to_string(), self.network.id().to_string())];
        if self.alpha_value().is_some() {
            pairs.push(("alpha".to_string(), alpha_text(self.alpha)));
        }
        pairs.extend([
            ("res".to_string(), self.resolution.to_string()),
            ("conv".to_string(), self.convention.id().to_string()),
            (
                "top".to_string(),
                if self.classifier { "yes" } else { "no" }.to_string(),
            ),
            ("sort".to_string(), self.sort.id().to_string()),
        ]);
        pairs
    }

    /// Reads the settings from URL pairs: the network first (its defaults are
    /// the others' starting point), then the rest in any order; each bad value
    /// is replaced (the nearest allowed value, or the default) and explained.
    pub fn read(pairs: &[(String, String)]) -> (Explorer, Vec<String>) {
        let mut notes = Vec::new();
        let mut note = |key: &str, value: &str, what: String| {
            notes.push(format!("{key}={} {what}", echo(value)));
        };
        let network = pairs
            .iter()
            .rev()
            .find(|(k, _)| k == "net")
            .map(|(_, v)| v.trim());
        let mut explorer = match network {
            Some(value) => match NetworkId::parse(value) {
                Some(id) => Explorer::of(id),
                None => {
                    let names: Vec<&str> = NetworkId::ALL.iter().map(|n| n.id()).collect();
                    note(
                        "net",
                        value,
                        format!("is not one of {}; using mobilenet-v1.", names.join(", ")),
                    );
                    Explorer::default()
                }
            },
            None => Explorer::default(),
        };
        let name = explorer.network.info().name;
        for (key, value) in pairs {
            let value = value.trim();
            match key.as_str() {
                "alpha" => {
                    let offered = explorer.alphas();
                    match nearest(value, &offered, |a| f64::from(*a) / 100.0, explorer.alpha) {
                        Some(Ok(alpha)) => explorer.alpha = alpha,
                        Some(Err(alpha)) => {
                            explorer.alpha = alpha;
                            note(
                                key,
                                value,
                                format!(
                                    "is not a width multiplier {name} takes ({}); using {}.",
                                    span(&offered, |a| alpha_text(*a)),
                                    alpha_text(alpha)
                                ),
                            );
                        }
                        None => note(
                            key,
                            value,
                            format!("ignored: {name} has no width multiplier."),
                        ),
                    }
                }
                "res" => {
                    let offered = explorer.resolutions();
                    match nearest(value, &offered, |r| *r as f64, explorer.resolution) {
                        Some(Ok(resolution)) => explorer.resolution = resolution,
                        Some(Err(resolution)) => {
                            explorer.resolution = resolution;
                            note(
                                key,
                                value,
                                format!(
                                "is not a resolution offered for {name} ({}); using {resolution}.",
                                span(&offered, u64::to_string)
                            ),
                            );
                        }
                        None => {}
                    }
                }
                "conv" => match Convention::parse(value) {
                    Some(convention) => explorer.convention = convention,
                    None => note(
                        key,
                        value,
                        format!(
                            "is not paper, keras or pytorch; using {}.",
                            explorer.convention.id()
                        ),
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

/// One network of "who uses it", at its published default.
#[derive(Debug, Clone, PartialEq)]
pub struct CensusRow {
    /// Which network.
    pub network: NetworkId,
    /// Its parameters, counted by its framework's convention.
    pub params: u64,
    /// Its multiply-accumulates.
    pub macs: u64,
    /// Share of the MACs by category, in `Category::ALL` order.
    pub macs_shares: [f64; 5],
    /// ImageNet top-1 as its framework publishes it, and where.
    pub top1: Option<(f64, &'static str)>,
}

/// Every network of the registry at its published default: the census behind
/// "who uses it". Built once.
pub fn census() -> &'static [CensusRow] {
    static ROWS: std::sync::OnceLock<Vec<CensusRow>> = std::sync::OnceLock::new();
    ROWS.get_or_init(|| {
        NetworkId::ALL
            .into_iter()
            .filter_map(|network| {
                let info = network.info();
                let built = NetworkConfig::new(network).build().ok()?;
                let totals = built.totals(info.convention);
                let mut macs_shares = [0.0; 5];
                for (slot, share) in macs_shares
                    .iter_mut()
                    .zip(built.by_category(info.convention))
                {
                    *slot = share.macs_share;
                }
                let top1 = info
                    .figures
                    .first()
                    .and_then(|f| f.top1.map(|t| (t, f.source)))
                    .or_else(|| {
                        NetworkConfig::new(network)
                            .paper()
                            .map(|p| (p.top1, p.source))
                    });
                Some(CensusRow {
                    network,
                    params: totals.params,
                    macs: totals.macs,
                    macs_shares,
                    top1,
                })
            })
            .collect()
    })
}

/// What the census says to "it is not featured in other networks", in one
/// sentence with its numbers.
pub fn census_answer(rows: &[CensusRow]) -> String {
    let depthwise: Vec<&CensusRow> = rows
        .iter()
        .filter(|r| r.network.info().family == Family::DepthwiseBased)
        .collect();
    let standard: Vec<&CensusRow> = rows
        .iter()
        .filter(|r| r.network.info().family == Family::StandardReference)
        .collect();
    let first_year = depthwise
        .iter()
        .map(|r| r.network.info().year)
        .min()
        .unwrap_or(0);
    let newest_standard = standard
        .iter()
        .map(|r| r.network.info().year)
        .max()
        .unwrap_or(0);
    let mut sentence = format!(
        "{} of these {} networks are built on depthwise convolutions, every one of them published from {first_year} on; the newest standard-convolution network here is from {newest_standard}.",
        depthwise.len(),
        rows.len()
    );
    // Against each standard reference, the cheapest depthwise network at
    // least as accurate, if any, and how their MACs compare.
    for reference in &standard {
        let Some((top1, _)) = reference.top1 else {
            continue;
        };
        let name = reference.network.info().name;
        let rival = depthwise
            .iter()
            .filter(|r| r.top1.is_some_and(|(t, _)| t >= top1))
            .min_by_key(|r| r.macs);
        sentence.push(' ');
        sentence.push_str(&match rival {
            Some(row) if row.macs < reference.macs => {
                let theirs = row.top1.map_or(0.0, |t| t.0);
                format!(
                    "{} reaches {theirs:.1} % top-1, {} {name}'s {top1:.1} %, with {} fewer MACs ({} against {}).",
                    row.network.info().name,
                    if theirs > top1 { "above" } else { "matching" },
                    times(reference.macs as f64 / row.macs.max(1) as f64),
                    thousands(row.macs),
                    thousands(reference.macs),
                )
            }
            Some(row) => format!(
                "Only {} matches {name}'s {top1:.1} % here, and with {} more MACs.",
                row.network.info().name,
                times(row.macs as f64 / reference.macs.max(1) as f64),
            ),
            None => format!("No depthwise network here matches {name}'s {top1:.1} %."),
        });
    }
    sentence.push_str(" (Each accuracy is its framework's, from its own training recipe.)");
    sentence
}

/// "0.25 to 1.0" or "0.5, 1.0, 1.5, 2.0": the values offered, in words.
fn span<T>(offered: &[T], text: impl Fn(&T) -> String) -> String {
    match offered {
        [first, .., last] if offered.len() > 4 => format!("{} to {}", text(first), text(last)),
        _ => offered.iter().map(text).collect::<Vec<_>>().join(", "),
    }
}

/// The offered value `text` names: `Ok` when it is one exactly, `Err` with
/// the nearest one otherwise (`fallback` for text that is no number), `None`
/// when nothing is offered.
fn nearest<T: Copy>(
    text: &str,
    offered: &[T],
    value: impl Fn(&T) -> f64,
    fallback: T,
) -> Option<Result<T, T>> {
    let first = *offered.first()?;
    let Some(wanted) = decimal::parse(text) else {
        return Some(Err(fallback));
    };
    let distance = |t: &T| (value(t) - wanted).abs();
    let best = offered.iter().copied().fold(first, |best, t| {
        if distance(&t) < distance(&best) {
            t
        } else {
            best
        }
    });
    Some(if distance(&best) < 1e-9 {
        Ok(best)
    } else {
        Err(best)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::pairs;
    use sepconv_calc::network::Category;

    #[test]
    fn only_the_papers_configuration_is_called_table_2() {
        let paper = Explorer::default();
        assert!(paper.share_caption().contains("the paper's Table 2"));
        assert!(paper.share_caption().contains("misprint"));
        for other in [
            Explorer::of(NetworkId::MobileNetV2),
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
    fn old_and_new_network_names() {
        for (value, network) in [
            ("v1", NetworkId::MobileNetV1),
            ("v2", NetworkId::MobileNetV2),
            ("mobilenet-v3-large", NetworkId::MobileNetV3Large),
            ("resnet50", NetworkId::ResNet50),
        ] {
            let (explorer, notes) = Explorer::read(&pairs(&format!("?net={value}")));
            assert!(notes.is_empty());
            assert_eq!(explorer, Explorer::of(network));
        }
        // The framework's convention is the default for torchvision's networks.
        assert_eq!(
            Explorer::of(NetworkId::ResNet50).convention,
            Convention::PyTorch
        );
        assert_eq!(Explorer::of(NetworkId::Xception).resolution, 299);
    }

    #[test]
    fn round_trip_through_the_url() {
        for explorer in [
            Explorer {
                alpha: 35,
                resolution: 192,
                convention: Convention::PyTorch,
                classifier: false,
                sort: SortBy::Macs,
                ..Explorer::of(NetworkId::MobileNetV2)
            },
            Explorer {
                alpha: 150,
                ..Explorer::of(NetworkId::ShuffleNetV2)
            },
            Explorer::of(NetworkId::Vgg16),
        ] {
            assert_eq!(Explorer::read(&explorer.pairs()), (explorer, vec![]));
        }
        let query: Vec<String> = Explorer::of(NetworkId::ResNet50)
            .pairs()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        // No width multiplier, so no alpha.
        assert_eq!(
            query.join("&"),
            "net=resnet50&res=224&conv=pytorch&top=yes&sort=order"
        );
    }

    #[test]
    fn bad_values_are_replaced_and_explained() {
        let (explorer, notes) = Explorer::read(&pairs(
            "?net=v9&alpha=2&res=200&conv=caffe&top=maybe&sort=<b>",
        ));
        assert_eq!(
            explorer,
            Explorer {
                resolution: 192,
                ..Explorer::default()
            }
        );
        assert_eq!(notes.len(), 6, "{notes:?}");
        assert_eq!(
            notes[1],
            "alpha=2 is not a width multiplier MobileNet v1 takes (0.25 to 1.0); using 1.0."
        );
        assert!(notes[2].ends_with("using 192."), "{}", notes[2]);
        let (explorer, notes) = Explorer::read(&pairs("?alpha=0.1&res=abc"));
        assert_eq!((explorer.alpha, explorer.resolution), (25, 224));
        assert_eq!(notes.len(), 2);
        let (_, notes) = Explorer::read(&pairs("?net=resnet50&alpha=0.5"));
        assert_eq!(
            notes,
            ["alpha=0.5 ignored: ResNet-50 has no width multiplier."]
        );
        let (shuffle, notes) = Explorer::read(&pairs("?net=shufflenet-v2&alpha=0.75"));
        assert_eq!(shuffle.alpha, 50);
        assert!(notes[0].contains("(0.5, 1.0, 1.5, 2.0)"), "{notes:?}");
    }

    #[test]
    fn every_network_builds_at_every_offered_setting() {
        for network in NetworkId::ALL {
            let base = Explorer::of(network);
            for alpha in base.alphas().into_iter().chain([base.alpha]) {
                for resolution in base.resolutions() {
                    let explorer = Explorer {
                        alpha,
                        resolution,
                        ..base
                    };
                    assert!(explorer.network().is_ok(), "{explorer:?}");
                }
            }
        }
    }

    #[test]
    fn paper_rows_only_where_the_paper_has_them() {
        let v1 = Explorer::default();
        let v2 = Explorer::of(NetworkId::MobileNetV2);
        assert_eq!(Explorer { alpha: 75, ..v1 }.paper().unwrap().top1, 68.4);
        assert!(Explorer {
            alpha: 75,
            resolution: 192,
            ..v1
        }
        .paper()
        .is_none());
        assert!(Explorer {
            classifier: false,
            ..v1
        }
        .paper()
        .is_none());
        assert_eq!(v2.paper().unwrap().top1, 72.0);
        assert!(Explorer { alpha: 50, ..v2 }.paper().is_none());
        assert_eq!(v1.full_conv_paper().unwrap().top1, 71.7);
        assert!(v2.full_conv_network().is_none());
        // torchvision's figures, for its networks at their defaults.
        assert!(!Explorer::of(NetworkId::MobileNetV3Large)
            .framework()
            .is_empty());
    }

    #[test]
    fn sorting_keeps_every_row() {
        let explorer = Explorer {
            sort: SortBy::Macs,
            ..Explorer::default()
        };
        let network = explorer.network().unwrap();
        let order = explorer.order(&network);
        assert_eq!(order.len(), network.layers.len());
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
    fn the_census_counts_every_network_and_answers_with_its_numbers() {
        let rows = census();
        assert_eq!(rows.len(), NetworkId::ALL.len());
        for row in rows {
            let shares: f64 = row.macs_shares.iter().sum();
            assert!((shares - 1.0).abs() < 1e-9, "{:?}", row.network);
            assert!(
                row.top1.is_some(),
                "{:?} has no published accuracy",
                row.network
            );
        }
        let v1 = &rows[0];
        assert_eq!((v1.macs, v1.params), (568_740_352, 4_209_088));
        let dw = Category::ALL
            .iter()
            .position(|c| *c == Category::Depthwise)
            .unwrap();
        assert_eq!(
            rows.iter()
                .find(|r| r.network == NetworkId::ResNet50)
                .unwrap()
                .macs_shares[dw],
            0.0
        );
        let answer = census_answer(rows);
        assert!(answer.starts_with("9 of these 11 networks are built on depthwise convolutions, every one of them published from 2016 on"), "{answer}");
        // Every factor it states is above 1, whether it says fewer or more.
        for (i, _) in answer.match_indices("× ") {
            let factor: f64 = answer[..i]
                .rsplit(' ')
                .next()
                .and_then(|f| f.parse().ok())
                .unwrap();
            assert!(factor > 1.0, "{answer}");
        }
        assert!(answer.contains("above VGG-16's"), "{answer}");
    }

    #[test]
    fn alpha_as_the_papers_write_it() {
        assert_eq!(alpha_text(100), "1.0");
        assert_eq!(alpha_text(50), "0.5");
        assert_eq!(alpha_text(75), "0.75");
        assert_eq!(alpha_text(5), "0.05");
    }
}
