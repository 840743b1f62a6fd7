//! `cargo xtask bench`: the release build served on 127.0.0.1 and measured in
//! headless Chromium (payload, start-up, slider-to-frame latency, animation
//! frames and paint time, memory over a soak), plus native micro-benchmarks of
//! the calculator. Prints a table, writes `target/bench/report.json` (a quick
//! run: `report-quick.json`) and, on a full run, fails when a measurement
//! exceeds its budget in `xtask/budgets.toml`.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use xtask::browser::Browser;
use xtask::workspace_root;

use crate::Result;

/// The page script that records paints and drives the page (see the file).
const PAGE_SCRIPT: &str = include_str!("bench.js");

/// The 14×14×512 MobileNet layer, as a link.
const BIG_LAYER: &str = "?k=3&m=512&n=512&h=14&w=14&pad=same";

/// How much to measure.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// Whether this is the short run (budgets are not enforced).
    pub quick: bool,
    cold_loads: usize,
    slider_changes: usize,
    animation_seconds: f64,
    warm_up_changes: usize,
    soak_seconds: f64,
    soak_changes: usize,
}

impl Plan {
    /// The run the budgets are for.
    pub const FULL: Plan = Plan {
        quick: false,
        cold_loads: 10,
        slider_changes: 200,
        animation_seconds: 10.0,
        warm_up_changes: 100,
        soak_seconds: 60.0,
        soak_changes: 1000,
    };

    /// A short run that proves the harness works (about 30 s).
    pub const QUICK: Plan = Plan {
        quick: true,
        cold_loads: 3,
        slider_changes: 21,
        animation_seconds: 2.0,
        warm_up_changes: 21,
        soak_seconds: 4.0,
        soak_changes: 40,
    };
}

/// A budget from the budgets file and the measurement it limits.
struct Check {
    key: &'static str,
    what: &'static str,
    unit: &'static str,
    measured: f64,
}

/// Reads `key = number` lines (TOML's flat subset; `#` starts a comment).
fn parse_budgets(text: &str) -> Result<BTreeMap<String, f64>> {
    let mut budgets = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        let (key, value) = line
            .split_once('=')
            .ok_or(format!("line {}: expected `name = number`", n + 1))?;
        let value: f64 = value
            .trim()
            .parse()
            .map_err(|_| format!("line {}: {:?} is not a number", n + 1, value.trim()))?;
        budgets.insert(key.trim().to_string(), value);
    }
    Ok(budgets)
}

/// The nearest-rank quantile `q` (0 to 1) of `samples`.
fn quantile(samples: &[f64], q: f64) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn round(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale
}

/// `gzip -9` size of a file, as the build step reports it.
fn gzip_size(file: &Path) -> Result<u64> {
    let out = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(file)
        .output()
        .map_err(|e| format!("gzip: {e}"))?;
    Ok(out.stdout.len() as u64)
}

/// The CPU, core count, load and Chromium version: numbers mean little without them.
fn machine() -> Value {
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

/// Runs the calculator's micro-benchmarks (`calc/examples/timing.rs`, release profile).
fn native(plan: Plan) -> Result<Vec<Value>> {
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

/// Starts `call` (a `__bench` method returning a promise) in the page and waits
/// for its value.
async fn job(browser: &Browser, call: &str, timeout: Duration) -> Result<Value> {
    browser
        .eval(&format!(
            "window.__bench.run(() => window.__bench.{call}); return null;"
        ))
        .await?;
    let started = Instant::now();
    loop {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let state = browser.eval("return window.__bench.job;").await?;
        if let Some(error) = state["error"].as_str() {
            return Err(format!("{call} failed in the page: {error}"));
        }
        if !state["value"].is_null() {
            return Ok(state["value"].clone());
        }
        if started.elapsed() > timeout {
            return Err(format!("{call} did not finish in {timeout:?}"));
        }
    }
}

fn numbers(value: &Value) -> Vec<f64> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_f64)
        .collect()
}

