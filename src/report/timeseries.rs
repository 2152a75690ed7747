//! One chart per headline indicator over time: each scenario's mean as a line (the
//! reference black and underneath, lines that coincide named) over its 5th–95th percentile
//! band across replications (every line's when there are few, else the reference's only);
//! and the reference scenario's unmet need by village type, drawn the same way in greys.

use std::ops::Range;

use anyhow::Result;
use plotters::prelude::*;

use super::data::{Estimate, Estimates, Output};
use super::format::{NO_RANGE, has_range, replications, simulated};
use super::frame::{
    Area, Axis, BAND_OPACITY, Canvas, Chart, Dash, Frame, GREYS, LegendEntry, Mark, band,
    draw_line, plot, plot_height, scenario_colour, value_range,
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
        let lines = self.lines();
        let mut caption = over_time(self.out, &what, "per scenario", &lines);
        for note in self.notes(&lines) {
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
        let lines = reference.into_iter().chain(others).map(|(i, s)| {
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
                dash: Dash::Solid,
                reference,
                schedule: s.schedule.iter().map(|(year, _)| *year).collect(),
            }
        });
        drawn(lines.collect())
    }

    /// What the chart says besides its lines: which lines coincide (and so hide one
    /// another), and for totals that they are of the population simulated.
    fn notes(&self, lines: &[Line]) -> Vec<String> {
        let mut notes: Vec<String> = coincide_note(lines, self.headline.unit)
            .into_iter()
            .collect();
        if self.headline.unit.is_total() {
            notes.push(simulated(&self.out.manifest.run));
        }
        if lines.iter().any(|l| !l.rings().is_empty()) {
            notes.push(
                "A ring marks a year from which a scenario's policy schedule changes its levers \
                 (the report lists them)."
                    .into(),
            );
        }
        notes
    }
}

/// The lines of `series` that have a value to draw.
fn drawn(series: Vec<Line>) -> Vec<Line> {
    series
        .into_iter()
        .filter(|l| l.estimates.iter().any(|e| e.centre.is_finite()))
        .collect()
}

/// The value axis of `lines`: from zero to above every mean and band.
fn y_range(lines: &[Line]) -> Range<f64> {
    let values = || {
        lines
            .iter()
            .flat_map(|l| l.estimates.iter().flat_map(|e| [e.centre, e.low, e.high]))
            .filter(|v| v.is_finite())
    };
    value_range(
        values().fold(f64::INFINITY, f64::min),
        values().fold(f64::NEG_INFINITY, f64::max),
    )
}

/// How close two lines may be, in pixels, and still look one: a line 3 px wide drawn
/// over another less than this apart leaves none of it to see.
const INDISTINCT_PX: f64 = 1.5;
/// The most note lines a chart over time has (what lines and bands are, lines that
/// coincide over up to three lines, totals): the plot's height is reckoned with them, so
/// its pixels are if anything overestimated in value and lines that look one named.
const NOTE_LINES: usize = 5;

/// The difference between two means that the chart of `lines` cannot show: under
/// [`INDISTINCT_PX`] on its value axis, or half the table's last digit of `unit`.
fn indistinct(lines: &[Line], unit: Unit) -> f64 {
    let range = y_range(lines);
    let per_pixel = (range.end - range.start) / plot_height(SIZE.1, NOTE_LINES);
    (INDISTINCT_PX * per_pixel).max(unit.resolution() / 2.0)
}

/// The note naming the lines of `lines` (in `unit`) that coincide, if any.
fn coincide_note(lines: &[Line], unit: Unit) -> Option<String> {
    let groups = coinciding(lines, indistinct(lines, unit));
    if groups.is_empty() {
        return None;
    }
    let groups: Vec<String> = groups.iter().map(|g| named(g)).collect();
    Some(format!(
        "Lines that coincide (each within {INDISTINCT_PX} px of another of its group every year) hide one another, the last listed on top: {}.",
        groups.join("; ")
    ))
}

