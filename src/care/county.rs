//! The county phase of care (MODEL.md §3 step 2, §7.7 sources 6–8): after
//! every village has cared for its own, the county matches remaining need to
//! township day care (within a travel distance), paid home care from the
//! county's professional caregivers (limited by the workforce and by what the
//! elder can pay), and county institution beds (fee and acceptance; a waiting
//! list ordered by severity, ties in an order drawn for the county each year).

use std::cmp::Reverse;

use crate::care::WEEKS;
use crate::care::facility::UsablePlaces;
use crate::indicators::Tally;
use crate::ltc;
use crate::plan::StepTimes;
use crate::population::layout::CountyPlan;
use crate::population::people::{CareSource, Health, Status};
use crate::population::village::Village;
use crate::rng::{COUNTY_UNIT_FLAG, KeyedDraws, Process, StreamKey};
use crate::scenario::Scenario;
use crate::scenario::reader::{Section, doc};
use crate::services;
use crate::sim::YearCtx;

#[derive(Clone, Debug)]
pub struct CountyCareParams {
    pub station_places: u32,
    /// Share of a Disabled user's need that day care's meals can cover.
    pub disabled_coverage: f32,
    pub max_distance_km: f32,
    pub caregivers_per_1000_elders: f64,
    pub caregiver_hours: f32,
    pub price_yuan_per_hour: f64,
    pub paid_budget_share: f64,
    pub institution_fee_yuan_per_month: f64,
    pub institution_budget_share: f64,
    /// Childless elders' fees are waived beyond their means (rural five-guarantee support).
    pub childless_fee_waived: bool,
    /// Share of beds occupied at start.
    pub initial_occupancy: f64,
}

impl CountyCareParams {
    pub fn read(s: &mut Section) -> Self {
        CountyCareParams {
            station_places: s.int("station_places", 0..=10_000, doc("places", "day-care places of a township care station", "(A)")) as u32,
            disabled_coverage: s.prob("disabled_coverage", doc("share", "part of a Disabled user's need a day-care place's meals and day care can cover (bathing adds to it)", "(A: stations give personal care through the day, not the mornings, evenings and nights at home)")) as f32,
            max_distance_km: s.num("max_distance_km", 0.0..=500.0, doc("km", "farthest village from the township seat whose elders use day care", "(A)")) as f32,
            caregivers_per_1000_elders: s.num("caregivers_per_1000_elders", 0.0..=1000.0, doc("caregivers per 1,000 residents 60+", "professional home caregivers of a county at start", "DATA.md §9 (A)")),
            caregiver_hours: s.num("caregiver_hours", 0.0..=168.0, doc("hours per week", "home care one caregiver delivers", "DATA.md §9: long days, part travel (A)")) as f32,
            price_yuan_per_hour: s.num("price_yuan_per_hour", 0.0..=10_000.0, doc("yuan per hour", "price of paid home care, start year; grows with the urban wage", "(A: a caregiver's pay of 3,838 yuan/month, DATA.md §9, over the hours delivered, caregiver_hours: 22.1 yuan an hour at 40 h a week, × 1.3 for the employer's social insurance and margin)")),
            paid_budget_share: s.prob("paid_budget_share", doc("share of income", "part of an elder's yearly income (remittances included) less own medical spending that can buy home care", "(A)")),
            institution_fee_yuan_per_month: s.num("institution_fee_yuan_per_month", 0.0..=100_000.0, doc("yuan per month", "fee of a county institution bed, start year; grows with the urban wage", "(A)")),
            institution_budget_share: s.prob("institution_budget_share", doc("share of income", "part of an elder's yearly income (remittances included) less own medical spending that can pay the bed fee", "(A)")),
            initial_occupancy: s.prob("initial_occupancy", doc("share of beds", "beds occupied at start, by resident dependents (most severe first)", "(A: rural homes run well below capacity, DATA.md §8)")),
            childless_fee_waived: s.flag("childless_fee_waived", doc("true/false", "elders with no living child who cannot pay the bed fee have the part beyond their means waived; no claim needed (see awareness)", "rural five-guarantee support scheme (State Council regulation, 2006) (S)")),
        }
    }
}

impl CountyCareParams {
    /// Price of an hour of paid home care in the context's year, yuan in
    /// start-year prices: care is labour, so it grows with the urban wage.
    pub fn hourly_price(&self, ctx: &YearCtx) -> f64 {
        self.price_yuan_per_hour * ctx.model.economy.real_wage(ctx.year)
    }

