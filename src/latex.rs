//! The worked derivation as LaTeX, for lecture notes: the same steps the page
//! shows in MathML, from the calculator's expressions.

use sepconv_calc::format::thousands;
use sepconv_calc::{Expr, Layer, Notation, Quantity};

/// A symbol's name ("n_c′", "D_K", "dm") in LaTeX: `n_{c}'`, `D_{K}`, `\mathit{dm}`.
pub fn symbol(name: &str) -> String {
    let (name, prime) = match name.strip_suffix('′') {
        Some(base) => (base, "'"),
        None => (name, ""),
    };
    let base = |b: &str| {
        if b.chars().count() > 1 {
            format!("\\mathit{{{b}}}")
        } else {
            b.to_string()
        }
    };
    match name.split_once('_') {
        Some((b, sub)) => format!("{}_{{{sub}}}{prime}", base(b)),
        None => format!("{}{prime}", base(name)),
    }
}

/// A count with thin-space-free LaTeX thousands separators: `1{,}234{,}567`.
fn number(value: u64) -> String {
    thousands(value).replace(',', "{,}")
}

/// An expression in LaTeX: symbols in `notation` where given, numbers otherwise.
pub fn expr(e: &Expr, notation: Option<Notation>) -> String {
    let join = |terms: &[Expr], op: &str, bracket: bool| {
        terms
            .iter()
            .map(|t| {
                let inner = expr(t, notation);
                if bracket && matches!(t, Expr::Sum(_) | Expr::Product(_)) {
                    format!("({inner})")
                } else {
                    inner
                }
            })
            .collect::<Vec<_>>()
            .join(op)
    };
    match e {
        Expr::Num { value, symbol: s } => s
            .and_then(|s| notation.and_then(|n| n.symbol(s)))
            .map(symbol)
            .unwrap_or_else(|| number(*value)),
        Expr::Total { value, part } => match notation {
            Some(_) => format!("\\text{{{}}}", part.name()),
            None => number(*value),
        },
        Expr::Product(terms) => join(terms, " \\times ", true),
        Expr::Sum(terms) => join(terms, " + ", false),
    }
}

/// Both derivations, parameters and MACs, as two `align*` blocks.
pub fn derivation(layer: &Layer, notation: Notation) -> String {
    let steps = layer.derivation();
    let mut out = format!("% Sepconv: {}\n", layer.spec().headline());
    for (quantity, title) in [
        (Quantity::Params, "Parameters"),
        (Quantity::Macs, "Multiply-accumulates"),
    ] {
        out.push_str(&format!("% {title}\n\\begin{{align*}}\n"));
        let rows: Vec<String> = steps
            .iter()
            .filter(|step| step.quantity == quantity)
            .map(|step| {
                let mut forms = vec![expr(&step.expression, Some(notation))];
                forms.extend(step.forms().iter().map(|f| expr(f, None)));
                format!("\\text{{{}}} &= {}", step.part.name(), forms.join(" = "))
            })
            .collect();
        out.push_str(&rows.join(" \\\\\n"));
        out.push_str("\n\\end{align*}\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use sepconv_calc::LayerSpec;

    #[test]
    fn symbols() {
        assert_eq!(symbol("f"), "f");
        assert_eq!(symbol("n_c"), "n_{c}");
        assert_eq!(symbol("n_c′"), "n_{c}'");
        assert_eq!(symbol("D_K"), "D_{K}");
        assert_eq!(symbol("dm"), "\\mathit{dm}");
    }

    #[test]
    fn forum_exercise_in_the_course_notation() {
        let layer = Layer::new(LayerSpec::forum_exercise()).unwrap();
        let tex = derivation(&layer, Notation::Course);
        assert!(tex.contains(
            "\\text{standard} &= (f \\times f \\times n_{c} + 1) \\times n_{c}' = (3 \\times 3 \\times 3 + 1) \\times 128 = 28 \\times 128 = 3584 \\\\"
        ), "{tex}");
        assert!(tex.contains(
            "\\text{separable} &= \\text{depthwise} + \\text{pointwise} = 30 + 512 = 542\n\\end{align*}"
        ), "{tex}");
        assert_eq!(tex.matches("\\begin{align*}").count(), 2);
        assert_eq!(tex.matches("\\end{align*}").count(), 2);
        assert_eq!(tex.matches(" &= ").count(), 8, "4 parts × 2 quantities");
    }

    #[test]
    fn paper_notation_and_big_numbers() {
        let layer = Layer::new(LayerSpec::mobilenet_14x14x512()).unwrap();
        let tex = derivation(&layer, Notation::Paper);
        assert!(tex.contains("D_{K} \\times D_{K} \\times M"), "{tex}");
        // 3×3×512×512×14×14 = 462,422,016 MACs, with LaTeX's braced comma.
        assert!(tex.contains("462{,}422{,}016"), "{tex}");
        // Braces balance, so it compiles.
        assert_eq!(tex.matches('{').count(), tex.matches('}').count());
    }
}
