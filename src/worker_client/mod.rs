//! The page's side of the lab's worker (issues 17 and 18): where the worker and
//! its data are, and what a training run looks like once its events are in.
//! Plain Rust, tested natively; `browser` starts workers and talks to them, and
//! `components::hooks::use_worker` ties one to a component.
//!
//! The protocol and the manifest are the worker crate's (`sepconv_worker`),
//! re-exported here so the UI needs one `use`.
//!
//! ```
//! use sepconv_web::worker_client::{DataSet, Event, Family, TrainRun, TrainSettings};
//!
//! let settings = TrainSettings { set: DataSet::Digits, family: Family::Separable,
//!                                alpha: 1.0, seed: 1, epochs: 3 };
//! let mut run = TrainRun::new(7, settings);
//! assert!(run.apply(&Event::Done { id: 7 }));
//! assert!(!run.apply(&Event::Done { id: 8 }), "another job's event");
//! ```

pub mod browser;

pub use sepconv_train::timing::{LayerTiming, Rate, StepTiming, TimingLayer, TimingOptions};
pub use sepconv_train::{Evaluation, Family, Padding};
pub use sepconv_worker::manifest::{DataFile, Manifest, SetInfo};
pub use sepconv_worker::protocol::{
    DataSet, EpochResult, Event, JobId, Progress, RateKind, Request, Split, TrainSettings, SWEEP,
};

/// The build hash in the page's module name, from the `href` of its
/// `<link rel="modulepreload">` (`./sepconv-web-<hash>.js`, as Trunk writes it).
pub fn build_hash(href: &str) -> Option<&str> {
    let name = href.rsplit('/').next()?;
    let hash = name.strip_prefix("sepconv-web-")?.strip_suffix(".js")?;
    (!hash.is_empty() && hash.chars().all(|c| c.is_ascii_hexdigit())).then_some(hash)
}

/// Where a client finds the lab's files (the manifest, the worker, the data).
/// Every one is fetched from the page's origin: a folder is a relative path.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum LabAssets {
    /// Beside the page, of the page's own build (the hash in its module's
    /// name): what the page uses.
    #[default]
    OfPage,
    /// In a folder of the page's site, of a given build: what the component
    /// tests use (`dist/` served beside the test page). Made by
    /// [`LabAssets::folder`].
    Folder {
        /// Relative to the page, ending in `/`.
        folder: String,
        /// The build's hash.
        hash: String,
    },
}

impl LabAssets {
    /// The files of build `hash` in `folder`, a relative path of plain names
    /// (`dist/`, `lab/v2/`).
    ///
    /// # Errors
    /// A folder that could leave the page's origin or folder (`//host/`,
    /// `https://…`, `../`), or a hash that is not hexadecimal.
    pub fn folder(folder: &str, hash: &str) -> Result<LabAssets, String> {
        let folder = folder.strip_prefix("./").unwrap_or(folder);
        let plain = folder.strip_suffix('/').is_some_and(|inner| {
            inner.split('/').all(|part| {
                !part.is_empty()
                    && !part.starts_with('.')
                    && part
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
            })
        });
        if !plain {
            return Err(format!(
                "'{folder}' is not a folder of the page's site (plain names, ending in '/')"
            ));
        }
        if hash.is_empty() || !hash.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(format!("'{hash}' is not a build hash"));
        }
        Ok(LabAssets::Folder {
            folder: folder.to_string(),
            hash: hash.to_string(),
        })
    }

    /// The URL of the file `name` (relative to the page).
    pub fn url(&self, name: &str) -> String {
        match self {
            LabAssets::OfPage => format!("./{name}"),
            LabAssets::Folder { folder, .. } => format!("./{folder}{name}"),
        }
    }

    /// The manifest's URL; `page_hash` is the page's own build hash (used by
    /// [`LabAssets::OfPage`] only).
    ///
    /// # Errors
    /// [`LabAssets::OfPage`] on a page that does not name its build.
    pub fn manifest_url(&self, page_hash: Option<&str>) -> Result<String, String> {
        let hash = match self {
            LabAssets::OfPage => {
                page_hash.ok_or("this page does not name its build, so its lab cannot be found")?
            }
            LabAssets::Folder { hash, .. } => hash,
        };
        Ok(self.url(&sepconv_worker::manifest::file_name(hash)))
    }
}

/// Where a run is.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum RunState {
    /// Fetching and loading the data, starting the worker.
    #[default]
    Loading,
    /// Training.
    Training,
    /// All epochs done.
    Done,
    /// Stopped by the reader.
    Stopped,
    /// Failed; the message is for the reader.
    Failed(String),
}

/// A point of the live curve: the mean of the batches since the previous one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CurvePoint {
    /// Epochs done, with the fraction of the current one (the x axis).
    pub epochs: f64,
    /// Mean training loss of the batches.
    pub loss: f32,
    /// Their accuracy.
    pub accuracy: f32,
}

/// A training run as its events describe it: what the lab section draws.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainRun {
    /// The job.
    pub job: JobId,
    /// What was asked for.
    pub settings: TrainSettings,
    /// Where it is.
    pub state: RunState,
    /// The net's parameters and forward MACs per image (once started).
    pub params: u64,
    /// See `params`.
    pub macs: u64,
    /// The live curve.
    pub curve: Vec<CurvePoint>,
    /// Each epoch's result.
    pub epochs: Vec<EpochResult>,
    /// The latest images per second.
    pub images_per_second: f64,
}

impl TrainRun {
    /// A run of job `job`, loading.
    pub fn new(job: JobId, settings: TrainSettings) -> TrainRun {
        TrainRun {
            job,
            settings,
            state: RunState::Loading,
            params: 0,
            macs: 0,
            curve: Vec::new(),
            epochs: Vec::new(),
            images_per_second: 0.0,
        }
    }

