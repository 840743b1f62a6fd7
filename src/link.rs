//! The link: everything the page's state puts in the query string, read once
//! when the page opens and written back in one place. The keys are a public
//! contract (teachers' links must keep working), listed once in [`KEYS`] and
//! documented in the README's URL tables; a test checks the two agree.
//!
//! Each part of the page reads only its own keys (its reader is in its own
//! module: `Controls::read`, `PageMode::read`, `Explorer::read`,
//! `practice::read_seed`) and says what it writes. The explorer's keys are
//! kept as they came until the explorer arrives (it is fetched with the
//! sections below the first screen) and reads them itself: its reader stays
//! out of the first load. Adding a parameter touches
//! its part's reader and writer and the table, nothing else.

use crate::controls::Controls;
use crate::embed::PageMode;
use crate::practice::{self, ExerciseSource};

/// Which part of the page a key belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// The layer being explained (and how its numbers are written).
    Layer,
    /// How the page is shown: embed, controls, presenter mode, theme.
    Page,
    /// The whole-network explorer.
    Explorer,
    /// The exercise.
    Exercise,
    /// The animation's starting frame.
    Animation,
    /// The lab's live run: data set, width, seed.
    Lab,
}

/// One URL parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// Its name in the query string.
    pub name: &'static str,
    /// The part that reads and writes it.
    pub owner: Owner,
    /// Whether "open the whole page" from an embed keeps it.
    pub whole_page: bool,
}

const fn key(name: &'static str, owner: Owner, whole_page: bool) -> Key {
    Key {
        name,
        owner,
        whole_page,
    }
}

/// Every key the page reads, in the order the page writes them.
pub const KEYS: [Key; 30] = [
    key("k", Owner::Layer, true),
    key("m", Owner::Layer, true),
    key("n", Owner::Layer, true),
    key("h", Owner::Layer, true),
    key("w", Owner::Layer, true),
    key("s", Owner::Layer, true),
    key("dm", Owner::Layer, true),
    key("pad", Owner::Layer, true),
    key("bias", Owner::Layer, true),
    key("notation", Owner::Layer, true),
    key("scale", Owner::Layer, true),
    key("embed", Owner::Page, false),
    key("controls", Owner::Page, false),
    key("theme", Owner::Page, false),
    key("caption", Owner::Page, false),
    key("reveal", Owner::Page, false),
    key("png", Owner::Page, false),
    key("net", Owner::Explorer, true),
    key("alpha", Owner::Explorer, true),
    key("res", Owner::Explorer, true),
    key("conv", Owner::Explorer, true),
    key("top", Owner::Explorer, true),
    key("sort", Owner::Explorer, true),
    key("anim", Owner::Animation, true),
    key("at", Owner::Animation, true),
    key("ex", Owner::Exercise, true),
    key("data", Owner::Lab, true),
    key("width", Owner::Lab, true),
    key("seed", Owner::Lab, true),
    // Last, so a link ends in `&present` while presenter mode is on.
    key("present", Owner::Page, true),
];

/// The key named `name`, if the page reads it.
pub fn find(name: &str) -> Option<&'static Key> {
    KEYS.iter().find(|k| k.name == name)
}

/// A query string's `key=value` pairs, decoded.
pub type Pairs = Vec<(String, String)>;

/// Everything the link sets.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// The layer's controls.
    pub controls: Controls,
    /// How the page is shown.
    pub mode: PageMode,
    /// The explorer's pairs: as the link gave them until the explorer reads
    /// them (`Explorer::read`), then as it writes them (`Explorer::pairs`).
    pub explorer: Pairs,
    /// The animation's pairs, likewise: as given until the animation reads
    /// them (`timeline::Start::read`), then as it writes them.
    pub animation: Pairs,
    /// The exercise the link sets (a number, or the link's layer), if it
    /// names a valid one.
    pub exercise: Option<ExerciseSource>,
    /// The lab's pairs, likewise: as given until the lab reads them
    /// (`lab::run::RunSettings::read`), then as it writes them.
    pub lab: Pairs,
    /// Parameters the page does not read, kept as they came.
    pub others: Pairs,
}

/// What in a link could not be used, by the part that shows the note.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Notes {
    /// Notes on the layer's values (shown by the controls).
    pub layer: Vec<String>,
    /// Notes on how the page is shown (shown at the top).
    pub page: Vec<String>,
    /// Notes on the exercise's number.
    pub exercise: Vec<String>,
}

