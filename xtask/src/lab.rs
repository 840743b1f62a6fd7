//! `cargo xtask lab`: trains the lab's networks natively and writes the results
//! file the page and the README read (`train/results/lab.tsv`).
//!
//! Four experiments share the runs (issue 17):
//! 1. twins: the standard net and its separable twin at α = 1;
//! 2. equal budget: the separable net widened to the standard net's MACs;
//! 3. frontier: both families at every α (the twins are its α = 1 points);
//! 4. separability: how much of each trained standard kernel's energy the nearest
//!    separable kernel captures, against the same at initialisation.
//!
//! Every run trains on a fixed, seeded, class-balanced subset of the data (the
//! subset's seed is [`DATA_SEED`], the same for every run), with the run's seed
//! for the weights and the shuffle. The library has no clock: runs are timed here.
//! Training code must be optimised to finish in reasonable time, so a debug build
//! of xtask re-runs itself once with the trainer compiled at opt-level 3 (profile
//! `lab`, in `target/lab/`).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use sepconv_train::results::{self, Row};
use sepconv_train::{Dataset, Family, Hyperparameters, NetSpec, Trainer};
use xtask::workspace_root;

use crate::setup;

/// Seed of the fixed training and test subsets (not of the runs).
pub const DATA_SEED: u64 = 17;

/// Fashion-MNIST's fixed subset: training and test images (class-balanced). The
/// page's lab trains on the same images (`lab_assets.rs` packs them).
pub const FASHION_TRAIN: usize = 6000;
/// See [`FASHION_TRAIN`].
pub const FASHION_TEST: usize = 1000;

/// Set in the optimised child process so that it does not re-run itself.
const CHILD: &str = "SEPCONV_LAB_OPTIMISED";

/// What to run; every field has an explicit flag.
#[derive(Debug, Clone, PartialEq)]
struct Plan {
    seeds: u64,
    datasets: Vec<String>,
    alphas: Vec<f64>,
    fashion_epochs: u32,
    digits_epochs: u32,
    fashion_train: usize,
    fashion_test: usize,
    jobs: usize,
    out: PathBuf,
}

