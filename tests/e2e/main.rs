//! End-to-end tests: the release build (`dist/`) served on 127.0.0.1, driven in
//! headless Chromium through chromedriver. Any browser console error fails.
//!
//! One browser runs the scenarios in order (2 cores: one Chromium at a time).
//! Each area of the page has its module of scenarios; `helpers` holds what
//! they share.
#![cfg(not(target_arch = "wasm32"))]

mod animation;
mod audit;
mod catch;
mod classroom;
mod exercise;
mod explorer;
mod helpers;
mod hostile;
mod lab;
mod layer;
mod notes;
mod parts;
mod sentences;
mod worker;

use std::path::PathBuf;
use std::time::Duration;

use xtask::browser::Browser;

/// The release build the tests serve (`cargo xtask build` writes it).
fn dist() -> PathBuf {
    xtask::workspace_root().join("dist")
}

#[tokio::test(flavor = "current_thread")]
async fn end_to_end() {
    let browser = Browser::start(&dist(), "/", 1280, 800)
        .await
        .expect("browser starts");
    let mut failures = Vec::new();
    // `E2E_ONLY=name` runs the scenarios whose names contain `name`, area
    // included (`E2E_ONLY=classroom::`), while working on some; CI runs them all.
    let only = std::env::var("E2E_ONLY").unwrap_or_default();
    macro_rules! scenario {
        ($area:ident :: $name:ident) => {
            let name = concat!(stringify!($area), "::", stringify!($name));
            if name.contains(only.as_str()) {
                // Each starts at the usual size, whatever the one before left.
                if let Err(e) = browser.resize(1280, 800).await {
                    failures.push(format!("{name}: resizing: {e}"));
                }
                let started = std::time::Instant::now();
                if let Err(e) = $area::$name(&browser).await {
                    failures.push(format!("{name}: {e}"));
                }
                println!("{name}: {:.1} s", started.elapsed().as_secs_f64());
            }
        };
    }
    scenario!(audit::console_errors_are_caught);
    scenario!(layer::the_app_renders);
    scenario!(sentences::answers_come_first);
    scenario!(sentences::every_sentence_true);
    scenario!(catch::published_measurements_and_no_fake_timing);
    scenario!(catch::times_the_layer_on_this_device);
    scenario!(lab::the_lab_shows_measured_results);
    scenario!(lab::a_bad_lab_link_is_explained);
    scenario!(lab::trains_in_the_browser_like_native);
    scenario!(parts::sections_below_arrive_when_wanted);
    scenario!(parts::a_part_that_cannot_be_fetched_can_be_tried_again);
    scenario!(worker::trains_one_epoch_like_native);
    scenario!(worker::times_a_layer);
    scenario!(layer::forum_link);
    scenario!(layer::presets);
    scenario!(layer::copy_link_answers_without_errors);
    scenario!(layer::slider_changes_numbers_url_and_pixels);
    scenario!(layer::garbage_url_gets_a_note_and_a_working_page);
    scenario!(layer::impossible_url_explains_and_shows_the_lecture_example);
    scenario!(layer::off_screen_charts_catch_up_when_scrolled_to);
    scenario!(explorer::an_embedded_explorer_links_a_loaded_layer_to_the_whole_page);
    scenario!(layer::phone_width_has_no_horizontal_scroll);
    scenario!(explorer::explorer_totals_conventions_and_shares);
    scenario!(explorer::a_teachers_link_to_half_mobilenet_160);
    scenario!(explorer::a_layer_row_loads_into_the_calculator);
    scenario!(explorer::every_network_opens_with_its_totals);
    scenario!(exercise::exercise_names_each_mistake);
    scenario!(classroom::embed_shows_only_its_sections);
    scenario!(classroom::course_notes_page_sizes_its_embeds);
    scenario!(notes::an_embed_states_its_layer_in_a_caption);
    scenario!(notes::reveal_holds_the_answers_until_asked);
    scenario!(notes::the_forums_exercise_posed_from_a_link);
    scenario!(notes::png_off_hides_every_save_button);
    scenario!(notes::results_never_wrap_alone);
    scenario!(notes::embeds_fit_the_widths_notes_give_them);
    scenario!(notes::embeds_for_notes_pass_the_audit);
    scenario!(classroom::presenter_mode_for_a_projector);
    scenario!(classroom::every_shortcut);
    scenario!(animation::the_race_ends_with_equal_outputs);
    scenario!(animation::presenter_digits_read_from_the_back);
    scenario!(animation::channels_in_reading_order);
    scenario!(animation::mode_keys_and_space);
    scenario!(classroom::dark_theme_colours);
    scenario!(classroom::print_hides_controls_and_draws_figures);
    scenario!(classroom::export_png_and_latex);
    scenario!(audit::no_request_leaves_the_origin);
    scenario!(audit::outside_requests_are_caught);
    scenario!(audit::accessibility_audit);
    scenario!(hostile::hostile_links_and_fields);
    browser.close().await;
    assert!(
        failures.is_empty(),
        "{} scenario(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The default build uses relative asset URLs, so it works in a course site's folder.
#[tokio::test(flavor = "current_thread")]
async fn works_under_a_sub_path() {
    let browser = Browser::start(&dist(), "/courses/cnn/sepconv/", 1280, 800)
        .await
        .expect("browser starts");
    let outcome = parts::under_a_sub_path(&browser).await;
    browser.close().await;
    outcome.expect("the page works under /courses/cnn/sepconv/");
}

/// A browser dropped without `close` (as a failing test does) ends its Chromium too.
#[tokio::test(flavor = "current_thread")]
async fn a_dropped_browser_leaves_no_chromium_behind() {
    let browser = Browser::start(&dist(), "/", 800, 600)
        .await
        .expect("browser starts");
    browser.open("").await.expect("the page opens");
    let group = browser.process_group().to_string();
    // Live processes of the group (killed ones may linger as zombies until reaped).
    let alive = || {
        let out = std::process::Command::new("ps")
            .args(["-e", "-o", "pgid=,stat="])
            .output()
            .expect("ps runs");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|line| line.split_whitespace().collect::<Vec<_>>())
            .filter(|f| f.first() == Some(&group.as_str()))
            .filter(|f| !f.get(1).is_some_and(|stat| stat.starts_with('Z')))
            .count()
    };
    assert!(alive() > 1, "chromedriver and Chromium share a group");
    drop(browser);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(alive(), 0, "processes left running in group {group}");
}
