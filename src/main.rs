//! The `ruralcare` command line: a thin layer over the library.

mod cli;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Parser;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use cli::{Cli, Command, RunOpts};
use ruralcare::{output, plan, report, reproduce, runner, scenario};

/// Writes to standard output as `print!` does, through [`write_out`]; in a
/// function that returns a `Result`.
macro_rules! out {
    ($($arg:tt)*) => {
        write_out(format_args!($($arg)*))?
    };
}

/// Writes a line to standard error as `eprintln!` does, but never panics: a
/// message that cannot be written (standard error closed or full) is dropped,
/// and the exit status still tells.
macro_rules! note {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// Writes to standard output. A reader that has gone (a closed pipe, as with
/// `| head`) ends the program quietly with status 141, as a process ended by
/// a closed pipe reports; any other failure is an error.
fn write_out(text: std::fmt::Arguments) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_fmt(text).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(141),
        written => written.context("cannot write to standard output"),
    }
}

fn main() -> ExitCode {
    // Interrupted (Ctrl-C, or terminated): remove the output folder being
    // written, so that an interrupted run leaves nothing half-written.
    let _ = ctrlc::set_handler(|| {
        let removed = output::folder::remove_unfinished();
        let finished = output::folder::finished();
        if removed > 0 {
            note!(
                "Interrupted: the unfinished output was removed; an earlier folder of that name is as it was."
            );
        } else if !finished.is_empty() {
            let names: Vec<String> = finished.iter().map(|f| f.display().to_string()).collect();
            note!(
                "Interrupted after the output was complete: {} written in full.",
                names.join(", ")
            );
        } else {
            note!("Interrupted.");
        }
        std::process::exit(130);
    });
    let result = run(Cli::parse());
    // An interrupt removes the folder being written, which may make the
    // run fail (a file it was writing is gone) or lose its commit: the
    // interrupt reports and exits with its own status; wait for it.
    while output::folder::interrupted() {
        std::thread::park();
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            note!("Error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Some(Command::Run {
            scenario,
            print_plan,
            opts,
        }) => {
            if print_plan {
                out!("{}", plan::describe());
                return Ok(());
            }
            let file = scenario.context("a scenario file is needed (or --print-plan)")?;
            let scenarios = runner::load_all(&[file], &opts.overrides())?;
            execute(scenarios, opts, Mode::Folder(runner::Job::Run)).map(drop)
        }
        Some(Command::Compare { scenarios, opts }) => {
            let scenarios = runner::load_all(&scenarios, &opts.overrides())?;
            execute(scenarios, opts, Mode::Folder(runner::Job::Compare)).map(drop)
        }
        Some(Command::Sweep {
            scenario,
            vary,
            opts,
        }) => {
            let scenarios = runner::sweep_scenarios(&scenario, &opts.overrides(), &vary)?;
            execute(scenarios, opts, Mode::Folder(runner::Job::Sweep)).map(drop)
        }
        Some(Command::Animate { scenario, opts }) => {
            let scenarios = runner::load_all(&[scenario], &opts.overrides())?;
            execute(scenarios, opts, Mode::Animate).map(drop)
        }
        Some(Command::Check { files, set }) => check(&files, set),
        Some(Command::Params { scenario }) => params(&scenario),
        Some(Command::Plot { dir }) => plot(&dir),
        Some(Command::FitHealth { scenario }) => fit_health(&scenario),
        Some(Command::Reproduce {
            dir,
            threads,
            out,
            quiet,
        }) => reproduce(
            &dir,
            RunOpts {
                threads,
                out,
                quiet,
                ..RunOpts::default()
            },
        ),
        None => {
            // A comparison: its folder is output/compare/ unless --out says otherwise.
            let files = runner::shipped_scenarios(Path::new("scenarios"))?;
            let scenarios = runner::load_all(&files, &cli.opts.overrides())?;
            execute(scenarios, cli.opts, Mode::Folder(runner::Job::Compare)).map(drop)
        }
    }
}

/// Which command is running: it decides the default folder and what is written beyond
/// the CSV files, charts and report.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// One scenario, or several paired against the first (with deltas.csv).
    Folder(runner::Job),
    /// One scenario, with the teaching GIFs and the year-by-year account.
    Animate,
}

