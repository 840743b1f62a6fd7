//! The animation's controls: restart, step, play, the scrubber, the speed, the
//! jumps to a phase, and a PNG of the current frame.

use leptos::prelude::*;

use super::player::{Player, SPEEDS};
use crate::components::widgets::save_png::SavePng;
use crate::timeline::{Mode, Phase};

/// The transport bar under the stage.
#[component]
pub fn Transport(
    /// The animation's player.
    player: Player,
    /// The stage (for "Save PNG").
    canvas: NodeRef<leptos::html::Canvas>,
) -> impl IntoView {
    let Player {
        mode,
        done,
        playing,
        speed,
        ..
    } = player;
    let len = move || player.steps();
    let frame_file =
        Callback::new(move |_| format!("sepconv-animation-step-{}.png", done.get_untracked()));
    view! {
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
    }
}
