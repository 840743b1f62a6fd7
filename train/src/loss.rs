//! Softmax cross-entropy, numerically stable, with its gradient.

use crate::tensor::Tensor;

/// Loss and accuracy of a batch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BatchLoss {
    /// Mean cross-entropy over the batch (natural log).
    pub loss: f32,
    /// Images whose largest logit is their label's (ties: the first class).
    pub correct: usize,
}

/// Mean softmax cross-entropy of `logits` (classes × batch × 1 × 1) against
/// `labels`, and its gradient with respect to the logits.
///
/// # Formula
/// With m = max_k z_k: log p_y = (z_y − m) − log Σ_k exp(z_k − m), loss = −mean log p_y;
/// ∂loss/∂z_k = (softmax(z)_k − [k = y]) / batch. exp and log are `libm`'s, the same
/// bits on every target.
///
/// # Panics
/// If a label is not below the number of classes or the batch sizes differ.
pub fn softmax_cross_entropy(logits: &Tensor, labels: &[u8]) -> (BatchLoss, Tensor) {
    let (classes, batch) = (logits.channels, logits.batch);
    assert_eq!(labels.len(), batch, "one label per image");
    let mut grad = Tensor::zeros(classes, batch, 1, 1);
    let mut total = 0.0f32;
    let mut correct = 0;
    let mut exps = vec![0.0f32; classes];
    for (n, &label) in labels.iter().enumerate() {
        let label = label as usize;
        assert!(label < classes, "label {label} out of range");
        let z = |k: usize| logits.data[k * batch + n];
        let mut best = 0;
        for k in 1..classes {
            if z(k) > z(best) {
                best = k;
            }
        }
        correct += usize::from(best == label);
        let m = z(best);
        let mut denominator = 0.0f32;
        for (k, e) in exps.iter_mut().enumerate() {
            *e = libm::expf(z(k) - m);
            denominator += *e;
        }
        total += libm::logf(denominator) - (z(label) - m);
        for (k, e) in exps.iter().enumerate() {
            let target = if k == label { 1.0 } else { 0.0 };
            grad.data[k * batch + n] = (e / denominator - target) / batch as f32;
        }
    }
    let loss = BatchLoss {
        loss: total / batch as f32,
        correct,
    };
    (loss, grad)
}
