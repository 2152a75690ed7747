//! Runs the `ruralcare` binary on scenario files in tests/scenarios.

mod common;

use std::path::{Path, PathBuf};

use common::{PARSER, REFUSED, fails_with, refused, refused_with, ruralcare, scenario, succeeds};

fn header(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .next()
        .unwrap()
        .split(',')
        .map(String::from)
        .collect()
}

/// The manifest and tables every run writes.
const RUN_FILES: [&str; 7] = [
    "manifest.toml",
    "indicators.csv",
    "counties.csv",
    "pyramids.csv",
    "summary.csv",
    "villages.csv",
    "village_types.csv",
];

#[test]
fn run_writes_every_output_file_with_the_required_columns() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("small");
    let run = ruralcare()
        .args([
            "run",
            scenario("small.toml").to_str().unwrap(),
            "--quiet",
            "--out",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    // Quiet: nothing printed, no progress bar.
    let output = run.get_output();
    assert!(
        output.stdout.is_empty() && output.stderr.is_empty(),
        "{output:?}"
    );
    for f in RUN_FILES {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    let required = [
        "registered_population",
        "resident_population",
        "births",
        "deaths",
        "out_migrants",
        "return_migrants",
        "settled_elsewhere",
        "resident_0_14",
        "resident_15_59",
        "resident_60plus",
        "resident_65plus",
        "resident_80plus",
        "elders_empty_nest",
        "elders_living_alone",
        "elders_no_child_in_village",
        "villages",
        "villages_under_100_residents",
        // Care.
        "elders_frail",
        "elders_disabled",
        "elders_severe",
        "care_hours_needed",
        "care_hours_spouse",
        "care_hours_children",
        "care_hours_mutual_aid",
        "care_hours_village_facility",
        "care_hours_township",
        "care_hours_paid",
        "care_hours_institution",
        "care_hours_unmet",
        "dependents_with_unmet_need",
        "dependents_alone_without_carer",
        "mutual_aid_volunteers",
        "mutual_aid_eligible",
        "time_bank_balance_hours",
        "institution_places",
        "institution_residents",
        "institution_waiting",
        "township_daycare_places",
        "township_daycare_users",
        "professional_caregivers",
        "family_carers_at_risk",
        "care_returners",
        // Policy and money.
        "pension_recipients",
        "pension_paid_yuan",
        "elders_below_subsistence",
        "remittances_yuan",
        "spend_pension_yuan",
        "spend_facilities_yuan",
        "spend_paid_care_yuan",
        "spend_ltc_insurance_yuan",
        "spend_subsidies_yuan",
        "paid_by_government_yuan",
        "paid_by_collective_yuan",
        "paid_by_social_capital_yuan",
        "paid_by_individuals_yuan",
        "funding_gap_yuan",
        "leakage_yuan",
        "villages_with_facility",
        "ltc_beneficiaries",
    ];
    let ind = header(&out.join("indicators.csv"));
    assert_eq!(ind[..3], ["scenario", "replication", "year"]);
    let cty = header(&out.join("counties.csv"));
    assert_eq!(cty[..4], ["scenario", "replication", "year", "county"]);
    for col in required {
        assert!(
            ind.contains(&col.to_string()) && cty.contains(&col.to_string()),
            "{col}"
        );
    }
    assert_eq!(
        header(&out.join("pyramids.csv")),
        [
            "scenario",
            "replication",
            "year",
            "sex",
            "age_group",
            "resident",
            "registered"
        ]
    );
    assert_eq!(
        header(&out.join("summary.csv"))[..7],
        ["scenario", "year", "indicator", "mean", "p05", "p50", "p95"]
    );
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    for ratio in [
        "share_60plus",
        "share_65plus",
        "share_80plus",
        "old_age_dependency_ratio",
        "empty_nest_share",
        "living_alone_share",
        "resident_to_registered",
        "median_age_resident",
        // Care.
        "unmet_need_share",
        "unmet_hours_share",
        "mutual_aid_participation",
        "institution_occupancy",
        "share_hours_spouse",
        "share_hours_children",
        "share_hours_mutual_aid",
        "share_hours_village_facility",
        "share_hours_township",
        "share_hours_paid",
        "share_hours_institution",
        // Policy and money.
        "mean_pension_monthly",
        "mean_pension_monthly_real",
        "pension_to_subsistence",
        "poverty_share",
        "public_spending_per_elder",
        "facility_coverage",
    ] {
        assert!(summary.contains(&format!("small,2026,{ratio},")), "{ratio}");
    }
    village_types_sum_to_the_region(&out);
    // 2 replications × 7 years.
    assert_eq!(
        std::fs::read_to_string(out.join("indicators.csv"))
            .unwrap()
            .lines()
            .count(),
        1 + 2 * 7
    );
    let manifest: toml::Table = std::fs::read_to_string(out.join("manifest.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let run = manifest["run"].as_table().unwrap();
    assert_eq!(run["replications"].as_integer(), Some(2));
    assert!(
        run.contains_key("wall_seconds")
            && run.contains_key("threads")
            && run.contains_key("version")
    );
    // The start time, in UTC to the second (e.g. 2026-11-30T21:53:54Z).
    let started = run["started"].as_str().unwrap();
    let b = started.as_bytes();
    assert!(
        started.len() == 20
            && b[4] == b'-'
            && b[10] == b'T'
            && b[19] == b'Z'
            && started[..4].parse::<i32>().is_ok_and(|y| y >= 2024),
        "started = {started}"
    );
    // The resolved scenario carries the override from small.toml and the baseline's values.
    let resolved = manifest["resolved"]["small"].as_table().unwrap();
    assert_eq!(resolved["run"]["end_year"].as_integer(), Some(2026));
    assert!(resolved["mortality"]["e0_female"].as_float().is_some());
}

/// `village_types.csv`: three village types per (scenario, replication, year),
/// whose counts add up to the region's in `indicators.csv`.
fn village_types_sum_to_the_region(out: &std::path::Path) {
    let read = |name: &str| {
        let mut r = csv::Reader::from_path(out.join(name)).unwrap();
        let head: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        let rows: Vec<Vec<String>> = r
            .records()
            .map(|x| x.unwrap().iter().map(String::from).collect())
            .collect();
        (head, rows)
    };
    let (th, types) = read("village_types.csv");
    let (ih, region) = read("indicators.csv");
    assert_eq!(th[..4], ["scenario", "replication", "year", "village_type"]);
    for col in [
        "resident_population",
        "elders_severe",
        "care_hours_unmet",
        "unmet_need_share",
    ] {
        assert!(th.contains(&col.to_string()), "{col}");
    }
    for col in [
        "funding_gap_yuan",
        "professional_caregivers",
        "institution_places",
    ] {
        assert!(!th.contains(&col.to_string()), "{col} is a county's");
    }
    assert_eq!(types.len(), 3 * region.len());
    let labels: Vec<&str> = types[..3].iter().map(|r| r[3].as_str()).collect();
    assert_eq!(labels, ["no_facility", "care_point", "mutual_aid_home"]);
    let mut compared = 0;
    for (row, three) in region.iter().zip(types.chunks(3)) {
        for t in three {
            assert_eq!(t[..3], row[..3]);
        }
        for (k, name) in th.iter().enumerate().skip(4) {
            let Some(j) = ih.iter().position(|n| n == name) else {
                continue; // a ratio
            };
            let sum: f64 = three.iter().map(|t| t[k].parse::<f64>().unwrap()).sum();
            let want: f64 = row[j].parse().unwrap();
            assert!(
                (sum - want).abs() <= 1e-9 * want.abs().max(1.0),
                "{name}: {sum} vs {want}"
            );
            compared += 1;
        }
    }
    assert!(compared > 50 * region.len());
}

#[test]
fn one_and_two_threads_give_byte_identical_csv_files() {
    let dir = tempfile::tempdir().unwrap();
    // A run, and a comparison whose two scenarios share their synthesis.
    let run = |command: &str, files: &[&str], threads: &str| {
        let out = dir.path().join(format!("{command}{threads}"));
        let paths: Vec<String> = files
            .iter()
            .map(|f| scenario(f).to_str().unwrap().to_string())
            .collect();
        ruralcare()
            .arg(command)
            .args(&paths)
            .args([
                "--quiet",
                "--threads",
                threads,
                "--out",
                out.to_str().unwrap(),
            ])
            .assert()
            .success();
        out
    };
    for (command, files) in [
        ("run", &["small.toml"][..]),
        ("compare", &["small.toml", "small_out_x2.toml"][..]),
    ] {
        let (a, b) = (run(command, files, "1"), run(command, files, "2"));
        // All but the manifest, which records the thread count and times.
        let mut names = RUN_FILES[1..].to_vec();
        if command == "compare" {
            names.push("deltas.csv");
        }
        for f in names {
            assert_eq!(
                std::fs::read(a.join(f)).unwrap(),
                std::fs::read(b.join(f)).unwrap(),
                "{command}: {f} differs"
            );
        }
    }
}

#[test]
fn command_line_overrides_reach_the_run_and_the_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    ruralcare()
        .args([
            "run",
            scenario("small.toml").to_str().unwrap(),
            "--quiet",
            "--years",
            "2",
            "--reps",
            "3",
            "--seed",
            "9",
            "--out",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    let ind = std::fs::read_to_string(out.join("indicators.csv")).unwrap();
    assert_eq!(ind.lines().count(), 1 + 3 * 3);
    let manifest: toml::Table = std::fs::read_to_string(out.join("manifest.toml"))
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(manifest["run"]["seed"].as_integer(), Some(9));
    assert_eq!(
        manifest["resolved"]["small"]["run"]["end_year"].as_integer(),
        Some(2022)
    );
}

#[test]
fn set_changes_any_parameter_of_the_run_and_the_manifest_shows_it() {
    // A value, a name without quotes, one age band of a schedule (the
    // schedule's other bands kept) and a key of one entry of an array of
    // tables (the entry's other keys and the other entries kept); the run
    // differs from the file's.
    let dir = tempfile::tempdir().unwrap();
    let run = |out: &Path, set: &[&str]| {
        let small = scenario("small.toml");
        let mut args = vec![
            "run",
            small.to_str().unwrap(),
            "--quiet",
            "--years",
            "3",
            "--out",
            out.to_str().unwrap(),
        ];
        for s in set {
            args.extend(["--set", s]);
        }
        ruralcare().args(&args).assert().success();
        let manifest: toml::Table = std::fs::read_to_string(out.join("manifest.toml"))
            .unwrap()
            .parse()
            .unwrap();
        let indicators = std::fs::read_to_string(out.join("indicators.csv")).unwrap();
        // The reference's assumed parameters (source coded A), and only those.
        let assumptions = manifest["assumptions"].as_table().unwrap();
        let spouse = &assumptions["care.family.spouse_hours"];
        assert_eq!(spouse["confidence"].as_str(), Some("A (assumption)"));
        assert!(
            spouse["text"]
                .as_str()
                .unwrap()
                .contains("most a Healthy spouse gives: 40")
        );
        assert!(
            !assumptions.contains_key("mortality.kannisto_from_age"),
            "a V-coded parameter"
        );
        assert!(
            !assumptions.contains_key("workforce.pay_yuan_per_month"),
            "an S-coded parameter"
        );
        // A V figure taken beyond its source is an assumption.
        assert!(assumptions.contains_key("care.family.at_risk_hours"));
        assert!(assumptions.len() > 100);
        (manifest["resolved"]["small"].clone(), indicators)
    };
    let (plain, plain_ind) = run(&dir.path().join("plain"), &[]);
    let (set, set_ind) = run(
        &dir.path().join("set"),
        &[
            "migration.out_rate.20-24=0.5",
            "workforce.pay_index=prices",
            "finance.supervision=0.25",
            "pension.rules[1].yuan_per_month=40",
        ],
    );
    let rates = |t: &toml::Value| t["migration"]["out_rate"].as_table().unwrap().clone();
    assert_eq!(rates(&set)["20-24"].as_float(), Some(0.5));
    assert_ne!(rates(&plain)["20-24"], rates(&set)["20-24"]);
    assert_eq!(rates(&plain).len(), rates(&set).len());
    assert_eq!(rates(&plain)["25-29"], rates(&set)["25-29"]);
    assert_eq!(set["workforce"]["pay_index"].as_str(), Some("prices"));
    assert_eq!(set["finance"]["supervision"].as_float(), Some(0.25));
    let rules = |t: &toml::Value| t["pension"]["rules"].as_array().unwrap().clone();
    assert_eq!(rules(&set)[1]["yuan_per_month"].as_integer(), Some(40));
    assert_ne!(
        rules(&plain)[1]["yuan_per_month"],
        rules(&set)[1]["yuan_per_month"]
    );
    assert_eq!(rules(&plain)[1]["from_year"], rules(&set)[1]["from_year"]);
    assert_eq!(rules(&plain)[0], rules(&set)[0]);
    assert_ne!(plain_ind, set_ind);
}

/// `ruralcare run` of tests/scenarios/small.toml with each case's extra
/// arguments is refused with status `code`, saying each of the case's
/// messages and writing nothing.
fn small_run_refused(code: i32, cases: &[(&[&str], &[&str])]) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("never");
    let small = scenario("small.toml");
    let base = [
        "run",
        small.to_str().unwrap(),
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ];
    for (args, expected) in cases {
        refused_with(code, &[&base[..], args].concat(), expected, dir.path());
    }
}

/// A population grown past `run.max_county_persons` stops the run with an
/// error naming the scenario, the county, the year and the limit, and writes
/// nothing; with one thread or two, the first county in order is named.
#[test]
fn a_county_grown_past_its_limit_stops_the_run_and_writes_nothing() {
    for threads in ["1", "2"] {
        small_run_refused(
            REFUSED,
            &[(
                &["--threads", threads, "--set", "run.max_county_persons=100"],
                &[
                    "scenario 'small' (",
                    "small.toml): county 0 of replication 0 held ",
                    " registered persons at the end of 2020, more than run.max_county_persons = 100 allows",
                ],
            )],
        );
    }
}

#[test]
fn a_bad_set_is_reported_at_the_command_line_and_writes_nothing() {
    // The argument parser refuses what cannot be a thread count or a key.
    let parsed: [(&[&str], &[&str]); 3] = [
        (&["--threads", "0"], &["invalid value '0' for '--threads"]),
        (
            &["--threads", "100000"],
            &["invalid value '100000' for '--threads", "1..=1024"],
        ),
        (
            &["--set", "finance..supervision=1"],
            &["expected a dotted parameter key"],
        ),
    ];
    small_run_refused(PARSER, &parsed);
    let deep = format!("{}=1", vec!["run"; 33].join("."));
    let cases: [(&[&str], &[&str]); 23] = [
        // Ages between the two could neither follow a parent nor leave alone.
        (
            &["--set", "migration.out_from_age=18"],
            &[
                "command line --set: migration.out_from_age: expected migration.out_from_age ≤ household.child_age (younger children move only with a parent, older ones on their own), found 18 > 15",
            ],
        ),
        // A pension paid below the age incomes are tracked from.
        (
            &["--set", "pension.age=55"],
            &[
                "command line --set: pension.age: expected pension.age ≥ income.elder_age (incomes, and so pensions, are tracked from income.elder_age), found 55 < 60",
            ],
        ),
        (
            &["--set", &deep],
            &["a key of 33 dotted parts; expected at most 32, as no parameter is nested deeper"],
        ),
        // An empty table merged into a table there would change nothing.
        (
            &["--set", "pension.rules[0].amounts={}"],
            &["command line --set: pension.rules[0].amounts: an empty table changes nothing"],
        ),
        // A hole inside a table of age bands.
        (
            &[
                "--set",
                "health.prevalence.frail={\"50-59\"=0.065,\"70-79\"=0.2,\"80+\"=0.25}",
            ],
            &[
                "command line --set: health.prevalence.frail: ages 60-69 fall between band \"50-59\" and band \"70-79\"",
            ],
        ),
        (
            &[
                "--set",
                "region.village_registered_min=10000",
                "--set",
                "region.village_registered_mean=60",
            ],
            &["expected the smallest village drawn (village_registered_min 10000) to be at most"],
        ),
        (
            &["--set", "care.mutual_aid.min_ag=60"],
            &[
                "command line --set: care.mutual_aid.min_ag: unknown key",
                "min_age",
            ],
        ),
        (
            &[
                "--set",
                "finance.supervision=1.5",
                "--set",
                "workforce.pay_index=wages",
            ],
            &[
                "command line --set: finance.supervision: value 1.5 is out of range",
                "command line --set: workforce.pay_index: \"wages\" is not allowed",
            ],
        ),
        // A band added to a file's schedule that clashes with one of its bands.
        (
            &["--set", "migration.out_rate.70-79=0.3"],
            &[
                "command line --set: migration.out_rate: band \"70-79\" overlaps band \"50+\"; expected",
            ],
        ),
        (
            &["--set", "migration.out_rate={}"],
            &[
                "command line --set: migration.out_rate: expected a table of age bands",
                "found an empty table",
            ],
        ),
        (
            &["--set", "run.seed.x=1"],
            &[
                "command line --set: run.seed: is an integer",
                "baseline.toml:",
                "not a table",
            ],
        ),
        (
            &["--set", "run.seed=99999999999999999999"],
            &[
                "command line --set: run.seed: expected a whole number in [0, 9223372036854775807] \
                 (integer), found an integer beyond 64 bits (99999999999999999999)",
            ],
        ),
        (
            &["--seed", "18446744073709551615"],
            &[
                "command line --seed: run.seed: expected a whole number from 0 to 9223372036854775807",
            ],
        ),
        (
            &["--years", "2", "--set", "run.end_year=2030"],
            &["both --years and --set run.end_year"],
        ),
        (
            &["--years", "2", "--set", "run={ end_year = 2030 }"],
            &["both --years and --set run.end_year"],
        ),
        // A cross-check of two sections, reported at what the command line changed.
        (
            &[
                "--set",
                "migration.out_rate.20-24=0.6",
                "--set",
                "migration.out_female_multiplier=2",
            ],
            &[
                "command line --set: migration.out_rate: ",
                "reaches 1.200 at some age; expected a probability of at most 1",
            ],
        ),
        // Entries of an array: only those that exist, of an array.
        (
            &["--set", "pension.rules[2].percent=3"],
            &[
                "command line --set: pension.rules[2]: has 2 entries: expected an entry from [0] to [1], found [2]",
            ],
        ),
        // An entry replaced by a value that is not a table: that problem alone.
        (
            &["--set", "pension.rules[1]=5"],
            &[
                "1 problem(s)",
                "command line --set: pension.rules[1]: expected a table, found an integer (5)",
            ],
        ),
        // A rule's year that is refused is not also checked against the
        // amounts as the stand-in read in its place (that problem alone)…
        (
            &["--set", "pension.rules[1].from_year=2050.0"],
            &[
                "1 problem(s)",
                "command line --set: pension.rules[1].from_year: expected a whole number in [1900, 2200] (year), found a float (2050.0)",
            ],
        ),
        // …and a valid one the amounts do not reach is reported where it was set.
        (
            &["--set", "pension.rules[0].from_year=1900"],
            &[
                "command line --set: pension.rules[0].from_year: the schedule must give the amount for its from_year 1900",
            ],
        ),
        (
            &["--set", "finance[0].supervision=1"],
            &["command line --set: finance[0]: is a table", "not an array"],
        ),
        (
            &["--set", "pension.rules[1].percent=3"],
            &[
                "command line --set: pension.rules[1].percent: unknown key; keys that exist here: from_year, rule, yuan_per_month",
            ],
        ),
        (
            &["--set", "fertility.age_pattern.10-14=50"],
            &[
                "fertility.age_pattern: expected positive rates only within ages 15-49, found them in 10-14",
            ],
        ),
    ];
    small_run_refused(REFUSED, &cases);
    // `check` reports the same, and passes a good value.
    let dir = tempfile::tempdir().unwrap();
    let small = scenario("small.toml");
    let check = ["check", small.to_str().unwrap()];
    refused(
        &[&check[..], &["--set", "finance.supervision=1.5"]].concat(),
        &["command line --set: finance.supervision: value 1.5 is out of range"],
        dir.path(),
    );
    ruralcare()
        .args(check)
        .args(["--set", "finance.supervision=0.5"])
        .assert()
        .success();
}

#[test]
fn every_shipped_scenario_passes_check() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    // The default job's, the package's parts and the schedule's example.
    let files: Vec<PathBuf> = ["", "package", "rollout"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(root.join(dir)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    assert!(files.len() >= 20, "{} shipped scenarios", files.len());
    ruralcare().arg("check").args(&files).assert().success();
}

/// A run that is not quiet ends with the final year's headline figures, each
/// scenario's beside its paired difference from the reference.
#[test]
fn a_comparison_ends_with_the_final_years_headline_figures() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("brief");
    let run = ruralcare()
        .arg("compare")
        .arg(scenario("small.toml"))
        .arg(scenario("small_out_x2.toml"))
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    // Not on a terminal, the progress bar is not drawn.
    assert!(run.get_output().stderr.is_empty(), "{:?}", run.get_output());
    let stdout = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    let brief: Vec<&str> = stdout
        .lines()
        .skip_while(|l| {
            !l.starts_with(
                "2026, means over 2 replications; in brackets the paired difference from small:",
            )
        })
        .collect();
    assert_eq!(brief.len(), 4, "{stdout}");
    assert!(
        brief[1].contains("Dependents with unmet need")
            && brief[1].contains("Public spending per elder")
    );
    assert!(brief[2].trim_start().starts_with("small ") && !brief[2].contains("pp)"));
    assert!(brief[3].trim_start().starts_with("small_out_x2 ") && brief[3].contains("pp)"));
    // The figures are the summary's: the reference's unmet-need share in the last year.
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    let unmet: f64 = summary
        .lines()
        .find(|l| l.starts_with("small,2026,unmet_need_share,"))
        .and_then(|l| l.split(',').nth(3))
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        brief[2].contains(&format!("{:.1}%", unmet * 100.0)),
        "{}",
        brief[2]
    );
}

/// With no command the shipped comparison runs (baseline first), taking the
/// run options as `compare` does; a command after them is refused.
#[test]
fn the_default_comparison_takes_the_run_options() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("default");
    ruralcare()
        .current_dir(root)
        .args(["--reps", "1", "--scale", "0.002", "--years", "1", "--quiet"])
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let manifest: toml::Table = std::fs::read_to_string(out.join("manifest.toml"))
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(manifest["run"]["command"].as_str(), Some("compare"));
    let resolved = manifest["resolved"].as_table().unwrap();
    let shipped = ruralcare::runner::shipped_scenarios(&root.join("scenarios")).unwrap();
    assert_eq!(resolved.len(), shipped.len());
    for (name, sc) in resolved {
        let run = &sc["run"];
        assert_eq!(run["replications"].as_integer(), Some(1), "{name}");
        assert_eq!(run["scale"].as_float(), Some(0.002), "{name}");
        assert_eq!(
            run["end_year"].as_integer(),
            Some(run["start_year"].as_integer().unwrap() + 1),
            "{name}"
        );
    }
    let rows = std::fs::read_to_string(out.join("indicators.csv")).unwrap();
    assert!(rows.lines().nth(1).unwrap().starts_with("baseline,"));
    assert!(out.join("deltas.csv").is_file() && out.join("cost_effectiveness.csv").is_file());
    ruralcare()
        .args(["--reps", "1", "run", "scenarios/baseline.toml"])
        .assert()
        .failure();
}

#[test]
fn print_plan_lists_the_year_in_order() {
    let text = succeeds(&["run", "--print-plan"]);
    let pos = |s: &str| {
        text.find(s)
            .unwrap_or_else(|| panic!("{s} missing from the plan"))
    };
    assert!(
        pos(" 0. policy schedule") < pos(" 1. mortality")
            && pos("mortality") < pos("births")
            && pos("births") < pos("out-migration")
            && pos("ageing") < pos("census")
    );
}

/// `params` lists each schedule entry's lever values after its year, and only
/// the levers the entry sets.
#[test]
fn params_lists_the_lever_values_of_each_schedule_entry() {
    let text = succeeds(&["params", scenario("phased.toml").to_str().unwrap()]);
    let rows: Vec<(&str, &str)> = text
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split(" | ").collect();
            let path = cells[0].strip_prefix("| `schedule[")?;
            Some((path.trim_end_matches('`'), cells[3]))
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("0].from_year", "2023"),
            ("0].ltc_insurance.coverage", "0.5"),
            ("0].awareness.outreach", "0.25"),
            ("1].from_year", "2025"),
            ("1].ltc_insurance.coverage", "1"),
        ]
    );
}