const USAGE: &str = "\
cargo xtask lab [--quick] [--seeds N] [--datasets fashion-mnist,digits] [--alphas 0.25,0.5,1,1.5,2]
                [--fashion-epochs E] [--digits-epochs E] [--fashion-train N] [--fashion-test N]
                [--jobs J] [--out FILE]

  Trains both families at each α (and the separable net widened to the standard
  net's MACs) for seeds 1..N on each data set and writes one TSV file.
  Defaults: 5 seeds, both data sets, α 0.25,0.5,1,1.5,2, 6 epochs on Fashion-MNIST
  (6,000 training and 1,000 test images, class-balanced) and 30 on digits (1,397 /
  400), 1 job, train/results/lab.tsv.
  --quick: digits only, 2 seeds, α 0.5,1, 1 epoch, out target/lab/lab-quick.tsv
  (a smoke run of seconds); later flags still override it.";

impl Plan {
    fn full() -> Plan {
        Plan {
            seeds: 5,
            datasets: vec!["fashion-mnist".into(), "digits".into()],
            alphas: vec![0.25, 0.5, 1.0, 1.5, 2.0],
            fashion_epochs: 6,
            digits_epochs: 30,
            fashion_train: FASHION_TRAIN,
            fashion_test: FASHION_TEST,
            // On the build machine two runs side by side each took 2.5 times as
            // long as one alone (the two cores share their caches and memory).
            jobs: 1,
            out: workspace_root().join("train/results/lab.tsv"),
        }
    }

    fn quick() -> Plan {
        Plan {
            seeds: 2,
            datasets: vec!["digits".into()],
            alphas: vec![0.5, 1.0],
            digits_epochs: 1,
            jobs: 1,
            out: workspace_root().join("target/lab/lab-quick.tsv"),
            ..Plan::full()
        }
    }

    fn parse(args: &[String]) -> Result<Plan, String> {
        let mut plan = if args.iter().any(|a| a == "--quick") {
            Plan::quick()
        } else {
            Plan::full()
        };
        let mut iter = args.iter().filter(|a| *a != "--quick");
        while let Some(flag) = iter.next() {
            let value = iter
                .next()
                .ok_or_else(|| format!("{flag} needs a value\n\n{USAGE}"))?;
            let number = |v: &str| -> Result<u64, String> {
                v.parse::<u64>()
                    .ok()
                    .filter(|&n| n > 0)
                    .ok_or_else(|| format!("{flag}: '{v}' is not a whole number ≥ 1"))
            };
            match flag.as_str() {
                "--seeds" => plan.seeds = number(value)?,
                "--datasets" => {
                    plan.datasets = value.split(',').map(str::to_string).collect();
                    if let Some(bad) = plan
                        .datasets
                        .iter()
                        .find(|d| *d != "fashion-mnist" && *d != "digits")
                    {
                        return Err(format!(
                            "--datasets: unknown '{bad}' (fashion-mnist, digits)"
                        ));
                    }
                }
                "--alphas" => {
                    plan.alphas = value
                        .split(',')
                        .map(|a| a.parse::<f64>().ok().filter(|a| *a > 0.0 && *a <= 8.0))
                        .collect::<Option<_>>()
                        .ok_or_else(|| format!("--alphas: '{value}' (numbers in (0, 8])"))?;
                }
                "--fashion-epochs" => plan.fashion_epochs = number(value)? as u32,
                "--digits-epochs" => plan.digits_epochs = number(value)? as u32,
                "--fashion-train" => plan.fashion_train = number(value)? as usize,
                "--fashion-test" => plan.fashion_test = number(value)? as usize,
                "--jobs" => plan.jobs = number(value)? as usize,
                "--out" => plan.out = PathBuf::from(value),
                _ => return Err(format!("unknown flag {flag}\n\n{USAGE}")),
            }
        }
        if plan.fashion_train % 10 != 0 || plan.fashion_test % 10 != 0 {
            return Err(
                "--fashion-train and --fashion-test must be multiples of 10 (class-balanced)"
                    .into(),
            );
        }
        Ok(plan)
    }

    /// The settings in one line, for the file's header.
    fn describe(&self) -> String {
        let alphas: Vec<String> = self.alphas.iter().map(|a| a.to_string()).collect();
        format!(
            "seeds 1-{}; datasets {}; alphas {}; epochs fashion-mnist {}, digits {}; fashion-mnist {} train / {} test; data seed {DATA_SEED}; batch {}, Adam lr {}; jobs {}",
            self.seeds,
            self.datasets.join(","),
            alphas.join(","),
            self.fashion_epochs,
            self.digits_epochs,
            self.fashion_train,
            self.fashion_test,
            Hyperparameters::default().batch_size,
            Hyperparameters::default().learning_rate,
            self.jobs
        )
    }
}

/// One data set: name, train and test images, epochs to train.
struct LabData {
    name: String,
    train: Dataset,
    test: Dataset,
    epochs: u32,
}

/// Fashion-MNIST's IDX files, decompressed.
fn read_gz(path: &Path) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(bytes)
}

/// The fixed class-balanced subsets of Fashion-MNIST's training and test sets.
pub fn load_fashion(train: usize, test: usize) -> Result<(Dataset, Dataset), String> {
    let dir = Path::new(setup::FASHION_MNIST_DIR);
    let load = |images: &str, labels: &str| -> Result<Dataset, String> {
        Dataset::from_idx(
            &read_gz(&dir.join(images))?,
            &read_gz(&dir.join(labels))?,
            10,
        )
        .map_err(|e| e.to_string())
    };
    let full_train = load("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz")?;
    let full_test = load("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")?;
    let pick = |d: &Dataset, n: usize| {
        d.balanced_subset(n / 10, DATA_SEED)
            .map_err(|e| e.to_string())
    };
    Ok((pick(&full_train, train)?, pick(&full_test, test)?))
}

/// scikit-learn's digits split into 1,397 training and 400 test images (40 per class).
pub fn load_digits() -> Result<(Dataset, Dataset), String> {
    let bytes = read_gz(&setup::digits_file())?;
    let text = String::from_utf8(bytes).map_err(|e| format!("digits.csv: {e}"))?;
    let all = Dataset::from_digits_csv(&text).map_err(|e| e.to_string())?;
    all.stratified_split(40, DATA_SEED)
        .map_err(|e| e.to_string())
}

fn load(plan: &Plan) -> Result<Vec<LabData>, String> {
    plan.datasets
        .iter()
        .map(|name| {
            let ((train, test), epochs) = match name.as_str() {
                "fashion-mnist" => (
                    load_fashion(plan.fashion_train, plan.fashion_test)?,
                    plan.fashion_epochs,
                ),
                _ => (load_digits()?, plan.digits_epochs),
            };
            Ok(LabData {
                name: name.clone(),
                train,
                test,
                epochs,
            })
        })
        .collect()
}

