//! Migration (MODEL.md §7.5–7.6): out-migration of residents (alone, or with
//! spouse and young children), return of Away persons (more likely when a
//! parent in the village is dependent and short of care), and permanent
//! settlement elsewhere after years away (hukou transfer).
//!
//! Migrants stay in the registry as Away. Settled persons leave the registered
//! population but stay linked to their parents.

use crate::bands::AgeBands;
use crate::population::household::household_on_return;
use crate::population::people::{NONE, People, Status};
use crate::population::village::Village;
use crate::rng::{Process, Stream, threshold};
use crate::scenario::reader::{Section, doc};
use crate::sim::YearCtx;

#[derive(Clone, Debug)]
pub struct MigrationParams {
    pub out_rate: AgeBands,
    pub out_from_age: u8,
    pub spouse_follows: f64,
    pub children_follow: f64,
    pub return_rate: AgeBands,
    /// Multiplier on an Away child's return probability when a resident parent
    /// is Disabled or Severe with unmet care (the care-triggered return hook).
    pub care_return_multiplier: f64,
    pub settle_after_years: u8,
    pub settle_rate: f64,
}

impl MigrationParams {
    pub fn read(s: &mut Section) -> Self {
        MigrationParams {
            out_rate: s.bands("out_rate", 0.0..=1.0, None, doc("probability per year", "annual out-migration probability of residents by age", "DATA.md §4 (A)")),
            out_from_age: s.int("out_from_age", 10..=25, doc("years", "youngest age that migrates on its own (younger ones move with parents)", "(A)")) as u8,
            spouse_follows: s.prob("spouse_follows", doc("probability", "a migrant's resident partner leaves too (likewise returns with a returner)", "(A)")),
            children_follow: s.prob("children_follow", doc("probability", "young children leave with parents who both leave; otherwise they stay with grandparents (left-behind children)", "(A)")),
            return_rate: s.bands("return_rate", 0.0..=1.0, None, doc("probability per year", "annual return probability of Away persons by age", "DATA.md §4, Bai et al. 2018 (A)")),
            care_return_multiplier: s.num("care_return_multiplier", 1.0..=50.0, doc("× probability", "return probability multiplier when a resident parent is Disabled/Severe with unmet care", "MODEL.md §7.6 (A)")),
            settle_after_years: s.int("settle_after_years", 0..=50, doc("years", "years away after which an Away person may settle permanently elsewhere", "DATA.md §4 (A)")) as u8,
            settle_rate: s.prob("settle_rate", doc("probability per year", "annual probability that a long-term Away person transfers registration away", "DATA.md §4 (A)")),
        }
    }
}

/// Collects, into `out`, the children under `child_age` with the given status.
fn minors(p: &People, status: Status, child_age: u8, out: &mut Vec<u32>) {
    out.clear();
    out.extend(
        (0..p.len() as u32)
            .filter(|&c| p.status[c as usize] == status && p.age[c as usize] < child_age),
    );
}

fn is_child_of(p: &People, c: usize, i: usize) -> bool {
    p.mother[c] == i as u32 || p.father[c] == i as u32
}

/// Step: residents leave; spouses and young children may go with them.
pub fn out_migration(v: &mut Village, ctx: &YearCtx) {
    let mp = &ctx.scenario.migration;
    let child_age = ctx.scenario.household.child_age;
    let th = &ctx.model.out_thresholds;
    let (spouse, kids) = (threshold(mp.spouse_follows), threshold(mp.children_follow));
    let mut rng = v.stream(ctx, Process::OutMigration);
    minors(&v.people, Status::Resident, child_age, &mut v.scratch.a);
    let p = &mut v.people;
    let mut left = 0u32;
    for i in 0..p.len() {
        if p.status[i] != Status::Resident
            || p.age[i] < mp.out_from_age
            || !rng.hit(th[usize::from(p.age[i])])
        {
            continue;
        }
        let mut movers = [i, NONE as usize];
        let partner = p.partner[i];
        if partner != NONE && p.status[partner as usize] == Status::Resident && rng.hit(spouse) {
            movers[1] = partner as usize;
        }
        for &m in movers.iter().filter(|&&m| m != NONE as usize) {
            p.status[m] = Status::Away;
            p.household[m] = NONE;
            p.years_away[m] = 0;
            left += 1;
        }
        left += settle_minors(p, &v.scratch.a, &movers, &mut rng, kids);
    }
    v.tally.out_migrants += f64::from(left);
}

