//! Facilities (MODEL.md §2, §7.9): the three-tier network — village care
//! points and mutual-aid homes, township care stations, county institution
//! beds — at start, and a build-out plan that adds to it each year within the
//! construction budget; age-friendly renovation of elders' homes.
//!
//! Villages and townships to build in are drawn from the county's stream, so
//! the plan is reproducible; what the budget cannot pay for is not built. The
//! construction budget is government money, less its leakage (see
//! [`crate::finance`]); construction is paid from it alone, not from the
//! facilities' operating budgets.

use crate::care::county::County;
use crate::population::people::Status;
use crate::population::village::{Facility, Village};
use crate::rng::{KeyedDraws, Process, threshold};
use crate::scenario::reader::{Section, doc};
use crate::scenario::{RunParams, Scenario};
use crate::sim::YearCtx;

#[derive(Clone, Debug)]
pub struct FacilityParams {
    pub no_facility_share: f64,
    pub mutual_aid_home_share: f64,
    pub township_station_share: f64,
    pub beds_per_1000_elders: f64,
    pub plan: BuildPlan,
    pub costs: FacilityCosts,
}

/// Additions per year between two years (each a share of what is missing, or beds per 1,000 elders).
#[derive(Clone, Debug)]
pub struct BuildPlan {
    pub from_year: i32,
    pub to_year: i32,
    pub care_points: f64,
    pub mutual_aid_homes: f64,
    pub stations: f64,
    pub beds_per_1000_elders: f64,
    pub renovation: f64,
}

/// Construction and yearly operating costs, yuan.
#[derive(Clone, Debug)]
pub struct FacilityCosts {
    pub care_point_build: f64,
    pub mutual_aid_home_build: f64,
    pub station_build: f64,
    pub bed_build: f64,
    pub renovation: f64,
    pub care_point_operate: f64,
    pub mutual_aid_home_operate: f64,
    pub station_operate: f64,
    pub bed_operate: f64,
    /// Labour's share of each running cost (care point, home, station, bed):
    /// that part follows the real urban wage, the rest prices. A bed's labour share is
    /// left out of its cost: the carers employed are paid instead.
    pub care_point_labour_share: f64,
    pub mutual_aid_home_labour_share: f64,
    pub station_labour_share: f64,
    pub bed_labour_share: f64,
    /// Labour's share of each construction and renovation cost: that part
    /// follows the real urban wage, the rest prices.
    pub construction_labour_share: f64,
}

/// A running cost in the year's start-year prices when `labour_share` of it
/// is pay, which follows the real wage index `wage`, and the rest goods and
/// services, which follow prices.
pub fn with_wages(cost: f64, labour_share: f64, wage: f64) -> f64 {
    cost * (1.0 - labour_share + labour_share * wage)
}

