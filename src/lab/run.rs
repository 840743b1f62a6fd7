//! A live run: its settings (data set, width, seed: in the link as `data`,
//! `width` and `seed`) and its state, updated by the progress events of the two
//! training workers (one per family). Plain data: the live-training panel only
//! draws a [`RunState`], and whatever drives the workers only feeds it
//! [`RunEvent`]s through [`RunState::apply`].

use sepconv_train::Family;

use super::chart::{Curves, LivePoint, Metric};
use super::{alpha_text, results, LabData};
use crate::link::{echo, Pairs};
use crate::worker_client::{DataSet, Event, TrainSettings};

/// Highest seed a link may set.
pub const MAX_SEED: u32 = 9999;

/// What to train: both families on `data` at width `alpha`, weights and
/// shuffle from `seed`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunSettings {
    /// The data set (`data=`); the lab's results show the same one.
    pub data: LabData,
    /// Width multiplier α (`width=`): one of the widths measured natively, so a
    /// run lands beside their points.
    pub alpha: f64,
    /// Seed of the weights and the shuffle (`seed=`, 1 to [`MAX_SEED`]).
    pub seed: u32,
}

impl Default for RunSettings {
    /// Fashion-MNIST, α = 1 (the twins), seed 1.
    fn default() -> Self {
        RunSettings {
            data: LabData::default(),
            alpha: 1.0,
            seed: 1,
        }
    }
}

impl RunSettings {
    /// The widths a run can have: those measured natively.
    pub fn widths(data: LabData) -> Vec<f64> {
        results::alphas(data)
    }

    /// Reads the settings from the link's pairs; each value that cannot be
    /// used is replaced by the default and explained in a note.
    pub fn read(pairs: &[(String, String)]) -> (RunSettings, Vec<String>) {
        let mut settings = RunSettings::default();
        let mut notes = Vec::new();
        for (key, value) in pairs {
            let value = value.trim();
            match key.as_str() {
                "data" => match LabData::from_id(value) {
                    Some(data) => settings.data = data,
                    None => notes.push(format!(
                        "data={} is not one of {}; the lab shows {}.",
                        echo(value),
                        LabData::ALL.map(LabData::id).join(", "),
                        settings.data.id()
                    )),
                },
                "width" => match RunSettings::widths(settings.data)
                    .into_iter()
                    .find(|&a| alpha_text(a) == value)
                {
                    Some(alpha) => settings.alpha = alpha,
                    None => notes.push(format!(
                        "width={} is not one of {}; a run trains at width 1.",
                        echo(value),
                        RunSettings::widths(settings.data)
                            .into_iter()
                            .map(alpha_text)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                },
                "seed" => match value.parse::<u32>() {
                    Ok(seed) if (1..=MAX_SEED).contains(&seed) => settings.seed = seed,
                    _ => notes.push(format!(
                        "seed={} is not a whole number from 1 to {MAX_SEED}; a run uses seed 1.",
                        echo(value)
                    )),
                },
                _ => {}
            }
        }
        (settings, notes)
    }

    /// The link's pairs for the settings, every one written (so a link keeps
    /// its meaning if a default changes).
    pub fn pairs(&self) -> Pairs {
        vec![
            ("data".to_string(), self.data.id().to_string()),
            ("width".to_string(), alpha_text(self.alpha)),
            ("seed".to_string(), self.seed.to_string()),
        ]
    }
}

/// One training step of one net, as its worker reports it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// Which net.
    pub family: Family,
    /// The epoch being trained, from 1.
    pub epoch: u32,
    /// Batches done in this epoch, from 1.
    pub batch: u32,
    /// Batches in an epoch.
    pub batches: u32,
    /// Mean loss over the step's batch.
    pub loss: f32,
    /// Share of the step's batch classified correctly, 0 to 1.
    pub accuracy: f32,
    /// Training speed, images per second, as the worker measures it.
    pub images_per_second: f64,
}

impl Progress {
    /// Epochs done so far, fractional: where the step goes on a curve.
    pub fn at(&self) -> f64 {
        f64::from(self.epoch.max(1) - 1) + f64::from(self.batch) / f64::from(self.batches.max(1))
    }
}

/// One net evaluated on the test images after an epoch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tested {
    /// Which net.
    pub family: Family,
    /// The epoch just finished, from 1.
    pub epoch: u32,
    /// Mean test loss.
    pub loss: f32,
    /// Test accuracy, 0 to 1.
    pub accuracy: f32,
}

