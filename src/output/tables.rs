//! The CSV files of a run: indicators, counties, pyramids, villages, village
//! types, summary and (for comparisons) paired deltas. Column names are a contract.

use std::path::Path;

use anyhow::Result;

use super::ScenarioResult;
use super::stats::describe;
use crate::census::{AGE_GROUPS, Pyramid, age_group_label};
use crate::indicators::{RATIOS, Tally, by_village, ratios};
use crate::population::village::Facility;

pub(super) fn writer(dir: &Path, name: &str) -> Result<csv::Writer<std::fs::File>> {
    Ok(csv::Writer::from_path(dir.join(name))?)
}

/// Numbers as text: shortest round-trip form; NaN as an empty field.
pub(super) fn num(x: f64) -> String {
    if x.is_nan() {
        String::new()
    } else {
        format!("{x}")
    }
}

fn header(keys: &[&str]) -> Vec<String> {
    keys.iter()
        .map(|s| s.to_string())
        .chain(Tally::NAMES.iter().map(|s| s.to_string()))
        .collect()
}

/// indicators.csv: one row per (scenario, replication, year), region level.
pub fn indicators(dir: &Path, results: &[ScenarioResult]) -> Result<()> {
    let mut w = writer(dir, "indicators.csv")?;
    w.write_record(header(&["scenario", "replication", "year"]))?;
    for r in results {
        for (rep, years) in r.region().iter().enumerate() {
            for (year, (t, _)) in years {
                let mut row = vec![r.scenario.name.clone(), rep.to_string(), year.to_string()];
                row.extend(t.values().iter().map(|&x| num(x)));
                w.write_record(&row)?;
            }
        }
    }
    Ok(w.flush()?)
}

/// counties.csv: the same per county.
pub fn counties(dir: &Path, results: &[ScenarioResult]) -> Result<()> {
    let mut w = writer(dir, "counties.csv")?;
    w.write_record(header(&["scenario", "replication", "year", "county"]))?;
    for r in results {
        for (rep, counties) in r.reps.iter().enumerate() {
            for c in counties {
                for y in &c.years {
                    let mut row = vec![
                        r.scenario.name.clone(),
                        rep.to_string(),
                        y.year.to_string(),
                        c.county.to_string(),
                    ];
                    row.extend(y.tally.values().iter().map(|&x| num(x)));
                    w.write_record(&row)?;
                }
            }
        }
    }
    Ok(w.flush()?)
}

/// The columns of pyramids.csv, in order.
pub const PYRAMID_COLUMNS: [&str; 7] = [
    "scenario",
    "replication",
    "year",
    "sex",
    "age_group",
    "resident",
    "registered",
];

/// pyramids.csv: resident and registered by sex and five-year age group.
pub fn pyramids(dir: &Path, results: &[ScenarioResult]) -> Result<()> {
    let mut w = writer(dir, "pyramids.csv")?;
    w.write_record(PYRAMID_COLUMNS)?;
    for r in results {
        for (rep, years) in r.region().iter().enumerate() {
            for (year, (_, p)) in years {
                for (s, sex) in ["male", "female"].iter().enumerate() {
                    for g in 0..AGE_GROUPS {
                        w.write_record([
                            r.scenario.name.clone(),
                            rep.to_string(),
                            year.to_string(),
                            sex.to_string(),
                            age_group_label(g),
                            num(p.resident[s][g]),
                            num(p.registered[s][g]),
                        ])?;
                    }
                }
            }
        }
    }
    Ok(w.flush()?)
}

/// villages.csv: every village's size per year, replication 0 only.
pub fn villages(dir: &Path, results: &[ScenarioResult]) -> Result<()> {
    let mut w = writer(dir, "villages.csv")?;
    w.write_record([
        "scenario",
        "replication",
        "year",
        "county",
        "township",
        "village",
        "registered_population",
        "resident_population",
        "resident_60plus",
    ])?;
    for r in results {
        let Some(counties) = r.reps.first() else {
            continue;
        };
        for c in counties {
            for y in &c.years {
                for v in &y.villages {
                    w.write_record([
                        r.scenario.name.clone(),
                        "0".into(),
                        y.year.to_string(),
                        c.county.to_string(),
                        v.township.to_string(),
                        v.village.to_string(),
                        num(v.registered),
                        num(v.resident),
                        num(v.resident_60plus),
                    ])?;
                }
            }
        }
    }
    Ok(w.flush()?)
}

