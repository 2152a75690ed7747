//! Charts and the one-page HTML report, drawn only from the files an output folder holds
//! (`manifest.toml`, `summary.csv`, `deltas.csv`, `pyramids.csv`, `villages.csv`,
//! `village_types.csv`, `cost_effectiveness.csv`), and the teaching animations of
//! `ruralcare animate` from the same files.

mod account;
mod animate;
mod brief;
mod data;
mod differences;
mod font;
mod format;
mod frame;
mod headline;
mod hollowing;
mod html;
mod manifest;
mod plane;
mod pyramid;
mod raster;
mod responses;
mod stacked;
mod table;
mod timeseries;

#[cfg(test)]
mod fixture;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

pub use account::Account;
pub use animate::animate;
pub use brief::Brief;
pub use data::Output;
use differences::Differences;
use frame::save_all;
use headline::HEADLINES;
use hollowing::Hollowing;
use html::Section;
use plane::Plane;
use pyramid::PyramidChart;
use responses::Responses;
use stacked::CareSources;
use timeseries::{TimeSeries, VillageTypes};

/// What [`render`] wrote.
pub struct Rendered {
    /// Every chart file, SVG and PNG, in report order.
    pub charts: Vec<PathBuf>,
    pub report: PathBuf,
}

impl Rendered {
    /// The same files once their folder `from` has become `to`.
    pub fn moved(self, from: &Path, to: &Path) -> Rendered {
        let rebase = |p: PathBuf| match p.strip_prefix(from) {
            Ok(rest) => to.join(rest),
            Err(_) => p,
        };
        Rendered {
            charts: self.charts.into_iter().map(rebase).collect(),
            report: rebase(self.report),
        }
    }
}

/// Reads the CSV files and manifest in `dir`, writes `dir/charts/*.svg` + `*.png` and `dir/report.html`.
pub fn render(dir: &Path) -> Result<Rendered> {
    render_to(&Output::load(dir)?, dir)
}

