//! Starting the lab's worker and talking to it, in the browser.
//!
//! A [`Client`] owns at most one worker, started on its first request (the page
//! creates none until the reader trains or times) and ended by
//! [`Client::terminate`] or when the client is dropped. Requests sent before
//! the worker says `ready` wait in a queue. Every failure (a fetch, the worker,
//! a damaged file) reaches the caller's callback as [`Event::Failed`] of the job
//! it spoils, with a message for the reader; nothing here panics.
//!
//! The manifest and the data files are fetched once per page and shared by
//! every worker; each worker gets its own copy of the bytes (structured clone),
//! and checks them against the manifest's checksum.
//!
//! Why `Reflect` and `Function::call` instead of web-sys' typed methods:
//! wasm-split keeps every JavaScript import in the page's main module, and its
//! glue in the first load's script, whichever part calls it. These generic
//! imports are there already; typed bindings would each add one. The client
//! adds a single import to the first load: `new Worker`.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use futures::future::{FutureExt, LocalBoxFuture, Shared};
use js_sys::{Function, Object, Promise, Reflect};
use sepconv_worker::manifest::{DataFile, Manifest};
use sepconv_worker::protocol::{Field, Fields, BYTES};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::{build_hash, DataSet, Event, JobId, Request, Split, TimingLayer, TimingOptions};
use super::{LabAssets, TrainSettings};

// ------------------------------------------------------------ JavaScript

fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `target.name()` or `target.name(arg)`.
fn call(target: &JsValue, name: &str, arg: Option<&JsValue>) -> Result<JsValue, JsValue> {
    let method = get(target, name);
    if !method.is_function() {
        return Err(JsValue::from_str(&format!("this browser has no {name}")));
    }
    let method: Function = method.unchecked_into();
    // One import for both (a method ignores an argument it does not take).
    method.call1(target, arg.unwrap_or(&JsValue::UNDEFINED))
}

async fn settled(promise: JsValue) -> Result<JsValue, JsValue> {
    JsFuture::from(promise.unchecked_into::<Promise>()).await
}

/// What a JavaScript error says.
fn message(error: &JsValue) -> String {
    get(error, "message")
        .as_string()
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "an unknown error".into())
}

/// A message's fields, read from a JavaScript object.
struct JsFields<'a>(&'a JsValue);

impl Fields for JsFields<'_> {
    fn field(&self, key: &str) -> Option<Field> {
        let value = get(self.0, key);
        match value.as_f64() {
            Some(n) => Some(Field::Number(n)),
            None => value.as_string().map(Field::Text),
        }
    }
}

fn to_object(request: &Request, bytes: Option<&JsValue>) -> JsValue {
    let object = Object::new();
    let set = |key: &str, value: &JsValue| {
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    };
    for (key, value) in request.write() {
        match value {
            Field::Number(n) => set(key, &JsValue::from_f64(n)),
            Field::Text(t) => set(key, &JsValue::from_str(&t)),
        }
    }
    if let Some(bytes) = bytes {
        set(BYTES, bytes);
    }
    object.into()
}

// ------------------------------------------------------------ fetching

/// `fetch(file)`, relative to the page, as a successful response.
async fn fetch(file: &str) -> Result<JsValue, String> {
    let global = js_sys::global();
    let pending = call(&global, "fetch", Some(&JsValue::from_str(file)))
        .map_err(|e| format!("{file}: {}", message(&e)))?;
    let response = settled(pending).await.map_err(|e| {
        format!(
            "could not fetch {file} ({}): check the connection and try again",
            message(&e)
        )
    })?;
    if get(&response, "ok").is_falsy() {
        let status = get(&response, "status").as_f64().unwrap_or(0.0);
        return Err(format!("{file}: the server answered {status}"));
    }
    Ok(response)
}

/// `response.<method>()`'s value.
async fn body(response: &JsValue, method: &str, file: &str) -> Result<JsValue, String> {
    let pending = call(response, method, None).map_err(|e| message(&e))?;
    settled(pending)
        .await
        .map_err(|e| format!("{file}: {}", message(&e)))
}

type Fetched<T> = Shared<LocalBoxFuture<'static, Result<T, String>>>;

