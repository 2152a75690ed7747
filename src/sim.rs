//! The engine: builds a replication's synthetic region county by county and
//! steps each county through every year of the plan.
//!
//! Counties share no mutable state (region inputs are exogenous paths), so
//! (replication, county) pairs run in parallel, and villages within a county
//! in parallel too. Every draw comes from a stream keyed by (seed,
//! replication, village, process, year): output does not depend on threads.

use std::ops::RangeInclusive;

use rayon::prelude::*;

use crate::bands::{AGES, MAX_AGE};
use crate::care::county::County;
use crate::census::Pyramid;
use crate::demography::mortality::MortalityTable;
use crate::economy::Economy;
use crate::health::{Prevalence, TransitionTable};
use crate::indicators::Tally;
use crate::pension::PensionPath;
use crate::plan::{PLAN, Run, StepTimes};
use crate::population::household::household_sizes;
use crate::population::layout::{self, CountyPlan, RegionParams};
use crate::population::people::Sex;
use crate::population::prefetch::Reads;
use crate::population::synth::{self, SynthInputs};
use crate::population::village::{Facility, Notes, Scratch, Village};
use crate::rng::{GapRun, Process, StreamKey, fixed_uniform, gap_runs, threshold};
use crate::scenario::Scenario;

/// Tables derived once from a scenario and shared read-only by all threads.
pub struct Model {
    /// Death thresholds: [elsewhere, in a medically integrated township].
    pub mortality: [MortalityTable; 2],
    pub health: TransitionTable,
    /// Fertility by single age, per year index.
    pub asfr: Vec<[f64; AGES]>,
    pub boy_share: f64,
    pub attitude_at_birth: f32,
    /// Out-migration and return by year index (their rates' trends).
    pub migration: Vec<MigrationTables>,
    pub union_thresholds: [u64; AGES],
    /// Women's ages with a positive union rate, from the youngest (at least
    /// the minimum union age) to the oldest; empty when none has one.
    pub union_ages: RangeInclusive<u8>,
    /// Runs of ages with one threshold of unions of women (ages with a positive rate).
    pub union_runs: Vec<GapRun>,
    /// By a woman's age, the husband's acceptable ages, closest to the preferred gap first.
    pub husband_ages: Vec<Vec<(f64, usize)>>,
    /// The start population's shares of each health state by sex and single
    /// age ([`crate::health::ByAge::start`]).
    pub health_table: [Prevalence; 2],
    pub age_cdf: [f64; AGES],
    pub birth_age_weights: [f64; AGES],
    /// Mean age of mothers at birth under the fertility age pattern, whole years.
    pub mean_age_at_birth: usize,
    /// Price, rural income and wage indices (start year = 1).
    pub economy: Economy,
    /// Pensions by year and age, yuan per month.
    pub pension: PensionPath,
    /// Elders' labour income by health state and age, start-year yuan per year.
    pub labour_income: [[f64; AGES]; 4],
}

/// Thresholds of one year's out-migration and return.
pub struct MigrationTables {
    /// Out-migration thresholds: [other villages, industry villages][sex].
    pub out_thresholds: [[[u64; AGES]; 2]; 2],
    pub return_thresholds: [u64; AGES],
    pub care_return_thresholds: [u64; AGES],
    /// For a draw under the care threshold, the threshold of a second draw
    /// that returns with the regular probability (their ratio).
    pub regular_given_care: [u64; AGES],
    /// Runs of ages with one threshold: out-migration from `migration.out_from_age`
    /// ([other villages, industry villages][sex]), care-raised return from
    /// `household.child_age`.
    pub out_runs: [[Vec<GapRun>; 2]; 2],
    pub care_return_runs: Vec<GapRun>,
}

