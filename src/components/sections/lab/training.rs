//! Live training: one worker per net, started by the panel's Train and ended
//! by Stop, each worker's events folded into the run the panel draws. A worker
//! (and the data it fetches) starts only when the reader first trains.

use leptos::prelude::*;
use sepconv_train::Family;

use super::live::LiveTraining;
use crate::components::hooks::use_worker::{use_worker, UseWorker};
use crate::lab::run::{RunEvent, RunSettings, RunState};
use crate::worker_client::{Event, JobId};

/// The workers of `run`'s two nets, for the live panel.
pub fn live_training(run: RwSignal<RunState>) -> LiveTraining {
    // Each net's current job: events of an earlier run (stopped, replaced)
    // are ignored.
    let jobs = StoredValue::new([0 as JobId; 2]);
    let worker = move |family: Family| -> UseWorker {
        use_worker(move |event: Event| {
            let current = jobs.try_with_value(|j| j[family as usize]).unwrap_or(0);
            if current == 0 || event.id() != current {
                return;
            }
            if let Some(event) = RunEvent::from_worker(family, &event) {
                run.try_update(|r| r.apply(event));
            }
        })
    };
    let workers = [
        (Family::Standard, worker(Family::Standard)),
        (Family::Separable, worker(Family::Separable)),
    ];
    LiveTraining {
        start: Callback::new(move |settings: RunSettings| {
            let epochs = settings.epochs();
            run.set(RunState::start(settings, epochs));
            for (family, worker) in workers {
                let job = worker.train(settings.worker_settings(family, epochs));
                jobs.update_value(|j| j[family as usize] = job);
            }
        }),
        stop: Callback::new(move |()| {
            jobs.set_value([0; 2]);
            for (_, worker) in workers {
                worker.stop();
            }
        }),
    }
}
