//! Final-year comparison: for each headline indicator, each scenario's paired difference
//! from the reference (same random numbers) with its 5th–95th percentile interval.

use std::ops::Range;

use anyhow::Result;
use plotters::prelude::*;

use super::data::{Estimate, Estimates, Output};
use super::format::{NO_RANGE, has_range, replications, simulated};
use super::frame::{
    Area, Axis, Canvas, Chart, Frame, bold, category, draw_estimate, draw_grid, fit, frame_height,
    grid_rows, plot, scenario_colour,
};
use super::headline::{HEADLINES, Headline, Unit};

const PANEL_TITLE: i32 = 30;
const ROW: u32 = 40;
const COLUMNS: usize = 2;

/// Small multiples, one panel per headline indicator found in `deltas.csv`.
pub struct Differences<'a> {
    out: &'a Output,
    panels: Vec<Panel<'a>>,
}

/// One indicator's panel.
struct Panel<'a> {
    headline: &'a Headline,
    /// One row per compared scenario, in scenario order (drawn top down).
    rows: Vec<Row<'a>>,
}

/// A compared scenario's final-year difference.
struct Row<'a> {
    colour: RGBColor,
    name: &'a str,
    difference: Estimate,
}

impl<'a> Differences<'a> {
    /// The chart, when `deltas.csv` has final-year differences for a headline indicator.
    pub fn new(out: &'a Output, deltas: &'a Estimates) -> Option<Differences<'a>> {
        let panels: Vec<Panel> = HEADLINES
            .iter()
            .map(|headline| Panel {
                headline,
                rows: out
                    .scenarios
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.name != out.reference)
                    .filter_map(|(i, s)| {
                        let difference = deltas.at(&s.name, headline.key, out.years.last)?;
                        difference.centre.is_finite().then_some(Row {
                            colour: scenario_colour(out, i),
                            name: &s.name,
                            difference,
                        })
                    })
                    .collect(),
            })
            .filter(|panel| !panel.rows.is_empty())
            .collect();
        (!panels.is_empty()).then_some(Differences { out, panels })
    }

    fn most_rows(&self) -> usize {
        self.panels.iter().map(|p| p.rows.len()).max().unwrap_or(0)
    }

    /// That a panel of a total (the resident population) is of the population
    /// simulated, at the run's share of the region, when one is drawn.
    fn totals(&self) -> Option<String> {
        self.panels
            .iter()
            .any(|p| p.headline.unit.is_total())
            .then(|| simulated(&self.out.manifest.run))
    }

    /// The notes under the panels: what dots and lines are, and [`Self::totals`].
    fn notes(&self) -> Vec<String> {
        let n = self.out.manifest.run.replications;
        let mut notes = vec![
            format!(
                "Hollow dot: mean over {} of (scenario − {}) with the same random numbers.",
                replications(n),
                self.out.reference
            ),
            if has_range(n) {
                "Capped line: 5th–95th percentile of that difference across replications. Grey line: no difference.".into()
            } else {
                format!("{NO_RANGE} Grey line: no difference.")
            },
        ];
        notes.extend(self.totals());
        notes
    }
}

/// Axis range of paired differences in `unit`: every interval and zero, padded
/// a little each side, and a few of the table's last digits wide at least, so
/// that differences of rounding alone sit at zero rather than fill the axis.
pub fn difference_range(differences: impl Iterator<Item = Estimate>, unit: Unit) -> Range<f64> {
    let (low, high) = Estimate::reach(differences);
    let widen = (4.0 * unit.resolution() - (high - low)).max(0.0) / 2.0;
    let (low, high) = (low - widen, high + widen);
    let pad = 0.08 * (high - low);
    low - pad..high + pad
}

