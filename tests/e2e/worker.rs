//! The lab's worker (#17, #18) in Chromium, spoken to as the page's client
//! speaks to it: the build's manifest, a module worker from the page's origin,
//! the packed data sets with their checksums, the protocol's messages (written
//! and read by `sepconv_worker::protocol`, here through JSON). One epoch on
//! digits must equal a native run of the same seed bit for bit; a timing job
//! must report positive times and GMAC/s for the three steps.
//!
//! The page has no lab section yet, so the scenarios drive the worker with a
//! script; the page-side `Client` sends the very same messages.

use std::path::Path;
use std::time::Duration;

use sepconv_train::timing::TimingLayer;
use sepconv_train::{Dataset, Family, Hyperparameters, NetSpec, Padding, Trainer};
use sepconv_worker::manifest::{self, Manifest};
use sepconv_worker::protocol::{DataSet, EpochResult, Event, Request, Split, TrainSettings};
use sepconv_worker::session::weights_checksum;
use xtask::browser::{json, Browser, Value};
use xtask::worker_json::{load_step, to_json, JsonFields};

use crate::helpers::{check, no_console_errors, value, Outcome};

/// The manifest of the build in `dist`, found from its page module's name.
pub fn dist_manifest(dist: &Path) -> Result<Manifest, String> {
    let hash = std::fs::read_dir(dist)
        .map_err(|e| format!("{}: {e}", dist.display()))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find_map(|name| {
            let hash = name
                .strip_prefix("sepconv-web-")?
                .strip_suffix("_bg.wasm")?;
            Some(hash.to_string())
        })
        .ok_or("no sepconv-web-*_bg.wasm in dist/: run `cargo xtask build`")?;
    let path = dist.join(manifest::file_name(&hash));
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("{}: {e} (`cargo xtask build` writes it)", path.display()))?;
    Manifest::parse(&text)
}

/// A data set's split as the build packed it.
pub fn dist_data(
    dist: &Path,
    manifest: &Manifest,
    set: DataSet,
    split: Split,
) -> Result<Dataset, String> {
    let file = manifest.file(set, split).ok_or(format!(
        "the manifest has no {} {}",
        set.name(),
        split.name()
    ))?;
    let bytes = std::fs::read(dist.join(&file.file)).map_err(|e| format!("{}: {e}", file.file))?;
    Dataset::unpack(&bytes).map_err(|e| format!("{}: {e}", file.file))
}

/// One thing for the worker to do: a message (with the data file to attach
/// under `bytes`) and the event types that end it.
pub fn step(message: Value, file: Option<&str>) -> Value {
    json!({"message": message, "file": file})
}

/// A request as a step.
pub fn request_step(request: &Request) -> Value {
    step(to_json(request.write()), None)
}

/// Starts the worker named by the manifest, runs `steps` one after the other
/// (each until the worker answers its id with `loaded`, `done`, `stopped` or
/// `failed`), and leaves every event in `window.sepconvWorker.events`; sets
/// `window.sepconvWorker.finished` at the end. Returns at once.
pub async fn start_worker(browser: &Browser, manifest: &Manifest, steps: &[Value]) -> Outcome {
    let script = format!(
        r#"
        const worker = {worker}, steps = {steps};
        const state = {{ events: [], finished: false, error: null }};
        window.sepconvWorker = state;
        const w = new Worker('./' + worker, {{ type: 'module' }});
        state.worker = w;
        w.onmessage = (e) => state.events.push(e.data);
        w.onerror = (e) => state.events.push({{ type: 'worker-error', message: String(e.message) }});
        const until = async (pred, ms) => {{
          const t0 = performance.now();
          while (!state.events.some(pred)) {{
            if (state.events.some((e) => e.type === 'worker-error' || (e.type === 'failed' && e.id === 0)))
              throw new Error('the worker failed: ' + JSON.stringify(state.events.slice(-2)));
            if (performance.now() - t0 > ms) throw new Error('no answer in ' + ms + ' ms: ' + JSON.stringify(state.events.slice(-2)));
            await new Promise((r) => setTimeout(r, 20));
          }}
        }};
        (async () => {{
          await until((e) => e.type === 'ready', 15000);
          for (const s of steps) {{
            const m = Object.assign({{}}, s.message);
            if (s.file) m.bytes = await (await fetch('./' + s.file)).arrayBuffer();
            w.postMessage(m);
            await until((e) => e.id === m.id && ['loaded', 'done', 'stopped', 'failed'].includes(e.type), 120000);
          }}
        }})().catch((e) => {{ state.error = String(e); }}).finally(() => {{ state.finished = true; }});
        return true;
        "#,
        worker = json!(manifest.worker),
        steps = Value::Array(steps.to_vec()),
    );
    browser.eval(&script).await?;
    Ok(())
}

/// Waits for `start_worker`'s steps to end; their events, read by the protocol.
pub async fn worker_events(browser: &Browser, timeout: Duration) -> Result<Vec<Value>, String> {
    browser
        .wait_until(
            "window.sepconvWorker && window.sepconvWorker.finished",
            timeout,
        )
        .await?;
    let state = value(
        browser,
        "(window.sepconvWorker.worker.terminate(), {events: window.sepconvWorker.events, error: window.sepconvWorker.error})",
    )
    .await?;
    if let Some(error) = state["error"].as_str() {
        return Err(format!("driving the worker: {error}"));
    }
    Ok(state["events"].as_array().cloned().unwrap_or_default())
}

