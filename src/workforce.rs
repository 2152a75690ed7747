//! Care workforce (MODEL.md §7.9, §7.10): each county's professional home
//! caregivers change every year by training inflow, recruits among returning
//! migrants, and attrition that falls as pay approaches the outside wage.
//! The county institutions' carers are a second pool: they are hired toward
//! posts set by the residents and the applicants left waiting (÷ residents per
//! carer, within the beds the funding gap leaves usable), a share of the
//! vacancies each year, and leave by the same attrition rule and, above the
//! posts, for want of work; a bed without staff cannot take a resident.
//!
//! Pay and the outside wage follow the macro paths (`economy`): the outside
//! wage grows with the urban wage, pay with the index the scenario names.
//! Attrition reads the gap relative to the outside wage, so a gap that is the
//! same share of a growing wage keeps the same attrition.
//! Volunteers from outside the villages (retired medical staff, students) add
//! hours of help.

use crate::care::WEEKS;
use crate::care::county::{County, applicants};
use crate::economy::Economy;
use crate::population::village::Village;
use crate::scenario::reader::{Section, doc};
use crate::sim::YearCtx;

#[derive(Clone, Debug)]
pub struct WorkforceParams {
    pub training_per_1000_elders: f64,
    pub returner_recruit_share: f64,
    /// Returners of these ages (inclusive) may be recruited.
    pub recruit_min_age: u8,
    pub recruit_max_age: u8,
    /// Home-care posts a county keeps whatever the paid demand, per 1,000 resident elders.
    pub establishment_per_1000_elders: f64,
    /// Share of the caregivers above the posts who leave in a year for want of work.
    pub idle_exit_share: f64,
    /// Share of a county's home caregivers certified at start.
    pub initial_certified_share: f64,
    /// Share of the caregivers hired in a year (trained or recruited) who hold a certificate.
    pub hired_certified_share: f64,
    /// Share of the uncertified caregivers certified each year by in-service training.
    pub certification_rate: f64,
    /// Care an uncertified caregiver's hour gives, as a share of a certified one's.
    pub uncertified_hours_value: f64,
    pub pay_yuan_per_month: f64,
    pub pay_index: PayIndex,
    /// Home caregivers' monthly pay in the start year that the price of home care is
    /// built on; pay above it is a pay policy, paid by government.
    pub market_pay_yuan_per_month: f64,
    pub outside_wage_yuan_per_month: f64,
    pub attrition_at_reference_gap: f64,
    pub attrition_floor: f64,
    /// Outside wage minus pay, as a share of the outside wage.
    pub reference_gap_share: f64,
    pub residents_per_carer: f64,
    pub vacancy_fill_share: f64,
    /// Share of the institution carers above the posts who leave in a year for want of work.
    pub institution_idle_exit_share: f64,
    pub outside_volunteer_hours_per_1000_elders: f64,
}

/// The macro path carers' pay follows from its start-year level.
pub use crate::economy::PathIndex as PayIndex;

