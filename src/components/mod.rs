//! Leptos components: small, each wiring signals to plain-Rust logic.
//! `sections/` holds one file per page section, `widgets/` the pieces they are
//! built from, `hooks/` the browser features they use (one `use_*` each).

pub mod app;
pub mod hooks;
pub mod on_demand;
pub mod sections;
pub mod widgets;
