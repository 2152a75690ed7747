//! Macro paths of the region (MODEL.md §2, Region): consumer prices, rural
//! per-capita income and the urban wage. They are exogenous scenario inputs —
//! a default growth rate per year, overridden for the years a table lists —
//! turned once per run into indices (start year = 1) that every village reads.
//! Nothing in the simulation feeds back into them, so counties stay independent.

use crate::scenario::reader::{Doc, Section, YearTable, doc};

/// One macro path: growth in % per year, by default or as listed for a year.
#[derive(Clone, Debug, PartialEq)]
pub struct GrowthPath {
    /// Growth in the years `by_year` does not list, % per year.
    pub percent: f64,
    /// Growth in the years listed, % in that year (from the year before).
    pub by_year: YearTable,
}

impl GrowthPath {
    /// Reads `percent` and `by_year` of one path's table.
    fn read(s: &mut Section, percent: Doc, by_year: Doc) -> Self {
        GrowthPath {
            percent: s.num("percent", -50.0..=100.0, percent),
            by_year: s.years("by_year", -50.0..=100.0, by_year),
        }
    }

    /// Growth into `year` from the year before, as a share (0.02 = 2 %).
    pub fn rate(&self, year: i32) -> f64 {
        self.by_year.get(&year).copied().unwrap_or(self.percent) / 100.0
    }
}

/// A macro path an amount follows from its start-year level: carers' pay
/// (`workforce.pay_index`), public budgets (`finance.budget_index`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathIndex {
    UrbanWage,
    RuralIncome,
    Prices,
    /// Fixed in yuan: the real value erodes with inflation.
    Nominal,
}

impl PathIndex {
    /// The names a scenario uses, in the order of the variants.
    pub const NAMES: [&'static str; 4] = ["urban_wage", "rural_income", "prices", "nominal"];

    /// The variant of one of [`PathIndex::NAMES`].
    pub fn named(name: &str) -> Self {
        match name {
            "rural_income" => PathIndex::RuralIncome,
            "prices" => PathIndex::Prices,
            "nominal" => PathIndex::Nominal,
            _ => PathIndex::UrbanWage,
        }
    }

    /// The index in `year`, nominal, 1 in the start year.
    pub fn at(self, e: &Economy, year: i32) -> f64 {
        match self {
            PathIndex::UrbanWage => e.urban_wage.at(year),
            PathIndex::RuralIncome => e.rural_income.at(year),
            PathIndex::Prices => e.prices.at(year),
            PathIndex::Nominal => 1.0,
        }
    }

    /// The index in start-year prices (the model's unit of money), 1 in the start year.
    pub fn real(self, e: &Economy, year: i32) -> f64 {
        self.at(e, year) / e.prices.at(year)
    }
}

/// The scenario's macro paths.
#[derive(Clone, Debug)]
pub struct EconomyParams {
    pub cpi: GrowthPath,
    pub rural_income: GrowthPath,
    pub urban_wage: GrowthPath,
}

impl EconomyParams {
    pub fn read(s: &mut Section) -> Self {
        let mut path = |key: &'static str, percent: Doc, by_year: Doc| {
            let mut t = s.section(key);
            let p = GrowthPath::read(&mut t, percent, by_year);
            t.finish();
            p
        };
        EconomyParams {
            cpi: path(
                "cpi",
                doc(
                    "% per year",
                    "consumer price inflation in years not listed in by_year",
                    "DATA.md §7 (A: 2 %)",
                ),
                doc(
                    "% in the year",
                    "consumer price inflation of the years listed (the index is 1 in the start year: entries for it and before act only through pension rules from earlier years)",
                    "DATA.md §7, NBS communiqués (A: the years given are unverified there; it verifies 2015 only)",
                ),
            ),
            rural_income: path(
                "rural_income",
                doc(
                    "% per year",
                    "growth of rural per-capita disposable income (nominal) in years not listed",
                    "DATA.md §7 (A: 5 %)",
                ),
                doc(
                    "% in the year",
                    "growth of rural per-capita disposable income of the years listed (entries for the start year and before act only through pension rules from earlier years, as for cpi)",
                    "DATA.md §7, Jilin levels 2019–2023 (A: the 2020 level S, the others unverified)",
                ),
            ),
            urban_wage: path(
                "urban_wage",
                doc(
                    "% per year",
                    "growth of the urban (migrant-worker) wage, nominal, in years not listed; care prices and fees follow it",
                    "(A: as rural income; DATA.md §9 gives the wage's level only)",
                ),
                doc(
                    "% in the year",
                    "growth of the urban wage of the years listed",
                    "(A)",
                ),
            ),
        }
    }
}