impl WorkforceParams {
    pub fn read(s: &mut Section) -> Self {
        let wp = WorkforceParams {
            training_per_1000_elders: s.num(
                "training_per_1000_elders",
                0.0..=100.0,
                doc(
                    "caregivers per 1,000 elders per year",
                    "newly trained caregivers entering county home care",
                    "(C: with the baseline attrition keeps the workforce near 1 per 1,000 elders)",
                ),
            ),
            returner_recruit_share: s.prob(
                "returner_recruit_share",
                doc(
                    "share",
                    "returners of the recruitment ages willing to become caregivers; they take posts left vacant after the trained",
                    "(A; raised by returning-youth incentives)",
                ),
            ),
            recruit_min_age: s.int(
                "recruit_min_age",
                15..=110,
                doc("years", "youngest returner who may be recruited", "(A)"),
            ) as u8,
            recruit_max_age: s.int(
                "recruit_max_age",
                15..=110,
                doc(
                    "years",
                    "oldest returner who may be recruited",
                    "(A: care workers in China are mostly middle-aged women; a recruit works some years before 60)",
                ),
            ) as u8,
            establishment_per_1000_elders: s.num(
                "establishment_per_1000_elders",
                0.0..=1000.0,
                doc(
                    "posts per 1,000 residents 60+",
                    "home-care posts a county keeps whatever the paid demand (publicly bought visits, work outside the paid-care market, whose time government pays at the market pay); posts beyond follow the paid demand",
                    "DATA.md §9: 1 caregiver per 1,000 rural elders in 2020 (A)",
                ),
            ),
            idle_exit_share: s.prob(
                "idle_exit_share",
                doc(
                    "share per year",
                    "of the caregivers above the posts, those leaving in a year for want of work (besides attrition)",
                    "(A: a caregiver without clients finds other work within a year or two)",
                ),
            ),
            initial_certified_share: s.prob(
                "initial_certified_share",
                doc(
                    "share",
                    "home caregivers holding a care-worker certificate at start",
                    "DATA.md §9: ~300,000 certified against ~500,000 working nationally; rural lower (A: 0.4)",
                ),
            ),
            hired_certified_share: s.prob(
                "hired_certified_share",
                doc(
                    "share",
                    "of the caregivers hired in a year (trained or recruited), those holding a certificate",
                    "(A: as the start; 1 where certification is required for employment, the study §4.2.3)",
                ),
            ),
            certification_rate: s.prob(
                "certification_rate",
                doc(
                    "share per year",
                    "of the uncertified home caregivers who stay, those certified by in-service skill training in a year",
                    "(A: the study §3.2.3, little training of serving workers; raised by talent cultivation, §4.2.3)",
                ),
            ),
            uncertified_hours_value: s.prob(
                "uncertified_hours_value",
                doc(
                    "share of an hour",
                    "care an uncertified caregiver's hour gives, as a share of a certified caregiver's hour (the quality of paid home care)",
                    "(A: the study §3.2.3, workers lack nursing and rehabilitation skills)",
                ),
            ),
            pay_yuan_per_month: s.num(
                "pay_yuan_per_month",
                0.0..=100_000.0,
                doc(
                    "yuan per month",
                    "carers' pay (home caregivers and institution carers), start year",
                    "DATA.md §9: 3,838 (S)",
                ),
            ),
            market_pay_yuan_per_month: s.num(
                "market_pay_yuan_per_month",
                1.0..=100_000.0,
                doc(
                    "yuan per month",
                    "home caregivers' market pay in the start year, following the urban wage: pay above it is a pay policy, and government pays home caregivers the difference; government buys the establishment's unsold time at it. The price of home care is set apart (care.county.price_yuan_per_hour) and does not follow it",
                    "DATA.md §9: 3,838 (S)",
                ),
            ),
            pay_index: PayIndex::named(s.choice(
                "pay_index",
                &PayIndex::NAMES,
                doc(
                    "path name",
                    "what pay follows after the start year: the urban wage (the gap to the outside wage keeps its share), rural income, consumer prices, or nothing (nominal)",
                    "(A: pay keeps pace with wages)",
                ),
            )),
            outside_wage_yuan_per_month: s.num(
                "outside_wage_yuan_per_month",
                0.0..=100_000.0,
                doc(
                    "yuan per month",
                    "what a carer could earn elsewhere, start year; grows with the urban wage",
                    "DATA.md §9: migrant worker income 4,432 in 2021 (S), taken for the start year (P)",
                ),
            ),
            attrition_at_reference_gap: s.prob(
                "attrition_at_reference_gap",
                doc(
                    "share per year",
                    "carers leaving at the reference pay gap",
                    "DATA.md §9 (A: 20 %)",
                ),
            ),
            attrition_floor: s.prob(
                "attrition_floor",
                doc(
                    "share per year",
                    "carers leaving when pay reaches the outside wage",
                    "(A)",
                ),
            ),
            reference_gap_share: s.num(
                "reference_gap_share",
                0.001..=1.0,
                doc(
                    "share of the outside wage",
                    "outside wage minus pay at which attrition is the reference rate",
                    "DATA.md §9: (4,432 − 3,838) ÷ 4,432 ≈ 0.134 (S)",
                ),
            ),
            residents_per_carer: s.num(
                "residents_per_carer",
                0.1..=100.0,
                doc(
                    "residents per carer",
                    "institution residents one carer looks after: the carers' posts are the residents and waiting applicants ÷ this (within the usable beds), and usable beds are at most carers × this",
                    "DATA.md §9: 3–6; 1 carer per 4 residents (A)",
                ),
            ),
            vacancy_fill_share: s.prob(
                "vacancy_fill_share",
                doc(
                    "share per year",
                    "of the institution carers' posts vacant after the year's departures, those filled by the next year",
                    "(A: rural institutions recruit slowly, DATA.md §9: >6 M care workers needed, ~0.5 M working)",
                ),
            ),
            institution_idle_exit_share: s.prob(
                "institution_idle_exit_share",
                doc(
                    "share per year",
                    "of the institution carers above the posts (the residents and the applicants left waiting, at residents_per_carer to a carer), those leaving in a year for want of work (besides attrition)",
                    "(A: as home caregivers' idle_exit_share; DATA.md §9 staffs institutions by residents)",
                ),
            ),
            outside_volunteer_hours_per_1000_elders: s.num(
                "outside_volunteer_hours_per_1000_elders",
                0.0..=100_000.0,
                doc(
                    "hours per week per 1,000 elders",
                    "help from volunteers outside the villages (retired medical staff, students)",
                    "(lever; none in the baseline)",
                ),
            ),
        };
        // Attrition falls from the reference rate toward the floor as pay
        // closes the gap: a floor above the reference would make better pay
        // drive carers away.
        s.require(
            &["attrition_floor", "attrition_at_reference_gap"],
            wp.attrition_floor <= wp.attrition_at_reference_gap,
            || {
                format!(
                    "attrition_floor {} is above attrition_at_reference_gap {}; expected a floor at or below the reference rate",
                    wp.attrition_floor, wp.attrition_at_reference_gap
                )
            },
        );
        s.require(
            &["recruit_max_age", "recruit_min_age"],
            wp.recruit_max_age >= wp.recruit_min_age,
            || {
                format!(
                    "recruit_max_age {} is below recruit_min_age {}",
                    wp.recruit_max_age, wp.recruit_min_age
                )
            },
        );
        wp
    }

