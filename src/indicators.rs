//! Indicators: additive counts and sums per village and year, summed to
//! county and region; ratios are derived from them only at output, so shards
//! merge exactly (MODEL.md §4, Observation).
//!
//! Naming: stocks are end-of-year counts; flows (`births`, `deaths`, …) are
//! counts over the year that ends at the row's year.

macro_rules! tally {
    ($($name:ident: $doc:literal,)*) => {
        /// One set of additive indicators.
        #[derive(Clone, Copy, Debug, Default, PartialEq)]
        pub struct Tally {
            $(#[doc = $doc] pub $name: f64,)*
        }

        impl Tally {
            /// Column names, in output order.
            pub const NAMES: &'static [&'static str] = &[$(stringify!($name)),*];
            /// One-line meaning of each column.
            pub const DOCS: &'static [&'static str] = &[$($doc),*];

            /// Values in the order of [`Tally::NAMES`].
            pub fn values(&self) -> [f64; Tally::NAMES.len()] {
                [$(self.$name),*]
            }

            /// Adds another tally into this one.
            pub fn add(&mut self, o: &Tally) {
                $(self.$name += o.$name;)*
            }
        }
    };
}

tally! {
    registered_population: "persons registered (hukou) in the villages: residents plus Away",
    resident_population: "persons living in the villages",
    away_population: "registered persons living elsewhere",
    births: "live births to resident women during the year",
    deaths: "deaths of registered persons during the year",
    deaths_resident: "deaths of residents during the year",
    out_migrants: "residents who left during the year (Away from then on)",
    return_migrants: "Away persons who came back during the year",
    care_returners: "returners drawn back by a dependent parent with unmet care, who would not have returned that year otherwise",
    return_migrants_recruit_age: "returners of the caregiver recruitment ages (workforce.recruit_min_age to recruit_max_age) during the year",
    return_migrants_incentive_age: "returners of the returning-youth incentive's ages (migration.return_incentive_min_age to max_age) during the year, to whom the incentive is paid where there is one",
    settled_elsewhere: "Away persons who transferred registration away during the year",
    unions: "unions formed during the year",
    married_in: "women who married into the village from another village of the county during the year (county marriage pool)",
    married_out: "resident women who married into another village of the county during the year, leaving the village's registry",
    households: "resident households",
    resident_0_14: "residents aged 0–14",
    resident_15_59: "residents aged 15–59",
    resident_15_64: "residents aged 15–64",
    resident_60plus: "residents aged 60 and over",
    resident_65plus: "residents aged 65 and over",
    resident_80plus: "residents aged 80 and over",
    resident_elders: "resident elders: residents aged household.elder_age and over (60 in the baseline), whom the elder stocks (empty-nest, living alone, health states) count",
    resident_male: "resident men",
    resident_female: "resident women",
    resident_age_sum: "sum of residents' ages (mean age = this ÷ resident_population)",
    elders_empty_nest: "resident elders with no child of theirs in the household",
    elders_living_alone: "resident elders living alone: no other member of the household at home (the others, if any, holding institution beds), not holding a bed themselves",
    elders_no_child_in_village: "resident elders with no child resident in the village",
    elders_partnered: "resident elders with a living partner",
    resident_men_30_59: "resident men aged 30–59",
    men_30_59_unpartnered: "resident men aged 30–59 without a living partner (never married, widowed or with a partner who is no longer registered)",
    elders_frail: "resident elders (household.elder_age and over) who are Frail",
    elders_disabled: "resident elders (household.elder_age and over) who are Disabled",
    elders_severe: "resident elders (household.elder_age and over) who are Severe",
    villages: "villages",
    villages_with_care_point: "villages with an elderly-care point",
    villages_with_mutual_aid_home: "villages with a mutual-aid home",
    townships: "townships",
    township_stations: "townships with a care station",
    villages_under_100_residents: "villages with fewer than 100 residents",
    persons_in_need: "residents needing care (Frail, Disabled or Severe)",
    persons_using_services: "residents in need who received any non-family care",
    dependents: "residents Disabled or Severe",
    dependents_with_unmet_need: "dependents with any unmet hours",
    elders_dependent_with_unmet_need: "dependents aged household.elder_age and over with any unmet hours",
    dependents_alone_without_carer: "dependents living alone with no spouse or child care",
    dependents_family_cared: "dependents receiving care from a spouse or children",
    dependents_spouse_care_only: "dependents cared for by a spouse and no child",
    dependents_children_care_only: "dependents cared for by children and no spouse",
    dependents_spouse_and_children_care: "dependents cared for by both a spouse and children",
    care_hours_needed: "care needed, hours per year",
    care_hours_spouse: "care from spouses, hours per year",
    care_hours_children: "care from children and children-in-law, hours per year",
    care_hours_children_elsewhere: "of care_hours_children, hours from children living in the village outside the parent's household (the rest from children and children-in-law in it), per year",
    care_hours_mutual_aid: "care from volunteers, hours per year: the village's mutual aid, hours pooled by a platform (platform_hours) and volunteers from outside (outside_volunteer_hours); at most care.mutual_aid.max_hours_per_elder a week to one elder from all of them",
    care_hours_village_facility: "care from village care points and mutual-aid homes, hours per year",
    care_hours_township: "township day care, hours per year",
    care_hours_paid: "paid home care, hours per year of care given: an uncertified caregiver's hour counts as workforce.uncertified_hours_value of an hour",
    care_hours_institution: "care in institution beds, hours per year",
    care_hours_unmet: "care needed but not received, hours per year",
    rehabilitation_hours: "rehabilitation received in facility and day-care places, hours per year",
    companionship_hours: "companionship received in facility and day-care places, hours per year",
    family_carers_at_risk: "working-age family carers above the risk threshold of hours",
    mutual_aid_eligible: "healthy residents of volunteering age at home (not holding an institution bed)",
    mutual_aid_volunteers: "of them, volunteering",
    time_bank_balance_hours: "time-bank credit held by registered persons (residents, and members who have moved away and keep it), hours (stock)",
    time_bank_deposits_hours: "hours deposited to time banks during the year",
    time_bank_withdrawals_hours: "hours withdrawn from time banks during the year",
    time_bank_forfeited_hours: "time-bank credit lapsed at death or settlement elsewhere",
    village_facility_places: "usable places in village care points and mutual-aid homes: the places less the funding-gap cut (township and institution places are counted before it)",
    village_facility_users: "users of those places: elders given care hours there, and then, while places are left, elders holding no day-care place (their hours met by others, or none a place could give), for rehabilitation and companionship",
    village_facility_content_users: "users of village places for rehabilitation and companionship alone (included in village_facility_users)",
    township_daycare_places: "day-care places of township care stations at the end of the year (after the build-out)",
    township_daycare_places_open: "day-care places of the stations in place when the year's places were allotted (before the year's build-out)",
    township_daycare_users: "users of township day care: elders given care hours there, and then, while places are left, elders holding no day-care place (their hours met by others, or none a place could give), for rehabilitation and companionship",
    township_daycare_content_users: "users of township day care for rehabilitation and companionship alone (included in township_daycare_users)",
    paid_care_users: "elders receiving paid home care",
    professional_caregivers: "professional home caregivers of the counties at the end of the year, after the workforce step: those who serve next year (the year's paid care was given by the previous row's; in the start year, when no workforce step runs, the start caregivers, who gave that year's care)",
    certified_caregivers: "of them, caregivers holding a care-worker certificate (end of year, as professional_caregivers)",
    caregiver_posts: "home-care posts the counties keep for next year: the paid-care demand of the year at the caregivers' hours, at least the establishment (stock; in the start year, when no workforce step runs, the caregivers at work)",
    care_hours_paid_demand: "paid home care accepting elders would buy at the price with no shortage of caregivers, hours per year",
    institution_places: "county institution beds at the end of the year (after the build-out)",
    institution_places_open: "county institution beds in place when the year's beds were allotted (before the year's build-out)",
    institution_residents: "residents holding an institution bed",
    institution_fee_waived: "institution residents whose bed fee is waived",
    institution_waiting: "accepting applicants who can pay or have the fee waived, left without a bed (the queue is drawn up anew each year: time waited gives no priority)",
    outside_volunteer_hours: "help from volunteers outside the villages, hours per year",
    caregivers_trained: "trained caregivers taking a vacant post during the year",
    caregivers_recruited: "returning migrants taking a vacant post during the year",
    caregivers_left: "caregivers leaving during the year (attrition, and those without work)",
    caregivers_idle_left: "of them, caregivers above the posts who left for want of work",
    caregivers_certified_in_service: "serving caregivers certified by in-service training during the year",
    institution_staff: "carers of the county institutions at the end of the year, after the workforce step: those who staff next year's beds (stock; usable beds are at most staff × residents per carer)",
    institution_staff_hired: "institution carers hired during the year",
    institution_staff_left: "institution carers leaving during the year (attrition, and those without work)",
    institution_staff_idle_left: "of them, carers above the posts who left for want of work",
    institution_posts: "institution carers' posts for next year: the year's residents and waiting applicants at one carer per residents_per_carer, the applicants within the usable beds (stock; in the start year, the start residents' staff)",
    villages_with_facility: "villages with a care point or a mutual-aid home",
    care_points_built: "village care points set up during the year",
    mutual_aid_homes_built: "mutual-aid homes set up during the year",
    stations_built: "township care stations built during the year",
    beds_built: "institution beds added during the year",
    homes_renovated: "elders' homes given age-friendly renovation during the year",
    spend_pension_yuan: "pensions paid to registered elders, resident or away (basic pension, local top-up, age supplement and the individual-account part, which the ledger books as the elders' own money), yuan in start-year prices, like every ledger amount",
    spend_facilities_yuan: "facility operation and construction, less the part of the beds' running cost that fee waivers and the insurance meet (those are spend_subsidies_yuan and spend_ltc_insurance_yuan), yuan",
    facility_running_yuan: "running cost of the facilities, beds and institution carers in service, whoever meets it (the residents' fees, waivers and insurance included), yuan",
    spend_construction_yuan: "of which construction and renovation, yuan",
    spend_services_yuan: "of which the service content of village-facility and day-care places (meals, bathing, rehabilitation, companionship), yuan",
    spend_paid_care_yuan: "paid home care, the users' part, yuan (the insured part is in spend_ltc_insurance_yuan)",
    spend_subsidies_yuan: "institution fees waived (five-guarantee support, fee relief): the part of a resident's fee beyond the insurance benefit and their own means, as far as the fees meet the beds' running cost, yuan",
    spend_ltc_insurance_yuan: "long-term-care insurance benefits (home care, and beds as far as the fees meet the beds' running cost), yuan",
    spend_caregiver_pay_yuan: "home caregivers' pay above the market pay (a pay policy), paid by government, yuan",
    spend_establishment_yuan: "home caregivers' time that paid care did not use, up to the establishment of posts (publicly bought visits), at the market pay, paid by government, yuan",
    spend_publicity_yuan: "campaigns for non-family care and outreach on entitlements (MODEL.md §7.14), paid by government, yuan",
    spend_return_incentive_yuan: "returning-youth incentives paid to the returners of their ages (MODEL.md §7.6), paid by government, yuan",
    platform_hours: "volunteer hours pooled across villages by a digital platform, hours per year",
    ltc_beneficiaries: "covered, aware dependent elders (long-term-care insurance beneficiaries; the benefits go to elders)",
    paid_by_government_yuan: "paid by government (of its transfers toward running costs, what arrives; leakage_yuan was sent besides), yuan",
    paid_by_collective_yuan: "paid by village collectives (what arrives, as for government), yuan",
    paid_by_social_capital_yuan: "paid by social capital, yuan",
    paid_by_individuals_yuan: "paid by elders and families, yuan",
    funding_gap_yuan: "facility running costs that did not arrive, leaked on the way or beyond the payers' budgets (construction is paid from its own budget and opens no gap), yuan",
    leakage_yuan: "government and collective money lost before arrival, yuan: the running costs' part of it is also in funding_gap_yuan (it did not arrive), the construction money's is not",
    villages_without_young_adults: "villages with no resident young adult (aged census.viable_young_min_age to viable_young_max_age, 20–40 in the baseline)",
    villages_not_viable: "villages not viable (MODEL.md §9): fewer residents than census.viable_min_residents or no resident young adult (100 and 20–40 in the baseline)",
    income_elders: "resident elders aged income.elder_age and over, whose incomes and poverty are tracked",
    pension_recipients: "resident elders of pension age (pension.age), each receiving the residents' basic pension",
    pension_paid_yuan: "pensions paid to them (basic part, top-up, individual account and age supplement), yuan per year (nominal)",
    pension_paid_real_yuan: "the same in start-year prices (deflated by the price index)",
    pension_basic_paid_yuan: "the basic part of those pensions (what the pension rule sets; no top-up, individual account or age supplement), yuan per year (nominal)",
    pension_basic_paid_real_yuan: "the same in start-year prices (deflated by the price index)",
    subsistence_line_yuan_sum: "the subsistence line summed over pension recipients, yuan per year (nominal)",
    elders_below_subsistence: "of income_elders, those below the subsistence line: household income less medical spending per member by default (income.pooling)",
    remittances_yuan: "remittances received by income_elders, yuan per year (nominal)",
    pension_recipients_away: "registered elders of pension age living away (not settled elsewhere): the residents' basic pension follows the registration, so the county pays theirs too",
    pension_paid_away_real_yuan: "pensions paid to them, yuan per year in start-year prices",
}

