//! Runs `compare`, `sweep`, `plot` and `animate` on small scenarios in tests/scenarios:
//! paired differences in deltas.csv, common random numbers, the charts and report,
//! re-plotting, and the teaching animations.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{PARSER, REFUSED, refused, refused_with, ruralcare, scenario, succeeds};
use ruralcare::sim::{self, Model};

mod common;

/// Runs `ruralcare <args…> --out <out>` successfully and returns its standard output.
fn run_ok(args: &[&str], out: &Path) -> String {
    succeeds(&[args, &["--out", out.to_str().unwrap()]].concat())
}

/// Compares scenario files of tests/scenarios into `out`; returns standard output.
fn compare(files: &[&str], extra: &[&str], out: &Path) -> String {
    let paths: Vec<String> = files
        .iter()
        .map(|f| scenario(f).to_str().unwrap().to_string())
        .collect();
    let mut args = vec!["compare"];
    args.extend(paths.iter().map(String::as_str));
    args.extend(extra);
    run_ok(&args, out)
}

/// A CSV file as rows of named fields.
fn rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            header
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn number(row: &BTreeMap<String, String>, column: &str) -> f64 {
    row[column]
        .parse()
        .unwrap_or_else(|_| panic!("{column}: {:?}", row[column]))
}

/// The row of deltas.csv for a scenario, year and indicator.
fn delta<'a>(
    deltas: &'a [BTreeMap<String, String>],
    scenario: &str,
    year: &str,
    indicator: &str,
) -> &'a BTreeMap<String, String> {
    deltas
        .iter()
        .find(|r| r["scenario"] == scenario && r["year"] == year && r["indicator"] == indicator)
        .unwrap_or_else(|| panic!("no delta for {scenario} {year} {indicator}"))
}

/// The mean of summary.csv for a scenario, year and indicator.
fn summary_mean(
    summary: &[BTreeMap<String, String>],
    scenario: &str,
    year: &str,
    indicator: &str,
) -> f64 {
    let row = summary
        .iter()
        .find(|r| r["scenario"] == scenario && r["year"] == year && r["indicator"] == indicator)
        .unwrap_or_else(|| panic!("no summary for {scenario} {year} {indicator}"));
    number(row, "mean")
}

/// Whether `text` names `name` whole: not as part of a longer name such as
/// `small_out_x2` for `small`.
fn names_whole(text: &str, name: &str) -> bool {
    let part = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(name).any(|(at, _)| {
        !text[..at].chars().next_back().is_some_and(part)
            && !text[at + name.len()..].chars().next().is_some_and(part)
    })
}

/// Percentile `q` of values, interpolated between order statistics as summary.csv does.
fn percentile(values: &[f64], q: f64) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let h = q * (v.len() - 1) as f64;
    let (lo, hi) = (
        h.floor() as usize,
        (h.floor() as usize + 1).min(v.len() - 1),
    );
    v[lo] + (h - h.floor()) * (v[hi] - v[lo])
}

