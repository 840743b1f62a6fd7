//! The layer controls as plain data: the values, their ranges and slider scales,
//! presets, and parsing of what a person types. No web types here, so all of it is
//! tested natively.

use sepconv_calc::{Bias, Field, LayerSpec, Notation, Padding, Symbol};

use crate::link::echo;

/// Everything the controls set: the layer being explained (the calculator's own
/// description, with a square kernel and dilation 1 on this page) and how the page
/// writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Controls {
    /// The layer.
    pub layer: LayerSpec,
    /// Symbols used on the page.
    pub notation: Notation,
    /// Logarithmic value axes on the cost charts.
    pub log_scale: bool,
}

impl Default for Controls {
    /// The page's opening layer (a link that names no layer value).
    fn default() -> Self {
        Preset::SmallCnn.controls(Notation::Course)
    }
}

impl Controls {
    /// The calculator's description of the layer.
    pub fn spec(&self) -> LayerSpec {
        self.layer
    }

    /// The layer in one line, for print, where the controls are not shown.
    pub fn summary(&self) -> String {
        let l = &self.layer;
        let label = |field: ChoiceField| field.label_of(self);
        let dm = match l.depth_multiplier {
            1 => String::new(),
            d => format!(", depth multiplier {d}"),
        };
        format!(
            "The layer: {}, padding {}, bias {}{dm}.",
            l.headline(),
            label(ChoiceField::Padding),
            label(ChoiceField::Bias),
        )
    }
}

impl Controls {
    /// The controls a link starts from. A link that names none of the layer's
    /// values opens the page's opening layer; one that names some takes the
    /// rest from the lecture example, the opening layer when those links were
    /// written, so `?k=3&m=3&n=128&bias=both` still means a 6×6 input.
    pub fn link_base(pairs: &[(String, String)]) -> Controls {
        let names_layer = pairs.iter().any(|(key, _)| {
            NumberField::ALL.iter().any(|f| f.key() == key)
                || [ChoiceField::Padding, ChoiceField::Bias]
                    .iter()
                    .any(|f| f.key() == key)
        });
        if names_layer {
            Preset::Lecture.controls(Notation::Course)
        } else {
            Controls::default()
        }
    }

    /// Reads the controls from a link's layer pairs; each bad value is
    /// replaced (the link's base value, or 1 for a zero) and explained in a note.
    pub fn read(pairs: &[(String, String)]) -> (Controls, Vec<String>) {
        let base = Controls::link_base(pairs);
        let mut controls = base;
        let mut notes = Vec::new();
        for (key, value) in pairs {
            if let Some(field) = NumberField::ALL.into_iter().find(|f| f.key() == key) {
                match field.parse(value) {
                    Ok(v) => field.set(&mut controls, v),
                    Err(_) => {
                        let fallback = match value.trim() {
                            "0" => 1,
                            _ => field.get(&base),
                        };
                        field.set(&mut controls, fallback);
                        notes.push(format!(
                            "{key}={} is not {}; using {fallback}.",
                            echo(value),
                            field.noun()
                        ));
                    }
                }
            } else if let Some(field) = ChoiceField::ALL.into_iter().find(|f| f.key() == key) {
                if !field.set(&mut controls, value) {
                    let allowed: Vec<&str> = field.options().iter().map(|(v, _)| *v).collect();
                    notes.push(format!(
                        "{key}={} is not one of {}; using {}.",
                        echo(value),
                        allowed.join(", "),
                        field.get(&controls)
                    ));
                }
            }
        }
        (controls, notes)
    }

    /// The link's pairs for the controls: every one of them, so a link keeps
    /// its meaning even if the defaults ever change.
    pub fn pairs(&self) -> Vec<(String, String)> {
        let numbers = NumberField::ALL
            .iter()
            .map(|f| (f.key().to_string(), f.get(self).to_string()));
        let choices = ChoiceField::ALL
            .iter()
            .map(|f| (f.key().to_string(), f.get(self).to_string()));
        numbers.chain(choices).collect()
    }
}

