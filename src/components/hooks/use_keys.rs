//! One key handler for the whole page: it asks `crate::shortcuts` what a key
//! means where the focus is, and hands the action on. The animation and the
//! timing, once on the page, register here so the shortcuts reach them.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::sections::animation::player::Player;
use crate::shortcuts::{self, Action, Focus, Modifiers};

/// The animation's player, once the animation section is mounted; provided as
/// context by the page.
#[derive(Clone, Copy)]
pub struct PlayerSlot(pub RwSignal<Option<Player>>);

impl PlayerSlot {
    /// Registers `player` for as long as the calling component lives (no-op
    /// without a page, as in a component test of the section alone).
    pub fn register(player: Player) {
        if let Some(slot) = use_context::<PlayerSlot>() {
            slot.0.set(Some(player));
            on_cleanup(move || {
                slot.0.try_set(None);
            });
        }
    }
}

/// "Time this layer", once the section with its button is mounted: the
/// shortcut runs what the button runs. Provided as context by the page.
#[derive(Clone, Copy)]
pub struct TimeLayerSlot(pub RwSignal<Option<Callback<()>>>);

impl TimeLayerSlot {
    /// Registers `time` for as long as the calling component lives (no-op
    /// without a page).
    pub fn register(time: Callback<()>) {
        if let Some(slot) = use_context::<TimeLayerSlot>() {
            slot.0.set(Some(time));
            on_cleanup(move || {
                slot.0.try_set(None);
            });
        }
    }
}

/// Where the key press happened.
fn focus_of(event: &web_sys::KeyboardEvent) -> Focus {
    let Some(element) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return Focus::Page;
    };
    let kind = element.get_attribute("type").unwrap_or_default();
    Focus::of(&element.tag_name(), &kind, element.is_content_editable())
}

/// Listens to keys on the window while the calling component lives; `handle`
/// returns whether it did something, and only then is the browser's default
/// (scrolling on Space or the arrows) prevented.
pub fn use_keys(handle: impl Fn(Action) -> bool + 'static) {
    let listener = window_event_listener(leptos::ev::keydown, move |event| {
        if event.default_prevented() || event.is_composing() {
            return;
        }
        let modifiers = Modifiers {
            ctrl: event.ctrl_key(),
            alt: event.alt_key(),
            meta: event.meta_key(),
        };
        if let Some(action) = shortcuts::action(&event.key(), modifiers, focus_of(&event)) {
            if handle(action) {
                event.prevent_default();
            }
        }
    });
    on_cleanup(move || listener.remove());
}