/// Fetches under way or done, by URL: a handful at most, so a list (a hash
/// map's code would land in the first load).
struct Cache<T>(RefCell<Vec<(String, Fetched<T>)>>);

impl<T: Clone + 'static> Cache<T> {
    /// The fetch of `url`, started by `start` unless it is under way or done.
    fn get(&self, url: &str, start: impl FnOnce() -> Fetched<T>) -> Fetched<T> {
        let mut entries = self.0.borrow_mut();
        if let Some((_, fetched)) = entries.iter().find(|(u, _)| u == url) {
            return fetched.clone();
        }
        let fetched = start();
        entries.push((url.to_string(), fetched.clone()));
        fetched
    }

    /// Forgets `url` (after a failure, so that the next request fetches again).
    fn forget(&self, url: &str) {
        self.0.borrow_mut().retain(|(u, _)| u != url);
    }
}

thread_local! {
    static MANIFESTS: Cache<Rc<Manifest>> = const { Cache(RefCell::new(Vec::new())) };
    static FILES: Cache<JsValue> = const { Cache(RefCell::new(Vec::new())) };
}

/// The build hash of the page's own module (Trunk's one modulepreload link).
fn page_hash() -> Option<String> {
    let link = web_sys::window()?
        .document()?
        .query_selector("link[rel=modulepreload]")
        .ok()??;
    build_hash(&link.get_attribute("href")?).map(str::to_string)
}

async fn fetch_manifest(file: String) -> Result<Rc<Manifest>, String> {
    let response = fetch(&file).await.map_err(|e| {
        if e.ends_with(" 404") {
            "this build has no lab worker: `cargo xtask build` makes it, `trunk serve` does not"
                .to_string()
        } else {
            e
        }
    })?;
    let text = body(&response, "text", &file)
        .await?
        .as_string()
        .unwrap_or_default();
    Manifest::parse(&text).map(Rc::new)
}

/// The manifest of the build `assets` name: fetched once, shared by every
/// caller (fetched again after a failure).
pub async fn lab_manifest(assets: &LabAssets) -> Result<Rc<Manifest>, String> {
    let url = assets.manifest_url(page_hash().as_deref())?;
    let shared =
        MANIFESTS.with(|m| m.get(&url, || fetch_manifest(url.clone()).boxed_local().shared()));
    let result = shared.await;
    if result.is_err() {
        MANIFESTS.with(|m| m.forget(&url));
    }
    result
}

async fn fetch_file(url: String, file: DataFile) -> Result<JsValue, String> {
    let response = fetch(&url).await?;
    let buffer = body(&response, "arrayBuffer", &file.file).await?;
    let got = get(&buffer, "byteLength").as_f64().unwrap_or(-1.0);
    if got != file.bytes as f64 {
        return Err(format!(
            "{}: {got} bytes arrived, the manifest says {}: reload the page",
            file.file, file.bytes
        ));
    }
    Ok(buffer)
}

/// A data file's bytes (an `ArrayBuffer`), fetched once per page.
async fn file_bytes(assets: &LabAssets, file: &DataFile) -> Result<JsValue, String> {
    let url = assets.url(&file.file);
    let shared = FILES.with(|f| {
        f.get(&url, || {
            fetch_file(url.clone(), file.clone()).boxed_local().shared()
        })
    });
    let result = shared.await;
    if result.is_err() {
        FILES.with(|f| f.forget(&url));
    }
    result
}

// ------------------------------------------------------------ the client

/// A running worker.
struct Running {
    worker: web_sys::Worker,
    ready: bool,
    /// Messages sent before `ready`.
    queue: Vec<JsValue>,
    /// What this worker has confirmed loading.
    loaded: Vec<(DataSet, Split)>,
    _listeners: [Closure<dyn FnMut(web_sys::Event)>; 2],
}

struct Inner {
    assets: LabAssets,
    on_event: Box<dyn Fn(Event)>,
    worker: RefCell<Option<Running>>,
    next_id: Cell<JobId>,
    /// The job the worker is on (0: none).
    current: Cell<JobId>,
    ended: Cell<bool>,
}

/// The page's handle on one worker. Cloning shares it.
#[derive(Clone)]
pub struct Client {
    inner: Rc<Inner>,
}

