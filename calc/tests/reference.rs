//! Every figure in ../shared/REFERENCE.md, reproduced.

use sepconv_calc::network::{
    published, Category, Convention, Family, Kernel, LayerKind, MobileNetV1, MobileNetV2,
    NetworkConfig, NetworkId, NormKind, Overflow, V1Variant,
};
use sepconv_calc::{Bias, Layer, LayerSpec, NetworkError, Padding, Part, Quantity, Shape};

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
        .find(|l| l.kind == LayerKind::DEPTHWISE_3X3)
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
    assert_eq!(pct(LayerKind::CONV_1X1), (94.86, 74.59));
    assert_eq!(pct(LayerKind::DEPTHWISE_3X3), (3.06, 1.06));
    // The paper misprints the MAC share as 1.19.
    assert_eq!(pct(LayerKind::CONV_3X3), (1.91, 0.02));
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

fn config(network: NetworkId, alpha: Option<f64>) -> NetworkConfig {
    NetworkConfig {
        alpha,
        ..NetworkConfig::new(network)
    }
}

/// Every network's exact counts under each convention, at its published default
/// (and at the other published widths), pinned: (network, α, paper = weights only,
/// Keras total, PyTorch `sum(p.numel())`, MACs). Each framework figure named in a
/// comment is reproduced exactly under its convention, and its printed operation
/// count to its three decimals (torchvision's `_ops` "GFLOPS" are GMACs).
#[allow(clippy::type_complexity)]
const PINNED: [(NetworkId, Option<f64>, u64, u64, u64, u64); 17] = [
    // MobileNet paper Table 1: 569M MACs, 4.2M; Keras Applications table (keras.io):
    // MobileNet 4,253,864. Under PyTorch's counting (no framework publishes it):
    // 4,231,976, see REFERENCE.md.
    (
        NetworkId::MobileNetV1,
        None,
        4_209_088,
        4_253_864,
        4_231_976,
        568_740_352,
    ),
    // torchvision/models/mobilenetv2.py: num_params 3504872, _ops 0.301; Keras
    // Applications table: MobileNetV2 3,538,984.
    (
        NetworkId::MobileNetV2,
        None,
        3_469_760,
        3_538_984,
        3_504_872,
        300_774_272,
    ),
    // torchvision/models/mobilenetv3.py, MobileNet_V3_Large_Weights: num_params
    // 5483032, _ops 0.217.
    (
        NetworkId::MobileNetV3Large,
        None,
        5_451_272,
        5_507_432,
        5_483_032,
        216_589_760,
    ),
    // torchvision/models/mobilenetv3.py, MobileNet_V3_Small_Weights: num_params
    // 2542856, _ops 0.057.
    (
        NetworkId::MobileNetV3Small,
        None,
        2_525_832,
        2_554_968,
        2_542_856,
        56_510_400,
    ),
    // torchvision/models/efficientnet.py, EfficientNet_B0_Weights: num_params
    // 5288548, _ops 0.386.
    (
        NetworkId::EfficientNetB0,
        None,
        5_236_192,
        5_330_564,
        5_288_548,
        385_814_752,
    ),
    // torchvision/models/shufflenetv2.py, ShuffleNet_V2_X1_0_Weights: num_params
    // 2278604, _ops 0.145.
    (
        NetworkId::ShuffleNetV2,
        None,
        2_261_424,
        2_294_784,
        2_278_604,
        144_907_992,
    ),
    // ShuffleNet_V2_X0_5_Weights: num_params 1366792, _ops 0.04.
    (
        NetworkId::ShuffleNetV2,
        Some(0.5),
        1_357_840,
        1_374_744,
        1_366_792,
        40_476_448,
    ),
    // ShuffleNet_V2_X1_5_Weights: num_params 3503624, _ops 0.296.
    (
        NetworkId::ShuffleNetV2,
        Some(1.5),
        3_479_184,
        3_527_064,
        3_503_624,
        295_759_392,
    ),
    // ShuffleNet_V2_X2_0_Weights: num_params 7393996, _ops 0.583.
    (
        NetworkId::ShuffleNetV2,
        Some(2.0),
        7_359_280,
        7_427_712,
        7_393_996,
        583_253_464,
    ),
    // torchvision/models/mnasnet.py, MNASNet1_0_Weights: num_params 4383312, _ops
    // 0.314.
    (
        NetworkId::MnasNet,
        None,
        4_344_392,
        4_421_232,
        4_383_312,
        314_415_872,
    ),
    // MNASNet0_5_Weights: num_params 2218512, _ops 0.104.
    (
        NetworkId::MnasNet,
        Some(0.5),
        2_196_888,
        2_239_136,
        2_218_512,
        104_455_968,
    ),
    // MNASNet0_75_Weights: num_params 3170208, _ops 0.215.
    (
        NetworkId::MnasNet,
        Some(0.75),
        3_139_400,
        3_200_016,
        3_170_208,
        215_493_104,
    ),
    // MNASNet1_3_Weights: num_params 6282256, _ops 0.526.
    (
        NetworkId::MnasNet,
        Some(1.3),
        6_232_440,
        6_331_072,
        6_282_256,
        526_362_432,
    ),
    // keras/src/applications/xception.py at 299×299: Keras Applications table
    // 22,910,480 parameters; model.summary() "Trainable params: 22,855,952". Keras
    // prints no operation count.
    (
        NetworkId::Xception,
        None,
        22_800_424,
        22_910_480,
        22_855_952,
        8_357_403_496,
    ),
    // torchvision/models/convnext.py, ConvNeXt_Tiny_Weights: num_params 28589128,
    // _ops 4.456. LayerNorm has no running statistics: Keras = PyTorch.
    (
        NetworkId::ConvNeXtTiny,
        None,
        28_524_000,
        28_589_128,
        28_589_128,
        4_455_531_264,
    ),
    // torchvision/models/resnet.py, ResNet50_Weights: num_params 25557032, _ops
    // 4.089.
    (
        NetworkId::ResNet50,
        None,
        25_502_912,
        25_610_152,
        25_557_032,
        4_089_184_256,
    ),
    // torchvision/models/vgg.py, VGG16_Weights: num_params 138357544, _ops 15.47.
    // No BatchNorm: Keras = PyTorch.
    (
        NetworkId::Vgg16,
        None,
        138_344_128,
        138_357_544,
        138_357_544,
        15_470_264_320,
    ),
];

