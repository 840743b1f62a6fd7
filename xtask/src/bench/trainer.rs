//! The lab's trainer (#17) in Chromium's Web Worker against the same epoch
//! natively, and the page's sliders while a worker trains or times (#18).
//!
//! The worker is the release build's (`dist/`, from the manifest), driven as
//! the page's client drives it (`page.js`: `startWorker`, `ask`); the native
//! run is `train/examples/epoch.rs` on the same packed files, the same nets
//! (α = 1) and seed, in the release profile (the trainer at opt-level 3, as in
//! the worker). TensorFlow.js is not measured (see the README).

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use sepconv_train::timing::TimingOptions;
use sepconv_train::Family;
use sepconv_worker::manifest::{self, Manifest};
use sepconv_worker::protocol::{DataSet, Event, Request, Split, TrainSettings};
use serde_json::{json, Value};
use xtask::browser::Browser;
use xtask::worker_json::{load_step, to_json, JsonFields};
use xtask::workspace_root;

use super::page::{job, slider_summary};
use super::stats::round;
use super::Plan;
use crate::Result;

/// The nets' width and the seed of every run.
pub(super) const ALPHA: f64 = 1.0;
const SEED: u64 = 1;

/// The data sets the throughput is measured on: digits alone in a quick run.
pub(super) fn sets(plan: Plan) -> &'static [DataSet] {
    if plan.quick {
        &[DataSet::Digits]
    } else {
        &[DataSet::Digits, DataSet::FashionMnist]
    }
}

/// The manifest of the build in `dist`.
pub fn dist_manifest(dist: &Path) -> Result<Manifest> {
    let hash = std::fs::read_dir(dist)
        .map_err(|e| format!("{}: {e}", dist.display()))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find_map(|name| {
            Some(
                name.strip_prefix("sepconv-web-")?
                    .strip_suffix("_bg.wasm")?
                    .to_string(),
            )
        })
        .ok_or(format!("no sepconv-web-*_bg.wasm in {}", dist.display()))?;
    let path = dist.join(manifest::file_name(&hash));
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    Manifest::parse(&text)
}

/// The loads of `set`'s two splits, for `startWorker`.
fn loads(manifest: &Manifest, set: DataSet) -> Result<Value> {
    let mut loads = Vec::new();
    for (i, split) in Split::ALL.into_iter().enumerate() {
        loads.push(load_step(manifest, 1 + i as u32, set, split, 0)?);
    }
    Ok(Value::Array(loads))
}

fn train_message(id: u32, set: DataSet, family: Family, epochs: u32) -> Value {
    to_json(
        Request::Train {
            id,
            settings: TrainSettings {
                set,
                family,
                alpha: ALPHA,
                seed: SEED,
                epochs,
            },
        }
        .write(),
    )
}

async fn stop_worker(browser: &Browser) -> Result {
    browser
        .eval("window.__bench.stopWorker(); return null;")
        .await?;
    Ok(())
}

async fn start_worker(browser: &Browser, manifest: &Manifest, set: DataSet) -> Result {
    job(
        browser,
        &format!(
            "startWorker({}, {})",
            json!(manifest.worker),
            loads(manifest, set)?
        ),
        Duration::from_secs(60),
    )
    .await?;
    Ok(())
}

/// One epoch of each net on each data set in the worker; then slider changes
/// while the standard net trains, and while the timing sweep runs.
pub async fn in_browser(browser: &Browser, plan: Plan, dist: &Path) -> Result<Value> {
    let manifest = dist_manifest(dist)?;
    browser.open("").await?;
    let mut epochs = Vec::new();
    for &set in sets(plan) {
        start_worker(browser, &manifest, set).await?;
        for (i, family) in Family::ALL.into_iter().enumerate() {
            let message = train_message(10 + i as u32, set, family, 1);
            let events = job(
                browser,
                &format!("ask({message}, 600000)"),
                Duration::from_secs(660),
            )
            .await?;
            let epoch = events
                .as_array()
                .into_iter()
                .flatten()
                .map(|raw| Event::read(&JsonFields(raw)).map_err(|e| format!("{e}: {raw}")))
                .collect::<Result<Vec<_>>>()?
                .into_iter()
                .find_map(|e| match e {
                    Event::Epoch(e) => Some(e),
                    _ => None,
                })
                .ok_or(format!(
                    "{} {}: no epoch: {events}",
                    set.name(),
                    family.name()
                ))?;
            epochs.push(json!({
                "set": set.name(), "family": family.name(), "alpha": ALPHA, "seed": SEED,
                "images": epoch.train.images, "train_ms": round(epoch.train_ms, 1),
                "images_per_second": round(epoch.images_per_second, 0),
                "train_loss": epoch.train.loss, "test_accuracy": epoch.test.accuracy,
            }));
        }
    }
    stop_worker(browser).await?;
    let training = if plan.quick {
        DataSet::Digits
    } else {
        DataSet::FashionMnist
    };
    let while_training = sliders_while(browser, plan, &manifest, Work::Training(training)).await?;
    let while_timing = sliders_while(browser, plan, &manifest, Work::Sweep).await?;
    Ok(
        json!({"browser": epochs, "slider_while_training": while_training,
              "slider_while_timing": while_timing}),
    )
}

