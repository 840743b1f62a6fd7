//! `sepconv time`: a layer's three steps, the fixed sweep, and the machine's
//! two roofs, measured natively with the trainer's kernels
//! (`sepconv_train::timing`) and put beside the calculator's counts
//! (`sepconv_train::report`): the same table the page shows.

mod output;
pub mod parse;
mod run;

pub use run::run;
