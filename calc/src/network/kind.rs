//! What a row of a network table is: its role, its kernel, and the coarse
//! category its cost is counted under.

use std::cmp::Ordering;
use std::fmt;

/// A kernel's height × width.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Kernel {
    /// Rows.
    pub height: u64,
    /// Columns.
    pub width: u64,
}

impl Kernel {
    /// A square kernel of side `k`.
    pub const fn square(k: u64) -> Kernel {
        Kernel {
            height: k,
            width: k,
        }
    }

    /// Whether it is 1×1 (a pointwise kernel).
    pub fn is_1x1(self) -> bool {
        self == Kernel::square(1)
    }
}

impl fmt::Display for Kernel {
    /// "3×3", "1×7".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}×{}", self.height, self.width)
    }
}

/// What a network layer does. Convolutions carry their real kernel, so a 5×5 or
/// 7×7 depthwise layer is told apart from a 3×3 one.
///
/// Rows that only move data (pooling, residual adds, channel split and shuffle)
/// have no parameters and no MACs by the papers' and frameworks' counting; they are
/// rows so the table shows where shapes change and branches meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LayerKind {
    /// A standard convolution (one group): every filter sees every input channel.
    /// With a 1×1 kernel it is a pointwise convolution.
    Conv(Kernel),
    /// A depthwise convolution: one filter per input channel (groups = channels).
    Depthwise(Kernel),
    /// A grouped convolution with 1 < groups < channels.
    Grouped(Kernel),
    /// A dense (fully connected) layer: the classifier and its hidden layers.
    FullyConnected,
    /// One of the two 1×1 convolutions (with biases) of a squeeze-and-excitation
    /// block, on the globally pooled map.
    SqueezeExcite,
    /// Max or average pooling that changes the map (global pooling before a
    /// classifier or inside squeeze-and-excitation is implied, not a row).
    Pool,
    /// A residual add (no MACs by the papers' counting).
    Add,
    /// ShuffleNet's channel split: half the channels go through the branch.
    Split,
    /// ShuffleNet's concatenation of two branches followed by a channel shuffle.
    Shuffle,
}

impl LayerKind {
    /// A pointwise (1×1) convolution: the paper's Table 2 "Conv 1×1".
    pub const CONV_1X1: LayerKind = LayerKind::Conv(Kernel::square(1));
    /// A full 3×3 convolution: Table 2's "Conv 3×3".
    pub const CONV_3X3: LayerKind = LayerKind::Conv(Kernel::square(3));
    /// A depthwise 3×3 convolution: Table 2's "Conv DW 3×3".
    pub const DEPTHWISE_3X3: LayerKind = LayerKind::Depthwise(Kernel::square(3));

    /// The kernel, for convolutions.
    pub fn kernel(self) -> Option<Kernel> {
        match self {
            LayerKind::Conv(k) | LayerKind::Depthwise(k) | LayerKind::Grouped(k) => Some(k),
            _ => None,
        }
    }

    /// The coarse category its cost is counted under.
    pub fn category(self) -> Category {
        match self {
            LayerKind::Depthwise(_) => Category::Depthwise,
            LayerKind::Conv(k) | LayerKind::Grouped(k) if k.is_1x1() => Category::Pointwise,
            LayerKind::Conv(_) | LayerKind::Grouped(_) => Category::Standard,
            LayerKind::FullyConnected => Category::Dense,
            _ => Category::Other,
        }
    }

    /// The name the tables show, in the style of the MobileNet paper's Table 2:
    /// "Conv 1×1", "Conv DW 5×5", "Conv 7×7", "Fully connected".
    pub fn name(self) -> String {
        match self {
            LayerKind::Conv(k) => format!("Conv {k}"),
            LayerKind::Depthwise(k) => format!("Conv DW {k}"),
            LayerKind::Grouped(k) => format!("Conv grouped {k}"),
            LayerKind::FullyConnected => "Fully connected".to_string(),
            LayerKind::SqueezeExcite => "Squeeze-excitation".to_string(),
            LayerKind::Pool => "Pooling".to_string(),
            LayerKind::Add => "Residual add".to_string(),
            LayerKind::Split => "Channel split".to_string(),
            LayerKind::Shuffle => "Concat + shuffle".to_string(),
        }
    }

    /// A stable machine name: "conv1x1", "dw5x5", "conv7x7", "gconv3x3", "fc",
    /// "se", "pool", "add", "split", "shuffle".
    pub fn id(self) -> String {
        let kernel = |k: Kernel| format!("{}x{}", k.height, k.width);
        match self {
            LayerKind::Conv(k) => format!("conv{}", kernel(k)),
            LayerKind::Depthwise(k) => format!("dw{}", kernel(k)),
            LayerKind::Grouped(k) => format!("gconv{}", kernel(k)),
            LayerKind::FullyConnected => "fc".to_string(),
            LayerKind::SqueezeExcite => "se".to_string(),
            LayerKind::Pool => "pool".to_string(),
            LayerKind::Add => "add".to_string(),
            LayerKind::Split => "split".to_string(),
            LayerKind::Shuffle => "shuffle".to_string(),
        }
    }

