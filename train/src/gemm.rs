//! One blocked matrix product, C += A·B, vectorised along C's rows.
//!
//! Every convolution that is not depthwise, and the dense layer, is this product
//! (after im2col for kernels larger than 1×1). Its summation order is fixed and
//! simple: each `C[i][j]` starts from its current value and adds `A[i][p]·B[p][j]`
//! for p = 0, 1, …, k − 1 in turn, one rounding for the product and one for the
//! sum. The blocking (panels of B kept in cache, 4×8 tiles of C in registers) only
//! changes which values are in registers, never that order, so the result equals a
//! naive triple loop bit for bit, on every target.

use crate::lanes::F32x4;

/// Rows of C per register tile.
const MR: usize = 4;
/// Columns of C per register tile (two lanes of four).
const NR: usize = 8;
/// Depth of a panel of B (rows kept in cache while a column block is computed).
const KC: usize = 128;
/// Width of a panel of B.
const NC: usize = 512;

/// `C = A·B` (or `C += A·B` when `accumulate`), row-major: A is m×k, B is k×n, C is
/// m×n, each stored densely.
///
/// # Panics
/// If a slice is shorter than its matrix.
pub fn gemm(m: usize, n: usize, k: usize, a: &[f32], b: &[f32], c: &mut [f32], accumulate: bool) {
    assert!(a.len() >= m * k && b.len() >= k * n && c.len() >= m * n);
    if k == 0 {
        if !accumulate {
            c[..m * n].fill(0.0);
        }
        return;
    }
    for jc in (0..n).step_by(NC) {
        let columns = jc..(jc + NC).min(n);
        for pc in (0..k).step_by(KC) {
            // The first panel starts from zero unless accumulating.
            let shape = Shape {
                n,
                k,
                from_zero: pc == 0 && !accumulate,
            };
            let depth = pc..(pc + KC).min(k);
            let mut i = 0;
            while i + MR <= m {
                rows::<MR>(shape, i, columns.clone(), depth.clone(), a, b, c);
                i += MR;
            }
            while i < m {
                rows::<1>(shape, i, columns.clone(), depth.clone(), a, b, c);
                i += 1;
            }
        }
    }
}

/// Row lengths of B and C (n) and of A (k), and whether C's tiles start from
/// zero rather than from C.
#[derive(Clone, Copy)]
struct Shape {
    n: usize,
    k: usize,
    from_zero: bool,
}

/// Rows `i..i + R` of C, over `columns`, adding the terms p ∈ `depth`.
#[inline(always)]
fn rows<const R: usize>(
    shape: Shape,
    i: usize,
    columns: core::ops::Range<usize>,
    depth: core::ops::Range<usize>,
    a: &[f32],
    b: &[f32],
    c: &mut [f32],
) {
    let a_rows: [&[f32]; R] = core::array::from_fn(|r| {
        &a[(i + r) * shape.k + depth.start..(i + r) * shape.k + depth.end]
    });
    let b_panel = &b[depth.start * shape.n..depth.end * shape.n];
    let mut j = columns.start;
    while j + NR <= columns.end {
        tile::<R, 2>(shape, i, j, &a_rows, b_panel, c);
        j += NR;
    }
    while j + 4 <= columns.end {
        tile::<R, 1>(shape, i, j, &a_rows, b_panel, c);
        j += 4;
    }
    for j in j..columns.end {
        for (r, a_row) in a_rows.iter().enumerate() {
            let mut acc = if shape.from_zero {
                0.0
            } else {
                c[(i + r) * shape.n + j]
            };
            for (p, &av) in a_row.iter().enumerate() {
                acc += av * b_panel[p * shape.n + j];
            }
            c[(i + r) * shape.n + j] = acc;
        }
    }
}

/// One R × 4V tile of C held in registers while the panel's depth is added.
#[inline(always)]
fn tile<const R: usize, const V: usize>(
    shape: Shape,
    i: usize,
    j: usize,
    a_rows: &[&[f32]; R],
    b_panel: &[f32],
    c: &mut [f32],
) {
    let n = shape.n;
    let mut acc = [[F32x4::zero(); V]; R];
    if !shape.from_zero {
        for (r, row) in acc.iter_mut().enumerate() {
            for (v, lane) in row.iter_mut().enumerate() {
                *lane = F32x4::load(&c[(i + r) * n + j + 4 * v..]);
            }
        }
    }
    let depth = a_rows[0].len();
    for p in 0..depth {
        let b_row = &b_panel[p * n + j..p * n + j + 4 * V];
        let bv: [F32x4; V] = core::array::from_fn(|v| F32x4::load(&b_row[4 * v..]));
        for (r, row) in acc.iter_mut().enumerate() {
            let av = F32x4::splat(a_rows[r][p]);
            for (lane, &b) in row.iter_mut().zip(bv.iter()) {
                *lane = lane.add_mul(av, b);
            }
        }
    }
    for (r, row) in acc.iter().enumerate() {
        for (v, lane) in row.iter().enumerate() {
            lane.store(&mut c[(i + r) * n + j + 4 * v..]);
        }
    }
}

/// `C[i][j] = Σ_p A[i][p] · B[j][p]`: A (m×p) times B (n×p) transposed, the
/// weight gradient's shape (∂W = ∂Y · colsᵀ), vectorised along p.
///
/// Each value sums in a fixed order: lane l adds the terms p ≡ l (mod 4) of the
/// first ⌊p/4⌋·4 in turn, the lanes are added as `(l0 + l1) + (l2 + l3)`, then the
/// remaining terms in order; the result overwrites C.
///
/// # Panics
/// If a slice is shorter than its matrix.
pub fn gemm_nt(m: usize, n: usize, p: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
    assert!(a.len() >= m * p && b.len() >= n * p && c.len() >= m * n);
    let mut i = 0;
    while i + 4 <= m {
        dot_rows::<4>(n, p, i, a, b, c);
        i += 4;
    }
    while i < m {
        dot_rows::<1>(n, p, i, a, b, c);
        i += 1;
    }
}

