//! Embeds in course notes (issue 20): the caption stating the layer, answers
//! held back until asked for (`reveal`), the forum's exercise posed from a
//! link, export buttons off (`png=off`), the derivation's results never alone
//! on a line, no embed clipped at the widths notes give them, and the
//! accessibility audit of such embeds.

use std::time::Duration;

use xtask::browser::{json, Browser, Value};

use crate::helpers::{
    check, err, expect_text, no_console_errors, type_into, url_follows, value, wait, wait_for_text,
    Outcome,
};

/// The forum's exercise as a layer: 3×3 kernel, 3 → 128 channels, 3×3 input, bias on both.
const FORUM: &str = "k=3&m=3&n=128&h=3&w=3&bias=both";

/// Waits for the embed's caption (its code arrives after the page) and reads
/// its text, symbols by name ("n_c′"), no-break spaces as spaces.
async fn caption(browser: &Browser) -> Result<String, String> {
    wait(
        browser,
        "!!document.querySelector('[data-testid=embed-caption]')",
    )
    .await
    .map_err(|e| format!("no caption: {e}"))?;
    let text = value(
        browser,
        "document.querySelector('[data-testid=embed-caption]').dataset.text",
    )
    .await?;
    Ok(text.as_str().unwrap_or_default().replace('\u{a0}', " "))
}

/// Whether the element matching `css` is displayed (takes up room on the page).
async fn displayed(browser: &Browser, css: &str) -> Result<bool, String> {
    let shown = value(
        browser,
        &format!("(e => !!e && e.getClientRects().length > 0)(document.querySelector({css:?}))"),
    )
    .await?;
    Ok(shown == true)
}

pub async fn an_embed_states_its_layer_in_a_caption(browser: &Browser) -> Outcome {
    browser
        .open(&format!("?embed=controls,cost&{FORUM}"))
        .await?;
    let course = caption(browser).await?;
    check(
        course
            == "Layer: kernel f×f = 3×3, channels n_c = 3 → n_c′ = 128, input n_H×n_W = 3×3, stride s = 1, padding valid (none), bias on both layers (PyTorch).",
        format!("the caption: {course:?}"),
    )?;
    // Written in MathML, as the page writes its symbols.
    let symbols = value(
        browser,
        "document.querySelectorAll('[data-testid=embed-caption] math').length",
    )
    .await?;
    check(symbols == 5, format!("{symbols} formulas in the caption"))?;
    // It follows the controls: another channel count, the paper's notation.
    type_into(browser, "#control-n-number", "64").await?;
    wait(
        browser,
        "document.querySelector('[data-testid=embed-caption]').dataset.text.includes('n_c′ = 64')",
    )
    .await
    .map_err(|e| format!("the caption did not follow n: {e}"))?;
    browser
        .eval("document.querySelector('input[name=choice-notation][value=paper]').click(); return null;")
        .await?;
    wait(
        browser,
        "document.querySelector('[data-testid=embed-caption]').dataset.text.replace(/\\u00a0/g, ' ').startsWith('Layer: kernel D_K×D_K = 3×3, channels M = 3 → N = 64')",
    )
    .await
    .map_err(|e| format!("the caption did not follow the notation: {e}"))?;
    // Off by parameter; never on the whole page.
    for query in [
        format!("?embed=controls,cost&{FORUM}&caption=off"),
        FORUM.replace("k=", "?k="),
    ] {
        browser.open(&query).await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        check(
            !displayed(browser, "[data-testid=embed-caption]").await?,
            format!("{query} has a caption"),
        )?;
    }
    no_console_errors(browser).await
}

