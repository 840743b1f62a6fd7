//! Grouped 2-D convolution: standard (1 group), depthwise (one group per input
//! channel, with a depth multiplier) and pointwise (1×1), forward and backward.
//!
//! Layouts: activations are [`Tensor`]s (channel-major, CNHW); weights are
//! `[out][in / groups][K][K]` (PyTorch's OIHW); one bias per output channel.
//!
//! Two kernels, one for each shape of work, and no other implementation:
//! - **matrix product** for standard, grouped and pointwise convolutions: im2col
//!   writes the K²·M/g input values each output position sees as the rows of a
//!   matrix (skipped for 1×1 kernels with stride 1, where the input already is that
//!   matrix), then [`gemm`] multiplies the weights by it, the whole batch at once;
//! - **direct** for depthwise convolution (one K×K filter per channel): the input map
//!   is copied once into a zero-padded buffer split by column phase (so stride 2 reads
//!   are contiguous too), and each output row is computed in lanes of four.
//!
//! Every output value is `(Σ weight·input) + bias`, the sum over the filter's taps
//! in (channel, row, column) order starting from zero, whichever kernel computes it,
//! so both equal [`reference::conv2d`] exactly.

use sepconv_calc::Field;

use crate::error::Error;
use crate::gemm::{gemm, gemm_nt, transpose};
use crate::lanes::F32x4;
use crate::tensor::Tensor;
use crate::vector::{axpy, sum};

/// How the input is padded (TensorFlow's two modes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Padding {
    /// No padding: the kernel stays inside the input.
    Valid,
    /// Output size ⌈input / stride⌉, zeros added as needed, the odd one after.
    Same,
}

impl Padding {
    /// The calculator's name for it.
    pub fn to_calc(self) -> sepconv_calc::Padding {
        match self {
            Padding::Valid => sepconv_calc::Padding::Valid,
            Padding::Same => sepconv_calc::Padding::Same,
        }
    }
}

/// What a convolution computes, before any weights exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ConvShape {
    /// Kernel side K (square kernels).
    pub kernel: usize,
    /// Input channels M.
    pub in_channels: usize,
    /// Output channels N.
    pub out_channels: usize,
    /// Groups g: 1 standard, M depthwise.
    pub groups: usize,
    /// Stride s, the same along both axes.
    pub stride: usize,
    /// Padding.
    pub padding: Padding,
    /// Input height.
    pub height: usize,
    /// Input width.
    pub width: usize,
}

/// Output size and padding of a validated [`ConvShape`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Geometry {
    /// Output height.
    pub out_height: usize,
    /// Output width.
    pub out_width: usize,
    /// Zero rows added above.
    pub pad_top: usize,
    /// Zero columns added on the left.
    pub pad_left: usize,
    /// Padded input height (rows above, input, rows below).
    pub padded_height: usize,
    /// Padded input width.
    pub padded_width: usize,
}

impl ConvShape {
    /// The calculator's description of this convolution, with `out_channels`
    /// outputs and `depth_multiplier` (a depthwise step given its pointwise
    /// partner's outputs describes the separable pair) and biases as `bias`.
    pub fn calc_spec(
        &self,
        out_channels: usize,
        depth_multiplier: usize,
        bias: sepconv_calc::Bias,
    ) -> sepconv_calc::LayerSpec {
        sepconv_calc::LayerSpec {
            kernel_height: self.kernel as u64,
            kernel_width: self.kernel as u64,
            in_channels: self.in_channels as u64,
            out_channels: out_channels as u64,
            height: self.height as u64,
            width: self.width as u64,
            stride: self.stride as u64,
            padding: self.padding.to_calc(),
            dilation: 1,
            bias,
            depth_multiplier: depth_multiplier as u64,
        }
    }

