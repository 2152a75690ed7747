//! A small output folder written by code for the tests: two scenarios, three replications,
//! 2020–2030, with plausible numbers in every file the report reads.

use std::fmt::Write;
use std::path::Path;

pub const SCENARIOS: [&str; 2] = ["baseline", "mutual_aid"];
pub const REPLICATIONS: usize = 3;
pub const YEARS: std::ops::RangeInclusive<i32> = 2020..=2030;
/// A headline indicator the fixture leaves out, so the report must say it is not available.
pub const LEFT_OUT: &str = "public_spending_per_elder";

const CARE_SOURCES: [(&str, f64); 7] = [
    ("spouse", 0.30),
    ("children", 0.25),
    ("mutual_aid", 0.02),
    ("village_facility", 0.05),
    ("township", 0.04),
    ("paid", 0.03),
    ("institution", 0.02),
];

/// The mean of an indicator for scenario `s` in year `t` years after 2020.
fn mean(indicator: &str, s: usize, t: f64) -> f64 {
    let s = s as f64;
    let needed = 2.0e6 * (1.0 + 0.04 * t);
    match indicator {
        "share_60plus" => 0.25 + 0.012 * t - 0.001 * s * t,
        "resident_population" => 52_000.0 * (1.0 - 0.018 * t) + 300.0 * s * t,
        "empty_nest_share" => 0.45 + 0.008 * t - 0.002 * s * t,
        "unmet_need_share" => 0.35 + 0.01 * t - 0.015 * s * t,
        "pension_to_subsistence" => 0.31 + 0.006 * t,
        "mutual_aid_participation" => 0.04 + 0.02 * s * t,
        "spend_pension_yuan" => 5.0e6 * (1.0 + 0.05 * t),
        "spend_facilities_yuan" => 1.0e6 * (1.0 + 0.1 * s * t),
        "paid_by_government_yuan" => {
            0.8 * (mean("spend_pension_yuan", s as usize, t)
                + mean("spend_facilities_yuan", s as usize, t))
        }
        "paid_by_collective_yuan" => 0.05 * mean("spend_facilities_yuan", s as usize, t),
        // The other payers and the funding gap meet the rest of the costs, so that the
        // ledger's identity holds: costs = every payer + the gap.
        "paid_by_individuals_yuan" => {
            0.2 * mean("spend_pension_yuan", s as usize, t)
                + 0.05 * mean("spend_facilities_yuan", s as usize, t)
        }
        "paid_by_social_capital_yuan" | "funding_gap_yuan" => {
            0.05 * mean("spend_facilities_yuan", s as usize, t)
        }
        // Sent by government and collectives besides what arrives: no cost.
        "leakage_yuan" => 0.1 * mean("spend_facilities_yuan", s as usize, t),
        "care_hours_needed" => needed,
        // Paid care demanded: hours elders would buy, not hours received.
        "care_hours_paid_demand" => 0.05 * needed,
        "care_hours_unmet" => {
            needed
                - CARE_SOURCES
                    .iter()
                    .map(|(k, _)| mean(&format!("care_hours_{k}"), s as usize, t))
                    .sum::<f64>()
        }
        other => {
            let source = other
                .strip_prefix("care_hours_")
                .expect("a known indicator");
            let (_, share) = CARE_SOURCES
                .iter()
                .find(|(k, _)| *k == source)
                .expect("a known source");
            let boost = if source == "mutual_aid" {
                1.0 + 0.4 * s * t
            } else {
                1.0
            };
            needed * share * boost
        }
    }
}

fn indicators() -> Vec<String> {
    let mut names: Vec<String> = [
        "share_60plus",
        "resident_population",
        "empty_nest_share",
        "unmet_need_share",
        "pension_to_subsistence",
        "mutual_aid_participation",
        "care_hours_needed",
        "care_hours_unmet",
        "care_hours_paid_demand",
        "spend_pension_yuan",
        "spend_facilities_yuan",
        "paid_by_government_yuan",
        "paid_by_collective_yuan",
        "paid_by_individuals_yuan",
        "paid_by_social_capital_yuan",
        "funding_gap_yuan",
        "leakage_yuan",
    ]
    .map(String::from)
    .to_vec();
    names.extend(CARE_SOURCES.iter().map(|(k, _)| format!("care_hours_{k}")));
    names
}

/// Writes the manifest and CSV files of a `compare` run of both scenarios into `dir`.
pub fn write(dir: &Path) {
    write_scenarios(dir, &SCENARIOS);
}

