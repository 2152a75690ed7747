//! The village facility (MODEL.md §7.7 source 5): a care point or a
//! mutual-aid home offers a few places, each with the village service content
//! (`services.village`: meals and day care, bathing, rehabilitation,
//! companionship; see [`crate::services`]). Meals and day care cover a Frail
//! user's need and part of a Disabled user's; Severe (bedridden) elders are
//! not served. Places go to accepting elders, most severe first.

use crate::care::book::CareBook;
use crate::population::people::{CareSource, Health};
use crate::population::village::{Facility, Village};
use crate::rng::Process;
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

/// Whole usable places of a list of facilities when a share `capacity` of
/// their places is usable (the funding gap's cut, see [`crate::finance`]).
///
/// Each facility's exact share (places × capacity) is rounded by cumulative
/// rounding: a facility gets the running total of the exact shares, rounded to
/// the nearest place, less what the facilities before it got. So each gets its
/// share rounded down or up, every run of facilities from the first — the whole
/// list too — gets its exact total to within half a place, and no draw is
/// needed. Truncating each share instead would take a whole place from every
/// facility as soon as any part of the capacity is missing (a 2 % cut of a
/// six-place point would leave five), a bias that grows with the number of
/// facilities; with the whole capacity usable every facility keeps all its places.
#[derive(Clone, Copy, Debug)]
pub struct UsablePlaces {
    capacity: f64,
    /// Exact usable places of the facilities so far, and whole places given.
    exact: f64,
    given: f64,
}

impl UsablePlaces {
    /// For facilities of which a share `capacity` (in [0, 1]) is usable.
    pub fn new(capacity: f64) -> Self {
        UsablePlaces {
            capacity,
            exact: 0.0,
            given: 0.0,
        }
    }

    /// The usable places of the next facility, which has `places` places.
    pub fn next(&mut self, places: u32) -> u32 {
        self.exact += f64::from(places) * self.capacity;
        let total = (self.exact + 0.5).floor();
        let here = total - self.given;
        self.given = total;
        here as u32
    }
}

/// Village phase: places go to accepting Frail and Disabled elders with unmet
/// need, then, while places are left, to those who hold none (their hours met
/// by others, or none a place could give), for the content's rehabilitation
/// and companionship alone: day care is also where the frail meet therapy and company, and a
/// place left empty would provision its content for no one. The places usable
/// are the village's usable share of its facility's places, which the ledger
/// set so that they come out whole (see [`UsablePlaces`]).
pub fn give(v: &mut Village, ctx: &YearCtx) {
    let cp = &ctx.scenario.care;
    let fp = &cp.facility;
    let mut places = crate::facilities::usable_places(fp.places(v.facility), v.capacity) as u32;
    v.tally.village_facility_places += f64::from(places);
    if places == 0 {
        return;
    }
    let order = v.key_draws(ctx, Process::VillageQueues);
    let (p, s, book) = (&v.people, &mut v.scratch, &mut v.care);
    let content = &ctx.scenario.services.village;
    let quality = ctx.scenario.integration.quality() as f32;
    // Book entries of the accepting Frail and Disabled elders at home (with
    // unmet need only, when `short`), most severe first.
    let list = |entries: &mut Vec<u32>, keys: &mut Vec<u128>, book: &CareBook, short: bool| {
        entries.clear();
        entries.extend((0..book.len() as u32).filter(|&k| {
            let i = book.row(k as usize);
            (book.unmet[k as usize] > 0.0 || !short)
                && !p.in_institution[i]
                && p.age[i] >= ctx.scenario.household.elder_age
                && matches!(p.health[i], Health::Frail | Health::Disabled)
                && p.attitude[i] >= cp.acceptance.village_facility
        }));
        super::order_entries(entries, keys, |k| {
            let i = book.row(k);
            super::village_queue_key(order, p.health[i], p.serial[i])
        });
    };
    list(&mut s.a, &mut s.keys, book, true);
    for &k in &s.a {
        let k = k as usize;
        let health = p.health[book.row(k)];
        if services::serve(
            book,
            k,
            health,
            CareSource::VillageFacility,
            content,
            fp.disabled_coverage,
            quality,
        ) {
            v.tally.village_facility_users += 1.0;
            places -= 1;
            if places == 0 {
                return;
            }
        }
    }
    if !content.beyond_hours() {
        return;
    }
    list(&mut s.a, &mut s.keys, book, false);
    for &k in &s.a {
        let k = k as usize;
        // Not the users served above.
        if book.holds_day_care(k) {
            continue;
        }
        services::attend(book, k, content, quality);
        v.tally.village_facility_users += 1.0;
        v.tally.village_facility_content_users += 1.0;
        places -= 1;
        if places == 0 {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::UsablePlaces;

    fn usable(places: &[u32], capacity: f64) -> Vec<u32> {
        let mut u = UsablePlaces::new(capacity);
        places.iter().map(|&n| u.next(n)).collect()
    }

    #[test]
    fn usable_places_are_proportional_to_the_usable_share_without_truncation() {
        // A 2.2 % cut of 100 six-place points and 50 ten-place homes (1,100
        // places) leaves 1,075.8 usable: 1,076 whole places, not the 950
        // that truncating each facility's share gives (5 and 9 each).
        let mut places = vec![6; 100];
        places.extend([10; 50]);
        let got = usable(&places, 0.978);
        assert_eq!(got.iter().sum::<u32>(), 1076);
        // Each facility gets its share rounded down or up.
        for (&n, &u) in places.iter().zip(&got) {
            let exact = f64::from(n) * 0.978;
            assert!(f64::from(u) == exact.floor() || f64::from(u) == exact.ceil());
        }
        // With the whole capacity usable every place is; with none, none.
        assert_eq!(usable(&places, 1.0), places);
        assert!(usable(&places, 0.0).iter().all(|&u| u == 0));
        // A facility without places gets none, and a small cut spread over
        // many facilities takes only the places it amounts to.
        assert_eq!(usable(&[0, 6, 0], 0.5), [0, 3, 0]);
        assert_eq!(usable(&[6; 10], 0.95).iter().sum::<u32>(), 57);
    }
}
