//! The hostile-input suite (#21): no link or field can freeze or mislead.

use std::time::Duration;

use xtask::browser::{json, Browser};

use crate::helpers::{check, expect_text, no_console_errors, value, wait, Outcome, LECTURE};

/// Values no parameter accepts: empty, garbage, negative, fractional, huge,
/// beyond u64, unicode and zero-width characters, escapes, markup and script
/// (each payload that could run or render carries the marker `sepconvXSS`).
fn hostile_values() -> Vec<String> {
    let mut values: Vec<String> = [
        "abc",
        "-1",
        "1.5",
        "1e309",
        "NaN",
        "18446744073709551616",
        "340282366920938463463374607431768211457",
        "%E2%80%8B3",
        "%EF%BC%93",
        "%00",
        "%ZZ",
        "%3Cb%20id%3DsepconvXSS%3Ex%3C%2Fb%3E",
        "%3Cimg%20src%3Dx%20id%3DsepconvXSS%20onerror%3D%22window.sepconvXSS%3D1%22%3E",
        "%22%3E%3Cscript%3Ewindow.sepconvXSS%3D1%3C%2Fscript%3E",
        "javascript:window.sepconvXSS=1",
    ]
    .map(str::to_string)
    .to_vec();
    values.push("9".repeat(100_000));
    values
}

/// The few hostile values a parameter takes as they are: `width=` is one of
/// the lab's measured widths, 1.5 among them.
fn accepts(key: &str, value: &str) -> bool {
    matches!((key, value), ("width", "1.5"))
}

/// Every URL parameter the page reads (the README's tables, by a unit test).
fn url_keys() -> Vec<&'static str> {
    sepconv_web::link::KEYS.iter().map(|k| k.name).collect()
}

/// Links that are valid but ask for huge work, and links with odd shapes.
const HEAVY_LINKS: [&str; 12] = [
    "?embed=animation&k=4096&h=4096&w=4096",
    "?k=4096&h=4096&w=4096&pad=same#animation",
    "?k=65536&h=65536&w=65536&pad=same#animation",
    "?k=11&m=2048&n=2048&h=4096&w=4096&pad=same&dm=8#animation",
    "?s=1000000&h=100000000&w=100000000#animation",
    "?m=4294967296&n=4294967296#groups",
    "?m=1000000007&n=1000000007&h=1&w=1&k=1#groups",
    "?k=3&k=5&k=abc&k=7",
    "?embed=why,why,why,catch,catch&embed=animation",
    "?&&&=&k&=3&%3D=%3D",
    "#%3Cimg%20src%3Dx%20id%3DsepconvXSS%20onerror%3D%22window.sepconvXSS%3D1%22%3E",
    "?embed=%3Cscript%3Ewindow.sepconvXSS%3D1%3C%2Fscript%3E#%3Cb%20id%3DsepconvXSS%3E",
];

/// Opens `link`, reads through every section, and checks the page is sound:
/// ready within 3 s, rendered, answering, no console error, nothing from the
/// link in the DOM as markup, and (`noted`) a note naming the parameter.
async fn survives(browser: &Browser, link: &str, noted: Option<&str>) -> Outcome {
    let started = std::time::Instant::now();
    browser.open_unscrolled(link).await?;
    let ready = started.elapsed();
    check(
        ready < Duration::from_secs(3),
        format!("{link:.80}: ready after {ready:?}"),
    )?;
    // Read through: every part arrives and every section comes on screen once.
    browser
        .eval(
            "for (const s of document.querySelectorAll('main section, .on-demand')) s.scrollIntoView(); return null;",
        )
        .await?;
    wait(browser, "!document.querySelector('.on-demand')")
        .await
        .map_err(|e| format!("{link:.80}: the parts never arrived: {e}"))?;
    browser
        .eval("for (const s of document.querySelectorAll('main section')) s.scrollIntoView(); return null;")
        .await?;
    let asked = std::time::Instant::now();
    let state = value(
        browser,
        "[document.querySelectorAll('main section').length, \
          document.getElementById('sepconvXSS') === null && window.sepconvXSS === undefined, \
          document.body.textContent]",
    )
    .await?;
    let answered = asked.elapsed();
    check(
        answered < Duration::from_secs(1),
        format!("{link:.80}: the page took {answered:?} to answer once read through"),
    )?;
    check(
        state[0].as_u64().unwrap_or(0) > 0,
        format!("{link:.80}: no section rendered"),
    )?;
    check(
        state[1] == true,
        format!("{link:.80}: markup from the link was rendered"),
    )?;
    if let Some(key) = noted {
        let text = state[2].as_str().unwrap_or_default();
        check(
            text.contains(&format!("{key}=")) || (key == "embed" && text.contains("embed")),
            format!("{link:.80}: no note names {key}"),
        )?;
    }
    let errors = browser.console_errors().await?;
    check(
        errors.is_empty(),
        format!("{link:.80}: console errors {errors:?}"),
    )
}

