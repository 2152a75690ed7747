//! Mortality (MODEL.md §7.1): Gompertz–Makeham hazard to a switch age,
//! Kannisto (logistic) above it, an infant death probability at age 0, a
//! multiplier by health state, and a trend in life expectancy.
//!
//! The scenario states life expectancy at birth; the Gompertz level is solved
//! for it, so the schedule's period life expectancy is the stated one. The
//! health multipliers scale a common hazard at each age and sex, set so that
//! persons in the health states of each sex's stationary shares (see
//! `health::ByAge`) die with the schedule's probability.

use std::ops::RangeInclusive;

use crate::bands::{AGES, MAX_AGE};
use crate::health::Prevalence;
use crate::population::people::{Health, People, Sex, Status};

use crate::population::village::Village;
use crate::rng::{KeyedDraws, Process, threshold};
use crate::scenario::RunParams;
use crate::scenario::reader::{Section, doc, fmt_range, fmt_sum};
use crate::sim::YearCtx;

#[derive(Clone, Debug, PartialEq)]
pub struct MortalityParams {
    /// Period life expectancy at birth in the start year, [male, female].
    pub e0: [f64; 2],
    pub e0_gain_per_year: f64,
    pub gompertz_slope: f64,
    pub makeham: f64,
    pub kannisto_from_age: f64,
    pub infant_death_probability: f64,
    /// Hazard multiplier by health state (Healthy, Frail, Disabled, Severe).
    pub health_multiplier: [f64; 4],
}

/// Life expectancies at birth a scenario may state or trend to, years.
const E0_RANGE: RangeInclusive<f64> = 40.0..=95.0;

impl MortalityParams {
    pub fn read(s: &mut Section) -> Self {
        let e0m = s.num(
            "e0_male",
            E0_RANGE,
            doc(
                "years",
                "period life expectancy at birth, rural men, start year",
                "DATA.md §3 (A)",
            ),
        );
        let e0f = s.num(
            "e0_female",
            E0_RANGE,
            doc(
                "years",
                "period life expectancy at birth, rural women, start year",
                "DATA.md §3 (A)",
            ),
        );
        let gain = s.num(
            "e0_gain_per_year",
            -1.0..=1.0,
            doc(
                "years per year",
                "change in life expectancy per calendar year",
                "DATA.md §3 (A)",
            ),
        );
        let slope = s.num(
            "gompertz_slope",
            0.02..=0.2,
            doc(
                "per year of age",
                "Gompertz rate of ageing b in μ(x) = c + a·exp(b·x)",
                "(A: usual 0.08–0.11 for adult mortality)",
            ),
        );
        let makeham = s.num(
            "makeham",
            0.0..=0.01,
            doc("per year", "age-independent Makeham hazard c", "(A)"),
        );
        let kannisto = s.num(
            "kannisto_from_age",
            50.0..=100.0,
            doc(
                "years",
                "age from which the hazard follows Kannisto's logistic form",
                "DATA.md §3 (V: Zeng & Vaupel 2003)",
            ),
        );
        let infant = s.prob(
            "infant_death_probability",
            doc(
                "probability",
                "death probability in the first year of life",
                "China Health Statistics Yearbook 2021, rural IMR 2020 6.2‰ (S)",
            ),
        );
        let mut m = s.section("health_multiplier");
        let d = |what| {
            doc(
                "× hazard",
                what,
                "(A: MODEL.md §7.1; DATA.md has no mortality by health state)",
            )
        };
        let frail = m.num(
            "frail",
            1.0..=10.0,
            d("hazard multiplier for Frail persons"),
        );
        let disabled = m.num(
            "disabled",
            1.0..=10.0,
            d("hazard multiplier for Disabled persons"),
        );
        let severe = m.num(
            "severe",
            1.0..=10.0,
            d("hazard multiplier for Severe persons (MODEL.md: about 3–5×)"),
        );
        m.finish();
        MortalityParams {
            e0: [e0m, e0f],
            e0_gain_per_year: gain,
            gompertz_slope: slope,
            makeham,
            kannisto_from_age: kannisto,
            infant_death_probability: infant,
            health_multiplier: [1.0, frail, disabled, severe],
        }
    }