    /// A standard convolution, K×K, M → N channels.
    pub fn standard(
        kernel: usize,
        in_channels: usize,
        out_channels: usize,
        (height, width): (usize, usize),
        stride: usize,
        padding: Padding,
    ) -> ConvShape {
        ConvShape {
            kernel,
            in_channels,
            out_channels,
            groups: 1,
            stride,
            padding,
            height,
            width,
        }
    }

    /// A depthwise convolution: one K×K filter per input channel and per unit of
    /// the depth multiplier, M → M·multiplier channels.
    pub fn depthwise(
        kernel: usize,
        channels: usize,
        multiplier: usize,
        (height, width): (usize, usize),
        stride: usize,
        padding: Padding,
    ) -> ConvShape {
        ConvShape {
            kernel,
            in_channels: channels,
            out_channels: channels * multiplier,
            groups: channels,
            stride,
            padding,
            height,
            width,
        }
    }

    /// A pointwise (1×1, stride 1) convolution, M → N channels.
    pub fn pointwise(in_channels: usize, out_channels: usize, size: (usize, usize)) -> ConvShape {
        ConvShape::standard(1, in_channels, out_channels, size, 1, Padding::Valid)
    }

    /// Whether the direct depthwise kernel computes it (one group per input
    /// channel, more than one channel); otherwise the matrix product does.
    pub fn is_depthwise(&self) -> bool {
        self.groups == self.in_channels && self.groups > 1
    }

    /// Kernel weights: N · (M / g) · K² (for a shape [`ConvShape::geometry`]
    /// accepted, so that it fits).
    pub fn weights(&self) -> usize {
        self.out_channels * (self.in_channels / self.groups.max(1)) * self.kernel * self.kernel
    }

    /// Kernel weights counted in u64 with overflow checks (`None` on overflow):
    /// safe for any shape, on 32-bit targets too.
    pub fn checked_weights(&self) -> Option<u64> {
        [
            self.out_channels,
            self.in_channels / self.groups.max(1),
            self.kernel,
            self.kernel,
        ]
        .iter()
        .try_fold(1u64, |a, &b| a.checked_mul(b as u64))
    }

    /// Checks the shape and computes its output size and padding with the
    /// calculator's formulas ([`sepconv_calc::output_length`],
    /// [`sepconv_calc::padding_before`]).
    ///
    /// # Errors
    /// [`Error::Layer`] for a zero size, channels not divisible by the groups, or a
    /// kernel larger than the padded input.
    pub fn geometry(&self) -> Result<Geometry, Error> {
        let fields = [
            (self.kernel, "kernel"),
            (self.in_channels, "input channels"),
            (self.out_channels, "output channels"),
            (self.groups, "groups"),
            (self.stride, "stride"),
            (self.height, "height"),
            (self.width, "width"),
        ];
        if let Some((_, name)) = fields.iter().find(|(v, _)| *v == 0) {
            return Err(Error::Layer(format!("the {name} must be at least 1")));
        }
        if !self.in_channels.is_multiple_of(self.groups)
            || !self.out_channels.is_multiple_of(self.groups)
        {
            return Err(Error::Layer(format!(
                "{} → {} channels cannot be split into {} groups",
                self.in_channels, self.out_channels, self.groups
            )));
        }
        let axis = |field: Field, input: usize| -> Result<(usize, usize, usize), Error> {
            let (i, k, s) = (input as u64, self.kernel as u64, self.stride as u64);
            let p = self.padding.to_calc();
            let out = sepconv_calc::output_length(field, i, k, s, 1, p)
                .map_err(|e| Error::Layer(e.to_string()))?;
            let before = sepconv_calc::padding_before(i, out, k, s, 1, p);
            let needed = (out - 1) * s + k;
            let padded = needed.max(i + before);
            Ok((out as usize, before as usize, padded as usize))
        };
        let (out_height, pad_top, padded_height) = axis(Field::Height, self.height)?;
        let (out_width, pad_left, padded_width) = axis(Field::Width, self.width)?;
        Ok(Geometry {
            out_height,
            out_width,
            pad_top,
            pad_left,
            padded_height,
            padded_width,
        })
    }

