//! A batch of feature maps, channel-major ("CNHW").

/// A batch of feature maps stored channel-major: `data[((c·N + n)·H + y)·W + x]`.
///
/// Channel-major (CNHW rather than the usual NCHW) makes a convolution over the
/// whole batch one matrix product: the N·H·W positions of a channel are one row,
/// so a pointwise convolution is `W[out][in] · X[in][N·H·W]` with no reshaping, and
/// a standard one is the same product over im2col's rows. For one image (N = 1) it
/// is the familiar CHW.
#[derive(Debug, Clone, PartialEq)]
pub struct Tensor {
    /// Channels.
    pub channels: usize,
    /// Images in the batch.
    pub batch: usize,
    /// Rows.
    pub height: usize,
    /// Columns.
    pub width: usize,
    /// The values, `channels · batch · height · width` of them.
    pub data: Vec<f32>,
}

impl Tensor {
    /// All zeros.
    pub fn zeros(channels: usize, batch: usize, height: usize, width: usize) -> Tensor {
        Tensor {
            channels,
            batch,
            height,
            width,
            data: vec![0.0; channels * batch * height * width],
        }
    }

    /// Wraps `data` (panics if its length does not match the shape).
    pub fn from_vec(
        channels: usize,
        batch: usize,
        height: usize,
        width: usize,
        data: Vec<f32>,
    ) -> Tensor {
        assert_eq!(data.len(), channels * batch * height * width, "tensor size");
        Tensor {
            channels,
            batch,
            height,
            width,
            data,
        }
    }

    /// Values in one map, H·W.
    pub fn plane(&self) -> usize {
        self.height * self.width
    }

    /// Values per channel over the batch, N·H·W.
    pub fn row(&self) -> usize {
        self.batch * self.plane()
    }

    /// Index of (c, n, y, x).
    pub fn index(&self, c: usize, n: usize, y: usize, x: usize) -> usize {
        ((c * self.batch + n) * self.height + y) * self.width + x
    }

    /// The map of channel `c` of image `n`.
    pub fn map(&self, c: usize, n: usize) -> &[f32] {
        let start = (c * self.batch + n) * self.plane();
        &self.data[start..start + self.plane()]
    }
}
