//! Partnership (MODEL.md §7.4): unpartnered resident women form a union with
//! an annual probability by age, choosing among the village's unpartnered
//! resident men the one closest to a preferred age gap. Men are not drawn:
//! when young women have left, men stay unpartnered, which is the rural sex
//! imbalance the model needs. Widowhood follows from mortality. A lever
//! opens the county's marriage pool ([`county_pool`]) to women who find no
//! partner in their village.

use crate::bands::{AGES, AgeBands, MAX_AGE};
use crate::care::county::County;
use crate::population::household;
use crate::population::people::{Health, NONE, NewPerson, People, Sex, Status, push_rows_where};
use crate::population::village::Village;
use crate::rng::{GapRun, Process, threshold};
use crate::scenario::reader::{Section, doc};
use crate::sim::YearCtx;

#[derive(Clone, Debug, PartialEq)]
pub struct PartnershipParams {
    /// Annual probability that an unpartnered resident woman forms a union, by age.
    pub union_rate: AgeBands,
    /// Preferred age difference, husband minus wife, years.
    pub age_gap_mean: f64,
    pub age_gap_min: f64,
    pub age_gap_max: f64,
    /// Youngest age at which a resident forms a union, years.
    pub min_age: u8,
    /// Chance that a woman who found no partner in her village seeks one in
    /// the other villages of the county that year (0: unions stay within villages).
    pub county_pool: f64,
}

impl PartnershipParams {
    pub fn read(s: &mut Section) -> Self {
        PartnershipParams {
            union_rate: s.bands("union_rate", 0.0..=1.0, None, doc("probability per year", "annual probability that an unpartnered resident woman forms a union (remarriage included)", "(C: reproduces the partnered shares of [population] partnered_share)")),
            age_gap_mean: s.num("age_gap_mean", -10.0..=20.0, doc("years", "preferred age of husband minus wife", "(A: about 2 years in Chinese censuses)")),
            age_gap_min: s.num("age_gap_min", -20.0..=20.0, doc("years", "smallest acceptable husband-minus-wife gap", "(A)")),
            age_gap_max: s.num("age_gap_max", -20.0..=40.0, doc("years", "largest acceptable husband-minus-wife gap", "(A)")),
            min_age: s.int("min_age", 14..=30, doc("years", "youngest age at which a resident of either sex forms a union (the start profile's couples too)", "(A) 18: the youngest band of union_rate; below the registered-marriage ages of 20 and 22 (Civil Code art. 1047), as customary unions come earlier")) as u8,
            county_pool: s.prob("county_pool", doc("probability per year", "chance that a woman who drew a union but found no partner in her village seeks one in the county's other villages (marrying in, she moves to her husband's village)", "(lever: MODEL.md §7.4 county pool; none in the baseline)")),
        }
    }
}

/// Step: union formation among residents; the couple's household follows
/// the household rule (stem family or a new household).
pub fn step(v: &mut Village, ctx: &YearCtx) {
    let mut rng = v.stream(ctx, Process::Partnership);
    let unmatched = &mut v.notes.unmatched;
    unmatched.clear();
    let s = &mut v.scratch;
    let p = &v.people;
    let rate = &ctx.model.union_thresholds;
    let min_age = ctx.scenario.partnership.min_age;
    // Column slices held in registers across the loops.
    let (sex, age, status, partner) = (&p.sex[..], &p.age[..], &p.status[..], &p.partner[..]);
    let single = |i: usize| (status[i] == Status::Resident) & (partner[i] == NONE);
    // Women who seek a union this year, in row order. Rows Resident at the
    // last reorder, by runs of ages with one rate: the pass jumps from one
    // drawn union to the next and takes it if the woman is still single and
    // resident. Rows Away then or pushed since draw one by one.
    let women = &mut s.b;
    women.clear();
    for GapRun { ages, gaps } in &ctx.model.union_runs {
        let rows = p.sorted_rows(Status::Resident, Sex::Female, ages.clone());
        gaps.each_success(rows, &mut rng, |_, i| {
            if single(i) {
                women.push(i as u32);
            }
        });
    }
    // The women of these ages among the rows Away at the last reorder that
    // have returned since (the others are not resident), then the rows
    // pushed since: one draw each.
    let away = p.sorted_rows(Status::Away, Sex::Female, ctx.model.union_ages.clone());
    let (_, returned, _) = p.maybe_resident();
    let returned = returned.iter().map(|&i| i as usize);
    for i in returned.filter(|i| away.contains(i)).chain(p.pushed_rows()) {
        let a = age[i];
        if (sex[i] == Sex::Female) & (a >= min_age) & single(i) && rng.hit(rate[usize::from(a)]) {
            women.push(i as u32);
        }
    }
    if women.is_empty() {
        return;
    }
    // Single resident men pushed since the last reorder (born since, so rarely
    // of union age); the others are found by age among the rows sorted then.
    let pushed = &mut s.a;
    pushed.clear();
    push_rows_where(pushed, p.pushed_rows(), |i| {
        (sex[i] == Sex::Male) & (age[i] >= min_age) & single(i)
    });
    let suitors = Suitors { p, pushed };
    let pool = ctx.scenario.partnership.county_pool > 0.0;
    let child_age = ctx.scenario.household.child_age;
    s.pairs.clear();
    for &w in women.iter() {
        match suitors.best_match(&ctx.model.husband_ages, &s.pairs, w as usize) {
            Some(m) => s.pairs.push((m, w)),
            None if pool && can_move(p, w as usize, child_age) => unmatched.push(w),
            None => {}
        }
    }
    if !s.pairs.is_empty() {
        // The partners' young children, who may move with them.
        let partners = &mut s.marks;
        partners.clear();
        partners.resize(p.len() + 1, false);
        for &(m, w) in &s.pairs {
            partners[m as usize] = true;
            partners[w as usize] = true;
        }
        household::resident_minors(p, ctx.scenario.household.child_age, partners, &mut s.a);
    }
    for &(m, w) in &s.pairs {
        household::form_union(
            &mut v.people,
            &ctx.scenario.household,
            &s.a,
            m as usize,
            w as usize,
            &mut rng,
        );
    }
    v.tally.unions += s.pairs.len() as f64;
}

