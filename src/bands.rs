//! Age-band tables: scenario values given per age band ("15-19", "60+").
//!
//! A table is expanded once to one value per single year of age, so the yearly
//! loop indexes by age instead of searching bands.

/// Oldest age a person can reach; mortality is certain at this age.
pub const MAX_AGE: usize = 110;
/// Number of single-year ages, 0..=MAX_AGE.
pub const AGES: usize = MAX_AGE + 1;

/// One band: ages `from..=to` (inclusive) carry `value`.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    pub from: u8,
    pub to: u8,
    pub value: f64,
}

/// A validated set of non-overlapping bands, expanded per single age.
#[derive(Clone, Debug, PartialEq)]
pub struct AgeBands {
    pub bands: Vec<Band>,
    by_age: Vec<f64>,
}

impl AgeBands {
    /// Builds from bands already checked by [`check_bands`]; ages outside every band get 0.
    pub fn new(mut bands: Vec<Band>) -> Self {
        bands.sort_by_key(|b| b.from);
        let mut by_age = vec![0.0; AGES];
        for b in &bands {
            for v in &mut by_age[usize::from(b.from)..=usize::from(b.to)] {
                *v = b.value;
            }
        }
        AgeBands { bands, by_age }
    }

    /// The value at a single age (0 outside every band).
    #[inline]
    pub fn at(&self, age: usize) -> f64 {
        self.by_age[age.min(MAX_AGE)]
    }

    /// One value per single age 0..=MAX_AGE.
    pub fn per_age(&self) -> &[f64] {
        &self.by_age
    }

    /// A copy with every value multiplied by `k`.
    pub fn scaled(&self, k: f64) -> Self {
        AgeBands::new(
            self.bands
                .iter()
                .map(|b| Band {
                    value: b.value * k,
                    ..b.clone()
                })
                .collect(),
        )
    }
}

/// The label of the ages `from..=to`, as [`parse_label`] reads it: "15-19",
/// "90+" (to [`MAX_AGE`]) or "65".
pub fn label(from: usize, to: usize) -> String {
    if to == MAX_AGE {
        format!("{from}+")
    } else if from == to {
        from.to_string()
    } else {
        format!("{from}-{to}")
    }
}

/// Parses a band label: "15-19" (inclusive) or "90+" (to [`MAX_AGE`]) or "65" (one age).
pub fn parse_label(label: &str) -> Result<(u8, u8), String> {
    let bad = || format!("band \"{label}\" is not of the form \"15-19\", \"90+\" or \"65\"");
    let age = |s: &str| -> Result<u8, String> {
        let a: usize = s.trim().parse().map_err(|_| bad())?;
        if a > MAX_AGE {
            return Err(format!(
                "band \"{label}\": age {a} is above the maximum age {MAX_AGE}"
            ));
        }
        Ok(a as u8)
    };
    if let Some(lo) = label.strip_suffix('+') {
        return Ok((age(lo)?, MAX_AGE as u8));
    }
    match label.split_once('-') {
        Some((lo, hi)) => {
            let (lo, hi) = (age(lo)?, age(hi)?);
            if lo > hi {
                return Err(format!("band \"{label}\" ends before it starts"));
            }
            Ok((lo, hi))
        }
        None => age(label).map(|a| (a, a)),
    }
}

/// One problem of a band table: what is wrong, and the bands it concerns
/// (indices into the checked slice; none for ages left uncovered).
#[derive(Clone, Debug, PartialEq)]
pub struct BandProblem {
    pub message: String,
    pub bands: Vec<usize>,
}

