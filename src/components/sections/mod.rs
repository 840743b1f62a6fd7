//! The page's sections, one file per `Section` id (`crate::embed::Section`):
//! each renders its own `<section>` (or block) with that id.

pub mod animation;
pub mod answer;
pub mod catch;
pub mod charts;
pub mod controls;
pub mod cost;
pub mod derivation;
pub mod evidence;
pub mod exercise;
pub mod factorisation;
pub mod groups;
pub mod lab;
pub mod networks;
