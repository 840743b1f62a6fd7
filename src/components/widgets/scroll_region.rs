//! A wide table or formula that scrolls sideways inside itself on a narrow
//! screen, never the page.

use leptos::prelude::*;

/// The scrolling box: focusable and named, so it can be scrolled from the
/// keyboard too.
/// (Typed children: type-erased ones cost kilobytes of the page per use.)
#[component]
pub fn ScrollRegion<T: IntoView + 'static>(
    /// What is inside, for screen readers ("the counts table").
    label: &'static str,
    /// The table or formula.
    children: TypedChildren<T>,
) -> impl IntoView {
    view! {
        <div class="scroll-x" tabindex="0" role="region" aria-label=label>
            {children.into_inner()()}
        </div>
    }
}
