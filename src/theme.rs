//! Light and dark: which scheme the page uses. A scheme fixed by the URL (an
//! embed matching its host page) wins, then the reader's own choice remembered
//! in the browser, then the system setting.

/// A colour scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// Dark text on a light background.
    Light,
    /// Light text on a dark background.
    Dark,
}

/// The browser-storage key of the reader's choice.
pub const STORAGE_KEY: &str = "sepconv-theme";

impl Scheme {
    /// "light" or "dark": the value of `<html data-theme>`, of `theme=` and in storage.
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Light => "light",
            Scheme::Dark => "dark",
        }
    }

    /// Parses "light" or "dark".
    pub fn parse(text: &str) -> Option<Scheme> {
        match text.trim() {
            "light" => Some(Scheme::Light),
            "dark" => Some(Scheme::Dark),
            _ => None,
        }
    }

    /// The other scheme.
    pub fn toggled(self) -> Scheme {
        match self {
            Scheme::Light => Scheme::Dark,
            Scheme::Dark => Scheme::Light,
        }
    }

    /// The scheme in effect.
    pub fn resolve(from_url: Option<Scheme>, stored: Option<&str>, system_dark: bool) -> Scheme {
        from_url
            .or_else(|| stored.and_then(Scheme::parse))
            .unwrap_or(if system_dark {
                Scheme::Dark
            } else {
                Scheme::Light
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_then_stored_choice_then_system() {
        assert_eq!(Scheme::resolve(None, None, true), Scheme::Dark);
        assert_eq!(Scheme::resolve(None, None, false), Scheme::Light);
        assert_eq!(Scheme::resolve(None, Some("light"), true), Scheme::Light);
        assert_eq!(Scheme::resolve(None, Some("dark"), false), Scheme::Dark);
        assert_eq!(
            Scheme::resolve(Some(Scheme::Light), Some("dark"), true),
            Scheme::Light
        );
        // Something else in storage (an old version, a hand edit) is ignored.
        assert_eq!(Scheme::resolve(None, Some("sepia"), true), Scheme::Dark);
    }

    #[test]
    fn names_round_trip_and_toggle() {
        for s in [Scheme::Light, Scheme::Dark] {
            assert_eq!(Scheme::parse(s.name()), Some(s));
            assert_eq!(s.toggled().toggled(), s);
            assert_ne!(s.toggled(), s);
        }
    }
}
