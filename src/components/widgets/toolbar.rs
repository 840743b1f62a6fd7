//! The header's buttons: copy the link, light or dark, presenter mode, and the
//! list of keyboard shortcuts.

use std::time::Duration;

use leptos::prelude::*;

use crate::components::hooks::use_appearance::Appearance;
use crate::components::widgets::save_png::copy_text;
use crate::theme::Scheme;

/// "Copy link": the current URL to the clipboard; where the browser refuses,
/// the button says where the link is.
#[component]
fn CopyLink() -> impl IntoView {
    let label = RwSignal::new("Copy link");
    let copy = move |_| {
        let href = window().location().href().unwrap_or_default();
        leptos::task::spawn_local(async move {
            label.set(if copy_text(&href).await {
                "Link copied"
            } else {
                "Copy it from the address bar"
            });
            set_timeout(move || label.set("Copy link"), Duration::from_secs(3));
        });
    };
    view! {
        <button type="button" class="copy-link" on:click=copy data-testid="copy-link" aria-live="polite">
            {label}
        </button>
    }
}

/// The header's tools.
#[component]
pub fn Toolbar(
    /// Theme and presenter mode.
    look: Appearance,
    /// Whether the shortcuts overlay is open.
    help: RwSignal<bool>,
) -> impl IntoView {
    let dark = move || look.scheme.get() == Scheme::Dark;
    view! {
        <div class="toolbar" role="group" aria-label="Page">
            <CopyLink />
            <button type="button" aria-pressed=move || dark().to_string() on:click=move |_| look.toggle_scheme() data-testid="theme-toggle">
                "Dark theme"
            </button>
            <button type="button" aria-pressed=move || look.present.get().to_string() on:click=move |_| look.toggle_present() data-testid="present-toggle">
                "Presenter mode"
            </button>
            <button type="button" aria-haspopup="dialog" on:click=move |_| help.set(true) data-testid="help-open">
                "Shortcuts " <kbd>"?"</kbd>
            </button>
        </div>
    }
}
