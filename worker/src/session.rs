//! The worker's jobs, as plain Rust driven from outside: [`Session::handle`] takes
//! a request, [`Session::run_slice`] works on the current job for about
//! [`SLICE_MS`] and returns what to post. Between slices the worker goes back to
//! its event loop, so a `stop` is read within a slice and one training step.
//!
//! Training reports what `cargo xtask lab` computes natively, bit for bit: an
//! epoch's mean training loss as `Trainer::train_epoch` returns it and the test
//! split's loss as `Trainer::evaluate` does, although here both are assembled
//! batch by batch, in the same order and with the same arithmetic (the tests
//! below compare them).

use sepconv_train::data::fnv1a32;
use sepconv_train::report::timeable_sweep_layers;
use sepconv_train::timing::{self, TimingLayer, TimingOptions};
use sepconv_train::trainer::Tally;
use sepconv_train::{Dataset, Hyperparameters, Net, NetSpec, Trainer};

use crate::protocol::{
    DataSet, EpochResult, Event, JobId, Progress, RateKind, Request, Split, TrainSettings,
};

/// Work between two returns to the event loop (ms), plus at most one step.
pub const SLICE_MS: f64 = 40.0;
/// Time between two progress events (ms).
pub const PROGRESS_MS: f64 = 100.0;
/// `Trainer::evaluate`'s batch: the test split is evaluated in these chunks, so
/// each chunk is one of its batches.
const EVALUATION_BATCH: usize = 100;

/// Loaded data sets and the job under way.
#[derive(Default)]
pub struct Session {
    loaded: Vec<(DataSet, Split, Dataset)>,
    job: Option<Job>,
}

enum Job {
    Train(Box<Training>),
    TimeLayer {
        id: JobId,
        layer: TimingLayer,
        options: TimingOptions,
    },
    Rate {
        id: JobId,
        kind: RateKind,
        bytes: u64,
        options: TimingOptions,
    },
    Sweep {
        id: JobId,
        options: TimingOptions,
        layers: Vec<TimingLayer>,
        next: usize,
    },
}

impl Job {
    fn id(&self) -> JobId {
        match self {
            Job::Train(t) => t.id,
            Job::TimeLayer { id, .. } | Job::Rate { id, .. } | Job::Sweep { id, .. } => *id,
        }
    }
}

impl Session {
    /// No data, no job.
    pub fn new() -> Session {
        Session::default()
    }

    /// Whether a job is under way (the worker should schedule another slice).
    pub fn busy(&self) -> bool {
        self.job.is_some()
    }

    /// Takes a request; `bytes` are a load's data. Returns the events to post now;
    /// a job that takes time starts on the next [`Session::run_slice`].
    pub fn handle(&mut self, request: Request, bytes: Option<&[u8]>, now: f64) -> Vec<Event> {
        let id = request.id();
        if let Request::Stop { id } = request {
            return match &self.job {
                Some(job) if job.id() == id => {
                    self.job = None;
                    vec![Event::Stopped { id }]
                }
                // Finished already (its end is posted), or another job's stop.
                _ => Vec::new(),
            };
        }
        if let Some(job) = &self.job {
            return vec![failed(
                id,
                format!("the worker is busy with job {}; stop it first", job.id()),
            )];
        }
        match request {
            Request::Load {
                id,
                set,
                split,
                checksum,
            } => vec![self.load(id, set, split, checksum, bytes)],
            Request::Train { id, settings } => match Training::start(self, id, settings, now) {
                Ok((training, started)) => {
                    self.job = Some(Job::Train(Box::new(training)));
                    vec![started]
                }
                Err(message) => vec![failed(id, message)],
            },
            Request::TimeLayer { id, layer, options } => {
                self.job = Some(Job::TimeLayer { id, layer, options });
                Vec::new()
            }
            Request::ComputePeak { id, options } => {
                self.job = Some(Job::Rate {
                    id,
                    kind: RateKind::ComputePeak,
                    bytes: 0,
                    options,
                });
                Vec::new()
            }
            Request::MemoryBandwidth { id, bytes, options } => {
                self.job = Some(Job::Rate {
                    id,
                    kind: RateKind::MemoryBandwidth,
                    bytes,
                    options,
                });
                Vec::new()
            }
            Request::Sweep { id, options } => {
                self.job = Some(Job::Sweep {
                    id,
                    options,
                    layers: timeable_sweep_layers(),
                    next: 0,
                });
                Vec::new()
            }
            Request::Stop { .. } => Vec::new(),
        }
    }

