//! Random streams keyed by (seed, replication, unit, process, year).
//!
//! Every process of every village (or county) draws from its own generator,
//! seeded by a stable hash of that key, so results do not depend on thread
//! count or scheduling. The processes that draw once for every person
//! (mortality, health, fertility) draw from the person's serial number instead
//! ([`KeyedDraws`]): a person's draw does not depend on which other rows exist
//! or in what order, so a policy that changes who lives, leaves or settles
//! leaves everyone else's deaths, health and births untouched (common random
//! numbers). Processes that reach rare events by gaps between successes keep
//! their draws only while the rows they pass over are the same.

use std::ops::{Range, RangeInclusive};

use rand_distr::{Distribution, StandardNormal};
use rand_xoshiro::Xoshiro256PlusPlus;
use rand_xoshiro::rand_core::{Rng, SeedableRng};

use crate::bands::{AGES, MAX_AGE};

/// The processes that draw random numbers; each has its own stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u64)]
pub enum Process {
    Synthesis = 1,
    Mortality = 2,
    Health = 3,
    Fertility = 4,
    Partnership = 5,
    OutMigration = 6,
    Return = 7,
    Settlement = 8,
    Household = 9,
    Care = 10,
    Volunteering = 11,
    Attitudes = 12,
    Income = 13,
    County = 14,
    BuildOut = 15,
    Coverage = 16,
    Awareness = 17,
    Integration = 18,
    Industry = 19,
    Marriage = 20,
    /// The start year's volunteers, drawn before its care (next year's are `Volunteering`'s).
    StartVolunteering = 21,
    /// The build-out's draws, one process a kind of building (`BuildOut`: care points).
    BuildOutHomes = 22,
    BuildOutStations = 23,
    Renovation = 24,
    LeavingHome = 25,
    /// The county queues' order among applicants of equal severity.
    Queues = 26,
    /// The order in which the build-out visits villages and townships.
    BuildOutOrder = 27,
    /// The village facility's and mutual aid's order among elders of equal severity.
    VillageQueues = 28,
}

/// SplitMix64 finaliser: a stable, well-mixed 64-bit hash step.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The identity of one stream: who draws, for what, when.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StreamKey {
    pub seed: u64,
    pub replication: u32,
    /// Village id, or county id with the high bit set for county streams.
    pub unit: u64,
    pub process: Process,
    pub year: i32,
}

impl StreamKey {
    /// The 64-bit seed of this stream: the key's fields folded through SplitMix64.
    pub fn hash(&self) -> u64 {
        let mut h = mix(self.seed);
        h = mix(h ^ u64::from(self.replication));
        h = mix(h ^ self.unit);
        h = mix(h ^ self.process as u64);
        mix(h ^ (self.year as i64 as u64))
    }

    pub fn rng(&self) -> Stream {
        Stream(Xoshiro256PlusPlus::seed_from_u64(self.hash()))
    }
}

