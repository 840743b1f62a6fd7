//! Sepconv's build automation, and the headless-browser harness that the
//! end-to-end tests, screenshots and benchmarks share.

pub mod browser;
pub mod static_server;

/// The workspace root (the parent of this crate).
pub fn workspace_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}
