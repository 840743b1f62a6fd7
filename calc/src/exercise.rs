//! "Try it yourself": a toy layer small enough to count by hand, made from a seed so
//! a whole class can share one, and feedback that names the slip a student made.
//!
//! Checking compares an answer with the correct count and then with the counts the
//! common slips produce (biases left out, the standard count given for the depthwise
//! one, standard and separable swapped, ...), so the message can say exactly what
//! went wrong and by how much.

use crate::error::product;
use crate::factor::SplitMix64;
use crate::format::thousands;
use crate::{Bias, Cost, Layer, LayerError, LayerSpec, Notation, Padding, Part, Quantity, Symbol};

/// One count the exercise asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Question {
    /// Which part of the layer.
    pub part: Part,
    /// Parameters or MACs.
    pub quantity: Quantity,
}

impl Question {
    /// Every question, parameters first, each in [`Part::ALL`] order.
    pub const ALL: [Question; 8] = [
        Question::params(Part::Standard),
        Question::params(Part::Depthwise),
        Question::params(Part::Pointwise),
        Question::params(Part::Separable),
        Question::macs(Part::Standard),
        Question::macs(Part::Depthwise),
        Question::macs(Part::Pointwise),
        Question::macs(Part::Separable),
    ];

    /// The parameter count of `part`.
    pub const fn params(part: Part) -> Question {
        Question {
            part,
            quantity: Quantity::Params,
        }
    }

    /// The MAC count of `part`.
    pub const fn macs(part: Part) -> Question {
        Question {
            part,
            quantity: Quantity::Macs,
        }
    }

    /// "depthwise parameters".
    pub fn name(self) -> String {
        format!("{} {}", self.part.name(), self.quantity.name())
    }

    /// A stable id for forms and tests: "params-depthwise".
    pub fn id(self) -> String {
        format!("{}-{}", self.quantity.id(), self.part.name())
    }

    /// The rule to apply, as a hint, in the page's `notation` (`f×f×n_c`, or
    /// `D_K×D_K×M` as in the paper).
    pub fn hint(self, notation: Notation) -> String {
        let name = |symbol| notation.symbol(symbol).unwrap_or("?");
        let (k, m, n) = (
            name(Symbol::KernelHeight),
            name(Symbol::InChannels),
            name(Symbol::OutChannels),
        );
        match (self.quantity, self.part) {
            (Quantity::Params, Part::Standard) => format!(
                "Each of the {n} filters has {k}×{k}×{m} weights, plus one bias per filter when the layer has biases."
            ),
            (Quantity::Params, Part::Depthwise) => format!(
                "One {k}×{k} filter per input channel ({m} of them), each seeing a single channel, plus its bias if the depthwise step has one."
            ),
            (Quantity::Params, Part::Pointwise) => format!(
                "{n} filters of size 1×1×{m}, plus one bias each when the pointwise step has biases."
            ),
            (Quantity::Params, Part::Separable) => {
                "The separable layer is the depthwise step followed by the pointwise step: add their counts.".to_string()
            }
            (Quantity::Macs, Part::Standard) => format!(
                "Multiplications per output value ({k}×{k}×{m}) times output values ({n} × output height × output width)."
            ),
            (Quantity::Macs, Part::Depthwise) => format!(
                "Multiplications per output value ({k}×{k}) times output values ({m} × output height × output width)."
            ),
            (Quantity::Macs, Part::Pointwise) => format!(
                "Multiplications per output value ({m}) times output values ({n} × output height × output width)."
            ),
            (Quantity::Macs, Part::Separable) => {
                "Depthwise MACs plus pointwise MACs. Biases are additions, not multiplications.".to_string()
            }
        }
    }
}

