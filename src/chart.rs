//! The cost bar charts, drawn with plotters on any backend: a canvas in the page,
//! SVG in native tests. Redrawn only when the data, theme or size changes.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use sepconv_calc::format::thousands;
use sepconv_calc::Part;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Parses `#rrggbb` (as the stylesheet's custom properties are written).
    pub fn parse(text: &str) -> Option<Rgb> {
        let hex = text.trim().strip_prefix('#')?;
        if hex.len() != 6 {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
        Some(Rgb(byte(0)?, byte(2)?, byte(4)?))
    }

    fn color(self) -> RGBColor {
        RGBColor(self.0, self.1, self.2)
    }
}

/// The theme's colours: one per part, as everywhere on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    /// Standard, depthwise, pointwise, separable (in [`Part::ALL`] order).
    pub parts: [Rgb; 4],
    /// Text.
    pub text: Rgb,
    /// Axis and grid lines.
    pub grid: Rgb,
    /// Text drawn on top of a bar.
    pub on_bar: Rgb,
}

impl Palette {
    /// The light theme's colours (the stylesheet's defaults).
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
    };

    fn part(&self, part: Part) -> RGBColor {
        let i = Part::ALL.iter().position(|p| *p == part).unwrap_or(0);
        self.parts[i].color()
    }
}

/// What one chart shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bars {
    /// (part, value) in display order.
    pub values: Vec<(Part, u64)>,
    /// Logarithmic value axis.
    pub log: bool,
}

/// Axis tick label: 1200 → "1.2k", 3_000_000 → "3M".
pub fn short(value: f64) -> String {
    let (scaled, unit) = match value.abs() {
        v if v >= 1e9 => (value / 1e9, "G"),
        v if v >= 1e6 => (value / 1e6, "M"),
        v if v >= 1e3 => (value / 1e3, "k"),
        _ => (value, ""),
    };
    let text = format!("{scaled:.1}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}{unit}")
}

/// Draws horizontal bars with their exact values. `scale` is the device pixel
/// ratio: fonts and margins grow with it so the chart is crisp and the same size
/// on every screen.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    bars: &Bars,
    palette: &Palette,
    scale: f64,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let px = |v: f64| (v * scale).round() as i32;
    let font = |size: f64| ("sans-serif", size * scale).into_font();
    let count = bars.values.len() as u32;
    let max = bars
        .values
        .iter()
        .map(|(_, v)| *v)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    // Log mode draws log10(value) on a linear axis, so both modes share one code path.
    let position = |v: u64| {
        if bars.log {
            (v.max(1) as f64).log10()
        } else {
            v as f64
        }
    };
    let x_max = if bars.log {
        (max.log10() + 0.25).ceil().max(1.0)
    } else {
        max * 1.02
    };

    let mut chart = ChartBuilder::on(area)
        .margin_left(px(4.0))
        .margin_right(px(16.0))
        .margin_top(px(6.0))
        .x_label_area_size(px(24.0))
        .y_label_area_size(px(84.0))
        .build_cartesian_2d(0f64..x_max, (0u32..count).into_segmented())?;

    // plotters' y axis grows upwards; the first bar goes on top.
    let row = |i: usize| count - 1 - i as u32;
    let names: Vec<&str> = bars.values.iter().rev().map(|(p, _)| p.name()).collect();
    let tick_label = |x: &f64| {
        if bars.log {
            short(10f64.powf(x.round()))
        } else {
            short(*x)
        }
    };
    let segment_label = |v: &SegmentValue<u32>| match v {
        SegmentValue::CenterOf(i) => names.get(*i as usize).copied().unwrap_or("").to_string(),
        _ => String::new(),
    };
    chart
        .configure_mesh()
        .disable_y_mesh()
        .bold_line_style(palette.grid.color().stroke_width(px(1.0) as u32))
        .light_line_style(TRANSPARENT)
        .axis_style(palette.grid.color().stroke_width(px(1.0) as u32))
        .x_labels(if bars.log { x_max as usize + 1 } else { 5 })
        .x_label_formatter(&tick_label)
        .y_label_formatter(&segment_label)
        .label_style(font(13.0).color(&palette.text.color()))
        .draw()?;

    chart.draw_series(bars.values.iter().enumerate().map(|(i, (part, value))| {
        let i = row(i);
        let mut bar = Rectangle::new(
            [
                (0.0, SegmentValue::Exact(i)),
                (position(*value), SegmentValue::Exact(i + 1)),
            ],
            palette.part(*part).filled(),
        );
        bar.set_margin(px(5.0) as u32, px(5.0) as u32, 0, 0);
        bar
    }))?;

    // The exact value at the end of each bar: inside it when the bar is long,
    // after it otherwise.
    let plot = chart.plotting_area();
    for (i, (part, value)) in bars.values.iter().enumerate() {
        let label = thousands(*value);
        let end = plot.map_coordinate(&(position(*value), SegmentValue::CenterOf(row(i))));
        let width = label.chars().count() as f64 * 7.5 * scale;
        let (x_range, _) = plot.get_pixel_range();
        let inside = (end.0 as f64) - width - px(8.0) as f64 > x_range.start as f64 + width / 2.0;
        let (x, color, anchor) = if inside {
            (end.0 - px(6.0), palette.on_bar.color(), HPos::Right)
        } else {
            (end.0 + px(6.0), palette.part(*part), HPos::Left)
        };
        let style = font(14.0)
            .style(FontStyle::Bold)
            .color(&color)
            .pos(Pos::new(anchor, VPos::Center));
        area.draw_text(&label, &style, (x, end.1))?;
    }
    Ok(())
}

