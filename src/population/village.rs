//! A village: its place in the region, its facility, its people, its yearly
//! tally and reusable scratch buffers (so the yearly loop allocates nothing
//! per person).

use super::people::{Compaction, People};
use crate::care::book::CareBook;
use crate::census::Pyramid;
use crate::indicators::Tally;
use crate::plan::StepTimes;
use crate::rng::{Process, Stream, StreamKey};
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
    /// Persons per household id. The household update counts them and keeps
    /// them through its moves; living arrangements, the village cascade and
    /// incomes read them (no one changes household in between).
    pub counts: Vec<u32>,
    /// Household resource pools, yuan, by household id (incomes step).
    pub pool: Vec<f64>,
    /// `counts` holds household sizes just counted by the household step.
    pub household_sizes_fresh: bool,
    pub flags: Vec<u8>,
    /// Care given this year by each row as a family carer, hours per week.
    pub carer_hours: Vec<f32>,
    pub marks: Vec<bool>,
    /// Volunteers still able to serve this year (resident and Healthy), counted by the village cascade.
    pub serving_volunteers: u32,
    /// Rows that gave family care this year (each once).
    pub carers: Vec<u32>,
    /// Family carers at risk of leaving work this year, counted by family care.
    pub carers_at_risk: u32,
    /// Ordering keys of book entries (see [`crate::care::order_entries`]).
    pub keys: Vec<u128>,
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
    pub scratch: Scratch,
    /// Wall time of each village step, when timed (see [`StepTimes`]).
    pub step_times: StepTimes,
}

impl Village {
    /// This village's stream for a process in the current year.
    pub fn stream(&self, ctx: &YearCtx, process: Process) -> Stream {
        StreamKey {
            seed: ctx.seed,
            replication: ctx.replication,
            unit: u64::from(self.id),
            process,
            year: ctx.year,
        }
        .rng()
    }
}
