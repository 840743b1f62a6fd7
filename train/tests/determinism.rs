//! Same seed + same data ⇒ the same bits; and a pinned short run.

mod common;

use common::{bars, bits};
use sepconv_train::{Family, Hyperparameters, NetSpec, Trainer};

/// Trains `steps` steps; returns every step's loss bits and the final weights' bits.
fn run(family: Family, seed: u64, steps: usize) -> (Vec<u32>, Vec<u32>, Trainer) {
    let spec = NetSpec::lab(family, (8, 8), 0.5);
    let mut trainer =
        Trainer::new(&spec, bars(150, 8, 1), seed, Hyperparameters::default()).unwrap();
    let losses = (0..steps).map(|_| trainer.step().loss.to_bits()).collect();
    let weights = trainer
        .net()
        .convolutions()
        .flat_map(|(_, c)| bits(&c.weight.value).into_iter().chain(bits(&c.bias.value)))
        .collect();
    (losses, weights, trainer)
}

#[test]
fn two_runs_with_one_seed_are_bit_identical() {
    for family in Family::ALL {
        let (losses_a, weights_a, _) = run(family, 42, 12);
        let (losses_b, weights_b, _) = run(family, 42, 12);
        assert_eq!(losses_a, losses_b);
        assert_eq!(weights_a, weights_b);
        let (losses_c, weights_c, _) = run(family, 43, 12);
        assert_ne!(losses_a, losses_c, "another seed, another run");
        assert_ne!(weights_a, weights_c);
    }
}

/// The short run's bits equal the pin (see [`common::PINNED`] to update it).
#[test]
fn pinned_short_run() {
    let got = common::pinned_run();
    for ((family, (last, test)), pinned) in Family::ALL.iter().zip(got).zip(common::PINNED) {
        println!(
            "{family:?}: last loss {} ({last:#010x}), test loss {} ({test:#010x}); pinned {pinned:#010x?}",
            f32::from_bits(last),
            f32::from_bits(test)
        );
    }
    assert_eq!(got, common::PINNED, "see common::PINNED to update the pin");
}

#[test]
fn epochs_visit_every_image_once_in_a_new_order() {
    let spec = NetSpec::lab(Family::Separable, (8, 8), 0.25);
    let hyper = Hyperparameters {
        batch_size: 32,
        ..Hyperparameters::default()
    };
    let mut trainer = Trainer::new(&spec, bars(100, 8, 1), 1, hyper).unwrap();
    assert_eq!(trainer.steps_per_epoch(), 4);
    let sizes: Vec<(usize, bool)> = (0..5)
        .map(|_| {
            let r = trainer.step();
            (r.images, r.epoch_finished)
        })
        .collect();
    assert_eq!(
        sizes,
        [
            (32, false),
            (32, false),
            (32, false),
            (4, true),
            (32, false)
        ]
    );
    assert_eq!(trainer.epochs_done(), 1);
}

#[test]
fn training_learns() {
    let spec = NetSpec::lab(Family::Standard, (8, 8), 0.5);
    let test = bars(100, 8, 9);
    let mut trainer = Trainer::new(&spec, bars(300, 8, 1), 3, Hyperparameters::default()).unwrap();
    let before = trainer.evaluate(&test).unwrap();
    for _ in 0..4 {
        trainer.train_epoch();
    }
    let after = trainer.evaluate(&test).unwrap();
    assert!(after.loss < before.loss * 0.5, "{before:?} → {after:?}");
    assert!(after.accuracy > 0.8, "{after:?}");
}

#[test]
fn bad_settings_and_data_are_refused() {
    let spec = NetSpec::lab(Family::Standard, (8, 8), 0.5);
    let zero = Hyperparameters {
        batch_size: 0,
        ..Hyperparameters::default()
    };
    assert!(Trainer::new(&spec, bars(10, 8, 1), 1, zero).is_err());
    let negative = Hyperparameters {
        learning_rate: -1.0,
        ..Hyperparameters::default()
    };
    assert!(Trainer::new(&spec, bars(10, 8, 1), 1, negative).is_err());
    let wrong_size = bars(10, 10, 1);
    assert!(Trainer::new(&spec, wrong_size.clone(), 1, Hyperparameters::default()).is_err());
    let mut trainer = Trainer::new(&spec, bars(10, 8, 1), 1, Hyperparameters::default()).unwrap();
    assert!(trainer.evaluate(&wrong_size).is_err());
}
