//! How the page is shown, from the URL: the whole page or an embed of some
//! sections (`embed=charts,animation`), whether the layer's controls are shown,
//! read-only or hidden (`controls=`), presenter mode (`present`), a fixed
//! colour scheme (`theme=`), and for course notes an embed's caption
//! (`caption=`), answers held back until asked for (`reveal=`) and the "Save
//! PNG" buttons (`png=`). Plain data, tested natively; the parameter names are
//! a public contract documented in the README.

use crate::link::echo;
use crate::theme::Scheme;

/// A part of the page that can be shown alone, by its stable id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    /// The short answers to the two questions.
    Answer,
    /// The layer's controls and presets.
    Controls,
    /// Readouts, charts, counts and the closed form.
    Cost,
    /// Only the two cost charts.
    Charts,
    /// The worked arithmetic.
    Derivation,
    /// The two steps, animated.
    Animation,
    /// The paper's evidence.
    Evidence,
    /// See it yourself: the lab's measured results and live training.
    Lab,
    /// W = P·D, interactively.
    Factorisation,
    /// Standard through grouped to depthwise.
    Groups,
    /// What it costs.
    Catch,
    /// Whole networks.
    Networks,
    /// Try it yourself.
    Exercise,
}

impl Section {
    /// Every section, in page order.
    pub const ALL: [Section; 13] = [
        Section::Answer,
        Section::Controls,
        Section::Cost,
        Section::Charts,
        Section::Derivation,
        Section::Animation,
        Section::Evidence,
        Section::Lab,
        Section::Factorisation,
        Section::Groups,
        Section::Catch,
        Section::Networks,
        Section::Exercise,
    ];

    /// "Why accuracy holds up": the sections under `#why`.
    pub const WHY: [Section; 4] = [
        Section::Answer,
        Section::Evidence,
        Section::Factorisation,
        Section::Groups,
    ];

    /// Where the section stands in [`Section::ALL`]. A match, so a new variant
    /// does not compile until it has a place, and a test checks `ALL` agrees.
    pub fn position(self) -> usize {
        match self {
            Section::Answer => 0,
            Section::Controls => 1,
            Section::Cost => 2,
            Section::Charts => 3,
            Section::Derivation => 4,
            Section::Animation => 5,
            Section::Evidence => 6,
            Section::Lab => 7,
            Section::Factorisation => 8,
            Section::Groups => 9,
            Section::Catch => 10,
            Section::Networks => 11,
            Section::Exercise => 12,
        }
    }

    /// The id: the element's id on the page and the name in `embed=`.
    pub fn id(self) -> &'static str {
        match self {
            Section::Controls => "controls",
            Section::Cost => "cost",
            Section::Charts => "charts",
            Section::Derivation => "derivation",
            Section::Animation => "animation",
            Section::Answer => "answer",
            Section::Evidence => "evidence",
            Section::Lab => "lab",
            Section::Factorisation => "factorisation",
            Section::Groups => "groups",
            Section::Catch => "catch",
            Section::Networks => "networks",
            Section::Exercise => "exercise",
        }
    }

    /// The sections an `embed=` name stands for: one, or the four under `why`.
    pub fn named(name: &str) -> Option<Vec<Section>> {
        match name {
            "why" => Some(Section::WHY.to_vec()),
            _ => Section::ALL
                .into_iter()
                .find(|s| s.id() == name)
                .map(|s| vec![s]),
        }
    }
}

impl Section {
    /// Whether the section shows the layer of the controls (so an embed of it
    /// states that layer in its caption). The answers, the paper's evidence,
    /// the lab and the networks do not; the exercise does only when it poses
    /// that layer.
    pub fn shows_the_layer(self) -> bool {
        !matches!(
            self,
            Section::Answer
                | Section::Evidence
                | Section::Lab
                | Section::Networks
                | Section::Exercise
        )
    }
}

