//! Running an output folder's job again from its manifest alone, and checking
//! that the result files come out the same: the scenarios are read from the
//! manifest's fully resolved tables, not from the scenario files, which may
//! have changed or gone since.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};

use crate::output::folder::{NOT_REGULAR, read_regular};
use crate::output::manifest::MANIFEST;
use crate::runner;
use crate::scenario::diag::{Diagnostic, Origin, ScenarioError};
use crate::scenario::source::{self, Node, Table, Value};
use crate::scenario::{self, RunParams, Scenario};

/// A run as its folder's manifest records it: enough to run it again.
pub struct Recorded {
    /// The command that wrote the folder: `run`, `compare`, `sweep` or `animate`.
    pub command: String,
    /// The version of ruralcare that wrote it.
    pub version: String,
    /// The scenarios in the order they were run (the reference first).
    pub scenarios: Vec<Scenario>,
}

/// Reads `dir/manifest.toml`: the command, the version and every scenario from
/// its `[resolved.<name>]` table, validated as a scenario file is. Every problem
/// is reported at once, naming the manifest's line and the key
/// (`resolved.<name>.<key>`).
pub fn recorded(dir: &Path) -> Result<Recorded> {
    if !dir.is_dir() {
        anyhow::bail!("{} is not a folder", dir.display());
    }
    let path = dir.join(MANIFEST);
    if !path.exists() {
        anyhow::bail!(
            "{} holds no {MANIFEST}: it is not a folder written by ruralcare",
            dir.display()
        );
    }
    if !path.is_file() {
        anyhow::bail!("{} is {NOT_REGULAR}", path.display());
    }
    let tree = source::parse_file(&path).map_err(ScenarioError)?;
    let file: Arc<str> = Arc::from(path.display().to_string());
    let at_top = Origin::File {
        file,
        line: 1,
        col: 1,
    };
    let mut problems = Vec::new();
    let mut problem = |origin: &Origin, key: &str, message: String| {
        problems.push(Diagnostic {
            origin: origin.clone(),
            path: key.to_string(),
            message,
        })
    };
    let run = table(&tree, "run", &at_top, &mut problem);
    // The string at `key` of table `t` (at TOML path `within`).
    let text = |t: Option<&Table>,
                within: &str,
                key: &str,
                problem: &mut dyn FnMut(&Origin, &str, String)| {
        let t = t?;
        match t.get(key).map(|n| &n.value) {
            Some(Value::Str(s)) => Some(s.clone()),
            found => {
                let origin = t.get(key).map_or(&at_top, |n| &n.origin);
                problem(
                    origin,
                    &format!("{within}.{key}"),
                    format!("expected a string, found {}", shown(found)),
                );
                None
            }
        }
    };
    let command = text(run, "run", "command", &mut problem).map(|c| {
        if !["run", "compare", "sweep", "animate"].contains(&c.as_str()) {
            let origin = run
                .and_then(|t| t.get("command"))
                .map_or(&at_top, |n| &n.origin);
            problem(
                origin,
                "run.command",
                format!("expected run, compare, sweep or animate, found {c:?}"),
            );
        }
        c
    });
    let version = text(run, "run", "version", &mut problem);
    let resolved = table(&tree, "resolved", &at_top, &mut problem);
    let listed: &[Node] = match tree.get("scenarios").map(|n| &n.value) {
        Some(Value::Array(a)) if !a.is_empty() => a,
        found => {
            let origin = tree.get("scenarios").map_or(&at_top, |n| &n.origin);
            problem(
                origin,
                "scenarios",
                format!(
                    "expected an array of tables [[scenarios]] naming what was run, found {}",
                    shown(found)
                ),
            );
            &[]
        }
    };
    let mut scenarios = Vec::new();
    // Each scenario read, with its name and its resolved [run] table.
    let mut runs: Vec<(String, &Table)> = Vec::new();
    for (k, entry) in listed.iter().enumerate() {
        let within = format!("scenarios[{k}]");
        let Value::Table(info) = &entry.value else {
            problem(
                &entry.origin,
                &within,
                format!("expected a table, found {}", entry.value.type_name()),
            );
            continue;
        };
        let (Some(name), Some(description), Some(file)) = (
            text(Some(info), &within, "name", &mut problem),
            text(Some(info), &within, "description", &mut problem),
            text(Some(info), &within, "file", &mut problem),
        ) else {
            continue;
        };
        let Some(resolved) = resolved else {
            continue; // reported above
        };
        let Some(tree) = resolved.get(&name) else {
            problem(
                &entry.origin,
                &format!("resolved.{name}"),
                format!("scenario {name:?} is listed but has no [resolved.{name}] table"),
            );
            continue;
        };
        let Value::Table(tree) = &tree.value else {
            problem(
                &tree.origin,
                &format!("resolved.{name}"),
                format!("expected a table, found {}", tree.value.type_name()),
            );
            continue;
        };
        match scenario::read(tree, &path, Vec::new()) {
            Ok(mut s) => {
                if let Some(Node {
                    value: Value::Table(run),
                    ..
                }) = tree.get("run")
                {
                    runs.push((name.clone(), run));
                }
                s.name = name;
                s.description = description;
                s.file = PathBuf::from(file);
                scenarios.push(s);
            }
            Err(e) => {
                for d in e.0 {
                    let key = match d.path.as_str() {
                        "" => format!("resolved.{name}"),
                        key => format!("resolved.{name}.{key}"),
                    };
                    problem(&d.origin, &key, d.message);
                }
            }
        }
    }
    if let Some(c) = &command {
        one_job(c, listed.len(), &runs, run, &at_top, &mut problem);
    }
    if !problems.is_empty() {
        return Err(ScenarioError(problems).into());
    }
    Ok(Recorded {
        command: command.context("checked above")?,
        version: version.context("checked above")?,
        scenarios,
    })
}