impl MigrationTables {
    /// The tables of `year_index` years after the start, the rates times
    /// their trends (a probability capped at 1).
    fn new(sc: &Scenario, year_index: usize) -> Self {
        let mp = &sc.migration;
        let (out_trend, return_trend) = mp.trends(year_index);
        let return_thresholds =
            per_age(&|a| mp.return_rate.at(a) * mp.return_multiplier(a) * return_trend);
        let care_return_thresholds = per_age(&|a| {
            mp.return_rate.at(a)
                * mp.return_multiplier(a)
                * return_trend
                * mp.care_return_multiplier
        });
        let out_thresholds = [1.0, sc.integration.industry_out_migration_multiplier].map(|m| {
            [Sex::Male, Sex::Female].map(|sex| {
                per_age(&|a| {
                    mp.out_rate.at(a)
                        * mp.out_multiplier(sex, a)
                        * out_trend
                        * if a <= usize::from(sc.integration.industry_youth_max_age) {
                            m
                        } else {
                            1.0
                        }
                })
            })
        });
        MigrationTables {
            out_runs: out_thresholds.each_ref().map(|by_sex| {
                by_sex
                    .each_ref()
                    .map(|th| gap_runs(th, usize::from(mp.out_from_age)..=MAX_AGE))
            }),
            out_thresholds,
            care_return_runs: gap_runs(
                &care_return_thresholds,
                usize::from(sc.household.child_age)..=MAX_AGE,
            ),
            regular_given_care: std::array::from_fn(|a| {
                let (regular, care) = (return_thresholds[a], care_return_thresholds[a]);
                threshold(if care == 0 {
                    0.0
                } else {
                    regular as f64 / care as f64
                })
            }),
            return_thresholds,
            care_return_thresholds,
        }
    }
}

/// A threshold per age of the probability `f` gives at each age.
fn per_age(f: &dyn Fn(usize) -> f64) -> [u64; AGES] {
    std::array::from_fn(|a| threshold(f(a)))
}

impl Model {
    pub fn new(sc: &Scenario) -> Self {
        let r = &sc.run;
        let health = sc.health.by_age(
            &sc.mortality,
            r.start_year,
            &sc.population.resident_age_weights(),
        );
        let schedules = sc.mortality.schedules(r.start_year, r.end_year);
        let union_thresholds = per_age(&|a| sc.partnership.union_rate.at(a));
        let union_ages = union_thresholds
            .iter()
            .position(|&t| t > 0)
            .unwrap_or(AGES)
            .max(usize::from(sc.partnership.min_age)) as u8
            ..=union_thresholds.iter().rposition(|&t| t > 0).unwrap_or(0) as u8;
        let mut age_cdf = sc.population.registered_age_distribution();
        let mut acc = 0.0;
        for x in age_cdf.iter_mut() {
            acc += *x;
            *x = acc;
        }
        age_cdf[MAX_AGE] = 1.0;
        let srb = sc.fertility.sex_ratio_at_birth;
        let first_rule = sc
            .pension
            .rules
            .first()
            .map_or(r.start_year, |x| x.from_year);
        let economy = Economy::new(
            &sc.economy,
            r.start_year,
            first_rule.min(r.start_year),
            r.end_year,
        );
        let pension = PensionPath::new(
            &sc.pension,
            &economy,
            |year| sc.income.subsistence_line(&economy, year),
            r.start_year,
            r.end_year,
        );
        Model {
            mortality: [1.0, sc.integration.medical_mortality_multiplier]
                .map(|m| MortalityTable::new(&sc.mortality, &schedules, &health.weights, m)),
            health: TransitionTable::new(&sc.health, sc.integration.medical_progression_multiplier),
            asfr: (0..=r.steps())
                .map(|i| sc.fertility.asfr(sc.fertility.tfr_at(i as i32)))
                .collect(),
            boy_share: srb / (100.0 + srb),
            attitude_at_birth: sc.attitudes.initial_mean as f32,
            // Each year's from the scenario in force that year (the return
            // incentive may be scheduled).
            migration: (0..=r.steps())
                .map(|i| MigrationTables::new(sc.in_force(r.start_year + i as i32), i))
                .collect(),
            union_runs: gap_runs(
                &union_thresholds,
                usize::from(*union_ages.start())..=usize::from(*union_ages.end()),
            ),
            union_ages,
            union_thresholds,
            husband_ages: sc.partnership.husband_ages(),
            health_table: health.start,
            age_cdf,
            birth_age_weights: std::array::from_fn(|a| sc.fertility.age_pattern.at(a)),
            mean_age_at_birth: sc.fertility.mean_age_at_birth().round() as usize,
            economy,
            pension,
            labour_income: sc.income.labour_income_table(),
        }
    }
}

