//! `ruralcare reproduce`: an output folder's job run again from its manifest
//! alone gives the same result files byte for byte, whatever has become of the
//! scenario files; a changed result or a broken manifest is named.

mod common;

use std::path::Path;

use common::{refused, ruralcare};

/// A scenario of its own in `dir`, extending the shipped baseline: small, with
/// a lever set so that a run of the baseline would not give the same figures,
/// and another phased in by the policy schedule.
fn own_scenario(dir: &Path) -> std::path::PathBuf {
    let baseline = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml");
    let file = dir.join("mine.toml");
    std::fs::write(
        &file,
        format!(
            "extends = {:?}\ndescription = \"Test: a lever on a small region\"\n\n\
             [run]\nscale = 0.002\nreplications = 2\nend_year = 2024\n\n\
             [migration]\nreturn_incentive = 0.5\n\n\
             [[schedule]]\nfrom_year = 2022\nltc_insurance = {{ coverage = 1.0 }}\n",
            baseline.display().to_string()
        ),
    )
    .unwrap();
    file
}

/// Runs [`own_scenario`] into `dir/run` and returns that folder.
fn run_own_scenario(dir: &Path) -> std::path::PathBuf {
    let (file, run) = (own_scenario(dir), dir.join("run"));
    let args = ["run", file.to_str().unwrap(), "--quiet", "--out"];
    ok(&[&args[..], &[run.to_str().unwrap()]].concat());
    run
}

fn ok(args: &[&str]) -> String {
    let run = ruralcare().args(args).assert().success();
    String::from_utf8(run.get_output().stdout.clone()).unwrap()
}

fn failure(args: &[&str]) -> String {
    let run = ruralcare().args(args).assert().failure();
    String::from_utf8(run.get_output().stderr.clone()).unwrap()
}

fn text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn a_run_and_a_sweep_are_reproduced_from_their_manifests_after_the_scenario_file_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let file = own_scenario(dir.path());
    let (run, sweep) = (dir.path().join("run"), dir.path().join("sweep"));
    let f = file.to_str().unwrap();
    ok(&[
        "run",
        f,
        "--quiet",
        "--threads",
        "2",
        "--out",
        run.to_str().unwrap(),
    ]);
    ok(&[
        "sweep",
        f,
        "--vary",
        "care.family.nearby_child_hours=7,21",
        "--set",
        "finance.supervision=0.5",
        "--quiet",
        "--out",
        sweep.to_str().unwrap(),
    ]);
    std::fs::remove_file(&file).unwrap();
    for (folder, files) in [(&run, 32), (&sweep, 0)] {
        let said = ok(&[
            "reproduce",
            folder.to_str().unwrap(),
            "--threads",
            "1",
            "--quiet",
        ]);
        let again = folder.with_file_name(format!(
            "{}-reproduced",
            folder.file_name().unwrap().to_string_lossy()
        ));
        assert!(said.starts_with("reproduced: the "), "{said}");
        assert!(said.contains("identical byte for byte"), "{said}");
        if files > 0 {
            assert!(
                said.contains(&format!("the {files} result files")),
                "{said}"
            );
        }
        // The comparison compared two folders, not one with itself.
        for csv in ["indicators.csv", "summary.csv", "villages.csv"] {
            assert!(text(&folder.join(csv)).lines().count() > 10);
            assert_eq!(text(&folder.join(csv)), text(&again.join(csv)), "{csv}");
        }
        let manifest: toml::Table = text(&again.join("manifest.toml")).parse().unwrap();
        let original: toml::Table = text(&folder.join("manifest.toml")).parse().unwrap();
        assert_eq!(manifest["resolved"], original["resolved"]);
        assert_eq!(manifest["scenarios"], original["scenarios"]);
        assert_eq!(manifest["run"]["command"], original["run"]["command"]);
        assert_eq!(manifest["run"]["threads"].as_integer(), Some(1));
    }
    // The lever and the --set value came from the manifest: the sweep's
    // reference has both, and its variants' names survive.
    let summary = text(&sweep.with_file_name("sweep-reproduced").join("summary.csv"));
    assert!(summary.contains("\ncare.family.nearby_child_hours=21,"));
    let manifest: toml::Table = text(&sweep.join("manifest.toml")).parse().unwrap();
    let reference = &manifest["resolved"]["mine"];
    assert_eq!(
        reference["migration"]["return_incentive"].as_float(),
        Some(0.5)
    );
    assert_eq!(reference["finance"]["supervision"].as_float(), Some(0.5));
}

