//! Whole networks as per-layer tables, counted exactly.
//!
//! One notion of a network: a [`Network`] is a list of [`NetworkLayer`] rows, each
//! with its real kernel, stride, groups, channels, weights, biases, normalisation
//! and MACs. One registry ([`NetworkId`], [`NetworkInfo`]) lists every network the
//! CLI and the page offer, and [`NetworkConfig`] builds any of them:
//!
//! ```
//! use sepconv_calc::network::{Convention, NetworkConfig, NetworkId};
//!
//! let net = NetworkConfig::new(NetworkId::MobileNetV3Large).build().unwrap();
//! // torchvision's published num_params, exactly, and its 0.217 "GFLOPS" (GMACs).
//! assert_eq!(net.totals(Convention::PyTorch).params, 5_483_032);
//! assert_eq!(net.totals(Convention::PyTorch).macs, 216_589_760);
//! ```
//!
//! # Counting rules
//!
//! **MACs**: one multiply-accumulate per kernel weight per output position, for
//! every convolution (standard, depthwise, grouped, 1×1), every dense layer
//! (classifier and hidden layers) and the two 1×1 convolutions of each
//! squeeze-and-excitation block (on the pooled 1×1 map: C·S MACs each way). Not
//! counted: biases, BatchNorm, LayerNorm, activations, pooling, residual adds,
//! channel split and shuffle, SE's channel scaling, ConvNeXt's layer scale. This is
//! the MobileNet papers' "Mult-Adds" and exactly what torchvision's `_ops`
//! ("GFLOPS", in fact GMACs) counts: convolutions and matrix products only.
//!
//! **Parameters** depend on the [`Convention`]: weights only (the paper), plus
//! biases and learnable normalisation values (PyTorch's `sum(p.numel())`, Keras'
//! trainable parameters), plus BatchNorm's moving statistics (Keras'
//! `model.summary()` total).

mod builder;
mod convnext;
mod efficientnet;
mod explain;
mod kind;
mod mnasnet;
mod mobilenet_v1;
mod mobilenet_v2;
mod mobilenet_v3;
pub mod published;
mod registry;
mod resnet;
mod shufflenet;
mod vgg;
mod width;
mod xception;

pub use crate::error::{NetworkOption, Overflow};
pub use kind::{Category, Kernel, LayerKind, Norm, NormKind};
pub use mobilenet_v1::{MobileNetV1, V1Variant};
pub use mobilenet_v2::MobileNetV2;
pub use registry::{Family, NetworkConfig, NetworkId, NetworkInfo, WidthMultiplier};
pub use width::make_divisible;

use crate::layer::{Padding, Shape};

/// Which parameters are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Convention {
    /// The paper: kernel and dense-layer weights only (no biases, no
    /// normalisation).
    #[default]
    Paper,
    /// Keras `model.summary()` total: weights, biases, normalisation γ and β, and
    /// BatchNorm's moving mean and variance.
    Keras,
    /// PyTorch `sum(p.numel())`: weights, biases, normalisation γ and β, layer
    /// scale; BatchNorm's running statistics are buffers, not parameters. The same
    /// as Keras' "trainable params".
    PyTorch,
}

impl Convention {
    /// All three, in display order.
    pub const ALL: [Convention; 3] = [Convention::Paper, Convention::Keras, Convention::PyTorch];

    /// "paper", "keras" or "pytorch".
    pub fn id(self) -> &'static str {
        match self {
            Convention::Paper => "paper",
            Convention::Keras => "keras",
            Convention::PyTorch => "pytorch",
        }
    }

    /// Parses an id.
    pub fn parse(text: &str) -> Option<Convention> {
        Convention::ALL.into_iter().find(|c| c.id() == text)
    }

    /// One line saying what is counted.
    pub fn description(self) -> &'static str {
        match self {
            Convention::Paper => {
                "weights only: kernels and dense matrices (no biases, no normalisation)"
            }
            Convention::Keras => {
                "model.summary() total: weights, biases, normalisation γ and β, \
                 BatchNorm moving mean and variance"
            }
            Convention::PyTorch => {
                "sum(p.numel()): weights, biases, normalisation γ and β, layer scale \
                 (running statistics are buffers)"
            }
        }
    }
}

/// One row of a network table.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NetworkLayer {
    /// A short name ("conv1", "block3/dw", "layer2.0/downsample").
    pub name: String,
    /// What kind of layer it is, with its kernel.
    pub kind: LayerKind,
    /// Input shape (a dense layer's input is flattened to 1×1×features).
    pub input: Shape,
    /// Output shape.
    pub output: Shape,
    /// Stride.
    pub stride: u64,
    /// Padding, as the framework defines the layer.
    pub padding: Padding,
    /// Groups of a convolution (1 for standard, the channel count for depthwise; 1
    /// for rows that are not convolutions).
    pub groups: u64,
    /// Kernel weights (or a dense layer's matrix).
    pub weights: u64,
    /// Bias values (convolutions with a bias, dense layers, SE).
    pub bias: u64,
    /// The normalisation that belongs to this layer, if any (BatchNorm after a
    /// convolution; LayerNorm after ConvNeXt's depthwise step or before its
    /// downsampling and classifier).
    pub norm: Option<Norm>,
    /// ConvNeXt's learnable layer scale γ (one per channel), 0 elsewhere.
    pub layer_scale: u64,
    /// Multiply-accumulates.
    pub macs: u64,
}

