//! Scenarios: TOML files that set every parameter of a run. A scenario may
//! `extends = "baseline.toml"` and override only what it changes; tables merge
//! key by key. Loading validates everything and reports every problem at once.

pub mod diag;
pub mod reader;
pub mod schedule;
pub mod source;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::attitudes::AttitudeParams;
use crate::care::CareParams;
use crate::census::CensusParams;
use crate::demography::fertility::FertilityParams;
use crate::demography::migration::MigrationParams;
use crate::demography::mortality::MortalityParams;
use crate::demography::partnership::PartnershipParams;
use crate::economy::EconomyParams;
use crate::facilities::FacilityParams;
use crate::finance::FinanceParams;
use crate::health::HealthParams;
use crate::income::IncomeParams;
use crate::integration::IntegrationParams;
use crate::ltc::LtcParams;
use crate::pension::PensionParams;
use crate::population::household::HouseholdParams;
use crate::population::layout::{self, RegionParams};
use crate::population::synth::SynthParams;
use crate::services::ServiceParams;
use crate::workforce::WorkforceParams;
use diag::{Diagnostic, Origin, ScenarioError};
use reader::{ParamDoc, ReadContext, Section, doc};
use source::{Table, Value};

/// Horizon, seed, replications and scale of a run, and the discount rate of its
/// cost-effectiveness figures.
#[derive(Clone, Debug)]
pub struct RunParams {
    pub start_year: i32,
    pub end_year: i32,
    pub seed: u64,
    pub replications: u32,
    pub scale: f64,
    /// Yearly rate at which `cost_effectiveness.csv` discounts spending and outcomes.
    pub discount_rate: f64,
    /// The most persons one county may hold at the end of a year: a run whose
    /// population grows past it stops ([`crate::sim::Overgrown`]).
    pub max_county_persons: u32,
}

impl RunParams {
    /// The keys of `[run]`, which the scenarios of a paired job share with the
    /// reference, in the order of [`RunParams::paired_values`].
    pub const PAIRED_KEYS: [&str; 6] = [
        "seed",
        "replications",
        "start_year",
        "end_year",
        "scale",
        "discount_rate",
    ];

    /// The values of [`RunParams::PAIRED_KEYS`], exactly, to compare.
    pub fn paired_values(&self) -> [u64; 6] {
        [
            self.seed,
            u64::from(self.replications),
            self.start_year as u64,
            self.end_year as u64,
            self.scale.to_bits(),
            self.discount_rate.to_bits(),
        ]
    }

    fn read(s: &mut Section) -> Self {
        let r = RunParams {
            start_year: s.int(
                "start_year",
                1950..=2100,
                doc(
                    "year",
                    "year of the synthetic start population",
                    "DATA.md (2020 census year)",
                ),
            ) as i32,
            end_year: s.int(
                "end_year",
                1950..=2200,
                doc("year", "last year simulated", "MODEL.md §2 (2050)"),
            ) as i32,
            seed: s.int(
                "seed",
                0..=i64::MAX,
                doc("integer", "master random seed", "—"),
            ) as u64,
            replications: s.int(
                "replications",
                1..=10_000,
                doc(
                    "runs",
                    "replications (independent synthetic regions and histories)",
                    "—",
                ),
            ) as u32,
            scale: s.num(
                "scale",
                1e-6..=1.0,
                doc(
                    "fraction",
                    "share of the region's counties, townships and villages built",
                    "MODEL.md §5",
                ),
            ),
            discount_rate: s.num(
                "discount_rate",
                0.0..=0.2,
                doc(
                    "per year",
                    "rate at which cost_effectiveness.csv discounts public spending and outcomes to the start year (0: undiscounted)",
                    "China Guidelines for Pharmacoeconomic Evaluations 2020: 5 % for costs and outcomes, 0–8 % in sensitivity analysis (S)",
                ),
            ),
            max_county_persons: s.int(
                "max_county_persons",
                1..=layout::MAX_PERSONS as i64,
                doc(
                    "persons",
                    "most registered persons (resident and away) one county may hold at the end of a year; a run growing past it stops with an error instead of exhausting memory",
                    "— (a limit of the run, not of the model: about 100 bytes a person)",
                ),
            ) as u32,
        };
        s.require(
            &["end_year", "start_year"],
            r.end_year >= r.start_year,
            || {
                format!(
                    "end_year {} is before start_year {}; expected a year at or after it",
                    r.end_year, r.start_year
                )
            },
        );
        r
    }

