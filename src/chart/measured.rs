//! Charts of measured timings: the sweep (GMAC/s of each step against the
//! channel count, and the speed-up measured against the one MACs predict) and
//! the roofline of the reader's machine. Drawn from plain data
//! (`crate::roofline` builds it), on any plotters backend.

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use sepconv_calc::format::significant;
use sepconv_calc::Part;

use super::{chart_font, draw_axes, extent, place_labels, short, Axes, Ink};
use crate::palette::Palette;

/// One input size's results across the sweep's channel counts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SweepLine {
    /// Input side (56 for 56×56).
    pub size: usize,
    /// Channel counts (M = N), ascending.
    pub channels: Vec<usize>,
    /// GMAC/s of standard, depthwise and pointwise, one per channel count.
    pub gmacs: [Vec<f64>; 3],
    /// The speed-up MACs predict, one per channel count.
    pub expected: Vec<f64>,
    /// The speed-up measured, one per channel count.
    pub measured: Vec<f64>,
}

/// The sweep's results: one line per input size, the first drawn solid.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SweepData {
    /// One line per input size.
    pub lines: Vec<SweepLine>,
}

/// The roofline of a machine and a layer's three steps under it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RooflineData {
    /// The compute roof, GMAC/s.
    pub compute: f64,
    /// The memory roof's slope, GB/s.
    pub bandwidth: f64,
    /// (step, MACs per byte, GMAC/s measured).
    pub points: Vec<(Part, f64, f64)>,
}

/// The three timed steps, in the sweep's order.
const STEPS: [Part; 3] = [Part::Standard, Part::Depthwise, Part::Pointwise];

/// "8", "64", "512": a channel count at a log2 axis position, only where one
/// of `channels` sits.
fn channel_tick(x: f64, channels: &[usize]) -> String {
    channels
        .iter()
        .find(|&&c| ((c as f64).log2() - x).abs() < 1e-6)
        .map(|c| c.to_string())
        .unwrap_or_default()
}

/// Every channel count of the lines, ascending, once.
fn all_channels(lines: &[SweepLine]) -> Vec<usize> {
    let mut all: Vec<usize> = lines.iter().flat_map(|l| l.channels.clone()).collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// The x range of the sweep charts: log2 of the channel counts, with room.
fn channel_range(channels: &[usize]) -> (f64, f64) {
    let first = channels.first().map_or(3.0, |&c| (c as f64).log2());
    let last = channels.last().map_or(9.0, |&c| (c as f64).log2());
    (first - 0.3, last + 0.3)
}

/// A legend above a chart: (text, colour) in a row from the left.
fn legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    items: &[(String, RGBColor)],
    scale: f64,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let mut x = (8.0 * scale) as i32;
    for (label, colour) in items {
        let style = chart_font(12.0 * scale)
            .color(colour)
            .pos(Pos::new(HPos::Left, VPos::Top));
        area.draw_text(label, &style, (x, (4.0 * scale) as i32))?;
        let (w, _) = area.estimate_text_size(label, &style)?;
        x += w as i32 + (14.0 * scale) as i32;
    }
    Ok(())
}

/// A line through `points` in `colour`: solid for the first input size,
/// dashed for the others; marks at the points, circles or squares by size.
fn sweep_series<DB: DrawingBackend, CT: CoordTranslate<From = (f64, f64)>>(
    chart: &mut ChartContext<'_, DB, CT>,
    points: Vec<(f64, f64)>,
    colour: RGBColor,
    first_size: bool,
    scale: f64,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let px = |v: f64| (v * scale).round() as i32;
    let stroke = colour.stroke_width(px(2.0).max(1) as u32);
    if first_size {
        chart.draw_series(LineSeries::new(points.clone(), stroke))?;
        chart.draw_series(
            points
                .iter()
                .map(|&p| Circle::new(p, px(4.0), colour.filled())),
        )?;
    } else {
        chart.draw_series(DashedLineSeries::new(
            points.clone(),
            px(6.0) as u32,
            px(4.0) as u32,
            stroke,
        ))?;
        let half = px(3.5);
        chart.draw_series(points.iter().map(|&p| {
            EmptyElement::at(p) + Rectangle::new([(-half, -half), (half, half)], colour.filled())
        }))?;
    }
    Ok(())
}