impl Link {
    /// Reads a query string (with or without its `?`). Each part reads only
    /// its own keys; a value that cannot be used is replaced and noted.
    pub fn read(query: &str) -> (Link, Notes) {
        let all = pairs(query);
        let owned = |owner: Owner| -> Pairs {
            all.iter()
                .filter(|(k, _)| find(k).is_some_and(|key| key.owner == owner))
                .cloned()
                .collect()
        };
        let (controls, layer) = Controls::read(&owned(Owner::Layer));
        let (mode, page) = PageMode::read(&owned(Owner::Page));
        let explorer = owned(Owner::Explorer);
        let animation = owned(Owner::Animation);
        let (exercise_source, exercise) = practice::read_seed(&owned(Owner::Exercise));
        let lab = owned(Owner::Lab);
        // A pair without a key (`&=x&`) means nothing and is dropped.
        let others = all
            .into_iter()
            .filter(|(k, _)| !k.is_empty() && find(k).is_none())
            .collect();
        let link = Link {
            controls,
            mode,
            explorer,
            animation,
            exercise: exercise_source,
            lab,
            others,
        };
        let notes = Notes {
            layer,
            page,
            exercise,
        };
        (link, notes)
    }

    /// Every pair the page writes, in [`KEYS`] order, then the others.
    fn pairs(&self) -> Pairs {
        // Built in order, not sorted: each sort is kilobytes of first load.
        let mut written: Pairs = self.controls.pairs();
        written.extend(self.mode.pairs());
        written.extend(self.explorer.iter().cloned());
        written.extend(self.animation.iter().cloned());
        written.extend(
            self.exercise
                .map(|e| (practice::KEY.to_string(), e.value())),
        );
        written.extend(self.lab.iter().cloned());
        if self.mode.present {
            written.push(("present".to_string(), String::new()));
        }
        written.extend(self.others.iter().cloned());
        written
    }

    /// The query string for this state: every value of the layer (so a link
    /// keeps its meaning even if a default changes), the page's mode where it
    /// is not the default, the explorer's, the exercise and the rest.
    pub fn query(&self) -> String {
        join(&self.pairs())
    }

    /// The query string of the whole page in the same state: an embed's "open
    /// in Sepconv" drops what only an embed needs.
    pub fn whole_page_query(&self) -> String {
        let kept: Pairs = self
            .pairs()
            .into_iter()
            .filter(|(k, _)| find(k).is_none_or(|key| key.whole_page))
            .collect();
        join(&kept)
    }
}

/// `?a=1&b=2` from pairs; `""` for none. A flag such as `present` stays bare.
fn join(pairs: &[(String, String)]) -> String {
    if pairs.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = pairs
        .iter()
        .map(|(k, v)| match v.as_str() {
            "" => encode(k),
            _ => format!("{}={}", encode(k), encode(v)),
        })
        .collect();
    format!("?{}", parts.join("&"))
}