// Native only: plotters has no font backend there, so the tests record what the
// chart asks a backend to draw instead of rasterising it.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use plotters_backend::{
        BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
    };

    type Colour = (u8, u8, u8);

    /// Every text and filled rectangle a backend was given.
    #[derive(Default)]
    struct Recorded {
        texts: Vec<(String, BackendCoord, Colour)>,
        bars: Vec<(BackendCoord, BackendCoord, Colour)>,
    }

    /// A backend that records into a shared [`Recorded`] (the drawing area owns it).
    #[derive(Default)]
    struct Recorder(std::rc::Rc<std::cell::RefCell<Recorded>>);

    type Drawn = Result<(), DrawingErrorKind<std::convert::Infallible>>;

    impl DrawingBackend for Recorder {
        type ErrorType = std::convert::Infallible;

        fn get_size(&self) -> (u32, u32) {
            (600, 220)
        }

        fn ensure_prepared(&mut self) -> Drawn {
            Ok(())
        }

        fn present(&mut self) -> Drawn {
            Ok(())
        }

        fn draw_pixel(&mut self, _: BackendCoord, _: BackendColor) -> Drawn {
            Ok(())
        }

        fn draw_rect<S: BackendStyle>(
            &mut self,
            upper_left: BackendCoord,
            bottom_right: BackendCoord,
            style: &S,
            fill: bool,
        ) -> Drawn {
            if fill && style.color().alpha > 0.0 {
                self.0
                    .borrow_mut()
                    .bars
                    .push((upper_left, bottom_right, style.color().rgb));
            }
            Ok(())
        }

        fn draw_text<T: BackendTextStyle>(
            &mut self,
            text: &str,
            style: &T,
            at: BackendCoord,
        ) -> Drawn {
            self.0
                .borrow_mut()
                .texts
                .push((text.to_string(), at, style.color().rgb));
            Ok(())
        }

        fn estimate_text_size<T: BackendTextStyle>(
            &self,
            text: &str,
            style: &T,
        ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
            let size = style.size();
            Ok((
                (text.chars().count() as f64 * size * 0.55) as u32,
                size as u32,
            ))
        }
    }

    fn record(bars: &Bars) -> Recorded {
        let recorder = Recorder::default();
        let recorded = recorder.0.clone();
        draw(&recorder.into_drawing_area(), bars, &Palette::LIGHT, 1.0).unwrap();
        recorded.take()
    }

    fn lecture_macs(log: bool) -> Bars {
        Bars {
            values: vec![
                (Part::Standard, 2160),
                (Part::Depthwise, 432),
                (Part::Pointwise, 240),
                (Part::Separable, 672),
            ],
            log,
        }
    }

    fn text<'a>(r: &'a Recorded, label: &str) -> Option<&'a (String, BackendCoord, Colour)> {
        r.texts.iter().find(|(t, _, _)| t == label)
    }

    fn rgb(c: Rgb) -> Colour {
        (c.0, c.1, c.2)
    }

    #[test]
    fn one_bar_per_part_in_its_colour_with_its_exact_value() {
        let r = record(&lecture_macs(false));
        let colours: Vec<Colour> = r.bars.iter().map(|(_, _, c)| *c).collect();
        assert_eq!(
            colours,
            Palette::LIGHT.parts.map(rgb).to_vec(),
            "one bar per part, in order"
        );
        // Bars are as long as their values: standard is 2160/672 times separable.
        let length = |i: usize| f64::from(r.bars[i].1 .0 - r.bars[i].0 .0);
        assert!((length(0) / length(3) - 2160.0 / 672.0).abs() < 0.05);
        // The first bar is on top.
        assert!(r.bars[0].0 .1 < r.bars[3].0 .1);
        for (part, value) in ["standard", "depthwise", "pointwise", "separable"]
            .iter()
            .zip(["2160", "432", "240", "672"])
        {
            assert!(text(&r, part).is_some(), "missing the name {part}");
            let (_, at, _) = text(&r, value).unwrap_or_else(|| panic!("missing the value {value}"));
            let bar = r
                .bars
                .iter()
                .find(|(ul, br, _)| ul.1 <= at.1 && at.1 <= br.1)
                .expect("value beside its bar");
            assert!(at.0 >= bar.0 .0, "{value} drawn at its bar");
        }
        // A long bar carries its value inside, in the on-bar colour.
        assert_eq!(text(&r, "2160").unwrap().2, rgb(Palette::LIGHT.on_bar));
    }

    #[test]
    fn log_scale_labels_decades() {
        let r = record(&Bars {
            values: vec![(Part::Standard, 2_359_296), (Part::Separable, 266_752)],
            log: true,
        });
        for tick in ["1", "10", "100", "1k", "10k", "100k", "1M"] {
            assert!(
                text(&r, tick).is_some(),
                "missing tick {tick}: {:?}",
                r.texts
            );
        }
        assert!(text(&r, "2,359,296").is_some());
        // On a log axis 266,752 is most of 2,359,296's length, not 11 %.
        let length = |i: usize| f64::from(r.bars[i].1 .0 - r.bars[i].0 .0);
        assert!(length(1) / length(0) > 0.8);
    }

    #[test]
    fn tick_labels_are_short() {
        assert_eq!(short(0.0), "0");
        assert_eq!(short(1500.0), "1.5k");
        assert_eq!(short(2_000_000.0), "2M");
        assert_eq!(short(568_740_352.0), "568.7M");
    }

    #[test]
    fn parses_stylesheet_colours() {
        assert_eq!(Rgb::parse(" #007f73"), Some(Rgb(0, 0x7f, 0x73)));
        assert_eq!(Rgb::parse("rgb(1,2,3)"), None);
        assert_eq!(Rgb::parse("#12345"), None);
    }
}