#[test]
fn every_network_counted_exactly_under_every_convention() {
    for (network, alpha, paper, keras, pytorch, macs) in PINNED {
        let net = config(network, alpha).build().expect("valid network");
        let params = |c: Convention| net.totals(c).params;
        assert_eq!(
            [
                params(Convention::Paper),
                params(Convention::Keras),
                params(Convention::PyTorch)
            ],
            [paper, keras, pytorch],
            "{} α {alpha:?}",
            net.name
        );
        for convention in Convention::ALL {
            assert_eq!(net.totals(convention).macs, macs, "{}", net.name);
        }
    }
}

/// Each framework figure in the registry: the parameter count exactly under its
/// convention, the operation count to the precision it is printed with.
#[test]
fn every_framework_figure_reproduced() {
    let mut figures = 0;
    for network in NetworkId::ALL {
        let info = network.info();
        for figure in info.figures {
            let config = NetworkConfig {
                alpha: info.alpha.map(|_| figure.alpha),
                resolution: Some(figure.resolution),
                ..NetworkConfig::new(network)
            };
            assert!(config.figures().contains(&figure), "{}", figure.model);
            let totals = config.build().unwrap().totals(figure.convention);
            assert_eq!(totals.params, figure.params, "{}", figure.model);
            assert_ne!(
                figure.macs_agree(totals.macs),
                Some(false),
                "{}",
                figure.model
            );
            figures += 1;
        }
    }
    assert_eq!(figures, 19);
}

