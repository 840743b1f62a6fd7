//! The calculator's native micro-benchmarks (`calc/examples/timing.rs`).

use std::process::Command;

use serde_json::Value;
use xtask::workspace_root;

use super::Plan;
use crate::Result;

/// Runs the micro-benchmarks in the release profile; one JSON object per
/// benchmark (`name`, `ns`, …), as the example prints them.
pub fn run(plan: Plan) -> Result<Vec<Value>> {
    let mut args = vec![
        "run",
        "--release",
        "--quiet",
        "-p",
        "sepconv-calc",
        "--example",
        "timing",
    ];
    if plan.quick {
        args.extend(["--", "--quick"]);
    }
    let out = Command::new("cargo")
        .args(&args)
        .current_dir(workspace_root())
        .output()
        .map_err(|e| format!("cargo: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "the micro-benchmarks failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).map_err(|e| format!("{line}: {e}")))
        .collect()
}
