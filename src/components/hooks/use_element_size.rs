//! The CSS size of an element, for painting a canvas.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::cleanup::use_observer;

/// The CSS size of `canvas`: read when it mounts and when `redraw` fires, and
/// kept current by a ResizeObserver. Paints never ask the canvas itself: after
/// a slider change has touched the DOM, `clientWidth` makes the browser lay out
/// the whole page there and then, once per canvas.
pub fn use_element_size(
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
        use_observer(
            callback,
            web_sys::ResizeObserver::new,
            |o| o.observe(&canvas),
            web_sys::ResizeObserver::disconnect,
        );
    });
    size.read_only()
}