/// The most lines a note names of one group of coinciding lines: a longer list
/// would push the chart's notes into its legend (a sweep of many values).
const MOST_NAMED: usize = 6;

/// A group of coinciding lines as the note names it, in drawing order, so the line on
/// top (the one that shows) always last: `a = b = c`, or, for a group of more than
/// [`MOST_NAMED`] + 1 (one line more is named, shorter than saying so), its first
/// lines, how many of the legend follow them, and its last.
fn named(group: &[&str]) -> String {
    if group.len() <= MOST_NAMED + 1 {
        return group.join(" = ");
    }
    let (first, rest) = group.split_at(MOST_NAMED - 1);
    let (top, between) = rest.split_last().expect("a group longer than MOST_NAMED");
    format!(
        "{} = {} more lines of the legend = {top}",
        first.join(" = "),
        between.len()
    )
}

/// Groups of two or more lines, by label, each line within `tolerance` of another of its
/// group in every year (lines close in a chain are one group): drawn over one another,
/// only the last shows. Groups and their lines are in the order of `lines`.
fn coinciding<'a>(lines: &'a [Line], tolerance: f64) -> Vec<Vec<&'a str>> {
    let same = |a: &Line, b: &Line| {
        a.estimates.len() == b.estimates.len()
            && a.estimates.iter().zip(b.estimates).all(|(x, y)| {
                let neither = !x.centre.is_finite() && !y.centre.is_finite();
                x.year == y.year
                    && (neither || x.centre == y.centre || (x.centre - y.centre).abs() <= tolerance)
            })
    };
    let lines: Vec<&Line> = lines.iter().filter(|l| !l.estimates.is_empty()).collect();
    // Each line's group: the first line of the group, found by following `group` down.
    let mut group: Vec<usize> = (0..lines.len()).collect();
    let root = |group: &[usize], mut i: usize| {
        while group[i] != i {
            i = group[i];
        }
        i
    };
    for i in 0..lines.len() {
        for j in 0..i {
            if same(lines[i], lines[j]) {
                let (a, b) = (root(&group, i), root(&group, j));
                group[a.max(b)] = a.min(b);
            }
        }
    }
    let mut groups: Vec<(usize, Vec<&str>)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let first = root(&group, i);
        match groups.iter_mut().find(|(g, _)| *g == first) {
            Some((_, members)) => members.push(&line.label),
            None => groups.push((first, vec![&line.label])),
        }
    }
    groups
        .into_iter()
        .filter(|(_, g)| g.len() > 1)
        .map(|(_, g)| g)
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

/// How the village types are drawn, in the order of [`Facility::ALL`]: greys, told apart
/// by their dashes too, as no scenario is drawn (a colour means a scenario).
const TYPE_STYLES: [(RGBColor, Dash); 3] = [
    (GREYS[0], Dash::Solid),
    (GREYS[1], Dash::Dashed),
    (GREYS[2], Dash::Dotted),
];

impl VillageTypes<'_> {
    /// One line per village type.
    fn lines(&self) -> Vec<Line<'_>> {
        let key = unmet_need().key;
        let lines =
            Facility::ALL
                .iter()
                .zip(TYPE_STYLES.iter().cycle())
                .map(|(kind, &(colour, dash))| Line {
                    colour,
                    label: format!("villages with {}", kind.label().replace('_', " ")),
                    estimates: self.by_type.series(kind.label(), key),
                    width: 3,
                    dash,
                    reference: false,
                    schedule: Vec::new(),
                });
        drawn(lines.collect())
    }
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
        let lines = self.lines();
        let mut caption = over_time(self.out, &what, "per village type", &lines);
        if let Some(note) = coincide_note(&lines, unmet_need().unit) {
            caption.push(' ');
            caption.push_str(&note);
        }
        caption
    }

    fn size(&self) -> (u32, u32) {
        SIZE
    }

    fn draw<DB: Canvas>(&self, root: &Area<DB>) -> Result<()> {
        let headline = unmet_need();
        let lines = self.lines();
        let notes = coincide_note(&lines, headline.unit).into_iter().collect();
        let title = format!("{} by village type: {}", headline.short, self.out.reference);
        draw_lines(root, self.out, headline, &title, lines, notes)
    }
}

