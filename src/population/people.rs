//! Person state as columns (structure of arrays), one set per village.
//!
//! Row indices are the ids kin links use; they are stable within a year and
//! remapped by [`People::compact`] when the dead and detached are removed.
//! Every column has one entry per row; [`People::check`] verifies that and
//! that no kin link dangles.

use crate::bands::AGES;

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

/// A person to append (synthesis, births, in-marriage).
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
    pub health: Vec<Health>,
    /// Acceptance of non-family care, in [0, 1] (MODEL.md §7.14).
    pub attitude: Vec<f32>,
    /// Mutual-aid volunteer this year (MODEL.md §7.8).
    pub volunteer: Vec<bool>,
    /// Time-bank credit, hours.
    pub time_bank: Vec<f32>,
    /// Care needed this year, hours per week.
    pub care_need: Vec<f32>,
    /// Care received this year by source, hours per week.
    pub care_received: Vec<[f32; CARE_SOURCES]>,
    /// Need not met this year, hours per week (read by the care-triggered return).
    pub care_unmet: Vec<f32>,
    /// Income this year, yuan in start-year prices: basic pension, remittances, land, labour.
    pub income: Vec<[f32; 4]>,
    /// Living children settled elsewhere (registration transferred away).
    pub children_elsewhere: Vec<u8>,
    /// Holds a county institution bed (kept until death).
    pub in_institution: Vec<bool>,
    /// The bed fee is waived (rural five-guarantee support).
    pub fee_waived: Vec<bool>,
    /// Lives in a home with age-friendly renovation (kept when moving: a simplification).
    pub renovated: Vec<bool>,
    /// Rows that are Dead or Settled, awaiting compaction.
    garbage: u32,
    next_serial: u32,
    next_household: u32,
}

impl People {
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

    /// Appends a person and returns the row.
    pub fn push(&mut self, p: NewPerson) -> u32 {
        let row = self.len() as u32;
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
        self.health.push(p.health);
        self.attitude.push(p.attitude);
        self.volunteer.push(false);
        self.time_bank.push(0.0);
        self.care_need.push(0.0);
        self.care_received.push([0.0; CARE_SOURCES]);
        self.care_unmet.push(0.0);
        self.income.push([0.0; 4]);
        self.children_elsewhere.push(0);
        self.in_institution.push(false);
        self.fee_waived.push(false);
        self.renovated.push(false);
        row
    }