/// Writes the charts of an output folder's files, read by [`Output::load`],
/// as `dir/charts/*.svg` + `*.png` and `dir/report.html` (`plot` draws them
/// into a fresh folder that then replaces the one read).
pub fn render_to(out: &Output, dir: &Path) -> Result<Rendered> {
    font::register()?;
    let charts_dir = dir.join("charts");
    // Not `create_dir_all`: should `dir` be removed under the run (an
    // interrupt), it must not be created again.
    match std::fs::create_dir(&charts_dir) {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
            Err(e).with_context(|| format!("cannot create {}", charts_dir.display()))?
        }
        _ => {}
    }
    let headlines = HEADLINES.iter().filter(|h| out.summary.has(h.key));
    let over_time = save_all(
        headlines.map(|headline| TimeSeries { out, headline }),
        &charts_dir,
    )?;
    let differences = out.deltas.iter().filter_map(|d| Differences::new(out, d));
    let compared = save_all(differences, &charts_dir)?;
    let swept = save_all(Responses::new(out), &charts_dir)?;
    let costed = save_all(Plane::new(out), &charts_dir)?;
    let sources = CareSources::sources(out);
    let care = save_all(CareSources::all(out, &sources), &charts_dir)?;
    let pyramids = save_all(PyramidChart::all(out), &charts_dir)?;
    let hollowing = save_all(Hollowing::new(out), &charts_dir)?;
    let by_type = out
        .village_types
        .as_ref()
        .map(|by_type| VillageTypes { out, by_type });
    let village_types = save_all(by_type, &charts_dir)?;

    let sections = [
        Section {
            heading: "Headline indicators over time",
            charts: &over_time,
        },
        Section {
            heading: "Final-year differences from the reference",
            charts: &compared,
        },
        Section {
            heading: "Responses to the swept parameters",
            charts: &swept,
        },
        Section {
            heading: "What the extra public spending buys",
            charts: &costed,
        },
        Section {
            heading: "Care hours by source",
            charts: &care,
        },
        Section {
            heading: "Population pyramids (reference scenario)",
            charts: &pyramids,
        },
        Section {
            heading: "Village ageing",
            charts: &hollowing,
        },
        Section {
            heading: "Unmet need by village type (reference scenario)",
            charts: &village_types,
        },
    ];
    let report = dir.join("report.html");
    std::fs::write(&report, html::page(out, &sections))
        .with_context(|| format!("writing {}", report.display()))?;
    let charts = sections
        .iter()
        .flat_map(|s| s.charts)
        .flat_map(|c| [c.svg_path.clone(), c.png_path.clone()])
        .collect();
    Ok(Rendered { charts, report })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered() -> (tempfile::TempDir, Rendered) {
        let dir = tempfile::tempdir().unwrap();
        fixture::write(dir.path());
        let rendered = render(dir.path()).unwrap();
        (dir, rendered)
    }

    #[test]
    fn render_writes_every_chart_as_svg_and_png() {
        let (dir, rendered) = rendered();
        let expected = [
            "share_60plus",
            "resident_population",
            "empty_nest_share",
            "unmet_need_share",
            "pension_to_subsistence",
            "mutual_aid_participation",
            "final_year_differences",
            "care_hours_by_source_baseline",
            "care_hours_by_source_mutual_aid",
            "pyramid_2020",
            "pyramid_2025",
            "pyramid_2030",
            "hollowing",
            "unmet_need_by_village_type",
        ];
        let charts = dir.path().join("charts");
        let mut wanted: Vec<PathBuf> = expected
            .iter()
            .flat_map(|s| ["svg", "png"].map(|e| charts.join(format!("{s}.{e}"))))
            .collect();
        let mut got = rendered.charts.clone();
        wanted.sort();
        got.sort();
        assert_eq!(got, wanted);
        assert!(got.iter().all(|p| p.is_file()), "a listed chart is missing");
        assert_eq!(rendered.report, dir.path().join("report.html"));
        assert!(
            !charts.join(format!("{}.svg", fixture::LEFT_OUT)).exists(),
            "no chart for an absent indicator"
        );
    }

    #[test]
    fn the_report_says_where_the_money_goes_in_the_last_year() {
        let (dir, _) = rendered();
        let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
        let start = html
            .find("<section id=\"spending\">")
            .expect("the spending section");
        let section = &html[start..start + html[start..].find("</section>").unwrap()];
        assert!(section.contains("Where the money goes, 2030"));
        // The fixture holds two of the items: only they get columns.
        assert!(section.contains(
            "<th>Pensions</th><th>Facilities: running, services, building</th><th>Total</th></tr>"
        ));
        assert!(!section.contains("Care insurance"));
        // mutual_aid in 2030: pensions 7.5 M, facilities 2.0 M.
        let row = |cells: &[&str]| {
            let cells: String = cells
                .iter()
                .map(|c| format!("<td class=\"num\">{c}</td>"))
                .collect();
            format!("<tr><td>mutual_aid</td>{cells}</tr>")
        };
        assert!(section.contains(&row(&["7.5", "2.0", "9.5"])), "{section}");
        // Who pays the same 9.5 M: government and collectives 0.8 × 9.5 + 0.05 × 2.0 as
        // arrives, elders and families 0.2 × 7.5 + 0.05 × 2.0, social capital and the gap
        // 0.05 × 2.0 each; the public money sent adds the 0.1 × 2.0 that leaks.
        assert!(section.contains(
            "<th>Government and collectives, arrived</th><th>Elders and families</th>\
             <th>Social capital</th><th>Not met: funding gap (leaked, or beyond budgets)</th><th>Total</th>\
             <th>Leaked on the way</th><th>Public money sent</th></tr>"
        ));
        assert!(
            section.contains(&row(&["7.7", "1.6", "0.1", "0.1", "9.5", "0.2", "7.9"])),
            "{section}"
        );
        assert!(html.contains("<a href=\"#spending\">Where the money goes</a>"));
    }

    #[test]
    fn every_svg_parses_and_names_its_scenarios() {
        let (_dir, rendered) = rendered();
        for path in rendered
            .charts
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "svg"))
        {
            let text = std::fs::read_to_string(path).unwrap();
            let doc = roxmltree::Document::parse(&text)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let words: String = doc
                .descendants()
                .filter_map(|n| n.text())
                .collect::<Vec<_>>()
                .join("\n");
            let stem = path.file_stem().unwrap().to_str().unwrap();
            let shown: Vec<&str> = match stem {
                s if s.starts_with("pyramid_") => vec!["baseline"],
                "unmet_need_by_village_type" => {
                    vec!["baseline", "no facility", "care point", "mutual aid home"]
                }
                s if s.starts_with("care_hours_by_source_") => {
                    vec![s.trim_start_matches("care_hours_by_source_")]
                }
                _ => fixture::SCENARIOS.to_vec(),
            };
            for name in shown {
                assert!(words.contains(name), "{stem}.svg does not mention {name}");
            }
        }
    }

    #[test]
    fn every_png_has_the_size_of_its_svg() {
        let (_dir, rendered) = rendered();
        for svg in rendered
            .charts
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "svg"))
        {
            let text = std::fs::read_to_string(svg).unwrap();
            let doc = roxmltree::Document::parse(&text).unwrap();
            let size = |a: &str| {
                doc.root_element()
                    .attribute(a)
                    .unwrap()
                    .parse::<u32>()
                    .unwrap()
            };
            let decoder =
                png::Decoder::new(std::fs::File::open(svg.with_extension("png")).unwrap());
            let mut reader = decoder.read_info().unwrap();
            let mut pixels = vec![0; reader.output_buffer_size()];
            let info = reader.next_frame(&mut pixels).unwrap();
            assert_eq!(
                (info.width, info.height),
                (size("width"), size("height")),
                "{}",
                svg.display()
            );
            if svg.ends_with("share_60plus.svg") {
                assert_eq!((info.width, info.height), (960, 540));
            }
        }
    }

    #[test]
    fn report_shows_every_chart_scenario_and_missing_indicator() {
        let (_dir, rendered) = rendered();
        let html = std::fs::read_to_string(&rendered.report).unwrap();
        for chart in &rendered.charts {
            let name = chart.file_name().unwrap().to_str().unwrap();
            assert!(
                html.contains(&format!("charts/{name}")),
                "report lacks {name}"
            );
        }
        for name in fixture::SCENARIOS {
            assert!(html.contains(name));
        }
        assert_eq!(
            html.matches("<svg").count(),
            rendered.charts.len() / 2,
            "every SVG inlined"
        );
        assert!(
            html.contains(fixture::LEFT_OUT),
            "the absent indicator is named"
        );
        assert!(
            html.contains("&lt;with&gt; &amp; markup"),
            "file text is escaped"
        );
        assert!(!html.contains("<with>"));
        assert!(
            html.contains("deltas.csv, village_types.csv and cost_effectiveness.csv when present")
        );
        assert!(html.contains("2025") && html.contains("2030") && html.contains("20201101"));
        let self_contained = ["src=", "<link", "<script", "href=\"http", "url("];
        assert!(
            self_contained.iter().all(|s| !html.contains(s)),
            "nothing loaded from elsewhere"
        );
    }

    #[test]
    fn rendering_twice_gives_identical_chart_files() {
        let (dir, first) = rendered();
        // Every chart file, drawings and pictures alike, byte for byte.
        let read = |charts: &[std::path::PathBuf]| -> Vec<Vec<u8>> {
            charts.iter().map(|p| std::fs::read(p).unwrap()).collect()
        };
        let before = read(&first.charts);
        assert!(before.iter().all(|b| !b.is_empty()));
        let second = render(dir.path()).unwrap();
        assert_eq!(first.charts, second.charts);
        assert!(before == read(&second.charts), "a chart differs");
    }

    /// The words of a chart's SVG, one text element a line.
    fn words(svg: &Path) -> String {
        let text = std::fs::read_to_string(svg).unwrap();
        let doc = roxmltree::Document::parse(&text).unwrap();
        doc.descendants()
            .filter_map(|n| n.text())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The elements named `tag` of a chart's SVG, as maps of their attributes, in drawing order.
    fn elements(svg: &Path, tag: &str) -> Vec<std::collections::BTreeMap<String, String>> {
        let text = std::fs::read_to_string(svg).unwrap();
        let doc = roxmltree::Document::parse(&text).unwrap();
        doc.descendants()
            .filter(|n| n.has_tag_name(tag))
            .map(|n| {
                n.attributes()
                    .map(|a| (a.name().to_string(), a.value().to_string()))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn lines_that_coincide_are_named_and_the_reference_is_drawn_beneath() {
        // The fixture's pension ratio is the same in both scenarios; its share aged 60+ is not.
        let (dir, _) = rendered();
        let charts = dir.path().join("charts");
        let same = words(&charts.join("pension_to_subsistence.svg"));
        assert!(
            same.contains("coincide") && same.contains("baseline (reference) = mutual_aid"),
            "{same}"
        );
        assert!(!words(&charts.join("share_60plus.svg")).contains("coincide"));
        let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
        assert!(html.contains("baseline (reference) = mutual_aid"));
        // The reference's line is black, wider, and drawn first (beneath the others).
        let lines: Vec<_> = elements(&charts.join("share_60plus.svg"), "polyline")
            .into_iter()
            .filter(|l| l["stroke-width"] != "1")
            .collect();
        let first = lines.iter().position(|l| l["stroke"] == "#141414").unwrap();
        let other = lines.iter().position(|l| l["stroke"] == "#4E79A7").unwrap();
        assert!(first < other);
    }

    /// Rewrites `summary.csv` in `dir` so that `scenario`'s `indicator` is the reference's
    /// (baseline's) plus `by`, in every year and column.
    fn shift_summary(dir: &Path, scenario: &str, indicator: &str, by: f64) {
        let path = dir.join("summary.csv");
        let text = std::fs::read_to_string(&path).unwrap();
        let reference: std::collections::BTreeMap<String, Vec<f64>> = text
            .lines()
            .filter_map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                (f[0] == "baseline" && f[2] == indicator).then(|| {
                    (
                        f[1].to_string(),
                        f[3..].iter().map(|v| v.parse().unwrap()).collect(),
                    )
                })
            })
            .collect();
        let lines: Vec<String> = text
            .lines()
            .map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                if f[0] != scenario || f[2] != indicator {
                    return l.to_string();
                }
                let values: Vec<String> = reference[f[1]]
                    .iter()
                    .map(|v| (v + by).to_string())
                    .collect();
                format!("{},{},{},{}", f[0], f[1], f[2], values.join(","))
            })
            .collect();
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    }

    #[test]
    fn lines_closer_than_the_chart_shows_apart_are_named() {
        // 40 persons apart on an axis of some 55,000 over 300-odd pixels: a quarter of a
        // pixel, though 40 times the table's last digit.
        let dir = tempfile::tempdir().unwrap();
        fixture::write(dir.path());
        shift_summary(dir.path(), "mutual_aid", "resident_population", 40.0);
        render(dir.path()).unwrap();
        let charts = dir.path().join("charts");
        let said = words(&charts.join("resident_population.svg"));
        assert!(said.contains("baseline (reference) = mutual_aid"), "{said}");
        // A few pixels apart they show, and are not named.
        shift_summary(dir.path(), "mutual_aid", "resident_population", 1500.0);
        render(dir.path()).unwrap();
        assert!(!words(&charts.join("resident_population.svg")).contains("coincide"));
    }

    #[test]
    fn value_axes_of_levels_start_at_zero() {
        // The fixture's resident population runs 43k–52k, its share aged 60+ 25–37 %, its
        // unmet need by village type 26–50 %: every axis starts at zero all the same.
        let (dir, _) = rendered();
        let charts = dir.path().join("charts");
        for stem in [
            "resident_population",
            "share_60plus",
            "unmet_need_share",
            "unmet_need_by_village_type",
            "pension_to_subsistence",
        ] {
            let said = words(&charts.join(format!("{stem}.svg")));
            let zero = |l: &str| l.trim().trim_end_matches('%').parse() == Ok(0.0);
            assert!(said.lines().any(zero), "{stem}: {said}");
        }
    }

    /// The colours of a chart's drawing (fills and strokes), as `#RRGGBB`.
    fn colours(svg: &Path) -> std::collections::BTreeSet<String> {
        ["rect", "polyline", "polygon", "path", "circle", "line"]
            .iter()
            .flat_map(|tag| elements(svg, tag))
            .flat_map(|e| [e.get("fill").cloned(), e.get("stroke").cloned()])
            .flatten()
            .collect()
    }

    #[test]
    fn only_scenarios_are_drawn_in_scenario_colours() {
        let (dir, _) = rendered();
        let out = Output::load(dir.path()).unwrap();
        let hex = |c: plotters::style::RGBColor| format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2);
        let mut scenario: Vec<String> = (0..20).map(|i| hex(frame::palette(i))).collect();
        scenario.push(hex(frame::REFERENCE));
        let charts = dir.path().join("charts");
        for stem in ["unmet_need_by_village_type", "pyramid_2020", "pyramid_2030"] {
            let used = colours(&charts.join(format!("{stem}.svg")));
            let shared: Vec<&String> = used.iter().filter(|c| scenario.contains(c)).collect();
            assert!(
                shared.is_empty(),
                "{stem} draws in scenario colours {shared:?}"
            );
        }
        // The charts of scenarios do use them.
        let used = colours(&charts.join("share_60plus.svg"));
        assert!(used.contains(&hex(frame::scenario_colour(&out, 1))));
    }

    #[test]
    fn the_bands_of_many_scenarios_do_not_pile_up() {
        let dir = tempfile::tempdir().unwrap();
        fixture::write_scenarios(dir.path(), &["a", "b", "c", "d", "e"]);
        render(dir.path()).unwrap();
        let chart = dir.path().join("charts/share_60plus.svg");
        // One band, the reference's, black; its swatch alone in the legend.
        let bands = elements(&chart, "polygon");
        assert_eq!(bands.len(), 1, "{bands:?}");
        assert_eq!(bands[0]["fill"], "#141414");
        let opacity = frame::BAND_OPACITY.to_string();
        let swatches = elements(&chart, "rect")
            .into_iter()
            .filter(|r| r["opacity"] == opacity)
            .count();
        assert_eq!(swatches, 1);
        assert!(words(&chart).contains("of a (reference) only"));
        // Two scenarios: both bands.
        let (dir, _) = rendered();
        let bands = elements(&dir.path().join("charts/share_60plus.svg"), "polygon");
        assert_eq!(bands.len(), 2);
    }

    #[test]
    fn the_cost_effectiveness_plane_is_in_plain_units_so_slopes_are_yuan_per_unit() {
        let dir = tempfile::tempdir().unwrap();
        fixture::write(dir.path());
        let mut costs = String::from(
            "scenario,reference,from_year,to_year,discount_rate,outcome,unit,averted,averted_p05,averted_p95,extra_public_spending_yuan,extra_public_spending_p05,extra_public_spending_p95,yuan_per_unit_averted,yuan_per_unit_p05,yuan_per_unit_p95\n",
        );
        // 3.1 billion yuan for 63,000 dependent-years (49,000 yuan each) or 84 million
        // hours (37 yuan each).
        for (outcome, unit, averted) in [
            (
                "dependent_years_with_unmet_need",
                "dependent-years",
                63_000.0,
            ),
            ("unmet_care_hours", "hours", 84e6),
        ] {
            let spending = 3.1e9;
            costs.push_str(&format!(
                "mutual_aid,baseline,2020,2030,0.07,{outcome},{unit},{averted},{},{},{spending},{},{},{},{},{}\n",
                averted * 0.9,
                averted * 1.1,
                spending * 0.95,
                spending * 1.05,
                spending / averted,
                spending / averted * 0.9,
                spending / averted * 1.1
            ));
        }
        std::fs::write(dir.path().join("cost_effectiveness.csv"), costs).unwrap();
        render(dir.path()).unwrap();
        let said = words(&dir.path().join("charts/cost_effectiveness.svg"));
        let lines: Vec<&str> = said.lines().map(str::trim).collect();
        for wanted in [
            "Slope = yuan per dependent-year averted",
            "Slope = yuan per hour averted",
            "extra public spending, yuan in 2020 prices, discounted",
            "unmet care hours averted",
            "3bn",
            "80M",
            "60k",
        ] {
            assert!(lines.contains(&wanted), "no {wanted}: {said}");
        }
        assert!(
            !said.contains("million yuan") && !said.contains("3k"),
            "{said}"
        );
        // 7 %, not the 7.000000000000001 % that 0.07 × 100 prints.
        let discounted = "discounted to 2020 at 7 % a year";
        assert!(said.contains(discounted), "{said}");
        let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
        assert!(html.contains(discounted));
        // The cost table names its outcomes and units as the plane does.
        assert!(html.contains(
            "<th>dependent-years with unmet need averted <span class=\"range\">(dependent-years)</span></th><th>yuan per dependent-year</th>"
        ));
        assert!(html.contains("<th>yuan per hour</th>"));
    }

    #[test]
    fn intervals_are_capped_and_drawn_over_a_small_hollow_dot() {
        let (dir, _) = rendered();
        let svg = dir.path().join("charts/final_year_differences.svg");
        let circles = elements(&svg, "circle");
        assert!(!circles.is_empty());
        assert!(
            circles
                .iter()
                .all(|c| c["r"].parse::<f64>().unwrap() <= 4.0)
        );
        let text = std::fs::read_to_string(&svg).unwrap();
        // After each dot, its interval and the interval's two end caps.
        let dots = text.matches("<circle").count() / 2;
        let after_dots: Vec<&str> = text.split("<circle").skip(1).collect();
        let caps = |piece: &str| {
            piece
                .split("points=\"")
                .skip(1)
                .filter(|p| {
                    let xs: Vec<&str> = p
                        .split_whitespace()
                        .take(2)
                        .map(|xy| xy.split(',').next().unwrap())
                        .collect();
                    xs.len() == 2 && xs[0] == xs[1]
                })
                .count()
        };
        let capped = after_dots.iter().filter(|p| caps(p) >= 2).count();
        assert_eq!(
            capped, dots,
            "every dot's interval has both caps, drawn after it"
        );
    }

    #[test]
    fn totals_say_they_are_of_the_population_simulated() {
        let (dir, rendered) = rendered();
        let charts = dir.path().join("charts");
        let html = std::fs::read_to_string(&rendered.report).unwrap();
        // The share of the villages built, by which mean_scaled divides, not the scale asked.
        let said = "Totals of the population simulated: 10.04 % of the region's villages, those built at scale 0.1.";
        for stem in [
            "resident_population",
            "final_year_differences",
            "care_hours_by_source_baseline",
            "pyramid_2030",
            "hollowing",
        ] {
            assert!(
                words(&charts.join(format!("{stem}.svg"))).contains(said),
                "{stem}"
            );
            let figure = &html[html.find(&format!("<figure id=\"{stem}\"")).unwrap()..];
            let caption = &figure
                [figure.find("<figcaption>").unwrap()..figure.find("</figcaption>").unwrap()];
            assert!(caption.contains(&html::escape(said)), "{stem}: {caption}");
        }
        assert!(!words(&charts.join("share_60plus.svg")).contains(said));
        assert!(html.contains(
            "<tr><th>Population simulated</th><td>10.04 % of the region&#39;s villages, those built at scale 0.1</td></tr>"
        ));
    }

    #[test]
    fn a_band_holding_one_village_among_thousands_shows_a_bar() {
        let dir = tempfile::tempdir().unwrap();
        fixture::write(dir.path());
        let path = dir.path().join("villages.csv");
        let mut villages = std::fs::read_to_string(&path).unwrap();
        // 2030 in the reference: 3,000 villages more aged 50–60 %, one aged under 10 %
        // (and as many in the other years and scenarios, as a run lists every village each year).
        for scenario in fixture::SCENARIOS {
            for year in [2020, 2030] {
                let share = if scenario == "baseline" && year == 2030 {
                    55
                } else {
                    30
                };
                for v in 0..3000 {
                    villages.push_str(&format!("{scenario},0,{year},c0,t0,w{v},100,100,{share}\n"));
                }
                let share = if scenario == "baseline" && year == 2030 {
                    5
                } else {
                    30
                };
                villages.push_str(&format!("{scenario},0,{year},c0,t0,x,100,100,{share}\n"));
            }
        }
        std::fs::write(&path, villages).unwrap();
        render(dir.path()).unwrap();
        let bars = elements(&dir.path().join("charts/hollowing.svg"), "rect");
        let reference: Vec<f64> = bars
            .iter()
            .filter(|r| r.get("fill").is_some_and(|f| f == "#141414"))
            .map(|r| r["height"].parse().unwrap())
            .collect();
        assert!(reference.len() >= 2, "{bars:?}");
        assert!(reference.iter().all(|h| *h >= 2.0), "{reference:?}");
        let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
        assert!(html.contains("<h3>Village ageing</h3>"));
    }

    #[test]
    fn long_scenario_names_are_shortened_to_fit_keeping_their_ends() {
        let dir = tempfile::tempdir().unwrap();
        let names = [
            "care.mutual_aid.hours_per_volunteer_of_the_reference",
            "care.mutual_aid.hours_per_volunteer=0.05",
            "care.mutual_aid.hours_per_volunteer=0.2",
        ];
        fixture::write_scenarios(dir.path(), &names);
        render(dir.path()).unwrap();
        let charts = dir.path().join("charts");
        let rows = words(&charts.join("final_year_differences.svg"));
        for end in ["=0.05", "=0.2"] {
            assert!(
                rows.lines().any(|l| l.contains('…') && l.ends_with(end)),
                "no shortened row label ending {end}: {rows}"
            );
        }
        // Axis titles are whole: the plots keep their room.
        assert!(rows.contains("difference, percentage points"));
        let by_type = words(&charts.join("unmet_need_by_village_type.svg"));
        // The title keeps its words and the name's ends, shortened between.
        assert!(
            by_type.lines().any(|l| {
                l.starts_with("Dependents with unmet need by village type: c")
                    && l.contains('…')
                    && l.ends_with("_of_the_reference")
            }),
            "{by_type}"
        );
    }

    #[test]
    fn the_report_labels_each_indicator_once_with_its_denominator() {
        let (dir, _) = rendered();
        let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
        assert!(html.contains(
            "Mutual-aid volunteers among healthy residents of volunteering age <span class=\"range\">(% of eligible residents)</span>"
        ));
        assert!(
            html.contains("Resident population simulated <span class=\"range\">(persons)</span>")
        );
        // No title carries a bracket of its own before its unit's.
        assert!(!html.contains(") <span class=\"range\">("));
    }

    #[test]
    fn one_replication_promises_no_ranges_and_an_animation_folder_links_its_gifs() {
        let dir = tempfile::tempdir().unwrap();
        fixture::write_scenarios(dir.path(), &["classroom"]);
        let manifest = dir.path().join("manifest.toml");
        let text = std::fs::read_to_string(&manifest)
            .unwrap()
            .replace("replications = 3", "replications = 1")
            .replace("command = \"run\"", "command = \"animate\"");
        std::fs::write(&manifest, text).unwrap();
        // The files of replication 0 alone, as one replication writes them.
        for file in ["pyramids.csv", "village_types.csv"] {
            let path = dir.path().join(file);
            let kept: String = std::fs::read_to_string(&path)
                .unwrap()
                .lines()
                .enumerate()
                .filter(|(k, l)| *k == 0 || l.split(',').nth(1) == Some("0"))
                .map(|(_, l)| format!("{l}\n"))
                .collect();
            std::fs::write(&path, kept).unwrap();
        }
        let rendered = render(dir.path()).unwrap();
        let html = std::fs::read_to_string(&rendered.report).unwrap();
        assert!(
            !html.contains("<br><span class=\"range\">"),
            "a range of one replication"
        );
        assert!(!html.contains("percentile range beneath"));
        assert!(html.contains(format::NO_RANGE));
        let chart = dir.path().join("charts/share_60plus.svg");
        assert!(!words(&chart).contains("Bands: 5th"));
        // No band is drawn, nor any band swatch in the legend.
        assert!(elements(&chart, "polygon").is_empty());
        assert!(
            elements(&chart, "rect").iter().all(|r| r["opacity"] == "1"),
            "a band swatch without bands"
        );
        for gif in ["pyramid.gif", "villages.gif"] {
            assert!(html.contains(&format!("<a href=\"{gif}\">")), "{gif}");
        }
        assert!(html.contains("<a href=\"#animations\">"));
    }

    #[test]
    fn a_malformed_summary_line_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        fixture::write(dir.path());
        let path = dir.path().join("summary.csv");
        let mut lines: Vec<String> = std::fs::read_to_string(&path)
            .unwrap()
            .lines()
            .map(String::from)
            .collect();
        lines[16] = "baseline,2021,share_60plus,abc,0.2,0.2,0.3".into();
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
        let err = format!("{:#}", render(dir.path()).err().unwrap());
        assert_eq!(
            err,
            "summary.csv line 17: column 'mean': expected a finite number, found \"abc\""
        );
    }

    #[test]
    fn a_missing_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        fixture::write(dir.path());
        std::fs::remove_file(dir.path().join("villages.csv")).unwrap();
        let err = format!("{:#}", render(dir.path()).err().unwrap());
        assert!(err.contains("villages.csv"), "{err}");
    }

    #[test]
    fn a_folder_without_village_types_is_drawn_without_their_chart() {
        // Folders written before village_types.csv existed still plot.
        let dir = tempfile::tempdir().unwrap();
        fixture::write(dir.path());
        std::fs::remove_file(dir.path().join("village_types.csv")).unwrap();
        let rendered = render(dir.path()).unwrap();
        assert!(!rendered.charts.iter().any(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().contains("village_type"))
        }));
        let html = std::fs::read_to_string(rendered.report).unwrap();
        assert!(!html.contains("by village type"));
    }

    #[test]
    fn village_types_are_estimated_across_replications() {
        let dir = tempfile::tempdir().unwrap();
        fixture::write(dir.path());
        let by_type = data::read_village_types(dir.path(), "baseline", "unmet_need_share", 3)
            .unwrap()
            .unwrap();
        // Three replications 0.002 apart: the mean is the middle one; an empty field is no value.
        let care_point = by_type.at("care_point", "unmet_need_share", 2025).unwrap();
        assert!((care_point.centre - (0.35 + 0.05 - 0.03 + 0.002)).abs() < 1e-12);
        assert!(care_point.low < care_point.centre && care_point.centre < care_point.high);
        let home = by_type
            .at("mutual_aid_home", "unmet_need_share", 2020)
            .unwrap();
        assert!((home.centre - (0.35 - 0.06 + 0.003)).abs() < 1e-12);
        assert!(
            by_type
                .at("no_facility", "unmet_need_share", 2031)
                .is_none()
        );
        let html = std::fs::read_to_string(render(dir.path()).unwrap().report).unwrap();
        assert!(html.contains("Unmet need by village type"));
    }

    #[test]
    fn a_single_scenario_run_has_no_comparison() {
        let dir = tempfile::tempdir().unwrap();
        fixture::write_scenarios(dir.path(), &["baseline"]);
        let rendered = render(dir.path()).unwrap();
        assert!(
            !rendered
                .charts
                .iter()
                .any(|p| p.ends_with("final_year_differences.svg"))
        );
        let html = std::fs::read_to_string(rendered.report).unwrap();
        assert!(!html.contains("vs baseline"));
    }

    #[test]
    fn assumptions_in_the_manifest_are_listed() {
        let dir = tempfile::tempdir().unwrap();
        fixture::write(dir.path());
        let manifest = dir.path().join("manifest.toml");
        let mut text = std::fs::read_to_string(&manifest).unwrap();
        text.push_str("[assumptions]\nfertility = { text = \"Fertility stays < 1.0\", confidence = \"low\" }\n");
        std::fs::write(&manifest, text).unwrap();
        let html = std::fs::read_to_string(render(dir.path()).unwrap().report).unwrap();
        assert!(html.contains("Fertility stays &lt; 1.0"));
        assert!(html.contains("<td>low</td>"));
        assert!(!html.contains("lists no assumptions"));
    }
}
