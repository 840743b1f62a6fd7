//! The animation's transport: where it is, whether it plays, how fast. One
//! `Copy` value shared by the section's buttons and the page's shortcuts.

use leptos::prelude::*;

use crate::shortcuts::Action;
use crate::state::LayerState;
pub use crate::timeline::{At, Start};
use crate::timeline::{Mode, Phase, Timeline};

/// Speeds offered, as multiples of normal.
pub const SPEEDS: [f64; 6] = [0.25, 0.5, 1.0, 2.0, 4.0, 8.0];

/// The animation's state and what can be done with it.
#[derive(Clone, Copy)]
pub struct Player {
    /// Separable or standard.
    pub mode: RwSignal<Mode>,
    /// The steps of the current layer and mode.
    pub timeline: Memo<Timeline>,
    /// Steps done.
    pub done: RwSignal<usize>,
    /// Whether it is playing.
    pub playing: RwSignal<bool>,
    /// Speed, one of [`SPEEDS`].
    pub speed: RwSignal<f64>,
    /// Whether the stage is on screen or near it: Space plays only then, and
    /// scrolls the page otherwise.
    pub on_screen: Signal<bool>,
}

impl Player {
    /// A player for the page's layer, starting as `start` says; a changed
    /// layer or mode starts the timeline over.
    pub fn new(state: LayerState, start: Start, on_screen: Signal<bool>) -> Player {
        let mode = RwSignal::new(start.mode);
        let timeline = Memo::new(move |_| Timeline::new(state.layer.get(), mode.get()));
        let done = RwSignal::new(timeline.with_untracked(|t| start.at.steps(t)));
        Effect::new(move |first: Option<()>| {
            timeline.track();
            // The start position holds for the first timeline only.
            if first.is_some() {
                done.set(0);
            }
        });
        Player {
            mode,
            timeline,
            done,
            playing: RwSignal::new(false),
            speed: RwSignal::new(1.0),
            on_screen,
        }
    }

    /// Advances by `steps` (whole ones; the caller keeps the fraction), and
    /// stops at the end.
    pub fn advance(self, steps: usize) {
        let end = self.steps();
        let next = (self.done.get_untracked() + steps).min(end);
        self.done.set(next);
        if next >= end {
            self.playing.set(false);
        }
    }

    /// Steps in all.
    pub fn steps(self) -> usize {
        self.timeline.with(Timeline::len)
    }

    /// Play or pause; playing at the end starts over.
    pub fn toggle(self) {
        if self.done.get_untracked() >= self.steps() {
            self.done.set(0);
        }
        self.playing.update(|p| *p = !*p);
    }

    /// Pauses and moves by `delta` steps, within the timeline.
    pub fn step_by(self, delta: isize) {
        self.playing.set(false);
        let len = self.steps();
        self.done
            .update(|d| *d = d.saturating_add_signed(delta).min(len));
    }

    /// Pauses at step `done`.
    pub fn seek(self, done: usize) {
        self.playing.set(false);
        self.done.set(done.min(self.steps()));
    }

    /// Pauses on the first step of `phase`.
    pub fn jump(self, phase: Phase) {
        self.seek(self.timeline.with(|t| t.jump_target(phase)));
    }

    /// The next speed up (`faster`) or down, staying at the ends.
    pub fn change_speed(self, faster: bool) {
        let now = self.speed.get_untracked();
        let i = SPEEDS.iter().position(|s| *s == now).unwrap_or(2);
        let next = if faster {
            (i + 1).min(SPEEDS.len() - 1)
        } else {
            i.saturating_sub(1)
        };
        self.speed.set(SPEEDS[next]);
    }

    /// Does an animation shortcut; false for other actions, and for Space
    /// while the stage is off screen (the page scrolls instead of playing
    /// unseen).
    pub fn apply(self, action: Action) -> bool {
        match action {
            Action::PlayPause if !self.on_screen.get_untracked() => return false,
            Action::PlayPause => self.toggle(),
            Action::Mode(mode) => self.mode.set(mode),
            Action::StepBack => self.step_by(-1),
            Action::StepForward => self.step_by(1),
            Action::Faster => self.change_speed(true),
            Action::Slower => self.change_speed(false),
            Action::Restart => self.seek(0),
            _ => return false,
        }
        true
    }
}
