//! Pensions and poverty: the shipped pension scenario moves the income
//! indicators the way its remedy intends, on a small region with
//! replications and a stated margin.

mod common;

use common::{first_county, years};
use std::collections::HashMap;
use std::path::Path;

use ruralcare::income::Pooling;
use ruralcare::output::tables::{series, summary_names};
use ruralcare::population::people::{NONE, Status};
use ruralcare::runner;
use ruralcare::scenario::{self, Overrides, Scenario};
use ruralcare::sim::{self, Model};

/// A shipped scenario on a small region (about 37 villages), 3 replications;
/// `years` after 2020, or to the file's end year.
fn load(file: &str, years: Option<u32>) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(file);
    let o = Overrides {
        years,
        replications: Some(3),
        scale: Some(0.004),
        ..Default::default()
    };
    scenario::load(&path, &o).unwrap()
}

/// Per replication, the last year's value of a summary indicator.
fn last_year(sc: Scenario, name: &str) -> Vec<f64> {
    let result = runner::simulate(sc, &|| {}).unwrap();
    let k = summary_names().position(|n| n == name).unwrap();
    series(&result)
        .iter()
        .map(|rep| rep.last().unwrap()[k])
        .collect()
}

#[test]
fn indexed_pensions_raise_pension_to_subsistence_and_lower_poverty_in_2050() {
    let (base, indexed) = (
        load("baseline.toml", None),
        load("pension_indexed.toml", None),
    );
    assert_eq!(base.run.end_year, 2050);
    let ratio = |sc: &Scenario| last_year(sc.clone(), "pension_to_subsistence");
    let poverty = |sc: &Scenario| last_year(sc.clone(), "poverty_share");
    let (r0, r1) = (ratio(&base), ratio(&indexed));
    let (p0, p1) = (poverty(&base), poverty(&indexed));
    // Paired by replication (common random numbers): every replication moves.
    for rep in 0..r0.len() {
        assert!(
            r1[rep] > r0[rep] + 0.05,
            "replication {rep}: pension ÷ subsistence line {:.3} → {:.3}",
            r0[rep],
            r1[rep]
        );
        assert!(
            p1[rep] < p0[rep] - 0.02,
            "replication {rep}: poverty share {:.3} → {:.3}",
            p0[rep],
            p1[rep]
        );
    }
}

/// Each elder's income (kept in start-year prices) is the pension path plus
/// the other sources, and the village tallies add up from the persons: recipients, pension paid (nominal
/// and real), remittances, the subsistence line and those below it — under
/// either pooling rule, recomputed here from the persons and households; and
/// with a pension age above the age incomes are tracked from, the elders
/// below it have incomes but no pension.
#[test]
fn income_tallies_add_up_from_each_elders_income() {
    let mut ages_60_64_with_income = 0;
    for (pooling, pension_age) in [(Pooling::Own, 60), (Pooling::Household, 65)] {
        let mut sc = load("baseline.toml", Some(3));
        sc.income.pooling = pooling;
        sc.pension.age = pension_age;
        // Shares other than the defaults, so each health state's is checked.
        sc.income.labour_share = [1.0, 0.3, 0.1, 0.0];
        let model = Model::new(&sc);
        let ip = &sc.income;
        let (mut county, mut villages) = first_county(&sc, &model);
        for ctx in years(&sc, &model) {
            sim::step_year(&mut county, &mut villages, &ctx);
            let line = ip.subsistence_line(&model.economy, ctx.year);
            let prices = model.economy.prices.at(ctx.year);
            let earned = ip.worker_income * model.economy.rural_income.at(ctx.year);
            for v in &villages {
                let p = &v.people;
                // Household pools and members, from the persons.
                let (mut pool, mut members) = (HashMap::new(), HashMap::new());
                let mut nets = HashMap::new();
                let (mut n, mut paid, mut remit) = (0.0, 0.0, 0.0);
                let mut unpensioned = 0;
                for i in 0..p.len() {
                    // The income kept, back in the year's (nominal) yuan.
                    let income = f64::from(p.income[i]) * prices;
                    if p.status[i] != Status::Resident {
                        assert_eq!(income, 0.0);
                        continue;
                    }
                    *members.entry(p.household[i]).or_insert(0.0) += 1.0;
                    if (ip.worker_min_age..ip.elder_age).contains(&p.age[i]) {
                        *pool.entry(p.household[i]).or_insert(0.0) += earned;
                    }
                    if p.age[i] < ip.elder_age {
                        assert_eq!(income, 0.0);
                        continue;
                    }
                    // Each part recomputed from the person: the pension by age,
                    // and remittances, land and labour income by the children
                    // away and elsewhere, health, growth and standing.
                    let pensioned = p.age[i] >= pension_age;
                    let pension = if pensioned {
                        model.pension.monthly(ctx.year, p.age[i]) * 12.0
                    } else {
                        0.0
                    };
                    let k = model.economy.rural_income.at(ctx.year) * f64::from(p.standing[i]);
                    // A resident elder couple shares each child's remittance.
                    let sp = p.partner[i];
                    let couple = sp != NONE
                        && p.status[sp as usize] == Status::Resident
                        && p.age[sp as usize] >= ip.elder_age;
                    let remittances = (f64::from(p.children_away[i]) * ip.remittance_away_child
                        + f64::from(p.children_elsewhere[i]) * ip.remittance_settled_child)
                        * k
                        / if couple { 2.0 } else { 1.0 };
                    let land = ip.land_income * k;
                    let labour = ip.labour_income.at(usize::from(p.age[i]))
                        * ip.labour_share[p.health[i] as usize]
                        * k;
                    let total = pension + remittances + land + labour;
                    let medical = ip.medical.yuan[p.health[i] as usize]
                        * (1.0 - ip.medical.reimbursement_share)
                        * prices;
                    let net = total - medical;
                    // What is kept is what the elder can spend on care.
                    assert!(
                        (income - net.max(0.0)).abs() <= 1e-3 * total.max(1.0),
                        "row {i}: income {income} vs {total} less {medical}"
                    );
                    nets.insert(i, net);
                    *pool.entry(p.household[i]).or_insert(0.0) += net;
                    n += f64::from(u8::from(pensioned));
                    unpensioned += usize::from(!pensioned && income > 0.0);
                    paid += pension;
                    remit += remittances;
                }
                let (mut poor, mut borderline) = (0.0, 0.0);
                for i in 0..p.len() {
                    if p.status[i] != Status::Resident || p.age[i] < ip.elder_age {
                        assert!(!p.below_subsistence[i]);
                        continue;
                    }
                    let (have, need) = match pooling {
                        Pooling::Own => (nets[&i], line),
                        Pooling::Household => {
                            (pool[&p.household[i]], line * members[&p.household[i]])
                        }
                    };
                    let near = (have - need).abs() < 1.0 + 1e-4 * need;
                    poor += f64::from(u8::from(have < need));
                    borderline += f64::from(u8::from(near));
                    assert!(
                        near || p.below_subsistence[i] == (have < need),
                        "row {i}: {have} vs {need}"
                    );
                }
                let t = &v.tally;
                assert_eq!(t.pension_recipients, n);
                assert_eq!(t.income_elders, nets.len() as f64);
                assert!((t.pension_paid_yuan - paid).abs() <= 1e-3 * paid.max(1.0));
                assert!((t.pension_paid_real_yuan * prices - paid).abs() <= 1e-3 * paid.max(1.0));
                assert!((t.remittances_yuan - remit).abs() <= 1e-3 * remit.max(1.0));
                assert!((t.subsistence_line_yuan_sum - n * line).abs() <= 1e-6 * n * line);
                assert!((t.elders_below_subsistence - poor).abs() <= borderline);
                ages_60_64_with_income += unpensioned;
            }
        }
    }
    assert!(
        ages_60_64_with_income > 0,
        "no elder below the pension age had an income"
    );
}

