//! Person state as columns (structure of arrays), one set per village.
//!
//! Row indices are the ids kin links use; they are stable within a year and
//! remapped by [`People::compact`] when the dead and detached are removed.
//! Every column has one entry per row; [`People::check`] verifies that and
//! that no kin link dangles.

use std::ops::{Range, RangeInclusive};

use super::prefetch::Footprint;
use crate::bands::{AGES, MAX_AGE};

/// "No one": the null kin link or household.
pub const NONE: u32 = u32::MAX;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum Sex {
    #[default]
    Male = 0,
    Female = 1,
}

/// Registry status (MODEL.md §2): residents live in the village; Away persons are
/// registered (hukou) but live elsewhere. A person who settles elsewhere
/// (transfers registration away) or dies leaves the rows at the next
/// compaction; settled children live on as a count on their parents.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(u8)]
pub enum Status {
    #[default]
    Resident = 0,
    Away = 1,
    /// Settled elsewhere; removed at the next compaction.
    Settled = 2,
    /// Died; removed at the next compaction.
    Dead = 3,
}

/// What a child of status `s` adds to a parent's counts: (registered, Away).
fn counts(s: Status) -> (i8, i8) {
    (i8::from(s.registered()), i8::from(s == Status::Away))
}

impl Status {
    /// Counts toward the registered (hukou) population.
    #[inline]
    pub fn registered(self) -> bool {
        matches!(self, Status::Resident | Status::Away)
    }
}

/// Functional health (MODEL.md §2): Frail = IADL limits, Disabled = 1–2 ADL, Severe = 3+ ADL.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum Health {
    #[default]
    Healthy = 0,
    Frail = 1,
    Disabled = 2,
    Severe = 3,
}

impl Health {
    pub const ALL: [Health; 4] = [
        Health::Healthy,
        Health::Frail,
        Health::Disabled,
        Health::Severe,
    ];
    /// Disabled or Severe: a dependent in the care indicators.
    #[inline]
    pub fn dependent(self) -> bool {
        self >= Health::Disabled
    }
}

/// The care sources of MODEL.md §7.7, in cascade order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum CareSource {
    Spouse = 0,
    Children = 1,
    MutualAid = 2,
    VillageFacility = 3,
    Township = 4,
    Paid = 5,
    Institution = 6,
}

pub const CARE_SOURCES: usize = 7;

/// A person to append (synthesis, births).
#[derive(Clone, Copy, Debug)]
pub struct NewPerson {
    pub age: u8,
    pub sex: Sex,
    pub status: Status,
    pub household: u32,
    pub mother: u32,
    pub father: u32,
    pub health: Health,
    pub attitude: f32,
}

/// All persons registered in (or kin-linked to) one village.
#[derive(Clone, Debug, Default)]
pub struct People {
    /// Serial number within the village, never reused: a stable key for tie-breaking.
    pub serial: Vec<u32>,
    /// Whole years; changed only by ageing (the sort index relies on it).
    pub age: Vec<u8>,
    pub sex: Vec<Sex>,
    pub status: Vec<Status>,
    /// Whole years spent Away in the current spell.
    pub years_away: Vec<u8>,
    /// Household id (residents only; NONE otherwise).
    pub household: Vec<u32>,
    pub partner: Vec<u32>,
    pub mother: Vec<u32>,
    pub father: Vec<u32>,
    /// The mother's and the father's serial numbers (NONE if unknown), kept
    /// when their rows are dropped: siblings stay known after their parents
    /// die or settle elsewhere. Read only to keep close kin from marrying.
    pub mother_serial: Vec<u32>,
    pub father_serial: Vec<u32>,
    pub health: Vec<Health>,
    /// Acceptance of non-family care, in [0, 1] (MODEL.md §7.14).
    pub attitude: Vec<f32>,
    /// Mutual-aid volunteer this year (MODEL.md §7.8).
    pub volunteer: Vec<bool>,
    /// Time-bank credit, hours.
    pub time_bank: Vec<f32>,
    /// Income this year (basic pension, remittances, land and labour
    /// together) less own medical spending, never below zero: what an elder
    /// can spend on care. Yuan in start-year prices.
    pub income: Vec<f32>,
    /// Lifelong economic standing (lognormal factor of mean 1 on an elder's
    /// remittances, land and labour income); NaN until the incomes step first
    /// draws it from the person's key, so it is drawn once per life, not yearly.
    pub standing: Vec<f32>,
    /// Below the subsistence line at the last incomes step (the poverty of
    /// MODEL.md §7.12, by the scenario's pooling rule).
    pub below_subsistence: Vec<bool>,
    /// Living children settled elsewhere (registration transferred away).
    pub children_elsewhere: Vec<u8>,
    /// Living registered children (Resident or Away), kept up to date by
    /// every change of status (so no step has to scan for a person's children).
    pub children_registered: Vec<u8>,
    /// Of those, the children Away (they send remittances).
    pub children_away: Vec<u8>,
    /// Holds a county institution bed (kept until death).
    pub in_institution: Vec<bool>,
    /// The bed fee is waived (rural five-guarantee support).
    pub fee_waived: Vec<bool>,
    /// Lives in a home with age-friendly renovation: the mark stays with the
    /// home when its holder moves ([`People::rehouse`]), and comes to those
    /// who move in at the next [`People::spread_renovation`].
    pub renovated: Vec<bool>,
    /// Rows that are Dead or Settled, awaiting compaction.
    garbage: u32,
    next_serial: u32,
    next_household: u32,
    sorted: SortIndex,
    children: ChildIndex,
    /// Rows that were Away at the last reorder and have returned since
    /// (increasing, each once; some may have left again).
    returned: Vec<u32>,
    /// Rows that were Resident at the last reorder and have left since
    /// (increasing, each once; some may have returned since).
    left: Vec<u32>,
}

