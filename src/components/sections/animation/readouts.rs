//! What the animation reads out around the stage: the mode and the counter
//! above it, the tensors' shapes under it.

use leptos::prelude::*;
use sepconv_calc::format::thousands;
use sepconv_calc::Symbol;

use super::player::Player;
use crate::components::widgets::math::named;
use crate::state::LayerState;
use crate::timeline::Mode;

/// The mode buttons and the counter of multiplications done.
#[component]
pub fn CounterBar(
    /// The animation's player.
    player: Player,
) -> impl IntoView {
    let Player {
        mode,
        timeline,
        done,
        ..
    } = player;
    let counter = move || timeline.with(|t| t.counter(done.get()));
    let layer = move || timeline.with(|t| *t.layer());
    let readout = move || {
        let c = counter();
        match timeline.with(|t| t.mode()) {
            Mode::Separable => view! {
                <strong class="separable-text" data-testid="anim-total">{thousands(c.total())}</strong>
                " of " {thousands(layer().separable().macs)} " multiplications: "
                <span class="depthwise-text">{thousands(c.depthwise)}</span>
                " depthwise + "
                <span class="pointwise-text">{thousands(c.pointwise)}</span>
                " pointwise"
            }
            .into_any(),
            Mode::Standard => view! {
                <strong class="standard-text" data-testid="anim-total">{thousands(c.total())}</strong>
                " of " {thousands(layer().standard().macs)} " multiplications: "
                <span class="standard-text">"standard"</span>
            }
            .into_any(),
            Mode::Race => view! {
                <span class="race-counter">
                    <span class="standard-text">"Standard "</span>
                    <strong class="standard-text" data-testid="race-standard">{thousands(c.standard)}</strong>
                    " of " {thousands(layer().standard().macs)}
                </span>
                <span class="race-counter">
                    <span class="separable-text">"Separable "</span>
                    <strong class="separable-text" data-testid="race-separable">{thousands(c.depthwise + c.pointwise)}</strong>
                    " of " {thousands(layer().separable().macs)}
                </span>
                <span class="visually-hidden" data-testid="anim-total">{thousands(c.total())}</span>
            }
            .into_any(),
        }
    };
    let mode_button = move |m: Mode, label: &'static str| {
        view! {
            <button type="button" aria-pressed=move || (mode.get() == m).to_string() on:click=move |_| mode.set(m)>
                {label}
            </button>
        }
    };
    view! {
        <div class="animation-bar">
            <div class="mode" role="group" aria-label="Convolution">
                {mode_button(Mode::Separable, "Depthwise separable")}
                {mode_button(Mode::Standard, "Standard")}
                {mode_button(Mode::Race, "Side by side")}
            </div>
            <p class="counter" data-testid="anim-counter" aria-live="off">{readout}</p>
        </div>
    }
}

/// The tensors' shapes under the stage, in the page's notation.
#[component]
pub fn StageLegend(
    /// The page's layer state.
    state: LayerState,
) -> impl IntoView {
    let legend = move || {
        let n = state.notation.get();
        let s = |symbol| named(symbol, n);
        let l = state.layer.get();
        let (spec, out) = (*l.spec(), l.output());
        let times = || view! { <mo>"×"</mo> };
        view! {
            "Input "
            <math><mrow>{s(Symbol::InHeight)}{times()}{s(Symbol::InWidth)}{times()}{s(Symbol::InChannels)}</mrow></math>
            {format!(" = {}×{}×{}", spec.height, spec.width, spec.in_channels)}
            ", filters "
            <math><mrow>{s(Symbol::KernelHeight)}{times()}{s(Symbol::KernelWidth)}</mrow></math>
            ", output "
            <math><mrow>{s(Symbol::OutHeight)}{times()}{s(Symbol::OutWidth)}{times()}{s(Symbol::OutChannels)}</mrow></math>
            {format!(" = {}×{}×{}", out.height, out.width, out.channels)}
        }
    };
    view! { <p class="stage-legend" data-testid="stage-legend">{legend}</p> }
}
