//! From standard to depthwise: grouped convolution with 1 group (standard)
//! through more groups to one group per channel (depthwise), against the
//! separable pair's total.

use leptos::prelude::*;

use crate::embed::Section;
use sepconv_calc::format::thousands;
use sepconv_calc::Layer;

use crate::chart::{self, GroupSeries};
use crate::components::hooks::use_near_screen::use_section_state;
use crate::components::widgets::chart_canvas::ChartCanvas;
use crate::state::LayerState;

/// What g groups is, in words.
fn kind(layer: &Layer, groups: u64) -> String {
    let (m, n) = (layer.spec().in_channels, layer.spec().out_channels);
    match groups {
        1 => "a standard convolution".to_string(),
        g if g == m && n == m => "depthwise: one filter per channel".to_string(),
        g if g == m => format!("depthwise with {} filters per channel", n / m),
        g => format!("{g} groups of {} input channels each", m / g),
    }
}

/// The groups section.
#[component]
pub fn GroupsSection(
    /// The page's layer state.
    state: LayerState,
) -> impl IntoView {
    let (section, state) = use_section_state(state);
    let layer = state.layer;
    let groups = Memo::new(move |_| layer.get().valid_groups());
    let index = RwSignal::new(0usize);
    // A new layer has other divisors: start again at 1 group.
    Effect::new(move |_| {
        groups.track();
        index.set(0);
    });
    let chosen = move || groups.with(|g| g.get(index.get()).copied().unwrap_or(1));
    let cost = move || layer.get().grouped(chosen()).unwrap_or_default();
    let series = move |params: bool| {
        Memo::new(move |_| {
            let l = layer.get();
            let pick = |c: sepconv_calc::Cost| if params { c.params } else { c.macs };
            GroupSeries {
                points: groups
                    .get()
                    .iter()
                    .filter_map(|&g| l.grouped(g).ok().map(|c| (g, pick(c))))
                    .collect(),
                separable: pick(l.separable()),
                chosen: chosen(),
                depthwise_groups: l.spec().in_channels,
            }
        })
    };
    let describe = move |what: &'static str| {
        Signal::derive(move || {
            format!(
                "Line chart of {what} against groups {}; the separable pair is the reference.",
                groups
                    .get()
                    .iter()
                    .map(|g| g.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
    };
    let only_one = move || {
        (groups.with(Vec::len) == 1).then(|| {
            let s = *layer.get().spec();
            view! {
                <p class="note" data-testid="groups-only-one">
                    {format!(
                        "Groups must divide both channel counts; with {} input and {} output channels only 1 group works. Try a MobileNet preset.",
                        s.in_channels, s.out_channels
                    )}
                </p>
            }
        })
    };
    view! {
        <section node_ref=section id=Section::Groups.id() class="panel" aria-labelledby="groups-title">
            <h2 id="groups-title">"From standard to depthwise"</h2>
            <p>
                "A grouped convolution splits the channels into groups and convolves each group on its own: 1 group is a standard convolution, "
                "one group per input channel is a depthwise one. Each doubling of the groups halves the weights and the MACs."
            </p>
            {only_one}
            <div class="control groups-control">
                <label for="groups-slider">"Groups " <strong data-testid="groups-value">{chosen}</strong></label>
                <input
                    id="groups-slider"
                    type="range"
                    min="0"
                    max=move || groups.with(|g| g.len().saturating_sub(1)).to_string()
                    step="1"
                    aria-valuetext=move || chosen().to_string()
                    data-testid="groups-slider"
                    prop:value=move || index.get().to_string()
                    on:input=move |ev| index.set(event_target_value(&ev).parse().unwrap_or(0))
                />
            </div>
            <p aria-live="polite">
                <span data-testid="groups-kind">{move || kind(&layer.get(), chosen())}</span>
                ": "
                <strong data-testid="groups-params">{move || thousands(cost().params)}</strong>
                " parameters, "
                <strong data-testid="groups-macs">{move || thousands(cost().macs)}</strong>
                " MACs; the separable pair (depthwise + pointwise) needs "
                <span class="separable-text">{move || thousands(layer.get().separable().params)}</span>
                " and "
                <span class="separable-text">{move || thousands(layer.get().separable().macs)}</span>
                "."
            </p>
            <div class="charts">
                <figure>
                    <figcaption>"Parameters"</figcaption>
                    <ChartCanvas data=series(true) draw=chart::draw_groups description=describe("parameters") testid="chart-groups-params" what="the grouped parameters chart" />
                </figure>
                <figure>
                    <figcaption>"Multiply-accumulates"</figcaption>
                    <ChartCanvas data=series(false) draw=chart::draw_groups description=describe("MACs") testid="chart-groups-macs" what="the grouped multiply-accumulates chart" />
                </figure>
            </div>
        </section>
    }
}