/// The counting rule matches torchvision's: its operation counts include the
/// squeeze-and-excitation convolutions and the classifier (MobileNet v3 Large's
/// 0.217 would be 0.215 without SE, 0.214 without its classifier).
#[test]
fn squeeze_excitation_and_classifier_count_as_torchvision_counts_them() {
    let net = NetworkConfig::new(NetworkId::MobileNetV3Large)
        .build()
        .unwrap();
    let macs_of = |kind: LayerKind| -> u64 {
        net.layers
            .iter()
            .filter(|l| l.kind == kind)
            .map(|l| l.macs)
            .sum()
    };
    let total = net.totals(Convention::PyTorch).macs;
    let se = macs_of(LayerKind::SqueezeExcite);
    let dense = macs_of(LayerKind::FullyConnected);
    assert_eq!((se, dense), (1_507_200, 2_508_800));
    assert_eq!(((total - se) as f64 / 1e6).round(), 215.0);
    assert_eq!(((total - dense) as f64 / 1e6).round(), 214.0);
    // SE has biases on both of its 1×1 convolutions.
    let first_se = net
        .layers
        .iter()
        .find(|l| l.kind == LayerKind::SqueezeExcite)
        .unwrap();
    assert_eq!(
        (
            first_se.name.as_str(),
            first_se.input.channels,
            first_se.output.channels,
            first_se.bias
        ),
        ("block4/se/fc1", 72, 24, 24)
    );
}

/// Every row of every network loads into the calculator as a layer with that row's
/// own counts: a depthwise row (any kernel) with its 1×1 partner (after any
/// squeeze-and-excitation rows) as one separable layer, a partner or an expansion
/// as that separable layer, anything else as the standard convolution it is.
#[test]
fn every_row_explains_as_a_layer_with_its_own_counts() {
    let costless = |kind| {
        matches!(
            kind,
            LayerKind::Pool | LayerKind::Add | LayerKind::Split | LayerKind::Shuffle
        )
    };
    for network in NetworkId::ALL {
        let net = NetworkConfig::new(network).build().unwrap();
        for (i, row) in net.layers.iter().enumerate() {
            let what = format!("{} {}", net.name, row.name);
            let Some(spec) = net.explain(i) else {
                assert!(costless(row.kind), "{what}");
                continue;
            };
            let l = Layer::new(spec).unwrap_or_else(|e| panic!("{what}: {e}"));
            // The page's controls offer 'valid' and 'same' only.
            assert!(
                matches!(spec.padding, Padding::Valid | Padding::Same),
                "{what}: {:?}",
                spec.padding
            );
            let counts = |c: sepconv_calc::Cost| (c.weights, c.biases, c.macs);
            let own = (row.weights, row.bias, row.macs);
            match row.kind {
                LayerKind::Depthwise(kernel) => {
                    assert_eq!(
                        (spec.kernel_height, spec.kernel_width),
                        (kernel.height, kernel.width)
                    );
                    assert_eq!(counts(l.depthwise()), own, "{what}");
                    let partner = net.layers[i + 1..]
                        .iter()
                        .find(|p| p.kind != LayerKind::SqueezeExcite)
                        .unwrap();
                    assert_eq!(
                        counts(l.pointwise()),
                        (partner.weights, partner.bias, partner.macs),
                        "{what}"
                    );
                }
                LayerKind::Conv(k) if k.is_1x1() && spec.kernel_height > 1 => {
                    let partner = counts(l.pointwise()) == own;
                    let expansion =
                        (spec.in_channels, spec.height) == (row.output.channels, row.output.height);
                    assert!(partner || expansion, "{what}");
                }
                _ => {
                    assert_eq!(counts(l.standard()), own, "{what}");
                    assert_eq!(l.output(), row.output, "{what}");
                }
            }
        }
    }
}

