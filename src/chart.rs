//! The cost bar charts, drawn with plotters on any backend: a canvas in the page,
//! SVG in native tests. Redrawn only when the data, theme or size changes.

use plotters::coord::ranged1d::ValueFormatter;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use sepconv_calc::format::percent2;
use sepconv_calc::format::thousands;
use sepconv_calc::network::{Category, KindShare, LayerKind};
use sepconv_calc::Part;

use crate::palette::{Palette, Rgb};

pub mod measured;
#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) mod recorder;

/// Plotters' colour for a palette colour.
pub(crate) trait Ink {
    fn color(self) -> RGBColor;
}

impl Ink for Rgb {
    fn color(self) -> RGBColor {
        RGBColor(self.0, self.1, self.2)
    }
}

/// One bar: its name, the concept whose colour it takes, its length and the exact
/// figure written on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Name on the axis.
    pub label: String,
    /// Whose colour it is drawn in.
    pub ink: Part,
    /// Length on the value axis (a count, or a percentage).
    pub length: f64,
    /// The figure written at its end ("3584", "94.86 %").
    pub text: String,
}

/// What one bar chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Bars {
    /// The bars, top to bottom.
    pub bars: Vec<Bar>,
    /// Logarithmic value axis.
    pub log: bool,
}

impl Bars {
    /// One bar per part with its exact count.
    pub fn counts(values: impl IntoIterator<Item = (Part, u64)>, log: bool) -> Bars {
        let bars = values
            .into_iter()
            .map(|(part, value)| Bar {
                label: part.name().to_string(),
                ink: part,
                length: value as f64,
                text: thousands(value),
            })
            .collect();
        Bars { bars, log }
    }
}

/// The concept colour of a layer kind: 1×1 is pointwise, depthwise is
/// depthwise, full convolutions and the rest are standard.
pub fn ink(kind: LayerKind) -> Part {
    match kind.category() {
        Category::Pointwise => Part::Pointwise,
        Category::Depthwise => Part::Depthwise,
        Category::Standard | Category::Dense | Category::Other => Part::Standard,
    }
}

/// The share chart: one bar per layer kind, its share of the MACs (or of the
/// parameters) in percent, written with two decimals.
pub fn share_bars(shares: &[KindShare], macs: bool) -> Bars {
    let bars = shares
        .iter()
        .map(|s| {
            let share = if macs { s.macs_share } else { s.params_share };
            Bar {
                label: s.kind.name(),
                ink: ink(s.kind),
                length: share * 100.0,
                text: percent2(share),
            }
        })
        .collect();
    Bars { bars, log: false }
}

/// The charts' font, `size` device pixels high. The family is plotters' enum, not
/// the name "sans-serif": plotters reads a name through `str::to_lowercase`, whose
/// Unicode tables alone cost the page 12 KB (gzip).
pub(crate) fn chart_font(size: f64) -> FontDesc<'static> {
    (FontFamily::SansSerif, size).into_font()
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

/// The axes of a plotted chart (not of the bar charts): what differs between
/// charts. Everything else is the page's one look: grid lines in the palette's
/// grid colour without minor lines, 12 px labels in its text colour.
pub(crate) struct Axes<'a, X, Y> {
    /// How many labels each axis may have (`None`: plotters' default).
    pub x_labels: usize,
    /// See `x_labels`.
    pub y_labels: Option<usize>,
    /// The label of a value on each axis.
    pub x_label: &'a dyn Fn(&X) -> String,
    /// See `x_label`.
    pub y_label: &'a dyn Fn(&Y) -> String,
    /// What both axes show, written under the x axis.
    pub description: &'a str,
}

/// Draws `axes` on `chart` in the page's look (see [`Axes`]).
pub(crate) fn draw_axes<DB, X, Y, XT, YT>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    axes: Axes<'_, XT, YT>,
    palette: &Palette,
    scale: f64,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>>
