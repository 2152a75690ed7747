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
    care_returners: "returners drawn back by a dependent parent with unmet care",
    settled_elsewhere: "Away persons who transferred registration away during the year",
    unions: "unions formed during the year",
    households: "resident households",
    resident_0_14: "residents aged 0–14",
    resident_15_59: "residents aged 15–59",
    resident_15_64: "residents aged 15–64",
    resident_60plus: "residents aged 60 and over",
    resident_65plus: "residents aged 65 and over",
    resident_80plus: "residents aged 80 and over",
    resident_male: "resident men",
    resident_female: "resident women",
    resident_age_sum: "sum of residents' ages (mean age = this ÷ resident_population)",
    elders_empty_nest: "resident elders with no child of theirs in the household",
    elders_living_alone: "resident elders in a one-person household",
    elders_no_child_in_village: "resident elders with no child resident in the village",
    elders_partnered: "resident elders with a living partner",
    elders_frail: "resident elders (60+) who are Frail",
    elders_disabled: "resident elders (60+) who are Disabled",
    elders_severe: "resident elders (60+) who are Severe",
    villages: "villages",
    villages_with_care_point: "villages with an elderly-care point",
    villages_with_mutual_aid_home: "villages with a mutual-aid home",
    townships: "townships",
    township_stations: "townships with a care station",
    institution_beds: "county institution beds",
    villages_under_100_residents: "villages with fewer than 100 residents",
    villages_without_young_adults: "villages with no resident aged 20–40",
}

/// A ratio derived at output from two additive columns.
pub struct Ratio {
    pub name: &'static str,
    pub numerator: &'static str,
    pub denominator: &'static str,
    pub doc: &'static str,
}

/// The ratios written to summary.csv.
pub const RATIOS: &[Ratio] = &[
    Ratio {
        name: "share_0_14",
        numerator: "resident_0_14",
        denominator: "resident_population",
        doc: "share of residents aged 0–14",
    },
    Ratio {
        name: "share_60plus",
        numerator: "resident_60plus",
        denominator: "resident_population",
        doc: "share of residents aged 60+",
    },
    Ratio {
        name: "share_65plus",
        numerator: "resident_65plus",
        denominator: "resident_population",
        doc: "share of residents aged 65+",
    },
    Ratio {
        name: "share_80plus",
        numerator: "resident_80plus",
        denominator: "resident_population",
        doc: "share of residents aged 80+",
    },
    Ratio {
        name: "old_age_dependency_ratio",
        numerator: "resident_65plus",
        denominator: "resident_15_64",
        doc: "residents 65+ per resident aged 15–64",
    },
    Ratio {
        name: "empty_nest_share",
        numerator: "elders_empty_nest",
        denominator: "resident_60plus",
        doc: "share of resident elders with no child in the household",
    },
    Ratio {
        name: "living_alone_share",
        numerator: "elders_living_alone",
        denominator: "resident_60plus",
        doc: "share of resident elders living alone",
    },
    Ratio {
        name: "no_child_in_village_share",
        numerator: "elders_no_child_in_village",
        denominator: "resident_60plus",
        doc: "share of resident elders with no child in the village",
    },
    Ratio {
        name: "resident_to_registered",
        numerator: "resident_population",
        denominator: "registered_population",
        doc: "residents per registered person",
    },
    Ratio {
        name: "sex_ratio",
        numerator: "resident_male",
        denominator: "resident_female",
        doc: "resident men per resident woman (×100 for the census convention)",
    },
    Ratio {
        name: "mean_household_size",
        numerator: "resident_population",
        denominator: "households",
        doc: "residents per household",
    },
    Ratio {
        name: "mean_age",
        numerator: "resident_age_sum",
        denominator: "resident_population",
        doc: "mean age of residents, years",
    },
    Ratio {
        name: "crude_birth_rate",
        numerator: "births",
        denominator: "resident_population",
        doc: "births per resident",
    },
    Ratio {
        name: "villages_under_100_share",
        numerator: "villages_under_100_residents",
        denominator: "villages",
        doc: "share of villages under 100 residents",
    },
    Ratio {
        name: "dependent_share_60plus",
        numerator: "elders_dependent",
        denominator: "resident_60plus",
        doc: "share of resident elders Disabled or Severe",
    },
];

/// Column index of an indicator name.
pub fn index(name: &str) -> Option<usize> {
    Tally::NAMES.iter().position(|n| *n == name)
}

/// Values of every derived ratio from one row of counts (NaN where the denominator is 0).
pub fn ratios(values: &[f64]) -> Vec<f64> {
    RATIOS
        .iter()
        .map(|r| {
            let get = |name: &str| {
                index(name)
                    .map(|i| values[i])
                    .or_else(|| derived_count(name, values))
            };
            match (get(r.numerator), get(r.denominator)) {
                (Some(n), Some(d)) if d != 0.0 => n / d,
                _ => f64::NAN,
            }
        })
        .collect()
}

/// Counts that are sums of other counts (kept out of the tally to avoid redundant state).
fn derived_count(name: &str, values: &[f64]) -> Option<f64> {
    let v = |n: &str| index(n).map(|i| values[i]);
    match name {
        "elders_dependent" => Some(v("elders_disabled")? + v("elders_severe")?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ratio_names_known_columns() {
        let zero = vec![1.0; Tally::NAMES.len()];
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
