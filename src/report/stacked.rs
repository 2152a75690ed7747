//! Care hours by source over time for one scenario: the sources stacked in the order care is
//! sought (spouse first, institution last) with unmet hours on top and hours needed as a line.

use std::collections::BTreeMap;

use anyhow::Result;
use plotters::element::DashedPathElement;
use plotters::prelude::*;

use super::data::{Estimate, Output};
use super::format::{compact, replications, simulated};
use super::frame::{Area, Axis, Canvas, Chart, Frame, LegendEntry, Mark, band, largest, plot};

const PREFIX: &str = "care_hours_";
/// Sources in the order MODEL.md 7.7 asks them, unmet on top. Other columns
/// that share the prefix are not hours received (needed, received, the paid
/// care demanded) and stay out of the stack.
const ORDER: [&str; 7] = [
    "spouse",
    "children",
    "mutual_aid",
    "village_facility",
    "township",
    "paid",
    "institution",
];
const UNMET: &str = "unmet";
const UNMET_COLOUR: RGBColor = RGBColor(200, 30, 45);
const NEEDED_COLOUR: RGBColor = RGBColor(30, 30, 30);
const SOURCE_COLOURS: [RGBColor; 8] = [
    RGBColor(141, 160, 203),
    RGBColor(102, 194, 165),
    RGBColor(166, 216, 84),
    RGBColor(255, 217, 47),
    RGBColor(229, 196, 148),
    RGBColor(231, 138, 195),
    RGBColor(179, 179, 179),
    RGBColor(252, 141, 98),
];

/// The stacked care-hours chart of one scenario.
pub struct CareSources<'a> {
    out: &'a Output,
    scenario: &'a str,
    /// The scenario's part of the file name, unique among the charts.
    file: String,
    /// Source names without the prefix, bottom of the stack first.
    sources: &'a [String],
    /// Each source's layer, as `sources`.
    layers: Vec<Layer>,
    /// Top of the value axis, shared by every scenario so the charts compare at a glance.
    top: f64,
}

impl CareSources<'_> {
    /// One chart per scenario when `summary.csv` has care-hour sources; none otherwise.
    pub fn all<'a>(out: &'a Output, sources: &'a [String]) -> Vec<CareSources<'a>> {
        if sources.is_empty() {
            return Vec::new();
        }
        let files = file_names(out.scenarios.iter().map(|s| s.name.as_str()));
        let mut charts: Vec<CareSources> = out
            .scenarios
            .iter()
            .zip(files)
            .map(|(s, file)| CareSources {
                out,
                scenario: &s.name,
                file,
                sources,
                layers: layers(out, &s.name, sources),
                top: 0.0,
            })
            .collect();
        let top = largest(charts.iter().flat_map(|chart| {
            let stack = chart
                .layers
                .iter()
                .flat_map(|(_, upper)| upper)
                .map(|p| p.1);
            let needed = chart.needed().iter().map(|e| e.centre);
            stack.chain(needed).collect::<Vec<_>>()
        }));
        for chart in &mut charts {
            chart.top = top;
        }
        charts
    }

    /// The scenario's hours needed per year (empty when not reported).
    fn needed(&self) -> &[Estimate] {
        self.out
            .summary
            .series(self.scenario, &format!("{PREFIX}needed"))
    }

    /// The care-hour sources present in `summary.csv`, in stacking order.
    pub fn sources(out: &Output) -> Vec<String> {
        let present = out.summary.indicators();
        ORDER
            .iter()
            .chain([&UNMET])
            .filter(|s| present.contains(format!("{PREFIX}{s}").as_str()))
            .map(|s| s.to_string())
            .collect()
    }

    fn colour(&self, index: usize) -> RGBColor {
        if self.sources[index] == UNMET {
            UNMET_COLOUR
        } else {
            SOURCE_COLOURS[index % SOURCE_COLOURS.len()]
        }
    }
}

/// Each source's layer as (base, top) lines over the years, bottom layer first.
type Layer = (Vec<(f64, f64)>, Vec<(f64, f64)>);

fn layers(out: &Output, scenario: &str, sources: &[String]) -> Vec<Layer> {
    let mut level: BTreeMap<i32, f64> = BTreeMap::new();
    sources
        .iter()
        .map(|source| {
            let mut layer: Layer = (Vec::new(), Vec::new());
            for e in out.summary.series(scenario, &format!("{PREFIX}{source}")) {
                let height = level.entry(e.year).or_default();
                layer.0.push((f64::from(e.year), *height));
                *height += finite_or_zero(e.centre);
                layer.1.push((f64::from(e.year), *height));
            }
            layer
        })
        .collect()
}

fn finite_or_zero(v: f64) -> f64 {
    if v.is_finite() { v } else { 0.0 }
}

