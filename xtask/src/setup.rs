//! Installs what Sepconv needs, or checks it is there at the right version.
//!
//! Versions are the ones verified in ../shared/TOOLCHAIN.md. Each missing tool is
//! installed with one line saying so; where installing is impossible (not root, no
//! apt) setup stops with the exact command a person should run. A second run only
//! checks.

use std::path::PathBuf;
use std::process::Command;

use xtask::workspace_root;

/// Must equal the `wasm-bindgen` pin in Cargo.toml and `[tools]` in Trunk.toml
/// (a test below checks).
pub const WASM_BINDGEN: &str = "0.2.130";
pub const TRUNK: &str = "0.21.14";
/// Splits the release module into the first load and the parts fetched on
/// demand (Leptos' own splitter; its binary has no `--version`).
pub const WASM_SPLIT: &str = "0.2.4";
/// wasm-opt from the npm package: Debian's (version 108) produces a module that
/// fails to start in Chromium.
pub const BINARYEN: &str = "132.0.0";
/// The accessibility engine the end-to-end tests inject into the page.
pub const AXE_CORE: &str = "4.14.1";
/// Minifies the release build's JavaScript glue (Trunk's own minifier cannot
/// parse wasm-bindgen's module glue).
pub const ESBUILD: &str = "0.28.2";
/// TensorFlow.js and its WebAssembly backend: the peer `cargo xtask bench`
/// trains the lab's nets with (bench only, never shipped; the backend's .wasm
/// files come inside the npm package).
pub const TFJS: &str = "4.22.0";

/// Fashion-MNIST's IDX files, from Debian's `dataset-fashion-mnist`.
pub const FASHION_MNIST_DIR: &str = "/usr/share/datasets/fashion-mnist";
const FASHION_MNIST_FILES: [&str; 4] = [
    "train-images-idx3-ubyte.gz",
    "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
];
/// scikit-learn's digits inside the `python3-sklearn` package.
const DIGITS_IN_DEB: &str = "usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz";

/// What a command needs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Building and serving the site.
    Build,
    /// Building plus the browser for tests and screenshots.
    Everything,
}

/// Where the tools are.
pub struct Tools {
    /// Folder holding the project's `wasm-opt`.
    pub wasm_opt_dir: PathBuf,
    /// The chromedriver binary.
    pub chromedriver: PathBuf,
}

/// First line of a command's output, if it runs.
fn version(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    out.status
        .success()
        .then(|| text.lines().next().unwrap_or_default().trim().to_string())
}

fn install(what: &str, program: &str, args: &[&str]) -> Result<(), String> {
    println!("setup: installing {what} ({program} {})", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .current_dir(workspace_root())
        .status()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "installing {what} failed: `{program} {}` ({status})",
            args.join(" ")
        ))
    }
}

fn is_root() -> bool {
    version("id", &["-u"]).as_deref() == Some("0")
}

fn ensure_wasm_target() -> Result<(), String> {
    let installed = version("rustup", &["target", "list", "--installed"]).is_some()
        && Command::new("rustup")
            .args(["target", "list", "--installed"])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).contains("wasm32-unknown-unknown"))
            .unwrap_or(false);
    if installed {
        return Ok(());
    }
    install(
        "the wasm32-unknown-unknown target",
        "rustup",
        &["target", "add", "wasm32-unknown-unknown"],
    )
}

fn ensure_cargo_tool(binary: &str, expected: &str, install_args: &[&str]) -> Result<(), String> {
    if version(binary, &["--version"]).as_deref() == Some(expected) {
        return Ok(());
    }
    install(expected, "cargo", install_args)?;
    match version(binary, &["--version"]) {
        Some(v) if v == expected => Ok(()),
        other => Err(format!(
            "after installing, `{binary} --version` says {other:?}, expected '{expected}': \
             is ~/.cargo/bin first on PATH?"
        )),
    }
}

/// wasm-split-cli, checked by the crate version `cargo install` recorded.
fn ensure_split_tool() -> Result<(), String> {
    let expected = format!("wasm_split_cli_support v{WASM_SPLIT}:");
    let installed = || {
        Command::new("cargo")
            .args(["install", "--list"])
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains(&expected))
            && version("wasm-split-cli", &["--help"]).is_some()
    };
    if installed() {
        return Ok(());
    }
    let spec = format!("wasm_split_cli_support@{WASM_SPLIT}");
    install(
        &format!("wasm-split-cli {WASM_SPLIT}"),
        "cargo",
        // --force: also when cargo remembers an install whose binary is gone.
        &["install", &spec, "--features", "build-binary", "--force"],
    )?;
    if installed() {
        Ok(())
    } else {
        Err("after installing, wasm-split-cli does not run: is ~/.cargo/bin first on PATH?".into())
    }
}

