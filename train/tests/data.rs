//! Parsers, subsets and the packed format.

mod common;

use common::bars;
use sepconv_train::data::fnv1a32;
use sepconv_train::Dataset;

/// An IDX pair in memory: `count` images of `rows`×`cols`, pixel = index, labels i mod 10.
fn idx(count: u32, rows: u32, cols: u32) -> (Vec<u8>, Vec<u8>) {
    let mut images = Vec::new();
    for v in [2051, count, rows, cols] {
        images.extend_from_slice(&u32::to_be_bytes(v));
    }
    images.extend((0..count * rows * cols).map(|i| i as u8));
    let mut labels = Vec::new();
    for v in [2049, count] {
        labels.extend_from_slice(&u32::to_be_bytes(v));
    }
    labels.extend((0..count).map(|i| (i % 10) as u8));
    (images, labels)
}

#[test]
fn idx_files_parse() {
    let (images, labels) = idx(3, 2, 4);
    let data = Dataset::from_idx(&images, &labels, 10).unwrap();
    assert_eq!((data.len(), data.height(), data.width()), (3, 2, 4));
    assert_eq!(data.image(1), &[8, 9, 10, 11, 12, 13, 14, 15]);
    assert_eq!(data.labels(), &[0, 1, 2]);
}

#[test]
fn bad_idx_files_are_refused() {
    let (images, labels) = idx(3, 2, 4);
    let mut wrong_magic = images.clone();
    wrong_magic[3] = 0x01;
    assert!(Dataset::from_idx(&wrong_magic, &labels, 10).is_err());
    assert!(Dataset::from_idx(&images[..30], &labels, 10).is_err());
    assert!(Dataset::from_idx(&images, &labels[..9], 10).is_err());
    assert!(Dataset::from_idx(&images[..10], &labels, 10).is_err());
    let (more, _) = idx(4, 2, 4);
    assert!(
        Dataset::from_idx(&more, &labels, 10).is_err(),
        "counts differ"
    );
    assert!(
        Dataset::from_idx(&images, &labels, 2).is_err(),
        "label 2 with 2 classes"
    );
}

#[test]
fn digits_csv_parses_and_scales() {
    let mut line: Vec<String> = (0..64).map(|i| (i % 17).to_string()).collect();
    line.push("7".into());
    let text = format!("{}\n{}\n", line.join(","), line.join(","));
    let data = Dataset::from_digits_csv(&text).unwrap();
    assert_eq!(
        (data.len(), data.width(), data.height(), data.classes()),
        (2, 8, 8, 10)
    );
    assert_eq!(data.labels(), &[7, 7]);
    // 0 → 0, 8 → 128, 16 → 255.
    assert_eq!(
        (data.image(0)[0], data.image(0)[8], data.image(0)[16]),
        (0, 128, 255)
    );
    // The file has floats written as "0.0" too.
    let floats = text.replace(",7\n", ",7.0\n").replace("16,", "16.0,");
    assert_eq!(Dataset::from_digits_csv(&floats).unwrap(), data);
}

#[test]
fn bad_digits_lines_are_named() {
    let mut line: Vec<String> = (0..64).map(|_| "1".to_string()).collect();
    line.push("3".into());
    let good = line.join(",");
    let short = line[1..].join(",");
    let error = Dataset::from_digits_csv(&format!("{good}\n{short}\n")).unwrap_err();
    assert!(error.to_string().contains("line 2"), "{error}");
    let big = good.replacen("1,", "17,", 1);
    assert!(Dataset::from_digits_csv(&big).is_err());
    assert!(Dataset::from_digits_csv(&good.replacen("1,", "x,", 1)).is_err());
}

#[test]
fn balanced_subsets_and_splits_are_seeded_and_stratified() {
    let data = bars(500, 8, 1);
    let subset = data.balanced_subset(20, 5).unwrap();
    assert_eq!(subset.class_counts(), vec![20; 10]);
    assert_eq!(subset, data.balanced_subset(20, 5).unwrap());
    assert_ne!(subset, data.balanced_subset(20, 6).unwrap());
    let (train, test) = data.stratified_split(10, 5).unwrap();
    assert_eq!(test.class_counts(), vec![10; 10]);
    assert_eq!(train.len() + test.len(), 500);
    assert!(data.balanced_subset(51, 5).is_err(), "50 images per class");
}

#[test]
fn packed_format_round_trips_and_detects_damage() {
    let data = bars(37, 8, 2);
    let packed = data.pack();
    assert_eq!(&packed[..4], b"SCDS");
    assert_eq!(packed.len(), 16 + 37 * 65 + 4);
    assert_eq!(Dataset::unpack(&packed).unwrap(), data);
    for i in [0, 5, 20, packed.len() - 40, packed.len() - 1] {
        let mut damaged = packed.clone();
        damaged[i] ^= 0x10;
        assert!(Dataset::unpack(&damaged).is_err(), "byte {i} flipped");
    }
    assert!(Dataset::unpack(&packed[..packed.len() - 1]).is_err());
    let mut huge = packed.clone();
    huge[8..16].copy_from_slice(&[0xff; 8]);
    assert!(Dataset::unpack(&huge).is_err(), "sizes beyond the file");
    assert!(Dataset::unpack(&[]).is_err());
}

#[test]
fn fnv1a_matches_published_values() {
    assert_eq!(fnv1a32(b""), 0x811c_9dc5);
    assert_eq!(fnv1a32(b"a"), 0xe40c_292c);
    assert_eq!(fnv1a32(b"foobar"), 0xbf9c_f968);
}

#[test]
fn batches_scale_pixels() {
    let data = bars(4, 8, 3);
    let (x, labels) = data.batch(&[2, 0]);
    assert_eq!((x.channels, x.batch, x.height, x.width), (1, 2, 8, 8));
    assert_eq!(labels, vec![data.labels()[2], data.labels()[0]]);
    assert_eq!(x.data[0], f32::from(data.image(2)[0]) / 255.0);
    assert_eq!(x.data[64], f32::from(data.image(0)[0]) / 255.0);
}
