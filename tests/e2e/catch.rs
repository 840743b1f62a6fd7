//! "What it costs": the published measurements with their sources, and the
//! layer timed on the reader's device (#18).

use xtask::browser::Browser;

use crate::helpers::{
    check, click, element, err, keep_shot, no_console_errors, value, wait, Outcome, LECTURE,
};

/// Every published measurement names its source and links to it, and no
/// measured number is shown before the reader asks for one.
pub async fn published_measurements_and_no_fake_timing(browser: &Browser) -> Outcome {
    browser.open("#catch").await?;
    let links = value(
        browser,
        "[...document.querySelectorAll('[data-testid=published] > li, [data-testid=gpu-reports] > li')] \
         .map(li => [li.querySelector('q')?.textContent ?? '', li.querySelector('a')?.href ?? ''])",
    )
    .await?;
    let links = links.as_array().cloned().unwrap_or_default();
    check(
        links.len() == 6,
        format!("six quoted measurements, got {links:?}"),
    )?;
    for pair in &links {
        let (quote, href) = (
            pair[0].as_str().unwrap_or(""),
            pair[1].as_str().unwrap_or(""),
        );
        check(
            !quote.is_empty() && href.starts_with("https://"),
            format!("a quote without its words or link: {pair}"),
        )?;
    }
    let xnnpack = browser.text("published-xnnpack").await?;
    for wanted in [
        "MobileNet v1 1.0X",
        "82",
        "568.7M (counted)",
        "6.94",
        "XNNPACK",
    ] {
        check(
            xnnpack.contains(wanted),
            format!("XNNPACK's table lacks {wanted:?}: {xnnpack}"),
        )?;
    }
    let same = browser.text("published-same-macs").await?;
    check(
        same.contains("2.34× on the Pixel 3") && same.contains("2.46× on the Pixel 4"),
        format!("the NASNet comparison: {same}"),
    )?;
    let shown = browser.text("timing-results").await?;
    check(
        shown.is_empty(),
        format!("timing results before any timing: {shown}"),
    )?;
    no_console_errors(browser).await
}

/// A number in a cell, or an error naming it.
async fn number(browser: &Browser, testid: &str) -> Result<f64, String> {
    let text = browser.text(testid).await?;
    text.trim()
        .parse()
        .map_err(|_| format!("{testid} is not a number: {text:?}"))
}

/// "Time this layer" (key M) on the lecture example: while the worker times it a
/// slider still answers at once; then every step has a positive time and
/// rate, the pair's MACs are the calculator's, and the roofline is drawn.
pub async fn times_the_layer_on_this_device(browser: &Browser) -> Outcome {
    browser.open(&format!("{LECTURE}#catch")).await?;
    // The shortcut, M, does what the button does.
    element(browser, "body")
        .await?
        .send_keys("m")
        .await
        .map_err(err)?;
    wait(
        browser,
        "document.querySelector('[data-testid=time-layer]').disabled",
    )
    .await?;
    // While it runs: a slider change reaches the numbers within a frame or two.
    let answered = browser
        .eval(
        "const input = document.querySelector('#control-n-number');
         const before = document.querySelector('[data-testid=macs-standard]').textContent;
         const start = performance.now();
         input.value = '10';
         input.dispatchEvent(new Event('input', {bubbles: true}));
         input.dispatchEvent(new Event('change', {bubbles: true}));
         return new Promise(done => {
           const look = () => document.querySelector('[data-testid=macs-standard]').textContent !== before
             ? done(performance.now() - start) : requestAnimationFrame(look);
           look();
         });",
        )
        .await?;
    let busy = value(
        browser,
        "document.querySelector('[data-testid=time-layer]').disabled",
    )
    .await?;
    check(
        answered.as_f64().is_some_and(|ms| ms < 50.0) && busy == true,
        format!("during the timing (still running: {busy}) a slider took {answered} ms"),
    )?;
    browser
        .wait_until(
            "document.querySelector('[data-testid=timing-status]').textContent.startsWith('Done')",
            std::time::Duration::from_secs(60),
        )
        .await
        .map_err(|e| format!("the timing never finished: {e}"))?;
    for part in ["standard", "depthwise", "pointwise", "separable"] {
        let ms = number(browser, &format!("timing-ms-{part}")).await?;
        let gmacs = number(browser, &format!("timing-gmacs-{part}")).await?;
        check(
            ms > 0.0 && gmacs > 0.0,
            format!("{part}: {ms} ms, {gmacs} GMAC/s"),
        )?;
    }
    let table = browser.text("timing-table").await?;
    // The layer timed is the one clicked for (n = 5), with the calculator's MACs.
    check(
        table.contains("2160") && table.contains("672"),
        format!("the timed MACs are not the calculator's: {table}"),
    )?;
    let setup = browser.text("timing-setup").await?;
    check(
        setup.contains("this browser, in a Web Worker"),
        format!("where it was measured: {setup}"),
    )?;
    wait(
        browser,
        "document.querySelector('[data-testid=chart-roofline]') !== null",
    )
    .await?;
    let roofs = browser.text("roofline-steps").await?;
    check(
        !roofs.is_empty(),
        "no sentence places the steps under the roofs",
    )?;
    browser
        .eval("document.querySelector('[data-testid=timing-table]').scrollIntoView(); return null;")
        .await?;
    keep_shot(browser, "catch-timed").await?;
    // The sweep: every layer timed, its two charts and what they show.
    click(browser, "[data-testid=time-sweep]").await?;
    browser
        .wait_until(
            "document.querySelector('[data-testid=timing-status]').textContent.startsWith('Done') \
             && document.querySelector('[data-testid=chart-sweep-rates]') !== null",
            std::time::Duration::from_secs(120),
        )
        .await
        .map_err(|e| format!("the sweep never finished: {e}"))?;
    let sweep = browser.text("sweep-sentence").await?;
    check(!sweep.is_empty(), "the sweep's sentence is empty")?;
    browser
        .eval("document.querySelector('[data-testid=chart-sweep-rates]').scrollIntoView(); return null;")
        .await?;
    keep_shot(browser, "catch-sweep").await?;
    no_console_errors(browser).await
}
