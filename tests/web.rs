//! Component tests in headless Chromium: mount, act, assert on the DOM.
#![cfg(target_arch = "wasm32")]

use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use sepconv_web::components::hooks::use_canvas_paint::context_2d;
use sepconv_web::components::sections::animation::AnimationSection;
use sepconv_web::components::sections::controls::ControlsPanel;
use sepconv_web::components::sections::cost::{CostDetails, CostSummary};
use sepconv_web::components::sections::derivation::Derivation;
use sepconv_web::components::sections::evidence::Evidence;
use sepconv_web::components::sections::exercise::ExerciseSection;
use sepconv_web::components::sections::factorisation::Factorisation;
use sepconv_web::components::sections::groups::GroupsSection;
use sepconv_web::controls::Controls;
use sepconv_web::controls::Preset;
use sepconv_web::link::Link;
use sepconv_web::practice::ExerciseSource;
use sepconv_web::state::LayerState;
use sepconv_web::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlCanvasElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn wrapper() -> Element {
    let document = document();
    let wrapper = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&wrapper).unwrap();
    wrapper
}

fn find(root: &Element, testid: &str) -> Element {
    root.query_selector(&format!("[data-testid='{testid}']"))
        .unwrap()
        .unwrap_or_else(|| panic!("no element with data-testid={testid}"))
}

fn text(root: &Element, testid: &str) -> String {
    find(root, testid).text_content().unwrap_or_default()
}

fn input(root: &Element, selector: &str) -> HtmlInputElement {
    root.query_selector(selector)
        .unwrap()
        .unwrap()
        .unchecked_into()
}

fn fire(target: &HtmlInputElement, kind: &str) {
    let event = web_sys::Event::new_with_event_init_dict(kind, &{
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init
    })
    .unwrap();
    target.dispatch_event(&event).unwrap();
}

/// The controls and one section over a shared state, as on the page.
fn mount_section(controls: Controls, section: fn(LayerState) -> AnyView) -> (Element, impl Drop) {
    let root = wrapper();
    let handle = mount_to(root.clone().unchecked_into(), move || {
        let state = LayerState::new(controls);
        // The section first, as on the page, where the cost's summary comes
        // before the controls: canvases paint only near the screen.
        view! {
            {section(state)}
            <ControlsPanel state notes=vec![] />
        }
    });
    (root, handle)
}

fn cost(state: LayerState) -> AnyView {
    view! { <CostSummary state /><CostDetails state /> <Derivation state /> }.into_any()
}

/// The lecture example, which these tests' numbers follow.
fn lecture() -> Controls {
    Preset::Lecture.controls(sepconv_calc::Notation::Course)
}

fn animation(state: LayerState) -> AnyView {
    view! { <AnimationSection state link=RwSignal::new(Vec::new()) /> }.into_any()
}

#[wasm_bindgen_test]
async fn app_renders_the_opening_layer() {
    let root = wrapper();
    let _app = mount_to(root.clone().unchecked_into(), App);
    tick().await;
    assert_eq!(
        root.query_selector("h1")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "Sepconv"
    );
    // Every section has its place on the whole page, by its id.
    for section in sepconv_web::embed::Section::ALL {
        assert!(
            document().get_element_by_id(section.id()).is_some(),
            "no #{} on the page",
            section.id()
        );
    }
    // 16×16×16 → 32, 3×3, 'same': 9·16·32·256 against (9·16 + 16·32)·256.
    assert_eq!(text(&root, "macs-standard"), "1,179,648");
    assert_eq!(text(&root, "macs-depthwise"), "36,864");
    assert_eq!(text(&root, "macs-pointwise"), "131,072");
    assert_eq!(text(&root, "macs-separable"), "167,936");
}

#[wasm_bindgen_test]
async fn forum_exercise_readouts_and_derivation() {
    let controls = Link::read("?k=3&m=3&n=128&bias=both").0.controls;
    let (root, _handle) = mount_section(controls, cost);
    tick().await;
    assert_eq!(text(&root, "readout-params-value"), "542");
    assert_eq!(text(&root, "params-percent"), "15.1 %");
    assert_eq!(text(&root, "params-fewer"), "6.6× fewer");
    for (part, value) in [
        ("standard", "3584"),
        ("depthwise", "30"),
        ("pointwise", "512"),
        ("separable", "542"),
    ] {
        assert_eq!(text(&root, &format!("params-{part}")), value);
    }
    let row = find(&root, "derivation-params-standard");
    assert_eq!(
        row.get_attribute("data-text").unwrap(),
        "(3×3×3 + 1)×128 = 28×128 = 3584"
    );
    // The MathML shows the same numbers.
    let math = row.text_content().unwrap();
    assert!(math.contains("28×128") && math.contains("3584"), "{math}");
    assert!(text(&root, "closed-form").contains("biases (131 in the separable pair against 128"));
}