/// A sweep chart: channels (log2) across, a value up.
type SweepChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The sweep charts' frame: channels on a log2 axis, 0 to a little above
/// `top` up, `right` CSS px of margin on the right, and their axes.
fn sweep_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    lines: &[SweepLine],
    (top, right): (f64, f64),
    (y_label, description): (&dyn Fn(&f64) -> String, &str),
    palette: &Palette,
    scale: f64,
) -> Result<SweepChart<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    let px = |v: f64| (v * scale).round() as i32;
    let channels = all_channels(lines);
    let (x0, x1) = channel_range(&channels);
    let mut chart = ChartBuilder::on(area)
        .margin(px(10.0))
        .margin_top(px(26.0))
        .margin_right(px(right))
        .x_label_area_size(px(36.0))
        .y_label_area_size(px(44.0))
        .build_cartesian_2d(x0..x1, 0.0..(top * 1.15).max(1e-9))?;
    let x_label = |x: &f64| channel_tick(*x, &channels);
    draw_axes(
        &mut chart,
        Axes {
            x_labels: 64,
            y_labels: Some(5),
            x_label: &x_label,
            y_label,
            description,
        },
        palette,
        scale,
    )?;
    Ok(chart)
}

/// Achieved GMAC/s of each step against the channel count (log2 axis), one
/// line per step in its colour: solid for the first input size, dashed for the
/// second.
pub fn draw_sweep_rates<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &SweepData,
    palette: &Palette,
    scale: f64,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let lines = &data.lines;
    let top = lines
        .iter()
        .flat_map(|l| l.gmacs.iter().flatten())
        .fold(0.0f64, |a, &b| a.max(b));
    let y_label = |y: &f64| significant(*y, 2);
    let mut chart = sweep_chart(
        area,
        lines,
        (top, 10.0),
        (&y_label, "channels (M = N); GMAC/s up"),
        palette,
        scale,
    )?;
    for (i, line) in lines.iter().enumerate() {
        for (step, rates) in STEPS.iter().zip(&line.gmacs) {
            let points = line
                .channels
                .iter()
                .zip(rates)
                .map(|(&c, &r)| ((c as f64).log2(), r))
                .collect();
            sweep_series(
                &mut chart,
                points,
                palette.part(*step).color(),
                i == 0,
                scale,
            )?;
        }
    }
    let mut items: Vec<(String, RGBColor)> = STEPS
        .iter()
        .map(|p| (p.name().to_string(), palette.part(*p).color()))
        .collect();
    items.push((sizes_key(lines), palette.text.color()));
    legend(area, &items, scale)
}

