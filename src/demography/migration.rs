//! Migration (MODEL.md §7.5–7.6): out-migration of residents (alone, or with
//! spouse and young children), return of Away persons (more likely when a
//! parent in the village is dependent and short of care), and permanent
//! settlement elsewhere after years away (hukou transfer).
//!
//! Migrants stay in the registry as Away. Persons who settle elsewhere leave
//! the registered population and the rows; their parents count them as
//! children elsewhere.

use crate::bands::{AgeBands, MAX_AGE};
use crate::care::book::CareBook;
use crate::population::household::{household_on_return, household_sizes};
use crate::population::people::{NONE, People, Sex, Status};
use crate::population::village::Village;
use crate::rng::{GapRun, Gaps, Process, Stream, threshold};
use crate::scenario::reader::{Section, doc};
use crate::sim::YearCtx;

#[derive(Clone, Debug)]
pub struct MigrationParams {
    pub out_rate: AgeBands,
    /// Out-migration probabilities change by this many % a year after the start year.
    pub out_rate_trend: f64,
    /// Multiplier of the out-migration probability for women (MODEL.md §7.5: by age and sex).
    pub out_female_multiplier: f64,
    pub out_from_age: u8,
    pub spouse_follows: f64,
    pub children_follow: f64,
    pub return_rate: AgeBands,
    /// Return probabilities change by this many % a year after the start year.
    pub return_rate_trend: f64,
    /// Multiplier on an Away child's return probability when a resident parent
    /// is Disabled or Severe with unmet care (the care-triggered return hook).
    pub care_return_multiplier: f64,
    /// Returning-youth incentive: extra return probability (× (1 + this)) at the ages below.
    pub return_incentive: f64,
    pub return_incentive_ages: (u8, u8),
    /// Yuan paid to each returner of the incentive's ages per unit of
    /// `return_incentive` (a one-off payment, start-year prices).
    pub return_incentive_cost_yuan: f64,
    /// How much of the incentive also keeps youth from leaving: out-migration
    /// at the incentive ages × 1 / (1 + this × return_incentive).
    pub return_incentive_out_response: f64,
    pub settle_after_years: u8,
    pub settle_rate: f64,
}

impl MigrationParams {
    pub fn read(s: &mut Section) -> Self {
        let mp = Self::read_values(s);
        let (lo, hi) = mp.return_incentive_ages;
        s.require(
            &["return_incentive_min_age", "return_incentive_max_age"],
            lo <= hi,
            || format!("return_incentive_min_age {lo} is above return_incentive_max_age {hi}"),
        );
        // The care-raised return probability is a probability too.
        let top = (0..=MAX_AGE)
            .map(|a| mp.return_rate.at(a) * mp.return_multiplier(a) * mp.care_return_multiplier)
            .fold(0.0, f64::max);
        s.require(
            &["care_return_multiplier", "return_rate", "return_incentive"],
            top <= 1.0,
            || {
                format!(
                    "return_rate × (1 + return_incentive at its ages) × care_return_multiplier reaches {top:.3} \
                     at some age; expected a probability of at most 1"
                )
            },
        );
        mp
    }