/// Where the single men of an age are, without listing them all: the rows
/// of that age that were men Resident, then Away, at the last reorder (in
/// row order; each is tested now), then the single men pushed since.
struct Suitors<'a> {
    p: &'a People,
    /// Single resident men of union age pushed since the last reorder, in row order.
    pushed: &'a [u32],
}

impl Suitors<'_> {
    /// The man matched with woman `w`: among the single resident men within
    /// the acceptable age gap, not yet matched (`taken`) and not close kin,
    /// the one whose gap is closest to the preferred gap, the first in row
    /// order on a tie. Ages are tried closest first, so the search stops at
    /// the first age farther than a man already found.
    /// `husband_ages`: [`PartnershipParams::husband_ages`].
    fn best_match(
        &self,
        husband_ages: &[Vec<(f64, usize)>],
        taken: &[(u32, u32)],
        w: usize,
    ) -> Option<u32> {
        let ages = &husband_ages[usize::from(self.p.age[w])];
        let mut best: Option<(f64, u32)> = None;
        for &(dist, age) in ages.iter() {
            if best.is_some_and(|(d, _)| dist > d) {
                break;
            }
            if let Some(m) = self.first_free(age, taken, w)
                && best.is_none_or(|(d, row)| dist < d || m < row)
            {
                best = Some((dist, m));
            }
        }
        best.map(|(_, m)| m)
    }

    /// The first man (in row order) aged `age`, single and resident, not
    /// `taken` and not close kin of `w`.
    fn first_free(&self, age: usize, taken: &[(u32, u32)], w: usize) -> Option<u32> {
        let p = self.p;
        let free = |m: usize| {
            p.status[m] == Status::Resident
                && p.partner[m] == NONE
                && !taken.iter().any(|&(t, _)| t as usize == m)
                && !related(p, w, m)
        };
        let a = age as u8;
        [Status::Resident, Status::Away]
            .into_iter()
            .flat_map(|st| p.sorted_rows(st, Sex::Male, a..=a))
            .find(|&m| free(m))
            .map(|m| m as u32)
            .or_else(|| {
                self.pushed
                    .iter()
                    .copied()
                    .find(|&m| p.age[m as usize] == a && free(m as usize))
            })
    }
}

impl PartnershipParams {
    /// For each age of a woman, the husband's ages acceptable to her, each
    /// with its distance from the preferred gap, closest first (built once
    /// per scenario).
    pub fn husband_ages(&self) -> Vec<Vec<(f64, usize)>> {
        (0..AGES)
            .map(|age| {
                let wage = age as f64;
                // Ages around the acceptable gap; the exact test is on each age.
                let lo = ((wage + self.age_gap_min).floor().max(0.0) as usize)
                    .max(usize::from(self.min_age));
                let hi = ((wage + self.age_gap_max).ceil().max(0.0) as usize).min(MAX_AGE);
                let mut ages: Vec<(f64, usize)> = (lo..=hi)
                    .map(|a| (a as f64 - wage, a))
                    .filter(|(gap, _)| (self.age_gap_min..=self.age_gap_max).contains(gap))
                    .map(|(gap, a)| ((gap - self.age_gap_mean).abs(), a))
                    .collect();
                ages.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
                ages
            })
            .collect()
    }
}