/// Runs `check` and `run` on a bad file: both are refused with the expected text, and no output folder appears.
fn rejects(file: &str, expected: &[&str]) {
    let path = scenario(file);
    let check = fails_with(REFUSED, ruralcare().args(["check", path.to_str().unwrap()]));
    let stderr = String::from_utf8(check.stderr).unwrap();
    for e in expected {
        assert!(stderr.contains(e), "{file}: expected {e:?} in:\n{stderr}");
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("never");
    let run = [
        "run",
        path.to_str().unwrap(),
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ];
    refused(&run, expected, dir.path());
}

#[test]
fn malformed_toml_names_file_line_and_column() {
    rejects(
        "bad_malformed.toml",
        &["bad_malformed.toml:3:", "malformed TOML"],
    );
}

#[test]
fn unknown_key_lists_the_keys_that_exist() {
    rejects(
        "bad_unknown_key.toml",
        &[
            "bad_unknown_key.toml:3:1: mortality.e0_mail: unknown key",
            "e0_male",
            "gompertz_slope",
        ],
    );
}

#[test]
fn wrong_type_says_what_was_expected() {
    rejects(
        "bad_wrong_type.toml",
        &[
            "bad_wrong_type.toml:3:1: fertility.tfr: expected a number in [0, 8] (births per woman), found a string (\"one\")",
        ],
    );
}

#[test]
fn probability_above_one_is_out_of_range() {
    rejects(
        "bad_probability.toml",
        &[
            "bad_probability.toml:3:1: migration.spouse_follows: value 1.3 is out of range; expected a number in [0, 1]",
        ],
    );
}

#[test]
fn negative_rate_is_out_of_range() {
    rejects(
        "bad_negative_rate.toml",
        &["migration.settle_rate: value -0.01 is out of range"],
    );
}

#[test]
fn overlapping_age_bands_are_rejected() {
    rejects(
        "bad_overlap.toml",
        &[
            "bad_overlap.toml:3:33: migration.return_rate: band \"35-49\" overlaps band \"20-39\"; expected bands that share no age",
        ],
    );
}

#[test]
fn missing_extends_target_is_named() {
    rejects(
        "bad_missing_extends.toml",
        &[
            "bad_missing_extends.toml:1:1: extends: extends \"no_such_baseline.toml\", but",
            "does not exist",
        ],
    );
}

#[test]
fn extends_cycle_is_shown() {
    rejects(
        "bad_cycle_a.toml",
        &[
            "extends forms a cycle",
            "bad_cycle_a.toml",
            "bad_cycle_b.toml",
        ],
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    rejects(
        "bad_many.toml",
        &[
            "colour: unknown key",
            "run.replications: value 0 is out of range; expected a whole number in [1, 10000]",
            "mortality.e0_male: value 300 is out of range",
            "facilities.mutual_aid_home_share: no_facility_share + mutual_aid_home_share = 1.2 exceeds 1",
            "4 problem(s)",
        ],
    );
}

/// A policy schedule's problems are each named at the entry's line, with
/// the levers that can be scheduled where one cannot.
#[test]
fn a_bad_policy_schedule_names_each_entry_and_the_levers_that_can_be_scheduled() {
    rejects(
        "bad_schedule.toml",
        &[
            "6 problem(s)",
            "bad_schedule.toml:6:1: schedule[0].from_year: a schedule entry from 2020, not after the start year 2020; expected a later year",
            "bad_schedule.toml:7:19: schedule[0].ltc_insurance.coverage: value 1.5 is out of range; expected a number in [0, 1]",
            "bad_schedule.toml:7:35: schedule[0].ltc_insurance.initial: cannot be scheduled (it is not read afresh each year, \
             or is not a lever); the levers a schedule can set: ltc_insurance.coverage,",
            "bad_schedule.toml:8:1: schedule[0].integration: unknown key; keys that exist here: attitudes, awareness, finance, \
             from_year, ltc_insurance, migration, services, subsidies, workforce",
            "bad_schedule.toml:15:1: schedule[2].from_year: a schedule entry from 2023 after one from 2024; expected the entries in order",
            "bad_schedule.toml:16:1: schedule[2].attitudes: expected a table of lever values, found an integer",
        ],
    );
}

/// A cross-field problem that a schedule entry causes (a return incentive
/// that takes the return rates above 1 from its year) is named at the entry's
/// lever, not at the table it is checked with.
#[test]
fn a_cross_field_problem_a_schedule_causes_is_named_at_the_entry() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_scenario(
        dir.path(),
        "incentive.toml",
        true,
        "[migration]\nreturn_rate = { \"20-39\" = 0.05, \"40-49\" = 0.05, \"50-59\" = 0.05, \"60+\" = 0.04 }\n\
         [[schedule]]\nfrom_year = 2022\nmigration = { return_incentive = 10 }\n",
    );
    check_says(
        &file,
        &[
            "1 problem(s)",
            "incentive.toml:6:15: schedule[0].migration.return_incentive: return_rate × (1 + return_incentive at its ages)",
        ],
    );
}

/// A later start year in a file extending one with a schedule is named in
/// that file, where the user set it (the entry itself passes on its own).
#[test]
fn a_start_year_after_an_extended_files_schedule_is_named_where_it_was_set() {
    let dir = tempfile::tempdir().unwrap();
    let phased = write_scenario(
        dir.path(),
        "phased.toml",
        true,
        "[[schedule]]\nfrom_year = 2025\nattitudes = { campaign_strength = 0.1 }\n",
    );
    succeeds(&["check", phased.to_str().unwrap()]);
    let later = dir.path().join("later.toml");
    std::fs::write(
        &later,
        "extends = \"phased.toml\"\n[run]\nstart_year = 2030\nend_year = 2035\n",
    )
    .unwrap();
    check_says(
        &later,
        &[
            "later.toml:3:1: run.start_year: a schedule entry from 2025, not after the start year 2030",
        ],
    );
}

/// The standard error of a `check` of `file` that is refused.
fn check_fails(file: &Path) -> String {
    let check = fails_with(REFUSED, ruralcare().args(["check", file.to_str().unwrap()]));
    String::from_utf8(check.stderr).unwrap()
}

/// A `check` of `file` is refused, and its standard error holds each of `expected`.
fn check_says(file: &Path, expected: &[&str]) {
    let stderr = check_fails(file);
    for e in expected {
        assert!(stderr.contains(e), "expected {e:?} in:\n{stderr}");
    }
}

/// An integer beyond 64 bits is refused at its key, with the file's other problems.
#[test]
fn an_integer_beyond_64_bits_is_reported_with_the_other_problems() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_scenario(
        dir.path(),
        "big.toml",
        true,
        "colour = 1\n[run]\nseed = 99999999999999999999\nreplications = 0\n[mortality]\ne0_male = 300\n",
    );
    check_says(
        &file,
        &[
            "4 problem(s)",
            "big.toml:2:1: colour: unknown key",
            "big.toml:4:1: run.seed: expected a whole number in [0, 9223372036854775807] (integer), \
             found an integer beyond 64 bits (99999999999999999999)",
            "big.toml:5:1: run.replications: value 0 is out of range",
            "big.toml:7:1: mortality.e0_male: value 300 is out of range",
        ],
    );
}

