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

use super::data::Output;
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

/// Colours of the series in turn: Tableau 10 (colour-blind-friendly, yellow last), then ten
/// darker or stronger hues, so a comparison of up to twenty scenarios beside its reference
/// repeats none.
const PALETTE: [RGBColor; 20] = [
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
    RGBColor(31, 56, 120),
    RGBColor(170, 85, 0),
    RGBColor(20, 100, 45),
    RGBColor(150, 20, 40),
    RGBColor(95, 45, 140),
    RGBColor(0, 125, 135),
    RGBColor(128, 128, 0),
    RGBColor(205, 40, 165),
    RGBColor(0, 175, 235),
    RGBColor(105, 70, 40),
];

/// The reference scenario's colour: black, unlike every palette colour.
pub const REFERENCE: RGBColor = RGBColor(20, 20, 20);

/// Colour `i` of the scenario palette, the reference aside: only scenarios are drawn in
/// it (see [`scenario_colour`]).
pub fn palette(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// Neutral greys, dark to light, for what is not a scenario (village types, the sexes of
/// a pyramid): each is apart from black and from every palette colour (the warm grey
/// among them too), so that a colour means one scenario in every chart.
pub const GREYS: [RGBColor; 4] = [
    RGBColor(55, 55, 55),
    RGBColor(100, 100, 100),
    RGBColor(140, 140, 140),
    RGBColor(215, 215, 215),
];

/// The colour of the scenario at `index` in the report's scenario list, the same in every
/// chart: black for the reference, the palette in turn for the others.
pub fn scenario_colour(out: &Output, index: usize) -> RGBColor {
    let Some(at) = out.scenarios.iter().position(|s| s.name == out.reference) else {
        return palette(index);
    };
    match index.cmp(&at) {
        std::cmp::Ordering::Equal => REFERENCE,
        std::cmp::Ordering::Less => palette(index),
        std::cmp::Ordering::Greater => palette(index - 1),
    }
}

/// How a line is stroked: whole, or broken into dashes or dots (series that are not
/// scenarios, drawn in greys, are told apart by it).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Dash {
    Solid,
    Dashed,
    Dotted,
}

impl Dash {
    /// Length of a stroke and of the gap after it, pixels, at a line width of `width`; none
    /// for a whole line.
    pub fn pattern(self, width: u32) -> Option<(u32, u32)> {
        match self {
            Dash::Solid => None,
            Dash::Dashed => Some((4 * width, 2 * width + 2)),
            Dash::Dotted => Some((width, width + 3)),
        }
    }
}

/// Draws the polyline through `points` in `style`, whole or in the dashes of `dash`.
pub fn draw_line<DB: Canvas>(
    chart: &mut Plot<DB>,
    points: Vec<(f64, f64)>,
    style: ShapeStyle,
    dash: Dash,
) -> Result<()> {
    match dash.pattern(style.stroke_width) {
        None => chart.draw_series(LineSeries::new(points, style))?,
        Some((size, gap)) => chart.draw_series(std::iter::once(DashedPathElement::new(
            points, size, gap, style,
        )))?,
    };
    Ok(())
}

