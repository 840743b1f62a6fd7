//! End-to-end tests: the release build (`dist/`) served on 127.0.0.1, driven in
//! headless Chromium through chromedriver. Any browser console error fails.
//!
//! One browser runs the scenarios in order (2 cores: one Chromium at a time).
#![cfg(not(target_arch = "wasm32"))]

use std::time::Duration;

use xtask::browser::{json, Browser, Element, Locator, Value};

type Outcome = Result<(), String>;

/// The lecture example, named in full: the tests written around its numbers
/// (2160 MACs, 3 channels) open it explicitly, not as the page's opening layer.
const LECTURE: &str = "?k=3&m=3&n=5&h=6&w=6&pad=valid";

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

/// Waits for the query string to contain `part`: the page rewrites the URL once
/// its state has rested (150 ms), not on every change.
async fn url_follows(browser: &Browser, part: &str) -> Outcome {
    let condition = format!("location.search.includes({part:?})");
    if browser
        .wait_until(&condition, Duration::from_secs(5))
        .await
        .is_ok()
    {
        return Ok(());
    }
    let url = browser.eval("return location.search;").await?;
    Err(format!("the URL did not follow: {url} lacks {part}"))
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

/// Top of the element matching `css`, in CSS pixels from the top of the page.
async fn top_of(browser: &Browser, css: &str) -> Result<f64, String> {
    let top = browser
        .eval(&format!(
            "const e = document.querySelector({css:?}); \
             return e ? e.getBoundingClientRect().top + scrollY : null;"
        ))
        .await?;
    top.as_f64().ok_or(format!("no {css} on the page"))
}

/// The two forum questions and their answers come before the controls on every
/// screen; on a phone the cost's readouts come before the sliders too.
async fn answers_come_first(browser: &Browser) -> Outcome {
    for (width, height) in [(1280, 800), (360, 740)] {
        browser.resize(width, height).await?;
        browser.open("").await?;
        let answer = top_of(browser, "#answer").await?;
        let controls = top_of(browser, "#controls").await?;
        check(
            answer < controls,
            format!("at {width} px the answers ({answer}) come after the controls ({controls})"),
        )?;
        check(
            answer < f64::from(height),
            format!("at {width} px the answers start below the first screen ({answer})"),
        )?;
        for link in ["#factorisation", "#evidence", "#catch"] {
            value(
                browser,
                &format!("document.querySelector('#answer a[href=\"{link}\"]') !== null"),
            )
            .await
            .and_then(|v| check(v == true, format!("the answers do not link to {link}")))?;
        }
    }
    let readout = top_of(browser, "[data-testid='readout-params']").await?;
    let slider = top_of(browser, "#controls input[type=range]").await?;
    browser.resize(1280, 800).await?;
    check(
        readout < slider,
        format!("on a phone the result ({readout}) comes after the sliders ({slider})"),
    )?;
    no_console_errors(browser).await
}

/// The sentences the correctness review found wrong (#15), as the page says them now.
async fn every_sentence_true(browser: &Browser) -> Outcome {
    browser.open("").await?;
    let says = |testid: &'static str,
                wanted: &'static [&'static str],
                never: &'static [&'static str]| async move {
        let text = browser.text(testid).await?;
        for w in wanted {
            check(text.contains(w), format!("{testid} lacks {w:?}: {text}"))?;
        }
        for n in never {
            check(
                !text.contains(n),
                format!("{testid} still says {n:?}: {text}"),
            )?;
        }
        Ok::<(), String>(())
    };
    says(
        "evidence-intro",
        &["14 convolution layers", "27", "half the depth"],
        &["the same 28-layer network"],
    )
    .await?;
    says(
        "nonlinearity",
        &["the ReLU does not fold", "linear skeleton"],
        &[],
    )
    .await?;
    says(
        "gpu-reports",
        &["October 2022", "July 2019", "A100"],
        &["42172"],
    )
    .await?;
    says(
        "networks-intro",
        &["17 bottleneck blocks", "inverted residual", "1280 channels"],
        &["wraps each"],
    )
    .await?;
    says("share-caption", &["Table 2", "1.19 %", "misprint"], &[]).await?;
    says(
        "intensity-verdict",
        &["Here the depthwise step does 1.11 MACs per byte"],
        &[],
    )
    .await?;
    let answer = browser.text("answer-fewer").await?;
    check(answer == "8.6×", format!("answer: {answer}"))?;
    let answers = value(browser, "document.querySelector('#answer').textContent").await?;
    check(
        !answers
            .as_str()
            .unwrap_or_default()
            .contains("beats a shallower one at the same cost"),
        "the answers still claim Table 5 compares separable with standard",
    )?;
    // The accuracy chart shows the paper's conventional networks too.
    let chart = browser
        .eval("return document.querySelector('[data-testid=chart-tradeoff]').getAttribute('aria-label');")
        .await?;
    for name in [
        "VGG-16",
        "GoogLeNet",
        "SqueezeNet",
        "AlexNet",
        "1.0 Conv MobileNet-224",
    ] {
        check(
            chart.as_str().unwrap_or_default().contains(name),
            format!("the chart lacks {name}"),
        )?;
    }
    // "MACs" is defined where it first appears.
    let first = value(
        browser,
        "(() => { const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT); \
           let n; while ((n = walk.nextNode())) { if (n.textContent.includes('MACs')) \
             return n.parentElement.tagName; } return null; })()",
    )
    .await?;
    check(
        first == "DFN",
        format!("MACs first appears in a {first}, not where it is defined"),
    )?;
    // The intro writes the kernel in the page's notation.
    let intro = value(browser, "document.querySelector('.intro').textContent").await?;
    let intro = intro.as_str().unwrap_or_default().to_string();
    check(
        intro.contains("f×f") && !intro.contains("K×K"),
        format!("the intro's kernel is not in the course notation: {intro}"),
    )?;
    // The evidence table fits a phone without scrolling inside it.
    browser.resize(360, 740).await?;
    browser.open("#evidence").await?;
    let fits = value(
        browser,
        "(() => { const t = document.querySelector('[data-testid=evidence]'); \
           return t.getBoundingClientRect().right <= t.parentElement.getBoundingClientRect().right + 0.5; })()",
    )
    .await?;
    browser.resize(1280, 800).await?;
    check(
        fits == true,
        "the evidence table is wider than its panel at 360 px",
    )?;
    no_console_errors(browser).await
}

