//! The exercise mode: a seed gives a fixed layer, right answers pass, and each common
//! slip gets its own message.

use sepconv_calc::exercise::{Exercise, Mistake, Question, Verdict};
use sepconv_calc::{Bias, LayerSpec, Notation, Part, Quantity};

/// Seed 1: 3×3, 2 → 10 channels, 5×5 input, valid padding, bias on both steps.
fn seed_one() -> Exercise {
    Exercise::new(1)
}

fn verdict(exercise: &Exercise, question: Question, answer: &str) -> Verdict {
    exercise.check(question, answer).verdict
}

#[test]
fn a_seed_gives_a_fixed_layer() {
    let spec = *seed_one().layer().spec();
    assert_eq!(
        (
            spec.kernel_height,
            spec.in_channels,
            spec.out_channels,
            spec.height,
            spec.bias
        ),
        (3, 2, 10, 5, Bias::Both)
    );
    // Fixed across runs and machines: the answers of a few seeds, pinned.
    let answers = |seed| Question::ALL.map(|q| Exercise::new(seed).answer(q));
    assert_eq!(answers(1), [190, 20, 30, 50, 1620, 162, 180, 342]);
    assert_eq!(answers(4821), [162, 27, 18, 45, 4050, 675, 450, 1125]);
}

#[test]
fn seeds_vary_the_layer_and_stay_hand_sized() {
    let mut kinds = std::collections::HashSet::new();
    for seed in 1..=Exercise::MAX_SEED {
        let exercise = Exercise::new(seed);
        let spec = exercise.layer().spec();
        kinds.insert((spec.kernel_height, spec.in_channels, spec.bias as u8));
        assert!(spec.in_channels <= 8 && spec.out_channels <= 64 && spec.height <= 10);
        assert!(exercise.answer(Question::macs(Part::Standard)) < 2_000_000);
    }
    assert!(kinds.len() > 20, "only {} kinds of layer", kinds.len());
}

#[test]
fn right_answers_are_accepted_however_written() {
    let exercise = Exercise::new(7); // 5×5, 8 → 64, 8×8 'same', bias on both
    for question in Question::ALL {
        let answer = exercise.answer(question);
        let feedback = exercise.check(question, &answer.to_string());
        assert!(feedback.is_correct(), "{question:?}: {feedback:?}");
    }
    assert!(exercise
        .check(Question::params(Part::Standard), "12,864")
        .is_correct());
    assert!(exercise
        .check(Question::macs(Part::Standard), " 819 200 ")
        .is_correct());
    assert_eq!(
        exercise
            .check(Question::macs(Part::Standard), "819.200")
            .verdict,
        Verdict::Correct
    );
}

#[test]
fn forgotten_biases_are_named_with_the_difference() {
    let exercise = seed_one();
    let feedback = exercise.check(Question::params(Part::Standard), "180");
    assert_eq!(feedback.verdict, Verdict::Mistake(Mistake::BiasForgotten));
    assert_eq!(feedback.message, "You left out the biases: +10.");
    let feedback = exercise.check(Question::params(Part::Depthwise), "18");
    assert_eq!(feedback.message, "You left out the biases: +2.");
    // Separable without the depthwise biases only.
    assert_eq!(
        verdict(&exercise, Question::params(Part::Separable), "48"),
        Verdict::Mistake(Mistake::BiasForgotten)
    );
}

#[test]
fn depthwise_counted_as_a_standard_convolution() {
    let exercise = seed_one();
    for answer in ["180", "190"] {
        let feedback = exercise.check(Question::params(Part::Depthwise), answer);
        assert_eq!(
            feedback.verdict,
            Verdict::Mistake(Mistake::DepthwiseAsStandard),
            "{answer}"
        );
        assert!(feedback
            .message
            .starts_with("This is the standard count (3×3×2×10), not the depthwise one"));
    }
}

#[test]
fn standard_and_separable_swapped() {
    let exercise = seed_one();
    let feedback = exercise.check(Question::params(Part::Separable), "190");
    assert_eq!(
        feedback.verdict,
        Verdict::Mistake(Mistake::OtherCount(Question::params(Part::Standard)))
    );
    assert_eq!(
        feedback.message,
        "This is the standard count, not the separable one."
    );
    let feedback = exercise.check(Question::params(Part::Standard), "50");
    assert_eq!(
        feedback.message,
        "This is the separable count, not the standard one."
    );
}