/// The answers held back: hidden, then shown by a click or from the keyboard,
/// and for good; print shows them all.
pub async fn reveal_holds_the_answers_until_asked(browser: &Browser) -> Outcome {
    let query = format!("?embed=controls,cost,derivation&{FORUM}&reveal=yes");
    browser.open(&query).await?;
    caption(browser).await?;
    let answers = [
        "#cost",
        "[data-testid=readout-params-value]",
        "[data-testid=cost-details]",
        "[data-testid=derivation-params-standard]",
        "[data-testid=copy-latex]",
    ];
    for css in answers {
        check(
            !displayed(browser, css).await?,
            format!("{css} is shown before it is asked for"),
        )?;
    }
    let prompts = value(
        browser,
        "[...document.querySelectorAll('p.held-back-prompt')].filter(p => p.getClientRects().length).map(p => p.innerText)",
    )
    .await?;
    check(
        prompts
            == json!([
                "Work it out yourself first. Show the answer",
                "Work it out yourself first. Show the answer"
            ]),
        format!("the prompts: {prompts}"),
    )?;
    // Print shows everything, prompts aside.
    browser.emulate_print(true).await?;
    let printed = async {
        for css in answers.iter().take(4) {
            check(
                displayed(browser, css).await?,
                format!("{css} is not printed"),
            )?;
        }
        check(
            !displayed(browser, "p.held-back-prompt").await?,
            "a prompt is printed",
        )
    }
    .await;
    browser.emulate_print(false).await?;
    printed?;

    // The cost, by a click: shown, focused, and its prompt gone.
    crate::helpers::click(browser, "[data-for=cost] button").await?;
    wait_for_text(browser, "readout-params-value", "542").await?;
    check(
        displayed(browser, "[data-testid=cost-details]").await?,
        "the counts stay hidden",
    )?;
    check(
        value(browser, "document.activeElement.id").await? == "cost",
        "the focus is not on the cost shown",
    )?;
    check(
        !displayed(browser, "[data-for=cost]").await?,
        "the cost's prompt stays",
    )?;
    check(
        !displayed(browser, "[data-testid=derivation-params-standard]").await?,
        "showing the cost showed the derivation too",
    )?;
    // The derivation, from the keyboard only: Tab to its button, Enter.
    let button = "document.querySelector('p[data-for=derivation] button')";
    let mut reached = false;
    for _ in 0..80 {
        browser.press("\u{E004}").await?;
        if value(browser, &format!("document.activeElement === {button}")).await? == true {
            reached = true;
            break;
        }
    }
    check(reached, "Tab never reaches the derivation's button")?;
    browser.press("\u{E007}").await?;
    wait(
        browser,
        "document.querySelector('[data-testid=derivation-params-standard]').getClientRects().length > 0",
    )
    .await
    .map_err(|e| format!("Enter did not show the derivation: {e}"))?;
    check(
        value(browser, "document.activeElement.id").await? == "derivation-answer",
        "the focus is not on the derivation shown",
    )?;
    check(
        displayed(browser, "[data-testid=copy-latex]").await?,
        "the LaTeX stays held back",
    )?;
    // Shown for good: a new layer keeps the answers on screen.
    type_into(browser, "#control-n-number", "64").await?;
    wait_for_text(browser, "params-standard", "1792").await?;
    for css in answers {
        check(displayed(browser, css).await?, format!("{css} hid again"))?;
    }
    // One answer alone, and the charts held back as the cost.
    browser
        .open(&format!("?embed=charts,derivation&{FORUM}&reveal=charts"))
        .await?;
    caption(browser).await?;
    check(
        !displayed(browser, "[data-testid=chart-params]").await?
            && displayed(browser, "[data-testid=derivation-params-standard]").await?,
        "reveal=charts holds back the charts, only",
    )?;
    crate::helpers::click(browser, "[data-for=cost] button").await?;
    check(
        displayed(browser, "[data-testid=chart-params]").await?,
        "the charts are not shown",
    )?;
    // The whole page holds nothing back: `reveal` is for embeds.
    browser.open(&format!("?{FORUM}&reveal=yes")).await?;
    check(
        !displayed(browser, ".held-back-prompt").await?
            && displayed(browser, "#cost").await?
            && displayed(browser, "[data-testid=derivation-params-standard]").await?,
        "the whole page holds answers back",
    )?;
    no_console_errors(browser).await
}

