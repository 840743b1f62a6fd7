//! The "?" overlay: every keyboard shortcut, from the same table the key handler
//! uses. A modal `<dialog>`: the browser traps the focus and closes it on Escape.

use leptos::prelude::*;

use crate::shortcuts::{Action, SHORTCUTS};

/// The overlay; `open` shows and hides it.
#[component]
pub fn ShortcutHelp(
    /// Whether it is shown.
    open: RwSignal<bool>,
    /// Whether the layer can be changed (else the presets are off).
    editable: bool,
) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    Effect::new(move |_| {
        let Some(d) = dialog.get() else {
            return;
        };
        match (open.get(), d.open()) {
            (true, false) => {
                let _ = d.show_modal();
            }
            (false, true) => d.close(),
            _ => {}
        }
    });
    let rows = SHORTCUTS
        .iter()
        .map(|s| {
            let off = matches!(s.action, Action::Preset(_)) && !editable;
            view! {
                <tr class:off=off>
                    <th scope="row"><kbd>{s.label}</kbd></th>
                    <td>
                        {s.description}
                        {off.then_some(" (off here: the example is fixed)")}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <dialog node_ref=dialog class="shortcut-help" aria-labelledby="shortcut-help-title" on:close=move |_| open.set(false) data-testid="shortcut-help">
            <h2 id="shortcut-help-title">"Keyboard shortcuts"</h2>
            <p class="note">"They work anywhere on the page except while typing in a field; a focused slider keeps its arrow keys. Escape closes this list."</p>
            <table data-testid="shortcut-table"><tbody>{rows}</tbody></table>
            <form method="dialog">
                <button type="submit" autofocus data-testid="help-close">"Close"</button>
            </form>
        </dialog>
    }
}
