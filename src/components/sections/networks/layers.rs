//! The explored network layer by layer: sortable, a bar per row, and each
//! row that is a convolution a button that loads it into the calculator.

use leptos::prelude::*;
use sepconv_calc::format::thousands;
use sepconv_calc::network::{Network, NetworkLayer};
use sepconv_calc::Shape;

use crate::chart::ink;
use crate::components::widgets::full_page_link::FullPageLink;
use crate::explorer::{Explorer, SortBy};
use crate::state::LayerState;

fn shape(s: Shape) -> String {
    format!("{}×{}×{}", s.height, s.width, s.channels)
}

/// The per-layer table: sortable, a bar per row, and each row a button that loads
/// its layer into the calculator.
#[component]
pub fn LayerTable(
    /// The page's layer state (a clicked row loads into it).
    state: LayerState,
    /// The explorer's settings.
    explorer: RwSignal<Explorer>,
    /// The network they build.
    network: Memo<Option<Network>>,
    /// Whether this page shows the calculator.
    calculator_shown: bool,
) -> impl IntoView {
    let loaded = RwSignal::new(None::<String>);
    let sort_button = move |sort: SortBy, label: &'static str| {
        let active = move || explorer.with(|e| e.sort == sort);
        view! {
            <button
                type="button"
                class="sort"
                class:active=active
                aria-pressed=move || active().to_string()
                data-testid=format!("sort-{}", sort.id())
                on:click=move |_| explorer.update(|e| e.sort = sort)
            >
                {label}
            </button>
        }
    };
    let aria_sort = move |sort: SortBy| {
        move || {
            if explorer.with(|e| e.sort == sort) {
                "descending"
            } else {
                "none"
            }
        }
    };
    let load = move |net: &Network, index: usize| {
        let Some(spec) = net.explain(index) else {
            return;
        };
        state.controls.update(|c| c.layer = spec);
        let layer: &NetworkLayer = &net.layers[index];
        loaded.set(Some(format!(
            "The calculator, charts and animation now explain {} of {}: {}.",
            layer.name,
            net.name,
            spec.headline()
        )));
    };
    let rows = move || {
        let e = explorer.get();
        network.with(|net| {
            let Some(net) = net else { return Vec::new() };
            let most = net.layers.iter().map(|l| l.macs).max().unwrap_or(1).max(1);
            e.order(net)
                .into_iter()
                .map(|i| {
                    let layer = &net.layers[i];
                    let width = layer.macs as f64 / most as f64 * 100.0;
                    view! {
                        <tr class=ink(layer.kind).name() data-testid=format!("layer-row-{i}")>
                            <td class="num">{i + 1}</td>
                            <th scope="row">
                                {match net.explain(i) {
                                    Some(_) => view! {
                                        <button type="button" class="row-load" on:click=move |_| network.with_untracked(|n| if let Some(n) = n { load(n, i) })
                                            title="Explain this layer in the calculator">
                                            {layer.name.clone()}
                                        </button>
                                    }.into_any(),
                                    None => view! { <span>{layer.name.clone()}</span> }.into_any(),
                                }}
                            </th>
                            <td><span class="swatch" aria-hidden="true"></span>{layer.kind.name()}{(layer.stride > 1).then(|| format!(" /s{}", layer.stride))}</td>
                            <td class="num">{shape(layer.input)}</td>
                            <td class="num">{shape(layer.output)}</td>
                            <td class="num">{thousands(layer.params(e.convention))}</td>
                            <td class="num">{thousands(layer.macs)}</td>
                            <td class="bar-cell" aria-hidden="true"><span class="row-bar" style=format!("width: {width:.1}%")></span></td>
                        </tr>
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <h3>"Layer by layer"</h3>
        <p>
            "Click a layer's name to load it into the calculator, charts and animation: a depthwise layer (of any kernel size) loads with its 1×1 partner as one separable layer. Pooling, additions and shuffles have nothing to load. Order by "
            {sort_button(SortBy::Order, "position")}" "
            {sort_button(SortBy::Macs, "MACs")}" "
            {sort_button(SortBy::Params, "parameters")}"."
        </p>
        <p class="loaded" role="status" data-testid="layer-loaded">
            {move || loaded.get().map(|text| {
                let go = if calculator_shown {
                    view! { <a href="#controls">"Go to the calculator"</a> }.into_any()
                } else {
                    view! { <FullPageLink hash="#controls">"See it in Sepconv"</FullPageLink> }.into_any()
                };
                view! { {text}" " {go} }
            })}
        </p>
        <div class="scroll-x">
            <table class="counts layers" data-testid="layer-table">
                <thead>
                    <tr>
                        <th scope="col" aria-sort=aria_sort(SortBy::Order)>"#"</th>
                        <th scope="col">"Layer"</th>
                        <th scope="col">"Type"</th>
                        <th scope="col">"Input"</th>
                        <th scope="col">"Output"</th>
                        <th scope="col" aria-sort=aria_sort(SortBy::Params)>"Parameters"</th>
                        <th scope="col" aria-sort=aria_sort(SortBy::Macs)>"MACs"</th>
                        <th scope="col"><span class="visually-hidden">"MACs, relative to the largest layer"</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