fn standard_deviation(values: &[f64]) -> f64 {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    (values.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
}

#[test]
fn a_scenario_compared_with_itself_differs_by_exactly_zero() {
    assert_eq!(
        std::fs::read(scenario("small.toml")).unwrap(),
        std::fs::read(scenario("small_copy.toml")).unwrap(),
        "small_copy.toml must stay a byte copy of small.toml"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("self");
    compare(&["small.toml", "small_copy.toml"], &["--quiet"], &out);
    let deltas = rows(&out.join("deltas.csv"));
    let indicators = rows(&out.join("summary.csv")).len() / 2;
    assert_eq!(
        deltas.len(),
        2 * indicators,
        "a row per scenario, year and indicator"
    );
    assert!(deltas.iter().any(|r| r["scenario"] == "small_copy"));
    for r in &deltas {
        assert_eq!(r["reference"], "small");
        // A ratio defined in one replication only has no range.
        let columns = if r["p05"].is_empty() && r["p95"].is_empty() {
            &["mean_diff"][..]
        } else {
            &["mean_diff", "p05", "p95"]
        };
        for &column in columns {
            assert_eq!(
                number(r, column),
                0.0,
                "{} {} {column}",
                r["year"],
                r["indicator"]
            );
        }
    }
}

#[test]
fn a_sweep_runs_each_value_as_it_runs_alone_paired_with_the_reference() {
    // finance.supervision is 0 in the file: that value differs from the
    // reference by exactly zero; 1 stops all leakage; every variant's summary
    // is what `run --set` gives alone.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sweep");
    let small = scenario("small.toml");
    let vary = [
        "--vary",
        "finance.supervision=0,1",
        "--vary",
        "migration.return_incentive=0.5",
    ];
    let mut args = vec!["sweep", small.to_str().unwrap(), "--quiet"];
    args.extend(vary);
    run_ok(&args, &out);
    let manifest: toml::Table = std::fs::read_to_string(out.join("manifest.toml"))
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(manifest["run"]["command"].as_str(), Some("sweep"));
    let names: Vec<&str> = manifest["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "small",
            "finance.supervision=0",
            "finance.supervision=1",
            "migration.return_incentive=0.5"
        ]
    );
    assert_eq!(
        manifest["resolved"]["migration.return_incentive=0.5"]["migration"]["return_incentive"]
            .as_float(),
        Some(0.5)
    );
    let deltas = rows(&out.join("deltas.csv"));
    for r in deltas
        .iter()
        .filter(|r| r["scenario"] == "finance.supervision=0")
    {
        assert_eq!(
            number(r, "mean_diff"),
            0.0,
            "{} {}",
            r["year"],
            r["indicator"]
        );
    }
    let leak = delta(&deltas, "finance.supervision=1", "2026", "leakage_yuan");
    assert!(number(leak, "p95") < 0.0, "leakage {leak:?}");
    // The incentive's first year, before the fewer who left since thin the
    // Away pool: with ten replications +72 returns on about 280 (p05 +43).
    // Required more than a tenth of the reference's.
    let back = delta(
        &deltas,
        "migration.return_incentive=0.5",
        "2021",
        "return_migrants",
    );
    let summary = rows(&out.join("summary.csv"));
    let returns = summary_mean(&summary, "small", "2021", "return_migrants");
    assert!(
        number(back, "mean_diff") > 0.1 * returns,
        "returns {returns} by {back:?}"
    );
    // The responses chart: a row of panels for each number varied, headed by its key, in the report.
    let svg = std::fs::read_to_string(out.join("charts/sweep_responses.svg")).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let texts: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect();
    for key in ["finance.supervision", "migration.return_incentive"] {
        assert!(texts.contains(&key), "{key}");
    }
    let panels = texts
        .iter()
        .filter(|t| **t == "Dependents with unmet need")
        .count();
    assert!(panels >= 2, "an unmet-need panel per key");
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(report.contains("charts/sweep_responses.png"));
    for (set, name) in [
        ("finance.supervision=1", "finance.supervision=1"),
        (
            "migration.return_incentive=0.5",
            "migration.return_incentive=0.5",
        ),
    ] {
        let alone = dir.path().join(name.replace(['.', '='], "_"));
        run_ok(
            &["run", small.to_str().unwrap(), "--quiet", "--set", set],
            &alone,
        );
        let mut own = rows(&alone.join("summary.csv"));
        for r in &mut own {
            r.insert("scenario".into(), name.into());
        }
        let swept: Vec<_> = summary
            .iter()
            .filter(|r| r["scenario"] == name)
            .cloned()
            .collect();
        assert_eq!(
            swept, own,
            "{name}: the sweep's rows differ from the run alone"
        );
    }
}

#[test]
fn a_sweep_refuses_to_vary_the_run_and_reports_every_bad_value() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("never");
    let small = scenario("small.toml");
    // Status 2 where the argument parser refuses the value itself.
    let cases: [(i32, &[&str], &[&str]); 6] = [
        (
            REFUSED,
            &["--vary", "run.seed=1,2"],
            &["--vary run.seed", "share [run]"],
        ),
        // Two values that set the same, and a key that changes nothing run.
        (
            REFUSED,
            &["--vary", "finance.supervision=0.5,0.50"],
            &[
                "--vary gives finance.supervision=0.5 and finance.supervision=0.50, which run the same scenario",
            ],
        ),
        (
            REFUSED,
            &["--vary", "description=a,b"],
            &["--vary gives description=a and description=b, which run the same scenario"],
        ),
        (
            REFUSED,
            &[
                "--vary",
                "finance.supervision=0.5,1.5,2",
                "--vary",
                "workforce.pay_index=wages",
            ],
            &[
                "3 problem(s)",
                "command line --vary: finance.supervision: value 1.5 is out of range",
                "value 2 is out of range",
                "workforce.pay_index: \"wages\" is not allowed",
            ],
        ),
        (
            PARSER,
            &["--vary", "finance.supervision=0.5,,1"],
            &["an empty value"],
        ),
        // A value that changes what else a file must hold: each problem found
        // there names the variant it belongs to.
        (
            REFUSED,
            &[
                "--vary",
                "pension.rules[1].rule=\"percent\",\"cpi_indexed\"",
            ],
            &[
                "pension.rules[1].percent: missing key; expected a number in [0, 100] (% per year) (with --vary pension.rules[1].rule=\"percent\")",
                "keys that exist here: from_year, rule (with --vary pension.rules[1].rule=\"cpi_indexed\")",
            ],
        ),
    ];
    for (code, vary, expected) in cases {
        let sweep = [
            "sweep",
            small.to_str().unwrap(),
            "--quiet",
            "--out",
            out.to_str().unwrap(),
        ];
        refused_with(code, &[&sweep[..], vary].concat(), expected, dir.path());
    }
}

/// A comparison builds each replication's villages once for the scenarios
/// that start alike; each scenario's result must still be exactly what it
/// gives alone, whether it shared its start or not.
#[test]
fn scenarios_that_start_alike_share_synthesis_and_give_what_each_gives_alone() {
    let a = common::baseline(0.002, 2, 4);
    // A lever that acts after the start year: same synthesis, other results.
    let mut b = a.clone();
    b.name = "incentive".into();
    b.migration.return_incentive = 2.0;
    b.run.replications = 1;
    // Other facilities at start: its own synthesis.
    let mut c = a.clone();
    c.name = "no_facility".into();
    c.facilities.no_facility_share = 0.6;
    c.facilities.mutual_aid_home_share = 0.15;
    let scenarios = [a, b, c];
    let synthesis: Vec<sim::Synthesis> = scenarios
        .iter()
        .map(|s| sim::Synthesis::new(s, &Model::new(s)))
        .collect();
    assert_eq!(sim::synthesis_groups(&synthesis), [vec![0, 1], vec![2]]);
    let together = sim::run_all(&scenarios, &|| {}).unwrap();
    for (sc, runs) in scenarios.iter().zip(&together) {
        assert_eq!(runs.len(), sc.run.replications as usize);
        assert!(
            *runs == sim::run(sc, &|| {}).unwrap(),
            "{} differs from its run alone",
            sc.name
        );
    }
    assert!(
        together[0][0] != together[1][0],
        "the lever changes the shared scenario's results"
    );
    assert!(together[0][0] != together[2][0]);
}

