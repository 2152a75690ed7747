//! Regression on summary figures of small fixed-seed runs: the baseline, and
//! the whole package (`combined`: every lever, the time bank, insurance and
//! the build-out among them), each with its golden file. A run is
//! deterministic (the same seed gives the same output whatever the number of
//! threads), so each figure's mean over the replications must match the
//! golden mean within a relative 1e-6 (at least 1e-9): room for a changed
//! order of floating-point sums, none for a changed model.
//!
//! A deliberate change of the random draws that claims not to change the
//! model may be checked with `GOLDEN_NEW_DRAWS=1` instead: each mean is then
//! held within five standard errors of the difference of two means (from the
//! spread of this run's replications and of the golden run's), and a figure
//! that does not vary between replications (the pension) to the ninth digit.
//! Regenerate the golden files only on purpose:
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
    "unmet_need_share_elders",
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
    "time_bank_deposits_hours",
    "time_bank_withdrawals_hours",
    "care_hours_paid_demand",
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
/// hours, stock and flows, the paid care demanded and the institution carers).
const PER_RESIDENT: &[&str] = &[
    "elders_frail",
    "elders_disabled",
    "elders_severe",
    "time_bank_balance_hours",
    "time_bank_deposits_hours",
    "time_bank_withdrawals_hours",
    "care_hours_paid_demand",
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

/// Relative difference from the golden mean allowed by default.
const RELATIVE: f64 = 1e-6;

/// Absolute difference always allowed (golden means at or near 0).
const ABSOLUTE: f64 = 1e-9;

/// Standard errors of the difference allowed with `GOLDEN_NEW_DRAWS=1`.
const K: f64 = 5.0;

/// How to rewrite the golden files, for the failure message.
const REGENERATE: &str = "UPDATE_GOLDEN=1 cargo test --release --test regression";

/// How a figure is held to its golden mean.
#[derive(Clone, Copy)]
enum Mode {
    /// Within rounding: an unchanged model reproduces the golden means.
    Exact,
    /// Within `K` standard errors: new random draws, the model claimed unchanged.
    NewDraws,
}

impl Mode {
    /// The mode the environment asks for: `GOLDEN_NEW_DRAWS=1`, or exact.
    fn from_env() -> Mode {
        match std::env::var("GOLDEN_NEW_DRAWS").as_deref() {
            Ok("1") => Mode::NewDraws,
            _ => Mode::Exact,
        }
    }
}

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
    let reps = runner::simulate(sc, &|| {}).unwrap().region();
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
    let mode = Mode::from_env();
    let problems: Vec<String> = RUNS
        .iter()
        .flat_map(|&(scenario, golden)| {
            against_golden(scenario, golden, mode)
                .into_iter()
                .map(move |p| format!("{scenario}: {p}"))
        })
        .collect();
    let allowed = match mode {
        Mode::Exact => format!(
            "exact mode: a relative {RELATIVE:e} (at least {ABSOLUTE:e}) allowed; \
             GOLDEN_NEW_DRAWS=1 checks new random draws within {K} standard errors"
        ),
        Mode::NewDraws => {
            format!("new-draws mode (GOLDEN_NEW_DRAWS=1): {K} standard errors allowed")
        }
    };
    assert!(
        problems.is_empty(),
        "summary against the golden files, {allowed}:\n{}\n\
         if the change is meant, regenerate the golden files: {REGENERATE}",
        problems.join("\n")
    );
}

/// The run of `scenario` against its golden file in `mode`: the problems
/// found (none when the golden file is rewritten, with `UPDATE_GOLDEN` set).
fn against_golden(scenario: &str, golden_file: &str, mode: Mode) -> Vec<String> {
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
        let gap = (f.mean - g.mean).abs();
        let se = ((f.sd.powi(2) + g.sd.powi(2)) / reps as f64).sqrt();
        let (allowed, apart) = match mode {
            Mode::Exact => (
                (RELATIVE * g.mean.abs()).max(ABSOLUTE),
                format!("relative {:.1e}", gap / g.mean.abs()),
            ),
            Mode::NewDraws => (
                (K * se).max(1e-9 * g.mean.abs().max(1.0)),
                format!("{:.1} standard errors", gap / se),
            ),
        };
        if gap > allowed {
            problems.push(format!(
                "{} {}: now {} (sd {:.6}), golden {} (sd {:.6}): {gap:.3e} apart ({apart}), {allowed:.3e} allowed",
                f.indicator, f.year, f.mean, f.sd, g.mean, g.sd,
            ));
        }
    }
    problems
}
