//! The lab worker's messages as the JSON that WebDriver passes to and from the
//! page: what the end-to-end tests and the bench post and read.

use sepconv_worker::manifest::Manifest;
use sepconv_worker::protocol::{DataSet, Field, Fields, Message, Request, Split};
use serde_json::{json, Value};

/// A message as the JSON object `postMessage` gets.
pub fn to_json(message: Message) -> Value {
    let mut object = json!({});
    for (key, field) in message {
        object[key] = match field {
            Field::Number(n) => json!(n),
            Field::Text(t) => json!(t),
        };
    }
    object
}

/// A load of `set`'s `split` as the page's client sends it: the message and the
/// packed file to attach, `{"message", "file"}` (`checksum_xor` other than 0
/// spoils the checksum, for a load the worker must refuse).
pub fn load_step(
    manifest: &Manifest,
    id: u32,
    set: DataSet,
    split: Split,
    checksum_xor: u32,
) -> Result<Value, String> {
    let file = manifest.file(set, split).ok_or(format!(
        "the manifest has no {} {}",
        set.name(),
        split.name()
    ))?;
    let request = Request::Load {
        id,
        set,
        split,
        checksum: file.checksum ^ checksum_xor,
    };
    Ok(json!({"message": to_json(request.write()), "file": file.file}))
}

/// A JSON object's fields, for `Event::read`.
pub struct JsonFields<'a>(pub &'a Value);

impl Fields for JsonFields<'_> {
    fn field(&self, key: &str) -> Option<Field> {
        match self.0.get(key)? {
            Value::Number(n) => n.as_f64().map(Field::Number),
            Value::String(s) => Some(Field::Text(s.clone())),
            _ => None,
        }
    }
}
