//! "Try it yourself": a seeded toy layer, or the layer a teacher's link poses
//! (`ex=layer`), a field per count, and feedback from the calculator that names
//! the slip; the full working on request.

use leptos::prelude::*;

use crate::embed::Section;
use sepconv_calc::exercise::{Exercise, Feedback, Question, Verdict};
use sepconv_calc::{Layer, Notation, Padding, Quantity};

use super::derivation::DerivationSteps;
use crate::components::widgets::url_notes::UrlNotes;
use crate::practice::{self, ExerciseSource};

/// What the student is asked to count, in words.
fn task(exercise: &Exercise) -> String {
    let layer = exercise.layer();
    let spec = layer.spec();
    let out = layer.output();
    let padding = match spec.padding {
        Padding::Same => "'same' padding",
        _ => "no padding ('valid')",
    };
    // Seeded layers have a depth multiplier of 1; a posed one may not.
    let multiplier = match spec.depth_multiplier {
        1 => String::new(),
        d => format!(", depth multiplier {d}"),
    };
    format!(
        "Input {}×{}×{}, {}×{} filters, {} output channels, stride {}, {padding}{multiplier}: the output is {}×{}×{}.",
        spec.height,
        spec.width,
        spec.in_channels,
        spec.kernel_height,
        spec.kernel_width,
        spec.out_channels,
        spec.stride,
        out.height,
        out.width,
        out.channels
    )
}

/// The label of a question's field.
fn label(question: Question) -> &'static str {
    match question.part {
        sepconv_calc::Part::Standard => "Standard convolution",
        sepconv_calc::Part::Depthwise => "Depthwise step",
        sepconv_calc::Part::Pointwise => "Pointwise step",
        sepconv_calc::Part::Separable => "Separable layer (both steps)",
    }
}

/// One answer field with its feedback under it.
#[component]
fn AnswerField(
    question: Question,
    answer: RwSignal<String>,
    feedback: Signal<Option<Feedback>>,
    notation: Signal<Notation>,
) -> impl IntoView {
    let id = format!("exercise-{}", question.id());
    let feedback_id = format!("{id}-feedback");
    let verdict = move || feedback.get().map(|f| f.verdict);
    let hint = move || {
        feedback.get().and_then(|f| {
            matches!(f.verdict, Verdict::Mistake(_) | Verdict::Off(_)).then(
                || view! { <span class="hint">"Hint: "{question.hint(notation.get())}</span> },
            )
        })
    };
    view! {
        <div
            class=format!("answer {}", question.part.name())
            class:correct=move || verdict() == Some(Verdict::Correct)
            class:wrong=move || matches!(verdict(), Some(Verdict::Mistake(_) | Verdict::Off(_) | Verdict::Unreadable))
        >
            <label for=id.clone()><span class="swatch" aria-hidden="true"></span>{label(question)}</label>
            <input
                id=id.clone()
                type="text"
                inputmode="numeric"
                autocomplete="off"
                spellcheck="false"
                data-testid=id.clone()
                aria-describedby=feedback_id.clone()
                prop:value=move || answer.get()
                on:input=move |ev| answer.set(event_target_value(&ev))
            />
            <p class="feedback" id=feedback_id data-testid=format!("{id}-feedback")>
                {move || feedback.get().map(|f| {
                    let mark = match f.verdict {
                        Verdict::Correct => "✓ ",
                        Verdict::Empty => "",
                        _ => "✗ ",
                    };
                    format!("{mark}{}", f.message)
                })}
                " "
                {hint}
            </p>
        </div>
    }
}

/// Which exercise this is and where it comes from, for its heading.
fn origin(exercise: &Exercise) -> AnyView {
    if exercise.is_posed() {
        view! {
            <p data-testid="exercise-posed">
                "Your teacher's layer: it is in the page's link, so everyone who opens the link gets the same exercise."
            </p>
        }
        .into_any()
    } else {
        view! {
            <p>
                "Exercise " <strong data-testid="exercise-seed">{exercise.seed()}</strong>
                ". Its number is in the page's link, so everyone who opens the link gets the same layer."
            </p>
        }
        .into_any()
    }
}

