//! Health (MODEL.md §2, §7.2): four states — Healthy, Frail (IADL limits),
//! Disabled (1–2 ADL limits), Severe (3+ ADL limits) — and their annual
//! Markov transitions.
//!
//! Each year a person may move one step: Healthy → Frail, Frail → Disabled,
//! Disabled → Severe with probabilities logistic in age, or recover one step
//! (Frail → Healthy, Disabled → Frail) at constant rates. Multipliers modify
//! the rates of some persons: rehabilitation received last year in a facility
//! or day-care place (see [`crate::services`]) raises both recoveries and slows
//! both ADL progressions, in proportion to the dose up to a full dose; fall
//! prevention in renovated homes slows Frail → Disabled; medical-care
//! integration slows Disabled → Severe (see `integration`). [`fit`] derives the
//! progression curves from a prevalence table and a mortality schedule (see its doc).

use crate::bands::{self, AGES, AgeBands, MAX_AGE};
use crate::demography::mortality::{MortalityParams, MortalityTable, Schedules};
use crate::population::people::{Health, Sex, Status};
use crate::population::village::Village;
use crate::rng::{Process, threshold};
use crate::scenario::reader::{Section, doc, fmt_sum};
use crate::sim::YearCtx;

/// Logistic curve in age, its logit bending above 70: p(x) = 1 / (1 +
/// exp(-(intercept + slope·(x − 70) + curvature·max(0, x − 70)²))). The
/// curvature lets disability rise faster in old age than a straight logit
/// allows, without changing the curve's course below 70.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Logistic {
    pub intercept: f64,
    pub slope: f64,
    pub curvature: f64,
}

/// Valid ranges of a curve's intercept (logit), slope (logit per year of
/// age) and curvature (logit per year of age squared, above 70): the
/// scenario's and the fit's.
const INTERCEPT: std::ops::RangeInclusive<f64> = -30.0..=30.0;
const SLOPE: std::ops::RangeInclusive<f64> = -1.0..=1.0;
const CURVATURE: std::ops::RangeInclusive<f64> = -0.01..=0.01;

/// Centre age of the logistic curves.
pub const CENTRE_AGE: f64 = 70.0;

/// Shares of Healthy, Frail, Disabled, Severe (`[state][age]`) at each single age.
pub type Prevalence = [[f64; AGES]; 4];

/// The shares of each health state by sex and single age of
/// [`HealthParams::by_age`]. The transitions under the year's mortality have
/// a stationary cohort of each sex, starting Healthy at `from_age`, whose
/// deaths at each age are the schedule's (mortality weighs its health
/// multipliers by the cohort's own shares at each age, and the shares follow
/// from those deaths: the two are repeated until they agree).
pub struct ByAge {
    /// The start population's: the prevalence table's band values, each
    /// spread over its band's ages as the sex's cohort has the state (its
    /// mean over the start population's ages stays the table's). The flat
    /// table would put as many Severe at 80 as at 100.
    pub start: [Prevalence; 2],
    /// Mortality's weights: the cohorts' own shares. The table's flat shares
    /// weighed mortality right only near a band's mean age (with one band of
    /// 80+, too few deaths at 80–87 and too many above 90), and shares of both
    /// sexes together right for neither (men's Severe die sooner and are
    /// fewer at the oldest ages).
    pub weights: [Prevalence; 2],
}

