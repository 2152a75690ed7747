//! Care (MODEL.md §7.7): weekly hours of care needed by health state, and the
//! cascade of sources that meet them, each limited by its own capacity:
//! spouse, co-resident children (and their partners), children elsewhere in
//! the village, mutual-aid volunteers, the village facility — the village
//! phase, per village — then township day care, paid home care and county
//! institution beds — the county phase, per county.
//!
//! Hours are per week while the cascade runs; indicators report hours per
//! year (× 52). Each person's received hours never exceed their need: every
//! source gives at most what is still unmet.

pub mod book;
pub mod county;
pub mod facility;
pub mod family;
pub mod mutual_aid;

use std::ops::Range;

use crate::bands::MAX_AGE;
use crate::population::household::lives_alone;
use crate::population::people::{CARE_SOURCES, CareSource, Health, Status};
use crate::population::village::Village;
use crate::rng::KeyedDraws;
use crate::scenario::reader::{Section, doc};
use crate::sim::YearCtx;

/// Weeks per year: weekly hours × this = yearly hours in the indicators.
pub const WEEKS: f64 = 52.0;

/// Minimum acceptance of non-family care (attitude, 0–1) for each kind of help.
#[derive(Clone, Debug)]
pub struct Acceptance {
    pub mutual_aid: f32,
    pub village_facility: f32,
    pub township: f32,
    pub paid: f32,
    pub institution: f32,
    /// … for a dependent who received no family care this year.
    pub institution_without_family: f32,
}

#[derive(Clone, Debug)]
pub struct CareParams {
    /// Hours per week needed by state [Healthy, Frail, Disabled, Severe].
    pub need_hours: [f32; 4],
    pub acceptance: Acceptance,
    pub family: family::FamilyParams,
    pub mutual_aid: mutual_aid::MutualAidParams,
    pub facility: facility::FacilityCareParams,
    pub county: county::CountyCareParams,
}

impl CareParams {
    pub fn read(s: &mut Section) -> Self {
        let mut n = s.section("need_hours");
        let d = |what| doc("hours per week", what, "DATA.md §6 (A)");
        let need_hours = [
            0.0,
            n.num("frail", 0.0..=168.0, d("care needed by a Frail person")) as f32,
            n.num(
                "disabled",
                0.0..=168.0,
                d("care needed by a Disabled person"),
            ) as f32,
            n.num("severe", 0.0..=168.0, d("care needed by a Severe person")) as f32,
        ];
        n.finish();
        let mut a = s.section("acceptance");
        let d = |what| {
            doc(
                "attitude 0–1",
                what,
                "DATA.md §5: ~80 % rely on home care, 1.1 % would choose an institution (A)",
            )
        };
        let acceptance = Acceptance {
            mutual_aid: a.prob(
                "mutual_aid",
                d("least acceptance of non-family care at which an elder takes volunteers' help"),
            ) as f32,
            village_facility: a.prob(
                "village_facility",
                d("… uses the village care point or mutual-aid home"),
            ) as f32,
            township: a.prob("township", d("… uses township day care")) as f32,
            paid: a.prob("paid", d("… buys paid home care")) as f32,
            institution: a.prob("institution", d("… applies for an institution bed")) as f32,
            institution_without_family: a.prob(
                "institution_without_family",
                d("… applies for a bed when no family member cared this year"),
            ) as f32,
        };
        a.finish();
        let mut part = |key: &'static str| s.section(key);
        let mut f = part("family");
        let family = family::FamilyParams::read(&mut f);
        f.finish();
        let mut m = part("mutual_aid");
        let mutual_aid = mutual_aid::MutualAidParams::read(&mut m);
        m.finish();
        let mut v = part("village_facility");
        let facility = facility::FacilityCareParams::read(&mut v);
        v.finish();
        let mut c = part("county");
        let county = county::CountyCareParams::read(&mut c);
        c.finish();
        CareParams {
            need_hours,
            acceptance,
            family,
            mutual_aid,
            facility,
            county,
        }
    }
}

/// Orders book entries by a key computed once per entry rather than at every
/// comparison; entries of equal keys keep the book's order, so the order is
/// total whatever the key. `keys` is scratch.
pub fn order_entries(entries: &mut [u32], keys: &mut Vec<u128>, key: impl Fn(usize) -> u64) {
    keys.clear();
    keys.extend(
        entries
            .iter()
            .map(|&k| u128::from(key(k as usize)) << 32 | u128::from(k)),
    );
    keys.sort_unstable();
    for (e, k) in entries.iter_mut().zip(keys.iter()) {
        *e = *k as u32;
    }
}

/// The part of an ordering key that puts the more severe first (Severe 0 … Healthy 3).
pub fn severity_first(h: Health) -> u64 {
    3 - h as u64
}

/// A village queue's key: the most severe first, then the year's draw of the
/// serial (`order`: the village's [`crate::rng::Process::VillageQueues`] draws), so that no
/// elder comes first among equals year after year.
pub fn village_queue_key(order: KeyedDraws, h: Health, serial: u32) -> u64 {
    severity_first(h) << 32 | order.of(serial) >> 32
}

