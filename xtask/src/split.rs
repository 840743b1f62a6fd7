//! The release build's module, split: the first load carries the header,
//! controls and cost; the sections below arrive as separate modules when the
//! reader gets near them (src/components/on_demand.rs). Trunk 0.21 cannot split,
//! so Trunk builds the site and this step replaces its module and JS glue with
//! the split ones, under the same names.

use std::path::{Path, PathBuf};

use xtask::workspace_root;

use crate::{run, setup, unused_exports, Result};

/// RUSTFLAGS for the release build. They replace `.cargo/config.toml`'s, so
/// they repeat its `erase_components`; `sepconv_split` turns the on-demand parts
/// into split points; the relocations let wasm-split-cli move functions
/// between modules. The remap shortens the source paths that panic locations
/// carry into the module (`/root/.cargo/registry/src/index…/tachys-0.2.19/…`
/// becomes `crates/tachys-0.2.19/…`): about 190 bytes of the first load. (The
/// standard library's paths come precompiled; no flag shortens them.)
pub fn rustflags() -> String {
    let mut flags =
        "--cfg erase_components --cfg sepconv_split -C link-args=--emit-relocs".to_string();
    if let Some(registry) = registry_sources() {
        flags += &format!(" --remap-path-prefix={}=crates", registry.display());
    }
    flags
}

/// Cargo's folder of unpacked crates (`$CARGO_HOME/registry/src/<index>`),
/// where a crates.io dependency's sources are.
fn registry_sources() -> Option<PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))?;
    std::fs::read_dir(home.join("registry/src"))
        .ok()?
        .flatten()
        .map(|entry| entry.path())
        .find(|path| {
            path.file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with("index.crates.io-"))
        })
}

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
/// per part, each optimised for size. Returns the build's hash.
pub fn split_into(tools: &setup::Tools, dist: &Path) -> Result<String> {
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
    let glue = dist.join(format!("{stem}.js"));
    unused_exports::remove(&glue, &main_module)?;
    optimise(&main_module, &main_module)?;
    let hash = stem.trim_start_matches("sepconv-web-");
    let mut loader = read(&work.join("__wasm_split.js"))?;
    let entries = std::fs::read_dir(&work).map_err(|e| e.to_string())?;
    for path in entries.filter_map(|e| Some(e.ok()?.path())) {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        if path.extension().is_some_and(|e| e == "wasm") && path != Path::new(&main) {
            optimise(&path, &dist.join(hashed(&name, hash)))?;
            loader = point_to(&loader, &format!("\"./{name}\""), &hashed(&name, hash))?;
        }
    }
    let loader_name = hashed("__wasm_split.js", hash);
    write(&dist.join(&loader_name), &loader)?;
    // Only where the glue imports the loader: the module's own import name stays.
    let text = point_to(&read(&glue)?, "from \"./__wasm_split.js\"", &loader_name)?;
    write(&glue, &text)?;
    for script in [glue, dist.join(&loader_name)] {
        minify(tools, &script)?;
    }
    Ok(hash.to_string())
}

/// Minifies an ES module in place: the glue is most of the first load's
/// JavaScript, and Trunk's minifier cannot parse it (2 KB gzip less).
fn minify(tools: &setup::Tools, script: &Path) -> Result {
    let esbuild = tools.wasm_opt_dir.join("esbuild").display().to_string();
    let path = script.display().to_string();
    run(
        &esbuild,
        &[
            &path,
            "--minify",
            "--format=esm",
            "--log-level=warning",
            // wasm-bindgen imports the loader twice under one key: harmless.
            "--log-override:duplicate-object-key=silent",
            "--allow-overwrite",
            &format!("--outfile={path}"),
        ],
        &[],
    )
}

/// `name` with the build's hash, like Trunk's files: a browser never mixes a
/// cached part with a newer build.
fn hashed(name: &str, hash: &str) -> String {
    match name.rsplit_once('.') {
        Some((base, ext)) => format!("{base}-{hash}.{ext}"),
        None => format!("{name}-{hash}"),
    }
}

/// `script` with each `pattern`, which quotes one file (`from "./a.js"`),
/// quoting `./{name}` instead. An error if `pattern` is missing: a newer
/// splitter or wasm-bindgen may write it differently.
fn point_to(script: &str, pattern: &str, name: &str) -> Result<String> {
    let old_name = pattern
        .split('"')
        .nth(1)
        .ok_or(format!("no quoted name in {pattern}"))?;
    if !script.contains(pattern) {
        return Err(format!(
            "the generated JavaScript no longer contains {pattern}"
        ));
    }
    Ok(script.replace(pattern, &pattern.replace(old_name, &format!("./{name}"))))
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_and_loader_get_the_build_hash() {
        assert_eq!(hashed("split_a.wasm", "abc"), "split_a-abc.wasm");
        assert_eq!(hashed("__wasm_split.js", "abc"), "__wasm_split-abc.js");
    }

    #[test]
    fn only_the_import_of_the_loader_is_renamed() {
        let glue =
            "import * as i from \"./__wasm_split.js\"\nconst m = { \"./__wasm_split.js\": i };";
        let renamed = point_to(glue, "from \"./__wasm_split.js\"", "__wasm_split-abc.js");
        assert_eq!(
            renamed.unwrap(),
            "import * as i from \"./__wasm_split-abc.js\"\nconst m = { \"./__wasm_split.js\": i };"
        );
        assert!(point_to(glue, "from \"./other.js\"", "x.js").is_err());
    }
}