    /// Outside wage minus pay as a share of the outside wage in `year`
    /// (0 when pay reaches it): pay follows its index, the outside wage the
    /// urban wage.
    pub fn relative_gap(&self, e: &Economy, year: i32) -> f64 {
        let pay = self.pay_yuan_per_month * self.pay_index.at(e, year);
        let outside = self.outside_wage_yuan_per_month * e.urban_wage.at(year);
        if outside > 0.0 {
            (1.0 - pay / outside).max(0.0)
        } else {
            0.0
        }
    }

    /// Share of carers leaving in `year`, for home caregivers and institution
    /// carers alike: the floor plus the reference excess scaled by the
    /// relative pay gap.
    pub fn attrition(&self, e: &Economy, year: i32) -> f64 {
        (self.attrition_floor
            + (self.attrition_at_reference_gap - self.attrition_floor) * self.relative_gap(e, year)
                / self.reference_gap_share)
            .clamp(0.0, 1.0)
    }

    /// A carer's yearly pay in `year`, yuan in start-year prices: what the
    /// ledger pays each institution carer employed.
    pub fn yearly_pay(&self, e: &Economy, year: i32) -> f64 {
        12.0 * self.pay_yuan_per_month * self.pay_index.real(e, year)
    }

    /// A home caregiver's yearly pay above the market pay in `year`, yuan in
    /// start-year prices (0 when pay is at or below it): what a pay policy costs per caregiver.
    pub fn pay_supplement(&self, e: &Economy, year: i32) -> f64 {
        (self.yearly_pay(e, year) - self.market_yearly_pay(e, year)).max(0.0)
    }

    /// A home caregiver's yearly market pay in `year`, yuan in start-year
    /// prices: it follows the urban wage, as the price of home care does.
    pub fn market_yearly_pay(&self, e: &Economy, year: i32) -> f64 {
        12.0 * self.market_pay_yuan_per_month * e.real_wage(year)
    }

    /// Caregivers of the establishment (at most `caregivers`) whose time paid
    /// care did not use, when `sold` caregivers' worth of it was sold: the
    /// publicly bought work that keeps them employed.
    pub fn unsold_establishment(&self, caregivers: f64, sold: f64, elders: f64) -> f64 {
        let establishment = self.establishment_per_1000_elders * elders / 1000.0;
        (caregivers.min(establishment) - sold).max(0.0)
    }

    /// Institution carers needed to look after `residents` residents (or beds).
    pub fn staff_for(&self, residents: f64) -> f64 {
        residents / self.residents_per_carer
    }

