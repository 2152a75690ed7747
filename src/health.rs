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
use crate::demography::mortality::{MortalityParams, MortalityTable};
use crate::population::people::{Health, Sex, Status};
use crate::population::village::Village;
use crate::rng::{Process, threshold};
use crate::scenario::reader::{Section, doc, fmt_sum};
use crate::sim::YearCtx;

/// Logistic curve in age: p(x) = 1 / (1 + exp(-(intercept + slope·(x − 70)))).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Logistic {
    pub intercept: f64,
    pub slope: f64,
}

/// Centre age of the logistic curves.
pub const CENTRE_AGE: f64 = 70.0;

impl Logistic {
    pub fn at(&self, age: f64) -> f64 {
        1.0 / (1.0 + (-(self.intercept + self.slope * (age - CENTRE_AGE))).exp())
    }
}

#[derive(Clone, Debug)]
pub struct HealthParams {
    /// Start-year prevalence by age of Frail, Disabled, Severe (shares of persons).
    pub prevalence: [AgeBands; 3],
    /// Progressions Healthy→Frail, Frail→Disabled, Disabled→Severe.
    pub progression: [Logistic; 3],
    /// Recoveries Frail→Healthy, Disabled→Frail (probability per year).
    pub recovery: [f64; 2],
    /// Youngest age at which transitions happen.
    pub from_age: u8,
    /// Rehabilitation at the full dose: × both recoveries, × both ADL progressions.
    pub rehabilitation: Rehabilitation,
    pub fall_prevention_multiplier: f64,
}

/// How rehabilitation received changes a person's transition rates.
#[derive(Clone, Copy, Debug)]
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

/// The ages at which the Frail, Disabled and Severe shares sum to more than
/// 1, as runs of ages where the same three bands apply: "ages 60-69 (frail
/// \"60-69\" 0.9 + disabled \"60+\" 0.9 + severe \"60-69\" 0.9 = 2.7)".
fn over_one(prevalence: [&AgeBands; 3]) -> Vec<String> {
    const NAMES: [&str; 3] = ["frail", "disabled", "severe"];
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
                    Some(format!("{} \"{label}\" {}", NAMES[k], b.value))
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
        p.require(&["frail", "disabled", "severe"], over.is_empty(), || {
            format!(
                "at {}; expected frail + disabled + severe of at most 1 at every age",
                over.join("; at ")
            )
        });
        p.finish();
        let mut t = s.section("transitions");
        let fitted = "fitted to [health.prevalence] by `ruralcare fit-health` (C)";
        let mut curve = |a: &'static str, b: &'static str, what: &'static str| Logistic {
            intercept: t.num(a, -30.0..=30.0, doc("logit", what, fitted)),
            slope: t.num(b, -1.0..=1.0, doc("logit per year of age", what, fitted)),
        };
        let progression = [
            curve(
                "frail_intercept",
                "frail_slope",
                "Healthy → Frail: logit at age 70, and its slope",
            ),
            curve(
                "disabled_intercept",
                "disabled_slope",
                "Frail → Disabled: logit at age 70, and its slope",
            ),
            curve(
                "severe_intercept",
                "severe_slope",
                "Disabled → Severe: logit at age 70, and its slope",
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
            rehabilitation,
            fall_prevention_multiplier,
        }
    }

    /// Shares of Healthy, Frail, Disabled, Severe at each single age. A
    /// scenario's three listed shares sum to at most 1 (checked on reading);
    /// a sum above it (rounding) is scaled down to 1.
    pub fn table(&self) -> [[f64; AGES]; 4] {
        let shares = |age: usize| -> [f64; 4] {
            let listed: [f64; 3] = std::array::from_fn(|k| self.prevalence[k].at(age));
            let sum: f64 = listed.iter().sum();
            let k = if sum > 1.0 { 1.0 / sum } else { 1.0 };
            [1.0 - sum * k, listed[0] * k, listed[1] * k, listed[2] * k]
        };
        std::array::from_fn(|h| std::array::from_fn(|age| shares(age)[h]))
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
    /// Per age 50..=100: target [F, D, S] and the fitted cohort's [F, D, S].
    pub by_age: Vec<(usize, [f64; 3], [f64; 3])>,
    /// The progression probabilities solved age by age, that the curves are
    /// fitted to: per transition, (age, logit, weight).
    pub solved: [Vec<(usize, f64, f64)>; 3],
}

