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

#[derive(Clone, Debug)]
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
    let ages = first as u8..=last as u8;
    for rows in [
        p.sorted_rows(Status::Away, Sex::Female, ages),
        p.pushed_rows(),
    ] {
        for i in rows {
            let a = age[i];
            if (sex[i] == Sex::Female) & (a >= MIN_AGE) & single(i) && rng.hit(rate[usize::from(a)])
            {
                women.push(i as u32);
            }
        }
    }
    if women.is_empty() {
        return;
    }
    // Single resident men, in row order, then bucketed by age.
    let men = &mut s.a;
    men.clear();
    for rows in p.rows_aged(Some(Sex::Male), MIN_AGE..=MAX_AGE as u8) {
        push_rows_where(men, rows, |i| {
            (sex[i] == Sex::Male) & (age[i] >= MIN_AGE) & single(i)
        });
    }
    let by_age = MenByAge::new(p, men, &mut s.c);
    s.pairs.clear();
    for &w in women.iter() {
        if let Some(k) = by_age.best_match(p, &ctx.scenario.partnership, &s.c, w as usize) {
            s.pairs.push((s.c[k], w));
            s.c[k] = NONE;
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

/// Men bucketed by age: `men[start[a]..start[a + 1]]` are the men aged `a`,
/// in row order; a taken man's entry is set to NONE.
struct MenByAge {
    start: [u32; AGES + 1],
}

impl MenByAge {
    /// Buckets `list` (rows in row order) into `men` by age (a counting sort).
    fn new(p: &People, list: &[u32], men: &mut Vec<u32>) -> Self {
        let mut start = [0u32; AGES + 1];
        for &m in list {
            start[usize::from(p.age[m as usize]) + 1] += 1;
        }
        for a in 0..AGES {
            start[a + 1] += start[a];
        }
        men.clear();
        men.resize(list.len(), NONE);
        let mut next = start;
        for &m in list {
            let a = usize::from(p.age[m as usize]);
            men[next[a] as usize] = m;
            next[a] += 1;
        }
        MenByAge { start }
    }

    /// The entry of `men` matched with woman `w`: among untaken men within the
    /// acceptable age gap who are not close kin, the one whose gap is closest
    /// to the preferred gap, the first in row order on a tie.
    fn best_match(
        &self,
        p: &People,
        pp: &PartnershipParams,
        men: &[u32],
        w: usize,
    ) -> Option<usize> {
        let wage = f64::from(p.age[w]);
        // Ages around the acceptable gap; the exact test is on each age.
        let lo = (wage + pp.age_gap_min).floor().max(0.0) as usize;
        let hi = (wage + pp.age_gap_max).ceil().max(0.0) as usize;
        let mut best: Option<(f64, u32, usize)> = None;
        for age in lo..=hi.min(MAX_AGE) {
            let gap = age as f64 - wage;
            let dist = (gap - pp.age_gap_mean).abs();
            if gap < pp.age_gap_min
                || gap > pp.age_gap_max
                || best.is_some_and(|(d, _, _)| dist > d)
            {
                continue;
            }
            // The first untaken man of this age who is not close kin.
            let bucket = self.start[age] as usize..self.start[age + 1] as usize;
            let Some(k) = bucket.into_iter().find(|&k| {
                let m = men[k];
                m != NONE && !related(p, w, m as usize)
            }) else {
                continue;
            };
            if best.is_none_or(|(d, row, _)| dist < d || men[k] < row) {
                best = Some((dist, men[k], k));
            }
        }
        best.map(|(_, _, k)| k)
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