    /// Institution carers' posts: the staff of this year's residents and the
    /// applicants left waiting, but for the applicants no more than the
    /// `usable_beds` need (residents keep their carers through a funding cut,
    /// as they keep their beds): a staff establishment set by the residents
    /// (DATA.md §9), not the beds.
    pub fn institution_posts(&self, usable_beds: f64, residents: f64, waiting: f64) -> f64 {
        self.staff_for(residents.max(usable_beds.min(residents + waiting)))
    }

    /// Care per caregiver hour, averaged over a workforce of `caregivers` of
    /// whom `certified` are certified: 1 when all are (or there are none).
    pub fn hour_value(&self, certified: f64, caregivers: f64) -> f64 {
        if caregivers > 0.0 {
            let share = (certified / caregivers).clamp(0.0, 1.0);
            share + (1.0 - share) * self.uncertified_hours_value
        } else {
            1.0
        }
    }
}

fn resident_elders(villages: &[Village]) -> f64 {
    villages.iter().map(|v| v.tally.resident_60plus).sum()
}

/// County phase: volunteers from outside give hours to accepting elders with unmet need, most severe first.
pub fn outside_volunteers(c: &mut County, villages: &mut [Village], ctx: &YearCtx) {
    let wp = &ctx.scenario.workforce;
    let cp = &ctx.scenario.care;
    let mut pool =
        (wp.outside_volunteer_hours_per_1000_elders * resident_elders(villages) / 1000.0) as f32;
    if pool <= 0.0 {
        return;
    }
    let queue = applicants(villages, c, ctx, |v, i, _| {
        v.people.attitude[i] >= cp.acceptance.mutual_aid
    });
    for (_, _, _, vi, k) in queue {
        let g = villages[vi]
            .care
            .grant_volunteer(k, pool, cp.mutual_aid.max_hours_per_elder);
        pool -= g;
        c.tally.outside_volunteer_hours += f64::from(g) * WEEKS;
        if pool <= 0.0 {
            break;
        }
    }
}

/// Home-care posts for next year: the paid care demanded this year
/// (`care_hours_paid_demand`, what accepting elders would buy at the price)
/// at one caregiver's hours, and at least the establishment.
pub fn caregiver_posts(
    wp: &WorkforceParams,
    demand_hours_per_year: f64,
    caregiver_hours: f64,
    elders: f64,
) -> f64 {
    let demanded = if caregiver_hours > 0.0 {
        demand_hours_per_year / WEEKS / caregiver_hours
    } else {
        0.0
    };
    demanded.max(wp.establishment_per_1000_elders * elders / 1000.0)
}

/// A year's departures from `carers` held toward `posts`: attrition, then a
/// share `idle_exit_share` of those still above the posts, for want of work.
/// Returns (stayed, left, of them idle).
fn departures(carers: f64, posts: f64, attrition: f64, idle_exit_share: f64) -> (f64, f64, f64) {
    let left = carers * attrition;
    let stayed = carers - left;
    let idle = (stayed - posts).max(0.0) * idle_exit_share;
    (stayed - idle, left + idle, idle)
}

/// One year of a county's home caregivers toward `posts`: [`departures`];
/// vacancies are filled by the trained first, then by recruits among
/// returners, each no more than there are. Returns (caregivers, trained,
/// recruited, left, of them idle).
pub fn home_caregivers(
    caregivers: f64,
    posts: f64,
    attrition: f64,
    idle_exit_share: f64,
    trained: f64,
    recruits: f64,
) -> (f64, f64, f64, f64, f64) {
    let (stayed, left, idle) = departures(caregivers, posts, attrition, idle_exit_share);
    let vacant = (posts - stayed).max(0.0);
    let trained = trained.min(vacant);
    let recruited = recruits.min(vacant - trained);
    (stayed + trained + recruited, trained, recruited, left, idle)
}

/// One year of a county's institution carers toward `posts`: [`departures`],
/// and a share `fill_share` of the posts then vacant filled. Returns
/// (carers, hired, left, of them idle).
pub fn institution_carers(
    carers: f64,
    posts: f64,
    attrition: f64,
    idle_exit_share: f64,
    fill_share: f64,
) -> (f64, f64, f64, f64) {
    let (stayed, left, idle) = departures(carers, posts, attrition, idle_exit_share);
    let hired = fill_share * (posts - stayed).max(0.0);
    (stayed + hired, hired, left, idle)
}