    /// Number of simulated steps after the start year.
    pub fn steps(&self) -> usize {
        (self.end_year - self.start_year) as usize
    }
}

/// A fully resolved, validated scenario.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// The file stem, e.g. `baseline`.
    pub name: String,
    pub description: String,
    pub file: PathBuf,
    pub run: RunParams,
    pub region: RegionParams,
    pub population: SynthParams,
    pub health: HealthParams,
    pub mortality: MortalityParams,
    pub fertility: FertilityParams,
    pub partnership: PartnershipParams,
    pub migration: MigrationParams,
    pub household: HouseholdParams,
    pub census: CensusParams,
    pub facilities: FacilityParams,
    pub attitudes: AttitudeParams,
    pub care: CareParams,
    pub services: ServiceParams,
    pub income: IncomeParams,
    pub economy: EconomyParams,
    pub pension: PensionParams,
    pub workforce: WorkforceParams,
    pub finance: FinanceParams,
    pub ltc: LtcParams,
    pub integration: IntegrationParams,
    /// The policy schedule: the scenario in force from each entry's year on,
    /// in order of the years (MODEL.md §3, step 0). Each is read at load from
    /// the file's tree, so a field changed in code afterwards does not reach it.
    pub schedule: Vec<schedule::Policy>,
    /// The merged tree after `extends` and overrides (for the manifest).
    pub resolved: toml::Table,
    /// Every parameter read, with unit, range and source.
    pub docs: Vec<ParamDoc>,
}

/// Command-line overrides: of the `[run]` table, and of any parameter (`--set`).
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    /// Number of years to simulate after the start year.
    pub years: Option<u32>,
    pub replications: Option<u32>,
    pub seed: Option<u64>,
    pub scale: Option<f64>,
    /// (dotted key, value as written) pairs, applied in order after the
    /// replications, seed and scale and before the years; a value is read as
    /// TOML, or as a string when it is not TOML.
    pub set: Vec<(String, String)>,
    /// (dotted key, value as written) of a sweep's variant (`--vary`), applied
    /// after `set` as it is, so that its problems are reported at `--vary`.
    pub vary: Vec<(String, String)>,
}

impl Overrides {
    /// Applies the options, then each `--set` in order, then `--years`, so that
    /// the years count from the start year as `--set` may have changed it.
    fn apply(&self, tree: &mut Table) -> Result<(), Vec<Diagnostic>> {
        let mut problems = Vec::new();
        let set = |tree: &mut Table, key: &str, value: Value, flag, problems: &mut Vec<_>| {
            if let Err(d) = source::set_path(tree, key, value, flag) {
                problems.extend(d);
            }
        };
        if let Some(r) = self.replications {
            set(
                tree,
                "run.replications",
                Value::Int(i64::from(r)),
                "--reps",
                &mut problems,
            );
        }
        if let Some(s) = self.seed {
            match i64::try_from(s) {
                Ok(s) => set(tree, "run.seed", Value::Int(s), "--seed", &mut problems),
                Err(_) => problems.push(Diagnostic {
                    origin: Origin::CommandLine("--seed"),
                    path: "run.seed".into(),
                    message: format!("expected a whole number from 0 to {}, found {s}", i64::MAX),
                }),
            }
        }
        if let Some(s) = self.scale {
            set(tree, "run.scale", Value::Float(s), "--scale", &mut problems);
        }
        let assignments =
            (self.set.iter().map(|s| (s, "--set"))).chain(self.vary.iter().map(|s| (s, "--vary")));
        for ((key, text), flag) in assignments {
            set(
                tree,
                key,
                source::parse_value(text, flag),
                flag,
                &mut problems,
            );
        }
        if let Some(y) = self.years {
            // However --set named it (`run.end_year`, or `run = { end_year = … }`).
            let end_year_set = match tree.get("run").map(|n| &n.value) {
                Some(Value::Table(t)) => t
                    .get("end_year")
                    .is_some_and(|n| matches!(n.origin, Origin::CommandLine("--set"))),
                _ => false,
            };
            if end_year_set {
                problems.push(Diagnostic {
                    origin: Origin::CommandLine("--years"),
                    path: "run.end_year".into(),
                    message: "both --years and --set run.end_year set the last year; expected one of them".into(),
                });
            }
            let start = match tree.get("run").map(|n| &n.value) {
                Some(Value::Table(t)) => match t.get("start_year").map(|n| &n.value) {
                    Some(Value::Int(s)) => *s,
                    _ => 2020,
                },
                _ => 2020,
            };
            set(
                tree,
                "run.end_year",
                Value::Int(start.saturating_add(i64::from(y))),
                "--years",
                &mut problems,
            );
        }
        diag::none_found(problems)
    }
}

