//! How the results were made, from the results file's header: the command
//! (anyone can rerun it), the commit, when, how long and on what machine.

use leptos::prelude::*;

use crate::lab::results::{duration_text, META};

/// A long hash, breakable every 8 characters so it wraps on a phone.
fn breakable(hash: &'static str) -> impl IntoView {
    (0..hash.len())
        .step_by(8)
        .filter_map(|at| hash.get(at..(at + 8).min(hash.len())))
        .map(|part| view! { {part}<wbr /> })
        .collect_view()
}

/// The provenance note.
#[component]
pub fn Provenance() -> impl IntoView {
    view! {
        <p class="note" data-testid="lab-provenance">
            "Measured natively by "
            <code data-testid="lab-command">{META.command}</code>
            " (anyone can run it again) at commit "
            <code data-testid="lab-commit">{breakable(META.commit)}</code>
            ", finished "
            <span data-testid="lab-date">{META.date}</span>
            " after "
            <span data-testid="lab-duration">{duration_text(META.duration_seconds)}</span>
            " on "
            {META.machine}
            ". Training times are that machine's, one run at a time. Settings: "
            {META.settings}
            "."
        </p>
    }
}
