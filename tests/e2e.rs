//! End-to-end tests: the release build (`dist/`) served on 127.0.0.1, driven in
//! headless Chromium through chromedriver. Any browser console error fails.
//!
//! One browser runs the scenarios in order (2 cores: one Chromium at a time).
#![cfg(not(target_arch = "wasm32"))]

use std::time::Duration;

use xtask::browser::{Browser, Locator};

type Outcome = Result<(), String>;

fn check(condition: bool, message: impl Into<String>) -> Outcome {
    if condition {
        Ok(())
    } else {
        Err(message.into())
    }
}

async fn expect_text(browser: &Browser, testid: &str, expected: &str) -> Outcome {
    let actual = browser.text(testid).await?;
    check(
        actual == expected,
        format!("{testid}: expected {expected:?}, got {actual:?}"),
    )
}

async fn no_console_errors(browser: &Browser) -> Outcome {
    let errors = browser.console_errors().await?;
    check(
        errors.is_empty(),
        format!("browser console errors: {errors:#?}"),
    )
}

async fn chart_pixels(browser: &Browser, testid: &str) -> Result<String, String> {
    let url = browser
        .eval(&format!(
            "return document.querySelector('[data-testid=\"{testid}\"]').toDataURL();"
        ))
        .await?;
    Ok(url.as_str().unwrap_or_default().to_string())
}

