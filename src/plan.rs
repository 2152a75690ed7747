//! The yearly plan (MODEL.md §3): one ordered list of steps, in one place.
//! `ruralcare run --print-plan` prints it.

use std::time::Instant;

use crate::care::{self, county, mutual_aid};
use crate::demography::{ageing, fertility, migration, mortality, partnership};
use crate::population::household;
use crate::population::prefetch::Reads;
use crate::population::village::Village;
use crate::scenario::Scenario;
use crate::sim::YearCtx;
use crate::{attitudes, census, facilities, finance, health, income, integration, ltc, workforce};

/// What a step runs on: each village (in parallel), or each county with all
/// its villages (counties in parallel, after every village is done).
#[derive(Clone, Copy)]
pub enum Run {
    /// A village step and what of a village it reads (fetched ahead).
    Village(fn(&mut Village, &YearCtx), Reads),
    County(fn(&mut county::County, &mut [Village], &YearCtx)),
}

impl Run {
    pub fn phase(&self) -> &'static str {
        match self {
            Run::Village(..) => "village",
            Run::County(_) => "county",
        }
    }
}

/// One step of the year.
pub struct Step {
    pub name: &'static str,
    /// The MODEL.md section of the submodel.
    pub odd: &'static str,
    pub about: &'static str,
    /// Also run on the start-year population, to observe it before any change.
    pub at_start: bool,
    /// Whether the scenario uses the step at all: a step it does not use is
    /// left out of its years, so it costs nothing (not even a phase of its own).
    pub used: fn(&Scenario) -> bool,
    pub run: Run,
}

/// For the steps every scenario uses.
fn always(_: &Scenario) -> bool {
    true
}

/// The year, in order.
pub const PLAN: &[Step] = &[
    Step {
        name: "mortality",
        odd: "7.1",
        about: "deaths by age, sex and health; partners widowed",
        at_start: false,
        used: always,
        run: Run::Village(mortality::step, Reads::Persons),
    },
    Step {
        name: "health transitions",
        odd: "7.2",
        about: "Healthy/Frail/Disabled/Severe, one step a year",
        at_start: false,
        used: always,
        run: Run::Village(health::step, Reads::Persons),
    },
    Step {
        name: "births",
        odd: "7.3",
        about: "births to partnered resident women 15–49",
        at_start: false,
        used: always,
        run: Run::Village(fertility::step, Reads::Persons),
    },
    Step {
        name: "partnership",
        odd: "7.4",
        about: "unions among residents; couple's household",
        at_start: false,
        used: always,
        run: Run::Village(partnership::step, Reads::Persons),
    },
    Step {
        name: "county marriage",
        odd: "7.4",
        about: "women with no partner in their village marry into another village of the county (when partnership.county_pool > 0)",
        at_start: false,
        used: |sc| sc.partnership.county_pool > 0.0,
        run: Run::County(partnership::county_pool),
    },
    Step {
        name: "out-migration",
        odd: "7.5",
        about: "residents leave, with spouse and young children or leaving them behind",
        at_start: false,
        used: always,
        run: Run::Village(migration::out_migration, Reads::Persons),
    },
    Step {
        name: "return migration",
        odd: "7.6",
        about: "Away persons return; more likely to a dependent parent short of care",
        at_start: false,
        used: always,
        run: Run::Village(migration::return_migration, Reads::Persons),
    },
    Step {
        name: "settlement elsewhere",
        odd: "7.6",
        about: "long-term Away persons transfer registration away",
        at_start: false,
        used: always,
        run: Run::Village(migration::settlement, Reads::Persons),
    },
    Step {
        name: "ageing",
        odd: "3.7",
        about: "everyone one year older; years away counted",
        at_start: false,
        used: always,
        run: Run::Village(|v, _| ageing::step(v), Reads::Persons),
    },
    Step {
        name: "household update",
        odd: "3.8",
        about: "dead removed; adults leave home; children left without an adult rehoused; lone elders move in with a resident child",
        at_start: false,
        used: always,
        run: Run::Village(household::step, Reads::Persons),
    },
    Step {
        name: "living arrangements",
        odd: "3.8",
        about: "empty-nest, living-alone and no-child-in-village elders counted",
        at_start: true,
        used: always,
        run: Run::Village(household::record, Reads::Persons),
    },
    Step {
        name: "census",
        odd: "9",
        about: "stocks by age, sex, status and health; pyramid; village viability",
        at_start: true,
        used: always,
        run: Run::Village(census::record, Reads::Persons),
    },
    Step {
        name: "village care",
        odd: "7.7",
        about: "need by health; spouse, children, volunteers, village facility",
        at_start: true,
        used: always,
        run: Run::Village(care::village_cascade, Reads::Persons),
    },
    Step {
        name: "incomes",
        odd: "7.12",
        about: "pension, remittances, land and labour income of elders; poverty",
        at_start: true,
        used: always,
        run: Run::Village(income::step, Reads::Persons),
    },
    Step {
        name: "platform",
        odd: "7.15",
        about: "spare volunteer hours pooled across a township's villages",
        at_start: true,
        used: always,
        run: Run::County(integration::platform),
    },
    Step {
        name: "township day care",
        odd: "7.7",
        about: "stations' places to nearby Frail and Disabled elders",
        at_start: true,
        used: always,
        run: Run::County(county::township_daycare),
    },
    Step {
        name: "paid home care",
        odd: "7.7",
        about: "caregivers' hours to elders who accept and can pay",
        at_start: true,
        used: always,
        run: Run::County(county::paid_care),
    },
    Step {
        name: "institution beds",
        odd: "7.7",
        about: "free beds by severity; the rest wait",
        at_start: true,
        used: always,
        run: Run::County(county::institutions),
    },
    Step {
        name: "outside volunteers",
        odd: "7.10",
        about: "volunteers from outside the villages help accepting elders",
        at_start: true,
        used: always,
        run: Run::County(workforce::outside_volunteers),
    },
    Step {
        name: "care accounts",
        odd: "7.7",
        about: "hours by source, unmet need, carers at risk, time bank",
        at_start: true,
        used: always,
        run: Run::Village(care::accounts, Reads::Care),
    },
    Step {
        name: "attitudes",
        odd: "7.14",
        about: "acceptance moves with neighbours' service use and campaigns",
        at_start: false,
        used: always,
        run: Run::Village(attitudes::step, Reads::Care),
    },
    Step {
        name: "caregiver pay",
        odd: "7.10",
        about: "home caregivers' pay above the market and the establishment's unsold time, to government",
        at_start: true,
        used: always,
        run: Run::County(workforce::pay),
    },
    Step {
        name: "running costs",
        odd: "7.13",
        about: "the year's running costs of the places, beds and carers in service, for the ledger",
        at_start: true,
        used: always,
        run: Run::County(finance::running_costs),
    },
    Step {
        name: "facility build-out",
        odd: "7.9",
        about: "planned care points, homes, stations, beds, renovations within the budget",
        at_start: false,
        used: always,
        run: Run::County(facilities::build_out),
    },
    Step {
        name: "workforce",
        odd: "7.10",
        about: "caregivers trained, recruited among returners, certified, leaving with the pay gap",
        at_start: false,
        used: always,
        run: Run::County(workforce::step),
    },
    Step {
        name: "ledger",
        odd: "7.13",
        about: "costs, payers, leakage, funding gap; next year's usable capacity",
        at_start: true,
        used: always,
        run: Run::County(finance::ledger),
    },
    Step {
        name: "outreach",
        odd: "7.14",
        about: "awareness of entitlements grows with outreach",
        at_start: false,
        used: always,
        run: Run::County(ltc::outreach),
    },
    Step {
        name: "volunteering",
        odd: "7.8",
        about: "who volunteers next year",
        at_start: true,
        used: always,
        run: Run::Village(mutual_aid::volunteering, Reads::Care),
    },
];

