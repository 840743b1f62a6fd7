//! Command-line parsing: flags in, a validated command out, or one clear line.

use sepconv_calc::format::shorten;
use sepconv_calc::network::{Convention, NetworkConfig, NetworkId, V1Variant};
use sepconv_calc::{Bias, Layer, LayerSpec, Padding};

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Json,
}

/// What to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Help,
    Layer {
        spec: LayerSpec,
        format: Format,
    },
    Network {
        config: NetworkConfig,
        convention: Convention,
        layers: bool,
        format: Format,
    },
    List {
        format: Format,
    },
    Time(crate::time::parse::Time),
}

/// The longest piece of user input a message echoes.
pub const ECHO: usize = 40;

/// The help text, with the registry's network names.
pub fn usage() -> String {
    let names: Vec<&str> = NetworkId::ALL.iter().map(|n| n.id()).collect();
    format!(
        "\
sepconv: exact parameter and multiply-accumulate counts of depthwise separable convolution

USAGE:
  sepconv layer [--kernel K] [--in M] [--out N] [--height H] [--width W] [--size S]
                [--stride S] [--padding valid|same|P] [--dilation D]
                [--bias none|both|pointwise] [--depth-multiplier DM] [--format F]
  sepconv network NAME [--alpha A] [--resolution R] [--classes C] [--no-top]
                [--convention paper|keras|pytorch] [--variant separable|full-conv|shallow]
                [--layers] [--format F]
  sepconv network --list [--format F]
  sepconv time layer [--kernel K] [--in M] [--out N] [--size S | --height H --width W]
                [--stride S] [--padding valid|same] [--depth-multiplier DM]
                [--roofline] [--repeat N] [--min-ms MS] [--format F]
  sepconv time sweep [--up-to C] [--repeat N] [--min-ms MS] [--format F]
  sepconv time peaks [--buffer-mib B] [--repeat N] [--min-ms MS] [--format F]
  sepconv --help    (also: sepconv layer --help, sepconv network --help)

  --format text|markdown|json   (default text)

LAYER:
  Without --height/--width/--size a layer is counted per output position: at the
  smallest input that gives a 1×1 output, whatever the padding. Where the padding
  makes a 1×1 output impossible (e.g. --kernel 3 --padding 2 gives at least 3×3),
  that is an error: give the input size.

NETWORK:
  NAME: {}
  --alpha        the width multiplier, for the networks that have one (MobileNet v1,
                 v2, v3, MnasNet; ShuffleNet v2 at 0.5, 1.0, 1.5 or 2.0); an error
                 for the others
  --resolution   the input side (default 224; Xception 299)
  --convention   which parameters are counted (default: the paper's for MobileNet
                 v1 and v2, the framework's published count for the others)
  --variant      MobileNet v1 only
  --layers       the per-layer table too

TIME:
  Runs the standard, depthwise and pointwise steps (forward, one image) with the
  trainer's kernels on this machine, one thread, and prints each step's MACs (the
  calculator's), milliseconds and GMAC/s, the speed-up MACs predict beside the one
  measured, and how it was measured. Build with --release: a debug build's times
  say little. Alone, `time layer` times the lecture example; a layer of your own
  needs its input size. Layers too large to time in reasonable memory or time are
  refused before anything runs.
  --roofline     also measure the two roofs and place each step under them
  --repeat       runs per measurement, the median reported (1 to 101, default 5)
  --min-ms       each run repeats the work for at least this long (default 100)
  sweep          3×3, 'same', M = N = 8, 16, … 512 at 56×56 and 14×14 (--up-to C
                 stops at C channels)
  peaks          the compute peak (GMAC/s) and the memory bandwidth (GB/s, reading
                 a buffer of --buffer-mib MiB, default 64)

EXAMPLES:
  sepconv layer --kernel 3 --in 3 --out 128 --bias both
  sepconv layer --kernel 3 --in 3 --out 5 --height 6 --width 6 --padding valid
  sepconv network mobilenet-v1 --alpha 0.75 --resolution 192 --convention keras
  sepconv network mobilenet-v3-large --layers --format markdown
  sepconv network --list
  sepconv time layer --kernel 3 --in 64 --out 64 --size 56 --padding same
  sepconv time peaks
",
        names.join(", ")
    )
}

pub fn number(flag: &str, value: &str) -> Result<u64, String> {
    value.trim().parse::<u64>().map_err(|_| {
        format!(
            "{flag} expects a whole number, got '{}'",
            shorten(value, ECHO)
        )
    })
}

pub fn format(value: &str) -> Result<Format, String> {
    match value {
        "text" => Ok(Format::Text),
        "markdown" | "md" => Ok(Format::Markdown),
        "json" => Ok(Format::Json),
        _ => Err(format!(
            "--format expects text, markdown or json, got '{}'",
            shorten(value, ECHO)
        )),
    }
}

fn is_help(arg: &str) -> bool {
    matches!(arg, "--help" | "-h")
}

/// Splits `--flag value` pairs; `--flag=value` works too.
pub struct Flags<'a> {
    pub args: std::slice::Iter<'a, String>,
}

impl Flags<'_> {
    pub fn next(&mut self) -> Result<Option<(String, Option<String>)>, String> {
        let Some(arg) = self.args.next() else {
            return Ok(None);
        };
        let Some(flag) = arg.strip_prefix("--") else {
            return Err(format!("unexpected argument '{}'", shorten(arg, ECHO)));
        };
        if let Some((name, value)) = flag.split_once('=') {
            return Ok(Some((format!("--{name}"), Some(value.to_string()))));
        }
        Ok(Some((format!("--{flag}"), None)))
    }

    pub fn value(&mut self, flag: &str, inline: Option<String>) -> Result<String, String> {
        match inline {
            Some(v) => Ok(v),
            None => self
                .args
                .next()
                .cloned()
                .ok_or_else(|| format!("{} needs a value", shorten(flag, ECHO))),
        }
    }
}

