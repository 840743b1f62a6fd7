//! Real numbers for a small layer: a deterministic input, depthwise filters and
//! pointwise weights (small integers), convolved in execution order. The animation
//! shows these; the tests check that depthwise then pointwise equals one standard
//! convolution with the kernel W[n, m] = P[n, m] · D[m].

use crate::cost::Layer;
use crate::layer::padding_before;

/// One multiply of a multiply-add: an input value (0 where it is padding) times a
/// weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Product {
    /// The input value.
    pub value: i64,
    /// The weight.
    pub weight: i64,
    /// Whether the input cell is padding.
    pub padding: bool,
}

/// Sum of value × weight over the products.
pub fn dot(products: &[Product]) -> i64 {
    products.iter().map(|p| p.value * p.weight).sum()
}

/// The largest layer that gets real numbers: sizes a person can read.
pub const MAX_SIDE: u64 = 16;
/// At most this many input, depthwise or output channels.
pub const MAX_CHANNELS: u64 = 8;

/// A small layer's numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    layer: Layer,
    /// Input, channel × row × column.
    input: Vec<i64>,
    /// Depthwise filters: depthwise channel × K_h × K_w.
    depthwise: Vec<i64>,
    /// Pointwise weights: output channel × depthwise channel.
    pointwise: Vec<i64>,
    pad_top: i64,
    pad_left: i64,
}

impl Example {
    /// Numbers for `layer`, or `None` when it is too big to show them
    /// (sides over [`MAX_SIDE`] or channels over [`MAX_CHANNELS`]).
    pub fn new(layer: &Layer) -> Option<Example> {
        let s = layer.spec();
        let md = layer.depthwise_channels();
        let small = s.height.max(s.width) <= MAX_SIDE
            && s.kernel_height.max(s.kernel_width) <= MAX_SIDE
            && s.in_channels.max(md).max(s.out_channels) <= MAX_CHANNELS;
        if !small {
            return None;
        }
        let (m, n, h, w) = (s.in_channels, s.out_channels, s.height, s.width);
        let (kh, kw) = (s.kernel_height, s.kernel_width);
        // Small, varied, deterministic integers: inputs 0..3, weights -1..2.
        let input = (0..m * h * w)
            .map(|i| {
                let (c, y, x) = (i / (h * w), i / w % h, i % w);
                ((3 * c + 2 * y + x) % 4) as i64
            })
            .collect();
        let depthwise = (0..md * kh * kw)
            .map(|i| {
                let (j, u, v) = (i / (kh * kw), i / kw % kh, i % kw);
                ((j + u + 2 * v) % 3) as i64 - 1
            })
            .collect();
        let pointwise = (0..n * md)
            .map(|i| {
                let (o, j) = (i / md, i % md);
                ((2 * o + j + 1) % 4) as i64 - 1
            })
            .collect();
        let out = layer.output();
        let pad = |input, output, kernel| {
            padding_before(input, output, kernel, s.stride, s.dilation, s.padding) as i64
        };
        Some(Example {
            layer: *layer,
            input,
            depthwise,
            pointwise,
            pad_top: pad(h, out.height, kh),
            pad_left: pad(w, out.width, kw),
        })
    }

    /// The layer.
    pub fn layer(&self) -> &Layer {
        &self.layer
    }

    /// Zero rows added above and columns added to the left of the input.
    pub fn padding(&self) -> (i64, i64) {
        (self.pad_top, self.pad_left)
    }

    /// Input value at (channel, row, column); 0 outside the input (padding).
    pub fn input(&self, channel: u64, row: i64, col: i64) -> i64 {
        let s = self.layer.spec();
        if row < 0 || col < 0 || row >= s.height as i64 || col >= s.width as i64 {
            return 0;
        }
        self.input[((channel * s.height + row as u64) * s.width + col as u64) as usize]
    }

