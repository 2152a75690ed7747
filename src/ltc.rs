//! Long-term-care insurance, fee relief and awareness (MODEL.md §7.7, §7.14;
//! the study §3.4.1, §4.1.3): a share of rural residents is covered; a covered
//! dependent (Disabled or Severe) who knows the entitlement is a beneficiary.
//! The insurance pays part of the price of paid home care and a monthly benefit
//! toward an institution bed. Fee relief (`[subsidies]`) waives the part of a
//! poor elder's bed fee beyond their means, for those who know of it.
//! Awareness of entitlements is a county share that outreach raises each year;
//! it sets the take-up of both. Who is covered and who is aware are fixed per
//! person (aware persons stay aware as the share grows). Five-guarantee support
//! (`care.county.childless_fee_waived`) is not gated by it: a scheme since 1956,
//! whose eligible elders are known to their village (the 2006 State Council
//! regulation lets other villagers apply for one who cannot), so its take-up is
//! taken as full (an assumption).

use crate::care::county::County;
use crate::economy::{Economy, PathIndex};
use crate::population::village::Village;
use crate::rng::{Process, fixed_uniform};
use crate::scenario::reader::{Section, doc};
use crate::sim::YearCtx;

#[derive(Clone, Debug)]
pub struct LtcParams {
    pub coverage: f64,
    pub paid_care_share: f64,
    pub institution_benefit_yuan_per_month: f64,
    pub institution_benefit_index: PathIndex,
    pub initial_awareness: f64,
    pub outreach: f64,
    pub outreach_cost_yuan_per_person: f64,
    /// Bed fees waived for elders below the subsistence line (`[subsidies]`).
    pub fee_relief_below_subsistence: bool,
}

impl LtcParams {
    /// The insurance's yearly benefit toward a beneficiary's bed in `year`,
    /// yuan in start-year prices.
    pub fn yearly_bed_benefit(&self, e: &Economy, year: i32) -> f64 {
        self.institution_benefit_yuan_per_month
            * 12.0
            * self.institution_benefit_index.real(e, year)
    }

    /// Reads `[ltc_insurance]`, `[awareness]` and `[subsidies]`.
    pub fn read(ins: &mut Section, aw: &mut Section, sub: &mut Section) -> Self {
        LtcParams {
            coverage: ins.prob(
                "coverage",
                doc(
                    "share of residents",
                    "rural residents covered by long-term-care insurance",
                    "DATA.md §8 (A: rural residents not covered in the baseline)",
                ),
            ),
            paid_care_share: ins.prob(
                "paid_care_share",
                doc(
                    "share of the price",
                    "part of paid home care the insurance pays for a beneficiary",
                    "(A: pilots pay 60–80 %)",
                ),
            ),
            institution_benefit_yuan_per_month: ins.num(
                "institution_benefit_yuan_per_month",
                0.0..=100_000.0,
                doc(
                    "yuan per month",
                    "insurance benefit toward a beneficiary's bed fee",
                    "(A: 1,000 yuan a month, 12,000 a year; the pilots spend about 16,000 yuan per beneficiary per year on all benefits, home care included, DATA.md §8, V)",
                ),
            ),
            institution_benefit_index: PathIndex::named(ins.choice(
                "institution_benefit_index",
                &PathIndex::NAMES,
                doc(
                    "path name",
                    "what the bed benefit follows after the start year: the urban wage (as the bed fee does, so it covers the same part of it), rural income, consumer prices (constant real value: the part of the fee it covers falls as wages outgrow prices) or nothing (fixed yuan)",
                    "(A: pilots set benefits in yuan and revise them now and then, about keeping their value)",
                ),
            )),
            initial_awareness: aw.prob(
                "initial",
                doc(
                    "share",
                    "residents who know their care entitlements at start",
                    "the study §3.4.1: publicity not in place (A)",
                ),
            ),
            outreach: aw.prob(
                "outreach",
                doc(
                    "per year",
                    "share of the unaware reached by outreach each year",
                    "lever; none in the baseline",
                ),
            ),
            outreach_cost_yuan_per_person: aw.num(
                "outreach_cost_yuan_per_person",
                0.0..=10_000.0,
                doc(
                    "yuan per resident reached",
                    "what outreach costs (visits, village meetings, leaflets; mostly staff time, so it follows the real urban wage), paid by government",
                    "(A: half an hour of a worker at 3,838 yuan a month for 13.6 h × 6.5 days ≈ 88 hours a week, about 10 yuan an hour, DATA.md §9, and printed matter: 10 yuan)",
                ),
            ),
            fee_relief_below_subsistence: sub.flag(
                "fee_relief_below_subsistence",
                doc(
                    "true/false",
                    "elders below the subsistence line who know of it (awareness) have the part of their bed fee beyond their means waived (fee relief for the poorest)",
                    "the study §4.1.3; lever, off in the baseline",
                ),
            ),
        }
    }

    /// Share of residents outreach reaches this year, when `awareness` of them know already.
    pub fn reached_share(&self, awareness: f64) -> f64 {
        self.outreach * (1.0 - awareness)
    }
}

/// Whether resident `i` is a beneficiary: covered, aware, Disabled or Severe.
pub fn beneficiary(v: &Village, i: usize, ctx: &YearCtx, awareness: f64) -> bool {
    let lp = &ctx.scenario.ltc;
    let p = &v.people;
    p.health[i].dependent()
        && fixed_uniform(
            ctx.seed,
            ctx.replication,
            v.id,
            p.serial[i],
            Process::Coverage,
        ) < lp.coverage
        && aware(v, i, ctx, awareness)
}

/// Whether resident `i` knows their care entitlements when a share
/// `awareness` of the county does: one draw per person, kept for life, so those
/// who know stay aware as the share grows, and a comparison's scenarios agree on
/// who knows at equal shares. An unaware person claims none of the entitlements
/// that must be claimed: the insurance's benefits and fee relief (`[subsidies]`).
pub fn aware(v: &Village, i: usize, ctx: &YearCtx, awareness: f64) -> bool {
    fixed_uniform(
        ctx.seed,
        ctx.replication,
        v.id,
        v.people.serial[i],
        Process::Awareness,
    ) < awareness
}

/// County phase (end of year): awareness grows with outreach.
pub fn outreach(c: &mut County, _villages: &mut [Village], ctx: &YearCtx) {
    c.awareness += ctx.scenario.ltc.reached_share(c.awareness);
}

#[cfg(test)]
mod tests {
    use crate::economy::PathIndex;
    use crate::sim::testing::baseline;
    use crate::sim::{Model, YearCtx};

    #[test]
    fn a_bed_benefit_indexed_to_wages_covers_the_same_part_of_the_fee() {
        // The fee follows the real urban wage: a benefit that does too covers
        // the same part of it every year; one kept at its real value, less.
        let mut sc = baseline(0.002, 30);
        let part = |sc: &crate::scenario::Scenario, year_index: usize| {
            let model = Model::new(sc);
            let ctx = YearCtx::new(sc, &model, 0, year_index);
            sc.ltc.yearly_bed_benefit(&model.economy, ctx.year) / sc.care.county.yearly_fee(&ctx)
        };
        let start = part(&sc, 0);
        assert!(start > 0.0);
        assert!(part(&sc, 30) < 0.8 * start, "kept at its real value");
        sc.ltc.institution_benefit_index = PathIndex::UrbanWage;
        for year_index in [0, 15, 30] {
            assert!(
                (part(&sc, year_index) - start).abs() < 1e-12,
                "year {year_index}"
            );
        }
    }
}
