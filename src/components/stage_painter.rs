//! Paints one frame of the animation stage on a 2D canvas: every tensor, the
//! filled cells so far, and the step just done highlighted. Geometry comes from
//! `stage::layout`, numbers from the calculator's `Example`.

use std::cell::Cell;

use sepconv_calc::example::Example;
use sepconv_calc::padding_before;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::chart_canvas::Theme;
use super::print::context_2d;
use crate::stage::{layout, Grid};
use crate::timeline::{Mode, Phase, Step, Timeline};

/// Colours from the stylesheet (any CSS colour string works on a canvas). Read
/// once per theme change, not per frame: `getComputedStyle` is slow.
#[derive(Debug, Clone, PartialEq)]
pub struct Colours {
    text: String,
    grid: String,
    surface: String,
    padding: String,
    depthwise: String,
    pointwise: String,
    standard: String,
    separable: String,
    channels: [String; 5],
}

impl Colours {
    /// The stage's colours from the theme.
    pub fn read(theme: &Theme) -> Colours {
        let read =
            |name: &str, fallback: &str| theme.get(name).unwrap_or_else(|| fallback.to_string());
        Colours {
            text: read("--text", "#1d232b"),
            grid: read("--grid", "#d5dbe3"),
            surface: read("--surface", "#ffffff"),
            padding: read("--padding-cell", "#eef0f3"),
            depthwise: read("--depthwise", "#007f73"),
            pointwise: read("--pointwise", "#b05500"),
            standard: read("--standard", "#5b677a"),
            separable: read("--separable", "#6d3fc9"),
            channels: [
                read("--channel-0", "#dbe7f5"),
                read("--channel-1", "#dcefdc"),
                read("--channel-2", "#f7ecd0"),
                read("--channel-3", "#f3dde6"),
                read("--channel-4", "#e6e0f5"),
            ],
        }
    }
}

struct Painter<'a> {
    ctx: CanvasRenderingContext2d,
    colours: &'a Colours,
    numbers: bool,
    /// The fill, and the stroke and its width, last set: the canvas parses a
    /// colour every time one is set, and a stage has hundreds of cells.
    fill: Cell<&'a str>,
    stroke: Cell<(&'a str, f64)>,
}

impl<'a> Painter<'a> {
    fn new(ctx: CanvasRenderingContext2d, colours: &'a Colours, numbers: bool) -> Painter<'a> {
        Painter {
            ctx,
            colours,
            numbers,
            fill: Cell::new(""),
            stroke: Cell::new(("", 0.0)),
        }
    }

    fn set_fill(&self, colour: &'a str) {
        if self.fill.replace(colour) != colour {
            self.ctx.set_fill_style_str(colour);
        }
    }

    fn set_stroke(&self, colour: &'a str, width: f64) {
        let (last, last_width) = self.stroke.replace((colour, width));
        if last != colour {
            self.ctx.set_stroke_style_str(colour);
        }
        if last_width != width {
            self.ctx.set_line_width(width);
        }
    }

    fn cell(&self, grid: &Grid, row: u64, col: u64, fill: &'a str, value: Option<i64>) {
        let (x, y, side) = grid.cell_at(row, col);
        self.set_fill(fill);
        self.ctx.fill_rect(x, y, side, side);
        self.set_stroke(&self.colours.grid, 1.0);
        self.ctx
            .stroke_rect(x + 0.5, y + 0.5, side - 1.0, side - 1.0);
        if let (true, Some(v)) = (self.numbers, value) {
            self.set_fill(&self.colours.text);
            let _ = self
                .ctx
                .fill_text(&v.to_string(), x + side / 2.0, y + side / 2.0 + 0.5);
        }
    }

    /// A thick outline around cells (row0..=row1, col0..=col1) of a grid.
    fn outline(
        &self,
        grid: &Grid,
        (row0, col0): (u64, u64),
        (row1, col1): (u64, u64),
        colour: &'a str,
    ) {
        let (x0, y0, _) = grid.cell_at(row0, col0);
        let (x1, y1, side) = grid.cell_at(row1, col1);
        self.set_stroke(colour, (side / 8.0).clamp(2.0, 4.0));
        self.ctx.stroke_rect(x0, y0, x1 + side - x0, y1 + side - y0);
    }

    fn channel(&self, j: u64) -> &'a str {
        &self.colours.channels[(j % 5) as usize]
    }
}

/// Paints `timeline` after `done` steps on the stage, whose CSS size is
/// `width`×`height`; text and lines are `zoom` times their normal size. The step
/// just done is highlighted.
pub fn paint(
    canvas: &HtmlCanvasElement,
    (width, height): (f64, f64),
    colours: &Colours,
    timeline: &Timeline,
    done: usize,
    example: Option<&Example>,
    zoom: f64,
) {
    let ratio = web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .unwrap_or(1.0)
        .max(1.0);
    let (pixel_w, pixel_h) = (
        (width * ratio).round() as u32,
        (height * ratio).round() as u32,
    );
    if canvas.width() != pixel_w || canvas.height() != pixel_h {
        canvas.set_width(pixel_w);
        canvas.set_height(pixel_h);
    }
    // A zoomed stage is the same drawing on a smaller area, scaled up.
    let zoom = zoom.max(1.0);
    draw(
        canvas,
        (width / zoom, height / zoom),
        ratio * zoom,
        colours,
        timeline,
        done,
        example,
    );
}

