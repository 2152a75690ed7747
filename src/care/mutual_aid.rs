//! Mutual aid (MODEL.md §7.8): healthy residents of about 60–75 volunteer a
//! few hours a week. The probability of volunteering is logistic in the
//! person's attitude, the presence of a mutual-aid home, the share of eligible
//! peers already volunteering and a time bank. Volunteer hours form the
//! village's pool, given to elders who accept non-family help by severity.
//! With a time bank, hours given are deposited to the volunteers' credit, and
//! members holding credit come first for the hours a week it pays for, which
//! are withdrawn from it.

use crate::care::WEEKS;
use crate::population::people::{Health, Status};
use crate::population::village::{Facility, Village};
use crate::rng::{Gaps, Process};
use crate::scenario::reader::{Section, doc};
use crate::sim::YearCtx;

#[derive(Clone, Debug)]
pub struct MutualAidParams {
    pub min_age: u8,
    pub max_age: u8,
    pub hours_per_volunteer: f32,
    pub max_hours_per_elder: f32,
    pub intercept: f64,
    pub attitude_weight: f64,
    pub home_weight: f64,
    pub peer_weight: f64,
    pub time_bank_weight: f64,
    /// Villages with a mutual-aid home run a time bank.
    pub time_bank: bool,
}

impl MutualAidParams {
    pub fn read(s: &mut Section) -> Self {
        let logit = |what| doc("logit", what, "MODEL.md §7.8 (A)");
        let mp = MutualAidParams {
            min_age: s.int(
                "min_age",
                40..=110,
                doc("years", "youngest volunteer", "MODEL.md §7.8: about 60 (A)"),
            ) as u8,
            max_age: s.int(
                "max_age",
                40..=110,
                doc("years", "oldest volunteer", "MODEL.md §7.8: about 75 (A)"),
            ) as u8,
            hours_per_volunteer: s.num(
                "hours_per_volunteer",
                0.0..=80.0,
                doc(
                    "hours per week",
                    "care a volunteer gives",
                    "MODEL.md §7.8: a few hours (A)",
                ),
            ) as f32,
            max_hours_per_elder: s.num(
                "max_hours_per_elder",
                0.0..=168.0,
                doc(
                    "hours per week",
                    "most volunteer help one elder receives",
                    "(A)",
                ),
            ) as f32,
            intercept: s.num(
                "intercept",
                -20.0..=20.0,
                logit("volunteering logit at attitude 0, no home, no peers, no time bank"),
            ),
            attitude_weight: s.num(
                "attitude_weight",
                0.0..=20.0,
                logit("added per unit of attitude"),
            ),
            home_weight: s.num(
                "home_weight",
                0.0..=20.0,
                logit("added where the village has a mutual-aid home"),
            ),
            peer_weight: s.num(
                "peer_weight",
                0.0..=20.0,
                logit("added per unit share of eligible peers volunteering last year"),
            ),
            time_bank_weight: s.num(
                "time_bank_weight",
                0.0..=20.0,
                logit("added where a time bank runs"),
            ),
            time_bank: s.flag(
                "time_bank",
                doc(
                    "true/false",
                    "villages with a mutual-aid home run a time bank",
                    "the study §4.2 (lever; off in the baseline)",
                ),
            ),
        };
        s.require(&["min_age", "max_age"], mp.min_age <= mp.max_age, || {
            format!("min_age {} is above max_age {}", mp.min_age, mp.max_age)
        });
        mp
    }
}

/// The village runs a time bank: only then is credit ever deposited (a
/// mutual-aid home, once there, stays).
pub fn has_time_bank(v: &Village, mp: &MutualAidParams) -> bool {
    mp.time_bank && v.facility == Facility::MutualAidHome
}

/// Step: who volunteers next year, among those of volunteer age once a year
/// older (next year's ageing comes before they serve). The peer effect is the
/// share of eligible residents volunteering now.
pub fn volunteering(v: &mut Village, ctx: &YearCtx) {
    choose_volunteers(v, ctx, 1, Process::Volunteering);
}

/// Who volunteers in the start year, which has no ageing before its care (the
/// start year ends choosing next year's, as every year does).
pub fn start_volunteers(v: &mut Village, ctx: &YearCtx) {
    choose_volunteers(v, ctx, 0, Process::StartVolunteering);
}

