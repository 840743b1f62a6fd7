//! The notes on values in the link that could not be used, one place for every
//! section that reads the URL.

use leptos::prelude::*;

/// The notes, or nothing when there are none.
#[component]
pub fn UrlNotes(
    /// One sentence per unusable value.
    notes: Vec<String>,
    /// The `data-testid` of the box.
    testid: &'static str,
) -> impl IntoView {
    (!notes.is_empty()).then(|| {
        view! {
            <div class="url-notes" role="status" data-testid=testid>
                <p>"Some values in the link could not be used:"</p>
                <ul>{notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
            </div>
        }
    })
}
