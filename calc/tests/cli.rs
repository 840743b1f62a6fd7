//! The `sepconv` binary: every format for the examples, and bad input.

use std::process::{Command, Output};

fn sepconv(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sepconv"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(args: &[&str]) -> String {
    let out = sepconv(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&stdout(args)).expect("valid JSON")
}

#[test]
fn forum_exercise_as_text() {
    let text = stdout(&[
        "layer", "--kernel", "3", "--in", "3", "--out", "128", "--bias", "both",
    ]);
    assert!(text.contains("output 1×1×128"), "{text}");
    assert!(text.contains("(3×3×3 + 1)×128 = 28×128 = 3584"), "{text}");
    assert!(text.contains("30 + 512 = 542"), "{text}");
    assert!(
        text.contains("542 of 3584 = 15.1 % of standard (6.6× fewer)"),
        "{text}"
    );
    assert!(
        text.contains("closed form 1/N + 1/K² = 1/128 + 1/9 = 0.119"),
        "{text}"
    );
}

#[test]
fn lecture_example_as_markdown() {
    let md = stdout(&[
        "layer",
        "--kernel",
        "3",
        "--in",
        "3",
        "--out",
        "5",
        "--height",
        "6",
        "--width",
        "6",
        "--padding",
        "valid",
        "--format",
        "markdown",
    ]);
    assert!(md.contains("| standard | 135 | 0 | 135 | 2160 |"), "{md}");
    assert!(md.contains("| separable | 42 | 0 | 42 | 672 |"), "{md}");
    assert!(md.contains("`432 + 240 = 672`"), "{md}");
}

#[test]
fn mobilenet_layer_as_json() {
    let v = json(&[
        "layer",
        "--kernel",
        "3",
        "--in",
        "512",
        "--out",
        "512",
        "--size",
        "14",
        "--padding",
        "same",
        "--format",
        "json",
    ]);
    assert_eq!(
        v["output"],
        serde_json::json!({"height": 14, "width": 14, "channels": 512})
    );
    assert_eq!(v["depthwise"]["macs"], 3 * 3 * 512 * 14 * 14);
    assert_eq!(v["pointwise"]["macs"], 512 * 512 * 14 * 14);
    assert_eq!(v["standard"]["params"], 3 * 3 * 512 * 512);
    let closed = v["closed_form"].as_f64().unwrap();
    assert!((closed - (1.0 / 512.0 + 1.0 / 9.0)).abs() < 1e-12);
    assert_eq!(v["ratio"]["macs"], v["closed_form"]);
}

#[test]
fn networks() {
    let keras = stdout(&[
        "network",
        "mobilenet-v1",
        "--alpha",
        "0.75",
        "--resolution",
        "192",
        "--convention",
        "keras",
    ]);
    assert!(
        keras.starts_with("0.75 MobileNet-192, keras convention"),
        "{keras}"
    );
    let paper = json(&["network", "mobilenet-v1", "--format", "json"]);
    assert_eq!(paper["total"]["macs"], 568_740_352u64);
    assert_eq!(paper["total"]["params"], 4_209_088u64);
    assert_eq!(paper["layers"].as_array().unwrap().len(), 28);
    assert_eq!(paper["published"]["million_macs"], 569.0);
    let full = stdout(&[
        "network",
        "mobilenet-v1",
        "--variant",
        "full-conv",
        "--layers",
        "--format",
        "markdown",
    ]);
    assert!(
        full.contains("| block13/conv | Conv 3×3 / s1 | 7×7×1024 → 7×7×1024 |"),
        "{full}"
    );
    let v2 = json(&[
        "network",
        "mobilenet-v2",
        "--convention",
        "pytorch",
        "--format",
        "json",
    ]);
    assert_eq!(v2["total"]["params"], 3_504_872u64);
    let by_type = v2["by_type"].as_array().unwrap();
    let share: f64 = by_type
        .iter()
        .map(|t| t["macs_share"].as_f64().unwrap())
        .sum();
    assert!((share - 1.0).abs() < 1e-9);
}

#[test]
fn bad_input_exits_2_with_one_line() {
    for args in [
        &["layer", "--kernel", "x"][..],
        &["layer", "--kernel", "9", "--size", "4"],
        &["layer", "--out", "0"],
        &["layer", "--bias", "sometimes"],
        &[
            "layer",
            "--in",
            "99999999999",
            "--out",
            "99999999999",
            "--size",
            "99999999",
        ],
        &["layer", "--wat", "1"],
        &["layer", "--kernel"],
        &["network", "resnet"],
        &["network", "mobilenet-v1", "--alpha", "0"],
        &["network", "mobilenet-v1", "--resolution", "16"],
        &["frobnicate"],
    ] {
        let out = sepconv(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("sepconv: "), "{err}");
        assert!(out.stdout.is_empty());
    }
}
