//! What the lab's experiment found, in plain words built from the measured
//! numbers: the twins, the equal budget, where separable loses (the capacity
//! point) and what training does to standard kernels. No number is typed
//! here; tests check each sentence says what its numbers say, for any numbers.

use sepconv_calc::format::{fewer_or_more, percent, thousands};
use sepconv_train::Family;

use super::results::{self, KernelShares, Run};
use super::verdict::{equal_cost_answer, Gap, Verdict};
use super::{alpha_text, LabData};

/// "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// "6.2× fewer" MACs (or parameters) for `ours` against `theirs`.
fn ratio(ours: u64, theirs: u64) -> String {
    fewer_or_more(ours as f64 / theirs as f64)
}

/// The twins at α = 1: what the separable twin saves and what it reaches.
pub fn twins(standard: &Run, separable: &Run) -> String {
    let gap = Gap::between(separable.accuracy(), standard.accuracy());
    format!(
        "At the same width (α = {}) the separable twin has {} parameters ({} against {}) and {} MACs per image ({} against {}). It reaches {} test accuracy against {} for the standard net: {}.",
        alpha_text(standard.alpha),
        ratio(separable.calculator.params, standard.calculator.params),
        thousands(separable.calculator.params),
        thousands(standard.calculator.params),
        ratio(separable.calculator.macs, standard.calculator.macs),
        thousands(separable.calculator.macs),
        thousands(standard.calculator.macs),
        separable.accuracy().text(),
        standard.accuracy().text(),
        gap.words()
    )
}

/// The separable net widened to the standard twin's MACs, against it.
pub fn equal_budget(standard: &Run, wide: &Run) -> String {
    let gap = Gap::between(wide.accuracy(), standard.accuracy());
    let off = wide.calculator.macs as f64 / standard.calculator.macs as f64 - 1.0;
    let off = match format!("{:.1}", off.abs() * 100.0).as_str() {
        "0.0" => "the same to 0.1 %".to_string(),
        size => format!("{size} % {}", if off > 0.0 { "more" } else { "fewer" }),
    };
    format!(
        "Spend the savings on width, as MobileNet does: widened to α = {}, the separable net costs {} MACs per image against the standard twin's {} ({off}), with {} parameters against {}. It reaches {} against {}: {}.",
        alpha_text(wide.alpha),
        thousands(wide.calculator.macs),
        thousands(standard.calculator.macs),
        thousands(wide.calculator.params),
        thousands(standard.calculator.params),
        wide.accuracy().text(),
        standard.accuracy().text(),
        gap.words()
    )
}

/// Both families at the narrowest width: where separable loses, if it does.
pub fn capacity(standard: &Run, separable: &Run) -> String {
    let gap = Gap::between(separable.accuracy(), standard.accuracy());
    let meaning = match gap.verdict() {
        Verdict::Lower => " This is where separable loses: with so few weights, the smaller family of kernels leaves the net too little capacity.",
        Verdict::Level => " Even this narrow, the separable net holds up.",
        Verdict::Higher => " Even this narrow, the separable net is ahead.",
    };
    format!(
        "At the narrowest width, α = {}, the separable net has {} parameters against {} and reaches {} against {}: {}.{meaning}",
        alpha_text(standard.alpha),
        thousands(separable.calculator.params),
        thousands(standard.calculator.params),
        separable.accuracy().text(),
        standard.accuracy().text(),
        gap.words()
    )
}

