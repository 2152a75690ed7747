//! Throughput of the yearly loop — demography, care, county phase, ledger —
//! the baseline scenario at 250 villages, stepped from the start year through
//! ten simulated years on one thread.
//!
//! Each iteration builds the villages first (initial synthesis, outside the
//! timing) and then times the years: the start-year observation and ten full
//! years of the plan. Throughput is counted in resident agent-years (the
//! residents at the end of each simulated year after the start), so criterion
//! reports resident agent-years per second on one core.
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

fn scenario() -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml");
    let mut sc = scenario::load(
        &path,
        &Overrides {
            years: Some(YEARS),
            replications: Some(1),
            seed: None,
            scale: None,
        },
    )
    .expect("the baseline scenario loads");
    sc.run.scale = VILLAGES / f64::from(sc.region.villages);
    sc
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
    // One core: the figure is per core; the engine's own parallelism stays idle.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a one-thread pool");
    let sc = scenario();
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

criterion_group!(benches, engine);
criterion_main!(benches);
