//! Every figure in ../shared/REFERENCE.md, reproduced.

use sepconv_calc::network::{
    published, Convention, LayerKind, MobileNetV1, MobileNetV2, V1Variant,
};
use sepconv_calc::{Bias, Layer, LayerSpec, Padding, Part, Quantity, Shape};

fn layer(spec: LayerSpec) -> Layer {
    Layer::new(spec).expect("valid layer")
}

fn step(layer: &Layer, part: Part, quantity: Quantity) -> String {
    layer
        .derivation()
        .into_iter()
        .find(|s| s.part == part && s.quantity == quantity)
        .expect("every part has a step")
        .text()
}

#[test]
fn lecture_example() {
    let l = layer(LayerSpec::lecture_example());
    assert_eq!(
        l.output(),
        Shape {
            height: 4,
            width: 4,
            channels: 5
        }
    );
    assert_eq!(l.standard().macs, 2160);
    assert_eq!(l.depthwise().macs, 432);
    assert_eq!(l.pointwise().macs, 240);
    assert_eq!(l.separable().macs, 672);
    let ratio = l.macs_ratio();
    assert_eq!((ratio.numerator(), ratio.denominator()), (14, 45)); // 672/2160
    assert_eq!(l.closed_form(), ratio, "no bias: 1/5 + 1/9 exactly");
    assert!((ratio.to_f64() - 0.311).abs() < 5e-4);
}

#[test]
fn lecture_example_derivation() {
    let l = layer(LayerSpec::lecture_example());
    assert_eq!(
        step(&l, Part::Standard, Quantity::Macs),
        "(3×3×3)×(5×4×4) = 27×80 = 2160"
    );
    assert_eq!(
        step(&l, Part::Depthwise, Quantity::Macs),
        "(3×3×1)×(3×4×4) = 9×48 = 432"
    );
    assert_eq!(
        step(&l, Part::Pointwise, Quantity::Macs),
        "(1×1×3)×(5×4×4) = 3×80 = 240"
    );
    assert_eq!(step(&l, Part::Separable, Quantity::Macs), "432 + 240 = 672");
    assert_eq!(
        step(&l, Part::Standard, Quantity::Params),
        "(3×3×3)×5 = 27×5 = 135"
    );
}

#[test]
fn forum_exercise_with_bias_on_both() {
    let l = layer(LayerSpec::forum_exercise());
    assert_eq!(l.standard().params, 3584);
    assert_eq!(l.depthwise().params, 30);
    assert_eq!(l.pointwise().params, 512);
    assert_eq!(l.separable().params, 542);
    assert!((l.params_ratio().to_f64() - 0.151).abs() < 5e-4);
    assert_eq!(
        step(&l, Part::Standard, Quantity::Params),
        "(3×3×3 + 1)×128 = 28×128 = 3584"
    );
    assert_eq!(
        step(&l, Part::Depthwise, Quantity::Params),
        "(3×3×1 + 1)×3 = 10×3 = 30"
    );
    assert_eq!(
        step(&l, Part::Pointwise, Quantity::Params),
        "(1×1×3 + 1)×128 = 4×128 = 512"
    );
    assert_eq!(
        step(&l, Part::Separable, Quantity::Params),
        "30 + 512 = 542"
    );
}

#[test]
fn forum_exercise_under_other_bias_conventions() {
    let none = layer(LayerSpec {
        bias: Bias::None,
        ..LayerSpec::forum_exercise()
    });
    assert_eq!(none.separable().params, 411);
    assert_eq!(none.standard().params, 3456);
    assert!((none.params_ratio().to_f64() - 0.119).abs() < 5e-4);
    assert_eq!(none.closed_form(), none.params_ratio());

    let keras = layer(LayerSpec {
        bias: Bias::PointwiseOnly,
        ..LayerSpec::forum_exercise()
    });
    assert_eq!(keras.separable().params, 539);
    assert_eq!(keras.standard().params, 3584);
}

#[test]
fn forum_exercise_per_output_position() {
    let spec = LayerSpec {
        height: 100,
        width: 100,
        ..LayerSpec::forum_exercise()
    }
    .one_output_position();
    let l = layer(spec);
    assert_eq!((l.output().height, l.output().width), (1, 1));
    assert_eq!(l.standard().macs, 3456);
}

#[test]
fn paper_cost_ratio_eight_to_nine_times() {
    // 1/(1/N + 1/9): 7.0 at N = 32, 8.0 at N = 72, 8.9 at N = 1024.
    for (n, expected) in [(32, 7.0), (72, 8.0), (1024, 8.9)] {
        let l = layer(LayerSpec {
            out_channels: n,
            ..LayerSpec::mobilenet_14x14x512()
        });
        let fewer = l.macs_ratio().times_fewer();
        assert!((fewer - expected).abs() < 0.05, "N = {n}: {fewer}");
    }
}

