//! Attitudes (MODEL.md §7.14): acceptance of non-family care, in [0, 1].
//! Initial values are drawn here; how they move is the attitudes submodel.

use crate::scenario::reader::{Section, doc};

#[derive(Clone, Debug)]
pub struct AttitudeParams {
    pub initial_mean: f64,
    pub initial_sd: f64,
}

impl AttitudeParams {
    pub fn read(s: &mut Section) -> Self {
        AttitudeParams {
            initial_mean: s.prob("initial_mean", doc("index 0–1", "mean start-year acceptance of non-family care (\"raising children for old age\" keeps it low)", "DATA.md §5: 1.1 % would choose an institution, ~80 % rely on home care (A)")),
            initial_sd: s.num("initial_sd", 0.0..=0.5, doc("index 0–1", "spread of start-year acceptance across persons (clamped to [0, 1])", "(A)")),
        }
    }
}
