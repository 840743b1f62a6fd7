//! A plotters chart on a canvas: crisp on HiDPI screens, in the theme's colours,
//! redrawn only when its data, the theme or the size changes. One component for
//! every chart on the page; what is drawn is the `draw` function's business.

use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{js_sys, HtmlCanvasElement};

use plotters::coord::Shift;

use super::export::SavePng;
use super::near_screen::near_screen;
use super::print::{context_2d, offscreen_canvas, on_print};
use crate::chart::{Palette, Rgb};
use crate::{decimal, timing};

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

    /// How much larger than normal the page's type is (presenter mode, or a
    /// reader's larger default font): canvases scale their text and lines by it.
    pub fn zoom(&self) -> f64 {
        self.0
            .as_ref()
            .and_then(|s| s.get_property_value("font-size").ok())
            .and_then(|v| decimal::parse(v.trim_end_matches("px")))
            .map_or(1.0, |px| (px / 16.0).clamp(1.0, 3.0))
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

/// Draws `data` on `canvas` at `css_width`×`css_height` CSS pixels, `ratio`
/// device pixels each; text and lines are `zoom` times their normal size.
fn paint<D>(
    canvas: &HtmlCanvasElement,
    (css_width, css_height): (f64, f64),
    ratio: f64,
    zoom: f64,
    data: &D,
    palette: &Palette,
    draw: Draw<D>,
) {
    if css_width <= 0.0 || css_height <= 0.0 {
        return;
    }
    // Setting the size clears the canvas, even to the same value, but it also
    // reallocates its pixels: at an unchanged size a clear is much cheaper.
    let (width, height) = (
        (css_width * ratio).round() as u32,
        (css_height * ratio).round() as u32,
    );
    if (canvas.width(), canvas.height()) != (width, height) {
        canvas.set_width(width);
        canvas.set_height(height);
    } else if let Some(context) = context_2d(canvas) {
        context.clear_rect(0.0, 0.0, f64::from(width), f64::from(height));
    }
    let Some(backend) = CanvasBackend::with_canvas_object(canvas.clone()) else {
        return;
    };
    let area = backend.into_drawing_area();
    let drawn = draw(&area, data, palette, ratio * zoom).and_then(|_| area.present());
    if let Err(e) = drawn {
        leptos::logging::warn!("chart not drawn: {e:?}");
    }
}

/// Bumps when the window is resized or the page's look changes (the theme or
/// presenter mode: attributes of `<html>`), so canvases redraw then and only then.
pub fn redraw_trigger() -> ArcTrigger {
    let trigger = ArcTrigger::new();
    let on_resize = {
        let trigger = trigger.clone();
        window_event_listener(leptos::ev::resize, move |_| trigger.notify())
    };
    on_cleanup(move || on_resize.remove());
    let t = trigger.clone();
    let callback = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || t.notify());
    if let (Ok(observer), Some(root)) = (
        web_sys::MutationObserver::new(callback.as_ref().unchecked_ref()),
        document().document_element(),
    ) {
        let options = web_sys::MutationObserverInit::new();
        options.set_attribute_filter(&js_sys::Array::of2(
            &"data-theme".into(),
            &"data-present".into(),
        ));
        let _ = observer.observe_with_options(&root, &options);
        let keep = send_wrapper::SendWrapper::new((observer, callback));
        on_cleanup(move || keep.take().0.disconnect());
    }
    trigger
}

/// What `canvas` paints with, read from the theme (`read`) and its zoom: once when
/// it mounts and again when `redraw` fires, never per paint.
pub fn theme_look<T>(
    canvas: NodeRef<leptos::html::Canvas>,
    redraw: ArcTrigger,
    read: fn(&Theme) -> T,
) -> Memo<Option<(T, f64)>>
where
    T: PartialEq + Send + Sync + 'static,
{
    Memo::new(move |_| {
        redraw.track();
        canvas.get().map(|c| {
            let theme = Theme::of(&c);
            (read(&theme), theme.zoom())
        })
    })
}

/// The CSS size of `canvas`, for painting: read when it mounts and when `redraw`
/// fires, and kept current by a ResizeObserver. Paints never ask the canvas
/// itself: after a slider change has touched the DOM, `clientWidth` makes the
/// browser lay out the whole page there and then, once per canvas.
pub fn css_size(
    canvas: NodeRef<leptos::html::Canvas>,
    redraw: ArcTrigger,
) -> ReadSignal<(f64, f64)> {
    let size = RwSignal::new((0.0, 0.0));
    let update = move |new: (f64, f64)| {
        if size.get_untracked() != new {
            size.set(new);
        }
    };
    Effect::new(move |_| {
        redraw.track();
        if let Some(canvas) = canvas.get() {
            update((
                f64::from(canvas.client_width()),
                f64::from(canvas.client_height()),
            ));
        }
    });
    canvas.on_load(move |canvas| {
        let callback = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
            if let Ok(entry) = entries.get(0).dyn_into::<web_sys::ResizeObserverEntry>() {
                let rect = entry.content_rect();
                update((rect.width().round(), rect.height().round()));
            }
        });
        if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
            observer.observe(&canvas);
            let keep = send_wrapper::SendWrapper::new((observer, callback));
            on_cleanup(move || keep.take().0.disconnect());
        }
    });
    size.read_only()
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
    let redraw = redraw_trigger();
    let look = theme_look(canvas, redraw.clone(), palette);
    let size = css_size(canvas, redraw.clone());
    let near = near_screen(canvas);
    // The size last drawn on screen: print images keep its proportions.
    let drawn_size = StoredValue::new((0.0f64, 0.0f64));
    // Tracks the trigger too: a resize changes the pixels but not the palette.
    Effect::new(move |_| {
        if !near.get() {
            return;
        }
        redraw.track();
        let (data, size) = (data.get(), size.get());
        if let (Some(canvas), Some((palette, zoom))) = (canvas.get(), look.get()) {
            let ratio = window().device_pixel_ratio().max(1.0);
            timing::measured(timing::CHART, || {
                paint(&canvas, size, ratio, zoom, &data, &palette, draw)
            });
            if size.0 > 0.0 {
                drawn_size.set_value(size);
            }
        }
    });
    on_print(move || {
        let (Some(image), Some(data)) = (print_image.get_untracked(), data.try_get_untracked())
        else {
            return;
        };
        let Some(offscreen) = offscreen_canvas(1, 1) else {
            return;
        };
        // The image carries data-theme="light": its computed colours are the paper's.
        let paper = palette(&Theme::of(&image));
        paint(
            &offscreen,
            drawn_size.get_value(),
            2.0,
            1.0,
            &data,
            &paper,
            draw,
        );
        if let Ok(url) = offscreen.to_data_url() {
            image.set_src(&url);
        }
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
