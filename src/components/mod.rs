//! Leptos components: small, each wiring signals to plain-Rust logic.

pub mod animation_section;
pub mod app;
pub mod appearance;
pub mod catch_section;
pub mod chart_canvas;
pub mod choice_control;
pub mod controls_panel;
pub mod cost_section;
pub mod derivation;
pub mod exercise_section;
pub mod export;
pub mod factorisation;
pub mod frame_height;
pub mod groups_section;
pub mod keyboard;
pub mod math;
pub mod networks_section;
pub mod number_control;
pub mod player;
pub mod print;
pub mod scroll_region;
pub mod shortcut_help;
pub mod stage_painter;
pub mod toolbar;
pub mod url_notes;
pub mod why_section;
