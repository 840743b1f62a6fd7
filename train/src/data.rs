//! Labelled grey-scale images: parsers for the two data sets' files, fixed seeded
//! subsets, and a compact packed format for the page.
//!
//! Pixels are bytes, 0 (background) to 255; a network sees `pixel / 255`.

use crate::error::Error;
use crate::rng::Rng;
use crate::tensor::Tensor;

/// Images of one size with a label each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dataset {
    width: usize,
    height: usize,
    classes: usize,
    pixels: Vec<u8>,
    labels: Vec<u8>,
}

/// IDX magic numbers (big-endian u32): unsigned bytes, 3 and 1 dimensions.
const IDX_IMAGES: u32 = 2051;
const IDX_LABELS: u32 = 2049;

/// The packed format's magic and version.
const PACK_MAGIC: &[u8; 4] = b"SCDS";
const PACK_VERSION: u16 = 1;
/// Magic, version, classes, width, height (u16 each after the magic), count (u32).
const PACK_HEADER: usize = 4 + 2 + 2 + 2 + 2 + 4;

impl Dataset {
    /// Checks and wraps images stored row-major one after another.
    ///
    /// # Errors
    /// [`Error::Data`] if the sizes disagree or a label is not below `classes`.
    pub fn new(
        width: usize,
        height: usize,
        classes: usize,
        pixels: Vec<u8>,
        labels: Vec<u8>,
    ) -> Result<Dataset, Error> {
        if width == 0 || height == 0 || classes == 0 || classes > 256 {
            return Err(Error::Data(format!(
                "{width}×{height} images in {classes} classes"
            )));
        }
        if pixels.len() != labels.len() * width * height {
            return Err(Error::Data(format!(
                "{} pixels for {} images of {width}×{height}",
                pixels.len(),
                labels.len()
            )));
        }
        if let Some(bad) = labels.iter().find(|&&l| l as usize >= classes) {
            return Err(Error::Data(format!("label {bad} with {classes} classes")));
        }
        Ok(Dataset {
            width,
            height,
            classes,
            pixels,
            labels,
        })
    }

    /// Image width.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Image height.
    pub fn height(&self) -> usize {
        self.height
    }

    /// Number of classes.
    pub fn classes(&self) -> usize {
        self.classes
    }

    /// Number of images.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether there is no image.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// The pixels of image `i`, row-major.
    pub fn image(&self, i: usize) -> &[u8] {
        let size = self.width * self.height;
        &self.pixels[i * size..(i + 1) * size]
    }

    /// All labels.
    pub fn labels(&self) -> &[u8] {
        &self.labels
    }

    /// Images per class.
    pub fn class_counts(&self) -> Vec<usize> {
        let mut counts = vec![0; self.classes];
        for &l in &self.labels {
            counts[l as usize] += 1;
        }
        counts
    }

    /// Parses the IDX files of (Fashion-)MNIST, already decompressed: images with
    /// magic 2051 (count, rows, columns, then bytes) and labels with magic 2049.
    ///
    /// # Errors
    /// [`Error::Data`] for a wrong magic, a truncated file or counts that differ.
    pub fn from_idx(images: &[u8], labels: &[u8], classes: usize) -> Result<Dataset, Error> {
        let word = |bytes: &[u8], i: usize| -> Result<usize, Error> {
            bytes
                .get(4 * i..4 * i + 4)
                .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
                .ok_or_else(|| Error::Data("IDX header truncated".into()))
        };
        if word(images, 0)? != IDX_IMAGES as usize {
            return Err(Error::Data(format!(
                "IDX images: magic {}, expected {IDX_IMAGES}",
                word(images, 0)?
            )));
        }
        if word(labels, 0)? != IDX_LABELS as usize {
            return Err(Error::Data(format!(
                "IDX labels: magic {}, expected {IDX_LABELS}",
                word(labels, 0)?
            )));
        }
        let (count, rows, cols) = (word(images, 1)?, word(images, 2)?, word(images, 3)?);
        if word(labels, 1)? != count {
            return Err(Error::Data(format!(
                "{count} images but {} labels",
                word(labels, 1)?
            )));
        }
        let too_big = || Error::Data(format!("IDX header: {count} images of {rows}×{cols}"));
        let size = count
            .checked_mul(rows)
            .and_then(|v| v.checked_mul(cols))
            .and_then(|v| v.checked_add(16))
            .ok_or_else(too_big)?;
        let pixels = images
            .get(16..size)
            .ok_or_else(|| Error::Data("IDX images truncated".into()))?;
        let label_bytes = labels
            .get(8..8usize.checked_add(count).ok_or_else(too_big)?)
            .ok_or_else(|| Error::Data("IDX labels truncated".into()))?;
        Dataset::new(cols, rows, classes, pixels.to_vec(), label_bytes.to_vec())
    }

