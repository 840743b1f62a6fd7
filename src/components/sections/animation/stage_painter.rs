//! Paints one frame of the animation stage on a 2D canvas: every tensor, the
//! filled cells so far, and the step just done highlighted. Geometry comes from
//! `stage::layout`, numbers from the calculator's `Example`, colours from the
//! page's palette. A `Frame` is what one paint shows; one function per column
//! role draws it.

use std::cell::Cell;

use sepconv_calc::example::Example;
use sepconv_calc::{padding_before, Part};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::components::hooks::use_canvas_paint::{context_2d, Surface};
use crate::palette::{Palette, Rgb};
use crate::stage::{digit_size, layout, spread, Column, Grid, Role, NUMBER_ROOM};
use crate::timeline::{Mode, Phase, Step, Timeline};

/// What one paint of the stage shows.
#[derive(Clone, Copy)]
pub struct Frame<'a> {
    /// The timeline animated.
    pub timeline: Timeline,
    /// Steps done so far.
    pub done: usize,
    /// Real numbers for the cells, when the layer has them.
    pub example: Option<&'a Example>,
    /// A close-up: only what the current step reads and writes, in big cells
    /// (presenter mode).
    pub close_up: bool,
}

impl<'a> Frame<'a> {
    /// The way of computing the layer that `mode` runs, and how far it has
    /// got: the frame itself, or in a race one of its two sides.
    pub fn side(&self, mode: Mode) -> Frame<'a> {
        if self.timeline.mode() != Mode::Race {
            return *self;
        }
        let (standard, separable) = self.timeline.race(self.done);
        Frame {
            timeline: self.timeline.side(mode),
            done: if mode == Mode::Standard {
                standard
            } else {
                separable
            },
            example: self.example,
            close_up: self.close_up,
        }
    }

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

/// Cells at least this big (in CSS pixels) show their numbers.
const NUMBERS_FROM: f64 = 15.0;

/// Draws cells and outlines, setting a colour only when it changes: the canvas
/// parses a colour every time one is set, and a stage has hundreds of cells.
struct Painter<'a> {
    ctx: CanvasRenderingContext2d,
    palette: &'a Palette,
    numbers: bool,
    fill: Cell<Option<Rgb>>,
    stroke: Cell<Option<(Rgb, f64)>>,
}

impl Painter<'_> {
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
/// drawing on a smaller area, scaled up). Returns what the tests read of it.
pub fn paint(
    canvas: &HtmlCanvasElement,
    surface: Surface,
    palette: &Palette,
    frame: &Frame,
) -> Painted {
    let mut painted = Painted::default();
    surface.prepare(canvas);
    let zoom = surface.zoom.max(1.0);
    let (width, height) = (surface.size.0 / zoom, surface.size.1 / zoom);
    if width <= 0.0 || height <= 0.0 {
        return painted;
    }
    let Some(ctx) = context_2d(canvas) else {
        return painted;
    };
    // Set (not multiply) the transform each frame: `scale` would accumulate.
    let scale = surface.ratio * zoom;
    let _ = ctx.set_transform(scale, 0.0, 0.0, scale, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, width, height);

    // A close-up follows the step just done, or the first before any; never
    // in a race, whose point is the whole of both.
    let focus = (frame.close_up && frame.timeline.mode() != Mode::Race)
        .then(|| frame.timeline.step(frame.done.saturating_sub(1)))
        .flatten();
    let columns = layout(&frame.timeline, frame.padding(), width, height, focus);
    let cell = columns
        .first()
        .and_then(|c| c.grids.first())
        .map_or(0.0, |g| g.cell);
    // On screen, not in drawing units: a zoomed stage's small cells are big.
    let numbers = frame.example.is_some() && cell * zoom >= NUMBERS_FROM;
    let painter = Painter {
        ctx: ctx.clone(),
        palette,
        numbers,
        fill: Cell::new(None),
        stroke: Cell::new(None),
    };
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    titles(&ctx, palette, &columns, width, frame.timeline.mode());
    painted.input_channels = channel_numbers(&painter, &columns);
    let digits = digit_size(cell);
    ctx.set_font(&format!("{digits}px system-ui, sans-serif"));
    let (standard, separable) = (frame.side(Mode::Standard), frame.side(Mode::Separable));
    for column in &columns {
        let grids = &column.grids;
        let grids: Vec<(u64, &Grid)> = column.channels.iter().copied().zip(grids).collect();
        match column.role {
            Role::Input => input(&painter, frame, &grids),
            Role::DepthwiseFilters => depthwise_filters(&painter, &separable, &grids),
            Role::Intermediate => intermediate(&painter, &separable, &grids),
            Role::PointwiseFilters => pointwise_filters(&painter, &separable, &grids),
            Role::SeparableOutput => {
                painted.separable_output = outputs(&painter, &separable, &grids, Phase::Pointwise);
            }
            Role::StandardFilters => standard_filters(&painter, &standard, &grids),
            Role::StandardOutput => {
                painted.standard_output = outputs(&painter, &standard, &grids, Phase::Standard);
            }
        }
    }
    if numbers {
        painted.digit_px = digits * zoom;
    }
    painted
}

