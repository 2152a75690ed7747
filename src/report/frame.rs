//! The frame every chart shares: drawing once for both SVG and PNG, the title, the legend
//! column, the note line, the axes, the scenario colours and the filled bands.

use std::ops::Range;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use plotters::coord::Shift;
use plotters::coord::ranged1d::Ranged;
use plotters::coord::types::RangedCoordf64;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::font::FAMILY;
use super::format::year;
use super::raster::Raster;

/// A plotters backend whose errors can travel in `anyhow` (the SVG and bitmap ones can).
pub trait Canvas: DrawingBackend<ErrorType: 'static> {}
impl<T: DrawingBackend<ErrorType: 'static>> Canvas for T {}

/// A whole image, or a part of one, in pixel coordinates.
pub type Area<DB> = DrawingArea<DB, Shift>;
/// A plot with numeric axes (categories sit at 0, 1, 2, …).
pub type Plot<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// A chart that draws itself on any backend, so its SVG and PNG come from the same code.
pub trait Chart {
    /// File name without extension in `charts/`; stable across runs.
    fn stem(&self) -> String;
    /// One or two sentences for the report telling what the chart shows.
    fn caption(&self) -> String;
    /// Width and height in pixels (the PNG's size and the SVG's view box).
    fn size(&self) -> (u32, u32);
    fn draw<DB: Canvas>(&self, root: &Area<DB>) -> Result<()>;
}

/// A chart written to `charts/`, with its SVG text kept for inlining in the report.
pub struct Saved {
    pub stem: String,
    pub caption: String,
    pub svg: String,
    pub svg_path: PathBuf,
    pub png_path: PathBuf,
}

/// Saves every chart with [`save`], in order.
pub fn save_all<C: Chart>(
    charts: impl IntoIterator<Item = C>,
    charts_dir: &Path,
) -> Result<Vec<Saved>> {
    charts
        .into_iter()
        .map(|chart| save(&chart, charts_dir))
        .collect()
}

/// Draws `chart` twice, as `<stem>.svg` and `<stem>.png` in `charts_dir`.
fn save(chart: &impl Chart, charts_dir: &Path) -> Result<Saved> {
    let stem = chart.stem();
    let size = chart.size();
    let svg_path = charts_dir.join(format!("{stem}.svg"));
    let png_path = charts_dir.join(format!("{stem}.png"));
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        chart.draw(&root).and_then(|()| Ok(root.present()?))
    }
    .with_context(|| format!("drawing charts/{stem}.svg"))?;
    std::fs::write(&svg_path, &svg).with_context(|| format!("writing {}", svg_path.display()))?;
    {
        let root = Raster::new(&png_path, size)?.into_drawing_area();
        chart.draw(&root).and_then(|()| Ok(root.present()?))
    }
    .with_context(|| format!("drawing charts/{stem}.png"))?;
    Ok(Saved {
        stem,
        caption: chart.caption(),
        svg,
        svg_path,
        png_path,
    })
}

/// Text in the bundled font.
pub fn text(size: f64) -> TextStyle<'static> {
    (FAMILY, size).into_font().color(&RGBColor(40, 40, 40))
}

/// Bold text in the bundled font.
pub fn bold(size: f64) -> TextStyle<'static> {
    (FAMILY, size, FontStyle::Bold)
        .into_font()
        .color(&RGBColor(20, 20, 20))
}

/// Colour-blind-friendly palette (Tableau 10), yellow last; scenario `i` gets colour `i`.
const PALETTE: [RGBColor; 10] = [
    RGBColor(78, 121, 167),
    RGBColor(242, 142, 43),
    RGBColor(89, 161, 79),
    RGBColor(225, 87, 89),
    RGBColor(176, 122, 161),
    RGBColor(118, 183, 178),
    RGBColor(156, 117, 95),
    RGBColor(255, 157, 167),
    RGBColor(186, 176, 172),
    RGBColor(237, 201, 72),
];

/// The colour of the scenario at `index` in the report's scenario list.
pub fn scenario_colour(index: usize) -> RGBColor {
    PALETTE[index % PALETTE.len()]
}

/// How a legend entry is marked.
#[derive(Clone, Copy)]
pub enum Mark {
    /// A line over a pale band: a mean with its p05–p95 interval.
    LineBand,
    Dashed,
    /// A filled box (bars, stacked areas).
    Patch,
    /// An unfilled box (registered-population outlines).
    Outline,
    /// A dot on a line: a point estimate with its interval.
    Dot,
}

/// One legend row.
pub struct LegendEntry {
    pub label: String,
    pub colour: RGBColor,
    pub mark: Mark,
}

