//! Printing: canvases are redrawn as images in the light (paper) colours just
//! before the page is printed. Both signals are heard: `beforeprint` (a real
//! print) and the print media query starting to match (print preview in some
//! browsers, and emulated print media in the tests).

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;

use super::cleanup::use_event_listener;

/// Calls `prepare` before every print while the calling component lives.
pub fn use_print(prepare: impl Fn() + 'static) {
    let prepare = std::rc::Rc::new(prepare);
    let before = {
        let prepare = prepare.clone();
        Closure::<dyn Fn()>::new(move || prepare())
    };
    use_event_listener(&window(), "beforeprint", before);
    if let Some(query) = window().match_media("print").ok().flatten() {
        let change = Closure::<dyn Fn(web_sys::MediaQueryListEvent)>::new(
            move |e: web_sys::MediaQueryListEvent| {
                if e.matches() {
                    prepare();
                }
            },
        );
        use_event_listener(&query, "change", change);
    }
}
