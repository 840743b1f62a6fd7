//! The whole page (header, the layer's controls beside its cost, the animation,
//! why it works and what it costs, whole networks, an exercise), or an embed of
//! some of its sections (`crate::embed`): one shared layer state, one key
//! handler, one look.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::hooks::use_appearance::{toggle_fullscreen, Appearance};
use super::hooks::use_height_to_parent::use_height_to_parent;
use super::hooks::use_keys::{use_keys, PlayerSlot, TimeLayerSlot};
use super::hooks::use_near_screen::render_everything_once;
use super::on_demand::{fetch_and_place, place, OnDemand};
use super::sections::animation::AnimationSection;
use super::sections::answer::AnswerBox;
use super::sections::catch::CatchSection;
use super::sections::charts::CostCharts;
use super::sections::controls::ControlsPanel;
use super::sections::cost::{CostDetails, CostSummary};
use super::sections::derivation::Derivation;
use super::sections::evidence::Evidence;
use super::sections::exercise::ExerciseSection;
use super::sections::factorisation::Factorisation;
use super::sections::groups::GroupsSection;
use super::sections::lab::LabSection;
use super::sections::networks::NetworksSection;
use super::widgets::embed_caption::embed_caption;
use super::widgets::full_page_link::FullPageLink;
use super::widgets::held_back::{cost_held_back, hold};
use super::widgets::math::named;
use super::widgets::shortcut_help::ShortcutHelp;
use super::widgets::toolbar::Toolbar;
use super::widgets::url_notes::UrlNotes;
use crate::embed::{PageMode, Section};
use crate::link::Link;
use crate::practice::ExerciseSource;
use crate::shortcuts::Action;
use crate::state::LayerState;
use crate::{code_on_demand, practice};
use sepconv_calc::{Notation, Symbol};

/// How long the page's state must rest before the URL is rewritten.
const URL_REST: Duration = Duration::from_millis(150);

/// Keeps the query string equal to the page's state (`link`), without adding
/// history entries. It is written once the state has rested for `URL_REST`: a
/// dragged slider changes it 60 times a second, Chrome ignores history updates
/// beyond 200 in 10 s, and each one costs milliseconds in the frame that shows
/// the change.
fn sync_url(link: impl Fn() -> Link + 'static) {
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let query = link().query();
        if let Some(timer) = pending.get_value() {
            timer.clear();
        }
        let write = move || {
            // A URL of only a query drops the #section the reader came to.
            let location = window().location();
            let path = location.pathname().unwrap_or_default();
            let hash = location.hash().unwrap_or_default();
            let url = format!("{path}{query}{hash}");
            if let Ok(history) = window().history() {
                let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
            }
        };
        pending.set_value(set_timeout_with_handle(write, URL_REST).ok());
    });
    // Gone from the page (a test, an embed): nothing more to write.
    on_cleanup(move || {
        if let Some(timer) = pending.try_get_value().flatten() {
            timer.clear();
        }
    });
}

/// Marks the page ready once the first numbers and charts are drawn (tests and
/// the benchmark wait for it).
fn mark_ready() {
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-ready", "true");
        }
        if let Some(performance) = window().performance() {
            let _ = performance.mark("sepconv-ready");
        }
        render_everything_once();
    });
}

/// What the sections are built from: the shared layer, the other sections'
/// state from the link, and the notes on what in the link could not be used.
struct Parts {
    state: LayerState,
    /// Notes on the layer's values, shown by the controls.
    layer_notes: Vec<String>,
    lower: Lower,
}

/// What the sections below the cost are built from.
struct Lower {
    mode: PageMode,
    state: LayerState,
    /// The explorer's link pairs: read by the explorer when it arrives, and
    /// kept current by it.
    explorer: RwSignal<Vec<(String, String)>>,
    /// The animation's link pairs, likewise.
    animation: RwSignal<Vec<(String, String)>>,
    exercise: RwSignal<ExerciseSource>,
    exercise_notes: Vec<String>,
    /// The lab's link pairs, likewise.
    lab: RwSignal<Vec<(String, String)>>,
}

/// "f×f" (or "D_K×D_K"): the kernel's side twice, in the page's notation.
fn kernel_square(notation: Notation) -> impl IntoView {
    view! {
        <math><mrow>{named(Symbol::KernelHeight, notation)}<mo>"×"</mo>{named(Symbol::KernelWidth, notation)}</mrow></math>
    }
}

/// What an embed shows above its sections: the caption stating its layer,
/// and the cost's prompt while the cost is held back (`reveal=cost`).
struct EmbedHead {
    state: LayerState,
    /// A posed exercise (`ex=layer`) shows the layer too.
    exercise: RwSignal<ExerciseSource>,
    mode: PageMode,
    /// Where the head goes, and the page that owns it.
    anchor: NodeRef<leptos::html::Div>,
    owner: Owner,
}