/// A slip the checker recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mistake {
    /// The biases were left out.
    BiasForgotten,
    /// Biases were counted where this exercise's convention has none.
    BiasNotInConvention,
    /// One bias for the whole layer instead of one per filter.
    OneBiasOnly,
    /// The depthwise step counted like a standard convolution, K²·M·N.
    DepthwiseAsStandard,
    /// Depthwise filters counted per output channel instead of per input channel.
    DepthwisePerOutput,
    /// The answer is another count of the exercise (standard and separable swapped,
    /// MACs for parameters, ...).
    OtherCount(Question),
    /// Only one of the two steps of the separable layer.
    OneStepOnly(Part),
    /// The two steps' counts multiplied instead of added.
    StepsMultiplied,
    /// K where K×K belongs.
    KernelNotSquared,
    /// A K×K kernel on a pointwise (1×1) step.
    PointwiseWithKernel,
    /// The input channels left out of a filter that spans them.
    ChannelsLeftOut,
    /// One filter counted instead of all of them.
    OneFilterOnly,
    /// The input's size used where the output's belongs.
    InputSizeForOutput,
    /// Bias additions counted as multiply-accumulates.
    BiasInMacs,
}

/// How an answer was judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// Exactly right.
    Correct,
    /// Nothing entered yet.
    Empty,
    /// Not a whole number.
    Unreadable,
    /// A recognised slip.
    Mistake(Mistake),
    /// Wrong in no way the checker knows; the sign says too high or too low.
    Off(i128),
}

/// The checker's answer to one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feedback {
    /// The judgement.
    pub verdict: Verdict,
    /// What to tell the student.
    pub message: String,
}

impl Feedback {
    /// Whether the answer was right.
    pub fn is_correct(&self) -> bool {
        self.verdict == Verdict::Correct
    }
}

/// A layer to count by hand: a toy layer from a seed, or one a teacher poses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exercise {
    /// 1 to [`Exercise::MAX_SEED`]; 0 for a posed layer.
    seed: u32,
    layer: Layer,
}

impl Exercise {
    /// Seeds run from 1 to this, so a teacher can read one out ("exercise 4821").
    pub const MAX_SEED: u32 = 9999;

    /// The exercise of `seed` (taken modulo [`Exercise::MAX_SEED`], 0 becomes it).
    ///
    /// # Examples
    /// ```
    /// use sepconv_calc::exercise::Exercise;
    /// assert_eq!(Exercise::new(42), Exercise::new(42));
    /// assert_eq!(Exercise::new(42).seed(), 42);
    /// ```
    pub fn new(seed: u32) -> Exercise {
        let seed = match seed % Exercise::MAX_SEED {
            0 => Exercise::MAX_SEED,
            s => s,
        };
        let mut random = SplitMix64(u64::from(seed).wrapping_mul(0x2545_F491_4F6C_DD1D));
        let mut pick =
            |options: &[u64]| options[random.between(0, options.len() as u64 - 1) as usize];
        let kernel = pick(&[3, 3, 3, 5]);
        let in_channels = pick(&[2, 3, 4, 5, 6, 8]);
        let out_channels = pick(&[4, 6, 8, 10, 12, 16, 24, 32, 64]);
        let side = pick(&[5, 6, 7, 8, 10]);
        let padding = [Padding::Valid, Padding::Same][pick(&[0, 1]) as usize];
        let bias =
            [Bias::Both, Bias::Both, Bias::PointwiseOnly, Bias::None][pick(&[0, 1, 2, 3]) as usize];
        let spec = LayerSpec {
            in_channels,
            out_channels,
            height: side.max(kernel),
            width: side.max(kernel),
            padding,
            bias,
            ..LayerSpec::lecture_example().with_kernel(kernel)
        };
        let layer = Layer::new(spec).expect("exercise layers are small and valid");
        Exercise { seed, layer }
    }

    /// The layer a teacher chose, posed as the exercise: the same questions,
    /// checks and feedback as a seeded one, for any valid layer.
    ///
    /// # Errors
    /// The layer's own error when `spec` is not a valid layer (see [`Layer::new`]).
    ///
    /// # Examples
    /// ```
    /// use sepconv_calc::exercise::{Exercise, Question};
    /// use sepconv_calc::{LayerSpec, Part};
    /// let forum = Exercise::for_layer(LayerSpec::forum_exercise()).unwrap();
    /// assert_eq!(forum.answer(Question::params(Part::Standard)), 3584);
    /// assert!(forum.check(Question::params(Part::Separable), "542").is_correct());
    /// assert!(forum.is_posed());
    /// ```
    pub fn for_layer(spec: LayerSpec) -> Result<Exercise, LayerError> {
        Ok(Exercise {
            seed: 0,
            layer: Layer::new(spec)?,
        })
    }