/// A ratio derived at output from two additive columns.
pub struct Ratio {
    pub name: &'static str,
    pub numerator: &'static str,
    pub denominator: &'static str,
    pub doc: &'static str,
}

/// Indicators a village's own tally never holds: the counties' stocks and
/// flows (places, workforce, build-out, money), the run's counts of villages
/// by facility, and the derived counts made of them. `village_types.csv`
/// leaves them out (a test checks the list against the tallies of a run with
/// every lever on).
pub const NOT_BY_VILLAGE: &[&str] = &[
    "townships",
    "township_stations",
    "township_daycare_places",
    "township_daycare_places_open",
    "institution_places",
    "institution_places_open",
    "professional_caregivers",
    "certified_caregivers",
    "caregiver_posts",
    "institution_staff",
    "care_hours_paid_demand",
    "platform_hours",
    "outside_volunteer_hours",
    "caregivers_trained",
    "caregivers_recruited",
    "caregivers_left",
    "caregivers_idle_left",
    "caregivers_certified_in_service",
    "institution_staff_hired",
    "institution_staff_left",
    "institution_staff_idle_left",
    "institution_posts",
    "care_points_built",
    "mutual_aid_homes_built",
    "stations_built",
    "beds_built",
    "villages_with_care_point",
    "villages_with_mutual_aid_home",
    "ltc_beneficiaries",
    "spend_facilities_yuan",
    "facility_running_yuan",
    "spend_services_yuan",
    "spend_construction_yuan",
    "spend_paid_care_yuan",
    "spend_pension_yuan",
    "spend_subsidies_yuan",
    "spend_ltc_insurance_yuan",
    "spend_caregiver_pay_yuan",
    "spend_establishment_yuan",
    "spend_publicity_yuan",
    "spend_return_incentive_yuan",
    "paid_by_government_yuan",
    "paid_by_collective_yuan",
    "paid_by_social_capital_yuan",
    "paid_by_individuals_yuan",
    "leakage_yuan",
    "funding_gap_yuan",
    "public_spending_yuan",
    "professional_caregivers_x1000",
];

