//! Statistics across replications: the mean of a figure and its 95 % confidence half-width.
//!
//! Replications are independent and identically distributed, so each figure's replication
//! values are a sample; the interval is Student's t: mean ± t(0.975, n−1) · s / √n. Values that
//! are undefined in a replication (NaN, e.g. the ASA when nothing was answered) are left out.
//!
//! A ratio figure can instead be estimated from its sums ([`RatioAccumulator`]): R = Σy / Σx
//! over the replications, with the delta method's interval.

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

/// A ratio figure's replication sums (yᵢ / xᵢ, e.g. answered within the threshold / requests)
/// folded one at a time, for the ratio estimator R = Σy / Σx and its 95 % half-width by the delta
/// method, t(0.975, n−1) · √(s² / n) / x̄ with s² = Σ (yᵢ − R·xᵢ)² / (n − 1).
///
/// The mean of the replications' ratios yᵢ / xᵢ is biased (by about Cov / x̄², which a few calls
/// per replication make large); R is consistent as replications are added, however short they
/// are. Only replications with xᵢ > 0 count (n is their number).
///
/// Streaming and stable: Welford's running means and co-moments, from which
/// Σ (y − R·x)² = Cyy − 2R·Cxy + R²·Cxx exactly (since ȳ − R·x̄ = 0), with no Σy² − n·ȳ² to cancel.
/// With every xᵢ = 1 (a count) x̄ is 1 and Cxx, Cxy are 0 to the bit, so the estimate is exactly
/// [`Accumulator`]'s: the mean and Student's t interval.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RatioAccumulator {
    n: usize,
    /// Σx and Σy as plain sums (exact for counts), for the reports to show.
    sum_x: f64,
    sum_y: f64,
    mean_x: f64,
    mean_y: f64,
    /// Σ (x − x̄)², Σ (y − ȳ)², Σ (x − x̄)(y − ȳ) so far.
    cxx: f64,
    cyy: f64,
    cxy: f64,
}

impl RatioAccumulator {
    /// Folds a replication's numerator `y` and denominator `x`; left out unless `x` > 0 and both
    /// are finite.
    pub fn push(&mut self, y: f64, x: f64) {
        if !(x > 0.0 && x.is_finite() && y.is_finite()) {
            return;
        }
        self.n += 1;
        let n = self.n as f64;
        let dx = x - self.mean_x;
        self.mean_x += dx / n;
        let dy = y - self.mean_y;
        self.mean_y += dy / n;
        self.cxx += dx * (x - self.mean_x);
        self.cyy += dy * (y - self.mean_y);
        self.cxy += dx * (y - self.mean_y);
        self.sum_x += x;
        self.sum_y += y;
    }

    /// (Σy, Σx) over the replications folded.
    pub fn sums(&self) -> (f64, f64) {
        (self.sum_y, self.sum_x)
    }

    pub fn estimate(&self) -> Estimate {
        let n = self.n;
        if n == 0 {
            return Estimate { mean: f64::NAN, ci95: f64::NAN, n };
        }
        let ratio = self.mean_y / self.mean_x;
        if n == 1 {
            return Estimate { mean: ratio, ci95: f64::NAN, n };
        }
        let residuals = (self.cyy - 2.0 * ratio * self.cxy + ratio * ratio * self.cxx).max(0.0);
        let variance = residuals / (n - 1) as f64;
        Estimate { mean: ratio, ci95: t_975(n - 1) * (variance / n as f64).sqrt() / self.mean_x, n }
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

    fn pooled(pairs: &[(f64, f64)]) -> RatioAccumulator {
        let mut accumulator = RatioAccumulator::default();
        pairs.iter().for_each(|&(y, x)| accumulator.push(y, x));
        accumulator
    }

    #[test]
    fn ratio_estimate_by_hand() {
        // (y, x) = (1, 2), (3, 4), (0, 0), (2, 6): the third has no denominator and is left out,
        // n = 3. R = (1 + 3 + 2) / (2 + 4 + 6) = 0.5; x̄ = 4; residuals y − R·x = 0, 1, −1, so
        // s² = 2 / 2 = 1 and ci95 = t(0.975, 2) · √(1/3) / 4 = 4.302653 · 0.577350 / 4 = 0.621034.
        // (The mean of the ratios would be (0.5 + 0.75 + 0.333) / 3 = 0.528.)
        let e = pooled(&[(1.0, 2.0), (3.0, 4.0), (0.0, 0.0), (2.0, 6.0)]).estimate();
        assert_eq!((e.mean, e.n), (0.5, 3));
        assert!((e.ci95 - 0.621_034).abs() < 1e-6, "{}", e.ci95);
        assert_eq!(pooled(&[(1.0, 2.0), (3.0, 4.0), (0.0, 0.0), (2.0, 6.0)]).sums(), (6.0, 12.0));
        // Two replications: R = 4 / 6, x̄ = 3, residuals ∓1/3, s² = 2/9, ci95 = t(1) · √(1/9) / 3.
        let e = pooled(&[(1.0, 2.0), (3.0, 4.0)]).estimate();
        assert!((e.mean - 2.0 / 3.0).abs() < 1e-15);
        assert!((e.ci95 - t_975(1) / 9.0).abs() < 1e-12, "{}", e.ci95);
    }

    #[test]
    fn a_count_pooled_is_exactly_the_mean_and_student_t() {
        // Denominator 1: x̄ = 1 and Cxx = Cxy = 0 to the bit, so R and its interval are the
        // Student-t estimate of the values, bit for bit.
        let values = [17.0, 23.0, 19.0, 31.0, 0.0, 12.5, 1e9 + 0.25];
        let counts = pooled(&values.map(|v| (v, 1.0))).estimate();
        let mean = Estimate::of(values.into_iter());
        assert_eq!(
            (counts.mean.to_bits(), counts.ci95.to_bits(), counts.n),
            (mean.mean.to_bits(), mean.ci95.to_bits(), mean.n)
        );
    }

    #[test]
    fn ratio_accumulation_is_stable_far_from_zero() {
        // Sums near 1e9 with ratios spread by 1e-3: the two-pass residuals against the streamed ones.
        let pairs: Vec<(f64, f64)> =
            (0..200).map(|i| (1e9 * (0.8 + f64::from(i % 5) * 1e-3), 1e9 + f64::from(i % 3))).collect();
        let ratio = pairs.iter().map(|p| p.0).sum::<f64>() / pairs.iter().map(|p| p.1).sum::<f64>();
        let mean_x = pairs.iter().map(|p| p.1).sum::<f64>() / 200.0;
        let s2 = pairs.iter().map(|(y, x)| (y - ratio * x).powi(2)).sum::<f64>() / 199.0;
        let two_pass = t_975(199) * (s2 / 200.0).sqrt() / mean_x;
        let e = pooled(&pairs).estimate();
        assert!((e.mean - ratio).abs() < 1e-12, "{} vs {ratio}", e.mean);
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