    /// Multiply-accumulates for one image: one per kernel weight per output
    /// position (the calculator's convention).
    ///
    /// # Errors
    /// As [`ConvShape::geometry`].
    pub fn macs_per_image(&self) -> Result<u64, Error> {
        let g = self.geometry()?;
        self.checked_weights()
            .and_then(|w| w.checked_mul(g.out_height as u64))
            .and_then(|w| w.checked_mul(g.out_width as u64))
            .ok_or_else(|| Error::Layer("the layer's MACs overflow".into()))
    }
}

/// A trainable tensor and its gradient.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Values.
    pub value: Vec<f32>,
    /// ∂loss/∂value from the last backward pass.
    pub grad: Vec<f32>,
}

impl Param {
    /// `len` zeros.
    pub fn zeros(len: usize) -> Param {
        Param {
            value: vec![0.0; len],
            grad: vec![0.0; len],
        }
    }
}

/// What the forward pass keeps for the backward pass.
#[derive(Debug, Clone, Default)]
enum Saved {
    #[default]
    Nothing,
    /// im2col's matrix per group, [group][K²·M/g][N·H′·W′], or the input itself
    /// for a 1×1 stride-1 kernel.
    Columns(Vec<f32>),
    /// The depthwise kernel's padded phase planes of the input.
    Planes(Vec<f32>),
}

/// A convolution layer with its weights, bias and scratch space.
#[derive(Debug, Clone)]
pub struct Conv2d {
    shape: ConvShape,
    geometry: Geometry,
    /// Weights, `[out][in / groups][K][K]`.
    pub weight: Param,
    /// One bias per output channel.
    pub bias: Param,
    saved: Saved,
    batch: usize,
    macs: u64,
}

impl Conv2d {
    /// A layer with zero weights and biases (see [`crate::rng::he_uniform`]).
    ///
    /// # Errors
    /// As [`ConvShape::geometry`].
    pub fn new(shape: ConvShape) -> Result<Conv2d, Error> {
        let geometry = shape.geometry()?;
        let fits = shape
            .checked_weights()
            .is_some_and(|w| usize::try_from(w).is_ok_and(|w| w <= isize::MAX as usize / 4));
        if !fits {
            return Err(Error::Layer("the kernel does not fit in memory".into()));
        }
        Ok(Conv2d {
            shape,
            geometry,
            weight: Param::zeros(shape.weights()),
            bias: Param::zeros(shape.out_channels),
            saved: Saved::Nothing,
            batch: 0,
            macs: 0,
        })
    }

    /// The shape it was built from.
    pub fn shape(&self) -> &ConvShape {
        &self.shape
    }

    /// Its output size and padding.
    pub fn geometry(&self) -> &Geometry {
        &self.geometry
    }

    /// Fan-in of one output value (for initialisation): K² · M / g.
    pub fn fan_in(&self) -> usize {
        self.shape.kernel * self.shape.kernel * self.shape.in_channels / self.shape.groups
    }

    /// Multiply-accumulates done by forward passes since it was built, counted by
    /// the kernels as they run.
    pub fn macs(&self) -> u64 {
        self.macs
    }

    /// Forward pass over a batch; keeps what the backward pass needs.
    ///
    /// # Panics
    /// If the input's channels or size differ from the shape's.
    pub fn forward(&mut self, input: &Tensor) -> Tensor {
        let s = &self.shape;
        assert_eq!(
            (input.channels, input.height, input.width),
            (s.in_channels, s.height, s.width),
            "convolution input shape"
        );
        self.batch = input.batch;
        let g = self.geometry;
        let mut out = Tensor::zeros(s.out_channels, input.batch, g.out_height, g.out_width);
        if s.is_depthwise() {
            self.forward_depthwise(input, &mut out);
        } else {
            self.forward_gemm(input, &mut out);
        }
        let row = out.row();
        for (o, chunk) in out.data.chunks_exact_mut(row).enumerate() {
            let b = F32x4::splat(self.bias.value[o]);
            let split = row - row % 4;
            for c in chunk[..split].chunks_exact_mut(4) {
                (F32x4::load(c) + b).store(c);
            }
            for v in &mut chunk[split..] {
                *v += self.bias.value[o];
            }
        }
        out
    }

