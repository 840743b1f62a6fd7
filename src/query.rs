//! The controls in the URL's query string. The parameter names are a public
//! contract (teachers' links must keep working), documented in the README.

use sepconv_calc::Notation;

use crate::controls::{shorten, ChoiceField, Controls, NumberField, Preset};

/// Decodes `%XX` escapes and `+` as a space; invalid escapes stay as they are.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(byte) => {
                        out.push(byte);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The `key=value` pairs of a query string (with or without the leading `?`),
/// decoded, in order.
pub fn pairs(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            (percent_decode(key), percent_decode(value))
        })
        .collect()
}

/// Whether `key` sets a value of the layer (not how the page writes it).
fn is_layer_key(key: &str) -> bool {
    NumberField::ALL.iter().any(|f| f.key() == key)
        || [ChoiceField::Padding, ChoiceField::Bias]
            .iter()
            .any(|f| f.key() == key)
}

/// The controls a link starts from. A link that names none of the layer's
/// values opens the page's opening layer; one that names some takes the rest
/// from the lecture example, the opening layer when those links were written,
/// so `?k=3&m=3&n=128&bias=both` still means a 6×6 input.
pub fn link_base(pairs: &[(String, String)]) -> Controls {
    if pairs.iter().any(|(key, _)| is_layer_key(key)) {
        Preset::Lecture.controls(Notation::Course)
    } else {
        Controls::default()
    }
}

/// Reads the controls from a query string. Unknown parameters are left for other
/// sections; each bad value is replaced (the link's base value, or 1 for a zero)
/// and explained in a note.
pub fn read(query: &str) -> (Controls, Vec<String>) {
    let pairs = pairs(query);
    let base = link_base(&pairs);
    let mut controls = base;
    let mut notes = Vec::new();
    for (key, value) in pairs {
        if let Some(field) = NumberField::ALL.into_iter().find(|f| f.key() == key) {
            match field.parse(&value) {
                Ok(v) => field.set(&mut controls, v),
                Err(_) => {
                    let fallback = match value.trim() {
                        "0" => 1,
                        _ => field.get(&base),
                    };
                    field.set(&mut controls, fallback);
                    notes.push(format!(
                        "{key}={} is not {}; using {fallback}.",
                        shorten(&value),
                        field.noun()
                    ));
                }
            }
        } else if let Some(field) = ChoiceField::ALL.into_iter().find(|f| f.key() == key) {
            if !field.set(&mut controls, &value) {
                let allowed: Vec<&str> = field.options().iter().map(|(v, _)| *v).collect();
                notes.push(format!(
                    "{key}={} is not one of {}; using {}.",
                    shorten(&value),
                    allowed.join(", "),
                    field.get(&controls)
                ));
            }
        }
    }
    (controls, notes)
}

/// The query string for the controls, every control included so a link keeps
/// its meaning even if the defaults ever change. `extra` pairs (other sections'
/// state) are kept after them.
pub fn write(controls: &Controls, extra: &[(String, String)]) -> String {
    let mut parts: Vec<String> = NumberField::ALL
        .iter()
        .map(|f| format!("{}={}", f.key(), f.get(controls)))
        .collect();
    parts.extend(
        ChoiceField::ALL
            .iter()
            .map(|f| format!("{}={}", f.key(), f.get(controls))),
    );
    let ours = |key: &str| {
        NumberField::ALL.iter().any(|f| f.key() == key)
            || ChoiceField::ALL.iter().any(|f| f.key() == key)
    };
    parts.extend(
        extra
            .iter()
            .filter(|(k, _)| !ours(k))
            // A flag such as `present` stays a bare key.
            .map(|(k, v)| match v.as_str() {
                "" => encode(k),
                _ => format!("{}={}", encode(k), encode(v)),
            }),
    );
    format!("?{}", parts.join("&"))
}

/// `base` without the keys `sections` sets, then `sections`: the other sections'
/// current state replacing what the page was opened with.
pub fn updated(base: &[(String, String)], sections: &[(String, String)]) -> Vec<(String, String)> {
    base.iter()
        .filter(|(key, _)| !sections.iter().any(|(k, _)| k == key))
        .chain(sections)
        .cloned()
        .collect()
}