    /// Yearly fee of an institution bed in the context's year, yuan in
    /// start-year prices (grows with the urban wage).
    pub fn yearly_fee(&self, ctx: &YearCtx) -> f64 {
        self.institution_fee_yuan_per_month * 12.0 * ctx.model.economy.real_wage(ctx.year)
    }
}

/// A county's care capacity.
#[derive(Clone, Debug)]
pub struct County {
    pub id: u32,
    pub first_township: u32,
    /// Whether each of the county's townships has a care station.
    pub stations: Vec<bool>,
    pub caregivers: f64,
    /// Of them, certified (see [`crate::workforce::certified_caregivers`]).
    pub certified: f64,
    /// Home-care posts for next year (set by the workforce step; at start, the caregivers).
    pub caregiver_posts: f64,
    pub beds: f64,
    /// Carers of the county institutions; a bed needs its share of one to be usable.
    pub institution_staff: f64,
    /// Posts the institution carers are hired toward
    /// ([`crate::workforce::WorkforceParams::institution_posts`]).
    pub institution_posts: f64,
    /// Usable share of facility capacity this year (cut by last year's funding gap).
    pub capacity: f64,
    /// The year's running costs of the beds and their carers in service
    /// ([`crate::facilities::bed_cost`]), which the residents' fees meet
    /// first (yuan, start-year prices), costed before the workforce step and
    /// the build-out change them; the ledger pays them ([`County::running_yuan`]).
    pub running_beds_yuan: f64,
    /// Likewise of the village facilities and of the stations (buildings and
    /// the service content), whose users pay fees toward them, and the usable
    /// places they had this year.
    pub running_places_yuan: [f64; 2],
    pub usable_places: [f64; 2],
    /// Share of residents aware of their care entitlements.
    pub awareness: f64,
    /// The county's flows of the year being simulated (reset each year).
    pub tally: Tally,
    /// Wall time of each county step, when timed (see [`StepTimes`]).
    pub step_times: StepTimes,
}

impl County {
    /// The key of this county's stream of `process` in the year of `ctx`.
    pub fn key(&self, ctx: &YearCtx, process: Process) -> StreamKey {
        StreamKey {
            seed: ctx.seed,
            replication: ctx.replication,
            unit: COUNTY_UNIT_FLAG | u64::from(self.id),
            process,
            year: ctx.year,
        }
    }

    /// Capacity at start: stations drawn per township, beds and caregivers per
    /// resident elder; the start-year share of beds is filled with resident
    /// dependents, most severe first, and the institution carers are those
    /// residents' staff (the start year's applicants wait for next year's
    /// hiring, the workforce step's first).
    pub fn build(
        sc: &Scenario,
        replication: u32,
        plan: &CountyPlan,
        villages: &mut [Village],
    ) -> Self {
        let key = StreamKey {
            seed: sc.run.seed,
            replication,
            unit: COUNTY_UNIT_FLAG | u64::from(plan.id),
            process: Process::County,
            year: sc.run.start_year,
        };
        let mut rng = key.rng();
        let stations = plan
            .townships
            .clone()
            .map(|_| rng.chance(sc.facilities.township_station_share))
            .collect();
        let elders: usize = villages
            .iter()
            .map(|v| {
                (0..v.people.len())
                    .filter(|&i| {
                        v.people.status[i] == Status::Resident
                            && v.people.age[i] >= crate::census::NORM_ELDER_AGE
                    })
                    .count()
            })
            .sum();
        let per_1000 = |rate: f64| (elders as f64 * rate / 1000.0).round();
        let beds = per_1000(sc.facilities.beds_per_1000_elders);
        let occupied = (beds * sc.care.county.initial_occupancy).round() as usize;
        // Dependent elders by (more severe first, then the start year's
        // order of the county queues), with village index and row.
        let order = KeyedDraws::new(&StreamKey {
            process: Process::Queues,
            ..key
        });
        let mut queue: Vec<(Reverse<Health>, u64, u32, usize, usize)> = Vec::new();
        for (vi, v) in villages.iter().enumerate() {
            let p = &v.people;
            let village = order.of(v.id);
            for i in 0..p.len() {
                if p.status[i] == Status::Resident
                    && p.health[i].dependent()
                    && p.age[i] >= sc.household.elder_age
                {
                    let draw = tie(village, p.serial[i]);
                    queue.push((Reverse(p.health[i]), draw, p.serial[i], vi, i));
                }
            }
        }
        queue.sort_unstable();
        let admitted = &queue[..occupied.min(queue.len())];
        for &(_, _, _, vi, i) in admitted {
            let pays = income(&villages[vi], i) * sc.care.county.institution_budget_share
                >= sc.care.county.institution_fee_yuan_per_month * 12.0;
            villages[vi].admit(i, !pays);
        }
        // Staffed for the residents (DATA.md §9: one carer per 4 residents).
        let staff = sc.workforce.staff_for(admitted.len() as f64);
        let caregivers = per_1000(sc.care.county.caregivers_per_1000_elders);
        County {
            id: plan.id,
            first_township: plan.townships.start,
            stations,
            caregivers,
            certified: caregivers * sc.workforce.initial_certified_share,
            caregiver_posts: caregivers,
            beds,
            institution_staff: staff,
            institution_posts: staff,
            capacity: 1.0,
            running_beds_yuan: 0.0,
            running_places_yuan: [0.0; 2],
            usable_places: [0.0; 2],
            awareness: sc.ltc.initial_awareness,
            tally: Tally::default(),
            step_times: StepTimes::default(),
        }
    }

