//! Hollowing-out: how villages spread over the share of residents aged 60+, in the first
//! year (reference) and the last year (every scenario), from `villages.csv`.

use anyhow::Result;
use plotters::prelude::*;

use super::data::{Output, VillageShares};
use super::format::compact;
use super::frame::{Area, Axis, Canvas, Chart, Frame, LegendEntry, Mark, category, plot, scenario_colour};

/// Ten bins of ten percentage points, then the villages left without residents.
const BINS: usize = 10;
const FIRST_YEAR: RGBColor = RGBColor(160, 160, 160);

/// Grouped histogram: one bar series per (year, scenario).
pub struct Hollowing<'a> {
    out: &'a Output,
    /// Legend label, colour and village shares of each series.
    series: Vec<(String, RGBColor, &'a VillageShares)>,
}

impl<'a> Hollowing<'a> {
    /// The chart, when `villages.csv` has rows for the first or last year.
    pub fn new(out: &'a Output) -> Option<Hollowing<'a>> {
        let (first, last) = (out.years.first, out.years.last);
        let start = out
            .villages
            .get(&(out.reference.clone(), first))
            .map(|v| (format!("{first} {}", out.reference), FIRST_YEAR, v));
        let ends = out.scenarios.iter().enumerate().filter_map(|(i, s)| {
            let shares = out.villages.get(&(s.name.clone(), last))?;
            Some((format!("{last} {}", s.name), scenario_colour(i), shares))
        });
        let series: Vec<_> = start.into_iter().chain(ends).collect();
        (!series.is_empty()).then_some(Hollowing { out, series })
    }
}

/// Village counts per bin, the last bin being villages with no residents.
fn histogram(villages: &VillageShares) -> [usize; BINS + 1] {
    let mut counts = [0; BINS + 1];
    for share in villages.shares.iter().filter(|s| s.is_finite()) {
        counts[((share * BINS as f64).floor().max(0.0) as usize).min(BINS - 1)] += 1;
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
            "Villages by the share of their residents aged 60 and over, {} (reference scenario) and {} (each scenario), replication 0; the last group counts villages left without residents.",
            self.out.years.first, self.out.years.last
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
                .map(|(label, colour, _)| LegendEntry { label: label.clone(), colour: *colour, mark: Mark::Patch })
                .collect(),
            notes: vec!["Replication 0. Bars count villages in each band of the share aged 60+; the last group has no residents left.".into()],
        };
        let area = frame.draw(root)?;
        let counts: Vec<[usize; BINS + 1]> = self.series.iter().map(|(_, _, v)| histogram(v)).collect();
        let highest = counts.iter().flatten().copied().max().unwrap_or(0).max(1) as f64;
        let mut bins: Vec<String> = (0..BINS).map(|b| format!("{}–{}%", b * 10, b * 10 + 10)).collect();
        bins.push("no residents".into());
        let bin = |v: &f64| category(&bins, *v);
        let mut chart = plot(
            &area,
            Axis::categories(BINS + 1, "share of residents aged 60+", &bin),
            Axis { range: 0.0..highest * 1.08, title: "villages", ticks: 7, format: &|v| compact(*v), grid: true },
        )?;
        let width = 0.84 / self.series.len() as f64;
        for (s, ((_, colour, _), counts)) in self.series.iter().zip(&counts).enumerate() {
            let left = |b: usize| b as f64 - 0.42 + width * s as f64;
            chart.draw_series(counts.iter().enumerate().map(|(b, &n)| {
                Rectangle::new([(left(b), 0.0), (left(b) + width, n as f64)], colour.filled())
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
        let v = VillageShares { shares: vec![0.0, 0.05, 0.1, 0.999, 1.0], empty: 2 };
        let h = histogram(&v);
        assert_eq!(h[0], 2);
        assert_eq!(h[1], 1);
        assert_eq!(h[9], 2);
        assert_eq!(h[10], 2);
    }
}
