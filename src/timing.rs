//! How long the page takes to paint, as User Timing measures: `cargo xtask bench`
//! reads them with a `PerformanceObserver`, and the browser's performance panel
//! shows them. Each name keeps only its latest mark and measure, so nothing piles
//! up when nobody reads them.

/// The animation stage's paint.
pub const STAGE: &str = "sepconv-stage";
/// One chart's paint.
pub const CHART: &str = "sepconv-chart";

/// Runs `paint` and records its duration as the measure `name`.
pub fn measured<T>(name: &str, paint: impl FnOnce() -> T) -> T {
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else {
        return paint();
    };
    performance.clear_marks_with_mark_name(name);
    let _ = performance.mark(name);
    let value = paint();
    performance.clear_measures_with_measure_name(name);
    let _ = performance.measure_with_start_mark(name, name);
    value
}
