//! An embed's caption: one line stating the layer it shows (kernel, channels,
//! input size, stride, padding, bias convention) in the page's notation, so
//! course notes can embed a figure with its controls hidden and still say what
//! it is. Plain data, tested natively; `EmbedCaption` renders the symbols as
//! MathML.

use sepconv_calc::{LayerSpec, Notation, Symbol};

use crate::controls::{ChoiceField, Controls};

/// A piece of the caption: words, or an equation of the notation's symbols.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Plain text.
    Text(String),
    /// Symbols multiplied, equal to a value: "f×f = 3×3", "n_c′ = 128". Kept on
    /// one line.
    Equation(Vec<Symbol>, String),
}

/// The caption of `layer` in `notation`, as pieces: "Layer: kernel f×f = 3×3,
/// channels n_c = 3 → n_c′ = 128, input n_H×n_W = 3×3, stride s = 1, padding
/// valid (none), bias on both layers (PyTorch)."
pub fn caption(layer: &LayerSpec, notation: Notation) -> Vec<Piece> {
    let text = |t: &str| Piece::Text(t.to_string());
    let equation = |symbols: &[Symbol], value: String| Piece::Equation(symbols.to_vec(), value);
    let sides = |a: u64, b: u64| format!("{a}×{b}");
    let mut pieces = vec![
        text("Layer: kernel "),
        equation(
            &[Symbol::KernelHeight, Symbol::KernelWidth],
            sides(layer.kernel_height, layer.kernel_width),
        ),
        text(", channels "),
        equation(&[Symbol::InChannels], layer.in_channels.to_string()),
        // A no-break space: the arrow stays with the count it comes from.
        text("\u{a0}→ "),
        equation(&[Symbol::OutChannels], layer.out_channels.to_string()),
        text(", input "),
    ];
    // The paper writes one side, D_F, for a square input: a rectangle gets numbers only.
    let input = sides(layer.height, layer.width);
    let same_symbol = notation.symbol(Symbol::InHeight) == notation.symbol(Symbol::InWidth);
    pieces.push(if layer.height == layer.width || !same_symbol {
        equation(&[Symbol::InHeight, Symbol::InWidth], input)
    } else {
        Piece::Text(input)
    });
    let controls = Controls {
        layer: *layer,
        notation,
        log_scale: false,
    };
    pieces.extend([
        text(", stride "),
        equation(&[Symbol::Stride], layer.stride.to_string()),
        Piece::Text(format!(
            ", padding {}, bias {}",
            ChoiceField::Padding.label_of(&controls),
            ChoiceField::Bias.label_of(&controls)
        )),
    ]);
    if layer.depth_multiplier > 1 {
        pieces.extend([
            text(", depth multiplier "),
            equation(
                &[Symbol::DepthMultiplier],
                layer.depth_multiplier.to_string(),
            ),
        ]);
    }
    pieces.push(text("."));
    pieces
}

/// The caption as plain text, symbols by their names in `notation` (as the
/// page's hints write them: "n_c′", "D_K").
pub fn plain(pieces: &[Piece], notation: Notation) -> String {
    pieces
        .iter()
        .map(|piece| match piece {
            Piece::Text(text) => text.clone(),
            Piece::Equation(symbols, value) => {
                let names: Vec<&str> = symbols
                    .iter()
                    .map(|s| notation.symbol(*s).unwrap_or("1"))
                    .collect();
                format!("{} = {value}", names.join("×"))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::controls::Preset;
    use sepconv_calc::{Bias, Padding};

    /// The caption's plain text, its no-break space written as a space.
    fn text(layer: LayerSpec, notation: Notation) -> String {
        plain(&caption(&layer, notation), notation).replace('\u{a0}', " ")
    }

    #[test]
    fn the_forum_exercise_in_both_notations() {
        let forum = LayerSpec::forum_exercise();
        assert_eq!(
            text(forum, Notation::Course),
            "Layer: kernel f×f = 3×3, channels n_c = 3 → n_c′ = 128, input n_H×n_W = 3×3, stride s = 1, padding valid (none), bias on both layers (PyTorch)."
        );
        assert_eq!(
            text(forum, Notation::Paper),
            "Layer: kernel D_K×D_K = 3×3, channels M = 3 → N = 128, input D_F×D_F = 3×3, stride s = 1, padding valid (none), bias on both layers (PyTorch)."
        );
    }

    #[test]
    fn every_value_of_the_layer_is_stated() {
        let layer = LayerSpec {
            in_channels: 32,
            out_channels: 64,
            height: 28,
            width: 14,
            stride: 2,
            padding: Padding::Same,
            bias: Bias::PointwiseOnly,
            depth_multiplier: 2,
            ..LayerSpec::lecture_example().with_kernel(5)
        };
        assert_eq!(
            text(layer, Notation::Course),
            "Layer: kernel f×f = 5×5, channels n_c = 32 → n_c′ = 64, input n_H×n_W = 28×14, stride s = 2, padding same, bias pointwise only (Keras), depth multiplier dm = 2."
        );
        // The paper's D_F is the side of a square input: a rectangle is numbers only.
        assert_eq!(
            text(layer, Notation::Paper),
            "Layer: kernel D_K×D_K = 5×5, channels M = 32 → N = 64, input 28×14, stride s = 2, padding same, bias pointwise only (Keras), depth multiplier dm = 2."
        );
    }

    #[test]
    fn every_preset_in_every_notation_names_its_numbers_and_symbols() {
        for preset in Preset::ALL {
            let layer = preset.spec();
            for notation in [Notation::Course, Notation::Paper] {
                let pieces = caption(&layer, notation);
                let line = plain(&pieces, notation).replace('\u{a0}', " ");
                for number in [layer.in_channels, layer.out_channels, layer.stride] {
                    assert!(line.contains(&format!(" = {number}")), "{line}");
                }
                assert!(line.contains(&format!("{}×{}", layer.height, layer.width)));
                assert!(line.contains(&format!("{}×{}", layer.kernel_height, layer.kernel_width)));
                // Each symbol is one the notation writes, and none is left unnamed.
                for piece in &pieces {
                    if let Piece::Equation(symbols, _) = piece {
                        for s in symbols {
                            assert!(notation.symbol(*s).is_some(), "{s:?}");
                        }
                    }
                }
                assert!(line.starts_with("Layer: kernel ") && line.ends_with('.'));
                assert!(!line.contains('\n') && !line.contains("  "), "{line}");
                let other = match notation {
                    Notation::Course => "D_K",
                    Notation::Paper => "n_c",
                };
                assert!(!line.contains(other), "{line} mixes notations");
            }
        }
    }

    #[test]
    fn the_bias_conventions_are_named() {
        for (bias, name) in [
            (Bias::None, "bias none (BatchNorm follows)."),
            (Bias::Both, "bias on both layers (PyTorch)."),
            (Bias::PointwiseOnly, "bias pointwise only (Keras)."),
        ] {
            let layer = LayerSpec {
                bias,
                ..LayerSpec::lecture_example()
            };
            assert!(text(layer, Notation::Course).ends_with(name), "{name}");
        }
    }
}