/// Where the curves that `health.transitions.refit` fitted at load come from.
const REFIT: &str = "health.transitions.refit";

/// Loads, merges, overrides and validates a scenario file, reporting the
/// problems of the overrides and of the scenario as they change it together.
pub fn load(path: &Path, overrides: &Overrides) -> Result<Scenario, ScenarioError> {
    let loaded = source::load(path).map_err(ScenarioError)?;
    load_tree(loaded, path, overrides)
}

/// [`load`] of a file already read and merged (`source::load`).
pub fn load_tree(
    loaded: source::Loaded,
    path: &Path,
    overrides: &Overrides,
) -> Result<Scenario, ScenarioError> {
    let source::Loaded {
        mut tree,
        problems: merged,
    } = loaded;
    // An override that cannot be applied leaves the tree as it was there.
    let problems = overrides.apply(&mut tree).err().unwrap_or_default();
    match read(&tree, path, merged.clone()) {
        // The fitted curves are written into the tree, with refit off, and read
        // again: the parameters listed and the manifest's resolved scenario are
        // what the run uses, and a reproduction runs them as they are.
        Ok(scenario) if problems.is_empty() && scenario.health.refit => {
            for (name, c) in crate::health::STATE_KEYS
                .into_iter()
                .zip(scenario.health.progression)
            {
                for (part, x) in [
                    ("intercept", c.intercept),
                    ("slope", c.slope),
                    ("curvature", c.curvature),
                ] {
                    let key = format!("health.transitions.{name}_{part}");
                    source::set_path(&mut tree, &key, Value::Float(x), REFIT)
                        .expect("a fitted curve's key");
                }
            }
            source::set_path(
                &mut tree,
                "health.transitions.refit",
                Value::Bool(false),
                REFIT,
            )
            .expect("the refit key");
            read(&tree, path, merged)
        }
        Ok(scenario) if problems.is_empty() => Ok(scenario),
        Ok(_) => Err(ScenarioError(problems)),
        // The file's problems in reading order, the command line's after.
        Err(mut e) => {
            e.0.extend(problems);
            Err(e)
        }
    }
}

/// A scenario's name: its file's, without the extension.
fn scenario_name(path: &Path) -> String {
    path.file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
}

/// Reads a merged tree into a scenario, collecting every problem, with
/// those `found` in merging it.
pub fn read(tree: &Table, path: &Path, found: Vec<Diagnostic>) -> Result<Scenario, ScenarioError> {
    read_preferring(tree, path, found, Vec::new())
}

