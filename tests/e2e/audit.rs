//! The audits: console errors and requests leaving the origin (each check
//! checked itself), and axe-core's accessibility audit.

use std::time::Duration;

use xtask::browser::Browser;

use crate::helpers::{check, err, no_console_errors, wait, Outcome};

/// The console check itself: an error logged by the page must be reported.
pub async fn console_errors_are_caught(browser: &Browser) -> Outcome {
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

/// Every request of the page, an embed, the course notes and presenter mode
/// goes to the page's own origin.
pub async fn no_request_leaves_the_origin(browser: &Browser) -> Outcome {
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
    // Scheme, host and port: up to the first '/' after "://".
    let host = origin.find("://").map_or(0, |i| i + 3);
    let origin = &origin[..origin[host..].find('/').map_or(origin.len(), |i| i + host)];
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
pub async fn outside_requests_are_caught(browser: &Browser) -> Outcome {
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
pub async fn accessibility_audit(browser: &Browser) -> Outcome {
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