/// A file whose name gives no usable scenario name (`..toml` names '.', which
/// as a default output folder would be `output/` itself) is refused.
#[test]
fn a_file_name_that_cannot_name_an_output_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_scenario(dir.path(), "..toml", true, "");
    check_says(
        &file,
        &[
            "..toml:1:1: the file's name gives the scenario the name '.', which cannot name its \
           output folder; expected a name such as baseline.toml",
        ],
    );
}

/// An empty table in a file that extends another is refused as from `--set`:
/// tables merge key by key, so it would change nothing.
#[test]
fn an_empty_table_in_an_extending_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_scenario(
        dir.path(),
        "empty.toml",
        true,
        "[economy]\ncpi = { percent = 3.0, by_year = {} }\n[care.need_hours]\n",
    );
    let stderr = check_fails(&file);
    let why = "an empty table changes nothing: tables merge key by key, and the keys (or years) \
               already there stay; expected the keys to set";
    let want = format!(
        "2 problem(s) in the scenarios:\n  {0}:3:24: economy.cpi.by_year: {why}\n  \
         {0}:4:7: care.need_hours: {why}\n",
        file.display()
    );
    assert!(stderr.ends_with(&want), "{stderr}");
}

/// The command line's problems and the files' are reported together, a
/// problem the command line makes with every file once.
#[test]
fn the_command_line_and_the_files_are_checked_together() {
    let (many, small) = (scenario("bad_many.toml"), scenario("small.toml"));
    let check = ruralcare()
        .args(["check", many.to_str().unwrap(), small.to_str().unwrap()])
        .args(["--set", "finance.supervision=1.5"])
        .assert()
        .failure();
    let stderr = String::from_utf8(check.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("5 problem(s)"), "{stderr}");
    assert!(
        stderr.contains("mortality.e0_male: value 300 is out of range"),
        "{stderr}"
    );
    assert_eq!(
        stderr
            .matches("command line --set: finance.supervision")
            .count(),
        1,
        "{stderr}"
    );
    // A problem the command line makes with every file it changes names none,
    // though a file that cannot be read at all is not changed by it.
    let malformed = scenario("bad_malformed.toml");
    let check = ruralcare()
        .args([
            "check",
            malformed.to_str().unwrap(),
            small.to_str().unwrap(),
        ])
        .args(["--set", "finance.supervision=1.5"])
        .assert()
        .failure();
    let stderr = String::from_utf8(check.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("malformed TOML"), "{stderr}");
    assert!(
        stderr.contains("finance.supervision: value 1.5 is out of range")
            && !stderr.contains("(with "),
        "{stderr}"
    );
    // A sweep of a file with problems reports its variants' problems too.
    let sweep = ruralcare()
        .args(["sweep", many.to_str().unwrap(), "--quiet"])
        .args(["--vary", "migration.spouse_follows=2"])
        .assert()
        .failure();
    let stderr = String::from_utf8(sweep.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("mortality.e0_male: value 300"), "{stderr}");
    assert!(
        stderr.contains("command line --vary: migration.spouse_follows: value 2 is out of range"),
        "{stderr}"
    );
    // A problem every variant shares is listed once.
    let small = common::scenario("small.toml");
    let sweep = ruralcare()
        .args(["sweep", small.to_str().unwrap(), "--quiet"])
        .args(["--vary", "nosuch=1,2"])
        .assert()
        .failure();
    let stderr = String::from_utf8(sweep.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.matches("nosuch: unknown key").count(), 1, "{stderr}");
    assert!(stderr.contains("1 problem(s)"), "{stderr}");
}

