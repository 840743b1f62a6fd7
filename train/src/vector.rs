//! Sums and scaled additions over slices, in lanes, in a fixed order.

use crate::lanes::F32x4;

/// Σ x in a fixed order: lane l sums x[4i + l] for i = 0, 1, …; the lanes are then
/// added as `(l0 + l1) + (l2 + l3)`; the tail (len mod 4 values) follows in order.
pub fn sum(x: &[f32]) -> f32 {
    let mut acc = F32x4::zero();
    let chunks = x.chunks_exact(4);
    let tail = chunks.remainder();
    for c in chunks {
        acc = acc + F32x4::load(c);
    }
    tail.iter().fold(acc.sum(), |s, &v| s + v)
}

/// y += a·x, element by element (one product, one sum each).
pub fn axpy(a: f32, x: &[f32], y: &mut [f32]) {
    let av = F32x4::splat(a);
    let n = x.len().min(y.len());
    let (x, y) = (&x[..n], &mut y[..n]);
    let split = n - n % 4;
    for (xc, yc) in x[..split]
        .chunks_exact(4)
        .zip(y[..split].chunks_exact_mut(4))
    {
        F32x4::load(yc).add_mul(av, F32x4::load(xc)).store(yc);
    }
    for (xv, yv) in x[split..].iter().zip(y[split..].iter_mut()) {
        *yv += a * xv;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sum_order_is_the_documented_one() {
        // Lanes [1e8, 1, -1e8, 1] give (1e8 + 1) + (-1e8 + 1) = 0 in f32, then the
        // tail 3 and 0.5: 3.5. Summing left to right would give 4.5.
        let x = [1e8f32, 1.0, -1e8, 1.0, 3.0, 0.5];
        assert_eq!(sum(&x), 3.5);
        assert_eq!(sum(&[1.0, 2.0, 3.0, 4.0, 5.0]), 15.0);
        let mut y = [1.0f32; 6];
        axpy(2.0, &x, &mut y);
        assert_eq!(y, [2e8 + 1.0, 3.0, -2e8 + 1.0, 3.0, 7.0, 2.0]);
    }
}