/// Whether a village's own tally may hold the indicator or derived count `name`.
pub fn by_village(name: &str) -> bool {
    !NOT_BY_VILLAGE.contains(&name)
}

/// The ratios written to summary.csv.
pub const RATIOS: &[Ratio] = &[
    ratio(
        "share_0_14",
        "resident_0_14",
        "resident_population",
        "share of residents aged 0–14",
    ),
    ratio(
        "share_60plus",
        "resident_60plus",
        "resident_population",
        "share of residents aged 60+",
    ),
    ratio(
        "share_65plus",
        "resident_65plus",
        "resident_population",
        "share of residents aged 65+",
    ),
    ratio(
        "share_80plus",
        "resident_80plus",
        "resident_population",
        "share of residents aged 80+",
    ),
    ratio(
        "unpartnered_men_share_30_59",
        "men_30_59_unpartnered",
        "resident_men_30_59",
        "share of resident men aged 30–59 without a living partner",
    ),
    ratio(
        "old_age_dependency_ratio",
        "resident_65plus",
        "resident_15_64",
        "residents 65+ per resident aged 15–64",
    ),
    ratio(
        "empty_nest_share",
        "elders_empty_nest",
        "resident_elders",
        "share of resident elders with no child in the household",
    ),
    ratio(
        "living_alone_share",
        "elders_living_alone",
        "resident_elders",
        "share of resident elders living alone",
    ),
    ratio(
        "no_child_in_village_share",
        "elders_no_child_in_village",
        "resident_elders",
        "share of resident elders with no child in the village",
    ),
    ratio(
        "resident_to_registered",
        "resident_population",
        "registered_population",
        "residents per registered person",
    ),
    ratio(
        "sex_ratio",
        "resident_male",
        "resident_female",
        "resident men per resident woman (×100 for the census convention)",
    ),
    ratio(
        "mean_household_size",
        "resident_population",
        "households",
        "residents per household",
    ),
    ratio(
        "mean_age",
        "resident_age_sum",
        "resident_population",
        "mean age of residents in completed years (the median age, interpolated over continuous age, counts each year of age as lived half through)",
    ),
    ratio(
        "crude_birth_rate",
        "births",
        "resident_population",
        "births per resident",
    ),
    ratio(
        "villages_under_100_share",
        "villages_under_100_residents",
        "villages",
        "share of villages under 100 residents",
    ),
    ratio(
        "villages_not_viable_share",
        "villages_not_viable",
        "villages",
        "share of villages not viable: under census.viable_min_residents residents or no resident young adult (100 and 20–40 in the baseline)",
    ),
    ratio(
        "dependent_share_60plus",
        "elders_dependent",
        "resident_elders",
        "share of resident elders Disabled or Severe",
    ),
    ratio(
        "unmet_need_share",
        "dependents_with_unmet_need",
        "dependents",
        "share of dependents (Disabled or Severe residents of any age) with unmet need",
    ),
    ratio(
        "unmet_need_share_elders",
        "elders_dependent_with_unmet_need",
        "elders_dependent",
        "share of dependent elders (household.elder_age and over) with unmet need",
    ),
    ratio(
        "family_care_share",
        "dependents_family_cared",
        "dependents",
        "share of dependents receiving care from a spouse or children",
    ),
    ratio(
        "spouse_only_share",
        "dependents_spouse_care_only",
        "dependents_family_cared",
        "share of family-cared dependents cared for by a spouse alone",
    ),
    ratio(
        "children_only_share",
        "dependents_children_care_only",
        "dependents_family_cared",
        "share of family-cared dependents cared for by children alone",
    ),
    ratio(
        "spouse_and_children_share",
        "dependents_spouse_and_children_care",
        "dependents_family_cared",
        "share of family-cared dependents cared for by both a spouse and children",
    ),
    ratio(
        "unmet_hours_share",
        "care_hours_unmet",
        "care_hours_needed",
        "share of needed care hours not received",
    ),
    ratio(
        "mutual_aid_participation",
        "mutual_aid_volunteers",
        "mutual_aid_eligible",
        "share of eligible residents volunteering",
    ),
    ratio(
        "institution_occupancy",
        "institution_residents",
        "institution_places_open",
        "share of the institution beds in place during the year that are occupied",
    ),
    ratio(
        "township_daycare_occupancy",
        "township_daycare_users",
        "township_daycare_places_open",
        "share of the township day-care places in place during the year that are used",
    ),
    ratio(
        "village_facility_occupancy",
        "village_facility_users",
        "village_facility_places",
        "share of the usable places of village care points and mutual-aid homes that are used",
    ),
    ratio(
        "share_hours_spouse",
        "care_hours_spouse",
        "care_hours_received",
        "spouses' share of care received",
    ),
    ratio(
        "share_hours_children",
        "care_hours_children",
        "care_hours_received",
        "children's share of care received",
    ),
    ratio(
        "share_hours_mutual_aid",
        "care_hours_mutual_aid",
        "care_hours_received",
        "volunteers' share of care received",
    ),
    ratio(
        "share_hours_village_facility",
        "care_hours_village_facility",
        "care_hours_received",
        "village facilities' share of care received",
    ),
    ratio(
        "share_hours_township",
        "care_hours_township",
        "care_hours_received",
        "township day care's share of care received",
    ),
    ratio(
        "share_hours_paid",
        "care_hours_paid",
        "care_hours_received",
        "paid home care's share of care received",
    ),
    ratio(
        "share_hours_institution",
        "care_hours_institution",
        "care_hours_received",
        "institutions' share of care received",
    ),
    ratio(
        "facility_coverage",
        "villages_with_facility",
        "villages",
        "share of villages with a care point or mutual-aid home",
    ),
    ratio(
        "public_spending_per_elder",
        "public_spending_yuan",
        "resident_60plus",
        "government and collective spending per resident elder (the money sent: what arrives and what leaks on the way), yuan per year; it includes the pensions of registered elders living away, whom the denominator leaves out",
    ),
    ratio(
        "funding_gap_share",
        "funding_gap_yuan",
        "facility_running_yuan",
        "share of facility running costs not covered (construction opens no gap): the cut in usable places",
    ),
    ratio(
        "caregivers_per_1000_elders",
        "professional_caregivers_x1000",
        "resident_60plus",
        "professional caregivers per 1,000 resident elders (caregivers at the end of the year, who serve next year)",
    ),
    ratio(
        "certified_share",
        "certified_caregivers",
        "professional_caregivers",
        "share of professional caregivers holding a care-worker certificate",
    ),
    ratio(
        "mean_pension_monthly",
        "pension_paid_yuan",
        "pension_recipient_months",
        "mean pension per recipient, yuan per month (nominal)",
    ),
    ratio(
        "mean_pension_monthly_real",
        "pension_paid_real_yuan",
        "pension_recipient_months",
        "mean pension per recipient, yuan per month in start-year prices",
    ),
    ratio(
        "mean_basic_pension_monthly",
        "pension_basic_paid_yuan",
        "pension_recipient_months",
        "mean basic part of the pension per recipient (what the pension rule sets), yuan per month (nominal)",
    ),
    ratio(
        "mean_basic_pension_monthly_real",
        "pension_basic_paid_real_yuan",
        "pension_recipient_months",
        "the same in start-year prices",
    ),
    ratio(
        "pension_to_subsistence",
        "pension_paid_yuan",
        "subsistence_line_yuan_sum",
        "mean pension ÷ the subsistence line",
    ),
    ratio(
        "poverty_share",
        "elders_below_subsistence",
        "income_elders",
        "share of resident elders (from income.elder_age) below the subsistence line after medical spending",
    ),
];

