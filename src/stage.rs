//! Where the animation draws each tensor: plain geometry, tested natively.

use crate::timeline::{Mode, Timeline, Window};
use sepconv_calc::Layer;

/// A grid of square cells with its top-left corner at (x, y), in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Grid {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Rows.
    pub rows: u64,
    /// Columns.
    pub cols: u64,
    /// Side of a cell.
    pub cell: f64,
}

impl Grid {
    /// (x, y, side) of a cell.
    pub fn cell_at(&self, row: u64, col: u64) -> (f64, f64, f64) {
        (
            self.x + col as f64 * self.cell,
            self.y + row as f64 * self.cell,
            self.cell,
        )
    }

    /// Height in pixels.
    pub fn height(&self) -> f64 {
        self.rows as f64 * self.cell
    }

    /// Width in pixels.
    pub fn width(&self) -> f64 {
        self.cols as f64 * self.cell
    }
}

/// A column of grids and its title.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// "Input", "Depthwise filters", ...
    pub title: &'static str,
    /// Its grids, top to bottom.
    pub grids: Vec<Grid>,
}

/// The input region drawn: padded rows and columns covering the drawn outputs'
/// drawn taps (a window, bounded whatever the layer). Row r of the drawn region
/// is input row r − pad_top.
pub fn input_region(layer: &Layer, window: &Window, pad: (i64, i64)) -> (u64, u64) {
    let s = layer.spec();
    let extent = |taps: u64| s.dilation.saturating_mul(taps - 1).saturating_add(1);
    let padded = |len: u64, before: i64, out: u64, taps: u64| {
        let total = len.saturating_add(before.max(0) as u64 * 2);
        (out - 1)
            .saturating_mul(s.stride)
            .saturating_add(extent(taps))
            .min(total.max(extent(taps)))
    };
    (
        padded(s.height, pad.0, window.rows, window.taps_rows),
        padded(s.width, pad.1, window.cols, window.taps_cols),
    )
}

/// Space above the grids for column titles (two lines when columns are tight).
pub const TITLE_HEIGHT: f64 = 36.0;