pub fn parse(args: &[String]) -> Result<Command, String> {
    let mut iter = args.iter();
    let command = match iter.next().map(String::as_str) {
        None | Some("help") => return Ok(Command::Help),
        Some(arg) if is_help(arg) => return Ok(Command::Help),
        Some(command) => command,
    };
    // Help anywhere after a command is a request for help, never a flag's value.
    if iter.as_slice().iter().any(|a| is_help(a)) {
        return Ok(Command::Help);
    }
    match command {
        "layer" => parse_layer(Flags { args: iter }),
        "time" => crate::time::parse::parse(iter.as_slice()).map(Command::Time),
        "network" => match iter.next().map(String::as_str) {
            None => Err(format!(
                "network needs a name: {} (or --list)",
                network_names()
            )),
            Some("--list") => parse_list(Flags { args: iter }),
            Some(name) => parse_network(name, Flags { args: iter }),
        },
        other => Err(format!(
            "unknown command '{}': use 'layer', 'network' or 'time' (see --help)",
            shorten(other, ECHO)
        )),
    }
}

fn network_names() -> String {
    let names: Vec<&str> = NetworkId::ALL.iter().map(|n| n.id()).collect();
    names.join(", ")
}

fn parse_layer(mut flags: Flags) -> Result<Command, String> {
    let mut spec = LayerSpec {
        in_channels: 1,
        out_channels: 1,
        ..LayerSpec::lecture_example()
    };
    let mut sized = false;
    let mut output = Format::Text;
    while let Some((flag, inline)) = flags.next()? {
        let value = flags.value(&flag, inline)?;
        match flag.as_str() {
            "--dilation" => spec.dilation = number(&flag, &value)?,
            "--bias" => spec.bias = bias(&value)?,
            "--format" => output = format(&value)?,
            other if shape_flag(&mut spec, &mut sized, other, &value)? => {}
            other => return Err(unknown_flag(other, "layer")),
        }
    }
    if !sized {
        spec = per_output_position(spec)?;
    }
    Ok(Command::Layer {
        spec,
        format: output,
    })
}

/// The flags of a layer's shape, which [`shape_flag`] reads.
pub const SHAPE_FLAGS: [&str; 9] = [
    "--kernel",
    "--in",
    "--out",
    "--height",
    "--width",
    "--size",
    "--stride",
    "--padding",
    "--depth-multiplier",
];

