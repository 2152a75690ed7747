//! The final year's headline figures of every scenario, as the few lines a run prints when
//! it is done: what a reader of the terminal wants before opening `report.html`.

use std::fmt;

use super::data::Output;
use super::format::replications;
use super::headline::{HEADLINES, Headline, Unit};

/// The headline indicators the brief shows, in order (the report shows them all).
const SHOWN: [&str; 4] = [
    "unmet_need_share",
    "share_60plus",
    "pension_to_subsistence",
    "public_spending_per_elder",
];

/// The final year's means by scenario, each beside its paired difference from the
/// reference when the run compared scenarios.
#[derive(Clone, Debug, PartialEq)]
pub struct Brief {
    year: i32,
    replications: u32,
    reference: Option<String>,
    /// Column titles, a money column with its unit.
    columns: Vec<String>,
    /// Scenario name, then one cell per column.
    rows: Vec<Vec<String>>,
}

impl Brief {
    /// Reads the brief from a loaded output folder.
    pub fn of(out: &Output) -> Brief {
        let year = out.years.last;
        let deltas = out.deltas.as_ref().filter(|_| out.scenarios.len() > 1);
        let shown: Vec<&Headline> = SHOWN
            .iter()
            .filter_map(|key| HEADLINES.iter().find(|h| h.key == *key))
            .filter(|h| out.summary.has(h.key))
            .collect();
        let rows = out
            .scenarios
            .iter()
            .map(|s| {
                let cells = shown.iter().map(|h| {
                    let value = out
                        .summary
                        .at(&s.name, h.key, year)
                        .map_or_else(|| "n/a".to_string(), |e| h.unit.value(e.centre));
                    match deltas.and_then(|d| d.at(&s.name, h.key, year)) {
                        Some(d) if s.name != out.reference => {
                            format!("{value} ({})", h.unit.diff(d.centre))
                        }
                        _ => value,
                    }
                });
                std::iter::once(s.name.clone()).chain(cells).collect()
            })
            .collect();
        Brief {
            year,
            replications: out.manifest.run.replications,
            reference: deltas.map(|_| out.reference.clone()),
            columns: shown
                .iter()
                .map(|h| column(h, out.manifest.run.start_year))
                .collect(),
            rows,
        }
    }
}

/// The title of `headline`'s column in a run starting in `start_year`: money with its unit
/// and prices (the start year's, as all money inside the simulation is).
fn column(headline: &Headline, start_year: i32) -> String {
    match headline.unit {
        Unit::Yuan => format!("{} (yuan a year, {start_year} prices)", headline.short),
        _ => headline.short.to_string(),
    }
}

impl fmt::Display for Brief {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}, means over {}",
            self.year,
            replications(self.replications)
        )?;
        match &self.reference {
            Some(r) => writeln!(f, "; in brackets the paired difference from {r}:")?,
            None => writeln!(f, ":")?,
        }
        let header: Vec<&str> = std::iter::once("scenario")
            .chain(self.columns.iter().map(String::as_str))
            .collect();
        let width = |k: usize| {
            self.rows
                .iter()
                .map(|r| r[k].chars().count())
                .chain([header[k].chars().count()])
                .max()
                .unwrap_or(0)
        };
        let widths: Vec<usize> = (0..header.len()).map(width).collect();
        let line = |f: &mut fmt::Formatter<'_>, cells: &[&str]| {
            let (name, rest) = cells.split_first().expect("a scenario column");
            write!(f, "  {name:<w$}", w = widths[0])?;
            for (cell, w) in rest.iter().zip(&widths[1..]) {
                write!(f, "  {cell:>w$}")?;
            }
            writeln!(f)
        };
        line(f, &header)?;
        for row in &self.rows {
            line(f, &row.iter().map(String::as_str).collect::<Vec<_>>())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_titled_with_its_prices() {
        let spending = HEADLINES
            .iter()
            .find(|h| h.key == "public_spending_per_elder")
            .unwrap();
        assert_eq!(
            column(spending, 2020),
            "Public spending per elder (yuan a year, 2020 prices)"
        );
        assert_eq!(column(&HEADLINES[0], 2020), HEADLINES[0].short);
    }

    #[test]
    fn lists_each_scenario_in_the_last_year_with_its_difference_from_the_reference() {
        let dir = tempfile::tempdir().unwrap();
        crate::report::fixture::write(dir.path());
        let out = Output::load(dir.path()).unwrap();
        let brief = Brief::of(&out);
        assert_eq!(brief.year, *crate::report::fixture::YEARS.end());
        // The fixture leaves public spending out: the brief shows what there is.
        assert_eq!(
            brief.columns,
            [
                "Dependents with unmet need",
                "Residents aged 60+",
                "Pension ÷ subsistence line"
            ]
        );
        let names: Vec<&str> = brief.rows.iter().map(|r| r[0].as_str()).collect();
        assert_eq!(names, crate::report::fixture::SCENARIOS);
        let unmet = |s: &str| out.summary.at(s, "unmet_need_share", brief.year).unwrap();
        let diff = out
            .deltas
            .as_ref()
            .unwrap()
            .at("mutual_aid", "unmet_need_share", brief.year)
            .unwrap();
        assert_eq!(
            brief.rows[0][1],
            format!("{:.1}%", unmet("baseline").centre * 100.0)
        );
        assert!(
            brief.rows[1][1].starts_with(&format!("{:.1}% (", unmet("mutual_aid").centre * 100.0))
        );
        // mutual_aid lowers unmet need: the difference is written with its minus sign.
        assert!(diff.centre < 0.0);
        assert!(
            brief.rows[1][1].ends_with(&format!("({:.1} pp)", diff.centre * 100.0)),
            "{}",
            brief.rows[1][1]
        );
        let text = brief.to_string();
        assert!(text.starts_with(
            "2030, means over 3 replications; in brackets the paired difference from baseline:\n"
        ));
        // Every line of the table is as wide as the widest.
        let widths: Vec<usize> = text.lines().skip(1).map(|l| l.chars().count()).collect();
        assert_eq!(widths.len(), 3);
        assert!(widths.iter().all(|&w| w == widths[0]), "{text}");
    }
}
