//! Day-to-day volume uncertainty (`[simulation] busyness`): each day's arrivals are Poisson at the
//! forecast rate times that day's factor F, so a day's count N is mixed Poisson with
//! E[N] = λT and Var[N] = λT + (λT)² Var[F] — against λT for Poisson at a known rate.

use callsim::sim::engine;
use callsim::sim::event::{Event, Projection};
use callsim::sim::time::SimTime;

use super::support::model;

/// Arrivals per simulated day.
#[derive(Default)]
struct Daily(Vec<f64>);

impl Projection for Daily {
    fn on(&mut self, t: SimTime, event: &Event) {
        if let Event::CallArrived { .. } = event {
            let day = t.day() as usize;
            if self.0.len() <= day {
                self.0.resize(day + 1, 0.0);
            }
            self.0[day] += 1.0;
        }
    }
}

/// 2000 days of 1000 calls a day to a queue with no agents (each call is released at once).
fn daily_counts(busyness: &str) -> Vec<f64> {
    let text = format!(
        r#"
[simulation]
horizon = "{}h"
seed = 5
{busyness}

[[skill_queue]]
name = "Q"

[[called_route]]
access_code = "1"
device = "queue:Q"

[[traffic]]
dialed = "1"
rate = "1000/d"
talk_time = {{ dist = "exponential", mean = "3m" }}
"#,
        2_000 * 24
    );
    let model = model(&text);
    engine::run(&model, 0, Daily::default()).0
}

fn mean_and_variance(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    (mean, xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0))
}

/// Over 2000 days the sample mean has a standard error of √(Var/2000) (4.5 calls with cv 0.2),
/// and the sample variance a relative one of about √((2 + κ)/2000) ≈ 3.3 % (κ, the excess
/// kurtosis of the count, is 0.24 here). The bounds, 2.5 % of the mean and 20 % of the
/// variance, are six standard errors or more; the seed is fixed, so the test cannot flake.
#[test]
fn a_gamma_busyness_makes_daily_volumes_vary_as_a_mixed_poisson() {
    let (mean, variance) = mean_and_variance(&daily_counts("busyness = { cv = 0.2 }"));
    assert!((mean / 1_000.0 - 1.0).abs() < 0.025, "mean {mean}");
    let expected = 1_000.0 + 1_000.0f64.powi(2) * 0.2 * 0.2; // 41 000
    assert!((variance / expected - 1.0).abs() < 0.2, "variance {variance}, expected {expected}");
}

#[test]
fn daily_factors_are_drawn_from_the_list() {
    // F is 0.5 or 1.5 with equal chance: Var[F] = 0.25, so Var[N] = 1000 + 10⁶ / 4.
    let counts = daily_counts("busyness = { factors = [0.5, 1.5] }");
    let (mean, variance) = mean_and_variance(&counts);
    assert!((mean / 1_000.0 - 1.0).abs() < 0.05, "mean {mean}");
    let expected = 1_000.0 + 250_000.0;
    assert!((variance / expected - 1.0).abs() < 0.2, "variance {variance}, expected {expected}");
    // Each day is one of two Poisson days: every count lies within 6 σ of 500 or of 1500.
    assert!(
        counts.iter().all(|&n| (n - 500.0).abs() < 6.0 * 500f64.sqrt() || (n - 1_500.0).abs() < 6.0 * 1_500f64.sqrt())
    );
}

#[test]
fn without_busyness_the_daily_volume_is_poisson() {
    // Var = mean = 1000; the sample variance's relative standard error is √(2/2000) ≈ 3.2 %.
    let counts = daily_counts("");
    assert_eq!(counts.len(), 2_000);
    let (mean, variance) = mean_and_variance(&counts);
    assert!((mean / 1_000.0 - 1.0).abs() < 0.01, "mean {mean}");
    assert!((variance / 1_000.0 - 1.0).abs() < 0.2, "variance {variance}");
}
