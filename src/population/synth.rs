//! Initial synthesis of one village's persons (MODEL.md §5): ages and sexes
//! from the resident structure corrected for the Away share, couples with a
//! realistic age gap, children linked to mothers (and their partners) at
//! realistic maternal ages up to each mother's children ever born, adult
//! children already settled elsewhere counted for the remainder, then households.

use super::household::HouseholdParams;
use super::people::{Compaction, Health, NONE, NewPerson, People, Sex, Status};
use crate::bands::{AGES, AgeBands, MAX_AGE};
use crate::demography::fertility;
use crate::demography::partnership::PartnershipParams;
use crate::health::Prevalence;
use crate::rng::{Stream, threshold};
use crate::scenario::reader::{Section, doc};

#[derive(Clone, Debug, PartialEq)]
pub struct SynthParams {
    /// Resident age structure, % of residents by band.
    pub resident_age_shares: AgeBands,
    /// Males per 100 females by age.
    pub sex_ratio: AgeBands,
    /// Share of the registered population that is Away, by age.
    pub away_share: AgeBands,
    /// Probability that a child whose parents are all Away is Away with them
    /// rather than left with a resident grandparent.
    pub child_away_with_parents: f64,
    pub initial_years_away_max: u8,
    /// Share of women with a partner, by age.
    pub partnered_share: AgeBands,
    /// Children ever born per woman, by the woman's age.
    pub children_ever_born: AgeBands,
    /// Share of unpartnered elders who live with a resident child.
    pub lone_elder_with_child_share: f64,
    /// Yearly decline of the single-age weights within an open top band ("90+").
    pub open_band_decline: f64,
    /// Unpartnered men from this age are widowers: parents of children at start.
    pub widower_from_age: u8,
    /// Children ever born but not linked to a registered person count as
    /// settled elsewhere if they would be at least this old.
    pub settled_child_min_age: u8,
}

impl SynthParams {
    pub fn read(s: &mut Section) -> Self {
        let all = Some((0, MAX_AGE as u8));
        let p = SynthParams {
            resident_age_shares: s.bands("resident_age_shares", 0.0..=100.0, all, doc("% of residents", "start-year resident age structure", "DATA.md §1 constructed table (C)")),
            sex_ratio: s.bands("sex_ratio", 20.0..=300.0, all, doc("males per 100 females", "start-year sex ratio by age", "DATA.md §1 (A)")),
            away_share: s.bands("away_share", 0.0..=0.99, all, doc("share of registered", "share of the registered population living Away, by age (it sets the registered age structure; children's residence follows their parents', child_away_with_parents being tuned to give their band's share)", "DATA.md §1 (A, tuned to resident ÷ registered ≈ 0.71)")),
            child_away_with_parents: s.prob("child_away_with_parents", doc("probability", "for a start-year child (under household.child_age) with no parent at home, that it is Away with its parents rather than left with a resident grandparent; a child with a parent at home lives with that parent", "(A, tuned so that the Away share of children 0–14 in 2020 is DATA.md §1's 15 %)")),
            initial_years_away_max: s.int("initial_years_away_max", 1..=60, doc("years", "start-year Away persons have been away 1 to this many years (uniform), and no longer than their age", "(A)")) as u8,
            partnered_share: s.bands("partnered_share", 0.0..=1.0, None, doc("share of women", "start-year share of women with a living partner, by age", "(C: census marital status pattern, widowhood rising after 60)")),
            children_ever_born: s.bands("children_ever_born", 0.0..=12.0, None, doc("children per woman", "children ever born by the woman's start-year age (older cohorts: pre-1980 rural fertility)", "(C)")),
            lone_elder_with_child_share: s.prob("lone_elder_with_child_share", doc("probability", "for each resident child, that an unpartnered elder living with no child lives with that one at start (one child at most)", "(A: 0, off; the start's living-alone share, inside DATA.md §5's 15–25 %, comes from the stem-family share and the age to which singles live with parents)")),
            open_band_decline: s.num("open_band_decline", 0.5..=0.9, doc("ratio per year of age", "decline of single-age weights inside an open top band such as \"90+\": each age's weight over the one before, the one-year survival of the very old, within 0.5–0.9 for their death rates of 10–50 % a year (1 would put as many at 110 as at 90)", "(A)")),
            widower_from_age: s.int("widower_from_age", 30..=110, doc("years", "unpartnered men from this age count as widowers at start: fathers of children ever born, as a partnered man is", "(A)")) as u8,
            settled_child_min_age: s.int("settled_child_min_age", 0..=60, doc("years", "children ever born and not registered here count as settled elsewhere when they would be at least this old", "(A: adults who left to work or marry)")) as u8,
        };
        let total: f64 = p.resident_age_shares.bands.iter().map(|b| b.value).sum();
        s.require(
            &["resident_age_shares"],
            p.resident_age_shares.bands.is_empty() || (total - 100.0).abs() <= 1.0,
            || format!("shares sum to {total:.2} %; expected 100 % (±1)"),
        );
        p
    }

