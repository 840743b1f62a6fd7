//! The animation's timeline as plain data: which channel, position and filter are
//! active at step i, and the multiplication counter after i steps. A step is one
//! multiply-add group: one output value of one convolution.
//!
//! Big layers are shown through a window (a few channels, the top-left output
//! positions); the counter then advances in bulk, each drawn step standing for its
//! share of the layer, and ends exactly at the calculator's count.

use sepconv_calc::format::thousands;
use sepconv_calc::{Layer, Part};

/// At most this many channels of each tensor are drawn.
pub const MAX_CHANNELS_SHOWN: u64 = 5;
/// At most this many output rows (and columns) are drawn.
pub const MAX_SIDE_SHOWN: u64 = 6;
/// At most this many kernel taps per side are drawn: the kernel slider's
/// largest, so only a typed or linked kernel is windowed. Drawing cost grows
/// with the square of the side (a 4096×4096 kernel froze the tab for 30 s).
pub const MAX_TAPS_SHOWN: u64 = 11;
/// At most this many input rows (and columns) are drawn: enough for the output
/// window's receptive field at stride 1 with the largest drawn kernel.
pub const MAX_INPUT_SHOWN: u64 = 16;

/// Which computation is animated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Depthwise, then pointwise.
    Separable,
    /// One K×K×M filter per output channel.
    Standard,
    /// Both at once from one input, at the same pace in multiplications: the
    /// separable side finishes when it has done its share of the standard's.
    Race,
}

impl Mode {
    /// All three, in the order the page offers them.
    pub const ALL: [Mode; 3] = [Mode::Separable, Mode::Standard, Mode::Race];

    /// The URL value: "separable", "standard", "race".
    pub fn id(self) -> &'static str {
        match self {
            Mode::Separable => "separable",
            Mode::Standard => "standard",
            Mode::Race => "race",
        }
    }

    /// The mode with URL value `text`.
    pub fn parse(text: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.id() == text)
    }
}

/// Where the animation starts, from the link: a teacher's static frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum At {
    /// The first step (the default).
    #[default]
    Start,
    /// The first step of a phase.
    Phase(Phase),
    /// The end: everything done.
    End,
    /// This many steps done.
    Step(usize),
}

impl At {
    /// Steps done at this position of `timeline` (within it).
    pub fn steps(self, timeline: &Timeline) -> usize {
        let steps = match self {
            At::Start => 0,
            At::Phase(phase) if timeline.phases().contains(&phase) => timeline.jump_target(phase),
            At::Phase(_) => 0,
            At::End => timeline.len(),
            At::Step(n) => n,
        };
        steps.min(timeline.len())
    }
}

/// How the animation starts: its mode and position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Start {
    /// Separable, standard or the race.
    pub mode: Mode,
    /// Where.
    pub at: At,
}

impl Default for Start {
    fn default() -> Self {
        Start {
            mode: Mode::Separable,
            at: At::Start,
        }
    }
}

impl Start {
    /// Reads `anim` (the mode) and `at` (`depthwise`, `pointwise`, `end` or a
    /// number of steps) from a link's animation pairs; each bad value is noted
    /// and the default kept.
    pub fn read(pairs: &[(String, String)]) -> (Start, Vec<String>) {
        let mut start = Start::default();
        let mut notes = Vec::new();
        for (key, value) in pairs {
            let value = value.trim();
            match key.as_str() {
                "anim" => match Mode::parse(value) {
                    Some(mode) => start.mode = mode,
                    None => notes.push(format!(
                        "anim={} is not separable, standard or race; showing separable.",
                        crate::link::echo(value)
                    )),
                },
                "at" => {
                    start.at = match value {
                        "start" => At::Start,
                        "depthwise" => At::Phase(Phase::Depthwise),
                        "pointwise" => At::Phase(Phase::Pointwise),
                        "end" => At::End,
                        number => match number.parse() {
                            Ok(steps) => At::Step(steps),
                            Err(_) => {
                                notes.push(format!(
                                    "at={} is not start, depthwise, pointwise, end or a number of steps; starting at the first step.",
                                    crate::link::echo(value)
                                ));
                                At::Start
                            }
                        },
                    }
                }
                _ => {}
            }
        }
        (start, notes)
    }

