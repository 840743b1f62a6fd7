//! The worked derivation of every count, as data, so the page (MathML) and the CLI
//! (text) write out the same steps: `(3×3×3 + 1)×128 = 28×128 = 3584`.

use crate::cost::{Layer, Part};
use crate::format::thousands;
use crate::layer::Bias;
use crate::notation::{Notation, Symbol};

/// An arithmetic expression over counts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Expr {
    /// A number, and the quantity it stands for if it has a name.
    Num {
        /// The value.
        value: u64,
        /// What it is (for the symbolic form), if anything.
        symbol: Option<Symbol>,
    },
    /// A part's total, named by the part ("depthwise + pointwise").
    Total {
        /// The value.
        value: u64,
        /// Which part.
        part: Part,
    },
    /// The product of the terms.
    Product(Vec<Expr>),
    /// The sum of the terms.
    Sum(Vec<Expr>),
}

fn num(value: u64, symbol: Symbol) -> Expr {
    Expr::Num {
        value,
        symbol: Some(symbol),
    }
}

fn plain(value: u64) -> Expr {
    Expr::Num {
        value,
        symbol: None,
    }
}

impl Expr {
    /// The value. Expressions come from a validated [`Layer`], whose counts fit, so
    /// saturation never shows; it only rules out a panic.
    pub fn value(&self) -> u64 {
        match self {
            Expr::Num { value, .. } | Expr::Total { value, .. } => *value,
            Expr::Product(terms) => terms
                .iter()
                .fold(1u64, |acc, t| acc.saturating_mul(t.value())),
            Expr::Sum(terms) => terms
                .iter()
                .fold(0u64, |acc, t| acc.saturating_add(t.value())),
        }
    }

    /// The same expression with each term of the outermost operation evaluated:
    /// `(3×3×3 + 1)×128` → `28×128`.
    pub fn with_terms_evaluated(&self) -> Expr {
        let evaluate = |terms: &[Expr]| terms.iter().map(|t| plain(t.value())).collect();
        match self {
            Expr::Product(terms) => Expr::Product(evaluate(terms)),
            Expr::Sum(terms) => Expr::Sum(evaluate(terms)),
            other => plain(other.value()),
        }
    }

    /// Plain-text form: numbers, or symbols in `notation` where a number has one.
    pub fn text(&self, notation: Option<Notation>) -> String {
        let join = |terms: &[Expr], op: &str, parenthesise: &dyn Fn(&Expr) -> bool| {
            terms
                .iter()
                .map(|t| {
                    let inner = t.text(notation);
                    if parenthesise(t) {
                        format!("({inner})")
                    } else {
                        inner
                    }
                })
                .collect::<Vec<_>>()
                .join(op)
        };
        match self {
            Expr::Num { value, symbol } => symbol
                .and_then(|s| notation.and_then(|n| n.symbol(s)))
                .map(str::to_string)
                .unwrap_or_else(|| thousands(*value)),
            Expr::Total { value, part } => match notation {
                Some(_) => part.name().to_string(),
                None => thousands(*value),
            },
            Expr::Product(terms) => join(terms, "×", &|t| {
                matches!(t, Expr::Sum(_) | Expr::Product(_))
            }),
            Expr::Sum(terms) => join(terms, " + ", &|_| false),
        }
    }
}

/// What a derivation step counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Quantity {
    /// Weights and biases.
    Params,
    /// Multiply-accumulates.
    Macs,
}

impl Quantity {
    /// Both, parameters first.
    pub const ALL: [Quantity; 2] = [Quantity::Params, Quantity::Macs];

    /// A short machine name: "params" or "macs".
    pub fn id(self) -> &'static str {
        match self {
            Quantity::Params => "params",
            Quantity::Macs => "macs",
        }
    }

    /// "parameters" or "MACs".
    pub fn name(self) -> &'static str {
        match self {
            Quantity::Params => "parameters",
            Quantity::Macs => "MACs",
        }
    }
}

/// One line of the derivation: how one count of one part comes about.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Step {
    /// Which part.
    pub part: Part,
    /// Which count.
    pub quantity: Quantity,
    /// The full expression; its value is the count.
    pub expression: Expr,
}