/// What a training worker tells the page.
#[derive(Debug, Clone, PartialEq)]
pub enum RunEvent {
    /// A training step.
    Progress(Progress),
    /// A test evaluation after an epoch.
    Tested(Tested),
    /// The net trained all its epochs.
    Finished(Family),
    /// The net could not train (its worker or data failed), and why.
    Failed(Family, String),
}

impl RunEvent {
    /// What a training worker's `event` says about `family`'s net, if
    /// anything: its progress, its test after each epoch, its end or failure
    /// (a stop, data loaded, the start and timings say nothing here).
    pub fn from_worker(family: Family, event: &Event) -> Option<RunEvent> {
        Some(match event {
            Event::Progress(p) => RunEvent::Progress(Progress {
                family,
                epoch: p.epoch,
                batch: p.batches,
                batches: p.batches_per_epoch,
                loss: p.loss,
                accuracy: p.accuracy,
                images_per_second: p.images_per_second,
            }),
            Event::Epoch(e) => RunEvent::Tested(Tested {
                family,
                epoch: e.epoch,
                loss: e.test.loss,
                accuracy: e.test.accuracy,
            }),
            Event::Done { .. } => RunEvent::Finished(family),
            Event::Failed { message, .. } => RunEvent::Failed(family, message.clone()),
            _ => return None,
        })
    }
}

impl RunSettings {
    /// What `family`'s worker trains for these settings: `epochs` on the
    /// chosen data set, at the chosen width, from the chosen seed.
    pub fn worker_settings(&self, family: Family, epochs: u32) -> TrainSettings {
        TrainSettings {
            set: match self.data {
                LabData::FashionMnist => DataSet::FashionMnist,
                LabData::Digits => DataSet::Digits,
            },
            family,
            alpha: self.alpha,
            seed: u64::from(self.seed),
            epochs,
        }
    }

    /// Epochs of a live run: as many as the native runs it lands beside.
    pub fn epochs(&self) -> u32 {
        results::twin(self.data, Family::Standard).map_or(1, |r| r.epochs)
    }
}

/// Where a run is.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Phase {
    /// Nothing trained yet.
    #[default]
    Idle,
    /// Training.
    Running,
    /// Stopped by the reader before the end.
    Stopped,
    /// Both nets trained every epoch.
    Finished,
    /// A net could not train: what went wrong.
    Failed(String),
}

/// One net's part of a run.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NetRun {
    /// Every step's report, in order.
    pub steps: Vec<Progress>,
    /// Every test evaluation, in order.
    pub tests: Vec<Tested>,
    /// Whether it trained all its epochs.
    pub finished: bool,
}

impl NetRun {
    /// The latest step.
    pub fn last(&self) -> Option<&Progress> {
        self.steps.last()
    }
}

/// A run: its settings, its phase and both nets' progress.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RunState {
    /// What is (or was last) trained.
    pub settings: RunSettings,
    /// Epochs each net trains.
    pub epochs: u32,
    /// Where the run is.
    pub phase: Phase,
    /// The standard net's progress.
    pub standard: NetRun,
    /// The separable net's progress.
    pub separable: NetRun,
}

impl RunState {
    /// A run of `settings` for `epochs`, just started.
    pub fn start(settings: RunSettings, epochs: u32) -> RunState {
        RunState {
            settings,
            epochs,
            phase: Phase::Running,
            ..RunState::default()
        }
    }