/// The first load fetches the first screen's code only (#9: the payload
/// budget); the sections below arrive as the reader scrolls down to them, or at
/// once when the link names one of them.
async fn sections_below_arrive_when_wanted(browser: &Browser) -> Outcome {
    let modules = "performance.getEntriesByType('resource').map(e => e.name.split('/').pop()).filter(n => n.endsWith('.wasm'))";
    browser.open_unscrolled("").await?;
    // Time enough for a page that fetched them anyway to show it.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let first = value(browser, modules).await?;
    check(
        first.as_array().map(Vec::len) == Some(1),
        format!("the first load fetched {first}, expected only the main module"),
    )?;
    let waiting = value(
        browser,
        "[!!document.querySelector('#animation'), [...document.querySelectorAll('.on-demand')].map(p => p.innerText)]",
    )
    .await?;
    check(
        waiting
            == json!([
                false,
                [
                    "Loading the arithmetic…",
                    "Loading the animation and the rest of the page…"
                ]
            ]),
        format!("before scrolling: {waiting}"),
    )?;
    // Scrolling down, 400 px at a time, passes the placeholders and brings all.
    browser
        .wait_until(
            "(window.scrollBy(0, 400), !!document.querySelector('#exercise') && !document.querySelector('.on-demand'))",
            Duration::from_secs(15),
        )
        .await?;
    expect_text(browser, "anim-total", "0").await?;
    let all = value(browser, modules).await?;
    check(
        all.as_array().map(Vec::len) >= Some(3),
        format!("after scrolling through, the modules fetched were {all}"),
    )?;
    // A link to a section further down: it arrives at once and is scrolled to,
    // also over a slow connection, where it arrives after the page has rewritten
    // its URL (without the #section).
    browser.cdp("Network.enable", json!({})).await?;
    let slow =
        json!({"offline": false, "latency": 600, "downloadThroughput": -1, "uploadThroughput": -1});
    browser
        .cdp("Network.emulateNetworkConditions", slow)
        .await?;
    let linked = async {
        browser.open_unscrolled("?k=5#catch").await?;
        browser
            .wait_until(
                "document.querySelector('#catch') && Math.abs(document.querySelector('#catch').getBoundingClientRect().top) < 50",
                Duration::from_secs(10),
            )
            .await?;
        let url = value(browser, "location.href").await?;
        check(
            !url.as_str().unwrap_or_default().contains("#catch"),
            format!("the URL still names the section ({url}): the slow case was not tested"),
        )
    }
    .await;
    let fast =
        json!({"offline": false, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1});
    browser
        .cdp("Network.emulateNetworkConditions", fast)
        .await?;
    linked?;
    no_console_errors(browser).await
}

/// A part whose code cannot be fetched (the connection dropped) says so and
/// offers to try again; the rest of the page keeps working.
async fn a_part_that_cannot_be_fetched_can_be_tried_again(browser: &Browser) -> Outcome {
    browser.cdp("Network.enable", json!({})).await?;
    browser
        .cdp(
            "Network.setBlockedURLs",
            json!({"urls": ["*split_lower_sections*"]}),
        )
        .await?;
    browser.open_unscrolled("?k=5").await?;
    let outcome = async {
        browser
            .wait_until(
                "(window.scrollBy(0, 400), [...document.querySelectorAll('.on-demand')].some(p => p.innerText.startsWith('Could not load the animation and the rest of the page. Check the connection, then try again.')))",
                Duration::from_secs(15),
            )
            .await?;
        check(
            value(browser, "!document.querySelector('#panic') && !document.querySelector('#animation')").await? == json!(true),
            "after the failed fetch: a panic, or an animation from nowhere",
        )?;
        type_into(browser, "#control-n-number", "64").await?;
        expect_text(browser, "params-standard", "4800").await?;
        browser
            .cdp("Network.setBlockedURLs", json!({"urls": []}))
            .await?;
        // Clicked by script: scrolling to it could bring it near the screen,
        // which tries again by itself.
        browser
            .eval("document.querySelector('.on-demand button').click(); return null;")
            .await?;
        wait(browser, "!!document.querySelector('#animation')").await?;
        expect_text(browser, "anim-total", "0").await
    }
    .await;
    // (Network stays enabled: chromedriver's request log needs it.)
    browser
        .cdp("Network.setBlockedURLs", json!({"urls": []}))
        .await?;
    // The failed fetches are in the console; nothing else may be.
    let errors = browser.console_errors().await?;
    outcome?;
    check(
        !errors.is_empty()
            && errors
                .iter()
                .all(|e| e.contains("split_lower_sections") || e.contains("Failed to fetch")),
        format!("console errors: {errors:#?}"),
    )
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
    click(browser, "[data-testid='copy-link']").await?;
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
        browser.eval(pressed).await? == "Small CNN layer",
        "the opening layer's preset is not marked",
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
    browser.open(LECTURE).await?;
    let before = chart_pixels(browser, "chart-macs").await?;
    let history_before = browser.eval("return history.length;").await?;
    let slider = element(browser, "[data-testid='control-n'] input[type=range]").await?;
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
    url_follows(browser, "n=10").await?;
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
    type_into(browser, "#control-m-number", "512").await?;
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
        .eval("return document.querySelectorAll('main img[src=x], main b, main i').length;")
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

/// Fails if the page at `width`×`height` CSS pixels (each `scale` device pixels)
/// scrolls sideways, naming the elements that stick out.
async fn no_horizontal_scroll(
    browser: &Browser,
    (width, height, scale): (u32, u32, f64),
    query: &str,
) -> Outcome {
    browser.resize_zoomed(width, height, scale).await?;
    browser.open(query).await?;
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
            "horizontal scroll at {width} px, scale {scale}, {query:?} ({} px too wide): {}",
            overflow[0], overflow[1]
        ),
    )
}

async fn phone_width_has_no_horizontal_scroll(browser: &Browser) -> Outcome {
    let big = "?k=3&m=512&n=2048&h=224&w=224&pad=same&bias=both&notation=paper";
    no_horizontal_scroll(browser, (360, 740, 1.0), big).await?;
    // A 1280-pixel window at 200 % zoom.
    no_horizontal_scroll(browser, (640, 400, 2.0), big).await?;
    no_horizontal_scroll(browser, (2560, 1440, 1.0), "").await?;
    no_horizontal_scroll(browser, (360, 740, 1.0), "?embed=controls,cost,animation").await?;
    no_console_errors(browser).await
}

/// Clicks the element matching a CSS selector.
async fn click(browser: &Browser, css: &str) -> Outcome {
    element(browser, css)
        .await?
        .click()
        .await
        .map_err(|e| format!("clicking {css}: {e}"))
}

