//! A loop on the browser's animation frames.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::cleanup::keep_until_cleanup;

/// Calls `on_frame(elapsed_ms)` on every animation frame while `active` is
/// true; stops on cleanup. Per-frame state stays in `Cell`s, not signals.
pub fn use_frame_loop(active: Signal<bool>, on_frame: impl Fn(f64) + 'static) {
    type Callback = Closure<dyn FnMut(f64)>;
    let slot: Rc<RefCell<Option<Callback>>> = Rc::new(RefCell::new(None));
    let last = Rc::new(Cell::new(None::<f64>));
    let handle = Rc::new(Cell::new(None::<i32>));
    let schedule = {
        let (slot, handle) = (slot.clone(), handle.clone());
        move || {
            if let Some(callback) = slot.borrow().as_ref() {
                handle.set(
                    window()
                        .request_animation_frame(callback.as_ref().unchecked_ref())
                        .ok(),
                );
            }
        }
    };
    let tick = {
        let (last, handle, schedule) = (last.clone(), handle.clone(), schedule.clone());
        move |now: f64| {
            handle.set(None);
            // A frame after unmount must not touch disposed signals.
            if !active.try_get_untracked().unwrap_or(false) {
                last.set(None);
                return;
            }
            if let Some(previous) = last.get() {
                on_frame(now - previous);
            }
            last.set(Some(now));
            schedule();
        }
    };
    *slot.borrow_mut() = Some(Closure::new(tick));
    let pending = handle.clone();
    Effect::new(move |_| {
        if active.get() && pending.get().is_none() {
            last.set(None);
            schedule();
        }
    });
    keep_until_cleanup((slot, handle), |(slot, handle)| {
        if let Some(id) = handle.get() {
            let _ = window().cancel_animation_frame(id);
        }
        slot.borrow_mut().take();
    });
}
