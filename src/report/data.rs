//! Loads what the report draws from the output folder: the summary and paired differences
//! across replications, the reference scenario's age pyramids and the village ageing shares.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::{Result, bail};

use super::manifest::Manifest;
use super::table::Table;
use crate::output::stats::describe;
use crate::output::tables::PYRAMID_COLUMNS;
use crate::population::village::Facility;

/// One indicator's value in one year, with its 5th–95th percentile band across replications.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    pub year: i32,
    pub centre: f64,
    pub low: f64,
    pub high: f64,
}

impl Estimate {
    /// The lowest and highest of zero and every finite value (centre and
    /// interval) of `estimates`: what an axis of differences must hold.
    pub fn reach(estimates: impl IntoIterator<Item = Estimate>) -> (f64, f64) {
        estimates
            .into_iter()
            .flat_map(|e| [e.centre, e.low, e.high])
            .filter(|v| v.is_finite())
            .fold((0.0, 0.0), |(lo, hi), v| (f64::min(lo, v), f64::max(hi, v)))
    }
}

/// Yearly estimates by (scenario, indicator), years ascending: `summary.csv` or `deltas.csv`.
#[derive(Default)]
pub struct Estimates {
    series: BTreeMap<(String, String), Vec<Estimate>>,
    /// Scenarios in order of first appearance.
    scenarios: Vec<String>,
}

impl Estimates {
    /// Reads `file` with columns `scenario,year,indicator,<centre>,p05,p95`.
    pub fn read(dir: &Path, file: &str, centre: &'static str) -> Result<Estimates> {
        let mut table = Table::open(dir, file)?;
        let [scenario, year, indicator, centre, low, high] =
            ["scenario", "year", "indicator", centre, "p05", "p95"].map(|c| table.column(c));
        let (scenario, year, indicator) = (scenario?, year?, indicator?);
        let (centre, low, high) = (centre?, low?, high?);
        let mut out = Estimates::default();
        table.for_each(|row| {
            let name = row.text(scenario);
            if !out.scenarios.iter().any(|s| s == name) {
                out.scenarios.push(name.to_string());
            }
            let estimate = Estimate {
                year: row.integer(year)?,
                centre: row.number(centre)?,
                low: row.number(low)?,
                high: row.number(high)?,
            };
            out.series
                .entry((name.to_string(), row.text(indicator).to_string()))
                .or_default()
                .push(estimate);
            Ok(())
        })?;
        for series in out.series.values_mut() {
            series.sort_by_key(|e| e.year);
        }
        Ok(out)
    }

