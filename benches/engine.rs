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

mod common;

use std::hint::black_box;

use common::{build, one_thread, scenario, simulate};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use ruralcare::population::layout;
use ruralcare::sim::{self, Model};

const VILLAGES: f64 = 250.0;
const YEARS: u32 = 10;
/// Villages of the whole-run benchmark (every year of the scenario).
const RUN_VILLAGES: f64 = 100.0;

fn engine(c: &mut Criterion) {
    let pool = one_thread();
    let sc = scenario(VILLAGES, Some(YEARS));
    let model = Model::new(&sc);
    let counties = layout::plan(&sc.region, sc.run.scale);
    let villages: usize = counties.iter().map(|c| c.villages.len()).sum();
    assert!(villages >= 200, "{villages} villages");
    // The run is deterministic: one untimed pass gives the work per iteration.
    let (agent_years, _) = simulate(
        &pool,
        &sc,
        &model,
        &mut build(&sc, &model, &counties),
        false,
    );
    let mut group = c.benchmark_group("engine");
    group.sample_size(10);
    group.throughput(Throughput::Elements(agent_years as u64));
    group.bench_function(format!("baseline_{villages}_villages_{YEARS}_years"), |b| {
        b.iter_batched(
            || build(&sc, &model, &counties),
            |mut v| black_box(simulate(&pool, &sc, &model, &mut v, false)),
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
    let run = || pool.install(|| sim::run(&sc, &|| {}).unwrap());
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
