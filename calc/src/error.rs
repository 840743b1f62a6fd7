//! Typed errors with messages a student can act on.

use std::fmt;

use crate::format::short_number;

/// Which input of a layer an error is about, so a UI can show the message next to
/// the control that causes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Field {
    /// Kernel height or width.
    Kernel,
    /// Input channels M.
    InChannels,
    /// Output channels N.
    OutChannels,
    /// Input height.
    Height,
    /// Input width.
    Width,
    /// Stride.
    Stride,
    /// Explicit padding.
    Padding,
    /// Dilation.
    Dilation,
    /// Depth multiplier of the depthwise step.
    DepthMultiplier,
    /// Number of groups of a grouped convolution.
    Groups,
}

impl Field {
    /// A short human name ("input channels").
    pub fn name(self) -> &'static str {
        match self {
            Field::Kernel => "kernel size",
            Field::InChannels => "input channels",
            Field::OutChannels => "output channels",
            Field::Height => "input height",
            Field::Width => "input width",
            Field::Stride => "stride",
            Field::Padding => "padding",
            Field::Dilation => "dilation",
            Field::DepthMultiplier => "depth multiplier",
            Field::Groups => "groups",
        }
    }
}

/// Why a layer cannot be built or counted.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LayerError {
    /// A size that must be at least 1 was 0.
    Zero(Field),
    /// The (dilated) kernel does not fit in the padded input along one axis.
    KernelTooLarge {
        /// [`Field::Height`] or [`Field::Width`].
        axis: Field,
        /// Dilated kernel extent d·(K − 1) + 1 along that axis.
        extent: u64,
        /// Input size plus padding along that axis.
        padded: u64,
    },
    /// The number of groups does not divide both channel counts.
    GroupsDoNotDivide {
        /// Requested groups.
        groups: u64,
        /// Input channels M.
        in_channels: u64,
        /// Output channels N.
        out_channels: u64,
    },
    /// A count does not fit in 64 bits: the layer is too large to count exactly.
    Overflow,
}

impl LayerError {
    /// The input the error is about, if it is about one.
    pub fn field(&self) -> Option<Field> {
        match self {
            LayerError::Zero(field) => Some(*field),
            LayerError::KernelTooLarge { .. } => Some(Field::Kernel),
            LayerError::GroupsDoNotDivide { .. } => Some(Field::Groups),
            LayerError::Overflow => None,
        }
    }
}

impl fmt::Display for LayerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LayerError::Zero(field) => write!(f, "the {} must be at least 1", field.name()),
            LayerError::KernelTooLarge {
                axis,
                extent,
                padded,
            } => write!(
                f,
                "the kernel spans {extent} cells but the padded {} is only {padded}: \
                 use a smaller kernel, a larger input or 'same' padding",
                axis.name()
            ),
            LayerError::GroupsDoNotDivide {
                groups,
                in_channels,
                out_channels,
            } => write!(
                f,
                "{groups} groups must divide both the input channels ({in_channels}) \
                 and the output channels ({out_channels})"
            ),
            LayerError::Overflow => f.write_str(
                "the counts do not fit in 64-bit integers: this layer is too large to count exactly",
            ),
        }
    }
}

impl std::error::Error for LayerError {}

/// Why a whole network cannot be built.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum NetworkError {
    /// The width multiplier is outside the range the model accepts.
    Alpha {
        /// The value given.
        alpha: f64,
        /// Largest accepted value (the smallest is just above 0).
        max: f64,
    },
    /// The model is defined at a few width multipliers only (ShuffleNet v2).
    AlphaNotOffered {
        /// The value given.
        alpha: f64,
        /// The values the model is defined at.
        offered: &'static [f64],
    },
    /// α is so small that a layer would have no channels.
    NoChannels {
        /// The value given.
        alpha: f64,
    },
    /// The input resolution is below the smallest the model supports.
    Resolution {
        /// The value given.
        got: u64,
        /// The smallest supported.
        min: u64,
    },
    /// Zero classes.
    NoClasses,
    /// An option the network does not have (α for ResNet-50, a variant for
    /// anything but MobileNet v1).
    NotApplicable {
        /// Which option.
        option: NetworkOption,
        /// The network's display name.
        network: &'static str,
    },
    /// A count does not fit in 64 bits.
    Overflow(Overflow),
}

/// An option of a network configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NetworkOption {
    /// The width multiplier α.
    Alpha,
    /// MobileNet v1's variants (full convolutions, shallow).
    Variant,
}

impl NetworkOption {
    /// "width multiplier α", "variant".
    pub fn name(self) -> &'static str {
        match self {
            NetworkOption::Alpha => "width multiplier α",
            NetworkOption::Variant => "variant",
        }
    }
}

/// What made a network's counts overflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Overflow {
    /// The input resolution (the feature maps are too large).
    Resolution,
    /// The number of classes (the classifier is too large).
    Classes,
    /// Neither alone, both together.
    Both,
}

impl fmt::Display for NetworkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NetworkError::Alpha { alpha, max } => write!(
                f,
                "width multiplier α must be in (0, {}], got {}",
                short_number(*max),
                short_number(*alpha)
            ),
            NetworkError::AlphaNotOffered { alpha, offered } => {
                let list: Vec<String> = offered.iter().map(|a| format!("{a:.1}")).collect();
                write!(
                    f,
                    "this network is defined only at α = {}, got {}",
                    list.join(", "),
                    short_number(*alpha)
                )
            }
            NetworkError::NoChannels { alpha } => write!(
                f,
                "width multiplier α = {} leaves a layer with no channels",
                short_number(*alpha)
            ),
            NetworkError::Resolution { got, min } => {
                write!(f, "input resolution must be at least {min}, got {got}")
            }
            NetworkError::NoClasses => f.write_str("the classifier needs at least 1 class"),
            NetworkError::NotApplicable { option, network } => {
                write!(f, "{network} has no {}", option.name())
            }
            NetworkError::Overflow(cause) => {
                f.write_str("the counts do not fit in 64-bit integers: ")?;
                f.write_str(match cause {
                    Overflow::Resolution => "the input resolution is too large",
                    Overflow::Classes => "too many classes",
                    Overflow::Both => {
                        "the resolution and the number of classes are too large together"
                    }
                })
            }
        }
    }
}

impl std::error::Error for NetworkError {}

/// Checked multiplication of several factors; `None` on overflow.
pub(crate) fn product(factors: &[u64]) -> Option<u64> {
    factors.iter().try_fold(1u64, |acc, &x| acc.checked_mul(x))
}