    /// Probability of each single age among registered persons.
    pub fn registered_age_distribution(&self) -> [f64; AGES] {
        let mut w = self.resident_age_weights();
        for (a, x) in w.iter_mut().enumerate() {
            *x /= 1.0 - self.away_share.at(a);
        }
        let total: f64 = w.iter().sum();
        w.map(|x| x / total)
    }

    /// Each single age's part of the residents (summing to the table's
    /// total): a band's share spread evenly over its ages, or declining by
    /// `open_band_decline` in an open top band.
    pub fn resident_age_weights(&self) -> [f64; AGES] {
        let mut w = [0.0; AGES];
        for b in &self.resident_age_shares.bands {
            let ages = usize::from(b.from)..=usize::from(b.to);
            let open = usize::from(b.to) == MAX_AGE;
            let k: Vec<f64> = ages
                .clone()
                .map(|a| {
                    if open {
                        self.open_band_decline
                            .powi((a - usize::from(b.from)) as i32)
                    } else {
                        1.0
                    }
                })
                .collect();
            let ksum: f64 = k.iter().sum();
            for (a, ka) in ages.zip(k) {
                w[a] = b.value * ka / ksum;
            }
        }
        w
    }
}

/// Everything synthesis reads beyond the stream: the parameters (copied, so
/// that scenarios can be compared on them) and the tables derived from them.
#[derive(Clone, Debug, PartialEq)]
pub struct SynthInputs {
    pub synth: SynthParams,
    pub household: HouseholdParams,
    pub partnership: PartnershipParams,
    /// Start-year acceptance of non-family care: mean and spread (`[attitudes]`).
    pub attitude_mean: f64,
    pub attitude_sd: f64,
    /// Health shares by sex ([`crate::health::HealthParams::by_age`]).
    pub health: [Prevalence; 2],
    /// Cumulative registered age distribution.
    pub age_cdf: [f64; AGES],
    /// Maternal-age weights of a birth (index: mother's age at birth).
    pub birth_age_weights: [f64; AGES],
}

/// Per-age draw thresholds of the person loop (see [`crate::rng::threshold`]),
/// computed once per village instead of once per person.
struct PersonDraws<'a> {
    age_cdf: &'a [f64; AGES],
    /// First age whose cumulative share reaches `j / GUIDE`, by `j`: where the
    /// search for a uniform draw in `[j / GUIDE, (j + 1) / GUIDE)` starts.
    age_guide: [u8; GUIDE],
    male: [u64; AGES],
    away: [u64; AGES],
    /// Cumulative shares of Healthy, Frail and Disabled (Severe is the rest), by sex and age.
    health: [[[u64; 3]; AGES]; 2],
}

/// Buckets of the guide table of the age draw.
const GUIDE: usize = 256;