/// A row the calculator cannot count exactly is not offered: a classifier for
/// 4.6 × 10¹⁷ classes after MobileNet v3's narrowest width fits in the network's
/// totals (8 × 4.6 × 10¹⁷ weights), but not in the layer's own comparison.
#[test]
fn a_row_too_large_to_count_is_not_explained() {
    let config = NetworkConfig {
        alpha: Some(1e-100),
        classes: 461_168_601_842_738_787,
        ..NetworkConfig::new(NetworkId::MobileNetV3Large)
    };
    let net = config.build().unwrap();
    let fc2 = net.layers.iter().position(|l| l.name == "fc2").unwrap();
    assert_eq!(net.layers[fc2].weights, 8 * 461_168_601_842_738_787);
    assert_eq!(net.explain(fc2), None);
    // The rows before it still explain.
    assert!(net.explain(fc2 - 1).is_some());
}

/// Large depthwise kernels explain as themselves: 5×5 with squeeze-and-excitation
/// before the projection (MobileNet v3, EfficientNet), 5×5 without (MnasNet), and
/// ConvNeXt's 7×7 depthwise step with its 1×1 expansion after the LayerNorm.
#[test]
fn large_depthwise_kernels_explained() {
    let summary = |network, name: &str| {
        let net = NetworkConfig::new(network).build().unwrap();
        let i = net.layers.iter().position(|l| l.name == name).unwrap();
        let s = net.explain(i).unwrap();
        (
            s.kernel_height,
            s.in_channels,
            s.out_channels,
            s.height,
            s.stride,
        )
    };
    assert_eq!(
        summary(NetworkId::MobileNetV3Large, "block4/dw"),
        (5, 72, 40, 56, 2)
    );
    assert_eq!(
        summary(NetworkId::MobileNetV3Large, "block4/project"),
        (5, 72, 40, 56, 2)
    );
    assert_eq!(
        summary(NetworkId::MobileNetV3Large, "block4/expand"),
        (5, 72, 40, 56, 2)
    );
    assert_eq!(
        summary(NetworkId::EfficientNetB0, "block4/dw"),
        (5, 144, 40, 56, 2)
    );
    assert_eq!(summary(NetworkId::MnasNet, "block4/dw"), (5, 72, 40, 56, 2));
    assert_eq!(
        summary(NetworkId::ConvNeXtTiny, "stage1.0/dw"),
        (7, 96, 384, 56, 1)
    );
    assert_eq!(
        summary(NetworkId::ConvNeXtTiny, "stage1.0/pw1"),
        (7, 96, 384, 56, 1)
    );
    // The second dense layer is not next to a depthwise step: a 1×1 convolution.
    assert_eq!(
        summary(NetworkId::ConvNeXtTiny, "stage1.0/pw2"),
        (1, 384, 96, 56, 1)
    );
    assert_eq!(
        summary(NetworkId::Xception, "block4_sepconv1/dw"),
        (3, 256, 728, 37, 1)
    );
    assert_eq!(
        summary(NetworkId::ShuffleNetV2, "stage2.0/branch1/dw"),
        (3, 24, 58, 56, 2)
    );
    assert_eq!(
        summary(NetworkId::ShuffleNetV2, "stage2.0/branch2/pw1"),
        (3, 58, 58, 56, 2)
    );
    // ConvNeXt's block carries biases on both halves (Bias::Both).
    let net = NetworkConfig::new(NetworkId::ConvNeXtTiny).build().unwrap();
    assert_eq!(net.explain(1).unwrap().bias, Bias::Both);
}

