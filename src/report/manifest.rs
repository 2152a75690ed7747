//! `manifest.toml`: what was run (command, seed, years, scenarios) and, when the engine
//! records them, the main assumptions.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use serde::Deserialize;

use crate::output::folder::read_regular_text;

/// The parts of `manifest.toml` the report shows.
#[derive(Debug, Deserialize)]
pub struct Manifest {
    pub run: Run,
    #[serde(default)]
    pub scenarios: Vec<ScenarioInfo>,
    /// Optional `[assumptions]` table: `key = { text = "...", confidence = "..." }`.
    #[serde(default)]
    pub assumptions: BTreeMap<String, Assumption>,
    /// Every scenario fully resolved, by name (`[resolved.<name>]`).
    #[serde(default)]
    pub resolved: toml::Table,
}

/// The `[run]` table.
#[derive(Debug, Deserialize)]
pub struct Run {
    pub command: String,
    pub version: String,
    pub seed: u64,
    pub replications: u32,
    pub start_year: i32,
    pub end_year: i32,
    /// The scale asked for (`--scale`).
    pub scale: Option<f64>,
    /// The share of the region's villages built at that scale, by which `summary.csv`'s
    /// `mean_scaled` divides (absent from folders written before it was recorded).
    pub effective_scale: Option<f64>,
    pub started: Option<String>,
    pub wall_seconds: Option<f64>,
    /// Scenario the others are compared with; the first scenario when absent.
    pub reference: Option<String>,
}

/// One `[[scenarios]]` entry.
#[derive(Debug, Deserialize)]
pub struct ScenarioInfo {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub file: Option<String>,
}

/// One entry of `[assumptions]`; confidence may be a word ("low") or a number.
#[derive(Debug, Deserialize)]
pub struct Assumption {
    pub text: String,
    pub confidence: toml::Value,
}

impl Assumption {
    /// The confidence as plain text, without TOML quoting.
    pub fn confidence_text(&self) -> String {
        match &self.confidence {
            toml::Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }
}

impl Manifest {
    /// A number of a scenario's resolved parameters, by dotted key (`care.need_hours.disabled`).
    pub fn parameter(&self, scenario: &str, key: &str) -> Option<f64> {
        let mut value = self.resolved.get(scenario)?;
        for part in key.split('.') {
            value = value.as_table()?.get(part)?;
        }
        value
            .as_float()
            .or_else(|| value.as_integer().map(|i| i as f64))
    }

    /// A scenario's policy schedule as resolved: each block's year and its
    /// lever values as dotted assignments (`ltc_insurance.coverage = 0.5`), in
    /// the manifest's order; empty without one.
    pub fn schedule(&self, scenario: &str) -> Vec<(i32, Vec<String>)> {
        let blocks = (self.resolved.get(scenario))
            .and_then(|s| s.get("schedule"))
            .and_then(toml::Value::as_array);
        let block = |b: &toml::Value| {
            let b = b.as_table()?;
            let year = i32::try_from(b.get("from_year")?.as_integer()?).ok()?;
            let mut levers = Vec::new();
            for (key, value) in b.iter().filter(|(k, _)| *k != "from_year") {
                assignments(key, value, &mut levers);
            }
            Some((year, levers))
        };
        blocks.into_iter().flatten().filter_map(block).collect()
    }

    /// Reads and parses `dir/manifest.toml`.
    pub fn read(dir: &Path) -> Result<Manifest> {
        let path = dir.join("manifest.toml");
        let text = read_regular_text(&path)
            .with_context(|| format!("cannot read manifest.toml in {}", dir.display()))?;
        toml::from_str(&text).map_err(|e| anyhow::anyhow!("manifest.toml: {e}"))
    }
}

/// `value` at dotted `path` as assignments of its values (`a.b = 1`), tables opened.
fn assignments(path: &str, value: &toml::Value, out: &mut Vec<String>) {
    match value {
        toml::Value::Table(t) => {
            for (key, value) in t {
                assignments(&format!("{path}.{key}"), value, out);
            }
        }
        other => out.push(format!("{path} = {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A manifest's `[run]` table, which every manifest has.
    const RUN: &str = r#"
        [run]
        command = "run"
        version = "0.1.0"
        seed = 1
        replications = 2
        start_year = 2020
        end_year = 2030
    "#;

    #[test]
    fn assumptions_and_optional_fields_are_read() {
        let text = RUN.to_string()
            + r#"
            [[scenarios]]
            name = "baseline"
            [assumptions]
            fertility = { text = "TFR stays at 1.0", confidence = "low" }
            pension = { text = "Pension grows 10 yuan a month per year", confidence = 0.7 }
            [resolved.baseline]
            anything = 1
            care = { need_hours = { disabled = 21.5 }, name = "x" }
        "#;
        let manifest: Manifest = toml::from_str(&text).unwrap();
        assert_eq!(manifest.run.reference, None);
        assert_eq!(manifest.scenarios[0].description, "");
        assert_eq!(manifest.assumptions["fertility"].confidence_text(), "low");
        assert_eq!(manifest.assumptions["pension"].confidence_text(), "0.7");
        assert_eq!(manifest.parameter("baseline", "anything"), Some(1.0));
        assert_eq!(
            manifest.parameter("baseline", "care.need_hours.disabled"),
            Some(21.5)
        );
        for (scenario, key) in [
            ("baseline", "care.name"),
            ("baseline", "care.x"),
            ("other", "anything"),
        ] {
            assert_eq!(manifest.parameter(scenario, key), None, "{scenario} {key}");
        }
    }

    #[test]
    fn a_scenarios_schedule_is_read_as_years_and_assignments() {
        let text = RUN.to_string()
            + r#"
            [resolved.plain]
            schedule = []
            [[resolved.phased.schedule]]
            from_year = 2023
            ltc_insurance = { coverage = 0.5 }
            services = { village = { meals = 2.0 } }
            [[resolved.phased.schedule]]
            from_year = 2025
            ltc_insurance = { coverage = 1.0 }
        "#;
        let manifest: Manifest = toml::from_str(&text).unwrap();
        assert_eq!(
            manifest.schedule("phased"),
            [
                (
                    2023,
                    vec![
                        "ltc_insurance.coverage = 0.5".to_string(),
                        "services.village.meals = 2.0".to_string()
                    ]
                ),
                (2025, vec!["ltc_insurance.coverage = 1.0".to_string()]),
            ]
        );
        assert!(manifest.schedule("plain").is_empty());
        assert!(manifest.schedule("absent").is_empty());
    }

    #[test]
    fn a_broken_manifest_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("manifest.toml"), "[run]\nseed = \"x\"\n").unwrap();
        let err = format!("{:#}", Manifest::read(dir.path()).unwrap_err());
        assert!(err.starts_with("manifest.toml:"), "{err}");
        let missing = tempfile::tempdir().unwrap();
        let err = format!("{:#}", Manifest::read(missing.path()).unwrap_err());
        assert!(err.contains("manifest.toml"), "{err}");
    }
}
