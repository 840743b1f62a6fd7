//! Section 5, what it costs: capacity, memory traffic against arithmetic, and one
//! layer becoming two. Every number from the calculator.

use leptos::prelude::*;

use crate::embed::Section;
use sepconv_calc::format::thousands;
use sepconv_calc::{Part, BYTES_PER_VALUE};

use crate::chart::Bars;
use crate::components::hooks::use_near_screen::use_section_state;
use crate::components::widgets::chart_canvas::bar_chart;
use crate::components::widgets::scroll_region::ScrollRegion;
use crate::prose;
use crate::state::LayerState;

/// The catch section.
#[component]
pub fn CatchSection(
    /// The page's layer state.
    state: LayerState,
) -> impl IntoView {
    let (section, state) = use_section_state(state);
    let layer = state.layer;
    let capacity = move || {
        let l = layer.get();
        view! {
            <p data-testid="capacity">{prose::capacity(&l)}</p>
            <p class="note" data-testid="never-saves">{prose::never_saves(&l)}</p>
        }
    };
    let traffic_bars = Memo::new(move |_| {
        let l = layer.get();
        Bars::counts(Part::ALL.map(|p| (p, l.traffic(p).bytes)), false)
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
        <section node_ref=section id=Section::Catch.id() class="panel" aria-labelledby="catch-title">
            <h2 id="catch-title">"What it costs"</h2>
            <h3>"Capacity"</h3>
            {capacity}
            <h3>"Fewer multiplications are not less time"</h3>
            <p>
                "A processor multiplies far faster than it can fetch data from memory. The multiply-accumulates a step does per byte it moves are its "
                <dfn>"arithmetic intensity"</dfn>
                "; a step with a low one waits on memory, so its time follows the bytes, not the MACs. "
                "In the depthwise step each input value is used only by the filter of its own channel, not by one filter per output channel as in a standard layer, "
                "and nothing is summed across channels: there is little arithmetic to do for each value fetched. "
                "The table counts one image (batch 1), every value read or written once, 4 bytes each:"
            </p>
            <ScrollRegion label="Arithmetic intensity of each step">
                <table class="counts intensity" data-testid="intensity">
                    <thead><tr><th scope="col"><span class="visually-hidden">"part"</span></th><th scope="col">"MACs"</th><th scope="col">"bytes moved"</th><th scope="col">"MACs per byte"</th></tr></thead>
                    <tbody>{intensity_rows}</tbody>
                </table>
            </ScrollRegion>
            <p data-testid="intensity-verdict">{move || prose::intensity_verdict(&layer.get())}</p>
            <p class="note">
                "With a batch of images the weights are read once for the whole batch. That raises the intensity of the standard and pointwise steps, "
                "whose weights can be most of their bytes when the map is small, but barely that of the depthwise step, whose bytes are almost all activations."
            </p>
            <figure>
                <figcaption>"Bytes moved"</figcaption>
                {bar_chart(traffic_bars, "bytes moved", "chart-traffic", "the bytes-moved chart")}
            </figure>
            <p class="note" data-testid="gpu-reports">
                "Reports from practice, each a particular library version on a particular machine: on an NVIDIA A100 (PyTorch 1.12.1, cuDNN 8.3, FP32), "
                "a 3×3 depthwise convolution took 272 µs forward against 500 µs for a 3×3 convolution, and 4.8 ms against 2.18 ms forward and backward "
                "(a comment of October 2022 in "
                <a href="https://github.com/pytorch/pytorch/issues/18631">"pytorch/pytorch#18631"</a>
                "). A network built on depthwise separable convolutions ran 1.4× faster than its standard counterpart on a GPU but 3× faster on a CPU "
                "(MXNet 1.4.1, CUDA 10.0, cuDNN 7.5; a comment of July 2019 in "
                <a href="https://github.com/apache/mxnet/issues/8832">"apache/mxnet#8832"</a>
                "). Kernels improve from version to version; the low intensity is a property of the step, not of a library."
            </p>
            <h3>"Two layers instead of one"</h3>
            <p data-testid="two-layers">{two_layers}</p>
        </section>
    }
}
