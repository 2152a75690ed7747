//! Property tests of the engine's invariants on random small scenarios:
//! population accounting per village and year, ageing exact, no dangling kin
//! links, a ratio undefined only where its denominator is 0 and every share
//! in [0, 1]; and the engine's step timing.

mod common;

use common::{county_tally, first_county, years};
use std::collections::HashMap;
use std::path::Path;

use proptest::prelude::*;
use ruralcare::bands::MAX_AGE;
use ruralcare::care::county::County;
use ruralcare::indicators::{RATIOS, Tally, count, ratios};
use ruralcare::plan::{PLAN, Run, StepTimes};
use ruralcare::population::layout;
use ruralcare::population::people::{Sex, Status};
use ruralcare::population::village::Village;
use ruralcare::scenario::{self, Overrides, Scenario};
use ruralcare::sim::{self, Model, YearCtx};

fn baseline() -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml");
    scenario::load(&path, &Overrides::default()).unwrap()
}

/// Ratios that are shares of a whole.
const SHARES: &[&str] = &[
    "share_0_14",
    "share_60plus",
    "share_65plus",
    "villages_not_viable_share",
    "share_80plus",
    "empty_nest_share",
    "living_alone_share",
    "no_child_in_village_share",
    "resident_to_registered",
    "villages_under_100_share",
    "dependent_share_60plus",
    "unmet_need_share",
    "unmet_need_share_elders",
    "unmet_hours_share",
    "mutual_aid_participation",
    "institution_occupancy",
    "township_daycare_occupancy",
    "village_facility_occupancy",
    "share_hours_spouse",
    "share_hours_children",
    "share_hours_mutual_aid",
    "share_hours_village_facility",
    "share_hours_township",
    "share_hours_paid",
    "share_hours_institution",
    "unpartnered_men_share_30_59",
    "family_care_share",
    "spouse_only_share",
    "children_only_share",
    "spouse_and_children_share",
    "facility_coverage",
    "funding_gap_share",
    "certified_share",
    "poverty_share",
];

/// Ratios that are not shares of a whole (rates, means, per-head figures).
const NOT_SHARES: &[&str] = &[
    "old_age_dependency_ratio",
    "sex_ratio",
    "mean_household_size",
    "mean_age",
    "crude_birth_rate",
    "public_spending_per_elder",
    "caregivers_per_1000_elders",
    "mean_pension_monthly",
    "mean_pension_monthly_real",
    "mean_basic_pension_monthly",
    "mean_basic_pension_monthly_real",
    "pension_to_subsistence",
];

#[derive(Debug, Clone)]
struct Knobs {
    seed: u64,
    out: f64,
    back: f64,
    settle: f64,
    tfr: f64,
    union: f64,
    e0_shift: f64,
    pool: f64,
}

fn knobs() -> impl Strategy<Value = Knobs> {
    (
        0u64..1_000_000,
        0.0..4.0f64,
        0.0..5.0f64,
        0.0..0.5f64,
        0.0..4.0f64,
        0.0..3.0f64,
        -20.0..10.0f64,
        prop_oneof![Just(0.0), 0.0..1.0f64],
    )
        .prop_map(
            |(seed, out, back, settle, tfr, union, e0_shift, pool)| Knobs {
                seed,
                out,
                back,
                settle,
                tfr,
                union,
                e0_shift,
                pool,
            },
        )
}