#[wasm_bindgen_test]
async fn typing_a_number_moves_the_slider_and_the_counts() {
    let (root, _handle) = mount_section(lecture(), cost);
    tick().await;
    let number = input(&root, "#control-n-number");
    number.set_value("128");
    fire(&number, "input");
    tick().await;
    let slider = input(&root, "[data-testid='control-n'] input[type=range]");
    assert_eq!(
        slider.value(),
        "700",
        "log slider: 100 positions per doubling"
    );
    assert_eq!(text(&root, "macs-standard"), "55,296");
}

#[wasm_bindgen_test]
async fn moving_a_slider_updates_the_number_field() {
    let (root, _handle) = mount_section(lecture(), cost);
    tick().await;
    let slider = input(&root, "[data-testid='control-k'] input[type=range]");
    slider.set_value("5");
    fire(&slider, "input");
    tick().await;
    assert_eq!(input(&root, "#control-k-number").value(), "5");
    // 6×6 input, 5×5 kernel, valid: 2×2 output.
    assert_eq!(text(&root, "macs-standard"), "1500");
}

#[wasm_bindgen_test]
async fn keyboard_on_a_log_slider_doubles_and_halves() {
    let (root, _handle) = mount_section(lecture(), cost);
    tick().await;
    let slider = input(&root, "[data-testid='control-n'] input[type=range]");
    for (key, expected) in [
        ("PageUp", "10"),
        ("ArrowUp", "11"),
        ("PageDown", "5"),
        ("End", "2048"),
        ("Home", "1"),
    ] {
        press_key(&slider, key);
        tick().await;
        assert_eq!(
            input(&root, "#control-n-number").value(),
            expected,
            "after {key}"
        );
    }
}

#[wasm_bindgen_test]
async fn impossible_layer_keeps_the_last_valid_one_and_says_why() {
    let (root, _handle) = mount_section(lecture(), cost);
    tick().await;
    let number = input(&root, "#control-k-number");
    number.set_value("9");
    fire(&number, "input");
    tick().await;
    let message = text(&root, "control-k");
    assert!(
        message.contains("the kernel spans 9 cells but the padded input height is only 6"),
        "{message}"
    );
    assert!(find(&root, "stale-note")
        .text_content()
        .unwrap()
        .contains("last valid layer"));
    assert_eq!(
        text(&root, "macs-separable"),
        "672",
        "still the lecture example"
    );
    // Garbage typed in a field is explained, not applied.
    number.set_value("three");
    fire(&number, "input");
    tick().await;
    assert!(text(&root, "control-k").contains("“three” is not a kernel size"));
}

#[wasm_bindgen_test]
async fn a_field_never_shows_a_value_the_page_is_not_using() {
    let (root, _handle) = mount_section(lecture(), cost);
    tick().await;
    let number = input(&root, "#control-k-number");
    for garbage in ["abc", "0", "-1", ""] {
        number.set_value(garbage);
        fire(&number, "input");
        fire(&number, "blur");
        fire(&number, "focusout");
        tick().await;
        // Leaving the field keeps it marked, with its message.
        assert_eq!(
            number.get_attribute("aria-invalid").as_deref(),
            Some("true"),
            "{garbage:?}"
        );
        assert!(
            !text(&root, "control-k").trim().is_empty(),
            "{garbage:?}: no message"
        );
        assert_eq!(
            text(&root, "macs-separable"),
            "672",
            "{garbage:?}: numbers changed"
        );
    }
    // A value set elsewhere (the slider) replaces the garbage and its message.
    let slider = input(&root, "[data-testid='control-k'] input[type=range]");
    slider.set_value("5");
    fire(&slider, "input");
    tick().await;
    assert_eq!(number.value(), "5");
    assert_eq!(
        number.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
}

#[wasm_bindgen_test]
async fn charts_draw_and_follow_the_data() {
    let (root, _handle) = mount_section(lecture(), cost);
    tick().await;
    let canvas: HtmlCanvasElement = find(&root, "chart-macs").unchecked_into();
    assert!(canvas.width() > 0 && canvas.height() > 0);
    let before = canvas.to_data_url().unwrap();
    let blank = {
        let empty: HtmlCanvasElement = document()
            .create_element("canvas")
            .unwrap()
            .unchecked_into();
        empty.set_width(canvas.width());
        empty.set_height(canvas.height());
        empty.to_data_url().unwrap()
    };
    assert_ne!(before, blank, "the chart drew something");
    let label = canvas.get_attribute("aria-label").unwrap();
    assert_eq!(
        label,
        "Bar chart of MACs: standard 2160, depthwise 432, pointwise 240, separable 672."
    );
    let number = input(&root, "#control-m-number");
    number.set_value("32");
    fire(&number, "input");
    tick().await;
    assert_ne!(
        canvas.to_data_url().unwrap(),
        before,
        "pixels changed with the layer"
    );
}

#[wasm_bindgen_test]
async fn notation_switch_changes_the_symbols() {
    let (root, _handle) = mount_section(lecture(), cost);
    tick().await;
    let label = || {
        find(&root, "control-m")
            .query_selector("label")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap()
    };
    assert!(
        label().contains("n") && label().contains("c"),
        "{}",
        label()
    );
    let paper = input(&root, "[data-testid='control-notation'] input[value=paper]");
    paper.click();
    tick().await;
    assert!(label().ends_with('M'), "{}", label());
    assert!(
        text(&root, "derivation-params-standard").contains("D"),
        "paper symbols in the derivation"
    );
}

/// Waits `ms` milliseconds of real time.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn click(root: &Element, testid: &str) {
    find(root, testid)
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
}

