//! Elders' income and poverty (MODEL.md §7.12).
//!
//! Each resident elder's income for the year: the pension from the run's
//! pension path (§7.11, nominal: basic part, top-up, individual account and
//! supplement), remittances from Away children and
//! from children settled elsewhere (each child's shared by a resident elder
//! couple), land-transfer income, and labour income
//! that falls with age and health. The last three are given in start-year
//! yuan, grow (nominally) with the rural income index and are scaled by the
//! elder's lifelong economic standing (a lognormal factor of mean 1, drawn
//! per person from a key, so it is the same in every year and scenario).
//! Medical spending by health state, net of the reimbursement share, is given
//! in start-year prices and grows with the price index. An elder is below
//! subsistence when income less net medical spending is under the rural
//! subsistence line (the dibao standard), which grows with rural income.
//! By default the test pools the household, as the dibao's means test does:
//! the resident elders' incomes less their medical spending, plus what each
//! working-age member earns, per household member (children included) against
//! the line; `pooling = "own"` tests each elder's own income instead.
//!
//! The per-person income column is kept in start-year prices (deflated by the
//! price index), the unit of every other money amount the care and finance
//! submodels compare it with (care prices, fees, budgets); the pension and
//! remittance indicators are nominal, with the pension also in real terms.

use crate::bands::AgeBands;
use crate::bands::{AGES, MAX_AGE};
use crate::economy::Economy;
use crate::population::people::{NONE, Status};
use crate::population::village::Village;
use crate::rng::{Process, StreamKey, agent_normal};
use crate::scenario::reader::{Section, doc};
use crate::sim::YearCtx;

#[derive(Clone, Debug)]
pub struct IncomeParams {
    /// Age from which elders' incomes and poverty are tracked (the pension: `pension.age`).
    pub elder_age: u8,
    pub remittance_away_child: f64,
    pub remittance_settled_child: f64,
    pub land_income: f64,
    /// Labour income of a Healthy elder by age.
    pub labour_income: AgeBands,
    /// Share of that income earned by health state [Healthy, Frail, Disabled, Severe].
    pub labour_share: [f64; 4],
    /// Standard deviation of the log of an elder's lifelong factor on
    /// remittances, land and labour income (mean 1).
    pub dispersion: f64,
    /// Rural subsistence line (dibao standard) in the start year, yuan per year.
    pub subsistence_line_yuan: f64,
    pub medical: Medical,
    /// Whose resources the poverty test counts.
    pub pooling: Pooling,
    /// Youngest age at which a resident brings income to the household pool.
    pub worker_min_age: u8,
    /// Income each resident of working age brings to the pool, start-year yuan per year.
    pub worker_income: f64,
}

/// Whose resources the poverty test counts (`income.pooling`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pooling {
    /// The elder's own income less own medical spending.
    Own,
    /// The household's: every resident elder's income less medical spending,
    /// plus the working-age members' income, per household member — the
    /// household means test of the dibao.
    Household,
}

/// Elders' medical spending (`[income.medical]`).
#[derive(Clone, Debug)]
pub struct Medical {
    /// Spending by health state before reimbursement, start-year yuan per year.
    pub yuan: [f64; 4],
    /// Share of spending the residents' medical insurance reimburses.
    pub reimbursement_share: f64,
}

impl Medical {
    fn read(mut m: Section) -> Self {
        let d = |what| {
            doc(
                "yuan per year",
                what,
                "(A: rural elders' health spending, start-year prices)",
            )
        };
        let yuan = [
            m.num(
                "healthy",
                0.0..=1_000_000.0,
                d("medical spending of a Healthy elder before reimbursement"),
            ),
            m.num(
                "frail",
                0.0..=1_000_000.0,
                d("medical spending of a Frail elder before reimbursement"),
            ),
            m.num(
                "disabled",
                0.0..=1_000_000.0,
                d("medical spending of a Disabled elder before reimbursement"),
            ),
            m.num(
                "severe",
                0.0..=1_000_000.0,
                d("medical spending of a Severe elder before reimbursement"),
            ),
        ];
        let reimbursement_share = m.prob(
            "reimbursement_share",
            doc(
                "share",
                "part of medical spending the residents' medical insurance reimburses",
                "(A: inpatient about 50–60 %, outpatient less)",
            ),
        );
        m.finish();
        Medical {
            yuan,
            reimbursement_share,
        }
    }

    /// Spending net of reimbursement by health state, yuan per year at `prices`.
    fn net(&self, prices: f64) -> [f64; 4] {
        self.yuan
            .map(|x| x * (1.0 - self.reimbursement_share) * prices)
    }
}