/// One training run.
#[derive(Debug, Clone)]
struct Job {
    experiment: &'static str,
    data: usize,
    spec: NetSpec,
    seed: u64,
}

/// Every run, in the file's order: per data set and seed, the frontier over α
/// (the twins at α = 1), then the equal-budget separable net.
fn jobs(plan: &Plan, data: &[LabData]) -> Result<Vec<Job>, String> {
    let mut jobs = Vec::new();
    for (d, set) in data.iter().enumerate() {
        let input = (set.train.height(), set.train.width());
        for seed in 1..=plan.seeds {
            for &alpha in &plan.alphas {
                for family in Family::ALL {
                    jobs.push(Job {
                        experiment: if alpha == 1.0 { "twins" } else { "frontier" },
                        data: d,
                        spec: NetSpec::lab(family, input, alpha),
                        seed,
                    });
                }
            }
            let standard = NetSpec::lab(Family::Standard, input, 1.0);
            jobs.push(Job {
                experiment: "equal_budget",
                data: d,
                spec: standard
                    .separable_with_equal_macs()
                    .map_err(|e| e.to_string())?,
                seed,
            });
        }
    }
    Ok(jobs)
}

/// Trains one net; returns its row and, for a standard net, one separability row
/// per 3×3 convolution after the stem.
fn run(job: &Job, set: &LabData) -> Result<Vec<Row>, String> {
    let hyper = Hyperparameters::default();
    let mut trainer =
        Trainer::new(&job.spec, set.train.clone(), job.seed, hyper).map_err(|e| e.to_string())?;
    let initial = trainer.net().separability();
    let start = Instant::now();
    for _ in 0..set.epochs {
        trainer.train_epoch();
    }
    let seconds = start.elapsed().as_secs_f64();
    let eval = trainer.evaluate(&set.test).map_err(|e| e.to_string())?;
    let row = Row {
        experiment: job.experiment.to_string(),
        dataset: set.name.clone(),
        family: job.spec.family.name().to_string(),
        alpha: job.spec.alpha,
        seed: job.seed,
        epochs: set.epochs,
        train_images: set.train.len() as u64,
        test_images: set.test.len() as u64,
        params: job.spec.params().map_err(|e| e.to_string())?,
        macs: job.spec.macs().map_err(|e| e.to_string())?,
        test_accuracy: Some(shortest(eval.accuracy)),
        test_loss: Some(shortest(eval.loss)),
        train_seconds: Some((seconds * 1000.0).round() / 1000.0),
        layer: None,
        init_share: None,
        trained_share: None,
    };
    let mut rows = vec![row.clone()];
    for (before, after) in initial.iter().zip(trainer.net().separability()) {
        rows.push(Row {
            experiment: "separability".into(),
            test_accuracy: None,
            test_loss: None,
            train_seconds: None,
            layer: Some(after.layer as u32),
            init_share: Some(before.share),
            trained_share: Some(after.share),
            ..row.clone()
        });
    }
    Ok(rows)
}

/// An f32 as the f64 of its shortest decimal form (0.715, not 0.7149999737739563).
fn shortest(value: f32) -> f64 {
    value.to_string().parse().unwrap_or(f64::NAN)
}

/// A run's rows, or why it failed.
type RunResult = Result<Vec<Row>, String>;

/// Runs every job on `threads` threads; results in job order.
fn run_all(jobs: &[Job], data: &[LabData], threads: usize) -> Result<Vec<Row>, String> {
    // Longest first, so the threads finish together.
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(jobs[i].spec.macs().unwrap_or(0)));
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<RunResult>>> = Mutex::new(vec![None; jobs.len()]);
    let started = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                let Some(&i) = order.get(k) else { break };
                let job = &jobs[i];
                let result = run(job, &data[job.data]);
                if let Ok(rows) = &result {
                    let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                    let r = &rows[0];
                    println!(
                        "lab: [{n}/{}] {} {} {} α={} seed {}: accuracy {:.4}, {:.1} s ({:.0} s elapsed)",
                        jobs.len(),
                        r.dataset,
                        r.experiment,
                        r.family,
                        r.alpha,
                        r.seed,
                        r.test_accuracy.unwrap_or(f64::NAN),
                        r.train_seconds.unwrap_or(f64::NAN),
                        started.elapsed().as_secs_f64()
                    );
                }
                results.lock().expect("no thread panicked")[i] = Some(result);
            });
        }
    });
    let mut rows = Vec::new();
    for result in results.into_inner().expect("no thread panicked") {
        rows.extend(result.expect("every job ran")?);
    }
    Ok(rows)
}