#[test]
fn scenarios_of_one_name_are_refused_and_leave_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("twice");
    let small = scenario("small.toml");
    let run = ruralcare()
        .arg("compare")
        .args([&small, &small])
        .args(["--quiet", "--out", out.to_str().unwrap()])
        .assert()
        .failure();
    let stderr = String::from_utf8(run.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("are both named \"small\"") && stderr.contains("must have different names"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn doubling_out_migration_lowers_residents() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("lever");
    compare(&["small.toml", "small_out_x2.toml"], &["--quiet"], &out);
    let deltas = rows(&out.join("deltas.csv"));
    let summary = rows(&out.join("summary.csv"));
    let reference = |year, indicator| summary_mean(&summary, "small", year, indicator);
    // Observed: residents in 2026 −1,972.5 of 16,748.5 (−12 %, p95 −11 %),
    // leavers in 2021 +607.5 of 605.5, Away in 2026 +1,818 of 7,657 (+24 %);
    // each margin is about half of that.
    let residents = delta(&deltas, "small_out_x2", "2026", "resident_population");
    let fewer = -0.05 * reference("2026", "resident_population");
    assert!(number(residents, "mean_diff") < fewer, "{residents:?}");
    assert!(
        number(residents, "p95") < fewer,
        "every replication loses residents: {residents:?}"
    );
    let leavers = delta(&deltas, "small_out_x2", "2021", "out_migrants");
    let more = 0.5 * reference("2021", "out_migrants");
    assert!(number(leavers, "mean_diff") > more, "{leavers:?}");
    let away = delta(&deltas, "small_out_x2", "2026", "away_population");
    let more = 0.1 * reference("2026", "away_population");
    assert!(number(away, "mean_diff") > more, "{away:?}");
}

/// The scenarios a chart must name: one for per-scenario charts, all for the others.
fn named_in<'a>(stem: &'a str, reference: &'a str, all: &[&'a str]) -> Vec<&'a str> {
    if stem.starts_with("pyramid_") || stem == "unmet_need_by_village_type" {
        vec![reference]
    } else if let Some(one) = stem.strip_prefix("care_hours_by_source_") {
        vec![one]
    } else {
        all.to_vec()
    }
}

#[test]
fn every_listed_chart_exists_parses_decodes_and_is_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("charts_run");
    let stdout = compare(&["small.toml", "small_out_x2.toml"], &[], &out);
    let charts_dir = out.join("charts");
    let mut listed: Vec<PathBuf> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("  "))
        .map(PathBuf::from)
        .filter(|p| p.starts_with(&charts_dir))
        .collect();
    listed.sort();
    let mut on_disk: Vec<PathBuf> = std::fs::read_dir(&charts_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    on_disk.sort();
    assert_eq!(
        listed, on_disk,
        "the run lists exactly the chart files written"
    );
    for stem in [
        "share_60plus",
        "resident_population",
        "empty_nest_share",
        "unmet_need_share",
        "pension_to_subsistence",
        "public_spending_per_elder",
        "mutual_aid_participation",
        "final_year_differences",
        "cost_effectiveness",
        "care_hours_by_source_small",
        "care_hours_by_source_small_out_x2",
        "pyramid_2020",
        "pyramid_2023",
        "pyramid_2026",
        "hollowing",
        "unmet_need_by_village_type",
    ] {
        for ext in ["svg", "png"] {
            let file = charts_dir.join(format!("{stem}.{ext}"));
            assert!(listed.contains(&file), "{} not listed", file.display());
        }
    }
    let scenarios = ["small", "small_out_x2"];
    // The longer name does not stand for the shorter one.
    assert!(names_whole("2026 small", "small") && !names_whole("2026 small_out_x2", "small"));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    // The title lists the scenarios, and each has a row of its own in the tables.
    assert!(
        html.contains("<title>ruralcare report: small, small_out_x2</title>"),
        "report.html's title"
    );
    for name in scenarios {
        assert!(
            html.contains(&format!("<tr><td>{name}</td>")),
            "report.html has no row for {name}"
        );
    }
    for chart in &listed {
        assert!(chart.is_file(), "{} missing", chart.display());
        let name = chart.file_name().unwrap().to_str().unwrap();
        assert!(
            html.contains(&format!("charts/{name}")),
            "report.html does not reference {name}"
        );
        if chart.extension().is_some_and(|e| e == "png") {
            continue;
        }
        let text = std::fs::read_to_string(chart).unwrap();
        let doc = roxmltree::Document::parse(&text)
            .unwrap_or_else(|e| panic!("{}: {e}", chart.display()));
        let words: Vec<&str> = doc.descendants().filter_map(|n| n.text()).collect();
        let stem = chart.file_stem().unwrap().to_str().unwrap();
        for name in named_in(stem, "small", &scenarios) {
            assert!(
                words.iter().any(|w| names_whole(w, name)),
                "{stem}.svg does not name {name}"
            );
        }
        let size = |a: &str| -> u32 { doc.root_element().attribute(a).unwrap().parse().unwrap() };
        let png = png::Decoder::new(std::fs::File::open(chart.with_extension("png")).unwrap());
        let mut reader = png.read_info().unwrap();
        let mut pixels = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut pixels).unwrap();
        assert_eq!(
            (info.width, info.height),
            (size("width"), size("height")),
            "{stem}.png is not the size its SVG states"
        );
    }
}

/// Per-replication values of an indicator in one year from indicators.csv: a count column,
/// or `a/b` for a ratio of two count columns.
fn per_replication(path: &Path, scenario: &str, year: &str, indicator: &str) -> Vec<f64> {
    let value = |r: &BTreeMap<String, String>| match indicator.split_once('/') {
        Some((a, b)) => number(r, a) / number(r, b),
        None => number(r, indicator),
    };
    let mut by_rep: Vec<(u32, f64)> = rows(path)
        .iter()
        .filter(|r| r["scenario"] == scenario && r["year"] == year)
        .map(|r| (r["replication"].parse().unwrap(), value(r)))
        .collect();
    by_rep.sort_by_key(|(rep, _)| *rep);
    by_rep.into_iter().map(|(_, v)| v).collect()
}