/// The worked examples a class already knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// 6×6×3 input, 3×3, 5 outputs, valid, no bias.
    Lecture,
    /// 3×3, 3 → 128, bias on both, per output position.
    Forum,
    /// MobileNet's 14×14×512 layer.
    MobileNet14,
    /// MobileNet's first separable layer, 112×112×32 → 64.
    MobileNetFirst,
    /// The page's opening layer: 16×16×16 → 32, 'same' padding.
    SmallCnn,
}

impl Preset {
    /// All presets, in the order shown (keys 1–5).
    pub const ALL: [Preset; 5] = [
        Preset::Lecture,
        Preset::Forum,
        Preset::MobileNet14,
        Preset::MobileNetFirst,
        Preset::SmallCnn,
    ];

    /// Button label.
    pub fn label(self) -> &'static str {
        match self {
            Preset::Lecture => "Lecture example",
            Preset::Forum => "Forum exercise",
            Preset::MobileNet14 => "MobileNet 14×14×512",
            Preset::MobileNetFirst => "MobileNet first separable",
            Preset::SmallCnn => "Small CNN layer",
        }
    }

    /// One line saying what the preset is.
    pub fn description(self) -> &'static str {
        match self {
            Preset::Lecture => "6×6×3 input, 3×3 filters, 5 outputs, no padding, no bias",
            Preset::Forum => "3×3 kernel, 3 → 128 channels, bias on both layers",
            Preset::MobileNet14 => "3×3, 512 → 512 channels at 14×14, 'same' padding",
            Preset::MobileNetFirst => "3×3, 32 → 64 channels at 112×112, 'same' padding",
            Preset::SmallCnn => {
                "3×3, 16 → 32 channels at 16×16, 'same' padding: the page's opening layer"
            }
        }
    }

    /// The preset's layer.
    pub fn spec(self) -> LayerSpec {
        match self {
            Preset::Lecture => LayerSpec::lecture_example(),
            Preset::Forum => LayerSpec::forum_exercise(),
            Preset::MobileNet14 => LayerSpec::mobilenet_14x14x512(),
            Preset::MobileNetFirst => LayerSpec::mobilenet_first_separable(),
            Preset::SmallCnn => LayerSpec::small_cnn_layer(),
        }
    }

    /// The preset's controls, keeping the notation.
    pub fn controls(self, notation: Notation) -> Controls {
        Controls {
            layer: self.spec(),
            notation,
            log_scale: false,
        }
    }

    /// Loads the preset's layer into `controls`, keeping how the page writes it
    /// (notation, chart scale).
    pub fn apply(self, controls: &mut Controls) {
        controls.layer = self.spec();
    }

    /// The preset whose layer the controls show, if any.
    pub fn matching(controls: &Controls) -> Option<Preset> {
        Preset::ALL
            .into_iter()
            .find(|p| p.spec() == controls.spec())
    }
}

/// How a slider position maps to a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Position = value, from `min` to `max`.
    Linear {
        /// Smallest slider value.
        min: u64,
        /// Largest slider value.
        max: u64,
    },
    /// Powers of two from 1 to 2^`octaves`, 100 positions per octave.
    Log2 {
        /// Number of doublings the slider spans.
        octaves: u32,
    },
}

const LOG_STEPS: f64 = 100.0;

impl Scale {
    /// Smallest value on the slider.
    pub fn min(self) -> u64 {
        match self {
            Scale::Linear { min, .. } => min,
            Scale::Log2 { .. } => 1,
        }
    }

    /// Largest value on the slider.
    pub fn max(self) -> u64 {
        match self {
            Scale::Linear { max, .. } => max,
            Scale::Log2 { octaves } => 1 << octaves,
        }
    }

    /// Largest slider position (the smallest is 0 for log, `min` for linear).
    pub fn positions(self) -> (u32, u32) {
        match self {
            Scale::Linear { min, max } => (min as u32, max as u32),
            Scale::Log2 { octaves } => (0, octaves * LOG_STEPS as u32),
        }
    }

    /// The slider position showing `value` (clamped to the slider's range).
    pub fn position(self, value: u64) -> u32 {
        let value = value.clamp(self.min(), self.max());
        match self {
            Scale::Linear { .. } => value as u32,
            Scale::Log2 { .. } => ((value as f64).log2() * LOG_STEPS).round() as u32,
        }
    }