/// Checks that bands neither overlap nor leave a hole between them and, if
/// `cover` is given, that together they cover exactly those ages. Returns a
/// problem for each band that overlaps the band reaching furthest among those
/// before it (so every band caught in an overlap is named, though not every
/// overlapping pair), one for each hole, and one for the ages left uncovered
/// before the first band or after the last.
pub fn check_bands(bands: &[(String, u8, u8)], cover: Option<(u8, u8)>) -> Vec<BandProblem> {
    let mut problems = Vec::new();
    let mut order: Vec<usize> = (0..bands.len()).collect();
    order.sort_by_key(|&i| (bands[i].1, bands[i].2));
    // Each band against the one reaching furthest among those starting before it,
    // so that a wide band overlapping several later ones is reported for each.
    let mut reach: Option<usize> = None;
    for &i in &order {
        if let Some(r) = reach
            && bands[i].1 <= bands[r].2
        {
            problems.push(BandProblem {
                message: format!(
                    "band \"{}\" overlaps band \"{}\"; expected bands that share no age",
                    bands[i].0, bands[r].0
                ),
                bands: vec![r, i],
            });
        }
        if let Some(r) = reach
            && usize::from(bands[i].1) > usize::from(bands[r].2) + 1
        {
            problems.push(BandProblem {
                message: format!(
                    "ages {}-{} fall between band \"{}\" and band \"{}\" and would get 0; expected \
                     bands without a hole (give those ages a band of their own, 0 if meant)",
                    bands[r].2 + 1,
                    bands[i].1 - 1,
                    bands[r].0,
                    bands[i].0
                ),
                bands: vec![r, i],
            });
        }
        if reach.is_none_or(|r| bands[i].2 > bands[r].2) {
            reach = Some(i);
        }
    }
    if let Some((lo, hi)) = cover {
        let mut covered = [false; AGES];
        for b in bands {
            for c in &mut covered[usize::from(b.1)..=usize::from(b.2)] {
                *c = true;
            }
        }
        // Holes between bands are reported above; here the ages before the
        // first band and after the last.
        let first = bands.iter().map(|b| usize::from(b.1)).min();
        let last = bands.iter().map(|b| usize::from(b.2)).max();
        let gaps: Vec<usize> = (usize::from(lo)..=usize::from(hi))
            .filter(|&a| !covered[a])
            .filter(|&a| first.is_none_or(|f| a < f) || last.is_none_or(|l| a > l))
            .collect();
        // The missing ages as runs: "0-4 and 51-59".
        let mut runs: Vec<(usize, usize)> = Vec::new();
        for &a in &gaps {
            match runs.last_mut() {
                Some((_, end)) if *end + 1 == a => *end = a,
                _ => runs.push((a, a)),
            }
        }
        let runs: Vec<String> = runs
            .iter()
            .map(|&(a, z)| {
                if a == z {
                    a.to_string()
                } else {
                    format!("{a}-{z}")
                }
            })
            .collect();
        if !runs.is_empty() {
            problems.push(BandProblem {
                message: format!(
                    "bands must cover ages {lo}-{hi}; missing: {}",
                    runs.join(" and ")
                ),
                bands: Vec::new(),
            });
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_parse() {
        assert_eq!(parse_label("15-19"), Ok((15, 19)));
        assert_eq!(parse_label("90+"), Ok((90, MAX_AGE as u8)));
        for (from, to) in [(15, 19), (90, MAX_AGE), (65, 65)] {
            assert_eq!(parse_label(&label(from, to)), Ok((from as u8, to as u8)));
        }
        assert_eq!(parse_label("65"), Ok((65, 65)));
        assert!(parse_label("19-15").is_err());
        assert!(parse_label("abc").is_err());
        assert!(parse_label("200+").is_err());
    }

    #[test]
    fn overlaps_and_gaps_are_reported() {
        let b = |l: &str| {
            let (a, z) = parse_label(l).unwrap();
            (l.to_string(), a, z)
        };
        assert!(check_bands(&[b("0-14"), b("15-59"), b("60+")], Some((0, 110))).is_empty());
        let p = check_bands(&[b("0-14"), b("10-59")], None);
        assert_eq!(p.len(), 1);
        assert!(p[0].message.contains("overlaps"));
        assert_eq!(p[0].bands, [0, 1]);
        // A hole between bands, whether or not the table must cover it.
        for cover in [None, Some((0, 59))] {
            let p = check_bands(&[b("0-14"), b("20-59")], cover);
            assert_eq!(p.len(), 1, "{p:?}");
            assert!(p[0].message.contains("ages 15-19 fall between"), "{p:?}");
            assert_eq!(p[0].bands, [0, 1]);
        }
        let p = check_bands(&[b("5-14"), b("15-50")], Some((0, 59)));
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].message.contains("missing: 0-4 and 51-59"), "{p:?}");
        // A wide band overlapping two that do not overlap each other: both reported.
        let p = check_bands(&[b("30-40"), b("0-50"), b("10-20")], None);
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p.iter().all(|x| x.bands.contains(&1)), "{p:?}");
    }

    #[test]
    fn expansion_per_age() {
        let t = AgeBands::new(vec![
            Band {
                from: 60,
                to: 110,
                value: 0.04,
            },
            Band {
                from: 0,
                to: 14,
                value: 0.15,
            },
        ]);
        assert_eq!(t.at(3), 0.15);
        assert_eq!(t.at(30), 0.0);
        assert_eq!(t.at(110), 0.04);
        assert_eq!(t.scaled(2.0).at(70), 0.08);
    }
}