    /// Backward pass: sets the weight and bias gradients from `grad_out`
    /// (∂loss/∂output) and returns ∂loss/∂input when `input_grad` is true.
    ///
    /// # Panics
    /// If no forward pass preceded it or `grad_out` has the wrong shape.
    pub fn backward(&mut self, grad_out: &Tensor, input_grad: bool) -> Option<Tensor> {
        let g = self.geometry;
        assert_eq!(
            (
                grad_out.channels,
                grad_out.batch,
                grad_out.height,
                grad_out.width
            ),
            (
                self.shape.out_channels,
                self.batch,
                g.out_height,
                g.out_width
            ),
            "convolution gradient shape"
        );
        let row = grad_out.row();
        for (o, chunk) in grad_out.data.chunks_exact(row).enumerate() {
            self.bias.grad[o] = sum(chunk);
        }
        if self.shape.is_depthwise() {
            self.backward_depthwise(grad_out, input_grad)
        } else {
            self.backward_gemm(grad_out, input_grad)
        }
    }

    /// Input channels, output channels, K²·M/g rows of im2col, per group.
    fn group_sizes(&self) -> (usize, usize, usize) {
        let s = &self.shape;
        let cin = s.in_channels / s.groups;
        (cin, s.out_channels / s.groups, cin * s.kernel * s.kernel)
    }

    /// A 1×1 kernel with stride 1 reads the input as it is.
    fn input_is_columns(&self) -> bool {
        self.shape.kernel == 1 && self.shape.stride == 1
    }

    fn forward_gemm(&mut self, input: &Tensor, out: &mut Tensor) {
        let (cin, cout, rows) = self.group_sizes();
        let positions = out.row();
        let group_cols = rows * positions;
        let mut cols = match std::mem::take(&mut self.saved) {
            Saved::Columns(v) => v,
            _ => Vec::new(),
        };
        if self.input_is_columns() {
            cols.clear();
            cols.extend_from_slice(&input.data);
        } else {
            cols.resize(group_cols * self.shape.groups, 0.0);
            for (grp, group) in cols.chunks_exact_mut(group_cols).enumerate() {
                im2col(&self.shape, &self.geometry, input, grp * cin, group);
            }
        }
        let wlen = cout * rows;
        for grp in 0..self.shape.groups {
            gemm(
                cout,
                positions,
                rows,
                &self.weight.value[grp * wlen..(grp + 1) * wlen],
                &cols[grp * group_cols..(grp + 1) * group_cols],
                &mut out.data[grp * cout * positions..(grp + 1) * cout * positions],
                false,
            );
            self.macs += (cout * positions * rows) as u64;
        }
        self.saved = Saved::Columns(cols);
    }

