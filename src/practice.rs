//! The exercise's place in the URL: `ex=<seed>`, so a teacher can hand a whole class
//! the same toy layer, or `ex=layer`, so a teacher can pose the layer the link
//! names (`k`, `m`, `n`, …). The exercises themselves live in the calculator crate.

use sepconv_calc::exercise::Exercise;
use sepconv_calc::Layer;

use crate::link::echo;

/// The URL parameter holding the seed.
pub const KEY: &str = "ex";

/// The value of [`KEY`] that poses the link's layer.
const LAYER: &str = "layer";

/// Which exercise the page sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExerciseSource {
    /// A toy layer drawn from a seed (1 to [`Exercise::MAX_SEED`]).
    Seed(u32),
    /// The layer of the page (the link's `k`, `m`, `n`, …), posed by a teacher.
    Layer,
}

impl ExerciseSource {
    /// The exercise itself; `layer` is the page's, for a posed one.
    pub fn exercise(self, layer: &Layer) -> Exercise {
        match self {
            ExerciseSource::Seed(seed) => Exercise::new(seed),
            // The page's layer is a valid one, so it always makes an exercise.
            ExerciseSource::Layer => {
                Exercise::for_layer(*layer.spec()).unwrap_or_else(|_| Exercise::new(1))
            }
        }
    }

    /// Its value in the link: the seed, or `layer`.
    pub fn value(self) -> String {
        match self {
            ExerciseSource::Seed(seed) => seed.to_string(),
            ExerciseSource::Layer => LAYER.to_string(),
        }
    }
}

/// The exercise in URL pairs, if any, and a note when it is not a valid one.
pub fn read_seed(pairs: &[(String, String)]) -> (Option<ExerciseSource>, Vec<String>) {
    let Some((_, value)) = pairs.iter().rev().find(|(k, _)| k == KEY) else {
        return (None, Vec::new());
    };
    if value.trim() == LAYER {
        return (Some(ExerciseSource::Layer), Vec::new());
    }
    match value.trim().parse::<u32>() {
        Ok(seed) if (1..=Exercise::MAX_SEED).contains(&seed) => {
            (Some(ExerciseSource::Seed(seed)), Vec::new())
        }
        _ => (
            None,
            vec![format!(
                "{KEY}={} is not an exercise number from 1 to {} or {LAYER}; here is a new exercise.",
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
    use sepconv_calc::exercise::Question;
    use sepconv_calc::{LayerSpec, Part};

    #[test]
    fn reads_a_shared_seed() {
        assert_eq!(
            read_seed(&pairs("?k=3&ex=4821")),
            (Some(ExerciseSource::Seed(4821)), vec![])
        );
        assert_eq!(read_seed(&pairs("?k=3")), (None, vec![]));
        for bad in ["0", "10000", "-1", "x<script>", "layers"] {
            let (seed, notes) = read_seed(&pairs(&format!("?ex={bad}")));
            assert_eq!(seed, None);
            assert_eq!(notes.len(), 1, "{bad}");
        }
    }

    #[test]
    fn ex_layer_poses_the_pages_layer() {
        assert_eq!(
            read_seed(&pairs("?k=3&ex=layer")),
            (Some(ExerciseSource::Layer), vec![])
        );
        assert_eq!(ExerciseSource::Layer.value(), "layer");
        assert_eq!(ExerciseSource::Seed(12).value(), "12");
        let forum = Layer::new(LayerSpec::forum_exercise()).unwrap();
        let posed = ExerciseSource::Layer.exercise(&forum);
        assert!(posed.is_posed());
        assert_eq!(
            Part::ALL.map(|p| posed.answer(Question::params(p))),
            [3584, 30, 512, 542]
        );
        // A seed ignores the page's layer.
        assert_eq!(ExerciseSource::Seed(7).exercise(&forum), Exercise::new(7));
    }

    #[test]
    fn random_seeds_stay_in_range() {
        assert_eq!(seed_from(0.0), 1);
        assert_eq!(seed_from(0.99999999), Exercise::MAX_SEED);
        assert_eq!(seed_from(1.0), Exercise::MAX_SEED);
        assert_eq!(seed_from(f64::NAN), 1);
    }
}
