//! Computes at build time what the page states but need not compute itself:
//!
//! - the counts the first screen states (src/facts.rs). The answers at the top
//!   quote MobileNet's cost against the full-convolution network's; computing it
//!   in the page would put the network builder into the first load (about 10 KB
//!   gzip), so the build computes it and the page carries two numbers;
//! - the lab's measured results (src/lab/results.rs): `train/results/lab.tsv`
//!   parsed and summarised by `sepconv_train::results` (mean ± sd over seeds),
//!   with each net's parameters and MACs counted by the calculator. Parsing the
//!   file in the page would bring the standard library's float parser (about
//!   15 KB gzip) into the lab's code for numbers that never change; the page
//!   carries the summary as a table of constants instead;
//! - the first screen's measured answer to "does separable win at equal
//!   cost?" (src/facts.rs), worded by the lab's own words (src/lab/verdict.rs).

use std::fmt::Write;
use std::path::PathBuf;

use sepconv_calc::network::{Convention, MobileNetV1, V1Variant};
use sepconv_calc::{Bias, Layer};
use sepconv_train::net::LayerKind;
use sepconv_train::results::{self, MeanSd, Summary};
use sepconv_train::{Family, NetSpec};

#[path = "lab/verdict.rs"]
#[allow(dead_code)]
mod verdict;

fn macs(variant: V1Variant) -> u64 {
    MobileNetV1 {
        variant,
        ..MobileNetV1::default()
    }
    .build()
    .expect("1.0 MobileNet-224 builds")
    .totals(Convention::Paper)
    .macs
}

/// The equal-budget answer on Fashion-MNIST, as src/lab/findings.rs words it.
fn equal_cost(file: &results::LabResults) -> String {
    let groups = results::summary(&file.rows);
    let accuracy = |experiment: &str, family: &str| {
        let g = groups
            .iter()
            .find(|g| {
                (g.experiment.as_str(), g.dataset.as_str(), g.family.as_str())
                    == (experiment, "fashion-mnist", family)
            })
            .unwrap_or_else(|| panic!("lab.tsv: no {experiment} {family} on fashion-mnist"));
        let a = g.test_accuracy.expect("lab.tsv: runs have accuracies");
        (
            verdict::Accuracy {
                mean: a.mean,
                sd: a.sd,
            },
            a.n,
        )
    };
    let (wide, seeds) = accuracy("equal_budget", "separable");
    let (standard, _) = accuracy("twins", "standard");
    verdict::equal_cost_answer("Fashion-MNIST", wide, standard, seeds)
}

fn facts(file: &results::LabResults) -> String {
    format!(
        "/// MACs of 1.0 MobileNet-224, counted as the paper counts.\n\
         pub const MOBILENET_MACS: u64 = {};\n\
         /// MACs of the paper's Conv MobileNet (full 3×3 convolutions), same counting.\n\
         pub const CONV_MOBILENET_MACS: u64 = {};\n\
         /// The lab's measured answer at equal cost (Fashion-MNIST).\n\
         pub const LAB_EQUAL_COST: &str = {:?};\n",
        macs(V1Variant::Separable),
        macs(V1Variant::FullConv),
        equal_cost(file),
    )
}

/// Parameters and MACs of a lab net, layer by layer from the calculator: a
/// standard or dense layer as a standard convolution, a depthwise layer and
/// the pointwise layer after it as one separable pair. Every convolution of the
/// lab's nets has a bias (PyTorch's convention).
fn calculator_counts(spec: &NetSpec) -> (u64, u64) {
    let layers = spec.layers().expect("the lab's nets build");
    let (mut params, mut macs) = (0, 0);
    let mut i = 0;
    while i < layers.len() {
        let (kind, shape) = &layers[i];
        let cost = match kind {
            LayerKind::Depthwise => {
                let (_, pointwise) = &layers[i + 1];
                let dm = shape.out_channels / shape.in_channels;
                i += 1;
                Layer::new(shape.calc_spec(pointwise.out_channels, dm, Bias::Both))
                    .expect("the calculator counts the lab's layers")
                    .separable()
            }
            _ => Layer::new(shape.calc_spec(shape.out_channels, 1, Bias::Both))
                .expect("the calculator counts the lab's layers")
                .standard(),
        };
        params += cost.params;
        macs += cost.macs;
        i += 1;
    }
    (params, macs)
}

/// The lab's data sets: the name in the file, the page's variant, the input.
const DATA: [(&str, &str, (usize, usize)); 2] = [
    ("fashion-mnist", "LabData::FashionMnist", (28, 28)),
    ("digits", "LabData::Digits", (8, 8)),
];

fn data(name: &str) -> (&'static str, (usize, usize)) {
    DATA.iter()
        .find(|(n, _, _)| *n == name)
        .map(|&(_, variant, input)| (variant, input))
        .unwrap_or_else(|| panic!("lab.tsv: unknown data set {name:?}"))
}

