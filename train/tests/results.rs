//! The lab's results file: writing, parsing and summarising.

use sepconv_train::results::{parse, summary, MeanSd, Row};

fn row(family: &str, seed: u64, accuracy: f64) -> Row {
    Row {
        experiment: "twins".into(),
        dataset: "digits".into(),
        family: family.into(),
        alpha: 1.0,
        seed,
        epochs: 10,
        train_images: 1397,
        test_images: 400,
        params: 23_466,
        macs: 157_312,
        test_accuracy: Some(accuracy),
        test_loss: Some(0.1 + accuracy / 10.0),
        train_seconds: Some(1.5),
        layer: None,
        init_share: None,
        trained_share: None,
    }
}

fn file(rows: &[Row]) -> String {
    let mut text = String::from("# command: cargo xtask lab --seeds 3\n# commit: abc123\n");
    text.push_str(&Row::header());
    text.push('\n');
    for r in rows {
        text.push_str(&r.to_line());
        text.push('\n');
    }
    text
}

#[test]
fn rows_round_trip_to_the_bit() {
    let mut rows = vec![row("standard", 1, 0.9575), row("separable", 1, 1.0 / 3.0)];
    rows.push(Row {
        experiment: "separability".into(),
        test_accuracy: None,
        test_loss: None,
        train_seconds: None,
        layer: Some(1),
        init_share: Some(0.251_234_567_890_123),
        trained_share: Some(0.5),
        ..row("standard", 2, 0.0)
    });
    let parsed = parse(&file(&rows)).unwrap();
    assert_eq!(parsed.rows, rows);
    assert_eq!(parsed.meta("command"), Some("cargo xtask lab --seeds 3"));
    assert_eq!(parsed.meta("commit"), Some("abc123"));
    assert_eq!(parsed.meta("date"), None);
}

#[test]
fn summary_gives_mean_and_sample_sd_per_group_in_order() {
    let rows = vec![
        row("standard", 1, 0.90),
        row("separable", 1, 0.80),
        row("standard", 2, 0.92),
        row("standard", 3, 0.94),
        row("separable", 2, 0.84),
    ];
    let groups = summary(&rows);
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0].family, "standard");
    assert_eq!(groups[0].seeds, 3);
    let acc = groups[0].test_accuracy.unwrap();
    assert!((acc.mean - 0.92).abs() < 1e-12);
    assert!((acc.sd - 0.02).abs() < 1e-12, "sample sd: √(0.0008 / 2)");
    let sep = groups[1].test_accuracy.unwrap();
    assert!((sep.mean - 0.82).abs() < 1e-12);
    assert!((sep.sd - 0.028_284_271_247_461_9).abs() < 1e-12);
    assert_eq!(groups[1].init_share, None);
    assert_eq!(MeanSd::of(&[2.0]).unwrap().sd, 0.0);
    assert_eq!(MeanSd::of(&[]), None);
}

#[test]
fn bad_files_name_the_problem() {
    assert!(parse("").is_err(), "no header");
    let good = file(&[row("standard", 1, 0.9)]);
    assert!(parse(&good.replace("experiment\t", "experimnt\t")).is_err());
    let error = parse(&good.replace("\t0.9\t", "\tninety\t")).unwrap_err();
    assert!(
        error.to_string().contains("line 4") && error.to_string().contains("test_accuracy"),
        "{error}"
    );
    let error = parse(&format!("{good}twins\tdigits\n")).unwrap_err();
    assert!(error.to_string().contains("line 5"), "{error}");
    assert!(parse(&good.replace("\t0.9\t", "\tNaN\t")).is_err());
}