impl Panel<'_> {
    fn range(&self) -> Range<f64> {
        difference_range(self.rows.iter().map(|r| r.difference), self.headline.unit)
    }

    /// Draws the panel of a run starting in `start_year` (its money's prices).
    fn draw<DB: Canvas>(&self, cell: &Area<DB>, start_year: i32) -> Result<()> {
        let title = fit(
            cell,
            self.headline.short,
            &bold(15.0),
            cell.dim_in_pixel().0 - 24,
        )?;
        cell.draw_text(&title, &bold(15.0), (12, 8))?;
        let (_, body) = cell.split_vertically(PANEL_TITLE);
        // Category 0 is drawn at the bottom, so the rows go in reversed.
        let names: Vec<String> = self.rows.iter().rev().map(|r| r.name.to_string()).collect();
        let scenario = |v: &f64| category(&names, *v);
        let unit = self.headline.unit;
        let diff_axis = unit.diff_axis(start_year);
        let range = self.range();
        let span = range.end - range.start;
        let mut chart = plot(
            &body,
            Axis {
                range,
                title: &diff_axis,
                ticks: 6,
                format: &|v| unit.diff_tick(*v, span),
                grid: true,
            },
            Axis::categories(names.len(), "", &scenario),
        )?;
        let top = names.len() as f64 - 0.5;
        let zero = PathElement::new(
            [(0.0, -0.5), (0.0, top)],
            RGBColor(130, 130, 130).stroke_width(2),
        );
        chart.draw_series(std::iter::once(zero))?;
        for (y, row) in self.rows.iter().rev().enumerate() {
            let (y, d) = (y as f64, row.difference);
            draw_estimate(
                &mut chart,
                (d.centre, y),
                &[[(d.low, y), (d.high, y)]],
                row.colour,
            )?;
        }
        Ok(())
    }
}

impl Chart for Differences<'_> {
    fn stem(&self) -> String {
        "final_year_differences".to_string()
    }

    fn caption(&self) -> String {
        let n = self.out.manifest.run.replications;
        let interval = if has_range(n) {
            "its 5th–95th percentile interval (line with end caps, drawn over the dot). An interval that does not cross zero marks a difference larger than the run-to-run noise."
        } else {
            NO_RANGE
        };
        let mut caption = format!(
            "Differences from the reference scenario ({}) in {}: mean paired difference over {} run with the same random numbers (hollow dot) and {interval}",
            self.out.reference,
            self.out.years.last,
            replications(n)
        );
        if let Some(totals) = self.totals() {
            caption.push(' ');
            caption.push_str(&totals);
        }
        caption
    }

    fn size(&self) -> (u32, u32) {
        let panel = PANEL_TITLE as u32 + 76 + ROW * self.most_rows() as u32;
        (
            1000,
            frame_height(self.notes().len()) + panel * grid_rows(self.panels.len(), COLUMNS) as u32,
        )
    }

    fn draw<DB: Canvas>(&self, root: &Area<DB>) -> Result<()> {
        let frame = Frame {
            title: format!(
                "Difference from {} in {}",
                self.out.reference, self.out.years.last
            ),
            legend: Vec::new(),
            notes: self.notes(),
        };
        let start_year = self.out.manifest.run.start_year;
        draw_grid(&frame.draw(root)?, &self.panels, COLUMNS, |p, cell| {
            p.draw(cell, start_year)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::frame::palette;
    use super::*;

    fn range(unit: Unit, centre: f64, low: f64, high: f64) -> Range<f64> {
        let headline = HEADLINES
            .iter()
            .find(|h| h.unit == unit)
            .expect("a headline of the unit");
        let difference = Estimate {
            year: 2050,
            centre,
            low,
            high,
        };
        let row = Row {
            colour: palette(1),
            name: "s",
            difference,
        };
        Panel {
            headline,
            rows: vec![row],
        }
        .range()
    }

    #[test]
    fn differences_of_rounding_sit_at_zero_and_real_ones_fill_the_axis() {
        // A ratio equal but for rounding: an axis a few hundredths wide about zero.
        let r = range(Unit::Ratio, -1e-17, -3e-17, 0.0);
        assert!(
            r.start < -0.019 && r.end > 0.019 && r.end - r.start < 0.05,
            "{r:?}"
        );
        // A real difference: its interval and zero, padded by 8 % of the span each side.
        let r = range(Unit::Share, -0.03, -0.04, -0.02);
        assert!((r.start - (-0.04 - 0.0032)).abs() < 1e-12, "{r:?}");
        assert!((r.end - 0.0032).abs() < 1e-12, "{r:?}");
    }
}