#[wasm_bindgen_test]
async fn stepping_advances_the_counter_one_multiply_add_group_at_a_time() {
    let (root, _handle) = mount_section(lecture(), animation);
    tick().await;
    assert_eq!(text(&root, "anim-total"), "0");
    assert_eq!(text(&root, "phase-label"), "Depthwise");
    click(&root, "step-forward");
    tick().await;
    assert_eq!(
        text(&root, "anim-total"),
        "9",
        "one depthwise step: 3×3 multiplications"
    );
    assert!(
        text(&root, "step-sum").contains(" = "),
        "the multiply-add is written out"
    );
    click(&root, "jump-pointwise");
    tick().await;
    assert_eq!(
        text(&root, "anim-total"),
        "435",
        "the jump shows the first pointwise step: M = 3 multiplications"
    );
    assert_eq!(text(&root, "phase-label"), "Pointwise");
    assert!(
        text(&root, "step-description").starts_with("At output row 1, column 1, output channel 1"),
        "the caption describes the pointwise step under its label"
    );
    click(&root, "step-back");
    tick().await;
    assert_eq!(text(&root, "anim-total"), "432");
    let scrubber = input(&root, "[data-testid='scrubber']");
    scrubber.set_value(&scrubber.max());
    fire(&scrubber, "input");
    tick().await;
    assert_eq!(text(&root, "anim-total"), "672");
    assert_eq!(text(&root, "phase-label"), "Done");
}

#[wasm_bindgen_test]
async fn standard_mode_ends_at_the_standard_count() {
    let (root, _handle) = mount_section(lecture(), animation);
    tick().await;
    let standard = root
        .query_selector(".mode button:nth-child(2)")
        .unwrap()
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>();
    standard.click();
    tick().await;
    assert_eq!(text(&root, "phase-label"), "Standard");
    click(&root, "step-forward");
    tick().await;
    assert_eq!(text(&root, "anim-total"), "27", "one standard step: 3×3×3");
    let scrubber = input(&root, "[data-testid='scrubber']");
    scrubber.set_value(&scrubber.max());
    fire(&scrubber, "input");
    tick().await;
    assert_eq!(text(&root, "anim-total"), "2160");
}

#[wasm_bindgen_test]
async fn playing_changes_pixels_and_pausing_stops_them() {
    let (root, _handle) = mount_section(lecture(), animation);
    tick().await;
    let canvas: HtmlCanvasElement = find(&root, "stage").unchecked_into();
    // The stage paints only on screen or near it.
    canvas.scroll_into_view();
    sleep(50).await;
    let before = canvas.to_data_url().unwrap();
    click(&root, "play");
    sleep(800).await;
    let playing = canvas.to_data_url().unwrap();
    assert_ne!(playing, before, "playing changes the stage");
    assert_ne!(text(&root, "anim-total"), "0");
    click(&root, "play");
    tick().await;
    let paused_total = text(&root, "anim-total");
    let paused = canvas.to_data_url().unwrap();
    sleep(600).await;
    assert_eq!(
        text(&root, "anim-total"),
        paused_total,
        "paused: the counter stops"
    );
    assert_eq!(
        canvas.to_data_url().unwrap(),
        paused,
        "paused: the pixels stop"
    );
}

#[wasm_bindgen_test]
async fn a_changed_layer_restarts_the_timeline() {
    let (root, _handle) = mount_section(lecture(), animation);
    tick().await;
    click(&root, "step-forward");
    tick().await;
    assert_eq!(text(&root, "anim-total"), "9");
    let number = input(&root, "#control-n-number");
    number.set_value("128");
    fire(&number, "input");
    tick().await;
    assert_eq!(text(&root, "anim-total"), "0");
    assert!(text(&root, "skipped").starts_with("Showing 5 of 128 output channels"));
}

#[wasm_bindgen_test]
async fn evidence_shows_computed_counts_beside_the_papers() {
    let root = wrapper();
    let _handle = mount_to(root.clone().unchecked_into(), Evidence);
    tick().await;
    let row = text(&root, "evidence-row-1");
    assert!(row.contains("1.0 MobileNet-224"), "{row}");
    assert_eq!(text(&root, "evidence-macs-1"), "568,740,352");
    assert!(
        row.contains("569M") && row.contains("4,209,088") && row.contains("70.6 %"),
        "{row}"
    );
    assert_eq!(text(&root, "evidence-macs-0"), "4,867,293,184");
}

