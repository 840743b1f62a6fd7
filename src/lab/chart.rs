//! The lab's charts, drawn with plotters on any backend (a canvas in the page,
//! a recorder in native tests), in the style of `crate::chart`:
//!
//! - the frontier: test accuracy against MACs per image (log scale) for both
//!   families over their widths, mean ± sd over seeds, in the manner of the
//!   MobileNet paper's accuracy-against-mult-adds plot; a live run's nets land
//!   on it as hollow marks;
//! - a live run's training curves: loss or accuracy against epochs, both nets.
//!
//! Shapes as on the page's other accuracy chart: standard nets are squares,
//! separable ones circles, so colour is never the only carrier.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use sepconv_calc::format::thousands;
use sepconv_calc::Part;
use sepconv_train::Family;

use super::results::{self, Run};
use super::{alpha_text, LabData};
use crate::chart::{chart_font, draw_axes, extent, place_labels, short, Axes, Ink};
use crate::palette::Palette;

/// The concept colour of a family.
pub fn part(family: Family) -> Part {
    match family {
        Family::Standard => Part::Standard,
        Family::Separable => Part::Separable,
    }
}

/// One width of one family on the frontier.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontierPoint {
    /// MACs per image (the calculator's count).
    pub macs: u64,
    /// Mean test accuracy over the seeds, percent.
    pub mean: f64,
    /// Its sample standard deviation, percentage points.
    pub sd: f64,
    /// "α 0.25".
    pub label: String,
}

/// One family over its widths, cheapest first.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontierLine {
    /// Which family.
    pub family: Family,
    /// Its points.
    pub points: Vec<FrontierPoint>,
}

/// A net of a live run, tested: where it lands on the frontier.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LivePoint {
    /// Which net.
    pub family: Family,
    /// Its MACs per image.
    pub macs: u64,
    /// Its latest test accuracy, percent.
    pub accuracy: f64,
}

/// What the frontier chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Frontier {
    /// Both families, standard first.
    pub lines: Vec<FrontierLine>,
    /// A live run's nets, once tested.
    pub live: Vec<LivePoint>,
}

impl Frontier {
    /// The measured frontier on `data`, with a live run's points.
    pub fn of(data: LabData, live: Vec<LivePoint>) -> Frontier {
        let point = |r: &Run| FrontierPoint {
            macs: r.calculator.macs,
            mean: r.accuracy.mean * 100.0,
            sd: r.accuracy.sd * 100.0,
            label: format!("α {}", alpha_text(r.alpha)),
        };
        let lines = Family::ALL
            .into_iter()
            .map(|family| FrontierLine {
                family,
                points: results::frontier(data, family)
                    .into_iter()
                    .map(point)
                    .collect(),
            })
            .collect();
        Frontier { lines, live }
    }

    /// The chart in words, for screen readers: every point with its spread.
    pub fn describe(&self, data: LabData) -> String {
        let lines: Vec<String> = self
            .lines
            .iter()
            .map(|line| {
                let points: Vec<String> = line
                    .points
                    .iter()
                    .map(|p| {
                        format!(
                            "{} {:.1} ± {:.1} % at {} MACs",
                            p.label,
                            p.mean,
                            p.sd,
                            thousands(p.macs)
                        )
                    })
                    .collect();
                format!("{} nets: {}", line.family.name(), points.join(", "))
            })
            .collect();
        let live: Vec<String> = self
            .live
            .iter()
            .map(|p| {
                format!(
                    "; your {} net {:.1} % at {} MACs",
                    p.family.name(),
                    p.accuracy,
                    thousands(p.macs)
                )
            })
            .collect();
        format!(
            "Line chart of {} test accuracy against multiply-accumulates per image, log scale, mean ± standard deviation over seeds. {}{}.",
            data.name(),
            lines.join("; "),
            live.concat()
        )
    }
}