/// Replaces the text of the field matching a CSS selector by typing `text`.
async fn type_into(browser: &Browser, css: &str, text: &str) -> Outcome {
    let field = element(browser, css).await?;
    field.clear().await.map_err(|e| format!("{css}: {e}"))?;
    field
        .send_keys(text)
        .await
        .map_err(|e| format!("typing into {css}: {e}"))
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
    url_follows(browser, "conv=pytorch").await?;
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
        paper.contains("60.2 %") && paper.contains("Table 9") && !paper.contains("Table 10"),
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

/// In an embed without the calculator, a loaded layer links to the whole page
/// showing it (the embed's own link follows too), not to a missing section.
async fn an_embedded_explorer_links_a_loaded_layer_to_the_whole_page(browser: &Browser) -> Outcome {
    browser.open("?embed=networks&net=v1").await?;
    click(browser, "[data-testid=layer-row-3] button").await?;
    let link = "document.querySelector('[data-testid=layer-loaded] a')";
    wait(browser, &format!("{link} !== null")).await?;
    // Followed after the address has caught up; the navigation itself is held
    // back (a new tab), the href it would take is what counts.
    tokio::time::sleep(Duration::from_millis(400)).await;
    let hrefs = value(
        browser,
        &format!(
            "(() => {{
                document.addEventListener('click', (e) => e.preventDefault(), {{ once: true }});
                {link}.click();
                const own = document.querySelector('.embed-link a');
                document.addEventListener('click', (e) => e.preventDefault(), {{ once: true }});
                own.click();
                return [{link}.getAttribute('href'), own.getAttribute('href')];
            }})()"
        ),
    )
    .await?;
    let (loaded, own) = (
        hrefs[0].as_str().unwrap_or_default(),
        hrefs[1].as_str().unwrap_or_default(),
    );
    for (name, href) in [
        ("the loaded layer's link", loaded),
        ("Open in Sepconv", own),
    ] {
        check(
            href.starts_with("./?")
                && href.contains("m=64")
                && href.contains("n=128")
                && href.contains("net=v1")
                && !href.contains("embed="),
            format!("{name} goes to {href}"),
        )?;
    }
    check(
        loaded.ends_with("#controls"),
        format!("{loaded} lands elsewhere"),
    )?;
    no_console_errors(browser).await
}

/// Types `text` into the exercise field of `question` ("params-standard").
async fn answer(browser: &Browser, question: &str, text: &str) -> Outcome {
    type_into(browser, &format!("#exercise-{question}"), text).await
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
        "✗ You left out the biases: +10. Hint: Each of the n_c′ filters has f×f×n_c weights, plus one bias per filter when the layer has biases.",
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
    let (seed, cleared) = (
        browser.text("exercise-seed").await?,
        browser
            .eval("return document.querySelector('#exercise-params-standard').value;")
            .await?,
    );
    url_follows(browser, &format!("ex={seed}")).await?;
    check(cleared == "", "the old answers stayed")?;
    no_console_errors(browser).await
}

/// Sections away from the screen catch up: their numbers once the slider rests,
/// their canvases when they come near (a change at the top reaches the groups
/// chart).
async fn off_screen_charts_catch_up_when_scrolled_to(browser: &Browser) -> Outcome {
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
    browser
        .wait_until(
            &format!("{derivation}.dataset.text.endsWith('= 288')"),
            Duration::from_secs(5),
        )
        .await
        .map_err(|_| "the derivation off screen still shows M = 3".to_string())?;
    browser
        .eval("document.querySelector('#groups').scrollIntoView(); return null;")
        .await?;
    browser
        .wait_until(
            &format!("{chart}.toDataURL() !== window.groupsBefore"),
            Duration::from_secs(5),
        )
        .await
        .map_err(|_| "the groups chart still shows M = 3".to_string())?;
    no_console_errors(browser).await
}

/// Values no parameter accepts: empty, garbage, negative, fractional, huge,
/// beyond u64, unicode and zero-width characters, escapes, markup and script
/// (each payload that could run or render carries the marker `sepconvXSS`).
fn hostile_values() -> Vec<String> {
    let mut values: Vec<String> = [
        "abc",
        "-1",
        "1.5",
        "1e309",
        "NaN",
        "18446744073709551616",
        "340282366920938463463374607431768211457",
        "%E2%80%8B3",
        "%EF%BC%93",
        "%00",
        "%ZZ",
        "%3Cb%20id%3DsepconvXSS%3Ex%3C%2Fb%3E",
        "%3Cimg%20src%3Dx%20id%3DsepconvXSS%20onerror%3D%22window.sepconvXSS%3D1%22%3E",
        "%22%3E%3Cscript%3Ewindow.sepconvXSS%3D1%3C%2Fscript%3E",
        "javascript:window.sepconvXSS=1",
    ]
    .map(str::to_string)
    .to_vec();
    values.push("9".repeat(100_000));
    values
}

/// Every URL parameter of the README's tables.
const URL_KEYS: [&str; 22] = [
    "k", "m", "n", "h", "w", "s", "pad", "bias", "dm", "notation", "scale", "net", "alpha", "res",
    "conv", "top", "sort", "ex", "embed", "controls", "present", "theme",
];

/// Links that are valid but ask for huge work, and links with odd shapes.
const HEAVY_LINKS: [&str; 12] = [
    "?embed=animation&k=4096&h=4096&w=4096",
    "?k=4096&h=4096&w=4096&pad=same#animation",
    "?k=65536&h=65536&w=65536&pad=same#animation",
    "?k=11&m=2048&n=2048&h=4096&w=4096&pad=same&dm=8#animation",
    "?s=1000000&h=100000000&w=100000000#animation",
    "?m=4294967296&n=4294967296#groups",
    "?m=1000000007&n=1000000007&h=1&w=1&k=1#groups",
    "?k=3&k=5&k=abc&k=7",
    "?embed=why,why,why,catch,catch&embed=animation",
    "?&&&=&k&=3&%3D=%3D",
    "#%3Cimg%20src%3Dx%20id%3DsepconvXSS%20onerror%3D%22window.sepconvXSS%3D1%22%3E",
    "?embed=%3Cscript%3Ewindow.sepconvXSS%3D1%3C%2Fscript%3E#%3Cb%20id%3DsepconvXSS%3E",
];

/// Opens `link`, reads through every section, and checks the page is sound:
/// ready within 3 s, rendered, answering, no console error, nothing from the
/// link in the DOM as markup, and (`noted`) a note naming the parameter.
async fn survives(browser: &Browser, link: &str, noted: Option<&str>) -> Outcome {
    let started = std::time::Instant::now();
    browser.open_unscrolled(link).await?;
    let ready = started.elapsed();
    check(
        ready < Duration::from_secs(3),
        format!("{link:.80}: ready after {ready:?}"),
    )?;
    // Read through: every part arrives and every section comes on screen once.
    browser
        .eval(
            "for (const s of document.querySelectorAll('main section, .on-demand')) s.scrollIntoView(); return null;",
        )
        .await?;
    browser
        .wait_until(
            "!document.querySelector('.on-demand')",
            Duration::from_secs(5),
        )
        .await
        .map_err(|e| format!("{link:.80}: the parts never arrived: {e}"))?;
    browser
        .eval("for (const s of document.querySelectorAll('main section')) s.scrollIntoView(); return null;")
        .await?;
    let asked = std::time::Instant::now();
    let state = value(
        browser,
        "[document.querySelectorAll('main section').length, \
          document.getElementById('sepconvXSS') === null && window.sepconvXSS === undefined, \
          document.body.textContent]",
    )
    .await?;
    let answered = asked.elapsed();
    check(
        answered < Duration::from_secs(1),
        format!("{link:.80}: the page took {answered:?} to answer once read through"),
    )?;
    check(
        state[0].as_u64().unwrap_or(0) > 0,
        format!("{link:.80}: no section rendered"),
    )?;
    check(
        state[1] == true,
        format!("{link:.80}: markup from the link was rendered"),
    )?;
    if let Some(key) = noted {
        let text = state[2].as_str().unwrap_or_default();
        check(
            text.contains(&format!("{key}=")) || (key == "embed" && text.contains("embed")),
            format!("{link:.80}: no note names {key}"),
        )?;
    }
    let errors = browser.console_errors().await?;
    check(
        errors.is_empty(),
        format!("{link:.80}: console errors {errors:?}"),
    )
}