/// The columns the village cascade lists the book from: status, health,
/// volunteer, institution bed.
type ListingColumns<'a> = (&'a [Status], &'a [Health], &'a [bool], &'a [bool]);

/// Visits a stretch of rows with their listing columns read side by side,
/// without a check per row.
#[inline(always)]
fn each_row_in(
    rows: Range<usize>,
    (status, health, volunteer, in_bed): ListingColumns,
    mut visit: impl FnMut(usize, Status, Health, bool, bool),
) {
    let columns = status[rows.clone()]
        .iter()
        .zip(&health[rows.clone()])
        .zip(&volunteer[rows.clone()])
        .zip(&in_bed[rows.clone()]);
    for (k, (((&s, &h), &v), &b)) in columns.enumerate() {
        visit(rows.start + k, s, h, v, b);
    }
}

/// Step (village phase): need by health state; institution residents are
/// fully cared for in their bed; then family, mutual aid and the village
/// facility. Opens the year's care book with the rows in need.
pub fn village_cascade(v: &mut Village, ctx: &YearCtx) {
    let need_hours = &ctx.scenario.care.need_hours;
    let (p, book, rows) = (&v.people, &mut v.care, &mut v.scratch.a);
    let n = p.len();
    let (status, health) = (&p.status[..n], &p.health[..n]);
    let (volunteer, in_bed) = (&p.volunteer[..n], &p.in_institution[..n]);
    let mut serving = 0u32;
    // Only residents are in need or serve: the rows Away since the last
    // reorder are passed over. The rest without branches: every row is written
    // at the end of the list (in the scratch, which is in cache), which grows
    // only by the rows in need.
    let (sorted, returned, pushed) = p.maybe_resident();
    rows.resize(n, 0);
    let mut listed = 0;
    let mut visit = |i: usize, status: Status, health: Health, volunteer: bool, in_bed: bool| {
        let resident = status == Status::Resident;
        let healthy = health == Health::Healthy;
        // A volunteer who has since fallen ill does not serve.
        serving += u32::from(resident & healthy & volunteer);
        rows[listed] = i as u32;
        listed += usize::from(resident & (!healthy | in_bed));
    };
    let columns = (status, health, volunteer, in_bed);
    each_row_in(sorted, columns, &mut visit);
    for &i in returned {
        let i = i as usize;
        visit(i, status[i], health[i], volunteer[i], in_bed[i]);
    }
    each_row_in(pushed, columns, &mut visit);
    book.open(|book_rows| book_rows.extend_from_slice(&rows[..listed]));
    v.notes.serving_volunteers = serving;
    let (sizes, beds_in) = (&v.notes.counts, &v.notes.beds_in);
    for (k, &i) in book.rows.iter().enumerate() {
        let i = i as usize;
        let need = need_hours[p.health[i] as usize];
        book.need[k] = need;
        // Households do not change until next year's household update.
        book.alone[k] = lives_alone(p, sizes, beds_in, i);
        if p.in_institution[i] {
            book.received[k][CareSource::Institution as usize] = need;
        } else {
            book.unmet[k] = need;
        }
    }
    family::give(v, ctx);
    mutual_aid::give(v, ctx);
    facility::give(v, ctx);
}