/// Checks that the scenarios make one job of `command`: one scenario for `run`
/// and `animate`; for `compare` and `sweep`, the reference's `[run]` in each
/// (the pairing), each difference reported at the manifest's line of it.
fn one_job(
    command: &str,
    listed: usize,
    runs: &[(String, &Table)],
    run: Option<&Table>,
    at_top: &Origin,
    problem: &mut dyn FnMut(&Origin, &str, String),
) {
    if matches!(command, "run" | "animate") && listed != 1 {
        let origin = run
            .and_then(|t| t.get("command"))
            .map_or(at_top, |n| &n.origin);
        problem(
            origin,
            "run.command",
            format!(
                "`{command}` runs one scenario; expected one [[scenarios]] entry, found {listed}"
            ),
        );
        return;
    }
    let Some(((first, reference), others)) = runs.split_first() else {
        return;
    };
    // The manifest's own [run] summarises the reference's: an edit to one
    // that the other does not share is reported, not ignored.
    if let Some(top) = run {
        for key in ["seed", "replications", "start_year", "end_year", "scale"] {
            if let (Some(said), Some(ran)) = (top.get(key), reference.get(key))
                && said.value != ran.value
            {
                problem(
                    &said.origin,
                    &format!("run.{key}"),
                    format!(
                        "expected {} as in resolved.{first}.run, which the run used",
                        ran.value.show()
                    ),
                );
            }
        }
        if let Some(said) = top.get("reference")
            && said.value != Value::Str(first.clone())
        {
            problem(
                &said.origin,
                "run.reference",
                format!("expected {first:?}, the first of [[scenarios]]"),
            );
        }
    }
    for (name, run) in others {
        for key in RunParams::PAIRED_KEYS {
            let (theirs, ours) = (reference.get(key), run.get(key));
            if theirs.map(|n| &n.value) != ours.map(|n| &n.value) {
                problem(
                    ours.map_or(at_top, |n| &n.origin),
                    &format!("resolved.{name}.run.{key}"),
                    format!(
                        "expected {} as in resolved.{first}.run: the scenarios of a `{command}` are paired \
                         with the reference and share its {}",
                        theirs.map_or_else(|| "nothing".into(), |n| n.value.show()),
                        RunParams::PAIRED_KEYS.join(", ")
                    ),
                );
            }
        }
    }
}

/// The table at `key` of `tree`, or a problem saying it is missing or not a table.
fn table<'a>(
    tree: &'a Table,
    key: &str,
    at_top: &Origin,
    problem: &mut dyn FnMut(&Origin, &str, String),
) -> Option<&'a Table> {
    match tree.get(key) {
        Some(Node {
            value: Value::Table(t),
            ..
        }) => Some(t),
        Some(n) => {
            problem(
                &n.origin,
                key,
                format!("expected a table, found {}", n.value.type_name()),
            );
            None
        }
        None => {
            problem(at_top, key, "missing: expected a table".into());
            None
        }
    }
}

fn shown(found: Option<&Value>) -> String {
    found.map_or_else(|| "nothing".into(), |v| v.type_name().to_string())
}

/// Files that record when and how a run went (start time, wall time,
/// threads) rather than what it gave: not compared.
const RECORDS_OF_THE_RUN: [&str; 2] = [MANIFEST, "report.html"];

/// The result files (CSV files, charts, animations) of `original` that `again`
/// does not hold byte for byte alike, each with where it first differs; also
/// those only `again` holds. Returns how many result files the two hold
/// between them and the differences, empty when all agree.
pub fn differences(original: &Path, again: &Path) -> Result<(usize, Vec<String>)> {
    let results = |dir: &Path| -> Result<Vec<PathBuf>> {
        let mut names = runner::files_in(dir)?;
        names.retain(|n| !RECORDS_OF_THE_RUN.iter().any(|r| n == Path::new(r)));
        Ok(names)
    };
    let (before, after) = (results(original)?, results(again)?);
    let mut found = Vec::new();
    for name in &before {
        let shown = name.display();
        if !after.contains(name) {
            found.push(format!("{shown}: not written again"));
            continue;
        }
        let read = |dir: &Path| {
            read_regular(&dir.join(name))
                .with_context(|| format!("cannot read {}", dir.join(name).display()))
        };
        let (a, b) = (read(original)?, read(again)?);
        if a != b {
            let is = |ext: &str| name.extension().is_some_and(|e| e == ext);
            let at = if is("csv") || is("svg") {
                first_difference(&a, &b, is("csv"))
            } else {
                let byte = a.iter().zip(&b).position(|(x, y)| x != y);
                format!(
                    "differs from byte {} ({} bytes in the original, {} again)",
                    byte.unwrap_or(a.len().min(b.len())),
                    a.len(),
                    b.len()
                )
            };
            found.push(format!("{shown}: {at}"));
        }
    }
    let only_again: Vec<_> = after.iter().filter(|n| !before.contains(n)).collect();
    for name in &only_again {
        found.push(format!("{}: not in the original", name.display()));
    }
    Ok((before.len() + only_again.len(), found))
}

