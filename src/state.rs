//! The one shared state every section reads: the layer being explained.

use leptos::prelude::*;
use sepconv_calc::{Layer, LayerError};

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
}

impl LayerState {
    /// State starting from `controls`; if they are impossible, the page explains the
    /// lecture example until they are fixed.
    pub fn new(controls: Controls) -> LayerState {
        let controls = RwSignal::new(controls);
        let checked = Memo::new(move |_| Layer::new(controls.with(Controls::spec)));
        let layer = Memo::new(move |previous: Option<&Layer>| match checked.get() {
            Ok(layer) => layer,
            Err(_) => previous.copied().unwrap_or_else(|| {
                Layer::new(Controls::default().spec()).expect("the lecture example is valid")
            }),
        });
        LayerState {
            controls,
            checked,
            layer,
        }
    }
}
