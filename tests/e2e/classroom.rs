//! The classroom (issue 8): embeds and the course-notes page, presenter mode,
//! keyboard shortcuts, the dark theme, print, PNG and LaTeX export.

use std::time::Duration;

use xtask::browser::{json, Browser, Value};

use crate::helpers::{
    check, click, element, err, expect_text, no_console_errors, no_horizontal_scroll, painted_in,
    type_into, value, wait, wait_for_pixels, wait_for_value, Outcome, LECTURE,
};

pub async fn embed_shows_only_its_sections(browser: &Browser) -> Outcome {
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
/// posts, and posts again when its content grows (the fourth, the forum's
/// arithmetic, held back until asked for).
pub async fn course_notes_page_sizes_its_embeds(browser: &Browser) -> Outcome {
    let url = format!("{}examples/course-notes.html", browser.base_url());
    browser.client.goto(&url).await.map_err(err)?;
    let frames = "[...document.querySelectorAll('iframe.sepconv')]";
    let ready = format!(
        "{frames}.length === 4 && {frames}.every(f => f.contentDocument?.documentElement.dataset.ready === 'true')"
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
        &format!("{frames}.map(f => ['#controls', '#cost', '#derivation', '#animation', '#exercise', 'header'].filter(s => f.contentDocument.querySelector(s)))"),
    )
    .await?;
    check(
        shown
            == json!([
                ["#cost"],
                ["#animation"],
                ["#exercise"],
                ["#controls", "#derivation"]
            ]),
        format!("the embeds show {shown}"),
    )?;
    // The "your turn": the forum's exercise posed, its arithmetic held back.
    wait(
        browser,
        &format!("{frames}[2].contentDocument.querySelector('[data-testid=exercise-task]') && {frames}[3].contentDocument.querySelector('[data-testid=derivation-params-standard]')"),
    )
    .await?;
    let turn = value(
        browser,
        &format!("[{frames}[2].contentDocument.querySelector('[data-testid=exercise-task]')?.textContent, \
                   {frames}[3].contentDocument.querySelector('[data-testid=derivation-params-standard]').getClientRects().length, \
                   {frames}[3].contentDocument.querySelector('.held-back-prompt button')?.textContent]"),
    )
    .await?;
    check(
        turn == json!([
            "Input 3×3×3, 3×3 filters, 128 output channels, stride 1, no padding ('valid'): the output is 1×1×128.",
            0,
            "Show the answer"
        ]),
        format!("the your-turn embeds: {turn}"),
    )?;

    // Listen, then make the fourth embed taller: a wrong value brings a message.
    browser
        .eval(
            "window.heightMessages = []; \
             const frames = [...document.querySelectorAll('iframe')]; \
             addEventListener('message', e => heightMessages.push({frame: frames.findIndex(f => f.contentWindow === e.source), data: e.data})); \
             return null;",
        )
        .await?;
    let before = value(browser, &format!("parseInt({frames}[3].style.height)")).await?;
    browser
        .eval(&format!(
            "const doc = {frames}[3].contentDocument; const field = doc.querySelector('#control-n-number'); \
             field.value = 'zero'; field.dispatchEvent(new Event('input', {{bubbles: true}})); return null;"
        ))
        .await?;
    wait(
        browser,
        &format!("parseInt({frames}[3].style.height) > {before}"),
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
        last["frame"] == 3
            && last["data"]["type"] == "sepconv:height"
            && last["data"]["height"].as_u64() > before.as_u64(),
        format!("no bigger height message from the fourth embed: {messages}"),
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

pub async fn presenter_mode_for_a_projector(browser: &Browser) -> Outcome {
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

pub async fn every_shortcut(browser: &Browser) -> Outcome {
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
    wait_for_value(browser, "[data-testid=speed]", "2").await?;
    press("\u{E015}\u{E015}").await?; // ↓ ↓
    wait_for_value(browser, "[data-testid=speed]", "0.5").await?;
    press("r").await?;
    expect_text(browser, "anim-total", "0").await?;
    for (key, standard_params) in [
        ("2", "3584"),
        ("3", "2,359,296"),
        ("4", "18,432"),
        ("5", "4608"),
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
            "Space", "←", "→", "↑", "↓", "R", "1", "2", "3", "4", "5", "D", "S", "B", "P", "F",
            "T", "M", "?"
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
    type_into(browser, "#control-n-number", "12 rtp?").await?;
    check(
        value(browser, "[document.documentElement.dataset.theme, document.documentElement.hasAttribute('data-present'), document.querySelector('[data-testid=shortcut-help]').open, document.querySelector('#control-n-number').value]").await?
            == json!(["light", false, false, "12 rtp?"]),
        "a key typed into a field acted on the page",
    )?;
    type_into(browser, "#control-n-number", "5").await?;
    // A focused slider keeps its arrows: the groups slider moves, the animation does not.
    browser.open("?m=4&n=4").await?;
    let slider = element(browser, "[data-testid=groups-slider]").await?;
    slider.send_keys("\u{E014}").await.map_err(err)?;
    expect_text(browser, "groups-value", "2").await?;
    expect_text(browser, "anim-total", "0").await?;
    no_console_errors(browser).await
}

pub async fn dark_theme_colours(browser: &Browser) -> Outcome {
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
        wait_for_pixels(
            browser,
            canvas,
            &[dark, light],
            |n| n[0] > 50 && n[1] == 0,
            |n| {
                format!(
                    "{canvas} in the dark theme: {} dark and {} light depthwise pixels",
                    n[0], n[1]
                )
            },
        )
        .await?;
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

pub async fn print_hides_controls_and_draws_figures(browser: &Browser) -> Outcome {
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

pub async fn export_png_and_latex(browser: &Browser) -> Outcome {
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
