//! What the benchmarks share: the baseline at a chosen size, one core, and
//! the yearly loop over every county.

use std::path::Path;

use ruralcare::care::county::County;
use ruralcare::plan::StepTimes;
use ruralcare::population::layout::CountyPlan;
use ruralcare::population::village::Village;
use ruralcare::scenario::{self, Overrides, Scenario};
use ruralcare::sim::{self, Model, YearCtx};

/// The baseline, one replication, at about `villages` villages, for `years`
/// years (the scenario's own horizon if None).
pub fn scenario(villages: f64, years: Option<u32>) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml");
    let mut sc = scenario::load(
        &path,
        &Overrides {
            years,
            replications: Some(1),
            scale: None,
            ..Default::default()
        },
    )
    .expect("the baseline scenario loads");
    sc.run.scale = villages / f64::from(sc.region.villages);
    sc
}

/// One core: the figures are per core; the engine's own parallelism stays idle.
pub fn one_thread() -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a one-thread pool")
}

/// Every county and its villages, freshly synthesised.
pub fn build(sc: &Scenario, model: &Model, counties: &[CountyPlan]) -> Vec<(County, Vec<Village>)> {
    counties
        .iter()
        .map(|c| sim::build_county(sc, model, 0, c))
        .collect()
}

/// Steps every county through every year; returns the resident agent-years
/// after the start year and, if `timed`, the wall time of each plan step.
pub fn simulate(
    pool: &rayon::ThreadPool,
    sc: &Scenario,
    model: &Model,
    counties: &mut [(County, Vec<Village>)],
    timed: bool,
) -> (f64, StepTimes) {
    let mut agent_years = 0.0;
    for year_index in 0..=sc.run.steps() {
        let ctx = YearCtx {
            timed,
            ..YearCtx::new(sc, model, 0, year_index)
        };
        for (county, villages) in counties.iter_mut() {
            pool.install(|| sim::step_year(county, villages, &ctx));
            if year_index > 0 {
                agent_years += villages
                    .iter()
                    .map(|v| v.tally.resident_population)
                    .sum::<f64>();
            }
        }
    }
    let mut times = StepTimes::default();
    for (county, villages) in counties.iter() {
        times.add(&county.step_times);
        villages.iter().for_each(|v| times.add(&v.step_times));
    }
    (agent_years, times)
}