    /// Checks each sex's life expectancy in the run's last year, trend
    /// applied, against the start year's range ([`E0_RANGE`]): the trend is
    /// linear, so the years between lie in it too.
    pub fn check_years(&self, s: &Section, run: &RunParams) {
        let years = run.end_year - run.start_year;
        let (mut keys, mut reached) = (Vec::new(), Vec::new());
        for (key, e0) in ["e0_male", "e0_female"].into_iter().zip(self.e0) {
            let end = e0 + self.e0_gain_per_year * f64::from(years);
            if years >= 1 && !E0_RANGE.contains(&end) {
                keys.push(key);
                reached.push(format!(
                    "{key} {e0} + e0_gain_per_year {} × {years} years gives {}",
                    self.e0_gain_per_year,
                    fmt_sum(end)
                ));
            }
        }
        keys.extend(["e0_gain_per_year", "run.end_year", "run.start_year"]);
        s.require(&keys, reached.is_empty(), || {
            format!(
                "{} in {}; expected a life expectancy in {} (years) in every simulated year (a \
                 smaller gain or an earlier run.end_year)",
                reached.join(", and "),
                run.end_year,
                fmt_range(&E0_RANGE)
            )
        });
    }

    /// The parts of the hazard that do not depend on the Gompertz level,
    /// worked out once for the many schedules of a bisection.
    fn curve(&self) -> Curve {
        let (b, k) = (self.gompertz_slope, self.kannisto_from_age);
        Curve {
            mid: std::array::from_fn(|x| (b * (x as f64 + 0.5)).exp()),
            switch: (b * k).exp(),
            switch_inv: (-b * k).exp(),
        }
    }

    /// Hazard at exact age `x` for Gompertz level `a`, given `growth` = e^{bx}.
    fn hazard(&self, c: &Curve, a: f64, x: f64, growth: f64) -> f64 {
        if x < self.kannisto_from_age {
            self.makeham + a * growth
        } else {
            // Kannisto μ = c + A e^{bx} / (1 + A e^{bx}), continuous with Gompertz at k.
            let g = (a * c.switch).min(0.999);
            let big_a = g / (1.0 - g) * c.switch_inv;
            let e = big_a * growth;
            self.makeham + e / (1.0 + e)
        }
    }

    /// Annual death probabilities by single age for Gompertz level `a`.
    fn probabilities(&self, c: &Curve, a: f64) -> [f64; AGES] {
        let mut q = [0.0; AGES];
        q[0] = self.infant_death_probability;
        for (x, qx) in q.iter_mut().enumerate().skip(1) {
            *qx = 1.0 - (-self.hazard(c, a, x as f64 + 0.5, c.mid[x])).exp();
        }
        q[MAX_AGE] = 1.0;
        q
    }

    /// The life expectancies at birth a schedule can have with these
    /// parameters, (lowest, highest): those of the Gompertz levels at the
    /// ends of the solver's search. The Makeham hazard, the infant death
    /// probability and the oldest age bound the highest.
    pub fn attainable(&self) -> (f64, f64) {
        let c = &self.curve();
        let e = |log_a: f64| life_expectancy(&self.probabilities(c, log_a.exp()));
        (e(LOG_LEVEL.1), e(LOG_LEVEL.0))
    }

    /// The first year of `start_year..=end_year` whose life expectancy (start-year
    /// value plus the yearly gain) no schedule reaches, else `None`: the
    /// solver would stop at the nearest attainable one. Scenarios are refused
    /// on reading when there is one.
    pub fn unreachable(&self, start_year: i32, end_year: i32) -> Option<Unreachable> {
        let (lowest, highest) = self.attainable();
        (0..=(end_year - start_year).max(0)).find_map(|y| {
            (0..2).find_map(|sex| {
                let target = self.e0[sex] + self.e0_gain_per_year * f64::from(y);
                (!(lowest..=highest).contains(&target)).then_some(Unreachable {
                    year: start_year + y,
                    sex: if sex == 0 { Sex::Male } else { Sex::Female },
                    target,
                    attainable: (lowest, highest),
                })
            })
        })
    }

