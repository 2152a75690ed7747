//! Census: end-of-year stocks of a village (population by age, sex, status
//! and health; village viability) and its population pyramid.

use crate::population::people::{Health, NONE, Sex, Status};
use crate::population::village::Village;
use crate::sim::YearCtx;

/// Five-year age groups 0–4 … 85–89 and 90+.
pub const AGE_GROUPS: usize = 19;

pub fn age_group_label(g: usize) -> String {
    if g + 1 == AGE_GROUPS {
        format!("{}+", g * 5)
    } else {
        format!("{}-{}", g * 5, g * 5 + 4)
    }
}

/// Counts by [sex][age group]: resident and registered.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Pyramid {
    pub resident: [[f64; AGE_GROUPS]; 2],
    pub registered: [[f64; AGE_GROUPS]; 2],
}

impl Pyramid {
    pub fn add(&mut self, o: &Pyramid) {
        for s in 0..2 {
            for g in 0..AGE_GROUPS {
                self.resident[s][g] += o.resident[s][g];
                self.registered[s][g] += o.registered[s][g];
            }
        }
    }
}

/// Step: counts the village's stocks into its tally and pyramid. The loop is
/// branch-light (indicator arithmetic) because residents and Away persons are
/// interleaved in the rows.
pub fn record(v: &mut Village, ctx: &YearCtx) {
    let elder_age = ctx.scenario.household.elder_age;
    let p = &v.people;
    // Integer counters: [registered, resident, male, 0-14, 15-59, 15-64, 60+, 65+, 80+, partnered elders, young adults].
    let mut c = [0u32; 11];
    let mut age_sum = 0u64;
    let mut health = [0u32; 4];
    let mut reg = [[0u32; AGE_GROUPS]; 2];
    let mut res = [[0u32; AGE_GROUPS]; 2];
    for i in 0..p.len() {
        let st = p.status[i];
        let is_reg = u32::from(st.registered());
        let r = u32::from(st == Status::Resident);
        let age = p.age[i];
        let g = (usize::from(age) / 5).min(AGE_GROUPS - 1);
        let s = p.sex[i] as usize;
        reg[s][g] += is_reg;
        res[s][g] += r;
        let within = |lo: u8, hi: u8| r * u32::from((lo..=hi).contains(&age));
        let elder = within(elder_age, u8::MAX);
        c[0] += is_reg;
        c[1] += r;
        c[2] += r * u32::from(p.sex[i] == Sex::Male);
        c[3] += within(0, 14);
        c[4] += within(15, 59);
        c[5] += within(15, 64);
        c[6] += within(60, u8::MAX);
        c[7] += within(65, u8::MAX);
        c[8] += within(80, u8::MAX);
        c[9] += elder * u32::from(p.partner[i] != NONE);
        c[10] += within(20, 40);
        age_sum += u64::from(r) * u64::from(age);
        health[p.health[i] as usize] += elder;
    }
    let f = f64::from;
    let t = &mut v.tally;
    t.registered_population += f(c[0]);
    t.resident_population += f(c[1]);
    t.away_population += f(c[0] - c[1]);
    t.resident_male += f(c[2]);
    t.resident_female += f(c[1] - c[2]);
    t.resident_0_14 += f(c[3]);
    t.resident_15_59 += f(c[4]);
    t.resident_15_64 += f(c[5]);
    t.resident_60plus += f(c[6]);
    t.resident_65plus += f(c[7]);
    t.resident_80plus += f(c[8]);
    t.elders_partnered += f(c[9]);
    t.resident_age_sum += age_sum as f64;
    t.elders_frail += f(health[Health::Frail as usize]);
    t.elders_disabled += f(health[Health::Disabled as usize]);
    t.elders_severe += f(health[Health::Severe as usize]);
    t.villages += 1.0;
    t.villages_with_facility += f64::from(u8::from(
        v.facility != crate::population::village::Facility::None,
    ));
    t.villages_under_100_residents += f64::from(u8::from(c[1] < 100));
    t.villages_without_young_adults += f64::from(u8::from(c[10] == 0));
    let mut pyr = Pyramid::default();
    for s in 0..2 {
        for g in 0..AGE_GROUPS {
            pyr.registered[s][g] = f(reg[s][g]);
            pyr.resident[s][g] = f(res[s][g]);
        }
    }
    v.pyramid = pyr;
}
