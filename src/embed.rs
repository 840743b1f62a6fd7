//! How the page is shown, from the URL: the whole page or an embed of some
//! sections (`embed=charts,animation`), whether the layer's controls are shown,
//! read-only or hidden (`controls=`), presenter mode (`present`) and a fixed
//! colour scheme (`theme=`). Plain data, tested natively; the parameter names are
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
    pub const ALL: [Section; 12] = [
        Section::Answer,
        Section::Controls,
        Section::Cost,
        Section::Charts,
        Section::Derivation,
        Section::Animation,
        Section::Evidence,
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
            Section::Factorisation => 7,
            Section::Groups => 8,
            Section::Catch => 9,
            Section::Networks => 10,
            Section::Exercise => 11,
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
#[derive(Debug, Clone, PartialEq, Eq, Default)]
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
                "present" => match value.as_str() {
                    "" | "1" | "true" | "on" => mode.present = true,
                    "0" | "false" | "off" => mode.present = false,
                    other => notes.push(format!(
                        "present={} is not on or off; presenter mode is off.",
                        echo(other)
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
        pairs
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
}