where
    DB: DrawingBackend,
    X: Ranged<ValueType = XT> + ValueFormatter<XT>,
    Y: Ranged<ValueType = YT> + ValueFormatter<YT>,
{
    let line = palette
        .grid
        .color()
        .stroke_width((scale.round() as u32).max(1));
    let font = chart_font(12.0 * scale).color(&palette.text.color());
    let mut mesh = chart.configure_mesh();
    mesh.bold_line_style(line)
        .light_line_style(TRANSPARENT)
        .axis_style(line)
        .x_labels(axes.x_labels)
        .x_label_formatter(axes.x_label)
        .y_label_formatter(axes.y_label)
        .x_desc(axes.description)
        .label_style(font.clone())
        .axis_desc_style(font);
    if let Some(count) = axes.y_labels {
        mesh.y_labels(count);
    }
    mesh.draw()
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
    let font = |size: f64| chart_font(size * scale);
    let count = bars.bars.len() as u32;
    let max = bars.bars.iter().map(|b| b.length).fold(1.0, f64::max);
    // Log mode draws log10(value) on a linear axis, so both modes share one code path.
    let position = |v: f64| if bars.log { v.max(1.0).log10() } else { v };
    // Room for the longest name on the axis.
    let longest = bars.bars.iter().map(|b| b.label.chars().count()).max();
    let label_area = (longest.unwrap_or(9) as f64 * 7.5 + 16.0).max(84.0);
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
        .y_label_area_size(px(label_area))
        .build_cartesian_2d(0f64..x_max, (0u32..count).into_segmented())?;

    // plotters' y axis grows upwards; the first bar goes on top.
    let row = |i: usize| count - 1 - i as u32;
    let names: Vec<&str> = bars.bars.iter().rev().map(|b| b.label.as_str()).collect();
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

    chart.draw_series(bars.bars.iter().enumerate().map(|(i, bar)| {
        let i = row(i);
        let mut rectangle = Rectangle::new(
            [
                (0.0, SegmentValue::Exact(i)),
                (position(bar.length), SegmentValue::Exact(i + 1)),
            ],
            palette.part(bar.ink).color().filled(),
        );
        rectangle.set_margin(px(5.0) as u32, px(5.0) as u32, 0, 0);
        rectangle
    }))?;

    // The exact value at the end of each bar: inside it when the bar is long,
    // after it otherwise.
    let plot = chart.plotting_area();
    for (i, bar) in bars.bars.iter().enumerate() {
        let label = &bar.text;
        let end = plot.map_coordinate(&(position(bar.length), SegmentValue::CenterOf(row(i))));
        let width = label.chars().count() as f64 * 7.5 * scale;
        let (x_range, _) = plot.get_pixel_range();
        let inside = (end.0 as f64) - width - px(8.0) as f64 > x_range.start as f64 + width / 2.0;
        let (x, color, anchor) = if inside {
            (end.0 - px(6.0), palette.on_bar.color(), HPos::Right)
        } else {
            (end.0 + px(6.0), palette.part(bar.ink).color(), HPos::Left)
        };
        let style = font(14.0)
            .style(FontStyle::Bold)
            .color(&color)
            .pos(Pos::new(anchor, VPos::Center));
        area.draw_text(label, &style, (x, end.1))?;
    }
    Ok(())
}

/// One model on the accuracy–cost chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Its name.
    pub label: String,
    /// Multiply-accumulates, in millions.
    pub million_macs: f64,
    /// ImageNet top-1 accuracy, percent (published).
    pub top1: f64,
    /// Whether it uses separable layers: a circle in the separable colour, else
    /// a square in the standard colour.
    pub separable: bool,
    /// Whether Sepconv counted its MACs (a filled mark) or quotes the paper's
    /// printed figure (a hollow one).
    pub counted: bool,
}

/// A rectangle in pixels: left, top, right, bottom.
pub type Rect = (i32, i32, i32, i32);

