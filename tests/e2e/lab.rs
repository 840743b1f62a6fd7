//! "See it yourself" (#17): the lab's measured results, its link and its data
//! sets, as a reader meets them.

use xtask::browser::Browser;

use crate::helpers::{
    check, click, keep_shot, no_console_errors, url_follows, value, wait, Outcome,
};

/// The text of the element `testid`, or "" when it is not on the page.
async fn text_of(browser: &Browser, testid: &str) -> Result<String, String> {
    let text = value(
        browser,
        &format!("document.querySelector('[data-testid={testid}]')?.textContent ?? ''"),
    )
    .await?;
    Ok(text.as_str().unwrap_or_default().to_string())
}

/// A link to the lab on digits shows digits' results, each with its spread
/// and the calculator's counts (no "the file:" disagreement), keeps its
/// #lab, and switching the data set switches the findings and the link.
pub async fn the_lab_shows_measured_results(browser: &Browser) -> Outcome {
    browser.open("?data=digits#lab").await?;
    for kind in ["standard", "twin", "wide"] {
        let accuracy = text_of(browser, &format!("lab-accuracy-digits-{kind}")).await?;
        check(
            accuracy.contains('±') && accuracy.contains('%'),
            format!("digits {kind}: accuracy without its spread: {accuracy:?}"),
        )?;
        for count in ["params", "macs"] {
            let shown = text_of(browser, &format!("lab-{count}-digits-{kind}")).await?;
            check(
                !shown.is_empty() && !shown.contains("the file"),
                format!("digits {kind}: {count} disagree with the calculator: {shown:?}"),
            )?;
        }
    }
    let headline = text_of(browser, "lab-headline").await?;
    check(
        headline.contains("digits"),
        format!("the headline is not about digits: {headline:?}"),
    )?;
    // The page rewrites its link once it rests; the section the reader came
    // to stays in it.
    url_follows(browser, "data=digits").await?;
    let hash = value(browser, "location.hash").await?;
    check(hash == "#lab", format!("the link lost its #lab: {hash}"))?;

    let digits_twins = text_of(browser, "lab-twins").await?;
    click(browser, "[data-testid=lab-data] input[value=fashion-mnist]").await?;
    wait(
        browser,
        "document.querySelector('[data-testid=lab-headline]').textContent.includes('Fashion-MNIST')",
    )
    .await?;
    url_follows(browser, "data=fashion-mnist").await?;
    let twins = text_of(browser, "lab-twins").await?;
    check(
        twins != digits_twins && twins.contains('±'),
        format!("the twins' sentence after switching: {twins:?}"),
    )?;
    let provenance = text_of(browser, "lab-command").await?;
    check(
        provenance.contains("cargo xtask lab"),
        format!("the command that measured it: {provenance:?}"),
    )?;
    let frontier = value(
        browser,
        "document.querySelector('[data-testid=lab-frontier]').getAttribute('aria-label')",
    )
    .await?;
    check(
        frontier.as_str().is_some_and(|d| d.contains('±')),
        format!("the frontier's description lacks the spread: {frontier}"),
    )?;
    no_console_errors(browser).await
}

/// Values a link cannot use are named in a note and replaced by defaults.
pub async fn a_bad_lab_link_is_explained(browser: &Browser) -> Outcome {
    browser.open("?data=cifar&width=3&seed=0#lab").await?;
    let notes = text_of(browser, "lab-notes").await?;
    for named in ["data=cifar", "width=3", "seed=0"] {
        check(
            notes.contains(named),
            format!("no note names {named}: {notes:?}"),
        )?;
    }
    check(
        !text_of(browser, "lab-accuracy-fashion-mnist-standard")
            .await?
            .is_empty(),
        "the default data set's results are not shown",
    )?;
    no_console_errors(browser).await
}

/// The native result of `cargo xtask lab` for one twin (α = 1) and seed, from
/// the shipped results file: its test accuracy.
fn native_accuracy(data: &str, family: &str, seed: u32) -> Result<f64, String> {
    let path = xtask::workspace_root().join("train/results/lab.tsv");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let seed = seed.to_string();
    text.lines()
        .map(|line| line.split('\t').collect::<Vec<_>>())
        .find(|f| f.len() > 10 && f[..5] == ["twins", data, family, "1", seed.as_str()])
        .and_then(|f| f[10].parse().ok())
        .ok_or(format!("lab.tsv has no twins {data} {family} seed {seed}"))
}

/// Train, on digits, in the reader's browser: both nets' curves move while
/// they train, and once done each net's test accuracy is well above chance
/// and equal to the native run of the same seed in the shipped results.
pub async fn trains_in_the_browser_like_native(browser: &Browser) -> Outcome {
    browser.open("?data=digits&width=1&seed=1#lab").await?;
    let loss_chart = "document.querySelector('[data-testid=lab-loss]').getAttribute('aria-label')";
    let before = value(browser, loss_chart).await?;
    click(browser, "[data-testid=lab-train]").await?;
    browser
        .wait_until(
            &format!("({loss_chart}) !== {before}"),
            std::time::Duration::from_secs(30),
        )
        .await
        .map_err(|e| format!("the loss curve never moved: {e}"))?;
    browser
        .wait_until(
            "document.querySelector('[data-testid=lab-status]').textContent.startsWith('Done.')",
            std::time::Duration::from_secs(120),
        )
        .await
        .map_err(|e| format!("the run never finished: {e}"))?;
    let status = text_of(browser, "lab-status").await?;
    for family in ["standard", "separable"] {
        let shown = value(
            browser,
            &format!("document.querySelector('[data-testid=lab-status]').dataset.{family}Accuracy"),
        )
        .await?;
        let browser_accuracy: f64 = shown
            .as_str()
            .and_then(|a| a.parse().ok())
            .ok_or(format!("no {family} accuracy on the status: {shown}"))?;
        let native = native_accuracy("digits", family, 1)?;
        check(
            browser_accuracy > 0.5,
            format!("{family}: {browser_accuracy} is hardly above chance (0.1)"),
        )?;
        check(
            (browser_accuracy - native).abs() < 1e-6,
            format!("{family}: the browser reached {browser_accuracy}, the native run of seed 1 {native}"),
        )?;
    }
    check(
        status.contains("Measured natively at α = 1 over 5 seeds"),
        format!("the summary: {status}"),
    )?;
    browser
        .eval("document.querySelector('[data-testid=lab-live]').scrollIntoView(); return null;")
        .await?;
    keep_shot(browser, "lab-trained").await?;
    no_console_errors(browser).await
}