impl IncomeParams {
    pub fn read(s: &mut Section) -> Self {
        IncomeParams {
            elder_age: s.int(
                "elder_age",
                40..=80,
                doc(
                    "years",
                    "age from which elders' incomes and poverty are tracked (the pension is paid from pension.age)",
                    "MODEL.md §7.12 (elders); 60, the pension age (S)",
                ),
            ) as u8,
            remittance_away_child: s.num(
                "remittance_away_child",
                0.0..=1_000_000.0,
                doc("yuan per year", "remittances from each Away child, start year, to its parents together (halved for each of two resident elder parents); grows with rural income", "(A)"),
            ),
            remittance_settled_child: s.num(
                "remittance_settled_child",
                0.0..=1_000_000.0,
                doc(
                    "yuan per year",
                    "remittances from each child settled elsewhere, start year, to its parents together (halved for each of two resident elder parents); grows with rural income",
                    "(A)",
                ),
            ),
            land_income: s.num(
                "land_income",
                0.0..=1_000_000.0,
                doc("yuan per year", "land-transfer income per elder, start year; grows with rural income", "(A)"),
            ),
            labour_income: s.bands(
                "labour_income",
                0.0..=1_000_000.0,
                None,
                doc(
                    "yuan per year",
                    "labour income of a Healthy elder by age, start year; grows with rural income",
                    "(A)",
                ),
            ),
            labour_share: {
                let mut l = s.section("labour_share");
                let d = |what| doc("share", what, "(A: IADL limits halve farm work, ADL limits end it)");
                let share = [
                    1.0,
                    l.prob("frail", d("part of a Healthy elder's labour income a Frail elder earns")),
                    l.prob("disabled", d("… a Disabled elder earns")),
                    l.prob("severe", d("… a Severe elder earns")),
                ];
                l.finish();
                share
            },
            dispersion: s.num(
                "dispersion",
                0.0..=3.0,
                doc(
                    "sd of log",
                    "spread of elders' remittances, land and labour income: each elder's lifelong lognormal factor (mean 1)",
                    "(A)",
                ),
            ),
            subsistence_line_yuan: s.num(
                "subsistence_line_yuan",
                0.0..=1_000_000.0,
                doc(
                    "yuan per year",
                    "rural subsistence line (dibao standard) per person, start year; grows with rural income",
                    "DATA.md §7 (A: 5,000; national average 5,962)",
                ),
            ),
            medical: Medical::read(s.section("medical")),
            pooling: match s.choice(
                "pooling",
                &["household", "own"],
                doc(
                    "\"household\" or \"own\"",
                    "poverty test: household income per member (elders' income less medical spending plus working-age members' income), or the elder's own",
                    "the dibao is means-tested on household income per member (State Council 2007) (S)",
                ),
            ) {
                "own" => Pooling::Own,
                _ => Pooling::Household,
            },
            worker_min_age: s.int(
                "worker_min_age",
                10..=30,
                doc(
                    "years",
                    "youngest resident counted as bringing income to the household pool",
                    "(A: minimum working age 16)",
                ),
            ) as u8,
            worker_income: s.num(
                "worker_income",
                0.0..=1_000_000.0,
                doc(
                    "yuan per year",
                    "income each resident of working age (up to the elder age) brings to the household pool, start year; grows with rural income",
                    "DATA.md §7: Jilin rural disposable income per capita 16,067 in 2020 (S), taken per working-age member (A: a lower bound)",
                ),
            ),
        }
    }

    /// Labour income by health state and single age, start-year yuan per year.
    pub fn labour_income_table(&self) -> [[f64; AGES]; 4] {
        std::array::from_fn(|h| {
            std::array::from_fn(|a| self.labour_income.at(a) * self.labour_share[h])
        })
    }

    /// The subsistence line in `year`, yuan per year.
    pub fn subsistence_line(&self, economy: &Economy, year: i32) -> f64 {
        self.subsistence_line_yuan * economy.rural_income.at(year)
    }
}

