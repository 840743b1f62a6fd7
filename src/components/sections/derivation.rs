//! The worked derivation, step by step, as the forum mentor wrote it.

use leptos::prelude::*;

use crate::embed::Section;
use sepconv_calc::{Layer, Notation, Quantity};

use crate::components::hooks::use_near_screen::use_section_state;
use crate::components::widgets::held_back::show_answer;
use crate::components::widgets::math::expr;
use crate::components::widgets::save_png::copy_text;
use crate::components::widgets::scroll_region::ScrollRegion;
use crate::latex;
use crate::state::LayerState;

/// "Copy as LaTeX": both derivations with this layer's numbers. Where the
/// browser refuses the clipboard, the LaTeX is shown to copy by hand.
#[component]
fn CopyLatex(state: LayerState) -> impl IntoView {
    let status = RwSignal::new(None::<&'static str>);
    let shown = RwSignal::new(None::<String>);
    let copy = move |_| {
        let text = latex::derivation(&state.layer.get_untracked(), state.notation.get_untracked());
        leptos::task::spawn_local(async move {
            if copy_text(&text).await {
                status.set(Some("LaTeX copied"));
                shown.set(None);
            } else {
                status.set(Some(
                    "The browser did not allow copying: here it is to copy by hand.",
                ));
                shown.set(Some(text));
            }
        });
    };
    view! {
        <div class="copy-latex">
            <button type="button" on:click=copy data-testid="copy-latex">"Copy as LaTeX"</button>
            <span class="note" role="status" data-testid="copy-latex-status">{status}</span>
            {move || shown.get().map(|text| view! {
                <textarea readonly rows="8" aria-label="The derivation in LaTeX" data-testid="latex-text" prop:value=text></textarea>
            })}
        </div>
    }
}

/// The page's derivation section: the layer being explained, worked out.
#[component]
pub fn Derivation(
    /// The page's layer state.
    state: LayerState,
) -> impl IntoView {
    let (section, state) = use_section_state(state);
    view! {
        <section node_ref=section id=Section::Derivation.id() class="panel derivation-section" aria-labelledby="derivation-title">
            <div class="section-head">
                <h2 id="derivation-title">"The arithmetic"</h2>
                <CopyLatex state />
            </div>
            // Held back, with its LaTeX, by `reveal=derivation`.
            {show_answer("derivation", "derivation-answer")}
            <div id="derivation-answer" class="held-derivation" tabindex="-1">
                <DerivationSteps layer=state.layer notation=state.notation testid="derivation" />
            </div>
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
    #[prop(into)]
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
                    // One <math> per "= form" so a narrow screen wraps between
                    // steps, but the result shares one with the form before it:
                    // "= 3456" never ends up alone on a line.
                    let mut forms: Vec<AnyView> = vec![expr(&step.expression, Some(notation))];
                    forms.extend(step.forms().iter().map(|form| {
                        let form = expr(form, None);
                        view! { <mo>"="</mo>{form} }.into_any()
                    }));
                    let last = forms.split_off(forms.len().saturating_sub(2));
                    let steps = forms
                        .into_iter()
                        .map(|form| view! { <math><mrow>{form}</mrow></math> })
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
                            <td><div class="steps">{steps}<math><mrow>{last}</mrow></math></div></td>
                        </tr>
                    }
                })
                .collect_view()
        };
        view! {
            <h3>{title}</h3>
            <p class="rule">{rule}</p>
            <ScrollRegion label=title>
                <table class="derivation"><tbody>{rows}</tbody></table>
            </ScrollRegion>
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
