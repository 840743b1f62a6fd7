//! Every layer's backward pass against central finite differences.
//!
//! For a layer f and a fixed random tensor r, the scalar L = Σ r ⊙ f(x) has
//! ∂L/∂x = backward(r). Each partial derivative is compared with
//! (L(x + ε) − L(x − ε)) / 2ε, computed in f64 from the f32 outputs.

mod common;

use common::{random_tensor, random_values};
use sepconv_train::layers::{GlobalAvgPool, MaxPool2, Relu};
use sepconv_train::loss::softmax_cross_entropy;
use sepconv_train::{Conv2d, ConvShape, Family, Net, NetSpec, Padding, Tensor};

const EPS: f32 = 1e-2;

/// Σ r ⊙ y in f64.
fn dot(r: &Tensor, y: &Tensor) -> f64 {
    r.data
        .iter()
        .zip(&y.data)
        .map(|(&a, &b)| f64::from(a) * f64::from(b))
        .sum()
}

fn assert_close(analytic: f32, numeric: f64, what: &str) {
    let a = f64::from(analytic);
    let tolerance = 2e-3 * a.abs().max(numeric.abs()) + 2e-3;
    assert!(
        (a - numeric).abs() <= tolerance,
        "{what}: backward {a}, finite difference {numeric}"
    );
}

/// Checks a convolution's weight, bias and input gradients.
fn check_conv(shape: ConvShape, batch: usize, seed: u64) {
    let mut conv = Conv2d::new(shape).unwrap();
    conv.weight.value = random_values(conv.weight.value.len(), seed);
    conv.bias.value = random_values(conv.bias.value.len(), seed + 1);
    let x = random_tensor(
        shape.in_channels,
        batch,
        shape.height,
        shape.width,
        seed + 2,
    );
    let y = conv.forward(&x);
    let r = random_tensor(y.channels, y.batch, y.height, y.width, seed + 3);
    let grad_x = conv.backward(&r, true).unwrap();
    let (grad_w, grad_b) = (conv.weight.grad.clone(), conv.bias.grad.clone());
    let label = format!("{shape:?}");

    let loss = |conv: &mut Conv2d, x: &Tensor| dot(&r, &conv.forward(x));
    for (i, &analytic) in grad_w.iter().enumerate() {
        let w0 = conv.weight.value[i];
        conv.weight.value[i] = w0 + EPS;
        let plus = loss(&mut conv, &x);
        conv.weight.value[i] = w0 - EPS;
        let minus = loss(&mut conv, &x);
        conv.weight.value[i] = w0;
        assert_close(
            analytic,
            (plus - minus) / (2.0 * f64::from(EPS)),
            &format!("{label} ∂w[{i}]"),
        );
    }
    for (i, &analytic) in grad_b.iter().enumerate() {
        let b0 = conv.bias.value[i];
        conv.bias.value[i] = b0 + EPS;
        let plus = loss(&mut conv, &x);
        conv.bias.value[i] = b0 - EPS;
        let minus = loss(&mut conv, &x);
        conv.bias.value[i] = b0;
        assert_close(
            analytic,
            (plus - minus) / (2.0 * f64::from(EPS)),
            &format!("{label} ∂b[{i}]"),
        );
    }
    let mut xp = x.clone();
    for i in 0..x.data.len() {
        xp.data[i] = x.data[i] + EPS;
        let plus = loss(&mut conv, &xp);
        xp.data[i] = x.data[i] - EPS;
        let minus = loss(&mut conv, &xp);
        xp.data[i] = x.data[i];
        assert_close(
            grad_x.data[i],
            (plus - minus) / (2.0 * f64::from(EPS)),
            &format!("{label} ∂x[{i}]"),
        );
    }
}

#[test]
fn standard_convolution() {
    for (size, stride, padding) in [
        ((6, 7), 1, Padding::Same),
        ((7, 7), 2, Padding::Same),
        ((8, 7), 2, Padding::Valid),
        ((5, 6), 1, Padding::Valid),
    ] {
        check_conv(ConvShape::standard(3, 3, 4, size, stride, padding), 2, 10);
    }
    check_conv(
        ConvShape::standard(5, 2, 3, (6, 6), 2, Padding::Same),
        2,
        11,
    );
}

#[test]
fn depthwise_convolution_with_depth_multiplier() {
    for (multiplier, stride, padding) in [
        (1, 1, Padding::Same),
        (2, 1, Padding::Same),
        (2, 2, Padding::Same),
        (2, 2, Padding::Valid),
        (1, 2, Padding::Valid),
    ] {
        let shape = ConvShape::depthwise(3, 3, multiplier, (7, 9), stride, padding);
        assert!(shape.is_depthwise());
        check_conv(shape, 2, 20);
    }
}

