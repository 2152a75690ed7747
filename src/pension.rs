//! The urban–rural residents' basic pension (MODEL.md §7.11).
//!
//! A recipient's pension per month = the basic part (public money) + a local
//! (provincial) top-up + the individual-account part, + a supplement from an
//! age (80) on. The basic part follows growth rules chosen in the scenario
//! and chained by year (`[[pension.rules]]`, each from its `from_year` until
//! the next rule's): an explicit schedule, a fixed yuan amount or a percent
//! per year, indexation to prices or to rural income, or a floor tied to the
//! rural subsistence line on top of another rule. The whole path is computed
//! once per run (in the `Model`): it depends only on scenario inputs and the
//! macro paths, never on the simulated population.

use crate::economy::Economy;
use crate::scenario::reader::{Section, YEARS, YearTable, doc};

/// The rule names a scenario may use, in the order the docs list them.
pub const RULES: &[&str] = &[
    "schedule",
    "fixed_amount",
    "percent",
    "cpi_indexed",
    "income_indexed",
    "floor",
];

/// How the basic part (yuan per month) is set in a year.
#[derive(Clone, Debug, PartialEq)]
pub enum Rule {
    /// Amounts by year; between listed years linear (`interpolate`) or held
    /// (stepped); after the last listed year the last amount holds.
    Schedule {
        amounts: YearTable,
        interpolate: bool,
    },
    /// Last year's amount plus a fixed number of yuan per month.
    FixedAmount { yuan_per_month: f64 },
    /// Last year's amount plus a fixed percent.
    Percent { percent: f64 },
    /// Last year's amount grown with consumer prices.
    CpiIndexed,
    /// Last year's amount grown by `share` of rural income growth.
    IncomeIndexed { share: f64 },
    /// The inner rule's amount, but at least `share` of the subsistence line
    /// (per month). Growth rules under a floor grow the floored amount.
    Floor { share: f64, over: Box<Rule> },
}

/// The keys the rules read besides `rule`, in any rule: those a block may hold
/// when its rule name is missing or unknown, so only other keys are unknown there.
const RULE_KEYS: &[&str] = &[
    "amounts",
    "interpolate",
    "yuan_per_month",
    "percent",
    "share",
    "over",
];

impl Rule {
    /// Reads a rule (`rule` and its own parameters); `None` when a rule name is
    /// missing or unknown (reported with the names that exist). The caller
    /// reports unknown keys with [`Section::finish`].
    fn read(s: &mut Section) -> Option<Rule> {
        let Some(name) = s.variant(
            "rule",
            RULES,
            doc(
                "rule name",
                "how the basic part is set in these years",
                "MODEL.md §7.11's growth rules (lever; the baseline's: a schedule, then a fixed yearly rise, A)",
            ),
        ) else {
            s.accept(RULE_KEYS);
            return None;
        };
        match name {
            "schedule" => Some(Rule::Schedule {
                amounts: s.years(
                    "amounts",
                    0.0..=100_000.0,
                    doc(
                        "yuan per month",
                        "basic part in the years listed",
                        "DATA.md §7: the national minimum (A: V/S for 2023–24, assumed for the other years; see baseline.toml)",
                    ),
                ),
                interpolate: s.flag(
                    "interpolate",
                    doc(
                        "true/false",
                        "linear between listed years (true) or held until the next (false)",
                        "(A: held, as the minimum is set yearly)",
                    ),
                ),
            }),
            "fixed_amount" => Some(Rule::FixedAmount {
                yuan_per_month: s.num(
                    "yuan_per_month",
                    0.0..=10_000.0,
                    doc(
                        "yuan per month, per year",
                        "added to the basic part each year",
                        "DATA.md §7 (A)",
                    ),
                ),
            }),
            "percent" => Some(Rule::Percent {
                percent: s.num(
                    "percent",
                    0.0..=100.0,
                    doc("% per year", "growth of the basic part", "(A)"),
                ),
            }),
            "cpi_indexed" => Some(Rule::CpiIndexed),
            "income_indexed" => Some(Rule::IncomeIndexed {
                share: s.num(
                    "share",
                    0.0..=3.0,
                    doc(
                        "ratio",
                        "share of rural income growth passed on to the basic part",
                        "(A)",
                    ),
                ),
            }),
            "floor" => {
                let share = s.num(
                    "share",
                    0.0..=10.0,
                    doc(
                        "share of the subsistence line",
                        "least basic part, as a share of the subsistence line (per month)",
                        "(A)",
                    ),
                );
                let mut over = s.section("over");
                let inner = Rule::read(&mut over);
                over.finish();
                inner.map(|r| Rule::Floor {
                    share,
                    over: Box::new(r),
                })
            }
            _ => unreachable!("every name in RULES is handled"),
        }
    }

