//! The village facility (MODEL.md §7.7 source 5): a care point or a
//! mutual-aid home offers a few places, each with the village service content
//! (`services.village`: meals and day care, bathing, rehabilitation,
//! companionship; see [`crate::services`]). Meals and day care cover a Frail
//! user's need and part of a Disabled user's; Severe (bedridden) elders are
//! not served. Places go to accepting elders, most severe first.

use crate::population::people::{CareSource, Health};
use crate::population::village::{Facility, Village};
use crate::scenario::reader::{Section, doc};
use crate::services;
use crate::sim::YearCtx;

#[derive(Clone, Debug)]
pub struct FacilityCareParams {
    pub care_point_places: u32,
    pub mutual_aid_home_places: u32,
    /// Share of a Disabled user's need that meals and day care can cover.
    pub disabled_coverage: f32,
}

impl FacilityCareParams {
    pub fn read(s: &mut Section) -> Self {
        FacilityCareParams {
            care_point_places: s.int(
                "care_point_places",
                0..=1000,
                doc(
                    "places",
                    "users a village care point serves",
                    "MODEL.md §2 (A)",
                ),
            ) as u32,
            mutual_aid_home_places: s.int(
                "mutual_aid_home_places",
                0..=1000,
                doc(
                    "places",
                    "users a mutual-aid home serves",
                    "MODEL.md §2: a few places (A)",
                ),
            ) as u32,
            disabled_coverage: s.prob(
                "disabled_coverage",
                doc(
                    "share",
                    "part of a Disabled user's need a place's meals and day care can cover (bathing adds to it)",
                    "MODEL.md §7.7 (A)",
                ),
            ) as f32,
        }
    }

    /// Places of a village's facility.
    pub fn places(&self, f: Facility) -> u32 {
        match f {
            Facility::None => 0,
            Facility::CarePoint => self.care_point_places,
            Facility::MutualAidHome => self.mutual_aid_home_places,
        }
    }
}

/// Village phase: places go to accepting Frail and Disabled elders with unmet need.
pub fn give(v: &mut Village, ctx: &YearCtx) {
    let cp = &ctx.scenario.care;
    let fp = &cp.facility;
    let mut places = (f64::from(fp.places(v.facility)) * v.capacity) as u32;
    v.tally.village_facility_places += f64::from(places);
    if places == 0 {
        return;
    }
    let (p, s, book) = (&v.people, &mut v.scratch, &mut v.care);
    // Book entries of the accepting Frail and Disabled elders with unmet need.
    s.a.clear();
    s.a.extend((0..book.len() as u32).filter(|&k| {
        let i = book.row(k as usize);
        book.unmet[k as usize] > 0.0
            && matches!(p.health[i], Health::Frail | Health::Disabled)
            && p.attitude[i] >= cp.acceptance.village_facility
    }));
    super::order_entries(&mut s.a, &mut s.keys, |k| {
        let i = book.row(k);
        super::severity_first(p.health[i]) << 32 | u64::from(p.serial[i])
    });
    let quality = ctx.scenario.integration.quality() as f32;
    for &k in &s.a {
        let k = k as usize;
        let health = p.health[book.row(k)];
        if services::serve(
            book,
            k,
            health,
            CareSource::VillageFacility,
            &ctx.scenario.services.village,
            fp.disabled_coverage,
            quality,
        ) {
            v.tally.village_facility_users += 1.0;
            places -= 1;
            if places == 0 {
                break;
            }
        }
    }
}