impl Logistic {
    pub fn at(&self, age: f64) -> f64 {
        let x = age - CENTRE_AGE;
        let bend = self.curvature * x.max(0.0) * x.max(0.0);
        1.0 / (1.0 + (-(self.intercept + self.slope * x + bend)).exp())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct HealthParams {
    /// Start-year prevalence by age of Frail, Disabled, Severe (shares of persons).
    pub prevalence: [AgeBands; 3],
    /// Progressions Healthy→Frail, Frail→Disabled, Disabled→Severe.
    pub progression: [Logistic; 3],
    /// Recoveries Frail→Healthy, Disabled→Frail (probability per year).
    pub recovery: [f64; 2],
    /// Youngest age at which transitions happen.
    pub from_age: u8,
    /// Fit the progressions at load ([`fit`]) in place of those given.
    pub refit: bool,
    /// Rehabilitation at the full dose: × both recoveries, × both ADL progressions.
    pub rehabilitation: Rehabilitation,
    pub fall_prevention_multiplier: f64,
}

/// How rehabilitation received changes a person's transition rates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rehabilitation {
    /// × Frail → Healthy and Disabled → Frail at the full dose.
    pub recovery_multiplier: f64,
    /// × Frail → Disabled and Disabled → Severe at the full dose.
    pub progression_multiplier: f64,
    /// Hours per week from which the effect is full; below, it scales linearly.
    pub full_dose_hours: f64,
}

impl Rehabilitation {
    /// (× recovery, × progression) of a person who received `hours` a week.
    pub fn multipliers(&self, hours: f32) -> (f64, f64) {
        let dose = (f64::from(hours) / self.full_dose_hours).clamp(0.0, 1.0);
        (
            1.0 + (self.recovery_multiplier - 1.0) * dose,
            1.0 + (self.progression_multiplier - 1.0) * dose,
        )
    }
}

/// The keys that name the Frail, Disabled and Severe states, in the
/// prevalence table and in the progression curves into them (`frail_intercept`, …).
pub const STATE_KEYS: [&str; 3] = ["frail", "disabled", "severe"];

/// The ages at which the Frail, Disabled and Severe shares sum to more than
/// 1, as runs of ages where the same three bands apply: "ages 60-69 (frail
/// \"60-69\" 0.9 + disabled \"60+\" 0.9 + severe \"60-69\" 0.9 = 2.7)".
fn over_one(prevalence: [&AgeBands; 3]) -> Vec<String> {
    let band_at = |k: usize, age: usize| {
        prevalence[k]
            .bands
            .iter()
            .position(|b| (usize::from(b.from)..=usize::from(b.to)).contains(&age))
    };
    let mut runs: Vec<(usize, usize, [Option<usize>; 3])> = Vec::new();
    for age in 0..AGES {
        let sum: f64 = prevalence.iter().map(|p| p.at(age)).sum();
        if sum <= 1.0 + 1e-9 {
            continue;
        }
        let bands = std::array::from_fn(|k| band_at(k, age));
        match runs.last_mut() {
            Some((_, to, b)) if *to + 1 == age && *b == bands => *to = age,
            _ => runs.push((age, age, bands)),
        }
    }
    runs.into_iter()
        .map(|(from, to, bands)| {
            let ages = if from == to && to != MAX_AGE {
                format!("age {from}")
            } else {
                format!("ages {}", bands::label(from, to))
            };
            let parts: Vec<String> = (0..3)
                .filter_map(|k| {
                    let b = &prevalence[k].bands[bands[k]?];
                    let label = bands::label(usize::from(b.from), usize::from(b.to));
                    Some(format!("{} \"{label}\" {}", STATE_KEYS[k], b.value))
                })
                .collect();
            let sum: f64 = prevalence.iter().map(|p| p.at(from)).sum();
            format!("{ages} ({} = {})", parts.join(" + "), fmt_sum(sum))
        })
        .collect()
}

impl HealthParams {
    pub fn read(s: &mut Section) -> Self {
        let mut p = s.section("prevalence");
        let src = "DATA.md §6 (C: pooled 26 % with any limit, about 10 % with ADL limits)";
        let frail = p.bands(
            "frail",
            0.0..=1.0,
            None,
            doc("share", "start-year share Frail (IADL limits) by age", src),
        );
        let disabled = p.bands(
            "disabled",
            0.0..=1.0,
            None,
            doc(
                "share",
                "start-year share Disabled (1–2 ADL limits) by age",
                src,
            ),
        );
        let severe = p.bands(
            "severe",
            0.0..=1.0,
            None,
            doc(
                "share",
                "start-year share Severe (3+ ADL limits) by age",
                src,
            ),
        );
        // The three shares are of one population at each age: with the
        // Healthy share, at most 1.
        let over = over_one([&frail, &disabled, &severe]);
        p.require(&STATE_KEYS, over.is_empty(), || {
            format!(
                "at {}; expected frail + disabled + severe of at most 1 at every age",
                over.join("; at ")
            )
        });
        p.finish();
        let mut t = s.section("transitions");
        let fitted = "fitted to [health.prevalence] by `ruralcare fit-health` (C)";
        let mut curve = |[a, b, c]: [&'static str; 3], what: &'static str| Logistic {
            intercept: t.num(a, INTERCEPT, doc("logit", what, fitted)),
            slope: t.num(b, SLOPE, doc("logit per year of age", what, fitted)),
            curvature: t.num(
                c,
                CURVATURE,
                doc("logit per year of age squared above 70", what, fitted),
            ),
        };
        let progression = [
            curve(
                ["frail_intercept", "frail_slope", "frail_curvature"],
                "Healthy → Frail: logit at age 70, its slope, its curvature above 70",
            ),
            curve(
                ["disabled_intercept", "disabled_slope", "disabled_curvature"],
                "Frail → Disabled: logit at age 70, its slope, its curvature above 70",
            ),
            curve(
                ["severe_intercept", "severe_slope", "severe_curvature"],
                "Disabled → Severe: logit at age 70, its slope, its curvature above 70",
            ),
        ];
        let recovery = [
            t.prob(
                "frail_recovery",
                doc(
                    "probability per year",
                    "Frail → Healthy",
                    "(A: small recovery, MODEL.md §7.2)",
                ),
            ),
            t.prob(
                "disabled_recovery",
                doc("probability per year", "Disabled → Frail", "(A)"),
            ),
        ];
        let from_age = t.int(
            "from_age",
            0..=110,
            doc("years", "youngest age with health transitions", "(A)"),
        ) as u8;
        let refit = t.flag(
            "refit",
            doc(
                "true/false",
                "fit the three progression curves at load to [health.prevalence] under this scenario's recoveries, from_age and mortality (as `ruralcare fit-health` does), in place of those given: a sensitivity run that changes one of them then keeps the prevalence to its calibration. The fitted curves are what the parameters list and the manifest records, with refit = false, so a reproduction runs them as they are",
                "(A: off; the baseline's curves are the fit)",
            ),
        );
        t.finish();
        let mut m = s.section("levers");
        let rehabilitation = Rehabilitation {
            recovery_multiplier: m.num(
                "rehabilitation_multiplier",
                0.0..=10.0,
                doc(
                    "× recovery",
                    "Frail → Healthy and Disabled → Frail of an elder who received the full rehabilitation dose last year (services.*.rehabilitation)",
                    "MODEL.md §7.2 (A: supervised exercise and therapy roughly double small recovery rates)",
                ),
            ),
            progression_multiplier: m.num(
                "rehabilitation_progression_multiplier",
                0.0..=2.0,
                doc(
                    "× progression",
                    "Frail → Disabled and Disabled → Severe of an elder who received the full rehabilitation dose last year",
                    "MODEL.md §7.2 (A: as fall prevention)",
                ),
            ),
            full_dose_hours: m.num(
                "rehabilitation_full_dose_hours",
                0.1..=168.0,
                doc(
                    "hours per week",
                    "rehabilitation from which the effect is full; less has a proportional effect",
                    "(A: two or three sessions a week)",
                ),
            ),
        };
        let fall_prevention_multiplier = m.num(
            "fall_prevention_multiplier",
            0.0..=2.0,
            doc(
                "× progression",
                "Frail → Disabled in homes with age-friendly renovation (fall prevention); acts only where a scenario renovates (none in the baseline)",
                "MODEL.md §8 (A: falls cause much ADL loss; 1 would be no effect)",
            ),
        );
        m.finish();
        HealthParams {
            prevalence: [frail, disabled, severe],
            progression,
            recovery,
            from_age,
            refit,
            rehabilitation,
            fall_prevention_multiplier,
        }
    }

    /// Shares of Healthy, Frail, Disabled, Severe at each single age. A
    /// scenario's three listed shares sum to at most 1 (checked on reading);
    /// a sum above it (rounding) is scaled down to 1.
    pub fn table(&self) -> Prevalence {
        with_healthy(std::array::from_fn(|k| {
            self.prevalence[k]
                .per_age()
                .try_into()
                .expect("one value per age")
        }))
    }

    /// [`HealthParams::table`] with each listed band's value spread over the
    /// band's ages as `cohort` (persons by state at each age from `from_age`,
    /// see [`cohort`]) has the state, so that the band's mean, its ages
    /// weighted by `ages`, stays the table's value; ages below `from_age`, and
    /// a band whose state the cohort lacks, keep the flat value.
    fn graded(&self, cohort: &[[f64; 4]], ages: &[f64; AGES]) -> Prevalence {
        let from = usize::from(self.from_age);
        let at = |age: usize| &cohort[age.min(FIT_LAST_AGE) - from];
        let mut listed = [[0.0f64; AGES]; 3];
        for (k, graded) in listed.iter_mut().enumerate() {
            graded.copy_from_slice(self.prevalence[k].per_age());
            for b in &self.prevalence[k].bands {
                let band = usize::from(b.from).max(from)..=usize::from(b.to);
                let share = |age: usize| at(age)[k + 1] / at(age).iter().sum::<f64>();
                let (mut state, mut all) = (0.0, 0.0);
                for age in band.clone() {
                    state += ages[age] * share(age);
                    all += ages[age];
                }
                if state <= 0.0 {
                    continue;
                }
                let mean = state / all;
                for age in band {
                    graded[age] = b.value * share(age) / mean;
                }
            }
        }
        with_healthy(listed)
    }

    /// The shares of each health state by sex and single age that the model
    /// starts from and weighs mortality by (see [`ByAge`]), under `year`'s
    /// mortality; `ages`: the start population's weight of each age, over
    /// which a band's start shares keep the table's mean.
    pub fn by_age(&self, m: &MortalityParams, year: i32, ages: &[f64; AGES]) -> ByAge {
        let stationary = self.stationary(m, year);
        ByAge {
            start: std::array::from_fn(|sex| match &stationary[sex].1 {
                rows if rows.is_empty() => self.table(),
                rows => self.graded(rows, ages),
            }),
            weights: stationary.map(|(weights, _)| weights),
        }
    }

    /// [`ByAge::weights`]: the shares mortality weighs its multipliers by.
    pub fn mortality_weights(&self, m: &MortalityParams, year: i32) -> [Prevalence; 2] {
        self.stationary(m, year).map(|(weights, _)| weights)
    }

    /// Each sex's stationary cohort (persons by state at each age from
    /// `from_age`, see [`cohort`]) under `year`'s mortality weighted by the
    /// cohort's own shares, and those shares: all Healthy, and no cohort,
    /// when no one changes state.
    fn stationary(&self, m: &MortalityParams, year: i32) -> [(Prevalence, Vec<[f64; 4]>); 2] {
        if usize::from(self.from_age) > FIT_LAST_AGE {
            return std::array::from_fn(|_| (self.shares_of(&[]), Vec::new()));
        }
        let schedules = m.schedules(year, year);
        [Sex::Male, Sex::Female].map(|sex| {
            let (mut weights, mut rows) = (self.table(), Vec::new());
            for _ in 0..GRADING_ROUNDS {
                let deaths = &death_probabilities(m, &schedules, &[weights; 2], year)[sex as usize];
                rows = cohort(self, &|age, state| deaths[age][state]);
                let next = self.shares_of(&rows);
                let change = (0..4)
                    .flat_map(|h| (0..AGES).map(move |a| (h, a)))
                    .map(|(h, a)| (next[h][a] - weights[h][a]).abs())
                    .fold(0.0, f64::max);
                weights = next;
                if change < 1e-12 {
                    break;
                }
            }
            (weights, rows)
        })
    }

    /// The shares of each state at each age of `cohort` (persons by state at
    /// each age from `from_age`, see [`cohort`]): all Healthy below `from_age`,
    /// where no one changes state (the start's other states there die out),
    /// and the cohort's oldest age's shares beyond it.
    fn shares_of(&self, cohort: &[[f64; 4]]) -> Prevalence {
        let from = usize::from(self.from_age);
        std::array::from_fn(|h| {
            std::array::from_fn(|age| {
                let row = (age >= from)
                    .then(|| age.min(FIT_LAST_AGE).checked_sub(from))
                    .flatten()
                    .and_then(|i| cohort.get(i))
                    .filter(|n| n.iter().sum::<f64>() > 0.0);
                match row {
                    Some(n) => n[h] / n.iter().sum::<f64>(),
                    None => f64::from(u8::from(h == 0)),
                }
            })
        })
    }

    /// Transition probabilities at an age, before levers: [H→F, F→D, D→S, F→H, D→F].
    pub fn rates(&self, age: usize) -> [f64; 5] {
        if age < usize::from(self.from_age) {
            return [0.0; 5];
        }
        let x = age as f64;
        [
            self.progression[0].at(x),
            self.progression[1].at(x),
            self.progression[2].at(x),
            self.recovery[0],
            self.recovery[1],
        ]
    }
}

/// Per-age thresholds for the transition draws, by state: a draw x < .0
/// moves one step back (recovery), .0 ≤ x < .1 one step on (progression).
/// Index: `(integrated * 2 + renovated) * AGES + age`. Persons who received
/// rehabilitation draw against [`TransitionTable::thresholds`] with their own
/// multipliers instead.
pub struct TransitionTable(pub Vec<[(u64, u64); 4]>);

/// Multipliers on the rates of one person.
#[derive(Clone, Copy, Debug)]
pub struct Modifiers {
    /// × both recoveries.
    pub recovery: f64,
    /// × Frail → Disabled.
    pub disabling: f64,
    /// × Disabled → Severe.
    pub worsening: f64,
}

impl Modifiers {
    /// The multipliers where a person lives: fall prevention in a renovated
    /// home, `integrated` (× Disabled → Severe) in a medically integrated township.
    pub fn at_home(
        h: &HealthParams,
        integrated: f64,
        in_integrated: bool,
        renovated: bool,
    ) -> Self {
        Modifiers {
            recovery: 1.0,
            disabling: if renovated {
                h.fall_prevention_multiplier
            } else {
                1.0
            },
            worsening: if in_integrated { integrated } else { 1.0 },
        }
    }
}

impl TransitionTable {
    /// `integrated`: the Disabled → Severe multiplier in medically integrated townships.
    pub fn new(h: &HealthParams, integrated: f64) -> Self {
        TransitionTable(
            [(false, false), (false, true), (true, false), (true, true)]
                .into_iter()
                .flat_map(|(in_integrated, renovated)| {
                    let m = Modifiers::at_home(h, integrated, in_integrated, renovated);
                    (0..AGES).map(move |age| Self::thresholds(h, age, m))
                })
                .collect(),
        )
    }