/// Title on top, legend column on the right, note lines at the bottom.
pub struct Frame {
    pub title: String,
    pub legend: Vec<LegendEntry>,
    /// Lines printed under the plot (how to read it, what was left out).
    pub notes: Vec<String>,
}

const TITLE_HEIGHT: i32 = 46;
const NOTE_LINE: i32 = 20;
const LEGEND_ROW: i32 = 26;
const SWATCH: i32 = 28;

impl Frame {
    /// Paints the background, title, legend and notes; returns the area left for the plot.
    pub fn draw<DB: Canvas>(&self, root: &Area<DB>) -> Result<Area<DB>> {
        root.fill(&WHITE)?;
        root.draw_text(&self.title, &bold(20.0), (16, 14))?;
        let (_, body) = root.split_vertically(TITLE_HEIGHT);
        let (width, height) = body.dim_in_pixel();
        let notes_height =
            NOTE_LINE * self.notes.len() as i32 + 12 * i32::from(!self.notes.is_empty());
        let (body, foot) = body.split_vertically(height as i32 - notes_height);
        for (i, note) in self.notes.iter().enumerate() {
            foot.draw_text(
                note,
                &text(13.0).color(&RGBColor(90, 90, 90)),
                (16, 6 + NOTE_LINE * i as i32),
            )?;
        }
        if self.legend.is_empty() {
            return Ok(body);
        }
        let style = text(14.0).pos(Pos::new(HPos::Left, VPos::Center));
        let mut label_width = 0;
        for entry in &self.legend {
            label_width = label_width.max(root.estimate_text_size(&entry.label, &style)?.0 as i32);
        }
        let legend_width = SWATCH + label_width + 36;
        let (plot, legend) = body.split_horizontally(width as i32 - legend_width);
        for (i, entry) in self.legend.iter().enumerate() {
            let y = 20 + LEGEND_ROW * i as i32;
            draw_swatch(&legend, entry, (4, y))?;
            legend.draw_text(&entry.label, &style, (SWATCH + 12, y))?;
        }
        Ok(plot)
    }
}

/// Draws a legend mark with its left middle at `(x, y)`.
fn draw_swatch<DB: Canvas>(area: &Area<DB>, entry: &LegendEntry, (x, y): (i32, i32)) -> Result<()> {
    let colour = entry.colour;
    let line = [(x, y), (x + SWATCH, y)];
    let patch = Rectangle::new([(x, y - 7), (x + SWATCH, y + 7)], colour.filled());
    match entry.mark {
        Mark::LineBand => {
            area.draw(&Rectangle::new(
                [(x, y - 7), (x + SWATCH, y + 7)],
                colour.mix(0.2).filled(),
            ))?;
            area.draw(&PathElement::new(line, colour.stroke_width(3)))?;
        }
        Mark::Dashed => area.draw(&DashedPathElement::new(line, 6, 4, colour.stroke_width(2)))?,
        Mark::Patch => area.draw(&patch)?,
        Mark::Outline => area.draw(&Rectangle::new(
            [(x, y - 7), (x + SWATCH, y + 7)],
            colour.stroke_width(2),
        ))?,
        Mark::Dot => {
            area.draw(&PathElement::new(line, colour.stroke_width(2)))?;
            area.draw(&Circle::new((x + SWATCH / 2, y), 6, colour.filled()))?;
        }
    }
    Ok(())
}

/// Rows of a grid of `panels` panels in `columns` columns.
pub fn grid_rows(panels: usize, columns: usize) -> usize {
    panels.div_ceil(columns)
}

/// Draws `panels` into a grid of `columns` columns filling `area`, row by row.
pub fn draw_grid<DB: Canvas, P>(
    area: &Area<DB>,
    panels: &[P],
    columns: usize,
    draw: impl Fn(&P, &Area<DB>) -> Result<()>,
) -> Result<()> {
    let cells = area.split_evenly((grid_rows(panels.len(), columns), columns));
    for (panel, cell) in panels.iter().zip(cells) {
        draw(panel, &cell)?;
    }
    Ok(())
}

/// One axis of a plot: its range, title, how many ticks at most and how to label them.
pub struct Axis<'a> {
    pub range: Range<f64>,
    pub title: &'a str,
    pub ticks: usize,
    pub format: &'a dyn Fn(&f64) -> String,
    /// Grid lines at the ticks (off for category axes).
    pub grid: bool,
}