/// Reads an event as the page's client does.
pub fn read_event(raw: &Value) -> Result<Event, String> {
    Event::read(&JsonFields(raw)).map_err(|e| format!("{e}: {raw}"))
}

/// The lab's files are fetched only once the reader trains (here: the script).
async fn nothing_of_the_lab_fetched(browser: &Browser) -> Outcome {
    let fetched = value(
        browser,
        "performance.getEntriesByType('resource').map(e => e.name.split('/').pop()).filter(n => /sepconv-worker|sepconv-lab|\\.scds$/.test(n))",
    )
    .await?;
    check(
        fetched == json!([]),
        format!("the page fetched lab files by itself: {fetched}"),
    )
}

/// The native run the browser's must equal: one epoch of `family` at `alpha`.
fn native_epoch(
    train: &Dataset,
    test: &Dataset,
    family: Family,
    alpha: f64,
    seed: u64,
) -> Result<(EpochResult, f64), String> {
    let spec = NetSpec::lab(family, (train.height(), train.width()), alpha);
    let mut trainer = Trainer::new(&spec, train.clone(), seed, Hyperparameters::default())
        .map_err(|e| e.to_string())?;
    let started = std::time::Instant::now();
    let train_eval = trainer.train_epoch();
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let test_eval = trainer.evaluate(test).map_err(|e| e.to_string())?;
    Ok((
        EpochResult {
            id: 0,
            epoch: 1,
            train: train_eval,
            test: test_eval,
            images_per_second: 0.0,
            train_ms: ms,
            test_ms: 0.0,
            weights: weights_checksum(trainer.net()),
        },
        ms,
    ))
}

/// One epoch on digits in the worker, both nets, equals the native run of the
/// same seed bit for bit (losses, accuracies, weights); damaged data and bad
/// messages are refused with a reason, and the worker goes on.
pub async fn trains_one_epoch_like_native(browser: &Browser) -> Outcome {
    let dist = crate::dist();
    let manifest = dist_manifest(&dist)?;
    browser.open("").await?;
    nothing_of_the_lab_fetched(browser).await?;
    let set = DataSet::Digits;
    let (alpha, seed) = (1.0, 3);
    let mut steps = vec![
        // Another build's file (a checksum that is not the manifest's): refused.
        load_step(&manifest, 1, set, Split::Train, 1)?,
        load_step(&manifest, 2, set, Split::Train, 0)?,
        load_step(&manifest, 3, set, Split::Test, 0)?,
        // Messages the worker cannot read: refused, naming the field.
        step(json!({"v": 1, "type": "dance", "id": 4}), None),
        step(
            json!({"v": 1, "type": "train", "id": 5, "set": "digits", "family": "standard", "alpha": "wide", "seed": 1, "epochs": 1}),
            None,
        ),
    ];
    let families = [Family::Standard, Family::Separable];
    for (i, family) in families.into_iter().enumerate() {
        steps.push(request_step(&Request::Train {
            id: 10 + i as u32,
            settings: TrainSettings {
                set,
                family,
                alpha,
                seed,
                epochs: 1,
            },
        }));
    }
    start_worker(browser, &manifest, &steps).await?;
    let raw = worker_events(browser, Duration::from_secs(120)).await?;
    let events = raw.iter().map(read_event).collect::<Result<Vec<_>, _>>()?;
    let failure = |id| {
        events.iter().find_map(|e| match e {
            Event::Failed { id: i, message } if *i == id => Some(message.clone()),
            _ => None,
        })
    };
    check(
        matches!(events.first(), Some(Event::Ready { simd: true })),
        format!(
            "the worker's first word: {:?} (expected ready, SIMD128 on)",
            events.first()
        ),
    )?;
    let spoilt = failure(1).unwrap_or_default();
    check(
        spoilt.contains("reload the page"),
        format!("a file of another checksum: {spoilt:?}"),
    )?;
    let unknown = failure(4).unwrap_or_default();
    check(
        unknown.contains("unknown request type 'dance'"),
        format!("an unknown request: {unknown:?}"),
    )?;
    let wide = failure(5).unwrap_or_default();
    check(
        wide.contains("alpha must be a finite number, got 'wide'"),
        format!("a bad field: {wide:?}"),
    )?;
    let train = dist_data(&dist, &manifest, set, Split::Train)?;
    let test = dist_data(&dist, &manifest, set, Split::Test)?;
    for (id, loaded) in [(2, &train), (3, &test)] {
        check(
            events.iter().any(|e| matches!(e, Event::Loaded { id: i, images, .. } if *i == id && *images as usize == loaded.len())),
            format!("load {id}: {:?}", failure(id)),
        )?;
    }
    for (i, family) in families.into_iter().enumerate() {
        let id = 10 + i as u32;
        let of_job: Vec<&Event> = events.iter().filter(|e| e.id() == id).collect();
        let epoch = of_job
            .iter()
            .find_map(|e| match e {
                Event::Epoch(e) => Some(*e),
                _ => None,
            })
            .ok_or(format!("{family:?}: no epoch ({:?})", failure(id)))?;
        check(
            matches!(of_job.last(), Some(Event::Done { .. })),
            format!("{family:?}: the job ended with {:?}", of_job.last()),
        )?;
        let progress = of_job
            .iter()
            .filter(|e| matches!(e, Event::Progress(p) if p.images_per_second > 0.0 && p.loss.is_finite()))
            .count();
        check(progress >= 1, format!("{family:?}: no progress event"))?;
        let (native, native_ms) = native_epoch(&train, &test, family, alpha, seed)?;
        let same = epoch.train == native.train
            && epoch.test == native.test
            && epoch.train.loss.to_bits() == native.train.loss.to_bits()
            && epoch.test.loss.to_bits() == native.test.loss.to_bits()
            && epoch.weights == native.weights;
        println!(
            "  {family:?} α={alpha} seed={seed} on digits: browser train loss {} acc {}, test loss {} acc {}, weights {:08x}; \
             browser epoch {:.0} ms ({:.0} images/s), this test's native epoch (debug build) {native_ms:.0} ms",
            epoch.train.loss, epoch.train.accuracy, epoch.test.loss, epoch.test.accuracy, epoch.weights,
            epoch.train_ms, epoch.images_per_second,
        );
        check(
            same,
            format!("{family:?}: the browser's epoch {epoch:?} differs from the native {native:?}"),
        )?;
        check(
            epoch.test.accuracy > 0.3,
            format!(
                "{family:?}: test accuracy {} after an epoch: not above chance (0.1)",
                epoch.test.accuracy
            ),
        )?;
    }
    no_console_errors(browser).await
}