#[test]
fn a_cross_check_is_reported_at_the_key_the_file_sets() {
    rejects(
        "bad_cross_check.toml",
        &[
            "bad_cross_check.toml:5:1: partnership.age_gap_mean: expected age_gap_min ≤ age_gap_mean ≤ age_gap_max, found -3 ≤ -10 ≤ 12",
            "bad_cross_check.toml:7:1: care.mutual_aid.max_age: min_age 60 is above max_age 50",
            // A sum as written, without binary noise (0.9000000000000001).
            "bad_cross_check.toml:9:1: finance.shares.collective: the four shares sum to 0.9; expected 1",
            "bad_cross_check.toml:11:1: fertility.tfr: expected tfr ≥ tfr_min (the floor bounds the trend, not the start year), found 0.3 < 0.5",
            "4 problem(s)",
        ],
    );
}

#[test]
fn a_bad_value_raises_no_second_problem_from_its_stand_in() {
    rejects(
        "bad_stand_in.toml",
        &[
            "run.start_year: value 1900 is out of range",
            "finance.shares.government: value 1.5 is out of range",
            "2 problem(s)",
        ],
    );
    // An override past the last year: one problem, not also "before start_year".
    let run = ruralcare()
        .args(["run", scenario("small.toml").to_str().unwrap()])
        .args(["--years", "500", "--quiet", "--out", "/nonexistent/never"])
        .assert()
        .failure();
    let stderr = String::from_utf8(run.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("1 problem(s)"), "{stderr}");
    assert!(stderr.contains("run.end_year: value"), "{stderr}");
}