    /// The schedule that fixes this rule's level, if it has one (under floors
    /// too), with the key path of its amounts relative to the rule.
    fn schedule(&self) -> Option<(String, &YearTable)> {
        match self {
            Rule::Schedule { amounts, .. } => Some(("amounts".into(), amounts)),
            Rule::Floor { over, .. } => over.schedule().map(|(k, a)| (format!("over.{k}"), a)),
            _ => None,
        }
    }

    /// The basic part in `year`, yuan per month, given last year's (`None` in
    /// the first year of the chain, where only a schedule applies) and the
    /// subsistence line of the year (yuan per year).
    pub fn amount(&self, year: i32, last: Option<f64>, economy: &Economy, line: f64) -> f64 {
        let grown = || last.expect("a chain starts with a schedule (checked when read)");
        match self {
            Rule::Schedule {
                amounts,
                interpolate,
            } => scheduled(amounts, year, *interpolate),
            Rule::FixedAmount { yuan_per_month } => grown() + yuan_per_month,
            Rule::Percent { percent } => grown() * (1.0 + percent / 100.0),
            Rule::CpiIndexed => grown() * (1.0 + economy.inflation(year)),
            Rule::IncomeIndexed { share } => {
                grown() * (1.0 + share * economy.rural_income_growth(year))
            }
            Rule::Floor { share, over } => over
                .amount(year, last, economy, line)
                .max(share * line / 12.0),
        }
    }
}

/// A schedule's amount in `year` (at or after its first listed year).
fn scheduled(amounts: &YearTable, year: i32, interpolate: bool) -> f64 {
    let (&y0, &a0) = amounts
        .range(..=year)
        .next_back()
        .expect("a schedule lists its from_year or earlier (checked when read)");
    match amounts.range(year + 1..).next() {
        Some((&y1, &a1)) if interpolate => {
            a0 + (a1 - a0) * f64::from(year - y0) / f64::from(y1 - y0)
        }
        _ => a0,
    }
}

/// One link of the chain: a rule and the first year it sets the basic part.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleSpan {
    pub from_year: i32,
    pub rule: Rule,
}

/// The scenario's pension parameters (`[pension]`).
#[derive(Clone, Debug)]
pub struct PensionParams {
    /// Growth rules of the basic part, in order of `from_year`.
    pub rules: Vec<RuleSpan>,
    pub local_top_up_yuan_per_month: f64,
    pub individual_account_yuan_per_month: f64,
    pub individual_account_growth_percent: f64,
    /// Age from which the pension is paid; elders younger have incomes but no pension.
    pub age: u8,
    pub supplement_age: u8,
    pub supplement_yuan_per_month: f64,
}

