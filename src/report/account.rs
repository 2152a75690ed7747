//! The short account, every fifth year, that `ruralcare animate` prints beside its animations: how
//! many people live in the villages, how old they are, how many elders live without their
//! children and how many dependents go without the care they need.

use std::fmt;

use super::data::Output;
use super::format::{grouped, percent};

/// Years between printed rows (the last year is always printed).
const STEP: usize = 5;

/// One printed year of the reference scenario (means over replications; NaN when absent).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Line {
    year: i32,
    residents: f64,
    share_60plus: f64,
    empty_nest: f64,
    unmet_need: f64,
}

/// The account of one scenario, every fifth year from the first and the last year.
#[derive(Clone, Debug, PartialEq)]
pub struct Account {
    scenario: String,
    replications: u32,
    lines: Vec<Line>,
}

impl Account {
    /// Reads the reference scenario's rows from the loaded summary.
    pub fn of(out: &Output) -> Account {
        let years = out.summary.years();
        let last = years.last().copied();
        let value = |key: &str, year: i32| {
            out.summary
                .at(&out.reference, key, year)
                .map_or(f64::NAN, |e| e.centre)
        };
        let lines = years
            .iter()
            .enumerate()
            .filter(|&(i, &year)| i % STEP == 0 || Some(year) == last)
            .map(|(_, &year)| Line {
                year,
                residents: value("resident_population", year),
                share_60plus: value("share_60plus", year),
                empty_nest: value("empty_nest_share", year),
                unmet_need: value("unmet_need_share", year),
            })
            .collect();
        Account {
            scenario: out.reference.clone(),
            replications: out.manifest.run.replications,
            lines,
        }
    }
}

impl fmt::Display for Account {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.replications {
            1 => writeln!(
                f,
                "{}, every fifth year (one replication: its ups and downs from year to year may be chance):",
                self.scenario
            )?,
            n => writeln!(
                f,
                "{}, every fifth year (means of {n} replications):",
                self.scenario
            )?,
        }
        writeln!(
            f,
            "{:>6} {:>11} {:>9} {:>11} {:>11}",
            "year", "residents", "aged 60+", "empty nest", "unmet need"
        )?;
        for l in &self.lines {
            writeln!(
                f,
                "{:>6} {:>11} {:>9} {:>11} {:>11}",
                l.year,
                grouped(l.residents, 0),
                percent(l.share_60plus, 1),
                percent(l.empty_nest, 1),
                percent(l.unmet_need, 1)
            )?;
        }
        writeln!(
            f,
            "aged 60+: share of residents; empty nest: share of elders with no child in their household;\n\
             unmet need: share of disabled residents (Disabled or Severe, of any age) left with care hours unmet."
        )?;
        if let (Some(first), Some(last)) = (self.lines.first(), self.lines.last())
            && first.year != last.year
        {
            write!(
                f,
                "{}–{}: residents {} → {} ({}), aged 60+ {} → {}.",
                first.year,
                last.year,
                grouped(first.residents, 0),
                grouped(last.residents, 0),
                change(first.residents, last.residents),
                percent(first.share_60plus, 1),
                percent(last.share_60plus, 1)
            )?;
        }
        Ok(())
    }
}

/// Relative change as a signed percentage (`−48.8%`), or `n/a` from zero.
fn change(from: f64, to: f64) -> String {
    if from == 0.0 || !from.is_finite() || !to.is_finite() {
        return "n/a".to_string();
    }
    let text = percent((to - from) / from, 1);
    if to > from { format!("+{text}") } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_every_fifth_year_of_the_reference() {
        let dir = tempfile::tempdir().unwrap();
        crate::report::fixture::write(dir.path());
        let account = Account::of(&Output::load(dir.path()).unwrap());
        assert_eq!(account.scenario, "baseline");
        let years: Vec<i32> = account.lines.iter().map(|l| l.year).collect();
        assert_eq!(years, [2020, 2025, 2030]);
        assert!(account.lines.iter().all(|l| l.residents > 0.0));
    }

    #[test]
    fn prints_a_table_and_the_change_over_the_run() {
        let line = |year, residents, share| Line {
            year,
            residents,
            share_60plus: share,
            empty_nest: 0.5,
            unmet_need: f64::NAN,
        };
        let mut account = Account {
            scenario: "classroom".into(),
            replications: 1,
            lines: vec![line(2020, 5000.0, 0.25), line(2025, 4000.0, 0.4)],
        };
        let text = account.to_string();
        assert!(text.starts_with("classroom, every fifth year (one replication"));
        account.replications = 3;
        assert!(
            account
                .to_string()
                .starts_with("classroom, every fifth year (means of 3 replications):\n")
        );
        assert!(text.contains("  2020       5,000     25.0%       50.0%         n/a"));
        assert!(
            text.ends_with("2020–2025: residents 5,000 → 4,000 (-20.0%), aged 60+ 25.0% → 40.0%.")
        );
        assert_eq!(change(0.0, 1.0), "n/a");
        assert_eq!(change(100.0, 150.0), "+50.0%");
    }
}