/// The file: comment header, header row, rows.
fn render(command: &str, commit: &str, plan: &Plan, seconds: f64, rows: &[Row]) -> String {
    let date = Command::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M:%S UTC"])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let mut text = String::new();
    text.push_str("# Sepconv lab results: see train/src/results.rs for the format.\n");
    text.push_str(&format!("# command: {command}\n"));
    text.push_str(&format!("# commit: {commit}\n"));
    text.push_str(&format!("# date: {date}\n"));
    text.push_str(&format!("# duration: {seconds:.0} s\n"));
    text.push_str(&format!("# machine: {}\n", machine()));
    text.push_str(&format!("# settings: {}\n", plan.describe()));
    text.push_str(&Row::header());
    text.push('\n');
    for row in rows {
        text.push_str(&row.to_line());
        text.push('\n');
    }
    text
}

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(workspace_root())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The commit the run starts from, marked when tracked files differ from it.
fn commit() -> String {
    let commit = git(&["rev-parse", "HEAD"]).unwrap_or_else(|| "unknown".into());
    let dirty =
        git(&["status", "--porcelain", "--untracked-files=no"]).is_some_and(|s| !s.is_empty());
    if dirty {
        format!("{commit} (with uncommitted changes)")
    } else {
        commit
    }
}

/// CPU model, cores and the load when the run ended.
fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .and_then(|l| l.split_once(':'))
        .map_or("unknown CPU", |(_, v)| v.trim())
        .to_string();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load = load
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "{model}, {cores} cores, load average {load} at the end, {} {}",
        std::env::consts::OS,
        std::env::consts::ARCH
    )
}

/// Mean ± sd of test accuracy per group, as the page and README show it.
fn print_summary(rows: &[Row]) {
    println!(
        "\n{:<13} {:<14} {:<10} {:>8} {:>6} {:>9} {:>11} {:>18} {:>9}",
        "dataset",
        "experiment",
        "family",
        "alpha",
        "seeds",
        "params",
        "MACs",
        "test accuracy",
        "train s"
    );
    for s in results::summary(rows) {
        if let Some(acc) = s.test_accuracy {
            println!(
                "{:<13} {:<14} {:<10} {:>8.4} {:>6} {:>9} {:>11} {:>9.2} ± {:>5.2} % {:>9.1}",
                s.dataset,
                s.experiment,
                s.family,
                s.alpha,
                s.seeds,
                s.params,
                s.macs,
                acc.mean * 100.0,
                acc.sd * 100.0,
                s.train_seconds.map_or(f64::NAN, |t| t.mean)
            );
        }
    }
    for s in results::summary(rows) {
        if let (Some(a), Some(b)) = (s.init_share, s.trained_share) {
            println!(
                "{:<13} separability α={} layer {}: at init {:.3} ± {:.3}, trained {:.3} ± {:.3} ({} seeds)",
                s.dataset,
                s.alpha,
                s.layer.unwrap_or(0),
                a.mean,
                a.sd,
                b.mean,
                b.sd,
                s.seeds
            );
        }
    }
}

/// Runs the plan and writes the file.
fn execute(args: &[String]) -> Result<(), String> {
    let plan = Plan::parse(args)?;
    let command = std::iter::once("cargo xtask lab".to_string())
        .chain(args.iter().cloned())
        .collect::<Vec<_>>()
        .join(" ");
    setup::ensure_data()?;
    let commit = commit();
    let started = Instant::now();
    let data = load(&plan)?;
    let jobs = jobs(&plan, &data)?;
    println!("lab: {} runs; {}", jobs.len(), plan.describe());
    let rows = run_all(&jobs, &data, plan.jobs)?;
    let seconds = started.elapsed().as_secs_f64();
    let text = render(&command, &commit, &plan, seconds, &rows);
    if let Some(dir) = plan.out.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(&plan.out, &text).map_err(|e| format!("{}: {e}", plan.out.display()))?;
    // The file must read back with the library's parser, as the page reads it.
    let parsed = results::parse(&text).map_err(|e| e.to_string())?;
    print_summary(&parsed.rows);
    println!(
        "\nlab: wrote {} ({} rows) in {seconds:.0} s",
        plan.out.display(),
        parsed.rows.len()
    );
    Ok(())
}

