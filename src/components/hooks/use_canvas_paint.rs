//! The one canvas pipeline. Every canvas on the page (the charts, the
//! animation's stage) paints through `use_canvas_paint`: only when it is near
//! the screen, again when the theme, presenter mode or window size changes, at
//! its CSS size times the device pixel ratio (crisp on HiDPI screens), and
//! timed as a User Timing measure. Print images and PNG exports are drawn on a
//! canvas of their own (`offscreen_canvas`, `render_to_image`).

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlImageElement};

use super::use_element_size::use_element_size;
use super::use_near_screen::use_near_screen;
use super::use_redraw_trigger::use_redraw_trigger;
use super::use_theme::{use_theme_look, Theme};
use crate::palette::Palette;
use crate::timing;

/// Where and how big a paint is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Surface {
    /// CSS width and height.
    pub size: (f64, f64),
    /// Device pixels per CSS pixel.
    pub ratio: f64,
    /// Text and lines this many times their normal size (presenter mode).
    pub zoom: f64,
}

impl Surface {
    /// Sizes `canvas`'s pixels for this surface, or clears them when they
    /// already fit: setting the size reallocates the pixels, a clear is cheap.
    pub fn prepare(&self, canvas: &HtmlCanvasElement) {
        let (width, height) = (
            (self.size.0 * self.ratio).round() as u32,
            (self.size.1 * self.ratio).round() as u32,
        );
        if (canvas.width(), canvas.height()) != (width, height) {
            canvas.set_width(width);
            canvas.set_height(height);
        } else if let Some(context) = context_2d(canvas) {
            context.clear_rect(0.0, 0.0, f64::from(width), f64::from(height));
        }
    }
}

/// Paints `canvas` with `paint` whenever what `paint` reads changes, the
/// theme or zoom changes, or the canvas is resized, but only while it is near
/// the screen. `measure` names the User Timing measure of each paint. Returns
/// the last surface painted on screen (print images keep its proportions).
pub fn use_canvas_paint(
    canvas: NodeRef<leptos::html::Canvas>,
    measure: &'static str,
    paint: impl Fn(&HtmlCanvasElement, Surface, &Palette) + 'static,
) -> StoredValue<Surface> {
    let redraw = use_redraw_trigger();
    let look = use_theme_look(canvas, redraw.clone());
    let size = use_element_size(canvas, redraw.clone());
    let near = use_near_screen(canvas);
    let painted = StoredValue::new(Surface {
        size: (0.0, 0.0),
        ratio: 1.0,
        zoom: 1.0,
    });
    // Tracks the trigger too: a resize changes the pixels but not the palette.
    Effect::new(move |_| {
        if !near.get() {
            return;
        }
        redraw.track();
        let size = size.get();
        let (Some(canvas), Some((palette, zoom))) = (canvas.get(), look.get()) else {
            return;
        };
        if size.0 <= 0.0 || size.1 <= 0.0 {
            return;
        }
        let surface = Surface {
            size,
            ratio: window().device_pixel_ratio().max(1.0),
            zoom,
        };
        timing::measured(measure, || paint(&canvas, surface, &palette));
        painted.set_value(surface);
    });
    painted
}

/// A canvas's 2D drawing context.
pub fn context_2d(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok().flatten()?.dyn_into().ok()
}

/// A canvas that is not on the page, `width`×`height` device pixels, for
/// drawing print images and exports.
pub fn offscreen_canvas(width: u32, height: u32) -> Option<HtmlCanvasElement> {
    let canvas = document()
        .create_element("canvas")
        .ok()?
        .dyn_into::<HtmlCanvasElement>()
        .ok()?;
    canvas.set_width(width.max(1));
    canvas.set_height(height.max(1));
    Some(canvas)
}

/// Draws a print image: `paint` on a canvas of its own at `size` CSS pixels,
/// three device pixels each (sharp on paper), in the colours in effect on
/// `image` (print images carry `data-theme="light"`: the paper's colours),
/// then shown by `image`.
pub fn render_to_image(
    image: &HtmlImageElement,
    size: (f64, f64),
    paint: impl FnOnce(&HtmlCanvasElement, Surface, &Palette),
) {
    let Some(canvas) = offscreen_canvas(1, 1) else {
        return;
    };
    let surface = Surface {
        size,
        ratio: 3.0,
        zoom: 1.0,
    };
    surface.prepare(&canvas);
    paint(&canvas, surface, &Theme::of(image).palette());
    if let Ok(url) = canvas.to_data_url() {
        image.set_src(&url);
    }
}