fn scenario_with(k: &Knobs) -> Scenario {
    let mut sc = baseline();
    sc.run.seed = k.seed;
    sc.run.scale = 0.0004; // 4 villages
    sc.run.end_year = sc.run.start_year + 6;
    sc.migration.out_rate = sc.migration.out_rate.scaled(k.out);
    sc.migration.return_rate = sc.migration.return_rate.scaled(k.back);
    sc.migration.settle_rate = k.settle;
    sc.migration.settle_after_years = 1;
    sc.fertility.tfr = k.tfr;
    sc.partnership.union_rate = sc.partnership.union_rate.scaled(k.union);
    sc.mortality.e0[0] += k.e0_shift;
    sc.mortality.e0[1] += k.e0_shift;
    sc.partnership.county_pool = k.pool;
    sc
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn accounting_ages_kin_and_shares_hold_every_village_and_year(k in knobs()) {
        let sc = scenario_with(&k);
        let model = Model::new(&sc);
        let plan = layout::plan(&sc.region, sc.run.scale);
        prop_assert_eq!(plan.len(), 1);
        let (mut county, mut villages) = sim::build_county(&sc, &model, 0, &plan[0]);
        let mut previous: Vec<Tally> = Vec::new();
        for ctx in years(&sc, &model) {
            // Each village's persons by serial: age, status and sex before the year.
            let before: Vec<HashMap<u32, (u8, Status, Sex)>> = villages
                .iter()
                .map(|v| {
                    let p = &v.people;
                    (0..p.len()).map(|i| (p.serial[i], (p.age[i], p.status[i], p.sex[i]))).collect()
                })
                .collect();
            sim::step_year(&mut county, &mut villages, &ctx);
            // Women of the county who were resident and are no longer
            // registered (gone from the rows, or settled elsewhere), by their
            // age a year on; and the ages and sexes of the year's brides.
            let (mut gone, mut brides) = (HashMap::<u8, usize>::new(), Vec::new());
            for (vi, v) in villages.iter().enumerate() {
                let t = v.tally;
                if let Some(prev) = previous.get(vi) {
                    prop_assert_eq!(
                        prev.resident_population + t.births - t.deaths_resident - t.out_migrants + t.return_migrants
                            + t.married_in - t.married_out,
                        t.resident_population,
                        "residents, village {} year {}", vi, ctx.year
                    );
                    prop_assert_eq!(
                        prev.registered_population + t.births - t.deaths - t.settled_elsewhere
                            + t.married_in - t.married_out,
                        t.registered_population,
                        "registered, village {} year {}", vi, ctx.year
                    );
                }
                // Ageing is exact, for each person followed by serial in the
                // village: the registered a year older (capped at the last
                // age; the start year has no ageing), the dead and settled as
                // they were. A bride, whom her husband's village numbers
                // anew, is followed below by age among the women who left.
                let p = &v.people;
                let now: HashMap<u32, usize> = (0..p.len()).map(|i| (p.serial[i], i)).collect();
                for (&serial, &(was, was_status, sex)) in &before[vi] {
                    let a_year_on = (was + 1).min(MAX_AGE as u8);
                    let left = match now.get(&serial) {
                        Some(&i) => {
                            let status = p.status[i];
                            let aged = if ctx.year_index > 0 && status.registered() { a_year_on } else { was };
                            prop_assert_eq!(p.age[i], aged, "person {} ({:?}) of village {}, year {}", serial, status, vi, ctx.year);
                            status == Status::Settled
                        }
                        None => true,
                    };
                    if left && was_status == Status::Resident && sex == Sex::Female {
                        *gone.entry(a_year_on).or_default() += 1;
                    }
                }
                // The new rows: the year's births, aged 0 (those who went away
                // with a parent who settled elsewhere may be gone already),
                // and the brides.
                let new: Vec<usize> = (0..p.len())
                    .filter(|&i| !before[vi].contains_key(&p.serial[i]))
                    .collect();
                let born = new.iter().filter(|&&i| p.age[i] == 0).count() as f64;
                prop_assert!(born <= t.births, "{} newborns of {} births, village {} year {}", born, t.births, vi, ctx.year);
                prop_assert_eq!(new.len() as f64 - born, t.married_in, "brides, village {} year {}", vi, ctx.year);
                brides.extend(new.iter().filter(|&&i| p.age[i] > 0).map(|&i| (p.age[i], p.sex[i])));
                if let Err(e) = v.people.check() {
                    return Err(TestCaseError::fail(format!("village {vi} year {}: {e}", ctx.year)));
                }
                let values = t.values();
                ratios_hold(&values, &format!("village {vi} year {}", ctx.year))?;
                prop_assert!(values.iter().all(|x| *x >= 0.0), "a count is negative");
                let small = t.resident_population < f64::from(sc.census.viable_min_residents);
                prop_assert_eq!(
                    t.villages_not_viable,
                    f64::from(u8::from(small)).max(t.villages_without_young_adults),
                    "a village is not viable when small or without young adults"
                );
                prop_assert!(t.village_facility_content_users <= t.village_facility_users);
                prop_assert!(t.township_daycare_content_users <= t.township_daycare_users);
            }
            // Each bride arrives a year older than a woman of the county who
            // left her village this year.
            for (age, sex) in brides {
                prop_assert_eq!(sex, Sex::Female);
                let women = gone.entry(age).or_default();
                prop_assert!(*women > 0, "a bride aged {} arrived, year {}: no woman a year younger left", age, ctx.year);
                *women -= 1;
            }
            // The county's ratios, its own stocks (places, workforce, money) included.
            let region = county_tally(&sc, &county, &villages);
            ratios_hold(&region.values(), &format!("county year {}", ctx.year))?;
            let sum = |f: fn(&Tally) -> f64| villages.iter().map(|v| f(&v.tally)).sum::<f64>();
            prop_assert_eq!(sum(|t| t.married_in), sum(|t| t.married_out), "marriages across villages, year {}", ctx.year);
            previous = villages.iter().map(|v| v.tally).collect();
        }
    }
}