/// Each row's children as of the last reorder, in row order (compressed
/// rows: the children of row `i` are `rows[start[i]..start[i + 1]]`). Kin
/// links change only at synthesis and reorder, so the index stays true until
/// the next reorder; children born since are among the pushed rows.
#[derive(Clone, Debug, Default)]
struct ChildIndex {
    start: Vec<u32>,
    rows: Vec<u32>,
}

/// Sort keys: (status, sex, age) of registered persons, in row order after a reorder.
const KEYS: usize = 2 * 2 * AGES;

fn sort_key(status: Status, sex: Sex, age: usize) -> usize {
    (status as usize * 2 + sex as usize) * AGES + age
}

/// Where each sort key's rows began at the last reorder, and how many years
/// everyone has aged since: a person of sort age `a` is now `a + years`
/// (capped at [`MAX_AGE`]). Rows pushed since lie after `start[KEYS]`.
#[derive(Clone, Debug)]
struct SortIndex {
    start: [u32; KEYS + 1],
    years: u8,
}

impl Default for SortIndex {
    /// No sorted rows: every row counts as pushed since.
    fn default() -> Self {
        SortIndex {
            start: [0; KEYS + 1],
            years: 0,
        }
    }
}

impl People {
    /// Adds the columns that care, attitudes and volunteering read to a village's footprint.
    pub fn add_care_to(&self, f: &mut Footprint) {
        f.add(&self.age);
        f.add(&self.status);
        f.add(&self.health);
        f.add(&self.attitude);
        f.add(&self.volunteer);
        f.add(&self.time_bank);
        f.add(&self.in_institution);
        f.add(&self.fee_waived);
    }

    /// Adds the columns and the child index to a village's footprint.
    pub fn add_to(&self, f: &mut Footprint) {
        f.add(&self.serial);
        f.add(&self.age);
        f.add(&self.sex);
        f.add(&self.status);
        f.add(&self.years_away);
        f.add(&self.household);
        f.add(&self.partner);
        f.add(&self.mother);
        f.add(&self.father);
        f.add(&self.health);
        f.add(&self.attitude);
        f.add(&self.volunteer);
        f.add(&self.time_bank);
        f.add(&self.income);
        f.add(&self.standing);
        f.add(&self.below_subsistence);
        f.add(&self.children_elsewhere);
        f.add(&self.children_registered);
        f.add(&self.children_away);
        f.add(&self.in_institution);
        f.add(&self.fee_waived);
        f.add(&self.renovated);
        f.add(&self.children.start);
        f.add(&self.children.rows);
    }

    pub fn len(&self) -> usize {
        self.age.len()
    }

    pub fn is_empty(&self) -> bool {
        self.age.is_empty()
    }

    /// A fresh household id.
    pub fn new_household(&mut self) -> u32 {
        self.next_household += 1;
        self.next_household - 1
    }

    /// Upper bound (exclusive) of household ids in use, for per-household scratch arrays.
    pub fn household_bound(&self) -> usize {
        self.next_household as usize
    }

    /// The rows of `persons`, in order, each Away for `years_away[i]` years:
    /// what pushing them one by one gives, built a column at a time.
    pub fn from_persons(persons: &[NewPerson], years_away: Vec<u8>) -> People {
        let n = persons.len();
        assert_eq!(years_away.len(), n, "one years-away value per person");
        let column = |f: fn(&NewPerson) -> u32| persons.iter().map(f).collect::<Vec<_>>();
        let mut p = People {
            serial: (0..n as u32).collect(),
            age: persons.iter().map(|x| x.age).collect(),
            sex: persons.iter().map(|x| x.sex).collect(),
            status: persons.iter().map(|x| x.status).collect(),
            years_away,
            household: column(|x| x.household),
            partner: vec![NONE; n],
            mother: column(|x| x.mother),
            father: column(|x| x.father),
            // A row's serial is its index here.
            mother_serial: column(|x| x.mother),
            father_serial: column(|x| x.father),
            health: persons.iter().map(|x| x.health).collect(),
            attitude: persons.iter().map(|x| x.attitude).collect(),
            volunteer: vec![false; n],
            time_bank: vec![0.0; n],
            income: vec![0.0; n],
            standing: vec![f32::NAN; n],
            below_subsistence: vec![false; n],
            children_elsewhere: vec![0; n],
            children_registered: vec![0; n],
            children_away: vec![0; n],
            in_institution: vec![false; n],
            fee_waived: vec![false; n],
            renovated: vec![false; n],
            next_serial: n as u32,
            ..People::default()
        };
        p.recount_children();
        p
    }

    /// The serial number of `row`, or NONE for no row.
    fn serial_of(&self, row: u32) -> u32 {
        if row == NONE {
            NONE
        } else {
            self.serial[row as usize]
        }
    }

    /// Appends a person and returns the row.
    pub fn push(&mut self, p: NewPerson) -> u32 {
        let row = self.len() as u32;
        let (mother_serial, father_serial) = (self.serial_of(p.mother), self.serial_of(p.father));
        self.serial.push(self.next_serial);
        self.next_serial += 1;
        self.age.push(p.age);
        self.sex.push(p.sex);
        self.status.push(p.status);
        self.years_away.push(0);
        self.household.push(p.household);
        self.partner.push(NONE);
        self.mother.push(p.mother);
        self.father.push(p.father);
        self.mother_serial.push(mother_serial);
        self.father_serial.push(father_serial);
        self.health.push(p.health);
        self.attitude.push(p.attitude);
        self.volunteer.push(false);
        self.time_bank.push(0.0);
        self.income.push(0.0);
        self.standing.push(f32::NAN);
        self.below_subsistence.push(false);
        self.children_elsewhere.push(0);
        self.children_registered.push(0);
        self.children_away.push(0);
        self.in_institution.push(false);
        self.fee_waived.push(false);
        self.renovated.push(false);
        let (registered, away) = counts(p.status);
        self.count_on_parents(row as usize, registered, away);
        row
    }