/// The embed's head, put in its place. Only embeds need it, so its code is
/// fetched, not loaded with the page (`fetch_and_place`).
fn embed_head(head: EmbedHead) -> AnyView {
    let EmbedHead {
        state,
        exercise,
        mode,
        anchor,
        owner,
    } = head;
    let cost_held = match (mode.shows(Section::Cost), mode.shows(Section::Charts)) {
        (true, _) => Some(cost_held_back("cost")),
        (false, true) => Some(cost_held_back("charts-panel")),
        (false, false) => None,
    };
    let captioned = move || mode.captioned(exercise.get() == ExerciseSource::Layer);
    place(anchor, &owner, move || {
        view! {
            {move || captioned().then(|| embed_caption(state))}
            {cost_held}
        }
        .into_any()
    });
    ().into_any()
}

/// The arithmetic, worked out for the layer.
fn derivation(state: LayerState) -> AnyView {
    view! { <Derivation state /> }.into_any()
}

/// The sections from the animation down, those of them the mode shows.
fn lower_sections(lower: Lower) -> AnyView {
    let Lower {
        mode,
        state,
        explorer,
        animation,
        exercise,
        exercise_notes,
        lab,
    } = lower;
    let shows = |s| mode.shows(s);
    let notation = Signal::from(state.notation);
    view! {
        {shows(Section::Animation).then(|| view! { <AnimationSection state link=animation /> })}
        <div id="why" class="why-sections">
            {shows(Section::Evidence).then(|| view! { <Evidence /> })}
            {shows(Section::Lab).then(|| view! { <LabSection link=lab /> })}
            {shows(Section::Factorisation).then(|| view! { <Factorisation state /> })}
            {shows(Section::Groups).then(|| view! { <GroupsSection state /> })}
        </div>
        {shows(Section::Catch).then(|| view! { <CatchSection state /> })}
        {shows(Section::Networks).then(|| view! { <NetworksSection state link=explorer calculator_shown=shows(Section::Controls) /> })}
        {shows(Section::Exercise).then(|| view! { <ExerciseSection source=exercise layer=state.layer notes=exercise_notes notation /> })}
    }
    .into_any()
}

code_on_demand!(embed_head_code: embed_head, EmbedHead);
code_on_demand!(derivation_code: derivation, LayerState);
code_on_demand!(lower_sections_code: lower_sections, Lower);

/// The page: on the whole page every section with header and footer; in an
/// embed only the sections asked for. One structure for both, each section
/// present if the mode shows it, so every section embeds by its id (a static
/// structure, not a list of type-erased views, keeps the module small). The
/// sections below the cost arrive when wanted (`OnDemand`): at once in an embed
/// or when the link names a section, else when the reader scrolls near them.
fn page(
    mode: &PageMode,
    parts: Parts,
    notes: Vec<String>,
    look: Appearance,
    help: RwSignal<bool>,
) -> impl IntoView {
    let Parts {
        state,
        layer_notes,
        lower,
    } = parts;
    let whole = mode.embed.is_none();
    // The embed's head (caption, the cost's prompt) fetches its code and puts
    // itself here.
    let head = NodeRef::<leptos::html::Div>::new();
    let has_head = !whole && (mode.caption || mode.held_back.cost);
    if has_head {
        let parts = EmbedHead {
            state,
            exercise: lower.exercise,
            mode: mode.clone(),
            anchor: head,
            owner: Owner::current().unwrap_or_default(),
        };
        fetch_and_place(embed_head_code, parts);
    }
    let shows = |s| mode.shows(s);
    let locked = !mode.controls.editable();
    // On the whole page the charts are part of the cost section.
    let charts_alone = shows(Section::Charts) && !shows(Section::Cost);
    let at_once = !whole || !window().location().hash().unwrap_or_default().is_empty();
    // The sections from the animation down (page order), built by `lower_sections`.
    let lower_shown = Section::ALL
        .into_iter()
        .skip_while(|&s| s != Section::Animation)
        .any(shows);
    view! {
        {whole.then(|| view! {
            <header class="site-header">
                <div>
                    <h1>"Sepconv"</h1>
                    <p class="tagline">"Depthwise separable convolution, counted exactly"</p>
                </div>
                <Toolbar look help />
            </header>
        })}
        <main class:embed=!whole>
            {whole.then(|| view! {
                <p class="intro">
                    "A standard convolution gives every output channel its own "
                    {move || kernel_square(state.notation.get())}
                    " filter across all input channels. A depthwise separable convolution splits that into two cheap steps: a "
                    <strong class="depthwise-text">"depthwise"</strong>
                    " step (one "
                    {move || kernel_square(state.notation.get())}
                    " filter per input channel) and a "
                    <strong class="pointwise-text">"pointwise"</strong>
                    " step (1×1 filters that mix the channels). Move the sliders to see how much it saves for your layer, and why."
                </p>
                <p class="print-only layer-summary" data-testid="layer-summary">
                    {move || state.controls.with(|c| c.summary())}
                </p>
            })}
            {(!whole).then(|| view! { <h1 class="visually-hidden">"Sepconv"</h1> })}
            {has_head.then(|| view! { <div class="embed-head" node_ref=head></div> })}
            <UrlNotes notes testid="page-notes" />
            {shows(Section::Answer).then(|| view! { <AnswerBox /> })}
            <div class="layout" class:without-controls=!shows(Section::Controls)>
                {shows(Section::Cost).then(|| view! { <CostSummary state /> })}
                {shows(Section::Controls).then(|| view! { <ControlsPanel state notes=layer_notes locked /> })}
                <div class="results">
                    {shows(Section::Cost).then(|| view! { <CostDetails state /> })}
                    {charts_alone.then(|| view! {
                        <section id="charts-panel" class="panel held-cost" tabindex="-1" aria-label="The cost, as charts">
                            <CostCharts state />
                        </section>
                    })}
                    {shows(Section::Derivation).then(|| view! {
                        <OnDemand load=derivation_code parts=state what="the arithmetic" at_once />
                    })}
                </div>
            </div>
            {lower_shown.then(|| view! {
                <OnDemand load=lower_sections_code parts=lower what="the animation and the rest of the page" at_once />
            })}
            {(!whole).then(|| view! {
                <p class="embed-link">
                    <FullPageLink>"Open in Sepconv"</FullPageLink>
                </p>
            })}
        </main>
        {whole.then(|| view! {
            <footer class="site-footer">
                <p>
                    "Counts follow Howard et al., "
                    <a href="https://arxiv.org/abs/1704.04861">"MobileNets (2017)"</a>
                    ". MACs are multiply-accumulates, the paper's “Mult-Adds”."
                </p>
            </footer>
        })}
    }
}