impl PensionParams {
    /// Reads `[pension]`; the chain of rules must begin by `start_year` with a
    /// schedule, list rules in order of `from_year`, and give each schedule
    /// its first year and no year after its rule ends.
    pub fn read(s: &mut Section, start_year: i32) -> Self {
        let p = PensionParams {
            rules: Vec::new(),
            local_top_up_yuan_per_month: s.num(
                "local_top_up_yuan_per_month",
                0.0..=100_000.0,
                doc(
                    "yuan per month",
                    "provincial top-up on the basic part, fixed nominal",
                    "DATA.md §7 (A: with the account part, a 2020 mean of about 130)",
                ),
            ),
            individual_account_yuan_per_month: s.num(
                "individual_account_yuan_per_month",
                0.0..=100_000.0,
                doc(
                    "yuan per month",
                    "mean individual-account part of recipients, start year; paid from their own savings, so the ledger books it as individuals' money",
                    "DATA.md §7 (A)",
                ),
            ),
            individual_account_growth_percent: s.num(
                "individual_account_growth_percent",
                0.0..=100.0,
                doc(
                    "% per year",
                    "growth of the mean individual-account part (later cohorts contributed longer)",
                    "(A)",
                ),
            ),
            age: s.int(
                "age",
                50..=80,
                doc(
                    "years",
                    "age from which the residents' basic pension is paid (at least income.elder_age, from which incomes are tracked)",
                    "(S: State Council 2014, the unified residents' scheme pays from 60)",
                ),
            ) as u8,
            supplement_age: s.int(
                "supplement_age",
                60..=110,
                doc("years", "age from which the age supplement is paid", "(A)"),
            ) as u8,
            supplement_yuan_per_month: s.num(
                "supplement_yuan_per_month",
                0.0..=100_000.0,
                doc(
                    "yuan per month",
                    "supplement for the very old, fixed nominal",
                    "lever; none in the baseline",
                ),
            ),
        };
        let links: Vec<(Section, i32, Option<Rule>)> = s
            .tables("rules")
            .into_iter()
            .map(|mut el| {
                let from_year = el.int(
                    "from_year",
                    i64::from(*YEARS.start())..=i64::from(*YEARS.end()),
                    doc(
                        "year",
                        "first year this rule sets the basic part, until the next rule's",
                        "the baseline: DATA.md §7's national schedule from 2020 to 2025 (V/S for 2023–24, A for the other years), then +10 yuan/month a year (A); a scenario's own rules are levers",
                    ),
                ) as i32;
                let rule = Rule::read(&mut el);
                (el, from_year, rule)
            })
            .collect();
        s.require(&["rules"], !links.is_empty(), || {
            "expected at least one [[pension.rules]] block, the first a schedule".into()
        });
        for k in 0..links.len() {
            // The next rule's from_year, with its path: a check that reads it
            // is skipped when it has a problem of its own (a stand-in was read).
            let next = links
                .get(k + 1)
                .filter(|l| !l.0.stands_in())
                .map(|l| (l.1, l.0.key_path("from_year")));
            let (el, from, rule) = &links[k];
            if k == 0 {
                el.require(
                    &["from_year", "run.start_year"],
                    *from <= start_year,
                    || {
                        format!(
                            "the first rule starts in {from}, after run.start_year {start_year}; \
                         expected a from_year at or before {start_year}"
                        )
                    },
                );
            } else if !links[k - 1].0.stands_in() {
                let before = links[k - 1].1;
                el.require(&["from_year"], *from > before, || {
                    format!(
                        "from_year {from} is not after the previous rule's {before}; \
                         list rules in order of from_year, one rule per year"
                    )
                });
            }
            let Some(rule) = rule else { continue };
            match rule.schedule() {
                None if k == 0 => el.require(&["rule"], false, || {
                    "the first rule must be a schedule (or a floor over one): growth rules \
                     grow last year's amount, and there is none before the first rule"
                        .into()
                }),
                None => {}
                Some((key, amounts)) => {
                    let key = el.key_path(&key);
                    let first = amounts.keys().next().copied();
                    el.require(
                        &[&key, "from_year"],
                        first.is_some_and(|y| y <= *from),
                        || {
                            format!(
                                "the schedule must give the amount for its from_year {from} \
                             (or an earlier year); it starts in {}",
                                first.map_or("no year".into(), |y| y.to_string())
                            )
                        },
                    );
                    // Read from the last year listed at or before from_year on:
                    // an earlier year is never read, held or interpolated.
                    let read_from = amounts.range(..=*from).next_back().map(|(&y, _)| y);
                    if let (Some(first), Some(read_from)) = (first, read_from) {
                        el.require(&[&key, "from_year"], first == read_from, || {
                            format!(
                                "year {first} is before {read_from}, the last year listed at or \
                                 before from_year {from}, from which the schedule is read; it \
                                 would never apply"
                            )
                        });
                    }
                    if let (Some((next, next_key)), Some(&last)) =
                        (&next, amounts.keys().next_back())
                    {
                        el.require(&[&key, next_key], last < *next, || {
                            format!(
                                "year {last} is on or after {next}, when the next rule takes over; \
                                 it would never apply"
                            )
                        });
                    }
                }
            }
        }
        let rules = links
            .into_iter()
            .filter_map(|(el, from_year, rule)| {
                el.finish();
                Some(RuleSpan {
                    from_year,
                    rule: rule?,
                })
            })
            .collect();
        PensionParams { rules, ..p }
    }
}