/// Every file the page has requested so far, with raw and gzip sizes.
async fn payload(browser: &Browser, dist: &Path) -> Result<Value> {
    let urls = browser
        .eval(
            "return performance.getEntriesByType('navigation')
               .concat(performance.getEntriesByType('resource'))
               .map(e => e.name);",
        )
        .await?;
    let base = browser.base_url();
    let mut files = Vec::new();
    let (mut raw, mut gzip) = (0, 0);
    for url in urls
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        let path = url
            .strip_prefix(&base)
            .ok_or(format!("a request left the site: {url}"))?;
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let file = dist.join(if path.is_empty() { "index.html" } else { path });
        let bytes = file
            .metadata()
            .map_err(|e| format!("{url} is not a file of dist/: {e}"))?
            .len();
        let compressed = gzip_size(&file)?;
        raw += bytes;
        gzip += compressed;
        files.push(json!({"file": path_name(&file), "raw": bytes, "gzip": compressed}));
    }
    Ok(json!({"files": files, "raw": raw, "gzip": gzip}))
}

fn path_name(file: &Path) -> String {
    file.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default()
}

/// Opens `query` with an empty HTTP cache; the time to the `sepconv-ready` mark.
async fn cold_load(browser: &Browser, query: &str) -> Result<f64> {
    browser.cdp("Network.clearBrowserCache", json!({})).await?;
    browser
        .client
        .goto("about:blank")
        .await
        .map_err(|e| e.to_string())?;
    browser.open_unscrolled(query).await?;
    browser
        .eval("return performance.getEntriesByName('sepconv-ready')[0].startTime;")
        .await?
        .as_f64()
        .ok_or_else(|| "no sepconv-ready mark".to_string())
}

/// Used JS heap after a garbage collection, and the WebAssembly memory, in bytes.
async fn memory(browser: &Browser) -> Result<(f64, f64)> {
    browser
        .eval("window.__bench.forget(); return null;")
        .await?;
    browser
        .cdp("HeapProfiler.collectGarbage", json!({}))
        .await?;
    let heap = browser.cdp("Runtime.getHeapUsage", json!({})).await?;
    let wasm = browser.eval("return window.__bench.wasmBytes();").await?;
    Ok((
        heap["usedSize"].as_f64().ok_or("no heap size")?,
        wasm.as_f64()
            .ok_or("the page did not report its wasm memory")?,
    ))
}

/// Everything measured in the browser, as the report's sections.
async fn in_browser(plan: Plan, dist: &Path) -> Result<BTreeMap<&'static str, Value>> {
    let browser = Browser::start(dist, "/", 1280, 800).await?;
    let outcome = async {
        browser
            .cdp(
                "Page.addScriptToEvaluateOnNewDocument",
                json!({"source": PAGE_SCRIPT}),
            )
            .await?;
        let mut report = BTreeMap::new();

        let mut startup = Vec::new();
        for i in 0..plan.cold_loads {
            startup.push(cold_load(&browser, "").await?);
            if i == 0 {
                let mut first = payload(&browser, dist).await?;
                // For the record: what a reader who goes through the page fetches
                // in all (the parts below the cost arrive on the way).
                browser.open("").await?;
                first["whole_page"] = payload(&browser, dist).await?;
                report.insert("payload", first);
            }
        }
        report.insert(
            "startup_ms",
            json!({"loads": startup.len(), "median": round(quantile(&startup, 0.5), 1),
                   "max": round(quantile(&startup, 1.0), 1), "samples": startup}),
        );

        browser.open("").await?;
        let changes = job(
            &browser,
            &format!("sliders({})", plan.slider_changes),
            Duration::from_secs(120),
        )
        .await?;
        let first_touch = numbers(&changes["firstTouch"]);
        let changes = changes["changes"].as_array().cloned().unwrap_or_default();
        let ms: Vec<f64> = changes.iter().filter_map(|c| c["ms"].as_f64()).collect();
        let unchanged = changes.iter().filter(|c| c["changed"] != true).count();
        let without_chart = changes
            .iter()
            .filter(|c| c["changed"] == true && c["charts"].as_u64() == Some(0))
            .count();
        report.insert(
            "slider_ms",
            json!({"changes": ms.len(), "p50": round(quantile(&ms, 0.5), 2),
                   "p95": round(quantile(&ms, 0.95), 2), "max": round(quantile(&ms, 1.0), 2),
                   "unchanged": unchanged, "changed_without_chart_paint": without_chart,
                   "first_touch_max": round(quantile(&first_touch, 1.0), 2),
                   "first_touch": first_touch}),
        );

        let mut animations = Vec::new();
        for (name, query) in [("lecture example", ""), ("14×14×512", BIG_LAYER)] {
            browser.open(query).await?;
            let run = job(
                &browser,
                &format!("animate({})", plan.animation_seconds),
                Duration::from_secs_f64(plan.animation_seconds + 60.0),
            )
            .await?;
            let intervals = numbers(&run["intervals"]);
            let draws = numbers(&run["draws"]);
            let over = intervals.iter().filter(|&&i| i > 17.0).count();
            animations.push(json!({
                "layer": name, "query": query, "speed": run["speed"],
                "frames": intervals.len(),
                "interval_p50_ms": round(quantile(&intervals, 0.5), 2),
                "interval_p99_ms": round(quantile(&intervals, 0.99), 2),
                "interval_max_ms": round(quantile(&intervals, 1.0), 2),
                "over_17ms_percent": round(100.0 * over as f64 / intervals.len().max(1) as f64, 2),
                "frames_drawn": draws.len(),
                "draw_p50_ms": round(quantile(&draws, 0.5), 2),
                "draw_p99_ms": round(quantile(&draws, 0.99), 2),
                "draw_max_ms": round(quantile(&draws, 1.0), 2),
            }));
        }
        report.insert("animation", Value::Array(animations));

        browser.open("").await?;
        job(
            &browser,
            &format!("sliders({})", plan.warm_up_changes),
            Duration::from_secs(120),
        )
        .await?;
        let before = memory(&browser).await?;
        let soak = job(
            &browser,
            &format!(
                "soak({}, {}, {})",
                plan.soak_seconds, plan.soak_changes, plan.warm_up_changes
            ),
            Duration::from_secs_f64(plan.soak_seconds + 60.0),
        )
        .await?;
        let after = memory(&browser).await?;
        report.insert(
            "memory",
            json!({"soak": soak,
                   "js_heap_before": before.0, "js_heap_after": after.0,
                   "wasm_before": before.1, "wasm_after": after.1,
                   "js_heap_growth": after.0 - before.0, "wasm_growth": after.1 - before.1}),
        );

        let errors = browser.console_errors().await?;
        if !errors.is_empty() {
            return Err(format!("browser console errors: {errors:#?}"));
        }
        Ok(report)
    }
    .await;
    browser.close().await;
    outcome
}

