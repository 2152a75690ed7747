//! Policy mechanisms built so far: the ledger identity (property test) and the
//! direction of each lever on small scenarios with replications and a stated margin.

mod common;

use common::{
    baseline, before_after, county_tally, first_county, late_mean, non_family_shares, yearly_means,
    years,
};

use proptest::prelude::*;
use ruralcare::census::Pyramid;
use ruralcare::demography::partnership;
use ruralcare::indicators::{self, RATIOS, Tally, ratios};
use ruralcare::population::layout;
use ruralcare::population::people::{CareSource, Health, NONE, Sex, Status};
use ruralcare::population::village::{Facility, Village};
use ruralcare::scenario::{self, Scenario};
use ruralcare::sim::{self, Model, YearCtx};

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// Costs = what all payers paid + the funding gap; leakage never negative;
    /// usable capacity in [0, 1]; certified caregivers no more than the caregivers.
    #[test]
    fn ledger_balances(seed in 0u64..1_000_000, gov in 0.0..600.0f64, coll in 0.0..50_000.0f64, leak in 0.0..0.5f64, sup in 0.0..1.0f64, build in 0.0..1.0f64, cover in 0.0..1.0f64, cert in 0.0..1.0f64, campaign in 0.0..0.2f64) {
        let mut sc = baseline(0.0005, 1, 5);
        sc.run.seed = seed;
        sc.finance.government_budget_per_elder = gov;
        sc.finance.collective_budget_per_village = coll;
        sc.finance.leakage_share = leak;
        sc.finance.supervision = sup;
        sc.facilities.plan.care_points = build;
        sc.facilities.plan.stations = build;
        sc.facilities.plan.beds_per_1000_elders = build * 5.0;
        sc.ltc.coverage = cover;
        sc.ltc.outreach = cover / 2.0;
        sc.attitudes.campaign_strength = campaign;
        sc.migration.return_incentive = cover;
        sc.workforce.initial_certified_share = cert;
        sc.workforce.hired_certified_share = 1.0 - cert;
        sc.workforce.certification_rate = cert / 2.0;
        sc.workforce.training_per_1000_elders = 2.0 * cert;
        sc.workforce.pay_yuan_per_month = sc.workforce.market_pay_yuan_per_month * (0.8 + cert);
        let model = Model::new(&sc);
        let (mut county, mut villages) = first_county(&sc, &model);
        for ctx in years(&sc, &model) {
            sim::step_year(&mut county, &mut villages, &ctx);
            let t = &county.tally;
            let costs = t.spend_pension_yuan + t.spend_facilities_yuan + t.spend_paid_care_yuan + t.spend_subsidies_yuan + t.spend_ltc_insurance_yuan + t.spend_caregiver_pay_yuan + t.spend_establishment_yuan + t.spend_publicity_yuan + t.spend_return_incentive_yuan;
            let paid = t.paid_by_government_yuan + t.paid_by_collective_yuan + t.paid_by_social_capital_yuan + t.paid_by_individuals_yuan;
            prop_assert!((costs - paid - t.funding_gap_yuan).abs() <= 1e-6 * costs.max(1.0), "costs {} paid {} gap {}", costs, paid, t.funding_gap_yuan);
            prop_assert!(t.leakage_yuan >= 0.0 && t.funding_gap_yuan >= -1e-6);
            prop_assert!((0.0..=1.0).contains(&county.capacity));
            // The published gap share is the part of running costs not covered: the capacity cut.
            let values = t.values();
            let at = RATIOS.iter().position(|r| r.name == "funding_gap_share").unwrap();
            let share = ratios(&values)[at];
            if t.facility_running_yuan > 0.0 {
                prop_assert!((share - (1.0 - county.capacity)).abs() < 1e-9, "gap share {} capacity {}", share, county.capacity);
            }
            prop_assert!(county.certified >= 0.0 && county.certified <= county.caregivers * (1.0 + 1e-12), "certified {} of {}", county.certified, county.caregivers);
        }
    }
}

/// Occupancy is over the places in place when the year's places were allotted:
/// beds and stations built this year open next year, so each year's places at
/// its end are the next year's places open (a stock carried, not recounted).
#[test]
fn occupancy_counts_the_places_open_during_the_year() {
    let mut sc = baseline(0.01, 1, 6);
    sc.facilities.plan.stations = 0.5;
    sc.facilities.plan.beds_per_1000_elders = 5.0;
    sc.finance.construction_budget_per_elder = 2000.0;
    sc.care.acceptance.institution = 0.2;
    sc.care.acceptance.township = 0.0;
    let model = Model::new(&sc);
    let (mut county, mut villages) = first_county(&sc, &model);
    let (mut built, mut used, mut without) = (0, 0, 0);
    let mut last_end: Option<(f64, f64)> = None;
    for ctx in years(&sc, &model) {
        let (beds, stations) = (county.beds, county.stations.iter().filter(|&&s| s).count());
        sim::step_year(&mut county, &mut villages, &ctx);
        let t = county_tally(&sc, &county, &villages);
        let places = stations as f64 * f64::from(sc.care.county.station_places);
        assert_eq!(t.institution_places_open, beds);
        assert_eq!(t.township_daycare_places_open, places);
        if let Some((end_beds, end_places)) = last_end {
            assert_eq!(t.institution_places_open, end_beds, "{}: beds", ctx.year);
            assert_eq!(
                t.township_daycare_places_open, end_places,
                "{}: day-care places",
                ctx.year
            );
        }
        last_end = Some((t.institution_places, t.township_daycare_places));
        assert!(t.institution_residents <= beds && t.township_daycare_users <= places);
        built += usize::from(t.institution_places > beds && t.township_daycare_places > places);
        used += usize::from(t.institution_residents > 0.0 && t.township_daycare_users > 0.0);
        without += usize::from(t.township_stations < t.townships);
    }
    assert!(built > 0, "no year built beds and stations");
    assert!(used > 0, "no year used beds and day care");
    assert!(without > 0, "every township had a station every year");
}

/// The ledger pays the year's running costs of what was in service that year:
/// the places and beds in place before the year's build-out and the carers
/// at work before the year-end hires and departures. A village given a care
/// point is not upgraded to a home in the same year.
#[test]
fn the_ledger_pays_what_served_during_the_year() {
    let mut sc = baseline(0.01, 1, 5);
    sc.facilities.plan.care_points = 1.0;
    sc.facilities.plan.mutual_aid_homes = 1.0;
    sc.facilities.plan.stations = 0.5;
    sc.facilities.plan.beds_per_1000_elders = 5.0;
    sc.finance.construction_budget_per_elder = 100_000.0;
    let model = Model::new(&sc);
    let (mut county, mut villages) = first_county(&sc, &model);
    let mut built = 0.0;
    for ctx in years(&sc, &model) {
        let (before, in_service) = (county.clone(), villages.clone());
        sim::step_year(&mut county, &mut villages, &ctx);
        let economy = &model.economy;
        let wage = economy.real_wage(ctx.year);
        // The beds held this year, counted by the care accounts before the costs.
        let held: f64 = villages.iter().map(|v| v.tally.institution_residents).sum();
        let operating =
            ruralcare::facilities::operating_cost(&before, &in_service, &sc.facilities.costs, wage);
        let usable = ruralcare::facilities::usable_place_counts(&before, &in_service, &sc);
        let services = ruralcare::facilities::services_cost(usable, &sc, wage);
        let want = operating.iter().chain(&services).sum::<f64>()
            + ruralcare::facilities::bed_cost(
                &before,
                &sc.facilities.costs,
                sc.workforce.yearly_pay(economy, ctx.year),
                held,
            );
        assert!(
            (county.running_yuan() - want).abs() <= 1e-9 * want,
            "year {}: running costs {:.0} against {want:.0}",
            ctx.year,
            county.running_yuan()
        );
        for (v, was) in villages.iter().zip(&in_service) {
            if was.facility == Facility::None {
                assert_ne!(
                    v.facility,
                    Facility::MutualAidHome,
                    "a new point upgraded at once"
                );
            }
        }
        built += county.tally.stations_built + county.tally.beds_built;
    }
    assert!(built > 0.0, "nothing was built");
}