/// Draws the volunteers, from `process`'s stream, among healthy residents at
/// home (not in a bed) who will be of volunteer age when they serve, `ahead`
/// years from now.
fn choose_volunteers(v: &mut Village, ctx: &YearCtx, ahead: u8, process: Process) {
    let mp = &ctx.scenario.care.mutual_aid;
    let in_ages =
        |p: &crate::population::people::People, i: usize, ages: &std::ops::RangeInclusive<u8>| {
            p.status[i] == Status::Resident
                && p.health[i] == Health::Healthy
                && !p.in_institution[i]
                && ages.contains(&p.age[i])
        };
    let now = mp.min_age..=mp.max_age;
    let serving = mp.min_age.saturating_sub(ahead)..=mp.max_age.saturating_sub(ahead);
    let p = &v.people;
    let (mut n, mut volunteers) = (0u32, 0u32);
    // The highest attitude among the candidates bounds everyone's probability.
    let mut top_attitude = f32::NEG_INFINITY;
    // One pass over the ages of both: the eligible now and the candidates,
    // over each range's column slices side by side (no lookup per row).
    for rows in p.rows_aged(None, *serving.start()..=*now.end()) {
        let columns = p.status[rows.clone()]
            .iter()
            .zip(&p.health[rows.clone()])
            .zip(&p.in_institution[rows.clone()])
            .zip(&p.age[rows.clone()])
            .zip(&p.volunteer[rows.clone()])
            .zip(&p.attitude[rows]);
        for (((((&status, &health), &in_bed), age), &volunteer), &attitude) in columns {
            let at_home = status == Status::Resident && health == Health::Healthy && !in_bed;
            let e = at_home && now.contains(age);
            n += u32::from(e);
            volunteers += u32::from(e && volunteer);
            if at_home && serving.contains(age) {
                top_attitude = top_attitude.max(attitude);
            }
        }
    }
    let peer_share = if n > 0 {
        f64::from(volunteers) / f64::from(n)
    } else {
        0.0
    };
    let base = mp.intercept
        + mp.home_weight * f64::from(u8::from(v.facility == Facility::MutualAidHome))
        + mp.peer_weight * peer_share
        + mp.time_bank_weight * f64::from(u8::from(has_time_bank(v, mp)));
    let chance =
        |attitude: f32| 1.0 / (1.0 + (-(base + mp.attitude_weight * f64::from(attitude))).exp());
    let mut rng = v.stream(ctx, process);
    let p = &mut v.people;
    p.volunteer.fill(false);
    if top_attitude == f32::NEG_INFINITY {
        return;
    }
    // Thinning: rows of volunteer age are reached by gaps at the highest
    // chance any eligible person has (the logistic rises with attitude when
    // its weight is positive), and an eligible row reached volunteers with its
    // own chance over that bound — so each eligible person volunteers with
    // exactly their chance, with draws and logistics only for the rows reached.
    let bound = if mp.attitude_weight >= 0.0 {
        chance(top_attitude)
    } else {
        chance(0.0)
    };
    let Some(gaps) = Gaps::new(bound) else {
        return;
    };
    for rows in p.rows_aged(None, serving.clone()) {
        gaps.each_success(rows, &mut rng, |rng, i| {
            if in_ages(p, i, &serving) {
                p.volunteer[i] = rng.uniform() * bound < chance(p.attitude[i]);
            }
        });
    }
}

/// Village phase: the volunteer pool goes to accepting elders with unmet need.
pub fn give(v: &mut Village, ctx: &YearCtx) {
    let cp = &ctx.scenario.care;
    let mp = &cp.mutual_aid;
    let bank = has_time_bank(v, mp);
    let order = v.key_draws(ctx, Process::VillageQueues);
    let (p, s, book) = (&mut v.people, &mut v.scratch, &mut v.care);
    let n_vol = v.notes.serving_volunteers;
    let mut pool = n_vol as f32 * mp.hours_per_volunteer;
    v.spare_volunteer_hours = pool;
    if pool <= 0.0 {
        return;
    }
    // Book entries of the accepting elders with unmet need.
    let elder_age = ctx.scenario.household.elder_age;
    s.a.clear();
    s.a.extend((0..book.len() as u32).filter(|&k| {
        let i = book.row(k as usize);
        book.unmet[k as usize] > 0.0
            && p.age[i] >= elder_age
            && p.attitude[i] >= cp.acceptance.mutual_aid
    }));
    if s.a.is_empty() {
        return;
    }
    // The most severe first, then in the year's order; but first of all the
    // members holding credit, each up to what the credit pays for (its
    // year's hours as a weekly rate), which is withdrawn.
    super::order_entries(&mut s.a, &mut s.keys, |k| {
        let i = book.row(k);
        super::village_queue_key(order, p.health[i], p.serial[i])
    });
    let (mut given, mut withdrawn) = (0.0f32, 0.0f32);
    let weeks = WEEKS as f32;
    if bank {
        for &k in &s.a {
            if pool <= 0.0 {
                break;
            }
            let i = book.row(k as usize);
            if p.time_bank[i] <= 0.0 {
                continue;
            }
            let g = book.grant_volunteer(
                k as usize,
                pool.min(p.time_bank[i] / weeks),
                mp.max_hours_per_elder,
            );
            let w = (g * weeks).min(p.time_bank[i]);
            p.time_bank[i] -= w;
            withdrawn += w;
            pool -= g;
            given += g;
        }
    }
    for &k in &s.a {
        if pool <= 0.0 {
            break;
        }
        let g = book.grant_volunteer(k as usize, pool, mp.max_hours_per_elder);
        pool -= g;
        given += g;
    }
    v.spare_volunteer_hours = pool;
    if bank && n_vol > 0 {
        let credit = given * WEEKS as f32 / n_vol as f32;
        for i in 0..p.len() {
            if p.volunteer[i] && p.status[i] == Status::Resident && p.health[i] == Health::Healthy {
                p.time_bank[i] += credit;
            }
        }
        v.tally.time_bank_deposits_hours += f64::from(credit * n_vol as f32);
        v.tally.time_bank_withdrawals_hours += f64::from(withdrawn);
    }
}