    /// The value at a slider position.
    pub fn value(self, position: u32) -> u64 {
        let (lo, hi) = self.positions();
        let position = position.clamp(lo, hi);
        match self {
            Scale::Linear { .. } => u64::from(position),
            Scale::Log2 { .. } => (f64::from(position) / LOG_STEPS).exp2().round() as u64,
        }
    }

    /// The value after a key press on the slider, or `None` for other keys.
    /// Arrows step by 1, Page Up/Down jump (×2 on log sliders, a tenth of the range
    /// on linear ones), Home/End go to the ends.
    pub fn key(self, value: u64, key: &str) -> Option<u64> {
        let jump = match self {
            Scale::Linear { min, max } => ((max - min) / 10).max(1),
            Scale::Log2 { .. } => value.max(1),
        };
        let next = match key {
            "ArrowUp" | "ArrowRight" => value.saturating_add(1),
            "ArrowDown" | "ArrowLeft" => value.saturating_sub(1),
            "PageUp" => value.saturating_add(jump),
            "PageDown" => match self {
                Scale::Log2 { .. } => value / 2,
                Scale::Linear { .. } => value.saturating_sub(jump),
            },
            "Home" => self.min(),
            "End" => self.max(),
            _ => return None,
        };
        Some(next.clamp(self.min(), self.max()))
    }
}

/// A numeric control: one slider and one number field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NumberField {
    /// Kernel size.
    Kernel,
    /// Input channels.
    InChannels,
    /// Output channels.
    OutChannels,
    /// Input height.
    Height,
    /// Input width.
    Width,
    /// Stride.
    Stride,
    /// Depth multiplier.
    DepthMultiplier,
}

impl NumberField {
    /// All numeric controls, in display order.
    pub const ALL: [NumberField; 7] = [
        NumberField::Kernel,
        NumberField::InChannels,
        NumberField::OutChannels,
        NumberField::Height,
        NumberField::Width,
        NumberField::Stride,
        NumberField::DepthMultiplier,
    ];