/// The share of MACs by coarse category, the page's "who uses it" columns.
#[test]
fn shares_by_category() {
    let share = |network, category| {
        let net = NetworkConfig::new(network).build().unwrap();
        let shares = net.by_category(Convention::PyTorch);
        let total: f64 = shares.iter().map(|s| s.macs_share).sum();
        assert!((total - 1.0).abs() < 1e-9, "{}", net.name);
        let s = shares.into_iter().find(|s| s.category == category).unwrap();
        (s.macs_share * 10_000.0).round() / 100.0
    };
    // MobileNet v1: Table 2's 94.86 % in 1×1 convolutions.
    assert_eq!(share(NetworkId::MobileNetV1, Category::Pointwise), 94.86);
    assert_eq!(share(NetworkId::ResNet50, Category::Depthwise), 0.0);
    assert_eq!(share(NetworkId::Vgg16, Category::Depthwise), 0.0);
    for network in NetworkId::ALL {
        let depthwise = share(network, Category::Depthwise);
        match network.info().family {
            Family::DepthwiseBased => assert!(depthwise > 1.0, "{network:?}: {depthwise}"),
            Family::StandardReference => assert_eq!(depthwise, 0.0),
        }
    }
    // SE is the "other" category.
    assert!(share(NetworkId::EfficientNetB0, Category::Other) > 0.0);
    assert_eq!(share(NetworkId::MnasNet, Category::Other), 0.0);
}

/// Details read from the frameworks' definitions.
#[test]
fn architecture_details_from_the_sources() {
    let build = |network| NetworkConfig::new(network).build().unwrap();
    let row = |net: &sepconv_calc::network::Network, name: &str| {
        net.layers
            .iter()
            .find(|l| l.name == name)
            .unwrap_or_else(|| panic!("{name}"))
            .clone()
    };
    // ResNet-50 v1.5: the stride on the 3×3, a projection shortcut with the stride.
    let resnet = build(NetworkId::ResNet50);
    assert_eq!(row(&resnet, "layer2.0/conv1").stride, 1);
    assert_eq!(row(&resnet, "layer2.0/conv2").stride, 2);
    assert_eq!(row(&resnet, "layer2.0/downsample").stride, 2);
    assert!(resnet.layers.iter().all(|l| l.bias == 0 || l.name == "fc"));
    // Xception: 'valid' stem convolutions, separable convolutions without biases.
    let xception = build(NetworkId::Xception);
    let sides: Vec<u64> = [
        "block1_conv1",
        "block1_conv2",
        "block2_add",
        "block3_add",
        "block4_add",
        "block13_add",
    ]
    .iter()
    .map(|name| row(&xception, name).output.height)
    .collect();
    assert_eq!(sides, [149, 147, 74, 37, 19, 10]);
    assert!(xception
        .layers
        .iter()
        .all(|l| l.bias == 0 || l.name == "predictions"));
    assert_eq!(row(&xception, "block2_sepconv1/dw").norm, None);
    assert_eq!(row(&xception, "block2_residual").output.channels, 128);
    // ConvNeXt-T: LayerNorm before each downsampling convolution, biases everywhere,
    // layer scale on each block.
    let convnext = build(NetworkId::ConvNeXtTiny);
    let down = row(&convnext, "downsample1");
    assert_eq!(
        (
            down.norm.unwrap().kind,
            down.norm.unwrap().channels,
            down.bias,
            down.kind
        ),
        (NormKind::Layer, 96, 192, LayerKind::Conv(Kernel::square(2)))
    );
    assert_eq!(row(&convnext, "stage3.8/pw2").layer_scale, 384);
    assert_eq!(
        convnext
            .layers
            .iter()
            .filter(|l| l.kind == LayerKind::Add)
            .count(),
        18
    );
    // MobileNet v3: the hidden dense layer of the classifier; 5×5 depthwise.
    let v3 = build(NetworkId::MobileNetV3Large);
    assert_eq!(row(&v3, "fc1").output.channels, 1280);
    assert_eq!(row(&v3, "conv_last").output.channels, 960);
    assert_eq!(
        row(&v3, "block13/dw").kind,
        LayerKind::Depthwise(Kernel::square(5))
    );
    // EfficientNet: SE squeezes to a quarter of the block's input width.
    let b0 = build(NetworkId::EfficientNetB0);
    assert_eq!(row(&b0, "block2/se/fc1").output.channels, 4);
    assert_eq!(row(&b0, "block2/se/fc1").input.channels, 96);
    // torchvision's MnasNet is the B1 variant: no squeeze-and-excitation.
    assert!(build(NetworkId::MnasNet)
        .layers
        .iter()
        .all(|l| l.kind != LayerKind::SqueezeExcite));
    // VGG-16: three dense layers, 25088 inputs after the 7×7 pool.
    let vgg = build(NetworkId::Vgg16);
    assert_eq!(row(&vgg, "fc1").input.channels, 25_088);
    // ShuffleNet v2: split and shuffle rows cost nothing.
    let shuffle = build(NetworkId::ShuffleNetV2);
    for l in shuffle
        .layers
        .iter()
        .filter(|l| matches!(l.kind, LayerKind::Split | LayerKind::Shuffle))
    {
        assert_eq!((l.params(Convention::Keras), l.macs), (0, 0));
    }
    assert_eq!(row(&shuffle, "stage3.1/split").output.channels, 116);
}