/// The basic part, yuan per month, in each year of `first..=last`, where
/// `first` is the first rule's `from_year`; `line(year)` is the subsistence
/// line, yuan per year.
pub fn basic_path(
    rules: &[RuleSpan],
    last: i32,
    economy: &Economy,
    line: impl Fn(i32) -> f64,
) -> Vec<f64> {
    let Some(first) = rules.first().map(|r| r.from_year) else {
        return Vec::new();
    };
    let mut out: Vec<f64> = Vec::with_capacity((last - first + 1).max(0) as usize);
    let mut k = 0;
    for year in first..=last {
        while rules.get(k + 1).is_some_and(|r| r.from_year <= year) {
            k += 1;
        }
        let amount = rules[k]
            .rule
            .amount(year, out.last().copied(), economy, line(year));
        out.push(amount);
    }
    out
}

/// A run's pensions, computed once: yuan per month by year and age.
#[derive(Clone, Debug)]
pub struct PensionPath {
    start_year: i32,
    /// Basic part + top-up + individual-account part, per year from the start year.
    monthly: Vec<f64>,
    /// Of it, the basic part, which the growth rule sets (MODEL.md §7.11).
    basic: Vec<f64>,
    /// Of it, the individual-account part: the recipients' own savings, not
    /// public money (MODEL.md §7.11).
    account: Vec<f64>,
    age: u8,
    supplement_age: u8,
    supplement: f64,
}

impl PensionPath {
    /// The path over `start_year..=end_year`; the economy must span the first rule's year.
    pub fn new(
        p: &PensionParams,
        economy: &Economy,
        line: impl Fn(i32) -> f64,
        start_year: i32,
        end_year: i32,
    ) -> Self {
        let basic = basic_path(&p.rules, end_year, economy, line);
        let skip = (start_year - p.rules.first().map_or(start_year, |r| r.from_year)) as usize;
        let account_growth = 1.0 + p.individual_account_growth_percent / 100.0;
        let account: Vec<f64> = (0..basic[skip..].len() as i32)
            .map(|t| p.individual_account_yuan_per_month * account_growth.powi(t))
            .collect();
        let monthly = basic[skip..]
            .iter()
            .zip(&account)
            .map(|(b, a)| b + p.local_top_up_yuan_per_month + a)
            .collect();
        PensionPath {
            start_year,
            monthly,
            basic: basic[skip..].to_vec(),
            account,
            age: p.age,
            supplement_age: p.supplement_age,
            supplement: p.supplement_yuan_per_month,
        }
    }

    /// The individual-account part of every recipient's pension in `year`,
    /// yuan per month (nominal): paid from the recipient's own account, so the
    /// ledger books it as the individual's money; the rest of the pension (basic
    /// part, top-up, age supplement) is public.
    pub fn individual_account(&self, year: i32) -> f64 {
        self.account[(year - self.start_year) as usize]
    }

    /// The basic part of every recipient's pension in `year`, yuan per month
    /// (nominal): what the scenario's growth rule sets.
    pub fn basic(&self, year: i32) -> f64 {
        self.basic[(year - self.start_year) as usize]
    }

    /// Whether a registered person aged `age` is paid the pension.
    pub fn pays(&self, age: u8) -> bool {
        age >= self.age
    }