    fn read_values(s: &mut Section) -> Self {
        MigrationParams {
            out_rate: s.bands("out_rate", 0.0..=1.0, None, doc("probability per year", "annual out-migration probability of residents by age", "DATA.md §4 (A) rates × 1.2 (C: scaled so that, with the return and settlement rates, residents fall about 2 % a year in the 2020s, DATA.md §4)")),
            out_rate_trend: s.num("out_rate_trend", -20.0..=20.0, doc("% per year", "change of every out-migration probability each year after the start year (compounded; a probability is capped at 1)", "MODEL.md §6 (A: none assumed, DATA.md gives no trend)")),
            out_female_multiplier: s.num("out_female_multiplier", 0.0..=3.0, doc("× probability", "out-migration probability of women relative to men of the same age", "(A) 1: DATA.md gives no rural Jilin rate by sex; the residents' sex ratio (DATA.md §1) comes from the sex ratio at birth and the start profile")),
            out_from_age: s.int("out_from_age", 10..=25, doc("years", "youngest age that migrates on its own, at most household.child_age (children under household.child_age move with a parent too)", "(A)")) as u8,
            spouse_follows: s.prob("spouse_follows", doc("probability", "a migrant's resident partner leaves too (likewise returns with a returner)", "(A)")),
            children_follow: s.prob("children_follow", doc("probability", "young children whose parents leave, none left at home, go with them, drawn once per family; otherwise they stay with the remaining adults or grandparents (left-behind children)", "(A)")),
            return_rate: s.bands("return_rate", 0.0..=1.0, None, doc("probability per year", "annual return probability of Away persons by age", "DATA.md §4 defaults (A; Bai et al. 2018 observed ≈ 1.5 %/yr over all ages, V)")),
            return_rate_trend: s.num("return_rate_trend", -20.0..=20.0, doc("% per year", "change of every return probability each year after the start year (compounded; a probability is capped at 1)", "MODEL.md §6 (A: none assumed, DATA.md gives no trend)")),
            care_return_multiplier: s.num("care_return_multiplier", 1.0..=50.0, doc("× probability", "return probability multiplier when a resident parent is Disabled/Severe with unmet care", "MODEL.md §7.6 (A)")),
            return_incentive: s.num("return_incentive", 0.0..=10.0, doc("+ share of the return probability", "returning-youth incentives raise return at the incentive ages (migration.return_incentive)", "lever; none in the baseline")),
            return_incentive_ages: (
                s.int("return_incentive_min_age", 15..=110, doc("years", "youngest age the incentive targets", "(A)")) as u8,
                s.int("return_incentive_max_age", 15..=110, doc("years", "oldest age the incentive targets", "(A)")) as u8,
            ),
            return_incentive_cost_yuan: s.num("return_incentive_cost_yuan", 0.0..=1e7, doc("yuan per returner per unit of return_incentive", "one-off payment of the returning-youth incentive to each returner of its ages, scaled by the incentive's strength (10,000 × 0.5 = 5,000 yuan a returner in the shipped scenarios); paid by government, in start-year prices", "(A: settling-in and start-up support for returning youth of the order of a few months of rural income, DATA.md §7)")),
            return_incentive_out_response: s.num("return_incentive_out_response", 0.0..=10.0, doc("× return_incentive", "the returning-youth incentive also lowers out-migration at its ages: out-migration × 1 / (1 + this × return_incentive)", "MODEL.md §7.5 (A)")),
            settle_after_years: s.int("settle_after_years", 0..=50, doc("years", "years away after which an Away person may settle permanently elsewhere", "DATA.md §4 (A)")) as u8,
            settle_rate: s.prob("settle_rate", doc("probability per year", "annual probability that a long-term Away person transfers registration away", "DATA.md §4 (A)")),
        }
    }
}

impl MigrationParams {
    /// The factors of the out-migration and return probabilities `year_index`
    /// years after the start year, from their trends.
    pub fn trends(&self, year_index: usize) -> (f64, f64) {
        let years = year_index as i32;
        [self.out_rate_trend, self.return_rate_trend]
            .map(|pct| (1.0 + pct / 100.0).powi(years))
            .into()
    }

    fn incentive_age(&self, age: usize) -> bool {
        let (lo, hi) = self.return_incentive_ages;
        (usize::from(lo)..=usize::from(hi)).contains(&age)
    }

    /// Multiplier of the return probability at an age (the returning-youth incentive).
    pub fn return_multiplier(&self, age: usize) -> f64 {
        if self.incentive_age(age) {
            1.0 + self.return_incentive
        } else {
            1.0
        }
    }

    /// Multiplier of the out-migration probability at an age and sex: women's
    /// multiplier, and the returning-youth incentive keeping some from leaving.
    pub fn out_multiplier(&self, sex: Sex, age: usize) -> f64 {
        let by_sex = match sex {
            Sex::Male => 1.0,
            Sex::Female => self.out_female_multiplier,
        };
        if self.incentive_age(age) {
            by_sex / (1.0 + self.return_incentive_out_response * self.return_incentive)
        } else {
            by_sex
        }
    }
}

/// Marks of this year's movers, in the village's flag scratch.
const MOVED: u8 = 1;
/// On a moved parent: whether their young children go with them is drawn.
const KIDS_DRAWN: u8 = 2;
/// On a moved parent: their young children go with them.
const KIDS_GO: u8 = 4;

fn moved_parent(p: &People, flags: &[u8], c: usize) -> Option<usize> {
    [p.mother[c], p.father[c]]
        .into_iter()
        .find(|&x| x != NONE && flags[x as usize] & MOVED != 0)
        .map(|x| x as usize)
}

fn clear_flags(flags: &mut Vec<u8>, n: usize) {
    flags.clear();
    flags.resize(n, 0);
}

