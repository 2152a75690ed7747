//! A village: its place in the region, its facility, its people, its yearly
//! tally, what a step leaves for later steps of the year, and the scratch
//! buffers its steps work in (so the yearly loop allocates nothing per person).

use std::cell::Cell;

use super::people::{Compaction, People};
use super::prefetch::{Footprint, Reads};
use crate::care::book::CareBook;
use crate::census::Pyramid;
use crate::indicators::Tally;
use crate::plan::StepTimes;
use crate::rng::{KeyedDraws, Process, Stream, StreamKey};
use crate::sim::YearCtx;

/// The village-level care facility (MODEL.md §2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Facility {
    None = 0,
    /// Village elderly-care point: neighbourhood care in an idle building.
    CarePoint = 1,
    /// Mutual-aid home ("happiness home"): shared meals, day activities, a few places.
    MutualAidHome = 2,
}

impl Facility {
    /// In the order of their values.
    pub const ALL: [Facility; 3] = [Facility::None, Facility::CarePoint, Facility::MutualAidHome];

    /// The village type it names in `village_types.csv`.
    pub fn label(self) -> &'static str {
        match self {
            Facility::None => "no_facility",
            Facility::CarePoint => "care_point",
            Facility::MutualAidHome => "mutual_aid_home",
        }
    }
}

/// Buffers a step works in and leaves nothing in for another step. A thread
/// lends its own to each village whose steps it runs
/// ([`Village::with_lent_scratch`]), so they stay in cache from one village
/// to the next instead of each village's waiting a year, cold, in memory.
#[derive(Clone, Debug, Default)]
pub struct Scratch {
    pub a: Vec<u32>,
    pub b: Vec<u32>,
    pub pairs: Vec<(u32, u32)>,
    /// A resident child and the book entry of a parent in need (family care),
    /// packed as child << 32 | entry, sharing a household or not.
    pub child_pairs: Vec<u64>,
    pub child_pairs_other: Vec<u64>,
    pub compaction: Compaction,
    /// Household resource pools, yuan, by household id (incomes step).
    pub pool: Vec<f64>,
    pub flags: Vec<u8>,
    pub marks: Vec<bool>,
    /// Ordering keys of book entries (see [`crate::care::order_entries`]).
    pub keys: Vec<u128>,
    /// Family care given so far this year by each row, hours per week.
    pub carer_hours: Vec<f32>,
}

/// What a step leaves for later steps of the year, some of them after the
/// county phase: kept with the village.
#[derive(Clone, Debug, Default)]
pub struct Notes {
    /// Persons per household id. The household update counts them and keeps
    /// them through its moves; living arrangements, the village cascade and
    /// incomes read them (no one changes household in between).
    pub counts: Vec<u32>,
    /// `counts` holds household sizes just counted by the household step.
    pub household_sizes_fresh: bool,
    /// The rows that gave family care this year (each once, in the order
    /// they first gave) and the hours per week each gave in all.
    pub carers: Vec<(u32, f32)>,
    /// Family carers at risk of leaving work this year, counted by family care.
    pub carers_at_risk: u32,
    /// Volunteers still able to serve this year (resident and Healthy), counted by the village cascade.
    pub serving_volunteers: u32,
    /// Bed holders among the persons, at most: counted by the care accounts,
    /// raised at each admission (deaths may have lowered it since). When 0,
    /// the living arrangements need not look for them.
    pub bed_holders: u32,
    /// Members holding an institution bed, per household id (empty when the
    /// village has none), counted with `counts` (by the household step, or in
    /// the start year by the living arrangements); the living arrangements and
    /// the village cascade read them (no one is admitted in between).
    pub beds_in: Vec<u32>,
    /// Women who drew a union this year but found no partner in the village
    /// and could move (rows), for the county's marriage pool; listed only when it is open.
    pub unmatched: Vec<u32>,
    /// The rows born this year (pushed by births, before any later push), which
    /// ageing leaves at age 0: they face the infant death probability next year.
    pub newborns: std::ops::Range<usize>,
}

thread_local! {
    /// The scratch buffers this thread lends to the villages it runs.
    static LENT: Cell<Scratch> = Cell::new(Scratch::default());
}

