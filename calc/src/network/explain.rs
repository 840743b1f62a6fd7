//! A network row as the single layer that explains it on the page's calculator.

use super::kind::{Kernel, LayerKind};
use super::{Network, NetworkLayer};
use crate::layer::{Bias, LayerSpec, Padding};
use crate::Layer;

impl Network {
    /// The single layer that explains row `index` on the page's calculator.
    ///
    /// - A depthwise row of any kernel size, with its 1×1 partner (the next row
    ///   reading its output, squeeze-and-excitation rows skipped, as in MobileNet
    ///   v3 and EfficientNet; ConvNeXt's 1×1 expansion after its 7×7 depthwise
    ///   step and LayerNorm), as one separable layer. A depthwise row without a
    ///   partner loads as a separable layer with as many outputs as inputs.
    /// - A 1×1 row next to a depthwise step: its partner's separable layer (the
    ///   projection after it, or an expansion feeding it).
    /// - Any other convolution, dense layer or squeeze-and-excitation row: the
    ///   standard convolution it is (a dense layer as a 1×1 convolution on a 1×1
    ///   map).
    ///
    /// The layer keeps the row's kernel, stride and biases, so its counts are the
    /// rows' counts. Its padding is 'valid' or 'same', the two the page's controls
    /// offer: torchvision's explicit (K − 1)/2 gives the same output size as
    /// 'same' for odd kernels and loads as 'same', no padding as 'valid'. `None` for rows with nothing to explain (pooling,
    /// adds, split, shuffle, grouped convolutions), past the end, and for a layer
    /// the calculator cannot count exactly (a classifier for 4.6 × 10¹⁷ classes
    /// fits in the network's totals, but its separable comparison overflows).
    ///
    /// # Examples
    /// ```
    /// use sepconv_calc::network::{NetworkConfig, NetworkId};
    /// use sepconv_calc::Layer;
    /// let net = NetworkConfig::new(NetworkId::MobileNetV3Large).build().unwrap();
    /// let dw = net.layers.iter().position(|l| l.name == "block4/dw").unwrap();
    /// let spec = net.explain(dw).unwrap();
    /// assert_eq!((spec.kernel_height, spec.in_channels, spec.out_channels), (5, 72, 40));
    /// assert_eq!(Layer::new(spec).unwrap().depthwise().macs, net.layers[dw].macs);
    /// ```
    pub fn explain(&self, index: usize) -> Option<LayerSpec> {
        self.explaining(index)
            .filter(|spec| Layer::new(*spec).is_ok())
    }

    /// [`Network::explain`] before the check that the layer can be counted.
    fn explaining(&self, index: usize) -> Option<LayerSpec> {
        let row = self.layers.get(index)?;
        match row.kind {
            LayerKind::Depthwise(_) => Some(self.separable(row, self.pointwise_after(index))),
            LayerKind::Conv(kernel) if kernel.is_1x1() => {
                match self
                    .depthwise_before(index)
                    .or_else(|| self.depthwise_after(index))
                {
                    Some(depthwise) => self.explaining(depthwise),
                    None => Some(standard(row)),
                }
            }
            LayerKind::Conv(_) | LayerKind::FullyConnected | LayerKind::SqueezeExcite => {
                Some(standard(row))
            }
            LayerKind::Grouped(_)
            | LayerKind::Pool
            | LayerKind::Add
            | LayerKind::Split
            | LayerKind::Shuffle => None,
        }
    }

    /// The 1×1 partner of depthwise row `dw`: the next row that is not part of a
    /// squeeze-and-excitation block, if it is a 1×1 convolution of its output.
    fn pointwise_after(&self, dw: usize) -> Option<usize> {
        let output = self.layers.get(dw)?.output;
        let (index, row) = self
            .layers
            .iter()
            .enumerate()
            .skip(dw + 1)
            .find(|(_, l)| l.kind != LayerKind::SqueezeExcite)?;
        (row.kind == LayerKind::CONV_1X1 && row.input == output).then_some(index)
    }

    /// The depthwise row whose partner is 1×1 row `pw`.
    fn depthwise_before(&self, pw: usize) -> Option<usize> {
        let (index, row) = self
            .layers
            .iter()
            .enumerate()
            .take(pw)
            .rev()
            .find(|(_, l)| l.kind != LayerKind::SqueezeExcite)?;
        let is_partner =
            matches!(row.kind, LayerKind::Depthwise(_)) && self.pointwise_after(index) == Some(pw);
        is_partner.then_some(index)
    }

    /// The depthwise row that 1×1 row `expand` feeds directly, if any.
    fn depthwise_after(&self, expand: usize) -> Option<usize> {
        let output = self.layers.get(expand)?.output;
        let next = expand.checked_add(1)?;
        let row = self.layers.get(next)?;
        (matches!(row.kind, LayerKind::Depthwise(_)) && row.input == output).then_some(next)
    }

    /// Depthwise row `dw` and its partner as one separable layer.
    fn separable(&self, dw: &NetworkLayer, pw: Option<usize>) -> LayerSpec {
        let pw = pw.and_then(|i| self.layers.get(i));
        let bias = match (dw.bias > 0, pw.is_some_and(|p| p.bias > 0)) {
            (false, false) => Bias::None,
            (false, true) => Bias::PointwiseOnly,
            (true, _) => Bias::Both,
        };
        let depth_multiplier = (dw.output.channels / dw.input.channels.max(1)).max(1);
        LayerSpec {
            out_channels: pw.map_or(dw.output.channels, |p| p.output.channels),
            bias,
            depth_multiplier,
            ..standard(dw)
        }
    }
}

/// A row as the standard convolution it is.
fn standard(row: &NetworkLayer) -> LayerSpec {
    let kernel = row.kind.kernel().unwrap_or(Kernel::square(1));
    LayerSpec {
        kernel_height: kernel.height,
        kernel_width: kernel.width,
        in_channels: row.input.channels,
        out_channels: row.output.channels,
        height: row.input.height,
        width: row.input.width,
        stride: row.stride,
        padding: padding(row),
        dilation: 1,
        bias: if row.bias > 0 { Bias::Both } else { Bias::None },
        depth_multiplier: 1,
    }
}

/// The row's padding as 'valid' or 'same' where it is one of them in effect.
fn padding(row: &NetworkLayer) -> Padding {
    let stride = row.stride.max(1);
    let same_size = row.output.height == row.input.height.div_ceil(stride)
        && row.output.width == row.input.width.div_ceil(stride);
    match row.padding {
        Padding::Explicit(0) => Padding::Valid,
        Padding::Explicit(_) if same_size => Padding::Same,
        other => other,
    }
}
