//! A numeric control: a slider and a number field kept in sync, with the message
//! for anything wrong with this input next to it.

use leptos::prelude::*;
use sepconv_calc::format::thousands;

use crate::components::widgets::math::named;
use crate::controls::NumberField;
use crate::state::LayerState;

/// One slider + number field for `field`.
#[component]
pub fn NumberControl(
    /// The page's layer state.
    state: LayerState,
    /// Which value this control sets.
    field: NumberField,
) -> impl IntoView {
    let scale = field.scale();
    let (lowest, highest) = scale.positions();
    let value = Memo::new(move |_| state.controls.with(|c| field.get(c)));
    // Text typed in the number field that is not a count: the field keeps it,
    // marked, with its message, until it is corrected or the value changes
    // from elsewhere (the slider, a preset), which the field then shows.
    let typed_error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        value.track();
        typed_error.set(None);
    });
    let calc_error = move || match state.checked.get() {
        Err(e) if e.field() == Some(field.calc_field()) => Some(e.to_string()),
        _ => None,
    };
    // A memo: the verdict changes with every slider move, this control's
    // message rarely, and three places show it.
    let message = Memo::new(move |_| typed_error.get().or_else(calc_error));
    let set = move |v: u64| {
        typed_error.set(None);
        state.controls.update(|c| field.set(c, v));
    };
    let id = format!("control-{}", field.key());
    let error_id = format!("{id}-error");

    view! {
        <div class="control" class:invalid=move || message.with(Option::is_some) data-testid=id.clone()>
            <label for=format!("{id}-number")>
                {field.label()} " "
                <math>{move || named(field.symbol(), state.notation.get())}</math>
            </label>
            <div class="control-inputs">
                <input
                    type="range"
                    min=lowest
                    max=highest
                    step="1"
                    aria-label=field.label()
                    aria-valuetext=move || thousands(value.get())
                    prop:value=move || scale.position(value.get()).to_string()
                    on:input=move |ev| {
                        if let Ok(position) = event_target_value(&ev).parse::<u32>() {
                            set(scale.value(position));
                        }
                    }
                    on:keydown=move |ev| {
                        if let Some(next) = scale.key(value.get_untracked(), &ev.key()) {
                            ev.prevent_default();
                            set(next);
                        }
                    }
                />
                <input
                    id=format!("{id}-number")
                    type="text"
                    inputmode="numeric"
                    autocomplete="off"
                    spellcheck="false"
                    aria-describedby=error_id.clone()
                    aria-invalid=move || message.with(Option::is_some).to_string()
                    prop:value=move || value.get().to_string()
                    on:input=move |ev| match field.parse(&event_target_value(&ev)) {
                        Ok(v) => set(v),
                        Err(e) => typed_error.set(Some(e)),
                    }
                />
            </div>
            <p class="control-error" id=error_id role="alert">{message}</p>
        </div>
    }
}
