//! What the scenarios share, one function a job: checks, reading the page,
//! waiting for it, and acting on it as a reader does.

use std::time::{Duration, Instant};

use xtask::browser::{Browser, Element, Locator, Value};

/// A scenario's result: `Err` says what was wrong.
pub type Outcome = Result<(), String>;

/// The lecture example, named in full: the tests written around its numbers
/// (2160 MACs, 3 channels) open it explicitly, not as the page's opening layer.
pub const LECTURE: &str = "?k=3&m=3&n=5&h=6&w=6&pad=valid";

/// How long a wait lasts before it fails.
const PATIENCE: Duration = Duration::from_secs(5);

// Checks.

/// Fails with `message` unless `condition` holds.
pub fn check(condition: bool, message: impl Into<String>) -> Outcome {
    if condition {
        Ok(())
    } else {
        Err(message.into())
    }
}

/// Fails unless the element with `data-testid` = `testid` reads `expected` now.
pub async fn expect_text(browser: &Browser, testid: &str, expected: &str) -> Outcome {
    let actual = browser.text(testid).await?;
    check(
        actual == expected,
        format!("{testid}: expected {expected:?}, got {actual:?}"),
    )
}

/// Fails if the browser logged an error since the last look.
pub async fn no_console_errors(browser: &Browser) -> Outcome {
    let errors = browser.console_errors().await?;
    check(
        errors.is_empty(),
        format!("browser console errors: {errors:#?}"),
    )
}

