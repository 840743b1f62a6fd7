//! In an iframe, tells the host page how tall the content is, whenever that
//! changes, so the iframe can size itself: `postMessage({type: "sepconv:height",
//! height})` (the shape is documented in the README; the host matches
//! `event.source` to its iframe).

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsValue;

use super::cleanup::use_observer;

/// The message's `type`.
pub const MESSAGE_TYPE: &str = "sepconv:height";

/// The content's height in CSS pixels: down to the body's bottom edge, so the
/// iframe's own height never feeds back into it.
fn content_height() -> Option<u32> {
    let body = document().body()?;
    let bottom = body.get_bounding_client_rect().bottom() + window().scroll_y().unwrap_or(0.0);
    Some(bottom.ceil().max(0.0) as u32)
}

fn message(height: u32) -> JsValue {
    let object = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&object, &"type".into(), &MESSAGE_TYPE.into());
    let _ = js_sys::Reflect::set(&object, &"height".into(), &height.into());
    object.into()
}

/// Posts the height to the parent frame now and on every change of the
/// content's size, while the calling component lives. Does nothing when the
/// page is not in a frame.
pub fn use_height_to_parent() {
    let Some(parent) = window().parent().ok().flatten() else {
        return;
    };
    if parent == window() {
        return;
    }
    let Some(body) = document().body() else {
        return;
    };
    let last = Rc::new(Cell::new(0u32));
    let post = move || {
        if let Some(height) = content_height().filter(|h| *h != last.get()) {
            last.set(height);
            // Any host may listen: a height is no secret.
            let _ = parent.post_message(&message(height), "*");
        }
    };
    // The observer reports the body's first size at once, then every change.
    use_observer(
        Closure::<dyn Fn()>::new(post),
        web_sys::ResizeObserver::new,
        |o| o.observe(&body),
        web_sys::ResizeObserver::disconnect,
    );
}
