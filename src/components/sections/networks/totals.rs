//! The explored network's totals, the papers' and frameworks' figures beside
//! them, and MobileNet v1's full-convolution contrast.

use leptos::prelude::*;
use sepconv_calc::format::{thousands, times};
use sepconv_calc::network::{Network, NetworkId};

use crate::explorer::Explorer;

/// The totals, the paper's row beside them, and the full-convolution contrast.
#[component]
pub fn NetworkTotals(
    /// The explorer's settings.
    explorer: RwSignal<Explorer>,
    /// The network they build.
    network: Memo<Option<Network>>,
) -> impl IntoView {
    let totals = move || {
        let convention = explorer.with(|e| e.convention);
        network.with(|n| n.as_ref().map(|n| (n.name.clone(), n.totals(convention))))
    };
    let framework = move || {
        let e = explorer.get();
        let built = network.get();
        e.framework()
            .into_iter()
            .map(|f| {
                let counted = built.as_ref().map(|n| n.totals(f.convention));
                let same = counted.is_some_and(|t| t.params == f.params);
                let macs = f.giga_macs.map(|g| format!(", {g:.3} billion MACs")).unwrap_or_default();
                let top1 = f.top1.map(|t| format!(", {t:.1} % top-1 on ImageNet")).unwrap_or_default();
                view! {
                    <p class="paper-figure" data-testid="network-framework">
                        {format!(
                            "{} publishes {} with {} parameters{macs}{top1}{}. Source: {}.",
                            f.framework.name(),
                            f.model,
                            thousands(f.params),
                            if same { " (the same count as Sepconv's, counted as it counts)" } else { "" },
                            f.source
                        )}
                    </p>
                }
            })
            .collect_view()
    };
    let paper = move || {
        let e = explorer.get();
        if !matches!(e.network, NetworkId::MobileNetV1 | NetworkId::MobileNetV2) {
            return None;
        }
        Some(e.paper().map(|p| {
            view! {
                <p class="paper-figure" data-testid="network-paper">
                    "The paper ("{p.source}") prints "<strong>{p.model}</strong>": "
                    {format!("{}M mult-adds, {}M parameters, ", p.million_macs, p.million_params)}
                    <strong>{format!("{:.1} %", p.top1)}</strong>
                    " top-1 accuracy on ImageNet."
                </p>
            }
            .into_any()
        })
        .unwrap_or_else(|| {
            view! {
                <p class="paper-figure muted" data-testid="network-paper">
                    "The paper reports no accuracy for this configuration (its rows: α 0.25, 0.5, 0.75, 1.0 at 224; α 1.0 at 128, 160, 192; 0.5 at 160; v2 1.0 at 224; all with the classifier)."
                </p>
            }
            .into_any()
        }))
    };
    let contrast = move || {
        let e = explorer.get();
        let full = e.full_conv_network()?.ok()?;
        let (full, ours) = (
            full.totals(e.convention),
            network.get()?.totals(e.convention),
        );
        let printed = e
            .full_conv_paper()
            .map(|p| format!(" The paper's Conv MobileNet reaches {:.1} % top-1.", p.top1))
            .unwrap_or_default();
        Some(view! {
            <p data-testid="network-full-conv">
                "With a full 3×3 convolution in place of each separable block (the paper's “Conv MobileNet”): "
                <strong class="standard-text">{thousands(full.macs)}</strong>" MACs and "
                <strong class="standard-text">{thousands(full.params)}</strong>" parameters, "
                {times(full.macs as f64 / ours.macs.max(1) as f64)}" the MACs and "
                {times(full.params as f64 / ours.params.max(1) as f64)}" the parameters."
                {printed}
            </p>
        })
    };
    view! {
        <div class="network-totals" aria-live="polite">
            {move || totals().map(|(name, t)| view! {
                <p class="network-headline" data-testid="network-totals">
                    <span class="network-name" data-testid="network-name">{name}</span>
                    <span><strong data-testid="network-macs">{thousands(t.macs)}</strong>" MACs"</span>
                    <span><strong data-testid="network-params">{thousands(t.params)}</strong>" parameters"</span>
                </p>
            })}
            {paper}
            {framework}
            {contrast}
        </div>
    }
}
