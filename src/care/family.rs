//! Family care (MODEL.md §7.7 sources 1–3): the spouse, then co-resident
//! children and their partners, then children living elsewhere in the
//! village. Each carer has a weekly capacity shared across everyone they
//! care for; carers must be residents in good enough health.

use crate::care::WEEKS;
use crate::population::people::{CareSource, Health, NONE, People, Sex, Status};
use crate::population::village::Village;
use crate::scenario::reader::{Section, doc};
use crate::sim::YearCtx;

#[derive(Clone, Debug)]
pub struct FamilyParams {
    pub spouse_max_age: u8,
    pub spouse_hours: f32,
    pub frail_spouse_hours: f32,
    pub coresident_hours: f32,
    pub frail_carer_hours: f32,
    pub nearby_child_hours: f32,
    pub carer_min_age: u8,
    pub working_age_max: u8,
    pub at_risk_hours: f32,
}

impl FamilyParams {
    pub fn read(s: &mut Section) -> Self {
        FamilyParams {
            spouse_max_age: s.int(
                "spouse_max_age",
                0..=110,
                doc(
                    "years",
                    "oldest age at which a spouse still gives care",
                    "MODEL.md §7.7 (A)",
                ),
            ) as u8,
            spouse_hours: s.num(
                "spouse_hours",
                0.0..=168.0,
                doc("hours per week", "most a Healthy spouse gives", "(A)"),
            ) as f32,
            frail_spouse_hours: s.num(
                "frail_spouse_hours",
                0.0..=168.0,
                doc(
                    "hours per week",
                    "most a Frail spouse gives (at most what a Healthy one gives)",
                    "(A)",
                ),
            ) as f32,
            coresident_hours: s.num(
                "coresident_hours",
                0.0..=168.0,
                doc(
                    "hours per week",
                    "most a co-resident child or child-in-law gives, all parents together",
                    "(A: above the 63 h risk threshold, DATA.md §6)",
                ),
            ) as f32,
            frail_carer_hours: s.num(
                "frail_carer_hours",
                0.0..=168.0,
                doc(
                    "hours per week",
                    "most a Frail child or child-in-law gives, all parents together (at most what a Healthy one gives)",
                    "(A: as a Frail spouse)",
                ),
            ) as f32,
            nearby_child_hours: s.num(
                "nearby_child_hours",
                0.0..=168.0,
                doc(
                    "hours per week",
                    "most a child in another household of the village gives",
                    "(A)",
                ),
            ) as f32,
            carer_min_age: s.int(
                "carer_min_age",
                0..=30,
                doc("years", "youngest family carer", "(A)"),
            ) as u8,
            working_age_max: s.int(
                "working_age_max",
                40..=80,
                doc(
                    "years",
                    "oldest working-age carer (for carers at risk of leaving work)",
                    "(A: 60 retirement age)",
                ),
            ) as u8,
            at_risk_hours: s.num(
                "at_risk_hours",
                0.0..=168.0,
                doc(
                    "hours per week",
                    "care above which a working-age carer risks leaving work",
                    "DATA.md §6, Chai, Fu & Coyte 2021: women aged 45–60 lose income at 63 h a week (a V figure); taken for co-resident carers of both sexes and all working ages (A)",
                ),
            ) as f32,
        }
    }
}

/// Books `g` hours given by `carer` in `hours` (by row), listing the carer
/// in `carers` at the first hour.
fn note_carer(hours: &mut [f32], carers: &mut Vec<(u32, f32)>, carer: usize, g: f32) {
    if g > 0.0 {
        if hours[carer] <= 0.0 {
            carers.push((carer as u32, 0.0));
        }
        hours[carer] += g;
    }
}

/// Hours a family member can still give this year, having given `hours` (by
/// row): residents at home (not in an institution bed) in good enough health,
/// up to the first of `(healthy, frail)` caps when Healthy and the lesser when Frail.
fn spare(
    p: &People,
    hours: &[f32],
    carer: usize,
    (healthy, frail): (f32, f32),
    min_age: u8,
) -> f32 {
    let able = p.status[carer] == Status::Resident
        && !p.in_institution[carer]
        && p.health[carer] <= Health::Frail
        && p.age[carer] >= min_age;
    let cap = if p.health[carer] == Health::Healthy {
        healthy
    } else {
        healthy.min(frail)
    };
    if able {
        (cap - hours[carer]).max(0.0)
    } else {
        0.0
    }
}

/// Whether row `i` (maybe [`NONE`]) is a member of household `h`.
fn in_household(p: &People, i: u32, h: u32) -> bool {
    i != NONE && p.household[i as usize] == h
}

