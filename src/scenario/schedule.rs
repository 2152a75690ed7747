//! The policy schedule (MODEL.md §3, step 0): `[[schedule]]` blocks, each a
//! `from_year` and lever values that replace the scenario's from that year on,
//! so that a lever can be phased in, raised or withdrawn during a run.
//!
//! Only levers whose steps read them afresh each year may be scheduled: a
//! value fixed when the villages are built (initial states, which villages
//! have an industry) or compiled into the year tables at the start would
//! silently do nothing, so it is refused, naming the levers that can be.

use super::diag::Diagnostic;
use super::reader::{Section, doc};
use super::source::{self, Node, Table, Value};
use super::{RunParams, Scenario};

/// The levers a schedule may set, by section: each is read from the year's
/// scenario by the steps that use it (insurance, fee relief, outreach,
/// campaigns, supervision of funds).
pub const SCHEDULABLE: [(&str, &[&str]); 5] = [
    (
        "ltc_insurance",
        &[
            "coverage",
            "institution_benefit_yuan_per_month",
            "paid_care_share",
        ],
    ),
    ("subsidies", &["fee_relief_below_subsistence"]),
    ("awareness", &["outreach"]),
    ("attitudes", &["campaign_strength"]),
    ("finance", &["supervision"]),
];

/// The scenario in force from `from_year` on: the scenario with every
/// schedule entry up to this one applied.
#[derive(Clone, Debug)]
pub struct Policy {
    pub from_year: i32,
    pub scenario: Box<Scenario>,
}

/// Reads `[[schedule]]` of `root` (the scenario's whole `tree`), checking each
/// entry's year and keys, and builds the scenario in force from each entry's
/// year by merging the entries into the tree in turn and reading it with
/// `read`: each value is checked as the scenario's own are, and reported at
/// the entry's line and path. None is built when a problem is found.
pub fn read(
    root: &mut Section,
    tree: &Table,
    run: &RunParams,
    read: impl Fn(&Table) -> Result<Scenario, Vec<Diagnostic>>,
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
        entry.require(&[path.as_str()], year > run.start_year, || {
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
        levers.retain(|section, node| {
            let Some((_, keys)) = SCHEDULABLE.iter().find(|(s, _)| s == section) else {
                return false;
            };
            match &mut node.value {
                // A table left empty had only such keys (an empty one as written
                // is the merge's to report).
                Value::Table(t) => {
                    let written = t.len();
                    t.retain(|key, _| keys.contains(&key.as_str()));
                    written == 0 || !t.is_empty()
                }
                _ => false,
            }
        });
        // The paths this entry sets (its sections and their keys), for its problems.
        let set: Vec<String> = levers
            .iter()
            .flat_map(|(section, node)| {
                let keys: Vec<String> = match &node.value {
                    Value::Table(t) => t.keys().map(|key| format!("{section}.{key}")).collect(),
                    _ => Vec::new(),
                };
                std::iter::once(section.clone()).chain(keys)
            })
            .collect();
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
        match read(&in_force) {
            Ok(scenario) if problems.is_empty() && clean => policies.push(Policy {
                from_year,
                scenario: Box::new(scenario),
            }),
            Ok(_) => {}
            Err(found) => problems.extend(found),
        }
        for mut d in problems {
            let own = set.contains(&d.path);
            if own {
                d.path = format!("schedule[{k}].{}", d.path);
            }
            if own || clean {
                root.report(d.origin, d.path, d.message);
            }
        }
    }
    policies
}

/// Marks the schedulable sections of an entry known and reports any key of
/// them, or any other key, that cannot be scheduled, listing those that can.
fn check_levers(entry: &mut Section) {
    let sections: Vec<&'static str> = SCHEDULABLE.iter().map(|(s, _)| *s).collect();
    entry.accept(&sections);
    let Some(table) = entry.table() else { return };
    let can = || {
        SCHEDULABLE
            .iter()
            .flat_map(|(s, keys)| keys.iter().map(move |k| format!("{s}.{k}")))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (name, node) in table {
        let Some((_, keys)) = SCHEDULABLE.iter().find(|(s, _)| s == name) else {
            continue; // `from_year`, or a key `finish` reports as unknown
        };
        let Value::Table(levers) = &node.value else {
            entry.report(
                node.origin.clone(),
                entry.key_path(name),
                format!(
                    "expected a table of lever values, found {}",
                    node.value.type_name()
                ),
            );
            continue;
        };
        for (key, lever) in levers {
            if !keys.contains(&key.as_str()) {
                entry.report(
                    lever.origin.clone(),
                    format!("{}.{key}", entry.key_path(name)),
                    format!(
                        "cannot be scheduled (it is not read afresh each year); the levers a \
                         schedule can set: {}",
                        can()
                    ),
                );
            }
        }
    }
}
