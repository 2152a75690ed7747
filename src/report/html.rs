//! The one-page report: what was run, the headline table, where the money goes, what the
//! extra public spending buys, the charts inlined as SVG and the main assumptions;
//! self-contained, printable, every text from files escaped.

use std::fmt::Write;

use super::data::{Cost, Estimate, Output};
use super::format::{
    NO_RANGE, discounted, grouped, has_range, replications, simulated, simulated_share,
};
use super::frame::Saved;
use super::headline::{HEADLINES, Headline};
use super::plane::{averted, yuan_per};

/// A titled group of charts.
pub struct Section<'a> {
    pub heading: &'a str,
    pub charts: &'a [Saved],
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "
body { font-family: 'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif; color: #222; margin: 0; line-height: 1.45; }
main { max-width: 1000px; margin: 0 auto; padding: 24px; }
h1 { font-size: 1.7em; margin-bottom: 0.2em; }
h2 { font-size: 1.3em; border-bottom: 2px solid #ddd; padding-bottom: 4px; margin-top: 2em; }
h3 { font-size: 1.1em; margin-top: 1.6em; }
.lead { color: #555; margin-top: 0; }
nav { background: #f5f5f5; padding: 8px 12px; border-radius: 4px; }
nav a { margin-right: 1.2em; }
table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.92em; }
th, td { text-align: left; padding: 5px 10px; border-bottom: 1px solid #e4e4e4; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; }
tr.group th { background: #f0f0f0; border-top: 2px solid #ccc; }
.range { color: #666; font-size: 0.85em; }
.note { color: #555; font-size: 0.92em; }
figure { margin: 1.5em 0; }
figure svg { width: 100%; height: auto; border: 1px solid #eee; }
figcaption { color: #444; font-size: 0.9em; margin-top: 0.4em; }
footer { color: #777; font-size: 0.85em; margin-top: 3em; border-top: 1px solid #ddd; padding-top: 8px; }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  nav, .download { display: none; }
  figure, table, tr { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  figure svg { border: none; }
  a { color: inherit; text-decoration: none; }
}
";

/// The whole page.
pub fn page(out: &Output, sections: &[Section]) -> String {
    let run = &out.manifest.run;
    let names: Vec<&str> = out.scenarios.iter().map(|s| s.name.as_str()).collect();
    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>ruralcare report: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n\
         <h1>Rural ageing and elderly care: scenario report</h1>\n\
         <p class=\"lead\">Agent-based projection, {}–{}, of {} scenario{}: {}.</p>\n\
         <nav><a href=\"#run\">What was run</a><a href=\"#summary\">Headline indicators</a>{}{}\
         <a href=\"#charts\">Charts</a>{}<a href=\"#assumptions\">Main assumptions</a></nav>\n",
        escape(&names.join(", ")),
        run.start_year,
        run.end_year,
        names.len(),
        if names.len() == 1 { "" } else { "s" },
        escape(&names.join(", ")),
        if spent(out).is_empty() {
            ""
        } else {
            "<a href=\"#spending\">Where the money goes</a>"
        },
        if costed(out).is_empty() {
            ""
        } else {
            "<a href=\"#costs\">What spending buys</a>"
        },
        if animated(out) {
            "<a href=\"#animations\">Animations</a>"
        } else {
            ""
        },
    );
    what_was_run(&mut html, out);
    summary(&mut html, out);
    spending(&mut html, out);
    costs(&mut html, out);
    charts(&mut html, out, sections);
    animations(&mut html, out);
    assumptions(&mut html, out);
    let _ = write!(
        html,
        "<footer>Written by ruralcare {} from the files in this folder (manifest.toml, summary.csv, \
         deltas.csv, village_types.csv and cost_effectiveness.csv when present, pyramids.csv, \
         villages.csv); charts in \
         charts/ as SVG and PNG.</footer>\n\
         </main>\n</body>\n</html>\n",
        escape(&run.version)
    );
    html
}

fn what_was_run(html: &mut String, out: &Output) {
    let run = &out.manifest.run;
    html.push_str("<section id=\"run\">\n<h2>What was run</h2>\n<table>\n");
    let mut fact = |name: &str, value: String| {
        let _ = writeln!(html, "<tr><th>{name}</th><td>{}</td></tr>", escape(&value));
    };
    fact("Command", format!("ruralcare {}", run.command));
    fact("Model version", run.version.clone());
    fact("Years", format!("{}–{}", run.start_year, run.end_year));
    fact("Replications", run.replications.to_string());
    fact("Random seed", run.seed.to_string());
    fact("Population simulated", simulated_share(run));
    if let Some(started) = &run.started {
        fact("Started", started.clone());
    }
    if let Some(seconds) = run.wall_seconds {
        // Tenths of a second, or hundredths for a run shorter than one (never "0.0 s").
        let digits = if seconds < 1.0 { 2 } else { 1 };
        fact("Simulation time", format!("{seconds:.digits$} s"));
    }
    // A column for the policy schedules when a scenario has one.
    let scheduled = out.scenarios.iter().any(|s| !s.schedule.is_empty());
    let _ = writeln!(
        html,
        "</table>\n<table>\n<tr><th>Scenario</th><th>Description</th><th>File</th>{}</tr>",
        if scheduled {
            "<th>Policy schedule</th>"
        } else {
            ""
        }
    );
    for s in &out.scenarios {
        let marker = if s.name == out.reference {
            " <span class=\"range\">(reference)</span>"
        } else {
            ""
        };
        let schedule = if scheduled {
            let blocks: Vec<String> = (s.schedule.iter())
                .map(|(year, levers)| {
                    format!("from {year}: <code>{}</code>", escape(&levers.join(", ")))
                })
                .collect();
            format!("<td>{}</td>", blocks.join("<br>"))
        } else {
            String::new()
        };
        let _ = writeln!(
            html,
            "<tr><td>{}{marker}</td><td>{}</td><td><code>{}</code></td>{schedule}</tr>",
            escape(&s.name),
            escape(&s.description),
            escape(s.file.as_deref().unwrap_or(""))
        );
    }
    html.push_str("</table>\n</section>\n");
}

/// Headline indicators the summary lacks, which the report names instead of drawing.
fn missing(out: &Output) -> Vec<&'static Headline> {
    HEADLINES
        .iter()
        .filter(|h| !out.summary.has(h.key))
        .collect()
}

fn summary(html: &mut String, out: &Output) {
    let years = super::data::KeyYears::distinct(&[out.years.mid, out.years.last]);
    let deltas = out.deltas.as_ref().filter(|_| out.scenarios.len() > 1);
    let n = out.manifest.run.replications;
    let ranged = has_range(n);
    let values = if ranged {
        format!(
            "Each value is the mean over {} with the 5th–95th percentile range beneath it.",
            replications(n)
        )
    } else {
        format!("Each value is that of {}. {NO_RANGE}", replications(n))
    };
    let _ = writeln!(
        html,
        "<section id=\"summary\">\n<h2>Headline indicators in {}</h2>\n\
         <p class=\"note\">{} {}{}</p>",
        years
            .iter()
            .map(i32::to_string)
            .collect::<Vec<_>>()
            .join(" and "),
        values,
        simulated(&out.manifest.run),
        if deltas.is_some() {
            format!(
                " “vs {}” is the paired difference (scenario − reference, same random numbers){}.",
                escape(&out.reference),
                if ranged {
                    " with its 5th–95th percentile range"
                } else {
                    ""
                }
            )
        } else {
            String::new()
        }
    );
    html.push_str("<table>\n<tr><th>Scenario</th>");
    for year in &years {
        let _ = write!(html, "<th>{year}</th>");
        if deltas.is_some() {
            let _ = write!(html, "<th>vs {}</th>", escape(&out.reference));
        }
    }
    html.push_str("</tr>\n");
    let columns = 1 + years.len() * if deltas.is_some() { 2 } else { 1 };
    for headline in HEADLINES.iter().filter(|h| out.summary.has(h.key)) {
        let _ = writeln!(
            html,
            "<tr class=\"group\"><th colspan=\"{columns}\">{} <span class=\"range\">({})</span></th></tr>",
            escape(headline.title),
            escape(&headline.axis_label(out.manifest.run.start_year))
        );
        for s in &out.scenarios {
            let _ = write!(html, "<tr><td>{}</td>", escape(&s.name));
            for &year in &years {
                let value = out.summary.at(&s.name, headline.key, year);
                cell(html, value, ranged, |v| headline.unit.value(v));
                if let Some(deltas) = deltas {
                    if s.name == out.reference {
                        html.push_str("<td class=\"num range\">reference</td>");
                    } else {
                        cell(html, deltas.at(&s.name, headline.key, year), ranged, |v| {
                            headline.unit.diff(v)
                        });
                    }
                }
            }
            html.push_str("</tr>\n");
        }
    }
    html.push_str("</table>\n");
    let missing = missing(out);
    if !missing.is_empty() {
        let list: Vec<String> = missing
            .iter()
            .map(|h| format!("{} (<code>{}</code>)", escape(h.title), h.key))
            .collect();
        let _ = writeln!(
            html,
            "<p class=\"note\">Not available in this run: {}.</p>",
            list.join("; ")
        );
    }
    html.push_str("</section>\n");
}

/// The ledger's cost items (MODEL.md §7.13), each with a short column title; their sum is
/// every cost of the year, whoever pays it.
const COST_ITEMS: [(&str, &str); 9] = [
    ("spend_pension_yuan", "Pensions"),
    (
        "spend_facilities_yuan",
        "Facilities: running, services, building",
    ),
    ("spend_paid_care_yuan", "Paid home care, users' part"),
    ("spend_ltc_insurance_yuan", "Care insurance"),
    ("spend_subsidies_yuan", "Bed fees waived"),
    (
        "spend_caregiver_pay_yuan",
        "Caregivers' pay above the market",
    ),
    ("spend_establishment_yuan", "Caregivers' unsold time"),
    ("spend_publicity_yuan", "Campaigns and outreach"),
    ("spend_return_incentive_yuan", "Returning-youth incentives"),
];

/// The cost items `summary.csv` holds (folders written before an item was added lack it).
fn spent(out: &Output) -> Vec<(&'static str, &'static str)> {
    COST_ITEMS
        .into_iter()
        .filter(|(key, _)| out.summary.has(key))
        .collect()
}

/// Who meets the costs of the year, each with its column title and the indicators it
/// sums: with what was not met (the funding gap) they add up to the cost items' total
/// (MODEL.md §7.13). Government's and the collectives' part is what arrives of their money.
const PAYERS: [(&str, &[&str]); 4] = [
    (
        "Government and collectives, arrived",
        &["paid_by_government_yuan", "paid_by_collective_yuan"],
    ),
    ("Elders and families", &["paid_by_individuals_yuan"]),
    ("Social capital", &["paid_by_social_capital_yuan"]),
    (
        "Not met: funding gap (leaked, or beyond budgets)",
        &["funding_gap_yuan"],
    ),
];

/// What government and collectives send: what arrives and what leaks on the way, the
/// public spending of the headline indicators and of `cost_effectiveness.csv`.
const PUBLIC_SENT: [&str; 3] = [
    "paid_by_government_yuan",
    "paid_by_collective_yuan",
    "leakage_yuan",
];

/// Where the money goes in the last year, in million yuan: each scenario's costs by item
/// and their total; then who pays that total (the payers and the funding gap add up to
/// it), and the public money sent, leakage included, which is no cost of care.
fn spending(html: &mut String, out: &Output) {
    let items = spent(out);
    if items.is_empty() {
        return;
    }
    let year = out.years.last;
    let _ = writeln!(
        html,
        "<section id=\"spending\">\n<h2>Where the money goes, {year}</h2>\n\
         <p class=\"note\">Costs of the year by item, million yuan in {} prices for the population \
         simulated ({}), means over {}; the total is every cost, whoever pays it. The second \
         table splits the same total by who pays it: government and village collectives (what \
         arrives of their money), elders and families (paid home care, their fees for beds and \
         facility places, and the individual-account part of their pensions), social capital, and \
         what was not met (the funding gap: money that leaked on the way or that the payers' \
         budgets could not give). Public money sent is what government and collectives pay out: \
         what arrives and what leaks on the way (the running costs' leakage is the part of the \
         gap that was sent; the construction money's leaks on top of what was built). \
         It is the public spending that public spending per elder and a comparison's extra \
         public spending count.</p>",
        out.manifest.run.start_year,
        simulated_share(&out.manifest.run),
        replications(out.manifest.run.replications)
    );
    let item_keys: Vec<&str> = items.iter().map(|(key, _)| *key).collect();
    let total = ("Total", item_keys.as_slice());
    let by_item: Vec<(&str, &[&str])> = items
        .iter()
        .map(|(key, title)| (*title, std::slice::from_ref(key)))
        .chain([total])
        .collect();
    money_table(html, out, year, &by_item);
    let by_payer: Vec<(&str, &[&str])> = PAYERS
        .into_iter()
        .chain([
            total,
            ("Leaked on the way", &["leakage_yuan"]),
            ("Public money sent", &PUBLIC_SENT),
        ])
        .collect();
    money_table(html, out, year, &by_payer);
    html.push_str("</section>\n");
}

/// A table of the scenarios' money in `year`, million yuan: one column per (title,
/// indicators), each the sum of its indicators' means (a dash when one is missing).
fn money_table(html: &mut String, out: &Output, year: i32, columns: &[(&str, &[&str])]) {
    html.push_str("<table>\n<tr><th>Scenario</th>");
    for (title, _) in columns {
        let _ = write!(html, "<th>{}</th>", escape(title));
    }
    html.push_str("</tr>\n");
    for s in &out.scenarios {
        let at = |key: &str| out.summary.at(&s.name, key, year).map(|e| e.centre);
        let _ = write!(html, "<tr><td>{}</td>", escape(&s.name));
        for (_, keys) in columns {
            let value: Option<f64> = keys.iter().map(|k| at(k)).sum();
            let _ = write!(
                html,
                "<td class=\"num\">{}</td>",
                value.map_or("–".into(), |v| grouped(v / 1e6, 1))
            );
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</table>\n");
}

/// The rows of `cost_effectiveness.csv` of the scenarios the report lists.
fn costed(out: &Output) -> Vec<&Cost> {
    out.costs
        .iter()
        .flatten()
        .filter(|c| out.scenarios.iter().any(|s| s.name == c.scenario))
        .collect()
}

/// What each scenario's extra public spending buys against the reference: per outcome,
/// the amount averted over the observed years (the start year included) and the yuan per unit averted.
fn costs(html: &mut String, out: &Output) {
    let rows = costed(out);
    let Some(first) = rows.first() else {
        return;
    };
    let ranged = has_range(out.manifest.run.replications);
    let mut outcomes: Vec<(&str, &str)> = Vec::new();
    for c in &rows {
        if !outcomes.iter().any(|(o, _)| *o == c.outcome) {
            outcomes.push((&c.outcome, &c.unit));
        }
    }
    let _ = writeln!(
        html,
        "<section id=\"costs\">\n<h2>What the extra public spending buys, {}–{}</h2>\n\
         <p class=\"note\">Against {}, summed over the years {}–{}{}, paired by replication: the \
         extra public spending (the money government and village collectives send, what leaks on the way included, yuan in {} prices, for the population \
         simulated, {}), what it averts of each outcome, and the yuan per unit averted (their \
         means' ratio, with the 5th–95th percentile of the replications' own ratios; each ratio charges \
         the whole extra spending to its one outcome). {} A \
         negative cost per unit: the scenario saves public money as it averts. Campaigns and outreach \
         are costed by assumption (attitudes.campaign_cost_yuan_per_village_point, \
         awareness.outreach_cost_yuan_per_person). Scenarios that change \
         who lives in the villages change the number of elders in need as well.{}</p>",
        first.from_year,
        first.to_year,
        escape(&out.reference),
        first.from_year,
        first.to_year,
        discounted(first.discount_rate, out.manifest.run.start_year)
            .map_or_else(String::new, |d| format!(" and {d}")),
        out.manifest.run.start_year,
        simulated_share(&out.manifest.run),
        if ranged {
            "A dash: the scenario does not clearly avert the outcome (its 5th percentile is not above zero)."
        } else {
            "No yuan per unit is given: whether a scenario clearly averts an outcome takes two or more replications."
        },
        if ranged {
            String::new()
        } else {
            format!(" {NO_RANGE}")
        },
    );
    html.push_str("<table>\n<tr><th>Scenario</th><th>Extra public spending, million yuan</th>");
    for (outcome, unit) in &outcomes {
        let _ = write!(
            html,
            "<th>{} <span class=\"range\">({})</span></th><th>{}</th>",
            escape(&averted(outcome)),
            escape(unit),
            escape(&yuan_per(unit))
        );
    }
    html.push_str("</tr>\n");
    for s in out.scenarios.iter().filter(|s| s.name != out.reference) {
        let of_scenario: Vec<&&Cost> = rows.iter().filter(|c| c.scenario == s.name).collect();
        let Some(any) = of_scenario.first() else {
            continue;
        };
        let _ = write!(html, "<tr><td>{}</td>", escape(&s.name));
        cell(html, Some(any.spending), ranged, |v| grouped(v / 1e6, 1));
        for (outcome, _) in &outcomes {
            match of_scenario.iter().find(|c| c.outcome == *outcome) {
                Some(c) => {
                    cell(html, Some(c.averted), ranged, |v| grouped(v, 0));
                    cell(html, Some(c.per_unit), ranged, |v| {
                        grouped(v, if v.abs() < 100.0 { 1 } else { 0 })
                    });
                }
                None => {
                    html.push_str("<td class=\"num range\">–</td><td class=\"num range\">–</td>")
                }
            }
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</table>\n</section>\n");
}

/// A table cell with a value and its p05–p95 range (when the range is known and
/// `ranged`: there are replications enough to have one), or a dash when there is no value.
fn cell(html: &mut String, value: Option<Estimate>, ranged: bool, show: impl Fn(f64) -> String) {
    match value.filter(|e| e.centre.is_finite()) {
        Some(e) if ranged && e.low.is_finite() && e.high.is_finite() => {
            let _ = write!(
                html,
                "<td class=\"num\">{}<br><span class=\"range\">{} to {}</span></td>",
                escape(&show(e.centre)),
                escape(&show(e.low)),
                escape(&show(e.high))
            );
        }
        Some(e) => {
            let _ = write!(html, "<td class=\"num\">{}</td>", escape(&show(e.centre)));
        }
        None => html.push_str("<td class=\"num range\">–</td>"),
    }
}

fn charts(html: &mut String, out: &Output, sections: &[Section]) {
    html.push_str("<section id=\"charts\">\n<h2>Charts</h2>\n");
    let missing = missing(out);
    if !missing.is_empty() {
        let keys: Vec<&str> = missing.iter().map(|h| h.key).collect();
        let _ = writeln!(
            html,
            "<p class=\"note\">No chart for indicators this run did not produce: {}.</p>",
            keys.join(", ")
        );
    }
    for section in sections.iter().filter(|s| !s.charts.is_empty()) {
        let _ = writeln!(html, "<h3>{}</h3>", escape(section.heading));
        for chart in section.charts {
            let stem = escape(&chart.stem);
            let _ = writeln!(
                html,
                "<figure id=\"{stem}\">\n{}\n<figcaption>{} <span class=\"download\">\
                 <a href=\"charts/{stem}.svg\">SVG</a> · <a href=\"charts/{stem}.png\">PNG</a></span>\
                 </figcaption>\n</figure>",
                chart.svg.trim(),
                escape(&chart.caption)
            );
        }
    }
    html.push_str("</section>\n");
}

/// The teaching animations `ruralcare animate` writes beside the report.
const ANIMATIONS: [(&str, &str); 2] = [
    (
        "pyramid.gif",
        "the population pyramid year by year: resident bars inside registered outlines",
    ),
    (
        "villages.gif",
        "one square per village, coloured by its share of residents aged 60+ and sized by its residents, year by year",
    ),
];

/// Whether the folder holds the animations: `animate` writes them after the report.
fn animated(out: &Output) -> bool {
    out.manifest.run.command == "animate"
}

/// Links to the animations of an `animate` folder (linked, not inlined: the page loads
/// nothing from elsewhere).
fn animations(html: &mut String, out: &Output) {
    if !animated(out) {
        return;
    }
    html.push_str(
        "<section id=\"animations\">\n<h2>Animations</h2>\n<p class=\"note\">Animated GIFs in this \
         folder, of the reference scenario, replication 0 for the villages; open them beside this page.</p>\n<ul>\n",
    );
    for (file, what) in ANIMATIONS {
        let _ = writeln!(html, "<li><a href=\"{file}\">{file}</a>: {what}</li>");
    }
    html.push_str("</ul>\n</section>\n");
}

fn assumptions(html: &mut String, out: &Output) {
    html.push_str("<section id=\"assumptions\">\n<h2>Main assumptions</h2>\n");
    if out.manifest.assumptions.is_empty() {
        html.push_str(
            "<p>This run's manifest lists no assumptions. The model's assumptions, with every \
             parameter's default value, unit and source, are documented in the parameter table of \
             the project README; the fully resolved settings of each scenario in this run are in \
             <code>manifest.toml</code> under <code>[resolved.&lt;scenario&gt;]</code>.</p>\n",
        );
    } else {
        let n = out.manifest.assumptions.len();
        let _ = writeln!(
            html,
            "<p>{n} parameters of the reference scenario rest on assumptions: no source gives \
             their figures (confidence code A in DATA.md and the project README's parameter \
             table). The README's sensitivity section varies the main ones for care one at a \
             time.</p>\n<details><summary>The {n} assumed parameters, with their values</summary>"
        );
        html.push_str("<table>\n<tr><th>Assumption</th><th>Confidence</th></tr>\n");
        for (key, a) in &out.manifest.assumptions {
            let _ = writeln!(
                html,
                "<tr><td>{}<br><span class=\"range\">{}</span></td><td>{}</td></tr>",
                escape(&a.text),
                escape(key),
                escape(&a.confidence_text())
            );
        }
        html.push_str("</table>\n</details>\n");
    }
    html.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_characters() {
        assert_eq!(
            escape(r#"<a href="x">&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;"
        );
    }
}
