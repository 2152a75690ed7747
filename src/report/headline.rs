//! The headline indicators a policymaker reads first, with the titles, units and number
//! formats that every chart and table uses for them.

use super::format::{axis, grouped, percent, signed};

/// What an indicator measures; decides axis titles and how numbers are written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Unit {
    /// A fraction between 0 and 1, shown as a percentage.
    Share,
    /// A head count.
    Persons,
    /// A dimensionless ratio such as pension ÷ subsistence line.
    Ratio,
    /// Yuan per elder per year.
    Yuan,
}

impl Unit {
    /// Whether a value is a total of the population simulated (a head count), which a
    /// chart drawing it says is at the run's share of the region.
    pub fn is_total(self) -> bool {
        self == Unit::Persons
    }

    /// Axis tick label for a value on an axis spanning `span`.
    pub fn tick(self, v: f64, span: f64) -> String {
        match self {
            Unit::Share => format!("{}%", axis(v * 100.0, span * 100.0)),
            _ => axis(v, span),
        }
    }

    /// Axis tick label for a difference between two scenarios (shares in percentage points).
    pub fn diff_tick(self, v: f64, span: f64) -> String {
        match self {
            Unit::Share => axis(v * 100.0, span * 100.0),
            _ => axis(v, span),
        }
    }

    /// The last digit the summary table shows of a value (a percentage point's
    /// tenth, a person, a hundredth of a ratio, a yuan): differences below it are noise of rounding.
    pub fn resolution(self) -> f64 {
        match self {
            Unit::Share => 0.001,
            Unit::Persons | Unit::Yuan => 1.0,
            Unit::Ratio => 0.01,
        }
    }

    /// Axis title for differences between scenarios of a run starting in `start_year`
    /// (yuan in its prices, as all money inside the simulation is: "2020 yuan").
    pub fn diff_axis(self, start_year: i32) -> String {
        match self {
            Unit::Share => "difference, percentage points".into(),
            Unit::Persons => "difference, persons simulated".into(),
            Unit::Ratio => "difference in ratio".into(),
            Unit::Yuan => format!("difference, {start_year} yuan per elder-year"),
        }
    }

    /// A value as written in the summary table.
    pub fn value(self, v: f64) -> String {
        match self {
            Unit::Share => percent(v, 1),
            Unit::Persons | Unit::Yuan => grouped(v, 0),
            Unit::Ratio => grouped(v, 2),
        }
    }

    /// A difference as written in the summary table, with its sign.
    pub fn diff(self, v: f64) -> String {
        let text = match self {
            Unit::Share => format!("{} pp", grouped(v * 100.0, 1)),
            _ => self.value(v),
        };
        signed(v, text)
    }
}

/// One headline indicator: the `summary.csv` name and how to present it.
pub struct Headline {
    pub key: &'static str,
    pub title: &'static str,
    /// A few words for narrow panels and table rows.
    pub short: &'static str,
    /// Value axis title, with the unit (see [`Headline::axis_label`]).
    pub axis: &'static str,
    pub unit: Unit,
}

impl Headline {
    /// The value axis title of a run starting in `start_year`: yuan are in its prices, as
    /// all money inside the simulation is.
    pub fn axis_label(&self, start_year: i32) -> String {
        match self.unit {
            Unit::Yuan => format!("{}, {start_year} prices", self.axis),
            _ => self.axis.to_string(),
        }
    }
}

/// The headline indicators in the order the report shows them.
pub const HEADLINES: [Headline; 7] = [
    Headline {
        key: "share_60plus",
        title: "Residents aged 60 and over",
        short: "Residents aged 60+",
        axis: "% of resident population",
        unit: Unit::Share,
    },
    Headline {
        key: "resident_population",
        title: "Resident population simulated",
        short: "Resident population",
        axis: "persons",
        unit: Unit::Persons,
    },
    Headline {
        key: "empty_nest_share",
        title: "Empty-nest elders, with no child in the household",
        short: "Empty-nest elders",
        axis: "% of residents aged 60+",
        unit: Unit::Share,
    },
    Headline {
        key: "unmet_need_share",
        title: "Disabled and severely disabled residents of all ages with unmet care need",
        short: "Dependents with unmet need",
        axis: "% of disabled and severe residents",
        unit: Unit::Share,
    },
    Headline {
        key: "pension_to_subsistence",
        title: "Mean pension, all its parts, relative to the rural subsistence line",
        short: "Pension ÷ subsistence line",
        axis: "pension ÷ subsistence line",
        unit: Unit::Ratio,
    },
    Headline {
        key: "public_spending_per_elder",
        title: "Public spending per resident elder: mostly pensions, those of elders living away included",
        short: "Public spending per elder",
        axis: "yuan per elder per year",
        unit: Unit::Yuan,
    },
    Headline {
        key: "mutual_aid_participation",
        title: "Mutual-aid volunteers among healthy residents of volunteering age",
        short: "Mutual-aid participation",
        axis: "% of eligible residents",
        unit: Unit::Share,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_are_labelled_with_the_prices_of_the_start_year() {
        let spending = HEADLINES
            .iter()
            .find(|h| h.key == "public_spending_per_elder")
            .unwrap();
        assert_eq!(
            spending.axis_label(2020),
            "yuan per elder per year, 2020 prices"
        );
        assert_eq!(HEADLINES[0].axis_label(2020), HEADLINES[0].axis);
        assert_eq!(
            Unit::Yuan.diff_axis(2020),
            "difference, 2020 yuan per elder-year"
        );
        assert_eq!(Unit::Share.diff_axis(2020), "difference, percentage points");
    }

    #[test]
    fn titles_and_axes_read_once_without_nested_brackets() {
        for h in &HEADLINES {
            let label = format!("{} ({})", h.title, h.axis_label(2020));
            assert_eq!(label.matches('(').count(), 1, "{label}");
        }
    }
}
