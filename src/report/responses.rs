//! Sweep responses: for each number a sweep varied, how the final year's unmet
//! need and public spending differ from the reference as the value moves
//! (paired differences with their 5th–95th percentile), the reference's own
//! value at zero. Drawn only for the folders of `ruralcare sweep`.

use anyhow::Result;
use plotters::prelude::*;

use super::data::{Estimate, Output};
use super::differences::difference_range;
use super::format::{axis, replications};
use super::frame::{
    Area, Axis, Canvas, Chart, Frame, bold, draw_estimate, fit, frame_height, padded, plot,
    scenario_colour,
};
use super::headline::{HEADLINES, Headline};

/// The indicators shown for each varied parameter: the care outcome and its cost.
const SHOWN: [&str; 2] = ["unmet_need_share", "public_spending_per_elder"];
const ROW_TITLE: i32 = 28;
const PANEL_TITLE: i32 = 26;
const PANEL_HEIGHT: u32 = 318;

/// One panel per (varied parameter, shown indicator).
pub struct Responses<'a> {
    out: &'a Output,
    params: Vec<Param<'a>>,
    headlines: Vec<&'static Headline>,
}

/// A value of a varied parameter with its final-year paired difference.
struct Point {
    value: f64,
    difference: Estimate,
    /// The reference's own value (its difference zero), drawn in grey.
    reference: bool,
}

/// A varied parameter: its values, the reference's among them, with the scenario run at each.
struct Param<'a> {
    key: &'a str,
    /// (value, scenario; `None` for the reference), ascending by value.
    values: Vec<(f64, Option<&'a str>)>,
    colour: RGBColor,
}

impl<'a> Responses<'a> {
    /// The chart, when `out` is a sweep that varied a number the reference's
    /// resolved scenario holds, and `deltas.csv` has a shown indicator.
    pub fn new(out: &'a Output) -> Option<Responses<'a>> {
        if out.manifest.run.command != "sweep" {
            return None;
        }
        let deltas = out.deltas.as_ref()?;
        let headlines: Vec<&'static Headline> = HEADLINES
            .iter()
            .filter(|h| SHOWN.contains(&h.key) && deltas.has(h.key))
            .collect();
        let mut params: Vec<Param> = Vec::new();
        for (i, s) in out.scenarios.iter().enumerate() {
            let Some((key, value)) = s.name.split_once('=') else {
                continue;
            };
            let Ok(value) = value.parse::<f64>() else {
                continue;
            };
            let Some(at) = params.iter().position(|p| p.key == key) else {
                let Some(reference) = out.manifest.parameter(&out.reference, key) else {
                    continue;
                };
                params.push(Param {
                    key,
                    values: vec![(reference, None), (value, Some(&s.name))],
                    colour: scenario_colour(out, i),
                });
                continue;
            };
            params[at].values.push((value, Some(&s.name)));
        }
        for p in &mut params {
            p.values.sort_by(|a, b| a.0.total_cmp(&b.0));
        }
        (!params.is_empty() && !headlines.is_empty()).then_some(Responses {
            out,
            params,
            headlines,
        })
    }

    /// The paired difference of the final year at each value (zero at the reference's),
    /// each with whether it is the reference's; values without a difference are left out.
    fn points(&self, p: &Param, headline: &Headline) -> Vec<Point> {
        let last = self.out.years.last;
        let zero = Estimate {
            year: last,
            centre: 0.0,
            low: 0.0,
            high: 0.0,
        };
        p.values
            .iter()
            .filter_map(|&(value, scenario)| {
                let difference = match scenario {
                    None => zero,
                    Some(name) => self
                        .out
                        .deltas
                        .as_ref()?
                        .at(name, headline.key, last)
                        .filter(|d| d.centre.is_finite())?,
                };
                Some(Point {
                    value,
                    difference,
                    reference: scenario.is_none(),
                })
            })
            .collect()
    }

    /// The notes under the panels: what dots and bars are.
    fn notes(&self) -> Vec<String> {
        vec![
            format!(
                "Hollow dot: mean over {} of (run at the value − {}) with the same random numbers; grey: {}'s value.",
                replications(self.out.manifest.run.replications),
                self.out.reference,
                self.out.reference
            ),
            "Capped bar: 5th–95th percentile of that difference across replications. Grey line: no difference.".into(),
        ]
    }

    fn draw_panel<DB: Canvas>(
        &self,
        cell: &Area<DB>,
        p: &Param,
        headline: &Headline,
    ) -> Result<()> {
        let title = fit(
            cell,
            headline.short,
            &bold(14.0),
            cell.dim_in_pixel().0 - 24,
        )?;
        cell.draw_text(&title, &bold(14.0), (12, 6))?;
        let (_, body) = cell.split_vertically(PANEL_TITLE);
        let points = self.points(p, headline);
        let xs = || points.iter().map(|point| point.value);
        let (low, high) = (
            xs().fold(f64::INFINITY, f64::min),
            xs().fold(f64::NEG_INFINITY, f64::max),
        );
        let x_range = padded(low, high);
        let x_span = x_range.end - x_range.start;
        let unit = headline.unit;
        let diff_axis = unit.diff_axis(self.out.manifest.run.start_year);
        let y_range = difference_range(points.iter().map(|point| point.difference), unit);
        let y_span = y_range.end - y_range.start;
        let mut chart = plot(
            &body,
            Axis {
                range: x_range,
                title: "parameter value",
                ticks: 6,
                format: &|v| axis(*v, x_span),
                grid: true,
            },
            Axis {
                range: y_range,
                title: &diff_axis,
                ticks: 6,
                format: &|v| unit.diff_tick(*v, y_span),
                grid: true,
            },
        )?;
        let grey = RGBColor(130, 130, 130);
        chart.draw_series(std::iter::once(PathElement::new(
            [(low, 0.0), (high, 0.0)],
            grey.stroke_width(1),
        )))?;
        chart.draw_series(std::iter::once(PathElement::new(
            points
                .iter()
                .map(|point| (point.value, point.difference.centre))
                .collect::<Vec<_>>(),
            p.colour.stroke_width(2),
        )))?;
        for point in &points {
            let (x, d) = (point.value, point.difference);
            let colour = if point.reference { grey } else { p.colour };
            draw_estimate(
                &mut chart,
                (x, d.centre),
                &[[(x, d.low), (x, d.high)]],
                colour,
            )?;
        }
        Ok(())
    }
}

impl Chart for Responses<'_> {
    fn stem(&self) -> String {
        "sweep_responses".to_string()
    }