impl Client {
    /// A client of the page's own build that reports every event of its
    /// worker to `on_event`. No worker starts until the first request.
    pub fn new(on_event: impl Fn(Event) + 'static) -> Client {
        Client::with_assets(LabAssets::OfPage, on_event)
    }

    /// A client of the lab files `assets` names (the component tests: `dist/`).
    pub fn with_assets(assets: LabAssets, on_event: impl Fn(Event) + 'static) -> Client {
        Client {
            inner: Rc::new(Inner {
                assets,
                on_event: Box::new(on_event),
                worker: RefCell::new(None),
                next_id: Cell::new(1),
                current: Cell::new(0),
                ended: Cell::new(false),
            }),
        }
    }

    /// Trains as `settings` say: fetches the manifest and the data set (once per
    /// page), loads it into the worker (once per worker), then trains. A job
    /// under way is stopped first. Returns the new job's id.
    pub fn train(&self, settings: TrainSettings) -> JobId {
        self.start(
            move |id| Request::Train { id, settings },
            Some(settings.set),
        )
    }

    /// Times `layer`'s standard, depthwise and pointwise steps.
    pub fn time(&self, layer: TimingLayer, options: TimingOptions) -> JobId {
        self.start(move |id| Request::TimeLayer { id, layer, options }, None)
    }

    /// Measures the compute roof.
    pub fn compute_peak(&self, options: TimingOptions) -> JobId {
        self.start(move |id| Request::ComputePeak { id, options }, None)
    }

    /// Measures the memory roof, reading `bytes`.
    pub fn memory_bandwidth(&self, bytes: u64, options: TimingOptions) -> JobId {
        self.start(
            move |id| Request::MemoryBandwidth { id, bytes, options },
            None,
        )
    }

    /// Times every layer of the sweep
    /// ([`sepconv_train::report::timeable_sweep_layers`]).
    pub fn sweep(&self, options: TimingOptions) -> JobId {
        self.start(move |id| Request::Sweep { id, options }, None)
    }

    /// Stops the job under way (it ends with `Stopped`, or `Done` if it was
    /// finishing).
    pub fn stop(&self) {
        let id = self.inner.current.get();
        if id != 0 {
            self.inner.send(&Request::Stop { id }, None);
        }
    }

    /// Ends the worker at once; the next request starts a new one.
    pub fn terminate(&self) {
        self.inner.terminate();
    }

    /// Ends the worker for good: later requests are ignored (a component's
    /// cleanup).
    pub fn end(&self) {
        self.inner.ended.set(true);
        self.inner.terminate();
    }

    /// A new job: stops the current one, then (once the manifest, and for a
    /// training the data, are in the worker) sends `request(id)`.
    fn start(
        &self,
        request: impl FnOnce(JobId) -> Request + 'static,
        data: Option<DataSet>,
    ) -> JobId {
        let inner = &self.inner;
        let id = inner.next_id.get();
        inner.next_id.set(id.wrapping_add(1).max(1));
        if inner.ended.get() {
            return id;
        }
        self.stop();
        inner.current.set(id);
        let weak = Rc::downgrade(inner);
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(message) = prepare(&weak, id, data).await {
                if let Some(inner) = weak.upgrade() {
                    if inner.current.get() == id {
                        inner.current.set(0);
                    }
                    (inner.on_event)(Event::Failed { id, message });
                }
                return;
            }
            if let Some(inner) = weak.upgrade().filter(|i| i.current.get() == id) {
                inner.send(&request(id), None);
            }
        });
        id
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.terminate();
    }
}

