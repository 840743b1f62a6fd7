//! The MobileNet explorer: totals under each convention, Table 2's shares, a
//! teacher's link, and a layer row loaded into the calculator.

use std::time::Duration;

use xtask::browser::Browser;

use crate::helpers::{
    check, click, expect_text, no_console_errors, url_follows, value, wait, wait_for_text,
    wait_for_value, Outcome,
};

pub async fn explorer_totals_conventions_and_shares(browser: &Browser) -> Outcome {
    browser.open("?net=v1&alpha=1.0&res=224&conv=paper").await?;
    expect_text(browser, "network-name", "1.0 MobileNet-224").await?;
    expect_text(browser, "network-macs", "568,740,352").await?;
    expect_text(browser, "network-params", "4,209,088").await?;
    let paper = browser.text("network-paper").await?;
    check(
        paper.contains("70.6 %") && paper.contains("569M"),
        format!("the paper's row is missing: {paper}"),
    )?;
    // Table 2: 94.86 % of the MACs in 1×1 convolutions, in the table and the chart.
    let share = value(
        browser,
        "document.querySelector('[data-testid=share-conv1x1] td').textContent",
    )
    .await?;
    check(share == "94.86 %", format!("1×1 share of MACs: {share}"))?;
    let chart = value(
        browser,
        "document.querySelector('[data-testid=chart-share-macs]').getAttribute('aria-label')",
    )
    .await?;
    check(
        chart
            .as_str()
            .unwrap_or_default()
            .contains("Conv 1×1 94.86 %"),
        format!("share chart description: {chart}"),
    )?;
    check(
        browser
            .text("network-full-conv")
            .await?
            .contains("4,867,293,184"),
        "no Conv MobileNet contrast",
    )?;
    // Keras counts BatchNorm and the classifier's bias.
    click(browser, "input[name=explorer-conv][value=keras]").await?;
    wait_for_text(browser, "network-params", "4,253,864").await?;
    click(browser, "input[name=explorer-conv][value=pytorch]").await?;
    wait_for_text(browser, "network-params", "4,231,976").await?;
    url_follows(browser, "conv=pytorch").await?;
    // Sorting by MACs: the first of the seven 51,380,224-MAC 1×1 layers on top.
    click(browser, "[data-testid=sort-macs]").await?;
    let top = browser
        .eval("const r = document.querySelector('[data-testid=layer-table] tbody tr'); \
               return [r.querySelector('th').textContent, r.querySelector('td:nth-child(7)').textContent];")
        .await?;
    check(
        top[0] == "block3/pw" && top[1] == "51,380,224",
        format!("largest layer first: {top}"),
    )?;
    no_console_errors(browser).await
}

pub async fn a_teachers_link_to_half_mobilenet_160(browser: &Browser) -> Outcome {
    browser.open("?alpha=0.5&res=160").await?;
    expect_text(browser, "network-name", "0.5 MobileNet-160").await?;
    expect_text(browser, "network-macs", "76,524,800").await?;
    let paper = browser.text("network-paper").await?;
    check(
        paper.contains("60.2 %") && paper.contains("Table 9") && !paper.contains("Table 10"),
        format!("no accuracy for 0.5 MobileNet-160: {paper}"),
    )?;
    expect_text(browser, "explorer-alpha-value", "0.5").await?;
    expect_text(browser, "explorer-resolution-value", "160").await?;
    no_console_errors(browser).await
}

pub async fn a_layer_row_loads_into_the_calculator(browser: &Browser) -> Outcome {
    browser.open("?net=v1").await?;
    // Row 4 is block2/dw: 3×3 depthwise on 112×112×64 with stride 2, then 1×1 to 128.
    click(browser, "[data-testid=layer-row-3] button").await?;
    wait_for_value(browser, "#control-m-number", "64").await?;
    for (field, wanted) in [("n", "128"), ("h", "112"), ("s", "2")] {
        let actual = value(
            browser,
            &format!("document.querySelector('#control-{field}-number').value"),
        )
        .await?;
        check(
            actual == wanted,
            format!("{field}: expected {wanted}, got {actual}"),
        )?;
    }
    // The calculator now shows the two rows' counts: 576 + 8192 parameters.
    expect_text(browser, "params-depthwise", "576").await?;
    expect_text(browser, "params-pointwise", "8192").await?;
    expect_text(browser, "macs-depthwise", "1,806,336").await?;
    check(
        browser.text("layer-loaded").await?.contains("block2/dw"),
        "no word of what was loaded",
    )?;
    no_console_errors(browser).await
}