/// "solid 56×56, dashed 14×14".
fn sizes_key(lines: &[SweepLine]) -> String {
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let style = if i == 0 { "solid" } else { "dashed" };
            format!("{style} {}×{}", l.size, l.size)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The speed-up of depthwise + pointwise over standard against the channel
/// count: measured (solid, in the separable colour) and predicted by MACs
/// (thin, in the text colour), circles for the first input size and squares
/// for the second.
pub fn draw_sweep_speedups<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &SweepData,
    palette: &Palette,
    scale: f64,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let px = |v: f64| (v * scale).round() as i32;
    let lines = &data.lines;
    let top = lines
        .iter()
        .flat_map(|l| l.expected.iter().chain(&l.measured))
        .fold(1.0f64, |a, &b| a.max(b));
    let y_label = |y: &f64| format!("{}×", significant(*y, 2));
    // Room on the right for the size written after each line's last point.
    let mut chart = sweep_chart(
        area,
        lines,
        (top, 52.0),
        (&y_label, "channels (M = N); speed-up up"),
        palette,
        scale,
    )?;
    let measured = palette.part(Part::Separable).color();
    let expected = palette.text.color();
    for (i, line) in lines.iter().enumerate() {
        let at = |values: &Vec<f64>| -> Vec<(f64, f64)> {
            line.channels
                .iter()
                .zip(values)
                .map(|(&c, &v)| ((c as f64).log2(), v))
                .collect()
        };
        chart.draw_series(LineSeries::new(
            at(&line.expected),
            expected.stroke_width(px(1.0).max(1) as u32),
        ))?;
        sweep_series(&mut chart, at(&line.measured), measured, i == 0, scale)?;
        // The size beside its measured line's last point.
        if let Some(&last) = at(&line.measured).last() {
            let (x, y) = chart.backend_coord(&last);
            let style = chart_font(12.0 * scale)
                .color(&measured)
                .pos(Pos::new(HPos::Left, VPos::Center));
            area.draw_text(
                &format!("{}×{}", line.size, line.size),
                &style,
                (x + px(6.0), y),
            )?;
        }
    }
    let items = [
        ("measured".to_string(), measured),
        ("expected from MACs (thin)".to_string(), expected),
        (
            lines
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let mark = if i == 0 { "circles" } else { "squares" };
                    format!("{mark} {}×{}", l.size, l.size)
                })
                .collect::<Vec<_>>()
                .join(", "),
            expected,
        ),
    ];
    legend(area, &items, scale)
}

/// A tick on a log10 axis: 10^x written plainly ("0.01", "1", "10", "1k").
fn decade_tick(x: f64) -> String {
    let value = 10f64.powf(x.round());
    if (x - x.round()).abs() > 1e-6 {
        String::new()
    } else if value < 1.0 {
        significant(value, 1)
    } else {
        short(value)
    }
}

