//! The messages between the page and a worker, version [`VERSION`].
//!
//! A message is a flat object of numbers and strings (structured-cloned by
//! `postMessage`, so no JSON and no serde): `v` (the version), `type`, and the
//! fields of its kind. A [`Request::Load`] also carries the data set's bytes as an
//! `ArrayBuffer` under [`BYTES`], which the glue on each side attaches and reads.
//! Every job a request starts carries the page's `id`, and ends with exactly one
//! [`Event::Done`], [`Event::Stopped`] or [`Event::Failed`] of that id.
//!
//! This module only turns messages into values and back, through [`Fields`]
//! (a JavaScript object in the browser, a map in tests); reading checks every
//! field and says which one is wrong, never panics.

use std::fmt;

use sepconv_train::timing::{LayerTiming, Rate, StepTiming, TimingLayer, TimingOptions};
use sepconv_train::{Evaluation, Family, Padding};

/// The protocol's version: both sides refuse a message of another.
pub const VERSION: u32 = 1;

/// The key under which a [`Request::Load`] carries its bytes (an `ArrayBuffer`).
pub const BYTES: &str = "bytes";

/// Chosen by the page for each job; every event of the job carries it. 0 names no
/// job (a message that could not be read, a failure of the worker itself).
pub type JobId = u32;

/// A value in a message.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    /// A JavaScript number.
    Number(f64),
    /// A JavaScript string.
    Text(String),
}

/// Where a message's fields are read from.
pub trait Fields {
    /// The field `key`, if present as a number or a string.
    fn field(&self, key: &str) -> Option<Field>;
}

impl Fields for Vec<(&'static str, Field)> {
    fn field(&self, key: &str) -> Option<Field> {
        self.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone())
    }
}

/// A message as written: its fields in order.
pub type Message = Vec<(&'static str, Field)>;

/// A message that cannot be read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtocolError(pub String);

impl fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ProtocolError {}

/// The two data sets the lab trains on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DataSet {
    /// scikit-learn's 8×8 digits: an epoch takes a second.
    Digits,
    /// Fashion-MNIST, 28×28: the lab's main data set.
    FashionMnist,
}

impl DataSet {
    /// Both, quick one first.
    pub const ALL: [DataSet; 2] = [DataSet::Digits, DataSet::FashionMnist];

    /// Its name in messages, the manifest and `cargo xtask lab`.
    pub fn name(self) -> &'static str {
        match self {
            DataSet::Digits => "digits",
            DataSet::FashionMnist => "fashion-mnist",
        }
    }

    /// The data set called `name`.
    pub fn from_name(name: &str) -> Option<DataSet> {
        DataSet::ALL.into_iter().find(|d| d.name() == name)
    }
}

/// Training or test images.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Split {
    /// What the net learns from.
    Train,
    /// What it is evaluated on after each epoch.
    Test,
}

impl Split {
    /// Both.
    pub const ALL: [Split; 2] = [Split::Train, Split::Test];

    /// "train" or "test".
    pub fn name(self) -> &'static str {
        match self {
            Split::Train => "train",
            Split::Test => "test",
        }
    }

    /// The split called `name`.
    pub fn from_name(name: &str) -> Option<Split> {
        Split::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// What to train: the lab's net of `family` at width `alpha` on `set`, with the
/// trainer's default hyperparameters (batches of 32, Adam), as `cargo xtask lab`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainSettings {
    /// The data set (its train and test splits must be loaded).
    pub set: DataSet,
    /// Standard or separable.
    pub family: Family,
    /// Width multiplier, in (0, [`MAX_ALPHA`]].
    pub alpha: f64,
    /// Seed of the weights and the shuffle, below 2⁵³ (exact in a JS number).
    pub seed: u64,
    /// Epochs, 1 to [`MAX_EPOCHS`].
    pub epochs: u32,
}

/// The widest net a page may ask for (16× the MACs of α = 1).
pub const MAX_ALPHA: f64 = 4.0;
/// The most epochs one request may train.
pub const MAX_EPOCHS: u32 = 100;
/// Seeds are whole numbers below this (exact in a JS number).
pub const SEED_LIMIT: u64 = 1 << 53;