/// Step: elders' incomes for the year (pension, remittances, land and labour
/// together, in start-year prices) and the income indicators, poverty among them.
pub fn step(v: &mut Village, ctx: &YearCtx) {
    let ip = &ctx.scenario.income;
    let (model, year) = (ctx.model, ctx.year);
    let growth = model.economy.rural_income.at(year);
    let prices = model.economy.prices.at(year);
    let line = ip.subsistence_line(&model.economy, year);
    let medical = ip.medical.net(prices);
    let sigma = ip.dispersion;
    let factor_key = StreamKey {
        seed: ctx.seed,
        replication: ctx.replication,
        unit: u64::from(v.id),
        process: Process::Income,
        year: ctx.scenario.run.start_year,
    }
    .hash();
    let (p, s, t) = (&mut v.people, &mut v.scratch, &mut v.tally);
    let members = &v.notes.counts;
    let deflator = 1.0 / prices;
    // Household pools (nominal yuan, by household id): working-age members'
    // income now, elders' below; members are the household sizes, counted
    // by this year's household update (no move since).
    let pool = &mut s.pool;
    pool.clear();
    if ip.pooling == Pooling::Household {
        pool.resize(p.household_bound(), 0.0);
        let workers = ip.worker_min_age..=ip.elder_age.saturating_sub(1);
        let earned = ip.worker_income * growth;
        let (household, age) = (&p.household[..], &p.age[..]);
        let mut add = |i: usize| {
            let h = household[i];
            if h != NONE && workers.contains(&age[i]) {
                pool[h as usize] += earned;
            }
        };
        // Every addend is the same: the order of the rows does not matter.
        let (ranges, returned) = p.resident_rows_aged(workers.clone());
        ranges.into_iter().flatten().for_each(&mut add);
        returned.iter().for_each(|&i| add(i as usize));
    }
    // Sums kept local (not in the tally) so they stay in registers.
    let (mut recipients, mut paid, mut remitted, mut poor) = (0u32, 0.0f64, 0.0f64, 0u32);
    let (mut recipients_away, mut paid_away) = (0u32, 0.0f64);
    let labour = &model.labour_income;
    let blocks = p.rows_aged(None, ip.elder_age..=MAX_AGE as u8);
    // The resident elders' rows, for the household test after the pools are
    // full: room for every row of the blocks, so filling needs no growth check.
    let elders = &mut s.b;
    elders.clear();
    elders.resize(blocks.iter().map(|r| r.len()).sum(), 0);
    let mut listed = 0;
    // Column slices of one length, held in registers for the pass.
    let n = p.len();
    let (status, age, health, serial, partner) = (
        &p.status[..n],
        &p.age[..n],
        &p.health[..n],
        &p.serial[..n],
        &p.partner[..n],
    );
    let (away, elsewhere, household) = (
        &p.children_away[..n],
        &p.children_elsewhere[..n],
        &p.household[..n],
    );
    let (standing, incomes, below) = (
        &mut p.standing[..n],
        &mut p.income[..n],
        &mut p.below_subsistence[..n],
    );
    // Rows younger than the elder age never had an income (ages only rise);
    // every other row is in the blocks and is written here, so no column-wide clear.
    for rows in blocks {
        for i in rows {
            let a = usize::from(age[i]);
            if status[i] != Status::Resident || age[i] < ip.elder_age {
                if age[i] >= ip.elder_age {
                    incomes[i] = 0.0;
                    below[i] = false;
                    // The pension follows the registration: paid to the Away too.
                    if status[i] == Status::Away && model.pension.pays(age[i]) {
                        recipients_away += 1;
                        paid_away += model.pension.monthly(year, age[i]) * 12.0;
                    }
                }
                continue;
            }
            elders[listed] = i as u32;
            listed += 1;
            let h = health[i] as usize;
            if standing[i].is_nan() {
                standing[i] = (sigma * agent_normal(factor_key, serial[i]) - sigma * sigma / 2.0)
                    .exp() as f32;
            }
            let k = growth * f64::from(standing[i]);
            // A child remits to its parents together: a resident elder couple
            // shares it. Without branches (couples and the widowed alternate):
            // the row itself stands in for a missing partner.
            let sp = partner[i];
            let j = if sp == NONE { i } else { sp as usize };
            let shared = (sp != NONE) & (status[j] == Status::Resident) & (age[j] >= ip.elder_age);
            let remit = (f64::from(away[i]) * ip.remittance_away_child
                + f64::from(elsewhere[i]) * ip.remittance_settled_child)
                * k
                * (1.0 - 0.5 * f64::from(u8::from(shared)));
            let pension = model.pension.monthly(year, age[i]) * 12.0;
            let income = [pension, remit, ip.land_income * k, labour[h][a] * k];
            let total = income.iter().sum::<f64>();
            // What the elder can spend on care: income less own medical spending.
            let net = total - medical[h];
            incomes[i] = (net.max(0.0) * deflator) as f32;
            match ip.pooling {
                Pooling::Own => {
                    below[i] = net < line;
                    poor += u32::from(net < line);
                }
                Pooling::Household => pool[household[i] as usize] += net,
            }
            recipients += u32::from(model.pension.pays(age[i]));
            paid += income[0];
            remitted += remit;
        }
    }
    if ip.pooling == Pooling::Household {
        for &i in &elders[..listed] {
            let i = i as usize;
            let h = household[i] as usize;
            let is_below = pool[h] < line * f64::from(members[h]);
            below[i] = is_below;
            poor += u32::from(is_below);
        }
    }
    let recipients = f64::from(recipients);
    t.income_elders += listed as f64;
    t.pension_recipients += recipients;
    t.pension_paid_yuan += paid;
    t.pension_paid_real_yuan += paid * deflator;
    let basic = recipients * model.pension.basic(year) * 12.0;
    t.pension_basic_paid_yuan += basic;
    t.pension_basic_paid_real_yuan += basic * deflator;
    t.subsistence_line_yuan_sum += line * recipients;
    t.remittances_yuan += remitted;
    t.elders_below_subsistence += f64::from(poor);
    t.pension_recipients_away += f64::from(recipients_away);
    t.pension_paid_away_real_yuan += paid_away * deflator;
}
