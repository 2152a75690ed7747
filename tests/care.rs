//! Care invariants (property tests) and behaviour: each lever moves the
//! outcomes it should, on small scenarios with replications and a stated margin.

mod common;

use common::{baseline, before_after, first_county, non_family_shares, yearly_means, years};

use std::collections::{BTreeMap, HashSet};

use proptest::prelude::*;
use proptest::test_runner::{TestCaseError, TestRunner};
use ruralcare::care::facility::UsablePlaces;
use ruralcare::population::layout;
use ruralcare::population::people::{CARE_SOURCES, CareSource, Health, NONE, People, Status};
use ruralcare::population::village::Village;
use ruralcare::sim::{self, Model, YearCtx};

/// The county's limits a generated case of
/// [`care_never_exceeds_need_or_capacity`] may reach, in the order it counts
/// them: usable beds are the fewer of the beds the funding gap leaves and
/// those the carers can look after.
const LIMITS: [&str; 6] = [
    "usable beds, the funding gap's",
    "usable beds, the carers'",
    "a station's usable places",
    "the caregivers' hours",
    "the platform's spare hours",
    "the outside volunteers' hours",
];

/// Generated cases of [`care_never_exceeds_need_or_capacity`], and how many of
/// them must reach each limit of [`LIMITS`] (in some year).
const CASES: u32 = 128;
const REACHED: usize = 10;

/// A generated case of [`care_never_exceeds_need_or_capacity`]: the levers
/// and the scarcities it varies.
#[derive(Clone, Debug)]
struct Case {
    seed: u64,
    attitude: f64,
    time_bank: bool,
    mutual_aid_home_share: f64,
    beds_per_1000_elders: f64,
    /// Share of the beds occupied at start, whose residents' carers the county starts with.
    occupancy: f64,
    caregivers_per_1000_elders: f64,
    /// Share of the baseline's price of paid care and bed fee.
    cost: f64,
    station_places: u32,
    platform: bool,
    outside_hours_per_1000_elders: f64,
    hours_per_volunteer: f32,
    urban_rural: bool,
}

/// Few beds, places, caregivers and volunteers' hours, outside volunteers'
/// often none, cheap care and accepting elders: so that each limit is
/// reached in some cases (the platform's where no outside volunteer helps).
fn cases() -> impl Strategy<Value = Case> {
    (
        (0u64..1_000_000, 0.3..1.0f64, any::<bool>(), 0.0..1.0f64),
        (0.0..60.0f64, 0.5..1.0f64, 0.0..3.0f64, 0.0..0.5f64),
        (
            1u32..16,
            prop::bool::weighted(0.7),
            prop_oneof![3 => Just(0.0), 2 => 0.0..25.0f64],
            0.05..1.5f32,
            any::<bool>(),
        ),
    )
        .prop_map(|(a, b, c)| Case {
            seed: a.0,
            attitude: a.1,
            time_bank: a.2,
            mutual_aid_home_share: a.3,
            beds_per_1000_elders: b.0,
            occupancy: b.1,
            caregivers_per_1000_elders: b.2,
            cost: b.3,
            station_places: c.0,
            platform: c.1,
            outside_hours_per_1000_elders: c.2,
            hours_per_volunteer: c.3,
            urban_rural: c.4,
        })
}

