//! One chart per headline indicator over time: each scenario's mean as a line over its
//! 5th–95th percentile band across replications (the reference black and underneath,
//! lines that coincide named); and the reference scenario's unmet
//! need by village type, drawn the same way.

use anyhow::Result;
use plotters::prelude::*;

use super::data::{Estimate, Estimates, Output};
use super::format::{NO_RANGE, has_range, replications, simulated};
use super::frame::{
    Area, Axis, Canvas, Chart, Frame, LegendEntry, Mark, band, padded, palette, plot,
    scenario_colour,
};
use super::headline::{HEADLINES, Headline, Unit};
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
        let axis = self.headline.axis_label(self.out.manifest.run.start_year);
        let what = format!("{} ({axis})", self.headline.title);
        let mut caption = over_time(self.out, &what, "per scenario");
        for note in self.notes(&self.lines()) {
            caption.push(' ');
            caption.push_str(&note);
        }
        caption
    }

    fn size(&self) -> (u32, u32) {
        SIZE
    }

    fn draw<DB: Canvas>(&self, root: &Area<DB>) -> Result<()> {
        let lines = self.lines();
        let notes = self.notes(&lines);
        draw_lines(
            root,
            self.out,
            self.headline,
            self.headline.title,
            lines,
            notes,
        )
    }
}

impl TimeSeries<'_> {
    /// One line per scenario, the reference first: drawn underneath, black and wider, so a
    /// scenario that coincides with it shows as a coloured line inside a black one.
    fn lines(&self) -> Vec<Line<'_>> {
        let out = self.out;
        let scenarios = out.scenarios.iter().enumerate();
        let (reference, others): (Vec<_>, Vec<_>) =
            scenarios.partition(|(_, s)| s.name == out.reference);
        reference
            .into_iter()
            .chain(others)
            .map(|(i, s)| {
                let reference = s.name == out.reference;
                Line {
                    colour: scenario_colour(out, i),
                    label: if reference {
                        format!("{} (reference)", s.name)
                    } else {
                        s.name.clone()
                    },
                    estimates: out.summary.series(&s.name, self.headline.key),
                    width: if reference { 6 } else { 3 },
                }
            })
            .collect()
    }

    /// What the chart says besides its lines: which lines coincide (and so hide one
    /// another), and for totals that they are of the population simulated.
    fn notes(&self, lines: &[Line]) -> Vec<String> {
        let mut notes = Vec::new();
        let groups = coinciding(lines, self.headline.unit.resolution());
        if !groups.is_empty() {
            let groups: Vec<String> = groups.iter().map(|g| g.join(" = ")).collect();
            notes.push(format!(
                "Lines that coincide (means within half the table's last digit every year) hide one another, the later in the legend drawn on top: {}.",
                groups.join("; ")
            ));
        }
        if self.headline.unit == Unit::Persons {
            notes.push(simulated(self.out.manifest.run.scale));
        }
        notes
    }
}

/// Groups of two or more lines, by label, whose means agree in every year to within half of
/// `resolution` (the table's last digit): drawn over one another, only the last shows.
fn coinciding<'a>(lines: &'a [Line], resolution: f64) -> Vec<Vec<&'a str>> {
    let same = |a: &Line, b: &Line| {
        a.estimates.len() == b.estimates.len()
            && a.estimates.iter().zip(b.estimates).all(|(x, y)| {
                x.year == y.year
                    && (x.centre == y.centre || (x.centre - y.centre).abs() <= resolution / 2.0)
            })
    };
    let mut groups: Vec<Vec<&Line>> = Vec::new();
    for line in lines.iter().filter(|l| !l.estimates.is_empty()) {
        match groups.iter_mut().find(|g| same(g[0], line)) {
            Some(group) => group.push(line),
            None => groups.push(vec![line]),
        }
    }
    groups
        .into_iter()
        .filter(|g| g.len() > 1)
        .map(|g| g.iter().map(|l| l.label.as_str()).collect())
        .collect()
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
                colour: palette(i),
                label: format!("villages with {}", kind.label().replace('_', " ")),
                estimates: self.by_type.series(kind.label(), headline.key),
                width: 3,
            })
            .collect();
        let title = format!("{} by village type: {}", headline.short, self.out.reference);
        draw_lines(root, self.out, headline, &title, series, Vec::new())
    }
}

/// The size of a chart over time, pixels.
const SIZE: (u32, u32) = (960, 540);

/// The caption of a chart over time of `what`, with a line `per` group.
fn over_time(out: &Output, what: &str, per: &str) -> String {
    let n = out.manifest.run.replications;
    let (first, last) = (out.years.first, out.years.last);
    if has_range(n) {
        format!(
            "{what}, {first}–{last}: mean of {} {per} (line) and the 5th–95th percentile range across replications (band).",
            replications(n)
        )
    } else {
        format!(
            "{what}, {first}–{last}: {} {per} (line). {NO_RANGE}",
            replications(n)
        )
    }
}

/// The note under a chart over time saying what lines and bands are.
fn lines_note(out: &Output) -> String {
    let n = out.manifest.run.replications;
    if has_range(n) {
        format!(
            "Lines: mean of {}. Bands: 5th–95th percentile across replications.",
            replications(n)
        )
    } else {
        format!("Lines: {}. {NO_RANGE}", replications(n))
    }
}

/// One line of a chart over time: a mean per year over its percentile band.
struct Line<'a> {
    colour: RGBColor,
    label: String,
    estimates: &'a [Estimate],
    width: u32,
}

/// Draws `series` of `headline` over the run's years under `title`, bands
/// first, then lines in order, `notes` under the lines' own; series without a
/// finite value are left out.
fn draw_lines<DB: Canvas>(
    root: &Area<DB>,
    out: &Output,
    headline: &Headline,
    title: &str,
    series: Vec<Line>,
    notes: Vec<String>,
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
        notes: std::iter::once(lines_note(out)).chain(notes).collect(),
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
    let axis_title = headline.axis_label(out.manifest.run.start_year);
    let mut chart = plot(
        &area,
        Axis::years(out.years.first, out.years.last),
        Axis {
            range: y_range,
            title: &axis_title,
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