/// Each ratio of a row of counts is NaN exactly where its denominator is 0,
/// and each share that is not lies in [0, 1]; `at` names the row.
fn ratios_hold(values: &[f64], at: &str) -> Result<(), TestCaseError> {
    for (r, x) in RATIOS.iter().zip(ratios(values)) {
        let denominator = count(r.denominator, values).expect("a known denominator");
        prop_assert_eq!(
            x.is_nan(),
            denominator == 0.0,
            "{}: {} = {} over {} = {}",
            at,
            r.name,
            x,
            r.denominator,
            denominator
        );
        if SHARES.contains(&r.name) && !x.is_nan() {
            prop_assert!((0.0..=1.0).contains(&x), "{}: {} = {}", at, r.name, x);
        }
    }
    Ok(())
}

/// The two lists name real ratios, and every ratio is in one of them: a new
/// share cannot escape the property test above.
#[test]
fn every_ratio_is_listed_as_a_share_or_not() {
    for s in SHARES.iter().chain(NOT_SHARES) {
        assert!(RATIOS.iter().any(|r| r.name == *s), "{s}");
    }
    for r in RATIOS {
        assert!(
            SHARES.contains(&r.name) != NOT_SHARES.contains(&r.name),
            "{} is in neither list, or in both",
            r.name
        );
    }
}

/// Step times are kept only when the year context asks, and only for the
/// steps that ran: the observation steps in the start year, all later.
#[test]
fn step_times_are_kept_when_asked_for_the_steps_that_ran() {
    let mut sc = baseline();
    sc.run.scale = 0.0005;
    let model = Model::new(&sc);
    let (mut county, mut villages) = first_county(&sc, &model);
    let kept = |county: &County, villages: &[Village]| {
        let mut t = county.step_times;
        villages.iter().for_each(|v| t.add(&v.step_times));
        t
    };
    let year = |i: usize, timed: bool| YearCtx {
        timed,
        ..YearCtx::new(&sc, &model, 0, i)
    };
    sim::step_year(&mut county, &mut villages, &year(0, false));
    assert_eq!(kept(&county, &villages), StepTimes::default(), "untimed");
    sim::step_year(&mut county, &mut villages, &year(0, true));
    let start = kept(&county, &villages);
    for (step, ns) in PLAN.iter().zip(start.0) {
        if !step.at_start {
            assert_eq!(ns, 0, "{} does not run in the start year", step.name);
        } else if matches!(step.run, Run::Village(..)) {
            assert!(ns > 0, "{} ran in the start year", step.name);
        }
    }
    sim::step_year(&mut county, &mut villages, &year(1, true));
    let later = kept(&county, &villages);
    for ((step, before), after) in PLAN.iter().zip(start.0).zip(later.0) {
        if matches!(step.run, Run::Village(..)) {
            assert!(after > before, "{} ran in the second year", step.name);
        }
    }
}

/// Young children whose parents leave go with them or stay, siblings together:
/// `migration.children_follow` is drawn once per family, not per child.
#[test]
fn siblings_left_by_their_parents_go_or_stay_together() {
    use ruralcare::population::people::NONE;
    let mut sc = common::baseline(0.02, 1, 1);
    sc.migration.out_rate = sc.migration.out_rate.scaled(5.0);
    let model = Model::new(&sc);
    let ctx = YearCtx::new(&sc, &model, 0, 1);
    let child_age = sc.household.child_age;
    let (mut went, mut stayed, mut split) = (0, 0, 0);
    for c in layout::plan(&sc.region, sc.run.scale) {
        for mut v in sim::build_county(&sc, &model, 0, &c).1 {
            let before = v.people.status.clone();
            let household = v.people.household.clone();
            ruralcare::demography::migration::out_migration(&mut v, &ctx);
            let p = &v.people;
            // Resident minors whose mother left and whose father is not at
            // home, by mother and household.
            let mut families: HashMap<(u32, u32), Vec<Status>> = HashMap::new();
            for i in 0..before.len() {
                let m = p.mother[i];
                let father_home =
                    p.father[i] != NONE && p.status[p.father[i] as usize] == Status::Resident;
                if before[i] == Status::Resident
                    && p.age[i] < child_age
                    && m != NONE
                    && before[m as usize] == Status::Resident
                    && p.status[m as usize] == Status::Away
                    && !father_home
                {
                    families
                        .entry((m, household[i]))
                        .or_default()
                        .push(p.status[i]);
                }
            }
            for kids in families.values().filter(|k| k.len() > 1) {
                match (
                    kids.iter().all(|&s| s == Status::Away),
                    kids.iter().all(|&s| s == Status::Resident),
                ) {
                    (true, _) => went += 1,
                    (_, true) => stayed += 1,
                    _ => split += 1,
                }
            }
        }
    }
    assert!(
        went >= 10 && stayed >= 10,
        "families of several children: {went} went, {stayed} stayed"
    );
    assert_eq!(
        split, 0,
        "{split} families split ({went} went, {stayed} stayed)"
    );
}
