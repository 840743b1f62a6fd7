//! "See it yourself" (#17): the lab's measured results, its link and its data
//! sets, as a reader meets them.

use xtask::browser::Browser;

use crate::helpers::{check, click, no_console_errors, url_follows, value, wait, Outcome};

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
