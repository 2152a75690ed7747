//! Census: end-of-year stocks of a village (population by age, sex, status
//! and health; village viability) and its population pyramid.

use std::ops::RangeInclusive;

use crate::bands::{AGES, MAX_AGE};
use crate::population::people::{Health, NONE, Sex, Status};
use crate::population::village::Village;
use crate::scenario::reader::{Section, doc};
use crate::sim::YearCtx;

/// Village viability (MODEL.md §9): a viable village has at least
/// `viable_min_residents` residents, one of them a young adult.
#[derive(Clone, Debug)]
pub struct CensusParams {
    pub viable_min_residents: u32,
    /// The young adults' ages.
    pub viable_young_ages: RangeInclusive<usize>,
}

impl CensusParams {
    pub fn read(s: &mut Section) -> Self {
        let source = "(A: MODEL.md §9's example)";
        let viable_min_residents = s.int(
            "viable_min_residents",
            1..=10_000,
            doc(
                "persons",
                "a village with fewer residents is not viable (villages_not_viable)",
                source,
            ),
        ) as u32;
        // Within the working ages (resident_15_64): a wider span would take
        // children or the old for the young adults a village needs.
        let mut age = |key, about| s.int(key, 15..=64, doc("years", about, source)) as usize;
        let young_min = age(
            "viable_young_min_age",
            "youngest age of the young adults a village needs one of to be viable (villages_without_young_adults)",
        );
        let young_max = age("viable_young_max_age", "oldest age of those young adults");
        s.require(
            &["viable_young_min_age", "viable_young_max_age"],
            young_min <= young_max,
            || {
                format!(
                    "viable_young_min_age {young_min} is above viable_young_max_age {young_max}; \
                     expected a youngest age at most the oldest"
                )
            },
        );
        CensusParams {
            viable_min_residents,
            viable_young_ages: young_min..=young_max,
        }
    }
}

/// Norms per 1,000 elders (beds, caregivers, volunteers) count residents of
/// this age or older, as the DATA.md norms and the `resident_60plus` indicator do.
pub const NORM_ELDER_AGE: u8 = 60;

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

    /// Median age of the residents, years: interpolated within the five-year
    /// group that holds the middle resident, as from grouped census data
    /// (a group's residents taken as spread evenly over its five years); NaN
    /// with no resident.
    pub fn median_age_resident(&self) -> f64 {
        let by_group: [f64; AGE_GROUPS] =
            std::array::from_fn(|g| self.resident[0][g] + self.resident[1][g]);
        let half = by_group.iter().sum::<f64>() / 2.0;
        let mut below = 0.0;
        for (g, &n) in by_group.iter().enumerate() {
            if n > 0.0 && below + n >= half {
                return 5.0 * g as f64 + 5.0 * (half - below) / n;
            }
            below += n;
        }
        f64::NAN
    }
}

