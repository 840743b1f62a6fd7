//! Where the animation draws each tensor: plain geometry, tested natively.

use crate::timeline::{Mode, Phase, Step, Timeline, Window};
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

/// What a column of the stage shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The input's channels.
    Input,
    /// One K×K filter per depthwise channel.
    DepthwiseFilters,
    /// The depthwise step's output.
    Intermediate,
    /// One 1×1 filter per output channel, a weight per depthwise channel.
    PointwiseFilters,
    /// The separable layer's output.
    SeparableOutput,
    /// One K×K×M filter per output channel (the separable pair's W = P·D).
    StandardFilters,
    /// The standard layer's output.
    StandardOutput,
}

impl Role {
    /// The column's title, and a short one for tight stages.
    pub fn titles(self, mode: Mode) -> (&'static str, &'static str) {
        match (self, mode) {
            (Role::Input, _) => ("Input", "Input"),
            (Role::DepthwiseFilters, _) => ("Depthwise filters", "DW"),
            (Role::Intermediate, _) => ("Intermediate", "Inter."),
            (Role::PointwiseFilters, _) => ("Pointwise filters", "PW"),
            (Role::SeparableOutput, Mode::Race) => ("Separable output", "Sep. out"),
            (Role::SeparableOutput, _) => ("Output", "Output"),
            (Role::StandardFilters, _) => ("Standard filters W = P·D", "W = P·D"),
            (Role::StandardOutput, Mode::Race) => ("Standard output", "Std. out"),
            (Role::StandardOutput, _) => ("Output", "Output"),
        }
    }
}

/// A column of grids: what it shows, and its grids, one per channel in
/// channel order, laid out in reading order (left to right, then down).
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// What it shows.
    pub role: Role,
    /// Its grids.
    pub grids: Vec<Grid>,
    /// The channel (or filter) each grid shows, 0-based.
    pub channels: Vec<u64>,
}

/// Which of a column's channels a close-up of `step` keeps (presenter mode:
/// only what the current step reads and writes, so the cells can be big);
/// `None` keeps them all, an empty list drops the column.
fn close_up(role: Role, step: &Step, dm: u64, all: u64) -> Option<Vec<u64>> {
    let (c, none) = (step.channel, Vec::new());
    Some(match (step.phase, role) {
        (Phase::Depthwise, Role::Input) => vec![c / dm],
        (Phase::Depthwise, Role::DepthwiseFilters | Role::Intermediate) => vec![c],
        (Phase::Depthwise, _) => none,
        (Phase::Pointwise, Role::Intermediate) => return None,
        (Phase::Pointwise, Role::PointwiseFilters | Role::SeparableOutput) => vec![c],
        (Phase::Pointwise, _) => none,
        (Phase::Standard, Role::Input) => return None,
        (Phase::Standard, Role::StandardFilters | Role::StandardOutput) => vec![c],
        (Phase::Standard, _) => none,
    })
    .map(|keep| keep.into_iter().filter(|k| *k < all).collect())
}

/// The stage's columns, left to right, for a mode. A race puts the input in
/// the middle: the standard convolution flows to its left, the separable pair
/// to its right.
pub fn roles(mode: Mode) -> &'static [Role] {
    match mode {
        Mode::Separable => &[
            Role::Input,
            Role::DepthwiseFilters,
            Role::Intermediate,
            Role::PointwiseFilters,
            Role::SeparableOutput,
        ],
        Mode::Standard => &[Role::Input, Role::StandardFilters, Role::StandardOutput],
        Mode::Race => &[
            Role::StandardOutput,
            Role::StandardFilters,
            Role::Input,
            Role::DepthwiseFilters,
            Role::Intermediate,
            Role::PointwiseFilters,
            Role::SeparableOutput,
        ],
    }
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
pub const TITLE_HEIGHT: f64 = 34.0;

/// The font size of the numbers in cells of side `cell`, in drawing units.
pub fn digit_size(cell: f64) -> f64 {
    (cell * 0.6).clamp(9.0, 44.0).round()
}

/// The largest cell side, in CSS pixels: big enough for numbers read from the
/// back of a lecture hall, small enough that a one-channel layer still looks
/// like a grid.
pub const MAX_CELL: f64 = 72.0;