/// What every step may read: the year, the stream key parts, the scenario and model.
pub struct YearCtx<'a> {
    pub seed: u64,
    pub replication: u32,
    /// The year being simulated (flows happen during it; stocks are at its end).
    pub year: i32,
    /// `year - start_year`.
    pub year_index: usize,
    pub scenario: &'a Scenario,
    pub model: &'a Model,
    /// Keep the wall time of each step (village and county `step_times`);
    /// off in runs, on in the step benchmark.
    pub timed: bool,
}

/// One village's end-of-year size (for villages.csv and the hollowing charts).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct VillageRow {
    pub village: u32,
    pub township: u32,
    pub registered: f64,
    pub resident: f64,
    pub resident_60plus: f64,
}

/// A county's output for one year.
#[derive(Clone, Debug, PartialEq)]
pub struct YearOut {
    pub year: i32,
    pub tally: Tally,
    pub pyramid: Pyramid,
    /// The villages' own tallies summed by the facility each has at the end
    /// of the year, indexed by [`Facility`] (county-level counts stay out).
    pub by_facility: [Tally; 3],
    pub villages: Vec<VillageRow>,
}

/// A county's output for all years of one replication.
#[derive(Clone, Debug, PartialEq)]
pub struct CountyRun {
    pub county: u32,
    pub years: Vec<YearOut>,
}

/// Everything the synthesis of a replication's villages reads (MODEL.md §5):
/// scenarios equal in it start from the same villages, so a run of several
/// scenarios builds them once per replication and county (see [`run_all`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Synthesis {
    pub seed: u64,
    pub scale: f64,
    pub start_year: i32,
    pub region: RegionParams,
    pub persons: SynthInputs,
    /// Village facilities at start: shares with none and with a mutual-aid home.
    pub no_facility_share: f64,
    pub mutual_aid_home_share: f64,
    /// Share of villages with an integrated industry.
    pub industry: f64,
}

impl Synthesis {
    pub fn new(sc: &Scenario, model: &Model) -> Self {
        Synthesis {
            seed: sc.run.seed,
            scale: sc.run.scale,
            start_year: sc.run.start_year,
            region: sc.region.clone(),
            persons: SynthInputs {
                synth: sc.population.clone(),
                household: sc.household.clone(),
                partnership: sc.partnership.clone(),
                attitude_mean: sc.attitudes.initial_mean,
                attitude_sd: sc.attitudes.initial_sd,
                health: model.health_table,
                age_cdf: model.age_cdf,
                birth_age_weights: model.birth_age_weights,
            },
            no_facility_share: sc.facilities.no_facility_share,
            mutual_aid_home_share: sc.facilities.mutual_aid_home_share,
            industry: sc.integration.industry,
        }
    }
}

/// Builds a county's villages for one replication, their start-year incomes
/// and volunteers, and the county's care capacity.
pub fn build_county(
    sc: &Scenario,
    model: &Model,
    replication: u32,
    plan: &CountyPlan,
) -> (County, Vec<Village>) {
    let villages = synthesize(&Synthesis::new(sc, model), replication, plan);
    prepare(sc, model, replication, plan, villages)
}

/// Gives synthesized villages a scenario's start-year incomes and volunteers,
/// and builds the county's care capacity. The beds filled at start are waived
/// their fee by these incomes; the start year's own incomes step computes the
/// same incomes again, into the year's tally.
fn prepare(
    sc: &Scenario,
    model: &Model,
    replication: u32,
    plan: &CountyPlan,
    mut villages: Vec<Village>,
) -> (County, Vec<Village>) {
    let ctx = YearCtx::new(sc, model, replication, 0);
    villages.par_iter_mut().for_each(|v| {
        v.with_lent_scratch(|v| {
            household_sizes(&v.people, 0, &mut v.notes.counts);
            crate::income::step(v, &ctx);
            crate::care::mutual_aid::start_volunteers(v, &ctx);
        })
    });
    let county = County::build(sc, replication, plan, &mut villages);
    crate::integration::place(
        &county,
        &mut villages,
        sc.run.seed,
        replication,
        sc.integration.medical,
    );
    (county, villages)
}