/// In an embed without the calculator, a loaded layer links to the whole page
/// showing it (the embed's own link follows too), not to a missing section.
pub async fn an_embedded_explorer_links_a_loaded_layer_to_the_whole_page(
    browser: &Browser,
) -> Outcome {
    browser.open("?embed=networks&net=v1").await?;
    click(browser, "[data-testid=layer-row-3] button").await?;
    let link = "document.querySelector('[data-testid=layer-loaded] a')";
    wait(browser, &format!("{link} !== null")).await?;
    // Followed after the address has caught up; the navigation itself is held
    // back (a new tab), the href it would take is what counts.
    tokio::time::sleep(Duration::from_millis(400)).await;
    let hrefs = value(
        browser,
        &format!(
            "(() => {{
                document.addEventListener('click', (e) => e.preventDefault(), {{ once: true }});
                {link}.click();
                const own = document.querySelector('.embed-link a');
                document.addEventListener('click', (e) => e.preventDefault(), {{ once: true }});
                own.click();
                return [{link}.getAttribute('href'), own.getAttribute('href')];
            }})()"
        ),
    )
    .await?;
    let (loaded, own) = (
        hrefs[0].as_str().unwrap_or_default(),
        hrefs[1].as_str().unwrap_or_default(),
    );
    for (name, href) in [
        ("the loaded layer's link", loaded),
        ("Open in Sepconv", own),
    ] {
        check(
            href.starts_with("./?")
                && href.contains("m=64")
                && href.contains("n=128")
                && href.contains("net=mobilenet-v1")
                && !href.contains("embed="),
            format!("{name} goes to {href}"),
        )?;
    }
    check(
        loaded.ends_with("#controls"),
        format!("{loaded} lands elsewhere"),
    )?;
    no_console_errors(browser).await
}

/// Every network of the registry opens in the explorer from its link, with
/// the totals its framework publishes (#19), counted as the framework counts.
pub async fn every_network_opens_with_its_totals(browser: &Browser) -> Outcome {
    let networks = [
        ("mobilenet-v1", "4,209,088", "568,740,352"),
        ("mobilenet-v2", "3,469,760", "300,774,272"),
        ("mobilenet-v3-large", "5,483,032", "216,589,760"),
        ("mobilenet-v3-small", "2,542,856", "56,510,400"),
        ("efficientnet-b0", "5,288,548", "385,814,752"),
        ("shufflenet-v2", "2,278,604", "144,907,992"),
        ("mnasnet", "4,383,312", "314,415,872"),
        ("xception", "22,910,480", "8,357,403,496"),
        ("convnext-tiny", "28,589,128", "4,455,531,264"),
        ("resnet50", "25,557,032", "4,089,184,256"),
        ("vgg16", "138,357,544", "15,470,264,320"),
    ];
    for (id, params, macs) in networks {
        browser.open(&format!("?net={id}#networks")).await?;
        wait_for_text(browser, "network-params", params)
            .await
            .map_err(|e| format!("{id}: {e}"))?;
        expect_text(browser, "network-macs", macs).await?;
        let census = browser.text(&format!("census-{id}")).await?;
        check(
            census.contains(macs),
            format!("{id}'s census row lacks {macs}: {census}"),
        )?;
    }
    // Choosing a network in the explorer follows it into the link.
    browser.open("?net=v1#networks").await?;
    browser
        .eval("const s = document.querySelector('[data-testid=explorer-net]'); s.value = 'resnet50'; s.dispatchEvent(new Event('change', {bubbles: true})); return null;")
        .await?;
    wait_for_text(browser, "network-macs", "4,089,184,256").await?;
    check(
        value(
            browser,
            "document.querySelector('[data-testid=explorer-no-alpha]') !== null",
        )
        .await?
            == true,
        "ResNet-50 shows a width multiplier",
    )?;
    url_follows(browser, "net=resnet50").await?;
    no_console_errors(browser).await
}
