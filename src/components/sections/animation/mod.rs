//! Section 3, the two steps: the depthwise step then the pointwise step on a
//! canvas, or a standard convolution for contrast, with a counter that ends at
//! the calculator's figure.

pub mod player;
pub mod readouts;
pub mod stage_painter;
pub mod stills;
pub mod transport;

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use sepconv_calc::example::{written_out, Example};

use self::player::{Player, Start};
use self::readouts::{CounterBar, StageLegend};
use self::stage_painter::{paint, Frame};
use self::stills::PrintStills;
use self::transport::Transport;
use crate::components::hooks::use_canvas_paint::use_canvas_paint;
use crate::components::hooks::use_frame_loop::use_frame_loop;
use crate::components::hooks::use_keys::PlayerSlot;
use crate::components::hooks::use_near_screen::{use_near_screen, use_section_state};
use crate::components::hooks::use_pause_when_hidden::use_pause_when_hidden;
use crate::components::widgets::url_notes::UrlNotes;
use crate::embed::Section;
use crate::state::LayerState;
use crate::timeline::{Mode, Phase, Timeline};
use crate::timing;

/// Steps per second at 1× speed: the lecture example's 128 steps take 32 s.
const STEPS_PER_SECOND: f64 = 4.0;

/// The animation section.
#[component]
pub fn AnimationSection(
    /// The page's layer state.
    state: LayerState,
    /// The animation's pairs in the page's link (its starting frame): read
    /// here, and kept equal to the mode shown.
    link: RwSignal<Vec<(String, String)>>,
) -> impl IntoView {
    let (section, state) = use_section_state(state);
    let (start, notes) = Start::read(&link.get_untracked());
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let on_screen = use_near_screen(canvas);
    let player = Player::new(state, start, on_screen.into());
    PlayerSlot::register(player);
    let Player {
        mode,
        timeline,
        done,
        playing,
        speed,
        ..
    } = player;
    Effect::new(move |_| {
        let shown = Start {
            mode: mode.get(),
            ..start
        };
        link.set(shown.pairs());
    });
    let example = Memo::new(move |_| {
        let t = timeline.get();
        t.numbers_fit().then(|| Example::new(t.layer())).flatten()
    });
    // Advance by whole steps; the fraction waits in a Cell between frames.
    let carry = Rc::new(Cell::new(0.0f64));
    use_frame_loop(playing.into(), move |elapsed_ms| {
        let steps = carry.get() + elapsed_ms / 1000.0 * STEPS_PER_SECOND * speed.get_untracked();
        let whole = steps.floor();
        carry.set(steps - whole);
        if whole >= 1.0 {
            player.advance(whole as usize);
        }
    });
    use_pause_when_hidden(playing);

    use_canvas_paint(canvas, timing::STAGE, move |c, surface, palette| {
        let (done, example) = (done.get(), example.get());
        // Presenter mode shows a close-up, big enough to read from the back of
        // a room. The attribute is the page's look: a change redraws the stage.
        let close_up = document()
            .document_element()
            .is_some_and(|root| root.has_attribute("data-present"));
        let frame = Frame {
            timeline: timeline.get(),
            done,
            example: example.as_ref(),
            close_up,
        };
        let painted = paint(c, surface, palette, &frame);
        // For the tests: the numbers' size (their legibility on a projector),
        // the outputs each side drew (equal in a race), the channels' order.
        let _ = c.set_attribute("data-digit-px", &format!("{:.0}", painted.digit_px));
        let _ = c.set_attribute("data-standard-output", &painted.standard_output);
        let _ = c.set_attribute("data-separable-output", &painted.separable_output);
        let _ = c.set_attribute("data-input-channels", &painted.input_channels);
    });

    let status = Memo::new(move |_| timeline.with(|t| t.status(done.get())));
    let description = move || {
        timeline.with(|t| match t.mode() {
            Mode::Race => t.status(done.get()).1,
            _ => t.describe(done.get().saturating_sub(1).min(t.len())),
        })
    };
    let sum = move || {
        let t = timeline.get();
        if t.mode() == Mode::Race {
            return None;
        }
        let step = done.get().checked_sub(1).and_then(|i| t.step(i))?;
        let e = example.get()?;
        let products = match step.phase {
            Phase::Depthwise => e.depthwise_products(step.channel, step.row, step.col),
            Phase::Pointwise => e.pointwise_products(step.channel, step.row, step.col),
            Phase::Standard => e.standard_products(step.channel, step.row, step.col),
        };
        Some(written_out(&products, 9))
    };
    view! {
        <section node_ref=section id=Section::Animation.id() class="panel animation" aria-labelledby="animation-title">
            <h2 id="animation-title">"The two steps"</h2>
            <CounterBar player />
            <canvas
                node_ref=canvas
                class="stage"
                tabindex="0"
                role="img"
                aria-label=description
                data-testid="stage"
            ></canvas>
            <PrintStills player />
            <StageLegend state />
            // Announced when stepping, not four times a second while playing.
            <p class="phase" aria-live=move || if playing.get() { "off" } else { "polite" }>
                <strong data-testid="phase-label">{move || status.get().0}</strong>
                ": "
                <span data-testid="step-description">{move || status.get().1}</span>
            </p>
            <p class="sum" data-testid="step-sum">{sum}</p>
            {move || (mode.get() != Mode::Separable).then(|| view! {
                <p class="note" data-testid="same-outputs">
                    "The standard filters here are the separable pair's W = P·D, so both give the same outputs: without anything between the steps, depthwise then pointwise is one standard convolution. "
                    "With a ReLU between the steps, as in MobileNet, the outputs would differ."
                </p>
            })}
            <UrlNotes notes testid="animation-notes" />
            {move || timeline.with(Timeline::skipped).map(|s| view! { <p class="note" data-testid="skipped">{s}</p> })}
            <Transport player canvas />
        </section>
    }
}
