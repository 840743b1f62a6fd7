//! Section 2, the cost: big readouts, the counts, two charts, the closed form and
//! the worked derivation. Every number comes from the calculator.

use leptos::prelude::*;
use sepconv_calc::format::{fewer_or_more, percent, thousands};
use sepconv_calc::{Bias, Part, Quantity};

use super::charts::CostCharts;
use crate::components::widgets::math::named;
use crate::components::widgets::scroll_region::ScrollRegion;
use crate::embed::Section;
use crate::prose::WhyCheaper;
use crate::state::LayerState;
use sepconv_calc::Symbol;

/// "542 parameters: 15.1 % of a standard convolution (6.6× fewer)".
#[component]
fn Readout(state: LayerState, quantity: Quantity) -> impl IntoView {
    let id = quantity.id();
    let layer = state.layer;
    let unit = match quantity {
        Quantity::Params => view! { "parameters" }.into_any(),
        Quantity::Macs => view! { <abbr title="multiply-accumulates">"MACs"</abbr> }.into_any(),
    };
    view! {
        <div class="readout" data-testid=format!("readout-{id}")>
            <p class="readout-big">
                <span class="separable-text" data-testid=format!("readout-{id}-value")>
                    {move || thousands(layer.get().cost(Part::Separable).get(quantity))}
                </span>
                " " {unit}
            </p>
            <p class="readout-detail">
                <strong data-testid=format!("{id}-percent")>
                    {move || percent(layer.get().ratio(quantity).to_f64())}
                </strong>
                " of a standard convolution's "
                <span class="standard-text">{move || thousands(layer.get().cost(Part::Standard).get(quantity))}</span>
                " ("
                <strong data-testid=format!("{id}-fewer")>
                    {move || fewer_or_more(layer.get().ratio(quantity).to_f64())}
                </strong>
                ")"
            </p>
        </div>
    }
}

