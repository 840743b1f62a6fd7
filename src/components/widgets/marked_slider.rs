//! A slider over a range with some values marked (the paper's), its value
//! written beside its label.

use leptos::prelude::*;

/// A slider over a range with the paper's values marked.
#[component]
pub fn MarkedSlider(
    /// The input's id (also its `data-testid`).
    id: &'static str,
    /// The label's words.
    label: &'static str,
    /// (min, max, step) in slider units.
    range: (u64, u64, u64),
    /// Positions marked under the slider.
    marks: Vec<u64>,
    /// Current position.
    value: Signal<u64>,
    /// How a position is written.
    text: fn(u64) -> String,
    /// Called with the new position.
    set: Callback<u64>,
) -> impl IntoView {
    let list = format!("{id}-marks");
    view! {
        <div class="control">
            <label for=id>{label} " " <strong data-testid=format!("{id}-value")>{move || text(value.get())}</strong></label>
            <input
                id=id
                type="range"
                min=range.0
                max=range.1
                step=range.2
                list=list.clone()
                aria-valuetext=move || text(value.get())
                data-testid=id
                prop:value=move || value.get().to_string()
                on:input=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse::<u64>() {
                        set.run(v);
                    }
                }
            />
            <datalist id=list>
                {marks.iter().map(|&m| view! { <option value=m label=text(m)></option> }).collect_view()}
            </datalist>
            <div class="marks" aria-hidden="true">
                {marks
                    .iter()
                    .map(|&m| {
                        let at = (m - range.0) as f64 / (range.1 - range.0) as f64 * 100.0;
                        view! { <span style=format!("left: {at:.1}%")>{text(m)}</span> }
                    })
                    .collect_view()}
            </div>
        </div>
    }
}