impl FacilityParams {
    pub fn read(s: &mut Section) -> Self {
        let no_facility_share = s.prob(
            "no_facility_share",
            doc(
                "share of villages",
                "villages with no elderly-care facility at start",
                "DATA.md §8, the study: about 40 % (S)",
            ),
        );
        let mutual_aid_home_share = s.prob("mutual_aid_home_share", doc("share of villages", "villages with a mutual-aid home at start (the rest of those with a facility have a care point)", "DATA.md §8 (A)"));
        let township_station_share = s.prob(
            "township_station_share",
            doc(
                "share of townships",
                "townships with a care station at start",
                "DATA.md §8: townships with a government-run old-age home, 56.4 % in 2016 (a V figure), taken as a proxy for stations; the homes' beds are among the county's beds (A)",
            ),
        );
        let beds_per_1000_elders = s.num(
            "beds_per_1000_elders",
            0.0..=500.0,
            doc(
                "beds per 1,000 residents 60+",
                "county institution beds at start",
                "DATA.md §8: 1.94 M rural institution beds in 2020 (a V figure) ÷ about 121 M rural elders; county and township homes' beds pooled (A)",
            ),
        );
        let mut p = s.section("plan");
        let share = |what| {
            doc(
                "share per year",
                what,
                "lever (MODEL.md §8: facilities.plan); none in the baseline",
            )
        };
        let plan = BuildPlan {
            from_year: p.int(
                "from_year",
                1950..=2200,
                doc("year", "first year of the build-out", "lever"),
            ) as i32,
            to_year: p.int(
                "to_year",
                1950..=2200,
                doc("year", "last year of the build-out", "lever"),
            ) as i32,
            care_points: p.prob(
                "care_points",
                share("of villages without a facility that get a care point"),
            ),
            mutual_aid_homes: p.prob(
                "mutual_aid_homes",
                share("of villages without a mutual-aid home that get one"),
            ),
            stations: p.prob(
                "stations",
                share("of townships without a care station that get one"),
            ),
            beds_per_1000_elders: p.num(
                "beds_per_1000_elders",
                0.0..=100.0,
                doc(
                    "beds per 1,000 elders per year",
                    "institution beds added",
                    "lever; none in the baseline",
                ),
            ),
            renovation: p.prob(
                "renovation",
                share("of elders' homes not yet renovated that get age-friendly renovation"),
            ),
        };
        p.require(
            &["to_year", "from_year"],
            plan.to_year >= plan.from_year,
            || {
                format!(
                    "to_year {} is before from_year {}",
                    plan.to_year, plan.from_year
                )
            },
        );
        p.finish();
        let mut c = s.section("costs");
        let build = |what| doc("yuan", what, "(A)");
        let operate = |what| doc("yuan per year", what, "(A)");
        let costs = FacilityCosts {
            care_point_build: c.num("care_point_build", 0.0..=1e9, build("to set up a village care point in an idle building")),
            mutual_aid_home_build: c.num("mutual_aid_home_build", 0.0..=1e9, build("to set up a mutual-aid home")),
            station_build: c.num("station_build", 0.0..=1e10, build("to build a township care station")),
            bed_build: c.num("bed_build", 0.0..=1e8, build("per county institution bed")),
            renovation: c.num("renovation", 0.0..=1e7, build("age-friendly renovation of one home (handrails, call system, barrier-free access)")),
            care_point_operate: c.num("care_point_operate", 0.0..=1e9, operate("to run a care point: building, utilities, management (its places' service content is costed by services.costs)")),
            mutual_aid_home_operate: c.num("mutual_aid_home_operate", 0.0..=1e9, operate("to run a mutual-aid home: building, utilities, day activities (service content apart)")),
            station_operate: c.num("station_operate", 0.0..=1e10, operate("to run a township care station: building, utilities, management (service content apart)")),
            bed_operate: c.num("bed_operate", 0.0..=1e8, operate("to run one institution bed, staff at 1 carer per 4 residents included (DATA.md §9); the staff part (bed_labour_share) is replaced by the carers employed")),
            care_point_labour_share: c.prob("care_point_labour_share", doc("share of the running cost", "pay in a care point's running cost (a part-time keeper); it follows the real urban wage, the rest prices", "(A: mostly building and utilities)")),
            mutual_aid_home_labour_share: c.prob("mutual_aid_home_labour_share", doc("share of the running cost", "pay in a mutual-aid home's running cost (a keeper; volunteers are unpaid); it follows the real urban wage", "(A: mostly heating, utilities and activities)")),
            station_labour_share: c.prob("station_labour_share", doc("share of the running cost", "pay in a township station's running cost (manager, cooks, carers); it follows the real urban wage", "(A: staff are most of a station's cost besides buildings and utilities)")),
            bed_labour_share: c.prob("bed_labour_share", doc("share of the running cost", "carers' pay in a bed's running cost (facilities.costs.bed_operate), left out of it: the rest (goods and services) is paid for every bed usable or held, and the carers employed (workforce.residents_per_carer to a carer) are paid workforce.pay_yuan_per_month along workforce.pay_index", "(C: 3,838 yuan a month × 12 ÷ 4 residents per carer = 11,514 of 15,000 yuan, DATA.md §9)")),
            construction_labour_share: c.prob("construction_labour_share", doc("share of the cost", "pay in the cost of building a place or renovating a home (the *_build costs and renovation); it follows the real urban wage, the rest (materials, equipment) prices", "(A: builders' rule of thumb for Chinese building projects, labour about 30 % of cost, materials 60 %, overheads 10 %)")),
        };
        c.finish();
        FacilityParams {
            no_facility_share,
            mutual_aid_home_share,
            township_station_share,
            beds_per_1000_elders,
            plan,
            costs,
        }
    }