/// Page → worker.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// Take a packed data set (the bytes ride along under [`BYTES`]); refuse it
    /// unless its checksum is `checksum`, the manifest's.
    Load {
        /// The job.
        id: JobId,
        /// Which data set.
        set: DataSet,
        /// Which split.
        split: Split,
        /// The FNV-1a checksum the manifest gives (the packed file's last 4 bytes).
        checksum: u32,
    },
    /// Train, step by step, with progress and a test evaluation each epoch.
    Train {
        /// The job.
        id: JobId,
        /// What to train.
        settings: TrainSettings,
    },
    /// Time one layer's standard, depthwise and pointwise forward passes.
    TimeLayer {
        /// The job.
        id: JobId,
        /// The layer.
        layer: TimingLayer,
        /// How long to measure.
        options: TimingOptions,
    },
    /// Measure the compute roof.
    ComputePeak {
        /// The job.
        id: JobId,
        /// How long to measure.
        options: TimingOptions,
    },
    /// Measure the memory roof, reading a buffer of `bytes`.
    MemoryBandwidth {
        /// The job.
        id: JobId,
        /// Buffer size (1 MiB to the timing module's limit).
        bytes: u64,
        /// How long to measure.
        options: TimingOptions,
    },
    /// Time every layer of the sweep
    /// ([`sepconv_train::report::timeable_sweep_layers`]), one event each.
    Sweep {
        /// The job.
        id: JobId,
        /// How long to measure each step.
        options: TimingOptions,
    },
    /// Stop job `id` if it is running (between two training steps or sweep
    /// points; a single timing runs to its end).
    Stop {
        /// The job.
        id: JobId,
    },
}

/// Training progress, posted about every [`crate::session::PROGRESS_MS`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// The job.
    pub id: JobId,
    /// The epoch under way, from 1.
    pub epoch: u32,
    /// Batches done in this epoch.
    pub batches: u32,
    /// Batches in an epoch.
    pub batches_per_epoch: u32,
    /// Mean loss of the batches since the previous progress (each measured
    /// before its update): the live curve.
    pub loss: f32,
    /// Share of those batches' images classified correctly.
    pub accuracy: f32,
    /// Images trained per second in this epoch, stepping time only.
    pub images_per_second: f64,
    /// Since the job started (ms).
    pub elapsed_ms: f64,
}

/// One epoch's result.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EpochResult {
    /// The job.
    pub id: JobId,
    /// Epochs done, from 1.
    pub epoch: u32,
    /// Mean loss and accuracy of the epoch's batches, exactly as
    /// `Trainer::train_epoch` returns them natively.
    pub train: Evaluation,
    /// The test split after the epoch, exactly as `Trainer::evaluate`.
    pub test: Evaluation,
    /// Training images per second in the epoch (stepping time only).
    pub images_per_second: f64,
    /// Time spent stepping (ms).
    pub train_ms: f64,
    /// Time spent evaluating (ms).
    pub test_ms: f64,
    /// The weights after the epoch: [`crate::session::weights_checksum`], so a
    /// browser run can be compared with a native one bit for bit.
    pub weights: u32,
}

/// Which roof a [`Event::Rate`] measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateKind {
    /// Multiply-accumulates per second (10⁹).
    ComputePeak,
    /// Bytes read per second (10⁹).
    MemoryBandwidth,
}

impl RateKind {
    fn name(self) -> &'static str {
        match self {
            RateKind::ComputePeak => "compute_peak",
            RateKind::MemoryBandwidth => "memory_bandwidth",
        }
    }
}

/// Worker → page.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// The worker has started and reads requests (the page sends none before).
    Ready {
        /// Whether its kernels use WebAssembly SIMD128.
        simd: bool,
    },
    /// A data set was loaded and its checksum checked.
    Loaded {
        /// The job.
        id: JobId,
        /// Which data set.
        set: DataSet,
        /// Which split.
        split: Split,
        /// Its images.
        images: u32,
    },
    /// Training started.
    Started {
        /// The job.
        id: JobId,
        /// The net's parameters.
        params: u64,
        /// Its multiply-accumulates per image, forward.
        macs: u64,
        /// Batches per epoch.
        batches_per_epoch: u32,
        /// Training images.
        train_images: u32,
        /// Test images.
        test_images: u32,
    },
    /// Training progress.
    Progress(Progress),
    /// An epoch finished and was evaluated.
    Epoch(EpochResult),
    /// A layer was timed (of a sweep: point `index` of `count`; alone: 0 of 1).
    LayerTimed {
        /// The job.
        id: JobId,
        /// Which point.
        index: u32,
        /// Points in the job.
        count: u32,
        /// The layer.
        layer: TimingLayer,
        /// Its three steps.
        timing: LayerTiming,
    },
    /// A roof was measured.
    Rate {
        /// The job.
        id: JobId,
        /// Which.
        kind: RateKind,
        /// The buffer read (memory bandwidth), 0 for the compute peak.
        bytes: u64,
        /// What was measured.
        rate: Rate,
    },
    /// The job finished.
    Done {
        /// The job.
        id: JobId,
    },
    /// The job was stopped on request.
    Stopped {
        /// The job.
        id: JobId,
    },
    /// The job (or, with id 0, the worker) failed; `message` says why.
    Failed {
        /// The job.
        id: JobId,
        /// For the reader.
        message: String,
    },
}

