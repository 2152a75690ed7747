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

/// Step: counts the village's stocks into its tally and pyramid.
pub fn record(v: &mut Village, ctx: &YearCtx) {
    let elder_age = ctx.scenario.household.elder_age;
    let p = &v.people;
    let t = &mut v.tally;
    let mut pyr = Pyramid::default();
    let mut young_adults = 0u32;
    for i in 0..p.len() {
        let st = p.status[i];
        if !st.registered() {
            continue;
        }
        let age = p.age[i];
        let g = (usize::from(age) / 5).min(AGE_GROUPS - 1);
        let s = p.sex[i] as usize;
        pyr.registered[s][g] += 1.0;
        t.registered_population += 1.0;
        if st == Status::Away {
            t.away_population += 1.0;
            continue;
        }
        pyr.resident[s][g] += 1.0;
        t.resident_population += 1.0;
        t.resident_age_sum += f64::from(age);
        match p.sex[i] {
            Sex::Male => t.resident_male += 1.0,
            Sex::Female => t.resident_female += 1.0,
        }
        let a = |lo: u8, hi: u8| f64::from(u8::from(age >= lo && age <= hi));
        t.resident_0_14 += a(0, 14);
        t.resident_15_59 += a(15, 59);
        t.resident_15_64 += a(15, 64);
        t.resident_60plus += a(60, u8::MAX);
        t.resident_65plus += a(65, u8::MAX);
        t.resident_80plus += a(80, u8::MAX);
        young_adults += u32::from((20..=40).contains(&age));
        if age >= elder_age {
            t.elders_partnered += f64::from(u8::from(p.partner[i] != NONE));
            match p.health[i] {
                Health::Frail => t.elders_frail += 1.0,
                Health::Disabled => t.elders_disabled += 1.0,
                Health::Severe => t.elders_severe += 1.0,
                Health::Healthy => {}
            }
        }
    }
    t.villages += 1.0;
    let residents = t.resident_population;
    t.villages_under_100_residents += f64::from(u8::from(residents < 100.0));
    t.villages_without_young_adults += f64::from(u8::from(young_adults == 0));
    v.pyramid = pyr;
}