#[test]
fn options_that_do_not_apply_are_errors() {
    let resnet_alpha = config(NetworkId::ResNet50, Some(1.0)).build();
    assert_eq!(
        resnet_alpha.unwrap_err().to_string(),
        "ResNet-50 has no width multiplier α"
    );
    let v2_variant = NetworkConfig {
        variant: V1Variant::FullConv,
        ..NetworkConfig::new(NetworkId::MobileNetV2)
    };
    assert_eq!(
        v2_variant.build().unwrap_err().to_string(),
        "MobileNet v2 has no variant"
    );
    let shuffle = config(NetworkId::ShuffleNetV2, Some(0.75))
        .build()
        .unwrap_err();
    assert_eq!(
        shuffle.to_string(),
        "this network is defined only at α = 0.5, 1.0, 1.5, 2.0, got 0.75"
    );
    let tiny = config(NetworkId::MobileNetV1, Some(1e-300))
        .build()
        .unwrap_err();
    assert_eq!(
        tiny.to_string(),
        "width multiplier α = 1e-300 leaves a layer with no channels"
    );
    for network in NetworkId::ALL {
        let min = network.info().min_resolution;
        let at = |resolution| NetworkConfig {
            resolution: Some(resolution),
            ..NetworkConfig::new(network)
        };
        assert!(at(min).build().is_ok(), "{network:?} at {min}");
        assert_eq!(
            at(min - 1).build(),
            Err(NetworkError::Resolution { got: min - 1, min })
        );
    }
}

#[test]
fn overflow_says_what_overflowed() {
    let classes = NetworkConfig {
        classes: 18_014_398_508_927_573,
        ..NetworkConfig::new(NetworkId::MobileNetV1)
    };
    assert_eq!(
        classes.build(),
        Err(NetworkError::Overflow(Overflow::Classes))
    );
    assert!(classes
        .build()
        .unwrap_err()
        .to_string()
        .ends_with("too many classes"));
    for network in NetworkId::ALL {
        let huge = NetworkConfig {
            resolution: Some(u64::MAX / 2),
            ..NetworkConfig::new(network)
        };
        assert_eq!(
            huge.build(),
            Err(NetworkError::Overflow(Overflow::Resolution)),
            "{network:?}"
        );
    }
    // Neither alone overflows, both together do.
    let both = NetworkConfig {
        resolution: Some(29_700_000),
        classes: 9_000_000_000_000_000,
        ..NetworkConfig::new(NetworkId::MobileNetV1)
    };
    assert_eq!(both.build(), Err(NetworkError::Overflow(Overflow::Both)));
}
