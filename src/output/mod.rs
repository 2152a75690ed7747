//! Writing a run's results: CSV tables, summary, manifest, all into one
//! folder that appears only when complete.

pub mod cost;
pub mod folder;
pub mod manifest;
pub mod stats;
pub mod tables;

use std::path::Path;

use anyhow::{Context, Result};

use crate::census::Pyramid;
use crate::indicators::Tally;
use crate::scenario::Scenario;
use crate::sim::{CountyRun, YearOut};

/// One scenario's runs: [replication][county].
pub struct ScenarioResult {
    pub scenario: Scenario,
    pub reps: Vec<Vec<CountyRun>>,
    /// Villages built ÷ villages in the region at scale 1.
    pub effective_scale: f64,
}

impl ScenarioResult {
    /// Per replication and year: the year and what `add` sums into a
    /// default `T` from each county's output of that year, counties in order.
    fn summed<T: Default>(&self, add: impl Fn(&mut T, &YearOut)) -> Vec<Vec<(i32, T)>> {
        self.reps
            .iter()
            .map(|counties| {
                let years = counties.first().map_or(0, |c| c.years.len());
                (0..years)
                    .map(|y| {
                        let mut sum = T::default();
                        for c in counties {
                            add(&mut sum, &c.years[y]);
                        }
                        (counties[0].years[y].year, sum)
                    })
                    .collect()
            })
            .collect()
    }

    /// Region totals per replication and year, summed over counties in order.
    pub fn region(&self) -> Vec<Vec<(i32, (Tally, Pyramid))>> {
        self.summed(|(t, p): &mut (Tally, Pyramid), y| {
            t.add(&y.tally);
            p.add(&y.pyramid);
        })
    }

    /// The villages' own tallies per replication and year by village type
    /// (the facility at the end of the year), summed over counties in order.
    pub fn by_facility(&self) -> Vec<Vec<(i32, [Tally; 3])>> {
        self.summed(|sum: &mut [Tally; 3], y| {
            for (s, of) in sum.iter_mut().zip(&y.by_facility) {
                s.add(of);
            }
        })
    }

    pub fn years(&self) -> Vec<i32> {
        self.reps
            .first()
            .and_then(|c| c.first())
            .map_or_else(Vec::new, |c| c.years.iter().map(|y| y.year).collect())
    }
}

/// Writes every file of a run into `dir`, and `deltas.csv` and
/// `cost_effectiveness.csv` when `with_deltas` (see [`crate::runner::Job::writes_deltas`]).
pub fn write_all(
    dir: &Path,
    meta: &manifest::RunMeta,
    results: &[ScenarioResult],
    with_deltas: bool,
) -> Result<()> {
    type Write = fn(&Path, &[ScenarioResult]) -> Result<()>;
    let mut files: Vec<(&str, Write)> = vec![
        ("indicators.csv", tables::indicators),
        ("counties.csv", tables::counties),
        ("pyramids.csv", tables::pyramids),
        ("villages.csv", tables::villages),
        ("village_types.csv", tables::village_types),
        ("summary.csv", tables::summary),
    ];
    if with_deltas {
        files.push(("deltas.csv", tables::deltas));
        files.push(("cost_effectiveness.csv", cost::write));
    }
    // A failed write (a full disk, say) names the file it was writing.
    for (name, write) in files {
        write(dir, results).with_context(|| format!("cannot write {name}"))?;
    }
    manifest::write(dir, meta, results)
}
