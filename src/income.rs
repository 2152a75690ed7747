//! Elders' income (MODEL.md §7.12), as far as care needs it: the basic
//! pension, remittances from Away children and from children settled
//! elsewhere, land-transfer income, and labour income that falls with age and
//! health. Kept per person in yuan per year; paid care and institution fees
//! are afforded from it. (Pension growth rules and poverty come with the
//! policy submodels.)

use crate::bands::AgeBands;
use crate::population::people::{Health, NONE, Status};
use crate::population::village::Village;
use crate::scenario::reader::{Section, doc};
use crate::sim::YearCtx;

#[derive(Clone, Debug)]
pub struct IncomeParams {
    pub elder_age: u8,
    pub pension_yuan_per_month: f64,
    pub remittance_away_child: f64,
    pub remittance_settled_child: f64,
    pub land_income: f64,
    /// Labour income of a Healthy elder by age (Frail elders earn half, dependents none).
    pub labour_income: AgeBands,
}

impl IncomeParams {
    pub fn read(s: &mut Section) -> Self {
        IncomeParams {
            elder_age: s.int(
                "elder_age",
                40..=80,
                doc(
                    "years",
                    "age from which income is tracked (pension age)",
                    "residents' pension scheme: 60",
                ),
            ) as u8,
            pension_yuan_per_month: s.num(
                "pension_yuan_per_month",
                0.0..=100_000.0,
                doc(
                    "yuan per month",
                    "mean basic pension incl. individual account and provincial top-up, start year",
                    "DATA.md §7 (A: about 130)",
                ),
            ),
            remittance_away_child: s.num(
                "remittance_away_child",
                0.0..=1_000_000.0,
                doc("yuan per year", "remittances from each Away child", "(A)"),
            ),
            remittance_settled_child: s.num(
                "remittance_settled_child",
                0.0..=1_000_000.0,
                doc(
                    "yuan per year",
                    "remittances from each child settled elsewhere",
                    "(A)",
                ),
            ),
            land_income: s.num(
                "land_income",
                0.0..=1_000_000.0,
                doc("yuan per year", "land-transfer income per elder", "(A)"),
            ),
            labour_income: s.bands(
                "labour_income",
                0.0..=1_000_000.0,
                None,
                doc(
                    "yuan per year",
                    "labour income of a Healthy elder by age; half if Frail, none if dependent",
                    "(A)",
                ),
            ),
        }
    }
}

/// Step: elders' incomes for the year ([pension, remittances, land, labour]).
pub fn step(v: &mut Village, ctx: &YearCtx) {
    let ip = &ctx.scenario.income;
    let p = &mut v.people;
    let away = &mut v.scratch.counts;
    away.clear();
    away.resize(p.len(), 0);
    for c in 0..p.len() {
        if p.status[c] == Status::Away {
            for par in [p.mother[c], p.father[c]] {
                if par != NONE {
                    away[par as usize] += 1;
                }
            }
        }
    }
    for (i, &away_children) in away.iter().enumerate() {
        if p.status[i] != Status::Resident || p.age[i] < ip.elder_age {
            p.income[i] = [0.0; 4];
            continue;
        }
        let labour = ip.labour_income.at(usize::from(p.age[i]))
            * match p.health[i] {
                Health::Healthy => 1.0,
                Health::Frail => 0.5,
                _ => 0.0,
            };
        let remit = f64::from(away_children) * ip.remittance_away_child
            + f64::from(p.children_elsewhere[i]) * ip.remittance_settled_child;
        p.income[i] = [
            (ip.pension_yuan_per_month * 12.0) as f32,
            remit as f32,
            ip.land_income as f32,
            labour as f32,
        ];
    }
}
