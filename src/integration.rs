//! Resource integration (MODEL.md §7.15): medical-care integration (the
//! township health centre beside the care station) slows the progression and
//! lowers the mortality of Disabled and Severe elders in its township;
//! urban–rural sharing (entrusted management, staff training) raises what a
//! facility place or day-care place delivers; a digital platform pools
//! volunteers' spare hours across the villages of a township; industry
//! integration (care with tourism or specialty agriculture) raises a
//! village's collective income and keeps more of its youth.
//!
//! Where integration is in place is drawn once per township or village
//! (fixed across years), so scenarios differ only where the lever says so.
//! Medical-care integration needs a care station in the township: a township
//! drawn for it integrates while it has one (from the year after one is built,
//! the build-out coming after the year's deaths and health transitions).

use crate::care::WEEKS;
use crate::care::county::{County, applicants};
use crate::population::village::Village;
use crate::rng::{Process, fixed_uniform};
use crate::scenario::reader::{Section, doc};
use crate::sim::YearCtx;

/// Marks the villages of the townships whose health centre is integrated
/// with a care station: those with a station now, drawn for integration (a
/// draw fixed for the township and replication against `integration.medical`).
/// Run at start and again when the build-out adds stations.
pub fn place(c: &County, villages: &mut [Village], seed: u64, replication: u32, medical: f64) {
    for v in villages.iter_mut() {
        v.integrated = c.stations[(v.township - c.first_township) as usize]
            && fixed_uniform(seed, replication, v.township, 0, Process::Integration) < medical;
    }
}

#[derive(Clone, Debug)]
pub struct IntegrationParams {
    pub medical: f64,
    pub medical_progression_multiplier: f64,
    pub medical_mortality_multiplier: f64,
    pub urban_rural: bool,
    pub urban_rural_quality_multiplier: f64,
    pub platform: bool,
    pub industry: f64,
    pub industry_out_migration_multiplier: f64,
    pub industry_youth_max_age: u8,
    pub industry_collective_income_yuan: f64,
}

impl IntegrationParams {
    pub fn read(s: &mut Section) -> Self {
        IntegrationParams {
            medical: s.prob("medical", doc("share of townships", "townships whose health centre is integrated with the care station, while they have one", "lever (integration.medical); none in the baseline")),
            medical_progression_multiplier: s.num("medical_progression_multiplier", 0.0..=2.0, doc("× progression", "Disabled → Severe in integrated townships", "(A)")),
            medical_mortality_multiplier: s.num("medical_mortality_multiplier", 0.1..=2.0, doc("× hazard", "mortality of Disabled and Severe persons in integrated townships (at least 0.1, a tenth of the hazard, as the health multipliers reach 10×: at 0 they would never die)", "(A)")),
            urban_rural: s.flag("urban_rural", doc("true/false", "urban–rural sharing: entrusted management and staff training for rural facilities", "lever; off in the baseline")),
            urban_rural_quality_multiplier: s.num("urban_rural_quality_multiplier", 1.0..=5.0, doc("× hours", "hours (and service content, costed as such) a village-facility or day-care place delivers under urban–rural sharing", "(A)")),
            platform: s.flag("platform", doc("true/false", "a digital platform pools spare volunteer hours across the villages of a township", "lever; off in the baseline")),
            industry: s.prob("industry", doc("share of villages", "villages with an integrated industry (care with tourism or specialty agriculture)", "lever; none in the baseline")),
            industry_out_migration_multiplier: s.num("industry_out_migration_multiplier", 0.0..=2.0, doc("× probability", "youth out-migration in industry villages", "(A)")),
            industry_youth_max_age: s.int("industry_youth_max_age", 15..=110, doc("years", "oldest age whose out-migration industry integration lowers", "(A)")) as u8,
            industry_collective_income_yuan: s.num("industry_collective_income_yuan", 0.0..=1e8, doc("yuan per year", "extra collective money for elderly care in an industry village", "(A)")),
        }
    }

    /// Hours a facility place delivers relative to its standard.
    pub fn quality(&self) -> f64 {
        if self.urban_rural {
            self.urban_rural_quality_multiplier
        } else {
            1.0
        }
    }
}

/// County phase: with a platform, each township's spare volunteer hours go to
/// accepting elders with unmet need anywhere in the township, most severe first.
pub fn platform(c: &mut County, villages: &mut [Village], ctx: &YearCtx) {
    let ip = &ctx.scenario.integration;
    let cp = &ctx.scenario.care;
    if !ip.platform {
        return;
    }
    let mut spare = vec![0.0f32; c.stations.len()];
    for v in villages.iter_mut() {
        spare[(v.township - c.first_township) as usize] +=
            std::mem::take(&mut v.spare_volunteer_hours);
    }
    let queue = applicants(villages, c, ctx, |v, i, _| {
        v.people.attitude[i] >= cp.acceptance.mutual_aid
    });
    for (_, _, _, vi, k) in queue {
        let v = &mut villages[vi];
        let pool = &mut spare[(v.township - c.first_township) as usize];
        if *pool <= 0.0 {
            continue;
        }
        let g = v
            .care
            .grant_volunteer(k, *pool, cp.mutual_aid.max_hours_per_elder);
        *pool -= g;
        c.tally.platform_hours += f64::from(g) * WEEKS;
    }
}
