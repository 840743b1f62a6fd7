//! Section 4, why accuracy holds up: the short answers, and the evidence from the
//! MobileNet paper beside counts computed by the calculator.

use leptos::prelude::*;
use sepconv_calc::format::{thousands, times};
use sepconv_calc::network::published::{self, PaperFigure};
use sepconv_calc::network::{Convention, MobileNetV1, V1Variant};

use super::chart_canvas::ChartCanvas;
use super::scroll_region::ScrollRegion;
use crate::chart::{self, Model, Palette};
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingAreaErrorKind, DrawingBackend};
use plotters_canvas::CanvasBackend;

/// A published row and the calculator's counts for the same network.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceRow {
    /// As printed.
    pub figure: PaperFigure,
    /// Computed MACs (paper convention).
    pub macs: u64,
    /// Computed parameters (paper convention).
    pub params: u64,
    /// Whether the network uses separable layers.
    pub separable: bool,
}

/// Every MobileNet v1 row the paper prints, with computed counts; built once.
pub fn evidence() -> &'static [EvidenceRow] {
    static ROWS: std::sync::OnceLock<Vec<EvidenceRow>> = std::sync::OnceLock::new();
    ROWS.get_or_init(build_evidence)
}

fn build_evidence() -> Vec<EvidenceRow> {
    published::MOBILENET_V1
        .iter()
        .filter_map(|&(alpha, resolution, variant, figure)| {
            let net = MobileNetV1 {
                alpha,
                resolution,
                variant,
                ..MobileNetV1::default()
            }
            .build()
            .ok()?;
            let totals = net.totals(Convention::Paper);
            Some(EvidenceRow {
                figure,
                macs: totals.macs,
                params: totals.params,
                separable: variant != V1Variant::FullConv,
            })
        })
        .collect()
}

fn row<'a>(rows: &'a [EvidenceRow], model: &str) -> &'a EvidenceRow {
    rows.iter()
        .find(|r| r.figure.model == model)
        .expect("the paper's rows are compiled in")
}

/// `chart::draw_tradeoff` for the canvas, whose data is a `Vec`.
#[allow(clippy::ptr_arg)] // ChartCanvas needs a sized data type.
fn draw_tradeoff(
    area: &DrawingArea<CanvasBackend, Shift>,
    models: &Vec<Model>,
    palette: &Palette,
    scale: f64,
) -> Result<(), DrawingAreaErrorKind<<CanvasBackend as DrawingBackend>::ErrorType>> {
    chart::draw_tradeoff(area, models, palette, scale)
}

/// The two questions, answered in three sentences each.
#[component]
pub fn AnswerBox() -> impl IntoView {
    let rows = evidence();
    let conv = row(rows, "Conv MobileNet");
    let mobile = row(rows, "1.0 MobileNet-224");
    let fewer = times(conv.macs as f64 / mobile.macs as f64);
    view! {
        <section id="answer" class="panel answer" aria-labelledby="answer-title">
            <h2 id="answer-title">"The short answers"</h2>
            <div class="answers">
                <div>
                    <h3>"Why doesn't accuracy collapse?"</h3>
                    <p>
                        "A separable layer still looks at every input channel and every position; it only restricts the kernel to a product "
                        <a href="#factorisation">"W = P·D"</a>
                        ". In the paper, MobileNet loses 1.1 points of top-1 accuracy (70.6 % against 71.7 %) while doing "
                        <strong data-testid="answer-fewer">{fewer}</strong>
                        " fewer multiply-accumulates than the same network built from full convolutions ("
                        <a href="#evidence">"the evidence"</a>
                        "). The savings are spent on depth and width: a thinner MobileNet beats a shallower one at the same cost."
                    </p>
                </div>
                <div>
                    <h3>"What is the catch?"</h3>
                    <p>
                        "Separable kernels are a smaller family: fewer parameters can mean less capacity, which hurts most in small models. "
                        "Fewer multiplications are not less time: depthwise layers do few operations per byte they move, so on GPUs the speed-up is far below the ratio of MACs. "
                        "And one layer becomes two: an extra intermediate tensor in memory and an extra BatchNorm and ReLU ("
                        <a href="#catch">"what it costs"</a>
                        ")."
                    </p>
                </div>
            </div>
        </section>
    }
}