/// Pooling the household's resources (working-age members' earnings among
/// them) finds fewer elders below the line than counting their own income.
#[test]
fn pooling_the_household_finds_fewer_poor_elders() {
    let poverty = |pooling| {
        let mut sc = load("baseline.toml", Some(3));
        sc.income.pooling = pooling;
        last_year(sc, "poverty_share")
    };
    let (own, household) = (poverty(Pooling::Own), poverty(Pooling::Household));
    for rep in 0..own.len() {
        assert!(
            household[rep] < own[rep] - 0.05,
            "replication {rep}: poverty share own {:.3}, household {:.3}",
            own[rep],
            household[rep]
        );
    }
}

#[test]
fn the_baseline_mean_pension_is_130_yuan_in_2020() {
    let result = runner::simulate(load("baseline.toml", Some(0)), &|| {}).unwrap();
    let k = summary_names()
        .position(|n| n == "mean_pension_monthly")
        .unwrap();
    for rep in series(&result) {
        // DATA.md §7: 93 national minimum + top-up + individual account ≈ 130.
        assert!((rep[0][k] - 130.0).abs() < 1e-6, "{}", rep[0][k]);
    }
}

#[test]
fn the_mean_basic_pension_is_what_the_rule_sets() {
    // The baseline's schedule (DATA.md §7): 93 yuan a month in 2020, 143 in
    // 2025; the pension_indexed rule's floor lifts it in 2026, above the
    // baseline's, while the top-up and the individual account stay as they are.
    let at = |file: &str, name: &str| {
        let result = runner::simulate(load(file, Some(6)), &|| {}).unwrap();
        let k = summary_names().position(|n| n == name).unwrap();
        let rep = &series(&result)[0];
        [rep[0][k], rep[5][k], rep[6][k]]
    };
    let basic = at("baseline.toml", "mean_basic_pension_monthly");
    assert!(
        (basic[0] - 93.0).abs() < 1e-6 && (basic[1] - 143.0).abs() < 1e-6,
        "{basic:?}"
    );
    let indexed = at("pension_indexed.toml", "mean_basic_pension_monthly");
    assert_eq!(indexed[..2], basic[..2]);
    assert!(
        indexed[2] > basic[2] + 10.0,
        "2026: {} against {}",
        indexed[2],
        basic[2]
    );
    let whole = at("pension_indexed.toml", "mean_pension_monthly");
    // The whole pension adds the same top-up and account in both years.
    assert!(
        ((whole[2] - indexed[2]) - (whole[1] - indexed[1])).abs() < 5.0,
        "{whole:?} {indexed:?}"
    );
}
