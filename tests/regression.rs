//! Regression on summary figures of small fixed-seed runs: the baseline, and
//! the whole package (`combined`: every lever, the time bank, insurance and
//! the build-out among them), each with its golden file. Each figure's mean
//! over the replications is held to the golden file's within five standard
//! errors of the difference of two means (from the spread of this run's
//! replications and of the golden run's): new random draws alone pass, a
//! changed mechanism that moves a figure by more than that does not. A figure
//! that does not vary between replications (the pension) must match to the
//! ninth digit. Regenerate the golden file only on purpose:
//!     UPDATE_GOLDEN=1 cargo test --release --test regression

use std::path::{Path, PathBuf};

use ruralcare::indicators::{RATIOS, Tally, ratios};
use ruralcare::runner;
use ruralcare::scenario::{self, Overrides};

/// Indicators checked: counts, ratios of summary.csv and the median age.
const CHECKED: &[&str] = &[
    "resident_population",
    "registered_population",
    "births",
    "deaths",
    "out_migrants",
    "return_migrants",
    "care_returners",
    "share_60plus",
    "share_80plus",
    "resident_to_registered",
    "empty_nest_share",
    "living_alone_share",
    "mean_household_size",
    "dependent_share_60plus",
    "elders_frail",
    "elders_disabled",
    "elders_severe",
    "median_age_resident",
    "unmet_need_share",
    "unmet_hours_share",
    "share_hours_spouse",
    "share_hours_children",
    "share_hours_mutual_aid",
    "share_hours_village_facility",
    "share_hours_township",
    "share_hours_paid",
    "share_hours_institution",
    "mutual_aid_participation",
    "time_bank_balance_hours",
    "institution_occupancy",
    "institution_staff",
    "township_daycare_occupancy",
    "facility_coverage",
    "caregivers_per_1000_elders",
    "certified_share",
    "public_spending_per_elder",
    "funding_gap_share",
    "mean_pension_monthly",
    "pension_to_subsistence",
    "poverty_share",
];

/// Flows: counted over the year that ends at the row's year, so 0 in the start
/// year by construction; compared in the later years only, per 1,000 residents
/// (the replications' villages differ in size, their rates much less).
const FLOWS: &[&str] = &[
    "births",
    "deaths",
    "out_migrants",
    "return_migrants",
    "care_returners",
];

/// Counts compared per 1,000 residents, in every year (the health states:
/// their prevalence, not the population's size; likewise the time bank's
/// hours and the institution carers).
const PER_RESIDENT: &[&str] = &[
    "elders_frail",
    "elders_disabled",
    "elders_severe",
    "time_bank_balance_hours",
    "institution_staff",
];

/// The runs: a scenario of `tests/scenarios/` and its golden file in `tests/golden/`.
const RUNS: [(&str, &str); 2] = [
    ("regression.toml", "regression_summary.csv"),
    (
        "regression_combined.toml",
        "regression_combined_summary.csv",
    ),
];

/// Stocks compared as a ratio to the start year's, in the later years only
/// (their size differs between replications, their change much less).
const STOCKS: &[&str] = &["resident_population", "registered_population"];

/// The years compared; the first is the run's start year.
const YEARS: [i32; 3] = [2020, 2025, 2030];

/// Standard errors of the difference allowed.
const K: f64 = 5.0;

/// Whether (indicator, year) is compared with a golden row.
fn compared(indicator: &str, year: i32) -> bool {
    !((FLOWS.contains(&indicator) || STOCKS.contains(&indicator)) && year == YEARS[0])
}

/// One figure: its mean over the replications and their standard deviation.
struct Figure {
    indicator: String,
    year: i32,
    mean: f64,
    sd: f64,
}

fn golden_path(golden: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(golden)
}

