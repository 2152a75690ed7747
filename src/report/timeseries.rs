//! One chart per headline indicator over time: each scenario's mean as a line over its
//! 5th–95th percentile band across replications.

use anyhow::Result;
use plotters::prelude::*;

use super::data::Output;
use super::format::year;
use super::frame::{Area, Axis, Canvas, Chart, Frame, LegendEntry, Mark, band, padded, plot, scenario_colour};
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
            "{} ({}), {}–{}: mean of {} replications per scenario (line) and the 5th–95th percentile range across replications (band).",
            self.headline.title,
            self.headline.axis,
            self.out.years.first,
            self.out.years.last,
            self.out.manifest.run.replications
        )
    }

    fn size(&self) -> (u32, u32) {
        (960, 540)
    }

    fn draw<DB: Canvas>(&self, root: &Area<DB>) -> Result<()> {
        let key = self.headline.key;
        let series: Vec<(RGBColor, &str, Vec<(f64, f64, f64, f64)>)> = self
            .out
            .scenarios
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let points = self
                    .out
                    .summary
                    .series(&s.name, key)
                    .iter()
                    .filter(|e| e.centre.is_finite())
                    .map(|e| (f64::from(e.year), e.centre, e.low, e.high))
                    .collect();
                (scenario_colour(i), s.name.as_str(), points)
            })
            .filter(|(_, _, points): &(_, _, Vec<_>)| !points.is_empty())
            .collect();
        let frame = Frame {
            title: self.headline.title.to_string(),
            legend: series
                .iter()
                .map(|(colour, name, _)| LegendEntry { label: name.to_string(), colour: *colour, mark: Mark::LineBand })
                .collect(),
            notes: vec![format!(
                "Lines: mean of {} replications. Bands: 5th–95th percentile across replications.",
                self.out.manifest.run.replications
            )],
        };
        let area = frame.draw(root)?;
        let values = series.iter().flat_map(|(_, _, p)| p.iter().flat_map(|&(_, c, l, h)| [c, l, h]));
        let finite: Vec<f64> = values.filter(|v| v.is_finite()).collect();
        let y_range = padded(
            finite.iter().copied().fold(f64::INFINITY, f64::min),
            finite.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        );
        let span = y_range.end - y_range.start;
        let unit = self.headline.unit;
        let (first, last) = (f64::from(self.out.years.first), f64::from(self.out.years.last));
        let mut chart = plot(
            &area,
            Axis { range: first..last.max(first + 1.0), title: "Year", ticks: 8, format: &|v| year(*v), grid: true },
            Axis { range: y_range, title: self.headline.axis, ticks: 8, format: &|v| unit.tick(*v, span), grid: true },
        )?;
        for (colour, _, points) in &series {
            let banded: Vec<_> = points.iter().filter(|p| p.2.is_finite() && p.3.is_finite()).collect();
            let low: Vec<(f64, f64)> = banded.iter().map(|p| (p.0, p.2)).collect();
            let high: Vec<(f64, f64)> = banded.iter().map(|p| (p.0, p.3)).collect();
            chart.draw_series(std::iter::once(band(&low, &high, colour.mix(0.18).filled())))?;
        }
        for (colour, _, points) in &series {
            let line = points.iter().map(|p| (p.0, p.1));
            chart.draw_series(LineSeries::new(line, colour.stroke_width(3)))?;
        }
        Ok(())
    }
}
