//! Four f32 lanes: the one place where the crate may use `unsafe`.
//!
//! On `wasm32` with the `simd128` target feature, [`F32x4`] wraps a `v128` and uses
//! `core::arch::wasm32`; on x86_64 it wraps an SSE `__m128` (SSE is part of every
//! x86_64: left to itself, LLVM turned the plain arrays into scalar code with
//! spills); elsewhere it is a plain `[f32; 4]`. All have exactly the same lane
//! semantics, so results are bit-identical across targets:
//!
//! - every operation is lane-wise IEEE-754 single precision, rounded to nearest;
//! - multiply and add are separate operations (never a fused multiply-add);
//! - [`F32x4::sum`] adds the lanes in one fixed order, `(l0 + l1) + (l2 + l3)`.
//!
//! Loads and stores take slices and check their length, so the wrapper is safe.
#![allow(unsafe_code)]

pub use imp::F32x4;

/// Number of lanes.
pub const LANES: usize = 4;

/// What every representation builds from its lane-wise operations.
impl F32x4 {
    /// `self + a·b`, rounded twice (a product, then a sum; never fused).
    #[inline(always)]
    pub fn add_mul(self, a: Self, b: Self) -> Self {
        self + a * b
    }

    /// `(l0 + l1) + (l2 + l3)`.
    #[inline(always)]
    pub fn sum(self) -> f32 {
        let [a, b, c, d] = self.to_array();
        (a + b) + (c + d)
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use core::arch::wasm32::{
        f32x4_add, f32x4_extract_lane, f32x4_gt, f32x4_mul, f32x4_splat, v128, v128_and, v128_load,
        v128_store,
    };

    /// Four f32 lanes in a WebAssembly `v128`.
    #[derive(Clone, Copy, Debug)]
    pub struct F32x4(v128);

    impl core::ops::Add for F32x4 {
        type Output = Self;
        /// Lane-wise sum.
        #[inline(always)]
        fn add(self, other: Self) -> Self {
            Self(f32x4_add(self.0, other.0))
        }
    }

    impl core::ops::Mul for F32x4 {
        type Output = Self;
        /// Lane-wise product.
        #[inline(always)]
        fn mul(self, other: Self) -> Self {
            Self(f32x4_mul(self.0, other.0))
        }
    }

    impl F32x4 {
        /// All lanes zero.
        #[inline(always)]
        pub fn zero() -> Self {
            Self(f32x4_splat(0.0))
        }

        /// All lanes `x`.
        #[inline(always)]
        pub fn splat(x: f32) -> Self {
            Self(f32x4_splat(x))
        }

        /// The first four values of `s` (panics if it is shorter).
        #[inline(always)]
        pub fn load(s: &[f32]) -> Self {
            let s = &s[..4];
            // SAFETY: `s` has four readable f32 (checked above); v128_load allows
            // unaligned addresses.
            Self(unsafe { v128_load(s.as_ptr().cast::<v128>()) })
        }

        /// Writes the lanes to the first four values of `s` (panics if shorter).
        #[inline(always)]
        pub fn store(self, s: &mut [f32]) {
            let s = &mut s[..4];
            // SAFETY: `s` has four writable f32 (checked above); v128_store allows
            // unaligned addresses.
            unsafe { v128_store(s.as_mut_ptr().cast::<v128>(), self.0) }
        }

        /// Lanes greater than zero kept, the others +0 (ReLU).
        #[inline(always)]
        pub fn relu(self) -> Self {
            Self(v128_and(self.0, f32x4_gt(self.0, f32x4_splat(0.0))))
        }

        /// The lanes as an array.
        #[inline(always)]
        pub fn to_array(self) -> [f32; 4] {
            [
                f32x4_extract_lane::<0>(self.0),
                f32x4_extract_lane::<1>(self.0),
                f32x4_extract_lane::<2>(self.0),
                f32x4_extract_lane::<3>(self.0),
            ]
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod imp {
    use core::arch::x86_64::{
        __m128, _mm_add_ps, _mm_and_ps, _mm_cmpgt_ps, _mm_loadu_ps, _mm_mul_ps, _mm_set1_ps,
        _mm_setzero_ps, _mm_storeu_ps,
    };

    /// Four f32 lanes in an SSE register (SSE and SSE2 are part of x86_64).
    #[derive(Clone, Copy, Debug)]
    pub struct F32x4(__m128);

    impl core::ops::Add for F32x4 {
        type Output = Self;
        /// Lane-wise sum.
        #[inline(always)]
        fn add(self, other: Self) -> Self {
            // SAFETY: SSE is part of every x86_64 processor (the target's baseline).
            Self(unsafe { _mm_add_ps(self.0, other.0) })
        }
    }

    impl core::ops::Mul for F32x4 {
        type Output = Self;
        /// Lane-wise product.
        #[inline(always)]
        fn mul(self, other: Self) -> Self {
            // SAFETY: as for `add`, SSE is always there on x86_64.
            Self(unsafe { _mm_mul_ps(self.0, other.0) })
        }
    }

    impl F32x4 {
        /// All lanes zero.
        #[inline(always)]
        pub fn zero() -> Self {
            // SAFETY: as for `add`, SSE is always there on x86_64.
            Self(unsafe { _mm_setzero_ps() })
        }

        /// All lanes `x`.
        #[inline(always)]
        pub fn splat(x: f32) -> Self {
            // SAFETY: as for `add`, SSE is always there on x86_64.
            Self(unsafe { _mm_set1_ps(x) })
        }

        /// The first four values of `s` (panics if it is shorter).
        #[inline(always)]
        pub fn load(s: &[f32]) -> Self {
            let s = &s[..4];
            // SAFETY: `s` has four readable f32 (checked above); loadu allows
            // unaligned addresses; SSE is always there on x86_64.
            Self(unsafe { _mm_loadu_ps(s.as_ptr()) })
        }

        /// Writes the lanes to the first four values of `s` (panics if shorter).
        #[inline(always)]
        pub fn store(self, s: &mut [f32]) {
            let s = &mut s[..4];
            // SAFETY: `s` has four writable f32 (checked above); storeu allows
            // unaligned addresses; SSE is always there on x86_64.
            unsafe { _mm_storeu_ps(s.as_mut_ptr(), self.0) }
        }

        /// Lanes greater than zero kept, the others +0 (ReLU).
        #[inline(always)]
        pub fn relu(self) -> Self {
            // SAFETY: as for `add`, SSE is always there on x86_64.
            Self(unsafe { _mm_and_ps(self.0, _mm_cmpgt_ps(self.0, _mm_setzero_ps())) })
        }

        /// The lanes as an array.
        #[inline(always)]
        pub fn to_array(self) -> [f32; 4] {
            let mut out = [0.0; 4];
            self.store(&mut out);
            out
        }
    }
}

#[cfg(not(any(
    all(target_arch = "wasm32", target_feature = "simd128"),
    target_arch = "x86_64"
)))]
mod imp {
    /// Four f32 lanes in a plain array.
    #[derive(Clone, Copy, Debug)]
    pub struct F32x4([f32; 4]);

