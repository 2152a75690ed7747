//! Helpers shared by the integration tests: the binary, its standard output
//! when it succeeds, the test scenario files, a refused command and its exit status, the baseline at a test size,
//! a county stepped year by year, and the mean of a summary indicator over a
//! run's last years, alone or before and after a change. Not every test file
//! uses each of them.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

use ruralcare::care::county::County;
use ruralcare::indicators::Tally;
use ruralcare::population::{layout, village::Village};
use ruralcare::runner;
use ruralcare::scenario::{self, Overrides, Scenario};
use ruralcare::sim::{self, Model, YearCtx};

/// The `ruralcare` binary of this build.
pub fn ruralcare() -> Command {
    Command::cargo_bin("ruralcare").unwrap()
}

/// Runs `ruralcare <args…>`, which must succeed, and returns its standard output.
pub fn succeeds(args: &[&str]) -> String {
    let out = ruralcare()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

/// A scenario file of tests/scenarios.
pub fn scenario(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/scenarios")
        .join(name)
}

/// Exit status of a command the program's own checks refuse (a scenario, a
/// manifest, an output folder).
pub const REFUSED: i32 = 1;

/// Exit status of a command line the argument parser refuses.
pub const PARSER: i32 = 2;

/// Runs `ruralcare <args…>`, which its own checks must refuse ([`REFUSED`]),
/// as [`refused_with`] says.
pub fn refused(args: &[&str], expected: &[&str], dir: &Path) {
    refused_with(REFUSED, args, expected, dir);
}

/// Runs `ruralcare <args…>`, which must exit with status `code`, not by a
/// panic, saying each of `expected` on standard error, and leave `dir`
/// (where its output would go) empty.
pub fn refused_with(code: i32, args: &[&str], expected: &[&str], dir: &Path) {
    let stderr = String::from_utf8(fails_with(code, ruralcare().args(args)).stderr).unwrap();
    for e in expected {
        assert!(stderr.contains(e), "{args:?}: expected {e:?} in:\n{stderr}");
    }
    assert_eq!(
        std::fs::read_dir(dir).unwrap().count(),
        0,
        "{args:?} left files behind"
    );
}

/// Runs `command`, which must exit with status `code` and not by a panic:
/// what it wrote.
pub fn fails_with(code: i32, command: &mut Command) -> std::process::Output {
    let output = command.assert().code(code).get_output().clone();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "a panic:\n{stderr}");
    output
}

/// The shipped baseline at `scale`, with `reps` replications and `years` simulated years.
pub fn baseline(scale: f64, reps: u32, years: u32) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml");
    let o = Overrides {
        years: Some(years),
        replications: Some(reps),
        scale: Some(scale),
        ..Default::default()
    };
    scenario::load(&path, &o).unwrap()
}

/// Replication 0's first county of `sc`, as a run starts it (synthesized and
/// prepared, before the start year's steps).
pub fn first_county(sc: &Scenario, model: &Model) -> (County, Vec<Village>) {
    sim::build_county(sc, model, 0, &layout::plan(&sc.region, sc.run.scale)[0])
}

/// The context of each year of replication 0 of `sc`, from the start year on.
pub fn years<'a>(sc: &'a Scenario, model: &'a Model) -> impl Iterator<Item = YearCtx<'a>> {
    (0..=sc.run.steps()).map(move |i| YearCtx::new(sc, model, 0, i))
}

/// The county's tally of the year just stepped: its villages' counts and
/// its own stocks (places, workforce, money), as a run records them.
pub fn county_tally(sc: &Scenario, county: &County, villages: &[Village]) -> Tally {
    let mut t = Tally::default();
    villages.iter().for_each(|v| t.add(&v.tally));
    county.record(sc, &mut t);
    t
}

/// Mean over replications and the last `k` years of a summary indicator (count or ratio).
pub fn late_mean(sc: Scenario, name: &str, k: usize) -> f64 {
    late_means(sc, [name], k)[0]
}

/// [`late_mean`] of several indicators, from one run of `sc`.
pub fn late_means<const N: usize>(sc: Scenario, names: [&str; N], k: usize) -> [f64; N] {
    yearly_means(sc, names).map(|y| y[y.len() - k..].iter().sum::<f64>() / k as f64)
}

/// Mean over replications of summary indicators (counts or ratios), year by
/// year from the start year, from one run of `sc`.
pub fn yearly_means<const N: usize>(sc: Scenario, names: [&str; N]) -> [Vec<f64>; N] {
    let result = runner::simulate(sc, &|| {}).unwrap();
    let s = ruralcare::output::tables::series(&result);
    names.map(|name| {
        let idx = ruralcare::output::tables::summary_names()
            .position(|n| n == name)
            .unwrap_or_else(|| panic!("no summary indicator {name}"));
        (0..s[0].len())
            .map(|y| s.iter().map(|rep| rep[y][idx]).sum::<f64>() / s.len() as f64)
            .collect()
    })
}

/// [`late_means`] of a reference scenario and of a changed one, each run
/// once: (reference, changed) for each indicator.
pub fn before_after<const N: usize>(
    reference: &Scenario,
    changed: &Scenario,
    names: [&str; N],
    k: usize,
) -> [(f64, f64); N] {
    let (r, c) = (
        late_means(reference.clone(), names, k),
        late_means(changed.clone(), names, k),
    );
    std::array::from_fn(|i| (r[i], c[i]))
}

/// The share of care hours received from outside the family (1 − spouse −
/// children), by [`before_after`]: (reference, changed).
pub fn non_family_shares(reference: &Scenario, changed: &Scenario, k: usize) -> (f64, f64) {
    let [(s0, s1), (c0, c1)] = before_after(
        reference,
        changed,
        ["share_hours_spouse", "share_hours_children"],
        k,
    );
    (1.0 - s0 - c0, 1.0 - s1 - c1)
}