#[test]
fn common_random_numbers_make_paired_differences_less_noisy_than_independent_runs() {
    let dir = tempfile::tempdir().unwrap();
    let paired = dir.path().join("paired");
    let reps = ["--reps", "10", "--quiet"];
    compare(&["small.toml", "small_out_x2.toml"], &reps, &paired);
    let independent = dir.path().join("independent");
    let lever = scenario("small_out_x2.toml");
    let mut args = vec!["run", lever.to_str().unwrap(), "--seed", "99"];
    args.extend(reps);
    run_ok(&args, &independent);

    let deltas = rows(&paired.join("deltas.csv"));
    // Observed paired ÷ independent standard deviation: 246 ÷ 2,984 residents,
    // 0.0027 ÷ 0.0049 of the share 60+ (spreads alike); required below about
    // half-way from 1 to that.
    for (indicator, columns, below) in [
        ("resident_population", "resident_population", 0.5),
        ("share_60plus", "resident_60plus/resident_population", 0.75),
    ] {
        let at = |dir: &Path, scenario| {
            per_replication(&dir.join("indicators.csv"), scenario, "2026", columns)
        };
        let reference = at(&paired, "small");
        let paired_diff: Vec<f64> = at(&paired, "small_out_x2")
            .iter()
            .zip(&reference)
            .map(|(a, b)| a - b)
            .collect();
        let independent_diff: Vec<f64> = at(&independent, "small_out_x2")
            .iter()
            .zip(&reference)
            .map(|(a, b)| a - b)
            .collect();
        assert_eq!((paired_diff.len(), independent_diff.len()), (10, 10));
        let row = delta(&deltas, "small_out_x2", "2026", indicator);
        let paired_spread = number(row, "p95") - number(row, "p05");
        let spread = |d: &[f64]| percentile(d, 0.95) - percentile(d, 0.05);
        assert!(
            (spread(&paired_diff) - paired_spread).abs() <= 1e-9 * paired_spread.abs().max(1.0),
            "deltas.csv agrees with indicators.csv"
        );
        let (paired_sd, independent_sd) = (
            standard_deviation(&paired_diff),
            standard_deviation(&independent_diff),
        );
        println!(
            "{indicator} 2026, 10 replications: paired p95-p05 {paired_spread:.5}, sd {paired_sd:.5}; \
             independent p95-p05 {:.5}, sd {independent_sd:.5}",
            spread(&independent_diff)
        );
        assert!(
            paired_spread < below * spread(&independent_diff),
            "{indicator}"
        );
        assert!(paired_sd < below * independent_sd, "{indicator}");
    }
}

#[test]
fn plot_redraws_the_same_charts_from_the_csv_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("replot");
    compare(&["small.toml", "small_out_x2.toml"], &["--quiet"], &out);
    let read_svgs = || -> BTreeMap<PathBuf, Vec<u8>> {
        std::fs::read_dir(out.join("charts"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "svg"))
            .map(|p| (p.clone(), std::fs::read(&p).unwrap()))
            .collect()
    };
    let charts_before = std::fs::read_dir(out.join("charts")).unwrap().count();
    let before = read_svgs();
    let csv_before = std::fs::read(out.join("summary.csv")).unwrap();
    std::fs::remove_dir_all(out.join("charts")).unwrap();
    std::fs::remove_file(out.join("report.html")).unwrap();
    ruralcare()
        .args(["plot", out.to_str().unwrap()])
        .assert()
        .success();
    // Drawn whole into a sibling that replaced the folder: a chart not drawn
    // now goes, the data files stay as they were, no sibling is left.
    std::fs::write(out.join("charts/stale.svg"), "<svg/>").unwrap();
    ruralcare()
        .args(["plot", out.to_str().unwrap()])
        .assert()
        .success();
    assert!(!out.join("charts/stale.svg").exists());
    // Named as `.` from within it, as well.
    ruralcare()
        .args(["plot", "."])
        .current_dir(&out)
        .assert()
        .success();
    assert_eq!(std::fs::read(out.join("summary.csv")).unwrap(), csv_before);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "only the folder"
    );
    assert_eq!(
        std::fs::read_dir(out.join("charts")).unwrap().count(),
        charts_before
    );
    let after = read_svgs();
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &before {
        assert!(&after[path] == bytes, "{} differs", path.display());
    }
    assert!(out.join("report.html").is_file());
}

/// Runs `plot` on `dir`, expecting failure; returns standard error.
fn plot_fails(dir: &Path) -> String {
    let output = ruralcare()
        .args(["plot", dir.to_str().unwrap()])
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    String::from_utf8(output).unwrap()
}

