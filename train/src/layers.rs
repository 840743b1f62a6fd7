//! The layers without weights: ReLU, 2×2 max pooling, global average pooling.

use crate::lanes::F32x4;
use crate::tensor::Tensor;

/// max(x, 0), element-wise; the gradient passes where the output is positive.
#[derive(Debug, Clone, Default)]
pub struct Relu {
    output: Vec<f32>,
}

impl Relu {
    /// Forward pass, in place (keeps a copy of its output for the backward pass).
    pub fn forward(&mut self, input: Tensor) -> Tensor {
        let mut out = input;
        let split = out.data.len() - out.data.len() % 4;
        for c in out.data[..split].chunks_exact_mut(4) {
            F32x4::load(c).relu().store(c);
        }
        for v in &mut out.data[split..] {
            *v = if *v > 0.0 { *v } else { 0.0 };
        }
        self.output.clone_from(&out.data);
        out
    }

    /// ∂loss/∂input from ∂loss/∂output, in place.
    pub fn backward(&self, grad_out: Tensor) -> Tensor {
        let mut grad = grad_out;
        for (g, &y) in grad.data.iter_mut().zip(&self.output) {
            if y <= 0.0 {
                *g = 0.0;
            }
        }
        grad
    }
}

/// 2×2 max pooling with stride 2 (an odd last row or column is dropped, as
/// 'valid' pooling does). Ties go to the first of the window in row order.
#[derive(Debug, Clone, Default)]
pub struct MaxPool2 {
    /// Index into the input of each output's maximum.
    argmax: Vec<usize>,
    input_shape: (usize, usize, usize, usize),
}

impl MaxPool2 {
    /// Output size for an input of `h × w`.
    pub fn output_size(h: usize, w: usize) -> (usize, usize) {
        (h / 2, w / 2)
    }

    /// Forward pass.
    pub fn forward(&mut self, input: &Tensor) -> Tensor {
        let (oh, ow) = Self::output_size(input.height, input.width);
        let mut out = Tensor::zeros(input.channels, input.batch, oh, ow);
        self.argmax.clear();
        self.argmax.reserve(out.data.len());
        self.input_shape = (input.channels, input.batch, input.height, input.width);
        for c in 0..input.channels {
            for n in 0..input.batch {
                for y in 0..oh {
                    for x in 0..ow {
                        let mut best = input.index(c, n, 2 * y, 2 * x);
                        for (dy, dx) in [(0, 1), (1, 0), (1, 1)] {
                            let i = input.index(c, n, 2 * y + dy, 2 * x + dx);
                            if input.data[i] > input.data[best] {
                                best = i;
                            }
                        }
                        let o = out.index(c, n, y, x);
                        out.data[o] = input.data[best];
                        self.argmax.push(best);
                    }
                }
            }
        }
        out
    }

    /// Routes each output gradient to its window's maximum.
    pub fn backward(&self, grad_out: &Tensor) -> Tensor {
        let (c, n, h, w) = self.input_shape;
        let mut grad = Tensor::zeros(c, n, h, w);
        for (&i, &g) in self.argmax.iter().zip(&grad_out.data) {
            grad.data[i] += g;
        }
        grad
    }
}

/// The mean of each map: C × N × H × W → C × N × 1 × 1.
#[derive(Debug, Clone, Default)]
pub struct GlobalAvgPool {
    input_shape: (usize, usize, usize, usize),
}

impl GlobalAvgPool {
    /// Forward pass: each map's [`crate::vector::sum`] times 1/(H·W).
    pub fn forward(&mut self, input: &Tensor) -> Tensor {
        self.input_shape = (input.channels, input.batch, input.height, input.width);
        let scale = 1.0 / input.plane() as f32;
        let data = input
            .data
            .chunks_exact(input.plane())
            .map(|map| crate::vector::sum(map) * scale)
            .collect();
        Tensor::from_vec(input.channels, input.batch, 1, 1, data)
    }

    /// Spreads each gradient evenly over its map.
    pub fn backward(&self, grad_out: &Tensor) -> Tensor {
        let (c, n, h, w) = self.input_shape;
        let scale = 1.0 / (h * w) as f32;
        let mut data = Vec::with_capacity(c * n * h * w);
        for &g in &grad_out.data {
            data.extend(std::iter::repeat_n(g * scale, h * w));
        }
        Tensor::from_vec(c, n, h, w, data)
    }
}
