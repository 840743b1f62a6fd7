//! An animation stops when its tab is hidden.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;

use super::cleanup::use_event_listener;

/// Sets `playing` to false when the tab is hidden.
pub fn use_pause_when_hidden(playing: RwSignal<bool>) {
    let on_change = Closure::<dyn Fn()>::new(move || {
        if document().hidden() {
            playing.set(false);
        }
    });
    use_event_listener(&document(), "visibilitychange", on_change);
}