    /// Makes `mother` and `father` (either may be NONE) the parents of `c`,
    /// who had none, and counts `c` on them.
    pub fn set_parents(&mut self, c: usize, mother: u32, father: u32) {
        debug_assert!(self.mother[c] == NONE && self.father[c] == NONE);
        self.mother[c] = mother;
        self.father[c] = father;
        (self.mother_serial[c], self.father_serial[c]) =
            (self.serial_of(mother), self.serial_of(father));
        let (registered, away) = counts(self.status[c]);
        // Counts only rise here: plain adds, not `count_on_parents`'s signed ones.
        for par in [mother, father] {
            if par != NONE {
                self.children_registered[par as usize] += registered as u8;
                self.children_away[par as usize] += away as u8;
            }
        }
    }

    /// Adds `registered` and `away` (each -1, 0 or 1) to the child counts of `i`'s parents.
    #[inline]
    fn count_on_parents(&mut self, i: usize, registered: i8, away: i8) {
        if registered == 0 && away == 0 {
            return;
        }
        for par in [self.mother[i], self.father[i]] {
            if par != NONE {
                let par = par as usize;
                let r = &mut self.children_registered[par];
                *r = r.saturating_add_signed(registered);
                let a = &mut self.children_away[par];
                *a = a.saturating_add_signed(away);
            }
        }
    }

    /// Changes the status of `i`, keeping the parents' child counts.
    #[inline]
    pub fn set_status(&mut self, i: usize, status: Status) {
        let (now, before) = (
            counts(status),
            counts(std::mem::replace(&mut self.status[i], status)),
        );
        self.count_on_parents(i, now.0 - before.0, now.1 - before.1);
        let listed = match status {
            Status::Resident if self.away_at_reorder().contains(&i) => &mut self.returned,
            Status::Away if i < self.away_at_reorder().start => &mut self.left,
            _ => return,
        };
        if let Err(at) = listed.binary_search(&(i as u32)) {
            listed.insert(at, i as u32);
        }
    }

    /// The rows that were Away at the last reorder.
    fn away_at_reorder(&self) -> Range<usize> {
        let start = &self.sorted.start;
        start[sort_key(Status::Away, Sex::Male, 0)] as usize..start[KEYS] as usize
    }

    /// Rows that hold every person Resident now, in increasing order: the
    /// rows Resident at the last reorder (some may have left since), those of
    /// the Away rows then that have returned since, and the rows pushed since.
    /// Passes that concern residents only skip the Away rows this way.
    pub fn maybe_resident(&self) -> (Range<usize>, &[u32], Range<usize>) {
        let away = self.away_at_reorder();
        (0..away.start, &self.returned, self.pushed_rows())
    }

    /// The rows Resident at the last reorder that have left since, in
    /// increasing order (some may have returned since): with the rows Away at
    /// the last reorder and the rows pushed since, they hold every person Away
    /// now, so passes that concern the Away skip the Resident rows this way.
    pub fn left_since(&self) -> &[u32] {
        &self.left
    }

    /// Every person's registered and Away children, counted from the kin links.
    fn counted_children(&self) -> (Vec<u8>, Vec<u8>) {
        let (mut registered, mut away) = (vec![0u8; self.len()], vec![0u8; self.len()]);
        for i in 0..self.len() {
            if self.status[i].registered() {
                for par in [self.mother[i], self.father[i]] {
                    if par != NONE {
                        registered[par as usize] += 1;
                        away[par as usize] += u8::from(self.status[i] == Status::Away);
                    }
                }
            }
        }
        (registered, away)
    }

    /// Sets the child counts from the kin links (after synthesis links kin).
    pub fn recount_children(&mut self) {
        (self.children_registered, self.children_away) = self.counted_children();
    }

    /// Row ranges that together hold every registered person of sex `sex`
    /// (either sex if `None`) whose age is in `ages`, besides other rows:
    /// callers still test each row. They are the rows of that sex and age at
    /// the last reorder, Resident or Away then (a person may have moved
    /// since), and the rows pushed since; in increasing row order. Passes that
    /// concern some ages only visit a fraction of the rows this way.
    pub fn rows_aged(&self, sex: Option<Sex>, ages: RangeInclusive<u8>) -> [Range<usize>; 5] {
        let block = |status: Status, s: Sex| {
            if sex.is_none_or(|x| x == s) {
                self.sorted_rows(status, s, ages.clone())
            } else {
                0..0
            }
        };
        [
            block(Status::Resident, Sex::Male),
            block(Status::Resident, Sex::Female),
            block(Status::Away, Sex::Male),
            block(Status::Away, Sex::Female),
            self.pushed_rows(),
        ]
    }

    /// Rows that together hold every resident whose age is in `ages`, besides
    /// other rows (callers still test each row): the Resident rows of those
    /// ages at the last reorder and the rows pushed since, as ranges, and the
    /// rows returned since (of any age). Passes that concern residents of some
    /// ages skip the Away rows this way.
    pub fn resident_rows_aged(&self, ages: RangeInclusive<u8>) -> ([Range<usize>; 3], &[u32]) {
        let block = |sex| self.sorted_rows(Status::Resident, sex, ages.clone());
        (
            [block(Sex::Male), block(Sex::Female), self.pushed_rows()],
            &self.returned,
        )
    }

