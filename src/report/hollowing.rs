//! Village ageing: how villages spread over the share of residents aged 60+, in the first
//! year (reference) and the last year (every scenario), with the villages left empty (the
//! hollowing-out), from `villages.csv`.

use anyhow::Result;
use plotters::prelude::*;

use super::data::{Output, VillageShares};
use super::format::{compact, simulated, ten_point_band};
use super::frame::{
    Area, Axis, Canvas, Chart, Frame, LegendEntry, Mark, category, plot, scenario_colour,
};

/// Ten bins of ten percentage points, then the villages left without residents.
const BINS: usize = 10;
/// The first year is drawn as an outline so no scenario colour can be mistaken for it.
const FIRST_YEAR: RGBColor = RGBColor(60, 60, 60);
/// The least height of the bar of a band that holds a village, pixels: one village among
/// hundreds would otherwise be drawn less than a pixel tall, and vanish.
const LEAST_BAR: f64 = 3.0;

/// The top of the bar of `n` villages (`n > 0`), no lower than `least`.
fn bar_top(n: usize, least: f64) -> f64 {
    (n as f64).max(least)
}

/// One bar series: a scenario in a year.
struct Series<'a> {
    label: String,
    colour: RGBColor,
    mark: Mark,
    villages: &'a VillageShares,
}

/// Grouped histogram: one bar series per (year, scenario).
pub struct Hollowing<'a> {
    out: &'a Output,
    series: Vec<Series<'a>>,
}

impl<'a> Hollowing<'a> {
    /// The chart, when `villages.csv` has rows for the first or last year.
    pub fn new(out: &'a Output) -> Option<Hollowing<'a>> {
        let (first, last) = (out.years.first, out.years.last);
        let start = out
            .villages
            .get(&(out.reference.clone(), first))
            .map(|villages| Series {
                label: format!("{first} {}", out.reference),
                colour: FIRST_YEAR,
                mark: Mark::Outline,
                villages,
            });
        let ends = out.scenarios.iter().enumerate().filter_map(|(i, s)| {
            Some(Series {
                label: format!("{last} {}", s.name),
                colour: scenario_colour(out, i),
                mark: Mark::Patch,
                villages: out.villages.get(&(s.name.clone(), last))?,
            })
        });
        let series: Vec<_> = start.into_iter().chain(ends).collect();
        (!series.is_empty()).then_some(Hollowing { out, series })
    }
}

/// One bar per non-empty bin, made by `bar(bin, count)`.
fn bars<'a, E: 'a>(
    counts: &'a [usize; BINS + 1],
    bar: impl Fn(usize, usize) -> E + 'a,
) -> impl Iterator<Item = E> + 'a {
    counts
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(move |(b, &n)| bar(b, n))
}

/// Village counts per bin, the last bin being villages with no residents; a share is
/// binned as written to the whole percent, as `villages.gif` colours it.
pub(super) fn histogram(villages: &VillageShares) -> [usize; BINS + 1] {
    let mut counts = [0; BINS + 1];
    for share in villages.shares.iter().filter(|s| s.is_finite()) {
        counts[ten_point_band(*share).min(BINS - 1)] += 1;
    }
    counts[BINS] = villages.empty;
    counts
}

impl Chart for Hollowing<'_> {
    fn stem(&self) -> String {
        "hollowing".to_string()
    }

    fn caption(&self) -> String {
        format!(
            "Villages by the share of their residents aged 60 and over (to the whole percent, as the teaching animation's villages.gif colours them), {} (reference scenario, outlined) and {} (each scenario), replication 0; “empty” counts villages left without residents. {}",
            self.out.years.first,
            self.out.years.last,
            simulated(&self.out.manifest.run)
        )
    }

    fn size(&self) -> (u32, u32) {
        (1000, 560)
    }

    fn draw<DB: Canvas>(&self, root: &Area<DB>) -> Result<()> {
        let frame = Frame {
            title: "Village ageing: villages by share of residents aged 60+".into(),
            legend: self
                .series
                .iter()
                .map(|s| LegendEntry { label: s.label.clone(), colour: s.colour, mark: s.mark })
                .collect(),
            notes: vec![
                "Replication 0. Bars count villages in each ten-point band of the share aged 60+, to the whole percent (a band with any village shows a bar at least 3 px tall); “empty”: no residents left."
                    .into(),
                simulated(&self.out.manifest.run),
            ],
        };
        let area = frame.draw(root)?;
        let counts: Vec<[usize; BINS + 1]> =
            self.series.iter().map(|s| histogram(s.villages)).collect();
        let highest = counts.iter().flatten().copied().max().unwrap_or(0).max(1) as f64;
        let top = highest * 1.08;
        let mut bins: Vec<String> = (0..BINS)
            .map(|b| format!("{}–{}", b * 10, b * 10 + 10))
            .collect();
        bins.push("empty".into());
        let bin = |v: &f64| category(&bins, *v);
        let mut chart = plot(
            &area,
            Axis::categories(BINS + 1, "% of residents aged 60+", &bin),
            Axis {
                range: 0.0..top,
                title: "villages",
                ticks: 7,
                format: &|v| compact(*v),
                grid: true,
            },
        )?;
        // Villages per pixel of bar height, so a band holding one village stays visible.
        let per_pixel = top / f64::from(chart.plotting_area().dim_in_pixel().1.max(1));
        let least = LEAST_BAR * per_pixel;
        let (outlined, filled): (Vec<_>, Vec<_>) = self
            .series
            .iter()
            .zip(&counts)
            .partition(|(series, _)| matches!(series.mark, Mark::Outline));
        // First-year bars span the whole bin: a pale fill behind the scenario bars and an
        // outline over them, so both the earlier level and every scenario stay visible.
        let whole =
            |b: usize, n: usize| [(b as f64 - 0.45, 0.0), (b as f64 + 0.45, bar_top(n, least))];
        for (_, counts) in &outlined {
            chart.draw_series(bars(counts, |b, n| {
                Rectangle::new(whole(b, n), RGBColor(236, 236, 236).filled())
            }))?;
        }
        let width = 0.84 / filled.len().max(1) as f64;
        for (i, (series, counts)) in filled.iter().enumerate() {
            let left = |b: usize| b as f64 - 0.42 + width * i as f64;
            let style = series.colour.filled();
            chart.draw_series(bars(counts, |b, n| {
                Rectangle::new(
                    [(left(b), 0.0), (left(b) + width, bar_top(n, least))],
                    style,
                )
            }))?;
        }
        for (series, counts) in &outlined {
            chart.draw_series(bars(counts, |b, n| {
                Rectangle::new(whole(b, n), series.colour.stroke_width(2))
            }))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_fall_into_ten_point_bins_and_empty_villages_apart() {
        let v = VillageShares {
            shares: vec![0.0, 0.05, 0.1, 0.999, 1.0],
            empty: 2,
        };
        let h = histogram(&v);
        assert_eq!(h[0], 2);
        assert_eq!(h[1], 1);
        assert_eq!(h[9], 2);
        assert_eq!(h[10], 2);
    }

    #[test]
    fn a_share_is_in_the_band_villages_gif_colours_it() {
        // 29.9 % reads 30% and is coloured 30–40 % in villages.gif: so it is counted here.
        let v = VillageShares {
            shares: vec![0.299, 0.2949],
            empty: 0,
        };
        let h = histogram(&v);
        assert_eq!((h[2], h[3]), (1, 1), "{h:?}");
    }
}
