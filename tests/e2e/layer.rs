//! The layer calculator: what it shows, its presets and sliders, links that
//! set it (sound, garbage or impossible), sections catching up off screen, and
//! no sideways scroll from a phone to a 2560-pixel screen.

use xtask::browser::{json, Browser, Locator};

use crate::helpers::{
    check, click, element, err, expect_text, no_console_errors, no_horizontal_scroll, picture_of,
    type_into, url_follows, value, wait, wait_for_text, wait_for_value, Outcome, LECTURE,
};

pub async fn the_app_renders(browser: &Browser) -> Outcome {
    browser.open("").await?;
    let title = value(browser, "document.querySelector('h1')?.textContent ?? ''").await?;
    check(title == "Sepconv", format!("no page title, got {title}"))?;
    // The opening layer: 16×16×16 → 32, 3×3, 'same'.
    for (part, macs) in [
        ("standard", "1,179,648"),
        ("depthwise", "36,864"),
        ("pointwise", "131,072"),
        ("separable", "167,936"),
    ] {
        expect_text(browser, &format!("macs-{part}"), macs).await?;
    }
    // A link that names a layer value keeps the meaning links had: the rest is
    // the lecture example.
    browser.open("?k=3").await?;
    for (part, macs) in [
        ("standard", "2160"),
        ("depthwise", "432"),
        ("pointwise", "240"),
        ("separable", "672"),
    ] {
        expect_text(browser, &format!("macs-{part}"), macs).await?;
    }
    no_console_errors(browser).await
}

pub async fn forum_link(browser: &Browser) -> Outcome {
    browser.open("?k=3&m=3&n=128&bias=both").await?;
    for (part, params) in [
        ("standard", "3584"),
        ("depthwise", "30"),
        ("pointwise", "512"),
        ("separable", "542"),
    ] {
        expect_text(browser, &format!("params-{part}"), params).await?;
    }
    expect_text(browser, "params-percent", "15.1 %").await?;
    expect_text(browser, "readout-params-value", "542").await?;
    no_console_errors(browser).await
}

pub async fn copy_link_answers_without_errors(browser: &Browser) -> Outcome {
    browser.open("?k=5").await?;
    click(browser, "[data-testid='copy-link']").await?;
    // Either outcome is fine (headless may refuse the clipboard); silence is not.
    wait(
        browser,
        "['Link copied', 'Copy it from the address bar'].includes(document.querySelector('[data-testid=copy-link]').textContent)",
    )
    .await?;
    no_console_errors(browser).await
}

pub async fn presets(browser: &Browser) -> Outcome {
    browser.open("").await?;
    let pressed = "document.querySelector('.preset[aria-pressed=true]')?.textContent";
    check(
        value(browser, pressed).await? == "Small CNN layer",
        "the opening layer's preset is not marked",
    )?;
    browser
        .client
        .find(Locator::XPath("//button[text()='Forum exercise']"))
        .await
        .map_err(err)?
        .click()
        .await
        .map_err(err)?;
    wait_for_text(browser, "params-standard", "3584").await?;
    expect_text(browser, "params-separable", "542").await?;
    check(
        value(browser, pressed).await? == "Forum exercise",
        "the forum preset is not marked",
    )?;
    no_console_errors(browser).await
}

pub async fn slider_changes_numbers_url_and_pixels(browser: &Browser) -> Outcome {
    browser.open(LECTURE).await?;
    let before = picture_of(browser, "chart-macs").await?;
    let history_before = value(browser, "history.length").await?;
    let slider = element(browser, "[data-testid='control-n'] input[type=range]").await?;
    // A real key press: Page Up doubles a channel count (5 → 10).
    slider.send_keys("\u{E00E}").await.map_err(err)?;
    wait_for_value(browser, "#control-n-number", "10").await?;
    expect_text(browser, "macs-standard", "4320").await?;
    url_follows(browser, "n=10").await?;
    let history = value(browser, "history.length").await?;
    check(
        history == history_before,
        format!("slider changes added history entries: {history_before} → {history}"),
    )?;
    check(
        picture_of(browser, "chart-macs").await? != before,
        "the chart did not change",
    )?;

    // Typing in the number field moves the slider.
    type_into(browser, "#control-m-number", "512").await?;
    wait_for_value(
        browser,
        "[data-testid='control-m'] input[type=range]",
        "900",
    )
    .await?;
    no_console_errors(browser).await
}