    /// The pension of a person aged `age` in `year`, yuan per month: nothing
    /// below the pension age.
    pub fn monthly(&self, year: i32, age: u8) -> f64 {
        if !self.pays(age) {
            return 0.0;
        }
        let base = self.monthly[(year - self.start_year) as usize];
        if age >= self.supplement_age {
            base + self.supplement
        } else {
            base
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::economy::tests::flat;
    use crate::scenario::diag::Origin;
    use crate::scenario::reader::ReadContext;
    use crate::scenario::source::parse_text;
    use std::sync::Arc;

    fn span(from_year: i32, rule: Rule) -> RuleSpan {
        RuleSpan { from_year, rule }
    }

    fn schedule(pairs: &[(i32, f64)], interpolate: bool) -> Rule {
        Rule::Schedule {
            amounts: pairs.iter().copied().collect(),
            interpolate,
        }
    }

    fn close(got: &[f64], want: &[f64]) {
        assert_eq!(got.len(), want.len(), "{got:?} vs {want:?}");
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() < 1e-9, "{got:?} vs {want:?}");
        }
    }

    /// A constant subsistence line of 6,000 yuan a year (500 a month).
    fn line(_: i32) -> f64 {
        6000.0
    }

    #[test]
    fn stepped_and_interpolated_schedules() {
        let e = Economy::new(&flat(2.0, 5.0), 2020, 2020, 2030);
        let pts = [(2020, 100.0), (2022, 120.0), (2025, 150.0)];
        let path = |interp| basic_path(&[span(2020, schedule(&pts, interp))], 2026, &e, line);
        close(
            &path(false),
            &[100.0, 100.0, 120.0, 120.0, 120.0, 150.0, 150.0],
        );
        close(
            &path(true),
            &[100.0, 110.0, 120.0, 130.0, 140.0, 150.0, 150.0],
        );
    }

    #[test]
    fn growth_rules_grow_last_years_amount() {
        let e = Economy::new(&flat(2.0, 5.0), 2020, 2020, 2030);
        let start = span(2020, schedule(&[(2020, 100.0)], false));
        let chain = |r: Rule| basic_path(&[start.clone(), span(2021, r)], 2023, &e, line);
        close(
            &chain(Rule::FixedAmount {
                yuan_per_month: 10.0,
            }),
            &[100.0, 110.0, 120.0, 130.0],
        );
        close(
            &chain(Rule::Percent { percent: 10.0 }),
            &[100.0, 110.0, 121.0, 133.1],
        );
        close(&chain(Rule::CpiIndexed), &[100.0, 102.0, 104.04, 106.1208]);
        // Half of 5 % rural income growth: 2.5 % a year.
        close(
            &chain(Rule::IncomeIndexed { share: 0.5 }),
            &[100.0, 102.5, 105.0625, 107.6890625],
        );
    }

    #[test]
    fn cpi_indexation_follows_listed_years() {
        let mut p = flat(2.0, 5.0);
        p.cpi.by_year.insert(2021, 0.9);
        p.cpi.by_year.insert(2022, 0.0);
        let e = Economy::new(&p, 2020, 2020, 2030);
        let rules = [
            span(2020, schedule(&[(2020, 100.0)], false)),
            span(2021, Rule::CpiIndexed),
        ];
        close(
            &basic_path(&rules, 2023, &e, line),
            &[100.0, 100.9, 100.9, 102.918],
        );
    }

    #[test]
    fn the_national_schedule_then_ten_yuan_a_year() {
        // The baseline chain (DATA.md §7): stepped schedule to 2025, then +10.
        let e = Economy::new(&flat(2.0, 5.0), 2020, 2020, 2030);
        let pts = [
            (2020, 93.0),
            (2021, 98.0),
            (2022, 98.0),
            (2023, 103.0),
            (2024, 123.0),
            (2025, 143.0),
        ];
        let rules = [
            span(2020, schedule(&pts, false)),
            span(
                2026,
                Rule::FixedAmount {
                    yuan_per_month: 10.0,
                },
            ),
        ];
        close(
            &basic_path(&rules, 2028, &e, line),
            &[93.0, 98.0, 98.0, 103.0, 123.0, 143.0, 153.0, 163.0, 173.0],
        );
    }

