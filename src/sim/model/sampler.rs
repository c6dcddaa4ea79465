//! Samplers: the compiled form of a scenario's distributions, drawing durations in microseconds.
//!
//! An enum rather than `Box<dyn Distribution>`: the engine draws millions of durations per second,
//! and a `match` on a small enum inlines where a virtual call cannot.

use rand::RngExt;
use rand_distr::{Distribution as _, Exp, Gamma, LogNormal};

use crate::input::scenario::{Distribution, Duration, EmpiricalError};
use crate::sim::time::SimDuration;

use super::streams::Stream;

/// The most draws [`Sampler::residual`] makes.
pub const RESIDUAL_DRAWS: usize = 10_000;

/// A distribution of durations, ready to draw from.
#[derive(Debug, Clone)]
pub enum Sampler {
    Exponential(Exp<f64>),
    Deterministic(SimDuration),
    /// Uniform between two lengths, to the microsecond (inclusive bounds).
    Uniform {
        min: SimDuration,
        max: SimDuration,
    },
    LogNormal(LogNormal<f64>),
    /// Gamma, and Erlang-k as the gamma with integer shape k.
    Gamma(Gamma<f64>),
    /// Observed values, drawn uniformly.
    Empirical(Vec<SimDuration>),
}

/// Why a distribution cannot be compiled (validation reports these first; this is the backstop).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SamplerError(String);

impl Sampler {
    /// Compiles `dist`; `empirical` supplies the values of an empirical distribution given by file.
    pub fn new(
        dist: &Distribution,
        empirical: impl FnOnce(&str) -> Result<Vec<Duration>, EmpiricalError>,
    ) -> Result<Self, SamplerError> {
        let bad = |e: &dyn std::fmt::Display| SamplerError(format!("{dist:?}: {e}"));
        Ok(match dist {
            Distribution::Exponential { mean } => {
                Sampler::Exponential(Exp::new(1.0 / mean.secs()).map_err(|e| bad(&e))?)
            }
            Distribution::Deterministic { value } => Sampler::Deterministic(SimDuration::from_secs(value.secs())),
            Distribution::Uniform { min, max } => {
                Sampler::Uniform { min: SimDuration::from_secs(min.secs()), max: SimDuration::from_secs(max.secs()) }
            }
            Distribution::Lognormal { mean, cv } => {
                Sampler::LogNormal(LogNormal::from_mean_cv(mean.secs(), *cv).map_err(|e| bad(&e))?)
            }
            Distribution::Gamma { mean, cv } => {
                let shape = 1.0 / (cv * cv);
                Sampler::Gamma(Gamma::new(shape, mean.secs() / shape).map_err(|e| bad(&e))?)
            }
            Distribution::Erlang { mean, k } => {
                let k = *k as f64;
                Sampler::Gamma(Gamma::new(k, mean.secs() / k).map_err(|e| bad(&e))?)
            }
            Distribution::Empirical { values: Some(values), .. } => {
                Sampler::Empirical(values.iter().map(|v| SimDuration::from_secs(v.secs())).collect())
            }
            Distribution::Empirical { file: Some(file), .. } => {
                let values = empirical(file).map_err(|e| bad(&e))?;
                Sampler::Empirical(values.into_iter().map(|v| SimDuration::from_secs(v.secs())).collect())
            }
            Distribution::Empirical { .. } => {
                return Err(SamplerError("an empirical distribution needs values or a file".into()));
            }
        })
    }

    /// One duration.
    #[inline]
    pub fn sample(&self, rng: &mut Stream) -> SimDuration {
        match self {
            Sampler::Exponential(d) => SimDuration::from_secs(d.sample(rng)),
            Sampler::Deterministic(v) => *v,
            Sampler::Uniform { min, max } => SimDuration(rng.random_range(min.0..=max.0)),
            Sampler::LogNormal(d) => SimDuration::from_secs(d.sample(rng)),
            Sampler::Gamma(d) => SimDuration::from_secs(d.sample(rng)),
            Sampler::Empirical(values) => values[rng.random_range(0..values.len())],
        }
    }

    /// What is left of a duration that has already lasted `elapsed` (a talk or a wait in
    /// progress at a warm start): a draw given that it exceeds `elapsed`, less `elapsed`. The
    /// exponential is memoryless, so that is a fresh draw; a constant has `v − elapsed` left;
    /// any other distribution is drawn until a value exceeds `elapsed`, at most
    /// [`RESIDUAL_DRAWS`] times, and nothing is left when none does (`elapsed` is then far in
    /// the distribution's tail).
    pub fn residual(&self, elapsed: SimDuration, rng: &mut Stream) -> SimDuration {
        match self {
            Sampler::Exponential(_) => self.sample(rng),
            Sampler::Deterministic(v) => v.saturating_sub(elapsed),
            _ => (0..RESIDUAL_DRAWS)
                .map(|_| self.sample(rng))
                .find(|&draw| draw > elapsed)
                .map_or(SimDuration::ZERO, |draw| draw.saturating_sub(elapsed)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    fn sampler(dist: Distribution) -> Sampler {
        Sampler::new(&dist, |_| Err(EmpiricalError::Unreadable("no files here".into()))).unwrap()
    }

    /// Sample means over 200 000 draws lie within 1 % of the configured mean: for cv ≤ 1.1 the
    /// standard error is at most 1.1 / √200000 ≈ 0.25 % of the mean, so 1 % is four standard
    /// errors; the seed is fixed, so the check is deterministic.
    #[test]
    fn every_sampler_draws_with_the_configured_mean() {
        let mean = Duration::from_secs(180.0);
        for dist in [
            Distribution::Exponential { mean },
            Distribution::Deterministic { value: mean },
            Distribution::Uniform { min: Duration::from_secs(60.0), max: Duration::from_secs(300.0) },
            Distribution::Lognormal { mean, cv: 1.1 },
            Distribution::Gamma { mean, cv: 0.5 },
            Distribution::Erlang { mean, k: 3 },
            Distribution::Empirical {
                values: Some(vec![Duration::from_secs(120.0), Duration::from_secs(240.0)]),
                file: None,
            },
        ] {
            let s = sampler(dist.clone());
            let mut rng = super::super::streams::stream(7, 0, super::super::streams::Source::Arrivals, "7");
            let n = 200_000;
            let total: f64 = (0..n).map(|_| s.sample(&mut rng).secs()).sum();
            let observed = total / n as f64;
            assert!((observed / 180.0 - 1.0).abs() < 0.01, "{dist:?}: sample mean {observed}");
        }
    }
}