    /// Depthwise weight of depthwise channel `j` at kernel cell (u, v).
    pub fn depthwise_weight(&self, j: u64, u: u64, v: u64) -> i64 {
        let s = self.layer.spec();
        self.depthwise[((j * s.kernel_height + u) * s.kernel_width + v) as usize]
    }

    /// Pointwise weight from depthwise channel `j` to output channel `n`.
    pub fn pointwise_weight(&self, n: u64, j: u64) -> i64 {
        self.pointwise[(n * self.layer.depthwise_channels() + j) as usize]
    }

    /// The equivalent standard kernel W[n, m, u, v] = Σ over the depthwise channels
    /// j of input channel m of P[n, j] · D[j, u, v] (with dm = 1: P[n, m] · D[m]).
    pub fn standard_weight(&self, n: u64, m: u64, u: u64, v: u64) -> i64 {
        let dm = self.layer.spec().depth_multiplier;
        (m * dm..(m + 1) * dm)
            .map(|j| self.pointwise_weight(n, j) * self.depthwise_weight(j, u, v))
            .sum()
    }

    /// Input row and column under kernel cell (u, v) for output (row, col).
    pub fn input_cell(&self, row: u64, col: u64, u: u64, v: u64) -> (i64, i64) {
        let s = self.layer.spec();
        (
            (row * s.stride + u * s.dilation) as i64 - self.pad_top,
            (col * s.stride + v * s.dilation) as i64 - self.pad_left,
        )
    }

    fn is_padding(&self, (row, col): (i64, i64)) -> bool {
        let s = self.layer.spec();
        row < 0 || col < 0 || row >= s.height as i64 || col >= s.width as i64
    }

    /// The K×K products of depthwise channel `j` at output (row, col), row-major.
    pub fn depthwise_products(&self, j: u64, row: u64, col: u64) -> Vec<Product> {
        let s = self.layer.spec();
        let m = j / s.depth_multiplier;
        let mut products = Vec::with_capacity((s.kernel_height * s.kernel_width) as usize);
        for u in 0..s.kernel_height {
            for v in 0..s.kernel_width {
                let cell = self.input_cell(row, col, u, v);
                products.push(Product {
                    value: self.input(m, cell.0, cell.1),
                    weight: self.depthwise_weight(j, u, v),
                    padding: self.is_padding(cell),
                });
            }
        }
        products
    }

    /// Depthwise output (the intermediate tensor) of channel `j` at (row, col).
    pub fn intermediate(&self, j: u64, row: u64, col: u64) -> i64 {
        dot(&self.depthwise_products(j, row, col))
    }

    /// The M·dm products of output channel `n` at (row, col) in the pointwise step.
    pub fn pointwise_products(&self, n: u64, row: u64, col: u64) -> Vec<Product> {
        (0..self.layer.depthwise_channels())
            .map(|j| Product {
                value: self.intermediate(j, row, col),
                weight: self.pointwise_weight(n, j),
                padding: false,
            })
            .collect()
    }

    /// Separable output of channel `n` at (row, col).
    pub fn output(&self, n: u64, row: u64, col: u64) -> i64 {
        dot(&self.pointwise_products(n, row, col))
    }

    /// The K×K×M products of the equivalent standard filter `n` at (row, col),
    /// channel by channel, each row-major.
    pub fn standard_products(&self, n: u64, row: u64, col: u64) -> Vec<Product> {
        let s = self.layer.spec();
        let mut products = Vec::new();
        for m in 0..s.in_channels {
            for u in 0..s.kernel_height {
                for v in 0..s.kernel_width {
                    let cell = self.input_cell(row, col, u, v);
                    products.push(Product {
                        value: self.input(m, cell.0, cell.1),
                        weight: self.standard_weight(n, m, u, v),
                        padding: self.is_padding(cell),
                    });
                }
            }
        }
        products
    }