    fn load(
        &mut self,
        id: JobId,
        set: DataSet,
        split: Split,
        checksum: u32,
        bytes: Option<&[u8]>,
    ) -> Event {
        let name = format!("{} ({})", set.name(), split.name());
        let Some(bytes) = bytes else {
            return failed(id, format!("{name}: the load request carried no bytes"));
        };
        // The file names its own checksum in its last 4 bytes; it must be the
        // manifest's, or the page fetched another build's file.
        let stored = bytes
            .len()
            .checked_sub(4)
            .map(|at| u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]));
        if stored != Some(checksum) {
            return failed(
                id,
                format!(
                    "{name}: the file's checksum is {}, the manifest's {checksum:08x}: reload the page",
                    stored.map_or("missing".into(), |s| format!("{s:08x}"))
                ),
            );
        }
        match Dataset::unpack(bytes) {
            Ok(data) => {
                let images = data.len() as u32;
                self.loaded.retain(|(d, s, _)| (*d, *s) != (set, split));
                self.loaded.push((set, split, data));
                Event::Loaded {
                    id,
                    set,
                    split,
                    images,
                }
            }
            Err(e) => failed(id, format!("{name}: {e}")),
        }
    }

    fn data(&self, set: DataSet, split: Split) -> Option<&Dataset> {
        self.loaded
            .iter()
            .find(|(d, s, _)| (*d, *s) == (set, split))
            .map(|(_, _, data)| data)
    }

    /// Works on the job for about [`SLICE_MS`] (a timing: until it is done);
    /// returns the events to post. `clock` gives milliseconds.
    pub fn run_slice(&mut self, clock: &mut dyn FnMut() -> f64) -> Vec<Event> {
        let Some(job) = &mut self.job else {
            return Vec::new();
        };
        let mut events = Vec::new();
        let finished = match job {
            Job::Train(training) => training.slice(clock, &mut events),
            Job::TimeLayer { id, layer, options } => {
                events.push(match timing::time_layer(layer, options, clock) {
                    Ok(timing) => Event::LayerTimed {
                        id: *id,
                        index: 0,
                        count: 1,
                        layer: *layer,
                        timing,
                    },
                    Err(e) => failed(*id, e.to_string()),
                });
                true
            }
            Job::Rate {
                id,
                kind,
                bytes,
                options,
            } => {
                let rate = match kind {
                    RateKind::ComputePeak => timing::compute_peak(options, clock),
                    RateKind::MemoryBandwidth => timing::memory_bandwidth(*bytes, options, clock),
                };
                events.push(match rate {
                    Ok(rate) => Event::Rate {
                        id: *id,
                        kind: *kind,
                        bytes: *bytes,
                        rate,
                    },
                    Err(e) => failed(*id, e.to_string()),
                });
                true
            }
            Job::Sweep {
                id,
                options,
                layers,
                next,
            } => {
                let layer = layers[*next];
                match timing::time_layer(&layer, options, clock) {
                    Ok(timing) => {
                        events.push(Event::LayerTimed {
                            id: *id,
                            index: *next as u32,
                            count: layers.len() as u32,
                            layer,
                            timing,
                        });
                        *next += 1;
                        *next == layers.len()
                    }
                    Err(e) => {
                        events.push(failed(*id, e.to_string()));
                        true
                    }
                }
            }
        };
        if finished {
            let id = job.id();
            self.job = None;
            if !events.last().is_some_and(Event::ends_job) {
                events.push(Event::Done { id });
            }
        }
        events
    }
}

fn failed(id: JobId, message: String) -> Event {
    Event::Failed { id, message }
}

