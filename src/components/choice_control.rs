//! A control with a few options, as a group of radio buttons.

use leptos::prelude::*;

use crate::controls::ChoiceField;
use crate::state::LayerState;

/// Radio buttons for `field`.
#[component]
pub fn ChoiceControl(
    /// The page's layer state.
    state: LayerState,
    /// Which setting this control sets.
    field: ChoiceField,
) -> impl IntoView {
    let name = format!("choice-{}", field.key());
    let options = field
        .options()
        .iter()
        .map(|&(value, label)| {
            let checked = move || state.controls.with(|c| field.get(c) == value);
            view! {
                <label class="choice">
                    <input
                        type="radio"
                        name=name.clone()
                        value=value
                        prop:checked=checked
                        on:change=move |_| state.controls.update(|c| {
                            field.set(c, value);
                        })
                    />
                    <span>{label}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="choices" data-testid=format!("control-{}", field.key())>
            <legend>{field.label()}</legend>
            <div class="choice-options">{options}</div>
        </fieldset>
    }
}