    /// One net's progress.
    pub fn net(&self, family: Family) -> &NetRun {
        match family {
            Family::Standard => &self.standard,
            Family::Separable => &self.separable,
        }
    }

    fn net_mut(&mut self, family: Family) -> &mut NetRun {
        match family {
            Family::Standard => &mut self.standard,
            Family::Separable => &mut self.separable,
        }
    }

    /// Takes in a worker's event. Events after a stop, a failure or the end
    /// (a message already on its way) change nothing.
    pub fn apply(&mut self, event: RunEvent) {
        if self.phase != Phase::Running {
            return;
        }
        match event {
            RunEvent::Progress(p) => self.net_mut(p.family).steps.push(p),
            RunEvent::Tested(t) => self.net_mut(t.family).tests.push(t),
            RunEvent::Finished(family) => {
                self.net_mut(family).finished = true;
                if self.standard.finished && self.separable.finished {
                    self.phase = Phase::Finished;
                }
            }
            RunEvent::Failed(family, why) => {
                self.phase = Phase::Failed(format!("the {} net: {why}", family.name()))
            }
        }
    }

    /// The reader stopped the run.
    pub fn stop(&mut self) {
        if self.phase == Phase::Running {
            self.phase = Phase::Stopped;
        }
    }

    /// Both nets' training curves of `metric` (loss, or accuracy in percent),
    /// against epochs.
    pub fn curves(&self, metric: Metric) -> Curves {
        let series = |net: &NetRun| {
            net.steps
                .iter()
                .map(|p| (p.at(), metric.of(p.loss, p.accuracy)))
                .collect()
        };
        Curves {
            metric,
            epochs: self.epochs,
            standard: series(&self.standard),
            separable: series(&self.separable),
        }
    }

    /// The speed readout's number for `family`, images per second: "783",
    /// or "–" before its first step.
    pub fn speed(&self, family: Family) -> String {
        self.net(family)
            .last()
            .map_or("–".to_string(), |p| format!("{:.0}", p.images_per_second))
    }

    /// Where `family` is: "epoch 2 of 6, batch 120 of 188", or "not started".
    pub fn position(&self, family: Family) -> String {
        match self.net(family).last() {
            Some(p) => format!(
                "epoch {} of {}, batch {} of {}",
                p.epoch, self.epochs, p.batch, p.batches
            ),
            None => "not started".to_string(),
        }
    }

    /// What a finished run found, beside what the native runs at the same
    /// width found over their seeds: "After 30 epochs on digits: 97.3 % test
    /// accuracy for the standard net, 96.8 % for the separable one. Measured
    /// natively at α = 1 over 5 seeds: 97.5 ± 0.5 % and 96.6 ± 1.0 %."
    pub fn summary(&self) -> String {
        let last = |family| self.net(family).tests.last().map(|t| t.accuracy);
        let (Some(standard), Some(separable)) = (last(Family::Standard), last(Family::Separable))
        else {
            return String::new();
        };
        let percent = |a: f32| format!("{:.1} %", f64::from(a) * 100.0);
        let native = results::pair_at(self.settings.data, self.settings.alpha)
            .map(|(s, p)| {
                format!(
                    " Measured natively at α = {} over {} seeds: {} and {}.",
                    alpha_text(self.settings.alpha),
                    s.seeds(),
                    s.accuracy().text(),
                    p.accuracy().text()
                )
            })
            .unwrap_or_default();
        format!(
            "After {} epochs on {}: {} test accuracy for the standard net, {} for the separable one.{native}",
            self.epochs,
            self.settings.data.name(),
            percent(standard),
            percent(separable)
        )
    }

