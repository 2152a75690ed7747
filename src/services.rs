//! Service content (MODEL.md §7.7 sources 5–6, §8 lever `services`): the
//! weekly hours of meals, bathing, rehabilitation and companionship that a
//! village care point or mutual-aid home, and a township care station, give
//! each elder who holds one of their places. Each type acts through its own
//! mechanism:
//!
//! - meals (with the day care around them) and bathing are care tasks: their
//!   hours count toward the user's need, capped by what is still unmet, as all
//!   care is. Meals and day care cover a Frail user's need (shopping and
//!   cooking limits) but only part of a Disabled user's; bathing is an ADL task
//!   and counts in full;
//! - rehabilitation raises the user's recovery and slows progression in the
//!   next year's health transitions (`health.levers`, MODEL.md §7.2: "modified
//!   by rehabilitation services"), in proportion to the hours received up to a
//!   full dose;
//! - companionship (regular contact with the facility's staff) pulls the
//!   user's own acceptance of non-family care toward 1 (`attitudes`, MODEL.md
//!   §7.14: acceptance moves with exposure to services), which opens paid care
//!   and institution beds to them later.
//!
//! A facility provisions its content for every place, so the content is a
//! running cost of the facility (yuan per place-hour in start-year prices,
//! its labour share following the real urban wage like every running cost in
//! the ledger), booked under facility spending: richer
//! content the budgets cannot pay for widens the funding gap, which cuts the
//! usable places the next year.

use crate::care::WEEKS;
use crate::care::book::CareBook;
use crate::population::people::{CareSource, Health};
use crate::scenario::reader::{Doc, Section, doc};

/// Hours per week (content) or yuan per place-hour (costs), by service type.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PerType {
    pub meals: f64,
    pub bathing: f64,
    pub rehabilitation: f64,
    pub companionship: f64,
}

impl PerType {
    /// Reads the four types of one table, each with its own meaning.
    fn read(s: &mut Section, range: std::ops::RangeInclusive<f64>, docs: [Doc; 4]) -> Self {
        let [meals, bathing, rehabilitation, companionship] = docs;
        PerType {
            meals: s.num("meals", range.clone(), meals),
            bathing: s.num("bathing", range.clone(), bathing),
            rehabilitation: s.num("rehabilitation", range.clone(), rehabilitation),
            companionship: s.num("companionship", range, companionship),
        }
    }

    /// Whether the content gives anything beyond care hours (rehabilitation
    /// or companionship), which an elder whose hours are met may take a
    /// place for.
    pub fn beyond_hours(&self) -> bool {
        self.rehabilitation > 0.0 || self.companionship > 0.0
    }

    /// Sum over the types of `self × other` (content hours × cost per hour).
    fn dot(&self, o: &PerType) -> f64 {
        self.meals * o.meals
            + self.bathing * o.bathing
            + self.rehabilitation * o.rehabilitation
            + self.companionship * o.companionship
    }
}

#[derive(Clone, Debug)]
pub struct ServiceParams {
    /// Content of a place in a village care point or mutual-aid home, hours per week.
    pub village: PerType,
    /// Content of a day-care place of a township care station, hours per week.
    pub township: PerType,
    /// Running cost of one hour of each type for one place, yuan in start-year prices.
    pub costs: PerType,
    /// Labour's share of each type's cost: it follows the real urban wage, the rest prices.
    pub labour_share: PerType,
}