/// Whether woman `w` may marry out of the village: she needs no care (so
/// she is in no care book) and leaves no resident child under `child_age`.
fn can_move(p: &People, w: usize, child_age: u8) -> bool {
    let minor = |c: usize| p.status[c] == Status::Resident && p.age[c] < child_age;
    p.health[w] == Health::Healthy
        && !p.children_at_reorder(w).iter().any(|&c| minor(c as usize))
        && !p.pushed_rows().any(|c| p.mother[c] == w as u32 && minor(c))
}

/// County phase: the county's marriage pool (MODEL.md §7.4, lever
/// `partnership.county_pool`). Each woman who drew a union this year but
/// found no partner in her village seeks one in the county's other villages
/// with chance `county_pool`, in order of village and serial number. She
/// marries the single resident man of another village whose age is closest
/// to the preferred gap (one drawn at random among equals) and moves to his
/// village: she leaves her village's registry (`married_out`, her time-bank
/// credit forfeited, counted by her parents as a child settled elsewhere) and
/// joins his (`married_in`), the couple housed as a union in the village is.
pub fn county_pool(c: &mut County, villages: &mut [Village], ctx: &YearCtx) {
    let pp = &ctx.scenario.partnership;
    let mut rng = c.key(ctx, Process::Marriage).rng();
    // (village id, serial, village index, row): a fixed order.
    let mut seekers: Vec<(u32, u32, usize, usize)> = Vec::new();
    for (vi, v) in villages.iter().enumerate() {
        for &w in &v.notes.unmatched {
            seekers.push((v.id, v.people.serial[w as usize], vi, w as usize));
        }
    }
    seekers.sort_unstable();
    let seeks = threshold(pp.county_pool);
    seekers.retain(|_| rng.hit(seeks));
    if seekers.is_empty() {
        return;
    }
    // The county's single resident men by age: (village index, row), in order.
    let mut men: Vec<Vec<(usize, usize)>> = vec![Vec::new(); AGES];
    for (vi, v) in villages.iter().enumerate() {
        let p = &v.people;
        for m in p
            .rows_aged(Some(Sex::Male), pp.min_age..=MAX_AGE as u8)
            .into_iter()
            .flatten()
        {
            if p.sex[m] == Sex::Male
                && p.status[m] == Status::Resident
                && p.partner[m] == NONE
                && p.age[m] >= pp.min_age
            {
                men[usize::from(p.age[m])].push((vi, m));
            }
        }
    }
    let mut matches = Vec::new();
    for &(_, _, vi, w) in &seekers {
        let ages = &ctx.model.husband_ages[usize::from(villages[vi].people.age[w])];
        let elsewhere = |age: usize| men[age].iter().filter(|&&(v, _)| v != vi).count();
        let mut k = 0;
        while k < ages.len() {
            // The ages as close to the preferred gap as this one (one or two).
            let tied = &ages[k..ages.len().min(k + 2)];
            let tied = &tied[..tied.iter().take_while(|a| a.0 == ages[k].0).count()];
            let found: usize = tied.iter().map(|&(_, a)| elsewhere(a)).sum();
            if found > 0 {
                let mut pick = rng.below(found);
                for &(_, a) in tied {
                    let here = elsewhere(a);
                    if pick < here {
                        let (j, _) = men[a]
                            .iter()
                            .enumerate()
                            .filter(|(_, (v, _))| *v != vi)
                            .nth(pick)
                            .expect("pick is below the count");
                        let (vj, m) = men[a].remove(j);
                        matches.push((vi, w, vj, m));
                        break;
                    }
                    pick -= here;
                }
                break;
            }
            k += tied.len();
        }
    }
    let hp = &ctx.scenario.household;
    for (vi, w, vj, m) in matches {
        let from = &mut villages[vi];
        let (age, attitude) = (from.people.age[w], from.people.attitude[w]);
        from.tally.time_bank_forfeited_hours += f64::from(from.people.settle(w));
        from.tally.married_out += 1.0;
        let to = &mut villages[vj];
        let bride = to.people.push(NewPerson {
            age,
            sex: Sex::Female,
            status: Status::Resident,
            household: NONE,
            mother: NONE,
            father: NONE,
            health: Health::Healthy,
            attitude,
        });
        household::form_union(&mut to.people, hp, &[], m, bride as usize, &mut rng);
        to.tally.married_in += 1.0;
        to.tally.unions += 1.0;
    }
}

