//! The exercise's place in the URL: `ex=<seed>`, so a teacher can hand a whole class
//! the same toy layer. The exercises themselves live in the calculator crate.

use sepconv_calc::exercise::Exercise;

use crate::link::echo;

/// The URL parameter holding the seed.
pub const KEY: &str = "ex";

/// The seed in URL pairs, if any, and a note when it is not a valid one.
pub fn read_seed(pairs: &[(String, String)]) -> (Option<u32>, Vec<String>) {
    let Some((_, value)) = pairs.iter().rev().find(|(k, _)| k == KEY) else {
        return (None, Vec::new());
    };
    match value.trim().parse::<u32>() {
        Ok(seed) if (1..=Exercise::MAX_SEED).contains(&seed) => (Some(seed), Vec::new()),
        _ => (
            None,
            vec![format!(
                "{KEY}={} is not an exercise number from 1 to {}; here is a new exercise.",
                echo(value),
                Exercise::MAX_SEED
            )],
        ),
    }
}

/// A seed from a random number in [0, 1) (the browser's `Math.random()`).
pub fn seed_from(random: f64) -> u32 {
    let seed = (random.clamp(0.0, 1.0) * f64::from(Exercise::MAX_SEED)) as u32 + 1;
    seed.min(Exercise::MAX_SEED)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::pairs;

    #[test]
    fn reads_a_shared_seed() {
        assert_eq!(read_seed(&pairs("?k=3&ex=4821")), (Some(4821), vec![]));
        assert_eq!(read_seed(&pairs("?k=3")), (None, vec![]));
        for bad in ["0", "10000", "-1", "x<script>"] {
            let (seed, notes) = read_seed(&pairs(&format!("?ex={bad}")));
            assert_eq!(seed, None);
            assert_eq!(notes.len(), 1, "{bad}");
        }
    }

    #[test]
    fn random_seeds_stay_in_range() {
        assert_eq!(seed_from(0.0), 1);
        assert_eq!(seed_from(0.99999999), Exercise::MAX_SEED);
        assert_eq!(seed_from(1.0), Exercise::MAX_SEED);
        assert_eq!(seed_from(f64::NAN), 1);
    }
}
