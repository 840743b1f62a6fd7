//! The timing's results on the reader's device: the table (MACs, ms, GMAC/s,
//! expected against measured speed-up, what was measured), the roofline and
//! the sweep's charts, with sentences built from the measured numbers
//! (`crate::roofline`). It shows what it is given and nothing else: until a
//! run has arrived, it renders nothing.

use leptos::prelude::*;
use sepconv_calc::format::thousands;
use sepconv_calc::Part;
use sepconv_train::report::{LayerReport, LayerRun, Peaks, SweepRun, BYTES, KERNELS};

use crate::chart::measured::{self, SweepData};
use crate::components::widgets::chart_canvas::ChartCanvas;
use crate::components::widgets::scroll_region::ScrollRegion;
use crate::roofline::{self, sig};

/// What the timing fills in, one slot per kind of run: `None` until that run
/// has finished. The section owns them; whatever runs the timing (a Web
/// Worker) sets them, and `TimingResults` shows them.
#[derive(Debug, Clone, Copy)]
pub struct TimingSlots {
    /// "Time this layer": the layer, its three steps' timings, the setup.
    pub run: RwSignal<Option<LayerRun>>,
    /// The fixed sweep (`sepconv_train::report::sweep_layers`).
    pub sweep: RwSignal<Option<SweepRun>>,
    /// This machine's compute peak and memory bandwidth.
    pub peaks: RwSignal<Option<Peaks>>,
}

impl Default for TimingSlots {
    /// Empty slots.
    fn default() -> TimingSlots {
        TimingSlots {
            run: RwSignal::new(None),
            sweep: RwSignal::new(None),
            peaks: RwSignal::new(None),
        }
    }
}

/// The table of one timed layer: a row per step, then the pair.
fn step_table(report: &LayerReport) -> impl IntoView {
    let rows = report
        .steps
        .iter()
        .map(|s| (s.part, s.macs, s.timing.ms, s.gmacs()))
        .chain([(
            Part::Separable,
            report.layer.separable().macs,
            report.separable_ms(),
            report.separable_gmacs(),
        )])
        .map(|(part, macs, ms, gmacs)| {
            view! {
                <tr class=part.name()>
                    <th scope="row"><span class="swatch" aria-hidden="true"></span>{part.name()}</th>
                    <td>{thousands(macs)}</td>
                    <td data-testid=format!("timing-ms-{}", part.name())>{sig(ms)}</td>
                    <td data-testid=format!("timing-gmacs-{}", part.name())>{sig(gmacs)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <ScrollRegion label="Timing of each step">
            <table class="counts" data-testid="timing-table">
                <thead><tr><th scope="col"><span class="visually-hidden">"step"</span></th><th scope="col">"MACs"</th><th scope="col">"ms"</th><th scope="col">"GMAC/s"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </ScrollRegion>
    }
}

/// One timed layer: what was timed, the table, the speed-ups and the setup.
fn layer_view(run: &LayerRun, report: &LayerReport) -> impl IntoView {
    view! {
        <p data-testid="timing-layer">"Timed: " {report.layer.spec().headline()} "."</p>
        {step_table(report)}
        <p data-testid="timing-speedup">{roofline::speedup_sentence(report)}</p>
        <p data-testid="timing-pattern">{roofline::pattern_sentence(report)}</p>
        <p class="note" data-testid="timing-setup">
            "Measured: " {run.setup.summary()} "; " {report.passes()} ". Kernels: " {KERNELS} "."
        </p>
    }
}

/// The roofline of this device with the layer's steps under it.
fn roofline_view(report: &LayerReport, peaks: &Peaks) -> impl IntoView {
    let data = roofline::roofline(report, peaks);
    let description = roofline::describe_roofline(&data);
    let sentences = report
        .steps
        .iter()
        .map(|s| view! { <li>{roofline::step_sentence(s, peaks)}</li> })
        .collect_view();
    view! {
        <figure>
            <figcaption>"Roofline of this device"</figcaption>
            <ChartCanvas
                data=Signal::stored(data)
                draw=measured::draw_roofline
                description=description
                testid="chart-roofline"
                what="the roofline chart"
                tall=true
            />
        </figure>
        <ul data-testid="roofline-steps">{sentences}</ul>
        <p class="note">
            "The roofs: multiply-adds on data held in the cache, shaped like the matrix product's inner loop (the compute peak), and reading a buffer far larger than the caches (the memory bandwidth), on one thread. Intensities use "
            {BYTES} "."
        </p>
    }
}

/// The sweep's two charts and what they show.
fn sweep_view(run: &SweepRun) -> impl IntoView {
    let data: SweepData = roofline::sweep_lines(run);
    let rates = roofline::describe_sweep_rates(&data);
    let speedups = roofline::describe_sweep_speedups(&data);
    let not_timed = run
        .points
        .iter()
        .filter_map(|p| {
            let error = p.timing.as_ref().err()?;
            Some(view! {
                <li>{format!("{0}×{0}, {1} channels: not timed ({error})", p.layer.height, p.layer.in_channels)}</li>
            })
        })
        .collect_view();
    let data = Signal::stored(data);
    view! {
        <div class="charts">
            <figure>
                <figcaption>"GMAC/s of each step"</figcaption>
                <ChartCanvas data draw=measured::draw_sweep_rates description=rates testid="chart-sweep-rates" what="the sweep's GMAC/s chart" />
            </figure>
            <figure>
                <figcaption>"Speed-up, measured and expected"</figcaption>
                <ChartCanvas data draw=measured::draw_sweep_speedups description=speedups testid="chart-sweep-speedups" what="the sweep's speed-up chart" />
            </figure>
        </div>
        <p data-testid="sweep-sentence">{roofline::sweep_sentence(run)}</p>
        <ul class="note">{not_timed}</ul>
        <p class="note">"Measured: " {run.setup.summary()} "."</p>
    }
}

/// Everything measured so far, from `slots`.
#[component]
pub fn TimingResults(
    /// The runs to show (each `None` until it has finished).
    slots: TimingSlots,
) -> impl IntoView {
    let report = Memo::new(move |_| slots.run.with(|r| r.as_ref().and_then(|r| r.report().ok())));
    let layer = move || {
        let report = report.get()?;
        let run = slots.run.get()?;
        let roof = slots
            .peaks
            .get()
            .map(|peaks| roofline_view(&report, &peaks));
        Some(view! {
            {layer_view(&run, &report)}
            {roof}
        })
    };
    let sweep = move || slots.sweep.get().map(|run| sweep_view(&run));
    view! {
        <div data-testid="timing-results" aria-live="polite">
            {layer}
            {sweep}
        </div>
    }
}
