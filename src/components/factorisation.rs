//! The factorisation W[n, m] = P[n, m] · D[m], interactively: edit a depthwise
//! filter or a pointwise weight and watch the equivalent standard kernel; then
//! the converse, how far a random standard kernel is from every separable one.

use leptos::prelude::*;
use sepconv_calc::factor::{nearest_separable, Kernel, SplitMix64};
use sepconv_calc::format::{percent, thousands};

use super::math::named;
use super::near_screen::near_screen;
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

/// The factorisation section.
#[component]
pub fn Factorisation(
    /// The page's layer state (for the degrees of freedom).
    state: LayerState,
) -> impl IntoView {
    let section = NodeRef::<leptos::html::Section>::new();
    let state = state.when_near(near_screen(section));
    let inputs = RwSignal::new(2usize);
    let outputs = RwSignal::new(3usize);
    let seed = RwSignal::new(1u64);
    let weights = RwSignal::new(Weights::roll(1));
    let kernel = Memo::new(move |_| weights.with(|w| w.kernel(outputs.get(), inputs.get())));
    let reroll = move |_| {
        seed.update(|s| *s += 1);
        weights.set(Weights::roll(seed.get_untracked()));
    };

    let depthwise = move || {
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
    let pointwise = move || {
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
    let standard = move || {
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

    let layer = state.layer;
    let dof = move || {
        let l = layer.get();
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
    let converse = Memo::new(move |_| {
        let random = Kernel::random(outputs.get(), inputs.get(), TAPS, seed.get());
        nearest_separable(&random).errors_by_rank
    });
    let converse_text = move || {
        let errors = converse.get();
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

    view! {
        <section node_ref=section id="factorisation" class="panel factorisation" aria-labelledby="factorisation-title">
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
                {size_select("input channels", inputs)}
                {size_select("output channels", outputs)}
                <button type="button" on:click=reroll data-testid="reroll">"Re-roll"</button>
            </div>
            <div class="factor-grid">
                <div>
                    <h3 class="depthwise-text">"Depthwise filters D"</h3>
                    <div class="filters">{depthwise}</div>
                </div>
                <div>
                    <h3 class="pointwise-text">"Pointwise weights P"</h3>
                    <table class="pointwise-table"><tbody>{pointwise}</tbody></table>
                </div>
                <div>
                    <h3 class="standard-text">"Equivalent standard kernel W"</h3>
                    <div class="filters" data-testid="equivalent-kernel">{standard}</div>
                </div>
            </div>
            <p data-testid="dof">{dof}</p>
            <p data-testid="converse">{converse_text}</p>
            <p data-testid="why-enough">
                "Why is the smaller family enough? Separable networks are not standard networks approximated afterwards: they are trained separable from the start, "
                "so training looks for the best kernels inside the family, and the layers around each one adapt to it. "
                "A random kernel's distance measures how much smaller the family is, not how much a trained network loses."
            </p>
        </section>
    }
}
