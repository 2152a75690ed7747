//! Fertility (MODEL.md §7.3): age-specific rates for resident women 15–49,
//! the shape of a reference schedule scaled to a target total fertility rate
//! with a linear trend. Births happen to partnered women: their rate is the
//! all-women rate divided by the village's partnered share at that age band
//! (a band with no partnered woman leaving its births to the village's other
//! bands), so expected births per woman equal the schedule. Newborns join the mother's
//! household; births to Away women are not in the village.

use std::ops::RangeInclusive;

use crate::bands::{AGES, AgeBands};
use crate::population::people::{Health, NONE, NewPerson, People, Sex, Status};
use crate::population::village::Village;
use crate::rng::{KeyedDraws, Process, threshold};
use crate::scenario::RunParams;
use crate::scenario::reader::{Section, doc, fmt_range, fmt_sum};
use crate::sim::YearCtx;

#[derive(Clone, Debug)]
pub struct FertilityParams {
    pub tfr: f64,
    pub tfr_change_per_year: f64,
    pub tfr_min: f64,
    /// Reference age pattern (births per 1,000 women per year); only its shape is used.
    pub age_pattern: AgeBands,
    /// Males per 100 females at birth.
    pub sex_ratio_at_birth: f64,
}

/// Age bands over which the partnered share is measured: the width of the
/// census's fertility table (DATA.md §2), wide enough that most bands of a
/// village hold a partnered woman.
const BAND_WIDTH: usize = 5;
pub const FIRST_AGE: usize = 15;
const LAST_AGE: usize = 49;
const BANDS: usize = (LAST_AGE - FIRST_AGE + 1) / BAND_WIDTH;

/// The TFRs a scenario may state, and its trend reach, births per woman.
const TFR_RANGE: RangeInclusive<f64> = 0.0..=8.0;

impl FertilityParams {
    pub fn read(s: &mut Section) -> Self {
        let p = FertilityParams {
            tfr: s.num(
                "tfr",
                TFR_RANGE,
                doc(
                    "births per woman",
                    "total fertility rate of resident women in the start year",
                    "DATA.md §2 (A: between Jilin 0.88 and rural national)",
                ),
            ),
            tfr_change_per_year: s.num(
                "tfr_change_per_year",
                -0.2..=0.2,
                doc(
                    "births per woman per year",
                    "linear change of the TFR per calendar year",
                    "(A)",
                ),
            ),
            tfr_min: s.num(
                "tfr_min",
                TFR_RANGE,
                doc("births per woman", "floor under the trended TFR", "(A)"),
            ),
            age_pattern: s.bands(
                "age_pattern",
                0.0..=1000.0,
                None,
                doc(
                    "births per 1,000 women",
                    "reference age pattern; scaled to the TFR",
                    "DATA.md §2, Fuzhou 2020 census (P)",
                ),
            ),
            sex_ratio_at_birth: s.num(
                "sex_ratio_at_birth",
                80.0..=130.0,
                doc("males per 100 females", "sex ratio at birth", "(A)"),
            ),
        };
        let shape: f64 = p.age_pattern.per_age().iter().sum();
        s.require(
            &["age_pattern"],
            p.age_pattern.bands.is_empty() || shape > 0.0,
            || "every band is 0; expected at least one positive rate".into(),
        );
        // Rates outside the fecund ages would take their share of the TFR and never be used.
        let outside: Vec<String> = p
            .age_pattern
            .bands
            .iter()
            .filter(|b| {
                b.value > 0.0 && (usize::from(b.from) < FIRST_AGE || usize::from(b.to) > LAST_AGE)
            })
            .map(|b| format!("{}-{}", b.from, b.to))
            .collect();
        s.require(&["age_pattern"], outside.is_empty(), || {
            format!(
                "expected positive rates only within ages {FIRST_AGE}-{LAST_AGE}, found them in {}",
                outside.join(", ")
            )
        });
        p
    }

