//! Population pyramids of the reference scenario: resident bars inside registered-population
//! outlines, so the gap left by people registered in the village but living away shows.

use anyhow::Result;
use plotters::prelude::*;

use super::data::{Output, Pyramid};
use super::format::{compact, replications, simulated};
use super::frame::{
    Area, Axis, Canvas, Chart, Frame, GREYS, LegendEntry, Mark, category, largest, plot,
};
use super::manifest::Run;

/// The sexes in greys, no scenario's colour (a colour means a scenario in every chart);
/// they are told apart by side too.
const MEN: RGBColor = GREYS[1];
const WOMEN: RGBColor = GREYS[3];
const REGISTERED: RGBColor = RGBColor(50, 50, 50);

/// The pyramid of one year; all years share one horizontal scale so they can be compared.
pub struct PyramidChart<'a> {
    pub pyramid: &'a Pyramid,
    pub scenario: &'a str,
    /// Largest group size over every pyramid drawn (the half-width of the axis).
    pub extent: f64,
    /// The run, whose share of the region the charts state.
    pub run: &'a Run,
}

impl PyramidChart<'_> {
    /// The pyramids of the first, middle and last years, on a common scale.
    pub fn all(out: &Output) -> Vec<PyramidChart<'_>> {
        PyramidChart::on_common_scale(&out.pyramids, &out.reference, &out.manifest.run)
    }

    /// One chart per pyramid, all sharing the horizontal scale of the largest group.
    /// `run` is the run they are of, whose share of the region the charts state.
    pub fn on_common_scale<'a>(
        pyramids: &'a [Pyramid],
        scenario: &'a str,
        run: &'a Run,
    ) -> Vec<PyramidChart<'a>> {
        let groups = pyramids.iter().flat_map(|p| &p.groups);
        let extent = largest(groups.flat_map(|g| {
            [
                g.male_resident,
                g.male_registered,
                g.female_resident,
                g.female_registered,
            ]
        }));
        pyramids
            .iter()
            .map(|pyramid| PyramidChart {
                pyramid,
                scenario,
                extent,
                run,
            })
            .collect()
    }
}

impl Chart for PyramidChart<'_> {
    fn stem(&self) -> String {
        format!("pyramid_{}", self.pyramid.year)
    }

    fn caption(&self) -> String {
        format!(
            "Population pyramid {} for the reference scenario ({}): residents by sex and five-year age group (bars) inside the registered population (outlines); the gap is people registered in the village but living away. Mean of {}. {}",
            self.pyramid.year,
            self.scenario,
            replications(self.pyramid.replications as u64),
            simulated(self.run)
        )
    }

    fn size(&self) -> (u32, u32) {
        (960, 640)
    }

    fn draw<DB: Canvas>(&self, root: &Area<DB>) -> Result<()> {
        let frame = Frame {
            title: format!(
                "Population pyramid {}: {}",
                self.pyramid.year, self.scenario
            ),
            legend: vec![
                LegendEntry {
                    label: "Resident men".into(),
                    colour: MEN,
                    mark: Mark::Patch,
                },
                LegendEntry {
                    label: "Resident women".into(),
                    colour: WOMEN,
                    mark: Mark::Patch,
                },
                LegendEntry {
                    label: "Registered (incl. away)".into(),
                    colour: REGISTERED,
                    mark: Mark::Outline,
                },
            ],
            notes: vec![
                format!(
                    "Men left, women right. Mean of {}; the space between bar and outline is registered people living away.",
                    replications(self.pyramid.replications as u64)
                ),
                simulated(self.run),
            ],
        };
        let area = frame.draw(root)?;
        let groups = &self.pyramid.groups;
        let labels: Vec<String> = groups.iter().map(|g| g.label.clone()).collect();
        let age = |v: &f64| category(&labels, *v);
        let persons = |v: &f64| compact(v.abs());
        let half = self.extent * 1.05;
        let mut chart = plot(
            &area,
            Axis {
                range: -half..half,
                title: "persons simulated (men ← | → women)",
                ticks: 9,
                format: &persons,
                grid: true,
            },
            Axis::categories(groups.len(), "age group", &age),
        )?;
        for (i, g) in groups.iter().enumerate() {
            let (lo, hi) = (i as f64 - 0.42, i as f64 + 0.42);
            chart.draw_series([
                Rectangle::new([(-g.male_resident, lo), (0.0, hi)], MEN.filled()),
                Rectangle::new([(0.0, lo), (g.female_resident, hi)], WOMEN.filled()),
                Rectangle::new(
                    [(-g.male_registered, lo), (0.0, hi)],
                    REGISTERED.stroke_width(1),
                ),
                Rectangle::new(
                    [(0.0, lo), (g.female_registered, hi)],
                    REGISTERED.stroke_width(1),
                ),
            ])?;
        }
        let top = groups.len() as f64 - 0.5;
        chart.draw_series(std::iter::once(PathElement::new(
            [(0.0, -0.5), (0.0, top)],
            REGISTERED.stroke_width(1),
        )))?;
        Ok(())
    }
}