impl<'a> PersonDraws<'a> {
    fn new(inp: &'a SynthInputs) -> Self {
        let sp = &inp.synth;
        PersonDraws {
            age_cdf: &inp.age_cdf,
            age_guide: std::array::from_fn(|j| {
                let at = j as f64 / GUIDE as f64;
                inp.age_cdf.partition_point(|&c| c < at).min(MAX_AGE) as u8
            }),
            male: std::array::from_fn(|a| {
                let sr = sp.sex_ratio.at(a);
                threshold(sr / (100.0 + sr))
            }),
            // A child's draw decides only where it lives when no parent is at
            // home (`households`); the band's share is what that yields.
            away: std::array::from_fn(|a| {
                threshold(if a < usize::from(inp.household.child_age) {
                    sp.child_away_with_parents
                } else {
                    sp.away_share.at(a)
                })
            }),
            health: inp.health.map(|shares| {
                std::array::from_fn(|a| {
                    let mut acc = 0.0;
                    std::array::from_fn(|h| {
                        acc += shares[h][a];
                        threshold(acc)
                    })
                })
            }),
        }
    }

    /// The age of a uniform draw `u`: the first age whose cumulative share
    /// reaches `u`, searched from the guide table's bucket of `u`.
    fn age(&self, u: f64) -> usize {
        let mut a = usize::from(self.age_guide[((u * GUIDE as f64) as usize).min(GUIDE - 1)]);
        while a < MAX_AGE && self.age_cdf[a] < u {
            a += 1;
        }
        a
    }

    fn health(&self, sex: Sex, age: usize, x: u64) -> Health {
        let t = &self.health[sex as usize][age];
        Health::ALL[usize::from(x >= t[0]) + usize::from(x >= t[1]) + usize::from(x >= t[2])]
    }
}

/// Builds the persons of a village of `registered` registered persons.
pub fn people(n: usize, inp: &SynthInputs, rng: &mut Stream) -> People {
    let sp = &inp.synth;
    let draws = PersonDraws::new(inp);
    let mut persons = Vec::with_capacity(n);
    let mut years_away = Vec::with_capacity(n);
    for _ in 0..n {
        let age = draws.age(rng.uniform());
        let sex = if rng.hit(draws.male[age]) {
            Sex::Male
        } else {
            Sex::Female
        };
        let away = rng.hit(draws.away[age]);
        let health = draws.health(sex, age, rng.next_u64());
        let attitude = (inp.attitude_mean + inp.attitude_sd * rng.normal()).clamp(0.0, 1.0) as f32;
        persons.push(NewPerson {
            age: age as u8,
            sex,
            status: if away { Status::Away } else { Status::Resident },
            household: NONE,
            mother: NONE,
            father: NONE,
            health,
            attitude,
        });
        // No longer away than alive (a child of 3 has been away at most 3 years).
        years_away.push(if away {
            1 + rng.below(usize::from(sp.initial_years_away_max).min(age.max(1))) as u8
        } else {
            0
        });
    }
    let mut p = People::from_persons(&persons, years_away);
    couples(&mut p, inp, rng);
    parents(&mut p, inp, rng);
    // Linking and households kept the parents' child counts (People::check
    // compares them with a recount).
    households(&mut p, inp, rng);
    p.reorder(&mut Compaction::default());
    p
}