impl Event {
    /// The job the event belongs to (0 for [`Event::Ready`]).
    pub fn id(&self) -> JobId {
        match self {
            Event::Ready { .. } => 0,
            Event::Progress(p) => p.id,
            Event::Epoch(e) => e.id,
            Event::Loaded { id, .. }
            | Event::Started { id, .. }
            | Event::LayerTimed { id, .. }
            | Event::Rate { id, .. }
            | Event::Done { id }
            | Event::Stopped { id }
            | Event::Failed { id, .. } => *id,
        }
    }

    /// Whether it ends its job.
    pub fn ends_job(&self) -> bool {
        matches!(
            self,
            Event::Done { .. } | Event::Stopped { .. } | Event::Failed { .. }
        )
    }
}

// ---------------------------------------------------------------- writing

fn num(v: impl Into<f64>) -> Field {
    Field::Number(v.into())
}

fn text(v: &str) -> Field {
    Field::Text(v.to_string())
}

fn head(kind: &'static str, id: JobId) -> Message {
    vec![("v", num(VERSION)), ("type", text(kind)), ("id", num(id))]
}

fn padding_name(p: Padding) -> &'static str {
    match p {
        Padding::Valid => "valid",
        Padding::Same => "same",
    }
}

fn write_layer(m: &mut Message, l: &TimingLayer) {
    m.extend([
        ("kernel", num(l.kernel as f64)),
        ("in_channels", num(l.in_channels as f64)),
        ("out_channels", num(l.out_channels as f64)),
        ("height", num(l.height as f64)),
        ("width", num(l.width as f64)),
        ("stride", num(l.stride as f64)),
        ("padding", text(padding_name(l.padding))),
        ("depth_multiplier", num(l.depth_multiplier as f64)),
    ]);
}

fn write_options(m: &mut Message, o: &TimingOptions) {
    m.extend([
        ("min_run_ms", num(o.min_run_ms)),
        ("runs", num(o.runs as f64)),
    ]);
}

/// The keys of a step's four numbers, per step.
const STEP_KEYS: [(&str, [&str; 4]); 3] = [
    (
        "standard",
        [
            "standard_ms",
            "standard_macs",
            "standard_gmacs",
            "standard_repetitions",
        ],
    ),
    (
        "depthwise",
        [
            "depthwise_ms",
            "depthwise_macs",
            "depthwise_gmacs",
            "depthwise_repetitions",
        ],
    ),
    (
        "pointwise",
        [
            "pointwise_ms",
            "pointwise_macs",
            "pointwise_gmacs",
            "pointwise_repetitions",
        ],
    ),
];