    /// The seed (1 to [`Exercise::MAX_SEED`]); 0 for a posed layer
    /// ([`Exercise::for_layer`]).
    pub fn seed(&self) -> u32 {
        self.seed
    }

    /// Whether a teacher chose the layer ([`Exercise::for_layer`]) rather than a seed.
    pub fn is_posed(&self) -> bool {
        self.seed == 0
    }

    /// The layer to count.
    pub fn layer(&self) -> &Layer {
        &self.layer
    }

    /// The exercise's bias convention, as the task states it.
    pub fn bias_rule(&self) -> &'static str {
        match self.layer.spec().bias {
            Bias::None => {
                "No biases anywhere (as in MobileNet, where BatchNorm follows every convolution)."
            }
            Bias::Both => {
                "Every filter has one bias: the standard layer's, the depthwise step's and the pointwise step's (PyTorch's Conv2d pair)."
            }
            Bias::PointwiseOnly => {
                "One bias per filter of the standard layer; the separable layer has biases after the pointwise step only, none in the depthwise step (Keras' SeparableConv2D)."
            }
        }
    }

    /// The correct count for `question`.
    pub fn answer(&self, question: Question) -> u64 {
        self.layer.cost(question.part).get(question.quantity)
    }

    /// Judges `text` as the answer to `question`. Spaces and thousands separators
    /// (`,` `_` `'` and `.` between groups of three digits) are ignored.
    pub fn check(&self, question: Question, text: &str) -> Feedback {
        let correct = self.answer(question);
        let feedback = |verdict, message: String| Feedback { verdict, message };
        let value = match parse_count(text) {
            Ok(None) => return feedback(Verdict::Empty, String::new()),
            Ok(Some(value)) => value,
            Err(()) => {
                return feedback(
                    Verdict::Unreadable,
                    "Enter a whole number, such as 3584 or 3,584.".to_string(),
                )
            }
        };
        if value == correct {
            return feedback(
                Verdict::Correct,
                format!(
                    "Correct: {} {}.",
                    thousands(correct),
                    question.quantity.name()
                ),
            );
        }
        let by = i128::from(correct) - i128::from(value);
        if let Some(mistake) = self
            .slips(question)
            .find(|(v, _)| *v == value)
            .map(|(_, m)| m)
        {
            return feedback(
                Verdict::Mistake(mistake),
                self.explain(question, mistake, by),
            );
        }
        let direction = if by > 0 { "low" } else { "high" };
        feedback(
            Verdict::Off(-by),
            format!(
                "Not quite: {} is too {direction} by {}.",
                thousands(value),
                thousands(by.unsigned_abs() as u64)
            ),
        )
    }

    /// The counts each slip would give for `question`, most specific first; slips
    /// that happen to give the correct count are left out. Checked arithmetic: a
    /// posed layer may be large, and a slip whose count overflows is no slip.
    fn slips(&self, question: Question) -> impl Iterator<Item = (u64, Mistake)> + '_ {
        let layer = &self.layer;
        let spec = layer.spec();
        let (k, m, n) = (spec.kernel_height, spec.in_channels, spec.out_channels);
        let kk = k.checked_mul(k);
        let positions = layer.output_positions();
        let input_positions = spec.height.checked_mul(spec.width);
        let (standard, depthwise, pointwise, separable) = (
            layer.standard(),
            layer.depthwise(),
            layer.pointwise(),
            layer.separable(),
        );
        // Per-filter bias of a part: 1 when that part has biases.
        let bias = |c: &Cost| u64::from(c.biases > 0);
        let times = |a: Option<u64>, b: u64| a?.checked_mul(b);
        let plus = |a: Option<u64>, b: u64| a?.checked_add(b);
        let mut slips: Vec<(u64, Mistake)> = Vec::new();
        let mut slip = |count: Option<u64>, mistake: Mistake| {
            if let Some(count) = count {
                slips.push((count, mistake));
            }
        };
        match question.quantity {
            Quantity::Params => {
                let cost = layer.cost(question.part);
                if cost.biases > 0 {
                    slip(Some(cost.weights), Mistake::BiasForgotten);
                }
                match question.part {
                    Part::Standard => {
                        if standard.biases > 1 {
                            slip(standard.weights.checked_add(1), Mistake::OneBiasOnly);
                        }
                        slip(
                            times(plus(k.checked_mul(m), bias(&standard)), n),
                            Mistake::KernelNotSquared,
                        );
                        slip(
                            times(plus(kk, bias(&standard)), n),
                            Mistake::ChannelsLeftOut,
                        );
                        slip(plus(times(kk, m), bias(&standard)), Mistake::OneFilterOnly);
                    }
                    Part::Depthwise => {
                        if depthwise.biases == 0 && spec.bias != Bias::None {
                            slip(
                                depthwise.weights.checked_add(m),
                                Mistake::BiasNotInConvention,
                            );
                        }
                        slip(product(&[k, k, m, n]), Mistake::DepthwiseAsStandard);
                        slip(Some(standard.params), Mistake::DepthwiseAsStandard);
                        slip(
                            times(plus(kk, bias(&depthwise)), n),
                            Mistake::DepthwisePerOutput,
                        );
                        slip(
                            plus(k.checked_mul(m), bias(&depthwise) * m),
                            Mistake::KernelNotSquared,
                        );
                        slip(plus(kk, bias(&depthwise)), Mistake::OneFilterOnly);
                    }
                    Part::Pointwise => {
                        slip(
                            times(plus(times(kk, m), bias(&pointwise)), n),
                            Mistake::PointwiseWithKernel,
                        );
                        slip(
                            (1 + bias(&pointwise)).checked_mul(n),
                            Mistake::ChannelsLeftOut,
                        );
                        slip(m.checked_add(bias(&pointwise)), Mistake::OneFilterOnly);
                    }
                    Part::Separable => {
                        if depthwise.biases > 0 {
                            slip(
                                depthwise.weights.checked_add(pointwise.params),
                                Mistake::BiasForgotten,
                            );
                        }
                        if depthwise.biases == 0 && spec.bias != Bias::None {
                            slip(
                                separable.params.checked_add(m),
                                Mistake::BiasNotInConvention,
                            );
                        }
                        slip(
                            depthwise.params.checked_mul(pointwise.params),
                            Mistake::StepsMultiplied,
                        );
                    }
                }
            }
            Quantity::Macs => {
                let cost = layer.cost(question.part);
                // The same count at every input position instead of every output one.
                if positions > 0 && input_positions != Some(positions) {
                    slip(
                        times(input_positions, cost.macs / positions),
                        Mistake::InputSizeForOutput,
                    );
                }
                let biases = match question.part {
                    Part::Standard => Some(standard.biases),
                    Part::Depthwise => Some(depthwise.biases),
                    Part::Pointwise => Some(pointwise.biases),
                    Part::Separable => depthwise.biases.checked_add(pointwise.biases),
                };
                let bias_adds = times(biases, positions);
                if bias_adds.is_some_and(|adds| adds > 0) {
                    slip(plus(bias_adds, cost.macs), Mistake::BiasInMacs);
                }
                if question.part == Part::Depthwise {
                    slip(
                        product(&[k, k, m, n, positions]),
                        Mistake::DepthwiseAsStandard,
                    );
                }
                if question.part == Part::Separable {
                    slip(
                        depthwise.macs.checked_mul(pointwise.macs),
                        Mistake::StepsMultiplied,
                    );
                }
            }
        }
        if question.part == Part::Separable {
            slips.push((
                self.answer(Question {
                    part: Part::Depthwise,
                    ..question
                }),
                Mistake::OneStepOnly(Part::Depthwise),
            ));
            slips.push((
                self.answer(Question {
                    part: Part::Pointwise,
                    ..question
                }),
                Mistake::OneStepOnly(Part::Pointwise),
            ));
        }
        // Any other count of the exercise: standard for separable, MACs for parameters.
        for other in Question::ALL.into_iter().filter(|q| *q != question) {
            slips.push((self.answer(other), Mistake::OtherCount(other)));
        }
        let correct = self.answer(question);
        slips
            .into_iter()
            .filter(move |(value, _)| *value != correct)
    }

    /// The message for a recognised slip; `by` is correct minus given.
    fn explain(&self, question: Question, mistake: Mistake, by: i128) -> String {
        let spec = self.layer.spec();
        let (k, m, n) = (spec.kernel_height, spec.in_channels, spec.out_channels);
        let out = self.layer.output();
        let difference = format!(
            "{}{}",
            if by > 0 { "+" } else { "−" },
            thousands(by.unsigned_abs() as u64)
        );
        match mistake {
            Mistake::BiasForgotten => format!("You left out the biases: {difference}."),
            Mistake::BiasNotInConvention => format!(
                "This exercise has no bias in the depthwise step (only after the pointwise one): {difference}."
            ),
            Mistake::OneBiasOnly => format!(
                "Each of the {n} filters has its own bias, not one for the whole layer: {difference}."
            ),
            Mistake::DepthwiseAsStandard => format!(
                "This is the standard count ({k}×{k}×{m}×{n}), not the depthwise one: a depthwise filter sees a single channel, and there is one per input channel."
            ),
            Mistake::DepthwisePerOutput => format!(
                "Depthwise filters come one per input channel ({m}), not one per output channel ({n})."
            ),
            Mistake::OtherCount(other) if other.quantity == question.quantity => format!(
                "This is the {} count, not the {} one.",
                other.part.name(),
                question.part.name()
            ),
            Mistake::OtherCount(other) => format!(
                "This is the number of {}; the question asks for {}.",
                other.name(),
                question.name()
            ),
            Mistake::OneStepOnly(part) => format!(
                "That is only the {} step; the separable layer is both steps: {difference}.",
                part.name()
            ),
            Mistake::StepsMultiplied => {
                "The two steps run one after the other, so their counts add; you multiplied them.".to_string()
            }
            Mistake::KernelNotSquared => format!(
                "A {k}×{k} kernel has {} weights per channel, not {k}: {difference}.",
                k.saturating_mul(k)
            ),
            Mistake::PointwiseWithKernel => format!(
                "A pointwise filter is 1×1: it has no {k}×{k} window, only one weight per input channel."
            ),
            Mistake::ChannelsLeftOut => format!(
                "Each filter spans all {m} input channels: multiply by {m}."
            ),
            Mistake::OneFilterOnly => format!(
                "That is one filter; count all of them: {difference}."
            ),
            Mistake::InputSizeForOutput => format!(
                "You used the input size {}×{}; the filters visit {}×{} output positions: {difference}.",
                spec.height, spec.width, out.height, out.width
            ),
            Mistake::BiasInMacs => format!(
                "Adding a bias is not a multiply-accumulate: leave biases out of the MACs ({difference})."
            ),
        }
    }
}

