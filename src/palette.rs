//! The page's colours as the canvases need them: one colour per concept, read
//! from the stylesheet's custom properties (the single source; light and dark
//! themes need no code), with the light theme's values as the fallback. A test
//! fails when the fallback and the stylesheet disagree.

use sepconv_calc::Part;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Parses `#rrggbb`, as the stylesheet writes its custom properties, or
    /// `#rgb`, as the release build's minifier shortens some of them (`#fff`).
    pub fn parse(text: &str) -> Option<Rgb> {
        let hex = text.trim().strip_prefix('#')?;
        let digit = |i: usize| u8::from_str_radix(hex.get(i..i + 1)?, 16).ok();
        let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
        match hex.len() {
            6 => Some(Rgb(byte(0)?, byte(2)?, byte(4)?)),
            3 => Some(Rgb(digit(0)? * 17, digit(1)? * 17, digit(2)? * 17)),
            _ => None,
        }
    }

    /// `#rrggbb`, for a canvas's fill and stroke styles.
    pub fn css(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// The theme's colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    /// Standard, depthwise, pointwise, separable (in [`Part::ALL`] order).
    pub parts: [Rgb; 4],
    /// Text.
    pub text: Rgb,
    /// Axis, grid and cell lines.
    pub grid: Rgb,
    /// Text drawn on top of a bar.
    pub on_bar: Rgb,
    /// A panel's background.
    pub surface: Rgb,
    /// Padding cells in the animation.
    pub padding: Rgb,
    /// Channel slices in the animation, told apart by hue.
    pub channels: [Rgb; 5],
}

impl Palette {
    /// The light theme's colours: the stylesheet's `:root` values.
    pub const LIGHT: Palette = Palette {
        parts: [
            Rgb(0x5b, 0x67, 0x7a),
            Rgb(0x00, 0x7f, 0x73),
            Rgb(0xb0, 0x55, 0x00),
            Rgb(0x6d, 0x3f, 0xc9),
        ],
        text: Rgb(0x1d, 0x23, 0x2b),
        grid: Rgb(0xd5, 0xdb, 0xe3),
        on_bar: Rgb(0xff, 0xff, 0xff),
        surface: Rgb(0xff, 0xff, 0xff),
        padding: Rgb(0xec, 0xef, 0xf3),
        channels: [
            Rgb(0xdb, 0xe7, 0xf5),
            Rgb(0xd9, 0xee, 0xdb),
            Rgb(0xf6, 0xeb, 0xcc),
            Rgb(0xf4, 0xdb, 0xe5),
            Rgb(0xdf, 0xee, 0xbf),
        ],
    };