    /// Refuses a file cut short: each of `scenarios` must have every indicator
    /// the file holds in every one of `years`.
    fn check_whole(&self, file: &str, scenarios: &[&str], years: &[i32]) -> Result<()> {
        let indicators = self.indicators();
        for scenario in scenarios {
            for indicator in &indicators {
                let found: Vec<i32> = self
                    .series(scenario, indicator)
                    .iter()
                    .map(|e| e.year)
                    .collect();
                if found != years {
                    return Err(Whole::cut(
                        file,
                        format!(
                            "scenario '{scenario}', indicator {indicator}: expected the years {}–{} \
                             once each, found {}",
                            years[0],
                            years[years.len() - 1],
                            match (found.first(), found.last()) {
                                (Some(a), Some(b)) => format!("{} rows, {a}–{b}", found.len()),
                                _ => "none".to_string(),
                            }
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    /// A scenario's yearly estimates of an indicator (empty when absent).
    pub fn series(&self, scenario: &str, indicator: &str) -> &[Estimate] {
        self.series
            .get(&(scenario.to_string(), indicator.to_string()))
            .map_or(&[], Vec::as_slice)
    }

    /// A scenario's estimate of an indicator in one year.
    pub fn at(&self, scenario: &str, indicator: &str, year: i32) -> Option<Estimate> {
        self.series(scenario, indicator)
            .iter()
            .find(|e| e.year == year)
            .copied()
    }

    /// Whether any scenario has this indicator.
    pub fn has(&self, indicator: &str) -> bool {
        self.series.keys().any(|(_, i)| i == indicator)
    }

    /// Every indicator name, sorted.
    pub fn indicators(&self) -> BTreeSet<&str> {
        self.series.keys().map(|(_, i)| i.as_str()).collect()
    }

    /// Every year present, ascending.
    pub fn years(&self) -> Vec<i32> {
        let years: BTreeSet<i32> = self.series.values().flatten().map(|e| e.year).collect();
        years.into_iter().collect()
    }
}

/// What a whole output folder holds, from its manifest: the files the report
/// draws from are refused when cut short by whole lines (a cut within a line is
/// refused on opening, [`Table::open`]).
struct Whole<'a> {
    scenarios: &'a [&'a str],
    years: &'a [i32],
    replications: usize,
    /// Written by this version of ruralcare.
    this_version: bool,
}

impl Whole<'_> {
    fn cut(file: &str, what: String) -> anyhow::Error {
        anyhow::anyhow!("{file} does not hold the run manifest.toml records (cut short?): {what}")
    }

    /// The reference's pyramid in each of `wanted` years, of every replication.
    fn pyramids(&self, pyramids: &[Pyramid], reference: &str, wanted: &[i32]) -> Result<()> {
        for year in wanted {
            match pyramids.iter().find(|p| p.year == *year) {
                Some(p) if p.replications == self.replications => {}
                found => {
                    return Err(Self::cut(
                        "pyramids.csv",
                        format!(
                            "scenario '{reference}', {year}: expected {} replication(s), found {}",
                            self.replications,
                            found.map_or(0, |p| p.replications)
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Every scenario's villages in each of `wanted` years, as many in each:
    /// a (scenario, year) with another number than most have is named.
    fn villages(
        &self,
        villages: &BTreeMap<(String, i32), VillageShares>,
        wanted: &[i32],
    ) -> Result<()> {
        let found = |scenario: &str, year: i32| {
            villages
                .get(&(scenario.to_string(), year))
                .map_or(0, |s| s.shares.len() + s.empty)
        };
        let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
        for scenario in self.scenarios {
            for &year in wanted {
                *counts.entry(found(scenario, year)).or_default() += 1;
            }
        }
        // The most common number (the larger of equally common ones).
        let expected = counts
            .iter()
            .max_by_key(|&(n, times)| (times, n))
            .map_or(0, |(&n, _)| n);
        for scenario in self.scenarios {
            for &year in wanted {
                let n = found(scenario, year);
                if n != expected || n == 0 {
                    let what = if n == 0 {
                        "no villages".to_string()
                    } else {
                        format!("expected {expected} villages, found {n}")
                    };
                    return Err(Self::cut(
                        "villages.csv",
                        format!("scenario '{scenario}', {year}: {what}"),
                    ));
                }
            }
        }
        Ok(())
    }

    /// The reference's village types in every year (`read_village_types` has
    /// checked the replications and that every type has the same years).
    fn village_types(&self, types: &Estimates) -> Result<()> {
        let found = types.years();
        if found != self.years {
            return Err(Self::cut(
                "village_types.csv",
                format!(
                    "expected the years {}–{}, found {} year(s)",
                    self.years[0],
                    self.years[self.years.len() - 1],
                    found.len()
                ),
            ));
        }
        Ok(())
    }

    /// Each outcome, once, for every scenario but the reference: this version's
    /// outcomes, or for a folder of another version the outcomes its file names.
    fn costs(&self, costs: &[Cost], reference: &str) -> Result<()> {
        let outcomes: BTreeSet<&str> = if self.this_version {
            crate::output::cost::outcome_names().collect()
        } else {
            costs.iter().map(|c| c.outcome.as_str()).collect()
        };
        for scenario in self.scenarios.iter().filter(|s| **s != reference) {
            let found: Vec<&str> = costs
                .iter()
                .filter(|c| c.scenario == *scenario)
                .map(|c| c.outcome.as_str())
                .collect();
            let distinct: BTreeSet<&str> = found.iter().copied().collect();
            if distinct != outcomes || found.len() != outcomes.len() {
                return Err(Self::cut(
                    "cost_effectiveness.csv",
                    format!(
                        "scenario '{scenario}': expected the outcomes {} once each, found {}",
                        outcomes.iter().copied().collect::<Vec<_>>().join(", "),
                        if found.is_empty() {
                            "none".to_string()
                        } else {
                            found.join(", ")
                        }
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// One scenario's yearly estimates of `indicator` by village type, across
/// replications, from `village_types.csv` (`Estimates` keyed by the type in
/// place of the scenario); `None` for a folder written before the file existed.
pub fn read_village_types(
    dir: &Path,
    scenario_name: &str,
    indicator: &'static str,
    replications: usize,
) -> Result<Option<Estimates>> {
    if !dir.join("village_types.csv").exists() {
        return Ok(None);
    }
    let mut table = Table::open(dir, "village_types.csv")?;
    let [scenario, year, kind, value] =
        ["scenario", "year", "village_type", indicator].map(|c| table.column(c));
    let (scenario, year, kind, value) = (scenario?, year?, kind?, value?);
    let mut values: BTreeMap<(String, i32), Vec<f64>> = BTreeMap::new();
    // Rows by (scenario, type, year), of every scenario.
    let mut rows: BTreeMap<(String, String, i32), usize> = BTreeMap::new();
    let labels = Facility::ALL.map(Facility::label);
    table.for_each(|row| {
        let (name, k, y) = (row.text(scenario), row.text(kind), row.integer(year)?);
        if !labels.contains(&k) {
            return Err(row.error(kind, &format!("a village type ({})", labels.join(", "))));
        }
        *rows
            .entry((name.to_string(), k.to_string(), y))
            .or_default() += 1;
        if name == scenario_name {
            values
                .entry((k.to_string(), y))
                .or_default()
                .push(row.number(value)?);
        }
        Ok(())
    })?;
    // Every scenario holds each type in each year, a row of each replication:
    // fewer are a file cut short.
    let scenarios: BTreeSet<&str> = rows.keys().map(|(s, _, _)| s.as_str()).collect();
    let kinds: BTreeSet<&str> = rows.keys().map(|(_, k, _)| k.as_str()).collect();
    let years: BTreeSet<i32> = rows.keys().map(|(_, _, y)| *y).collect();
    let short = rows.iter().find(|(_, n)| **n != replications);
    if short.is_some() || rows.len() != scenarios.len() * kinds.len() * years.len() {
        let what = match short {
            Some(((s, k, y), n)) => format!("scenario '{s}', {k}, {y}: {n} row(s)"),
            None => format!(
                "{} (scenario, type, year) triples of {} scenarios, {} types and {} years",
                rows.len(),
                scenarios.len(),
                kinds.len(),
                years.len()
            ),
        };
        bail!(
            "village_types.csv does not hold every village type and year of {replications} \
             replication(s) (cut short?): {what}"
        );
    }
    let mut out = Estimates::default();
    for ((kind, year), xs) in values {
        let [centre, low, _, high] = describe(&xs);
        if !out.scenarios.contains(&kind) {
            out.scenarios.push(kind.clone());
        }
        out.series
            .entry((kind, indicator.to_string()))
            .or_default()
            .push(Estimate {
                year,
                centre,
                low,
                high,
            });
    }
    out.scenarios
        .sort_by_key(|k| Facility::ALL.iter().position(|f| f.label() == k));
    Ok(Some(out))
}

/// Start, middle and end years: 2035 is the middle when the run spans it, else the year
/// present nearest the midpoint.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KeyYears {
    pub first: i32,
    pub mid: i32,
    pub last: i32,
}

impl KeyYears {
    fn of(years: &[i32]) -> Option<KeyYears> {
        let (&first, &last) = (years.first()?, years.last()?);
        let mid = if years.contains(&2035) && first < 2035 && 2035 < last {
            2035
        } else {
            let centre = (first + last) / 2;
            *years.iter().min_by_key(|y| (**y - centre).abs())?
        };
        Some(KeyYears { first, mid, last })
    }

    /// Distinct years among `wanted`, in order.
    pub fn distinct(wanted: &[i32]) -> Vec<i32> {
        let mut out: Vec<i32> = Vec::new();
        for &year in wanted {
            if !out.contains(&year) {
                out.push(year);
            }
        }
        out
    }
}

/// Mean residents and registered persons (incl. Away) of one five-year age group.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AgeGroup {
    pub label: String,
    pub male_resident: f64,
    pub male_registered: f64,
    pub female_resident: f64,
    pub female_registered: f64,
}

/// The reference scenario's age pyramid in one year, averaged over replications.
#[derive(Debug, PartialEq)]
pub struct Pyramid {
    pub year: i32,
    pub replications: usize,
    /// Youngest group first.
    pub groups: Vec<AgeGroup>,
}

/// Reads `pyramids.csv` for one scenario and the given years (years without rows are left out).
pub fn read_pyramids(dir: &Path, scenario_name: &str, years: &[i32]) -> Result<Vec<Pyramid>> {
    let mut table = Table::open(dir, "pyramids.csv")?;
    let [scenario, replication, year, sex, age, resident, registered] =
        PYRAMID_COLUMNS.map(|c| table.column(c));
    let (scenario, replication, year, sex) = (scenario?, replication?, year?, sex?);
    let (age, resident, registered) = (age?, resident?, registered?);
    // year -> (replications seen, age group lower bound -> sums)
    let mut sums: BTreeMap<i32, (BTreeSet<i32>, BTreeMap<u32, AgeGroup>)> = BTreeMap::new();
    // Of the whole file: rows by (scenario, year), the replications and the age groups.
    let mut blocks: BTreeMap<(String, i32), usize> = BTreeMap::new();
    let (mut all_reps, mut all_groups) = (BTreeSet::new(), BTreeSet::new());
    table.for_each(|row| {
        let y = row.integer(year)?;
        *blocks
            .entry((row.text(scenario).to_string(), y))
            .or_default() += 1;
        all_reps.insert(row.integer(replication)?);
        all_groups.insert(row.text(age).to_string());
        if row.text(scenario) != scenario_name || !years.contains(&y) {
            return Ok(());
        }
        let label = row.text(age);
        let lower: u32 = label
            .split(['-', '+'])
            .next()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| row.error(age, "an age group such as 0-4 or 90+"))?;
        let (reps, groups) = sums.entry(y).or_default();
        reps.insert(row.integer(replication)?);
        let group = groups.entry(lower).or_insert_with(|| AgeGroup {
            label: label.to_string(),
            ..AgeGroup::default()
        });
        let (res, reg) = match row.text(sex) {
            "male" => (&mut group.male_resident, &mut group.male_registered),
            "female" => (&mut group.female_resident, &mut group.female_registered),
            _ => return Err(row.error(sex, "male or female")),
        };
        *res += row.count(resident)?;
        *reg += row.count(registered)?;
        Ok(())
    })?;
    // Every scenario and year holds each replication's every age group of both
    // sexes, once: fewer rows, or a scenario with fewer years, are a file cut short.
    let whole = all_reps.len() * all_groups.len() * 2;
    let scenarios: BTreeSet<&str> = blocks.keys().map(|(s, _)| s.as_str()).collect();
    let all_years: BTreeSet<i32> = blocks.keys().map(|(_, y)| *y).collect();
    let short = blocks.iter().find(|(_, rows)| **rows != whole);
    if short.is_some() || blocks.len() != scenarios.len() * all_years.len() {
        let what = match short {
            Some(((s, y), rows)) => format!("scenario '{s}', {y}: {rows} rows"),
            None => format!(
                "{} (scenario, year) blocks of {} scenarios and {} years",
                blocks.len(),
                scenarios.len(),
                all_years.len()
            ),
        };
        bail!(
            "pyramids.csv does not hold whole pyramids (cut short?): {what}, where each of {} \
             replication(s) has {} age groups of both sexes ({whole} rows) in every year",
            all_reps.len(),
            all_groups.len()
        );
    }
    Ok(sums
        .into_iter()
        .map(|(year, (reps, groups))| {
            let n = reps.len() as f64;
            let groups = groups
                .into_values()
                .map(|g| AgeGroup {
                    male_resident: g.male_resident / n,
                    male_registered: g.male_registered / n,
                    female_resident: g.female_resident / n,
                    female_registered: g.female_registered / n,
                    label: g.label,
                })
                .collect();
            Pyramid {
                year,
                replications: reps.len(),
                groups,
            }
        })
        .collect())
}

/// One village's size in one year (replication 0, a row of `villages.csv`).
#[derive(Clone, Debug, PartialEq)]
pub struct VillageSize {
    /// The village's identifier as written in the file.
    pub village: String,
    pub registered: f64,
    pub resident: f64,
    /// Residents aged 60 and over.
    pub elders: f64,
}

impl VillageSize {
    /// Share of residents aged 60+, or `None` for a village with no residents left.
    pub fn share_60plus(&self) -> Option<f64> {
        (self.resident > 0.0).then(|| self.elders / self.resident)
    }
}

/// Villages' shares of residents aged 60+ in one scenario and year (replication 0).
#[derive(Debug, Default, PartialEq)]
pub struct VillageShares {
    /// One share per village that still has residents.
    pub shares: Vec<f64>,
    /// Villages with no residents left.
    pub empty: usize,
}

impl VillageShares {
    fn of(villages: &[VillageSize]) -> VillageShares {
        let shares: Vec<f64> = villages
            .iter()
            .filter_map(VillageSize::share_60plus)
            .collect();
        VillageShares {
            empty: villages.len() - shares.len(),
            shares,
        }
    }
}

/// Reads `villages.csv` for the given years, keyed by (scenario, year), villages in file
/// order: replication 0's, which is what a run writes (its villages are those of one
/// replication; rows of another, in a file put together by hand, would count each village twice).
pub fn read_village_sizes(
    dir: &Path,
    years: &[i32],
) -> Result<BTreeMap<(String, i32), Vec<VillageSize>>> {
    let mut table = Table::open(dir, "villages.csv")?;
    let [
        scenario,
        replication,
        year,
        village,
        registered,
        residents,
        elders,
    ] = [
        "scenario",
        "replication",
        "year",
        "village",
        "registered_population",
        "resident_population",
        "resident_60plus",
    ]
    .map(|c| table.column(c));
    let (scenario, replication, year, village) = (scenario?, replication?, year?, village?);
    let (registered, residents, elders) = (registered?, residents?, elders?);
    let mut out: BTreeMap<(String, i32), Vec<VillageSize>> = BTreeMap::new();
    let mut seen: BTreeSet<(String, i32, String)> = BTreeSet::new();
    table.for_each(|row| {
        let y = row.integer(year)?;
        if row.integer(replication)? != 0 || !years.contains(&y) {
            return Ok(());
        }
        let (name, id) = (row.text(scenario).to_string(), row.text(village));
        if !seen.insert((name.clone(), y, id.to_string())) {
            return Err(row.error(
                village,
                &format!("each village once in a year (scenario '{name}', {y})"),
            ));
        }
        let size = VillageSize {
            village: id.to_string(),
            registered: row.count(registered)?,
            resident: row.count(residents)?,
            elders: row.count(elders)?,
        };
        out.entry((name, y)).or_default().push(size);
        Ok(())
    })?;
    Ok(out)
}

/// Reads the villages' shares aged 60+ for the given years, keyed by (scenario, year).
fn read_villages(dir: &Path, years: &[i32]) -> Result<BTreeMap<(String, i32), VillageShares>> {
    Ok(read_village_sizes(dir, years)?
        .into_iter()
        .map(|(key, villages)| (key, VillageShares::of(&villages)))
        .collect())
}

/// One row of `cost_effectiveness.csv`: what a scenario's extra public spending
/// averts of one outcome against the reference, summed over the observed years (the start year included).
#[derive(Clone, Debug, PartialEq)]
pub struct Cost {
    pub scenario: String,
    pub from_year: i32,
    pub to_year: i32,
    /// Yearly rate the sums are discounted at, to the start year.
    pub discount_rate: f64,
    pub outcome: String,
    pub unit: String,
    pub averted: Estimate,
    pub spending: Estimate,
    /// Yuan of public spending per unit averted (NaN where the file gives none).
    pub per_unit: Estimate,
}

/// The rows of `cost_effectiveness.csv`; `None` for a folder without it (`run`, or
/// written before the file existed).
fn read_costs(dir: &Path) -> Result<Option<Vec<Cost>>> {
    const FILE: &str = "cost_effectiveness.csv";
    if !dir.join(FILE).exists() {
        return Ok(None);
    }
    let mut table = Table::open(dir, FILE)?;
    let [scenario, from, to, rate, outcome, unit] = [
        "scenario",
        "from_year",
        "to_year",
        "discount_rate",
        "outcome",
        "unit",
    ]
    .map(|c| table.column(c));
    let (scenario, from, to, rate, outcome, unit) = (scenario?, from?, to?, rate?, outcome?, unit?);
    let triple = |centre: &'static str, low: &'static str, high: &'static str| {
        Ok::<_, anyhow::Error>([
            table.column(centre)?,
            table.column(low)?,
            table.column(high)?,
        ])
    };
    let averted = triple("averted", "averted_p05", "averted_p95")?;
    let spending = triple(
        "extra_public_spending_yuan",
        "extra_public_spending_p05",
        "extra_public_spending_p95",
    )?;
    let per_unit = triple(
        "yuan_per_unit_averted",
        "yuan_per_unit_p05",
        "yuan_per_unit_p95",
    )?;
    let mut rows = Vec::new();
    table.for_each(|row| {
        let estimate = |[c, l, h]: [super::table::Column; 3]| -> Result<Estimate> {
            Ok(Estimate {
                year: row.integer(to)?,
                centre: row.number(c)?,
                low: row.number(l)?,
                high: row.number(h)?,
            })
        };
        rows.push(Cost {
            scenario: row.text(scenario).to_string(),
            from_year: row.integer(from)?,
            to_year: row.integer(to)?,
            discount_rate: row.number(rate)?,
            outcome: row.text(outcome).to_string(),
            unit: row.text(unit).to_string(),
            averted: estimate(averted)?,
            spending: estimate(spending)?,
            per_unit: estimate(per_unit)?,
        });
        Ok(())
    })?;
    Ok(Some(rows))
}

/// A scenario as the report lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    /// The scenario file it was read from, as the manifest records it.
    pub file: Option<String>,
    /// Its policy schedule: each block's year and lever values ([`Manifest::schedule`]).
    pub schedule: Vec<(i32, Vec<String>)>,
}

/// Everything the charts and the page are drawn from.
pub struct Output {
    pub manifest: Manifest,
    /// Scenarios in manifest order (then any others found in summary.csv); the index is
    /// the colour index, so a scenario has the same colour in every chart.
    pub scenarios: Vec<Scenario>,
    pub reference: String,
    pub summary: Estimates,
    /// Paired differences against the reference (`deltas.csv`, compare runs only).
    pub deltas: Option<Estimates>,
    pub years: KeyYears,
    pub pyramids: Vec<Pyramid>,
    pub villages: BTreeMap<(String, i32), VillageShares>,
    /// The reference scenario's unmet-need share by village type
    /// (`village_types.csv`; absent from folders written before it).
    pub village_types: Option<Estimates>,
    /// What each scenario's extra public spending averts (`cost_effectiveness.csv`,
    /// paired runs only).
    pub costs: Option<Vec<Cost>>,
}

impl Output {
    /// Loads the folder written by `ruralcare run` or `ruralcare compare`.
    pub fn load(dir: &Path) -> Result<Output> {
        let manifest = Manifest::read(dir)?;
        let summary = Estimates::read(dir, "summary.csv", "mean")?;
        let mut scenarios: Vec<Scenario> = manifest
            .scenarios
            .iter()
            .filter(|s| summary.scenarios.contains(&s.name))
            .map(|s| Scenario {
                name: s.name.clone(),
                description: s.description.clone(),
                file: s.file.clone(),
                schedule: manifest.schedule(&s.name),
            })
            .collect();
        for name in &summary.scenarios {
            if !scenarios.iter().any(|s| &s.name == name) {
                scenarios.push(Scenario {
                    name: name.clone(),
                    description: String::new(),
                    file: None,
                    schedule: Vec::new(),
                });
            }
        }
        let reference = manifest
            .run
            .reference
            .clone()
            .or_else(|| manifest.scenarios.first().map(|s| s.name.clone()))
            .unwrap_or_else(|| scenarios[0].name.clone());
        if !summary.scenarios.contains(&reference) {
            bail!(
                "summary.csv has no rows for the reference scenario '{reference}' named in manifest.toml"
            );
        }
        let Some(years) = KeyYears::of(&summary.years()) else {
            bail!("summary.csv has no years");
        };
        // All or nothing: a file cut short, or one the recorded job writes gone
        // missing, is refused rather than drawn in part.
        let run = &manifest.run;
        if run.end_year < run.start_year {
            bail!(
                "manifest.toml: run.end_year {} is before run.start_year {}",
                run.end_year,
                run.start_year
            );
        }
        // The manifest's span against the summary's years before listing them
        // (a hand-edited end year would otherwise list billions).
        let span = i64::from(run.end_year) - i64::from(run.start_year) + 1;
        let found = summary.years();
        if span > found.len() as i64 {
            bail!(
                "summary.csv does not hold the run manifest.toml records (cut short, or the manifest \
                 of another run?): {} year(s), {}–{}, where the manifest records {}–{}",
                found.len(),
                years.first,
                years.last,
                run.start_year,
                run.end_year
            );
        }
        let all_years: Vec<i32> = (run.start_year..=run.end_year).collect();
        let names: Vec<&str> = manifest.scenarios.iter().map(|s| s.name.as_str()).collect();
        summary.check_whole("summary.csv", &names, &all_years)?;
        let paired = matches!(run.command.as_str(), "compare" | "sweep") && names.len() > 1;
        let this_version = run.version == env!("CARGO_PKG_VERSION");
        let required = [
            ("deltas.csv", paired),
            ("village_types.csv", this_version),
            (
                "cost_effectiveness.csv",
                this_version && paired && run.end_year > run.start_year,
            ),
        ];
        for (file, needed) in required {
            if needed && !dir.join(file).exists() {
                bail!(
                    "{} has no {file}, which the recorded `{}` of {} scenario(s) writes",
                    dir.display(),
                    run.command,
                    names.len()
                );
            }
        }
        let deltas = if dir.join("deltas.csv").exists() {
            let deltas = Estimates::read(dir, "deltas.csv", "mean_diff")?;
            deltas.check_whole("deltas.csv", &names, &all_years)?;
            Some(deltas)
        } else {
            None
        };
        let pyramids = read_pyramids(
            dir,
            &reference,
            &KeyYears::distinct(&[years.first, years.mid, years.last]),
        )?;
        let villages = read_villages(dir, &[years.first, years.last])?;
        let village_types = read_village_types(
            dir,
            &reference,
            "unmet_need_share",
            run.replications as usize,
        )?;
        let costs = read_costs(dir)?;
        let whole = Whole {
            scenarios: &names,
            years: &all_years,
            replications: run.replications as usize,
            this_version,
        };
        whole.pyramids(&pyramids, &reference, &[years.first, years.mid, years.last])?;
        whole.villages(&villages, &[years.first, years.last])?;
        if let Some(types) = &village_types {
            whole.village_types(types)?;
        }
        if let Some(costs) = &costs {
            whole.costs(costs, &reference)?;
        }
        Ok(Output {
            manifest,
            scenarios,
            reference,
            summary,
            deltas,
            years,
            pyramids,
            villages,
            village_types,
            costs,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_years_prefer_2035_and_fall_back_to_the_midpoint() {
        let long: Vec<i32> = (2020..=2050).collect();
        let short: Vec<i32> = (2020..=2030).collect();
        assert_eq!(
            KeyYears::of(&long),
            Some(KeyYears {
                first: 2020,
                mid: 2035,
                last: 2050
            })
        );
        assert_eq!(
            KeyYears::of(&short),
            Some(KeyYears {
                first: 2020,
                mid: 2025,
                last: 2030
            })
        );
        assert_eq!(
            KeyYears::of(&[2020]),
            Some(KeyYears {
                first: 2020,
                mid: 2020,
                last: 2020
            })
        );
        assert_eq!(KeyYears::distinct(&[2020, 2020, 2021]), vec![2020, 2021]);
    }

    #[test]
    fn pyramids_average_replications_and_order_age_groups() {
        let dir = tempfile::tempdir().unwrap();
        // Whole pyramids of two scenarios, years and replications; the rows
        // of other scenarios and years (99) are left out of scenario a's 2020.
        let mut csv = String::from("scenario,replication,year,sex,age_group,resident,registered\n");
        for scenario in ["a", "b"] {
            for year in [2020, 2021] {
                for rep in [0, 1] {
                    for (sex, group) in [
                        ("male", "5-9"),
                        ("female", "0-4"),
                        ("male", "0-4"),
                        ("female", "5-9"),
                    ] {
                        let (res, reg) = match (scenario, year, sex, group, rep) {
                            ("a", 2020, "male", "5-9", 0) => (10, 12),
                            ("a", 2020, "male", "5-9", 1) => (20, 22),
                            ("a", 2020, "female", "0-4", 0) => (4, 6),
                            ("a", 2020, "female", "0-4", 1) => (6, 8),
                            ("a", 2020, ..) => (1, 1),
                            _ => (99, 99),
                        };
                        csv.push_str(&format!(
                            "{scenario},{rep},{year},{sex},{group},{res},{reg}\n"
                        ));
                    }
                }
            }
        }
        std::fs::write(dir.path().join("pyramids.csv"), csv).unwrap();
        let pyramids = read_pyramids(dir.path(), "a", &[2020]).unwrap();
        assert_eq!(pyramids.len(), 1);
        let p = &pyramids[0];
        assert_eq!(p.replications, 2);
        assert_eq!(p.groups[0].label, "0-4");
        assert_eq!(p.groups[0].female_resident, 5.0);
        assert_eq!(p.groups[1].male_registered, 17.0);
    }

    #[test]
    fn a_pyramid_missing_rows_is_refused_as_cut_short() {
        let dir = tempfile::tempdir().unwrap();
        // Replication 1 lost its women's rows.
        let csv = "scenario,replication,year,sex,age_group,resident,registered\n\
            a,0,2020,male,0-4,1,1\na,0,2020,female,0-4,1,1\na,1,2020,male,0-4,1,1\n";
        std::fs::write(dir.path().join("pyramids.csv"), csv).unwrap();
        let err = read_pyramids(dir.path(), "a", &[2020])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(
                "pyramids.csv does not hold whole pyramids (cut short?): scenario 'a', 2020: 3 rows"
            ),
            "{err}"
        );
    }

    #[test]
    fn a_file_cut_within_its_last_line_is_refused_on_opening() {
        let dir = tempfile::tempdir().unwrap();
        let csv = "scenario,replication,year,sex,age_group,resident,registered\n\
            a,0,2020,male,0-4,1,1\na,0,2020,female,0-4,1";
        std::fs::write(dir.path().join("pyramids.csv"), csv).unwrap();
        let err = read_pyramids(dir.path(), "a", &[2020])
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "pyramids.csv does not end with a line break: cut short within its last line?"
        );
    }

    #[test]
    fn a_bad_sex_or_age_group_names_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let csv = "scenario,replication,year,sex,age_group,resident,registered\n\
            a,0,2020,other,0-4,1,1\n";
        std::fs::write(dir.path().join("pyramids.csv"), csv).unwrap();
        let err = read_pyramids(dir.path(), "a", &[2020])
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("pyramids.csv line 2: column 'sex'"),
            "{err}"
        );
    }

    #[test]
    fn villages_of_replication_0_without_residents_are_counted_apart() {
        let dir = tempfile::tempdir().unwrap();
        let csv = "scenario,replication,year,county,township,village,registered_population,resident_population,resident_60plus\n\
            a,0,2020,c,t,v1,100,80,20\na,0,2020,c,t,v2,50,0,0\na,0,2025,c,t,v1,100,70,35\n\
            a,1,2020,c,t,v1,100,90,45\na,1,2020,c,t,v2,50,40,10\n";
        std::fs::write(dir.path().join("villages.csv"), csv).unwrap();
        let v = read_villages(dir.path(), &[2020]).unwrap();
        // Replication 1's two villages are left out: each village once.
        assert_eq!(v.len(), 1);
        assert_eq!(
            v[&("a".to_string(), 2020)],
            VillageShares {
                shares: vec![0.25],
                empty: 1
            }
        );
    }
}