#[test]
fn plot_names_the_missing_or_malformed_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("broken");
    compare(&["small.toml", "small_out_x2.toml"], &["--quiet"], &out);
    let edit = |file: &str, line: usize, text: &str| {
        let path = out.join(file);
        let original = std::fs::read_to_string(&path).unwrap();
        let mut lines: Vec<&str> = original.lines().collect();
        lines[line - 1] = text;
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
        original
    };

    let summary = edit("summary.csv", 12, "small,2020,births,many,0,0,0,0");
    let report = std::fs::read(out.join("report.html")).unwrap();
    let err = plot_fails(&out);
    assert!(
        err.contains(
            "summary.csv line 12: column 'mean': expected a finite number, found \"many\""
        ),
        "{err}"
    );
    // A failed plot leaves the folder as it was and nothing beside it.
    assert_eq!(std::fs::read(out.join("report.html")).unwrap(), report);
    assert!(out.join("charts/hollowing.svg").is_file());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "only the folder"
    );
    std::fs::write(out.join("summary.csv"), summary).unwrap();

    // A number no run writes, and counts that are not counts.
    let summary = edit("summary.csv", 12, "small,2020,births,inf,0,0,0,0");
    let err = plot_fails(&out);
    assert!(
        err.contains("summary.csv line 12: column 'mean': expected a finite number, found \"inf\""),
        "{err}"
    );
    std::fs::write(out.join("summary.csv"), summary).unwrap();
    let villages = std::fs::read_to_string(out.join("villages.csv")).unwrap();
    let first = villages.lines().nth(1).unwrap().to_string();
    let negative = first.rsplit_once(',').unwrap().0.to_string() + ",-1";
    edit("villages.csv", 2, &negative);
    let err = plot_fails(&out);
    assert!(
        err.contains("villages.csv line 2: column 'resident_60plus': expected a count (a whole number, at least 0), found \"-1\""),
        "{err}"
    );
    std::fs::write(out.join("villages.csv"), &villages).unwrap();
    // A village twice in a year; one missing from the start year, named there.
    edit("villages.csv", 3, &first);
    let err = plot_fails(&out);
    assert!(
        err.contains("villages.csv line 3: column 'village': expected each village once in a year (scenario 'small', 2020)"),
        "{err}"
    );
    let mut lines: Vec<&str> = villages.lines().collect();
    let built = lines
        .iter()
        .filter(|l| l.starts_with("small,0,2020,"))
        .count();
    lines.remove(1);
    std::fs::write(out.join("villages.csv"), lines.join("\n") + "\n").unwrap();
    let err = plot_fails(&out);
    assert!(
        err.contains(&format!(
            "scenario 'small', 2020: expected {built} villages, found {}",
            built - 1
        )),
        "{err}"
    );
    std::fs::write(out.join("villages.csv"), villages).unwrap();
    let types = std::fs::read_to_string(out.join("village_types.csv")).unwrap();
    let unknown = types
        .lines()
        .nth(1)
        .unwrap()
        .replacen(",no_facility,", ",no_facilities,", 1);
    edit("village_types.csv", 2, &unknown);
    let err = plot_fails(&out);
    assert!(
        err.contains("village_types.csv line 2: column 'village_type': expected a village type (no_facility, care_point, mutual_aid_home), found \"no_facilities\""),
        "{err}"
    );
    std::fs::write(out.join("village_types.csv"), types).unwrap();

    let deltas = edit("deltas.csv", 40, "small_out_x2,small,2020");
    let err = plot_fails(&out);
    assert!(
        err.contains("deltas.csv line 40: expected 7 fields like the header, found 3"),
        "{err}"
    );
    std::fs::write(out.join("deltas.csv"), deltas).unwrap();

    // A file cut short at a line's end, or one the comparison writes gone.
    let whole = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    let cut: Vec<&str> = whole.lines().collect();
    std::fs::write(
        out.join("summary.csv"),
        cut[..cut.len() * 2 / 3].join("\n") + "\n",
    )
    .unwrap();
    let err = plot_fails(&out);
    assert!(
        err.contains("summary.csv does not hold the run manifest.toml records (cut short?): scenario 'small_out_x2'"),
        "{err}"
    );
    std::fs::write(out.join("summary.csv"), whole.clone()).unwrap();
    // Cut within its last line: refused on opening.
    std::fs::write(out.join("summary.csv"), &whole[..whole.len() - 3]).unwrap();
    let err = plot_fails(&out);
    assert!(
        err.contains("summary.csv does not end with a line break: cut short within its last line?"),
        "{err}"
    );
    std::fs::write(out.join("summary.csv"), whole).unwrap();
    // Each file the report draws from, its last line gone.
    for (file, said) in [
        (
            "pyramids.csv",
            "pyramids.csv does not hold whole pyramids (cut short?)",
        ),
        (
            "villages.csv",
            "villages.csv does not hold the run manifest.toml records (cut short?)",
        ),
        (
            "village_types.csv",
            "village_types.csv does not hold every village type and year of 2 replication(s) (cut short?)",
        ),
        (
            "cost_effectiveness.csv",
            "cost_effectiveness.csv does not hold the run manifest.toml records (cut short?)",
        ),
    ] {
        let kept = std::fs::read_to_string(out.join(file)).unwrap();
        let lines: Vec<&str> = kept.lines().collect();
        let cut = lines[..lines.len() - 1].join("\n") + "\n";
        std::fs::write(out.join(file), cut).unwrap();
        let err = plot_fails(&out);
        assert!(err.contains(said), "{file}: {err}");
        std::fs::write(out.join(file), kept).unwrap();
    }
    for file in ["deltas.csv", "village_types.csv", "cost_effectiveness.csv"] {
        let kept = std::fs::read(out.join(file)).unwrap();
        std::fs::remove_file(out.join(file)).unwrap();
        let err = plot_fails(&out);
        assert!(
            err.contains(&format!(
                "has no {file}, which the recorded `compare` of 2 scenario(s) writes"
            )),
            "{err}"
        );
        std::fs::write(out.join(file), kept).unwrap();
    }

    // A manifest whose years run backwards is refused, not read out of bounds.
    let manifest = std::fs::read_to_string(out.join("manifest.toml")).unwrap();
    let (resolved, run) = manifest.split_once("\n[run]\n").expect("a [run] table");
    let backwards = format!(
        "{resolved}\n[run]\n{}",
        run.replacen("end_year = 2026", "end_year = 2010", 1)
    );
    assert_ne!(backwards, manifest, "[run] records end_year = 2026");
    std::fs::write(out.join("manifest.toml"), backwards).unwrap();
    let err = plot_fails(&out);
    assert!(
        err.contains("run.end_year 2010 is before run.start_year 2020"),
        "{err}"
    );
    // A manifest recording far more years than the files hold is refused before
    // they are listed.
    let endless = format!(
        "{resolved}\n[run]\n{}",
        run.replacen("end_year = 2026", "end_year = 2147483647", 1)
    );
    std::fs::write(out.join("manifest.toml"), endless).unwrap();
    let err = plot_fails(&out);
    assert!(
        err.contains("where the manifest records 2020–2147483647"),
        "{err}"
    );
    std::fs::write(out.join("manifest.toml"), manifest).unwrap();

    std::fs::remove_file(out.join("pyramids.csv")).unwrap();
    let err = plot_fails(&out);
    assert!(err.contains("cannot open pyramids.csv"), "{err}");

    // A folder that is not an output, or none at all: nothing is created.
    let other = dir.path().join("notes");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("a.txt"), "mine").unwrap();
    let missing = dir.path().join("none/deeper");
    for folder in [&other, &missing] {
        let err = plot_fails(folder);
        assert!(err.contains("cannot read manifest.toml"), "{err}");
    }
    assert_eq!(std::fs::read_dir(&other).unwrap().count(), 1);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        2,
        "broken and notes only"
    );
}

