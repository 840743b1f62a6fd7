//! The `sepconv` binary: every format for the examples, and bad input.

mod common;

use common::{fails_with, json, sepconv, stdout};

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

#[test]
fn every_network_in_every_format() {
    use sepconv_calc::network::{NetworkConfig, NetworkId};
    for network in NetworkId::ALL {
        let id = network.id();
        let info = network.info();
        let net = NetworkConfig::new(network).build().unwrap();
        let text = stdout(&["network", id, "--layers"]);
        assert!(text.starts_with(&net.name), "{text}");
        assert!(text.contains("category"), "{text}");
        let md = stdout(&["network", id, "--format", "markdown"]);
        assert!(md.starts_with(&format!("**{}**", net.name)), "{md}");
        let figure = info.figures[0];
        let v = json(&[
            "network",
            id,
            "--convention",
            figure.convention.id(),
            "--format",
            "json",
        ]);
        assert_eq!(v["total"]["params"], figure.params, "{id}");
        assert_eq!(v["framework"][0]["params_exact"], true, "{id}");
        assert_ne!(v["framework"][0]["macs_agree"], false, "{id}");
        assert_eq!(
            v["layers"].as_array().unwrap().len(),
            net.layers.len(),
            "{id}"
        );
        assert_eq!(v["by_category"].as_array().unwrap().len(), 5);
    }
}

#[test]
fn kinds_name_their_kernel() {
    let v = json(&["network", "mobilenet-v3-large", "--format", "json"]);
    let kinds: Vec<&str> = v["by_type"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["type"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"Conv DW 5×5"), "{kinds:?}");
    assert!(kinds.contains(&"Conv DW 3×3"), "{kinds:?}");
    let block4 = v["layers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"] == "block4/dw")
        .unwrap();
    assert_eq!(block4["kind"], "Conv DW 5×5");
    assert_eq!(block4["kernel"], serde_json::json!([5, 5]));
    let convnext = stdout(&["network", "convnext-tiny", "--layers"]);
    assert!(convnext.contains("Conv DW 7×7 / s1"), "{convnext}");
}

#[test]
fn network_list() {
    let text = stdout(&["network", "--list"]);
    for name in [
        "mobilenet-v1",
        "mobilenet-v2",
        "mobilenet-v3-large",
        "mobilenet-v3-small",
        "efficientnet-b0",
        "shufflenet-v2",
        "mnasnet",
        "xception",
        "convnext-tiny",
        "resnet50",
        "vgg16",
    ] {
        assert!(text.contains(name), "{name}: {text}");
        assert!(sepconv(&["network", name]).status.success(), "{name}");
    }
    let list = json(&["network", "--list", "--format", "json"]);
    assert_eq!(list.as_array().unwrap().len(), 11);
    assert_eq!(list[9]["family"], "standard reference");
    assert!(stdout(&["network", "--list", "--format", "markdown"]).starts_with("| name |"));
}

#[test]
fn options_where_they_apply() {
    // torchvision's mnasnet0_5: 2,218,512 parameters.
    let half = json(&["network", "mnasnet", "--alpha", "0.5", "--format", "json"]);
    assert_eq!(half["total"]["params"], 2_218_512u64);
    let shuffle = json(&[
        "network",
        "shufflenet-v2",
        "--alpha",
        "2",
        "--format",
        "json",
    ]);
    assert_eq!(shuffle["total"]["params"], 7_393_996u64);
    let err = fails_with(&["network", "resnet50", "--alpha", "0.5"]);
    assert!(err.contains("ResNet-50 has no width multiplier"), "{err}");
    let err = fails_with(&["network", "shufflenet-v2", "--alpha", "0.7"]);
    assert!(err.contains("0.5, 1.0, 1.5, 2.0"), "{err}");
    let err = fails_with(&["network", "vgg16", "--variant", "full-conv"]);
    assert!(err.contains("mobilenet-v1 only"), "{err}");
    let err = fails_with(&["network", "xception", "--resolution", "64"]);
    assert!(err.contains("at least 71"), "{err}");
    let small = json(&[
        "network",
        "efficientnet-b0",
        "--resolution",
        "128",
        "--no-top",
        "--format",
        "json",
    ]);
    assert_eq!(small["options"]["resolution"], 128);
}

#[test]
fn help_prints_help() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["help"],
        &["layer", "--help"],
        &["network", "--help"],
        &["network", "vgg16", "--help"],
        &["layer", "--kernel", "--help"],
    ] {
        let text = stdout(args);
        assert!(text.contains("USAGE:"), "{args:?}");
        assert!(text.contains("convnext-tiny"), "{args:?}");
    }
}

#[test]
fn messages_say_what_is_wrong() {
    let err = fails_with(&["network", "mobilenet-v1", "--classes", "18014398508927573"]);
    assert!(err.contains("too many classes"), "{err}");
    let err = fails_with(&[
        "network",
        "mobilenet-v1",
        "--resolution",
        "18014398508927573",
    ]);
    assert!(err.contains("resolution is too large"), "{err}");
    let err = fails_with(&["network", "mobilenet-v1", "--alpha", "1e-300"]);
    assert!(err.contains("α = 1e-300"), "{err}");
    assert!(err.len() < 100, "{err}");
    let long = "7".repeat(100_000);
    let err = fails_with(&["layer", "--kernel", &long]);
    assert!(err.len() < 120, "{err}");
    let err = fails_with(&["layer", "--bias", "a\nb"]);
    assert!(err.contains("a\\nb"), "{err}");
    // The default layer (3×3, 1 → 1) is larger when separated.
    let text = stdout(&["layer"]);
    assert!(
        text.contains("10 of 9 = 111.1 % of standard (1.1× more)"),
        "{text}"
    );
}