    /// County-level stocks into the county's tally.
    pub fn record(&self, sc: &Scenario, t: &mut Tally) {
        t.townships += self.stations.len() as f64;
        let stations = self.stations.iter().filter(|&&s| s).count() as f64;
        t.township_stations += stations;
        t.township_daycare_places += stations * f64::from(sc.care.county.station_places);
        t.institution_places += self.beds;
        t.professional_caregivers += self.caregivers;
        t.certified_caregivers += self.certified;
        t.caregiver_posts += self.caregiver_posts;
        t.institution_staff += self.institution_staff;
        t.institution_posts += self.institution_posts;
        t.add(&self.tally);
    }

    /// The year's running costs of the places, beds and carers in service.
    pub fn running_yuan(&self) -> f64 {
        self.running_places_yuan.iter().sum::<f64>() + self.running_beds_yuan
    }

    /// Beds that can take residents this year: the share the funding gap
    /// leaves usable, and no more than the institution carers can look after.
    pub fn usable_beds(&self, sc: &Scenario) -> f64 {
        (self.beds * self.capacity).min(self.institution_staff * sc.workforce.residents_per_carer)
    }
}

/// An applicant: (more severe first, then a draw, then the serial) orders the
/// queue; then the index of the village in the county and the entry in its
/// care book, which make the order total.
pub type Applicant = (Reverse<Health>, u64, u32, usize, usize);

/// The county's order of the year among applicants of equal severity: a draw
/// per (village, person), so that no village or township comes first year
/// after year. Every county queue of the year uses it.
fn queue_order(c: &County, ctx: &YearCtx) -> KeyedDraws {
    KeyedDraws::new(&c.key(ctx, Process::Queues))
}

/// An applicant's place among the equally severe: a draw of the person's
/// serial from its village's draw (`order.of(village id)`).
fn tie(village: u64, serial: u32) -> u64 {
    KeyedDraws::next(village ^ u64::from(serial))
}

/// Elders (residents of `household.elder_age` and over: the county's sources
/// are elderly care) of county `c`'s `villages` with unmet need (the care
/// book's entries), not in a bed, passing `ok` (given the village, the row and
/// the entry): the year's queue, most severe first, in the year's
/// [`queue_order`] among equals.
pub fn applicants(
    villages: &[Village],
    c: &County,
    ctx: &YearCtx,
    ok: impl Fn(&Village, usize, usize) -> bool,
) -> Vec<Applicant> {
    applicants_with(villages, c, ctx, |v, i, k| ok(v, i, k).then_some(()))
        .into_iter()
        .map(|(a, ())| a)
        .collect()
}

/// [`applicants`] with what the test found out about each applicant (the
/// terms it was admitted on), so that serving does not work it out again.
pub fn applicants_with<T>(
    villages: &[Village],
    c: &County,
    ctx: &YearCtx,
    terms: impl Fn(&Village, usize, usize) -> Option<T>,
) -> Vec<(Applicant, T)> {
    queue_among(villages, c, ctx, true, terms)
}