    #[test]
    fn a_floor_lifts_the_amount_and_growth_continues_from_it() {
        let e = Economy::new(&flat(2.0, 5.0), 2020, 2020, 2030);
        // Line 6,000 a year = 500 a month; floor 30 % = 150 a month.
        let rising = |y: i32| 6000.0 * 1.05f64.powi(y - 2020);
        let rules = [
            span(2020, schedule(&[(2020, 100.0)], false)),
            span(
                2021,
                Rule::Floor {
                    share: 0.3,
                    over: Box::new(Rule::FixedAmount {
                        yuan_per_month: 40.0,
                    }),
                },
            ),
        ];
        // 2021: max(140, 157.5); 2022: max(197.5, 165.375); 2023: max(237.5, 173.64…).
        close(
            &basic_path(&rules, 2023, &e, rising),
            &[100.0, 157.5, 197.5, 237.5],
        );
        // A floor over a growth rule that lags the line: the floor binds every year.
        let rules = [
            span(2020, schedule(&[(2020, 100.0)], false)),
            span(
                2021,
                Rule::Floor {
                    share: 0.3,
                    over: Box::new(Rule::CpiIndexed),
                },
            ),
        ];
        close(
            &basic_path(&rules, 2022, &e, rising),
            &[100.0, 157.5, 165.375],
        );
        // A floor over a schedule may open a chain.
        let rules = [span(
            2020,
            Rule::Floor {
                share: 0.3,
                over: Box::new(schedule(&[(2020, 100.0), (2022, 200.0)], true)),
            },
        )];
        close(&basic_path(&rules, 2022, &e, line), &[150.0, 150.0, 200.0]);
    }

    #[test]
    fn chained_rules_switch_in_their_years() {
        let e = Economy::new(&flat(2.0, 10.0), 2020, 2020, 2030);
        let rules = [
            span(2020, schedule(&[(2020, 100.0), (2022, 120.0)], true)),
            span(2023, Rule::Percent { percent: 50.0 }),
            span(2025, Rule::IncomeIndexed { share: 1.0 }),
            span(2026, schedule(&[(2026, 50.0)], false)),
        ];
        close(
            &basic_path(&rules, 2027, &e, line),
            &[100.0, 110.0, 120.0, 180.0, 270.0, 297.0, 50.0, 50.0],
        );
    }

    #[test]
    fn pension_adds_top_up_account_and_age_supplement() {
        let e = Economy::new(&flat(2.0, 5.0), 2020, 2019, 2030);
        let p = PensionParams {
            rules: vec![
                span(2019, schedule(&[(2019, 88.0), (2020, 93.0)], false)),
                span(
                    2021,
                    Rule::FixedAmount {
                        yuan_per_month: 5.0,
                    },
                ),
            ],
            local_top_up_yuan_per_month: 15.0,
            individual_account_yuan_per_month: 20.0,
            individual_account_growth_percent: 10.0,
            age: 60,
            supplement_age: 80,
            supplement_yuan_per_month: 50.0,
        };
        let path = PensionPath::new(&p, &e, line, 2020, 2022);
        assert!((path.monthly(2020, 60) - 128.0).abs() < 1e-9);
        // Below the pension age, nothing.
        assert!(!path.pays(59) && path.pays(60));
        assert_eq!(path.monthly(2022, 59), 0.0);
        assert!((path.monthly(2021, 79) - (98.0 + 15.0 + 22.0)).abs() < 1e-9);
        assert!((path.monthly(2022, 85) - (103.0 + 15.0 + 24.2 + 50.0)).abs() < 1e-9);
        // Of it, the individual-account part, the recipient's own money.
        assert!((path.individual_account(2020) - 20.0).abs() < 1e-9);
        assert!((path.individual_account(2022) - 24.2).abs() < 1e-9);
    }

    fn read(text: &str) -> (PensionParams, Vec<String>) {
        let head = "local_top_up_yuan_per_month = 15\nindividual_account_yuan_per_month = 22\n\
                    individual_account_growth_percent = 3\nage = 60\nsupplement_age = 80\n\
                    supplement_yuan_per_month = 0\n";
        let text = format!("[pension]\n{head}{text}");
        let t = parse_text(Arc::from("p.toml"), &text).unwrap();
        let ctx = ReadContext::default();
        let mut root = Section::root(
            &ctx,
            &t,
            Origin::File {
                file: Arc::from("p.toml"),
                line: 1,
                col: 1,
            },
        );
        let mut s = root.section("pension");
        let p = PensionParams::read(&mut s, 2020);
        s.finish();
        root.finish();
        let errs = ctx.diags.into_vec().iter().map(|d| d.to_string()).collect();
        (p, errs)
    }