/// Readable label of a source name: `village_facility` → `Village facility`.
fn label(source: &str) -> String {
    let text = source.replace('_', " ");
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// Longest scenario part of a chart's file name, in characters: a sweep's
/// variant names can be as long as the values they set.
const FILE_NAME_MAX: usize = 60;

/// A scenario name made safe for a file name (ASCII letters, digits, `-` and
/// `_`), at most [`FILE_NAME_MAX`] characters: a longer one keeps its start
/// and its end (where a sweep's variants differ), joined by `__`.
fn file_safe(name: &str) -> String {
    let safe: Vec<char> = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if safe.len() <= FILE_NAME_MAX {
        return safe.into_iter().collect();
    }
    let head = (FILE_NAME_MAX - 2) / 2;
    let tail = FILE_NAME_MAX - 2 - head;
    let mut short: String = safe[..head].iter().collect();
    short.push_str("__");
    short.extend(&safe[safe.len() - tail..]);
    short
}

/// Each scenario's part of its chart's file name, in order: its safe name,
/// followed by `_2`, `_3`, … where an earlier scenario's already took it, so
/// that names differing only in characters a file name cannot hold (or beyond
/// its length) do not overwrite one another's charts.
fn file_names<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut taken = std::collections::BTreeSet::new();
    names
        .map(|name| {
            let safe = file_safe(name);
            let file = (1..)
                .map(|k| {
                    if k == 1 {
                        safe.clone()
                    } else {
                        format!("{safe}_{k}")
                    }
                })
                .find(|f| !taken.contains(f))
                .expect("a free name");
            taken.insert(file.clone());
            file
        })
        .collect()
}

impl Chart for CareSources<'_> {
    fn stem(&self) -> String {
        format!("care_hours_by_source_{}", self.file)
    }

    fn caption(&self) -> String {
        format!(
            "Care hours by source, {}: hours received from each source, stacked in the order care is sought, with unmet hours on top; the dashed line is hours needed. Mean of {}. {}",
            self.scenario,
            replications(self.out.manifest.run.replications),
            simulated(&self.out.manifest.run)
        )
    }

    fn size(&self) -> (u32, u32) {
        (960, 540)
    }

    fn draw<DB: Canvas>(&self, root: &Area<DB>) -> Result<()> {
        let needed = self.needed();
        let mut legend: Vec<LegendEntry> = Vec::new();
        if !needed.is_empty() {
            legend.push(LegendEntry {
                label: "Hours needed".into(),
                colour: NEEDED_COLOUR,
                mark: Mark::Dashed,
            });
        }
        for (i, source) in self.sources.iter().enumerate().rev() {
            legend.push(LegendEntry {
                label: label(source),
                colour: self.colour(i),
                mark: Mark::Patch,
            });
        }
        let frame = Frame {
            title: format!("Care hours by source: {}", self.scenario),
            legend,
            notes: vec![
                format!(
                    "Mean of {}. Stacked from the first source asked (bottom) to unmet need (top).",
                    replications(self.out.manifest.run.replications)
                ),
                simulated(&self.out.manifest.run),
            ],
        };
        let area = frame.draw(root)?;
        let mut chart = plot(
            &area,
            Axis::years(self.out.years.first, self.out.years.last),
            Axis {
                range: 0.0..self.top * 1.05,
                title: "care hours per year, population simulated",
                ticks: 8,
                format: &|v| compact(*v),
                grid: true,
            },
        )?;
        for (i, (base, upper)) in self.layers.iter().enumerate() {
            chart.draw_series(std::iter::once(band(base, upper, self.colour(i).filled())))?;
        }
        let line: Vec<(f64, f64)> = needed
            .iter()
            .filter(|e| e.centre.is_finite())
            .map(|e| (f64::from(e.year), e.centre))
            .collect();
        chart.draw_series(std::iter::once(DashedPathElement::new(
            line,
            8,
            5,
            NEEDED_COLOUR.stroke_width(2),
        )))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_stack_in_the_order_care_is_sought_with_unmet_on_top() {
        let dir = tempfile::tempdir().unwrap();
        crate::report::fixture::write(dir.path());
        let out = Output::load(dir.path()).unwrap();
        let expected = [
            "spouse",
            "children",
            "mutual_aid",
            "village_facility",
            "township",
            "paid",
            "institution",
            "unmet",
        ];
        assert_eq!(CareSources::sources(&out), expected);
    }

    #[test]
    fn labels_and_file_names_are_tidy() {
        assert_eq!(label("village_facility"), "Village facility");
        assert_eq!(file_safe("mutual aid/2"), "mutual_aid_2");
        let long = format!("population.resident_age_shares={}=0.2", "x".repeat(300));
        let short = file_safe(&long);
        assert_eq!(short.len(), FILE_NAME_MAX);
        assert!(
            short.starts_with("population_resident") && short.ends_with("xx_0_2"),
            "{short}"
        );
    }

    #[test]
    fn scenarios_whose_safe_names_meet_get_files_of_their_own() {
        let names = ["a,b", "a_b", "a b", "a_b_2", "c"];
        assert_eq!(
            file_names(names.into_iter()),
            ["a_b", "a_b_2", "a_b_3", "a_b_2_2", "c"]
        );
    }
}
