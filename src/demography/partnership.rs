//! Partnership (MODEL.md §7.4): unpartnered resident women form a union with
//! an annual probability by age, choosing among the village's unpartnered
//! resident men the one closest to a preferred age gap. Men are not drawn:
//! when young women have left, men stay unpartnered, which is the rural sex
//! imbalance the model needs. Widowhood follows from mortality.

use crate::bands::{AGES, AgeBands, MAX_AGE};
use crate::population::household;
use crate::population::people::{NONE, People, Sex, Status, push_rows_where};
use crate::population::village::Village;
use crate::rng::{Gaps, Process, TWO_64};
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
}

impl PartnershipParams {
    pub fn read(s: &mut Section) -> Self {
        PartnershipParams {
            union_rate: s.bands("union_rate", 0.0..=1.0, None, doc("probability per year", "annual probability that an unpartnered resident woman forms a union (remarriage included)", "(C: reproduces the partnered shares of [population] partnered_share)")),
            age_gap_mean: s.num("age_gap_mean", -10.0..=20.0, doc("years", "preferred age of husband minus wife", "(A: about 2 years in Chinese censuses)")),
            age_gap_min: s.num("age_gap_min", -20.0..=20.0, doc("years", "smallest acceptable husband-minus-wife gap", "(A)")),
            age_gap_max: s.num("age_gap_max", -20.0..=40.0, doc("years", "largest acceptable husband-minus-wife gap", "(A)")),
        }
    }
}

/// Youngest age at which a resident forms a union.
pub const MIN_AGE: u8 = 16;

/// Step: union formation among residents; the couple's household follows
/// the household rule (stem family or a new household).
pub fn step(v: &mut Village, ctx: &YearCtx) {
    let mut rng = v.stream(ctx, Process::Partnership);
    let s = &mut v.scratch;
    let p = &v.people;
    let rate = &ctx.model.union_thresholds;
    // Column slices held in registers across the loops.
    let (sex, age, status, partner) = (&p.sex[..], &p.age[..], &p.status[..], &p.partner[..]);
    let single = |i: usize| (status[i] == Status::Resident) & (partner[i] == NONE);
    // Women who seek a union this year, in row order. Rows Resident at the
    // last reorder, by runs of ages with one rate: the pass jumps from one
    // drawn union to the next and takes it if the woman is still single and
    // resident. Rows Away then or pushed since draw one by one.
    let women = &mut s.b;
    women.clear();
    let first = rate
        .iter()
        .position(|&t| t > 0)
        .unwrap_or(AGES)
        .max(usize::from(MIN_AGE));
    let last = rate.iter().rposition(|&t| t > 0).unwrap_or(0);
    let mut a = first;
    while a <= last {
        let b = (a..last).find(|&b| rate[b + 1] != rate[a]).unwrap_or(last);
        if let Some(gaps) = Gaps::new(rate[a] as f64 / TWO_64) {
            let rows = p.sorted_rows(Status::Resident, Sex::Female, a as u8..=b as u8);
            let mut i = rows.start.saturating_add(gaps.next(&mut rng));
            while i < rows.end {
                if single(i) {
                    women.push(i as u32);
                }
                i = i.saturating_add(1).saturating_add(gaps.next(&mut rng));
            }
        }
        a = b + 1;
    }
    // The women of these ages among the rows Away at the last reorder that
    // have returned since (the others are not resident), then the rows
    // pushed since: one draw each.
    let away = p.sorted_rows(Status::Away, Sex::Female, first as u8..=last as u8);
    let (_, returned, _) = p.maybe_resident();
    let returned = returned.iter().map(|&i| i as usize);
    for i in returned.filter(|i| away.contains(i)).chain(p.pushed_rows()) {
        let a = age[i];
        if (sex[i] == Sex::Female) & (a >= MIN_AGE) & single(i) && rng.hit(rate[usize::from(a)]) {
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
        (sex[i] == Sex::Male) & (age[i] >= MIN_AGE) & single(i)
    });
    let suitors = Suitors { p, pushed };
    s.pairs.clear();
    for &w in women.iter() {
        if let Some(m) = suitors.best_match(&ctx.scenario.partnership, &s.pairs, w as usize) {
            s.pairs.push((m, w));
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
    fn best_match(&self, pp: &PartnershipParams, taken: &[(u32, u32)], w: usize) -> Option<u32> {
        let wage = f64::from(self.p.age[w]);
        // Ages around the acceptable gap; the exact test is on each age.
        let lo = ((wage + pp.age_gap_min).floor().max(0.0) as usize).max(usize::from(MIN_AGE));
        let hi = ((wage + pp.age_gap_max).ceil().max(0.0) as usize).min(MAX_AGE);
        let mut ages = [(0.0f64, 0usize); AGES];
        let mut n = 0;
        for age in lo..=hi {
            let gap = age as f64 - wage;
            if (pp.age_gap_min..=pp.age_gap_max).contains(&gap) {
                ages[n] = ((gap - pp.age_gap_mean).abs(), age);
                n += 1;
            }
        }
        let ages = &mut ages[..n];
        ages.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
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

fn related(p: &People, a: usize, b: usize) -> bool {
    let parents = |i: usize| [p.mother[i], p.father[i]];
    parents(a).contains(&(b as u32))
        || parents(b).contains(&(a as u32))
        || parents(a)
            .iter()
            .any(|&x| x != NONE && parents(b).contains(&x))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::population::people::{Compaction, Health, NewPerson};

    /// The baseline's gaps (husband minus wife): preferred 2, from -3 to 12 years.
    fn params() -> PartnershipParams {
        PartnershipParams {
            union_rate: AgeBands::new(Vec::new()),
            age_gap_mean: 2.0,
            age_gap_min: -3.0,
            age_gap_max: 12.0,
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
            .filter(|&i| p.sex[i] == Sex::Male && p.age[i] >= MIN_AGE)
            .map(|i| i as u32)
            .collect();
        Suitors { p, pushed: &pushed }
            .best_match(&params(), taken, w)
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
}