/// Family carers give, in cascade order, to every resident with unmet need:
/// first spouses; then each child and child's partner living in a parent's
/// household to that parent, in the child's row order; then each resident child to a
/// parent in another household, in row order. The (child, parent) pairs are
/// listed after the spouses gave; need only falls, so pairs whose parent had
/// no unmet need then can never receive.
pub fn give(v: &mut Village, ctx: &YearCtx) {
    let fp = &ctx.scenario.care.family;
    let (p, s, book) = (&v.people, &mut v.scratch, &mut v.care);
    let notes = &mut v.notes;
    // Hours given so far by row, in the lent scratch (in cache); the carers
    // and their hours are left to the village's notes at the end.
    let mut hours = std::mem::take(&mut s.carer_hours);
    hours.clear();
    hours.resize(p.len(), 0.0);
    let carers = &mut notes.carers;
    carers.clear();
    for k in 0..book.len() {
        let i = book.row(k);
        let sp = p.partner[i];
        if book.unmet[k] <= 0.0 || sp == NONE || p.age[sp as usize] > fp.spouse_max_age {
            continue;
        }
        let sp = sp as usize;
        let caps = (fp.spouse_hours, fp.frail_spouse_hours);
        let g = book.grant(
            k,
            CareSource::Spouse,
            spare(p, &hours, sp, caps, fp.carer_min_age),
        );
        note_carer(&mut hours, carers, sp, g);
    }
    // Pairs of a resident child and the book entry of a parent with unmet
    // need, by whether they share a household: children of the rows in need
    // from the child index, children born since from the pushed rows; then in
    // the order of a pass over the rows (child's row, mother before father).
    let mut same = std::mem::take(&mut s.child_pairs);
    let mut other = std::mem::take(&mut s.child_pairs_other);
    same.clear();
    other.clear();
    // Each pair is child << 32 | entry, with the entry's top bit set for the
    // father, so that sorting the plain numbers orders them by child, mother
    // before father (a child and a parent make one pair). A father is the
    // male parent (`People::check`), read from the parent's row, not the child's.
    // A pair shares the parent's household when the child lives in it, or
    // the child is Away and the child's partner lives in it (a daughter-in-law
    // at home while the son works away).
    let mut add = |c: usize, k: usize| {
        let parent = book.row(k);
        if book.unmet[k] <= 0.0 {
            return;
        }
        let home = p.household[parent];
        let father = u64::from(p.sex[parent] == Sex::Male) << 31;
        let pair = (c as u64) << 32 | k as u64 | father;
        let hc = p.household[c];
        if hc != NONE {
            if hc == home { &mut same } else { &mut other }.push(pair);
        } else if home != NONE && in_household(p, p.partner[c], home) {
            same.push(pair);
        }
    };
    for (k, &parent) in book.rows.iter().enumerate() {
        // Entries the spouse has fully served need no look at their children's rows.
        if book.unmet[k] <= 0.0 {
            continue;
        }
        for &c in p.children_at_reorder(parent as usize) {
            add(c as usize, k);
        }
    }
    for c in p.pushed_rows() {
        for parent in [p.mother[c], p.father[c]] {
            if parent != NONE
                && let Some(k) = book.entry(parent as usize)
            {
                add(c, k);
            }
        }
    }
    same.sort_unstable();
    other.sort_unstable();
    // Hours a week from children outside the parent's household, for the split of children's care.
    let mut elsewhere = 0.0f64;
    for (same_household, pairs, cap) in [
        (true, &same, fp.coresident_hours),
        (false, &other, fp.nearby_child_hours),
    ] {
        for &pair in pairs.iter() {
            let (c, k) = ((pair >> 32) as usize, (pair as u32 & !(1 << 31)) as usize);
            // A parent served in full by an earlier pair takes nothing more.
            if book.unmet[k] <= 0.0 {
                continue;
            }
            // In the parent's household, the child and the child's partner
            // give, each if they live there; elsewhere, the child.
            let home = p.household[book.row(k)];
            let partner = p.partner[c];
            let givers = [
                Some(c).filter(|_| !same_household || p.household[c] == home),
                Some(partner as usize).filter(|_| same_household && in_household(p, partner, home)),
            ];
            for carer in givers.into_iter().flatten() {
                let g = book.grant(
                    k,
                    CareSource::Children,
                    spare(
                        p,
                        &hours,
                        carer,
                        (cap, fp.frail_carer_hours),
                        fp.carer_min_age,
                    ),
                );
                note_carer(&mut hours, carers, carer, g);
                elsewhere += f64::from(g) * f64::from(u8::from(!same_household));
            }
        }
    }
    v.tally.care_hours_children_elsewhere += elsewhere * WEEKS;
    s.child_pairs = same;
    s.child_pairs_other = other;
    for (c, h) in carers.iter_mut() {
        *h = hours[*c as usize];
    }
    s.carer_hours = hours;
    // Carers of working age giving more than the threshold (DATA.md §6: 63–72
    // h/week), counted while their rows are at hand: no one gives family care later in the year.
    let at_risk = |&&(c, h): &&(u32, f32)| {
        (fp.carer_min_age..=fp.working_age_max).contains(&p.age[c as usize])
            && h >= fp.at_risk_hours
    };
    notes.carers_at_risk = carers.iter().filter(at_risk).count() as u32;
}
