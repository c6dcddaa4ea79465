//! Statistics across replications: the mean of a figure and its 95 % confidence half-width.
//!
//! Replications are independent and identically distributed, so each figure's replication
//! values are a sample; the interval is Student's t: mean ± t(0.975, n−1) · s / √n. Values that
//! are undefined in a replication (NaN, e.g. the ASA when nothing was answered) are left out.

use serde::ser::{Serialize, SerializeMap, Serializer};
use statrs::distribution::{ContinuousCDF, StudentsT};

/// A figure estimated over replications.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// The mean over the replications where the figure is defined (NaN if none).
    pub mean: f64,
    /// Half-width of the 95 % confidence interval (NaN with fewer than two values).
    pub ci95: f64,
    /// Replications the figure is defined in.
    pub n: usize,
}

/// `{"mean": …, "ci95": …, "n": …}` with `null` for an undefined number: the one encoding of a
/// figure in every JSON document (the report, the sweep, the staffing plan; `docs/report-schema.md`).
/// Written out rather than derived so that an undefined figure is `null` in any serializer, not
/// only in `serde_json`, which happens to write a NaN as `null`.
impl Serialize for Estimate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let finite = |x: f64| x.is_finite().then_some(x);
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("mean", &finite(self.mean))?;
        map.serialize_entry("ci95", &finite(self.ci95))?;
        map.serialize_entry("n", &self.n)?;
        map.end()
    }
}

impl Estimate {
    /// The estimate from replication values.
    pub fn of(values: impl Iterator<Item = f64>) -> Self {
        let mut accumulator = Accumulator::default();
        values.for_each(|v| accumulator.push(v));
        accumulator.estimate()
    }
}

/// A figure's replication values folded one at a time (Welford's running mean and sum of
/// squared deviations), so replications can be merged as they finish without keeping them.
/// Undefined values (NaN, infinite) are left out.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Accumulator {
    n: usize,
    mean: f64,
    /// Σ (value − mean)² so far.
    m2: f64,
}

impl Accumulator {
    pub fn push(&mut self, value: f64) {
        if !value.is_finite() {
            return;
        }
        self.n += 1;
        let delta = value - self.mean;
        self.mean += delta / self.n as f64;
        self.m2 += delta * (value - self.mean);
    }

    pub fn estimate(&self) -> Estimate {
        let n = self.n;
        match n {
            0 => Estimate { mean: f64::NAN, ci95: f64::NAN, n },
            1 => Estimate { mean: self.mean, ci95: f64::NAN, n },
            _ => {
                let variance = self.m2 / (n - 1) as f64;
                Estimate { mean: self.mean, ci95: t_975(n - 1) * (variance / n as f64).sqrt(), n }
            }
        }
    }
}

/// The 97.5 % quantile of Student's t with `df` degrees of freedom. Remembered per `df`: a
/// report merges every cell of every table with the same few replication counts, and the
/// inverse CDF is a numerical search.
pub fn t_975(df: usize) -> f64 {
    thread_local! {
        static KNOWN: std::cell::RefCell<Vec<f64>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let compute = |df: usize| StudentsT::new(0.0, 1.0, df as f64).map_or(1.959_964, |t| t.inverse_cdf(0.975));
    if df > 10_000 {
        return compute(df);
    }
    KNOWN.with_borrow_mut(|known| {
        if known.len() <= df {
            known.resize(df + 1, f64::NAN);
        }
        if known[df].is_nan() {
            known[df] = compute(df);
        }
        known[df]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_and_half_width_by_hand() {
        // values 1..=5: mean 3, s² = 2.5, s/√5 = 0.7071; t(0.975, 4) = 2.776445 (standard tables).
        let e = Estimate::of([1.0, 2.0, 3.0, 4.0, 5.0].into_iter());
        assert_eq!(e.mean, 3.0);
        assert!((e.ci95 - 2.776_445 * (2.5f64 / 5.0).sqrt()).abs() < 1e-5, "{}", e.ci95);
        assert_eq!(e.n, 5);
    }

    #[test]
    fn running_accumulation_matches_the_two_pass_formula_even_far_from_zero() {
        // Values around 1e9 with a spread of 1: the naive Σx² − n·mean² loses every digit here.
        let values: Vec<f64> = (0..100).map(|i| 1e9 + f64::from(i % 7) / 7.0).collect();
        let mean = values.iter().sum::<f64>() / 100.0;
        let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / 99.0;
        let e = Estimate::of(values.iter().copied());
        assert!((e.mean - mean).abs() < 1e-6, "{} vs {mean}", e.mean);
        let two_pass = t_975(99) * (variance / 100.0).sqrt();
        // Both are rounded at 1e9 (ulp 1.2e-7): agreement to 1e-6 relative; the naive formula is off by 100 %.
        assert!((e.ci95 - two_pass).abs() < 1e-6 * two_pass, "{} vs {two_pass}", e.ci95);
    }

    #[test]
    fn undefined_values_are_left_out() {
        let e = Estimate::of([f64::NAN, 4.0].into_iter());
        assert_eq!((e.mean, e.n), (4.0, 1));
        assert!(e.ci95.is_nan());
        assert!(Estimate::of(std::iter::empty()).mean.is_nan());
    }
}