    /// The URL parameter (a public contract: never rename).
    pub fn key(self) -> &'static str {
        match self {
            NumberField::Kernel => "k",
            NumberField::InChannels => "m",
            NumberField::OutChannels => "n",
            NumberField::Height => "h",
            NumberField::Width => "w",
            NumberField::Stride => "s",
            NumberField::DepthMultiplier => "dm",
        }
    }

    /// The label's words.
    pub fn label(self) -> &'static str {
        match self {
            NumberField::Kernel => "Kernel size",
            NumberField::InChannels => "Input channels",
            NumberField::OutChannels => "Output channels",
            NumberField::Height => "Input height",
            NumberField::Width => "Input width",
            NumberField::Stride => "Stride",
            NumberField::DepthMultiplier => "Depth multiplier",
        }
    }

    /// The symbol shown after the label in the current notation.
    pub fn symbol(self) -> Symbol {
        match self {
            NumberField::Kernel => Symbol::KernelHeight,
            NumberField::InChannels => Symbol::InChannels,
            NumberField::OutChannels => Symbol::OutChannels,
            NumberField::Height => Symbol::InHeight,
            NumberField::Width => Symbol::InWidth,
            NumberField::Stride => Symbol::Stride,
            NumberField::DepthMultiplier => Symbol::DepthMultiplier,
        }
    }

    /// What a value is, for notes ("a channel count").
    pub fn noun(self) -> &'static str {
        match self {
            NumberField::Kernel => "a kernel size",
            NumberField::InChannels | NumberField::OutChannels => "a channel count",
            NumberField::Height | NumberField::Width => "an input size",
            NumberField::Stride => "a stride",
            NumberField::DepthMultiplier => "a depth multiplier",
        }
    }

    /// The slider's scale (the number field accepts more).
    pub fn scale(self) -> Scale {
        match self {
            NumberField::Kernel => Scale::Linear { min: 1, max: 11 },
            NumberField::InChannels | NumberField::OutChannels => Scale::Log2 { octaves: 11 },
            NumberField::Height | NumberField::Width => Scale::Linear { min: 1, max: 256 },
            NumberField::Stride => Scale::Linear { min: 1, max: 4 },
            NumberField::DepthMultiplier => Scale::Linear { min: 1, max: 8 },
        }
    }

    /// The calculator's name for the input, to place its errors.
    pub fn calc_field(self) -> Field {
        match self {
            NumberField::Kernel => Field::Kernel,
            NumberField::InChannels => Field::InChannels,
            NumberField::OutChannels => Field::OutChannels,
            NumberField::Height => Field::Height,
            NumberField::Width => Field::Width,
            NumberField::Stride => Field::Stride,
            NumberField::DepthMultiplier => Field::DepthMultiplier,
        }
    }

    /// The field's value.
    pub fn get(self, c: &Controls) -> u64 {
        let l = &c.layer;
        match self {
            NumberField::Kernel => l.kernel_height,
            NumberField::InChannels => l.in_channels,
            NumberField::OutChannels => l.out_channels,
            NumberField::Height => l.height,
            NumberField::Width => l.width,
            NumberField::Stride => l.stride,
            NumberField::DepthMultiplier => l.depth_multiplier,
        }
    }

    /// Sets the field's value (the kernel stays square).
    pub fn set(self, c: &mut Controls, value: u64) {
        let l = &mut c.layer;
        match self {
            NumberField::Kernel => *l = l.with_kernel(value),
            NumberField::InChannels => l.in_channels = value,
            NumberField::OutChannels => l.out_channels = value,
            NumberField::Height => l.height = value,
            NumberField::Width => l.width = value,
            NumberField::Stride => l.stride = value,
            NumberField::DepthMultiplier => l.depth_multiplier = value,
        }
    }

    /// Parses what a person typed: a whole number ≥ 1; thousands separators and
    /// spaces are fine. The error says what was wrong.
    pub fn parse(self, text: &str) -> Result<u64, String> {
        let cleaned: String = text
            .chars()
            .filter(|c| !matches!(c, ',' | '_' | ' ' | '\u{a0}' | '\u{202f}'))
            .collect();
        let shown = echo(text.trim());
        if cleaned.is_empty() {
            return Err(format!("enter {}", self.noun()));
        }
        match cleaned.parse::<u64>() {
            Ok(0) => Err(format!("0 is not {}: the smallest is 1", self.noun())),
            Ok(value) => Ok(value),
            Err(_) if cleaned.chars().all(|c| c.is_ascii_digit()) => {
                Err(format!("{shown} is too large to count"))
            }
            Err(_) => Err(format!(
                "“{shown}” is not {}: use a whole number",
                self.noun()
            )),
        }
    }
}

/// A control with a few named options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChoiceField {
    /// valid / same.
    Padding,
    /// none / both / pointwise.
    Bias,
    /// course / paper.
    Notation,
    /// linear / log chart axes.
    Scale,
}

impl ChoiceField {
    /// All choice controls.
    pub const ALL: [ChoiceField; 4] = [
        ChoiceField::Padding,
        ChoiceField::Bias,
        ChoiceField::Notation,
        ChoiceField::Scale,
    ];