    /// Takes in an event; returns whether the run changed (another job's event,
    /// or one after the run ended, changes nothing).
    pub fn apply(&mut self, event: &Event) -> bool {
        let ended = matches!(
            self.state,
            RunState::Done | RunState::Stopped | RunState::Failed(_)
        );
        if event.id() != self.job || ended {
            return false;
        }
        match event {
            Event::Started { params, macs, .. } => {
                (self.params, self.macs) = (*params, *macs);
                self.state = RunState::Training;
            }
            Event::Progress(p) => {
                self.curve.push(CurvePoint {
                    epochs: f64::from(p.epoch - 1)
                        + f64::from(p.batches) / f64::from(p.batches_per_epoch.max(1)),
                    loss: p.loss,
                    accuracy: p.accuracy,
                });
                self.images_per_second = p.images_per_second;
            }
            Event::Epoch(e) => {
                self.epochs.push(*e);
                self.images_per_second = e.images_per_second;
            }
            Event::Done { .. } => self.state = RunState::Done,
            Event::Stopped { .. } => self.state = RunState::Stopped,
            Event::Failed { message, .. } => self.state = RunState::Failed(message.clone()),
            Event::Loaded { .. }
            | Event::Ready { .. }
            | Event::LayerTimed { .. }
            | Event::Rate { .. } => return false,
        }
        true
    }

    /// The last epoch's test result, once there is one.
    pub fn result(&self) -> Option<&EpochResult> {
        self.epochs.last()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_build_hash_comes_from_the_pages_module() {
        assert_eq!(
            build_hash("./sepconv-web-5d4099a7531f6332.js"),
            Some("5d4099a7531f6332")
        );
        assert_eq!(
            build_hash("http://127.0.0.1:8080/courses/cnn/sepconv-web-abc.js"),
            Some("abc")
        );
        for bad in [
            "./sepconv-web-.js",
            "./sepconv-web-xyz.js",
            "./sepconv-web-abc_bg.wasm",
            "./other-abc.js",
            "",
        ] {
            assert_eq!(build_hash(bad), None, "{bad}");
        }
        assert_eq!(
            sepconv_worker::manifest::file_name("abc"),
            "sepconv-lab-abc.txt"
        );
    }

    #[test]
    fn lab_files_stay_on_the_pages_origin() {
        let page = LabAssets::OfPage;
        assert_eq!(
            page.manifest_url(Some("ab12")),
            Ok("./sepconv-lab-ab12.txt".into())
        );
        assert!(page.manifest_url(None).is_err());
        assert_eq!(page.url("w.js"), "./w.js");
        let dist = LabAssets::folder("dist/", "ab12").unwrap();
        assert_eq!(
            dist.manifest_url(None),
            Ok("./dist/sepconv-lab-ab12.txt".into())
        );
        assert_eq!(dist.url("digits.scds"), "./dist/digits.scds");
        assert_eq!(
            LabAssets::folder("./a/b-2/", "0f"),
            LabAssets::folder("a/b-2/", "0f")
        );
        for bad in [
            "",
            "/",
            "dist",
            "//evil.example/",
            "https://evil.example/",
            "../up/",
            "a//b/",
            "/etc/",
            "a/../b/",
            "sp ace/",
        ] {
            assert!(LabAssets::folder(bad, "ab").is_err(), "{bad:?}");
        }
        assert!(LabAssets::folder("dist/", "xyz").is_err());
        assert!(LabAssets::folder("dist/", "").is_err());
    }

    fn settings() -> TrainSettings {
        TrainSettings {
            set: DataSet::Digits,
            family: Family::Standard,
            alpha: 1.0,
            seed: 1,
            epochs: 2,
        }
    }

    fn progress(epoch: u32, batches: u32, loss: f32) -> Event {
        Event::Progress(Progress {
            id: 3,
            epoch,
            batches,
            batches_per_epoch: 44,
            loss,
            accuracy: 0.5,
            images_per_second: 900.0,
            elapsed_ms: 10.0,
        })
    }

    #[test]
    fn a_run_follows_its_events_and_only_its_own() {
        let mut run = TrainRun::new(3, settings());
        assert_eq!(run.state, RunState::Loading);
        assert!(!run.apply(&Event::Ready { simd: true }));
        assert!(run.apply(&Event::Started {
            id: 3,
            params: 100,
            macs: 2000,
            batches_per_epoch: 44,
            train_images: 1397,
            test_images: 400,
        }));
        assert_eq!(
            (run.state.clone(), run.params, run.macs),
            (RunState::Training, 100, 2000)
        );
        assert!(run.apply(&progress(1, 11, 2.0)));
        assert!(run.apply(&progress(2, 22, 1.0)));
        assert!(!run.apply(&Event::Progress(Progress {
            id: 4,
            ..match progress(1, 1, 9.0) {
                Event::Progress(p) => p,
                _ => unreachable!(),
            }
        })));
        assert_eq!(
            run.curve.iter().map(|p| p.epochs).collect::<Vec<_>>(),
            [0.25, 1.5]
        );
        assert_eq!(run.images_per_second, 900.0);
        assert!(run.apply(&Event::Failed {
            id: 3,
            message: "bad data".into()
        }));
        assert_eq!(run.state, RunState::Failed("bad data".into()));
        // An ended run takes nothing more.
        assert!(!run.apply(&progress(2, 30, 0.5)));
        assert!(!run.apply(&Event::Done { id: 3 }));
        assert!(run.result().is_none());
    }
}
