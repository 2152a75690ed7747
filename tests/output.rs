//! The result files agree with one another, recomputed here from the files
//! alone: `summary.csv` describes the replications of `indicators.csv` (mean
//! and linearly interpolated percentiles; ratios formed in each replication,
//! then described), `counties.csv` sums to `indicators.csv`, and
//! `pyramids.csv` to the population counts.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{ruralcare, scenario};

/// A CSV file's header and rows of text fields.
fn table(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// Percentile `q` of sorted values, linear between order statistics
/// (the definition the README states).
fn percentile(sorted: &[f64], q: f64) -> f64 {
    let h = q * (sorted.len() - 1) as f64;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn the_result_files_agree_with_one_another() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    let small = scenario("small.toml");
    ruralcare()
        .args(["run", small.to_str().unwrap(), "--reps", "4", "--quiet"])
        .args(["--out", out.to_str().unwrap()])
        .assert()
        .success();
    let (head, rows) = table(&out.join("indicators.csv"));
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    // Values per (year, indicator), one per replication.
    let mut by: BTreeMap<(String, String), Vec<f64>> = BTreeMap::new();
    // Ratios formed in each replication from its counts.
    let ratios = [
        ("share_60plus", "resident_60plus", "resident_population"),
        (
            "resident_to_registered",
            "resident_population",
            "registered_population",
        ),
        ("empty_nest_share", "elders_empty_nest", "resident_elders"),
    ];
    for r in &rows {
        let year = r[col("year")].clone();
        for (k, h) in head.iter().enumerate().skip(3) {
            let x: f64 = r[k].parse().unwrap();
            by.entry((year.clone(), h.clone())).or_default().push(x);
        }
        for (name, num, den) in ratios {
            let x = r[col(num)].parse::<f64>().unwrap() / r[col(den)].parse::<f64>().unwrap();
            by.entry((year.clone(), name.to_string()))
                .or_default()
                .push(x);
        }
    }
    let (sh, summary) = table(&out.join("summary.csv"));
    let scol = |name: &str| sh.iter().position(|h| h == name).unwrap();
    let mut checked = 0;
    for s in &summary {
        let key = (s[scol("year")].clone(), s[scol("indicator")].clone());
        let Some(values) = by.get(&key) else {
            continue; // a ratio not recomputed here, or the median age
        };
        assert_eq!(values.len(), 4, "{key:?}");
        let mut v = values.clone();
        v.sort_by(f64::total_cmp);
        let want = [
            v.iter().sum::<f64>() / 4.0,
            percentile(&v, 0.05),
            percentile(&v, 0.5),
            percentile(&v, 0.95),
        ];
        for (column, w) in ["mean", "p05", "p50", "p95"].iter().zip(want) {
            let got: f64 = s[scol(column)].parse().unwrap();
            assert!(close(got, w), "{key:?} {column}: {got} against {w}");
        }
        checked += 1;
    }
    assert_eq!(
        checked,
        by.len(),
        "every count and recomputed ratio is in the summary"
    );

    // Counties sum to the region, column by column.
    let (ch, counties) = table(&out.join("counties.csv"));
    let mut sums: BTreeMap<(String, String), Vec<f64>> = BTreeMap::new();
    for r in &counties {
        let key = (r[1].clone(), r[2].clone());
        let row = sums.entry(key).or_insert_with(|| vec![0.0; ch.len() - 4]);
        for (k, x) in r[4..].iter().enumerate() {
            row[k] += x.parse::<f64>().unwrap();
        }
    }
    assert_eq!(&ch[4..], &head[3..], "the same columns");
    assert_eq!(sums.len(), rows.len());
    for r in &rows {
        let sum = &sums[&(r[1].clone(), r[2].clone())];
        for (k, x) in r[3..].iter().enumerate() {
            let x: f64 = x.parse().unwrap();
            assert!(
                close(sum[k], x),
                "{} in {:?}: counties {} against {x}",
                head[k + 3],
                &r[..3],
                sum[k]
            );
        }
    }

    // Pyramids sum to the resident and registered populations.
    let (ph, pyramids) = table(&out.join("pyramids.csv"));
    let pcol = |name: &str| ph.iter().position(|h| h == name).unwrap();
    let mut people: BTreeMap<(String, String), [f64; 2]> = BTreeMap::new();
    for r in &pyramids {
        let e = people
            .entry((r[pcol("replication")].clone(), r[pcol("year")].clone()))
            .or_default();
        e[0] += r[pcol("resident")].parse::<f64>().unwrap();
        e[1] += r[pcol("registered")].parse::<f64>().unwrap();
    }
    assert_eq!(people.len(), rows.len());
    for r in &rows {
        let [resident, registered] = people[&(r[1].clone(), r[2].clone())];
        assert_eq!(
            resident,
            r[col("resident_population")].parse::<f64>().unwrap()
        );
        assert_eq!(
            registered,
            r[col("registered_population")].parse::<f64>().unwrap()
        );
    }
}
