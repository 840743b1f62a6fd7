//! Section 5, what it costs: capacity, memory traffic against arithmetic, and one
//! layer becoming two. Every number from the calculator.

use leptos::prelude::*;
use sepconv_calc::format::{percent, thousands};
use sepconv_calc::{Layer, LayerSpec, Part, BYTES_PER_VALUE};

use super::chart_canvas::ChartCanvas;
use super::near_screen::near_screen;
use super::scroll_region::ScrollRegion;
use crate::chart::{self, Bars};
use crate::state::LayerState;

/// The closed form for a variant of the layer, if it is valid.
fn ratio_of(spec: LayerSpec) -> Option<f64> {
    Layer::new(spec).ok().map(|l| l.closed_form().to_f64())
}

/// The catch section.
#[component]
pub fn CatchSection(
    /// The page's layer state.
    state: LayerState,
) -> impl IntoView {
    let section = NodeRef::<leptos::html::Section>::new();
    let state = state.when_near(near_screen(section));
    let layer = state.layer;
    let capacity = move || {
        let l = layer.get();
        let spec = *l.spec();
        let (sep, std) = (l.separable().params, l.standard().params);
        let one_output = ratio_of(LayerSpec {
            out_channels: 1,
            ..spec
        });
        let one_by_one = ratio_of(spec.with_kernel(1));
        let saves = sep < std;
        view! {
            <p data-testid="capacity">
                {if saves {
                    format!(
                        "Here the separable layer keeps {} of the standard layer's {} parameters ({}). Each weight not kept is a pattern the layer cannot learn; a large network has capacity to spare, a small one may not.",
                        thousands(sep), thousands(std), percent(sep as f64 / std as f64)
                    )
                } else {
                    format!(
                        "For this layer separable saves nothing: {} parameters against {} for the standard layer.",
                        thousands(sep), thousands(std)
                    )
                }}
            </p>
            <p class="note">
                {format!(
                    "It never saves anything with one output channel (here that would make the weight ratio {:.2}) or a 1×1 kernel (ratio {:.2}): both ratios are above 1.",
                    one_output.unwrap_or(f64::NAN),
                    one_by_one.unwrap_or(f64::NAN)
                )}
            </p>
        }
    };
    let traffic_bars = Memo::new(move |_| {
        let l = layer.get();
        Bars::counts(Part::ALL.map(|p| (p, l.traffic(p).bytes)), false)
    });
    let traffic_description = Signal::derive(move || {
        let l = layer.get();
        format!(
            "Bar chart of bytes moved: {}.",
            Part::ALL
                .iter()
                .map(|&p| format!("{} {}", p.name(), thousands(l.traffic(p).bytes)))
                .collect::<Vec<_>>()
                .join(", ")
        )
    });
    let intensity_rows = move || {
        let l = layer.get();
        [Part::Standard, Part::Depthwise, Part::Pointwise]
            .into_iter()
            .map(|p| {
                let t = l.traffic(p);
                view! {
                    <tr class=p.name()>
                        <th scope="row"><span class="swatch" aria-hidden="true"></span>{p.name()}</th>
                        <td>{thousands(t.macs)}</td>
                        <td>{thousands(t.bytes)}</td>
                        <td data-testid=format!("intensity-{}", p.name())>{format!("{:.2}", t.intensity())}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let two_layers = move || {
        let l = layer.get();
        let values = l.activations().intermediate;
        format!(
            "The separable pair also writes an intermediate tensor of {} values ({} bytes at 4 bytes each) and reads it back, which the standard layer never stores; and in MobileNet each half is followed by its own BatchNorm and ReLU: two of each instead of one.",
            thousands(values),
            thousands(values.saturating_mul(BYTES_PER_VALUE))
        )
    };
    view! {
        <section node_ref=section id="catch" class="panel" aria-labelledby="catch-title">
            <h2 id="catch-title">"What it costs"</h2>
            <h3>"Capacity"</h3>
            {capacity}
            <h3>"Fewer multiplications are not less time"</h3>
            <p>
                "A processor multiplies far faster than it fetches data from memory. A layer that does few multiply-accumulates per byte it moves "
                "(low arithmetic intensity) waits on memory, so its speed follows the bytes, not the MACs. The depthwise step is such a layer: "
                "each weight is used at only one channel. Counting every value as 4 bytes read or written once:"
            </p>
            <ScrollRegion label="Arithmetic intensity of each step">
                <table class="counts intensity" data-testid="intensity">
                    <thead><tr><th scope="col"><span class="visually-hidden">"part"</span></th><th scope="col">"MACs"</th><th scope="col">"bytes moved"</th><th scope="col">"MACs per byte"</th></tr></thead>
                    <tbody>{intensity_rows}</tbody>
                </table>
            </ScrollRegion>
            <figure>
                <figcaption>"Bytes moved"</figcaption>
                <ChartCanvas data=traffic_bars draw=chart::draw description=traffic_description testid="chart-traffic" what="the bytes-moved chart" />
            </figure>
            <p class="note">
                "Public reports of this on GPUs: "
                <a href="https://github.com/pytorch/pytorch/issues/18631">"pytorch/pytorch#18631"</a>
                " (depthwise kernels with poor GPU utilisation), "
                <a href="https://github.com/tensorflow/tensorflow/issues/42172">"tensorflow/tensorflow#42172"</a>
                " (DepthwiseConv2D no faster than Conv2D), "
                <a href="https://github.com/apache/mxnet/issues/8832">"apache/mxnet#8832"</a>
                " (a 1.4× speed-up on GPU against 3× on CPU)."
            </p>
            <h3>"Two layers instead of one"</h3>
            <p data-testid="two-layers">{two_layers}</p>
        </section>
    }
}
