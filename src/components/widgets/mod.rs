//! Small pieces the sections are built from: controls, charts, math, notes,
//! links, the toolbar and the shortcut list.

pub mod chart_canvas;
pub mod choice_control;
pub mod embed_caption;
pub mod full_page_link;
pub mod held_back;
pub mod marked_slider;
pub mod math;
pub mod number_control;
pub mod save_png;
pub mod scroll_region;
pub mod shortcut_help;
pub mod toolbar;
pub mod url_notes;