/// Step: counts the village's stocks into its tally and pyramid. One pass
/// counts persons by (status, sex, age), residents by (health, age) and
/// partnered residents by age; every stock is then summed from those tables.
pub fn record(v: &mut Village, ctx: &YearCtx) {
    let elder_age = usize::from(ctx.scenario.household.elder_age);
    let p = &v.people;
    // [status * 2 + sex][age], every status (Dead and Settled rows are counted and ignored).
    let mut by_key = [[0u32; AGES]; 8];
    let mut health = [[0u32; AGES]; 4];
    // [sex][age], residents.
    let mut partnered = [[0u32; AGES]; 2];
    for ((((&st, &sex), &age), &h), &partner) in p
        .status
        .iter()
        .zip(&p.sex)
        .zip(&p.age)
        .zip(&p.health)
        .zip(&p.partner)
    {
        let age = usize::from(age).min(MAX_AGE);
        by_key[st as usize * 2 + sex as usize][age] += 1;
        // Rows are sorted by status: this branch predicts well.
        if st == Status::Resident {
            health[h as usize][age] += 1;
            partnered[sex as usize][age] += u32::from(partner != NONE);
        }
    }
    let resident = |sex: Sex| &by_key[Status::Resident as usize * 2 + sex as usize];
    let away = |sex: Sex| &by_key[Status::Away as usize * 2 + sex as usize];
    let residents: [u32; AGES] =
        std::array::from_fn(|a| resident(Sex::Male)[a] + resident(Sex::Female)[a]);
    let sum = |t: &[u32; AGES], ages: std::ops::RangeInclusive<usize>| -> f64 {
        let (lo, hi) = (*ages.start(), (*ages.end()).min(MAX_AGE));
        t.get(lo..=hi).map_or(0, |x| x.iter().sum::<u32>()).into()
    };
    let all = 0..=MAX_AGE;
    let elders = elder_age..=MAX_AGE;
    let (male, female) = (
        sum(resident(Sex::Male), all.clone()),
        sum(resident(Sex::Female), all.clone()),
    );
    let away_total = sum(away(Sex::Male), all.clone()) + sum(away(Sex::Female), all.clone());
    let t = &mut v.tally;
    t.registered_population += male + female + away_total;
    t.resident_population += male + female;
    t.away_population += away_total;
    t.resident_male += male;
    t.resident_female += female;
    t.resident_0_14 += sum(&residents, 0..=14);
    t.resident_15_59 += sum(&residents, 15..=59);
    t.resident_15_64 += sum(&residents, 15..=64);
    t.resident_60plus += sum(&residents, usize::from(NORM_ELDER_AGE)..=MAX_AGE);
    t.resident_65plus += sum(&residents, 65..=MAX_AGE);
    t.resident_80plus += sum(&residents, 80..=MAX_AGE);
    t.resident_elders += sum(&residents, elders.clone());
    t.elders_partnered += sum(&partnered[0], elders.clone()) + sum(&partnered[1], elders.clone());
    let men_30_59 = sum(resident(Sex::Male), 30..=59);
    t.resident_men_30_59 += men_30_59;
    t.men_30_59_unpartnered += men_30_59 - sum(&partnered[Sex::Male as usize], 30..=59);
    t.resident_age_sum += residents
        .iter()
        .enumerate()
        .map(|(a, &n)| a as f64 * f64::from(n))
        .sum::<f64>();
    t.elders_frail += sum(&health[Health::Frail as usize], elders.clone());
    t.elders_disabled += sum(&health[Health::Disabled as usize], elders.clone());
    t.elders_severe += sum(&health[Health::Severe as usize], elders);
    t.villages += 1.0;
    let viability = &ctx.scenario.census;
    let no_young = sum(&residents, viability.viable_young_ages.clone()) == 0.0;
    let too_few = male + female < f64::from(viability.viable_min_residents);
    // Fixed at 100, as its name says, whatever makes a village viable.
    t.villages_under_100_residents += f64::from(u8::from(male + female < 100.0));
    t.villages_without_young_adults += f64::from(u8::from(no_young));
    t.villages_not_viable += f64::from(u8::from(too_few || no_young));
    let mut pyr = Pyramid::default();
    for (s, sex) in [Sex::Male, Sex::Female].into_iter().enumerate() {
        for g in 0..AGE_GROUPS {
            // Five years each, the last open-ended.
            let last = if g + 1 == AGE_GROUPS {
                MAX_AGE
            } else {
                5 * g + 4
            };
            let here = sum(resident(sex), 5 * g..=last);
            pyr.resident[s][g] = here;
            pyr.registered[s][g] = here + sum(away(sex), 5 * g..=last);
        }
    }
    v.pyramid = pyr;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::Tally;
    use crate::scenario::Scenario;
    use crate::sim::testing;

    /// Each village's tally and (residents, residents of `ages`) at the start.
    fn start(sc: &Scenario, ages: RangeInclusive<usize>) -> Vec<(Tally, usize, usize)> {
        let mut out = Vec::new();
        testing::each_year(sc, |_, _, villages| {
            for v in villages {
                let p = &v.people;
                let residents = || (0..p.len()).filter(|&i| p.status[i] == Status::Resident);
                let young = residents().filter(|&i| ages.contains(&usize::from(p.age[i])));
                out.push((v.tally, residents().count(), young.count()));
            }
        });
        out
    }

    #[test]
    fn viability_follows_its_parameters_and_the_under_100_count_keeps_its_100() {
        let mut sc = testing::baseline(0.002, 0);
        // A size and an age some of this small region's villages fall short of or lack.
        sc.census.viable_min_residents = 700;
        sc.census.viable_young_ages = 15..=15;
        let villages = start(&sc, 15..=15);
        let (mut small, mut without) = (0, 0);
        for (t, residents, young) in villages {
            let (too_few, no_young) = (residents < 700, young == 0);
            assert_eq!(
                t.villages_under_100_residents,
                f64::from(u8::from(residents < 100))
            );
            assert_eq!(
                t.villages_without_young_adults,
                f64::from(u8::from(no_young))
            );
            assert_eq!(
                t.villages_not_viable,
                f64::from(u8::from(too_few || no_young))
            );
            small += usize::from(too_few);
            without += usize::from(no_young);
        }
        assert!(small > 0 && without > 0, "{small} small, {without} without");
    }

    #[test]
    fn median_age_is_interpolated_within_the_middle_group() {
        let mut p = Pyramid::default();
        assert!(p.median_age_resident().is_nan(), "no resident, no median");
        // Everyone aged 60–64: the middle of that group.
        p.resident[0][12] = 30.0;
        p.resident[1][12] = 10.0;
        assert_eq!(p.median_age_resident(), 62.5);
        // As many in every group: half-way through the tenth (45–49).
        let mut even = Pyramid::default();
        for g in 0..AGE_GROUPS {
            even.resident[g % 2][g] = 4.0;
        }
        assert_eq!(even.median_age_resident(), 47.5);
        // Registered persons away do not count.
        even.registered[0][0] = 1000.0;
        assert_eq!(even.median_age_resident(), 47.5);
    }
}
