//! What is measured in headless Chromium: start-up (and the payload of the
//! first load), slider-to-frame latency, animation frames and paint time,
//! memory over a soak. `page.js`, injected into every page, drives the page
//! from inside and records its paint measures.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use xtask::browser::Browser;

use super::payload::payload;
use super::stats::{quantile, round};
use super::Plan;
use crate::Result;

/// The page script that records paints and drives the page (see the file).
const PAGE_SCRIPT: &str = include_str!("page.js");

/// The 14×14×512 MobileNet layer, as a link.
const BIG_LAYER: &str = "?k=3&m=512&n=512&h=14&w=14&pad=same";

/// Everything measured in the browser, as the report's sections.
pub async fn measure(plan: Plan, dist: &Path) -> Result<BTreeMap<&'static str, Value>> {
    let browser = Browser::start(dist, "/", 1280, 800).await?;
    let outcome = async {
        browser
            .cdp(
                "Page.addScriptToEvaluateOnNewDocument",
                json!({"source": PAGE_SCRIPT}),
            )
            .await?;
        let mut report = BTreeMap::new();
        let (first_load, startup) = startup(&browser, plan, dist).await?;
        report.insert("payload", first_load);
        report.insert("startup_ms", startup);
        report.insert("slider_ms", sliders(&browser, plan).await?);
        report.insert("animation", animation(&browser, plan).await?);
        report.insert("memory", soak(&browser, plan).await?);
        report.insert(
            "trainer",
            super::trainer::in_browser(&browser, plan, dist).await?,
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

/// Cold loads of the page: the payload of the first (and, for the record, of
/// the whole page read through) and the time to ready of each.
async fn startup(browser: &Browser, plan: Plan, dist: &Path) -> Result<(Value, Value)> {
    let mut first_load = Value::Null;
    let mut startup = Vec::new();
    for i in 0..plan.cold_loads {
        startup.push(cold_load(browser, "").await?);
        if i == 0 {
            first_load = payload(browser, dist).await?;
            // For the record: what a reader who goes through the page fetches
            // in all (the parts below the cost arrive on the way).
            browser.open("").await?;
            first_load["whole_page"] = payload(browser, dist).await?;
        }
    }
    let startup = json!({"loads": startup.len(), "median": round(quantile(&startup, 0.5), 1),
                         "max": round(quantile(&startup, 1.0), 1), "samples": startup});
    Ok((first_load, startup))
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

/// Slider changes, each timed to the frame that shows it.
async fn sliders(browser: &Browser, plan: Plan) -> Result<Value> {
    browser.open("").await?;
    let changes = job(
        browser,
        &format!("sliders({})", plan.slider_changes),
        Duration::from_secs(120),
    )
    .await?;
    Ok(slider_summary(&changes))
}

/// `sliders(n)`'s result, summed up: quantiles of the change-to-frame times.
pub(super) fn slider_summary(changes: &Value) -> Value {
    let first_touch = numbers(&changes["firstTouch"]);
    let changes = changes["changes"].as_array().cloned().unwrap_or_default();
    let ms: Vec<f64> = changes.iter().filter_map(|c| c["ms"].as_f64()).collect();
    let unchanged = changes.iter().filter(|c| c["changed"] != true).count();
    let without_chart = changes
        .iter()
        .filter(|c| c["changed"] == true && c["charts"].as_u64() == Some(0))
        .count();
    json!({"changes": ms.len(), "p50": round(quantile(&ms, 0.5), 2),
           "p95": round(quantile(&ms, 0.95), 2), "max": round(quantile(&ms, 1.0), 2),
           "unchanged": unchanged, "changed_without_chart_paint": without_chart,
           "first_touch_max": round(quantile(&first_touch, 1.0), 2),
           "first_touch": first_touch})
}

/// The animation playing at its fastest, on the lecture example and on
/// 14×14×512: frame intervals and the app's paint time per frame.
async fn animation(browser: &Browser, plan: Plan) -> Result<Value> {
    let mut animations = Vec::new();
    for (name, query) in [("lecture example", ""), ("14×14×512", BIG_LAYER)] {
        browser.open(query).await?;
        let run = job(
            browser,
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
    Ok(Value::Array(animations))
}

/// Memory before and after a soak (slider changes while the animation plays),
/// once the page has warmed up.
async fn soak(browser: &Browser, plan: Plan) -> Result<Value> {
    browser.open("").await?;
    job(
        browser,
        &format!("sliders({})", plan.warm_up_changes),
        Duration::from_secs(120),
    )
    .await?;
    let before = memory(browser).await?;
    let soak = job(
        browser,
        &format!(
            "soak({}, {}, {})",
            plan.soak_seconds, plan.soak_changes, plan.warm_up_changes
        ),
        Duration::from_secs_f64(plan.soak_seconds + 60.0),
    )
    .await?;
    let after = memory(browser).await?;
    Ok(json!({"soak": soak,
              "js_heap_before": before.0, "js_heap_after": after.0,
              "wasm_before": before.1, "wasm_after": after.1,
              "js_heap_growth": after.0 - before.0, "wasm_growth": after.1 - before.1}))
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

/// Starts `call` (a `__bench` method returning a promise) in the page and waits
/// for its value.
pub(super) async fn job(browser: &Browser, call: &str, timeout: Duration) -> Result<Value> {
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

/// The numbers of a JSON array the page script returned.
fn numbers(value: &Value) -> Vec<f64> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_f64)
        .collect()
}