/// Tables 4 and 5 of the paper with computed counts, and accuracy against MACs.
#[component]
pub fn Evidence() -> impl IntoView {
    let rows = evidence();
    let table_rows = ["Conv MobileNet", "1.0 MobileNet-224", "0.75 MobileNet-224", "Shallow MobileNet"]
        .into_iter()
        .enumerate()
        .map(|(i, model)| {
            let r = row(rows, model).clone();
            view! {
                <tr data-testid=format!("evidence-row-{i}")>
                    <th scope="row">{r.figure.model}<span class="source">{format!(" ({})", r.figure.source)}</span></th>
                    <td>{format!("{:.1} %", r.figure.top1)}</td>
                    <td data-testid=format!("evidence-macs-{i}")>{thousands(r.macs)}</td>
                    <td class="printed">{format!("{}M", r.figure.million_macs)}</td>
                    <td>{thousands(r.params)}</td>
                    <td class="printed">{format!("{}M", r.figure.million_params)}</td>
                </tr>
            }
        })
        .collect_view();
    let models: Vec<Model> = rows
        .iter()
        .map(|r| Model {
            // The resolution variants sit in the cluster; the caption names them.
            label: if r.figure.source == "Table 7" {
                String::new()
            } else {
                r.figure.model.to_string()
            },
            million_macs: r.macs as f64 / 1e6,
            top1: r.figure.top1,
            separable: r.separable,
        })
        .collect();
    let description = format!(
        "Scatter chart of ImageNet top-1 accuracy against multiply-accumulates: {}.",
        rows.iter()
            .map(|r| format!(
                "{} {:.1} % at {}M",
                r.figure.model,
                r.figure.top1,
                thousands(r.macs / 1_000_000)
            ))
            .collect::<Vec<_>>()
            .join("; ")
    );
    view! {
        <section id="evidence" class="panel" aria-labelledby="evidence-title">
            <h2 id="evidence-title">"The evidence"</h2>
            <p>
                "Howard et al. trained the same 28-layer network twice, once with full 3×3 convolutions and once with separable ones (Table 4), "
                "and compared a thinner MobileNet with a shallower one of similar cost (Table 5). Counts below are computed by Sepconv's calculator "
                "(no biases or BatchNorm, as the paper counts); the paper's rounded figures are beside them."
            </p>
            <ScrollRegion label="The paper's networks and their counts">
                <table class="evidence" data-testid="evidence">
                    <thead>
                        <tr>
                            <th scope="col">"network"</th>
                            <th scope="col">"top-1"</th>
                            <th scope="col">"MACs"</th>
                            <th scope="col" class="printed">"paper"</th>
                            <th scope="col">"parameters"</th>
                            <th scope="col" class="printed">"paper"</th>
                        </tr>
                    </thead>
                    <tbody>{table_rows}</tbody>
                </table>
            </ScrollRegion>
            <p class="note">
                "Thinner beats shallower: 0.75 MobileNet (every layer at 3/4 of the channels) keeps 68.4 %; removing five 14×14 layers instead gives 65.3 % at about the same cost. "
                "Source: "
                <a href="https://arxiv.org/abs/1704.04861">"MobileNets, Howard et al. 2017"</a>
                ", Tables 4–7."
            </p>
            <figure class="tradeoff">
                <figcaption>"Accuracy against cost, every MobileNet v1 the paper reports: dots are separable networks, the square is the full-convolution one (the unlabelled dots are 1.0 MobileNet at 192, 160 and 128 pixels)"</figcaption>
                <ChartCanvas
                    data=Signal::stored(models)
                    draw=draw_tradeoff
                    description=description
                    testid="chart-tradeoff"
                    what="the accuracy against cost chart"
                    tall=true
                />
            </figure>
        </section>
    }
}