    fn backward_gemm(&mut self, grad_out: &Tensor, input_grad: bool) -> Option<Tensor> {
        let (cin, cout, rows) = self.group_sizes();
        let positions = grad_out.row();
        let group_cols = rows * positions;
        let Saved::Columns(cols) = &self.saved else {
            panic!("backward before forward");
        };
        let wlen = cout * rows;
        let mut weight_t = vec![0.0; wlen];
        let mut grad_cols = vec![0.0; if input_grad { group_cols } else { 0 }];
        let s = self.shape;
        let mut grad_in =
            input_grad.then(|| Tensor::zeros(s.in_channels, self.batch, s.height, s.width));
        for grp in 0..s.groups {
            let dy = &grad_out.data[grp * cout * positions..(grp + 1) * cout * positions];
            // ∂W = ∂Y · colsᵀ: dot products over the batch's positions.
            gemm_nt(
                cout,
                rows,
                positions,
                dy,
                &cols[grp * group_cols..(grp + 1) * group_cols],
                &mut self.weight.grad[grp * wlen..(grp + 1) * wlen],
            );
            // ∂cols = Wᵀ · ∂Y, then col2im adds each column back where it came from.
            if let Some(grad_in) = grad_in.as_mut() {
                let w = &self.weight.value[grp * wlen..(grp + 1) * wlen];
                transpose(cout, rows, w, &mut weight_t);
                if self.input_is_columns() {
                    let dx = &mut grad_in.data[grp * cin * positions..(grp + 1) * cin * positions];
                    gemm(rows, positions, cout, &weight_t, dy, dx, false);
                } else {
                    gemm(rows, positions, cout, &weight_t, dy, &mut grad_cols, false);
                    col2im(&s, &self.geometry, &grad_cols, grp * cin, grad_in);
                }
            }
        }
        grad_in
    }

    fn forward_depthwise(&mut self, input: &Tensor, out: &mut Tensor) {
        let s = self.shape;
        let g = self.geometry;
        let multiplier = s.out_channels / s.in_channels;
        let plane_len = phase_plane_len(&s, &g);
        let mut planes = match std::mem::take(&mut self.saved) {
            Saved::Planes(v) => v,
            _ => Vec::new(),
        };
        planes.resize(plane_len * s.in_channels * input.batch, 0.0);
        let kk = s.kernel * s.kernel;
        let offsets = tap_offsets(&s, &g);
        for c in 0..s.in_channels {
            for n in 0..input.batch {
                let index = c * input.batch + n;
                let p = &mut planes[index * plane_len..(index + 1) * plane_len];
                fill_phase_planes(&s, &g, input.map(c, n), p);
                for j in 0..multiplier {
                    let o = c * multiplier + j;
                    let w = &self.weight.value[o * kk..(o + 1) * kk];
                    let plane = out.plane();
                    let start = (o * input.batch + n) * plane;
                    let map = &mut out.data[start..start + plane];
                    depthwise_map(&s, &g, &offsets, p, w, map);
                    self.macs += (kk * map.len()) as u64;
                }
            }
        }
        self.saved = Saved::Planes(planes);
    }

    fn backward_depthwise(&mut self, grad_out: &Tensor, input_grad: bool) -> Option<Tensor> {
        let s = self.shape;
        let g = self.geometry;
        let Saved::Planes(planes) = &self.saved else {
            panic!("backward before forward");
        };
        let multiplier = s.out_channels / s.in_channels;
        let plane_len = phase_plane_len(&s, &g);
        let kk = s.kernel * s.kernel;
        let batch = self.batch;
        for o in 0..s.out_channels {
            let c = o / multiplier;
            let maps = (0..batch).map(|n| {
                let index = c * batch + n;
                (
                    &planes[index * plane_len..(index + 1) * plane_len],
                    grad_out.map(o, n),
                )
            });
            depthwise_weight_grad(&s, &g, maps, &mut self.weight.grad[o * kk..(o + 1) * kk]);
        }
        if !input_grad {
            return None;
        }
        let mut grad_in = Tensor::zeros(s.in_channels, batch, s.height, s.width);
        let mut grad_planes = vec![0.0; plane_len];
        for c in 0..s.in_channels {
            for n in 0..batch {
                grad_planes.fill(0.0);
                for j in 0..multiplier {
                    let o = c * multiplier + j;
                    let w = &self.weight.value[o * kk..(o + 1) * kk];
                    depthwise_input_grad(&s, &g, grad_out.map(o, n), w, &mut grad_planes);
                }
                let start = (c * batch + n) * s.height * s.width;
                let map = &mut grad_in.data[start..start + s.height * s.width];
                fold_phase_planes(&s, &g, &grad_planes, map);
            }
        }
        Some(grad_in)
    }
}

