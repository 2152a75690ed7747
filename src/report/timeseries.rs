//! One chart per headline indicator over time: each scenario's mean as a line over its
//! 5th–95th percentile band across replications.

use anyhow::Result;
use plotters::prelude::*;

use super::data::{Estimate, Output};
use super::format::replications;
use super::frame::{
    Area, Axis, Canvas, Chart, Frame, LegendEntry, Mark, band, padded, plot, scenario_colour,
};
use super::headline::Headline;

/// The time-series chart of one headline indicator.
pub struct TimeSeries<'a> {
    pub out: &'a Output,
    pub headline: &'a Headline,
}

impl Chart for TimeSeries<'_> {
    fn stem(&self) -> String {
        self.headline.key.to_string()
    }

    fn caption(&self) -> String {
        format!(
            "{} ({}), {}–{}: mean of {} per scenario (line) and the 5th–95th percentile range across replications (band).",
            self.headline.title,
            self.headline.axis,
            self.out.years.first,
            self.out.years.last,
            replications(self.out.manifest.run.replications)
        )
    }

    fn size(&self) -> (u32, u32) {
        (960, 540)
    }

    fn draw<DB: Canvas>(&self, root: &Area<DB>) -> Result<()> {
        let out = self.out;
        let series: Vec<(RGBColor, &str, &[Estimate])> = out
            .scenarios
            .iter()
            .enumerate()
            .map(|(i, s)| {
                (
                    scenario_colour(i),
                    s.name.as_str(),
                    out.summary.series(&s.name, self.headline.key),
                )
            })
            .filter(|(_, _, estimates)| estimates.iter().any(|e| e.centre.is_finite()))
            .collect();
        let label = |name: &str| {
            if name == out.reference {
                format!("{name} (reference)")
            } else {
                name.to_string()
            }
        };
        let frame = Frame {
            title: self.headline.title.to_string(),
            legend: series
                .iter()
                .map(|(colour, name, _)| LegendEntry {
                    label: label(name),
                    colour: *colour,
                    mark: Mark::LineBand,
                })
                .collect(),
            notes: vec![format!(
                "Lines: mean of {}. Bands: 5th–95th percentile across replications.",
                replications(out.manifest.run.replications)
            )],
        };
        let area = frame.draw(root)?;
        let values: Vec<f64> = series
            .iter()
            .flat_map(|(_, _, estimates)| estimates.iter().flat_map(|e| [e.centre, e.low, e.high]))
            .filter(|v| v.is_finite())
            .collect();
        let y_range = padded(
            values.iter().copied().fold(f64::INFINITY, f64::min),
            values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        );
        let span = y_range.end - y_range.start;
        let unit = self.headline.unit;
        let mut chart = plot(
            &area,
            Axis::years(out.years.first, out.years.last),
            Axis {
                range: y_range,
                title: self.headline.axis,
                ticks: 8,
                format: &|v| unit.tick(*v, span),
                grid: true,
            },
        )?;
        let at = |e: &Estimate, v: f64| (f64::from(e.year), v);
        for (colour, _, estimates) in &series {
            let banded: Vec<&Estimate> = estimates
                .iter()
                .filter(|e| e.low.is_finite() && e.high.is_finite())
                .collect();
            let low: Vec<(f64, f64)> = banded.iter().map(|e| at(e, e.low)).collect();
            let high: Vec<(f64, f64)> = banded.iter().map(|e| at(e, e.high)).collect();
            chart.draw_series(std::iter::once(band(
                &low,
                &high,
                colour.mix(0.18).filled(),
            )))?;
        }
        // The reference is drawn wider, so where a scenario coincides with it both still show.
        for (colour, name, estimates) in &series {
            let width = if *name == out.reference { 5 } else { 3 };
            let line = estimates
                .iter()
                .filter(|e| e.centre.is_finite())
                .map(|e| at(e, e.centre));
            chart.draw_series(LineSeries::new(line, colour.stroke_width(width)))?;
        }
        Ok(())
    }
}
