//! Sepconv, the web app: an interactive explainer of depthwise separable
//! convolution. Plain-Rust logic (controls, URL state, chart drawing) lives in
//! its own modules and is tested natively; components only wire signals to it.

pub mod caption;
pub mod chart;
pub mod components;
pub mod controls;
pub mod decimal;
pub mod embed;
pub mod explorer;
pub mod facts;
pub mod lab;
pub mod latex;
pub mod link;
pub mod palette;
pub mod panic;
pub mod practice;
pub mod prose;
pub mod published;
pub mod roofline;
pub mod shortcuts;
pub mod stage;
pub mod state;
pub mod theme;
pub mod timeline;
pub mod timing;
pub mod worker_client;

pub use components::app::App;