/// A value echoed in a note: cut after 24 characters, so no link can flood
/// the page. (Notes are text nodes: a control character in one is harmless,
/// unlike in the CLI's one-line messages, which escape them.)
pub fn echo(value: &str) -> String {
    const MAX: usize = 24;
    if value.chars().count() <= MAX {
        value.to_string()
    } else {
        value.chars().take(MAX).collect::<String>() + "…"
    }
}

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
pub fn pairs(query: &str) -> Pairs {
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

/// Percent-encodes everything but unreserved characters (and commas, which
/// separate the sections of `embed`).
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
    use crate::embed::Section;
    use crate::explorer::{Explorer, SortBy};
    use crate::lab::run::RunSettings;
    use sepconv_calc::{Bias, LayerSpec, Notation, Padding};

    #[test]
    fn no_key_is_claimed_twice() {
        for (i, key) in KEYS.iter().enumerate() {
            assert!(
                KEYS[i + 1..].iter().all(|k| k.name != key.name),
                "{} twice",
                key.name
            );
        }
    }

    #[test]
    fn the_page_writes_its_keys_in_the_tables_order() {
        let (link, _) = Link::read("?present&ex=3&theme=dark&net=v2&embed=charts&k=5&utm=1");
        let written = link.pairs();
        let positions: Vec<usize> = written
            .iter()
            .filter_map(|(k, _)| KEYS.iter().position(|key| key.name == k))
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{written:?}");
        assert_eq!(written.last().map(|p| p.0.as_str()), Some("utm"));
    }

    #[test]
    fn each_part_writes_only_its_own_keys() {
        let (link, _) = Link::read("?embed=charts&controls=locked&theme=dark&present&ex=3");
        let parts: [(Owner, Pairs); 5] = [
            (Owner::Layer, link.controls.pairs()),
            (Owner::Page, link.mode.pairs()),
            (Owner::Explorer, Explorer::default().pairs()),
            (
                Owner::Exercise,
                vec![(practice::KEY.to_string(), "3".to_string())],
            ),
            (Owner::Lab, RunSettings::default().pairs()),
        ];
        for (owner, pairs) in parts {
            assert!(!pairs.is_empty());
            for (k, _) in pairs {
                assert_eq!(find(&k).map(|key| key.owner), Some(owner), "{k}");
            }
        }
    }

    /// The keys in the README's tables under "Links: the URL parameters".
    fn readme_keys() -> Vec<String> {
        let readme = include_str!("../README.md");
        let start = readme
            .find("## Links: the URL parameters")
            .expect("the README documents the URL parameters");
        let section = &readme[start..];
        let end = section[3..].find("\n## ").map_or(section.len(), |i| i + 3);
        section[..end]
            .lines()
            .filter(|l| l.starts_with("| `"))
            .flat_map(|l| {
                let first = l.split('|').nth(1).unwrap_or_default();
                first
                    .split('`')
                    .skip(1)
                    .step_by(2)
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn the_readme_documents_every_key_and_no_other() {
        let documented = readme_keys();
        for key in KEYS {
            assert!(
                documented.iter().any(|d| d == key.name),
                "{} is not in the README",
                key.name
            );
        }
        for name in &documented {
            assert!(
                find(name).is_some(),
                "the README documents {name}, which the page does not read"
            );
        }
    }

    fn read(query: &str) -> Link {
        Link::read(query).0
    }

    #[test]
    fn read_after_write_is_the_identity() {
        let defaults = read("");
        assert_eq!(read(&defaults.query()), defaults);
        let mut changed = read("");
        changed.controls.layer = LayerSpec {
            kernel_height: 5,
            kernel_width: 5,
            in_channels: 32,
            out_channels: 64,
            height: 28,
            width: 14,
            stride: 2,
            padding: Padding::Same,
            bias: Bias::PointwiseOnly,
            depth_multiplier: 2,
            ..LayerSpec::lecture_example()
        };
        changed.controls.notation = Notation::Paper;
        changed.controls.log_scale = true;
        changed.mode.embed = Some(vec![Section::Charts, Section::Animation]);
        changed.mode.present = true;
        changed.mode.scheme = Some(crate::theme::Scheme::Dark);
        changed.mode.controls = crate::embed::ControlsMode::Locked;
        changed.mode.caption = false;
        changed.mode.held_back = crate::embed::HeldBack::BOTH;
        changed.mode.png = false;
        changed.explorer = Explorer {
            alpha: 50,
            resolution: 160,
            sort: SortBy::Macs,
            classifier: false,
            ..Explorer::default()
        }
        .pairs();
        changed.exercise = Some(ExerciseSource::Seed(4821));
        changed.lab = RunSettings {
            data: crate::lab::LabData::Digits,
            alpha: 0.5,
            seed: 7,
        }
        .pairs();
        changed.others = vec![("utm".into(), "a b".into())];
        let written = changed.query();
        assert_eq!(read(&written), changed, "{written}");
        assert!(written.ends_with("&present&utm=a%20b"), "{written}");
        // A posed exercise reads back as posed.
        changed.exercise = Some(ExerciseSource::Layer);
        let written = changed.query();
        assert!(written.contains("&ex=layer&"), "{written}");
        assert_eq!(read(&written), changed, "{written}");
    }

    /// Every example link the README and the sample course notes give.
    fn documented_links() -> Vec<String> {
        let texts = [
            include_str!("../README.md"),
            include_str!("../examples/course-notes.html"),
        ];
        let mut links = Vec::new();
        for text in texts {
            for (i, _) in text.match_indices('?') {
                let link: String = text[i..]
                    .chars()
                    .take_while(|c| !matches!(c, '`' | '"' | ' ' | '\'' | ')' | '<' | '#'))
                    .collect();
                let real = link.contains('=') && !link.ends_with('=');
                if real || link.starts_with("?present") {
                    links.push(link.replace("&amp;", "&"));
                }
            }
        }
        links
    }

    #[test]
    fn every_documented_link_opens_the_state_it_writes() {
        let links = documented_links();
        assert!(links.len() >= 10, "{links:?}");
        for link in links {
            let (state, notes) = Link::read(&link);
            assert!(notes == Notes::default(), "{link}: {notes:?}");
            assert_eq!(read(&state.query()), state, "{link}");
        }
    }

    #[test]
    fn documented_links_keep_their_meaning() {
        // The forum's exercise: a 6×6 input from the lecture example.
        let forum = read("?k=3&m=3&n=128&bias=both");
        assert_eq!(
            (
                forum.controls.layer.out_channels,
                forum.controls.layer.height
            ),
            (128, 6)
        );
        assert_eq!(forum.controls.layer.bias, Bias::Both);
        let half = read("?alpha=0.5&res=160");
        let (explorer, _) = Explorer::read(&half.explorer);
        assert_eq!((explorer.alpha, explorer.resolution), (50, 160));
        assert_eq!(half.controls.spec(), Controls::default().spec());
        assert_eq!(read("?ex=4821").exercise, Some(ExerciseSource::Seed(4821)));
        let embed = read("?embed=charts,animation&k=5&m=32&n=64&controls=none");
        assert_eq!(
            embed.mode.embed,
            Some(vec![Section::Charts, Section::Animation])
        );
        assert!(!embed.mode.controls.editable());
    }

    #[test]
    fn the_whole_page_drops_what_only_an_embed_needs() {
        let link = read(
            "?embed=charts&k=5&controls=none&theme=dark&caption=off&reveal=yes&png=off&ex=layer&present&utm=x",
        );
        let whole = link.whole_page_query();
        for embed_only in ["embed", "controls=", "theme", "caption", "reveal", "png"] {
            assert!(!whole.contains(embed_only), "{embed_only} in {whole}");
        }
        // The posed exercise goes along: the whole page sets the same one.
        assert!(whole.contains("&ex=layer&"), "{whole}");
        assert!(
            whole.contains("k=5") && whole.ends_with("&present&utm=x"),
            "{whole}"
        );
    }

    #[test]
    fn unknown_keys_are_kept_and_bad_values_noted_by_their_part() {
        let (link, notes) = Link::read("?k=abc&net=v9&embed=graphs&ex=0&zzz=1");
        assert_eq!(link.others, vec![("zzz".to_string(), "1".to_string())]);
        assert_eq!(notes.layer.len(), 1);
        assert_eq!(
            Explorer::read(&link.explorer).1.len(),
            1,
            "the explorer notes its own"
        );
        assert_eq!(notes.page.len(), 2, "{:?}", notes.page);
        assert_eq!(notes.exercise.len(), 1);
    }

    #[test]
    fn the_forums_exercise_can_be_posed_by_a_link() {
        let (link, notes) = Link::read("?k=3&m=3&n=128&h=3&w=3&bias=both&ex=layer&embed=exercise");
        assert_eq!(notes, Notes::default());
        assert_eq!(link.exercise, Some(ExerciseSource::Layer));
        assert_eq!(link.controls.spec(), LayerSpec::forum_exercise());
        assert!(link.mode.captioned(true));
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
    use crate::controls::NumberField;
    use proptest::prelude::*;

    /// Query strings built from the page's keys, hostile values and noise.
    fn queries() -> impl Strategy<Value = String> {
        let key = prop::sample::select(KEYS.iter().map(|k| k.name).chain([""]).collect::<Vec<_>>());
        let value = prop_oneof![
            any::<String>(),
            "[0-9]{0,40}",
            "-?[0-9]{0,25}(\\.[0-9]{0,5})?(e[0-9]{1,3})?",
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
            let (link, notes) = Link::read(&query);
            // Every count the controls hold is a whole number ≥ 1: bad values
            // were replaced, never kept.
            for field in NumberField::ALL {
                prop_assert!(field.get(&link.controls) >= 1, "{:?}", field);
            }
            // A note echoes a value cut short, so no link can flood the page.
            let explorer = crate::explorer::Explorer::read(&link.explorer).1;
            for note in notes.layer.iter().chain(&notes.page).chain(&explorer).chain(&notes.exercise) {
                prop_assert!(note.chars().count() < 400, "{}", note);
            }
            // What the page writes reads the same.
            let (again, _) = Link::read(&link.query());
            prop_assert_eq!(again, link);
        }

        #[test]
        fn decoding_never_panics(text in any::<String>()) {
            let _ = percent_decode(&text);
            let _ = pairs(&text);
        }
    }
}