/// The budgets' measurements, in the budgets file's units.
fn checks(report: &Value) -> Vec<Check> {
    let f = |v: &Value| v.as_f64().unwrap_or(f64::NAN);
    let animations = report["animation"].as_array().cloned().unwrap_or_default();
    let worst = |key: &str| {
        animations
            .iter()
            .map(|a| f(&a[key]))
            .fold(f64::NAN, f64::max)
    };
    let native = |name: &str| {
        report["native"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|b| b["name"].as_str().is_some_and(|n| n.starts_with(name)))
            .map(|b| f(&b["ns"]) / 1000.0)
            .fold(f64::NAN, f64::max)
    };
    let mb = 1024.0 * 1024.0;
    let memory = &report["memory"];
    vec![
        Check {
            key: "first_load_gzip_kb",
            what: "first load, gzip",
            unit: "KB",
            measured: f(&report["payload"]["gzip"]) / 1024.0,
        },
        Check {
            key: "startup_median_ms",
            what: "start-up to ready, median",
            unit: "ms",
            measured: f(&report["startup_ms"]["median"]),
        },
        Check {
            key: "slider_repaint_p95_ms",
            what: "slider to repainted frame, p95",
            unit: "ms",
            measured: f(&report["slider_ms"]["p95"]),
        },
        Check {
            key: "frame_interval_p99_ms",
            what: "animation frame interval, p99",
            unit: "ms",
            measured: worst("interval_p99_ms"),
        },
        Check {
            key: "frames_over_17ms_percent",
            what: "animation frames over 17 ms",
            unit: "%",
            measured: worst("over_17ms_percent"),
        },
        Check {
            key: "draw_p99_ms",
            what: "paint time per animation frame, p99",
            unit: "ms",
            measured: worst("draw_p99_ms"),
        },
        Check {
            key: "memory_growth_mb",
            what: "memory growth over the soak (JS heap, wasm)",
            unit: "MB",
            measured: f(&memory["js_heap_growth"]).max(f(&memory["wasm_growth"])) / mb,
        },
        Check {
            key: "layer_comparison_us",
            what: "one layer comparison (native)",
            unit: "µs",
            measured: native("layer_comparison"),
        },
        Check {
            key: "mobilenet_table_us",
            what: "a MobileNet table (native, v1 and v2)",
            unit: "µs",
            measured: native("mobilenet_"),
        },
    ]
}

