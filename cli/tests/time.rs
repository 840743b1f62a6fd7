//! `sepconv time`: real small timings in every format (positive times, the
//! calculator's MACs), the roofs, a short sweep, and refusals. Runs are kept
//! short (`--min-ms 1 --repeat 1`): what is tested is that something real was
//! measured and reported, not how fast.

mod common;

use common::{fails_with, json, stdout};
use sepconv_calc::{Layer, LayerSpec, Padding};

const QUICK: [&str; 4] = ["--repeat", "1", "--min-ms", "1"];

fn with_quick<'a>(args: &[&'a str]) -> Vec<&'a str> {
    args.iter().copied().chain(QUICK).collect()
}

fn positive(value: &serde_json::Value, what: &str) -> f64 {
    let v = value.as_f64().unwrap_or_else(|| panic!("{what}: {value}"));
    assert!(v > 0.0 && v.is_finite(), "{what}: {v}");
    v
}

#[test]
fn a_layer_timed_as_json_has_positive_times_and_the_calculators_macs() {
    let v = json(&with_quick(&[
        "time",
        "layer",
        "--kernel",
        "3",
        "--in",
        "8",
        "--out",
        "16",
        "--size",
        "12",
        "--padding",
        "same",
        "--format",
        "json",
    ]));
    let spec = LayerSpec {
        in_channels: 8,
        out_channels: 16,
        height: 12,
        width: 12,
        padding: Padding::Same,
        ..LayerSpec::lecture_example()
    };
    let layer = Layer::new(spec).unwrap();
    let steps = v["steps"].as_array().unwrap();
    let names: Vec<&str> = steps.iter().map(|s| s["step"].as_str().unwrap()).collect();
    assert_eq!(names, ["standard", "depthwise", "pointwise"]);
    for (step, cost) in steps
        .iter()
        .zip([layer.standard(), layer.depthwise(), layer.pointwise()])
    {
        assert_eq!(step["macs"], cost.macs);
        let ms = positive(&step["ms"], "ms");
        let gmacs = positive(&step["gmacs"], "gmacs");
        assert!((gmacs - cost.macs as f64 / (ms * 1e6)).abs() < 1e-9 * gmacs.max(1.0));
        assert!(step["repetitions"].as_u64().unwrap() >= 1);
        assert_eq!(step["runs"], 1);
        positive(&step["macs_per_byte"], "intensity");
    }
    let expected = layer.standard().macs as f64 / layer.separable().macs as f64;
    assert!((v["speedup"]["expected"].as_f64().unwrap() - expected).abs() < 1e-12);
    positive(&v["speedup"]["measured"], "measured speed-up");
    assert_eq!(v["setup"]["threads"], 1);
    assert_eq!(v["setup"]["optimised"], !cfg!(debug_assertions));
    assert!(v["setup"]["runtime"]
        .as_str()
        .unwrap()
        .starts_with("native "));
    assert!(v.get("peaks").is_none(), "no roofs unless asked for");
}

#[test]
fn text_and_markdown_print_the_pages_table() {
    let text = stdout(&with_quick(&["time", "layer"]));
    assert!(
        text.starts_with(
            "Timed: 3×3 kernel, 3 → 5 channels, 6×6 input, stride 1, valid padding, output 4×4×5"
        ),
        "{text}"
    );
    for wanted in [
        "MACs",
        "GMAC/s",
        "standard   2160",
        "separable   672",
        "speed-up expected from MACs: 3.21× (2160 / 672 MACs)",
        "speed-up measured: ",
        "measured: native ",
        "1 thread, SIMD: ",
        "the median of 1 run of at least 1 ms",
        "passes per run: standard ",
        "kernels: sepconv-train's",
    ] {
        assert!(text.contains(wanted), "{wanted:?} in {text}");
    }
    let md = stdout(&with_quick(&["time", "layer", "--format", "markdown"]));
    assert!(md.starts_with("**Timed: 3×3 kernel"), "{md}");
    assert!(
        md.contains("|  | MACs | ms | GMAC/s |\n|---|---|---|---|\n| standard | 2160 |"),
        "{md}"
    );
    assert!(
        md.contains("\n- speed-up expected from MACs: 3.21×"),
        "{md}"
    );
}