/// Whether two rectangles share any pixel.
fn overlaps(a: Rect, b: Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Where each label goes: beside its mark (right, left, above, below, the
/// corners, then the same a little further out), clear of every mark (a square
/// of half-side `radius`), every label placed before it and the edges of
/// `bounds`; `None` where nothing fits. The labels are placed in order, so the
/// first are the ones kept.
pub fn place_labels(
    marks: &[(i32, i32)],
    sizes: &[(i32, i32)],
    radius: i32,
    gap: i32,
    bounds: Rect,
) -> Vec<Option<Rect>> {
    let mark_box = |&(x, y): &(i32, i32)| (x - radius, y - radius, x + radius, y + radius);
    let mut placed: Vec<Rect> = Vec::new();
    marks
        .iter()
        .zip(sizes)
        .map(|(&(x, y), &(w, h))| {
            let candidates = [radius + gap, radius + 3 * gap + h]
                .into_iter()
                .flat_map(|d| {
                    [
                        (x + d, y - h / 2),
                        (x - d - w, y - h / 2),
                        (x - w / 2, y - d - h),
                        (x - w / 2, y + d),
                        (x + d, y - d - h),
                        (x + d, y + d),
                        (x - d - w, y - d - h),
                        (x - d - w, y + d),
                    ]
                });
            let fits = |r: Rect| {
                r.0 >= bounds.0
                    && r.1 >= bounds.1
                    && r.2 <= bounds.2
                    && r.3 <= bounds.3
                    && !marks.iter().map(mark_box).any(|m| overlaps(r, m))
                    && !placed.iter().any(|&p| overlaps(r, p))
            };
            let spot = candidates
                .map(|(left, top)| (left, top, left + w, top + h))
                .find(|&r| fits(r));
            if let Some(r) = spot {
                placed.push(r);
            }
            spot
        })
        .collect()
}

/// The point of `r` nearest to `p`: where a label's leader line ends.
fn nearest_point(r: Rect, p: (i32, i32)) -> (i32, i32) {
    (p.0.clamp(r.0, r.2), p.1.clamp(r.1, r.3))
}

/// The smallest and the largest of `values`; `None` when there are none.
pub fn extent(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values.into_iter().fold(None, |range, v| {
        Some(range.map_or((v, v), |(lo, hi): (f64, f64)| (lo.min(v), hi.max(v))))
    })
}

/// Tick label for a log10 axis position: 10^x formatted short.
fn decade(x: &f64, unit: f64) -> String {
    short(10f64.powf(*x) * unit)
}

/// The accuracy–cost chart in words, for screen readers: every model, and what
/// its mark's shape and fill say (standard convolutions; a figure as printed).
pub fn describe_tradeoff(models: &[Model]) -> String {
    let each: Vec<String> = models
        .iter()
        .map(|m| {
            format!(
                "{} {:.1} % at {}M{}{}",
                m.label,
                m.top1,
                thousands(m.million_macs.round() as u64),
                if m.separable {
                    ""
                } else {
                    " (standard convolutions)"
                },
                if m.counted { "" } else { " (as printed)" }
            )
        })
        .collect();
    format!(
        "Scatter chart of ImageNet top-1 accuracy against multiply-accumulates: {}.",
        each.join("; ")
    )
}

/// Accuracy (y) against MACs (x, logarithmic), one mark per model, labelled
/// where the label fits clear of every mark and label (the first models first).
/// Returns which labels were drawn.
pub fn draw_tradeoff<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    models: &[Model],
    palette: &Palette,
    scale: f64,
) -> Result<Vec<bool>, DrawingAreaErrorKind<DB::ErrorType>> {
    let px = |v: f64| (v * scale).round() as i32;
    let font = |size: f64| chart_font(size * scale);
    let x = |m: &Model| m.million_macs.max(1e-3).log10();
    let (Some(x_range), Some(y_range)) = (
        extent(models.iter().map(x)),
        extent(models.iter().map(|m| m.top1)),
    ) else {
        return Ok(Vec::new());
    };
    let (x0, x1) = ((x_range.0 - 0.15).floor(), (x_range.1 + 0.15).ceil());
    let (y0, y1) = ((y_range.0 - 3.0).floor(), (y_range.1 + 3.0).ceil());
    let mut chart = ChartBuilder::on(area)
        .margin(px(10.0))
        .margin_right(px(36.0))
        .x_label_area_size(px(36.0))
        .y_label_area_size(px(44.0))
        .build_cartesian_2d(x0..x1, y0..y1)?;
    // In millions, as the paper's tables count.
    let x_label = |v: &f64| format!("{}M", thousands(10f64.powf(*v).round() as u64));
    let y_label = |v: &f64| format!("{v:.0} %");
    draw_axes(
        &mut chart,
        Axes {
            x_labels: (x1 - x0) as usize + 1,
            y_labels: None,
            x_label: &x_label,
            y_label: &y_label,
            description: "multiply-accumulates (log scale); top-1 accuracy up",
        },
        palette,
        scale,
    )?;
    let half = px(5.0);
    let centres: Vec<(i32, i32)> = models
        .iter()
        .map(|m| chart.backend_coord(&(x(m), m.top1)))
        .collect();
    // Separable networks are circles, full-convolution ones squares; counted
    // figures filled, quoted ones hollow: shape and fill, not colour alone.
    for (m, &(cx, cy)) in models.iter().zip(&centres) {
        let colour = palette
            .part(if m.separable {
                Part::Separable
            } else {
                Part::Standard
            })
            .color();
        let style = if m.counted {
            colour.filled()
        } else {
            colour.stroke_width(px(2.0).max(1) as u32)
        };
        if m.separable {
            area.draw(&Circle::new((cx, cy), half, style))?;
        } else {
            area.draw(&Rectangle::new(
                [(cx - half, cy - half), (cx + half, cy + half)],
                style,
            ))?;
        }
    }
    let style = font(12.0)
        .color(&palette.text.color())
        .pos(Pos::new(HPos::Left, VPos::Top));
    let sizes = models
        .iter()
        .map(|m| {
            let (w, h) = area.estimate_text_size(&m.label, &style)?;
            Ok((w as i32, h as i32))
        })
        .collect::<Result<Vec<_>, DrawingAreaErrorKind<DB::ErrorType>>>()?;
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    let bounds = (xs.start, ys.start, xs.end, ys.end);
    let radius = half + px(1.0);
    let spots = place_labels(&centres, &sizes, radius, px(4.0), bounds);
    for ((m, spot), &centre) in models.iter().zip(&spots).zip(&centres) {
        let Some(rect) = *spot else { continue };
        area.draw_text(&m.label, &style, (rect.0, rect.1))?;
        // A label set apart from its mark gets a leader line to it.
        let end = nearest_point(rect, centre);
        let (dx, dy) = (end.0 - centre.0, end.1 - centre.1);
        if dx * dx + dy * dy > (2 * radius) * (2 * radius) {
            let length = f64::from(dx * dx + dy * dy).sqrt();
            let start = (
                centre.0 + (f64::from(dx) * f64::from(radius) / length).round() as i32,
                centre.1 + (f64::from(dy) * f64::from(radius) / length).round() as i32,
            );
            area.draw(&PathElement::new(
                vec![start, end],
                palette.grid.color().stroke_width(px(1.0).max(1) as u32),
            ))?;
        }
    }
    Ok(spots.iter().map(Option::is_some).collect())
}

/// A count of grouped convolutions against the number of groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupSeries {
    /// (groups, count), groups ascending.
    pub points: Vec<(u64, u64)>,
    /// The separable pair's count, drawn as a reference line.
    pub separable: u64,
    /// The groups currently chosen (marked).
    pub chosen: u64,
    /// The groups that make the convolution depthwise: one per input channel.
    pub depthwise_groups: u64,
}