/// Rows `i..i + R` of C for [`gemm_nt`], two columns at a time.
#[inline(always)]
fn dot_rows<const R: usize>(n: usize, p: usize, i: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
    let a_rows: [&[f32]; R] = core::array::from_fn(|r| &a[(i + r) * p..(i + r + 1) * p]);
    let mut j = 0;
    while j + 2 <= n {
        dot_tile::<R, 2>(n, p, i, j, &a_rows, b, c);
        j += 2;
    }
    if j < n {
        dot_tile::<R, 1>(n, p, i, j, &a_rows, b, c);
    }
}

/// An R × S block of C for [`gemm_nt`]: R·S lane accumulators along p.
#[inline(always)]
fn dot_tile<const R: usize, const S: usize>(
    n: usize,
    p: usize,
    i: usize,
    j: usize,
    a_rows: &[&[f32]; R],
    b: &[f32],
    c: &mut [f32],
) {
    let b_rows: [&[f32]; S] = core::array::from_fn(|s| &b[(j + s) * p..(j + s + 1) * p]);
    let mut acc = [[F32x4::zero(); S]; R];
    let split = p - p % 4;
    for q in (0..split).step_by(4) {
        let bv: [F32x4; S] = core::array::from_fn(|s| F32x4::load(&b_rows[s][q..]));
        for (row, a_row) in acc.iter_mut().zip(a_rows) {
            let av = F32x4::load(&a_row[q..]);
            for (lane, &bs) in row.iter_mut().zip(&bv) {
                *lane = lane.add_mul(av, bs);
            }
        }
    }
    for (r, row) in acc.iter().enumerate() {
        for (s, lane) in row.iter().enumerate() {
            let mut total = lane.sum();
            for q in split..p {
                total += a_rows[r][q] * b_rows[s][q];
            }
            c[(i + r) * n + j + s] = total;
        }
    }
}

/// `out[j][i] = m[i][j]` for an r×c matrix `m`.
pub fn transpose(rows: usize, cols: usize, m: &[f32], out: &mut [f32]) {
    assert!(m.len() >= rows * cols && out.len() >= rows * cols);
    const B: usize = 16;
    for i0 in (0..rows).step_by(B) {
        for j0 in (0..cols).step_by(B) {
            for i in i0..(i0 + B).min(rows) {
                for j in j0..(j0 + B).min(cols) {
                    out[j * rows + i] = m[i * cols + j];
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    fn naive(m: usize, n: usize, k: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
        for i in 0..m {
            for j in 0..n {
                let mut acc = c[i * n + j];
                for p in 0..k {
                    acc += a[i * k + p] * b[p * n + j];
                }
                c[i * n + j] = acc;
            }
        }
    }

    #[test]
    fn equals_the_naive_product_bit_for_bit() {
        let mut rng = Rng::new(11);
        for &(m, n, k) in &[
            (1, 1, 1),
            (5, 13, 7),
            (4, 8, 130),
            (9, 530, 260),
            (10, 3, 300),
        ] {
            let a: Vec<f32> = (0..m * k).map(|_| rng.symmetric(1.0)).collect();
            let b: Vec<f32> = (0..k * n).map(|_| rng.symmetric(1.0)).collect();
            let c0: Vec<f32> = (0..m * n).map(|_| rng.symmetric(1.0)).collect();
            let mut want = c0.clone();
            naive(m, n, k, &a, &b, &mut want);
            let mut got = c0.clone();
            gemm(m, n, k, &a, &b, &mut got, true);
            let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&got), bits(&want), "{m}×{n}×{k}");
            let mut fresh = vec![7.0; m * n];
            gemm(m, n, k, &a, &b, &mut fresh, false);
            let mut want0 = vec![0.0; m * n];
            naive(m, n, k, &a, &b, &mut want0);
            assert_eq!(bits(&fresh), bits(&want0));
        }
    }

    #[test]
    fn gemm_nt_follows_its_documented_order() {
        let mut rng = Rng::new(12);
        for &(m, n, p) in &[(1, 1, 1), (5, 3, 7), (4, 2, 8), (9, 11, 130)] {
            let a: Vec<f32> = (0..m * p).map(|_| rng.symmetric(1.0)).collect();
            let b: Vec<f32> = (0..n * p).map(|_| rng.symmetric(1.0)).collect();
            let mut got = vec![9.0; m * n];
            gemm_nt(m, n, p, &a, &b, &mut got);
            for i in 0..m {
                for j in 0..n {
                    let split = p - p % 4;
                    let mut lanes = [0.0f32; 4];
                    for q in 0..split {
                        lanes[q % 4] += a[i * p + q] * b[j * p + q];
                    }
                    let mut want = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
                    for q in split..p {
                        want += a[i * p + q] * b[j * p + q];
                    }
                    assert_eq!(
                        got[i * n + j].to_bits(),
                        want.to_bits(),
                        "{m}×{n}×{p} at {i},{j}"
                    );
                }
            }
        }
    }

    #[test]
    fn transposes() {
        let m: Vec<f32> = (0..6).map(|x| x as f32).collect();
        let mut t = vec![0.0; 6];
        transpose(2, 3, &m, &mut t);
        assert_eq!(t, [0.0, 3.0, 1.0, 4.0, 2.0, 5.0]);
    }
}
