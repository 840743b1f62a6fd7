//! "Who uses it": every network Sepconv counts, at its published default, with
//! its accuracy against its MACs and where its multiplications are. It answers
//! "the splitting is not featured in other networks" with numbers.

use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingAreaErrorKind, DrawingBackend};
use plotters_canvas::CanvasBackend;
use sepconv_calc::format::{percent, thousands};
use sepconv_calc::network::{Category, Family};

use crate::chart::{self, Model};
use crate::components::widgets::chart_canvas::ChartCanvas;
use crate::components::widgets::scroll_region::ScrollRegion;
use crate::explorer::{census, census_answer, CensusRow};
use crate::palette::Palette;

/// `chart::draw_tradeoff` for the canvas, whose data is a `Vec`.
#[allow(clippy::ptr_arg)] // ChartCanvas needs a sized data type.
fn draw(
    area: &DrawingArea<CanvasBackend, Shift>,
    models: &Vec<Model>,
    palette: &Palette,
    scale: f64,
) -> Result<(), DrawingAreaErrorKind<<CanvasBackend as DrawingBackend>::ErrorType>> {
    chart::draw_tradeoff(area, models, palette, scale).map(|_| ())
}

/// The census's networks as chart points: circles for depthwise-based
/// networks, squares for standard references.
fn models(rows: &[CensusRow]) -> Vec<Model> {
    rows.iter()
        .filter_map(|r| {
            let (top1, _) = r.top1?;
            Some(Model {
                label: r.network.info().name.to_string(),
                million_macs: r.macs as f64 / 1e6,
                top1,
                separable: r.network.info().family == Family::DepthwiseBased,
                counted: true,
            })
        })
        .collect()
}

/// The census table, chart and answer.
#[component]
pub fn WhoUsesIt() -> impl IntoView {
    let rows = census();
    let share = |r: &CensusRow, c: Category| {
        let i = Category::ALL.iter().position(|x| *x == c).unwrap_or(0);
        percent(r.macs_shares[i])
    };
    let table_rows = rows
        .iter()
        .map(|r| {
            let info = r.network.info();
            let standard = info.family == Family::StandardReference;
            view! {
                <tr class:standard-row=standard data-testid=format!("census-{}", r.network.id())>
                    <th scope="row">{info.name}<span class="source">{format!("{}, {}", info.year, info.family.name())}</span></th>
                    <td>{r.top1.map(|(t, _)| format!("{t:.1} %"))}</td>
                    <td>{thousands(r.params)}</td>
                    <td>{thousands(r.macs)}</td>
                    <td class="depthwise-text">{share(r, Category::Depthwise)}</td>
                    <td class="pointwise-text">{share(r, Category::Pointwise)}</td>
                    <td class="standard-text">{share(r, Category::Standard)}</td>
                    <td>{share(r, Category::Dense)}</td>
                </tr>
            }
        })
        .collect_view();
    let models = models(rows);
    let description = chart::describe_tradeoff(&models);
    view! {
        <h3 id="who-uses-it">"Who uses it"</h3>
        <p class="census-answer" data-testid="census-answer">{census_answer(rows)}</p>
        <ScrollRegion label="Networks and where their multiplications are">
            <table class="counts census" data-testid="census">
                <thead>
                    <tr>
                        <th scope="col">"network"</th>
                        <th scope="col">"top-1"</th>
                        <th scope="col">"parameters"</th>
                        <th scope="col">"MACs"</th>
                        <th scope="col">"depthwise"</th>
                        <th scope="col">"1×1"</th>
                        <th scope="col">"K×K"</th>
                        <th scope="col">"dense"</th>
                    </tr>
                </thead>
                <tbody>{table_rows}</tbody>
            </table>
        </ScrollRegion>
        <p class="note">
            "Each network at its published default, counted layer by layer from its framework's definition (torchvision; Keras for Xception; the paper's Table 1 for MobileNet v1). "
            "Parameters as the framework counts them (the papers' weights only for MobileNet v1 and v2); top-1 accuracy as the framework publishes it for its default weights (Keras' for MobileNet v1 and Xception, torchvision's for the others). "
            "The last four columns are each layer type's share of the MACs; squeeze-and-excitation makes up the rest."
        </p>
        <figure class="tradeoff">
            <figcaption>"Accuracy against cost, every network above"</figcaption>
            <ChartCanvas
                data=Signal::stored(models)
                draw
                description
                testid="chart-census"
                what="the networks' accuracy against cost chart"
                tall=true
            />
            <p class="note">"Circles are built on depthwise convolutions, squares use standard convolutions only."</p>
        </figure>
    }
}
