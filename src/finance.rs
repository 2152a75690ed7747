//! Financing and the ledger (MODEL.md §7.13): each county-year, what care and
//! pensions cost and who pays.
//!
//! Facility running costs (with the service content of the places, see
//! [`crate::services`]) are met first, for the beds, by the residents' fees,
//! as far as they go; the rest is shared by government, village collective,
//! social capital and individuals (user fees of the village facilities and
//! day care: their share of those places' costs, on the places in use and as
//! far as the users' means go, the public payers meeting the rest) in the
//! scenario's shares; government,
//! collective and social-capital payers are limited by their budgets (region
//! budgets allocated to counties by formula: per elder or per village). Running
//! costs are in start-year prices with their labour share following the real
//! urban wage (the beds' carers are paid as employed, at their real pay); the
//! payers' budgets follow the path `finance.budget_index` names (rural income by
//! default), so a funding gap that opens or closes over time is the outcome of
//! these two stated paths. What does not arrive of the running costs (leaked,
//! or beyond the payers' budgets) is the funding gap: reported, never hidden,
//! and it cuts the usable share of facility capacity the next year
//! ([`UsablePlaces`] turns that share into whole places).
//!
//! Construction and renovation are paid from the construction budget, which is
//! government money (the study §3.1.2: rural care is funded mainly from
//! government budgets); the build-out ([`crate::facilities::build_out`]) builds
//! only what the part of it that arrives can pay for. So construction is booked
//! once, paid by government, and never opens a funding gap.
//!
//! A leakage share of the government and collective transfers toward running
//! costs, and of construction money, is lost before it arrives; supervision
//! lowers it. A payer sends its share of the running costs (as far as its
//! budget goes), so what leaks of it is missed by the facilities and is part
//! of the gap; construction money is sent as the build-out spends it plus
//! what leaks, and where its budget binds, less is built. Transfers to persons
//! (the pension, waivers, insurance benefits, pay supplements) and
//! government's purchases do not leak.
//!
//! Pensions are paid by government but for their individual-account part, the
//! recipients' own savings (MODEL.md §7.11), which individuals pay. A bed's
//! yearly fee is met by the long-term-care insurance up to its benefit, then by
//! the resident from income; a fee waiver (five-guarantee support, fee relief)
//! pays only what these cannot, and is government's. The fees so paid are the
//! beds' income: they meet the beds' running cost (no more: a fee above a
//! bed's cost earns no surplus), so the waived and insured parts are spending
//! items of their own, not costs beside the beds'. Paid home care is paid
//! by the users; home caregivers' pay above the market pay (a pay policy), the
//! time of the establishment of home caregivers that paid care did not use
//! (publicly bought visits), and campaigns and outreach (MODEL.md §7.14; staff
//! time, at the real urban wage) by government.
//!
//! Identity, per county-year: costs = paid by all payers + funding gap.

use crate::care::WEEKS;
use crate::care::county::County;
use crate::care::facility::UsablePlaces;
use crate::economy::{Economy, PathIndex};
use crate::facilities::{bed_cost, operating_cost, services_cost, usable_place_counts};
use crate::indicators::Tally;
use crate::ltc;
use crate::population::people::CareSource;
use crate::population::village::Village;
use crate::scenario::Scenario;
use crate::scenario::reader::{Section, doc, fmt_sum};
use crate::sim::YearCtx;

#[derive(Clone, Debug)]
pub struct FinanceParams {
    /// Shares of facility running costs: government, collective, social capital, individuals
    /// (construction is paid from the construction budget).
    pub shares: [f64; 4],
    pub government_budget_per_elder: f64,
    pub collective_budget_per_village: f64,
    pub social_capital_per_elder: f64,
    pub construction_budget_per_elder: f64,
    /// What the budgets (government, collective, social capital, construction) follow from their start-year level.
    pub budget_index: PathIndex,
    pub leakage_share: f64,
    pub supervision: f64,
    /// Part of a user's yearly income that can pay village-facility and day-care fees.
    pub users_income_share: f64,
}

impl FinanceParams {
    /// Budgets in `year` relative to the start year, in start-year
    /// prices (the model's unit of money): their index over prices.
    pub fn budget_factor(&self, e: &Economy, year: i32) -> f64 {
        self.budget_index.real(e, year)
    }

    /// Share of a government or collective transfer lost before it arrives:
    /// the leakage share less what supervision prevents.
    pub fn leak(&self) -> f64 {
        self.leakage_share * (1.0 - self.supervision)
    }