/// village_types.csv: per (scenario, replication, year, village type) the
/// villages' own counts summed by the facility each village has at the end of
/// the year, and the ratios made of them. County-level stocks, flows and
/// money are left out: no village holds them.
pub fn village_types(dir: &Path, results: &[ScenarioResult]) -> Result<()> {
    let counts: Vec<usize> = (0..Tally::NAMES.len())
        .filter(|&k| by_village(Tally::NAMES[k]))
        .collect();
    let shares: Vec<usize> = (0..RATIOS.len())
        .filter(|&k| by_village(RATIOS[k].numerator) && by_village(RATIOS[k].denominator))
        .collect();
    let mut w = writer(dir, "village_types.csv")?;
    let keys = ["scenario", "replication", "year", "village_type"];
    w.write_record(
        keys.iter()
            .copied()
            .chain(counts.iter().map(|&k| Tally::NAMES[k]))
            .chain(shares.iter().map(|&k| RATIOS[k].name)),
    )?;
    for r in results {
        for (rep, years) in r.by_facility().iter().enumerate() {
            for (year, by_type) in years {
                for (facility, t) in Facility::ALL.iter().zip(by_type) {
                    let v = t.values();
                    let derived = ratios(&v);
                    let mut row = vec![
                        r.scenario.name.clone(),
                        rep.to_string(),
                        year.to_string(),
                        facility.label().to_string(),
                    ];
                    row.extend(counts.iter().map(|&k| num(v[k])));
                    row.extend(shares.iter().map(|&k| num(derived[k])));
                    w.write_record(&row)?;
                }
            }
        }
    }
    Ok(w.flush()?)
}

/// A summary figure derived from the population pyramid: its name and how.
type PyramidFigure = (&'static str, fn(&Pyramid) -> f64);

/// Summary figures derived from the population pyramid, after the ratios.
const FROM_PYRAMID: &[PyramidFigure] = &[("median_age_resident", Pyramid::median_age_resident)];

/// Every indicator name of summary.csv: the counts, then the derived ratios,
/// then the figures derived from the pyramid.
pub fn summary_names() -> impl Iterator<Item = &'static str> {
    Tally::NAMES
        .iter()
        .copied()
        .chain(RATIOS.iter().map(|r| r.name))
        .chain(FROM_PYRAMID.iter().map(|(name, _)| *name))
}

/// Values of every summary indicator per replication and year: [rep][year][indicator].
pub fn series(r: &ScenarioResult) -> Vec<Vec<Vec<f64>>> {
    r.region()
        .iter()
        .map(|years| {
            years
                .iter()
                .map(|(_, (t, pyramid))| {
                    let v = t.values();
                    v.iter()
                        .copied()
                        .chain(ratios(&v))
                        .chain(FROM_PYRAMID.iter().map(|(_, f)| f(pyramid)))
                        .collect()
                })
                .collect()
        })
        .collect()
}

/// summary.csv: mean, p05, p50, p95 across replications per (scenario, year,
/// indicator); `mean_scaled` divides counts by the effective scale.
pub fn summary(dir: &Path, results: &[ScenarioResult]) -> Result<()> {
    let mut w = writer(dir, "summary.csv")?;
    w.write_record([
        "scenario",
        "year",
        "indicator",
        "mean",
        "p05",
        "p50",
        "p95",
        "mean_scaled",
    ])?;
    for r in results {
        let s = series(r);
        let years = r.years();
        for (yi, year) in years.iter().enumerate() {
            for (k, name) in summary_names().enumerate() {
                let vals: Vec<f64> = s.iter().map(|rep| rep[yi][k]).collect();
                let [mean, p05, p50, p95] = describe(&vals);
                let scaled = if k < Tally::NAMES.len() {
                    mean / r.effective_scale
                } else {
                    mean
                };
                w.write_record([
                    r.scenario.name.clone(),
                    year.to_string(),
                    name.to_string(),
                    num(mean),
                    num(p05),
                    num(p50),
                    num(p95),
                    num(scaled),
                ])?;
            }
        }
    }
    Ok(w.flush()?)
}

/// deltas.csv: per scenario against the first (the reference), the paired
/// difference per replication, summarised as mean and p05–p95.
pub fn deltas(dir: &Path, results: &[ScenarioResult]) -> Result<()> {
    let mut w = writer(dir, "deltas.csv")?;
    w.write_record([
        "scenario",
        "reference",
        "year",
        "indicator",
        "mean_diff",
        "p05",
        "p95",
    ])?;
    let Some(reference) = results.first() else {
        return Ok(w.flush()?);
    };
    let base = series(reference);
    for r in results {
        let s = series(r);
        for (yi, year) in r.years().iter().enumerate() {
            for (k, name) in summary_names().enumerate() {
                let diffs: Vec<f64> = s
                    .iter()
                    .zip(&base)
                    .map(|(a, b)| a[yi][k] - b[yi][k])
                    .collect();
                let [mean, p05, _, p95] = describe(&diffs);
                w.write_record([
                    r.scenario.name.clone(),
                    reference.scenario.name.clone(),
                    year.to_string(),
                    name.to_string(),
                    num(mean),
                    num(p05),
                    num(p95),
                ])?;
            }
        }
    }
    Ok(w.flush()?)
}