    /// The URL parameter (a public contract: never rename).
    pub fn key(self) -> &'static str {
        match self {
            ChoiceField::Padding => "pad",
            ChoiceField::Bias => "bias",
            ChoiceField::Notation => "notation",
            ChoiceField::Scale => "scale",
        }
    }

    /// The label.
    pub fn label(self) -> &'static str {
        match self {
            ChoiceField::Padding => "Padding",
            ChoiceField::Bias => "Bias",
            ChoiceField::Notation => "Notation",
            ChoiceField::Scale => "Chart scale",
        }
    }

    /// (URL value, label) of each option.
    pub fn options(self) -> &'static [(&'static str, &'static str)] {
        match self {
            ChoiceField::Padding => &[("valid", "valid (none)"), ("same", "same")],
            ChoiceField::Bias => &[
                ("none", "none (BatchNorm follows)"),
                ("both", "on both layers (PyTorch)"),
                ("pointwise", "pointwise only (Keras)"),
            ],
            ChoiceField::Notation => &[("course", "course (f, n_c)"), ("paper", "paper (D_K, M)")],
            ChoiceField::Scale => &[("linear", "linear"), ("log", "log")],
        }
    }

    /// The current option's label ("on both layers (PyTorch)").
    pub fn label_of(self, c: &Controls) -> &'static str {
        let value = self.get(c);
        self.options()
            .iter()
            .find(|(v, _)| *v == value)
            .map_or(value, |(_, label)| *label)
    }

    /// The current option's URL value.
    pub fn get(self, c: &Controls) -> &'static str {
        match self {
            ChoiceField::Padding => match c.layer.padding {
                Padding::Same => "same",
                _ => "valid",
            },
            ChoiceField::Bias => match c.layer.bias {
                Bias::None => "none",
                Bias::Both => "both",
                Bias::PointwiseOnly => "pointwise",
            },
            ChoiceField::Notation => c.notation.name(),
            ChoiceField::Scale => match c.log_scale {
                true => "log",
                false => "linear",
            },
        }
    }

    /// Sets the option with URL value `value`; false if there is none.
    pub fn set(self, c: &mut Controls, value: &str) -> bool {
        match (self, value) {
            (ChoiceField::Padding, "valid") => c.layer.padding = Padding::Valid,
            (ChoiceField::Padding, "same") => c.layer.padding = Padding::Same,
            (ChoiceField::Bias, "none") => c.layer.bias = Bias::None,
            (ChoiceField::Bias, "both") => c.layer.bias = Bias::Both,
            (ChoiceField::Bias, "pointwise") => c.layer.bias = Bias::PointwiseOnly,
            (ChoiceField::Scale, "linear") => c.log_scale = false,
            (ChoiceField::Scale, "log") => c.log_scale = true,
            (ChoiceField::Notation, v) => match Notation::parse(v) {
                Some(n) => c.notation = n,
                None => return false,
            },
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The controls a query string opens, with their notes.
    fn read(query: &str) -> (Controls, Vec<String>) {
        let (link, notes) = crate::link::Link::read(query);
        (link.controls, notes.layer)
    }

    /// The query string the page writes for `controls` (and nothing else set).
    fn written(controls: Controls) -> String {
        crate::link::Link {
            controls,
            ..crate::link::Link::read("").0
        }
        .query()
    }

    #[test]
    fn forum_link() {
        let (c, notes) = read("?k=3&m=3&n=128&bias=both");
        assert!(notes.is_empty());
        let l = c.layer;
        assert_eq!(
            (
                l.kernel_height,
                l.kernel_width,
                l.in_channels,
                l.out_channels,
                l.bias
            ),
            (3, 3, 3, 128, Bias::Both)
        );
        // Unset parameters keep the lecture example's values.
        assert_eq!((l.height, l.width), (6, 6));
    }

    #[test]
    fn a_link_without_layer_values_opens_the_opening_layer() {
        for query in ["", "?", "?notation=paper&scale=log", "?embed=charts&ex=4"] {
            let (c, notes) = read(query);
            assert_eq!(c.spec(), LayerSpec::small_cnn_layer(), "{query}");
            assert!(notes.is_empty());
        }
        // Naming any layer value keeps the meaning links had before: the rest is
        // the lecture example.
        for query in ["?n=5", "?pad=valid", "?bias=none", "?dm=1", "?k=zzz"] {
            let (c, _) = read(query);
            assert_eq!(c.spec(), LayerSpec::lecture_example(), "{query}");
        }
    }

    #[test]
    fn round_trip() {
        let (c, _) =
            read("?k=5&m=32&n=64&h=28&w=14&s=2&pad=same&bias=pointwise&dm=2&notation=paper");
        assert_eq!(c.notation, Notation::Paper);
        let (again, notes) = read(&written(c));
        assert_eq!(again, c);
        assert!(notes.is_empty());
        let opening = written(Controls::default());
        assert!(
            opening.starts_with(
                "?k=3&m=16&n=32&h=16&w=16&s=1&dm=1&pad=same&bias=none&notation=course&scale=linear"
            ),
            "{opening}"
        );
    }

    #[test]
    fn bad_values_get_a_note_and_a_safe_value() {
        let (c, notes) =
            read("n=0&k=abc&m=-4&pad=diagonal&h=%3Cscript%3Ealert(1)%3C%2Fscript%3E&zzz=1");
        assert_eq!(c.layer.out_channels, 1);
        assert_eq!(c.layer.kernel_height, 3);
        assert_eq!(c.layer.in_channels, 3);
        assert_eq!(c.layer.height, 6);
        assert_eq!(
            notes,
            vec![
                "n=0 is not a channel count; using 1.",
                "k=abc is not a kernel size; using 3.",
                "m=-4 is not a channel count; using 3.",
                "pad=diagonal is not one of valid, same; using valid.",
                "h=<script>alert(1)</script… is not an input size; using 6.",
            ]
        );
        assert_eq!(
            c.spec(),
            LayerSpec {
                out_channels: 1,
                ..LayerSpec::lecture_example()
            }
        );
    }

    #[test]
    fn log_slider_spans_one_to_2048() {
        let scale = NumberField::InChannels.scale();
        assert_eq!(scale.positions(), (0, 1100));
        assert_eq!(scale.value(0), 1);
        assert_eq!(scale.value(1100), 2048);
        for v in [1, 2, 3, 5, 128, 512, 2048] {
            assert_eq!(scale.value(scale.position(v)), v, "round trip {v}");
        }
        assert_eq!(scale.position(100_000), 1100, "clamped");
    }

    #[test]
    fn keys_step_jump_and_reach_the_ends() {
        let log = NumberField::OutChannels.scale();
        assert_eq!(log.key(128, "ArrowUp"), Some(129));
        assert_eq!(log.key(128, "ArrowLeft"), Some(127));
        assert_eq!(log.key(128, "PageUp"), Some(256));
        assert_eq!(log.key(128, "PageDown"), Some(64));
        assert_eq!(log.key(1, "PageDown"), Some(1));
        assert_eq!(log.key(1500, "PageUp"), Some(2048));
        assert_eq!(log.key(5, "Home"), Some(1));
        assert_eq!(log.key(5, "End"), Some(2048));
        assert_eq!(log.key(5, "a"), None);
        let linear = NumberField::Height.scale();
        assert_eq!(linear.key(6, "PageUp"), Some(31));
        assert_eq!(linear.key(1, "ArrowDown"), Some(1));
    }

    #[test]
    fn typed_numbers() {
        let f = NumberField::OutChannels;
        assert_eq!(f.parse(" 2,048 "), Ok(2048));
        assert_eq!(f.parse("1 000"), Ok(1000));
        assert_eq!(
            f.parse("0"),
            Err("0 is not a channel count: the smallest is 1".into())
        );
        assert_eq!(
            f.parse("-3"),
            Err("“-3” is not a channel count: use a whole number".into())
        );
        assert_eq!(
            f.parse("99999999999999999999999"),
            Err("99999999999999999999999 is too large to count".into())
        );
        assert_eq!(f.parse(""), Err("enter a channel count".into()));
        assert!(f.parse(&"x".repeat(500)).unwrap_err().chars().count() < 80);
    }

    #[test]
    fn presets_round_trip_through_controls() {
        for preset in Preset::ALL {
            let controls = preset.controls(Notation::Paper);
            assert_eq!(controls.spec(), preset.spec());
            assert_eq!(Preset::matching(&controls), Some(preset));
        }
        assert_eq!(Controls::default().spec(), LayerSpec::small_cnn_layer());
    }

    #[test]
    fn summary_says_what_the_layer_is() {
        let mut c = Preset::Forum.controls(Notation::Paper);
        assert_eq!(
            c.summary(),
            "The layer: 3×3 kernel, 3 → 128 channels, 3×3 input, stride 1, padding valid (none), bias on both layers (PyTorch)."
        );
        c.layer.depth_multiplier = 2;
        assert!(c.summary().ends_with(", depth multiplier 2."));
    }

    #[test]
    fn applying_a_preset_keeps_notation_and_scale() {
        let mut c = Controls {
            log_scale: true,
            ..Preset::Lecture.controls(Notation::Paper)
        };
        Preset::MobileNet14.apply(&mut c);
        assert_eq!(c.spec(), Preset::MobileNet14.spec());
        assert!(c.log_scale);
        assert_eq!(c.notation, Notation::Paper);
    }

    #[test]
    fn choices_set_and_get() {
        let mut c = Controls::default();
        for field in ChoiceField::ALL {
            for (value, _) in field.options() {
                assert!(field.set(&mut c, value));
                assert_eq!(field.get(&c), *value);
            }
            assert!(!field.set(&mut c, "<script>"));
        }
    }
}
