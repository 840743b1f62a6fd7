//! Where the explored network's MACs and parameters are, by layer type.

use leptos::prelude::*;
use sepconv_calc::format::percent2;
use sepconv_calc::network::{Category, Convention, Network};

use crate::chart::{ink, share_bars};
use crate::components::widgets::chart_canvas::bar_chart;
use crate::explorer::Explorer;

/// One sentence on where a network's multiplications are, from its shares.
fn where_the_work_is(network: &Network) -> String {
    let shares = network.by_category(Convention::Paper);
    let share = |c: Category| {
        shares
            .iter()
            .find(|s| s.category == c)
            .map_or(0.0, |s| s.macs_share)
    };
    let (pointwise, depthwise) = (share(Category::Pointwise), share(Category::Depthwise));
    if depthwise == 0.0 {
        format!(
            "This network has no depthwise layers: {} of its multiplications are in standard K×K convolutions and {} in 1×1 ones.",
            percent2(share(Category::Standard)),
            percent2(pointwise)
        )
    } else {
        format!(
            "The depthwise layers do {} of the multiplications and the 1×1 (pointwise) convolutions {}: plain matrix multiplications, which hardware runs well.",
            percent2(depthwise),
            percent2(pointwise)
        )
    }
}

/// Where the MACs and the parameters are, by layer type (for 1.0 MobileNet-224
/// counted as the paper counts, its Table 2).
#[component]
pub fn ShareCharts(
    /// The explorer's settings.
    explorer: RwSignal<Explorer>,
    /// The network they build.
    network: Memo<Option<Network>>,
) -> impl IntoView {
    let shares = Memo::new(move |_| {
        let convention = explorer.with(|e| e.convention);
        network.with(|n| {
            n.as_ref()
                .map(|n| n.by_kind(convention))
                .unwrap_or_default()
        })
    });
    let bars = move |macs: bool| Memo::new(move |_| shares.with(|s| share_bars(s, macs)));
    let rows = move || {
        shares
            .get()
            .into_iter()
            .map(|s| {
                view! {
                    <tr class=ink(s.kind).name() data-testid=format!("share-{}", s.kind.id())>
                        <th scope="row"><span class="swatch" aria-hidden="true"></span>{s.kind.name()}</th>
                        <td>{percent2(s.macs_share)}</td>
                        <td>{percent2(s.params_share)}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <h3>"Where the work is"</h3>
        <p data-testid="where-the-work-is">{move || network.with(|n| n.as_ref().map(where_the_work_is))}</p>
        <div class="charts">
            <figure>
                <figcaption>"Share of MACs"</figcaption>
                {bar_chart(bars(true), "the share of MACs by layer type", "chart-share-macs", "the share of multiply-accumulates chart")}
            </figure>
            <figure>
                <figcaption>"Share of parameters"</figcaption>
                {bar_chart(bars(false), "the share of parameters by layer type", "chart-share-params", "the share of parameters chart")}
            </figure>
        </div>
        <table class="counts shares" data-testid="share-table">
            <caption data-testid="share-caption">{move || explorer.with(Explorer::share_caption)}</caption>
            <thead><tr><th scope="col">"Type"</th><th scope="col">"MACs"</th><th scope="col">"Parameters"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
