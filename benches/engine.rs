//! Throughput of the model on one core, in resident agent-years per second
//! (the residents at the end of each simulated year after the start):
//!
//! - `engine/baseline_…_villages_10_years`: the yearly loop — demography,
//!   care, county phase, ledger — of the baseline scenario at 250 villages,
//!   stepped from the start year through ten simulated years. Each iteration
//!   builds the villages first (initial synthesis, outside the timing), then
//!   times the start-year observation and ten full years of the plan.
//! - `run/baseline_…_villages_2020_2050`: a whole replication as `ruralcare
//!   run` simulates it — synthesis, start-year observation and every year to
//!   the scenario's end — at 100 villages: the figure the speed target is
//!   stated in (output files aside).
//!
//!     cargo bench --bench engine -- --warm-up-time 1 --measurement-time 10

use std::hint::black_box;
use std::path::Path;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use ruralcare::care::county::County;
use ruralcare::population::layout::{self, CountyPlan};
use ruralcare::population::village::Village;
use ruralcare::scenario::{self, Overrides, Scenario};
use ruralcare::sim::{self, Model, YearCtx};

const VILLAGES: f64 = 250.0;
const YEARS: u32 = 10;
/// Villages of the whole-run benchmark (every year of the scenario).
const RUN_VILLAGES: f64 = 100.0;

/// The baseline, one replication, at about `villages` villages, for `years`
/// years (the scenario's own horizon if None).
fn scenario(villages: f64, years: Option<u32>) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml");
    let mut sc = scenario::load(
        &path,
        &Overrides {
            years,
            replications: Some(1),
            seed: None,
            scale: None,
        },
    )
    .expect("the baseline scenario loads");
    sc.run.scale = villages / f64::from(sc.region.villages);
    sc
}

/// One core: the figures are per core; the engine's own parallelism stays idle.
fn one_thread() -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a one-thread pool")
}

/// Every county and its villages, freshly synthesised.
fn build(sc: &Scenario, model: &Model, counties: &[CountyPlan]) -> Vec<(County, Vec<Village>)> {
    counties
        .iter()
        .map(|c| sim::build_county(sc, model, 0, c))
        .collect()
}

/// Steps every county through every year; returns the resident agent-years
/// after the start year.
fn simulate(
    pool: &rayon::ThreadPool,
    sc: &Scenario,
    model: &Model,
    counties: &mut [(County, Vec<Village>)],
) -> f64 {
    let mut agent_years = 0.0;
    for year_index in 0..=sc.run.steps() {
        let ctx = YearCtx::new(sc, model, 0, year_index);
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
    agent_years
}

fn engine(c: &mut Criterion) {
    let pool = one_thread();
    let sc = scenario(VILLAGES, Some(YEARS));
    let model = Model::new(&sc);
    let counties = layout::plan(&sc.region, sc.run.scale);
    let villages: usize = counties.iter().map(|c| c.villages.len()).sum();
    assert!(villages >= 200, "{villages} villages");
    // The run is deterministic: one untimed pass gives the work per iteration.
    let agent_years = simulate(&pool, &sc, &model, &mut build(&sc, &model, &counties));
    let mut group = c.benchmark_group("engine");
    group.sample_size(10);
    group.throughput(Throughput::Elements(agent_years as u64));
    group.bench_function(format!("baseline_{villages}_villages_{YEARS}_years"), |b| {
        b.iter_batched(
            || build(&sc, &model, &counties),
            |mut v| black_box(simulate(&pool, &sc, &model, &mut v)),
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

/// Resident agent-years of a whole run, the years after the start.
fn agent_years(runs: &[Vec<sim::CountyRun>]) -> f64 {
    runs.iter()
        .flatten()
        .flat_map(|c| c.years.iter().skip(1))
        .map(|y| y.tally.resident_population)
        .sum()
}

fn whole_run(c: &mut Criterion) {
    let pool = one_thread();
    let sc = scenario(RUN_VILLAGES, None);
    let run = || pool.install(|| sim::run(&sc, &|| {}));
    let work = agent_years(&run());
    let villages: usize = layout::plan(&sc.region, sc.run.scale)
        .iter()
        .map(|c| c.villages.len())
        .sum();
    let mut group = c.benchmark_group("run");
    group.sample_size(10);
    group.throughput(Throughput::Elements(work as u64));
    group.bench_function(
        format!(
            "baseline_{villages}_villages_{}_{}",
            sc.run.start_year, sc.run.end_year
        ),
        |b| b.iter(|| black_box(agent_years(&run()))),
    );
    group.finish();
}

criterion_group!(benches, engine, whole_run);
criterion_main!(benches);