impl<'a> Axis<'a> {
    /// The time axis from the first to the last year of the run.
    pub fn years(first: i32, last: i32) -> Axis<'static> {
        let (first, last) = (f64::from(first), f64::from(last));
        Axis {
            range: first..last.max(first + 1.0),
            title: "Year",
            ticks: 8,
            format: &year,
            grid: true,
        }
    }

    /// An axis with one tick per category, the categories sitting at 0, 1, …, `n - 1`.
    pub fn categories(n: usize, title: &'a str, format: &'a dyn Fn(&f64) -> String) -> Axis<'a> {
        Axis {
            range: -0.5..n as f64 - 0.5,
            title,
            ticks: n,
            format,
            grid: false,
        }
    }
}

/// The name of the category at tick `v` (ticks fall on whole numbers).
pub fn category(names: &[String], v: f64) -> String {
    let i = v.round();
    if (v - i).abs() > 1e-6 || i < 0.0 {
        return String::new();
    }
    names.get(i as usize).cloned().unwrap_or_default()
}

/// Pads a data range by 5% each side, starting at zero when the data are all positive and
/// the lowest value is small next to the highest (counts read better from zero).
pub fn padded(low: f64, high: f64) -> Range<f64> {
    let (low, high) = if low.is_finite() && high.is_finite() {
        (low, high)
    } else {
        (0.0, 1.0)
    };
    let low = if low >= 0.0 && low < 0.2 * high {
        0.0
    } else {
        low
    };
    let span = if high > low {
        high - low
    } else {
        high.abs().max(1.0)
    };
    let bottom = if low == 0.0 { 0.0 } else { low - 0.05 * span };
    bottom..high + 0.05 * span
}

/// The largest finite value, or 1 when there is none: the top of a value axis from zero.
pub fn largest(values: impl IntoIterator<Item = f64>) -> f64 {
    values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(1.0, f64::max)
}

/// Builds a plot with labelled, titled axes and a light grid in `area`.
pub fn plot<'a, DB: Canvas>(area: &'a Area<DB>, x: Axis, y: Axis) -> Result<Plot<'a, DB>> {
    let labels = text(14.0);
    let mut y_label_width = 0;
    for v in RangedCoordf64::from(y.range.clone()).key_points(y.ticks) {
        y_label_width = y_label_width.max(area.estimate_text_size(&(y.format)(&v), &labels)?.0);
    }
    let title_room = |title: &str| if title.is_empty() { 0 } else { 22 };
    let mut chart = ChartBuilder::on(area)
        .margin_top(8)
        .margin_right(20)
        .margin_left(8)
        .margin_bottom(4)
        .x_label_area_size(26 + title_room(x.title))
        .y_label_area_size(y_label_width + 14 + title_room(y.title))
        .build_cartesian_2d(x.range, y.range)?;
    let grid = RGBColor(225, 225, 225);
    let mut mesh = chart.configure_mesh();
    mesh.x_labels(x.ticks)
        .y_labels(y.ticks)
        .x_label_formatter(x.format)
        .y_label_formatter(y.format)
        .x_desc(x.title)
        .y_desc(y.title)
        .label_style(labels)
        .axis_desc_style(text(14.0))
        .max_light_lines(0)
        .bold_line_style(grid.stroke_width(1))
        .axis_style(RGBColor(120, 120, 120).stroke_width(1));
    if !x.grid {
        mesh.disable_x_mesh();
    }
    if !y.grid {
        mesh.disable_y_mesh();
    }
    mesh.draw()?;
    Ok(chart)
}

/// The region between a lower and an upper line (an uncertainty band or a stacked layer).
pub fn band(lower: &[(f64, f64)], upper: &[(f64, f64)], style: ShapeStyle) -> Polygon<(f64, f64)> {
    let outline: Vec<(f64, f64)> = lower.iter().chain(upper.iter().rev()).copied().collect();
    Polygon::new(outline, style)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_get_whole_number_ticks() {
        let names: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        let axis_ticks = RangedCoordf64::from(-0.5..2.5).key_points(3);
        let labels: Vec<String> = axis_ticks.iter().map(|v| category(&names, *v)).collect();
        assert_eq!(labels, names);
        assert_eq!(category(&names, 0.5), "");
        for n in 1..=25 {
            let ticks = RangedCoordf64::from(-0.5..n as f64 - 0.5).key_points(n);
            assert_eq!(ticks.len(), n, "{n} categories");
        }
    }

    #[test]
    fn padded_ranges_start_counts_at_zero() {
        assert_eq!(padded(10.0, 100.0), 0.0..105.0);
        let r = padded(0.5, 0.6);
        assert!(r.start < 0.5 && r.end > 0.6);
        assert_eq!(padded(f64::NAN, f64::NAN), 0.0..1.05);
        assert!(padded(3.0, 3.0).end > 3.0);
    }
}
