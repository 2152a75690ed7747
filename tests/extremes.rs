//! Every numeric parameter of the baseline at either end of its valid range
//! (and at zero where zero is valid), one at a time: the scenario is either
//! refused with an error that names the file and the key, or it runs on a
//! few villages with the persons' invariants (`People::check`) and finite,
//! non-negative counts, the villages' and the county's, every year — never a
//! panic. The run size and the
//! region's layout (`run.*`, `region.*`) are left out: their ends are sizes
//! of the run, not of the model; so are entries of arrays of tables.

mod common;

use common::{first_county, years};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use ruralcare::scenario::{self, Overrides};
use ruralcare::sim::{self, Model};

/// One override: a parameter's TOML table, key and value text.
struct Case {
    path: String,
    table: String,
    key: String,
    value: String,
}

/// The cases of one documented parameter: each end of its range and zero,
/// every band or year of a table set alike.
fn cases(path: &str, range: &str, value: &str) -> Vec<Case> {
    let Some((bounds, per)) = range
        .strip_prefix('[')
        .and_then(|r| r.split_once(']'))
        .map(|(b, rest)| (b, rest.trim()))
    else {
        return Vec::new(); // a choice or a flag
    };
    let (lo, hi) = bounds.split_once(", ").expect("a range of two bounds");
    let mut ends = vec![lo.to_string(), hi.to_string()];
    let (l, h): (f64, f64) = (lo.parse().unwrap(), hi.parse().unwrap());
    if l < 0.0 && h > 0.0 {
        ends.push("0".into());
    }
    let (table, key) = path.rsplit_once('.').expect("a parameter inside a table");
    // Band or year labels of a table parameter, as its value lists them.
    let labels: Vec<&str> = value
        .split("; ")
        .filter_map(|e| e.split_once(": ").map(|(label, _)| label))
        .collect();
    let labels = match (per, labels.is_empty()) {
        ("per year", true) => vec!["2021"],
        _ => labels,
    };
    ends.into_iter()
        .map(|end| Case {
            path: path.to_string(),
            table: table.to_string(),
            key: key.to_string(),
            value: if per.is_empty() {
                end
            } else {
                let entries: Vec<String> =
                    labels.iter().map(|l| format!("\"{l}\" = {end}")).collect();
                format!("{{ {} }}", entries.join(", "))
            },
        })
        .collect()
}

#[test]
fn every_parameter_at_the_ends_of_its_range_is_refused_clearly_or_runs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let base_file = root.join("scenarios/baseline.toml");
    let base = scenario::load(&base_file, &Overrides::default()).unwrap();
    let all: Vec<Case> = base
        .docs
        .iter()
        .filter(|d| {
            !d.path.starts_with("run.") && !d.path.starts_with("region.") && !d.path.contains('[')
        })
        .flat_map(|d| cases(&d.path, &d.range, &d.value))
        .collect();
    assert!(all.len() > 300, "{} cases", all.len());
    let dir = tempfile::tempdir().unwrap();
    let small = Overrides {
        replications: Some(1),
        scale: Some(0.0004),
        ..Default::default()
    };
    // Fifteen years, set in the case's file: a check across the years and the
    // case's value (life expectancy trended to the last year) is reported there.
    let end_year = base.run.start_year + 15;
    let outcomes: Vec<bool> = all
        .par_iter()
        .enumerate()
        .map(|(n, c)| {
            let file: PathBuf = dir.path().join(format!("case{n}.toml"));
            let text = format!(
                "extends = {:?}\n[run]\nend_year = {end_year}\n[{}]\n{} = {}\n",
                base_file.display().to_string(),
                c.table,
                c.key,
                c.value
            );
            std::fs::write(&file, &text).unwrap();
            match scenario::load(&file, &small) {
                Err(e) => {
                    let message = e.to_string();
                    assert!(
                        message.contains(&file.display().to_string()) && message.contains(&c.key),
                        "{}: the error names neither file nor key:\n{message}",
                        c.path
                    );
                    false
                }
                Ok(sc) => {
                    run_checked(&sc, &c.path, &c.value);
                    true
                }
            }
        })
        .collect();
    let ran = outcomes.iter().filter(|&&r| r).count();
    // Most ends are valid on their own; only cross-checks (sums, orderings) refuse some.
    assert!(ran * 10 >= all.len() * 8, "{ran} of {} ran", all.len());
}

/// Runs the scenario's first county through every year, checking the
/// persons and the counts after each.
fn run_checked(sc: &scenario::Scenario, path: &str, value: &str) {
    let model = Model::new(sc);
    let (mut county, mut villages) = first_county(sc, &model);
    for ctx in years(sc, &model) {
        sim::step_year(&mut county, &mut villages, &ctx);
        for v in &villages {
            if let Err(e) = v.people.check() {
                panic!("{path} = {value}, year {}: {e}", ctx.year);
            }
            let values = v.tally.values();
            assert!(
                values.iter().all(|x| x.is_finite() && *x >= 0.0),
                "{path} = {value}, year {}: a count is negative or not finite",
                ctx.year
            );
        }
        // The county's own counts: money, workforce, beds and queues.
        let values = county.tally.values();
        assert!(
            values.iter().all(|x| x.is_finite() && *x >= 0.0),
            "{path} = {value}, year {}: a county count is negative or not finite",
            ctx.year
        );
    }
}
