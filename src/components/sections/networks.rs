//! Whole networks: MobileNet v1 or v2 at any width multiplier and resolution, its
//! totals beside the paper's figures, the share of compute by layer type, and the
//! per-layer table whose rows load into the page's calculator.

use leptos::prelude::*;

use crate::embed::Section;
use sepconv_calc::format::{percent2, thousands, times};
use sepconv_calc::network::{Convention, Network, NetworkLayer};
use sepconv_calc::Shape;

use crate::chart::{ink, share_bars};
use crate::components::widgets::chart_canvas::bar_chart;
use crate::components::widgets::choice_control::radio_group;
use crate::components::widgets::full_page_link::FullPageLink;
use crate::components::widgets::marked_slider::MarkedSlider;
use crate::components::widgets::url_notes::UrlNotes;
use crate::explorer::{
    alpha_text, Explorer, Model, SortBy, ALPHA_HUNDREDTHS, ALPHA_MARKS, RESOLUTION,
    RESOLUTION_MARKS,
};
use crate::state::LayerState;

fn shape(s: Shape) -> String {
    format!("{}×{}×{}", s.height, s.width, s.channels)
}

/// The network for the settings; `None` only if the calculator refuses them (the
/// controls cannot produce such settings).
fn network_memo(explorer: RwSignal<Explorer>) -> Memo<Option<Network>> {
    Memo::new(move |_| explorer.with(Explorer::network).ok())
}

/// The section.
#[component]
pub fn NetworksSection(
    /// The page's layer state (a clicked row loads into it).
    state: LayerState,
    /// The explorer's pairs in the page's link: read here, and kept equal to
    /// the explorer's settings.
    link: RwSignal<Vec<(String, String)>>,
    /// Whether this page shows the calculator (an embed may not: a loaded
    /// layer then opens on the whole page).
    calculator_shown: bool,
) -> impl IntoView {
    let (settings, notes) = Explorer::read(&link.get_untracked());
    let explorer = RwSignal::new(settings);
    Effect::new(move |_| link.set(explorer.get().pairs()));
    let network = network_memo(explorer);
    view! {
        <section id=Section::Networks.id() class="panel" aria-labelledby="networks-title">
            <h2 id="networks-title">"Whole networks"</h2>
            <p data-testid="networks-intro">
                "MobileNet v1 is one full 3×3 convolution followed by 13 depthwise separable blocks, each a 3×3 depthwise and a 1×1 pointwise convolution with BatchNorm and ReLU after both. "
                "MobileNet v2 is built from 17 bottleneck blocks, each an "
                <dfn>"inverted residual"</dfn>
                ": a 1×1 convolution expands the channels 6 times (not in the first block), a 3×3 depthwise convolution filters them, and a linear 1×1 convolution projects them back down, "
                "with a shortcut around the block where its input and output have the same shape. The shortcut joins the narrow ends, where a ResNet bottleneck joins the wide ones: hence “inverted”. "
                "A last 1×1 convolution widens to 1280 channels before the classifier. "
                "Shrink either with the width multiplier α (every layer's channels × α) and the input resolution, and see where the multiplications go."
            </p>
            <UrlNotes notes testid="networks-notes" />
            <ExplorerControls explorer />
            <NetworkTotals explorer network />
            <ShareCharts explorer network />
            <LayerTable state explorer network calculator_shown />
        </section>
    }
}

