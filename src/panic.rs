//! A panic shows a readable error box instead of a frozen page.

/// Installs the hook: the message goes to the console and into a box at the top
/// of the page (as text, never as markup).
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show(&info.to_string());
    }));
}

fn show(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let (Some(body), None) = (document.body(), document.get_element_by_id("panic")) else {
        return;
    };
    let Ok(panel) = document.create_element("div") else {
        return;
    };
    panel.set_id("panic");
    let _ = panel.set_attribute("role", "alert");
    panel.set_text_content(Some(&format!(
        "Sepconv stopped because of an internal error. Reload the page to start again, \
         and if it happens again please report this message: {message}"
    )));
    let _ = body.prepend_with_node_1(&panel);
}