/// After `movers` left: each of their resident young children goes with them
/// if no parent remains resident and (by chance, or because no adult is left
/// to care for them) they follow; otherwise stays, moving to a resident
/// grandparent if the household has no adult left. Returns how many left.
fn settle_minors(
    p: &mut People,
    minors: &[u32],
    movers: &[usize; 2],
    rng: &mut Stream,
    follow: u64,
) -> u32 {
    let mut left = 0;
    for &c in minors {
        let c = c as usize;
        if p.status[c] != Status::Resident
            || !movers
                .iter()
                .any(|&m| m != NONE as usize && is_child_of(p, c, m))
        {
            continue;
        }
        if p.resident_parent(c).is_some() {
            continue;
        }
        let h = p.household[c];
        let adult_left = (0..p.len()).any(|a| a != c && p.household[a] == h && p.age[a] >= 18);
        let grandparent = [p.mother[c], p.father[c]]
            .into_iter()
            .filter(|&x| x != NONE)
            .flat_map(|x| [p.mother[x as usize], p.father[x as usize]])
            .find(|&g| g != NONE && p.status[g as usize] == Status::Resident);
        if !rng.hit(follow) {
            if adult_left {
                continue;
            }
            if let Some(g) = grandparent {
                p.household[c] = p.household[g as usize];
                continue;
            }
        }
        p.status[c] = Status::Away;
        p.household[c] = NONE;
        p.years_away[c] = 0;
        left += 1;
    }
    left
}

/// Step: Away persons return; partners and young Away children come with them.
pub fn return_migration(v: &mut Village, ctx: &YearCtx) {
    let mp = &ctx.scenario.migration;
    let child_age = ctx.scenario.household.child_age;
    let th = &ctx.model.return_thresholds;
    let care_th = &ctx.model.care_return_thresholds;
    let spouse = threshold(mp.spouse_follows);
    let mut rng = v.stream(ctx, Process::Return);
    minors(&v.people, Status::Away, child_age, &mut v.scratch.a);
    let p = &mut v.people;
    let (mut returned, mut care_returned) = (0u32, 0u32);
    for i in 0..p.len() {
        if p.status[i] != Status::Away || p.age[i] < child_age || p.years_away[i] == 0 {
            continue;
        }
        let age = usize::from(p.age[i]);
        let pulled = parent_needs_care(p, i);
        if !rng.hit(if pulled { care_th[age] } else { th[age] }) {
            continue;
        }
        care_returned += u32::from(pulled);
        let h = household_on_return(p, i);
        let mut arrive = |p: &mut People, m: usize| {
            p.status[m] = Status::Resident;
            p.household[m] = h;
            p.years_away[m] = 0;
            returned += 1;
        };
        arrive(p, i);
        let partner = p.partner[i];
        if partner != NONE && p.status[partner as usize] == Status::Away && rng.hit(spouse) {
            arrive(p, partner as usize);
        }
        for &c in &v.scratch.a {
            let c = c as usize;
            if p.status[c] == Status::Away
                && (is_child_of(p, c, i)
                    || (partner != NONE && is_child_of(p, c, partner as usize)))
            {
                arrive(p, c);
            }
        }
    }
    v.tally.return_migrants += f64::from(returned);
    v.tally.care_returners += f64::from(care_returned);
}

/// A resident parent who is Disabled or Severe and had unmet care last year.
fn parent_needs_care(p: &People, i: usize) -> bool {
    [p.mother[i], p.father[i]].into_iter().any(|par| {
        par != NONE && {
            let par = par as usize;
            p.status[par] == Status::Resident
                && p.health[par].dependent()
                && p.care_unmet[par] > 0.0
        }
    })
}

/// Step: long-term Away persons settle elsewhere, with their young Away children.
pub fn settlement(v: &mut Village, ctx: &YearCtx) {
    let mp = &ctx.scenario.migration;
    let child_age = ctx.scenario.household.child_age;
    let th = threshold(mp.settle_rate);
    let mut rng = v.stream(ctx, Process::Settlement);
    minors(&v.people, Status::Away, child_age, &mut v.scratch.a);
    let p = &mut v.people;
    let mut settled = 0u32;
    for i in 0..p.len() {
        if p.status[i] != Status::Away
            || p.age[i] < child_age
            || p.years_away[i] < mp.settle_after_years
            || !rng.hit(th)
        {
            continue;
        }
        p.status[i] = Status::Settled;
        settled += 1;
        for &c in &v.scratch.a {
            let c = c as usize;
            if p.status[c] == Status::Away && is_child_of(p, c, i) {
                p.status[c] = Status::Settled;
                settled += 1;
            }
        }
    }
    v.tally.settled_elsewhere += f64::from(settled);
}