/// Pairs women (partnered with the start-year share at their age) with the
/// unpartnered man whose age is closest to the preferred gap.
fn couples(p: &mut People, inp: &SynthInputs, rng: &mut Stream) {
    let pp = &inp.partnership;
    let mut men = Vec::new();
    let mut women = Vec::new();
    for i in 0..p.len() {
        if p.age[i] < pp.min_age {
            continue;
        }
        match p.sex[i] {
            Sex::Male => men.push((usize::from(p.age[i]), i as u32)),
            Sex::Female if rng.chance(inp.synth.partnered_share.at(usize::from(p.age[i]))) => {
                women.push(i)
            }
            Sex::Female => {}
        }
    }
    let mut men_by_age = AgeBuckets::new(&men);
    rng.shuffle(&mut women);
    for w in women {
        let target = f64::from(p.age[w]) + pp.age_gap_mean;
        let (lo, hi) = (
            f64::from(p.age[w]) + pp.age_gap_min,
            f64::from(p.age[w]) + pp.age_gap_max,
        );
        // Search ages outward from the preferred one, as far as the gap allows.
        let reach = (target - lo).max(hi - target).ceil() as i64 + 1;
        let found = (0..reach.clamp(0, AGES as i64)).find_map(|d| {
            [target.round() as i64 - d, target.round() as i64 + d]
                .into_iter()
                .find_map(|a| {
                    let ok = a >= i64::from(pp.min_age)
                        && a <= MAX_AGE as i64
                        && (a as f64) >= lo
                        && (a as f64) <= hi;
                    (ok && men_by_age.len(a as usize) > 0).then_some(a as usize)
                })
        });
        if let Some(a) = found {
            let m = men_by_age.take(a, rng.below(men_by_age.len(a)));
            p.marry(m as usize, w);
        }
    }
}

/// Links children to parents: each woman (with her partner) and each widower
/// has a number of children ever born; registered persons are matched to
/// parents at plausible ages; adult children of the remainder are counted as
/// settled elsewhere.
fn parents(p: &mut People, inp: &SynthInputs, rng: &mut Stream) {
    let sp = &inp.synth;
    let gap = inp.partnership.age_gap_mean.round() as i64;
    // Parent units bucketed by the mother's (or, for widowers, the implied mother's) age.
    let mut units = Vec::new();
    let mut capacity = vec![0u8; p.len()];
    let unit_age = |p: &People, i: usize| -> usize {
        match p.sex[i] {
            Sex::Female => usize::from(p.age[i]),
            Sex::Male => (i64::from(p.age[i]) - gap).clamp(0, MAX_AGE as i64) as usize,
        }
    };
    for (i, cap) in capacity.iter_mut().enumerate() {
        let widower =
            p.sex[i] == Sex::Male && p.partner[i] == NONE && p.age[i] >= sp.widower_from_age;
        if (p.sex[i] == Sex::Female && usize::from(p.age[i]) >= fertility::FIRST_AGE) || widower {
            let ceb = inp.synth.children_ever_born.at(unit_age(p, i));
            let k = ceb.floor() + f64::from(u8::from(rng.chance(ceb.fract())));
            *cap = k as u8;
            if k > 0.0 {
                units.push((unit_age(p, i), i as u32));
            }
        }
    }
    let mut units = AgeBuckets::new(&units);
    // Mothers' ages at birth with a positive weight: the support of the pattern.
    let w = &inp.birth_age_weights;
    let first = w.iter().position(|&x| x > 0.0).unwrap_or(AGES);
    let last = w.iter().rposition(|&x| x > 0.0).unwrap_or(0);
    // Parent units still able to take a child, by age (units[age].len()).
    let mut open: [f64; AGES] = std::array::from_fn(|a| units.len(a) as f64);
    let mut order: Vec<usize> = (0..p.len()).collect();
    rng.shuffle(&mut order);
    for c in order {
        // A child aged ca has a mother aged ca + m with weight w[m] × open[ca + m].
        let ca = usize::from(p.age[c]);
        let Some(top) = last.min(MAX_AGE.saturating_sub(ca)).checked_sub(first) else {
            continue;
        };
        let (wm, units_m) = (
            &w[first..=first + top],
            &open[ca + first..=ca + first + top],
        );
        let total = dot(wm, units_m);
        if total <= 0.0 {
            continue;
        }
        let pick = rng.weighted(wm.iter().zip(units_m).map(|(x, y)| x * y), total);
        let mother_age = ca + first + pick;
        let k = rng.below(units.len(mother_age));
        let u = units.rows(mother_age)[k] as usize;
        // Not one's own parent, nor one's partner's, nor the parent of one's
        // partner (no married siblings); such a draw leaves the unit's capacity.
        let pc = p.partner[c];
        if c == u
            || p.partner[u] == c as u32
            || (pc != NONE
                && (p.mother[pc as usize] == u as u32 || p.father[pc as usize] == u as u32))
        {
            continue;
        }
        capacity[u] -= 1;
        if capacity[u] == 0 {
            units.take(mother_age, k);
            open[mother_age] -= 1.0;
        }
        link(p, c, u);
    }
    // Remaining children ever born, if old enough to have left (born when
    // the mother was at least that much younger than she is), live settled
    // elsewhere: a count on each parent.
    let total: f64 = w.iter().sum();
    let mut acc = 0.0;
    let born_by: [u64; AGES] = std::array::from_fn(|a| {
        acc += w[a];
        threshold(acc / total)
    });
    for a in 0..AGES {
        for &u in units.rows(a) {
            let u = u as usize;
            let Some(latest) = unit_age(p, u).checked_sub(usize::from(sp.settled_child_min_age))
            else {
                continue;
            };
            for _ in 0..capacity[u] {
                if rng.hit(born_by[latest]) {
                    for parent in [u as u32, p.partner[u]] {
                        if parent != NONE {
                            p.children_elsewhere[parent as usize] += 1;
                        }
                    }
                }
            }
        }
    }
}

