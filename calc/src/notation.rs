//! The two notations students meet: the course's (f, n_c, n_c′) and the MobileNet
//! paper's (D_K, M, N).

/// A quantity that appears in formulas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Symbol {
    /// Kernel height.
    KernelHeight,
    /// Kernel width.
    KernelWidth,
    /// Input channels.
    InChannels,
    /// Output channels.
    OutChannels,
    /// Input height.
    InHeight,
    /// Input width.
    InWidth,
    /// Output height.
    OutHeight,
    /// Output width.
    OutWidth,
    /// Depth multiplier.
    DepthMultiplier,
    /// Stride.
    Stride,
    /// The 1 a depthwise filter has as its channel depth.
    OneChannel,
    /// The 1×1 side of a pointwise filter.
    OneByOne,
    /// The one bias of a filter.
    Bias,
}

/// Which set of symbols to write formulas with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Notation {
    /// The deep-learning course: f, n_c, n_c′, n_H, n_W.
    #[default]
    Course,
    /// Howard et al. 2017: D_K, M, N, D_F (input) and D_G (output).
    Paper,
}

impl Notation {
    /// The symbol's name in this notation (plain text with `_` for subscripts);
    /// `None` for symbols that are always written as their value.
    pub fn symbol(self, symbol: Symbol) -> Option<&'static str> {
        use Symbol::*;
        let (course, paper) = match symbol {
            KernelHeight | KernelWidth => ("f", "D_K"),
            InChannels => ("n_c", "M"),
            OutChannels => ("n_c′", "N"),
            InHeight => ("n_H", "D_F"),
            InWidth => ("n_W", "D_F"),
            OutHeight => ("n_H′", "D_G"),
            OutWidth => ("n_W′", "D_G"),
            DepthMultiplier => ("dm", "dm"),
            Stride => ("s", "s"),
            OneChannel | OneByOne | Bias => return None,
        };
        Some(match self {
            Notation::Course => course,
            Notation::Paper => paper,
        })
    }

    /// Parses "course" or "paper".
    pub fn parse(text: &str) -> Option<Notation> {
        match text {
            "course" => Some(Notation::Course),
            "paper" => Some(Notation::Paper),
            _ => None,
        }
    }

    /// "course" or "paper".
    pub fn name(self) -> &'static str {
        match self {
            Notation::Course => "course",
            Notation::Paper => "paper",
        }
    }
}
