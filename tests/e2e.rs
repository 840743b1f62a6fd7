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
        "alpha=9 is not a width multiplier from 0.25 to 1.0 in steps of 0.05; using 1.0.",
        "res=<i> is not a resolution from 128 to 224 in steps of 16; using 224.",
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
    let injected = browser
        .eval("return document.querySelectorAll('main img, main b, main i').length;")
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

/// Clicks the element matching a CSS selector.
async fn click(browser: &Browser, css: &str) -> Outcome {
    browser
        .client
        .find(Locator::Css(css))
        .await
        .map_err(|e| format!("{css}: {e}"))?
        .click()
        .await
        .map_err(|e| format!("clicking {css}: {e}"))
}

/// Waits until the element with `data-testid` = `testid` reads `expected`.
async fn wait_for_text(browser: &Browser, testid: &str, expected: &str) -> Outcome {
    let condition = format!(
        "document.querySelector('[data-testid=\"{testid}\"]')?.textContent === {expected:?}"
    );
    match browser.wait_until(&condition, Duration::from_secs(5)).await {
        Ok(()) => Ok(()),
        Err(_) => expect_text(browser, testid, expected).await,
    }
}

async fn explorer_totals_conventions_and_shares(browser: &Browser) -> Outcome {
    browser.open("?net=v1&alpha=1.0&res=224&conv=paper").await?;
    expect_text(browser, "network-name", "1.0 MobileNet-224").await?;
    expect_text(browser, "network-macs", "568,740,352").await?;
    expect_text(browser, "network-params", "4,209,088").await?;
    let paper = browser.text("network-paper").await?;
    check(
        paper.contains("70.6 %") && paper.contains("569M"),
        format!("the paper's row is missing: {paper}"),
    )?;
    // Table 2: 94.86 % of the MACs in 1×1 convolutions, in the table and the chart.
    let share = browser
        .eval("return document.querySelector('[data-testid=share-conv1x1] td').textContent;")
        .await?;
    check(share == "94.86 %", format!("1×1 share of MACs: {share}"))?;
    let chart = browser
        .eval("return document.querySelector('[data-testid=chart-share-macs]').getAttribute('aria-label');")
        .await?;
    check(
        chart
            .as_str()
            .unwrap_or_default()
            .contains("Conv 1×1 94.86 %"),
        format!("share chart description: {chart}"),
    )?;
    check(
        browser
            .text("network-full-conv")
            .await?
            .contains("4,867,293,184"),
        "no Conv MobileNet contrast",
    )?;
    // Keras counts BatchNorm and the classifier's bias.
    click(browser, "input[name=explorer-conv][value=keras]").await?;
    wait_for_text(browser, "network-params", "4,253,864").await?;
    click(browser, "input[name=explorer-conv][value=pytorch]").await?;
    wait_for_text(browser, "network-params", "4,231,976").await?;
    let url = browser.eval("return location.search;").await?;
    check(
        url.as_str().unwrap_or_default().contains("conv=pytorch"),
        format!("the URL did not follow: {url}"),
    )?;
    // Sorting by MACs: the first of the seven 51,380,224-MAC 1×1 layers on top.
    click(browser, "[data-testid=sort-macs]").await?;
    let top = browser
        .eval("const r = document.querySelector('[data-testid=layer-table] tbody tr'); \
               return [r.querySelector('th').textContent, r.querySelector('td:nth-child(7)').textContent];")
        .await?;
    check(
        top[0] == "block3/pw" && top[1] == "51,380,224",
        format!("largest layer first: {top}"),
    )?;
    no_console_errors(browser).await
}

async fn a_teachers_link_to_half_mobilenet_160(browser: &Browser) -> Outcome {
    browser.open("?alpha=0.5&res=160").await?;
    expect_text(browser, "network-name", "0.5 MobileNet-160").await?;
    expect_text(browser, "network-macs", "76,524,800").await?;
    let paper = browser.text("network-paper").await?;
    check(
        paper.contains("60.2 %") && paper.contains("Table 10"),
        format!("no accuracy for 0.5 MobileNet-160: {paper}"),
    )?;
    expect_text(browser, "explorer-alpha-value", "0.5").await?;
    expect_text(browser, "explorer-resolution-value", "160").await?;
    no_console_errors(browser).await
}

