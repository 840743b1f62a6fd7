//! Whether an element is on screen or about to be. What is far from the screen
//! need not follow every slider change: canvases there wait, sections there
//! follow the layer once it has settled (`LayerState::when_near`).
//!
//! The browser's own skipping (`content-visibility: auto`) is no help here: it
//! keeps sections rendered up to one and a half screens away, and it cannot
//! stop the page's own work for them. It does save rendering work, once it
//! knows each section's size (`render_everything_once`).

use std::cell::Cell;

use leptos::html::ElementType;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::js_sys;

use super::cleanup::use_observer;
use crate::state::LayerState;

/// How far outside the screen an element still counts as near, in CSS pixels:
/// it gets ready before it scrolls in.
const MARGIN: f64 = 200.0;

/// True while `node` is within `MARGIN` of the screen. Decided when it mounts,
/// from its position then (the page's one layout at start-up), so nothing far
/// down paints at start-up; then kept current by an IntersectionObserver.
pub fn use_near_screen<E>(node: NodeRef<E>) -> ReadSignal<bool>
where
    E: ElementType + 'static,
    E::Output: JsCast + Clone + 'static,
{
    let near = RwSignal::new(true);
    node.on_load(move |element| {
        let element: &web_sys::Element = element.unchecked_ref();
        let rect = element.get_bounding_client_rect();
        let screen = window()
            .inner_height()
            .ok()
            .and_then(|h| h.as_f64())
            .unwrap_or(0.0);
        near.set(rect.bottom() > -MARGIN && rect.top() < screen + MARGIN);
        let callback = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let last = entries.get(entries.length().saturating_sub(1));
            if let Ok(entry) = last.dyn_into::<web_sys::IntersectionObserverEntry>() {
                let now = entry.is_intersecting();
                if near.get_untracked() != now {
                    near.set(now);
                }
            }
        });
        let options = web_sys::IntersectionObserverInit::new();
        options.set_root_margin(&format!("{MARGIN}px 0px"));
        use_observer(
            callback,
            |f| web_sys::IntersectionObserver::new_with_options(f, &options),
            |o| o.observe(element),
            web_sys::IntersectionObserver::disconnect,
        );
    });
    near.read_only()
}

/// A section's node and the page's layer as the section should follow it:
/// live while the section is near the screen, the settled layer away from it
/// (`LayerState::when_near`).
pub fn use_section_state(state: LayerState) -> (NodeRef<leptos::html::Section>, LayerState) {
    let section = NodeRef::<leptos::html::Section>::new();
    (section, state.when_near(use_near_screen(section)))
}

thread_local! {
    /// Counts the calls of `render_everything_once`: only the latest may end.
    static RENDERS: Cell<u32> = const { Cell::new(0) };
}

/// Lets the browser skip rendering sections far from the screen (the
/// stylesheet's `content-visibility: auto`, under `data-rendered`) only once it
/// has rendered every section: it then knows their sizes, and nothing jumps when
/// one comes back. Called at start-up and when a part of the page arrives.
pub fn render_everything_once() {
    let Some(root) = document().document_element() else {
        return;
    };
    let _ = root.remove_attribute("data-rendered");
    let this = RENDERS.with(|n| {
        n.set(n.get().wrapping_add(1));
        n.get()
    });
    // The first frame renders the page; the next one starts after it.
    request_animation_frame(move || {
        request_animation_frame(move || {
            if RENDERS.with(Cell::get) == this {
                let _ = root.set_attribute("data-rendered", "true");
            }
        })
    });
}