fn write_evaluation(m: &mut Message, keys: [&'static str; 3], e: &Evaluation) {
    m.extend([
        (keys[0], num(e.loss)),
        (keys[1], num(e.accuracy)),
        (keys[2], num(e.images as f64)),
    ]);
}

impl Request {
    /// The job it names.
    pub fn id(&self) -> JobId {
        match self {
            Request::Load { id, .. }
            | Request::Train { id, .. }
            | Request::TimeLayer { id, .. }
            | Request::ComputePeak { id, .. }
            | Request::MemoryBandwidth { id, .. }
            | Request::Sweep { id, .. }
            | Request::Stop { id } => *id,
        }
    }

    /// The message's fields (a load's bytes are attached by the glue).
    pub fn write(&self) -> Message {
        match self {
            Request::Load {
                id,
                set,
                split,
                checksum,
            } => {
                let mut m = head("load", *id);
                m.extend([
                    ("set", text(set.name())),
                    ("split", text(split.name())),
                    ("checksum", num(*checksum)),
                ]);
                m
            }
            Request::Train { id, settings: s } => {
                let mut m = head("train", *id);
                m.extend([
                    ("set", text(s.set.name())),
                    ("family", text(s.family.name())),
                    ("alpha", num(s.alpha)),
                    ("seed", num(s.seed as f64)),
                    ("epochs", num(s.epochs)),
                ]);
                m
            }
            Request::TimeLayer { id, layer, options } => {
                let mut m = head("time_layer", *id);
                write_layer(&mut m, layer);
                write_options(&mut m, options);
                m
            }
            Request::ComputePeak { id, options } => {
                let mut m = head("compute_peak", *id);
                write_options(&mut m, options);
                m
            }
            Request::MemoryBandwidth { id, bytes, options } => {
                let mut m = head("memory_bandwidth", *id);
                m.push(("bytes", num(*bytes as f64)));
                write_options(&mut m, options);
                m
            }
            Request::Sweep { id, options } => {
                let mut m = head("sweep", *id);
                write_options(&mut m, options);
                m
            }
            Request::Stop { id } => head("stop", *id),
        }
    }

    /// Reads a request.
    ///
    /// # Errors
    /// A [`ProtocolError`] naming the message's kind and the field at fault.
    pub fn read(fields: &dyn Fields) -> Result<Request, ProtocolError> {
        let r = Reader::open(fields)?;
        let id = r.id;
        Ok(match r.kind.as_str() {
            "load" => Request::Load {
                id,
                set: r.choice("set", DataSet::from_name, "digits, fashion-mnist")?,
                split: r.choice("split", Split::from_name, "train, test")?,
                checksum: r.whole("checksum", 0, u32::MAX.into())? as u32,
            },
            "train" => {
                let alpha = r.number("alpha")?;
                if !(alpha > 0.0 && alpha <= MAX_ALPHA) {
                    return Err(r.bad("alpha", &format!("a width in (0, {MAX_ALPHA}]")));
                }
                Request::Train {
                    id,
                    settings: TrainSettings {
                        set: r.choice("set", DataSet::from_name, "digits, fashion-mnist")?,
                        family: r.choice("family", Family::from_name, "standard, separable")?,
                        alpha,
                        seed: r.whole("seed", 0, SEED_LIMIT - 1)?,
                        epochs: r.whole("epochs", 1, MAX_EPOCHS.into())? as u32,
                    },
                }
            }
            "time_layer" => Request::TimeLayer {
                id,
                layer: r.layer()?,
                options: r.options()?,
            },
            "compute_peak" => Request::ComputePeak {
                id,
                options: r.options()?,
            },
            "memory_bandwidth" => Request::MemoryBandwidth {
                id,
                bytes: r.whole("bytes", 1, SEED_LIMIT - 1)?,
                options: r.options()?,
            },
            "sweep" => Request::Sweep {
                id,
                options: r.options()?,
            },
            "stop" => Request::Stop { id },
            other => return Err(ProtocolError(format!("unknown request type '{other}'"))),
        })
    }
}

impl Event {
    /// The message's fields.
    pub fn write(&self) -> Message {
        match self {
            Event::Ready { simd } => {
                let mut m = head("ready", 0);
                m.push(("simd", num(u8::from(*simd))));
                m
            }
            Event::Loaded {
                id,
                set,
                split,
                images,
            } => {
                let mut m = head("loaded", *id);
                m.extend([
                    ("set", text(set.name())),
                    ("split", text(split.name())),
                    ("images", num(*images)),
                ]);
                m
            }
            Event::Started {
                id,
                params,
                macs,
                batches_per_epoch,
                train_images,
                test_images,
            } => {
                let mut m = head("started", *id);
                m.extend([
                    ("params", num(*params as f64)),
                    ("macs", num(*macs as f64)),
                    ("batches_per_epoch", num(*batches_per_epoch)),
                    ("train_images", num(*train_images)),
                    ("test_images", num(*test_images)),
                ]);
                m
            }
            Event::Progress(p) => {
                let mut m = head("progress", p.id);
                m.extend([
                    ("epoch", num(p.epoch)),
                    ("batches", num(p.batches)),
                    ("batches_per_epoch", num(p.batches_per_epoch)),
                    ("loss", num(p.loss)),
                    ("accuracy", num(p.accuracy)),
                    ("images_per_second", num(p.images_per_second)),
                    ("elapsed_ms", num(p.elapsed_ms)),
                ]);
                m
            }
            Event::Epoch(e) => {
                let mut m = head("epoch", e.id);
                m.push(("epoch", num(e.epoch)));
                write_evaluation(
                    &mut m,
                    ["train_loss", "train_accuracy", "train_images"],
                    &e.train,
                );
                write_evaluation(
                    &mut m,
                    ["test_loss", "test_accuracy", "test_images"],
                    &e.test,
                );
                m.extend([
                    ("images_per_second", num(e.images_per_second)),
                    ("train_ms", num(e.train_ms)),
                    ("test_ms", num(e.test_ms)),
                    ("weights", num(e.weights)),
                ]);
                m
            }
            Event::LayerTimed {
                id,
                index,
                count,
                layer,
                timing,
            } => {
                let mut m = head("layer_timed", *id);
                m.extend([("index", num(*index)), ("count", num(*count))]);
                write_layer(&mut m, layer);
                let steps = [&timing.standard, &timing.depthwise, &timing.pointwise];
                for ((_, keys), step) in STEP_KEYS.iter().zip(steps) {
                    m.extend([
                        (keys[0], num(step.ms)),
                        (keys[1], num(step.macs as f64)),
                        (keys[2], num(step.gmacs)),
                        (keys[3], num(step.repetitions as f64)),
                    ]);
                }
                m.push(("runs", num(timing.standard.runs as f64)));
                m
            }
            Event::Rate {
                id,
                kind,
                bytes,
                rate,
            } => {
                let mut m = head("rate", *id);
                m.extend([
                    ("kind", text(kind.name())),
                    ("bytes", num(*bytes as f64)),
                    ("per_second", num(rate.per_second)),
                    ("ms", num(rate.ms)),
                    ("repetitions", num(rate.repetitions as f64)),
                ]);
                m
            }
            Event::Done { id } => head("done", *id),
            Event::Stopped { id } => head("stopped", *id),
            Event::Failed { id, message } => {
                let mut m = head("failed", *id);
                m.push(("message", text(message)));
                m
            }
        }
    }

    /// Reads an event.
    ///
    /// # Errors
    /// A [`ProtocolError`] naming the message's kind and the field at fault.
    pub fn read(fields: &dyn Fields) -> Result<Event, ProtocolError> {
        let r = Reader::open(fields)?;
        let id = r.id;
        let count = |key| r.whole(key, 0, SEED_LIMIT - 1);
        Ok(match r.kind.as_str() {
            "ready" => Event::Ready {
                simd: r.whole("simd", 0, 1)? == 1,
            },
            "loaded" => Event::Loaded {
                id,
                set: r.choice("set", DataSet::from_name, "digits, fashion-mnist")?,
                split: r.choice("split", Split::from_name, "train, test")?,
                images: r.whole("images", 0, u32::MAX.into())? as u32,
            },
            "started" => Event::Started {
                id,
                params: count("params")?,
                macs: count("macs")?,
                batches_per_epoch: r.whole("batches_per_epoch", 0, u32::MAX.into())? as u32,
                train_images: r.whole("train_images", 0, u32::MAX.into())? as u32,
                test_images: r.whole("test_images", 0, u32::MAX.into())? as u32,
            },
            "progress" => Event::Progress(Progress {
                id,
                epoch: r.whole("epoch", 0, u32::MAX.into())? as u32,
                batches: r.whole("batches", 0, u32::MAX.into())? as u32,
                batches_per_epoch: r.whole("batches_per_epoch", 0, u32::MAX.into())? as u32,
                loss: r.number("loss")? as f32,
                accuracy: r.number("accuracy")? as f32,
                images_per_second: r.number("images_per_second")?,
                elapsed_ms: r.number("elapsed_ms")?,
            }),
            "epoch" => Event::Epoch(EpochResult {
                id,
                epoch: r.whole("epoch", 0, u32::MAX.into())? as u32,
                train: r.evaluation(["train_loss", "train_accuracy", "train_images"])?,
                test: r.evaluation(["test_loss", "test_accuracy", "test_images"])?,
                images_per_second: r.number("images_per_second")?,
                train_ms: r.number("train_ms")?,
                test_ms: r.number("test_ms")?,
                weights: r.whole("weights", 0, u32::MAX.into())? as u32,
            }),
            "layer_timed" => {
                let runs = r.whole("runs", 0, 1 << 20)? as usize;
                let mut steps = [StepTiming {
                    ms: 0.0,
                    macs: 0,
                    gmacs: 0.0,
                    repetitions: 0,
                    runs,
                }; 3];
                for ((_, keys), step) in STEP_KEYS.iter().zip(&mut steps) {
                    step.ms = r.number(keys[0])?;
                    step.macs = count(keys[1])?;
                    step.gmacs = r.number(keys[2])?;
                    step.repetitions = count(keys[3])?;
                }
                Event::LayerTimed {
                    id,
                    index: r.whole("index", 0, u32::MAX.into())? as u32,
                    count: r.whole("count", 0, u32::MAX.into())? as u32,
                    layer: r.layer()?,
                    timing: LayerTiming {
                        standard: steps[0],
                        depthwise: steps[1],
                        pointwise: steps[2],
                    },
                }
            }
            "rate" => Event::Rate {
                id,
                kind: r.choice(
                    "kind",
                    |k| {
                        [RateKind::ComputePeak, RateKind::MemoryBandwidth]
                            .into_iter()
                            .find(|r| r.name() == k)
                    },
                    "compute_peak, memory_bandwidth",
                )?,
                bytes: count("bytes")?,
                rate: Rate {
                    per_second: r.number("per_second")?,
                    ms: r.number("ms")?,
                    repetitions: count("repetitions")?,
                },
            },
            "done" => Event::Done { id },
            "stopped" => Event::Stopped { id },
            "failed" => Event::Failed {
                id,
                message: r.text("message")?,
            },
            other => return Err(ProtocolError(format!("unknown event type '{other}'"))),
        })
    }
}

// ---------------------------------------------------------------- reading

/// Reads one message's fields, naming the message in every error.
struct Reader<'a> {
    fields: &'a dyn Fields,
    kind: String,
    id: JobId,
}

