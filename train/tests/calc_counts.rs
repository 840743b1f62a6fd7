//! Every layer of every net the lab uses: the MACs its forward pass counts, and its
//! parameters, equal the calculator's (`sepconv-calc`).

use sepconv_calc::{Bias, Layer};
use sepconv_train::net::LayerKind;
use sepconv_train::{Conv2d, ConvShape, Family, Net, NetSpec, Tensor};

/// The lab's nets: both families at every α of the frontier, and the separable net
/// widened to the standard net's MACs, for both inputs.
fn lab_nets() -> Vec<NetSpec> {
    let mut nets = Vec::new();
    for input in [(28, 28), (8, 8)] {
        for alpha in [0.25, 0.5, 1.0, 1.5, 2.0] {
            for family in Family::ALL {
                nets.push(NetSpec::lab(family, input, alpha));
            }
        }
        let standard = NetSpec::lab(Family::Standard, input, 1.0);
        nets.push(standard.separable_with_equal_macs().unwrap());
    }
    nets
}

/// MACs counted by one forward pass of one image, and parameters.
fn measured(shape: &ConvShape) -> (u64, u64) {
    let mut conv = Conv2d::new(*shape).unwrap();
    conv.forward(&Tensor::zeros(
        shape.in_channels,
        1,
        shape.height,
        shape.width,
    ));
    let params = conv.weight.value.len() + conv.bias.value.len();
    (conv.macs(), params as u64)
}

#[test]
fn every_layer_counts_what_the_calculator_counts() {
    let mut layers_checked = 0;
    for spec in lab_nets() {
        let layers = spec.layers().unwrap();
        let mut i = 0;
        while i < layers.len() {
            let (kind, shape) = &layers[i];
            match kind {
                LayerKind::Standard | LayerKind::Dense => {
                    let calc =
                        Layer::new(shape.calc_spec(shape.out_channels, 1, Bias::Both)).unwrap();
                    let want = calc.standard();
                    assert_eq!(
                        measured(shape),
                        (want.macs, want.params),
                        "{spec:?} layer {i}"
                    );
                    i += 1;
                }
                LayerKind::Depthwise => {
                    let (next, pointwise) = &layers[i + 1];
                    assert_eq!(*next, LayerKind::Pointwise);
                    let dm = shape.out_channels / shape.in_channels;
                    let calc = Layer::new(shape.calc_spec(pointwise.out_channels, dm, Bias::Both))
                        .unwrap();
                    let (dw, pw) = (calc.depthwise(), calc.pointwise());
                    assert_eq!(measured(shape), (dw.macs, dw.params), "{spec:?} layer {i}");
                    assert_eq!(
                        measured(pointwise),
                        (pw.macs, pw.params),
                        "{spec:?} layer {}",
                        i + 1
                    );
                    i += 2;
                }
                LayerKind::Pointwise => panic!("a pointwise layer without its depthwise half"),
            }
            layers_checked += 1;
        }
    }
    assert!(layers_checked > 80, "{layers_checked}");
}

#[test]
fn a_whole_forward_pass_counts_the_sum() {
    for spec in lab_nets() {
        let mut net = Net::new(&spec, 1).unwrap();
        let (h, w) = spec.input;
        net.forward(&Tensor::zeros(1, 2, h, w));
        assert_eq!(net.macs(), 2 * spec.macs().unwrap(), "{spec:?}");
        assert_eq!(net.param_count() as u64, spec.params().unwrap());
    }
}

#[test]
fn the_lab_nets_have_the_documented_costs() {
    let standard = NetSpec::lab(Family::Standard, (28, 28), 1.0);
    let separable = NetSpec::lab(Family::Separable, (28, 28), 1.0);
    assert_eq!(standard.macs().unwrap(), 3_100_160);
    assert_eq!(separable.macs().unwrap(), 497_504);
    let wide = standard.separable_with_equal_macs().unwrap();
    let (target, got) = (standard.macs().unwrap() as f64, wide.macs().unwrap() as f64);
    assert!((got / target - 1.0).abs() < 0.02, "{} vs {}", got, target);
    assert!(wide.alpha > 2.0 && wide.alpha < 3.5, "{}", wide.alpha);
}