    /// Parses scikit-learn's `digits.csv` (decompressed): one image per line, 64
    /// comma-separated values 0–16 (8×8, row-major), then the label 0–9. Values are
    /// scaled to bytes as round(v · 255 / 16).
    ///
    /// # Errors
    /// [`Error::Data`] naming the first bad line.
    pub fn from_digits_csv(text: &str) -> Result<Dataset, Error> {
        let mut pixels = Vec::new();
        let mut labels = Vec::new();
        for (number, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let bad = |what: &str| Error::Data(format!("digits line {}: {what}", number + 1));
            let values: Vec<u32> = line
                .split(',')
                .map(|v| {
                    v.trim()
                        .parse::<f64>()
                        .ok()
                        .filter(|x| x.fract() == 0.0 && *x >= 0.0)
                })
                .map(|v| v.map(|x| x as u32))
                .collect::<Option<_>>()
                .ok_or_else(|| bad("not whole numbers"))?;
            if values.len() != 65 {
                return Err(bad(&format!("{} values, expected 65", values.len())));
            }
            if values[..64].iter().any(|&v| v > 16) || values[64] > 9 {
                return Err(bad("value out of range"));
            }
            pixels.extend(values[..64].iter().map(|&v| ((v * 255 + 8) / 16) as u8));
            labels.push(values[64] as u8);
        }
        Dataset::new(8, 8, 10, pixels, labels)
    }

    /// The images at `indices`, in that order.
    pub fn select(&self, indices: &[usize]) -> Dataset {
        let size = self.width * self.height;
        let mut pixels = Vec::with_capacity(indices.len() * size);
        for &i in indices {
            pixels.extend_from_slice(self.image(i));
        }
        Dataset {
            width: self.width,
            height: self.height,
            classes: self.classes,
            pixels,
            labels: indices.iter().map(|&i| self.labels[i]).collect(),
        }
    }

    /// A class-balanced subset: `per_class` images of each class drawn at random
    /// (seeded), kept in their original order.
    ///
    /// # Errors
    /// [`Error::Data`] if a class has fewer images.
    pub fn balanced_subset(&self, per_class: usize, seed: u64) -> Result<Dataset, Error> {
        let (chosen, _) = self.stratified_indices(per_class, seed)?;
        Ok(self.select(&chosen))
    }

    /// Splits into (train, test) with `test_per_class` test images of each class
    /// drawn at random (seeded); everything else is training data. Both keep the
    /// original order.
    ///
    /// # Errors
    /// [`Error::Data`] if a class has too few images.
    pub fn stratified_split(
        &self,
        test_per_class: usize,
        seed: u64,
    ) -> Result<(Dataset, Dataset), Error> {
        let (test, rest) = self.stratified_indices(test_per_class, seed)?;
        Ok((self.select(&rest), self.select(&test)))
    }

    /// (chosen, the rest): `per_class` indices of each class, drawn by shuffling
    /// each class's indices with its own seeded stream.
    fn stratified_indices(
        &self,
        per_class: usize,
        seed: u64,
    ) -> Result<(Vec<usize>, Vec<usize>), Error> {
        let mut chosen = vec![false; self.len()];
        for class in 0..self.classes {
            let mut members: Vec<usize> = (0..self.len())
                .filter(|&i| self.labels[i] as usize == class)
                .collect();
            if members.len() < per_class {
                return Err(Error::Data(format!(
                    "class {class} has {} images, {per_class} wanted",
                    members.len()
                )));
            }
            Rng::stream(seed, class as u64).shuffle(&mut members);
            for &i in &members[..per_class] {
                chosen[i] = true;
            }
        }
        let (yes, no) = (0..self.len()).partition(|&i| chosen[i]);
        Ok((yes, no))
    }