#[test]
fn other_slips_have_their_own_messages() {
    let exercise = seed_one();
    let cases = [
        (
            Question::params(Part::Separable),
            "20",
            Mistake::OneStepOnly(Part::Depthwise),
        ),
        (
            Question::params(Part::Separable),
            "600",
            Mistake::StepsMultiplied,
        ),
        (
            Question::params(Part::Standard),
            "70",
            Mistake::KernelNotSquared,
        ),
        (
            Question::params(Part::Standard),
            "19",
            Mistake::OneFilterOnly,
        ),
        (
            Question::params(Part::Depthwise),
            "100",
            Mistake::DepthwisePerOutput,
        ),
        (
            Question::params(Part::Pointwise),
            "190",
            Mistake::PointwiseWithKernel,
        ),
        (
            Question::macs(Part::Standard),
            "4500",
            Mistake::InputSizeForOutput,
        ),
        (Question::macs(Part::Pointwise), "270", Mistake::BiasInMacs),
        (
            Question::macs(Part::Standard),
            "190",
            Mistake::OtherCount(Question::params(Part::Standard)),
        ),
    ];
    let mut messages = std::collections::HashSet::new();
    for (question, answer, mistake) in cases {
        let feedback = exercise.check(question, answer);
        assert_eq!(
            feedback.verdict,
            Verdict::Mistake(mistake),
            "{question:?} {answer}"
        );
        assert!(
            messages.insert(feedback.message.clone()),
            "{}",
            feedback.message
        );
    }
    assert_eq!(
        exercise
            .check(Question::macs(Part::Standard), "4500")
            .message,
        "You used the input size 5×5; the filters visit 3×3 output positions: −2880."
    );
}

#[test]
fn a_depthwise_bias_the_convention_does_not_have() {
    let exercise = Exercise::new(2); // Keras: bias after the pointwise step only
    assert_eq!(exercise.layer().spec().bias, Bias::PointwiseOnly);
    let feedback = exercise.check(Question::params(Part::Depthwise), "30");
    assert_eq!(
        feedback.verdict,
        Verdict::Mistake(Mistake::BiasNotInConvention)
    );
    assert!(feedback.message.ends_with(": −3."), "{}", feedback.message);
}

#[test]
fn unknown_answers_say_how_far_off_and_bad_text_is_explained() {
    let exercise = seed_one();
    let feedback = exercise.check(Question::params(Part::Standard), "191");
    assert_eq!(feedback.verdict, Verdict::Off(1));
    assert_eq!(feedback.message, "Not quite: 191 is too high by 1.");
    assert_eq!(
        exercise
            .check(Question::params(Part::Standard), "3 x 3")
            .verdict,
        Verdict::Unreadable
    );
    assert_eq!(
        exercise
            .check(Question::params(Part::Standard), "  ")
            .verdict,
        Verdict::Empty
    );
}

#[test]
fn hints_use_the_pages_notation() {
    let standard = Question::ALL
        .into_iter()
        .find(|q| q.part == Part::Standard && q.quantity == Quantity::Params)
        .unwrap();
    assert_eq!(
        standard.hint(Notation::Course),
        "Each of the n_c′ filters has f×f×n_c weights, plus one bias per filter when the layer has biases."
    );
    assert_eq!(
        standard.hint(Notation::Paper),
        "Each of the N filters has D_K×D_K×M weights, plus one bias per filter when the layer has biases."
    );
    for question in Question::ALL {
        for notation in [Notation::Course, Notation::Paper] {
            let hint = question.hint(notation);
            assert!(!hint.contains('{') && !hint.contains('?'), "{hint}");
        }
    }
}

#[test]
fn a_teacher_poses_the_forums_layer() {
    let forum = Exercise::for_layer(LayerSpec::forum_exercise()).expect("a valid layer");
    assert!(forum.is_posed() && !seed_one().is_posed());
    assert_eq!(forum.seed(), 0);
    assert_eq!(forum.layer().spec(), &LayerSpec::forum_exercise());
    let params = Part::ALL.map(|part| forum.answer(Question::params(part)));
    assert_eq!(params, [3584, 30, 512, 542]);
    // Checked and explained like a seeded exercise.
    assert!(forum
        .check(Question::params(Part::Standard), "3,584")
        .is_correct());
    let feedback = forum.check(Question::params(Part::Standard), "3456");
    assert_eq!(feedback.verdict, Verdict::Mistake(Mistake::BiasForgotten));
    assert_eq!(feedback.message, "You left out the biases: +128.");
    assert_eq!(
        verdict(&forum, Question::params(Part::Separable), "512"),
        Verdict::Mistake(Mistake::OneStepOnly(Part::Pointwise))
    );
    // An impossible layer is the layer's own error, not an exercise.
    let zero = LayerSpec {
        out_channels: 0,
        ..LayerSpec::forum_exercise()
    };
    assert!(Exercise::for_layer(zero).is_err());
}

#[test]
fn a_posed_layer_of_any_size_is_checked_without_overflow() {
    // The largest layer the page allows: slips that would overflow are no slips.
    let huge = LayerSpec {
        in_channels: 2048,
        out_channels: 2048,
        height: 4096,
        width: 4096,
        depth_multiplier: 64,
        bias: Bias::Both,
        ..LayerSpec::lecture_example().with_kernel(11)
    };
    let exercise = Exercise::for_layer(huge).expect("counts fit in u64");
    for question in Question::ALL {
        let right = exercise.answer(question);
        assert!(exercise.check(question, &right.to_string()).is_correct());
        for wrong in [0, 1, right / 2, right.saturating_add(1), u64::MAX] {
            let _ = exercise.check(question, &wrong.to_string());
        }
    }
}