/// A training job: steps, then the test split in chunks, epoch after epoch.
struct Training {
    id: JobId,
    trainer: Trainer,
    test: Dataset,
    epochs: u32,
    epochs_done: u32,
    started_ms: f64,
    last_progress_ms: f64,
    /// The epoch's batches so far.
    epoch: Tally,
    /// Batches since the last progress event.
    window: Tally,
    batches: u32,
    train_ms: f64,
    /// Evaluating: the next test image, the tally so far, the time spent.
    testing: Option<(usize, Tally, f64)>,
}

impl Training {
    /// The trainer for `settings` on the loaded data, and the `Started` event.
    fn start(
        session: &Session,
        id: JobId,
        settings: TrainSettings,
        now: f64,
    ) -> Result<(Training, Event), String> {
        let set = settings.set.name();
        let (Some(train), Some(test)) = (
            session.data(settings.set, Split::Train),
            session.data(settings.set, Split::Test),
        ) else {
            return Err(format!(
                "load {set}'s train and test splits before training on them"
            ));
        };
        let spec = NetSpec::lab(
            settings.family,
            (train.height(), train.width()),
            settings.alpha,
        );
        let trainer = Trainer::new(
            &spec,
            train.clone(),
            settings.seed,
            Hyperparameters::default(),
        )
        .map_err(|e| e.to_string())?;
        let started = Event::Started {
            id,
            params: spec.params().map_err(|e| e.to_string())?,
            macs: spec.macs().map_err(|e| e.to_string())?,
            batches_per_epoch: trainer.steps_per_epoch() as u32,
            train_images: train.len() as u32,
            test_images: test.len() as u32,
        };
        if (test.height(), test.width(), test.classes())
            != (train.height(), train.width(), train.classes())
        {
            return Err(format!(
                "{set}: the test images do not match the training images"
            ));
        }
        if test.is_empty() {
            return Err(format!("{set}: no test images"));
        }
        let training = Training {
            id,
            trainer,
            test: test.clone(),
            epochs: settings.epochs,
            epochs_done: 0,
            started_ms: now,
            last_progress_ms: now,
            epoch: Tally::default(),
            window: Tally::default(),
            batches: 0,
            train_ms: 0.0,
            testing: None,
        };
        Ok((training, started))
    }

    /// One slice; true when the job has ended (its last event pushed).
    fn slice(&mut self, clock: &mut dyn FnMut() -> f64, events: &mut Vec<Event>) -> bool {
        let start = clock();
        loop {
            if let Some((next, mut tally, mut ms)) = self.testing.take() {
                let t0 = clock();
                let end = (next + EVALUATION_BATCH).min(self.test.len());
                let chunk = self.test.select(&(next..end).collect::<Vec<_>>());
                match self.trainer.evaluate(&chunk) {
                    Ok(e) => tally.add_reported(e.loss, e.accuracy, e.images),
                    Err(e) => {
                        events.push(failed(self.id, e.to_string()));
                        return true;
                    }
                }
                ms += clock() - t0;
                if end < self.test.len() {
                    self.testing = Some((end, tally, ms));
                } else if self.end_epoch(tally, ms, events) {
                    return true;
                }
            } else {
                let t0 = clock();
                let report = self.trainer.step();
                self.train_ms += clock() - t0;
                self.epoch
                    .add_reported(report.loss, report.accuracy, report.images);
                self.window
                    .add_reported(report.loss, report.accuracy, report.images);
                self.batches += 1;
                if report.epoch_finished {
                    // The curve gets the epoch's last batches before its result.
                    self.progress(clock(), events);
                    self.testing = Some((0, Tally::default(), 0.0));
                }
            }
            let now = clock();
            if now - self.last_progress_ms >= PROGRESS_MS {
                self.progress(now, events);
            }
            if now - start >= SLICE_MS {
                return false;
            }
        }
    }

    /// Posts the batches since the last progress, if any.
    fn progress(&mut self, now: f64, events: &mut Vec<Event>) {
        if self.window.images() == 0 {
            return;
        }
        let window = std::mem::take(&mut self.window).evaluation();
        events.push(Event::Progress(Progress {
            id: self.id,
            epoch: self.epochs_done + 1,
            batches: self.batches,
            batches_per_epoch: self.trainer.steps_per_epoch() as u32,
            loss: window.loss,
            accuracy: window.accuracy,
            images_per_second: per_second(self.epoch.images(), self.train_ms),
            elapsed_ms: now - self.started_ms,
        }));
        self.last_progress_ms = now;
    }