/// The npm packages in `target/tools`: wasm-opt, esbuild, axe-core for the
/// accessibility audit (its script is injected from disk, never fetched), and
/// TensorFlow.js for the benchmark.
fn ensure_npm_tools() -> Result<PathBuf, String> {
    let prefix = workspace_root().join("target/tools");
    let bin = prefix.join("node_modules/.bin");
    let wasm_opt = bin.join("wasm-opt");
    let expected = format!("version_{}", BINARYEN.split('.').next().unwrap_or_default());
    let wasm_opt_ok = || {
        version(wasm_opt.to_str().unwrap_or_default(), &["--version"])
            .is_some_and(|v| v.contains(&expected))
    };
    let axe_ok = || installed_npm_version("axe-core").as_deref() == Some(AXE_CORE);
    let esbuild_ok = || installed_npm_version("esbuild").as_deref() == Some(ESBUILD);
    let tfjs_ok = || {
        ["@tensorflow/tfjs", "@tensorflow/tfjs-backend-wasm"]
            .iter()
            .all(|p| installed_npm_version(p).as_deref() == Some(TFJS))
    };
    if wasm_opt_ok() && axe_ok() && esbuild_ok() && tfjs_ok() {
        return Ok(bin);
    }
    if version("npm", &["--version"]).is_none() {
        return Err(stop(
            "npm (to install wasm-opt from the binaryen package, axe-core and esbuild)",
            "apt-get install -y nodejs npm",
        ));
    }
    std::fs::create_dir_all(&prefix).map_err(|e| e.to_string())?;
    let prefix_arg = prefix.display().to_string();
    // All in one command: npm removes packages a later install does not name.
    install(
        &format!("wasm-opt (npm binaryen@{BINARYEN}), axe-core@{AXE_CORE}, esbuild@{ESBUILD} and TensorFlow.js {TFJS} (wasm backend)"),
        "npm",
        &[
            "install",
            "--prefix",
            &prefix_arg,
            "--no-audit",
            "--no-fund",
            "--no-save",
            &format!("binaryen@{BINARYEN}"),
            &format!("axe-core@{AXE_CORE}"),
            &format!("esbuild@{ESBUILD}"),
            &format!("@tensorflow/tfjs@{TFJS}"),
            &format!("@tensorflow/tfjs-backend-wasm@{TFJS}"),
        ],
    )?;
    if !wasm_opt_ok() {
        return Err(format!("{} does not report {expected}", wasm_opt.display()));
    }
    if !esbuild_ok() {
        return Err(format!("esbuild {ESBUILD} is not in {}", bin.display()));
    }
    if !tfjs_ok() {
        return Err(format!(
            "TensorFlow.js {TFJS} is not in {}",
            prefix.join("node_modules/@tensorflow").display()
        ));
    }
    if !axe_ok() {
        return Err(format!(
            "axe-core {AXE_CORE} is not in {}",
            xtask::axe_script().display()
        ));
    }
    Ok(bin)
}

/// The version of an npm package installed in `target/tools`, from its package.json.
fn installed_npm_version(package: &str) -> Option<String> {
    let manifest = workspace_root()
        .join("target/tools/node_modules")
        .join(package)
        .join("package.json");
    let text = std::fs::read_to_string(manifest).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json["version"].as_str().map(str::to_string)
}

/// The message for something setup cannot install itself.
fn stop(what: &str, command: &str) -> String {
    format!("{what} is missing and setup cannot install it here (not root, or no apt-get). Run:\n    sudo apt-get update && sudo {command}\nthen run this command again.")
}

fn ensure_chromium() -> Result<PathBuf, String> {
    let chromium = version("/usr/bin/chromium", &["--version"]);
    let driver = version("/usr/bin/chromedriver", &["--version"]);
    let major = |v: &Option<String>| {
        v.as_ref()
            .and_then(|v| v.split_whitespace().nth(1))
            .and_then(|v| v.split('.').next())
            .map(str::to_string)
    };
    if chromium.is_some() && major(&chromium) == major(&driver) {
        return Ok(PathBuf::from("/usr/bin/chromedriver"));
    }
    let command = "apt-get install -y chromium chromium-driver";
    if !is_root() || version("apt-get", &["--version"]).is_none() {
        return Err(stop("Chromium and chromedriver", command));
    }
    install("apt package lists", "apt-get", &["update", "-q"])?;
    install(
        "Chromium and chromedriver",
        "apt-get",
        &["install", "-y", "-q", "chromium", "chromium-driver"],
    )?;
    Ok(PathBuf::from("/usr/bin/chromedriver"))
}