/// Step: residents leave, a partner may go with them; then each young child
/// of a leaver with no parent left in the village goes too (by chance, or
/// when no adult is left at home and no grandparent can take them), or stays
/// behind with grandparents (left-behind children).
pub fn out_migration(v: &mut Village, ctx: &YearCtx) {
    let mp = &ctx.scenario.migration;
    let child_age = ctx.scenario.household.child_age;
    let industry = usize::from(v.industry);
    let tables = &ctx.model.migration[ctx.year_index];
    let th = &tables.out_thresholds[industry];
    let (spouse, kids) = (threshold(mp.spouse_follows), threshold(mp.children_follow));
    let mut rng = v.stream(ctx, Process::OutMigration);
    let p = &mut v.people;
    let flags = &mut v.scratch.flags;
    clear_flags(flags, p.len());
    let mut left = 0u32;
    // Dependents (Disabled or Severe) and institution residents do not move
    // away for work, nor follow a partner who does.
    let can_leave = |p: &People, i: usize| !p.health[i].dependent() && !p.in_institution[i];
    let mut moves = |p: &mut People, rng: &mut Stream, i: usize| {
        if !can_leave(p, i) {
            return;
        }
        p.leave(i);
        flags[i] |= MOVED;
        left += 1;
        let partner = p.partner[i];
        if partner != NONE
            && p.status[partner as usize] == Status::Resident
            && rng.hit(spouse)
            && can_leave(p, partner as usize)
        {
            p.leave(partner as usize);
            flags[partner as usize] |= MOVED;
            left += 1;
        }
    };
    // Rows Resident at the last reorder, by runs of ages with one rate: the
    // pass jumps from one drawn move to the next and takes it if the row is
    // still resident (each resident's chance stays the rate of their age).
    for sex in [Sex::Male, Sex::Female] {
        for GapRun { ages, gaps } in &tables.out_runs[industry][sex as usize] {
            let rows = p.sorted_rows(Status::Resident, sex, ages.clone());
            gaps.each_success(rows, &mut rng, |rng, i| {
                if p.status[i] == Status::Resident {
                    moves(p, rng, i);
                }
            });
        }
    }
    // Everyone else who may be resident now (Away at the last reorder, or
    // pushed since) draws row by row; rows are sorted by status and age, so
    // these branches predict well.
    let others = [
        p.sorted_rows(Status::Away, Sex::Male, mp.out_from_age..=MAX_AGE as u8),
        p.sorted_rows(Status::Away, Sex::Female, mp.out_from_age..=MAX_AGE as u8),
        p.pushed_rows(),
    ];
    for rows in others {
        for i in rows {
            if p.status[i] == Status::Resident
                && p.age[i] >= mp.out_from_age
                && rng.hit(th[p.sex[i] as usize][usize::from(p.age[i])])
            {
                moves(p, &mut rng, i);
            }
        }
    }
    if left > 0 {
        let minors = &mut v.scratch.a;
        minors.clear();
        for rows in p.rows_aged(None, 0..=child_age - 1) {
            for c in rows {
                if p.status[c] == Status::Resident
                    && p.age[c] < child_age
                    && moved_parent(p, flags, c).is_some()
                    && p.resident_parent(c).is_none()
                {
                    minors.push(c as u32);
                }
            }
        }
        if !minors.is_empty() {
            household_sizes(p, ctx.scenario.household.adult_age, &mut v.notes.counts);
        }
        for &c in minors.iter() {
            let c = c as usize;
            // One draw per family: siblings go, or stay, together (the
            // parent found first, the mother if both moved, holds the draw).
            let Some(parent) = moved_parent(p, flags, c) else {
                continue;
            };
            if flags[parent] & KIDS_DRAWN == 0 {
                flags[parent] |= KIDS_DRAWN | if rng.hit(kids) { KIDS_GO } else { 0 };
            }
            if flags[parent] & KIDS_GO == 0 {
                if v.notes.counts[p.household[c] as usize] > 0 {
                    continue;
                }
                if let Some(g) = p.resident_grandparent(c) {
                    p.rehouse(c, p.household[g]);
                    continue;
                }
            }
            p.leave(c);
            left += 1;
        }
    }
    v.tally.out_migrants += f64::from(left);
}

