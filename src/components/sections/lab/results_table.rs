//! The twins (α = 1) and the separable net widened to the standard net's MACs,
//! on both data sets: counts from the calculator, accuracy mean ± sd over
//! seeds, training time.

use leptos::prelude::*;
use sepconv_calc::format::thousands;
use sepconv_train::Family;

use crate::components::widgets::scroll_region::ScrollRegion;
use crate::lab::results::{equal_budget, seconds_text, twin, Run};
use crate::lab::{alpha_text, LabData};

/// A count from the calculator; should the results file disagree, its figure
/// beside it.
fn count(calculator: u64, file: u64) -> String {
    if calculator == file {
        thousands(calculator)
    } else {
        format!("{} (the file: {})", thousands(calculator), thousands(file))
    }
}

/// One net's row.
fn row(data: LabData, kind: &'static str, name: &'static str, run: &Run) -> impl IntoView {
    let id = |what: &str| format!("lab-{what}-{}-{kind}", data.id());
    let class = run.family.name();
    view! {
        <tr class=class data-testid=id("row")>
            <th scope="row"><span class="swatch" aria-hidden="true"></span>{name}</th>
            <td>{alpha_text(run.alpha)}</td>
            <td data-testid=id("params")>{count(run.calculator.params, run.params)}</td>
            <td data-testid=id("macs")>{count(run.calculator.macs, run.macs)}</td>
            <td data-testid=id("accuracy")>{run.accuracy().text()}</td>
            <td>{seconds_text(run.seconds.mean)}</td>
        </tr>
    }
}

/// One data set's table: the twins and the widened separable net.
fn table(data: LabData) -> impl IntoView {
    let nets = [
        ("standard", "standard", twin(data, Family::Standard)),
        ("twin", "separable twin", twin(data, Family::Separable)),
        ("wide", "separable, widened", equal_budget(data)),
    ];
    let seeds = nets.iter().filter_map(|n| n.2).map(Run::seeds).max();
    let label = match data {
        LabData::FashionMnist => "The twins and the widened net on Fashion-MNIST",
        LabData::Digits => "The twins and the widened net on digits",
    };
    view! {
        <ScrollRegion label>
            <table class="counts lab-results" data-testid=format!("lab-results-{}", data.id())>
                <caption>{format!("{}, mean over {} seeds", data.name(), seeds.unwrap_or_default())}</caption>
                <thead>
                    <tr>
                        <th scope="col"><span class="visually-hidden">"net"</span></th>
                        <th scope="col">"α"</th>
                        <th scope="col">"parameters"</th>
                        <th scope="col">"MACs per image"</th>
                        <th scope="col">"test accuracy ± sd"</th>
                        <th scope="col">"training time"</th>
                    </tr>
                </thead>
                <tbody>
                    {nets
                        .into_iter()
                        .filter_map(|(kind, name, run)| Some(row(data, kind, name, run?)))
                        .collect_view()}
                </tbody>
            </table>
        </ScrollRegion>
    }
}

/// Both data sets' tables.
#[component]
pub fn ResultsTable() -> impl IntoView {
    LabData::ALL.into_iter().map(table).collect_view()
}
