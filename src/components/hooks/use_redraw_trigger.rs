//! When canvases must redraw although their data did not change: the window
//! was resized, or the page's look changed (the theme or presenter mode,
//! attributes of `<html>`).

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;

use super::cleanup::use_observer;

/// Bumps on those changes, and only then.
pub fn use_redraw_trigger() -> ArcTrigger {
    let trigger = ArcTrigger::new();
    let on_resize = {
        let trigger = trigger.clone();
        window_event_listener(leptos::ev::resize, move |_| trigger.notify())
    };
    on_cleanup(move || on_resize.remove());
    let Some(root) = document().document_element() else {
        return trigger;
    };
    let notify = {
        let trigger = trigger.clone();
        Closure::<dyn Fn()>::new(move || trigger.notify())
    };
    let options = web_sys::MutationObserverInit::new();
    options.set_attribute_filter(&js_sys::Array::of2(
        &"data-theme".into(),
        &"data-present".into(),
    ));
    use_observer(
        notify,
        web_sys::MutationObserver::new,
        |o| {
            let _ = o.observe_with_options(&root, &options);
        },
        web_sys::MutationObserver::disconnect,
    );
    trigger
}