/// Percent-encodes everything but unreserved characters.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b',' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sepconv_calc::{Bias, LayerSpec, Notation};

    #[test]
    fn sections_state_replaces_what_the_page_opened_with() {
        let base = pairs("?k=5&net=v1&embed=charts&ex=12");
        let sections = pairs("net=v2&alpha=0.5&ex=13");
        assert_eq!(
            write(&Controls::default(), &updated(&base, &sections))
                .split_once("&embed")
                .map(|(_, rest)| rest),
            Some("=charts&net=v2&alpha=0.5&ex=13")
        );
    }

    #[test]
    fn forum_link() {
        let (c, notes) = read("?k=3&m=3&n=128&bias=both");
        assert!(notes.is_empty());
        let l = c.layer;
        assert_eq!(
            (
                l.kernel_height,
                l.kernel_width,
                l.in_channels,
                l.out_channels,
                l.bias
            ),
            (3, 3, 3, 128, Bias::Both)
        );
        // Unset parameters keep the lecture example's values.
        assert_eq!((l.height, l.width), (6, 6));
    }

    #[test]
    fn a_link_without_layer_values_opens_the_opening_layer() {
        for query in ["", "?", "?notation=paper&scale=log", "?embed=charts&ex=4"] {
            let (c, notes) = read(query);
            assert_eq!(c.spec(), LayerSpec::small_cnn_layer(), "{query}");
            assert!(notes.is_empty());
        }
        // Naming any layer value keeps the meaning links had before: the rest is
        // the lecture example.
        for query in ["?n=5", "?pad=valid", "?bias=none", "?dm=1", "?k=zzz"] {
            let (c, _) = read(query);
            assert_eq!(c.spec(), LayerSpec::lecture_example(), "{query}");
        }
    }

    #[test]
    fn round_trip() {
        let (c, _) =
            read("?k=5&m=32&n=64&h=28&w=14&s=2&pad=same&bias=pointwise&dm=2&notation=paper");
        assert_eq!(c.notation, Notation::Paper);
        let (again, notes) = read(&write(&c, &[]));
        assert_eq!(again, c);
        assert!(notes.is_empty());
        assert_eq!(
            write(&Controls::default(), &[]),
            "?k=3&m=16&n=32&h=16&w=16&s=1&dm=1&pad=same&bias=none&notation=course&scale=linear"
        );
    }

    #[test]
    fn bad_values_get_a_note_and_a_safe_value() {
        let (c, notes) =
            read("n=0&k=abc&m=-4&pad=diagonal&h=%3Cscript%3Ealert(1)%3C%2Fscript%3E&zzz=1");
        assert_eq!(c.layer.out_channels, 1);
        assert_eq!(c.layer.kernel_height, 3);
        assert_eq!(c.layer.in_channels, 3);
        assert_eq!(c.layer.height, 6);
        assert_eq!(
            notes,
            vec![
                "n=0 is not a channel count; using 1.",
                "k=abc is not a kernel size; using 3.",
                "m=-4 is not a channel count; using 3.",
                "pad=diagonal is not one of valid, same; using valid.",
                "h=<script>alert(1)</script… is not an input size; using 6.",
            ]
        );
        assert_eq!(
            c.spec(),
            LayerSpec {
                out_channels: 1,
                ..LayerSpec::lecture_example()
            }
        );
    }

    #[test]
    fn other_sections_parameters_are_kept() {
        let extra = pairs("?embed=charts&k=9&seed=a b");
        let query = write(&Controls::default(), &extra);
        assert!(query.ends_with("&embed=charts&seed=a%20b"), "{query}");
        assert!(!query.contains("k=9"));
        let flag = write(&Controls::default(), &pairs("?present&embed=charts"));
        assert!(flag.ends_with("&present&embed=charts"), "{flag}");
    }

    #[test]
    fn decoding() {
        assert_eq!(percent_decode("a%20b+c%zz%"), "a b c%zz%");
        assert_eq!(percent_decode("%E2%80%B2"), "′");
    }
}

// Native only: proptest is a native dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod hostile {
    use super::*;
    use crate::embed::PageMode;
    use crate::explorer::Explorer;
    use crate::practice;
    use proptest::prelude::*;

    /// Query strings built from the page's keys, hostile values and noise.
    fn queries() -> impl Strategy<Value = String> {
        let key = prop_oneof![
            Just("k"),
            Just("m"),
            Just("n"),
            Just("h"),
            Just("w"),
            Just("s"),
            Just("dm"),
            Just("pad"),
            Just("bias"),
            Just("notation"),
            Just("scale"),
            Just("net"),
            Just("alpha"),
            Just("res"),
            Just("conv"),
            Just("top"),
            Just("sort"),
            Just("ex"),
            Just("embed"),
            Just("controls"),
            Just("present"),
            Just("theme"),
            Just(""),
        ];
        let value = prop_oneof![
            any::<String>(),
            "[0-9]{0,40}",
            "-?[0-9]{0,25}(\\\\.[0-9]{0,5})?(e[0-9]{1,3})?",
            "(%[0-9A-Fa-f]{2}|%|[<>\"'&=+,#])*",
            Just("18446744073709551616".to_string()),
        ];
        prop::collection::vec((key, value), 0..12).prop_map(|pairs| {
            pairs
                .into_iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("&")
        })
    }

    proptest! {
        #[test]
        fn no_query_makes_a_reader_panic(query in queries()) {
            let (controls, mut notes) = read(&query);
            // Every count the controls hold is a whole number ≥ 1: bad values
            // were replaced, never kept.
            for field in NumberField::ALL {
                prop_assert!(field.get(&controls) >= 1, "{:?}", field);
            }
            notes.extend(PageMode::read(&query).1);
            let pairs = pairs(&query);
            notes.extend(Explorer::read(&pairs).1);
            notes.extend(practice::read_seed(&pairs).1);
            // A note echoes a value cut short, so no link can flood the page.
            for note in &notes {
                prop_assert!(note.chars().count() < 400, "{}", note);
            }
            // What the page writes back reads the same.
            let (again, _) = read(&write(&controls, &[]));
            prop_assert_eq!(again, controls);
        }

        #[test]
        fn decoding_never_panics(text in any::<String>()) {
            let _ = percent_decode(&text);
            let _ = pairs(&text);
        }
    }
}