    /// Draw thresholds by state at one age under the given multipliers.
    pub fn thresholds(h: &HealthParams, age: usize, m: Modifiers) -> [(u64, u64); 4] {
        let pair = |down: f64, up: f64| {
            let down = down.min(1.0);
            (threshold(down), threshold((down + up).min(1.0)))
        };
        let [hf, fd, ds, fh, df] = h.rates(age);
        [
            pair(0.0, hf),
            pair(fh * m.recovery, fd * m.disabling),
            pair(df * m.recovery, ds * m.worsening),
            pair(0.0, 0.0),
        ]
    }
}

/// Step: residents and Away persons change health state (one draw each, tied to the person).
/// Rehabilitation received last year modifies the rates of its users;
/// medical-care integration and renovated homes, those of residents only.
pub fn step(v: &mut Village, ctx: &YearCtx) {
    if v.integrated || v.renovated_homes {
        pass::<true>(v, ctx);
    } else {
        pass::<false>(v, ctx);
    }
}

/// The pass of [`step`]; with `SPLIT` (a village with integration or renovated
/// homes) residents and Away persons draw against different rates, else every
/// row draws against the village's table by age, with no branch for it.
fn pass<const SPLIT: bool>(v: &mut Village, ctx: &YearCtx) {
    let table = &ctx.model.health.0;
    let sc = ctx.scenario;
    let draws = v.key_draws(ctx, Process::Health);
    let (p, book) = (&mut v.people, &v.care);
    // Column slices of one length, held in registers for the pass.
    let n = p.len();
    let (age, status, renovated) = (&p.age[..n], &p.status[..n], &p.renovated[..n]);
    let serial = &p.serial[..n];
    let health = &mut p.health[..n];
    // By renovation and age. Away persons live elsewhere: neither a renovated
    // home in the village nor the township's integration reaches them (rows
    // sorted by status: the branch predicts well).
    let at_home = &table[usize::from(v.integrated) * 2 * AGES..][..2 * AGES];
    let elsewhere = &table[..AGES];
    let rates = |i: usize| {
        if SPLIT {
            let resident = status[i] == Status::Resident;
            let t = if resident { at_home } else { elsewhere };
            &t[usize::from(renovated[i] & resident) * AGES + usize::from(age[i])]
        } else {
            &at_home[usize::from(age[i])]
        }
    };
    // The users of rehabilitation in last year's care book (the rows have
    // not moved since it was written) draw against their own rates; the
    // stretches of rows between them, against the rates of their homes.
    let mut from = 0;
    for (user, dose) in book.stops(&book.rehabilitation, n) {
        for i in from..user.min(n) {
            let th = rates(i)[health[i] as usize];
            health[i] = moved(health[i], th, draws.of(serial[i]), status[i].registered());
        }
        if user < n {
            // Users of rehabilitation are residents (they are in the care book).
            let mut m = Modifiers::at_home(
                &sc.health,
                sc.integration.medical_progression_multiplier,
                v.integrated,
                renovated[user],
            );
            let (recovery, slower) = sc.health.rehabilitation.multipliers(dose);
            m.recovery *= recovery;
            m.disabling *= slower;
            m.worsening *= slower;
            let h = health[user];
            let th = TransitionTable::thresholds(&sc.health, usize::from(age[user]), m)[h as usize];
            health[user] = moved(h, th, draws.of(serial[user]), status[user].registered());
        }
        from = user + 1;
    }
}

/// The state after one year's draw `x` against the thresholds `(down, up)`
/// of state `h`: one step back below `down`, one step on below `up`; only
/// registered persons (not the dead or settled) change.
#[inline(always)]
fn moved(h: Health, (down, up): (u64, u64), x: u64, registered: bool) -> Health {
    if (x < up) & registered {
        if x < down {
            Health::ALL[h as usize - 1]
        } else {
            Health::ALL[h as usize + 1]
        }
    } else {
        h
    }
}

/// Result of [`fit`]: the fitted curves and how close the cohort they imply
/// comes to the prevalence table.
pub struct Fit {
    pub progression: [Logistic; 3],
    /// Per listed band of each state (Frail, Disabled, Severe, in table
    /// order): the state, the band's label, its table value and the fitted
    /// cohort's share over the band.
    pub by_band: Vec<(Health, String, f64, f64)>,
    /// The fitted cohort's shares [F, D, S] at each age from `from_age` to 100.
    pub by_age: Vec<(usize, [f64; 3])>,
}

/// Oldest age of the cohort the fit projects (few survive beyond).
const FIT_LAST_AGE: usize = MAX_AGE - 1;

/// Most rounds of working out the stationary shares and the mortality
/// weighted by them from each other ([`HealthParams::by_age`]), and of the fit
/// under the weights of its last curves ([`fit`]); they agree within a few.
const GRADING_ROUNDS: usize = 50;

/// Fits the progression curves to the prevalence table under the start-year
/// mortality (sexes averaged), keeping the recovery rates as given, so that
/// the table is stationary by age under start-year conditions (DATA.md §6).
///
/// Method: a cohort starts Healthy at `from_age` (no one changes state
/// younger, so every later cohort arrives so) and is projected age by age:
/// survivors by state under the health-specific mortality (its multipliers
/// weighted by the curves' own stationary shares, the fit repeated until the
/// curves hold still), then one Markov step. Each listed band's share of its state in the cohort, its ages
/// weighted by the cohort's survivors (the age mix of a stationary population),
/// is compared with the table. The nine curve parameters minimise the sum of
/// squared relative differences (each over the table value, or 0.01 if
/// smaller) by damped Gauss–Newton steps from straight, equal curves.
///
/// Fails when a curve cannot be fitted: when a state the progression starts
/// from (Healthy, Frail, Disabled) has no one in it at any age from `from_age`.
pub fn fit(h: &HealthParams, m: &MortalityParams, start_year: i32) -> anyhow::Result<Fit> {
    let table = h.table();
    let from = usize::from(h.from_age);
    anyhow::ensure!(
        from <= FIT_LAST_AGE,
        "cannot fit [health.transitions]: from_age = {from}; expected at most {FIT_LAST_AGE}, so that \
         a cohort has ages to progress at"
    );
    let empty: Vec<usize> = (0..3)
        .filter(|&k| (from..=FIT_LAST_AGE).all(|age| table[k][age] <= 0.0))
        .collect();
    if !empty.is_empty() {
        const STATES: [&str; 3] = [
            "the Healthy share (1 − frail − disabled − severe)",
            "health.prevalence.frail",
            "health.prevalence.disabled",
        ];
        let curves = empty
            .iter()
            .map(|&k| {
                format!(
                    "{c}_intercept, {c}_slope and {c}_curvature",
                    c = STATE_KEYS[k]
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        let states = empty.iter().map(|&k| STATES[k]).collect::<Vec<_>>();
        anyhow::bail!(
            "cannot fit [health.transitions] {curves}: {} is 0 at every age from {from}, so no one is in \
             the state to progress from; expected a share above 0 in some band",
            states.join(" and ")
        );
    }
    let targets: Vec<(usize, &bands::Band)> = (0..3)
        .flat_map(|k| h.prevalence[k].bands.iter().map(move |b| (k, b)))
        .collect();
    // Mortality weighs its health multipliers by each sex's stationary shares
    // under the curves ([`HealthParams::mortality_weights`]): fitted under the
    // table's flat shares first, then again under the weights of the last
    // fit's curves, until the curves hold still.
    let mut theta = [-3.0, 0.05, 0.0, -3.0, 0.05, 0.0, -3.0, 0.05, 0.0];
    let schedules = m.schedules(start_year, start_year);
    let mut deaths = sexes_averaged(death_probabilities(m, &schedules, &[table; 2], start_year));
    for _ in 0..GRADING_ROUNDS {
        let q = |age: usize, state: usize| deaths[age][state];
        let residuals = |theta: &[f64; PARAMS]| -> Vec<f64> {
            let means = band_means(&with_curves(h, theta), &q, &targets);
            targets
                .iter()
                .zip(means)
                .map(|((_, b), got)| (got - b.value) / b.value.max(0.01))
                .collect()
        };
        let next = least_squares(theta, residuals);
        let moved = next
            .iter()
            .zip(&theta)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        theta = next;
        let weights = with_curves(h, &theta).mortality_weights(m, start_year);
        deaths = sexes_averaged(death_probabilities(m, &schedules, &weights, start_year));
        if moved < 1e-9 {
            break;
        }
    }
    let q = |age: usize, state: usize| deaths[age][state];
    let fitted = with_curves(h, &theta);
    for (name, c) in STATE_KEYS.iter().zip(&fitted.progression) {
        for (part, value, range) in [
            ("intercept", c.intercept, INTERCEPT),
            ("slope", c.slope, SLOPE),
            ("curvature", c.curvature, CURVATURE),
        ] {
            anyhow::ensure!(
                range.contains(&value),
                "cannot fit [health.transitions]: {name}_{part} comes to {value}; expected a value in \
                 [{}, {}], which the prevalence table and mortality do not allow with these curves",
                range.start(),
                range.end()
            );
        }
    }
    let means = band_means(&fitted, &q, &targets);
    let by_band = targets
        .iter()
        .zip(means)
        .map(|(&(k, b), got)| {
            let label = bands::label(usize::from(b.from), usize::from(b.to));
            (Health::ALL[k + 1], label, b.value, got)
        })
        .collect();
    let by_age = cohort(&fitted, &q)
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let total: f64 = n.iter().sum();
            (from + i, [n[1] / total, n[2] / total, n[3] / total])
        })
        .filter(|&(age, _)| age <= 100)
        .collect();
    Ok(Fit {
        progression: fitted.progression,
        by_band,
        by_age,
    })
}

/// The probability of dying in the year spent at each age, by sex and state
/// [H, F, D, S], under the `year`'s schedules with the health multipliers
/// weighted by each sex's `tables`, as the simulation draws deaths.
fn death_probabilities(
    m: &MortalityParams,
    schedules: &Schedules,
    tables: &[Prevalence; 2],
    year: i32,
) -> [Vec<[f64; 4]>; 2] {
    let mort = MortalityTable::new(m, schedules, tables, 1.0);
    [Sex::Male, Sex::Female].map(|sex| {
        (0..AGES)
            .map(|age| {
                std::array::from_fn(|state| {
                    mort.threshold(year, sex, age, Health::ALL[state]) as f64 / 2f64.powi(64)
                })
            })
            .collect()
    })
}

/// Shares of all four states at each age from the Frail, Disabled and Severe
/// shares `listed`, the Healthy the rest; three that sum above 1 (rounding)
/// are scaled down to 1.
fn with_healthy(listed: [[f64; AGES]; 3]) -> Prevalence {
    let shares = |age: usize| -> [f64; 4] {
        let sum: f64 = (0..3).map(|k| listed[k][age]).sum();
        let k = if sum > 1.0 { 1.0 / sum } else { 1.0 };
        [
            1.0 - sum * k,
            listed[0][age] * k,
            listed[1][age] * k,
            listed[2][age] * k,
        ]
    };
    std::array::from_fn(|h| std::array::from_fn(|age| shares(age)[h]))
}

/// Death probabilities by age and state of both sexes together (the fit's cohort).
fn sexes_averaged([male, female]: [Vec<[f64; 4]>; 2]) -> Vec<[f64; 4]> {
    male.iter()
        .zip(&female)
        .map(|(a, b)| std::array::from_fn(|k| (a[k] + b[k]) / 2.0))
        .collect()
}

/// Parameters of the three progression curves, fitted together.
const PARAMS: usize = 9;

/// How far the progression curves `h` gives are from their [`fit`] under the
/// scenario's own table, recoveries and mortality: a line naming the curves
/// that differ beyond ten times the rounding of the shipped values, if any
/// (none when the fit fails: `fit-health` says why, as `check` does with
/// `refit` on).
pub fn misfit(h: &HealthParams, m: &MortalityParams, start_year: i32) -> Option<String> {
    let f = fit(h, m, start_year).ok()?;
    let off: Vec<String> = f
        .progression
        .iter()
        .zip(&h.progression)
        .zip(STATE_KEYS)
        .filter(|((got, given), _)| {
            (got.intercept - given.intercept).abs() > 5e-4
                || (got.slope - given.slope).abs() > 5e-5
                || (got.curvature - given.curvature).abs() > 5e-6
        })
        .map(|((got, given), name)| {
            format!(
                "{name}: intercept {:.4}, slope {:.5}, curvature {:.6} fitted against {:.4}, {:.5}, {:.6} given",
                got.intercept, got.slope, got.curvature, given.intercept, given.slope, given.curvature
            )
        })
        .collect();
    (!off.is_empty()).then(|| off.join("; "))
}

/// `h` with the progression curves of `theta` (intercept, slope, curvature per curve).
fn with_curves(h: &HealthParams, theta: &[f64; PARAMS]) -> HealthParams {
    HealthParams {
        progression: std::array::from_fn(|k| Logistic {
            intercept: theta[3 * k],
            slope: theta[3 * k + 1],
            curvature: theta[3 * k + 2],
        }),
        ..h.clone()
    }
}

/// Persons by state [H, F, D, S] at each age from `from_age` to
/// [`FIT_LAST_AGE`] of a cohort starting Healthy at `from_age`; `q(age,
/// state)` is the probability of dying in the year spent at `age`.
fn cohort(h: &HealthParams, q: &impl Fn(usize, usize) -> f64) -> Vec<[f64; 4]> {
    let mut n = [1.0, 0.0, 0.0, 0.0];
    let mut out = Vec::with_capacity(AGES);
    for age in usize::from(h.from_age)..=FIT_LAST_AGE {
        out.push(n);
        n = a_year_on(h, age, n, |state| q(age, state));
    }
    out
}

/// Persons by state [H, F, D, S] a year after `n` at `age`: the year's deaths
/// (`q(state)`: the probability of dying), then its transition, drawn before
/// the year's ageing; a state's chance of moving on is at most what recovery
/// leaves, as the simulation's draws have it.
fn a_year_on(h: &HealthParams, age: usize, n: [f64; 4], q: impl Fn(usize) -> f64) -> [f64; 4] {
    let [hf, fd, ds, fh, df] = h.rates(age);
    let (fd, ds) = (fd.min(1.0 - fh), ds.min(1.0 - df));
    let s: [f64; 4] = std::array::from_fn(|k| n[k] * (1.0 - q(k)));
    [
        s[0] * (1.0 - hf) + s[1] * fh,
        s[0] * hf + s[1] * (1.0 - fh - fd) + s[2] * df,
        s[1] * fd + s[2] * (1.0 - df - ds),
        s[2] * ds + s[3],
    ]
}

/// Each target band's share of its state (`k`: 0 Frail, 1 Disabled, 2 Severe)
/// in the cohort of `h`, over the band's ages weighted by the survivors at each.
fn band_means(
    h: &HealthParams,
    q: &impl Fn(usize, usize) -> f64,
    targets: &[(usize, &bands::Band)],
) -> Vec<f64> {
    let from = usize::from(h.from_age);
    let c = cohort(h, q);
    targets
        .iter()
        .map(|&(k, b)| {
            let ages = usize::from(b.from).max(from)..=usize::from(b.to).min(FIT_LAST_AGE);
            let (mut state, mut all) = (0.0, 0.0);
            for age in ages {
                let n = &c[age - from];
                state += n[k + 1];
                all += n.iter().sum::<f64>();
            }
            if all > 0.0 { state / all } else { 0.0 }
        })
        .collect()
}

/// Minimises the sum of squared `residuals` over the parameters from `start`
/// by damped Gauss–Newton steps (the damping grows while a step does not
/// lower the sum), the derivatives taken by forward differences.
fn least_squares(
    start: [f64; PARAMS],
    residuals: impl Fn(&[f64; PARAMS]) -> Vec<f64>,
) -> [f64; PARAMS] {
    const STEP: f64 = 1e-7;
    let sum = |r: &[f64]| r.iter().map(|x| x * x).sum::<f64>();
    let mut theta = start;
    let mut r = residuals(&theta);
    let mut damping = 1e-3;
    for _ in 0..500 {
        let jacobian: Vec<Vec<f64>> = (0..PARAMS)
            .map(|p| {
                let mut t = theta;
                t[p] += STEP;
                residuals(&t)
                    .iter()
                    .zip(&r)
                    .map(|(a, b)| (a - b) / STEP)
                    .collect()
            })
            .collect();
        let a: [[f64; PARAMS]; PARAMS] = std::array::from_fn(|i| {
            std::array::from_fn(|j| {
                jacobian[i]
                    .iter()
                    .zip(&jacobian[j])
                    .map(|(x, y)| x * y)
                    .sum()
            })
        });
        let g: [f64; PARAMS] =
            std::array::from_fn(|i| jacobian[i].iter().zip(&r).map(|(x, y)| x * y).sum());
        let before = sum(&r);
        let improved = loop {
            let mut m = a;
            for (i, row) in m.iter_mut().enumerate() {
                row[i] += damping * a[i][i].max(1e-12);
            }
            let step = solve(m, g.map(|x| -x));
            let trial: [f64; PARAMS] = std::array::from_fn(|i| theta[i] + step[i]);
            let rt = residuals(&trial);
            if sum(&rt) < before {
                damping = (damping / 3.0).max(1e-12);
                theta = trial;
                r = rt;
                break true;
            }
            damping *= 4.0;
            if damping > 1e12 {
                break false;
            }
        };
        if !improved || before - sum(&r) <= 1e-15 * (1.0 + before) {
            break;
        }
    }
    theta
}

/// Solves `m x = b` by Gaussian elimination with partial pivoting (a zero
/// pivot leaves its unknown at 0).
fn solve(mut m: [[f64; PARAMS]; PARAMS], mut b: [f64; PARAMS]) -> [f64; PARAMS] {
    for col in 0..PARAMS {
        let pivot = (col..PARAMS)
            .max_by(|&i, &j| m[i][col].abs().total_cmp(&m[j][col].abs()))
            .unwrap_or(col);
        m.swap(col, pivot);
        b.swap(col, pivot);
        if m[col][col] == 0.0 {
            continue;
        }
        for row in col + 1..PARAMS {
            let (upper, lower) = m.split_at_mut(row);
            let (pivot_row, target) = (&upper[col], &mut lower[0]);
            let f = target[col] / pivot_row[col];
            for (t, p) in target[col..].iter_mut().zip(&pivot_row[col..]) {
                *t -= f * p;
            }
            b[row] -= f * b[col];
        }
    }
    let mut x = [0.0; PARAMS];
    for row in (0..PARAMS).rev() {
        if m[row][row] != 0.0 {
            let rest: f64 = (row + 1..PARAMS).map(|k| m[row][k] * x[k]).sum();
            x[row] = (b[row] - rest) / m[row][row];
        }
    }
    x
}

/// Prevalence of Frail, Disabled and Severe among resident persons in age bands
/// 60–69, 70–79, 80+ of a set of villages (for checks and the fit report).
pub fn band_prevalence<'a>(villages: impl Iterator<Item = &'a Village>) -> [[f64; 3]; 3] {
    let mut count = [[0.0; 4]; 3];
    for v in villages {
        let p = &v.people;
        for i in 0..p.len() {
            if p.status[i] != Status::Resident || p.age[i] < 60 {
                continue;
            }
            let band = (usize::from(p.age[i]) - 60).min(29) / 10;
            count[band][p.health[i] as usize] += 1.0;
        }
    }
    count.map(|c| {
        let n: f64 = c.iter().sum::<f64>().max(1.0);
        [c[1] / n, c[2] / n, c[3] / n]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_baseline_carries_the_curves_its_prevalence_table_fits() {
        // The shipped transitions are the fit's output: a change of the
        // prevalence table, the mortality or the recoveries must be refitted.
        let sc = crate::sim::testing::baseline(0.001, 1);
        let f = fit(&sc.health, &sc.mortality, sc.run.start_year).unwrap();
        for (k, (got, shipped)) in f.progression.iter().zip(&sc.health.progression).enumerate() {
            assert!(
                (got.intercept - shipped.intercept).abs() < 5e-5
                    && (got.slope - shipped.slope).abs() < 5e-6
                    && (got.curvature - shipped.curvature).abs() < 5e-7,
                "curve {k}: fitted {got:?}, baseline.toml {shipped:?}"
            );
        }
    }

    #[test]
    fn a_scenario_may_refit_its_curves_at_load_and_is_told_when_it_should() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml");
        let load = |refit: &str| {
            let o = crate::scenario::Overrides {
                set: vec![
                    ("health.transitions.disabled_recovery".into(), "0.1".into()),
                    ("health.transitions.refit".into(), refit.into()),
                ],
                ..Default::default()
            };
            crate::scenario::load(&path, &o).unwrap()
        };
        let (kept, refitted) = (load("false"), load("true"));
        let (h, m, year) = (&kept.health, &kept.mortality, kept.run.start_year);
        let told = misfit(h, m, year).expect("the baseline's curves no longer fit");
        assert!(told.contains("disabled: intercept -2.1"), "{told}");
        let f = fit(h, m, year).unwrap();
        assert_eq!(refitted.health.progression, f.progression);
        // What the run records is what it ran: the fitted curves, refit off.
        assert!(!refitted.health.refit);
        let listed = refitted.resolved["health"]["transitions"]["disabled_intercept"].as_float();
        assert_eq!(listed, Some(f.progression[1].intercept));
        // More recovery needs faster disabling to keep the table's prevalence.
        assert!(f.progression[1].intercept > kept.health.progression[1].intercept + 0.1);
        let r = &refitted.health;
        assert_eq!(misfit(r, &refitted.mortality, year), None);
        let base = crate::sim::testing::baseline(0.001, 1);
        assert_eq!(misfit(&base.health, &base.mortality, year), None);
    }

    /// Persons alive at the start of each age of a cohort born Healthy in
    /// `year`, dying as `mort` has it for `sex` and moving between states as
    /// the curves of `h` have it (as the fit's cohort, from `from_age`).
    fn survivors(h: &HealthParams, mort: &MortalityTable, sex: Sex, year: i32) -> Vec<f64> {
        let mut n = [1.0, 0.0, 0.0, 0.0];
        let mut alive = Vec::with_capacity(AGES);
        for age in 0..AGES {
            alive.push(n.iter().sum::<f64>());
            n = a_year_on(h, age, n, |state| {
                mort.threshold(year, sex, age, Health::ALL[state]) as f64 / 2f64.powi(64)
            });
        }
        alive
    }

    #[test]
    fn the_oldest_old_live_as_long_as_the_schedule_says_whatever_their_health() {
        // Mortality weighs its health multipliers by each sex's stationary
        // shares at each age, so a cohort whose health moves as the
        // transitions have it dies as the schedule does (a Healthy cohort
        // with no multiplier) at every age. Weighted by the table's flat 80+
        // band, women's survival to 95 fell a fifth short and to 100 a half.
        let sc = crate::sim::testing::baseline(0.001, 1);
        let (h, m, year) = (&sc.health, &sc.mortality, sc.run.start_year);
        let schedules = m.schedules(year, year);
        let mut healthy = [[0.0; AGES]; 4];
        healthy[0] = [1.0; AGES];
        let (weighted, flat) = (
            MortalityTable::new(m, &schedules, &h.mortality_weights(m, year), 1.0),
            MortalityTable::new(m, &schedules, &[h.table(); 2], 1.0),
        );
        let reference = MortalityTable::new(m, &schedules, &[healthy; 2], 1.0);
        let still = HealthParams {
            from_age: MAX_AGE as u8,
            ..h.clone()
        };
        for sex in [Sex::Male, Sex::Female] {
            let want = survivors(&still, &reference, sex, year);
            let (got, was) = (
                survivors(h, &weighted, sex, year),
                survivors(h, &flat, sex, year),
            );
            let years = |alive: &[f64]| alive.iter().sum::<f64>();
            assert!(
                (years(&got) - years(&want)).abs() < 0.001,
                "{sex:?}: {} years against {}",
                years(&got),
                years(&want)
            );
            for age in [80, 85, 90, 95, 100, 105] {
                let ratio = got[age] / want[age];
                assert!(
                    (ratio - 1.0).abs() < 0.001,
                    "{sex:?} to {age}: {ratio:.4} of the schedule's (weighted by the flat table: {:.4})",
                    was[age] / want[age]
                );
            }
        }
    }

    #[test]
    fn the_fitted_cohort_keeps_data_md_prevalence_by_band() {
        // DATA.md §6's bands (60+), each within a tenth of the table value:
        // three curve parameters per transition for four bands each.
        let sc = crate::sim::testing::baseline(0.001, 1);
        let f = fit(&sc.health, &sc.mortality, sc.run.start_year).unwrap();
        let checked: Vec<_> = f.by_band.iter().filter(|b| b.1 != "50-59").collect();
        assert_eq!(checked.len(), 9);
        for (state, band, target, got) in checked {
            assert!(
                (got - target).abs() <= 0.1 * target,
                "{state:?} {band}: fitted cohort {got:.4}, table {target}"
            );
        }
    }

    #[test]
    fn the_fit_recovers_the_curves_a_table_was_made_from() {
        // A table computed from known curves (one band per five years) is
        // fitted back to those curves from the neutral start.
        // Mortality alike in every state, so that the table's own weights
        // (which the fit's mortality follows) do not matter.
        let mut sc = crate::sim::testing::baseline(0.001, 1);
        sc.mortality.health_multiplier = [1.0; 4];
        let known = [-3.4, 0.07, 0.0005, -2.2, 0.04, 0.0, -2.8, 0.08, 0.001];
        let mut h = with_curves(&sc.health, &known);
        let schedules = sc.mortality.schedules(2020, 2020);
        let deaths = sexes_averaged(death_probabilities(
            &sc.mortality,
            &schedules,
            &[h.table(); 2],
            2020,
        ));
        let q = |age: usize, state: usize| deaths[age][state];
        let fives: Vec<bands::Band> = (45..100)
            .step_by(5)
            .map(|from| bands::Band {
                from,
                to: if from == 95 { MAX_AGE as u8 } else { from + 4 },
                value: 0.0,
            })
            .collect();
        let targets: Vec<(usize, &bands::Band)> = (0..3)
            .flat_map(|k| fives.iter().map(move |b| (k, b)))
            .collect();
        let means = band_means(&h, &q, &targets);
        for k in 0..3 {
            let made: Vec<bands::Band> = fives
                .iter()
                .zip(&means[k * fives.len()..])
                .map(|(b, &value)| bands::Band { value, ..*b })
                .collect();
            h.prevalence[k] = AgeBands::new(made);
        }
        let f = fit(&h, &sc.mortality, 2020).unwrap();
        let got: Vec<f64> = f
            .progression
            .iter()
            .flat_map(|c| [c.intercept, c.slope, c.curvature])
            .collect();
        // Intercepts and slopes to a thousandth of their size, curvatures
        // (some thousandths at most) to 1e-5.
        for (p, (g, k)) in got.iter().zip(known).enumerate() {
            let tolerance = if p % 3 == 2 {
                1e-5
            } else {
                1e-3 * k.abs().max(0.1)
            };
            assert!(
                (g - k).abs() < tolerance,
                "fitted {got:?}, made from {known:?}"
            );
        }
    }

    #[test]
    fn a_state_empty_at_every_age_is_refused_by_the_fit_not_fitted_to_nan() {
        let sc = crate::sim::testing::baseline(0.001, 1);
        for (state, curves) in [
            ("frail", "disabled_intercept"),
            ("disabled", "severe_intercept"),
        ] {
            let mut h = sc.health.clone();
            let k = ["frail", "disabled"]
                .iter()
                .position(|s| *s == state)
                .unwrap();
            h.prevalence[k] = h.prevalence[k].scaled(0.0);
            let err = fit(&h, &sc.mortality, sc.run.start_year)
                .err()
                .unwrap_or_else(|| panic!("{state} at 0 was fitted"))
                .to_string();
            assert!(
                err.contains(curves)
                    && err.contains(&format!("health.prevalence.{state} is 0 at every age")),
                "{err}"
            );
        }
    }

    #[test]
    fn prevalence_above_one_is_named_by_age_and_band() {
        let b = |bands: &[(u8, u8, f64)]| {
            AgeBands::new(
                bands
                    .iter()
                    .map(|&(from, to, value)| crate::bands::Band { from, to, value })
                    .collect(),
            )
        };
        let frail = b(&[(60, 69, 0.9), (70, 79, 0.2), (80, 110, 0.25)]);
        let disabled = b(&[(60, 69, 0.9), (70, 110, 0.1)]);
        let severe = b(&[(60, 110, 0.05)]);
        assert_eq!(
            over_one([&frail, &disabled, &severe]),
            [
                "ages 60-69 (frail \"60-69\" 0.9 + disabled \"60-69\" 0.9 + severe \"60+\" 0.05 = 1.85)"
            ]
        );
        let fine = b(&[(60, 110, 0.3)]);
        assert!(over_one([&fine, &fine, &fine]).is_empty());
    }

    #[test]
    fn rehabilitation_acts_in_proportion_to_the_dose_up_to_the_full_dose() {
        let r = Rehabilitation {
            recovery_multiplier: 2.0,
            progression_multiplier: 0.8,
            full_dose_hours: 4.0,
        };
        assert_eq!(r.multipliers(0.0), (1.0, 1.0));
        let (rec, prog) = r.multipliers(2.0);
        assert!((rec - 1.5).abs() < 1e-12 && (prog - 0.9).abs() < 1e-12);
        assert_eq!(r.multipliers(9.0), (2.0, 0.8));
    }
}
