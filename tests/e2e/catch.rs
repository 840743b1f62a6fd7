//! "What it costs": the published measurements with their sources, and no
//! timing shown until one has run on the reader's device (#18).

use xtask::browser::Browser;

use crate::helpers::{check, no_console_errors, value, Outcome};

/// Every published measurement names its source and links to it; the timing's
/// button says honestly that timing is not in the page yet, and no measured
/// number is shown.
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
    let disabled = value(
        browser,
        "document.querySelector('[data-testid=time-layer]').disabled",
    )
    .await?;
    check(
        disabled == true,
        "the timing button works before the timing exists",
    )?;
    let pending = browser.text("timing-pending").await?;
    check(
        pending.contains("nothing here is measured on your device"),
        format!("the note on timing: {pending}"),
    )?;
    let shown = browser.text("timing-results").await?;
    check(
        shown.is_empty(),
        format!("timing results without a timing: {shown}"),
    )?;
    no_console_errors(browser).await
}
