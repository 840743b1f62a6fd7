//! Getting things out of the page: a canvas as a PNG download, text to the
//! clipboard. Nothing leaves the browser; downloads are data URLs.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

use crate::components::hooks::use_canvas_paint::{context_2d, offscreen_canvas};
use crate::components::hooks::use_theme::Theme;

/// Downloads `canvas` as `file_name`, on the theme's surface colour (a
/// transparent PNG of light text would vanish on a white slide).
pub fn download_png(canvas: &HtmlCanvasElement, file_name: &str) {
    let (width, height) = (canvas.width(), canvas.height());
    let Some(copy) = offscreen_canvas(width, height) else {
        return;
    };
    let Some(ctx) = context_2d(&copy) else {
        return;
    };
    let background = Theme::of(canvas)
        .get("--surface")
        .unwrap_or_else(|| "#ffffff".into());
    ctx.set_fill_style_str(&background);
    ctx.fill_rect(0.0, 0.0, f64::from(width), f64::from(height));
    let _ = ctx.draw_image_with_html_canvas_element(canvas, 0.0, 0.0);
    let Ok(url) = copy.to_data_url() else {
        return;
    };
    let Some(link) = document()
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    else {
        return;
    };
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
}

/// A small button that downloads a canvas as a PNG.
#[component]
pub fn SavePng(
    /// The canvas to save.
    canvas: NodeRef<leptos::html::Canvas>,
    /// What it is, for the button's accessible name ("the parameters chart").
    what: String,
    /// The file name, computed when clicked (the frame number changes).
    file_name: Callback<(), String>,
    /// The `data-testid` of the button.
    testid: String,
) -> impl IntoView {
    let save = move |_| {
        if let Some(c) = canvas.get_untracked() {
            download_png(&c, &file_name.run(()));
        }
    };
    view! {
        <button type="button" class="save-png" on:click=save aria-label=format!("Save PNG of {what}") data-testid=testid>
            "Save PNG"
        </button>
    }
}

/// Writes `text` to the clipboard; false if the browser refuses (the clipboard
/// exists only in secure contexts, and a browser may ask or say no).
pub async fn copy_text(text: &str) -> bool {
    if !window().is_secure_context() {
        return false;
    }
    let promise = window().navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}
