//! The lab's results file (`train/results/lab.tsv`): its format, a parser, and the
//! summary (mean ± sample standard deviation per group) that the page and the
//! README both show.
//!
//! The file is tab-separated text: comment lines starting with `#` (`# key: value`,
//! e.g. the command, commit, date, duration and machine), one header row with the
//! column names of [`COLUMNS`], then one row per run or per measured layer. A value
//! that does not apply is `-`.
//!
//! - Runs (`twins`, `frontier`, `equal_budget`): a net trained on a data set with a
//!   seed; `layer` and the shares are `-`. The twins are both families at α = 1;
//!   the frontier is every α, the twins' rows included.
//! - `separability`: one row per standard 3×3 convolution after the stem of a
//!   trained standard net (`layer` is its index among the net's convolutions, 0 =
//!   stem), with `init_share` and `trained_share`; the run's description repeats
//!   (data set to MACs), its results are `-`.

use crate::error::Error;

/// The columns, in order.
pub const COLUMNS: [&str; 16] = [
    "experiment",
    "dataset",
    "family",
    "alpha",
    "seed",
    "epochs",
    "train_images",
    "test_images",
    "params",
    "macs",
    "test_accuracy",
    "test_loss",
    "train_seconds",
    "layer",
    "init_share",
    "trained_share",
];

/// One row of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// `twins`, `frontier`, `equal_budget` or `separability`.
    pub experiment: String,
    /// `fashion-mnist` or `digits`.
    pub dataset: String,
    /// `standard` or `separable`.
    pub family: String,
    /// Width multiplier α.
    pub alpha: f64,
    /// The run's seed.
    pub seed: u64,
    /// Epochs trained.
    pub epochs: u32,
    /// Training images.
    pub train_images: u64,
    /// Test images.
    pub test_images: u64,
    /// Parameters of the net.
    pub params: u64,
    /// MACs of one image's forward pass.
    pub macs: u64,
    /// Test accuracy, 0 to 1.
    pub test_accuracy: Option<f64>,
    /// Mean test loss.
    pub test_loss: Option<f64>,
    /// Training time (s), measured by the runner.
    pub train_seconds: Option<f64>,
    /// Separability rows: the layer's index among the net's convolutions.
    pub layer: Option<u32>,
    /// Separability rows: share at initialisation.
    pub init_share: Option<f64>,
    /// Separability rows: share after training.
    pub trained_share: Option<f64>,
}

/// The parsed file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LabResults {
    /// `# key: value` comment lines, in order.
    pub meta: Vec<(String, String)>,
    /// The rows, in order.
    pub rows: Vec<Row>,
}

impl LabResults {
    /// The value of a `# key: value` line.
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.meta
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

fn optional<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(|| "-".to_string(), |v| v.to_string())
}

impl Row {
    /// The header row.
    pub fn header() -> String {
        COLUMNS.join("\t")
    }

    /// The row as a line of the file (no newline). Floats are written with Rust's
    /// shortest round-trip form, so parsing gives back the same bits.
    pub fn to_line(&self) -> String {
        [
            self.experiment.clone(),
            self.dataset.clone(),
            self.family.clone(),
            self.alpha.to_string(),
            self.seed.to_string(),
            self.epochs.to_string(),
            self.train_images.to_string(),
            self.test_images.to_string(),
            self.params.to_string(),
            self.macs.to_string(),
            optional(self.test_accuracy),
            optional(self.test_loss),
            optional(self.train_seconds),
            optional(self.layer),
            optional(self.init_share),
            optional(self.trained_share),
        ]
        .join("\t")
    }
}

/// Parses the file.
///
/// # Errors
/// [`Error::Results`] naming the line and column of the first problem.
pub fn parse(text: &str) -> Result<LabResults, Error> {
    let mut results = LabResults::default();
    let mut header_seen = false;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        if let Some(comment) = line.strip_prefix('#') {
            if let Some((key, value)) = comment.split_once(':') {
                results
                    .meta
                    .push((key.trim().to_string(), value.trim().to_string()));
            }
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if !header_seen {
            if fields != COLUMNS {
                return Err(Error::Results(format!(
                    "line {number}: expected the header {:?}",
                    Row::header()
                )));
            }
            header_seen = true;
            continue;
        }
        results.rows.push(parse_row(&fields, number)?);
    }
    if !header_seen {
        return Err(Error::Results("no header row".into()));
    }
    Ok(results)
}

