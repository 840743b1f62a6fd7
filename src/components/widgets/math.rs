//! MathML from the calculator's expressions: no JavaScript library needed.

use leptos::prelude::*;
use sepconv_calc::format::thousands;
use sepconv_calc::{Expr, Notation, Symbol};

/// A symbol's name ("n_c′", "D_K", "f") as MathML: base, subscript, prime.
pub fn symbol(name: &'static str) -> AnyView {
    let (name, prime) = match name.strip_suffix('′') {
        Some(base) => (base, true),
        None => (name, false),
    };
    match (name.split_once('_'), prime) {
        (Some((base, sub)), true) => {
            view! { <msubsup><mi>{base}</mi><mi>{sub}</mi><mo>"′"</mo></msubsup> }.into_any()
        }
        (Some((base, sub)), false) => {
            view! { <msub><mi>{base}</mi><mi>{sub}</mi></msub> }.into_any()
        }
        (None, true) => view! { <msup><mi>{name}</mi><mo>"′"</mo></msup> }.into_any(),
        (None, false) => view! { <mi>{name}</mi> }.into_any(),
    }
}

/// The symbol for `s` in `notation`.
pub fn named(s: Symbol, notation: Notation) -> AnyView {
    match notation.symbol(s) {
        Some(name) => symbol(name),
        None => view! { <mn>"1"</mn> }.into_any(),
    }
}

/// An expression as MathML; symbols in `notation` where given, numbers otherwise.
pub fn expr(e: &Expr, notation: Option<Notation>) -> AnyView {
    let join = |terms: &[Expr], op: &'static str, wrap: bool| {
        let mut parts: Vec<AnyView> = Vec::new();
        for (i, term) in terms.iter().enumerate() {
            if i > 0 {
                parts.push(view! { <mo>{op}</mo> }.into_any());
            }
            let inner = expr(term, notation);
            let bracket = wrap && matches!(term, Expr::Sum(_) | Expr::Product(_));
            parts.push(if bracket {
                view! { <mrow><mo>"("</mo>{inner}<mo>")"</mo></mrow> }.into_any()
            } else {
                inner
            });
        }
        view! { <mrow>{parts}</mrow> }.into_any()
    };
    match e {
        Expr::Num { value, symbol: s } => match (s, notation) {
            (Some(s), Some(n)) if n.symbol(*s).is_some() => named(*s, n),
            _ => view! { <mn>{thousands(*value)}</mn> }.into_any(),
        },
        Expr::Total { value, part } => match notation {
            Some(_) => view! { <mtext>{part.name()}</mtext> }.into_any(),
            None => view! { <mn>{thousands(*value)}</mn> }.into_any(),
        },
        Expr::Product(terms) => join(terms, "×", true),
        Expr::Sum(terms) => join(terms, "+", false),
    }
}
