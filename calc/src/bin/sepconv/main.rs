//! `sepconv`: the calculator's counts as text, Markdown or JSON, for people writing
//! course notes. Bad flags or impossible layers print one line and exit with 2.

mod args;
mod output;

use std::process::ExitCode;

use args::{Command, NetworkChoice};
use sepconv_calc::network::published;
use sepconv_calc::Layer;

fn run(argv: &[String]) -> Result<String, String> {
    match args::parse(argv)? {
        Command::Help => Ok(args::USAGE.to_string()),
        Command::Layer { spec, format } => {
            let layer = Layer::new(spec).map_err(|e| e.to_string())?;
            Ok(output::layer(&layer, format))
        }
        Command::Network {
            network,
            convention,
            layers,
            format,
        } => {
            let (net, figure) = match network {
                NetworkChoice::V1(v1) => (
                    v1.build(),
                    (v1.include_top && v1.classes == 1000)
                        .then(|| published::mobilenet_v1(v1.alpha, v1.resolution, v1.variant))
                        .flatten(),
                ),
                NetworkChoice::V2(v2) => (
                    v2.build(),
                    (v2.include_top
                        && v2.classes == 1000
                        && v2.alpha == 1.0
                        && v2.resolution == 224)
                        .then_some(published::MOBILENET_V2),
                ),
            };
            let net = net.map_err(|e| e.to_string())?;
            Ok(output::network(&net, convention, layers, format, figure))
        }
    }
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    match run(&argv) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("sepconv: {message}");
            ExitCode::from(2)
        }
    }
}