    /// The Gompertz level whose schedule has life expectancy `e0` (bisection in log a).
    fn solve_level(&self, c: &Curve, e0: f64) -> f64 {
        let (mut lo, mut hi) = LOG_LEVEL;
        for _ in 0..100 {
            let mid = 0.5 * (lo + hi);
            // Once the bounds are neighbouring floats, mid is one of them and
            // every later step would change nothing: stop after this one.
            let last = mid == lo || mid == hi;
            if life_expectancy(&self.probabilities(c, mid.exp())) > e0 {
                lo = mid;
            } else {
                hi = mid;
            }
            if last {
                break;
            }
        }
        (0.5 * (lo + hi)).exp()
    }

    /// The calibrated schedules of the years `start_year..=end_year`: each
    /// year's life expectancy by sex (start-year value plus the yearly gain),
    /// solved for once and shared by every table built from them.
    pub fn schedules(&self, start_year: i32, end_year: i32) -> Schedules {
        let years = (end_year - start_year + 1).max(1) as usize;
        let c = &self.curve();
        Schedules {
            start_year,
            q: (0..years)
                .flat_map(|y| {
                    (0..2).map(move |sex| {
                        let e0 = self.e0[sex] + self.e0_gain_per_year * y as f64;
                        self.probabilities(c, self.solve_level(c, e0))
                    })
                })
                .collect(),
        }
    }
}

/// The range of the Gompertz level's logarithm, ln a, that the solver searches.
const LOG_LEVEL: (f64, f64) = (-25.0, 0.0);

/// A life expectancy target that no schedule reaches: see [`MortalityParams::unreachable`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Unreachable {
    pub year: i32,
    pub sex: Sex,
    /// The year's life expectancy at birth: start-year value plus the gain.
    pub target: f64,
    /// (lowest, highest) attainable.
    pub attainable: (f64, f64),
}

/// e^{bx} at the middle of each age and e^{±bk} at the Kannisto switch age.
struct Curve {
    mid: [f64; AGES],
    switch: f64,
    switch_inv: f64,
}

/// Average annual death probabilities by year, sex and single age (index
/// `(year - start_year) * 2 + sex`), from [`MortalityParams::schedules`].
pub struct Schedules {
    start_year: i32,
    q: Vec<[f64; AGES]>,
}

/// Period life expectancy at birth of annual death probabilities `q` (q[MAX_AGE] = 1).
/// Deaths fall mid-year, except in the first year (a0 = 0.15).
pub fn life_expectancy(q: &[f64]) -> f64 {
    let mut alive = 1.0;
    let mut years = 0.0;
    for (x, &qx) in q.iter().enumerate() {
        let d = alive * qx;
        let a = if x == 0 { 0.15 } else { 0.5 };
        years += alive - d * (1.0 - a);
        alive -= d;
    }
    years
}

/// The death probabilities of the year by completed age at its start, from
/// the schedule `q` of exact ages (q[x]: from x to x + 1). A person of
/// completed age x at the start of a year is x + ½ on average and lives
/// from x + ½ to x + 1½ in it: half of each of q[x] and q[x + 1]. Newborns
/// face no risk in their birth year (they are born after the year's deaths),
/// so age 0 takes the whole of q[0] and half of q[1]: a cohort's survival to
/// each start of year is the schedule's at its mean exact age then.
pub fn lived_in_year(q: &[f64; AGES]) -> [f64; AGES] {
    std::array::from_fn(|x| {
        if x == MAX_AGE {
            return 1.0;
        }
        if x + 1 == MAX_AGE {
            // The schedule closes at MAX_AGE; the last open year keeps its own rate.
            return q[x];
        }
        let first = if x == 0 {
            1.0 - q[0]
        } else {
            (1.0 - q[x]).sqrt()
        };
        1.0 - first * (1.0 - q[x + 1]).sqrt()
    })
}

/// Life expectancy at birth of a cohort dying with the probabilities `q`
/// of each year by completed age at its start, as the simulation applies
/// them ([`lived_in_year`]): born mid-year, no risk in the birth year,
/// deaths mid-year after.
pub fn lived_life_expectancy(q: &[f64]) -> f64 {
    let mut alive = 1.0;
    let mut years = 0.5;
    for &qx in q {
        years += alive * (1.0 - qx / 2.0);
        alive *= 1.0 - qx;
    }
    years
}