/// `cargo xtask lab ...`: in a debug build of xtask, builds and runs an optimised
/// one (profile `lab`: dev settings, the trainer at opt-level 3) with the same
/// arguments; otherwise runs the plan.
pub fn lab(args: &[String]) -> Result<(), String> {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return Ok(());
    }
    Plan::parse(args)?;
    if !cfg!(debug_assertions) || std::env::var_os(CHILD).is_some() {
        return execute(args);
    }
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command
        .args(["run", "--quiet", "--package", "xtask", "--profile", "lab"])
        .args(LAB_PROFILE.iter().flat_map(|setting| ["--config", setting]))
        .arg("--")
        .arg("lab")
        .args(args)
        .env(CHILD, "1")
        .current_dir(workspace_root());
    let status = command
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the optimised lab run failed ({status})"))
    }
}

/// The `lab` profile: the dev profile (quick to build) with the trainer and its
/// arithmetic at opt-level 3 and without debug assertions. Given as `--config`
/// so that nothing in the workspace's manifests changes.
const LAB_PROFILE: [&str; 9] = [
    "profile.lab.inherits=\"dev\"",
    "profile.lab.debug=false",
    "profile.lab.incremental=false",
    "profile.lab.package.sepconv-train.opt-level=3",
    // One unit: 30 % faster training than the dev profile's 256.
    "profile.lab.package.sepconv-train.codegen-units=1",
    "profile.lab.package.sepconv-train.debug-assertions=false",
    "profile.lab.package.sepconv-train.overflow-checks=false",
    "profile.lab.package.sepconv-calc.opt-level=3",
    "profile.lab.package.libm.opt-level=3",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn flags_override_the_defaults() {
        assert_eq!(Plan::parse(&[]).unwrap(), Plan::full());
        let quick = Plan::parse(&args("--quick")).unwrap();
        assert_eq!(quick.datasets, ["digits"]);
        let plan = Plan::parse(&args("--quick --seeds 3 --alphas 0.5,2 --jobs 1")).unwrap();
        assert_eq!(
            (plan.seeds, plan.alphas.clone(), plan.jobs),
            (3, vec![0.5, 2.0], 1)
        );
        assert!(Plan::parse(&args("--seeds 0")).is_err());
        assert!(Plan::parse(&args("--seeds")).is_err());
        assert!(Plan::parse(&args("--datasets mnist")).is_err());
        assert!(Plan::parse(&args("--alphas 1,x")).is_err());
        assert!(Plan::parse(&args("--fashion-train 6001")).is_err());
        assert!(Plan::parse(&args("--colour red")).is_err());
    }

    /// The whole pipeline on a small synthetic data set: jobs, training,
    /// separability rows, the file, and reading it back with the library.
    #[test]
    fn a_tiny_lab_writes_a_file_the_library_reads() {
        let mut pixels = Vec::new();
        let mut labels = Vec::new();
        for i in 0..60u32 {
            let class = (i % 10) as u8;
            pixels.extend((0..64u32).map(|p| {
                if p % 10 == u32::from(class) {
                    220
                } else {
                    (p * 7 + i) as u8 % 40
                }
            }));
            labels.push(class);
        }
        let set = Dataset::new(8, 8, 10, pixels, labels).unwrap();
        let data = vec![LabData {
            name: "digits".into(),
            train: set.clone(),
            test: set,
            epochs: 1,
        }];
        let plan = Plan {
            seeds: 2,
            alphas: vec![0.25, 1.0],
            jobs: 2,
            ..Plan::quick()
        };
        let jobs = jobs(&plan, &data).unwrap();
        assert_eq!(jobs.len(), 2 * (2 * 2 + 1));
        let rows = run_all(&jobs, &data, plan.jobs).unwrap();
        let text = render("cargo xtask lab --test", "abc", &plan, 1.0, &rows);
        let parsed = results::parse(&text).unwrap();
        assert_eq!(parsed.rows, rows);
        assert_eq!(parsed.meta("command"), Some("cargo xtask lab --test"));
        let experiments: Vec<&str> = parsed.rows.iter().map(|r| r.experiment.as_str()).collect();
        for e in ["twins", "frontier", "equal_budget", "separability"] {
            assert!(experiments.contains(&e), "{e}");
        }
        // One separability row per block of each standard run.
        let standard_runs = rows
            .iter()
            .filter(|r| r.family == "standard" && r.layer.is_none())
            .count();
        assert_eq!(
            experiments.iter().filter(|e| **e == "separability").count(),
            sepconv_train::net::LAB_BLOCKS.len() * standard_runs
        );
        // Threads do not change results: the same plan on one thread.
        assert_eq!(
            run_all(&jobs, &data, 1)
                .unwrap()
                .iter()
                .map(|r| r.test_loss)
                .collect::<Vec<_>>(),
            rows.iter().map(|r| r.test_loss).collect::<Vec<_>>()
        );
    }
}
