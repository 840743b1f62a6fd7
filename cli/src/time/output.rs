//! A measurement as text, Markdown or JSON: the table the page shows (per step
//! MACs, ms, GMAC/s; expected and measured speed-up; what was measured).

use sepconv_calc::format::{percent, significant, thousands};
use sepconv_calc::{Layer, Padding, Part};
use sepconv_train::report::{
    Bound, LayerReport, Peaks, Setup, StepReport, SweepRun, BYTES, KERNELS,
};
use serde_json::{json, Value};

use crate::args::Format;
use crate::output::{columns, markdown, pretty, shape};

/// Three significant figures: measured values have no exact digits to show.
fn sig(value: f64) -> String {
    significant(value, 3)
}

/// "7.89×".
fn factor(value: f64) -> String {
    format!("{}×", sig(value))
}

/// "3×3 kernel, 64 → 64 channels, 56×56 input, stride 1, 'same' padding,
/// output 56×56×64".
fn describe(layer: &Layer) -> String {
    let s = layer.spec();
    let padding = match s.padding {
        Padding::Valid => "valid padding".to_string(),
        Padding::Same => "'same' padding".to_string(),
        Padding::Explicit(p) => format!("padding {p}"),
    };
    let mut text = format!(
        "{}, {padding}, output {}",
        s.headline(),
        shape(layer.output())
    );
    if s.depth_multiplier > 1 {
        text += &format!(", depth multiplier {}", s.depth_multiplier);
    }
    text
}

fn bound_name(bound: Bound) -> &'static str {
    match bound {
        Bound::Memory => "memory",
        Bound::Compute => "compute",
    }
}

