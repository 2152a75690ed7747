//! Health states (MODEL.md §2, §7.2): the prevalence of Frail, Disabled and
//! Severe by age used to set initial states and to normalise mortality.

use crate::bands::{AGES, AgeBands};
use crate::scenario::reader::{Section, doc};

#[derive(Clone, Debug)]
pub struct HealthParams {
    /// Start-year prevalence by age of Frail, Disabled, Severe (shares of persons).
    pub prevalence: [AgeBands; 3],
}

impl HealthParams {
    pub fn read(s: &mut Section) -> Self {
        let mut p = s.section("prevalence");
        let src = "DATA.md §6 (C: pooled 26 % with any limit, about 10 % with ADL limits)";
        let frail = p.bands(
            "frail",
            0.0..=1.0,
            None,
            doc("share", "start-year share Frail (IADL limits) by age", src),
        );
        let disabled = p.bands(
            "disabled",
            0.0..=1.0,
            None,
            doc(
                "share",
                "start-year share Disabled (1–2 ADL limits) by age",
                src,
            ),
        );
        let severe = p.bands(
            "severe",
            0.0..=1.0,
            None,
            doc(
                "share",
                "start-year share Severe (3+ ADL limits) by age",
                src,
            ),
        );
        p.finish();
        HealthParams {
            prevalence: [frail, disabled, severe],
        }
    }

    /// Shares of Healthy, Frail, Disabled, Severe at each single age.
    /// Where the three listed shares exceed 1 they are scaled down to sum to 1.
    pub fn table(&self) -> [[f64; AGES]; 4] {
        let mut t = [[0.0; AGES]; 4];
        for age in 0..AGES {
            let listed: [f64; 3] = std::array::from_fn(|k| self.prevalence[k].at(age));
            let sum: f64 = listed.iter().sum();
            let k = if sum > 1.0 { 1.0 / sum } else { 1.0 };
            for (row, share) in t[1..].iter_mut().zip(listed) {
                row[age] = share * k;
            }
            t[0][age] = 1.0 - (sum * k);
        }
        t
    }
}