/// Medical-care integration is a health centre beside the care station: a
/// township drawn for it integrates while it has a station, from the year
/// after one is built.
#[test]
fn medical_integration_only_beside_a_care_station() {
    let mut sc = baseline(0.01, 1, 6);
    sc.integration.medical = 1.0;
    sc.facilities.township_station_share = 0.3;
    sc.facilities.plan.stations = 0.3;
    sc.finance.construction_budget_per_elder = 5000.0;
    let model = Model::new(&sc);
    let (mut county, mut villages) = first_county(&sc, &model);
    let (mut without, mut built) = (0, 0.0);
    for ctx in years(&sc, &model) {
        sim::step_year(&mut county, &mut villages, &ctx);
        for v in &villages {
            let station = county.stations[(v.township - county.first_township) as usize];
            assert_eq!(v.integrated, station, "village {} year {}", v.id, ctx.year);
            without += usize::from(!station);
        }
        built += county.tally.stations_built;
    }
    assert!(
        without > 0 && built > 0.0,
        "no township without a station, or none built"
    );
}

#[test]
fn three_tier_build_out_raises_coverage_and_lowers_unmet_need() {
    let base = baseline(0.01, 4, 12);
    let mut build = base.clone();
    build.facilities.plan.care_points = 0.3;
    build.facilities.plan.mutual_aid_homes = 0.1;
    build.facilities.plan.stations = 0.3;
    build.facilities.plan.beds_per_1000_elders = 3.0;
    build.finance.construction_budget_per_elder = 1000.0;
    build.finance.government_budget_per_elder = 600.0;
    let [(c0, c1), (u0, u1)] =
        before_after(&base, &build, ["facility_coverage", "unmet_need_share"], 2);
    assert!(c1 > c0 + 0.2, "facility coverage {c0:.3} → {c1:.3}");
    assert!(u1 < u0 - 0.005, "unmet need {u0:.3} → {u1:.3}");
}

#[test]
fn richer_services_lower_unmet_hours_and_disability() {
    // Bathing adds to the hours a place covers, rehabilitation slows disability
    // and speeds recovery, companionship raises the users' acceptance.
    let base = baseline(0.01, 4, 12);
    let mut rich = base.clone();
    for (tier, bathing, rehabilitation) in [
        (&mut rich.services.village, 3.0, 2.0),
        (&mut rich.services.township, 7.0, 3.0),
    ] {
        tier.bathing = bathing;
        tier.rehabilitation = rehabilitation;
        tier.companionship = 4.0;
    }
    let [(di0, di1), (se0, se1), (u0, u1), (s0, s1)] = before_after(
        &base,
        &rich,
        [
            "elders_disabled",
            "elders_severe",
            "unmet_hours_share",
            "spend_services_yuan",
        ],
        3,
    );
    let (d0, d1) = (di0 + se0, di1 + se1);
    // Observed 3,796 → 3,772 dependent elders (−24; −18 to −31 in the four
    // replications) and unmet hours 0.1356 → 0.1311 (−0.003 to −0.006): each
    // margin is about half of that.
    assert!(d1 < d0 - 12.0, "dependent elders {d0:.0} → {d1:.0}");
    assert!(u1 < u0 - 0.002, "unmet hours share {u0:.4} → {u1:.4}");
    assert!(s1 > s0 * 1.5, "service spending {s0:.0} → {s1:.0}");
}

#[test]
fn institution_beds_need_carers() {
    // Beds become scarce late in the run; without hiring, departures leave beds unstaffed.
    let mut base = baseline(0.01, 2, 20);
    base.care.acceptance.institution = 0.3;
    let mut unstaffed = base.clone();
    unstaffed.workforce.vacancy_fill_share = 0.0;
    let [(r0, r1), (w0, w1)] = before_after(
        &base,
        &unstaffed,
        ["institution_residents", "institution_waiting"],
        2,
    );
    assert!(r1 < r0 * 0.8, "institution residents {r0:.0} → {r1:.0}");
    // Observed 0 → 146 waiting (146 and 144 in the two replications): at least half that.
    assert!(w1 > w0 + 70.0, "waiting {w0:.0} → {w1:.0}");
}

#[test]
fn institution_carers_follow_the_residents_and_the_queue_not_the_beds() {
    // Three times the beds, with the same residents at start (a third of the
    // occupancy): the carers' posts and the carers stay those of the
    // residents and applicants, where staffing by beds would triple them.
    // Beds cost their carers only here, so that the empty beds' goods do not
    // open a funding gap that would change the rest.
    let mut base = baseline(0.01, 2, 12);
    base.facilities.costs.bed_labour_share = 1.0;
    let mut more_beds = base.clone();
    more_beds.facilities.beds_per_1000_elders *= 3.0;
    more_beds.care.county.initial_occupancy /= 3.0;
    const NAMES: [&str; 4] = [
        "institution_staff",
        "institution_posts",
        "institution_residents",
        "institution_places",
    ];
    let [b, m] = [&base, &more_beds].map(|sc| yearly_means(sc.clone(), NAMES));
    for year in 0..b[0].len() {
        assert!(
            m[3][year] > 2.9 * b[3][year],
            "beds {} against {}",
            m[3][year],
            b[3][year]
        );
        for k in 0..3 {
            let (x, y) = (b[k][year], m[k][year]);
            assert!(
                (x - y).abs() <= 0.05 * x.max(y) + 1.0,
                "{} in year {year}: {x:.1} with the baseline's beds, {y:.1} with three times",
                NAMES[k]
            );
        }
    }
    // A quarter of the fee: more elders can pay, more apply, and carers are
    // hired toward them (with the same beds).
    let mut cheaper = base.clone();
    cheaper.care.county.institution_fee_yuan_per_month /= 4.0;
    let [(s0, s1)] = before_after(&base, &cheaper, ["institution_staff"], 4);
    // Observed 9.4 → 44 carers in the last four years: a margin of about half.
    assert!(s1 > 2.5 * s0, "institution carers {s0:.1} → {s1:.1}");
}

#[test]
fn institution_posts_stop_at_the_usable_beds_and_carers_without_residents_leave() {
    // A sixth of the beds at a quarter of the fee: applicants outnumber the
    // beds, and the posts are those of the usable beds, not of the queue.
    let mut scarce = baseline(0.01, 1, 15);
    scarce.facilities.beds_per_1000_elders /= 6.0;
    scarce.care.county.institution_fee_yuan_per_month /= 4.0;
    let model = Model::new(&scarce);
    let (mut county, mut villages) = first_county(&scarce, &model);
    let mut capped = 0;
    for ctx in years(&scarce, &model) {
        // The year's usable beds: last year's funding gap cut them.
        let usable = county.beds * county.capacity;
        sim::step_year(&mut county, &mut villages, &ctx);
        let t = county_tally(&scarce, &county, &villages);
        let posts = county.institution_posts * scarce.workforce.residents_per_carer;
        let demand = t.institution_residents + t.institution_waiting;
        if ctx.year > scarce.run.start_year {
            let want = if demand > usable {
                usable.max(t.institution_residents)
            } else {
                demand
            };
            assert!(
                (posts - want).abs() < 1e-6 * want.max(1.0),
                "{}: posts for {posts}, {want} expected",
                ctx.year
            );
            capped += usize::from(demand > usable);
        }
    }
    assert!(
        capped >= 5,
        "applicants outnumbered the beds in {capped} years"
    );
    // Over the 2020s the start residents die faster than others apply, and
    // faster than carers paid the outside wage leave (5 % a year): the carers
    // above the posts leave for want of work at the institutions' own rate
    // (the home caregivers' rate is left as it is).
    let mut kept = baseline(0.01, 2, 10);
    kept.workforce.pay_yuan_per_month = kept.workforce.outside_wage_yuan_per_month;
    kept.workforce.institution_idle_exit_share = 0.0;
    let mut shed = kept.clone();
    shed.workforce.institution_idle_exit_share = 1.0;
    let [(s0, s1), (i0, i1)] = before_after(
        &kept,
        &shed,
        ["institution_staff", "institution_staff_idle_left"],
        4,
    );
    assert_eq!(i0, 0.0);
    // Observed 26.7 → 12.7 carers in the last four years (0.75 a year
    // leaving for want of work): a margin of about half the fall.
    assert!(
        i1 > 0.0 && s1 < 0.75 * s0,
        "carers {s0:.1} → {s1:.1}, idle leaving {i1:.1}"
    );
}

