//! Section 3, the two steps: the depthwise step then the pointwise step on a
//! canvas, or a standard convolution for contrast, with a counter that ends at
//! the calculator's figure.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use sepconv_calc::example::{written_out, Example};
use sepconv_calc::format::thousands;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::chart_canvas::{redraw_trigger, Theme};
use super::math::named;
use super::stage_painter::{paint, Colours};
use crate::state::LayerState;
use crate::timeline::{Mode, Phase, Timeline};
use sepconv_calc::Symbol;

/// Steps per second at 1× speed: the lecture example's 128 steps take 32 s.
const STEPS_PER_SECOND: f64 = 4.0;
/// Speeds offered, as multiples of normal.
const SPEEDS: [f64; 6] = [0.25, 0.5, 1.0, 2.0, 4.0, 8.0];

/// Calls `on_frame(elapsed_ms)` on every animation frame while `active` is true;
/// stops on cleanup. Per-frame state stays in `Cell`s, not signals.
fn frame_loop(active: Signal<bool>, on_frame: impl Fn(f64) + 'static) {
    type Callback = Closure<dyn FnMut(f64)>;
    let slot: Rc<RefCell<Option<Callback>>> = Rc::new(RefCell::new(None));
    let last = Rc::new(Cell::new(None::<f64>));
    let handle = Rc::new(Cell::new(None::<i32>));
    let schedule = {
        let (slot, handle) = (slot.clone(), handle.clone());
        move || {
            if let Some(callback) = slot.borrow().as_ref() {
                handle.set(
                    window()
                        .request_animation_frame(callback.as_ref().unchecked_ref())
                        .ok(),
                );
            }
        }
    };
    let tick = {
        let (last, handle, schedule) = (last.clone(), handle.clone(), schedule.clone());
        move |now: f64| {
            handle.set(None);
            // A frame after unmount must not touch disposed signals.
            if !active.try_get_untracked().unwrap_or(false) {
                last.set(None);
                return;
            }
            if let Some(previous) = last.get() {
                on_frame(now - previous);
            }
            last.set(Some(now));
            schedule();
        }
    };
    *slot.borrow_mut() = Some(Closure::new(tick));
    let cancel = send_wrapper::SendWrapper::new((slot.clone(), handle.clone()));
    Effect::new(move |_| {
        if active.get() && handle.get().is_none() {
            last.set(None);
            schedule();
        }
    });
    on_cleanup(move || {
        let (slot, handle) = cancel.take();
        if let Some(id) = handle.get() {
            let _ = window().cancel_animation_frame(id);
        }
        slot.borrow_mut().take();
    });
}

/// Pauses when the tab is hidden.
fn pause_when_hidden(playing: RwSignal<bool>) {
    let listener = Closure::<dyn Fn()>::new(move || {
        if document().hidden() {
            playing.set(false);
        }
    });
    let _ = document()
        .add_event_listener_with_callback("visibilitychange", listener.as_ref().unchecked_ref());
    let keep = send_wrapper::SendWrapper::new(listener);
    on_cleanup(move || {
        let listener = keep.take();
        let _ = document().remove_event_listener_with_callback(
            "visibilitychange",
            listener.as_ref().unchecked_ref(),
        );
    });
}