/// Parts × (parameters, MACs): the charts' numbers as text.
#[component]
fn CountsTable(state: LayerState) -> impl IntoView {
    let rows = Part::ALL
        .into_iter()
        .map(|part| {
            let cell = move |quantity: Quantity| {
                move || thousands(state.layer.get().cost(part).get(quantity))
            };
            view! {
                <tr class=part.name()>
                    <th scope="row"><span class="swatch" aria-hidden="true"></span>{part.name()}</th>
                    <td data-testid=format!("params-{}", part.name())>{cell(Quantity::Params)}</td>
                    <td data-testid=format!("macs-{}", part.name())>{cell(Quantity::Macs)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <ScrollRegion label="Parameters and MACs of each part">
        <table class="counts" data-testid="counts">
            <thead>
                <tr><th scope="col"><span class="visually-hidden">"part"</span></th><th scope="col">"parameters"</th><th scope="col">"MACs"</th></tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        </ScrollRegion>
    }
}

/// Why separable is cheaper, in one paragraph with this layer's numbers.
#[component]
fn Why(state: LayerState) -> impl IntoView {
    // Derived closures, not a memo: a memo of a new type costs kilobytes of
    // first-load code, and these are cheap to recompute.
    let why = move || WhyCheaper::of(&state.layer.get());
    let n = move |pick: fn(&WhyCheaper) -> u64| move || thousands(pick(&why()));
    view! {
        <p class="why" data-testid="why-cheaper">
            "A standard layer gives each of its "
            <span class="standard-text">{n(|w| w.standard.0)}</span>
            " output channels its own filter of "
            <span class="standard-text">{n(|w| w.standard.1)}</span>
            " weights that looks across space and channels at once. The separable layer filters space "
            {move || why().per_channel}
            " per input channel — "
            <span class="depthwise-text">{n(|w| w.depthwise.0)}</span>
            " depthwise filters of "
            <span class="depthwise-text">{n(|w| w.depthwise.1)}</span>
            " weights — then mixes channels with "
            <span class="pointwise-text">{n(|w| w.pointwise.0)}</span>
            {move || if why().pointwise_smaller { " pointwise filters of only " } else { " pointwise filters of " }}
            <span class="pointwise-text">{n(|w| w.pointwise.1)}</span>
            " weights each."
        </p>
    }
}

/// The closed form 1/N + 1/K² beside the exact ratio.
#[component]
fn ClosedForm(state: LayerState) -> impl IntoView {
    let layer = state.layer;
    let notation = move || state.notation.get();
    let spec = move || *layer.get().spec();
    let dm = move || (spec().depth_multiplier > 1).then(|| spec().depth_multiplier);
    let explanation = move || {
        let l = layer.get();
        if l.spec().bias == Bias::None {
            "Without biases the closed form is exact, for parameters and MACs alike.".to_string()
        } else {
            format!(
                "The closed form counts weights only: the biases ({} in the separable pair against {} in the standard layer) move the parameter ratio; MACs are unaffected.",
                thousands(l.separable().biases),
                thousands(l.standard().biases)
            )
        }
    };
    view! {
        <div class="closed-form" data-testid="closed-form">
            <ScrollRegion label="The closed form against the exact ratio">
            <p>
                <math display="inline">
                    <mrow>
                        {move || dm().map(|d| view! { <mn>{d}</mn><mo>"·"</mo><mo>"("</mo> })}
                        <mfrac><mn>"1"</mn>{move || named(Symbol::OutChannels, notation())}</mfrac>
                        <mo>"+"</mo>
                        <mfrac>
                            <mn>"1"</mn>
                            <msup>{move || named(Symbol::KernelHeight, notation())}<mn>"2"</mn></msup>
                        </mfrac>
                        {move || dm().map(|_| view! { <mo>")"</mo> })}
                        <mo>"="</mo>
                        <mfrac><mn>"1"</mn><mn>{move || thousands(spec().out_channels)}</mn></mfrac>
                        <mo>"+"</mo>
                        <mfrac><mn>"1"</mn><mn>{move || thousands(layer.get().kernel_area())}</mn></mfrac>
                        <mo>"="</mo>
                        <mn data-testid="closed-form-value">{move || format!("{:.3}", layer.get().closed_form().to_f64())}</mn>
                    </mrow>
                </math>
                " against the exact parameter ratio "
                <strong data-testid="exact-ratio">{move || format!("{:.3}", layer.get().params_ratio().to_f64())}</strong>
                "."
            </p>
            </ScrollRegion>
            <p class="note">{explanation}</p>
        </div>
    }
}

/// The cost at a glance (`#cost`): the readouts and why separable is cheaper.
/// On a phone it comes before the controls, so the answer is on the first screen.
#[component]
pub fn CostSummary(
    /// The page's layer state.
    state: LayerState,
) -> impl IntoView {
    let stale = move || {
        state.checked.get().is_err().then(|| {
            view! {
                <p class="stale" role="status" data-testid="stale-note">
                    "These settings are impossible (see the message by the control), so the numbers below are for the last valid layer."
                </p>
            }
        })
    };
    view! {
        // `held-cost`: hidden whole while `reveal=cost` holds it back
        // (`widgets::held_back`), and focused when shown.
        <section id=Section::Cost.id() class="panel cost cost-summary held-cost" tabindex="-1" aria-labelledby="cost-title">
            <h2 id="cost-title">"The cost"</h2>
            {stale}
            <div class="readouts" aria-live="polite">
                <Readout state quantity=Quantity::Params />
                <Readout state quantity=Quantity::Macs />
            </div>
            <Why state />
        </section>
    }
}

/// The cost in detail: the charts, the counts and the closed form.
#[component]
pub fn CostDetails(
    /// The page's layer state.
    state: LayerState,
) -> impl IntoView {
    // Held back with the summary's numbers (`reveal=cost`): `held-cost`.
    view! {
        <section class="panel cost cost-details held-cost" aria-label="The cost in detail" data-testid="cost-details">
            <CostCharts state />
            <CountsTable state />
            <ClosedForm state />
        </section>
    }
}
