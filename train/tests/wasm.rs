//! The same run in WebAssembly gives the same bits: the pinned short run built for
//! `wasm32-unknown-unknown`, without and with SIMD128, in the release profile
//! (optimised for size, as the page is, and at opt-level 3), run in Node (V8, the engine of
//! Chromium), must equal [`common::PINNED`], which the native debug and release
//! builds reproduce (`tests/determinism.rs`).
//!
//! Skipped, with a note, where the wasm32 target or `node` is missing.

mod common;

use std::path::Path;
use std::process::Command;

fn available(program: &str, args: &[&str], needle: &str) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success() && String::from_utf8_lossy(&o.stdout).contains(needle))
}

#[test]
fn wasm_builds_reproduce_the_native_bits() {
    if !available(
        "rustup",
        &["target", "list", "--installed"],
        "wasm32-unknown-unknown",
    ) || !available("node", &["--version"], "v")
    {
        eprintln!("skipped: needs the wasm32-unknown-unknown target and node");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut builds = Vec::new();
    for (dir, flags) in [
        ("wasm-pin", ""),
        ("wasm-pin-simd", "-C target-feature=+simd128"),
    ] {
        let target_dir = root.join("target").join(dir);
        let status = Command::new(&cargo)
            .args([
                "build",
                "--quiet",
                "--release",
                "-p",
                "sepconv-train",
                "--example",
                "wasm_pin",
                "--target",
                "wasm32-unknown-unknown",
            ])
            .env("CARGO_TARGET_DIR", &target_dir)
            .env("RUSTFLAGS", flags)
            .current_dir(root)
            .status()
            .unwrap();
        assert!(status.success(), "building the wasm module ({dir})");
        let module = target_dir.join("wasm32-unknown-unknown/release/examples/wasm_pin.wasm");
        let script = "const fs = require('fs');\
            const m = new WebAssembly.Module(fs.readFileSync(process.argv[1]));\
            const i = new WebAssembly.Instance(m, {});\
            console.log([0, 1, 2, 3].map(k => i.exports.pinned(k) >>> 0).join(' '));";
        let out = Command::new("node")
            .args(["-e", script])
            .arg(&module)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let values: Vec<u32> = String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .map(|v| v.parse().unwrap())
            .collect();
        let want: Vec<u32> = common::PINNED.iter().flat_map(|&(a, b)| [a, b]).collect();
        assert_eq!(values, want, "{dir}: wasm bits differ from the native ones");
        builds.push(std::fs::read(&module).unwrap());
    }
    assert_ne!(
        builds[0], builds[1],
        "the SIMD128 build differs from the scalar one"
    );
}