    /// The rows that had status `status`, sex `sex` and (now) an age in
    /// `ages` at the last reorder, in order of age. Their status may have
    /// changed since, and persons who have it now may be elsewhere (see
    /// [`People::rows_aged`]).
    pub fn sorted_rows(&self, status: Status, sex: Sex, ages: RangeInclusive<u8>) -> Range<usize> {
        let idx = &self.sorted;
        let years = usize::from(idx.years);
        let (lo, hi) = (usize::from(*ages.start()), usize::from(*ages.end()));
        // Ages at the last reorder: `a + years`, capped, lies in lo..=hi.
        let first = lo.saturating_sub(years);
        let last = if hi >= MAX_AGE {
            Some(MAX_AGE)
        } else {
            hi.checked_sub(years)
        };
        match last {
            Some(last) if first <= last && lo <= hi && status.registered() => {
                idx.start[sort_key(status, sex, first)] as usize
                    ..idx.start[sort_key(status, sex, last) + 1] as usize
            }
            _ => 0..0,
        }
    }

    /// The rows pushed since the last reorder.
    pub fn pushed_rows(&self) -> Range<usize> {
        self.sorted.start[KEYS] as usize..self.len()
    }

    /// Records that every registered person has aged a year (see [`People::rows_aged`]).
    pub fn note_ageing(&mut self) {
        self.sorted.years = self.sorted.years.saturating_add(1);
    }

    /// Marks a death and widows the partner. Returns the time-bank credit
    /// that lapses with the person (hours).
    pub fn die(&mut self, i: usize) -> f32 {
        self.set_status(i, Status::Dead);
        self.in_institution[i] = false;
        self.garbage += 1;
        self.household[i] = NONE;
        let p = self.partner[i];
        if p != NONE {
            self.partner[p as usize] = NONE;
            self.partner[i] = NONE;
        }
        std::mem::take(&mut self.time_bank[i])
    }

    /// Marks a settlement elsewhere: the row leaves at compaction, each
    /// registered parent counts one more child elsewhere, and a partner left
    /// in the registry is no longer linked (the caller settles an Away partner
    /// too). Returns the time-bank credit that lapses (hours).
    pub fn settle(&mut self, i: usize) -> f32 {
        self.set_status(i, Status::Settled);
        self.household[i] = NONE;
        self.garbage += 1;
        let partner = self.partner[i];
        if partner != NONE {
            self.partner[partner as usize] = NONE;
            self.partner[i] = NONE;
        }
        for par in [self.mother[i], self.father[i]] {
            if par != NONE && self.status[par as usize].registered() {
                let c = &mut self.children_elsewhere[par as usize];
                *c = c.saturating_add(1);
            }
        }
        std::mem::take(&mut self.time_bank[i])
    }

    /// Links two persons as partners.
    pub fn marry(&mut self, a: usize, b: usize) {
        self.partner[a] = b as u32;
        self.partner[b] = a as u32;
    }

    /// A resident grandparent of `c` (through either registered parent), if
    /// any: not through a parent dead or settled since the last compaction,
    /// whose links the compaction would clear.
    pub fn resident_grandparent(&self, c: usize) -> Option<usize> {
        [self.mother[c], self.father[c]]
            .into_iter()
            .filter(|&x| x != NONE && self.status[x as usize].registered())
            .flat_map(|x| [self.mother[x as usize], self.father[x as usize]])
            .find(|&g| g != NONE && self.status[g as usize] == Status::Resident)
            .map(|g| g as usize)
    }

    /// Moves `i` into household `h`. A renovated home stays with the household:
    /// the mover leaves its mark behind, and takes the new home's at the next
    /// update ([`People::spread_renovation`]).
    pub fn rehouse(&mut self, i: usize, h: u32) {
        self.household[i] = h;
        self.renovated[i] = false;
    }

    /// Marks every resident of a household in which a resident lives in a
    /// renovated home, so that those who moved in since share it; `homes`: a
    /// scratch flag per household.
    pub fn spread_renovation(&mut self, homes: &mut Vec<u8>) {
        homes.clear();
        homes.resize(self.household_bound(), 0);
        for i in 0..self.len() {
            if self.renovated[i] && self.status[i] == Status::Resident && self.household[i] != NONE
            {
                homes[self.household[i] as usize] = 1;
            }
        }
        for i in 0..self.len() {
            let h = self.household[i];
            if h != NONE && self.status[i] == Status::Resident && homes[h as usize] == 1 {
                self.renovated[i] = true;
            }
        }
    }

    /// `m` leaves the village (becomes Away); a leaver gives up any institution bed.
    pub fn leave(&mut self, m: usize) {
        self.set_status(m, Status::Away);
        self.household[m] = NONE;
        self.renovated[m] = false;
        self.years_away[m] = 0;
        self.in_institution[m] = false;
        self.fee_waived[m] = false;
    }

    /// A resident, living parent of `i` (mother first), if any.
    pub fn resident_parent(&self, i: usize) -> Option<usize> {
        [self.mother[i], self.father[i]]
            .into_iter()
            .find(|&p| p != NONE && self.status[p as usize] == Status::Resident)
            .map(|p| p as usize)
    }

    /// Whether `a` and `b` share a mother or a father (by serial number, so
    /// also after the parent's row is dropped).
    pub fn siblings(&self, a: usize, b: usize) -> bool {
        let shared = |x: u32, y: u32| x != NONE && x == y;
        shared(self.mother_serial[a], self.mother_serial[b])
            || shared(self.father_serial[a], self.father_serial[b])
    }

    /// Removes Dead and Settled rows once they are at least a tenth of all
    /// rows (amortised). See [`People::reorder`].
    pub fn compact(&mut self, scratch: &mut Compaction) {
        if (self.garbage as usize) * 10 >= self.len() {
            self.reorder(scratch);
        }
    }