async fn the_app_renders(browser: &Browser) -> Outcome {
    browser.open("").await?;
    let title = browser
        .eval("return document.querySelector('h1')?.textContent ?? '';")
        .await?;
    check(title == "Sepconv", format!("no page title, got {title}"))?;
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

async fn forum_link(browser: &Browser) -> Outcome {
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

async fn copy_link_answers_without_errors(browser: &Browser) -> Outcome {
    browser.open("?k=5").await?;
    browser
        .client
        .find(Locator::Css("[data-testid='copy-link']"))
        .await
        .map_err(|e| e.to_string())?
        .click()
        .await
        .map_err(|e| e.to_string())?;
    // Either outcome is fine (headless may refuse the clipboard); silence is not.
    browser
        .wait_until(
            "['Link copied', 'Copy it from the address bar'].includes(document.querySelector('[data-testid=copy-link]').textContent)",
            Duration::from_secs(5),
        )
        .await?;
    no_console_errors(browser).await
}

async fn presets(browser: &Browser) -> Outcome {
    browser.open("").await?;
    let pressed = "return document.querySelector('.preset[aria-pressed=true]')?.textContent;";
    check(
        browser.eval(pressed).await? == "Lecture example",
        "the lecture preset is not marked",
    )?;
    browser
        .client
        .find(Locator::XPath("//button[text()='Forum exercise']"))
        .await
        .map_err(|e| e.to_string())?
        .click()
        .await
        .map_err(|e| e.to_string())?;
    browser
        .wait_until(
            "document.querySelector('[data-testid=\"params-standard\"]').textContent === '3584'",
            Duration::from_secs(5),
        )
        .await?;
    expect_text(browser, "params-separable", "542").await?;
    check(
        browser.eval(pressed).await? == "Forum exercise",
        "the forum preset is not marked",
    )?;
    no_console_errors(browser).await
}

async fn slider_changes_numbers_url_and_pixels(browser: &Browser) -> Outcome {
    browser.open("").await?;
    let before = chart_pixels(browser, "chart-macs").await?;
    let history_before = browser.eval("return history.length;").await?;
    let slider = browser
        .client
        .find(Locator::Css("[data-testid='control-n'] input[type=range]"))
        .await
        .map_err(|e| e.to_string())?;
    // A real key press: Page Up doubles a channel count (5 → 10).
    slider
        .send_keys("\u{E00E}")
        .await
        .map_err(|e| e.to_string())?;
    browser
        .wait_until(
            "document.querySelector('#control-n-number').value === '10'",
            Duration::from_secs(5),
        )
        .await?;
    expect_text(browser, "macs-standard", "4320").await?;
    let url = browser.eval("return location.search;").await?;
    check(
        url.as_str().unwrap_or_default().contains("n=10"),
        format!("the URL did not follow: {url}"),
    )?;
    let history = browser.eval("return history.length;").await?;
    check(
        history == history_before,
        format!("slider changes added history entries: {history_before} → {history}"),
    )?;
    check(
        chart_pixels(browser, "chart-macs").await? != before,
        "the chart did not change",
    )?;

    // Typing in the number field moves the slider.
    let field = browser
        .client
        .find(Locator::Css("#control-m-number"))
        .await
        .map_err(|e| e.to_string())?;
    field.clear().await.map_err(|e| e.to_string())?;
    field.send_keys("512").await.map_err(|e| e.to_string())?;
    browser
        .wait_until(
            "document.querySelector(\"[data-testid='control-m'] input[type=range]\").value === '900'",
            Duration::from_secs(5),
        )
        .await?;
    no_console_errors(browser).await
}

async fn garbage_url_gets_a_note_and_a_working_page(browser: &Browser) -> Outcome {
    browser
        .open("?n=0&k=abc&pad=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&h=%3Cb%3Ebold%3C%2Fb%3E&bias=both")
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
    let injected = browser
        .eval("return document.querySelectorAll('main img, main b').length;")
        .await?;
    check(injected == 0, "markup from the URL was rendered")?;
    // The page works: N = 1 with bias on both halves.
    expect_text(browser, "params-standard", "28").await?;
    expect_text(browser, "params-separable", "34").await?;
    no_console_errors(browser).await
}

async fn impossible_url_explains_and_shows_the_lecture_example(browser: &Browser) -> Outcome {
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

async fn phone_width_has_no_horizontal_scroll(browser: &Browser) -> Outcome {
    browser.resize(360, 740).await?;
    browser
        .open("?k=3&m=512&n=2048&h=224&w=224&pad=same&bias=both&notation=paper")
        .await?;
    // The elements reaching past the right edge, innermost first, to say what overflows.
    let overflow = browser
        .eval(
            "const w = document.documentElement.clientWidth; \
             const wide = [...document.querySelectorAll('body *')] \
               .filter(e => e.getBoundingClientRect().right > w + 0.5) \
               .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > w + 0.5)) \
               .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' ' + Math.round(e.getBoundingClientRect().right)); \
             return [document.documentElement.scrollWidth - w, wide.slice(0, 8)];",
        )
        .await?;
    browser.resize(1280, 800).await?;
    check(
        overflow[0] == 0,
        format!(
            "horizontal scroll at 360 px ({} px too wide): {}",
            overflow[0], overflow[1]
        ),
    )?;
    no_console_errors(browser).await
}

/// The console check itself: an error logged by the page must be reported.
async fn console_errors_are_caught(browser: &Browser) -> Outcome {
    browser.open("").await?;
    browser
        .eval("setTimeout(() => console.error('sepconv self-test'), 0); return null;")
        .await?;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let errors = browser.console_errors().await?;
    check(
        errors.iter().any(|e| e.contains("sepconv self-test")),
        format!("a console error went unnoticed: {errors:?}"),
    )
}

#[tokio::test(flavor = "current_thread")]
async fn end_to_end() {
    let dist = xtask::workspace_root().join("dist");
    let browser = Browser::start(&dist, "/", 1280, 800)
        .await
        .expect("browser starts");
    let mut failures = Vec::new();
    macro_rules! scenario {
        ($name:ident) => {
            if let Err(e) = $name(&browser).await {
                failures.push(format!("{}: {e}", stringify!($name)));
            }
        };
    }
    scenario!(console_errors_are_caught);
    scenario!(the_app_renders);
    scenario!(forum_link);
    scenario!(presets);
    scenario!(copy_link_answers_without_errors);
    scenario!(slider_changes_numbers_url_and_pixels);
    scenario!(garbage_url_gets_a_note_and_a_working_page);
    scenario!(impossible_url_explains_and_shows_the_lecture_example);
    scenario!(phone_width_has_no_horizontal_scroll);
    browser.close().await;
    assert!(
        failures.is_empty(),
        "{} scenario(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The default build uses relative asset URLs, so it works in a course site's folder.
#[tokio::test(flavor = "current_thread")]
async fn works_under_a_sub_path() {
    let dist = xtask::workspace_root().join("dist");
    let browser = Browser::start(&dist, "/courses/cnn/sepconv/", 1280, 800)
        .await
        .expect("browser starts");
    let outcome = async {
        browser.open("?k=3&m=3&n=128&bias=both").await?;
        expect_text(&browser, "params-separable", "542").await?;
        no_console_errors(&browser).await
    }
    .await;
    browser.close().await;
    outcome.expect("the page works under /courses/cnn/sepconv/");
}