/// The answers an embed holds back behind "Show the answer" until the reader
/// asks (`reveal=`), so a "your turn" in course notes does not give them away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HeldBack {
    /// The cost: readouts, charts, counts and closed form (`cost`, `charts`).
    pub cost: bool,
    /// The worked arithmetic (`derivation`).
    pub derivation: bool,
}

impl HeldBack {
    /// Both answers held back (`reveal=yes`).
    pub const BOTH: HeldBack = HeldBack {
        cost: true,
        derivation: true,
    };

    /// Reads a `reveal=` value: `yes` (both), `no` (none), or a comma-separated
    /// list of `cost` (or `charts`, the same answer) and `derivation`; `None`
    /// for anything else.
    fn parse(value: &str) -> Option<HeldBack> {
        match value.trim() {
            "yes" | "" => return Some(HeldBack::BOTH),
            "no" => return Some(HeldBack::default()),
            _ => {}
        }
        let mut held = HeldBack::default();
        for name in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            match name {
                "cost" | "charts" => held.cost = true,
                "derivation" => held.derivation = true,
                _ => return None,
            }
        }
        Some(held)
    }

    /// The `reveal=` value, `None` when nothing is held back: the names of
    /// the answers held back, comma-separated.
    pub fn value(self) -> Option<&'static str> {
        match (self.cost, self.derivation) {
            (true, true) => Some("cost,derivation"),
            (true, false) => Some("cost"),
            (false, true) => Some("derivation"),
            (false, false) => None,
        }
    }
}

/// `on` or `off` (and the usual spellings of each).
fn on_off(value: &str) -> Option<bool> {
    match value {
        "" | "1" | "true" | "on" | "yes" => Some(true),
        "0" | "false" | "off" | "no" => Some(false),
        _ => None,
    }
}

/// What happens to the layer's controls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ControlsMode {
    /// Shown and editable (the default).
    #[default]
    Shown,
    /// Shown read-only: the example stays fixed, its values visible.
    Locked,
    /// Not shown at all; the example stays fixed.
    Hidden,
}

impl ControlsMode {
    /// `controls=` values: (value, mode).
    pub const VALUES: [(&'static str, ControlsMode); 3] = [
        ("shown", ControlsMode::Shown),
        ("locked", ControlsMode::Locked),
        ("none", ControlsMode::Hidden),
    ];

    /// Whether the layer can be changed (controls, presets, their shortcuts).
    pub fn editable(self) -> bool {
        self == ControlsMode::Shown
    }
}

/// How the page is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageMode {
    /// `Some(sections)`: an embed of these (in page order), without header or
    /// footer. `None`: the whole page.
    pub embed: Option<Vec<Section>>,
    /// The layer's controls.
    pub controls: ControlsMode,
    /// Presenter mode at start.
    pub present: bool,
    /// A colour scheme fixed by the URL (embeds match their host page).
    pub scheme: Option<Scheme>,
    /// An embed's caption stating its layer (on unless `caption=off`).
    pub caption: bool,
    /// The answers held back until the reader asks for them.
    pub held_back: HeldBack,
    /// The "Save PNG" buttons (shown unless `png=off`).
    pub png: bool,
}

impl Default for PageMode {
    /// The whole page, controls shown, the reader's theme; caption and PNG
    /// buttons on, nothing held back.
    fn default() -> Self {
        PageMode {
            embed: None,
            controls: ControlsMode::default(),
            present: false,
            scheme: None,
            caption: true,
            held_back: HeldBack::default(),
            png: true,
        }
    }
}

