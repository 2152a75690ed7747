//! Person state as columns (structure of arrays), one set per village.
//!
//! Row indices are the ids kin links use; they are stable within a year and
//! remapped by [`People::compact`] when the dead and detached are removed.
//! Every column has one entry per row; [`People::check`] verifies that and
//! that no kin link dangles.

/// "No one": the null kin link or household.
pub const NONE: u32 = u32::MAX;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum Sex {
    Male = 0,
    Female = 1,
}

/// Registry status (MODEL.md §2): residents live in the village; Away persons are
/// registered (hukou) but live elsewhere; Settled persons have transferred their
/// registration away and are kept only as kin of registered parents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Status {
    Resident = 0,
    Away = 1,
    Settled = 2,
    /// Died this year; removed at the next compaction.
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum Health {
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
    /// Income this year, yuan: basic pension, remittances, land, labour.
    pub income: Vec<[f32; 4]>,
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
        row
    }

    /// Marks a death and widows the partner.
    pub fn die(&mut self, i: usize) {
        self.status[i] = Status::Dead;
        self.household[i] = NONE;
        let p = self.partner[i];
        if p != NONE {
            self.partner[p as usize] = NONE;
            self.partner[i] = NONE;
        }
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

    /// Removes the dead, and Settled persons no longer linked to a registered
    /// parent; remaps kin links and compacts household ids. `remap` is scratch.
    pub fn compact(&mut self, remap: &mut Vec<u32>) {
        let n = self.len();
        let keep = |s: &Self, i: usize| match s.status[i] {
            Status::Dead => false,
            Status::Settled => [s.mother[i], s.father[i]]
                .into_iter()
                .any(|p| p != NONE && s.status[p as usize].registered()),
            _ => true,
        };
        remap.clear();
        remap.resize(n, NONE);
        let mut next = 0u32;
        for (i, r) in remap.iter_mut().enumerate() {
            if keep(self, i) {
                *r = next;
                next += 1;
            }
        }
        if next as usize != n {
            self.retain_rows(remap);
            for col in [&mut self.partner, &mut self.mother, &mut self.father] {
                for link in col.iter_mut() {
                    if *link != NONE {
                        *link = remap[*link as usize];
                    }
                }
            }
        }
        self.compact_households(remap);
    }

    /// Keeps rows whose remap entry is not NONE, preserving order.
    fn retain_rows(&mut self, remap: &[u32]) {
        fn keep<T: Copy>(v: &mut Vec<T>, remap: &[u32]) {
            let mut w = 0;
            for r in 0..v.len() {
                if remap[r] != NONE {
                    v[w] = v[r];
                    w += 1;
                }
            }
            v.truncate(w);
        }
        keep(&mut self.serial, remap);
        keep(&mut self.age, remap);
        keep(&mut self.sex, remap);
        keep(&mut self.status, remap);
        keep(&mut self.years_away, remap);
        keep(&mut self.household, remap);
        keep(&mut self.partner, remap);
        keep(&mut self.mother, remap);
        keep(&mut self.father, remap);
        keep(&mut self.health, remap);
        keep(&mut self.attitude, remap);
        keep(&mut self.volunteer, remap);
        keep(&mut self.time_bank, remap);
        keep(&mut self.care_need, remap);
        keep(&mut self.care_received, remap);
        keep(&mut self.care_unmet, remap);
        keep(&mut self.income, remap);
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
            if p != NONE && self.status[p as usize] == Status::Dead {
                return Err(format!("row {i}: partner {p} is dead"));
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
    fn compaction_remaps_links_and_drops_detached_settled() {
        let mut p = People::default();
        let h = p.new_household();
        let dad = p.push(person(70, Sex::Male, Status::Resident, h)) as usize;
        let mum = p.push(person(68, Sex::Female, Status::Resident, h)) as usize;
        p.marry(dad, mum);
        let mut kid = person(40, Sex::Male, Status::Settled, NONE);
        kid.mother = mum as u32;
        kid.father = dad as u32;
        let kid = p.push(kid) as usize;
        let mut grandkid = person(10, Sex::Female, Status::Settled, NONE);
        grandkid.father = kid as u32;
        p.push(grandkid);
        p.check().unwrap();
        p.die(dad);
        assert_eq!(p.partner[mum], NONE);
        let mut scratch = Vec::new();
        p.compact(&mut scratch);
        // dad removed; the grandchild's father is Settled, not registered: dropped too.
        assert_eq!(p.len(), 2);
        assert_eq!(p.mother[1], 0);
        assert_eq!(p.father[1], NONE);
        assert_eq!(p.serial, vec![1, 2]);
        p.check().unwrap();
        p.die(0);
        p.compact(&mut scratch);
        assert!(p.is_empty());
    }
}