/// Writes the im2col matrix of the group whose first input channel is `first`:
/// row (c, ky, kx), column (n, y, x) holds input[c][n][y·s + ky − top][x·s + kx − left]
/// or 0 in the padding.
fn im2col(s: &ConvShape, g: &Geometry, input: &Tensor, first: usize, cols: &mut [f32]) {
    let (k, stride) = (s.kernel, s.stride);
    let (oh, ow) = (g.out_height, g.out_width);
    let positions = input.batch * oh * ow;
    let cin = s.in_channels / s.groups;
    for c in 0..cin {
        for ky in 0..k {
            for kx in 0..k {
                let row = (c * k + ky) * k + kx;
                let dst = &mut cols[row * positions..(row + 1) * positions];
                let (x0, x1) = valid_range(ow, stride, kx, g.pad_left, s.width);
                for n in 0..input.batch {
                    let map = input.map(first + c, n);
                    for y in 0..oh {
                        let out = &mut dst[(n * oh + y) * ow..(n * oh + y + 1) * ow];
                        let iy = (y * stride + ky) as isize - g.pad_top as isize;
                        if iy < 0 || iy >= s.height as isize {
                            out.fill(0.0);
                            continue;
                        }
                        let src = &map[iy as usize * s.width..(iy as usize + 1) * s.width];
                        out[..x0].fill(0.0);
                        out[x1..].fill(0.0);
                        for (x, v) in out[x0..x1].iter_mut().enumerate() {
                            *v = src[(x0 + x) * stride + kx - g.pad_left];
                        }
                    }
                }
            }
        }
    }
}

/// Adds each column of `cols` back to the input position it was read from
/// (the transpose of [`im2col`]).
fn col2im(s: &ConvShape, g: &Geometry, cols: &[f32], first: usize, grad_in: &mut Tensor) {
    let (k, stride) = (s.kernel, s.stride);
    let (oh, ow) = (g.out_height, g.out_width);
    let batch = grad_in.batch;
    let positions = batch * oh * ow;
    let cin = s.in_channels / s.groups;
    let plane = s.height * s.width;
    for c in 0..cin {
        for ky in 0..k {
            for kx in 0..k {
                let row = (c * k + ky) * k + kx;
                let src = &cols[row * positions..(row + 1) * positions];
                let (x0, x1) = valid_range(ow, stride, kx, g.pad_left, s.width);
                for n in 0..batch {
                    let start = ((first + c) * batch + n) * plane;
                    let map = &mut grad_in.data[start..start + plane];
                    for y in 0..oh {
                        let iy = (y * stride + ky) as isize - g.pad_top as isize;
                        if iy < 0 || iy >= s.height as isize {
                            continue;
                        }
                        let dst = &mut map[iy as usize * s.width..(iy as usize + 1) * s.width];
                        let col = &src[(n * oh + y) * ow..(n * oh + y + 1) * ow];
                        for x in x0..x1 {
                            dst[x * stride + kx - g.pad_left] += col[x];
                        }
                    }
                }
            }
        }
    }
}

/// Output columns x whose input column x·s + kx − left lies inside [0, width).
fn valid_range(ow: usize, stride: usize, kx: usize, left: usize, width: usize) -> (usize, usize) {
    let x0 = left.saturating_sub(kx).div_ceil(stride).min(ow);
    let x1 = if width + left > kx {
        (width + left - kx).div_ceil(stride).min(ow)
    } else {
        0
    };
    (x0, x1.max(x0))
}

/// Columns of one phase plane: ⌈padded width / stride⌉.
fn phase_width(s: &ConvShape, g: &Geometry) -> usize {
    g.padded_width.div_ceil(s.stride)
}

/// Values in the phase planes of one input map: stride × padded height × phase width.
fn phase_plane_len(s: &ConvShape, g: &Geometry) -> usize {
    s.stride * g.padded_height * phase_width(s, g)
}