#[test]
fn pointwise_grouped_and_dense() {
    check_conv(ConvShape::pointwise(5, 3, (6, 5)), 2, 30);
    // A grouped convolution between standard and depthwise: 4 → 6 in 2 groups.
    let grouped = ConvShape {
        groups: 2,
        ..ConvShape::standard(3, 4, 6, (5, 5), 1, Padding::Same)
    };
    check_conv(grouped, 2, 31);
    // The dense layer: a 1×1 convolution of a pooled 1×1 map.
    check_conv(ConvShape::pointwise(6, 10, (1, 1)), 3, 32);
    // A strided 1×1 convolution goes through im2col.
    check_conv(
        ConvShape::standard(1, 3, 2, (5, 5), 2, Padding::Same),
        2,
        33,
    );
}

/// Numeric gradient of Σ r ⊙ f(x) for a weightless layer.
fn check_layer(
    x: &Tensor,
    forward: &mut dyn FnMut(&Tensor) -> Tensor,
    backward: &dyn Fn(&Tensor) -> Tensor,
    seed: u64,
    what: &str,
) {
    let y = forward(x);
    let r = random_tensor(y.channels, y.batch, y.height, y.width, seed);
    let grad = backward(&r);
    let mut xp = x.clone();
    for i in 0..x.data.len() {
        xp.data[i] = x.data[i] + EPS;
        let plus = dot(&r, &forward(&xp));
        xp.data[i] = x.data[i] - EPS;
        let minus = dot(&r, &forward(&xp));
        xp.data[i] = x.data[i];
        assert_close(
            grad.data[i],
            (plus - minus) / (2.0 * f64::from(EPS)),
            &format!("{what} ∂x[{i}]"),
        );
    }
}

/// Values at least 4ε apart and from zero, so that no finite difference crosses a
/// kink of ReLU or changes a pooling window's maximum.
fn spread_tensor(c: usize, n: usize, h: usize, w: usize, seed: u64) -> Tensor {
    let len = c * n * h * w;
    let mut order: Vec<usize> = (0..len).collect();
    sepconv_train::rng::Rng::new(seed).shuffle(&mut order);
    let data = order
        .iter()
        .map(|&k| (k as f32 - len as f32 / 2.0 + 0.5) * 5.0 * EPS)
        .collect();
    Tensor::from_vec(c, n, h, w, data)
}

#[test]
fn relu() {
    let x = spread_tensor(2, 2, 3, 5, 40);
    let mut layer = Relu::default();
    let y = layer.forward(x.clone());
    assert!(y.data.contains(&0.0) && y.data.iter().any(|&v| v > 0.0));
    let r = random_tensor(2, 2, 3, 5, 41);
    let grad = layer.backward(r);
    let mut fresh = Relu::default();
    check_layer(
        &x,
        &mut |t| fresh.forward(t.clone()),
        &|_| grad.clone(),
        41,
        "relu",
    );
}

#[test]
fn max_pooling() {
    // 5×7 maps: the odd last row and column are dropped.
    let x = spread_tensor(2, 2, 5, 7, 50);
    let mut layer = MaxPool2::default();
    let y = layer.forward(&x);
    assert_eq!((y.height, y.width), (2, 3));
    let r = random_tensor(2, 2, 2, 3, 51);
    let grad = layer.backward(&r);
    let mut fresh = MaxPool2::default();
    check_layer(
        &x,
        &mut |t| fresh.forward(t),
        &|_| grad.clone(),
        51,
        "max pool",
    );
}

#[test]
fn global_average_pooling() {
    let x = random_tensor(3, 2, 4, 5, 60);
    let mut layer = GlobalAvgPool::default();
    layer.forward(&x);
    let r = random_tensor(3, 2, 1, 1, 61);
    let grad = layer.backward(&r);
    let mut fresh = GlobalAvgPool::default();
    check_layer(
        &x,
        &mut |t| fresh.forward(t),
        &|_| grad.clone(),
        61,
        "global average pool",
    );
}

