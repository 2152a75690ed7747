//! Teaching animations of one run (the classroom scenario), drawn like the charts from the
//! output folder's files only: `pyramid.gif`, the population pyramid year by year (resident
//! bars inside registered outlines, so the gap left by people living away shows), and
//! `villages.gif`, one square per village coloured by its share aged 60+ and sized by its
//! residents, so a class watches villages age and empty.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::account::Account;
use super::data::{Output, VillageSize, read_pyramids, read_village_sizes};
use super::format::{grouped, percent, ten_point_band};
use super::frame::{Area, Canvas, Chart, Frame, LegendEntry, Mark, text};
use super::pyramid::PyramidChart;
use super::raster::Raster;

/// How long each year stays on screen, milliseconds.
const FRAME_MS: u16 = 500;
/// How long the last year stays on screen before the animation starts again, milliseconds:
/// long enough to read where the run ends.
const LAST_FRAME_MS: u16 = 3000;

/// Writes `pyramid.gif` and `villages.gif` into `dir` from its CSV files (the reference
/// scenario, every year) and returns the year-by-year account to print.
pub fn animate(dir: &Path) -> Result<Account> {
    super::font::register()?;
    let out = Output::load(dir)?;
    let years = out.summary.years();
    let pyramids = read_pyramids(dir, &out.reference, &years)?;
    if pyramids.is_empty() {
        bail!("pyramids.csv has no rows for '{}'", out.reference);
    }
    save_gif(
        &PyramidChart::on_common_scale(&pyramids, &out.reference, &out.manifest.run),
        &dir.join("pyramid.gif"),
    )?;
    let villages = read_village_sizes(dir, &years)?;
    let grid = VillageGrid::frames(&out.reference, &villages);
    if grid.is_empty() {
        bail!("villages.csv has no rows for '{}'", out.reference);
    }
    save_gif(&grid, &dir.join("villages.gif"))?;
    Ok(Account::of(&out))
}

/// Draws `frames` in order into a looping GIF at `path`, each shown for [`FRAME_MS`] but
/// the last, held for [`LAST_FRAME_MS`].
fn save_gif<C: Chart>(frames: &[C], path: &Path) -> Result<()> {
    let Some(first) = frames.first() else {
        bail!("{}: no frames to draw", path.display());
    };
    let (width, height) = first.size();
    let file = std::io::BufWriter::new(
        std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
    );
    let writing = || format!("writing {}", path.display());
    let mut encoder =
        gif::Encoder::new(file, width as u16, height as u16, &[]).with_context(writing)?;
    encoder
        .set_repeat(gif::Repeat::Infinite)
        .with_context(writing)?;
    let mut pixels = vec![0; width as usize * height as usize * 3];
    for (i, frame) in frames.iter().enumerate() {
        {
            let root = Raster::buffer(&mut pixels, (width, height))?.into_drawing_area();
            frame
                .draw(&root)
                .and_then(|()| Ok(root.present()?))
                .with_context(|| format!("drawing {} ({})", path.display(), frame.stem()))?;
        }
        let mut image = gif::Frame::from_rgb_speed(width as u16, height as u16, &pixels, 10);
        let shown = if i + 1 == frames.len() {
            LAST_FRAME_MS
        } else {
            FRAME_MS
        };
        // GIF delays count hundredths of a second.
        image.delay = shown / 10;
        encoder.write_frame(&image).with_context(writing)?;
    }
    // The trailer, then what the buffer holds: a failure to write either is reported.
    encoder
        .into_inner()
        .and_then(|mut file| file.flush())
        .with_context(writing)
}

/// Classes of the share of residents aged 60+: upper bound and colour (ColorBrewer YlOrRd);
/// the bounds name the classes, a share falls in one by [`ten_point_band`].
const CLASSES: [(f64, RGBColor); 8] = [
    (0.2, RGBColor(255, 255, 204)),
    (0.3, RGBColor(255, 237, 160)),
    (0.4, RGBColor(254, 217, 118)),
    (0.5, RGBColor(254, 178, 76)),
    (0.6, RGBColor(253, 141, 60)),
    (0.7, RGBColor(252, 78, 42)),
    (0.8, RGBColor(227, 26, 28)),
    (f64::INFINITY, RGBColor(177, 0, 38)),
];
/// The room of a village at the largest size any village reaches.
const ROOM: RGBColor = RGBColor(240, 240, 240);
/// The village's size in the first year.
const START: RGBColor = RGBColor(60, 60, 60);
/// Cells at least this wide, pixels, carry the village's name and figures.
const LABELLED_CELL: i32 = 110;
const LABEL_LINE: i32 = 18;

/// A village's share aged 60+ as the grid shows it, to the whole percent: its label and its
/// colour's class both read this value, so a village labelled 30% is never coloured 20–30%.
fn shown(share: f64) -> f64 {
    (share * 100.0).round() / 100.0
}

/// The colour of a share aged 60+: the class of its ten-point band, as `hollowing.png`
/// counts it (under 20 % holds the first two bands, 80 % or more the last two).
fn class_colour(share: f64) -> RGBColor {
    let class = ten_point_band(share)
        .saturating_sub(1)
        .min(CLASSES.len() - 1);
    CLASSES[class].1
}

