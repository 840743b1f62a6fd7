//! The Adam optimiser (Kingma and Ba 2015).

use crate::conv::Param;

/// Adam's settings and state: one first and second moment per parameter value.
#[derive(Debug, Clone)]
pub struct Adam {
    /// Step size α.
    pub learning_rate: f32,
    /// Decay of the first moment, β₁.
    pub beta1: f32,
    /// Decay of the second moment, β₂.
    pub beta2: f32,
    /// ε added to the root of the second moment.
    pub epsilon: f32,
    beta1_power: f32,
    beta2_power: f32,
    moments: Vec<(Vec<f32>, Vec<f32>)>,
}

impl Adam {
    /// A fresh optimiser.
    pub fn new(learning_rate: f32, beta1: f32, beta2: f32, epsilon: f32) -> Adam {
        Adam {
            learning_rate,
            beta1,
            beta2,
            epsilon,
            beta1_power: 1.0,
            beta2_power: 1.0,
            moments: Vec::new(),
        }
    }

    /// One update of every parameter from its gradient, in the order given (which
    /// must be the same at every step).
    ///
    /// # Formula
    /// m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²;
    /// θ ← θ − α · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε), with βᵗ kept as a running
    /// product (no `powf`).
    pub fn step<'a>(&mut self, params: impl IntoIterator<Item = &'a mut Param>) {
        self.beta1_power *= self.beta1;
        self.beta2_power *= self.beta2;
        let (c1, c2) = (1.0 - self.beta1_power, 1.0 - self.beta2_power);
        for (i, p) in params.into_iter().enumerate() {
            if self.moments.len() <= i {
                self.moments
                    .push((vec![0.0; p.value.len()], vec![0.0; p.value.len()]));
            }
            let (m, v) = &mut self.moments[i];
            for (((theta, &g), m), v) in p.value.iter_mut().zip(&p.grad).zip(m).zip(v) {
                *m = self.beta1 * *m + (1.0 - self.beta1) * g;
                *v = self.beta2 * *v + (1.0 - self.beta2) * (g * g);
                let m_hat = *m / c1;
                let v_hat = *v / c2;
                *theta -= self.learning_rate * m_hat / (v_hat.sqrt() + self.epsilon);
            }
        }
    }
}