fn family(name: &str) -> Family {
    Family::from_name(name).unwrap_or_else(|| panic!("lab.tsv: unknown family {name:?}"))
}

fn experiment(name: &str) -> &'static str {
    match name {
        "twins" => "Experiment::Twins",
        "frontier" => "Experiment::Frontier",
        "equal_budget" => "Experiment::EqualBudget",
        other => panic!("lab.tsv: unknown experiment {other:?}"),
    }
}

/// `MeanSd { .. }` as Rust source; floats in Rust's shortest round-trip form.
fn mean_sd(value: Option<MeanSd>, what: &str) -> String {
    let v = value.unwrap_or_else(|| panic!("lab.tsv: a group without {what}"));
    format!(
        "MeanSd {{ mean: {:?}, sd: {:?}, n: {} }}",
        v.mean, v.sd, v.n
    )
}

/// The lab's results as Rust constants (src/lab/results.rs defines the types).
fn lab_results(file: &results::LabResults) -> String {
    let meta = |key: &str| {
        file.meta(key)
            .unwrap_or_else(|| panic!("lab.tsv: no '# {key}:' line"))
            .to_string()
    };
    let duration: u64 = meta("duration")
        .trim_end_matches(" s")
        .parse()
        .expect("lab.tsv: '# duration: N s'");
    let mut out = String::new();
    let _ = writeln!(
        out,
        "/// The header of `train/results/lab.tsv`.\n\
         pub const META: Meta = Meta {{ command: {:?}, commit: {:?}, date: {:?}, duration_seconds: {duration}, machine: {:?}, settings: {:?} }};",
        meta("command"),
        meta("commit"),
        meta("date"),
        meta("machine"),
        meta("settings"),
    );
    let groups = results::summary(&file.rows);
    // The first row of a group: its image counts.
    let first_row = |g: &Summary| {
        file.rows
            .iter()
            .find(|r| {
                (
                    &r.experiment,
                    &r.dataset,
                    &r.family,
                    r.alpha.to_bits(),
                    r.layer,
                ) == (
                    &g.experiment,
                    &g.dataset,
                    &g.family,
                    g.alpha.to_bits(),
                    g.layer,
                )
            })
            .expect("a group has rows")
    };
    out.push_str("/// Every trained net, summarised over its seeds, in the file's order.\npub const RUNS: &[Run] = &[\n");
    for g in groups.iter().filter(|g| g.experiment != "separability") {
        let (variant, input) = data(&g.dataset);
        let family = family(&g.family);
        let (params, macs) = calculator_counts(&NetSpec::lab(family, input, g.alpha));
        let row = first_row(g);
        let _ = writeln!(
            out,
            "    Run {{ experiment: {}, data: {variant}, family: Family::{family:?}, alpha: {:?}, epochs: {}, train_images: {}, test_images: {}, params: {}, macs: {}, calculator: Counts {{ params: {params}, macs: {macs} }}, accuracy: {}, seconds: {} }},",
            experiment(&g.experiment),
            g.alpha,
            g.epochs,
            row.train_images,
            row.test_images,
            g.params,
            g.macs,
            mean_sd(g.test_accuracy, "test accuracy"),
            mean_sd(g.train_seconds, "training time"),
        );
    }
    out.push_str("];\n");
    out.push_str("/// How separable the trained standard kernels are, per layer, in the file's order.\npub const KERNELS: &[KernelShares] = &[\n");
    for g in groups.iter().filter(|g| g.experiment == "separability") {
        let (variant, input) = data(&g.dataset);
        let layer = g
            .layer
            .expect("lab.tsv: a separability row without its layer");
        let spec = NetSpec::lab(family(&g.family), input, g.alpha);
        let layers = spec.layers().expect("the lab's nets build");
        let (_, shape) = layers
            .get(layer as usize)
            .unwrap_or_else(|| panic!("lab.tsv: no layer {layer}"));
        let _ = writeln!(
            out,
            "    KernelShares {{ data: {variant}, alpha: {:?}, layer: {layer}, in_channels: {}, out_channels: {}, kernel: {}, init: {}, trained: {} }},",
            g.alpha,
            shape.in_channels,
            shape.out_channels,
            shape.kernel,
            mean_sd(g.init_share, "init_share"),
            mean_sd(g.trained_share, "trained_share"),
        );
    }
    out.push_str("];\n");
    out
}

fn main() {
    println!("cargo:rerun-if-changed=src/build.rs");
    println!("cargo:rerun-if-changed=calc/src");
    println!("cargo:rerun-if-changed=train/src");
    println!("cargo:rerun-if-changed=train/results/lab.tsv");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let tsv = std::fs::read_to_string("train/results/lab.tsv").expect("train/results/lab.tsv");
    let file = results::parse(&tsv).expect("train/results/lab.tsv parses");
    std::fs::write(out.join("facts.rs"), facts(&file)).expect("OUT_DIR is writable");
    std::fs::write(out.join("lab_results.rs"), lab_results(&file)).expect("OUT_DIR is writable");
}
