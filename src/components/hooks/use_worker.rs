//! A lab worker tied to the calling component: started on its first request,
//! ended when the component goes. The lab's two nets each take one; the
//! timing section takes one.
//!
//! ```ignore
//! use sepconv_web::components::hooks::use_worker::use_worker;
//! use sepconv_web::lab::run::RunEvent;
//! use sepconv_web::worker_client::{DataSet, Family, TrainSettings};
//!
//! let worker = use_worker(move |event| {
//!     if let Some(event) = RunEvent::from_worker(Family::Separable, &event) {
//!         run.update(|r| r.apply(event));
//!     }
//! });
//! // On "Train":
//! let id = worker.train(TrainSettings { set: DataSet::Digits, family: Family::Separable,
//!                                       alpha: 1.0, seed: 1, epochs: 3 });
//! // On "Stop": worker.stop();
//! ```

use leptos::prelude::*;

use crate::components::hooks::cleanup::keep_until_cleanup;
use crate::worker_client::browser::Client;
use crate::worker_client::{Event, JobId, LabAssets, TimingLayer, TimingOptions, TrainSettings};

/// The calling component's worker (`Copy`, for event handlers). Requests after
/// the component has gone are ignored.
#[derive(Clone, Copy)]
pub struct UseWorker {
    client: StoredValue<Client, LocalStorage>,
}

/// A worker for the calling component; `on_event` gets each of its events
/// (failures included, as `Event::Failed`).
pub fn use_worker(on_event: impl Fn(Event) + 'static) -> UseWorker {
    use_worker_with(LabAssets::OfPage, on_event)
}

/// [`use_worker`] with the lab's files where `assets` says (the component
/// tests use `dist/`).
pub fn use_worker_with(assets: LabAssets, on_event: impl Fn(Event) + 'static) -> UseWorker {
    let client = Client::with_assets(assets, on_event);
    keep_until_cleanup(client.clone(), |client| client.end());
    UseWorker {
        client: StoredValue::new_local(client),
    }
}

impl UseWorker {
    fn with<T: Default>(&self, f: impl FnOnce(&Client) -> T) -> T {
        self.client.try_with_value(f).unwrap_or_default()
    }

    /// Trains (see `Client::train`); the new job's id.
    pub fn train(&self, settings: TrainSettings) -> JobId {
        self.with(|c| c.train(settings))
    }

    /// Times a layer's three steps; the job's id.
    pub fn time(&self, layer: TimingLayer, options: TimingOptions) -> JobId {
        self.with(|c| c.time(layer, options))
    }

    /// Measures the compute roof; the job's id.
    pub fn compute_peak(&self, options: TimingOptions) -> JobId {
        self.with(|c| c.compute_peak(options))
    }

    /// Measures the memory roof on a buffer of `bytes`; the job's id.
    pub fn memory_bandwidth(&self, bytes: u64, options: TimingOptions) -> JobId {
        self.with(|c| c.memory_bandwidth(bytes, options))
    }

    /// Times the fixed sweep, one event a layer; the job's id.
    pub fn sweep(&self, options: TimingOptions) -> JobId {
        self.with(|c| c.sweep(options))
    }

    /// Stops the job under way.
    pub fn stop(&self) {
        self.with(Client::stop)
    }

    /// Ends the worker now (the next request starts another).
    pub fn terminate(&self) {
        self.with(Client::terminate)
    }
}
