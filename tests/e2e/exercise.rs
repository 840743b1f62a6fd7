//! The exercise: feedback on each common mistake, the working, a new exercise.

use xtask::browser::Browser;

use crate::helpers::{
    check, click, expect_text, no_console_errors, type_into, url_follows, value, wait,
    wait_for_text, Outcome,
};

/// Types `text` into the exercise field of `question` ("params-standard").
async fn answer(browser: &Browser, question: &str, text: &str) -> Outcome {
    type_into(browser, &format!("#exercise-{question}"), text).await
}

pub async fn exercise_names_each_mistake(browser: &Browser) -> Outcome {
    browser.open("?ex=1").await?;
    expect_text(
        browser,
        "exercise-task",
        "Input 5×5×2, 3×3 filters, 10 output channels, stride 1, no padding ('valid'): the output is 3×3×10.",
    )
    .await?;
    answer(browser, "params-standard", "180").await?;
    answer(browser, "params-depthwise", "180").await?;
    answer(browser, "params-pointwise", "30").await?;
    // Thousands separators and spaces are fine; Enter checks (keyboard only).
    answer(browser, "params-separable", " 1 90\u{E007}").await?;
    wait_for_text(
        browser,
        "exercise-params-standard-feedback",
        "✗ You left out the biases: +10. Hint: Each of the n_c′ filters has f×f×n_c weights, plus one bias per filter when the layer has biases.",
    )
    .await?;
    let depthwise = browser.text("exercise-params-depthwise-feedback").await?;
    check(
        depthwise.starts_with("✗ This is the standard count (3×3×2×10), not the depthwise one"),
        format!("depthwise as standard: {depthwise}"),
    )?;
    expect_text(
        browser,
        "exercise-params-pointwise-feedback",
        "✓ Correct: 30 parameters. ",
    )
    .await?;
    let separable = browser.text("exercise-params-separable-feedback").await?;
    check(
        separable.starts_with("✗ This is the standard count, not the separable one."),
        format!("swapped: {separable}"),
    )?;
    expect_text(
        browser,
        "exercise-summary",
        "1 of your 4 answers are right; the messages under the others say what is off.",
    )
    .await?;
    // The full working, for this layer.
    click(browser, "[data-testid=exercise-show]").await?;
    let working = value(
        browser,
        "document.querySelector('[data-testid=exercise-derivation-params-standard]')?.dataset.text",
    )
    .await?;
    check(
        working == "(3×3×2 + 1)×10 = 19×10 = 190",
        format!("derivation: {working}"),
    )?;
    // A new exercise: a new number in the page and the link, fields cleared.
    click(browser, "[data-testid=exercise-new]").await?;
    wait(
        browser,
        "document.querySelector('[data-testid=exercise-seed]').textContent !== '1'",
    )
    .await?;
    let (seed, cleared) = (
        browser.text("exercise-seed").await?,
        value(
            browser,
            "document.querySelector('#exercise-params-standard').value",
        )
        .await?,
    );
    url_follows(browser, &format!("ex={seed}")).await?;
    check(cleared == "", "the old answers stayed")?;
    no_console_errors(browser).await
}
