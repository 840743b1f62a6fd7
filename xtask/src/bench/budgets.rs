//! The budgets in `xtask/budgets.toml` and the measurement each one limits.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::{json, Value};
use xtask::workspace_root;

use super::stats::round;
use crate::Result;

/// The budgets file's limits, by key.
pub struct Budgets {
    file: PathBuf,
    limits: BTreeMap<String, f64>,
}

/// A report held against the budgets.
pub struct Verdict {
    /// One row a budget: key, what, unit, measured, limit, ok (the report's `budgets`).
    pub rows: Vec<Value>,
    /// The measurements over their budget, in words.
    pub breaches: Vec<String>,
}

/// A budget from the budgets file and the measurement it limits.
struct Check {
    key: &'static str,
    what: &'static str,
    unit: &'static str,
    measured: f64,
}

impl Budgets {
    /// Reads `xtask/budgets.toml`.
    pub fn load() -> Result<Budgets> {
        let file = workspace_root().join("xtask/budgets.toml");
        let limits = parse(
            &std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?,
        )?;
        Ok(Budgets { file, limits })
    }

    /// Holds every measurement in `report` against its budget; an error when a
    /// measurement has no budget or a budget no measurement.
    pub fn judge(&self, report: &Value) -> Result<Verdict> {
        let mut breaches = Vec::new();
        let mut rows = Vec::new();
        for check in checks(report) {
            let limit = *self.limits.get(check.key).ok_or(format!(
                "{} has no budget `{}`",
                self.file.display(),
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
        let unknown: Vec<&String> = self
            .limits
            .keys()
            .filter(|k| !rows.iter().any(|r| r["budget"] == k.as_str()))
            .collect();
        if !unknown.is_empty() {
            return Err(format!(
                "{}: unknown budgets {unknown:?}",
                self.file.display()
            ));
        }
        Ok(Verdict { rows, breaches })
    }
}

/// Reads `key = number` lines (TOML's flat subset; `#` starts a comment).
fn parse(text: &str) -> Result<BTreeMap<String, f64>> {
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
            key: "slider_repaint_while_training_p95_ms",
            what: "slider to repainted frame while a worker trains, p95",
            unit: "ms",
            measured: f(&report["trainer"]["slider_while_training"]["p95"]),
        },
        Check {
            key: "slider_repaint_while_timing_p95_ms",
            what: "slider to repainted frame while a worker times, p95",
            unit: "ms",
            measured: f(&report["trainer"]["slider_while_timing"]["p95"]),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_budgets_file() {
        let text = std::fs::read_to_string(workspace_root().join("xtask/budgets.toml")).unwrap();
        let budgets = parse(&text).unwrap();
        let report = json!({});
        for check in checks(&report) {
            assert!(budgets.contains_key(check.key), "no budget {}", check.key);
        }
        assert_eq!(
            budgets.len(),
            checks(&report).len(),
            "a budget nothing checks"
        );
        assert!(parse("a = fast").is_err());
        assert!(parse("no equals sign").is_err());
        assert_eq!(parse("x = 1.5 # why").unwrap().get("x"), Some(&1.5));
    }
}
