//! Answers held back until the reader asks for them (`reveal=` in an embed), so
//! a "your turn" in course notes does not give them away.
//!
//! What is held back is one attribute on the page's root, `data-hold="cost,derivation"`
//! (set once by the app from the link), and the stylesheet hides the parts
//! marked `held-cost` or `held-derivation` while it names them, on screen
//! only: print shows everything. No signal and no reactive view: the cost is
//! on the first screen, whose code is budgeted, and once shown an answer stays
//! shown, so there is nothing to react to.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The root's attribute naming the answers held back.
const HOLD: &str = "data-hold";

/// Holds back the answers `names` ("cost,derivation", as `reveal=` writes
/// them; `None` for none) until the reader asks.
pub fn hold(names: Option<&str>) {
    if let Some(root) = document().document_element() {
        let _ = match names {
            Some(names) => root.set_attribute(HOLD, names),
            None => root.remove_attribute(HOLD),
        };
    }
}

/// Whether `answer` is held back now.
fn held(answer: &str) -> bool {
    document()
        .document_element()
        .and_then(|root| root.get_attribute(HOLD))
        .is_some_and(|names| names.split(',').any(|name| name == answer))
}

/// Shows `answer` for good and puts the focus on `region` (its part that
/// carries the button's place), so a keyboard or screen-reader user lands on
/// what appeared.
fn reveal(answer: &str, region: &str) {
    let names = document()
        .document_element()
        .and_then(|root| root.get_attribute(HOLD))
        .unwrap_or_default();
    let rest: Vec<&str> = names.split(',').filter(|name| *name != answer).collect();
    hold(
        Some(&rest.join(","))
            .filter(|rest| !rest.is_empty())
            .map(String::as_str),
    );
    if let Some(shown) = document()
        .get_element_by_id(region)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = shown.focus();
    }
}

/// "Work it out yourself first" and a "Show the answer" button, if `answer`
/// is held back; `region` is the id of the part it shows first (focusable:
/// `tabindex="-1"`). The stylesheet shows the prompt only while the answer
/// is held back.
pub fn show_answer(answer: &'static str, region: &'static str) -> impl IntoView {
    held(answer).then(|| {
        view! {
            <p class="held-back-prompt" data-for=answer>
                "Work it out yourself first. "
                <button
                    type="button"
                    class="primary"
                    aria-controls=region
                    aria-expanded="false"
                    on:click=move |_| reveal(answer, region)
                >
                    "Show the answer"
                </button>
            </p>
        }
    })
}

/// In place of the cost while it is held back: its title and the prompt. The
/// cost's sections are hidden whole (`held-cost`), so their first-load code
/// needs nothing for it; this comes with the embed's other additions.
pub fn cost_held_back(region: &'static str) -> impl IntoView {
    held("cost").then(|| {
        view! {
            <section class="panel held-back-prompt" data-for="cost" aria-labelledby="cost-held-title">
                <h2 id="cost-held-title">"The cost"</h2>
                {show_answer("cost", region)}
            </section>
        }
    })
}
