//! Care workforce (MODEL.md §7.10): each county's professional home
//! caregivers change every year by training inflow, recruits among returning
//! migrants, and attrition that falls as pay approaches the outside wage.
//! Volunteers from outside the villages (retired medical staff, students) add
//! hours of help.

use crate::care::county::{County, applicants};
use crate::care::{WEEKS, grant};
use crate::population::people::CareSource;
use crate::population::village::Village;
use crate::scenario::reader::{Section, doc};
use crate::sim::YearCtx;

#[derive(Clone, Debug)]
pub struct WorkforceParams {
    pub training_per_1000_elders: f64,
    pub returner_recruit_share: f64,
    pub pay_yuan_per_month: f64,
    pub outside_wage_yuan_per_month: f64,
    pub attrition_at_reference_gap: f64,
    pub attrition_floor: f64,
    pub reference_gap_yuan: f64,
    pub outside_volunteer_hours_per_1000_elders: f64,
}

impl WorkforceParams {
    pub fn read(s: &mut Section) -> Self {
        WorkforceParams {
            training_per_1000_elders: s.num(
                "training_per_1000_elders",
                0.0..=100.0,
                doc(
                    "caregivers per 1,000 elders per year",
                    "newly trained caregivers entering county home care",
                    "(C: with the baseline attrition keeps the workforce near 1 per 1,000 elders)",
                ),
            ),
            returner_recruit_share: s.prob(
                "returner_recruit_share",
                doc(
                    "share",
                    "returning migrants who become caregivers",
                    "(A; raised by returning-youth incentives)",
                ),
            ),
            pay_yuan_per_month: s.num(
                "pay_yuan_per_month",
                0.0..=100_000.0,
                doc("yuan per month", "caregivers' pay", "DATA.md §9: 3,838 (S)"),
            ),
            outside_wage_yuan_per_month: s.num(
                "outside_wage_yuan_per_month",
                0.0..=100_000.0,
                doc(
                    "yuan per month",
                    "what a caregiver could earn elsewhere",
                    "DATA.md §9: migrant worker income 4,432 (S)",
                ),
            ),
            attrition_at_reference_gap: s.prob(
                "attrition_at_reference_gap",
                doc(
                    "share per year",
                    "caregivers leaving at the reference pay gap",
                    "DATA.md §9 (A: 20 %)",
                ),
            ),
            attrition_floor: s.prob(
                "attrition_floor",
                doc(
                    "share per year",
                    "caregivers leaving when pay reaches the outside wage",
                    "(A)",
                ),
            ),
            reference_gap_yuan: s.num(
                "reference_gap_yuan",
                1.0..=100_000.0,
                doc(
                    "yuan per month",
                    "outside wage minus pay at which attrition is the reference rate",
                    "DATA.md §9: 4,432 − 3,838 ≈ 600 (S)",
                ),
            ),
            outside_volunteer_hours_per_1000_elders: s.num(
                "outside_volunteer_hours_per_1000_elders",
                0.0..=100_000.0,
                doc(
                    "hours per week per 1,000 elders",
                    "help from volunteers outside the villages (retired medical staff, students)",
                    "(lever; none in the baseline)",
                ),
            ),
        }
    }

    /// Share of caregivers leaving in a year: the floor plus the reference
    /// excess scaled by the pay gap.
    pub fn attrition(&self) -> f64 {
        let gap = (self.outside_wage_yuan_per_month - self.pay_yuan_per_month).max(0.0);
        (self.attrition_floor
            + (self.attrition_at_reference_gap - self.attrition_floor) * gap
                / self.reference_gap_yuan)
            .clamp(0.0, 1.0)
    }
}

fn resident_elders(villages: &[Village]) -> f64 {
    villages.iter().map(|v| v.tally.resident_60plus).sum()
}

/// County phase: volunteers from outside give hours to accepting elders with unmet need, most severe first.
pub fn outside_volunteers(c: &mut County, villages: &mut [Village], ctx: &YearCtx) {
    let wp = &ctx.scenario.workforce;
    let cp = &ctx.scenario.care;
    let mut pool =
        (wp.outside_volunteer_hours_per_1000_elders * resident_elders(villages) / 1000.0) as f32;
    if pool <= 0.0 {
        return;
    }
    let queue = applicants(villages, |v, i| {
        v.people.attitude[i] >= cp.acceptance.mutual_aid
    });
    for (_, _, _, vi, i) in queue {
        let g = grant(
            &mut villages[vi].people,
            i,
            CareSource::MutualAid,
            pool.min(cp.mutual_aid.max_hours_per_elder),
        );
        pool -= g;
        c.tally.outside_volunteer_hours += f64::from(g) * WEEKS;
        if pool <= 0.0 {
            break;
        }
    }
}

/// County phase (end of year): next year's caregivers.
pub fn step(c: &mut County, villages: &mut [Village], ctx: &YearCtx) {
    let wp = &ctx.scenario.workforce;
    let returners: f64 = villages.iter().map(|v| v.tally.return_migrants).sum();
    let trained = wp.training_per_1000_elders * resident_elders(villages) / 1000.0;
    let recruited = wp.returner_recruit_share * returners;
    let left = c.caregivers * wp.attrition();
    c.caregivers = (c.caregivers - left + trained + recruited).max(0.0);
    c.tally.caregivers_trained += trained;
    c.tally.caregivers_recruited += recruited;
    c.tally.caregivers_left += left;
}
