//! The explorer's controls: network, width multiplier, resolution, counting
//! convention, classifier.

use leptos::prelude::*;
use sepconv_calc::network::{Convention, NetworkId};

use crate::components::widgets::choice_control::radio_group;
use crate::components::widgets::marked_slider::MarkedSlider;
use crate::explorer::{alpha_text, Explorer, RESOLUTION_MARKS};

/// Network, α, resolution, convention, classifier.
#[component]
pub fn ExplorerControls(
    /// The explorer's settings.
    explorer: RwSignal<Explorer>,
) -> impl IntoView {
    let convention = Signal::derive(move || explorer.with(|e| e.convention.id()));
    let has_alpha = move || explorer.with(|e| !e.alphas().is_empty());
    let networks = NetworkId::ALL
        .into_iter()
        .map(|n| {
            let selected = move || explorer.with(|e| e.network == n);
            view! { <option value=n.id() selected=selected>{n.info().name}</option> }
        })
        .collect_view();
    view! {
        <div class="explorer-controls" data-testid="explorer-controls">
            <label class="control select-control">
                "Network "
                <select
                    data-testid="explorer-net"
                    on:change=move |ev| {
                        if let Some(network) = NetworkId::parse(&event_target_value(&ev)) {
                            explorer.update(|e| *e = Explorer { sort: e.sort, ..Explorer::of(network) });
                        }
                    }
                >
                    {networks}
                </select>
            </label>
            <Show
                when=has_alpha
                fallback=move || view! {
                    <p class="hint" data-testid="explorer-no-alpha">
                        {move || format!("{} has no width multiplier.", explorer.with(|e| e.network.info().name))}
                    </p>
                }
            >
                <MarkedSlider
                    id="explorer-alpha"
                    label="Width multiplier α"
                    offered=Signal::derive(move || explorer.with(|e| e.alphas().into_iter().map(u64::from).collect::<Vec<_>>()))
                    marks=vec![25, 50, 75, 100, 150, 200]
                    value=Signal::derive(move || u64::from(explorer.with(|e| e.alpha)))
                    text=|h| alpha_text(h as u32)
                    set=Callback::new(move |h: u64| explorer.update(|e| e.alpha = h as u32))
                />
            </Show>
            <MarkedSlider
                id="explorer-resolution"
                label="Input resolution (pixels)"
                offered=Signal::derive(move || explorer.with(Explorer::resolutions))
                marks=RESOLUTION_MARKS.into_iter().chain([299]).collect()
                value=Signal::derive(move || explorer.with(|e| e.resolution))
                text=|r| r.to_string()
                set=Callback::new(move |r| explorer.update(|e| e.resolution = r))
            />
            {radio_group(
                "explorer-conv".to_string(),
                "Count parameters as",
                &[("paper", "the paper"), ("keras", "Keras"), ("pytorch", "PyTorch")],
                convention,
                Callback::new(move |id| explorer.update(|e| {
                    e.convention = Convention::parse(id).unwrap_or_default();
                })),
                "explorer-conv".to_string(),
            )}
            <p class="hint" data-testid="convention-description">
                {move || explorer.with(|e| e.convention.description())}
            </p>
            <label class="checkbox">
                <input
                    type="checkbox"
                    data-testid="explorer-classifier"
                    prop:checked=move || explorer.with(|e| e.classifier)
                    on:change=move |ev| explorer.update(|e| e.classifier = event_target_checked(&ev))
                />
                " Include the classifier (1000 ImageNet classes)"
            </label>
        </div>
    }
}
