//! How close a standard kernel is to a depthwise separable one.
//!
//! A separable layer is a standard layer whose kernel is restricted to
//! W[n, m, :] = P[n, m] · D[m, :]. For each input channel m the N × K² matrix
//! A_m[n][t] = W[n][m][t] is then rank 1, and the nearest such matrix (Eckart–Young)
//! keeps its largest singular value σ₁(A_m). The share of the kernel's energy a
//! separable layer can represent is Σ_m σ₁(A_m)² / ‖W‖²: 1 for a separable kernel,
//! about 1/min(N, K²) or a little more for random weights.
//!
//! σ₁² is the largest eigenvalue of the K² × K² matrix A_mᵀA_m, found in f64 with the
//! calculator's Jacobi solver ([`sepconv_calc::factor::symmetric_eigen`]), the same
//! one the page's factorisation section uses for its small kernels.

/// Σ_m σ₁(A_m)² / Σ_m ‖A_m‖² for a kernel stored `[n][m][t]` (N outputs, M inputs,
/// T taps). An all-zero kernel counts as separable (1).
///
/// # Panics
/// If `weights` is shorter than N·M·T.
pub fn separable_share(weights: &[f32], outputs: usize, inputs: usize, taps: usize) -> f64 {
    assert!(weights.len() >= outputs * inputs * taps, "kernel size");
    let at = |n: usize, m: usize, t: usize| f64::from(weights[(n * inputs + m) * taps + t]);
    let mut captured = 0.0;
    let mut energy = 0.0;
    let mut gram = vec![0.0; taps * taps];
    for m in 0..inputs {
        for t in 0..taps {
            for u in 0..taps {
                gram[t * taps + u] = (0..outputs).map(|n| at(n, m, t) * at(n, m, u)).sum();
            }
        }
        energy += (0..taps).map(|t| gram[t * taps + t]).sum::<f64>();
        let pairs = sepconv_calc::factor::symmetric_eigen(&gram, taps);
        captured += pairs.first().map_or(0.0, |(value, _)| value.max(0.0));
    }
    if energy == 0.0 {
        1.0
    } else {
        captured / energy
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_separable_kernel_is_fully_captured() {
        // W[n][m][t] = P[n][m]·D[m][t] for N = 3, M = 2, T = 4.
        let p = [1.0, -2.0, 0.5, 3.0, 2.0, 1.0];
        let d = [1.0, 2.0, 3.0, 4.0, -1.0, 0.5, 0.0, 2.0];
        let mut w = vec![0.0f32; 24];
        for n in 0..3 {
            for m in 0..2 {
                for t in 0..4 {
                    w[(n * 2 + m) * 4 + t] = p[n * 2 + m] * d[m * 4 + t];
                }
            }
        }
        assert!((separable_share(&w, 3, 2, 4) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn orthogonal_filters_share_evenly() {
        // One input channel, two outputs with orthogonal taps of norms 2 and 1:
        // σ₁² = 4 of a total 5.
        let w = [2.0, 0.0, 0.0, 1.0];
        assert!((separable_share(&w, 2, 1, 2) - 0.8).abs() < 1e-12);
        assert_eq!(separable_share(&[0.0; 4], 2, 1, 2), 1.0);
    }
}