/// What a paint drew, for the tests: the numbers' font size in CSS pixels (0
/// when none are drawn) and each output column's numbers, in reading order,
/// `·` for a cell not yet computed; where the input's channel numbers went.
#[derive(Default)]
pub struct Painted {
    pub digit_px: f64,
    pub input_channels: String,
    pub standard_output: String,
    pub separable_output: String,
}

/// Column titles: two lines, or the short title, and a smaller font where
/// columns are close; never past the canvas's edges.
fn titles(
    ctx: &CanvasRenderingContext2d,
    palette: &Palette,
    columns: &[Column],
    width: f64,
    mode: Mode,
) {
    let centres: Vec<f64> = columns
        .iter()
        .map(|c| {
            c.grids.iter().map(|g| g.x + g.width() / 2.0).sum::<f64>() / c.grids.len().max(1) as f64
        })
        .collect();
    // Each title has the room from halfway to the column before to halfway
    // to the next (the canvas's edge for the first and last).
    let spans: Vec<(f64, f64)> = (0..centres.len())
        .map(|i| {
            let before = i
                .checked_sub(1)
                .map_or(0.0, |b| (centres[b] + centres[i]) / 2.0);
            let after = centres
                .get(i + 1)
                .map_or(width, |next| (centres[i] + next) / 2.0);
            (before, after)
        })
        .collect();
    let narrowest = spans
        .iter()
        .map(|(a, b)| b - a)
        .fold(f64::INFINITY, f64::min);
    ctx.set_font(if narrowest < 90.0 {
        "600 10px system-ui, sans-serif"
    } else {
        "600 13px system-ui, sans-serif"
    });
    ctx.set_fill_style_str(&palette.text.css());
    let text_width = |t: &str| ctx.measure_text(t).map(|m| m.width()).unwrap_or(0.0);
    let chosen: Vec<Vec<&str>> = columns
        .iter()
        .zip(&spans)
        .map(|(column, (before, after))| {
            let (long, short) = column.role.titles(mode);
            let room = after - before - 8.0;
            // Two lines of the long title where one is too wide; the short
            // title where even a line is (a race on a phone).
            match long.split_once(' ') {
                _ if text_width(long) <= room => vec![long],
                Some((first, rest)) if text_width(first).max(text_width(rest)) <= room => {
                    vec![first, rest]
                }
                _ => vec![short],
            }
        })
        .collect();
    let widths: Vec<f64> = chosen
        .iter()
        .map(|lines| lines.iter().map(|l| text_width(l)).fold(0.0, f64::max))
        .collect();
    let places = spread(&centres, &widths, 8.0, width);
    for (lines, x) in chosen.iter().zip(places) {
        for (i, line) in lines.iter().enumerate() {
            let y = if lines.len() == 1 {
                17.0
            } else {
                9.0 + 16.0 * i as f64
            };
            let _ = ctx.fill_text(line, x, y);
        }
    }
}

/// Each grid's channel (or filter) number, 1 upwards, just above its top-left
/// corner: the numbers run in reading order. Returns where the input's
/// numbers went, `1@x,y 2@x,y …`, for the test of that order.
fn channel_numbers(painter: &Painter, columns: &[Column]) -> String {
    let mut input = Vec::new();
    let Some(cell) = columns
        .first()
        .and_then(|c| c.grids.first())
        .map(|g| g.cell)
    else {
        return String::new();
    };
    let size = (cell * 0.45).clamp(8.0, NUMBER_ROOM - 1.0).round();
    let ctx = &painter.ctx;
    ctx.set_font(&format!("{size}px system-ui, sans-serif"));
    ctx.set_text_align("left");
    ctx.set_text_baseline("bottom");
    painter.set_fill(painter.palette.text);
    for column in columns {
        // A lone grid needs no number, unless it is one of several channels.
        if column.grids.len() < 2 && column.channels.first() == Some(&0) {
            continue;
        }
        for (channel, grid) in column.channels.iter().zip(&column.grids) {
            let _ = ctx.fill_text(&(channel + 1).to_string(), grid.x, grid.y - 1.0);
            if column.role == Role::Input {
                input.push(format!("{}@{:.0},{:.0}", channel + 1, grid.x, grid.y));
            }
        }
    }
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    input.join(" ")
}