#[test]
fn pay_frozen_in_yuan_loses_caregivers_as_wages_grow() {
    let base = baseline(0.01, 2, 15);
    let mut frozen = base.clone();
    frozen.workforce.pay_index = ruralcare::workforce::PayIndex::Nominal;
    let [(w0, w1)] = before_after(&base, &frozen, ["caregivers_per_1000_elders"], 2);
    assert!(
        w1 < w0 * 0.8,
        "caregivers per 1,000 elders {w0:.2} → {w1:.2}"
    );
}

#[test]
fn supervision_lowers_leakage() {
    let base = baseline(0.01, 2, 3);
    let mut supervised = base.clone();
    supervised.finance.supervision = 0.8;
    let [(l0, l1)] = before_after(&base, &supervised, ["leakage_yuan"], 2);
    assert!(l1 < l0 * 0.3, "leakage {l0:.0} → {l1:.0}");
}

#[test]
fn better_pay_keeps_more_caregivers() {
    // Late in the run paid-care demand outgrows the workforce, and lower
    // attrition lets the workforce grow toward the posts.
    let base = baseline(0.01, 2, 28);
    let mut paid = base.clone();
    paid.workforce.pay_yuan_per_month = paid.workforce.outside_wage_yuan_per_month;
    let [(w0, w1)] = before_after(&base, &paid, ["caregivers_per_1000_elders"], 2);
    assert!(
        w1 > w0 * 1.5,
        "caregivers per 1,000 elders {w0:.2} → {w1:.2}"
    );
}

#[test]
fn outreach_raises_long_term_care_take_up() {
    let mut base = baseline(0.01, 2, 8);
    base.ltc.coverage = 1.0;
    let mut reached = base.clone();
    reached.ltc.outreach = 0.3;
    let [(b0, b1)] = before_after(&base, &reached, ["ltc_beneficiaries"], 2);
    assert!(b1 > b0 * 1.3, "beneficiaries {b0:.0} → {b1:.0}");
}

/// Campaigns cost their yuan per village with residents and 0.01 of strength,
/// outreach its yuan per resident reached (the unaware share it reaches this
/// year), both at the year's real wage and only in simulated years; the
/// baseline has neither.
#[test]
fn campaigns_and_outreach_are_costed() {
    let base = baseline(0.01, 1, 3);
    let mut publicity = base.clone();
    publicity.attitudes.campaign_strength = 0.05;
    publicity.ltc.outreach = 0.2;
    for sc in [&base, &publicity] {
        let model = Model::new(sc);
        let (mut county, mut villages) = first_county(sc, &model);
        for ctx in years(sc, &model) {
            let aware = county.awareness;
            sim::step_year(&mut county, &mut villages, &ctx);
            let inhabited = villages
                .iter()
                .filter(|v| v.tally.resident_population > 0.0)
                .count() as f64;
            let residents: f64 = villages.iter().map(|v| v.tally.resident_population).sum();
            let want = if ctx.year_index == 0 {
                0.0
            } else {
                (sc.attitudes.campaign_strength * 100.0 * 1600.0 * inhabited
                    + sc.ltc.outreach * (1.0 - aware) * residents * 10.0)
                    * model.economy.real_wage(ctx.year)
            };
            let got = county.tally.spend_publicity_yuan;
            assert!(
                (got - want).abs() <= 1e-9 * want,
                "year {}: publicity {got:.0} against {want:.0}",
                ctx.year
            );
            if ctx.year_index > 0 && std::ptr::eq(sc, &publicity) {
                assert!(got > 0.0 && county.awareness > aware);
            }
        }
    }
    assert_eq!(base.attitudes.campaign_cost_yuan_per_village_point, 1600.0);
    assert_eq!(base.ltc.outreach_cost_yuan_per_person, 10.0);
}

/// Building costs its start-year price with the labour share following the
/// real urban wage: the year's beds and renovations cost what they number
/// times that price.
#[test]
fn construction_costs_follow_the_wage_by_their_labour_share() {
    let mut sc = baseline(0.01, 1, 3);
    sc.facilities.plan.beds_per_1000_elders = 2.0;
    sc.facilities.plan.renovation = 0.05;
    sc.finance.construction_budget_per_elder = 10_000.0;
    let costs = sc.facilities.costs.clone();
    assert_eq!(costs.construction_labour_share, 0.3);
    let model = Model::new(&sc);
    let (mut county, mut villages) = first_county(&sc, &model);
    for ctx in years(&sc, &model) {
        sim::step_year(&mut county, &mut villages, &ctx);
        let t = &county.tally;
        let wage = model.economy.real_wage(ctx.year);
        let price = 0.7 + 0.3 * wage;
        let homes: f64 = villages.iter().map(|v| v.tally.homes_renovated).sum();
        let want = (t.beds_built * costs.bed_build + homes * costs.renovation) * price;
        assert!(
            (t.spend_construction_yuan - want).abs() <= 1e-9 * want,
            "year {}: construction {:.0} against {want:.0}",
            ctx.year,
            t.spend_construction_yuan
        );
        if ctx.year_index > 0 {
            assert!(t.beds_built > 0.0 && homes > 0.0 && wage > 1.0);
        }
    }
}

/// Government buys the time of the establishment of home caregivers that paid
/// care leaves unused: in the 2020s most of it, less when insurance makes more
/// of it paid care.
#[test]
fn insured_demand_uses_the_establishment_government_otherwise_buys() {
    let base = baseline(0.01, 2, 6);
    let mut covered = base.clone();
    covered.ltc.coverage = 1.0;
    covered.ltc.initial_awareness = 1.0;
    let [(e0, e1), (caregivers, _)] = before_after(
        &base,
        &covered,
        ["spend_establishment_yuan", "professional_caregivers"],
        3,
    );
    // The baseline's caregivers are about its establishment, most of their time unsold.
    let pay = 12.0 * base.workforce.market_pay_yuan_per_month;
    assert!(
        e0 > 0.5 * caregivers * pay && e0 < 1.2 * caregivers * pay,
        "establishment {e0:.0} for {caregivers:.1} caregivers"
    );
    // Observed 1.35 → 1.19 million (−12 %) in version 0.10.0; required 6 %.
    assert!(
        e1 < 0.94 * e0,
        "establishment {e0:.0} → {e1:.0} with insurance"
    );
}

#[test]
fn insurance_coverage_buys_more_paid_care() {
    let base = baseline(0.01, 2, 5);
    let mut covered = base.clone();
    covered.ltc.coverage = 1.0;
    covered.ltc.initial_awareness = 1.0;
    let [(p0, p1)] = before_after(&base, &covered, ["share_hours_paid"], 2);
    assert!(
        p1 > p0 * 1.5,
        "paid care's share of hours {p0:.4} → {p1:.4}"
    );
}