    /// What of the construction budget arrives in `year` for a county of
    /// `elders` resident elders, yuan in start-year prices: the budget, which
    /// government sends, less its leakage. The build-out spends no more.
    pub fn construction_budget(&self, e: &Economy, year: i32, elders: f64) -> f64 {
        self.construction_budget_per_elder
            * elders
            * self.budget_factor(e, year)
            * (1.0 - self.leak())
    }

    pub fn read(s: &mut Section) -> Self {
        let mut sh = s.section("shares");
        let d = |who| {
            doc(
                "share of facility running costs",
                who,
                "the study §4.1.2: \"government + collective + society + individuals\" (A)",
            )
        };
        let shares = [
            sh.prob(
                "government",
                d("paid by government; of the beds' cost beyond their fees, the public shares in proportion"),
            ),
            sh.prob(
                "collective",
                d("paid by village collectives; of the beds' cost beyond their fees, the public shares in proportion"),
            ),
            sh.prob(
                "social_capital",
                d("paid by social capital (enterprises, donations); of the beds' cost beyond their fees, the public shares in proportion"),
            ),
            sh.prob(
                "individuals",
                d("paid by users' fees, of the village facilities and day care: this share of the cost of the places used for care hours, as far as the users' means go (bed fees are followed resident by resident and meet the beds' cost first)"),
            ),
        ];
        let total: f64 = shares.iter().sum();
        sh.require(
            &["individuals", "government", "collective", "social_capital"],
            (total - 1.0).abs() < 1e-6,
            || format!("the four shares sum to {}; expected 1", fmt_sum(total)),
        );
        sh.finish();
        FinanceParams {
            shares,
            government_budget_per_elder: s.num(
                "government_budget_per_elder",
                0.0..=1e6,
                doc(
                    "yuan per resident elder per year",
                    "government money for care facilities, allocated to counties by elders",
                    "(A)",
                ),
            ),
            collective_budget_per_village: s.num(
                "collective_budget_per_village",
                0.0..=1e8,
                doc(
                    "yuan per village per year",
                    "village collective money for elderly care",
                    "(A)",
                ),
            ),
            social_capital_per_elder: s.num(
                "social_capital_per_elder",
                0.0..=1e6,
                doc(
                    "yuan per resident elder per year",
                    "social capital available for care facilities",
                    "lever (finance.social_capital); little in the baseline (A)",
                ),
            ),
            construction_budget_per_elder: s.num(
                "construction_budget_per_elder",
                0.0..=1e6,
                doc(
                    "yuan per resident elder per year",
                    "government money for the facility build-out (construction and renovation), sent as the build-out spends it, with what leaks on top, as far as the budget goes",
                    "(A; government pays, the study §3.1.2: rural care is funded mainly from government budgets)",
                ),
            ),
            budget_index: PathIndex::named(s.choice(
                "budget_index",
                &PathIndex::NAMES,
                doc(
                    "path name",
                    "what the budgets (government and social capital per elder, collective per village with industry villages' extra, construction per elder) follow after the start year: the urban wage, rural income, consumer prices (constant real value) or nothing (fixed yuan)",
                    "(A: county fiscal, collective and local donors' money grow with the rural economy; Jilin rural income, DATA.md §7)",
                ),
            )),
            leakage_share: s.prob(
                "leakage_share",
                doc(
                    "share",
                    "part of government and collective transfers toward running costs, and of construction money, lost before it arrives (transfers to persons do not leak)",
                    "the study §3.4.2 (A)",
                ),
            ),
            supervision: s.prob(
                "supervision",
                doc(
                    "share",
                    "part of leakage prevented by supervision of funds",
                    "lever; none in the baseline",
                ),
            ),
            users_income_share: s.prob(
                "users_income_share",
                doc(
                    "share of income",
                    "part of a user's yearly income that can pay the fees of a village-facility or day-care place (the users' share of the places' cost is met only as far as their means go)",
                    "(A: as much as can buy home care, care.county.paid_budget_share)",
                ),
            ),
        }
    }
}