/// Runs the scenarios, writes their folder and returns where it was written.
fn execute(mut scenarios: Vec<scenario::Scenario>, opts: RunOpts, mode: Mode) -> Result<PathBuf> {
    if let Some(n) = opts.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .context("cannot start the thread pool")?;
    }
    let out = opts.out.clone().unwrap_or_else(|| {
        let name = match mode {
            Mode::Folder(runner::Job::Compare) => "compare".to_string(),
            Mode::Folder(runner::Job::Sweep) => "sweep".to_string(),
            _ => scenarios[0].name.clone(),
        };
        PathBuf::from("output").join(name)
    });
    if matches!(mode, Mode::Folder(job) if job.paired() && !job.writes_deltas(scenarios.len())) {
        note!(
            "Note: one scenario only ({}): written as a run; deltas.csv and cost_effectiveness.csv, \
             which set each scenario against the first, are left out. Name a second scenario to compare.",
            scenarios[0].file.display()
        );
    }
    // Scenarios that give the fit the same inputs share one fit. A scenario
    // refitted at load comes with its fitted curves (and refit off): no note.
    let mut inputs = Vec::new();
    let fit_of: Vec<usize> = scenarios
        .iter()
        .map(|sc| {
            let key = (&sc.health, &sc.mortality, sc.run.start_year);
            inputs.iter().position(|k| *k == key).unwrap_or_else(|| {
                inputs.push(key);
                inputs.len() - 1
            })
        })
        .collect();
    let found: Vec<Option<String>> = inputs
        .par_iter()
        .map(|(h, m, year)| ruralcare::health::misfit(h, m, *year))
        .collect();
    for (sc, k) in scenarios.iter().zip(fit_of) {
        let Some(m) = &found[k] else {
            continue;
        };
        let name = &sc.name;
        note!(
            "Note: {name}: [health.transitions] are not the fit of its prevalence table, recoveries, from_age \
             and mortality ({m}), so its prevalence drifts from [health.prevalence]. Set \
             health.transitions.refit = true to fit them at load."
        );
    }
    if let Some(sc) = scenarios.first() {
        let built = runner::effective_scale(sc);
        if built > 1.5 * sc.run.scale {
            note!(
                "Note: scale {} builds {:.2} % of the region's villages (whole villages, at least one to a county); \
                 the *_scaled figures divide by that share.",
                sc.run.scale,
                100.0 * built
            );
        }
    }
    let total: u64 = scenarios.iter().map(runner::work_units).sum();
    let bar = if opts.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden())
    } else {
        ProgressBar::new(total)
    };
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {elapsed_precise} [{bar:40}] {percent}% county-years, eta {eta}",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    let tick = || bar.inc(1);
    let (dir, files, account) = match mode {
        Mode::Animate => {
            let scenario = scenarios.pop().context("no scenario given")?;
            let (dir, files, account) = runner::animate_to_folder(scenario, &out, &tick)?;
            (dir, files, Some(account))
        }
        Mode::Folder(job) => {
            let (dir, files) = runner::run_to_folder(scenarios, &out, job, &tick)?;
            (dir, files, None)
        }
    };
    bar.finish_and_clear();
    if let Some(account) = account {
        out!("{account}\n\n");
    }
    if !opts.quiet {
        out!("wrote {}:\n", dir.display());
        for f in &files {
            out!("  {}\n", f.display());
        }
        if mode == Mode::Animate {
            for gif in ["pyramid.gif", "villages.gif"] {
                out!("animation: {}\n", dir.join(gif).display());
            }
        }
        out!("report: {}\n", dir.join("report.html").display());
        // The folder is written; a brief that cannot be read from it is left out.
        if mode != Mode::Animate
            && let Ok(out) = report::Output::load(&dir)
        {
            out!("\n{}", report::Brief::of(&out));
        }
    }
    Ok(dir)
}