/// Decodes a GIF: its size and each frame's delay, hundredths of a second.
fn gif_frames(path: &Path) -> ((u16, u16), Vec<u16>) {
    let mut decoder = gif::DecodeOptions::new()
        .read_info(std::fs::File::open(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let size = (decoder.width(), decoder.height());
    let mut delays = Vec::new();
    while let Some(frame) = decoder.read_next_frame().unwrap() {
        delays.push(frame.delay);
    }
    (size, delays)
}

#[test]
fn animate_writes_two_gifs_with_a_frame_per_year_and_prints_an_account() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("classroom");
    let classroom = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/classroom.toml");
    let stdout = run_ok(
        &["animate", classroom.to_str().unwrap(), "--years", "6"],
        &out,
    );
    for gif in ["pyramid.gif", "villages.gif"] {
        let (size, delays) = gif_frames(&out.join(gif));
        assert_eq!(size, (960, 640), "{gif}");
        assert_eq!(delays.len(), 7, "{gif}: one frame per year 2020–2026");
        // Half a second a year; the last year held three seconds before the loop restarts.
        assert_eq!(delays, [50, 50, 50, 50, 50, 50, 300], "{gif}");
        assert!(stdout.contains(&out.join(gif).display().to_string()));
    }
    for file in [
        "summary.csv",
        "villages.csv",
        "manifest.toml",
        "report.html",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    let manifest = std::fs::read_to_string(out.join("manifest.toml")).unwrap();
    assert!(manifest.contains("command = \"animate\""));
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        report.contains("<a href=\"villages.gif\">") && report.contains("<a href=\"pyramid.gif\">")
    );
    for expected in [
        "classroom, every fifth year (one replication",
        "residents  aged 60+  empty nest  unmet need",
        "  2020 ",
        "  2025 ",
        "  2026 ",
        "2020–2026: residents ",
    ] {
        assert!(stdout.contains(expected), "{expected:?} not in:\n{stdout}");
    }
}

#[test]
fn animate_rejects_a_bad_scenario_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("never");
    let bad = scenario("bad_probability.toml");
    let output = ruralcare()
        .args(["animate", bad.to_str().unwrap(), "--out"])
        .arg(&out)
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(output).unwrap();
    assert!(err.contains("bad_probability.toml:3:1"), "{err}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

/// Per scenario and replication, the sum over the years after `start` of a column
/// of indicators.csv, or of the public spending (government and collectives), a
/// year `t` after the start weighted by (1 + `rate`)^−t.
fn summed_over_years(
    indicators: &[BTreeMap<String, String>],
    start: i32,
    rate: f64,
    column: &str,
) -> BTreeMap<(String, String), f64> {
    let mut sums = BTreeMap::new();
    for row in indicators {
        let t = row["year"].parse::<i32>().unwrap() - start;
        if t < 0 {
            continue;
        }
        let value = if column == "public_spending_yuan" {
            // Money sent: what arrives and what leaks.
            number(row, "paid_by_government_yuan")
                + number(row, "paid_by_collective_yuan")
                + number(row, "leakage_yuan")
        } else {
            number(row, column)
        };
        *sums
            .entry((row["scenario"].clone(), row["replication"].clone()))
            .or_insert(0.0) += value / (1.0 + rate).powi(t);
    }
    sums
}

#[test]
fn cost_effectiveness_recounts_from_the_indicators_paired_by_replication() {
    // More villages with a mutual-aid home than the file's quarter: more spending,
    // less unmet need; the file's own share: exactly nothing, and no cost per unit.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sweep");
    let small = scenario("small.toml");
    let vary = "facilities.mutual_aid_home_share=0.6,0.25";
    let args = [
        "sweep",
        small.to_str().unwrap(),
        "--vary",
        vary,
        "--reps",
        "4",
        "--quiet",
    ];
    run_ok(&args, &out);
    let indicators = rows(&out.join("indicators.csv"));
    let costs = rows(&out.join("cost_effectiveness.csv"));
    let outcomes = [
        (
            "dependent_years_with_unmet_need",
            "dependents_with_unmet_need",
        ),
        ("unmet_care_hours", "care_hours_unmet"),
        ("elder_years_below_subsistence", "elders_below_subsistence"),
    ];
    assert_eq!(costs.len(), 2 * outcomes.len(), "the reference has no rows");
    // The shipped discount rate (China Guidelines for Pharmacoeconomic Evaluations 2020).
    assert!(costs.iter().all(|r| r["discount_rate"] == "0.05"));
    let spending = summed_over_years(&indicators, 2020, 0.05, "public_spending_yuan");
    let differences = |sums: &BTreeMap<(String, String), f64>, scenario: &str, sign: f64| {
        (0..4)
            .map(|r| {
                let at = |s: &str| sums[&(s.to_string(), r.to_string())];
                sign * (at(scenario) - at("small"))
            })
            .collect::<Vec<f64>>()
    };
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0);
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    for (outcome, indicator) in outcomes {
        let counts = summed_over_years(&indicators, 2020, 0.05, indicator);
        for variant in [
            "facilities.mutual_aid_home_share=0.6",
            "facilities.mutual_aid_home_share=0.25",
        ] {
            let row = costs
                .iter()
                .find(|r| r["scenario"] == variant && r["outcome"] == outcome)
                .unwrap_or_else(|| panic!("no row for {variant} {outcome}"));
            assert_eq!(
                (row["from_year"].as_str(), row["to_year"].as_str()),
                ("2020", "2026")
            );
            let extra = differences(&spending, variant, 1.0);
            let averted = differences(&counts, variant, -1.0);
            assert!(
                close(number(row, "extra_public_spending_yuan"), mean(&extra)),
                "{row:?}"
            );
            assert!(close(number(row, "averted"), mean(&averted)), "{row:?}");
            assert!(
                close(number(row, "averted_p05"), percentile(&averted, 0.05)),
                "{row:?}"
            );
            assert!(
                close(number(row, "averted_p95"), percentile(&averted, 0.95)),
                "{row:?}"
            );
            if percentile(&averted, 0.05) > 0.0 {
                let per_unit = number(row, "yuan_per_unit_averted");
                assert!(close(per_unit, mean(&extra) / mean(&averted)), "{row:?}");
            } else {
                assert_eq!(row["yuan_per_unit_averted"], "", "{row:?}");
            }
            if variant.ends_with("0.25") {
                assert!(extra.iter().chain(&averted).all(|&x| x == 0.0), "{row:?}");
            }
        }
    }
    // More homes cost more and clearly avert unmet need: a cost per dependent-year is given.
    let homes = costs
        .iter()
        .find(|r| {
            r["scenario"] == "facilities.mutual_aid_home_share=0.6"
                && r["outcome"] == "dependent_years_with_unmet_need"
        })
        .unwrap();
    // Observed 1.25 million yuan more, 1.8 % of the reference's public spending
    // (1.1 % to 2.4 % by replication): required more than 0.9 %, about half.
    let reference = (0..4)
        .map(|r| spending[&("small".to_string(), r.to_string())])
        .sum::<f64>()
        / 4.0;
    assert!(
        number(homes, "extra_public_spending_yuan") > 0.009 * reference,
        "{homes:?} against {reference:.0} yuan"
    );
    assert!(number(homes, "yuan_per_unit_averted") > 0.0, "{homes:?}");
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(report.contains("<section id=\"costs\">"));
    assert!(report.contains("What the extra public spending buys, 2020–2026"));
    // The note's parts each in their place.
    for part in [
        "Against small, summed over the years 2020–2026 and discounted to 2020 at 5 % a year, paired by replication",
        // The share of the villages built (effective_scale), not the scale asked for.
        "yuan in 2020 prices, for the population simulated, 0.204 % of the region's villages, those built at scale 0.002)",
        "to its one outcome). A dash: the scenario does not clearly avert the outcome",
        "(its 5th percentile is not above zero). A negative cost per unit",
    ] {
        assert!(report.contains(part), "{part}");
    }
    // Where the money goes: every item the ledger books, for the last year.
    assert!(report.contains("<section id=\"spending\">\n<h2>Where the money goes, 2026</h2>"));
    for item in [
        "Pensions",
        "Caregivers&#39; unsold time",
        "Campaigns and outreach",
        "Public money sent",
    ] {
        assert!(report.contains(&format!("<th>{item}</th>")), "{item}");
    }
    // Who pays: the payers and the gap add up to the total of the items, and the public
    // money sent is what arrives of government's and collectives' money and what leaks.
    let section = &report[report.find("<section id=\"spending\">").unwrap()..];
    let payers = &section[section.find("<th>Government and collectives").unwrap()..];
    let payers = &payers[..payers.find("</table>").unwrap()];
    let figures: Vec<Vec<f64>> = payers
        .split("<tr>")
        .skip(1)
        .map(|row| {
            row.split("<td class=\"num\">")
                .skip(1)
                .map(|cell| {
                    cell[..cell.find('<').unwrap()]
                        .replace(',', "")
                        .parse()
                        .unwrap()
                })
                .collect()
        })
        .collect();
    assert_eq!(figures.len(), 3, "{payers}");
    for f in &figures {
        // Million yuan to one decimal: each figure within 0.05 of its own, so
        // a sum of five within 0.25 and of three within 0.15.
        let [arrived, families, social, gap, total, leaked, sent] = f[..] else {
            panic!("{f:?}")
        };
        assert!(
            (arrived + families + social + gap - total).abs() <= 0.25 + 1e-9,
            "{f:?}"
        );
        assert!((arrived + leaked - sent).abs() <= 0.15 + 1e-9, "{f:?}");
        assert!(leaked > 0.0, "{f:?}");
    }
}

#[test]
fn a_comparison_of_the_start_year_alone_has_nothing_to_cost() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("start");
    compare(
        &["small.toml", "small_out_x2.toml"],
        &["--years", "0", "--quiet"],
        &out,
    );
    assert!(out.join("deltas.csv").is_file());
    assert!(!out.join("cost_effectiveness.csv").exists());
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(!report.contains("id=\"costs\""));
}