#[wasm_bindgen_test]
async fn editing_a_weight_changes_the_equivalent_kernel() {
    let (root, _handle) = mount_section(lecture(), |state| {
        view! { <Factorisation state /> }.into_any()
    });
    tick().await;
    let before = text(&root, "w-0-0");
    let d = input(&root, ".filter.depthwise input.weight");
    let p = input(&root, ".pointwise-table input.weight");
    let p_value: i64 = p.value().parse().unwrap();
    let new_d = if d.value() == "3" { "-3" } else { "3" };
    d.set_value(new_d);
    fire(&d, "input");
    tick().await;
    let after = text(&root, "w-0-0");
    assert_ne!(after, before, "the equivalent kernel follows D");
    // W[1, 1] first tap = P[1, 1] · D[1] first tap.
    let first_tap = find(&root, "w-0-0")
        .first_element_child()
        .unwrap()
        .text_content()
        .unwrap();
    assert_eq!(
        first_tap,
        (p_value * new_d.parse::<i64>().unwrap()).to_string()
    );
    // The degrees of freedom follow the page's layer: the lecture example.
    assert_eq!(text(&root, "dof-standard"), "135");
    assert_eq!(text(&root, "dof-separable"), "42");
    let error = text(&root, "separable-error");
    click(&root, "reroll");
    tick().await;
    assert_ne!(text(&root, "w-0-0"), after, "re-rolled");
    assert!(error.ends_with('%'));
    // The distance is the widget's kernel's, and says so; the exact fit with as
    // many patterns as outputs is explained.
    let converse = text(&root, "converse");
    assert!(
        converse.contains("of the example's size (3 outputs, 2 inputs, 3×3)"),
        "{converse}"
    );
    assert!(converse.contains("3 patterns always suffice"), "{converse}");
    // The product is the linear skeleton: the ReLU between the steps is named.
    assert!(text(&root, "nonlinearity").contains("the ReLU does not fold"));
}

#[wasm_bindgen_test]
async fn groups_slider_spans_standard_to_depthwise() {
    let (root, _handle) =
        mount_section(Preset::MobileNet14.controls(Default::default()), |state| {
            view! { <GroupsSection state /> }.into_any()
        });
    tick().await;
    assert_eq!(text(&root, "groups-value"), "1");
    assert_eq!(
        text(&root, "groups-params"),
        "2,359,296",
        "standard: 3·3·512·512"
    );
    assert_eq!(text(&root, "groups-macs"), "462,422,016");
    let slider = input(&root, "[data-testid='groups-slider']");
    slider.set_value(&slider.max());
    fire(&slider, "input");
    tick().await;
    assert_eq!(text(&root, "groups-value"), "512");
    assert_eq!(text(&root, "groups-params"), "4608", "depthwise: 3·3·512");
    assert_eq!(text(&root, "groups-macs"), "903,168");
    assert!(text(&root, "groups-kind").starts_with("depthwise"));
}

#[wasm_bindgen_test]
async fn the_stage_legend_follows_the_notation() {
    let (root, _handle) = mount_section(lecture(), animation);
    tick().await;
    let legend = text(&root, "stage-legend");
    assert!(
        legend.contains("= 6×6×3") && legend.contains("= 4×4×5"),
        "{legend}"
    );
    assert!(
        legend.contains('f') && !legend.contains('D'),
        "course symbols: {legend}"
    );
    input(&root, "[data-testid='control-notation'] input[value=paper]").click();
    tick().await;
    let legend = text(&root, "stage-legend");
    assert!(
        legend.contains('D') && legend.contains('M'),
        "paper symbols: {legend}"
    );
}

/// Gives a canvas a new CSS width and tells the window it resized.
async fn resize_canvas(canvas: &HtmlCanvasElement, css_width: u32) {
    canvas
        .unchecked_ref::<web_sys::HtmlElement>()
        .style()
        .set_property("width", &format!("{css_width}px"))
        .unwrap();
    window()
        .dispatch_event(&web_sys::Event::new("resize").unwrap())
        .unwrap();
    tick().await;
}

#[wasm_bindgen_test]
async fn canvases_repaint_at_their_new_size_after_a_resize() {
    let (root, _handle) = mount_section(lecture(), |state| {
        view! { <CostSummary state /><CostDetails state /> <AnimationSection state link=RwSignal::new(Vec::new()) /> }.into_any()
    });
    tick().await;
    let ratio = window().device_pixel_ratio();
    for testid in ["stage", "chart-macs"] {
        let canvas: HtmlCanvasElement = find(&root, testid).unchecked_into();
        resize_canvas(&canvas, 237).await;
        assert_eq!(
            canvas.width(),
            (237.0 * ratio).round() as u32,
            "{testid} after the resize"
        );
    }
}

/// Pixels of `canvas` with exactly the colour (r, g, b).
fn count_colour(canvas: &HtmlCanvasElement, (r, g, b): (u8, u8, u8)) -> usize {
    let ctx = context_2d(canvas).unwrap();
    let data = ctx
        .get_image_data(0.0, 0.0, canvas.width().into(), canvas.height().into())
        .unwrap()
        .data();
    data.chunks(4)
        .filter(|p| p[0] == r && p[1] == g && p[2] == b && p[3] == 255)
        .count()
}

