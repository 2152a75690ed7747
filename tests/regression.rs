//! Regression on summary figures of a small fixed-seed run, with tolerances.
//! Regenerate the golden file only on purpose:
//!     UPDATE_GOLDEN=1 cargo test --release --test regression

use std::path::{Path, PathBuf};

use ruralcare::runner;
use ruralcare::scenario::{self, Overrides};

/// Indicators checked, with their tolerance (relative for counts, absolute for shares).
const CHECKED: &[(&str, Tolerance)] = &[
    ("resident_population", Tolerance::Relative(0.03)),
    ("registered_population", Tolerance::Relative(0.03)),
    ("births", Tolerance::Relative(0.12)),
    ("deaths", Tolerance::Relative(0.06)),
    ("out_migrants", Tolerance::Relative(0.06)),
    ("share_60plus", Tolerance::Absolute(0.01)),
    ("share_80plus", Tolerance::Absolute(0.01)),
    ("resident_to_registered", Tolerance::Absolute(0.015)),
    ("empty_nest_share", Tolerance::Absolute(0.02)),
    ("living_alone_share", Tolerance::Absolute(0.02)),
    ("mean_pension_monthly", Tolerance::Relative(0.001)),
    ("pension_to_subsistence", Tolerance::Absolute(0.005)),
    ("poverty_share", Tolerance::Absolute(0.02)),
    ("median_age_resident", Tolerance::Absolute(1.0)),
    ("unmet_need_share", Tolerance::Absolute(0.03)),
];

#[derive(Clone, Copy)]
enum Tolerance {
    Relative(f64),
    Absolute(f64),
}

fn golden_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/regression_summary.csv")
}

#[test]
fn small_run_summary_matches_the_golden_figures() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios/regression.toml");
    let sc = scenario::load(&path, &Overrides::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("regression");
    runner::run_to_folder(vec![sc], &out, runner::Job::Run, &|| {}).unwrap();
    let mut now = Vec::new();
    for rec in csv::Reader::from_path(out.join("summary.csv"))
        .unwrap()
        .records()
    {
        let rec = rec.unwrap();
        if CHECKED.iter().any(|(n, _)| *n == &rec[2]) && ["2020", "2023", "2026"].contains(&&rec[1])
        {
            now.push((
                rec[2].to_string(),
                rec[1].to_string(),
                rec[3].parse::<f64>().unwrap(),
            ));
        }
    }
    assert_eq!(now.len(), CHECKED.len() * 3);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        let mut w = csv::Writer::from_path(golden_path()).unwrap();
        w.write_record(["indicator", "year", "mean"]).unwrap();
        for (i, y, m) in &now {
            w.write_record([i.as_str(), y.as_str(), &m.to_string()])
                .unwrap();
        }
        w.flush().unwrap();
        return;
    }
    let mut golden = csv::Reader::from_path(golden_path())
        .expect("golden file missing: run with UPDATE_GOLDEN=1");
    let mut problems = Vec::new();
    for rec in golden.records() {
        let rec = rec.unwrap();
        let (ind, year, want) = (&rec[0], &rec[1], rec[2].parse::<f64>().unwrap());
        let got = now
            .iter()
            .find(|(i, y, _)| i == ind && y == year)
            .map(|x| x.2)
            .unwrap();
        let tol = CHECKED.iter().find(|(n, _)| *n == ind).unwrap().1;
        let ok = match tol {
            Tolerance::Relative(r) => (got - want).abs() <= r * want.abs().max(1.0),
            Tolerance::Absolute(a) => (got - want).abs() <= a,
        };
        if !ok {
            problems.push(format!("{ind} {year}: now {got}, golden {want}"));
        }
    }
    assert!(
        problems.is_empty(),
        "summary moved beyond tolerance:\n{}",
        problems.join("\n")
    );
}