/// The room above each grid, in pixels, for its channel number: the least gap
/// between stacked grids, and between the titles and the first grid.
pub const NUMBER_ROOM: f64 = 12.0;

/// Where the grids may start: below the titles and the first channel numbers.
const GRIDS_TOP: f64 = TITLE_HEIGHT + NUMBER_ROOM;

/// Where to centre labels of `widths` wanted at `centres` (in increasing
/// order) on a line `width` long: as near their centres as they can be, at
/// least `gap` apart and inside the line, as long as they fit in it at all.
pub fn spread(centres: &[f64], widths: &[f64], gap: f64, width: f64) -> Vec<f64> {
    let half = |i: usize| widths[i] / 2.0;
    let mut x: Vec<f64> = centres.to_vec();
    // Rightwards from the left edge, then leftwards from the right edge: the
    // second pass wins where the line is too short for both.
    for i in 0..x.len() {
        let least = match i {
            0 => half(0) + gap / 2.0,
            _ => x[i - 1] + half(i - 1) + gap + half(i),
        };
        x[i] = x[i].max(least);
    }
    for i in (0..x.len()).rev() {
        let most = match x.get(i + 1) {
            None => width - half(i) - gap / 2.0,
            Some(next) => next - half(i + 1) - gap - half(i),
        };
        x[i] = x[i].min(most);
    }
    x
}

