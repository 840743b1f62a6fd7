//! A slider over a list of values (a network's width multipliers or input
//! resolutions), some of them marked (the paper's), the value written beside
//! its label.

use leptos::prelude::*;

/// A slider whose positions are `offered`'s values, in order.
#[component]
pub fn MarkedSlider(
    /// The input's id (also its `data-testid`).
    id: &'static str,
    /// The label's words.
    label: &'static str,
    /// The values, ascending.
    #[prop(into)]
    offered: Signal<Vec<u64>>,
    /// Values marked under the slider (those offered are shown).
    marks: Vec<u64>,
    /// The current value.
    #[prop(into)]
    value: Signal<u64>,
    /// How a value is written.
    text: fn(u64) -> String,
    /// Called with the value chosen.
    set: Callback<u64>,
) -> impl IntoView {
    let position = move || offered.with(|o| o.iter().position(|v| *v == value.get()).unwrap_or(0));
    let last = move || offered.with(|o| o.len().saturating_sub(1));
    let list = format!("{id}-marks");
    let shown_marks = move || {
        let (values, last) = (offered.get(), last().max(1));
        marks
            .iter()
            .filter_map(|m| values.iter().position(|v| v == m).map(|i| (i, *m)))
            .map(|(i, m)| {
                let at = i as f64 / last as f64 * 100.0;
                view! { <span style=format!("left: {at:.1}%")>{text(m)}</span> }
            })
            .collect_view()
    };
    view! {
        <div class="control">
            <label for=id>{label} " " <strong data-testid=format!("{id}-value")>{move || text(value.get())}</strong></label>
            <input
                id=id
                type="range"
                min="0"
                max=move || last().to_string()
                step="1"
                list=list.clone()
                aria-valuetext=move || text(value.get())
                data-testid=id
                prop:value=move || position().to_string()
                on:input=move |ev| {
                    let chosen = event_target_value(&ev).parse::<usize>().ok();
                    if let Some(v) = chosen.and_then(|i| offered.with(|o| o.get(i).copied())) {
                        set.run(v);
                    }
                }
            />
            <datalist id=list>
                {move || (0..=last()).map(|i| view! { <option value=i></option> }).collect_view()}
            </datalist>
            <div class="marks" aria-hidden="true">{shown_marks}</div>
        </div>
    }
}