/// Runs an output folder's recorded job again from its manifest (into `opts.out`, by
/// default a sibling named with `-reproduced`) and compares the result files of both.
fn reproduce(dir: &Path, mut opts: RunOpts) -> Result<()> {
    let recorded = reproduce::recorded(dir)?;
    let mode = match recorded.command.as_str() {
        "run" => Mode::Folder(runner::Job::Run),
        "compare" => Mode::Folder(runner::Job::Compare),
        "sweep" => Mode::Folder(runner::Job::Sweep),
        _ => Mode::Animate, // the only other command `recorded` accepts
    };
    let out = match opts.out.take() {
        Some(out) => out,
        None => {
            let whole = dir
                .canonicalize()
                .with_context(|| format!("cannot find {}", dir.display()))?;
            let name = whole.file_name().context("the folder has no name")?;
            let name = format!("{}-reproduced", name.to_string_lossy());
            match dir.file_name() {
                Some(_) => dir.with_file_name(name),
                None => whole.with_file_name(name),
            }
        }
    };
    // The new run replaces its folder whole: never the one to compare with, nor
    // one that holds it or lies in it.
    let (new, old) = (
        output::folder::resolved(&out),
        output::folder::resolved(dir),
    );
    let how = if new == old {
        Some("is the folder to reproduce")
    } else if new.starts_with(&old) {
        Some("lies in the folder to reproduce")
    } else if old.starts_with(&new) {
        Some("holds the folder to reproduce")
    } else {
        None
    };
    if let Some(how) = how {
        anyhow::bail!(
            "--out {} {how}: write the new run elsewhere to compare the two",
            out.display()
        );
    }
    let version = env!("CARGO_PKG_VERSION");
    if recorded.version != version {
        note!(
            "Note: {} was written by ruralcare {}, this is {version}: its figures may differ.",
            dir.display(),
            recorded.version
        );
    }
    opts.out = Some(out);
    let again = execute(recorded.scenarios, opts, mode)?;
    let (files, differing) = reproduce::differences(dir, &again)?;
    if differing.is_empty() {
        out!(
            "reproduced: the {files} result files of {} and {} are identical byte for byte\n",
            dir.display(),
            again.display()
        );
        Ok(())
    } else {
        anyhow::bail!(
            "not reproduced: {} of the {files} result files of {} differ in {}:\n  {}",
            differing.len(),
            dir.display(),
            again.display(),
            differing.join("\n  ")
        )
    }
}

/// Prints the fitted health-transition curves and how well they reproduce the prevalence table.
fn fit_health(file: &Path) -> Result<()> {
    let sc = scenario::load(file, &scenario::Overrides::default())?;
    let fit = ruralcare::health::fit(&sc.health, &sc.mortality, sc.run.start_year)
        .with_context(|| format!("{}", file.display()))?;
    out!(
        "# [health.transitions] fitted to [health.prevalence] of {}\n",
        file.display()
    );
    for (name, c) in ruralcare::health::STATE_KEYS.iter().zip(fit.progression) {
        out!(
            "{name}_intercept = {:.4}\n{name}_slope = {:.5}\n{name}_curvature = {:.6}\n",
            c.intercept,
            c.slope,
            c.curvature
        );
    }
    out!("\n# band: table → fitted cohort (survivors of each age weighted alike)\n");
    for (state, band, target, got) in &fit.by_band {
        out!(
            "# {:<8} {band:>6}: {target:.4} → {got:.4}\n",
            format!("{state:?}")
        );
    }
    out!("\n# age: fitted cohort Frail/Disabled/Severe\n");
    for (age, cohort) in fit.by_age.iter().step_by(5) {
        out!(
            "# {age:>3}: {:.3} {:.3} {:.3}\n",
            cohort[0],
            cohort[1],
            cohort[2]
        );
    }
    Ok(())
}

/// Re-draws the charts and report of an output folder from its CSV files.
fn plot(dir: &Path) -> Result<()> {
    let r = runner::replot_folder(dir)?;
    out!(
        "wrote {} and {} chart files\n",
        r.report.display(),
        r.charts.len()
    );
    Ok(())
}

fn check(files: &[PathBuf], set: Vec<(String, String)>) -> Result<()> {
    let overrides = scenario::Overrides {
        set,
        ..Default::default()
    };
    runner::load_all(files, &overrides)?;
    out!("{} scenario file(s) valid\n", files.len());
    Ok(())
}

/// Prints the parameter table (Markdown) of a scenario: every parameter with unit, range, value and source.
fn params(file: &Path) -> Result<()> {
    out!(
        "{}",
        scenario::load(file, &scenario::Overrides::default())?.param_table()
    );
    Ok(())
}