    /// Posts the epoch's result; true when it was the last.
    fn end_epoch(&mut self, test: Tally, test_ms: f64, events: &mut Vec<Event>) -> bool {
        let train = std::mem::take(&mut self.epoch);
        self.epochs_done += 1;
        events.push(Event::Epoch(EpochResult {
            id: self.id,
            epoch: self.epochs_done,
            train: train.evaluation(),
            test: test.evaluation(),
            images_per_second: per_second(train.images(), self.train_ms),
            train_ms: self.train_ms,
            test_ms,
            weights: weights_checksum(self.trainer.net()),
        }));
        self.batches = 0;
        self.train_ms = 0.0;
        if self.epochs_done == self.epochs {
            events.push(Event::Done { id: self.id });
            return true;
        }
        false
    }
}

/// The FNV-1a hash of every weight and bias of `net`, in order (layer by layer,
/// weight then bias), each as its 4 little-endian bytes: equal hashes mean
/// (but for a 1 in 2³² collision) bit-identical nets.
pub fn weights_checksum(net: &Net) -> u32 {
    let mut bytes = Vec::with_capacity(net.param_count() * 4);
    for (_, conv) in net.convolutions() {
        for value in conv.weight.value.iter().chain(&conv.bias.value) {
            bytes.extend_from_slice(&value.to_le_bytes());
        }
    }
    fnv1a32(&bytes)
}

