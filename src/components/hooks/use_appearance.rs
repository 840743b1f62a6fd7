//! Light or dark, and presenter mode: two attributes on `<html>` that the
//! stylesheet keys on (`data-theme`, `data-present`). Canvases watch those
//! attributes (`use_redraw_trigger`), so they redraw in the new
//! colours and sizes with no code here.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::cleanup::use_event_listener;

use crate::theme::{Scheme, STORAGE_KEY};

/// The page's look, shared by the toggles and the shortcuts.
#[derive(Clone, Copy)]
pub struct Appearance {
    /// Light or dark.
    pub scheme: RwSignal<Scheme>,
    /// Presenter mode: large type, thick lines, high contrast.
    pub present: RwSignal<bool>,
    /// Whether the URL fixed the scheme (then a toggle is not remembered).
    fixed: bool,
    /// Whether the reader chose (then the system setting is no longer followed).
    chosen: RwSignal<bool>,
}

fn storage() -> Option<web_sys::Storage> {
    // Storage can be refused (private modes, third-party frames): then nothing is remembered.
    window().local_storage().ok().flatten()
}

fn system_dark() -> Option<web_sys::MediaQueryList> {
    window()
        .match_media("(prefers-color-scheme: dark)")
        .ok()
        .flatten()
}

fn set_root_attribute(name: &str, value: Option<&str>) {
    if let Some(root) = document().document_element() {
        let _ = match value {
            Some(v) => root.set_attribute(name, v),
            None => root.remove_attribute(name),
        };
    }
}

impl Appearance {
    /// The look at start: `from_url` wins, then the reader's remembered choice,
    /// then the system setting, which is followed while nothing else decides.
    pub fn use_appearance(from_url: Option<Scheme>, present: bool) -> Appearance {
        let stored = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
        let system = system_dark();
        let scheme = Scheme::resolve(
            from_url,
            stored.as_deref(),
            system.as_ref().is_some_and(|q| q.matches()),
        );
        let look = Appearance {
            scheme: RwSignal::new(scheme),
            present: RwSignal::new(present),
            fixed: from_url.is_some(),
            chosen: RwSignal::new(false),
        };
        // Set now, before anything renders, so nothing is drawn in the wrong colours.
        set_root_attribute("data-theme", Some(scheme.name()));
        set_root_attribute("data-present", present.then_some(""));
        Effect::new(move |_| set_root_attribute("data-theme", Some(look.scheme.get().name())));
        Effect::new(move |_| set_root_attribute("data-present", look.present.get().then_some("")));

        if let (Some(query), None, false) = (system, stored, look.fixed) {
            let follow = Closure::<dyn Fn(web_sys::MediaQueryListEvent)>::new(
                move |e: web_sys::MediaQueryListEvent| {
                    if look.chosen.try_get_untracked().unwrap_or(true) {
                        return;
                    }
                    look.scheme.try_set(if e.matches() {
                        Scheme::Dark
                    } else {
                        Scheme::Light
                    });
                },
            );
            use_event_listener(&query, "change", follow);
        }
        look
    }

    /// Switches light and dark, and remembers the choice (unless the URL fixed it).
    pub fn toggle_scheme(self) {
        let next = self.scheme.get_untracked().toggled();
        self.chosen.set(true);
        self.scheme.set(next);
        if !self.fixed {
            if let Some(s) = storage() {
                let _ = s.set_item(STORAGE_KEY, next.name());
            }
        }
    }

    /// Presenter mode on or off.
    pub fn toggle_present(self) {
        self.present.update(|p| *p = !*p);
    }
}

/// Fullscreen on or off. The browser may refuse (no user gesture, a frame
/// without permission): its promise is awaited so a refusal is no error.
pub fn toggle_fullscreen() {
    let document = document();
    let (target, method): (wasm_bindgen::JsValue, &str) = if document.fullscreen_element().is_some()
    {
        (document.into(), "exitFullscreen")
    } else if let Some(root) = document.document_element() {
        (root.into(), "requestFullscreen")
    } else {
        return;
    };
    let call = js_sys::Reflect::get(&target, &method.into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call0(&target).ok())
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
    if let Some(promise) = call {
        leptos::task::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        });
    }
}