/// Lays out every column of the stage in a `width`×`height` area.
pub fn layout(
    timeline: &Timeline,
    pad: (i64, i64),
    width: f64,
    height: f64,
    focus: Option<Step>,
) -> Vec<Column> {
    let layer = timeline.layer();
    let w = timeline.window();
    let dm = layer.spec().depth_multiplier;
    let (in_rows, in_cols) = input_region(layer, &w, pad);
    let (kh, kw) = (w.taps_rows, w.taps_cols);
    // Per column, left to right: the channels shown and their grids as
    // (rows, cols) in cells.
    type Planned = (Role, Vec<u64>, Vec<(u64, u64)>);
    let columns: Vec<Planned> = roles(timeline.mode())
        .iter()
        .filter_map(|&role| {
            let (count, shape) = match role {
                Role::Input => (w.inputs, (in_rows, in_cols)),
                Role::DepthwiseFilters => (w.depthwise, (kh, kw)),
                Role::Intermediate => (w.depthwise, (w.rows, w.cols)),
                Role::PointwiseFilters => (w.outputs, (w.depthwise, 1)),
                // Each filter is drawn as its input-channel slices side by side.
                Role::StandardFilters => (w.outputs, (kh, kw * w.inputs + w.inputs - 1)),
                Role::SeparableOutput | Role::StandardOutput => (w.outputs, (w.rows, w.cols)),
            };
            let channels = focus
                .and_then(|step| close_up(role, &step, dm, count))
                .unwrap_or_else(|| (0..count).collect());
            (!channels.is_empty()).then(|| {
                let grids = vec![shape; channels.len()];
                (role, channels, grids)
            })
        })
        .collect();
    const GAP: f64 = 0.6; // between grids, in cells
    const COLUMN_GAP: f64 = 2.0; // between columns, in cells
                                 // Outlines are drawn centred on a grid's edge: keep them off the canvas's edges.
    const EDGE: f64 = 3.0;
    let full_width = width;
    let width = (width - 2.0 * EDGE).max(1.0);
    // A column's grids go in stacks of at most `per_stack`, side by side: on a
    // wide, low stage (a projector) two stacks give bigger cells than one.
    // Channels run in reading order: across the stacks, then down.
    let stacks = |grids: &[(u64, u64)], per_stack: usize| -> Vec<Vec<(u64, u64)>> {
        let count = grids.len().div_ceil(per_stack.max(1)).max(1);
        (0..count)
            .map(|k| grids.iter().skip(k).step_by(count).copied().collect())
            .collect()
    };
    let stack_width = |grids: &[(u64, u64)]| grids.iter().map(|g| g.1).max().unwrap_or(1) as f64;
    // Stacked grids are at least a channel number apart, so the number
    // above each grid stays readable when cells are small.
    let row_gap = |cell: f64| (GAP * cell).max(NUMBER_ROOM);
    // A stack's height in pixels at `cell`.
    let stack_height = |grids: &[(u64, u64)], cell: f64| {
        grids.iter().map(|g| g.0 as f64).sum::<f64>() * cell
            + row_gap(cell) * grids.len().saturating_sub(1) as f64
    };
    // The largest cell at which a stack fits `room` pixels.
    let cell_fitting = |grids: &[(u64, u64)], room: f64| {
        let rows = grids.iter().map(|g| g.0 as f64).sum::<f64>().max(1.0);
        let gaps = grids.len().saturating_sub(1) as f64;
        let scaled = room / (rows + GAP * gaps);
        if GAP * scaled >= NUMBER_ROOM {
            scaled
        } else {
            (room - NUMBER_ROOM * gaps) / rows
        }
    };
    let column_width = |grids: &[(u64, u64)], per_stack: usize| {
        let stacks = stacks(grids, per_stack);
        stacks.iter().map(|s| stack_width(s)).sum::<f64>() + GAP * (stacks.len() - 1) as f64
    };
    let column_height = |grids: &[(u64, u64)], per_stack: usize, cell: f64| {
        stacks(grids, per_stack)
            .iter()
            .map(|s| stack_height(s, cell))
            .fold(0.0, f64::max)
    };
    let cell_for = |per_stack: usize| {
        let total_width = columns
            .iter()
            .map(|(_, _, g)| column_width(g, per_stack))
            .sum::<f64>()
            + COLUMN_GAP * (columns.len() - 1) as f64;
        let by_height = columns
            .iter()
            .flat_map(|(_, _, g)| stacks(g, per_stack))
            .map(|s| cell_fitting(&s, height - GRIDS_TOP))
            .fold(f64::INFINITY, f64::min);
        let cell = (width / total_width).min(by_height).clamp(2.0, MAX_CELL);
        (cell, total_width)
    };
    let most = columns.iter().map(|(_, _, g)| g.len()).max().unwrap_or(1);
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
        .map(|(role, channels, grids)| {
            let top = GRIDS_TOP
                + ((height - GRIDS_TOP) - column_height(&grids, per_stack, cell)).max(0.0) / 2.0;
            let mut laid = vec![None; grids.len()];
            let stacks = stacks(&grids, per_stack);
            let count = stacks.len();
            for (k, stack) in stacks.into_iter().enumerate() {
                let stack_w = stack_width(&stack);
                let mut y = top;
                for (row, (rows, cols)) in stack.into_iter().enumerate() {
                    laid[row * count + k] = Some(Grid {
                        x: x + (stack_w - cols as f64) * cell / 2.0,
                        y,
                        rows,
                        cols,
                        cell,
                    });
                    y += rows as f64 * cell + row_gap(cell);
                }
                x += (stack_w + GAP) * cell;
            }
            x += column_gap - GAP * cell;
            Column {
                role,
                grids: laid.into_iter().flatten().collect(),
                channels,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_spread_apart_and_stay_inside() {
        // Room for all: each stays at its centre.
        assert_eq!(
            spread(&[50.0, 150.0], &[40.0, 40.0], 8.0, 200.0),
            [50.0, 150.0]
        );
        // The last one's centre is near the edge: it moves in, and pushes
        // its neighbour along (the race's "Sep. out" beside "PW" at 400 px).
        let x = spread(&[300.0, 340.0, 385.0], &[30.0, 20.0, 50.0], 8.0, 400.0);
        let ends = |i: usize, w: f64| (x[i] - w / 2.0, x[i] + w / 2.0);
        assert!(ends(2, 50.0).1 <= 396.0, "{x:?}");
        assert!(ends(1, 20.0).1 + 8.0 <= ends(2, 50.0).0, "{x:?}");
        assert!(ends(0, 30.0).1 + 8.0 <= ends(1, 20.0).0, "{x:?}");
    }
    use sepconv_calc::{LayerSpec, Padding};

    fn stage(spec: LayerSpec, mode: Mode, width: f64, height: f64) -> Vec<Column> {
        let t = Timeline::new(Layer::new(spec).unwrap(), mode);
        layout(
            &t,
            (if spec.padding == Padding::Same { 1 } else { 0 }, 0),
            width,
            height,
            None,
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
                for mode in Mode::ALL {
                    for column in stage(spec, mode, w, h) {
                        for g in column.grids {
                            assert!(
                                g.x >= 2.0 && g.x + g.width() <= w - 2.0,
                                "{w} {spec:?} {mode:?} {g:?}"
                            );
                            assert!(
                                g.y >= GRIDS_TOP - 0.01 && g.y + g.height() <= h + 0.01,
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
        let titles: Vec<&str> = columns
            .iter()
            .map(|c| c.role.titles(Mode::Separable).0)
            .collect();
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
        assert!(output[0].x < output[1].x, "the outputs sit in two stacks");
        assert!(
            wide[0].grids[0].cell >= 15.0,
            "cells big enough for numbers"
        );
        // A phone keeps one stack per column.
        let narrow = stage(LayerSpec::lecture_example(), Mode::Separable, 340.0, 320.0);
        assert!(narrow[4].grids.iter().all(|g| g.x == narrow[4].grids[0].x));
    }

    #[test]
    fn channels_run_in_reading_order() {
        for (w, h) in [(1160.0, 380.0), (1800.0, 300.0), (340.0, 320.0)] {
            for column in stage(LayerSpec::lecture_example(), Mode::Separable, w, h) {
                let mut order: Vec<usize> = (0..column.grids.len()).collect();
                // Reading order: by row (top edge), then from left to right.
                order.sort_by(|&a, &b| {
                    let (ga, gb) = (&column.grids[a], &column.grids[b]);
                    (ga.y, ga.x).partial_cmp(&(gb.y, gb.x)).unwrap()
                });
                assert_eq!(
                    order,
                    (0..column.grids.len()).collect::<Vec<_>>(),
                    "{w}×{h} {:?}",
                    column.role
                );
            }
        }
    }

    #[test]
    fn a_race_puts_the_input_between_the_two_ways() {
        let columns = stage(LayerSpec::lecture_example(), Mode::Race, 1200.0, 420.0);
        let roles: Vec<Role> = columns.iter().map(|c| c.role).collect();
        assert_eq!(roles, roles_of(Mode::Race));
        let x = |role| columns.iter().find(|c| c.role == role).unwrap().grids[0].x;
        assert!(x(Role::StandardOutput) < x(Role::StandardFilters));
        assert!(x(Role::StandardFilters) < x(Role::Input));
        assert!(x(Role::Input) < x(Role::DepthwiseFilters));
        assert!(x(Role::PointwiseFilters) < x(Role::SeparableOutput));
    }

    #[test]
    fn a_close_up_keeps_what_the_step_reads_and_writes_in_big_cells() {
        // Presenter mode at 1280×720 leaves about 1030×340 drawing units.
        let t = Timeline::new(
            Layer::new(LayerSpec::lecture_example()).unwrap(),
            Mode::Separable,
        );
        for i in [0, 20, 47, 48, 100] {
            let step = t.step(i).unwrap();
            let columns = layout(&t, (0, 0), 1030.0, 340.0, Some(step));
            let kept: Vec<(Role, Vec<u64>)> = columns
                .iter()
                .map(|c| (c.role, c.channels.clone()))
                .collect();
            match step.phase {
                Phase::Depthwise => assert_eq!(
                    kept,
                    [
                        (Role::Input, vec![step.channel]),
                        (Role::DepthwiseFilters, vec![step.channel]),
                        (Role::Intermediate, vec![step.channel])
                    ]
                ),
                _ => assert_eq!(
                    kept,
                    [
                        (Role::Intermediate, vec![0, 1, 2]),
                        (Role::PointwiseFilters, vec![step.channel]),
                        (Role::SeparableOutput, vec![step.channel])
                    ]
                ),
            }
            let cell = columns[0].grids[0].cell;
            // Numbers at least 28 px high once the stage's zoom (18/16) applies.
            assert!(
                digit_size(cell) * 1.125 >= 28.0,
                "step {i}: cells of {cell:.1}"
            );
        }
    }

    fn roles_of(mode: Mode) -> Vec<Role> {
        roles(mode).to_vec()
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
