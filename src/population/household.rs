//! Households (MODEL.md §3 step 8): who lives with whom, and the living
//! arrangements of elders that follow from it.
//!
//! Rules: newborns join the mother's household; a new couple joins the
//! husband's parents' household with the stem-family probability, else sets
//! up a new one; children under the child age move with a parent who moves;
//! returners join a resident partner, else a resident parent, else a new
//! household; an unpartnered, childless adult leaves the parents' household
//! on passing the age to which such adults live with them at the start; an
//! elder living alone may move in with a resident child.

use super::people::{NONE, People, Status};
use super::village::Village;
use crate::bands::MAX_AGE;
use crate::rng::{KeyedDraws, Process, Stream, threshold};
use crate::scenario::reader::{Section, doc};
use crate::sim::YearCtx;

#[derive(Clone, Debug, PartialEq)]
pub struct HouseholdParams {
    /// Below this age children live with (and move with) a parent.
    pub child_age: u8,
    /// Unpartnered adults up to this age still live with a resident parent
    /// (at the start; later, see `leave_home_share`).
    pub single_with_parents_to_age: u8,
    /// Probability that an unpartnered, childless resident living with a
    /// parent leaves for a household of their own on passing
    /// `single_with_parents_to_age`.
    pub leave_home_share: f64,
    pub stem_family_share: f64,
    pub lone_elder_move_in_rate: f64,
    pub lone_elder_move_in_from_age: u8,
    /// Age from which a person counts as an elder in the household indicators.
    pub elder_age: u8,
    /// Age from which a household member can keep a left-behind child.
    pub adult_age: u8,
}

impl HouseholdParams {
    /// Age below which a resident is a minor who needs an adult at home: the
    /// child age, or the adult age if higher.
    pub fn minor_age(&self) -> u8 {
        self.child_age.max(self.adult_age)
    }

    pub fn read(s: &mut Section) -> Self {
        let hp = Self::read_values(s);
        // A child who leaves home must be old enough to live without an
        // adult, or the re-housing of children would send them back.
        let (leaves, adult, child) = (
            u32::from(hp.single_with_parents_to_age) + 1,
            hp.adult_age,
            hp.child_age,
        );
        s.require(
            &["single_with_parents_to_age", "adult_age", "child_age"],
            leaves >= u32::from(adult.max(child)),
            || {
                format!(
                    "single_with_parents_to_age + 1 = {leaves} is below adult_age {adult} or child_age {child}; \
                     expected adults to leave home no younger than they may live without one"
                )
            },
        );
        hp
    }

    fn read_values(s: &mut Section) -> Self {
        HouseholdParams {
            child_age: s.int("child_age", 1..=25, doc("years", "children younger than this live and move with a parent", "(A)")) as u8,
            single_with_parents_to_age: s.int("single_with_parents_to_age", 15..=80, doc("years", "unpartnered adults up to this age live with a resident parent at start", "(A)")) as u8,
            leave_home_share: s.prob("leave_home_share", doc("probability", "an unpartnered, childless resident living with a parent leaves for a household of their own in the year they pass single_with_parents_to_age (MODEL.md §3 step 8: children leaving home)", "(A: 1, as the start has them)")),
            stem_family_share: s.prob("stem_family_share", doc("probability", "a new couple (or, at start, a married son) lives with the husband's resident parents, if he lives with them", "(C: empty-nest 50–60 % of elders, DATA.md §5)")),
            lone_elder_move_in_rate: s.prob("lone_elder_move_in_rate", doc("probability per year", "an elder living alone moves in with a resident child's household", "(A: shapes living alone after the start year only, 16.5 % in 2020 to 27 % in 2050; the start's share comes from the stem-family share and the age to which singles live with parents)")),
            lone_elder_move_in_from_age: s.int("lone_elder_move_in_from_age", 50..=110, doc("years", "youngest age at which a lone elder moves in with a child", "(A)")) as u8,
            elder_age: s.int("elder_age", 50..=80, doc("years", "age from which a person counts as an elder: in household indicators, and for the non-family sources of care, which are elderly care", "MODEL.md §9 (60+), DATA.md's norms (S)")) as u8,
            adult_age: s.int("adult_age", 14..=25, doc("years", "youngest household member with whom a child whose parents migrate can stay", "PRC Civil Code art. 17: adults from 18 (S)")) as u8,
        }
    }
}