/// What the worker does while the sliders move.
#[derive(Clone, Copy)]
enum Work {
    /// Trains the standard net (a progress event every 100 ms).
    Training(DataSet),
    /// Times the catch section's sweep, one `layer_timed` event a layer.
    Sweep,
}

impl Work {
    /// The request that starts it, as job `id`.
    fn request(self, id: u32) -> Value {
        match self {
            Work::Training(set) => train_message(id, set, Family::Standard, 100),
            // Runs long enough that the sweep outlasts the slider changes.
            Work::Sweep => to_json(
                Request::Sweep {
                    id,
                    options: TimingOptions {
                        min_run_ms: 100.0,
                        runs: 5,
                    },
                }
                .write(),
            ),
        }
    }

    /// The event type that shows it working.
    fn busy_event(self) -> &'static str {
        match self {
            Work::Training(_) => "progress",
            Work::Sweep => "layer_timed",
        }
    }
}

/// The sliders' repaint while the worker works (from its first sign of work to
/// after the last change; the job is then stopped).
async fn sliders_while(
    browser: &Browser,
    plan: Plan,
    manifest: &Manifest,
    work: Work,
) -> Result<Value> {
    let set = match work {
        Work::Training(set) => set,
        Work::Sweep => DataSet::Digits,
    };
    browser.open("").await?;
    start_worker(browser, manifest, set).await?;
    let id = 20;
    let busy = work.busy_event();
    browser
        .eval(&format!(
            "window.__bench.post({}); return null;",
            work.request(id)
        ))
        .await?;
    job(
        browser,
        &format!("until((e) => e.id === {id} && e.type === '{busy}', 30000)"),
        Duration::from_secs(40),
    )
    .await?;
    let count = format!(
        "return window.__bench.lab.events.filter((e) => e.id === {id} && e.type === '{busy}').length;"
    );
    let before = browser.eval(&count).await?;
    let changes = job(
        browser,
        &format!("sliders({})", plan.slider_changes),
        Duration::from_secs(120),
    )
    .await?;
    let after = browser.eval(&count).await?;
    let ended = browser
        .eval(&format!(
            "return window.__bench.lab.events.filter((e) => e.id === {id} && ['done', 'failed'].includes(e.type)).map((e) => e.type + ' ' + (e.message || ''));"
        ))
        .await?;
    browser
        .eval(&format!(
            "window.__bench.post({{v: 1, type: 'stop', id: {id}}}); return null;"
        ))
        .await?;
    stop_worker(browser).await?;
    if ended.as_array().is_some_and(|e| !e.is_empty()) {
        return Err(format!("the job ended during the slider changes: {ended}"));
    }
    // Started before the first change and not ended after the last: the worker
    // worked throughout (a sweep's layer may take longer than a quick run's changes).
    let meanwhile = after.as_f64().unwrap_or(0.0) - before.as_f64().unwrap_or(0.0);
    let mut summary = slider_summary(&changes);
    summary["set"] = json!(set.name());
    summary["events_meanwhile"] = json!(meanwhile);
    Ok(summary)
}

/// The same epochs natively (`train/examples/epoch.rs`, release profile).
pub fn native(plan: Plan, dist: &Path) -> Result<Vec<Value>> {
    let manifest = dist_manifest(dist)?;
    let mut epochs = Vec::new();
    for &set in sets(plan) {
        let file = |split| {
            manifest
                .file(set, split)
                .map(|f| dist.join(&f.file).display().to_string())
                .ok_or(format!(
                    "the manifest has no {} {}",
                    set.name(),
                    split.name()
                ))
        };
        let (train, test) = (file(Split::Train)?, file(Split::Test)?);
        let out = Command::new("cargo")
            .args([
                "run",
                "--release",
                "--quiet",
                "-p",
                "sepconv-train",
                "--example",
                "epoch",
                "--",
                &train,
                &test,
                &ALPHA.to_string(),
                &SEED.to_string(),
            ])
            .current_dir(workspace_root())
            .output()
            .map_err(|e| format!("cargo: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "the native epochs failed:\n{}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            let mut epoch: Value =
                serde_json::from_str(line).map_err(|e| format!("{line}: {e}"))?;
            epoch["set"] = json!(set.name());
            epochs.push(epoch);
        }
    }
    Ok(epochs)
}

/// Each browser epoch beside its native twin: the time ratio, and whether the
/// two runs agree (the same seed must give the same loss and accuracy).
pub fn compare(browser: &[Value], native: &[Value]) -> Vec<Value> {
    browser
        .iter()
        .filter_map(|b| {
            let n = native
                .iter()
                .find(|n| n["set"] == b["set"] && n["family"] == b["family"])?;
            let f = |v: &Value| v.as_f64().unwrap_or(f64::NAN);
            let same = f(&b["train_loss"]) as f32 == f(&n["train_loss"]) as f32
                && f(&b["test_accuracy"]) as f32 == f(&n["test_accuracy"]) as f32;
            Some(json!({
                "set": b["set"], "family": b["family"],
                "browser_ms": b["train_ms"], "native_ms": n["train_ms"],
                "browser_images_per_second": b["images_per_second"],
                "native_images_per_second": n["images_per_second"],
                "browser_over_native_time": round(f(&b["train_ms"]) / f(&n["train_ms"]), 2),
                "same_loss_and_accuracy": same,
            }))
        })
        .collect()
}