#[test]
fn the_roofline_places_each_step_under_two_roofs() {
    let v = json(&with_quick(&[
        "time",
        "layer",
        "--size",
        "6",
        "--roofline",
        "--format",
        "json",
    ]));
    let compute = positive(&v["peaks"]["compute_gmacs"], "compute peak");
    let bandwidth = positive(&v["peaks"]["bandwidth_gbs"], "bandwidth");
    let ridge = positive(&v["peaks"]["ridge_macs_per_byte"], "ridge");
    assert!((ridge - compute / bandwidth).abs() < 1e-9 * ridge);
    for step in v["steps"].as_array().unwrap() {
        let intensity = step["macs_per_byte"].as_f64().unwrap();
        let roof = if intensity < ridge {
            "memory"
        } else {
            "compute"
        };
        assert_eq!(step["roof"], roof, "{step}");
        positive(&step["share_of_peak"], "share of peak");
        assert!(step["above_roof"].is_boolean());
    }
    let text = stdout(&with_quick(&["time", "layer", "--roofline"]));
    for wanted in [
        "MACs/byte",
        "of peak",
        "roofs: compute ",
        "ridge at ",
        "4 bytes each",
    ] {
        assert!(text.contains(wanted), "{wanted:?} in {text}");
    }
}

#[test]
fn peaks_and_a_short_sweep() {
    let v = json(&with_quick(&[
        "time",
        "peaks",
        "--buffer-mib",
        "2",
        "--format",
        "json",
    ]));
    positive(&v["compute_gmacs"], "compute");
    positive(&v["bandwidth_gbs"], "bandwidth");
    assert_eq!(v["buffer_mib"], 2);
    let text = stdout(&with_quick(&["time", "peaks", "--buffer-mib", "2"]));
    assert!(
        text.contains("compute peak: ") && text.contains("reading a 2 MiB buffer"),
        "{text}"
    );

    let v = json(&with_quick(&[
        "time", "sweep", "--up-to", "16", "--format", "json",
    ]));
    let points = v["points"].as_array().unwrap();
    let at: Vec<(u64, u64)> = points
        .iter()
        .map(|p| (p["size"].as_u64().unwrap(), p["channels"].as_u64().unwrap()))
        .collect();
    assert_eq!(at, [(56, 8), (56, 16), (14, 8), (14, 16)]);
    for p in points {
        for step in p["steps"].as_array().unwrap() {
            positive(&step["gmacs"], "sweep GMAC/s");
        }
        positive(&p["speedup"]["measured"], "sweep speed-up");
    }
    assert_eq!(v["not_timed"].as_array().unwrap().len(), 0);
    let md = stdout(&with_quick(&[
        "time", "sweep", "--up-to", "8", "--format", "markdown",
    ]));
    assert!(
        md.contains(
            "| input | channels | standard | depthwise | pointwise | expected | measured |"
        ),
        "{md}"
    );
    assert!(
        md.contains("| 56×56 | 8 |") && md.contains("| 14×14 | 8 |"),
        "{md}"
    );
}

#[test]
fn layers_too_large_and_bad_flags_are_refused_with_one_line() {
    let err = fails_with(&[
        "time",
        "layer",
        "--in",
        "512",
        "--out",
        "512",
        "--size",
        "56",
        "--padding",
        "same",
    ]);
    assert!(
        err.contains("too large") && err.contains("choose a smaller layer"),
        "{err}"
    );
    let err = fails_with(&[
        "time", "layer", "--in", "64", "--out", "1", "--kernel", "1", "--size", "2048",
    ]);
    assert!(err.contains("MiB"), "{err}");
    for args in [
        &["time"][..],
        &["time", "layer", "--size", "x"],
        &["time", "layer", "--padding", "2", "--size", "8"],
        &["time", "layer", "--repeat", "0"],
        &["time", "sweep", "--up-to", "7"],
        &["time", "peaks", "--buffer-mib", "4096"],
        &["time", "layer", "--kernel", "9", "--size", "4"],
    ] {
        fails_with(args);
    }
    assert!(stdout(&["time", "--help"]).contains("sepconv time layer"));
}