impl NetworkLayer {
    /// Parameters under a counting convention.
    pub fn params(&self, convention: Convention) -> u64 {
        let (learnable, buffers) = self.norm.map_or((0, 0), |n| (n.learnable(), n.buffers()));
        let trainable = [self.bias, learnable, self.layer_scale]
            .into_iter()
            .fold(self.weights, u64::saturating_add);
        match convention {
            Convention::Paper => self.weights,
            Convention::PyTorch => trainable,
            Convention::Keras => trainable.saturating_add(buffers),
        }
    }

    /// The kernel, for convolutions.
    pub fn kernel(&self) -> Option<Kernel> {
        self.kind.kernel()
    }
}

/// Parameter and MAC totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Totals {
    /// Parameters.
    pub params: u64,
    /// Multiply-accumulates.
    pub macs: u64,
}

/// Totals of one layer kind and their shares of the whole.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KindShare {
    /// The kind.
    pub kind: LayerKind,
    /// Its totals.
    pub totals: Totals,
    /// Share of all parameters, 0 to 1.
    pub params_share: f64,
    /// Share of all MACs, 0 to 1.
    pub macs_share: f64,
}

/// Totals of one coarse category and their shares of the whole.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CategoryShare {
    /// The category.
    pub category: Category,
    /// Its totals.
    pub totals: Totals,
    /// Share of all parameters, 0 to 1.
    pub params_share: f64,
    /// Share of all MACs, 0 to 1.
    pub macs_share: f64,
}

/// A network as a table of layers.
///
/// Every count was computed with checked arithmetic when the network was built, and
/// the totals were checked too, so the sums here cannot overflow.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Network {
    /// Display name ("1.0 MobileNet-224", "ResNet-50-224").
    pub name: String,
    /// The layers, in order.
    pub layers: Vec<NetworkLayer>,
}

impl Network {
    /// Totals under a convention (MACs are the same under all three).
    pub fn totals(&self, convention: Convention) -> Totals {
        sum(&self.layers, convention)
    }

    /// Totals by layer kind, with their shares, in table order (the MobileNet
    /// paper's Table 2 first: Conv 1×1, Conv DW 3×3, Conv 3×3, Fully connected);
    /// only kinds the network has that cost something.
    pub fn by_kind(&self, convention: Convention) -> Vec<KindShare> {
        let mut kinds: Vec<LayerKind> = self.layers.iter().map(|l| l.kind).collect();
        kinds.sort();
        kinds.dedup();
        let all = self.totals(convention);
        kinds
            .into_iter()
            .map(|kind| {
                let totals = sum(self.layers.iter().filter(|l| l.kind == kind), convention);
                let (params_share, macs_share) = shares(totals, all);
                KindShare {
                    kind,
                    totals,
                    params_share,
                    macs_share,
                }
            })
            .filter(|k| k.totals != Totals::default())
            .collect()
    }

    /// Totals by coarse category ([`Category::ALL`], all five, zeros included):
    /// where the MACs go — depthwise, pointwise 1×1, standard K×K, dense, and SE
    /// and the rest.
    ///
    /// # Examples
    /// ```
    /// use sepconv_calc::network::{Category, Convention, NetworkConfig, NetworkId};
    /// let net = NetworkConfig::new(NetworkId::MobileNetV1).build().unwrap();
    /// let shares = net.by_category(Convention::Paper);
    /// assert_eq!(shares[0].category, Category::Pointwise);
    /// assert!((shares[0].macs_share - 0.9486).abs() < 1e-4); // Table 2: 94.86 %
    /// ```
    pub fn by_category(&self, convention: Convention) -> Vec<CategoryShare> {
        let all = self.totals(convention);
        Category::ALL
            .into_iter()
            .map(|category| {
                let rows = self.layers.iter().filter(|l| l.kind.category() == category);
                let totals = sum(rows, convention);
                let (params_share, macs_share) = shares(totals, all);
                CategoryShare {
                    category,
                    totals,
                    params_share,
                    macs_share,
                }
            })
            .collect()
    }
}

/// Parameters (under `convention`) and MACs of `layers`, summed.
fn sum<'a>(layers: impl IntoIterator<Item = &'a NetworkLayer>, convention: Convention) -> Totals {
    layers.into_iter().fold(Totals::default(), |t, l| Totals {
        params: t.params.saturating_add(l.params(convention)),
        macs: t.macs.saturating_add(l.macs),
    })
}

/// `part` as fractions of `all` (parameters, MACs); 0 when `all` is 0.
fn shares(part: Totals, all: Totals) -> (f64, f64) {
    let share = |p: u64, a: u64| if a == 0 { 0.0 } else { p as f64 / a as f64 };
    (share(part.params, all.params), share(part.macs, all.macs))
}

/// What every network builder takes, validated by [`NetworkConfig::build`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Options {
    /// Width multiplier α (1.0 for networks without one).
    pub alpha: f64,
    /// Input resolution (square).
    pub resolution: u64,
    /// Classifier outputs.
    pub classes: u64,
    /// Whether the classifier ("top") is included.
    pub include_top: bool,
}