    #[test]
    fn reads_a_chain_with_a_floor() {
        let (p, errs) = read(
            "[[pension.rules]]\nfrom_year = 2020\nrule = \"schedule\"\ninterpolate = false\n\
             amounts = { \"2020\" = 93, \"2025\" = 143 }\n\
             [[pension.rules]]\nfrom_year = 2026\nrule = \"floor\"\nshare = 0.3\n\
             over = { rule = \"income_indexed\", share = 1.0 }\n",
        );
        assert!(errs.is_empty(), "{errs:#?}");
        assert_eq!(p.rules.len(), 2);
        assert_eq!(
            p.rules[1],
            span(
                2026,
                Rule::Floor {
                    share: 0.3,
                    over: Box::new(Rule::IncomeIndexed { share: 1.0 })
                }
            )
        );
    }

    #[test]
    fn bad_chains_are_reported_with_their_paths() {
        let (_, errs) = read(
            "[[pension.rules]]\nfrom_year = 2021\nrule = \"percent\"\npercent = 3\n\
             [[pension.rules]]\nfrom_year = 2021\nrule = \"indexed\"\n\
             [[pension.rules]]\nfrom_year = 2030\nrule = \"fixed_amount\"\npercent = 2\n\
             [[pension.rules]]\nfrom_year = 2040\nrule = \"schedule\"\ninterpolate = true\n\
             amounts = { \"2041\" = 1, \"20x5\" = 2 }\n\
             [[pension.rules]]\nfrom_year = 2045\nrule = \"floor\"\nshare = 0.5\n\
             over = { rule = \"cpi_indexed\", from_year = 2045 }\n",
        );
        let want = [
            "p.toml:9:1: pension.rules[0].from_year: the first rule starts in 2021, after run.start_year 2020",
            "pension.rules[0].rule: the first rule must be a schedule",
            "p.toml:14:1: pension.rules[1].rule: \"indexed\" is not allowed; expected one of \"schedule\", \"fixed_amount\", \"percent\", \"cpi_indexed\", \"income_indexed\", \"floor\"",
            "pension.rules[1].from_year: from_year 2021 is not after the previous rule's 2021",
            "p.toml:15:1: pension.rules[2].yuan_per_month: missing key; expected a number in [0, 10000] (yuan per month, per year)",
            "pension.rules[2].percent: unknown key; keys that exist here: from_year, rule, yuan_per_month",
            // Not also "must give the amount for its from_year 2040": a year
            // of the schedule is malformed, so its years are not all known.
            "pension.rules[3].amounts.\"20x5\": \"20x5\" is not a year",
            "pension.rules[4].over.from_year: unknown key; keys that exist here: rule",
        ];
        for w in want {
            assert!(errs.iter().any(|e| e.contains(w)), "{w}\nnot in {errs:#?}");
        }
        assert_eq!(errs.len(), want.len(), "{errs:#?}");
        let (_, errs) = read(
            "[[pension.rules]]\nfrom_year = 2020\nrule = \"schedule\"\ninterpolate = true\n\
             amounts = { \"2020\" = 93, \"2026\" = 150 }\n\
             [[pension.rules]]\nfrom_year = 2026\nrule = \"cpi_indexed\"\n",
        );
        assert_eq!(errs.len(), 1, "{errs:#?}");
        assert!(errs[0].contains("pension.rules[0].amounts: year 2026 is on or after 2026"));
        // Years before the one the schedule is read from, held or interpolated alike.
        for interpolate in [false, true] {
            let (_, errs) = read(&format!(
                "[[pension.rules]]\nfrom_year = 2020\nrule = \"schedule\"\n\
                 interpolate = {interpolate}\namounts = {{ \"2010\" = 55, \"2015\" = 70, \"2025\" = 143 }}\n",
            ));
            assert_eq!(
                errs,
                [
                    "p.toml:12:1: pension.rules[0].amounts: year 2010 is before 2015, the last year \
                     listed at or before from_year 2020, from which the schedule is read; it would \
                     never apply"
                ],
                "{interpolate}"
            );
        }
        let (_, errs) = read(
            "[[pension.rules]]\nfrom_year = 2020\nrule = \"floor\"\nshare = 0.2\n\
             over = { rule = \"schedule\", interpolate = false, amounts = { \"2021\" = 9 } }\n",
        );
        assert_eq!(errs.len(), 1, "{errs:#?}");
        assert!(errs[0].contains("pension.rules[0].over.amounts: the schedule must give"));
        // A malformed year under a floor: its years are not all known, so no
        // second problem about the year the schedule starts in.
        let (_, errs) = read(
            "[[pension.rules]]\nfrom_year = 2020\nrule = \"floor\"\nshare = 0.2\n\
             over = { rule = \"schedule\", interpolate = false, amounts = { \"20x0\" = 93 } }\n",
        );
        assert_eq!(errs.len(), 1, "{errs:#?}");
        assert!(
            errs[0].contains("pension.rules[0].over.amounts.\"20x0\": \"20x0\" is not a year"),
            "{errs:#?}"
        );
        let (_, errs) = read("rules = []\n");
        assert!(
            errs[0].contains("pension.rules: expected at least one"),
            "{errs:#?}"
        );
    }