#[test]
fn an_output_folder_that_is_not_an_earlier_output_is_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let papers = dir.path().join("papers");
    std::fs::create_dir(&papers).unwrap();
    std::fs::write(papers.join("draft.tex"), "keep").unwrap();
    let run = ruralcare()
        .args(["run", scenario("small.toml").to_str().unwrap(), "--quiet"])
        .args(["--out", papers.to_str().unwrap()])
        .assert()
        .failure();
    let stderr = String::from_utf8(run.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("is not an output folder"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(papers.join("draft.tex")).unwrap(),
        "keep"
    );
    assert_eq!(std::fs::read_dir(&papers).unwrap().count(), 1);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "nothing beside it"
    );
}

/// An output folder that cannot be made is refused before any county-year is
/// simulated: the command says so and prints nothing else, and the run it
/// makes counts no county-year on its progress.
#[test]
fn an_unwritable_output_folder_fails_before_simulating() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let out = blocker.join("sub");
    let small = scenario("small.toml");
    let run = fails_with(
        REFUSED,
        ruralcare().args([
            "run",
            small.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]),
    );
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert!(
        stderr.contains("file, which is not a folder; choose another output folder"),
        "{stderr}"
    );
    let stdout = String::from_utf8(run.stdout).unwrap();
    assert!(stdout.is_empty(), "{stdout}");
    let sc = ruralcare::scenario::load(&small, &Default::default()).unwrap();
    let ticks = std::sync::atomic::AtomicUsize::new(0);
    let tick = || {
        ticks.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    };
    let failed =
        ruralcare::runner::run_to_folder(vec![sc], &out, ruralcare::runner::Job::Run, &tick);
    let e = failed.expect_err("an output folder inside a file");
    assert!(format!("{e:#}").contains("which is not a folder"), "{e:#}");
    assert_eq!(
        ticks.into_inner(),
        0,
        "county-years simulated before failing"
    );
}

#[test]
fn bad_pension_rules_name_the_rule_block_and_what_exists() {
    rejects(
        "bad_pension_rule.toml",
        &[
            "bad_pension_rule.toml:12:1: pension.rules[1].rule: \"wage_indexed\" is not allowed; expected one of \"schedule\", \"fixed_amount\", \"percent\", \"cpi_indexed\", \"income_indexed\", \"floor\"",
            "bad_pension_rule.toml:15:1: pension.rules[2].from_year: from_year 2025 is not after the previous rule's 2030",
            "bad_pension_rule.toml:14:1: pension.rules[2].percent: missing key",
        ],
    );
}

/// Starts `ruralcare run <scenario> --quiet <args> --out <out>` and returns
/// once its temporary folder has appeared beside `out` (the interrupt
/// handler is in place by then).
#[cfg(unix)]
fn start_run(scenario: &Path, args: &[&str], out: &Path) -> std::process::Child {
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("ruralcare"))
        .arg("run")
        .arg(scenario)
        .arg("--quiet")
        .args(args)
        .arg("--out")
        .arg(out)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let parent = out.parent().unwrap();
    let start = std::time::Instant::now();
    // The parent may not exist yet: the run makes it.
    while std::fs::read_dir(parent).map_or(0, Iterator::count) == 0 {
        assert!(
            start.elapsed().as_secs() < 30,
            "no temporary folder appeared"
        );
        std::thread::sleep(std::time::Duration::from_micros(200));
    }
    child
}

/// Ctrl-C (SIGINT) to `child`; false if it had ended already.
#[cfg(unix)]
fn interrupt(child: &std::process::Child) -> bool {
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap()
        .success()
}