/// The animation section.
#[component]
pub fn AnimationSection(
    /// The page's layer state.
    state: LayerState,
) -> impl IntoView {
    let mode = RwSignal::new(Mode::Separable);
    let timeline = Memo::new(move |_| Timeline::new(state.layer.get(), mode.get()));
    let example = Memo::new(move |_| {
        let t = timeline.get();
        t.shows_everything()
            .then(|| Example::new(t.layer()))
            .flatten()
    });
    let done = RwSignal::new(0usize);
    let playing = RwSignal::new(false);
    let speed = RwSignal::new(1.0f64);
    // A changed layer or mode starts the timeline over.
    Effect::new(move |_| {
        timeline.track();
        done.set(0);
    });

    let len = move || timeline.with(Timeline::len);
    let step_by = move |delta: isize| {
        playing.set(false);
        done.update(|d| *d = d.saturating_add_signed(delta).min(len()));
    };
    let toggle = move || {
        if done.get_untracked() >= len() {
            done.set(0);
        }
        playing.update(|p| *p = !*p);
    };

    // Advance by whole steps; the fraction waits in a Cell between frames.
    let carry = Rc::new(Cell::new(0.0f64));
    frame_loop(playing.into(), move |elapsed_ms| {
        let steps = carry.get() + elapsed_ms / 1000.0 * STEPS_PER_SECOND * speed.get_untracked();
        let whole = steps.floor();
        carry.set(steps - whole);
        if whole >= 1.0 {
            let end = len();
            let next = (done.get_untracked() + whole as usize).min(end);
            done.set(next);
            if next >= end {
                playing.set(false);
            }
        }
    });
    pause_when_hidden(playing);

    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let redraw = redraw_trigger();
    let colours = {
        let redraw = redraw.clone();
        Memo::new(move |_| {
            redraw.track();
            canvas.get().map(|c| Colours::read(&Theme::of(&c)))
        })
    };
    // Tracks the trigger too: a resize changes the pixels but not the colours.
    Effect::new(move |_| {
        redraw.track();
        let (t, d) = (timeline.get(), done.get());
        let e = example.get();
        if let (Some(canvas), Some(colours)) = (canvas.get(), colours.get()) {
            paint(&canvas, &colours, &t, d, e.as_ref());
        }
    });

    let counter = move || timeline.with(|t| t.counter(done.get()));
    let phase_label = move || {
        let t = timeline.get();
        match done.get() {
            d if d >= t.len() => "Done".to_string(),
            d => t.phase_at(d).label().to_string(),
        }
    };
    let description =
        move || timeline.with(|t| t.describe(done.get().saturating_sub(1).min(t.len())));
    let sum = move || {
        let t = timeline.get();
        let step = done.get().checked_sub(1).and_then(|i| t.step(i))?;
        let e = example.get()?;
        let products = match step.phase {
            Phase::Depthwise => e.depthwise_products(step.channel, step.row, step.col),
            Phase::Pointwise => e.pointwise_products(step.channel, step.row, step.col),
            Phase::Standard => e.standard_products(step.channel, step.row, step.col),
        };
        Some(written_out(&products, 9))
    };
    let counter_text = move || {
        let c = counter();
        let t = timeline.get();
        match t.mode() {
            Mode::Separable => view! {
                <span class="depthwise-text">{thousands(c.depthwise)}</span>
                " depthwise + "
                <span class="pointwise-text">{thousands(c.pointwise)}</span>
                " pointwise"
            }
            .into_any(),
            Mode::Standard => view! { <span class="standard-text">"standard"</span> }.into_any(),
        }
    };
    let target = move || {
        let t = timeline.get();
        match t.mode() {
            Mode::Separable => t.layer().separable().macs,
            Mode::Standard => t.layer().standard().macs,
        }
    };
    // The tensors' shapes under the stage, in the page's notation.
    let legend = move || {
        let n = state.controls.with(|c| c.notation);
        let s = |symbol| named(symbol, n);
        let l = state.layer.get();
        let (spec, out) = (*l.spec(), l.output());
        let times = || view! { <mo>"×"</mo> };
        view! {
            "Input "
            <math><mrow>{s(Symbol::InHeight)}{times()}{s(Symbol::InWidth)}{times()}{s(Symbol::InChannels)}</mrow></math>
            {format!(" = {}×{}×{}", spec.height, spec.width, spec.in_channels)}
            ", filters "
            <math><mrow>{s(Symbol::KernelHeight)}{times()}{s(Symbol::KernelWidth)}</mrow></math>
            ", output "
            <math><mrow>{s(Symbol::OutHeight)}{times()}{s(Symbol::OutWidth)}{times()}{s(Symbol::OutChannels)}</mrow></math>
            {format!(" = {}×{}×{}", out.height, out.width, out.channels)}
        }
    };
    let jump = move |phase: Phase| {
        playing.set(false);
        done.set(timeline.with(|t| t.phase_start(phase)));
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        // Fields and sliders keep their own keys.
        let in_field = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .is_some();
        if in_field {
            return;
        }
        let handled = match ev.key().as_str() {
            " " => {
                toggle();
                true
            }
            "ArrowRight" => {
                step_by(1);
                true
            }
            "ArrowLeft" => {
                step_by(-1);
                true
            }
            "Home" => {
                playing.set(false);
                done.set(0);
                true
            }
            _ => false,
        };
        if handled {
            ev.prevent_default();
        }
    };
    let mode_button = move |m: Mode, label: &'static str| {
        view! {
            <button type="button" aria-pressed=move || (mode.get() == m).to_string() on:click=move |_| mode.set(m)>
                {label}
            </button>
        }
    };

    view! {
        <section id="animation" class="panel animation" aria-labelledby="animation-title" on:keydown=on_key>
            <h2 id="animation-title">"The two steps"</h2>
            <div class="animation-bar">
                <div class="mode" role="group" aria-label="Convolution">
                    {mode_button(Mode::Separable, "Depthwise separable")}
                    {mode_button(Mode::Standard, "Standard")}
                </div>
                <p class="counter" data-testid="anim-counter" aria-live="off">
                    <strong data-testid="anim-total">{move || thousands(counter().total())}</strong>
                    " of " {move || thousands(target())} " multiplications: "
                    {counter_text}
                </p>
            </div>
            <canvas
                node_ref=canvas
                class="stage"
                tabindex="0"
                role="img"
                aria-label=description
                data-testid="stage"
            ></canvas>
            <p class="stage-legend" data-testid="stage-legend">{legend}</p>
            <p class="phase" aria-live="polite">
                <strong data-testid="phase-label">{phase_label}</strong>
                ": "
                <span data-testid="step-description">{description}</span>
            </p>
            <p class="sum" data-testid="step-sum">{sum}</p>
            {move || timeline.with(Timeline::skipped).map(|s| view! { <p class="note" data-testid="skipped">{s}</p> })}
            <div class="transport" role="group" aria-label="Animation controls">
                <button type="button" on:click=move |_| { playing.set(false); done.set(0); } data-testid="restart">"Restart"</button>
                <button type="button" on:click=move |_| step_by(-1) aria-label="Step back" data-testid="step-back">"◀"</button>
                <button type="button" class="play" on:click=move |_| toggle() data-testid="play">
                    {move || if playing.get() { "Pause" } else { "Play" }}
                </button>
                <button type="button" on:click=move |_| step_by(1) aria-label="Step forward" data-testid="step-forward">"▶"</button>
                <input
                    type="range"
                    class="scrubber"
                    min="0"
                    max=move || len().to_string()
                    aria-label="Timeline"
                    data-testid="scrubber"
                    prop:value=move || done.get().to_string()
                    on:input=move |ev| {
                        playing.set(false);
                        done.set(event_target_value(&ev).parse().unwrap_or(0));
                    }
                />
                <label class="speed">
                    "Speed "
                    <select on:change=move |ev| speed.set(event_target_value(&ev).parse().unwrap_or(1.0))>
                        {SPEEDS.iter().map(|&s| view! {
                            <option value=s.to_string() selected=s == 1.0>{format!("{s}×")}</option>
                        }).collect_view()}
                    </select>
                </label>
                {move || (mode.get() == Mode::Separable).then(|| view! {
                    <button type="button" on:click=move |_| jump(Phase::Depthwise)>"Depthwise"</button>
                    <button type="button" on:click=move |_| jump(Phase::Pointwise) data-testid="jump-pointwise">"Pointwise"</button>
                })}
            </div>
        </section>
    }
}