/// Number of steps in the plan.
pub const STEPS: usize = PLAN.len();

/// Wall time spent in each step of the plan, nanoseconds, indexed like
/// [`PLAN`]: kept by each village and county when the year context asks for
/// timing (see [`crate::sim::YearCtx::timed`]), for performance work. Never
/// part of the output: it varies from run to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepTimes(pub [u64; STEPS]);

impl Default for StepTimes {
    fn default() -> Self {
        StepTimes([0; STEPS])
    }
}

impl StepTimes {
    /// Adds `o`'s times, step by step (villages and counties summed upward).
    pub fn add(&mut self, o: &StepTimes) {
        for (a, b) in self.0.iter_mut().zip(o.0) {
            *a += b;
        }
    }

    /// Adds the time since `started` (see [`StepTimes::start`]) to step `k`.
    #[inline]
    pub fn stop(&mut self, k: usize, started: Option<Instant>) {
        if let Some(t) = started {
            self.0[k] += t.elapsed().as_nanos() as u64;
        }
    }

    /// The start of a step's timing: the time now if `timed`, else None.
    #[inline]
    pub fn start(timed: bool) -> Option<Instant> {
        timed.then(Instant::now)
    }
}

/// The plan as text, one numbered line per step.
pub fn describe() -> String {
    let line = |n: usize, name: &str, phase: &str, odd: &str, about: &str| {
        format!("{n:>2}. {name:<22} {phase:<7} §{odd:<5} {about}")
    };
    let mut s = String::from("The yearly plan (MODEL.md §3), in order:\n");
    // Step 0 is no step of its own: each step reads the scenario in force.
    s.push_str(&line(
        0,
        "policy schedule",
        "region",
        "3",
        "the scenario in force this year: the levers of the latest [[schedule]] block up to it, read by every step below",
    ));
    s.push('\n');
    for (i, st) in PLAN.iter().enumerate() {
        let start = if st.at_start {
            "  [also on the start-year population]"
        } else {
            ""
        };
        let phase = st.run.phase();
        s.push_str(&line(i + 1, st.name, phase, st.odd, st.about));
        s.push_str(start);
        s.push('\n');
    }
    s
}