/// The key's label of class `i`: `under 20%`, `20–30%`, …, `80% or more`.
fn class_label(i: usize) -> String {
    let bound = |j: usize| format!("{:.0}", CLASSES[j].0 * 100.0);
    match i {
        0 => format!("under {}%", bound(0)),
        i if i + 1 == CLASSES.len() => format!("{}% or more", bound(i - 1)),
        i => format!("{}–{}%", bound(i - 1), bound(i)),
    }
}

/// Columns and rows that make the largest square cells for `n` villages in `width × height`.
fn grid_shape(n: usize, width: u32, height: u32) -> (usize, usize) {
    let n = n.max(1);
    (1..=n)
        .map(|cols| (cols, n.div_ceil(cols)))
        .max_by_key(|&(cols, rows)| (width / cols as u32).min(height / rows as u32))
        .unwrap_or((1, 1))
}

/// One year of the village grid.
struct VillageGrid<'a> {
    scenario: &'a str,
    year: i32,
    first_year: i32,
    /// The villages in the first year, in grid order: their sizes then are the outlines.
    start: &'a [VillageSize],
    /// This year's row of each village in `start` (none if the file has no row for it).
    now: Vec<Option<&'a VillageSize>>,
    /// Most residents of any village in any year: the size of a full room.
    largest: f64,
}

impl<'a> VillageGrid<'a> {
    /// One frame per year that `villages` has rows for `scenario`, years ascending.
    fn frames(
        scenario: &'a str,
        villages: &'a BTreeMap<(String, i32), Vec<VillageSize>>,
    ) -> Vec<VillageGrid<'a>> {
        let years: Vec<(i32, &[VillageSize])> = villages
            .iter()
            .filter(|((s, _), _)| s == scenario)
            .map(|((_, year), rows)| (*year, rows.as_slice()))
            .collect();
        let Some(&(first_year, start)) = years.first() else {
            return Vec::new();
        };
        let largest = years
            .iter()
            .flat_map(|(_, rows)| rows.iter().map(|v| v.resident))
            .fold(1.0, f64::max);
        years
            .iter()
            .map(|&(year, rows)| VillageGrid {
                scenario,
                year,
                first_year,
                start,
                now: start
                    .iter()
                    .map(|v| rows.iter().find(|r| r.village == v.village))
                    .collect(),
                largest,
            })
            .collect()
    }

    fn frame(&self) -> Frame {
        let residents: f64 = self.now.iter().flatten().map(|v| v.resident).sum();
        let elders: f64 = self.now.iter().flatten().map(|v| v.elders).sum();
        let share = if residents > 0.0 {
            percent(elders / residents, 0)
        } else {
            "n/a".into()
        };
        let mut legend: Vec<LegendEntry> = CLASSES
            .iter()
            .enumerate()
            .map(|(i, (_, colour))| LegendEntry {
                label: class_label(i),
                colour: *colour,
                mark: Mark::Patch,
            })
            .collect();
        legend.push(LegendEntry {
            label: format!("size in {}", self.first_year),
            colour: START,
            mark: Mark::Outline,
        });
        Frame {
            title: format!(
                "Villages in {}: {} residents, {share} aged 60+",
                self.year,
                grouped(residents, 0)
            ),
            legend,
            notes: vec![
                "Each square is a village, numbered as in villages.csv: colour = share of its residents aged 60+ to the whole percent (key, right), area = residents.".into(),
                format!(
                    "Outline: its residents in {}; grey room: the largest village. {}, replication 0.",
                    self.first_year, self.scenario
                ),
            ],
        }
    }
}