/// Network, α, resolution, convention, classifier.
#[component]
fn ExplorerControls(explorer: RwSignal<Explorer>) -> impl IntoView {
    let model = Signal::derive(move || explorer.with(|e| e.model.id()));
    let convention = Signal::derive(move || explorer.with(|e| e.convention.id()));
    let (alpha_low, alpha_high, alpha_step) = ALPHA_HUNDREDTHS;
    view! {
        <div class="explorer-controls" data-testid="explorer-controls">
            {radio_group(
                "explorer-net".to_string(),
                "Network",
                &Model::ALL.map(|m| (m.id(), m.label())),
                model,
                Callback::new(move |id| explorer.update(|e| {
                    e.model = Model::ALL.into_iter().find(|m| m.id() == id).unwrap_or_default();
                })),
                "explorer-net".to_string(),
            )}
            <MarkedSlider
                id="explorer-alpha"
                label="Width multiplier α"
                range=(u64::from(alpha_low), u64::from(alpha_high), u64::from(alpha_step))
                marks=ALPHA_MARKS.iter().map(|&m| u64::from(m)).collect()
                value=Signal::derive(move || u64::from(explorer.with(|e| e.alpha)))
                text=|h| alpha_text(h as u32)
                set=Callback::new(move |h: u64| explorer.update(|e| e.alpha = h as u32))
            />
            <MarkedSlider
                id="explorer-resolution"
                label="Input resolution (pixels)"
                range=RESOLUTION
                marks=RESOLUTION_MARKS.to_vec()
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

/// The totals, the paper's row beside them, and the full-convolution contrast.
#[component]
fn NetworkTotals(explorer: RwSignal<Explorer>, network: Memo<Option<Network>>) -> impl IntoView {
    let totals = move || {
        let convention = explorer.with(|e| e.convention);
        network.with(|n| n.as_ref().map(|n| (n.name.clone(), n.totals(convention))))
    };
    let paper = move || {
        explorer.get().paper().map(|p| {
            view! {
                <p class="paper-figure" data-testid="network-paper">
                    "The paper ("{p.source}") prints "<strong>{p.model}</strong>": "
                    {format!("{}M mult-adds, {}M parameters, ", p.million_macs, p.million_params)}
                    <strong>{format!("{:.1} %", p.top1)}</strong>
                    " top-1 accuracy on ImageNet."
                </p>
            }
            .into_any()
        })
        .unwrap_or_else(|| {
            view! {
                <p class="paper-figure muted" data-testid="network-paper">
                    "The paper reports no accuracy for this configuration (its rows: α 0.25, 0.5, 0.75, 1.0 at 224; α 1.0 at 128, 160, 192; 0.5 at 160; v2 1.0 at 224; all with the classifier)."
                </p>
            }
            .into_any()
        })
    };
    let contrast = move || {
        let e = explorer.get();
        let full = e.full_conv_network()?.ok()?;
        let (full, ours) = (
            full.totals(e.convention),
            network.get()?.totals(e.convention),
        );
        let printed = e
            .full_conv_paper()
            .map(|p| format!(" The paper's Conv MobileNet reaches {:.1} % top-1.", p.top1))
            .unwrap_or_default();
        Some(view! {
            <p data-testid="network-full-conv">
                "With a full 3×3 convolution in place of each separable block (the paper's “Conv MobileNet”): "
                <strong class="standard-text">{thousands(full.macs)}</strong>" MACs and "
                <strong class="standard-text">{thousands(full.params)}</strong>" parameters, "
                {times(full.macs as f64 / ours.macs.max(1) as f64)}" the MACs and "
                {times(full.params as f64 / ours.params.max(1) as f64)}" the parameters."
                {printed}
            </p>
        })
    };
    view! {
        <div class="network-totals" aria-live="polite">
            {move || totals().map(|(name, t)| view! {
                <p class="network-headline" data-testid="network-totals">
                    <span class="network-name" data-testid="network-name">{name}</span>
                    <span><strong data-testid="network-macs">{thousands(t.macs)}</strong>" MACs"</span>
                    <span><strong data-testid="network-params">{thousands(t.params)}</strong>" parameters"</span>
                </p>
            })}
            {paper}
            {contrast}
        </div>
    }
}

/// Where the MACs and the parameters are, by layer type (for 1.0 MobileNet-224
/// counted as the paper counts, its Table 2).
#[component]
fn ShareCharts(explorer: RwSignal<Explorer>, network: Memo<Option<Network>>) -> impl IntoView {
    let shares = Memo::new(move |_| {
        let convention = explorer.with(|e| e.convention);
        network.with(|n| {
            n.as_ref()
                .map(|n| n.by_kind(convention))
                .unwrap_or_default()
        })
    });
    let bars = move |macs: bool| Memo::new(move |_| shares.with(|s| share_bars(s, macs)));
    let rows = move || {
        shares
            .get()
            .into_iter()
            .map(|s| {
                view! {
                    <tr class=ink(s.kind).name() data-testid=format!("share-{}", s.kind.id())>
                        <th scope="row"><span class="swatch" aria-hidden="true"></span>{s.kind.name()}</th>
                        <td>{percent2(s.macs_share)}</td>
                        <td>{percent2(s.params_share)}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <h3>"Where the work is"</h3>
        <p>
            "The depthwise layers are cheap; almost all multiplications sit in the 1×1 (pointwise) convolutions, "
            "which is good news on hardware: they are plain matrix multiplications."
        </p>
        <div class="charts">
            <figure>
                <figcaption>"Share of MACs"</figcaption>
                {bar_chart(bars(true), "the share of MACs by layer type", "chart-share-macs", "the share of multiply-accumulates chart")}
            </figure>
            <figure>
                <figcaption>"Share of parameters"</figcaption>
                {bar_chart(bars(false), "the share of parameters by layer type", "chart-share-params", "the share of parameters chart")}
            </figure>
        </div>
        <table class="counts shares" data-testid="share-table">
            <caption data-testid="share-caption">{move || explorer.with(Explorer::share_caption)}</caption>
            <thead><tr><th scope="col">"Type"</th><th scope="col">"MACs"</th><th scope="col">"Parameters"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// The per-layer table: sortable, a bar per row, and each row a button that loads
/// its layer into the calculator.
#[component]
fn LayerTable(
    state: LayerState,
    explorer: RwSignal<Explorer>,
    network: Memo<Option<Network>>,
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
                                <button type="button" class="row-load" on:click=move |_| network.with_untracked(|n| if let Some(n) = n { load(n, i) })
                                    title="Explain this layer in the calculator">
                                    {layer.name.clone()}
                                </button>
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
            "Click a layer's name to load it into the calculator, charts and animation: a depthwise layer loads with its 1×1 partner as one separable layer. Order by "
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