/// The hazard `c` at which persons of an age, in health states of `shares`,
/// each dying with probability 1 − exp(−c·`multiplier`), die with probability
/// `q` together: the schedule's deaths at that age. (Weighting the hazard
/// instead, c = −ln(1 − q) ÷ Σ share·multiplier, gives fewer deaths where
/// hazards are high, the oldest ages, since the probability is concave in it.)
/// Newton's steps from that hazard, which is too low, rise to the root.
fn hazard_level(q: f64, shares: &[f64; 4], multiplier: &[f64; 4]) -> f64 {
    let mean: f64 = shares.iter().zip(multiplier).map(|(s, m)| s * m).sum();
    if q <= 0.0 || mean <= 0.0 {
        return 0.0;
    }
    // Deaths at hazard c and their slope; at most every share with a positive multiplier dies.
    let deaths = |c: f64| -> (f64, f64) {
        shares
            .iter()
            .zip(multiplier)
            .fold((0.0, 0.0), |(d, slope), (s, m)| {
                let survive = (-c * m).exp();
                (d + s * (1.0 - survive), slope + s * m * survive)
            })
    };
    let reachable = shares
        .iter()
        .zip(multiplier)
        .filter(|(_, m)| **m > 0.0)
        .map(|(s, _)| s)
        .sum::<f64>();
    let q = q.min(reachable * (1.0 - 1e-12));
    let mut c = -(1.0 - q).max(1e-300).ln() / mean;
    for _ in 0..100 {
        let (d, slope) = deaths(c);
        if slope <= 0.0 || q - d <= 1e-15 {
            break;
        }
        c += (q - d) / slope;
    }
    c
}

/// Death thresholds per (year, sex, age, health), built once per run.
pub struct MortalityTable {
    start_year: i32,
    /// Index: ((year - start) * 2 + sex) * AGES + age → thresholds by health.
    t: Vec<[u64; 4]>,
    /// The schedule's own threshold (all health states together), same index.
    schedule: Vec<u64>,
}

impl MortalityTable {
    /// From the calibrated `schedules`; `prevalence[sex][h][age]`: share of
    /// each health state at each age, persons in which die together with the
    /// schedule's probability ([`hazard_level`]); `dependent_multiplier` scales
    /// Disabled and Severe hazards beyond that (medical-care integration; 1 elsewhere).
    pub fn new(
        p: &MortalityParams,
        schedules: &Schedules,
        prevalence: &[Prevalence; 2],
        dependent_multiplier: f64,
    ) -> Self {
        let mut t = Vec::with_capacity(schedules.q.len() * AGES);
        let mut schedule = Vec::with_capacity(schedules.q.len() * AGES);
        // Schedules come by year, then sex.
        for (q, prevalence) in schedules.q.iter().zip(prevalence.iter().cycle()) {
            for (age, qa) in lived_in_year(q).into_iter().enumerate() {
                schedule.push(threshold(qa));
                let shares: [f64; 4] = std::array::from_fn(|h| prevalence[h][age]);
                let level = hazard_level(qa, &shares, &p.health_multiplier);
                let mut th = [0u64; 4];
                for (h, slot) in th.iter_mut().enumerate() {
                    let scale = if h >= Health::Disabled as usize {
                        dependent_multiplier
                    } else {
                        1.0
                    };
                    let qh = 1.0 - (-level * p.health_multiplier[h] * scale).exp();
                    *slot = threshold(if age == MAX_AGE { 1.0 } else { qh });
                }
                t.push(th);
            }
        }
        MortalityTable {
            start_year: schedules.start_year,
            t,
            schedule,
        }
    }

    fn year_index(&self, year: i32) -> usize {
        let y = (year - self.start_year).max(0) as usize;
        y.min(self.t.len() / (2 * AGES) - 1)
    }

    fn index(&self, year: i32, sex: Sex, age: usize) -> usize {
        (self.year_index(year) * 2 + sex as usize) * AGES + age.min(MAX_AGE)
    }

    /// The year's thresholds, indexed by `sex * AGES + age`, then health.
    pub fn year(&self, year: i32) -> &[[u64; 4]] {
        let y = self.year_index(year);
        &self.t[y * 2 * AGES..(y + 1) * 2 * AGES]
    }

    /// The year's schedule thresholds (whatever the health), indexed by `sex * AGES + age`.
    pub fn schedule_year(&self, year: i32) -> &[u64] {
        let y = self.year_index(year);
        &self.schedule[y * 2 * AGES..(y + 1) * 2 * AGES]
    }