/// Per person: received ≤ need and need − received = unmet; non-family care
/// to elders only; volunteers' hours within the cap per elder. Per source,
/// against the limit its step works with, computed before the step (the
/// county's capacity, beds, carers and caregivers change only in the year's
/// last steps): village-facility users ≤ usable places; per station, day-care
/// users ≤ its usable places and hours ≤ what they give; paid care ≤ the
/// caregivers' hours; admissions only to free usable beds; volunteers' hours
/// beyond those of a pool (the village's volunteers, or with a platform the
/// township's) only from outside, within the outside volunteers' hours. Next
/// year's volunteers healthy residents of volunteering age; time-bank balance
/// = deposits − withdrawals − lapsed. Each limit is reached in some cases.
/// (Family carers' caps by role: `carers_at_risk_and_people_alone_match_a_recount`.)
#[test]
fn care_never_exceeds_need_or_capacity() {
    let config = ProptestConfig {
        cases: CASES,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    let reached = std::cell::Cell::new([0usize; LIMITS.len()]);
    let result = TestRunner::new(config).run(&cases(), |case| {
        let hit = care_within_limits(&case)?;
        reached.set(std::array::from_fn(|k| {
            reached.get()[k] + usize::from(hit[k])
        }));
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    for (n, limit) in reached.get().into_iter().zip(LIMITS) {
        assert!(
            n >= REACHED,
            "{limit} reached in {n} of {CASES} cases: {:?}",
            reached.get()
        );
    }
}

/// The serials of each village's persons whose row passes `keep`.
fn serials_where(villages: &[Village], keep: impl Fn(&People, usize) -> bool) -> Vec<HashSet<u32>> {
    villages
        .iter()
        .map(|v| {
            let p = &v.people;
            (0..p.len())
                .filter(|&i| keep(p, i))
                .map(|i| p.serial[i])
                .collect()
        })
        .collect()
}

/// One case of [`care_never_exceeds_need_or_capacity`]: whether it reached
/// each limit of [`LIMITS`] in some year.
fn care_within_limits(case: &Case) -> Result<[bool; LIMITS.len()], TestCaseError> {
    let mut sc = baseline(0.0005, 1, 6);
    sc.run.seed = case.seed;
    sc.attitudes.initial_mean = case.attitude;
    sc.care.mutual_aid.time_bank = case.time_bank;
    sc.care.mutual_aid.hours_per_volunteer = case.hours_per_volunteer;
    sc.facilities.no_facility_share = 0.0;
    sc.facilities.mutual_aid_home_share = case.mutual_aid_home_share;
    sc.facilities.beds_per_1000_elders = case.beds_per_1000_elders;
    let kp = &mut sc.care.county;
    kp.initial_occupancy = case.occupancy;
    kp.caregivers_per_1000_elders = case.caregivers_per_1000_elders;
    kp.price_yuan_per_hour *= case.cost;
    kp.institution_fee_yuan_per_month *= case.cost;
    kp.station_places = case.station_places;
    sc.integration.platform = case.platform;
    sc.integration.urban_rural = case.urban_rural;
    sc.workforce.outside_volunteer_hours_per_1000_elders = case.outside_hours_per_1000_elders;
    let platform = case.platform;
    let model = Model::new(&sc);
    let (mut county, mut villages) = first_county(&sc, &model);
    let (mp, kp) = (sc.care.mutual_aid.clone(), sc.care.county.clone());
    let place_hours =
        (sc.services.township.meals + sc.services.township.bathing) * sc.integration.quality();
    let near = |limit: f64, x: f64| x >= limit - 1e-4 * limit.max(1.0);
    let mut reached = [false; LIMITS.len()];
    let mut bank_flow = 0.0f64;
    for ctx in years(&sc, &model) {
        // Paid care draws on the caregivers the year begins with (the
        // workforce step changes them at its end).
        let paid_hours = county.caregivers
            * sc.workforce.hour_value(county.certified, county.caregivers)
            * f64::from(kp.caregiver_hours);
        // The beds the institutions step may fill (whole beds), and each
        // station's usable places: the funding gap's cut, set by last year's ledger.
        let (cut, staffed) = (
            county.beds * county.capacity,
            county.institution_staff * sc.workforce.residents_per_carer,
        );
        let usable_beds = cut.min(staffed).floor();
        let mut usable = UsablePlaces::new(county.capacity);
        let station_places: Vec<f64> = county
            .stations
            .iter()
            .map(|&s| f64::from(usable.next(if s { kp.station_places } else { 0 })))
            .collect();
        let held = serials_where(&villages, |p, i| p.in_institution[i]);
        sim::step_year(&mut county, &mut villages, &ctx);
        let (mut in_beds, mut admitted, mut waiting) = (0.0, 0.0, 0.0);
        let mut by_source = [0.0f64; CARE_SOURCES];
        let mut by_station = vec![(0.0f64, 0.0f64); county.stations.len()];
        // Volunteers' hours per week by pool: received, and the pool's volunteers' hours.
        let mut by_pool = BTreeMap::<u32, (f64, f64)>::new();
        let given = county.tally.outside_volunteer_hours / ruralcare::care::WEEKS;
        let (mut balance, mut indicated, mut elders) = (0.0f64, 0.0f64, 0.0f64);
        for (v, held) in villages.iter().zip(&held) {
            let (p, book) = (&v.people, &v.care);
            prop_assert!(
                book.rows.windows(2).all(|w| w[0] < w[1]),
                "book rows not increasing"
            );
            let mut village = [0.0f64; CARE_SOURCES];
            for i in 0..p.len() {
                // The book lists exactly the residents not Healthy or in a bed.
                let in_need = p.status[i] == Status::Resident
                    && (p.health[i] != Health::Healthy || p.in_institution[i]);
                let k = book.entry(i);
                prop_assert_eq!(k.is_some(), in_need, "row {} in the book", i);
                // Need is this year's, by health state, for residents only (no value left from an earlier year).
                let need = if p.status[i] == Status::Resident {
                    sc.care.need_hours[p.health[i] as usize]
                } else {
                    0.0
                };
                let (booked, received, unmet) = k.map_or((0.0, [0.0; CARE_SOURCES], 0.0), |k| {
                    (book.need[k], book.received[k], book.unmet[k])
                });
                prop_assert_eq!(booked, need, "row {} need", i);
                let got: f32 = received.iter().sum();
                prop_assert!(got <= booked + 1e-3, "received {} > need {}", got, booked);
                prop_assert!((booked - got - unmet).abs() < 1e-3);
                prop_assert!(received.iter().all(|&h| h >= 0.0));
                // Volunteers of every kind together give one elder at most the cap.
                prop_assert!(
                    received[CareSource::MutualAid as usize] <= mp.max_hours_per_elder + 1e-3,
                    "volunteer hours {:?}",
                    received
                );
                // Sources other than family are elderly care: elders only, in a bed too.
                if p.age[i] < sc.household.elder_age {
                    let family = received[CareSource::Spouse as usize]
                        + received[CareSource::Children as usize];
                    prop_assert!(
                        got - family <= 0.0 && !p.in_institution[i],
                        "aged {} given {:?}",
                        p.age[i],
                        received
                    );
                }
                // A bed meets the whole need there, and only a resident holds one.
                if p.in_institution[i] {
                    prop_assert_eq!(p.status[i], Status::Resident, "row {} holds a bed", i);
                    prop_assert!(
                        unmet == 0.0
                            && (booked == 0.0 || received[CareSource::Institution as usize] > 0.0),
                        "in a bed with {:?}, unmet {}",
                        received,
                        unmet
                    );
                    in_beds += 1.0;
                    admitted += f64::from(u8::from(!held.contains(&p.serial[i])));
                }
                for (b, h) in village.iter_mut().zip(received) {
                    *b += f64::from(h);
                }
                if p.volunteer[i] {
                    // The year ends choosing next year's volunteers among healthy
                    // residents of volunteer age a year on.
                    prop_assert!(
                        p.status[i] == Status::Resident
                            && p.health[i] == Health::Healthy
                            && !p.in_institution[i],
                        "volunteer {:?}, {:?}",
                        p.status[i],
                        p.health[i]
                    );
                    prop_assert!(
                        p.age[i] + 1 >= mp.min_age && p.age[i] < mp.max_age,
                        "volunteer aged {}",
                        p.age[i]
                    );
                }
                balance += f64::from(p.time_bank[i]);
            }
            let t = &v.tally;
            indicated += t.time_bank_balance_hours;
            bank_flow += t.time_bank_deposits_hours
                - t.time_bank_withdrawals_hours
                - t.time_bank_forfeited_hours;
            prop_assert!(t.village_facility_users <= t.village_facility_places);
            let station = &mut by_station[(v.township - county.first_township) as usize];
            station.0 += t.township_daycare_users;
            station.1 += village[CareSource::Township as usize];
            // The village's volunteers serve its own elders; a platform pools
            // what they leave across the township.
            let pool = by_pool
                .entry(if platform { v.township } else { v.id })
                .or_default();
            let (got, own) = (
                village[CareSource::MutualAid as usize],
                f64::from(v.notes.serving_volunteers as f32 * mp.hours_per_volunteer),
            );
            pool.0 += got;
            pool.1 += own;
            waiting += t.institution_waiting;
            elders += t.resident_60plus;
            for (b, h) in by_source.iter_mut().zip(village) {
                *b += h;
            }
        }
        // A resident keeps the bed when the usable beds fall below the
        // residents, so the bound holds whenever someone was admitted;
        // applicants wait only when no usable bed is left.
        prop_assert!(
            admitted == 0.0 || in_beds <= usable_beds,
            "{} in {} usable beds, {} admitted",
            in_beds,
            usable_beds,
            admitted
        );
        prop_assert!(
            waiting == 0.0 || in_beds >= usable_beds,
            "{} waiting, {} in {} usable beds",
            waiting,
            in_beds,
            usable_beds
        );
        // A limit reached: applicants turned away whom the other would have taken.
        let away = |other: f64| waiting > 0.0 && in_beds < other.floor();
        reached[0] |= cut < staffed && away(staffed);
        reached[1] |= staffed <= cut && away(cut);
        for (&(users, hours), &places) in by_station.iter().zip(&station_places) {
            prop_assert!(
                users <= places,
                "{} day-care users of {} usable places",
                users,
                places
            );
            prop_assert!(
                hours <= places * place_hours + 1e-3,
                "{} day-care hours from {} usable places",
                hours,
                places
            );
            reached[2] |= places > 0.0 && users == places;
        }
        let paid = by_source[CareSource::Paid as usize];
        prop_assert!(
            paid <= paid_hours + 1e-3,
            "paid {} of {} hours",
            paid,
            paid_hours
        );
        reached[3] |= paid_hours > 0.0 && near(paid_hours, paid);
        // Outside volunteers give at most the county's hours (per week) for
        // its resident elders, and no pool of the villages' volunteers gives
        // more than its hours: what its elders got beyond them came from outside.
        let outside_pool = f64::from((case.outside_hours_per_1000_elders * elders / 1000.0) as f32);
        prop_assert!(
            given <= outside_pool * (1.0 + 1e-5),
            "outside volunteers gave {} of {} hours",
            given,
            outside_pool
        );
        reached[5] |= outside_pool > 0.0 && near(outside_pool, given);
        let beyond: f64 = by_pool
            .values()
            .map(|&(got, own)| (got - own).max(0.0))
            .sum();
        prop_assert!(
            beyond <= given + 1e-3 * given.max(1.0),
            "volunteers' hours beyond the pools {} > outside volunteers' {}",
            beyond,
            given
        );
        // The platform's limit reached: with no outside help, the platform
        // gave hours until no township had any spare left.
        reached[4] |= county.tally.platform_hours > 0.0
            && given == 0.0
            && by_pool.values().all(|&(got, own)| near(own, got));
        prop_assert!(platform || county.tally.platform_hours == 0.0);
        prop_assert!(
            (balance - bank_flow).abs() <= 1e-3 * bank_flow.abs().max(1.0),
            "balance {} vs flows {}",
            balance,
            bank_flow
        );
        prop_assert!(
            (indicated - bank_flow).abs() <= 1e-3 * bank_flow.abs().max(1.0),
            "indicator {} vs flows {}",
            indicated,
            bank_flow
        );
    }
    Ok(reached)
}

#[test]
fn time_bank_credit_is_redeemed_and_accounted() {
    // A mutual-aid home with a time bank in every village, many volunteers,
    // and elders who accept their help: volunteers bank hours, and those who
    // later need care draw on them. The bank's balance on the persons is
    // what was deposited less what was withdrawn or lapsed at death.
    let mut sc = baseline(0.002, 1, 12);
    sc.facilities.no_facility_share = 0.0;
    sc.facilities.mutual_aid_home_share = 1.0;
    sc.care.mutual_aid.time_bank = true;
    sc.care.mutual_aid.intercept = 1.0;
    sc.attitudes.initial_mean = 0.8;
    let model = Model::new(&sc);
    let (mut county, mut villages) = first_county(&sc, &model);
    let [mut deposits, mut withdrawals, mut lapsed] = [0.0f64; 3];
    for ctx in years(&sc, &model) {
        sim::step_year(&mut county, &mut villages, &ctx);
        for v in &villages {
            deposits += v.tally.time_bank_deposits_hours;
            withdrawals += v.tally.time_bank_withdrawals_hours;
            lapsed += v.tally.time_bank_forfeited_hours;
        }
    }
    let balance: f64 = villages
        .iter()
        .flat_map(|v| v.people.time_bank.iter())
        .map(|&h| f64::from(h))
        .sum();
    assert!(
        withdrawals > 0.0,
        "no credit redeemed ({deposits} deposited)"
    );
    assert!(
        (balance - (deposits - withdrawals - lapsed)).abs() <= 1e-3 * deposits,
        "balance {balance}, deposits {deposits}, withdrawals {withdrawals}, lapsed {lapsed}"
    );
}

#[test]
fn volunteers_serve_only_at_volunteer_ages() {
    // One volunteer age and many volunteers, no platform and no outside
    // volunteers. Those who serve in a year are the volunteers chosen before
    // it (at start, or at the end of the year before) who are still resident
    // and Healthy, as many as the village's notes count: each is of that age
    // when serving, the start year included, and the village's mutual-aid
    // hours are theirs.
    let mut sc = baseline(0.002, 1, 4);
    sc.care.mutual_aid.min_age = 66;
    sc.care.mutual_aid.max_age = 66;
    sc.care.mutual_aid.intercept = 2.0;
    sc.integration.platform = false;
    sc.workforce.outside_volunteer_hours_per_1000_elders = 0.0;
    let model = Model::new(&sc);
    let mp = &sc.care.mutual_aid;
    let week = f64::from(mp.hours_per_volunteer);
    let (mut serving, mut served) = (0, 0.0);
    for plan in layout::plan(&sc.region, sc.run.scale) {
        let (mut county, mut villages) = sim::build_county(&sc, &model, 0, &plan);
        for ctx in years(&sc, &model) {
            let chosen = serials_where(&villages, |p, i| p.volunteer[i]);
            sim::step_year(&mut county, &mut villages, &ctx);
            for (v, chosen) in villages.iter().zip(&chosen) {
                let p = &v.people;
                let rows: Vec<usize> = (0..p.len())
                    .filter(|&i| {
                        chosen.contains(&p.serial[i])
                            && p.status[i] == Status::Resident
                            && p.health[i] == Health::Healthy
                    })
                    .collect();
                assert_eq!(
                    rows.len(),
                    v.notes.serving_volunteers as usize,
                    "village {} year {}: serving volunteers",
                    v.id,
                    ctx.year
                );
                for &i in &rows {
                    assert!(
                        (mp.min_age..=mp.max_age).contains(&p.age[i]),
                        "village {} year {}: a volunteer aged {} served",
                        v.id,
                        ctx.year,
                        p.age[i]
                    );
                }
                let hours = v.tally.care_hours_mutual_aid;
                assert!(
                    hours <= rows.len() as f64 * week * ruralcare::care::WEEKS + 1e-6,
                    "village {} year {}: {hours} hours from {} volunteers",
                    v.id,
                    ctx.year,
                    rows.len()
                );
                serving += rows.len();
                served += hours;
            }
        }
    }
    assert!(
        serving > 0 && served > 0.0,
        "{serving} volunteers served {served} hours"
    );
}

/// Under 2020 conditions (no gain in life expectancy) the fitted transitions
/// keep DATA.md §6's prevalence by age through thirty years, long enough
/// for the cohorts under 50 at the start, which start Healthy, to reach 80.
#[test]
fn prevalence_by_age_stays_near_data_md_for_thirty_years_under_2020_conditions() {
    let mut sc = baseline(0.03, 1, 30);
    sc.mortality.e0_gain_per_year = 0.0;
    let model = Model::new(&sc);
    let table: [[f64; 3]; 3] = [[0.12, 0.04, 0.015], [0.20, 0.08, 0.035], [0.25, 0.15, 0.12]]; // DATA.md §6: 60–69, 70–79, 80+
    let mut villages = Vec::new();
    let mut counties = Vec::new();
    for c in layout::plan(&sc.region, sc.run.scale) {
        let (county, v) = sim::build_county(&sc, &model, 0, &c);
        counties.push(county);
        villages.push(v);
    }
    let mut problems = Vec::new();
    for year_index in 0..=30 {
        let ctx = YearCtx::new(&sc, &model, 0, year_index);
        for (county, v) in counties.iter_mut().zip(villages.iter_mut()) {
            sim::step_year(county, v, &ctx);
        }
        let got = ruralcare::health::band_prevalence(villages.iter().flatten());
        // The residents of each band, whom its shares are counted over.
        let mut persons = [0.0f64; 3];
        for v in villages.iter().flatten() {
            let p = &v.people;
            for i in (0..p.len()).filter(|&i| p.status[i] == Status::Resident && p.age[i] >= 60) {
                persons[(usize::from(p.age[i]) - 60).min(29) / 10] += 1.0;
            }
        }
        // Few residents in a band would widen its tolerance until it meant nothing.
        assert!(
            persons.iter().all(|&n| n >= 1000.0),
            "residents by band {persons:?}"
        );
        for (b, band) in ["60-69", "70-79", "80+"].iter().enumerate() {
            for (k, state) in ["Frail", "Disabled", "Severe"].iter().enumerate() {
                // Tolerance per cell: 15 % of the table value, or two binomial
                // standard errors of a share of the band's residents if larger.
                let (g, t) = (got[b][k], table[b][k]);
                let tol = (0.15 * t).max(2.0 * (t * (1.0 - t) / persons[b]).sqrt());
                if (g - t).abs() > tol {
                    problems.push(format!(
                        "{} {band} {state}: {g:.4} of {:.0}, DATA.md {t:.3} ± {tol:.4}",
                        ctx.year, persons[b]
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "prevalence away from DATA.md:\n{}",
        problems.join("\n")
    );
}

#[test]
fn more_out_migration_gives_more_unmet_need() {
    let base = baseline(0.01, 4, 10);
    let mut more = base.clone();
    more.migration.out_rate = more.migration.out_rate.scaled(2.0);
    let [(a, b)] = before_after(&base, &more, ["unmet_need_share"], 3);
    assert!(
        b > a + 0.01,
        "unmet need {a:.3} → {b:.3} with twice the out-migration"
    );
}

#[test]
fn a_mutual_aid_home_everywhere_lowers_unmet_need_and_raises_participation() {
    let base = baseline(0.01, 4, 10);
    let mut homes = base.clone();
    homes.facilities.no_facility_share = 0.0;
    homes.facilities.mutual_aid_home_share = 1.0;
    let [(u0, u1), (p0, p1)] = before_after(
        &base,
        &homes,
        ["unmet_need_share", "mutual_aid_participation"],
        3,
    );
    assert!(u1 < u0 - 0.005, "unmet need {u0:.3} → {u1:.3}");
    assert!(p1 > p0 + 0.02, "participation {p0:.3} → {p1:.3}");
}

#[test]
fn more_institution_beds_shorten_the_waiting_list() {
    let mut base = baseline(0.01, 4, 30);
    base.facilities.beds_per_1000_elders = 4.0;
    let mut more = base.clone();
    more.facilities.beds_per_1000_elders = 40.0;
    let [(w0, w1)] = before_after(&base, &more, ["institution_waiting"], 5);
    assert!(w1 < w0 * 0.5, "waiting {w0:.1} → {w1:.1}");
}

#[test]
fn higher_acceptance_raises_take_up_of_non_family_care() {
    let base = baseline(0.01, 4, 5);
    let mut open = base.clone();
    open.attitudes.initial_mean = 0.5;
    let (a, b) = non_family_shares(&base, &open, 3);
    assert!(b > a + 0.01, "non-family share of care {a:.3} → {b:.3}");
}

/// MODEL.md §7.14, row by row: a resident's acceptance closes the share
/// (exposure × usage + campaign + companionship rate × own weekly hours, at
/// most 1) of its gap to 1; everyone else keeps theirs. Village places give
/// companionship here, so some elders take a pull of their own.
#[test]
fn each_resident_moves_toward_acceptance_by_its_own_pull() {
    let mut sc = baseline(0.002, 1, 4);
    sc.attitudes.campaign_strength = 0.05;
    sc.facilities.no_facility_share = 0.0;
    sc.services.village.companionship = 4.0;
    let model = Model::new(&sc);
    let (mut county, mut villages) = first_county(&sc, &model);
    let mut last = None;
    for ctx in years(&sc, &model) {
        sim::step_year(&mut county, &mut villages, &ctx);
        last = Some(ctx);
    }
    let ctx = last.unwrap();
    let ap = &sc.attitudes;
    let (mut users, mut moved) = (0, 0);
    for v in &mut villages {
        let t = &v.tally;
        let usage = t.persons_using_services / t.persons_in_need.max(1.0);
        let pull = (ap.exposure_rate * usage + ap.campaign_strength) as f32;
        let p = &v.people;
        let expected: Vec<f32> = (0..p.len())
            .map(|i| {
                let hours = v.care.entry(i).map_or(0.0, |k| v.care.companionship[k]);
                users += usize::from(hours > 0.0);
                let own = (pull + ap.companionship_rate as f32 * hours).min(1.0);
                let a = p.attitude[i];
                if p.status[i] == Status::Resident && own > 0.0 {
                    a + own * (1.0 - a)
                } else {
                    a
                }
            })
            .collect();
        let before = p.attitude.clone();
        ruralcare::attitudes::step(v, &ctx);
        assert_eq!(v.people.attitude, expected, "village {}", v.id);
        moved += before.iter().zip(&expected).filter(|(b, e)| b != e).count();
    }
    assert!(
        users > 0 && moved > users,
        "{users} users of companionship, {moved} moved"
    );
}

/// The counts that the care accounts, the living arrangements and the census
/// take from the steps that saw the rows (carers at risk, lone dependents
/// without a carer, elders living alone, households, elders by health and
/// partnered, the registered) equal a recount of the year's end from the
/// persons' columns, the carers' hours and the care book; the carers' hours
/// add up to the family care the book received.
#[test]
fn carers_at_risk_and_people_alone_match_a_recount() {
    let mut sc = baseline(0.002, 1, 5);
    // Lower the threshold so that working-age carers at risk occur in a small
    // run, and the institutions' threshold and fee so that elders are admitted
    // during the years.
    sc.care.family.at_risk_hours = 20.0;
    sc.care.acceptance.institution = 0.1;
    sc.care.county.institution_fee_yuan_per_month = 200.0;
    let model = Model::new(&sc);
    let (mut county, mut villages) = first_county(&sc, &model);
    let (fp, elder_age) = (&sc.care.family, sc.household.elder_age);
    let mut seen = [0.0f64; 9];
    let mut seen_family = [0.0f64; 3];
    let (mut in_law_cared, mut admitted, mut frail_carers) = (0, 0, 0);
    for ctx in years(&sc, &model) {
        // Living alone is counted before the year's admissions: the beds held
        // at the year's start (by serial number, as rows move) are the ones that count.
        let held = serials_where(&villages, |p, i| p.in_institution[i]);
        sim::step_year(&mut county, &mut villages, &ctx);
        for (v, held) in villages.iter().zip(&held) {
            let (p, book, t) = (&v.people, &v.care, &v.tally);
            let in_bed = |i: usize| p.in_institution[i] && held.contains(&p.serial[i]);
            admitted += (0..p.len())
                .filter(|&i| p.in_institution[i] && !in_bed(i))
                .count();
            let mut members = std::collections::HashMap::<u32, Vec<usize>>::new();
            for (i, &h) in p.household.iter().enumerate().filter(|&(_, &h)| h != NONE) {
                members.entry(h).or_default().push(i);
            }
            let size = &members;
            // Alone: at home, with every other member of the household in a bed.
            let alone = |i: usize| {
                !in_bed(i)
                    && members
                        .get(&p.household[i])
                        .is_some_and(|m| m.iter().all(|&j| j == i || in_bed(j)))
            };
            // The family carers left in the notes: each once, a resident,
            // within the weekly capacity of the roles they can play (spouse
            // of an entry of the book; child or child-in-law at home with a
            // parent in it; child elsewhere in the village), and their hours
            // together are the hours the book's entries received from spouses
            // and children.
            let carers = &v.notes.carers;
            let rows: std::collections::HashSet<u32> = carers.iter().map(|&(c, _)| c).collect();
            assert_eq!(rows.len(), carers.len(), "a carer listed twice");
            let in_book = |i: u32| i != NONE && book.rows.binary_search(&i).is_ok();
            let parents = |c: usize| {
                [p.mother[c], p.father[c]]
                    .into_iter()
                    .filter(|&j| in_book(j))
            };
            let cap = |c: usize| {
                let mut cap = 0.0f32;
                if in_book(p.partner[c]) {
                    cap = cap.max(fp.spouse_hours);
                }
                let in_laws = (p.partner[c] != NONE)
                    .then(|| parents(p.partner[c] as usize))
                    .into_iter()
                    .flatten();
                for j in parents(c).chain(in_laws) {
                    cap = cap.max(if p.household[j as usize] == p.household[c] {
                        fp.coresident_hours
                    } else {
                        fp.nearby_child_hours
                    });
                }
                cap
            };
            // A Frail carer gives at most a Frail carer's hours, spouse or child.
            let most_frail = fp.frail_spouse_hours.max(fp.frail_carer_hours);
            for &(c, h) in carers {
                assert_eq!(p.status[c as usize], Status::Resident);
                assert!(!p.in_institution[c as usize], "carer {c} in a bed");
                let cap = cap(c as usize);
                assert!(
                    h > 0.0 && h <= cap + 1e-3,
                    "carer {c} gave {h} h, its roles' cap {cap} h"
                );
                if p.health[c as usize] == Health::Frail {
                    assert!(h <= most_frail + 1e-3, "Frail carer {c} gave {h} h");
                    frail_carers += 1;
                }
            }
            // Parents with no child in the village who still get care from
            // children: a child-in-law at home while the child is Away.
            in_law_cared += (0..book.len())
                .filter(|&k| {
                    let i = book.row(k);
                    book.received[k][CareSource::Children as usize] > 0.0
                        && (0..p.len()).all(|c| {
                            (p.mother[c] as usize != i && p.father[c] as usize != i)
                                || p.status[c] != Status::Resident
                        })
                })
                .count();
            let given: f64 = carers.iter().map(|&(_, h)| f64::from(h)).sum();
            let family: f64 = book
                .received
                .iter()
                .map(|r| {
                    f64::from(r[CareSource::Spouse as usize] + r[CareSource::Children as usize])
                })
                .sum();
            assert!(
                (given - family).abs() <= 1e-4 * family.max(1.0),
                "carers gave {given} h, the book received {family} h from family"
            );
            let at_risk = carers
                .iter()
                .filter(|&&(c, h)| {
                    (fp.carer_min_age..=fp.working_age_max).contains(&p.age[c as usize])
                        && h >= fp.at_risk_hours
                })
                .count() as f64;
            let uncared = (0..book.len())
                .filter(|&k| {
                    let (i, r) = (book.row(k), &book.received[k]);
                    let family = r[CareSource::Spouse as usize] + r[CareSource::Children as usize];
                    book.need[k] > 0.0
                        && p.health[i].dependent()
                        && alone(i)
                        && family <= 0.0
                        && !p.in_institution[i]
                })
                .count() as f64;
            // Dependents by who in the family cared: a spouse's care comes
            // from a resident partner.
            let mut by_family = [0.0f64; 3];
            for k in 0..book.len() {
                let (i, r) = (book.row(k), &book.received[k]);
                let spouse = r[CareSource::Spouse as usize] > 0.0;
                let children = r[CareSource::Children as usize] > 0.0;
                if spouse {
                    let partner = p.partner[i];
                    assert!(partner != NONE && p.status[partner as usize] == Status::Resident);
                }
                if book.need[k] > 0.0 && p.health[i].dependent() && (spouse || children) {
                    by_family[usize::from(children) + usize::from(spouse && children)] += 1.0;
                }
            }
            assert_eq!(
                by_family,
                [
                    t.dependents_spouse_care_only,
                    t.dependents_children_care_only,
                    t.dependents_spouse_and_children_care
                ],
                "village {} year {}",
                v.id,
                ctx.year
            );
            assert_eq!(by_family.iter().sum::<f64>(), t.dependents_family_cared);
            for (s, c) in seen_family.iter_mut().zip(by_family) {
                *s += c;
            }
            let elders = |keep: &dyn Fn(usize) -> bool| {
                (0..p.len())
                    .filter(|&i| {
                        p.status[i] == Status::Resident && p.age[i] >= elder_age && keep(i)
                    })
                    .count() as f64
            };
            let elders_short = (0..book.len())
                .filter(|&k| {
                    let i = book.row(k);
                    book.need[k] > 0.0
                        && p.health[i].dependent()
                        && book.unmet[k] > 0.0
                        && p.age[i] >= elder_age
                })
                .count() as f64;
            assert!(elders_short <= t.dependents_with_unmet_need);
            assert!(elders_short <= t.elders_disabled + t.elders_severe);
            let counted = [
                at_risk,
                uncared,
                elders_short,
                elders(&alone),
                size.len() as f64,
                elders(&|i| p.health[i] == Health::Frail),
                elders(&|i| p.health[i] == Health::Severe),
                elders(&|i| p.partner[i] != NONE),
                p.status.iter().filter(|s| s.registered()).count() as f64,
            ];
            let tallied = [
                t.family_carers_at_risk,
                t.dependents_alone_without_carer,
                t.elders_dependent_with_unmet_need,
                t.elders_living_alone,
                t.households,
                t.elders_frail,
                t.elders_severe,
                t.elders_partnered,
                t.registered_population,
            ];
            assert_eq!(counted, tallied, "village {} year {}", v.id, ctx.year_index);
            for (s, c) in seen.iter_mut().zip(counted) {
                *s += c;
            }
        }
    }
    assert!(
        seen.iter().chain(&seen_family).all(|&s| s > 0.0),
        "every count occurs: {seen:?} {seen_family:?}"
    );
    assert!(
        in_law_cared > 0,
        "no child-in-law cared while the child was Away"
    );
    assert!(admitted > 0, "no one admitted to a bed during the years");
    assert!(frail_carers > 0, "no Frail family carer");
}

#[test]
fn a_parent_in_need_calls_children_home() {
    // Without the care multiplier no return is owed to a parent's need; with
    // a strong one, Away children of dependent parents with unmet need come
    // back, over and above the regular returns.
    let mut base = baseline(0.01, 3, 10);
    base.migration.care_return_multiplier = 1.0;
    let mut strong = base.clone();
    strong.migration.care_return_multiplier = 10.0;
    let [(care0, care1), (back0, back1)] =
        before_after(&base, &strong, ["care_returners", "return_migrants"], 10);
    assert_eq!(care0, 0.0, "care returners with a multiplier of 1");
    assert!(care1 > 1.0, "{care1} care returners a year");
    assert!(
        back1 > back0 + 0.5 * care1,
        "returns {back0:.1} → {back1:.1} a year with {care1:.1} care returners"
    );
}

/// Children's care splits into the hours of children in the parent's household
/// and of those elsewhere in the village: with either kind given no hours, the
/// split puts all of the children's care on the other side.
#[test]
fn childrens_care_splits_by_where_the_child_lives() {
    let names = ["care_hours_children", "care_hours_children_elsewhere"];
    let base = baseline(0.004, 1, 3);
    let [children, elsewhere] = yearly_means(base.clone(), names);
    assert!(
        elsewhere
            .iter()
            .zip(&children)
            .all(|(e, c)| *e > 0.0 && e < c)
    );
    let mut none_nearby = base.clone();
    none_nearby.care.family.nearby_child_hours = 0.0;
    let [children, elsewhere] = yearly_means(none_nearby, names);
    assert!(children.iter().all(|&c| c > 0.0));
    assert!(elsewhere.iter().all(|&e| e == 0.0), "{elsewhere:?}");
    let mut none_at_home = base;
    none_at_home.care.family.coresident_hours = 0.0;
    let [children, elsewhere] = yearly_means(none_at_home, names);
    assert!(children.iter().all(|&c| c > 0.0));
    assert_eq!(children, elsewhere);
}
