//! The keyboard shortcuts for a lecture, as one table: the page's key handler and
//! the help overlay both read it, so the overlay lists exactly what works. The
//! rule that shortcuts never fire while typing lives here too, tested natively.

use crate::controls::Preset;
use crate::timeline::Mode;

/// What a shortcut does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Play or pause the animation.
    PlayPause,
    /// One step back.
    StepBack,
    /// One step forward.
    StepForward,
    /// The next speed up.
    Faster,
    /// The next speed down.
    Slower,
    /// Back to the first step.
    Restart,
    /// Show the animation in a mode: separable, standard, or the race.
    Mode(Mode),
    /// Fullscreen on or off.
    Fullscreen,
    /// Load a preset layer.
    Preset(Preset),
    /// Presenter mode on or off.
    Present,
    /// Light or dark.
    Theme,
    /// Show or hide the list of shortcuts.
    Help,
    /// Time the layer on this device ("What it costs"), once that section is
    /// on the page.
    TimeLayer,
}

impl Action {
    /// Whether the action drives the animation (and needs one on the page).
    pub fn is_animation(self) -> bool {
        matches!(
            self,
            Action::PlayPause
                | Action::StepBack
                | Action::StepForward
                | Action::Faster
                | Action::Slower
                | Action::Restart
                | Action::Mode(_)
        )
    }
}

/// One row of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shortcut {
    /// `KeyboardEvent.key` values that trigger it.
    pub keys: &'static [&'static str],
    /// The keys as the overlay shows them.
    pub label: &'static str,
    /// What it does.
    pub action: Action,
    /// What it does, in words.
    pub description: &'static str,
}

const fn row(
    keys: &'static [&'static str],
    label: &'static str,
    action: Action,
    description: &'static str,
) -> Shortcut {
    Shortcut {
        keys,
        label,
        action,
        description,
    }
}

/// Every shortcut, in the overlay's order.
pub const SHORTCUTS: [Shortcut; 19] = [
    row(
        &[" "],
        "Space",
        Action::PlayPause,
        "Play or pause the animation",
    ),
    row(&["ArrowLeft"], "←", Action::StepBack, "One step back"),
    row(
        &["ArrowRight"],
        "→",
        Action::StepForward,
        "One step forward",
    ),
    row(&["ArrowUp"], "↑", Action::Faster, "Faster"),
    row(&["ArrowDown"], "↓", Action::Slower, "Slower"),
    row(&["r", "R"], "R", Action::Restart, "Restart the animation"),
    row(
        &["1"],
        "1",
        Action::Preset(Preset::Lecture),
        "Preset: lecture example",
    ),
    row(
        &["2"],
        "2",
        Action::Preset(Preset::Forum),
        "Preset: forum exercise",
    ),
    row(
        &["3"],
        "3",
        Action::Preset(Preset::MobileNet14),
        "Preset: MobileNet 14×14×512",
    ),
    row(
        &["4"],
        "4",
        Action::Preset(Preset::MobileNetFirst),
        "Preset: MobileNet first separable",
    ),
    row(
        &["5"],
        "5",
        Action::Preset(Preset::SmallCnn),
        "Preset: small CNN layer (the opening layer)",
    ),
    row(
        &["d", "D"],
        "D",
        Action::Mode(Mode::Separable),
        "Animation: depthwise separable",
    ),
    row(
        &["s", "S"],
        "S",
        Action::Mode(Mode::Standard),
        "Animation: standard convolution",
    ),
    row(
        &["b", "B"],
        "B",
        Action::Mode(Mode::Race),
        "Animation: both side by side, racing",
    ),
    row(
        &["p", "P"],
        "P",
        Action::Present,
        "Presenter mode on or off",
    ),
    row(&["f", "F"], "F", Action::Fullscreen, "Fullscreen on or off"),
    row(&["t", "T"], "T", Action::Theme, "Light or dark theme"),
    row(
        &["m", "M"],
        "M",
        Action::TimeLayer,
        "Measure: time this layer on this device",
    ),
    row(&["?"], "?", Action::Help, "Show or hide this list"),
];

/// Where a key press happens: the element with the focus decides which keys
/// are its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// A field that takes text or a selection (text input, textarea, select,
    /// editable content): every key is the field's.
    Typing,
    /// A slider: the arrows are its own.
    Slider,
    /// A radio button: the arrows and Space are its own.
    Radio,
    /// A button, link or checkbox: Space and Enter press it.
    Button,
    /// Anything else (the page, the stage).
    Page,
}

impl Focus {
    /// Classifies an element: its tag, its `type` attribute if an input, and
    /// whether its content is editable.
    pub fn of(tag: &str, input_type: &str, editable: bool) -> Focus {
        if editable {
            return Focus::Typing;
        }
        match tag.to_ascii_lowercase().as_str() {
            "input" => match input_type.to_ascii_lowercase().as_str() {
                "range" => Focus::Slider,
                "radio" => Focus::Radio,
                "checkbox" | "button" | "submit" | "reset" | "image" | "color" | "file" => {
                    Focus::Button
                }
                _ => Focus::Typing,
            },
            "textarea" | "select" => Focus::Typing,
            "button" | "a" | "summary" => Focus::Button,
            _ => Focus::Page,
        }
    }

    /// Whether the focused element handles `key` itself.
    fn owns(self, key: &str) -> bool {
        let arrow = key.starts_with("Arrow");
        match self {
            Focus::Typing => true,
            Focus::Slider => arrow,
            Focus::Radio => arrow || key == " ",
            Focus::Button => key == " " || key == "Enter",
            Focus::Page => false,
        }
    }
}

