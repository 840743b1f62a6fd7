//! "See it yourself" (`#lab`): a small standard CNN and its depthwise separable
//! twin, trained on real images. The measured results (twins, equal budget,
//! the frontier, what training does to kernels) with what they show in plain
//! words, then the panel for training both nets live in the reader's browser.
//! Every number comes from `crate::lab` (the results file, the calculator).

mod data_choice;
mod frontier;
mod kernels;
mod live;
mod provenance;
mod results_table;
mod training;

pub use live::LiveTraining;

use leptos::prelude::*;
use sepconv_train::net::{LAB_BLOCKS, LAB_STEM};

use self::data_choice::{DataChoice, DataSource};
use self::frontier::FrontierFigure;
use self::kernels::KernelTable;
use self::live::LivePanel;
use self::provenance::Provenance;
use self::results_table::ResultsTable;
use crate::components::widgets::url_notes::UrlNotes;
use crate::embed::Section;
use crate::lab::findings::Findings;
use crate::lab::run::{RunSettings, RunState};

/// The nets in words, from the trainer's own description of them.
fn nets_described() -> String {
    let blocks: Vec<String> = LAB_BLOCKS.iter().map(|b| b.channels.to_string()).collect();
    format!(
        "The nets are small CNNs: a 3×3 convolution to {LAB_STEM} channels, then {} blocks to {} channels, each halving the image (stride 2), global average pooling and a dense layer to the 10 classes, with a ReLU after every convolution. \
         In the standard net each block is one 3×3 convolution; in its separable twin, a 3×3 depthwise and a 1×1 pointwise convolution. \
         A width multiplier α scales every channel count, as in MobileNet.",
        LAB_BLOCKS.len(),
        blocks.join(", ")
    )
}

/// The lab section.
#[component]
pub fn LabSection(
    /// The lab's pairs in the page's link (`data`, `width`, `seed`): read here,
    /// and kept equal to the run's settings.
    link: RwSignal<Vec<(String, String)>>,
) -> impl IntoView {
    let (read, notes) = RunSettings::read(&link.get_untracked());
    let settings = RwSignal::new(read);
    Effect::new(move |_| link.set(settings.get().pairs()));
    let data = Memo::new(move |_| settings.with(|s| s.data));
    let run = RwSignal::new(RunState::default());
    let training = training::live_training(run);
    let findings = Memo::new(move |_| Findings::of(data.get()));
    let finding = move |pick: fn(&Findings) -> &String| {
        move || findings.with(|f| f.as_ref().map(|f| pick(f).clone()))
    };
    view! {
        <section id=Section::Lab.id() class="panel" aria-labelledby="lab-title">
            <h2 id="lab-title">"See it yourself"</h2>
            <p data-testid="lab-intro">
                "The paper's tables are its word for it. Here the same question is measured: a standard CNN and its depthwise separable twin, trained on real images over several seeds, with the separable net also widened until it costs as many MACs as the standard one. "
                {nets_described()}
            </p>
            <UrlNotes notes testid="lab-notes" />
            <DataChoice settings />
            <p><strong data-testid="lab-headline">{finding(|f| &f.headline)}</strong></p>
            <DataSource data />
            <h3>"The twins, and the separable net at equal cost"</h3>
            <ResultsTable />
            <p data-testid="lab-twins">{finding(|f| &f.twins)}</p>
            <p data-testid="lab-equal-budget">{finding(|f| &f.equal_budget)}</p>
            <Provenance />
            <h3>"Accuracy against cost"</h3>
            <FrontierFigure data run />
            <p data-testid="lab-capacity">{finding(|f| &f.capacity)}</p>
            <h3 id="lab-kernels" tabindex="-1">"What training learns"</h3>
            <KernelTable data />
            <p data-testid="lab-kernels">{finding(|f| &f.kernels)}</p>
            <h3>"Train it yourself"</h3>
            <LivePanel settings run training />
        </section>
    }
}