/// The section. `source` is the exercise in the URL: a seed (a new one is made
/// when absent) or the page's layer, posed by a teacher.
#[component]
pub fn ExerciseSection(
    /// The exercise (shared with the URL).
    source: RwSignal<ExerciseSource>,
    /// The page's layer, which a posed exercise asks about.
    layer: Memo<Layer>,
    /// Notes on a bad `ex` value in the URL.
    notes: Vec<String>,
    /// Symbols used in the revealed derivation.
    notation: Signal<Notation>,
) -> impl IntoView {
    let exercise = Memo::new(move |_| source.get().exercise(&layer.get()));
    let answers: Vec<(Question, RwSignal<String>)> = Question::ALL
        .into_iter()
        .map(|q| (q, RwSignal::new(String::new())))
        .collect();
    // The feedback of the last check, one per question.
    let checked = RwSignal::new(None::<Vec<Feedback>>);
    let show_working = RwSignal::new(false);
    // A new exercise starts clean.
    {
        let answers = answers.clone();
        Effect::new(move |previous: Option<Exercise>| {
            let now = exercise.get();
            if previous.is_some_and(|p| p != now) {
                answers.iter().for_each(|(_, a)| a.set(String::new()));
                checked.set(None);
                show_working.set(false);
            }
            now
        });
    }
    let check = {
        let answers = answers.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let e = exercise.get_untracked();
            checked.set(Some(
                answers
                    .iter()
                    .map(|(q, a)| e.check(*q, &a.get_untracked()))
                    .collect(),
            ));
        }
    };
    let feedback = move |index: usize| {
        Signal::derive(move || checked.with(|c| c.as_ref().map(|c| c[index].clone())))
    };
    let summary = move || {
        checked.with(|c| {
            let c = c.as_ref()?;
            let answered = c.iter().filter(|f| f.verdict != Verdict::Empty).count();
            let right = c.iter().filter(|f| f.is_correct()).count();
            Some(match (answered, right) {
                (0, _) => "Fill in at least one count, then check.".to_string(),
                (a, r) if a == r => format!("All {r} of your answers are right."),
                (a, r) => format!("{r} of your {a} answers are right; the messages under the others say what is off."),
            })
        })
    };
    let fields = move |quantity: Quantity| {
        answers
            .iter()
            .enumerate()
            .filter(|(_, (q, _))| q.quantity == quantity)
            .map(|(i, (q, a))| view! { <AnswerField question=*q answer=*a feedback=feedback(i) notation /> })
            .collect_view()
    };
    let new_exercise = move |_| {
        source.set(ExerciseSource::Seed(practice::seed_from(
            js_sys::Math::random(),
        )))
    };
    view! {
        <section id=Section::Exercise.id() class="panel" aria-labelledby="exercise-title">
            <h2 id="exercise-title">"Try it yourself"</h2>
            <UrlNotes notes testid="exercise-notes" />
            <div class="exercise-head">
                {move || origin(&exercise.get())}
                <button type="button" data-testid="exercise-new" on:click=new_exercise>"New exercise"</button>
            </div>
            <p class="exercise-task" data-testid="exercise-task">{move || task(&exercise.get())}</p>
            <p class="exercise-bias" data-testid="exercise-bias">
                <strong>"Biases: "</strong>{move || exercise.get().bias_rule()}
            </p>
            <form class="exercise-form" on:submit=check novalidate>
                <fieldset>
                    <legend>"Parameters"</legend>
                    <div class="answers-grid">{fields(Quantity::Params)}</div>
                </fieldset>
                <details>
                    <summary>"Also count the multiply-accumulates (optional)"</summary>
                    <div class="answers-grid">{fields(Quantity::Macs)}</div>
                </details>
                <div class="exercise-actions">
                    <button type="submit" class="primary" data-testid="exercise-check">"Check"</button>
                    <button
                        type="button"
                        data-testid="exercise-show"
                        aria-expanded=move || show_working.get().to_string()
                        on:click=move |_| show_working.update(|s| *s = !*s)
                    >
                        {move || if show_working.get() { "Hide the derivation" } else { "Show the derivation" }}
                    </button>
                </div>
                <p class="exercise-summary" role="status" data-testid="exercise-summary">{summary}</p>
            </form>
            <Show when=move || show_working.get()>
                <div class="exercise-working derivation-section" data-testid="exercise-working">
                    <DerivationSteps
                        layer=Signal::derive(move || *exercise.get().layer())
                        notation
                        testid="exercise-derivation"
                    />
                </div>
            </Show>
        </section>
    }
}
