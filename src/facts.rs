//! Counts the first screen states, computed by the calculator when the page is
//! built (build.rs): the first load carries the numbers, not the network
//! builder that makes them.

include!(concat!(env!("OUT_DIR"), "/facts.rs"));

#[cfg(test)]
mod tests {
    use super::*;
    use sepconv_calc::network::{Convention, MobileNetV1, V1Variant};

    #[test]
    fn the_built_in_counts_are_the_calculators() {
        let macs = |variant| {
            MobileNetV1 {
                variant,
                ..MobileNetV1::default()
            }
            .build()
            .unwrap()
            .totals(Convention::Paper)
            .macs
        };
        assert_eq!(MOBILENET_MACS, macs(V1Variant::Separable));
        assert_eq!(CONV_MOBILENET_MACS, macs(V1Variant::FullConv));
        assert_eq!(MOBILENET_MACS, 568_740_352, "REFERENCE.md");
    }
}
