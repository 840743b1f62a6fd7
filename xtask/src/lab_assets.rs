//! The lab's files in `dist/`, fetched only when the reader trains or times:
//! the worker (`sepconv-worker-<hash>.js` and its `.wasm`), the packed data sets
//! (`<set>-<split>-<checksum>.scds`) and the manifest naming them
//! (`sepconv-lab-<hash>.txt`), where `<hash>` is the page's build hash, so the
//! page finds the worker of its own build.
//!
//! The worker is built apart from the page: its own target directory (the
//! page's flags would rebuild everything), SIMD128 on (the trainer's lanes), and
//! the trainer at opt-level 3 (Cargo.toml). The data are the very subsets
//! `cargo xtask lab` trains on (`lab.rs`), so browser and native runs see the
//! same images.

use std::path::{Path, PathBuf};
use std::time::Instant;

use sepconv_train::Dataset;
use sepconv_worker::manifest::{self, DataFile, Manifest, SetInfo};
use sepconv_worker::protocol::{DataSet, Split};
use xtask::workspace_root;

use crate::{lab, run, setup, Result};

/// The worker's target directory, apart from the page's.
fn target_dir() -> PathBuf {
    workspace_root().join("target/worker")
}

/// Builds the worker and packs the data into `dist`, for the page of `hash`.
pub fn write_into(tools: &setup::Tools, dist: &Path, hash: &str) -> Result {
    let started = Instant::now();
    let worker = build_worker(tools, dist, hash)?;
    let mut files = Vec::new();
    let mut data_bytes = 0;
    for (set, train, test) in data()? {
        for (split, data) in [(Split::Train, &train), (Split::Test, &test)] {
            let packed = data.pack();
            let checksum = u32::from_le_bytes(
                packed[packed.len() - 4..]
                    .try_into()
                    .expect("a packed set ends in its checksum"),
            );
            let file = format!("{}-{}-{checksum:08x}.scds", set.name(), split.name());
            write(&dist.join(&file), &packed)?;
            data_bytes += packed.len() as u64;
            files.push(DataFile {
                set,
                split,
                file,
                bytes: packed.len() as u64,
                checksum,
                images: data.len() as u32,
                width: data.width() as u32,
                height: data.height() as u32,
                classes: data.classes() as u32,
            });
        }
    }
    let manifest = Manifest {
        worker: format!("sepconv-worker-{hash}.js"),
        sets: DataSet::ALL.into_iter().map(info).collect(),
        files,
    };
    let text = manifest.to_text()?;
    write(&dist.join(manifest::file_name(hash)), text.as_bytes())?;
    println!(
        "lab: worker {:.1} KB gzip, data {:.1} MB raw ({:.0} s)",
        worker as f64 / 1024.0,
        data_bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The lab's subsets: Fashion-MNIST's 6,000 + 1,000 and digits' 1,397 + 400.
fn data() -> Result<Vec<(DataSet, Dataset, Dataset)>> {
    setup::ensure_data()?;
    let (digits_train, digits_test) = lab::load_digits()?;
    let (fashion_train, fashion_test) = lab::load_fashion(lab::FASHION_TRAIN, lab::FASHION_TEST)?;
    Ok(vec![
        (DataSet::Digits, digits_train, digits_test),
        (DataSet::FashionMnist, fashion_train, fashion_test),
    ])
}

/// Who made each data set, under which licence, and what the build took.
fn info(set: DataSet) -> SetInfo {
    let (title, source, licence, url, subset) = match set {
        DataSet::Digits => (
            "Digits",
            "UCI ML hand-written digits (Alpaydin and Kaynak), as scikit-learn ships them (Debian's python3-sklearn)",
            "BSD-3-Clause",
            "https://archive.ics.uci.edu/dataset/80/optical+recognition+of+handwritten+digits",
            format!(
                "all 1,797 images of 8×8 pixels: 1,397 to train, 400 to test (40 of each class, seed {})",
                lab::DATA_SEED
            ),
        ),
        DataSet::FashionMnist => (
            "Fashion-MNIST",
            "Zalando Research (Xiao, Rasul and Vollgraf 2017), from Debian's dataset-fashion-mnist",
            "MIT",
            "https://github.com/zalandoresearch/fashion-mnist",
            format!(
                "{} training and {} test images of 28×28 pixels, as many of each class, drawn with seed {}",
                thousands(lab::FASHION_TRAIN),
                thousands(lab::FASHION_TEST),
                lab::DATA_SEED
            ),
        ),
    };
    SetInfo {
        set,
        title: title.into(),
        source: source.into(),
        licence: licence.into(),
        url: url.into(),
        subset,
    }
}

fn thousands(n: usize) -> String {
    if n >= 1000 {
        format!("{},{:03}", n / 1000, n % 1000)
    } else {
        n.to_string()
    }
}

/// Builds the worker; writes `sepconv-worker-<hash>.js` (its entry and
/// wasm-bindgen's glue in one minified module) and its `.wasm` into `dist`.
/// Returns their gzip size.
fn build_worker(tools: &setup::Tools, dist: &Path, hash: &str) -> Result<u64> {
    let target = target_dir();
    run(
        "cargo",
        &[
            "build",
            "--release",
            "--quiet",
            "-p",
            "sepconv-worker",
            "--bin",
            "sepconv-worker",
            "--features",
            "glue",
            "--target",
            "wasm32-unknown-unknown",
        ],
        &[
            ("CARGO_TARGET_DIR", target.display().to_string()),
            // Replaces .cargo/config.toml's flags, which are the page's.
            ("RUSTFLAGS", "-C target-feature=+simd128".to_string()),
        ],
    )?;
    let module = target.join("wasm32-unknown-unknown/release/sepconv-worker.wasm");
    let glue_dir = target.join("glue");
    let _ = std::fs::remove_dir_all(&glue_dir);
    let stem = format!("sepconv-worker-{hash}");
    run(
        "wasm-bindgen",
        &[
            &module.display().to_string(),
            "--out-dir",
            &glue_dir.display().to_string(),
            "--out-name",
            &stem,
            "--target",
            "web",
            "--no-typescript",
        ],
        &[],
    )?;
    let wasm = dist.join(format!("{stem}_bg.wasm"));
    std::fs::copy(glue_dir.join(format!("{stem}_bg.wasm")), &wasm)
        .map_err(|e| format!("{}: {e}", wasm.display()))?;
    // The worker's first lines: start the module; if it cannot start (no SIMD128,
    // the .wasm not found), say so to the page instead of dying silently.
    let entry = glue_dir.join("entry.js");
    write(
        &entry,
        format!(
            "import init from \"./{stem}.js\";\n\
             init().catch((e) => postMessage({{ v: {}, type: \"failed\", id: 0, \
             message: \"the worker's WebAssembly did not start: \" + e }}));\n",
            sepconv_worker::protocol::VERSION
        )
        .as_bytes(),
    )?;
    let script = dist.join(format!("{stem}.js"));
    let esbuild = tools.wasm_opt_dir.join("esbuild").display().to_string();
    run(
        &esbuild,
        &[
            &entry.display().to_string(),
            "--bundle",
            "--minify",
            "--format=esm",
            "--log-level=warning",
            &format!("--outfile={}", script.display()),
        ],
        &[],
    )?;
    Ok(gzip_size(&script)? + gzip_size(&wasm)?)
}

fn gzip_size(path: &Path) -> Result<u64> {
    let out = std::process::Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .output()
        .map_err(|e| format!("gzip: {e}"))?;
    Ok(out.stdout.len() as u64)
}

fn write(path: &Path, bytes: &[u8]) -> Result {
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_set_is_described_for_the_reader() {
        for set in DataSet::ALL {
            let i = info(set);
            assert!(!i.title.is_empty() && !i.licence.is_empty(), "{set:?}");
            assert!(i.url.starts_with("https://"), "{set:?}");
        }
        assert!(info(DataSet::FashionMnist)
            .subset
            .starts_with("6,000 training and 1,000 test"));
        assert_eq!(thousands(1397), "1,397");
        assert_eq!(thousands(400), "400");
    }
}