    /// Checks the build-out plan, when it builds anything, against the run's
    /// years: the build-out runs from the first simulated year (start_year + 1;
    /// the start year's facilities are the start's) to end_year, so a plan must
    /// overlap those years and start in them. A run of the start year alone
    /// (`--years 0`) simulates no year, of the plan or of any other lever.
    pub fn check_years(&self, s: &Section, run: &RunParams) {
        let plan = &self.plan;
        let amounts = [
            plan.care_points,
            plan.mutual_aid_homes,
            plan.stations,
            plan.beds_per_1000_elders,
            plan.renovation,
        ];
        let (first, last) = (run.start_year + 1, run.end_year);
        if amounts.iter().all(|&x| x == 0.0) || first > last {
            return;
        }
        let overlaps = plan.from_year <= last && plan.to_year >= first;
        s.require(
            &[
                "facilities.plan.from_year",
                "facilities.plan.to_year",
                "run.start_year",
                "run.end_year",
            ],
            overlaps,
            || {
                format!(
                    "the plan builds in {}–{}, but the simulated years are {first}–{last} (the \
                     build-out runs from the first simulated year, run.start_year + 1, to \
                     run.end_year); expected a plan whose years overlap them, or none built",
                    plan.from_year, plan.to_year
                )
            },
        );
        s.require(
            &["facilities.plan.from_year", "run.start_year"],
            !overlaps || plan.from_year >= first,
            || {
                format!(
                    "from_year {} is not after run.start_year {}: building starts in the first \
                     simulated year, {first}; expected a from_year of {first} or later",
                    plan.from_year, run.start_year
                )
            },
        );
    }
}

/// Yearly running cost of a county's village facilities and of its stations,
/// each apart, yuan in start-year prices: buildings, utilities and management
/// of each. Each cost's labour share follows the real urban wage index `wage`
/// (1 in the start year). The beds are costed by [`bed_cost`], the service
/// content of the places by [`services_cost`].
pub fn operating_cost(
    c: &County,
    villages: &[Village],
    costs: &FacilityCosts,
    wage: f64,
) -> [f64; 2] {
    let (points, homes) = villages
        .iter()
        .fold((0.0, 0.0), |(p, h), v| match v.facility {
            Facility::None => (p, h),
            Facility::CarePoint => (p + 1.0, h),
            Facility::MutualAidHome => (p, h + 1.0),
        });
    let stations = c.stations.iter().filter(|&&s| s).count() as f64;
    [
        points
            * with_wages(
                costs.care_point_operate,
                costs.care_point_labour_share,
                wage,
            )
            + homes
                * with_wages(
                    costs.mutual_aid_home_operate,
                    costs.mutual_aid_home_labour_share,
                    wage,
                ),
        stations * with_wages(costs.station_operate, costs.station_labour_share, wage),
    ]
}

/// Yearly running cost of a county's institution beds, beside
/// [`operating_cost`]: the goods and services of the beds usable this year, or
/// of the beds held if more (a resident keeps the bed through a cut; a bed cut
/// by last year's funding gap and empty consumes none), at their price, and the
/// institution staff, employed whatever the cut, at `carer_pay`. The residents'
/// fees meet it first. `residents`: the county's bed holders this year;
/// `carer_pay`: a carer's yearly pay ([`crate::workforce::WorkforceParams::yearly_pay`]).
/// A bed's goods and services keep their price; its carers are paid as employed.
pub fn bed_cost(c: &County, costs: &FacilityCosts, carer_pay: f64, residents: f64) -> f64 {
    (c.beds * c.capacity).max(residents) * costs.bed_operate * (1.0 - costs.bed_labour_share)
        + c.institution_staff * carer_pay
}

/// Yearly cost of the service content of a county's `usable` village-facility
/// and day-care places ([`usable_place_counts`]), each tier apart, yuan in
/// start-year prices: every place usable this year provisions its tier's
/// content (a place cut by last year's funding gap keeps its building's
/// upkeep, in [`operating_cost`], but provisions nothing), scaled as the hours
/// it delivers are by urban–rural sharing
/// ([`crate::integration::IntegrationParams::quality`]); the labour in it
/// follows the real urban wage index `wage`.
pub fn services_cost(usable: [f64; 2], sc: &Scenario, wage: f64) -> [f64; 2] {
    let [village_places, station_places] = usable;
    sc.services
        .cost(village_places, station_places, wage)
        .map(|cost| cost * sc.integration.quality())
}

/// The county's usable village-facility places and usable day-care places of
/// its stations this year. The stations' are counted as the day care counts
/// them, exact (their whole places, by cumulative rounding, differ from it by
/// less than one).
pub fn usable_place_counts(c: &County, villages: &[Village], sc: &Scenario) -> [f64; 2] {
    let village_places: f64 = villages
        .iter()
        .map(|v| usable_places(sc.care.facility.places(v.facility), v.capacity))
        .sum();
    let stations = c.stations.iter().filter(|&&s| s).count() as f64;
    [
        village_places,
        stations * f64::from(sc.care.county.station_places) * c.capacity,
    ]
}

