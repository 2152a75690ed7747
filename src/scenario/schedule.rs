//! The policy schedule (MODEL.md §3, step 0): `[[schedule]]` blocks, each a
//! `from_year` and lever values that replace the scenario's from that year on,
//! so that a lever can be phased in, raised or withdrawn during a run.
//!
//! Only levers whose steps read them afresh each year may be scheduled: a
//! value fixed when the villages are built (initial states, which villages
//! have an industry) or compiled once for the whole run (the health and
//! mortality tables) would silently do nothing, so it is refused, naming the
//! levers that can be.

use super::diag::Diagnostic;
use super::reader::{Section, doc};
use super::source::{self, Node, Table, Value};
use super::{RunParams, Scenario};

/// The levers a schedule may set, as full keys: each is read from the year's
/// scenario by the steps that use it (insurance, fee relief, outreach,
/// campaigns, financing and its supervision, the service content of places,
/// the caregivers' training, pay and certification, outside volunteers), or,
/// the return incentive, built into that year's migration tables.
pub const SCHEDULABLE: [&str; 30] = [
    "ltc_insurance.coverage",
    "ltc_insurance.paid_care_share",
    "ltc_insurance.institution_benefit_yuan_per_month",
    "subsidies.fee_relief_below_subsistence",
    "awareness.outreach",
    "attitudes.campaign_strength",
    "finance.supervision",
    "finance.government_budget_per_elder",
    "finance.collective_budget_per_village",
    "finance.social_capital_per_elder",
    "finance.construction_budget_per_elder",
    "finance.shares.government",
    "finance.shares.collective",
    "finance.shares.social_capital",
    "finance.shares.individuals",
    "services.village.meals",
    "services.village.bathing",
    "services.village.rehabilitation",
    "services.village.companionship",
    "services.township.meals",
    "services.township.bathing",
    "services.township.rehabilitation",
    "services.township.companionship",
    "workforce.training_per_1000_elders",
    "workforce.returner_recruit_share",
    "workforce.pay_yuan_per_month",
    "workforce.certification_rate",
    "workforce.hired_certified_share",
    "workforce.outside_volunteer_hours_per_1000_elders",
    "migration.return_incentive",
];

/// `key` under the dotted path `at` ("" for an entry's top).
fn joined(at: &str, key: &str) -> String {
    if at.is_empty() {
        key.to_string()
    } else {
        format!("{at}.{key}")
    }
}

/// Whether `path` (dotted, from an entry's top) is a lever a schedule may set,
/// or a table holding one.
fn schedulable(path: &str) -> bool {
    SCHEDULABLE.iter().any(|k| {
        *k == path
            || k.strip_prefix(path)
                .is_some_and(|rest| rest.starts_with('.'))
    })
}

/// Keeps of `table` (at `at`, dotted; "" for an entry's top) only what a
/// schedule may set: the levers, and the tables holding them that keep any
/// (or were written empty, which the merge reports).
fn keep_schedulable(table: &mut Table, at: &str) {
    table.retain(|key, node| {
        let path = joined(at, key);
        if !schedulable(&path) {
            return false;
        }
        let lever = SCHEDULABLE.contains(&path.as_str());
        match &mut node.value {
            Value::Table(t) if !lever => {
                let written = t.len();
                keep_schedulable(t, &path);
                written == 0 || !t.is_empty()
            }
            // A lever's value is checked when read; a value where a table of
            // levers belongs is reported above.
            _ => lever,
        }
    });
}

/// The dotted paths `table` (at `at`) sets: its tables and values.
fn paths(table: &Table, at: &str, out: &mut Vec<String>) {
    for (key, node) in table {
        let path = joined(at, key);
        if let Value::Table(t) = &node.value {
            paths(t, &path, out);
        }
        out.push(path);
    }
}

/// The scenario in force from `from_year` on: the scenario with every
/// schedule entry up to this one applied.
#[derive(Clone, Debug)]
pub struct Policy {
    pub from_year: i32,
    pub scenario: Box<Scenario>,
    /// The dotted paths of the levers and tables of levers the entry sets.
    pub sets: Vec<String>,
}

