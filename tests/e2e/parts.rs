//! The parts fetched on demand (#9): when they arrive, a failed fetch tried
//! again, and the page in a course site's folder.

use std::time::Duration;

use xtask::browser::{json, Browser};

use crate::helpers::{check, err, expect_text, no_console_errors, type_into, value, wait, Outcome};

/// The first load fetches the first screen's code only (#9: the payload
/// budget); the sections below arrive as the reader scrolls down to them, or at
/// once when the link names one of them.
pub async fn sections_below_arrive_when_wanted(browser: &Browser) -> Outcome {
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
    // its URL (which keeps the #section).
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
        let url = url.as_str().unwrap_or_default();
        check(
            url.contains("&n=") && url.ends_with("#catch"),
            format!("the URL was not rewritten yet, or lost its #catch ({url})"),
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
pub async fn a_part_that_cannot_be_fetched_can_be_tried_again(browser: &Browser) -> Outcome {
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

/// The default build uses relative asset URLs, so it works in a course site's
/// folder (`main.rs` serves it under one).
pub async fn under_a_sub_path(browser: &Browser) -> Outcome {
    // `open` scrolls through: the parts fetched on demand are found here too.
    browser.open("?k=3&m=3&n=128&bias=both").await?;
    expect_text(browser, "params-separable", "542").await?;
    // The course notes' embeds find the page from its folder too.
    let notes = format!("{}examples/course-notes.html", browser.base_url());
    browser.client.goto(&notes).await.map_err(err)?;
    browser
        .wait_until(
            "[...document.querySelectorAll('iframe')].every(f => f.contentDocument?.documentElement.dataset.ready === 'true')",
            Duration::from_secs(20),
        )
        .await?;
    no_console_errors(browser).await
}
