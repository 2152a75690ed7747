//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use ruralcare::scenario::Overrides;

/// Agent-based simulation of rural ageing and elderly-care demand.
///
/// With no command: runs the comparison of all shipped scenarios in
/// scenarios/ and writes output/compare/ (the options below apply to it, as
/// to `compare`).
#[derive(Parser, Debug)]
#[command(
    name = "ruralcare",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Options of the comparison run with no command.
    #[command(flatten)]
    pub opts: RunOpts,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run one scenario and write output/<name>/ (CSV files and manifest).
    Run {
        /// Scenario file, e.g. scenarios/baseline.toml.
        #[arg(required_unless_present = "print_plan")]
        scenario: Option<PathBuf>,
        /// Print the yearly plan (the ordered steps of a simulated year) and exit.
        #[arg(long)]
        print_plan: bool,
        #[command(flatten)]
        opts: RunOpts,
    },
    /// Run several scenarios with common random numbers; the first is the reference.
    Compare {
        #[arg(required = true, num_args = 1..)]
        scenarios: Vec<PathBuf>,
        #[command(flatten)]
        opts: RunOpts,
    },
    /// One-at-a-time sensitivity: run the scenario as it is (the reference)
    /// and once for each value of each varied parameter, with common random
    /// numbers, and write output/sweep/ as `compare` does.
    Sweep {
        /// Scenario file to vary.
        #[arg(default_value = "scenarios/baseline.toml")]
        scenario: PathBuf,
        /// A parameter and the values to try, e.g. `--vary finance.supervision=0.5,1`
        /// (repeatable). Values are TOML, or text; commas inside [ ], { } or quotes
        /// do not separate values.
        #[arg(long = "vary", value_name = "KEY=V1,V2,…", required = true, value_parser = variation)]
        vary: Vec<(String, Vec<String>)>,
        #[command(flatten)]
        opts: RunOpts,
    },
    /// Run one scenario for teaching and write output/<name>/ with pyramid.gif and
    /// villages.gif (animated year by year) beside the usual files; prints an
    /// account of every fifth year.
    Animate {
        /// Scenario file: a few small villages, one replication.
        #[arg(default_value = "scenarios/classroom.toml")]
        scenario: PathBuf,
        #[command(flatten)]
        opts: RunOpts,
    },
    /// Validate scenario files without running; reports every problem.
    Check {
        #[arg(required = true, num_args = 1..)]
        files: Vec<PathBuf>,
        /// Check the files with this parameter set, as `run --set` would (repeatable).
        #[arg(long = "set", value_name = "KEY=VALUE", value_parser = assignment)]
        set: Vec<(String, String)>,
    },
    /// Re-draw every chart and report.html of an output folder from its CSV files.
    Plot {
        /// A folder written by run, compare, sweep, animate or ruralcare with no arguments.
        dir: PathBuf,
    },
    /// Run an output folder's job again from its manifest.toml alone (the scenarios as
    /// resolved there, not the scenario files) and check that every result file (CSV
    /// files, charts, animations) comes out byte for byte the same; exit status 1 when one differs.
    Reproduce {
        /// A folder written by run, compare, sweep, animate or ruralcare with no arguments.
        dir: PathBuf,
        /// Worker threads, 1 to 1024 (default: all cores). Output does not depend on it.
        #[arg(long, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=1024))]
        threads: Option<usize>,
        /// Where to write the new run (default: beside the folder, its name with -reproduced).
        #[arg(long)]
        out: Option<PathBuf>,
        /// No progress bar and no file list.
        #[arg(long)]
        quiet: bool,
    },
    /// Fit the health-transition curves to the scenario's prevalence table and
    /// print them as TOML for [health.transitions], with the fit by age.
    FitHealth {
        #[arg(default_value = "scenarios/baseline.toml")]
        scenario: PathBuf,
    },
    /// Print the parameter table of a scenario (Markdown).
    Params {
        #[arg(default_value = "scenarios/baseline.toml")]
        scenario: PathBuf,
    },
}

