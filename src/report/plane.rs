//! The cost-effectiveness plane of `cost_effectiveness.csv`: per outcome, each
//! scenario's extra public spending against what it averts, both summed over the
//! observed years (the start year included); the slope from the origin to a dot is its yuan per unit averted.
//! Both axes are in plain units (yuan; hours, dependent-years, elder-years), their ticks
//! written with k, M and bn, so that slope holds in every panel.

use anyhow::Result;
use plotters::prelude::*;

use super::data::{Cost, Estimate, Output};
use super::format::{axis, discounted, replications, simulated};
use super::frame::{
    Area, Axis, Canvas, Chart, Frame, LegendEntry, Mark, bold, draw_estimate, draw_grid, fit,
    frame_height, grid_rows, plot, scenario_colour, value_range,
};

const PANEL_TITLE: i32 = 30;
const PANEL_HEIGHT: u32 = 420;
const COLUMNS: usize = 2;

/// One panel per outcome of `cost_effectiveness.csv`.
pub struct Plane<'a> {
    out: &'a Output,
    panels: Vec<Panel<'a>>,
    /// The scenarios drawn, with their colours, in report order.
    legend: Vec<(&'a str, RGBColor)>,
}

/// One outcome's panel.
struct Panel<'a> {
    outcome: &'a str,
    unit: &'a str,
    /// (colour, the scenario's row) in report order.
    points: Vec<(RGBColor, &'a Cost)>,
}

impl<'a> Plane<'a> {
    /// The chart, when the folder holds `cost_effectiveness.csv` with rows of the
    /// scenarios the report lists.
    pub fn new(out: &'a Output) -> Option<Plane<'a>> {
        let costs = out.costs.as_ref()?;
        let mut panels: Vec<Panel> = Vec::new();
        let mut legend = Vec::new();
        for (i, s) in out.scenarios.iter().enumerate() {
            let colour = scenario_colour(out, i);
            for c in costs.iter().filter(|c| c.scenario == s.name) {
                if !(c.averted.centre.is_finite() && c.spending.centre.is_finite()) {
                    continue;
                }
                if !legend.iter().any(|(n, _)| *n == s.name) {
                    legend.push((s.name.as_str(), colour));
                }
                match panels.iter_mut().find(|p| p.outcome == c.outcome) {
                    Some(p) => p.points.push((colour, c)),
                    None => panels.push(Panel {
                        outcome: &c.outcome,
                        unit: &c.unit,
                        points: vec![(colour, c)],
                    }),
                }
            }
        }
        (!panels.is_empty()).then_some(Plane {
            out,
            panels,
            legend,
        })
    }

    /// The first row, whose years and discount rate every row shares.
    fn first(&self) -> &Cost {
        self.panels[0].points[0].1
    }

    /// The years summed and how, from the first row.
    fn period(&self) -> String {
        let c = self.first();
        let discount = discounted(c.discount_rate, self.out.manifest.run.start_year)
            .map_or_else(String::new, |d| format!(", {d}"));
        format!("{}–{}{discount}", c.from_year, c.to_year)
    }

    /// The notes under the panels: what dots, lines and slopes are, and that the sums
    /// are of the population simulated.
    fn notes(&self) -> Vec<String> {
        vec![
            format!(
                "Hollow dot: mean over {} of the paired sums against {}; capped lines: 5th–95th percentile.",
                replications(self.out.manifest.run.replications),
                self.out.reference
            ),
            "Both axes in plain units (k thousand, M million, bn billion): the slope from the origin to a dot is its yuan of public spending per unit averted, in every panel.".into(),
            simulated(&self.out.manifest.run),
        ]
    }

    /// The spending axis's title: yuan in the start year's prices, as every axis of
    /// money gives them, and discounted (to the start year, as the title says) when the
    /// sums are.
    fn spending_axis(&self) -> String {
        let discount = if self.first().discount_rate > 0.0 {
            ", discounted"
        } else {
            ""
        };
        format!(
            "extra public spending, yuan in {} prices{discount}",
            self.out.manifest.run.start_year
        )
    }
}

/// What the plane's axis and the report's cost table call an outcome of
/// `cost_effectiveness.csv` averted, its unit hyphenated as the file's `unit` writes it:
/// `unmet care hours averted`, `dependent-years with unmet need averted`.
pub fn averted(outcome: &str) -> String {
    let what = outcome.replacen("_years", "-years", 1).replace('_', " ");
    format!("{what} averted")
}

/// The yuan per unit averted of an outcome whose unit is `unit` (`hours`,
/// `dependent-years`), named in the singular: `yuan per hour`; `yuan per unit` when the
/// file names none.
pub fn yuan_per(unit: &str) -> String {
    match unit.trim_end_matches('s') {
        "" => "yuan per unit".into(),
        one => format!("yuan per {one}"),
    }
}

impl Panel<'_> {
    /// The panel's heading: what a slope in it measures.
    fn title(&self) -> String {
        format!("Slope = {} averted", yuan_per(self.unit))
    }