/// The three comparisons in one sentence: equal cost, same width, narrowest.
pub fn headline(
    data: LabData,
    (standard, separable): (&Run, &Run),
    wide: &Run,
    (narrow_standard, narrow_separable): (&Run, &Run),
) -> String {
    let at_equal_cost = match Gap::between(wide.accuracy(), standard.accuracy()).verdict() {
        Verdict::Level => "matches the standard net at equal MACs".to_string(),
        Verdict::Higher => "beats the standard net at equal MACs".to_string(),
        Verdict::Lower => "falls short of the standard net at equal MACs".to_string(),
    };
    let twins = Gap::between(separable.accuracy(), standard.accuracy());
    let saving = ratio(separable.calculator.macs, standard.calculator.macs);
    let at_same_width = match twins.verdict() {
        Verdict::Level => format!("keeps up at the same width with {saving} MACs"),
        Verdict::Higher => format!(
            "is {} at the same width with {saving} MACs",
            twins.difference()
        ),
        Verdict::Lower => format!(
            "is {} at the same width, for {saving} MACs",
            twins.difference()
        ),
    };
    let narrow = Gap::between(narrow_separable.accuracy(), narrow_standard.accuracy());
    let at_narrowest = match narrow.verdict() {
        Verdict::Lower => format!(
            "loses {} at the narrowest width (α = {}), where it has too few weights",
            narrow.size(),
            alpha_text(narrow_standard.alpha)
        ),
        _ => format!(
            "holds up even at the narrowest width (α = {})",
            alpha_text(narrow_standard.alpha)
        ),
    };
    format!(
        "On {} the separable net {at_equal_cost}, {at_same_width}, and {at_narrowest}.",
        data.name()
    )
}

/// What training does to the standard net's kernels, layer by layer.
pub fn kernels(layers: &[&KernelShares]) -> String {
    let up = layers
        .iter()
        .filter(|k| k.trained.mean > k.init.mean)
        .count();
    let direction = match up {
        n if n == layers.len() => "Training makes the standard net's kernels more separable than they start, but not separable",
        0 => "Training makes the standard net's kernels less separable than they start",
        _ => "Training moves some of the standard net's kernels toward the separable family and others away from it",
    };
    let shares = |f: fn(&KernelShares) -> f64| {
        and_list(&layers.iter().map(|k| percent(f(k))).collect::<Vec<_>>())
    };
    let most_outside = layers.iter().all(|k| k.trained.mean < 0.5);
    let meaning = if most_outside {
        " Most of each kernel's energy stays outside the family: a standard layer does not learn the separable form by itself. A separable net does not need it to: it is a smaller family, trained within it from the start."
    } else {
        " Most of each kernel's energy is in the separable part after training."
    };
    let channels: Vec<String> = layers
        .iter()
        .map(|k| format!("{} → {}", k.in_channels, k.out_channels))
        .collect();
    format!(
        "{direction}: after training, the nearest separable kernel captures {} of the kernels' energy in the blocks of {} channels, against {} at initialisation.{meaning}",
        shares(|k| k.trained.mean),
        and_list(&channels),
        shares(|k| k.init.mean),
    )
}

/// The factorisation section's pointer to the lab: how separable trained
/// kernels are (the largest share of any layer, α = 1).
pub fn kernels_pointer(data: LabData) -> Option<String> {
    let layers = results::kernels(data, 1.0);
    let most = layers
        .iter()
        .map(|k| k.trained.mean)
        .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))))?;
    Some(format!(
        "Nor do trained kernels take the separable form by themselves: in the lab, after training on {}, the nearest separable kernel captures at most {} of a standard kernel's energy.",
        data.name(),
        percent(most)
    ))
}

/// All the findings for one data set, from the measured results.
#[derive(Debug, Clone, PartialEq)]
pub struct Findings {
    /// The three comparisons in one sentence.
    pub headline: String,
    /// The twins at α = 1.
    pub twins: String,
    /// The separable net widened to equal MACs.
    pub equal_budget: String,
    /// The narrowest width.
    pub capacity: String,
    /// What training does to the standard kernels (α = 1).
    pub kernels: String,
}

impl Findings {
    /// For `data`; `None` if the results lack an experiment.
    pub fn of(data: LabData) -> Option<Findings> {
        let twins = (
            results::twin(data, Family::Standard)?,
            results::twin(data, Family::Separable)?,
        );
        let wide = results::equal_budget(data)?;
        let narrowest = *results::alphas(data).first()?;
        let narrow = results::pair_at(data, narrowest)?;
        Some(Findings {
            headline: headline(data, twins, wide, narrow),
            twins: self::twins(twins.0, twins.1),
            equal_budget: equal_budget(twins.0, wide),
            capacity: capacity(narrow.0, narrow.1),
            kernels: kernels(&results::kernels(data, 1.0)),
        })
    }
}

