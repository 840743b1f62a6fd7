//! Runs a measurement natively, with a monotonic clock, and renders it.

use std::io::{IsTerminal, Write};
use std::time::Instant;

use sepconv_train::report::{sweep_layers, LayerRun, Peaks, Setup, SweepPoint, SweepRun};
use sepconv_train::timing::{compute_peak, memory_bandwidth, time_layer, TimingOptions};
use sepconv_train::Error;

use super::output;
use super::parse::{Job, Time};

/// "native x86_64 (linux)".
fn runtime() -> String {
    format!(
        "native {} ({})",
        std::env::consts::ARCH,
        std::env::consts::OS
    )
}

/// Milliseconds since the clock was made.
fn clock() -> impl FnMut() -> f64 {
    let start = Instant::now();
    move || start.elapsed().as_secs_f64() * 1000.0
}

/// The two roofs, measured with `options` on a buffer of `buffer_mib` MiB.
fn peaks(options: &TimingOptions, buffer_mib: u64) -> Result<Peaks, String> {
    let mut clock = clock();
    let compute = compute_peak(options, &mut clock).map_err(|e| e.to_string())?;
    let bandwidth =
        memory_bandwidth(buffer_mib << 20, options, &mut clock).map_err(|e| e.to_string())?;
    Ok(Peaks { compute, bandwidth })
}

/// The buffer the bandwidth test reads when a layer asks for its roofline:
/// far beyond the caches.
const ROOFLINE_BUFFER_MIB: u64 = 64;

/// Measures what `time` asks for and renders it.
pub fn run(time: &Time) -> Result<String, String> {
    let setup = Setup::here(runtime(), time.options);
    match &time.job {
        Job::Layer { layer, roofline } => {
            // The layer first: one too large is refused before anything runs.
            let timing = time_layer(layer, &time.options, &mut clock()).map_err(|e| match e {
                Error::TooLarge(_) => format!("{e}: choose a smaller layer"),
                _ => e.to_string(),
            })?;
            let run = LayerRun {
                layer: *layer,
                timing,
                setup,
            };
            let peaks = match roofline {
                true => Some(peaks(&time.options, ROOFLINE_BUFFER_MIB)?),
                false => None,
            };
            let report = run.report().map_err(|e| e.to_string())?;
            Ok(output::layer(
                &report,
                &run.setup,
                peaks.as_ref(),
                time.format,
            ))
        }
        Job::Sweep { up_to } => {
            let layers: Vec<_> = sweep_layers()
                .into_iter()
                .filter(|l| l.in_channels <= *up_to)
                .collect();
            let progress = std::io::stderr().is_terminal();
            let points = layers
                .iter()
                .enumerate()
                .map(|(i, layer)| {
                    if progress {
                        let mut stderr = std::io::stderr().lock();
                        // Progress only: a failed write changes nothing measured.
                        let _ = write!(
                            stderr,
                            "\rtiming {}/{}: {}×{}×{}   ",
                            i + 1,
                            layers.len(),
                            layer.height,
                            layer.width,
                            layer.in_channels
                        );
                    }
                    SweepPoint {
                        layer: *layer,
                        timing: time_layer(layer, &time.options, &mut clock()),
                    }
                })
                .collect();
            if progress {
                let _ = writeln!(std::io::stderr());
            }
            let run = SweepRun { points, setup };
            Ok(output::sweep(&run, time.format))
        }
        Job::Peaks { buffer_mib } => {
            let peaks = peaks(&time.options, *buffer_mib)?;
            Ok(output::peaks(&peaks, *buffer_mib, &setup, time.format))
        }
    }
}