#[derive(Args, Debug, Default, Clone)]
pub struct RunOpts {
    /// Simulate this many years after the start year (overrides run.end_year; counted
    /// from the start year as --set may change it).
    #[arg(long)]
    pub years: Option<u32>,
    /// Replications (overrides run.replications).
    #[arg(long)]
    pub reps: Option<u32>,
    /// Master seed (overrides run.seed).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Share of the region built, in (0, 1] (overrides run.scale).
    #[arg(long)]
    pub scale: Option<f64>,
    /// Worker threads, 1 to 1024 (default: all cores). Output does not depend on it.
    #[arg(long, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=1024))]
    pub threads: Option<usize>,
    /// Output folder (default: output/<scenario>, output/compare for compare, output/sweep for sweep).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// No progress bar, and no file list, report path or headline figures after the run.
    #[arg(long)]
    pub quiet: bool,
    /// Set a parameter, e.g. `--set migration.return_incentive=0.5` or
    /// `--set 'pension.rules[1].yuan_per_month=20'` (an entry of an array, from 0)
    /// (repeatable; applies to every scenario of the run, after the options above
    /// except --years, which counts from the start year as --set leaves it). The
    /// value is TOML, or text taken as a string.
    #[arg(long = "set", value_name = "KEY=VALUE", value_parser = assignment)]
    pub set: Vec<(String, String)>,
}

/// `section.key=v1,v2,…`: a dotted key and the values to try, split at the
/// commas outside brackets, braces and quotes.
fn variation(s: &str) -> Result<(String, Vec<String>), String> {
    let (key, list) = assignment(s)?;
    let mut values = vec![String::new()];
    let (mut depth, mut quote) = (0i32, None);
    for c in list.chars() {
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => depth -= 1,
            (None, ',') if depth == 0 => {
                values.push(String::new());
                continue;
            }
            _ => {}
        }
        values.last_mut().expect("one at least").push(c);
    }
    let values: Vec<String> = values.iter().map(|v| v.trim().to_string()).collect();
    if values.iter().any(String::is_empty) {
        return Err(format!("an empty value in {list:?} for {key}"));
    }
    Ok((key, values))
}

/// `section.key=value`: a dotted key of names (letters, digits, `_`, `-`, `+`,
/// as in an age band `90+`), each naming an entry of an array if followed by
/// its index in brackets (`pension.rules[1].percent`), and a non-empty value.
/// A name may be quoted, as messages print a band's (`shares."0-4"`).
fn assignment(s: &str) -> Result<(String, String), String> {
    let (key, value) = s
        .split_once('=')
        .ok_or_else(|| format!("expected KEY=VALUE, found {s:?}"))?;
    let key = key
        .trim()
        .split('.')
        .map(|p| {
            p.strip_prefix('"')
                .and_then(|p| p.strip_suffix('"'))
                .unwrap_or(p)
        })
        .collect::<Vec<_>>()
        .join(".");
    let key = key.as_str();
    let name = |p: &str| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-+".contains(c))
    };
    let part = |p: &str| match p.strip_suffix(']').and_then(|p| p.split_once('[')) {
        Some((n, index)) => {
            name(n) && !index.is_empty() && index.bytes().all(|b| b.is_ascii_digit())
        }
        None => name(p),
    };
    if !key.split('.').all(part) {
        return Err(format!(
            "expected a dotted parameter key such as care.mutual_aid.min_age or pension.rules[1].percent, found {key:?}"
        ));
    }
    if value.trim().is_empty() {
        return Err(format!("no value given for {key}"));
    }
    Ok((key.to_string(), value.trim().to_string()))
}

impl RunOpts {
    pub fn overrides(&self) -> Overrides {
        Overrides {
            years: self.years,
            replications: self.reps,
            seed: self.seed,
            scale: self.scale,
            set: self.set.clone(),
            vary: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_variation_splits_at_the_commas_outside_brackets_braces_and_quotes() {
        let (key, values) =
            variation("a.b = 1, 2.5 ,[1, 2],{ x = 1, y = 2 },\"p, q\",prices").unwrap();
        assert_eq!(key, "a.b");
        assert_eq!(
            values,
            [
                "1",
                "2.5",
                "[1, 2]",
                "{ x = 1, y = 2 }",
                "\"p, q\"",
                "prices"
            ]
        );
        assert!(variation("a.b=1,,2").is_err());
        assert!(variation("a.b=").is_err());
        assert!(variation("a..b=1").is_err());
        assert!(variation("a.b").is_err());
        assert_eq!(
            assignment("migration.out_rate.90+=0.1").unwrap(),
            ("migration.out_rate.90+".to_string(), "0.1".to_string())
        );
        assert!(assignment("pension.rules[1].percent=3").is_ok());
        // A band's name as messages print it.
        assert_eq!(
            assignment("population.resident_age_shares.\"0-4\"=3").unwrap(),
            (
                "population.resident_age_shares.0-4".to_string(),
                "3".to_string()
            )
        );
        for bad in [
            "pension.rules[].percent=3",
            "pension.rules[x]=3",
            "pension.[1]=3",
            "a[1=3",
            "a.\"b.c\"=3",
            "a.\"\"=3",
        ] {
            assert!(assignment(bad).is_err(), "{bad}");
        }
    }
}