/// Where two different texts first part: the line and both versions of it,
/// or, in a CSV file whose line has the same number of fields in both, the
/// first differing column (named by the header) and both values.
fn first_difference(a: &[u8], b: &[u8], csv: bool) -> String {
    let lines = |t: &[u8]| -> Vec<String> {
        t.strip_suffix(b"\n")
            .unwrap_or(t)
            .split(|&c| c == b'\n')
            .map(|l| String::from_utf8_lossy(l).into_owned())
            .collect()
    };
    let (la, lb) = (lines(a), lines(b));
    let Some(k) = la.iter().zip(&lb).position(|(x, y)| x != y) else {
        return format!("{} lines in the original, {} again", la.len(), lb.len());
    };
    let (x, y) = (&la[k], &lb[k]);
    let (fx, fy): (Vec<&str>, Vec<&str>) = (x.split(',').collect(), y.split(',').collect());
    let header: Vec<&str> = la[0].split(',').collect();
    if csv && k > 0 && fx.len() == fy.len() && fx.len() == header.len() {
        let c = fx.iter().zip(&fy).position(|(p, q)| p != q).unwrap_or(0);
        return format!(
            "line {}, column {}: {} in the original, {} again",
            k + 1,
            header[c],
            fx[c],
            fy[c]
        );
    }
    let clip = |s: &str| {
        if s.chars().count() > 120 {
            format!("{}…", s.chars().take(120).collect::<String>())
        } else {
            s.to_string()
        }
    };
    format!(
        "line {} differs\n    original: {}\n    again:    {}",
        k + 1,
        clip(x),
        clip(y)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_difference_names_its_line_and_column_and_both_versions() {
        let (a, b) = (b"a,b\n1,2\n3,4\n", b"a,b\n1,2\n3,5\n");
        assert_eq!(
            first_difference(a, b, true),
            "line 3, column b: 4 in the original, 5 again"
        );
        let d = first_difference(a, b, false);
        assert!(d.starts_with("line 3 differs"), "{d}");
        assert!(
            d.contains("original: 3,4") && d.contains("again:    3,5"),
            "{d}"
        );
        let d = first_difference(b"a,b\n1,2\n", b"a,b\n1,2,3\n", true);
        assert!(
            d.contains("original: 1,2") && d.contains("again:    1,2,3"),
            "{d}"
        );
        let d = first_difference(b"a\n1\n", b"a\n1\n2\n", true);
        assert_eq!(d, "2 lines in the original, 3 again");
    }

    #[test]
    fn files_of_either_folder_count_among_those_compared() {
        // One file alike, one changed, one missing again, one new.
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        for (dir, files) in [
            (
                &a,
                [
                    ("same.csv", "x\n1\n"),
                    ("changed.csv", "x\n1\n"),
                    ("gone.csv", "x\n"),
                ],
            ),
            (
                &b,
                [
                    ("same.csv", "x\n1\n"),
                    ("changed.csv", "x\n2\n"),
                    ("new.csv", "x\n"),
                ],
            ),
        ] {
            for (name, text) in files {
                std::fs::write(dir.path().join(name), text).unwrap();
            }
        }
        let (files, found) = differences(a.path(), b.path()).unwrap();
        assert_eq!(files, 4);
        assert_eq!(found.len(), 3, "{found:?}");
    }

    #[test]
    fn a_folder_without_a_manifest_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = format!("{:#}", recorded(dir.path()).err().unwrap());
        assert!(err.contains("holds no manifest.toml"), "{err}");
    }

    #[test]
    fn every_problem_of_a_manifest_is_named_with_its_line_and_key() {
        let dir = tempfile::tempdir().unwrap();
        let text = "[run]\ncommand = \"draw\"\nversion = 1\n\n[[scenarios]]\nname = \"a\"\n\
                    description = \"\"\nfile = \"a.toml\"\n";
        std::fs::write(dir.path().join(MANIFEST), text).unwrap();
        let err = format!("{:#}", recorded(dir.path()).err().unwrap());
        for expected in [
            "manifest.toml:2:1: run.command: expected run, compare, sweep or animate, found \"draw\"",
            "manifest.toml:3:1: run.version: expected a string, found an integer",
            "resolved: missing: expected a table",
        ] {
            assert!(err.contains(expected), "{expected:?} in:\n{err}");
        }
    }
}
