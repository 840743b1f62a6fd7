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

/// The largest kernel side that gets real numbers: a filter a person can read.
pub const MAX_KERNEL: u64 = 11;
/// At most this many input (and depthwise) channels: every output value is
/// then made of numbers on the stage.
pub const MAX_CHANNELS: u64 = 8;

/// A layer's numbers: a deterministic input, depthwise filters and pointwise
/// weights (small integers), each a function of its position, so any layer
/// with few input channels has them, however many output channels or pixels
/// it has (only the values drawn are ever computed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    layer: Layer,
    pad_top: i64,
    pad_left: i64,
}

/// A well-mixed 64-bit hash of `x` (SplitMix64's finaliser).
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Digit `i` (base 4) of the `index`-th code of `digits` digits: the codes
/// index·A + B (mod 4^digits) with A odd are all different for index below
/// 4^digits, so no two filters built from them repeat.
fn code_digit(index: u64, digits: u64, i: u64) -> u64 {
    let bits = (2 * digits).min(62);
    let code = index
        .wrapping_mul(0x9e37_79b9_7f4a_7c15 | 1)
        .wrapping_add(0x2545_f491)
        & ((1u64 << bits) - 1);
    (code >> (2 * (i % 31))) & 3
}

impl Example {
    /// Numbers for `layer`, or `None` when they would not be readable or not
    /// all on the stage: a kernel wider than [`MAX_KERNEL`], or more than
    /// [`MAX_CHANNELS`] input or depthwise channels (an output value sums over
    /// all of them).
    pub fn new(layer: &Layer) -> Option<Example> {
        let s = layer.spec();
        let readable = s.kernel_height.max(s.kernel_width) <= MAX_KERNEL
            && s.in_channels.max(layer.depthwise_channels()) <= MAX_CHANNELS;
        if !readable {
            return None;
        }
        let out = layer.output();
        let pad = |input, output, kernel| {
            padding_before(input, output, kernel, s.stride, s.dilation, s.padding) as i64
        };
        Some(Example {
            layer: *layer,
            pad_top: pad(s.height, out.height, s.kernel_height),
            pad_left: pad(s.width, out.width, s.kernel_width),
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

    /// Input value at (channel, row, column), 0 to 3; 0 outside the input
    /// (padding).
    pub fn input(&self, channel: u64, row: i64, col: i64) -> i64 {
        let s = self.layer.spec();
        if row < 0 || col < 0 || row >= s.height as i64 || col >= s.width as i64 {
            return 0;
        }
        let cell = (channel.wrapping_mul(s.height) + row as u64)
            .wrapping_mul(s.width)
            .wrapping_add(col as u64);
        (mix(cell) % 4) as i64
    }

    /// Depthwise weight of depthwise channel `j` at kernel cell (u, v), −1 to
    /// 2; no two depthwise filters are the same.
    pub fn depthwise_weight(&self, j: u64, u: u64, v: u64) -> i64 {
        let s = self.layer.spec();
        let taps = s.kernel_height * s.kernel_width;
        code_digit(j, taps, u * s.kernel_width + v) as i64 - 1
    }

    /// Pointwise weight from depthwise channel `j` to output channel `n`: one
    /// of −1, 1, 2, 3, never 0 (a zero weight would make a whole slice of the
    /// equivalent standard filter zero); no two outputs' weights are the same
    /// while there are codes enough (4^(M·dm)).
    pub fn pointwise_weight(&self, n: u64, j: u64) -> i64 {
        let digits = self.layer.depthwise_channels();
        match code_digit(n.wrapping_add(7), digits, j) {
            0 => -1,
            d => d as i64,
        }
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
        // Few input channels: numbers, however many outputs and pixels.
        assert!(Example::new(&Layer::new(LayerSpec::forum_exercise()).unwrap()).is_some());
        let big = LayerSpec {
            height: 4096,
            width: 4096,
            out_channels: 2048,
            ..LayerSpec::lecture_example()
        };
        assert!(Example::new(&Layer::new(big).unwrap()).is_some());
    }

    #[test]
    fn filters_do_not_repeat() {
        for spec in [
            LayerSpec::lecture_example(),
            LayerSpec {
                in_channels: 8,
                out_channels: 64,
                ..LayerSpec::lecture_example()
            },
            LayerSpec {
                in_channels: 2,
                out_channels: 12,
                depth_multiplier: 2,
                ..LayerSpec::lecture_example()
            },
        ] {
            let e = example(spec);
            let (md, n) = (e.layer().depthwise_channels(), spec.out_channels);
            let depthwise: Vec<Vec<i64>> = (0..md)
                .map(|j| {
                    (0..9)
                        .map(|t| e.depthwise_weight(j, t / 3, t % 3))
                        .collect()
                })
                .collect();
            let pointwise: Vec<Vec<i64>> = (0..n)
                .map(|o| (0..md).map(|j| e.pointwise_weight(o, j)).collect())
                .collect();
            for (i, a) in depthwise.iter().enumerate() {
                assert!(
                    depthwise[i + 1..].iter().all(|b| a != b),
                    "{spec:?} depthwise {i}"
                );
                assert!(a.iter().all(|w| (-1..=2).contains(w)));
            }
            for (i, a) in pointwise.iter().enumerate() {
                assert!(
                    pointwise[i + 1..].iter().all(|b| a != b),
                    "{spec:?} pointwise {i}"
                );
                assert!(a.iter().all(|w| *w != 0 && (-1..=3).contains(w)));
            }
        }
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
