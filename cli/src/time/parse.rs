//! `sepconv time …` flags in, a validated measurement to run out, or one clear
//! line. Nothing here measures.

use sepconv_calc::format::shorten;
use sepconv_calc::{Layer, LayerSpec};
use sepconv_train::report::SWEEP_CHANNELS;
use sepconv_train::timing::{TimingLayer, TimingOptions, MAX_BYTES};

use crate::args::{format, number, shape_flag, unknown_flag, Flags, Format, ECHO, SHAPE_FLAGS};

/// What to measure.
#[derive(Debug, Clone, PartialEq)]
pub enum Job {
    /// The three steps of one layer; with `roofline`, the two roofs too.
    Layer { layer: TimingLayer, roofline: bool },
    /// The fixed sweep, channels up to `up_to`.
    Sweep { up_to: usize },
    /// The compute peak and the memory bandwidth (a buffer of `buffer_mib` MiB).
    Peaks { buffer_mib: u64 },
}

/// A measurement to run.
#[derive(Debug, Clone, PartialEq)]
pub struct Time {
    /// What.
    pub job: Job,
    /// How long each measurement runs.
    pub options: TimingOptions,
    /// How to print it.
    pub format: Format,
}

/// The most runs a measurement takes (the timing's own bound).
const MAX_RUNS: u64 = 101;
/// The longest a run may be asked to take (ms; the timing's own bound).
const MAX_RUN_MS: u64 = 10_000;

/// Parses what follows `time`.
pub fn parse(args: &[String]) -> Result<Time, String> {
    let (what, rest) = match args.split_first() {
        Some((what, rest)) => (what.as_str(), rest),
        None => return Err("time needs what to time: layer, sweep or peaks".into()),
    };
    let mut flags = Flags { args: rest.iter() };
    let mut options = TimingOptions::default();
    let mut output = Format::Text;
    // Each measurement's own flags.
    let own: &[&str] = match what {
        "layer" => &["--roofline"],
        "sweep" => &["--up-to"],
        "peaks" => &["--buffer-mib"],
        _ => &[],
    };
    let known = |flag: &str| {
        own.contains(&flag)
            || COMMON_FLAGS.contains(&flag)
            || (what == "layer" && SHAPE_FLAGS.contains(&flag))
    };
    let command = format!("time {what}");
    let job = match what {
        "layer" => {
            let mut spec = LayerSpec::lecture_example();
            let mut sized = false;
            let mut shaped = false;
            let mut roofline = false;
            while let Some((flag, inline)) = next_known(&mut flags, &known, &command)? {
                if flag == "--roofline" {
                    no_value(&flag, inline)?;
                    roofline = true;
                    continue;
                }
                let value = flags.value(&flag, inline)?;
                if !common(&mut options, &mut output, &flag, &value)? {
                    shape_flag(&mut spec, &mut sized, &flag, &value)?;
                    shaped = true;
                }
            }
            // Alone, `time layer` times the lecture example; a layer of one's
            // own needs its input size (a timing per output position means little).
            if shaped && !sized {
                return Err(
                    "time layer needs the input size: --size S, or --height H --width W".into(),
                );
            }
            Job::Layer {
                layer: timing_layer(&spec)?,
                roofline,
            }
        }
        "sweep" => {
            let mut up_to = *SWEEP_CHANNELS.last().expect("channels");
            while let Some((flag, inline)) = next_known(&mut flags, &known, &command)? {
                let value = flags.value(&flag, inline)?;
                if !common(&mut options, &mut output, &flag, &value)? {
                    up_to = up_to_channels(&value)?;
                }
            }
            Job::Sweep { up_to }
        }
        "peaks" => {
            let mut buffer_mib = 64;
            while let Some((flag, inline)) = next_known(&mut flags, &known, &command)? {
                let value = flags.value(&flag, inline)?;
                if !common(&mut options, &mut output, &flag, &value)? {
                    buffer_mib = within(&flag, &value, 1, MAX_BYTES >> 20)?;
                }
            }
            Job::Peaks { buffer_mib }
        }
        other => {
            return Err(format!(
                "unknown measurement '{}': use time layer, time sweep or time peaks",
                shorten(other, ECHO)
            ))
        }
    };
    Ok(Time {
        job,
        options,
        format: output,
    })
}

/// The next flag, if `known` knows it; an unknown one is named at once, before
/// any value is looked for.
fn next_known(
    flags: &mut Flags,
    known: &dyn Fn(&str) -> bool,
    command: &str,
) -> Result<Option<(String, Option<String>)>, String> {
    match flags.next()? {
        Some((flag, _)) if !known(&flag) => Err(unknown_flag(&flag, command)),
        other => Ok(other),
    }
}

/// The flags every measurement takes.
const COMMON_FLAGS: [&str; 3] = ["--repeat", "--min-ms", "--format"];

/// `--repeat`, `--min-ms` and `--format`, which every measurement takes;
/// `Ok(false)` for any other flag.
fn common(
    options: &mut TimingOptions,
    output: &mut Format,
    flag: &str,
    value: &str,
) -> Result<bool, String> {
    match flag {
        "--repeat" => options.runs = within(flag, value, 1, MAX_RUNS)? as usize,
        "--min-ms" => options.min_run_ms = within(flag, value, 1, MAX_RUN_MS)? as f64,
        "--format" => *output = format(value)?,
        _ => return Ok(false),
    }
    Ok(true)
}

/// A whole number from `low` to `high`.
fn within(flag: &str, value: &str, low: u64, high: u64) -> Result<u64, String> {
    let n = number(flag, value)?;
    if (low..=high).contains(&n) {
        Ok(n)
    } else {
        Err(format!(
            "{flag} expects a whole number from {low} to {high}, got {n}"
        ))
    }
}

