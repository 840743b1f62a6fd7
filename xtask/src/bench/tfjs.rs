//! The lab's twin nets trained by TensorFlow.js (npm, installed by setup into
//! `target/tools`) in the same headless Chromium: the peer the issue names.
//!
//! A page of its own (`target/bench/tfjs/`: TensorFlow.js, its WebAssembly
//! backend's files, `tfjs.js` and the packed data copied from `dist/`), never
//! part of the site. Each net trains one epoch with the `wasm` backend and,
//! since TensorFlow.js 4.22's wasm backend has no kernel for a convolution's
//! weight gradient (`Conv2DBackpropFilter`: it cannot train a CNN), with the
//! `cpu` backend too; a backend that fails is reported with its error.

use std::path::{Path, PathBuf};
use std::time::Duration;

use sepconv_worker::protocol::{DataSet, Split};
use serde_json::{json, Value};
use xtask::browser::Browser;
use xtask::workspace_root;

use super::page::job;
use super::stats::round;
use super::trainer::{dist_manifest, sets, ALPHA};
use super::Plan;
use crate::Result;

const SCRIPT: &str = include_str!("tfjs.js");

/// The backends tried, in order.
const BACKENDS: [&str; 2] = ["wasm", "cpu"];

/// Images of an epoch: all of digits; of Fashion-MNIST the first 640 (20
/// batches), since the cpu backend would take over ten minutes for 6,000.
/// Compared by time per image.
fn images(set: DataSet) -> usize {
    match set {
        DataSet::Digits => 1 << 20,
        DataSet::FashionMnist => 640,
    }
}

fn copy(from: &Path, to: &Path) -> Result {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("{} → {}: {e}", from.display(), to.display()))
}

/// Lays out the benchmark's page; its folder.
fn site(plan: Plan, dist: &Path) -> Result<PathBuf> {
    let modules = workspace_root().join("target/tools/node_modules/@tensorflow");
    let site = workspace_root().join("target/bench/tfjs");
    let _ = std::fs::remove_dir_all(&site);
    std::fs::create_dir_all(&site).map_err(|e| format!("{}: {e}", site.display()))?;
    copy(
        &modules.join("tfjs/dist/tf.min.js"),
        &site.join("tf.min.js"),
    )?;
    let wasm = modules.join("tfjs-backend-wasm/dist");
    for file in [
        "tf-backend-wasm.min.js",
        "tfjs-backend-wasm.wasm",
        "tfjs-backend-wasm-simd.wasm",
        "tfjs-backend-wasm-threaded-simd.wasm",
    ] {
        copy(&wasm.join(file), &site.join(file))
            .map_err(|e| format!("{e} (`cargo xtask setup` installs TensorFlow.js)"))?;
    }
    let manifest = dist_manifest(dist)?;
    for &set in sets(plan) {
        let file = manifest
            .file(set, Split::Train)
            .ok_or(format!("the manifest has no {} training file", set.name()))?;
        copy(&dist.join(&file.file), &site.join(&file.file))?;
    }
    std::fs::write(site.join("tfjs.js"), SCRIPT).map_err(|e| e.to_string())?;
    std::fs::write(
        site.join("index.html"),
        "<!doctype html><meta charset=utf-8><title>TensorFlow.js bench</title>\
         <script src=tf.min.js></script><script src=tf-backend-wasm.min.js></script>\
         <script src=tfjs.js></script>\n",
    )
    .map_err(|e| e.to_string())?;
    Ok(site)
}

/// One epoch of each net on each data set, with each backend.
pub async fn measure(plan: Plan, dist: &Path) -> Result<Vec<Value>> {
    let site = site(plan, dist)?;
    let manifest = dist_manifest(dist)?;
    let browser = Browser::start(&site, "/", 800, 600).await?;
    let outcome = async {
        browser
            .client
            .goto(&browser.base_url())
            .await
            .map_err(|e| e.to_string())?;
        browser
            .wait_until("window.__tfjsReady === true", Duration::from_secs(20))
            .await?;
        let mut epochs = Vec::new();
        for &set in sets(plan) {
            let file = &manifest
                .file(set, Split::Train)
                .ok_or("no training file")?
                .file;
            for backend in BACKENDS {
                for family in ["standard", "separable"] {
                    let mut epoch = job(
                        &browser,
                        &format!(
                            "epoch({}, '{family}', {ALPHA}, '{backend}', {})",
                            json!(file),
                            images(set)
                        ),
                        Duration::from_secs(900),
                    )
                    .await?;
                    epoch["set"] = json!(set.name());
                    epoch["family"] = json!(family);
                    if let Some(ms) = epoch["train_ms"].as_f64() {
                        epoch["train_ms"] = json!(round(ms, 1));
                    }
                    if let Some(rate) = epoch["images_per_second"].as_f64() {
                        epoch["images_per_second"] = json!(round(rate, 0));
                    }
                    epochs.push(epoch);
                }
            }
        }
        Ok(epochs)
    }
    .await;
    browser.close().await;
    outcome
}

/// Each TensorFlow.js epoch beside the worker's epoch of the same net and data:
/// TensorFlow.js's time per image over ours (above 1: ours is faster).
pub fn compare(tfjs: &[Value], ours: &[Value]) -> Vec<Value> {
    tfjs.iter()
        .map(|t| {
            let mine = ours
                .iter()
                .find(|o| o["set"] == t["set"] && o["family"] == t["family"]);
            let ratio = match (
                t["images_per_second"].as_f64(),
                mine.and_then(|o| o["images_per_second"].as_f64()),
            ) {
                (Some(theirs), Some(ours)) => json!(round(ours / theirs, 2)),
                _ => Value::Null,
            };
            json!({
                "set": t["set"], "family": t["family"], "backend": t["backend"],
                "tfjs_images": t["images"], "tfjs_ms": t["train_ms"],
                "tfjs_images_per_second": t["images_per_second"],
                "ours_images_per_second": mine.map(|o| o["images_per_second"].clone()),
                "tfjs_over_ours_time": ratio, "error": t["error"],
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_backend_is_compared_as_its_error() {
        let ours = [json!({"set": "digits", "family": "standard", "images_per_second": 500.0})];
        let tfjs = [
            json!({"set": "digits", "family": "standard", "backend": "cpu", "images_per_second": 100.0}),
            json!({"set": "digits", "family": "standard", "backend": "wasm", "error": "Kernel 'Conv2DBackpropFilter' not registered"}),
        ];
        let rows = compare(&tfjs, &ours);
        assert_eq!(rows[0]["tfjs_over_ours_time"], json!(5.0));
        assert_eq!(rows[1]["tfjs_over_ours_time"], Value::Null);
        assert!(rows[1]["error"]
            .as_str()
            .unwrap()
            .contains("Conv2DBackpropFilter"));
    }
}
