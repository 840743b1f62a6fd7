//! The two forum questions, answered first: a line each, and links to the proof.

use leptos::prelude::*;
use sepconv_calc::format::times;
use sepconv_calc::network::published;
use sepconv_calc::network::V1Variant;

use crate::embed::Section;
use crate::facts;

/// The two questions, answered in a few sentences each, with links to the proof.
/// On the first screen: its counts are built in (`facts`), not computed here.
#[component]
pub fn AnswerBox() -> impl IntoView {
    let printed =
        |variant| published::mobilenet_v1(1.0, 224, variant).expect("Table 4 is compiled in");
    let (mobile, conv) = (printed(V1Variant::Separable), printed(V1Variant::FullConv));
    let fewer = times(facts::CONV_MOBILENET_MACS as f64 / facts::MOBILENET_MACS as f64);
    view! {
        <section id=Section::Answer.id() class="panel answer" aria-labelledby="answer-title">
            <h2 id="answer-title">"The short answers"</h2>
            <div class="answers">
                <div>
                    <h3>"Why doesn't accuracy collapse?"</h3>
                    <p class="lead">
                        "It barely moves. In the MobileNet paper, MobileNet reaches "
                        {format!("{:.1} %", mobile.top1)}
                        " top-1 on ImageNet against "
                        {format!("{:.1} %", conv.top1)}
                        " for the same widths built from full 3×3 convolutions, with "
                        <strong data-testid="answer-fewer">{fewer}</strong>
                        " fewer multiply-accumulates ("
                        <dfn>"MACs"</dfn>
                        ", the paper's “Mult-Adds”; "
                        <a href="#evidence">"the evidence"</a>
                        ")."
                    </p>
                    <p>
                        "A separable layer still sees every channel at every position: without the ReLU between its steps it is a standard layer whose kernel is restricted to "
                        <a href="#factorisation">"W = P·D"</a>
                        ", and the network learns within that restriction from the start. "
                        "Two caveats: the full-convolution network has half as many layers, and the paper trained no standard network as cheap as MobileNet. "
                        {facts::LAB_EQUAL_COST}
                        " "
                        <a href="#lab">"See it yourself"</a>
                        "."
                    </p>
                </div>
                <div>
                    <h3>"What is the catch?"</h3>
                    <p class="lead">"Less capacity, and fewer multiplications are not less time."</p>
                    <p>
                        "Separable kernels are a smaller family, which hurts most in small models. "
                        "The depthwise step does few multiplications per byte it moves, so where memory is the bottleneck, often on GPUs, the speed-up falls far below the ratio of MACs. "
                        "And one layer becomes two: an extra intermediate tensor and, in MobileNet, an extra BatchNorm and ReLU ("
                        <a href="#catch">"what it costs"</a>
                        ")."
                    </p>
                </div>
            </div>
        </section>
    }
}
