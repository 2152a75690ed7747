//! cost_effectiveness.csv (`compare`, `sweep`): what each scenario's extra public
//! spending buys against the reference over the observed years, the start year included — the outcomes it
//! averts, and the yuan of public spending per unit averted, both discounted to the
//! start year at the reference's `run.discount_rate`. Paired by replication, as
//! `deltas.csv` is, so the common random numbers cancel the noise they share.

use std::path::Path;

use anyhow::Result;

use super::ScenarioResult;
use super::stats::describe;
use super::tables::{num, writer};
use crate::indicators::count;

/// An outcome costed: the yearly count summed over the years, its name in the
/// file and the unit of the sum.
struct Outcome {
    indicator: &'static str,
    name: &'static str,
    unit: &'static str,
}

/// The outcomes costed, in the file's order.
const OUTCOMES: [Outcome; 3] = [
    Outcome {
        indicator: "dependents_with_unmet_need",
        name: "dependent_years_with_unmet_need",
        unit: "dependent-years",
    },
    Outcome {
        indicator: "care_hours_unmet",
        name: "unmet_care_hours",
        unit: "hours",
    },
    Outcome {
        indicator: "elders_below_subsistence",
        name: "elder_years_below_subsistence",
        unit: "elder-years",
    },
];

/// The names of the outcomes costed, in the file's order (the report checks a file for them).
pub fn outcome_names() -> impl Iterator<Item = &'static str> {
    OUTCOMES.iter().map(|o| o.name)
}

/// Public spending: government and village collectives, yuan in start-year prices.
const SPENDING: &str = "public_spending_yuan";

/// The file's columns.
const COLUMNS: [&str; 18] = [
    "scenario",
    "reference",
    "from_year",
    "to_year",
    "discount_rate",
    "outcome",
    "unit",
    "averted",
    "averted_p05",
    "averted_p95",
    "extra_public_spending_yuan",
    "extra_public_spending_p05",
    "extra_public_spending_p95",
    "yuan_per_unit_averted",
    "yuan_per_unit_p05",
    "yuan_per_unit_p95",
    "averted_scaled",
    "extra_public_spending_yuan_scaled",
];

/// Per replication, the sums over the observed years (the start year included:
/// a scenario's levers already act on it, and its spending is in its ledger) of
/// public spending and of each outcome's count, a year `t` after the start
/// weighted by (1 + `rate`)^−t.
fn sums(r: &ScenarioResult, rate: f64) -> Vec<[f64; 1 + OUTCOMES.len()]> {
    let names: Vec<&str> = std::iter::once(SPENDING)
        .chain(OUTCOMES.iter().map(|o| o.indicator))
        .collect();
    r.region()
        .iter()
        .map(|years| {
            let mut sum = [0.0; 1 + OUTCOMES.len()];
            for (k, (_, (t, _))) in years.iter().enumerate() {
                let values = t.values();
                let weight = (1.0 + rate).powi(-(k as i32));
                for (s, name) in sum.iter_mut().zip(&names) {
                    *s += weight * count(name, &values).expect("the costed counts exist");
                }
            }
            sum
        })
        .collect()
}

/// Writes cost_effectiveness.csv, when the run simulates a year after the start:
/// one row per scenario other than the first (the reference) and outcome. `yuan_per_unit_averted` is the mean extra spending over
/// the mean amount averted, given only when the scenario averts the outcome in
/// clearly more than nothing (`averted_p05` above zero); its 5th–95th percentile,
/// of the replications' own ratios, only when every replication averts some.
pub fn write(dir: &Path, results: &[ScenarioResult]) -> Result<()> {
    let Some(reference) = results.first() else {
        return Ok(());
    };
    let years = reference.years();
    let (Some(from), Some(to)) = (years.first(), years.get(1).and(years.last())) else {
        return Ok(()); // no year simulated after the start: nothing to cost
    };
    let mut w = writer(dir, "cost_effectiveness.csv")?;
    w.write_record(COLUMNS)?;
    let rate = reference.scenario.run.discount_rate;
    let base = sums(reference, rate);
    for r in &results[1..] {
        let own = sums(r, rate);
        let extra: Vec<f64> = own.iter().zip(&base).map(|(a, b)| a[0] - b[0]).collect();
        let [spent, spent_p05, _, spent_p95] = describe(&extra);
        for (k, outcome) in OUTCOMES.iter().enumerate() {
            let averted: Vec<f64> = own
                .iter()
                .zip(&base)
                .map(|(a, b)| b[k + 1] - a[k + 1])
                .collect();
            let [mean, p05, _, p95] = describe(&averted);
            let per_unit = if p05 > 0.0 { spent / mean } else { f64::NAN };
            let [_, per_p05, _, per_p95] = if averted.iter().all(|&a| a > 0.0) {
                let ratios: Vec<f64> = extra.iter().zip(&averted).map(|(s, a)| s / a).collect();
                describe(&ratios)
            } else {
                [f64::NAN; 4]
            };
            w.write_record([
                r.scenario.name.clone(),
                reference.scenario.name.clone(),
                from.to_string(),
                to.to_string(),
                num(rate),
                outcome.name.to_string(),
                outcome.unit.to_string(),
                num(mean),
                num(p05),
                num(p95),
                num(spent),
                num(spent_p05),
                num(spent_p95),
                num(per_unit),
                num(per_p05),
                num(per_p95),
                num(mean / r.effective_scale),
                num(spent / r.effective_scale),
            ])?;
        }
    }
    Ok(w.flush()?)
}
