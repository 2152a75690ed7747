//! The region's layout (MODEL.md §5): counties → townships → villages.
//!
//! Scaled, not sampled: `scale = 0.1` keeps a tenth of the counties,
//! townships and villages (at least one of each), with the same per-village
//! distributions. Townships are contiguous blocks of villages, counties
//! contiguous blocks of townships, so a county's villages are a range.

use std::ops::Range;

use crate::scenario::reader::{Section, doc};

#[derive(Clone, Debug, PartialEq)]
pub struct RegionParams {
    pub counties: u32,
    pub townships: u32,
    pub villages: u32,
    pub village_registered_mean: f64,
    pub village_registered_cv: f64,
    pub village_registered_min: u32,
    pub distance_km_mean: f64,
    pub distance_km_cv: f64,
}

/// The most registered persons a run may build, [`RegionParams::persons`]:
/// the baseline at scale 1 (13.2 M) fits, with room to spare on a machine of
/// a few GiB (see [`BYTES_PER_PERSON`]).
pub const MAX_PERSONS: f64 = 20e6;

/// Memory a person takes while its county runs, bytes: 49 in the columns of
/// [`People`](super::people::People) (five `u32`, four `f32`, thirteen bytes),
/// about as much again in the kin index, households and spare capacity.
pub const BYTES_PER_PERSON: f64 = 100.0;

impl RegionParams {
    /// Reads `[region]`: counties ≤ townships ≤ villages, since each county
    /// holds at least one township and each township a village.
    pub fn read(s: &mut Section) -> Self {
        let r = RegionParams {
            counties: s.int(
                "counties",
                1..=10_000,
                doc(
                    "counties",
                    "county-level units with rural areas (at scale 1)",
                    "DATA.md §1: about 40 of Jilin's 60 (A)",
                ),
            ) as u32,
            townships: s.int(
                "townships",
                1..=100_000,
                doc(
                    "townships",
                    "townships and towns (at scale 1)",
                    "DATA.md §1: 607 in 2022 (S)",
                ),
            ) as u32,
            villages: s.int(
                "villages",
                1..=1_000_000,
                doc(
                    "villages",
                    "administrative villages (at scale 1)",
                    "DATA.md §1: about 9,300 (A)",
                ),
            ) as u32,
            village_registered_mean: s.num(
                "village_registered_mean",
                10.0..=100_000.0,
                doc(
                    "persons",
                    "mean registered (hukou) population per village",
                    "DATA.md §1: 13.22 M registered (S) ÷ 9,300 villages (A)",
                ),
            ),
            village_registered_cv: s.num(
                "village_registered_cv",
                0.0..=3.0,
                doc(
                    "ratio",
                    "coefficient of variation of village size (lognormal)",
                    "(A)",
                ),
            ),
            village_registered_min: s.int(
                "village_registered_min",
                1..=10_000,
                doc("persons", "smallest village drawn", "(A)"),
            ) as u32,
            distance_km_mean: s.num(
                "distance_km_mean",
                0.0..=200.0,
                doc(
                    "km",
                    "mean distance from village to township seat (lognormal)",
                    "(A)",
                ),
            ),
            distance_km_cv: s.num(
                "distance_km_cv",
                0.0..=3.0,
                doc("ratio", "coefficient of variation of that distance", "(A)"),
            ),
        };
        s.require(
            &["village_registered_min", "village_registered_mean"],
            f64::from(r.village_registered_min) <= r.village_registered_mean,
            || {
                format!(
                    "expected the smallest village drawn (village_registered_min {}) to be at most \
                     the mean village (village_registered_mean {})",
                    r.village_registered_min, r.village_registered_mean
                )
            },
        );
        s.require(
            &["counties", "townships", "villages"],
            r.counties <= r.townships && r.townships <= r.villages,
            || {
                format!(
                    "expected counties ≤ townships ≤ villages (each county holds at least one \
                     township, each township a village), found {} ≤ {} ≤ {}",
                    r.counties, r.townships, r.villages
                )
            },
        );
        r
    }

    /// The registered persons a run at `scale` builds, on average: its
    /// villages times their mean size.
    pub fn persons(&self, scale: f64) -> f64 {
        f64::from(scaled(self.villages, scale)) * self.village_registered_mean
    }
}

/// One county's share of the region.
#[derive(Clone, Debug, PartialEq)]
pub struct CountyPlan {
    pub id: u32,
    pub townships: Range<u32>,
    pub villages: Range<u32>,
}

fn scaled(n: u32, scale: f64) -> u32 {
    ((f64::from(n) * scale).round() as u32).max(1)
}

/// The counties of a region at a given scale, with their township and village
/// ranges. Scaling keeps counties ≤ townships ≤ villages, as they are read.
pub fn plan(r: &RegionParams, scale: f64) -> Vec<CountyPlan> {
    let v = scaled(r.villages, scale);
    let t = scaled(r.townships, scale);
    let c = scaled(r.counties, scale);
    // Block boundaries: item i of n goes to block i*k/n.
    let first = |block: u32, blocks: u32, items: u32| -> u32 {
        ((u64::from(block) * u64::from(items)).div_ceil(u64::from(blocks))) as u32
    };
    (0..c)
        .map(|id| {
            let townships = first(id, c, t)..first(id + 1, c, t);
            let villages = first(townships.start, t, v)..first(townships.end, t, v);
            CountyPlan {
                id,
                townships,
                villages,
            }
        })
        .collect()
}

/// The township a village belongs to (inverse of the block rule in [`plan`]).
pub fn township_of(village: u32, r: &RegionParams, scale: f64) -> u32 {
    let v = scaled(r.villages, scale);
    let t = scaled(r.townships, scale);
    ((u64::from(village) * u64::from(t)) / u64::from(v)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region() -> RegionParams {
        RegionParams {
            counties: 40,
            townships: 607,
            villages: 9300,
            village_registered_mean: 1420.0,
            village_registered_cv: 0.5,
            village_registered_min: 50,
            distance_km_mean: 6.0,
            distance_km_cv: 0.6,
        }
    }

    #[test]
    fn plan_partitions_townships_and_villages() {
        for scale in [1.0, 0.1, 0.013, 0.0001] {
            let r = region();
            let p = plan(&r, scale);
            assert_eq!(p[0].villages.start, 0);
            assert_eq!(p[0].townships.start, 0);
            for w in p.windows(2) {
                assert_eq!(w[0].villages.end, w[1].villages.start);
                assert_eq!(w[0].townships.end, w[1].townships.start);
            }
            let last = p.last().unwrap();
            assert_eq!(last.villages.end, scaled(9300, scale));
            for c in &p {
                assert!(
                    !c.villages.is_empty() && !c.townships.is_empty(),
                    "{scale}: {c:?}"
                );
                for v in c.villages.clone() {
                    assert!(
                        c.townships.contains(&township_of(v, &r, scale)),
                        "{scale} village {v}"
                    );
                }
            }
        }
        assert_eq!(plan(&region(), 0.1).len(), 4);
    }
}