/// Lays out every column of the stage in a `width`×`height` area.
pub fn layout(timeline: &Timeline, pad: (i64, i64), width: f64, height: f64) -> Vec<Column> {
    let layer = timeline.layer();
    let w = timeline.window();
    let (in_rows, in_cols) = input_region(layer, &w, pad);
    let (kh, kw) = (w.taps_rows, w.taps_cols);
    // (title, grids as (rows, cols)) in cells; laid out left to right.
    let stack = |n: u64, rows: u64, cols: u64| vec![(rows, cols); n as usize];
    let columns: Vec<(&'static str, Vec<(u64, u64)>)> = match timeline.mode() {
        Mode::Separable => vec![
            ("Input", stack(w.inputs, in_rows, in_cols)),
            ("Depthwise filters", stack(w.depthwise, kh, kw)),
            ("Intermediate", stack(w.depthwise, w.rows, w.cols)),
            ("Pointwise filters", stack(w.outputs, w.depthwise, 1)),
            ("Output", stack(w.outputs, w.rows, w.cols)),
        ],
        Mode::Standard => vec![
            ("Input", stack(w.inputs, in_rows, in_cols)),
            // Each filter is drawn as its input-channel slices side by side.
            (
                "Standard filters",
                stack(w.outputs, kh, kw * w.inputs + w.inputs - 1),
            ),
            ("Output", stack(w.outputs, w.rows, w.cols)),
        ],
    };
    const GAP: f64 = 0.6; // between grids, in cells
    const COLUMN_GAP: f64 = 2.0; // between columns, in cells
                                 // Outlines are drawn centred on a grid's edge: keep them off the canvas's edges.
    const EDGE: f64 = 3.0;
    let full_width = width;
    let width = (width - 2.0 * EDGE).max(1.0);
    // A column's grids go in stacks of at most `per_stack`, side by side: on a
    // wide, low stage (a projector) two stacks give bigger cells than one.
    let stacks = |grids: &[(u64, u64)], per_stack: usize| -> Vec<Vec<(u64, u64)>> {
        grids.chunks(per_stack.max(1)).map(<[_]>::to_vec).collect()
    };
    let stack_width = |grids: &[(u64, u64)]| grids.iter().map(|g| g.1).max().unwrap_or(1) as f64;
    let stack_height = |grids: &[(u64, u64)]| {
        grids.iter().map(|g| g.0 as f64).sum::<f64>() + GAP * grids.len().saturating_sub(1) as f64
    };
    let column_width = |grids: &[(u64, u64)], per_stack: usize| {
        let stacks = stacks(grids, per_stack);
        stacks.iter().map(|s| stack_width(s)).sum::<f64>() + GAP * (stacks.len() - 1) as f64
    };
    let column_height = |grids: &[(u64, u64)], per_stack: usize| {
        stacks(grids, per_stack)
            .iter()
            .map(|s| stack_height(s))
            .fold(0.0, f64::max)
    };
    let cell_for = |per_stack: usize| {
        let total_width = columns
            .iter()
            .map(|(_, g)| column_width(g, per_stack))
            .sum::<f64>()
            + COLUMN_GAP * (columns.len() - 1) as f64;
        let tallest = columns
            .iter()
            .map(|(_, g)| column_height(g, per_stack))
            .fold(1.0, f64::max);
        let cell = (width / total_width)
            .min((height - TITLE_HEIGHT) / tallest)
            .clamp(2.0, 40.0);
        (cell, total_width)
    };
    let most = columns.iter().map(|(_, g)| g.len()).max().unwrap_or(1);
    // One stack unless splitting makes the cells clearly (a fifth) bigger.
    let per_stack = (1..most).rev().fold(most, |best, n| {
        if cell_for(n).0 > cell_for(best).0 * 1.2 {
            n
        } else {
            best
        }
    });
    let (cell, total_width) = cell_for(per_stack);

    // Spare width widens the gaps between columns (up to a limit), so titles have
    // room and the flow from left to right reads clearly.
    let gaps = (columns.len() - 1) as f64;
    let spare = (width - total_width * cell).max(0.0);
    let column_gap = (COLUMN_GAP * cell + spare / gaps).min((COLUMN_GAP * cell).max(140.0));
    let used = total_width * cell + (column_gap - COLUMN_GAP * cell) * gaps;
    let mut x = EDGE.min(full_width / 2.0) + (width - used).max(0.0) / 2.0;
    columns
        .into_iter()
        .map(|(title, grids)| {
            let top = TITLE_HEIGHT
                + ((height - TITLE_HEIGHT) - column_height(&grids, per_stack) * cell).max(0.0)
                    / 2.0;
            let mut laid = Vec::with_capacity(grids.len());
            for stack in stacks(&grids, per_stack) {
                let stack_w = stack_width(&stack);
                let mut y = top;
                for (rows, cols) in stack {
                    laid.push(Grid {
                        x: x + (stack_w - cols as f64) * cell / 2.0,
                        y,
                        rows,
                        cols,
                        cell,
                    });
                    y += (rows as f64 + GAP) * cell;
                }
                x += (stack_w + GAP) * cell;
            }
            x += column_gap - GAP * cell;
            Column { title, grids: laid }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sepconv_calc::{LayerSpec, Padding};

    fn stage(spec: LayerSpec, mode: Mode, width: f64, height: f64) -> Vec<Column> {
        let t = Timeline::new(Layer::new(spec).unwrap(), mode);
        layout(
            &t,
            (if spec.padding == Padding::Same { 1 } else { 0 }, 0),
            width,
            height,
        )
    }

    #[test]
    fn everything_fits_inside_the_stage() {
        for (w, h) in [
            (960.0, 420.0),
            (340.0, 320.0),
            (1800.0, 600.0),
            (1160.0, 380.0),
            (1200.0, 250.0),
        ] {
            for spec in [
                LayerSpec::lecture_example(),
                LayerSpec::mobilenet_14x14x512(),
                LayerSpec::forum_exercise(),
            ] {
                for mode in [Mode::Separable, Mode::Standard] {
                    for column in stage(spec, mode, w, h) {
                        for g in column.grids {
                            assert!(
                                g.x >= 2.0 && g.x + g.width() <= w - 2.0,
                                "{w} {spec:?} {mode:?} {g:?}"
                            );
                            assert!(
                                g.y >= TITLE_HEIGHT - 0.01 && g.y + g.height() <= h + 0.01,
                                "{h} {spec:?} {g:?}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn lecture_example_columns() {
        let columns = stage(LayerSpec::lecture_example(), Mode::Separable, 960.0, 420.0);
        let titles: Vec<&str> = columns.iter().map(|c| c.title).collect();
        assert_eq!(
            titles,
            [
                "Input",
                "Depthwise filters",
                "Intermediate",
                "Pointwise filters",
                "Output"
            ]
        );
        let shape = |i: usize| {
            (
                columns[i].grids.len(),
                columns[i].grids[0].rows,
                columns[i].grids[0].cols,
            )
        };
        assert_eq!(shape(0), (3, 6, 6));
        assert_eq!(shape(1), (3, 3, 3));
        assert_eq!(shape(2), (3, 4, 4));
        assert_eq!(shape(3), (5, 3, 1));
        assert_eq!(shape(4), (5, 4, 4));
        // Cells big enough for numbers at this size.
        assert!(columns[0].grids[0].cell >= 16.0);
    }

    #[test]
    fn a_wide_low_stage_splits_tall_columns_into_stacks() {
        // 1280×720 presenter mode leaves about 1160×380 for the stage.
        let wide = stage(LayerSpec::lecture_example(), Mode::Separable, 1160.0, 380.0);
        let output = &wide[4].grids;
        assert!(output[0].x < output[4].x, "the outputs sit in two stacks");
        assert!(
            wide[0].grids[0].cell >= 15.0,
            "cells big enough for numbers"
        );
        // A phone keeps one stack per column.
        let narrow = stage(LayerSpec::lecture_example(), Mode::Separable, 340.0, 320.0);
        assert!(narrow[4].grids.iter().all(|g| g.x == narrow[4].grids[0].x));
    }

    #[test]
    fn same_padding_draws_the_padding_ring() {
        let spec = LayerSpec {
            padding: Padding::Same,
            ..LayerSpec::lecture_example()
        };
        let t = Timeline::new(Layer::new(spec).unwrap(), Mode::Separable);
        assert_eq!(input_region(t.layer(), &t.window(), (1, 1)), (8, 8));
    }
}
