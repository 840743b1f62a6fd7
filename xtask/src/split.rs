//! The release build's module, split: the first load carries the header,
//! controls and cost; the sections below arrive as separate modules when the
//! reader gets near them (src/components/on_demand.rs). Trunk 0.21 cannot split,
//! so Trunk builds the site and this step replaces its module and JS glue with
//! the split ones, under the same names.

use std::path::{Path, PathBuf};

use xtask::workspace_root;

use crate::{run, setup, Result};

/// RUSTFLAGS for the release build. They replace `.cargo/config.toml`'s, so
/// they repeat its `erase_components`; `sepconv_split` turns the on-demand parts
/// into split points; the relocations let wasm-split-cli move functions
/// between modules.
pub const RUSTFLAGS: &str = "--cfg erase_components --cfg sepconv_split -C link-args=--emit-relocs";

/// Where cargo leaves the release module (with its relocations).
fn cargo_module() -> PathBuf {
    workspace_root().join("target/wasm32-unknown-unknown/release/sepconv-web.wasm")
}

/// Trunk's name for the module in `dist`, e.g. `sepconv-web-3c08b4794f98481b`.
fn module_stem(dist: &Path) -> Result<String> {
    let entries = std::fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    entries
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .find_map(|name| {
            name.strip_suffix("_bg.wasm")
                .filter(|stem| stem.starts_with("sepconv-web-"))
                .map(str::to_string)
        })
        .ok_or_else(|| format!("no sepconv-web-*_bg.wasm in {}", dist.display()))
}

/// Splits cargo's module and writes the parts into `dist`: the main module and
/// its JS glue (replacing Trunk's), the loader `__wasm_split.js` and one module
/// per part, each optimised for size.
pub fn split_into(tools: &setup::Tools, dist: &Path) -> Result {
    let stem = module_stem(dist)?;
    let work = workspace_root().join("target/split");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let module = cargo_module().display().to_string();
    let work_arg = work.display().to_string();
    run(
        "wasm-split-cli",
        &[&module, &work_arg, "--out-name", &stem],
        &[],
    )?;
    let main = work.join(format!("{stem}.wasm")).display().to_string();
    let dist_arg = dist.display().to_string();
    run(
        "wasm-bindgen",
        &[
            &main,
            "--out-dir",
            &dist_arg,
            "--out-name",
            &stem,
            "--target",
            "web",
            "--no-typescript",
            // The parts import the main module's functions by these names.
            "--keep-lld-exports",
        ],
        &[],
    )?;
    let wasm_opt = tools.wasm_opt_dir.join("wasm-opt").display().to_string();
    let optimise = |from: &Path, to: &Path| {
        let (from, to) = (from.display().to_string(), to.display().to_string());
        run(&wasm_opt, &["-Oz", &from, "-o", &to], &[])
    };
    let main_module = dist.join(format!("{stem}_bg.wasm"));
    optimise(&main_module, &main_module)?;
    // The loader and the parts get the build's hash in their names, like
    // Trunk's files: a browser never mixes a cached part with a newer build.
    let hash = stem.trim_start_matches("sepconv-web-");
    let hashed = |name: &str| match name.rsplit_once('.') {
        Some((base, ext)) => format!("{base}-{hash}.{ext}"),
        None => name.to_string(),
    };
    let read =
        |path: &Path| std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()));
    let write = |path: &Path, text: &str| {
        std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
    };
    let mut loader = read(&work.join("__wasm_split.js"))?;
    let entries = std::fs::read_dir(&work).map_err(|e| e.to_string())?;
    for path in entries.filter_map(|e| Some(e.ok()?.path())) {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        if path.extension().is_some_and(|e| e == "wasm") && path != Path::new(&main) {
            optimise(&path, &dist.join(hashed(&name)))?;
            loader = loader.replace(
                &format!("\"./{name}\""),
                &format!("\"./{}\"", hashed(&name)),
            );
        }
    }
    write(&dist.join(hashed("__wasm_split.js")), &loader)?;
    let glue = dist.join(format!("{stem}.js"));
    // Only where the glue imports the loader: the module's own import name stays.
    let text = read(&glue)?.replace(
        "from \"./__wasm_split.js\"",
        &format!("from \"./{}\"", hashed("__wasm_split.js")),
    );
    write(&glue, &text)
}