/// Step: Away persons return, a partner may come too; young Away children of
/// a returner come with them.
pub fn return_migration(v: &mut Village, ctx: &YearCtx) {
    let mp = &ctx.scenario.migration;
    let child_age = ctx.scenario.household.child_age;
    let tables = &ctx.model.migration[ctx.year_index];
    let th = &tables.return_thresholds;
    let care_th = &tables.care_return_thresholds;
    let spouse = threshold(mp.spouse_follows);
    let mut rng = v.stream(ctx, Process::Return);
    let (p, book) = (&mut v.people, &v.care);
    let flags = &mut v.scratch.flags;
    clear_flags(flags, p.len());
    let (mut returned, mut care_returned, mut recruit_age, mut incentive_age) =
        (0u32, 0u32, 0u32, 0u32);
    let wp = &ctx.scenario.workforce;
    let recruit_ages = wp.recruit_min_age..=wp.recruit_max_age;
    let incentive_ages = mp.return_incentive_ages.0..=mp.return_incentive_ages.1;
    let arrive = |p: &mut People, flags: &mut [u8], m: usize, h: u32| {
        p.set_status(m, Status::Resident);
        p.rehouse(m, h);
        p.years_away[m] = 0;
        flags[m] |= MOVED;
    };
    let eligible = |p: &People, i: usize| {
        p.status[i] == Status::Away && p.age[i] >= child_age && p.years_away[i] > 0
    };
    // `i` drew below the care threshold (the larger): they return if a
    // parent pulls, else if the draw was `regular`ly low too.
    let mut returns = |p: &mut People, rng: &mut Stream, i: usize, regular: bool| {
        let pulled = parent_needs_care(p, book, i);
        if !pulled && !regular {
            return;
        }
        // Counted only when the parent's need made the difference: a draw low
        // enough for a regular return would have brought them back anyway.
        care_returned += u32::from(pulled & !regular);
        let h = household_on_return(p, i);
        arrive(p, flags, i, h);
        returned += 1;
        recruit_age += u32::from(recruit_ages.contains(&p.age[i]));
        incentive_age += u32::from(incentive_ages.contains(&p.age[i]));
        let partner = p.partner[i];
        if partner != NONE && p.status[partner as usize] == Status::Away && rng.hit(spouse) {
            arrive(p, flags, partner as usize, h);
            returned += 1;
            recruit_age += u32::from(recruit_ages.contains(&p.age[partner as usize]));
            incentive_age += u32::from(incentive_ages.contains(&p.age[partner as usize]));
        }
    };
    // Row by row where few are Away (rows Resident at the last reorder that
    // have left since, or pushed since): one draw per eligible row, tested
    // against both thresholds.
    let draw = |p: &People, rng: &mut Stream, i: usize| {
        let age = usize::from(p.age[i]);
        let x = rng.next_u64();
        (x < care_th[age]).then_some(x < th[age])
    };
    // No one leaves during this step, so the list does not change under the pass.
    for k in 0..p.left_since().len() {
        let i = p.left_since()[k] as usize;
        if eligible(p, i)
            && let Some(regular) = draw(p, &mut rng, i)
        {
            returns(p, &mut rng, i, regular);
        }
    }
    // Rows Away at the last reorder, by runs of ages with one care threshold:
    // the pass jumps from one draw below it to the next, and such a draw is
    // below the regular threshold too with the ratio of the two.
    let regular = &tables.regular_given_care;
    for sex in [Sex::Male, Sex::Female] {
        for GapRun { ages, gaps } in &tables.care_return_runs {
            let rows = p.sorted_rows(Status::Away, sex, ages.clone());
            gaps.each_success(rows, &mut rng, |rng, i| {
                if eligible(p, i) {
                    let low = rng.hit(regular[usize::from(p.age[i])]);
                    returns(p, rng, i, low);
                }
            });
        }
    }
    for i in p.pushed_rows() {
        if eligible(p, i)
            && let Some(regular) = draw(p, &mut rng, i)
        {
            returns(p, &mut rng, i, regular);
        }
    }
    if returned > 0 {
        for rows in p.rows_aged(None, 0..=child_age - 1) {
            for c in rows {
                if p.status[c] != Status::Away || p.age[c] >= child_age || flags[c] & MOVED != 0 {
                    continue;
                }
                if let Some(par) = moved_parent(p, flags, c) {
                    let h = p.household[par];
                    arrive(p, flags, c, h);
                    returned += 1;
                }
            }
        }
    }
    v.tally.return_migrants += f64::from(returned);
    v.tally.care_returners += f64::from(care_returned);
    v.tally.return_migrants_recruit_age += f64::from(recruit_age);
    v.tally.return_migrants_incentive_age += f64::from(incentive_age);
}

/// A resident parent who is Disabled or Severe and had unmet care last year
/// (in last year's care book, whose rows have not moved since).
fn parent_needs_care(p: &People, book: &CareBook, i: usize) -> bool {
    [p.mother[i], p.father[i]].into_iter().any(|par| {
        par != NONE && {
            let par = par as usize;
            p.status[par] == Status::Resident
                && p.health[par].dependent()
                && book.unmet_of(par) > 0.0
        }
    })
}