fn per_second(images: usize, ms: f64) -> f64 {
    if ms > 0.0 {
        images as f64 * 1000.0 / ms
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sepconv_train::Family;

    /// `n` 8×8 images of 10 classes: a bright column at the class's index, noise.
    fn images(n: u32, salt: u32) -> Dataset {
        let mut pixels = Vec::new();
        let mut labels = Vec::new();
        for i in 0..n {
            let class = ((i * 7 + salt) % 10) as u8;
            pixels.extend((0..64u32).map(|p| {
                if p % 8 == u32::from(class) % 8 && (class < 8 || p < 32) {
                    230
                } else {
                    ((p * 31 + i * 17 + salt) % 50) as u8
                }
            }));
            labels.push(class);
        }
        Dataset::new(8, 8, 10, pixels, labels).unwrap()
    }

    /// A session with `train` and `test` loaded as digits.
    fn loaded(train: &Dataset, test: &Dataset) -> Session {
        let mut session = Session::new();
        for (split, data) in [(Split::Train, train), (Split::Test, test)] {
            let bytes = data.pack();
            let checksum = checksum_of(&bytes);
            let events = session.handle(
                Request::Load {
                    id: 1,
                    set: DataSet::Digits,
                    split,
                    checksum,
                },
                Some(&bytes),
                0.0,
            );
            assert_eq!(
                events,
                [Event::Loaded {
                    id: 1,
                    set: DataSet::Digits,
                    split,
                    images: data.len() as u32
                }]
            );
        }
        session
    }

    fn checksum_of(packed: &[u8]) -> u32 {
        let n = packed.len();
        u32::from_le_bytes(packed[n - 4..].try_into().unwrap())
    }

    fn settings(family: Family, epochs: u32) -> TrainSettings {
        TrainSettings {
            set: DataSet::Digits,
            family,
            alpha: 0.5,
            seed: 7,
            epochs,
        }
    }

    /// A clock that moves `ms` each time it is read.
    fn ticking(ms: f64) -> impl FnMut() -> f64 {
        let mut t = 0.0;
        move || {
            t += ms;
            t
        }
    }

    /// Runs slices until the job ends; every event in order, and the slices.
    fn run(session: &mut Session) -> (Vec<Event>, usize) {
        let mut clock = ticking(5.0);
        let mut events = Vec::new();
        let mut slices = 0;
        while session.busy() {
            events.extend(session.run_slice(&mut clock));
            slices += 1;
            assert!(slices < 100_000, "the job never ends");
        }
        (events, slices)
    }

    #[test]
    fn epochs_are_the_native_trainers_bit_for_bit() {
        // 250 test images: two full evaluation batches and a partial one.
        let (train, test) = (images(90, 1), images(250, 2));
        for family in Family::ALL {
            let mut session = loaded(&train, &test);
            let started = session.handle(
                Request::Train {
                    id: 5,
                    settings: settings(family, 2),
                },
                None,
                0.0,
            );
            let spec = NetSpec::lab(family, (8, 8), 0.5);
            assert_eq!(
                started,
                [Event::Started {
                    id: 5,
                    params: spec.params().unwrap(),
                    macs: spec.macs().unwrap(),
                    batches_per_epoch: 3,
                    train_images: 90,
                    test_images: 250
                }]
            );
            let (events, slices) = run(&mut session);
            assert!(slices > 1, "work is cut into slices");
            let mut native =
                Trainer::new(&spec, train.clone(), 7, Hyperparameters::default()).unwrap();
            let epochs: Vec<EpochResult> = events
                .iter()
                .filter_map(|e| match e {
                    Event::Epoch(e) => Some(*e),
                    _ => None,
                })
                .collect();
            assert_eq!(epochs.len(), 2);
            for e in &epochs {
                let train_eval = native.train_epoch();
                let test_eval = native.evaluate(&test).unwrap();
                assert_eq!(e.train, train_eval, "{family:?} epoch {}", e.epoch);
                assert_eq!(e.train.loss.to_bits(), train_eval.loss.to_bits());
                assert_eq!(e.test, test_eval, "{family:?} epoch {}", e.epoch);
                assert_eq!(e.test.loss.to_bits(), test_eval.loss.to_bits());
                assert_eq!(e.weights, weights_checksum(native.net()));
                assert!(e.images_per_second > 0.0 && e.train_ms > 0.0 && e.test_ms > 0.0);
            }
            assert_ne!(epochs[0].weights, epochs[1].weights, "the weights moved");
            assert_eq!(events.last(), Some(&Event::Done { id: 5 }));
            // Progress covers every batch, in order, before each epoch's result.
            let batches: Vec<(u32, u32)> = events
                .iter()
                .filter_map(|e| match e {
                    Event::Progress(p) => Some((p.epoch, p.batches)),
                    _ => None,
                })
                .collect();
            assert_eq!(batches.last(), Some(&(2, 3)), "{batches:?}");
            assert!(batches.windows(2).all(|w| w[0] < w[1]), "{batches:?}");
        }
    }

    #[test]
    fn a_stop_ends_the_job_between_slices() {
        let (train, test) = (images(200, 1), images(100, 2));
        let mut session = loaded(&train, &test);
        session.handle(
            Request::Train {
                id: 9,
                settings: settings(Family::Standard, 50),
            },
            None,
            0.0,
        );
        let mut clock = ticking(1.0);
        session.run_slice(&mut clock);
        assert!(session.busy());
        // Another job's stop does nothing; this job's stops it.
        assert_eq!(session.handle(Request::Stop { id: 8 }, None, 0.0), []);
        assert_eq!(
            session.handle(Request::Stop { id: 9 }, None, 0.0),
            [Event::Stopped { id: 9 }]
        );
        assert!(!session.busy());
        assert_eq!(session.run_slice(&mut clock), []);
    }

    #[test]
    fn a_slice_ends_once_its_time_is_up() {
        let (train, test) = (images(2000, 1), images(100, 2));
        let mut session = loaded(&train, &test);
        session.handle(
            Request::Train {
                id: 1,
                settings: settings(Family::Separable, 1),
            },
            None,
            0.0,
        );
        // Each step reads the clock three times (3 ms here), the slice once at
        // its start: it stops at the first look after SLICE_MS.
        let mut reads = 0;
        let mut clock = || {
            reads += 1;
            f64::from(reads)
        };
        let events = session.run_slice(&mut clock);
        assert_eq!(events, [], "no progress within 100 ms");
        assert_eq!((reads - 1) / 3, (SLICE_MS / 3.0).ceil() as i32);
        assert!(session.busy());
    }

    #[test]
    fn requests_that_cannot_be_served_say_why() {
        let (train, test) = (images(40, 1), images(20, 2));
        let mut session = Session::new();
        let message = |events: Vec<Event>| match events.as_slice() {
            [Event::Failed { message, .. }] => message.clone(),
            other => panic!("{other:?}"),
        };
        let train_request = Request::Train {
            id: 2,
            settings: settings(Family::Standard, 1),
        };
        assert_eq!(
            message(session.handle(train_request.clone(), None, 0.0)),
            "load digits's train and test splits before training on them"
        );
        let load = |checksum| Request::Load {
            id: 3,
            set: DataSet::Digits,
            split: Split::Train,
            checksum,
        };
        let mut bytes = train.pack();
        let checksum = checksum_of(&bytes);
        assert!(message(session.handle(load(checksum), None, 0.0)).contains("no bytes"));
        assert!(
            message(session.handle(load(checksum ^ 1), Some(&bytes), 0.0))
                .contains("reload the page")
        );
        bytes[100] ^= 0xff;
        assert!(message(session.handle(load(checksum), Some(&bytes), 0.0))
            .contains("checksum mismatch"));
        assert!(message(session.handle(load(0), Some(&[]), 0.0)).contains("missing"));

        let mut session = loaded(&train, &test);
        let mut bad = train_request.clone();
        if let Request::Train { settings, .. } = &mut bad {
            settings.set = DataSet::FashionMnist;
        }
        assert!(message(session.handle(bad, None, 0.0)).contains("fashion-mnist"));
        session.handle(train_request.clone(), None, 0.0);
        assert_eq!(
            message(session.handle(train_request, None, 0.0)),
            "the worker is busy with job 2; stop it first"
        );
    }

    fn quick() -> TimingOptions {
        TimingOptions {
            min_run_ms: 0.5,
            runs: 1,
        }
    }

    #[test]
    fn timings_post_a_result_then_done() {
        let mut session = Session::new();
        let layer = timeable_sweep_layers()[0];
        session.handle(
            Request::TimeLayer {
                id: 4,
                layer,
                options: quick(),
            },
            None,
            0.0,
        );
        let (events, _) = run(&mut session);
        match events.as_slice() {
            [Event::LayerTimed {
                id: 4,
                index: 0,
                count: 1,
                timing,
                ..
            }, Event::Done { id: 4 }] => {
                assert_eq!(timing.standard.macs, 56 * 56 * 9 * 8 * 8);
                assert!(timing.standard.ms > 0.0 && timing.pointwise.gmacs > 0.0);
            }
            other => panic!("{other:?}"),
        }
        session.handle(
            Request::ComputePeak {
                id: 5,
                options: quick(),
            },
            None,
            0.0,
        );
        let (events, _) = run(&mut session);
        assert!(matches!(
            events.as_slice(),
            [
                Event::Rate {
                    id: 5,
                    kind: RateKind::ComputePeak,
                    ..
                },
                Event::Done { id: 5 }
            ]
        ));
        // Too much work is refused before any is done, with the module's reason.
        let huge = TimingLayer {
            in_channels: 4096,
            out_channels: 4096,
            ..layer
        };
        session.handle(
            Request::TimeLayer {
                id: 6,
                layer: huge,
                options: quick(),
            },
            None,
            0.0,
        );
        let (events, _) = run(&mut session);
        assert!(
            matches!(events.as_slice(), [Event::Failed { id: 6, message }] if message.starts_with("too large")),
            "{events:?}"
        );
        session.handle(
            Request::MemoryBandwidth {
                id: 7,
                bytes: 1 << 30,
                options: quick(),
            },
            None,
            0.0,
        );
        let (events, _) = run(&mut session);
        assert!(matches!(events.as_slice(), [Event::Failed { id: 7, .. }]));
    }

    #[test]
    fn a_sweep_posts_each_point_and_stops_between_them() {
        let mut session = Session::new();
        session.handle(
            Request::Sweep {
                id: 8,
                options: quick(),
            },
            None,
            0.0,
        );
        let mut clock = ticking(1.0);
        let events = session.run_slice(&mut clock);
        assert!(matches!(
            events.as_slice(),
            [Event::LayerTimed {
                id: 8,
                index: 0,
                count: 13,
                ..
            }]
        ));
        assert_eq!(
            session.handle(Request::Stop { id: 8 }, None, 0.0),
            [Event::Stopped { id: 8 }]
        );
        assert!(!session.busy());
    }
}