#[test]
fn industry_integration_lowers_out_migration() {
    let base = baseline(0.01, 2, 5);
    let mut industry = base.clone();
    industry.integration.industry = 1.0;
    let [(o0, o1)] = before_after(&base, &industry, ["out_migrants"], 4);
    assert!(o1 < o0 * 0.85, "out-migrants {o0:.0} → {o1:.0}");
}

/// Industry villages' extra collective money (7.15) reaches the ledger, from
/// the industry villages only: with no other collective budget and running
/// costs above it, the collectives pay what those villages bring, less leakage.
#[test]
fn industry_villages_bring_their_collective_money() {
    let mut sc = baseline(0.01, 1, 3);
    sc.integration.industry = 0.5;
    sc.integration.industry_out_migration_multiplier = 1.0;
    sc.integration.industry_collective_income_yuan = 10.0;
    sc.finance.collective_budget_per_village = 0.0;
    let model = Model::new(&sc);
    let (mut county, mut villages) = first_county(&sc, &model);
    let industry = villages.iter().filter(|v| v.industry).count() as f64;
    assert!(
        industry > 0.0 && industry < villages.len() as f64,
        "{industry} industry villages of {}",
        villages.len()
    );
    for ctx in years(&sc, &model) {
        sim::step_year(&mut county, &mut villages, &ctx);
        let t = county_tally(&sc, &county, &villages);
        let brought = 10.0 * industry * sc.finance.budget_factor(&model.economy, ctx.year);
        let arrived = brought * (1.0 - sc.finance.leak());
        assert!(
            (t.paid_by_collective_yuan - arrived).abs() <= 1e-9 * arrived,
            "{}: collectives paid {} yuan, industry villages brought {arrived}",
            ctx.year,
            t.paid_by_collective_yuan
        );
    }
}

/// The policy schedule (MODEL.md §3, step 0): a lever phased in acts from its
/// year on only. The same draws before it give the same figures to the digit;
/// insurance starts paying in its year; raising the coverage in a later entry
/// changes nothing before that entry's year and adds beneficiaries from it.
#[test]
fn a_scheduled_lever_acts_from_its_year_on_only() {
    let load = |file: &str| {
        scenario::load(&common::scenario(file), &scenario::Overrides::default()).unwrap()
    };
    let (plain, phased) = (load("small.toml"), load("phased.toml"));
    let coverage = |year: i32| phased.in_force(year).ltc.coverage;
    assert_eq!(
        [
            coverage(2022),
            coverage(2023),
            coverage(2024),
            coverage(2025)
        ],
        [0.0, 0.5, 0.5, 1.0]
    );
    let mut half = phased.clone();
    half.schedule.truncate(1);
    let (plain, phased, half) = (region(plain), region(phased), region(half));
    let value = |t: &Tally, name: &str| t.values()[indicators::index(name).unwrap()];
    for ((p, f), h) in plain.iter().zip(&phased).zip(&half) {
        for ((&(year, (ref p, _)), (_, (f, _))), (_, (h, _))) in p.iter().zip(f).zip(h) {
            let spent = value(f, "spend_ltc_insurance_yuan");
            if year < 2023 {
                assert_eq!(
                    p.values(),
                    f.values(),
                    "{year}: a lever acted before its year"
                );
                assert_eq!(spent, 0.0);
            } else {
                assert!(spent > 0.0, "{year}: the insurance paid nothing");
            }
            let (more, fewer) = (value(f, "ltc_beneficiaries"), value(h, "ltc_beneficiaries"));
            if year < 2025 {
                assert_eq!(
                    f.values(),
                    h.values(),
                    "{year}: the second entry acted before its year"
                );
            } else {
                assert!(
                    more > fewer,
                    "{year}: full coverage gave {more} beneficiaries, half {fewer}"
                );
            }
        }
    }
}

/// A run's region tallies and pyramids by replication and year.
type Region = Vec<Vec<(i32, (Tally, Pyramid))>>;

/// The region tallies of a run of `sc`.
fn region(sc: Scenario) -> Region {
    ruralcare::runner::simulate(sc, &|| {}).unwrap().region()
}

/// The small region with `block` (TOML after a `[[schedule]]` line) as its
/// schedule, and without it.
fn with_and_without(block: &str) -> [Region; 2] {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("scheduled.toml");
    let small = common::scenario("small.toml").display().to_string();
    std::fs::write(
        &file,
        format!("extends = {small:?}\n\n[[schedule]]\n{block}"),
    )
    .unwrap();
    let with = scenario::load(&file, &scenario::Overrides::default()).unwrap();
    let mut without = with.clone();
    without.schedule.clear();
    [with, without].map(region)
}

/// A lever scheduled from 2023 leaves every figure before it as it was, and
/// from 2023 on gives `name` where the run without it gives none. The runs
/// with and without it, for further checks.
fn scheduled_from_2023(block: &str, name: &str) -> [Region; 2] {
    let [with, without] = with_and_without(block);
    let k = indicators::index(name).unwrap();
    for (w, o) in with.iter().zip(&without) {
        for (&(year, (ref w, _)), (_, (o, _))) in w.iter().zip(o) {
            if year < 2023 {
                assert_eq!(
                    w.values(),
                    o.values(),
                    "{year}: {block} acted before its year"
                );
            } else {
                assert!(w.values()[k] > 0.0, "{year}: no {name} with {block}");
                assert_eq!(o.values()[k], 0.0, "{year}: {name} without {block}");
            }
        }
    }
    [with, without]
}

/// Service content scheduled (a table of levers two levels down).
#[test]
fn scheduled_service_content_acts_from_its_year_on_only() {
    scheduled_from_2023(
        "from_year = 2023\n\n[schedule.services.village]\nrehabilitation = 5\ncompanionship = 3\n",
        "rehabilitation_hours",
    );
}

/// The talent levers scheduled: outside volunteers help from their year on.
#[test]
fn scheduled_outside_volunteers_help_from_their_year_on_only() {
    scheduled_from_2023(
        "from_year = 2023\nworkforce = { outside_volunteer_hours_per_1000_elders = 100 }\n",
        "outside_volunteer_hours",
    );
}

/// The return incentive scheduled: built into each year's migration tables
/// from the scenario in force (more return at its ages), and paid from its
/// year on.
#[test]
fn a_scheduled_return_incentive_acts_from_its_year_on_only() {
    let block = "from_year = 2023\nmigration = { return_incentive = 0.5 }\n";
    let [with, without] = scheduled_from_2023(block, "spend_return_incentive_yuan");
    let k = indicators::index("return_migrants_incentive_age").unwrap();
    let returners = |run: &Region| -> f64 {
        run.iter()
            .flatten()
            .filter(|(year, _)| *year >= 2023)
            .map(|(_, (t, _))| t.values()[k])
            .sum()
    };
    let (more, fewer) = (returners(&with), returners(&without));
    assert!(
        more > 1.2 * fewer,
        "returners of the incentive's ages: {more} with it, {fewer} without"
    );
}

#[test]
fn medical_integration_slows_progression_and_lowers_deaths() {
    let base = baseline(0.01, 4, 10);
    let mut integrated = base.clone();
    integrated.integration.medical = 1.0;
    let [(se0, se1), (di0, di1)] =
        before_after(&base, &integrated, ["elders_severe", "elders_disabled"], 3);
    let (s0, s1) = (se0 / (se0 + di0), se1 / (se1 + di1));
    assert!(
        s1 < s0 - 0.01,
        "Severe share of dependents {s0:.3} → {s1:.3}"
    );
    // Observed 1,433.6 → 1,425.1 deaths a year (4.8 to 11.2 fewer in each of
    // the four replications): at least 4 fewer, about half that.
    let [(d0, d1)] = before_after(&base, &integrated, ["deaths"], 5);
    assert!(d1 < d0 - 4.0, "deaths {d0:.1} → {d1:.1}");
}

