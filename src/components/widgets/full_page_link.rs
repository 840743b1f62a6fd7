//! A link from an embed to the whole page, showing what the embed shows now.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::link::Link;

/// The whole page at the page's current state, in a new tab, scrolled to `hash`
/// (`"#controls"`, or `""`). The href is taken from the address when the link is
/// followed: the page keeps its address current (`sync_url`), so a layer loaded
/// or a slider moved in the embed goes along.
#[component]
pub fn FullPageLink(
    /// Where on the whole page to land.
    #[prop(optional)]
    hash: &'static str,
    children: Children,
) -> impl IntoView {
    let href = move || {
        let search = window().location().search().unwrap_or_default();
        format!("./{}{hash}", Link::read(&search).0.whole_page_query())
    };
    let refresh = move |ev: leptos::ev::MouseEvent| {
        if let Some(link) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            let _ = link.set_attribute("href", &href());
        }
    };
    view! {
        <a href=href() target="_blank" rel="noopener" on:click=refresh>
            {children()}
        </a>
    }
}