fn parse_row(fields: &[&str], number: usize) -> Result<Row, Error> {
    if fields.len() != COLUMNS.len() {
        return Err(Error::Results(format!(
            "line {number}: {} fields, expected {}",
            fields.len(),
            COLUMNS.len()
        )));
    }
    let bad = |column: usize| {
        Error::Results(format!(
            "line {number}: bad {} '{}'",
            COLUMNS[column], fields[column]
        ))
    };
    let number_at =
        |column: usize| -> Result<u64, Error> { fields[column].parse().map_err(|_| bad(column)) };
    let float_at = |column: usize| -> Result<f64, Error> {
        fields[column]
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| bad(column))
    };
    let maybe = |column: usize| -> Result<Option<f64>, Error> {
        match fields[column] {
            "-" => Ok(None),
            _ => float_at(column).map(Some),
        }
    };
    Ok(Row {
        experiment: fields[0].to_string(),
        dataset: fields[1].to_string(),
        family: fields[2].to_string(),
        alpha: float_at(3)?,
        seed: number_at(4)?,
        epochs: u32::try_from(number_at(5)?).map_err(|_| bad(5))?,
        train_images: number_at(6)?,
        test_images: number_at(7)?,
        params: number_at(8)?,
        macs: number_at(9)?,
        test_accuracy: maybe(10)?,
        test_loss: maybe(11)?,
        train_seconds: maybe(12)?,
        layer: match fields[13] {
            "-" => None,
            _ => Some(u32::try_from(number_at(13)?).map_err(|_| bad(13))?),
        },
        init_share: maybe(14)?,
        trained_share: maybe(15)?,
    })
}

/// Mean and sample standard deviation (n − 1) of some values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeanSd {
    /// Mean.
    pub mean: f64,
    /// Sample standard deviation (0 for a single value).
    pub sd: f64,
    /// Number of values.
    pub n: usize,
}

impl MeanSd {
    /// Of `values`; `None` when there are none.
    pub fn of(values: &[f64]) -> Option<MeanSd> {
        if values.is_empty() {
            return None;
        }
        let n = values.len();
        let mean = values.iter().sum::<f64>() / n as f64;
        let sd = if n > 1 {
            (values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1) as f64).sqrt()
        } else {
            0.0
        };
        Some(MeanSd { mean, sd, n })
    }
}

/// The rows of one group: same experiment, data set, family, α and layer.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Experiment.
    pub experiment: String,
    /// Data set.
    pub dataset: String,
    /// Family.
    pub family: String,
    /// Width multiplier.
    pub alpha: f64,
    /// Separability rows: the layer.
    pub layer: Option<u32>,
    /// Parameters (the first row's; equal within a group).
    pub params: u64,
    /// MACs per image (the first row's).
    pub macs: u64,
    /// Epochs (the first row's).
    pub epochs: u32,
    /// Number of rows (seeds).
    pub seeds: usize,
    /// Test accuracy over the seeds.
    pub test_accuracy: Option<MeanSd>,
    /// Test loss over the seeds.
    pub test_loss: Option<MeanSd>,
    /// Training time over the seeds.
    pub train_seconds: Option<MeanSd>,
    /// Share at initialisation.
    pub init_share: Option<MeanSd>,
    /// Share after training.
    pub trained_share: Option<MeanSd>,
}

/// Groups rows by (experiment, data set, family, α, layer), in the order groups
/// first appear, and summarises each over its seeds.
pub fn summary(rows: &[Row]) -> Vec<Summary> {
    let key = |r: &Row| {
        (
            r.experiment.clone(),
            r.dataset.clone(),
            r.family.clone(),
            r.alpha.to_bits(),
            r.layer,
        )
    };
    let mut keys: Vec<_> = Vec::new();
    for row in rows {
        if !keys.contains(&key(row)) {
            keys.push(key(row));
        }
    }
    keys.into_iter()
        .map(|k| {
            let group: Vec<&Row> = rows.iter().filter(|r| key(r) == k).collect();
            let stat = |f: &dyn Fn(&Row) -> Option<f64>| {
                MeanSd::of(&group.iter().filter_map(|r| f(r)).collect::<Vec<_>>())
            };
            let first = group[0];
            Summary {
                experiment: first.experiment.clone(),
                dataset: first.dataset.clone(),
                family: first.family.clone(),
                alpha: first.alpha,
                layer: first.layer,
                params: first.params,
                macs: first.macs,
                epochs: first.epochs,
                seeds: group.len(),
                test_accuracy: stat(&|r| r.test_accuracy),
                test_loss: stat(&|r| r.test_loss),
                train_seconds: stat(&|r| r.train_seconds),
                init_share: stat(&|r| r.init_share),
                trained_share: stat(&|r| r.trained_share),
            }
        })
        .collect()
}
