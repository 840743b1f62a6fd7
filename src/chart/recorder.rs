//! A plotters backend for native tests: it records what a chart asks it to
//! draw (texts, filled rectangles and circles, lines) instead of rasterising
//! it, since plotters has no font backend natively.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};

use crate::palette::Rgb;

/// A colour as recorded.
pub type Colour = (u8, u8, u8);

/// Every text, filled rectangle, filled circle and line a backend was given.
#[derive(Default)]
pub struct Recorded {
    /// (text, where, colour).
    pub texts: Vec<(String, BackendCoord, Colour)>,
    /// Filled rectangles: (upper left, bottom right, colour).
    pub bars: Vec<(BackendCoord, BackendCoord, Colour)>,
    /// Filled circles: (centre, radius, colour).
    pub dots: Vec<(BackendCoord, u32, Colour)>,
    /// Lines drawn as paths: (points, colour).
    pub paths: Vec<(Vec<BackendCoord>, Colour)>,
}

/// A backend that records into a shared [`Recorded`] (the drawing area owns it).
#[derive(Default)]
pub struct Recorder(pub std::rc::Rc<std::cell::RefCell<Recorded>>);

type Drawn = Result<(), DrawingErrorKind<std::convert::Infallible>>;

impl DrawingBackend for Recorder {
    type ErrorType = std::convert::Infallible;

    fn get_size(&self) -> (u32, u32) {
        (600, 220)
    }

    fn ensure_prepared(&mut self) -> Drawn {
        Ok(())
    }

    fn present(&mut self) -> Drawn {
        Ok(())
    }

    fn draw_pixel(&mut self, _: BackendCoord, _: BackendColor) -> Drawn {
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn {
        if fill && style.color().alpha > 0.0 {
            self.0
                .borrow_mut()
                .bars
                .push((upper_left, bottom_right, style.color().rgb));
        }
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        centre: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Drawn {
        if fill {
            self.0
                .borrow_mut()
                .dots
                .push((centre, radius, style.color().rgb));
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        self.0
            .borrow_mut()
            .paths
            .push((path.into_iter().collect(), style.color().rgb));
        Ok(())
    }

    fn draw_text<T: BackendTextStyle>(&mut self, text: &str, style: &T, at: BackendCoord) -> Drawn {
        self.0
            .borrow_mut()
            .texts
            .push((text.to_string(), at, style.color().rgb));
        Ok(())
    }

    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        let size = style.size();
        Ok((
            (text.chars().count() as f64 * size * 0.55) as u32,
            size as u32,
        ))
    }
}

impl Recorder {
    /// What `draw` drew on a recorder's area (600×220).
    pub fn record(draw: impl FnOnce(&DrawingArea<Recorder, Shift>)) -> Recorded {
        let recorder = Recorder::default();
        let recorded = recorder.0.clone();
        draw(&recorder.into_drawing_area());
        recorded.take()
    }
}

/// The first text `label` drawn.
pub fn text<'a>(r: &'a Recorded, label: &str) -> Option<&'a (String, BackendCoord, Colour)> {
    r.texts.iter().find(|(t, _, _)| t == label)
}

/// A palette colour as recorded.
pub fn rgb(c: Rgb) -> Colour {
    (c.0, c.1, c.2)
}
