//! A small seeded random number generator (SplitMix64), weight initialisation and
//! shuffling. The same seed gives the same numbers on every target.

/// SplitMix64 (Steele, Lea and Flood 2014): 64 bits of state, well mixed output.
/// Enough for initialisation, shuffling and data selection; not for cryptography.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> Self {
        Rng { state: seed }
    }

    /// An independent generator for a named purpose: the same `(seed, stream)`
    /// always gives the same numbers, different streams are unrelated.
    pub fn stream(seed: u64, stream: u64) -> Self {
        let mut mixer = Rng::new(seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03));
        Rng::new(mixer.next_u64())
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A float in [0, 1) with 24 random bits (exactly representable).
    pub fn unit(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 * (1.0 / (1u32 << 24) as f32)
    }

    /// A float uniform in [−bound, bound).
    pub fn symmetric(&mut self, bound: f32) -> f32 {
        (self.unit() * 2.0 - 1.0) * bound
    }

    /// An integer in [0, n) (n > 0), by Lemire's multiply-shift: the bias is below
    /// n / 2⁶⁴, far below anything measurable here.
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// Shuffles `items` in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// He (Kaiming) uniform initialisation for a layer followed by ReLU: values uniform
/// in [−b, b) with b = √(6 / fan_in), so the output variance is about the input's.
pub fn he_uniform(rng: &mut Rng, values: &mut [f32], fan_in: usize) {
    let bound = (6.0 / fan_in.max(1) as f32).sqrt();
    for v in values {
        *v = rng.symmetric(bound);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_matches_the_reference_sequence() {
        // First outputs of SplitMix64 seeded with 1234567 (the reference C code).
        let mut rng = Rng::new(1234567);
        assert_eq!(rng.next_u64(), 6457827717110365317);
        assert_eq!(rng.next_u64(), 3203168211198807973);
    }

    #[test]
    fn shuffle_is_a_seeded_permutation() {
        let mut a: Vec<u32> = (0..100).collect();
        Rng::new(7).shuffle(&mut a);
        let mut b: Vec<u32> = (0..100).collect();
        Rng::new(7).shuffle(&mut b);
        assert_eq!(a, b);
        assert_ne!(a, (0..100).collect::<Vec<_>>());
        let mut sorted = a.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..100).collect::<Vec<_>>());
    }

    #[test]
    fn he_uniform_stays_in_bounds_and_spreads() {
        let mut rng = Rng::new(3);
        let mut w = vec![0.0; 10_000];
        he_uniform(&mut rng, &mut w, 6);
        assert!(w.iter().all(|v| (-1.0..1.0).contains(v)));
        let mean: f32 = w.iter().sum::<f32>() / w.len() as f32;
        let var: f32 = w.iter().map(|v| v * v).sum::<f32>() / w.len() as f32;
        assert!(mean.abs() < 0.02, "{mean}");
        assert!((var - 1.0 / 3.0).abs() < 0.02, "{var}");
    }
}
