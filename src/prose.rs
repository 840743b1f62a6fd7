//! Sentences that state facts about the layer on the page. They are built here,
//! in plain Rust, so tests can check that each one stays true for every layer
//! the controls allow; the components only place them.

use sepconv_calc::format::{percent, thousands};
use sepconv_calc::{Layer, Part};

/// How often the depthwise step filters each input channel: "once", "twice",
/// "3 times" (the depth multiplier in words).
pub fn times_per_channel(depth_multiplier: u64) -> String {
    match depth_multiplier {
        1 => "once".to_string(),
        2 => "twice".to_string(),
        d => format!("{d} times"),
    }
}

/// The facts of "why separable is cheaper" for a layer: filters and their sizes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhyCheaper {
    /// Standard filters (one per output channel) and weights in each.
    pub standard: (u64, u64),
    /// Depthwise filters and weights in each.
    pub depthwise: (u64, u64),
    /// Pointwise filters and weights in each.
    pub pointwise: (u64, u64),
    /// "once", "twice", …: depthwise filters per input channel.
    pub per_channel: String,
    /// Whether a pointwise filter is smaller than a standard one (so "only" is
    /// true of it).
    pub pointwise_smaller: bool,
}

impl WhyCheaper {
    /// The facts for `layer`.
    pub fn of(layer: &Layer) -> WhyCheaper {
        let filters = |part| layer.filters(part).unwrap_or_default();
        let (standard, pointwise) = (filters(Part::Standard), filters(Part::Pointwise));
        WhyCheaper {
            standard,
            depthwise: filters(Part::Depthwise),
            pointwise,
            per_channel: times_per_channel(layer.spec().depth_multiplier),
            pointwise_smaller: pointwise.1 < standard.1,
        }
    }
}

/// The exact weight ratio separable / standard in the closed form's shape,
/// for a variant of the layer: `1 + 1/9`, or `2·(1 + 1/9)` with a depth
/// multiplier of 2. `one_over` is the term that is not 1 (K² with one output
/// channel, N with a 1×1 kernel).
fn one_plus(depth_multiplier: u64, one_over: u64) -> String {
    match depth_multiplier {
        1 => format!("1 + 1/{}", thousands(one_over)),
        d => format!("{d}·(1 + 1/{})", thousands(one_over)),
    }
}

/// The note on the two layers for which separable never saves: one output
/// channel, or a 1×1 kernel. Both ratios are written exactly (a rounded 1.00
/// beside "above 1" reads as a contradiction).
pub fn never_saves(layer: &Layer) -> String {
    let s = layer.spec();
    format!(
        "It never saves anything with one output channel (for this kernel the weight ratio would be {}) or with a 1×1 kernel (for these channels {}): both are above 1, so the pair has more weights than the single layer.",
        one_plus(s.depth_multiplier, layer.kernel_area()),
        one_plus(s.depth_multiplier, s.out_channels),
    )
}

/// The steps in the intensity table, in its order.
pub const INTENSITY_STEPS: [Part; 3] = [Part::Standard, Part::Depthwise, Part::Pointwise];

/// The step that does the fewest MACs per byte moved (a tie goes to the
/// depthwise step, then the pointwise one).
pub fn least_intense(layer: &Layer) -> Part {
    [Part::Depthwise, Part::Pointwise, Part::Standard]
        .into_iter()
        .fold(None::<(Part, f64)>, |best, part| {
            let intensity = layer.traffic(part).intensity();
            match best {
                Some((_, b)) if b <= intensity => best,
                _ => Some((part, intensity)),
            }
        })
        .map_or(Part::Depthwise, |(part, _)| part)
}

/// What the depthwise step's MACs per byte never reach, whatever the channels
/// and the map: K²·dm / (4·(1 + dm)), K²/8 without a depth multiplier. Each
/// input value is read once and feeds only its own channel's dm filters.
pub fn depthwise_intensity_bound(layer: &Layer) -> f64 {
    let dm = layer.spec().depth_multiplier as f64;
    layer.kernel_area() as f64 * dm / (4.0 * (1.0 + dm))
}

/// The sentence under the intensity table: which step is the most
/// memory-bound for this layer, in agreement with the table's numbers, and why.
pub fn intensity_verdict(layer: &Layer) -> String {
    let i = |part: Part| format!("{:.2}", layer.traffic(part).intensity());
    let (std, dw, pw) = (i(Part::Standard), i(Part::Depthwise), i(Part::Pointwise));
    match least_intense(layer) {
        Part::Depthwise => format!(
            "Here the depthwise step does {dw} MACs per byte, against {pw} for the pointwise step and {std} for the standard layer: it is the step most likely to wait on memory."
        ),
        Part::Pointwise => {
            let k = layer.spec().kernel_height;
            format!(
                "Here the pointwise step does fewest MACs per byte ({pw}, against {dw} for the depthwise step and {std} for the standard layer): with so few channels it has little to multiply for each value it moves. Its intensity grows with the channel counts; the depthwise step's stays below {:.2} for a {k}×{k} kernel, whatever they are.",
                depthwise_intensity_bound(layer)
            )
        }
        _ => format!(
            "Here the standard layer does fewest MACs per byte ({std}, against {dw} for the depthwise step and {pw} for the pointwise step)."
        ),
    }
}