#[derive(Clone, Debug)]
pub struct Village {
    /// Region-wide village number; keys the village's random streams.
    pub id: u32,
    pub county: u32,
    pub township: u32,
    pub distance_km: f32,
    pub facility: Facility,
    /// Usable share of facility capacity this year (cut by last year's funding gap).
    pub capacity: f64,
    /// The township's health centre is integrated with its care station.
    pub integrated: bool,
    /// Some of its persons' homes have been renovated (the build-out sets it):
    /// only then do residents' and Away persons' health rates differ by it.
    pub renovated_homes: bool,
    /// The village has an integrated industry (care with tourism or agriculture).
    pub industry: bool,
    /// Volunteer hours per week left unused this year (pooled by a platform).
    pub spare_volunteer_hours: f32,
    pub people: People,
    /// The year's rows in need and their care hours.
    pub care: CareBook,
    /// Counts of the year being simulated (flows) and of its end (stocks).
    pub tally: Tally,
    /// End-of-year population pyramid.
    pub pyramid: Pyramid,
    /// What the year's steps leave for later ones.
    pub notes: Notes,
    /// The buffers the village's steps work in: the running thread's while
    /// it runs village steps, else the village's own (county steps).
    pub scratch: Scratch,
    /// Wall time of each village step, when timed (see [`StepTimes`]).
    pub step_times: StepTimes,
}

impl Village {
    /// Where the village keeps what a pass of steps that read `reads` reads:
    /// first the village itself, whose column headers, sort index and tally
    /// each step reads before any column.
    pub fn footprint(&self, reads: Reads) -> Footprint {
        let mut f = Footprint::default();
        f.add(std::slice::from_ref(self));
        match reads {
            Reads::Persons => {
                self.people.add_to(&mut f);
                f.add(&self.notes.counts);
            }
            Reads::Care => self.people.add_care_to(&mut f),
        }
        self.care.add_to(&mut f);
        f
    }

    /// This village's stream for a process in the current year.
    pub fn stream(&self, ctx: &YearCtx, process: Process) -> Stream {
        self.key(ctx, process).rng()
    }

    /// Row `i` takes an institution bed, its fee waived or not; the bed
    /// holders' bound (`Notes::bed_holders`) counts it.
    pub fn admit(&mut self, i: usize, fee_waived: bool) {
        self.people.in_institution[i] = true;
        self.people.fee_waived[i] = fee_waived;
        self.notes.bed_holders += 1;
    }

    /// The draws of this village's persons for one process and year (see [`KeyedDraws`]).
    pub fn key_draws(&self, ctx: &YearCtx, process: Process) -> KeyedDraws {
        KeyedDraws::new(&self.key(ctx, process))
    }

    fn key(&self, ctx: &YearCtx, process: Process) -> StreamKey {
        StreamKey {
            seed: ctx.seed,
            replication: ctx.replication,
            unit: u64::from(self.id),
            process,
            year: ctx.year,
        }
    }

    /// Runs `f` on the village with the running thread's scratch buffers in
    /// place of its own.
    pub fn with_lent_scratch<R>(&mut self, f: impl FnOnce(&mut Village) -> R) -> R {
        let mut lent = LENT.take();
        std::mem::swap(&mut self.scratch, &mut lent);
        let r = f(self);
        std::mem::swap(&mut self.scratch, &mut lent);
        LENT.set(lent);
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn village(id: u32) -> Village {
        Village {
            id,
            county: 0,
            township: 0,
            distance_km: 0.0,
            facility: Facility::None,
            capacity: 1.0,
            integrated: false,
            renovated_homes: false,
            industry: false,
            spare_volunteer_hours: 0.0,
            people: People::default(),
            care: CareBook::default(),
            tally: Tally::default(),
            pyramid: Pyramid::default(),
            notes: Notes::default(),
            scratch: Scratch::default(),
            step_times: StepTimes::default(),
        }
    }

    #[test]
    fn a_thread_lends_its_scratch_to_each_village_and_takes_it_back() {
        let (mut first, mut second) = (village(1), village(2));
        first.scratch.a = vec![7];
        // On a new thread, which has lent nothing yet.
        let (first, mut second) = std::thread::spawn(move || {
            // The village's own buffers step aside while it runs...
            first.with_lent_scratch(|v| {
                assert!(v.scratch.a.is_empty());
                v.scratch.a.extend([1, 2, 3]);
            });
            // ...and are back afterwards, while the thread keeps what it lent.
            second.with_lent_scratch(|v| assert_eq!(v.scratch.a, [1, 2, 3]));
            (first, second)
        })
        .join()
        .unwrap();
        assert_eq!(first.scratch.a, [7]);
        assert!(second.scratch.a.is_empty());
        // Another thread lends its own buffers.
        std::thread::spawn(move || second.with_lent_scratch(|v| assert!(v.scratch.a.is_empty())))
            .join()
            .unwrap();
    }
}
