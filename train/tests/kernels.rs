//! The fast kernels (im2col + blocked product; direct depthwise) against the naive
//! reference convolution, and the geometry against TensorFlow's 'same' rule.

mod common;

use common::{bits, random_tensor, random_values};
use sepconv_train::conv::reference;
use sepconv_train::{Conv2d, ConvShape, Padding};

/// Forward pass of the fast kernel and the reference on random data: equal
/// values (the summation order is the same, so equal to the last bit up to the sign
/// of zero), and the counted MACs equal the shape's.
fn check(shape: ConvShape, batch: usize, seed: u64) {
    let mut conv = Conv2d::new(shape).unwrap();
    conv.weight.value = random_values(shape.weights(), seed);
    conv.bias.value = random_values(shape.out_channels, seed + 1);
    let x = random_tensor(
        shape.in_channels,
        batch,
        shape.height,
        shape.width,
        seed + 2,
    );
    let fast = conv.forward(&x);
    let slow = reference::conv2d(&shape, &x, &conv.weight.value, &conv.bias.value);
    assert_eq!(
        (fast.channels, fast.batch, fast.height, fast.width),
        (slow.channels, slow.batch, slow.height, slow.width)
    );
    let differ = fast.data.iter().zip(&slow.data).position(|(a, b)| a != b);
    assert_eq!(differ, None, "{shape:?}: first difference at {differ:?}");
    assert_eq!(
        conv.macs(),
        shape.macs_per_image().unwrap() * batch as u64,
        "{shape:?}"
    );
}

#[test]
fn all_three_kinds_equal_the_reference() {
    for size in [(6, 6), (7, 9), (13, 17), (28, 28), (3, 5)] {
        for stride in [1, 2] {
            for padding in [Padding::Valid, Padding::Same] {
                check(ConvShape::standard(3, 3, 5, size, stride, padding), 2, 1);
                check(ConvShape::standard(3, 7, 9, size, stride, padding), 3, 2);
                check(ConvShape::depthwise(3, 5, 1, size, stride, padding), 2, 3);
                check(ConvShape::depthwise(3, 4, 2, size, stride, padding), 3, 4);
                check(ConvShape::pointwise(6, 11, size), 2, 5);
            }
        }
    }
}

#[test]
fn other_kernel_sizes_strides_and_groups() {
    check(
        ConvShape::standard(5, 4, 6, (11, 10), 3, Padding::Same),
        2,
        10,
    );
    check(
        ConvShape::depthwise(5, 3, 3, (11, 10), 3, Padding::Same),
        2,
        11,
    );
    check(
        ConvShape::depthwise(1, 3, 1, (5, 5), 1, Padding::Same),
        2,
        12,
    );
    check(
        ConvShape::standard(1, 3, 4, (6, 7), 2, Padding::Valid),
        2,
        13,
    );
    check(
        ConvShape::standard(4, 2, 3, (9, 8), 1, Padding::Same),
        2,
        14,
    );
    let grouped = ConvShape {
        groups: 3,
        ..ConvShape::standard(3, 6, 9, (8, 8), 1, Padding::Same)
    };
    check(grouped, 2, 15);
    // Bigger than the product's cache blocks (128 deep, 512 wide).
    check(
        ConvShape::standard(3, 20, 40, (24, 24), 1, Padding::Same),
        2,
        16,
    );
}

#[test]
fn same_padding_follows_tensorflow() {
    for input in 1..20usize {
        for kernel in 1..6usize {
            for stride in 1..4usize {
                let shape =
                    ConvShape::standard(kernel, 1, 1, (input, input), stride, Padding::Same);
                let g = shape.geometry().unwrap();
                let out = input.div_ceil(stride);
                let total = ((out - 1) * stride + kernel).saturating_sub(input);
                assert_eq!(g.out_height, out);
                assert_eq!(g.pad_top, total / 2, "odd padding goes after");
                assert_eq!(g.pad_left, total / 2);
                let valid = ConvShape {
                    padding: Padding::Valid,
                    ..shape
                };
                match valid.geometry() {
                    Ok(g) => assert_eq!(g.out_width, (input - kernel) / stride + 1),
                    Err(_) => assert!(kernel > input),
                }
            }
        }
    }
}

#[test]
fn impossible_shapes_are_refused() {
    let bad = [
        ConvShape::standard(0, 1, 1, (5, 5), 1, Padding::Same),
        ConvShape::standard(3, 1, 1, (5, 5), 0, Padding::Same),
        ConvShape::standard(7, 1, 1, (5, 5), 1, Padding::Valid),
        ConvShape {
            groups: 2,
            ..ConvShape::standard(3, 3, 4, (5, 5), 1, Padding::Same)
        },
    ];
    for shape in bad {
        assert!(Conv2d::new(shape).is_err(), "{shape:?}");
    }
}

#[test]
fn batches_are_independent() {
    // The same image alone and inside a batch gives the same bits.
    let shape = ConvShape::depthwise(3, 3, 2, (9, 9), 2, Padding::Same);
    let mut conv = Conv2d::new(shape).unwrap();
    conv.weight.value = random_values(shape.weights(), 1);
    let batch = random_tensor(3, 4, 9, 9, 2);
    let all = conv.forward(&batch);
    for n in 0..4 {
        let one: Vec<f32> = (0..3).flat_map(|c| batch.map(c, n).to_vec()).collect();
        let single = conv.forward(&sepconv_train::Tensor::from_vec(3, 1, 9, 9, one));
        let want: Vec<f32> = (0..6).flat_map(|c| all.map(c, n).to_vec()).collect();
        assert_eq!(bits(&single.data), bits(&want));
    }
}
