//! Running scenarios end to end: load and validate, simulate, write the
//! output folder atomically. Printing and argument parsing stay in the binary.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};

use crate::output::manifest::{RunMeta, now_utc};
use crate::output::{ScenarioResult, folder::AtomicDir, write_all};
use crate::population::layout;
use crate::report::Account;
use crate::scenario::diag::{Diagnostic, Origin, ScenarioError};
use crate::scenario::{self, Overrides, Scenario};
use crate::sim::{self, Overgrown};

/// Loads every scenario, collecting all problems of all files before failing.
/// Each problem is reported once: one of a file that several others extend
/// is found with each of them.
pub fn load_all(files: &[PathBuf], overrides: &Overrides) -> Result<Vec<Scenario>> {
    let mut loaded = Vec::new();
    // Every problem, with the files it was found in.
    let mut found: Vec<(Diagnostic, Vec<&Path>)> = Vec::new();
    let mut read = 0;
    for f in files {
        let problems = match scenario::source::load(f) {
            Ok(merged) => {
                read += 1;
                match scenario::load_tree(merged, f, overrides) {
                    Ok(s) => {
                        loaded.push(s);
                        continue;
                    }
                    Err(e) => e.0,
                }
            }
            Err(e) => e,
        };
        for d in problems {
            match found.iter_mut().find(|(x, _)| *x == d) {
                Some((_, with)) => with.push(f),
                None => found.push((d, vec![f])),
            }
        }
    }
    // The command line's problems last; one it makes with some of the files
    // read only (it changes those only) names them.
    found.sort_by_key(|(d, _)| matches!(d.origin, Origin::CommandLine(_)));
    let problems: Vec<Diagnostic> = found
        .into_iter()
        .map(|(mut d, with)| {
            if matches!(d.origin, Origin::CommandLine(_)) && with.len() < read {
                let names: Vec<String> = with.iter().map(|f| f.display().to_string()).collect();
                d.message = format!("{} (with {})", d.message, names.join(", "));
            }
            d
        })
        .collect();
    if problems.is_empty() {
        Ok(loaded)
    } else {
        Err(ScenarioError(problems).into())
    }
}

/// The shipped scenarios of `dir` for the default comparison: every `*.toml` but the
/// classroom one (a teaching run at another scale), baseline first as the reference, the
/// rest by name. One alone (baseline only) is run without the paired tables.
pub fn shipped_scenarios(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| {
            format!(
                "cannot read {} (run from the project folder)",
                dir.display()
            )
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| e == "toml")
                && p.file_stem().is_some_and(|s| s != "classroom")
        })
        .collect();
    files.sort_by_key(|p| (p.file_stem().is_none_or(|s| s != "baseline"), p.clone()));
    if files.is_empty() {
        anyhow::bail!("{} holds no scenario files", dir.display());
    }
    Ok(files)
}

/// Number of county-years one scenario simulates (for progress bars).
pub fn work_units(sc: &Scenario) -> u64 {
    let counties = layout::plan(&sc.region, sc.run.scale).len() as u64;
    counties * u64::from(sc.run.replications) * (sc.run.steps() as u64 + 1)
}

/// Simulates one scenario.
pub fn simulate(sc: Scenario, tick: &(dyn Fn() + Sync)) -> Result<ScenarioResult, Overgrown> {
    Ok(simulate_all(vec![sc], tick)?
        .pop()
        .expect("one result per scenario"))
}

/// Simulates several scenarios, each exactly as [`simulate`] would alone;
/// scenarios with the same start share its synthesis (see [`sim::run_all`]).
pub fn simulate_all(
    scenarios: Vec<Scenario>,
    tick: &(dyn Fn() + Sync),
) -> Result<Vec<ScenarioResult>, Overgrown> {
    let runs = sim::run_all(&scenarios, tick)?;
    Ok(scenarios
        .into_iter()
        .zip(runs)
        .map(|(sc, reps)| ScenarioResult {
            effective_scale: effective_scale(&sc),
            scenario: sc,
            reps,
        })
        .collect())
}

/// The share of the region's villages a run of `sc` builds: its scale, rounded
/// to whole villages (at least one to each county built).
pub fn effective_scale(sc: &Scenario) -> f64 {
    let built: u32 = layout::plan(&sc.region, sc.run.scale)
        .iter()
        .map(|c| c.villages.len() as u32)
        .sum();
    f64::from(built) / f64::from(sc.region.villages)
}