/// Writes an output folder for the given scenarios (the first is the reference); `deltas.csv`
/// only when there are two or more.
pub fn write_scenarios(dir: &Path, scenarios: &[&str]) {
    let command = if scenarios.len() > 1 {
        "compare"
    } else {
        "run"
    };
    let mut manifest = format!(
        "[run]\ncommand = \"{command}\"\nversion = \"0.1.0\"\nseed = 20201101\nreplications = {REPLICATIONS}\n\
         start_year = 2020\nend_year = 2030\nscale = 0.1\neffective_scale = 0.1004\nthreads = 2\nstarted = \"2026-11-29T05:00:00Z\"\n\
         wall_seconds = 1.5\nreference = \"{}\"\n",
        scenarios[0]
    );
    for name in scenarios {
        let _ = write!(
            manifest,
            "[[scenarios]]\nname = \"{name}\"\ndescription = \"Scenario {name} <with> & markup\"\nfile = \"scenarios/{name}.toml\"\n"
        );
    }
    manifest.push_str("[resolved.baseline]\nseed_note = \"ignored\"\n");
    std::fs::write(dir.join("manifest.toml"), manifest).unwrap();

    let mut summary = String::from("scenario,year,indicator,mean,p05,p50,p95\n");
    let mut deltas = String::from("scenario,reference,year,indicator,mean_diff,p05,p95\n");
    for (s, name) in scenarios.iter().enumerate() {
        for year in YEARS {
            let t = f64::from(year - 2020);
            for indicator in indicators() {
                let m = mean(&indicator, s, t);
                let _ = writeln!(
                    summary,
                    "{name},{year},{indicator},{m},{},{m},{}",
                    m * 0.97,
                    m * 1.03
                );
                // The reference too, at zero, as a run writes it.
                let d = m - mean(&indicator, 0, t);
                let spread = 0.2 * d.abs() + 0.002 * m.abs();
                let _ = writeln!(
                    deltas,
                    "{name},{},{year},{indicator},{d},{},{}",
                    scenarios[0],
                    d - spread,
                    d + spread
                );
            }
        }
    }
    std::fs::write(dir.join("summary.csv"), summary).unwrap();
    if scenarios.len() > 1 {
        std::fs::write(dir.join("deltas.csv"), deltas).unwrap();
    }

    let mut pyramids =
        String::from("scenario,replication,year,sex,age_group,resident,registered\n");
    for name in scenarios {
        for r in 0..REPLICATIONS {
            for year in YEARS {
                for (sex, factor) in [("male", 1.02), ("female", 1.0)] {
                    for g in 0..19 {
                        let label = if g == 18 {
                            "90+".to_string()
                        } else {
                            format!("{}-{}", g * 5, g * 5 + 4)
                        };
                        let age = f64::from(g * 5 + 2);
                        let shift = f64::from(year - 2020) / 5.0;
                        let registered = factor
                            * (2600.0 - 25.0 * (age - 5.0 * shift - 45.0).abs()).max(60.0)
                            * if g > 15 { 0.4 } else { 1.0 }
                            + r as f64 * 10.0;
                        let away = if (4..=9).contains(&g) { 0.45 } else { 0.05 };
                        let _ = writeln!(
                            pyramids,
                            "{name},{r},{year},{sex},{label},{:.0},{registered:.0}",
                            registered * (1.0 - away)
                        );
                    }
                }
            }
        }
    }
    std::fs::write(dir.join("pyramids.csv"), pyramids).unwrap();

    let mut villages = String::from(
        "scenario,replication,year,county,township,village,registered_population,resident_population,resident_60plus\n",
    );
    for (s, name) in scenarios.iter().enumerate() {
        for year in YEARS {
            let t = f64::from(year - 2020);
            for v in 0..40 {
                let registered = 200.0 + 37.0 * f64::from(v % 9);
                let residents = if v == 0 && year > 2025 {
                    0.0
                } else {
                    registered * (0.8 - 0.01 * t)
                };
                let share = (0.12 + 0.008 * f64::from(v) + 0.015 * t - 0.003 * s as f64 * t)
                    .clamp(0.0, 0.95);
                let _ = writeln!(
                    villages,
                    "{name},0,{year},c{},t{},v{v},{registered:.0},{residents:.0},{:.0}",
                    v % 2,
                    v % 4,
                    residents * share
                );
            }
        }
    }
    std::fs::write(dir.join("villages.csv"), villages).unwrap();

    // Unmet need by village type: lower where a village has a facility; one
    // ratio left empty (a type with no dependents that year).
    let mut types = String::from(
        "scenario,replication,year,village_type,resident_population,unmet_need_share\n",
    );
    for (s, name) in scenarios.iter().enumerate() {
        for r in 0..REPLICATIONS {
            for year in YEARS {
                let t = f64::from(year - 2020);
                for (k, kind) in ["no_facility", "care_point", "mutual_aid_home"]
                    .iter()
                    .enumerate()
                {
                    let share = if k == 2 && year == 2020 && r == 0 {
                        String::new()
                    } else {
                        let x = mean("unmet_need_share", s, t) - 0.03 * k as f64 + 0.002 * r as f64;
                        format!("{x}")
                    };
                    let _ = writeln!(types, "{name},{r},{year},{kind},{},{share}", 1000 * (k + 1));
                }
            }
        }
    }
    std::fs::write(dir.join("village_types.csv"), types).unwrap();
}
