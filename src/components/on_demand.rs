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

use crate::components::hooks::use_near_screen::{render_everything_once, use_near_screen};
use crate::components::hooks::use_print::use_print;

/// The function that builds a part, once its code is there.
pub type Build<P> = fn(P) -> AnyView;

/// Fetching a part's code failed (the network, usually).
pub type LoadError = leptos::wasm_split::SplitLoaderError;

/// Declares `async fn $loader() -> Result<Build<$parts>, LoadError>`, resolving
/// to `$build` once its code is there. In the release build only the loader
/// refers to `$build`, so `$build` and all the code only it uses are split off.
#[macro_export]
macro_rules! code_on_demand {
    ($loader:ident: $build:path, $parts:ty) => {
        #[cfg(sepconv_split)]
        #[leptos::wasm_split::wasm_split($loader, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $loader() -> Result<
            $crate::components::on_demand::Build<$parts>,
            $crate::components::on_demand::LoadError,
        > {
            Ok($build)
        }
        #[cfg(not(sepconv_split))]
        async fn $loader() -> Result<
            $crate::components::on_demand::Build<$parts>,
            $crate::components::on_demand::LoadError,
        > {
            Ok($build)
        }
    };
}

/// A part of the page built by code from `load`: a placeholder saying `what` is
/// coming until the part is wanted and its code is there, then the part, built
/// from `parts`. Wanted when the placeholder comes near the screen, before a
/// print, or `at_once` (an embed, a link to a section). When the code cannot be
/// fetched, the placeholder says so and offers to try again (as does coming
/// near the screen again).
#[component]
pub fn OnDemand<P, Load, Code>(
    load: Load,
    parts: P,
    what: &'static str,
    #[prop(optional)] at_once: bool,
) -> impl IntoView
where
    P: 'static,
    Load: Fn() -> Code + Copy + Send + Sync + 'static,
    Code: Future<Output = Result<Build<P>, LoadError>> + 'static,
{
    let placeholder = NodeRef::<leptos::html::Div>::new();
    let near = use_near_screen(placeholder);
    let wanted = RwSignal::new(at_once);
    use_print(move || wanted.set(true));
    let build = RwSignal::new(None::<Build<P>>);
    let failed = RwSignal::new(false);
    let loading = StoredValue::new(false);
    // Read now: the page soon rewrites its URL without it.
    let linked = StoredValue::new(window().location().hash().unwrap_or_default());
    let arrived = move |code: Result<Build<P>, LoadError>| {
        loading.try_set_value(false);
        match code {
            Ok(code) => _ = build.try_set(Some(code)),
            Err(_) => {
                failed.try_set(true);
                // A part that arrives later, on a retry, must not move the reader.
                linked.try_set_value(String::new());
            }
        }
    };
    // Code already there (a build without the split) builds the part now, in
    // this render; code to fetch builds it when it arrives.
    let start = move || {
        if build.get_untracked().is_some() || loading.get_value() {
            return;
        }
        loading.set_value(true);
        failed.set(false);
        let mut code = Box::pin(load());
        match code.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(code) => arrived(code),
            Poll::Pending => spawn_local(async move {
                arrived(code.await);
                render_everything_once();
                request_animation_frame(move || linked.with_value(|id| show_linked_section(id)));
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
        None => {
            Some(view! { <Placeholder watched=placeholder what failed retry=start /> }.into_any())
        }
    }
}

/// What stands in for a part (`watched` by `OnDemand`) until it is
/// built: what is coming, or that it could not be fetched, with `retry`.
#[component]
fn Placeholder(
    watched: NodeRef<leptos::html::Div>,
    what: &'static str,
    failed: RwSignal<bool>,
    retry: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let message = move || {
        if failed.get() {
            view! {
                <p>
                    "Could not load " {what} ". Check the connection, then "
                    <button type="button" on:click=move |_| retry()>"try again"</button>
                    "."
                </p>
            }
            .into_any()
        } else {
            view! { <p class="on-demand-wait">"Loading " {what} "…"</p> }.into_any()
        }
    };
    view! {
        <div class="on-demand" node_ref=watched role="status">
            {message}
            // A print asks for the part too, but this print goes on without it.
            <p class="print-only">"Not printed: " {what} ", still loading. Print again to include it."</p>
        </div>
    }
}

/// Scrolls to the section the page's link named (`#animation`), if it has just
/// arrived: the browser looked for it when the page loaded, before it existed.
fn show_linked_section(hash: &str) {
    let Some(id) = hash.strip_prefix('#').filter(|id| !id.is_empty()) else {
        return;
    };
    if let Some(section) = document().get_element_by_id(id) {
        section.scroll_into_view();
    }
}

/// Fetches `load`'s code and runs it on `parts` as soon as it is there, for a
/// small part that puts itself on the page (with [`place`]) and holds nothing
/// up while it arrives: no placeholder, no retry, no reactive view here. Only
/// the part's own code (fetched by some pages, such as an embed's caption)
/// builds and mounts it.
pub fn fetch_and_place<P, Code>(load: fn() -> Code, parts: P)
where
    P: 'static,
    Code: Future<Output = Result<Build<P>, LoadError>> + 'static,
{
    spawn_local(async move {
        if let Ok(build) = load().await {
            // The part has placed itself: what it returns is empty.
            let _ = build(parts);
            render_everything_once();
        }
    });
}

/// Builds `view` under `owner` (the page's: the part goes when the page goes)
/// and mounts it in `anchor`, an element rendered with the page for it. Called
/// by a part's code once it has arrived ([`fetch_and_place`]).
pub fn place(anchor: NodeRef<leptos::html::Div>, owner: &Owner, view: impl FnOnce() -> AnyView) {
    let Some(parent) = anchor.get_untracked() else {
        return;
    };
    owner.with(|| {
        let mut mounted = view().build();
        mounted.mount(&parent, None);
        // Kept as long as the owner lives, so the part stays mounted.
        StoredValue::new_local(mounted);
    });
}