/// What the users of village-facility and day-care places pay toward their
/// running cost (meals and day-care fees), yuan: for the village facilities
/// and for the stations apart, the users' share (`finance.shares.individuals`)
/// of the cost of the places in use (the used share of the year's usable
/// places; empty places earn no fees), as far as the users' means go
/// (`finance.users_income_share` of their income). The rest falls to the
/// public payers.
fn users_fees(c: &County, villages: &[Village], sc: &Scenario) -> f64 {
    let fp = &sc.finance;
    let tiers = [CareSource::VillageFacility, CareSource::Township];
    let (mut users, mut means) = ([0.0f64; 2], 0.0);
    for v in villages {
        for (&i, r) in v.care.rows.iter().zip(&v.care.received) {
            let uses = tiers.map(|s| r[s as usize] > 0.0);
            for (n, used) in users.iter_mut().zip(uses) {
                *n += f64::from(u8::from(used));
            }
            if uses.contains(&true) {
                means += f64::from(v.people.income[i as usize]) * fp.users_income_share;
            }
        }
    }
    let due: f64 = (0..2)
        .map(|t| {
            let places = c.usable_places[t];
            let used = if places > 0.0 {
                (users[t] / places).min(1.0)
            } else {
                0.0
            };
            fp.shares[3] * c.running_places_yuan[t] * used
        })
        .sum();
    due.min(means)
}

/// A year's bed fees by who pays them, yuan in start-year prices, and the
/// long-term-care insurance's beneficiaries.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct BedFees {
    /// Paid by the residents from their own means.
    own: f64,
    /// Paid by the insurance: each insured resident's benefit, up to the fee.
    insurance: f64,
    /// Waived (government): what neither the benefit nor the resident's means
    /// cover, for residents admitted on a waiver.
    waived: f64,
    /// Covered, aware dependents, in a bed or not.
    beneficiaries: f64,
}

/// The county's bed fees of the year: the insurance pays its benefit toward an
/// insured resident's fee (no more than the fee); each resident pays the rest
/// as far as their means allow (`care.county.institution_budget_share` of this
/// year's income, as at admission); for a resident admitted on a waiver (the
/// fee beyond their means, see [`crate::care::county::institutions`]) what
/// remains is waived, for one admitted as paying it is left unpaid.
fn bed_fees(villages: &[Village], ctx: &YearCtx, awareness: f64) -> BedFees {
    let kp = &ctx.scenario.care.county;
    let lp = &ctx.scenario.ltc;
    let fee = kp.yearly_fee(ctx);
    let benefit = lp.yearly_bed_benefit(&ctx.model.economy, ctx.year).min(fee);
    let mut out = BedFees::default();
    let elder_age = ctx.scenario.household.elder_age;
    // Beneficiaries are dependents and bed residents are in the book: the rows
    // in need. The benefits go to elders (the county queues admit elders only),
    // so only elders count as beneficiaries.
    for v in villages {
        let p = &v.people;
        for &i in &v.care.rows {
            let i = i as usize;
            let insured = lp.coverage > 0.0 && ltc::beneficiary(v, i, ctx, awareness);
            out.beneficiaries += f64::from(u8::from(insured && p.age[i] >= elder_age));
            if !p.in_institution[i] {
                continue;
            }
            let rest = if insured {
                out.insurance += benefit;
                fee - benefit
            } else {
                fee
            };
            // Means are weighed every year: the fee grows with wages and the
            // benefit stops on recovery, so a resident admitted as paying may
            // come to fall short, and what no one pays is left to the payers of
            // the beds' running cost.
            let means = f64::from(p.income[i]) * kp.institution_budget_share;
            out.own += rest.min(means);
            if p.fee_waived[i] {
                out.waived += (rest - means).max(0.0);
            }
        }
    }
    out
}

impl BedFees {
    /// The fees as far as they meet the beds' running cost `beds` (a fee
    /// above a bed's cost earns no surplus): each payer's part scaled alike.
    fn meeting(self, beds: f64) -> Self {
        let total = self.own + self.insurance + self.waived;
        let k = if total > beds { beds / total } else { 1.0 };
        BedFees {
            own: self.own * k,
            insurance: self.insurance * k,
            waived: self.waived * k,
            ..self
        }
    }
}

