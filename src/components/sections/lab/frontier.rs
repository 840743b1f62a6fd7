//! The frontier: test accuracy against MACs for both families over their
//! widths, as measured here, beside the MobileNet paper's own models (the
//! evidence section's chart, its points only those Sepconv counts).

use leptos::prelude::*;

use crate::chart::describe_tradeoff;
use crate::components::sections::evidence::{draw_tradeoff, tradeoff_models};
use crate::components::widgets::chart_canvas::ChartCanvas;
use crate::lab::chart::{draw_frontier, Frontier};
use crate::lab::run::RunState;
use crate::lab::LabData;

/// The two charts side by side (one above the other on a phone).
#[component]
pub fn FrontierFigure(
    /// The data set shown.
    data: Memo<LabData>,
    /// A live run, whose tested nets land on the chart.
    run: RwSignal<RunState>,
) -> impl IntoView {
    let frontier = Memo::new(move |_| {
        let d = data.get();
        let live = run.with(|r| {
            if r.settings.data == d {
                r.landed()
            } else {
                Vec::new()
            }
        });
        Frontier::of(d, live)
    });
    let description = Signal::derive(move || frontier.with(|f| f.describe(data.get())));
    let paper: Vec<_> = tradeoff_models()
        .into_iter()
        .filter(|m| m.counted)
        .collect();
    let paper_description = describe_tradeoff(&paper);
    view! {
        <div class="charts">
            <figure>
                <figcaption>{move || format!("Measured here: {}", data.get().name())}</figcaption>
                <ChartCanvas
                    data=frontier
                    draw=draw_frontier
                    description
                    testid="lab-frontier"
                    what="the lab's accuracy against cost chart"
                    tall=true
                />
            </figure>
            <figure>
                <figcaption>"The paper: MobileNets on ImageNet"</figcaption>
                <ChartCanvas
                    data=Signal::stored(paper)
                    draw=draw_tradeoff
                    description=paper_description
                    testid="lab-paper-frontier"
                    what="the paper's accuracy against cost chart"
                    tall=true
                />
            </figure>
        </div>
        <p class="note">
            "Left: each point is one width α (the separable line's last point is the net widened to the standard twin's MACs); its bar spans one standard deviation over the seeds either side of the mean. "
            "Right: the MobileNet paper's own models (Tables 4 to 7: widths, resolutions and the full-convolution network), their MACs counted by Sepconv, as in "
            <a href="#evidence">"the evidence"</a>
            ". Squares are standard nets, circles separable ones; hollow marks are your own run's nets, once tested."
        </p>
    }
}