/// Ctrl-C during a run: the folder being written is removed, and the folders
/// made above it for it, nothing appears.
#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("new/deeper/baseline");
    let baseline = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml");
    // The run takes seconds.
    let child = start_run(&baseline, &["--threads", "1"], &out);
    assert!(interrupt(&child));
    let done = child.wait_with_output().unwrap();
    assert_eq!(done.status.code(), Some(130), "{done:?}");
    assert!(String::from_utf8_lossy(&done.stderr).contains("the unfinished output was removed"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

/// The output folder holds every file a run writes.
#[cfg(unix)]
fn whole(out: &Path) -> bool {
    RUN_FILES.iter().all(|f| out.join(f).is_file())
        && out.join("report.html").is_file()
        && out.join("charts").is_dir()
}

/// Ctrl-C at any moment of a short run, writing included: the run either
/// finished (status 0, the whole folder) or was interrupted (status 130,
/// nothing at all, or the whole folder, said so, if the interrupt came after
/// it was in place) — never a part of the folder,
/// nor an error of its own from files removed under it.
#[cfg(unix)]
#[test]
fn an_interrupt_at_any_moment_leaves_the_whole_output_or_nothing() {
    let mut interrupted = 0;
    for delay_ms in (0..=160).step_by(8) {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("small");
        let child = start_run(&scenario("small.toml"), &[], &out);
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        // The run may be over already: then the signal finds no process.
        interrupt(&child);
        let done = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&done.stderr);
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        match done.status.code() {
            Some(130) => {
                interrupted += 1;
                assert!(stderr.contains("Interrupted"), "{delay_ms} ms: {stderr}");
                if !left.is_empty() {
                    assert_eq!(left, ["small"], "{delay_ms} ms");
                    assert!(
                        stderr.contains("written in full"),
                        "{delay_ms} ms: {stderr}"
                    );
                    assert!(whole(&out), "{delay_ms} ms: a part of the folder left");
                }
            }
            Some(0) => {
                assert_eq!(left, ["small"], "{delay_ms} ms");
                assert!(whole(&out), "{delay_ms} ms");
            }
            other => panic!("{delay_ms} ms: status {other:?}: {stderr}"),
        }
    }
    assert!(interrupted > 0, "no run was interrupted");
}

/// The shipped baseline, for files written by a test that extend it.
fn shipped_baseline() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml")
}

/// Writes `text` to `name` in `dir`, with `extends` naming the shipped baseline
/// when `extend` is set.
fn write_scenario(dir: &Path, name: &str, extend: bool, text: &str) -> PathBuf {
    let path = dir.join(name);
    let head = if extend {
        format!("extends = {:?}\n", shipped_baseline().to_str().unwrap())
    } else {
        String::new()
    };
    std::fs::write(&path, format!("{head}{text}")).unwrap();
    path
}

/// A cross-field problem is reported where the user set one of its values:
/// an earlier start year in a file that extends the baseline is named in that
/// file, not at the baseline's first pension rule.
#[test]
fn a_cross_field_problem_points_at_the_key_set_in_the_users_file() {
    let dir = tempfile::tempdir().unwrap();
    let early = write_scenario(dir.path(), "early.toml", true, "[run]\nstart_year = 2010\n");
    let check = ruralcare()
        .args(["check", early.to_str().unwrap()])
        .assert()
        .failure();
    let stderr = String::from_utf8(check.get_output().stderr.clone()).unwrap();
    let want = format!(
        "1 problem(s) in the scenarios:\n  {}:3:1: run.start_year: the first rule starts in 2020, \
         after run.start_year 2010; expected a from_year at or before 2010\n",
        early.display()
    );
    assert!(stderr.ends_with(&want), "{stderr}");
}

/// A comparison whose `[run]` differs from the reference's names each
/// differing key, both values and where each was set.
#[test]
fn a_comparison_refused_for_its_run_names_each_differing_key() {
    let dir = tempfile::tempdir().unwrap();
    let small = scenario("small.toml");
    let extend = format!("extends = {:?}\n[run]\n", small.to_str().unwrap());
    let reference = dir.path().join("reference.toml");
    std::fs::write(&reference, format!("{extend}seed = 5\n")).unwrap();
    let other = dir.path().join("other.toml");
    std::fs::write(&other, format!("{extend}replications = 3\nseed = 7\n")).unwrap();
    let out = dir.path().join("out");
    let compare = ruralcare()
        .args([
            "compare",
            reference.to_str().unwrap(),
            other.to_str().unwrap(),
        ])
        .args(["--quiet", "--out", out.to_str().unwrap()])
        .assert()
        .failure();
    let stderr = String::from_utf8(compare.get_output().stderr.clone()).unwrap();
    let want = format!(
        "set them in both files or on the command line:\n  \
         run.seed: 7 ({other}:4:1), the reference 5 ({reference}:3:1)\n  \
         run.replications: 3 ({other}:3:1), the reference 2 ({small}:7:1)\n",
        other = other.display(),
        reference = reference.display(),
        small = small.display(),
    );
    assert!(stderr.ends_with(&want), "{stderr}");
    assert!(!out.exists());
}

/// Output to a reader that has gone (a pipe closed before anything is
/// written) ends each command quietly with status 141, as a process ended by
/// a closed pipe reports, and leaves what it wrote in place.
#[test]
fn a_closed_pipe_ends_a_command_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let small = scenario("small.toml");
    let small = small.to_str().unwrap();
    let out = dir.path().join("out");
    let out = out.to_str().unwrap();
    let commands: [&[&str]; 5] = [
        &["check", small],
        &["params", small],
        &["run", small, "--out", out],
        &["plot", out],
        &["reproduce", out],
    ];
    for args in commands {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let ended = std::process::Command::new(assert_cmd::cargo::cargo_bin("ruralcare"))
            .args(args)
            .stdout(writer)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&ended.stderr);
        assert_eq!(ended.status.code(), Some(141), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
    assert!(Path::new(out).join("report.html").is_file());
    assert!(
        Path::new(&format!("{out}-reproduced"))
            .join("manifest.toml")
            .is_file()
    );
}

/// A problem of a file that others extend is reported once, not once per
/// file checked.
#[test]
fn a_problem_of_an_extended_file_is_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    let base = write_scenario(dir.path(), "base.toml", true, "[run]\nsede = 1\n");
    let mut args = vec!["check".to_string(), base.display().to_string()];
    for name in ["a.toml", "b.toml"] {
        let file = write_scenario(dir.path(), name, false, "extends = \"base.toml\"\n");
        args.push(file.display().to_string());
    }
    let check = ruralcare().args(&args).assert().failure();
    let stderr = String::from_utf8(check.get_output().stderr.clone()).unwrap();
    let want = format!(
        "Error: 1 problem(s) in the scenarios:\n  {}:3:1: run.sede: unknown key; \
         keys that exist here: discount_rate, end_year, max_county_persons, replications, scale, seed, start_year\n",
        base.display()
    );
    assert_eq!(stderr, want);
}

/// A life expectancy the mortality schedule cannot have is refused, naming
/// the keys, the year and the value, rather than clamped to the nearest.
#[test]
fn an_unreachable_life_expectancy_is_refused_with_its_year_and_value() {
    let cases: [(&[&str], &[&str]); 2] = [
        (
            &["--set", "mortality.makeham=0.01"],
            &[
                "command line --set: mortality.makeham: life expectancy at birth of men cannot be reached: \
                 mortality.e0_male 73.5 in 2020",
                "with makeham 0.01",
                "lies between",
            ],
        ),
        // Within the range of life expectancies, beyond what this makeham allows.
        (
            &[
                "--set",
                "mortality.makeham=0.004",
                "--set",
                "mortality.e0_gain_per_year=0.5",
                "--years",
                "30",
            ],
            &[
                "command line --set: mortality.e0_gain_per_year: life expectancy at birth of women \
                 cannot be reached: mortality.e0_female 79 + e0_gain_per_year 0.5 × 21 years gives \
                 89.5 in 2041",
                "1 problem(s)",
            ],
        ),
    ];
    small_run_refused(REFUSED, &cases);
}