/// The worker started and `data` sent to it, unless job `id` was superseded
/// meanwhile (then nothing is sent and the job quietly ends).
async fn prepare(weak: &Weak<Inner>, id: JobId, data: Option<DataSet>) -> Result<(), String> {
    let assets = match weak.upgrade() {
        Some(inner) => inner.assets.clone(),
        None => return Ok(()),
    };
    let manifest = lab_manifest(&assets).await?;
    let live = || {
        weak.upgrade()
            .filter(|i| i.current.get() == id && !i.ended.get())
    };
    let Some(inner) = live() else { return Ok(()) };
    inner.spawn(&manifest)?;
    drop(inner);
    let Some(set) = data else { return Ok(()) };
    for split in Split::ALL {
        let file = manifest
            .file(set, split)
            .ok_or_else(|| format!("this build has no {} {} data", set.name(), split.name()))?;
        let loaded = live().is_some_and(|i| i.has_loaded(set, split));
        if loaded {
            continue;
        }
        let bytes = file_bytes(&assets, file).await?;
        let Some(inner) = live() else { return Ok(()) };
        inner.send(
            &Request::Load {
                id,
                set,
                split,
                checksum: file.checksum,
            },
            Some(&bytes),
        );
    }
    Ok(())
}

impl Inner {
    fn has_loaded(&self, set: DataSet, split: Split) -> bool {
        self.worker
            .borrow()
            .as_ref()
            .is_some_and(|r| r.loaded.contains(&(set, split)))
    }

    /// Starts the worker unless it runs.
    fn spawn(self: &Rc<Self>, manifest: &Manifest) -> Result<(), String> {
        if self.worker.borrow().is_some() {
            return Ok(());
        }
        let options = Object::new();
        let _ = Reflect::set(&options, &"type".into(), &"module".into());
        let url = self.assets.url(&manifest.worker);
        let worker = web_sys::Worker::new_with_options(&url, options.unchecked_ref())
            .map_err(|e| format!("the browser could not start a worker: {}", message(&e)))?;
        let weak = Rc::downgrade(self);
        let on_message = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            if let Some(inner) = weak.upgrade() {
                inner.receive(&get(&event, "data"));
            }
        });
        let weak = Rc::downgrade(self);
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            // Handled here: the reader gets the message, not the console.
            event.prevent_default();
            if let Some(inner) = weak.upgrade() {
                let what = get(&event, "message")
                    .as_string()
                    .unwrap_or_else(|| format!("{url} could not be loaded"));
                inner.fail(format!("the worker stopped: {what}"));
            }
        });
        for (name, listener) in [("message", &on_message), ("error", &on_error)] {
            let _ =
                worker.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
        }
        *self.worker.borrow_mut() = Some(Running {
            worker,
            ready: false,
            queue: Vec::new(),
            loaded: Vec::new(),
            _listeners: [on_message, on_error],
        });
        Ok(())
    }

    /// Posts `request` (with a load's bytes), or queues it until `ready`.
    fn send(&self, request: &Request, bytes: Option<&JsValue>) {
        let message = to_object(request, bytes);
        let mut worker = self.worker.borrow_mut();
        let Some(running) = worker.as_mut() else {
            return;
        };
        if running.ready {
            let _ = call(&running.worker, "postMessage", Some(&message));
        } else {
            running.queue.push(message);
        }
    }

    fn receive(&self, data: &JsValue) {
        let event = match Event::read(&JsFields(data)) {
            Ok(event) => event,
            Err(e) => Event::Failed {
                id: 0,
                message: format!("a message from the worker could not be read: {e}"),
            },
        };
        match &event {
            Event::Ready { .. } => {
                if let Some(running) = self.worker.borrow_mut().as_mut() {
                    running.ready = true;
                    for message in running.queue.drain(..) {
                        let _ = call(&running.worker, "postMessage", Some(&message));
                    }
                }
            }
            Event::Loaded { set, split, .. } => {
                if let Some(running) = self.worker.borrow_mut().as_mut() {
                    running.loaded.push((*set, *split));
                }
            }
            // The worker itself failed: the job under way fails with it.
            Event::Failed { id: 0, message } => {
                return self.fail(message.clone());
            }
            _ => {}
        }
        if event.ends_job() && event.id() == self.current.get() {
            self.current.set(0);
        }
        (self.on_event)(event);
    }

    /// Ends a broken worker; the job under way fails with `message`.
    fn fail(&self, message: String) {
        let id = self.current.get();
        self.terminate();
        (self.on_event)(Event::Failed { id, message });
    }

    fn terminate(&self) {
        if let Some(running) = self.worker.borrow_mut().take() {
            let _ = call(&running.worker, "terminate", None);
        }
        self.current.set(0);
    }
}