impl GroupSeries {
    /// The part whose colour marks the chosen groups: 1 group is a standard
    /// convolution and one group per input channel a depthwise one; groups in
    /// between are grouped standard convolutions, on the standard line.
    pub fn chosen_part(&self) -> Part {
        if self.chosen > 1 && self.chosen == self.depthwise_groups {
            Part::Depthwise
        } else {
            Part::Standard
        }
    }
}

/// The count (logarithmic) against the groups (one stop per valid value), with
/// the separable total as a dashed reference line.
pub fn draw_groups<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    series: &GroupSeries,
    palette: &Palette,
    scale: f64,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let px = |v: f64| (v * scale).round() as i32;
    let font = |size: f64| chart_font(size * scale);
    let log = |v: u64| (v.max(1) as f64).log10();
    let values = series.points.iter().map(|p| p.1).chain([series.separable]);
    let Some((lo, hi)) = extent(values.map(log)) else {
        return Ok(());
    };
    let (y0, y1) = ((lo - 0.2).floor(), (hi + 0.2).ceil());
    let last = series.points.len().saturating_sub(1) as f64;
    let mut chart = ChartBuilder::on(area)
        .margin(px(10.0))
        .x_label_area_size(px(32.0))
        .y_label_area_size(px(48.0))
        .build_cartesian_2d(-0.5..last + 0.5, y0..y1)?;
    let groups: Vec<u64> = series.points.iter().map(|p| p.0).collect();
    let x_label = |v: &f64| {
        let i = v.round();
        if (v - i).abs() < 1e-6 && i >= 0.0 {
            groups
                .get(i as usize)
                .map(|g| g.to_string())
                .unwrap_or_default()
        } else {
            String::new()
        }
    };
    let y_label = |v: &f64| decade(v, 1.0);
    draw_axes(
        &mut chart,
        Axes {
            x_labels: groups.len().clamp(2, 13),
            y_labels: Some((y1 - y0) as usize + 1),
            x_label: &x_label,
            y_label: &y_label,
            description: "groups",
        },
        palette,
        scale,
    )?;
    let reference = log(series.separable);
    chart.draw_series(DashedLineSeries::new(
        [(-0.5, reference), (last + 0.5, reference)],
        px(6.0) as u32,
        px(4.0) as u32,
        palette
            .part(Part::Separable)
            .color()
            .stroke_width(px(2.0) as u32),
    ))?;
    let points: Vec<(f64, f64)> = series
        .points
        .iter()
        .enumerate()
        .map(|(i, p)| (i as f64, log(p.1)))
        .collect();
    chart.draw_series(LineSeries::new(
        points.clone(),
        palette
            .part(Part::Standard)
            .color()
            .stroke_width(px(2.0) as u32),
    ))?;
    chart.draw_series(series.points.iter().zip(&points).map(|(p, at)| {
        let part = if p.0 == series.chosen {
            series.chosen_part()
        } else {
            Part::Standard
        };
        Circle::new(
            *at,
            px(if p.0 == series.chosen { 6.0 } else { 4.0 }),
            palette.part(part).color().filled(),
        )
    }))?;
    let label = format!("depthwise + pointwise: {}", thousands(series.separable));
    let at = chart.backend_coord(&(last + 0.5, reference));
    let style = font(12.0)
        .color(&palette.part(Part::Separable).color())
        .pos(Pos::new(HPos::Right, VPos::Bottom));
    area.draw_text(&label, &style, (at.0 - px(4.0), at.1 - px(4.0)))?;
    Ok(())
}