    /// Marks a death and widows the partner. Returns the time-bank credit
    /// that lapses with the person (hours).
    pub fn die(&mut self, i: usize) -> f32 {
        self.status[i] = Status::Dead;
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
        self.status[i] = Status::Settled;
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

    /// A resident, living parent of `i` (mother first), if any.
    pub fn resident_parent(&self, i: usize) -> Option<usize> {
        [self.mother[i], self.father[i]]
            .into_iter()
            .find(|&p| p != NONE && self.status[p as usize] == Status::Resident)
            .map(|p| p as usize)
    }

    /// Removes Dead and Settled rows once they are at least a tenth of all
    /// rows (amortised). See [`People::reorder`].
    pub fn compact(&mut self, remap: &mut Vec<u32>) {
        if (self.garbage as usize) * 10 >= self.len() {
            self.reorder(remap);
        }
    }

    /// Drops Dead and Settled rows and sorts the rest by (status, sex, age),
    /// stable, so that the yearly passes meet long runs of alike rows and
    /// their branches predict well (ageing keeps the order; births and moves
    /// disturb it only a little until the next compaction). Kin links are
    /// remapped and household ids compacted. `remap` is scratch.
    pub fn reorder(&mut self, remap: &mut Vec<u32>) {
        const KEYS: usize = 2 * 2 * AGES;
        let key = |i: usize| {
            (self.status[i] as usize * 2 + self.sex[i] as usize) * AGES + usize::from(self.age[i])
        };
        let n = self.len();
        let mut start = [0u32; KEYS + 1];
        for i in 0..n {
            if self.status[i].registered() {
                start[key(i) + 1] += 1;
            }
        }
        for k in 0..KEYS {
            start[k + 1] += start[k];
        }
        let kept = start[KEYS] as usize;
        remap.clear();
        remap.resize(n, NONE);
        for (i, r) in remap.iter_mut().enumerate() {
            if self.status[i].registered() {
                let k = key(i);
                *r = start[k];
                start[k] += 1;
            }
        }
        self.permute(remap, kept);
        for col in [&mut self.partner, &mut self.mother, &mut self.father] {
            for link in col.iter_mut() {
                if *link != NONE {
                    *link = remap[*link as usize];
                }
            }
        }
        self.garbage = 0;
        self.compact_households(remap);
    }

    /// Moves row r to remap[r] (rows mapped to NONE are dropped); `kept` rows remain.
    fn permute(&mut self, remap: &[u32], kept: usize) {
        fn apply<T: Copy + Default>(v: &mut Vec<T>, remap: &[u32], kept: usize) {
            let mut out = vec![T::default(); kept];
            for (r, &to) in remap.iter().enumerate() {
                if to != NONE {
                    out[to as usize] = v[r];
                }
            }
            *v = out;
        }
        apply(&mut self.serial, remap, kept);
        apply(&mut self.age, remap, kept);
        apply(&mut self.sex, remap, kept);
        apply(&mut self.status, remap, kept);
        apply(&mut self.years_away, remap, kept);
        apply(&mut self.household, remap, kept);
        apply(&mut self.partner, remap, kept);
        apply(&mut self.mother, remap, kept);
        apply(&mut self.father, remap, kept);
        apply(&mut self.health, remap, kept);
        apply(&mut self.attitude, remap, kept);
        apply(&mut self.volunteer, remap, kept);
        apply(&mut self.time_bank, remap, kept);
        apply(&mut self.care_need, remap, kept);
        apply(&mut self.care_received, remap, kept);
        apply(&mut self.care_unmet, remap, kept);
        apply(&mut self.income, remap, kept);
        apply(&mut self.children_elsewhere, remap, kept);
        apply(&mut self.in_institution, remap, kept);
        apply(&mut self.fee_waived, remap, kept);
        apply(&mut self.renovated, remap, kept);
    }

    /// Renumbers household ids densely from 0 in order of first appearance.
    fn compact_households(&mut self, map: &mut Vec<u32>) {
        map.clear();
        map.resize(self.household_bound(), NONE);
        let mut next = 0;
        for h in self.household.iter_mut() {
            if *h != NONE {
                let m = &mut map[*h as usize];
                if *m == NONE {
                    *m = next;
                    next += 1;
                }
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
            self.health.len(),
            self.attitude.len(),
            self.volunteer.len(),
            self.time_bank.len(),
            self.care_need.len(),
            self.care_received.len(),
            self.care_unmet.len(),
            self.income.len(),
            self.children_elsewhere.len(),
            self.in_institution.len(),
            self.fee_waived.len(),
            self.renovated.len(),
        ];
        if lens.iter().any(|&l| l != n) {
            return Err(format!("column lengths differ: {n} rows vs {lens:?}"));
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
            let m = self.mother[i];
            if m != NONE && self.sex[m as usize] != Sex::Female {
                return Err(format!("row {i}: mother {m} is not female"));
            }
            let f = self.father[i];
            if f != NONE && self.sex[f as usize] != Sex::Male {
                return Err(format!("row {i}: father {f} is not male"));
            }
            let resident = self.status[i] == Status::Resident;
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
        Ok(())
    }
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
        let mut scratch = Vec::new();
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
    fn compaction_waits_until_a_tenth_of_rows_are_garbage() {
        let mut p = People::default();
        let h = p.new_household();
        for _ in 0..20 {
            p.push(person(30, Sex::Male, Status::Resident, h));
        }
        let mut scratch = Vec::new();
        p.die(0);
        p.compact(&mut scratch);
        assert_eq!(p.len(), 20);
        p.die(1);
        p.compact(&mut scratch);
        assert_eq!(p.len(), 18);
    }
}
