//! The factorisation W[n, m] = P[n, m] · D[m], interactively: edit a depthwise
//! filter or a pointwise weight and watch the equivalent standard kernel; then
//! the converse, how far a random standard kernel is from every separable one.

use leptos::prelude::*;

use crate::lab::findings::kernels_pointer;
use crate::lab::LabData;

use crate::embed::Section;
use sepconv_calc::factor::{nearest_separable, Kernel, SplitMix64};
use sepconv_calc::format::{percent, thousands};

use crate::components::hooks::use_near_screen::use_section_state;
use crate::components::widgets::math::named;
use crate::prose;
use crate::state::LayerState;
use sepconv_calc::Symbol;

/// The example's kernel is 3×3 and it has at most 4 input and 4 output channels.
const MAX: usize = 4;
const TAPS: usize = 9;

/// Small integer weights, all 4×4 of P and 4×9 of D, so shrinking and growing the
/// example keeps what the student typed.
#[derive(Debug, Clone, PartialEq)]
struct Weights {
    pointwise: Vec<i64>,
    depthwise: Vec<i64>,
}

impl Weights {
    fn roll(seed: u64) -> Weights {
        let mut rng = SplitMix64(seed);
        let mut draw = |count: usize| (0..count).map(|_| rng.between(0, 4) as i64 - 2).collect();
        Weights {
            pointwise: draw(MAX * MAX),
            depthwise: draw(MAX * TAPS),
        }
    }

    /// The equivalent standard kernel for n outputs and m inputs.
    fn kernel(&self, n: usize, m: usize) -> Kernel {
        let p: Vec<f64> = (0..n)
            .flat_map(|o| (0..m).map(move |i| (o, i)))
            .map(|(o, i)| self.pointwise[o * MAX + i] as f64)
            .collect();
        let d: Vec<f64> = self.depthwise[..m * TAPS]
            .iter()
            .map(|&v| v as f64)
            .collect();
        Kernel::separable(n, m, TAPS, &p, &d)
    }
}

/// A small number field for one weight.
fn weight_input(
    value: impl Fn() -> i64 + Send + Sync + 'static,
    set: impl Fn(i64) + 'static,
    label: String,
) -> impl IntoView {
    view! {
        <input
            class="weight"
            type="text"
            inputmode="numeric"
            aria-label=label
            prop:value=move || value().to_string()
            on:input=move |ev| {
                if let Ok(v) = event_target_value(&ev).trim().parse::<i64>() {
                    set(v.clamp(-9, 9));
                }
            }
        />
    }
}

/// A count selector 1..=4.
fn size_select(label: &'static str, value: RwSignal<usize>) -> impl IntoView {
    view! {
        <label class="size">
            {label} " "
            <select on:change=move |ev| value.set(event_target_value(&ev).parse().unwrap_or(1))>
                {(1..=MAX).map(|k| view! { <option value=k.to_string() selected=move || value.get() == k>{k}</option> }).collect_view()}
            </select>
        </label>
    }
}

/// The example's state: its size, its weights and the seed of its random kernel.
#[derive(Clone, Copy)]
struct Example {
    inputs: RwSignal<usize>,
    outputs: RwSignal<usize>,
    seed: RwSignal<u64>,
    weights: RwSignal<Weights>,
}

/// The depthwise filters D, one editable 3×3 grid per input channel.
#[component]
fn DepthwiseFilters(example: Example) -> impl IntoView {
    let Example {
        inputs, weights, ..
    } = example;
    let filters = move || {
        (0..inputs.get())
            .map(|m| {
                let cells = (0..TAPS)
                    .map(|t| {
                        weight_input(
                            move || weights.with(|w| w.depthwise[m * TAPS + t]),
                            move |v| weights.update(|w| w.depthwise[m * TAPS + t] = v),
                            format!("depthwise filter {} cell {}", m + 1, t + 1),
                        )
                    })
                    .collect_view();
                view! {
                    <div class="filter depthwise">
                        <span class="filter-label">{format!("D[{}]", m + 1)}</span>
                        <div class="taps">{cells}</div>
                    </div>
                }
            })
            .collect_view()
    };
    view! { <div class="filters">{filters}</div> }
}