impl Chart for VillageGrid<'_> {
    fn stem(&self) -> String {
        format!("villages_{}", self.year)
    }

    fn caption(&self) -> String {
        format!(
            "The villages of {} in {}, each a square coloured by its share of residents aged 60+ and sized by its residents, outlined at its {} size.",
            self.scenario, self.year, self.first_year
        )
    }

    fn size(&self) -> (u32, u32) {
        (960, 640)
    }

    fn draw<DB: Canvas>(&self, root: &Area<DB>) -> Result<()> {
        let area = self.frame().draw(root)?;
        let (width, height) = area.dim_in_pixel();
        let (cols, rows) = grid_shape(self.start.len(), width, height);
        let cell = (width / cols as u32).min(height / rows as u32) as i32;
        let labels = if cell >= LABELLED_CELL {
            2 * LABEL_LINE + 4
        } else {
            0
        };
        let pad = (cell / 14).max(1);
        let room = (cell - 2 * pad - labels).max(1);
        let left = (width as i32 - cols as i32 * cell) / 2;
        let top = (height as i32 - rows as i32 * cell) / 2;
        let side = |residents: f64| {
            (f64::from(room) * (residents / self.largest).clamp(0.0, 1.0).sqrt()).round() as i32
        };
        let label = text(14.0).pos(Pos::new(HPos::Center, VPos::Top));
        for (i, (start, now)) in self.start.iter().zip(&self.now).enumerate() {
            let x = left + (i % cols) as i32 * cell + cell / 2;
            let y = top + (i / cols) as i32 * cell + pad + room / 2;
            let square = |s: i32| [(x - s / 2, y - s / 2), (x - s / 2 + s, y - s / 2 + s)];
            area.draw(&Rectangle::new(square(room), ROOM.filled()))?;
            let share = now.and_then(VillageSize::share_60plus).map(shown);
            if let (Some(v), Some(share)) = (now, share) {
                area.draw(&Rectangle::new(
                    square(side(v.resident)),
                    class_colour(share).filled(),
                ))?;
            }
            area.draw(&Rectangle::new(
                square(side(start.resident)),
                START.stroke_width(1),
            ))?;
            if labels > 0 {
                let figures = match (now, share) {
                    (Some(v), Some(share)) => {
                        format!("{} · {}", grouped(v.resident, 0), percent(share, 0))
                    }
                    _ => "no residents".into(),
                };
                let below = y + room / 2 + 4;
                area.draw_text(&format!("Village {}", start.village), &label, (x, below))?;
                area.draw_text(&figures, &label, (x, below + LABEL_LINE))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_fall_into_classes_with_readable_labels() {
        assert_eq!(class_colour(0.1), CLASSES[0].1);
        assert_eq!(class_colour(0.2), CLASSES[1].1);
        assert_eq!(class_colour(0.95), CLASSES[7].1);
        let labels: Vec<String> = (0..CLASSES.len()).map(class_label).collect();
        assert_eq!(labels[0], "under 20%");
        assert_eq!(labels[1], "20–30%");
        assert_eq!(labels[7], "80% or more");
    }

    #[test]
    fn a_village_is_coloured_in_the_class_its_label_reads() {
        // 29.93 % is labelled 30%: it is coloured 30–40%, not 20–30%.
        let share = shown(0.2993);
        assert_eq!(percent(share, 0), "30%");
        assert_eq!(class_colour(share), CLASSES[2].1);
        assert_eq!(class_colour(shown(0.2949)), CLASSES[1].1);
    }

    #[test]
    fn a_share_is_coloured_by_the_band_hollowing_counts_it_in() {
        // One rule for both: 29.9 % is in 30–40 % whether rounded first or not.
        assert_eq!(class_colour(0.299), CLASSES[2].1);
        // Each class of the gif's key holds the ten-point bands of the
        // hollowing chart it names: under 20 % the first two, 80 % or more the last two.
        for k in 0..=1000 {
            let share = f64::from(k) / 1000.0;
            let counts = super::super::hollowing::histogram(&super::super::data::VillageShares {
                shares: vec![share],
                empty: 0,
            });
            let band = counts.iter().position(|&n| n == 1).expect("one band");
            let class = CLASSES
                .iter()
                .position(|&(bound, _)| (band as f64 + 0.5) / 10.0 < bound)
                .unwrap_or(CLASSES.len() - 1);
            assert_eq!(
                class_colour(share),
                CLASSES[class].1,
                "{share} in band {band}"
            );
            assert_eq!(class_colour(shown(share)), class_colour(share), "{share}");
        }
    }

    #[test]
    fn the_grid_fills_the_area_with_the_largest_cells() {
        assert_eq!(grid_shape(12, 780, 540), (4, 3));
        assert_eq!(grid_shape(1, 780, 540), (1, 1));
        assert_eq!(grid_shape(0, 780, 540), (1, 1));
        let (cols, rows) = grid_shape(930, 780, 540);
        assert!(cols * rows >= 930);
    }

    #[test]
    fn frames_follow_each_first_year_village_through_the_years() {
        let size = |village: &str, resident: f64| VillageSize {
            village: village.into(),
            registered: 100.0,
            resident,
            elders: resident / 2.0,
        };
        let mut villages = BTreeMap::new();
        villages.insert(
            ("a".to_string(), 2021),
            vec![size("2", 0.0), size("1", 60.0)],
        );
        villages.insert(
            ("a".to_string(), 2020),
            vec![size("1", 80.0), size("2", 90.0)],
        );
        villages.insert(("b".to_string(), 2020), vec![size("1", 500.0)]);
        let frames = VillageGrid::frames("a", &villages);
        assert_eq!(frames.len(), 2);
        assert_eq!((frames[0].year, frames[1].year), (2020, 2021));
        assert_eq!(frames[1].first_year, 2020);
        assert_eq!(frames[1].now[0].unwrap().resident, 60.0);
        assert_eq!(frames[1].now[1].unwrap().share_60plus(), None);
        assert_eq!(frames[0].largest, 90.0);
        assert!(VillageGrid::frames("c", &villages).is_empty());
    }

    #[test]
    fn animate_writes_both_gifs_from_an_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        super::super::fixture::write(dir.path());
        let account = animate(dir.path()).unwrap();
        assert!(account.to_string().contains("2030"));
        for gif in ["pyramid.gif", "villages.gif"] {
            let bytes = std::fs::read(dir.path().join(gif)).unwrap();
            assert!(bytes.starts_with(b"GIF89a"), "{gif}");
        }
    }
}