    /// A batch as the network's input: 1 × batch × H × W, pixel / 255; and the
    /// labels.
    pub fn batch(&self, indices: &[usize]) -> (Tensor, Vec<u8>) {
        let size = self.width * self.height;
        let mut data = Vec::with_capacity(indices.len() * size);
        for &i in indices {
            data.extend(self.image(i).iter().map(|&p| f32::from(p) / 255.0));
        }
        let labels = indices.iter().map(|&i| self.labels[i]).collect();
        (
            Tensor::from_vec(1, indices.len(), self.height, self.width, data),
            labels,
        )
    }

    /// The packed form, for the page: a 16-byte header (magic `SCDS`, version,
    /// classes, width, height as little-endian u16, count as u32), the pixels,
    /// the labels, then the FNV-1a hash of everything before it (u32).
    ///
    /// # Panics
    /// If a size does not fit its field (more than 65,535 pixels wide, …).
    pub fn pack(&self) -> Vec<u8> {
        let field = |v: usize| u16::try_from(v).expect("size fits the packed header");
        let mut out = Vec::with_capacity(PACK_HEADER + self.pixels.len() + self.len() + 4);
        out.extend_from_slice(PACK_MAGIC);
        out.extend_from_slice(&PACK_VERSION.to_le_bytes());
        for v in [self.classes, self.width, self.height] {
            out.extend_from_slice(&field(v).to_le_bytes());
        }
        let count = u32::try_from(self.len()).expect("count fits the packed header");
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&self.pixels);
        out.extend_from_slice(&self.labels);
        let hash = fnv1a32(&out);
        out.extend_from_slice(&hash.to_le_bytes());
        out
    }

    /// Reads [`Dataset::pack`]'s format, checking magic, version, sizes and hash.
    ///
    /// # Errors
    /// [`Error::Data`] saying which check failed.
    pub fn unpack(bytes: &[u8]) -> Result<Dataset, Error> {
        if bytes.len() < PACK_HEADER + 4 {
            return Err(Error::Data(format!("{} bytes: too short", bytes.len())));
        }
        if &bytes[..4] != PACK_MAGIC {
            return Err(Error::Data("not a packed data set (magic)".into()));
        }
        let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]) as usize;
        let version = u16_at(4);
        if version != PACK_VERSION as usize {
            return Err(Error::Data(format!("packed format version {version}")));
        }
        let (classes, width, height) = (u16_at(6), u16_at(8), u16_at(10));
        let count = u32::from_le_bytes([bytes[12], bytes[13], bytes[14], bytes[15]]) as usize;
        let body = count
            .checked_mul(width * height + 1)
            .filter(|b| *b <= bytes.len())
            .ok_or_else(|| Error::Data(format!("{} bytes: too short", bytes.len())))?;
        if bytes.len() != PACK_HEADER + body + 4 {
            return Err(Error::Data(format!(
                "{} bytes for {count} images of {width}×{height}",
                bytes.len()
            )));
        }
        let (content, hash) = bytes.split_at(PACK_HEADER + body);
        let stored = u32::from_le_bytes([hash[0], hash[1], hash[2], hash[3]]);
        if fnv1a32(content) != stored {
            return Err(Error::Data("checksum mismatch: the file is damaged".into()));
        }
        let pixels_end = PACK_HEADER + count * width * height;
        Dataset::new(
            width,
            height,
            classes,
            bytes[PACK_HEADER..pixels_end].to_vec(),
            bytes[pixels_end..PACK_HEADER + body].to_vec(),
        )
    }
}

/// The 32-bit FNV-1a hash (offset basis 2166136261, prime 16777619).
pub fn fnv1a32(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5, |h, &b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}