/// The hostile-input suite (#21): every parameter with every hostile value,
/// links that ask for huge work, and garbage typed into every number field.
async fn hostile_links_and_fields(browser: &Browser) -> Outcome {
    let started = std::time::Instant::now();
    let mut tried = 0;
    // Every parameter at once with each hostile value (a 100 KB value on five
    // parameters only: Chromium refuses URLs over 2 MB).
    for value in hostile_values() {
        let keys: &[&str] = if value.len() > 1000 {
            &URL_KEYS[..5]
        } else {
            &URL_KEYS
        };
        let link = format!(
            "?{}",
            keys.iter()
                .map(|k| format!("{k}={value}"))
                .collect::<Vec<_>>()
                .join("&")
        );
        survives(browser, &link, None).await?;
        let text = browser.eval("return document.body.textContent;").await?;
        for key in keys {
            let named = if *key == "embed" {
                "embed".to_string()
            } else {
                format!("{key}=")
            };
            check(
                text.as_str().unwrap_or_default().contains(&named),
                format!("{value:.40}: no note names {key}"),
            )?;
        }
        tried += 1;
    }
    // Each parameter alone with the values most likely to slip through.
    for key in URL_KEYS {
        for value in [
            "",
            "abc",
            "-1",
            "18446744073709551616",
            "%E2%80%8B3",
            "%3Cimg%20src%3Dx%20id%3DsepconvXSS%20onerror%3D%22window.sepconvXSS%3D1%22%3E",
        ] {
            // `present=` alone is a valid flag.
            let noted = (!(key == "present" && value.is_empty())).then_some(key);
            survives(browser, &format!("?{key}={value}"), noted).await?;
            tried += 1;
        }
    }
    for link in HEAVY_LINKS {
        survives(browser, link, None).await?;
        tried += 1;
    }
    // The freeze (#21): the page answers within a second of reaching the
    // animation, whatever the kernel.
    for k in [1024, 4096, 65536] {
        browser
            .open_unscrolled(&format!("?k={k}&h={k}&w={k}&pad=same"))
            .await?;
        let asked = std::time::Instant::now();
        browser
            .eval("document.querySelector('.on-demand')?.scrollIntoView(); return null;")
            .await?;
        browser
            .wait_until(
                "(document.querySelector('#animation')?.scrollIntoView(), performance.getEntriesByName('sepconv-stage', 'measure').length > 0)",
                Duration::from_secs(5),
            )
            .await
            .map_err(|e| format!("k={k}: the stage never painted: {e}"))?;
        let took = asked.elapsed();
        check(
            took < Duration::from_secs(1) + Duration::from_millis(500),
            format!("k={k}: {took:?} from reaching the animation to an answer"),
        )?;
        tried += 1;
    }
    // Garbage typed (pasted whole) into every number field, then the field
    // left: the field stays marked and the numbers stay those in use.
    browser.open(LECTURE).await?;
    let before = browser.text("macs-separable").await?;
    for key in ["k", "m", "n", "h", "w", "s", "dm"] {
        for garbage in [
            "abc",
            "0",
            "-1",
            "1.5",
            "１",
            "<b>x</b>",
            "",
            "99999999999999999999999",
        ] {
            browser
                .eval(&format!(
                    "const f = document.querySelector('#control-{key}-number'); f.focus(); \
                     f.value = {}; f.dispatchEvent(new Event('input', {{bubbles: true}})); f.blur(); \
                     return null;",
                    json!(garbage)
                ))
                .await?;
            browser
                .wait_until(
                    &format!("document.querySelector('#control-{key}-number').getAttribute('aria-invalid') === 'true'"),
                    Duration::from_secs(2),
                )
                .await
                .map_err(|_| format!("{key}: {garbage:?} left the field unmarked"))?;
            // Marked for good, not for a frame.
            tokio::time::sleep(Duration::from_millis(50)).await;
            check(
                value(browser, &format!("document.querySelector('#control-{key}-number').getAttribute('aria-invalid')")).await? == "true",
                format!("{key}: {garbage:?} lost its mark once the field was left"),
            )?;
            expect_text(browser, "macs-separable", &before).await?;
        }
        browser.open(LECTURE).await?;
    }
    println!(
        "hostile: {tried} links in {:.1} s",
        started.elapsed().as_secs_f64()
    );
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

// Classroom: embeds, presenter mode, shortcuts, themes, print, export,
// accessibility (issue 8).

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// The element matching a CSS selector.
async fn element(browser: &Browser, css: &str) -> Result<Element, String> {
    browser
        .client
        .find(Locator::Css(css))
        .await
        .map_err(|e| format!("{css}: {e}"))
}

/// Evaluates a JavaScript expression.
async fn value(browser: &Browser, expression: &str) -> Result<Value, String> {
    browser.eval(&format!("return {expression};")).await
}

async fn wait(browser: &Browser, condition: &str) -> Outcome {
    browser.wait_until(condition, Duration::from_secs(5)).await
}

async fn embed_shows_only_its_sections(browser: &Browser) -> Outcome {
    browser
        .open("?embed=charts,animation&k=5&m=32&n=64")
        .await?;
    let present = value(
        browser,
        "['header', 'footer', '.intro', '#controls', '#cost', '#charts', '#derivation', '#animation', '#answer', '#evidence', '#catch', '#networks']
           .filter(s => document.querySelector(s))",
    )
    .await?;
    check(
        present == json!(["#charts", "#animation"]),
        format!("an embed of charts and animation shows {present}"),
    )?;
    check(
        value(
            browser,
            "document.documentElement.hasAttribute('data-embed')",
        )
        .await?
            == true,
        "no data-embed on <html>",
    )?;
    // The layer comes from the URL as on the whole page.
    let counter = browser.text("anim-counter").await?;
    check(counter.contains("of 11,392 multiplications"), counter)?;
    let link = value(
        browser,
        "document.querySelector('.embed-link a').getAttribute('href')",
    )
    .await?;
    check(
        link.as_str()
            .is_some_and(|l| l.starts_with("./?k=5&m=32&n=64") && !l.contains("embed")),
        format!("the link to the whole page: {link}"),
    )?;

    // Locked: the values show, nothing changes them, not even the preset keys.
    browser
        .open("?embed=controls,cost&controls=locked&k=5")
        .await?;
    let disabled = value(
        browser,
        "[...document.querySelectorAll('#controls input, #controls button')].every(e => e.matches(':disabled'))",
    )
    .await?;
    check(disabled == true, "locked controls can still be used")?;
    browser.press("2").await?;
    expect_text(browser, "params-standard", "375").await?;

    // Hidden: no controls at all.
    browser.open("?embed=controls,cost&controls=none").await?;
    check(
        value(browser, "document.querySelector('#controls')").await? == Value::Null,
        "controls=none still shows the controls",
    )?;
    // Unknown ids are named, and the page still works.
    browser.open("?embed=charts,graphs").await?;
    let notes = browser.text("page-notes").await?;
    check(notes.contains("no section called graphs"), notes)?;
    browser.text("chart-macs").await?;
    no_console_errors(browser).await
}

/// The sample course-notes page: every embed loads, is sized by the height it
/// posts, and posts again when its content grows.
async fn course_notes_page_sizes_its_embeds(browser: &Browser) -> Outcome {
    let url = format!("{}examples/course-notes.html", browser.base_url());
    browser.client.goto(&url).await.map_err(err)?;
    let frames = "[...document.querySelectorAll('iframe.sepconv')]";
    let ready = format!(
        "{frames}.length === 3 && {frames}.every(f => f.contentDocument?.documentElement.dataset.ready === 'true')"
    );
    browser.wait_until(&ready, Duration::from_secs(20)).await?;
    // Each iframe is as tall as its content: the snippet got the messages.
    let fits = format!(
        "{frames}.every(f => {{ const b = f.contentDocument.body; const h = Math.ceil(b.getBoundingClientRect().bottom); \
           return f.style.height === h + 'px' && f.contentDocument.documentElement.scrollHeight <= f.clientHeight; }})"
    );
    wait(browser, &fits)
        .await
        .map_err(|e| format!("the embeds were not sized to their content: {e}"))?;
    let heights = value(browser, &format!("{frames}.map(f => f.style.height)")).await?;
    println!("course notes: embeds sized {heights}");
    // What each embed shows.
    let shown = value(
        browser,
        &format!("{frames}.map(f => ['#controls', '#cost', '#derivation', '#animation', 'header'].filter(s => f.contentDocument.querySelector(s)))"),
    )
    .await?;
    check(
        shown == json!([["#cost"], ["#animation"], ["#controls", "#derivation"]]),
        format!("the embeds show {shown}"),
    )?;

    // Listen, then make the third embed taller: a wrong value brings a message.
    browser
        .eval(
            "window.heightMessages = []; \
             const frames = [...document.querySelectorAll('iframe')]; \
             addEventListener('message', e => heightMessages.push({frame: frames.findIndex(f => f.contentWindow === e.source), data: e.data})); \
             return null;",
        )
        .await?;
    let before = value(browser, &format!("parseInt({frames}[2].style.height)")).await?;
    browser
        .eval(&format!(
            "const doc = {frames}[2].contentDocument; const field = doc.querySelector('#control-n-number'); \
             field.value = 'zero'; field.dispatchEvent(new Event('input', {{bubbles: true}})); return null;"
        ))
        .await?;
    wait(
        browser,
        &format!("parseInt({frames}[2].style.height) > {before}"),
    )
    .await?;
    let messages = value(browser, "heightMessages").await?;
    println!("course notes: height messages after the change {messages}");
    let last = messages
        .as_array()
        .and_then(|m| m.last())
        .cloned()
        .unwrap_or_default();
    check(
        last["frame"] == 2
            && last["data"]["type"] == "sepconv:height"
            && last["data"]["height"].as_u64() > before.as_u64(),
        format!("no bigger height message from the third embed: {messages}"),
    )?;
    // Presenter mode in a frame settles: sized by the frame's height, it would
    // grow with every message it sends.
    browser
        .eval(&format!(
            "{frames}[1].src = '../?embed=animation&controls=none&present'; return null;"
        ))
        .await?;
    browser
        .wait_until(
            &format!("{frames}[1].contentDocument?.documentElement.hasAttribute('data-present') && {frames}[1].contentDocument.documentElement.dataset.ready === 'true'"),
            Duration::from_secs(20),
        )
        .await?;
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let settled = value(browser, &format!("parseInt({frames}[1].style.height)")).await?;
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let later = value(browser, &format!("parseInt({frames}[1].style.height)")).await?;
    println!("course notes: presenter embed {settled} px, a second later {later} px");
    check(
        settled == later && later.as_u64().is_some_and(|h| h < 2000),
        format!("a presenter-mode embed keeps growing: {settled} px, then {later} px"),
    )?;
    no_console_errors(browser).await
}

async fn presenter_mode_for_a_projector(browser: &Browser) -> Outcome {
    for (width, height, min_font) in [(1920, 1080, 24.0), (1280, 720, 18.0)] {
        browser.resize(width, height).await?;
        browser.open("?present").await?;
        let sizes = value(
            browser,
            "[parseFloat(getComputedStyle(document.documentElement).fontSize), \
              parseFloat(getComputedStyle(document.querySelector('[data-testid=anim-total]')).fontSize), \
              document.querySelector('#animation').getBoundingClientRect().height, \
              document.documentElement.hasAttribute('data-present')]",
        )
        .await?;
        let n = |i: usize| sizes[i].as_f64().unwrap_or_default();
        check(sizes[3] == true, "?present did not turn presenter mode on")?;
        check(
            n(0) >= min_font,
            format!("type at {width}×{height}: {} px", n(0)),
        )?;
        check(
            n(1) >= 2.5 * n(0),
            format!("the counter is not big: {} px", n(1)),
        )?;
        check(
            n(2) <= f64::from(height),
            format!(
                "the animation ({} px) is taller than the {height} px screen",
                n(2)
            ),
        )?;
        // Canvases draw larger type and lines: their zoom follows the type.
        no_horizontal_scroll(browser, (width, height, 1.0), "?present").await?;
    }
    browser.resize(1280, 800).await?;
    browser.open("").await?;
    let stage = element(browser, "[data-testid=stage]").await?;
    stage.send_keys("p").await.map_err(err)?;
    wait(browser, "document.documentElement.hasAttribute('data-present') && location.search.endsWith('&present')").await?;
    check(
        value(
            browser,
            "document.querySelector('[data-testid=present-toggle]').getAttribute('aria-pressed')",
        )
        .await?
            == "true",
        "the presenter button does not say it is on",
    )?;
    stage.send_keys("P").await.map_err(err)?;
    wait(browser, "!document.documentElement.hasAttribute('data-present') && !location.search.includes('present')").await?;
    no_console_errors(browser).await
}

async fn every_shortcut(browser: &Browser) -> Outcome {
    browser.open(LECTURE).await?;
    let stage = element(browser, "[data-testid=stage]").await?;
    let press = |keys: &'static str| {
        let stage = stage.clone();
        async move { stage.send_keys(keys).await.map_err(err) }
    };
    press("\u{E014}").await?; // →
    expect_text(browser, "anim-total", "9").await?;
    press("\u{E014}\u{E014}\u{E012}").await?; // → → ←
    expect_text(browser, "anim-total", "18").await?;
    press(" ").await?;
    wait(
        browser,
        "document.querySelector('[data-testid=play]').textContent === 'Pause'",
    )
    .await?;
    press(" ").await?;
    wait(
        browser,
        "document.querySelector('[data-testid=play]').textContent === 'Play'",
    )
    .await?;
    press("\u{E013}").await?; // ↑
    expect_value(browser, "[data-testid=speed]", "2").await?;
    press("\u{E015}\u{E015}").await?; // ↓ ↓
    expect_value(browser, "[data-testid=speed]", "0.5").await?;
    press("r").await?;
    expect_text(browser, "anim-total", "0").await?;
    for (key, standard_params) in [
        ("2", "3584"),
        ("3", "2,359,296"),
        ("4", "18,432"),
        ("1", "135"),
    ] {
        press(key).await?;
        expect_text(browser, "params-standard", standard_params).await?;
    }
    // Each toggle, on and off again.
    for (key, then) in [
        ("t", "document.documentElement.dataset.theme === 'dark'"),
        ("T", "document.documentElement.dataset.theme === 'light'"),
        ("p", "document.documentElement.hasAttribute('data-present')"),
        (
            "p",
            "!document.documentElement.hasAttribute('data-present')",
        ),
        (
            "f",
            "document.fullscreenElement === document.documentElement",
        ),
        ("f", "document.fullscreenElement === null"),
    ] {
        press(key).await?;
        wait(browser, then)
            .await
            .map_err(|e| format!("after {key}: {e}"))?;
    }

    // ? lists every shortcut; Escape closes the list.
    press("?").await?;
    wait(
        browser,
        "document.querySelector('[data-testid=shortcut-help]').open",
    )
    .await?;
    let keys = value(
        browser,
        "[...document.querySelectorAll('[data-testid=shortcut-table] kbd')].map(k => k.textContent)",
    )
    .await?;
    check(
        keys == json!([
            "Space", "←", "→", "↑", "↓", "R", "1", "2", "3", "4", "5", "P", "F", "T", "?"
        ]),
        format!("the overlay lists {keys}"),
    )?;
    // While it is open the other shortcuts wait.
    browser.press("\u{E014}").await?;
    expect_text(browser, "anim-total", "0").await?;
    browser.press("\u{E00C}").await?; // Escape
    wait(
        browser,
        "!document.querySelector('[data-testid=shortcut-help]').open",
    )
    .await?;
    press("?").await?;
    wait(
        browser,
        "document.querySelector('[data-testid=shortcut-help]').open",
    )
    .await?;
    browser.press("?").await?;
    wait(
        browser,
        "!document.querySelector('[data-testid=shortcut-help]').open",
    )
    .await?;

    // Never while typing: keys typed into a field stay in the field.
    let field = element(browser, "#control-n-number").await?;
    field.clear().await.map_err(err)?;
    field.send_keys("12 rtp?").await.map_err(err)?;
    check(
        value(browser, "[document.documentElement.dataset.theme, document.documentElement.hasAttribute('data-present'), document.querySelector('[data-testid=shortcut-help]').open, document.querySelector('#control-n-number').value]").await?
            == json!(["light", false, false, "12 rtp?"]),
        "a key typed into a field acted on the page",
    )?;
    field.clear().await.map_err(err)?;
    field.send_keys("5").await.map_err(err)?;
    // A focused slider keeps its arrows: the groups slider moves, the animation does not.
    browser.open("?m=4&n=4").await?;
    let slider = element(browser, "[data-testid=groups-slider]").await?;
    slider.send_keys("\u{E014}").await.map_err(err)?;
    expect_text(browser, "groups-value", "2").await?;
    expect_text(browser, "anim-total", "0").await?;
    no_console_errors(browser).await
}

