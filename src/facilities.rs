//! Facilities (MODEL.md §2, §7.9): which villages have a care point or a
//! mutual-aid home, which townships a care station, and county beds, at start.

use crate::scenario::reader::{Section, doc};

#[derive(Clone, Debug)]
pub struct FacilityParams {
    pub no_facility_share: f64,
    pub mutual_aid_home_share: f64,
    pub township_station_share: f64,
    pub beds_per_1000_elders: f64,
}

impl FacilityParams {
    pub fn read(s: &mut Section) -> Self {
        FacilityParams {
            no_facility_share: s.prob("no_facility_share", doc("share of villages", "villages with no elderly-care facility at start", "DATA.md §8, the study: about 40 % (S)")),
            mutual_aid_home_share: s.prob("mutual_aid_home_share", doc("share of villages", "villages with a mutual-aid home at start (the rest of those with a facility have a care point)", "DATA.md §8 (A)")),
            township_station_share: s.prob("township_station_share", doc("share of townships", "townships with a care station at start", "DATA.md §8: 56.4 % with a government old-age home, 2016 (V, proxy)")),
            beds_per_1000_elders: s.num("beds_per_1000_elders", 0.0..=500.0, doc("beds per 1,000 residents 60+", "county institution beds at start", "DATA.md §8: 1.94 M beds ÷ ~121 M rural elders (S)")),
        }
    }
}
