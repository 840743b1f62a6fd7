//! The lab worker's messages as the JSON that WebDriver passes to and from the
//! page: what the end-to-end tests and the bench post and read.

use sepconv_worker::protocol::{Field, Fields, Message};
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
