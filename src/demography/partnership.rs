//! Partnership (MODEL.md §7.4): unpartnered resident women form a union with
//! an annual probability by age, choosing among the village's unpartnered
//! resident men the one closest to a preferred age gap. Men are not drawn:
//! when young women have left, men stay unpartnered, which is the rural sex
//! imbalance the model needs. Widowhood follows from mortality.

use crate::bands::{AGES, AgeBands, MAX_AGE};
use crate::population::household;
use crate::population::people::{NONE, Sex, Status};
use crate::population::village::Village;
use crate::rng::Process;
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
const MIN_AGE: u8 = 16;

/// Step: union formation among residents; the couple's household follows
/// the household rule (stem family or a new household).
pub fn step(v: &mut Village, ctx: &YearCtx) {
    let pp = &ctx.scenario.partnership;
    let mut rng = v.stream(ctx, Process::Partnership);
    let (men, women) = (&mut v.scratch.a, &mut v.scratch.b);
    men.clear();
    women.clear();
    let p = &v.people;
    let rate = &ctx.model.union_thresholds;
    let single = |i: usize| p.status[i] == Status::Resident && p.partner[i] == NONE;
    for rows in p.rows_aged(Some(Sex::Male), MIN_AGE..=MAX_AGE as u8) {
        for i in rows {
            if p.sex[i] == Sex::Male && p.age[i] >= MIN_AGE && single(i) {
                men.push(i as u32);
            }
        }
    }
    // Only ages with a positive union rate draw.
    let first = rate.iter().position(|&t| t > 0).unwrap_or(AGES) as u8;
    let last = rate.iter().rposition(|&t| t > 0).unwrap_or(0) as u8;
    for rows in p.rows_aged(Some(Sex::Female), first.max(MIN_AGE)..=last) {
        for i in rows {
            let age = p.age[i];
            if p.sex[i] == Sex::Female
                && age >= MIN_AGE
                && single(i)
                && rng.hit(rate[usize::from(age)])
            {
                women.push(i as u32);
            }
        }
    }
    if women.is_empty() {
        return;
    }
    let mut pairs = std::mem::take(&mut v.scratch.pairs);
    pairs.clear();
    for &w in women.iter() {
        let w = w as usize;
        let wage = f64::from(p.age[w]);
        let mut best: Option<(f64, usize)> = None;
        for (k, &m) in men.iter().enumerate() {
            if m == NONE {
                continue;
            }
            let m = m as usize;
            let gap = f64::from(p.age[m]) - wage;
            // Close kin (parent, child, sibling) never match.
            if gap < pp.age_gap_min || gap > pp.age_gap_max || related(p, w, m) {
                continue;
            }
            let dist = (gap - pp.age_gap_mean).abs();
            if best.is_none_or(|(d, _)| dist < d) {
                best = Some((dist, k));
            }
        }
        if let Some((_, k)) = best {
            pairs.push((men[k], w as u32));
            men[k] = NONE;
        }
    }
    if !pairs.is_empty() {
        household::resident_minors(
            &v.people,
            ctx.scenario.household.child_age,
            &mut v.scratch.a,
        );
    }
    for &(m, w) in &pairs {
        household::form_union(
            &mut v.people,
            &ctx.scenario.household,
            &v.scratch.a,
            m as usize,
            w as usize,
            &mut rng,
        );
    }
    v.tally.unions += pairs.len() as f64;
    v.scratch.pairs = pairs;
}

fn related(p: &crate::population::people::People, a: usize, b: usize) -> bool {
    let parents = |i: usize| [p.mother[i], p.father[i]];
    parents(a).contains(&(b as u32))
        || parents(b).contains(&(a as u32))
        || parents(a)
            .iter()
            .any(|&x| x != NONE && parents(b).contains(&x))
}
