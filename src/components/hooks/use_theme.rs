//! The stylesheet's custom properties in effect on an element: the one place
//! the canvases read the theme from.

use leptos::prelude::*;

use crate::decimal;
use crate::palette::Palette;

/// The computed style of an element. Reading is slow (`getComputedStyle`), so
/// callers read once per theme or size change, never per paint.
pub struct Theme(Option<web_sys::CssStyleDeclaration>);

impl Theme {
    /// The theme in effect on `element`.
    pub fn of(element: &web_sys::Element) -> Theme {
        Theme(window().get_computed_style(element).ok().flatten())
    }

    /// How much larger than normal the page's type is (presenter mode, or a
    /// reader's larger default font): canvases scale their text and lines by it.
    pub fn zoom(&self) -> f64 {
        self.0
            .as_ref()
            .and_then(|s| s.get_property_value("font-size").ok())
            .and_then(|v| decimal::parse(v.trim_end_matches("px")))
            .map_or(1.0, |px| (px / 16.0).clamp(1.0, 3.0))
    }

    /// A custom property's value (`--depthwise`), if set.
    pub fn get(&self, name: &str) -> Option<String> {
        let value = self.0.as_ref()?.get_property_value(name).ok()?;
        let value = value.trim();
        (!value.is_empty()).then(|| value.to_string())
    }

    /// The canvases' colours.
    pub fn palette(&self) -> Palette {
        Palette::read(|name| self.get(name))
    }
}

/// How a canvas paints: its palette and zoom, read when it mounts and again
/// when `redraw` fires, never per paint.
pub fn use_theme_look(
    canvas: NodeRef<leptos::html::Canvas>,
    redraw: ArcTrigger,
) -> Memo<Option<(Palette, f64)>> {
    Memo::new(move |_| {
        redraw.track();
        canvas.get().map(|c| {
            let theme = Theme::of(&c);
            (theme.palette(), theme.zoom())
        })
    })
}
