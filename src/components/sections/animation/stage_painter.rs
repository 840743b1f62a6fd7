//! Paints one frame of the animation stage on a 2D canvas: every tensor, the
//! filled cells so far, and the step just done highlighted. Geometry comes from
//! `stage::layout`, numbers from the calculator's `Example`, colours from the
//! page's palette. A `Frame` is what one paint shows; one function per part of
//! the stage draws it.

use std::cell::Cell;

use sepconv_calc::example::Example;
use sepconv_calc::padding_before;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::components::hooks::use_canvas_paint::{context_2d, Surface};
use crate::palette::{Palette, Rgb};
use crate::stage::{layout, Column, Grid};
use crate::timeline::{Mode, Phase, Step, Timeline};

/// What one paint of the stage shows.
pub struct Frame<'a> {
    /// The timeline animated.
    pub timeline: &'a Timeline,
    /// Steps done so far.
    pub done: usize,
    /// Real numbers for the cells, when the layer is small enough.
    pub example: Option<&'a Example>,
}

impl Frame<'_> {
    /// The step just done, highlighted.
    fn current(&self) -> Option<Step> {
        self.done.checked_sub(1).and_then(|i| self.timeline.step(i))
    }

    /// Whether the output value of `channel` at (row, col) of `phase` is done.
    fn filled(&self, phase: Phase, channel: u64, row: u64, col: u64) -> bool {
        self.timeline.index_of(phase, channel, row, col) < self.done
    }

    /// Zero rows and columns before the input, as the layer pads it.
    fn padding(&self) -> (i64, i64) {
        let layer = self.timeline.layer();
        let (spec, out) = (layer.spec(), layer.output());
        let before = |input, output, kernel| {
            padding_before(
                input,
                output,
                kernel,
                spec.stride,
                spec.dilation,
                spec.padding,
            ) as i64
        };
        (
            before(spec.height, out.height, spec.kernel_height),
            before(spec.width, out.width, spec.kernel_width),
        )
    }
}

/// Draws cells and outlines, setting a colour only when it changes: the canvas
/// parses a colour every time one is set, and a stage has hundreds of cells.
struct Painter<'a> {
    ctx: CanvasRenderingContext2d,
    palette: &'a Palette,
    numbers: bool,
    fill: Cell<Option<Rgb>>,
    stroke: Cell<Option<(Rgb, f64)>>,
}

impl<'a> Painter<'a> {
    fn set_fill(&self, colour: Rgb) {
        if self.fill.replace(Some(colour)) != Some(colour) {
            self.ctx.set_fill_style_str(&colour.css());
        }
    }

    fn set_stroke(&self, colour: Rgb, width: f64) {
        let last = self.stroke.replace(Some((colour, width)));
        if last.map(|l| l.0) != Some(colour) {
            self.ctx.set_stroke_style_str(&colour.css());
        }
        if last.map(|l| l.1) != Some(width) {
            self.ctx.set_line_width(width);
        }
    }

