//! The worker: reads requests from the page, runs the session's jobs in slices
//! and posts their events. Built for wasm32 by `cargo xtask build`; the page
//! starts it as a module worker (`sepconv-worker-<hash>.js`, whose first lines
//! load this module and post a `failed` event if it cannot start).

#[cfg(target_arch = "wasm32")]
mod glue {
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;

    use js_sys::{Object, Reflect, Uint8Array};
    use sepconv_worker::protocol::{self, Event, Field, Fields, Request};
    use sepconv_worker::session::Session;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageChannel, MessageEvent};

    /// A message object's fields.
    struct JsFields<'a>(&'a JsValue);

    impl Fields for JsFields<'_> {
        fn field(&self, key: &str) -> Option<Field> {
            let value = Reflect::get(self.0, &JsValue::from_str(key)).ok()?;
            if let Some(n) = value.as_f64() {
                Some(Field::Number(n))
            } else {
                value.as_string().map(Field::Text)
            }
        }
    }

    fn scope() -> DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    fn post(event: &Event) {
        let object = Object::new();
        for (key, value) in event.write() {
            let value = match value {
                Field::Number(n) => JsValue::from_f64(n),
                Field::Text(t) => JsValue::from_str(&t),
            };
            let _ = Reflect::set(&object, &JsValue::from_str(key), &value);
        }
        let _ = scope().post_message(&object);
    }

    fn now() -> f64 {
        scope().performance().map_or(0.0, |p| p.now())
    }

    /// Installs the handlers and says it is ready.
    pub fn start() {
        // A bug must reach the page as a message, not as a silent trap.
        std::panic::set_hook(Box::new(|info| {
            post(&Event::Failed {
                id: 0,
                message: format!("the worker failed: {info}"),
            })
        }));
        let session = Rc::new(RefCell::new(Session::new()));
        // A slice is scheduled by a message to ourselves: unlike a timeout it is
        // not clamped, and the page's messages queued meanwhile come first.
        let Ok(channel) = MessageChannel::new() else {
            post(&Event::Failed {
                id: 0,
                message: "this browser's workers have no MessageChannel".into(),
            });
            return;
        };
        let scheduled = Rc::new(Cell::new(false));
        let schedule = {
            let (port, scheduled) = (channel.port2(), scheduled.clone());
            move || {
                if !scheduled.replace(true) {
                    let _ = port.post_message(&JsValue::NULL);
                }
            }
        };
        let slice = {
            let (session, scheduled, schedule) = (session.clone(), scheduled, schedule.clone());
            Closure::<dyn FnMut()>::new(move || {
                scheduled.set(false);
                let events = session.borrow_mut().run_slice(&mut now);
                events.iter().for_each(post);
                if session.borrow().busy() {
                    schedule();
                }
            })
        };
        channel
            .port1()
            .set_onmessage(Some(slice.as_ref().unchecked_ref()));
        slice.forget();
        let receive = Closure::<dyn FnMut(MessageEvent)>::new(move |message: MessageEvent| {
            let data = message.data();
            let events = match Request::read(&JsFields(&data)) {
                Ok(request) => {
                    let bytes = matches!(request, Request::Load { .. })
                        .then(|| Reflect::get(&data, &JsValue::from_str(protocol::BYTES)).ok())
                        .flatten()
                        .filter(|b| b.is_instance_of::<js_sys::ArrayBuffer>())
                        .map(|b| Uint8Array::new(&b).to_vec());
                    session
                        .borrow_mut()
                        .handle(request, bytes.as_deref(), now())
                }
                Err(e) => vec![Event::Failed {
                    id: JsFields(&data)
                        .field("id")
                        .and_then(|f| match f {
                            Field::Number(n) if n.fract() == 0.0 && (0.0..4e9).contains(&n) => {
                                Some(n as u32)
                            }
                            _ => None,
                        })
                        .unwrap_or(0),
                    message: e.to_string(),
                }],
            };
            events.iter().for_each(post);
            if session.borrow().busy() {
                schedule();
            }
        });
        scope().set_onmessage(Some(receive.as_ref().unchecked_ref()));
        receive.forget();
        post(&Event::Ready {
            simd: cfg!(target_feature = "simd128"),
        });
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    glue::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "sepconv-worker runs in a browser's Web Worker: `cargo xtask build` builds it into dist/"
    );
    std::process::exit(2);
}