/// The forum's exercise posed by its link: asked, checked and explained like a
/// seeded one.
pub async fn the_forums_exercise_posed_from_a_link(browser: &Browser) -> Outcome {
    browser
        .open(&format!("?{FORUM}&ex=layer&embed=exercise"))
        .await?;
    expect_text(
        browser,
        "exercise-task",
        "Input 3×3×3, 3×3 filters, 128 output channels, stride 1, no padding ('valid'): the output is 1×1×128.",
    )
    .await?;
    expect_text(
        browser,
        "exercise-bias",
        "Biases: Every filter has one bias: the standard layer's, the depthwise step's and the pointwise step's (PyTorch's Conv2d pair).",
    )
    .await?;
    check(
        browser
            .text("exercise-posed")
            .await?
            .starts_with("Your teacher's layer"),
        "not said to be the teacher's layer",
    )?;
    // The layer in the caption too: the embed shows it.
    let line = caption(browser).await?;
    check(line.contains("n_c′ = 128"), line)?;
    for (question, answer) in [
        ("params-standard", "3584"),
        ("params-depthwise", "30"),
        ("params-pointwise", "512"),
        ("params-separable", "542\u{E007}"),
    ] {
        type_into(browser, &format!("#exercise-{question}"), answer).await?;
    }
    wait_for_text(
        browser,
        "exercise-summary",
        "All 4 of your answers are right.",
    )
    .await?;
    for (question, count) in [
        ("standard", "3584"),
        ("depthwise", "30"),
        ("pointwise", "512"),
        ("separable", "542"),
    ] {
        expect_text(
            browser,
            &format!("exercise-params-{question}-feedback"),
            &format!("✓ Correct: {count} parameters. "),
        )
        .await?;
    }
    // "Correct" in its own colour: not depthwise teal.
    let colours = value(
        browser,
        "[getComputedStyle(document.querySelector('#exercise-params-standard')).borderColor, \
          getComputedStyle(document.documentElement).getPropertyValue('--depthwise').trim()]",
    )
    .await?;
    check(
        colours == json!(["rgb(59, 122, 22)", "#007f73"]),
        format!("a right answer's border and depthwise: {colours}"),
    )?;
    // A slip gets its message, as for a seeded exercise.
    type_into(browser, "#exercise-params-standard", "3456\u{E007}").await?;
    wait_for_text(
        browser,
        "exercise-params-standard-feedback",
        "✗ You left out the biases: +128. Hint: Each of the n_c′ filters has f×f×n_c weights, plus one bias per filter when the layer has biases.",
    )
    .await?;
    // The link keeps posing it; a new exercise is a seeded one.
    url_follows(browser, "ex=layer").await?;
    crate::helpers::click(browser, "[data-testid=exercise-new]").await?;
    wait(
        browser,
        "!!document.querySelector('[data-testid=exercise-seed]')",
    )
    .await?;
    let seed = browser.text("exercise-seed").await?;
    url_follows(browser, &format!("ex={seed}")).await?;
    // With nothing else showing the layer, the caption goes with the posed layer.
    wait(
        browser,
        "!document.querySelector('[data-testid=embed-caption]')",
    )
    .await
    .map_err(|e| format!("the caption stayed for a seeded exercise: {e}"))?;
    no_console_errors(browser).await
}

pub async fn png_off_hides_every_save_button(browser: &Browser) -> Outcome {
    // How many "Save PNG" buttons there are, and how many are displayed.
    let buttons = "(b => [b.length, b.filter(b => b.getClientRects().length > 0).length])([...document.querySelectorAll('.save-png')])";
    browser.open("?embed=charts,animation").await?;
    let shown = value(browser, buttons).await?;
    check(
        shown[0].as_u64() >= Some(3) && shown[0] == shown[1],
        format!("Save PNG buttons (all, shown) by default: {shown}"),
    )?;
    browser.open("?embed=charts,animation&png=off").await?;
    let shown = value(browser, buttons).await?;
    check(
        shown[0].as_u64() >= Some(3) && shown[1] == 0,
        format!("Save PNG buttons (all, shown) with png=off: {shown}"),
    )?;
    // "Open in Sepconv" gives the whole page, with its buttons.
    let link = value(
        browser,
        "document.querySelector('.embed-link a').getAttribute('href')",
    )
    .await?;
    check(
        !link.as_str().unwrap_or_default().contains("png"),
        format!("the whole page keeps png=off: {link}"),
    )?;
    no_console_errors(browser).await
}

