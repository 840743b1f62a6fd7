//! The lab's manifest: which worker and which data files a build ships, with
//! their sizes, checksums, sources and licences. `cargo xtask build` writes it
//! next to the page (`sepconv-lab-<build hash>.txt`); the page reads it before
//! it fetches anything else for the lab, and shows the sources and licences.
//!
//! One record a line, its fields separated by tabs (written `→` here), `#`
//! starting a comment line:
//!
//! ```text
//! sepconv-lab → 1
//! worker → sepconv-worker-<hash>.js
//! set → <name> → <title> → <source> → <licence> → <url> → <subset>
//! file → <name> → <split> → <file> → <bytes> → <checksum: 8 hex digits> → <images> → <width> → <height> → <classes>
//! ```

use std::fmt::Write as _;

use crate::protocol::{DataSet, Split};

/// The format's version.
pub const FORMAT: u32 = 1;

/// The manifest's file name for the page of build `hash`: the page finds it from
/// its own module's name (`sepconv-web-<hash>.js`), so it reads its build's.
pub fn file_name(hash: &str) -> String {
    format!("sepconv-lab-{hash}.txt")
}

/// A data set's description, for the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetInfo {
    /// Which.
    pub set: DataSet,
    /// Its name for people ("Fashion-MNIST").
    pub title: String,
    /// Who made it, and where the build took it from.
    pub source: String,
    /// Its licence (SPDX where there is one).
    pub licence: String,
    /// Its home page (shown, never fetched).
    pub url: String,
    /// What the build took of it ("6,000 training and 1,000 test images, …").
    pub subset: String,
}

/// One packed file (`Dataset::pack`'s format).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataFile {
    /// Which data set.
    pub set: DataSet,
    /// Which split.
    pub split: Split,
    /// Its name, beside the page.
    pub file: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its FNV-1a checksum (its last 4 bytes, little-endian).
    pub checksum: u32,
    /// Images in it.
    pub images: u32,
    /// Image width.
    pub width: u32,
    /// Image height.
    pub height: u32,
    /// Classes.
    pub classes: u32,
}

/// What a build ships for the lab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// The worker's script, beside the page.
    pub worker: String,
    /// The data sets.
    pub sets: Vec<SetInfo>,
    /// Their files: each set's train and test split.
    pub files: Vec<DataFile>,
}

impl Manifest {
    /// The file of `set`'s `split`.
    pub fn file(&self, set: DataSet, split: Split) -> Option<&DataFile> {
        self.files.iter().find(|f| (f.set, f.split) == (set, split))
    }

    /// The description of `set`.
    pub fn info(&self, set: DataSet) -> Option<&SetInfo> {
        self.sets.iter().find(|s| s.set == set)
    }

    /// Bytes to fetch for `set` (both splits).
    pub fn bytes(&self, set: DataSet) -> u64 {
        self.files
            .iter()
            .filter(|f| f.set == set)
            .map(|f| f.bytes)
            .sum()
    }

    /// The manifest as text.
    ///
    /// # Errors
    /// A field holding a tab or a line break, or a file name the page would not
    /// fetch (see [`Manifest::parse`]).
    pub fn to_text(&self) -> Result<String, String> {
        let mut out = format!(
            "# Sepconv lab: the worker and data of this build (cargo xtask build).\nsepconv-lab\t{FORMAT}\nworker\t{}\n",
            self.worker
        );
        for s in &self.sets {
            let fields = [
                s.set.name(),
                &s.title,
                &s.source,
                &s.licence,
                &s.url,
                &s.subset,
            ];
            out.push_str(&line("set", &fields)?);
        }
        for f in &self.files {
            let fields = [
                f.set.name().to_string(),
                f.split.name().to_string(),
                f.file.clone(),
                f.bytes.to_string(),
                format!("{:08x}", f.checksum),
                f.images.to_string(),
                f.width.to_string(),
                f.height.to_string(),
                f.classes.to_string(),
            ];
            out.push_str(&line("file", &fields.each_ref().map(String::as_str))?);
        }
        // The text must read back: a check of the writer, not of the reader.
        Manifest::parse(&out)?;
        Ok(out)
    }

