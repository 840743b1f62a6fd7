//! Measurements others published, beside the reader's own: quoted exactly,
//! each with its source and link (`crate::published`), labelled as published.

use leptos::prelude::*;

use crate::components::widgets::scroll_region::ScrollRegion;
use crate::published::{Quote, TimingTable, GPU_REPORTS, QUOTES, TFLITE, XNNPACK};
use crate::roofline::sig;

/// A quoted passage: what it shows, the words, the source, and a note.
fn quote(q: &Quote) -> impl IntoView {
    view! {
        <li>
            <strong>{q.shows}</strong>": "
            <q>{q.quote}</q>
            " ("<a href=q.url>{q.source}</a>")"
            {(!q.note.is_empty()).then(|| view! { " " <span class="source">{q.note}</span> })}
        </li>
    }
}

/// A published table of timings, with the MACs of each model and the rate
/// they imply on the first device (computed here, and said to be).
fn timing_table(table: &TimingTable, testid: &'static str, label: &'static str) -> impl IntoView {
    let first = table.devices.first().copied().unwrap_or_default();
    let head = table
        .devices
        .iter()
        .map(|d| view! { <th scope="col">{format!("{d}, ms")}</th> })
        .collect_view();
    let rows = table
        .rows
        .iter()
        .map(|row| {
            let times = row
                .ms
                .iter()
                .map(|ms| view! { <td>{*ms}</td> })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{row.model}</th>
                    {times}
                    <td>{row.macs.text()}</td>
                    <td>{row.implied_gmacs(0).map(sig)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <figure data-testid=testid>
            <figcaption>{table.shows}</figcaption>
            <ScrollRegion label=label>
                <table class="evidence">
                    <thead><tr>
                        <th scope="col">"model"</th>
                        {head}
                        <th scope="col">"MACs"</th>
                        <th scope="col">{format!("GMAC/s on the {first}, implied")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </ScrollRegion>
            <p class="note">
                <q>{table.conditions}</q>" ("<a href=table.url>{table.source}</a>"). "
                "The times are as published; the MACs are counted by Sepconv's calculator where it has the network, "
                "and the implied GMAC/s (MACs ÷ time) are computed here, not published."
            </p>
        </figure>
    }
}

/// "NASNet mobile took 2.34× and 2.46× MobileNet v1's time": from the table.
fn same_macs_sentence() -> String {
    let ratios: Vec<String> = TFLITE
        .devices
        .iter()
        .enumerate()
        .filter_map(|(i, d)| Some(format!("{}× on the {d}", sig(TFLITE.time_ratio(0, 1, i)?))))
        .collect();
    format!(
        "{} took {} the time of {}, for about the same multiply-adds.",
        TFLITE.rows[1].model,
        ratios.join(" and "),
        TFLITE.rows[0].model
    )
}

/// The published measurements.
pub fn published_measurements() -> impl IntoView {
    let quotes = QUOTES.iter().map(quote).collect_view();
    let gpu = GPU_REPORTS.iter().map(quote).collect_view();
    view! {
        <h3>"Measured by others"</h3>
        <p>
            "Published measurements, quoted exactly as printed, each with its source: other machines, other libraries, other years. "
            "They are not measured on your device."
        </p>
        <ul class="published" data-testid="published">{quotes}</ul>
        {timing_table(&XNNPACK, "published-xnnpack", "XNNPACK's MobileNet timings")}
        {timing_table(&TFLITE, "published-tflite", "TensorFlow Lite's timings")}
        <p data-testid="published-same-macs">{same_macs_sentence()}</p>
        <p>"Reports from practice, each a particular library version on a particular machine:"</p>
        <ul class="published" data-testid="gpu-reports">{gpu}</ul>
        <p class="note">"Kernels improve from version to version; the low intensity is a property of the step, not of a library."</p>
    }
}