/// A square (standard) or a circle (separable) at `at`, filled or hollow.
fn mark<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    family: Family,
    at: (i32, i32),
    half: i32,
    style: ShapeStyle,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    match family {
        Family::Standard => area.draw(&Rectangle::new(
            [(at.0 - half, at.1 - half), (at.0 + half, at.1 + half)],
            style,
        )),
        Family::Separable => area.draw(&Circle::new(at, half, style)),
    }
}

/// A legend of both families at `corner` of the plotting area (top left in
/// pixels), each with its mark: shape and name, not colour alone.
fn legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    palette: &Palette,
    scale: f64,
    corner: (i32, i32),
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let px = |v: f64| (v * scale).round() as i32;
    for (i, family) in Family::ALL.into_iter().enumerate() {
        let colour = palette.part(part(family)).color();
        let y = corner.1 + px(10.0 + 18.0 * i as f64);
        mark(
            area,
            family,
            (corner.0 + px(10.0), y),
            px(5.0),
            colour.filled(),
        )?;
        let style = chart_font(12.0 * scale)
            .color(&palette.text.color())
            .pos(Pos::new(HPos::Left, VPos::Center));
        area.draw_text(family.name(), &style, (corner.0 + px(22.0), y))?;
    }
    Ok(())
}

/// Test accuracy (y, percent) against MACs per image (x, log scale): one line
/// per family through its widths, each point's mean with a bar of ± one
/// standard deviation, its width written beside it where it fits; a live
/// run's nets as hollow marks.
pub fn draw_frontier<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frontier: &Frontier,
    palette: &Palette,
    scale: f64,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let px = |v: f64| (v * scale).round() as i32;
    let font = |size: f64| chart_font(size * scale);
    let log = |macs: u64| (macs.max(1) as f64).log10();
    let points = frontier.lines.iter().flat_map(|l| &l.points);
    let xs = points
        .clone()
        .map(|p| log(p.macs))
        .chain(frontier.live.iter().map(|p| log(p.macs)));
    let ys = points
        .clone()
        .flat_map(|p| [p.mean - p.sd, p.mean + p.sd])
        .chain(frontier.live.iter().map(|p| p.accuracy));
    let (Some((x_lo, x_hi)), Some((y_lo, y_hi))) = (extent(xs), extent(ys)) else {
        return Ok(());
    };
    let (x0, x1) = ((x_lo - 0.15).floor(), (x_hi + 0.15).ceil());
    let (y0, y1) = (
        (y_lo - 1.5).floor().max(0.0),
        (y_hi + 1.5).ceil().min(100.0),
    );
    let mut chart = ChartBuilder::on(area)
        .margin(px(10.0))
        .margin_right(px(24.0))
        .x_label_area_size(px(36.0))
        .y_label_area_size(px(44.0))
        .build_cartesian_2d(x0..x1, y0..y1)?;
    let x_label = |v: &f64| short(10f64.powf(*v).round());
    let y_label = |v: &f64| format!("{v:.0} %");
    draw_axes(
        &mut chart,
        Axes {
            x_labels: (x1 - x0) as usize + 1,
            y_labels: None,
            x_label: &x_label,
            y_label: &y_label,
            description: "MACs per image (log scale); test accuracy up",
        },
        palette,
        scale,
    )?;
    let line_width = px(2.0).max(1) as u32;
    let half = px(4.5);
    let cap = px(4.0);
    let mut centres = Vec::new();
    let mut labels = Vec::new();
    for line in &frontier.lines {
        let colour = palette.part(part(line.family)).color();
        chart.draw_series(LineSeries::new(
            line.points.iter().map(|p| (log(p.macs), p.mean)),
            colour.stroke_width(line_width),
        ))?;
        for p in &line.points {
            let (top, bottom) = (
                chart.backend_coord(&(log(p.macs), p.mean + p.sd)),
                chart.backend_coord(&(log(p.macs), p.mean - p.sd)),
            );
            for path in [
                vec![top, bottom],
                vec![(top.0 - cap, top.1), (top.0 + cap, top.1)],
                vec![(bottom.0 - cap, bottom.1), (bottom.0 + cap, bottom.1)],
            ] {
                area.draw(&PathElement::new(path, colour.stroke_width(line_width)))?;
            }
            let centre = chart.backend_coord(&(log(p.macs), p.mean));
            mark(area, line.family, centre, half, colour.filled())?;
            centres.push(centre);
            labels.push(p.label.as_str());
        }
    }
    for p in &frontier.live {
        let colour = palette.part(part(p.family)).color();
        let centre = chart.backend_coord(&(log(p.macs), p.accuracy));
        mark(
            area,
            p.family,
            centre,
            px(7.0),
            colour.stroke_width(line_width),
        )?;
    }
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    legend(area, palette, scale, (xs.start, ys.start))?;
    // The widths, where they fit clear of every mark, error bar end and label.
    let style = font(11.0)
        .color(&palette.text.color())
        .pos(Pos::new(HPos::Left, VPos::Top));
    let sizes = labels
        .iter()
        .map(|l| {
            let (w, h) = area.estimate_text_size(l, &style)?;
            Ok((w as i32, h as i32))
        })
        .collect::<Result<Vec<_>, DrawingAreaErrorKind<DB::ErrorType>>>()?;
    // The legend's corner is taken.
    let bounds = (xs.start + px(96.0), ys.start, xs.end, ys.end);
    let spots = place_labels(&centres, &sizes, half + px(1.0), px(3.0), bounds);
    for (label, spot) in labels.iter().zip(&spots) {
        if let Some(rect) = spot {
            area.draw_text(label, &style, (rect.0, rect.1))?;
        }
    }
    Ok(())
}

