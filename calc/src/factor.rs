//! A separable layer is a standard layer whose kernel is restricted to
//! W[n, m] = P[n, m] · D[m]: for each input channel, every output uses the same
//! spatial pattern up to a scale. This module builds such kernels, and finds the
//! nearest separable kernel to any standard one (for each input channel, the best
//! rank-1 fit of the N × K² matrix of filter slices), with its relative error.

/// A standard kernel W[n][m][t]: N outputs, M inputs, T = K² taps per filter slice.
#[derive(Debug, Clone, PartialEq)]
pub struct Kernel {
    /// Output channels N.
    pub outputs: usize,
    /// Input channels M.
    pub inputs: usize,
    /// Taps per slice, K².
    pub taps: usize,
    /// Values, n-major then m then t.
    pub values: Vec<f64>,
}

impl Kernel {
    /// W[n][m][t].
    pub fn at(&self, n: usize, m: usize, t: usize) -> f64 {
        self.values[(n * self.inputs + m) * self.taps + t]
    }

    /// The kernel of a separable layer: W[n][m][t] = P[n][m] · D[m][t], with
    /// `pointwise` N × M (n-major) and `depthwise` M × T (m-major).
    pub fn separable(
        outputs: usize,
        inputs: usize,
        taps: usize,
        pointwise: &[f64],
        depthwise: &[f64],
    ) -> Kernel {
        let mut values = Vec::with_capacity(outputs * inputs * taps);
        for n in 0..outputs {
            for m in 0..inputs {
                for t in 0..taps {
                    values.push(pointwise[n * inputs + m] * depthwise[m * taps + t]);
                }
            }
        }
        Kernel {
            outputs,
            inputs,
            taps,
            values,
        }
    }

    /// A kernel of pseudo-random values in [−1, 1] from `seed` (the same seed gives
    /// the same kernel everywhere).
    pub fn random(outputs: usize, inputs: usize, taps: usize, seed: u64) -> Kernel {
        let mut rng = SplitMix64(seed);
        let values = (0..outputs * inputs * taps)
            .map(|_| rng.unit() * 2.0 - 1.0)
            .collect();
        Kernel {
            outputs,
            inputs,
            taps,
            values,
        }
    }

    /// Sum of squares.
    fn norm_squared(&self) -> f64 {
        self.values.iter().map(|v| v * v).sum()
    }
}

/// SplitMix64: a small, well-mixed deterministic generator.
#[derive(Debug, Clone)]
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A float in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// An integer in [low, high].
    pub fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.next_u64() % (high - low + 1)
    }
}

