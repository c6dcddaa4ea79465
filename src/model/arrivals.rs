//! Arrival processes: Poisson with a constant rate, or with a rate that is constant within each
//! step of a daily profile (a piecewise-constant non-homogeneous Poisson process).
//!
//! The profile case is sampled exactly: draw an exponential gap at the current step's rate; if it
//! would cross into the next step, move to the step's boundary and draw again. Because the
//! exponential distribution is memoryless, this yields exactly the non-homogeneous process.

use rand_distr::{Distribution as _, Exp1};

use crate::time::{SimTime, micros};

use super::streams::Stream;

const DAY_MICROS: u64 = 86_400 * 1_000_000;

/// The arrival rate of one traffic entry over time.
#[derive(Debug, Clone)]
pub enum ArrivalRate {
    /// Calls per second, always.
    Constant(f64),
    /// Calls per second in each `step` of a day, repeating every day.
    Profile { step: u64, per_sec: Vec<f64> },
}

impl ArrivalRate {
    /// The first arrival strictly after `now`, or `None` if the rate is zero from `now` on.
    #[inline]
    pub fn next_after(&self, now: SimTime, rng: &mut Stream) -> Option<SimTime> {
        match self {
            ArrivalRate::Constant(rate) if *rate > 0.0 => {
                let gap: f64 = Exp1.sample(rng);
                Some(now.plus(micros(gap / rate).max(1)))
            }
            ArrivalRate::Constant(_) => None,
            ArrivalRate::Profile { step, per_sec } => {
                if per_sec.iter().all(|r| *r <= 0.0) {
                    return None;
                }
                let mut t = now;
                loop {
                    let index = (t.0 % DAY_MICROS / step) as usize;
                    let boundary = SimTime((t.0 / step + 1) * step);
                    let rate = per_sec[index % per_sec.len()];
                    if rate > 0.0 {
                        let gap: f64 = Exp1.sample(rng);
                        let at = t.plus(micros(gap / rate).max(1));
                        if at < boundary {
                            return Some(at);
                        }
                    }
                    t = boundary;
                }
            }
        }
    }

    /// The rate at instant `t`, in calls per second.
    pub fn at(&self, t: SimTime) -> f64 {
        match self {
            ArrivalRate::Constant(rate) => *rate,
            ArrivalRate::Profile { step, per_sec } => per_sec[(t.0 % DAY_MICROS / step) as usize % per_sec.len()],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::streams::{Source, stream};

    fn count(rate: &ArrivalRate, from: f64, to: f64) -> usize {
        let mut rng = stream(3, 0, Source::Arrivals, "3");
        let (mut t, end) = (SimTime::from_secs(from), SimTime::from_secs(to));
        let mut n = 0;
        while let Some(next) = rate.next_after(t, &mut rng) {
            if next >= end {
                break;
            }
            n += 1;
            t = next;
        }
        n
    }

    /// Poisson counts: 360 000 expected arrivals have a standard deviation of 600, so ±1 % (3600)
    /// is six standard deviations; the seed is fixed.
    #[test]
    fn constant_rate_gives_the_expected_count() {
        let n = count(&ArrivalRate::Constant(100.0 / 3600.0 * 100.0), 0.0, 3_600.0 * 36.0);
        assert!((n as f64 / 360_000.0 - 1.0).abs() < 0.01, "{n}");
    }

    /// A profile with a quiet half-day: no arrivals in the zero steps, the right count in the others
    /// (43 200 expected per 12 h at 1/s, std 208; ±2 % is four standard deviations).
    #[test]
    fn profile_rates_apply_step_by_step() {
        let rate = ArrivalRate::Profile { step: 12 * 3_600 * 1_000_000, per_sec: vec![0.0, 1.0] };
        assert_eq!(count(&rate, 0.0, 43_200.0), 0);
        let busy = count(&rate, 43_200.0, 86_400.0);
        assert!((busy as f64 / 43_200.0 - 1.0).abs() < 0.02, "{busy}");
        assert_eq!(count(&rate, 86_400.0, 86_400.0 + 43_200.0), 0, "the profile repeats on day 2");
        assert_eq!(rate.at(SimTime::from_secs(50_000.0)), 1.0);
        assert!(
            ArrivalRate::Constant(0.0).next_after(SimTime::ZERO, &mut stream(1, 0, Source::Arrivals, "1")).is_none()
        );
    }
}
