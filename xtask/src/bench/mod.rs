//! `cargo xtask bench`: the release build served on 127.0.0.1 and measured in
//! headless Chromium (payload, start-up, slider-to-frame latency, animation
//! frames and paint time, memory over a soak), plus native micro-benchmarks of
//! the calculator. Prints a table, writes `target/bench/report.json` (a quick
//! run: `report-quick.json`) and, on a full run, fails when a measurement
//! exceeds its budget in `xtask/budgets.toml`.
//!
//! `page` measures in the browser (driving the page with `page.js`), `payload`
//! sizes what it fetched, `native` runs the micro-benchmarks, `budgets` holds
//! the measurements against their limits, `report` prints and writes them.

mod budgets;
mod native;
mod page;
mod payload;
mod report;
mod stats;
mod tfjs;
mod trainer;

use std::path::Path;
use std::time::Instant;

use serde_json::{json, Value};

use crate::Result;

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

    /// "quick" or "full", as the report's `mode` says it.
    fn name(self) -> &'static str {
        if self.quick {
            "quick"
        } else {
            "full"
        }
    }
}

/// Measures everything with the site in `dist`; writes the report; checks the
/// budgets (on a full run, a breach is an error).
pub fn measure(plan: Plan, dist: &Path) -> Result {
    let budgets = budgets::Budgets::load()?;
    let machine = report::machine();
    let started = Instant::now();
    println!(
        "bench: {} run on {}",
        plan.name(),
        machine["cpu"].as_str().unwrap_or("an unknown CPU")
    );
    let native = native::run(plan)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let sections = runtime.block_on(page::measure(plan, dist))?;
    let mut report = json!({
        "mode": plan.name(),
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
    let native_epochs = trainer::native(plan, dist)?;
    let browser_epochs = report["trainer"]["browser"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    report["trainer"]["comparison"] =
        Value::Array(trainer::compare(&browser_epochs, &native_epochs));
    report["trainer"]["native"] = Value::Array(native_epochs);
    let tfjs = runtime.block_on(tfjs::measure(plan, dist))?;
    report["trainer"]["tfjs_comparison"] = Value::Array(tfjs::compare(&tfjs, &browser_epochs));
    report["trainer"]["tfjs"] = Value::Array(tfjs);

    let verdict = budgets.judge(&report)?;
    report["budgets"] = Value::Array(verdict.rows.clone());

    report::print_table(&report);
    report::print_budgets(&verdict.rows);
    let file = report::write(plan, &report)?;
    println!(
        "\nreport: {} ({:.0} s; machine load {})",
        file.display(),
        started.elapsed().as_secs_f64(),
        report["machine"]["load_average_1_5_15"]
            .as_str()
            .unwrap_or("?")
    );
    match (verdict.breaches.is_empty(), plan.quick) {
        (true, _) => Ok(()),
        (false, true) => {
            println!(
                "quick run: budgets not enforced ({} over)",
                verdict.breaches.len()
            );
            Ok(())
        }
        (false, false) => Err(format!("over budget:\n  {}", verdict.breaches.join("\n  "))),
    }
}