    /// The run's nets as points on the frontier, once tested: their latest
    /// test accuracy at their MACs (the calculator's count for the width).
    pub fn landed(&self) -> Vec<LivePoint> {
        Family::ALL
            .into_iter()
            .filter_map(|family| {
                let tested = self.net(family).tests.last()?;
                let run = results::frontier(self.settings.data, family)
                    .into_iter()
                    .find(|r| r.alpha == self.settings.alpha)?;
                Some(LivePoint {
                    family,
                    macs: run.calculator.macs,
                    accuracy: f64::from(tested.accuracy) * 100.0,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::pairs;

    #[test]
    fn a_workers_events_drive_a_run() {
        use crate::worker_client::{EpochResult, Evaluation};
        let settings = RunSettings {
            data: LabData::Digits,
            alpha: 0.5,
            seed: 42,
        };
        let asked = settings.worker_settings(Family::Separable, 3);
        assert_eq!(
            (
                asked.set,
                asked.family,
                asked.alpha,
                asked.seed,
                asked.epochs
            ),
            (DataSet::Digits, Family::Separable, 0.5, 42, 3)
        );
        assert!(settings.epochs() >= 1);
        let mut run = RunState::start(settings, 1);
        let progress = Event::Progress(crate::worker_client::Progress {
            id: 7,
            epoch: 1,
            batches: 11,
            batches_per_epoch: 44,
            loss: 1.5,
            accuracy: 0.25,
            images_per_second: 900.0,
            elapsed_ms: 100.0,
        });
        let evaluation = |loss, accuracy| Evaluation {
            loss,
            accuracy,
            images: 400,
        };
        let epoch = Event::Epoch(EpochResult {
            id: 7,
            epoch: 1,
            train: evaluation(1.0, 0.5),
            test: evaluation(0.5, 0.875),
            images_per_second: 1000.0,
            train_ms: 1.0,
            test_ms: 1.0,
            weights: 1,
        });
        for family in Family::ALL {
            for event in [&progress, &epoch, &Event::Done { id: 7 }] {
                run.apply(RunEvent::from_worker(family, event).unwrap());
            }
        }
        assert_eq!(run.phase, Phase::Finished);
        assert_eq!(
            run.position(Family::Standard),
            "epoch 1 of 1, batch 11 of 44"
        );
        assert_eq!(run.speed(Family::Separable), "900");
        assert_eq!(run.separable.tests[0].accuracy, 0.875);
        for quiet in [
            Event::Stopped { id: 7 },
            Event::Ready { simd: true },
            Event::Started {
                id: 7,
                params: 1,
                macs: 1,
                batches_per_epoch: 1,
                train_images: 1,
                test_images: 1,
            },
        ] {
            assert_eq!(RunEvent::from_worker(Family::Standard, &quiet), None);
        }
        assert_eq!(
            RunEvent::from_worker(
                Family::Standard,
                &Event::Failed {
                    id: 7,
                    message: "no data".into()
                }
            ),
            Some(RunEvent::Failed(Family::Standard, "no data".into()))
        );
    }

    #[test]
    fn settings_read_back_what_they_write() {
        let (settings, notes) = RunSettings::read(&pairs("?data=digits&width=0.25&seed=42"));
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(
            settings,
            RunSettings {
                data: LabData::Digits,
                alpha: 0.25,
                seed: 42
            }
        );
        assert_eq!(RunSettings::read(&settings.pairs()).0, settings);
        let default = RunSettings::default();
        assert_eq!(RunSettings::read(&default.pairs()).0, default);
        assert_eq!(
            default.pairs(),
            [
                ("data".to_string(), "fashion-mnist".to_string()),
                ("width".to_string(), "1".to_string()),
                ("seed".to_string(), "1".to_string())
            ]
        );
    }

    #[test]
    fn bad_settings_get_a_note_and_the_default() {
        let (settings, notes) =
            RunSettings::read(&pairs("?data=mnist&width=0.3&seed=0&seed=<b>99999999999"));
        assert_eq!(settings, RunSettings::default());
        assert_eq!(notes.len(), 4, "{notes:?}");
        assert_eq!(
            notes[0],
            "data=mnist is not one of fashion-mnist, digits; the lab shows fashion-mnist."
        );
        assert_eq!(
            notes[1],
            "width=0.3 is not one of 0.25, 0.5, 1, 1.5, 2; a run trains at width 1."
        );
        assert!(
            notes[3].starts_with("seed=<b>99999999999 is not"),
            "{}",
            notes[3]
        );
    }

    fn step(family: Family, epoch: u32, batch: u32, loss: f32) -> RunEvent {
        RunEvent::Progress(Progress {
            family,
            epoch,
            batch,
            batches: 4,
            loss,
            accuracy: 0.5,
            images_per_second: 812.4,
        })
    }

    #[test]
    fn a_finished_run_is_summed_up_beside_the_native_runs() {
        let settings = RunSettings {
            data: LabData::Digits,
            alpha: 1.0,
            seed: 1,
        };
        let mut run = RunState::start(settings, 30);
        assert_eq!(run.summary(), "", "nothing tested yet");
        for (family, accuracy) in [(Family::Standard, 0.97), (Family::Separable, 0.96)] {
            run.apply(RunEvent::Tested(Tested {
                family,
                epoch: 30,
                loss: 0.1,
                accuracy,
            }));
        }
        let (standard, separable) = results::pair_at(LabData::Digits, 1.0).unwrap();
        assert_eq!(
            run.summary(),
            format!(
                "After 30 epochs on digits: 97.0 % test accuracy for the standard net, 96.0 % for the separable one. Measured natively at α = 1 over {} seeds: {} and {}.",
                standard.seeds(),
                standard.accuracy().text(),
                separable.accuracy().text()
            )
        );
    }

    #[test]
    fn events_build_the_curves_and_the_readouts() {
        let mut run = RunState::start(RunSettings::default(), 2);
        assert_eq!(run.speed(Family::Standard), "–");
        assert_eq!(run.position(Family::Separable), "not started");
        run.apply(step(Family::Standard, 1, 1, 2.3));
        run.apply(step(Family::Standard, 1, 2, 2.0));
        run.apply(step(Family::Separable, 2, 4, 1.0));
        let loss = run.curves(Metric::Loss);
        assert_eq!(loss.standard, [(0.25, 2.3f32 as f64), (0.5, 2.0f32 as f64)]);
        assert_eq!(loss.separable, [(2.0, 1.0)]);
        assert_eq!(run.curves(Metric::Accuracy).standard[0].1, 50.0);
        assert_eq!(run.speed(Family::Standard), "812");
        assert_eq!(
            run.position(Family::Separable),
            "epoch 2 of 2, batch 4 of 4"
        );
        assert!(run.landed().is_empty(), "nothing tested yet");
        run.apply(RunEvent::Tested(Tested {
            family: Family::Separable,
            epoch: 2,
            loss: 0.6,
            accuracy: 0.75,
        }));
        let landed = run.landed();
        assert_eq!(landed.len(), 1);
        assert_eq!((landed[0].macs, landed[0].accuracy), (497_504, 75.0));
        run.apply(RunEvent::Finished(Family::Separable));
        assert_eq!(run.phase, Phase::Running);
        run.apply(RunEvent::Finished(Family::Standard));
        assert_eq!(run.phase, Phase::Finished);
        // Late messages change nothing.
        run.apply(step(Family::Standard, 2, 4, 0.1));
        assert_eq!(run.standard.steps.len(), 2);
    }

    #[test]
    fn stop_and_failure_end_the_run() {
        let mut run = RunState::start(RunSettings::default(), 2);
        run.stop();
        assert_eq!(run.phase, Phase::Stopped);
        run.apply(step(Family::Standard, 1, 1, 2.3));
        assert!(run.standard.steps.is_empty());
        let mut run = RunState::start(RunSettings::default(), 2);
        run.apply(RunEvent::Failed(Family::Separable, "no data".into()));
        assert_eq!(
            run.phase,
            Phase::Failed("the separable net: no data".into())
        );
        assert_eq!(RunState::default().phase, Phase::Idle);
    }
}