// Native only: plotters has no font backend there, so the tests record what the
// chart asks a backend to draw instead of rasterising it.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::recorder::{rgb, text, Colour, Recorded, Recorder};
    use super::*;

    #[test]
    fn extent_is_the_smallest_and_largest_or_none() {
        assert_eq!(extent([]), None);
        assert_eq!(extent([2.0]), Some((2.0, 2.0)));
        assert_eq!(extent([3.0, -1.0, 2.5]), Some((-1.0, 3.0)));
    }

    #[test]
    fn the_tradeoff_in_words_names_every_mark() {
        let model = |label: &str, separable, counted| Model {
            label: label.into(),
            million_macs: 568.7,
            top1: 70.6,
            separable,
            counted,
        };
        let text = describe_tradeoff(&[
            model("MobileNet", true, true),
            model("VGG 16", false, false),
        ]);
        assert_eq!(
            text,
            "Scatter chart of ImageNet top-1 accuracy against multiply-accumulates: \
             MobileNet 70.6 % at 569M; VGG 16 70.6 % at 569M (standard convolutions) (as printed)."
        );
    }

    fn record(bars: &Bars) -> Recorded {
        let recorder = Recorder::default();
        let recorded = recorder.0.clone();
        draw(&recorder.into_drawing_area(), bars, &Palette::LIGHT, 1.0).unwrap();
        recorded.take()
    }

    fn lecture_macs(log: bool) -> Bars {
        Bars::counts(
            [
                (Part::Standard, 2160),
                (Part::Depthwise, 432),
                (Part::Pointwise, 240),
                (Part::Separable, 672),
            ],
            log,
        )
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
    fn share_chart_writes_table_2s_percentages() {
        use sepconv_calc::network::{Convention, MobileNetV1};
        let network = MobileNetV1::default().build().unwrap();
        let r = record(&share_bars(&network.by_kind(Convention::Paper), true));
        let (_, _, colour) = text(&r, "94.86 %").expect("the 1×1 share is written");
        // A short bar's figure sits after it, in the bar's (pointwise) colour.
        assert_eq!(*colour, rgb(Palette::LIGHT.on_bar));
        assert_eq!(text(&r, "0.18 %").unwrap().2, rgb(Palette::LIGHT.parts[0]));
        for name in ["Conv 1×1", "Conv DW 3×3", "Conv 3×3", "Fully connected"] {
            assert!(text(&r, name).is_some(), "missing {name}");
        }
        assert_eq!(
            r.bars[0].2,
            rgb(Palette::LIGHT.parts[2]),
            "1×1 in pointwise colour"
        );
    }

    #[test]
    fn log_scale_labels_decades() {
        let r = record(&Bars::counts(
            [(Part::Standard, 2_359_296), (Part::Separable, 266_752)],
            true,
        ));
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

    fn model(label: &str, million_macs: f64, top1: f64, separable: bool) -> Model {
        Model {
            label: label.into(),
            million_macs,
            top1,
            separable,
            counted: true,
        }
    }

    #[test]
    fn tradeoff_places_models_by_cost_and_accuracy() {
        let models = vec![
            model("1.0 Conv MobileNet-224", 4867.3, 71.7, false),
            model("1.0 MobileNet-224", 568.7, 70.6, true),
        ];
        let recorder = Recorder::default();
        let recorded = recorder.0.clone();
        let labelled =
            draw_tradeoff(&recorder.into_drawing_area(), &models, &Palette::LIGHT, 1.0).unwrap();
        assert_eq!(labelled, [true, true]);
        let r = recorded.take();
        // The full-convolution network is a square in the standard colour.
        let square = r
            .bars
            .iter()
            .find(|(_, _, c)| *c == rgb(Palette::LIGHT.parts[0]))
            .expect("a square for Conv MobileNet");
        assert_eq!(square.1 .0 - square.0 .0, square.1 .1 - square.0 .1);
        let conv = text(&r, "1.0 Conv MobileNet-224").expect("label");
        let mobile = text(&r, "1.0 MobileNet-224").expect("label");
        assert!(conv.1 .0 > mobile.1 .0, "more MACs to the right");
        assert!(conv.1 .1 < mobile.1 .1, "higher accuracy higher up");
        for tick in ["100M", "1000M", "10,000M", "70 %"] {
            assert!(text(&r, tick).is_some(), "tick {tick}: {:?}", r.texts);
        }
    }

    #[test]
    fn labels_overlap_neither_marks_nor_each_other() {
        // A crowded cluster and marks at the edges.
        let marks = [(100, 100), (110, 104), (104, 96), (300, 20), (10, 190)];
        let sizes = [(60, 12); 5];
        let bounds = (0, 0, 320, 200);
        let spots = place_labels(&marks, &sizes, 6, 4, bounds);
        let placed: Vec<Rect> = spots.iter().flatten().copied().collect();
        assert!(placed.len() >= 3, "{spots:?}");
        for (i, a) in placed.iter().enumerate() {
            assert!(a.0 >= 0 && a.1 >= 0 && a.2 <= 320 && a.3 <= 200, "{a:?}");
            for &(x, y) in &marks {
                assert!(
                    !overlaps(*a, (x - 6, y - 6, x + 6, y + 6)),
                    "{a:?} on ({x}, {y})"
                );
            }
            for b in &placed[i + 1..] {
                assert!(!overlaps(*a, *b), "{a:?} and {b:?}");
            }
        }
        // The first label always gets a place when there is room.
        assert!(spots[0].is_some());
    }

    #[test]
    fn groups_chart_marks_the_reference() {
        let recorder = Recorder::default();
        let recorded = recorder.0.clone();
        let series = GroupSeries {
            points: vec![(1, 147_456), (2, 73_728), (32, 4608)],
            separable: 6656,
            chosen: 2,
            depthwise_groups: 32,
        };
        draw_groups(&recorder.into_drawing_area(), &series, &Palette::LIGHT, 1.0).unwrap();
        let r = recorded.take();
        assert!(text(&r, "depthwise + pointwise: 6656").is_some());
        for tick in ["1", "2", "32"] {
            assert!(text(&r, tick).is_some(), "tick {tick}: {:?}", r.texts);
        }
    }

    /// The colour of each group's mark, and its radius, with `chosen` marked.
    fn group_marks(chosen: u64) -> Vec<(u32, Colour)> {
        let recorder = Recorder::default();
        let recorded = recorder.0.clone();
        let series = GroupSeries {
            points: vec![(1, 147_456), (2, 73_728), (32, 4608)],
            separable: 6656,
            chosen,
            depthwise_groups: 32,
        };
        draw_groups(&recorder.into_drawing_area(), &series, &Palette::LIGHT, 1.0).unwrap();
        let r = recorded.take();
        r.dots.iter().map(|(_, radius, c)| (*radius, *c)).collect()
    }

    #[test]
    fn groups_chart_marks_each_kind_in_its_concepts_colour() {
        let (standard, depthwise) = (rgb(Palette::LIGHT.parts[0]), rgb(Palette::LIGHT.parts[1]));
        // One group is a standard convolution: the standard colour, marked larger.
        assert_eq!(
            group_marks(1),
            [(6, standard), (4, standard), (4, standard)]
        );
        // Grouped: still the standard family.
        assert_eq!(
            group_marks(2),
            [(4, standard), (6, standard), (4, standard)]
        );
        // One group per input channel is depthwise.
        assert_eq!(
            group_marks(32),
            [(4, standard), (4, standard), (6, depthwise)]
        );
    }

    #[test]
    fn tick_labels_are_short() {
        assert_eq!(short(0.0), "0");
        assert_eq!(short(1500.0), "1.5k");
        assert_eq!(short(2_000_000.0), "2M");
        assert_eq!(short(568_740_352.0), "568.7M");
    }
}