    /// Every colour with the custom property it is read from.
    fn slots(&mut self) -> [(&'static str, &mut Rgb); 14] {
        let [standard, depthwise, pointwise, separable] = &mut self.parts;
        let [c0, c1, c2, c3, c4] = &mut self.channels;
        [
            ("--standard", standard),
            ("--depthwise", depthwise),
            ("--pointwise", pointwise),
            ("--separable", separable),
            ("--text", &mut self.text),
            ("--grid", &mut self.grid),
            ("--on-bar", &mut self.on_bar),
            ("--surface", &mut self.surface),
            ("--padding-cell", &mut self.padding),
            ("--channel-0", c0),
            ("--channel-1", c1),
            ("--channel-2", c2),
            ("--channel-3", c3),
            ("--channel-4", c4),
        ]
    }

    /// The palette from custom properties (`property` gives a property's
    /// value, if set); anything unset or unreadable keeps the light colour.
    pub fn read(property: impl Fn(&str) -> Option<String>) -> Palette {
        let mut palette = Palette::LIGHT;
        for (name, colour) in palette.slots() {
            if let Some(value) = property(name).and_then(|v| Rgb::parse(&v)) {
                *colour = value;
            }
        }
        palette
    }

    /// The colour of a part.
    pub fn part(&self, part: Part) -> Rgb {
        let i = Part::ALL.iter().position(|p| *p == part).unwrap_or(0);
        self.parts[i]
    }

    /// The tint of channel `j` (five tints, repeating).
    pub fn channel(&self, j: u64) -> Rgb {
        self.channels[(j % 5) as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The light theme's custom properties, as the stylesheet declares them.
    fn stylesheet_light() -> Vec<(String, String)> {
        stylesheet_theme("[data-theme=\"light\"] {")
    }

    /// The custom properties of the theme block opening with `selector`.
    fn stylesheet_theme(selector: &str) -> Vec<(String, String)> {
        let css = include_str!("../style/main.css");
        let start = css.find(selector).expect("a theme block");
        let block = &css[start..start + css[start..].find('}').expect("closed")];
        block
            .lines()
            .filter_map(|l| {
                let (name, value) = l.trim().trim_end_matches(';').split_once(':')?;
                name.starts_with("--")
                    .then(|| (name.trim().to_string(), value.trim().to_string()))
            })
            .collect()
    }

    #[test]
    fn the_fallback_is_the_stylesheets_light_theme() {
        let sheet = stylesheet_light();
        let from_sheet = Palette::read(|name| {
            sheet
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
        });
        assert_eq!(from_sheet, Palette::LIGHT);
        // Every colour the palette reads is in the sheet.
        let mut light = Palette::LIGHT;
        for (name, _) in light.slots() {
            assert!(
                sheet.iter().any(|(n, _)| n == name),
                "{name} is not in the stylesheet"
            );
        }
    }

    /// The light and the dark theme's colours, by property, as the stylesheet
    /// declares them.
    fn themes() -> [(&'static str, Vec<(String, Rgb)>); 2] {
        let colours = |selector| {
            stylesheet_theme(selector)
                .into_iter()
                .filter_map(|(name, value)| Some((name, Rgb::parse(&value)?)))
                .collect()
        };
        [
            ("light", colours("[data-theme=\"light\"] {")),
            ("dark", colours("[data-theme=\"dark\"] {")),
        ]
    }

    fn colour(theme: &[(String, Rgb)], name: &str) -> Rgb {
        theme
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("{name} is not in the theme"))
            .1
    }

    /// Hue in degrees and saturation (HSL) of a colour.
    fn hue(Rgb(r, g, b): Rgb) -> (f64, f64) {
        let [r, g, b] = [r, g, b].map(|c| f64::from(c) / 255.0);
        let (max, min) = (r.max(g).max(b), r.min(g).min(b));
        let delta = max - min;
        if delta == 0.0 {
            return (0.0, 0.0);
        }
        let lightness = (max + min) / 2.0;
        let saturation = delta / (1.0 - (2.0 * lightness - 1.0).abs());
        let sector = if max == r {
            ((g - b) / delta).rem_euclid(6.0)
        } else if max == g {
            (b - r) / delta + 2.0
        } else {
            (r - g) / delta + 4.0
        };
        (sector * 60.0, saturation)
    }

    /// How far apart two hues are, in degrees (0 to 180).
    fn hue_distance(a: Rgb, b: Rgb) -> f64 {
        let d = (hue(a).0 - hue(b).0).abs();
        d.min(360.0 - d)
    }

    /// WCAG's contrast ratio of two colours.
    fn contrast(a: Rgb, b: Rgb) -> f64 {
        let luminance = |Rgb(r, g, b): Rgb| {
            let [r, g, b] = [r, g, b].map(|c| {
                let c = f64::from(c) / 255.0;
                if c <= 0.03928 {
                    c / 12.92
                } else {
                    ((c + 0.055) / 1.055).powf(2.4)
                }
            });
            0.2126 * r + 0.7152 * g + 0.0722 * b
        };
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn no_channel_tint_looks_like_depthwise_or_separable() {
        for (theme, colours) in themes() {
            for concept in ["--depthwise", "--separable"] {
                let concept_colour = colour(&colours, concept);
                for j in 0..5 {
                    let tint = colour(&colours, &format!("--channel-{j}"));
                    let apart = hue_distance(tint, concept_colour);
                    assert!(
                        apart >= 30.0,
                        "{theme}: --channel-{j} is {apart:.0}° from {concept}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_right_answer_has_a_colour_of_its_own_that_reads_well() {
        let others = [
            "--standard",
            "--depthwise",
            "--pointwise",
            "--separable",
            "--accent",
            "--error",
        ];
        for (theme, colours) in themes() {
            let correct = colour(&colours, "--correct");
            assert!(hue(correct).1 > 0.3, "{theme}: --correct is greyish");
            for other in others {
                let apart = hue_distance(correct, colour(&colours, other));
                assert!(
                    apart >= 30.0,
                    "{theme}: --correct is {apart:.0}° from {other}"
                );
            }
            // Text contrast (WCAG AA) on the panels and the page.
            for ground in ["--surface", "--bg"] {
                let ratio = contrast(correct, colour(&colours, ground));
                assert!(ratio >= 4.5, "{theme}: --correct on {ground} is {ratio:.2}");
            }
        }
    }

    #[test]
    fn parses_stylesheet_colours() {
        assert_eq!(Rgb::parse(" #007f73"), Some(Rgb(0, 0x7f, 0x73)));
        assert_eq!(Rgb::parse("#fff"), Some(Rgb(0xff, 0xff, 0xff)));
        assert_eq!(Rgb::parse("#1a0"), Some(Rgb(0x11, 0xaa, 0x00)));
        assert_eq!(Rgb::parse("#ffg"), None);
        assert_eq!(Rgb::parse("rgb(1,2,3)"), None);
        assert_eq!(Rgb::parse("#12345"), None);
        assert_eq!(Rgb(0, 0x7f, 0x73).css(), "#007f73");
    }

    #[test]
    fn unset_properties_keep_the_light_colours() {
        let dark_text = Palette::read(|n| (n == "--text").then(|| "#e6e9ee".to_string()));
        assert_eq!(dark_text.text, Rgb(0xe6, 0xe9, 0xee));
        assert_eq!(dark_text.parts, Palette::LIGHT.parts);
    }
}