/// Synthesizes a county's villages (layout draws and persons).
fn synthesize(syn: &Synthesis, replication: u32, plan: &CountyPlan) -> Vec<Village> {
    let rp = &syn.region;
    plan.villages
        .clone()
        .into_par_iter()
        .map(|id| {
            let key = StreamKey {
                seed: syn.seed,
                replication,
                unit: u64::from(id),
                process: Process::Synthesis,
                year: syn.start_year,
            };
            let mut rng = key.rng();
            let lognormal = |rng: &mut crate::rng::Stream, mean: f64, cv: f64| {
                let s2 = (1.0 + cv * cv).ln();
                (mean.ln() - s2 / 2.0 + s2.sqrt() * rng.normal()).exp()
            };
            let size = lognormal(
                &mut rng,
                rp.village_registered_mean,
                rp.village_registered_cv,
            )
            .round()
            .max(f64::from(rp.village_registered_min)) as usize;
            let distance_km =
                lognormal(&mut rng, rp.distance_km_mean.max(0.01), rp.distance_km_cv) as f32;
            let u = rng.uniform();
            let facility = if u < syn.no_facility_share {
                Facility::None
            } else if u < syn.no_facility_share + syn.mutual_aid_home_share {
                Facility::MutualAidHome
            } else {
                Facility::CarePoint
            };
            let township = layout::township_of(id, rp, syn.scale);
            Village {
                id,
                county: plan.id,
                township,
                distance_km,
                facility,
                capacity: 1.0,
                // Placed once the county's stations are drawn (see `prepare`).
                integrated: false,
                renovated_homes: false,
                industry: fixed_uniform(syn.seed, replication, id, 0, Process::Industry)
                    < syn.industry,
                spare_volunteer_hours: 0.0,
                people: synth::people(size, &syn.persons, &mut rng),
                care: Default::default(),
                tally: Tally::default(),
                pyramid: Pyramid::default(),
                notes: Notes::default(),
                scratch: Scratch::default(),
                step_times: StepTimes::default(),
            }
        })
        .collect()
}

/// Villages a thread takes at a time in a pass: within a run, each village's
/// next is known, so its memory can be fetched while the village runs.
const RUN: usize = 16;

/// Runs a county and its villages through the plan for the context's year
/// (only the observation steps in the start year): village steps in parallel
/// over villages, county steps after them. Each village's tally holds the year's counts.
pub fn step_year(county: &mut County, villages: &mut [Village], ctx: &YearCtx) {
    villages.iter_mut().for_each(|v| v.tally = Tally::default());
    county.tally = Tally::default();
    let steps: Vec<(usize, &crate::plan::Step)> = PLAN
        .iter()
        .enumerate()
        .filter(|(_, s)| (ctx.year_index > 0 || s.at_start) && (s.used)(ctx.scenario))
        .collect();
    let village_step = |s: &(usize, &crate::plan::Step)| matches!(s.1.run, Run::Village(..));
    for segment in steps.chunk_by(|a, b| village_step(a) == village_step(b)) {
        if village_step(&segment[0]) {
            // While a thread runs a village, the next village of its run is
            // fetched, a part before each step, and only what the pass's steps read.
            let persons = segment
                .iter()
                .any(|(_, s)| matches!(s.run, Run::Village(_, Reads::Persons)));
            let reads = if persons { Reads::Persons } else { Reads::Care };
            villages.par_chunks_mut(RUN).for_each(|mut run| {
                while let Some((this, rest)) = run.split_first_mut() {
                    let mut next = rest.first().map(|v| v.footprint(reads));
                    this.with_lent_scratch(|v| {
                        for (s, &(k, step)) in segment.iter().enumerate() {
                            if let Run::Village(f, _) = step.run {
                                let started = StepTimes::start(ctx.timed);
                                if let Some(next) = &mut next {
                                    next.prefetch_part(s, segment.len());
                                }
                                f(v, ctx);
                                v.step_times.stop(k, started);
                            }
                        }
                    });
                    run = rest;
                }
            });
        } else {
            for &(k, step) in segment {
                if let Run::County(f) = step.run {
                    let started = StepTimes::start(ctx.timed);
                    f(county, villages, ctx);
                    county.step_times.stop(k, started);
                }
            }
        }
    }
}

