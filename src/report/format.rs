//! Number formatting shared by chart axes and the HTML tables, so a value reads the same
//! wherever it appears.

use super::manifest::Run;

/// Short axis label: `950`, `12.5k`, `1.25M`; at most two decimals, trailing zeros dropped.
pub fn compact(v: f64) -> String {
    let (scale, suffix) = match v.abs() {
        a if a >= 1e9 => (1e9, "bn"),
        a if a >= 1e6 => (1e6, "M"),
        a if a >= 1e3 => (1e3, "k"),
        _ => (1.0, ""),
    };
    format!("{}{suffix}", trim_zeros(&format!("{:.2}", v / scale)))
}

/// Axis tick label on an axis spanning `span`: [`compact`] for large numbers, else just
/// enough decimals to tell apart ticks about a fifth of the span apart.
pub fn axis(v: f64, span: f64) -> String {
    if v.abs() >= 1e3 || span >= 5.0 {
        return compact(v);
    }
    let decimals = (-(span / 5.0).log10()).ceil().clamp(0.0, 6.0) as usize;
    let text = format!("{v:.decimals$}");
    if text
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        text.trim_start_matches('-').to_string()
    } else {
        text
    }
}

/// Table figure with thousands separators and a fixed number of decimals: `1,234,567.8`.
pub fn grouped(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return "n/a".to_string();
    }
    let text = format!("{:.*}", decimals, v.abs());
    let (whole, fraction) = text
        .split_once('.')
        .map_or((text.as_str(), ""), |(w, f)| (w, f));
    let mut out = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    if !fraction.is_empty() {
        out.push('.');
        out.push_str(fraction);
    }
    let negative = v < 0.0 && out.chars().any(|c| c.is_ascii_digit() && c != '0');
    if negative { format!("-{out}") } else { out }
}

/// A share (0.253) as a percentage (`25.3%`).
pub fn percent(v: f64, decimals: usize) -> String {
    if v.is_finite() {
        format!("{:.*}%", decimals, v * 100.0)
    } else {
        "n/a".to_string()
    }
}

/// Prefixes a plus sign to a formatted difference that is positive, so direction is explicit
/// (not when it rounds to zero).
pub fn signed(v: f64, formatted: String) -> String {
    let shows_nonzero = formatted.chars().any(|c| c.is_ascii_digit() && c != '0');
    if v > 0.0 && shows_nonzero {
        format!("+{formatted}")
    } else {
        formatted
    }
}

/// Year tick labels: whole years only (plotters may ask for fractional ticks on short runs).
pub fn year(v: &f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        String::new()
    }
}

/// The ten-point band of a share (0 for 0–10 %, 1 for 10–20 %, …, 9 for 90–100 %), of
/// the share as written to the whole percent: a share labelled 30% is in 30–40 %. The one
/// rule by which every chart and animation bands a share (a village's aged 60+).
pub fn ten_point_band(share: f64) -> usize {
    let whole = (share * 100.0).round();
    ((whole / 10.0).floor().max(0.0) as usize).min(9)
}

/// A count of replications with its noun: `1 replication`, `8 replications`.
pub fn replications(n: impl Into<u64>) -> String {
    match n.into() {
        1 => "1 replication".to_string(),
        n => format!("{n} replications"),
    }
}

/// Whether `n` replications give a 5th–95th percentile range: it takes two or more.
pub fn has_range(n: impl Into<u64>) -> bool {
    n.into() >= 2
}

/// What charts and tables of a single replication say in place of its ranges.
pub const NO_RANGE: &str =
    "With 1 replication there is no 5th–95th percentile range: it takes two or more replications.";

/// A share as a percentage to three decimals at most, trailing zeros dropped: `5`, `0.213`.
fn share_percent(share: f64) -> String {
    trim_zeros(&format!("{:.3}", share * 100.0))
}

/// The share of the region `run` simulated, as notes give it: the share of the region's
/// villages built (`effective_scale`, which `mean_scaled` divides by; whole villages, so
/// not quite the scale at a small one), with the scale asked for: `0.204 % of the region's
/// villages, those built at scale 0.002`. A folder that does not record the villages built
/// gives the scale alone.
pub fn simulated_share(run: &Run) -> String {
    match (run.effective_scale, run.scale) {
        (Some(built), Some(scale)) => format!(
            "{} % of the region's villages, those built at scale {scale}",
            share_percent(built)
        ),
        (Some(built), None) => format!("{} % of the region's villages", share_percent(built)),
        (None, Some(scale)) => {
            format!("{} % of the region, at scale {scale}", share_percent(scale))
        }
        (None, None) => "its share of the region not recorded".into(),
    }
}

/// What the totals of `run` are of: the population simulated, at [`simulated_share`].
pub fn simulated(run: &Run) -> String {
    format!(
        "Totals of the population simulated: {}.",
        simulated_share(run)
    )
}

/// A yearly rate (0.07) as a percentage to at most two decimals, or two significant
/// digits below a hundredth of a per cent, trailing zeros dropped (`7`, not the
/// `7.000000000000001` that 0.07 × 100 prints; `0.004`, not `0`): the one way notes,
/// titles and tables write a discount rate.
pub fn rate_percent(rate: f64) -> String {
    let percent = rate * 100.0;
    // Two decimals, or as many as a rate below a hundredth of a per cent
    // needs to show two significant digits rather than 0.
    let decimals = if percent.abs() >= 0.01 || percent == 0.0 {
        2
    } else {
        (-percent.abs().log10()).floor() as usize + 2
    };
    trim_zeros(&format!("{percent:.decimals$}"))
}