/// Rows grouped by age in one array (a counting sort: row order within an
/// age), each age's group shrinking as rows are taken from it.
struct AgeBuckets {
    start: [u32; AGES],
    len: [u32; AGES],
    rows: Vec<u32>,
}

impl AgeBuckets {
    /// Groups (age, row) entries by age, keeping their order within an age.
    fn new(entries: &[(usize, u32)]) -> Self {
        let mut len = [0u32; AGES];
        for &(a, _) in entries {
            len[a] += 1;
        }
        let mut next = [0u32; AGES];
        for a in 1..AGES {
            next[a] = next[a - 1] + len[a - 1];
        }
        let start = next;
        let mut rows = vec![0; entries.len()];
        for &(a, row) in entries {
            rows[next[a] as usize] = row;
            next[a] += 1;
        }
        AgeBuckets { start, len, rows }
    }

    fn len(&self, age: usize) -> usize {
        self.len[age] as usize
    }

    /// The rows of `age` still in the group.
    fn rows(&self, age: usize) -> &[u32] {
        let s = self.start[age] as usize;
        &self.rows[s..s + self.len(age)]
    }

    /// Takes the `k`th row of `age` out, the group's last row taking its place.
    fn take(&mut self, age: usize, k: usize) -> u32 {
        let s = self.start[age] as usize;
        let last = s + self.len(age) - 1;
        self.rows.swap(s + k, last);
        self.len[age] -= 1;
        self.rows[last]
    }
}

/// Sum of products, in four independent lanes (no chain of dependent adds).
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut lanes = [0.0; 4];
    let (a4, b4) = (a.chunks_exact(4), b.chunks_exact(4));
    let tail: f64 = a4
        .remainder()
        .iter()
        .zip(b4.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in a4.zip(b4) {
        for k in 0..4 {
            lanes[k] += x[k] * y[k];
        }
    }
    lanes.iter().sum::<f64>() + tail
}

/// Makes `u` (and `u`'s partner) the parents of `c`.
fn link(p: &mut People, c: usize, u: usize) {
    let partner = p.partner[u];
    match p.sex[u] {
        Sex::Female => p.set_parents(c, u as u32, partner),
        Sex::Male => p.set_parents(c, partner, u as u32),
    }
}

/// Union–find root with path halving.
fn root(up: &mut [u32], mut i: usize) -> usize {
    while up[i] as usize != i {
        up[i] = up[up[i] as usize];
        i = up[i] as usize;
    }
    i
}

fn union(up: &mut [u32], a: usize, b: usize) {
    let (ra, rb) = (root(up, a), root(up, b));
    if ra != rb {
        up[ra] = rb as u32;
    }
}

