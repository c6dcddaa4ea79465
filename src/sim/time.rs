//! Simulated time: an integer count of microseconds since the start of the run (00:00 of day 1).
//!
//! Integers, not floats, so that simultaneous events are truly simultaneous and a run replays
//! bit for bit on any machine. Durations are sampled as `f64` seconds and rounded once, here.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Microseconds per second.
pub const MICROS_PER_SEC: u64 = 1_000_000;

/// An instant of simulated time, in microseconds since the start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SimTime(pub u64);

impl SimTime {
    /// The start of the simulation.
    pub const ZERO: SimTime = SimTime(0);
    /// Later than any event (an unset deadline).
    pub const NEVER: SimTime = SimTime(u64::MAX);

    /// `secs` seconds after the start, rounded to the nearest microsecond.
    pub fn from_secs(secs: f64) -> SimTime {
        SimTime(micros(secs))
    }

    /// Seconds since the start.
    pub fn secs(self) -> f64 {
        self.0 as f64 / MICROS_PER_SEC as f64
    }

    /// This instant plus `micros` microseconds, saturating at [`SimTime::NEVER`].
    pub fn plus(self, micros: u64) -> SimTime {
        SimTime(self.0.saturating_add(micros))
    }

    /// Microseconds from `earlier` to `self` (0 if `earlier` is later).
    pub fn since(self, earlier: SimTime) -> u64 {
        self.0.saturating_sub(earlier.0)
    }
}

/// `secs` seconds as whole microseconds: rounded, negative and NaN as 0, saturating.
pub fn micros(secs: f64) -> u64 {
    let us = (secs * MICROS_PER_SEC as f64).round();
    if us >= u64::MAX as f64 {
        u64::MAX
    } else if us > 0.0 {
        us as u64
    } else {
        0
    }
}

impl fmt::Display for SimTime {
    /// `HH:MM:SS.s` from the start, with a day prefix after the first day: `d2 03:04:05.6`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tenths = self.0 / 100_000;
        let (day, rest) = (tenths / 864_000, tenths % 864_000);
        if day > 0 {
            write!(f, "d{} ", day + 1)?;
        }
        write!(f, "{}.{}", crate::input::scenario::clock_with_seconds(rest / 10), rest % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_round_to_the_nearest_microsecond() {
        assert_eq!(micros(1.5), 1_500_000);
        assert_eq!(micros(0.000_000_4), 0);
        assert_eq!(micros(0.000_000_6), 1);
        assert_eq!(micros(-3.0), 0);
        assert_eq!(micros(f64::NAN), 0);
        assert_eq!(micros(1e30), u64::MAX);
        assert_eq!(SimTime(5).plus(u64::MAX), SimTime::NEVER);
    }

    #[test]
    fn displays_as_a_clock() {
        assert_eq!(SimTime::from_secs(43_323.25).to_string(), "12:02:03.2");
        assert_eq!(SimTime::from_secs(86_400.0 + 61.0).to_string(), "d2 00:01:01.0");
    }
}