#[test]
fn a_platform_pools_spare_volunteer_hours() {
    let mut base = baseline(0.01, 2, 5);
    // More volunteers than the baseline's, so that some villages have hours to
    // spare while others are short (with many more, every accepting elder already
    // has the weekly cap from the village's own).
    base.care.mutual_aid.intercept = -3.0;
    let mut platform = base.clone();
    platform.integration.platform = true;
    let [(h0, h1)] = before_after(&base, &platform, ["care_hours_mutual_aid"], 3);
    assert!(h1 > h0 * 1.02, "mutual-aid hours {h0:.0} → {h1:.0}");
}

#[test]
fn returning_youth_incentives_raise_return() {
    let base = baseline(0.01, 2, 5);
    let mut incentive = base.clone();
    incentive.migration.return_incentive = 1.0;
    let [(r0, r1), (o1, o0)] =
        before_after(&base, &incentive, ["return_migrants", "out_migrants"], 4);
    assert!(r1 > r0 * 1.2, "returners {r0:.0} → {r1:.0}");
    // MODEL.md §7.5: the incentive also keeps youth from leaving, as far as its response says.
    let mut kept = incentive.clone();
    kept.migration.return_incentive_out_response = 1.0;
    let o2 = late_mean(kept, "out_migrants", 4);
    assert!(o2 < o0 * 0.9, "out-migrants {o0:.0} → {o2:.0}");
    // With the baseline's response (0.5) the incentive keeps some from leaving:
    // observed 2,503 → 2,135 (−15 %, both replications alike); required 7 %.
    assert!(
        o0 < o1 * 0.93,
        "out-migrants without incentive {o1:.0}, with {o0:.0}"
    );
}

/// The incentive is paid, by government, to every returner of its ages: 10,000
/// yuan per unit of incentive (5,000 at 0.5), and nothing without one.
#[test]
fn returning_youth_incentives_are_paid_to_the_returners_of_their_ages() {
    for incentive in [0.0, 0.5] {
        let mut sc = baseline(0.01, 1, 4);
        sc.migration.return_incentive = incentive;
        let model = Model::new(&sc);
        let (mut county, mut villages) = first_county(&sc, &model);
        let mut returners = 0.0;
        for ctx in years(&sc, &model) {
            sim::step_year(&mut county, &mut villages, &ctx);
            let of_ages: f64 = villages
                .iter()
                .map(|v| v.tally.return_migrants_incentive_age)
                .sum();
            let all: f64 = villages.iter().map(|v| v.tally.return_migrants).sum();
            assert!(of_ages <= all);
            returners += of_ages;
            let want = of_ages * incentive * 10_000.0;
            let got = county.tally.spend_return_incentive_yuan;
            assert!(
                (got - want).abs() <= 1e-9 * want.max(1.0),
                "year {}: {got} against {want}",
                ctx.year
            );
        }
        assert!(returners > 0.0);
    }
}

#[test]
fn women_leaving_less_than_men_leave_more_women_at_home() {
    let base = baseline(0.01, 2, 6);
    let mut fewer = base.clone();
    fewer.migration.out_female_multiplier = 0.5;
    let [(r0, r1)] = before_after(&base, &fewer, ["sex_ratio"], 2);
    assert!(r1 < r0 - 0.02, "resident men per woman {r0:.3} → {r1:.3}");
}

#[test]
fn campaigns_raise_acceptance_and_non_family_care() {
    let base = baseline(0.01, 2, 8);
    let mut campaign = base.clone();
    campaign.attitudes.campaign_strength = 0.1;
    let (a, b) = non_family_shares(&base, &campaign, 2);
    // Observed 0.070 → 0.090 in version 0.10.0; required half of it.
    assert!(b > a + 0.01, "non-family share of care {a:.3} → {b:.3}");
}

#[test]
fn fee_relief_for_the_poorest_fills_more_beds() {
    let mut base = baseline(0.01, 2, 10);
    base.facilities.beds_per_1000_elders = 60.0;
    let mut relief = base.clone();
    relief.ltc.fee_relief_below_subsistence = true;
    let [(o0, o1)] = before_after(&base, &relief, ["institution_residents"], 3);
    assert!(o1 > o0 * 1.1, "institution residents {o0:.0} → {o1:.0}");
}

#[test]
fn every_shipped_scenario_runs() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files = ruralcare::runner::shipped_scenarios(&dir).unwrap();
    assert!(files.len() >= 10, "{} shipped scenarios", files.len());
    for more in ["package", "rollout"] {
        files.extend(ruralcare::runner::shipped_scenarios(&dir.join(more)).unwrap());
    }
    for f in files {
        let o = ruralcare::scenario::Overrides {
            years: Some(2),
            replications: Some(1),
            scale: Some(0.002),
            ..Default::default()
        };
        let sc = ruralcare::scenario::load(&f, &o).unwrap();
        let result = ruralcare::runner::simulate(sc, &|| {}).unwrap();
        assert_eq!(result.years().len(), 3, "{}", f.display());
    }
}

/// A shipped scenario at a test size.
fn shipped(file: &str, scale: f64, reps: u32, years: u32) -> Scenario {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(file);
    let o = ruralcare::scenario::Overrides {
        years: Some(years),
        replications: Some(reps),
        scale: Some(scale),
        ..Default::default()
    };
    ruralcare::scenario::load(&path, &o).unwrap()
}

#[test]
fn talent_grows_the_workforce_only_as_far_as_paid_care_is_demanded() {
    // Returners recruited every year, training and pay at the outside wage (5 %
    // attrition) once grew the home caregivers to ~58 per 1,000 elders by 2050,
    // mostly idle. Hiring now follows the posts the paid-care demand supports.
    let (base, talent) = (
        shipped("baseline.toml", 0.01, 2, 30),
        shipped("talent.toml", 0.01, 2, 30),
    );
    let [(w0, w1), (_, paid), (_, caregivers)] = before_after(
        &base,
        &talent,
        [
            "caregivers_per_1000_elders",
            "care_hours_paid",
            "professional_caregivers",
        ],
        3,
    );
    assert!(
        (0.5..=2.0).contains(&w0),
        "baseline caregivers per 1,000 elders {w0:.2}"
    );
    assert!(
        (1.0..=10.0).contains(&w1),
        "talent caregivers per 1,000 elders {w1:.2}"
    );
    assert!(
        w1 > w0 * 1.5,
        "caregivers per 1,000 elders {w0:.2} → {w1:.2}"
    );
    // The caregivers talent keeps are mostly at work: paid hours over their hours.
    let hours = f64::from(talent.care.county.caregiver_hours) * ruralcare::care::WEEKS;
    let used = paid / (caregivers * hours);
    assert!(
        (0.5..=1.0 + 1e-9).contains(&used),
        "share of talent's caregiver hours sold {used:.2}"
    );
}

#[test]
fn certified_caregivers_give_more_paid_care() {
    // Late in the run the paid demand outgrows the caregivers, so care per
    // caregiver hour sets the paid hours; talent's certification rule
    // certifies the whole workforce within a decade.
    let base = baseline(0.01, 2, 30);
    let mut certified = base.clone();
    certified.workforce.initial_certified_share = 1.0;
    certified.workforce.hired_certified_share = 1.0;
    let [(h0, h1), (share, _)] =
        before_after(&base, &certified, ["care_hours_paid", "certified_share"], 3);
    assert!(h1 > h0 * 1.05, "paid hours {h0:.0} → {h1:.0}");
    assert!(
        (0.4..0.7).contains(&share),
        "baseline certified share {share:.2}"
    );
    let mut required = base;
    required.workforce.hired_certified_share = 1.0;
    required.workforce.certification_rate = 0.5;
    let required = {
        let mut sc = required;
        sc.run.end_year = sc.run.start_year + 10;
        late_mean(sc, "certified_share", 1)
    };
    assert!(
        required > 0.99,
        "certified share after ten years {required:.3}"
    );
}