/// How a legend entry is marked.
#[derive(Clone, Copy)]
pub enum Mark {
    /// A line, over a pale band when `band` (a mean with its p05–p95 interval).
    Line {
        dash: Dash,
        band: bool,
    },
    Dashed,
    /// A filled box (bars, stacked areas).
    Patch,
    /// An unfilled box (registered-population outlines).
    Outline,
    /// A hollow dot on a line: a point estimate with its interval.
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
/// The widest a legend label may be, as a share of the image's width: longer ones are
/// shortened, so the plot keeps most of the room.
const LEGEND_SHARE: f64 = 0.3;

impl Frame {
    /// Paints the background, title, legend and notes; returns the area left for the plot.
    /// A title or legend label too wide for its room is shortened in the middle, and notes
    /// are wrapped to the image's width.
    pub fn draw<DB: Canvas>(&self, root: &Area<DB>) -> Result<Area<DB>> {
        root.fill(&WHITE)?;
        let (full_width, _) = root.dim_in_pixel();
        let title = fit(
            root,
            &self.title,
            &bold(20.0),
            full_width.saturating_sub(32),
        )?;
        root.draw_text(&title, &bold(20.0), (16, 14))?;
        let (_, body) = root.split_vertically(TITLE_HEIGHT);
        let (width, height) = body.dim_in_pixel();
        let note_style = text(13.0).color(&RGBColor(90, 90, 90));
        let style = text(14.0).pos(Pos::new(HPos::Left, VPos::Center));
        let widest = (f64::from(full_width) * LEGEND_SHARE) as u32;
        let mut labels = Vec::new();
        let mut label_width = 0;
        for entry in &self.legend {
            let label = fit(root, &entry.label, &style, widest)?;
            label_width = label_width.max(root.estimate_text_size(&label, &style)?.0 as i32);
            labels.push(label);
        }
        let legend_width = if labels.is_empty() {
            0
        } else {
            SWATCH + label_width + 36
        };
        let wrapped = |room: u32| -> Result<Vec<String>> {
            let mut notes = Vec::new();
            for note in &self.notes {
                notes.extend(wrap(root, note, &note_style, room.saturating_sub(32))?);
            }
            Ok(notes)
        };
        let mut notes = wrapped(width)?;
        // A legend that reaches down to the notes keeps its column: the notes are
        // wrapped to the room left of it.
        let legend_bottom = 20 + LEGEND_ROW * labels.len() as i32;
        let beside = legend_bottom > height as i32 - notes_height(notes.len());
        let (body, legend) = if beside {
            notes = wrapped(width.saturating_sub(legend_width as u32))?;
            let (left, legend) = body.split_horizontally(width as i32 - legend_width);
            (left, Some(legend))
        } else {
            (body, None)
        };
        let (_, body_height) = body.dim_in_pixel();
        let (body, foot) = body.split_vertically(body_height as i32 - notes_height(notes.len()));
        for (i, note) in notes.iter().enumerate() {
            foot.draw_text(note, &note_style, (16, 6 + NOTE_LINE * i as i32))?;
        }
        if self.legend.is_empty() {
            return Ok(body);
        }
        let (plot, legend) = match legend {
            Some(legend) => (body, legend),
            None => body.split_horizontally(width as i32 - legend_width),
        };
        for (i, (entry, label)) in self.legend.iter().zip(&labels).enumerate() {
            let y = 20 + LEGEND_ROW * i as i32;
            draw_swatch(&legend, entry, (4, y))?;
            legend.draw_text(label, &style, (SWATCH + 12, y))?;
        }
        Ok(plot)
    }
}

/// The height in pixels of the plot in an image `image_height` tall whose [`Frame`] has
/// `note_lines` lines of notes, the plot made by [`plot`] with a titled horizontal axis:
/// what a unit of the value axis measures on screen.
pub fn plot_height(image_height: u32, note_lines: usize) -> f64 {
    let axis = X_LABELS + TITLED + MARGIN_TOP + MARGIN_BOTTOM;
    f64::from((image_height as i32 - frame_height(note_lines) as i32 - axis).max(1))
}

/// The height in pixels a [`Frame`] takes of an image besides its plot: the title and
/// `note_lines` lines of notes (a chart sized for its plots adds it).
pub fn frame_height(note_lines: usize) -> u32 {
    (TITLE_HEIGHT + notes_height(note_lines)) as u32
}

/// The height in pixels of `lines` lines of notes, with their margin when there are any.
fn notes_height(lines: usize) -> i32 {
    NOTE_LINE * lines as i32 + 12 * i32::from(lines > 0)
}

/// Whether `label` in `style` is at most `width` pixels wide.
fn fits<DB: Canvas>(area: &Area<DB>, label: &str, style: &TextStyle, width: u32) -> Result<bool> {
    Ok(area.estimate_text_size(label, style)?.0 <= width)
}

/// `label` as it fits `width` pixels in `style`: whole when it does, else shortened with an
/// ellipsis in the middle, keeping both ends (names in a comparison or sweep often differ
/// only at the end, as `KEY=0.05` and `KEY=0.2` do).
pub fn fit<DB: Canvas>(
    area: &Area<DB>,
    label: &str,
    style: &TextStyle,
    width: u32,
) -> Result<String> {
    if fits(area, label, style, width)? {
        return Ok(label.to_string());
    }
    let chars: Vec<char> = label.chars().collect();
    for keep in (1..chars.len()).rev() {
        let head: String = chars[..keep.div_ceil(2)].iter().collect();
        let tail: String = chars[chars.len() - keep / 2..].iter().collect();
        let short = format!("{head}…{tail}");
        if fits(area, &short, style, width)? {
            return Ok(short);
        }
    }
    Ok("…".to_string())
}

/// `note` broken between words into lines at most `width` pixels wide in `style` (a word
/// wider than that alone gets a line of its own).
pub fn wrap<DB: Canvas>(
    area: &Area<DB>,
    note: &str,
    style: &TextStyle,
    width: u32,
) -> Result<Vec<String>> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in note.split_whitespace() {
        let longer = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if line.is_empty() || fits(area, &longer, style, width)? {
            line = longer;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    Ok(lines)
}

/// Draws a legend mark with its left middle at `(x, y)`.
fn draw_swatch<DB: Canvas>(area: &Area<DB>, entry: &LegendEntry, (x, y): (i32, i32)) -> Result<()> {
    let colour = entry.colour;
    let line = [(x, y), (x + SWATCH, y)];
    let patch = Rectangle::new([(x, y - 7), (x + SWATCH, y + 7)], colour.filled());
    match entry.mark {
        Mark::Line { dash, band } => {
            if band {
                area.draw(&Rectangle::new(
                    [(x, y - 7), (x + SWATCH, y + 7)],
                    colour.mix(BAND_OPACITY).filled(),
                ))?;
            }
            let style = colour.stroke_width(3);
            match dash.pattern(3) {
                None => area.draw(&PathElement::new(line, style))?,
                Some((size, gap)) => area.draw(&DashedPathElement::new(line, size, gap, style))?,
            }
        }
        Mark::Dashed => area.draw(&DashedPathElement::new(line, 6, 4, colour.stroke_width(2)))?,
        Mark::Patch => area.draw(&patch)?,
        Mark::Outline => area.draw(&Rectangle::new(
            [(x, y - 7), (x + SWATCH, y + 7)],
            colour.stroke_width(2),
        ))?,
        Mark::Dot => {
            area.draw(&Circle::new((x + SWATCH / 2, y), DOT, WHITE.filled()))?;
            area.draw(&Circle::new(
                (x + SWATCH / 2, y),
                DOT,
                colour.stroke_width(2),
            ))?;
            area.draw(&PathElement::new(line, colour.stroke_width(2)))?;
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
        // One year sits in the middle of an axis a year wide.
        let (range, ticks) = if last > first {
            (first..last, 8)
        } else {
            (first - 0.5..first + 0.5, 1)
        };
        Axis {
            range,
            title: "Year",
            ticks,
            format: &year,
            grid: true,
        }
    }

    /// Whether this is an axis of categories, made by [`Axis::categories`] (the only axes
    /// without grid lines): its ticks are its categories, none of which may be dropped.
    pub fn is_categories(&self) -> bool {
        !self.grid
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

/// The opacity of an uncertainty band, and of its legend swatch.
pub const BAND_OPACITY: f64 = 0.18;

/// The range of a value axis holding `low`..`high`: from zero, so that bars and lines
/// are read against nothing (a fall of a third looks like one), padded by 5 % of the span
/// on each side away from zero. Levels (counts, shares, yuan, ratios) start at zero;
/// values that can be negative (differences) get a range that holds zero and them.
pub fn value_range(low: f64, high: f64) -> Range<f64> {
    let (low, high) = if low.is_finite() && high.is_finite() {
        (low.min(0.0), high.max(0.0))
    } else {
        (0.0, 1.0)
    };
    let (low, high) = if high > low { (low, high) } else { (0.0, 1.0) };
    let span = high - low;
    let bottom = if low < 0.0 { low - 0.05 * span } else { 0.0 };
    bottom..high + 0.05 * span
}

/// Pads the range of a parameter's values (not a value axis: see [`value_range`]) by 5%
/// each side, starting at zero when they are all positive and the lowest is small next to
/// the highest.
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

/// The widest the value labels left of a plot may be, as a share of its area's width:
/// longer labels (scenario names) are shortened so the plot keeps its room.
const LABEL_SHARE: f64 = 0.35;
/// Room between two tick labels of the horizontal axis, pixels.
const TICK_GAP: u32 = 16;
/// Room for the tick labels of the horizontal axis, pixels, and for an axis title.
const X_LABELS: i32 = 26;
const TITLED: i32 = 22;
/// Margins of a plot above and below, pixels.
const MARGIN_TOP: i32 = 8;
const MARGIN_BOTTOM: i32 = 4;

/// The labels of the ticks `count` asks of `axis`, with their values.
fn tick_labels(axis: &Axis, count: usize) -> Vec<(f64, String)> {
    RangedCoordf64::from(axis.range.clone())
        .key_points(count)
        .into_iter()
        .map(|v| (v, (axis.format)(&v)))
        .collect()
}

/// The widest of `labels` in `style`, pixels.
fn widest<DB: Canvas>(area: &Area<DB>, labels: &[(f64, String)], style: &TextStyle) -> Result<u32> {
    let mut most = 0;
    for (_, label) in labels {
        most = most.max(area.estimate_text_size(label, style)?.0);
    }
    Ok(most)
}

/// Builds a plot with labelled, titled axes and a light grid in `area`. The layout measures
/// its labels: value labels wider than [`LABEL_SHARE`] of the area are shortened, a numeric
/// horizontal axis gets fewer ticks when its labels would run together, and axis titles
/// longer than their axis are shortened.
pub fn plot<'a, DB: Canvas>(area: &'a Area<DB>, x: Axis, y: Axis) -> Result<Plot<'a, DB>> {
    let labels = text(14.0);
    let (width, height) = area.dim_in_pixel();
    let label_cap = (f64::from(width) * LABEL_SHARE) as u32;
    let mut y_labels = tick_labels(&y, y.ticks);
    for (_, label) in &mut y_labels {
        *label = fit(area, label, &labels, label_cap)?;
    }
    let y_label_width = widest(area, &y_labels, &labels)?;
    let title_room = |title: &str| if title.is_empty() { 0 } else { TITLED as u32 };
    let y_area = y_label_width + 14 + title_room(y.title);
    let x_room = width.saturating_sub(y_area + 28);
    let mut x_ticks = x.ticks;
    while !x.is_categories() && x_ticks > 2 {
        let shown = tick_labels(&x, x_ticks);
        let needed = (widest(area, &shown, &labels)? + TICK_GAP) * shown.len() as u32;
        if needed <= x_room {
            break;
        }
        x_ticks -= 1;
    }
    let x_title = fit(area, x.title, &text(14.0), x_room)?;
    let y_title = fit(area, y.title, &text(14.0), height.saturating_sub(40))?;
    let y_format = |v: &f64| {
        y_labels
            .iter()
            .find(|(at, _)| at == v)
            .map_or_else(|| (y.format)(v), |(_, label)| label.clone())
    };
    let mut chart = ChartBuilder::on(area)
        .margin_top(MARGIN_TOP as u32)
        .margin_right(20)
        .margin_left(8)
        .margin_bottom(MARGIN_BOTTOM as u32)
        .x_label_area_size(X_LABELS as u32 + title_room(x.title))
        .y_label_area_size(y_area)
        .build_cartesian_2d(x.range.clone(), y.range.clone())?;
    let grid = RGBColor(225, 225, 225);
    let mut mesh = chart.configure_mesh();
    mesh.x_labels(x_ticks)
        .y_labels(y.ticks)
        .x_label_formatter(x.format)
        .y_label_formatter(&y_format)
        .x_desc(x_title)
        .y_desc(y_title)
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

/// Radius of an estimate's dot, pixels: small and hollow, so its interval shows through it.
const DOT: i32 = 4;
/// Half-length of the caps at an interval's ends, pixels.
const CAP: i32 = 6;

/// A point estimate `at` with its intervals (each from one end to the other, horizontal or
/// vertical): a hollow dot, then each interval drawn over it as a line capped at both ends,
/// so an interval narrower than the dot still shows where it ends.
pub fn draw_estimate<DB: Canvas>(
    chart: &mut Plot<DB>,
    at: (f64, f64),
    intervals: &[[(f64, f64); 2]],
    colour: RGBColor,
) -> Result<()> {
    let style = colour.stroke_width(2);
    chart.draw_series([Circle::new(at, DOT, WHITE.filled())])?;
    chart.draw_series([Circle::new(at, DOT, style)])?;
    for &[from, to] in intervals {
        if !(from.0.is_finite() && from.1.is_finite() && to.0.is_finite() && to.1.is_finite()) {
            continue;
        }
        let cap = if from.0 == to.0 {
            [(-CAP, 0), (CAP, 0)]
        } else {
            [(0, -CAP), (0, CAP)]
        };
        chart.draw_series([PathElement::new([from, to], style)])?;
        chart.draw_series(
            [from, to].map(|end| EmptyElement::at(end) + PathElement::new(cap, style)),
        )?;
    }
    Ok(())
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
    fn every_scenario_of_a_comparison_of_up_to_21_has_its_own_colour() {
        let dir = tempfile::tempdir().unwrap();
        let names: Vec<String> = (0..21).map(|i| format!("s{i}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        super::super::fixture::write_scenarios(dir.path(), &names);
        let out = Output::load(dir.path()).unwrap();
        assert_eq!(out.scenarios.len(), 21);
        let colours: Vec<RGBColor> = (0..21).map(|i| scenario_colour(&out, i)).collect();
        assert_eq!(colours[0], REFERENCE, "the reference is black");
        for (i, a) in colours.iter().enumerate() {
            for b in &colours[i + 1..] {
                assert_ne!(a, b, "two scenarios share a colour");
            }
        }
    }

    #[test]
    fn long_labels_are_shortened_in_the_middle_to_fit() {
        super::super::font::register().unwrap();
        let mut svg = String::new();
        let root = SVGBackend::with_string(&mut svg, (400, 100)).into_drawing_area();
        let style = text(14.0);
        let long = "care.mutual_aid.hours_per_volunteer=0.05";
        let short = fit(&root, long, &style, 160).unwrap();
        assert!(short.contains('…') && short.ends_with("=0.05"), "{short}");
        assert!(root.estimate_text_size(&short, &style).unwrap().0 <= 160);
        assert_eq!(fit(&root, "baseline", &style, 160).unwrap(), "baseline");
        let lines = wrap(&root, &format!("{long} {long} {long}"), &style, 330).unwrap();
        assert_eq!(lines.len(), 3, "{lines:?}");
    }

    #[test]
    fn value_axes_start_at_zero_and_hold_negative_differences() {
        // Resident population falling from 500k to 197k: from zero, not from 197k.
        let r = value_range(197_000.0, 500_000.0);
        assert_eq!(r.start, 0.0);
        assert!(r.end > 500_000.0 && r.end < 530_000.0, "{r:?}");
        // A share from 25 % to 37 %: from zero.
        assert_eq!(value_range(0.25, 0.37).start, 0.0);
        // Differences: zero and every value inside, padded away from zero.
        let r = value_range(-3.0, 5.0);
        assert!(r.start < -3.0 && r.end > 5.0, "{r:?}");
        let r = value_range(-5.0, -2.0);
        assert!(r.start < -5.0 && r.end > 0.0, "{r:?}");
        assert_eq!(value_range(0.0, 0.0), 0.0..1.05);
        assert_eq!(value_range(f64::NAN, f64::NAN), 0.0..1.05);
    }

    #[test]
    fn greys_are_no_scenario_colour() {
        let distance = |a: RGBColor, b: RGBColor| {
            let d = |x: u8, y: u8| (f64::from(x) - f64::from(y)).powi(2);
            (d(a.0, b.0) + d(a.1, b.1) + d(a.2, b.2)).sqrt()
        };
        for grey in GREYS {
            assert!(distance(grey, REFERENCE) >= 40.0, "{grey:?} is near black");
            for colour in PALETTE {
                assert!(
                    distance(grey, colour) >= 40.0,
                    "{grey:?} is near the scenario colour {colour:?}"
                );
            }
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
