//! What a run leaves: the machine it ran on, the tables a person reads, and
//! `target/bench/report.json` (a quick run: `report-quick.json`).

use std::path::PathBuf;
use std::process::Command;

use serde_json::{json, Value};
use xtask::workspace_root;

use super::Plan;
use crate::Result;

/// The CPU, core count, load and Chromium version: numbers mean little without them.
pub fn machine() -> Value {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|l| l.trim_start_matches([' ', '\t', ':']).to_string())
        .unwrap_or_default();
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let chromium = Command::new("/usr/bin/chromium")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    json!({
        "cpu": cpu,
        "cores": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0),
        "load_average_1_5_15": load.split_whitespace().take(3).collect::<Vec<_>>().join(" "),
        "chromium": chromium,
    })
}

/// The table a person reads.
pub fn print_table(report: &Value) {
    let f = |v: &Value| v.as_f64().unwrap_or(f64::NAN);
    println!("\n{:<46} measured", "what");
    println!("{}", "-".repeat(78));
    let payload = &report["payload"];
    for file in payload["files"].as_array().into_iter().flatten() {
        println!(
            "{:<46} {:>7.1} KB raw, {:>6.1} KB gzip",
            format!("  {}", file["file"].as_str().unwrap_or_default()),
            f(&file["raw"]) / 1024.0,
            f(&file["gzip"]) / 1024.0
        );
    }
    println!(
        "{:<46} {:>7.1} KB raw, {:>6.1} KB gzip",
        "first load, every file",
        f(&payload["raw"]) / 1024.0,
        f(&payload["gzip"]) / 1024.0
    );
    let whole = &payload["whole_page"];
    println!(
        "{:<46} {:>7.1} KB raw, {:>6.1} KB gzip ({} files)",
        "whole page, scrolled through (not budgeted)",
        f(&whole["raw"]) / 1024.0,
        f(&whole["gzip"]) / 1024.0,
        whole["files"].as_array().map_or(0, Vec::len)
    );
    let s = &report["startup_ms"];
    println!(
        "{:<46} median {} ms, max {} ms ({} loads)",
        "start-up to ready (cold)", s["median"], s["max"], s["loads"]
    );
    let s = &report["slider_ms"];
    println!(
        "{:<46} p50 {} ms, p95 {} ms, max {} ms ({} changes)",
        "slider to repainted frame", s["p50"], s["p95"], s["max"], s["changes"]
    );
    println!(
        "{:<46} max {} ms (each slider's first move, not in the above)",
        "", s["first_touch_max"]
    );
    for a in report["animation"].as_array().into_iter().flatten() {
        println!(
            "{:<46} interval p50 {} / p99 {} ms, {} % over 17 ms ({} frames)",
            format!(
                "animation, {} at {}",
                a["layer"].as_str().unwrap_or_default(),
                a["speed"].as_str().unwrap_or_default()
            ),
            a["interval_p50_ms"],
            a["interval_p99_ms"],
            a["over_17ms_percent"],
            a["frames"]
        );
        println!(
            "{:<46} paint p50 {} / p99 {} / max {} ms ({} frames drawn)",
            "", a["draw_p50_ms"], a["draw_p99_ms"], a["draw_max_ms"], a["frames_drawn"]
        );
    }
    let m = &report["memory"];
    let mb = 1024.0 * 1024.0;
    println!(
        "{:<46} JS heap {:.2} → {:.2} MB, wasm {:.2} → {:.2} MB",
        format!(
            "memory over the soak ({} s)",
            m["soak"]["seconds"]
                .as_f64()
                .map(|s| s.round())
                .unwrap_or(f64::NAN)
        ),
        f(&m["js_heap_before"]) / mb,
        f(&m["js_heap_after"]) / mb,
        f(&m["wasm_before"]) / mb,
        f(&m["wasm_after"]) / mb
    );
    let t = &report["trainer"];
    for c in t["comparison"].as_array().into_iter().flatten() {
        println!(
            "{:<46} browser {} ms ({} images/s), native {} ms ({} images/s): {}× native{}",
            format!(
                "lab epoch, {} {} (worker vs native)",
                c["set"].as_str().unwrap_or_default(),
                c["family"].as_str().unwrap_or_default()
            ),
            c["browser_ms"],
            c["browser_images_per_second"],
            c["native_ms"],
            c["native_images_per_second"],
            c["browser_over_native_time"],
            if c["same_loss_and_accuracy"] == true {
                ", same loss and accuracy"
            } else {
                ", DIFFERENT loss or accuracy"
            }
        );
    }
    for c in t["tfjs_comparison"].as_array().into_iter().flatten() {
        let what = format!(
            "TF.js {} epoch, {} {}",
            c["backend"].as_str().unwrap_or_default(),
            c["set"].as_str().unwrap_or_default(),
            c["family"].as_str().unwrap_or_default()
        );
        match c["error"].as_str() {
            Some(error) => println!(
                "{what:<46} cannot train: {}",
                error.lines().next().unwrap_or_default()
            ),
            None => println!(
                "{what:<46} {} images/s ({} images in {} ms), ours {} images/s: TF.js takes {}× our time per image",
                c["tfjs_images_per_second"],
                c["tfjs_images"],
                c["tfjs_ms"],
                c["ours_images_per_second"],
                c["tfjs_over_ours_time"]
            ),
        }
    }
    for (key, what) in [
        ("slider_while_training", "while training"),
        ("slider_while_timing", "while timing"),
    ] {
        let s = &t[key];
        println!(
            "{:<46} p50 {} ms, p95 {} ms, max {} ms ({} changes, {} worker events)",
            format!("slider to repainted frame {what}"),
            s["p50"],
            s["p95"],
            s["max"],
            s["changes"],
            s["events_meanwhile"]
        );
    }
    for b in report["native"].as_array().into_iter().flatten() {
        println!(
            "{:<46} {:.3} µs",
            format!("native: {}", b["name"].as_str().unwrap_or_default()),
            f(&b["ns"]) / 1000.0
        );
    }
}

/// The budgets' table: each measurement beside its limit.
pub fn print_budgets(rows: &[Value]) {
    println!("\n{:<46} {:>12} {:>12}", "budget", "measured", "limit");
    for row in rows {
        println!(
            "{:<46} {:>9.2} {:<2} {:>9} {:<2} {}",
            row["what"].as_str().unwrap_or_default(),
            row["measured"].as_f64().unwrap_or(f64::NAN),
            row["unit"].as_str().unwrap_or_default(),
            row["limit"],
            row["unit"].as_str().unwrap_or_default(),
            if row["ok"] == true { "ok" } else { "OVER" }
        );
    }
}

/// Writes the report under `target/bench/`; returns the file.
pub fn write(plan: Plan, report: &Value) -> Result<PathBuf> {
    let out = workspace_root().join("target/bench");
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    // A quick run (as in `cargo xtask test`) never overwrites a full run's report.
    let file = out.join(if plan.quick {
        "report-quick.json"
    } else {
        "report.json"
    });
    let text = serde_json::to_string_pretty(report).map_err(|e| e.to_string())?;
    std::fs::write(&file, text + "\n").map_err(|e| format!("{}: {e}", file.display()))?;
    Ok(file)
}