/// The page, as the URL asks for it.
#[component]
pub fn App() -> impl IntoView {
    let search = window().location().search().unwrap_or_default();
    let (link, link_notes) = Link::read(&search);
    let Link {
        controls,
        mode,
        explorer,
        animation,
        exercise,
        lab,
        others,
    } = link;
    let mut notes = link_notes.page;
    let state = LayerState::new(controls);
    let look = Appearance::use_appearance(mode.scheme, mode.present);
    let explorer = RwSignal::new(explorer);
    let animation = RwSignal::new(animation);
    let lab = RwSignal::new(lab);
    let exercise = RwSignal::new(
        exercise
            .unwrap_or_else(|| ExerciseSource::Seed(practice::seed_from(js_sys::Math::random()))),
    );
    let written_mode = mode.clone();
    sync_url(move || Link {
        controls: state.controls.get(),
        // Presenter mode is in the link only while it is on.
        mode: PageMode {
            present: look.present.get(),
            ..written_mode.clone()
        },
        explorer: explorer.get(),
        animation: animation.get(),
        exercise: Some(exercise.get()),
        lab: lab.get(),
        others: others.clone(),
    });
    let (layer_notes, exercise_notes) = (link_notes.layer, link_notes.exercise);

    let editable = mode.controls.editable();
    // With the controls out of sight, their notes join the page's.
    let layer_notes = if mode.shows(Section::Controls) {
        layer_notes
    } else {
        notes.extend(layer_notes);
        Vec::new()
    };
    let help = RwSignal::new(false);
    let player = PlayerSlot(RwSignal::new(None));
    provide_context(player);
    let timer = TimeLayerSlot(RwSignal::new(None));
    provide_context(timer);
    use_keys(move |action| {
        // The overlay is modal: only its own key (and Escape, the browser's) act.
        if help.get_untracked() && action != Action::Help {
            return false;
        }
        match action {
            Action::Help => help.update(|open| *open = !*open),
            Action::Present => look.toggle_present(),
            Action::Theme => look.toggle_scheme(),
            Action::Fullscreen => toggle_fullscreen(),
            Action::Preset(preset) if editable => state.controls.update(|c| preset.apply(c)),
            Action::Preset(_) => return false,
            Action::TimeLayer => return timer.0.get_untracked().map(|t| t.run(())).is_some(),
            animation => return player.0.get_untracked().is_some_and(|p| p.apply(animation)),
        }
        true
    });

    if let Some(root) = document().document_element() {
        if mode.embed.is_some() {
            let _ = root.set_attribute("data-embed", "");
        }
        // `png=off`: the stylesheet hides every "Save PNG" button.
        if !mode.png {
            let _ = root.set_attribute("data-no-png", "");
        }
    }
    // Answers are held back in embeds only: the whole page has no prompt for
    // the cost (it comes with an embed's head).
    if mode.embed.is_some() {
        hold(mode.held_back.value());
    }
    use_height_to_parent();
    let parts = Parts {
        state,
        layer_notes,
        lower: Lower {
            mode: mode.clone(),
            state,
            explorer,
            animation,
            exercise,
            exercise_notes,
            lab,
        },
    };
    let page = page(&mode, parts, notes, look, help);
    mark_ready();
    view! {
        {page}
        <ShortcutHelp open=help editable />
    }
}