impl<'a> YearCtx<'a> {
    /// The context of year `year_index` (0 = start year) of a replication.
    pub fn new(
        scenario: &'a Scenario,
        model: &'a Model,
        replication: u32,
        year_index: usize,
    ) -> Self {
        let r = &scenario.run;
        let year = r.start_year + year_index as i32;
        YearCtx {
            seed: r.seed,
            replication,
            year,
            year_index,
            scenario: scenario.in_force(year),
            model,
            timed: false,
        }
    }
}

/// A county that grew, during a run, past the persons one county may hold
/// (`run.max_county_persons`): the run stops rather than exhaust memory. The
/// scenario is valid (validation bounds only the start), but its population
/// grows too fast for its size and length.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error(
    "scenario '{scenario}' ({file}): county {county} of replication {replication} held {persons} \
     registered persons at the end of {year}, more than run.max_county_persons = {limit} allows \
     (each county running holds its persons in memory, about {bytes} bytes each); expected a \
     population that grows less (fertility, migration), a smaller run.scale, fewer years, or a \
     larger run.max_county_persons where the memory allows it",
    file = .file.display(),
    bytes = layout::BYTES_PER_PERSON
)]
pub struct Overgrown {
    pub scenario: String,
    pub file: std::path::PathBuf,
    pub county: u32,
    pub replication: u32,
    pub year: i32,
    /// Registered persons (resident and away) of the county at the end of `year`.
    pub persons: usize,
    /// `run.max_county_persons`.
    pub limit: u32,
}

/// Runs one county of one replication through every year, from its
/// synthesized villages. `tick` is called once per year. Stops with
/// [`Overgrown`] at the end of a year the county holds more than
/// `run.max_county_persons` persons.
fn run_county(
    sc: &Scenario,
    model: &Model,
    replication: u32,
    plan: &CountyPlan,
    synthesized: Vec<Village>,
    keep_villages: bool,
    tick: &(dyn Fn() + Sync),
) -> Result<CountyRun, Overgrown> {
    let (mut county, mut villages) = prepare(sc, model, replication, plan, synthesized);
    let r = &sc.run;
    let mut years = Vec::with_capacity(r.steps() + 1);
    for year_index in 0..=r.steps() {
        let ctx = YearCtx::new(sc, model, replication, year_index);
        step_year(&mut county, &mut villages, &ctx);
        let mut out = YearOut {
            year: ctx.year,
            tally: Tally::default(),
            pyramid: Pyramid::default(),
            by_facility: [Tally::default(); 3],
            villages: Vec::new(),
        };
        for v in &villages {
            out.tally.add(&v.tally);
            out.by_facility[v.facility as usize].add(&v.tally);
            out.pyramid.add(&v.pyramid);
            // Facilities are counted at the end of the year, after the build-out.
            out.tally.villages_with_care_point +=
                f64::from(u8::from(v.facility == Facility::CarePoint));
            out.tally.villages_with_mutual_aid_home +=
                f64::from(u8::from(v.facility == Facility::MutualAidHome));
            let with_facility = f64::from(u8::from(v.facility != Facility::None));
            out.tally.villages_with_facility += with_facility;
            out.by_facility[v.facility as usize].villages_with_facility += with_facility;
            if keep_villages {
                out.villages.push(VillageRow {
                    village: v.id,
                    township: v.township,
                    registered: v.tally.registered_population,
                    resident: v.tally.resident_population,
                    resident_60plus: v.tally.resident_60plus,
                });
            }
        }
        county.record(sc, &mut out.tally);
        let persons = out.tally.registered_population as usize;
        if persons > r.max_county_persons as usize {
            return Err(Overgrown {
                scenario: sc.name.clone(),
                file: sc.file.clone(),
                county: plan.id,
                replication,
                year: ctx.year,
                persons,
                limit: r.max_county_persons,
            });
        }
        years.push(out);
        tick();
    }
    Ok(CountyRun {
        county: plan.id,
        years,
    })
}

