//! Sepconv's build automation, and the headless-browser harness that the
//! end-to-end tests, screenshots and benchmarks share.

pub mod browser;
pub mod static_server;
pub mod worker_json;

/// The workspace root (the parent of this crate).
pub fn workspace_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}

/// axe-core's script, installed by `cargo xtask setup` (npm, into
/// `target/tools`); the accessibility audit injects it into the page from here.
pub fn axe_script() -> std::path::PathBuf {
    workspace_root().join("target/tools/node_modules/axe-core/axe.min.js")
}
