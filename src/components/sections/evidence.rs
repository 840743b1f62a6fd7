//! Section 4, why accuracy holds up: the short answers, and the evidence from the
//! MobileNet paper beside counts computed by the calculator.

use leptos::prelude::*;

use crate::embed::Section;
use sepconv_calc::format::{thousands, times};
use sepconv_calc::network::published::{self, PaperFigure};
use sepconv_calc::network::{Convention, MobileNetV1, V1Variant};

use crate::chart::{self, Model};
use crate::components::widgets::chart_canvas::ChartCanvas;
use crate::facts;
use crate::palette::Palette;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingAreaErrorKind, DrawingBackend};
use plotters_canvas::CanvasBackend;

/// A published row and the calculator's counts for the same network.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceRow {
    /// As printed.
    pub figure: PaperFigure,
    /// The calculator's name for it ("1.0 Conv MobileNet-224"): one naming style
    /// on the page, whatever the tables print.
    pub name: String,
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
                name: net.name,
                macs: totals.macs,
                params: totals.params,
                separable: variant != V1Variant::FullConv,
            })
        })
        .collect()
}

fn row(rows: &[EvidenceRow], variant: V1Variant, alpha: f64, resolution: u64) -> &EvidenceRow {
    let (_, _, _, figure) = published::MOBILENET_V1
        .iter()
        .find(|(a, r, v, _)| (*a, *r, *v) == (alpha, resolution, variant))
        .expect("the paper's rows are compiled in");
    rows.iter()
        .find(|r| r.figure == *figure)
        .expect("every printed row builds")
}

/// MobileNet and the full-convolution network of Table 4.
fn table_4(rows: &[EvidenceRow]) -> (&EvidenceRow, &EvidenceRow) {
    (
        row(rows, V1Variant::Separable, 1.0, 224),
        row(rows, V1Variant::FullConv, 1.0, 224),
    )
}

/// Every point of the accuracy–cost chart: the paper's MobileNets (counted by
/// the calculator), then the conventional networks it compares with (quoted).
/// The most telling come first, so they keep their labels where space is short.
pub fn tradeoff_models() -> Vec<Model> {
    let rows = evidence();
    let (mobile, conv) = table_4(rows);
    let counted = |r: &EvidenceRow| Model {
        label: r.name.clone(),
        million_macs: r.macs as f64 / 1e6,
        top1: r.figure.top1,
        separable: r.separable,
        counted: true,
    };
    let quoted = published::CONVENTIONAL.iter().map(|f| Model {
        label: f.model.to_string(),
        million_macs: f.million_macs,
        top1: f.top1,
        separable: false,
        counted: false,
    });
    [counted(conv), counted(mobile)]
        .into_iter()
        .chain(quoted)
        .chain(
            rows.iter()
                .filter(|r| !std::ptr::eq(*r, mobile) && !std::ptr::eq(*r, conv))
                .map(counted),
        )
        .collect()
}

/// `chart::draw_tradeoff` for the canvas, whose data is a `Vec` (the lab
/// draws the paper's points with it too).
#[allow(clippy::ptr_arg)] // ChartCanvas needs a sized data type.
pub fn draw_tradeoff(
    area: &DrawingArea<CanvasBackend, Shift>,
    models: &Vec<Model>,
    palette: &Palette,
    scale: f64,
) -> Result<(), DrawingAreaErrorKind<<CanvasBackend as DrawingBackend>::ErrorType>> {
    chart::draw_tradeoff(area, models, palette, scale).map(|_| ())
}