/// Modifier keys held with a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Modifiers {
    /// Control.
    pub ctrl: bool,
    /// Alt or Option.
    pub alt: bool,
    /// Command or Windows.
    pub meta: bool,
}

/// The action for `key` pressed with `modifiers` where `focus` is, if any.
/// Browser and system combinations (Ctrl+R, Cmd+F, …) are never taken, and a
/// focused field keeps its own keys.
pub fn action(key: &str, modifiers: Modifiers, focus: Focus) -> Option<Action> {
    if modifiers.ctrl || modifiers.alt || modifiers.meta || focus.owns(key) {
        return None;
    }
    SHORTCUTS
        .iter()
        .find(|s| s.keys.contains(&key))
        .map(|s| s.action)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NONE: Modifiers = Modifiers {
        ctrl: false,
        alt: false,
        meta: false,
    };

    #[test]
    fn every_lecture_key_on_the_page() {
        let expect = [
            (" ", Action::PlayPause),
            ("ArrowLeft", Action::StepBack),
            ("ArrowRight", Action::StepForward),
            ("ArrowUp", Action::Faster),
            ("ArrowDown", Action::Slower),
            ("r", Action::Restart),
            ("R", Action::Restart),
            ("f", Action::Fullscreen),
            ("p", Action::Present),
            ("P", Action::Present),
            ("t", Action::Theme),
            ("?", Action::Help),
            ("1", Action::Preset(Preset::Lecture)),
            ("2", Action::Preset(Preset::Forum)),
            ("3", Action::Preset(Preset::MobileNet14)),
            ("4", Action::Preset(Preset::MobileNetFirst)),
            ("5", Action::Preset(Preset::SmallCnn)),
            ("d", Action::Mode(Mode::Separable)),
            ("S", Action::Mode(Mode::Standard)),
            ("b", Action::Mode(Mode::Race)),
        ];
        for (key, wanted) in expect {
            assert_eq!(action(key, NONE, Focus::Page), Some(wanted), "{key:?}");
        }
        assert_eq!(action("x", NONE, Focus::Page), None);
        assert_eq!(action("6", NONE, Focus::Page), None);
        assert_eq!(
            action("Home", NONE, Focus::Page),
            None,
            "Home scrolls the page"
        );
    }

    #[test]
    fn presets_follow_the_presets_order() {
        let keys: Vec<(&str, Preset)> = SHORTCUTS
            .iter()
            .filter_map(|s| match s.action {
                Action::Preset(p) => Some((s.label, p)),
                _ => None,
            })
            .collect();
        let expected: Vec<(&str, Preset)> = ["1", "2", "3", "4", "5"]
            .into_iter()
            .zip(Preset::ALL)
            .collect();
        assert_eq!(keys, expected);
    }

    #[test]
    fn never_while_typing() {
        for key in ["1", "r", " ", "ArrowLeft", "p", "?", "f"] {
            assert_eq!(action(key, NONE, Focus::Typing), None, "{key:?}");
        }
        for (tag, kind) in [
            ("INPUT", "text"),
            ("input", ""),
            ("input", "number"),
            ("textarea", ""),
            ("select", ""),
        ] {
            assert_eq!(Focus::of(tag, kind, false), Focus::Typing, "{tag} {kind}");
        }
        assert_eq!(Focus::of("div", "", true), Focus::Typing, "contenteditable");
    }

    #[test]
    fn focused_controls_keep_their_own_keys() {
        let slider = Focus::of("input", "range", false);
        assert_eq!(slider, Focus::Slider);
        assert_eq!(action("ArrowRight", NONE, slider), None);
        assert_eq!(action("ArrowUp", NONE, slider), None);
        assert_eq!(action(" ", NONE, slider), Some(Action::PlayPause));
        assert_eq!(
            action("2", NONE, slider),
            Some(Action::Preset(Preset::Forum))
        );

        let radio = Focus::of("input", "radio", false);
        assert_eq!(action("ArrowDown", NONE, radio), None);
        assert_eq!(action(" ", NONE, radio), None);
        assert_eq!(action("r", NONE, radio), Some(Action::Restart));

        let button = Focus::of("button", "", false);
        assert_eq!(button, Focus::Button);
        assert_eq!(action(" ", NONE, button), None, "Space presses the button");
        assert_eq!(
            action("ArrowRight", NONE, button),
            Some(Action::StepForward)
        );
        assert_eq!(Focus::of("a", "", false), Focus::Button);
        assert_eq!(Focus::of("canvas", "", false), Focus::Page);
    }

    #[test]
    fn browser_combinations_are_left_alone() {
        let ctrl = Modifiers { ctrl: true, ..NONE };
        let meta = Modifiers { meta: true, ..NONE };
        let alt = Modifiers { alt: true, ..NONE };
        assert_eq!(action("r", ctrl, Focus::Page), None, "Ctrl+R reloads");
        assert_eq!(action("f", meta, Focus::Page), None, "Cmd+F finds");
        assert_eq!(
            action("ArrowLeft", alt, Focus::Page),
            None,
            "Alt+← goes back"
        );
    }

    #[test]
    fn m_times_the_layer() {
        for key in ["m", "M"] {
            assert_eq!(action(key, NONE, Focus::Page), Some(Action::TimeLayer));
        }
    }

    #[test]
    fn the_table_has_one_row_per_key() {
        let mut keys: Vec<&str> = SHORTCUTS
            .iter()
            .flat_map(|s| s.keys.iter().copied())
            .collect();
        let all = keys.len();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), all, "a key in two rows");
        let animation = SHORTCUTS.iter().filter(|s| s.action.is_animation()).count();
        assert_eq!(
            animation, 9,
            "play, step back and forward, faster, slower, restart, three modes"
        );
    }
}