/// Sets the layer's shape from one of its flags (`--kernel`, `--in`, `--out`,
/// `--height`, `--width`, `--size`, `--stride`, `--padding`,
/// `--depth-multiplier`), noting in `sized` whether an input size was given;
/// `Ok(false)` when `flag` is none of them.
pub fn shape_flag(
    spec: &mut LayerSpec,
    sized: &mut bool,
    flag: &str,
    value: &str,
) -> Result<bool, String> {
    match flag {
        "--kernel" => *spec = spec.with_kernel(number(flag, value)?),
        "--in" => spec.in_channels = number(flag, value)?,
        "--out" => spec.out_channels = number(flag, value)?,
        "--height" => (spec.height, *sized) = (number(flag, value)?, true),
        "--width" => (spec.width, *sized) = (number(flag, value)?, true),
        "--size" => {
            let size = number(flag, value)?;
            (spec.height, spec.width, *sized) = (size, size, true);
        }
        "--stride" => spec.stride = number(flag, value)?,
        "--depth-multiplier" => spec.depth_multiplier = number(flag, value)?,
        "--padding" => spec.padding = padding(value)?,
        _ => return Ok(false),
    }
    Ok(true)
}

fn padding(value: &str) -> Result<Padding, String> {
    match value {
        "valid" => Ok(Padding::Valid),
        "same" => Ok(Padding::Same),
        other => number("--padding", other)
            .map(Padding::Explicit)
            .map_err(|_| {
                format!(
                    "--padding expects valid, same or a number, got '{}'",
                    shorten(other, ECHO)
                )
            }),
    }
}

fn bias(value: &str) -> Result<Bias, String> {
    match value {
        "none" => Ok(Bias::None),
        "both" => Ok(Bias::Both),
        "pointwise" => Ok(Bias::PointwiseOnly),
        other => Err(format!(
            "--bias expects none, both or pointwise, got '{}'",
            shorten(other, ECHO)
        )),
    }
}

pub fn unknown_flag(flag: &str, command: &str) -> String {
    format!(
        "unknown flag '{}' for '{command}' (see --help)",
        shorten(flag, ECHO)
    )
}

/// The layer at the smallest input with a 1×1 output, as the README promises; an
/// error where the padding makes a 1×1 output impossible. An impossible layer is
/// left for the calculator to explain.
fn per_output_position(spec: LayerSpec) -> Result<LayerSpec, String> {
    let spec = spec.one_output_position();
    let Ok(layer) = Layer::new(spec) else {
        return Ok(spec);
    };
    let out = layer.output();
    if (out.height, out.width) == (1, 1) {
        return Ok(spec);
    }
    let padding = match spec.padding {
        Padding::Explicit(p) => p.to_string(),
        Padding::Valid => "valid".to_string(),
        Padding::Same => "same".to_string(),
    };
    Err(format!(
        "--padding {padding} is too large for a 1×1 output with a {}×{} kernel \
         (the smallest output is {}×{}): give the input size with --height and --width, or --size",
        spec.kernel_height, spec.kernel_width, out.height, out.width
    ))
}

fn parse_list(mut flags: Flags) -> Result<Command, String> {
    let mut output = Format::Text;
    while let Some((flag, inline)) = flags.next()? {
        match flag.as_str() {
            "--format" => output = format(&flags.value(&flag, inline)?)?,
            other => return Err(unknown_flag(other, "network --list")),
        }
    }
    Ok(Command::List { format: output })
}

fn parse_network(name: &str, mut flags: Flags) -> Result<Command, String> {
    let network = NetworkId::parse(name).ok_or_else(|| {
        format!(
            "unknown network '{}': use one of {} (see sepconv network --list)",
            shorten(name, ECHO),
            network_names()
        )
    })?;
    let mut config = NetworkConfig::new(network);
    let mut convention = network.info().convention;
    let mut layers = false;
    let mut output = Format::Text;
    while let Some((flag, inline)) = flags.next()? {
        match flag.as_str() {
            "--no-top" => config.include_top = false,
            "--layers" => layers = true,
            "--convention" => convention = parse_convention(&flags.value(&flag, inline)?)?,
            "--format" => output = format(&flags.value(&flag, inline)?)?,
            _ => {
                let value = flags.value(&flag, inline)?;
                network_option(&mut config, &flag, &value)?;
            }
        }
    }
    Ok(Command::Network {
        config,
        convention,
        layers,
        format: output,
    })
}