#[wasm_bindgen_test]
async fn canvases_redraw_when_the_page_theme_changes() {
    // The stylesheet is not loaded here: a dark --depthwise of our own.
    let style = document().create_element("style").unwrap();
    style.set_text_content(Some("[data-theme=dark] { --depthwise: #3cc9b8; }"));
    document().head().unwrap().append_child(&style).unwrap();
    let (root, _handle) = mount_section(lecture(), |state| {
        view! { <CostSummary state /><CostDetails state /> <AnimationSection state link=RwSignal::new(Vec::new()) /> }.into_any()
    });
    tick().await;
    let (light, dark) = ((0x00, 0x7f, 0x73), (0x3c, 0xc9, 0xb8));
    // Each canvas shows one depthwise colour and not the other.
    let drawn_in = |colour, other| {
        for testid in ["chart-macs", "stage"] {
            let canvas: HtmlCanvasElement = find(&root, testid).unchecked_into();
            assert!(count_colour(&canvas, colour) > 0, "{testid} in {colour:?}");
            assert_eq!(
                count_colour(&canvas, other),
                0,
                "{testid} also in {other:?}"
            );
        }
    };
    drawn_in(light, dark);
    let html = document().document_element().unwrap();
    html.set_attribute("data-theme", "dark").unwrap();
    // The attribute observer reports after a microtask; the redraw follows.
    sleep(50).await;
    drawn_in(dark, light);
    html.remove_attribute("data-theme").unwrap();
    style.remove();
}

/// A key pressed on `target` (bubbling to the window, as a real key does).
fn press_key(target: &web_sys::EventTarget, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn page_shortcuts_drive_the_animation_but_not_while_typing() {
    // The app writes the layer into the URL; the other tests read it. This one
    // opens the lecture example by its link.
    let url = window().location().href().unwrap();
    window()
        .history()
        .unwrap()
        .replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some("?k=3&m=3&n=5&h=6&w=6"),
        )
        .unwrap();
    let root = wrapper();
    let app = mount_to(root.clone().unchecked_into(), App);
    tick().await;
    let body: web_sys::EventTarget = document().body().unwrap().into();
    press_key(&body, "ArrowRight");
    tick().await;
    assert_eq!(text(&root, "anim-total"), "9", "→ steps the animation");
    press_key(&body, "2");
    tick().await;
    assert_eq!(
        text(&root, "params-standard"),
        "3584",
        "2 loads the forum exercise"
    );
    // Typed into a field, the same keys stay in the field.
    let field: web_sys::EventTarget = input(&root, "#control-n-number").into();
    press_key(&field, "1");
    press_key(&field, "ArrowRight");
    tick().await;
    assert_eq!(text(&root, "params-standard"), "3584");
    assert_eq!(
        text(&root, "anim-total"),
        "0",
        "the forum preset restarted it, nothing stepped"
    );
    press_key(&body, "?");
    tick().await;
    let dialog: web_sys::HtmlDialogElement = find(&root, "shortcut-help").unchecked_into();
    assert!(dialog.open(), "? opens the list of shortcuts");
    dialog.close();
    tick().await;
    drop(app);
    window()
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        .unwrap();
}

#[wasm_bindgen_test]
async fn locked_controls_show_the_values_but_take_no_input() {
    let root = wrapper();
    let _handle = mount_to(root.clone().unchecked_into(), || {
        let state = LayerState::new(lecture());
        view! { <ControlsPanel state notes=vec![] locked=true /> }
    });
    tick().await;
    assert_eq!(input(&root, "#control-n-number").value(), "5");
    let fields = root.query_selector_all("input, button").unwrap();
    assert!(fields.length() > 10);
    for i in 0..fields.length() {
        let element: Element = fields.item(i).unwrap().unchecked_into();
        assert!(
            element.matches(":disabled").unwrap(),
            "{}",
            element.outer_html()
        );
    }
    assert!(text(&root, "controls-locked").contains("fixed"));
}

/// Paints are timed for the benchmark, and only the latest measure of each kind
/// is kept, so a long lecture does not pile entries up.
#[wasm_bindgen_test]
async fn paints_are_measured_and_only_the_latest_is_kept() {
    let performance = window().performance().unwrap();
    performance.clear_measures();
    let measures = |name: &str| {
        performance
            .get_entries_by_name_with_entry_type(name, "measure")
            .length()
    };
    let (root, _handle) = mount_section(lecture(), |state| {
        view! { <CostSummary state /><CostDetails state /><AnimationSection state link=RwSignal::new(Vec::new()) /> }.into_any()
    });
    tick().await;
    assert_eq!(measures("sepconv-chart"), 1, "a chart paint is measured");
    assert_eq!(measures("sepconv-stage"), 1, "the stage paint is measured");
    for size in ["32", "64", "128"] {
        let number = input(&root, "#control-m-number");
        number.set_value(size);
        fire(&number, "input");
        tick().await;
        click(&root, "step-forward");
        tick().await;
    }
    assert_eq!(measures("sepconv-chart"), 1, "chart measures pile up");
    assert_eq!(measures("sepconv-stage"), 1, "stage measures pile up");
}

