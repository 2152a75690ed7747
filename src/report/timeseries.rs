//! One chart per headline indicator over time: each scenario's mean as a line over its
//! 5th–95th percentile band across replications; and the reference scenario's unmet
//! need by village type, drawn the same way.

use anyhow::Result;
use plotters::prelude::*;

use super::data::{Estimate, Estimates, Output};
use super::format::replications;
use super::frame::{
    Area, Axis, Canvas, Chart, Frame, LegendEntry, Mark, band, padded, plot, scenario_colour,
};
use super::headline::{HEADLINES, Headline};
use crate::population::village::Facility;

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
        let what = format!("{} ({})", self.headline.title, self.headline.axis);
        over_time(self.out, &what, "per scenario")
    }

    fn size(&self) -> (u32, u32) {
        SIZE
    }

    fn draw<DB: Canvas>(&self, root: &Area<DB>) -> Result<()> {
        let out = self.out;
        let label = |name: &str| {
            if name == out.reference {
                format!("{name} (reference)")
            } else {
                name.to_string()
            }
        };
        // The reference is drawn wider, so where a scenario coincides with it both still show.
        let series = out
            .scenarios
            .iter()
            .enumerate()
            .map(|(i, s)| Line {
                colour: scenario_colour(i),
                label: label(&s.name),
                estimates: out.summary.series(&s.name, self.headline.key),
                width: if s.name == out.reference { 5 } else { 3 },
            })
            .collect();
        draw_lines(root, out, self.headline, self.headline.title, series)
    }
}

/// The reference scenario's unmet-need share by village type (the facility a
/// village has at the end of each year), from `village_types.csv`.
pub struct VillageTypes<'a> {
    pub out: &'a Output,
    pub by_type: &'a Estimates,
}

/// The headline the village-type chart draws, by type.
fn unmet_need() -> &'static Headline {
    HEADLINES
        .iter()
        .find(|h| h.key == "unmet_need_share")
        .expect("unmet need is a headline")
}

impl Chart for VillageTypes<'_> {
    fn stem(&self) -> String {
        "unmet_need_by_village_type".to_string()
    }

    fn caption(&self) -> String {
        let what = format!(
            "{} in {}, by the facility a village has in each year",
            unmet_need().title,
            self.out.reference
        );
        over_time(self.out, &what, "per village type")
    }

    fn size(&self) -> (u32, u32) {
        SIZE
    }

    fn draw<DB: Canvas>(&self, root: &Area<DB>) -> Result<()> {
        let headline = unmet_need();
        let series = Facility::ALL
            .iter()
            .enumerate()
            .map(|(i, kind)| Line {
                colour: scenario_colour(i),
                label: format!("villages with {}", kind.label().replace('_', " ")),
                estimates: self.by_type.series(kind.label(), headline.key),
                width: 3,
            })
            .collect();
        let title = format!(
            "{}, by village type: {}",
            headline.title, self.out.reference
        );
        draw_lines(root, self.out, headline, &title, series)
    }
}

/// The size of a chart over time, pixels.
const SIZE: (u32, u32) = (960, 540);

/// The caption of a chart over time of `what`, with a line `per` group.
fn over_time(out: &Output, what: &str, per: &str) -> String {
    format!(
        "{what}, {}–{}: mean of {} {per} (line) and the 5th–95th percentile range across replications (band).",
        out.years.first,
        out.years.last,
        replications(out.manifest.run.replications)
    )
}

/// One line of a chart over time: a mean per year over its percentile band.
struct Line<'a> {
    colour: RGBColor,
    label: String,
    estimates: &'a [Estimate],
    width: u32,
}

/// Draws `series` of `headline` over the run's years under `title`, bands
/// first, then lines; series without a finite value are left out.
fn draw_lines<DB: Canvas>(
    root: &Area<DB>,
    out: &Output,
    headline: &Headline,
    title: &str,
    series: Vec<Line>,
) -> Result<()> {
    let series: Vec<Line> = series
        .into_iter()
        .filter(|l| l.estimates.iter().any(|e| e.centre.is_finite()))
        .collect();
    let frame = Frame {
        title: title.to_string(),
        legend: series
            .iter()
            .map(|l| LegendEntry {
                label: l.label.clone(),
                colour: l.colour,
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
        .flat_map(|l| l.estimates.iter().flat_map(|e| [e.centre, e.low, e.high]))
        .filter(|v| v.is_finite())
        .collect();
    let y_range = padded(
        values.iter().copied().fold(f64::INFINITY, f64::min),
        values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    );
    let span = y_range.end - y_range.start;
    let unit = headline.unit;
    let mut chart = plot(
        &area,
        Axis::years(out.years.first, out.years.last),
        Axis {
            range: y_range,
            title: headline.axis,
            ticks: 8,
            format: &|v| unit.tick(*v, span),
            grid: true,
        },
    )?;
    let at = |e: &Estimate, v: f64| (f64::from(e.year), v);
    for l in &series {
        let banded: Vec<&Estimate> = l
            .estimates
            .iter()
            .filter(|e| e.low.is_finite() && e.high.is_finite())
            .collect();
        let low: Vec<(f64, f64)> = banded.iter().map(|e| at(e, e.low)).collect();
        let high: Vec<(f64, f64)> = banded.iter().map(|e| at(e, e.high)).collect();
        chart.draw_series(std::iter::once(band(
            &low,
            &high,
            l.colour.mix(0.18).filled(),
        )))?;
    }
    for l in &series {
        let line = l
            .estimates
            .iter()
            .filter(|e| e.centre.is_finite())
            .map(|e| at(e, e.centre));
        chart.draw_series(LineSeries::new(line, l.colour.stroke_width(l.width)))?;
    }
    Ok(())
}
