//! One epoch of each lab net on packed data files, natively: what
//! `cargo xtask bench` holds the browser's worker against.
//!
//! ```sh
//! cargo run --release -p sepconv-train --example epoch -- TRAIN.scds TEST.scds [ALPHA] [SEED]
//! ```
//!
//! The files are those `cargo xtask build` packs into `dist/`. Prints one JSON
//! object a line, one per family: the epoch's stepping time, images per second
//! and its training loss and test accuracy (which the browser's run of the same
//! seed must equal).

use std::time::Instant;

use sepconv_train::{Dataset, Family, Hyperparameters, NetSpec, Trainer};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(train), Some(test)) = (args.first(), args.get(1)) else {
        eprintln!("usage: epoch TRAIN.scds TEST.scds [ALPHA] [SEED]");
        std::process::exit(2);
    };
    let number = |i: usize, default: f64| -> f64 {
        args.get(i).map_or(default, |a| {
            a.parse().unwrap_or_else(|_| {
                eprintln!("{a}: not a number");
                std::process::exit(2)
            })
        })
    };
    let (alpha, seed) = (number(2, 1.0), number(3, 1.0) as u64);
    let load = |path: &str| -> Dataset {
        let bytes = std::fs::read(path).unwrap_or_else(|e| {
            eprintln!("{path}: {e}");
            std::process::exit(1)
        });
        Dataset::unpack(&bytes).unwrap_or_else(|e| {
            eprintln!("{path}: {e}");
            std::process::exit(1)
        })
    };
    let (train, test) = (load(train), load(test));
    for family in Family::ALL {
        let spec = NetSpec::lab(family, (train.height(), train.width()), alpha);
        let mut trainer = Trainer::new(&spec, train.clone(), seed, Hyperparameters::default())
            .unwrap_or_else(|e| {
                eprintln!("{e}");
                std::process::exit(1)
            });
        let started = Instant::now();
        let epoch = trainer.train_epoch();
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        let evaluated = trainer.evaluate(&test).unwrap_or_else(|e| {
            eprintln!("{e}");
            std::process::exit(1)
        });
        println!(
            "{{\"family\": \"{}\", \"alpha\": {alpha}, \"seed\": {seed}, \"images\": {}, \"train_ms\": {ms:.3}, \"images_per_second\": {:.1}, \"train_loss\": {}, \"test_accuracy\": {}}}",
            family.name(),
            epoch.images,
            epoch.images as f64 * 1000.0 / ms,
            epoch.loss,
            evaluated.accuracy,
        );
    }
}