/// Reads `[[schedule]]` of `root` (the scenario's whole `tree`), checking each
/// entry's year and keys, and builds the scenario in force from each entry's
/// year by merging the entries into the tree in turn and reading it with
/// `read` (given the paths the entry sets): each value is checked as the
/// scenario's own are, and reported at the entry's line and path, as is a
/// cross-field problem whose check reads one of them. None is built when a
/// problem is found.
pub fn read(
    root: &mut Section,
    tree: &Table,
    run: &RunParams,
    read: impl Fn(&Table, &[String]) -> Result<Scenario, Vec<Diagnostic>>,
) -> Vec<Policy> {
    let entries = root.tables("schedule");
    let mut years: Vec<i32> = Vec::new();
    for mut entry in entries {
        let year = entry.int(
            "from_year",
            1900..=2200,
            doc(
                "year",
                "first year the entry's lever values apply, until a later entry's (one after the run's end year does not act)",
                "lever",
            ),
        ) as i32;
        let path = entry.key_path("from_year");
        let last = years.last().copied();
        // Named where the user set either: a file's start year can be later
        // than the one an entry of the file it extends was written against.
        entry.require(&[path.as_str(), "run.start_year"], year > run.start_year, || {
            format!(
                "a schedule entry from {year}, not after the start year {}; expected a later year \
                 (the start year's levers are the scenario's own)",
                run.start_year
            )
        });
        entry.require(&[path.as_str()], last.is_none_or(|l| year > l), || {
            format!(
                "a schedule entry from {year} after one from {}; expected the entries in order \
                 of their years, each year once",
                last.unwrap_or(year)
            )
        });
        years.push(year);
        check_levers(&mut entry);
        entry.finish();
    }
    let Some(Value::Array(blocks)) = tree.get("schedule").map(|n| &n.value) else {
        return Vec::new();
    };
    // With problems found elsewhere, the entries' values are still checked,
    // but only their own problems reported (not the others' again).
    let clean = !root.problems_found();
    let mut merged = tree.clone();
    let mut policies = Vec::new();
    for (k, (block, from_year)) in blocks.iter().zip(years).enumerate() {
        let Value::Table(levers) = &block.value else {
            continue;
        };
        // Only the levers that can be scheduled: the others are reported above.
        let mut levers = levers.clone();
        levers.remove("from_year");
        keep_schedulable(&mut levers, "");
        // The paths this entry sets, whose problems are named as the entry's.
        let mut set = Vec::new();
        paths(&levers, "", &mut set);
        let mut problems = source::merge(&mut merged, levers, "");
        // The scenario in force has no schedule of its own.
        let mut in_force = merged.clone();
        in_force.insert(
            "schedule".into(),
            Node {
                value: Value::Array(Vec::new()),
                origin: block.origin.clone(),
            },
        );
        let scenario = match read(&in_force, &set) {
            Ok(scenario) => Some(scenario),
            Err(found) => {
                problems.extend(found);
                None
            }
        };
        let sound = problems.is_empty() && clean;
        for mut d in problems {
            let own = set.contains(&d.path);
            if own {
                d.path = format!("schedule[{k}].{}", d.path);
            }
            if own || clean {
                root.report(d.origin, d.path, d.message);
            }
        }
        if let Some(scenario) = scenario.filter(|_| sound) {
            policies.push(Policy {
                from_year,
                scenario: Box::new(scenario),
                sets: set,
            });
        }
    }
    policies
}

/// Reports each key within an entry's sections that a schedule cannot set,
/// listing those it can, and any table of levers that is not a table.
fn check_levers(entry: &mut Section) {
    // The sections levers are in; any other key is unknown here (`finish`).
    let sections: Vec<&'static str> = SCHEDULABLE
        .iter()
        .filter_map(|k| k.split('.').next())
        .collect();
    entry.accept(&sections);
    let Some(table) = entry.table() else { return };
    let mut found = Vec::new();
    unschedulable(table, "", &mut found);
    for (path, node, kind) in found {
        let message = match kind {
            Problem::NotATable => format!(
                "expected a table of lever values, found {}",
                node.value.type_name()
            ),
            Problem::NotALever => format!(
                "cannot be scheduled (it is not read afresh each year, or is not a lever); the \
                 levers a schedule can set: {}",
                SCHEDULABLE.join(", ")
            ),
        };
        entry.report(node.origin.clone(), entry.key_path(&path), message);
    }
}

/// What is wrong with a key of an entry.
enum Problem {
    NotATable,
    NotALever,
}

/// The keys of `table` (at `at`) a schedule cannot set; at an entry's top,
/// only within the sections levers are in (the others are unknown keys).
fn unschedulable<'t>(table: &'t Table, at: &str, out: &mut Vec<(String, &'t Node, Problem)>) {
    for (key, node) in table {
        if at.is_empty() && !schedulable(key) {
            continue;
        }
        let path = joined(at, key);
        if !schedulable(&path) {
            out.push((path, node, Problem::NotALever));
        } else if !SCHEDULABLE.contains(&path.as_str()) {
            match &node.value {
                Value::Table(t) => unschedulable(t, &path, out),
                _ => out.push((path, node, Problem::NotATable)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every lever a schedule may set is a value of the baseline, so that a
    /// key renamed in its section cannot leave the schedule naming nothing.
    #[test]
    fn every_schedulable_lever_is_a_value_of_the_baseline() {
        let sc = crate::sim::testing::baseline(0.002, 1);
        for key in SCHEDULABLE {
            let mut at = &sc.resolved;
            let (path, last) = key.rsplit_once('.').expect("a section and a key");
            for part in path.split('.') {
                at = at
                    .get(part)
                    .and_then(toml::Value::as_table)
                    .unwrap_or_else(|| panic!("{key}: no table {part}"));
            }
            assert!(
                at.get(last).is_some_and(|v| !v.is_table()),
                "{key}: not a value of the baseline"
            );
        }
    }
}