/// The checked figures of the run of `scenario`, with the number of replications.
fn figures(scenario: &str) -> (Vec<Figure>, usize) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/scenarios")
        .join(scenario);
    let sc = scenario::load(&path, &Overrides::default()).unwrap();
    assert_eq!(sc.run.start_year, YEARS[0]);
    let reps = runner::simulate(sc, &|| {}).region();
    let value = |name: &str, t: &Tally, start: &Tally, median_age: f64| -> f64 {
        let values = t.values();
        let count = |name: &str| {
            let i = Tally::NAMES.iter().position(|n| *n == name);
            values[i.unwrap_or_else(|| panic!("{name} is neither a count nor a ratio"))]
        };
        if FLOWS.contains(&name) || PER_RESIDENT.contains(&name) {
            1000.0 * count(name) / count("resident_population")
        } else if STOCKS.contains(&name) {
            let i = Tally::NAMES.iter().position(|n| *n == name).unwrap();
            count(name) / start.values()[i]
        } else if name == "median_age_resident" {
            median_age
        } else if let Some(i) = RATIOS.iter().position(|r| r.name == name) {
            ratios(&values)[i]
        } else {
            count(name)
        }
    };
    let mut out = Vec::new();
    for &name in CHECKED {
        for &year in YEARS.iter().filter(|&&y| compared(name, y)) {
            let xs: Vec<f64> = reps
                .iter()
                .map(|rep| {
                    let (_, (t, p)) = rep
                        .iter()
                        .find(|(y, _)| *y == year)
                        .unwrap_or_else(|| panic!("{year} not simulated"));
                    assert_eq!(rep[0].0, YEARS[0]);
                    value(name, t, &rep[0].1.0, p.median_age_resident())
                })
                .collect();
            let n = xs.len() as f64;
            let mean = xs.iter().sum::<f64>() / n;
            let sd = (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
            assert!(mean.is_finite() && sd.is_finite(), "{name} {year}: {xs:?}");
            out.push(Figure {
                indicator: if FLOWS.contains(&name) || PER_RESIDENT.contains(&name) {
                    format!("{name}_per_1000_residents")
                } else if STOCKS.contains(&name) {
                    format!("{name}_to_{}", YEARS[0])
                } else {
                    name.to_string()
                },
                year,
                mean,
                sd,
            });
        }
    }
    (out, reps.len())
}

#[test]
fn small_run_summary_matches_the_golden_figures() {
    // A misspelt flow would be checked, at 0, in the start year again.
    assert!(FLOWS.iter().all(|f| CHECKED.contains(f)));
    assert!(PER_RESIDENT.iter().all(|f| CHECKED.contains(f)));
    let problems: Vec<String> = RUNS
        .iter()
        .flat_map(|&(scenario, golden)| {
            against_golden(scenario, golden)
                .into_iter()
                .map(move |p| format!("{scenario}: {p}"))
        })
        .collect();
    assert!(
        problems.is_empty(),
        "summary against the golden files:\n{}",
        problems.join("\n")
    );
}

/// The run of `scenario` against its golden file: the problems found (none
/// when the golden file is rewritten, with `UPDATE_GOLDEN` set).
fn against_golden(scenario: &str, golden_file: &str) -> Vec<String> {
    let (now, reps) = figures(scenario);
    assert!(reps >= 8, "{reps} replications: too few for the spread");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        let mut w = csv::Writer::from_path(golden_path(golden_file)).unwrap();
        w.write_record(["indicator", "year", "mean", "sd", "n"])
            .unwrap();
        for f in &now {
            w.write_record([
                f.indicator.clone(),
                f.year.to_string(),
                f.mean.to_string(),
                f.sd.to_string(),
                reps.to_string(),
            ])
            .unwrap();
        }
        w.flush().unwrap();
        return Vec::new();
    }
    let golden: Vec<Figure> = csv::Reader::from_path(golden_path(golden_file))
        .expect("golden file missing: run with UPDATE_GOLDEN=1")
        .records()
        .map(|rec| {
            let rec = rec.unwrap();
            assert_eq!(
                rec[4].parse::<usize>().unwrap(),
                reps,
                "the golden run's replications"
            );
            Figure {
                indicator: rec[0].to_string(),
                year: rec[1].parse().unwrap(),
                mean: rec[2].parse().unwrap(),
                sd: rec[3].parse().unwrap(),
            }
        })
        .collect();
    let mut problems = Vec::new();
    for g in &golden {
        if !now
            .iter()
            .any(|f| f.indicator == g.indicator && f.year == g.year)
        {
            problems.push(format!(
                "{} {}: golden row not checked",
                g.indicator, g.year
            ));
        }
    }
    for f in &now {
        let Some(g) = golden
            .iter()
            .find(|g| g.indicator == f.indicator && g.year == f.year)
        else {
            problems.push(format!("{} {}: no golden row", f.indicator, f.year));
            continue;
        };
        let se = ((f.sd.powi(2) + g.sd.powi(2)) / reps as f64).sqrt();
        let allowed = (K * se).max(1e-9 * g.mean.abs().max(1.0));
        if (f.mean - g.mean).abs() > allowed {
            problems.push(format!(
                "{} {}: now {:.6} (sd {:.6}), golden {:.6} (sd {:.6}): {:.1} standard errors apart",
                f.indicator,
                f.year,
                f.mean,
                f.sd,
                g.mean,
                g.sd,
                (f.mean - g.mean).abs() / se
            ));
        }
    }
    problems
}
