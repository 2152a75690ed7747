//! Final-year comparison: for each headline indicator, each scenario's paired difference
//! from the reference (same random numbers) with its 5th–95th percentile interval.

use anyhow::Result;
use plotters::prelude::*;

use super::data::{Estimate, Estimates, Output};
use super::frame::{Area, Axis, Canvas, Chart, Frame, bold, category, plot, scenario_colour};
use super::headline::{HEADLINES, Headline};

const PANEL_TITLE: i32 = 30;
const ROW: u32 = 34;
const COLUMNS: usize = 2;

/// Small multiples, one panel per headline indicator found in `deltas.csv`.
pub struct Differences<'a> {
    out: &'a Output,
    /// Each panel's indicator and, per compared scenario (top row first), its colour index,
    /// name and final-year difference.
    panels: Vec<(&'a Headline, Vec<(usize, &'a str, Estimate)>)>,
}

impl<'a> Differences<'a> {
    /// The chart, when `deltas.csv` has final-year differences for a headline indicator.
    pub fn new(out: &'a Output, deltas: &'a Estimates) -> Option<Differences<'a>> {
        let panels: Vec<_> = HEADLINES
            .iter()
            .map(|h| {
                let rows = out
                    .scenarios
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.name != out.reference)
                    .filter_map(|(i, s)| Some((i, s.name.as_str(), deltas.at(&s.name, h.key, out.years.last)?)))
                    .filter(|(_, _, e)| e.centre.is_finite())
                    .collect::<Vec<_>>();
                (h, rows)
            })
            .filter(|(_, rows)| !rows.is_empty())
            .collect();
        (!panels.is_empty()).then_some(Differences { out, panels })
    }

    fn panel_rows(&self) -> usize {
        self.panels.len().div_ceil(COLUMNS)
    }

    fn scenarios(&self) -> usize {
        self.panels.iter().map(|(_, rows)| rows.len()).max().unwrap_or(0)
    }
}

/// Axis range holding every interval and zero, padded a little each side.
fn around_zero(rows: &[(usize, &str, Estimate)]) -> std::ops::Range<f64> {
    let values = rows.iter().flat_map(|(_, _, e)| [e.centre, e.low, e.high]).filter(|v| v.is_finite());
    let (low, high) = values.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let pad = if high > low { 0.08 * (high - low) } else { 1e-3 };
    low - pad..high + pad
}

impl Chart for Differences<'_> {
    fn stem(&self) -> String {
        "final_year_differences".to_string()
    }

    fn caption(&self) -> String {
        format!(
            "Differences from the reference scenario ({}) in {}: mean paired difference over {} replications run with the same random numbers (dot) and its 5th–95th percentile interval (line). An interval that does not cross zero marks a difference larger than the run-to-run noise.",
            self.out.reference, self.out.years.last, self.out.manifest.run.replications
        )
    }

    fn size(&self) -> (u32, u32) {
        let panel = PANEL_TITLE as u32 + 70 + ROW * self.scenarios() as u32;
        (1000, 46 + 48 + panel * self.panel_rows() as u32)
    }

    fn draw<DB: Canvas>(&self, root: &Area<DB>) -> Result<()> {
        let frame = Frame {
            title: format!("Difference from {} in {}", self.out.reference, self.out.years.last),
            legend: Vec::new(),
            notes: vec![
                format!(
                    "Dot: mean over {} replications of (scenario − {}) with the same random numbers.",
                    self.out.manifest.run.replications, self.out.reference
                ),
                "Line: 5th–95th percentile of that difference across replications. Grey line: no difference.".into(),
            ],
        };
        let area = frame.draw(root)?;
        let cells = area.split_evenly((self.panel_rows(), COLUMNS));
        for ((headline, rows), cell) in self.panels.iter().zip(&cells) {
            cell.draw_text(headline.short, &bold(15.0), (12, 8))?;
            let (_, body) = cell.split_vertically(PANEL_TITLE);
            let names: Vec<String> = rows.iter().rev().map(|(_, name, _)| name.to_string()).collect();
            let scenario = |v: &f64| category(&names, *v);
            let unit = headline.unit;
            let x_range = around_zero(rows);
            let mut chart = plot(
                &body,
                Axis { range: x_range, title: unit.diff_axis(), ticks: 6, format: &|v| unit.diff_tick(*v), grid: true },
                Axis::categories(rows.len(), "", &scenario),
            )?;
            let top = rows.len() as f64 - 0.5;
            chart.draw_series(std::iter::once(PathElement::new([(0.0, -0.5), (0.0, top)], RGBColor(130, 130, 130).stroke_width(2))))?;
            for (row, (colour, _, e)) in rows.iter().rev().enumerate() {
                let colour = scenario_colour(*colour);
                let y = row as f64;
                chart.draw_series(std::iter::once(PathElement::new([(e.low, y), (e.high, y)], colour.stroke_width(3))))?;
                chart.draw_series(std::iter::once(Circle::new((e.centre, y), 6, colour.filled())))?;
            }
        }
        Ok(())
    }
}