/// Which curve: the loss, or the accuracy in percent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// Mean cross-entropy loss of each training batch.
    Loss,
    /// Share of each training batch classified correctly, percent.
    Accuracy,
}

impl Metric {
    /// The value a step's report gives for this metric.
    pub fn of(self, loss: f32, accuracy: f32) -> f64 {
        match self {
            Metric::Loss => f64::from(loss),
            Metric::Accuracy => f64::from(accuracy) * 100.0,
        }
    }

    /// "training loss", "training accuracy".
    pub fn name(self) -> &'static str {
        match self {
            Metric::Loss => "training loss",
            Metric::Accuracy => "training accuracy",
        }
    }
}

/// A live run's curves of one metric: (epochs done, value) per step.
#[derive(Debug, Clone, PartialEq)]
pub struct Curves {
    /// Which metric.
    pub metric: Metric,
    /// Epochs the run trains (the x axis' end).
    pub epochs: u32,
    /// The standard net's steps.
    pub standard: Vec<(f64, f64)>,
    /// The separable net's steps.
    pub separable: Vec<(f64, f64)>,
}

impl Curves {
    /// The curves in words: empty, or where each net is now.
    pub fn describe(&self) -> String {
        let now = |family: Family, steps: &[(f64, f64)]| {
            steps.last().map(|&(at, value)| match self.metric {
                Metric::Loss => format!("{} net {value:.3} after {at:.2} epochs", family.name()),
                Metric::Accuracy => {
                    format!("{} net {value:.1} % after {at:.2} epochs", family.name())
                }
            })
        };
        let nets: Vec<String> = [
            now(Family::Standard, &self.standard),
            now(Family::Separable, &self.separable),
        ]
        .into_iter()
        .flatten()
        .collect();
        if nets.is_empty() {
            format!(
                "Line chart of the {} against epochs, empty: no run yet.",
                self.metric.name()
            )
        } else {
            format!(
                "Line chart of the {} against epochs: {}.",
                self.metric.name(),
                nets.join(", ")
            )
        }
    }
}