/// Runs every replication of a scenario: result indexed [replication][county].
/// Village rows are kept for replication 0 only.
pub fn run(sc: &Scenario, tick: &(dyn Fn() + Sync)) -> Result<Vec<Vec<CountyRun>>, Overgrown> {
    Ok(run_all(std::slice::from_ref(sc), tick)?
        .pop()
        .expect("one result per scenario"))
}

/// Runs every replication of several scenarios: result indexed
/// [scenario][replication][county], each as [`run`] gives it alone. Scenarios
/// with equal [`Synthesis`] (a comparison's usually are: most policies act
/// after the start) share each replication's synthesized villages, built
/// once per county and copied to each; (replication, county) pairs run in parallel.
/// A county that grows too large stops the run: the first in job order (scenario
/// group, replication, county) is reported, whatever the threads.
pub fn run_all(
    scenarios: &[Scenario],
    tick: &(dyn Fn() + Sync),
) -> Result<Vec<Vec<Vec<CountyRun>>>, Overgrown> {
    let models: Vec<Model> = scenarios.par_iter().map(Model::new).collect();
    let synthesis: Vec<Synthesis> = scenarios
        .iter()
        .zip(&models)
        .map(|(sc, m)| Synthesis::new(sc, m))
        .collect();
    let groups = synthesis_groups(&synthesis);
    // Jobs by (group, replication, county), so that each scenario's results
    // come out by replication, then county.
    let mut jobs: Vec<(usize, u32, CountyPlan)> = Vec::new();
    for (g, members) in groups.iter().enumerate() {
        let first = &scenarios[members[0]];
        let reps = members
            .iter()
            .map(|&k| scenarios[k].run.replications)
            .max()
            .unwrap_or(0);
        let counties = layout::plan(&first.region, first.run.scale);
        for rep in 0..reps {
            jobs.extend(counties.iter().map(|c| (g, rep, c.clone())));
        }
    }
    let runs: Vec<Result<Vec<(usize, CountyRun)>, Overgrown>> = jobs
        .par_iter()
        .map(|(g, rep, plan)| {
            let members: Vec<usize> = groups[*g]
                .iter()
                .copied()
                .filter(|&k| *rep < scenarios[k].run.replications)
                .collect();
            let villages = synthesize(&synthesis[members[0]], *rep, plan);
            let run = |k: usize, own: Vec<Village>| {
                let keep_villages = *rep == 0;
                let run = run_county(
                    &scenarios[k],
                    &models[k],
                    *rep,
                    plan,
                    own,
                    keep_villages,
                    tick,
                )?;
                Ok((k, run))
            };
            // Every scenario but the last runs on a copy; the last takes the villages.
            let (&last, rest) = members.split_last().expect("a job has a scenario");
            let mut runs: Vec<(usize, CountyRun)> = rest
                .iter()
                .map(|&k| run(k, villages.clone()))
                .collect::<Result<_, _>>()?;
            runs.push(run(last, villages)?);
            Ok(runs)
        })
        .collect();
    // Every job has run (each county stops at its own limit); the first error
    // in job order is the one reported, so that the message does not depend
    // on which thread met its error first.
    let runs: Vec<Vec<(usize, CountyRun)>> = runs.into_iter().collect::<Result<_, _>>()?;
    let mut out: Vec<Vec<Vec<CountyRun>>> = scenarios
        .iter()
        .map(|sc| vec![Vec::new(); sc.run.replications as usize])
        .collect();
    for ((_, rep, _), job) in jobs.iter().zip(runs) {
        for (k, run) in job {
            out[k][*rep as usize].push(run);
        }
    }
    Ok(out)
}

/// Scenarios grouped by equal synthesis, each group in scenario order, the
/// groups in the order of their first scenario.
pub fn synthesis_groups(synthesis: &[Synthesis]) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (k, s) in synthesis.iter().enumerate() {
        match groups.iter_mut().find(|g| synthesis[g[0]] == *s) {
            Some(g) => g.push(k),
            None => groups.push(vec![k]),
        }
    }
    groups
}

