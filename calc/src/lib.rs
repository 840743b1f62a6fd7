//! Exact cost model of depthwise separable convolution.
//!
//! Counts the weights, biases, parameters and multiply-accumulates (MACs, the
//! papers' "Mult-Adds") of a standard convolution and of its depthwise separable
//! replacement, and of whole networks layer by layer ([`network`]: MobileNet v1,
//! v2 and v3, EfficientNet-B0, ShuffleNet v2, MnasNet, Xception, ConvNeXt-T, and
//! ResNet-50 and VGG-16 for reference), each reproducing its framework's published
//! parameter count exactly. Every count is an exact integer computed with checked
//! arithmetic: an overflow is an error, never a wrapped number, and no input makes
//! the crate panic.
//!
//! ```
//! use sepconv_calc::{Bias, Layer, LayerSpec};
//!
//! // The course forum's exercise: 3×3 kernel, 3 → 128 channels, bias on both halves.
//! let layer = Layer::new(LayerSpec::forum_exercise()).unwrap();
//! assert_eq!(layer.standard().params, 3584);
//! assert_eq!(layer.depthwise().params, 30);
//! assert_eq!(layer.pointwise().params, 512);
//! assert_eq!(layer.separable().params, 542);
//!
//! // Keras' SeparableConv2D has one bias, after the pointwise step.
//! let keras = LayerSpec { bias: Bias::PointwiseOnly, ..LayerSpec::forum_exercise() };
//! assert_eq!(Layer::new(keras).unwrap().separable().params, 539);
//!
//! // Who uses it: ConvNeXt-T's 7×7 depthwise layers, counted as torchvision does.
//! use sepconv_calc::network::{Category, Convention, NetworkConfig, NetworkId};
//! let convnext = NetworkConfig::new(NetworkId::ConvNeXtTiny).build().unwrap();
//! assert_eq!(convnext.totals(Convention::PyTorch).params, 28_589_128);
//! let depthwise = &convnext.by_category(Convention::PyTorch)[1];
//! assert_eq!(depthwise.category, Category::Depthwise);
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod cost;
mod derivation;
mod error;
pub mod example;
pub mod exercise;
pub mod factor;
pub mod format;
mod layer;
pub mod network;
mod notation;
mod ratio;

pub use cost::{Activations, Cost, Layer, Part, Traffic, BYTES_PER_VALUE};
pub use derivation::{Expr, Quantity, Step};
pub use error::{Field, LayerError, NetworkError};
pub use layer::{output_length, padding_before, Bias, LayerSpec, Padding, Shape};
pub use notation::{Notation, Symbol};
pub use ratio::Ratio;