/// A stage far below the screen does not paint (a slider drag at the top
/// would pay for it), and paints the latest frame as it comes near. (The
/// test window is 3000 px tall, webdriver.json, so other tests' canvases are
/// on screen.)
#[wasm_bindgen_test]
async fn a_stage_away_from_the_screen_waits_and_catches_up() {
    let root = wrapper();
    let _handle = mount_to(root.clone().unchecked_into(), move || {
        let state = LayerState::new(lecture());
        view! {
            <div style="height: 8000px"></div>
            <AnimationSection state link=RwSignal::new(Vec::new()) />
        }
    });
    window().scroll_to_with_x_and_y(0.0, 0.0);
    sleep(100).await;
    let canvas: HtmlCanvasElement = find(&root, "stage").unchecked_into();
    let away = canvas.to_data_url().unwrap();
    click(&root, "step-forward");
    tick().await;
    sleep(100).await;
    assert_eq!(text(&root, "anim-total"), "9");
    assert_eq!(canvas.to_data_url().unwrap(), away, "painted off screen");
    canvas.scroll_into_view();
    sleep(100).await;
    assert_ne!(
        canvas.to_data_url().unwrap(),
        away,
        "the stage did not catch up on screen"
    );
}

#[wasm_bindgen_test]
async fn a_posed_exercise_asks_about_the_pages_layer_and_follows_it() {
    let controls = Link::read("?k=3&m=3&n=128&h=3&w=3&bias=both").0.controls;
    let root = wrapper();
    let _handle = mount_to(root.clone().unchecked_into(), move || {
        let state = LayerState::new(controls);
        let source = RwSignal::new(ExerciseSource::Layer);
        view! {
            <ExerciseSection source layer=state.layer notes=vec![] notation=Signal::from(state.notation) />
            <ControlsPanel state notes=vec![] />
        }
    });
    tick().await;
    assert_eq!(
        text(&root, "exercise-task"),
        "Input 3×3×3, 3×3 filters, 128 output channels, stride 1, no padding ('valid'): the output is 1×1×128."
    );
    assert!(text(&root, "exercise-posed").starts_with("Your teacher's layer"));
    for (question, answer) in [
        ("standard", "3584"),
        ("depthwise", "30"),
        ("pointwise", "512"),
        ("separable", "542"),
    ] {
        let field = input(&root, &format!("#exercise-params-{question}"));
        field.set_value(answer);
        fire(&field, "input");
    }
    click(&root, "exercise-check");
    tick().await;
    assert_eq!(
        text(&root, "exercise-summary"),
        "All 4 of your answers are right."
    );
    // Another layer in the controls: the exercise asks about it, from a clean sheet.
    let number = input(&root, "#control-n-number");
    number.set_value("64");
    fire(&number, "input");
    // The layer changes, then the exercise's effect starts it clean.
    sleep(20).await;
    assert!(
        text(&root, "exercise-task").contains(", 64 output channels,"),
        "{}",
        text(&root, "exercise-task")
    );
    assert_eq!(input(&root, "#exercise-params-standard").value(), "");
    assert_eq!(text(&root, "exercise-summary"), "");
}

/// The timing's results panel with a real timing measured in this browser (on
/// the test's thread, small and short): nothing before a run, then positive
/// times, the sentences from those numbers, the roofline and the sweep.
#[wasm_bindgen_test]
async fn timing_results_show_a_timing_measured_in_this_browser() {
    use sepconv_calc::LayerSpec;
    use sepconv_train::report::{sweep_layers, LayerRun, Peaks, Setup, SweepPoint, SweepRun};
    use sepconv_train::timing::{
        compute_peak, memory_bandwidth, time_layer, TimingLayer, TimingOptions,
    };
    use sepconv_web::components::sections::catch::measured::{TimingResults, TimingSlots};

    let performance = window().performance().unwrap();
    let mut clock = move || performance.now();
    let options = TimingOptions {
        min_run_ms: 5.0,
        runs: 1,
    };
    let layer = TimingLayer::from_spec(&LayerSpec::lecture_example()).unwrap();
    let timing = time_layer(&layer, &options, &mut clock).unwrap();
    let setup = Setup::here("Chromium, component test", options);
    let peaks = Peaks {
        compute: compute_peak(&options, &mut clock).unwrap(),
        bandwidth: memory_bandwidth(1 << 20, &options, &mut clock).unwrap(),
    };
    let points = sweep_layers()
        .into_iter()
        .filter(|l| l.height == 14 && l.in_channels <= 16)
        .map(|layer| SweepPoint {
            layer,
            timing: time_layer(&layer, &options, &mut clock),
        })
        .collect();

    let slots = TimingSlots::default();
    let root = wrapper();
    let _handle = mount_to(root.clone().unchecked_into(), move || {
        view! { <TimingResults slots /> }
    });
    tick().await;
    assert_eq!(text(&root, "timing-results"), "", "nothing before a run");

    slots.run.set(Some(LayerRun {
        layer,
        timing,
        setup: setup.clone(),
    }));
    slots.peaks.set(Some(peaks));
    slots.sweep.set(Some(SweepRun { points, setup }));
    tick().await;
    for step in ["standard", "depthwise", "pointwise", "separable"] {
        for column in ["ms", "gmacs"] {
            let shown = text(&root, &format!("timing-{column}-{step}"));
            let number: f64 = shown.parse().unwrap_or(0.0);
            assert!(number > 0.0, "{column} of {step}: {shown:?}");
        }
    }
    assert!(text(&root, "timing-layer").contains("3×3 kernel, 3 → 5 channels, 6×6 input"));
    assert!(text(&root, "timing-speedup")
        .starts_with("MACs predict the separable pair to be 3.21× as fast"));
    let setup = text(&root, "timing-setup");
    assert!(
        setup.contains("Chromium, component test, 1 thread, SIMD: "),
        "{setup}"
    );
    assert!(setup.contains("passes per run: standard "), "{setup}");
    let steps = find(&root, "roofline-steps").children().length();
    assert_eq!(steps, 3, "a sentence per step");
    assert!(text(&root, "roofline-steps").contains("of this machine's peak"));
    assert!(text(&root, "sweep-sentence").starts_with("Of the sweep's 2 layers timed"));
    for chart in [
        "chart-roofline",
        "chart-sweep-rates",
        "chart-sweep-speedups",
    ] {
        let label = find(&root, chart)
            .get_attribute("aria-label")
            .unwrap_or_default();
        assert!(!label.is_empty(), "{chart} describes itself");
    }
}