/// A timing job in the worker: positive times and GMAC/s for the standard,
/// depthwise and pointwise steps, MACs as the calculator counts them.
pub async fn times_a_layer(browser: &Browser) -> Outcome {
    let dist = crate::dist();
    let manifest = dist_manifest(&dist)?;
    browser.open("").await?;
    let layer = TimingLayer {
        kernel: 3,
        in_channels: 64,
        out_channels: 64,
        height: 28,
        width: 28,
        stride: 1,
        padding: Padding::Same,
        depth_multiplier: 1,
    };
    let options = sepconv_train::timing::TimingOptions {
        min_run_ms: 20.0,
        runs: 3,
    };
    let steps = [
        request_step(&Request::TimeLayer {
            id: 1,
            layer,
            options,
        }),
        request_step(&Request::ComputePeak { id: 2, options }),
    ];
    start_worker(browser, &manifest, &steps).await?;
    let raw = worker_events(browser, Duration::from_secs(60)).await?;
    let events = raw.iter().map(read_event).collect::<Result<Vec<_>, _>>()?;
    let timing = events
        .iter()
        .find_map(|e| match e {
            Event::LayerTimed { id: 1, timing, .. } => Some(*timing),
            _ => None,
        })
        .ok_or(format!("no timing: {events:?}"))?;
    let shapes = layer.shapes().map_err(|e| e.to_string())?;
    let steps = [
        ("standard", timing.standard),
        ("depthwise", timing.depthwise),
        ("pointwise", timing.pointwise),
    ];
    for ((name, step), shape) in steps.iter().zip(&shapes) {
        println!(
            "  {name}: {:.3} ms, {} MACs, {:.2} GMAC/s, {} repetitions × {} runs",
            step.ms, step.macs, step.gmacs, step.repetitions, step.runs
        );
        check(
            step.ms > 0.0 && step.gmacs > 0.0 && step.repetitions > 0,
            format!("{name}: {step:?}"),
        )?;
        check(
            Some(step.macs) == shape.macs_per_image().ok(),
            format!(
                "{name}: {} MACs, the calculator's shape says {:?}",
                step.macs,
                shape.macs_per_image()
            ),
        )?;
    }
    let peak = events
        .iter()
        .find_map(|e| match e {
            Event::Rate { id: 2, rate, .. } => Some(*rate),
            _ => None,
        })
        .ok_or(format!("no compute peak: {events:?}"))?;
    println!("  compute peak: {:.2} GMAC/s", peak.per_second);
    check(peak.per_second > 0.0, format!("compute peak {peak:?}"))?;
    // A roof the kernels fly over says nothing: the peak's loop must be at least
    // as good as the matrix product's (a loop of acc·a + b measured half of it).
    // The margin is for a timer's noise on a busy machine.
    let fastest = steps.iter().map(|(_, s)| s.gmacs).fold(0.0, f64::max);
    check(
        fastest <= 1.5 * peak.per_second,
        format!(
            "a step reached {fastest:.2} GMAC/s, over 1.5× the compute peak {:.2}: the peak under-measures",
            peak.per_second
        ),
    )?;
    check(
        events
            .iter()
            .filter(|e| matches!(e, Event::Done { .. }))
            .count()
            == 2,
        format!("each job ends with done: {events:?}"),
    )?;
    no_console_errors(browser).await
}
