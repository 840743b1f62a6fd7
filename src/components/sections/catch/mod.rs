//! Section 5, what it costs: capacity, memory traffic against arithmetic, the
//! layer's steps timed on the reader's device (`measured`), measurements others
//! published (`published`), and one layer becoming two. Every count from the
//! calculator; every time measured or quoted, never typed.

pub mod measured;
mod published;
mod timing;

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
use measured::{TimingResults, TimingSlots};
use timing::TimeThisLayer;

/// The catch section.
#[component]
pub fn CatchSection(
    /// The page's layer state.
    state: LayerState,
) -> impl IntoView {
    let (section, state) = use_section_state(state);
    let layer = state.layer;
    // Filled by the timing in the lab's worker; empty until the reader asks.
    let timing = TimingSlots::default();
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
            <h3>"Measured on this device"</h3>
            <p>
                "MACs and bytes are counts; time has to be measured. Sepconv times the layer above on the device in front of you: its standard, depthwise and pointwise steps, "
                "forward, one image, with the kernels its lab trains with (a blocked matrix product for the standard and pointwise steps, a direct kernel for the depthwise one), on one thread. "
                "It shows each step's milliseconds and multiply-accumulates per second, the speed-up the MACs predict beside the one measured, and, with this machine's compute peak and memory bandwidth, where each step sits on its roofline. "
                "The sweep times 3×3 layers from 8 to 512 channels at two map sizes, to show how the gap between MACs and time grows and shrinks. "
                "The same measurements run natively from the command line: "<code>"sepconv time"</code>" (see the README)."
            </p>
            <TimeThisLayer layer slots=timing />
            <TimingResults slots=timing />
            {published::published_measurements()}
            <h3>"Two layers instead of one"</h3>
            <p data-testid="two-layers">{two_layers}</p>
        </section>
    }
}