// The lab's worker (#17, #18), driven through the page's hook. The worker, its
// manifest and data are the release build's, in dist/ (`cargo xtask build`
// runs before these tests in `cargo xtask test`), which the test runner serves
// beside the test page.

mod lab_worker {
    use std::cell::RefCell;
    use std::rc::Rc;

    use leptos::mount::mount_to;
    use leptos::prelude::*;
    use sepconv_train::{Dataset, Hyperparameters, NetSpec, Trainer};
    use sepconv_web::components::hooks::use_worker::{use_worker_with, UseWorker};
    use sepconv_web::worker_client::{
        build_hash, DataSet, Event, Family, LabAssets, Padding, Split, TimingLayer, TimingOptions,
        TrainSettings,
    };
    use sepconv_worker::session::weights_checksum;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::JsValue;
    use wasm_bindgen_test::*;

    use super::{sleep, wrapper};

    fn get(target: &JsValue, key: &str) -> JsValue {
        js_sys::Reflect::get(target, &key.into()).unwrap()
    }

    /// `fetch(url)` then `response[method]()`.
    async fn fetch(url: &str, method: &str) -> Result<JsValue, String> {
        let fetch: js_sys::Function = get(&window(), "fetch").unchecked_into();
        let promise = fetch.call1(&window(), &url.into()).unwrap();
        let response = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise))
            .await
            .map_err(|e| format!("{url}: {e:?}"))?;
        if !get(&response, "ok").is_truthy() {
            return Err(format!("{url}: {:?}", get(&response, "status")));
        }
        let read: js_sys::Function = get(&response, method).unchecked_into();
        let promise = read.call0(&response).unwrap();
        wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise))
            .await
            .map_err(|e| format!("{url}: {e:?}"))
    }

    /// The release build's lab files, in dist/.
    async fn dist() -> LabAssets {
        let index = fetch("dist/index.html", "text")
            .await
            .expect("dist/index.html: run `cargo xtask build` first")
            .as_string()
            .unwrap();
        let hash = index
            .split(|c: char| c.is_whitespace() || "\"'<>=".contains(c))
            .find_map(build_hash)
            .expect("dist/index.html names its module");
        LabAssets::folder("dist/", hash).unwrap()
    }

    /// A split of dist/'s data, as the worker gets it.
    async fn data(assets: &LabAssets, set: DataSet, split: Split) -> Dataset {
        let LabAssets::Folder { hash, .. } = assets else {
            unreachable!()
        };
        let manifest = fetch(
            &format!("dist/{}", sepconv_worker::manifest::file_name(hash)),
            "text",
        )
        .await
        .unwrap()
        .as_string()
        .unwrap();
        let manifest = sepconv_worker::manifest::Manifest::parse(&manifest).unwrap();
        let file = &manifest.file(set, split).unwrap().file;
        let bytes = fetch(&format!("dist/{file}"), "arrayBuffer").await.unwrap();
        Dataset::unpack(&js_sys::Uint8Array::new(&bytes).to_vec()).unwrap()
    }

    /// A component holding a worker; its events are logged.
    struct Harness {
        worker: UseWorker,
        log: Rc<RefCell<Vec<Event>>>,
        _mounted: Box<dyn std::any::Any>,
    }

    fn harness(assets: LabAssets) -> Harness {
        let log = Rc::new(RefCell::new(Vec::new()));
        let kept = Rc::new(RefCell::new(None));
        let mounted = {
            let (log, kept) = (log.clone(), kept.clone());
            mount_to(wrapper().unchecked_into(), move || {
                let log = log.clone();
                let worker = use_worker_with(assets.clone(), move |event| {
                    log.borrow_mut().push(event);
                });
                *kept.borrow_mut() = Some(worker);
                view! { <p>"lab"</p> }
            })
        };
        let worker = kept.borrow_mut().take().unwrap();
        Harness {
            worker,
            log,
            _mounted: Box::new(mounted),
        }
    }

    impl Harness {
        /// Waits (up to `seconds`) until `done` holds for the log.
        async fn until(&self, seconds: f64, what: &str, done: impl Fn(&[Event]) -> bool) {
            let started = js_sys::Date::now();
            while !done(&self.log.borrow()) {
                if js_sys::Date::now() - started > seconds * 1000.0 {
                    panic!(
                        "{what}: not within {seconds} s; events: {:?}",
                        self.log.borrow()
                    );
                }
                sleep(20).await;
            }
        }
    }

    #[wasm_bindgen_test]
    async fn the_hook_trains_in_a_worker_as_this_module_does() {
        let assets = dist().await;
        let h = harness(assets.clone());
        let settings = TrainSettings {
            set: DataSet::Digits,
            family: Family::Separable,
            alpha: 1.0,
            seed: 3,
            epochs: 1,
        };
        let id = h.worker.train(settings);
        h.until(60.0, "one epoch", |log| {
            log.iter().any(|e| e.id() == id && e.ends_job())
        })
        .await;
        let log = h.log.borrow().clone();
        let ours = || log.iter().filter(|e| e.id() == id);
        assert!(ours().any(|e| matches!(e, Event::Done { .. })), "{log:?}");
        let spec = NetSpec::lab(Family::Separable, (8, 8), 1.0);
        let started = ours().find_map(|e| match e {
            Event::Started { params, macs, .. } => Some((*params, *macs)),
            _ => None,
        });
        assert_eq!(
            started,
            Some((spec.params().unwrap(), spec.macs().unwrap()))
        );
        assert!(ours().any(|e| matches!(e, Event::Progress(p) if p.images_per_second > 0.0)));
        let epoch = ours()
            .find_map(|e| match e {
                Event::Epoch(result) => Some(*result),
                _ => None,
            })
            .expect("an epoch's result");
        assert!(epoch.test.accuracy > 0.3, "{epoch:?}");
        // The same epoch in this module: a debug build without SIMD128, against
        // the worker's release build with it. Same bits.
        let train = data(&assets, DataSet::Digits, Split::Train).await;
        let test = data(&assets, DataSet::Digits, Split::Test).await;
        let mut trainer = Trainer::new(&spec, train, 3, Hyperparameters::default()).unwrap();
        let train_eval = trainer.train_epoch();
        assert_eq!(epoch.train, train_eval);
        assert_eq!(epoch.test, trainer.evaluate(&test).unwrap());
        assert_eq!(epoch.weights, weights_checksum(trainer.net()));

        // Timing a layer: positive times and GMAC/s for the three steps.
        let layer = TimingLayer {
            kernel: 3,
            in_channels: 32,
            out_channels: 32,
            height: 28,
            width: 28,
            stride: 1,
            padding: Padding::Same,
            depth_multiplier: 1,
        };
        let options = TimingOptions {
            min_run_ms: 5.0,
            runs: 1,
        };
        let timed = h.worker.time(layer, options);
        h.until(30.0, "a timing", |log| {
            log.iter().any(|e| e.id() == timed && e.ends_job())
        })
        .await;
        let timing = h
            .log
            .borrow()
            .iter()
            .find_map(|e| match e {
                Event::LayerTimed { id, timing, .. } if *id == timed => Some(*timing),
                _ => None,
            })
            .expect("the layer's timing");
        for step in [timing.standard, timing.depthwise, timing.pointwise] {
            assert!(step.ms > 0.0 && step.gmacs > 0.0, "{timing:?}");
        }

        // A long run, stopped once it has made progress.
        let long = TrainSettings {
            epochs: 50,
            ..settings
        };
        let id = h.worker.train(long);
        h.until(30.0, "progress", |log| {
            log.iter()
                .any(|e| e.id() == id && matches!(e, Event::Progress(_)))
        })
        .await;
        h.worker.stop();
        h.until(10.0, "the stop", |log| {
            log.iter().any(|e| e.id() == id && e.ends_job())
        })
        .await;
        assert!(
            h.log
                .borrow()
                .iter()
                .any(|e| matches!(e, Event::Stopped { id: stopped } if *stopped == id)),
            "the run did not end as stopped"
        );
    }

    #[wasm_bindgen_test]
    async fn a_build_without_a_lab_says_so() {
        let h = harness(LabAssets::folder("no-such-build/", "00").unwrap());
        let id = h.worker.train(TrainSettings {
            set: DataSet::Digits,
            family: Family::Standard,
            alpha: 1.0,
            seed: 1,
            epochs: 1,
        });
        h.until(10.0, "the failure", |log| log.iter().any(|e| e.id() == id))
            .await;
        let log = h.log.borrow();
        assert!(
            matches!(log.as_slice(), [Event::Failed { message, .. }] if message.contains("this build has no lab worker")),
            "{log:?}"
        );
    }
}