/// [`read`], reporting a cross-field problem at one of the `preferred` full
/// paths when its check reads one ([`ReadContext::preferred`]).
fn read_preferring(
    tree: &Table,
    path: &Path,
    found: Vec<Diagnostic>,
    preferred: Vec<String>,
) -> Result<Scenario, ScenarioError> {
    let file: Arc<str> = Arc::from(path.display().to_string());
    let ctx = ReadContext {
        own_file: Some(file.clone()),
        preferred,
        ..ReadContext::default()
    };
    for d in found {
        ctx.diags.push(d.origin, d.path, d.message);
    }
    // The file's name names the scenario in every output and its default folder.
    let name = scenario_name(path);
    if matches!(name.as_str(), "" | "." | "..") {
        ctx.diags.push(
            Origin::File {
                file: file.clone(),
                line: 1,
                col: 1,
            },
            "",
            format!(
                "the file's name gives the scenario the name '{name}', which cannot name its output \
                 folder; expected a name such as baseline.toml"
            ),
        );
    }
    let mut root = Section::root(
        &ctx,
        tree,
        Origin::File {
            file,
            line: 1,
            col: 1,
        },
    );
    let description = root.text("description");
    let mut section = |key: &'static str| root.section(key);
    macro_rules! part {
        ($key:literal, $ty:ty) => {{
            let mut s = section($key);
            let v = <$ty>::read(&mut s);
            s.finish();
            v
        }};
    }
    let run = part!("run", RunParams);
    let region = part!("region", RegionParams);
    let population = part!("population", SynthParams);
    let health = part!("health", HealthParams);
    let mortality = {
        let mut s = section("mortality");
        let v = MortalityParams::read(&mut s);
        v.check_years(&s, &run);
        s.finish();
        v
    };
    let fertility = {
        let mut s = section("fertility");
        let v = FertilityParams::read(&mut s);
        // The floor bounds the trend; a start below it would be raised unseen.
        s.require(&["tfr", "tfr_min"], v.tfr >= v.tfr_min, || {
            format!(
                "expected tfr ≥ tfr_min (the floor bounds the trend, not the start year), found {} < {}",
                v.tfr, v.tfr_min
            )
        });
        v.check_years(&s, &run);
        s.finish();
        v
    };
    let partnership = {
        let mut s = section("partnership");
        let v = PartnershipParams::read(&mut s);
        s.require(
            &["age_gap_min", "age_gap_mean", "age_gap_max"],
            v.age_gap_min <= v.age_gap_mean && v.age_gap_mean <= v.age_gap_max,
            || {
                format!(
                    "expected age_gap_min ≤ age_gap_mean ≤ age_gap_max, found {} ≤ {} ≤ {}",
                    v.age_gap_min, v.age_gap_mean, v.age_gap_max
                )
            },
        );
        s.finish();
        v
    };
    let migration = part!("migration", MigrationParams);
    let household = part!("household", HouseholdParams);
    let census = part!("census", CensusParams);
    let facilities = {
        let mut s = section("facilities");
        let v = FacilityParams::read(&mut s);
        v.check_years(&s, &run);
        s.require(
            &["mutual_aid_home_share", "no_facility_share"],
            v.no_facility_share + v.mutual_aid_home_share <= 1.0 + 1e-9,
            || {
                format!(
                    "no_facility_share + mutual_aid_home_share = {} exceeds 1",
                    reader::fmt_sum(v.no_facility_share + v.mutual_aid_home_share)
                )
            },
        );
        s.finish();
        v
    };
    let attitudes = part!("attitudes", AttitudeParams);
    let care = part!("care", CareParams);
    let services = part!("services", ServiceParams);
    let income = part!("income", IncomeParams);
    let economy = part!("economy", EconomyParams);
    let pension = {
        let mut s = section("pension");
        let v = PensionParams::read(&mut s, run.start_year);
        s.finish();
        v
    };
    let workforce = part!("workforce", WorkforceParams);
    let finance = part!("finance", FinanceParams);
    let integration = part!("integration", IntegrationParams);
    let ltc = {
        let mut ins = section("ltc_insurance");
        let mut aw = section("awareness");
        let mut sub = section("subsidies");
        let v = LtcParams::read(&mut ins, &mut aw, &mut sub);
        ins.finish();
        aw.finish();
        sub.finish();
        v
    };
    // Children under household.child_age move with a parent; an older
    // out_from_age would leave those between unable to move at all.
    root.require(
        &["migration.out_from_age", "household.child_age"],
        migration.out_from_age <= household.child_age,
        || {
            format!(
                "expected migration.out_from_age ≤ household.child_age (younger children move only \
                 with a parent, older ones on their own), found {} > {}",
                migration.out_from_age, household.child_age
            )
        },
    );
    // Incomes are tracked from income.elder_age: a pension paid younger would go unseen.
    root.require(
        &["pension.age", "income.elder_age"],
        pension.age >= income.elder_age,
        || {
            format!(
                "expected pension.age ≥ income.elder_age (incomes, and so pensions, are tracked \
                 from income.elder_age), found {} < {}",
                pension.age, income.elder_age
            )
        },
    );
    // Every year's life expectancy must be one a schedule can have: the
    // solver would otherwise stop at the nearest attainable one, silently.
    let unreachable = mortality.unreachable(run.start_year, run.end_year);
    if let Some(u) = unreachable {
        let (e0_key, sex) = match u.sex {
            crate::population::people::Sex::Male => ("mortality.e0_male", "men"),
            crate::population::people::Sex::Female => ("mortality.e0_female", "women"),
        };
        let gain = u.year > run.start_year;
        let mut keys = vec![e0_key];
        if gain {
            keys.extend(["mortality.e0_gain_per_year", "run.end_year"]);
        }
        keys.extend([
            "mortality.makeham",
            "mortality.gompertz_slope",
            "mortality.kannisto_from_age",
            "mortality.infant_death_probability",
            "run.start_year",
        ]);
        root.require(&keys, false, || {
            let m = &mortality;
            let target = if gain {
                format!(
                    "{e0_key} {} + e0_gain_per_year {} × {} years gives {} in {}",
                    m.e0[u.sex as usize],
                    m.e0_gain_per_year,
                    u.year - run.start_year,
                    reader::fmt_sum(u.target),
                    u.year
                )
            } else {
                format!("{e0_key} {} in {}", m.e0[u.sex as usize], u.year)
            };
            format!(
                "life expectancy at birth of {sex} cannot be reached: {target}, but with makeham {}, \
                 gompertz_slope {}, kannisto_from_age {} and infant_death_probability {} a schedule's \
                 life expectancy lies between {:.2} and {:.2} years; expected a target within them{}",
                m.makeham,
                m.gompertz_slope,
                m.kannisto_from_age,
                m.infant_death_probability,
                u.attainable.0,
                u.attainable.1,
                if u.target > u.attainable.1 {
                    " (a lower target or gain, an earlier run.end_year, or a smaller makeham)"
                } else {
                    ""
                }
            )
        });
    }
    // Out-migration's multipliers together keep it a probability.
    let top_out = (0..=crate::bands::MAX_AGE)
        .map(|a| {
            let industry = if a <= usize::from(integration.industry_youth_max_age) {
                integration.industry_out_migration_multiplier.max(1.0)
            } else {
                1.0
            };
            migration.out_rate.at(a) * migration.out_female_multiplier.max(1.0) * industry
        })
        .fold(0.0, f64::max);
    root.require(
        &[
            "integration.industry_out_migration_multiplier",
            "migration.out_rate",
            "migration.out_female_multiplier",
        ],
        top_out <= 1.0,
        || {
            format!(
                "migration.out_rate × out_female_multiplier × industry_out_migration_multiplier reaches \
                 {top_out:.3} at some age; expected a probability of at most 1"
            )
        },
    );
    let persons = region.persons(run.scale);
    root.require(
        &[
            "region.villages",
            "region.village_registered_mean",
            "run.scale",
        ],
        persons <= layout::MAX_PERSONS,
        || {
            format!(
                "region.villages {} × region.village_registered_mean {} × run.scale {} builds about \
                 {:.0} million registered persons, more than the {:.0} million a run may build \
                 (at about {} bytes each they would need {:.0} GB of memory); expected fewer \
                 villages, smaller ones or a smaller scale",
                region.villages,
                region.village_registered_mean,
                run.scale,
                persons / 1e6,
                layout::MAX_PERSONS / 1e6,
                layout::BYTES_PER_PERSON,
                persons * layout::BYTES_PER_PERSON / 1e9
            )
        },
    );
    // Fitted last, on values already found valid.
    let mut health = health;
    if health.refit && ctx.diags.is_empty() {
        match crate::health::fit(&health, &mortality, run.start_year) {
            Ok(f) => health.progression = f.progression,
            Err(e) => root.require(&["health.transitions.refit"], false, || format!("{e:#}")),
        }
    }
    let schedule = schedule::read(&mut root, tree, &run, |t, set| {
        read_preferring(t, path, Vec::new(), set.to_vec()).map_err(|e| e.0)
    });
    root.finish();
    if !ctx.diags.is_empty() {
        return Err(ScenarioError(ctx.diags.into_vec()));
    }
    Ok(Scenario {
        name,
        description,
        file: path.to_path_buf(),
        run,
        region,
        population,
        health,
        mortality,
        fertility,
        partnership,
        migration,
        household,
        census,
        facilities,
        attitudes,
        care,
        services,
        income,
        economy,
        pension,
        workforce,
        finance,
        ltc,
        integration,
        schedule,
        resolved: source::table_to_toml(tree),
        docs: ctx.docs.into_inner(),
    })
}