/// The roofline, log-log: arithmetic intensity (MACs per byte) across, GMAC/s
/// up; the memory roof (bandwidth × intensity) up to the ridge, the compute
/// roof after it, and each step at its intensity and measured rate, in its
/// colour and named.
pub fn draw_roofline<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &RooflineData,
    palette: &Palette,
    scale: f64,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let px = |v: f64| (v * scale).round() as i32;
    let log = |v: f64| v.max(1e-12).log10();
    let ridge = data.compute / data.bandwidth;
    let xs = data.points.iter().map(|p| log(p.1)).chain([log(ridge)]);
    let ys = data
        .points
        .iter()
        .map(|p| log(p.2))
        .chain([log(data.compute)]);
    let (Some((lo, hi)), Some((ylo, yhi))) = (extent(xs), extent(ys)) else {
        return Ok(());
    };
    let (x0, x1) = ((lo - 0.3).floor(), (hi + 0.3).ceil());
    let (y0, y1) = ((ylo - 0.3).floor(), (yhi + 0.3).ceil());
    let mut chart = ChartBuilder::on(area)
        .margin(px(10.0))
        .margin_right(px(20.0))
        .x_label_area_size(px(36.0))
        .y_label_area_size(px(44.0))
        .build_cartesian_2d(x0..x1, y0..y1)?;
    let tick = |v: &f64| decade_tick(*v);
    draw_axes(
        &mut chart,
        Axes {
            x_labels: (x1 - x0) as usize + 1,
            y_labels: Some((y1 - y0) as usize + 1),
            x_label: &tick,
            y_label: &tick,
            description: "MACs per byte moved (log); GMAC/s up (log)",
        },
        palette,
        scale,
    )?;
    // The memory roof starts where it enters the chart.
    let start = x0.max(y0 - log(data.bandwidth));
    let roof = vec![
        (start, log(data.bandwidth) + start),
        (log(ridge), log(data.compute)),
        (x1, log(data.compute)),
    ];
    let ink = palette.text.color();
    chart.draw_series(LineSeries::new(roof, ink.stroke_width(px(2.0) as u32)))?;
    chart.draw_series(DashedLineSeries::new(
        [(log(ridge), y0), (log(ridge), log(data.compute))],
        px(4.0) as u32,
        px(4.0) as u32,
        palette.grid.color().stroke_width(px(1.0).max(1) as u32),
    ))?;
    let note = |text: String, at: (f64, f64), anchor: HPos, valign: VPos| {
        let (x, y) = chart.backend_coord(&at);
        let style = chart_font(12.0 * scale)
            .color(&ink)
            .pos(Pos::new(anchor, valign));
        area.draw_text(&text, &style, (x, y - px(4.0)))
    };
    note(
        format!("compute peak {} GMAC/s", significant(data.compute, 3)),
        (x1, log(data.compute)),
        HPos::Right,
        VPos::Bottom,
    )?;
    note(
        format!("memory {} GB/s", significant(data.bandwidth, 3)),
        (start + 0.1, log(data.bandwidth) + start + 0.1),
        HPos::Left,
        VPos::Bottom,
    )?;
    note(
        format!("ridge {}", significant(ridge, 3)),
        (log(ridge), y0 + 0.05),
        HPos::Left,
        VPos::Bottom,
    )?;
    let centres: Vec<(i32, i32)> = data
        .points
        .iter()
        .map(|&(_, x, y)| chart.backend_coord(&(log(x), log(y))))
        .collect();
    for (&(part, _, _), &centre) in data.points.iter().zip(&centres) {
        area.draw(&Circle::new(
            centre,
            px(6.0),
            palette.part(part).color().filled(),
        ))?;
    }
    let label_style = |part: Part| {
        chart_font(13.0 * scale)
            .color(&palette.part(part).color())
            .pos(Pos::new(HPos::Left, VPos::Top))
    };
    let sizes = data
        .points
        .iter()
        .map(|&(part, _, _)| {
            let (w, h) = area.estimate_text_size(part.name(), &label_style(part))?;
            Ok((w as i32, h as i32))
        })
        .collect::<Result<Vec<_>, DrawingAreaErrorKind<DB::ErrorType>>>()?;
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    let spots = place_labels(
        &centres,
        &sizes,
        px(7.0),
        px(4.0),
        (xr.start, yr.start, xr.end, yr.end),
    );
    for (&(part, _, _), spot) in data.points.iter().zip(spots) {
        if let Some(rect) = spot {
            area.draw_text(part.name(), &label_style(part), (rect.0, rect.1))?;
        }
    }
    Ok(())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::super::recorder::{rgb, text, Recorder};
    use super::*;

    fn lines() -> SweepData {
        SweepData {
            lines: vec![
                SweepLine {
                    size: 56,
                    channels: vec![8, 64, 512],
                    gmacs: [
                        vec![2.0, 3.0, 3.5],
                        vec![1.0, 1.2, 1.1],
                        vec![2.5, 3.2, 3.4],
                    ],
                    expected: vec![4.3, 7.9, 8.8],
                    measured: vec![2.0, 6.0, 8.0],
                },
                SweepLine {
                    size: 14,
                    channels: vec![8, 64],
                    gmacs: [vec![1.5, 2.5], vec![0.8, 1.0], vec![2.0, 3.0]],
                    expected: vec![4.3, 7.9],
                    measured: vec![1.5, 5.5],
                },
            ],
        }
    }

    #[test]
    fn the_sweep_draws_each_step_in_its_colour_at_its_channels() {
        let r = Recorder::record(|area| {
            draw_sweep_rates(area, &lines(), &Palette::LIGHT, 1.0).unwrap();
        });
        for tick in ["8", "64", "512"] {
            assert!(text(&r, tick).is_some(), "tick {tick}: {:?}", r.texts);
        }
        for (i, part) in STEPS.iter().enumerate() {
            let (_, _, colour) = text(&r, part.name()).expect("legend");
            assert_eq!(*colour, rgb(Palette::LIGHT.parts[i]));
        }
        assert!(text(&r, "solid 56×56, dashed 14×14").is_some());
        // 56×56: a circle per point and step; depthwise lowest at 512 channels.
        let dots_in = |i: usize| {
            r.dots
                .iter()
                .filter(|d| d.2 == rgb(Palette::LIGHT.parts[i]))
                .collect::<Vec<_>>()
        };
        assert_eq!(dots_in(1).len(), 3);
        let at_512 = |i: usize| dots_in(i)[2].0;
        assert!(at_512(1).1 > at_512(0).1, "depthwise below standard");
        assert!(
            at_512(0).0 > dots_in(0)[0].0 .0,
            "more channels to the right"
        );
    }

    #[test]
    fn speed_ups_measured_beside_expected() {
        let r = Recorder::record(|area| {
            draw_sweep_speedups(area, &lines(), &Palette::LIGHT, 1.0).unwrap();
        });
        let separable = rgb(Palette::LIGHT.part(Part::Separable));
        assert_eq!(text(&r, "56×56").unwrap().2, separable);
        assert!(text(&r, "14×14").is_some());
        assert!(text(&r, "expected from MACs (thin)").is_some());
        let measured: Vec<_> = r.dots.iter().filter(|d| d.2 == separable).collect();
        assert_eq!(measured.len(), 3, "a circle per 56×56 point");
        // Thin lines in the text colour: the predictions, one per size.
        let text_colour = rgb(Palette::LIGHT.text);
        let predictions = r
            .paths
            .iter()
            .filter(|p| p.1 == text_colour && p.0.len() > 1);
        assert!(predictions.count() >= 2);
    }

    #[test]
    fn the_roofline_has_two_roofs_and_three_named_steps() {
        let data = RooflineData {
            compute: 4.6,
            bandwidth: 6.8,
            points: vec![
                (Part::Standard, 45.2, 3.56),
                (Part::Depthwise, 1.10, 1.66),
                (Part::Pointwise, 27.8, 3.57),
            ],
        };
        let r = Recorder::record(|area| {
            draw_roofline(area, &data, &Palette::LIGHT, 1.0).unwrap();
        });
        assert!(
            text(&r, "compute peak 4.60 GMAC/s").is_some(),
            "{:?}",
            r.texts
        );
        assert!(text(&r, "memory 6.80 GB/s").is_some());
        assert!(text(&r, "ridge 0.676").is_some());
        for tick in ["0.1", "1", "10", "100"] {
            assert!(text(&r, tick).is_some(), "tick {tick}: {:?}", r.texts);
        }
        let dot = |part: Part| {
            r.dots
                .iter()
                .find(|d| d.2 == rgb(Palette::LIGHT.part(part)))
                .expect("a point per step")
                .0
        };
        let (standard, depthwise) = (dot(Part::Standard), dot(Part::Depthwise));
        assert!(depthwise.0 < standard.0, "lower intensity to the left");
        assert!(depthwise.1 > standard.1, "slower lower down");
        for part in STEPS {
            assert_eq!(
                text(&r, part.name()).unwrap().2,
                rgb(Palette::LIGHT.part(part))
            );
        }
        // The roof: up the memory slope to the ridge, then flat.
        let roof = r
            .paths
            .iter()
            .find(|p| p.1 == rgb(Palette::LIGHT.text) && p.0.len() == 3)
            .expect("the roof");
        let [a, b, c] = [roof.0[0], roof.0[1], roof.0[2]];
        assert!(
            a.1 > b.1 && b.1 == c.1 && a.0 < b.0 && b.0 < c.0,
            "{roof:?}"
        );
    }

    #[test]
    fn ticks_are_plain() {
        assert_eq!(decade_tick(-2.0), "0.01");
        assert_eq!(decade_tick(0.0), "1");
        assert_eq!(decade_tick(3.0), "1k");
        assert_eq!(decade_tick(0.5), "");
        assert_eq!(channel_tick(6.0, &[8, 64]), "64");
        assert_eq!(channel_tick(6.5, &[8, 64]), "");
    }
}