    /// Checks the schedule over the run's years of births (from the first
    /// simulated year): the trended TFR stays within [`TFR_RANGE`], and no
    /// age's rate exceeds 1. A partnered woman's yearly birth probability is
    /// her age's rate divided by her band's partnered share, known only as the
    /// run goes but at most 1, so it is at least the rate: above 1 it would be
    /// cut to 1 unseen, and a higher TFR would give no more births.
    pub fn check_years(&self, s: &Section, run: &RunParams) {
        let years = run.end_year - run.start_year;
        if years < 1 {
            return;
        }
        // The trend is linear and the floor only raises a falling one: the
        // highest TFR is the first year's, or the last's when it rises.
        let rising = self.tfr_change_per_year > 0.0;
        let t = if rising { years } else { 1 };
        let (tfr, year) = (self.tfr_at(t), run.start_year + t);
        let mut keys = vec!["age_pattern", "tfr"];
        if rising {
            keys.extend(["tfr_change_per_year", "run.end_year", "run.start_year"]);
            s.require(&keys[1..], TFR_RANGE.contains(&tfr), || {
                format!(
                    "tfr {} + tfr_change_per_year {} × {t} years gives {} in {year}; expected a \
                     TFR in {} (births per woman) in every simulated year (a smaller trend or an \
                     earlier run.end_year)",
                    self.tfr,
                    self.tfr_change_per_year,
                    fmt_sum(tfr),
                    fmt_range(&TFR_RANGE)
                )
            });
        }
        let (age, rate) = self
            .asfr(tfr)
            .into_iter()
            .enumerate()
            .fold((0, 0.0), |top, (a, r)| if r > top.1 { (a, r) } else { top });
        s.require(&keys, rate <= 1.0, || {
            format!(
                "age_pattern scaled to a TFR of {} ({year}) gives women aged {age} a rate of {} \
                 births a year; a partnered woman's yearly birth probability is her age's rate \
                 divided by the partnered share of her five-year band, known only as the run goes \
                 and at most 1, so it would be at least {} and be cut to 1; expected a largest rate \
                 of at most 1 (a lower tfr, or an age_pattern spread over more ages)",
                fmt_sum(tfr),
                fmt_sum(rate),
                fmt_sum(rate)
            )
        });
    }

    /// The TFR in a year (trend applied, floored).
    pub fn tfr_at(&self, years_since_start: i32) -> f64 {
        (self.tfr + self.tfr_change_per_year * f64::from(years_since_start)).max(self.tfr_min)
    }

    /// Mean age of mothers at birth under the age pattern.
    pub fn mean_age_at_birth(&self) -> f64 {
        let w = self.age_pattern.per_age();
        let total: f64 = w.iter().sum();
        w.iter()
            .enumerate()
            .map(|(a, x)| (a as f64 + 0.5) * x)
            .sum::<f64>()
            / total
    }

    /// Age-specific rates (births per woman per year) by single age, summing to `tfr`.
    pub fn asfr(&self, tfr: f64) -> [f64; AGES] {
        let shape = self.age_pattern.per_age();
        let total: f64 = shape.iter().sum();
        let mut out = [0.0; AGES];
        if total > 0.0 {
            for (o, s) in out.iter_mut().zip(shape) {
                *o = s / total * tfr;
            }
        }
        out
    }
}