    /// Standard-convolution output of channel `n` at (row, col) with the
    /// equivalent kernel: equal to [`Example::output`].
    pub fn standard_output(&self, n: u64, row: u64, col: u64) -> i64 {
        dot(&self.standard_products(n, row, col))
    }
}

/// "3·1 + 0·2 + … = 7": a multiply-add written out, shortened after `shown`
/// products. Negative weights are bracketed.
pub fn written_out(products: &[Product], shown: usize) -> String {
    let term = |p: &Product| {
        if p.weight < 0 {
            format!("{}·({})", p.value, p.weight)
        } else {
            format!("{}·{}", p.value, p.weight)
        }
    };
    let mut terms: Vec<String> = products.iter().take(shown).map(term).collect();
    if products.len() > shown {
        terms.push("…".to_string());
    }
    format!("{} = {}", terms.join(" + "), dot(products))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Bias, LayerSpec, Padding};

    fn example(spec: LayerSpec) -> Example {
        Example::new(&Layer::new(spec).unwrap()).unwrap()
    }

    #[test]
    fn separable_equals_the_equivalent_standard_kernel() {
        let variants = [
            LayerSpec::lecture_example(),
            LayerSpec {
                padding: Padding::Same,
                stride: 2,
                ..LayerSpec::lecture_example()
            },
            LayerSpec {
                depth_multiplier: 2,
                out_channels: 4,
                padding: Padding::Explicit(1),
                ..LayerSpec::lecture_example()
            },
            LayerSpec {
                dilation: 2,
                height: 7,
                width: 9,
                in_channels: 2,
                bias: Bias::Both,
                ..LayerSpec::lecture_example()
            },
        ];
        for spec in variants {
            let e = example(spec);
            let out = e.layer().output();
            for n in 0..out.channels {
                for row in 0..out.height {
                    for col in 0..out.width {
                        assert_eq!(
                            e.output(n, row, col),
                            e.standard_output(n, row, col),
                            "{spec:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn products_per_step_match_the_mac_counts() {
        let e = example(LayerSpec::lecture_example());
        let layer = e.layer();
        let positions = layer.output_positions();
        let dw: usize = (0..3).map(|j| e.depthwise_products(j, 0, 0).len()).sum();
        assert_eq!(dw as u64 * positions, layer.depthwise().macs);
        assert_eq!(
            e.pointwise_products(0, 0, 0).len() as u64 * 5 * positions,
            layer.pointwise().macs
        );
        assert_eq!(
            e.standard_products(0, 0, 0).len() as u64 * 5 * positions,
            layer.standard().macs
        );
    }

    #[test]
    fn padding_cells_are_zero_and_marked() {
        let e = example(LayerSpec {
            padding: Padding::Same,
            ..LayerSpec::lecture_example()
        });
        assert_eq!(e.padding(), (1, 1));
        let corner = e.depthwise_products(0, 0, 0);
        assert!(corner[0].padding && corner[0].value == 0);
        assert!(!corner[4].padding);
    }

    #[test]
    fn numbers_are_small_and_varied() {
        let e = example(LayerSpec::lecture_example());
        let values: std::collections::BTreeSet<i64> = (0..6).map(|x| e.input(1, 2, x)).collect();
        assert!(values.len() >= 3 && values.iter().all(|v| (0..4).contains(v)));
        assert!(Example::new(&Layer::new(LayerSpec::mobilenet_14x14x512()).unwrap()).is_none());
    }

    #[test]
    fn writes_out_a_multiply_add() {
        let p = |value, weight| Product {
            value,
            weight,
            padding: false,
        };
        assert_eq!(
            written_out(&[p(3, 1), p(0, 2), p(2, -1)], 9),
            "3·1 + 0·2 + 2·(-1) = 1"
        );
        assert_eq!(
            written_out(&[p(3, 1), p(0, 2), p(2, -1)], 2),
            "3·1 + 0·2 + … = 1"
        );
    }
}
