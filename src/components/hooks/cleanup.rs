//! The one place the page ties browser objects to a component's life: a
//! callback handed to the browser (a `Closure`) and what it is attached to
//! must live exactly as long as the component, and be detached when it goes.
//! Leptos' cleanups must be `Send`; these objects are not, and the page has one
//! thread, so they travel in a `SendWrapper`.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::{Closure, WasmClosure};
use wasm_bindgen::JsCast;

/// Keeps `value` alive while the calling component lives, then passes it to
/// `release` (to disconnect an observer, remove a listener, cancel a frame).
pub fn keep_until_cleanup<T: 'static>(value: T, release: impl FnOnce(T) + 'static) {
    let kept = SendWrapper::new((value, release));
    on_cleanup(move || {
        let (value, release) = kept.take();
        release(value);
    });
}

/// Listens to `event` on `target` while the calling component lives.
pub fn use_event_listener<F>(
    target: &web_sys::EventTarget,
    event: &'static str,
    handler: Closure<F>,
) where
    F: ?Sized + WasmClosure + 'static,
{
    let _ = target.add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
    keep_until_cleanup((target.clone(), handler), move |(target, handler)| {
        let _ = target.remove_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
    });
}

/// Creates an observer (`ResizeObserver`, `IntersectionObserver`,
/// `MutationObserver`) around `callback` with `create`, lets `start` point it
/// at what it watches, and disconnects it when the calling component goes.
pub fn use_observer<O, F>(
    callback: Closure<F>,
    create: impl FnOnce(&js_sys::Function) -> Result<O, wasm_bindgen::JsValue>,
    start: impl FnOnce(&O),
    disconnect: fn(&O),
) where
    O: 'static,
    F: ?Sized + WasmClosure + 'static,
{
    let Ok(observer) = create(callback.as_ref().unchecked_ref()) else {
        return;
    };
    start(&observer);
    keep_until_cleanup((observer, callback), move |(observer, _)| {
        disconnect(&observer)
    });
}