/// Fits the progression curves to the prevalence table under the start-year
/// mortality (sexes averaged), keeping the recovery rates as given.
///
/// Method: the target prevalence by single age is the band table smoothed by
/// linear interpolation between band midpoints. Age by age, from 50 to 99,
/// the three progression probabilities that carry the target distribution at
/// age x to the one at x + 1 are solved exactly (survivors by state under the
/// health-specific mortality, then one Markov step); the logistic curves are
/// then fitted to those values by weighted least squares on the logit scale
/// (weights: survivors in the state that progresses). The fit is checked by
/// projecting a cohort from age 50 with the fitted curves.
///
/// Fails when a curve cannot be fitted: when a state the progression starts
/// from (Healthy, Frail, Disabled) has no one in it at ages 50 to 99.
pub fn fit(h: &HealthParams, m: &MortalityParams, start_year: i32) -> anyhow::Result<Fit> {
    let table = h.table();
    let mort = MortalityTable::new(m, &m.schedules(start_year, start_year), &table, 1.0);
    let q = |age: usize, state: usize| -> f64 {
        let s = Health::ALL[state];
        (mort.threshold(start_year, Sex::Male, age, s) as f64
            + mort.threshold(start_year, Sex::Female, age, s) as f64)
            / 2f64.powi(65)
    };
    // Smoothed target: interpolate each listed state between band midpoints.
    let target = |age: usize| -> [f64; 4] {
        let mut out = [0.0; 4];
        for k in 0..3 {
            let bands = &h.prevalence[k].bands;
            let mids: Vec<(f64, f64)> = bands
                .iter()
                .map(|b| {
                    (
                        (f64::from(b.from) + f64::from(b.to.min(95)) + 1.0) / 2.0,
                        b.value,
                    )
                })
                .collect();
            let x = age as f64 + 0.5;
            out[k + 1] = match mids.iter().position(|(mx, _)| *mx > x) {
                Some(0) => mids[0].1 * (x / mids[0].0).clamp(0.0, 1.0),
                Some(i) => {
                    let ((x0, y0), (x1, y1)) = (mids[i - 1], mids[i]);
                    y0 + (y1 - y0) * (x - x0) / (x1 - x0)
                }
                None => mids.last().map_or(0.0, |m| m.1),
            };
        }
        out[0] = 1.0 - out[1] - out[2] - out[3];
        out
    };
    let [_, _, _, fh, df] = h.rates(70);
    let mut obs: [Vec<(usize, f64, f64)>; 3] = Default::default();
    for age in 50..100 {
        let (now, next) = (target(age), target(age + 1));
        let s: [f64; 4] = std::array::from_fn(|k| now[k] * (1.0 - q(age, k)));
        let total: f64 = s.iter().sum();
        let n: [f64; 4] = std::array::from_fn(|k| next[k] * total);
        let p3 = (n[3] - s[3]) / s[2];
        let p2 = (n[2] - s[2] * (1.0 - df - p3)) / s[1];
        let p1 = (s[0] + s[1] * fh - n[0]) / s[0];
        for (k, (p, w)) in [(p1, s[0]), (p2, s[1]), (p3, s[2])].into_iter().enumerate() {
            let p = p.clamp(1e-4, 0.9);
            obs[k].push((age, (p / (1.0 - p)).ln(), w));
        }
    }
    // The transition of a person aged `age` is drawn before the year's ageing:
    // the simulation looks the curve up at `age` (see [`HealthParams::rates`]).
    let progression = obs.each_ref().map(|o| {
        let o: Vec<(f64, f64, f64)> = o
            .iter()
            .map(|&(age, logit, w)| (age as f64 - CENTRE_AGE, logit, w))
            .collect();
        let sw: f64 = o.iter().map(|x| x.2).sum();
        let mx = o.iter().map(|x| x.0 * x.2).sum::<f64>() / sw;
        let my = o.iter().map(|x| x.1 * x.2).sum::<f64>() / sw;
        let sxy: f64 = o.iter().map(|x| x.2 * (x.0 - mx) * (x.1 - my)).sum();
        let sxx: f64 = o.iter().map(|x| x.2 * (x.0 - mx) * (x.0 - mx)).sum();
        let slope = sxy / sxx;
        Logistic {
            intercept: my - slope * mx,
            slope,
        }
    });
    const CURVES: [&str; 3] = ["frail", "disabled", "severe"];
    let unfitted: Vec<&str> = (0..3)
        .filter(|&k| !(progression[k].intercept.is_finite() && progression[k].slope.is_finite()))
        .map(|k| CURVES[k])
        .collect();
    if !unfitted.is_empty() {
        const STATES: [&str; 3] = [
            "the Healthy share (1 − frail − disabled − severe)",
            "health.prevalence.frail",
            "health.prevalence.disabled",
        ];
        let empty: Vec<&str> = (0..3)
            .filter(|&k| (50..100).all(|age| target(age)[k] <= 0.0))
            .map(|k| STATES[k])
            .collect();
        let curves = unfitted
            .iter()
            .map(|c| format!("{c}_intercept and {c}_slope"))
            .collect::<Vec<_>>()
            .join(", ");
        let why = if empty.is_empty() {
            "the prevalence table gives no progression rate at ages 50 to 99".to_string()
        } else {
            format!(
                "{} is 0 at every age from 50 to 99, so no one is in the state to progress from",
                empty.join(" and ")
            )
        };
        anyhow::bail!(
            "cannot fit [health.transitions] {curves}: {why}; expected a share above 0 in some band from 50 to 99"
        );
    }
    // Project a cohort from 50 with the fitted curves.
    let fitted = HealthParams {
        progression,
        ..h.clone()
    };
    let mut state = target(50);
    let mut by_age = Vec::new();
    for age in 50..=100 {
        let t = target(age);
        by_age.push((age, [t[1], t[2], t[3]], [state[1], state[2], state[3]]));
        let [hf, fd, ds, fh, df] = fitted.rates(age);
        let s: [f64; 4] = std::array::from_fn(|k| state[k] * (1.0 - q(age, k)));
        let n = [
            s[0] * (1.0 - hf) + s[1] * fh,
            s[0] * hf + s[1] * (1.0 - fh - fd) + s[2] * df,
            s[1] * fd + s[2] * (1.0 - df - ds),
            s[2] * ds + s[3],
        ];
        let total: f64 = n.iter().sum();
        state = n.map(|x| x / total);
    }
    Ok(Fit {
        progression,
        by_age,
        solved: obs,
    })
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
    fn the_fitted_curves_meet_the_solved_rates_at_the_ages_the_simulation_reads() {
        // A weighted least-squares line passes through the weighted mean of
        // its points: evaluated at each solved age as the simulation evaluates
        // it (`rates(age)`), the fit leaves no mean residual.
        let sc = crate::sim::testing::baseline(0.001, 1);
        let f = fit(&sc.health, &sc.mortality, sc.run.start_year).unwrap();
        let fitted = HealthParams {
            progression: f.progression,
            ..sc.health.clone()
        };
        for k in 0..3 {
            let (mut sum, mut weight) = (0.0, 0.0);
            for &(age, logit, w) in &f.solved[k] {
                let p = fitted.rates(age)[k];
                sum += w * (logit - (p / (1.0 - p)).ln());
                weight += w;
            }
            assert!(
                (sum / weight).abs() < 1e-9,
                "transition {k}: mean residual {}",
                sum / weight
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