/// Reads a count as people type it: `3584`, `3,584`, `3 584`, `3.584`, `3_584`.
/// `Ok(None)` when there is nothing but spaces.
fn parse_count(text: &str) -> Result<Option<u64>, ()> {
    let kept: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, ',' | '_' | '\'' | '’'))
        .collect();
    if kept.is_empty() {
        return Ok(None);
    }
    // A dot is a thousands separator only between groups of three digits.
    let mut groups = kept.split('.');
    let first = groups.next().unwrap_or_default();
    let rest: Vec<&str> = groups.collect();
    if rest.iter().any(|g| g.len() != 3) || (!rest.is_empty() && first.is_empty()) {
        return Err(());
    }
    let digits: String = std::iter::once(first).chain(rest).collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(());
    }
    digits.parse().map(Some).map_err(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_counts_as_people_write_them() {
        for text in [
            "3584",
            "3,584",
            " 3 584 ",
            "3.584",
            "3_584",
            "3'584",
            "3\u{202f}584",
        ] {
            assert_eq!(parse_count(text), Ok(Some(3584)), "{text:?}");
        }
        assert_eq!(parse_count("  "), Ok(None));
        for text in ["3.5", "-3", "12a", "1e3", ".584", "99999999999999999999999"] {
            assert_eq!(parse_count(text), Err(()), "{text:?}");
        }
    }

    #[test]
    fn seeds_wrap_into_range() {
        assert_eq!(Exercise::new(0).seed(), Exercise::MAX_SEED);
        assert_eq!(Exercise::new(Exercise::MAX_SEED + 5).seed(), 5);
    }
}