const fn ratio(
    name: &'static str,
    numerator: &'static str,
    denominator: &'static str,
    doc: &'static str,
) -> Ratio {
    Ratio {
        name,
        numerator,
        denominator,
        doc,
    }
}

/// Column index of an indicator name.
pub fn index(name: &str) -> Option<usize> {
    Tally::NAMES.iter().position(|n| *n == name)
}

/// Values of every derived ratio from one row of counts (NaN where the denominator is 0).
pub fn ratios(values: &[f64]) -> Vec<f64> {
    RATIOS
        .iter()
        .map(
            |r| match (count(r.numerator, values), count(r.denominator, values)) {
                (Some(n), Some(d)) if d != 0.0 => n / d,
                _ => f64::NAN,
            },
        )
        .collect()
}

/// A count of one row of counts by name: an indicator, or a sum of indicators
/// (`public_spending_yuan`, `elders_dependent`, …).
pub fn count(name: &str, values: &[f64]) -> Option<f64> {
    index(name)
        .map(|i| values[i])
        .or_else(|| derived_count(name, values))
}

/// Counts that are sums of other counts (kept out of the tally to avoid redundant state).
fn derived_count(name: &str, values: &[f64]) -> Option<f64> {
    let v = |n: &str| index(n).map(|i| values[i]);
    match name {
        "elders_dependent" => Some(v("elders_disabled")? + v("elders_severe")?),
        "care_hours_received" => Some(v("care_hours_needed")? - v("care_hours_unmet")?),
        // The money government and collectives send: what arrives and what leaks on the way.
        "public_spending_yuan" => {
            Some(v("paid_by_government_yuan")? + v("paid_by_collective_yuan")? + v("leakage_yuan")?)
        }
        "professional_caregivers_x1000" => Some(v("professional_caregivers")? * 1000.0),
        "pension_recipient_months" => Some(v("pension_recipients")? * 12.0),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ratio_names_known_columns() {
        let zero: Vec<f64> = (0..Tally::NAMES.len()).map(|i| 1.0 + i as f64).collect();
        for (r, v) in RATIOS.iter().zip(ratios(&zero)) {
            assert!(!v.is_nan(), "{} refers to an unknown column", r.name);
        }
        assert_eq!(Tally::NAMES.len(), Tally::DOCS.len());
    }

    #[test]
    fn tallies_add() {
        let mut a = Tally {
            births: 2.0,
            ..Tally::default()
        };
        a.add(&Tally {
            births: 3.0,
            deaths: 1.0,
            ..Tally::default()
        });
        assert_eq!((a.births, a.deaths), (5.0, 1.0));
        assert_eq!(a.values()[index("births").unwrap()], 5.0);
    }
}