    #[inline]
    pub fn threshold(&self, year: i32, sex: Sex, age: usize, h: Health) -> u64 {
        self.t[self.index(year, sex, age)][h as usize]
    }
}

/// Step: each registered person dies with the probability of their age, sex
/// and health (medical-care integration lowers it for residents only).
/// Children settled elsewhere (a count on each parent) die at the schedule's
/// rate (their health is not followed) of the parent's age less the mean age
/// at childbearing.
pub fn step(v: &mut Village, ctx: &YearCtx) {
    let draws = v.key_draws(ctx, Process::Mortality);
    let table = ctx.model.mortality[usize::from(v.integrated)].year(ctx.year);
    // Away persons live elsewhere: the township's medical-care integration does not reach them.
    let elsewhere_table = ctx.model.mortality[0].year(ctx.year);
    let settled = ctx.model.mortality[0].schedule_year(ctx.year);
    let gap = ctx.model.mean_age_at_birth;
    // The child's sex is unknown: the average of both sexes' rates, by the parent's age.
    let elsewhere_th: [u64; AGES] = std::array::from_fn(|age| {
        let child_age = age.saturating_sub(gap);
        settled[child_age] / 2 + settled[AGES + child_age] / 2
    });
    let p = &mut v.people;
    let dying = &mut v.scratch.a;
    dying.clear();
    // Only an integrated village's residents and Away persons die at different rates.
    let deaths_resident = if v.integrated {
        draw::<true>(draws, [table, elsewhere_table], &elsewhere_th, p, dying)
    } else {
        draw::<false>(draws, [table, table], &elsewhere_th, p, dying)
    };
    let mut lapsed = 0.0f32;
    for &i in dying.iter() {
        lapsed += p.die(i as usize);
    }
    v.tally.time_bank_forfeited_hours += f64::from(lapsed);
    let deaths = dying.len() as u32;
    v.tally.deaths += f64::from(deaths);
    v.tally.deaths_resident += f64::from(deaths_resident);
}