async fn expect_value(browser: &Browser, selector: &str, expected: &str) -> Outcome {
    wait(
        browser,
        &format!("document.querySelector('{selector}').value === '{expected}'"),
    )
    .await
    .map_err(|e| format!("{selector} is not {expected}: {e}"))
}

/// How many pixels of a canvas have exactly the colour `hex`.
async fn pixels_of(browser: &Browser, testid: &str, hex: &str) -> Result<u64, String> {
    let count = value(
        browser,
        &format!(
            "(() => {{ const c = document.querySelector('[data-testid={testid}]'); \
               const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; \
               const [r, g, b] = [1, 3, 5].map(i => parseInt('{hex}'.slice(i, i + 2), 16)); let n = 0; \
               for (let i = 0; i < d.length; i += 4) if (d[i] === r && d[i + 1] === g && d[i + 2] === b && d[i + 3] === 255) n++; \
               return n; }})()"
        ),
    )
    .await?;
    Ok(count.as_u64().unwrap_or_default())
}

/// Scrolls the canvas `testid` to the middle of the screen (canvases paint
/// when near it) and waits until more than 100 of its pixels are `hex`.
async fn painted_in(browser: &Browser, testid: &str, hex: &str) -> Outcome {
    browser
        .eval(&format!(
            "document.querySelector('[data-testid={testid}]').scrollIntoView({{block: 'center'}}); return null;"
        ))
        .await?;
    let start = std::time::Instant::now();
    loop {
        let count = pixels_of(browser, testid, hex).await?;
        if count > 100 {
            return Ok(());
        }
        if start.elapsed() > Duration::from_secs(5) {
            return Err(format!("{testid} has {count} pixels of {hex}"));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn dark_theme_colours(browser: &Browser) -> Outcome {
    browser.open("").await?;
    browser.eval("localStorage.clear(); return null;").await?;
    browser.open("").await?;
    let (light, dark) = ("#007f73", "#3cc9b8"); // --depthwise
    painted_in(browser, "chart-macs", light)
        .await
        .map_err(|e| format!("no light depthwise bar: {e}"))?;
    click(browser, "[data-testid=theme-toggle]").await?;
    wait(browser, "document.documentElement.dataset.theme === 'dark'").await?;
    check(
        value(
            browser,
            "getComputedStyle(document.documentElement).backgroundColor",
        )
        .await?
            == "rgb(17, 20, 24)",
        "the page is not dark",
    )?;
    // Charts and the stage redraw in the dark theme's colours, each when it is
    // on screen (canvases away from the screen wait until they come near).
    for canvas in ["chart-macs", "chart-params", "stage"] {
        browser
            .eval(&format!(
                "document.querySelector('[data-testid={canvas}]').scrollIntoView({{block: 'center'}}); return null;"
            ))
            .await?;
        let start = std::time::Instant::now();
        loop {
            let (now, before) = (
                pixels_of(browser, canvas, dark).await?,
                pixels_of(browser, canvas, light).await?,
            );
            if now > 50 && before == 0 {
                break;
            }
            if start.elapsed() > Duration::from_secs(5) {
                return Err(format!(
                    "{canvas} in the dark theme: {now} dark and {before} light depthwise pixels"
                ));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    // Remembered.
    browser.open("").await?;
    check(
        value(
            browser,
            "[document.documentElement.dataset.theme, localStorage.getItem('sepconv-theme')]",
        )
        .await?
            == json!(["dark", "dark"]),
        "the dark theme was not remembered",
    )?;
    painted_in(browser, "chart-macs", dark)
        .await
        .map_err(|e| format!("dark after reload: {e}"))?;
    // Without a choice the system setting decides; an embed can fix its theme.
    browser.eval("localStorage.clear(); return null;").await?;
    browser
        .emulate_media(json!([{"name": "prefers-color-scheme", "value": "dark"}]))
        .await?;
    browser.open("").await?;
    let system = value(browser, "document.documentElement.dataset.theme").await?;
    browser.open("?embed=charts&theme=light").await?;
    let fixed = value(browser, "document.documentElement.dataset.theme").await?;
    browser.emulate_media(json!([])).await?;
    check(
        system == "dark",
        format!("the system's dark setting gave {system}"),
    )?;
    check(fixed == "light", format!("theme=light gave {fixed}"))?;
    no_console_errors(browser).await
}

async fn print_hides_controls_and_draws_figures(browser: &Browser) -> Outcome {
    browser.open("?k=3&m=3&n=128&h=3&w=3&bias=both").await?;
    browser.emulate_print(true).await?;
    let hidden = "['#controls', '.toolbar', '.transport', '.mode', '[data-testid=chart-macs]', '[data-testid=stage]', '[data-testid=chart-macs-save]', '[data-testid=copy-latex]', '[data-testid=explorer-controls]', '[data-testid=groups-slider]', '[data-testid=exercise-new]']";
    let result = async {
        wait(browser, "[...document.querySelectorAll('[data-testid=print-stills] img, img.print-figure')].every(i => i.complete && i.naturalWidth > 0)").await
            .map_err(|e| format!("the print images were not drawn: {e}"))?;
        let shown = value(
            browser,
            &format!("{hidden}.filter(s => document.querySelector(s).getClientRects().length > 0)"),
        )
        .await?;
        check(shown == json!([]), format!("printed although controls: {shown}"))?;
        let stills = value(browser, "[...document.querySelectorAll('[data-testid=print-stills] .still')].map(s => s.textContent)").await?;
        check(
            stills == json!([
                "1. Depthwise step, half way: 9 multiplications",
                "2. Pointwise step, half way: 180 multiplications",
                "3. The result: 411 multiplications"
            ]),
            format!("the animation's still frames: {stills}"),
        )?;
        let summary = browser.text("layer-summary").await?;
        check(summary.contains("3 → 128 channels"), summary)
    }
    .await;
    browser.emulate_print(false).await?;
    result?;
    no_console_errors(browser).await
}

async fn export_png_and_latex(browser: &Browser) -> Outcome {
    browser.open("?k=3&m=3&n=128&h=3&w=3&bias=both").await?;
    // Catch the download links instead of downloading.
    browser
        .eval(
            "window.downloads = []; HTMLAnchorElement.prototype.click = function () { downloads.push([this.download, this.href]); }; return null;",
        )
        .await?;
    for button in ["chart-params-save", "stage-save"] {
        click(browser, &format!("[data-testid={button}]")).await?;
    }
    let files = value(browser, "downloads.map(d => d[0])").await?;
    check(
        files == json!(["sepconv-chart-params.png", "sepconv-animation-step-0.png"]),
        format!("downloads: {files}"),
    )?;
    // Each is a PNG as large as its canvas.
    browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             Promise.all(downloads.map(([, url]) => new Promise(ok => { const i = new Image(); i.onload = () => ok([i.width, i.height]); i.onerror = () => ok(null); i.src = url; }))) \
               .then(sizes => { window.pngSizes = sizes; done(null); });",
            vec![],
        )
        .await
        .map_err(err)?;
    let sizes = value(
        browser,
        "[pngSizes, ['chart-params', 'stage'].map(t => { const c = document.querySelector(`[data-testid=${t}]`); return [c.width, c.height]; })]",
    )
    .await?;
    check(
        sizes[0] == sizes[1],
        format!("PNG sizes against canvases: {sizes}"),
    )?;

    // The derivation as LaTeX, on the clipboard (or shown to copy by hand).
    let origin = browser.base_url();
    let _ = browser
        .cdp(
            "Browser.grantPermissions",
            json!({"origin": origin.trim_end_matches('/'), "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]}),
        )
        .await;
    click(browser, "[data-testid=copy-latex]").await?;
    wait(
        browser,
        "document.querySelector('[data-testid=copy-latex-status]').textContent !== ''",
    )
    .await?;
    let latex = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             const shown = document.querySelector('[data-testid=latex-text]'); \
             if (shown) done(shown.value); else navigator.clipboard.readText().then(done, e => done('unreadable: ' + e));",
            vec![],
        )
        .await
        .map_err(err)?;
    let latex = latex.as_str().unwrap_or_default();
    check(
        latex.contains("\\text{standard} &= (f \\times f \\times n_{c} + 1) \\times n_{c}' = (3 \\times 3 \\times 3 + 1) \\times 128 = 28 \\times 128 = 3584"),
        format!("the LaTeX: {latex}"),
    )?;
    no_console_errors(browser).await
}

/// Every request of the page, an embed, the course notes and presenter mode
/// goes to the page's own origin.
async fn no_request_leaves_the_origin(browser: &Browser) -> Outcome {
    browser.requests().await?;
    for query in [
        "",
        "?embed=controls,cost,animation",
        "?present",
        "examples/course-notes.html",
    ] {
        if query.starts_with("examples") {
            browser
                .client
                .goto(&format!("{}{query}", browser.base_url()))
                .await
                .map_err(err)?;
            wait(browser, "[...document.querySelectorAll('iframe')].every(f => f.contentDocument?.documentElement.dataset.ready === 'true')").await?;
        } else {
            browser.open(query).await?;
        }
    }
    let requests = browser.requests().await?;
    let origin = browser.base_url();
    let origin = &origin[..origin[8..].find('/').map_or(origin.len(), |i| i + 8)];
    let outside: Vec<&String> = requests
        .iter()
        .filter(|url| !url.starts_with(&format!("{origin}/")) && !url.starts_with("data:"))
        .collect();
    println!(
        "requests: {} in all, {} outside {origin}",
        requests.len(),
        outside.len()
    );
    check(
        requests.len() >= 8,
        format!("too few requests seen: {requests:?}"),
    )?;
    check(
        outside.is_empty(),
        format!("requests left the origin: {outside:?}"),
    )
}

/// The request check itself: a request elsewhere must be reported.
async fn outside_requests_are_caught(browser: &Browser) -> Outcome {
    browser.open("").await?;
    browser.requests().await?;
    browser
        .eval("new Image().src = 'http://192.0.2.1/sepconv-self-test.png'; return null;")
        .await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let requests = browser.requests().await?;
    let _ = browser.console_errors().await;
    check(
        requests.iter().any(|r| r.contains("sepconv-self-test")),
        format!("a request elsewhere went unnoticed: {requests:?}"),
    )
}

/// axe-core on the whole page, presenter mode, an embed and the dark theme:
/// no serious or critical violations.
async fn accessibility_audit(browser: &Browser) -> Outcome {
    let mut failures = Vec::new();
    let phone = "?k=3&m=512&n=2048&h=224&w=224&pad=same&bias=both&notation=paper";
    for (width, query) in [
        (1280, ""),
        (1920, "?present"),
        (1280, "?embed=controls,cost,animation&controls=locked"),
        (1280, "?theme=dark&embed=why"),
        (1280, "?theme=dark&present"),
        (1280, "?embed=networks,exercise"),
        // On a phone wide tables and formulas scroll inside the page.
        (360, phone),
    ] {
        browser.resize(width, 800).await?;
        browser.open(query).await?;
        let violations = browser.audit().await?;
        let count = |impact: &str| violations.iter().filter(|v| v.impact == impact).count();
        println!(
            "axe {width} px {query:?}: {} critical, {} serious, {} moderate, {} minor{}",
            count("critical"),
            count("serious"),
            count("moderate"),
            count("minor"),
            violations
                .iter()
                .map(|v| format!("\n  {} ({}): {} {:?}", v.id, v.impact, v.help, v.targets))
                .collect::<String>()
        );
        failures.extend(
            violations
                .iter()
                .filter(|v| v.impact == "serious" || v.impact == "critical")
                .map(|v| {
                    format!(
                        "{query:?} {} ({}): {} at {:?}",
                        v.id, v.impact, v.help, v.targets
                    )
                }),
        );
    }
    browser.resize(1280, 800).await?;
    check(failures.is_empty(), failures.join("\n"))?;
    no_console_errors(browser).await
}

#[tokio::test(flavor = "current_thread")]
async fn end_to_end() {
    let dist = xtask::workspace_root().join("dist");
    let browser = Browser::start(&dist, "/", 1280, 800)
        .await
        .expect("browser starts");
    let mut failures = Vec::new();
    // `E2E_ONLY=name` runs the scenarios whose names contain `name` (while
    // working on one); CI runs them all.
    let only = std::env::var("E2E_ONLY").unwrap_or_default();
    macro_rules! scenario {
        ($name:ident) => {
            if stringify!($name).contains(only.as_str()) {
                let started = std::time::Instant::now();
                if let Err(e) = $name(&browser).await {
                    failures.push(format!("{}: {e}", stringify!($name)));
                }
                println!(
                    "{}: {:.1} s",
                    stringify!($name),
                    started.elapsed().as_secs_f64()
                );
            }
        };
    }
    scenario!(console_errors_are_caught);
    scenario!(the_app_renders);
    scenario!(answers_come_first);
    scenario!(every_sentence_true);
    scenario!(sections_below_arrive_when_wanted);
    scenario!(a_part_that_cannot_be_fetched_can_be_tried_again);
    scenario!(forum_link);
    scenario!(presets);
    scenario!(copy_link_answers_without_errors);
    scenario!(slider_changes_numbers_url_and_pixels);
    scenario!(garbage_url_gets_a_note_and_a_working_page);
    scenario!(impossible_url_explains_and_shows_the_lecture_example);
    scenario!(off_screen_charts_catch_up_when_scrolled_to);
    scenario!(an_embedded_explorer_links_a_loaded_layer_to_the_whole_page);
    scenario!(phone_width_has_no_horizontal_scroll);
    scenario!(explorer_totals_conventions_and_shares);
    scenario!(a_teachers_link_to_half_mobilenet_160);
    scenario!(a_layer_row_loads_into_the_calculator);
    scenario!(exercise_names_each_mistake);
    scenario!(embed_shows_only_its_sections);
    scenario!(course_notes_page_sizes_its_embeds);
    scenario!(presenter_mode_for_a_projector);
    scenario!(every_shortcut);
    scenario!(dark_theme_colours);
    scenario!(print_hides_controls_and_draws_figures);
    scenario!(export_png_and_latex);
    scenario!(no_request_leaves_the_origin);
    scenario!(outside_requests_are_caught);
    scenario!(accessibility_audit);
    scenario!(hostile_links_and_fields);
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
        // `open` scrolls through: the parts fetched on demand are found here too.
        browser.open("?k=3&m=3&n=128&bias=both").await?;
        expect_text(&browser, "params-separable", "542").await?;
        // The course notes' embeds find the page from its folder too.
        let notes = format!("{}examples/course-notes.html", browser.base_url());
        browser.client.goto(&notes).await.map_err(err)?;
        browser
            .wait_until(
                "[...document.querySelectorAll('iframe')].every(f => f.contentDocument?.documentElement.dataset.ready === 'true')",
                Duration::from_secs(20),
            )
            .await?;
        no_console_errors(&browser).await
    }
    .await;
    browser.close().await;
    outcome.expect("the page works under /courses/cnn/sepconv/");
}

/// A browser dropped without `close` (as a failing test does) ends its Chromium too.
#[tokio::test(flavor = "current_thread")]
async fn a_dropped_browser_leaves_no_chromium_behind() {
    let dist = xtask::workspace_root().join("dist");
    let browser = Browser::start(&dist, "/", 800, 600)
        .await
        .expect("browser starts");
    browser.open("").await.expect("the page opens");
    let group = browser.process_group().to_string();
    // Live processes of the group (killed ones may linger as zombies until reaped).
    let alive = || {
        let out = std::process::Command::new("ps")
            .args(["-e", "-o", "pgid=,stat="])
            .output()
            .expect("ps runs");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|line| line.split_whitespace().collect::<Vec<_>>())
            .filter(|f| f.first() == Some(&group.as_str()))
            .filter(|f| !f.get(1).is_some_and(|stat| stat.starts_with('Z')))
            .count()
    };
    assert!(alive() > 1, "chromedriver and Chromium share a group");
    drop(browser);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(alive(), 0, "processes left running in group {group}");
}