/// Certified caregivers after a year in which `caregivers` became `stayed`
/// by departures (attrition and want of work, certified or not alike), a
/// share `rate` of the uncertified who stayed was certified, and
/// `hired_certified` certified caregivers were hired. Returns (certified,
/// certified in service).
pub fn certified_caregivers(
    certified: f64,
    caregivers: f64,
    stayed: f64,
    rate: f64,
    hired_certified: f64,
) -> (f64, f64) {
    let kept = if caregivers > 0.0 {
        certified * stayed / caregivers
    } else {
        0.0
    };
    let upgraded = (stayed - kept).max(0.0) * rate;
    (kept + upgraded + hired_certified, upgraded)
}

/// County phase (end of year, the start year included): the year's home
/// caregivers in work drew their pay — those whose time users and the
/// insurance bought, and the establishment's whose time they did not, which
/// government buys at the market pay — and above the market pay, from
/// government, the pay policy's supplement. Caregivers beyond both are not
/// paid. Booked before the workforce step changes the caregivers.
pub fn pay(c: &mut County, villages: &mut [Village], ctx: &YearCtx) {
    let wp = &ctx.scenario.workforce;
    let e = &ctx.model.economy;
    let caregiver_hours = f64::from(ctx.scenario.care.county.caregiver_hours)
        * wp.hour_value(c.certified, c.caregivers);
    let sold_hours: f64 = villages.iter().map(|v| v.tally.care_hours_paid).sum();
    let sold = if caregiver_hours > 0.0 {
        sold_hours / WEEKS / caregiver_hours
    } else {
        0.0
    };
    let unsold = wp.unsold_establishment(c.caregivers, sold, resident_elders(villages));
    c.tally.spend_establishment_yuan += unsold * wp.market_yearly_pay(e, ctx.year);
    let in_work = (sold + unsold).min(c.caregivers);
    c.tally.spend_caregiver_pay_yuan += in_work * wp.pay_supplement(e, ctx.year);
}