    /// Reads a manifest, checking that every set has both splits and every file
    /// name is a plain name beside the page (letters, digits, `.`, `-`, `_`).
    ///
    /// # Errors
    /// A message naming the line at fault.
    pub fn parse(text: &str) -> Result<Manifest, String> {
        let mut version = None;
        let mut worker = None;
        let mut sets = Vec::new();
        let mut files = Vec::new();
        for (n, raw) in text.lines().enumerate() {
            if raw.trim().is_empty() || raw.starts_with('#') {
                continue;
            }
            let at = |what: &str| format!("lab manifest, line {}: {what}", n + 1);
            let fields: Vec<&str> = raw.split('\t').collect();
            let set = |i: usize| {
                DataSet::from_name(fields[i])
                    .ok_or_else(|| at(&format!("unknown data set '{}'", fields[i])))
            };
            let number = |i: usize| -> Result<u64, String> {
                fields[i]
                    .parse()
                    .map_err(|_| at(&format!("'{}' is not a whole number", fields[i])))
            };
            match (fields[0], fields.len()) {
                ("sepconv-lab", 2) => version = Some(number(1)?),
                ("worker", 2) => worker = Some(plain_name(fields[1]).map_err(|e| at(&e))?),
                ("set", 7) => sets.push(SetInfo {
                    set: set(1)?,
                    title: fields[2].to_string(),
                    source: fields[3].to_string(),
                    licence: fields[4].to_string(),
                    url: fields[5].to_string(),
                    subset: fields[6].to_string(),
                }),
                ("file", 10) => files.push(DataFile {
                    set: set(1)?,
                    split: Split::from_name(fields[2])
                        .ok_or_else(|| at(&format!("unknown split '{}'", fields[2])))?,
                    file: plain_name(fields[3]).map_err(|e| at(&e))?,
                    bytes: number(4)?,
                    checksum: u32::from_str_radix(fields[5], 16)
                        .ok()
                        .filter(|_| fields[5].len() == 8)
                        .ok_or_else(|| at(&format!("checksum '{}'", fields[5])))?,
                    images: small(number(6)?).ok_or_else(|| at("too many images"))?,
                    width: small(number(7)?).ok_or_else(|| at("width"))?,
                    height: small(number(8)?).ok_or_else(|| at("height"))?,
                    classes: small(number(9)?).ok_or_else(|| at("classes"))?,
                }),
                (kind, count) => {
                    return Err(at(&format!("unexpected record '{kind}' of {count} fields")))
                }
            }
        }
        if version != Some(u64::from(FORMAT)) {
            return Err(format!(
                "lab manifest: format {version:?}, this page reads format {FORMAT}"
            ));
        }
        let worker = worker.ok_or("lab manifest: no worker")?;
        for s in &sets {
            for split in Split::ALL {
                if !files.iter().any(|f| (f.set, f.split) == (s.set, split)) {
                    return Err(format!(
                        "lab manifest: no {} file for {}",
                        split.name(),
                        s.set.name()
                    ));
                }
            }
        }
        Ok(Manifest {
            worker,
            sets,
            files,
        })
    }
}

fn small(n: u64) -> Option<u32> {
    u32::try_from(n).ok()
}

fn line(kind: &str, fields: &[&str]) -> Result<String, String> {
    let mut out = kind.to_string();
    for f in fields {
        if f.contains(['\t', '\n', '\r']) {
            return Err(format!("lab manifest: a tab or line break in '{f}'"));
        }
        let _ = write!(out, "\t{f}");
    }
    out.push('\n');
    Ok(out)
}

/// A file name the page may fetch: beside it, never elsewhere.
fn plain_name(name: &str) -> Result<String, String> {
    let ok = !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if ok {
        Ok(name.to_string())
    } else {
        Err(format!("'{name}' is not a plain file name"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Manifest {
        let file = |split, name: &str| DataFile {
            set: DataSet::Digits,
            split,
            file: name.into(),
            bytes: 89_424,
            checksum: 0x0012_abcd,
            images: 1397,
            width: 8,
            height: 8,
            classes: 10,
        };
        Manifest {
            worker: "sepconv-worker-0123abcd.js".into(),
            sets: vec![SetInfo {
                set: DataSet::Digits,
                title: "Digits".into(),
                source: "scikit-learn (UCI optical digits)".into(),
                licence: "BSD-3-Clause".into(),
                url: "https://scikit-learn.org/".into(),
                subset: "all 1,797 images: 1,397 to train, 400 to test".into(),
            }],
            files: vec![
                file(Split::Train, "digits-train-0012abcd.scds"),
                file(Split::Test, "digits-test-0012abcd.scds"),
            ],
        }
    }

    #[test]
    fn reads_back_what_it_writes() {
        let text = sample().to_text().unwrap();
        assert_eq!(Manifest::parse(&text), Ok(sample()));
        let m = sample();
        assert_eq!(m.bytes(DataSet::Digits), 2 * 89_424);
        assert_eq!(m.bytes(DataSet::FashionMnist), 0);
        assert_eq!(m.file(DataSet::Digits, Split::Test).unwrap().images, 1397);
        assert!(m.info(DataSet::FashionMnist).is_none());
    }

    #[test]
    fn refuses_what_the_page_must_not_fetch_or_cannot_use() {
        let text = sample().to_text().unwrap();
        let bad = |from: &str, to: &str| {
            assert!(text.contains(from), "{from}");
            Manifest::parse(&text.replace(from, to)).unwrap_err()
        };
        assert!(
            bad("sepconv-worker-0123abcd.js", "https://cdn.example/w.js")
                .contains("not a plain file name")
        );
        assert!(bad("digits-test-0012abcd.scds", "../secret").contains("line"));
        assert!(bad("sepconv-lab\t1", "sepconv-lab\t2").contains("format Some(2)"));
        assert!(bad("\t0012abcd\t1397", "\tzz\t1397").contains("checksum"));
        assert!(bad("\t89424\t", "\t-5\t").contains("not a whole number"));
        assert!(bad("file\tdigits\ttest", "file\tmnist\ttest").contains("unknown data set"));
        assert!(bad("file\tdigits\ttest", "file\tdigits\tvalidation").contains("unknown split"));
        let without_test: String = text
            .lines()
            .filter(|l| !l.contains("\ttest\t"))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(
            Manifest::parse(&without_test).unwrap_err(),
            "lab manifest: no test file for digits"
        );
        let mut tabbed = sample();
        tabbed.sets[0].title = "a\tb".into();
        assert!(tabbed.to_text().is_err());
    }
}