    fn caption(&self) -> String {
        format!(
            "How the final year ({}) responds to each parameter the sweep varied: the mean paired difference from the reference ({}) over {} run with the same random numbers at each value (hollow dot, joined by a line) and its 5th–95th percentile interval (capped bar, drawn over the dot); the grey dot is the reference's own value.",
            self.out.years.last,
            self.out.reference,
            replications(self.out.manifest.run.replications)
        )
    }

    fn size(&self) -> (u32, u32) {
        (
            1000,
            frame_height(self.notes().len()) + PANEL_HEIGHT * self.params.len() as u32,
        )
    }

    fn draw<DB: Canvas>(&self, root: &Area<DB>) -> Result<()> {
        let frame = Frame {
            title: format!(
                "Responses to the swept parameters in {}",
                self.out.years.last
            ),
            legend: Vec::new(),
            notes: self.notes(),
        };
        let area = frame.draw(root)?;
        // One row per parameter: its key across the row (keys are long), then a panel per
        // indicator.
        for (p, row) in self
            .params
            .iter()
            .zip(area.split_evenly((self.params.len(), 1)))
        {
            let key = fit(&row, p.key, &bold(15.0), row.dim_in_pixel().0 - 24)?;
            row.draw_text(&key, &bold(15.0), (12, 8))?;
            let (_, panels) = row.split_vertically(ROW_TITLE);
            let cells = panels.split_evenly((1, self.headlines.len()));
            for (headline, cell) in self.headlines.iter().zip(cells) {
                self.draw_panel(&cell, p, headline)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{fixture, render};

    /// The attributes `names` of the SVG elements `tag` whose stroke is `stroke`.
    fn stroked(svg: &str, tag: &str, stroke: &str, names: &[&str]) -> Vec<Vec<String>> {
        let doc = roxmltree::Document::parse(svg).unwrap();
        doc.descendants()
            .filter(|n| n.has_tag_name(tag) && n.attribute("stroke") == Some(stroke))
            .map(|n| {
                names
                    .iter()
                    .map(|a| n.attribute(*a).unwrap().to_string())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_value_without_a_difference_leaves_the_others_paired_with_their_own_dots() {
        // care.x is 1 in the reference; run at 0.5, 2 and 3, the first without a
        // difference in the final year.
        let dir = tempfile::tempdir().unwrap();
        fixture::write_scenarios(
            dir.path(),
            &["baseline", "care.x=0.5", "care.x=2", "care.x=3"],
        );
        let manifest = dir.path().join("manifest.toml");
        let text = std::fs::read_to_string(&manifest)
            .unwrap()
            .replace("command = \"compare\"", "command = \"sweep\"")
            + "[resolved.baseline.care]\nx = 1.0\n";
        std::fs::write(&manifest, text).unwrap();
        let deltas = dir.path().join("deltas.csv");
        let text = std::fs::read_to_string(&deltas).unwrap();
        let missing = text
            .lines()
            .find(|l| l.starts_with("care.x=0.5,baseline,2030,unmet_need_share,"))
            .unwrap();
        let text = text.replace(missing, "care.x=0.5,baseline,2030,unmet_need_share,,,");
        std::fs::write(&deltas, text).unwrap();
        render(dir.path()).unwrap();
        let svg = std::fs::read_to_string(dir.path().join("charts/sweep_responses.svg")).unwrap();
        // The reference's grey dot sits on the grey line of no difference; the values 2
        // and 3 have dots of the parameter's colour (its first run's), off it.
        let grey = "#828282";
        let dots = stroked(&svg, "circle", grey, &["cx", "cy"]);
        assert_eq!(dots.len(), 1, "{dots:?}");
        let zero = &stroked(&svg, "polyline", grey, &["points"])[0][0];
        let zero_y = zero
            .split_whitespace()
            .next()
            .unwrap()
            .split(',')
            .nth(1)
            .unwrap();
        assert_eq!(dots[0][1], zero_y, "{zero}");
        let out = Output::load(dir.path()).unwrap();
        let RGBColor(r, g, b) = scenario_colour(&out, 1);
        let colour = format!("#{r:02X}{g:02X}{b:02X}");
        let coloured = stroked(&svg, "circle", &colour, &["cx", "cy"]);
        assert_eq!(coloured.len(), 2, "the values 2 and 3: {coloured:?}");
        assert!(coloured.iter().all(|c| c[1] != zero_y), "{coloured:?}");
    }
}
