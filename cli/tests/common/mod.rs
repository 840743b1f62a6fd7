//! Running the `sepconv` binary, shared by the CLI's tests.
#![allow(dead_code)]

use std::process::{Command, Output};

pub fn sepconv(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sepconv"))
        .args(args)
        .output()
        .expect("the binary runs")
}

pub fn stdout(args: &[&str]) -> String {
    let out = sepconv(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

pub fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&stdout(args)).expect("valid JSON")
}

/// The status (2), stdout (empty) and stderr (one line) of a refusal: its message.
pub fn fails_with(args: &[&str]) -> String {
    let out = sepconv(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    assert!(out.stdout.is_empty(), "{args:?}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    assert!(err.starts_with("sepconv: "), "{err}");
    err
}