/// [`applicants_with`] among the elders with unmet need, or (`short` false)
/// among all elders at home in the care book.
fn queue_among<T>(
    villages: &[Village],
    c: &County,
    ctx: &YearCtx,
    short: bool,
    terms: impl Fn(&Village, usize, usize) -> Option<T>,
) -> Vec<(Applicant, T)> {
    let (order, elder_age) = (queue_order(c, ctx), ctx.scenario.household.elder_age);
    let mut out = Vec::new();
    for (vi, v) in villages.iter().enumerate() {
        let village = order.of(v.id);
        let (p, book) = (&v.people, &v.care);
        for k in 0..book.len() {
            let i = book.row(k);
            if (book.unmet[k] > 0.0 || !short)
                && !p.in_institution[i]
                && p.age[i] >= elder_age
                && let Some(t) = terms(v, i, k)
            {
                let draw = tie(village, p.serial[i]);
                out.push(((Reverse(p.health[i]), draw, p.serial[i], vi, k), t));
            }
        }
    }
    // Keys are distinct (an entry is unique in its village): the order is total.
    out.sort_unstable_by_key(|&(a, _)| a);
    out
}

/// Yearly income an elder can draw on for care (this year's, from the village
/// phase, less medical spending), yuan in start-year prices, like
/// [`CountyCareParams::hourly_price`] and the bed fee.
fn income(v: &Village, i: usize) -> f64 {
    f64::from(v.people.income[i])
}

/// County phase: township day care for Frail and Disabled elders of villages
/// near a township with a station; each place carries the township service
/// content (`services.township`). The stations' usable places are their usable
/// share of places in whole places ([`UsablePlaces`]). An elder who holds a
/// place at the village facility (taken first, in the village phase) takes one
/// at the station only if it gives more, and then only its extra hours (see
/// [`services::serve`]), after the elders with no village place.
pub fn township_daycare(c: &mut County, villages: &mut [Village], ctx: &YearCtx) {
    let cp = &ctx.scenario.care;
    let kp = &cp.county;
    let open = c.stations.iter().filter(|&&s| s).count() as f64;
    c.tally.township_daycare_places_open += open * f64::from(kp.station_places);
    let mut usable = UsablePlaces::new(c.capacity);
    let mut places: Vec<u32> = c
        .stations
        .iter()
        .map(|&s| usable.next(if s { kp.station_places } else { 0 }))
        .collect();
    let mut queue = applicants(villages, c, ctx, |v, i, _| {
        let p = &v.people;
        v.distance_km <= kp.max_distance_km
            && places[(v.township - c.first_township) as usize] > 0
            && matches!(p.health[i], Health::Frail | Health::Disabled)
            && p.attitude[i] >= cp.acceptance.township
    });
    // Elders with no village place first: a station gives them its whole
    // content, a village place's holder only what it offers beyond it.
    queue.sort_by_key(|&(_, _, _, vi, k)| {
        villages[vi].care.received[k][CareSource::VillageFacility as usize] > 0.0
    });
    let quality = ctx.scenario.integration.quality() as f32;
    for (_, _, _, vi, k) in queue {
        let v = &mut villages[vi];
        let slot = &mut places[(v.township - c.first_township) as usize];
        let health = v.people.health[v.care.row(k)];
        if *slot > 0
            && services::serve(
                &mut v.care,
                k,
                health,
                CareSource::Township,
                &ctx.scenario.services.township,
                kp.disabled_coverage,
                quality,
            )
        {
            *slot -= 1;
            v.tally.township_daycare_users += 1.0;
        }
    }
    // Places left go, as the village facility's do, to elders who hold no
    // day-care place (their hours met by others, or none the station could
    // give), for the content's rehabilitation and companionship alone (when
    // it has any).
    let content = &ctx.scenario.services.township;
    if places.iter().all(|&n| n == 0) || !content.beyond_hours() {
        return;
    }
    let rest = queue_among(villages, c, ctx, false, |v, i, k| {
        let (p, book) = (&v.people, &v.care);
        (v.distance_km <= kp.max_distance_km
            && places[(v.township - c.first_township) as usize] > 0
            && matches!(p.health[i], Health::Frail | Health::Disabled)
            && p.attitude[i] >= cp.acceptance.township
            && !book.holds_day_care(k))
        .then_some(())
    });
    for ((_, _, _, vi, k), ()) in rest {
        let v = &mut villages[vi];
        let slot = &mut places[(v.township - c.first_township) as usize];
        if *slot > 0 {
            services::attend(&mut v.care, k, content, quality);
            *slot -= 1;
            v.tally.township_daycare_users += 1.0;
            v.tally.township_daycare_content_users += 1.0;
        }
    }
}