/// The curves of both nets against epochs; with no steps yet, the empty axes
/// and "No run yet".
pub fn draw_curves<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    curves: &Curves,
    palette: &Palette,
    scale: f64,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let px = |v: f64| (v * scale).round() as i32;
    let font = |size: f64| chart_font(size * scale);
    let steps = curves.standard.iter().chain(&curves.separable);
    let y1 = match curves.metric {
        Metric::Accuracy => 100.0,
        Metric::Loss => steps
            .map(|p| p.1)
            .filter(|v| v.is_finite())
            .fold(2.5f64, f64::max)
            .ceil(),
    };
    let x1 = f64::from(curves.epochs.max(1));
    let mut chart = ChartBuilder::on(area)
        .margin(px(10.0))
        .margin_right(px(16.0))
        .x_label_area_size(px(34.0))
        .y_label_area_size(px(44.0))
        .build_cartesian_2d(0f64..x1, 0f64..y1)?;
    let y_label = |v: &f64| match curves.metric {
        Metric::Loss => format!("{v:.1}"),
        Metric::Accuracy => format!("{v:.0} %"),
    };
    let x_label = |v: &f64| format!("{v:.0}");
    draw_axes(
        &mut chart,
        Axes {
            x_labels: curves.epochs.clamp(1, 10) as usize + 1,
            y_labels: Some(6),
            x_label: &x_label,
            y_label: &y_label,
            description: &format!("epochs; {}", curves.metric.name()),
        },
        palette,
        scale,
    )?;
    for (family, steps) in [
        (Family::Standard, &curves.standard),
        (Family::Separable, &curves.separable),
    ] {
        let colour = palette.part(part(family)).color();
        chart.draw_series(LineSeries::new(
            steps.iter().copied(),
            colour.stroke_width(px(2.0).max(1) as u32),
        ))?;
    }
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    if curves.standard.is_empty() && curves.separable.is_empty() {
        let style = font(14.0)
            .color(&palette.text.color())
            .pos(Pos::new(HPos::Center, VPos::Center));
        area.draw_text(
            "No run yet",
            &style,
            ((xs.start + xs.end) / 2, (ys.start + ys.end) / 2),
        )?;
    }
    // Loss falls and accuracy rises: the legend takes the corner they leave.
    let corner = match curves.metric {
        Metric::Loss => (xs.end - px(110.0), ys.start),
        Metric::Accuracy => (xs.end - px(110.0), ys.end - px(46.0)),
    };
    legend(area, palette, scale, corner)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::chart::recorder::{rgb, Recorded, Recorder};

    /// A drawing function of this module, as the tests call it.
    type Draw<D> = fn(
        &DrawingArea<Recorder, Shift>,
        &D,
        &Palette,
        f64,
    ) -> Result<(), DrawingAreaErrorKind<std::convert::Infallible>>;

    fn record<D>(data: &D, draw: Draw<D>) -> Recorded {
        let recorder = Recorder::default();
        let recorded = recorder.0.clone();
        draw(&recorder.into_drawing_area(), data, &Palette::LIGHT, 1.0).unwrap();
        recorded.take()
    }

    fn has_text(r: &Recorded, text: &str) -> bool {
        r.texts.iter().any(|(t, _, _)| t == text)
    }

    #[test]
    fn the_frontier_draws_each_measured_point_with_its_spread() {
        let frontier = Frontier::of(LabData::FashionMnist, Vec::new());
        let r = record(&frontier, draw_frontier);
        let (standard, separable) = (
            rgb(Palette::LIGHT.part(Part::Standard)),
            rgb(Palette::LIGHT.part(Part::Separable)),
        );
        // Every measured point has its mark: squares for standard nets, circles
        // for separable ones (plus one of each in the legend).
        let count = |f: Family| frontier.lines[f as usize].points.len();
        let squares = r.bars.iter().filter(|b| b.2 == standard).count();
        let circles = r.dots.iter().filter(|d| d.2 == separable).count();
        assert_eq!(squares, count(Family::Standard) + 1);
        assert_eq!(circles, count(Family::Separable) + 1);
        // One line per family through its points, in its colour, and three
        // strokes (bar and caps) per point.
        let strokes = |c| r.paths.iter().filter(|l| l.1 == c).count();
        assert_eq!(strokes(standard), 1 + 3 * count(Family::Standard));
        assert_eq!(strokes(separable), 1 + 3 * count(Family::Separable));
        // Error bars as long as two standard deviations: the widest spread
        // draws the longest bar.
        let bars: Vec<i32> = r
            .paths
            .iter()
            .filter(|l| l.1 == separable && l.0.len() == 2 && l.0[0].0 == l.0[1].0)
            .map(|l| (l.0[1].1 - l.0[0].1).abs())
            .collect();
        let sds: Vec<f64> = frontier.lines[1].points.iter().map(|p| p.sd).collect();
        let widest = sds
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .unwrap()
            .0;
        let longest = bars.iter().enumerate().max_by_key(|b| *b.1).unwrap().0;
        assert_eq!(widest, longest, "{sds:?} {bars:?}");
        // Cheaper nets to the left, on a log axis with decades in MACs.
        for tick in ["100k", "1M", "10M"] {
            assert!(has_text(&r, tick), "tick {tick}: {:?}", r.texts);
        }
        assert!(has_text(&r, "standard") && has_text(&r, "separable"));
        assert!(
            has_text(&r, "α 0.25") || has_text(&r, "α 2"),
            "{:?}",
            r.texts
        );
        let first = |c| r.paths.iter().find(|l| l.1 == c && l.0.len() > 2).unwrap();
        let xs: Vec<i32> = first(separable).0.iter().map(|p| p.0).collect();
        assert!(xs.windows(2).all(|w| w[0] < w[1]), "{xs:?}");
    }

    #[test]
    fn a_live_run_lands_as_hollow_marks() {
        let live = vec![LivePoint {
            family: Family::Separable,
            macs: 497_504,
            accuracy: 80.0,
        }];
        let frontier = Frontier::of(LabData::FashionMnist, live);
        let described = frontier.describe(LabData::FashionMnist);
        assert!(
            described.contains("your separable net 80.0 % at 497,504 MACs"),
            "{described}"
        );
        assert!(
            described.contains("α 0.25 73.8 ± 1.8 % at 62,168 MACs"),
            "{described}"
        );
        let with = record(&frontier, draw_frontier);
        let without = record(
            &Frontier::of(LabData::FashionMnist, Vec::new()),
            draw_frontier,
        );
        // A hollow circle is not recorded as a filled dot: same filled marks.
        assert_eq!(with.dots.len(), without.dots.len());
    }

    #[test]
    fn curves_start_empty_and_follow_the_steps() {
        let mut curves = Curves {
            metric: Metric::Loss,
            epochs: 3,
            standard: Vec::new(),
            separable: Vec::new(),
        };
        let r = record(&curves, draw_curves);
        assert!(has_text(&r, "No run yet"));
        assert!(curves.describe().ends_with("empty: no run yet."));
        curves.standard = vec![(0.5, 2.2), (1.0, 1.1)];
        curves.separable = vec![(0.5, 2.3)];
        let r = record(&curves, draw_curves);
        assert!(!has_text(&r, "No run yet"));
        let standard = rgb(Palette::LIGHT.part(Part::Standard));
        let line = r
            .paths
            .iter()
            .find(|l| l.1 == standard && l.0.len() == 2)
            .unwrap();
        assert!(
            line.0[0].0 < line.0[1].0 && line.0[0].1 < line.0[1].1,
            "falls to the right"
        );
        assert_eq!(
            curves.describe(),
            "Line chart of the training loss against epochs: standard net 1.100 after 1.00 epochs, separable net 2.300 after 0.50 epochs."
        );
        for tick in ["0", "1", "2", "3"] {
            assert!(has_text(&r, tick), "{tick}: {:?}", r.texts);
        }
    }
}