    /// The link's pairs for this start: what is not the default.
    pub fn pairs(&self) -> Vec<(String, String)> {
        let mut pairs = Vec::new();
        if self.mode != Mode::Separable {
            pairs.push(("anim".to_string(), self.mode.id().to_string()));
        }
        let at = match self.at {
            At::Start => None,
            At::Phase(phase) => Some(phase.label().to_ascii_lowercase()),
            At::End => Some("end".to_string()),
            At::Step(n) => Some(n.to_string()),
        };
        pairs.extend(at.map(|a| ("at".to_string(), a)));
        pairs
    }
}

/// A stretch of the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Each channel filtered on its own.
    Depthwise,
    /// Channels mixed at each position.
    Pointwise,
    /// Standard convolution.
    Standard,
}

impl Phase {
    /// "Depthwise", "Pointwise", "Standard".
    pub fn label(self) -> &'static str {
        match self {
            Phase::Depthwise => "Depthwise",
            Phase::Pointwise => "Pointwise",
            Phase::Standard => "Standard",
        }
    }

    /// The calculator's part.
    pub fn part(self) -> Part {
        match self {
            Phase::Depthwise => Part::Depthwise,
            Phase::Pointwise => Part::Pointwise,
            Phase::Standard => Part::Standard,
        }
    }
}

/// What is drawn of each tensor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Window {
    /// Input channels drawn.
    pub inputs: u64,
    /// Depthwise channels drawn (for the depthwise filters and intermediate maps).
    pub depthwise: u64,
    /// Output channels drawn.
    pub outputs: u64,
    /// Output rows drawn (from the top).
    pub rows: u64,
    /// Output columns drawn (from the left).
    pub cols: u64,
    /// Kernel rows drawn (from the top).
    pub taps_rows: u64,
    /// Kernel columns drawn (from the left).
    pub taps_cols: u64,
}

/// How many of `outputs` positions along an axis are drawn, at most `MAX_SIDE_SHOWN`
/// and no more than fit their receptive fields (`taps` wide, `stride` apart)
/// into `MAX_INPUT_SHOWN` input cells: a large stride shows fewer outputs.
fn outputs_shown(outputs: u64, stride: u64, taps: u64) -> u64 {
    let room = MAX_INPUT_SHOWN.saturating_sub(taps);
    let fit = room.checked_div(stride).unwrap_or(0).saturating_add(1);
    outputs.min(MAX_SIDE_SHOWN).min(fit).max(1)
}

/// One step: which output value of which convolution is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Step {
    /// The phase.
    pub phase: Phase,
    /// Depthwise channel (depthwise phase) or output channel (the others).
    pub channel: u64,
    /// Output row.
    pub row: u64,
    /// Output column.
    pub col: u64,
}

/// Multiplications done so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Counter {
    /// In the depthwise phase.
    pub depthwise: u64,
    /// In the pointwise phase.
    pub pointwise: u64,
    /// In the standard convolution.
    pub standard: u64,
}

impl Counter {
    /// All of them.
    pub fn total(&self) -> u64 {
        self.depthwise + self.pointwise + self.standard
    }
}

/// The timeline of one layer in one mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeline {
    layer: Layer,
    mode: Mode,
    window: Window,
}

impl Timeline {
    /// The timeline of `layer` in `mode`.
    pub fn new(layer: Layer, mode: Mode) -> Timeline {
        let spec = layer.spec();
        let out = layer.output();
        let taps_rows = spec.kernel_height.min(MAX_TAPS_SHOWN);
        let taps_cols = spec.kernel_width.min(MAX_TAPS_SHOWN);
        let window = Window {
            inputs: spec.in_channels.min(MAX_CHANNELS_SHOWN),
            depthwise: layer.depthwise_channels().min(MAX_CHANNELS_SHOWN),
            outputs: spec.out_channels.min(MAX_CHANNELS_SHOWN),
            rows: outputs_shown(out.height, spec.stride, taps_rows),
            cols: outputs_shown(out.width, spec.stride, taps_cols),
            taps_rows,
            taps_cols,
        };
        Timeline {
            layer,
            mode,
            window,
        }
    }

    /// The layer.
    pub fn layer(&self) -> &Layer {
        &self.layer
    }

    /// The mode.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// What is drawn.
    pub fn window(&self) -> Window {
        self.window
    }

