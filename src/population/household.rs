//! Households (MODEL.md §3 step 8): who lives with whom, and the living
//! arrangements of elders that follow from it.
//!
//! Rules: newborns join the mother's household; a new couple joins the
//! husband's parents' household with the stem-family probability, else sets
//! up a new one; children under the child age move with a parent who moves;
//! returners join a resident partner, else a resident parent, else a new
//! household; an elder living alone may move in with a resident child.

use super::people::{NONE, People, Status};
use super::village::Village;
use crate::rng::{Process, Stream, threshold};
use crate::scenario::reader::{Section, doc};
use crate::sim::YearCtx;

#[derive(Clone, Debug)]
pub struct HouseholdParams {
    /// Below this age children live with (and move with) a parent.
    pub child_age: u8,
    /// Unpartnered adults up to this age still live with a resident parent (synthesis).
    pub single_with_parents_to_age: u8,
    pub stem_family_share: f64,
    pub lone_elder_move_in_rate: f64,
    pub lone_elder_move_in_from_age: u8,
    /// Age from which a person counts as an elder in the household indicators.
    pub elder_age: u8,
}

impl HouseholdParams {
    pub fn read(s: &mut Section) -> Self {
        HouseholdParams {
            child_age: s.int("child_age", 1..=25, doc("years", "children younger than this live and move with a parent", "(A)")) as u8,
            single_with_parents_to_age: s.int("single_with_parents_to_age", 15..=80, doc("years", "unpartnered adults up to this age live with a resident parent at start", "(A)")) as u8,
            stem_family_share: s.prob("stem_family_share", doc("probability", "a new couple (or, at start, a married son) lives with the husband's resident parents", "(C: empty-nest 50–60 % of elders, DATA.md §5)")),
            lone_elder_move_in_rate: s.prob("lone_elder_move_in_rate", doc("probability per year", "an elder living alone moves in with a resident child's household", "(C: living alone 15–25 %, DATA.md §5)")),
            lone_elder_move_in_from_age: s.int("lone_elder_move_in_from_age", 50..=110, doc("years", "youngest age at which a lone elder moves in with a child", "(A)")) as u8,
            elder_age: s.int("elder_age", 50..=80, doc("years", "age from which a person counts as an elder in household indicators", "MODEL.md §9 (60+)")) as u8,
        }
    }
}

/// Moves `i` into household `h`, with their resident children under the child
/// age who shared `i`'s old household.
pub fn move_with_children(p: &mut People, i: usize, h: u32, child_age: u8) {
    let old = p.household[i];
    p.household[i] = h;
    if old == NONE || old == h {
        return;
    }
    for c in 0..p.len() {
        if p.household[c] == old
            && p.age[c] < child_age
            && (p.mother[c] == i as u32 || p.father[c] == i as u32)
        {
            p.household[c] = h;
        }
    }
}

/// A new couple: marry and house them.
pub fn form_union(v: &mut Village, ctx: &YearCtx, man: usize, woman: usize, rng: &mut Stream) {
    let hp = &ctx.scenario.household;
    let p = &mut v.people;
    p.marry(man, woman);
    let with_parents = p
        .resident_parent(man)
        .is_some_and(|par| p.household[par] == p.household[man]);
    let h = if with_parents && rng.hit(threshold(hp.stem_family_share)) {
        p.household[man]
    } else {
        let h = p.new_household();
        move_with_children(p, man, h, hp.child_age);
        h
    };
    move_with_children(p, woman, h, hp.child_age);
}

/// The household a returning person joins: a resident partner's, else a
/// resident parent's, else a new one.
pub fn household_on_return(p: &mut People, i: usize) -> u32 {
    let partner = p.partner[i];
    if partner != NONE && p.status[partner as usize] == Status::Resident {
        return p.household[partner as usize];
    }
    match p.resident_parent(i) {
        Some(par) => p.household[par],
        None => p.new_household(),
    }
}

/// Household sizes into `counts` (indexed by household id).
pub fn sizes(p: &People, counts: &mut Vec<u16>) {
    counts.clear();
    counts.resize(p.household_bound(), 0);
    for &h in &p.household {
        if h != NONE {
            counts[h as usize] = counts[h as usize].saturating_add(1);
        }
    }
}

/// Per-person kin flags: bit 0 = has a child in the same household,
/// bit 1 = has a resident child in the village.
pub const CO_RESIDENT_CHILD: u8 = 1;
pub const CHILD_IN_VILLAGE: u8 = 2;

pub fn child_flags(p: &People, flags: &mut Vec<u8>) {
    flags.clear();
    flags.resize(p.len(), 0);
    for c in 0..p.len() {
        if p.status[c] != Status::Resident {
            continue;
        }
        for par in [p.mother[c], p.father[c]] {
            if par != NONE {
                let par = par as usize;
                flags[par] |= CHILD_IN_VILLAGE;
                if p.household[par] == p.household[c] {
                    flags[par] |= CO_RESIDENT_CHILD;
                }
            }
        }
    }
}

/// Step: remove the dead, let lone elders move in with a resident child.
pub fn step(v: &mut Village, ctx: &YearCtx) {
    let hp = &ctx.scenario.household;
    v.people.compact(&mut v.scratch.remap);
    sizes(&v.people, &mut v.scratch.counts);
    let th = threshold(hp.lone_elder_move_in_rate);
    let mut rng = v.stream(ctx, Process::Household);
    let p = &mut v.people;
    for c in 0..p.len() {
        if p.status[c] != Status::Resident {
            continue;
        }
        for par in [p.mother[c], p.father[c]] {
            if par == NONE {
                continue;
            }
            let par = par as usize;
            let alone = p.status[par] == Status::Resident
                && v.scratch.counts[p.household[par] as usize] == 1;
            if alone && p.age[par] >= hp.lone_elder_move_in_from_age && rng.hit(th) {
                v.scratch.counts[p.household[par] as usize] = 0;
                p.household[par] = p.household[c];
                v.scratch.counts[p.household[c] as usize] += 1;
            }
        }
    }
}

/// End-of-year living arrangements of resident elders, added to the tally.
pub fn record(v: &mut Village, ctx: &YearCtx) {
    let elder_age = ctx.scenario.household.elder_age;
    sizes(&v.people, &mut v.scratch.counts);
    child_flags(&v.people, &mut v.scratch.flags);
    let p = &v.people;
    let t = &mut v.tally;
    for i in 0..p.len() {
        if p.status[i] != Status::Resident || p.age[i] < elder_age {
            continue;
        }
        let f = v.scratch.flags[i];
        t.elders_empty_nest += f64::from(u8::from(f & CO_RESIDENT_CHILD == 0));
        t.elders_no_child_in_village += f64::from(u8::from(f & CHILD_IN_VILLAGE == 0));
        t.elders_living_alone +=
            f64::from(u8::from(v.scratch.counts[p.household[i] as usize] == 1));
    }
    for &n in &v.scratch.counts {
        if n > 0 {
            t.households += 1.0;
        }
    }
}