/// A standard normal draw tied to one agent of a stream key's unit (`agent`
/// = its serial number; `key_hash` = [`StreamKey::hash`]). It is the same for
/// that agent whatever other agents exist and in whatever order they are
/// visited, so a persistent trait needs no stored column and stays common to
/// the scenarios of a comparison.
pub fn agent_normal(key_hash: u64, agent: u32) -> f64 {
    let h1 = mix(key_hash ^ u64::from(agent));
    let h2 = mix(h1);
    let unit = |h: u64| (h >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
    (-2.0 * (1.0 - unit(h1)).ln()).sqrt() * (std::f64::consts::TAU * unit(h2)).cos()
}

/// The draws of one stream key tied to ids (persons' serial numbers,
/// villages, townships): the draw of an id is the same whatever other ids
/// exist and in whatever order they are visited, and costs one hash (no
/// generator state carried from one to the next).
#[derive(Clone, Copy, Debug)]
pub struct KeyedDraws(u64);

impl KeyedDraws {
    pub fn new(key: &StreamKey) -> Self {
        Self(key.hash())
    }

    /// The id's first draw: uniform over the 64-bit integers.
    #[inline(always)]
    pub fn of(self, id: u32) -> u64 {
        mix(self.0 ^ u64::from(id))
    }

    /// The draw after `x` in the same id's sequence (for a second
    /// decision or a count of draws): `x` hashed again.
    #[inline(always)]
    pub fn next(x: u64) -> u64 {
        mix(x)
    }
}

/// Marks a unit id as a county (so county and village streams never coincide).
pub const COUNTY_UNIT_FLAG: u64 = 1 << 63;

/// A fast generator with the draws the model needs.
pub struct Stream(Xoshiro256PlusPlus);

impl Stream {
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// Bernoulli draw against a precomputed threshold (see [`threshold`]).
    #[inline]
    pub fn hit(&mut self, threshold: u64) -> bool {
        self.0.next_u64() < threshold
    }

    /// Bernoulli draw with probability `p` (computes the threshold on the fly).
    #[inline]
    pub fn chance(&mut self, p: f64) -> bool {
        self.hit(threshold(p))
    }

    /// Uniform in [0, 1).
    #[inline]
    pub fn uniform(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform integer in [0, n), n > 0 (Lemire's multiply-shift; bias below 2^-32 for the sizes used).
    #[inline]
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.0.next_u64()) * n as u128) >> 64) as usize
    }

    /// Standard normal draw (ziggurat; used at synthesis, not in the yearly loop).
    pub fn normal(&mut self) -> f64 {
        StandardNormal.sample(&mut self.0)
    }

    /// Index drawn with probability proportional to `weights` (all >= 0)
    /// given their sum `total` (> 0): one pass that stops at the drawn index.
    pub fn weighted(&mut self, weights: impl IntoIterator<Item = f64>, total: f64) -> usize {
        let mut x = self.uniform() * total;
        let mut last_positive = 0;
        for (i, w) in weights.into_iter().enumerate() {
            if x < w {
                return i;
            }
            x -= w;
            if w > 0.0 {
                last_positive = i;
            }
        }
        // Only when rounding left `x` at or above the sum of the weights.
        last_positive
    }

    /// Shuffles a slice in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