    /// One cell, filled, lined, and with its number when numbers are shown.
    fn cell(&self, grid: &Grid, row: u64, col: u64, fill: Rgb, value: Option<i64>) {
        let (x, y, side) = grid.cell_at(row, col);
        self.set_fill(fill);
        self.ctx.fill_rect(x, y, side, side);
        self.set_stroke(self.palette.grid, 1.0);
        self.ctx
            .stroke_rect(x + 0.5, y + 0.5, side - 1.0, side - 1.0);
        if let (true, Some(v)) = (self.numbers, value) {
            self.set_fill(self.palette.text);
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
        colour: Rgb,
    ) {
        let (x0, y0, _) = grid.cell_at(row0, col0);
        let (x1, y1, side) = grid.cell_at(row1, col1);
        self.set_stroke(colour, (side / 8.0).clamp(2.0, 4.0));
        self.ctx.stroke_rect(x0, y0, x1 + side - x0, y1 + side - y0);
    }

    /// An outline around a whole grid.
    fn frame(&self, grid: &Grid, colour: Rgb) {
        self.outline(grid, (0, 0), (grid.rows - 1, grid.cols - 1), colour);
    }
}

/// Paints `frame` on `canvas`, sized for `surface` (a zoomed stage is the same
/// drawing on a smaller area, scaled up).
pub fn paint(canvas: &HtmlCanvasElement, surface: Surface, palette: &Palette, frame: &Frame) {
    surface.prepare(canvas);
    let zoom = surface.zoom.max(1.0);
    let (width, height) = (surface.size.0 / zoom, surface.size.1 / zoom);
    if width <= 0.0 || height <= 0.0 {
        return;
    }
    let Some(ctx) = context_2d(canvas) else {
        return;
    };
    // Set (not multiply) the transform each frame: `scale` would accumulate.
    let scale = surface.ratio * zoom;
    let _ = ctx.set_transform(scale, 0.0, 0.0, scale, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, width, height);

    let columns = layout(frame.timeline, frame.padding(), width, height);
    let cell = columns
        .first()
        .and_then(|c| c.grids.first())
        .map_or(0.0, |g| g.cell);
    let painter = Painter {
        ctx: ctx.clone(),
        palette,
        numbers: frame.example.is_some() && cell >= 15.0,
        fill: Cell::new(None),
        stroke: Cell::new(None),
    };
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    titles(&ctx, palette, &columns, width);
    ctx.set_font(&format!(
        "{}px system-ui, sans-serif",
        (cell * 0.55).clamp(9.0, 16.0).round()
    ));
    input(&painter, frame, &columns[0].grids);
    match frame.timeline.mode() {
        Mode::Separable => separable(&painter, frame, &columns[1..]),
        Mode::Standard => standard(&painter, frame, &columns[1..]),
    }
}

/// Column titles: two lines and a smaller font where columns are close, and
/// never past the canvas's edges.
fn titles(ctx: &CanvasRenderingContext2d, palette: &Palette, columns: &[Column], width: f64) {
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
    ctx.set_fill_style_str(&palette.text.css());
    let text_width = |t: &str| ctx.measure_text(t).map(|m| m.width()).unwrap_or(0.0);
    for (column, centre) in columns.iter().zip(&centres) {
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
}

/// The input, with its padding ring, and the window the current step reads.
fn input(painter: &Painter, frame: &Frame, grids: &[Grid]) {
    let spec = frame.timeline.layer().spec();
    let pad = frame.padding();
    let palette = painter.palette;
    for (m, grid) in grids.iter().enumerate() {
        let m = m as u64;
        for r in 0..grid.rows {
            for c in 0..grid.cols {
                let (row, col) = (r as i64 - pad.0, c as i64 - pad.1);
                let inside =
                    row >= 0 && col >= 0 && row < spec.height as i64 && col < spec.width as i64;
                let fill = if inside {
                    palette.channel(m)
                } else {
                    palette.padding
                };
                let value = frame.example.map(|e| e.input(m, row, col));
                painter.cell(grid, r, c, fill, value);
            }
        }
        let Some(step) = frame.current() else {
            continue;
        };
        let reads = match step.phase {
            Phase::Depthwise => step.channel / spec.depth_multiplier == m,
            Phase::Standard => true,
            Phase::Pointwise => false,
        };
        if reads {
            let colour = palette.part(step.phase.part());
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

/// The depthwise filters, the intermediate maps, the pointwise filters and the
/// output (`columns` after the input).
fn separable(painter: &Painter, frame: &Frame, columns: &[Column]) {
    let [filters, intermediate, pointwise, output] = columns else {
        return;
    };
    let palette = painter.palette;
    let current = frame.current();
    let window = frame.timeline.window();
    let dm = frame.timeline.layer().spec().depth_multiplier;
    let depthwise = palette.part(sepconv_calc::Part::Depthwise);
    let pointwise_ink = palette.part(sepconv_calc::Part::Pointwise);
    for (j, grid) in filters.grids.iter().enumerate() {
        let j = j as u64;
        for u in 0..grid.rows {
            for v in 0..grid.cols {
                let value = frame.example.map(|e| e.depthwise_weight(j, u, v));
                painter.cell(grid, u, v, palette.surface, value);
            }
        }
        painter.frame(grid, depthwise);
        if current.is_some_and(|s| s.phase == Phase::Depthwise && s.channel == j) {
            painter.frame(grid, palette.text);
        }
    }
    for (j, grid) in intermediate.grids.iter().enumerate() {
        let j = j as u64;
        for r in 0..window.rows {
            for c in 0..window.cols {
                let done = frame.filled(Phase::Depthwise, j, r, c);
                let fill = if done {
                    palette.channel(j / dm)
                } else {
                    palette.surface
                };
                let value = frame
                    .example
                    .filter(|_| done)
                    .map(|e| e.intermediate(j, r, c));
                painter.cell(grid, r, c, fill, value);
            }
        }
        match current {
            Some(s) if s.phase == Phase::Depthwise && s.channel == j => {
                painter.outline(grid, (s.row, s.col), (s.row, s.col), depthwise)
            }
            Some(s) if s.phase == Phase::Pointwise => {
                painter.outline(grid, (s.row, s.col), (s.row, s.col), pointwise_ink)
            }
            _ => {}
        }
    }
    for (n, grid) in pointwise.grids.iter().enumerate() {
        let n = n as u64;
        for j in 0..grid.rows {
            let value = frame.example.map(|e| e.pointwise_weight(n, j));
            painter.cell(grid, j, 0, palette.surface, value);
        }
        painter.frame(grid, pointwise_ink);
        if current.is_some_and(|s| s.phase == Phase::Pointwise && s.channel == n) {
            painter.frame(grid, palette.text);
        }
    }
    outputs(painter, frame, &output.grids, Phase::Pointwise);
}

/// The standard filters, each its input-channel slices side by side, and the
/// output (`columns` after the input).
fn standard(painter: &Painter, frame: &Frame, columns: &[Column]) {
    let [filters, output] = columns else {
        return;
    };
    let palette = painter.palette;
    let window = frame.timeline.window();
    let k = window.taps_cols;
    let current = frame.current();
    for (n, grid) in filters.grids.iter().enumerate() {
        let n = n as u64;
        let colour = if current.is_some_and(|s| s.channel == n) {
            palette.text
        } else {
            palette.part(sepconv_calc::Part::Standard)
        };
        for m in 0..window.inputs {
            for u in 0..grid.rows {
                for v in 0..k {
                    let value = frame.example.map(|e| e.standard_weight(n, m, u, v));
                    painter.cell(grid, u, m * (k + 1) + v, palette.channel(m), value);
                }
            }
            let first = m * (k + 1);
            painter.outline(grid, (0, first), (grid.rows - 1, first + k - 1), colour);
        }
    }
    outputs(painter, frame, &output.grids, Phase::Standard);
}

/// The output maps, filled as the steps of `phase` are done.
fn outputs(painter: &Painter, frame: &Frame, grids: &[Grid], phase: Phase) {
    let palette = painter.palette;
    let part = match phase {
        Phase::Standard => sepconv_calc::Part::Standard,
        _ => sepconv_calc::Part::Separable,
    };
    for (n, grid) in grids.iter().enumerate() {
        let n = n as u64;
        for r in 0..grid.rows {
            for c in 0..grid.cols {
                let done = frame.filled(phase, n, r, c);
                let value = frame.example.filter(|_| done).map(|e| match phase {
                    Phase::Standard => e.standard_output(n, r, c),
                    _ => e.output(n, r, c),
                });
                let fill = if done {
                    palette.channels[4]
                } else {
                    palette.surface
                };
                painter.cell(grid, r, c, fill, value);
            }
        }
        painter.frame(grid, palette.part(part));
        if let Some(s) = frame
            .current()
            .filter(|s| s.phase == phase && s.channel == n)
        {
            painter.outline(grid, (s.row, s.col), (s.row, s.col), palette.text);
        }
    }
}
