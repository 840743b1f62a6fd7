//! A plotters chart on a canvas: crisp on HiDPI screens, in the theme's colours,
//! redrawn only when its data, the theme or the size changes. One component for
//! every chart on the page; what is drawn is the `draw` function's business.

use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

use plotters::coord::Shift;

use crate::chart::{Palette, Rgb};

/// A drawing function of `chart`, on the canvas backend.
pub type Draw<D> =
    fn(
        &DrawingArea<CanvasBackend, Shift>,
        &D,
        &Palette,
        f64,
    ) -> Result<(), DrawingAreaErrorKind<<CanvasBackend as DrawingBackend>::ErrorType>>;

/// The stylesheet's custom properties in effect on an element: the one place the
/// canvases read the theme from. Reading is slow (`getComputedStyle`), so callers
/// read once per theme or size change, never per paint.
pub struct Theme(Option<web_sys::CssStyleDeclaration>);

impl Theme {
    /// The theme in effect on `element`.
    pub fn of(element: &web_sys::Element) -> Theme {
        Theme(window().get_computed_style(element).ok().flatten())
    }

    /// A custom property's value (`--depthwise`), if set.
    pub fn get(&self, name: &str) -> Option<String> {
        let value = self.0.as_ref()?.get_property_value(name).ok()?;
        let value = value.trim();
        (!value.is_empty()).then(|| value.to_string())
    }
}

/// The charts' colours, so light and dark themes need no code.
fn palette(theme: &Theme) -> Palette {
    let read = |name: &str, fallback: Rgb| {
        theme
            .get(name)
            .and_then(|v| Rgb::parse(&v))
            .unwrap_or(fallback)
    };
    let light = Palette::LIGHT;
    Palette {
        parts: [
            read("--standard", light.parts[0]),
            read("--depthwise", light.parts[1]),
            read("--pointwise", light.parts[2]),
            read("--separable", light.parts[3]),
        ],
        text: read("--text", light.text),
        grid: read("--grid", light.grid),
        on_bar: read("--on-bar", light.on_bar),
    }
}

/// Draws `data` at the canvas's CSS size times the device pixel ratio.
fn paint<D>(canvas: &HtmlCanvasElement, data: &D, palette: &Palette, draw: Draw<D>) {
    let ratio = window().device_pixel_ratio().max(1.0);
    let (css_width, css_height) = (canvas.client_width(), canvas.client_height());
    if css_width <= 0 || css_height <= 0 {
        return;
    }
    // Setting the size clears the canvas, even to the same value.
    canvas.set_width((f64::from(css_width) * ratio).round() as u32);
    canvas.set_height((f64::from(css_height) * ratio).round() as u32);
    let Some(backend) = CanvasBackend::with_canvas_object(canvas.clone()) else {
        return;
    };
    let area = backend.into_drawing_area();
    let drawn = draw(&area, data, palette, ratio).and_then(|_| area.present());
    if let Err(e) = drawn {
        leptos::logging::warn!("chart not drawn: {e:?}");
    }
}

/// Bumps when the window is resized or the colour scheme changes, so canvases
/// redraw then and only then.
pub fn redraw_trigger() -> ArcTrigger {
    let trigger = ArcTrigger::new();
    let on_resize = {
        let trigger = trigger.clone();
        window_event_listener(leptos::ev::resize, move |_| trigger.notify())
    };
    on_cleanup(move || on_resize.remove());
    if let Ok(Some(query)) = window().match_media("(prefers-color-scheme: dark)") {
        let t = trigger.clone();
        let callback = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || t.notify());
        let _ = query.add_event_listener_with_callback("change", callback.as_ref().unchecked_ref());
        let remove = send_wrapper::SendWrapper::new((query, callback));
        on_cleanup(move || {
            let (query, callback) = remove.take();
            let _ = query
                .remove_event_listener_with_callback("change", callback.as_ref().unchecked_ref());
        });
    }
    trigger
}

/// A canvas showing `data` drawn by `draw`; `description` is its accessible text.
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
    /// The `data-testid` of the canvas.
    testid: &'static str,
    /// A taller canvas, for charts with more to show.
    #[prop(optional)]
    tall: bool,
) -> impl IntoView
where
    D: Clone + Send + Sync + 'static,
{
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let redraw = redraw_trigger();
    let palette = {
        let redraw = redraw.clone();
        Memo::new(move |_| {
            redraw.track();
            canvas.get().map(|c| palette(&Theme::of(&c)))
        })
    };
    // Tracks the trigger too: a resize changes the pixels but not the palette.
    Effect::new(move |_| {
        redraw.track();
        let data = data.get();
        if let (Some(canvas), Some(palette)) = (canvas.get(), palette.get()) {
            paint(&canvas, &data, &palette, draw);
        }
    });
    view! {
        <canvas
            node_ref=canvas
            class="chart"
            class:tall=tall
            role="img"
            aria-label=description
            data-testid=testid
        ></canvas>
    }
}
