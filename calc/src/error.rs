//! Typed errors with messages a student can act on.

use std::fmt;

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
    /// α is so small that a layer would have no channels.
    NoChannels {
        /// The value given.
        alpha: f64,
    },
    /// The input resolution is below the smallest supported (32).
    Resolution(u64),
    /// Zero classes.
    NoClasses,
    /// A count does not fit in 64 bits.
    Overflow,
}

impl fmt::Display for NetworkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NetworkError::Alpha { alpha, max } => {
                write!(f, "width multiplier α must be in (0, {max}], got {alpha}")
            }
            NetworkError::NoChannels { alpha } => {
                write!(
                    f,
                    "width multiplier α = {alpha} leaves a layer with no channels"
                )
            }
            NetworkError::Resolution(r) => {
                write!(f, "input resolution must be at least 32, got {r}")
            }
            NetworkError::NoClasses => f.write_str("the classifier needs at least 1 class"),
            NetworkError::Overflow => {
                f.write_str("the counts do not fit in 64-bit integers: resolution too large")
            }
        }
    }
}

impl std::error::Error for NetworkError {}

/// Checked multiplication of several factors; `None` on overflow.
pub(crate) fn product(factors: &[u64]) -> Option<u64> {
    factors.iter().try_fold(1u64, |acc, &x| acc.checked_mul(x))
}