/// Life expectancy trended to the last year is held to the start year's range,
/// for each sex that leaves it, and is not also called unreachable.
#[test]
fn a_trended_life_expectancy_stays_in_range_to_the_last_year() {
    let cases: [(&[&str], &[&str]); 2] = [
        (
            &["--set", "run.end_year=2200"],
            &[
                "1 problem(s)",
                "command line --set: run.end_year: e0_male 73.5 + e0_gain_per_year 0.2 × 180 years \
                 gives 109.5, and e0_female 79 + e0_gain_per_year 0.2 × 180 years gives 115 in 2200; \
                 expected a life expectancy in [40, 95] (years) in every simulated year (a smaller \
                 gain or an earlier run.end_year)",
            ],
        ),
        (
            &["--set", "mortality.e0_gain_per_year=-1", "--years", "80"],
            &[
                "1 problem(s)",
                "command line --set: mortality.e0_gain_per_year: e0_male 73.5 + e0_gain_per_year -1 × \
                 80 years gives -6.5, and e0_female 79 + e0_gain_per_year -1 × 80 years gives -1 in \
                 2100; expected a life expectancy in [40, 95] (years)",
            ],
        ),
    ];
    small_run_refused(REFUSED, &cases);
}

/// A TFR trended beyond its range, and an age pattern whose largest rate a
/// year exceeds 1 (a birth probability cut to 1 unseen), are refused.
#[test]
fn birth_rates_above_one_and_a_tfr_trended_out_of_range_are_refused() {
    let cases: [(&[&str], &[&str]); 2] = [
        (
            &[
                "--set",
                "fertility.tfr=7.5",
                "--set",
                "fertility.tfr_change_per_year=0.1",
            ],
            &[
                "command line --set: fertility.tfr: tfr 7.5 + tfr_change_per_year 0.1 × 6 years \
                 gives 8.1 in 2026; expected a TFR in [0, 8] (births per woman) in every simulated \
                 year",
                "1 problem(s)",
            ],
        ),
        (
            &[
                "--set",
                "fertility.age_pattern={\"25\"=100}",
                "--set",
                "fertility.tfr=8",
            ],
            &[
                "command line --set: fertility.age_pattern: age_pattern scaled to a TFR of 8 (2021) \
                 gives women aged 25 a rate of 8 births a year; a partnered woman's yearly birth \
                 probability is her age's rate divided by the partnered share of her five-year \
                 band, known only as the run goes and at most 1, so it would be at least 8 and be \
                 cut to 1; expected a largest rate of at most 1",
            ],
        ),
    ];
    small_run_refused(REFUSED, &cases);
    // A rate of 1 at the one age is the most the check can refuse at load.
    ruralcare()
        .args(["check", scenario("small.toml").to_str().unwrap()])
        .args([
            "--set",
            "fertility.age_pattern={\"25\"=100}",
            "--set",
            "fertility.tfr=1",
        ])
        .assert()
        .success();
}

/// A build-out that builds outside the simulated years, or from the start
/// year (when it does not run), is refused; a plan that builds nothing is not,
/// nor any plan of a run of the start year alone.
#[test]
fn a_build_out_plan_must_fall_in_the_simulated_years() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let three_tier = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/three_tier.toml");
    refused(
        &[
            "check",
            three_tier.to_str().unwrap(),
            "--set",
            "run.start_year=2030",
        ],
        &[
            "command line --set: run.start_year: the plan builds in 2021–2030, but the simulated \
             years are 2031–2050 (the build-out runs from the first simulated year, \
             run.start_year + 1, to run.end_year); expected a plan whose years overlap them, or \
             none built",
        ],
        &out,
    );
    refused(
        &[
            "check",
            scenario("small.toml").to_str().unwrap(),
            "--set",
            "facilities.plan.from_year=2020",
            "--set",
            "facilities.plan.care_points=0.1",
        ],
        &[
            "command line --set: facilities.plan.from_year: from_year 2020 is not after \
             run.start_year 2020: building starts in the first simulated year, 2021; expected a \
             from_year of 2021 or later",
        ],
        &out,
    );
    let plan = "[facilities.plan]\nfrom_year = 1960\nto_year = 1970\n";
    let old = write_scenario(
        dir.path(),
        "old.toml",
        true,
        &format!("{plan}stations = 0.1\n"),
    );
    let stderr = check_fails(&old);
    assert!(
        stderr.contains(&format!(
            "1 problem(s) in the scenarios:\n  {}:3:1: facilities.plan.from_year: the plan builds \
             in 1960–1970, but the simulated years are 2021–2050",
            old.display()
        )),
        "{stderr}"
    );
    let idle = write_scenario(dir.path(), "idle.toml", true, plan);
    ruralcare()
        .args(["check", idle.to_str().unwrap()])
        .assert()
        .success();
    // A run of the start year alone simulates no year of any plan.
    let start = dir.path().join("start");
    ruralcare()
        .args([
            "run",
            scenario("small.toml").to_str().unwrap(),
            "--years",
            "0",
        ])
        .args([
            "--set",
            "facilities.plan.care_points=0.1",
            "--quiet",
            "--out",
        ])
        .arg(&start)
        .assert()
        .success();
}

/// Ranges that would admit nonsense: no mortality in integrated townships,
/// as many at 110 as at 90, young adults whose youngest age is above their oldest.
#[test]
fn multipliers_and_ages_out_of_their_sensible_ranges_are_refused() {
    let cases: [(&[&str], &[&str]); 3] = [
        (
            &["--set", "integration.medical_mortality_multiplier=0"],
            &[
                "command line --set: integration.medical_mortality_multiplier: value 0 is out of \
                 range; expected a number in [0.1, 2] (× hazard)",
            ],
        ),
        (
            &["--set", "population.open_band_decline=1"],
            &[
                "command line --set: population.open_band_decline: value 1 is out of range; \
                 expected a number in [0.5, 0.9] (ratio per year of age)",
            ],
        ),
        (
            &[
                "--set",
                "census.viable_young_min_age=50",
                "--set",
                "census.viable_young_max_age=30",
            ],
            &[
                "command line --set: census.viable_young_min_age: viable_young_min_age 50 is above \
                 viable_young_max_age 30; expected a youngest age at most the oldest",
            ],
        ),
    ];
    small_run_refused(REFUSED, &cases);
}

/// Pairs and sums that would make a lever do nothing or reverse are refused.
#[test]
fn cross_checks_of_ages_attrition_and_prevalence_refuse_what_cannot_work() {
    let dir = tempfile::tempdir().unwrap();
    let small = scenario("small.toml");
    let base = ["check", small.to_str().unwrap()];
    let cases: [(&[&str], &[&str]); 4] = [
        (
            &[
                "--set",
                "migration.return_incentive_min_age=110",
                "--set",
                "migration.return_incentive_max_age=15",
            ],
            &[
                "command line --set: migration.return_incentive_min_age: return_incentive_min_age 110 is above return_incentive_max_age 15",
            ],
        ),
        (
            &["--set", "workforce.attrition_floor=0.5"],
            &[
                "command line --set: workforce.attrition_floor: attrition_floor 0.5 is above attrition_at_reference_gap 0.2",
            ],
        ),
        (
            &[
                "--set",
                "health.prevalence.frail={ \"60-69\" = 0.9, \"70-79\" = 0.2, \"80+\" = 0.25 }",
                "--set",
                "health.prevalence.disabled={ \"60-69\" = 0.9, \"70-79\" = 0.08, \"80+\" = 0.15 }",
                "--set",
                "health.prevalence.severe={ \"60-69\" = 0.9, \"70-79\" = 0.035, \"80+\" = 0.12 }",
            ],
            &[
                "command line --set: health.prevalence.frail: at ages 60-69 (frail \"60-69\" 0.9 + disabled \"60-69\" 0.9 + severe \"60-69\" 0.9 = 2.7); expected frail + disabled + severe of at most 1 at every age",
                "1 problem(s)",
            ],
        ),
        (
            &["--set", "household.single_with_parents_to_age=15"],
            &[
                "command line --set: household.single_with_parents_to_age: single_with_parents_to_age + 1 = 16 is below adult_age 18 or child_age 15",
            ],
        ),
    ];
    for (args, expected) in cases {
        refused(&[&base[..], args].concat(), expected, dir.path());
    }
}

