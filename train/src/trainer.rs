//! Mini-batch training, one step at a time, so a Web Worker can drive it and report
//! between steps. No clock inside: the caller measures time.

use crate::data::Dataset;
use crate::error::Error;
use crate::loss::softmax_cross_entropy;
use crate::net::{Net, NetSpec};
use crate::optim::Adam;
use crate::rng::Rng;

/// Training settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hyperparameters {
    /// Images per step.
    pub batch_size: usize,
    /// Adam's step size.
    pub learning_rate: f32,
    /// Adam's β₁.
    pub beta1: f32,
    /// Adam's β₂.
    pub beta2: f32,
    /// Adam's ε.
    pub epsilon: f32,
}

impl Default for Hyperparameters {
    /// Batches of 32, Adam with α = 0.003, β₁ = 0.9, β₂ = 0.999, ε = 10⁻⁸.
    fn default() -> Self {
        Hyperparameters {
            batch_size: 32,
            learning_rate: 0.003,
            beta1: 0.9,
            beta2: 0.999,
            epsilon: 1e-8,
        }
    }
}

/// What one step did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepReport {
    /// Mean loss over the step's batch (before the update).
    pub loss: f32,
    /// Share of the batch classified correctly (before the update).
    pub accuracy: f32,
    /// Images in the batch (the last of an epoch may be smaller).
    pub images: usize,
    /// Epochs completed after this step.
    pub epochs_done: usize,
    /// Whether this step finished an epoch.
    pub epoch_finished: bool,
}

/// Loss and accuracy over a data set, or over an epoch's batches.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evaluation {
    /// Mean loss per image.
    pub loss: f32,
    /// Share classified correctly.
    pub accuracy: f32,
    /// Images seen.
    pub images: usize,
}

/// Accumulates batch results into an [`Evaluation`], in order: losses weighted
/// by images in f64. The worker adds its batches up with it too, so that its
/// epochs equal the trainer's bit for bit.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tally {
    loss: f64,
    correct: usize,
    images: usize,
}

impl Tally {
    /// Adds a batch: its mean loss, how many it classified correctly, its size.
    pub fn add(&mut self, mean_loss: f32, correct: usize, images: usize) {
        self.loss += f64::from(mean_loss) * images as f64;
        self.correct += correct;
        self.images += images;
    }

    /// Adds a batch reported as its mean loss and accuracy (`correct / images`
    /// as f32, from which `correct` is recovered exactly for images ≤ 100).
    pub fn add_reported(&mut self, mean_loss: f32, accuracy: f32, images: usize) {
        let correct = (f64::from(accuracy) * images as f64).round() as usize;
        self.add(mean_loss, correct, images);
    }

    /// Images added so far.
    pub fn images(&self) -> usize {
        self.images
    }

    /// What the batches so far add up to.
    pub fn evaluation(&self) -> Evaluation {
        let n = self.images.max(1) as f64;
        Evaluation {
            loss: (self.loss / n) as f32,
            accuracy: (self.correct as f64 / n) as f32,
            images: self.images,
        }
    }
}

/// Images per batch when evaluating (no gradients, so larger batches).
const EVALUATION_BATCH: usize = 100;

/// A network, its optimiser and its training data, trained step by step.
///
/// Deterministic: the same spec, data, seed and settings give bit-identical
/// weights and losses, on every target.
#[derive(Debug, Clone)]
pub struct Trainer {
    net: Net,
    adam: Adam,
    data: Dataset,
    hyper: Hyperparameters,
    shuffle: Rng,
    order: Vec<usize>,
    cursor: usize,
    epochs_done: usize,
    epoch_tally: Tally,
}