/// For every derivation row: whether its final result shares a line with what
/// comes before its last "=" (a result alone on a line reads as a new sum).
const RESULTS_ALONE: &str = "[...document.querySelectorAll('table.derivation tr')].filter(row => { \
       const leaves = [...row.querySelectorAll('td mn, td mi, td mo, td mtext')]; \
       const last = leaves.length - 1; \
       const equals = leaves.map(l => l.textContent).lastIndexOf('='); \
       if (equals < 1 || leaves[last].tagName.toLowerCase() !== 'mn') return false; \
       const middle = e => { const r = e.getBoundingClientRect(); return (r.top + r.bottom) / 2; }; \
       return Math.abs(middle(leaves[last]) - middle(leaves[equals - 1])) > 4; \
     }).map(row => row.dataset.testid + ' ' + row.dataset.text)";

pub async fn results_never_wrap_alone(browser: &Browser) -> Outcome {
    let layers = [
        FORUM.to_string(),
        "k=3&m=3&n=5&h=6&w=6".to_string(),
        "k=5&m=512&n=2048&h=224&w=224&pad=same&bias=both&dm=2".to_string(),
    ];
    for width in [736, 360] {
        browser.resize(width, 800).await?;
        for layer in &layers {
            for query in [format!("?{layer}"), format!("?embed=derivation&{layer}")] {
                browser.open(&query).await?;
                wait(browser, "!!document.querySelector('table.derivation mn')").await?;
                let alone = value(browser, RESULTS_ALONE).await?;
                check(
                    alone == json!([]),
                    format!("at {width} px, {query}: results alone on a line: {alone}"),
                )?;
            }
        }
    }
    browser.resize(1280, 800).await?;
    no_console_errors(browser).await
}

/// What sticks out of the frame `index` of the page: how far its page scrolls
/// sideways, and the elements reaching past its right edge (innermost), but
/// for those in a box that scrolls sideways itself (a wide table or formula
/// does, by design: `.scroll-x`).
async fn frame_overflow(browser: &Browser, index: usize) -> Result<Value, String> {
    value(
        browser,
        &format!(
            "(() => {{ const f = document.querySelectorAll('iframe')[{index}]; const d = f.contentDocument; \
               const w = d.documentElement.clientWidth; \
               const scrolls = e => {{ for (let a = e.parentElement; a && a !== d.body; a = a.parentElement) \
                 if (['auto', 'scroll'].includes(getComputedStyle(a).overflowX)) return true; return false; }}; \
               const wide = [...d.querySelectorAll('body *')] \
                 .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > w + 0.5 && !scrolls(e)) \
                 .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > w + 0.5)) \
                 .map(e => e.tagName.toLowerCase() + (e.className && e.className.baseVal === undefined ? '.' + e.className : '') + ' ' + Math.round(e.getBoundingClientRect().right)); \
               const clipped = [...d.querySelectorAll('body *')] \
                 .filter(e => ['hidden', 'clip'].includes(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth + 1 && !e.matches('.visually-hidden')) \
                 .map(e => 'clipped ' + e.tagName.toLowerCase() + '.' + e.className + ' ' + e.scrollWidth + '>' + e.clientWidth); \
               return [f.title, w, d.documentElement.scrollWidth - w, wide.slice(0, 6).concat(clipped.slice(0, 6))]; }})()"
        ),
    )
    .await
}

