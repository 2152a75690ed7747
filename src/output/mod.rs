//! Writing a run's results: CSV tables, summary, manifest, all into one
//! folder that appears only when complete.

pub mod folder;
pub mod manifest;
pub mod stats;
pub mod tables;

use std::path::Path;

use anyhow::Result;

use crate::census::Pyramid;
use crate::indicators::Tally;
use crate::scenario::Scenario;
use crate::sim::CountyRun;

/// One scenario's runs: [replication][county].
pub struct ScenarioResult {
    pub scenario: Scenario,
    pub reps: Vec<Vec<CountyRun>>,
    /// Villages built ÷ villages in the region at scale 1.
    pub effective_scale: f64,
}

impl ScenarioResult {
    /// Region totals per replication and year, summed over counties in order.
    pub fn region(&self) -> Vec<Vec<(i32, Tally, Pyramid)>> {
        self.reps
            .iter()
            .map(|counties| {
                let years = counties.first().map_or(0, |c| c.years.len());
                (0..years)
                    .map(|y| {
                        let mut t = Tally::default();
                        let mut p = Pyramid::default();
                        for c in counties {
                            t.add(&c.years[y].tally);
                            p.add(&c.years[y].pyramid);
                        }
                        (counties[0].years[y].year, t, p)
                    })
                    .collect()
            })
            .collect()
    }

    /// The villages' own tallies per replication and year by village type
    /// (the facility at the end of the year), summed over counties in order.
    pub fn by_facility(&self) -> Vec<Vec<(i32, [Tally; 3])>> {
        self.reps
            .iter()
            .map(|counties| {
                let years = counties.first().map_or(0, |c| c.years.len());
                (0..years)
                    .map(|y| {
                        let mut t = [Tally::default(); 3];
                        for c in counties {
                            for (sum, of) in t.iter_mut().zip(&c.years[y].by_facility) {
                                sum.add(of);
                            }
                        }
                        (counties[0].years[y].year, t)
                    })
                    .collect()
            })
            .collect()
    }

    pub fn years(&self) -> Vec<i32> {
        self.reps
            .first()
            .and_then(|c| c.first())
            .map_or_else(Vec::new, |c| c.years.iter().map(|y| y.year).collect())
    }
}

/// Writes every file of a run (and `deltas.csv` for a comparison) into `dir`.
pub fn write_all(
    dir: &Path,
    meta: &manifest::RunMeta,
    results: &[ScenarioResult],
    with_deltas: bool,
) -> Result<()> {
    tables::indicators(dir, results)?;
    tables::counties(dir, results)?;
    tables::pyramids(dir, results)?;
    tables::villages(dir, results)?;
    tables::village_types(dir, results)?;
    tables::summary(dir, results)?;
    if with_deltas {
        tables::deltas(dir, results)?;
    }
    manifest::write(dir, meta, results)
}