pub async fn garbage_url_gets_a_note_and_a_working_page(browser: &Browser) -> Outcome {
    browser
        .open("?n=0&k=abc&pad=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&h=%3Cb%3Ebold%3C%2Fb%3E&bias=both&alpha=9&res=%3Ci%3E&ex=0")
        .await?;
    let notes = browser.text("url-notes").await?;
    for expected in [
        "n=0 is not a channel count; using 1.",
        "k=abc is not a kernel size; using 3.",
        "pad=<img src=x onerror=alert… is not one of valid, same; using valid.",
        "h=<b>bold</b> is not an input size; using 6.",
    ] {
        check(
            notes.contains(expected),
            format!("missing note {expected:?} in {notes:?}"),
        )?;
    }
    let explorer = browser.text("networks-notes").await?;
    for expected in [
        "alpha=9 is not a width multiplier MobileNet v1 takes (0.25 to 1.0); using 1.0.",
        "res=<i> is not a resolution offered for MobileNet v1 (96 to 320); using 224.",
    ] {
        check(
            explorer.contains(expected),
            format!("missing note {expected:?} in {explorer:?}"),
        )?;
    }
    check(
        browser
            .text("exercise-notes")
            .await?
            .contains("ex=0 is not an exercise number"),
        "no note on ex=0",
    )?;
    expect_text(browser, "network-macs", "568,740,352").await?;
    let injected = value(
        browser,
        "document.querySelectorAll('main img[src=x], main b, main i').length",
    )
    .await?;
    check(injected == 0, "markup from the URL was rendered")?;
    // The page works: N = 1 with bias on both halves.
    expect_text(browser, "params-standard", "28").await?;
    expect_text(browser, "params-separable", "34").await?;
    no_console_errors(browser).await
}

pub async fn impossible_url_explains_and_shows_the_lecture_example(browser: &Browser) -> Outcome {
    browser.open("?k=11&h=4&w=4").await?;
    let message = browser.text("control-k").await?;
    check(
        message.contains("the kernel spans 11 cells"),
        format!("no message by the kernel: {message}"),
    )?;
    browser.text("stale-note").await?;
    expect_text(browser, "macs-separable", "672").await?;
    no_console_errors(browser).await
}

pub async fn phone_width_has_no_horizontal_scroll(browser: &Browser) -> Outcome {
    let big = "?k=3&m=512&n=2048&h=224&w=224&pad=same&bias=both&notation=paper";
    no_horizontal_scroll(browser, (360, 740, 1.0), big).await?;
    // A 1280-pixel window at 200 % zoom.
    no_horizontal_scroll(browser, (640, 400, 2.0), big).await?;
    no_horizontal_scroll(browser, (2560, 1440, 1.0), "").await?;
    no_horizontal_scroll(browser, (360, 740, 1.0), "?embed=controls,cost,animation").await?;
    no_console_errors(browser).await
}

/// Sections away from the screen catch up: their numbers once the slider rests,
/// their canvases when they come near (a change at the top reaches the groups
/// chart).
pub async fn off_screen_charts_catch_up_when_scrolled_to(browser: &Browser) -> Outcome {
    browser.open(LECTURE).await?;
    let chart = "document.querySelector('[data-testid=chart-groups-macs]')";
    browser
        .eval(&format!(
            "window.scrollTo(0, 0); window.groupsBefore = {chart}.toDataURL(); return null;"
        ))
        .await?;
    type_into(browser, "#control-m-number", "32").await?;
    wait_for_text(browser, "macs-standard", "23,040").await?;
    // Sections away from the screen follow once the layer rests, unscrolled.
    let derivation = "document.querySelector('[data-testid=derivation-params-depthwise]')";
    check(
        value(
            browser,
            &format!("{derivation}.getBoundingClientRect().top > innerHeight + 200"),
        )
        .await?
            == json!(true),
        "the derivation is not away from the screen",
    )?;
    wait(
        browser,
        &format!("{derivation}.dataset.text.endsWith('= 288')"),
    )
    .await
    .map_err(|_| "the derivation off screen still shows M = 3".to_string())?;
    browser
        .eval("document.querySelector('#groups').scrollIntoView(); return null;")
        .await?;
    wait(
        browser,
        &format!("{chart}.toDataURL() !== window.groupsBefore"),
    )
    .await
    .map_err(|_| "the groups chart still shows M = 3".to_string())?;
    no_console_errors(browser).await
}