/// County phase (the start year included), before the workforce step and the
/// build-out: the year's running costs of the places, beds and carers in
/// service this year (what the build-out adds serves from next year, and the
/// carers hired or leaving at the year's end are next year's), for the ledger.
pub fn running_costs(c: &mut County, villages: &mut [Village], ctx: &YearCtx) {
    let sc = ctx.scenario;
    let economy = &ctx.model.economy;
    let wage = economy.real_wage(ctx.year);
    c.usable_places = usable_place_counts(c, villages, sc);
    let services = services_cost(c.usable_places, sc, wage);
    let carer_pay = sc.workforce.yearly_pay(economy, ctx.year);
    let costs = &sc.facilities.costs;
    let residents: f64 = villages.iter().map(|v| v.tally.institution_residents).sum();
    let operating = operating_cost(c, villages, costs, wage);
    c.running_beds_yuan = bed_cost(c, costs, carer_pay, residents);
    c.running_places_yuan = std::array::from_fn(|t| operating[t] + services[t]);
    c.tally.spend_services_yuan += services.iter().sum::<f64>();
}

/// County phase (end of year): costs, payments, leakage, gap; next year's usable capacity.
/// Spending items are exclusive: paid home care is what users pay; the
/// insurance's part (of home care, booked when hours were given, and toward
/// beds) is long-term-care insurance.
pub fn ledger(c: &mut County, villages: &mut [Village], ctx: &YearCtx) {
    let sc = ctx.scenario;
    let fp = &sc.finance;
    let kp = &sc.care.county;
    let economy = &ctx.model.economy;
    let elders: f64 = villages.iter().map(|v| v.tally.resident_60plus).sum();
    let wage = economy.real_wage(ctx.year);
    let running = c.running_yuan();
    // Paid from the construction budget by the build-out, earlier in the year.
    let construction = c.tally.spend_construction_yuan;
    let sum = |f: fn(&Tally) -> f64| villages.iter().map(|v| f(&v.tally)).sum::<f64>();
    // Pensions follow the registration: residents' and the Away elders'.
    let pension = sum(|t| t.pension_paid_real_yuan + t.pension_paid_away_real_yuan);
    // Every recipient's individual-account part is the same in a year.
    let own_pension = sum(|t| t.pension_recipients + t.pension_recipients_away)
        * 12.0
        * ctx.model.pension.individual_account(ctx.year)
        / economy.prices.at(ctx.year);
    let paid_hours = sum(|t| t.care_hours_paid) / WEEKS;
    let fees = bed_fees(villages, ctx, c.awareness).meeting(c.running_beds_yuan);
    let users = users_fees(c, villages, sc);
    let t = &mut c.tally;
    let insured_home = t.spend_ltc_insurance_yuan;
    let ltc_spend = insured_home + fees.insurance;
    let paid_care = paid_hours * WEEKS * kp.hourly_price(ctx) - insured_home;
    let inhabited = villages
        .iter()
        .filter(|v| v.tally.resident_population > 0.0)
        .count();
    let residents = sum(|t| t.resident_population);
    let mp = &sc.migration;
    let incentives = sum(|t| t.return_migrants_incentive_age)
        * mp.return_incentive
        * mp.return_incentive_cost_yuan;
    // Campaigns and outreach run in the simulated years, not in the observed start year;
    // outreach, after the ledger, reaches a share of those unaware now.
    let publicity = if ctx.year_index > 0 {
        (sc.attitudes.campaign_cost(inhabited)
            + sc.ltc.reached_share(c.awareness) * residents * sc.ltc.outreach_cost_yuan_per_person)
            * wage
    } else {
        0.0
    };
    t.ltc_beneficiaries += fees.beneficiaries;
    t.spend_ltc_insurance_yuan = ltc_spend;
    // The waived and insured parts of the fees are spending items of their
    // own: the facilities' item is the rest of what they cost.
    t.facility_running_yuan += running;
    t.spend_facilities_yuan += running + construction - fees.waived - fees.insurance;
    t.spend_paid_care_yuan += paid_care;
    t.spend_pension_yuan += pension;
    t.spend_subsidies_yuan += fees.waived;
    t.spend_publicity_yuan += publicity;
    t.spend_return_incentive_yuan += incentives;
    // Running costs: each public payer up to its budget, with leakage on government and collective money.
    // Every payer's budget follows the budget index.
    let leak = fp.leak();
    let public = fp.budget_factor(economy, ctx.year);
    let budgets = [
        fp.government_budget_per_elder * elders * public,
        (fp.collective_budget_per_village * villages.len() as f64
            + sc.integration.industry_collective_income_yuan
                * villages.iter().filter(|v| v.industry).count() as f64)
            * public,
        fp.social_capital_per_elder * elders * public,
    ];
    // The residents' fees meet the beds' running cost first; users pay their
    // share of the other facilities' (meals and day-care fees), and the public
    // payers the rest in the proportions of their shares.
    let fees_paid = fees.own + fees.insurance + fees.waived;
    let public_due = running - fees_paid - users;
    let public_shares: f64 = fp.shares[..3].iter().sum();
    let mut paid = [0.0f64; 4];
    // With no public share (users pay every facility), no one meets the beds' rest.
    let mut gap = if public_shares > 0.0 { 0.0 } else { public_due };
    for (k, budget) in budgets.iter().enumerate() {
        // Never below nothing (fees meeting the whole cost, to rounding).
        let due = if public_shares > 0.0 {
            (fp.shares[k] / public_shares * public_due).max(0.0)
        } else {
            0.0
        };
        let loss = if k < 2 { leak } else { 0.0 };
        // The payer sends its due, as far as its budget goes, and what leaks on
        // the way does not arrive: the facilities are short of it (a gap).
        let sent = due.min(*budget);
        let arrived = sent * (1.0 - loss);
        paid[k] = arrived;
        t.leakage_yuan += sent - arrived;
        gap += due - arrived;
    }
    // Construction: government sent what the build-out spent and what leaked on the way.
    if construction > 0.0 {
        t.leakage_yuan += construction / (1.0 - leak) - construction;
    }
    // Home caregivers' pay above the market pay and the establishment's unsold time (the
    // caregiver-pay step booked both) are government's, as are construction, the
    // public part of the pension, the fee waivers and insurance, and the
    // campaigns and outreach.
    paid[0] += construction
        + (pension - own_pension)
        + fees.waived
        + ltc_spend
        + publicity
        + incentives
        + t.spend_caregiver_pay_yuan
        + t.spend_establishment_yuan;
    paid[3] = users + fees.own + paid_care + own_pension;
    t.paid_by_government_yuan += paid[0];
    t.paid_by_collective_yuan += paid[1];
    t.paid_by_social_capital_yuan += paid[2];
    t.paid_by_individuals_yuan += paid[3];
    t.funding_gap_yuan += gap;
    c.capacity = if running > 0.0 {
        (1.0 - gap / running).clamp(0.0, 1.0)
    } else {
        1.0
    };
    // Each village facility's usable share, such that its places come out whole
    // and the county's sum to its usable share of them (see [`UsablePlaces`]).
    let mut usable = UsablePlaces::new(c.capacity);
    for v in villages.iter_mut() {
        let places = sc.care.facility.places(v.facility);
        let whole = usable.next(places);
        v.capacity = if places > 0 {
            f64::from(whole) / f64::from(places)
        } else {
            c.capacity
        };
    }
}