/// Eigenvalues and eigenvectors of a small symmetric matrix (row-major, n × n) by
/// cyclic Jacobi rotations: exact to rounding for the sizes used here (n ≤ 16).
/// Returns pairs sorted by decreasing eigenvalue; vectors have unit length.
pub fn symmetric_eigen(matrix: &[f64], n: usize) -> Vec<(f64, Vec<f64>)> {
    let mut a = matrix.to_vec();
    let mut v = vec![0.0; n * n];
    for i in 0..n {
        v[i * n + i] = 1.0;
    }
    for _sweep in 0..100 {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i * n + j] * a[i * n + j])
            .sum();
        if off < 1e-24 {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = a[p * n + q];
                if apq.abs() < 1e-300 {
                    continue;
                }
                let theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..n {
                    let (akp, akq) = (a[k * n + p], a[k * n + q]);
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for k in 0..n {
                    let (apk, aqk) = (a[p * n + k], a[q * n + k]);
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                for k in 0..n {
                    let (vkp, vkq) = (v[k * n + p], v[k * n + q]);
                    v[k * n + p] = c * vkp - s * vkq;
                    v[k * n + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    let mut pairs: Vec<(f64, Vec<f64>)> = (0..n)
        .map(|i| (a[i * n + i], (0..n).map(|k| v[k * n + i]).collect()))
        .collect();
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0));
    pairs
}

/// The nearest kernels of limited rank to a standard kernel, per input channel.
#[derive(Debug, Clone, PartialEq)]
pub struct Approximation {
    /// The rank-1 (separable) approximation.
    pub separable: Kernel,
    /// Relative error ‖W − Ŵ_r‖ / ‖W‖ (Frobenius) for r = 1, 2, …, min(N, K²)
    /// terms per input channel; the first is the separable one's, the last is 0.
    pub errors_by_rank: Vec<f64>,
}

impl Approximation {
    /// Relative error of the separable (rank-1) approximation.
    pub fn separable_error(&self) -> f64 {
        self.errors_by_rank.first().copied().unwrap_or(0.0)
    }
}

/// For each input channel m, the N × K² matrix A_m[n][t] = W[n][m][t] is
/// approximated by projecting onto its top left singular vectors (the top
/// eigenvectors of A_m·A_mᵀ): by Eckart–Young the best fit of each rank. Rank 1
/// is exactly the separable form P[n][m]·D[m][t].
pub fn nearest_separable(w: &Kernel) -> Approximation {
    let (n, taps) = (w.outputs, w.taps);
    let max_rank = n.min(taps).max(1);
    let mut separable = w.clone();
    let mut residual_by_rank = vec![0.0; max_rank];
    for m in 0..w.inputs {
        let a = |i: usize, t: usize| w.at(i, m, t);
        let mut gram = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..n {
                gram[i * n + j] = (0..taps).map(|t| a(i, t) * a(j, t)).sum();
            }
        }
        let pairs = symmetric_eigen(&gram, n);
        // Rank r: A projected onto the top r eigenvectors, U_r·U_rᵀ·A. The residual
        // is measured directly (not as a difference of eigenvalues, which cancels).
        let mut projected = vec![0.0; n * taps];
        for (r, residual) in residual_by_rank.iter_mut().enumerate() {
            if let Some((_, u)) = pairs.get(r) {
                for t in 0..taps {
                    let along: f64 = (0..n).map(|i| u[i] * a(i, t)).sum();
                    for i in 0..n {
                        projected[i * taps + t] += u[i] * along;
                    }
                }
            }
            if r == 0 {
                for i in 0..n {
                    for t in 0..taps {
                        separable.values[(i * w.inputs + m) * taps + t] = projected[i * taps + t];
                    }
                }
            }
            *residual += (0..n)
                .flat_map(|i| (0..taps).map(move |t| (i, t)))
                .map(|(i, t)| (a(i, t) - projected[i * taps + t]).powi(2))
                .sum::<f64>();
        }
    }
    let norm = w.norm_squared().max(f64::MIN_POSITIVE);
    let errors_by_rank: Vec<f64> = residual_by_rank.iter().map(|r| (r / norm).sqrt()).collect();
    Approximation {
        separable,
        errors_by_rank,
    }
}

/// Relative Frobenius distance ‖a − b‖ / ‖a‖.
pub fn relative_error(a: &Kernel, b: &Kernel) -> f64 {
    let diff: f64 = a
        .values
        .iter()
        .zip(&b.values)
        .map(|(x, y)| (x - y) * (x - y))
        .sum();
    (diff / a.norm_squared().max(f64::MIN_POSITIVE)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kernel_built_from_p_and_d_is_recovered_with_zero_error() {
        let mut rng = SplitMix64(7);
        for (n, m) in [(1, 1), (4, 3), (3, 4), (4, 4), (2, 1)] {
            let p: Vec<f64> = (0..n * m).map(|_| rng.unit() * 2.0 - 1.0).collect();
            let d: Vec<f64> = (0..m * 9).map(|_| rng.unit() * 2.0 - 1.0).collect();
            let w = Kernel::separable(n, m, 9, &p, &d);
            let approx = nearest_separable(&w);
            assert!(
                approx.separable_error() < 1e-9,
                "{n}×{m}: {}",
                approx.separable_error()
            );
            assert!(relative_error(&w, &approx.separable) < 1e-9);
        }
    }

    #[test]
    fn error_never_increases_with_rank_and_vanishes_at_full_rank() {
        for seed in 0..20 {
            let w = Kernel::random(4, 3, 9, seed);
            let approx = nearest_separable(&w);
            let e = &approx.errors_by_rank;
            assert_eq!(e.len(), 4);
            assert!(e.windows(2).all(|p| p[1] <= p[0] + 1e-12), "{e:?}");
            assert!(e[3] < 1e-9);
            assert!(e[0] > 0.1, "a random kernel is far from separable: {e:?}");
            // The reported error is the real distance of the separable kernel.
            assert!((relative_error(&w, &approx.separable) - e[0]).abs() < 1e-9);
        }
    }

    #[test]
    fn the_rank_1_fit_beats_other_separable_kernels() {
        let w = Kernel::random(3, 2, 9, 42);
        let best = relative_error(&w, &nearest_separable(&w).separable);
        let mut rng = SplitMix64(1);
        for _ in 0..200 {
            let p: Vec<f64> = (0..6).map(|_| rng.unit() * 2.0 - 1.0).collect();
            let d: Vec<f64> = (0..18).map(|_| rng.unit() * 2.0 - 1.0).collect();
            assert!(relative_error(&w, &Kernel::separable(3, 2, 9, &p, &d)) >= best - 1e-12);
        }
    }

    #[test]
    fn jacobi_diagonalises() {
        let a = [4.0, 1.0, 2.0, 1.0, 3.0, 0.5, 2.0, 0.5, 5.0];
        let pairs = symmetric_eigen(&a, 3);
        for (lambda, v) in &pairs {
            for i in 0..3 {
                let av: f64 = (0..3).map(|k| a[i * 3 + k] * v[k]).sum();
                assert!((av - lambda * v[i]).abs() < 1e-10);
            }
        }
        assert!(pairs[0].0 >= pairs[1].0 && pairs[1].0 >= pairs[2].0);
    }

    #[test]
    fn random_kernels_are_reproducible() {
        assert_eq!(Kernel::random(2, 2, 9, 5), Kernel::random(2, 2, 9, 5));
        assert_ne!(Kernel::random(2, 2, 9, 5), Kernel::random(2, 2, 9, 6));
    }
}