    /// Drops Dead and Settled rows and sorts the rest by (status, sex, age),
    /// stable, so that the yearly passes meet long runs of alike rows and
    /// their branches predict well (ageing keeps the order; births and moves
    /// disturb it only a little until the next compaction). Kin links are
    /// remapped and household ids compacted. `scratch` holds the buffers,
    /// reused from one compaction to the next (no allocation once warm).
    pub fn reorder(&mut self, scratch: &mut Compaction) {
        // Dropped rows (Dead, Settled) are interleaved with kept ones at
        // random, so the passes below select rather than branch on them:
        // dropped rows count under the extra key KEYS, past every kept row.
        let n = self.len();
        let key = |i: usize| {
            let k = sort_key(self.status[i], self.sex[i], usize::from(self.age[i]));
            if self.status[i].registered() { k } else { KEYS }
        };
        let mut start = [0u32; KEYS + 2];
        for i in 0..n {
            start[key(i) + 1] += 1;
        }
        for k in 0..=KEYS {
            start[k + 1] += start[k];
        }
        self.sorted = SortIndex {
            start: start[..=KEYS].try_into().expect("KEYS + 1 starts"),
            years: 0,
        };
        let kept = start[KEYS] as usize;
        // Destinations by key (a counting sort); dropped rows map to NONE.
        // `remap` has one more entry, at `n`, that maps NONE links to NONE.
        let (remap, order) = (&mut scratch.remap, &mut scratch.order);
        remap.clear();
        remap.resize(n + 1, NONE);
        order.clear();
        order.resize(n, 0);
        for (i, r) in remap[..n].iter_mut().enumerate() {
            let k = key(i);
            let to = start[k];
            *r = if k < KEYS { to } else { NONE };
            order[to as usize] = i as u32;
            start[k] += 1;
        }
        order.truncate(kept);
        self.permute(order, &mut scratch.spare);
        for col in [&mut self.partner, &mut self.mother, &mut self.father] {
            for link in col.iter_mut() {
                *link = remap[(*link as usize).min(n)];
            }
        }
        self.garbage = 0;
        self.returned.clear();
        self.left.clear();
        self.compact_households(&mut scratch.remap);
        self.index_children();
    }

    /// Rebuilds the child index from the kin links (a counting sort by parent).
    fn index_children(&mut self) {
        const SPARE: usize = 8;
        let n = self.len();
        let ChildIndex { start, rows } = &mut self.children;
        // Missing parents (NONE) count in spare slots past the rows', not a
        // row's, so that the passes select rather than branch; eight slots in
        // turn, so that the many missing parents do not each wait on the last
        // one's count.
        let slot = |par: u32, turn: usize| (par as usize).min(n + turn % SPARE) + 2;
        start.clear();
        start.resize(n + 2 + SPARE, 0);
        for c in 0..n {
            start[slot(self.mother[c], 2 * c)] += 1;
            start[slot(self.father[c], 2 * c + 1)] += 1;
        }
        for i in 2..n + 2 {
            start[i] += start[i - 1];
        }
        let total = start[n + 1] as usize;
        // The spare slots' writes go to one spare element at the end.
        start[n + 2..].fill(total as u32);
        rows.clear();
        rows.resize(total + 1, 0);
        // start[i + 1] is the next free slot of row i while filling; it ends
        // as row i + 1's start. A missing parent writes the spare element and
        // leaves its slot where it was.
        for c in 0..n {
            for (turn, par) in [(2 * c, self.mother[c]), (2 * c + 1, self.father[c])] {
                let at = slot(par, turn) - 1;
                rows[start[at] as usize] = c as u32;
                start[at] += u32::from(par != NONE);
            }
        }
        rows.truncate(total);
        start.truncate(n + 1);
    }

    /// The children of row `i` that were rows at the last reorder, in row
    /// order; children pushed since are found among [`People::pushed_rows`].
    pub fn children_at_reorder(&self, i: usize) -> &[u32] {
        let s = &self.children.start;
        if i + 1 < s.len() {
            &self.children.rows[s[i] as usize..s[i + 1] as usize]
        } else {
            &[]
        }
    }

    /// Makes row r of every column the old row `order[r]`. Each column is
    /// gathered into the spare buffer of its type and swapped with it, so the
    /// buffers pass from column to column and from one compaction to the next.
    /// Rows are mostly in order already, so the reads are close to sequential.
    fn permute(&mut self, order: &[u32], spare: &mut Spare) {
        fn gather<T: Copy>(col: &mut Vec<T>, spare: &mut Vec<T>, order: &[u32]) {
            spare.clear();
            // Room for a few years of births without moving the column.
            spare.reserve(order.len() + order.len() / 16);
            spare.extend(order.iter().map(|&r| col[r as usize]));
            std::mem::swap(col, spare);
        }
        gather(&mut self.serial, &mut spare.u32s, order);
        gather(&mut self.age, &mut spare.u8s, order);
        gather(&mut self.sex, &mut spare.sexes, order);
        gather(&mut self.status, &mut spare.statuses, order);
        gather(&mut self.years_away, &mut spare.u8s, order);
        gather(&mut self.household, &mut spare.u32s, order);
        gather(&mut self.partner, &mut spare.u32s, order);
        gather(&mut self.mother, &mut spare.u32s, order);
        gather(&mut self.father, &mut spare.u32s, order);
        gather(&mut self.mother_serial, &mut spare.u32s, order);
        gather(&mut self.father_serial, &mut spare.u32s, order);
        gather(&mut self.health, &mut spare.healths, order);
        gather(&mut self.attitude, &mut spare.f32s, order);
        gather(&mut self.volunteer, &mut spare.bools, order);
        gather(&mut self.time_bank, &mut spare.f32s, order);
        gather(&mut self.income, &mut spare.f32s, order);
        gather(&mut self.standing, &mut spare.f32s, order);
        gather(&mut self.below_subsistence, &mut spare.bools, order);
        gather(&mut self.children_elsewhere, &mut spare.u8s, order);
        gather(&mut self.children_registered, &mut spare.u8s, order);
        gather(&mut self.children_away, &mut spare.u8s, order);
        gather(&mut self.in_institution, &mut spare.bools, order);
        gather(&mut self.fee_waived, &mut spare.bools, order);
        gather(&mut self.renovated, &mut spare.bools, order);
    }