#[cfg(test)]
mod tests {
    use crate::care::county::County;
    use crate::indicators::Tally;
    use crate::population::people::Status;
    use crate::population::village::Village;
    use crate::scenario::Scenario;
    use crate::sim::YearCtx;
    use crate::sim::testing::{baseline, each_year};

    fn close(got: f64, want: f64, what: &str) {
        assert!(
            (got - want).abs() <= 1e-9 * want.abs().max(1.0),
            "{what}: {got} against {want}"
        );
    }

    /// The county's tally and usable capacity after year `year_index`.
    fn after(sc: &Scenario, year_index: usize) -> (Tally, f64) {
        let mut out = None;
        each_year(sc, |ctx, c, _| {
            if ctx.year_index == year_index {
                out = Some((c.tally, c.capacity));
            }
        });
        out.expect("the year is simulated")
    }

    #[test]
    fn construction_is_paid_once_by_government_from_its_budget_and_opens_no_gap() {
        // Renovating elders' homes adds no running cost: a plan of renovations
        // changes the year's ledger by what was built, paid by government,
        // and by what leaked of it; the baseline's funding gap (what leaks of
        // the running costs' transfers, and social capital's shortfall) and
        // next year's usable capacity stay as they are.
        let base = baseline(0.002, 1);
        let mut build = base.clone();
        build.facilities.plan.renovation = 0.5;
        build.finance.construction_budget_per_elder = 10_000.0;
        let ((t0, capacity0), (t1, capacity1)) = (after(&base, 1), after(&build, 1));
        let built = t1.spend_construction_yuan;
        assert!(built > 0.0 && t0.spend_construction_yuan == 0.0);
        assert!(t0.funding_gap_yuan > 0.0);
        assert_eq!(t1.funding_gap_yuan, t0.funding_gap_yuan);
        assert_eq!(capacity1, capacity0);
        assert_eq!(t1.paid_by_individuals_yuan, t0.paid_by_individuals_yuan);
        assert_eq!(t1.paid_by_collective_yuan, t0.paid_by_collective_yuan);
        assert_eq!(
            t1.paid_by_social_capital_yuan,
            t0.paid_by_social_capital_yuan
        );
        let d = |f: fn(&Tally) -> f64| f(&t1) - f(&t0);
        close(d(|t| t.spend_facilities_yuan), built, "facility spending");
        close(d(|t| t.paid_by_government_yuan), built, "government");
        let leak = build.finance.leak();
        assert!(leak > 0.0);
        close(
            d(|t| t.leakage_yuan),
            built * leak / (1.0 - leak),
            "leakage",
        );
    }