#[test]
fn a_changed_result_is_named_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_own_scenario(dir.path());
    let path = run.join("indicators.csv");
    let mut lines: Vec<String> = text(&path).lines().map(String::from).collect();
    // One count of the row, one more than it was.
    let mut fields: Vec<String> = lines[3].split(',').map(String::from).collect();
    let count: u64 = fields[3].parse().unwrap();
    fields[3] = (count + 1).to_string();
    lines[3] = fields.join(",");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let out = dir.path().join("again");
    let said = failure(&[
        "reproduce",
        run.to_str().unwrap(),
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(said.contains("not reproduced: 1 of the"), "{said}");
    let header = text(&path).lines().next().unwrap().to_string();
    assert_eq!(header.split(',').nth(3), Some("registered_population"));
    let expected = format!(
        "indicators.csv: line 4, column registered_population: {} in the original, {count} again",
        count + 1
    );
    assert!(said.contains(&expected), "{said}");
    // The new run is whole, for a look at the differences.
    assert!(out.join("indicators.csv").is_file());
}

#[test]
fn a_broken_manifest_is_named_with_its_line_and_key_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_own_scenario(dir.path());
    let manifest = run.join("manifest.toml");
    let original = text(&manifest);
    let (line, _) = original
        .lines()
        .enumerate()
        .skip_while(|(_, l)| *l != "[resolved.mine.migration]")
        .find(|(_, l)| l.starts_with("spouse_follows = "))
        .expect("the resolved migration table sets spouse_follows");
    let broken: Vec<String> = original
        .lines()
        .enumerate()
        .map(|(k, l)| {
            if k == line {
                "spouse_follows = 1.3".to_string()
            } else {
                l.replace("[resolved.mine.care.family]", "[resolved.mine.care.famly]")
            }
        })
        .collect();
    std::fs::write(&manifest, broken.join("\n")).unwrap();
    let empty = tempfile::tempdir().unwrap();
    let out = empty.path().join("again");
    refused(
        &[
            "reproduce",
            run.to_str().unwrap(),
            "--quiet",
            "--out",
            out.to_str().unwrap(),
        ],
        &[
            &format!(
                "manifest.toml:{}:1: resolved.mine.migration.spouse_follows: \
                 value 1.3 is out of range; expected a number in [0, 1]",
                line + 1
            ),
            "resolved.mine.care.famly: unknown key",
        ],
        empty.path(),
    );
    // Not an output folder at all: nothing written in it, nor beside it
    // where the new run would go by default (its name with -reproduced).
    let parent = tempfile::tempdir().unwrap();
    let bare = parent.path().join("bare");
    std::fs::create_dir(&bare).unwrap();
    refused(
        &["reproduce", bare.to_str().unwrap()],
        &["holds no manifest.toml"],
        &bare,
    );
    let beside: Vec<_> = std::fs::read_dir(parent.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside, ["bare"], "written beside the folder");
    std::fs::write(&manifest, original).unwrap();
    let said = failure(&[
        "reproduce",
        run.to_str().unwrap(),
        "--out",
        run.to_str().unwrap(),
    ]);
    assert!(said.contains("is the folder to reproduce"), "{said}");
    // Nor a folder within it, nor one above it: the new run would replace it.
    let inside = run.join("again");
    let said = failure(&[
        "reproduce",
        run.to_str().unwrap(),
        "--out",
        inside.to_str().unwrap(),
    ]);
    assert!(said.contains("lies in the folder to reproduce"), "{said}");
    assert!(!inside.exists());
    let above = run.join("..");
    let said = failure(&[
        "reproduce",
        run.to_str().unwrap(),
        "--out",
        above.to_str().unwrap(),
    ]);
    assert!(said.contains("holds the folder to reproduce"), "{said}");
    assert!(run.join("manifest.toml").is_file());
}