    /// The phases, in order. A race runs on the standard side's steps.
    pub fn phases(&self) -> &'static [Phase] {
        match self.mode {
            Mode::Separable => &[Phase::Depthwise, Phase::Pointwise],
            Mode::Standard | Mode::Race => &[Phase::Standard],
        }
    }

    /// The same layer and window in another mode: one side of a race.
    pub fn side(&self, mode: Mode) -> Timeline {
        Timeline { mode, ..*self }
    }

    /// A race after `done` of its steps: (standard steps done, separable steps
    /// done), the separable side having done as many multiplications as the
    /// standard side, or all of its own.
    pub fn race(&self, done: usize) -> (usize, usize) {
        let standard = self.side(Mode::Standard);
        let separable = self.side(Mode::Separable);
        let done = done.min(standard.len());
        let budget = standard.counter(done).total();
        // The counter grows with the steps done: the last step within budget.
        let (mut low, mut high) = (0, separable.len());
        while low < high {
            let mid = (low + high).div_ceil(2);
            if separable.counter(mid).total() <= budget {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        (done, low)
    }

    fn positions(&self) -> u64 {
        self.window.rows * self.window.cols
    }

    /// Steps drawn in a phase.
    pub fn phase_len(&self, phase: Phase) -> usize {
        let channels = match phase {
            Phase::Depthwise => self.window.depthwise,
            Phase::Pointwise | Phase::Standard => self.window.outputs,
        };
        (channels * self.positions()) as usize
    }

    /// Index of a phase's first step.
    pub fn phase_start(&self, phase: Phase) -> usize {
        self.phases()
            .iter()
            .take_while(|p| **p != phase)
            .map(|p| self.phase_len(*p))
            .sum()
    }

    /// Steps in all.
    pub fn len(&self) -> usize {
        self.phases().iter().map(|p| self.phase_len(*p)).sum()
    }

    /// Whether there are no steps (never: every layer has an output).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The phase step `i` belongs to (the last one at the end).
    pub fn phase_at(&self, i: usize) -> Phase {
        let phases = self.phases();
        let mut start = 0;
        for phase in phases {
            start += self.phase_len(*phase);
            if i < start {
                return *phase;
            }
        }
        phases[phases.len() - 1]
    }

    /// Step `i` (0-based), or `None` past the end. The depthwise phase goes channel
    /// by channel, each over every position; the pointwise phase goes position by
    /// position, each over every output channel; standard goes filter by filter.
    pub fn step(&self, i: usize) -> Option<Step> {
        if i >= self.len() {
            return None;
        }
        let phase = self.phase_at(i);
        let k = (i - self.phase_start(phase)) as u64;
        let (positions, cols) = (self.positions(), self.window.cols);
        let (channel, position) = match phase {
            Phase::Depthwise | Phase::Standard => (k / positions, k % positions),
            Phase::Pointwise => (k % self.window.outputs, k / self.window.outputs),
        };
        Some(Step {
            phase,
            channel,
            row: position / cols,
            col: position % cols,
        })
    }

    /// The counter after `done` steps. Each phase's count is the calculator's MACs
    /// for the whole layer times the share of the phase's steps done, so it ends
    /// exactly at the calculator's figure; when everything is drawn each step adds
    /// exactly its own multiplications.
    pub fn counter(&self, done: usize) -> Counter {
        let share = |phase: Phase| -> u64 {
            let len = self.phase_len(phase) as u128;
            let start = self.phase_start(phase);
            let did = done.saturating_sub(start).min(len as usize) as u128;
            let total = u128::from(self.layer.cost(phase.part()).macs);
            // total < 2^64 and did ≤ len, so the quotient fits in u64.
            (total * did / len.max(1)) as u64
        };
        match self.mode {
            Mode::Separable => Counter {
                depthwise: share(Phase::Depthwise),
                pointwise: share(Phase::Pointwise),
                standard: 0,
            },
            Mode::Standard => Counter {
                standard: share(Phase::Standard),
                ..Counter::default()
            },
            Mode::Race => {
                let (standard, separable) = self.race(done);
                Counter {
                    standard: self.side(Mode::Standard).counter(standard).standard,
                    ..self.side(Mode::Separable).counter(separable)
                }
            }
        }
    }

    /// The index of the step that computes `channel` at (row, col) in `phase`: a
    /// cell is filled once that many steps plus one are done.
    pub fn index_of(&self, phase: Phase, channel: u64, row: u64, col: u64) -> usize {
        let position = row * self.window.cols + col;
        let k = match phase {
            Phase::Depthwise | Phase::Standard => channel * self.positions() + position,
            Phase::Pointwise => position * self.window.outputs + channel,
        };
        self.phase_start(phase) + k as usize
    }

    /// Whether the drawn cells can carry real numbers: every input and
    /// depthwise channel and the whole kernel drawn, so each output value shown
    /// is made of numbers on the stage (outputs and positions may be a window).
    pub fn numbers_fit(&self) -> bool {
        let s = self.layer.spec();
        self.window.inputs == s.in_channels
            && self.window.depthwise == self.layer.depthwise_channels()
            && self.window.taps_rows == s.kernel_height
            && self.window.taps_cols == s.kernel_width
    }

    /// Whether every channel and position is drawn.
    pub fn shows_everything(&self) -> bool {
        let s = self.layer.spec();
        let out = self.layer.output();
        self.window.inputs == s.in_channels
            && self.window.depthwise == self.layer.depthwise_channels()
            && self.window.outputs == s.out_channels
            && self.window.rows == out.height
            && self.window.cols == out.width
            && self.window.taps_rows == s.kernel_height
            && self.window.taps_cols == s.kernel_width
    }

    /// What the stage leaves out, in words, or `None` if it shows everything.
    pub fn skipped(&self) -> Option<String> {
        if self.shows_everything() {
            return None;
        }
        let s = self.layer.spec();
        let out = self.layer.output();
        let w = self.window;
        let mut parts = Vec::new();
        if w.inputs < s.in_channels {
            parts.push(format!(
                "{} of {} input channels",
                w.inputs,
                thousands(s.in_channels)
            ));
        }
        if w.outputs < s.out_channels {
            parts.push(format!(
                "{} of {} output channels",
                w.outputs,
                thousands(s.out_channels)
            ));
        }
        if w.rows < out.height || w.cols < out.width {
            parts.push(format!(
                "{}×{} of {}×{} output positions",
                w.rows, w.cols, out.height, out.width
            ));
        }
        if w.taps_rows < s.kernel_height || w.taps_cols < s.kernel_width {
            parts.push(format!(
                "the top-left {}×{} of each {}×{} kernel and the input it covers",
                w.taps_rows, w.taps_cols, s.kernel_height, s.kernel_width
            ));
        }
        Some(format!(
            "Showing {}. The counter includes the rest: each drawn step stands for its share of the layer.",
            parts.join(", ")
        ))
    }

    /// What the line under the stage says after `done` steps: in bold the phase
    /// of the step just done (before any, the first step's), then that step in
    /// words without repeating the phase; at the end "Done" and the total.
    pub fn status(&self, done: usize) -> (&'static str, String) {
        if self.mode == Mode::Race {
            return self.race_status(done);
        }
        if done >= self.len() {
            let total = thousands(self.counter(self.len()).total());
            return ("Done", format!("{total} multiplications in all."));
        }
        let shown = done.saturating_sub(1);
        let label = self.phase_at(shown).label();
        let description = self.describe(shown);
        let rest = description
            .strip_prefix(label)
            .and_then(|r| r.strip_prefix(" step: "))
            .unwrap_or(&description);
        // ASCII only: the descriptions start with English words, and Unicode's
        // case tables would add kilobytes to the page.
        let mut chars = rest.chars();
        let sentence = chars
            .next()
            .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
            .unwrap_or_default();
        (label, sentence)
    }

    /// A race's line: where each side is, in words.
    fn race_status(&self, done: usize) -> (&'static str, String) {
        let (standard, separable) = self.race(done);
        let c = self.counter(done);
        let side = |name: &str, t: Timeline, done: usize, so_far: u64| {
            if done >= t.len() {
                format!(
                    "{name}: done, {} multiplications in all.",
                    thousands(so_far)
                )
            } else {
                let (_, words) = t.status(done);
                let words = words.trim_end_matches('.');
                let mut chars = words.chars();
                let first = chars.next().map(|c| c.to_ascii_lowercase().to_string());
                format!(
                    "{name}: {}{}; {} so far.",
                    first.unwrap_or_default(),
                    chars.as_str(),
                    thousands(so_far)
                )
            }
        };
        (
            "Race",
            format!(
                "{} {}",
                side("Standard", self.side(Mode::Standard), standard, c.standard),
                side(
                    "Separable",
                    self.side(Mode::Separable),
                    separable,
                    c.depthwise + c.pointwise
                )
            ),
        )
    }

    /// Where "jump to a phase" lands: its first step done, so the line under
    /// the stage describes a step of that phase.
    pub fn jump_target(&self, phase: Phase) -> usize {
        (self.phase_start(phase) + 1).min(self.len())
    }

    /// One sentence saying what step `i` does, for screen readers and the caption.
    pub fn describe(&self, i: usize) -> String {
        let Some(step) = self.step(i) else {
            return format!(
                "Done: {} multiplications in all.",
                thousands(self.counter(self.len()).total())
            );
        };
        let s = self.layer.spec();
        let at = format!("output row {}, column {}", step.row + 1, step.col + 1);
        match step.phase {
            Phase::Depthwise => {
                let dm = s.depth_multiplier;
                let input = step.channel / dm + 1;
                let filter = match dm {
                    1 => format!("the {}×{} filter of channel {input}", s.kernel_height, s.kernel_width),
                    _ => format!(
                        "{}×{} filter {} of {dm} on input channel {input}",
                        s.kernel_height,
                        s.kernel_width,
                        step.channel % dm + 1
                    ),
                };
                format!(
                    "Depthwise step: {filter} slides to {at}, {} multiplications on that channel alone.",
                    s.kernel_height * s.kernel_width
                )
            }
            Phase::Pointwise => format!(
                "Pointwise step: at {at}, output channel {} mixes the {} depthwise values, {} multiplications.",
                step.channel + 1,
                self.layer.depthwise_channels(),
                self.layer.depthwise_channels()
            ),
            Phase::Standard => format!(
                "Standard step: filter {} ({}×{}×{}) at {at}, {} multiplications across all channels.",
                step.channel + 1,
                s.kernel_height,
                s.kernel_width,
                s.in_channels,
                thousands(self.layer.filters(Part::Standard).map(|f| f.1).unwrap_or(0))
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sepconv_calc::LayerSpec;

    fn timeline(spec: LayerSpec, mode: Mode) -> Timeline {
        Timeline::new(Layer::new(spec).unwrap(), mode)
    }

    #[test]
    fn lecture_example_counts_to_432_plus_240() {
        let t = timeline(LayerSpec::lecture_example(), Mode::Separable);
        assert!(t.shows_everything());
        assert_eq!(t.len(), 3 * 16 + 5 * 16);
        assert_eq!(t.phase_start(Phase::Pointwise), 48);
        // Each depthwise step is 3×3 multiplications, each pointwise step 3.
        assert_eq!(t.counter(1).total(), 9);
        assert_eq!(
            t.counter(48),
            Counter {
                depthwise: 432,
                pointwise: 0,
                standard: 0
            }
        );
        assert_eq!(t.counter(49).total(), 432 + 3);
        assert_eq!(t.counter(t.len()).total(), 672);
        assert_eq!(t.counter(t.len() + 10).total(), 672);
        let standard = timeline(LayerSpec::lecture_example(), Mode::Standard);
        assert_eq!(standard.counter(1).total(), 27);
        assert_eq!(standard.counter(standard.len()).total(), 2160);
    }

    #[test]
    fn steps_in_execution_order() {
        let t = timeline(LayerSpec::lecture_example(), Mode::Separable);
        let step = |i| t.step(i).unwrap();
        assert_eq!(
            step(0),
            Step {
                phase: Phase::Depthwise,
                channel: 0,
                row: 0,
                col: 0
            }
        );
        assert_eq!(
            step(5),
            Step {
                phase: Phase::Depthwise,
                channel: 0,
                row: 1,
                col: 1
            }
        );
        assert_eq!(
            step(16),
            Step {
                phase: Phase::Depthwise,
                channel: 1,
                row: 0,
                col: 0
            }
        );
        // Pointwise: every output channel at a position before moving on.
        assert_eq!(
            step(48),
            Step {
                phase: Phase::Pointwise,
                channel: 0,
                row: 0,
                col: 0
            }
        );
        assert_eq!(
            step(52),
            Step {
                phase: Phase::Pointwise,
                channel: 4,
                row: 0,
                col: 0
            }
        );
        assert_eq!(
            step(53),
            Step {
                phase: Phase::Pointwise,
                channel: 0,
                row: 0,
                col: 1
            }
        );
        assert_eq!(t.step(t.len()), None);
        assert_eq!(t.phase_at(t.len()), Phase::Pointwise);
    }

    #[test]
    fn forum_exercise_and_big_layers_end_at_the_calculators_figure() {
        for spec in [
            LayerSpec::forum_exercise(),
            LayerSpec::mobilenet_14x14x512(),
            LayerSpec::mobilenet_first_separable(),
            LayerSpec {
                in_channels: 2048,
                out_channels: 2048,
                height: 224,
                width: 224,
                ..LayerSpec::mobilenet_14x14x512()
            },
        ] {
            let layer = Layer::new(spec).unwrap();
            let t = Timeline::new(layer, Mode::Separable);
            assert_eq!(
                t.counter(t.len()).total(),
                layer.separable().macs,
                "{spec:?}"
            );
            assert_eq!(
                t.counter(t.phase_start(Phase::Pointwise)).depthwise,
                layer.depthwise().macs
            );
            let s = Timeline::new(layer, Mode::Standard);
            assert_eq!(s.counter(s.len()).total(), layer.standard().macs);
            // The counter never goes backwards.
            assert!((0..=t.len()).all(|i| t.counter(i).total() <= t.counter(i + 1).total()));
        }
    }

    #[test]
    fn big_layers_say_what_they_skip() {
        let t = timeline(LayerSpec::mobilenet_14x14x512(), Mode::Separable);
        assert_eq!(
            t.window(),
            Window {
                inputs: 5,
                depthwise: 5,
                outputs: 5,
                rows: 6,
                cols: 6,
                taps_rows: 3,
                taps_cols: 3
            }
        );
        assert_eq!(
            t.skipped().unwrap(),
            "Showing 5 of 512 input channels, 5 of 512 output channels, 6×6 of 14×14 output positions. \
             The counter includes the rest: each drawn step stands for its share of the layer."
        );
        assert_eq!(
            timeline(LayerSpec::lecture_example(), Mode::Standard).skipped(),
            None
        );
    }

    #[test]
    fn index_of_inverts_step() {
        for mode in [Mode::Separable, Mode::Standard] {
            let t = timeline(LayerSpec::lecture_example(), mode);
            for i in 0..t.len() {
                let s = t.step(i).unwrap();
                assert_eq!(t.index_of(s.phase, s.channel, s.row, s.col), i);
            }
        }
    }

    #[test]
    fn descriptions() {
        let t = timeline(LayerSpec::lecture_example(), Mode::Separable);
        assert!(t.describe(0).starts_with(
            "Depthwise step: the 3×3 filter of channel 1 slides to output row 1, column 1"
        ));
        assert!(t.describe(48).starts_with(
            "Pointwise step: at output row 1, column 1, output channel 1 mixes the 3"
        ));
        assert_eq!(t.describe(t.len()), "Done: 672 multiplications in all.");
        // Under the bold phase the caption does not say it again.
        let (label, caption) = t.status(0);
        assert_eq!(label, "Depthwise");
        assert!(
            caption.starts_with("The 3×3 filter of channel 1"),
            "{caption}"
        );
        assert_eq!(
            t.status(t.len()),
            ("Done", "672 multiplications in all.".to_string())
        );
    }

    #[test]
    fn a_link_starts_the_animation_where_it_says() {
        let read = |q: &str| Start::read(&crate::link::pairs(q));
        let (start, notes) = read("?anim=race&at=end");
        assert!(notes.is_empty());
        assert_eq!(
            start,
            Start {
                mode: Mode::Race,
                at: At::End
            }
        );
        assert_eq!(
            read(&format!(
                "?{}",
                start
                    .pairs()
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join("&")
            ))
            .0,
            start
        );
        let t = timeline(LayerSpec::lecture_example(), Mode::Separable);
        assert_eq!(read("?at=pointwise").0.at.steps(&t), 49);
        assert_eq!(read("?at=99999").0.at.steps(&t), t.len());
        assert_eq!(
            read("?at=depthwise")
                .0
                .at
                .steps(&timeline(LayerSpec::lecture_example(), Mode::Standard)),
            0
        );
        let (start, notes) = read("?anim=zoom&at=-3");
        assert_eq!(start, Start::default());
        assert_eq!(notes.len(), 2);
    }

    #[test]
    fn a_race_runs_both_at_the_same_pace_in_multiplications() {
        let t = timeline(LayerSpec::lecture_example(), Mode::Race);
        assert_eq!(t.len(), 80, "the standard side's steps");
        // Separable finishes when the standard side has done 672 of its 2160.
        let finish = (0..=t.len())
            .find(|&d| t.race(d).1 == t.side(Mode::Separable).len())
            .unwrap();
        let at_finish = t.counter(finish);
        assert!(
            at_finish.standard >= 672 && at_finish.standard < 672 + 27,
            "{at_finish:?}"
        );
        assert_eq!(t.counter(t.len()).standard, 2160);
        assert_eq!(
            t.counter(t.len()).depthwise + t.counter(t.len()).pointwise,
            672
        );
        // At every step the separable side has done no more than the standard.
        for d in 0..=t.len() {
            let c = t.counter(d);
            assert!(c.depthwise + c.pointwise <= c.standard, "{d}: {c:?}");
        }
        assert_eq!(t.status(t.len()).0, "Race");
    }

    #[test]
    fn huge_kernels_and_strides_draw_a_bounded_window() {
        for spec in [
            LayerSpec {
                padding: sepconv_calc::Padding::Same,
                height: 4096,
                width: 4096,
                ..LayerSpec::lecture_example().with_kernel(4096)
            },
            LayerSpec {
                height: 1 << 20,
                width: 1 << 20,
                stride: 1 << 19,
                ..LayerSpec::lecture_example().with_kernel(65536)
            },
            LayerSpec {
                height: 1000,
                width: 1000,
                stride: 7,
                ..LayerSpec::mobilenet_14x14x512()
            },
        ] {
            let t = timeline(spec, Mode::Standard);
            let w = t.window();
            assert!(w.taps_rows <= MAX_TAPS_SHOWN && w.taps_cols <= MAX_TAPS_SHOWN);
            let reach = (w.rows - 1) * spec.stride + w.taps_rows;
            assert!(reach <= MAX_INPUT_SHOWN.max(w.taps_rows), "{spec:?}: {w:?}");
            assert!(t.len() <= 5 * 36, "{spec:?}");
            // The counter still ends at the calculator's figure.
            assert_eq!(t.counter(t.len()).total(), t.layer().standard().macs);
            if spec.kernel_height > MAX_TAPS_SHOWN {
                assert!(
                    t.skipped().unwrap().contains("of each"),
                    "{:?}",
                    t.skipped()
                );
            }
        }
    }

    #[test]
    fn a_depth_multiplier_names_each_filter_of_its_input_channel() {
        let t = timeline(
            LayerSpec {
                depth_multiplier: 2,
                ..LayerSpec::lecture_example()
            },
            Mode::Separable,
        );
        // Depthwise channel 4 (0-based 3) is the second filter of input channel 2.
        let i = t.index_of(Phase::Depthwise, 3, 0, 0);
        assert!(
            t.describe(i)
                .starts_with("Depthwise step: 3×3 filter 2 of 2 on input channel 2 slides to"),
            "{}",
            t.describe(i)
        );
        for i in 0..t.phase_len(Phase::Depthwise) {
            let input: u64 = t
                .describe(i)
                .split("input channel ")
                .nth(1)
                .and_then(|rest| rest.split(' ').next())
                .and_then(|n| n.parse().ok())
                .unwrap();
            assert!(
                (1..=3).contains(&input),
                "no input channel {input} in a 3-channel layer"
            );
        }
    }

    #[test]
    fn the_label_names_the_phase_of_the_step_described() {
        for spec in [LayerSpec::lecture_example(), LayerSpec::small_cnn_layer()] {
            for mode in [Mode::Separable, Mode::Standard] {
                let t = timeline(spec, mode);
                for done in 0..t.len() {
                    let (label, caption) = t.status(done);
                    let shown = t.step(done.saturating_sub(1)).unwrap();
                    assert_eq!(label, shown.phase.label(), "{done}");
                    assert!(!caption.contains(" step: "), "{done}: {caption}");
                }
                // A jump lands on a step of the phase jumped to.
                for &phase in t.phases() {
                    assert_eq!(t.status(t.jump_target(phase)).0, phase.label());
                }
            }
        }
    }
}
