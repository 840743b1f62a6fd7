//! Command-line parsing: flags in, a validated command out, or one clear line.

use sepconv_calc::network::{Convention, MobileNetV1, MobileNetV2, V1Variant};
use sepconv_calc::{Bias, LayerSpec, Padding};

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Json,
}

/// Which network.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NetworkChoice {
    V1(MobileNetV1),
    V2(MobileNetV2),
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
        network: NetworkChoice,
        convention: Convention,
        layers: bool,
        format: Format,
    },
}

pub const USAGE: &str = "\
sepconv: exact parameter and multiply-accumulate counts of depthwise separable convolution

USAGE:
  sepconv layer [--kernel K] [--in M] [--out N] [--height H] [--width W] [--size S]
                [--stride S] [--padding valid|same|P] [--dilation D]
                [--bias none|both|pointwise] [--depth-multiplier DM] [--format F]
  sepconv network mobilenet-v1|mobilenet-v2 [--alpha A] [--resolution R] [--classes C]
                [--no-top] [--convention paper|keras|pytorch]
                [--variant separable|full-conv|shallow] [--layers] [--format F]

  --format text|markdown|json   (default text)
  Without --height/--width/--size a layer is counted per output position (1×1 output).

EXAMPLES:
  sepconv layer --kernel 3 --in 3 --out 128 --bias both
  sepconv layer --kernel 3 --in 3 --out 5 --height 6 --width 6 --padding valid
  sepconv network mobilenet-v1 --alpha 0.75 --resolution 192 --convention keras
";

fn number(flag: &str, value: &str) -> Result<u64, String> {
    value
        .trim()
        .parse::<u64>()
        .map_err(|_| format!("{flag} expects a whole number, got '{value}'"))
}

fn format(value: &str) -> Result<Format, String> {
    match value {
        "text" => Ok(Format::Text),
        "markdown" | "md" => Ok(Format::Markdown),
        "json" => Ok(Format::Json),
        _ => Err(format!(
            "--format expects text, markdown or json, got '{value}'"
        )),
    }
}

/// Splits `--flag value` pairs; `--flag=value` works too.
struct Flags<'a> {
    args: std::iter::Peekable<std::slice::Iter<'a, String>>,
}

impl<'a> Flags<'a> {
    fn next(&mut self) -> Result<Option<(String, Option<String>)>, String> {
        let Some(arg) = self.args.next() else {
            return Ok(None);
        };
        let Some(flag) = arg.strip_prefix("--") else {
            return Err(format!("unexpected argument '{arg}'"));
        };
        if let Some((name, value)) = flag.split_once('=') {
            return Ok(Some((format!("--{name}"), Some(value.to_string()))));
        }
        Ok(Some((format!("--{flag}"), None)))
    }

    fn value(&mut self, flag: &str, inline: Option<String>) -> Result<String, String> {
        match inline {
            Some(v) => Ok(v),
            None => self
                .args
                .next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value")),
        }
    }
}

pub fn parse(args: &[String]) -> Result<Command, String> {
    let mut iter = args.iter().peekable();
    match iter.next().map(String::as_str) {
        None | Some("help" | "--help" | "-h") => Ok(Command::Help),
        Some("layer") => parse_layer(Flags { args: iter }),
        Some("network") => {
            let name = iter
                .next()
                .ok_or("network needs a name: mobilenet-v1 or mobilenet-v2")?;
            parse_network(name, Flags { args: iter })
        }
        Some(other) => Err(format!(
            "unknown command '{other}': use 'layer' or 'network' (see --help)"
        )),
    }
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
            "--kernel" => spec = spec.with_kernel(number(&flag, &value)?),
            "--in" => spec.in_channels = number(&flag, &value)?,
            "--out" => spec.out_channels = number(&flag, &value)?,
            "--height" => (spec.height, sized) = (number(&flag, &value)?, true),
            "--width" => (spec.width, sized) = (number(&flag, &value)?, true),
            "--size" => {
                let size = number(&flag, &value)?;
                (spec.height, spec.width, sized) = (size, size, true);
            }
            "--stride" => spec.stride = number(&flag, &value)?,
            "--dilation" => spec.dilation = number(&flag, &value)?,
            "--depth-multiplier" => spec.depth_multiplier = number(&flag, &value)?,
            "--padding" => {
                spec.padding = match value.as_str() {
                    "valid" => Padding::Valid,
                    "same" => Padding::Same,
                    other => Padding::Explicit(number("--padding", other).map_err(|_| {
                        format!("--padding expects valid, same or a number, got '{other}'")
                    })?),
                }
            }
            "--bias" => {
                spec.bias = match value.as_str() {
                    "none" => Bias::None,
                    "both" => Bias::Both,
                    "pointwise" => Bias::PointwiseOnly,
                    other => {
                        return Err(format!(
                            "--bias expects none, both or pointwise, got '{other}'"
                        ))
                    }
                }
            }
            "--format" => output = format(&value)?,
            other => return Err(format!("unknown flag '{other}' for 'layer' (see --help)")),
        }
    }
    if !sized {
        spec = spec.one_output_position();
    }
    Ok(Command::Layer {
        spec,
        format: output,
    })
}

fn parse_network(name: &str, mut flags: Flags) -> Result<Command, String> {
    let mut v1 = MobileNetV1::default();
    let mut v2 = MobileNetV2::default();
    let is_v1 = match name {
        "mobilenet-v1" => true,
        "mobilenet-v2" => false,
        other => {
            return Err(format!(
                "unknown network '{other}': use mobilenet-v1 or mobilenet-v2"
            ))
        }
    };
    let mut convention = Convention::Paper;
    let mut layers = false;
    let mut output = Format::Text;
    while let Some((flag, inline)) = flags.next()? {
        match flag.as_str() {
            "--no-top" => (v1.include_top, v2.include_top) = (false, false),
            "--layers" => layers = true,
            _ => {
                let value = flags.value(&flag, inline)?;
                match flag.as_str() {
                    "--alpha" => {
                        let alpha: f64 = value.trim().parse().map_err(|_| {
                            format!("--alpha expects a number such as 0.75, got '{value}'")
                        })?;
                        (v1.alpha, v2.alpha) = (alpha, alpha);
                    }
                    "--resolution" => {
                        let r = number(&flag, &value)?;
                        (v1.resolution, v2.resolution) = (r, r);
                    }
                    "--classes" => {
                        let c = number(&flag, &value)?;
                        (v1.classes, v2.classes) = (c, c);
                    }
                    "--convention" => {
                        convention = Convention::parse(&value).ok_or_else(|| {
                            format!("--convention expects paper, keras or pytorch, got '{value}'")
                        })?
                    }
                    "--variant" if is_v1 => {
                        v1.variant = V1Variant::parse(&value).ok_or_else(|| {
                            format!(
                                "--variant expects separable, full-conv or shallow, got '{value}'"
                            )
                        })?
                    }
                    "--format" => output = format(&value)?,
                    other => {
                        return Err(format!("unknown flag '{other}' for '{name}' (see --help)"))
                    }
                }
            }
        }
    }
    Ok(Command::Network {
        network: if is_v1 {
            NetworkChoice::V1(v1)
        } else {
            NetworkChoice::V2(v2)
        },
        convention,
        layers,
        format: output,
    })
}