impl Step {
    /// The successive forms to write, each equal to the last: the expression, its
    /// terms evaluated (when that differs), then the value.
    pub fn forms(&self) -> Vec<Expr> {
        let mut forms = vec![self.expression.clone()];
        for next in [
            self.expression.with_terms_evaluated(),
            plain(self.expression.value()),
        ] {
            if forms.last().map(|f| f.text(None)) != Some(next.text(None)) {
                forms.push(next);
            }
        }
        forms
    }

    /// The numeric line: `(3×3×3 + 1)×128 = 28×128 = 3584`.
    pub fn text(&self) -> String {
        self.forms()
            .iter()
            .map(|f| f.text(None))
            .collect::<Vec<_>>()
            .join(" = ")
    }
}

impl Layer {
    /// The derivation of every count: parameters then MACs, each for standard,
    /// depthwise, pointwise and separable.
    ///
    /// Parameters are (weights per filter [+ 1 bias]) × filters; MACs are
    /// (multiplications per output value) × (output values).
    ///
    /// # Examples
    /// ```
    /// use sepconv_calc::{Layer, LayerSpec, Part, Quantity};
    /// let layer = Layer::new(LayerSpec::forum_exercise()).unwrap();
    /// let step = layer.derivation().into_iter()
    ///     .find(|s| s.part == Part::Standard && s.quantity == Quantity::Params)
    ///     .unwrap();
    /// assert_eq!(step.text(), "(3×3×3 + 1)×128 = 28×128 = 3584");
    /// ```
    pub fn derivation(&self) -> Vec<Step> {
        let spec = self.spec();
        let kh = num(spec.kernel_height, Symbol::KernelHeight);
        let kw = num(spec.kernel_width, Symbol::KernelWidth);
        let m = num(spec.in_channels, Symbol::InChannels);
        let n = num(spec.out_channels, Symbol::OutChannels);
        let out_h = num(self.output().height, Symbol::OutHeight);
        let out_w = num(self.output().width, Symbol::OutWidth);
        let one = |symbol| num(1, symbol);
        // M·dm depthwise channels; just M when dm = 1.
        let md = if spec.depth_multiplier == 1 {
            m.clone()
        } else {
            Expr::Product(vec![
                m.clone(),
                num(spec.depth_multiplier, Symbol::DepthMultiplier),
            ])
        };
        let with_bias = |per_filter: Expr, bias: bool| {
            if bias {
                Expr::Sum(vec![per_filter, one(Symbol::Bias)])
            } else {
                per_filter
            }
        };
        let has_bias = spec.bias != Bias::None;

        let std_filter = Expr::Product(vec![kh.clone(), kw.clone(), m.clone()]);
        let dw_filter = Expr::Product(vec![kh, kw, one(Symbol::OneChannel)]);
        let pw_filter = Expr::Product(vec![
            one(Symbol::OneByOne),
            one(Symbol::OneByOne),
            md.clone(),
        ]);
        let values = |channels: Expr| {
            let mut terms = match channels {
                Expr::Product(terms) => terms,
                other => vec![other],
            };
            terms.extend([out_h.clone(), out_w.clone()]);
            Expr::Product(terms)
        };
        let params = [
            Expr::Product(vec![with_bias(std_filter.clone(), has_bias), n.clone()]),
            Expr::Product(vec![
                with_bias(dw_filter.clone(), spec.bias == Bias::Both),
                md.clone(),
            ]),
            Expr::Product(vec![with_bias(pw_filter.clone(), has_bias), n.clone()]),
        ];
        let macs = [
            Expr::Product(vec![std_filter, values(n.clone())]),
            Expr::Product(vec![dw_filter, values(md)]),
            Expr::Product(vec![pw_filter, values(n)]),
        ];

        let mut steps = Vec::with_capacity(8);
        for (quantity, [standard, depthwise, pointwise]) in
            [(Quantity::Params, params), (Quantity::Macs, macs)]
        {
            let separable = Expr::Sum(vec![
                Expr::Total {
                    value: depthwise.value(),
                    part: Part::Depthwise,
                },
                Expr::Total {
                    value: pointwise.value(),
                    part: Part::Pointwise,
                },
            ]);
            for (part, expression) in [
                (Part::Standard, standard),
                (Part::Depthwise, depthwise),
                (Part::Pointwise, pointwise),
                (Part::Separable, separable),
            ] {
                steps.push(Step {
                    part,
                    quantity,
                    expression,
                });
            }
        }
        steps
    }
}