/// A fixed uniform in [0, 1) for one unit (a person: village and serial; a
/// village or township: its id and 0) and purpose, stable across years: for
/// memberships that must not be redrawn each year (insurance coverage,
/// awareness that only grows, where integration is in place).
pub fn fixed_uniform(seed: u64, replication: u32, unit: u32, serial: u32, purpose: Process) -> f64 {
    let h = mix(mix(
        mix(mix(seed ^ 0xA076_1D64_78BD_642F) ^ u64::from(replication)) ^ u64::from(unit),
    ) ^ (u64::from(serial) << 8 | purpose as u64));
    (h >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Gaps between the successes of Bernoulli(p) trials in a row (geometric):
/// a pass that jumps from one success to the next gives every trial it passes
/// probability p, independently, with one draw per success instead of one
/// per trial.
#[derive(Clone, Copy, Debug)]
pub struct Gaps {
    /// ln(1 - p): -inf when p = 1 (every gap is 0).
    log_q: f64,
}

impl Gaps {
    /// The gaps for probability `p`; None when no trial can succeed.
    pub fn new(p: f64) -> Option<Self> {
        // ln_1p keeps tiny probabilities apart from 0 (where 1 - p rounds to 1).
        (p > 0.0).then(|| Gaps {
            log_q: (-p.min(1.0)).ln_1p(),
        })
    }

    /// The number of failing trials before the next success.
    pub fn next(self, rng: &mut Stream) -> usize {
        // P(gap >= k) = P(u <= (1 - p)^k) = (1 - p)^k for u uniform in (0, 1];
        // the conversion saturates, and -0.0 (u = 1 or p = 1) gives 0.
        ((1.0 - rng.uniform()).ln() / self.log_q) as usize
    }

    /// Calls `f` (with the stream) for each success among the trials
    /// `trials`, in order, jumping from one success to the next.
    #[inline]
    pub fn each_success(
        self,
        trials: Range<usize>,
        rng: &mut Stream,
        mut f: impl FnMut(&mut Stream, usize),
    ) {
        let mut i = trials.start.saturating_add(self.next(rng));
        while i < trials.end {
            f(rng, i);
            i = i.saturating_add(1).saturating_add(self.next(rng));
        }
    }
}

/// Consecutive ages with one threshold that can succeed, and the gaps of its
/// probability: a pass over the sorted rows of these ages jumps from one
/// success to the next.
#[derive(Clone, Debug)]
pub struct GapRun {
    pub ages: RangeInclusive<u8>,
    pub gaps: Gaps,
}

/// The runs of ages in `ages` with one threshold in `th`, those whose
/// probability is positive (built once per scenario).
pub fn gap_runs(th: &[u64; AGES], ages: RangeInclusive<usize>) -> Vec<GapRun> {
    let (mut a, last) = (*ages.start(), (*ages.end()).min(MAX_AGE));
    let mut runs = Vec::new();
    while a <= last {
        let b = (a..last).find(|&b| th[b + 1] != th[a]).unwrap_or(last);
        if let Some(gaps) = Gaps::new(th[a] as f64 / TWO_64) {
            runs.push(GapRun {
                ages: a as u8..=b as u8,
                gaps,
            });
        }
        a = b + 1;
    }
    runs
}

/// 2^64: a threshold over this is the probability of a draw below it.
pub const TWO_64: f64 = 18_446_744_073_709_551_616.0;

/// The integer threshold for a Bernoulli(p) draw: `next_u64() < threshold(p)`.
/// p <= 0 never hits; p >= 1 always hits (up to 2^-64).
#[inline]
pub fn threshold(p: f64) -> u64 {
    if p <= 0.0 {
        0
    } else if p >= 1.0 {
        u64::MAX
    } else {
        (p * TWO_64) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gap_runs_group_equal_thresholds_and_skip_those_that_cannot_succeed() {
        let mut th = [0u64; AGES];
        th[2..=3].fill(5 << 50);
        th[4] = 7 << 50;
        th[9..].fill(u64::MAX);
        let runs = |ages| {
            gap_runs(&th, ages)
                .into_iter()
                .map(|r| r.ages)
                .collect::<Vec<_>>()
        };
        assert_eq!(runs(0..=MAX_AGE), [2..=3, 4..=4, 9..=MAX_AGE as u8]);
        assert_eq!(runs(3..=10), [3..=3, 4..=4, 9..=10]);
        assert_eq!(runs(5..=8), []);
        // Bounds that cross, as when no age has a positive rate.
        assert_eq!(runs(RangeInclusive::new(20, 10)), []);
    }

    fn key(process: Process, year: i32) -> StreamKey {
        StreamKey {
            seed: 7,
            replication: 0,
            unit: 3,
            process,
            year,
        }
    }

    #[test]
    fn same_key_same_stream_and_distinct_keys_differ() {
        let a: Vec<u64> = (0..4)
            .map({
                let mut r = key(Process::Mortality, 2020).rng();
                move |_| r.next_u64()
            })
            .collect();
        let b: Vec<u64> = (0..4)
            .map({
                let mut r = key(Process::Mortality, 2020).rng();
                move |_| r.next_u64()
            })
            .collect();
        assert_eq!(a, b);
        let mut seeds = std::collections::HashSet::new();
        for p in [
            Process::Mortality,
            Process::Fertility,
            Process::OutMigration,
        ] {
            for y in 2020..2060 {
                for unit in 0..50 {
                    let k = StreamKey {
                        seed: 7,
                        replication: 1,
                        unit,
                        process: p,
                        year: y,
                    };
                    assert!(seeds.insert(k.hash()), "two streams share a seed: {k:?}");
                }
            }
        }
    }

    #[test]
    fn agent_draws_are_standard_normal_and_tied_to_the_agent() {
        let h = key(Process::Income, 2020).hash();
        let z: Vec<f64> = (0..100_000).map(|a| agent_normal(h, a)).collect();
        let mean = z.iter().sum::<f64>() / z.len() as f64;
        let var = z.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / z.len() as f64;
        assert!(
            mean.abs() < 0.01 && (var - 1.0).abs() < 0.02,
            "{mean} {var}"
        );
        assert_eq!(agent_normal(h, 17), z[17]);
        assert_ne!(agent_normal(key(Process::Income, 2021).hash(), 17), z[17]);
    }

    #[test]
    fn threshold_draws_match_probability() {
        let mut r = key(Process::Health, 2021).rng();
        let t = threshold(0.3);
        let n = 200_000;
        let hits = (0..n).filter(|_| r.hit(t)).count() as f64 / n as f64;
        assert!((hits - 0.3).abs() < 0.005, "{hits}");
        assert!(!r.hit(threshold(0.0)));
        assert!(r.hit(threshold(1.0)));
    }

    #[test]
    fn gaps_give_each_trial_its_probability() {
        let mut r = key(Process::OutMigration, 2021).rng();
        let gaps = Gaps::new(0.05).unwrap();
        let (mut trials, mut hits) = (0usize, 0usize);
        while trials < 400_000 {
            trials += gaps.next(&mut r) + 1;
            hits += 1;
        }
        let share = hits as f64 / trials as f64;
        assert!((share - 0.05).abs() < 0.002, "{share}");
        assert_eq!(Gaps::new(1.0).unwrap().next(&mut r), 0);
        assert!(Gaps::new(0.0).is_none());
        assert!(Gaps::new(1e-30).unwrap().next(&mut r) > 1_000_000_000);
    }

    #[test]
    fn each_success_visits_the_trials_in_order_each_with_its_probability() {
        let mut r = key(Process::Return, 2030).rng();
        let mut seen = Vec::new();
        Gaps::new(1.0)
            .unwrap()
            .each_success(3..9, &mut r, |_, i| seen.push(i));
        assert_eq!(seen, [3, 4, 5, 6, 7, 8]);
        let mut hits = vec![0u32; 200];
        let gaps = Gaps::new(0.1).unwrap();
        for _ in 0..5_000 {
            let mut last = None;
            gaps.each_success(0..200, &mut r, |_, i| {
                assert!(last.is_none_or(|l| i > l), "in increasing order");
                last = Some(i);
                hits[i] += 1;
            });
        }
        // Each trial's share near 0.1 (sd about 0.004), at the start and the end alike.
        for i in [0, 1, 100, 199] {
            let share = f64::from(hits[i]) / 5_000.0;
            assert!((share - 0.1).abs() < 0.02, "trial {i}: {share}");
        }
        let all = f64::from(hits.iter().sum::<u32>()) / 1_000_000.0;
        assert!((all - 0.1).abs() < 0.002, "{all}");
    }

    #[test]
    fn uniform_and_below_stay_in_range() {
        let mut r = key(Process::Synthesis, 2020).rng();
        for _ in 0..10_000 {
            let u = r.uniform();
            assert!((0.0..1.0).contains(&u));
            assert!(r.below(7) < 7);
        }
        let w = [0.0, 1.0, 3.0, 0.0];
        let n = 40_000;
        let c2 = (0..n).filter(|_| r.weighted(w, 4.0) == 2).count() as f64 / n as f64;
        assert!((c2 - 0.75).abs() < 0.01);
        assert!((0..1000).all(|_| r.weighted(w, 4.0) != 0));
        assert_eq!(
            r.weighted(w, 100.0),
            2,
            "a total above the sum ends on the last positive weight"
        );
    }
}
