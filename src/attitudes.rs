//! Attitudes (MODEL.md §7.14): acceptance of non-family care, in [0, 1].
//! It starts low ("raising children for old age") and moves toward 1 with
//! exposure — the share of the village's people in need who used non-family
//! care this year (a demonstration effect) — and with campaigns. An elder
//! given companionship in a facility or day-care place (see
//! [`crate::services`]) is pulled further, in proportion to its hours: regular
//! contact with care staff is the closest exposure there is.

use crate::population::people::Status;
use crate::population::village::Village;
use crate::scenario::reader::{Section, doc};
use crate::sim::YearCtx;

#[derive(Clone, Debug)]
pub struct AttitudeParams {
    pub initial_mean: f64,
    pub initial_sd: f64,
    pub exposure_rate: f64,
    pub campaign_strength: f64,
    /// Yuan per village per year for each 0.01 of campaign strength.
    pub campaign_cost_yuan_per_village_point: f64,
    pub companionship_rate: f64,
}

impl AttitudeParams {
    pub fn read(s: &mut Section) -> Self {
        AttitudeParams {
            initial_mean: s.prob("initial_mean", doc("index 0–1", "mean start-year acceptance of non-family care (\"raising children for old age\" keeps it low)", "DATA.md §5: 1.1 % would choose an institution, ~80 % rely on home care (A)")),
            initial_sd: s.num("initial_sd", 0.0..=0.5, doc("index 0–1", "spread of start-year acceptance across persons (clamped to [0, 1])", "(A)")),
            exposure_rate: s.prob("exposure_rate", doc("per year", "pull toward acceptance per unit share of neighbours in need using non-family care", "MODEL.md §7.14 (A)")),
            campaign_strength: s.prob("campaign_strength", doc("per year", "pull toward acceptance from campaigns and demonstration", "lever; 0 in the baseline (MODEL.md §8)")),
            campaign_cost_yuan_per_village_point: s.num("campaign_cost_yuan_per_village_point", 0.0..=1e6, doc("yuan per village per year, for each 0.01 of campaign_strength", "what campaigns cost (events, awards, demonstration visits; mostly staff time, so it follows the real urban wage), paid by government in every village with residents", "(A: a campaign of strength 0.05 costs about a month of a worker's pay, 3,838 yuan, DATA.md §9, and as much again for events: 8,000 yuan a village-year)")),
            companionship_rate: s.num("companionship_rate", 0.0..=1.0, doc("per year per weekly hour", "extra pull toward acceptance on an elder per hour a week of companionship received (services.*.companionship)", "MODEL.md §7.14 (A: 4 h a week adds 0.1, twice the full demonstration effect)")),
        }
    }

    /// What the year's campaigns cost in `villages` villages with residents, yuan
    /// at the start year's wage (the ledger applies the year's).
    pub fn campaign_cost(&self, villages: usize) -> f64 {
        self.campaign_strength * 100.0 * self.campaign_cost_yuan_per_village_point * villages as f64
    }
}

/// Step: residents' acceptance moves toward 1 by (exposure × usage share +
/// campaign + companionship rate × own companionship hours) of the gap.
pub fn step(v: &mut Village, ctx: &YearCtx) {
    let ap = &ctx.scenario.attitudes;
    let t = &v.tally;
    let usage = if t.persons_in_need > 0.0 {
        t.persons_using_services / t.persons_in_need
    } else {
        0.0
    };
    let pull = (ap.exposure_rate * usage + ap.campaign_strength) as f32;
    let per_hour = ap.companionship_rate as f32;
    let (p, book) = (&mut v.people, &v.care);
    // Column slices of one length, held in registers for the passes.
    let n = p.len();
    let (status, attitude) = (&p.status[..n], &mut p.attitude[..n]);
    // The users of companionship this year (few, in row order) take their
    // own pull; the stretches of rows between them take the common one, in
    // a pass without branches that the compiler can vectorise.
    let common = pull.min(1.0);
    let mut from = 0;
    for (user, c) in book.stops(&book.companionship, n) {
        if common > 0.0 {
            let stretch = from..user;
            for (a, &st) in attitude[stretch.clone()].iter_mut().zip(&status[stretch]) {
                let pulled = *a + common * (1.0 - *a);
                *a = if st == Status::Resident { pulled } else { *a };
            }
        }
        if user < n {
            let own = (pull + per_hour * c).min(1.0);
            if status[user] == Status::Resident && own > 0.0 {
                attitude[user] += own * (1.0 - attitude[user]);
            }
        }
        from = user + 1;
    }
}