/// The table a person reads.
fn print_table(report: &Value) {
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
    for b in report["native"].as_array().into_iter().flatten() {
        println!(
            "{:<46} {:.3} µs",
            format!("native: {}", b["name"].as_str().unwrap_or_default()),
            f(&b["ns"]) / 1000.0
        );
    }
}

/// Measures everything with the site in `dist`; writes the report; checks the
/// budgets (on a full run, a breach is an error).
pub fn measure(plan: Plan, dist: &Path) -> Result {
    let budgets_file = workspace_root().join("xtask/budgets.toml");
    let budgets = parse_budgets(
        &std::fs::read_to_string(&budgets_file)
            .map_err(|e| format!("{}: {e}", budgets_file.display()))?,
    )?;
    let machine = machine();
    let started = Instant::now();
    println!(
        "bench: {} run on {}",
        if plan.quick { "quick" } else { "full" },
        machine["cpu"].as_str().unwrap_or("an unknown CPU")
    );
    let native = native(plan)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let sections = runtime.block_on(in_browser(plan, dist))?;
    let mut report = json!({
        "mode": if plan.quick { "quick" } else { "full" },
        "unix_time": std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0),
        "machine": machine,
        "native": native,
    });
    for (key, value) in sections {
        report[key] = value;
    }

    let mut breaches = Vec::new();
    let mut rows = Vec::new();
    for check in checks(&report) {
        let limit = *budgets.get(check.key).ok_or(format!(
            "{} has no budget `{}`",
            budgets_file.display(),
            check.key
        ))?;
        let ok = check.measured <= limit;
        if !ok {
            breaches.push(format!(
                "{}: {:.2} {} > {} {}",
                check.what, check.measured, check.unit, limit, check.unit
            ));
        }
        rows.push(
            json!({"budget": check.key, "what": check.what, "unit": check.unit,
                         "measured": round(check.measured, 3), "limit": limit, "ok": ok}),
        );
    }
    let unknown: Vec<&String> = budgets
        .keys()
        .filter(|k| !rows.iter().any(|r| r["budget"] == k.as_str()))
        .collect();
    if !unknown.is_empty() {
        return Err(format!(
            "{}: unknown budgets {unknown:?}",
            budgets_file.display()
        ));
    }
    report["budgets"] = Value::Array(rows.clone());

    print_table(&report);
    println!("\n{:<46} {:>12} {:>12}", "budget", "measured", "limit");
    for row in &rows {
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
    let out = workspace_root().join("target/bench");
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    // A quick run (as in `cargo xtask test`) never overwrites a full run's report.
    let file = out.join(if plan.quick {
        "report-quick.json"
    } else {
        "report.json"
    });
    let text = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
    std::fs::write(&file, text + "\n").map_err(|e| format!("{}: {e}", file.display()))?;
    println!(
        "\nreport: {} ({:.0} s; machine load {})",
        file.display(),
        started.elapsed().as_secs_f64(),
        report["machine"]["load_average_1_5_15"]
            .as_str()
            .unwrap_or("?")
    );
    match (breaches.is_empty(), plan.quick) {
        (true, _) => Ok(()),
        (false, true) => {
            println!("quick run: budgets not enforced ({} over)", breaches.len());
            Ok(())
        }
        (false, false) => Err(format!("over budget:\n  {}", breaches.join("\n  "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_budgets_file() {
        let text = std::fs::read_to_string(workspace_root().join("xtask/budgets.toml")).unwrap();
        let budgets = parse_budgets(&text).unwrap();
        let report = json!({});
        for check in checks(&report) {
            assert!(budgets.contains_key(check.key), "no budget {}", check.key);
        }
        assert_eq!(
            budgets.len(),
            checks(&report).len(),
            "a budget nothing checks"
        );
        assert!(parse_budgets("a = fast").is_err());
        assert!(parse_budgets("no equals sign").is_err());
        assert_eq!(parse_budgets("x = 1.5 # why").unwrap().get("x"), Some(&1.5));
    }

    #[test]
    fn nearest_rank_quantiles() {
        let samples: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(quantile(&samples, 0.5), 50.0);
        assert_eq!(quantile(&samples, 0.95), 95.0);
        assert_eq!(quantile(&samples, 0.99), 99.0);
        assert_eq!(quantile(&samples, 1.0), 100.0);
        assert_eq!(quantile(&[3.0], 0.99), 3.0);
        assert!(quantile(&[], 0.5).is_nan());
    }
}