/// The pass of [`step`]: lists the rows that die in `dying`, thins the counts
/// of children elsewhere (the person's next draws, one a child), and returns
/// the residents among the dead. `tables`:
/// the year's thresholds of residents and of Away persons, told apart only when
/// `SPLIT` (else the first serves all, and the pass has no branch for it).
fn draw<const SPLIT: bool>(
    draws: KeyedDraws,
    tables: [&[[u64; 4]]; 2],
    elsewhere_th: &[u64; AGES],
    p: &mut People,
    dying: &mut Vec<u32>,
) -> u32 {
    let mut deaths_resident = 0u32;
    // Column slices held in registers; the deaths are applied after the pass
    // (a death changes no column that the pass reads for another row).
    let (status, sex, age, health) = (&p.status[..], &p.sex[..], &p.age[..], &p.health[..]);
    let serial = &p.serial[..];
    let elsewhere = &mut p.children_elsewhere[..];
    for i in 0..status.len() {
        let st = status[i];
        // Rows are sorted by status: these branches predict well.
        if !st.registered() {
            continue;
        }
        let a = usize::from(age[i]);
        let t = if SPLIT && st != Status::Resident {
            tables[1]
        } else {
            tables[0]
        };
        let x = draws.of(serial[i]);
        if x < t[sex[i] as usize * AGES + a][health[i] as usize] {
            dying.push(i as u32);
            deaths_resident += u32::from(st == Status::Resident);
            continue;
        }
        let k = elsewhere[i];
        if k > 0 {
            let th = elsewhere_th[a];
            let mut y = x;
            let mut died = 0;
            for _ in 0..k {
                y = KeyedDraws::next(y);
                died += u8::from(y < th);
            }
            elsewhere[i] -= died;
        }
    }
    deaths_resident
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn params() -> MortalityParams {
        MortalityParams {
            e0: [73.5, 79.0],
            e0_gain_per_year: 0.2,
            gompertz_slope: 0.095,
            makeham: 0.0004,
            kannisto_from_age: 80.0,
            infant_death_probability: 0.0062,
            health_multiplier: [1.0, 1.5, 2.5, 4.0],
        }
    }

    #[test]
    fn solved_schedule_has_the_stated_life_expectancy() {
        let p = params();
        for e0 in [73.5, 79.0, 65.0, 85.0] {
            let c = p.curve();
            let q = p.probabilities(&c, p.solve_level(&c, e0));
            assert!((life_expectancy(&q) - e0).abs() < 0.01, "{e0}");
            assert!(q.iter().all(|&x| (0.0..=1.0).contains(&x)));
        }
    }

    #[test]
    fn hazard_is_continuous_at_the_kannisto_switch_and_rises_with_age() {
        let p = params();
        let (c, b) = (p.curve(), p.gompertz_slope);
        let a = p.solve_level(&c, 73.5);
        let below = p.hazard(&c, a, 79.999, (b * 79.999).exp());
        let above = p.hazard(&c, a, 80.0, (b * 80.0).exp());
        assert!((below - above).abs() / below < 0.01);
        let q = p.probabilities(&c, a);
        assert!(q[30..].windows(2).all(|w| w[1] >= w[0]));
    }

    #[test]
    fn a_cohort_lives_the_schedule_at_its_mean_exact_age() {
        let p = params();
        let c = p.curve();
        let q = p.probabilities(&c, p.solve_level(&c, 73.5));
        let lived = lived_in_year(&q);
        // Survival to exact age x + 1: the schedule's l(x + 1).
        let l: Vec<f64> = std::iter::once(1.0)
            .chain(q.iter().scan(1.0, |l, &qx| {
                *l *= 1.0 - qx;
                Some(*l)
            }))
            .collect();
        let mut alive = 1.0;
        for x in 0..100 {
            alive *= 1.0 - lived[x];
            // The start of the year after completed age x: exact age x + 1½,
            // between l(x + 1) and l(x + 2), geometrically.
            let want = (l[x + 1] * l[x + 2]).sqrt();
            assert!(
                (alive / want - 1.0).abs() < 1e-9,
                "age {x}: {alive} against {want}"
            );
        }
        assert!((lived_life_expectancy(&lived) - 73.5).abs() < 0.3);
        // Read at completed age as if exact, the schedule gives about half a year more.
        assert!(lived_life_expectancy(&q) > 73.5 + 0.4);
    }

    #[test]
    fn health_weighted_table_keeps_life_expectancy_within_0_3_years() {
        let p = params();
        let prev: [[f64; AGES]; 4] = std::array::from_fn(|h| {
            std::array::from_fn(|age| {
                let listed = if age >= 80 {
                    [0.25, 0.15, 0.12]
                } else if age >= 60 {
                    [0.15, 0.05, 0.02]
                } else {
                    [0.0; 3]
                };
                if h == 0 {
                    1.0 - listed.iter().sum::<f64>()
                } else {
                    listed[h - 1]
                }
            })
        });
        let table = MortalityTable::new(&p, &p.schedules(2020, 2050), &[prev, prev], 1.0);
        for (sex, e0) in [(Sex::Male, 73.5), (Sex::Female, 79.0)] {
            for (year, gain) in [(2020, 0.0), (2050, 6.0)] {
                let q: Vec<f64> = (0..AGES)
                    .map(|age| {
                        (0..4)
                            .map(|h| {
                                prev[h][age]
                                    * table.threshold(year, sex, age, Health::ALL[h]) as f64
                                    / 2f64.powi(64)
                            })
                            .sum()
                    })
                    .collect();
                let e = lived_life_expectancy(&q);
                assert!((e - (e0 + gain)).abs() < 0.3, "{sex:?} {year}: {e}");
            }
        }
        let s = table.threshold(2020, Sex::Male, 75, Health::Severe);
        let h = table.threshold(2020, Sex::Male, 75, Health::Healthy);
        assert!(s as f64 > 3.0 * h as f64);
        // Children settled elsewhere die at the schedule's rate: the health
        // states' mix, above the healthy rate wherever anyone is not healthy.
        for year in [2020, 2050] {
            let (schedule, by_health) = (table.schedule_year(year), table.year(year));
            for age in [30, 70, 90] {
                let mix: f64 = (0..4)
                    .map(|h| prev[h][age] * by_health[age][h] as f64)
                    .sum();
                let own = schedule[age] as f64;
                assert!((mix - own).abs() < 1e-6 * own, "{year} {age}: {mix} {own}");
                assert!(age < 60 || schedule[age] > by_health[age][0]);
            }
        }
    }
}