#[test]
fn a_comparison_refuses_scenarios_whose_run_differs_and_leaves_nothing() {
    // Paired differences and costs need one seed, replication count, horizon,
    // scale and discount rate.
    let dir = tempfile::tempdir().unwrap();
    let small = scenario("small.toml");
    for (name, run) in [
        ("seeded", "seed = 7"),
        ("discounted", "discount_rate = 0.03"),
    ] {
        let file = dir.path().join(format!("{name}.toml"));
        std::fs::write(
            &file,
            format!(
                "extends = {:?}\n[run]\n{run}\n",
                small.display().to_string()
            ),
        )
        .unwrap();
        let empty = tempfile::tempdir().unwrap();
        let out = empty.path().join("compare");
        refused(
            &[
                "compare",
                small.to_str().unwrap(),
                file.to_str().unwrap(),
                "--quiet",
                "--out",
                out.to_str().unwrap(),
            ],
            &[
                &format!("{name}.toml: [run] differs from the reference"),
                "seed, replications, years, scale and discount rate must match",
            ],
            empty.path(),
        );
    }
}

/// Each indicator's value in every replication and year of `sc` (replication-major).
fn every_value(sc: ruralcare::scenario::Scenario, name: &str) -> Vec<f64> {
    let result = ruralcare::runner::simulate(sc, &|| {}).unwrap();
    let idx = ruralcare::output::tables::summary_names()
        .position(|n| n == name)
        .unwrap();
    ruralcare::output::tables::series(&result)
        .iter()
        .flat_map(|rep| rep.iter().map(move |year| year[idx]))
        .collect()
}