/// The course notes' embeds, and the others these tests open, at the widths
/// notes give them: nothing scrolls sideways or reaches past the frame, with
/// the held-back answers shown.
pub async fn embeds_fit_the_widths_notes_give_them(browser: &Browser) -> Outcome {
    let url = format!("{}examples/course-notes.html", browser.base_url());
    browser.client.goto(&url).await.map_err(err)?;
    let frames = "[...document.querySelectorAll('iframe')]";
    browser
        .wait_until(
            &format!("{frames}.length > 0 && {frames}.every(f => f.contentDocument?.documentElement.dataset.ready === 'true')"),
            Duration::from_secs(20),
        )
        .await?;
    // Embeds of our own beside the notes' four.
    browser
        .eval(&format!(
            "for (const [title, query] of [ \
               ['cost and arithmetic, caption', '?embed=cost,derivation&{FORUM}&controls=none'], \
               ['charts and controls, paper', '?embed=controls,charts&k=5&m=512&n=2048&h=224&w=224&pad=same&bias=pointwise&dm=2&notation=paper'], \
               ['every section', '?embed=controls,cost,derivation,evidence,factorisation,groups,catch,networks&{FORUM}&ex=layer']]) {{ \
               const f = document.createElement('iframe'); f.title = title; f.className = 'sepconv'; f.src = '../' + query; document.body.append(f); }} \
             return null;"
        ))
        .await?;
    browser
        .wait_until(
            &format!("{frames}.every(f => f.contentDocument?.documentElement.dataset.ready === 'true' && !f.contentDocument.querySelector('.on-demand'))"),
            Duration::from_secs(30),
        )
        .await?;
    // Show every answer held back, so it is measured too.
    browser
        .eval(&format!(
            "{frames}.forEach(f => f.contentDocument.querySelectorAll('.held-back-prompt button').forEach(b => b.click())); return null;"
        ))
        .await?;
    let count = value(browser, &format!("{frames}.length")).await?;
    let count = count.as_u64().unwrap_or_default() as usize;
    check(count == 7, format!("{count} frames"))?;
    let mut failures = Vec::new();
    for width in [400, 560, 736] {
        browser
            .eval(&format!(
                "{frames}.forEach(f => f.style.width = '{width}px'); return null;"
            ))
            .await?;
        // Two frames: the embeds lay themselves out again at the new width.
        tokio::time::sleep(Duration::from_millis(300)).await;
        for index in 0..count {
            let [title, inner, scroll, wide] = match frame_overflow(browser, index).await? {
                Value::Array(parts) if parts.len() == 4 => [
                    parts[0].clone(),
                    parts[1].clone(),
                    parts[2].clone(),
                    parts[3].clone(),
                ],
                other => return Err(format!("measuring frame {index}: {other}")),
            };
            if scroll != 0 || wide != json!([]) {
                failures.push(format!(
                    "{width} px ({inner} inside), {title}: scrolls {scroll} px sideways; past the edge: {wide}"
                ));
            }
        }
    }
    check(failures.is_empty(), failures.join("\n"))?;
    no_console_errors(browser).await
}

/// axe-core on embeds for notes: a caption, answers held back and shown, a
/// posed exercise, in both themes: no violation of any impact.
pub async fn embeds_for_notes_pass_the_audit(browser: &Browser) -> Outcome {
    let mut failures = Vec::new();
    for (width, query, show) in [
        (
            560,
            format!("?embed=controls,cost,derivation&{FORUM}&reveal=yes"),
            false,
        ),
        (
            560,
            format!("?embed=controls,cost,derivation&{FORUM}&reveal=yes"),
            true,
        ),
        (
            400,
            format!("?embed=charts,derivation&{FORUM}&reveal=yes&theme=dark&notation=paper"),
            false,
        ),
        (736, format!("?embed=exercise&{FORUM}&ex=layer"), false),
        (
            736,
            format!("?embed=exercise&{FORUM}&ex=layer&theme=dark"),
            false,
        ),
    ] {
        browser.resize(width, 800).await?;
        browser.open(&query).await?;
        caption(browser).await?;
        if show {
            browser
                .eval("document.querySelectorAll('.held-back-prompt button').forEach(b => b.click()); return null;")
                .await?;
        }
        if query.contains("exercise") {
            // Checked, so the feedback's colours are audited too.
            type_into(browser, "#exercise-params-standard", "3584").await?;
            type_into(browser, "#exercise-params-depthwise", "3\u{E007}").await?;
            wait(
                browser,
                "document.querySelectorAll('.answer.correct, .answer.wrong').length === 2",
            )
            .await?;
        }
        let violations = browser.audit().await?;
        failures.extend(violations.iter().map(|v| {
            format!(
                "{width} px {query:?}{}: {} ({}): {} at {:?}",
                if show { " (shown)" } else { "" },
                v.id,
                v.impact,
                v.help,
                v.targets
            )
        }));
    }
    browser.resize(1280, 800).await?;
    check(failures.is_empty(), failures.join("\n"))?;
    no_console_errors(browser).await
}
