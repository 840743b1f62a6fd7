//! Section 1, the layer: presets, every control, and notes about the URL.

use leptos::prelude::*;

use crate::embed::Section;

use crate::components::widgets::choice_control::ChoiceControl;
use crate::components::widgets::number_control::NumberControl;
use crate::components::widgets::url_notes::UrlNotes;
use crate::controls::{ChoiceField, NumberField, Preset};
use crate::state::LayerState;

/// The controls section.
#[component]
pub fn ControlsPanel(
    /// The page's layer state.
    state: LayerState,
    /// Notes about values in the URL that were replaced.
    notes: Vec<String>,
    /// Read-only: the values show but cannot be changed (an embed's fixed example).
    #[prop(optional)]
    locked: bool,
) -> impl IntoView {
    let presets = Preset::ALL
        .into_iter()
        .map(|preset| {
            let active = move || state.controls.with(|c| Preset::matching(c) == Some(preset));
            view! {
                <button
                    type="button"
                    class="preset"
                    title=preset.description()
                    aria-pressed=move || active().to_string()
                    on:click=move |_| state.controls.update(|c| preset.apply(c))
                >
                    {preset.label()}
                </button>
            }
        })
        .collect_view();
    let unplaced_error = move || match state.checked.get() {
        Err(e) if e.field().is_none() => Some(e.to_string()),
        _ => None,
    };
    view! {
        <section id=Section::Controls.id() class="panel controls" aria-labelledby="controls-title">
            <h2 id="controls-title">"The layer"</h2>
            <UrlNotes notes testid="url-notes" />
            {locked.then(|| view! { <p class="note" data-testid="controls-locked">"This example is fixed by the page it is shown in."</p> })}
            // A disabled fieldset disables every input in it, and says so to screen readers.
            <fieldset class="layer-fields" disabled=locked>
                <legend class="visually-hidden">"Layer settings"</legend>
                <div class="presets" role="group" aria-label="Presets">{presets}</div>
                {NumberField::ALL
                    .into_iter()
                    .map(|field| view! { <NumberControl state field /> })
                    .collect_view()}
                <ChoiceControl state field=ChoiceField::Padding />
                <ChoiceControl state field=ChoiceField::Bias />
                <p class="control-error" role="alert" data-testid="layer-error">{unplaced_error}</p>
                <ChoiceControl state field=ChoiceField::Notation />
            </fieldset>
        </section>
    }
}
