//! The animation in print: a row of still frames (a step half way, the
//! result), drawn in the paper's colours just before printing.

use leptos::prelude::*;
use sepconv_calc::example::Example;
use sepconv_calc::format::thousands;
use wasm_bindgen::JsCast;

use super::player::Player;
use super::stage_painter::{paint, Frame};
use crate::components::hooks::use_canvas_paint::render_to_image;
use crate::components::hooks::use_print::use_print;
use crate::timeline::{Mode, Phase, Timeline};

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
        Mode::Race => vec![
            ("1. The race, a quarter of the way", t.len() / 4),
            ("2. The race, half way", t.len() / 2),
            ("3. The end of the race", t.len()),
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
pub fn PrintStills(
    /// The animation's player (its timeline).
    player: Player,
) -> impl IntoView {
    let figure = NodeRef::<leptos::html::Figure>::new();
    let frames = move || player.timeline.with(stills);
    use_print(move || {
        let (Some(figure), Some(t)) = (figure.get_untracked(), player.timeline.try_get_untracked())
        else {
            return;
        };
        let example = t.numbers_fit().then(|| Example::new(t.layer())).flatten();
        let images = figure.query_selector_all("img").ok();
        for (i, (_, done)) in stills(&t).into_iter().enumerate() {
            let image = images
                .as_ref()
                .and_then(|l| l.item(i as u32))
                .and_then(|n| n.dyn_into::<web_sys::HtmlImageElement>().ok());
            let frame = Frame {
                timeline: t,
                done,
                example: example.as_ref(),
                close_up: false,
            };
            if let Some(image) = image {
                // The images carry data-theme="light": the paper's colours.
                render_to_image(&image, (340.0, 240.0), |canvas, surface, paper| {
                    paint(canvas, surface, paper, &frame);
                });
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