/// The usable places of a facility of `places` places of which a share
/// `capacity` is usable: whole, as the ledger set the share ([`crate::care::facility::UsablePlaces`]).
pub fn usable_places(places: u32, capacity: f64) -> f64 {
    (f64::from(places) * capacity).round()
}

/// County phase: this year's build-out, in order care points, mutual-aid
/// homes, stations, beds, renovations, while the construction budget that
/// arrives lasts; what is spent is the year's `spend_construction_yuan`.
pub fn build_out(c: &mut County, villages: &mut [Village], ctx: &YearCtx) {
    let fp = &ctx.scenario.facilities;
    let (plan, costs) = (&fp.plan, &fp.costs);
    if ctx.year < plan.from_year || ctx.year > plan.to_year {
        return;
    }
    // Each kind of building draws for each village (or township, or elder's
    // home) by its id, so that what one kind builds, or how many are still
    // to build, changes no other draw.
    let draws = |process| KeyedDraws::new(&c.key(ctx, process));
    let (points, homes, stations) = (
        draws(Process::BuildOut),
        draws(Process::BuildOutHomes),
        draws(Process::BuildOutStations),
    );
    let elders: f64 = villages.iter().map(|v| v.tally.resident_60plus).sum();
    // What arrives of the construction budget: the ledger books what is spent
    // as paid by government, with what leaked on its way.
    let mut budget = ctx
        .scenario
        .finance
        .construction_budget(&ctx.model.economy, ctx.year, elders);
    // Every cost below in the year's start-year prices.
    let price = with_wages(
        1.0,
        costs.construction_labour_share,
        ctx.model.economy.real_wage(ctx.year),
    );
    let mut spent = 0.0;
    let mut pay = |cost: f64, budget: &mut f64| -> bool {
        let cost = cost * price;
        if cost <= *budget {
            *budget -= cost;
            spent += cost;
            true
        } else {
            false
        }
    };
    // Villages and townships are visited in an order drawn for the county
    // each year, so that when the budget runs out it is not always the
    // county's last ones that go without.
    let order = draws(Process::BuildOutOrder);
    let mut by_village: Vec<usize> = (0..villages.len()).collect();
    by_village.sort_unstable_by_key(|&i| order.of(villages[i].id));
    let mut by_township: Vec<usize> = (0..c.stations.len()).collect();
    by_township.sort_unstable_by_key(|&k| order.of(c.first_township + k as u32));
    // A care point built this year is not upgraded to a home in the same year.
    let mut new_point = vec![false; villages.len()];
    let (point_th, home_th) = (
        threshold(plan.care_points),
        threshold(plan.mutual_aid_homes),
    );
    for &i in &by_village {
        let v = &mut villages[i];
        if v.facility == Facility::None
            && points.of(v.id) < point_th
            && pay(costs.care_point_build, &mut budget)
        {
            v.facility = Facility::CarePoint;
            c.tally.care_points_built += 1.0;
            new_point[i] = true;
        }
    }
    for &i in &by_village {
        let v = &mut villages[i];
        if v.facility != Facility::MutualAidHome
            && !new_point[i]
            && homes.of(v.id) < home_th
            && pay(costs.mutual_aid_home_build, &mut budget)
        {
            v.facility = Facility::MutualAidHome;
            c.tally.mutual_aid_homes_built += 1.0;
        }
    }
    let stations_before = c.tally.stations_built;
    let station_th = threshold(plan.stations);
    for &k in &by_township {
        let t = c.first_township + k as u32;
        if !c.stations[k] && stations.of(t) < station_th && pay(costs.station_build, &mut budget) {
            c.stations[k] = true;
            c.tally.stations_built += 1.0;
        }
    }
    // A township drawn for medical-care integration integrates beside a new station.
    if c.tally.stations_built > stations_before {
        let medical = ctx.scenario.integration.medical;
        crate::integration::place(c, villages, ctx.seed, ctx.replication, medical);
    }
    let wanted = (plan.beds_per_1000_elders * elders / 1000.0).round();
    let affordable = if costs.bed_build > 0.0 {
        (budget / (costs.bed_build * price)).floor()
    } else {
        wanted
    };
    let beds = wanted.min(affordable);
    if pay(beds * costs.bed_build, &mut budget) {
        c.beds += beds;
        c.tally.beds_built += beds;
    }
    for &i in &by_village {
        let v = &mut villages[i];
        let draws = v.key_draws(ctx, Process::Renovation);
        renovate(
            v,
            ctx.scenario.household.elder_age,
            plan.renovation,
            costs.renovation,
            draws,
            &mut |cost| pay(cost, &mut budget),
        );
    }
    c.tally.spend_construction_yuan += spent;
}