/// One-at-a-time sensitivity runs of the scenario in `file`: the scenario as
/// it is (the reference), then the scenario once for each value of each
/// varied key, named `key=value`. Every problem of every variant is
/// reported at once. The `[run]` table cannot vary: the runs are paired.
pub fn sweep_scenarios(
    file: &Path,
    overrides: &Overrides,
    vary: &[(String, Vec<String>)],
) -> Result<Vec<Scenario>> {
    let mut variants = Vec::new();
    for (key, values) in vary {
        if key == "run" || key.starts_with("run.") {
            anyhow::bail!(
                "--vary {key}: the runs of a sweep share [run] (seed, replications, years, scale and discount rate), \
                 so that their differences are paired; set it for all with --set or the run options"
            );
        }
        for value in values {
            let name = format!("{key}={value}");
            if variants.iter().any(|(n, _)| n == &name) {
                anyhow::bail!("--vary gives {name} twice");
            }
            let mut o = overrides.clone();
            o.vary.push((key.clone(), value.clone()));
            variants.push((name, o));
        }
    }
    let (mut loaded, mut problems) = match scenario::load(file, overrides) {
        Ok(s) => (vec![s], Vec::new()),
        Err(e) => (Vec::new(), e.0),
    };
    let reference_failed = loaded.is_empty();
    for (name, o) in variants {
        match scenario::load(file, &o) {
            Ok(mut s) if !reference_failed => {
                s.description = format!("{} with {}", loaded[0].name, name.replacen('=', " = ", 1));
                s.name = name;
                loaded.push(s);
            }
            Ok(_) => {}
            // Each variant's own problems; the reference's are listed once.
            Err(e) if reference_failed => problems.extend(
                e.0.into_iter()
                    .filter(|d| d.origin == Origin::CommandLine("--vary")),
            ),
            // A problem found elsewhere than at `--vary` (in a file, where the
            // value changed what else must be there) names the variant.
            Err(e) => problems.extend(e.0.into_iter().map(|mut d| {
                if d.origin != Origin::CommandLine("--vary") {
                    d.message = format!("{} (with --vary {name})", d.message);
                }
                d
            })),
        }
    }
    if !problems.is_empty() {
        // A problem every variant shares (an unknown key to vary) is listed once.
        let mut once: Vec<Diagnostic> = Vec::with_capacity(problems.len());
        for d in problems {
            if !once.contains(&d) {
                once.push(d);
            }
        }
        return Err(ScenarioError(once).into());
    }
    // Two values written differently may set the same ("0.5" and "0.50"):
    // each variant must differ from every other in what it runs.
    let variants = &loaded[1..];
    let runs: Vec<toml::Table> = variants
        .iter()
        .map(|s| {
            let mut t = s.resolved.clone();
            t.remove("description");
            t
        })
        .collect();
    for (i, a) in runs.iter().enumerate() {
        if let Some(j) = runs[..i].iter().position(|b| b == a) {
            anyhow::bail!(
                "--vary gives {} and {}, which run the same scenario; expected each value once",
                variants[j].name,
                variants[i].name
            );
        }
    }
    Ok(loaded)
}

/// What a folder holds: one scenario, or several paired against the first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Job {
    Run,
    /// Scenario files against the first (`ruralcare compare`).
    Compare,
    /// One scenario against itself with parameters varied (`ruralcare sweep`).
    Sweep,
}

impl Job {
    /// The command's name, for the manifest.
    pub fn command(self) -> &'static str {
        match self {
            Job::Run => "run",
            Job::Compare => "compare",
            Job::Sweep => "sweep",
        }
    }

    /// Whether the scenarios are paired against the first.
    pub fn paired(self) -> bool {
        self != Job::Run
    }

    /// Whether `deltas.csv` and `cost_effectiveness.csv`, which set each
    /// scenario against the first, are written for `scenarios` scenarios:
    /// in a paired job with a scenario besides the reference.
    pub fn writes_deltas(self, scenarios: usize) -> bool {
        self.paired() && scenarios > 1
    }
}

/// Runs scenarios and writes their folder: CSV files, manifest, charts and
/// report.html, all or nothing. For a paired job every scenario must share
/// the reference's seed, replications and years, so differences are paired;
/// `deltas.csv` and `cost_effectiveness.csv` are written too when there is a
/// scenario besides the reference.
pub fn run_to_folder(
    scenarios: Vec<Scenario>,
    out: &Path,
    job: Job,
    tick: &(dyn Fn() + Sync),
) -> Result<(PathBuf, Vec<PathBuf>)> {
    if job.paired() {
        let reference = scenarios.first().context("no scenario given")?;
        // Output rows are keyed by scenario name (the file stem).
        for (k, s) in scenarios.iter().enumerate() {
            if let Some(first) = scenarios[..k].iter().find(|x| x.name == s.name) {
                anyhow::bail!(
                    "{} and {} are both named {:?}: the output's rows are keyed by scenario name (the file name without .toml), \
                     so the scenarios of a comparison must have different names",
                    first.file.display(),
                    s.file.display(),
                    s.name
                );
            }
        }
        for s in &scenarios[1..] {
            let differences = s.run_differences(reference);
            if !differences.is_empty() {
                anyhow::bail!(
                    "{}: [run] differs from the reference {} (seed, replications, years, scale and discount rate must match for paired differences); \
                     set them in both files or on the command line:\n  {}",
                    s.file.display(),
                    reference.file.display(),
                    differences.join("\n  ")
                );
            }
        }
    }
    let with_deltas = job.writes_deltas(scenarios.len());
    let (dir, files, ()) =
        write_folder(scenarios, out, job.command(), with_deltas, tick, |_| Ok(()))?;
    Ok((dir, files))
}