/// Moves `i` into household `h`, with their resident children under the child
/// age who shared `i`'s old household. `minors`: resident minors, among them
/// all of `i`'s (see [`resident_minors`]).
pub fn move_with_children(p: &mut People, minors: &[u32], i: usize, h: u32) {
    let old = p.household[i];
    if old == h {
        return;
    }
    p.rehouse(i, h);
    if old == NONE {
        return;
    }
    for &c in minors {
        let c = c as usize;
        if p.household[c] == old && (p.mother[c] == i as u32 || p.father[c] == i as u32) {
            p.rehouse(c, h);
        }
    }
}

/// The resident children under the child age of the persons marked in
/// `parents` (by row, with a spare last slot that stands for no parent and
/// stays unmarked), into `out`: the only minors who may move with them.
pub fn resident_minors(p: &People, child_age: u8, parents: &[bool], out: &mut Vec<u32>) {
    let n = p.len();
    out.clear();
    for rows in p.rows_aged(None, 0..=child_age - 1) {
        for c in rows {
            let marked =
                parents[(p.mother[c] as usize).min(n)] | parents[(p.father[c] as usize).min(n)];
            if marked && p.household[c] != NONE && p.age[c] < child_age {
                out.push(c as u32);
            }
        }
    }
}

/// A new couple: marry and house them.
pub fn form_union(
    p: &mut People,
    hp: &HouseholdParams,
    minors: &[u32],
    man: usize,
    woman: usize,
    rng: &mut Stream,
) {
    p.marry(man, woman);
    let with_parents = p
        .resident_parent(man)
        .is_some_and(|par| p.household[par] == p.household[man]);
    let h = if with_parents && rng.hit(threshold(hp.stem_family_share)) {
        p.household[man]
    } else {
        let h = p.new_household();
        move_with_children(p, minors, man, h);
        h
    };
    move_with_children(p, minors, woman, h);
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

/// Per-person kin flags: bit 0 = has a child in the same household,
/// bit 1 = has a resident child in the village.
pub const CO_RESIDENT_CHILD: u8 = 1;
pub const CHILD_IN_VILLAGE: u8 = 2;

/// Resident members aged `from_age` or more per household (all members:
/// the household sizes, with `from_age` 0) into `counts`, by household id.
pub fn household_sizes(p: &People, from_age: u8, counts: &mut Vec<u32>) {
    if from_age == 0 {
        count_members(p, counts, |_| true);
    } else {
        count_members(p, counts, |i| p.age[i] >= from_age);
    }
}

/// Members per household among the rows `counted`; the age test is left
/// out of the pass altogether when every age counts. Only residents have a
/// household, so the rows Away since the last reorder are not visited.
#[inline(always)]
fn count_members(p: &People, counts: &mut Vec<u32>, counted: impl Fn(usize) -> bool) {
    // Rows not counted go to spare slots, dropped at the end: residents and
    // others alternate unpredictably, so no branch; eight slots in turn, so
    // that a run of such rows does not wait on one.
    const SPARE: usize = 8;
    let bound = p.household_bound();
    counts.clear();
    counts.resize(bound + SPARE, 0);
    let slots = &mut counts[..];
    let mut add = |i: usize, h: u32| {
        let slot = if h == NONE || !counted(i) {
            bound + i % SPARE
        } else {
            h as usize
        };
        slots[slot] += 1;
    };
    let (sorted, returned, pushed) = p.maybe_resident();
    for rows in [sorted, pushed] {
        for (i, &h) in p.household[rows.clone()].iter().enumerate() {
            add(rows.start + i, h);
        }
    }
    for &i in returned {
        add(i as usize, p.household[i as usize]);
    }
    counts.truncate(bound);
}

/// Whether resident `i` lives alone: at home (not holding an institution bed),
/// with no other member of the household at home. `counts` are the household
/// sizes, `beds_in` the members holding a bed per household (see [`beds_in`]).
pub fn lives_alone(p: &People, counts: &[u32], beds_in: &[u32], i: usize) -> bool {
    let h = p.household[i];
    if h == NONE || p.in_institution[i] {
        return false;
    }
    let in_beds = beds_in.get(h as usize).copied().unwrap_or(0);
    counts.get(h as usize).copied() == Some(1 + in_beds)
}

/// Members holding an institution bed per household id, into `out`: left
/// empty when `any` says the village has no bed holder (then none counts).
pub fn beds_in(p: &People, any: bool, out: &mut Vec<u32>) {
    out.clear();
    if !any {
        return;
    }
    out.resize(p.household_bound(), 0);
    // Bed holders are few: the branch is rarely taken.
    for (i, &bed) in p.in_institution.iter().enumerate() {
        if bed && p.household[i] != NONE {
            out[p.household[i] as usize] += 1;
        }
    }
}

/// The flags a resident child in household `child` gives a parent in household `parent`.
fn kin_flag(child: u32, parent: u32) -> u8 {
    CHILD_IN_VILLAGE
        | if child == parent {
            CO_RESIDENT_CHILD
        } else {
            0
        }
}

/// Kin flags of resident elder `i` from the children listed at the last
/// reorder; `born_since` holds the flags from children pushed since.
fn elder_kin_flags(p: &People, i: usize, born_since: &[u8]) -> u8 {
    let h = p.household[i];
    p.children_at_reorder(i)
        .iter()
        .map(|&c| p.household[c as usize])
        .filter(|&ch| ch != NONE)
        .fold(born_since[i], |f, ch| f | kin_flag(ch, h))
}

/// The kin flags that resident children pushed since the last reorder give
/// their parents, into `flags` (by row).
fn kin_flags_born_since(p: &People, flags: &mut Vec<u8>) {
    flags.clear();
    flags.resize(p.len(), 0);
    for c in p.pushed_rows() {
        let h = p.household[c];
        if h == NONE {
            continue;
        }
        for par in [p.mother[c], p.father[c]] {
            if par != NONE {
                flags[par as usize] |= kin_flag(h, p.household[par as usize]);
            }
        }
    }
}

/// A child of `i` at home (resident, not holding a bed; the last in row order), if any.
fn last_resident_child(p: &People, i: usize) -> Option<usize> {
    let is_child = |c: usize| p.mother[c] == i as u32 || p.father[c] == i as u32;
    // A child at home: resident, and not holding an institution bed.
    let at_home = |c: usize| p.household[c] != NONE && !p.in_institution[c];
    p.pushed_rows()
        .rev()
        .find(|&c| is_child(c) && at_home(c))
        .or_else(|| {
            p.children_at_reorder(i)
                .iter()
                .rev()
                .map(|&c| c as usize)
                .find(|&c| at_home(c))
        })
}

/// Unpartnered, childless residents who have just passed the age to which
/// such adults live with their parents leave a household they share with a
/// resident parent, each by their own draw, unless dependent or in a bed;
/// `counts`: the household sizes, kept.
fn leave_home(p: &mut People, counts: &mut Vec<u32>, hp: &HouseholdParams, draws: KeyedDraws) {
    // At most 81: `single_with_parents_to_age` is read within 15..=80.
    let age = hp.single_with_parents_to_age + 1;
    let th = threshold(hp.leave_home_share);
    for rows in p.rows_aged(None, age..=age) {
        for i in rows {
            let h = p.household[i];
            let leaves = h != NONE
                && p.age[i] == age
                && p.partner[i] == NONE
                && p.children_registered[i] == 0
                // Dependents and institution residents stay, as they do not migrate (7.5).
                && !p.health[i].dependent()
                && !p.in_institution[i]
                && [p.mother[i], p.father[i]]
                    .into_iter()
                    .any(|m| m != NONE && p.household[m as usize] == h)
                && draws.of(p.serial[i]) < th;
            if leaves {
                let own = p.new_household();
                counts.resize(p.household_bound(), 0);
                counts[h as usize] -= 1;
                counts[own as usize] = 1;
                p.rehouse(i, own);
            }
        }
    }
}

/// Resident minors (under the child age, or the adult age if higher) left in
/// a household with no one of the adult age (its last adult died, or left
/// without them) move to a resident parent's household, else a resident
/// grandparent's; else those under the child age join their parents away, as
/// when their parents leave (7.5), and older ones stay on. `counts`: the
/// household sizes, kept; `young`: scratch. Returns the children who left.
fn rehouse_children(
    p: &mut People,
    counts: &mut [u32],
    hp: &HouseholdParams,
    young: &mut Vec<u32>,
) -> u32 {
    young.clear();
    young.resize(counts.len(), 0);
    for rows in p.rows_aged(None, 0..=hp.adult_age - 1) {
        for i in rows {
            let h = p.household[i];
            if h != NONE && p.age[i] < hp.adult_age {
                young[h as usize] += 1;
            }
        }
    }
    let minor_age = hp.minor_age();
    let mut gone = 0;
    for rows in p.rows_aged(None, 0..=minor_age - 1) {
        for c in rows {
            let h = p.household[c];
            if h == NONE || p.age[c] >= minor_age || young[h as usize] < counts[h as usize] {
                // Not a minor, or an adult at home.
                continue;
            }
            let kin = p.resident_parent(c).or_else(|| p.resident_grandparent(c));
            if kin.is_none() && p.age[c] >= hp.child_age {
                continue;
            }
            // Young unless the child age is set above the adult age.
            let is_young = u32::from(p.age[c] < hp.adult_age);
            counts[h as usize] -= 1;
            young[h as usize] -= is_young;
            match kin {
                Some(k) => {
                    let to = p.household[k];
                    counts[to as usize] += 1;
                    young[to as usize] += is_young;
                    p.rehouse(c, to);
                }
                None => {
                    p.leave(c);
                    gone += 1;
                }
            }
        }
    }
    gone
}

/// Step: remove the dead (amortised), let lone elders move in with a
/// resident child. Lone elders draw first; a resident child is looked up
/// only if someone drew a move, and the elder must still live alone then.
/// Last, those who moved into a renovated home this year take its mark.
pub fn step(v: &mut Village, ctx: &YearCtx) {
    let hp = &ctx.scenario.household;
    v.people.compact(&mut v.scratch.compaction);
    let th = threshold(hp.lone_elder_move_in_rate);
    let mut rng = v.stream(ctx, Process::Household);
    let leaving = v.key_draws(ctx, Process::LeavingHome);
    let (s, notes) = (&mut v.scratch, &mut v.notes);
    let p = &mut v.people;
    household_sizes(p, 0, &mut notes.counts);
    // No one below moves into or out of a bed, nor does a bed holder move.
    beds_in(p, notes.bed_holders > 0, &mut notes.beds_in);
    notes.household_sizes_fresh = true;
    let (counts, beds) = (&mut notes.counts, &notes.beds_in);
    leave_home(p, counts, hp, leaving);
    let gone = rehouse_children(p, counts, hp, &mut s.a);
    v.tally.out_migrants += f64::from(gone);
    let from = hp.lone_elder_move_in_from_age;
    let movers = &mut s.b;
    movers.clear();
    for rows in p.rows_aged(None, from..=MAX_AGE as u8) {
        for i in rows {
            if p.age[i] >= from && lives_alone(p, counts, beds, i) && rng.hit(th) {
                movers.push(i as u32);
            }
        }
    }
    for &i in movers.iter() {
        let (i, h) = (i as usize, p.household[i as usize]);
        let child = last_resident_child(p, i);
        let Some(child) = child.filter(|_| lives_alone(p, counts, beds, i)) else {
            continue;
        };
        let to = p.household[child];
        counts[h as usize] -= 1;
        counts[to as usize] += 1;
        p.rehouse(i, to);
    }
    if v.renovated_homes {
        p.spread_renovation(&mut s.flags);
    }
}

/// End-of-year living arrangements of resident elders, added to the tally.
pub fn record(v: &mut Village, ctx: &YearCtx) {
    let elder_age = ctx.scenario.household.elder_age;
    let s = &mut v.scratch;
    let p = &v.people;
    // The household step of the year has just counted the sizes and the bed
    // holders (and kept them through its moves); the start year has no household step.
    let notes = &mut v.notes;
    if !std::mem::take(&mut notes.household_sizes_fresh) {
        household_sizes(p, 0, &mut notes.counts);
        beds_in(p, notes.bed_holders > 0, &mut notes.beds_in);
    }
    kin_flags_born_since(p, &mut s.flags);
    let (mut empty, mut no_child, mut alone) = (0u32, 0u32, 0u32);
    for rows in p.rows_aged(None, elder_age..=MAX_AGE as u8) {
        for i in rows {
            let h = p.household[i];
            if h == NONE || p.age[i] < elder_age {
                continue;
            }
            let f = elder_kin_flags(p, i, &s.flags);
            empty += u32::from(f & CO_RESIDENT_CHILD == 0);
            no_child += u32::from(f & CHILD_IN_VILLAGE == 0);
            alone += u32::from(lives_alone(p, &notes.counts, &notes.beds_in, i));
        }
    }
    let t = &mut v.tally;
    t.elders_empty_nest += f64::from(empty);
    t.elders_no_child_in_village += f64::from(no_child);
    t.elders_living_alone += f64::from(alone);
    t.households += notes.counts.iter().filter(|&&n| n > 0).count() as f64;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::population::people::{Health, NewPerson, Sex, Status};

    #[test]
    fn household_sizes_count_members_of_the_ages_asked() {
        let mut p = People::default();
        let (a, b) = (p.new_household(), p.new_household());
        let person = |age, status, household| NewPerson {
            age,
            sex: Sex::Female,
            status,
            household,
            mother: NONE,
            father: NONE,
            health: Health::Healthy,
            attitude: 0.0,
        };
        for (age, status, h) in [
            (70, Status::Resident, a),
            (40, Status::Resident, a),
            (25, Status::Away, NONE),
            (10, Status::Resident, a),
            (30, Status::Resident, b),
            (17, Status::Resident, b),
        ] {
            p.push(person(age, status, h));
        }
        let mut counts = Vec::new();
        household_sizes(&p, 0, &mut counts);
        assert_eq!(counts, [3, 2]);
        household_sizes(&p, 18, &mut counts);
        assert_eq!(counts, [2, 1]);
    }

    #[test]
    fn an_elder_whose_partner_holds_a_bed_lives_alone() {
        let mut p = People::default();
        let (home, other) = (p.new_household(), p.new_household());
        let wife = p.push(person(78, Sex::Female, home, NONE, NONE)) as usize;
        let husband = p.push(person(80, Sex::Male, home, NONE, NONE)) as usize;
        let widow = p.push(person(75, Sex::Female, other, NONE, NONE)) as usize;
        p.marry(husband, wife);
        let (mut counts, mut beds) = (Vec::new(), Vec::new());
        household_sizes(&p, 0, &mut counts);
        let alone = |p: &People, beds: &[u32], i| lives_alone(p, &counts, beds, i);
        beds_in(&p, false, &mut beds);
        assert!(beds.is_empty());
        assert!(!alone(&p, &beds, wife) && !alone(&p, &beds, husband));
        assert!(alone(&p, &beds, widow));
        // The husband takes a bed: his wife is at home alone, and he is not alone.
        p.in_institution[husband] = true;
        beds_in(&p, true, &mut beds);
        assert_eq!(beds, [1, 0]);
        assert!(alone(&p, &beds, wife) && !alone(&p, &beds, husband));
        assert!(alone(&p, &beds, widow));
        // A child at home: the wife is not alone.
        p.push(person(50, Sex::Male, home, wife as u32, husband as u32));
        household_sizes(&p, 0, &mut counts);
        let alone = |p: &People, beds: &[u32], i| lives_alone(p, &counts, beds, i);
        assert!(!alone(&p, &beds, wife));
    }

    #[test]
    fn a_lone_elder_moves_in_only_with_a_child_at_home() {
        let mut p = People::default();
        let (own, at_home, in_bed) = (p.new_household(), p.new_household(), p.new_household());
        let mother = p.push(person(92, Sex::Female, own, NONE, NONE));
        let daughter = p.push(person(66, Sex::Female, at_home, mother, NONE)) as usize;
        let son = p.push(person(63, Sex::Male, in_bed, mother, NONE)) as usize;
        // The last child in row order is the son; he holds a bed.
        assert_eq!(last_resident_child(&p, mother as usize), Some(son));
        p.in_institution[son] = true;
        assert_eq!(last_resident_child(&p, mother as usize), Some(daughter));
        p.in_institution[daughter] = true;
        assert_eq!(last_resident_child(&p, mother as usize), None);
    }

    fn params() -> HouseholdParams {
        HouseholdParams {
            child_age: 15,
            single_with_parents_to_age: 30,
            leave_home_share: 1.0,
            stem_family_share: 0.65,
            lone_elder_move_in_rate: 0.03,
            lone_elder_move_in_from_age: 75,
            elder_age: 60,
            adult_age: 18,
        }
    }

    fn person(age: u8, sex: Sex, household: u32, mother: u32, father: u32) -> NewPerson {
        NewPerson {
            age,
            sex,
            status: Status::Resident,
            household,
            mother,
            father,
            health: Health::Healthy,
            attitude: 0.0,
        }
    }

    fn draws() -> KeyedDraws {
        KeyedDraws::new(&crate::rng::StreamKey {
            seed: 1,
            replication: 0,
            unit: 0,
            process: Process::LeavingHome,
            year: 2021,
        })
    }

    #[test]
    fn single_childless_adults_leave_their_parents_on_passing_the_age() {
        let mut p = People::default();
        let home = p.new_household();
        let (mother, father) = (0, 1);
        p.push(person(58, Sex::Female, home, NONE, NONE));
        p.push(person(60, Sex::Male, home, NONE, NONE));
        let single = p.push(person(31, Sex::Male, home, mother, father)) as usize;
        let younger = p.push(person(30, Sex::Male, home, mother, father)) as usize;
        let father_of_one = p.push(person(31, Sex::Male, home, mother, father)) as usize;
        let mut disabled = person(31, Sex::Female, home, mother, father);
        disabled.health = Health::Disabled;
        let disabled = p.push(disabled) as usize;
        p.push(person(5, Sex::Female, home, NONE, father_of_one as u32));
        let mut counts = Vec::new();
        household_sizes(&p, 0, &mut counts);
        leave_home(&mut p, &mut counts, &params(), draws());
        assert_ne!(p.household[single], home);
        assert_eq!(p.household[younger], home);
        assert_eq!(p.household[father_of_one], home);
        assert_eq!(p.household[disabled], home);
        let mut recount = Vec::new();
        household_sizes(&p, 0, &mut recount);
        assert_eq!(counts, recount);
        // None leave when the share is nil.
        let mut q = People::default();
        let h = q.new_household();
        q.push(person(58, Sex::Female, h, NONE, NONE));
        let s = q.push(person(31, Sex::Male, h, 0, NONE)) as usize;
        household_sizes(&q, 0, &mut counts);
        let none = HouseholdParams {
            leave_home_share: 0.0,
            ..params()
        };
        leave_home(&mut q, &mut counts, &none, draws());
        assert_eq!(q.household[s], h);
    }

    #[test]
    fn children_left_without_an_adult_go_to_kin_or_away() {
        let mut p = People::default();
        let (grand_home, alone_a, alone_b) =
            (p.new_household(), p.new_household(), p.new_household());
        let grandmother = p.push(person(70, Sex::Female, grand_home, NONE, NONE)) as usize;
        let mut away_mother = person(35, Sex::Female, NONE, grandmother as u32, NONE);
        away_mother.status = Status::Away;
        let mother = p.push(away_mother) as usize;
        // A child and a sibling of 16 alone: both go to the grandmother.
        let child = p.push(person(8, Sex::Male, alone_a, mother as u32, NONE)) as usize;
        let teen = p.push(person(16, Sex::Female, alone_a, mother as u32, NONE)) as usize;
        // A child with no kin in the village joins the parents away; a minor
        // above the child age stays on.
        let orphan = p.push(person(6, Sex::Female, alone_b, NONE, NONE)) as usize;
        let older = p.push(person(17, Sex::Male, alone_b, NONE, NONE)) as usize;
        let mut counts = Vec::new();
        household_sizes(&p, 0, &mut counts);
        let mut young = Vec::new();
        let gone = rehouse_children(&mut p, &mut counts, &params(), &mut young);
        assert_eq!(gone, 1);
        assert_eq!(p.household[child], grand_home);
        assert_eq!(p.household[teen], grand_home);
        assert_eq!(p.household[older], alone_b);
        assert_eq!(p.status[orphan], Status::Away);
        assert_eq!(p.household[orphan], NONE);
        let mut recount = Vec::new();
        household_sizes(&p, 0, &mut recount);
        assert_eq!(counts, recount);
        p.check().unwrap();
    }
}