    #[test]
    fn what_leaks_does_not_arrive_and_supervision_prevents_it() {
        // In the start year the payers send the same with or without leakage; what leaks of it is
        // missed by the facilities, so the funding gap grows by just that and
        // next year's usable capacity falls. Full supervision leaves the ledger
        // as it is without leakage. A payer that owes nothing sends nothing,
        // so nothing of it leaks even when all would.
        let mut none = baseline(0.002, 1);
        none.finance.leakage_share = 0.0;
        let mut leaky = none.clone();
        leaky.finance.leakage_share = 0.3;
        let mut supervised = leaky.clone();
        supervised.finance.supervision = 1.0;
        let (t0, capacity0) = after(&none, 0);
        let (t1, capacity1) = after(&leaky, 0);
        assert!(t1.leakage_yuan > 0.0 && t0.leakage_yuan == 0.0);
        close(
            t1.funding_gap_yuan - t0.funding_gap_yuan,
            t1.leakage_yuan,
            "gap",
        );
        close(
            (t0.paid_by_government_yuan + t0.paid_by_collective_yuan)
                - (t1.paid_by_government_yuan + t1.paid_by_collective_yuan),
            t1.leakage_yuan,
            "arrived",
        );
        assert!(capacity1 < capacity0, "{capacity1} against {capacity0}");
        assert_eq!(after(&supervised, 0), (t0, capacity0));

        let mut all = leaky.clone();
        all.finance.leakage_share = 1.0;
        all.finance.shares = [0.75, 0.0, 0.05, 0.2];
        let (t, _) = after(&all, 0);
        assert_eq!(t.paid_by_collective_yuan, 0.0);
        let mut owed = all.clone();
        owed.finance.leakage_share = 0.0;
        let (t_owed, _) = after(&owed, 0);
        // All government sent leaked; collectives sent nothing.
        close(
            t.leakage_yuan,
            t_owed.paid_by_government_yuan - t.paid_by_government_yuan,
            "leakage",
        );
    }

    #[test]
    fn the_individual_account_part_of_pensions_is_the_recipients_own_money() {
        // The same pensions, once with 22 yuan a month from the individual
        // account and once with it in the public top-up (both fixed in yuan):
        // government pays the difference, which individuals pay in the first
        // case, in start-year prices (the sixth year, prices risen since).
        let mut own = baseline(0.002, 6);
        own.pension.individual_account_yuan_per_month = 22.0;
        own.pension.individual_account_growth_percent = 0.0;
        let mut public = own.clone();
        public.pension.individual_account_yuan_per_month = 0.0;
        public.pension.local_top_up_yuan_per_month += 22.0;
        let ((a, _), (b, _)) = (after(&own, 6), after(&public, 6));
        assert_eq!(a.spend_pension_yuan, b.spend_pension_yuan);
        // Residents and registered elders living away alike.
        let (mut recipients, mut prices) = (0.0, 0.0);
        each_year(&own, |ctx, _, villages| {
            recipients = villages
                .iter()
                .map(|v| v.tally.pension_recipients + v.tally.pension_recipients_away)
                .sum();
            prices = ctx.model.economy.prices.at(ctx.year);
        });
        assert!(prices > 1.05, "prices {prices}");
        let account = recipients * 12.0 * 22.0 / prices;
        assert!(account > 0.0);
        close(
            b.paid_by_government_yuan - a.paid_by_government_yuan,
            account,
            "government",
        );
        close(
            a.paid_by_individuals_yuan - b.paid_by_individuals_yuan,
            account,
            "individuals",
        );
    }

