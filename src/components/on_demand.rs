//! Parts of the page whose code arrives when the reader gets near them.
//!
//! The first screen (controls and cost) is what every visitor sees; most of the
//! module is the sections below it. In the release build (`--cfg
//! sepconv_split`, set by `cargo xtask build`) each part declared with
//! [`code_on_demand!`] goes to a WebAssembly module of its own, fetched the
//! first time the part is wanted, so the first load stays small. Other builds
//! (`trunk serve`, the component tests) keep one module: the code is there at
//! once.

use std::future::Future;
use std::task::{Context, Poll, Waker};

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::near_screen::{near_screen, render_everything_once};
use super::print::on_print;

/// Declares `async fn $loader() -> fn($parts) -> AnyView`, resolving to `$build`
/// once its code is there. In the release build only the loader refers to
/// `$build`, so `$build` and all the code only it uses are split off.
#[macro_export]
macro_rules! code_on_demand {
    ($loader:ident: $build:path, $parts:ty) => {
        #[cfg(sepconv_split)]
        #[leptos::lazy]
        fn $loader() -> fn($parts) -> leptos::prelude::AnyView {
            $build
        }
        #[cfg(not(sepconv_split))]
        async fn $loader() -> fn($parts) -> leptos::prelude::AnyView {
            $build
        }
    };
}

/// A part of the page built by code from `load`: a placeholder saying `what` is
/// coming until the part is wanted and its code is there, then the part, built
/// from `parts`. Wanted when the placeholder comes near the screen, before a
/// print, or `at_once` (an embed, a link to a section).
#[component]
pub fn OnDemand<P, Load, Code>(
    load: Load,
    parts: P,
    what: &'static str,
    #[prop(optional)] at_once: bool,
) -> impl IntoView
where
    P: 'static,
    Load: FnOnce() -> Code + 'static,
    Code: Future<Output = fn(P) -> AnyView> + 'static,
{
    let placeholder = NodeRef::<leptos::html::P>::new();
    let near = near_screen(placeholder);
    let wanted = RwSignal::new(at_once);
    on_print(move || wanted.set(true));
    let build = RwSignal::new(None::<fn(P) -> AnyView>);
    let load = StoredValue::new_local(Some(load));
    // Code already there (a build without the split) builds the part now, in
    // this render; code to fetch builds it when it arrives.
    let start = move || {
        let Some(load) = load.try_update_value(Option::take).flatten() else {
            return;
        };
        let mut code = Box::pin(load());
        match code.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(code) => build.set(Some(code)),
            Poll::Pending => spawn_local(async move {
                build.try_set(Some(code.await));
                render_everything_once();
                request_animation_frame(show_linked_section);
            }),
        }
    };
    if wanted.get_untracked() || !cfg!(sepconv_split) {
        start();
    }
    Effect::new(move |_| {
        if wanted.get() || near.get() {
            start();
        }
    });
    let parts = StoredValue::new_local(Some(parts));
    move || match build.get() {
        Some(build) => parts.try_update_value(Option::take).flatten().map(build),
        None => Some(
            view! {
                <p class="on-demand" node_ref=placeholder role="status">
                    "Loading " {what} "…"
                </p>
            }
            .into_any(),
        ),
    }
}

/// Scrolls to the section the page's link names (`#animation`), if it has just
/// arrived: the browser looked for it when the page loaded, before it existed.
fn show_linked_section() {
    let hash = window().location().hash().unwrap_or_default();
    let Some(id) = hash.strip_prefix('#').filter(|id| !id.is_empty()) else {
        return;
    };
    if let Some(section) = document().get_element_by_id(id) {
        section.scroll_into_view();
    }
}
