//! Identities and invariants over the whole input range.

use proptest::prelude::*;
use sepconv_calc::{Bias, Layer, LayerError, LayerSpec, Padding};

fn padding() -> impl Strategy<Value = Padding> {
    prop_oneof![
        Just(Padding::Valid),
        Just(Padding::Same),
        (0u64..4).prop_map(Padding::Explicit)
    ]
}

fn bias() -> impl Strategy<Value = Bias> {
    prop_oneof![
        Just(Bias::None),
        Just(Bias::Both),
        Just(Bias::PointwiseOnly)
    ]
}

/// Layers of ordinary sizes, most of them valid.
fn spec() -> impl Strategy<Value = LayerSpec> {
    (
        (1u64..8, 1u64..8, 1u64..300, 1u64..300),
        (1u64..64, 1u64..64, 1u64..4, padding()),
        (1u64..3, bias(), 1u64..4),
    )
        .prop_map(
            |((kh, kw, m, n), (h, w, stride, padding), (dilation, bias, dm))| LayerSpec {
                kernel_height: kh,
                kernel_width: kw,
                in_channels: m,
                out_channels: n,
                height: h,
                width: w,
                stride,
                padding,
                dilation,
                bias,
                depth_multiplier: dm,
            },
        )
}

/// Any values at all, including zeros and huge numbers.
fn any_spec() -> impl Strategy<Value = LayerSpec> {
    let size = prop_oneof![
        0u64..10,
        any::<u64>(),
        Just(u64::MAX),
        1u64 << 20..1u64 << 40
    ];
    (
        (size.clone(), size.clone(), size.clone(), size.clone()),
        (size.clone(), size.clone(), size.clone(), padding()),
        (size.clone(), bias(), size),
    )
        .prop_map(
            |((kh, kw, m, n), (h, w, stride, padding), (dilation, bias, dm))| LayerSpec {
                kernel_height: kh,
                kernel_width: kw,
                in_channels: m,
                out_channels: n,
                height: h,
                width: w,
                stride,
                padding,
                dilation,
                bias,
                depth_multiplier: dm,
            },
        )
}

proptest! {
    #[test]
    fn closed_form_equals_exact_ratio_without_bias(spec in spec()) {
        let spec = LayerSpec { bias: Bias::None, ..spec };
        if let Ok(layer) = Layer::new(spec) {
            prop_assert_eq!(layer.closed_form(), layer.params_ratio());
            prop_assert_eq!(layer.closed_form(), layer.macs_ratio());
            // separable·K²·N = standard·(K² + N)·dm, in weights.
            let kk = layer.kernel_area() as u128;
            let n = spec.out_channels as u128;
            prop_assert_eq!(
                layer.separable().weights as u128 * kk * n,
                layer.standard().weights as u128 * (kk + n) * spec.depth_multiplier as u128
            );
        }
    }

    #[test]
    fn separable_is_the_sum_of_its_steps(spec in spec()) {
        if let Ok(layer) = Layer::new(spec) {
            let (dw, pw, sep) = (layer.depthwise(), layer.pointwise(), layer.separable());
            prop_assert_eq!(sep.params, dw.params + pw.params);
            prop_assert_eq!(sep.macs, dw.macs + pw.macs);
            prop_assert_eq!(sep.params, sep.weights + sep.biases);
            for step in layer.derivation() {
                prop_assert_eq!(step.expression.value(), match step.quantity {
                    sepconv_calc::Quantity::Params => layer.cost(step.part).params,
                    sepconv_calc::Quantity::Macs => layer.cost(step.part).macs,
                });
            }
        }
    }

    #[test]
    fn counts_grow_with_every_dimension(spec in spec(), which in 0usize..6) {
        let mut bigger = spec;
        match which {
            0 => { bigger.kernel_height += 1; bigger.kernel_width += 1 }
            1 => bigger.in_channels += 1,
            2 => bigger.out_channels += 1,
            3 => { bigger.height += 1; bigger.width += 1 }
            4 => bigger.depth_multiplier += 1,
            _ => bigger.bias = Bias::Both,
        }
        if let (Ok(small), Ok(big)) = (Layer::new(spec), Layer::new(bigger)) {
            for part in sepconv_calc::Part::ALL {
                prop_assert!(big.cost(part).params >= small.cost(part).params);
                // A larger kernel shrinks a valid output, so MACs are compared only
                // for the dimensions that do not.
                if which != 0 {
                    prop_assert!(big.cost(part).macs >= small.cost(part).macs);
                }
            }
        }
    }

    #[test]
    fn grouped_spans_standard_to_depthwise(spec in spec()) {
        if let Ok(layer) = Layer::new(spec) {
            prop_assert_eq!(layer.grouped(1).unwrap(), layer.standard());
            let m = spec.in_channels;
            let depthwise_like = LayerSpec { out_channels: m * spec.depth_multiplier, bias: Bias::None, ..spec };
            if let Ok(l) = Layer::new(depthwise_like) {
                let g = l.grouped(m).unwrap();
                prop_assert_eq!((g.weights, g.macs), (l.depthwise().weights, l.depthwise().macs));
            }
        }
    }

    #[test]
    fn never_panics_and_reports_overflow(spec in any_spec()) {
        match Layer::new(spec) {
            Ok(layer) => {
                for step in layer.derivation() {
                    prop_assert!(!step.text().is_empty());
                }
                for part in sepconv_calc::Part::ALL {
                    let _ = layer.traffic(part).intensity();
                }
                let _ = layer.closed_form();
                let _ = layer.grouped(spec.in_channels);
            }
            Err(error) => prop_assert!(!error.to_string().is_empty()),
        }
    }
}

