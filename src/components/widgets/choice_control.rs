//! A few named options as a group of radio buttons: one widget for the layer's
//! choices and the explorer's.

use leptos::prelude::*;

use crate::controls::ChoiceField;
use crate::state::LayerState;

/// Radio buttons named `name` (unique on the page) under `legend`, one per
/// `(value, label)`; `current` is the checked value, `set` is called with the
/// one chosen; `testid` marks the group. A function, not a component: a
/// component's props cost first-load bytes.
pub fn radio_group(
    name: String,
    legend: &'static str,
    options: &[(&'static str, &'static str)],
    current: Signal<&'static str>,
    set: Callback<&'static str>,
    testid: String,
) -> impl IntoView {
    let buttons = options
        .iter()
        .map(|&(value, label)| {
            view! {
                <label class="choice">
                    <input
                        type="radio"
                        name=name.clone()
                        value=value
                        prop:checked=move || current.get() == value
                        on:change=move |_| set.run(value)
                    />
                    <span>{label}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="choices" data-testid=testid>
            <legend>{legend}</legend>
            <div class="choice-options">{buttons}</div>
        </fieldset>
    }
}

/// Radio buttons for one of the layer's choices.
#[component]
pub fn ChoiceControl(
    /// The page's layer state.
    state: LayerState,
    /// Which setting this control sets.
    field: ChoiceField,
) -> impl IntoView {
    radio_group(
        format!("choice-{}", field.key()),
        field.label(),
        field.options(),
        Signal::derive(move || state.controls.with(|c| field.get(c))),
        Callback::new(move |value| {
            state.controls.update(|c| {
                field.set(c, value);
            })
        }),
        format!("control-{}", field.key()),
    )
}