/// County phase: paid home care, limited by the caregivers' hours and by each
/// elder's budget. The demand — what the accepting elders would buy at the
/// price were caregivers not short — is recorded: it sets the posts the
/// workforce step hires toward.
pub fn paid_care(c: &mut County, villages: &mut [Village], ctx: &YearCtx) {
    let cp = &ctx.scenario.care;
    let kp = &cp.county;
    let share = ctx.scenario.ltc.paid_care_share;
    // Hours of care the caregivers give, an uncertified caregiver's hour counting for less.
    let value = ctx.scenario.workforce.hour_value(c.certified, c.caregivers);
    let mut pool = (c.caregivers * value) as f32 * kp.caregiver_hours;
    let price = kp.hourly_price(ctx);
    // Hours per week the elder can buy, and whether the insurance pays its
    // share (a beneficiary pays only the part it does not).
    let terms = |v: &Village, i: usize| {
        let insured = ltc::beneficiary(v, i, ctx, c.awareness);
        let own_price = if insured {
            price * (1.0 - share)
        } else {
            price
        };
        let hours = if own_price <= 0.0 {
            f32::MAX
        } else {
            (income(v, i) * kp.paid_budget_share / WEEKS / own_price) as f32
        };
        (hours, insured)
    };
    // Each applicant also carries what they would buy (their hours, at most
    // their unmet need), taken while their village's book is at hand.
    let queue = applicants_with(villages, c, ctx, |v, i, k| {
        (v.people.attitude[i] >= cp.acceptance.paid)
            .then(|| terms(v, i))
            .filter(|&(hours, _)| hours > 0.0)
            .map(|(hours, insured)| (hours, insured, hours.min(v.care.unmet[k])))
    });
    let demand: f64 = queue.iter().map(|&(_, (_, _, want))| f64::from(want)).sum();
    c.tally.care_hours_paid_demand += demand * WEEKS;
    for ((_, _, _, vi, k), (hours, insured, _)) in queue {
        if pool <= 0.0 {
            break;
        }
        let v = &mut villages[vi];
        let g = v.care.grant(k, CareSource::Paid, hours.min(pool));
        pool -= g;
        v.tally.paid_care_users += f64::from(u8::from(g > 0.0));
        if insured && g > 0.0 {
            c.tally.spend_ltc_insurance_yuan += f64::from(g) * WEEKS * price * share;
        }
    }
}

/// No living child, registered here or settled elsewhere (five-guarantee support).
fn childless(v: &Village, i: usize) -> bool {
    v.people.children_elsewhere[i] == 0 && v.people.children_registered[i] == 0
}

/// County phase: free usable beds go to accepting dependents who can pay the
/// fee (or whose fee is waived), most severe first; the rest wait. Acceptance
/// is easier for a dependent no family member cared for. A resident keeps the
/// bed until death, even when staff or funds fall short.
pub fn institutions(c: &mut County, villages: &mut [Village], ctx: &YearCtx) {
    let cp = &ctx.scenario.care;
    let kp = &cp.county;
    let occupied: usize = villages
        .iter()
        .map(|v| {
            let beds = &v.people.in_institution;
            v.care.rows.iter().filter(|&&i| beds[i as usize]).count()
        })
        .sum();
    c.tally.institution_places_open += c.beds;
    let mut free = (c.usable_beds(ctx.scenario) as usize).saturating_sub(occupied);
    let fee = kp.yearly_fee(ctx);
    let awareness = c.awareness;
    let benefit = |v: &Village, i: usize| {
        if ltc::beneficiary(v, i, ctx, awareness) {
            ctx.scenario
                .ltc
                .yearly_bed_benefit(&ctx.model.economy, ctx.year)
        } else {
            0.0
        }
    };
    // The queue carries whether the fee is waived (the applicant cannot pay it).
    let queue = applicants_with(villages, c, ctx, |v, i, k| {
        let p = &v.people;
        // Only dependents apply: the terms below are not worked out for the others.
        if !p.health[i].dependent() {
            return None;
        }
        let r = &v.care.received[k];
        let no_family = r[CareSource::Spouse as usize] + r[CareSource::Children as usize] <= 0.0;
        let a = &cp.acceptance;
        let accepts = p.attitude[i] >= a.institution
            || (no_family && p.attitude[i] >= a.institution_without_family);
        let own_means = income(v, i) * kp.institution_budget_share + benefit(v, i) >= fee;
        // Fee relief is claimed only by those who know of it; five-guarantee support needs no claim (see [`ltc`]).
        let pays = own_means
            || (kp.childless_fee_waived && childless(v, i))
            || (ctx.scenario.ltc.fee_relief_below_subsistence
                && v.people.below_subsistence[i]
                && ltc::aware(v, i, ctx, awareness));
        (accepts && pays).then_some(!own_means)
    });
    for ((_, _, _, vi, k), waived) in queue {
        let v = &mut villages[vi];
        if free == 0 {
            v.tally.institution_waiting += 1.0;
            continue;
        }
        free -= 1;
        let i = v.care.row(k);
        v.admit(i, waived);
        v.care.grant(k, CareSource::Institution, f32::MAX);
    }
}