/// Groups residents into households: couples; young children with a resident
/// parent (a child drawn Away lives with a parent at home: children are Away
/// with their parents, MODEL.md §2); else, as drawn, Away with their parents
/// (`child_away_with_parents`) or with a resident grandparent, else Away;
/// minors from the child to the adult age likewise, but alone rather than Away;
/// unpartnered adults with a resident parent; a married son with his parents
/// (stem family); some unpartnered elders who live with no child yet with one
/// resident child.
fn households(p: &mut People, inp: &SynthInputs, rng: &mut Stream) {
    let hp = &inp.household;
    let n = p.len();
    let mut up: Vec<u32> = (0..n as u32).collect();
    let resident = |p: &People, i: u32| i != NONE && p.status[i as usize] == Status::Resident;
    for i in 0..n {
        if p.status[i] == Status::Away && p.age[i] < hp.child_age && p.resident_parent(i).is_some()
        {
            p.set_status(i, Status::Resident);
            p.years_away[i] = 0;
        }
        if p.status[i] != Status::Resident {
            continue;
        }
        if resident(p, p.partner[i]) {
            union(&mut up, i, p.partner[i] as usize);
        }
        if p.age[i] < hp.minor_age() {
            // A resident grandparent is sought only when no parent is resident;
            // with neither, a child goes Away, an older minor lives on alone.
            match p.resident_parent(i).or_else(|| p.resident_grandparent(i)) {
                Some(carer) => union(&mut up, i, carer),
                None if p.age[i] < hp.child_age => {
                    p.set_status(i, Status::Away);
                    p.years_away[i] = 1;
                }
                None => {}
            }
        }
    }
    let mut hosts_married_son = vec![false; n];
    // Parents already living with a grown child of theirs.
    let mut with_child = vec![false; n];
    for i in 0..n {
        if p.status[i] != Status::Resident || p.age[i] < hp.child_age {
            continue;
        }
        let Some(par) = p.resident_parent(i) else {
            continue;
        };
        let single = p.partner[i] == NONE;
        let joins = if single && p.age[i] <= hp.single_with_parents_to_age {
            true
        } else if !single
            && p.sex[i] == Sex::Male
            && !hosts_married_son[par]
            && rng.chance(hp.stem_family_share)
        {
            hosts_married_son[par] = true;
            true
        } else {
            false
        };
        if joins {
            union(&mut up, i, par);
            with_child[par] = true;
        }
    }
    // Unpartnered elders: some of those who live with no child yet move in
    // with one resident child (a draw for each child; one move at most, so
    // that no elder joins two children's families into one household).
    for c in 0..n {
        if p.status[c] != Status::Resident {
            continue;
        }
        for par in [p.mother[c], p.father[c]] {
            let elder = resident(p, par)
                && p.partner[par as usize] == NONE
                && p.age[par as usize] >= hp.elder_age;
            if elder
                && root(&mut up, par as usize) != root(&mut up, c)
                && rng.chance(inp.synth.lone_elder_with_child_share)
                && !with_child[par as usize]
            {
                union(&mut up, par as usize, c);
                with_child[par as usize] = true;
            }
        }
    }
    let mut id = vec![NONE; n];
    for i in 0..n {
        if p.status[i] == Status::Resident {
            let r = root(&mut up, i);
            if id[r] == NONE {
                id[r] = p.new_household();
            }
            p.household[i] = id[r];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::AgeBuckets;

    #[test]
    fn age_buckets_keep_row_order_and_take_as_swap_remove() {
        let mut b = AgeBuckets::new(&[(30, 4), (2, 7), (30, 1), (30, 9), (2, 3)]);
        assert_eq!(b.rows(30), &[4, 1, 9]);
        assert_eq!(b.rows(2), &[7, 3]);
        assert_eq!(b.len(5), 0);
        // As Vec::swap_remove: the last row fills the gap.
        assert_eq!(b.take(30, 0), 4);
        assert_eq!(b.rows(30), &[9, 1]);
        assert_eq!(b.take(30, 1), 1);
        assert_eq!(b.take(30, 0), 9);
        assert_eq!(b.len(30), 0);
        assert_eq!(b.rows(2), &[7, 3], "other ages untouched");
    }
}
