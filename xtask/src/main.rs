//! `cargo xtask <command>`: one-command setup, serve, build and test for Sepconv.

mod bench;
mod lab;
mod lab_assets;
mod setup;
mod split;
mod unused_exports;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use xtask::workspace_root;

const USAGE: &str = "\
cargo xtask <command>

  serve                  install what is missing, build, serve on http://127.0.0.1:8080
                         with live reload
  build [--public-url P] release static site in dist/ (default public URL './',
                         which works under any sub-path)
  test                   install what is missing, then run every check and test:
                         fmt, clippy (native and wasm32), native tests, component
                         tests in headless Chromium, end-to-end tests on the release build,
                         a quick benchmark run (budgets not enforced)
  setup                  only install or check the tools
  screenshot [--query Q] [--out DIR] [--screen WxH]...
                         PNGs of the release build at 1280×800 and 360×740, light and dark;
                         with --screen, only what that screen shows (a projector)
  bench [--quick]        build, then measure the page in headless Chromium and the
                         calculator natively; table + target/bench/report.json; fails
                         when a full run exceeds a budget in xtask/budgets.toml
  lab [--quick] [flags]  train the lab's nets natively over seeds; writes
                         train/results/lab.tsv (`cargo xtask lab --help` for flags)
";

/// A step failed: what to tell the user.
type Result<T = ()> = std::result::Result<T, String>;

/// One named step of `cargo xtask test`.
type Step<'a> = (&'static str, Box<dyn Fn() -> Result + 'a>);

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(),
        Some("build") => build(&args[1..]),
        Some("test") => test(),
        Some("setup") => setup::ensure(setup::Need::Everything).map(|_| ()),
        Some("screenshot") => screenshot(&args[1..]),
        Some("bench") => bench(&args[1..]),
        Some("lab") => lab::lab(&args[1..]),
        Some("help" | "--help" | "-h") | None => {
            print!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command '{other}'\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Runs a command in the workspace root, inheriting output; fails on a non-zero exit.
fn run(program: &str, args: &[&str], env: &[(&str, String)]) -> Result {
    let mut command = Command::new(program);
    command.args(args).current_dir(workspace_root());
    for (key, value) in env {
        command.env(key, value);
    }
    let status = command
        .status()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed ({status})", args.join(" ")))
    }
}

/// PATH with the project's wasm-opt first, so Trunk picks it over any other.
fn tool_path(tools: &setup::Tools) -> String {
    let path = std::env::var("PATH").unwrap_or_default();
    format!("{}:{path}", tools.wasm_opt_dir.display())
}

fn trunk(tools: &setup::Tools, args: &[&str]) -> Result {
    run("trunk", args, &[("PATH", tool_path(tools))])
}

fn dist() -> PathBuf {
    workspace_root().join("dist")
}

/// Trunk builds the site; then the module is split (see `split`).
fn build_release(tools: &setup::Tools, public_url: &str) -> Result {
    run(
        "trunk",
        &["build", "--release", "--public-url", public_url],
        &[
            ("PATH", tool_path(tools)),
            ("RUSTFLAGS", split::rustflags()),
        ],
    )?;
    let hash = split::split_into(tools, &dist())?;
    lab_assets::write_into(tools, &dist(), &hash)?;
    let (raw, gzip) = site_size(&dist())?;
    println!(
        "built dist/: {:.1} KB raw, {:.1} KB gzip (level 9)",
        raw as f64 / 1024.0,
        gzip as f64 / 1024.0
    );
    Ok(())
}

/// Total raw and gzip-compressed bytes of the files in a folder.
fn site_size(dir: &Path) -> Result<(u64, u64)> {
    let (mut raw, mut gzip) = (0, 0);
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            let (r, g) = site_size(&path)?;
            raw += r;
            gzip += g;
        } else {
            raw += path.metadata().map_err(|e| e.to_string())?.len();
            let out = Command::new("gzip")
                .args(["-9", "-c"])
                .arg(&path)
                .output()
                .map_err(|e| format!("gzip: {e}"))?;
            gzip += out.stdout.len() as u64;
        }
    }
    Ok((raw, gzip))
}

fn serve() -> Result {
    let tools = setup::ensure(setup::Need::Build)?;
    println!("Serving Sepconv at http://127.0.0.1:8080 with live reload (Ctrl-C stops)");
    trunk(&tools, &["serve"])
}

fn build(args: &[String]) -> Result {
    let public_url = match args {
        [] => "./".to_string(),
        [flag, url] if flag == "--public-url" => url.clone(),
        _ => {
            return Err(format!(
                "usage: cargo xtask build [--public-url P]\n\n{USAGE}"
            ))
        }
    };
    let tools = setup::ensure(setup::Need::Build)?;
    build_release(&tools, &public_url)
}