/// The manifest's own `[run]` summary edited apart from the resolved run it
/// summarises is refused at its lines, not passed over.
#[test]
fn a_run_summary_edited_apart_from_the_resolved_run_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_own_scenario(dir.path());
    let manifest = run.join("manifest.toml");
    let original = text(&manifest);
    let lines: Vec<&str> = original.lines().collect();
    let top = lines
        .iter()
        .position(|l| *l == "[run]")
        .expect("a [run] table");
    let at = |key: &str| {
        top + lines[top..]
            .iter()
            .position(|l| l.starts_with(&format!("{key} = ")))
            .unwrap_or_else(|| panic!("[run] has {key}"))
    };
    let (seed, reference) = (at("seed"), at("reference"));
    let edited: Vec<String> = lines
        .iter()
        .enumerate()
        .map(|(k, l)| match k {
            k if k == seed => "seed = 5".to_string(),
            k if k == reference => "reference = \"other\"".to_string(),
            _ => l.to_string(),
        })
        .collect();
    std::fs::write(&manifest, edited.join("\n")).unwrap();
    let empty = tempfile::tempdir().unwrap();
    refused(
        &[
            "reproduce",
            run.to_str().unwrap(),
            "--quiet",
            "--out",
            empty.path().join("again").to_str().unwrap(),
        ],
        &[
            &format!(
                "manifest.toml:{}:1: run.seed: expected 20201101 as in resolved.mine.run",
                seed + 1
            ),
            &format!(
                "manifest.toml:{}:1: run.reference: expected \"mine\", the first of [[scenarios]]",
                reference + 1
            ),
        ],
        empty.path(),
    );
}

/// A manifest edited into another job is refused at its line: `animate` of
/// several scenarios, or a variant whose `[run]` differs from the reference's.
#[test]
fn a_manifest_edited_into_another_job_is_refused_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = own_scenario(dir.path());
    let sweep = dir.path().join("sweep");
    ok(&[
        "sweep",
        file.to_str().unwrap(),
        "--vary",
        "care.family.nearby_child_hours=7",
        "--set",
        "run.end_year=2021",
        "--quiet",
        "--out",
        sweep.to_str().unwrap(),
    ]);
    let manifest = sweep.join("manifest.toml");
    let original = text(&manifest);
    let empty = tempfile::tempdir().unwrap();
    let out = empty.path().join("again");
    let args = [
        "reproduce",
        sweep.to_str().unwrap(),
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ];
    std::fs::write(
        &manifest,
        original.replacen("command = \"sweep\"", "command = \"animate\"", 1),
    )
    .unwrap();
    refused(
        &args,
        &["run.command: `animate` runs one scenario; expected one [[scenarios]] entry, found 2"],
        empty.path(),
    );
    let lines: Vec<&str> = original.lines().collect();
    let header = lines
        .iter()
        .position(|l| *l == "[resolved.\"care.family.nearby_child_hours=7\".run]")
        .expect("the variant's [run]");
    let seed = header
        + lines[header..]
            .iter()
            .position(|l| l.starts_with("seed = "))
            .unwrap();
    let mut edited = lines.clone();
    edited[seed] = "seed = 1";
    std::fs::write(&manifest, edited.join("\n")).unwrap();
    refused(
        &args,
        &[&format!(
            "manifest.toml:{}:1: resolved.care.family.nearby_child_hours=7.run.seed: expected ",
            seed + 1
        )],
        empty.path(),
    );
}