impl<'a> Reader<'a> {
    /// Checks the version and reads the type and id.
    fn open(fields: &'a dyn Fields) -> Result<Reader<'a>, ProtocolError> {
        let kind = match fields.field("type") {
            Some(Field::Text(t)) => t,
            _ => return Err(ProtocolError("a message without a type".into())),
        };
        let mut reader = Reader {
            fields,
            kind,
            id: 0,
        };
        let version = reader.number("v")?;
        if version != f64::from(VERSION) {
            return Err(ProtocolError(format!(
                "'{}' message of protocol version {version}; this side speaks version {VERSION} (reload the page)",
                reader.kind
            )));
        }
        reader.id = reader.whole("id", 0, u32::MAX.into())? as JobId;
        Ok(reader)
    }

    fn bad(&self, key: &str, expected: &str) -> ProtocolError {
        let got = match self.fields.field(key) {
            None => "nothing".to_string(),
            Some(Field::Number(n)) => n.to_string(),
            Some(Field::Text(t)) => format!("'{}'", t.chars().take(40).collect::<String>()),
        };
        ProtocolError(format!(
            "'{}' message: {key} must be {expected}, got {got}",
            self.kind
        ))
    }

    fn number(&self, key: &str) -> Result<f64, ProtocolError> {
        match self.fields.field(key) {
            Some(Field::Number(n)) if n.is_finite() => Ok(n),
            _ => Err(self.bad(key, "a finite number")),
        }
    }

    /// A whole number in [min, max] (max below 2⁵³).
    fn whole(&self, key: &str, min: u64, max: u64) -> Result<u64, ProtocolError> {
        match self.fields.field(key) {
            Some(Field::Number(n)) if n.fract() == 0.0 && n >= min as f64 && n <= max as f64 => {
                Ok(n as u64)
            }
            _ => Err(self.bad(key, &format!("a whole number from {min} to {max}"))),
        }
    }

    fn text(&self, key: &str) -> Result<String, ProtocolError> {
        match self.fields.field(key) {
            Some(Field::Text(t)) => Ok(t),
            _ => Err(self.bad(key, "a string")),
        }
    }

    fn choice<T>(
        &self,
        key: &str,
        parse: impl Fn(&str) -> Option<T>,
        expected: &str,
    ) -> Result<T, ProtocolError> {
        self.text(key)
            .ok()
            .and_then(|t| parse(&t))
            .ok_or_else(|| self.bad(key, &format!("one of {expected}")))
    }

    fn dimension(&self, key: &str) -> Result<usize, ProtocolError> {
        Ok(self.whole(key, 1, 1 << 20)? as usize)
    }

    fn layer(&self) -> Result<TimingLayer, ProtocolError> {
        Ok(TimingLayer {
            kernel: self.dimension("kernel")?,
            in_channels: self.dimension("in_channels")?,
            out_channels: self.dimension("out_channels")?,
            height: self.dimension("height")?,
            width: self.dimension("width")?,
            stride: self.dimension("stride")?,
            padding: self.choice(
                "padding",
                |p| match p {
                    "valid" => Some(Padding::Valid),
                    "same" => Some(Padding::Same),
                    _ => None,
                },
                "valid, same",
            )?,
            depth_multiplier: self.dimension("depth_multiplier")?,
        })
    }

    /// Timing options; their ranges are the timing module's to check.
    fn options(&self) -> Result<TimingOptions, ProtocolError> {
        Ok(TimingOptions {
            min_run_ms: self.number("min_run_ms")?,
            runs: self.whole("runs", 0, 1 << 20)? as usize,
        })
    }

    fn evaluation(&self, keys: [&str; 3]) -> Result<Evaluation, ProtocolError> {
        Ok(Evaluation {
            loss: self.number(keys[0])? as f32,
            accuracy: self.number(keys[1])? as f32,
            images: self.whole(keys[2], 0, SEED_LIMIT - 1)? as usize,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> TimingOptions {
        TimingOptions {
            min_run_ms: 12.5,
            runs: 3,
        }
    }

    fn layer() -> TimingLayer {
        TimingLayer {
            kernel: 3,
            in_channels: 3,
            out_channels: 5,
            height: 6,
            width: 6,
            stride: 2,
            padding: Padding::Valid,
            depth_multiplier: 2,
        }
    }

    fn step(ms: f64) -> StepTiming {
        StepTiming {
            ms,
            macs: 2160,
            gmacs: 0.5,
            repetitions: 4096,
            runs: 3,
        }
    }

    fn requests() -> Vec<Request> {
        vec![
            Request::Load {
                id: 1,
                set: DataSet::FashionMnist,
                split: Split::Test,
                checksum: u32::MAX,
            },
            Request::Train {
                id: 2,
                settings: TrainSettings {
                    set: DataSet::Digits,
                    family: Family::Separable,
                    alpha: 2.828125,
                    seed: SEED_LIMIT - 1,
                    epochs: 30,
                },
            },
            Request::TimeLayer {
                id: 3,
                layer: layer(),
                options: options(),
            },
            Request::ComputePeak {
                id: 4,
                options: options(),
            },
            Request::MemoryBandwidth {
                id: 5,
                bytes: 64 << 20,
                options: options(),
            },
            Request::Sweep {
                id: 6,
                options: options(),
            },
            Request::Stop { id: 7 },
        ]
    }

    fn events() -> Vec<Event> {
        let eval = |loss: f32| Evaluation {
            loss,
            accuracy: 0.8125,
            images: 400,
        };
        vec![
            Event::Ready { simd: true },
            Event::Loaded {
                id: 1,
                set: DataSet::Digits,
                split: Split::Train,
                images: 1397,
            },
            Event::Started {
                id: 2,
                params: 93_735,
                macs: 3_106_636,
                batches_per_epoch: 44,
                train_images: 1397,
                test_images: 400,
            },
            Event::Progress(Progress {
                id: 2,
                epoch: 1,
                batches: 7,
                batches_per_epoch: 44,
                loss: 2.25,
                accuracy: 0.125,
                images_per_second: 1234.5,
                elapsed_ms: 100.25,
            }),
            Event::Epoch(EpochResult {
                id: 2,
                epoch: 1,
                train: eval(f32::from_bits(0x3f8c_cccd)),
                test: eval(0.1),
                images_per_second: 2000.0,
                train_ms: 700.5,
                test_ms: 20.0,
                weights: 0xdead_beef,
            }),
            Event::LayerTimed {
                id: 6,
                index: 12,
                count: 13,
                layer: layer(),
                timing: LayerTiming {
                    standard: step(1.5),
                    depthwise: step(0.25),
                    pointwise: step(0.5),
                },
            },
            Event::Rate {
                id: 4,
                kind: RateKind::MemoryBandwidth,
                bytes: 64 << 20,
                rate: Rate {
                    per_second: 9.5,
                    ms: 7.0,
                    repetitions: 16,
                },
            },
            Event::Done { id: 2 },
            Event::Stopped { id: 2 },
            Event::Failed {
                id: 0,
                message: "bad data: checksum mismatch".into(),
            },
        ]
    }

    #[test]
    fn every_request_and_event_reads_back_as_written() {
        for request in requests() {
            assert_eq!(Request::read(&request.write()), Ok(request.clone()));
        }
        for event in events() {
            assert_eq!(Event::read(&event.write()), Ok(event.clone()));
        }
    }

    #[test]
    fn losses_keep_their_bits() {
        // f32 → JS number → f32 is exact: the browser's numbers can be compared
        // bit for bit with native ones.
        for bits in [0x3f8c_cccd_u32, 0x0000_0001, 0x7f7f_ffff, 0x4013_3333] {
            let e = Event::Progress(Progress {
                id: 1,
                epoch: 1,
                batches: 1,
                batches_per_epoch: 1,
                loss: f32::from_bits(bits),
                accuracy: 0.5,
                images_per_second: 1.0,
                elapsed_ms: 1.0,
            });
            match Event::read(&e.write()).unwrap() {
                Event::Progress(p) => assert_eq!(p.loss.to_bits(), bits),
                other => panic!("{other:?}"),
            }
        }
    }

    /// `request` with `key` set to `value` (or removed when `None`).
    fn with(request: &Request, key: &'static str, value: Option<Field>) -> Message {
        let mut m: Message = request
            .write()
            .into_iter()
            .filter(|(k, _)| *k != key)
            .collect();
        if let Some(v) = value {
            m.push((key, v));
        }
        m
    }

    fn error(m: Message) -> String {
        Request::read(&m).unwrap_err().0
    }

    #[test]
    fn bad_requests_say_which_field_is_wrong() {
        let train = &requests()[1];
        let n = |v: f64| Some(Field::Number(v));
        let t = |v: &str| Some(Field::Text(v.into()));
        assert_eq!(
            error(with(train, "alpha", n(0.0))),
            "'train' message: alpha must be a width in (0, 4], got 0"
        );
        assert!(error(with(train, "alpha", n(f64::NAN))).contains("alpha must be a finite number"));
        assert!(error(with(train, "alpha", t("1"))).contains("got '1'"));
        assert!(error(with(train, "seed", n(-1.0))).contains("seed must be a whole number"));
        assert!(error(with(train, "seed", n(2f64.powi(53)))).contains("seed"));
        assert!(error(with(train, "epochs", n(0.0))).contains("epochs"));
        assert!(error(with(train, "epochs", n(1.5))).contains("epochs"));
        assert!(error(with(train, "epochs", None))
            .contains("epochs must be a whole number from 1 to 100, got nothing"));
        assert!(error(with(train, "family", t("grouped"))).contains("one of standard, separable"));
        assert!(error(with(train, "set", t("mnist"))).contains("one of digits, fashion-mnist"));
        assert!(error(with(train, "v", n(2.0))).contains("protocol version 2"));
        assert!(error(with(train, "type", t("dance"))).contains("unknown request type 'dance'"));
        assert!(error(with(train, "type", None)).contains("without a type"));
        assert!(error(with(train, "id", n(-3.0))).contains("id must be"));
        let layer = &requests()[2];
        assert!(error(with(layer, "kernel", n(0.0))).contains("kernel"));
        assert!(error(with(layer, "padding", t("full"))).contains("one of valid, same"));
        assert!(error(with(layer, "in_channels", n(1e300))).contains("in_channels"));
        let load = &requests()[0];
        assert!(error(with(load, "checksum", n(2f64.powi(32)))).contains("checksum"));
        // A long string is cut in the message.
        let long = "x".repeat(1000);
        assert!(error(with(train, "family", t(&long))).len() < 200);
    }

    #[test]
    fn events_of_a_newer_worker_are_refused_with_a_reason() {
        let mut m = Event::Done { id: 1 }.write();
        m[0].1 = Field::Number(2.0);
        let e = Event::read(&m).unwrap_err();
        assert!(e.0.contains("version 2"), "{e}");
    }

    #[test]
    fn every_job_ends_with_one_of_three_events() {
        let ends: Vec<bool> = events().iter().map(Event::ends_job).collect();
        assert_eq!(
            ends,
            [false, false, false, false, false, false, false, true, true, true]
        );
        assert_eq!(events()[3].id(), 2);
    }

    #[test]
    fn the_sweep_stays_within_the_timing_bounds() {
        use sepconv_train::timing::{pass_bytes, MAX_BYTES, MAX_MACS_PER_PASS};
        for layer in sepconv_train::report::timeable_sweep_layers() {
            for shape in layer.shapes().unwrap() {
                assert!(
                    shape.macs_per_image().unwrap() <= MAX_MACS_PER_PASS,
                    "{layer:?}"
                );
                assert!(pass_bytes(&shape).unwrap() <= MAX_BYTES, "{layer:?}");
            }
        }
    }
}
