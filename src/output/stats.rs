//! Statistics across replications: mean and percentiles.

/// Percentile `q` in [0, 1] of sorted values (linear interpolation between order statistics).
pub fn percentile(sorted: &[f64], q: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let h = q * (n - 1) as f64;
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
        }
    }
}

/// Mean, p05, p50 and p95 of the finite values (NaN if none). One value has
/// no spread: its p05 and p95 are NaN (written empty), so that nothing reads
/// a single replication as a range.
pub fn describe(values: &[f64]) -> [f64; 4] {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return [f64::NAN; 4];
    }
    v.sort_by(f64::total_cmp);
    let mean = v.iter().sum::<f64>() / v.len() as f64;
    let spread = |q| {
        if v.len() > 1 {
            percentile(&v, q)
        } else {
            f64::NAN
        }
    };
    [mean, spread(0.05), percentile(&v, 0.5), spread(0.95)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_interpolate() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(percentile(&v, 0.5), 3.0);
        assert_eq!(percentile(&v, 0.0), 1.0);
        assert!((percentile(&v, 0.05) - 1.2).abs() < 1e-12);
        let d = describe(&[5.0, f64::NAN, 1.0, 3.0]);
        assert_eq!(d[0], 3.0);
        assert!(describe(&[]).iter().all(|x| x.is_nan()));
        // One value: a mean and a median, no range.
        let one = describe(&[2.0, f64::NAN]);
        assert_eq!((one[0], one[2]), (2.0, 2.0));
        assert!(one[1].is_nan() && one[3].is_nan());
    }
}