/// The README: "Without --height/--width/--size a layer is counted per output
/// position (a 1×1 output)".
#[test]
fn a_layer_without_a_size_has_a_1x1_output() {
    for padding in ["valid", "same", "0", "1", "2"] {
        let text = stdout(&["layer", "--kernel", "5", "--out", "4", "--padding", padding]);
        assert!(text.contains("output 1×1×4"), "{padding}: {text}");
    }
    let err = fails_with(&["layer", "--kernel", "3", "--padding", "2"]);
    assert!(err.contains("the smallest output is 3×3"), "{err}");
    assert!(stdout(&["--help"]).contains("a 1×1 output impossible"));
}

#[cfg(unix)]
mod closed_outputs {
    use std::fs::OpenOptions;
    use std::process::{Command, Output, Stdio};

    /// Runs with stdout (or stderr) on `/dev/full` (every write fails: no space).
    pub fn to_full(args: &[std::ffi::OsString], stderr_too: bool) -> Output {
        let full = || OpenOptions::new().write(true).open("/dev/full").unwrap();
        let mut command = Command::new(env!("CARGO_BIN_EXE_sepconv"));
        command.args(args).stdout(full());
        if stderr_too {
            command.stderr(full());
        }
        command.output().unwrap()
    }

    /// Runs with stdout on a pipe whose reader is already closed.
    pub fn to_closed_pipe(args: &[std::ffi::OsString]) -> Output {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        Command::new(env!("CARGO_BIN_EXE_sepconv"))
            .args(args)
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .unwrap()
    }

    fn os(args: &[&str]) -> Vec<std::ffi::OsString> {
        args.iter().map(Into::into).collect()
    }

    #[test]
    fn a_closed_pipe_ends_quietly() {
        for args in [
            &["network", "mobilenet-v1", "--layers"][..],
            &["network", "vgg16", "--layers", "--format", "json"],
            &["layer"],
            &["--help"],
        ] {
            let out = to_closed_pipe(&os(args));
            assert_eq!(out.status.code(), Some(0), "{args:?}");
            assert!(out.stderr.is_empty(), "{args:?}: {:?}", out.stderr);
        }
    }

    #[test]
    fn an_unwritable_output_is_an_error() {
        let out = to_full(&os(&["layer"]), false);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.starts_with("sepconv: cannot write the output"), "{err}");
        // Nowhere to say it: the status still does.
        assert_eq!(
            to_full(&os(&["layer", "--kernel", "0"]), true)
                .status
                .code(),
            Some(2)
        );
        assert_eq!(
            to_full(&os(&["network", "resnet50"]), true).status.code(),
            Some(2)
        );
    }

    #[test]
    fn arguments_that_are_not_utf8_are_read_not_a_panic() {
        use std::os::unix::ffi::OsStringExt;
        let bad = std::ffi::OsString::from_vec(vec![b'-', b'-', 0xff, 0xfe]);
        let out = Command::new(env!("CARGO_BIN_EXE_sepconv"))
            .args([std::ffi::OsString::from("layer"), bad])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
    }
}

#[cfg(unix)]
mod exit_status {
    use super::closed_outputs::{to_closed_pipe, to_full};
    use proptest::prelude::*;
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;
    use std::process::Command;

    /// Words the parser knows, values of every kind, and anything at all.
    fn argument() -> impl Strategy<Value = OsString> {
        let known = prop::sample::select(vec![
            "layer",
            "network",
            "help",
            "--help",
            "-h",
            "--list",
            "--kernel",
            "--in",
            "--out",
            "--height",
            "--width",
            "--size",
            "--stride",
            "--padding",
            "--dilation",
            "--bias",
            "--depth-multiplier",
            "--format",
            "--alpha",
            "--resolution",
            "--classes",
            "--no-top",
            "--convention",
            "--variant",
            "--layers",
            "mobilenet-v1",
            "mobilenet-v3-small",
            "shufflenet-v2",
            "xception",
            "vgg16",
            "valid",
            "same",
            "both",
            "pointwise",
            "json",
            "markdown",
            "keras",
            "pytorch",
            "full-conv",
            "0",
            "1",
            "3",
            "224",
            "1e-300",
            "NaN",
            "-1",
            "18446744073709551616",
        ]);
        prop_oneof![
            4 => known.prop_map(OsString::from),
            2 => any::<u64>().prop_map(|n| OsString::from(n.to_string())),
            1 => "-?[0-9]{1,3}(\\.[0-9]{1,3})?(e-?[0-9]{1,3})?".prop_map(OsString::from),
            1 => "--[a-z-]{0,12}(=[^\\x00]{0,8})?".prop_map(OsString::from),
            1 => "[^\\x00]{0,16}".prop_map(OsString::from),
            1 => prop::collection::vec(1u8..=255, 0..8).prop_map(OsString::from_vec),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Whatever the arguments, and whether stdout is a terminal-like pipe, a
        /// full disk or a closed pipe: the status is 0 or 2, never an abort.
        #[test]
        fn exits_only_with_0_or_2(args in prop::collection::vec(argument(), 0..7)) {
            let status = |code: Option<i32>| -> Result<(), TestCaseError> {
                prop_assert!(matches!(code, Some(0 | 2)), "{:?} for {:?}", code, args);
                Ok(())
            };
            let out = Command::new(env!("CARGO_BIN_EXE_sepconv")).args(&args).output().unwrap();
            status(out.status.code())?;
            status(to_full(&args, false).status.code())?;
            status(to_full(&args, true).status.code())?;
            status(to_closed_pipe(&args).status.code())?;
        }
    }
}