impl Scenario {
    /// The scenario in force in `year`: the latest schedule entry's from its
    /// year on; before the first entry's year, the scenario itself.
    pub fn in_force(&self, year: i32) -> &Scenario {
        self.schedule
            .iter()
            .rev()
            .find(|p| p.from_year <= year)
            .map_or(self, |p| &p.scenario)
    }

    /// Each key of [`RunParams::PAIRED_KEYS`] whose value differs from the
    /// reference's, with both values and where each was set.
    pub fn run_differences(&self, reference: &Scenario) -> Vec<String> {
        let (ours, theirs) = (self.run.paired_values(), reference.run.paired_values());
        RunParams::PAIRED_KEYS
            .iter()
            .zip(ours.iter().zip(theirs))
            .filter(|(_, (a, b))| *a != b)
            .map(|(key, _)| {
                let key = format!("run.{key}");
                format!(
                    "{key}: {}, the reference {}",
                    self.shown(&key),
                    reference.shown(&key)
                )
            })
            .collect()
    }

    /// A parameter's value as read, with where it was set when known
    /// (`0.05 (scenarios/baseline.toml:18:1)`).
    fn shown(&self, path: &str) -> String {
        match self.docs.iter().find(|d| d.path == path) {
            Some(ParamDoc {
                value,
                origin: Some(origin),
                ..
            }) => format!("{value} ({origin})"),
            Some(d) => d.value.clone(),
            None => "nothing".into(),
        }
    }

    /// The parameter table (Markdown): every parameter read, with unit, valid
    /// range, this scenario's value, meaning and source.
    pub fn param_table(&self) -> String {
        let mut s = String::from(
            "| parameter | unit | range | value | meaning | source |\n|---|---|---|---|---|---|\n",
        );
        let row = |s: &mut String, path: &str, d: &ParamDoc| {
            s.push_str(&format!(
                "| `{path}` | {} | {} | {} | {} | {} |\n",
                d.unit,
                d.range,
                d.value.replace('|', "/"),
                d.about,
                d.source
            ));
        };
        for d in &self.docs {
            row(&mut s, &d.path, d);
            // Each schedule entry's lever values follow its year, as read in
            // the scenario in force from then (the tables holding them aside).
            let entry = (d.path.strip_prefix("schedule["))
                .and_then(|rest| rest.strip_suffix("].from_year"))
                .and_then(|k| Some((k, self.schedule.get(k.parse::<usize>().ok()?)?)));
            if let Some((k, policy)) = entry {
                for lever in policy.scenario.docs.iter() {
                    if policy.sets.contains(&lever.path) {
                        row(&mut s, &format!("schedule[{k}].{}", lever.path), lever);
                    }
                }
            }
        }
        s
    }
}