impl Trainer {
    /// A fresh network for `spec` (weights from `seed`) that will train on `data`
    /// in an order shuffled from `seed` every epoch.
    ///
    /// # Errors
    /// [`Error::Setting`] for a zero batch size, a learning rate that is not
    /// positive, or empty data; [`Error::Data`] if the images do not fit the net;
    /// [`Error::Layer`] for an impossible net.
    pub fn new(
        spec: &NetSpec,
        data: Dataset,
        seed: u64,
        hyper: Hyperparameters,
    ) -> Result<Trainer, Error> {
        if hyper.batch_size == 0 {
            return Err(Error::Setting("the batch size must be at least 1".into()));
        }
        if !(hyper.learning_rate > 0.0 && hyper.learning_rate.is_finite()) {
            return Err(Error::Setting(format!(
                "learning rate {}",
                hyper.learning_rate
            )));
        }
        if data.is_empty() {
            return Err(Error::Setting("no training images".into()));
        }
        check_fits(spec, &data)?;
        let net = Net::new(spec, seed)?;
        let adam = Adam::new(hyper.learning_rate, hyper.beta1, hyper.beta2, hyper.epsilon);
        let mut trainer = Trainer {
            net,
            adam,
            order: (0..data.len()).collect(),
            data,
            hyper,
            shuffle: Rng::stream(seed, 2),
            cursor: 0,
            epochs_done: 0,
            epoch_tally: Tally::default(),
        };
        trainer.shuffle.shuffle(&mut trainer.order);
        Ok(trainer)
    }

    /// The network being trained.
    pub fn net(&self) -> &Net {
        &self.net
    }

    /// The training data.
    pub fn data(&self) -> &Dataset {
        &self.data
    }

    /// The settings.
    pub fn hyperparameters(&self) -> &Hyperparameters {
        &self.hyper
    }

    /// Epochs completed.
    pub fn epochs_done(&self) -> usize {
        self.epochs_done
    }

    /// Steps in one epoch (the last batch may be smaller).
    pub fn steps_per_epoch(&self) -> usize {
        self.data.len().div_ceil(self.hyper.batch_size)
    }

    /// Trains on the next mini-batch: forward, loss, backward, one Adam update.
    /// After the epoch's last batch the order is shuffled again.
    pub fn step(&mut self) -> StepReport {
        let end = (self.cursor + self.hyper.batch_size).min(self.data.len());
        let (images, labels) = self.data.batch(&self.order[self.cursor..end]);
        let logits = self.net.forward(&images);
        let (batch, grad) = softmax_cross_entropy(&logits, &labels);
        self.net.backward(&grad);
        self.adam.step(self.net.params_mut());
        let count = labels.len();
        self.epoch_tally.add(batch.loss, batch.correct, count);
        self.cursor = end;
        let epoch_finished = self.cursor == self.data.len();
        if epoch_finished {
            self.cursor = 0;
            self.epochs_done += 1;
            self.shuffle.shuffle(&mut self.order);
        }
        StepReport {
            loss: batch.loss,
            accuracy: batch.correct as f32 / count as f32,
            images: count,
            epochs_done: self.epochs_done,
            epoch_finished,
        }
    }

    /// Steps until the current epoch ends; returns the mean loss and accuracy of
    /// its batches (each measured before its update).
    pub fn train_epoch(&mut self) -> Evaluation {
        while !self.step().epoch_finished {}
        let tally = std::mem::take(&mut self.epoch_tally);
        tally.evaluation()
    }

    /// Loss and accuracy of the current weights on `data`, in batches of 100
    /// (weights unchanged).
    ///
    /// # Errors
    /// [`Error::Data`] if the images do not fit the net or `data` is empty.
    pub fn evaluate(&mut self, data: &Dataset) -> Result<Evaluation, Error> {
        check_fits(self.net.spec(), data)?;
        if data.is_empty() {
            return Err(Error::Data("no images to evaluate".into()));
        }
        let mut tally = Tally::default();
        let indices: Vec<usize> = (0..data.len()).collect();
        for chunk in indices.chunks(EVALUATION_BATCH) {
            let (images, labels) = data.batch(chunk);
            let logits = self.net.forward(&images);
            let (batch, _) = softmax_cross_entropy(&logits, &labels);
            tally.add(batch.loss, batch.correct, chunk.len());
        }
        Ok(tally.evaluation())
    }
}

/// The data's image size and classes must be the net's.
fn check_fits(spec: &NetSpec, data: &Dataset) -> Result<(), Error> {
    if (data.height(), data.width()) != spec.input || data.classes() != spec.classes {
        return Err(Error::Data(format!(
            "{}×{} images in {} classes, the net takes {}×{} in {}",
            data.height(),
            data.width(),
            data.classes(),
            spec.input.0,
            spec.input.1,
            spec.classes
        )));
    }
    Ok(())
}