    #[test]
    fn pensions_are_paid_to_every_registered_elder_resident_or_away() {
        // The residents' pension follows the registration: each year's
        // pension spending is every Resident or Away elder's pension at their
        // age, worked out person by person, in start-year prices; the Away
        // are part of it, and those settled elsewhere are not.
        let sc = baseline(0.002, 12);
        let mut away_paid = 0.0;
        each_year(&sc, |ctx, c, villages| {
            let (mut want, mut away) = (0.0, 0.0);
            for v in villages {
                let p = &v.people;
                for i in 0..p.len() {
                    if p.age[i] < sc.income.elder_age {
                        continue;
                    }
                    let yearly = ctx.model.pension.monthly(ctx.year, p.age[i]) * 12.0;
                    match p.status[i] {
                        Status::Resident => want += yearly,
                        Status::Away => {
                            want += yearly;
                            away += yearly;
                        }
                        _ => {}
                    }
                }
            }
            let prices = ctx.model.economy.prices.at(ctx.year);
            close(
                c.tally.spend_pension_yuan,
                want / prices,
                "pension spending",
            );
            away_paid += away;
        });
        assert!(away_paid > 0.0, "no Away elder was paid a pension");
    }

    /// The waiver and the insurance's part of the beds' fees, worked out
    /// resident by resident; how many waived residents have means; and the
    /// residents' fees in all.
    fn fees(sc: &Scenario, ctx: &YearCtx, villages: &[Village]) -> (f64, f64, usize, f64) {
        let kp = &sc.care.county;
        let fee = kp.yearly_fee(ctx);
        let benefit = sc
            .ltc
            .yearly_bed_benefit(&ctx.model.economy, ctx.year)
            .min(fee);
        let (mut waived, mut insurance, mut with_means, mut all) = (0.0, 0.0, 0, 0.0);
        for v in villages {
            let p = &v.people;
            for i in 0..p.len() {
                if !p.in_institution[i] {
                    continue;
                }
                all += fee;
                // Everyone is covered and aware: every dependent is a beneficiary.
                let b = if p.health[i].dependent() {
                    benefit
                } else {
                    0.0
                };
                insurance += b;
                if p.fee_waived[i] {
                    let means = f64::from(p.income[i]) * kp.institution_budget_share;
                    waived += (fee - b - means).max(0.0);
                    with_means += usize::from(means > 0.0);
                }
            }
        }
        (waived, insurance, with_means, all)
    }

    #[test]
    fn a_waiver_pays_only_what_the_residents_means_and_the_insurance_do_not() {
        // The start year's beds, most of them on a waiver; the insurance's
        // benefit below the fee, then above it (it pays no more than the fee).
        for benefit in [400.0, 2_000.0] {
            let mut sc = baseline(0.002, 0);
            sc.ltc.coverage = 1.0;
            sc.ltc.initial_awareness = 1.0;
            sc.ltc.paid_care_share = 0.0;
            sc.ltc.institution_benefit_yuan_per_month = benefit;
            each_year(&sc, |ctx, c: &County, villages| {
                let (waived, insurance, with_means, all_fees) = fees(&sc, ctx, villages);
                assert!(with_means > 0 && insurance > 0.0);
                // The fees stay below the beds' running cost here (none scaled down).
                assert!(all_fees <= c.running_beds_yuan);
                close(c.tally.spend_subsidies_yuan, waived, "waived");
                close(c.tally.spend_ltc_insurance_yuan, insurance, "insurance");
                if benefit * 12.0 >= sc.care.county.yearly_fee(ctx) {
                    assert_eq!(waived, 0.0);
                }
            });
        }
    }

