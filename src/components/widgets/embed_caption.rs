//! An embed's caption: the layer it shows, in the page's notation, following
//! the controls (`crate::caption` builds it).

use leptos::prelude::*;

use super::math::named;
use crate::caption::{caption, plain, Piece};
use crate::state::LayerState;

/// One line stating the layer; symbols as MathML, the plain text in
/// `data-text` (as the derivation's rows carry theirs).
pub fn embed_caption(state: LayerState) -> impl IntoView {
    let pieces = move || caption(state.layer.get().spec(), state.notation.get());
    let line = move || {
        let notation = state.notation.get();
        pieces()
            .into_iter()
            .map(|piece| match piece {
                Piece::Text(text) => text.into_any(),
                Piece::Equation(symbols, value) => {
                    let product = symbols
                        .into_iter()
                        .enumerate()
                        .map(|(i, s)| view! { {(i > 0).then(|| view! { <mo>"×"</mo> })}{named(s, notation)} })
                        .collect_view();
                    // One line: "n_c′ = 128" never breaks.
                    view! { <span class="equation"><math><mrow>{product}</mrow></math>" = "{value}</span> }
                        .into_any()
                }
            })
            .collect_view()
    };
    view! {
        <p
            class="embed-caption"
            data-testid="embed-caption"
            data-text=move || plain(&pieces(), state.notation.get())
        >
            {line}
        </p>
    }
}
