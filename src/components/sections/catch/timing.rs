//! "Time this layer" (also key M) and "Time the sweep": the lab's worker times
//! the layer's three steps and then this device's two roofs, or the fixed
//! sweep, and fills the section's [`TimingSlots`]. The page keeps answering
//! meanwhile: the work runs in the worker, which starts on the first request.

use leptos::prelude::*;
use sepconv_calc::Layer;
use sepconv_train::report::{timeable_sweep_layers, LayerRun, Peaks, Setup, SweepPoint, SweepRun};

use super::measured::TimingSlots;
use crate::components::hooks::use_keys::TimeLayerSlot;
use crate::components::hooks::use_worker::use_worker;
use crate::worker_client::{Event, JobId, RateKind, TimingLayer, TimingOptions};

/// The memory-bandwidth roof reads a buffer this large: far beyond the caches.
const BANDWIDTH_BYTES: u64 = 64 << 20;

/// Each step's time: the median of 5 runs of at least 100 ms, as the CLI's.
const LAYER_OPTIONS: TimingOptions = TimingOptions {
    min_run_ms: 100.0,
    runs: 5,
};

/// The sweep's layers: shorter runs, so it takes seconds, not a minute.
const SWEEP_OPTIONS: TimingOptions = TimingOptions {
    min_run_ms: 30.0,
    runs: 3,
};

/// What the timing is doing.
#[derive(Debug, Clone, PartialEq)]
enum Phase {
    Idle,
    /// Timing, with what the reader is told.
    Busy(String),
    Done,
    Failed(String),
}

/// Which job the worker is on, so that each event finds its place.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
enum Job {
    #[default]
    None,
    Layer(JobId),
    ComputePeak(JobId),
    Bandwidth(JobId),
    Sweep(JobId),
}

impl Job {
    fn id(self) -> JobId {
        match self {
            Job::None => 0,
            Job::Layer(id) | Job::ComputePeak(id) | Job::Bandwidth(id) | Job::Sweep(id) => id,
        }
    }
}

/// The buttons and the status line; results go to `slots`.
#[component]
pub fn TimeThisLayer(
    /// The layer of the controls.
    layer: Memo<Layer>,
    /// Where the results go.
    slots: TimingSlots,
) -> impl IntoView {
    let phase = RwSignal::new(Phase::Idle);
    let job = StoredValue::new(Job::None);
    let simd = StoredValue::new(false);
    let compute = StoredValue::new(None);
    // Set below, once the worker exists: the handler starts the next job.
    let next = StoredValue::new(None::<Callback<Job>>);
    let worker = use_worker(move |event| {
        if let Event::Ready { simd: on } = event {
            simd.set_value(on);
            return;
        }
        let current = job.get_value();
        if current == Job::None || event.id() != current.id() {
            return;
        }
        match (current, event) {
            (Job::Layer(_), Event::LayerTimed { layer, timing, .. }) => {
                let setup = Setup::browser_worker(simd.get_value(), LAYER_OPTIONS);
                slots.run.set(Some(LayerRun {
                    layer,
                    timing,
                    setup,
                }));
            }
            (Job::Sweep(_), Event::LayerTimed { layer, timing, .. }) => {
                let setup = Setup::browser_worker(simd.get_value(), SWEEP_OPTIONS);
                slots.sweep.update(|s| {
                    let run = s.get_or_insert_with(|| SweepRun {
                        points: Vec::new(),
                        setup,
                    });
                    run.points.push(SweepPoint {
                        layer,
                        timing: Ok(timing),
                    });
                });
            }
            (
                _,
                Event::Rate {
                    kind: RateKind::ComputePeak,
                    rate,
                    ..
                },
            ) => compute.set_value(Some(rate)),
            (
                _,
                Event::Rate {
                    kind: RateKind::MemoryBandwidth,
                    rate,
                    ..
                },
            ) => {
                if let Some(compute) = compute.get_value() {
                    slots.peaks.set(Some(Peaks {
                        compute,
                        bandwidth: rate,
                    }));
                }
            }
            (Job::Layer(_), Event::Done { .. }) => {
                if let Some(next) = next.get_value() {
                    next.run(Job::ComputePeak(0));
                }
            }
            (Job::ComputePeak(_), Event::Done { .. }) => {
                if let Some(next) = next.get_value() {
                    next.run(Job::Bandwidth(0));
                }
            }
            (_, Event::Done { .. }) => {
                job.set_value(Job::None);
                phase.set(Phase::Done);
            }
            (_, Event::Failed { message, .. }) => {
                job.set_value(Job::None);
                phase.set(Phase::Failed(message));
            }
            _ => {}
        }
    });
    next.set_value(Some(Callback::new(move |what: Job| {
        let (started, told) = match what {
            Job::ComputePeak(_) => (
                Job::ComputePeak(worker.compute_peak(LAYER_OPTIONS)),
                "Measuring this device's compute peak…".to_string(),
            ),
            Job::Bandwidth(_) => (
                Job::Bandwidth(worker.memory_bandwidth(BANDWIDTH_BYTES, LAYER_OPTIONS)),
                "Measuring this device's memory bandwidth…".to_string(),
            ),
            Job::Sweep(_) => (
                Job::Sweep(worker.sweep(SWEEP_OPTIONS)),
                format!(
                    "Timing the sweep's {} layers, a few seconds…",
                    timeable_sweep_layers().len()
                ),
            ),
            Job::Layer(_) | Job::None => return,
        };
        job.set_value(started);
        phase.set(Phase::Busy(told));
    })));
    let time_layer = Callback::new(move |()| {
        // The shortcut waits, like the button, while a timing runs.
        if matches!(phase.get_untracked(), Phase::Busy(_)) {
            return;
        }
        match TimingLayer::from_spec(layer.get_untracked().spec()) {
            Ok(timed) => {
                slots.run.set(None);
                slots.peaks.set(None);
                compute.set_value(None);
                job.set_value(Job::Layer(worker.time(timed, LAYER_OPTIONS)));
                phase.set(Phase::Busy(
                    "Timing the three steps, about two seconds…".to_string(),
                ));
            }
            Err(why) => phase.set(Phase::Failed(why.to_string())),
        }
    });
    TimeLayerSlot::register(time_layer);
    let time_sweep = move |_| {
        slots.sweep.set(None);
        if let Some(next) = next.get_value() {
            next.run(Job::Sweep(0));
        }
    };
    let busy = Memo::new(move |_| matches!(phase.get(), Phase::Busy(_)));
    let status = move || match phase.get() {
        Phase::Idle => String::new(),
        Phase::Busy(told) => told,
        Phase::Done => "Done: measured on this device just now.".to_string(),
        Phase::Failed(why) => format!("Could not time it: {why}."),
    };
    view! {
        <p class="transport">
            <button type="button" class="play" data-testid="time-layer" aria-keyshortcuts="M" disabled=busy on:click=move |_| time_layer.run(())>
                "Time this layer"
            </button>
            <button type="button" data-testid="time-sweep" disabled=busy on:click=time_sweep>
                "Time the sweep"
            </button>
        </p>
        <p class="note" role="status" data-testid="timing-status">{status}</p>
    }
}