/// Sets one of the network's own options from `--flag value`.
fn network_option(config: &mut NetworkConfig, flag: &str, value: &str) -> Result<(), String> {
    let network = config.network;
    match flag {
        "--alpha" if network.info().alpha.is_none() => {
            return Err(format!(
                "--alpha does not apply to {}: {} has no width multiplier",
                network.id(),
                network.info().name
            ))
        }
        "--alpha" => config.alpha = Some(alpha(value)?),
        "--resolution" => config.resolution = Some(number(flag, value)?),
        "--classes" => config.classes = number(flag, value)?,
        "--variant" if network != NetworkId::MobileNetV1 => {
            return Err(format!(
                "--variant applies to mobilenet-v1 only, not to {}",
                network.id()
            ))
        }
        "--variant" => {
            config.variant = V1Variant::parse(value).ok_or_else(|| {
                format!(
                    "--variant expects separable, full-conv or shallow, got '{}'",
                    shorten(value, ECHO)
                )
            })?
        }
        other => return Err(unknown_flag(other, network.id())),
    }
    Ok(())
}

fn parse_convention(value: &str) -> Result<Convention, String> {
    Convention::parse(value).ok_or_else(|| {
        format!(
            "--convention expects paper, keras or pytorch, got '{}'",
            shorten(value, ECHO)
        )
    })
}

/// α as a number; echoed short when it is not one.
fn alpha(value: &str) -> Result<f64, String> {
    let parsed: Result<f64, _> = value.trim().parse();
    parsed.map_err(|_| {
        format!(
            "--alpha expects a number such as 0.75, got '{}'",
            shorten(value, ECHO)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn help_wherever_it_is_asked_for() {
        for list in [
            &["--help"][..],
            &["layer", "--help"],
            &["layer", "--kernel", "--help"],
            &["network", "--help"],
            &["network", "resnet50", "-h"],
            &["help"],
            &[],
        ] {
            assert_eq!(parse(&args(list)), Ok(Command::Help), "{list:?}");
        }
    }

    #[test]
    fn options_a_network_does_not_have_are_errors() {
        let err = parse(&args(&["network", "resnet50", "--alpha", "0.5"])).unwrap_err();
        assert_eq!(
            err,
            "--alpha does not apply to resnet50: ResNet-50 has no width multiplier"
        );
        let err = parse(&args(&["network", "xception", "--variant", "shallow"])).unwrap_err();
        assert_eq!(
            err,
            "--variant applies to mobilenet-v1 only, not to xception"
        );
    }

    #[test]
    fn default_convention_is_the_networks() {
        let convention = |name: &str| match parse(&args(&["network", name])) {
            Ok(Command::Network { convention, .. }) => convention,
            other => panic!("{other:?}"),
        };
        assert_eq!(convention("mobilenet-v1"), Convention::Paper);
        assert_eq!(convention("resnet50"), Convention::PyTorch);
        assert_eq!(convention("xception"), Convention::Keras);
    }

    #[test]
    fn every_shape_flag_sets_the_shape() {
        for flag in SHAPE_FLAGS {
            let mut spec = LayerSpec::lecture_example();
            let mut sized = false;
            let value = if flag == "--padding" { "same" } else { "2" };
            assert_eq!(
                shape_flag(&mut spec, &mut sized, flag, value),
                Ok(true),
                "{flag}"
            );
            assert_ne!(spec, LayerSpec::lecture_example(), "{flag}");
        }
        let mut spec = LayerSpec::lecture_example();
        assert_eq!(
            shape_flag(&mut spec, &mut false, "--bias", "both"),
            Ok(false)
        );
    }

    #[test]
    fn bad_input_is_echoed_short() {
        let long = "9".repeat(300);
        let err = parse(&args(&["layer", "--kernel", &long])).unwrap_err();
        assert!(err.chars().count() < 100, "{err}");
    }

    #[test]
    fn a_layer_without_a_size_has_a_1x1_output_or_an_error() {
        let spec = |list: &[&str]| match parse(&args(list)) {
            Ok(Command::Layer { spec, .. }) => Ok(spec),
            Ok(other) => panic!("{other:?}"),
            Err(e) => Err(e),
        };
        let one = |s: LayerSpec| Layer::new(s).unwrap().output();
        let padded = spec(&["layer", "--kernel", "5", "--padding", "2"]).unwrap();
        assert_eq!((one(padded).height, one(padded).width), (1, 1));
        let err = spec(&["layer", "--kernel", "3", "--padding", "2"]).unwrap_err();
        assert!(err.contains("the smallest output is 3×3"), "{err}");
        // A stride makes room for more padding.
        let strided = spec(&["layer", "--kernel", "3", "--padding", "2", "--stride", "3"]).unwrap();
        assert_eq!(one(strided).height, 1);
    }
}