    /// Renumbers household ids densely from 0 in order of first appearance.
    fn compact_households(&mut self, map: &mut Vec<u32>) {
        map.clear();
        map.resize(self.household_bound(), NONE);
        let mut next = 0;
        for h in self.household.iter_mut() {
            if *h != NONE {
                // First appearances are irregular: select, not branch.
                let m = &mut map[*h as usize];
                let first = *m == NONE;
                *m = if first { next } else { *m };
                next += u32::from(first);
                *h = *m;
            }
        }
        self.next_household = next;
    }

    /// Verifies column lengths and kin consistency; returns the first problem.
    pub fn check(&self) -> Result<(), String> {
        let n = self.len();
        let lens = [
            self.serial.len(),
            self.sex.len(),
            self.status.len(),
            self.years_away.len(),
            self.household.len(),
            self.partner.len(),
            self.mother.len(),
            self.father.len(),
            self.mother_serial.len(),
            self.father_serial.len(),
            self.health.len(),
            self.attitude.len(),
            self.volunteer.len(),
            self.time_bank.len(),
            self.income.len(),
            self.standing.len(),
            self.below_subsistence.len(),
            self.children_elsewhere.len(),
            self.children_registered.len(),
            self.children_away.len(),
            self.in_institution.len(),
            self.fee_waived.len(),
            self.renovated.len(),
        ];
        if lens.iter().any(|&l| l != n) {
            return Err(format!("column lengths differ: {n} rows vs {lens:?}"));
        }
        for (what, rows) in [("returned", &self.returned), ("left", &self.left)] {
            if !rows.windows(2).all(|w| w[0] < w[1]) {
                return Err(format!("{what} rows not increasing: {rows:?}"));
            }
        }
        for i in 0..n {
            for (what, link) in [
                ("partner", self.partner[i]),
                ("mother", self.mother[i]),
                ("father", self.father[i]),
            ] {
                if link != NONE && link as usize >= n {
                    return Err(format!("row {i}: {what} link {link} dangles ({n} rows)"));
                }
            }
            let p = self.partner[i];
            if p != NONE && (self.partner[p as usize] != i as u32 || p as usize == i) {
                return Err(format!("row {i}: partner {p} does not point back"));
            }
            if p != NONE && !self.status[p as usize].registered() {
                return Err(format!(
                    "row {i}: partner {p} is {:?}",
                    self.status[p as usize]
                ));
            }
            if p != NONE && self.siblings(i, p as usize) {
                return Err(format!("row {i}: partner {p} is a sibling"));
            }
            for (what, link, serial) in [
                ("mother", self.mother[i], self.mother_serial[i]),
                ("father", self.father[i], self.father_serial[i]),
            ] {
                if link != NONE && self.serial[link as usize] != serial {
                    return Err(format!(
                        "row {i}: {what} {link} has serial {}, not the {serial} kept",
                        self.serial[link as usize]
                    ));
                }
            }
            let m = self.mother[i];
            if m != NONE && self.sex[m as usize] != Sex::Female {
                return Err(format!("row {i}: mother {m} is not female"));
            }
            let f = self.father[i];
            if f != NONE && self.sex[f as usize] != Sex::Male {
                return Err(format!("row {i}: father {f} is not male"));
            }
            let resident = self.status[i] == Status::Resident;
            if resident
                && self.away_at_reorder().contains(&i)
                && self.returned.binary_search(&(i as u32)).is_err()
            {
                return Err(format!(
                    "row {i}: returned since the last reorder but not listed"
                ));
            }
            if self.status[i] == Status::Away
                && i < self.away_at_reorder().start
                && self.left.binary_search(&(i as u32)).is_err()
            {
                return Err(format!(
                    "row {i}: left since the last reorder but not listed"
                ));
            }
            if resident != (self.household[i] != NONE) {
                return Err(format!(
                    "row {i}: status {:?} with household {}",
                    self.status[i], self.household[i]
                ));
            }
            if self.household[i] != NONE && self.household[i] as usize >= self.household_bound() {
                return Err(format!(
                    "row {i}: household {} out of range",
                    self.household[i]
                ));
            }
        }
        let (registered, away) = self.counted_children();
        for i in 0..n {
            if (registered[i], away[i]) != (self.children_registered[i], self.children_away[i]) {
                return Err(format!(
                    "row {i}: counts {} registered and {} Away children, has {} and {}",
                    self.children_registered[i], self.children_away[i], registered[i], away[i]
                ));
            }
        }
        Ok(())
    }
}

/// Appends to `out` the rows of `rows` for which `keep` holds. Each row is
/// written and the length advanced by the test's outcome, so the loop has no
/// branch that mispredicts when kept and skipped rows alternate at random.
#[inline]
pub fn push_rows_where(out: &mut Vec<u32>, rows: Range<usize>, keep: impl Fn(usize) -> bool) {
    let start = out.len();
    out.resize(start + rows.len(), 0);
    let slots = &mut out[start..];
    let mut kept = 0;
    for i in rows {
        slots[kept] = i as u32;
        kept += usize::from(keep(i));
    }
    out.truncate(start + kept);
}