#[test]
fn output_size_general_formula() {
    // H_out = floor((H + 2p − d(K − 1) − 1)/s) + 1.
    let l = layer(LayerSpec {
        height: 7,
        width: 10,
        stride: 2,
        padding: Padding::Explicit(1),
        dilation: 2,
        ..LayerSpec::lecture_example()
    });
    assert_eq!((l.output().height, l.output().width), (3, 4));
    // 'same' with stride s gives ceil(H/s).
    let same = layer(LayerSpec {
        height: 7,
        width: 8,
        stride: 2,
        padding: Padding::Same,
        ..LayerSpec::lecture_example()
    });
    assert_eq!((same.output().height, same.output().width), (4, 4));
}

#[test]
fn traffic_model() {
    let l = layer(LayerSpec::lecture_example());
    // standard: input 108 + weights 135 + output 80 values, 4 bytes each.
    assert_eq!(l.traffic(Part::Standard).bytes, 4 * (108 + 135 + 80));
    // separable writes and reads the 4×4×3 intermediate tensor.
    assert_eq!(
        l.traffic(Part::Separable).bytes,
        4 * (108 + 27 + 48 + 48 + 15 + 80)
    );
    let big = layer(LayerSpec::mobilenet_14x14x512());
    assert!(
        big.traffic(Part::Depthwise).intensity() < big.traffic(Part::Pointwise).intensity() / 10.0
    );
}

fn v1(alpha: f64, resolution: u64, variant: V1Variant) -> sepconv_calc::network::Network {
    MobileNetV1 {
        alpha,
        resolution,
        variant,
        ..MobileNetV1::default()
    }
    .build()
    .expect("valid network")
}

#[test]
fn mobilenet_v1_counting_conventions() {
    let net = v1(1.0, 224, V1Variant::Separable);
    assert_eq!(net.layers.len(), 28);
    for convention in Convention::ALL {
        assert_eq!(net.totals(convention).macs, 568_740_352);
    }
    assert_eq!(net.totals(Convention::Paper).params, 4_209_088);
    assert_eq!(net.totals(Convention::Keras).params, 4_253_864);
    assert_eq!(net.totals(Convention::PyTorch).params, 4_231_976);
}

#[test]
fn mobilenet_v1_last_depthwise_has_stride_one() {
    let net = v1(1.0, 224, V1Variant::Separable);
    let last_dw = net
        .layers
        .iter()
        .rev()
        .find(|l| l.kind == LayerKind::Depthwise3x3)
        .unwrap();
    assert_eq!(last_dw.stride, 1);
    assert_eq!(last_dw.input.height, 7);
    assert_eq!(last_dw.output.height, 7);
}

#[test]
fn mobilenet_v1_table_2_shares() {
    let net = v1(1.0, 224, V1Variant::Separable);
    let shares = net.by_kind(Convention::Paper);
    let pct = |kind: LayerKind| {
        let s = shares.iter().find(|s| s.kind == kind).unwrap();
        (
            (s.macs_share * 10_000.0).round() / 100.0,
            (s.params_share * 10_000.0).round() / 100.0,
        )
    };
    assert_eq!(pct(LayerKind::Conv1x1), (94.86, 74.59));
    assert_eq!(pct(LayerKind::Depthwise3x3), (3.06, 1.06));
    // The paper misprints the MAC share as 1.19.
    assert_eq!(pct(LayerKind::Conv3x3), (1.91, 0.02));
    assert_eq!(pct(LayerKind::FullyConnected), (0.18, 24.33));
}

/// Exact counts for the paper's rows (paper convention), then their distance from the
/// printed, rounded figures. Two rows do not round to the print: Conv MobileNet
/// (4867.3M, printed 4866) and 1.0 MobileNet-160 (290.7M, printed 290, truncated).
#[test]
fn mobilenet_v1_published_rows() {
    let exact = [
        (4_867_293_184, 29_281_120),
        (568_740_352, 4_209_088),
        (325_400_448, 2_568_144),
        (307_323_392, 2_875_328),
        (149_497_088, 1_319_648),
        (41_030_272, 463_600),
        (418_121_728, 4_209_088),
        (290_675_200, 4_209_088),
        (186_400_768, 4_209_088),
        (76_524_800, 1_319_648),
    ];
    assert_eq!(exact.len(), published::MOBILENET_V1.len());
    for ((alpha, resolution, variant, figure), (macs, params)) in
        published::MOBILENET_V1.into_iter().zip(exact)
    {
        let totals = v1(alpha, resolution, variant).totals(Convention::Paper);
        assert_eq!(
            (totals.macs, totals.params),
            (macs, params),
            "{}",
            figure.model
        );
        let million_macs = macs as f64 / 1e6;
        let million_params = params as f64 / 1e6;
        assert!(
            (million_macs - figure.million_macs).abs() < 1.5,
            "{}: {million_macs:.1}M MACs, printed {}",
            figure.model,
            figure.million_macs
        );
        assert!(
            (million_params - figure.million_params).abs() < 0.05,
            "{}: {million_params:.3}M params, printed {}",
            figure.model,
            figure.million_params
        );
    }
}