/// Region sizes out of order, and a population too large to hold, are refused
/// before the run starts, naming the keys and their values.
#[test]
fn region_sizes_out_of_order_and_too_many_persons_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let small = scenario("small.toml");
    let out = dir.path().join("out");
    let base = [
        "run",
        small.to_str().unwrap(),
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ];
    let cases: [(&[&str], &[&str]); 2] = [
        (
            &[
                "--set",
                "region.counties=10000",
                "--set",
                "region.townships=1",
                "--set",
                "region.villages=1",
            ],
            &[
                "1 problem(s)",
                "command line --set: region.counties: expected counties ≤ townships ≤ villages \
                 (each county holds at least one township, each township a village), found 10000 ≤ 1 ≤ 1",
            ],
        ),
        (
            &[
                "--set",
                "region.villages=1000000",
                "--set",
                "region.village_registered_mean=100",
                "--set",
                "run.scale=1",
            ],
            &[
                "1 problem(s)",
                "command line --set: region.villages: region.villages 1000000 × \
                 region.village_registered_mean 100 × run.scale 1 builds about 100 million registered \
                 persons, more than the 20 million a run may build (at about 100 bytes each they \
                 would need 10 GB of memory); expected fewer villages, smaller ones or a smaller scale",
            ],
        ),
    ];
    for (args, expected) in cases {
        refused(&[&base[..], args].concat(), expected, dir.path());
    }
}

/// A missing section is reported as missing, and raises no cross-check of
/// the values it would have held; a table only the command line made (`--reps`
/// into a file without [run]) is missing its keys in the file.
#[test]
fn missing_sections_are_reported_as_missing_keys_only_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(shipped_baseline()).unwrap();
    let mut kept = Vec::new();
    let mut skip = false;
    for line in text.lines() {
        if let Some(name) = line.strip_prefix('[') {
            let name = name.trim_start_matches('[');
            skip = ["partnership]", "partnership.", "finance]", "finance."]
                .iter()
                .any(|p| name.starts_with(p));
        }
        if !skip {
            kept.push(line);
        }
    }
    let file = write_scenario(dir.path(), "sections.toml", false, &kept.join("\n"));
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let run = ruralcare()
        .args(["check", file.to_str().unwrap()])
        .assert()
        .failure();
    let stderr = String::from_utf8(run.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("2 problem(s)")
            && stderr.contains("sections.toml:1:1: partnership: missing key; expected a table")
            && stderr.contains("sections.toml:1:1: finance: missing key; expected a table"),
        "{stderr}"
    );
    let empty = write_scenario(dir.path(), "empty.toml", false, "");
    let never = out.join("never");
    let args = [
        "run",
        empty.to_str().unwrap(),
        "--reps",
        "1",
        "--out",
        never.to_str().unwrap(),
    ];
    refused(
        &args,
        &["empty.toml:1:1: run.start_year: missing key"],
        &out,
    );
    let stderr = ruralcare()
        .args(args)
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    let stderr = String::from_utf8(stderr).unwrap();
    for wrong in ["command line --reps: run.start_year", "sum to", "≤"] {
        assert!(!stderr.contains(wrong), "{wrong:?} in:\n{stderr}");
    }
}

/// Problems are reported where they are: a directory named by `extends` (or
/// none), the first byte that is not UTF-8, a `--vary` value, and a mistyped
/// band label of an override (not the extended file's bands).
#[test]
fn problems_name_the_place_they_are_at() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let check = |file: &Path, expected: &[&str], not: &[&str]| {
        let run = ruralcare()
            .args(["check", file.to_str().unwrap()])
            .assert()
            .failure();
        let stderr = String::from_utf8(run.get_output().stderr.clone()).unwrap();
        for e in expected {
            assert!(stderr.contains(e), "expected {e:?} in:\n{stderr}");
        }
        for n in not {
            assert!(!stderr.contains(n), "{n:?} in:\n{stderr}");
        }
    };
    let to_dir = write_scenario(dir.path(), "to_dir.toml", false, "extends = \"out\"\n");
    check(
        &to_dir,
        &[
            "to_dir.toml:1:1: extends: extends \"out\", but",
            "is a directory",
        ],
        &["does not exist"],
    );
    for empty in ["", " "] {
        let file = write_scenario(
            dir.path(),
            "empty.toml",
            false,
            &format!("extends = {empty:?}\n"),
        );
        check(
            &file,
            &[&format!(
                "empty.toml:1:1: extends: extends {empty:?} names no file; expected the name of \
                 the scenario file it extends, such as \"baseline.toml\"\n"
            )],
            &["does not exist", "is a directory"],
        );
    }
    let latin = dir.path().join("latin.toml");
    std::fs::write(&latin, b"description = \"ok\"\n[run]\nname = \"caf\xe9\"\n").unwrap();
    check(
        &latin,
        &["latin.toml:3:12: is not UTF-8 text: byte 0xe9"],
        &[],
    );
    let bands = write_scenario(
        dir.path(),
        "bands.toml",
        true,
        "[migration]\nout_rate = { \"0-49+\" = 0.1, \"45+\" = 0.01 }\n",
    );
    check(
        &bands,
        &[
            "bands.toml:3:14: migration.out_rate.\"0-49+\": band \"0-49+\" is not of the form",
            "1 problem(s)",
        ],
        &["baseline.toml"],
    );
    let never = out.join("never");
    refused(
        &[
            "sweep",
            scenario("small.toml").to_str().unwrap(),
            "--vary",
            "mortality.makeham=0.5",
            "--out",
            never.to_str().unwrap(),
        ],
        &["command line --vary: mortality.makeham: value 0.5 is out of range"],
        &out,
    );
}

/// `compare` with one scenario, and the default comparison when scenarios/
/// holds only the baseline, write the run's files and leave out the tables
/// that set scenarios against the first, saying so.
#[test]
fn a_comparison_of_one_scenario_is_written_as_a_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("one");
    let run = ruralcare()
        .args([
            "compare",
            scenario("small.toml").to_str().unwrap(),
            "--quiet",
        ])
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let stderr = String::from_utf8(run.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("one scenario only"), "{stderr}");
    for f in RUN_FILES.iter().chain(&["report.html"]) {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    assert!(!out.join("deltas.csv").exists() && !out.join("cost_effectiveness.csv").exists());
    let project = tempfile::tempdir().unwrap();
    std::fs::create_dir(project.path().join("scenarios")).unwrap();
    std::fs::copy(
        shipped_baseline(),
        project.path().join("scenarios/baseline.toml"),
    )
    .unwrap();
    ruralcare()
        .current_dir(project.path())
        .args(["--reps", "1", "--scale", "0.002", "--years", "1", "--quiet"])
        .assert()
        .success();
    let default = project.path().join("output/compare");
    assert!(default.join("summary.csv").is_file() && !default.join("deltas.csv").exists());
}

/// `fit-health` on a prevalence table with a state empty at every age fails
/// with the reason instead of printing NaN as TOML.
#[test]
fn fit_health_refuses_a_state_empty_at_every_age() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_scenario(
        dir.path(),
        "no_frail.toml",
        true,
        "[health.prevalence]\nfrail = { \"0+\" = 0 }\n",
    );
    let run = ruralcare()
        .args(["fit-health", file.to_str().unwrap()])
        .assert()
        .failure();
    let out = run.get_output();
    let stderr = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(
        stderr.contains(
            "no_frail.toml: cannot fit [health.transitions] disabled_intercept, disabled_slope and disabled_curvature"
        ) && stderr.contains("health.prevalence.frail is 0 at every age"),
        "{stderr}"
    );
    assert!(
        !String::from_utf8(out.stdout.clone())
            .unwrap()
            .contains("NaN")
    );
}

/// Cross-checks of an ordered pair of values refuse the pair given the wrong way round.
#[test]
fn pairs_given_the_wrong_way_round_are_refused() {
    small_run_refused(
        REFUSED,
        &[
            (
                &[
                    "--set",
                    "workforce.recruit_min_age=50",
                    "--set",
                    "workforce.recruit_max_age=30",
                ],
                &["recruit_max_age 30 is below recruit_min_age 50"],
            ),
            (
                &[
                    "--set",
                    "facilities.plan.from_year=2028",
                    "--set",
                    "facilities.plan.to_year=2022",
                ],
                &["to_year 2022 is before from_year 2028"],
            ),
        ],
    );
}