/// Parent and child, or siblings: a parent who could marry is a living row, so
/// the links suffice; siblings are known by their parents' serials.
fn related(p: &People, a: usize, b: usize) -> bool {
    let parents = |i: usize| [p.mother[i], p.father[i]];
    parents(a).contains(&(b as u32)) || parents(b).contains(&(a as u32)) || p.siblings(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::population::people::Compaction;

    /// The baseline's gaps (husband minus wife): preferred 2, from -3 to 12 years.
    fn params() -> PartnershipParams {
        PartnershipParams {
            union_rate: AgeBands::new(Vec::new()),
            age_gap_mean: 2.0,
            age_gap_min: -3.0,
            age_gap_max: 12.0,
            min_age: 18,
            county_pool: 0.0,
        }
    }

    /// Persons of (age, sex, mother's serial): sorted as after a compaction,
    /// then `late` (the same) pushed since. Returns the people and a map from
    /// serial (order given) to row.
    fn village(sorted: &[(u8, Sex, Option<u32>)], late: &[(u8, Sex)]) -> (People, Vec<usize>) {
        let mut p = People::default();
        let add = |p: &mut People, age, sex, mother| {
            let h = p.new_household();
            p.push(NewPerson {
                age,
                sex,
                status: Status::Resident,
                household: h,
                mother,
                father: NONE,
                health: Health::Healthy,
                attitude: 0.0,
            });
        };
        for &(age, sex, mother) in sorted {
            add(&mut p, age, sex, mother.unwrap_or(NONE));
        }
        p.reorder(&mut Compaction::default());
        for &(age, sex) in late {
            add(&mut p, age, sex, NONE);
        }
        let mut row = vec![0; p.len()];
        for i in 0..p.len() {
            row[p.serial[i] as usize] = i;
        }
        (p, row)
    }

    fn best(p: &People, w: usize, taken: &[(u32, u32)]) -> Option<usize> {
        let pushed: Vec<u32> = p
            .pushed_rows()
            .filter(|&i| p.sex[i] == Sex::Male && p.age[i] >= params().min_age)
            .map(|i| i as u32)
            .collect();
        Suitors { p, pushed: &pushed }
            .best_match(&params().husband_ages(), taken, w)
            .map(|m| m as usize)
    }

    #[test]
    fn the_closest_gap_wins_over_row_order_and_the_first_row_breaks_ties() {
        use Sex::{Female as F, Male as M};
        // Serials: 0 the woman (25); 1 a man of 24 (gap -1, 3 from the
        // preferred 2), 2 and 3 men of 29 (gap 4, 2 away), 4 a man of 38 (too old).
        let (p, row) = village(
            &[
                (25, F, None),
                (24, M, None),
                (29, M, None),
                (29, M, None),
                (38, M, None),
            ],
            &[],
        );
        assert_eq!(best(&p, row[0], &[]), Some(row[2]));
        // Taken men are passed over; then the farther man is the only one left.
        assert_eq!(best(&p, row[0], &[(row[2] as u32, 9)]), Some(row[3]));
        let all = [(row[2] as u32, 9), (row[3] as u32, 9)];
        assert_eq!(best(&p, row[0], &all), Some(row[1]));
        let (p, row) = village(&[(25, F, None), (38, M, None), (21, M, None)], &[]);
        assert_eq!(
            best(&p, row[0], &[]),
            None,
            "no man within the acceptable gap"
        );
    }

    #[test]
    fn kin_partnered_and_away_men_are_passed_over_and_men_pushed_since_count() {
        use Sex::{Female as F, Male as M};
        // Serial 0 a mother (50); 1 her daughter (25); 2 her son (27);
        // 3 a married man (27); 4 an Away man (27); 5 a man of 28.
        let (mut p, row) = village(
            &[
                (50, F, None),
                (25, F, Some(0)),
                (27, M, Some(0)),
                (27, M, None),
                (27, M, None),
                (28, M, None),
            ],
            &[(27, M)],
        );
        let daughter = row[1];
        p.marry(row[3], row[0]);
        p.set_status(row[4], Status::Away);
        p.household[row[4]] = NONE;
        // The brother, the married man and the Away man are out; the man of 27
        // pushed since the last compaction is closer than the man of 28.
        assert_eq!(best(&p, daughter, &[]), Some(row[6]));
        assert_eq!(best(&p, daughter, &[(row[6] as u32, 9)]), Some(row[5]));
    }

    #[test]
    fn siblings_stay_kin_after_their_mothers_row_is_dropped() {
        use Sex::{Female as F, Male as M};
        // Serial 0 a mother (60); 1 her daughter (35); 2 her son (37).
        let (mut p, row) = village(&[(60, F, None), (35, F, Some(0)), (37, M, Some(0))], &[]);
        p.die(row[0]);
        p.reorder(&mut Compaction::default());
        let at = |serial: u32| p.serial.iter().position(|&x| x == serial).unwrap();
        let (daughter, son) = (at(1), at(2));
        assert_eq!(
            p.mother[daughter], NONE,
            "the link to the dead mother is cleared"
        );
        assert!(related(&p, daughter, son));
        assert_eq!(best(&p, daughter, &[]), None, "her brother is the only man");
    }
}