    /// Table order: by category (Table 2's order), then role, then kernel size.
    fn sort_key(self) -> (usize, u8, Option<Kernel>) {
        let role = match self {
            LayerKind::Conv(_) => 0,
            LayerKind::Depthwise(_) => 1,
            LayerKind::Grouped(_) => 2,
            LayerKind::FullyConnected => 3,
            LayerKind::SqueezeExcite => 4,
            LayerKind::Pool => 5,
            LayerKind::Add => 6,
            LayerKind::Split => 7,
            LayerKind::Shuffle => 8,
        };
        (self.category() as usize, role, self.kernel())
    }
}

impl fmt::Display for LayerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

impl PartialOrd for LayerKind {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for LayerKind {
    /// Table 2's order: Conv 1×1, Conv DW 3×3, Conv 3×3, Fully connected; then the
    /// rest, smaller kernels first.
    fn cmp(&self, other: &Self) -> Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

/// Coarse categories for comparing networks: where the MACs go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// 1×1 convolutions (grouped 1×1 included) and ConvNeXt's per-position dense
    /// layers, which are 1×1 convolutions.
    Pointwise,
    /// Depthwise convolutions of any kernel size.
    Depthwise,
    /// Standard (and grouped) convolutions with a kernel larger than 1×1.
    Standard,
    /// Dense layers: the classifier and its hidden layers.
    Dense,
    /// Squeeze-and-excitation, and the rows with no cost (pooling, adds, shuffles).
    Other,
}

impl Category {
    /// All five, in Table 2's order.
    pub const ALL: [Category; 5] = [
        Category::Pointwise,
        Category::Depthwise,
        Category::Standard,
        Category::Dense,
        Category::Other,
    ];

    /// "Pointwise 1×1", "Depthwise", "Standard K×K", "Dense", "SE and other".
    pub fn name(self) -> &'static str {
        match self {
            Category::Pointwise => "Pointwise 1×1",
            Category::Depthwise => "Depthwise",
            Category::Standard => "Standard K×K",
            Category::Dense => "Dense",
            Category::Other => "SE and other",
        }
    }

    /// "pointwise", "depthwise", "standard", "dense", "other".
    pub fn id(self) -> &'static str {
        match self {
            Category::Pointwise => "pointwise",
            Category::Depthwise => "depthwise",
            Category::Standard => "standard",
            Category::Dense => "dense",
            Category::Other => "other",
        }
    }
}

/// Which normalisation a layer has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NormKind {
    /// BatchNorm: learnable γ and β, and the moving mean and variance (buffers in
    /// PyTorch, non-trainable weights in Keras).
    Batch,
    /// LayerNorm: learnable γ and β, no running statistics.
    Layer,
}

/// A normalisation attached to a layer, with the channels it normalises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Norm {
    /// BatchNorm or LayerNorm.
    pub kind: NormKind,
    /// Channels (one γ, β, ... per channel).
    pub channels: u64,
}

impl Norm {
    /// Learnable values: γ and β per channel.
    pub fn learnable(&self) -> u64 {
        self.channels.saturating_mul(2)
    }

    /// Running statistics: BatchNorm's moving mean and variance per channel.
    pub fn buffers(&self) -> u64 {
        match self.kind {
            NormKind::Batch => self.channels.saturating_mul(2),
            NormKind::Layer => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_the_kernel() {
        assert_eq!(LayerKind::CONV_1X1.name(), "Conv 1×1");
        assert_eq!(LayerKind::DEPTHWISE_3X3.name(), "Conv DW 3×3");
        assert_eq!(
            LayerKind::Depthwise(Kernel::square(5)).name(),
            "Conv DW 5×5"
        );
        assert_eq!(LayerKind::Depthwise(Kernel::square(7)).id(), "dw7x7");
        let tall = Kernel {
            height: 7,
            width: 1,
        };
        assert_eq!(LayerKind::Conv(tall).name(), "Conv 7×1");
        assert_eq!(LayerKind::Conv(tall).id(), "conv7x1");
    }

    #[test]
    fn table_2_order() {
        let mut kinds = vec![
            LayerKind::FullyConnected,
            LayerKind::CONV_3X3,
            LayerKind::Depthwise(Kernel::square(5)),
            LayerKind::DEPTHWISE_3X3,
            LayerKind::Add,
            LayerKind::CONV_1X1,
        ];
        kinds.sort();
        let names: Vec<String> = kinds.into_iter().map(LayerKind::name).collect();
        assert_eq!(
            names,
            [
                "Conv 1×1",
                "Conv DW 3×3",
                "Conv DW 5×5",
                "Conv 3×3",
                "Fully connected",
                "Residual add"
            ]
        );
    }

    #[test]
    fn categories() {
        assert_eq!(LayerKind::CONV_1X1.category(), Category::Pointwise);
        assert_eq!(
            LayerKind::Grouped(Kernel::square(1)).category(),
            Category::Pointwise
        );
        assert_eq!(LayerKind::CONV_3X3.category(), Category::Standard);
        assert_eq!(LayerKind::SqueezeExcite.category(), Category::Other);
        assert_eq!(LayerKind::FullyConnected.category(), Category::Dense);
    }
}