#[cfg(test)]
mod tests {
    use super::{applicants, childless};
    use crate::population::people::{CareSource, Health};
    use crate::sim::testing::{baseline, each_year};

    #[test]
    fn equal_applicants_are_ordered_by_a_draw_of_the_year_not_by_village() {
        // Each year's queue is most severe first; among the equally severe,
        // the county's first villages do not come first (enough villages for
        // a dozen Disabled elders with unmet need).
        let sc = baseline(0.01, 2);
        each_year(&sc, |ctx, c, villages| {
            let queue = applicants(villages, c, ctx, |_, _, _| true);
            assert!(queue.is_sorted_by_key(|a| a.0));
            let disabled: Vec<usize> = queue
                .iter()
                .filter(|a| a.0.0 == Health::Disabled)
                .map(|a| a.3)
                .collect();
            assert!(
                disabled.len() > 10,
                "{} Disabled applicants",
                disabled.len()
            );
            assert!(!disabled.is_sorted(), "year {}: by village", ctx.year);
        });
    }

    #[test]
    fn a_village_place_and_a_station_give_what_the_better_one_would() {
        // Every village has a care point of three places and every township a
        // station in reach, and everyone accepts both. A Disabled user of a
        // village place, whose meals cover half the need and who has no
        // bathing there, also takes a station place for what it gives more
        // (bathing, and meals up to the station's cover): the two together
        // give what the station alone would.
        let mut sc = baseline(0.002, 3);
        sc.facilities.no_facility_share = 0.0;
        sc.facilities.mutual_aid_home_share = 0.0;
        sc.facilities.township_station_share = 1.0;
        sc.care.facility.care_point_places = 3;
        sc.care.county.max_distance_km = 500.0;
        sc.care.acceptance.village_facility = 0.0;
        sc.care.acceptance.township = 0.0;
        let station = sc.services.township;
        let cover = sc.care.county.disabled_coverage;
        let quality = sc.integration.quality() as f32;
        let mut both = 0;
        each_year(&sc, |_, _, villages| {
            for v in villages {
                let book = &v.care;
                for k in 0..book.len() {
                    let r = &book.received[k];
                    let (village, township) = (
                        r[CareSource::VillageFacility as usize],
                        r[CareSource::Township as usize],
                    );
                    if village > 0.0 && township > 0.0 {
                        both += 1;
                        let health = v.people.health[book.row(k)];
                        let coverable = if health == Health::Frail {
                            book.need[k]
                        } else {
                            book.need[k] * (cover * quality).min(1.0)
                        };
                        let alone = (station.meals as f32 * quality).min(coverable)
                            + station.bathing as f32 * quality;
                        // The station's own hours, or what was unmet.
                        let full = village + township;
                        assert!(
                            (full - alone).abs() < 1e-3 || book.unmet[k] == 0.0 && full < alone,
                            "village {} entry {k}: {village} + {township} against {alone}",
                            v.id
                        );
                    }
                }
            }
        });
        assert!(both > 0, "no one at both places");
    }

    #[test]
    fn only_those_who_know_of_fee_relief_claim_it() {
        // Beds for all who accept, and everyone accepts; fee relief on, no bed
        // taken at start. Unaware, only five-guarantee elders (childless) are
        // admitted on a waiver; aware, poor elders with children are too.
        let mut sc = baseline(0.002, 4);
        sc.facilities.beds_per_1000_elders = 200.0;
        sc.care.county.initial_occupancy = 0.0;
        sc.care.acceptance.institution = 0.0;
        sc.ltc.fee_relief_below_subsistence = true;
        let relieved = |awareness: f64| {
            let mut sc = sc.clone();
            sc.ltc.initial_awareness = awareness;
            let mut n = 0;
            each_year(&sc, |_, _, villages| {
                for v in villages {
                    let p = &v.people;
                    for i in 0..p.len() {
                        n +=
                            usize::from(p.in_institution[i] && p.fee_waived[i] && !childless(v, i));
                    }
                }
            });
            n
        };
        assert_eq!(relieved(0.0), 0);
        assert!(relieved(1.0) > 0);
    }
}
