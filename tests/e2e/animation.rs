//! The animation in class: the race, legible digits on a projector, channels
//! in reading order, its shortcuts, and a frame fixed by a teacher's link.

use xtask::browser::{json, Browser};

use crate::helpers::*;

/// Waits for the stage to have painted, and returns its attribute `name`.
async fn stage_attribute(browser: &Browser, name: &str) -> Result<String, String> {
    wait(
        browser,
        &format!("document.querySelector('[data-testid=stage]')?.hasAttribute('{name}')"),
    )
    .await?;
    let read = value(
        browser,
        &format!("document.querySelector('[data-testid=stage]').getAttribute('{name}')"),
    )
    .await?;
    Ok(read.as_str().unwrap_or_default().to_string())
}

/// Side by side: both counters at the lecture example's figures, and the
/// separable side's outputs drawn equal to the standard side's.
pub async fn the_race_ends_with_equal_outputs(browser: &Browser) -> Outcome {
    browser
        .open(&format!("{LECTURE}&anim=race&at=end#animation"))
        .await?;
    wait_for_text(browser, "race-standard", "2160").await?;
    expect_text(browser, "race-separable", "672").await?;
    let standard = stage_attribute(browser, "data-standard-output").await?;
    let separable = stage_attribute(browser, "data-separable-output").await?;
    check(
        standard.split(' ').count() == 5 * 4 * 4 && !standard.contains('·'),
        format!("the standard side's outputs are not all drawn: {standard}"),
    )?;
    check(
        standard == separable,
        format!("the outputs differ:\n standard  {standard}\n separable {separable}"),
    )?;
    let note = browser.text("same-outputs").await?;
    check(
        note.contains("W = P·D") && note.contains("ReLU"),
        format!("the note on why they match: {note:?}"),
    )?;

    // Halfway through the standard side's work the separable side has
    // finished: the pace is multiplications, not steps.
    browser
        .open(&format!("{LECTURE}&anim=race&at=40#animation"))
        .await?;
    wait_for_text(browser, "race-standard", "1080").await?;
    expect_text(browser, "race-separable", "672").await?;
    let standard = stage_attribute(browser, "data-standard-output").await?;
    let separable = stage_attribute(browser, "data-separable-output").await?;
    check(
        standard.contains('·') && !separable.contains('·'),
        format!("halfway: standard {standard}, separable {separable}"),
    )?;
    no_console_errors(browser).await
}

/// Presenter mode shows a close-up whose numbers read from the back of a room:
/// the lecture example, and the forum's exercise (n = 128) in its window.
pub async fn presenter_digits_read_from_the_back(browser: &Browser) -> Outcome {
    for (width, height, least) in [(1280, 720, 28.0), (1920, 1080, 36.0)] {
        for query in [
            format!("{LECTURE}&present#animation"),
            "?k=3&m=3&n=128&h=3&w=3&present#animation".to_string(),
        ] {
            browser.resize(width, height).await?;
            browser.open(&query).await?;
            let px: f64 = stage_attribute(browser, "data-digit-px")
                .await?
                .parse()
                .map_err(err)?;
            check(
                px >= least,
                format!("{query} at {width}×{height}: digits {px} px, want ≥ {least}"),
            )?;
            println!("  presenter digits at {width}×{height}, {query}: {px} px");
        }
    }
    // Without presenter mode the whole stage shows, with numbers still.
    browser.resize(1280, 800).await?;
    browser.open(&format!("{LECTURE}#animation")).await?;
    let px: f64 = stage_attribute(browser, "data-digit-px")
        .await?
        .parse()
        .map_err(err)?;
    check(px >= 10.0, format!("the whole stage's digits: {px} px"))?;
    no_console_errors(browser).await
}

/// Channel numbers run as text does: left to right, then down.
pub async fn channels_in_reading_order(browser: &Browser) -> Outcome {
    for (width, query) in [
        (1280, "?k=3&m=4&n=5&h=6&w=6&pad=valid#animation"),
        (360, "?k=3&m=4&n=5&h=6&w=6&pad=valid#animation"),
        (1280, "?k=3&m=8&n=4&h=5&w=5#animation"),
    ] {
        browser.resize(width, 800).await?;
        browser.open(query).await?;
        let labels = stage_attribute(browser, "data-input-channels").await?;
        let places: Vec<(u64, f64, f64)> = labels
            .split(' ')
            .filter_map(|l| {
                let (n, at) = l.split_once('@')?;
                let (x, y) = at.split_once(',')?;
                Some((n.parse().ok()?, x.parse().ok()?, y.parse().ok()?))
            })
            .collect();
        check(
            places.len() >= 4,
            format!("{query} at {width}: channel numbers {labels:?}"),
        )?;
        for pair in places.windows(2) {
            let ((a, ax, ay), (b, bx, by)) = (pair[0], pair[1]);
            let next = b == a + 1 && ((by == ay && bx > ax) || by > ay);
            check(
                next,
                format!("{query} at {width}: channel {b} is not after channel {a} in reading order ({labels})"),
            )?;
        }
    }
    no_console_errors(browser).await
}

/// D, S and B choose the mode and the link follows; Space plays only an
/// animation on screen, and scrolls the page otherwise.
pub async fn mode_keys_and_space(browser: &Browser) -> Outcome {
    browser.open(&format!("{LECTURE}#animation")).await?;
    let stage = element(browser, "[data-testid=stage]").await?;
    for (key, search) in [("b", "anim=race"), ("s", "anim=standard")] {
        stage.send_keys(key).await.map_err(err)?;
        url_follows(browser, search).await?;
    }
    wait(
        browser,
        "document.querySelector('[data-testid=race-standard]') === null",
    )
    .await?;
    stage.send_keys("d").await.map_err(err)?;
    wait(browser, "!location.search.includes('anim=')").await?;

    // Scrolled back to the top, the animation (loaded) is far below.
    browser.eval("window.scrollTo(0, 0); return null;").await?;
    let before = value(
        browser,
        "[window.scrollY, document.querySelector('#animation').getBoundingClientRect().top > innerHeight, document.querySelector('[data-testid=play]').textContent]",
    )
    .await?;
    check(
        before == json!([0, true, "Play"]),
        format!("not at the top with the animation below and paused: {before}"),
    )?;
    browser.press(" ").await?;
    wait(browser, "window.scrollY > 0").await?;
    let played = value(
        browser,
        "document.querySelector('[data-testid=play]').textContent",
    )
    .await?;
    check(
        played == "Play",
        format!("Space off screen started the animation: {played}"),
    )?;
    no_console_errors(browser).await
}