impl ServiceParams {
    pub fn read(s: &mut Section) -> Self {
        let content = |s: &mut Section, key: &'static str, tier: [&'static str; 4]| {
            let mut t = s.section(key);
            let hours = |about, source| doc("hours per week", about, source);
            let v = PerType::read(
                &mut t,
                0.0..=168.0,
                [
                    hours(tier[0], "MODEL.md §7.7 (A)"),
                    hours(tier[1], "MODEL.md §2 (A)"),
                    hours(
                        tier[2],
                        "lever (MODEL.md §8: services); none in the baseline",
                    ),
                    hours(
                        tier[3],
                        "lever (MODEL.md §8: services); none in the baseline",
                    ),
                ],
            );
            t.finish();
            v
        };
        let village = content(
            s,
            "village",
            [
                "meals and day care a village-facility place gives its user",
                "assisted bathing a village-facility place gives its user",
                "rehabilitation a village-facility place gives its user",
                "companionship a village-facility place gives its user",
            ],
        );
        let township = content(
            s,
            "township",
            [
                "meals and day care a township day-care place gives its user",
                "assisted bathing a township day-care place gives its user",
                "rehabilitation a township day-care place gives its user",
                "companionship a township day-care place gives its user",
            ],
        );
        let mut c = s.section("costs");
        let cost = |about, source| doc("yuan per place-hour", about, source);
        let costs = PerType::read(
            &mut c,
            0.0..=10_000.0,
            [
                cost(
                    "food and cooking for one user, per hour of meals and day care",
                    "(A: about 11 yuan a day at 20 h a week)",
                ),
                cost(
                    "a carer bathing one user, per hour",
                    "(A: a carer's hour, 3,838 yuan a month for about 88 hours a week, DATA.md §9, as the outreach cost takes it)",
                ),
                cost(
                    "a rehabilitation worker with a small group, per user-hour",
                    "(A)",
                ),
                cost(
                    "staff time keeping company, per user-hour (one worker for several elders)",
                    "(A)",
                ),
            ],
        );
        c.finish();
        let mut l = s.section("labour_share");
        let share = |about, source| doc("share of the cost", about, source);
        let labour_share = PerType::read(
            &mut l,
            0.0..=1.0,
            [
                share(
                    "cooks' pay in the cost of meals and day care; it follows the real urban wage, food prices",
                    "(A: food is most of it)",
                ),
                share(
                    "carers' pay in the cost of bathing",
                    "(A: water and supplies the rest)",
                ),
                share(
                    "the worker's pay in the cost of rehabilitation",
                    "(A: equipment the rest)",
                ),
                share(
                    "staff pay in the cost of companionship",
                    "(A: staff time only)",
                ),
            ],
        );
        l.finish();
        ServiceParams {
            village,
            township,
            costs,
            labour_share,
        }
    }

    /// Cost of one place-hour of each type in a year whose real urban wage
    /// index is `wage` (1 in the start year), yuan in start-year prices.
    fn costs_at(&self, wage: f64) -> PerType {
        let (c, l) = (&self.costs, &self.labour_share);
        let at = |cost: f64, share: f64| crate::facilities::with_wages(cost, share, wage);
        PerType {
            meals: at(c.meals, l.meals),
            bathing: at(c.bathing, l.bathing),
            rehabilitation: at(c.rehabilitation, l.rehabilitation),
            companionship: at(c.companionship, l.companionship),
        }
    }

    /// Yearly running cost of the content of `village_places` village-facility
    /// places and of `township_places` day-care places, each apart, yuan in
    /// start-year prices, in a year whose real urban wage index is `wage`.
    pub fn cost(&self, village_places: f64, township_places: f64, wage: f64) -> [f64; 2] {
        let costs = self.costs_at(wage);
        [
            village_places * self.village.dot(&costs) * WEEKS,
            township_places * self.township.dot(&costs) * WEEKS,
        ]
    }
}

/// The sources that are day-care places: an elder's hours from them together
/// are those of the better place.
const DAY_CARE: [CareSource; 2] = [CareSource::VillageFacility, CareSource::Township];

/// Gives book entry `k` (of health `health`), who takes a place with this
/// content, the care hours it holds — meals and day care up to `meal_cover` of
/// the need (the whole need of a Frail user), plus bathing — each scaled by
/// `quality`, which also raises the part of the need meals and day care can
/// cover (better trained staff give more of the personal care), never more
/// than is unmet. An elder who already holds the other day-care place (a
/// village facility's, for a township station) is given only what this place
/// offers beyond its hours, so that the two together give what the better one
/// would. A user given any care hours also receives the content's
/// rehabilitation and companionship (the more of the two places' each), which
/// act next in health transitions and attitudes. Returns whether the place was used.
pub fn serve(
    book: &mut CareBook,
    k: usize,
    health: Health,
    source: CareSource,
    content: &PerType,
    meal_cover: f32,
    quality: f32,
) -> bool {
    let coverable = if health == Health::Frail {
        book.need[k]
    } else {
        book.need[k] * (meal_cover * quality).min(1.0)
    };
    let hours = (content.meals as f32 * quality).min(coverable) + content.bathing as f32 * quality;
    let held: f32 = DAY_CARE
        .iter()
        .filter(|&&s| s != source)
        .map(|&s| book.received[k][s as usize])
        .sum();
    if book.grant(k, source, hours - held) <= 0.0 {
        return false;
    }
    attend(book, k, content, quality);
    true
}