/// Index values of one path for a span of years, base year = 1.
#[derive(Clone, Debug)]
pub struct Index {
    first_year: i32,
    values: Vec<f64>,
}

impl Index {
    /// Chains the path's growth over `first..=last`, scaled so `base` is 1.
    fn new(path: &GrowthPath, base: i32, first: i32, last: i32) -> Self {
        let mut values = Vec::with_capacity((last - first + 1) as usize);
        let mut x = 1.0;
        for year in first..=last {
            if year > first {
                x *= 1.0 + path.rate(year);
            }
            values.push(x);
        }
        let at_base = values[(base - first) as usize];
        values.iter_mut().for_each(|v| *v /= at_base);
        Index {
            first_year: first,
            values,
        }
    }

    /// The index in `year` (a year of the span the run covers).
    pub fn at(&self, year: i32) -> f64 {
        self.values[(year - self.first_year) as usize]
    }
}

/// The macro paths of a run, computed once (in the `Model`) and read by all.
#[derive(Clone, Debug)]
pub struct Economy {
    paths: EconomyParams,
    /// Consumer prices; 1 in the start year.
    pub prices: Index,
    /// Rural per-capita income, nominal; 1 in the start year.
    pub rural_income: Index,
    /// Urban wage, nominal; 1 in the start year.
    pub urban_wage: Index,
}

impl Economy {
    /// Indices over `first..=last` (which must include `base`), base year = 1.
    pub fn new(p: &EconomyParams, base: i32, first: i32, last: i32) -> Self {
        assert!(first <= base && base <= last, "base year outside the span");
        Economy {
            paths: p.clone(),
            prices: Index::new(&p.cpi, base, first, last),
            rural_income: Index::new(&p.rural_income, base, first, last),
            urban_wage: Index::new(&p.urban_wage, base, first, last),
        }
    }

    /// Consumer price inflation into `year`, as a share.
    pub fn inflation(&self, year: i32) -> f64 {
        self.paths.cpi.rate(year)
    }

    /// Growth of rural per-capita income into `year`, as a share.
    pub fn rural_income_growth(&self, year: i32) -> f64 {
        self.paths.rural_income.rate(year)
    }

    /// The urban wage in start-year prices (start year = 1): what labour-priced
    /// services, such as paid care and institution beds, cost relative to the
    /// start year in the model's unit of money.
    pub fn real_wage(&self, year: i32) -> f64 {
        self.urban_wage.at(year) / self.prices.at(year)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Paths with constant growth (% per year), no listed years.
    pub(crate) fn flat(cpi: f64, income: f64) -> EconomyParams {
        let g = |percent| GrowthPath {
            percent,
            by_year: YearTable::new(),
        };
        EconomyParams {
            cpi: g(cpi),
            rural_income: g(income),
            urban_wage: g(0.0),
        }
    }

    #[test]
    fn indices_chain_growth_from_the_base_year() {
        let mut p = flat(2.0, 5.0);
        p.cpi.by_year.insert(2021, 0.9);
        p.cpi.by_year.insert(2020, 2.5);
        let e = Economy::new(&p, 2020, 2019, 2023);
        assert_eq!(e.prices.at(2020), 1.0);
        assert!((e.prices.at(2019) - 1.0 / 1.025).abs() < 1e-12);
        assert!((e.prices.at(2021) - 1.009).abs() < 1e-12);
        assert!((e.prices.at(2023) - 1.009 * 1.02 * 1.02).abs() < 1e-12);
        assert!((e.rural_income.at(2022) - 1.05f64.powi(2)).abs() < 1e-12);
        assert_eq!(e.urban_wage.at(2023), 1.0);
        assert!((e.real_wage(2021) - 1.0 / 1.009).abs() < 1e-12);
        assert!((e.inflation(2021) - 0.009).abs() < 1e-15);
        assert!((e.rural_income_growth(2040) - 0.05).abs() < 1e-15);
    }
}