#[test]
fn softmax_cross_entropy_gradient() {
    let logits = random_tensor(10, 4, 1, 1, 70);
    let logits = Tensor::from_vec(10, 4, 1, 1, logits.data.iter().map(|v| v * 3.0).collect());
    let labels = [3u8, 0, 9, 3];
    let (_, grad) = softmax_cross_entropy(&logits, &labels);
    let mut lp = logits.clone();
    for i in 0..logits.data.len() {
        lp.data[i] = logits.data[i] + EPS;
        let plus = f64::from(softmax_cross_entropy(&lp, &labels).0.loss);
        lp.data[i] = logits.data[i] - EPS;
        let minus = f64::from(softmax_cross_entropy(&lp, &labels).0.loss);
        lp.data[i] = logits.data[i];
        assert_close(
            grad.data[i],
            (plus - minus) / (2.0 * f64::from(EPS)),
            &format!("softmax ∂z[{i}]"),
        );
    }
}

#[test]
fn softmax_cross_entropy_is_stable_and_exact_on_known_values() {
    // Huge logits would overflow exp without the max shift.
    let logits = Tensor::from_vec(3, 1, 1, 1, vec![1000.0, 1000.0, 0.0]);
    let (loss, _) = softmax_cross_entropy(&logits, &[0]);
    assert!(
        (loss.loss - std::f32::consts::LN_2).abs() < 1e-6,
        "{loss:?}"
    );
    // Uniform logits: log(classes).
    let logits = Tensor::from_vec(10, 2, 1, 1, vec![0.5; 20]);
    let (loss, _) = softmax_cross_entropy(&logits, &[0, 2]);
    assert!((loss.loss - 10f32.ln()).abs() < 1e-6);
    assert_eq!(loss.correct, 1, "ties go to the first class");
}

/// The whole network: for each parameter tensor θ_k and a random direction d of
/// ±1 entries, Σ ∂L/∂θ_k ⊙ d against (L(θ_k + εd) − L(θ_k − εd)) / 2ε, L the
/// cross-entropy. A direction sums many partial derivatives, which lifts the signal
/// far above the f32 rounding of the loss.
#[test]
fn whole_networks() {
    for family in Family::ALL {
        let spec = NetSpec::lab(family, (8, 8), 0.25);
        let mut net = Net::new(&spec, 5).unwrap();
        // Biases start at zero, so maps that are all zero after a ReLU would give
        // pre-activations of exactly 0, ReLU's kink, where a finite difference
        // sees the mean of the two slopes. Random biases move them off it.
        for (k, p) in net.params_mut().enumerate().filter(|(k, _)| k % 2 == 1) {
            p.value = random_values(p.value.len(), 100 + k as u64)
                .iter()
                .map(|v| v * 0.2)
                .collect();
        }
        let x = random_tensor(1, 3, 8, 8, 80);
        let x = Tensor::from_vec(1, 3, 8, 8, x.data.iter().map(|v| v.abs()).collect());
        let labels = [1u8, 7, 4];
        let logits = net.forward(&x);
        let (_, grad) = softmax_cross_entropy(&logits, &labels);
        net.backward(&grad);
        let grads: Vec<Vec<f32>> = net.params_mut().map(|p| p.grad.clone()).collect();
        for (k, g) in grads.iter().enumerate() {
            let direction: Vec<f32> = random_values(g.len(), 90 + k as u64)
                .iter()
                .map(|v| v.signum())
                .collect();
            let analytic: f64 = g
                .iter()
                .zip(&direction)
                .map(|(&a, &d)| f64::from(a * d))
                .sum();
            let mut loss_at = |delta: f32| {
                let p = net.params_mut().nth(k).unwrap();
                let v0 = p.value.clone();
                for (v, d) in p.value.iter_mut().zip(&direction) {
                    *v += delta * d;
                }
                let logits = net.forward(&x);
                let loss = softmax_cross_entropy(&logits, &labels).0.loss;
                net.params_mut().nth(k).unwrap().value = v0;
                f64::from(loss)
            };
            // The median over several ε damps both the f32 rounding of the loss
            // (large for small ε) and ReLU kinks crossed (large for large ε); it
            // converges on the backward value as ε shrinks.
            let mut numerics: Vec<f64> = [3e-4f32, 1e-4, 3e-5, 1e-5]
                .iter()
                .map(|&e| (loss_at(e) - loss_at(-e)) / (2.0 * f64::from(e)))
                .collect();
            numerics.sort_by(f64::total_cmp);
            let numeric = (numerics[1] + numerics[2]) / 2.0;
            assert!(
                (analytic - numeric).abs() <= 5e-2 * analytic.abs().max(numeric.abs()) + 5e-3,
                "{family:?} parameter {k}: backward {analytic}, finite difference {numeric}"
            );
        }
    }
}