/// Fails if the page at `width`×`height` CSS pixels (each `scale` device pixels)
/// scrolls sideways, naming the elements that stick out.
pub async fn no_horizontal_scroll(
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

// Reading the page.

/// The CSS selector of the element with `data-testid` = `id`.
fn by_testid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

/// The value of a JavaScript expression.
pub async fn value(browser: &Browser, expression: &str) -> Result<Value, String> {
    browser.eval(&format!("return {expression};")).await
}

/// The element matching a CSS selector.
pub async fn element(browser: &Browser, css: &str) -> Result<Element, String> {
    browser
        .client
        .find(Locator::Css(css))
        .await
        .map_err(|e| format!("{css}: {e}"))
}

/// Top of the element matching `css`, in CSS pixels from the top of the page.
pub async fn top_of(browser: &Browser, css: &str) -> Result<f64, String> {
    let top = browser
        .eval(&format!(
            "const e = document.querySelector({css:?}); \
             return e ? e.getBoundingClientRect().top + scrollY : null;"
        ))
        .await?;
    top.as_f64().ok_or(format!("no {css} on the page"))
}

/// The picture on the canvas `testid`, as a data URL (to tell whether it changed).
pub async fn picture_of(browser: &Browser, testid: &str) -> Result<String, String> {
    let css = by_testid(testid);
    let url = value(
        browser,
        &format!("document.querySelector({css:?}).toDataURL()"),
    )
    .await?;
    Ok(url.as_str().unwrap_or_default().to_string())
}

/// How many pixels of the canvas `testid` have exactly the colour `hex`.
pub async fn pixels_of(browser: &Browser, testid: &str, hex: &str) -> Result<u64, String> {
    let css = by_testid(testid);
    let count = value(
        browser,
        &format!(
            "(() => {{ const c = document.querySelector({css:?}); \
               const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; \
               const [r, g, b] = [1, 3, 5].map(i => parseInt('{hex}'.slice(i, i + 2), 16)); let n = 0; \
               for (let i = 0; i < d.length; i += 4) if (d[i] === r && d[i + 1] === g && d[i + 2] === b && d[i + 3] === 255) n++; \
               return n; }})()"
        ),
    )
    .await?;
    Ok(count.as_u64().unwrap_or_default())
}

// Waiting for the page.

/// Waits until a JavaScript condition holds.
pub async fn wait(browser: &Browser, condition: &str) -> Outcome {
    browser.wait_until(condition, PATIENCE).await
}

/// Waits until the element with `data-testid` = `testid` reads `expected`.
pub async fn wait_for_text(browser: &Browser, testid: &str, expected: &str) -> Outcome {
    let css = by_testid(testid);
    let condition = format!("document.querySelector({css:?})?.textContent === {expected:?}");
    match wait(browser, &condition).await {
        Ok(()) => Ok(()),
        Err(_) => expect_text(browser, testid, expected).await,
    }
}

/// Waits until the field matching `css` holds `expected`.
pub async fn wait_for_value(browser: &Browser, css: &str, expected: &str) -> Outcome {
    wait(
        browser,
        &format!("document.querySelector({css:?})?.value === {expected:?}"),
    )
    .await
    .map_err(|e| format!("{css} is not {expected}: {e}"))
}

/// Waits for the query string to contain `part`: the page rewrites the URL once
/// its state has rested (150 ms), not on every change.
pub async fn url_follows(browser: &Browser, part: &str) -> Outcome {
    if wait(browser, &format!("location.search.includes({part:?})"))
        .await
        .is_ok()
    {
        return Ok(());
    }
    let url = value(browser, "location.search").await?;
    Err(format!("the URL did not follow: {url} lacks {part}"))
}

/// Scrolls the canvas `testid` to the middle of the screen (canvases paint
/// when near it) and waits until more than 100 of its pixels are `hex`.
pub async fn painted_in(browser: &Browser, testid: &str, hex: &str) -> Outcome {
    wait_for_pixels(
        browser,
        testid,
        &[hex],
        |n| n[0] > 100,
        |n| format!("{testid} has {} pixels of {hex}", n[0]),
    )
    .await
}

/// Scrolls the canvas `testid` to the middle of the screen (canvases paint
/// when near it) and waits until `done` holds of how many of its pixels have
/// each of the `colours`; else fails with `failure` of the last counts.
pub async fn wait_for_pixels(
    browser: &Browser,
    testid: &str,
    colours: &[&str],
    done: impl Fn(&[u64]) -> bool,
    failure: impl Fn(&[u64]) -> String,
) -> Outcome {
    let css = by_testid(testid);
    value(
        browser,
        &format!("document.querySelector({css:?}).scrollIntoView({{block: 'center'}})"),
    )
    .await?;
    let start = Instant::now();
    loop {
        let mut counts = Vec::with_capacity(colours.len());
        for hex in colours {
            counts.push(pixels_of(browser, testid, hex).await?);
        }
        if done(&counts) {
            return Ok(());
        }
        if start.elapsed() > PATIENCE {
            return Err(failure(&counts));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

// Acting on the page.

/// A WebDriver error as a scenario's error.
pub fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Clicks the element matching a CSS selector.
pub async fn click(browser: &Browser, css: &str) -> Outcome {
    element(browser, css)
        .await?
        .click()
        .await
        .map_err(|e| format!("clicking {css}: {e}"))
}

/// Replaces the text of the field matching a CSS selector by typing `text`.
pub async fn type_into(browser: &Browser, css: &str, text: &str) -> Outcome {
    let field = element(browser, css).await?;
    field.clear().await.map_err(|e| format!("{css}: {e}"))?;
    field
        .send_keys(text)
        .await
        .map_err(|e| format!("typing into {css}: {e}"))
}

/// With `E2E_SHOTS=dir`, saves what the screen shows as `dir/name.png`: for
/// looking at states only a click reaches (a finished training, a timing),
/// which `cargo xtask screenshot` cannot. Without it, nothing.
pub async fn keep_shot(browser: &Browser, name: &str) -> Outcome {
    let Ok(dir) = std::env::var("E2E_SHOTS") else {
        return Ok(());
    };
    let png = browser.screen_shot().await?;
    std::fs::create_dir_all(&dir).map_err(err)?;
    std::fs::write(std::path::Path::new(&dir).join(format!("{name}.png")), png).map_err(err)
}