#[test]
fn beds_pay_the_carers_employed_and_government_pays_home_caregivers_above_the_market() {
    // The start year's beds pay their carers (1 per `residents_per_carer`
    // residents) at their pay: a quarter more pay costs a quarter of that pay more
    // per carer, and half the residents per carer costs as many carers again.
    // From the first simulated year government pays each home caregiver the
    // quarter above the market pay; say the market pay is that pay, and it
    // pays nothing.
    let base = baseline(0.01, 1, 1);
    let mut paid = base.clone();
    paid.workforce.pay_yuan_per_month *= 1.25;
    let mut market = paid.clone();
    market.workforce.market_pay_yuan_per_month *= 1.25;
    let mut dense = base.clone();
    dense.workforce.residents_per_carer /= 2.0;
    const NAMES: [&str; 7] = [
        "institution_residents",
        "institution_staff",
        "spend_facilities_yuan",
        "professional_caregivers",
        "spend_caregiver_pay_yuan",
        "paid_by_government_yuan",
        "spend_establishment_yuan",
    ];
    let [b, p, m, d] = [&base, &paid, &market, &dense].map(|sc| yearly_means(sc.clone(), NAMES));
    // An indicator of a run in the start year (0) or the next (1).
    let at = |run: &[Vec<f64>; 7], name: &str, year: usize| {
        run[NAMES.iter().position(|n| *n == name).unwrap()][year]
    };
    let pay = 12.0 * base.workforce.pay_yuan_per_month;
    let (residents, staff) = (
        at(&b, "institution_residents", 0),
        at(&b, "institution_staff", 0),
    );
    assert!(residents > 0.0);
    assert!((staff * base.workforce.residents_per_carer - residents).abs() < 1e-9 * residents);
    let spent = |run| at(run, "spend_facilities_yuan", 0);
    let f0 = spent(&b);
    for (run, more) in [
        (&p, staff * pay * 0.25),
        (&m, staff * pay * 0.25),
        (&d, staff * pay),
    ] {
        let f = spent(run);
        assert!(
            (f - f0 - more).abs() < 1e-9 * f0,
            "facility spending {f0:.0} → {f:.0}, {more:.0} more expected with {staff} carers"
        );
    }
    let caregivers = at(&b, "professional_caregivers", 0);
    let wage = Model::new(&base).economy.real_wage(base.run.start_year + 1);
    let want = caregivers * 12.0 * 0.25 * base.workforce.market_pay_yuan_per_month * wage;
    let supplement = |run| at(run, "spend_caregiver_pay_yuan", 1);
    assert!(caregivers > 0.0);
    assert!(
        (supplement(&p) - want).abs() < 1e-6 * want,
        "pay supplement {:.0} against {want:.0}",
        supplement(&p)
    );
    assert_eq!(supplement(&b), 0.0);
    assert_eq!(supplement(&m), 0.0);
    // Government pays it: its payments rise by at least that much.
    let gov = |run| at(run, "paid_by_government_yuan", 1);
    assert!(gov(&p) - gov(&b) >= want * (1.0 - 1e-9));
    // The start year's caregivers drew it too, at the start year's wage, and
    // the establishment's unsold time is paid from the start.
    let start_wage = Model::new(&base).economy.real_wage(base.run.start_year);
    let want = want / wage * start_wage;
    let first = at(&p, "spend_caregiver_pay_yuan", 0);
    assert!(
        (first - want).abs() < 1e-6 * want,
        "start-year pay supplement {first:.0} against {want:.0}"
    );
    assert!(at(&b, "spend_establishment_yuan", 0) > 0.0);
    // Caregivers whose time is neither sold nor the establishment's draw no
    // pay, and so no supplement: twenty times the caregivers, with the paid
    // demand and the establishment of one per 1,000 elders, are paid for a
    // few times as many at most.
    let mut idle = paid.clone();
    idle.care.county.caregivers_per_1000_elders *= 20.0;
    let [crowd] = yearly_means(idle, ["spend_caregiver_pay_yuan"]);
    assert!(
        crowd[0] > first && crowd[0] < 5.0 * first,
        "start-year pay supplement with twenty times the caregivers: {:.0} against {first:.0}",
        crowd[0]
    );
}

#[test]
fn running_costs_follow_wages_and_budgets_their_index() {
    // The labour in running costs follows the real urban wage: facility spending
    // grows from the start year. When no place's cost is labour and carers'
    // pay keeps its real value, it changes only with the beds and their carers.
    let base = baseline(0.01, 2, 20);
    let first_and_last = |y: &[f64]| (y[0], y[y.len() - 1]);
    let [facilities] = yearly_means(base.clone(), ["facility_running_yuan"]);
    let (f0, f1) = first_and_last(&facilities);
    assert!(f1 > f0 * 1.2, "facility running costs {f0:.0} → {f1:.0}");
    let mut no_labour = base.clone();
    let c = &mut no_labour.facilities.costs;
    c.care_point_labour_share = 0.0;
    c.mutual_aid_home_labour_share = 0.0;
    c.station_labour_share = 0.0;
    no_labour.workforce.pay_index = ruralcare::workforce::PayIndex::Prices;
    // Nothing leaks, so no funding gap cuts the usable places whose content is costed.
    no_labour.finance.leakage_share = 0.0;
    no_labour.services.labour_share = ruralcare::services::PerType {
        meals: 0.0,
        bathing: 0.0,
        rehabilitation: 0.0,
        companionship: 0.0,
    };
    let [facilities, staff, places] = yearly_means(
        no_labour.clone(),
        [
            "facility_running_yuan",
            "institution_staff",
            "institution_places",
        ],
    );
    let (g0, g1) = first_and_last(&facilities);
    assert!(
        (g0 - f0).abs() < 1e-6 * f0,
        "start-year ledger {f0:.0} vs {g0:.0}"
    );
    // The carers paid in a year are those at work before the year-end hires
    // and departures: in the last year, the count at the end of the year before
    // (the start year has no workforce step); beds are not built here.
    let (s0, s1) = (staff[0], staff[staff.len() - 2]);
    let (b0, b1) = first_and_last(&places);
    let c = &no_labour.facilities.costs;
    let want = (s1 - s0) * 12.0 * no_labour.workforce.pay_yuan_per_month
        + (b1 - b0) * c.bed_operate * (1.0 - c.bed_labour_share);
    assert!(s1 != s0, "institution staff {s0:.1} → {s1:.1}");
    assert!(
        (g1 - g0 - want).abs() < 1e-6 * g0,
        "facility running costs {g0:.0} → {g1:.0}, {want:.0} expected from carers {s0:.1} → {s1:.1} and beds {b0:.0} → {b1:.0}"
    );
    // Budgets fixed in yuan lose their real value and the gap widens; budgets
    // growing with rural income keep up with wage-following costs better than
    // budgets of constant real value. (Nothing leaks here: what leaks opens a
    // gap of its own, whatever the budgets.)
    let gap = |index| {
        let mut sc = base.clone();
        sc.finance.budget_index = index;
        sc.finance.leakage_share = 0.0;
        late_mean(sc, "funding_gap_yuan", 3)
    };
    use ruralcare::economy::PathIndex;
    let (income, prices, nominal) = (
        gap(PathIndex::RuralIncome),
        gap(PathIndex::Prices),
        gap(PathIndex::Nominal),
    );
    // Observed 0, 25,000 and 126,000 yuan a year: each required less
    // than half the next.
    assert!(
        income * 2.0 < prices && prices * 2.0 < nominal,
        "funding gap: rural income {income:.0}, prices {prices:.0}, nominal {nominal:.0}"
    );
}

