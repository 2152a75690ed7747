//! manifest.toml: what was run, with the fully resolved scenarios.

use std::path::Path;

use anyhow::{Context, Result};

use super::ScenarioResult;
use crate::scenario::Scenario;

/// The manifest's file name: it also marks a folder as an output of ruralcare.
pub const MANIFEST: &str = "manifest.toml";

/// Facts about the run itself.
pub struct RunMeta {
    pub command: &'static str,
    pub threads: usize,
    pub started: String,
    pub wall_seconds: f64,
}

/// Whether `dir` holds a manifest as [`write`] leaves it: TOML with a `[run]`
/// table naming the command and version, so a stray `manifest.toml` does not count.
pub fn written_by_ruralcare(dir: &Path) -> bool {
    let Ok(text) = super::folder::read_regular_text(&dir.join(MANIFEST)) else {
        return false;
    };
    let Ok(doc) = text.parse::<toml::Table>() else {
        return false;
    };
    let run = doc.get("run").and_then(toml::Value::as_table);
    run.is_some_and(|r| {
        ["command", "version"]
            .iter()
            .all(|k| r.get(*k).is_some_and(toml::Value::is_str))
    })
}

pub fn write(dir: &Path, meta: &RunMeta, results: &[ScenarioResult]) -> Result<()> {
    let first = &results.first().context("no scenario was run")?.scenario;
    let mut run = toml::Table::new();
    run.insert("command".into(), meta.command.into());
    run.insert("version".into(), env!("CARGO_PKG_VERSION").into());
    run.insert("seed".into(), toml::Value::Integer(first.run.seed as i64));
    run.insert(
        "replications".into(),
        toml::Value::Integer(i64::from(first.run.replications)),
    );
    run.insert(
        "start_year".into(),
        toml::Value::Integer(i64::from(first.run.start_year)),
    );
    run.insert(
        "end_year".into(),
        toml::Value::Integer(i64::from(first.run.end_year)),
    );
    run.insert("scale".into(), first.run.scale.into());
    run.insert("effective_scale".into(), results[0].effective_scale.into());
    run.insert("threads".into(), toml::Value::Integer(meta.threads as i64));
    run.insert("started".into(), meta.started.clone().into());
    run.insert(
        "wall_seconds".into(),
        ((meta.wall_seconds * 1000.0).round() / 1000.0).into(),
    );
    run.insert("reference".into(), first.name.clone().into());
    let scenarios: Vec<toml::Value> = results
        .iter()
        .map(|r| {
            let mut t = toml::Table::new();
            t.insert("name".into(), r.scenario.name.clone().into());
            t.insert("description".into(), r.scenario.description.clone().into());
            t.insert("file".into(), r.scenario.file.display().to_string().into());
            toml::Value::Table(t)
        })
        .collect();
    let resolved: toml::Table = results
        .iter()
        .map(|r| {
            (
                r.scenario.name.clone(),
                toml::Value::Table(r.scenario.resolved.clone()),
            )
        })
        .collect();
    let mut doc = toml::Table::new();
    doc.insert("run".into(), toml::Value::Table(run));
    doc.insert("scenarios".into(), toml::Value::Array(scenarios));
    doc.insert("resolved".into(), toml::Value::Table(resolved));
    doc.insert("assumptions".into(), toml::Value::Table(assumptions(first)));
    let text = toml::to_string(&doc).context("cannot render manifest.toml")?;
    std::fs::write(dir.join(MANIFEST), text).context("cannot write manifest.toml")
}

/// The reference scenario's parameters that rest on an assumption (source
/// coded A, as in DATA.md: no source gives the figure), by dotted key: what
/// each means, its value and unit, and its source note.
fn assumptions(reference: &Scenario) -> toml::Table {
    reference
        .docs
        .iter()
        .filter(|d| confidence_code(&d.source) == Some('A'))
        .map(|d| {
            let mut a = toml::Table::new();
            let source = match d.source.trim() {
                "(A)" => String::new(),
                note => format!("; {note}"),
            };
            let text = format!("{}: {} ({}){source}", d.about, d.value, d.unit);
            a.insert("text".into(), text.into());
            a.insert("confidence".into(), "A (assumption)".into());
            (d.path.clone(), toml::Value::Table(a))
        })
        .collect()
}

/// The confidence code of a source note: the letter (V, S, P, C or A) that
/// opens the last parenthesis opened by one, as in "DATA.md §7 (A)", "(C:
/// fitted to …)", "(A, tuned …)" or "(A; Bai et al. … V)" — and in "(A) …
/// (2020)", where a later parenthesis holds no code.
fn confidence_code(source: &str) -> Option<char> {
    source.match_indices('(').rev().find_map(|(at, _)| {
        let mut chars = source[at + 1..].chars();
        let code = chars.next().filter(|c| "VSPCA".contains(*c))?;
        matches!(chars.next(), Some(')' | ':' | ';' | ',')).then_some(code)
    })
}

/// Current UTC time as RFC 3339 (e.g. 2026-11-29T05:00:00Z).
pub fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rem) = ((secs / 86_400) as i64, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::confidence_code;

    #[test]
    fn the_confidence_code_is_the_letter_opening_the_last_parenthesis_that_opens_with_one() {
        assert_eq!(confidence_code("DATA.md §7 (A)"), Some('A'));
        assert_eq!(confidence_code("(A: 60 retirement age)"), Some('A'));
        assert_eq!(
            confidence_code("DATA.md §6 (C: pooled 26 % with any limit)"),
            Some('C')
        );
        assert_eq!(
            confidence_code("DATA.md §6, Chai, Fu & Coyte 2021 (V)"),
            Some('V')
        );
        // The code may be followed by a comma or a semicolon, and a later
        // parenthesis may hold no code.
        assert_eq!(
            confidence_code("DATA.md §1 (A, tuned to resident ÷ registered ≈ 0.71)"),
            Some('A')
        );
        assert_eq!(
            confidence_code(
                "DATA.md §4 defaults (A; Bai et al. 2018 observed ≈ 1.5 %/yr over all ages, V)"
            ),
            Some('A')
        );
        assert_eq!(
            confidence_code(
                "(A) 18: the youngest band; below the ages of 20 and 22 (Civil Code art. 1047)"
            ),
            Some('A')
        );
        assert_eq!(confidence_code("MODEL.md §7.11"), None);
        assert_eq!(confidence_code("—"), None);
        assert_eq!(confidence_code("the study (Appendix)"), None);
    }
}
