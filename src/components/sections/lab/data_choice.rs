//! Which data set the lab shows (and a live run trains on), and where the
//! images come from.

use leptos::prelude::*;
use sepconv_calc::format::thousands;
use sepconv_train::Family;

use crate::components::widgets::choice_control::radio_group;
use crate::lab::results::twin;
use crate::lab::run::RunSettings;
use crate::lab::LabData;

/// Radio buttons for the data set (`data=` in the link).
#[component]
pub fn DataChoice(
    /// The lab's settings; the data set is one of them.
    settings: RwSignal<RunSettings>,
) -> impl IntoView {
    radio_group(
        "lab-data".to_string(),
        "Data set",
        &LabData::CHOICES,
        Signal::derive(move || settings.with(|s| s.data.id())),
        Callback::new(move |id: &'static str| {
            if let Some(data) = LabData::from_id(id) {
                settings.update(|s| s.data = data);
            }
        }),
        "lab-data".to_string(),
    )
}

/// The data set: what the images are, who made them, the licence, and how
/// many the nets trained and were tested on.
#[component]
pub fn DataSource(
    /// The data set shown.
    data: Memo<LabData>,
) -> impl IntoView {
    let text = move || {
        let d = data.get();
        let run = twin(d, Family::Standard)?;
        let (h, w) = d.input();
        Some(view! {
            <a href=d.home()>{d.name()}</a>
            {format!(
                ": {h}×{w} {}, {}. Each net trains for {} epochs on {} training images and is tested on {} others, the same fixed images for every run.",
                d.what(),
                d.source(),
                run.epochs,
                thousands(run.train_images),
                thousands(run.test_images),
            )}
        })
    };
    view! { <p class="note" data-testid="lab-data-source">{text}</p> }
}