/// Step (after the county phase): the year's care accounts of the village,
/// visiting only the rows concerned: family carers, persons of volunteer age
/// or older (the time bank's credit is theirs, moved away or not), and the rows in need.
pub fn accounts(v: &mut Village, ctx: &YearCtx) {
    let cp = &ctx.scenario.care;
    let mp = &cp.mutual_aid;
    // Credit is held by those of volunteer age or older, and only where a time bank runs.
    let oldest = if mutual_aid::has_time_bank(v, mp) {
        MAX_AGE as u8
    } else {
        mp.max_age
    };
    let (p, notes, t, book) = (&v.people, &mut v.notes, &mut v.tally, &v.care);
    let (mut eligible, mut volunteers, mut bank) = (0u32, 0u32, 0.0f64);
    for rows in p.rows_aged(None, mp.min_age..=oldest) {
        // The block's columns side by side: no check per row.
        let columns = p.status[rows.clone()]
            .iter()
            .zip(&p.health[rows.clone()])
            .zip(&p.age[rows.clone()])
            .zip(&p.volunteer[rows.clone()])
            .zip(&p.in_institution[rows.clone()])
            .zip(&p.time_bank[rows]);
        for (((((&status, &health), age), &volunteer), &in_bed), &credit) in columns {
            if status == Status::Resident {
                // Eligible as volunteering has them: healthy, at home, of volunteer age.
                let e =
                    health == Health::Healthy && !in_bed && (mp.min_age..=mp.max_age).contains(age);
                eligible += u32::from(e);
                volunteers += u32::from(e & volunteer);
            }
            // Credit stays with a holder who moves away (it lapses at death or settlement).
            if status.registered() {
                bank += f64::from(credit);
            }
        }
    }
    let mut received = [0.0f64; CARE_SOURCES];
    let (mut in_beds, mut waived) = (0u32, 0u32);
    let (mut in_need, mut using, mut dependents, mut short, mut alone_uncared) =
        (0u32, 0u32, 0u32, 0u32, 0u32);
    let elder_age = ctx.scenario.household.elder_age;
    let mut elders_short = 0u32;
    // Dependents by who in the family cared: [spouse only, children only, both].
    let mut family_cared = [0u32; 3];
    let (mut needed, mut unmet) = (0.0f64, 0.0f64);
    // Services go to users of places, who are among the rows in need.
    let (mut rehabilitation, mut companionship) = (0.0f64, 0.0f64);
    for (k, &i) in book.rows.iter().enumerate() {
        let i = i as usize;
        in_beds += u32::from(p.in_institution[i]);
        waived += u32::from(p.in_institution[i] & p.fee_waived[i]);
        rehabilitation += f64::from(book.rehabilitation[k]);
        companionship += f64::from(book.companionship[k]);
        let need = book.need[k];
        if need <= 0.0 {
            continue;
        }
        in_need += 1;
        needed += f64::from(need);
        unmet += f64::from(book.unmet[k]);
        let r = &book.received[k];
        for (sum, x) in received.iter_mut().zip(r) {
            *sum += f64::from(*x);
        }
        let family = r[CareSource::Spouse as usize] + r[CareSource::Children as usize];
        using += u32::from(r.iter().sum::<f32>() - family > 0.0);
        if p.health[i].dependent() {
            dependents += 1;
            short += u32::from(book.unmet[k] > 0.0);
            elders_short += u32::from(book.unmet[k] > 0.0 && p.age[i] >= elder_age);
            alone_uncared += u32::from(book.alone[k] && family <= 0.0 && !p.in_institution[i]);
            let spouse = r[CareSource::Spouse as usize] > 0.0;
            let children = r[CareSource::Children as usize] > 0.0;
            family_cared[0] += u32::from(spouse && !children);
            family_cared[1] += u32::from(children && !spouse);
            family_cared[2] += u32::from(spouse && children);
        }
    }
    let f = f64::from;
    t.mutual_aid_eligible += f(eligible);
    t.mutual_aid_volunteers += f(volunteers);
    t.time_bank_balance_hours += bank;
    t.institution_residents += f(in_beds);
    t.institution_fee_waived += f(waived);
    t.family_carers_at_risk += f(notes.carers_at_risk);
    notes.bed_holders = in_beds;
    t.persons_in_need += f(in_need);
    t.persons_using_services += f(using);
    t.dependents += f(dependents);
    t.dependents_with_unmet_need += f(short);
    t.elders_dependent_with_unmet_need += f(elders_short);
    t.dependents_alone_without_carer += f(alone_uncared);
    t.dependents_spouse_care_only += f(family_cared[0]);
    t.dependents_children_care_only += f(family_cared[1]);
    t.dependents_spouse_and_children_care += f(family_cared[2]);
    t.dependents_family_cared += f(family_cared.iter().sum());
    t.care_hours_needed += needed * WEEKS;
    t.care_hours_unmet += unmet * WEEKS;
    t.rehabilitation_hours += rehabilitation * WEEKS;
    t.companionship_hours += companionship * WEEKS;
    t.care_hours_spouse += received[CareSource::Spouse as usize] * WEEKS;
    t.care_hours_children += received[CareSource::Children as usize] * WEEKS;
    t.care_hours_mutual_aid += received[CareSource::MutualAid as usize] * WEEKS;
    t.care_hours_village_facility += received[CareSource::VillageFacility as usize] * WEEKS;
    t.care_hours_township += received[CareSource::Township as usize] * WEEKS;
    t.care_hours_paid += received[CareSource::Paid as usize] * WEEKS;
    t.care_hours_institution += received[CareSource::Institution as usize] * WEEKS;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_ordered_by_their_keys_as_a_stable_sort_would() {
        // (flag, health, serial) of entries 0..6; serials are unique.
        let people = [
            (1u64, Health::Frail, 40u32),
            (0, Health::Disabled, 7),
            (1, Health::Severe, 3),
            (0, Health::Disabled, 2),
            (1, Health::Frail, 1),
            (0, Health::Severe, 9),
        ];
        let mut entries: Vec<u32> = (0..6).collect();
        let mut expected = entries.clone();
        expected.sort_by_key(|&k| {
            let (f, h, s) = people[k as usize];
            (f, std::cmp::Reverse(h), s)
        });
        order_entries(&mut entries, &mut Vec::new(), |k| {
            let (f, h, s) = people[k];
            f << 34 | severity_first(h) << 32 | u64::from(s)
        });
        assert_eq!(entries, expected);
        assert_eq!(entries, [5, 3, 1, 2, 4, 0]);
    }
}