#[test]
fn mobilenet_v1_without_top_and_other_classes() {
    let no_top = MobileNetV1 {
        include_top: false,
        ..MobileNetV1::default()
    }
    .build()
    .unwrap();
    assert_eq!(
        no_top.totals(Convention::Paper).macs,
        568_740_352 - 1_024_000
    );
    assert_eq!(
        no_top.totals(Convention::Keras).params,
        4_253_864 - 1_025_000
    );
    let ten = MobileNetV1 {
        classes: 10,
        ..MobileNetV1::default()
    }
    .build()
    .unwrap();
    assert_eq!(ten.totals(Convention::Paper).params, 4_209_088 - 1024 * 990);
}

#[test]
fn mobilenet_v2_reference_implementations() {
    let net = MobileNetV2::default().build().unwrap();
    // Keras applications and torchvision publish these totals.
    assert_eq!(net.totals(Convention::Keras).params, 3_538_984);
    assert_eq!(net.totals(Convention::PyTorch).params, 3_504_872);
    let macs = net.totals(Convention::Paper).macs as f64 / 1e6;
    assert!((macs - 300.0).abs() < 2.0, "about 300M MACs, got {macs}");
    let params = net.totals(Convention::PyTorch).params as f64 / 1e6;
    assert!((params - 3.4).abs() < 0.15);
}

#[test]
fn mobilenet_v2_width_multiplier_rounds_to_multiples_of_eight() {
    let net = MobileNetV2 {
        alpha: 0.35,
        ..MobileNetV2::default()
    }
    .build()
    .unwrap();
    assert_eq!(net.layers[0].output.channels, 16); // make_divisible(11.2) = 16
    assert!(net
        .layers
        .iter()
        .all(|l| l.kind == LayerKind::FullyConnected || l.output.channels % 8 == 0));
    assert_eq!(net.layers[net.layers.len() - 2].output.channels, 1280);
}

/// A table row loads as the layer that explains it: a depthwise row with its 1×1
/// partner as one separable layer, anything else as the convolution it is.
#[test]
fn network_rows_explained_as_single_layers() {
    let net = v1(1.0, 224, V1Variant::Separable);
    let summary = |index: usize| {
        let s = net.explain(index).unwrap();
        (
            s.kernel_height,
            s.in_channels,
            s.out_channels,
            s.height,
            s.stride,
        )
    };
    assert_eq!(summary(0), (3, 3, 32, 224, 2)); // conv1, a full 3×3 convolution
    assert_eq!(summary(3), (3, 64, 128, 112, 2)); // block2/dw with block2/pw
    assert_eq!(summary(4), summary(3));
    assert_eq!(summary(27), (1, 1024, 1000, 1, 1)); // the classifier
    assert!(net.explain(28).is_none());
    // The separable layer it loads has exactly the two rows' counts.
    let layer = Layer::new(net.explain(3).unwrap()).unwrap();
    assert_eq!(layer.depthwise().macs, net.layers[3].macs);
    assert_eq!(layer.pointwise().params, net.layers[4].weights);

    // v2: an expansion row explains the depthwise step and projection it feeds.
    let v2 = MobileNetV2::default().build().unwrap();
    let expand = v2
        .layers
        .iter()
        .position(|l| l.name == "block2/expand")
        .unwrap();
    assert_eq!(v2.explain(expand), v2.explain(expand + 1));
    let s = v2.explain(expand).unwrap();
    assert_eq!(
        (s.in_channels, s.out_channels, s.height, s.stride),
        (96, 24, 112, 2)
    );
}

#[test]
fn a_layer_in_a_few_words() {
    assert_eq!(
        LayerSpec::lecture_example().headline(),
        "3×3 kernel, 3 → 5 channels, 6×6 input, stride 1"
    );
    let wide = LayerSpec {
        kernel_width: 5,
        ..LayerSpec::mobilenet_14x14x512()
    };
    assert_eq!(
        wide.headline(),
        "3×5 kernel, 512 → 512 channels, 14×14 input, stride 1"
    );
}
