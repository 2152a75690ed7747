//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use ruralcare::scenario::Overrides;

/// Agent-based simulation of rural ageing and elderly-care demand.
///
/// With no command: runs the comparison of all shipped scenarios in
/// scenarios/ and writes output/compare/.
#[derive(Parser, Debug)]
#[command(name = "ruralcare", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
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
    /// Run one scenario for teaching and write output/<name>/ with pyramid.gif and
    /// villages.gif (animated year by year) beside the usual files; prints a
    /// year-by-year account.
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
    },
    /// Re-draw every chart and report.html of an output folder from its CSV files.
    Plot {
        /// A folder written by `run` or `compare`.
        dir: PathBuf,
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
    /// Simulate this many years after the start year (overrides run.end_year).
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
    /// Worker threads (default: all cores). Output does not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Output folder (default: output/<scenario>, or output/compare for compare).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// No progress bar and no file list.
    #[arg(long)]
    pub quiet: bool,
    /// Set a parameter, e.g. `--set migration.return_incentive=0.5` (repeatable;
    /// applies to every scenario of the run, after the options above). The
    /// value is TOML, or text taken as a string.
    #[arg(long = "set", value_name = "KEY=VALUE", value_parser = assignment)]
    pub set: Vec<(String, String)>,
}

/// `section.key=value`: a dotted key of names (letters, digits, `_`, `-`, `+`, as in an age band `90+`) and a non-empty value.
fn assignment(s: &str) -> Result<(String, String), String> {
    let (key, value) = s
        .split_once('=')
        .ok_or_else(|| format!("expected KEY=VALUE, found {s:?}"))?;
    let key = key.trim();
    let name = |p: &str| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-+".contains(c))
    };
    if !key.split('.').all(name) {
        return Err(format!(
            "expected a dotted parameter key such as care.mutual_aid.min_age, found {key:?}"
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
        }
    }
}