/// A flag that takes no value was given one (`--roofline=yes`).
fn no_value(flag: &str, inline: Option<String>) -> Result<(), String> {
    match inline {
        Some(v) => Err(format!(
            "{flag} takes no value, got '{}'",
            shorten(&v, ECHO)
        )),
        None => Ok(()),
    }
}

/// The sweep's largest channel count: one of its own.
fn up_to_channels(value: &str) -> Result<usize, String> {
    let n = number("--up-to", value)?;
    SWEEP_CHANNELS
        .iter()
        .copied()
        .find(|&c| c as u64 == n)
        .ok_or_else(|| {
            let list: Vec<String> = SWEEP_CHANNELS.iter().map(|c| c.to_string()).collect();
            format!("--up-to expects one of {}, got {n}", list.join(", "))
        })
}

/// The layer as the timing runs it: the calculator's message for an
/// impossible one, the timing's for one its kernels do not run.
fn timing_layer(spec: &LayerSpec) -> Result<TimingLayer, String> {
    Layer::new(*spec).map_err(|e| e.to_string())?;
    TimingLayer::from_spec(spec).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use sepconv_train::Padding;

    fn args(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn a_layer_with_every_flag() {
        let time = parse(&args(
            "layer --kernel 3 --in 64 --out 128 --size 56 --stride 2 --padding same \
             --depth-multiplier 2 --repeat 3 --min-ms 20 --format json --roofline",
        ))
        .unwrap();
        let want = TimingLayer {
            kernel: 3,
            in_channels: 64,
            out_channels: 128,
            height: 56,
            width: 56,
            stride: 2,
            padding: Padding::Same,
            depth_multiplier: 2,
        };
        assert_eq!(
            time,
            Time {
                job: Job::Layer {
                    layer: want,
                    roofline: true
                },
                options: TimingOptions {
                    min_run_ms: 20.0,
                    runs: 3
                },
                format: Format::Json,
            }
        );
    }

    #[test]
    fn the_lecture_example_by_default() {
        let time = parse(&args("layer")).unwrap();
        let lecture = TimingLayer::from_spec(&LayerSpec::lecture_example()).unwrap();
        assert_eq!(
            time.job,
            Job::Layer {
                layer: lecture,
                roofline: false
            }
        );
        assert_eq!(time.options, TimingOptions::default());
        assert_eq!(time.format, Format::Text);
    }

    #[test]
    fn sweeps_and_peaks() {
        assert_eq!(
            parse(&args("sweep")).unwrap().job,
            Job::Sweep { up_to: 512 }
        );
        assert_eq!(
            parse(&args("sweep --up-to 64 --format markdown"))
                .unwrap()
                .job,
            Job::Sweep { up_to: 64 }
        );
        assert_eq!(
            parse(&args("peaks --buffer-mib=16")).unwrap().job,
            Job::Peaks { buffer_mib: 16 }
        );
    }

    #[test]
    fn bad_flags_say_what_is_wrong() {
        let cases = [
            ("", "time needs what to time"),
            ("lap", "unknown measurement 'lap'"),
            ("layer --size 56 --in 64", ""),
            ("layer --in 64 --out 64", "needs the input size"),
            (
                "layer --size 8 --padding 1",
                "timings take valid or same padding only",
            ),
            (
                "layer --size 8 --dilation 2",
                "unknown flag '--dilation' for 'time layer'",
            ),
            ("layer --size 8 --bias both", "unknown flag '--bias'"),
            ("layer --size 4 --kernel 5", "kernel"),
            ("layer --size 0", "at least 1"),
            (
                "layer --repeat 0",
                "--repeat expects a whole number from 1 to 101, got 0",
            ),
            ("layer --repeat 500", "from 1 to 101"),
            (
                "layer --min-ms 0",
                "--min-ms expects a whole number from 1 to 10000",
            ),
            (
                "layer --min-ms fast",
                "--min-ms expects a whole number, got 'fast'",
            ),
            ("layer --roofline=yes", "--roofline takes no value"),
            ("layer --size", "--size needs a value"),
            (
                "sweep --up-to 100",
                "--up-to expects one of 8, 16, 32, 64, 128, 256, 512",
            ),
            (
                "sweep --roofline",
                "unknown flag '--roofline' for 'time sweep'",
            ),
            ("peaks --buffer-mib 1024", "from 1 to 256"),
            ("peaks --size 3", "unknown flag '--size' for 'time peaks'"),
        ];
        for (line, message) in cases {
            match parse(&args(line)) {
                Err(e) if !message.is_empty() => {
                    assert!(e.contains(message), "{line:?}: {e}");
                    assert!(!e.contains('\n'), "{line:?}: one line");
                }
                Ok(_) if message.is_empty() => {}
                other => panic!("{line:?}: {other:?}"),
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        /// Whatever follows `time`, parsing gives a measurement or one line,
        /// never a panic.
        #[test]
        fn any_arguments_parse_or_explain(words in prop::collection::vec(
            prop_oneof![
                prop::sample::select(vec![
                    "layer", "sweep", "peaks", "--kernel", "--in", "--out", "--size",
                    "--height", "--width", "--stride", "--padding", "--depth-multiplier",
                    "--repeat", "--min-ms", "--format", "--roofline", "--up-to",
                    "--buffer-mib", "same", "valid", "json", "0", "1", "3", "64",
                    "18446744073709551616", "-1",
                ]).prop_map(str::to_string),
                "[^\\x00]{0,12}",
            ],
            0..8,
        )) {
            if let Err(e) = parse(&words) {
                prop_assert!(!e.is_empty() && !e.contains('\n'), "{e}");
            }
        }
    }
}
