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

use super::chart_canvas::{css_size, redraw_trigger, theme_look, Theme};
use super::export::SavePng;
use super::keyboard::PlayerSlot;
use super::math::named;
use super::near_screen::near_screen;
use super::player::{Player, SPEEDS};
use super::print::{offscreen_canvas, on_print};
use super::stage_painter::{paint, paint_still, Colours};
use crate::state::LayerState;
use crate::timeline::{Mode, Phase, Timeline};
use crate::timing;
use sepconv_calc::Symbol;

/// Steps per second at 1× speed: the lecture example's 128 steps take 32 s.
const STEPS_PER_SECOND: f64 = 4.0;

/// The frames printed in place of the animation: (caption, steps done).
fn stills(t: &Timeline) -> Vec<(String, usize)> {
    let middle = |phase| t.phase_start(phase) + t.phase_len(phase) / 2;
    let frames = match t.mode() {
        Mode::Separable => vec![
            ("1. Depthwise step, half way", middle(Phase::Depthwise)),
            ("2. Pointwise step, half way", middle(Phase::Pointwise)),
            ("3. The result", t.len()),
        ],
        Mode::Standard => vec![
            ("1. Standard convolution, half way", middle(Phase::Standard)),
            ("2. The result", t.len()),
        ],
    };
    frames
        .into_iter()
        .map(|(title, done)| {
            let count = thousands(t.counter(done).total());
            (format!("{title}: {count} multiplications"), done)
        })
        .collect()
}

/// The animation as a row of still frames, for print: drawn in the paper's
/// colours just before printing.
#[component]
fn PrintStills(player: Player) -> impl IntoView {
    let figure = NodeRef::<leptos::html::Figure>::new();
    let frames = move || player.timeline.with(stills);
    on_print(move || {
        let (Some(figure), Some(t)) = (figure.get_untracked(), player.timeline.try_get_untracked())
        else {
            return;
        };
        // The figure carries data-theme="light": its computed colours are the paper's.
        let colours = Colours::read(&Theme::of(&figure));
        let example = t
            .shows_everything()
            .then(|| Example::new(t.layer()))
            .flatten();
        let imgs = figure.query_selector_all("img").ok();
        for (i, (_, done)) in stills(&t).into_iter().enumerate() {
            let image = imgs
                .as_ref()
                .and_then(|l| l.item(i as u32))
                .and_then(|n| n.dyn_into::<web_sys::HtmlImageElement>().ok());
            if let (Some(image), Some(canvas)) = (image, offscreen_canvas(1, 1)) {
                paint_still(
                    &canvas,
                    (340.0, 240.0),
                    3.0,
                    &colours,
                    &t,
                    done,
                    example.as_ref(),
                );
                if let Ok(url) = canvas.to_data_url() {
                    image.set_src(&url);
                }
            }
        }
    });
    view! {
        <figure node_ref=figure class="print-only stills" data-theme="light" data-testid="print-stills">
            {move || frames().into_iter().map(|(caption, _)| view! {
                <div class="still">
                    <img alt=caption.clone() />
                    <p>{caption}</p>
                </div>
            }).collect_view()}
        </figure>
    }
}

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
    let section = NodeRef::<leptos::html::Section>::new();
    let state = state.when_near(near_screen(section));
    let player = Player::new(state);
    PlayerSlot::register(player);
    let Player {
        mode,
        timeline,
        done,
        playing,
        speed,
    } = player;
    let example = Memo::new(move |_| {
        let t = timeline.get();
        t.shows_everything()
            .then(|| Example::new(t.layer()))
            .flatten()
    });
    let len = move || player.steps();

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
    let look = theme_look(canvas, redraw.clone(), Colours::read);
    let size = css_size(canvas, redraw.clone());
    let near = near_screen(canvas);
    // Tracks the trigger too: a resize changes the pixels but not the colours.
    Effect::new(move |_| {
        if !near.get() {
            return;
        }
        redraw.track();
        let (t, d, size) = (timeline.get(), done.get(), size.get());
        let e = example.get();
        if let (Some(canvas), Some((colours, zoom))) = (canvas.get(), look.get()) {
            timing::measured(timing::STAGE, || {
                paint(&canvas, size, &colours, &t, d, e.as_ref(), zoom)
            });
        }
    });

    let counter = move || timeline.with(|t| t.counter(done.get()));
    let status = Memo::new(move |_| timeline.with(|t| t.status(done.get())));
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
        let n = state.notation.get();
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
    let mode_button = move |m: Mode, label: &'static str| {
        view! {
            <button type="button" aria-pressed=move || (mode.get() == m).to_string() on:click=move |_| mode.set(m)>
                {label}
            </button>
        }
    };
    let frame_file =
        Callback::new(move |_| format!("sepconv-animation-step-{}.png", done.get_untracked()));

    view! {
        <section node_ref=section id="animation" class="panel animation" aria-labelledby="animation-title">
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
            <PrintStills player />
            <p class="stage-legend" data-testid="stage-legend">{legend}</p>
            // Announced when stepping, not four times a second while playing.
            <p class="phase" aria-live=move || if playing.get() { "off" } else { "polite" }>
                <strong data-testid="phase-label">{move || status.get().0}</strong>
                ": "
                <span data-testid="step-description">{move || status.get().1}</span>
            </p>
            <p class="sum" data-testid="step-sum">{sum}</p>
            {move || timeline.with(Timeline::skipped).map(|s| view! { <p class="note" data-testid="skipped">{s}</p> })}
            <div class="transport" role="group" aria-label="Animation controls">
                <button type="button" on:click=move |_| player.seek(0) data-testid="restart">"Restart"</button>
                <button type="button" on:click=move |_| player.step_by(-1) aria-label="Step back" data-testid="step-back">"◀"</button>
                <button type="button" class="play" on:click=move |_| player.toggle() data-testid="play">
                    {move || if playing.get() { "Pause" } else { "Play" }}
                </button>
                <button type="button" on:click=move |_| player.step_by(1) aria-label="Step forward" data-testid="step-forward">"▶"</button>
                <input
                    type="range"
                    class="scrubber"
                    min="0"
                    max=move || len().to_string()
                    aria-label="Timeline"
                    aria-valuetext=move || format!("step {} of {}", done.get(), len())
                    data-testid="scrubber"
                    prop:value=move || done.get().to_string()
                    on:input=move |ev| player.seek(event_target_value(&ev).parse().unwrap_or(0))
                />
                <label class="speed">
                    "Speed "
                    <select
                        data-testid="speed"
                        prop:value=move || speed.get().to_string()
                        on:change=move |ev| {
                            // Matched against the options' own values: parsing a float
                            // would bring the float parser (15 KB gzip) into the page.
                            let chosen = event_target_value(&ev);
                            speed.set(SPEEDS.into_iter().find(|s| s.to_string() == chosen).unwrap_or(1.0));
                        }
                    >
                        {SPEEDS.iter().map(|&s| view! {
                            <option value=s.to_string()>{format!("{s}×")}</option>
                        }).collect_view()}
                    </select>
                </label>
                {move || (mode.get() == Mode::Separable).then(|| view! {
                    <button type="button" on:click=move |_| player.jump(Phase::Depthwise)>"Depthwise"</button>
                    <button type="button" on:click=move |_| player.jump(Phase::Pointwise) data-testid="jump-pointwise">"Pointwise"</button>
                })}
                <SavePng canvas what="the current frame".to_string() file_name=frame_file testid="stage-save".to_string() />
            </div>
        </section>
    }
}
