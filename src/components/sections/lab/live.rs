//! Train it yourself: the settings of a live run (width, seed; the data set is
//! chosen above), Train and Stop, each net's speed and place, and the two
//! nets' curves. The panel only draws a [`RunState`]; starting and stopping
//! the training workers is [`LiveTraining`]'s business.

use leptos::prelude::*;
use sepconv_train::Family;

use crate::components::widgets::chart_canvas::ChartCanvas;
use crate::lab::chart::{draw_curves, Metric};
use crate::lab::results::twin;
use crate::lab::run::{Phase, RunSettings, RunState, MAX_SEED};
use crate::lab::{alpha_text, LabData};

/// What starts and stops a live run: the training workers' client. `start`
/// begins training both nets on the settings; the client then sets the run
/// state (`RunState::start`) and feeds it each worker's events
/// (`RunState::apply`). `stop` ends both workers.
#[derive(Clone, Copy)]
pub struct LiveTraining {
    /// Starts both nets.
    pub start: Callback<RunSettings>,
    /// Stops both nets.
    pub stop: Callback<()>,
}

/// Width and seed of the next run.
fn settings_controls(settings: RwSignal<RunSettings>, running: Memo<bool>) -> impl IntoView {
    let widths = move || {
        let data = settings.with(|s| s.data);
        RunSettings::widths(data)
            .into_iter()
            .map(|alpha| {
                let selected = move || settings.with(|s| s.alpha == alpha);
                view! { <option value=alpha_text(alpha) selected=selected>{alpha_text(alpha)}</option> }
            })
            .collect_view()
    };
    let set_width = move |value: String| {
        let data = settings.with_untracked(|s| s.data);
        if let Some(alpha) = RunSettings::widths(data)
            .into_iter()
            .find(|&a| alpha_text(a) == value)
        {
            settings.update(|s| s.alpha = alpha);
        }
    };
    let set_seed = move |value: String| match value.trim().parse::<u32>() {
        Ok(seed) if (1..=MAX_SEED).contains(&seed) => settings.update(|s| s.seed = seed),
        // Anything else: the field shows the seed in force again.
        _ => settings.update(|_| {}),
    };
    view! {
        <div class="explorer-controls" data-testid="lab-run-settings">
            <label class="control select-control">
                "Width multiplier α"
                <select
                    data-testid="lab-width"
                    disabled=move || running.get()
                    on:change=move |ev| set_width(event_target_value(&ev))
                >
                    {widths}
                </select>
            </label>
            <label class="control">
                {format!("Seed (1 to {MAX_SEED})")}
                <input
                    type="text"
                    inputmode="numeric"
                    data-testid="lab-seed"
                    disabled=move || running.get()
                    prop:value=move || settings.with(|s| s.seed.to_string())
                    on:change=move |ev| set_seed(event_target_value(&ev))
                />
            </label>
        </div>
    }
}

/// What the run is doing, or why there is no run.
fn status(run: &RunState, settings: &RunSettings) -> String {
    let what = format!(
        "both nets on {} at width α = {}, seed {}",
        settings.data.name(),
        alpha_text(settings.alpha),
        settings.seed
    );
    match &run.phase {
        Phase::Idle => {
            format!("Train {what}: the standard and the separable net learn side by side.")
        }
        Phase::Running => format!("Training {what}…"),
        Phase::Stopped => "Stopped. Train again to start over.".to_string(),
        Phase::Finished => format!(
            "Done. {} Both have landed on the chart above as hollow marks.",
            run.summary()
        ),
        Phase::Failed(why) => format!("Could not train: {why}."),
    }
}

/// `family`'s latest test accuracy (0 to 1, six decimals), or "" before its
/// first test.
fn tested(run: RwSignal<RunState>, family: Family) -> String {
    run.with(|r| {
        r.net(family)
            .tests
            .last()
            // Fixed decimals: the page already formats so; f32's shortest
            // form would bring its own formatter.
            .map(|t| format!("{:.6}", f64::from(t.accuracy)))
    })
    .unwrap_or_default()
}

/// One net's speed and where it is.
fn readout(run: RwSignal<RunState>, family: Family) -> impl IntoView {
    let name = family.name();
    view! {
        <div class="readout" data-testid=format!("lab-speed-{name}")>
            <p class="readout-big">
                <span class=format!("{name}-text")>{move || run.with(|r| r.speed(family))}</span>
                " images/s"
            </p>
            <p class="readout-detail">
                {format!("{name} net: ")}
                {move || run.with(|r| r.position(family))}
            </p>
        </div>
    }
}

/// The curves of one metric, on a canvas.
fn curves(run: RwSignal<RunState>, data: Memo<LabData>, metric: Metric) -> impl IntoView {
    let curves = Memo::new(move |_| {
        run.with(|r| {
            let mut curves = r.curves(metric);
            // Before any run, the axes of a run as long as the native ones.
            if r.phase == Phase::Idle {
                curves.epochs = twin(data.get(), Family::Standard).map_or(1, |t| t.epochs);
            }
            curves
        })
    });
    let description = Signal::derive(move || curves.with(|c| c.describe()));
    let (testid, what, caption) = match metric {
        Metric::Loss => ("lab-loss", "the training loss chart", "Training loss"),
        Metric::Accuracy => (
            "lab-accuracy",
            "the training accuracy chart",
            "Training accuracy",
        ),
    };
    view! {
        <figure>
            <figcaption>{caption}</figcaption>
            <ChartCanvas data=curves draw=draw_curves description testid what />
        </figure>
    }
}

/// The panel.
#[component]
pub fn LivePanel(
    /// The run's settings (the data set is chosen above the results).
    settings: RwSignal<RunSettings>,
    /// The run, as the workers' events leave it.
    run: RwSignal<RunState>,
    /// What starts and stops the workers.
    training: LiveTraining,
) -> impl IntoView {
    let running = Memo::new(move |_| run.with(|r| r.phase == Phase::Running));
    let data = Memo::new(move |_| settings.with(|s| s.data));
    let train = move |_| training.start.run(settings.get_untracked());
    let stop = move |_| {
        training.stop.run(());
        run.update(RunState::stop);
    };
    view! {
        <div data-testid="lab-live">
            {settings_controls(settings, running)}
            <div class="transport">
                <button
                    type="button"
                    class="play"
                    data-testid="lab-train"
                    aria-describedby="lab-status"
                    disabled=move || running.get()
                    on:click=train
                >
                    "Train"
                </button>
                <button
                    type="button"
                    data-testid="lab-stop"
                    aria-describedby="lab-status"
                    disabled=move || !running.get()
                    on:click=stop
                >
                    "Stop"
                </button>
            </div>
            <p
                id="lab-status"
                class="note"
                role="status"
                data-testid="lab-status"
                // Each net's latest test accuracy, exact: what the tests
                // compare with the native runs.
                data-standard-accuracy=move || tested(run, Family::Standard)
                data-separable-accuracy=move || tested(run, Family::Separable)
            >
                {move || run.with(|r| settings.with(|s| status(r, s)))}
            </p>
            // Not a live region: a step every few milliseconds would drown a
            // screen reader; the status line announces what changes.
            <div class="readouts">
                {readout(run, Family::Standard)}
                {readout(run, Family::Separable)}
            </div>
            <div class="charts">
                {curves(run, data, Metric::Loss)}
                {curves(run, data, Metric::Accuracy)}
            </div>
        </div>
    }
}