#[test]
fn a_lever_of_one_process_leaves_the_draws_of_the_others() {
    // Settlement moves Away persons only: the residents' deaths the next year
    // are the same persons' draws, whichever other rows exist.
    let base = common::baseline(0.01, 2, 2);
    let mut settling = base.clone();
    settling.migration.settle_rate *= 3.0;
    let (d0, d1) = (
        every_value(base.clone(), "deaths_resident"),
        every_value(settling.clone(), "deaths_resident"),
    );
    assert_eq!(d0, d1);
    let (s0, s1) = (
        every_value(base, "settled_elsewhere"),
        every_value(settling, "settled_elsewhere"),
    );
    assert!(s1.iter().sum::<f64>() > 2.0 * s0.iter().sum::<f64>());
    // With money to spare, how many care points a county builds changes
    // which townships get a station.
    let mut sparse = common::baseline(0.02, 2, 8);
    sparse.facilities.plan.from_year = 2021;
    sparse.facilities.plan.stations = 0.2;
    sparse.facilities.plan.mutual_aid_homes = 0.1;
    sparse.facilities.plan.care_points = 0.1;
    sparse.finance.construction_budget_per_elder = 1e6;
    let mut dense = sparse.clone();
    dense.facilities.plan.care_points = 0.6;
    let (a, b) = (
        every_value(sparse.clone(), "stations_built"),
        every_value(dense.clone(), "stations_built"),
    );
    assert_eq!(a, b);
    assert!(a.iter().sum::<f64>() > 0.0);
    let (a, b) = (
        every_value(sparse, "care_points_built"),
        every_value(dense, "care_points_built"),
    );
    // Observed 38 → 123 care points built: required more than twice as many.
    assert!(
        b.iter().sum::<f64>() > 2.0 * a.iter().sum::<f64>(),
        "care points built {a:?} → {b:?}"
    );
}

#[test]
fn a_note_names_each_scenario_whose_curves_are_not_the_fit_of_its_inputs() {
    // The shipped curves are the fit of the shipped inputs: no note for the
    // reference. Another recovery leaves the curves unfitted (a note per such
    // scenario, the two recoveries fitted apart), unless they are refitted at load.
    let dir = tempfile::tempdir().unwrap();
    let small = scenario("small.toml");
    let stderr = |extra: &[&str], out: &str| {
        let mut args = vec!["sweep", small.to_str().unwrap(), "--quiet", "--years", "0"];
        args.extend(extra);
        let output = ruralcare()
            .args(&args)
            .args(["--out", dir.path().join(out).to_str().unwrap()])
            .assert()
            .success()
            .get_output()
            .stderr
            .clone();
        String::from_utf8(output).unwrap()
    };
    let vary = ["--vary", "health.transitions.disabled_recovery=0.025,0.1"];
    let said = stderr(&vary, "unfitted");
    let notes: Vec<&str> = said
        .lines()
        .filter(|l| l.contains("are not the fit of its prevalence table"))
        .collect();
    assert_eq!(notes.len(), 2, "{said}");
    for (note, value) in notes.iter().zip(["0.025", "0.1"]) {
        assert!(
            note.starts_with(&format!(
                "Note: health.transitions.disabled_recovery={value}: [health.transitions]"
            )),
            "{note}"
        );
    }
    let mut refitted = vec!["--set", "health.transitions.refit=true"];
    refitted.extend(vary);
    let said = stderr(&refitted, "refitted");
    assert!(!said.contains("are not the fit"), "{said}");
}

/// The report lists a scenario's policy schedule, block by block, and its
/// charts over time ring the schedule's years on its line and say so; a
/// comparison without a schedule shows none of these.
#[test]
fn the_report_lists_each_policy_schedule_and_its_charts_ring_the_years() {
    let dir = tempfile::tempdir().unwrap();
    let (phased, plain) = (dir.path().join("phased"), dir.path().join("plain"));
    compare(&["small.toml", "phased.toml"], &["--years", "6"], &phased);
    compare(
        &["small.toml", "small_out_x2.toml"],
        &["--years", "6"],
        &plain,
    );
    let ring = "A ring marks a year from which a scenario";
    let report = std::fs::read_to_string(phased.join("report.html")).unwrap();
    assert!(report.contains("<th>Policy schedule</th>"), "{report}");
    assert!(
        report.contains(
            "<td>from 2023: <code>awareness.outreach = 0.25, ltc_insurance.coverage = 0.5</code>\
             <br>from 2025: <code>ltc_insurance.coverage = 1.0</code></td></tr>"
        ),
        "{report}"
    );
    assert!(report.contains(ring), "{report}");
    // Two rings (the phased line's two years) on the chart of unmet need.
    let rings = |dir: &Path| {
        let svg = std::fs::read_to_string(dir.join("charts/unmet_need_share.svg")).unwrap();
        svg.matches(r#"r="10" opacity="1" fill="none""#).count()
    };
    assert_eq!(rings(&phased), 2);
    let report = std::fs::read_to_string(plain.join("report.html")).unwrap();
    assert!(!report.contains("Policy schedule") && !report.contains(ring));
    assert_eq!(rings(&plain), 0);
}