/// The input, with its padding ring, and the window each side's current step
/// reads (both, in a race).
fn input(painter: &Painter, frame: &Frame, grids: &[(u64, &Grid)]) {
    let spec = frame.timeline.layer().spec();
    let pad = frame.padding();
    let palette = painter.palette;
    let steps: Vec<Step> = [Mode::Standard, Mode::Separable]
        .into_iter()
        .filter(|m| frame.timeline.mode() == Mode::Race || frame.timeline.mode() == *m)
        .filter_map(|m| frame.side(m).current())
        .collect();
    for &(m, grid) in grids {
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
        for step in &steps {
            let reads = match step.phase {
                Phase::Depthwise => step.channel / spec.depth_multiplier == m,
                Phase::Standard => true,
                Phase::Pointwise => false,
            };
            if reads {
                let top = (step.row * spec.stride, step.col * spec.stride);
                let extent = (
                    spec.dilation * (spec.kernel_height - 1),
                    spec.dilation * (spec.kernel_width - 1),
                );
                let bottom = (
                    (top.0 + extent.0).min(grid.rows - 1),
                    (top.1 + extent.1).min(grid.cols - 1),
                );
                painter.outline(grid, top, bottom, palette.part(step.phase.part()));
            }
        }
    }
}

/// One K×K filter per depthwise channel, the current one outlined.
fn depthwise_filters(painter: &Painter, frame: &Frame, grids: &[(u64, &Grid)]) {
    let palette = painter.palette;
    let current = frame.current();
    for &(j, grid) in grids {
        for u in 0..grid.rows {
            for v in 0..grid.cols {
                let value = frame.example.map(|e| e.depthwise_weight(j, u, v));
                painter.cell(grid, u, v, palette.surface, value);
            }
        }
        painter.frame(grid, palette.part(Part::Depthwise));
        if current.is_some_and(|s| s.phase == Phase::Depthwise && s.channel == j) {
            painter.frame(grid, palette.text);
        }
    }
}

/// The depthwise step's output, filled in its channel's tint as it is done.
fn intermediate(painter: &Painter, frame: &Frame, grids: &[(u64, &Grid)]) {
    let palette = painter.palette;
    let current = frame.current();
    let dm = frame.timeline.layer().spec().depth_multiplier;
    for &(j, grid) in grids {
        for r in 0..grid.rows {
            for c in 0..grid.cols {
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
            Some(s) if s.phase == Phase::Depthwise && s.channel == j => painter.outline(
                grid,
                (s.row, s.col),
                (s.row, s.col),
                palette.part(Part::Depthwise),
            ),
            Some(s) if s.phase == Phase::Pointwise => painter.outline(
                grid,
                (s.row, s.col),
                (s.row, s.col),
                palette.part(Part::Pointwise),
            ),
            _ => {}
        }
    }
}

/// One 1×1 filter per output channel: a weight per depthwise channel, each in
/// the tint of the channel it weighs.
fn pointwise_filters(painter: &Painter, frame: &Frame, grids: &[(u64, &Grid)]) {
    let palette = painter.palette;
    let current = frame.current();
    let dm = frame.timeline.layer().spec().depth_multiplier;
    for &(n, grid) in grids {
        for j in 0..grid.rows {
            let value = frame.example.map(|e| e.pointwise_weight(n, j));
            painter.cell(grid, j, 0, palette.channel(j / dm), value);
        }
        painter.frame(grid, palette.part(Part::Pointwise));
        if current.is_some_and(|s| s.phase == Phase::Pointwise && s.channel == n) {
            painter.frame(grid, palette.text);
        }
    }
}

/// The standard filters, each its input-channel slices side by side in the
/// channels' tints: the separable pair's W = P·D.
fn standard_filters(painter: &Painter, frame: &Frame, grids: &[(u64, &Grid)]) {
    let palette = painter.palette;
    let window = frame.timeline.window();
    let k = window.taps_cols;
    let current = frame.current();
    for &(n, grid) in grids {
        let colour = if current.is_some_and(|s| s.channel == n) {
            palette.text
        } else {
            palette.part(Part::Standard)
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
}

/// The output maps of `phase`'s side, filled as its steps are done. Returns
/// the numbers shown, space-separated.
fn outputs(painter: &Painter, frame: &Frame, grids: &[(u64, &Grid)], phase: Phase) -> String {
    let mut shown = Vec::new();
    let palette = painter.palette;
    let part = match phase {
        Phase::Standard => Part::Standard,
        _ => Part::Separable,
    };
    for &(n, grid) in grids {
        for r in 0..grid.rows {
            for c in 0..grid.cols {
                let done = frame.filled(phase, n, r, c);
                let value = frame.example.filter(|_| done).map(|e| match phase {
                    Phase::Standard => e.standard_output(n, r, c),
                    _ => e.output(n, r, c),
                });
                shown.push(value.map_or("·".to_string(), |v| v.to_string()));
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
    shown.join(" ")
}
