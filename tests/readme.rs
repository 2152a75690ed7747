//! The README stays true to the code: its parameter table is the one
//! `ruralcare params` prints for the baseline, and CI runs its test command.
//! Regenerate the table on purpose with:
//!     UPDATE_README=1 cargo test --release --test readme

use std::path::Path;

use ruralcare::scenario::{self, Overrides};

const BEGIN: &str = "<!-- parameters:begin -->\n";
const END: &str = "<!-- parameters:end -->";

#[test]
fn readme_parameter_table_matches_the_baseline() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sc = scenario::load(&root.join("scenarios/baseline.toml"), &Overrides::default()).unwrap();
    let table = sc.param_table();
    let path = root.join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let start = readme
        .find(BEGIN)
        .expect("README has no parameters:begin marker")
        + BEGIN.len();
    let end = readme
        .find(END)
        .expect("README has no parameters:end marker");
    if std::env::var_os("UPDATE_README").is_some() {
        std::fs::write(
            &path,
            format!("{}{table}{}", &readme[..start], &readme[end..]),
        )
        .unwrap();
        return;
    }
    assert!(
        readme[start..end] == table,
        "README parameter table is stale: UPDATE_README=1 cargo test --release --test readme"
    );
}

#[test]
fn ci_runs_the_readme_test_command() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let ci = std::fs::read_to_string(root.join(".ci/run")).unwrap();
    for command in ["cargo run --release\n", "cargo test --release\n"] {
        assert!(
            readme.contains(&format!("    {command}")),
            "README lacks `{}`",
            command.trim()
        );
    }
    for line in [
        "cargo test --release",
        "cargo fmt --check",
        "cargo clippy --all-targets -- -D warnings",
    ] {
        assert!(
            ci.lines().any(|l| l.trim() == line),
            ".ci/run does not run `{line}`"
        );
    }
}
