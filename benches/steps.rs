//! Where a whole run's time goes: a replication of the baseline at 100
//! villages, 2020–2050, on one core, with the wall time of synthesis and of
//! each step of the yearly plan, in nanoseconds per resident agent-year (the
//! unit of the speed target; the column adds up to the run's figure). The
//! fastest of a few rounds is shown for each line, since other work on the
//! machine only ever adds time.
//!
//!     cargo bench --bench steps

mod common;

use std::time::Instant;

use common::{build, one_thread, scenario, simulate};
use ruralcare::plan::{PLAN, STEPS};
use ruralcare::population::layout;
use ruralcare::sim::Model;

const VILLAGES: f64 = 100.0;
const ROUNDS: usize = 3;

fn main() {
    // `cargo bench` passes `--bench`; a filter other than this target's name skips it.
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if !filters.is_empty() && !filters.iter().any(|f| "steps".contains(f.as_str())) {
        return;
    }
    let pool = one_thread();
    let sc = scenario(VILLAGES, None);
    let model = Model::new(&sc);
    let counties = layout::plan(&sc.region, sc.run.scale);
    let (mut synthesis, mut steps) = (f64::MAX, [f64::MAX; STEPS]);
    let mut agent_years = 0.0;
    for _ in 0..ROUNDS {
        let start = Instant::now();
        let mut state = pool.install(|| build(&sc, &model, &counties));
        synthesis = synthesis.min(start.elapsed().as_secs_f64());
        let (work, times) = simulate(&pool, &sc, &model, &mut state, true);
        agent_years = work;
        for (best, ns) in steps.iter_mut().zip(times.0) {
            *best = best.min(ns as f64 * 1e-9);
        }
    }
    let total = synthesis + steps.iter().sum::<f64>();
    let villages: usize = counties.iter().map(|c| c.villages.len()).sum();
    println!(
        "baseline, {villages} villages, {}–{}, one core: {:.1} M resident agent-years",
        sc.run.start_year,
        sc.run.end_year,
        agent_years / 1e6
    );
    println!(
        "{:<4}{:<24}{:>9}{:>8}{:>13}",
        "", "part", "seconds", "share", "ns/agent-yr"
    );
    let line = |k: &str, name: &str, s: f64| {
        println!(
            "{k:<4}{name:<24}{s:>9.3}{:>7.1}%{:>13.1}",
            100.0 * s / total,
            s * 1e9 / agent_years
        )
    };
    line("", "synthesis", synthesis);
    for (k, (step, s)) in PLAN.iter().zip(steps).enumerate() {
        line(&format!("{:>2}.", k + 1), step.name, s);
    }
    line("", "total", total);
}