async fn a_layer_row_loads_into_the_calculator(browser: &Browser) -> Outcome {
    browser.open("?net=v1").await?;
    // Row 4 is block2/dw: 3×3 depthwise on 112×112×64 with stride 2, then 1×1 to 128.
    click(browser, "[data-testid=layer-row-3] button").await?;
    browser
        .wait_until(
            "document.querySelector('#control-m-number').value === '64'",
            Duration::from_secs(5),
        )
        .await?;
    for (field, value) in [("n", "128"), ("h", "112"), ("s", "2")] {
        let actual = browser
            .eval(&format!(
                "return document.querySelector('#control-{field}-number').value;"
            ))
            .await?;
        check(
            actual == value,
            format!("{field}: expected {value}, got {actual}"),
        )?;
    }
    // The calculator now shows the two rows' counts: 576 + 8192 parameters.
    expect_text(browser, "params-depthwise", "576").await?;
    expect_text(browser, "params-pointwise", "8192").await?;
    expect_text(browser, "macs-depthwise", "1,806,336").await?;
    check(
        browser.text("layer-loaded").await?.contains("block2/dw"),
        "no word of what was loaded",
    )?;
    no_console_errors(browser).await
}

/// Types `text` into the exercise field of `question` ("params-standard").
async fn answer(browser: &Browser, question: &str, text: &str) -> Outcome {
    let field = browser
        .client
        .find(Locator::Css(&format!("#exercise-{question}")))
        .await
        .map_err(|e| e.to_string())?;
    field.clear().await.map_err(|e| e.to_string())?;
    field.send_keys(text).await.map_err(|e| e.to_string())
}

async fn exercise_names_each_mistake(browser: &Browser) -> Outcome {
    browser.open("?ex=1").await?;
    expect_text(
        browser,
        "exercise-task",
        "Input 5×5×2, 3×3 filters, 10 output channels, stride 1, no padding ('valid'): the output is 3×3×10.",
    )
    .await?;
    answer(browser, "params-standard", "180").await?;
    answer(browser, "params-depthwise", "180").await?;
    answer(browser, "params-pointwise", "30").await?;
    // Thousands separators and spaces are fine; Enter checks (keyboard only).
    answer(browser, "params-separable", " 1 90\u{E007}").await?;
    wait_for_text(
        browser,
        "exercise-params-standard-feedback",
        "✗ You left out the biases: +10. Hint: Each of the N filters has K×K×M weights, plus one bias per filter when the layer has biases.",
    )
    .await?;
    let depthwise = browser.text("exercise-params-depthwise-feedback").await?;
    check(
        depthwise.starts_with("✗ This is the standard count (3×3×2×10), not the depthwise one"),
        format!("depthwise as standard: {depthwise}"),
    )?;
    expect_text(
        browser,
        "exercise-params-pointwise-feedback",
        "✓ Correct: 30 parameters. ",
    )
    .await?;
    let separable = browser.text("exercise-params-separable-feedback").await?;
    check(
        separable.starts_with("✗ This is the standard count, not the separable one."),
        format!("swapped: {separable}"),
    )?;
    expect_text(
        browser,
        "exercise-summary",
        "1 of your 4 answers are right; the messages under the others say what is off.",
    )
    .await?;
    // The full working, for this layer.
    click(browser, "[data-testid=exercise-show]").await?;
    let working = browser
        .eval("return document.querySelector('[data-testid=exercise-derivation-params-standard]')?.dataset.text;")
        .await?;
    check(
        working == "(3×3×2 + 1)×10 = 19×10 = 190",
        format!("derivation: {working}"),
    )?;
    // A new exercise: a new number in the page and the link, fields cleared.
    click(browser, "[data-testid=exercise-new]").await?;
    browser
        .wait_until(
            "document.querySelector('[data-testid=exercise-seed]').textContent !== '1'",
            Duration::from_secs(5),
        )
        .await?;
    let (seed, url, cleared) = (
        browser.text("exercise-seed").await?,
        browser.eval("return location.search;").await?,
        browser
            .eval("return document.querySelector('#exercise-params-standard').value;")
            .await?,
    );
    check(
        url.as_str()
            .unwrap_or_default()
            .contains(&format!("ex={seed}")),
        format!("the link does not carry exercise {seed}: {url}"),
    )?;
    check(cleared == "", "the old answers stayed")?;
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
    scenario!(explorer_totals_conventions_and_shares);
    scenario!(a_teachers_link_to_half_mobilenet_160);
    scenario!(a_layer_row_loads_into_the_calculator);
    scenario!(exercise_names_each_mistake);
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
