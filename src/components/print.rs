//! Printing: canvases are redrawn as images in the light (paper) colours just
//! before the page is printed. Both signals are heard: `beforeprint` (a real
//! print) and the print media query starting to match (print preview in some
//! browsers, and emulated print media in the tests).

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Calls `prepare` before every print while the calling component lives.
pub fn on_print(prepare: impl Fn() + 'static) {
    let prepare = std::rc::Rc::new(prepare);
    let before = {
        let prepare = prepare.clone();
        Closure::<dyn Fn()>::new(move || prepare())
    };
    let _ =
        window().add_event_listener_with_callback("beforeprint", before.as_ref().unchecked_ref());
    let query = window().match_media("print").ok().flatten();
    let change = Closure::<dyn Fn(web_sys::MediaQueryListEvent)>::new(
        move |e: web_sys::MediaQueryListEvent| {
            if e.matches() {
                prepare();
            }
        },
    );
    if let Some(q) = &query {
        let _ = q.add_event_listener_with_callback("change", change.as_ref().unchecked_ref());
    }
    let keep = send_wrapper::SendWrapper::new((before, query, change));
    on_cleanup(move || {
        let (before, query, change) = keep.take();
        let _ = window()
            .remove_event_listener_with_callback("beforeprint", before.as_ref().unchecked_ref());
        if let Some(q) = query {
            let _ =
                q.remove_event_listener_with_callback("change", change.as_ref().unchecked_ref());
        }
    });
}

/// A canvas that is not on the page, `width`×`height` device pixels, for
/// drawing print images and exports.
pub fn offscreen_canvas(width: u32, height: u32) -> Option<web_sys::HtmlCanvasElement> {
    let canvas = document()
        .create_element("canvas")
        .ok()?
        .dyn_into::<web_sys::HtmlCanvasElement>()
        .ok()?;
    canvas.set_width(width.max(1));
    canvas.set_height(height.max(1));
    Some(canvas)
}

/// A canvas's 2D drawing context.
pub fn context_2d(
    canvas: &web_sys::HtmlCanvasElement,
) -> Option<web_sys::CanvasRenderingContext2d> {
    canvas.get_context("2d").ok().flatten()?.dyn_into().ok()
}