/// Tables 4 and 5 of the paper with computed counts, and accuracy against MACs.
#[component]
pub fn Evidence() -> impl IntoView {
    let rows = evidence();
    let (mobile, conv) = table_4(rows);
    let fewer = times(conv.macs as f64 / mobile.macs as f64);
    let table_rows = [
        row(rows, V1Variant::FullConv, 1.0, 224),
        mobile,
        row(rows, V1Variant::Separable, 0.75, 224),
        row(rows, V1Variant::Shallow, 1.0, 224),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, r)| {
        view! {
            <tr data-testid=format!("evidence-row-{i}")>
                <th scope="row">{r.name.clone()}<span class="source">{r.figure.source}</span></th>
                <td>{format!("{:.1} %", r.figure.top1)}</td>
                <td>
                    <span data-testid=format!("evidence-macs-{i}")>{thousands(r.macs)}</span>
                    <span class="printed">{format!("{}M", r.figure.million_macs)}</span>
                </td>
                <td>
                    {thousands(r.params)}
                    <span class="printed">{format!("{}M", r.figure.million_params)}</span>
                </td>
            </tr>
        }
    })
    .collect_view();
    let models = tradeoff_models();
    let description = chart::describe_tradeoff(&models);
    let every_point = models
        .iter()
        .map(|m| {
            view! {
                <li>
                    {m.label.clone()} ": "
                    {format!("{:.1} %, {}M MACs", m.top1, thousands(m.million_macs.round() as u64))}
                    {(!m.counted).then_some(" (the paper's figure)")}
                </li>
            }
        })
        .collect_view();
    view! {
        <section id=Section::Evidence.id() class="panel" aria-labelledby="evidence-title">
            <h2 id="evidence-title">"The evidence"</h2>
            <p data-testid="evidence-intro">
                "Howard et al. compared MobileNet with a “Conv MobileNet” in which each depthwise + pointwise pair is replaced by one full 3×3 convolution of the same stride and width (Table 4). "
                "That network has 14 convolution layers before its classifier where MobileNet has 27: half the depth and half the nonlinearities, for "
                {fewer}
                " the MACs. Table 5 compares a thinner MobileNet with a shallower one of similar cost. "
                "The counts are computed by Sepconv's calculator (no biases or BatchNorm, as the paper counts); the paper's rounded figures are under them in grey."
            </p>
            <table class="evidence" data-testid="evidence">
                <thead>
                    <tr>
                        <th scope="col">"network"</th>
                        <th scope="col">"top-1"</th>
                        <th scope="col">"MACs"</th>
                        <th scope="col">"parameters"</th>
                    </tr>
                </thead>
                <tbody>{table_rows}</tbody>
            </table>
            <p class="note">
                "Thinner beats shallower: 0.75 MobileNet (every layer at 3/4 of the channels) keeps 68.4 %; removing the five 14×14×512 separable blocks instead gives 65.3 % at about the same cost. "
                "Both networks are separable: Table 5 weighs width against depth, not separable against standard convolution. Source: "
                <a href="https://arxiv.org/abs/1704.04861">"MobileNets, Howard et al. 2017"</a>
                ", Tables 4–9."
            </p>
            <p data-testid="evidence-lab">
                "Neither table trains a standard network as cheap as a separable one, so the paper does not show what separable gives at equal cost. "
                {facts::LAB_EQUAL_COST}
                " "
                <a href="#lab">"See it yourself"</a>
                ", with the runs behind it."
            </p>
            <figure class="tradeoff">
                <figcaption>"Accuracy against cost"</figcaption>
                <ChartCanvas
                    data=Signal::stored(models)
                    draw=draw_tradeoff
                    description=description
                    testid="chart-tradeoff"
                    what="the accuracy against cost chart"
                    tall=true
                />
                <p class="note">
                    "Every MobileNet v1 the paper reports, and the conventional networks it compares with (Tables 8 and 9). "
                    "Circles are separable networks, squares use full convolutions; filled marks are counted by Sepconv, hollow ones are the paper's printed mult-adds. "
                    "Labels that would cover a mark or another label are left off: every point is listed below."
                </p>
                <details class="every-point">
                    <summary>"Every point"</summary>
                    <ul data-testid="tradeoff-points">{every_point}</ul>
                </details>
            </figure>
        </section>
    }
}