/// Step: partnered resident women 15–49 give birth.
pub fn step(v: &mut Village, ctx: &YearCtx) {
    let asfr = &ctx.model.asfr[ctx.year_index];
    let draws = v.key_draws(ctx, Process::Fertility);
    let p = &mut v.people;
    let rows = p.rows_aged(Some(Sex::Female), FIRST_AGE as u8..=LAST_AGE as u8);
    let fecund = |p: &People, i: usize| {
        p.sex[i] == Sex::Female
            && p.status[i] == Status::Resident
            && (FIRST_AGE..=LAST_AGE).contains(&usize::from(p.age[i]))
    };
    // Resident women and partnered ones by age.
    let mut women = [0u32; LAST_AGE + 1];
    let mut partnered = [0u32; LAST_AGE + 1];
    for r in rows.clone() {
        for i in r {
            if fecund(p, i) {
                let age = usize::from(p.age[i]);
                women[age] += 1;
                partnered[age] += u32::from(p.partner[i] != NONE);
            }
        }
    }
    // Per 5-year band, the births the schedule gives its women and the
    // births its rates would give its partnered women alone.
    let mut want = [0.0; BANDS];
    let mut have = [0.0; BANDS];
    for age in FIRST_AGE..=LAST_AGE {
        let b = (age - FIRST_AGE) / BAND_WIDTH;
        want[b] += asfr[age] * f64::from(women[age]);
        have[b] += asfr[age] * f64::from(partnered[age]);
    }
    // A band's partnered women carry its births; a band with none leaves its
    // births to the village's other bands, in proportion to theirs, so that
    // the village's expected births are the schedule's (small, hollowed
    // villages have bands with no partnered woman).
    let expected: f64 = want.iter().sum();
    let carried: f64 = (0..BANDS).filter(|&b| have[b] > 0.0).map(|b| want[b]).sum();
    let spread = if carried > 0.0 {
        expected / carried
    } else {
        0.0
    };
    let mut th = [0u64; AGES];
    for (age, t) in th.iter_mut().enumerate().take(LAST_AGE + 1).skip(FIRST_AGE) {
        let b = (age - FIRST_AGE) / BAND_WIDTH;
        if have[b] > 0.0 {
            *t = threshold(asfr[age] * want[b] / have[b] * spread);
        }
    }
    let boy = threshold(ctx.model.boy_share);
    let mut births = 0u32;
    let first_newborn = p.len();
    // Newborns are pushed after the ranges' last row: they are not visited.
    for r in rows {
        for i in r {
            if !fecund(p, i) || p.partner[i] == NONE {
                continue;
            }
            // The woman's own draws: whether she gives birth, then the child's sex.
            let x = draws.of(p.serial[i]);
            if x >= th[usize::from(p.age[i])] {
                continue;
            }
            let sex = if KeyedDraws::next(x) < boy {
                Sex::Male
            } else {
                Sex::Female
            };
            p.push(NewPerson {
                age: 0,
                sex,
                status: Status::Resident,
                household: p.household[i],
                mother: i as u32,
                father: p.partner[i],
                health: Health::Healthy,
                attitude: ctx.model.attitude_at_birth,
            });
            births += 1;
        }
    }
    v.notes.newborns = first_newborn..v.people.len();
    v.tally.births += f64::from(births);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bands::Band;

    #[test]
    fn schedule_sums_to_the_target_tfr() {
        let pattern = [
            (15, 19, 3.0),
            (20, 24, 40.5),
            (25, 29, 98.7),
            (30, 34, 65.8),
            (35, 39, 27.0),
            (40, 44, 6.4),
            (45, 49, 1.4),
        ];
        let p = FertilityParams {
            tfr: 1.0,
            tfr_change_per_year: -0.01,
            tfr_min: 0.8,
            age_pattern: AgeBands::new(
                pattern
                    .iter()
                    .map(|&(from, to, value)| Band { from, to, value })
                    .collect(),
            ),
            sex_ratio_at_birth: 106.0,
        };
        for (y, target) in [(0, 1.0), (10, 0.9), (40, 0.8)] {
            let tfr: f64 = p.asfr(p.tfr_at(y)).iter().sum();
            assert!((tfr - target).abs() < 0.02, "{y}: {tfr}");
        }
        let a = p.asfr(1.0);
        assert!(a[27] > a[22] && a[22] > a[17] && a[14] == 0.0 && a[50] == 0.0);
    }
}