/// The answer to "does separable win at equal cost?", as the first screen and
/// the evidence give it (the build writes the first screen's, src/facts.rs).
pub fn equal_cost(data: LabData) -> Option<String> {
    let standard = results::twin(data, Family::Standard)?;
    let wide = results::equal_budget(data)?;
    Some(equal_cost_answer(
        data.name(),
        wide.accuracy(),
        standard.accuracy(),
        wide.seeds(),
    ))
}

// Native only: proptest is a native dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::lab::results::{Counts, Experiment};
    use crate::lab::verdict::Accuracy;
    use sepconv_train::results::MeanSd;

    #[test]
    fn the_measured_findings_read_as_the_numbers_say() {
        let f = Findings::of(LabData::FashionMnist).unwrap();
        // Fashion-MNIST, α = 0.25: 73.8 % against 79.4 %, the capacity point.
        assert!(
            f.capacity.contains("This is where separable loses"),
            "{}",
            f.capacity
        );
        assert!(
            f.capacity.contains("73.8\u{a0}±\u{a0}1.8\u{a0}%"),
            "{}",
            f.capacity
        );
        assert!(
            f.headline
                .starts_with("On Fashion-MNIST the separable net "),
            "{}",
            f.headline
        );
        assert!(
            f.headline
                .contains("loses 5.6 points at the narrowest width (α = 0.25)"),
            "{}",
            f.headline
        );
        assert!(f.equal_budget.contains("α = 2.83"), "{}", f.equal_budget);
        assert!(
            f.twins
                .contains("7.3× fewer parameters (13,546 against 98,442)"),
            "{}",
            f.twins
        );
        assert!(
            f.kernels
                .contains("in the blocks of 16 → 32, 32 → 64 and 64 → 128 channels"),
            "{}",
            f.kernels
        );
        assert!(Findings::of(LabData::Digits).is_some());
        let pointer = kernels_pointer(LabData::FashionMnist).unwrap();
        assert!(pointer.contains("at most 34.8 %"), "{pointer}");
    }

    #[test]
    fn lists_read_as_english() {
        let items = |n: usize| (1..=n).map(|i| i.to_string()).collect::<Vec<_>>();
        assert_eq!(and_list(&items(1)), "1");
        assert_eq!(and_list(&items(2)), "1 and 2");
        assert_eq!(and_list(&items(3)), "1, 2 and 3");
    }

    fn run(family: Family, alpha: f64, params: u64, macs: u64, accuracy: (f64, f64)) -> Run {
        Run {
            experiment: Experiment::Frontier,
            data: LabData::Digits,
            family,
            alpha,
            epochs: 3,
            train_images: 100,
            test_images: 50,
            params,
            macs,
            calculator: Counts { params, macs },
            accuracy: MeanSd {
                mean: accuracy.0,
                sd: accuracy.1,
                n: 5,
            },
            seconds: MeanSd {
                mean: 1.0,
                sd: 0.1,
                n: 5,
            },
        }
    }

    fn kernel(layer: u32, init: f64, trained: f64) -> KernelShares {
        let share = |mean| MeanSd {
            mean,
            sd: 0.01,
            n: 5,
        };
        KernelShares {
            data: LabData::Digits,
            alpha: 1.0,
            layer,
            in_channels: 8,
            out_channels: 16,
            kernel: 3,
            init: share(init),
            trained: share(trained),
        }
    }

    #[test]
    fn kernels_say_which_way_training_moved_them() {
        let up = kernels(&[&kernel(1, 0.2, 0.3), &kernel(2, 0.2, 0.25)]);
        assert!(
            up.starts_with("Training makes the standard net's kernels more separable"),
            "{up}"
        );
        assert!(
            up.contains("30.0 % and 25.0 %") && up.contains("20.0 % and 20.0 % at initialisation"),
            "{up}"
        );
        assert!(up.contains("stays outside the family"));
        let mixed = kernels(&[&kernel(1, 0.2, 0.3), &kernel(2, 0.3, 0.2)]);
        assert!(
            mixed.contains("toward the separable family and others away"),
            "{mixed}"
        );
        let down = kernels(&[&kernel(1, 0.7, 0.6)]);
        assert!(
            down.contains("less separable") && down.contains("in the separable part"),
            "{down}"
        );
    }

    #[test]
    fn equal_cost_is_the_first_screens_answer() {
        assert_eq!(
            equal_cost(LabData::FashionMnist).as_deref(),
            Some(crate::facts::LAB_EQUAL_COST)
        );
    }

    use proptest::prelude::*;

    fn accuracy() -> impl Strategy<Value = (f64, f64)> {
        (0.05f64..1.0, 0.0f64..0.08)
    }

    proptest! {
        #[test]
        fn each_sentence_says_what_its_numbers_say(
            std_acc in accuracy(), sep_acc in accuracy(), wide_acc in accuracy(),
            narrow_std in accuracy(), narrow_sep in accuracy(),
            std_params in 1000u64..1_000_000, sep_params in 100u64..1_000_000,
            std_macs in 10_000u64..100_000_000, sep_macs in 1_000u64..100_000_000,
        ) {
            let standard = run(Family::Standard, 1.0, std_params, std_macs, std_acc);
            let separable = run(Family::Separable, 1.0, sep_params, sep_macs, sep_acc);
            let wide = run(Family::Separable, 2.5, std_params, std_macs + 7, wide_acc);
            let narrow = (
                run(Family::Standard, 0.25, std_params / 10, std_macs / 10, narrow_std),
                run(Family::Separable, 0.25, sep_params / 10 + 1, sep_macs / 10 + 1, narrow_sep),
            );
            let text = |a: (f64, f64)| Accuracy { mean: a.0, sd: a.1 }.text();
            let twins_text = twins(&standard, &separable);
            prop_assert!(twins_text.contains(&text(sep_acc)) && twins_text.contains(&text(std_acc)));
            prop_assert!(twins_text.contains(&thousands(sep_params)), "{}", twins_text);
            let gap = Gap::between(separable.accuracy(), standard.accuracy());
            match gap.verdict() {
                Verdict::Level => prop_assert!(twins_text.contains(": a tie, "), "{}", twins_text),
                Verdict::Lower => prop_assert!(twins_text.contains(" lower, more than the spread"), "{}", twins_text),
                Verdict::Higher => prop_assert!(twins_text.contains(" higher, more than the spread"), "{}", twins_text),
            }
            let cap = capacity(&narrow.0, &narrow.1);
            let narrow_gap = Gap::between(narrow.1.accuracy(), narrow.0.accuracy());
            prop_assert_eq!(
                cap.contains("where separable loses"),
                narrow_gap.verdict() == Verdict::Lower,
                "{}", cap
            );
            let head = headline(LabData::Digits, (&standard, &separable), &wide, (&narrow.0, &narrow.1));
            let equal = Gap::between(wide.accuracy(), standard.accuracy()).verdict();
            prop_assert_eq!(head.contains("matches the standard net"), equal == Verdict::Level, "{}", &head);
            prop_assert_eq!(head.contains("beats the standard net"), equal == Verdict::Higher, "{}", &head);
            prop_assert_eq!(head.contains("falls short"), equal == Verdict::Lower, "{}", &head);
            prop_assert_eq!(head.contains(" loses "), narrow_gap.verdict() == Verdict::Lower, "{}", &head);
            let budget = equal_budget(&standard, &wide);
            prop_assert!(budget.contains(&text(wide_acc)) && budget.contains("α = 2.5"), "{}", budget);
        }
    }
}
