//! The whole page: header, the layer's controls beside its cost, the animation,
//! why it works and what it costs, whole networks, and an exercise.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::animation_section::AnimationSection;
use super::catch_section::CatchSection;
use super::controls_panel::ControlsPanel;
use super::cost_section::CostSection;
use super::exercise_section::ExerciseSection;
use super::factorisation::Factorisation;
use super::groups_section::GroupsSection;
use super::networks_section::NetworksSection;
use super::why_section::{AnswerBox, Evidence};
use crate::explorer::Explorer;
use crate::state::LayerState;
use crate::{practice, query};

/// Keeps the query string equal to the controls and the other sections' state
/// (`sections`), without adding history entries. Parameters the page does not
/// own (`opened_with`) are kept.
fn sync_url(
    state: LayerState,
    opened_with: Vec<(String, String)>,
    sections: impl Fn() -> Vec<(String, String)> + 'static,
) {
    Effect::new(move |_| {
        let extra = query::updated(&opened_with, &sections());
        let query = query::write(&state.controls.get(), &extra);
        if let Ok(history) = window().history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&query));
        }
    });
}

/// Marks the page ready once the first numbers and charts are drawn (tests and
/// the benchmark wait for it).
fn mark_ready() {
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-ready", "true");
        }
        if let Some(performance) = window().performance() {
            let _ = performance.mark("sepconv-ready");
        }
    });
}

/// "Copy link": the current URL to the clipboard. The clipboard exists only in
/// secure contexts (https or localhost); elsewhere the button says where the link is.
#[component]
fn CopyLink() -> impl IntoView {
    let label = RwSignal::new("Copy link");
    let copy = move |_| {
        let href = window().location().href().ok();
        leptos::task::spawn_local(async move {
            let copied = match href {
                // The write is a promise the browser may refuse: wait for its answer.
                Some(href) if window().is_secure_context() => {
                    let promise = window().navigator().clipboard().write_text(&href);
                    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
                }
                _ => false,
            };
            label.set(if copied {
                "Link copied"
            } else {
                "Copy it from the address bar"
            });
            set_timeout(move || label.set("Copy link"), Duration::from_secs(3));
        });
    };
    view! {
        <button type="button" class="copy-link" on:click=copy data-testid="copy-link" aria-live="polite">
            {label}
        </button>
    }
}

/// The page.
#[component]
pub fn App() -> impl IntoView {
    let search = window().location().search().unwrap_or_default();
    let (controls, notes) = query::read(&search);
    let state = LayerState::new(controls);
    let opened_with = query::pairs(&search);
    let (explorer, explorer_notes) = Explorer::read(&opened_with);
    let explorer = RwSignal::new(explorer);
    let (seed, exercise_notes) = practice::read_seed(&opened_with);
    let seed = RwSignal::new(seed.unwrap_or_else(|| practice::seed_from(js_sys::Math::random())));
    sync_url(state, opened_with, move || {
        let mut pairs = explorer.get().pairs();
        pairs.push((practice::KEY.to_string(), seed.get().to_string()));
        pairs
    });
    let notation = Signal::derive(move || state.controls.with(|c| c.notation));

    let page = view! {
        <header class="site-header">
            <div>
                <h1>"Sepconv"</h1>
                <p class="tagline">"Depthwise separable convolution, counted exactly"</p>
            </div>
            <CopyLink />
        </header>
        <main>
            <p class="intro">
                "A standard convolution gives every output channel its own K×K filter across all input channels. "
                "A depthwise separable convolution splits that into two cheap steps: a "
                <strong class="depthwise-text">"depthwise"</strong>
                " step (one K×K filter per input channel) and a "
                <strong class="pointwise-text">"pointwise"</strong>
                " step (1×1 filters that mix the channels). Move the sliders to see how much it saves for your layer, and why."
            </p>
            <div class="layout">
                <ControlsPanel state notes />
                <div class="results">
                    <CostSection state />
                </div>
            </div>
            <AnimationSection state />
            <div id="why" class="why-sections">
                <AnswerBox />
                <Evidence />
                <Factorisation state />
                <GroupsSection state />
            </div>
            <CatchSection state />
            <NetworksSection state explorer notes=explorer_notes />
            <ExerciseSection seed notes=exercise_notes notation />
        </main>
        <footer class="site-footer">
            <p>
                "Counts follow Howard et al., "
                <a href="https://arxiv.org/abs/1704.04861">"MobileNets (2017)"</a>
                ". MACs are multiply-accumulates, the paper's “Mult-Adds”."
            </p>
        </footer>
    };
    mark_ready();
    page
}