#[test]
fn overflow_is_an_error_not_a_wrapped_number() {
    let huge = LayerSpec {
        in_channels: 1 << 40,
        out_channels: 1 << 40,
        ..LayerSpec::lecture_example()
    };
    assert_eq!(Layer::new(huge), Err(LayerError::Overflow));
    let max = LayerSpec {
        height: u64::MAX,
        width: u64::MAX,
        padding: Padding::Explicit(u64::MAX),
        ..LayerSpec::lecture_example()
    };
    assert_eq!(Layer::new(max), Err(LayerError::Overflow));
}

#[test]
fn impossible_layers_say_why() {
    let too_big = LayerSpec {
        kernel_height: 7,
        kernel_width: 7,
        ..LayerSpec::lecture_example()
    };
    let error = Layer::new(too_big).unwrap_err();
    assert_eq!(error.field(), Some(sepconv_calc::Field::Kernel));
    assert_eq!(
        error.to_string(),
        "the kernel spans 7 cells but the padded input height is only 6: \
         use a smaller kernel, a larger input or 'same' padding"
    );
    let zero = LayerSpec {
        out_channels: 0,
        ..LayerSpec::lecture_example()
    };
    assert_eq!(
        Layer::new(zero).unwrap_err().to_string(),
        "the output channels must be at least 1"
    );
    let layer = Layer::new(LayerSpec::lecture_example()).unwrap();
    assert_eq!(
        layer.grouped(2).unwrap_err().to_string(),
        "2 groups must divide both the input channels (3) and the output channels (5)"
    );
}

mod networks {
    use proptest::prelude::*;
    use sepconv_calc::network::{Convention, NetworkConfig, NetworkId, V1Variant};
    use sepconv_calc::Layer;

    fn network() -> impl Strategy<Value = NetworkId> {
        prop::sample::select(NetworkId::ALL.to_vec())
    }

    /// Any configuration at all: absurd α, resolutions and classes included.
    fn config() -> impl Strategy<Value = NetworkConfig> {
        let alpha = prop_oneof![
            Just(None),
            (0.0f64..2.5).prop_map(Some),
            Just(Some(0.5)),
            Just(Some(1.5)),
            any::<f64>().prop_map(Some),
        ];
        let size = prop_oneof![0u64..400, any::<u64>(), Just(u64::MAX)];
        let variant = prop::sample::select(vec![
            V1Variant::Separable,
            V1Variant::FullConv,
            V1Variant::Shallow,
        ]);
        (
            network(),
            alpha,
            prop::option::of(size.clone()),
            size,
            any::<bool>(),
            variant,
        )
            .prop_map(
                |(network, alpha, resolution, classes, include_top, variant)| NetworkConfig {
                    network,
                    alpha,
                    resolution,
                    classes,
                    include_top,
                    variant,
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Building never panics; a built network's shares add up to its totals
        /// and every row it explains is a valid layer.
        #[test]
        fn any_configuration_builds_or_says_why(config in config()) {
            match config.build() {
                Ok(net) => {
                    for convention in Convention::ALL {
                        let totals = net.totals(convention);
                        let shares = net.by_category(convention);
                        let macs: u64 = shares.iter().map(|s| s.totals.macs).sum();
                        let params: u64 = shares.iter().map(|s| s.totals.params).sum();
                        prop_assert_eq!((params, macs), (totals.params, totals.macs));
                        let kinds = net.by_kind(convention);
                        prop_assert_eq!(kinds.iter().map(|k| k.totals.macs).sum::<u64>(), totals.macs);
                    }
                    for i in 0..net.layers.len() {
                        if let Some(spec) = net.explain(i) {
                            prop_assert!(Layer::new(spec).is_ok(), "{} {}", net.name, net.layers[i].name);
                        }
                    }
                }
                Err(error) => {
                    let message = error.to_string();
                    prop_assert!(!message.is_empty() && message.len() < 200, "{}", message);
                }
            }
        }

        /// MACs grow with the resolution, parameters do not change with it.
        #[test]
        fn resolution_scales_macs_not_parameters(network in network(), extra in 1u64..64) {
            let at = |resolution| NetworkConfig {
                resolution: Some(resolution),
                ..NetworkConfig::new(network)
            }
            .build()
            .unwrap();
            let base = network.info().resolution;
            let (small, big) = (at(base), at(base + extra));
            prop_assert!(big.totals(Convention::Paper).macs >= small.totals(Convention::Paper).macs);
            for convention in Convention::ALL {
                prop_assert_eq!(small.totals(convention).params, big.totals(convention).params);
            }
        }
    }
}