    impl core::ops::Add for F32x4 {
        type Output = Self;
        /// Lane-wise sum.
        #[inline(always)]
        fn add(self, o: Self) -> Self {
            let (a, b) = (self.0, o.0);
            Self([a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]])
        }
    }

    impl core::ops::Mul for F32x4 {
        type Output = Self;
        /// Lane-wise product.
        #[inline(always)]
        fn mul(self, o: Self) -> Self {
            let (a, b) = (self.0, o.0);
            Self([a[0] * b[0], a[1] * b[1], a[2] * b[2], a[3] * b[3]])
        }
    }

    impl F32x4 {
        /// All lanes zero.
        #[inline(always)]
        pub fn zero() -> Self {
            Self([0.0; 4])
        }

        /// All lanes `x`.
        #[inline(always)]
        pub fn splat(x: f32) -> Self {
            Self([x; 4])
        }

        /// The first four values of `s` (panics if it is shorter).
        #[inline(always)]
        pub fn load(s: &[f32]) -> Self {
            let s = &s[..4];
            Self([s[0], s[1], s[2], s[3]])
        }

        /// Writes the lanes to the first four values of `s` (panics if shorter).
        #[inline(always)]
        pub fn store(self, s: &mut [f32]) {
            s[..4].copy_from_slice(&self.0);
        }

        /// Lanes greater than zero kept, the others +0 (ReLU).
        #[inline(always)]
        pub fn relu(self) -> Self {
            let r = |x: f32| if x > 0.0 { x } else { 0.0 };
            let a = self.0;
            Self([r(a[0]), r(a[1]), r(a[2]), r(a[3])])
        }

        /// The lanes as an array.
        #[inline(always)]
        pub fn to_array(self) -> [f32; 4] {
            self.0
        }
    }
}

/// Whether this build uses WebAssembly SIMD128 (for reports: "SIMD on/off").
pub const SIMD128: bool = cfg!(all(target_arch = "wasm32", target_feature = "simd128"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lanes_follow_ieee_order() {
        let a = F32x4::load(&[1.0, 2.0, 3.0, 4.0]);
        let b = F32x4::splat(0.5);
        let c = F32x4::zero().add_mul(a, b);
        assert_eq!(c.to_array(), [0.5, 1.0, 1.5, 2.0]);
        let mut out = [0.0; 5];
        c.store(&mut out[1..]);
        assert_eq!(out, [0.0, 0.5, 1.0, 1.5, 2.0]);
        // (1e8 + 1) + (-1e8 + 1) = 1e8 + (-1e8 + 1) rounded: the pairing matters.
        let s = F32x4::load(&[1e8, 1.0, -1e8, 1.0]).sum();
        assert_eq!(s, (1e8f32 + 1.0) + (-1e8f32 + 1.0));
        assert_eq!(
            F32x4::load(&[-1.0, 0.0, -0.0, 2.0]).relu().to_array(),
            [0.0, 0.0, 0.0, 2.0]
        );
    }
}