/// The capacity sentence: how many parameters the separable layer has beside
/// the standard one, and what that means.
pub fn capacity(layer: &Layer) -> String {
    let (sep, std) = (layer.separable().params, layer.standard().params);
    if sep < std {
        format!(
            "Here the separable layer has {} parameters where the standard layer has {} ({}): it can only express kernels of the form W = P·D, a smaller family. A large network has capacity to spare; a small one may not.",
            thousands(sep),
            thousands(std),
            percent(sep as f64 / std as f64)
        )
    } else {
        format!(
            "For this layer separable saves nothing: {} parameters against {} for the standard layer.",
            thousands(sep),
            thousands(std)
        )
    }
}

/// The closing words of the degrees-of-freedom sentence: whether the separable
/// kernels are a smaller family than the standard ones for this layer.
pub fn family(layer: &Layer) -> String {
    let (sep, std) = (layer.separable().weights, layer.standard().weights);
    if sep < std {
        format!(
            "({}): every separable kernel is a standard kernel, but they are only a small family of them.",
            percent(sep as f64 / std as f64)
        )
    } else {
        "(no fewer): for this layer the separable family saves nothing.".to_string()
    }
}

// Native only: proptest is a native dev-dependency.
/// How more spatial patterns per input channel close the gap between a random
/// kernel with `outputs` output channels and the nearest kernel of that form,
/// given the relative errors with 1, 2, … patterns (`errors[r - 1]` for r).
/// With as many patterns as outputs (or taps) the fit is exact, since each
/// input channel's outputs × taps matrix has rank at most min(outputs, taps).
pub fn patterns_close_the_gap(errors: &[f64], outputs: usize) -> String {
    if errors.len() < 2 {
        return format!(
            "With {outputs} output channel{} one pattern per input channel is all there is, so the fit is exact.",
            if outputs == 1 { "" } else { "s" }
        );
    }
    let more: Vec<String> = errors
        .iter()
        .enumerate()
        .skip(1)
        .map(|(r, e)| format!("{} patterns: {}", r + 1, percent(*e)))
        .collect();
    format!(
        "Allowing more spatial patterns per input channel closes the gap ({}); {} patterns always suffice, because each input channel's slices form a {}-row matrix of rank at most {}.",
        more.join(", "),
        errors.len(),
        outputs,
        errors.len()
    )
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use sepconv_calc::{Bias, LayerSpec, Padding};

    /// Any layer the controls allow, within the sliders' ranges and beyond.
    fn layers() -> impl Strategy<Value = Layer> {
        (
            1u64..=13,
            1u64..=2048,
            1u64..=2048,
            1u64..=64,
            1u64..=5,
            1u64..=8,
            0usize..3,
            any::<bool>(),
        )
            .prop_filter_map(
                "a valid layer",
                |(k, m, n, side, stride, dm, bias, same)| {
                    Layer::new(LayerSpec {
                        kernel_height: k,
                        kernel_width: k,
                        in_channels: m,
                        out_channels: n,
                        height: side.max(k),
                        width: side.max(k),
                        stride,
                        padding: if same { Padding::Same } else { Padding::Valid },
                        bias: [Bias::None, Bias::Both, Bias::PointwiseOnly][bias],
                        depth_multiplier: dm,
                        ..LayerSpec::lecture_example()
                    })
                    .ok()
                },
            )
    }

    #[test]
    fn patterns_explain_the_exact_fit() {
        assert_eq!(
            patterns_close_the_gap(&[0.645, 0.3, 0.0], 3),
            "Allowing more spatial patterns per input channel closes the gap (2 patterns: 30.0 %, 3 patterns: 0.0 %); 3 patterns always suffice, because each input channel's slices form a 3-row matrix of rank at most 3."
        );
        assert!(patterns_close_the_gap(&[0.0], 1).contains("the fit is exact"));
    }

    #[test]
    fn depth_multiplier_in_words() {
        assert_eq!(times_per_channel(1), "once");
        assert_eq!(times_per_channel(2), "twice");
        assert_eq!(times_per_channel(8), "8 times");
    }

    #[test]
    fn the_lecture_and_opening_layers() {
        let lecture = Layer::new(LayerSpec::lecture_example()).unwrap();
        assert_eq!(
            never_saves(&lecture),
            "It never saves anything with one output channel (for this kernel the weight ratio would be 1 + 1/9) or with a 1×1 kernel (for these channels 1 + 1/5): both are above 1, so the pair has more weights than the single layer."
        );
        // The lecture example's pointwise step has the lowest intensity; the
        // opening layer's depthwise step does.
        assert_eq!(least_intense(&lecture), Part::Pointwise);
        let opening = Layer::new(LayerSpec::small_cnn_layer()).unwrap();
        assert_eq!(least_intense(&opening), Part::Depthwise);
        assert!(intensity_verdict(&opening)
            .starts_with("Here the depthwise step does 1.11 MACs per byte, against 2.56"));
    }

    proptest! {
        #[test]
        fn why_cheaper_stays_true(layer in layers()) {
            let why = WhyCheaper::of(&layer);
            let s = layer.spec();
            // As many depthwise filters as channels times the multiplier, and
            // the words say how many per channel.
            prop_assert_eq!(why.depthwise.0, s.in_channels * s.depth_multiplier);
            prop_assert_eq!(why.per_channel == "once", s.depth_multiplier == 1);
            prop_assert_eq!(why.per_channel == "twice", s.depth_multiplier == 2);
            prop_assert_eq!(why.pointwise_smaller, why.pointwise.1 < why.standard.1);
            prop_assert_eq!(why.standard.0 * why.standard.1, layer.standard().weights);
            prop_assert_eq!(why.pointwise.0 * why.pointwise.1, layer.pointwise().weights);
        }

        #[test]
        fn never_saves_states_exact_ratios_above_one(layer in layers()) {
            let s = *layer.spec();
            let text = never_saves(&layer);
            // The ratios it writes are those of the variants, exactly.
            for variant in [LayerSpec { out_channels: 1, ..s }, s.with_kernel(1)] {
                let Ok(v) = Layer::new(variant) else { continue };
                let r = v.closed_form();
                prop_assert!(r.numerator() > r.denominator(), "{r} is not above 1");
            }
            let kernel_term = format!("1/{}", thousands(layer.kernel_area()));
            prop_assert!(text.contains(&kernel_term));
            prop_assert!(!text.contains("1.00"));
        }

        #[test]
        fn the_verdict_names_the_step_the_table_shows_lowest(layer in layers()) {
            let lowest = INTENSITY_STEPS
                .into_iter()
                .map(|p| layer.traffic(p).intensity())
                .fold(f64::MAX, f64::min);
            let named = least_intense(&layer);
            prop_assert_eq!(layer.traffic(named).intensity(), lowest);
            let verdict = intensity_verdict(&layer);
            let opening = match named {
                Part::Depthwise => "Here the depthwise step does ",
                Part::Pointwise => "Here the pointwise step does fewest",
                _ => "Here the standard layer does fewest",
            };
            prop_assert!(verdict.starts_with(opening), "{}", verdict);
            // The depthwise step's intensity stays below the bound the
            // pointwise verdict states.
            let bound = depthwise_intensity_bound(&layer);
            prop_assert!(layer.traffic(Part::Depthwise).intensity() < bound);
            // Every number in the sentence is one the table shows.
            for part in INTENSITY_STEPS {
                let shown = format!("{:.2}", layer.traffic(part).intensity());
                prop_assert!(verdict.contains(&shown), "{} lacks {}", verdict, shown);
            }
        }

        #[test]
        fn capacity_and_family_say_saves_only_when_it_does(layer in layers()) {
            let saves = layer.separable().params < layer.standard().params;
            prop_assert_eq!(!capacity(&layer).contains("saves nothing"), saves);
            let smaller = layer.separable().weights < layer.standard().weights;
            prop_assert_eq!(!family(&layer).contains("saves nothing"), smaller);
        }

        #[test]
        fn the_readouts_say_fewer_or_more_as_the_counts_do(layer in layers()) {
            // The readout's words (calc's `fewer_or_more`) against the counts.
            let phrase = sepconv_calc::format::fewer_or_more(layer.macs_ratio().to_f64());
            let (sep, std) = (layer.separable().macs, layer.standard().macs);
            if phrase.ends_with("fewer") {
                prop_assert!(sep < std, "{}", phrase);
            } else if phrase.ends_with("more") {
                prop_assert!(sep > std, "{}", phrase);
            } else {
                prop_assert!(phrase == "as many" || phrase == "about as many");
                prop_assert!(sep.abs_diff(std) * 20 < std, "{} for {} against {}", phrase, sep, std);
            }
        }
    }
}
