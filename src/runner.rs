//! Running scenarios end to end: load and validate, simulate, write the
//! output folder atomically. Printing and argument parsing stay in the binary.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};

use crate::output::manifest::{RunMeta, now_utc};
use crate::output::{ScenarioResult, folder::AtomicDir, write_all};
use crate::population::layout;
use crate::scenario::{self, Overrides, Scenario};
use crate::sim;

/// Loads every scenario, collecting all problems of all files before failing.
pub fn load_all(files: &[PathBuf], overrides: &Overrides) -> Result<Vec<Scenario>> {
    let mut loaded = Vec::new();
    let mut problems = Vec::new();
    for f in files {
        match scenario::load(f, overrides) {
            Ok(s) => loaded.push(s),
            Err(e) => problems.extend(e.0),
        }
    }
    if problems.is_empty() {
        Ok(loaded)
    } else {
        Err(scenario::diag::ScenarioError(problems).into())
    }
}

/// Number of county-years one scenario simulates (for progress bars).
pub fn work_units(sc: &Scenario) -> u64 {
    let counties = layout::plan(&sc.region, sc.run.scale).len() as u64;
    counties * u64::from(sc.run.replications) * (sc.run.steps() as u64 + 1)
}

/// Simulates one scenario.
pub fn simulate(sc: Scenario, tick: &(dyn Fn() + Sync)) -> ScenarioResult {
    let reps = sim::run(&sc, tick);
    let built: u32 = layout::plan(&sc.region, sc.run.scale)
        .iter()
        .map(|c| c.villages.len() as u32)
        .sum();
    let effective_scale = f64::from(built) / f64::from(sc.region.villages);
    ScenarioResult {
        scenario: sc,
        reps,
        effective_scale,
    }
}

/// Runs scenarios and writes their folder: CSV files, manifest, charts and
/// report.html, all or nothing. For a comparison (`compare` =
/// true) every scenario must share the reference's seed, replications and
/// years, so differences are paired; `deltas.csv` is written too.
pub fn run_to_folder(
    scenarios: Vec<Scenario>,
    out: &Path,
    compare: bool,
    tick: &(dyn Fn() + Sync),
) -> Result<(PathBuf, Vec<PathBuf>)> {
    if compare {
        let r0 = &scenarios.first().context("no scenario given")?.run;
        for s in &scenarios[1..] {
            let r = &s.run;
            if (r.seed, r.replications, r.start_year, r.end_year, r.scale)
                != (
                    r0.seed,
                    r0.replications,
                    r0.start_year,
                    r0.end_year,
                    r0.scale,
                )
            {
                anyhow::bail!(
                    "{}: [run] differs from the reference {} (seed, replications, years and scale must match for paired differences); \
                     set them in both files or on the command line",
                    s.file.display(),
                    scenarios[0].file.display()
                );
            }
        }
    }
    let dir = AtomicDir::create(out)?;
    let started = now_utc();
    let clock = Instant::now();
    let results: Vec<ScenarioResult> = scenarios.into_iter().map(|s| simulate(s, tick)).collect();
    let meta = RunMeta {
        command: if compare { "compare" } else { "run" },
        threads: rayon::current_num_threads(),
        started,
        wall_seconds: clock.elapsed().as_secs_f64(),
    };
    write_all(dir.path(), &meta, &results, compare)?;
    crate::report::render(dir.path()).context("cannot draw the charts and report")?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.path())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    let names: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| f.file_name().map(PathBuf::from))
        .collect();
    let target = dir.commit()?;
    Ok((
        target.clone(),
        names.into_iter().map(|n| target.join(n)).collect(),
    ))
}