/// The hostile-input suite (#21): every parameter with every hostile value,
/// links that ask for huge work, and garbage typed into every number field.
pub async fn hostile_links_and_fields(browser: &Browser) -> Outcome {
    let started = std::time::Instant::now();
    let mut tried = 0;
    // Every parameter at once with each hostile value (a 100 KB value on five
    // parameters only: Chromium refuses URLs over 2 MB).
    for bad in hostile_values() {
        let all = url_keys();
        let keys: &[&str] = if bad.len() > 1000 { &all[..5] } else { &all };
        let link = format!(
            "?{}",
            keys.iter()
                .map(|k| format!("{k}={bad}"))
                .collect::<Vec<_>>()
                .join("&")
        );
        survives(browser, &link, None).await?;
        let text = value(browser, "document.body.textContent").await?;
        for key in keys.iter().filter(|k| !accepts(k, &bad)) {
            let named = if *key == "embed" {
                "embed".to_string()
            } else {
                format!("{key}=")
            };
            check(
                text.as_str().unwrap_or_default().contains(&named),
                format!("{bad:.40}: no note names {key}"),
            )?;
        }
        tried += 1;
    }
    // Each parameter alone with the values most likely to slip through.
    for key in url_keys() {
        for value in [
            "",
            "abc",
            "-1",
            "18446744073709551616",
            "%E2%80%8B3",
            "%3Cimg%20src%3Dx%20id%3DsepconvXSS%20onerror%3D%22window.sepconvXSS%3D1%22%3E",
        ] {
            // `present=` alone is a valid flag, and so are `caption=`, `png=`
            // and `reveal=` (everything held back).
            let flag = matches!(key, "present" | "caption" | "png" | "reveal");
            let noted = (!(flag && value.is_empty())).then_some(key);
            survives(browser, &format!("?{key}={value}"), noted).await?;
            tried += 1;
        }
    }
    for link in HEAVY_LINKS {
        survives(browser, link, None).await?;
        tried += 1;
    }
    // The freeze (#21): the page answers within a second of reaching the
    // animation, whatever the kernel.
    for k in [1024, 4096, 65536] {
        browser
            .open_unscrolled(&format!("?k={k}&h={k}&w={k}&pad=same"))
            .await?;
        let asked = std::time::Instant::now();
        browser
            .eval("document.querySelector('.on-demand')?.scrollIntoView(); return null;")
            .await?;
        wait(
            browser,
            "(document.querySelector('#animation')?.scrollIntoView(), performance.getEntriesByName('sepconv-stage', 'measure').length > 0)",
        )
        .await
        .map_err(|e| format!("k={k}: the stage never painted: {e}"))?;
        let took = asked.elapsed();
        check(
            took < Duration::from_secs(1),
            format!("k={k}: {took:?} from reaching the animation to an answer"),
        )?;
        tried += 1;
    }
    // Garbage typed (pasted whole) into every number field, then the field
    // left: the field stays marked and the numbers stay those in use.
    browser.open(LECTURE).await?;
    let before = browser.text("macs-separable").await?;
    for key in ["k", "m", "n", "h", "w", "s", "dm"] {
        for garbage in [
            "abc",
            "0",
            "-1",
            "1.5",
            "１",
            "<b>x</b>",
            "",
            "99999999999999999999999",
        ] {
            browser
                .eval(&format!(
                    "const f = document.querySelector('#control-{key}-number'); f.focus(); \
                     f.value = {}; f.dispatchEvent(new Event('input', {{bubbles: true}})); f.blur(); \
                     return null;",
                    json!(garbage)
                ))
                .await?;
            browser
                .wait_until(
                    &format!("document.querySelector('#control-{key}-number').getAttribute('aria-invalid') === 'true'"),
                    Duration::from_secs(2),
                )
                .await
                .map_err(|_| format!("{key}: {garbage:?} left the field unmarked"))?;
            // Marked for good, not for a frame.
            tokio::time::sleep(Duration::from_millis(50)).await;
            check(
                value(browser, &format!("document.querySelector('#control-{key}-number').getAttribute('aria-invalid')")).await? == "true",
                format!("{key}: {garbage:?} lost its mark once the field was left"),
            )?;
            expect_text(browser, "macs-separable", &before).await?;
        }
        browser.open(LECTURE).await?;
    }
    println!(
        "hostile: {tried} links in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    no_console_errors(browser).await
}
