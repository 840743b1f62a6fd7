//! Whole networks: who uses depthwise convolution (every network Sepconv
//! counts), then any of them explored at its width multiplier and resolution:
//! its totals beside the papers' and frameworks' figures, the share of compute
//! by layer type, and the per-layer table whose rows load into the calculator.

mod census;
mod controls;
mod layers;
mod shares;
mod totals;

use leptos::prelude::*;
use sepconv_calc::network::Network;

use self::census::WhoUsesIt;
use self::controls::ExplorerControls;
use self::layers::LayerTable;
use self::shares::ShareCharts;
use self::totals::NetworkTotals;
use crate::components::widgets::url_notes::UrlNotes;
use crate::embed::Section;
use crate::explorer::Explorer;
use crate::state::LayerState;

/// The network for the settings; `None` only if the calculator refuses them (the
/// controls cannot produce such settings).
fn network_memo(explorer: RwSignal<Explorer>) -> Memo<Option<Network>> {
    Memo::new(move |_| explorer.with(Explorer::network).ok())
}

/// The section.
#[component]
pub fn NetworksSection(
    /// The page's layer state (a clicked row loads into it).
    state: LayerState,
    /// The explorer's pairs in the page's link: read here, and kept equal to
    /// the explorer's settings.
    link: RwSignal<Vec<(String, String)>>,
    /// Whether this page shows the calculator (an embed may not: a loaded
    /// layer then opens on the whole page).
    calculator_shown: bool,
) -> impl IntoView {
    let (settings, notes) = Explorer::read(&link.get_untracked());
    let explorer = RwSignal::new(settings);
    Effect::new(move |_| link.set(explorer.get().pairs()));
    let network = network_memo(explorer);
    view! {
        <section id=Section::Networks.id() class="panel" aria-labelledby="networks-title">
            <h2 id="networks-title">"Whole networks"</h2>
            <p data-testid="networks-intro">
                "MobileNet v1 is one full 3×3 convolution followed by 13 depthwise separable blocks, each a 3×3 depthwise and a 1×1 pointwise convolution with BatchNorm and ReLU after both. "
                "MobileNet v2 is built from 17 bottleneck blocks, each an "
                <dfn>"inverted residual"</dfn>
                ": a 1×1 convolution expands the channels 6 times (not in the first block), a 3×3 depthwise convolution filters them, and a linear 1×1 convolution projects them back down, "
                "with a shortcut around the block where its input and output have the same shape. The shortcut joins the narrow ends, where a ResNet bottleneck joins the wide ones: hence “inverted”. "
                "A last 1×1 convolution widens to 1280 channels before the classifier. "
                "Below, any of the networks Sepconv counts: shrink it with its width multiplier α (every layer's channels × α, where it has one) and the input resolution, and see where the multiplications go."
            </p>
            <WhoUsesIt />
            <h3>"Explore a network"</h3>
            <UrlNotes notes testid="networks-notes" />
            <ExplorerControls explorer />
            <NetworkTotals explorer network />
            <ShareCharts explorer network />
            <LayerTable state explorer network calculator_shown />
        </section>
    }
}
