//! What training learns: for each block of the trained standard net (α = 1),
//! the share of its kernel's energy the nearest separable kernel captures
//! (W[n, m] = P[n, m]·D[m], as in the factorisation section), at
//! initialisation and after training, over seeds.

use leptos::prelude::*;

use crate::components::widgets::scroll_region::ScrollRegion;
use crate::lab::results::kernels;
use crate::lab::verdict::Accuracy;
use crate::lab::LabData;
use sepconv_train::results::MeanSd;

/// "34.8 ± 1.4 %".
fn share(value: MeanSd) -> String {
    Accuracy {
        mean: value.mean,
        sd: value.sd,
    }
    .text()
}

/// The table.
#[component]
pub fn KernelTable(
    /// The data set shown.
    data: Memo<LabData>,
) -> impl IntoView {
    let rows = move || {
        kernels(data.get(), 1.0)
            .into_iter()
            .enumerate()
            .map(|(i, k)| {
                view! {
                    <tr data-testid=format!("lab-kernel-{}", k.layer)>
                        <th scope="row">
                            {format!("block {}: {}×{}, {} → {} channels", i + 1, k.kernel, k.kernel, k.in_channels, k.out_channels)}
                        </th>
                        <td>{share(k.init)}</td>
                        <td>{share(k.trained)}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <p>
            "How far is a trained standard kernel from the separable form? For each block of the standard net (α = 1), the share of its kernel's energy that the nearest kernel of the form "
            <a href="#factorisation">"W = P·D"</a>
            " captures (1 for a separable kernel), mean ± sd over the seeds:"
        </p>
        <ScrollRegion label="Separable share of the standard net's kernels">
            <table class="counts" data-testid="lab-kernels-table">
                <thead>
                    <tr>
                        <th scope="col"><span class="visually-hidden">"layer"</span></th>
                        <th scope="col">"at initialisation"</th>
                        <th scope="col">"after training"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </ScrollRegion>
    }
}
