//! The worked derivation, step by step, as the forum mentor wrote it.

use leptos::prelude::*;
use sepconv_calc::{Layer, Notation, Quantity};

use super::math::expr;
use crate::state::LayerState;

/// The page's derivation section: the layer being explained, worked out.
#[component]
pub fn Derivation(
    /// The page's layer state.
    state: LayerState,
) -> impl IntoView {
    let notation = Signal::derive(move || state.controls.with(|c| c.notation));
    view! {
        <section id="derivation" class="panel derivation-section" aria-labelledby="derivation-title">
            <h2 id="derivation-title">"The arithmetic"</h2>
            <DerivationSteps layer=state.layer notation testid="derivation" />
        </section>
    }
}

/// Both derivations of `layer`, parameters and MACs, every part; rows carry
/// `data-testid` `{testid}-params-depthwise` and so on.
#[component]
pub fn DerivationSteps(
    /// The layer to work out.
    #[prop(into)]
    layer: Signal<Layer>,
    /// Symbols to write.
    notation: Signal<Notation>,
    /// Prefix of the rows' test ids.
    testid: &'static str,
) -> impl IntoView {
    let block = move |quantity: Quantity, title: &'static str, rule: &'static str| {
        let rows = move || {
            let notation = notation.get();
            layer
                .get()
                .derivation()
                .into_iter()
                .filter(|s| s.quantity == quantity)
                .map(|step| {
                    // One <math> per "= form" so a narrow screen wraps between steps.
                    let symbolic = expr(&step.expression, Some(notation));
                    let forms = step
                        .forms()
                        .iter()
                        .map(|form| {
                            let form = expr(form, None);
                            view! { <math><mrow><mo>"="</mo>{form}</mrow></math> }
                        })
                        .collect_view();
                    let testid = format!(
                        "{testid}-{}-{}",
                        match quantity {
                            Quantity::Params => "params",
                            Quantity::Macs => "macs",
                        },
                        step.part.name()
                    );
                    view! {
                        <tr class=step.part.name() data-testid=testid data-text=step.text()>
                            <th scope="row"><span class="swatch" aria-hidden="true"></span>{step.part.name()}</th>
                            <td><div class="steps"><math><mrow>{symbolic}</mrow></math>{forms}</div></td>
                        </tr>
                    }
                })
                .collect_view()
        };
        view! {
            <h3>{title}</h3>
            <p class="rule">{rule}</p>
            <table class="derivation"><tbody>{rows}</tbody></table>
        }
    };
    view! {
        {block(
            Quantity::Params,
            "Parameters",
            "(weights per filter + bias) × number of filters",
        )}
        {block(
            Quantity::Macs,
            "Multiply-accumulates",
            "(multiplications per output value) × (output values: channels × height × width)",
        )}
    }
}