/// Runs one scenario for teaching and writes its folder as [`run_to_folder`] does, plus
/// `pyramid.gif` and `villages.gif`, all or nothing. Returns the folder, its files and the
/// year-by-year account to print.
pub fn animate_to_folder(
    scenario: Scenario,
    out: &Path,
    tick: &(dyn Fn() + Sync),
) -> Result<(PathBuf, Vec<PathBuf>, Account)> {
    write_folder(vec![scenario], out, "animate", false, tick, |dir| {
        crate::report::animate(dir).context("cannot draw the animations")
    })
}

/// Re-draws the charts and report.html of an output folder from its CSV files, all or
/// nothing: they are drawn into a temporary sibling, the folder's other files are linked
/// there (copied where a link fails), and the sibling replaces the folder only when all
/// succeeded. Charts the folder held that are not drawn now go with it.
pub fn replot_folder(dir: &Path) -> Result<crate::report::Rendered> {
    // Read first: a folder that is not an output leaves nothing created beside it.
    let data = crate::report::Output::load(dir)?;
    let temp = AtomicDir::create(dir)?;
    let rendered = crate::report::render_to(&data, temp.path())?;
    keep_files(
        dir,
        temp.path(),
        &[Path::new("charts"), Path::new("report.html")],
    )?;
    let drawn_in = temp.path().to_path_buf();
    let target = temp.commit()?;
    Ok(rendered.moved(&drawn_in, &target))
}

/// Links every entry of `from` but those named in `except` into `to`, folders
/// entry by entry; a file that cannot be linked (another file system) is copied.
fn keep_files(from: &Path, to: &Path, except: &[&Path]) -> Result<()> {
    for entry in
        std::fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))?
    {
        let entry = entry.with_context(|| format!("cannot read {}", from.display()))?;
        let name = PathBuf::from(entry.file_name());
        if except.contains(&name.as_path()) {
            continue;
        }
        let (src, dst) = (entry.path(), to.join(&name));
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            std::fs::create_dir(&dst)
                .with_context(|| format!("cannot create {}", dst.display()))?;
            keep_files(&src, &dst, &[])?;
        } else if std::fs::hard_link(&src, &dst).is_err() {
            std::fs::copy(&src, &dst)
                .with_context(|| format!("cannot copy {} to {}", src.display(), dst.display()))?;
        }
    }
    Ok(())
}

/// Simulates, writes the CSV files (`deltas.csv` and `cost_effectiveness.csv` too when
/// `with_deltas`), manifest, charts and
/// report, then whatever `finish` adds, into a temporary folder that replaces `out` only
/// when all succeeded. Returns the folder, every file in it (charts included) and what
/// `finish` returned.
fn write_folder<T>(
    scenarios: Vec<Scenario>,
    out: &Path,
    command: &'static str,
    with_deltas: bool,
    tick: &(dyn Fn() + Sync),
    finish: impl FnOnce(&Path) -> Result<T>,
) -> Result<(PathBuf, Vec<PathBuf>, T)> {
    let dir = AtomicDir::create(out)?;
    let started = now_utc();
    let clock = Instant::now();
    let results = simulate_all(scenarios, tick)?;
    let meta = RunMeta {
        command,
        threads: rayon::current_num_threads(),
        started,
        wall_seconds: clock.elapsed().as_secs_f64(),
    };
    write_all(dir.path(), &meta, &results, with_deltas)?;
    crate::report::render(dir.path()).context("cannot draw the charts and report")?;
    let extra = finish(dir.path())?;
    let names = files_in(dir.path())?;
    let target = dir.commit()?;
    let files = names.into_iter().map(|n| target.join(n)).collect();
    Ok((target, files, extra))
}

/// Every file under `dir` as a path relative to it: the folder's own files first, then each
/// subfolder's, each sorted by name.
pub(crate) fn files_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort_by_key(|p| (p.is_dir(), p.clone()));
    let mut names = Vec::new();
    for path in entries {
        let Some(name) = path.file_name().map(PathBuf::from) else {
            continue;
        };
        if path.is_dir() {
            names.extend(files_in(&path)?.into_iter().map(|n| name.join(n)));
        } else {
            names.push(name);
        }
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_scenarios_start_with_baseline_and_leave_out_classroom() {
        let dir = tempfile::tempdir().unwrap();
        for f in [
            "mutual_aid.toml",
            "classroom.toml",
            "baseline.toml",
            "combined.toml",
            "notes.md",
        ] {
            std::fs::write(dir.path().join(f), "").unwrap();
        }
        let names: Vec<String> = shipped_scenarios(dir.path())
            .unwrap()
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["baseline.toml", "combined.toml", "mutual_aid.toml"]);
        let only = tempfile::tempdir().unwrap();
        std::fs::write(only.path().join("baseline.toml"), "").unwrap();
        assert_eq!(shipped_scenarios(only.path()).unwrap().len(), 1);
        let empty = tempfile::tempdir().unwrap();
        let err = shipped_scenarios(empty.path()).unwrap_err().to_string();
        assert!(err.contains("holds no scenario files"), "{err}");
    }
}