/// Paints a still frame on a canvas of its own (not on the page), `width`×`height`
/// CSS pixels at `ratio` device pixels each: for print.
pub fn paint_still(
    canvas: &HtmlCanvasElement,
    (width, height): (f64, f64),
    ratio: f64,
    colours: &Colours,
    timeline: &Timeline,
    done: usize,
    example: Option<&Example>,
) {
    canvas.set_width((width * ratio).round() as u32);
    canvas.set_height((height * ratio).round() as u32);
    draw(
        canvas,
        (width, height),
        ratio,
        colours,
        timeline,
        done,
        example,
    );
}

/// Draws a frame in a `width`×`height` coordinate space, `scale` device pixels
/// per unit.
fn draw(
    canvas: &HtmlCanvasElement,
    (width, height): (f64, f64),
    scale: f64,
    colours: &Colours,
    timeline: &Timeline,
    done: usize,
    example: Option<&Example>,
) {
    if width <= 0.0 || height <= 0.0 {
        return;
    }
    let Some(ctx) = context_2d(canvas) else {
        return;
    };
    // Set (not multiply) the transform each frame: `scale` would accumulate.
    let _ = ctx.set_transform(scale, 0.0, 0.0, scale, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, width, height);

    let layer = timeline.layer();
    let spec = layer.spec();
    let out = layer.output();
    let pad = (
        padding_before(
            spec.height,
            out.height,
            spec.kernel_height,
            spec.stride,
            spec.dilation,
            spec.padding,
        ) as i64,
        padding_before(
            spec.width,
            out.width,
            spec.kernel_width,
            spec.stride,
            spec.dilation,
            spec.padding,
        ) as i64,
    );
    let columns = layout(timeline, pad, width, height);
    let cell = columns
        .first()
        .and_then(|c| c.grids.first())
        .map(|g| g.cell)
        .unwrap_or(0.0);
    let painter = Painter::new(ctx.clone(), colours, example.is_some() && cell >= 15.0);
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");

    // Column titles: two lines and a smaller font where columns are close, and
    // never past the canvas's edges.
    let centres: Vec<f64> = columns
        .iter()
        .map(|c| {
            c.grids.iter().map(|g| g.x + g.width() / 2.0).sum::<f64>() / c.grids.len().max(1) as f64
        })
        .collect();
    let pitch = centres
        .windows(2)
        .map(|w| w[1] - w[0])
        .fold(f64::INFINITY, f64::min);
    ctx.set_font(if pitch < 90.0 {
        "600 10px system-ui, sans-serif"
    } else {
        "600 13px system-ui, sans-serif"
    });
    ctx.set_fill_style_str(&colours.text);
    for (column, centre) in columns.iter().zip(&centres) {
        let text_width = |t: &str| ctx.measure_text(t).map(|m| m.width()).unwrap_or(0.0);
        let lines: Vec<&str> = match column.title.split_once(' ') {
            Some((first, second)) if text_width(column.title) > pitch - 8.0 => vec![first, second],
            _ => vec![column.title],
        };
        for (i, line) in lines.iter().enumerate() {
            let half = text_width(line) / 2.0;
            let x = centre.clamp(half + 2.0, (width - half - 2.0).max(half + 2.0));
            let y = if lines.len() == 1 {
                17.0
            } else {
                9.0 + 16.0 * i as f64
            };
            let _ = ctx.fill_text(line, x, y);
        }
    }
    ctx.set_font(&format!(
        "{}px system-ui, sans-serif",
        (cell * 0.55).clamp(9.0, 16.0).round()
    ));

    let current: Option<Step> = done.checked_sub(1).and_then(|i| timeline.step(i));
    let filled = |phase, channel, row, col| timeline.index_of(phase, channel, row, col) < done;
    let w = timeline.window();
    let dm = spec.depth_multiplier;

    // The input, with its padding ring, and the window of the current step.
    let input = &columns[0].grids;
    for (m, grid) in input.iter().enumerate() {
        let m = m as u64;
        for r in 0..grid.rows {
            for c in 0..grid.cols {
                let (row, col) = (r as i64 - pad.0, c as i64 - pad.1);
                let inside =
                    row >= 0 && col >= 0 && row < spec.height as i64 && col < spec.width as i64;
                let fill = if inside {
                    painter.channel(m)
                } else {
                    colours.padding.as_str()
                };
                painter.cell(grid, r, c, fill, example.map(|e| e.input(m, row, col)));
            }
        }
        if let Some(step) = current {
            let covers = match step.phase {
                Phase::Depthwise => step.channel / dm == m,
                Phase::Standard => true,
                Phase::Pointwise => false,
            };
            let colour = if step.phase == Phase::Standard {
                &colours.standard
            } else {
                &colours.depthwise
            };
            if covers {
                let top = (step.row * spec.stride, step.col * spec.stride);
                let extent = (
                    spec.dilation * (spec.kernel_height - 1),
                    spec.dilation * (spec.kernel_width - 1),
                );
                let bottom = (
                    (top.0 + extent.0).min(grid.rows - 1),
                    (top.1 + extent.1).min(grid.cols - 1),
                );
                painter.outline(grid, top, bottom, colour);
            }
        }
    }

    match timeline.mode() {
        Mode::Separable => {
            let (filters, intermediate, pointwise, output) = (
                &columns[1].grids,
                &columns[2].grids,
                &columns[3].grids,
                &columns[4].grids,
            );
            for (j, grid) in filters.iter().enumerate() {
                let j = j as u64;
                for u in 0..grid.rows {
                    for v in 0..grid.cols {
                        painter.cell(
                            grid,
                            u,
                            v,
                            &colours.surface,
                            example.map(|e| e.depthwise_weight(j, u, v)),
                        );
                    }
                }
                let active = current.is_some_and(|s| s.phase == Phase::Depthwise && s.channel == j);
                painter.outline(
                    grid,
                    (0, 0),
                    (grid.rows - 1, grid.cols - 1),
                    &colours.depthwise,
                );
                if active {
                    painter.outline(grid, (0, 0), (grid.rows - 1, grid.cols - 1), &colours.text);
                }
            }
            for (j, grid) in intermediate.iter().enumerate() {
                let j = j as u64;
                for r in 0..w.rows {
                    for c in 0..w.cols {
                        let done_here = filled(Phase::Depthwise, j, r, c);
                        let fill = if done_here {
                            painter.channel(j / dm)
                        } else {
                            colours.surface.as_str()
                        };
                        let value = example
                            .filter(|_| done_here)
                            .map(|e| e.intermediate(j, r, c));
                        painter.cell(grid, r, c, fill, value);
                    }
                }
                if let Some(s) = current {
                    if (s.phase == Phase::Depthwise && s.channel == j)
                        || s.phase == Phase::Pointwise
                    {
                        let colour = if s.phase == Phase::Depthwise {
                            &colours.depthwise
                        } else {
                            &colours.pointwise
                        };
                        painter.outline(grid, (s.row, s.col), (s.row, s.col), colour);
                    }
                }
            }
            for (n, grid) in pointwise.iter().enumerate() {
                let n = n as u64;
                for j in 0..grid.rows {
                    painter.cell(
                        grid,
                        j,
                        0,
                        &colours.surface,
                        example.map(|e| e.pointwise_weight(n, j)),
                    );
                }
                painter.outline(grid, (0, 0), (grid.rows - 1, 0), &colours.pointwise);
                if current.is_some_and(|s| s.phase == Phase::Pointwise && s.channel == n) {
                    painter.outline(grid, (0, 0), (grid.rows - 1, 0), &colours.text);
                }
            }
            paint_output(
                &painter,
                output,
                timeline,
                done,
                current,
                Phase::Pointwise,
                &colours.separable,
                example,
            );
        }
        Mode::Standard => {
            let (filters, output) = (&columns[1].grids, &columns[2].grids);
            let k = w.taps_cols;
            for (n, grid) in filters.iter().enumerate() {
                let n = n as u64;
                for m in 0..w.inputs {
                    for u in 0..grid.rows {
                        for v in 0..k {
                            let value = example.map(|e| e.standard_weight(n, m, u, v));
                            painter.cell(grid, u, m * (k + 1) + v, painter.channel(m), value);
                        }
                    }
                    let first = m * (k + 1);
                    let colour = if current.is_some_and(|s| s.channel == n) {
                        &colours.text
                    } else {
                        &colours.standard
                    };
                    painter.outline(grid, (0, first), (grid.rows - 1, first + k - 1), colour);
                }
            }
            paint_output(
                &painter,
                output,
                timeline,
                done,
                current,
                Phase::Standard,
                &colours.standard,
                example,
            );
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn paint_output<'a>(
    painter: &Painter<'a>,
    grids: &[Grid],
    timeline: &Timeline,
    done: usize,
    current: Option<Step>,
    phase: Phase,
    colour: &'a str,
    example: Option<&Example>,
) {
    for (n, grid) in grids.iter().enumerate() {
        let n = n as u64;
        for r in 0..grid.rows {
            for c in 0..grid.cols {
                let done_here = timeline.index_of(phase, n, r, c) < done;
                let value = example.filter(|_| done_here).map(|e| match phase {
                    Phase::Standard => e.standard_output(n, r, c),
                    _ => e.output(n, r, c),
                });
                let fill = if done_here {
                    painter.colours.channels[4].as_str()
                } else {
                    painter.colours.surface.as_str()
                };
                painter.cell(grid, r, c, fill, value);
            }
        }
        painter.outline(grid, (0, 0), (grid.rows - 1, grid.cols - 1), colour);
        if let Some(s) = current.filter(|s| s.phase == phase && s.channel == n) {
            painter.outline(grid, (s.row, s.col), (s.row, s.col), &painter.colours.text);
        }
    }
}