/// Helpers for the unit tests of the steps: the shipped baseline at a test
/// size, and a county stepped through it year by year.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// The shipped baseline at `scale`, one replication, `years` simulated years.
    pub fn baseline(scale: f64, years: u32) -> Scenario {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml");
        let o = crate::scenario::Overrides {
            years: Some(years),
            replications: Some(1),
            scale: Some(scale),
            ..Default::default()
        };
        crate::scenario::load(&path, &o).expect("the baseline loads")
    }

    /// Steps the first county of `sc` through every year, handing the year,
    /// the county and its villages to `each` after each year.
    pub fn each_year(sc: &Scenario, mut each: impl FnMut(&YearCtx, &County, &[Village])) {
        let model = Model::new(sc);
        let plan = &layout::plan(&sc.region, sc.run.scale)[0];
        let (mut county, mut villages) = build_county(sc, &model, 0, plan);
        for year_index in 0..=sc.run.steps() {
            let ctx = YearCtx::new(sc, &model, 0, year_index);
            step_year(&mut county, &mut villages, &ctx);
            each(&ctx, &county, &villages);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn villages_with_a_facility_are_counted_at_the_end_of_the_year() {
        // Every village without a facility gets a care point in the first
        // simulated year: that year's count includes them, as the counts of care
        // points and homes do.
        let mut sc = testing::baseline(0.002, 1);
        let p = &mut sc.facilities.plan;
        p.from_year = sc.run.start_year + 1;
        p.to_year = p.from_year;
        p.care_points = 1.0;
        sc.finance.construction_budget_per_elder = 1e5;
        let result = run(&sc, &|| {}).expect("the run stays within its limits");
        let mut built = 0.0;
        for county in &result[0] {
            for y in &county.years {
                let t = &y.tally;
                assert_eq!(
                    t.villages_with_facility,
                    t.villages_with_care_point + t.villages_with_mutual_aid_home,
                    "{}",
                    y.year
                );
                let by_type: f64 = y.by_facility.iter().map(|b| b.villages_with_facility).sum();
                assert_eq!(by_type, t.villages_with_facility);
                assert_eq!(
                    y.by_facility[Facility::None as usize].villages_with_facility,
                    0.0
                );
                built += t.care_points_built;
            }
            assert_eq!(
                county.years[1].tally.villages_with_facility,
                county.years[1].tally.villages
            );
        }
        assert!(built > 0.0);
    }

    /// A county whose population grows past `run.max_county_persons` stops
    /// the run at the end of the first year it holds more, with the same
    /// error whatever the number of threads.
    #[test]
    fn a_county_growing_past_its_limit_stops_the_run() {
        let mut sc = testing::baseline(0.002, 15);
        sc.fertility.tfr = 6.0;
        sc.migration.settle_rate = 0.0;
        let grown = run(&sc, &|| {}).expect("within the default limit");
        let first = &grown[0][0];
        let registered: Vec<f64> = first
            .years
            .iter()
            .map(|y| y.tally.registered_population)
            .collect();
        let limit = 1.02 * registered[0];
        let crossed = registered.iter().position(|&r| r > limit);
        assert!(
            crossed.is_some_and(|k| k > 0),
            "county {} does not grow past {limit}: {registered:?}",
            first.county
        );
        sc.run.max_county_persons = limit as u32;
        let errors = [1, 2].map(|threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("a thread pool")
                .install(|| run(&sc, &|| {}))
                .expect_err("the county grows past its limit")
        });
        assert_eq!(errors[0], errors[1]);
        let e = &errors[0];
        assert_eq!((e.county, e.replication), (first.county, 0));
        assert_eq!(e.year, sc.run.start_year + crossed.unwrap() as i32);
        assert!(e.persons > e.limit as usize && e.limit == sc.run.max_county_persons);
        let message = e.to_string();
        assert!(
            message.contains(&format!("more than run.max_county_persons = {}", e.limit)),
            "{message}"
        );
    }
}
