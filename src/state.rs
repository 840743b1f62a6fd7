//! The one shared state every section reads: the layer being explained.

use std::time::Duration;

use leptos::prelude::*;
use sepconv_calc::{Layer, LayerError, LayerSpec, Notation};

use crate::controls::Controls;

/// Signals shared by the sections. `Copy`, so it is passed as a prop.
#[derive(Clone, Copy)]
pub struct LayerState {
    /// What the controls show.
    pub controls: RwSignal<Controls>,
    /// The calculator's verdict on the controls.
    pub checked: Memo<Result<Layer, LayerError>>,
    /// The layer the page explains: the last valid one.
    pub layer: Memo<Layer>,
    /// The symbols the page writes. A memo of its own: the controls change on
    /// every slider move, the notation rarely.
    pub notation: Memo<Notation>,
    /// `layer` once it has stayed the same for `SETTLE`: what sections off
    /// screen follow (`when_near`).
    settled: ReadSignal<Layer>,
}

/// How long the layer must rest before sections off screen catch up: longer
/// than the gap between two slider events while dragging.
const SETTLE: Duration = Duration::from_millis(150);

impl LayerState {
    /// State starting from `controls`; if they are impossible, the page explains the
    /// lecture example until they are fixed: the opening layer is valid, so an
    /// impossible layer comes from a link that names layer values, and such a
    /// link takes the others from the lecture example (`Controls::link_base`).
    pub fn new(controls: Controls) -> LayerState {
        let controls = RwSignal::new(controls);
        let checked = Memo::new(move |_| Layer::new(controls.with(Controls::spec)));
        let layer = Memo::new(move |previous: Option<&Layer>| match checked.get() {
            Ok(layer) => layer,
            Err(_) => previous.copied().unwrap_or_else(|| {
                Layer::new(LayerSpec::lecture_example()).expect("the lecture example is valid")
            }),
        });
        let notation = Memo::new(move |_| controls.with(|c| c.notation));
        let settled = RwSignal::new(layer.get_untracked());
        Effect::new(move |pending: Option<Option<TimeoutHandle>>| {
            let now = layer.get();
            if let Some(Some(pending)) = pending {
                pending.clear();
            }
            set_timeout_with_handle(
                // `try_`: the page (or a test's view) may be gone by then.
                move || {
                    if settled.try_get_untracked().is_some_and(|s| s != now) {
                        settled.try_set(now);
                    }
                },
                SETTLE,
            )
            .ok()
        });
        LayerState {
            controls,
            checked,
            layer,
            notation,
            settled: settled.read_only(),
        }
    }

    /// This state for a section that is on screen or near it only while `near`
    /// holds: then its layer is the live one; away from the screen it is the
    /// settled one, so a drag at the top does not rebuild sections no one sees,
    /// and they are current as soon as the slider rests or they come near.
    pub fn when_near(self, near: ReadSignal<bool>) -> LayerState {
        let (live, settled) = (self.layer, self.settled);
        let layer = Memo::new(move |_| {
            if near.get() {
                live.get()
            } else {
                settled.get()
            }
        });
        LayerState { layer, ..self }
    }
}