/// Copies a map into zero-padded phase planes: plane p holds the padded columns
/// p, p + s, p + 2s, …, so that output column x, tap kx reads plane kx mod s at
/// x + kx / s, contiguously for consecutive x whatever the stride.
fn fill_phase_planes(s: &ConvShape, g: &Geometry, map: &[f32], planes: &mut [f32]) {
    let wq = phase_width(s, g);
    let plane = g.padded_height * wq;
    planes.fill(0.0);
    for y in 0..s.height {
        let src = &map[y * s.width..(y + 1) * s.width];
        let row = y + g.pad_top;
        for (x, &v) in src.iter().enumerate() {
            let col = x + g.pad_left;
            planes[(col % s.stride) * plane + row * wq + col / s.stride] = v;
        }
    }
}

/// The transpose of [`fill_phase_planes`]: the interior of the padded planes back
/// into a map (which it overwrites).
fn fold_phase_planes(s: &ConvShape, g: &Geometry, planes: &[f32], map: &mut [f32]) {
    let wq = phase_width(s, g);
    let plane = g.padded_height * wq;
    for y in 0..s.height {
        let row = y + g.pad_top;
        for x in 0..s.width {
            let col = x + g.pad_left;
            map[y * s.width + x] = planes[(col % s.stride) * plane + row * wq + col / s.stride];
        }
    }
}

/// Where each tap (ky, kx) of output row 0 starts reading in the phase planes;
/// output row y reads `y · stride` padded rows further down.
fn tap_offsets(s: &ConvShape, g: &Geometry) -> Vec<usize> {
    let wq = phase_width(s, g);
    (0..s.kernel * s.kernel)
        .map(|t| {
            let (ky, kx) = (t / s.kernel, t % s.kernel);
            (kx % s.stride) * g.padded_height * wq + ky * wq + kx / s.stride
        })
        .collect()
}

/// Offset of output row `y` in the phase planes.
fn row_offset(s: &ConvShape, g: &Geometry, y: usize) -> usize {
    y * s.stride * phase_width(s, g)
}

/// One output map of a depthwise convolution (without bias): for each output row,
/// blocks of eight then four columns in lanes, the rest one by one; each value sums
/// its taps in (row, column) order.
fn depthwise_map(
    s: &ConvShape,
    g: &Geometry,
    offsets: &[usize],
    planes: &[f32],
    w: &[f32],
    out: &mut [f32],
) {
    let ow = g.out_width;
    let splat: Vec<F32x4> = w.iter().map(|&v| F32x4::splat(v)).collect();
    for (y, out_row) in out.chunks_exact_mut(ow).enumerate() {
        let base = row_offset(s, g, y);
        let mut x = 0;
        while x + 8 <= ow {
            let (mut a, mut b) = (F32x4::zero(), F32x4::zero());
            for (&offset, &wv) in offsets.iter().zip(&splat) {
                let row = &planes[base + offset + x..base + offset + x + 8];
                a = a.add_mul(wv, F32x4::load(row));
                b = b.add_mul(wv, F32x4::load(&row[4..]));
            }
            a.store(&mut out_row[x..]);
            b.store(&mut out_row[x + 4..]);
            x += 8;
        }
        while x + 4 <= ow {
            let mut a = F32x4::zero();
            for (&offset, &wv) in offsets.iter().zip(&splat) {
                a = a.add_mul(wv, F32x4::load(&planes[base + offset + x..]));
            }
            a.store(&mut out_row[x..]);
            x += 4;
        }
        for x in x..ow {
            let mut acc = 0.0;
            for (&offset, &wt) in offsets.iter().zip(w) {
                acc += wt * planes[base + offset + x];
            }
            out_row[x] = acc;
        }
    }
}