/// How sums over the years are discounted, as notes and titles say it: `discounted to
/// 2020 at 5 % a year`; `None` at a rate of zero, when they are not.
pub fn discounted(rate: f64, start_year: i32) -> Option<String> {
    (rate > 0.0).then(|| {
        format!(
            "discounted to {start_year} at {} % a year",
            rate_percent(rate)
        )
    })
}

fn trim_zeros(text: &str) -> String {
    if text.contains('.') {
        let trimmed = text.trim_end_matches('0').trim_end_matches('.');
        if trimmed == "-0" {
            "0".to_string()
        } else {
            trimmed.to_string()
        }
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_uses_suffixes_and_drops_trailing_zeros() {
        assert_eq!(compact(0.0), "0");
        assert_eq!(compact(950.0), "950");
        assert_eq!(compact(12_500.0), "12.5k");
        assert_eq!(compact(1_250_000.0), "1.25M");
        assert_eq!(compact(-2_000.0), "-2k");
        assert_eq!(compact(0.75), "0.75");
    }

    #[test]
    fn axis_labels_keep_small_steps_apart() {
        assert_eq!(axis(0.0004, 0.0016), "0.0004");
        assert_eq!(axis(-0.0, 0.0016), "0.0000");
        assert_eq!(axis(0.3, 0.1), "0.30");
        assert_eq!(axis(25.0, 10.0), "25");
        assert_eq!(axis(12_000.0, 1.0), "12k");
    }

    #[test]
    fn grouped_inserts_thousands_separators() {
        assert_eq!(grouped(1_234_567.0, 0), "1,234,567");
        assert_eq!(grouped(-1234.56, 1), "-1,234.6");
        assert_eq!(grouped(999.0, 0), "999");
        assert_eq!(grouped(-0.01, 1), "0.0");
        assert_eq!(grouped(f64::NAN, 0), "n/a");
    }

    #[test]
    fn percent_and_signed_make_direction_explicit() {
        assert_eq!(percent(0.2534, 1), "25.3%");
        assert_eq!(signed(0.5, "0.5".into()), "+0.5");
        assert_eq!(signed(-0.5, "-0.5".into()), "-0.5");
        assert_eq!(signed(0.0001, "0.00".into()), "0.00");
        assert_eq!(year(&2035.0), "2035");
        assert_eq!(year(&2035.5), "");
        assert_eq!(replications(1u32), "1 replication");
        assert_eq!(replications(8u32), "8 replications");
        assert!(!has_range(1u32) && has_range(2u32));
    }

    #[test]
    fn shares_are_banded_as_written_to_the_whole_percent() {
        assert_eq!(ten_point_band(0.0), 0);
        assert_eq!(ten_point_band(0.0949), 0);
        assert_eq!(ten_point_band(0.095), 1);
        assert_eq!(ten_point_band(0.2949), 2);
        // 29.9 % is written 30%: it is in 30–40 %.
        assert_eq!(percent(0.299, 0), "30%");
        assert_eq!(ten_point_band(0.299), 3);
        assert_eq!(ten_point_band(0.999), 9);
        assert_eq!(ten_point_band(1.0), 9);
        assert_eq!(ten_point_band(-0.01), 0);
    }

    #[test]
    fn rates_are_written_to_two_decimals_or_to_two_significant_digits_below() {
        assert_eq!(rate_percent(0.07), "7");
        assert_eq!(rate_percent(0.05), "5");
        assert_eq!(rate_percent(0.035), "3.5");
        assert_eq!(rate_percent(0.0125), "1.25");
        assert_eq!(rate_percent(0.123456), "12.35");
        // A rate too small for two decimals is not shown as none.
        assert_eq!(rate_percent(0.00004), "0.004");
        assert_eq!(rate_percent(0.0000123), "0.0012");
        assert_eq!(rate_percent(0.0), "0");
        assert_eq!(
            discounted(0.07, 2020).as_deref(),
            Some("discounted to 2020 at 7 % a year")
        );
        assert_eq!(discounted(0.0, 2020), None);
    }

    #[test]
    fn totals_say_they_are_of_the_share_of_villages_built() {
        let run = |scale: Option<f64>, effective_scale: Option<f64>| Run {
            command: "compare".into(),
            version: "0.1.0".into(),
            seed: 1,
            replications: 2,
            start_year: 2020,
            end_year: 2030,
            scale,
            effective_scale,
            started: None,
            wall_seconds: None,
            reference: None,
        };
        assert_eq!(
            simulated(&run(Some(0.05), Some(0.05))),
            "Totals of the population simulated: 5 % of the region's villages, those built at scale 0.05."
        );
        // Whole villages: at a small scale the share built is not the scale asked for.
        assert_eq!(
            simulated(&run(Some(0.002), Some(0.0021345))),
            "Totals of the population simulated: 0.213 % of the region's villages, those built at scale 0.002."
        );
        assert_eq!(
            simulated(&run(Some(0.002), None)),
            "Totals of the population simulated: 0.2 % of the region, at scale 0.002."
        );
        assert!(simulated(&run(None, None)).contains("not recorded"));
    }
}
