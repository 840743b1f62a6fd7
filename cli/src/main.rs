//! `sepconv`: the calculator's counts as text, Markdown or JSON, for people writing
//! course notes; and `sepconv time`, a layer's three steps timed natively with
//! the trainer's kernels beside those counts.
//!
//! Exit status: 0 on success, including when the reader of the output goes away
//! (`sepconv network vgg16 --layers | head`); 2 for bad flags, impossible layers
//! and output that cannot be written (a full disk, a closed descriptor), with one
//! line on stderr where stderr can be written. Output goes through a handle whose
//! errors are mapped, never `println!`, so nothing here aborts.

mod args;
mod output;
mod time;

use std::io::{self, ErrorKind, Write};
use std::process::ExitCode;

use args::Command;
use sepconv_calc::Layer;

fn run(argv: &[String]) -> Result<String, String> {
    match args::parse(argv)? {
        Command::Help => Ok(args::usage()),
        Command::Layer { spec, format } => {
            let layer = Layer::new(spec).map_err(|e| e.to_string())?;
            Ok(output::layer(&layer, format))
        }
        Command::Network {
            config,
            convention,
            layers,
            format,
        } => {
            let net = config.build().map_err(|e| e.to_string())?;
            Ok(output::network(&net, &config, convention, layers, format))
        }
        Command::List { format } => Ok(output::list(format)),
        Command::Time(time) => time::run(&time),
    }
}

/// Writes `text` to stdout: a reader that went away ends the run quietly, any
/// other failure is an error.
fn write_output(text: &str) -> ExitCode {
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => fail(&format!("cannot write the output: {e}")),
    }
}

/// One line on stderr (if stderr can be written at all), and status 2.
fn fail(message: &str) -> ExitCode {
    let mut stderr = io::stderr().lock();
    // Nothing is left to tell if stderr cannot be written either: the status says it.
    let _ = writeln!(stderr, "sepconv: {message}").and_then(|()| stderr.flush());
    ExitCode::from(2)
}

fn main() -> ExitCode {
    // Arguments that are not valid UTF-8 are read lossily, never a panic.
    let argv: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    match run(&argv) {
        Ok(text) => write_output(&text),
        Err(message) => fail(&message),
    }
}