/// ∂W of one depthwise filter: for each tap, Σ over the batch's maps and positions
/// of ∂out · input, in lanes of four along each row (tails apart), then
/// `lanes.sum() + tail`.
fn depthwise_weight_grad<'a>(
    s: &ConvShape,
    g: &Geometry,
    maps: impl Iterator<Item = (&'a [f32], &'a [f32])>,
    grad_w: &mut [f32],
) {
    let ow = g.out_width;
    let split = ow - ow % 4;
    let offsets = tap_offsets(s, g);
    let mut lanes = vec![F32x4::zero(); offsets.len()];
    let mut tails = vec![0.0f32; offsets.len()];
    for (planes, dy) in maps {
        for (y, dy_row) in dy.chunks_exact(ow).enumerate() {
            let base = row_offset(s, g, y);
            for (t, &offset) in offsets.iter().enumerate() {
                let row = &planes[base + offset..base + offset + ow];
                let mut acc = lanes[t];
                for x in (0..split).step_by(4) {
                    acc = acc.add_mul(F32x4::load(&dy_row[x..]), F32x4::load(&row[x..]));
                }
                lanes[t] = acc;
                for x in split..ow {
                    tails[t] += dy_row[x] * row[x];
                }
            }
        }
    }
    for ((gw, l), t) in grad_w.iter_mut().zip(&lanes).zip(&tails) {
        *gw = l.sum() + t;
    }
}

/// Adds one output map's contribution to ∂(padded phase planes): each tap scatters
/// weight · ∂out back along the row it read.
fn depthwise_input_grad(
    s: &ConvShape,
    g: &Geometry,
    dy: &[f32],
    w: &[f32],
    grad_planes: &mut [f32],
) {
    let (k, ow) = (s.kernel, g.out_width);
    let wq = phase_width(s, g);
    for (y, dy_row) in dy.chunks_exact(ow).enumerate() {
        for (t, &wt) in w.iter().enumerate() {
            let (ky, kx) = (t / k, t % k);
            let start =
                (kx % s.stride) * g.padded_height * wq + (y * s.stride + ky) * wq + kx / s.stride;
            axpy(wt, dy_row, &mut grad_planes[start..start + ow]);
        }
    }
}

/// A direct, obviously correct convolution: the reference the fast kernels are
/// tested against. Slow; for tests only.
pub mod reference {
    use super::ConvShape;
    use crate::tensor::Tensor;

    /// out[o][n][y][x] = (Σ over the group's channels c, then ky, then kx of
    /// w[o][c][ky][kx] · in[c][n][y·s + ky − top][x·s + kx − left]) + bias[o],
    /// skipping taps in the padding.
    ///
    /// # Panics
    /// On an invalid shape or mismatched input.
    pub fn conv2d(s: &ConvShape, input: &Tensor, weight: &[f32], bias: &[f32]) -> Tensor {
        let g = s.geometry().expect("valid shape");
        let cin = s.in_channels / s.groups;
        let cout = s.out_channels / s.groups;
        let k = s.kernel;
        let mut out = Tensor::zeros(s.out_channels, input.batch, g.out_height, g.out_width);
        for o in 0..s.out_channels {
            let first = (o / cout) * cin;
            for n in 0..input.batch {
                for y in 0..g.out_height {
                    for x in 0..g.out_width {
                        let mut acc = 0.0f32;
                        for c in 0..cin {
                            for ky in 0..k {
                                for kx in 0..k {
                                    let iy = (y * s.stride + ky) as isize - g.pad_top as isize;
                                    let ix = (x * s.stride + kx) as isize - g.pad_left as isize;
                                    if iy < 0
                                        || ix < 0
                                        || iy >= s.height as isize
                                        || ix >= s.width as isize
                                    {
                                        continue;
                                    }
                                    let v = input.data
                                        [input.index(first + c, n, iy as usize, ix as usize)];
                                    acc += weight[((o * cin + c) * k + ky) * k + kx] * v;
                                }
                            }
                        }
                        let i = out.index(o, n, y, x);
                        out.data[i] = acc + bias[o];
                    }
                }
            }
        }
        out
    }
}
