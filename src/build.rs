//! Counts the first screen states, computed by the calculator when the page is
//! built. The answers at the top quote MobileNet's cost against the full-
//! convolution network's; computing it in the page would put the network
//! builder into the first load (about 10 KB gzip), so the build computes it and
//! the page carries two numbers (src/facts.rs checks them against the calculator).

use std::path::PathBuf;

use sepconv_calc::network::{Convention, MobileNetV1, V1Variant};

fn macs(variant: V1Variant) -> u64 {
    MobileNetV1 {
        variant,
        ..MobileNetV1::default()
    }
    .build()
    .expect("1.0 MobileNet-224 builds")
    .totals(Convention::Paper)
    .macs
}

fn main() {
    println!("cargo:rerun-if-changed=src/build.rs");
    println!("cargo:rerun-if-changed=calc/src");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let facts = format!(
        "/// MACs of 1.0 MobileNet-224, counted as the paper counts.\n\
         pub const MOBILENET_MACS: u64 = {};\n\
         /// MACs of the paper's Conv MobileNet (full 3×3 convolutions), same counting.\n\
         pub const CONV_MOBILENET_MACS: u64 = {};\n",
        macs(V1Variant::Separable),
        macs(V1Variant::FullConv),
    );
    std::fs::write(out.join("facts.rs"), facts).expect("OUT_DIR is writable");
}
