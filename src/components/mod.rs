//! Leptos components: small, each wiring signals to plain-Rust logic.

pub mod animation_section;
pub mod app;
pub mod bar_chart;
pub mod choice_control;
pub mod controls_panel;
pub mod cost_section;
pub mod derivation;
pub mod math;
pub mod number_control;
pub mod stage_painter;