/// Renovates, with the given probability each, the homes of resident elders
/// (`elder_age` or older) not yet renovated, each home by the draw of the
/// first such elder met; every resident of a renovated household benefits.
/// A home is renovated when any resident of it carries the mark.
fn renovate(
    v: &mut Village,
    elder_age: u8,
    share: f64,
    cost: f64,
    draws: KeyedDraws,
    pay: &mut impl FnMut(f64) -> bool,
) {
    if share <= 0.0 {
        return;
    }
    let th = threshold(share);
    let p = &mut v.people;
    let homes = &mut v.scratch.flags;
    // Homes already renovated (1) are neither drawn nor paid for again.
    p.spread_renovation(homes);
    for i in 0..p.len() {
        let h = p.household[i];
        if h != crate::population::people::NONE
            && p.status[i] == Status::Resident
            && p.age[i] >= elder_age
            && !p.renovated[i]
            && homes[h as usize] == 0
        {
            homes[h as usize] = if draws.of(p.serial[i]) < th && pay(cost) {
                1
            } else {
                2
            };
            v.tally.homes_renovated += f64::from(u8::from(homes[h as usize] == 1));
        }
    }
    for i in 0..p.len() {
        let h = p.household[i];
        if h != crate::population::people::NONE && homes[h as usize] == 1 {
            p.renovated[i] = true;
            v.renovated_homes = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{bed_cost, with_wages};
    use crate::sim::testing::{baseline, each_year};

    #[test]
    fn a_short_budget_builds_in_an_order_drawn_each_year_not_the_villages_order() {
        // Every village without a facility is drawn for a care point each
        // year, but the budget pays for a few: those built are not the
        // county's first villages.
        let mut sc = baseline(0.01, 2);
        sc.facilities.plan.care_points = 1.0;
        sc.facilities.plan.from_year = 2021;
        sc.finance.construction_budget_per_elder = 5.0;
        let mut before: Vec<super::Facility> = Vec::new();
        each_year(&sc, |ctx, _, villages| {
            let now: Vec<super::Facility> = villages.iter().map(|v| v.facility).collect();
            if ctx.year_index > 0 {
                let none = super::Facility::None;
                let built: Vec<usize> = (0..now.len())
                    .filter(|&i| before[i] == none && now[i] != none)
                    .collect();
                let without: Vec<usize> = (0..now.len()).filter(|&i| now[i] == none).collect();
                assert!(
                    !built.is_empty() && !without.is_empty(),
                    "{built:?} {without:?}"
                );
                // Some village left without comes before some village built.
                assert!(without[0] < *built.last().unwrap(), "{built:?} {without:?}");
            }
            before = now;
        });
    }

    #[test]
    fn a_cut_bed_costs_no_goods_unless_someone_holds_it() {
        let sc = baseline(0.002, 0);
        let costs = &sc.facilities.costs;
        each_year(&sc, |_, c, _| {
            let mut c = c.clone();
            c.beds = 10.0;
            c.institution_staff = 0.0;
            let goods = costs.bed_operate * (1.0 - costs.bed_labour_share);
            c.capacity = 0.5;
            // Five beds usable: those five cost their goods, the cut ones none,
            // unless more are held (a resident keeps the bed through a cut).
            assert!((bed_cost(&c, costs, 0.0, 3.0) - 5.0 * goods).abs() < 1e-9);
            assert!((bed_cost(&c, costs, 0.0, 7.0) - 7.0 * goods).abs() < 1e-9);
            c.institution_staff = 2.0;
            assert!((bed_cost(&c, costs, 100.0, 0.0) - 5.0 * goods - 200.0).abs() < 1e-9);
        });
    }

    #[test]
    fn only_the_labour_share_of_a_cost_follows_the_wage() {
        assert_eq!(with_wages(15_000.0, 0.77, 1.0), 15_000.0);
        assert!((with_wages(15_000.0, 0.77, 2.0) - 26_550.0).abs() < 1e-9);
        assert_eq!(with_wages(5_040.0, 0.0, 3.0), 5_040.0);
    }
}