/// The table: one row per step, then the separable pair; with `peaks`, where
/// each step sits under the roofline.
fn layer_rows(report: &LayerReport, peaks: Option<&Peaks>) -> Vec<Vec<String>> {
    let mut header = vec!["", "MACs", "ms", "GMAC/s"];
    if peaks.is_some() {
        header.extend(["MACs/byte", "of peak", "roof"]);
    }
    let mut rows = vec![header.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
    for step in &report.steps {
        let mut row = vec![
            step.part.name().to_string(),
            thousands(step.macs),
            sig(step.timing.ms),
            sig(step.gmacs()),
        ];
        if let Some(peaks) = peaks {
            let mut roof = bound_name(step.bound(peaks)).to_string();
            if step.above_roof(peaks) {
                roof += ", above it (cached)";
            }
            row.extend([
                sig(step.intensity()),
                percent(step.share_of_peak(peaks)),
                roof,
            ]);
        }
        rows.push(row);
    }
    let mut pair = vec![
        Part::Separable.name().to_string(),
        thousands(report.layer.separable().macs),
        sig(report.separable_ms()),
        sig(report.separable_gmacs()),
    ];
    pair.resize(rows[0].len(), String::new());
    rows.push(pair);
    rows
}

/// Speed-ups, expected then measured.
fn speedup_lines(report: &LayerReport) -> [String; 2] {
    [
        format!(
            "speed-up expected from MACs: {} ({} / {} MACs)",
            factor(report.expected_speedup()),
            thousands(report.layer.standard().macs),
            thousands(report.layer.separable().macs)
        ),
        format!(
            "speed-up measured: {} ({} ms / {} ms)",
            factor(report.measured_speedup()),
            sig(report.steps[0].timing.ms),
            sig(report.separable_ms())
        ),
    ]
}

/// "roofs: compute 24.3 GMAC/s, memory 9.81 GB/s; ridge at 2.48 MACs per byte".
fn roofs_line(peaks: &Peaks) -> String {
    format!(
        "roofs: compute {} GMAC/s, memory {} GB/s; ridge at {} MACs per byte",
        sig(peaks.compute.per_second),
        sig(peaks.bandwidth.per_second),
        sig(peaks.ridge())
    )
}

/// Rows aligned, or as Markdown.
fn table(rows: &[Vec<String>], md: bool) -> String {
    if md {
        markdown(rows)
    } else {
        columns(rows)
    }
}

/// Lines under a table: plain, or as a Markdown list.
fn lines(items: &[String], md: bool) -> String {
    items
        .iter()
        .map(|l| {
            if md {
                format!("- {l}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect()
}

pub fn layer(report: &LayerReport, setup: &Setup, peaks: Option<&Peaks>, format: Format) -> String {
    if format == Format::Json {
        return pretty(&layer_json(report, setup, peaks));
    }
    let md = format == Format::Markdown;
    let title = format!("Timed: {}", describe(&report.layer));
    let mut out = if md {
        format!("**{title}**\n\n")
    } else {
        format!("{title}\n\n")
    };
    out += &table(&layer_rows(report, peaks), md);
    out += "\n";
    out += &lines(&speedup_lines(report), md);
    out += "\n";
    let mut notes = vec![
        format!("measured: {}", setup.summary()),
        report.passes(),
        format!("kernels: {KERNELS}"),
    ];
    if let Some(peaks) = peaks {
        notes.push(roofs_line(peaks));
        notes.push(BYTES.to_string());
    }
    out += &lines(&notes, md);
    out
}

fn setup_json(setup: &Setup) -> Value {
    json!({
        "runtime": setup.runtime,
        "threads": setup.threads,
        "simd": setup.simd,
        "simd_on": setup.simd_on,
        "optimised": setup.optimised,
        "runs": setup.options.runs,
        "min_run_ms": setup.options.min_run_ms,
    })
}

fn peaks_json(peaks: &Peaks) -> Value {
    json!({
        "compute_gmacs": peaks.compute.per_second,
        "bandwidth_gbs": peaks.bandwidth.per_second,
        "ridge_macs_per_byte": peaks.ridge(),
        "compute_repetitions": peaks.compute.repetitions,
        "bandwidth_repetitions": peaks.bandwidth.repetitions,
    })
}

fn step_json(step: &StepReport, peaks: Option<&Peaks>) -> Value {
    let mut value = json!({
        "step": step.part.name(),
        "macs": step.macs,
        "bytes": step.bytes,
        "macs_per_byte": step.intensity(),
        "ms": step.timing.ms,
        "gmacs": step.gmacs(),
        "repetitions": step.timing.repetitions,
        "runs": step.timing.runs,
    });
    if let Some(peaks) = peaks {
        value["share_of_peak"] = json!(step.share_of_peak(peaks));
        value["roof"] = json!(bound_name(step.bound(peaks)));
        value["above_roof"] = json!(step.above_roof(peaks));
    }
    value
}

fn layer_json(report: &LayerReport, setup: &Setup, peaks: Option<&Peaks>) -> Value {
    let s = report.layer.spec();
    let mut value = json!({
        "layer": {
            "kernel": s.kernel_height,
            "in_channels": s.in_channels,
            "out_channels": s.out_channels,
            "height": s.height,
            "width": s.width,
            "stride": s.stride,
            "padding": match s.padding { Padding::Same => "same", _ => "valid" },
            "depth_multiplier": s.depth_multiplier,
        },
        "output": {
            "height": report.layer.output().height,
            "width": report.layer.output().width,
            "channels": report.layer.output().channels,
        },
        "steps": report.steps.iter().map(|s| step_json(s, peaks)).collect::<Vec<_>>(),
        "separable": {
            "macs": report.layer.separable().macs,
            "ms": report.separable_ms(),
            "gmacs": report.separable_gmacs(),
        },
        "speedup": {
            "expected": report.expected_speedup(),
            "measured": report.measured_speedup(),
        },
        "setup": setup_json(setup),
    });
    if let Some(peaks) = peaks {
        value["peaks"] = peaks_json(peaks);
    }
    value
}

/// "56×56".
fn size(report: &LayerReport) -> String {
    let s = report.layer.spec();
    format!("{}×{}", s.height, s.width)
}

pub fn sweep(run: &SweepRun, format: Format) -> String {
    let reports = run.reports();
    let skipped: Vec<String> = run
        .points
        .iter()
        .filter_map(|p| {
            let error = p.timing.as_ref().err()?;
            Some(format!(
                "not timed: {}×{}, {} channels: {error}",
                p.layer.height, p.layer.width, p.layer.in_channels
            ))
        })
        .collect();
    if format == Format::Json {
        let points: Vec<Value> = reports
            .iter()
            .map(|(channels, height, r)| {
                json!({
                    "channels": channels,
                    "size": height,
                    "steps": r.steps.iter().map(|s| step_json(s, None)).collect::<Vec<_>>(),
                    "speedup": {"expected": r.expected_speedup(), "measured": r.measured_speedup()},
                })
            })
            .collect();
        return pretty(&json!({
            "kernel": 3,
            "padding": "same",
            "stride": 1,
            "points": points,
            "not_timed": skipped,
            "setup": setup_json(&run.setup),
        }));
    }
    let md = format == Format::Markdown;
    let title = "Sweep: 3×3 kernel, M = N channels, 'same' padding, stride 1; \
                 GMAC/s of each step, and the speed-up of depthwise + pointwise over standard";
    let mut out = if md {
        format!("**{title}**\n\n")
    } else {
        format!("{title}\n\n")
    };
    let mut rows = vec![[
        "input",
        "channels",
        "standard",
        "depthwise",
        "pointwise",
        "expected",
        "measured",
    ]
    .map(str::to_string)
    .to_vec()];
    rows.extend(reports.iter().map(|(channels, _, r)| {
        let mut row = vec![size(r), channels.to_string()];
        row.extend(r.steps.iter().map(|s| sig(s.gmacs())));
        row.push(factor(r.expected_speedup()));
        row.push(factor(r.measured_speedup()));
        row
    }));
    out += &table(&rows, md);
    out += "\n";
    let mut notes = skipped;
    notes.push(format!("measured: {}", run.setup.summary()));
    notes.push(format!("kernels: {KERNELS}"));
    out += &lines(&notes, md);
    out
}

pub fn peaks(peaks: &Peaks, buffer_mib: u64, setup: &Setup, format: Format) -> String {
    if format == Format::Json {
        let mut value = peaks_json(peaks);
        value["buffer_mib"] = json!(buffer_mib);
        value["setup"] = setup_json(setup);
        return pretty(&value);
    }
    let md = format == Format::Markdown;
    let items = [
        format!(
            "compute peak: {} GMAC/s ({} GFLOP/s), lane multiply-adds on data in the cache, shaped like the matrix product's inner loop",
            sig(peaks.compute.per_second),
            sig(2.0 * peaks.compute.per_second)
        ),
        format!(
            "memory bandwidth: {} GB/s, reading a {buffer_mib} MiB buffer",
            sig(peaks.bandwidth.per_second)
        ),
        format!(
            "ridge point: {} MACs per byte; a step of lower arithmetic intensity waits on memory",
            sig(peaks.ridge())
        ),
        format!("measured: {}", setup.summary()),
    ];
    let title = "The roofline's two roofs";
    if md {
        format!("**{title}**\n\n{}", lines(&items, true))
    } else {
        format!("{title}\n\n{}", lines(&items, false))
    }
}
