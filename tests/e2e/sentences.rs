//! What the page says: the answers first, and every sentence true (#15).

use xtask::browser::Browser;

use crate::helpers::{check, no_console_errors, top_of, value, Outcome};

/// The two forum questions and their answers come before the controls on every
/// screen; on a phone the cost's readouts come before the sliders too.
pub async fn answers_come_first(browser: &Browser) -> Outcome {
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
pub async fn every_sentence_true(browser: &Browser) -> Outcome {
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
    let chart = value(
        browser,
        "document.querySelector('[data-testid=chart-tradeoff]').getAttribute('aria-label')",
    )
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