    #[test]
    fn unknown_keys_are_reported_when_the_rule_is_missing_or_unknown() {
        let (_, errs) = read(
            "[[pension.rules]]\nfrom_year = 2020\nrul = \"schedule\"\ninterpolate = false\n\
             amounts = { \"2020\" = 93 }\n",
        );
        let want = [
            "p.toml:8:1: pension.rules[0].rule: missing key; expected one of \"schedule\"",
            "p.toml:10:1: pension.rules[0].rul: unknown key; keys that exist here: amounts, \
             from_year, interpolate, over, percent, rule, share, yuan_per_month",
        ];
        for w in want {
            assert!(errs.iter().any(|e| e.contains(w)), "{w}\nnot in {errs:#?}");
        }
        assert_eq!(errs.len(), want.len(), "{errs:#?}");
        let (_, errs) = read(
            "[[pension.rules]]\nfrom_year = 2020\nrule = \"floor\"\nshare = 0.2\n\
             over = { rule = \"nope\", typo = 1 }\n",
        );
        let want = [
            "pension.rules[0].over.rule: \"nope\" is not allowed",
            "pension.rules[0].over.typo: unknown key; keys that exist here: amounts, \
             interpolate, over, percent, rule, share, yuan_per_month",
        ];
        for w in want {
            assert!(errs.iter().any(|e| e.contains(w)), "{w}\nnot in {errs:#?}");
        }
        assert_eq!(errs.len(), want.len(), "{errs:#?}");
    }

    #[test]
    fn the_keys_accepted_beside_an_unknown_rule_are_those_the_rules_read() {
        let blocks: String = RULES
            .iter()
            .enumerate()
            .map(|(k, r)| {
                format!(
                    "[[pension.rules]]\nfrom_year = {}\nrule = \"{r}\"\n",
                    2020 + k
                )
            })
            .collect();
        let t = parse_text(Arc::from("p.toml"), &format!("[pension]\n{blocks}")).unwrap();
        let ctx = ReadContext::default();
        let origin = Origin::File {
            file: Arc::from("p.toml"),
            line: 1,
            col: 1,
        };
        PensionParams::read(
            &mut Section::root(&ctx, &t, origin).section("pension"),
            2020,
        );
        let mut read: Vec<String> = ctx
            .docs
            .borrow()
            .iter()
            .filter_map(|d| {
                let key = d.path.split_once("].")?.1;
                Some(key.split('.').next()?.to_string())
            })
            .filter(|k| k != "from_year" && k != "rule")
            .collect();
        read.sort_unstable();
        read.dedup();
        let mut accepted = RULE_KEYS.to_vec();
        accepted.sort_unstable();
        assert_eq!(read, accepted);
    }
}
