//! The two cost charts, parameters and multiply-accumulates.

use leptos::prelude::*;
use sepconv_calc::{Part, Quantity};

use crate::chart::Bars;
use crate::components::widgets::chart_canvas::bar_chart;
use crate::embed::Section;
use crate::state::LayerState;

/// The two cost charts, parameters and multiply-accumulates (`#charts`).
#[component]
pub fn CostCharts(
    /// The page's layer state.
    state: LayerState,
) -> impl IntoView {
    // Memos: a chart redraws only when its data changes, not on every control change.
    let bars = move |quantity: Quantity| {
        Memo::new(move |_| {
            let layer = state.layer.get();
            Bars::counts(
                Part::ALL.map(|p| (p, layer.cost(p).get(quantity))),
                state.controls.with(|c| c.log_scale),
            )
        })
    };
    view! {
        <div class="charts" id=Section::Charts.id()>
            <figure>
                <figcaption>"Parameters"</figcaption>
                {bar_chart(bars(Quantity::Params), Quantity::Params.name(), "chart-params", "the parameters chart")}
            </figure>
            <figure>
                <figcaption>"Multiply-accumulates"</figcaption>
                {bar_chart(bars(Quantity::Macs), Quantity::Macs.name(), "chart-macs", "the multiply-accumulates chart")}
            </figure>
        </div>
    }
}