/// Gives book entry `k` the rehabilitation and companionship of a place with
/// this content (the more of each it has from any place), scaled by
/// `quality`: what a user of the place receives beyond care hours, and all an
/// elder who holds no place takes from one left free (see
/// [`crate::care::facility::give`]).
pub fn attend(book: &mut CareBook, k: usize, content: &PerType, quality: f32) {
    let more = |had: &mut f32, offered: f64| *had = had.max(offered as f32 * quality);
    more(&mut book.rehabilitation[k], content.rehabilitation);
    more(&mut book.companionship[k], content.companionship);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A book of one entry needing `need` hours.
    fn user(need: f32) -> CareBook {
        let mut b = CareBook::default();
        b.open(|rows| rows.push(0));
        b.need[0] = need;
        b.unmet[0] = need;
        b
    }

    const CONTENT: PerType = PerType {
        meals: 20.0,
        bathing: 3.0,
        rehabilitation: 2.0,
        companionship: 4.0,
    };

    /// A Disabled user needing 21 h a week, served a place of `CONTENT` at a
    /// station: the book after, the place used.
    fn disabled_served(meal_cover: f32, quality: f32) -> CareBook {
        let mut b = user(21.0);
        let place = CareSource::Township;
        assert!(serve(
            &mut b,
            0,
            Health::Disabled,
            place,
            &CONTENT,
            meal_cover,
            quality
        ));
        b
    }

    #[test]
    fn meals_cover_part_of_a_disabled_users_need_and_bathing_adds_to_it() {
        let b = disabled_served(0.5, 1.0);
        assert_eq!(b.received[0][CareSource::Township as usize], 13.5);
        assert_eq!(b.unmet[0], 7.5);
        assert_eq!((b.rehabilitation[0], b.companionship[0]), (2.0, 4.0));
    }

    #[test]
    fn quality_covers_more_of_a_disabled_users_need() {
        // A quarter more: meals and day care cover 0.625 of 21 h (13.125 h,
        // within 25 h of meals), and bathing gives 3.75 h.
        let b = disabled_served(0.5, 1.25);
        assert_eq!(b.received[0][CareSource::Township as usize], 13.125 + 3.75);
        // Never more than the whole need.
        let b = disabled_served(0.9, 2.0);
        assert_eq!(b.received[0][CareSource::Township as usize], 21.0);
    }

    #[test]
    fn a_frail_users_whole_need_is_coverable_and_never_exceeded() {
        let mut b = user(6.0);
        let place = CareSource::Township;
        assert!(serve(&mut b, 0, Health::Frail, place, &CONTENT, 0.5, 1.25));
        assert_eq!(b.received[0][place as usize], 6.0);
        assert_eq!(b.unmet[0], 0.0);
        assert_eq!(b.rehabilitation[0], 2.5);
    }

    #[test]
    fn a_second_day_care_place_gives_only_what_it_offers_beyond_the_first() {
        // A village place of meals only (10.5 of 21 h), then a station of
        // meals and bathing (13.5 h alone): the station adds 3 h, and the
        // more of each place's rehabilitation and companionship.
        let mut b = user(21.0);
        let village = PerType {
            bathing: 0.0,
            rehabilitation: 3.0,
            companionship: 1.0,
            ..CONTENT
        };
        assert!(serve(
            &mut b,
            0,
            Health::Disabled,
            CareSource::VillageFacility,
            &village,
            0.5,
            1.0
        ));
        assert_eq!(b.received[0][CareSource::VillageFacility as usize], 10.5);
        assert!(serve(
            &mut b,
            0,
            Health::Disabled,
            CareSource::Township,
            &CONTENT,
            0.5,
            1.0
        ));
        assert_eq!(b.received[0][CareSource::Township as usize], 3.0);
        assert_eq!(b.unmet[0], 7.5);
        assert_eq!((b.rehabilitation[0], b.companionship[0]), (3.0, 4.0));
        // A station that gives no more than the village place is not taken.
        let mut b = user(21.0);
        assert!(serve(
            &mut b,
            0,
            Health::Disabled,
            CareSource::VillageFacility,
            &CONTENT,
            0.5,
            1.0
        ));
        assert!(!serve(
            &mut b,
            0,
            Health::Disabled,
            CareSource::Township,
            &village,
            0.5,
            1.0
        ));
        assert_eq!(b.received[0][CareSource::Township as usize], 0.0);
    }

    #[test]
    fn a_place_with_no_care_hours_for_the_user_is_not_used() {
        let mut b = user(21.0);
        let thin = PerType {
            meals: 0.0,
            bathing: 0.0,
            ..CONTENT
        };
        let place = CareSource::VillageFacility;
        assert!(!serve(&mut b, 0, Health::Disabled, place, &thin, 0.5, 1.0));
        assert_eq!(b.rehabilitation[0], 0.0);
    }

    #[test]
    fn content_costs_per_place_and_year() {
        let sp = ServiceParams {
            village: CONTENT,
            township: PerType {
                meals: 1.0,
                bathing: 0.0,
                rehabilitation: 0.0,
                companionship: 0.0,
            },
            costs: PerType {
                meals: 4.0,
                bathing: 10.0,
                rehabilitation: 15.0,
                companionship: 3.0,
            },
            labour_share: PerType {
                meals: 0.5,
                bathing: 1.0,
                rehabilitation: 0.0,
                companionship: 1.0,
            },
        };
        // (20·4 + 3·10 + 2·15 + 4·3) = 152 yuan a week per village place; 4 a week per day-care place.
        assert_eq!(
            sp.cost(2.0, 5.0, 1.0),
            [2.0 * 152.0 * WEEKS, 5.0 * 4.0 * WEEKS]
        );
        // With real wages doubled: meals 6, bathing 20, rehabilitation 15, companionship 6.
        // (20·6 + 3·20 + 2·15 + 4·6) = 234 a week per village place; 6 per day-care place.
        assert_eq!(
            sp.cost(2.0, 5.0, 2.0),
            [2.0 * 234.0 * WEEKS, 5.0 * 6.0 * WEEKS]
        );
    }
}