#[test]
fn village_types_leave_out_exactly_what_no_village_holds() {
    // With every lever on, the indicators listed as not by village are never
    // in a village's own tally, and the county adds nothing else: so the
    // village types of `village_types.csv` sum to the region in every other column.
    use ruralcare::indicators::{NOT_BY_VILLAGE, Tally};
    let sc = shipped("combined.toml", 0.002, 1, 12);
    let model = Model::new(&sc);
    let listed = |k: usize| NOT_BY_VILLAGE.contains(&Tally::NAMES[k]);
    let (mut village_only, mut county_only) = (
        vec![false; Tally::NAMES.len()],
        vec![false; Tally::NAMES.len()],
    );
    for plan in &layout::plan(&sc.region, sc.run.scale) {
        let (mut county, mut villages) = sim::build_county(&sc, &model, 0, plan);
        for ctx in years(&sc, &model) {
            sim::step_year(&mut county, &mut villages, &ctx);
            let mut own = Tally::default();
            county.record(&sc, &mut own);
            for (k, x) in own.values().iter().enumerate() {
                assert!(
                    *x == 0.0 || listed(k),
                    "{} is added by the county",
                    Tally::NAMES[k]
                );
                county_only[k] |= *x != 0.0;
            }
            for v in &villages {
                for (k, x) in v.tally.values().iter().enumerate() {
                    assert!(
                        *x == 0.0 || !listed(k),
                        "{} is in a village's tally",
                        Tally::NAMES[k]
                    );
                    village_only[k] |= *x != 0.0;
                }
            }
        }
    }
    // Both kinds were met: a check that saw only zeros would prove nothing.
    assert!(village_only.iter().filter(|&&x| x).count() > 50);
    assert!(county_only.iter().filter(|&&x| x).count() > 20);
}

/// The leaf values of a TOML table by dotted path (arrays whole).
fn leaves(prefix: &str, t: &toml::Table, out: &mut Vec<(String, toml::Value)>) {
    for (k, v) in t {
        let path = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::Table(inner) => leaves(&path, inner, out),
            _ => out.push((path, v.clone())),
        }
    }
}

fn at<'a>(t: &'a toml::Table, path: &str) -> Option<&'a toml::Value> {
    let (first, rest) = path
        .split_once('.')
        .map_or((path, None), |(a, b)| (a, Some(b)));
    let v = t.get(first)?;
    match rest {
        None => Some(v),
        Some(rest) => at(v.as_table()?, rest),
    }
}

#[test]
fn each_part_of_the_package_sets_its_levers_back_to_the_baseline_and_no_others() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let resolved = |f: &std::path::Path| {
        ruralcare::scenario::load(f, &Default::default())
            .unwrap()
            .resolved
    };
    let (baseline, combined) = (
        resolved(&root.join("baseline.toml")),
        resolved(&root.join("combined.toml")),
    );
    let files = ruralcare::runner::shipped_scenarios(&root.join("package")).unwrap();
    assert_eq!(files.len(), 8, "{files:?}");
    for f in files {
        let own: toml::Table = std::fs::read_to_string(&f).unwrap().parse().unwrap();
        let mut set = Vec::new();
        leaves("", &own, &mut set);
        set.retain(|(k, _)| k != "extends" && k != "description");
        let part = resolved(&f);
        let mut removes = false;
        for (key, value) in &set {
            assert_eq!(at(&baseline, key), Some(value), "{}: {key}", f.display());
            removes |= at(&combined, key) != Some(value);
        }
        assert!(removes, "{} leaves the package as it is", f.display());
        // Everything it does not set is the package's.
        let mut all = Vec::new();
        leaves("", &part, &mut all);
        for (key, value) in all.iter().filter(|(k, _)| k != "description") {
            if !set.iter().any(|(k, _)| k == key) {
                assert_eq!(at(&combined, key), Some(value), "{}: {key}", f.display());
            }
        }
    }
}

#[test]
fn the_county_pool_marries_women_into_other_villages_of_the_county() {
    let mut sc = baseline(0.0005, 1, 0);
    sc.partnership.county_pool = 1.0;
    let model = Model::new(&sc);
    let (mut county, mut villages) = first_county(&sc, &model);
    assert!(villages.len() >= 2);
    // A single healthy resident woman of 20-35 with no child, as if no man of
    // her village had suited her this year.
    let (vi, w) = villages
        .iter()
        .enumerate()
        .find_map(|(vi, v)| {
            let p = &v.people;
            (0..p.len())
                .find(|&i| {
                    p.sex[i] == Sex::Female
                        && (20..=35).contains(&p.age[i])
                        && p.status[i] == Status::Resident
                        && p.partner[i] == NONE
                        && p.health[i] == Health::Healthy
                        && p.children_registered[i] == 0
                })
                .map(|i| (vi, i))
        })
        .expect("a single young woman");
    let age = villages[vi].people.age[w];
    let registered = |v: &Village| {
        (0..v.people.len())
            .filter(|&i| v.people.status[i].registered())
            .count()
    };
    let before: Vec<usize> = villages.iter().map(registered).collect();
    // The closest preferred gap among the single resident men of the other villages.
    let pp = &sc.partnership;
    let distance = |husband: u8| {
        let gap = f64::from(husband) - f64::from(age);
        (pp.age_gap_min..=pp.age_gap_max)
            .contains(&gap)
            .then(|| (gap - pp.age_gap_mean).abs())
    };
    let closest = villages
        .iter()
        .enumerate()
        .filter(|&(vj, _)| vj != vi)
        .flat_map(|(_, v)| {
            let p = &v.people;
            (0..p.len())
                .filter(|&m| {
                    p.sex[m] == Sex::Male && p.status[m] == Status::Resident && p.partner[m] == NONE
                })
                .filter_map(|m| distance(p.age[m]))
                .collect::<Vec<_>>()
        })
        .fold(f64::INFINITY, f64::min);
    villages[vi].notes.unmatched = vec![w as u32];
    let ctx = YearCtx::new(&sc, &model, 0, 1);
    villages
        .iter_mut()
        .for_each(|v| v.tally = Default::default());
    partnership::county_pool(&mut county, &mut villages, &ctx);
    // She left her village's registry and married into another one.
    assert_eq!(villages[vi].people.status[w], Status::Settled);
    assert_eq!(villages[vi].tally.married_out, 1.0);
    let (vj, to) = villages
        .iter()
        .enumerate()
        .find(|(_, v)| v.tally.married_in == 1.0)
        .expect("a village she married into");
    assert_ne!(vj, vi);
    assert_eq!(to.tally.unions, 1.0);
    assert_eq!(registered(to), before[vj] + 1);
    assert_eq!(registered(&villages[vi]), before[vi] - 1);
    let p = &to.people;
    let bride = p.len() - 1;
    assert_eq!((p.sex[bride], p.age[bride]), (Sex::Female, age));
    let husband = p.partner[bride] as usize;
    assert_eq!(p.partner[husband] as usize, bride);
    assert_eq!(p.household[bride], p.household[husband]);
    assert_eq!(
        distance(p.age[husband]),
        Some(closest),
        "not the closest age"
    );
    for v in &villages {
        v.people.check().unwrap();
    }
}