    /// Draws the panel, its spending axis titled `y_title`.
    fn draw<DB: Canvas>(&self, cell: &Area<DB>, y_title: &str) -> Result<()> {
        let title = fit(cell, &self.title(), &bold(15.0), cell.dim_in_pixel().0 - 24)?;
        cell.draw_text(&title, &bold(15.0), (12, 8))?;
        let (_, body) = cell.split_vertically(PANEL_TITLE);
        let points: Vec<(RGBColor, Estimate, Estimate)> = self
            .points
            .iter()
            .map(|&(colour, c)| (colour, c.averted, c.spending))
            .collect();
        // Both ranges hold zero (the reference) and every interval.
        let range = |pick: &dyn Fn(&(RGBColor, Estimate, Estimate)) -> Estimate| {
            let (low, high) = Estimate::reach(points.iter().map(pick));
            value_range(low, high)
        };
        let (x_range, y_range) = (range(&|p| p.1), range(&|p| p.2));
        let (x_span, y_span) = (x_range.end - x_range.start, y_range.end - y_range.start);
        let x_title = averted(self.outcome);
        let mut chart = plot(
            &body,
            Axis {
                range: x_range.clone(),
                title: &x_title,
                ticks: 6,
                // Plain units with k, M, bn; small spans keep their ticks apart.
                format: &|v| axis(*v, x_span),
                grid: true,
            },
            Axis {
                range: y_range.clone(),
                title: y_title,
                ticks: 6,
                format: &|v| axis(*v, y_span),
                grid: true,
            },
        )?;
        let grey = RGBColor(130, 130, 130).stroke_width(2);
        chart.draw_series([
            PathElement::new([(x_range.start, 0.0), (x_range.end, 0.0)], grey),
            PathElement::new([(0.0, y_range.start), (0.0, y_range.end)], grey),
        ])?;
        for (colour, x, y) in points {
            draw_estimate(
                &mut chart,
                (x.centre, y.centre),
                &[
                    [(x.low, y.centre), (x.high, y.centre)],
                    [(x.centre, y.low), (x.centre, y.high)],
                ],
                colour,
            )?;
        }
        Ok(())
    }
}

impl Chart for Plane<'_> {
    fn stem(&self) -> String {
        "cost_effectiveness".to_string()
    }

    fn caption(&self) -> String {
        format!(
            "What each scenario's extra public spending buys against {}, {}: spending (up) against \
             what it averts (right), means over {} with the same random numbers; capped lines, drawn over the hollow dots, are \
             the 5th–95th percentiles. The slope from the origin to a dot is the yuan per unit averted (flatter is \
             cheaper); a dot left of zero makes the outcome worse, one below zero saves public money. {}",
            self.out.reference,
            self.period(),
            replications(self.out.manifest.run.replications),
            simulated(&self.out.manifest.run)
        )
    }

    fn size(&self) -> (u32, u32) {
        (
            1000,
            frame_height(self.notes().len())
                + PANEL_HEIGHT * grid_rows(self.panels.len(), COLUMNS) as u32,
        )
    }

    fn draw<DB: Canvas>(&self, root: &Area<DB>) -> Result<()> {
        let frame = Frame {
            title: format!("What the extra public spending buys, {}", self.period()),
            legend: self
                .legend
                .iter()
                .map(|&(name, colour)| LegendEntry {
                    label: name.to_string(),
                    colour,
                    mark: Mark::Dot,
                })
                .collect(),
            notes: self.notes(),
        };
        let y_title = self.spending_axis();
        draw_grid(&frame.draw(root)?, &self.panels, COLUMNS, |p, cell| {
            p.draw(cell, &y_title)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_are_named_with_their_units() {
        assert_eq!(
            averted("dependent_years_with_unmet_need"),
            "dependent-years with unmet need averted"
        );
        assert_eq!(
            averted("elder_years_below_subsistence"),
            "elder-years below subsistence averted"
        );
        assert_eq!(averted("unmet_care_hours"), "unmet care hours averted");
        assert_eq!(yuan_per("dependent-years"), "yuan per dependent-year");
        assert_eq!(yuan_per("hours"), "yuan per hour");
        assert_eq!(yuan_per(""), "yuan per unit");
    }
}
