//! The yearly plan (MODEL.md §3): one ordered list of steps, in one place.
//! `ruralcare run --print-plan` prints it.

use crate::census;
use crate::demography::{ageing, fertility, migration, mortality, partnership};
use crate::population::household;
use crate::population::village::Village;
use crate::sim::YearCtx;

/// Where a step runs: per village (in parallel), per county, or region-wide.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Village,
}

/// One step of the year.
pub struct Step {
    pub name: &'static str,
    pub phase: Phase,
    /// The MODEL.md section of the submodel.
    pub odd: &'static str,
    pub about: &'static str,
    /// Also run on the start-year population, to observe it before any change.
    pub at_start: bool,
    pub run: fn(&mut Village, &YearCtx),
}

/// The year, in order.
pub const PLAN: &[Step] = &[
    Step {
        name: "mortality",
        phase: Phase::Village,
        odd: "7.1",
        about: "deaths by age, sex and health; partners widowed",
        at_start: false,
        run: mortality::step,
    },
    Step {
        name: "births",
        phase: Phase::Village,
        odd: "7.3",
        about: "births to partnered resident women 15–49",
        at_start: false,
        run: fertility::step,
    },
    Step {
        name: "partnership",
        phase: Phase::Village,
        odd: "7.4",
        about: "unions among residents; couple's household",
        at_start: false,
        run: partnership::step,
    },
    Step {
        name: "out-migration",
        phase: Phase::Village,
        odd: "7.5",
        about: "residents leave, with spouse and young children or leaving them behind",
        at_start: false,
        run: migration::out_migration,
    },
    Step {
        name: "return migration",
        phase: Phase::Village,
        odd: "7.6",
        about: "Away persons return (care-triggered return raised)",
        at_start: false,
        run: migration::return_migration,
    },
    Step {
        name: "settlement elsewhere",
        phase: Phase::Village,
        odd: "7.6",
        about: "long-term Away persons transfer registration away",
        at_start: false,
        run: migration::settlement,
    },
    Step {
        name: "ageing",
        phase: Phase::Village,
        odd: "3.7",
        about: "everyone one year older; years away counted",
        at_start: false,
        run: |v, _| ageing::step(v),
    },
    Step {
        name: "household update",
        phase: Phase::Village,
        odd: "3.8",
        about: "dead removed; lone elders move in with a resident child",
        at_start: false,
        run: household::step,
    },
    Step {
        name: "living arrangements",
        phase: Phase::Village,
        odd: "3.8",
        about: "empty-nest, living-alone and no-child-in-village elders counted",
        at_start: true,
        run: household::record,
    },
    Step {
        name: "census",
        phase: Phase::Village,
        odd: "9",
        about: "stocks by age, sex, status and health; pyramid; village viability",
        at_start: true,
        run: census::record,
    },
];

/// The plan as text, one numbered line per step.
pub fn describe() -> String {
    let mut s = String::from("The yearly plan (MODEL.md §3), in order:\n");
    for (i, st) in PLAN.iter().enumerate() {
        let start = if st.at_start {
            "  [also on the start-year population]"
        } else {
            ""
        };
        s.push_str(&format!(
            "{:>2}. {:<22} {:?} phase, §{:<4} {}{start}\n",
            i + 1,
            st.name,
            st.phase,
            st.odd,
            st.about
        ));
    }
    s
}