/// The pointwise weights P, one editable row per output.
#[component]
fn PointwiseWeights(example: Example) -> impl IntoView {
    let Example {
        inputs,
        outputs,
        weights,
        ..
    } = example;
    let rows = move || {
        let m = inputs.get();
        (0..outputs.get())
            .map(|n| {
                let cells = (0..m)
                    .map(|i| {
                        weight_input(
                            move || weights.with(|w| w.pointwise[n * MAX + i]),
                            move |v| weights.update(|w| w.pointwise[n * MAX + i] = v),
                            format!("pointwise weight from channel {} to output {}", i + 1, n + 1),
                        )
                    })
                    .collect_view();
                view! { <tr><th scope="row">{format!("P[{}, ·]", n + 1)}</th><td><div class="row-weights">{cells}</div></td></tr> }
            })
            .collect_view()
    };
    view! { <table class="pointwise-table"><tbody>{rows}</tbody></table> }
}

/// The standard kernel W = P·D the two give, read-only.
#[component]
fn EquivalentKernel(example: Example) -> impl IntoView {
    let Example {
        inputs,
        outputs,
        weights,
        ..
    } = example;
    let kernel = Memo::new(move |_| weights.with(|w| w.kernel(outputs.get(), inputs.get())));
    let filters = move || {
        let k = kernel.get();
        (0..k.outputs)
            .map(|n| {
                let slices = (0..k.inputs)
                    .map(|m| {
                        let cells = (0..TAPS)
                            .map(|t| view! { <span class="tap">{k.at(n, m, t) as i64}</span> })
                            .collect_view();
                        view! { <div class="taps" data-testid=format!("w-{n}-{m}")>{cells}</div> }
                    })
                    .collect_view();
                view! {
                    <div class="filter standard">
                        <span class="filter-label">{format!("W[{}]", n + 1)}</span>
                        <div class="slices">{slices}</div>
                    </div>
                }
            })
            .collect_view()
    };
    view! { <div class="filters" data-testid="equivalent-kernel">{filters}</div> }
}

/// The degrees of freedom of the page's layer, standard against separable.
#[component]
fn DegreesOfFreedom(state: LayerState) -> impl IntoView {
    let dof = move || {
        let l = state.layer.get();
        let (sep, std) = (l.separable().weights, l.standard().weights);
        let n = state.notation.get();
        let s = |symbol| named(symbol, n);
        let k2 = || view! { <msup>{s(Symbol::KernelHeight)}<mn>"2"</mn></msup> };
        // With a depth multiplier the depthwise step has M·dm channels.
        let md = move || {
            let dm = (l.spec().depth_multiplier > 1).then(|| s(Symbol::DepthMultiplier));
            view! { {s(Symbol::InChannels)}{dm} }
        };
        view! {
            "For the layer on this page, a standard kernel has "
            <math><mrow>{k2()}{s(Symbol::InChannels)}{s(Symbol::OutChannels)}</mrow></math>
            " = "
            <strong class="standard-text" data-testid="dof-standard">{thousands(std)}</strong>
            " free weights and a separable one "
            <math><mrow>{k2()}{md()}<mo>"+"</mo>{md()}{s(Symbol::OutChannels)}</mrow></math>
            " = "
            <strong class="separable-text" data-testid="dof-separable">{thousands(sep)}</strong>
            " "
            {prose::family(&l)}
        }
    };
    view! { <p data-testid="dof">{dof}</p> }
}