/// Reusable buffers of [`People::reorder`].
#[derive(Clone, Debug, Default)]
pub struct Compaction {
    /// Old row → new row (NONE for dropped rows); then old → new household id.
    remap: Vec<u32>,
    /// New row → old row.
    order: Vec<u32>,
    spare: Spare,
}

/// One spare column per element type, for [`People::permute`].
#[derive(Clone, Debug, Default)]
struct Spare {
    u32s: Vec<u32>,
    u8s: Vec<u8>,
    sexes: Vec<Sex>,
    statuses: Vec<Status>,
    healths: Vec<Health>,
    f32s: Vec<f32>,
    bools: Vec<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(age: u8, sex: Sex, status: Status, hh: u32) -> NewPerson {
        NewPerson {
            age,
            sex,
            status,
            household: hh,
            mother: NONE,
            father: NONE,
            health: Health::Healthy,
            attitude: 0.2,
        }
    }

    #[test]
    fn a_renovated_home_stays_with_the_household_not_the_mover() {
        let mut p = People::default();
        let (old, new) = (p.new_household(), p.new_household());
        let grandma = p.push(person(80, Sex::Female, Status::Resident, old)) as usize;
        let aunt = p.push(person(55, Sex::Female, Status::Resident, old)) as usize;
        let son = p.push(person(50, Sex::Male, Status::Resident, new)) as usize;
        let back = p.push(person(30, Sex::Male, Status::Away, NONE)) as usize;
        p.renovated[grandma] = true;
        p.renovated[aunt] = true;
        // Grandma moves in with her son; a returner joins the renovated home.
        p.rehouse(grandma, new);
        p.set_status(back, Status::Resident);
        p.rehouse(back, old);
        let mut homes = Vec::new();
        p.spread_renovation(&mut homes);
        assert_eq!(homes, [1, 0]);
        assert_eq!(
            [grandma, aunt, son, back].map(|i| p.renovated[i]),
            [false, true, false, true]
        );
        p.leave(aunt);
        assert!(!p.renovated[aunt]);
    }

    #[test]
    fn rows_built_at_once_equal_rows_pushed_one_by_one() {
        let mut persons = vec![
            person(40, Sex::Female, Status::Resident, 0),
            person(44, Sex::Male, Status::Away, NONE),
            person(12, Sex::Male, Status::Resident, 0),
        ];
        persons[2].mother = 0;
        persons[2].father = 1;
        let mut pushed = People::default();
        for x in &persons {
            pushed.push(*x);
        }
        pushed.years_away[1] = 3;
        let built = People::from_persons(&persons, vec![0, 3, 0]);
        assert_eq!(format!("{built:?}"), format!("{pushed:?}"));
        assert_eq!(built.children_registered[0], 1);
    }

    #[test]
    fn child_index_lists_each_parents_children_until_the_next_reorder() {
        let mut p = People::default();
        let h = p.new_household();
        let dad = p.push(person(70, Sex::Male, Status::Resident, h));
        let mum = p.push(person(68, Sex::Female, Status::Resident, h));
        let mut kids = Vec::new();
        for (age, status) in [
            (40, Status::Away),
            (35, Status::Resident),
            (30, Status::Resident),
        ] {
            let mut k = person(
                age,
                Sex::Female,
                status,
                if status == Status::Resident { h } else { NONE },
            );
            (k.mother, k.father) = (mum, dad);
            kids.push(p.push(k));
        }
        assert!(
            p.children_at_reorder(mum as usize).is_empty(),
            "not indexed before a reorder"
        );
        p.reorder(&mut Compaction::default());
        p.check().unwrap();
        for parent in 0..p.len() {
            let scanned: Vec<u32> = (0..p.len() as u32)
                .filter(|&c| {
                    p.mother[c as usize] == parent as u32 || p.father[c as usize] == parent as u32
                })
                .collect();
            assert_eq!(
                p.children_at_reorder(parent),
                scanned.as_slice(),
                "row {parent}"
            );
        }
        // A child born since is a pushed row, not in the index.
        let new_mum = (0..p.len()).find(|&i| p.age[i] == 30).unwrap() as u32;
        let mut baby = person(0, Sex::Male, Status::Resident, h);
        baby.mother = new_mum;
        let baby = p.push(baby) as usize;
        assert!(p.children_at_reorder(new_mum as usize).is_empty());
        assert!(p.pushed_rows().contains(&baby));
        assert_eq!(p.children_registered[new_mum as usize], 1);
    }

    #[test]
    fn compaction_remaps_links_and_counts_children_settled_elsewhere() {
        let mut p = People::default();
        let h = p.new_household();
        let dad = p.push(person(70, Sex::Male, Status::Resident, h)) as usize;
        let mum = p.push(person(68, Sex::Female, Status::Resident, h)) as usize;
        p.marry(dad, mum);
        let mut kid = person(40, Sex::Male, Status::Away, NONE);
        kid.mother = mum as u32;
        kid.father = dad as u32;
        let kid = p.push(kid) as usize;
        let mut grandkid = person(10, Sex::Female, Status::Resident, h);
        grandkid.father = kid as u32;
        let grandkid = p.push(grandkid) as usize;
        p.check().unwrap();
        p.settle(kid);
        assert_eq!(
            (p.children_elsewhere[mum], p.children_elsewhere[dad]),
            (1, 1)
        );
        p.die(dad);
        assert_eq!(p.partner[mum], NONE);
        let mut scratch = Compaction::default();
        p.compact(&mut scratch);
        // Sorted by (status, sex, age): the granddaughter (10) before her grandmother (68).
        assert_eq!(p.len(), 2);
        assert_eq!(p.serial, vec![3, 1]);
        assert_eq!(p.father[0], NONE, "link to the settled father is cleared");
        assert_eq!(p.children_elsewhere[1], 1);
        assert_eq!(grandkid, 3);
        // A reorder sorts by status, sex, age.
        let away = p.push(person(30, Sex::Male, Status::Away, NONE));
        p.push(person(5, Sex::Female, Status::Resident, h));
        p.reorder(&mut scratch);
        assert_eq!(
            p.status,
            vec![
                Status::Resident,
                Status::Resident,
                Status::Resident,
                Status::Away
            ]
        );
        assert_eq!(p.age, vec![5, 10, 68, 30]);
        assert_eq!(p.serial[3], p.serial.iter().copied().max().unwrap() - 1);
        assert_eq!(away, 2);
        p.check().unwrap();
        p.check().unwrap();
    }

