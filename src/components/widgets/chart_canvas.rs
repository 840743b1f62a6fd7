//! A plotters chart on a canvas, painted through the page's one canvas pipeline
//! (`use_canvas_paint`): crisp on HiDPI screens, in the theme's colours,
//! redrawn only when its data, the theme or the size changes. One component
//! for every chart on the page; what is drawn is the `draw` function's
//! business. `BarChart` is a chart of bars that describes itself.

use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

use super::save_png::SavePng;
use crate::chart::{self, Bars};
use crate::components::hooks::use_canvas_paint::{render_to_image, use_canvas_paint, Surface};
use crate::components::hooks::use_print::use_print;
use crate::palette::Palette;
use crate::timing;

/// A drawing function of `crate::chart`, on the canvas backend.
pub type Draw<D> =
    fn(
        &DrawingArea<CanvasBackend, Shift>,
        &D,
        &Palette,
        f64,
    ) -> Result<(), DrawingAreaErrorKind<<CanvasBackend as DrawingBackend>::ErrorType>>;

/// Draws `data` with `draw` on `canvas`, sized for `surface`.
fn draw_on<D>(
    canvas: &HtmlCanvasElement,
    surface: Surface,
    palette: &Palette,
    data: &D,
    draw: Draw<D>,
) {
    surface.prepare(canvas);
    let Some(backend) = CanvasBackend::with_canvas_object(canvas.clone()) else {
        return;
    };
    let area = backend.into_drawing_area();
    let drawn =
        draw(&area, data, palette, surface.ratio * surface.zoom).and_then(|_| area.present());
    if let Err(e) = drawn {
        leptos::logging::warn!("chart not drawn: {e:?}");
    }
}

/// A canvas showing `data` drawn by `draw`; `description` is its accessible
/// text. A button saves it as a PNG, and for print it becomes an image in the
/// light (paper) colours.
#[component]
pub fn ChartCanvas<D>(
    /// What to draw.
    #[prop(into)]
    data: Signal<D>,
    /// How to draw it (a function of `crate::chart`).
    draw: Draw<D>,
    /// Screen-reader description of the chart's content.
    #[prop(into)]
    description: Signal<String>,
    /// The `data-testid` of the canvas; also names the PNG file.
    testid: &'static str,
    /// What the chart is, in a few words ("the parameters chart").
    what: &'static str,
    /// A taller canvas, for charts with more to show.
    #[prop(optional)]
    tall: bool,
) -> impl IntoView
where
    D: Clone + Send + Sync + 'static,
{
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let print_image = NodeRef::<leptos::html::Img>::new();
    let painted = use_canvas_paint(canvas, timing::CHART, move |c, surface, palette| {
        data.with(|d| draw_on(c, surface, palette, d, draw));
    });
    use_print(move || {
        let (Some(image), Some(data)) = (print_image.get_untracked(), data.try_get_untracked())
        else {
            return;
        };
        // A chart that never came near the screen prints at its CSS size.
        let size = match painted.get_value().size {
            (w, h) if w > 0.0 && h > 0.0 => (w, h),
            _ => canvas.get_untracked().map_or((640.0, 240.0), |c| {
                (
                    f64::from(c.client_width().max(320)),
                    f64::from(c.client_height().max(160)),
                )
            }),
        };
        render_to_image(&image, size, |c, surface, paper| {
            draw_on(c, surface, paper, &data, draw)
        });
    });
    let file_name = Callback::new(move |_| format!("sepconv-{testid}.png"));
    view! {
        <canvas
            node_ref=canvas
            class="chart"
            class:tall=tall
            role="img"
            aria-label=description
            data-testid=testid
        ></canvas>
        <img node_ref=print_image class="print-only print-figure" data-theme="light" alt=description data-testid=format!("{testid}-print") />
        <div class="figure-tools">
            <SavePng canvas what=what.to_string() file_name testid=format!("{testid}-save") />
        </div>
    }
}

/// "Bar chart of parameters: standard 3584, depthwise 30, …": a bar chart's
/// description, from its bars.
pub fn describe(title: &str, bars: &Bars) -> String {
    let parts: Vec<String> = bars
        .bars
        .iter()
        .map(|b| format!("{} {}", b.label, b.text))
        .collect();
    format!("Bar chart of {title}: {}.", parts.join(", "))
}

/// A bar chart of `bars` whose screen-reader description is built from the
/// bars themselves; `title` says what they measure ("parameters"), `testid`
/// and `what` are the canvas's (see `ChartCanvas`). A function, not a
/// component: a component's props cost first-load bytes.
pub fn bar_chart(
    bars: Memo<Bars>,
    title: &'static str,
    testid: &'static str,
    what: &'static str,
) -> impl IntoView {
    let description = Signal::derive(move || bars.with(|b| describe(title, b)));
    view! { <ChartCanvas data=bars draw=chart::draw description testid what /> }
}