impl PageMode {
    /// Reads the mode from a link's page pairs; each value that cannot be used
    /// is explained in a note and ignored.
    pub fn read(pairs: &[(String, String)]) -> (PageMode, Vec<String>) {
        let mut mode = PageMode::default();
        let mut notes = Vec::new();
        for (key, value) in pairs {
            let value = value.clone();
            match key.as_str() {
                "embed" => {
                    let mut sections = Vec::new();
                    let mut unknown = Vec::new();
                    for name in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                        match Section::named(name) {
                            Some(found) => sections.extend(found),
                            None => unknown.push(echo(name)),
                        }
                    }
                    if !unknown.is_empty() {
                        notes.push(format!(
                            "embed: no section called {}; the sections are {}, and why.",
                            unknown.join(", "),
                            Section::ALL.map(Section::id).join(", ")
                        ));
                    }
                    if sections.is_empty() {
                        notes.push("embed names no section, so every section is shown.".into());
                        sections = Section::ALL.to_vec();
                    }
                    mode.embed = Some(sections);
                }
                "controls" => match ControlsMode::VALUES.iter().find(|(v, _)| *v == value) {
                    Some((_, m)) => mode.controls = *m,
                    None => notes.push(format!(
                        "controls={} is not one of shown, locked, none; the controls are shown.",
                        echo(&value)
                    )),
                },
                "present" | "caption" | "png" => {
                    let (flag, otherwise) = match key.as_str() {
                        "present" => (&mut mode.present, "presenter mode is off"),
                        "caption" => (&mut mode.caption, "the caption is shown"),
                        _ => (&mut mode.png, "the Save PNG buttons are shown"),
                    };
                    match on_off(&value) {
                        Some(on) => *flag = on,
                        None => notes.push(format!(
                            "{key}={} is not on or off; {otherwise}.",
                            echo(&value)
                        )),
                    }
                }
                "reveal" => match HeldBack::parse(&value) {
                    Some(held) => mode.held_back = held,
                    None => notes.push(format!(
                        "reveal={} does not name the answers to hold back (cost, derivation, or yes for both); nothing is held back.",
                        echo(&value)
                    )),
                },
                "theme" => match Scheme::parse(&value) {
                    Some(s) => mode.scheme = Some(s),
                    None if value == "auto" => mode.scheme = None,
                    None => notes.push(format!(
                        "theme={} is not one of light, dark, auto; the theme follows your setting.",
                        echo(&value)
                    )),
                },
                _ => {}
            }
        }
        (mode, notes)
    }

    /// The link's pairs for the mode, where it is not the default; presenter
    /// mode is written last of all by the link (`Link::query`).
    pub fn pairs(&self) -> Vec<(String, String)> {
        let mut pairs = Vec::new();
        if let Some(sections) = &self.embed {
            let ids: Vec<&str> = sections.iter().map(|s| s.id()).collect();
            pairs.push(("embed".to_string(), ids.join(",")));
        }
        if let Some((value, _)) = ControlsMode::VALUES
            .iter()
            .find(|(_, m)| *m == self.controls && *m != ControlsMode::Shown)
        {
            pairs.push(("controls".to_string(), value.to_string()));
        }
        if let Some(scheme) = self.scheme {
            pairs.push(("theme".to_string(), scheme.name().to_string()));
        }
        if !self.caption {
            pairs.push(("caption".to_string(), "off".to_string()));
        }
        if let Some(value) = self.held_back.value() {
            pairs.push(("reveal".to_string(), value.to_string()));
        }
        if !self.png {
            pairs.push(("png".to_string(), "off".to_string()));
        }
        pairs
    }

    /// Whether the page carries a caption stating its layer: an embed (the
    /// whole page shows the controls) of a section that shows the layer, or of
    /// an exercise posing it (`posed`), unless `caption=off`.
    pub fn captioned(&self, posed: bool) -> bool {
        let shows_layer = |s: Section| {
            self.shows(s) && (s.shows_the_layer() || (s == Section::Exercise && posed))
        };
        self.caption && self.embed.is_some() && Section::ALL.into_iter().any(shows_layer)
    }

    /// Whether `section` is on the page: in the embed, or on the whole page;
    /// hidden controls never are.
    pub fn shows(&self, section: Section) -> bool {
        if section == Section::Controls && self.controls == ControlsMode::Hidden {
            return false;
        }
        self.embed
            .as_ref()
            .is_none_or(|list| list.contains(&section))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_mode(query: &str) -> (PageMode, Vec<String>) {
        PageMode::read(&crate::link::pairs(query))
    }

    /// The sections a mode shows, in page order.
    fn shown(mode: &PageMode) -> Vec<Section> {
        Section::ALL
            .into_iter()
            .filter(|s| mode.shows(*s))
            .collect()
    }

    #[test]
    fn whole_page_by_default() {
        let (mode, notes) = read_mode("?k=3&m=3");
        assert_eq!(mode, PageMode::default());
        assert!(notes.is_empty());
        assert_eq!(shown(&mode), Section::ALL.to_vec());
    }

    #[test]
    fn embed_shows_only_its_sections() {
        let (mode, notes) = read_mode("?embed=animation,charts&k=5");
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(shown(&mode), vec![Section::Charts, Section::Animation]);
    }

    #[test]
    fn why_stands_for_its_four_sections() {
        let (mode, _) = read_mode("embed=catch%2Cwhy");
        assert_eq!(
            shown(&mode),
            vec![
                Section::Answer,
                Section::Evidence,
                Section::Factorisation,
                Section::Groups,
                Section::Catch
            ]
        );
    }

    #[test]
    fn every_section_is_in_all_in_its_place() {
        for (i, s) in Section::ALL.into_iter().enumerate() {
            assert_eq!(s.position(), i, "{s:?}");
        }
        // A variant placed past the end of ALL is missing from it.
        let places: Vec<usize> = Section::ALL.map(Section::position).to_vec();
        assert_eq!(places, (0..Section::ALL.len()).collect::<Vec<_>>());
    }

    #[test]
    fn every_section_has_a_unique_id_that_names_it() {
        for s in Section::ALL {
            assert_eq!(Section::named(s.id()), Some(vec![s]));
            assert_eq!(Section::ALL.iter().filter(|o| o.id() == s.id()).count(), 1);
        }
        // Sections still being built embed by id like the rest.
        let (mode, notes) = read_mode("?embed=networks,exercise");
        assert!(notes.is_empty());
        assert_eq!(shown(&mode), vec![Section::Networks, Section::Exercise]);
    }

    #[test]
    fn unknown_sections_get_a_note_and_never_a_blank_page() {
        let (mode, notes) = read_mode("?embed=charts,<b>x</b>,graphs");
        assert_eq!(shown(&mode), vec![Section::Charts]);
        assert_eq!(notes.len(), 1);
        assert!(
            notes[0].starts_with(
                "embed: no section called <b>x</b>, graphs; the sections are answer, controls, cost, charts,"
            ),
            "{}",
            notes[0]
        );

        let (mode, notes) = read_mode("?embed=nothing");
        assert!(mode.embed.is_some());
        assert_eq!(shown(&mode), Section::ALL.to_vec());
        assert_eq!(notes.len(), 2);
        assert!(notes[1].contains("every section is shown"));
        let (mode, _) = read_mode("?embed=");
        assert_eq!(shown(&mode).len(), Section::ALL.len());
    }

    #[test]
    fn controls_hidden_or_locked() {
        let (mode, _) = read_mode("?embed=controls,cost&controls=none");
        assert_eq!(shown(&mode), vec![Section::Cost]);
        assert!(!mode.controls.editable());
        let (mode, _) = read_mode("?embed=controls,cost&controls=locked");
        assert_eq!(shown(&mode), vec![Section::Controls, Section::Cost]);
        assert!(!mode.controls.editable());
        let (mode, _) = read_mode("?controls=none");
        assert!(mode.embed.is_none() && !mode.shows(Section::Controls));
        let (mode, notes) = read_mode("?controls=frozen");
        assert!(mode.controls.editable());
        assert_eq!(
            notes,
            ["controls=frozen is not one of shown, locked, none; the controls are shown."]
        );
    }

    #[test]
    fn present_and_theme() {
        assert!(read_mode("?present").0.present);
        assert!(read_mode("?k=3&present=1").0.present);
        assert!(!read_mode("?present=off").0.present);
        let (mode, notes) = read_mode("?present=maybe&theme=dark");
        assert!(!mode.present);
        assert_eq!(mode.scheme, Some(Scheme::Dark));
        assert_eq!(notes.len(), 1);
        let (mode, notes) = read_mode("?theme=sepia");
        assert_eq!(mode.scheme, None);
        assert!(notes[0].starts_with("theme=sepia is not one of light, dark, auto"));
    }

    #[test]
    fn caption_on_by_default_and_off_by_parameter() {
        let (mode, notes) = read_mode("?embed=cost&controls=none");
        assert!(notes.is_empty() && mode.caption && mode.captioned(false));
        let (mode, notes) = read_mode("?embed=cost&caption=off");
        assert!(notes.is_empty() && !mode.caption && !mode.captioned(false));
        assert_eq!(mode.pairs().last(), Some(&("caption".into(), "off".into())));
        assert!(read_mode("?embed=cost&caption=on").0.captioned(false));
        // The whole page shows its layer in the controls: no caption.
        assert!(!read_mode("").0.captioned(false));
        // Sections that do not show the layer need none; a posed exercise does.
        assert!(!read_mode("?embed=networks,evidence,answer")
            .0
            .captioned(true));
        assert!(!read_mode("?embed=exercise").0.captioned(false));
        assert!(read_mode("?embed=exercise").0.captioned(true));
        let (mode, notes) = read_mode("?embed=cost&caption=<b>");
        assert!(mode.caption);
        assert_eq!(
            notes,
            ["caption=<b> is not on or off; the caption is shown."]
        );
    }

    #[test]
    fn reveal_holds_back_the_answers_named() {
        let held = |query: &str| read_mode(query).0.held_back;
        assert_eq!(held("?embed=cost"), HeldBack::default());
        assert_eq!(held("?reveal=yes"), HeldBack::BOTH);
        assert_eq!(held("?reveal"), HeldBack::BOTH);
        assert_eq!(held("?reveal=cost,derivation"), HeldBack::BOTH);
        assert_eq!(held("?reveal=no"), HeldBack::default());
        assert_eq!(
            held("?reveal=derivation"),
            HeldBack {
                cost: false,
                derivation: true
            }
        );
        // The charts are the cost's answer too.
        assert_eq!(held("?reveal=charts"), held("?reveal=cost"));
        assert!(held("?reveal=cost").cost && !held("?reveal=cost").derivation);
        // Written back as the list, read back the same.
        for query in [
            "?reveal=yes",
            "?reveal=cost",
            "?reveal=derivation",
            "?reveal=no",
        ] {
            let mode = read_mode(query).0;
            let written = crate::link::pairs(&format!(
                "?{}",
                mode.pairs()
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join("&")
            ));
            assert_eq!(PageMode::read(&written).0, mode, "{query}");
        }
        assert_eq!(
            read_mode("?reveal=yes").0.pairs(),
            [("reveal".to_string(), "cost,derivation".to_string())]
        );
        let (mode, notes) = read_mode("?reveal=cost,answers");
        assert_eq!(mode.held_back, HeldBack::default());
        assert_eq!(
            notes,
            ["reveal=cost,answers does not name the answers to hold back (cost, derivation, or yes for both); nothing is held back."]
        );
    }

    #[test]
    fn png_buttons_shown_unless_off() {
        assert!(read_mode("?embed=charts").0.png);
        let (mode, notes) = read_mode("?embed=charts&png=off");
        assert!(notes.is_empty() && !mode.png);
        assert_eq!(mode.pairs().last(), Some(&("png".into(), "off".into())));
        let (mode, notes) = read_mode("?png=maybe");
        assert!(mode.png);
        assert_eq!(notes.len(), 1);
    }
}