/// The size of a chart over time, pixels.
const SIZE: (u32, u32) = (960, 540);

/// The radius of the ring on a line in a year its scenario's schedule changes the levers, pixels.
const RING_RADIUS: u32 = 10;

/// The most lines whose bands are all drawn: more overlapping bands would pile up into
/// one opaque mass that no single band is, so then only the reference's band is drawn.
const MAX_BANDS: usize = 3;

/// Which of a chart's lines get their 5th–95th percentile band.
#[derive(Debug, PartialEq)]
enum Bands<'a> {
    /// None: one replication gives no range.
    None,
    /// No line has a value to draw.
    Empty,
    /// Too many lines for all their bands, and the reference has no values.
    NoReference(usize),
    All,
    /// Only the reference's (its label), of so many lines.
    Reference(&'a str, usize),
}

impl<'a> Bands<'a> {
    fn of(out: &Output, lines: &'a [Line]) -> Bands<'a> {
        if !has_range(out.manifest.run.replications) {
            return Bands::None;
        }
        if lines.is_empty() {
            return Bands::Empty;
        }
        if lines.len() <= MAX_BANDS {
            return Bands::All;
        }
        match lines.iter().find(|l| l.reference) {
            Some(l) => Bands::Reference(&l.label, lines.len()),
            None => Bands::NoReference(lines.len()),
        }
    }

    fn banded(&self, line: &Line) -> bool {
        match self {
            Bands::None | Bands::Empty | Bands::NoReference(_) => false,
            Bands::All => true,
            Bands::Reference(..) => line.reference,
        }
    }

    /// What the bands are, as a sentence for a chart's note; for its caption, `more` says
    /// where the bands left out are.
    fn sentence(&self, more: bool) -> String {
        match self {
            Bands::None => String::new(),
            Bands::Empty => "No scenario has a value to draw.".into(),
            Bands::NoReference(n) => format!(
                "No band: {n} bands would build up into a false mass, and the reference has no value to draw."
            ),
            Bands::All => "Bands: 5th–95th percentile across replications.".into(),
            Bands::Reference(label, n) => {
                let elsewhere = if more {
                    " Every scenario's range is in summary.csv (p05, p95)."
                } else {
                    ""
                };
                format!(
                    "Band: 5th–95th percentile across replications, of {label} only ({n} bands would build up into a false mass).{elsewhere}"
                )
            }
        }
    }
}

/// The caption of a chart over time of `what`, with a line `per` group, of `lines`.
fn over_time(out: &Output, what: &str, per: &str, lines: &[Line]) -> String {
    let n = out.manifest.run.replications;
    let (first, last) = (out.years.first, out.years.last);
    let years = if first == last {
        first.to_string()
    } else {
        format!("{first}–{last}")
    };
    let bands = Bands::of(out, lines);
    match bands {
        Bands::None if !has_range(n) => format!(
            "{what}, {years}: {} {per} (line). {NO_RANGE}",
            replications(n)
        ),
        _ => format!(
            "{what}, {years}: mean of {} {per} (line). {}",
            replications(n),
            bands.sentence(true)
        ),
    }
}

/// The note under a chart over time of `lines` saying what lines and bands are.
fn lines_note(out: &Output, lines: &[Line]) -> String {
    let n = out.manifest.run.replications;
    if has_range(n) {
        format!(
            "Lines: mean of {}. {}",
            replications(n),
            Bands::of(out, lines).sentence(false)
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
    dash: Dash,
    /// The reference scenario's line, whose band is drawn when others' are not.
    reference: bool,
    /// The years from which the scenario's policy schedule changes its levers.
    schedule: Vec<i32>,
}

impl Line<'_> {
    /// The line's points in the years its schedule changes the levers, each ringed.
    fn rings(&self) -> Vec<(i32, f64)> {
        (self.estimates.iter())
            .filter(|e| self.schedule.contains(&e.year) && e.centre.is_finite())
            .map(|e| (e.year, e.centre))
            .collect()
    }
}

/// Draws `series` of `headline` over the run's years under `title`, bands
/// first, then lines in order, `notes` under the lines' own.
fn draw_lines<DB: Canvas>(
    root: &Area<DB>,
    out: &Output,
    headline: &Headline,
    title: &str,
    series: Vec<Line>,
    notes: Vec<String>,
) -> Result<()> {
    let bands = Bands::of(out, &series);
    let frame = Frame {
        title: title.to_string(),
        legend: series
            .iter()
            .map(|l| LegendEntry {
                label: l.label.clone(),
                colour: l.colour,
                mark: Mark::Line {
                    dash: l.dash,
                    band: bands.banded(l),
                },
            })
            .collect(),
        notes: std::iter::once(lines_note(out, &series))
            .chain(notes)
            .collect(),
    };
    let area = frame.draw(root)?;
    let y_range = y_range(&series);
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
    for l in series.iter().filter(|l| bands.banded(l)) {
        let banded: Vec<&Estimate> = l
            .estimates
            .iter()
            .filter(|e| e.low.is_finite() && e.high.is_finite())
            .collect();
        if banded.is_empty() {
            continue;
        }
        let low: Vec<(f64, f64)> = banded.iter().map(|e| at(e, e.low)).collect();
        let high: Vec<(f64, f64)> = banded.iter().map(|e| at(e, e.high)).collect();
        if let [(x, lo)] = low[..] {
            // One year: the band is a whisker.
            chart.draw_series([PathElement::new(
                [(x, lo), (x, high[0].1)],
                l.colour.mix(BAND_OPACITY).stroke_width(12),
            )])?;
            continue;
        }
        chart.draw_series(std::iter::once(band(
            &low,
            &high,
            l.colour.mix(BAND_OPACITY).filled(),
        )))?;
    }
    for l in &series {
        let line: Vec<(f64, f64)> = l
            .estimates
            .iter()
            .filter(|e| e.centre.is_finite())
            .map(|e| at(e, e.centre))
            .collect();
        if let [point] = line[..] {
            // One year: a line of one point draws nothing, so a dot.
            chart.draw_series([Circle::new(point, l.width + 2, l.colour.filled())])?;
            continue;
        }
        draw_line(&mut chart, line, l.colour.stroke_width(l.width), l.dash)?;
    }
    for l in &series {
        let rings = l
            .rings()
            .into_iter()
            .map(|(x, y)| Circle::new((f64::from(x), y), RING_RADIUS, l.colour.stroke_width(2)));
        chart.draw_series(rings)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(label: &str, values: &[f64]) -> (String, Vec<Estimate>) {
        let estimates = values
            .iter()
            .zip(2020..)
            .map(|(&v, year)| Estimate {
                year,
                centre: v,
                low: v,
                high: v,
            })
            .collect();
        (label.to_string(), estimates)
    }

    /// Plain lines of the (label, estimates) pairs.
    fn lines_of(data: &[(String, Vec<Estimate>)]) -> Vec<Line<'_>> {
        data.iter()
            .map(|(label, estimates)| Line {
                colour: GREYS[0],
                label: label.clone(),
                estimates,
                width: 3,
                dash: Dash::Solid,
                reference: false,
                schedule: Vec::new(),
            })
            .collect()
    }

    #[test]
    fn a_line_is_ringed_in_its_schedules_years_that_it_draws() {
        let data = [line("a", &[10.0, 20.0, f64::NAN, 40.0])];
        let mut lines = lines_of(&data);
        // 2022 has no value to draw; 2030 is past the run.
        lines[0].schedule = vec![2021, 2022, 2023, 2030];
        assert_eq!(lines[0].rings(), [(2021, 20.0), (2023, 40.0)]);
        lines[0].schedule.clear();
        assert!(lines[0].rings().is_empty());
    }

    #[test]
    fn lines_within_the_tolerance_every_year_coincide_in_chains() {
        let data = [
            line("a", &[10.0, 20.0]),
            line("b", &[10.0, 21.0]),
            line("c", &[10.0, 30.0]),
            line("d", &[10.0, 22.0]),
            line("e", &[10.0, 31.5]),
        ];
        let lines = lines_of(&data);
        // a and d are 2 apart, but each within 1 of b: one group, in the lines' order.
        assert_eq!(
            coinciding(&lines, 1.0),
            vec![vec!["a", "b", "d"]],
            "c and e are 1.5 apart"
        );
        assert_eq!(
            coinciding(&lines, 1.5),
            vec![vec!["a", "b", "d"], vec!["c", "e"]]
        );
        assert!(coinciding(&lines, 0.5).is_empty());
    }

    #[test]
    fn a_year_neither_line_has_leaves_them_coinciding() {
        let data = [
            line("a", &[10.0, f64::NAN, 20.0]),
            line("b", &[10.0, f64::NAN, 20.5]),
            line("c", &[10.0, 15.0, 20.0]),
        ];
        // c has a value where a and b have none: it is drawn there, they are not.
        assert_eq!(coinciding(&lines_of(&data), 1.0), vec![vec!["a", "b"]]);
    }

    #[test]
    fn a_long_group_is_named_by_its_first_lines_a_count_and_the_line_on_top() {
        let labels: Vec<String> = (0..9).map(|k| format!("v{k}")).collect();
        let group: Vec<&str> = labels.iter().map(String::as_str).collect();
        assert_eq!(named(&group[..3]), "v0 = v1 = v2");
        assert_eq!(named(&group[..6]), "v0 = v1 = v2 = v3 = v4 = v5");
        // The last line is drawn last, on top: named whatever the length.
        assert_eq!(
            named(&group),
            "v0 = v1 = v2 = v3 = v4 = 3 more lines of the legend = v8"
        );
        // One line more is named rather than counted.
        assert_eq!(named(&group[..7]), "v0 = v1 = v2 = v3 = v4 = v5 = v6");
        assert_eq!(
            named(&group[..8]),
            "v0 = v1 = v2 = v3 = v4 = 2 more lines of the legend = v7"
        );
    }

    #[test]
    fn the_note_names_the_line_on_top_of_a_long_group() {
        let data: Vec<(String, Vec<Estimate>)> = (0..9)
            .map(|k| line(&format!("v{k}"), &[10.0, 20.0]))
            .collect();
        let lines = lines_of(&data);
        let note = coincide_note(&lines, Unit::Persons).unwrap();
        // Drawn in the order of the lines: v8 last, on top.
        assert!(note.contains("the last listed on top"), "{note}");
        assert!(note.ends_with("of the legend = v8."), "{note}");
    }

    #[test]
    fn the_tolerance_is_what_the_plot_shows_in_a_pixel_and_a_half() {
        let data = [line("a", &[0.0, 300_000.0])];
        let lines = lines_of(&data);
        // An axis of 315,000 over the plot's pixels: far more than a person.
        let tolerance = indistinct(&lines, Unit::Persons);
        let pixels = plot_height(SIZE.1, NOTE_LINES);
        assert!(
            (tolerance - 1.5 * 315_000.0 / pixels).abs() < 1e-6,
            "{tolerance}"
        );
        assert!(tolerance > 1_000.0);
    }
}
