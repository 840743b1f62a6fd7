//! Browser hooks in the leptos-use manner: each a `use_*` function that ties
//! a browser feature to the calling component's life.

pub mod cleanup;
pub mod use_appearance;
pub mod use_canvas_paint;
pub mod use_element_size;
pub mod use_frame_loop;
pub mod use_height_to_parent;
pub mod use_keys;
pub mod use_near_screen;
pub mod use_pause_when_hidden;
pub mod use_print;
pub mod use_redraw_trigger;
pub mod use_theme;
pub mod use_worker;