/// How far a random standard kernel of the example's size is from separable.
#[component]
fn Converse(example: Example) -> impl IntoView {
    let Example {
        inputs,
        outputs,
        seed,
        ..
    } = example;
    let errors = Memo::new(move |_| {
        let random = Kernel::random(outputs.get(), inputs.get(), TAPS, seed.get());
        nearest_separable(&random).errors_by_rank
    });
    let text = move || {
        let errors = errors.get();
        view! {
            {format!(
                "The converse does not hold. A random standard kernel of the example's size ({} outputs, {} inputs, 3×3) is ",
                outputs.get(),
                inputs.get()
            )}
            <strong data-testid="separable-error">{percent(errors[0])}</strong>
            " away from the nearest separable kernel (relative error of the best fit with one spatial pattern per input channel). "
            {prose::patterns_close_the_gap(&errors, outputs.get())}
            " So a separable layer computes the same outputs as a standard one only when the standard kernel already has the separable form."
        }
    };
    view! { <p data-testid="converse">{text}</p> }
}

/// The factorisation section.
#[component]
pub fn Factorisation(
    /// The page's layer state (for the degrees of freedom).
    state: LayerState,
) -> impl IntoView {
    let (section, state) = use_section_state(state);
    let example = Example {
        inputs: RwSignal::new(2),
        outputs: RwSignal::new(3),
        seed: RwSignal::new(1),
        weights: RwSignal::new(Weights::roll(1)),
    };
    let reroll = move |_| {
        example.seed.update(|s| *s += 1);
        example
            .weights
            .set(Weights::roll(example.seed.get_untracked()));
    };
    view! {
        <section node_ref=section id=Section::Factorisation.id() class="panel factorisation" aria-labelledby="factorisation-title">
            <h2 id="factorisation-title">"The factorisation"</h2>
            <p>
                "Without anything between its two steps, a separable layer is a standard layer with a restricted kernel: the filter from input channel m to output n is "
                <math><mrow><mi>"W"</mi><mo>"["</mo><mi>"n"</mi><mo>","</mo><mi>"m"</mi><mo>"]"</mo><mo>"="</mo>
                <mi>"P"</mi><mo>"["</mo><mi>"n"</mi><mo>","</mo><mi>"m"</mi><mo>"]"</mo><mo>"·"</mo>
                <mi>"D"</mi><mo>"["</mo><mi>"m"</mi><mo>"]"</mo></mrow></math>
                ": for each input channel, every output uses the same 3×3 pattern, only scaled. Edit a weight to see it."
            </p>
            <p data-testid="nonlinearity">
                "MobileNet puts BatchNorm and a ReLU between the two steps. BatchNorm scales and shifts each channel, which folds into the weights and biases; "
                "the ReLU does not fold. It makes the pair a small two-layer block, with a nonlinearity on every depthwise channel that no single standard layer has. "
                "W = P·D is the pair's linear skeleton, the part that can be compared with a standard layer."
            </p>
            <div class="factor-controls">
                {size_select("input channels", example.inputs)}
                {size_select("output channels", example.outputs)}
                <button type="button" on:click=reroll data-testid="reroll">"Re-roll"</button>
            </div>
            <div class="factor-grid">
                <div>
                    <h3 class="depthwise-text">"Depthwise filters D"</h3>
                    <DepthwiseFilters example />
                </div>
                <div>
                    <h3 class="pointwise-text">"Pointwise weights P"</h3>
                    <PointwiseWeights example />
                </div>
                <div>
                    <h3 class="standard-text">"Equivalent standard kernel W"</h3>
                    <EquivalentKernel example />
                </div>
            </div>
            <DegreesOfFreedom state />
            <Converse example />
            <p data-testid="why-enough">
                "Why is the smaller family enough? Separable networks are not standard networks approximated afterwards: they are trained separable from the start, "
                "so training looks for the best kernels inside the family, and the layers around each one adapt to it. "
                "A random kernel's distance measures how much smaller the family is, not how much a trained network loses."
            </p>
            <p data-testid="factorisation-lab">
                {kernels_pointer(LabData::FashionMnist)}
                " "
                <a href="#lab-kernels">"What training learns"</a>
                ", measured."
            </p>
        </section>
    }
}