/// County phase (end of year): next year's home caregivers and institution
/// carers. Home caregivers are hired toward the posts the year's paid-care
/// demand supports (at least the establishment); trained caregivers and
/// recruits beyond the vacancies find work elsewhere, and caregivers without
/// work leave. Institutions hire toward the staff of the year's residents and
/// waiting applicants, at most that of the beds the funding gap leaves usable
/// this year (`County::capacity`), beds built this year included (the
/// build-out runs first, so they serve from next year), and carers above it
/// leave for want of work.
pub fn step(c: &mut County, villages: &mut [Village], ctx: &YearCtx) {
    let wp = &ctx.scenario.workforce;
    let attrition = wp.attrition(&ctx.model.economy, ctx.year);
    let elders = resident_elders(villages);
    let caregiver_hours = f64::from(ctx.scenario.care.county.caregiver_hours)
        * wp.hour_value(c.certified, c.caregivers);
    let young_returners: f64 = villages
        .iter()
        .map(|v| v.tally.return_migrants_recruit_age)
        .sum();
    c.caregiver_posts =
        caregiver_posts(wp, c.tally.care_hours_paid_demand, caregiver_hours, elders);
    let (caregivers, trained, recruited, left, idle) = home_caregivers(
        c.caregivers,
        c.caregiver_posts,
        attrition,
        wp.idle_exit_share,
        wp.training_per_1000_elders * elders / 1000.0,
        wp.returner_recruit_share * young_returners,
    );
    let stayed = c.caregivers - left;
    let (certified, upgraded) = certified_caregivers(
        c.certified,
        c.caregivers,
        stayed,
        wp.certification_rate,
        (trained + recruited) * wp.hired_certified_share,
    );
    c.caregivers = caregivers;
    c.certified = certified;
    c.tally.caregivers_certified_in_service += upgraded;
    c.tally.caregivers_trained += trained;
    c.tally.caregivers_recruited += recruited;
    c.tally.caregivers_left += left;
    c.tally.caregivers_idle_left += idle;
    let bed_holders: f64 = villages.iter().map(|v| v.tally.institution_residents).sum();
    let waiting: f64 = villages.iter().map(|v| v.tally.institution_waiting).sum();
    c.institution_posts = wp.institution_posts(c.beds * c.capacity, bed_holders, waiting);
    let (staff, hired, left, idle) = institution_carers(
        c.institution_staff,
        c.institution_posts,
        attrition,
        wp.institution_idle_exit_share,
        wp.vacancy_fill_share,
    );
    c.institution_staff = staff;
    c.tally.institution_staff_hired += hired;
    c.tally.institution_staff_left += left;
    c.tally.institution_staff_idle_left += idle;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::economy::tests::flat;

    fn carers(pay_index: PayIndex) -> WorkforceParams {
        WorkforceParams {
            training_per_1000_elders: 0.2,
            returner_recruit_share: 0.0,
            recruit_min_age: 20,
            recruit_max_age: 54,
            establishment_per_1000_elders: 1.0,
            idle_exit_share: 0.5,
            initial_certified_share: 0.4,
            hired_certified_share: 0.4,
            certification_rate: 0.05,
            uncertified_hours_value: 0.8,
            pay_yuan_per_month: 3838.0,
            pay_index,
            market_pay_yuan_per_month: 3838.0,
            outside_wage_yuan_per_month: 4432.0,
            attrition_at_reference_gap: 0.2,
            attrition_floor: 0.05,
            reference_gap_share: 594.0 / 4432.0,
            residents_per_carer: 4.0,
            vacancy_fill_share: 0.5,
            institution_idle_exit_share: 0.5,
            outside_volunteer_hours_per_1000_elders: 0.0,
        }
    }

    #[test]
    fn attrition_reads_the_gap_relative_to_a_growing_outside_wage() {
        let mut paths = flat(2.0, 3.0);
        paths.urban_wage.percent = 5.0;
        let e = Economy::new(&paths, 2020, 2020, 2050);
        let with_wages = carers(PayIndex::UrbanWage);
        for year in [2020, 2035, 2050] {
            assert!((with_wages.attrition(&e, year) - 0.2).abs() < 1e-9);
        }
        let by_year = |index| [2020, 2035, 2050].map(|y| carers(index).attrition(&e, y));
        for slower in [PayIndex::RuralIncome, PayIndex::Prices, PayIndex::Nominal] {
            let a = by_year(slower);
            assert!(
                (a[0] - 0.2).abs() < 1e-9 && a[0] < a[1] && a[1] < a[2],
                "{slower:?}: {a:?}"
            );
        }
        // Pay at the outside wage: the floor, in every year.
        let mut equal = carers(PayIndex::UrbanWage);
        equal.pay_yuan_per_month = equal.outside_wage_yuan_per_month;
        assert!((equal.attrition(&e, 2050) - 0.05).abs() < 1e-9);
        assert_eq!(equal.staff_for(100.0), 25.0);
    }

    #[test]
    fn pay_follows_its_index_and_above_the_market_earns_a_supplement() {
        let mut paths = flat(2.0, 3.0);
        paths.urban_wage.percent = 5.0;
        let e = Economy::new(&paths, 2020, 2020, 2050);
        // Paid the market pay along the urban wage: a year's pay grows with the real urban wage; no supplement.
        let market = carers(PayIndex::UrbanWage);
        for year in [2020, 2035, 2050] {
            let want = 12.0 * 3838.0 * e.real_wage(year);
            assert!((market.yearly_pay(&e, year) - want).abs() < 1e-9 * want);
            assert_eq!(market.pay_supplement(&e, year), 0.0);
        }
        assert!(market.yearly_pay(&e, 2050) > 2.0 * market.yearly_pay(&e, 2020));
        // Paid the outside wage along the urban wage: that much more, and the difference a year.
        let mut more = carers(PayIndex::UrbanWage);
        more.pay_yuan_per_month = 4432.0;
        for year in [2020, 2050] {
            let f = more.yearly_pay(&e, year) / market.yearly_pay(&e, year);
            assert!((f - 4432.0 / 3838.0).abs() < 1e-12, "{year}: {f}");
            let extra = 12.0 * 594.0 * e.real_wage(year);
            assert!((more.pay_supplement(&e, year) - extra).abs() < 1e-6);
        }
        // Pay that lags the market (fixed in real terms) earns no supplement once below it.
        let mut lagging = carers(PayIndex::Prices);
        lagging.pay_yuan_per_month = 4432.0;
        assert!(lagging.pay_supplement(&e, 2020) > 0.0);
        assert_eq!(lagging.pay_supplement(&e, 2050), 0.0);
    }

    #[test]
    fn certification_moves_with_departures_training_and_hires() {
        // 100 caregivers, 40 certified; 20 leave (8 of them certified); a
        // tenth of the 48 uncertified who stay is certified; 10 certified hires.
        let (certified, upgraded) = certified_caregivers(40.0, 100.0, 80.0, 0.1, 10.0);
        assert!((upgraded - 4.8).abs() < 1e-12);
        assert!((certified - (32.0 + 4.8 + 10.0)).abs() < 1e-12);
        // No one certified, no training, no hires: none ever are.
        assert_eq!(certified_caregivers(0.0, 100.0, 80.0, 0.0, 0.0), (0.0, 0.0));
        // An empty workforce keeps no one, and hires what it hires.
        assert_eq!(certified_caregivers(0.0, 0.0, 0.0, 0.5, 3.0), (3.0, 0.0));
        let wp = carers(PayIndex::UrbanWage);
        assert_eq!(wp.hour_value(40.0, 40.0), 1.0);
        assert!((wp.hour_value(40.0, 100.0) - (0.4 + 0.6 * 0.8)).abs() < 1e-12);
        assert_eq!(wp.hour_value(0.0, 0.0), 1.0);
    }

    #[test]
    fn government_buys_the_establishments_unsold_time_only() {
        // One post per 1,000 elders: 5,000 elders keep 5 posts.
        let wp = carers(PayIndex::UrbanWage);
        assert_eq!(wp.establishment_per_1000_elders, 1.0);
        // 5 caregivers, 2 caregivers' worth of time sold: 3 bought.
        assert_eq!(wp.unsold_establishment(5.0, 2.0, 5000.0), 3.0);
        // Caregivers above the establishment are not bought: they have no work.
        assert_eq!(wp.unsold_establishment(8.0, 2.0, 5000.0), 3.0);
        // Fewer caregivers than posts: only those there are.
        assert_eq!(wp.unsold_establishment(4.0, 1.0, 5000.0), 3.0);
        // Paid care uses all of their time, or more: none bought.
        assert_eq!(wp.unsold_establishment(5.0, 5.0, 5000.0), 0.0);
        assert_eq!(wp.unsold_establishment(5.0, 9.0, 5000.0), 0.0);
    }

    #[test]
    fn caregivers_are_hired_toward_the_posts_and_leave_without_work() {
        // Plenty of candidates: the workforce reaches the posts, no further.
        let (n, trained, recruited, left, idle) =
            home_caregivers(100.0, 120.0, 0.1, 0.5, 15.0, 50.0);
        assert_eq!(
            (n, trained, recruited, left, idle),
            (120.0, 15.0, 15.0, 10.0, 0.0)
        );
        // Few candidates: all are hired and the workforce stays short.
        let (n, trained, recruited, ..) = home_caregivers(100.0, 200.0, 0.1, 0.5, 15.0, 5.0);
        assert_eq!((n, trained, recruited), (110.0, 15.0, 5.0));
        // Above the posts: nobody is hired and half the surplus leaves.
        let (n, trained, recruited, left, idle) =
            home_caregivers(100.0, 50.0, 0.1, 0.5, 15.0, 50.0);
        assert_eq!(
            (n, trained, recruited, left, idle),
            (70.0, 0.0, 0.0, 30.0, 20.0)
        );
        // Institution carers: the same departures, and half the vacancy filled.
        assert_eq!(
            institution_carers(100.0, 120.0, 0.1, 0.5, 0.5),
            (105.0, 15.0, 10.0, 0.0)
        );
        assert_eq!(
            institution_carers(100.0, 50.0, 0.1, 0.5, 0.5),
            (70.0, 0.0, 30.0, 20.0)
        );
        // Their posts: the residents and the waiting, the waiting within the
        // usable beds; residents above the usable beds keep their carers.
        let wp = carers(PayIndex::UrbanWage);
        assert_eq!(wp.institution_posts(400.0, 100.0, 60.0), 40.0);
        assert_eq!(wp.institution_posts(120.0, 100.0, 60.0), 30.0);
        assert_eq!(wp.institution_posts(80.0, 100.0, 60.0), 25.0);
        // Posts follow the demand, never below the establishment.
        let hours = 40.0 * WEEKS;
        assert!((caregiver_posts(&wp, 300.0 * hours, 40.0, 100_000.0) - 300.0).abs() < 1e-9);
        assert!((caregiver_posts(&wp, 30.0 * hours, 40.0, 100_000.0) - 100.0).abs() < 1e-9);
    }
}