    #[test]
    fn residents_and_users_pay_fees_from_their_means_only() {
        // Residents without means, insured and aware, whose benefit meets the
        // fee of the first years (three tenths above the start year's: with
        // no start residents there are no start carers; the first are hired
        // toward the applicants of the first simulated year, and admit the
        // year after): admitted as paying, then owing more each year as the fee
        // grows with wages; users of village facilities and day care
        // without means, though their share of the places' cost is a fifth.
        // With no other payment of individuals (no paid care, no
        // individual-account pension) and no fee relief, the individuals pay
        // nothing, and the waiver nothing.
        let mut sc = baseline(0.002, 10);
        sc.ltc.coverage = 1.0;
        sc.ltc.initial_awareness = 1.0;
        sc.care.county.institution_budget_share = 0.0;
        sc.care.county.paid_budget_share = 0.0;
        sc.care.county.childless_fee_waived = false;
        sc.ltc.fee_relief_below_subsistence = false;
        sc.care.county.initial_occupancy = 0.0;
        sc.finance.users_income_share = 0.0;
        sc.pension.individual_account_yuan_per_month = 0.0;
        sc.ltc.institution_benefit_yuan_per_month =
            1.3 * sc.care.county.institution_fee_yuan_per_month;
        assert!(sc.finance.shares[3] > 0.0);
        let mut owed_more = false;
        each_year(&sc, |ctx, c: &County, villages| {
            let paying: usize = villages
                .iter()
                .map(|v| {
                    let p = &v.people;
                    (0..p.len())
                        .filter(|&i| p.in_institution[i] && !p.fee_waived[i])
                        .count()
                })
                .sum();
            owed_more |= paying > 0
                && sc.care.county.yearly_fee(ctx)
                    > sc.ltc.yearly_bed_benefit(&ctx.model.economy, ctx.year);
            assert_eq!(c.tally.paid_by_individuals_yuan, 0.0, "year {}", ctx.year);
            assert_eq!(c.tally.spend_subsidies_yuan, 0.0, "year {}", ctx.year);
        });
        assert!(
            owed_more,
            "the fee never outgrew the benefit with residents in beds"
        );
    }

    #[test]
    fn fees_above_the_beds_cost_are_met_only_up_to_it() {
        // A fee far above a bed's cost: the start year's residents' fees
        // meet the beds' running cost exactly, the waiver its share of it.
        let mut sc = baseline(0.002, 0);
        sc.care.county.institution_fee_yuan_per_month = 20_000.0;
        // No one insured (the helper below counts every dependent's benefit).
        sc.ltc.institution_benefit_yuan_per_month = 0.0;
        each_year(&sc, |ctx, c: &County, villages| {
            let (waived, insurance, _, all_fees) = fees(&sc, ctx, villages);
            assert!(all_fees > c.running_beds_yuan && waived > 0.0 && insurance == 0.0);
            close(
                c.tally.spend_subsidies_yuan,
                waived * c.running_beds_yuan / all_fees,
                "waived, scaled to the beds' cost",
            );
        });
    }

    #[test]
    fn fees_meet_the_beds_running_cost_and_no_more() {
        let fees = super::BedFees {
            own: 600.0,
            insurance: 300.0,
            waived: 100.0,
            beneficiaries: 3.0,
        };
        // Below the beds' cost, every fee is met in full.
        assert_eq!(fees.meeting(2_000.0), fees);
        // Above it, each payer's part is scaled alike to the cost.
        let met = fees.meeting(500.0);
        close(met.own, 300.0, "own");
        close(met.insurance, 150.0, "insurance");
        close(met.waived, 50.0, "waived");
        assert_eq!(met.beneficiaries, 3.0);
    }

    #[test]
    fn a_funding_gap_cuts_usable_places_in_proportion() {
        // A smaller government budget opens a gap in the start year; the
        // next year's usable village places are the places times the usable
        // share, rounded to a whole place for the county, not one place fewer
        // in every facility.
        let mut sc = baseline(0.002, 1);
        sc.finance.government_budget_per_elder = 150.0;
        let mut capacity = 1.0;
        each_year(&sc, |ctx, c, villages| {
            let used: f64 = villages
                .iter()
                .map(|v| v.tally.village_facility_places)
                .sum();
            let places: f64 = villages
                .iter()
                .map(|v| f64::from(sc.care.facility.places(v.facility)))
                .sum();
            assert!(places > 0.0);
            if ctx.year_index == 1 {
                assert!(capacity < 0.95, "usable share {capacity}");
                assert_eq!(used, (places * capacity).round(), "usable share {capacity}");
                // The places cut provision no service content: its cost is that
                // of the usable village places and stations' day-care places.
                let stations = c.stations.iter().filter(|&&s| s).count() as f64;
                let want = sc
                    .services
                    .cost(
                        used,
                        stations * f64::from(sc.care.county.station_places) * capacity,
                        ctx.model.economy.real_wage(ctx.year),
                    )
                    .iter()
                    .sum::<f64>()
                    * sc.integration.quality();
                let cost = c.tally.spend_services_yuan;
                assert!((cost - want).abs() <= 1e-9 * want, "{cost} against {want}");
            }
            capacity = c.capacity;
        });
    }
}