/// Step: long-term Away persons settle elsewhere, with an Away partner and their young Away children.
/// Registration moves with the family: an Away person whose partner is
/// Resident (a county bed included) keeps it here, until they return, or the
/// partner leaves too or dies.
pub fn settlement(v: &mut Village, ctx: &YearCtx) {
    let mp = &ctx.scenario.migration;
    let child_age = ctx.scenario.household.child_age;
    let th = threshold(mp.settle_rate);
    let mut rng = v.stream(ctx, Process::Settlement);
    let p = &mut v.people;
    let flags = &mut v.scratch.flags;
    clear_flags(flags, p.len());
    let mut settled = 0u32;
    let mut lapsed = 0.0f32;
    let eligible = |p: &People, i: usize| {
        let partner = p.partner[i];
        p.status[i] == Status::Away
            && p.age[i] >= child_age
            && p.years_away[i] >= mp.settle_after_years
            && (partner == NONE || p.status[partner as usize] != Status::Resident)
    };
    let mut settles = |p: &mut People, i: usize| {
        let partner = p.partner[i];
        lapsed += p.settle(i);
        flags[i] |= MOVED;
        settled += 1;
        if partner != NONE && p.status[partner as usize] == Status::Away {
            lapsed += p.settle(partner as usize);
            flags[partner as usize] |= MOVED;
            settled += 1;
        }
    };
    let ages = child_age..=MAX_AGE as u8;
    // Row by row where few are Away (rows Resident at the last reorder that
    // have left since); no one leaves during this step.
    for k in 0..p.left_since().len() {
        let i = p.left_since()[k] as usize;
        if eligible(p, i) && rng.hit(th) {
            settles(p, i);
        }
    }
    // Rows Away at the last reorder: the pass jumps from one drawn settlement
    // to the next and takes it if the row is still eligible.
    if let Some(gaps) = Gaps::new(mp.settle_rate) {
        for sex in [Sex::Male, Sex::Female] {
            let rows = p.sorted_rows(Status::Away, sex, ages.clone());
            gaps.each_success(rows, &mut rng, |_, i| {
                if eligible(p, i) {
                    settles(p, i);
                }
            });
        }
    }
    for i in p.pushed_rows() {
        if eligible(p, i) && rng.hit(th) {
            settles(p, i);
        }
    }
    if settled > 0 {
        for rows in p.rows_aged(None, 0..=child_age - 1) {
            for c in rows {
                if p.status[c] == Status::Away
                    && p.age[c] < child_age
                    && moved_parent(p, flags, c).is_some()
                {
                    lapsed += p.settle(c);
                    settled += 1;
                }
            }
        }
    }
    v.tally.settled_elsewhere += f64::from(settled);
    v.tally.time_bank_forfeited_hours += f64::from(lapsed);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::population::layout;
    use crate::sim::testing::baseline;
    use crate::sim::{Model, build_county};

    #[test]
    fn an_away_person_whose_partner_lives_here_keeps_the_registration() {
        // Everyone Away long enough settles, but for the partners of residents.
        let mut sc = baseline(0.002, 0);
        sc.migration.settle_rate = 1.0;
        sc.migration.settle_after_years = 0;
        let model = Model::new(&sc);
        let plan = &layout::plan(&sc.region, sc.run.scale)[0];
        let (_, mut villages) = build_county(&sc, &model, 0, plan);
        let ctx = YearCtx::new(&sc, &model, 0, 1);
        let v = &mut villages[0];
        let adult = sc.household.child_age;
        let p = &v.people;
        let partner_status =
            |p: &People, i: usize| (p.partner[i] != NONE).then(|| p.status[p.partner[i] as usize]);
        let away: Vec<(u32, Option<Status>)> = (0..p.len())
            .filter(|&i| p.status[i] == Status::Away && p.age[i] >= adult)
            .map(|i| (p.serial[i], partner_status(p, i)))
            .collect();
        let kept = away
            .iter()
            .filter(|(_, s)| *s == Some(Status::Resident))
            .count();
        assert!(kept > 0 && kept < away.len(), "{kept} of {}", away.len());
        settlement(v, &ctx);
        let p = &v.people;
        let row_of = |serial: u32| (0..p.len()).find(|&i| p.serial[i] == serial).unwrap();
        for &(serial, before) in &away {
            let i = row_of(serial);
            if before == Some(Status::Resident) {
                assert_eq!(p.status[i], Status::Away);
                assert_eq!(partner_status(p, i), Some(Status::Resident));
            } else {
                assert_eq!(p.status[i], Status::Settled);
                assert_eq!(p.partner[i], NONE);
            }
        }
        // Those who settled, and the young Away children who went with them.
        assert!(v.tally.settled_elsewhere as usize >= away.len() - kept);
    }
}