fn test() -> Result {
    let tools = setup::ensure(setup::Need::Everything)?;
    let chromedriver = ("CHROMEDRIVER", tools.chromedriver.display().to_string());
    let steps: Vec<Step> = vec![
        (
            "format",
            Box::new(|| run("cargo", &["fmt", "--all", "--check"], &[])),
        ),
        (
            "clippy, native",
            Box::new(|| {
                run(
                    "cargo",
                    &[
                        "clippy",
                        "--workspace",
                        "--all-targets",
                        "--",
                        "-D",
                        "warnings",
                    ],
                    &[],
                )
            }),
        ),
        (
            "clippy, wasm32",
            Box::new(|| {
                run(
                    "cargo",
                    &[
                        "clippy",
                        "-p",
                        "sepconv-web",
                        "--all-targets",
                        "--target",
                        "wasm32-unknown-unknown",
                        "--",
                        "-D",
                        "warnings",
                    ],
                    &[],
                )
            }),
        ),
        (
            "clippy, the lab's worker (wasm32)",
            Box::new(|| {
                run(
                    "cargo",
                    &[
                        "clippy",
                        "-p",
                        "sepconv-worker",
                        "--features",
                        "glue",
                        "--all-targets",
                        "--target",
                        "wasm32-unknown-unknown",
                        "--",
                        "-D",
                        "warnings",
                    ],
                    &[],
                )
            }),
        ),
        ("release build", Box::new(|| build_release(&tools, "./"))),
        (
            "native tests: calculator, CLI, app logic, xtask, end-to-end",
            Box::new(|| run("cargo", &["test", "--workspace"], &[])),
        ),
        (
            "component tests in headless Chromium",
            Box::new(|| {
                run(
                    "cargo",
                    &[
                        "test",
                        "-p",
                        "sepconv-web",
                        "--target",
                        "wasm32-unknown-unknown",
                        "--test",
                        "web",
                    ],
                    std::slice::from_ref(&chromedriver),
                )
            }),
        ),
        (
            "benchmark harness, quick run (budgets not enforced)",
            Box::new(|| bench::measure(bench::Plan::QUICK, &dist())),
        ),
    ];
    let started = Instant::now();
    for (name, step) in &steps {
        let t = Instant::now();
        println!("\n==> {name}");
        step().map_err(|e| format!("{name}: {e}"))?;
        println!("==> {name}: ok ({:.0} s)", t.elapsed().as_secs_f64());
    }
    println!(
        "\nall {} steps passed in {:.0} s",
        steps.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn bench(args: &[String]) -> Result {
    let plan = match args {
        [] => bench::Plan::FULL,
        [flag] if flag == "--quick" => bench::Plan::QUICK,
        _ => return Err(format!("usage: cargo xtask bench [--quick]\n\n{USAGE}")),
    };
    let tools = setup::ensure(setup::Need::Everything)?;
    build_release(&tools, "./")?;
    bench::measure(plan, &dist())
}

fn screenshot(args: &[String]) -> Result {
    let mut query = String::new();
    let mut out = workspace_root().join("target/screenshots");
    // `--screen WxH`: only what a screen of that size shows, where the link
    // scrolls to (a projector); otherwise whole pages at 1280 and 360 wide.
    let mut screens = Vec::new();
    let mut iter = args.iter();
    while let Some(flag) = iter.next() {
        let value = iter.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--query" => query = value.clone(),
            "--out" => out = PathBuf::from(value),
            "--screen" => screens.push(
                value
                    .split_once('x')
                    .and_then(|(w, h)| Some((w.parse::<u32>().ok()?, h.parse::<u32>().ok()?)))
                    .filter(|&(w, h)| (200..=4000).contains(&w) && (200..=4000).contains(&h))
                    .ok_or(format!(
                        "--screen {value}: expected WIDTHxHEIGHT, such as 1920x1080"
                    ))?,
            ),
            _ => return Err(format!("unknown flag {flag}\n\n{USAGE}")),
        }
    }
    let tools = setup::ensure(setup::Need::Everything)?;
    if !dist().join("index.html").is_file() {
        build_release(&tools, "./")?;
    }
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let browser = xtask::browser::Browser::start(&dist(), "/", 1280, 800).await?;
        let whole_page = screens.is_empty();
        if whole_page {
            screens = vec![(1280, 800), (360, 740)];
        }
        for (width, height) in screens {
            for scheme in ["light", "dark"] {
                browser.resize(width, height).await?;
                browser
                    .emulate_media(
                        serde_json::json!([{"name": "prefers-color-scheme", "value": scheme}]),
                    )
                    .await?;
                browser.open(&query).await?;
                let png = if whole_page {
                    browser.screenshot().await?
                } else {
                    // Where the link's #section is, as a reader landing there
                    // sees it; again once the sections above have settled.
                    let to_hash = "if (location.hash) document.querySelector(location.hash)?.scrollIntoView(); return null;";
                    browser.eval(to_hash).await?;
                    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
                    browser.eval(to_hash).await?;
                    browser.screen_shot().await?
                };
                let file = out.join(format!("{width}x{height}-{scheme}.png"));
                std::fs::write(&file, png).map_err(|e| e.to_string())?;
                println!("{}", file.display());
            }
        }
        let errors = browser.console_errors().await?;
        browser.close().await;
        if errors.is_empty() {
            Ok(())
        } else {
            Err(format!("console errors: {errors:?}"))
        }
    })
}
