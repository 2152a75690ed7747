//! The year's care book of a village: the rows in need — residents who are not
//! Healthy or who hold an institution bed — in row order, and for each entry
//! what it needs, receives by source and still lacks, with the rehabilitation
//! and companionship hours of the places it uses (hours per week).
//!
//! The village cascade writes the book afresh each year; the care, county,
//! accounts, attitudes and ledger steps of the year read and add to it, and
//! next year's health transitions and return migration read it before the
//! compaction moves the rows. Entries are dense, so the steps that visit the
//! rows in need read contiguous memory, not one scattered value per person.

use crate::population::people::{CARE_SOURCES, CareSource};
use crate::population::prefetch::Footprint;

#[derive(Clone, Debug, Default)]
pub struct CareBook {
    /// Row of each entry, increasing.
    pub rows: Vec<u32>,
    /// Care needed, hours per week.
    pub need: Vec<f32>,
    /// Care received by source, hours per week.
    pub received: Vec<[f32; CARE_SOURCES]>,
    /// Need not met, hours per week.
    pub unmet: Vec<f32>,
    /// Rehabilitation received in facility and day-care places, hours per week.
    pub rehabilitation: Vec<f32>,
    /// Companionship received in facility and day-care places, hours per week.
    pub companionship: Vec<f32>,
    /// The entry lives alone ([`crate::population::household::lives_alone`]), as the village cascade found it.
    pub alone: Vec<bool>,
}

impl CareBook {
    /// Number of entries.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The row of entry `k`.
    #[inline]
    pub fn row(&self, k: usize) -> usize {
        self.rows[k] as usize
    }

    /// The entry of `row`, if it is in need this year.
    pub fn entry(&self, row: usize) -> Option<usize> {
        self.rows.binary_search(&(row as u32)).ok()
    }

    /// Unmet hours of `row` (0 for a row not in need).
    pub fn unmet_of(&self, row: usize) -> f32 {
        self.entry(row).map_or(0.0, |k| self.unmet[k])
    }

    /// Starts the book: `list` writes the rows in need (increasing) into the
    /// emptied row list; every entry's hours start at zero.
    pub fn open(&mut self, list: impl FnOnce(&mut Vec<u32>)) {
        self.rows.clear();
        list(&mut self.rows);
        let n = self.rows.len();
        for col in [
            &mut self.need,
            &mut self.unmet,
            &mut self.rehabilitation,
            &mut self.companionship,
        ] {
            col.clear();
            col.resize(n, 0.0);
        }
        self.received.clear();
        self.received.resize(n, [0.0; CARE_SOURCES]);
        self.alone.clear();
        self.alone.resize(n, false);
    }

    /// Adds the book's columns to a village's footprint.
    pub fn add_to(&self, f: &mut Footprint) {
        f.add(&self.rows);
        f.add(&self.need);
        f.add(&self.received);
        f.add(&self.unmet);
        f.add(&self.rehabilitation);
        f.add(&self.companionship);
        f.add(&self.alone);
    }

    /// Whether entry `k` holds a day-care place this year: care hours from a
    /// village facility or a township station, or a place's rehabilitation or
    /// companionship alone (which only a place gives).
    pub fn holds_day_care(&self, k: usize) -> bool {
        let r = &self.received[k];
        r[CareSource::VillageFacility as usize] > 0.0
            || r[CareSource::Township as usize] > 0.0
            || self.rehabilitation[k] > 0.0
            || self.companionship[k] > 0.0
    }

    /// Gives entry `k` up to `hours` from `source`, never more than is unmet; returns what was given.
    #[inline]
    pub fn grant(&mut self, k: usize, source: CareSource, hours: f32) -> f32 {
        let g = hours.max(0.0).min(self.unmet[k]);
        self.received[k][source as usize] += g;
        self.unmet[k] -= g;
        g
    }

    /// Gives entry `k` volunteer hours (`CareSource::MutualAid`: the village's,
    /// the platform's or outside volunteers'), up to `hours` and to what the
    /// entry may still receive from volunteers in all, `cap` a week.
    #[inline]
    pub fn grant_volunteer(&mut self, k: usize, hours: f32, cap: f32) -> f32 {
        let room = cap - self.received[k][CareSource::MutualAid as usize];
        self.grant(k, CareSource::MutualAid, hours.min(room))
    }

    /// The rows with a positive value in `values` (a column of the book,
    /// such as `rehabilitation`), with the value, in increasing row order,
    /// then `(n, 0.0)`: the stops of a pass over rows `0..n` that treats these
    /// few rows apart and the stretches of rows between them alike, each
    /// stretch a plain loop with no lookup per row.
    pub fn stops<'a>(
        &'a self,
        values: &'a [f32],
        n: usize,
    ) -> impl Iterator<Item = (usize, f32)> + 'a {
        self.rows
            .iter()
            .zip(values)
            .filter(|(_, x)| **x > 0.0)
            .map(|(&row, &x)| (row as usize, x))
            .chain([(n, 0.0)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book() -> CareBook {
        let mut b = CareBook::default();
        b.open(|rows| rows.extend([2, 5, 9]));
        b.need.copy_from_slice(&[6.0, 21.0, 56.0]);
        b.unmet.copy_from_slice(&[6.0, 21.0, 56.0]);
        b
    }

    #[test]
    fn grants_never_exceed_what_is_unmet() {
        let mut b = book();
        assert_eq!(b.grant(1, CareSource::Spouse, 30.0), 21.0);
        assert_eq!(b.grant(1, CareSource::Children, 5.0), 0.0);
        assert_eq!(b.grant(0, CareSource::Paid, -3.0), 0.0);
        assert_eq!(b.grant(2, CareSource::Paid, 6.0), 6.0);
        assert_eq!(b.received[1][CareSource::Spouse as usize], 21.0);
        assert_eq!((b.unmet[1], b.unmet[2]), (0.0, 50.0));
    }

    #[test]
    fn rows_find_their_entries() {
        let b = book();
        assert_eq!(b.entry(5), Some(1));
        assert_eq!(b.entry(4), None);
        assert_eq!(b.unmet_of(9), 56.0);
        assert_eq!(b.unmet_of(3), 0.0);
        let mut c = b.clone();
        c.rehabilitation.copy_from_slice(&[0.0, 2.5, 1.0]);
        let stops: Vec<_> = c.stops(&c.rehabilitation, 12).collect();
        assert_eq!(stops, [(5, 2.5), (9, 1.0), (12, 0.0)]);
    }
}