    #[test]
    fn row_ranges_cover_every_matching_person_after_moves_births_and_ageing() {
        let mut p = People::default();
        let mut x = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        let sex = |k: u64| if k == 0 { Sex::Male } else { Sex::Female };
        for _ in 0..400 {
            let status = if next(3) == 0 {
                Status::Away
            } else {
                Status::Resident
            };
            let h = if status == Status::Resident {
                p.new_household()
            } else {
                NONE
            };
            p.push(person(next(105) as u8, sex(next(2)), status, h));
        }
        p.reorder(&mut Compaction::default());
        let queries = [
            (Some(Sex::Female), 15..=49),
            (Some(Sex::Male), 16..=MAX_AGE as u8),
            (None, 0..=14),
            (None, 75..=MAX_AGE as u8),
            (None, 107..=109),
        ];
        for _ in 0..12 {
            // A year: some die, some move either way, some are born, all age.
            for i in 0..p.len() {
                match (p.status[i], next(20)) {
                    (Status::Resident | Status::Away, 0) => {
                        p.die(i);
                    }
                    (Status::Resident, 1) => p.set_status(i, Status::Away),
                    (Status::Away, 1) => p.set_status(i, Status::Resident),
                    _ => {}
                }
            }
            for _ in 0..5 {
                p.push(person(0, sex(next(2)), Status::Resident, NONE));
            }
            for i in 0..p.len() {
                if p.status[i].registered() {
                    p.age[i] = (p.age[i] + 1).min(MAX_AGE as u8);
                }
            }
            p.note_ageing();
            for (s, ages) in queries.clone() {
                let ranges = p.rows_aged(s, ages.clone());
                let visited = ranges.iter().map(|r| r.len()).sum::<usize>();
                for i in 0..p.len() {
                    if p.status[i].registered()
                        && s.is_none_or(|s| s == p.sex[i])
                        && ages.contains(&p.age[i])
                    {
                        assert!(
                            ranges.iter().any(|r| r.contains(&i)),
                            "{s:?} {ages:?}: row {i}"
                        );
                    }
                }
                if s.is_some() {
                    assert!(visited < p.len(), "{s:?} {ages:?} visits every row");
                } else {
                    let (ranges, returned) = p.resident_rows_aged(ages.clone());
                    let mut rows: Vec<usize> = ranges.into_iter().flatten().collect();
                    rows.extend(returned.iter().map(|&i| i as usize));
                    rows.sort_unstable();
                    assert!(
                        rows.windows(2).all(|w| w[0] < w[1]),
                        "{ages:?}: a row twice"
                    );
                    for i in 0..p.len() {
                        if p.status[i] == Status::Resident && ages.contains(&p.age[i]) {
                            assert!(rows.binary_search(&i).is_ok(), "{ages:?}: resident row {i}");
                        }
                    }
                    let away = (0..p.len()).filter(|&i| p.status[i] == Status::Away);
                    assert!(
                        rows.len() + away.count() / 2 < p.len(),
                        "{ages:?}: Away rows visited"
                    );
                }
            }
            // The rows that may be resident hold every resident, in increasing
            // order, and leave out the Away rows that have not returned.
            let (sorted, returned, pushed) = p.maybe_resident();
            let rows: Vec<usize> = sorted
                .chain(returned.iter().map(|&i| i as usize))
                .chain(pushed)
                .collect();
            assert!(rows.windows(2).all(|w| w[0] < w[1]));
            let residents = (0..p.len()).filter(|&i| p.status[i] == Status::Resident);
            assert!(residents.clone().all(|i| rows.binary_search(&i).is_ok()));
            let away = (0..p.len())
                .filter(|&i| p.status[i] == Status::Away)
                .count();
            assert!(rows.len() + away / 2 < p.len(), "the Away rows are visited");
            // The rows left since hold every Away person among the rows
            // Resident at the last reorder, and few others.
            let (left, resident_then) = (p.left_since(), 0..p.away_at_reorder().start);
            assert!(left.windows(2).all(|w| w[0] < w[1]));
            assert!(left.iter().all(|&i| resident_then.contains(&(i as usize))));
            for i in resident_then.clone() {
                if p.status[i] == Status::Away {
                    assert!(left.binary_search(&(i as u32)).is_ok(), "Away row {i}");
                }
            }
            assert!(
                left.len() < resident_then.len() / 2,
                "the Resident rows are listed"
            );
        }
    }

    #[test]
    fn compaction_waits_until_a_tenth_of_rows_are_garbage() {
        let mut p = People::default();
        let h = p.new_household();
        for _ in 0..20 {
            p.push(person(30, Sex::Male, Status::Resident, h));
        }
        let mut scratch = Compaction::default();
        p.die(0);
        p.compact(&mut scratch);
        assert_eq!(p.len(), 20);
        p.die(1);
        p.compact(&mut scratch);
        assert_eq!(p.len(), 18);
    }
}