#[cfg(test)]
mod tests {
    use super::give;
    use crate::care::WEEKS;
    use crate::population::layout;
    use crate::population::people::{CareSource, Health, Status};
    use crate::population::village::Facility;
    use crate::sim::testing::baseline;
    use crate::sim::{Model, YearCtx, build_county};

    /// Three accepting elders, each with 20 h a week unmet (Severe, Disabled,
    /// Frail, the Frail one holding `credit` hours of credit), and one
    /// volunteer's 5 h a week to give: the hours each receives from
    /// volunteers, and the Frail one's credit after.
    fn served(time_bank: bool, credit: f32) -> ([f32; 3], f32) {
        let mut sc = baseline(0.002, 0);
        sc.care.mutual_aid.time_bank = time_bank;
        sc.care.mutual_aid.hours_per_volunteer = 5.0;
        sc.care.mutual_aid.max_hours_per_elder = 20.0;
        let model = Model::new(&sc);
        let plan = &layout::plan(&sc.region, sc.run.scale)[0];
        let (_, mut villages) = build_county(&sc, &model, 0, plan);
        let ctx = YearCtx::new(&sc, &model, 0, 0);
        let v = &mut villages[0];
        v.facility = Facility::MutualAidHome;
        let p = &mut v.people;
        let elders: Vec<usize> = (0..p.len())
            .filter(|&i| {
                p.status[i] == Status::Resident
                    && p.age[i] >= sc.household.elder_age
                    && !p.in_institution[i]
            })
            .take(3)
            .collect();
        assert_eq!(elders.len(), 3);
        for (&i, health) in elders
            .iter()
            .zip([Health::Severe, Health::Disabled, Health::Frail])
        {
            p.health[i] = health;
            p.attitude[i] = 1.0;
            p.time_bank[i] = 0.0;
        }
        p.time_bank[elders[2]] = credit;
        v.care
            .open(|rows| rows.extend(elders.iter().map(|&i| i as u32)));
        for k in 0..3 {
            v.care.need[k] = 20.0;
            v.care.unmet[k] = 20.0;
        }
        v.notes.serving_volunteers = 1;
        give(v, &ctx);
        let hours = [0, 1, 2].map(|k| v.care.received[k][CareSource::MutualAid as usize]);
        (hours, v.people.time_bank[elders[2]])
    }

    #[test]
    fn members_holding_credit_are_served_first_and_draw_on_it() {
        // With a time bank, the credit holder comes before the more severe.
        let (hours, credit) = served(true, 1000.0);
        assert_eq!(hours, [0.0, 0.0, 5.0]);
        assert!(
            (credit - (1000.0 - 5.0 * WEEKS as f32)).abs() < 1e-3,
            "credit left {credit}"
        );
        // Without one, the most severe comes first and credit is not drawn.
        let (hours, credit) = served(false, 1000.0);
        assert_eq!(hours, [5.0, 0.0, 0.0]);
        assert_eq!(credit, 1000.0);
    }

    #[test]
    fn credit_buys_priority_only_for_the_hours_it_pays_for() {
        // A year's credit of one hour a week: that hour first, drawn whole;
        // the other four go to the most severe.
        let (hours, credit) = served(true, WEEKS as f32);
        assert!(
            (hours[2] - 1.0).abs() < 1e-5 && (hours[0] - 4.0).abs() < 1e-5,
            "{hours:?}"
        );
        assert_eq!(hours[1], 0.0);
        assert!(credit.abs() < 1e-3, "credit left {credit}");
    }
}