#[test]
fn the_county_pool_is_closed_in_the_baseline_and_marries_across_villages_when_open() {
    let base = baseline(0.001, 2, 8);
    assert_eq!(base.partnership.county_pool, 0.0);
    assert_eq!(late_mean(base.clone(), "married_in", 8), 0.0);
    let mut open = base;
    open.partnership.county_pool = 1.0;
    open.partnership.union_rate = open.partnership.union_rate.scaled(3.0);
    let result = ruralcare::runner::simulate(open, &|| {}).unwrap();
    // Each village's registry and residents, brides in and out included, add
    // up year by year in the property tests (tests/properties.rs).
    let married_in: f64 = result
        .region()
        .into_iter()
        .flatten()
        .map(|(_, (t, _))| t.married_in)
        .sum();
    assert!(married_in > 0.0, "no one married across villages");
}

/// MODEL.md §6: the rates of out-migration and return may follow a trend;
/// none in the baseline, whose rates stay as they are.
#[test]
fn trends_change_out_migration_and_return_year_by_year() {
    let base = baseline(0.01, 2, 6);
    let mut trended = base.clone();
    trended.migration.out_rate_trend = 10.0;
    trended.migration.return_rate_trend = -10.0;
    // Over the last two years (1.1^5–1.1^6 ≈ 1.6–1.8 times the out-migration
    // probability, 0.9^5–0.9^6 ≈ 0.53–0.59 times the return probability).
    let [(o0, o1), (r0, r1)] =
        before_after(&base, &trended, ["out_migrants", "return_migrants"], 2);
    assert!(o1 > 1.3 * o0, "out-migrants {o0:.0} → {o1:.0}");
    assert!(r1 < 0.8 * r0, "returners {r0:.0} → {r1:.0}");
    // The first simulated year's rates are the schedules times one year's trend.
    let model = Model::new(&trended);
    let (first, later) = (&model.migration[1], &model.migration[6]);
    let age = 22;
    let ratio = later.out_thresholds[0][0][age] as f64 / first.out_thresholds[0][0][age] as f64;
    assert!((ratio - 1.1f64.powi(5)).abs() < 1e-9, "{ratio}");
}

/// Fall prevention in renovated homes slows Frail → Disabled: with every
/// elder's home renovated over the decade, a stronger effect (× 0.5 against no
/// effect) leaves fewer dependents among the elders, on common random numbers.
#[test]
fn fall_prevention_in_renovated_homes_lowers_disability() {
    let mut none = baseline(0.01, 4, 15);
    none.facilities.plan.renovation = 0.3;
    none.finance.construction_budget_per_elder = 1e5;
    none.health.fall_prevention_multiplier = 1.0;
    let mut strong = none.clone();
    strong.health.fall_prevention_multiplier = 0.5;
    let [(a, b)] = before_after(&none, &strong, ["dependent_share_60plus"], 3);
    assert!(b < 0.95 * a, "dependents among elders {a:.4} → {b:.4}");
}

/// A time bank raises mutual-aid participation, and so does the pull of peers
/// already volunteering (MODEL.md §7.8), each against its absence.
#[test]
fn a_time_bank_and_peers_raise_participation() {
    let base = baseline(0.01, 4, 10);
    let mut bank = base.clone();
    bank.care.mutual_aid.time_bank = true;
    let [(a, b)] = before_after(&base, &bank, ["mutual_aid_participation"], 3);
    assert!(
        b > 1.1 * a,
        "participation {a:.4} → {b:.4} with a time bank"
    );
    let mut no_peers = base.clone();
    no_peers.care.mutual_aid.peer_weight = 0.0;
    let [(c, d)] = before_after(&no_peers, &base, ["mutual_aid_participation"], 3);
    assert!(
        d > 1.02 * c,
        "participation {c:.4} → {d:.4} with peers' pull"
    );
}

#[test]
fn places_left_give_rehabilitation_and_company_to_elders_whose_hours_are_met() {
    // With rehabilitation and companionship in the content, a village place
    // that no elder short of hours takes goes to an accepting Frail or
    // Disabled elder whose hours others met, for those alone; with content
    // of care hours only, no one takes a place for nothing.
    let mut sc = baseline(0.01, 1, 4);
    sc.facilities.no_facility_share = 0.0;
    sc.facilities.mutual_aid_home_share = 1.0;
    sc.care.acceptance.village_facility = 0.0;
    sc.services.village.rehabilitation = 2.0;
    sc.services.village.companionship = 4.0;
    let mut plain = sc.clone();
    plain.services.village.rehabilitation = 0.0;
    plain.services.village.companionship = 0.0;
    let vf = CareSource::VillageFacility as usize;
    for (sc, rich) in [(&sc, true), (&plain, false)] {
        let model = Model::new(sc);
        let (mut county, mut villages) = first_county(sc, &model);
        let mut content_users = 0.0;
        for ctx in years(sc, &model) {
            sim::step_year(&mut county, &mut villages, &ctx);
            for v in &villages {
                let (p, book, t) = (&v.people, &v.care, &v.tally);
                assert!(t.village_facility_users <= t.village_facility_places);
                content_users += t.village_facility_content_users;
                // The elders at home with a place and no hours from it.
                let alone: Vec<usize> = (0..book.len())
                    .filter(|&k| book.rehabilitation[k] > 0.0 && book.received[k][vf] == 0.0)
                    .collect();
                assert_eq!(alone.len() as f64, t.village_facility_content_users);
                for &k in &alone {
                    let i = book.row(k);
                    assert_eq!(book.unmet[k], 0.0, "village {} entry {k}", v.id);
                    assert!(matches!(p.health[i], Health::Frail | Health::Disabled));
                    assert!(book.companionship[k] > 0.0);
                }
                // Only places no one short of hours took: none such is left without one.
                if !alone.is_empty() {
                    assert!(
                        (0..book.len()).all(|k| {
                            let i = book.row(k);
                            book.unmet[k] == 0.0
                                || book.received[k][vf] > 0.0
                                || p.in_institution[i]
                                || p.age[i] < sc.household.elder_age
                                || !matches!(p.health[i], Health::Frail | Health::Disabled)
                        }),
                        "village {} year {}: a place went to an elder whose hours were met before one short of them",
                        v.id,
                        ctx.year
                    );
                }
            }
        }
        if rich {
            assert!(
                content_users > 0.0,
                "no place was taken for rehabilitation alone"
            );
        } else {
            assert_eq!(content_users, 0.0);
        }
    }
}

#[test]
fn a_place_for_therapy_alone_goes_to_elders_short_of_hours_too() {
    // A content of rehabilitation and companionship only gives no care hours:
    // its places still go, most severe first, to the accepting Frail and
    // Disabled elders at home, those short of hours included.
    let mut sc = baseline(0.01, 1, 2);
    sc.facilities.no_facility_share = 0.0;
    sc.facilities.mutual_aid_home_share = 1.0;
    sc.care.acceptance.village_facility = 0.0;
    let content = &mut sc.services.village;
    (content.meals, content.bathing) = (0.0, 0.0);
    (content.rehabilitation, content.companionship) = (2.0, 4.0);
    let model = Model::new(&sc);
    let (mut county, mut villages) = first_county(&sc, &model);
    let vf = CareSource::VillageFacility as usize;
    let (mut short, mut users) = (0, 0.0);
    for ctx in years(&sc, &model) {
        sim::step_year(&mut county, &mut villages, &ctx);
        for v in &villages {
            let book = &v.care;
            assert_eq!(
                v.tally.village_facility_content_users,
                v.tally.village_facility_users
            );
            users += v.tally.village_facility_users;
            short += (0..book.len())
                .filter(|&k| book.rehabilitation[k] > 0.0 && book.unmet[k] > 0.0)
                .count();
            assert!((0..book.len()).all(|k| book.received[k][vf] == 0.0));
        }
    }
    assert!(
        users > 0.0 && short > 0,
        "users {users}, short of hours among them {short}"
    );
}