fn ensure_fashion_mnist() -> Result<(), String> {
    let present = || {
        FASHION_MNIST_FILES
            .iter()
            .all(|f| std::path::Path::new(FASHION_MNIST_DIR).join(f).is_file())
    };
    if present() {
        return Ok(());
    }
    let command = "apt-get install -y dataset-fashion-mnist";
    if !is_root() || version("apt-get", &["--version"]).is_none() {
        return Err(stop("Fashion-MNIST", command));
    }
    install("apt package lists", "apt-get", &["update", "-q"])?;
    install(
        "Fashion-MNIST",
        "apt-get",
        &["install", "-y", "-q", "dataset-fashion-mnist"],
    )?;
    if present() {
        Ok(())
    } else {
        Err(format!(
            "after installing, {FASHION_MNIST_DIR} lacks the IDX files"
        ))
    }
}

/// Where setup puts scikit-learn's digits (`digits.csv.gz`).
pub fn digits_file() -> PathBuf {
    workspace_root().join("target/tools/data/digits.csv.gz")
}

/// The digits file alone, from the `python3-sklearn` package downloaded and
/// unpacked without installing it (installing pulls in scipy and numpy).
fn ensure_digits() -> Result<(), String> {
    let target = digits_file();
    if target.is_file() {
        return Ok(());
    }
    let work = workspace_root().join("target/tools/python3-sklearn");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    println!("setup: fetching scikit-learn's digits (apt-get download python3-sklearn)");
    let download = || {
        Command::new("apt-get")
            .args(["download", "-q", "python3-sklearn"])
            .current_dir(&work)
            .status()
            .is_ok_and(|s| s.success())
    };
    if !download() {
        if !is_root() {
            return Err(stop(
                "scikit-learn's digits (the python3-sklearn package, downloaded, not installed)",
                "apt-get download python3-sklearn",
            ));
        }
        install("apt package lists", "apt-get", &["update", "-q"])?;
        if !download() {
            return Err("`apt-get download python3-sklearn` failed".into());
        }
    }
    let deb = std::fs::read_dir(&work)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "deb"))
        .ok_or("apt-get download left no .deb")?;
    let unpacked = work.join("unpacked");
    let status = Command::new("dpkg-deb")
        .arg("-x")
        .arg(&deb)
        .arg(&unpacked)
        .status()
        .map_err(|e| format!("cannot run dpkg-deb: {e}"))?;
    if !status.success() {
        return Err(format!("dpkg-deb -x {} failed ({status})", deb.display()));
    }
    std::fs::create_dir_all(target.parent().expect("a folder")).map_err(|e| e.to_string())?;
    std::fs::copy(unpacked.join(DIGITS_IN_DEB), &target)
        .map_err(|e| format!("{DIGITS_IN_DEB} from {}: {e}", deb.display()))?;
    let _ = std::fs::remove_dir_all(&work);
    Ok(())
}

/// The lab's data sets: Fashion-MNIST and scikit-learn's digits.
pub fn ensure_data() -> Result<(), String> {
    ensure_fashion_mnist()?;
    ensure_digits()
}

/// Installs or checks everything `need` requires.
pub fn ensure(need: Need) -> Result<Tools, String> {
    ensure_wasm_target()?;
    let trunk_spec = format!("trunk@{TRUNK}");
    ensure_cargo_tool(
        "trunk",
        &format!("trunk {TRUNK}"),
        &["install", &trunk_spec, "--locked"],
    )?;
    // Without --locked: the registry lacks the locked webpki-roots.
    let bindgen_spec = format!("wasm-bindgen-cli@{WASM_BINDGEN}");
    ensure_cargo_tool(
        "wasm-bindgen",
        &format!("wasm-bindgen {WASM_BINDGEN}"),
        &["install", &bindgen_spec],
    )?;
    ensure_split_tool()?;
    let wasm_opt_dir = ensure_npm_tools()?;
    ensure_data()?;
    let chromedriver = match need {
        Need::Build => PathBuf::from("/usr/bin/chromedriver"),
        Need::Everything => ensure_chromium()?,
    };
    println!(
        "setup: tools ready (trunk {TRUNK}, wasm-bindgen {WASM_BINDGEN}, wasm-split-cli {WASM_SPLIT}, wasm-opt {BINARYEN}, esbuild {ESBUILD}, axe-core {AXE_CORE}, TensorFlow.js {TFJS}, Fashion-MNIST and digits{})",
        if need == Need::Everything {
            ", chromium + chromedriver"
        } else {
            ""
        }
    );
    Ok(Tools {
        wasm_opt_dir,
        chromedriver,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wasm_bindgen_pins_agree() {
        let root = workspace_root();
        let cargo = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
        assert!(cargo.contains(&format!("wasm-bindgen = \"={WASM_BINDGEN}\"")));
        let trunk = std::fs::read_to_string(root.join("Trunk.toml")).unwrap();
        assert!(trunk.contains(&format!("wasm_bindgen = \"{WASM_BINDGEN}\"")));
        let lock = std::fs::read_to_string(root.join("Cargo.lock")).unwrap();
        assert!(lock.contains(&format!(
            "name = \"wasm-bindgen\"\nversion = \"{WASM_BINDGEN}\""
        )));
    }
}
